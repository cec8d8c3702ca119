/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * KUnit tests of the IOMMU operations, compiled per format by
 * fmt/kunit_<fmt>.c. Suite: <fmt>_iommu_test.
 *
 * The table is driven through the public iommu API (iommu_map(),
 * iommu_unmap(), iommu_iova_to_phys()) of a test domain whose iotlb_sync
 * records what it was asked to flush and frees the gathered tables. The
 * domain's ops are IOMMU_PT_DOMAIN_OPS(), so the iommu core hands whole
 * ranges to map_range/unmap_range; the suite <fmt>_iommu_split_test runs
 * the same cases with ops without those two, through the 6.12 core path
 * that splits ranges with iommu_pgsize() into map_pages/unmap_pages. Results
 * are checked against a shadow list of what was mapped, kept apart from
 * the table code, and table memory is compared word by word where an op
 * must not change it.
 *
 * The including file defines kunit_pt_cfgs[], the configurations every
 * test runs over, and may define facts of the format that the tests check:
 *   KUNIT_PT_WRITE_ONLY_IS_RW - IOMMU_WRITE alone maps read-write, as in a
 *                               format where every present entry is readable
 *   KUNIT_PT_DIRTY_ON_MAP     - writable leaves are written with the dirty
 *                               bit already set
 *   KUNIT_PT_READ_ONLY_IS_RW(priv) - IOMMU_READ alone maps read-write in the
 *                               configuration of @priv, as on a table whose
 *                               leaves are all forced writable
 */
#ifndef __GENERIC_PT_KUNIT_IOMMU_H
#define __GENERIC_PT_KUNIT_IOMMU_H

#include <kunit/test.h>
#include <linux/iommu.h>
#include <linux/iova_bitmap.h>
#include <linux/math64.h>
#include <linux/mman.h>
#include <linux/prandom.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "../iommu-pages.h"

#ifndef KUNIT_PT_WRITE_ONLY_IS_RW
#define KUNIT_PT_WRITE_ONLY_IS_RW false
#endif
#ifndef KUNIT_PT_DIRTY_ON_MAP
#define KUNIT_PT_DIRTY_ON_MAP false
#endif
#ifndef KUNIT_PT_READ_ONLY_IS_RW
#define KUNIT_PT_READ_ONLY_IS_RW(priv) ((void)(priv), false)
#endif

struct kunit_pt_priv {
	union {
		struct iommu_domain domain;
		struct pt_iommu_table fmt_table;
	};
	struct iommu_domain_ops ops;
	struct pt_iommu_driver_ops driver_ops;
	/* Stands in for the driver's lock around its device table */
	spinlock_t top_lock;
	struct pt_common *common;
	const struct kunit_pt_cfg *cfg;
	void *scratch;
	bool initialized;

	/* What the test iotlb_sync saw since kunit_pt_reset_sync() */
	unsigned int sync_calls;
	unsigned long freed_pages;
	u64 synced_va;
	u64 synced_last_va;
	/* The range of each of the first KUNIT_PT_SYNCS non-empty syncs */
#define KUNIT_PT_SYNCS 8
	unsigned int sync_ranges;
	u64 sync_va[KUNIT_PT_SYNCS];
	u64 sync_last_va[KUNIT_PT_SYNCS];

	unsigned int change_top_calls;
	unsigned int changed_top_level;
	phys_addr_t changed_top_pa;

	/* What the test iotlb_sync_map saw */
	unsigned int sync_map_calls;
	u64 sync_map_va;
	u64 sync_map_len;
};

static_assert(offsetof(struct kunit_pt_priv, domain) ==
	      offsetof(struct kunit_pt_priv, fmt_table.iommu.domain));

static struct kunit_pt_priv *kunit_pt_to_priv(struct iommu_domain *domain)
{
	return container_of(domain, struct kunit_pt_priv, domain);
}

/*
 * CPU pages per table: the library counts table memory in CPU pages, the
 * tests count tables (a 16 KiB or 64 KiB Arm granule is several pages)
 */
#define KUNIT_PT_TABLE_ORDER get_order(log2_to_int(PT_TABLEMEM_LG2SZ))

/*
 * Free a gather's freelist as a driver must: a table of several CPU pages
 * (a 16 KiB or 64 KiB Arm granule) whole, where iommu_put_pages_list()
 * would free its first page only
 */
static void kunit_pt_put_tables(struct list_head *freelist)
{
	struct page *page, *tmp;

	list_for_each_entry_safe(page, tmp, freelist, lru) {
		list_del(&page->lru);
		iommu_free_pages(page_address(page),
				 get_order(log2_to_int(PT_TABLEMEM_LG2SZ)));
	}
}

static void kunit_pt_iotlb_sync(struct iommu_domain *domain,
				struct iommu_iotlb_gather *gather)
{
	struct kunit_pt_priv *priv = kunit_pt_to_priv(domain);
	struct page *page;

	priv->sync_calls++;
	if (gather->start <= gather->end) {
		priv->synced_va = min_t(u64, priv->synced_va, gather->start);
		priv->synced_last_va = max_t(u64, priv->synced_last_va,
					     gather->end);
		if (priv->sync_ranges < KUNIT_PT_SYNCS) {
			priv->sync_va[priv->sync_ranges] = gather->start;
			priv->sync_last_va[priv->sync_ranges] = gather->end;
		}
		priv->sync_ranges++;
	}
	/* As a driver must: free the tables only after the flush */
	list_for_each_entry(page, &gather->freelist, lru)
		priv->freed_pages++;
	kunit_pt_put_tables(&gather->freelist);
}

static void kunit_pt_reset_sync(struct kunit_pt_priv *priv)
{
	priv->sync_calls = 0;
	priv->synced_va = U64_MAX;
	priv->synced_last_va = 0;
	priv->sync_ranges = 0;
	priv->sync_map_calls = 0;
}

static int kunit_pt_iotlb_sync_map(struct iommu_domain *domain,
				   unsigned long iova, size_t size)
{
	struct kunit_pt_priv *priv = kunit_pt_to_priv(domain);

	priv->sync_map_calls++;
	priv->sync_map_va = iova;
	priv->sync_map_len = size;
	return 0;
}

static void kunit_pt_change_top(struct pt_iommu *iommu_table,
				phys_addr_t top_pa, unsigned int top_level)
{
	struct kunit_pt_priv *priv = kunit_pt_to_priv(&iommu_table->domain);

	lockdep_assert_held(&priv->top_lock);
	priv->change_top_calls++;
	priv->changed_top_pa = top_pa;
	priv->changed_top_level = top_level;
}

static spinlock_t *kunit_pt_get_top_lock(struct pt_iommu *iommu_table)
{
	return &kunit_pt_to_priv(&iommu_table->domain)->top_lock;
}

static void kunit_pt_gen_desc(const struct kunit_pt_cfg *cfg, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", cfg->name);
}

KUNIT_ARRAY_PARAM(kunit_pt, kunit_pt_cfgs, kunit_pt_gen_desc);

/* 64 random bits; prandom has no 64-bit helper in this tree */
static u64 kunit_pt_rand64(struct rnd_state *rnd)
{
	return (u64)prandom_u32_state(rnd) << 32 | prandom_u32_state(rnd);
}

/* A random number below @n, with a division 32-bit kernels can do */
static u64 kunit_pt_rand_below(struct rnd_state *rnd, u64 n)
{
	u64 rem;

	div64_u64_rem(kunit_pt_rand64(rnd), n, &rem);
	return rem;
}

/* IOMMU_PT_DOMAIN_OPS() wants the format's name itself, not PT_FMT */
#define KUNIT_PT_DOMAIN_OPS(fmt) IOMMU_PT_DOMAIN_OPS(fmt)

/* Set up a table of configuration @cfg as test->priv */
static int kunit_pt_init_cfg(struct kunit *test, const struct kunit_pt_cfg *cfg)
{
	struct kunit_pt_priv *priv;
	int ret;

	priv = kunit_kzalloc(test, sizeof(*priv), GFP_KERNEL);
	if (!priv)
		return -ENOMEM;
	test->priv = priv;
	priv->cfg = cfg;
	/* As a converted driver has them: the core's direct path */
	priv->ops = (struct iommu_domain_ops){
		KUNIT_PT_DOMAIN_OPS(PT_FMT),
		.iotlb_sync_map = kunit_pt_iotlb_sync_map,
		.iotlb_sync = kunit_pt_iotlb_sync,
	};
	priv->driver_ops = (struct pt_iommu_driver_ops){
		.change_top = kunit_pt_change_top,
		.get_top_lock = kunit_pt_get_top_lock,
	};
	spin_lock_init(&priv->top_lock);
	priv->domain.type = IOMMU_DOMAIN_UNMANAGED;
	priv->domain.ops = &priv->ops;
	priv->fmt_table.iommu.driver_ops = &priv->driver_ops;
	priv->fmt_table.iommu.nid = NUMA_NO_NODE;
	kunit_pt_reset_sync(priv);

	ret = NS(init)(&priv->fmt_table, &priv->cfg->cfg, GFP_KERNEL);
	if (ret)
		return ret;
	priv->initialized = true;
	priv->common = &priv->fmt_table.PT_FMT_MEMBER.common;
	/* A table's worth: several CPU pages with a 16 KiB or 64 KiB granule */
	priv->scratch = (void *)__get_free_pages(GFP_KERNEL | __GFP_ZERO,
						 KUNIT_PT_TABLE_ORDER);
	if (!priv->scratch)
		return -ENOMEM;
	return 0;
}

static int kunit_pt_init(struct kunit *test)
{
	return kunit_pt_init_cfg(test, test->param_value);
}

/*
 * The domain of a driver that has not opted in: no map_range/unmap_range,
 * so the core splits each range with iommu_pgsize() as 6.12 does
 */
static int kunit_pt_init_split(struct kunit *test)
{
	struct kunit_pt_priv *priv;
	int ret;

	ret = kunit_pt_init(test);
	priv = test->priv;
	if (priv) {
		priv->ops.map_range = NULL;
		priv->ops.unmap_range = NULL;
	}
	return ret;
}

/* Table memory alive, in tables of PT_TABLEMEM_LG2SZ */
static long kunit_pt_live_pages(struct kunit_pt_priv *priv)
{
	return atomic_long_read(&priv->fmt_table.iommu.debug_table_pages) >>
	       KUNIT_PT_TABLE_ORDER;
}

static void kunit_pt_exit(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;

	if (!priv)
		return;
	if (priv->initialized) {
		pt_iommu_deinit(&priv->fmt_table.iommu);
		/* Every table page went back: none leaked */
		KUNIT_EXPECT_EQ(test, kunit_pt_live_pages(priv), 0);
	}
	free_pages((unsigned long)priv->scratch, KUNIT_PT_TABLE_ORDER);
}

/* --- Looking at the table from the outside --- */

struct kunit_pt_snapshot {
	u64 *words;
	size_t num;
	size_t max;
	size_t tables;
};

/* Count tables, and with a snapshot buffer record every word of each */
static int __kunit_pt_visit(struct pt_state *pts, void *arg)
{
	struct kunit_pt_snapshot *snap = arg;
	unsigned int i, num = log2_to_int(pt_num_items_lg2(pts));

	for (i = 0; i != num; i++) {
		struct pt_state item = *pts;

		item.index = i;
		item.va = log2_align_down(pts->va,
					  pt_table_lg2sz(pts)) +
			  ((pt_vaddr_t)i << pt_table_item_lg2sz(pts));
		item.last_va = log2_set_mod_max(item.va,
						pt_table_item_lg2sz(pts));
		item.type = pt_load_entry_raw(&item);
		if (item.type == PT_ENTRY_TABLE && !snap->words)
			snap->tables++;
		if (snap->words && snap->num < snap->max)
			snap->words[snap->num] = item.entry;
		snap->num++;
		if (item.type == PT_ENTRY_TABLE)
			pt_descend(&item, arg, __kunit_pt_visit);
	}
	return 0;
}

/*
 * The first top table, in tables of PT_TABLEMEM_LG2SZ: several for a
 * concatenated top
 */
static long kunit_pt_top_pages(struct pt_common *common)
{
	return 1L << (get_order(log2_to_int(pt_top_memsize_lg2(common))) -
		      KUNIT_PT_TABLE_ORDER);
}

static size_t kunit_pt_count_tables(struct kunit_pt_priv *priv)
{
	struct pt_range range = pt_top_range(priv->common);
	struct kunit_pt_snapshot snap = {};

	pt_walk_range(&range, __kunit_pt_visit, &snap);
	/* The tables linked below the top, and the top's pages */
	return snap.tables + kunit_pt_top_pages(priv->common);
}

