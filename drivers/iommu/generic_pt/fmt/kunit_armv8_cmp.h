/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * <fmt>_cmp_test (armv8, armv8_16k, armv8_64k): the same operations on
 * 6.12's io-pgtable-arm (alloc_io_pgtable_ops() of ARM_64_LPAE_S1 and
 * ARM_64_LPAE_S2, and for the PT_FEAT_ARMV8_LPAE32 configs of the 4 KiB
 * granule ARM_32_LPAE_S1 and ARM_32_LPAE_S2, with the granule's page sizes in pgsize_bitmap) and on
 * the generic armv8 table of that granule must build identical tables,
 * entry by entry, and translate alike. The old table is driven as
 * arm-smmu-v3 drives it: the IOMMU_* prot unchanged, ranges split into
 * (pgsize, pgcount) calls as the 6.12 iommu core splits them. Both walk
 * coherently (cfg.coherent_walk, as an SMMU with COHACC).
 *
 * Deliberate differences, besides those every compare suite accepts
 * (kunit_iommu_cmp.h). The table memory has none: the leaves and table
 * descriptors are bit for bit the same (the software bit 55, which 6.12
 * sets only with incoherent walks, is masked with the table pointers).
 *  - 6.12's unmap splits a block when the unmap starts inside it or is
 *    smaller than it, replacing a live block with a table without
 *    break-before-make (removed upstream in 6.13 as illegal on SMMUv3),
 *    and never frees a table that unmap emptied; the generic unmap never
 *    splits a leaf and frees emptied tables. The sequences here unmap only
 *    whole earlier maps.
 *  - 6.12's iova_to_phys() translates an IOVA beyond the IAS as if its
 *    high bits were clear (the top index is masked); the generic one
 *    returns 0. The probes here stay in the aperture.
 *  - the MAIR for stage 1 (hw_info) holds Attr0-3 as 6.12's does and 0 in
 *    Attr4-7, which no leaf selects; 6.12 computes Attr3 (0xf4) << 24 in
 *    int arithmetic, which sign extends into Attr4-7 as 0xff.
 *  - 6.12's read_and_clear_dirty() WARNs and stops on an empty entry in
 *    the range it walks; the generic one skips holes. The dirty queries
 *    here cover whole maps only.
 *  - with TTBR1 (PT_FEAT_UPPER_RANGE, IO_PGTABLE_QUIRK_ARM_TTBR1) the
 *    sequences name low IOVAs and kcmp_va() moves them to the upper
 *    range for both tables; 6.12's read_and_clear_dirty() refuses upper
 *    IOVAs, so no TTBR1 config has HD.
 * The stage 2 top is concatenated as 6.12 does it (a level 0 start with
 * at most 16 items starts one level lower instead), so the tables agree.
 * The format also concatenates where the Arm ARM makes it mandatory and
 * 6.12 does not (16 KiB granule, a level 1 start, a PA size below 42
 * bits; 64 KiB, level 1, below 44 bits): no config here is such a case.
 */
#ifndef __GENERIC_PT_KUNIT_ARMV8_CMP_H
#define __GENERIC_PT_KUNIT_ARMV8_CMP_H

#include <linux/device.h>

#include "../kunit_iommu_cmp.h"

