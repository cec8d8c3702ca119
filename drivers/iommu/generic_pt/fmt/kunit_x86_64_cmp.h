/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * x86_64_cmp_test: the same operations on 6.12's AMD v2 io_pgtable
 * (alloc_io_pgtable_ops(AMD_IOMMU_V2)) and on the generic x86-64 table
 * must build identical tables, entry by entry, and translate alike.
 *
 * The v2 code takes its number of levels from the global
 * amd_iommu_gpt_level, which the AMD driver sets at boot; each test sets it
 * to the levels of its configuration and puts it back at exit. No AMD
 * IOMMU is in use while KUnit runs.
 *
 * Deliberate differences, accepted by the comparison where the rule says
 * and nowhere else (see kcmp_fmt_leaf_same()), besides those every compare
 * suite accepts (kunit_iommu_cmp.h):
 *  - D is pre-set on writable leaves only; 6.12 sets it on every leaf. A
 *    read-only leaf cannot be dirtied by DMA and must not read as dirty to
 *    dirty tracking. Accepted: D on the old leaf of a map without
 *    IOMMU_WRITE.
 *  - the SME C-bit is never set in IOMMU_MMIO leaves; 6.12 sets it in
 *    every leaf, which makes the IOMMU access MMIO as encrypted memory.
 *    Accepted: the C-bit on the old leaf of a map with IOMMU_MMIO.
 *  - 6.12's unmap clears a whole large leaf when it starts inside it, and
 *    counts a missing 4 KiB leaf under a present table as unmapped; the
 *    generic unmap removes nothing in the first case and stops in the
 *    second. The sequences here unmap only whole earlier maps.
 */
#ifndef __GENERIC_PT_KUNIT_X86_64_CMP_H
#define __GENERIC_PT_KUNIT_X86_64_CMP_H

#include "kunit_amd_old.h"
#include "../kunit_iommu_cmp.h"

/**
 * struct kcmp_amdv2 - the old side of x86_64_cmp_test
 * @pdom: a v2 protection domain holding the 6.12 io_pgtable
 * @saved_gpt_level: amd_iommu_gpt_level before the test
 * @gpt_level_set: amd_iommu_gpt_level is the test's and must be put back
 */
struct kcmp_amdv2 {
	struct protection_domain *pdom;
	int saved_gpt_level;
	bool gpt_level_set;
};

static struct kcmp_amdv2 *kcmp_amdv2(struct kcmp_state *st)
{
	return st->fmt;
}

#define X86_64_CMP_CFG(_name, _features, _vasz, _top)                      \
	X86_64_KUNIT_CFG(_name, X86_64_SME | X86_64_FLUSH | (_features),   \
			 _vasz, _top)

static const struct kunit_pt_cfg kcmp_amdv2_cfgs[] = {
	/* What the AMD driver uses: 6.12's aperture, the lower half */
	X86_64_CMP_CFG("amdv2_l4", 0, 47, 3),
	X86_64_CMP_CFG("amdv2_l5", 0, 56, 4),
	/* Sign extended: the upper half lands where 6.12 indexes it */
	X86_64_CMP_CFG("amdv2_l4_se", X86_64_SE, 48, 3),
	X86_64_CMP_CFG("amdv2_l5_se", X86_64_SE, 57, 4),
};

KUNIT_ARRAY_PARAM(kcmp_amdv2, kcmp_amdv2_cfgs, kunit_pt_gen_desc);

static int kcmp_amdv2_old_init(struct kunit *test, struct kcmp_state *st)
{
	struct kcmp_amdv2 *amd;

	amd = kunit_kzalloc(test, sizeof(*amd), GFP_KERNEL);
	if (!amd)
		return -ENOMEM;
	amd->pdom = kunit_kzalloc(test, sizeof(*amd->pdom), GFP_KERNEL);
	if (!amd->pdom)
		return -ENOMEM;
	st->fmt = amd;
	/*
	 * The pointer bits of a table entry. Not X86_64PT_FMT_OA's C-bit: this
	 * file sees a made up one (see kunit_x86_64.c), both tables carry the
	 * real one and it is compared.
	 */
	st->table_ptr_mask = X86_64PT_FMT_OA & ~kx86_sme_set(0ULL);
	/* v2 reads the levels at alloc time (ias) and in every op */
	amd->saved_gpt_level = amd_iommu_gpt_level;
	amd->gpt_level_set = true;
	amd_iommu_gpt_level = st->priv->cfg->cfg.top_level + 1;
	st->old_cfg = &amd->pdom->iop.pgtbl.cfg;
	st->old = kunit_amd_old_init(amd->pdom, AMD_IOMMU_V2, PD_MODE_V2);
	return 0;
}