KUNIT_DEFINE_ACTION_WRAPPER(kunit_pt_kvfree, kvfree, const void *);

static struct kunit_pt_snapshot kunit_pt_snapshot(struct kunit *test,
						  struct kunit_pt_priv *priv)
{
	struct pt_range range = pt_top_range(priv->common);
	struct kunit_pt_snapshot snap = {};

	pt_walk_range(&range, __kunit_pt_visit, &snap);
	snap.max = snap.num;
	snap.num = 0;
	/* 8192 words per 64 KiB table: more than kmalloc gives at once */
	snap.words = kvcalloc(max_t(size_t, snap.max, 1), sizeof(u64),
			      GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, snap.words);
	KUNIT_ASSERT_EQ(test,
			kunit_add_action_or_reset(test, kunit_pt_kvfree,
						  snap.words),
			0);
	pt_walk_range(&range, __kunit_pt_visit, &snap);
	return snap;
}

/* The table must be word for word what it was */
static void kunit_pt_expect_unchanged(struct kunit *test,
				      struct kunit_pt_priv *priv,
				      struct kunit_pt_snapshot *before,
				      const char *what)
{
	struct kunit_pt_snapshot after = kunit_pt_snapshot(test, priv);

	KUNIT_ASSERT_EQ_MSG(test, after.num, before->num, "%s", what);
	KUNIT_EXPECT_EQ_MSG(test,
			    memcmp(after.words, before->words,
				   after.num * sizeof(u64)),
			    0, "%s changed the table", what);
}

static u64 kunit_pt_max_va(struct kunit_pt_priv *priv)
{
	return priv->domain.geometry.aperture_end;
}

/* Sizes the tests map: all of them, minus those too big for the VA */
static u64 kunit_pt_sizes(struct kunit_pt_priv *priv)
{
	return priv->domain.pgsize_bitmap &
	       log2_to_max_int(log2_fls(kunit_pt_max_va(priv)) - 1);
}

/*
 * An OA aligned to @lg2sz in the lower half of what both the table and
 * phys_addr_t can hold, so that a mapping from it also fits
 */
static phys_addr_t kunit_pt_oa(struct kunit_pt_priv *priv, u64 seed,
			       unsigned int lg2sz)
{
	unsigned int bits = min_t(unsigned int, priv->common->max_oasz_lg2,
				  8 * sizeof(phys_addr_t));

	return log2_align_down(seed & log2_to_max_int(bits - 1), lg2sz);
}

static void kunit_pt_expect_phys(struct kunit *test,
				 struct kunit_pt_priv *priv, u64 iova,
				 u64 len, phys_addr_t pa)
{
	u64 offs[] = { 0, len / 2 + 8, len - 1 };
	unsigned int i;

	for (i = 0; i != ARRAY_SIZE(offs); i++)
		KUNIT_EXPECT_EQ_MSG(test,
				    iommu_iova_to_phys(&priv->domain,
						       iova + offs[i]),
				    pa ? pa + offs[i] : 0,
				    "iova %llx len %llx", iova + offs[i], len);
}

/* The size of the leaf mapping @iova, found by walking the table */
static int __kunit_pt_leaf_lg2(struct pt_state *pts, void *arg)
{
	switch (pt_load_entry(pts)) {
	case PT_ENTRY_OA:
		*(unsigned int *)arg = pt_entry_lg2sz(pts);
		return 0;
	case PT_ENTRY_TABLE:
		return pt_descend(pts, arg, __kunit_pt_leaf_lg2);
	default:
		return -ENOENT;
	}
}

static unsigned int kunit_pt_leaf_lg2(struct kunit_pt_priv *priv, u64 iova)
{
	struct pt_range range;
	unsigned int lg2sz = 0;

	if (pt_make_range(priv->common, &range, iova, iova) ||
	    !pt_range_in_top(&range))
		return 0;
	pt_walk_range(&range, __kunit_pt_leaf_lg2, &lg2sz);
	return lg2sz;
}

/* --- Tests --- */

/* Map one leaf of every size; translate, check its size, unmap */
static void test_map_every_size(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	u64 sizes = kunit_pt_sizes(priv);

	while (sizes) {
		unsigned int lg2sz = log2_fls(sizes) - 1;
		u64 len = log2_to_int(lg2sz);
		/* The second aligned slot, so the VA is not all zero */
		u64 iova = len <= kunit_pt_max_va(priv) / 2 ? len : 0;
		phys_addr_t pa = kunit_pt_oa(priv, 0xabcdef12345678ULL, lg2sz);

		sizes &= ~len;
		if (!pa)
			pa = len;
		if (pa + (len - 1) > log2_to_max_int(priv->common->max_oasz_lg2))
			continue;
		kunit_pt_reset_sync(priv);
		KUNIT_ASSERT_EQ_MSG(test,
				    iommu_map(&priv->domain, iova, pa, len,
					      IOMMU_READ | IOMMU_WRITE,
					      GFP_KERNEL),
				    0, "size %llx", len);
		kunit_pt_expect_phys(test, priv, iova, len, pa);
		KUNIT_EXPECT_EQ(test, kunit_pt_leaf_lg2(priv, iova), lg2sz);
		KUNIT_EXPECT_EQ(test, iommu_unmap(&priv->domain, iova, len),
				len);
		kunit_pt_expect_phys(test, priv, iova, len, 0);
		/* The flush covered the leaf */
		KUNIT_EXPECT_LE(test, priv->synced_va, iova);
		KUNIT_EXPECT_GE(test, priv->synced_last_va, iova + len - 1);
	}
}

/*
 * Mapping a large leaf where only emptied tables remain replaces them with
 * one leaf and frees them, after a flush.
 */
static void test_map_over_empty_tables(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	u64 sizes = kunit_pt_sizes(priv);
	struct pt_range range = pt_top_range(priv->common);
	struct pt_state lvl0 = pt_level_state(&range, 0);
	unsigned int big_lg2, small_lg2 = log2_ffs(sizes);
	u64 big, small;
	long pages;
	unsigned long freed;

	sizes &= ~log2_to_max_int(pt_table_lg2sz(&lvl0));
	if (!sizes) {
		/*
		 * Leaves at level 0 only: no leaf can take the place of a
		 * table. The table may still have more levels (a VT-d second
		 * stage without superpages).
		 */
		kunit_skip(test, "no leaf above level 0");
	}
	big_lg2 = log2_ffs(sizes);
	big = log2_to_int(big_lg2);
	small = log2_to_int(small_lg2);

	/* Tables down to level 0 under [big, 2 * big), then emptied */
	KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, big + small, 0, small,
					IOMMU_READ, GFP_KERNEL), 0);
	KUNIT_ASSERT_EQ(test, iommu_unmap(&priv->domain, big + small, small),
			small);
	pages = kunit_pt_live_pages(priv);
	freed = priv->freed_pages;
	kunit_pt_reset_sync(priv);

	KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, big, big, big,
					IOMMU_READ, GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, kunit_pt_leaf_lg2(priv, big + small), big_lg2);
	kunit_pt_expect_phys(test, priv, big, big, big);
	/* The tables below the leaf went, through a flush of their VA */
	KUNIT_EXPECT_LT(test, kunit_pt_live_pages(priv), pages);
	KUNIT_EXPECT_EQ(test, priv->freed_pages - freed,
			pages - kunit_pt_live_pages(priv));
	KUNIT_EXPECT_GE(test, priv->sync_calls, 1);
	KUNIT_EXPECT_LE(test, priv->synced_va, big);
	KUNIT_EXPECT_GE(test, priv->synced_last_va, big + big - 1);
	KUNIT_EXPECT_EQ(test, kunit_pt_count_tables(priv),
			kunit_pt_live_pages(priv));
}

/*
 * Unmap never splits: starting inside a leaf removes nothing, ending
 * inside one removes all of it and the gather covers all of it.
 */
static void test_unmap_no_split(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	u64 sizes = kunit_pt_sizes(priv);
	unsigned int small_lg2 = log2_ffs(sizes);
	u64 small = log2_to_int(small_lg2);

	sizes &= ~small;
	while (sizes) {
		unsigned int lg2sz = log2_ffs(sizes);
		u64 len = log2_to_int(lg2sz);
		u64 iova = len;
		struct iommu_iotlb_gather gather;
		struct kunit_pt_snapshot snap;

		sizes &= ~len;
		if (iova + len - 1 > kunit_pt_max_va(priv))
			break;
		KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, iova, len, len,
						IOMMU_WRITE, GFP_KERNEL), 0);
		KUNIT_ASSERT_EQ(test, kunit_pt_leaf_lg2(priv, iova), lg2sz);

		/* Starting inside the leaf: nothing happens */
		snap = kunit_pt_snapshot(test, priv);
		iommu_iotlb_gather_init(&gather);
		KUNIT_EXPECT_EQ(test,
				priv->ops.unmap_pages(&priv->domain,
						      iova + small, small, 1,
						      &gather),
				0);
		KUNIT_EXPECT_GT(test, gather.start, gather.end);
		kunit_pt_expect_unchanged(test, priv, &snap,
					  "unmap inside a leaf");
		kunit_pt_expect_phys(test, priv, iova, len, len);

		/* Ending inside it: all of it goes and is gathered */
		KUNIT_EXPECT_EQ(test,
				priv->ops.unmap_pages(&priv->domain, iova,
						      small, 1, &gather),
				len);
		KUNIT_EXPECT_EQ(test, gather.start, iova);
		KUNIT_EXPECT_EQ(test, (u64)gather.end, iova + len - 1);
		kunit_pt_iotlb_sync(&priv->domain, &gather);
		KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(&priv->domain, iova),
				0);
	}
}

/* One size picked at random from a bitmap of sizes */
static u64 kunit_pt_random_size(u64 sizes, struct rnd_state *rnd)
{
	unsigned int pick = prandom_u32_state(rnd) % hweight64(sizes);

	while (pick--)
		sizes &= sizes - 1;
	return sizes & -sizes;
}

/* --- A shadow of what is mapped, independent of the table code --- */

struct kunit_pt_shadow {
	u64 va;
	u64 last_va;
	phys_addr_t pa;
};

#define KUNIT_PT_SHADOW_MAX 256

struct kunit_pt_model {
	struct kunit_pt_shadow maps[KUNIT_PT_SHADOW_MAX];
	unsigned int num;
};

static bool kunit_pt_model_overlaps(struct kunit_pt_model *model, u64 va,
				    u64 last_va)
{
	unsigned int i;

	for (i = 0; i != model->num; i++)
		if (va <= model->maps[i].last_va &&
		    model->maps[i].va <= last_va)
			return true;
	return false;
}

/* Expected translation of @va, 0 if not mapped */
static phys_addr_t kunit_pt_model_phys(struct kunit_pt_model *model, u64 va)
{
	unsigned int i;

	for (i = 0; i != model->num; i++)
		if (model->maps[i].va <= va && va <= model->maps[i].last_va)
			return model->maps[i].pa + (va - model->maps[i].va);
	return 0;
}

static void kunit_pt_model_check(struct kunit *test,
				 struct kunit_pt_priv *priv,
				 struct kunit_pt_model *model,
				 struct rnd_state *rnd, u64 window)
{
	unsigned int i;

	for (i = 0; i != model->num; i++) {
		struct kunit_pt_shadow *map = &model->maps[i];

		kunit_pt_expect_phys(test, priv, map->va,
				     map->last_va - map->va + 1, map->pa);
	}
	for (i = 0; i != 32; i++) {
		u64 va = kunit_pt_rand_below(rnd, window);

		KUNIT_EXPECT_EQ_MSG(test, iommu_iova_to_phys(&priv->domain, va),
				    kunit_pt_model_phys(model, va),
				    "probe %llx", va);
	}
}

/*
 * Random maps and unmaps checked against the shadow. Maps that collide
 * must fail with -EADDRINUSE and change nothing. Unmaps remove whole
 * earlier maps (a map's leaves never reach outside it), alone or with
 * their neighbours.
 */
