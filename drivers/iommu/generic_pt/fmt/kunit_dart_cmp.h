/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * <fmt>_cmp_test (dart, dart_16k): the same operations on 6.12's
 * io-pgtable-dart (alloc_io_pgtable_ops() of APPLE_DART and APPLE_DART2,
 * the granule as pgsize_bitmap) and on the generic dart table of that
 * granule must build identical tables, every TTBR's level 1 table and
 * every level 0 table entry by entry, and translate alike. The old table
 * is driven as apple-dart drives it: the IOMMU_* prot unchanged, ranges
 * split into (pgsize, pgcount) calls as the 6.12 iommu core splits them.
 *
 * Deliberate differences, besides those every compare suite accepts
 * (kunit_iommu_cmp.h; 6.12 never frees a level 0 table that unmap
 * emptied, the generic unmap does):
 *  - DART2 without PT_FEAT_DART2_ALWAYS_NO_CACHE: 6.12 sets bit 1 in
 *    every page, DART1's subpage protection disable, which on DART2 is
 *    no-cache; the generic table sets it only without IOMMU_CACHE (as
 *    upstream does since the fix). Accepted exactly so: the old page is
 *    the new one with bit 1 set, and the new one has bit 1 iff the map had
 *    no IOMMU_CACHE. With the feature, the pages are bit for bit 6.12's.
 *  - the TTBR tables: 6.12 allocates one page per TTBR, the generic table
 *    one naturally aligned block holding them side by side (the top, see
 *    dart.h). Only their addresses differ: the old TTBR tables are copied
 *    side by side before each comparison, so the contents are compared
 *    entry by entry.
 *  - 6.12's map and iova_to_phys() mask the TTBR index, so an IOVA beyond
 *    the IAS wraps into a lower TTBR; the generic ones refuse it (-ERANGE,
 *    0). The probes here stay in the aperture.
 *  - 6.12 accepts a DART1 table with a 42-bit OAS (dropping PA bits 41:36)
 *    and refuses an IAS above the OAS; the generic table refuses the first
 *    and allows the second. No config here is either.
 *  - a map over a valid page: 6.12 WARNs and returns -EEXIST, the generic
 *    table returns -EADDRINUSE; the sequences here never overlap.
 */
#ifndef __GENERIC_PT_KUNIT_DART_CMP_H
#define __GENERIC_PT_KUNIT_DART_CMP_H

#include "../kunit_iommu_cmp.h"

/*
 * 6.12 takes an OAS of 36 or 42 bits only, and an IAS up to the OAS. Its
 * DART2 pages match bit for bit with PT_FEAT_DART2_ALWAYS_NO_CACHE (the
 * _612 configs); the others check the fixed bit 1 against 6.12's
 */
static const struct kunit_pt_cfg kcmp_dart_cfgs[] = {
#if DART_GRANULE_LG2 == 12
	/* 4, 2 and 1 TTBRs, a top of 8 items */
	DART_KUNIT_CFG("dart1_ias32_oas36", DART_FLUSH, 32, 36, 4),
	DART_KUNIT_CFG("dart1_ias31_oas36", DART_FLUSH, 31, 36, 0),
	DART_KUNIT_CFG("dart1_ias30_oas36", DART_FLUSH, 30, 36, 1),
	DART_KUNIT_CFG("dart1_ias24_oas36", DART_FLUSH, 24, 36, 1),
#else
	/* 1 TTBR with 128 items and a full one, 4 and 2 TTBRs */
	DART_KUNIT_CFG("dart1_ias32_oas36", DART_FLUSH, 32, 36, 4),
	DART_KUNIT_CFG("dart1_ias36_oas36", DART_FLUSH, 36, 36, 4),
	DART_KUNIT_CFG("dart2_ias38_oas42_612", DART_V2 | DART_612, 38, 42, 4),
	DART_KUNIT_CFG("dart2_ias37_oas42_612", DART_V2 | DART_612, 37, 42, 0),
	DART_KUNIT_CFG("dart2_ias36_oas36_612", DART_V2 | DART_612, 36, 36, 1),
	DART_KUNIT_CFG("dart2_ias38_oas42", DART_V2 | DART_FLUSH, 38, 42, 4),
#endif
};

KUNIT_ARRAY_PARAM(kcmp_dart, kcmp_dart_cfgs, kunit_pt_gen_desc);