static void kcmp_amdv2_old_exit(struct kcmp_state *st)
{
	if (kcmp_amdv2(st) && kcmp_amdv2(st)->gpt_level_set)
		amd_iommu_gpt_level = kcmp_amdv2(st)->saved_gpt_level;
}

static struct pt_table_p *kcmp_amdv2_old_top(struct kcmp_state *st,
					     unsigned int *level)
{
	*level = amd_iommu_gpt_level - 1;
	return (struct pt_table_p *)kcmp_amdv2(st)->pdom->iop.pgd;
}

static int kcmp_amdv2_old_prot(struct kcmp_state *st, int prot)
{
	return kunit_amd_old_prot(prot);
}

/*
 * The deliberate differences in the leaves, see the top of this file: the
 * bits 6.12 sets and the generic code must not, on the leaves they are
 * about
 */
static bool kcmp_amdv2_leaf_same(struct kcmp_state *st, u64 old_entry,
				 u64 new_entry, int prot)
{
	u64 only_old = 0;

	if (!(prot & IOMMU_WRITE))
		only_old |= X86_64PT_FMT_D;
	if (prot & IOMMU_MMIO)
		only_old |= kx86_sme_set(0ULL);
	return !(new_entry & only_old) &&
	       old_entry == (new_entry | only_old);
}

static const struct kcmp_old kcmp_amdv2_old = {
	.init = kcmp_amdv2_old_init,
	.exit = kcmp_amdv2_old_exit,
	.top = kcmp_amdv2_old_top,
	.prot = kcmp_amdv2_old_prot,
	.leaf_same = kcmp_amdv2_leaf_same,
};

static int kcmp_amdv2_init(struct kunit *test)
{
	return kcmp_init(test, &kcmp_amdv2_old);
}

/*
 * What the GCR3 table and the DTE get, and the aperture, as 6.12 sets
 * them up for a v2 domain
 */
static void test_cmp_amdv2_hw_info(struct kunit *test)
{
	struct kcmp_state *st = test->priv;
	struct pt_range range = pt_top_range(st->priv->common);
	struct pt_iommu_x86_64_hw_info info;

	pt_iommu_x86_64_hw_info(&st->priv->fmt_table, &info);
	/* 6.12 puts iommu_virt_to_phys(pgd) in GCR3 entry 0 */
	KUNIT_EXPECT_EQ(test, info.gcr3_pt,
			(u64)iommu_virt_to_phys(range.top_table));
	KUNIT_EXPECT_EQ(test, (u64)iommu_virt_to_phys(range.top_table) &
				      ~PAGE_MASK, 0);
	/* and sets the DTE's guest levels from amd_iommu_gpt_level */
	KUNIT_EXPECT_EQ(test, info.levels, amd_iommu_gpt_level);
	/* 6.12's dma_max_address() for v2 */
	KUNIT_EXPECT_EQ(test, (u64)st->priv->domain.geometry.aperture_end,
			(1ULL << (PM_LEVEL_SHIFT(amd_iommu_gpt_level) - 1)) - 1);
	KUNIT_EXPECT_EQ(test, (u64)st->priv->domain.geometry.aperture_start,
			0);
}

static struct kunit_case kcmp_amdv2_test_cases[] = {
	KUNIT_CASE_PARAM(test_cmp_pgsizes, kcmp_amdv2_gen_params),
	KUNIT_CASE_PARAM(test_cmp_every_size, kcmp_amdv2_gen_params),
	KUNIT_CASE_PARAM(test_cmp_prot, kcmp_amdv2_gen_params),
	KUNIT_CASE_PARAM(test_cmp_over_empty, kcmp_amdv2_gen_params),
	KUNIT_CASE_PARAM(test_cmp_random, kcmp_amdv2_gen_params),
	KUNIT_CASE_PARAM(test_cmp_amdv2_hw_info, kcmp_amdv2_gen_params),
	KUNIT_CASE_PARAM(test_cmp_far, kcmp_amdv2_gen_params),
	{}
};

static struct kunit_suite x86_64_cmp_test = {
	.name = "x86_64_cmp_test",
	.init = kcmp_amdv2_init,
	.exit = kcmp_exit,
	.test_cases = kcmp_amdv2_test_cases,
};

kunit_test_suites(&x86_64_cmp_test);

#endif