static const struct kunit_pt_cfg kcmp_armv8_cfgs[] = {
#if ARMV8_GRANULE_LG2 == 12
	/* Stage 1: 4 levels, a 2 item top, 3 levels with 512 and 4 items */
	ARMV8_KUNIT_CFG("s1_ias48_oas48", ARMV8_FLUSH, 48, 48),
	ARMV8_KUNIT_CFG("s1_ias40_oas44", ARMV8_FLUSH, 40, 44),
	ARMV8_KUNIT_CFG("s1_ias39_oas40", ARMV8_FLUSH, 39, 40),
	ARMV8_KUNIT_CFG("s1_ias32_oas32", ARMV8_FLUSH, 32, 32),
	/* The quirks: NS, HD */
	ARMV8_KUNIT_CFG("s1_ias48_oas48_ns", ARMV8_FLUSH | ARMV8_NS, 48, 48),
	ARMV8_KUNIT_CFG("s1_ias44_oas42_dbm", ARMV8_FLUSH | ARMV8_DBM, 44, 42),
	ARMV8_KUNIT_CFG("s1_ias48_oas48_dbm_ns",
			ARMV8_FLUSH | ARMV8_DBM | ARMV8_NS, 48, 48),
	/* Stage 2: no concatenation, then 2, 8 and 16 tables */
	ARMV8_KUNIT_CFG("s2_ias48_oas48", ARMV8_S2 | ARMV8_FLUSH, 48, 48),
	ARMV8_KUNIT_CFG("s2_ias40_oas40", ARMV8_S2 | ARMV8_FLUSH, 40, 40),
	ARMV8_KUNIT_CFG("s2_ias42_oas48", ARMV8_S2 | ARMV8_FLUSH, 42, 48),
	ARMV8_KUNIT_CFG("s2_ias43_oas44", ARMV8_S2 | ARMV8_FLUSH, 43, 44),
	/* 32 items at level 0: too many to concatenate; then 3 levels */
	ARMV8_KUNIT_CFG("s2_ias44_oas44", ARMV8_S2 | ARMV8_FLUSH, 44, 44),
	ARMV8_KUNIT_CFG("s2_ias39_oas36", ARMV8_S2 | ARMV8_FLUSH, 39, 36),
	ARMV8_KUNIT_CFG("s2_ias33_oas40", ARMV8_S2 | ARMV8_FLUSH, 33, 40),
	/* ARM_32_LPAE_S1 and ARM_32_LPAE_S2 at their limits, and smaller */
	ARMV8_KUNIT_CFG("s1_ias32_oas40_lpae32", ARMV8_FLUSH | ARMV8_LPAE32,
			32, 40),
	ARMV8_KUNIT_CFG("s1_ias32_oas36_lpae32_ns",
			ARMV8_FLUSH | ARMV8_LPAE32 | ARMV8_NS, 32, 36),
	ARMV8_KUNIT_CFG("s2_ias40_oas40_lpae32",
			ARMV8_S2 | ARMV8_FLUSH | ARMV8_LPAE32, 40, 40),
	ARMV8_KUNIT_CFG("s2_ias35_oas32_lpae32",
			ARMV8_S2 | ARMV8_FLUSH | ARMV8_LPAE32, 35, 32),
	/* TTBR1: the upper range, 4 levels, 3 levels, 2 levels */
	ARMV8_KUNIT_CFG("s1_ias48_oas48_ttbr1", ARMV8_FLUSH | ARMV8_TTBR1,
			48, 48),
	ARMV8_KUNIT_CFG("s1_ias39_oas40_ttbr1_ns",
			ARMV8_FLUSH | ARMV8_TTBR1 | ARMV8_NS, 39, 40),
	ARMV8_KUNIT_CFG("s1_ias32_oas36_ttbr1", ARMV8_FLUSH | ARMV8_TTBR1,
			32, 36),
#elif ARMV8_GRANULE_LG2 == 14
	/* Stage 1: 4 levels (2 item top), 3 and 2 levels, full tops */
	ARMV8_KUNIT_CFG("s1_ias48_oas48", ARMV8_FLUSH, 48, 48),
	ARMV8_KUNIT_CFG("s1_ias47_oas44", ARMV8_FLUSH, 47, 44),
	ARMV8_KUNIT_CFG("s1_ias36_oas40", ARMV8_FLUSH, 36, 40),
	ARMV8_KUNIT_CFG("s1_ias32_oas32", ARMV8_FLUSH, 32, 32),
	ARMV8_KUNIT_CFG("s1_ias48_oas48_ns", ARMV8_FLUSH | ARMV8_NS, 48, 48),
	ARMV8_KUNIT_CFG("s1_ias44_oas42_dbm", ARMV8_FLUSH | ARMV8_DBM, 44, 42),
	ARMV8_KUNIT_CFG("s1_ias47_oas44_ttbr1", ARMV8_FLUSH | ARMV8_TTBR1,
			47, 44),
	/*
	 * Stage 2: 2 concatenated tables (no level 0 start with 16 KiB),
	 * level 1 starts with 2048 and 16 items, a level 2 start
	 */
	ARMV8_KUNIT_CFG("s2_ias48_oas48", ARMV8_S2 | ARMV8_FLUSH, 48, 48),
	ARMV8_KUNIT_CFG("s2_ias47_oas48", ARMV8_S2 | ARMV8_FLUSH, 47, 48),
	ARMV8_KUNIT_CFG("s2_ias40_oas44", ARMV8_S2 | ARMV8_FLUSH, 40, 44),
	ARMV8_KUNIT_CFG("s2_ias36_oas40", ARMV8_S2 | ARMV8_FLUSH, 36, 40),
#else
	/* Stage 1: 3 levels (52 bits: 4 TiB blocks), 2 levels */
	ARMV8_KUNIT_CFG("s1_ias48_oas48", ARMV8_FLUSH, 48, 48),
	ARMV8_KUNIT_CFG("s1_ias52_oas52", ARMV8_FLUSH, 52, 52),
	ARMV8_KUNIT_CFG("s1_ias42_oas44", ARMV8_FLUSH, 42, 44),
	ARMV8_KUNIT_CFG("s1_ias36_oas40", ARMV8_FLUSH, 36, 40),
	ARMV8_KUNIT_CFG("s1_ias52_oas52_ns", ARMV8_FLUSH | ARMV8_NS, 52, 52),
	ARMV8_KUNIT_CFG("s1_ias48_oas52_dbm", ARMV8_FLUSH | ARMV8_DBM, 48, 52),
	ARMV8_KUNIT_CFG("s1_ias52_oas52_ttbr1", ARMV8_FLUSH | ARMV8_TTBR1,
			52, 52),
	/* Stage 2: level 1 starts of 64 and 1024 items, level 2 starts */
	ARMV8_KUNIT_CFG("s2_ias48_oas48", ARMV8_S2 | ARMV8_FLUSH, 48, 48),
	ARMV8_KUNIT_CFG("s2_ias52_oas52", ARMV8_S2 | ARMV8_FLUSH, 52, 52),
	ARMV8_KUNIT_CFG("s2_ias42_oas42", ARMV8_S2 | ARMV8_FLUSH, 42, 42),
	ARMV8_KUNIT_CFG("s2_ias33_oas36", ARMV8_S2 | ARMV8_FLUSH, 33, 36),
#endif
};

