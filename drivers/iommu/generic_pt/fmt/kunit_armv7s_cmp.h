/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * armv7s_cmp_test: the same operations on 6.12's io-pgtable-arm-v7s
 * (alloc_io_pgtable_ops() of ARM_V7S, with 4 KiB, 64 KiB, 1 MiB and 16 MiB
 * in pgsize_bitmap, as mtk_iommu and arm-smmu ask for them) and on the
 * generic armv7s table must build identical tables, item by item at both
 * levels, and translate alike. The old table is driven as its drivers
 * drive it: the IOMMU_* prot unchanged, ranges split into (pgsize,
 * pgcount) calls as the 6.12 iommu core splits them. Both walk coherently
 * (cfg.coherent_walk).
 *
 * Deliberate differences, besides those every compare suite accepts
 * (kunit_iommu_cmp.h). The table memory has none: sections,
 * supersections, small and large pages and table descriptors are bit for
 * bit the same.
 *  - 6.12's unmap splits a section or a supersection or large page when
 *    the unmap starts inside it or is smaller than it (rewriting 16 live
 *    items, or a live section into a table, without break-before-make),
 *    and never frees a level 2 table that unmap emptied; the generic unmap
 *    never splits a leaf and frees emptied tables. The sequences here
 *    unmap only whole earlier maps.
 *  - a level 2 table is 1 KiB from a DMA32 kmem_cache in 6.12 and a whole
 *    4 KiB DMA32 page here (the gather freelist links table pages through
 *    page->lru): four times the memory per level 2 table, as many tables.
 *  - the top is always 16 KiB, 16 KiB aligned; 6.12 allocates it with the
 *    size of the IAS's items, a single page for an IAS below 31, whose
 *    alignment TTBR0 with TTBCR.N = 0 does not promise to honour. The
 *    configurations here have IASes of 26 and above.
 *  - 6.12 offers supersections only when the driver's pgsize_bitmap has
 *    SZ_16M; every 6.12 user's has, and the generic table always does
 *    where the top has 16 items (an IAS of 24 and above).
 *  - IO_PGTABLE_QUIRK_NO_PERMS and the MediaTek quirks (ARM_MTK_EXT,
 *    ARM_MTK_TTBR_EXT) are not supported; no configuration here uses
 *    them.
 */
#ifndef __GENERIC_PT_KUNIT_ARMV7S_CMP_H
#define __GENERIC_PT_KUNIT_ARMV7S_CMP_H

#include <linux/device.h>

#include "../kunit_iommu_cmp.h"

static const struct kunit_pt_cfg kcmp_armv7s_cfgs[] = {
	ARMV7S_KUNIT_CFG("ias32_oas32", ARMV7S_FLUSH, 32, 32),
	ARMV7S_KUNIT_CFG("ias32_oas32_ns", ARMV7S_FLUSH | ARMV7S_NS, 32, 32),
	/*
	 * A top of 1024 and of 64 items (test_cmp_random needs a window
	 * above the 48 MiB its largest maps take)
	 */
	ARMV7S_KUNIT_CFG("ias30_oas32", ARMV7S_FLUSH, 30, 32),
	ARMV7S_KUNIT_CFG("ias26_oas31_ns", ARMV7S_FLUSH | ARMV7S_NS, 26, 31),
};

KUNIT_ARRAY_PARAM(kcmp_armv7s, kcmp_armv7s_cfgs, kunit_pt_gen_desc);

/**
 * struct kcmp_armv7s - the old side of armv7s_cmp_test
 * @cfg: the io_pgtable_cfg, as alloc_io_pgtable_ops() left it
 * @dev: stands in for the IOMMU device 6.12 reports errors against
 */
struct kcmp_armv7s {
	struct io_pgtable_cfg cfg;
	struct device dev;
};

static struct kcmp_armv7s *kcmp_armv7s(struct kcmp_state *st)
{
	return st->fmt;
}