/**
 * struct kcmp_dart - the old side of dart_cmp_test
 * @cfg: the io_pgtable_cfg, as alloc_io_pgtable_ops() left it (its
 *   apple_dart_cfg has the TTBRs)
 * @tops: the old TTBR tables copied side by side, as the generic top
 *   holds them
 */
struct kcmp_dart {
	struct io_pgtable_cfg cfg;
	u64 *tops;
};

static struct kcmp_dart *kcmp_dart(struct kcmp_state *st)
{
	return st->fmt;
}

static bool kcmp_dart_has(struct kcmp_state *st, unsigned int feature)
{
	return st->priv->cfg->cfg.common.features & BIT(feature);
}

/* No TLB to invalidate: no DART uses the tables */
static void kcmp_dart_tlb_flush_all(void *cookie)
{
}

static void kcmp_dart_tlb_flush_walk(unsigned long iova, size_t size,
				     size_t granule, void *cookie)
{
}

static const struct iommu_flush_ops kcmp_dart_flush_ops = {
	.tlb_flush_all = kcmp_dart_tlb_flush_all,
	.tlb_flush_walk = kcmp_dart_tlb_flush_walk,
};

static int kcmp_dart_old_init(struct kunit *test, struct kcmp_state *st)
{
	const struct pt_iommu_cfg *common = &st->priv->cfg->cfg.common;
	struct kcmp_dart *dart;

	dart = kunit_kzalloc(test, sizeof(*dart), GFP_KERNEL);
	if (!dart)
		return -ENOMEM;
	/* Up to 4 TTBR tables */
	dart->tops = kunit_kzalloc(test, 4 * KD_GRAN, GFP_KERNEL);
	if (!dart->tops)
		return -ENOMEM;
	st->fmt = dart;
	dart->cfg = (struct io_pgtable_cfg){
		.pgsize_bitmap = KD_GRAN,
		.ias = common->hw_max_vasz_lg2,
		.oas = common->hw_max_oasz_lg2,
		.coherent_walk = true,
		.tlb = &kcmp_dart_flush_ops,
	};
	st->table_ptr_mask = kcmp_dart_has(st, PT_FEAT_DART_V2) ? KD2_ADDR :
								  KD1_ADDR;
	st->old_cfg = &dart->cfg;
	st->old = alloc_io_pgtable_ops(kcmp_dart_has(st, PT_FEAT_DART_V2) ?
					       APPLE_DART2 :
					       APPLE_DART,
				       &dart->cfg, NULL);
	return 0;
}

/*
 * The old top: the TTBR tables 6.12 allocated, copied side by side as the
 * generic top holds them; the level 1 entries still point at 6.12's level
 * 0 tables. The TTBR count is 6.12's own (apple_dart_cfg.n_ttbrs).
 */
static struct pt_table_p *kcmp_dart_old_top(struct kcmp_state *st,
					    unsigned int *level)
{
	struct kcmp_dart *dart = kcmp_dart(st);
	unsigned int i;

	memset(dart->tops, 0, 4 * KD_GRAN);
	for (i = 0; i != dart->cfg.apple_dart_cfg.n_ttbrs && i != 4; i++)
		memcpy((u8 *)dart->tops + i * KD_GRAN,
		       __va(dart->cfg.apple_dart_cfg.ttbr[i]), KD_GRAN);
	*level = 1;
	return (struct pt_table_p *)dart->tops;
}

static int kcmp_dart_old_prot(struct kcmp_state *st, int prot)
{
	return prot;
}

/*
 * Equal, but for DART2's bit 1 without PT_FEAT_DART2_ALWAYS_NO_CACHE:
 * always set by 6.12, set by the generic table exactly without IOMMU_CACHE
 */
static bool kcmp_dart_leaf_same(struct kcmp_state *st, u64 old_entry,
				u64 new_entry, int prot)
{
	if (!kcmp_dart_has(st, PT_FEAT_DART_V2) ||
	    kcmp_dart_has(st, PT_FEAT_DART2_ALWAYS_NO_CACHE))
		return old_entry == new_entry;
	return (old_entry & KD_BIT1) &&
	       old_entry == (new_entry | KD_BIT1) &&
	       !!(new_entry & KD_BIT1) == !(prot & IOMMU_CACHE);
}

static const struct kcmp_old kcmp_dart_old = {
	.init = kcmp_dart_old_init,
	.top = kcmp_dart_old_top,
	.prot = kcmp_dart_old_prot,
	.leaf_same = kcmp_dart_leaf_same,
};

static int kcmp_dart_init(struct kunit *test)
{
	return kcmp_init(test, &kcmp_dart_old);
}

