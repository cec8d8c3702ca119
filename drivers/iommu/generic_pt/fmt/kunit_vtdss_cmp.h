/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vtdss_cmp_test: the same operations on 6.12's VT-d second stage page
 * table (a domain of intel_iommu_ops, see kunit_vtd_old.h) and on the
 * generic vtdss table must build identical tables, entry by entry, and
 * translate alike. The configurations are those 6.12 can take from the
 * hardware: 3, 4 or 5 levels (agaw 1, 2, 3) with the width they reach, or
 * a narrower MGAW; no superpages, 2 MiB, or 2 MiB and 1 GiB; SNP on or off;
 * a nesting parent. All are coherent (iommu_coherency).
 *
 * Deliberate differences, accepted by the comparison where the rule says
 * and nowhere else, besides those every compare suite accepts
 * (kunit_iommu_cmp.h). The table memory has none: the leaves are bit for
 * bit the same (kcmp_vtdss_leaf_same()).
 *  - 6.12 refuses a read-only map on a nesting parent (ERRATA_772415_SPR17);
 *    vtdss with PT_FEAT_VTDSS_FORCE_WRITEABLE maps it R | W itself, so a
 *    caller need not know the erratum. The old side is handed IOMMU_WRITE
 *    on such maps (kcmp_vtdss_old_prot()), as a 6.12 caller has to.
 *  - 6.12's unmap claims 2 MiB or 1 GiB "unmapped" at an empty upper
 *    entry, and started inside a superpage it walks into the superpage's
 *    data page as if it were a table; the generic unmap stops at a hole and
 *    never splits a leaf. The sequences here unmap only whole earlier maps.
 *  - 6.12 cannot track dirty pages without a device (its dirty ops come
 *    with domain_alloc_user()): test_cmp_vtdss_dirty() compares what the
 *    generic read_and_clear_dirty() reports with what 6.12's rule
 *    (intel_iommu_read_and_clear_dirty() with
 *    dma_sl_pte_test_and_clear_dirty() on the old table) reports, for D bits
 *    set by hand in both tables. It queries whole maps only, where both
 *    record exactly the dirty leaves (the generic side is seen through its
 *    gather). Elsewhere they differ on purpose: 6.12 records a dirty leaf
 *    that a query starts inside from the query's start for the leaf's
 *    whole size, past the leaf's end, and steps over an empty upper entry
 *    by its whole size from wherever the query stands, skipping what
 *    follows; the generic code records the part of the leaf inside the
 *    query in the bitmap (the whole leaf in the gather, as all its D bits
 *    are cleared) and skips only the hole.
 */
#ifndef __GENERIC_PT_KUNIT_VTDSS_CMP_H
#define __GENERIC_PT_KUNIT_VTDSS_CMP_H

#include "kunit_vtd_old.h"
#include "../kunit_iommu_cmp.h"

static const struct kunit_pt_cfg kcmp_vtdss_cfgs[] = {
	/* As SAGAW and MGAW agree: 3, 4, 5 levels, every superpage choice */
	VTDSS_KUNIT_CFG("l3_va39_sp0", VTDSS_FLUSH, 39, 52, 2, 0),
	VTDSS_KUNIT_CFG("l3_va39_sp0_snp", VTDSS_FLUSH | VTDSS_SNP, 39, 52, 2,
			0),
	VTDSS_KUNIT_CFG("l3_va39_sp1", VTDSS_FLUSH, 39, 52, 2, 1),
	VTDSS_KUNIT_CFG("l3_va39_sp1_snp", VTDSS_FLUSH | VTDSS_SNP, 39, 52, 2,
			1),
	VTDSS_KUNIT_CFG("l3_va39_sp2", VTDSS_FLUSH, 39, 52, 2, 2),
	VTDSS_KUNIT_CFG("l3_va39_sp2_snp", VTDSS_FLUSH | VTDSS_SNP, 39, 52, 2,
			2),
	VTDSS_KUNIT_CFG("l4_va48_sp0", VTDSS_FLUSH, 48, 52, 3, 0),
	VTDSS_KUNIT_CFG("l4_va48_sp0_snp", VTDSS_FLUSH | VTDSS_SNP, 48, 52, 3,
			0),
	VTDSS_KUNIT_CFG("l4_va48_sp1", VTDSS_FLUSH, 48, 52, 3, 1),
	VTDSS_KUNIT_CFG("l4_va48_sp1_snp", VTDSS_FLUSH | VTDSS_SNP, 48, 52, 3,
			1),
	VTDSS_KUNIT_CFG("l4_va48_sp2", VTDSS_FLUSH, 48, 52, 3, 2),
	VTDSS_KUNIT_CFG("l4_va48_sp2_snp", VTDSS_NO_GAPS | VTDSS_SNP, 48, 52,
			3, 2),
	VTDSS_KUNIT_CFG("l5_va57_sp0", VTDSS_FLUSH, 57, 52, 4, 0),
	VTDSS_KUNIT_CFG("l5_va57_sp0_snp", VTDSS_FLUSH | VTDSS_SNP, 57, 52, 4,
			0),
	VTDSS_KUNIT_CFG("l5_va57_sp1", VTDSS_FLUSH, 57, 52, 4, 1),
	VTDSS_KUNIT_CFG("l5_va57_sp1_snp", VTDSS_FLUSH | VTDSS_SNP, 57, 52, 4,
			1),
	VTDSS_KUNIT_CFG("l5_va57_sp2", VTDSS_FLUSH, 57, 52, 4, 2),
	VTDSS_KUNIT_CFG("l5_va57_sp2_snp", VTDSS_FLUSH | VTDSS_SNP, 57, 52, 4,
			2),
	/* The top larger than the VA needs: MGAW below the levels' reach */
	VTDSS_KUNIT_CFG("l4_va42_sp2", VTDSS_FLUSH, 42, 52, 3, 2),
	VTDSS_KUNIT_CFG("l4_va46_sp2_snp", VTDSS_FLUSH | VTDSS_SNP, 46, 52, 3,
			2),
	VTDSS_KUNIT_CFG("l5_va48_sp1", VTDSS_FLUSH, 48, 52, 4, 1),
	/* A nesting parent (6.12: nested_parent) */
	VTDSS_KUNIT_CFG("l4_va48_sp2_fw", VTDSS_FLUSH | VTDSS_FW, 48, 52, 3, 2),
};