static void test_random_ops(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	u64 sizes = kunit_pt_sizes(priv) & GENMASK_ULL(22, 0);
	u64 window = min_t(u64, SZ_64M, kunit_pt_max_va(priv) / 2 + 1);
	struct kunit_pt_model *model;
	struct rnd_state rnd;
	unsigned int op, collisions = 0, unmaps = 0;

	model = kunit_kzalloc(test, sizeof(*model), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, model);
	prandom_seed_state(&rnd, 42);

	KUNIT_ASSERT_NE(test, sizes, 0);

	for (op = 0; op != 1500; op++) {
		u32 dice = prandom_u32_state(&rnd) % 8;

		if (dice < 5 && model->num < KUNIT_PT_SHADOW_MAX) {
			u64 len = kunit_pt_random_size(sizes, &rnd), va, last_va;
			phys_addr_t pa;
			bool overlap;
			int ret;

			len *= 1 + prandom_u32_state(&rnd) % 4;
			if (len > window / 4)
				len = log2_to_int(log2_ffs(sizes));
			va = kunit_pt_rand_below(&rnd, window - len);
			va = log2_align_down(va, log2_ffs(len));
			/* Sometimes far up, to grow the top */
			if (op % 97 == 0 &&
			    kunit_pt_max_va(priv) > window * 2)
				va = log2_align_down(kunit_pt_max_va(priv) -
						     len * 2 + 1,
						     log2_ffs(len));
			last_va = va + len - 1;
			pa = kunit_pt_oa(priv, kunit_pt_rand64(&rnd) >> 20,
					 log2_ffs(len));
			overlap = kunit_pt_model_overlaps(model, va, last_va);

			if (overlap && op % 2) {
				/*
				 * iommu_map() splits the range and undoes the
				 * parts mapped before the collision; what it
				 * undoes may free tables that were empty. Only
				 * the translations must stay.
				 */
				ret = iommu_map(&priv->domain, va, pa, len,
						IOMMU_READ, GFP_KERNEL);
				KUNIT_ASSERT_EQ_MSG(test, ret, -EADDRINUSE,
						    "map %llx+%llx", va, len);
				kunit_pt_model_check(test, priv, model, &rnd,
						     window);
				collisions++;
				continue;
			}
			if (overlap) {
				/* One map_pages() call changes nothing at all */
				struct kunit_pt_snapshot snap =
					kunit_pt_snapshot(test, priv);
				/* The largest size that divides the range */
				u64 pgsize = log2_to_int(log2_fls(kunit_pt_sizes(priv) &
					log2_to_max_int(log2_ffs(len) + 1)) - 1);
				size_t mapped = 0;

				ret = priv->ops.map_pages(&priv->domain, va, pa,
							  pgsize,
							  len >> log2_ffs(pgsize),
							  IOMMU_READ, GFP_KERNEL,
							  &mapped);
				KUNIT_ASSERT_EQ_MSG(test, ret, -EADDRINUSE,
						    "map %llx+%llx", va, len);
				KUNIT_EXPECT_EQ(test, mapped, 0);
				kunit_pt_expect_unchanged(test, priv, &snap,
							  "colliding map");
				collisions++;
				continue;
			}
			ret = iommu_map(&priv->domain, va, pa, len,
					IOMMU_READ | IOMMU_WRITE, GFP_KERNEL);
			KUNIT_ASSERT_EQ_MSG(test, ret, 0, "op %u map %llx+%llx",
					    op, va, len);
			model->maps[model->num++] = (struct kunit_pt_shadow){
				.va = va, .last_va = last_va, .pa = pa };
		} else if (model->num) {
			unsigned int i = prandom_u32_state(&rnd) % model->num;
			struct kunit_pt_shadow map = model->maps[i];
			u64 len = map.last_va - map.va + 1;

			KUNIT_ASSERT_EQ_MSG(test,
					    iommu_unmap(&priv->domain, map.va,
							len),
					    len, "unmap %llx+%llx", map.va,
					    len);
			model->maps[i] = model->maps[--model->num];
			unmaps++;
		}
		if (op % 16 == 0)
			kunit_pt_model_check(test, priv, model, &rnd, window);
		if (op % 64 == 0)
			KUNIT_ASSERT_EQ(test, kunit_pt_count_tables(priv),
					kunit_pt_live_pages(priv));
	}
	kunit_pt_model_check(test, priv, model, &rnd, window);
	KUNIT_EXPECT_GT(test, collisions, 0);
	KUNIT_EXPECT_GT(test, unmaps, 0);
	kunit_info(test, "%u ops, %u collisions, %u unmaps, %u left mapped",
		   op, collisions, unmaps, model->num);
}

/*
 * A fixed top reaches the end of the aperture as it is: a map there needs
 * no new top and the HW is never told of one.
 */
static void kunit_pt_fixed_top(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	u64 gran = log2_to_int(PT_GRANULE_LG2SZ);
	u64 last = log2_align_down(kunit_pt_max_va(priv), PT_GRANULE_LG2SZ);
	struct pt_range before = pt_top_range(priv->common), after;

	KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, last, 2 * gran, gran,
					IOMMU_READ, GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(&priv->domain, last + 5),
			2 * gran + 5);
	KUNIT_EXPECT_EQ(test, kunit_pt_leaf_lg2(priv, last), PT_GRANULE_LG2SZ);
	after = pt_top_range(priv->common);
	KUNIT_EXPECT_EQ(test, priv->change_top_calls, 0);
	KUNIT_EXPECT_EQ(test, after.top_level, before.top_level);
	KUNIT_EXPECT_PTR_EQ(test, after.top_table, before.top_table);
	KUNIT_EXPECT_EQ(test, iommu_unmap(&priv->domain, last, gran), gran);
	KUNIT_EXPECT_EQ(test, kunit_pt_count_tables(priv),
			kunit_pt_live_pages(priv));
}

/*
 * A growing top gains levels one by one; old mappings stay, the HW is
 * told. A fixed one never changes.
 */
static void test_top_growth(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	unsigned int gran_lg2 = PT_GRANULE_LG2SZ;
	u64 gran = log2_to_int(gran_lg2);
	struct pt_range range;
	unsigned int level;

	if (!pt_feature(priv->common, PT_FEAT_DYNAMIC_TOP)) {
		kunit_pt_fixed_top(test);
		return;
	}
	KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, 0, gran, gran,
					IOMMU_READ, GFP_KERNEL), 0);

	range = pt_top_range(priv->common);
	for (level = range.top_level + 1; level <= PT_MAX_TOP_LEVEL;
	     level++) {
		struct pt_state lvl = pt_level_state(&range, level - 1);
		unsigned int lg2sz = pt_table_lg2sz(&lvl);
		u64 iova;

		/* The first VA the old top cannot reach, if callers can */
		if (lg2sz >= priv->common->max_vasz_lg2 ||
		    lg2sz >= BITS_PER_LONG)
			break;
		iova = log2_to_int(lg2sz);
		priv->change_top_calls = 0;
		KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, iova, 2 * gran,
						gran, IOMMU_READ, GFP_KERNEL),
				0);
		KUNIT_EXPECT_EQ(test, priv->change_top_calls, 1);
		KUNIT_EXPECT_EQ(test, priv->changed_top_level, level);
		range = pt_top_range(priv->common);
		KUNIT_EXPECT_EQ(test, range.top_level, level);
		KUNIT_EXPECT_EQ(test, priv->changed_top_pa,
				virt_to_phys(range.top_table));
		KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(&priv->domain, iova + 5),
				2 * gran + 5);
		KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(&priv->domain, 7),
				gran + 7);
		KUNIT_EXPECT_EQ(test, iommu_unmap(&priv->domain, iova, gran),
				gran);
	}
	KUNIT_EXPECT_EQ(test, kunit_pt_count_tables(priv),
			kunit_pt_live_pages(priv));
}

/* Bad input gets its errno and leaves every word of the table alone */
static void test_bad_input(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	u64 gran = log2_to_int(log2_ffs(priv->domain.pgsize_bitmap));
	u64 max_va = kunit_pt_max_va(priv);
	struct iommu_iotlb_gather gather;
	struct kunit_pt_snapshot snap;
	size_t mapped = 0;
	int (*map)(struct iommu_domain *domain, unsigned long iova,
		   phys_addr_t paddr, size_t pgsize, size_t pgcount, int prot,
		   gfp_t gfp, size_t *mapped) = priv->ops.map_pages;
	struct iommu_domain *dom = &priv->domain;
	const int rw = IOMMU_READ | IOMMU_WRITE;

	/* Something mapped, so there is something to disturb */
	KUNIT_ASSERT_EQ(test, iommu_map(dom, 8 * gran, 0, 4 * gran, rw,
					GFP_KERNEL), 0);
	snap = kunit_pt_snapshot(test, priv);

	KUNIT_EXPECT_EQ(test, map(dom, gran, 0, gran, 1, 0, GFP_KERNEL,
				  &mapped), -EINVAL);
	KUNIT_EXPECT_EQ(test, map(dom, gran, 0, gran, 1, IOMMU_CACHE,
				  GFP_KERNEL, &mapped), -EINVAL);
	KUNIT_EXPECT_EQ(test, map(dom, gran + 1, 0, gran, 1, rw, GFP_KERNEL,
				  &mapped), -EINVAL);
	KUNIT_EXPECT_EQ(test, map(dom, gran, 1, gran, 1, rw, GFP_KERNEL,
				  &mapped), -EINVAL);
	KUNIT_EXPECT_EQ(test, map(dom, gran, 0, gran, 0, rw, GFP_KERNEL,
				  &mapped), -EINVAL);
	KUNIT_EXPECT_EQ(test, map(dom, gran, 0, 0, 1, rw, GFP_KERNEL,
				  &mapped), -EINVAL);
	KUNIT_EXPECT_EQ(test, map(dom, gran, 0, 3 * gran, 1, rw, GFP_KERNEL,
				  &mapped), -EINVAL);
	/* Wraps past the end of the address space */
	KUNIT_EXPECT_EQ(test, map(dom, ULONG_MAX & ~(gran - 1), 0, gran, 2, rw,
				  GFP_KERNEL, &mapped), -EOVERFLOW);
	/* Overlaps what is mapped, at its start, middle and end */
	KUNIT_EXPECT_EQ(test, map(dom, 6 * gran, 0, gran, 3, rw, GFP_KERNEL,
				  &mapped), -EADDRINUSE);
	KUNIT_EXPECT_EQ(test, map(dom, 10 * gran, 0, gran, 1, rw, GFP_KERNEL,
				  &mapped), -EADDRINUSE);
	KUNIT_EXPECT_EQ(test, map(dom, 11 * gran, 0, gran, 4, rw, GFP_KERNEL,
				  &mapped), -EADDRINUSE);
	KUNIT_EXPECT_EQ(test, map(dom, 0, 0, gran, 64, rw, GFP_KERNEL,
				  &mapped), -EADDRINUSE);
	/* OA beyond the output width */
	if (priv->common->max_oasz_lg2 < 8 * sizeof(phys_addr_t)) {
		phys_addr_t big_pa = log2_to_int(priv->common->max_oasz_lg2);

		KUNIT_EXPECT_EQ(test, map(dom, gran, big_pa, gran, 1, rw,
					  GFP_KERNEL, &mapped), -ERANGE);
	}
	/* Beyond the aperture */
	if (max_va < ULONG_MAX)
		KUNIT_EXPECT_EQ(test, map(dom, max_va + 1, 0, gran, 1, rw,
					  GFP_KERNEL, &mapped), -ERANGE);
	KUNIT_EXPECT_EQ(test, mapped, 0);

	/* Unmaps that cannot happen return 0 and gather nothing */
	iommu_iotlb_gather_init(&gather);
	KUNIT_EXPECT_EQ(test, priv->ops.unmap_pages(dom, 9 * gran + 1, gran,
						    1, &gather), 0);
	KUNIT_EXPECT_EQ(test, priv->ops.unmap_pages(dom, 8 * gran, gran, 0,
						    &gather), 0);
	KUNIT_EXPECT_EQ(test, priv->ops.unmap_pages(dom, 100 * gran, gran, 1,
						    &gather), 0);
	KUNIT_EXPECT_GT(test, gather.start, gather.end);
	KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(dom, max_va), 0);
	kunit_pt_expect_unchanged(test, priv, &snap, "bad input");
}

/*
 * Fill the level 0 table under [span, 2 * span) with single items (the OA
 * is only granular) and return span, the VA one level 0 table covers; 0
 * if the top is level 0, with no table below it to free.
 */
static u64 kunit_pt_map_level0_table(struct kunit *test,
				     struct kunit_pt_priv *priv)
{
	struct pt_range range = pt_top_range(priv->common);
	struct pt_state lvl0 = pt_level_state(&range, 0);
	u64 gran = log2_to_int(log2_ffs(priv->domain.pgsize_bitmap));
	u64 span = log2_to_int(pt_table_lg2sz(&lvl0));

	if (span * 2 - 1 > kunit_pt_max_va(priv)) {
		KUNIT_EXPECT_EQ(test, range.top_level, 0);
		return 0;
	}
	KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, span, gran, span,
					IOMMU_READ, GFP_KERNEL), 0);
	KUNIT_ASSERT_EQ(test, kunit_pt_leaf_lg2(priv, span + span / 2),
			log2_ffs(gran));
	kunit_pt_reset_sync(priv);
	priv->freed_pages = 0;
	return span;
}

