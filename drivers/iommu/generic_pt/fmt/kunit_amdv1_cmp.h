/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * amdv1_cmp_test: the same operations on 6.12's AMD v1 io_pgtable
 * (alloc_io_pgtable_ops(AMD_IOMMU_V1)) and on the generic AMD v1 table
 * must build identical tables, entry by entry, and translate alike.
 *
 * Deliberate differences: only those every compare suite accepts, see
 * kunit_iommu_cmp.h. The leaves are bit for bit the same.
 */
#ifndef __GENERIC_PT_KUNIT_AMDV1_CMP_H
#define __GENERIC_PT_KUNIT_AMDV1_CMP_H

#include "kunit_amd_old.h"
#include "../kunit_iommu_cmp.h"

static const struct kunit_pt_cfg kcmp_amdv1_cfgs[] = {
	/* The configuration the AMD driver uses, as 6.12 starts: 3 levels */
	AMDV1_KUNIT_CFG("amd_driver",
			AMDV1_DYN | BIT(PT_FEAT_AMDV1_FORCE_COHERENCE), 64, 2),
};

KUNIT_ARRAY_PARAM(kcmp_amdv1, kcmp_amdv1_cfgs, kunit_pt_gen_desc);

/* The old side's state: a v1 protection domain holding the io_pgtable */
static struct protection_domain *kcmp_amdv1_pdom(struct kcmp_state *st)
{
	return st->fmt;
}

static int kcmp_amdv1_old_init(struct kunit *test, struct kcmp_state *st)
{
	struct protection_domain *pdom;

	pdom = kunit_kzalloc(test, sizeof(*pdom), GFP_KERNEL);
	if (!pdom)
		return -ENOMEM;
	st->fmt = pdom;
	/* The pointer bits of a PDE; the C-bit is compared */
	st->table_ptr_mask = AMDV1PT_FMT_OA & ~__sme_set(0ULL);
	st->old_cfg = &pdom->iop.pgtbl.cfg;
	st->old = kunit_amd_old_init(pdom, AMD_IOMMU_V1, PD_MODE_V1);
	return 0;
}

static struct pt_table_p *kcmp_amdv1_old_top(struct kcmp_state *st,
					     unsigned int *level)
{
	*level = kcmp_amdv1_pdom(st)->iop.mode - 1;
	return (struct pt_table_p *)kcmp_amdv1_pdom(st)->iop.root;
}

static int kcmp_amdv1_old_prot(struct kcmp_state *st, int prot)
{
	return kunit_amd_old_prot(prot);
}

static bool kcmp_amdv1_leaf_same(struct kcmp_state *st, u64 old_entry,
				 u64 new_entry, int prot)
{
	return old_entry == new_entry;
}

static const struct kcmp_old kcmp_amdv1_old = {
	.init = kcmp_amdv1_old_init,
	.top = kcmp_amdv1_old_top,
	.prot = kcmp_amdv1_old_prot,
	.leaf_same = kcmp_amdv1_leaf_same,
};

static int kcmp_amdv1_init(struct kunit *test)
{
	return kcmp_init(test, &kcmp_amdv1_old);
}

/* The top grows to 4, 5 and 6 levels alike */
static void test_cmp_top_growth(struct kunit *test)
{
	struct kcmp_state *st = test->priv;
	static const u64 vas[] = { 0, 1ULL << 39, 1ULL << 48, 1ULL << 57,
				   1ULL << 63 };
	u64 probes[ARRAY_SIZE(vas)];
	unsigned int i;

	for (i = 0; i != ARRAY_SIZE(vas); i++) {
		struct pt_iommu_amdv1_hw_info info;
		struct pt_range range;

		kcmp_map(test, st, vas[i], SZ_1M * (i + 1), SZ_4K,
			 IOMMU_READ | IOMMU_WRITE);
		probes[i] = vas[i] + 0x123;
		kcmp_check(test, st, probes, i + 1);
		/* What the DTE gets: the top table and the mode 6.12 uses */
		pt_iommu_amdv1_hw_info(&st->priv->fmt_table, &info);
		range = pt_top_range(st->priv->common);
		KUNIT_EXPECT_EQ(test, info.mode, kcmp_amdv1_pdom(st)->iop.mode);
		KUNIT_EXPECT_EQ(test, info.host_pt_root,
				(u64)virt_to_phys(range.top_table));
	}
}

static struct kunit_case kcmp_amdv1_test_cases[] = {
	KUNIT_CASE_PARAM(test_cmp_pgsizes, kcmp_amdv1_gen_params),
	KUNIT_CASE_PARAM(test_cmp_every_size, kcmp_amdv1_gen_params),
	KUNIT_CASE_PARAM(test_cmp_prot, kcmp_amdv1_gen_params),
	KUNIT_CASE_PARAM(test_cmp_over_empty, kcmp_amdv1_gen_params),
	KUNIT_CASE_PARAM(test_cmp_random, kcmp_amdv1_gen_params),
	KUNIT_CASE_PARAM(test_cmp_top_growth, kcmp_amdv1_gen_params),
	{}
};

static struct kunit_suite amdv1_cmp_test = {
	.name = "amdv1_cmp_test",
	.init = kcmp_amdv1_init,
	.exit = kcmp_exit,
	.test_cases = kcmp_amdv1_test_cases,
};

kunit_test_suites(&amdv1_cmp_test);

#endif