KUNIT_ARRAY_PARAM(kcmp_vtdss, kcmp_vtdss_cfgs, kunit_pt_gen_desc);

/* The 6.12 domain the hardware of the generic table's cfg would give */
static int kcmp_vtdss_old_init(struct kunit *test, struct kcmp_state *st)
{
	struct kunit_pt_priv *priv = st->priv;
	const struct pt_iommu_vtdss_cfg *cfg = &priv->cfg->cfg;
	struct kunit_vtd_old_cfg old = {
		.levels = cfg->top_level + 1,
		.gaw = priv->common->max_vasz_lg2,
		.superpage = cfg->max_leaf_level,
		.snp = kvt_has(priv, PT_FEAT_VTDSS_FORCE_COHERENCE),
		.nested_parent = kvt_has(priv, PT_FEAT_VTDSS_FORCE_WRITEABLE),
	};

	st->table_ptr_mask = VTDSS_FMT_OA;
	st->old_domain = kunit_vtd_old_alloc(&old);
	return 0;
}

static struct pt_table_p *kcmp_vtdss_old_top(struct kcmp_state *st,
					     unsigned int *level)
{
	return kunit_vtd_old_top(st->old_domain, level);
}

/* 6.12 takes IOMMU_* prot; a nesting parent must be asked for write */
static int kcmp_vtdss_old_prot(struct kcmp_state *st, int prot)
{
	if (kvt_has(st->priv, PT_FEAT_VTDSS_FORCE_WRITEABLE))
		prot |= IOMMU_WRITE;
	return prot;
}

static bool kcmp_vtdss_leaf_same(struct kcmp_state *st, u64 old_entry,
				 u64 new_entry, int prot)
{
	return old_entry == new_entry;
}

static const struct kcmp_old kcmp_vtdss_old = {
	.init = kcmp_vtdss_old_init,
	.top = kcmp_vtdss_old_top,
	.prot = kcmp_vtdss_old_prot,
	.leaf_same = kcmp_vtdss_leaf_same,
};

static int kcmp_vtdss_init(struct kunit *test)
{
	return kcmp_init(test, &kcmp_vtdss_old);
}

/*
 * What a context entry (legacy mode) or a PASID entry (scalable mode) gets
 * from 6.12 for this domain: the top table and the AW from the agaw; and
 * the aperture 6.12 gives a second stage domain of this width
 */
static void test_cmp_vtdss_hw_info(struct kunit *test)
{
	struct kcmp_state *st = test->priv;
	struct pt_iommu_vtdss_hw_info info;
	unsigned int level;
	void *pgd = kunit_vtd_old_top(st->old_domain, &level);

	pt_iommu_vtdss_hw_info(&st->priv->fmt_table, &info);
	/* Both put virt_to_phys() of their top table there */
	KUNIT_EXPECT_EQ(test, info.ssptptr,
			(u64)virt_to_phys(pt_top_range(st->priv->common).top_table));
	KUNIT_EXPECT_NE(test, (u64)virt_to_phys(pgd), 0);
	KUNIT_EXPECT_EQ(test, (int)info.aw, kunit_vtd_old_agaw(st->old_domain));
	KUNIT_EXPECT_EQ(test, (u64)st->priv->domain.geometry.aperture_start,
			(u64)st->old_domain->geometry.aperture_start);
	KUNIT_EXPECT_EQ(test, (u64)st->priv->domain.geometry.aperture_end,
			(u64)st->old_domain->geometry.aperture_end);
}

