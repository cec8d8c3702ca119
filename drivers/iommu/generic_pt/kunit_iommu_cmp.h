/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The compare suites, <fmt>_cmp_test: the same operations on the 6.12
 * io_pgtable a format replaces and on the generic table must build
 * identical tables, entry by entry, and translate alike. This is the
 * machinery they share; fmt/kunit_<fmt>_cmp.h adds the glue for its old
 * code and its own tests.
 *
 * The old table is driven the way the IOMMU core drives a driver. An
 * io_pgtable (the AMD code) gets ranges split into (pgsize, pgcount) calls
 * as iommu_map() and iommu_unmap() split them, with the prot the 6.12
 * driver hands its io_pgtable. A 6.12 driver whose page table code is not
 * an io_pgtable (VT-d) is driven through a domain of its own ops, by the
 * iommu core itself: iommu_map(), iommu_unmap() and its iotlb_sync,
 * iommu_iova_to_phys(). Every range mapped is kept in a shadow list with
 * its prot, so that a format's deliberate differences can be accepted
 * precisely: only the bits a rule names, only on the leaves the rule is
 * about.
 *
 * Differences every compare suite accepts:
 *  - the old code never frees a table that unmap emptied; where it still
 *    points at such a table the generic table is empty, and the old table
 *    below must then hold nothing;
 *  - table entries point at different memory, so their pointer bits are
 *    not compared (the tables they point at are, recursively);
 *  - the old code silently replaces existing mappings, the generic code
 *    refuses them: the sequences here never overlap.
 *
 * A compilation unit includes this file once, after kunit_iommu.h,
 * and may then define several compare suites, one per old side: each
 * defines a struct kcmp_old, its configurations with KUNIT_ARRAY_PARAM()
 * and the suite, whose init calls kcmp_init() with its struct kcmp_old and
 * whose cases are the test_cmp_*() functions below and its own.
 */
#ifndef __GENERIC_PT_KUNIT_IOMMU_CMP_H
#define __GENERIC_PT_KUNIT_IOMMU_CMP_H

#include <linux/io-pgtable.h>

/* A range mapped on both tables */
struct kcmp_map {
	u64 va;
	u64 last_va;
	phys_addr_t pa;
	int prot;
};

#define KCMP_MAX_MAPS 128

struct kcmp_state;

/**
 * struct kcmp_old - the old side of a compare suite
 * @init: make the old table: set either @old and @old_cfg of the state,
 *        or its @old_domain, and its @table_ptr_mask; the side's own state
 *        may go in @fmt
 * @exit: undo what @init did besides the old table, freed before (may be
 *        NULL)
 * @top: the old top table; sets *@level to its level
 * @prot: the prot the 6.12 driver hands its io_pgtable or its domain for
 *        an IOMMU_* prot
 * @leaf_same: whether the old code's leaf @old_entry and the generic
 *             @new_entry agree for a map with @prot: equal, but for the
 *             suite's deliberate differences, which must then be exactly as
 *             the rule says on both sides
 */
struct kcmp_old {
	int (*init)(struct kunit *test, struct kcmp_state *st);
	void (*exit)(struct kcmp_state *st);
	struct pt_table_p *(*top)(struct kcmp_state *st, unsigned int *level);
	int (*prot)(struct kcmp_state *st, int prot);
	bool (*leaf_same)(struct kcmp_state *st, u64 old_entry, u64 new_entry,
			  int prot);
};

/**
 * struct kcmp_state - one compare test
 * @priv: the generic table's test state (kunit_iommu_fixture.h)
 * @side: the old side
 * @old: the old io_pgtable, or NULL
 * @old_cfg: its configuration
 * @old_domain: the old driver's domain, or NULL
 * @table_ptr_mask: the bits of a table entry that point at the lower table
 * @fmt: the old side's own state
 * @maps: every range mapped on both and not unmapped since
 * @num_maps: the number of @maps
 * @mismatches: entries found different so far
 */