/* An unmap covering a whole table frees it through the gather */
static void test_unmap_frees_tables(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	u64 span = kunit_pt_map_level0_table(test, priv);
	long pages = kunit_pt_live_pages(priv);

	if (!span)
		return;

	KUNIT_ASSERT_EQ(test, iommu_unmap(&priv->domain, span, span), span);
	KUNIT_EXPECT_EQ(test, kunit_pt_live_pages(priv), pages - 1);
	KUNIT_EXPECT_EQ(test, priv->freed_pages, 1);
	KUNIT_EXPECT_LE(test, priv->synced_va, span);
	KUNIT_EXPECT_GE(test, priv->synced_last_va, 2 * span - 1);
	KUNIT_EXPECT_EQ(test, kunit_pt_count_tables(priv),
			kunit_pt_live_pages(priv));
}

/*
 * The lazy path (flush queue, iommu.strict=0): dma-iommu unmaps into a
 * gather marked queued and hands the gather's freelist to the flush
 * queue, which frees it after a later flush of the whole domain. An unmap
 * emptying a table must leave that table on the freelist: neither free it
 * nor sync the gather itself.
 */
static void test_unmap_queued_gather(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	u64 span = kunit_pt_map_level0_table(test, priv);
	long pages = kunit_pt_live_pages(priv);
	struct iommu_iotlb_gather gather;
	unsigned int listed = 0;
	struct page *page;

	if (!span)
		return;
	iommu_iotlb_gather_init(&gather);
	gather.queued = true;
	KUNIT_ASSERT_EQ(test, iommu_unmap_fast(&priv->domain, span, span,
					       &gather), span);
	kunit_pt_expect_phys(test, priv, span, span, 0);
	KUNIT_EXPECT_TRUE(test, gather.queued);
	KUNIT_EXPECT_EQ(test, priv->sync_calls, 0);
	list_for_each_entry(page, &gather.freelist, lru)
		listed++;
	KUNIT_EXPECT_EQ(test, listed, 1);
	KUNIT_EXPECT_EQ(test, kunit_pt_live_pages(priv), pages - 1);

	/* The flush queue's turn: the flush, then the freelist is freed */
	kunit_pt_iotlb_sync(&priv->domain, &gather);
	KUNIT_EXPECT_EQ(test, priv->freed_pages, 1);
	KUNIT_EXPECT_EQ(test, kunit_pt_count_tables(priv),
			kunit_pt_live_pages(priv));
}

/*
 * Map a @big leaf at @iova and after it @tail bytes of small leaves that
 * need a table below the leaf's level, then remove both with one
 * unmap_pages() call of pgcount 1 over twice @big.
 */
static void kunit_pt_leaf_then_table(struct kunit *test,
				     struct kunit_pt_priv *priv, u64 iova,
				     u64 big, u64 small, u64 tail)
{
	unsigned int big_lg2 = log2_ffs(big), small_lg2 = log2_ffs(small);
	struct iommu_iotlb_gather gather;
	size_t tables_big, tables_tail;
	long pages;

	KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, iova,
					kunit_pt_oa(priv, big, big_lg2), big,
					IOMMU_READ | IOMMU_WRITE, GFP_KERNEL),
			0);
	KUNIT_ASSERT_EQ(test, kunit_pt_leaf_lg2(priv, iova), big_lg2);
	tables_big = kunit_pt_count_tables(priv);
	/* An OA that is an odd multiple of @small keeps every leaf small */
	KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, iova + big,
					kunit_pt_oa(priv, 3 * small, small_lg2),
					tail, IOMMU_READ | IOMMU_WRITE,
					GFP_KERNEL),
			0);
	KUNIT_ASSERT_EQ(test, kunit_pt_leaf_lg2(priv, iova + big), small_lg2);
	KUNIT_ASSERT_EQ(test, kunit_pt_leaf_lg2(priv, iova + big + tail - 1),
			small_lg2);
	/* The small leaves went into new tables next to the big leaf */
	tables_tail = kunit_pt_count_tables(priv);
	KUNIT_ASSERT_GT(test, tables_tail, tables_big);

	pages = kunit_pt_live_pages(priv);
	kunit_pt_reset_sync(priv);
	priv->freed_pages = 0;
	iommu_iotlb_gather_init(&gather);
	KUNIT_EXPECT_EQ_MSG(test,
			    priv->ops.unmap_pages(&priv->domain, iova, 2 * big,
						  1, &gather),
			    big + tail, "big %llx tail %llx", big, tail);
	kunit_pt_iotlb_sync(&priv->domain, &gather);

	/* Nothing is left of either, and every removed leaf was flushed */
	kunit_pt_expect_phys(test, priv, iova, big, 0);
	kunit_pt_expect_phys(test, priv, iova + big, tail, 0);
	KUNIT_EXPECT_LE(test, priv->synced_va, iova);
	KUNIT_EXPECT_GE(test, priv->synced_last_va, iova + big + tail - 1);

	/* The tables that went away, and only they, went to the gather */
	KUNIT_EXPECT_EQ(test, priv->freed_pages,
			tables_tail - kunit_pt_count_tables(priv));
	KUNIT_EXPECT_EQ(test, priv->freed_pages,
			pages - kunit_pt_live_pages(priv));
	/* With no hole after the small leaves, their tables are all empty */
	if (tail == big)
		KUNIT_EXPECT_EQ(test, priv->freed_pages,
				tables_tail - tables_big);
}

/*
 * A large leaf and right after it a table of small leaves, under one
 * unmap_pages() call with pgcount 1: a hole stops an unmap, a table does
 * not, so both go (regression: the one-leaf walk stopped at the table and
 * returned the large leaf only; found by the harness's libFuzzer target).
 * The 6.12 iommu core would split such a call, so the op is called
 * directly, as a caller handing over the whole range does.
 *
 * Every size in pgsize_bitmap at least as large as a table of the
 * smallest size is followed by one small leaf (then a hole); the size of
 * one such table is also followed by a table full of small leaves, which
 * must be freed through the gather.
 */
static void test_unmap_leaf_then_table(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	struct pt_range range = pt_top_range(priv->common);
	struct pt_state lvl0 = pt_level_state(&range, 0);
	u64 sizes = kunit_pt_sizes(priv);
	u64 small = log2_to_int(log2_ffs(sizes));
	u64 span = log2_to_int(pt_table_lg2sz(&lvl0));
	u64 lim = min_t(u64, kunit_pt_max_va(priv), ULONG_MAX);
	unsigned int ran = 0;

	sizes &= ~(span - 1);
	while (sizes) {
		u64 big = log2_to_int(log2_ffs(sizes));

		/* The window [2 * big, 4 * big): in the VA and size_t */
		if (big - 1 > (lim - 3) >> 2)
			break;
		sizes &= ~big;
		kunit_pt_leaf_then_table(test, priv, 2 * big, big, small,
					 small);
		/* [0, 2 * span) is free: no window of another size is there */
		if (big == span)
			kunit_pt_leaf_then_table(test, priv, 0, big, small,
						 big);
		ran++;
	}
	if (!ran)
		kunit_skip(test, "pgsize_bitmap %lx has no leaf of %llx or more",
			   priv->domain.pgsize_bitmap, span);
}

/*
 * Two unmaps into one gather: with PT_FEAT_FLUSH_RANGE_NO_GAPS the first
 * range is flushed before a disjoint second one is added, otherwise the
 * gather spans both.
 */
static void test_unmap_gather_gaps(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	u64 gran = log2_to_int(log2_ffs(priv->domain.pgsize_bitmap));
	bool no_gaps = pt_feature(priv->common, PT_FEAT_FLUSH_RANGE_NO_GAPS);
	struct iommu_iotlb_gather gather;

	KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, gran, 0, gran,
					IOMMU_READ, GFP_KERNEL), 0);
	KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, 5 * gran, 0, gran,
					IOMMU_READ, GFP_KERNEL), 0);
	kunit_pt_reset_sync(priv);
	iommu_iotlb_gather_init(&gather);
	KUNIT_EXPECT_EQ(test, priv->ops.unmap_pages(&priv->domain, gran, gran,
						    1, &gather), gran);
	KUNIT_EXPECT_EQ(test, priv->ops.unmap_pages(&priv->domain, 5 * gran,
						    gran, 1, &gather), gran);
	KUNIT_EXPECT_EQ(test, priv->sync_calls, no_gaps ? 1 : 0);
	KUNIT_EXPECT_EQ(test, gather.start, no_gaps ? 5 * gran : gran);
	KUNIT_EXPECT_EQ(test, (u64)gather.end, 6 * gran - 1);
	kunit_pt_iotlb_sync(&priv->domain, &gather);
}

/*
 * One map over two regions of emptied tables with a gap between them:
 * [0, span) and [2 * span, 3 * span) each hold an empty level 0 table,
 * [span, 2 * span) holds none. The map replaces both tables by leaves and
 * frees them after a flush. With PT_FEAT_FLUSH_RANGE_NO_GAPS no flush may
 * span the gap, whose VA was not freed (regression: the map path merged
 * the two ranges into one gather, as the unmap path does not).
 */
static void test_map_free_gather_gaps(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	struct pt_range range = pt_top_range(priv->common);
	struct pt_state lvl0 = pt_level_state(&range, 0);
	bool no_gaps = pt_feature(priv->common, PT_FEAT_FLUSH_RANGE_NO_GAPS);
	u64 gran = log2_to_int(log2_ffs(priv->domain.pgsize_bitmap));
	u64 span = log2_to_int(pt_table_lg2sz(&lvl0));
	unsigned long freed;
	size_t mapped = 0;
	unsigned int i;
	long pages;

	if (!(priv->domain.pgsize_bitmap & span) ||
	    3 * span - 1 > kunit_pt_max_va(priv) || 3 * span - 1 > ULONG_MAX)
		kunit_skip(test, "no leaf of one level 0 table's span %llx",
			   span);
	/* A table under [0, span) and one under [2 * span, 3 * span) */
	for (i = 0; i < 3; i += 2) {
		KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, i * span, 0,
						gran, IOMMU_READ, GFP_KERNEL),
				0);
		KUNIT_ASSERT_EQ(test, iommu_unmap(&priv->domain, i * span,
						  gran),
				gran);
	}
	pages = kunit_pt_live_pages(priv);
	freed = priv->freed_pages;
	kunit_pt_reset_sync(priv);

	/* One call; an OA that is an odd multiple of span: leaves of span */
	KUNIT_ASSERT_EQ(test, priv->ops.map_pages(&priv->domain, 0, span, span,
						  3, IOMMU_READ, GFP_KERNEL,
						  &mapped),
			0);
	KUNIT_EXPECT_EQ(test, mapped, 3 * span);
	kunit_pt_expect_phys(test, priv, 0, 3 * span, span);
	KUNIT_EXPECT_EQ(test, kunit_pt_live_pages(priv), pages - 2);
	KUNIT_EXPECT_EQ(test, priv->freed_pages - freed, 2);
	KUNIT_EXPECT_GE(test, priv->sync_ranges, no_gaps ? 2 : 1);
	KUNIT_ASSERT_LE(test, priv->sync_ranges, KUNIT_PT_SYNCS);
	for (i = 0; no_gaps && i != priv->sync_ranges; i++)
		KUNIT_EXPECT_TRUE_MSG(test,
				      priv->sync_last_va[i] < span ||
				      priv->sync_va[i] >= 2 * span,
				      "sync %u of [%llx, %llx] spans the gap [%llx, %llx)",
				      i, priv->sync_va[i],
				      priv->sync_last_va[i], span, 2 * span);
	KUNIT_EXPECT_EQ(test, priv->synced_va, 0);
	KUNIT_EXPECT_GE(test, priv->synced_last_va, 3 * span - 1);
}

/* What read_and_clear_dirty() recorded, seen through a gather */
static struct iommu_iotlb_gather kunit_pt_read_dirty(struct kunit_pt_priv *priv,
						     u64 iova, u64 len,
						     unsigned long flags)
{
	struct iommu_iotlb_gather gather;
	struct iommu_dirty_bitmap dirty;

	iommu_dirty_bitmap_init(&dirty, NULL, &gather);
	NS(read_and_clear_dirty)(&priv->domain, iova, len, flags, &dirty);
	return gather;
}

/*
 * A read-only leaf never reads dirty. A fresh writable leaf reads dirty
 * only in a format that maps it dirty, and then until the first read. A D
 * bit on any item of a leaf reports the whole leaf; NO_CLEAR keeps it, a
 * normal read clears every item of the leaf.
 */