/* Set @bits, as the IOMMU would, in the leaf of @va in both tables */
static void kcmp_vtdss_set_bits(struct kcmp_state *st, u64 va, u64 bits)
{
	u64 *item = kvt_leaf_item(st->priv, va);

	WRITE_ONCE(*item, *item | bits);
	kunit_vtd_old_set_bits(st->old_domain, va, bits);
}

/*
 * Every map queried, whole, on both with @flags: the generic
 * read_and_clear_dirty() reports the same span as 6.12's rule, and both
 * leave the same table memory. Returns how many maps 6.12's rule found
 * dirty.
 */
static unsigned int kcmp_vtdss_query(struct kunit *test, struct kcmp_state *st,
				     unsigned long flags)
{
	unsigned int i, dirty = 0;

	for (i = 0; i != st->num_maps; i++) {
		u64 va = st->maps[i].va;
		u64 len = st->maps[i].last_va - va + 1;
		struct iommu_iotlb_gather gather;
		u64 first, last;

		gather = kunit_pt_read_dirty(st->priv, va, len, flags);
		kunit_vtd_old_read_dirty(st->old_domain, va, len, flags, &first,
					 &last);
		KUNIT_EXPECT_EQ_MSG(test, (u64)gather.start, first,
				    "map %llx+%llx flags %lx", va, len, flags);
		KUNIT_EXPECT_EQ_MSG(test, (u64)gather.end,
				    first > last ? 0 : last,
				    "map %llx+%llx flags %lx", va, len, flags);
		dirty += first <= last;
	}
	kcmp_check(test, st, NULL, 0);
	return dirty;
}

/*
 * Dirty tracking against 6.12's rule on the table bits. Per page size, a
 * writable and a read-only leaf, a run of four 4 KiB leaves and a run of
 * two of the largest size; the IOMMU's A and D bits are set by hand in
 * both tables on some of the leaves (D also on a read-only one, which 6.12
 * reads like any other), and A on an upper table entry. Each map is then
 * queried whole without clearing, clearing, and without clearing again.
 */
static void test_cmp_vtdss_dirty(struct kunit *test)
{
	struct kcmp_state *st = test->priv;
	u64 sizes = kcmp_old_pgsizes(st);
	u64 big = log2_to_int(log2_fls(sizes) - 1);
	struct pt_range range = pt_top_range(st->priv->common);
	unsigned int top = range.top_level;
	u64 *top_table = (u64 *)range.top_table;
	unsigned int old_level;
	u64 *old_top = kunit_vtd_old_top(st->old_domain, &old_level);
	unsigned int dirty = 0;
	u64 s;

	for (s = sizes; s; s &= s - 1) {
		u64 len = s & -s;

		kcmp_map(test, st, len, len, len, IOMMU_READ | IOMMU_WRITE);
		kcmp_map(test, st, SZ_64G + len, 2 * len, len, IOMMU_READ);
		kcmp_vtdss_set_bits(st, len, VTDSS_FMT_A | VTDSS_FMT_D);
		kcmp_vtdss_set_bits(st, SZ_64G + len, VTDSS_FMT_A);
		dirty++;
	}
	kcmp_vtdss_set_bits(st, SZ_64G + SZ_4K, VTDSS_FMT_D);
	kcmp_map(test, st, SZ_16G, SZ_1M, 4 * SZ_4K, IOMMU_WRITE);
	kcmp_vtdss_set_bits(st, SZ_16G + 2 * SZ_4K, VTDSS_FMT_D);
	kcmp_map(test, st, SZ_32G, SZ_32G, 2 * big, IOMMU_READ | IOMMU_WRITE);
	kcmp_vtdss_set_bits(st, SZ_32G + big, VTDSS_FMT_A | VTDSS_FMT_D);
	dirty += 3;
	/* The IOMMU marks the walk's upper entries accessed */
	top_table[kvt_index(SZ_16G, top)] |= VTDSS_FMT_A;
	old_top[kvt_index(SZ_16G, top)] |= VTDSS_FMT_A;
	kcmp_check(test, st, NULL, 0);

	/* NO_CLEAR keeps every D bit, a clearing query takes them all */
	KUNIT_EXPECT_EQ(test, kcmp_vtdss_query(test, st, IOMMU_DIRTY_NO_CLEAR),
			dirty);
	KUNIT_EXPECT_EQ(test, kcmp_vtdss_query(test, st, 0), dirty);
	KUNIT_EXPECT_EQ(test, kcmp_vtdss_query(test, st, IOMMU_DIRTY_NO_CLEAR),
			0);
	KUNIT_EXPECT_EQ(test, st->mismatches, 0);
}