/* No TLB to invalidate: no IOMMU uses the tables */
static void kcmp_armv7s_tlb_flush_all(void *cookie)
{
}

static void kcmp_armv7s_tlb_flush_walk(unsigned long iova, size_t size,
				       size_t granule, void *cookie)
{
}

static const struct iommu_flush_ops kcmp_armv7s_flush_ops = {
	.tlb_flush_all = kcmp_armv7s_tlb_flush_all,
	.tlb_flush_walk = kcmp_armv7s_tlb_flush_walk,
};

static int kcmp_armv7s_old_init(struct kunit *test, struct kcmp_state *st)
{
	const struct pt_iommu_cfg *common = &st->priv->cfg->cfg.common;
	struct kcmp_armv7s *v7s;

	v7s = kunit_kzalloc(test, sizeof(*v7s), GFP_KERNEL);
	if (!v7s)
		return -ENOMEM;
	st->fmt = v7s;
	set_dev_node(&v7s->dev, NUMA_NO_NODE);
	v7s->cfg = (struct io_pgtable_cfg){
		.pgsize_bitmap = SZ_4K | SZ_64K | SZ_1M | SZ_16M,
		.ias = common->hw_max_vasz_lg2,
		.oas = common->hw_max_oasz_lg2,
		.coherent_walk = true,
		.tlb = &kcmp_armv7s_flush_ops,
		.iommu_dev = &v7s->dev,
	};
	if (common->features & ARMV7S_NS)
		v7s->cfg.quirks |= IO_PGTABLE_QUIRK_ARM_NS;
	st->table_ptr_mask = ARMV7S_FMT_TABLE_OA;
	st->old_cfg = &v7s->cfg;
	st->old = alloc_io_pgtable_ops(ARM_V7S, &v7s->cfg, NULL);
	return 0;
}

/* The old top: TTBR0 without its attributes in bits 6:0; level 1 */
static struct pt_table_p *kcmp_armv7s_old_top(struct kcmp_state *st,
					      unsigned int *level)
{
	*level = 1;
	return __va(kcmp_armv7s(st)->cfg.arm_v7s_cfg.ttbr & ~0x7fU);
}

static int kcmp_armv7s_old_prot(struct kcmp_state *st, int prot)
{
	return prot;
}

static bool kcmp_armv7s_leaf_same(struct kcmp_state *st, u64 old_entry,
				  u64 new_entry, int prot)
{
	return old_entry == new_entry;
}

static const struct kcmp_old kcmp_armv7s_old = {
	.init = kcmp_armv7s_old_init,
	.top = kcmp_armv7s_old_top,
	.prot = kcmp_armv7s_old_prot,
	.leaf_same = kcmp_armv7s_leaf_same,
};

static int kcmp_armv7s_init(struct kunit *test)
{
	return kcmp_init(test, &kcmp_armv7s_old);
}

/*
 * What a context bank or M4U gets: TTBR0 with the attributes 6.12 puts in
 * it, and its TTBCR, PRRR and NMRR
 */
static void test_cmp_armv7s_hw_info(struct kunit *test)
{
	struct kcmp_state *st = test->priv;
	struct io_pgtable_cfg *cfg = &kcmp_armv7s(st)->cfg;
	struct pt_range range = pt_top_range(st->priv->common);
	struct pt_iommu_armv7s_hw_info info;

	pt_iommu_armv7s_hw_info(&st->priv->fmt_table, &info);
	KUNIT_EXPECT_EQ(test, info.ttbr & ~0x7fU,
			(u32)virt_to_phys(range.top_table));
	KUNIT_EXPECT_EQ(test, info.ttbr & 0x7fU,
			(u32)cfg->arm_v7s_cfg.ttbr & 0x7fU);
	KUNIT_EXPECT_EQ(test, info.tcr, cfg->arm_v7s_cfg.tcr);
	KUNIT_EXPECT_EQ(test, info.prrr, cfg->arm_v7s_cfg.prrr);
	KUNIT_EXPECT_EQ(test, info.nmrr, cfg->arm_v7s_cfg.nmrr);
	KUNIT_EXPECT_EQ(test, (u64)st->priv->domain.geometry.aperture_end,
			(1ULL << cfg->ias) - 1);
}