static void test_dirty(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	struct pt_iommu *iommu_table = &priv->fmt_table.iommu;
	u64 sizes = kunit_pt_sizes(priv) & GENMASK_ULL(30, 0);
	/* Reads cover every leaf mapped here, within the aperture */
	u64 window = min(4 * log2_to_int(log2_fls(sizes)),
			 kunit_pt_max_va(priv));
	struct iommu_iotlb_gather gather;

	while (sizes) {
		u64 len = log2_to_int(log2_ffs(sizes));
		u64 offs[] = { 0, len / 2, len - 1 };
		unsigned int i;

		sizes &= sizes - 1;
		KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, len, len, len,
						IOMMU_READ, GFP_KERNEL), 0);
		gather = kunit_pt_read_dirty(priv, 0, window, 0);
		KUNIT_EXPECT_GT(test, gather.start, gather.end);
		KUNIT_EXPECT_EQ(test, iommu_unmap(&priv->domain, len, len),
				len);

		KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, len, len, len,
						IOMMU_READ | IOMMU_WRITE,
						GFP_KERNEL), 0);
		gather = kunit_pt_read_dirty(priv, 0, window, 0);
		if (KUNIT_PT_DIRTY_ON_MAP) {
			KUNIT_EXPECT_EQ(test, gather.start, len);
			KUNIT_EXPECT_EQ(test, (u64)gather.end, 2 * len - 1);
			gather = kunit_pt_read_dirty(priv, 0, window, 0);
		}
		KUNIT_EXPECT_GT(test, gather.start, gather.end);

		for (i = 0; i != ARRAY_SIZE(offs); i++) {
			if (iommu_table->ops->set_dirty(iommu_table,
							len + offs[i])) {
				/* The format has no dirty bit */
				KUNIT_EXPECT_EQ(test, i, 0);
				return;
			}
			gather = kunit_pt_read_dirty(priv, 0, window,
						     IOMMU_DIRTY_NO_CLEAR);
			KUNIT_EXPECT_EQ(test, gather.start, len);
			KUNIT_EXPECT_EQ(test, (u64)gather.end, 2 * len - 1);
			gather = kunit_pt_read_dirty(priv, len + offs[i], 1, 0);
			KUNIT_EXPECT_EQ(test, gather.start, len);
			KUNIT_EXPECT_EQ(test, (u64)gather.end, 2 * len - 1);
			gather = kunit_pt_read_dirty(priv, 0, window, 0);
			KUNIT_EXPECT_GT(test, gather.start, gather.end);
		}
		KUNIT_EXPECT_EQ(test, iommu_unmap(&priv->domain, len, len),
				len);
	}
	KUNIT_EXPECT_EQ(test, iommu_table->ops->set_dirty(iommu_table, 0),
			-ENOENT);
}

/* --- Dirty tracking through the real iova_bitmap, as iommufd uses it --- */

/*
 * At most this many bitmap bits per query: the bitmap lives at the start of
 * one user page and the rest of the page is a guard that must stay zero
 */
#define KUNIT_PT_DIRTY_MAX_BITS 4096

struct kunit_pt_dirty_ctx {
	struct kunit_pt_priv *priv;
	/* The user page handed to iova_bitmap_alloc() */
	u64 __user *ubuf;
	/* A copy of it, read back after each query */
	unsigned long *kbuf;
	/* Leaves [i * len, (i + 1) * len), i < num, dirty per bit of @dirty */
	u64 len;
	unsigned int num;
	unsigned int dirty;
	unsigned int gran_lg2;
};

/*
 * True if [va, last_va] meets a leaf the test made dirty and no clearing
 * query has cleaned since: worked out from the layout alone
 */
static bool kunit_pt_dirty_expect(struct kunit_pt_dirty_ctx *ctx, u64 va,
				  u64 last_va)
{
	unsigned int i;

	for (i = 0; i != ctx->num; i++) {
		u64 leaf = i * ctx->len, leaf_last = leaf + (ctx->len - 1);

		if ((ctx->dirty & BIT(i)) && va <= leaf_last && leaf <= last_va)
			return true;
	}
	return false;
}

/* Make the leaves in @mask dirty, by one D bit at @off into each */
static void kunit_pt_dirty_set(struct kunit *test,
			       struct kunit_pt_dirty_ctx *ctx, unsigned int mask,
			       u64 off)
{
	struct pt_iommu *iommu_table = &ctx->priv->fmt_table.iommu;
	unsigned int i;

	for (i = 0; i != ctx->num; i++) {
		if (!(mask & BIT(i)))
			continue;
		KUNIT_ASSERT_EQ(test,
				iommu_table->ops->set_dirty(iommu_table,
							    i * ctx->len + off),
				0);
		ctx->dirty |= BIT(i);
	}
}

/*
 * Query [va, last_va] into a real iova_bitmap over a user page and check
 * every bit against the layout: bit k stands for the k-th @bpg-sized piece
 * of the query and must be set exactly when that piece meets a dirty leaf.
 * Nothing past the bitmap's last bit may be written. A clearing query must
 * gather every dirty leaf it meets, whole, and cleans them.
 */
static void kunit_pt_dirty_query(struct kunit *test,
				 struct kunit_pt_dirty_ctx *ctx, u64 va,
				 u64 last_va, unsigned long flags)
{
	struct kunit_pt_priv *priv = ctx->priv;
	u64 len = last_va - va + 1;
	unsigned int bpg_lg2 = ctx->gran_lg2, nbits, k, i;
	struct iommu_iotlb_gather gather;
	struct iommu_dirty_bitmap dirty;
	struct iova_bitmap *bitmap;

	while (log2_div(len - 1, bpg_lg2) >= KUNIT_PT_DIRTY_MAX_BITS)
		bpg_lg2++;
	nbits = log2_div(len - 1, bpg_lg2) + 1;

	KUNIT_ASSERT_EQ(test, clear_user(ctx->ubuf, PAGE_SIZE), 0);
	bitmap = iova_bitmap_alloc(va, len, log2_to_int(bpg_lg2), ctx->ubuf);
	KUNIT_ASSERT_FALSE(test, IS_ERR(bitmap));
	iommu_dirty_bitmap_init(&dirty, bitmap, &gather);
	KUNIT_EXPECT_EQ(test,
			NS(read_and_clear_dirty)(&priv->domain, va, len, flags,
						 &dirty),
			0);
	iova_bitmap_free(bitmap);
	KUNIT_ASSERT_EQ(test, copy_from_user(ctx->kbuf, ctx->ubuf, PAGE_SIZE),
			0);

	for (k = 0; k != nbits; k++) {
		u64 piece = va + ((u64)k << bpg_lg2);
		u64 piece_last = min(log2_set_mod_max(piece - va, bpg_lg2) + va,
				     last_va);
		bool want = kunit_pt_dirty_expect(ctx, piece, piece_last);

		if (test_bit(k, ctx->kbuf) != want) {
			KUNIT_FAIL(test,
				   "leaf %llx query [%llx, %llx] flags %lx dirty %x: bit %u [%llx, %llx] is %d, want %d",
				   ctx->len, va, last_va, flags, ctx->dirty, k,
				   piece, piece_last, !want, want);
			break;
		}
	}
	k = find_next_bit(ctx->kbuf, PAGE_SIZE * BITS_PER_BYTE, nbits);
	KUNIT_EXPECT_EQ_MSG(test, k, PAGE_SIZE * BITS_PER_BYTE,
			    "leaf %llx query [%llx, %llx]: bit %u set past the %u bits of the bitmap",
			    ctx->len, va, last_va, k, nbits);

	if (flags & IOMMU_DIRTY_NO_CLEAR)
		return;
	for (i = 0; i != ctx->num; i++) {
		u64 leaf = i * ctx->len, leaf_last = leaf + (ctx->len - 1);

		if (!(ctx->dirty & BIT(i)) || va > leaf_last || leaf > last_va)
			continue;
		/* Every D bit of the leaf is cleared: the flush covers it */
		KUNIT_EXPECT_LE(test, (u64)gather.start, leaf);
		KUNIT_EXPECT_GE(test, (u64)gather.end, leaf_last);
		ctx->dirty &= ~BIT(i);
	}
}

/*
 * Query [va, last_va] as iommufd does, first with IOMMU_DIRTY_NO_CLEAR,
 * then clearing; after each, query all the leaves with NO_CLEAR: a NO_CLEAR
 * query left every leaf dirty, a clearing one cleaned every leaf it met.
 */
static void kunit_pt_dirty_check(struct kunit *test,
				 struct kunit_pt_dirty_ctx *ctx, u64 va,
				 u64 last_va)
{
	u64 all_last = ctx->num * ctx->len - 1;

	kunit_pt_dirty_query(test, ctx, va, last_va, IOMMU_DIRTY_NO_CLEAR);
	kunit_pt_dirty_query(test, ctx, 0, all_last, IOMMU_DIRTY_NO_CLEAR);
	kunit_pt_dirty_query(test, ctx, va, last_va, 0);
	kunit_pt_dirty_query(test, ctx, 0, all_last, IOMMU_DIRTY_NO_CLEAR);
	/* Nothing the clearing query met reads dirty again */
	kunit_pt_dirty_query(test, ctx, va, last_va, IOMMU_DIRTY_NO_CLEAR);
}

/*
 * Regression: a query starting inside a dirty leaf (a contiguous or large
 * one) was recorded from the leaf's first VA, which 6.12's iova_bitmap
 * drops, while the D bits were cleared: the writes were never reported.
 * One ending inside a leaf recorded past the bitmap. For every leaf size,
 * up to three leaves side by side are queried from and to points inside
 * them, through the real iova_bitmap over a user buffer, and each bit is
 * checked against which leaves were made dirty.
 */
static void test_dirty_iova_bitmap(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	struct pt_iommu *iommu_table = &priv->fmt_table.iommu;
	u64 sizes = kunit_pt_sizes(priv);
	u64 max_va = kunit_pt_max_va(priv);
	struct kunit_pt_dirty_ctx ctx = { .priv = priv };
	struct rnd_state rnd;
	unsigned long uaddr;

	ctx.gran_lg2 = log2_ffs(priv->domain.pgsize_bitmap);
	KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, 0, 0,
					log2_to_int(ctx.gran_lg2),
					IOMMU_READ | IOMMU_WRITE, GFP_KERNEL),
			0);
	if (iommu_table->ops->set_dirty(iommu_table, 0) == -EOPNOTSUPP)
		kunit_skip(test, "the format has no dirty bit");
	KUNIT_ASSERT_EQ(test, iommu_unmap(&priv->domain, 0,
					  log2_to_int(ctx.gran_lg2)),
			log2_to_int(ctx.gran_lg2));

	uaddr = kunit_vm_mmap(test, NULL, 0, PAGE_SIZE, PROT_READ | PROT_WRITE,
			      MAP_ANONYMOUS | MAP_PRIVATE, 0);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR_VALUE(uaddr), "no user memory");
	ctx.ubuf = (u64 __user *)uaddr;
	ctx.kbuf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx.kbuf);
	prandom_seed_state(&rnd, 7);

	for (; sizes; sizes &= sizes - 1) {
		unsigned int lg2sz = log2_ffs(sizes), i;
		u64 len = log2_to_int(lg2sz);
		u64 gran = log2_to_int(ctx.gran_lg2);
		/* Half a leaf, or 0 for a leaf of one granule */
		u64 half = len > gran ? len / 2 : 0;
		u64 end, all_last, ext_last;

		ctx.len = len;
		ctx.dirty = 0;
		for (ctx.num = 0; ctx.num != 3; ctx.num++) {
			u64 va = ctx.num * len;

			/* Leaf num fits in the aperture: num * len <= max_va - (len - 1) */
			if (log2_div(max_va - (len - 1), lg2sz) < ctx.num)
				break;
			KUNIT_ASSERT_EQ(test,
					iommu_map(&priv->domain, va,
						  kunit_pt_oa(priv, 0x1234567ULL << 30,
							      lg2sz),
						  len, IOMMU_READ | IOMMU_WRITE,
						  GFP_KERNEL),
					0);
			KUNIT_ASSERT_EQ(test, kunit_pt_leaf_lg2(priv, va),
					lg2sz);
		}
		end = ctx.num * len;
		all_last = end - 1;
		/* Past the last leaf, into VA nothing maps, where it exists */
		ext_last = all_last < max_va ? min(all_last + len, max_va) :
					       all_last;
		/* Writable leaves may start dirty: clean them first */
		kunit_pt_read_dirty(priv, 0, end, 0);

		/* The first and the last leaf dirty, any middle one clean */
		kunit_pt_dirty_set(test, &ctx, BIT(0) | BIT(ctx.num - 1),
				   len - gran);
		/* From inside the first leaf to inside the last one */
		if (end - gran > gran)
			kunit_pt_dirty_check(test, &ctx, gran, all_last - gran);

		kunit_pt_dirty_set(test, &ctx, BIT(0) | BIT(ctx.num - 1), 0);
		/* One granule inside the first leaf */
		kunit_pt_dirty_check(test, &ctx, half, half + gran - 1);

		kunit_pt_dirty_set(test, &ctx, BIT(ctx.num) - 1, half);
		/* From inside the first leaf to inside the second */
		kunit_pt_dirty_check(test, &ctx, half,
				     min(half + len - 1, all_last));

		kunit_pt_dirty_set(test, &ctx, BIT(ctx.num) - 1, len - gran);
		/* From inside the last leaf to past it */
		kunit_pt_dirty_check(test, &ctx, all_last - len + 1 + half,
				     ext_last);

		kunit_pt_dirty_set(test, &ctx, BIT(0) | BIT(ctx.num - 1),
				   half);
		/* All of them */
		kunit_pt_dirty_check(test, &ctx, 0, all_last);

		/* Random granule aligned queries over random dirty leaves */
		for (i = 0; i != 8; i++) {
			u64 pages = log2_div(end, ctx.gran_lg2);
			u64 first = kunit_pt_rand_below(&rnd, pages);
			u64 npages = 1 + kunit_pt_rand_below(&rnd, pages - first);

			kunit_pt_dirty_set(test, &ctx,
					   prandom_u32_state(&rnd) &
						   (BIT(ctx.num) - 1),
					   kunit_pt_rand_below(&rnd,
							       log2_div(len, ctx.gran_lg2))
						   << ctx.gran_lg2);
			kunit_pt_dirty_check(test, &ctx, first << ctx.gran_lg2,
					     ((first + npages) << ctx.gran_lg2) - 1);
		}

		KUNIT_ASSERT_EQ(test, iommu_unmap(&priv->domain, 0, end), end);
	}
}