/*
 * The two places where the dirty records differ on purpose (see the top of
 * this file), each exactly as the rule says: a clearing query starting
 * inside a dirty superpage of the largest size, and a query starting in an
 * empty top entry (2) that reaches a dirty leaf at the start of the next
 * one (3), where the aperture has them; that one without clearing, as
 * 6.12 does not see the leaf and so would not clear it either
 */
static void test_cmp_vtdss_dirty_quirks(struct kunit *test)
{
	struct kcmp_state *st = test->priv;
	u64 big = log2_to_int(log2_fls(kcmp_old_pgsizes(st)) - 1);
	struct pt_range range = pt_top_range(st->priv->common);
	struct pt_state top = pt_level_state(&range, range.top_level);
	u64 top_item = log2_to_int(pt_table_item_lg2sz(&top));
	u64 q = big + big / 2;
	struct iommu_iotlb_gather gather;
	u64 first, last;

	if (big == SZ_4K)
		goto hole;
	kcmp_map(test, st, big, SZ_1G, big, IOMMU_READ | IOMMU_WRITE);
	kcmp_vtdss_set_bits(st, big, VTDSS_FMT_D);
	gather = kunit_pt_read_dirty(st->priv, q, SZ_4K, 0);
	kunit_vtd_old_read_dirty(st->old_domain, q, SZ_4K, 0, &first, &last);
	/* 6.12: from the query's start, the leaf's size, past its end */
	KUNIT_EXPECT_EQ(test, first, q);
	KUNIT_EXPECT_EQ(test, last, q + big - 1);
	/* generic: the whole leaf, whose D bit it cleared, in the gather */
	KUNIT_EXPECT_EQ(test, (u64)gather.start, big);
	KUNIT_EXPECT_EQ(test, (u64)gather.end, 2 * big - 1);
	kcmp_check(test, st, &q, 1);

hole:
	if (4 * top_item - 1 > st->priv->domain.geometry.aperture_end)
		goto out;
	kcmp_map(test, st, 3 * top_item, SZ_2G, SZ_4K,
		 IOMMU_READ | IOMMU_WRITE);
	kcmp_vtdss_set_bits(st, 3 * top_item, VTDSS_FMT_D);
	q = 3 * top_item - 2 * SZ_4K;
	gather = kunit_pt_read_dirty(st->priv, q, 4 * SZ_4K,
				     IOMMU_DIRTY_NO_CLEAR);
	kunit_vtd_old_read_dirty(st->old_domain, q, 4 * SZ_4K,
				 IOMMU_DIRTY_NO_CLEAR, &first, &last);
	/* 6.12 steps over the whole empty top entry, and so the leaf */
	KUNIT_EXPECT_GT(test, first, last);
	KUNIT_EXPECT_EQ(test, (u64)gather.start, 3 * top_item);
	KUNIT_EXPECT_EQ(test, (u64)gather.end, 3 * top_item + SZ_4K - 1);
	kcmp_check(test, st, &q, 1);
out:
	KUNIT_EXPECT_EQ(test, st->mismatches, 0);
}

static struct kunit_case kcmp_vtdss_test_cases[] = {
	KUNIT_CASE_PARAM(test_cmp_pgsizes, kcmp_vtdss_gen_params),
	KUNIT_CASE_PARAM(test_cmp_every_size, kcmp_vtdss_gen_params),
	KUNIT_CASE_PARAM(test_cmp_prot, kcmp_vtdss_gen_params),
	KUNIT_CASE_PARAM(test_cmp_over_empty, kcmp_vtdss_gen_params),
	KUNIT_CASE_PARAM(test_cmp_random, kcmp_vtdss_gen_params),
	KUNIT_CASE_PARAM(test_cmp_far, kcmp_vtdss_gen_params),
	KUNIT_CASE_PARAM(test_cmp_vtdss_hw_info, kcmp_vtdss_gen_params),
	KUNIT_CASE_PARAM(test_cmp_vtdss_dirty, kcmp_vtdss_gen_params),
	KUNIT_CASE_PARAM(test_cmp_vtdss_dirty_quirks, kcmp_vtdss_gen_params),
	{}
};

static struct kunit_suite vtdss_cmp_test = {
	.name = "vtdss_cmp_test",
	.init = kcmp_vtdss_init,
	.exit = kcmp_exit,
	.test_cases = kcmp_vtdss_test_cases,
};

kunit_test_suites(&vtdss_cmp_test);

#endif