KUNIT_ARRAY_PARAM(kcmp_armv8, kcmp_armv8_cfgs, kunit_pt_gen_desc);

/**
 * struct kcmp_armv8 - the old side of armv8_cmp_test
 * @cfg: the io_pgtable_cfg, as alloc_io_pgtable_ops() left it
 * @dev: stands in for the SMMU: 6.12 allocates on its NUMA node
 */
struct kcmp_armv8 {
	struct io_pgtable_cfg cfg;
	struct device dev;
};

static struct kcmp_armv8 *kcmp_armv8(struct kcmp_state *st)
{
	return st->fmt;
}

static bool kcmp_armv8_has(struct kcmp_state *st, unsigned int feature)
{
	return st->priv->cfg->cfg.common.features & BIT(feature);
}

/* No TLB to invalidate: no SMMU uses the tables */
static void kcmp_armv8_tlb_flush_all(void *cookie)
{
}

static void kcmp_armv8_tlb_flush_walk(unsigned long iova, size_t size,
				      size_t granule, void *cookie)
{
}

static const struct iommu_flush_ops kcmp_armv8_flush_ops = {
	.tlb_flush_all = kcmp_armv8_tlb_flush_all,
	.tlb_flush_walk = kcmp_armv8_tlb_flush_walk,
};