/*
 * A pgsize_bitmap narrowed by the driver is honoured: without the granule
 * no single-granule map is possible, and with only the granule a large
 * aligned range is mapped item by item.
 */
static void test_restricted_pgsizes(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	unsigned long all = priv->domain.pgsize_bitmap;
	u64 gran = log2_to_int(log2_ffs(all));
	u64 no_gran = all & ~gran;
	/* The next size up: a contiguous entry or a leaf one level up */
	u64 next = no_gran & -no_gran;
	u64 big = 4 * next;
	unsigned int big_lg2 = 0;
	size_t mapped = 0;
	int lg2;

	if (!next)
		kunit_skip(test, "a single page size");
	/* The largest leaf for [big, 2 * big) at OA big, the slow way */
	for (lg2 = 63; lg2 >= 0; lg2--) {
		if ((no_gran & BIT_ULL(lg2)) && BIT_ULL(lg2) <= big &&
		    !log2_mod(big, lg2)) {
			big_lg2 = lg2;
			break;
		}
	}

	/* No granule: the fast path must not map one */
	priv->domain.pgsize_bitmap = no_gran;
	KUNIT_EXPECT_EQ(test, priv->ops.map_pages(&priv->domain, big, 0, gran,
						  1, IOMMU_READ, GFP_KERNEL,
						  &mapped), -EINVAL);
	KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(&priv->domain, big), 0);
	KUNIT_EXPECT_EQ(test, priv->ops.map_pages(&priv->domain, big, big,
						  next, 4, IOMMU_READ,
						  GFP_KERNEL, &mapped), 0);
	KUNIT_EXPECT_EQ(test, mapped, big);
	KUNIT_EXPECT_EQ(test, kunit_pt_leaf_lg2(priv, big), big_lg2);
	KUNIT_EXPECT_EQ(test, kunit_pt_leaf_lg2(priv, 2 * big - 1), big_lg2);
	kunit_pt_expect_phys(test, priv, big, big, big);
	KUNIT_EXPECT_EQ(test, iommu_unmap(&priv->domain, big, big), big);

	/* Only the granule: no contiguous or large leaves */
	priv->domain.pgsize_bitmap = gran;
	KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, big, big, big,
					IOMMU_READ, GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, kunit_pt_leaf_lg2(priv, big), log2_ffs(gran));
	KUNIT_EXPECT_EQ(test, kunit_pt_leaf_lg2(priv, 2 * big - 1),
			log2_ffs(gran));
	kunit_pt_expect_phys(test, priv, big, big, big);
	KUNIT_EXPECT_EQ(test, iommu_unmap(&priv->domain, big, big), big);
	priv->domain.pgsize_bitmap = all;
}

/* Configurations init must refuse */
static void test_init_bad_cfg(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	struct pt_iommu_table *table;
	struct pt_iommu_table_cfg cfg;

	table = kunit_kzalloc(test, sizeof(*table), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, table);

	cfg = priv->cfg->cfg;
	cfg.common.features |= BIT(30);
	KUNIT_EXPECT_EQ(test, NS(init)(table, &cfg, GFP_KERNEL), -EOPNOTSUPP);

	cfg = priv->cfg->cfg;
	cfg.common.hw_max_vasz_lg2 = 0;
	KUNIT_EXPECT_EQ(test, NS(init)(table, &cfg, GFP_KERNEL), -EINVAL);

	cfg = priv->cfg->cfg;
	cfg.common.hw_max_oasz_lg2 = 0;
	KUNIT_EXPECT_EQ(test, NS(init)(table, &cfg, GFP_KERNEL), -EINVAL);

	cfg = priv->cfg->cfg;
	cfg.common.hw_max_vasz_lg2 = PT_MAX_VA_ADDRESS_LG2 + 1;
	KUNIT_EXPECT_EQ(test, NS(init)(table, &cfg, GFP_KERNEL), -EINVAL);

	/*
	 * A growing top needs the driver's callbacks; a format that cannot
	 * grow refuses the feature
	 */
	cfg = priv->cfg->cfg;
	cfg.common.features |= BIT(PT_FEAT_DYNAMIC_TOP);
	KUNIT_EXPECT_EQ(test, NS(init)(table, &cfg, GFP_KERNEL),
			PT_FMT_FEATURES & BIT(PT_FEAT_DYNAMIC_TOP) ?
				-EINVAL : -EOPNOTSUPP);

	/* None of them allocated anything */
	KUNIT_EXPECT_EQ(test,
			atomic_long_read(&table->iommu.debug_table_pages), 0);
	/* ... so a driver's error path may deinit, once or twice */
	pt_iommu_deinit(&table->iommu);
	pt_iommu_deinit(&table->iommu);

	/* Deinit after a successful init frees everything, once */
	cfg = priv->cfg->cfg;
	table->iommu.driver_ops = &priv->driver_ops;
	KUNIT_ASSERT_EQ(test, NS(init)(table, &cfg, GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test,
			atomic_long_read(&table->iommu.debug_table_pages) >>
				KUNIT_PT_TABLE_ORDER,
			kunit_pt_top_pages(&table->PT_FMT_MEMBER.common));
	pt_iommu_deinit(&table->iommu);
	pt_iommu_deinit(&table->iommu);
	KUNIT_EXPECT_EQ(test,
			atomic_long_read(&table->iommu.debug_table_pages), 0);
}

/*
 * A map whose leaf is as large as the whole current top table grows the
 * top above it in one step, rather than splitting the leaf (regression
 * found by tools/testing/generic_pt).
 */
static void test_top_growth_for_leaf(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	struct pt_range range = pt_top_range(priv->common);
	unsigned int span_lg2 = pt_top_lg2sz(&range);
	u64 span;

	/*
	 * Nothing to grow into: such a map stays within the top. The span
	 * of a 6 level AMD v1 top is 2^66, so log2_to_int() (lg2 < 64)
	 * only runs once span_lg2 is known to fit an unsigned long.
	 */
	if (!pt_feature(priv->common, PT_FEAT_DYNAMIC_TOP) ||
	    range.top_level == PT_MAX_TOP_LEVEL || span_lg2 >= BITS_PER_LONG)
		return;
	span = log2_to_int(span_lg2);
	if (!(priv->domain.pgsize_bitmap & span))
		return;
	priv->change_top_calls = 0;
	KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, 0, span, span,
					IOMMU_READ, GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, priv->change_top_calls, 1);
	KUNIT_EXPECT_EQ(test, pt_top_range(priv->common).top_level,
			range.top_level + 1);
	KUNIT_EXPECT_EQ(test, kunit_pt_leaf_lg2(priv, span - 1), span_lg2);
	kunit_pt_expect_phys(test, priv, 0, span, span);
	KUNIT_EXPECT_EQ(test, iommu_unmap(&priv->domain, 0, span), span);
}

/* --- The iommu core around the table: either path must behave the same --- */

/* Counting wrappers around the format's ops, to see which path ran */
static unsigned int kunit_pt_map_range_calls, kunit_pt_map_pages_calls;
static unsigned int kunit_pt_unmap_range_calls, kunit_pt_unmap_pages_calls;

static int kunit_pt_counting_map_range(struct iommu_domain *domain,
				       unsigned long iova, phys_addr_t paddr,
				       size_t size, int prot, gfp_t gfp,
				       size_t *mapped)
{
	kunit_pt_map_range_calls++;
	return NS(map_range)(domain, iova, paddr, size, prot, gfp, mapped);
}

static int kunit_pt_counting_map_pages(struct iommu_domain *domain,
				       unsigned long iova, phys_addr_t paddr,
				       size_t pgsize, size_t pgcount,
				       int prot, gfp_t gfp, size_t *mapped)
{
	kunit_pt_map_pages_calls++;
	return NS(map_pages)(domain, iova, paddr, pgsize, pgcount, prot, gfp,
			     mapped);
}

static size_t kunit_pt_counting_unmap_range(struct iommu_domain *domain,
					    unsigned long iova, size_t size,
					    struct iommu_iotlb_gather *gather)
{
	kunit_pt_unmap_range_calls++;
	return NS(unmap_range)(domain, iova, size, gather);
}

static size_t kunit_pt_counting_unmap_pages(struct iommu_domain *domain,
					    unsigned long iova, size_t pgsize,
					    size_t pgcount,
					    struct iommu_iotlb_gather *gather)
{
	kunit_pt_unmap_pages_calls++;
	return NS(unmap_pages)(domain, iova, pgsize, pgcount, gather);
}

/* Count the calls to whichever ops the suite's domain has */
static void kunit_pt_count_calls(struct kunit_pt_priv *priv)
{
	if (priv->ops.map_range)
		priv->ops.map_range = kunit_pt_counting_map_range;
	if (priv->ops.unmap_range)
		priv->ops.unmap_range = kunit_pt_counting_unmap_range;
	priv->ops.map_pages = kunit_pt_counting_map_pages;
	priv->ops.unmap_pages = kunit_pt_counting_unmap_pages;
	kunit_pt_map_range_calls = 0;
	kunit_pt_map_pages_calls = 0;
	kunit_pt_unmap_range_calls = 0;
	kunit_pt_unmap_pages_calls = 0;
}

/*
 * A size for the core tests, at least 16 granules and at most 1 GiB: a
 * range over granules and one such leaf takes several iommu_pgsize()
 * steps. 0 if the format has none.
 */
static u64 kunit_pt_core_big(struct kunit_pt_priv *priv)
{
	u64 bigger = kunit_pt_sizes(priv) &
		     ~log2_to_max_int(PT_GRANULE_LG2SZ + 4) & GENMASK_ULL(30, 0);

	return bigger ? log2_to_int(log2_ffs(bigger)) : 0;
}

/*
 * Size 0: iommu_map() maps nothing and returns 0 (dma-iommu can hand the
 * core an empty segment), iommu_unmap() unmaps nothing and returns 0.
 * Neither calls into the table.
 */
