/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * x86_64_vtd_cmp_test: the same operations on 6.12's VT-d first level page
 * table (a domain of intel_iommu_ops with use_first_level, see
 * kunit_vtd_old.h) and on the generic x86-64 table must build identical
 * tables, entry by entry, and translate alike. Configurations: 4 and 5
 * levels (agaw 2 and 3) with the width they reach (gaw 48 and 57) or a
 * narrower MGAW (gaw 39 and 48), with first level 1 GiB pages (FL1GP),
 * coherent, over the lower half that 6.12's first level aperture allows
 * (gaw - 1 bits).
 *
 * Deliberate differences, accepted by the comparison where the rule says
 * and nowhere else, besides those every compare suite accepts
 * (kunit_iommu_cmp.h). The table memory has none: 6.12's first level leaves
 * are P | U/S | A, plus R/W | D when writable, plus PS, as the generic
 * ones, and its table entries P | R/W | U/S | A (kcmp_x86_64_vtd_leaf_same()).
 *  - 6.12's unmap claims 2 MiB or 1 GiB "unmapped" at an empty upper entry,
 *    and started inside a superpage it walks into the superpage's data page
 *    as if it were a table; the generic unmap stops at a hole and never
 *    splits a leaf. The sequences here unmap only whole earlier maps.
 *  - 6.12 has no dirty tracking on the first level (domain_alloc_user()
 *    refuses it): there is nothing to compare the D bit harvest with.
 */
#ifndef __GENERIC_PT_KUNIT_X86_64_VTD_CMP_H
#define __GENERIC_PT_KUNIT_X86_64_VTD_CMP_H

#include "kunit_vtd_old.h"
#include "../kunit_iommu_cmp.h"

static const struct kunit_pt_cfg kcmp_x86_64_vtd_cfgs[] = {
	/* 6.12's first level aperture: the lower half, gaw - 1 bits */
	X86_64_KUNIT_CFG("vtd_fl_l4", X86_64_FLUSH, 47, 3),
	X86_64_KUNIT_CFG("vtd_fl_l5", X86_64_FLUSH, 56, 4),
	/* An MGAW below what the levels reach: gaw 39 and 48 */
	X86_64_KUNIT_CFG("vtd_fl_l4_gaw39", X86_64_FLUSH, 38, 3),
	X86_64_KUNIT_CFG("vtd_fl_l5_gaw48", 0, 47, 4),
};

KUNIT_ARRAY_PARAM(kcmp_x86_64_vtd, kcmp_x86_64_vtd_cfgs, kunit_pt_gen_desc);

/* The 6.12 first level domain the hardware of the cfg would give */
static int kcmp_x86_64_vtd_old_init(struct kunit *test, struct kcmp_state *st)
{
	struct kunit_vtd_old_cfg old = {
		.levels = st->priv->cfg->cfg.top_level + 1,
		/* The aperture is the lower half of the guest address width */
		.gaw = st->priv->common->max_vasz_lg2 + 1,
		.first_level = true,
		/* cap_fl1gp_support() */
		.superpage = 2,
	};

	st->table_ptr_mask = X86_64PT_FMT_OA;
	st->old_domain = kunit_vtd_old_alloc(&old);
	return 0;
}

static struct pt_table_p *kcmp_x86_64_vtd_old_top(struct kcmp_state *st,
						  unsigned int *level)
{
	return kunit_vtd_old_top(st->old_domain, level);
}

/* 6.12 takes IOMMU_* prot */
static int kcmp_x86_64_vtd_old_prot(struct kcmp_state *st, int prot)
{
	return prot;
}

static bool kcmp_x86_64_vtd_leaf_same(struct kcmp_state *st, u64 old_entry,
				      u64 new_entry, int prot)
{
	return old_entry == new_entry;
}

static const struct kcmp_old kcmp_x86_64_vtd_old = {
	.init = kcmp_x86_64_vtd_old_init,
	.top = kcmp_x86_64_vtd_old_top,
	.prot = kcmp_x86_64_vtd_old_prot,
	.leaf_same = kcmp_x86_64_vtd_leaf_same,
};

static int kcmp_x86_64_vtd_init(struct kunit *test)
{
	return kcmp_init(test, &kcmp_x86_64_vtd_old);
}

/*
 * What a scalable mode PASID entry gets from 6.12 for this domain: the
 * first level table pointer and 5-level paging (FL5LP) for agaw 3; and the
 * aperture 6.12 gives a first level domain
 */
static void test_cmp_x86_64_vtd_hw_info(struct kunit *test)
{
	struct kcmp_state *st = test->priv;
	struct pt_iommu_x86_64_hw_info info;
	unsigned int level;

	kunit_vtd_old_top(st->old_domain, &level);
	pt_iommu_x86_64_hw_info(&st->priv->fmt_table, &info);
	KUNIT_EXPECT_EQ(test, info.gcr3_pt,
			(u64)virt_to_phys(pt_top_range(st->priv->common).top_table));
	/* 4 or 5 level paging: FL5LP for agaw 3 */
	KUNIT_EXPECT_EQ(test, info.levels,
			kunit_vtd_old_agaw(st->old_domain) == 3 ? 5 : 4);
	KUNIT_EXPECT_EQ(test, info.levels, level + 1);
	KUNIT_EXPECT_EQ(test, (u64)st->priv->domain.geometry.aperture_start,
			(u64)st->old_domain->geometry.aperture_start);
	KUNIT_EXPECT_EQ(test, (u64)st->priv->domain.geometry.aperture_end,
			(u64)st->old_domain->geometry.aperture_end);
}

static struct kunit_case kcmp_x86_64_vtd_test_cases[] = {
	KUNIT_CASE_PARAM(test_cmp_pgsizes, kcmp_x86_64_vtd_gen_params),
	KUNIT_CASE_PARAM(test_cmp_every_size, kcmp_x86_64_vtd_gen_params),
	KUNIT_CASE_PARAM(test_cmp_prot, kcmp_x86_64_vtd_gen_params),
	KUNIT_CASE_PARAM(test_cmp_over_empty, kcmp_x86_64_vtd_gen_params),
	KUNIT_CASE_PARAM(test_cmp_random, kcmp_x86_64_vtd_gen_params),
	KUNIT_CASE_PARAM(test_cmp_far, kcmp_x86_64_vtd_gen_params),
	KUNIT_CASE_PARAM(test_cmp_x86_64_vtd_hw_info,
			 kcmp_x86_64_vtd_gen_params),
	{}
};

static struct kunit_suite x86_64_vtd_cmp_test = {
	.name = "x86_64_vtd_cmp_test",
	.init = kcmp_x86_64_vtd_init,
	.exit = kcmp_exit,
	.test_cases = kcmp_x86_64_vtd_test_cases,
};

kunit_test_suites(&x86_64_vtd_cmp_test);

#endif