/*
 * A leaf of each size above 4 KiB over the level 2 table a 4 KiB map and
 * its unmap left empty: 6.12 frees the table when a section goes over it
 * (and keeps it for a large page), the generic table frees it at the
 * unmap
 */
static void test_cmp_armv7s_over_empty(struct kunit *test)
{
	struct kcmp_state *st = test->priv;
	u64 sizes = kcmp_old_pgsizes(st);
	u64 s;

	for (s = sizes & (sizes - 1); s; s &= s - 1) {
		u64 len = s & -s;
		u64 probes[] = { len, len + SZ_4K + 1, 2 * len - 1 };

		kcmp_map(test, st, len + SZ_4K, SZ_4K, SZ_4K, IOMMU_READ);
		kcmp_unmap(test, st, len + SZ_4K, SZ_4K);
		kcmp_map(test, st, len, len, len, IOMMU_READ | IOMMU_WRITE);
		kcmp_check(test, st, probes, ARRAY_SIZE(probes));
		kcmp_unmap(test, st, len, len);
	}
	KUNIT_EXPECT_EQ(test, st->mismatches, 0);
}

/*
 * Runs that mix every size in one call: 4 KiB pages up to a 64 KiB
 * boundary, large pages up to 1 MiB, sections up to 16 MiB, a
 * supersection and back down, each split as the iommu core splits it for
 * 6.12 and whole to the generic map
 */
static void test_cmp_armv7s_runs(struct kunit *test)
{
	struct kcmp_state *st = test->priv;
	u64 max_va = st->priv->domain.geometry.aperture_end;
	u64 va = SZ_16M - SZ_1M - SZ_64K - SZ_4K;
	u64 len = 2 * (SZ_1M + SZ_64K + SZ_4K) + SZ_16M;
	u64 probes[] = { va, va + SZ_4K, va + SZ_64K + 5, SZ_16M + 7,
			 va + len - 1, va + len };

	if (va + len - 1 > max_va)
		kunit_skip(test, "the run needs 35 MiB of IOVA");
	kcmp_map(test, st, va, SZ_1G - SZ_16M + va, len,
		 IOMMU_READ | IOMMU_CACHE);
	kcmp_check(test, st, probes, ARRAY_SIZE(probes));
	kcmp_unmap(test, st, va, len);
	kcmp_check(test, st, probes, ARRAY_SIZE(probes));
	KUNIT_EXPECT_EQ(test, st->mismatches, 0);
}

static struct kunit_case kcmp_armv7s_test_cases[] = {
	KUNIT_CASE_PARAM(test_cmp_pgsizes, kcmp_armv7s_gen_params),
	KUNIT_CASE_PARAM(test_cmp_every_size, kcmp_armv7s_gen_params),
	KUNIT_CASE_PARAM(test_cmp_prot, kcmp_armv7s_gen_params),
	KUNIT_CASE_PARAM(test_cmp_armv7s_over_empty, kcmp_armv7s_gen_params),
	KUNIT_CASE_PARAM(test_cmp_armv7s_runs, kcmp_armv7s_gen_params),
	KUNIT_CASE_PARAM(test_cmp_random, kcmp_armv7s_gen_params),
	KUNIT_CASE_PARAM(test_cmp_far, kcmp_armv7s_gen_params),
	KUNIT_CASE_PARAM(test_cmp_armv7s_hw_info, kcmp_armv7s_gen_params),
	{}
};

static struct kunit_suite armv7s_cmp_test = {
	.name = "armv7s_cmp_test",
	.init = kcmp_armv7s_init,
	.exit = kcmp_exit,
	.test_cases = kcmp_armv7s_test_cases,
};

kunit_test_suites(&armv7s_cmp_test);

#endif