static void test_core_zero_length(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	u64 gran = log2_to_int(PT_GRANULE_LG2SZ);
	struct kunit_pt_snapshot snap;

	KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, 4 * gran, gran, gran,
					IOMMU_READ, GFP_KERNEL), 0);
	snap = kunit_pt_snapshot(test, priv);
	kunit_pt_count_calls(priv);
	kunit_pt_reset_sync(priv);

	KUNIT_EXPECT_EQ(test, iommu_map(&priv->domain, 8 * gran, 8 * gran, 0,
					IOMMU_READ, GFP_KERNEL), 0);
	/* On the mapped granule too: nothing to collide with */
	KUNIT_EXPECT_EQ(test, iommu_map(&priv->domain, 4 * gran, 8 * gran, 0,
					IOMMU_READ, GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, iommu_unmap(&priv->domain, 4 * gran, 0), 0);
	KUNIT_EXPECT_EQ(test, kunit_pt_map_range_calls, 0);
	KUNIT_EXPECT_EQ(test, kunit_pt_map_pages_calls, 0);
	KUNIT_EXPECT_EQ(test, kunit_pt_unmap_range_calls, 0);
	KUNIT_EXPECT_EQ(test, kunit_pt_unmap_pages_calls, 0);
	kunit_pt_expect_unchanged(test, priv, &snap, "zero length map/unmap");
	kunit_pt_expect_phys(test, priv, 4 * gran, gran, gran);
	kunit_pt_expect_phys(test, priv, 8 * gran, gran, 0);

	/* Misaligned: -EINVAL and nothing changed, on either path */
	if (gran > 1) {
		KUNIT_EXPECT_EQ(test, iommu_map(&priv->domain, 8 * gran + gran / 2,
						0, gran, IOMMU_READ,
						GFP_KERNEL), -EINVAL);
		KUNIT_EXPECT_EQ(test, iommu_map(&priv->domain, 8 * gran, 0,
						gran / 2, IOMMU_READ,
						GFP_KERNEL), -EINVAL);
		KUNIT_EXPECT_EQ(test, iommu_unmap(&priv->domain,
						  4 * gran + gran / 2, gran),
				0);
		kunit_pt_expect_unchanged(test, priv, &snap, "misaligned");
	}
	KUNIT_EXPECT_EQ(test, iommu_unmap(&priv->domain, 4 * gran, gran), gran);
}

/*
 * A map that collides in its middle returns -EADDRINUSE and leaves only
 * what was there: the direct path checks first, the split path maps the
 * parts before the collision and the core undoes them. Either way
 * iotlb_sync_map is not called. A map that succeeds is synced exactly
 * over its range.
 */
static void test_core_map_collision(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	u64 gran = log2_to_int(PT_GRANULE_LG2SZ);
	u64 big = kunit_pt_core_big(priv);
	u64 va, len, collide, iovas[6];
	phys_addr_t pa;
	unsigned int i;

	if (!big || 4 * big > kunit_pt_max_va(priv))
		kunit_skip(test, "no size of 16 granules or more");

	/*
	 * [2 granules][big][2 granules], a granule in the middle of big
	 * already mapped. The OA is offset in big as the IOVA is, so that
	 * the split path can map big as one leaf.
	 */
	va = big - 2 * gran;
	len = big + 4 * gran;
	pa = 4 * big + va;
	collide = big + big / 2;
	KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, collide, 3 * big, gran,
					IOMMU_READ, GFP_KERNEL), 0);
	kunit_pt_count_calls(priv);
	kunit_pt_reset_sync(priv);

	KUNIT_EXPECT_EQ(test, iommu_map(&priv->domain, va, pa, len,
					IOMMU_READ | IOMMU_WRITE, GFP_KERNEL),
			-EADDRINUSE);
	KUNIT_EXPECT_EQ(test, priv->sync_map_calls, 0);
	if (priv->ops.map_range) {
		/* Checked whole before anything is written: nothing to undo */
		KUNIT_EXPECT_EQ(test, kunit_pt_map_range_calls, 1);
		KUNIT_EXPECT_EQ(test, kunit_pt_map_pages_calls, 0);
		KUNIT_EXPECT_EQ(test, kunit_pt_unmap_range_calls, 0);
	} else {
		/* The granules before big were mapped, then undone */
		KUNIT_EXPECT_EQ(test, kunit_pt_map_pages_calls, 2);
		KUNIT_EXPECT_EQ(test, kunit_pt_unmap_pages_calls, 1);
		KUNIT_EXPECT_EQ(test, priv->sync_calls, 1);
	}
	iovas[0] = va;
	iovas[1] = va + gran;
	iovas[2] = big;
	iovas[3] = collide;
	iovas[4] = 2 * big;
	iovas[5] = va + len - gran;
	for (i = 0; i != ARRAY_SIZE(iovas); i++)
		KUNIT_EXPECT_EQ_MSG(test,
				    iommu_iova_to_phys(&priv->domain, iovas[i]),
				    iovas[i] == collide ? 3 * big : 0,
				    "iova %llx", iovas[i]);
	KUNIT_EXPECT_EQ(test, kunit_pt_count_tables(priv),
			kunit_pt_live_pages(priv));

	/* Without the collision it maps, and the core syncs the range */
	KUNIT_ASSERT_EQ(test, iommu_unmap(&priv->domain, collide, gran), gran);
	kunit_pt_reset_sync(priv);
	KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, va, pa, len,
					IOMMU_READ | IOMMU_WRITE, GFP_KERNEL),
			0);
	KUNIT_EXPECT_EQ(test, priv->sync_map_calls, 1);
	KUNIT_EXPECT_EQ(test, priv->sync_map_va, va);
	KUNIT_EXPECT_EQ(test, priv->sync_map_len, len);
	kunit_pt_expect_phys(test, priv, va, len, pa);
	/* big in one leaf, whichever path mapped it */
	KUNIT_EXPECT_EQ(test, log2_to_int(kunit_pt_leaf_lg2(priv, big)), big);
	KUNIT_EXPECT_EQ(test, iommu_unmap(&priv->domain, va, len), len);
}

/*
 * iommu_unmap() over several maps of different sizes returns their total
 * and syncs all of it once; it stops at a hole. iommu_unmap_fast() leaves
 * the gather to its caller.
 */
static void test_core_unmap_total(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	u64 gran = log2_to_int(PT_GRANULE_LG2SZ);
	u64 big = kunit_pt_core_big(priv);
	struct {
		u64 va, len;
	} maps[4];
	struct iommu_iotlb_gather gather;
	u64 va, end, total = 0;
	unsigned int i, n = 0;

	if (!big || 8 * big > kunit_pt_max_va(priv))
		kunit_skip(test, "no size above the granule");

	/* [granule][big][big][granule], each its own map, unrelated OAs */
	va = big - gran;
	maps[n].va = va;
	maps[n++].len = gran;
	maps[n].va = big;
	maps[n++].len = big;
	maps[n].va = 2 * big;
	maps[n++].len = big;
	maps[n].va = 3 * big;
	maps[n++].len = gran;
	end = 3 * big + gran;
	for (i = 0; i != n; i++) {
		KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, maps[i].va,
						(u64)(n - i) * 4 * big,
						maps[i].len, IOMMU_READ,
						GFP_KERNEL), 0);
		total += maps[i].len;
	}
	kunit_pt_count_calls(priv);
	kunit_pt_reset_sync(priv);
	KUNIT_EXPECT_EQ(test, iommu_unmap(&priv->domain, va, end - va), total);
	KUNIT_EXPECT_EQ(test, priv->sync_calls, 1);
	KUNIT_EXPECT_LE(test, priv->synced_va, va);
	KUNIT_EXPECT_GE(test, priv->synced_last_va, end - 1);
	if (priv->ops.unmap_range) {
		KUNIT_EXPECT_EQ(test, kunit_pt_unmap_range_calls, 1);
		KUNIT_EXPECT_EQ(test, kunit_pt_unmap_pages_calls, 0);
	} else {
		KUNIT_EXPECT_GE(test, kunit_pt_unmap_pages_calls, 3);
	}
	for (i = 0; i != n; i++)
		kunit_pt_expect_phys(test, priv, maps[i].va, maps[i].len, 0);
	KUNIT_EXPECT_EQ(test, kunit_pt_count_tables(priv),
			kunit_pt_live_pages(priv));

	/* A hole after the first map stops the unmap there */
	for (i = 0; i != n; i++) {
		if (i == 1)
			continue;
		KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, maps[i].va,
						(u64)(n - i) * 4 * big,
						maps[i].len, IOMMU_READ,
						GFP_KERNEL), 0);
	}
	KUNIT_EXPECT_EQ(test, iommu_unmap(&priv->domain, va, end - va),
			maps[0].len);
	kunit_pt_expect_phys(test, priv, maps[2].va, maps[2].len, 2 * 4 * big);

	/* The fast variant: the caller's gather has it all, nothing synced */
	kunit_pt_reset_sync(priv);
	iommu_iotlb_gather_init(&gather);
	KUNIT_EXPECT_EQ(test, iommu_unmap_fast(&priv->domain, maps[2].va,
					       end - maps[2].va, &gather),
			maps[2].len + maps[3].len);
	KUNIT_EXPECT_EQ(test, priv->sync_calls, 0);
	KUNIT_EXPECT_LE(test, gather.start, maps[2].va);
	KUNIT_EXPECT_GE(test, gather.end, end - 1);
	iommu_iotlb_sync(&priv->domain, &gather);
	KUNIT_EXPECT_EQ(test, priv->sync_calls, 1);
	kunit_pt_expect_phys(test, priv, maps[3].va, maps[3].len, 0);
	KUNIT_EXPECT_EQ(test, kunit_pt_count_tables(priv),
			kunit_pt_live_pages(priv));
}

/* --- Unmap into a batch --- */

/* One map of the batch unmap tests, and the OA of each granule in it */
struct kunit_pt_batch_ctx {
	u64 gran;
	u64 base;
	u64 num_pages;
	phys_addr_t *phys;	/* per granule from base, 0 if unmapped */
	unsigned long *seen;	/* granules returned by the batch unmap */
};

/*
 * Map a random mix of sizes into [0, window): runs that continue the last
 * one physically (to be merged), holes, and runs elsewhere; then snapshot
 * iova_to_phys of every granule. Returns the number of maps.
 */
static unsigned int kunit_pt_batch_map(struct kunit *test,
				       struct kunit_pt_priv *priv,
				       struct kunit_pt_batch_ctx *ctx,
				       struct rnd_state *rnd, u64 window)
{
	u64 sizes = kunit_pt_sizes(priv) & GENMASK_ULL(21, 0);
	u64 va = 0, next_pa = 0, i;
	unsigned int maps = 0;

	memset(ctx->phys, 0, ctx->num_pages * sizeof(*ctx->phys));
	while (true) {
		u64 len = kunit_pt_random_size(sizes, rnd);
		u32 dice = prandom_u32_state(rnd) % 8;
		phys_addr_t pa;

		if (dice == 0)
			va += len;	/* a hole */
		va = round_up(va, len);
		if (va + len > window)
			break;
		pa = next_pa;
		if (dice >= 5 || !pa || pa & (len - 1))
			pa = kunit_pt_oa(priv, kunit_pt_rand64(rnd) >> 16,
					 log2_ffs(len));
		/* iova_to_phys() cannot tell an OA of 0 from a hole */
		if (!pa)
			pa = len;
		KUNIT_ASSERT_EQ_MSG(test,
				    iommu_map(&priv->domain, va, pa, len,
					      IOMMU_READ | IOMMU_WRITE,
					      GFP_KERNEL),
				    0, "map %llx+%llx", va, len);
		next_pa = pa + len;
		va += len;
		maps++;
	}
	for (i = 0; i != ctx->num_pages; i++)
		ctx->phys[i] = iommu_iova_to_phys(&priv->domain,
						  ctx->base + i * ctx->gran);
	bitmap_zero(ctx->seen, ctx->num_pages);
	return maps;
}

/*
 * [iova, iova + len) is in @gather, or in what the call synced itself
 * (with PT_FEAT_FLUSH_RANGE_NO_GAPS, before a disjoint range)
 */
static bool kunit_pt_batch_flushed(struct kunit_pt_priv *priv,
				   struct iommu_iotlb_gather *gather, u64 iova,
				   u64 len)
{
	u64 last = iova + len - 1;
	unsigned int i;

	if (gather->start <= iova && last <= gather->end)
		return true;
	if (priv->sync_ranges > KUNIT_PT_SYNCS)
		return priv->synced_va <= iova && last <= priv->synced_last_va;
	for (i = 0; i != priv->sync_ranges; i++)
		if (priv->sync_va[i] <= iova && last <= priv->sync_last_va[i])
			return true;
	return false;
}

/* Check the ranges one call of the batch unmap returned */
static void kunit_pt_batch_check(struct kunit *test,
				 struct kunit_pt_priv *priv,
				 struct kunit_pt_batch_ctx *ctx,
				 struct pt_unmap_batch *batch,
				 struct iommu_iotlb_gather *gather)
{
	unsigned int i;

