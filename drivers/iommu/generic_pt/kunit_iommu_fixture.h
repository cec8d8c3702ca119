/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The KUnit fixture of the IOMMU page table suites, compiled per format by
 * fmt/kunit_<fmt>.c: a test domain, the helpers that look at its table from
 * the outside, and a shadow of what is mapped.
 *
 * The test domain's ops are IOMMU_PT_DOMAIN_OPS(), so the tests drive the
 * table through the public iommu API (iommu_map(), iommu_unmap(),
 * iommu_iova_to_phys()); its iotlb_sync records what it was asked to flush
 * and frees the gathered tables. The shadow (struct kunit_pt_model) is a
 * list of what was mapped, kept apart from the table code, that results
 * are checked against.
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
#ifndef __GENERIC_PT_KUNIT_IOMMU_FIXTURE_H
#define __GENERIC_PT_KUNIT_IOMMU_FIXTURE_H

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

	/* flush_walk() calls, and the live table pages the last one saw */
	unsigned int walk_flushes;
	long live_at_walk_flush;

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

/* A flush of [va, last_va] */
static void kunit_pt_record_flush(struct kunit_pt_priv *priv, u64 va,
				  u64 last_va)
{
	priv->synced_va = min(priv->synced_va, va);
	priv->synced_last_va = max(priv->synced_last_va, last_va);
	if (priv->sync_ranges < KUNIT_PT_SYNCS) {
		priv->sync_va[priv->sync_ranges] = va;
		priv->sync_last_va[priv->sync_ranges] = last_va;
	}
	priv->sync_ranges++;
}

static void kunit_pt_iotlb_sync(struct iommu_domain *domain,
				struct iommu_iotlb_gather *gather)
{
	struct kunit_pt_priv *priv = kunit_pt_to_priv(domain);
	struct page *page;

	priv->sync_calls++;
	if (gather->start <= gather->end)
		kunit_pt_record_flush(priv, gather->start, gather->end);
	/* As a driver must: free the tables only after the flush */
	list_for_each_entry(page, &gather->freelist, lru)
		priv->freed_pages++;
	kunit_pt_put_tables(&gather->freelist);
}

static long kunit_pt_live_pages(struct kunit_pt_priv *priv);

/*
 * The synchronous flush of a format with slab tables (ARMv7s): the one
 * table under [va, last_va] is freed when it returns, so it counts as a
 * table freed after a flush. A slab table has no table below it.
 */
static void kunit_pt_flush_walk(struct pt_iommu *iommu_table,
				unsigned long va, unsigned long last_va)
{
	struct kunit_pt_priv *priv = kunit_pt_to_priv(&iommu_table->domain);

	priv->walk_flushes++;
	priv->live_at_walk_flush = kunit_pt_live_pages(priv);
	kunit_pt_record_flush(priv, va, last_va);
	priv->freed_pages++;
}

static void kunit_pt_reset_sync(struct kunit_pt_priv *priv)
{
	priv->walk_flushes = 0;
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
		.flush_walk = kunit_pt_flush_walk,
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

/*
 * Without CONFIG_DEBUG_GENERIC_PT a format has only the features its
 * drivers select (template_common.h), and its init refuses the others: a
 * config using one is for the debug kernels. Called where test->priv is
 * what the suite's exit expects.
 */
static void kunit_pt_skip_unbuilt(struct kunit *test, int init_ret)
{
	if (init_ret == -EOPNOTSUPP && !IS_ENABLED(CONFIG_DEBUG_GENERIC_PT))
		kunit_skip(test, "a feature this build leaves out");
}

static int kunit_pt_init(struct kunit *test)
{
	int ret = kunit_pt_init_cfg(test, test->param_value);

	kunit_pt_skip_unbuilt(test, ret);
	return ret;
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

static size_t kunit_pt_count_tables(struct kunit_pt_priv *priv);

/*
 * Table memory alive, in tables of PT_TABLEMEM_LG2SZ. With
 * CONFIG_DEBUG_GENERIC_PT the generic layer counts every table it allocates
 * and frees, so a leaked table shows. Without it, as in a production
 * kernel, this counts the tables reachable from the top instead, and a
 * table that is not initialized has none.
 */
static long kunit_pt_live_pages(struct kunit_pt_priv *priv)
{
#if IS_ENABLED(CONFIG_DEBUG_GENERIC_PT)
	return atomic_long_read(&priv->fmt_table.iommu.debug_table_pages) >>
	       KUNIT_PT_TABLE_ORDER;
#else
	return priv->initialized ? kunit_pt_count_tables(priv) : 0;
#endif
}

/*
 * Expect @iommu, a table of the test's own, initialized or not, to hold
 * @pages tables of PT_TABLEMEM_LG2SZ. Only the generic layer's count knows
 * that, so without CONFIG_DEBUG_GENERIC_PT this checks nothing.
 */
static void kunit_pt_expect_table_pages(struct kunit *test,
					struct pt_iommu *iommu, long pages)
{
#if IS_ENABLED(CONFIG_DEBUG_GENERIC_PT)
	KUNIT_EXPECT_EQ(test,
			atomic_long_read(&iommu->debug_table_pages) >>
				KUNIT_PT_TABLE_ORDER,
			pages);
#endif
}

static void kunit_pt_exit(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;

	if (!priv)
		return;
	if (priv->initialized) {
		pt_iommu_deinit(&priv->fmt_table.iommu);
		priv->initialized = false;
		/* Every table page went back: none leaked */
		KUNIT_EXPECT_EQ(test, kunit_pt_live_pages(priv), 0);
	}
	free_pages((unsigned long)priv->scratch, KUNIT_PT_TABLE_ORDER);
}

/* --- Looking at the table from the outside --- */

/*
 * What a table entry is recorded as with mark_tables: tables an op
 * allocates are at other addresses than those of the table compared
 * with, and then what matters is where tables are and what every leaf
 * holds
 */
#define KUNIT_PT_TABLE_MARK 0x7ab1e

struct kunit_pt_snapshot {
	u64 *words;
	size_t num;
	size_t max;
	size_t tables;
	bool mark_tables;
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
			snap->words[snap->num] =
				item.type == PT_ENTRY_TABLE &&
						snap->mark_tables ?
					KUNIT_PT_TABLE_MARK :
					item.entry;
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

/*
 * Every word of the table, in walk order; the caller frees the words with
 * kvfree() (a test taking thousands frees each at once)
 */
static struct kunit_pt_snapshot
kunit_pt_snapshot_words(struct kunit *test, struct kunit_pt_priv *priv,
			bool mark_tables)
{
	struct pt_range range = pt_top_range(priv->common);
	struct kunit_pt_snapshot snap = { .mark_tables = mark_tables };

	pt_walk_range(&range, __kunit_pt_visit, &snap);
	snap.max = snap.num;
	snap.num = 0;
	/* 8192 words per 64 KiB table: more than kmalloc gives at once */
	snap.words = kvcalloc(max_t(size_t, snap.max, 1), sizeof(u64),
			      GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, snap.words);
	pt_walk_range(&range, __kunit_pt_visit, &snap);
	return snap;
}

/* The same, freed when the test ends */
static struct kunit_pt_snapshot kunit_pt_snapshot(struct kunit *test,
						  struct kunit_pt_priv *priv)
{
	struct kunit_pt_snapshot snap = kunit_pt_snapshot_words(test, priv,
								false);

	KUNIT_ASSERT_EQ(test,
			kunit_add_action_or_reset(test, kunit_pt_kvfree,
						  snap.words),
			0);
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

#endif