static int kcmp_armv8_old_init(struct kunit *test, struct kcmp_state *st)
{
	const struct pt_iommu_cfg *common = &st->priv->cfg->cfg.common;
	enum io_pgtable_fmt fmt;
	struct kcmp_armv8 *arm;

	arm = kunit_kzalloc(test, sizeof(*arm), GFP_KERNEL);
	if (!arm)
		return -ENOMEM;
	st->fmt = arm;
	set_dev_node(&arm->dev, NUMA_NO_NODE);
	arm->cfg = (struct io_pgtable_cfg){
		.pgsize_bitmap = KA8_G == 16 ? SZ_64K | SZ_512M | BIT_ULL(42) :
				 KA8_G == 14 ? SZ_16K | SZ_32M :
					       SZ_4K | SZ_2M | SZ_1G,
		.ias = common->hw_max_vasz_lg2,
		.oas = common->hw_max_oasz_lg2,
		.coherent_walk = true,
		.tlb = &kcmp_armv8_flush_ops,
		.iommu_dev = &arm->dev,
	};
	if (kcmp_armv8_has(st, PT_FEAT_ARMV8_NS))
		arm->cfg.quirks |= IO_PGTABLE_QUIRK_ARM_NS;
	if (kcmp_armv8_has(st, PT_FEAT_ARMV8_DBM))
		arm->cfg.quirks |= IO_PGTABLE_QUIRK_ARM_HD;
	if (kcmp_armv8_has(st, PT_FEAT_UPPER_RANGE))
		arm->cfg.quirks |= IO_PGTABLE_QUIRK_ARM_TTBR1;
	/* Pointer bits, and the software bit 6.12 sets when incoherent */
	st->table_ptr_mask = ARMV8_FMT_OA | ARMV8_FMT_SW_FLUSHED;
	st->old_cfg = &arm->cfg;
	if (kcmp_armv8_has(st, PT_FEAT_ARMV8_LPAE32))
		fmt = kcmp_armv8_has(st, PT_FEAT_ARMV8_S2) ? ARM_32_LPAE_S2 :
							     ARM_32_LPAE_S1;
	else
		fmt = kcmp_armv8_has(st, PT_FEAT_ARMV8_S2) ? ARM_64_LPAE_S2 :
							     ARM_64_LPAE_S1;
	st->old = alloc_io_pgtable_ops(fmt, &arm->cfg, NULL);
	return 0;
}

/*
 * The old top: TTBR or VTTBR. Its level, worked out here from the IAS by
 * the Arm ARM's rule and 6.12's concatenation, not by the format: the
 * walk starts where tables of 2^KA8_S items per level cover the IAS; a
 * stage 2 start at level 0 with at most 16 items moves one level down.
 */
static struct pt_table_p *kcmp_armv8_old_top(struct kcmp_state *st,
					     unsigned int *level)
{
	struct io_pgtable_cfg *cfg = &kcmp_armv8(st)->cfg;
	unsigned int levels = DIV_ROUND_UP(cfg->ias - KA8_G, KA8_S);
	u64 ttbr;

	if (kcmp_armv8_has(st, PT_FEAT_ARMV8_S2)) {
		if (levels == 4 && cfg->ias - (KA8_G + 3 * KA8_S) <= 4)
			levels--;
		ttbr = cfg->arm_lpae_s2_cfg.vttbr;
	} else {
		ttbr = cfg->arm_lpae_s1_cfg.ttbr;
	}
	*level = levels - 1;
	return __va(ttbr);
}

static int kcmp_armv8_old_prot(struct kcmp_state *st, int prot)
{
	return prot;
}

static bool kcmp_armv8_leaf_same(struct kcmp_state *st, u64 old_entry,
				 u64 new_entry, int prot)
{
	return old_entry == new_entry;
}

static const struct kcmp_old kcmp_armv8_old = {
	.init = kcmp_armv8_old_init,
	.top = kcmp_armv8_old_top,
	.prot = kcmp_armv8_old_prot,
	.leaf_same = kcmp_armv8_leaf_same,
};

static int kcmp_armv8_init(struct kunit *test)
{
	return kcmp_init(test, &kcmp_armv8_old);
}

/*
 * What the CD or STE gets: the same top table address as 6.12's TTBR or
 * VTTBR is for its own table, and every TCR/VTCR field and the MAIR
 * 6.12 computes
 */