	for (i = 0; i != batch->num_ranges; i++) {
		struct pt_unmap_batch_range *r = &batch->ranges[i];
		u64 off;

		KUNIT_ASSERT_NE(test, r->len, 0);
		KUNIT_ASSERT_EQ(test, (r->iova | r->len) & (ctx->gran - 1), 0);
		KUNIT_ASSERT_LE(test, r->iova + r->len - ctx->base,
				ctx->num_pages * ctx->gran);
		/* Invalidated: in the gather, or synced by the call */
		KUNIT_EXPECT_TRUE_MSG(test,
				      kunit_pt_batch_flushed(priv, gather,
							     r->iova,
							     r->len),
				      "range %llx+%llx not flushed",
				      (u64)r->iova, r->len);
		/* Merged where the next one continues it */
		if (i) {
			struct pt_unmap_batch_range *prev = r - 1;

			KUNIT_EXPECT_FALSE_MSG(test,
					       prev->iova + prev->len == r->iova &&
					       prev->phys + prev->len == r->phys,
					       "ranges %u and %u not merged",
					       i - 1, i);
		}
		for (off = 0; off < r->len; off += ctx->gran) {
			u64 page = (r->iova + off - ctx->base) >>
				   log2_ffs(ctx->gran);

			KUNIT_ASSERT_EQ_MSG(test, r->phys + off,
					    ctx->phys[page],
					    "iova %llx", r->iova + off);
			KUNIT_ASSERT_FALSE_MSG(test,
					       __test_and_set_bit(page,
								  ctx->seen),
					       "iova %llx returned twice",
					       r->iova + off);
		}
	}
}

/*
 * Exactly the granules below batch->iova are gone; those above are as
 * they were
 */
static void kunit_pt_batch_check_table(struct kunit *test,
				       struct kunit_pt_priv *priv,
				       struct kunit_pt_batch_ctx *ctx,
				       u64 reached)
{
	u64 i;

	for (i = 0; i != ctx->num_pages; i++) {
		u64 va = ctx->base + i * ctx->gran;

		KUNIT_ASSERT_EQ_MSG(test, iommu_iova_to_phys(&priv->domain, va),
				    va < reached ? 0 : ctx->phys[i],
				    "iova %llx, batch at %llx", va, reached);
		if (va < reached)
			KUNIT_ASSERT_EQ_MSG(test, !!ctx->phys[i],
					    test_bit(i, ctx->seen),
					    "iova %llx", va);
	}
}

/*
 * Batch unmaps of random maps with small batches, to the end: every range
 * is checked against iova_to_phys taken before, merged where contiguous,
 * the table after each stop holds exactly what was not returned, and at
 * the end nothing is mapped and every table below the top is freed.
 */
static void test_unmap_batch(struct kunit *test)
{
	static const unsigned int caps[] = { 1, 2, 3, 7, 64 };
	struct kunit_pt_priv *priv = test->priv;
	struct pt_iommu *iommu_table = pt_iommu_from_domain(&priv->domain);
	u64 window = min_t(u64, SZ_32M, kunit_pt_max_va(priv) / 2 + 1);
	u64 max_va = min_t(u64, kunit_pt_max_va(priv), (dma_addr_t)~0ULL);
	struct pt_unmap_batch_range *ranges;
	struct kunit_pt_batch_ctx ctx = {};
	struct rnd_state rnd;
	unsigned int c;

	KUNIT_ASSERT_PTR_EQ(test, iommu_table, &priv->fmt_table.iommu);
	/* Off the stack: a debug kernel's frame would pass 2 KiB */
	ranges = kunit_kcalloc(test, caps[ARRAY_SIZE(caps) - 1],
			       sizeof(*ranges), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ranges);
	ctx.gran = log2_to_int(log2_ffs(priv->domain.pgsize_bitmap));
	ctx.num_pages = window >> log2_ffs(ctx.gran);
	ctx.phys = kunit_kcalloc(test, ctx.num_pages, sizeof(*ctx.phys),
				 GFP_KERNEL);
	ctx.seen = kunit_kcalloc(test, BITS_TO_LONGS(ctx.num_pages),
				 sizeof(long), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx.phys);
	KUNIT_ASSERT_NOT_NULL(test, ctx.seen);
	prandom_seed_state(&rnd, 16);

	for (c = 0; c != ARRAY_SIZE(caps); c++) {
		unsigned int maps, calls = 0, returned = 0;
		struct iommu_iotlb_gather gather;
		struct pt_unmap_batch batch;
		u64 i, len;
		int ret;

		maps = kunit_pt_batch_map(test, priv, &ctx, &rnd, window);
		/* The whole aperture: every table below the top can go */
		len = max_va - ctx.base + 1;
		if (!len)
			len = -ctx.gran;
		pt_unmap_batch_init(&batch, ranges, caps[c], ctx.base, len);
		do {
			u64 before = batch.iova;

			iommu_iotlb_gather_init(&gather);
			kunit_pt_reset_sync(priv);
			ret = pt_iommu_unmap_batch(iommu_table, &batch,
						   &gather);
			KUNIT_ASSERT_TRUE_MSG(test, ret == 0 || ret == -ENOSPC,
					      "ret %d", ret);
			calls++;
			returned += batch.num_ranges;
			if (ret == -ENOSPC) {
				/* Stops only on a full batch, and moves on */
				KUNIT_ASSERT_EQ(test, batch.num_ranges,
						caps[c]);
				KUNIT_ASSERT_GT(test, (u64)batch.iova, before);
				KUNIT_ASSERT_EQ(test, batch.iova + batch.len,
						ctx.base + len);
			} else {
				KUNIT_ASSERT_EQ(test, batch.len, 0);
			}
			kunit_pt_batch_check(test, priv, &ctx, &batch,
					     &gather);
			kunit_pt_iotlb_sync(&priv->domain, &gather);
			if (ret == -ENOSPC)
				kunit_pt_batch_check_table(test, priv, &ctx,
							   batch.iova);
			batch.num_ranges = 0;
		} while (ret == -ENOSPC);

		/* All of it was returned, and nothing is left */
		kunit_pt_batch_check_table(test, priv, &ctx, ctx.base + window);
		for (i = 0; i != ctx.num_pages; i++)
			KUNIT_ASSERT_EQ(test, test_bit(i, ctx.seen),
					!!ctx.phys[i]);
		KUNIT_ASSERT_EQ(test, kunit_pt_count_tables(priv),
				kunit_pt_live_pages(priv));
		/*
		 * Where the range reaches all the top spans: not with a sign
		 * extended table (its lower half is half of the top's first
		 * item) nor where a 32-bit IOVA ends short of the top
		 */
		if (pt_top_range(priv->common).last_va <= max_va &&
		    !pt_feature(priv->common, PT_FEAT_SIGN_EXTEND))
			KUNIT_EXPECT_EQ(test, kunit_pt_count_tables(priv),
					kunit_pt_top_pages(priv->common));
		kunit_info(test, "batch of %u: %u maps, %u ranges in %u calls",
			   caps[c], maps, returned, calls);
	}
}

/* A batch unmap that must fail with @err and change nothing */
static void kunit_pt_batch_bad(struct kunit *test, int err, u64 start,
			       u64 iova, u64 len, unsigned int max_ranges)
{
	struct kunit_pt_priv *priv = test->priv;
	struct pt_unmap_batch_range ranges[2] = {};
	struct iommu_iotlb_gather gather;
	struct pt_unmap_batch batch;

	iommu_iotlb_gather_init(&gather);
	pt_unmap_batch_init(&batch, ranges, max_ranges, start, len);
	batch.iova = iova;
	KUNIT_EXPECT_EQ_MSG(test, NS(unmap_batch)(&priv->domain, &batch,
						  &gather),
			    err, "start %llx iova %llx len %llx", start, iova,
			    len);
	KUNIT_EXPECT_EQ(test, batch.num_ranges, 0);
	KUNIT_EXPECT_EQ(test, (u64)batch.iova, iova);
	KUNIT_EXPECT_EQ(test, batch.len, len);
	KUNIT_EXPECT_GT(test, gather.start, gather.end);
}

/*
 * Leaves are never split, as in unmap_pages; bad input returns an errno
 * and changes nothing
 */
static void test_unmap_batch_edges(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	struct iommu_domain *dom = &priv->domain;
	u64 sizes = kunit_pt_sizes(priv) & GENMASK_ULL(30, 0);
	u64 gran = log2_to_int(log2_ffs(priv->domain.pgsize_bitmap));
	u64 big = log2_to_int(log2_fls(sizes) - 1);
	struct pt_unmap_batch_range ranges[2] = {};
	struct iommu_iotlb_gather gather;
	struct kunit_pt_snapshot snap;
	struct pt_unmap_batch batch;
	u64 max_va = kunit_pt_max_va(priv);

	/* A largest leaf at big, and one granule after it */
	if (big == gran || 2 * big + gran - 1 > max_va)
		return;
	KUNIT_ASSERT_EQ(test, iommu_map(dom, big, big, big,
					IOMMU_READ | IOMMU_WRITE, GFP_KERNEL),
			0);
	KUNIT_ASSERT_EQ(test, kunit_pt_leaf_lg2(priv, big), log2_ffs(big));
	KUNIT_ASSERT_EQ(test, iommu_map(dom, 2 * big, 0, gran,
					IOMMU_READ | IOMMU_WRITE, GFP_KERNEL),
			0);
	snap = kunit_pt_snapshot(test, priv);

	/* Starting inside the leaf removes nothing */
	kunit_pt_batch_bad(test, -EADDRINUSE, big + gran, big + gran, big, 2);
	/* No room, misaligned, a cursor before the start, wrapping */
	kunit_pt_batch_bad(test, -EINVAL, big, big, big, 0);
	if (gran > 1) {
		kunit_pt_batch_bad(test, -EINVAL, big + 1, big + 1, big, 2);
		kunit_pt_batch_bad(test, -EINVAL, big, big, big + 1, 2);
	}
	kunit_pt_batch_bad(test, -EINVAL, 2 * big, big, big, 2);
	kunit_pt_batch_bad(test, -EINVAL, big, big, 0 - big + gran, 2);
	/* Beyond the VA the table translates */
	if (max_va < (dma_addr_t)~0ULL - big)
		kunit_pt_batch_bad(test, -ERANGE, big, big, max_va + 1, 2);
	kunit_pt_expect_unchanged(test, priv, &snap, "bad batch unmap");

	/* Ending inside the leaf: all of it goes, returned and gathered */
	iommu_iotlb_gather_init(&gather);
	pt_unmap_batch_init(&batch, ranges, 1, big, gran);
	KUNIT_EXPECT_EQ(test, NS(unmap_batch)(dom, &batch, &gather), 0);
	KUNIT_EXPECT_EQ(test, batch.num_ranges, 1);
	KUNIT_EXPECT_EQ(test, (u64)ranges[0].iova, big);
	KUNIT_EXPECT_EQ(test, (u64)ranges[0].phys, big);
	KUNIT_EXPECT_EQ(test, ranges[0].len, big);
	KUNIT_EXPECT_EQ(test, (u64)batch.iova, 2 * big);
	KUNIT_EXPECT_EQ(test, batch.len, 0);
	KUNIT_EXPECT_EQ(test, (u64)gather.start, big);
	KUNIT_EXPECT_EQ(test, (u64)gather.end, 2 * big - 1);
	kunit_pt_iotlb_sync(dom, &gather);
	kunit_pt_expect_phys(test, priv, big, big, 0);
	KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(dom, 2 * big), 0);
	KUNIT_EXPECT_EQ(test, iommu_unmap(dom, 2 * big, gran), gran);
}

static struct kunit_case generic_pt_iommu_test_cases[] = {
	KUNIT_CASE_PARAM(test_map_every_size, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_map_over_empty_tables, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_unmap_no_split, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_unmap_frees_tables, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_unmap_queued_gather, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_unmap_leaf_then_table, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_unmap_gather_gaps, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_unmap_batch, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_unmap_batch_edges, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_map_free_gather_gaps, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_dirty, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_dirty_iova_bitmap, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_restricted_pgsizes, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_init_bad_cfg, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_random_ops, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_top_growth, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_top_growth_for_leaf, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_bad_input, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_core_zero_length, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_core_map_collision, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_core_unmap_total, kunit_pt_gen_params),
	{}
};

static struct kunit_suite NS(iommu_test) = {
	.name = __stringify(PT_FMT) "_iommu_test",
	.init = kunit_pt_init,
	.exit = kunit_pt_exit,
	.test_cases = generic_pt_iommu_test_cases,
};

/* The same cases through the 6.12 core path (see kunit_pt_init_split()) */
static struct kunit_suite NS(iommu_split_test) = {
	.name = __stringify(PT_FMT) "_iommu_split_test",
	.init = kunit_pt_init_split,
	.exit = kunit_pt_exit,
	.test_cases = generic_pt_iommu_test_cases,
};

kunit_test_suites(&NS(iommu_test), &NS(iommu_split_test));

#endif