/*
 * What apple-dart writes into the TTBRs: as many tables as 6.12 makes,
 * each a granule aligned table of the generic top
 */
static void test_cmp_dart_hw_info(struct kunit *test)
{
	struct kcmp_state *st = test->priv;
	struct io_pgtable_cfg *cfg = &kcmp_dart(st)->cfg;
	struct pt_range range = pt_top_range(st->priv->common);
	struct pt_iommu_dart_hw_info info = kd_hw_info(st->priv);
	unsigned int i;

	KUNIT_EXPECT_EQ(test, (u32)info.n_ttbrs, cfg->apple_dart_cfg.n_ttbrs);
	for (i = 0; i != info.n_ttbrs; i++)
		KUNIT_EXPECT_EQ(test, info.ttbr[i],
				(u64)virt_to_phys(range.top_table) +
					i * KD_GRAN);
	/* The aperture is the IAS, as apple-dart sets it for 6.12's */
	KUNIT_EXPECT_EQ(test, (u64)st->priv->domain.geometry.aperture_end,
			(u64)min_t(u64, ULONG_MAX, (1ULL << cfg->ias) - 1));
}

/*
 * Maps at the start of the first TTBR's range, across every boundary
 * between two, near the end of each and at the end of the last, with
 * several kinds of prot, then unmapped one by one
 */
static void test_cmp_dart_ttbrs(struct kunit *test)
{
	struct kcmp_state *st = test->priv;
	u64 span = BIT_ULL(KD_G + 2 * KD_S);
	u64 last = st->priv->domain.geometry.aperture_end;
	static const int prots[] = {
		IOMMU_READ, IOMMU_WRITE | IOMMU_CACHE,
		IOMMU_READ | IOMMU_WRITE, IOMMU_READ | IOMMU_CACHE,
	};
	u64 probes[16];
	unsigned int n = 0, i;
	u64 base;

	for (base = 0, i = 0; base <= last && n + 3 <= ARRAY_SIZE(probes);
	     base += span, i++) {
		u64 end = min(base + span - 1, last);
		/* The last TTBR's last page; below the next boundary's map */
		u64 gap = end == last ? 0 : 5 * KD_GRAN;
		phys_addr_t pa = kunit_pt_oa(st->priv, 0x31415926535ULL * (i + 1),
					     KD_G);

		if (base)
			/* Across the boundary below: 3 pages each side */
			kcmp_map(test, st, base - 3 * KD_GRAN, pa,
				 6 * KD_GRAN, prots[i % 4]);
		else
			kcmp_map(test, st, 0, pa, 2 * KD_GRAN, prots[i % 4]);
		probes[n++] = base + 17;
		kcmp_map(test, st, end - gap - 4 * KD_GRAN + 1, pa + SZ_1M,
			 4 * KD_GRAN, prots[(i + 1) % 4]);
		probes[n++] = end - gap - 9;
		probes[n++] = end - 2 * KD_GRAN;
		if (end == last)
			break;
	}
	kcmp_check(test, st, probes, n);
	while (st->num_maps) {
		kcmp_unmap(test, st, st->maps[0].va,
			   st->maps[0].last_va - st->maps[0].va + 1);
		kcmp_check(test, st, probes, n);
	}
	KUNIT_EXPECT_EQ(test, st->mismatches, 0);
}

static struct kunit_case kcmp_dart_test_cases[] = {
	KUNIT_CASE_PARAM(test_cmp_pgsizes, kcmp_dart_gen_params),
	KUNIT_CASE_PARAM(test_cmp_every_size, kcmp_dart_gen_params),
	KUNIT_CASE_PARAM(test_cmp_prot, kcmp_dart_gen_params),
	KUNIT_CASE_PARAM(test_cmp_random, kcmp_dart_gen_params),
	KUNIT_CASE_PARAM(test_cmp_far, kcmp_dart_gen_params),
	KUNIT_CASE_PARAM(test_cmp_dart_hw_info, kcmp_dart_gen_params),
	KUNIT_CASE_PARAM(test_cmp_dart_ttbrs, kcmp_dart_gen_params),
	{}
};

static struct kunit_suite dart_cmp_test = {
	.name = __stringify(PT_FMT) "_cmp_test",
	.init = kcmp_dart_init,
	.exit = kcmp_exit,
	.test_cases = kcmp_dart_test_cases,
};

kunit_test_suites(&dart_cmp_test);

#endif