/* The TCR/VTCR fields 6.12 computes are bitfields: compared as u32 */
#define KCMP_ARMV8_FIELD_EQ(test, field, old) \
	KUNIT_EXPECT_EQ(test, (u32)(field), (u32)(old))

static void test_cmp_armv8_hw_info(struct kunit *test)
{
	struct kcmp_state *st = test->priv;
	struct io_pgtable_cfg *cfg = &kcmp_armv8(st)->cfg;
	struct pt_range range = pt_top_range(st->priv->common);
	struct pt_iommu_table_hw_info hw_info;
	struct pt_iommu_armv8_hw_info info;

	NS(hw_info)(&st->priv->fmt_table, &hw_info);
	info = *armv8pt_hw(&hw_info);
	KUNIT_EXPECT_EQ(test, info.ttbr, (u64)virt_to_phys(range.top_table));
	if (kcmp_armv8_has(st, PT_FEAT_ARMV8_S2)) {
		typeof(cfg->arm_lpae_s2_cfg.vtcr) *vtcr =
			&cfg->arm_lpae_s2_cfg.vtcr;

		KCMP_ARMV8_FIELD_EQ(test, info.tsz, vtcr->tsz);
		KCMP_ARMV8_FIELD_EQ(test, info.tg, vtcr->tg);
		KCMP_ARMV8_FIELD_EQ(test, info.ps, vtcr->ps);
		KCMP_ARMV8_FIELD_EQ(test, info.sh, vtcr->sh);
		KCMP_ARMV8_FIELD_EQ(test, info.irgn, vtcr->irgn);
		KCMP_ARMV8_FIELD_EQ(test, info.orgn, vtcr->orgn);
		KCMP_ARMV8_FIELD_EQ(test, info.sl, vtcr->sl);
		KUNIT_EXPECT_EQ(test, info.mair, 0ULL);
	} else {
		typeof(cfg->arm_lpae_s1_cfg.tcr) *tcr = &cfg->arm_lpae_s1_cfg.tcr;

		KCMP_ARMV8_FIELD_EQ(test, info.tsz, tcr->tsz);
		KCMP_ARMV8_FIELD_EQ(test, info.tg, tcr->tg);
		KCMP_ARMV8_FIELD_EQ(test, info.ps, tcr->ips);
		KCMP_ARMV8_FIELD_EQ(test, info.sh, tcr->sh);
		KCMP_ARMV8_FIELD_EQ(test, info.irgn, tcr->irgn);
		KCMP_ARMV8_FIELD_EQ(test, info.orgn, tcr->orgn);
		/*
		 * Attr0-3 alike; 6.12 shifts Attr3 (0xf4) as an int into
		 * bit 31, which sign extends Attr4-7, unused, to 0xff
		 */
		KUNIT_EXPECT_EQ(test, info.mair,
				cfg->arm_lpae_s1_cfg.mair & GENMASK_ULL(31, 0));
		KUNIT_EXPECT_EQ(test, cfg->arm_lpae_s1_cfg.mair >> 32,
				0xffffffffULL);
	}
	/*
	 * The aperture is the IAS, and so are 6.12's page sizes' limits; with
	 * TTBR1 the top of the IOVA space, where 6.12 maps
	 */
	if (kcmp_armv8_has(st, PT_FEAT_UPPER_RANGE)) {
		KUNIT_EXPECT_EQ(test,
				(u64)st->priv->domain.geometry.aperture_start,
				~0ULL << cfg->ias);
		KUNIT_EXPECT_EQ(test,
				(u64)st->priv->domain.geometry.aperture_end,
				~0ULL);
		return;
	}
	KUNIT_EXPECT_EQ(test, (u64)st->priv->domain.geometry.aperture_end,
			(u64)min_t(u64, ULONG_MAX,
				   (1ULL << cfg->ias) - 1));
}

