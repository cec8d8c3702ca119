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

/**
 * struct kcmp_fmt - the old side of amdv1_cmp_test
 * @pdom: a v1 protection domain holding the 6.12 io_pgtable
 */
struct kcmp_fmt {
	struct protection_domain *pdom;
};

/* The pointer bits of a PDE; the C-bit is compared */
#define KCMP_TABLE_PTR_MASK (AMDV1PT_FMT_OA & ~__sme_set(0ULL))

#include "../kunit_iommu_cmp.h"

static const struct kunit_pt_cfg kcmp_cfgs[] = {
	/* The configuration the AMD driver uses, as 6.12 starts: 3 levels */
	AMDV1_KUNIT_CFG("amd_driver",
			AMDV1_DYN | BIT(PT_FEAT_AMDV1_FORCE_COHERENCE), 64, 2),
};

KUNIT_ARRAY_PARAM(kcmp, kcmp_cfgs, kunit_pt_gen_desc);

static int kcmp_fmt_init(struct kunit *test, struct kcmp_state *st)
{
	struct protection_domain *pdom;

	pdom = kunit_kzalloc(test, sizeof(*pdom), GFP_KERNEL);
	if (!pdom)
		return -ENOMEM;
	st->fmt.pdom = pdom;
	st->old_cfg = &pdom->iop.pgtbl.cfg;
	st->old = kunit_amd_old_init(pdom, AMD_IOMMU_V1, PD_MODE_V1);
	return 0;
}

static void kcmp_fmt_exit(struct kcmp_state *st)
{
}

static struct pt_table_p *kcmp_fmt_old_top(struct kcmp_state *st,
					   unsigned int *level)
{
	*level = st->fmt.pdom->iop.mode - 1;
	return (struct pt_table_p *)st->fmt.pdom->iop.root;
}

static int kcmp_fmt_old_prot(int prot)
{
	return kunit_amd_old_prot(prot);
}

static bool kcmp_fmt_leaf_same(struct kcmp_state *st, u64 old_entry,
			       u64 new_entry, int prot)
{
	return old_entry == new_entry;
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
		KUNIT_EXPECT_EQ(test, info.mode, st->fmt.pdom->iop.mode);
		KUNIT_EXPECT_EQ(test, info.host_pt_root,
				(u64)virt_to_phys(range.top_table));
	}
}

static struct kunit_case kcmp_test_cases[] = {
	KUNIT_CASE_PARAM(test_cmp_pgsizes, kcmp_gen_params),
	KUNIT_CASE_PARAM(test_cmp_every_size, kcmp_gen_params),
	KUNIT_CASE_PARAM(test_cmp_prot, kcmp_gen_params),
	KUNIT_CASE_PARAM(test_cmp_over_empty, kcmp_gen_params),
	KUNIT_CASE_PARAM(test_cmp_random, kcmp_gen_params),
	KUNIT_CASE_PARAM(test_cmp_top_growth, kcmp_gen_params),
	{}
};

static struct kunit_suite amdv1_cmp_test = {
	.name = "amdv1_cmp_test",
	.init = kcmp_init,
	.exit = kcmp_exit,
	.test_cases = kcmp_test_cases,
};

kunit_test_suites(&amdv1_cmp_test);

#endif