struct kcmp_state {
	struct kunit_pt_priv *priv;
	const struct kcmp_old *side;
	struct io_pgtable_ops *old;
	struct io_pgtable_cfg *old_cfg;
	struct iommu_domain *old_domain;
	u64 table_ptr_mask;
	void *fmt;
	struct kcmp_map maps[KCMP_MAX_MAPS];
	unsigned int num_maps;
	unsigned int mismatches;
};

/* --- Setup --- */

/* A compare suite's init: the generic table, then @side's old table */
static int kcmp_init(struct kunit *test, const struct kcmp_old *side)
{
	struct kcmp_state *st;
	int ret;

	st = kunit_kzalloc(test, sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	st->side = side;
	ret = kunit_pt_init_cfg(test, test->param_value);
	/* From here on kcmp_exit() finds the state in test->priv */
	st->priv = test->priv;
	test->priv = st;
	kunit_pt_skip_unbuilt(test, ret);
	if (ret)
		return ret;
	ret = side->init(test, st);
	if (ret)
		return ret;
	return st->old || st->old_domain ? 0 : -ENOMEM;
}

static void kcmp_exit(struct kunit *test)
{
	struct kcmp_state *st = test->priv;

	if (!st)
		return;
	/* Only an io_pgtable side sets it; a kernel may have none left */
	if (IS_ENABLED(CONFIG_IOMMU_IO_PGTABLE) && st->old)
		free_io_pgtable_ops(st->old);
	if (st->old_domain)
		iommu_domain_free(st->old_domain);
	if (st->side->exit)
		st->side->exit(st);
	test->priv = st->priv;
	kunit_pt_exit(test);
}

/* The page sizes of the old table */
static u64 kcmp_old_pgsizes(struct kcmp_state *st)
{
	if (st->old_domain)
		return st->old_domain->pgsize_bitmap;
	return st->old_cfg->pgsize_bitmap;
}

static phys_addr_t kcmp_old_iova_to_phys(struct kcmp_state *st, u64 iova)
{
	if (st->old_domain)
		return iommu_iova_to_phys(st->old_domain, iova);
	return st->old->iova_to_phys(st->old, iova);
}

/* --- Comparing the trees --- */

/*
 * An IOVA of the upper range of a PT_FEAT_UPPER_RANGE table: the bits
 * above it set. The tests name low IOVAs; the items are the same.
 */
static u64 kcmp_va(struct kcmp_state *st, u64 va)
{
	struct pt_common *common = st->priv->common;

	if (!pt_feature(common, PT_FEAT_UPPER_RANGE))
		return va;
	return va | ~log2_to_max_int(common->max_vasz_lg2);
}

/* A table-level VA as the caller names it: sign extended if need be */
static u64 kcmp_canonical(struct kcmp_state *st, struct pt_range *range,
			  u64 va)
{
	if (!pt_feature(st->priv->common, PT_FEAT_SIGN_EXTEND))
		return kcmp_va(st, va);
	return sign_extend64(va, pt_top_lg2sz(range) - 1);
}

static const struct kcmp_map *kcmp_find(struct kcmp_state *st, u64 va)
{
	unsigned int i;

	va = kcmp_va(st, va);
	for (i = 0; i != st->num_maps; i++)
		if (st->maps[i].va <= va && va <= st->maps[i].last_va)
			return &st->maps[i];
	return NULL;
}

/* The old table below an entry the generic table dropped holds nothing */
static bool kcmp_old_empty(struct pt_state *pts)
{
	unsigned int i, num = log2_to_int(pt_num_items_lg2(pts));

	for (i = 0; i != num; i++) {
		struct pt_state item = *pts;

		item.index = i;
		switch (pt_load_entry_raw(&item)) {
		case PT_ENTRY_OA:
			return false;
		case PT_ENTRY_TABLE: {
			struct pt_state lower = item;

			lower.table = pt_table_ptr(&item);
			lower.level--;
			if (!kcmp_old_empty(&lower))
				return false;
			break;
		}
		case PT_ENTRY_EMPTY:
			break;
		}
	}
	return true;
}

static void kcmp_tables(struct kunit *test, struct kcmp_state *st,
			struct pt_state *old, struct pt_state *new, u64 va)
{
	unsigned int i, num = log2_to_int(pt_num_items_lg2(new));

	for (i = 0; i != num && st->mismatches < 8; i++) {
		struct pt_state o = *old, n = *new;
		u64 item_va = kcmp_canonical(st, new->range,
					     va + ((u64)i <<
						   pt_table_item_lg2sz(new)));
		bool same;

		o.index = i;
		n.index = i;
		o.type = pt_load_entry_raw(&o);
		n.type = pt_load_entry_raw(&n);
		if (o.type == PT_ENTRY_TABLE && n.type == PT_ENTRY_TABLE) {
			struct pt_state ol = o, nl = n;

			same = (o.entry & ~st->table_ptr_mask) ==
			       (n.entry & ~st->table_ptr_mask);
			ol.table = pt_table_ptr(&o);
			nl.table = pt_table_ptr(&n);
			ol.level--;
			nl.level--;
			if (same)
				kcmp_tables(test, st, &ol, &nl, item_va);
		} else if (o.type == PT_ENTRY_TABLE &&
			   n.type == PT_ENTRY_EMPTY) {
			struct pt_state ol = o;

			ol.table = pt_table_ptr(&o);
			ol.level--;
			same = kcmp_old_empty(&ol);
		} else if (o.type == PT_ENTRY_OA && n.type == PT_ENTRY_OA) {
			const struct kcmp_map *map = kcmp_find(st, item_va);

			/* A leaf outside every map is wrong on its own */
			same = map && st->side->leaf_same(st, o.entry, n.entry,
							       map->prot);
		} else {
			same = o.entry == n.entry;
		}
		if (!same) {
			st->mismatches++;
			KUNIT_FAIL(test,
				   "level %u va %llx: old %016llx new %016llx",
				   new->level, item_va, o.entry, n.entry);
		}
	}
}

/* Compare the whole trees, their depth and their translations */
static void kcmp_check(struct kunit *test, struct kcmp_state *st,
		       const u64 *probes, unsigned int num_probes)
{
	struct pt_range range = pt_top_range(st->priv->common);
	struct pt_state old, new;
	unsigned int old_level;
	unsigned int i;

	old = pt_level_state(&range, range.top_level);
	old.table = st->side->top(st, &old_level);
	KUNIT_ASSERT_EQ(test, old_level, range.top_level);
	new = old;
	new.table = range.top_table;
	kcmp_tables(test, st, &old, &new, 0);

	for (i = 0; i != num_probes; i++)
		KUNIT_EXPECT_EQ_MSG(test,
				    iommu_iova_to_phys(&st->priv->domain,
						       kcmp_va(st, probes[i])),
				    kcmp_old_iova_to_phys(st,
							  kcmp_va(st, probes[i])),
				    "iova %llx", kcmp_va(st, probes[i]));
}

/* --- Driving both tables --- */

/*
 * The page size and count iommu_map() and iommu_unmap() use for the next
 * part of [va, va + size) at @pa (iommu_pgsize(), in 64-bit arithmetic)
 */
static u64 kcmp_pgsize(u64 bitmap, u64 va, u64 pa, u64 size, u64 *count)
{
	u64 addr_merge = va | pa;
	u64 pgsizes = bitmap & log2_to_max_int(log2_fls(size));
	u64 pgsize, next, offset;
	unsigned int idx;

	if (addr_merge)
		pgsizes &= log2_to_max_int(log2_ffs(addr_merge) + 1);
	idx = log2_fls(pgsizes) - 1;
	pgsize = log2_to_int(idx);

	/* Fewer small pages if a larger page starts inside the range */
	pgsizes = bitmap & ~log2_to_max_int(idx + 1);
	if (pgsizes) {
		next = pgsizes & -pgsizes;
		offset = next - (addr_merge & (next - 1));
		if (!((va ^ pa) & (next - 1)) && offset + next > offset &&
		    offset + next <= size)
			size = offset;
	}
	*count = size >> idx;
	return pgsize;
}

/* Map on the old table the way iommu_map() splits a range */
static void kcmp_map_old(struct kunit *test, struct kcmp_state *st, u64 va,
			 phys_addr_t pa, u64 len, int prot)
{
	u64 bitmap = kcmp_old_pgsizes(st);

	if (st->old_domain) {
		KUNIT_ASSERT_EQ_MSG(test,
				    iommu_map(st->old_domain, va, pa, len,
					      st->side->prot(st, prot),
					      GFP_KERNEL),
				    0, "old map %llx+%llx", va, len);
		return;
	}
	while (len) {
		u64 count, pgsize = kcmp_pgsize(bitmap, va, pa, len, &count);
		size_t mapped = 0;

		KUNIT_ASSERT_EQ_MSG(test,
				    st->old->map_pages(st->old, va, pa, pgsize,
						       count,
						       st->side->prot(st, prot),
						       GFP_KERNEL, &mapped),
				    0, "old map %llx+%llx", va, pgsize * count);
		KUNIT_ASSERT_NE(test, mapped, 0);
		va += mapped;
		pa += mapped;
		len -= mapped;
	}
}

static void kcmp_map(struct kunit *test, struct kcmp_state *st, u64 va,
		     phys_addr_t pa, u64 len, int prot)
{
	va = kcmp_va(st, va);
	KUNIT_ASSERT_LT(test, st->num_maps, KCMP_MAX_MAPS);
	KUNIT_ASSERT_EQ_MSG(test, iommu_map(&st->priv->domain, va, pa, len,
					    prot, GFP_KERNEL), 0,
			    "map %llx+%llx", va, len);
	kcmp_map_old(test, st, va, pa, len, prot);
	st->maps[st->num_maps++] = (struct kcmp_map){
		.va = va, .last_va = va + len - 1, .pa = pa, .prot = prot };
}

/*
 * Unmap a whole earlier map on both, the way iommu_unmap() splits it;
 * both must remove all of it
 */
static void kcmp_unmap(struct kunit *test, struct kcmp_state *st, u64 va,
		       u64 len)
{
	u64 bitmap = kcmp_old_pgsizes(st);
	u64 done = 0;
	unsigned int i;

	va = kcmp_va(st, va);
	for (i = 0; i != st->num_maps; i++)
		if (st->maps[i].va == va && st->maps[i].last_va == va + len - 1)
			break;
	KUNIT_ASSERT_LT_MSG(test, i, st->num_maps, "unmap %llx+%llx", va,
			    len);
	st->maps[i] = st->maps[--st->num_maps];

	KUNIT_ASSERT_EQ(test, iommu_unmap(&st->priv->domain, va, len), len);
	if (st->old_domain) {
		KUNIT_EXPECT_EQ(test, iommu_unmap(st->old_domain, va, len), len);
		return;
	}
	while (done < len) {
		u64 count, pgsize = kcmp_pgsize(bitmap, va + done, va + done,
						len - done, &count);
		struct iommu_iotlb_gather gather;
		size_t unmapped;

		iommu_iotlb_gather_init(&gather);
		unmapped = st->old->unmap_pages(st->old, va + done, pgsize,
						count, &gather);
		KUNIT_ASSERT_NE(test, unmapped, 0);
		done += unmapped;
	}
	KUNIT_EXPECT_EQ(test, done, len);
}

/* --- Tests every compare suite runs --- */

/* Both offer the same page sizes */
static void test_cmp_pgsizes(struct kunit *test)
{
	struct kcmp_state *st = test->priv;

	KUNIT_EXPECT_EQ(test, (u64)st->priv->domain.pgsize_bitmap,
			kcmp_old_pgsizes(st));
}

/* One leaf of every size, contiguous ones included, then unmapped */
static void test_cmp_every_size(struct kunit *test)
{
	struct kcmp_state *st = test->priv;
	u64 sizes = kcmp_old_pgsizes(st);
	u64 probes[3 * BITS_PER_LONG_LONG];
	unsigned int num = 0;
	u64 s;

	/* [size, 2 * size) are disjoint for different powers of two */
	for (s = sizes; s; s &= s - 1) {
		u64 len = s & -s;

		kcmp_map(test, st, len, len, len,
			 IOMMU_READ | (num % 2 ? 0 : IOMMU_WRITE));
		probes[num++] = len;
		probes[num++] = len + len / 2 + 16;
		probes[num++] = 2 * len - 1;
	}
	kcmp_check(test, st, probes, num);
	for (s = sizes; s; s &= s - 1)
		kcmp_unmap(test, st, s & -s, s & -s);
	kcmp_check(test, st, probes, num);
}

/* Every size with every kind of prot, one at a time */
static void test_cmp_prot(struct kunit *test)
{
	struct kcmp_state *st = test->priv;
	static const int prots[] = {
		IOMMU_READ,
		IOMMU_WRITE,
		IOMMU_READ | IOMMU_WRITE,
		IOMMU_READ | IOMMU_MMIO,
		IOMMU_READ | IOMMU_WRITE | IOMMU_MMIO,
		IOMMU_READ | IOMMU_WRITE | IOMMU_NOEXEC | IOMMU_CACHE |
			IOMMU_PRIV,
	};
	u64 max_va = st->priv->domain.geometry.aperture_end;
	u64 s;

	for (s = kcmp_old_pgsizes(st); s; s &= s - 1) {
		u64 len = s & -s;
		unsigned int i;

		for (i = 0; i != ARRAY_SIZE(prots); i++) {
			u64 va = len * (1 + i % 2);
			phys_addr_t pa = kunit_pt_oa(st->priv,
						     0x0123456789abcdefULL * (i + 1),
						     log2_ffs(len));
			u64 probe = va + len / 2 + 3;

			if (va + len - 1 > max_va)
				break;
			kcmp_map(test, st, va, pa, len, prots[i]);
			kcmp_check(test, st, &probe, 1);
			kcmp_unmap(test, st, va, len);
		}
	}
	KUNIT_EXPECT_EQ(test, st->mismatches, 0);
}

/* A leaf over tables that unmap emptied: both free them */
static void __maybe_unused test_cmp_over_empty(struct kunit *test)
{
	struct kcmp_state *st = test->priv;
	u64 probes[] = { SZ_2M, SZ_2M + SZ_4K + 1, SZ_1G + SZ_64K };

	kcmp_map(test, st, SZ_2M + SZ_4K, SZ_4K, SZ_4K, IOMMU_READ);
	kcmp_unmap(test, st, SZ_2M + SZ_4K, SZ_4K);
	kcmp_map(test, st, SZ_2M, SZ_2M, SZ_2M, IOMMU_READ);
	kcmp_check(test, st, probes, ARRAY_SIZE(probes));
	kcmp_map(test, st, SZ_1G + SZ_64K, SZ_64K, SZ_64K, IOMMU_WRITE);
	kcmp_unmap(test, st, SZ_1G + SZ_64K, SZ_64K);
	kcmp_map(test, st, SZ_1G, SZ_1G, SZ_1G, IOMMU_READ | IOMMU_WRITE);
	kcmp_check(test, st, probes, ARRAY_SIZE(probes));
}

/*
 * Random disjoint maps and whole unmaps, compared as they go. Now and then
 * a map goes far up the aperture, and in a sign extended table into the
 * upper half.
 */
static void test_cmp_random(struct kunit *test)
{
	struct kcmp_state *st = test->priv;
	u64 sizes = kcmp_old_pgsizes(st) & GENMASK_ULL(30, 0);
	u64 max_va = st->priv->domain.geometry.aperture_end;
	/* The low part of the aperture the maps go to, 8 GiB at most */
	u64 window = max_va >= SZ_8G ? SZ_8G : max_va + 1;
	bool se = pt_feature(st->priv->common, PT_FEAT_SIGN_EXTEND);
	struct rnd_state rnd;
	u64 probes[64];
	unsigned int op, i;

	prandom_seed_state(&rnd, 7);
	for (op = 0; op != 600; op++) {
		if (prandom_u32_state(&rnd) % 3 && st->num_maps < 64) {
			u64 len = kunit_pt_random_size(sizes, &rnd);
			u64 va, pa;
			int prot;

			len *= 1 + prandom_u32_state(&rnd) % 3;
			/* A small aperture may not hold the longest maps */
			if (len >= window)
				continue;
			va = log2_align_down(kunit_pt_rand64(&rnd) %
					     (window - len), log2_ffs(len));
			if (op % 50 == 0)
				va |= 1ULL << min(39 + op % 20,
						  log2_fls(max_va) - 1);
			if (se && op % 100 == 0)
				va |= ~max_va;
			va = kcmp_va(st, va);
			/* A small aperture: the high bit may take it past */
			if ((!se && va + len - 1 > max_va) || va + len - 1 < va)
				continue;
			/* Below 2^48, and in the OA space */
			pa = kunit_pt_oa(st->priv, kunit_pt_rand64(&rnd) >> 16,
					 log2_ffs(len));
			if ((pa + len - 1) >> st->priv->common->max_oasz_lg2)
				continue;
			if (kcmp_find(st, va) || kcmp_find(st, va + len - 1))
				continue;
			for (i = 0; i != st->num_maps; i++)
				if (va <= st->maps[i].va &&
				    st->maps[i].va <= va + len - 1)
					break;
			if (i != st->num_maps)
				continue;
			prot = IOMMU_READ | (op & 1 ? IOMMU_WRITE : 0) |
			       (op % 7 == 0 ? IOMMU_MMIO : 0);
			kcmp_map(test, st, va, pa, len, prot);
		} else if (st->num_maps) {
			i = prandom_u32_state(&rnd) % st->num_maps;
			kcmp_unmap(test, st, st->maps[i].va,
				   st->maps[i].last_va - st->maps[i].va + 1);
		}
		if (op % 20)
			continue;
		for (i = 0; i != ARRAY_SIZE(probes); i++)
			probes[i] = i < st->num_maps ?
				st->maps[i].va + i * 0x111 %
				(st->maps[i].last_va - st->maps[i].va) :
				kunit_pt_rand64(&rnd) % window;
		kcmp_check(test, st, probes, ARRAY_SIZE(probes));
		KUNIT_ASSERT_EQ(test, st->mismatches, 0);
	}
}

/*
 * Every size at the top of the aperture and, sign extended, at both ends
 * of the upper half: 6.12 indexes the top table with the raw VA bits. For
 * the suites whose old side has a limited aperture (not amdv1's).
 */
static void __maybe_unused test_cmp_far(struct kunit *test)
{
	struct kcmp_state *st = test->priv;
	u64 last = st->priv->domain.geometry.aperture_end;
	bool se = pt_feature(st->priv->common, PT_FEAT_SIGN_EXTEND);
	u64 probes[12];
	unsigned int num = 0;
	u64 s;

	for (s = kcmp_old_pgsizes(st); s; s &= s - 1) {
		u64 len = s & -s;
		u64 va = last - 2 * len + 1;

		/* The top of the lower half, one size below the next */
		kcmp_map(test, st, va, len, len, IOMMU_READ | IOMMU_WRITE);
		probes[num++] = va + len / 3;
		if (!se)
			continue;
		/* The top and the bottom of the upper half */
		va = -2 * len;
		kcmp_map(test, st, va, 2 * len, len, IOMMU_READ);
		probes[num++] = va + len - 1;
		va = ~last + 2 * len;
		kcmp_map(test, st, va, 3 * len, len, IOMMU_WRITE);
		probes[num++] = va + 7;
	}
	kcmp_check(test, st, probes, num);
	while (st->num_maps)
		kcmp_unmap(test, st, st->maps[0].va,
			   st->maps[0].last_va - st->maps[0].va + 1);
	kcmp_check(test, st, probes, num);
}

#endif