/* Clear AP[2] of the leaf of @va in both tables, as the SMMU's HD does */
static void kcmp_armv8_dirty_leaf(struct kunit *test, struct kcmp_state *st,
				  u64 va)
{
	struct pt_range range = pt_top_range(st->priv->common);
	struct pt_state pts = pt_top_state(&range);
	struct pt_state old = pts;
	unsigned int old_level;

	old.table = kcmp_armv8_old_top(st, &old_level);
	pts.va = va;
	old.va = va;
	while (true) {
		enum pt_entry_type type = pt_load_entry(&pts);

		KUNIT_ASSERT_EQ(test, pt_load_entry(&old), type);
		KUNIT_ASSERT_NE(test, type, PT_ENTRY_EMPTY);
		if (type == PT_ENTRY_OA)
			break;
		pts.table = pt_table_ptr(&pts);
		old.table = pt_table_ptr(&old);
		pts.level--;
		old.level--;
	}
	pt_item_clear_bits((u64 *)pts.table + pts.index, ARMV8_FMT_AP_RDONLY);
	pt_item_clear_bits((u64 *)old.table + old.index, ARMV8_FMT_AP_RDONLY);
}

/* 6.12's read_and_clear_dirty() on the old table: the gather it fills */
static struct iommu_iotlb_gather kcmp_armv8_old_dirty(struct kcmp_state *st,
						      u64 va, u64 len,
						      unsigned long flags)
{
	struct iommu_iotlb_gather gather;
	struct iommu_dirty_bitmap dirty;

	iommu_iotlb_gather_init(&gather);
	iommu_dirty_bitmap_init(&dirty, NULL, &gather);
	st->old->read_and_clear_dirty(st->old, va, len, flags, &dirty);
	return gather;
}

/*
 * Every map queried whole on both with @flags: the same span is reported
 * dirty and the same table memory is left. Returns how many maps were
 * found dirty.
 */
static unsigned int kcmp_armv8_query(struct kunit *test, struct kcmp_state *st,
				     unsigned long flags)
{
	unsigned int i, dirty = 0;

	for (i = 0; i != st->num_maps; i++) {
		u64 va = st->maps[i].va;
		u64 len = st->maps[i].last_va - va + 1;
		struct iommu_iotlb_gather new, old;

		new = kunit_pt_read_dirty(st->priv, va, len, flags);
		old = kcmp_armv8_old_dirty(st, va, len, flags);
		KUNIT_EXPECT_EQ_MSG(test, (u64)new.start, (u64)old.start,
				    "map %llx+%llx flags %lx", va, len, flags);
		KUNIT_EXPECT_EQ_MSG(test, (u64)new.end, (u64)old.end,
				    "map %llx+%llx flags %lx", va, len, flags);
		dirty += old.start <= old.end;
	}
	kcmp_check(test, st, NULL, 0);
	return dirty;
}

/*
 * Dirty tracking with HD (PT_FEAT_ARMV8_DBM, IO_PGTABLE_QUIRK_ARM_HD),
 * stage 1 only. Writable leaves are born dirty on both; after a clearing
 * query the SMMU dirties some leaves again (AP[2] cleared by hand in both
 * tables): per page size a writable and a read-only leaf, then a run of
 * four granule pages and one of two of the largest size.
 */
static void test_cmp_armv8_dirty(struct kunit *test)
{
	struct kcmp_state *st = test->priv;
	u64 sizes = kcmp_old_pgsizes(st);
	u64 big = log2_to_int(log2_fls(sizes) - 1);
	/* The read-only leaves: above the writable ones, aligned */
	u64 ro = max_t(u64, SZ_8G, 2 * big);
	unsigned int maps = 0;
	u64 s;

	if (!kcmp_armv8_has(st, PT_FEAT_ARMV8_DBM))
		kunit_skip(test, "no HD: 6.12 tracks dirty only with it");

	for (s = sizes; s; s &= s - 1) {
		u64 len = s & -s;

		kcmp_map(test, st, len, len, len, IOMMU_READ | IOMMU_WRITE);
		kcmp_map(test, st, ro + len, 2 * len, len, IOMMU_READ);
		maps++;
	}
	kcmp_map(test, st, SZ_4G, SZ_1M, 4 * KA8_GRAN, IOMMU_WRITE);
	kcmp_map(test, st, 16 * big, 4 * big, 2 * big,
		 IOMMU_READ | IOMMU_WRITE);
	maps += 2;
	kcmp_check(test, st, NULL, 0);

	/* Born dirty: every writable map, and NO_CLEAR keeps them so */
	KUNIT_EXPECT_EQ(test, kcmp_armv8_query(test, st, IOMMU_DIRTY_NO_CLEAR),
			maps);
	KUNIT_EXPECT_EQ(test, kcmp_armv8_query(test, st, 0), maps);
	KUNIT_EXPECT_EQ(test, kcmp_armv8_query(test, st, 0), 0);

	for (s = sizes; s; s &= s - 1)
		kcmp_armv8_dirty_leaf(test, st, s & -s);
	kcmp_armv8_dirty_leaf(test, st, SZ_4G + 2 * KA8_GRAN);
	kcmp_armv8_dirty_leaf(test, st, 17 * big);
	kcmp_check(test, st, NULL, 0);
	KUNIT_EXPECT_EQ(test, kcmp_armv8_query(test, st, IOMMU_DIRTY_NO_CLEAR),
			maps);
	KUNIT_EXPECT_EQ(test, kcmp_armv8_query(test, st, 0), maps);
	KUNIT_EXPECT_EQ(test, kcmp_armv8_query(test, st, IOMMU_DIRTY_NO_CLEAR),
			0);
	KUNIT_EXPECT_EQ(test, st->mismatches, 0);
}

/*
 * test_cmp_over_empty with the granule's sizes: a leaf of each block size
 * over the table a smaller map and its unmap left empty
 */
static void test_cmp_armv8_over_empty(struct kunit *test)
{
	struct kcmp_state *st = test->priv;
	u64 sizes = kcmp_old_pgsizes(st);
	u64 small = sizes & -sizes;
	u64 s;

	for (s = sizes & (sizes - 1); s; s &= s - 1) {
		u64 len = s & -s;
		u64 probes[] = { len, len + small + 1, 2 * len - 1 };

		if (2 * len - 1 > st->priv->domain.geometry.aperture_end)
			break;
		kcmp_map(test, st, len + small, small, small, IOMMU_READ);
		kcmp_unmap(test, st, len + small, small);
		kcmp_map(test, st, len, len, len, IOMMU_READ | IOMMU_WRITE);
		kcmp_check(test, st, probes, ARRAY_SIZE(probes));
		kcmp_unmap(test, st, len, len);
	}
	KUNIT_EXPECT_EQ(test, st->mismatches, 0);
}

static struct kunit_case kcmp_armv8_test_cases[] = {
	KUNIT_CASE_PARAM(test_cmp_pgsizes, kcmp_armv8_gen_params),
	KUNIT_CASE_PARAM(test_cmp_every_size, kcmp_armv8_gen_params),
	KUNIT_CASE_PARAM(test_cmp_prot, kcmp_armv8_gen_params),
#if ARMV8_GRANULE_LG2 == 12
	KUNIT_CASE_PARAM(test_cmp_over_empty, kcmp_armv8_gen_params),
#endif
	KUNIT_CASE_PARAM(test_cmp_armv8_over_empty, kcmp_armv8_gen_params),
	KUNIT_CASE_PARAM(test_cmp_random, kcmp_armv8_gen_params),
	KUNIT_CASE_PARAM(test_cmp_far, kcmp_armv8_gen_params),
	KUNIT_CASE_PARAM(test_cmp_armv8_hw_info, kcmp_armv8_gen_params),
	KUNIT_CASE_PARAM(test_cmp_armv8_dirty, kcmp_armv8_gen_params),
	{}
};

static struct kunit_suite armv8_cmp_test = {
	.name = __stringify(PT_FMT) "_cmp_test",
	.init = kcmp_armv8_init,
	.exit = kcmp_exit,
	.test_cases = kcmp_armv8_test_cases,
};

kunit_test_suites(&armv8_cmp_test);

#endif
