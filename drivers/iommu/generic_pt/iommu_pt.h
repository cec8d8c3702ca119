/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Generic Page Table: the IOMMU algorithms.
 *
 * Written once, compiled once per format by fmt/iommu_<fmt>.c, which
 * defines PT_FMT and the features it supports and includes
 * fmt/iommu_template.h. Every function exported here is named
 * pt_iommu_<fmt>_<op>.
 *
 * Concurrency: the caller owns the IOVA range of an operation. Operations
 * on disjoint ranges run concurrently and without locks; they can only meet
 * in an item that is empty and that both want to fill with a table, and
 * pt_install_table() makes one of them win. Top growth is serialised by the
 * driver's top lock.
 */
#ifndef __GENERIC_PT_IOMMU_PT_H
#define __GENERIC_PT_IOMMU_PT_H

#include <linux/export.h>
#include <linux/generic_pt/check.h>
#include <linux/iommu.h>
#include <linux/init.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#if IS_ENABLED(CONFIG_GENERIC_PT_DEBUGFS)
#include <linux/sched.h>
#include <linux/seq_buf.h>
#endif

#include "../iommu-pages.h"
#include "pt_iter.h"

#if IS_ENABLED(CONFIG_X86)
#include <asm/cacheflush.h>
#include <asm/cpufeature.h>
#endif

/* pt_iommu_map() shifts by the OA width */
static_assert(PT_MAX_OUTPUT_ADDRESS_LG2 < 64, "the OA width must be below 64");

static inline struct pt_iommu_table *to_fmt_table(struct pt_iommu *iommu_table)
{
	return container_of(iommu_table, struct pt_iommu_table, iommu);
}

static inline struct pt_common *common_from_iommu(struct pt_iommu *iommu_table)
{
	return &to_fmt_table(iommu_table)->PT_FMT_MEMBER.common;
}

static inline struct pt_iommu *iommu_from_common(struct pt_common *common)
{
	return &container_of(common, struct pt_iommu_table,
			     PT_FMT_MEMBER.common)->iommu;
}

static inline struct pt_iommu *iommu_from_domain(struct iommu_domain *domain)
{
	return container_of(domain, struct pt_iommu, domain);
}

/* --- Table memory --- */

/*
 * With PT_FEAT_DMA_INCOHERENT the IOMMU reads table memory without snooping
 * the CPU caches, so every store to it is written back to memory before
 * the IOMMU may need it: a new table before it is linked in, a linked
 * table entry before a walker relies on it (see
 * pt_table_item_ensure_flushed()), written and cleared items before the
 * operation returns, a new top before the driver points the IOMMU at it.
 * Without the feature, in a format or a configuration, all of it folds
 * away.
 */
static inline void pt_flush_table_mem(struct pt_common *common, void *va,
				      size_t len)
{
#if IS_ENABLED(CONFIG_X86)
	if (pt_feature(common, PT_FEAT_DMA_INCOHERENT))
		clflush_cache_range(va, len);
#endif
}

/* Whether this CPU can write table memory back: x86 with CLFLUSH */
static inline bool pt_can_flush_table_mem(void)
{
#if IS_ENABLED(CONFIG_X86)
	return boot_cpu_has(X86_FEATURE_CLFLUSH);
#else
	return false;
#endif
}

/* Write back @num items from @index of the table under @pts */
static inline void pt_flush_items(const struct pt_state *pts,
				  unsigned int index, unsigned int num)
{
	pt_flush_table_mem(pts->range->common,
			   (u8 *)pts->table + index * PT_ITEM_WORD_SIZE,
			   num * PT_ITEM_WORD_SIZE);
}

/* Write back every item of the leaf under @pts */
static inline void pt_flush_entry(const struct pt_state *pts)
{
	unsigned int contig_lg2 = pt_entry_num_contig_lg2(pts);

	pt_flush_items(pts, log2_align_down(pts->index, contig_lg2),
		       log2_to_int(contig_lg2));
}

/*
 * Write back the table entry under @pts and then mark it so: a walker that
 * finds the mark knows the IOMMU sees the table.
 */
static void pt_table_item_write_back(struct pt_state *pts)
{
	pt_flush_items(pts, pts->index, 1);
	/*
	 * The mark is set by a fully ordered atomic after the write-back,
	 * which clflush_cache_range() fences; it pairs with the load of the
	 * item that pt_table_item_ensure_flushed() tests.
	 */
	pt_table_entry_mark_flushed(pts);
}

/*
 * Link the table at @table_pa into the empty item under @pts, written back
 * and marked with PT_FEAT_DMA_INCOHERENT. Returns false if another thread
 * filled the item first.
 */
static bool pt_link_table(struct pt_state *pts, pt_oaddr_t table_pa,
			  const struct pt_write_attrs *attrs)
{
	if (!pt_install_table(pts, table_pa, attrs))
		return false;
	if (pt_feature(pts->range->common, PT_FEAT_DMA_INCOHERENT))
		pt_table_item_write_back(pts);
	return true;
}

/*
 * Before a map relies on the table entry under @pts, as loaded: an entry
 * another thread linked but has not marked yet may not be written back,
 * so it is written back here too; twice is harmless. The mark was read by
 * pt_load_entry_raw()'s READ_ONCE(), which pairs with the atomic in
 * pt_table_item_write_back(); the stores this walk then makes below the
 * entry are ordered after that load.
 */
static __always_inline void
pt_table_item_ensure_flushed(struct pt_state *pts)
{
	if (pt_feature(pts->range->common, PT_FEAT_DMA_INCOHERENT) &&
	    !pt_table_entry_is_flushed(pts))
		pt_table_item_write_back(pts);
}

/* Count the pages of @delta tables of 2^@lg2sz bytes (debug_table_pages) */
static inline void table_count(struct pt_iommu *iommu_table, long delta,
			       unsigned int lg2sz)
{
#if IS_ENABLED(CONFIG_DEBUG_GENERIC_PT)
	atomic_long_add(delta * (1L << get_order(log2_to_int(lg2sz))),
			&iommu_table->debug_table_pages);
#endif
}

#if PT_TABLEMEM_SLAB
/*
 * Tables smaller than a CPU page (ARMv7s's 1 KiB level 0 tables) come from
 * a slab cache, one per compilation of the format, made when its module
 * loads, if the driver has flush_walk(); the top stays in pages of its
 * own. Such tables share pages, so they cannot wait for a gather's flush
 * on its freelist, which frees whole pages: each is freed on its own once
 * the driver's flush_walk() has made the IOMMU forget it
 * (pt_free_unlinked()), as 6.12's io-pgtable-arm-v7s does. The slab
 * allocator asks for DMA32 pages through the cache's flag and refuses the
 * GFP flag.
 */
static struct kmem_cache *pt_table_cache;

static int __init NS(table_cache_init)(void)
{
	pt_table_cache = kmem_cache_create(KBUILD_MODNAME "_tables",
					   log2_to_int(PT_TABLEMEM_LG2SZ),
					   log2_to_int(PT_TABLEMEM_LG2SZ),
					   (PT_TABLEMEM_GFP & GFP_DMA32) ?
						   SLAB_CACHE_DMA32 : 0,
					   NULL);
	return pt_table_cache ? 0 : -ENOMEM;
}

/* Before the IOMMU drivers probe, when built in */
subsys_initcall(NS(table_cache_init));

static void __exit NS(table_cache_exit)(void)
{
	kmem_cache_destroy(pt_table_cache);
}
module_exit(NS(table_cache_exit));
#endif

/*
 * Whether @iommu_table's tables of 2^@lg2sz bytes come from pt_table_cache:
 * only if the driver can flush a walk before one is freed. Without that,
 * or without the cache, each takes a page, like every other format's.
 */
static __always_inline bool table_in_slab(struct pt_iommu *iommu_table,
					  unsigned int lg2sz)
{
#if PT_TABLEMEM_SLAB
	return lg2sz < PAGE_SHIFT && pt_table_cache &&
	       iommu_table->driver_ops && iommu_table->driver_ops->flush_walk;
#else
	return false;
#endif
}

static __always_inline struct pt_table_p *
__table_alloc(struct pt_iommu *iommu_table, unsigned int lg2sz, gfp_t gfp)
{
	struct pt_table_p *table;

	/* Zeroed: every item of a new table is empty */
#if PT_TABLEMEM_SLAB
	if (table_in_slab(iommu_table, lg2sz))
		table = kmem_cache_alloc_node(pt_table_cache, gfp | __GFP_ZERO,
					      iommu_table->nid);
	else
#endif
		table = iommu_alloc_pages_node(iommu_table->nid,
					       gfp | PT_TABLEMEM_GFP,
					       get_order(log2_to_int(lg2sz)));
	if (!table)
		return NULL;
	table_count(iommu_table, 1, lg2sz);
	/* The zeroes reach memory before the table can be linked in */
	pt_flush_table_mem(common_from_iommu(iommu_table), table,
			   log2_to_int(lg2sz));
	return table;
}

static struct pt_table_p *table_alloc(struct pt_iommu *iommu_table, gfp_t gfp)
{
	return __table_alloc(iommu_table, PT_TABLEMEM_LG2SZ, gfp);
}

/*
 * The first top table, as large as the format's top needs: larger than a
 * table below it for a format whose top is several tables concatenated
 */
static struct pt_table_p *top_table_alloc(struct pt_iommu *iommu_table,
					  gfp_t gfp)
{
	return __table_alloc(iommu_table,
			     pt_top_memsize_lg2(common_from_iommu(iommu_table)),
			     gfp);
}

static void __table_free(struct pt_iommu *iommu_table,
			 struct pt_table_p *table, unsigned int lg2sz)
{
	table_count(iommu_table, -1, lg2sz);
#if PT_TABLEMEM_SLAB
	if (table_in_slab(iommu_table, lg2sz)) {
		kmem_cache_free(pt_table_cache, table);
		return;
	}
#endif
	iommu_free_pages(table, get_order(log2_to_int(lg2sz)));
}

/* For a table no walker, CPU or IOMMU, has ever seen */
static void table_free(struct pt_iommu *iommu_table, struct pt_table_p *table)
{
	__table_free(iommu_table, table, PT_TABLEMEM_LG2SZ);
}

/*
 * For a table that was reachable: it goes on a freelist that is freed only
 * after the IOTLB (and any paging-structure cache) has been invalidated. A
 * slab table is freed now: its VA was flushed already (pt_free_unlinked()),
 * or no IOMMU uses the table any more (deinit).
 */
static void table_to_freelist(struct pt_iommu *iommu_table,
			      struct list_head *freelist,
			      struct pt_table_p *table)
{
	if (table_in_slab(iommu_table, PT_TABLEMEM_LG2SZ)) {
		table_free(iommu_table, table);
		return;
	}
	table_count(iommu_table, -1, PT_TABLEMEM_LG2SZ);
	list_add_tail(&virt_to_page(table)->lru, freelist);
}

/*
 * Free a freelist of tables. A table of several CPU pages (a 16 KiB or
 * 64 KiB Arm granule) is freed whole, where iommu_put_pages_list() would
 * free its first page only.
 */
static inline void pt_put_table_list(struct list_head *freelist)
{
	struct page *page, *tmp;

	if (PT_TABLEMEM_LG2SZ <= PAGE_SHIFT) {
		iommu_put_pages_list(freelist);
		return;
	}
	list_for_each_entry_safe(page, tmp, freelist, lru) {
		list_del(&page->lru);
		iommu_free_pages(page_address(page),
				 get_order(log2_to_int(PT_TABLEMEM_LG2SZ)));
	}
}

/*
 * Unlinking a table while a dump may walk it.
 *
 * With CONFIG_GENERIC_PT_DEBUGFS a dump (pt_iommu_dump()) walks the whole
 * table while maps and unmaps run on it, and so can be inside a table that
 * an unmap, or a map replacing empty tables with a leaf, unlinks. Its
 * memory is freed later, by the driver's iotlb_sync after the flush, but
 * nothing tells how much later. Every unlink of a table entry is done
 * under the write side of the table's dump_lock, and a dump holds the read
 * side for a bounded chunk of its walk and starts each chunk again from
 * the top table: once the unlink is done, no dump is inside the table or
 * can reach it, whenever it is freed.
 *
 * The other way, freeing table memory only after an RCU grace period,
 * would change where every driver frees its gather freelist (the driver's
 * iotlb_sync, through iommu_put_pages_list()) and hold freed tables back
 * from the page allocator; the lock stays inside the library. It costs an
 * uncontended write lock with interrupts off (an unmap may run in any
 * context) per table unlinked, none per leaf, and a dump delays an unlink
 * by at most one chunk. Without the option both helpers are empty and
 * @flags unused: the hot paths are the same code as before.
 */
static inline void pt_unlink_lock(struct pt_iommu *iommu_table,
				  unsigned long *flags)
{
#if IS_ENABLED(CONFIG_GENERIC_PT_DEBUGFS)
	write_lock_irqsave(&iommu_table->dump_lock, *flags);
#endif
}

static inline void pt_unlink_unlock(struct pt_iommu *iommu_table,
				    unsigned long *flags)
{
#if IS_ENABLED(CONFIG_GENERIC_PT_DEBUGFS)
	write_unlock_irqrestore(&iommu_table->dump_lock, *flags);
#endif
}

/*
 * Invalidate what @gather holds, then free its freelist. A driver's
 * iotlb_sync frees the freelist itself after the flush; whatever it left
 * there is freed here so nothing leaks.
 */
static void pt_iommu_sync_gather(struct pt_iommu *iommu_table,
				 struct iommu_iotlb_gather *gather)
{
	if (iommu_table->domain.ops && iommu_table->domain.ops->iotlb_sync)
		iommu_table->domain.ops->iotlb_sync(&iommu_table->domain,
						    gather);
	pt_put_table_list(&gather->freelist);
	iommu_iotlb_gather_init(gather);
}

/*
 * The gather rule of map and unmap alike: with PT_FEAT_FLUSH_RANGE_NO_GAPS
 * the IOTLB may hold non-present entries, so a flush must not span VA that
 * was not removed. True if [va, va + len) is disjoint from what @gather
 * holds, which must then be synced before the range is added.
 */
static inline bool pt_gather_needs_sync(struct pt_iommu *iommu_table,
					struct iommu_iotlb_gather *gather,
					pt_vaddr_t va, size_t len)
{
	return pt_feature(common_from_iommu(iommu_table),
			  PT_FEAT_FLUSH_RANGE_NO_GAPS) &&
	       iommu_iotlb_gather_is_disjoint(gather, va, len);
}

/* Add a removed range to the gather, syncing first where it must */
static inline void pt_gather_range(struct pt_iommu *iommu_table,
				   struct iommu_iotlb_gather *gather,
				   pt_vaddr_t va, pt_vaddr_t last_va)
{
	size_t len = last_va - va + 1;

	if (pt_gather_needs_sync(iommu_table, gather, va, len))
		iommu_iotlb_sync(&iommu_table->domain, gather);
	iommu_iotlb_gather_add_range(gather, va, len);
}

/*
 * The inclusive range [iova, iova + len). False if it is empty or wraps,
 * either in 64 bits or in the caller's unsigned long: on a 32-bit kernel
 * no IOVA above ULONG_MAX can be named, so none may be mapped.
 */
static bool pt_iova_range(unsigned long iova, pt_vaddr_t len,
			  pt_vaddr_t *last_va)
{
	return len &&
	       !check_add_overflow((pt_vaddr_t)iova, len - 1, last_va) &&
	       *last_va == (unsigned long)*last_va;
}

/*
 * The IOMMU page table check (CONFIG_IOMMU_PT_CHECK, enabled with
 * iommu_pt_check=on): every leaf a map writes goes through
 * pt_check_install_leaf() (from pt_iommu_install_leaf() or, for the runs
 * of the hot loops, pt_check_install_run() and
 * pt_check_install_leaf_run()), and every run of leaves an unmap clears
 * through pt_iommu_clear_leaves(), so the check counts each leaf, once
 * for every page it covers, when it is written and uncounts it when it
 * is cleared (or, at pt_iommu_deinit(), when its table is freed). The
 * checked paths are out of line and given values, as pt_map_new_table(),
 * so the hot walks keep their locals in registers; the enabled test,
 * pt_check_on(), is one static branch per leaf or run of leaves, and
 * without the option the hooks are the bare install and clear: the same
 * code as before.
 */
#if IS_ENABLED(CONFIG_IOMMU_PT_CHECK)
/* The VA of the item under @pts */
static pt_vaddr_t pt_check_item_va(const struct pt_state *pts)
{
	return log2_align_down(pts->va, pt_table_lg2sz(pts)) +
	       ((pt_vaddr_t)pts->index << pt_table_item_lg2sz(pts));
}

/*
 * Count (or uncount) the whole leaf that holds the item under @pts, a
 * loaded PT_ENTRY_OA: once for every page it covers, all of its items
 * together. Returns the number of items of the leaf.
 */
static unsigned int pt_check_leaf(const struct pt_state *pts, bool map)
{
	unsigned int lg2sz = pt_entry_lg2sz(pts);
	pt_vaddr_t va = log2_align_down(pt_check_item_va(pts), lg2sz);
	bool writable = pt_entry_iommu_prot(pts) & IOMMU_WRITE;
	struct iommu_domain *domain =
		&iommu_from_common(pts->range->common)->domain;

	if (map)
		iommu_pt_check_map(domain, va, pt_entry_oa(pts),
				   log2_to_int(lg2sz), writable);
	else
		iommu_pt_check_unmap(domain, va, pt_entry_oa(pts),
				     log2_to_int(lg2sz), writable);
	return log2_to_int(pt_entry_num_contig_lg2(pts));
}

/*
 * pt_install_leaf_entry() at item @index of @table, whose VA holds @va,
 * with the check: a leaf among the items is reported and uncounted, the
 * new leaf counted.
 */
static noinline void pt_check_install_leaf(struct pt_range *range,
					   struct pt_table_p *table,
					   unsigned int level,
					   unsigned int index, pt_vaddr_t va,
					   pt_oaddr_t oa, unsigned int oasz_lg2,
					   struct pt_write_attrs attrs)
{
	struct pt_state pts = { .range = range, .table = table,
				.level = level, .index = index, .va = va };
	unsigned int end = index +
			   log2_to_int(oasz_lg2 - pt_table_item_lg2sz(&pts));
	struct iommu_domain *domain =
		&iommu_from_common(range->common)->domain;

	while (pts.index != end) {
		if (pt_load_entry_raw(&pts) != PT_ENTRY_OA) {
			pts.index++;
			continue;
		}
		iommu_pt_check_bad_entry(domain, pt_check_item_va(&pts),
					 "leaf installed over a live leaf");
		/* The rest of that leaf is overwritten, or stays unreachable */
		pts.index = log2_align_down(pts.index,
					    pt_entry_num_contig_lg2(&pts)) +
			    pt_check_leaf(&pts, false);
		if (pts.index > end)
			break;
	}
	pts.index = index;
	pt_install_leaf_entry(&pts, oa, oasz_lg2, &attrs);
	if (pt_load_entry_raw(&pts) == PT_ENTRY_OA)
		pt_check_leaf(&pts, true);
}

/*
 * Before @num items from @index of @table, whose VA holds @va, are
 * cleared by an unmap: they must be whole leaves, each is uncounted
 */
static noinline void pt_check_clear_leaves(struct pt_range *range,
					   struct pt_table_p *table,
					   unsigned int level,
					   unsigned int index,
					   unsigned int num, pt_vaddr_t va)
{
	struct pt_state pts = { .range = range, .table = table,
				.level = level, .index = index, .va = va };
	struct iommu_domain *domain =
		&iommu_from_common(range->common)->domain;

	while (pts.index < index + num) {
		if (pt_load_entry_raw(&pts) == PT_ENTRY_OA) {
			pts.index += pt_check_leaf(&pts, false);
		} else {
			iommu_pt_check_bad_entry(domain, pt_check_item_va(&pts),
						 "unmap clears a non-leaf item");
			pts.index++;
		}
	}
}

/*
 * pt_map_run_items() with the check: @num items from @index, leaves of
 * 2^@leaf_lg2 from @oa
 */
static noinline void pt_check_install_run(struct pt_range *range,
					  struct pt_table_p *table,
					  unsigned int level,
					  unsigned int index, pt_vaddr_t va,
					  pt_oaddr_t oa, unsigned int leaf_lg2,
					  unsigned int num,
					  struct pt_write_attrs attrs)
{
	struct pt_state pts = { .range = range, .level = level };
	unsigned int step = log2_to_int(leaf_lg2 - pt_table_item_lg2sz(&pts));
	unsigned int i;

	for (i = 0; i < num; i += step) {
		pt_check_install_leaf(range, table, level, index + i, va, oa,
				      leaf_lg2, attrs);
		oa += log2_to_int(leaf_lg2);
	}
}

/*
 * pt_map_leaf_run() with the check: leaves of one item of 2^@item_lg2
 * from item @index and @oa, up to @num of them, while the items are
 * empty. Returns how many it wrote.
 */
static noinline u64 pt_check_install_leaf_run(struct pt_range *range,
					      struct pt_table_p *table,
					      unsigned int level,
					      unsigned int index,
					      pt_vaddr_t va, pt_oaddr_t oa,
					      unsigned int item_lg2, u64 num,
					      struct pt_write_attrs attrs)
{
	struct pt_state pts = { .range = range, .table = table,
				.level = level, .index = index };
	u64 done = 0;

	do {
		pt_check_install_leaf(range, table, level, pts.index, va, oa,
				      item_lg2, attrs);
		oa += log2_to_int(item_lg2);
		pts.index++;
	} while (++done != num && pt_load_entry_raw(&pts) == PT_ENTRY_EMPTY);
	return done;
}

/* Uncount every leaf of a table being freed whole (pt_iommu_deinit()) */
static int __check_forget_leaves(struct pt_state *pts, void *arg)
{
	unsigned int step_lg2;

	do {
		step_lg2 = pt_table_item_lg2sz(pts);
		switch (pt_load_entry(pts)) {
		case PT_ENTRY_TABLE:
			pt_descend(pts, arg, __check_forget_leaves);
			break;
		case PT_ENTRY_OA:
			/* The walk starts at VA 0: on the leaf's first item */
			step_lg2 = pt_entry_lg2sz(pts);
			pt_check_leaf(pts, false);
			break;
		case PT_ENTRY_EMPTY:
			break;
		}
	} while (pt_next_item(pts, step_lg2));
	return 0;
}
#else
/* Never called: pt_check_on() is a constant false */
static inline void pt_check_install_run(struct pt_range *range,
					struct pt_table_p *table,
					unsigned int level, unsigned int index,
					pt_vaddr_t va, pt_oaddr_t oa,
					unsigned int leaf_lg2, unsigned int num,
					struct pt_write_attrs attrs)
{
}

static inline u64 pt_check_install_leaf_run(struct pt_range *range,
					    struct pt_table_p *table,
					    unsigned int level,
					    unsigned int index, pt_vaddr_t va,
					    pt_oaddr_t oa,
					    unsigned int item_lg2, u64 num,
					    struct pt_write_attrs attrs)
{
	return 0;
}
#endif

/* The check is built in and enabled: one static branch */
static __always_inline bool pt_check_on(void)
{
	return IS_ENABLED(CONFIG_IOMMU_PT_CHECK) && iommu_pt_check_enabled();
}

/* pt_install_leaf_entry(), seen by the IOMMU page table check */
static __always_inline void
pt_iommu_install_leaf(struct pt_state *pts, pt_oaddr_t oa,
		      unsigned int oasz_lg2, const struct pt_write_attrs *attrs)
{
#if IS_ENABLED(CONFIG_IOMMU_PT_CHECK)
	if (pt_check_on()) {
		pt_check_install_leaf(pts->range, pts->table, pts->level,
				      pts->index, pts->va, oa, oasz_lg2,
				      *attrs);
		return;
	}
#endif
	pt_install_leaf_entry(pts, oa, oasz_lg2, attrs);
}

/* pt_clear_entries() of @num items of leaves, seen by the check */
static __always_inline void pt_iommu_clear_leaves(struct pt_state *pts,
						  unsigned int num)
{
#if IS_ENABLED(CONFIG_IOMMU_PT_CHECK)
	if (pt_check_on())
		pt_check_clear_leaves(pts->range, pts->table, pts->level,
				      pts->index, num, pts->va);
#endif
	pt_clear_entries(pts, num);
}

/* --- Walks shared by several operations --- */

/* Put every table below the current TABLE entry on @arg, a freelist */
static int __collect_tables(struct pt_state *pts, void *arg)
{
	struct list_head *freelist = arg;
	struct pt_iommu *iommu_table = iommu_from_common(pts->range->common);

	do {
		if (pt_load_entry(pts) != PT_ENTRY_TABLE)
			continue;
		pt_descend(pts, arg, __collect_tables);
		table_to_freelist(iommu_table, freelist, pt_table_ptr(pts));
	} while (pt_next_item(pts, pt_table_item_lg2sz(pts)));
	return 0;
}

/*
 * The item at @pts pointed to @table until just now: free @table, and with
 * @subtree every table below it, once no IOMMU walk can reach them. Page
 * tables go on @freelist, freed after the flush of a gather that covers
 * the item's VA; the caller adds the VA. Slab tables are freed now, after
 * the driver's flush_walk() of the item's VA (see table_in_slab()).
 */
static void pt_free_unlinked(struct pt_state *pts, struct pt_table_p *table,
			     struct list_head *freelist, bool subtree)
{
	struct pt_iommu *iommu_table = iommu_from_common(pts->range->common);

	if (table_in_slab(iommu_table, PT_TABLEMEM_LG2SZ)) {
		unsigned int lg2sz = pt_table_item_lg2sz(pts);
		pt_vaddr_t va = log2_align_down(pts->va, lg2sz);

		iommu_table->driver_ops->flush_walk(iommu_table, va,
						    log2_set_mod_max(va, lg2sz));
	}
	if (subtree)
		pt_descend_to(pts, table, freelist, __collect_tables);
	table_to_freelist(iommu_table, freelist, table);
}

/*
 * -EADDRINUSE if any leaf maps VA inside the walk. All empty is the common
 * case and one test; else the items are scanned by index, and only a
 * table needs its VA, to descend.
 */
static int __check_range_free(struct pt_state *pts, void *arg)
{
	unsigned int last_index = pt_index_of_va(pts, pts->last_va);
	unsigned int first_index = pt_index_of_va(pts, pts->va);
	pt_vaddr_t first_va = pts->va;
	int ret;

	pts->index = first_index;
	if (pt_items_all_empty(pts, last_index - first_index + 1))
		return 0;
	for (pts->index = first_index; pts->index <= last_index;
	     pts->index++) {
		switch (pt_load_entry_raw(pts)) {
		case PT_ENTRY_OA:
			return -EADDRINUSE;
		case PT_ENTRY_TABLE:
			pts->va = pt_index_va(pts, first_index, first_va);
			ret = pt_descend(pts, arg, __check_range_free);
			if (ret)
				return ret;
			break;
		case PT_ENTRY_EMPTY:
			break;
		}
	}
	return 0;
}

/* --- iova_to_phys --- */

/* A step of pt_walk_down(): see pt_iter.h */
static __always_inline int __iova_to_phys(struct pt_state *pts, void *arg)
{
	pt_oaddr_t *res = arg;

	switch (pt_load_entry(pts)) {
	case PT_ENTRY_OA:
		*res = pt_entry_oa(pts) + log2_mod(pts->va, pt_entry_lg2sz(pts));
		return 0;
	case PT_ENTRY_TABLE:
		return pt_step_down(pts);
	default:
		return -ENOENT;
	}
}

/**
 * pt_iommu_iova_to_phys() - translate an IOVA (iommu_domain_ops)
 * @domain: the domain, a struct pt_iommu
 * @iova: the address to translate
 *
 * Exported per format as pt_iommu_<fmt>_iova_to_phys().
 *
 * Context: Any context; allocates nothing and takes no lock. The caller
 * owns @iova: no map or unmap of a range holding @iova may run at the same
 * time, as the walk reads tables such a call may free. Concurrent map and
 * unmap on other ranges, and top growth, are safe.
 *
 * Return: the output address @iova maps to, offset within the page
 * included, or 0 if nothing is mapped there
 */
static phys_addr_t pt_iommu_iova_to_phys(struct iommu_domain *domain,
					 dma_addr_t iova)
{
	struct pt_common *common = common_from_iommu(iommu_from_domain(domain));
	/* Written whole before they are read: see pt_iommu_map() */
	struct pt_range range __uninitialized;
	struct pt_state pts __uninitialized;
	pt_oaddr_t res;

	if (pt_make_range(common, &range, iova, iova) ||
	    !pt_range_in_top(&range))
		return 0;
	pts = pt_top_state(&range);
	if (pt_walk_down(&pts, __iova_to_phys, &res))
		return 0;
	return res;
}

/* Exported as pt_iommu_<fmt>_iova_to_phys(); see pt_iommu_iova_to_phys() */
phys_addr_t NS(iova_to_phys)(struct iommu_domain *domain, dma_addr_t iova)
{
	return pt_iommu_iova_to_phys(domain, iova);
}
EXPORT_SYMBOL_NS_GPL(NS(iova_to_phys), GENERIC_PT_IOMMU);

/* --- map --- */

struct pt_iommu_map_args {
	struct pt_iommu *iommu_table;
	struct pt_write_attrs attrs;
	/* Output address of the VA the walk is at */
	pt_oaddr_t oa;
	u64 pgsize_bitmap;
	/* Size of every leaf of a pt_map_one_run() */
	unsigned int leaf_lg2;
	/* Range and tables of emptied tables replaced by leaves */
	struct iommu_iotlb_gather free_gather;
	/* Bytes mapped so far */
	pt_vaddr_t mapped;
};

/*
 * Allocate a table for the empty item @index of @table and link it in
 * unless the item no longer holds @entry; the caller reloads the item. Out
 * of line, and given values rather than the cursor and the map args, so
 * no local of the hot walks has its address taken: they stay in
 * registers.
 */
static noinline int pt_map_new_table(struct pt_iommu *iommu_table,
				     struct pt_write_attrs attrs,
				     struct pt_table_p *table,
				     unsigned int level, unsigned int index,
				     u64 entry)
{
	/* Format hooks need only the common part of the range */
	struct pt_range range = { .common = common_from_iommu(iommu_table) };
	struct pt_state pts = { .range = &range, .table = table,
				.level = level, .index = index, .entry = entry };
	struct pt_table_p *lower = table_alloc(iommu_table, attrs.gfp);

	if (!lower)
		return -ENOMEM;
	if (!pt_link_table(&pts, virt_to_phys(lower), &attrs)) {
		/* Another thread filled the item first; use its table */
		table_free(iommu_table, lower);
	}
	return 0;
}

static __always_inline int pt_map_new_table_at(struct pt_state *pts,
					       struct pt_iommu_map_args *map)
{
	return pt_map_new_table(map->iommu_table, map->attrs, pts->table,
				pts->level, pts->index, pts->entry);
}

/*
 * Run @fn on the table under pts, making one if the item is empty. Always
 * inline, like pt_descend(), so @fn is a direct call: an indirect one costs
 * a retpoline per level.
 */
static __always_inline int pt_map_descend(struct pt_state *pts,
					  struct pt_iommu_map_args *map,
					  pt_level_fn_t fn)
{
	int ret;

	if (pts->type == PT_ENTRY_EMPTY) {
		ret = pt_map_new_table_at(pts, map);
		if (ret)
			return ret;
		pt_load_entry(pts);
	}
	if (pts->type != PT_ENTRY_TABLE)
		return -EADDRINUSE;
	pt_table_item_ensure_flushed(pts);
	return pt_descend(pts, map, fn);
}

/*
 * Before a leaf of 2^leaf_lg2 is written at pts: the items it covers are
 * empty or hold tables with no leaves in the map range (checked up front).
 * Unlink those tables; they are freed once the IOTLB forgot them. The
 * gather follows the unmap path's rule (pt_gather_needs_sync()): a table
 * not next to what was gathered is flushed on its own, so the tables
 * gathered so far must already be unlinked when that sync frees them.
 */
static void pt_map_clear_tables(struct pt_state *pts, unsigned int leaf_lg2,
				struct pt_iommu_map_args *map)
{
	struct iommu_iotlb_gather *gather = &map->free_gather;
	struct pt_state item = *pts;
	struct pt_table_p *lower;
	unsigned long flags;
	size_t len;

	item.last_va = log2_set_mod_max(pts->va, leaf_lg2);
	do {
		if (pt_load_entry(&item) != PT_ENTRY_TABLE)
			continue;
		len = log2_to_int(pt_table_item_lg2sz(&item));
		if (pt_gather_needs_sync(map->iommu_table, gather, item.va, len))
			pt_iommu_sync_gather(map->iommu_table, gather);
		lower = pt_table_ptr(&item);
		pt_unlink_lock(map->iommu_table, &flags);
		pt_clear_entries(&item, 1);
		pt_unlink_unlock(map->iommu_table, &flags);
		pt_flush_items(&item, item.index, 1);
		iommu_iotlb_gather_add_range(gather, item.va, len);
		pt_free_unlinked(&item, lower, &gather->freelist, true);
	} while (pt_next_item(&item, pt_table_item_lg2sz(&item)));
}

/*
 * The last VA of the run of 2^leaf_lg2 leaves that starts at @va: up to
 * @last_va, but not past the next VA aligned to a larger size in @sizes,
 * where a larger leaf may fit.
 */
static pt_vaddr_t pt_map_run_last_va(pt_vaddr_t va, pt_vaddr_t last_va,
				     unsigned int leaf_lg2, u64 sizes)
{
	u64 larger = sizes & ~log2_to_max_int(leaf_lg2 + 1);

	if (!larger)
		return last_va;
	return min(last_va, log2_set_mod_max(va, log2_ffs(larger)));
}

/*
 * The hot loop of a map: fill empty items of this table with leaves of one
 * item each, as many as pt_map_run_last_va() allows, without moving the VA
 * per item. pts is on an empty item where such a leaf fits. Stops early at
 * an item that is not empty, which the caller then handles. Returns false
 * if the walk of this table is done; else pts->va is the next VA to map.
 */
static bool pt_map_leaf_run(struct pt_state *pts,
			    struct pt_iommu_map_args *map, u64 sizes)
{
	/*
	 * A private copy of the cursor and the OA: stores to table memory
	 * could alias *pts and *map for the compiler, not these
	 */
	struct pt_state cur = *pts;
	unsigned int item_lg2 = pt_table_item_lg2sz(&cur);
	pt_vaddr_t run_last = pt_map_run_last_va(cur.va, cur.last_va, item_lg2,
						 sizes);
	/* Whole items in [va, run_last]; va is item aligned, so >= 1 */
	u64 num = log2_div(run_last - cur.va, item_lg2) +
		  !log2_mod(run_last + 1, item_lg2);
	pt_oaddr_t oa = map->oa;
	u64 done = 0;

	/* The check costs one branch per run, not one per leaf */
	if (pt_check_on()) {
		done = pt_check_install_leaf_run(cur.range, cur.table,
						 cur.level, cur.index, cur.va,
						 oa, item_lg2, num, map->attrs);
		oa += done << item_lg2;
		cur.index += done;
	} else {
		do {
			pt_install_leaf_entry(&cur, oa, item_lg2, &map->attrs);
			oa += log2_to_int(item_lg2);
			cur.index++;
		} while (++done != num &&
			 pt_load_entry_raw(&cur) == PT_ENTRY_EMPTY);
	}
	pt_flush_items(pts, pts->index, done);

	map->oa = oa;
	map->mapped += done << item_lg2;
	/* A part of an item may be left, for leaves of a lower level */
	run_last = cur.va + (done << item_lg2) - 1;
	if (run_last == cur.last_va)
		return false;
	pts->va = run_last + 1;
	return true;
}

static int __map_range(struct pt_state *pts, void *arg)
{
	struct pt_iommu_map_args *map = arg;
	u64 sizes = map->pgsize_bitmap & pt_possible_sizes(pts);
	unsigned int leaf_lg2, step_lg2;
	int ret;

	do {
		leaf_lg2 = pt_best_pgsize_lg2(sizes, pts->va, pts->last_va,
					      map->oa);
		pt_load_entry(pts);
		/* The cursor moves past the leaf, or past one item */
		step_lg2 = leaf_lg2 ?: pt_table_item_lg2sz(pts);
		if (leaf_lg2 == pt_table_item_lg2sz(pts) &&
		    pts->type == PT_ENTRY_EMPTY) {
			if (!pt_map_leaf_run(pts, map, sizes))
				return 0;
			continue;
		}
		if (leaf_lg2) {
			/* The range was checked free; the caller owns it */
			if (PT_WARN_ON(pts->type == PT_ENTRY_OA))
				return -EADDRINUSE;
			if (pts->type == PT_ENTRY_TABLE ||
			    leaf_lg2 != pt_table_item_lg2sz(pts))
				pt_map_clear_tables(pts, leaf_lg2, map);
			pt_iommu_install_leaf(pts, map->oa, leaf_lg2,
					      &map->attrs);
			pt_flush_entry(pts);
			map->oa += log2_to_int(leaf_lg2);
			map->mapped += log2_to_int(leaf_lg2);
		} else {
			if (!pt_can_have_table(pts))
				return -EINVAL;
			ret = pt_map_descend(pts, map, __map_range);
			if (ret)
				return ret;
		}
		if (!pt_next_item(pts, step_lg2))
			return 0;
	} while (true);
}

/*
 * Why the @num items from @index of @table are not all empty: -EAGAIN for
 * tables only. Out of line as pt_map_new_table().
 */
static noinline int pt_map_items_taken(struct pt_common *common,
				       struct pt_table_p *table,
				       unsigned int level, unsigned int index,
				       unsigned int num)
{
	struct pt_range range = { .common = common };
	struct pt_state item = { .range = &range, .table = table,
				 .level = level, .index = index };

	for (; num; num--, item.index++)
		if (pt_load_entry_raw(&item) == PT_ENTRY_OA)
			return -EADDRINUSE;
	return -EAGAIN;
}

/*
 * Fill the items of [pts->va, pts->last_va], all in this table, with
 * leaves of 2^map->leaf_lg2 if they are all empty. The caller counts the
 * range as mapped when this returns 0.
 */
static __always_inline int pt_map_run_items(struct pt_state *pts,
					    struct pt_iommu_map_args *map)
{
	/*
	 * Private copies: stores to table memory could alias *pts and *map
	 * for the compiler, not these
	 */
	const struct pt_write_attrs attrs = map->attrs;
	struct pt_state cur = *pts;
	unsigned int item_lg2 = pt_table_item_lg2sz(&cur);
	unsigned int leaf_lg2 = map->leaf_lg2;
	unsigned int contig_lg2 = leaf_lg2 - item_lg2;
	pt_oaddr_t oa = map->oa;
	unsigned int first, num, left;
	bool one_leaf;

	first = pt_index_of_va(&cur, cur.va);
	cur.index = first;
	one_leaf = cur.last_va - cur.va == log2_to_max_int(leaf_lg2);
	if (one_leaf) {
		/*
		 * One leaf, the most common map: aligned to its size, which
		 * this level has, so it lies inside this table
		 */
		num = log2_to_int(contig_lg2);
	} else {
		if (!log2_div_eq(cur.va, cur.last_va, pt_table_lg2sz(&cur)))
			return -EAGAIN;
		num = pt_index_of_va(&cur, cur.last_va) - first + 1;
	}
	if (!pt_items_all_empty(&cur, num))
		return pt_map_items_taken(cur.range->common, cur.table,
					  cur.level, first, num);

	left = num;
	if (pt_check_on()) {
		/* The check costs one branch per run, not one per leaf */
		pt_check_install_run(cur.range, cur.table, cur.level, first,
				     cur.va, oa, leaf_lg2, num, attrs);
	} else if (one_leaf) {
		pt_install_leaf_entry(&cur, oa, leaf_lg2, &attrs);
	} else if (!contig_lg2) {
		/* The hot loop */
		do {
			pt_install_leaf_entry(&cur, oa, item_lg2, &attrs);
			oa += log2_to_int(item_lg2);
			cur.index++;
		} while (--left);
	} else {
		do {
			pt_install_leaf_entry(&cur, oa, leaf_lg2, &attrs);
			oa += log2_to_int(leaf_lg2);
			cur.index += log2_to_int(contig_lg2);
			left -= log2_to_int(contig_lg2);
		} while (left);
	}
	pt_flush_items(&cur, first, num);
	return 0;
}

/*
 * A step of pt_walk_down() for the common map: a run of leaves of one size
 * (map->leaf_lg2) inside one table. Walks down, making tables as needed,
 * to the level that holds the leaves (the first whose sizes allow them,
 * as __map_range() picks) and fills the items if they are all empty.
 * Tables are made only under an empty item, inside which the whole run
 * lies, so finding the items taken changes nothing and needs no separate
 * check. Returns -EADDRINUSE if a leaf holds part of the run, and
 * -EAGAIN, having changed nothing, where the general walk must do it: a
 * run over several items of a level above the leaves, or an item that
 * holds a table, which __map_range() replaces.
 */
static __always_inline int __map_one_run(struct pt_state *pts, void *arg)
{
	struct pt_iommu_map_args *map = arg;
	int ret;

	/* The leaf size is one of the domain's: no need to test that again */
	if (pt_possible_sizes(pts) & log2_to_int(map->leaf_lg2))
		return pt_map_run_items(pts, map);
	if (!pt_can_have_table(pts))
		return -EAGAIN;
	switch (pt_load_entry(pts)) {
	case PT_ENTRY_EMPTY:
		/*
		 * A table is made only where the whole run lies in the item.
		 * Under an existing table a run over several items is found
		 * further down, by the same test or by pt_map_run_items(),
		 * before anything changed.
		 */
		if (!log2_div_eq(pts->va, pts->last_va,
				 pt_table_item_lg2sz(pts)))
			return -EAGAIN;
		ret = pt_map_new_table_at(pts, map);
		if (ret)
			return ret;
		if (pt_load_entry_raw(pts) != PT_ENTRY_TABLE)
			return -EADDRINUSE;
		pt_table_item_ensure_flushed(pts);
		return pt_step_down(pts);
	case PT_ENTRY_TABLE:
		pt_table_item_ensure_flushed(pts);
		return pt_step_down(pts);
	default:
		/* A leaf holds pts->va, which the map was to cover */
		return -EADDRINUSE;
	}
}

/*
 * True if __map_range() would map all of [va, last_va] with leaves of
 * 2^leaf_lg2, the size it picks at @va: the length is a multiple of it and
 * no larger size of @sizes has a boundary inside the range.
 */
static bool pt_map_is_one_run(pt_vaddr_t va, pt_vaddr_t last_va,
			      unsigned int leaf_lg2, u64 sizes)
{
	return leaf_lg2 && !log2_mod(last_va + 1, leaf_lg2) &&
	       pt_map_run_last_va(va, last_va, leaf_lg2, sizes) == last_va;
}

/*
 * Point item 0 of a new, still private @table at @level to @lower: item 0
 * covers VA 0, where the old top table sits.
 */
static void pt_link_first_item(struct pt_range *range, unsigned int level,
			       struct pt_table_p *table,
			       struct pt_table_p *lower,
			       struct pt_iommu_map_args *map)
{
	struct pt_state pts = pt_level_state(range, level);

	pts.table = table;
	pts.index = 0;
	pts.entry = 0;
	pt_link_table(&pts, virt_to_phys(lower), &map->attrs);
}

/*
 * Add levels on top until the top table reaches range->last_va and is
 * above the largest leaf of the map (see pt_map_top_fits()), in one step
 * so the driver sees one change_top(). The new tables are built outside
 * the lock; under it, the top is checked to be
 * the one this thread read, the old top is linked under the new ones, the
 * driver points the HW at the new top, and only then is the new top
 * published to walkers.
 */
static int pt_grow_top(struct pt_range *range, struct pt_iommu_map_args *map)
{
	struct pt_iommu *iommu_table = map->iommu_table;
	struct pt_common *common = range->common;
	uintptr_t old_top = pt_top_encode(range->top_table, range->top_level);
	struct pt_table_p *tables[PT_MAX_TOP_LEVEL + 1] = {};
	unsigned int new_level = range->top_level;
	struct pt_state pts;
	unsigned long flags;
	/* The driver's lock serialising top changes: see get_top_lock */
	spinlock_t *lock;
	unsigned int level;
	unsigned int leaf_lg2 = pt_best_pgsize_lg2(map->pgsize_bitmap,
						   range->va, range->last_va,
						   map->oa);
	int ret = 0;

	do {
		new_level++;
		pts = pt_level_state(range, new_level);
	} while (new_level < PT_MAX_TOP_LEVEL &&
		 (log2_div(range->last_va, pt_table_lg2sz(&pts)) ||
		  leaf_lg2 >= pt_table_lg2sz(&pts)));
	/* pt_make_range() kept last_va within what PT_MAX_TOP_LEVEL covers */
	if (PT_WARN_ON(log2_div(range->last_va, pt_table_lg2sz(&pts))))
		return -ERANGE;

	for (level = range->top_level + 1; level <= new_level; level++) {
		tables[level] = table_alloc(iommu_table, map->attrs.gfp);
		if (!tables[level]) {
			ret = -ENOMEM;
			goto out_free;
		}
		if (level != range->top_level + 1)
			pt_link_first_item(range, level, tables[level],
					   tables[level - 1], map);
	}

	lock = iommu_table->driver_ops->get_top_lock(iommu_table);
	spin_lock_irqsave(lock, flags);
	if (READ_ONCE(common->top_of_table) != old_top) {
		/* Someone else grew it; the caller starts over */
		spin_unlock_irqrestore(lock, flags);
		ret = -EAGAIN;
		goto out_free;
	}
	pt_link_first_item(range, range->top_level + 1,
			   tables[range->top_level + 1], range->top_table, map);
	iommu_table->driver_ops->change_top(iommu_table,
					    virt_to_phys(tables[new_level]),
					    new_level);
	/* Pairs with the address dependency in pt_make_range() */
	smp_store_release(&common->top_of_table,
			  pt_top_encode(tables[new_level], new_level));
	spin_unlock_irqrestore(lock, flags);
	return 0;

out_free:
	for (level = range->top_level + 1; level <= new_level; level++)
		if (tables[level])
			table_free(iommu_table, tables[level]);
	return ret;
}

/*
 * True if the current top reaches range->last_va and, for a growing top,
 * is above the largest leaf the map may use: a leaf as large as the whole
 * top table only fits in an item of a table above it.
 */
static __always_inline bool pt_top_fits_leaf(struct pt_range *range,
					     unsigned int leaf_lg2)
{
	if (!pt_range_in_top(range))
		return false;
	if (!pt_feature(range->common, PT_FEAT_DYNAMIC_TOP) ||
	    range->top_level >= PT_MAX_TOP_LEVEL)
		return true;
	return leaf_lg2 < pt_top_lg2sz(range);
}

static bool pt_map_top_fits(struct pt_range *range,
			    struct pt_iommu_map_args *map)
{
	return pt_top_fits_leaf(range,
				pt_best_pgsize_lg2(map->pgsize_bitmap,
						   range->va, range->last_va,
						   map->oa));
}

/*
 * Grow the top until it fits the map (pt_map_top_fits()); the range is
 * re-made over the new top.
 */
static int pt_map_grow(struct pt_range *range, struct pt_iommu_map_args *map)
{
	int ret;

	while (!pt_map_top_fits(range, map)) {
		if (!pt_feature(range->common, PT_FEAT_DYNAMIC_TOP))
			return -ERANGE;
		ret = pt_grow_top(range, map);
		if (ret && ret != -EAGAIN)
			return ret;
		pt_make_range(range->common, range, range->va, range->last_va);
	}
	return 0;
}

/* -EADDRINUSE if a leaf maps any VA of the range under the current top */
static int pt_check_range_free(struct pt_range *range)
{
	struct pt_range in_top = *range;

	if (!pt_range_clip_to_top(&in_top))
		return 0;
	return pt_walk_range(&in_top, __check_range_free, NULL);
}

/*
 * The general map of [va, last_va] to @oa, which pt_iommu_map() checked:
 * collisions first, then top growth, then the walk. Out of line, as
 * pt_unmap_walk().
 */
static noinline int pt_map_walk(struct pt_iommu *iommu_table, pt_vaddr_t va,
				pt_vaddr_t last_va, pt_oaddr_t oa,
				struct pt_write_attrs attrs, size_t *mapped)
{
	struct pt_iommu_map_args map = {
		.iommu_table = iommu_table,
		.attrs = attrs,
		.oa = oa,
		.pgsize_bitmap = iommu_table->domain.pgsize_bitmap,
	};
	struct pt_range range;
	int ret;

	iommu_iotlb_gather_init(&map.free_gather);
	pt_make_range(common_from_iommu(iommu_table), &range, va, last_va);
	/*
	 * Check for collisions before changing anything, so a failed map
	 * leaves the table as it was.
	 */
	ret = pt_check_range_free(&range);
	if (ret)
		return ret;
	ret = pt_map_grow(&range, &map);
	if (ret)
		return ret;
	ret = pt_walk_range(&range, __map_range, &map);
	if (!list_empty(&map.free_gather.freelist))
		pt_iommu_sync_gather(iommu_table, &map.free_gather);
	if (mapped)
		*mapped += map.mapped;
	return ret;
}

/*
 * Map [iova, iova + len) to paddr: the body of map_range and map_pages,
 * which have checked that the range is not empty and its alignment. Inline
 * in both: a call and a return less on the hot path, and the general walk
 * it falls back to is out of line.
 */
static __always_inline int pt_iommu_map(struct pt_iommu *iommu_table,
					unsigned long iova, phys_addr_t paddr,
					pt_vaddr_t len, int prot, gfp_t gfp,
					size_t *mapped)
{
	struct pt_common *common = common_from_iommu(iommu_table);
	/*
	 * Only the inline walk below sees these, so they can live in
	 * registers; every field it reads is written first.
	 */
	struct pt_iommu_map_args map __uninitialized;
	struct pt_range range __uninitialized;
	struct pt_state pts __uninitialized;
	u64 pgsize_bitmap = iommu_table->domain.pgsize_bitmap;
	pt_vaddr_t last_va;
	pt_oaddr_t last_oa;
	unsigned int leaf_lg2;
	int ret;

	if (!(prot & (IOMMU_READ | IOMMU_WRITE)))
		return -EINVAL;
	if (!pt_iova_range(iova, len, &last_va))
		return -EOVERFLOW;
	/*
	 * The whole output range must fit the table and phys_addr_t. The OA
	 * width is below 64 (see the static_assert() above): a plain shift.
	 */
	if (check_add_overflow((pt_oaddr_t)paddr, len - 1, &last_oa) ||
	    last_oa != (phys_addr_t)last_oa ||
	    last_oa >> common->max_oasz_lg2)
		return -ERANGE;

	ret = pt_iommu_set_prot(common, &map.attrs, prot);
	if (ret)
		return ret;
	map.attrs.gfp = gfp;

	ret = pt_make_range(common, &range, iova, last_va);
	if (ret)
		return ret;
	if (!pt_range_in_top(&range) &&
	    !pt_feature(common, PT_FEAT_DYNAMIC_TOP))
		return -ERANGE;

	/*
	 * Leaves of one size in one table, under the current top. The most
	 * common of them, one leaf of a size the domain has, is told at once.
	 */
	if (is_power_of_2(len) && (len & pgsize_bitmap) &&
	    !((iova | paddr) & (len - 1))) {
		leaf_lg2 = log2_ffs(len);
	} else {
		leaf_lg2 = pt_best_pgsize_lg2(pgsize_bitmap, iova, last_va,
					      paddr);
		if (!pt_map_is_one_run(iova, last_va, leaf_lg2, pgsize_bitmap))
			leaf_lg2 = 0;
	}
	if (leaf_lg2 && pt_top_fits_leaf(&range, leaf_lg2)) {
		map.iommu_table = iommu_table;
		map.oa = paddr;
		map.leaf_lg2 = leaf_lg2;
		pts = pt_top_state(&range);
		ret = pt_walk_down(&pts, __map_one_run, &map);
		/* It maps all of the range or, failing, nothing */
		if (!ret && mapped)
			*mapped += len;
		if (ret != -EAGAIN)
			return ret;
	}
	return pt_map_walk(iommu_table, iova, last_va, paddr, map.attrs,
			   mapped);
}

/**
 * pt_iommu_map_range() - map a physically contiguous range
 * @domain: the domain, a struct pt_iommu
 * @iova: first IOVA
 * @paddr: first physical address
 * @size: length of the range in bytes
 * @prot: IOMMU_READ and/or IOMMU_WRITE, plus IOMMU_CACHE, IOMMU_MMIO, ...
 * @gfp: allocation flags for new tables
 * @mapped: incremented by the number of bytes mapped
 *
 * @iova, @paddr and @size must be aligned to the smallest page size of the
 * domain. Each part of the range is mapped with the largest leaf its
 * alignment and the domain's pgsize_bitmap allow, contiguous entries
 * included. Tables under the range that hold no leaf are replaced by a leaf
 * and freed after an IOTLB sync. With PT_FEAT_DYNAMIC_TOP the top grows as
 * needed.
 *
 * Exported per format as pt_iommu_<fmt>_map_range().
 *
 * Context: Process or atomic context, as @gfp allows. The caller owns the
 * IOVA range: concurrent calls on disjoint ranges need no lock. Top growth
 * takes the driver's top lock.
 *
 * Return: 0 on success. -EINVAL for a bad @prot, misalignment or a zero
 * @size; -EOVERFLOW if the range wraps; -ERANGE if it lies outside the
 * aperture or @paddr beyond the output address width; -EADDRINUSE if
 * something is already mapped in the range. In those cases the table is
 * unchanged. -ENOMEM if a table could not be allocated; what was mapped
 * before is counted in @mapped and stays mapped, the table is consistent.
 */
static __always_inline int
pt_iommu_map_range(struct iommu_domain *domain, unsigned long iova,
		   phys_addr_t paddr, size_t size, int prot, gfp_t gfp,
		   size_t *mapped)
{
	u64 min_pgsize = domain->pgsize_bitmap & -domain->pgsize_bitmap;

	if (!size || (iova | paddr | size) & (min_pgsize - 1))
		return -EINVAL;
	return pt_iommu_map(iommu_from_domain(domain), iova, paddr, size, prot,
			    gfp, mapped);
}

/* Exported as pt_iommu_<fmt>_map_range(); see pt_iommu_map_range() */
int NS(map_range)(struct iommu_domain *domain, unsigned long iova,
		  phys_addr_t paddr, size_t size, int prot, gfp_t gfp,
		  size_t *mapped)
{
	return pt_iommu_map_range(domain, iova, paddr, size, prot, gfp,
				  mapped);
}
EXPORT_SYMBOL_NS_GPL(NS(map_range), GENERIC_PT_IOMMU);

/**
 * pt_iommu_map_pages() - map a physically contiguous range (iommu_domain_ops)
 * @domain: the domain, a struct pt_iommu
 * @iova: first IOVA, aligned to @pgsize
 * @paddr: first physical address, aligned to @pgsize
 * @pgsize: a size from the domain's pgsize_bitmap
 * @pgcount: number of @pgsize pages; the range is @pgsize * @pgcount
 * @prot: IOMMU_READ and/or IOMMU_WRITE, plus IOMMU_CACHE, IOMMU_MMIO, ...
 * @gfp: allocation flags for new tables
 * @mapped: incremented by the number of bytes mapped
 *
 * pt_iommu_map_range() for the range, which it maps with the largest
 * leaves that fit, whatever @pgsize is.
 *
 * Exported per format as pt_iommu_<fmt>_map_pages().
 *
 * Context: as pt_iommu_map_range().
 *
 * Return: as pt_iommu_map_range(); -EINVAL also for a @pgsize not in the
 * pgsize_bitmap, an unaligned @iova or @paddr or a zero @pgcount, and
 * -EOVERFLOW if @pgsize * @pgcount overflows.
 */
static int pt_iommu_map_pages(struct iommu_domain *domain, unsigned long iova,
			      phys_addr_t paddr, size_t pgsize, size_t pgcount,
			      int prot, gfp_t gfp, size_t *mapped)
{
	pt_vaddr_t len;

	if (!pgsize || !pgcount || !is_power_of_2(pgsize) ||
	    !(pgsize & domain->pgsize_bitmap) ||
	    (iova | paddr) & (pgsize - 1))
		return -EINVAL;
	if (check_mul_overflow((pt_vaddr_t)pgsize, (pt_vaddr_t)pgcount, &len))
		return -EOVERFLOW;
	return pt_iommu_map(iommu_from_domain(domain), iova, paddr, len, prot,
			    gfp, mapped);
}

/* Exported as pt_iommu_<fmt>_map_pages(); see pt_iommu_map_pages() */
int NS(map_pages)(struct iommu_domain *domain, unsigned long iova,
		  phys_addr_t paddr, size_t pgsize, size_t pgcount, int prot,
		  gfp_t gfp, size_t *mapped)
{
	return pt_iommu_map_pages(domain, iova, paddr, pgsize, pgcount, prot, gfp,
				  mapped);
}
EXPORT_SYMBOL_NS_GPL(NS(map_pages), GENERIC_PT_IOMMU);

/* --- unmap --- */

struct pt_unmap_args {
	struct pt_iommu *iommu_table;
	struct iommu_iotlb_gather *gather;
	pt_vaddr_t unmapped;
	/* va ^ last_va of the whole unmap, for __unmap_one_path() */
	pt_vaddr_t span_bits;
};

/*
 * Scan the run of leaves that starts at cur, a leaf at cur->va, by index up
 * to the walk's last item in this table. Leaves cur->index past the run;
 * returns true if the run ended at an item that is not a leaf, loaded in
 * cur, before the walk's end.
 */
static __always_inline bool pt_scan_leaf_run(struct pt_state *cur)
{
	unsigned int last_index = pt_index_of_va(cur, cur->last_va);
	unsigned int first = cur->index;

	/*
	 * The first leaf starts at cur->va. So does every leaf after it: a
	 * contiguous entry starts on a multiple of its size, and the items
	 * before it belong to the leaf just passed. The last one is taken
	 * whole even where it reaches past the walk's last_va.
	 */
	cur->index += log2_to_int(pt_entry_num_contig_lg2(cur));
	/* Many leaves of one item each: the common long run, one test */
	if (cur->index == first + 1 && cur->index <= last_index &&
	    pt_items_all_leaves(cur, last_index - first))
		cur->index = last_index + 1;
	while (cur->index <= last_index) {
		cur->type = pt_load_entry_raw(cur);
		if (cur->type != PT_ENTRY_OA)
			return true;
		cur->index += log2_to_int(pt_entry_num_contig_lg2(cur));
	}
	return false;
}

/*
 * Clear the leaves from pts, which starts at pts->va, to item @end, as
 * pt_scan_leaf_run() found them, and gather them as one range: the hot
 * loop of an unmap. Returns the last VA they mapped.
 */
static __always_inline pt_vaddr_t pt_unmap_leaves(struct pt_state *pts,
						  unsigned int end,
						  struct pt_unmap_args *unmap)
{
	unsigned int num = end - pts->index;
	pt_vaddr_t last_va = pts->va + (((pt_vaddr_t)num
					  << pt_table_item_lg2sz(pts)) - 1);

	pt_iommu_clear_leaves(pts, num);
	pt_flush_items(pts, pts->index, num);
	unmap->unmapped += last_va - pts->va + 1;
	pt_gather_range(unmap->iommu_table, unmap->gather, pts->va, last_va);
	return last_va;
}

/*
 * Unmap the leaf under pts, which starts at pts->va, and the leaves that
 * follow it in the walk of this table. Returns false if the walk of this
 * table is done; else pts is on the next item, loaded, which is not a leaf.
 */
static __always_inline bool pt_unmap_leaf_run(struct pt_state *pts,
					      struct pt_unmap_args *unmap)
{
	/* A private copy: stores to table memory could alias *pts */
	struct pt_state cur = *pts;
	bool more = pt_scan_leaf_run(&cur);
	pt_vaddr_t last_va = pt_unmap_leaves(pts, cur.index, unmap);

	if (!more)
		return false;
	cur.va = last_va + 1;
	*pts = cur;
	return true;
}

/*
 * A step of pt_walk_down() for the common unmap: walk down while the range
 * lies inside one item that holds a table it does not cover whole, then
 * unmap the leaves there as __unmap_range() would. Returns -EAGAIN, having
 * changed nothing, where only the general walk can do it: a range over
 * several tables, a table to free, or leaves followed by a table.
 */
static __always_inline int __unmap_one_path(struct pt_state *pts, void *arg)
{
	struct pt_unmap_args *unmap = arg;
	/* Written whole before it is read: not zeroed on every level */
	struct pt_state cur __uninitialized;

	switch (pt_load_entry(pts)) {
	case PT_ENTRY_EMPTY:
		/* The walk stops at a hole */
		return 0;
	case PT_ENTRY_TABLE:
		/* Down only while the range lies inside one item, not all of it */
		if (log2_div(unmap->span_bits, pt_table_item_lg2sz(pts)) ||
		    pt_item_fully_covered(pts))
			return -EAGAIN;
		return pt_step_down(pts);
	case PT_ENTRY_OA:
		/* Never split a leaf: starting inside one removes nothing */
		if (pt_entry_va(pts) != pts->va)
			return 0;
		/*
		 * A table after the leaves does not stop an unmap, a hole
		 * does: the general walk unmaps the rest of this table too,
		 * and frees what it empties.
		 */
		cur = *pts;
		if (pt_scan_leaf_run(&cur) && cur.type == PT_ENTRY_TABLE)
			return -EAGAIN;
		pt_unmap_leaves(pts, cur.index, unmap);
		return 0;
	}
	return 0;
}

/*
 * Returns non-zero where the unmap stops early: at a hole, or at a leaf
 * that starts before the unmap does.
 */
static int __unmap_range(struct pt_state *pts, void *arg)
{
	struct pt_unmap_args *unmap = arg;
	struct pt_table_p *lower;
	bool covered;
	int ret;

	pt_load_entry(pts);
	do {
		switch (pts->type) {
		case PT_ENTRY_EMPTY:
			return -ENOENT;
		case PT_ENTRY_TABLE:
			covered = pt_item_fully_covered(pts);
			lower = pt_table_ptr(pts);
			ret = pt_descend_to(pts, lower, arg, __unmap_range);
			if (ret)
				return ret;
			/* Every item below was unmapped: drop the table */
			if (covered) {
				unsigned long flags;

				pt_unlink_lock(unmap->iommu_table, &flags);
				pt_clear_entries(pts, 1);
				pt_unlink_unlock(unmap->iommu_table, &flags);
				pt_flush_items(pts, pts->index, 1);
				pt_free_unlinked(pts, lower,
						 &unmap->gather->freelist,
						 false);
			}
			if (!pt_next_item(pts, pt_table_item_lg2sz(pts)))
				return 0;
			pt_load_entry(pts);
			break;
		case PT_ENTRY_OA:
			/* Never split a leaf: starting inside one removes nothing */
			if (pt_entry_va(pts) != pts->va)
				return -EADDRINUSE;
			if (!pt_unmap_leaf_run(pts, unmap))
				return 0;
			break;
		}
	} while (true);
}

/*
 * The general walk of an unmap of [va, last_va], which lies under the top.
 * Out of line: no local of the common path's caller has its address taken,
 * so they stay in registers and need no stack protector.
 */
static noinline size_t pt_unmap_walk(struct pt_iommu *iommu_table,
				     pt_vaddr_t va, pt_vaddr_t last_va,
				     struct iommu_iotlb_gather *iotlb_gather)
{
	struct pt_unmap_args unmap = {
		.iommu_table = iommu_table,
		.gather = iotlb_gather,
	};
	struct pt_range range;

	/* As the caller found it; a top that grew since still covers it */
	pt_make_range(common_from_iommu(iommu_table), &range, va, last_va);
	pt_walk_range(&range, __unmap_range, &unmap);
	return unmap.unmapped;
}

/*
 * Unmap [iova, iova + len): the body of unmap_range and unmap_pages, inline
 * in both as pt_iommu_map()
 */
static __always_inline size_t
pt_iommu_unmap(struct pt_iommu *iommu_table, unsigned long iova,
	       pt_vaddr_t len, struct iommu_iotlb_gather *iotlb_gather)
{
	struct pt_unmap_args unmap = {
		.iommu_table = iommu_table,
		.gather = iotlb_gather,
	};
	/* Written whole before they are read: see pt_iommu_map() */
	struct pt_range range __uninitialized;
	struct pt_state pts __uninitialized;
	pt_vaddr_t last_va;

	if (!pt_iova_range(iova, len, &last_va) ||
	    pt_make_range(common_from_iommu(iommu_table), &range, iova,
			  last_va))
		return 0;
	/* Nothing is mapped beyond the top */
	if (!pt_range_clip_to_top(&range))
		return 0;

	unmap.span_bits = range.va ^ range.last_va;
	pts = pt_top_state(&range);
	if (pt_walk_down(&pts, __unmap_one_path, &unmap) == -EAGAIN)
		return pt_unmap_walk(iommu_table, range.va, range.last_va,
				     iotlb_gather);
	return unmap.unmapped;
}

/**
 * pt_iommu_unmap_range() - unmap a range
 * @domain: the domain, a struct pt_iommu
 * @iova: first IOVA, aligned to the smallest page size of the domain
 * @size: length of the range in bytes, aligned the same way
 * @iotlb_gather: receives the removed range and the freed tables
 *
 * Leaves are never split. An unmap starting inside a leaf removes nothing;
 * one ending inside a leaf removes the whole leaf, and the gather covers
 * all of it. The unmap stops at the first hole; tables do not stop it.
 * Tables left with nothing mapped are unlinked and put on the gather's
 * freelist; the driver's iotlb_sync frees them after invalidating.
 *
 * Exported per format as pt_iommu_<fmt>_unmap_range().
 *
 * Context: Any context; allocates nothing and takes no lock. The caller
 * owns the IOVA range: concurrent calls on disjoint ranges need no lock.
 *
 * Return: the number of bytes unmapped, which may exceed @size when a leaf
 * reached past its end; 0 for an unaligned, empty, wrapping or
 * out-of-aperture request
 */
static __always_inline size_t
pt_iommu_unmap_range(struct iommu_domain *domain, unsigned long iova,
		     size_t size, struct iommu_iotlb_gather *iotlb_gather)
{
	u64 min_pgsize = domain->pgsize_bitmap & -domain->pgsize_bitmap;

	if ((iova | size) & (min_pgsize - 1))
		return 0;
	return pt_iommu_unmap(iommu_from_domain(domain), iova, size,
			      iotlb_gather);
}

/* Exported as pt_iommu_<fmt>_unmap_range(); see pt_iommu_unmap_range() */
size_t NS(unmap_range)(struct iommu_domain *domain, unsigned long iova,
		       size_t size, struct iommu_iotlb_gather *iotlb_gather)
{
	return pt_iommu_unmap_range(domain, iova, size, iotlb_gather);
}
EXPORT_SYMBOL_NS_GPL(NS(unmap_range), GENERIC_PT_IOMMU);

/**
 * pt_iommu_unmap_pages() - unmap a range (iommu_domain_ops)
 * @domain: the domain, a struct pt_iommu
 * @iova: first IOVA, aligned to @pgsize
 * @pgsize: a power of two
 * @pgcount: number of @pgsize pages
 * @iotlb_gather: receives the removed range and the freed tables
 *
 * pt_iommu_unmap_range() for @pgsize * @pgcount bytes.
 *
 * Exported per format as pt_iommu_<fmt>_unmap_pages().
 *
 * Context: as pt_iommu_unmap_range().
 *
 * Return: as pt_iommu_unmap_range(); 0 also for a zero or non power of two
 * @pgsize, or an @iova not aligned to it
 */
static size_t pt_iommu_unmap_pages(struct iommu_domain *domain,
				   unsigned long iova, size_t pgsize,
				   size_t pgcount,
				   struct iommu_iotlb_gather *iotlb_gather)
{
	pt_vaddr_t len;

	if (!pgsize || !is_power_of_2(pgsize) || iova & (pgsize - 1) ||
	    check_mul_overflow((pt_vaddr_t)pgsize, (pt_vaddr_t)pgcount, &len))
		return 0;
	return pt_iommu_unmap(iommu_from_domain(domain), iova, len,
			      iotlb_gather);
}

/* Exported as pt_iommu_<fmt>_unmap_pages(); see pt_iommu_unmap_pages() */
size_t NS(unmap_pages)(struct iommu_domain *domain, unsigned long iova,
		       size_t pgsize, size_t pgcount,
		       struct iommu_iotlb_gather *iotlb_gather)
{
	return pt_iommu_unmap_pages(domain, iova, pgsize, pgcount,
				    iotlb_gather);
}
EXPORT_SYMBOL_NS_GPL(NS(unmap_pages), GENERIC_PT_IOMMU);

/* --- unmap into a batch --- */

struct pt_unmap_batch_args {
	struct pt_iommu *iommu_table;
	struct iommu_iotlb_gather *gather;
	struct pt_unmap_batch *batch;
	/* First VA of the whole unmap: tables inside it are freed */
	pt_vaddr_t start_va;
	/* Where the walk stopped on a full batch */
	pt_vaddr_t stop_va;
	/* End of the last leaf removed, for an unmap that ends inside one */
	pt_vaddr_t removed_last_va;
	bool removed;
};

/*
 * Append the leaf [va, va + 2^lg2sz) at @oa to @batch, merged with the last
 * range where it continues it. False if it needs a new range and there is
 * no room.
 */
static bool pt_batch_add(struct pt_unmap_batch *batch, pt_vaddr_t va,
			 pt_oaddr_t oa, unsigned int lg2sz)
{
	struct pt_unmap_batch_range *last;

	if (batch->num_ranges) {
		last = &batch->ranges[batch->num_ranges - 1];
		if (last->iova + last->len == va &&
		    last->phys + last->len == oa) {
			last->len += log2_to_int(lg2sz);
			return true;
		}
	}
	if (batch->num_ranges == batch->max_ranges)
		return false;
	batch->ranges[batch->num_ranges++] = (struct pt_unmap_batch_range){
		.iova = va,
		.phys = oa,
		.len = log2_to_int(lg2sz),
	};
	return true;
}

/*
 * Unmap the run of leaves that starts at pts, a leaf starting at pts->va,
 * for as long as the batch takes them. Returns -ENOSPC having removed the
 * leaves before the first one the batch had no room for; else 0 with pts
 * on the item after the run, loaded, or false in *@more if the walk of
 * this table is done.
 */
static int pt_unmap_batch_leaves(struct pt_state *pts,
				 struct pt_unmap_batch_args *ub, bool *more)
{
	unsigned int item_lg2 = pt_table_item_lg2sz(pts);
	unsigned int last_index = pt_index_of_va(pts, pts->last_va);
	/* A private copy: stores to table memory could alias *pts */
	struct pt_state cur = *pts;
	pt_vaddr_t va = pts->va;
	unsigned int num;
	int ret = 0;

	*more = false;
	while (true) {
		if (!pt_batch_add(ub->batch, va, pt_entry_oa(&cur),
				  pt_entry_lg2sz(&cur))) {
			ret = -ENOSPC;
			break;
		}
		cur.index += log2_to_int(pt_entry_num_contig_lg2(&cur));
		va = pts->va + ((pt_vaddr_t)(cur.index - pts->index) << item_lg2);
		if (cur.index > last_index)
			break;
		cur.type = pt_load_entry_raw(&cur);
		if (cur.type != PT_ENTRY_OA) {
			*more = true;
			break;
		}
	}

	num = cur.index - pts->index;
	if (num) {
		pt_vaddr_t last_va = va - 1;

		pt_iommu_clear_leaves(pts, num);
		pt_flush_items(pts, pts->index, num);
		pt_gather_range(ub->iommu_table, ub->gather, pts->va, last_va);
		ub->removed_last_va = last_va;
		ub->removed = true;
	}
	if (ret) {
		ub->stop_va = va;
		return ret;
	}
	if (*more) {
		cur.va = va;
		*pts = cur;
	}
	return 0;
}

/* True if the item at pts lies wholly inside [start_va, pts->last_va] */
static bool pt_batch_item_covered(const struct pt_state *pts,
				  pt_vaddr_t start_va)
{
	unsigned int lg2sz = pt_table_item_lg2sz(pts);

	return log2_align_down(pts->va, lg2sz) >= start_va &&
	       log2_set_mod_max(pts->va, lg2sz) <= pts->last_va;
}

/*
 * The walk of a batch unmap. Returns -ENOSPC where it stopped on a full
 * batch, -EADDRINUSE at a leaf that starts before the walk does.
 */
static int __unmap_batch_range(struct pt_state *pts, void *arg)
{
	struct pt_unmap_batch_args *ub = arg;
	struct pt_table_p *lower;
	bool covered, more;
	int ret;

	pt_load_entry(pts);
	do {
		switch (pts->type) {
		case PT_ENTRY_EMPTY:
			/* Unlike unmap_pages, a hole is skipped */
			break;
		case PT_ENTRY_TABLE:
			covered = pt_batch_item_covered(pts, ub->start_va);
			lower = pt_table_ptr(pts);
			ret = pt_descend_to(pts, lower, arg, __unmap_batch_range);
			if (ret)
				return ret;
			/*
			 * Nothing is mapped below any more: what this call did
			 * not unmap an earlier call of the same batch did, or
			 * was a hole. So the gather may not cover the table's
			 * VA yet, and must: the IOMMU may have cached the
			 * table pointer after that earlier flush.
			 */
			if (covered) {
				unsigned int lg2sz = pt_table_item_lg2sz(pts);
				unsigned long flags;

				pt_unlink_lock(ub->iommu_table, &flags);
				pt_clear_entries(pts, 1);
				pt_unlink_unlock(ub->iommu_table, &flags);
				pt_flush_items(pts, pts->index, 1);
				pt_gather_range(ub->iommu_table, ub->gather,
						log2_align_down(pts->va, lg2sz),
						log2_set_mod_max(pts->va, lg2sz));
				pt_free_unlinked(pts, lower,
						 &ub->gather->freelist, false);
			}
			break;
		case PT_ENTRY_OA:
			/* Never split a leaf: starting inside one removes nothing */
			if (pt_entry_va(pts) != pts->va)
				return -EADDRINUSE;
			ret = pt_unmap_batch_leaves(pts, ub, &more);
			if (ret)
				return ret;
			if (!more)
				return 0;
			/* pts is on the next item, loaded */
			continue;
		}
		if (!pt_next_item(pts, pt_table_item_lg2sz(pts)))
			return 0;
		pt_load_entry(pts);
	} while (true);
}

/**
 * pt_iommu_unmap_batch_fmt() - unmap into a batch
 * @iommu_table: the table
 * @batch: the unmap and the ranges it returns
 * @iotlb_gather: receives the removed IOVA and the freed tables
 *
 * The body of pt_iommu_unmap_batch() for this format; see its kernel-doc
 * in include/linux/generic_pt/iommu.h. It is the format's
 * pt_iommu_ops.unmap_batch.
 *
 * Exported per format as pt_iommu_<fmt>_unmap_batch(), for an iommu_domain.
 *
 * Context: as pt_iommu_unmap_batch().
 *
 * Return: as pt_iommu_unmap_batch()
 */
static int pt_iommu_unmap_batch_fmt(struct pt_iommu *iommu_table,
				    struct pt_unmap_batch *batch,
				    struct iommu_iotlb_gather *iotlb_gather)
{
	struct pt_common *common = common_from_iommu(iommu_table);
	struct iommu_domain *domain = &iommu_table->domain;
	u64 min_pgsize = domain->pgsize_bitmap & -domain->pgsize_bitmap;
	struct pt_unmap_batch_args ub = {
		.iommu_table = iommu_table,
		.gather = iotlb_gather,
		.batch = batch,
	};
	struct pt_range range;
	u64 last;
	int ret;

	if (!batch->len)
		return 0;
	/*
	 * The range's ends are aligned to the smallest page size; the IOVA
	 * reached is a leaf boundary, which may be finer if the page sizes
	 * changed since the leaves were mapped
	 */
	if (!batch->max_ranges || batch->num_ranges > batch->max_ranges ||
	    batch->iova < batch->start ||
	    check_add_overflow((u64)batch->iova, batch->len - 1, &last) ||
	    (dma_addr_t)last != last ||
	    (batch->start | (last + 1)) & (min_pgsize - 1) ||
	    log2_mod((pt_vaddr_t)batch->iova, PT_GRANULE_LG2SZ))
		return -EINVAL;
	/* All of [start, last] must be VA the table can translate */
	ret = pt_make_range(common, &range, batch->start, last);
	if (ret)
		return ret;
	pt_make_range(common, &range, batch->iova, last);
	ub.start_va = batch->start;

	/* Nothing is mapped beyond the top */
	if (!pt_range_clip_to_top(&range)) {
		batch->iova = last + 1;
		batch->len = 0;
		return 0;
	}
	ret = pt_walk_range(&range, __unmap_batch_range, &ub);
	if (ret == -ENOSPC) {
		batch->len -= ub.stop_va - batch->iova;
		batch->iova = ub.stop_va;
		return -ENOSPC;
	}
	if (ret)
		return ret;
	/* A leaf that reached past the end was removed whole */
	if (ub.removed && ub.removed_last_va > last)
		last = ub.removed_last_va;
	batch->iova = last + 1;
	batch->len = 0;
	return 0;
}

/* Exported as pt_iommu_<fmt>_unmap_batch(); see pt_iommu_unmap_batch() */
int NS(unmap_batch)(struct iommu_domain *domain, struct pt_unmap_batch *batch,
		    struct iommu_iotlb_gather *iotlb_gather)
{
	return pt_iommu_unmap_batch_fmt(iommu_from_domain(domain), batch,
					iotlb_gather);
}
EXPORT_SYMBOL_NS_GPL(NS(unmap_batch), GENERIC_PT_IOMMU);

/* --- dirty tracking --- */

struct pt_dirty_args {
	struct iommu_dirty_bitmap *dirty;
	unsigned long flags;
};

/*
 * Report the dirty leaf at @pts, 2^@lg2sz long. One D bit dirties the whole
 * leaf, but only its part inside the walk, [pts->va, pts->last_va], goes in
 * the bitmap: the caller's iova_bitmap covers exactly the range it asked
 * for; 6.12's iova_bitmap_set() silently drops a record that starts below
 * it, and sets the bits of one that ends past it in whatever user memory
 * follows the bitmap in its last page. The gather gets the whole leaf: a
 * clearing read clears all of its D bits and the driver must flush them.
 */
static void pt_record_dirty(struct pt_state *pts,
			    struct iommu_dirty_bitmap *dirty,
			    unsigned int lg2sz)
{
	pt_vaddr_t last_va = min(log2_set_mod_max(pts->va, lg2sz),
				 pts->last_va);

	if (dirty->bitmap)
		iova_bitmap_set(dirty->bitmap, pts->va, last_va - pts->va + 1);
	if (dirty->gather)
		iommu_iotlb_gather_add_range(dirty->gather, pt_entry_va(pts),
					     log2_to_int(lg2sz));
}

static int __read_and_clear_dirty(struct pt_state *pts, void *arg)
{
	struct pt_dirty_args *dirty = arg;
	unsigned int step_lg2;

	do {
		step_lg2 = pt_table_item_lg2sz(pts);
		switch (pt_load_entry(pts)) {
		case PT_ENTRY_TABLE:
			pt_descend(pts, arg, __read_and_clear_dirty);
			break;
		case PT_ENTRY_OA:
			step_lg2 = pt_entry_lg2sz(pts);
			if (pt_entry_is_write_dirty(pts)) {
				pt_record_dirty(pts, dirty->dirty, step_lg2);
				if (!(dirty->flags & IOMMU_DIRTY_NO_CLEAR)) {
					pt_entry_make_write_clean(pts);
					pt_flush_entry(pts);
				}
			}
			break;
		case PT_ENTRY_EMPTY:
			break;
		}
	} while (pt_next_item(pts, step_lg2));
	return 0;
}

/**
 * pt_iommu_read_and_clear_dirty() - harvest dirty bits (iommu_dirty_ops)
 * @domain: the domain, a struct pt_iommu
 * @iova: first IOVA of the range
 * @size: length of the range
 * @flags: IOMMU_DIRTY_NO_CLEAR to only read
 * @dirty: receives the dirty ranges; its gather, if any, the ranges whose
 *   D bits were cleared so the driver can flush them
 *
 * Every leaf in the range with a D bit set in any of its items is dirty as
 * a whole. Its part inside [@iova, @iova + @size - 1] is recorded in the
 * bitmap, never more: a leaf the range starts or ends inside (a large or
 * contiguous entry) is recorded from @iova or up to the range's last
 * address, so the record stays inside the caller's iova_bitmap and each
 * query overlapping a dirty leaf reports its overlap. Unless
 * IOMMU_DIRTY_NO_CLEAR, all of the leaf's D bits are cleared, also those
 * outside the range; the gather always covers the whole leaf so the driver
 * can flush it. A later query of the rest of such a leaf finds it clean:
 * callers that split a range must query the parts with NO_CLEAR, or accept
 * that the first query reports only its own part. Holes are skipped.
 *
 * Exported per format as pt_iommu_<fmt>_read_and_clear_dirty().
 *
 * Context: Any context; allocates nothing and takes no lock. The caller
 * owns the range (iommufd holds its iova_rwsem): no map or unmap of it may
 * run at the same time; the IOMMU setting D bits meanwhile is expected.
 *
 * Return: 0, or -EINVAL for an empty, wrapping or out-of-aperture range
 */
static int pt_iommu_read_and_clear_dirty(struct iommu_domain *domain,
					 unsigned long iova, size_t size,
					 unsigned long flags,
					 struct iommu_dirty_bitmap *dirty)
{
	struct pt_common *common = common_from_iommu(iommu_from_domain(domain));
	struct pt_dirty_args args = { .dirty = dirty, .flags = flags };
	struct pt_range range;
	pt_vaddr_t last_va;

	if (!pt_iova_range(iova, size, &last_va) ||
	    pt_make_range(common, &range, iova, last_va))
		return -EINVAL;
	if (!pt_range_clip_to_top(&range))
		return 0;
	return pt_walk_range(&range, __read_and_clear_dirty, &args);
}

/*
 * Exported as pt_iommu_<fmt>_read_and_clear_dirty(); see
 * pt_iommu_read_and_clear_dirty()
 */
int NS(read_and_clear_dirty)(struct iommu_domain *domain, unsigned long iova,
			     size_t size, unsigned long flags,
			     struct iommu_dirty_bitmap *dirty)
{
	return pt_iommu_read_and_clear_dirty(domain, iova, size, flags,
					     dirty);
}
EXPORT_SYMBOL_NS_GPL(NS(read_and_clear_dirty), GENERIC_PT_IOMMU);

/* Set D in every leaf of the walk, as the IOMMU would on a DMA write */
static int __set_dirty(struct pt_state *pts, void *arg)
{
	unsigned int step_lg2;
	int ret;

	do {
		step_lg2 = pt_table_item_lg2sz(pts);
		switch (pt_load_entry(pts)) {
		case PT_ENTRY_OA:
			if (!pt_entry_make_write_dirty(pts))
				return -EOPNOTSUPP;
			pt_flush_entry(pts);
			step_lg2 = pt_entry_lg2sz(pts);
			break;
		case PT_ENTRY_TABLE:
			ret = pt_descend(pts, arg, __set_dirty);
			if (ret)
				return ret;
			break;
		default:
			return -ENOENT;
		}
	} while (pt_next_item(pts, step_lg2));
	return 0;
}

static int pt_iommu_set_dirty(struct pt_iommu *iommu_table, dma_addr_t iova)
{
	struct pt_range range;

	if (pt_make_range(common_from_iommu(iommu_table), &range, iova, iova) ||
	    !pt_range_in_top(&range))
		return -ENOENT;
	return pt_walk_range(&range, __set_dirty, NULL);
}

/* --- cut and reassemble --- */

/*
 * Both operations change how a range is mapped, never what it maps: every
 * IOVA translates to the same output address with the same attributes
 * before, during and after them, so a device may DMA through the range
 * meanwhile. They need no break-before-make: each store to a live item
 * turns one correct translation of its VA into another (see
 * pt_can_resize_hitless()). Neither changes which pages are mapped or
 * how, so the IOMMU page table check has nothing to count.
 *
 * The dirty state: the IOMMU may set a D bit in a leaf being replaced at
 * any moment up to the store that replaces it, and that D must survive.
 * Cut publishes a one-item leaf's table with a compare-and-exchange
 * against the leaf as read, and starts over if it changed. Every other
 * store over a live leaf sees the D bit of what it replaced: an atomic
 * exchange (pt_replace_leaf_entry()), or a compare-and-exchange repeated
 * after reading the item again (a table over an item of a contiguous
 * entry). A table unlinked by reassemble is read again after its entry is
 * replaced. A D found so that the new leaves do not carry is set in them.
 * Only a D the IOMMU sets through an IOTLB entry of the old layout after
 * that, before the caller's flush, can still land in memory no walk
 * reads; a caller that needs it harvests before reassembling (iommufd
 * reassembles when dirty tracking ends).
 */

struct pt_cut_args {
	struct pt_iommu *iommu_table;
	/* Attributes of the leaf being cut, its dirty state and the gfp */
	struct pt_write_attrs attrs;
	u64 pgsize_bitmap;
	/* The VA that must become a boundary between two leaves */
	pt_vaddr_t cut_va;
	/* Every table allocated, until they are all linked */
	struct list_head tables;
};

/* Free the private tables of a cut that failed; no walker saw them */
static void pt_cut_free_tables(struct pt_cut_args *cut)
{
	struct page *page, *tmp;

	list_for_each_entry_safe(page, tmp, &cut->tables, lru) {
		list_del(&page->lru);
		table_free(cut->iommu_table, page_address(page));
	}
}

/* The tables of a cut that succeeded: they are in use, forget the list */
static void pt_cut_keep_tables(struct pt_cut_args *cut)
{
	struct page *page, *tmp;

	list_for_each_entry_safe(page, tmp, &cut->tables, lru)
		list_del(&page->lru);
}

/*
 * The last VA of the piece that starts at @va in [va, last_va]: up to
 * the cut, or @last_va if the cut is not inside
 */
static pt_vaddr_t pt_cut_piece_last(struct pt_cut_args *cut, pt_vaddr_t va,
				    pt_vaddr_t last_va)
{
	if (va < cut->cut_va && cut->cut_va <= last_va)
		return cut->cut_va - 1;
	return last_va;
}

static int pt_cut_fill(struct pt_range *range, struct pt_table_p *table,
		       unsigned int level, pt_vaddr_t va, pt_vaddr_t last_va,
		       pt_oaddr_t oa, struct pt_cut_args *cut);

/*
 * Make a private table of the translations [va, last_va] -> @oa, one item
 * of @pts, and link it into that item of @pts's private table. Written
 * back before it is linked, so an incoherent walker sees it whole once
 * the item is published.
 */
static int pt_cut_new_table(struct pt_state *pts, pt_vaddr_t va,
			    pt_vaddr_t last_va, pt_oaddr_t oa,
			    struct pt_cut_args *cut)
{
	struct pt_table_p *lower = table_alloc(cut->iommu_table,
					       cut->attrs.gfp);
	bool linked;
	int ret;

	if (!lower)
		return -ENOMEM;
	list_add_tail(&virt_to_page(lower)->lru, &cut->tables);
	ret = pt_cut_fill(pts->range, lower, pts->level - 1, va, last_va, oa,
			  cut);
	if (ret)
		return ret;
	pt_flush_table_mem(pts->range->common, lower,
			   log2_to_int(PT_TABLEMEM_LG2SZ));
	pts->entry = 0;
	/*
	 * The item is empty and private: the exchange cannot fail. Outside
	 * PT_WARN_ON(), which evaluates nothing without
	 * CONFIG_DEBUG_GENERIC_PT.
	 */
	linked = pt_link_table(pts, virt_to_phys(lower), &cut->attrs);
	if (PT_WARN_ON(!linked))
		return -EINVAL;
	return 0;
}

/*
 * Fill the empty items of the private @table at @level over [va, last_va]
 * with the translations from @oa, in the leaves a map of the two sides of
 * the cut would pick: the largest of the level's sizes in the domain's
 * pgsize_bitmap that fit, else a table one level down.
 */
static int pt_cut_fill(struct pt_range *range, struct pt_table_p *table,
		       unsigned int level, pt_vaddr_t va, pt_vaddr_t last_va,
		       pt_oaddr_t oa, struct pt_cut_args *cut)
{
	struct pt_state pts = { .range = range, .table = table,
				.level = level, .va = va, .last_va = last_va };
	u64 sizes = cut->pgsize_bitmap & pt_possible_sizes(&pts);
	unsigned int item_lg2 = pt_table_item_lg2sz(&pts);
	unsigned int leaf_lg2, step_lg2;
	pt_vaddr_t piece_last;
	int ret;

	do {
		piece_last = pt_cut_piece_last(cut, pts.va, last_va);
		leaf_lg2 = pt_best_pgsize_lg2(sizes, pts.va, piece_last,
					      oa + (pts.va - va));
		pts.index = pt_index_of_va(&pts, pts.va);
		if (leaf_lg2) {
			pt_install_leaf_entry(&pts, oa + (pts.va - va),
					      leaf_lg2, &cut->attrs);
			step_lg2 = leaf_lg2;
		} else {
			if (PT_WARN_ON(!pt_can_have_table(&pts)))
				return -EINVAL;
			/* Both sides of a cut inside the item go below */
			ret = pt_cut_new_table(&pts, pts.va,
					       pt_item_last_va(&pts),
					       oa + (pts.va - va), cut);
			if (ret)
				return ret;
			step_lg2 = item_lg2;
		}
	} while (pt_next_item(&pts, step_lg2));
	return 0;
}

/*
 * Publish into the live item under @pts, which holds a leaf, the table of
 * item @index of @shadow: one fully ordered compare-and-exchange against
 * the leaf @pts->entry holds. It orders the stores that built the table
 * before the pointer to it, and pairs with the IOMMU's walk and with the
 * READ_ONCE() of pt_load_entry_raw() in a CPU walk. False if the item no
 * longer holds that leaf: the IOMMU set A or D in it meanwhile.
 */
static bool pt_cut_publish_table(struct pt_state *pts,
				 struct pt_state *shadow, unsigned int index,
				 struct pt_cut_args *cut)
{
	shadow->index = index;
	pt_load_entry_raw(shadow);
	pts->index = index;
	return pt_link_table(pts, pt_table_pa(shadow), &cut->attrs);
}

/*
 * Publish the items [@first, @first + @num) of @shadow into the live table
 * of @pts, a contiguous entry of the same items: tables by exchange
 * against whatever the item holds, leaves by pt_replace_leaf_entry().
 * Each store replaces one correct translation of the item by another.
 * Returns true if the IOMMU had set D in an item replaced.
 */
static bool pt_cut_publish_items(struct pt_state *pts,
				 struct pt_state *shadow, unsigned int first,
				 unsigned int num, struct pt_cut_args *cut)
{
	unsigned int end = first + num;
	bool dirty = false;

	for (shadow->index = first; shadow->index != end;) {
		pts->index = shadow->index;
		if (pt_load_entry_raw(shadow) == PT_ENTRY_TABLE) {
			/*
			 * A D set after this read fails the exchange, which
			 * reads the item again
			 */
			do {
				pt_load_entry_raw(pts);
				dirty |= pt_entry_is_write_dirty(pts);
			} while (!pt_cut_publish_table(pts, shadow,
						       shadow->index, cut));
			shadow->index++;
			continue;
		}
		dirty |= pt_replace_leaf_entry(pts, pt_entry_oa(shadow),
					       pt_entry_lg2sz(shadow),
					       &cut->attrs);
		shadow->index += log2_to_int(pt_entry_num_contig_lg2(shadow));
	}
	pt_flush_items(pts, first, num);
	return dirty;
}

/*
 * The IOMMU dirtied the leaf [va, last_va] while cut replaced it by leaves
 * built clean: they were all one dirty leaf, so they are all dirty now
 */
static void pt_cut_set_dirty(struct pt_state *pts, pt_vaddr_t va,
			     pt_vaddr_t last_va)
{
	struct pt_range range = *pts->range;

	range.va = va;
	range.last_va = last_va;
	pt_walk_range(&range, __set_dirty, NULL);
}

/*
 * Cut the leaf under @pts, loaded, at cut->cut_va inside it: its items
 * are built anew in a private shadow table at the same indexes, with
 * private tables below, then published. -EAGAIN if the IOMMU changed the
 * leaf of one item before the exchange: nothing changed, the caller reads
 * it again.
 */
static int pt_cut_leaf(struct pt_state *pts, struct pt_cut_args *cut)
{
	unsigned int contig_lg2 = pt_entry_num_contig_lg2(pts);
	unsigned int first = log2_align_down(pts->index, contig_lg2);
	unsigned int leaf_lg2 = pt_entry_lg2sz(pts);
	bool dirty = pt_entry_is_write_dirty(pts);
	pt_vaddr_t va = pt_entry_va(pts);
	struct pt_state shadow = *pts;
	int ret;

	pt_attr_from_entry(pts, &cut->attrs);
	pt_attr_set_write_dirty(&cut->attrs, dirty);
	shadow.table = table_alloc(cut->iommu_table, cut->attrs.gfp);
	if (!shadow.table)
		return -ENOMEM;
	ret = pt_cut_fill(pts->range, shadow.table, pts->level, va,
			  va + (log2_to_int(leaf_lg2) - 1), pt_entry_oa(pts),
			  cut);
	if (ret)
		goto out_free;
	if (!contig_lg2) {
		/* The one atomic store that replaces the leaf */
		if (!pt_cut_publish_table(pts, &shadow, first, cut)) {
			ret = -EAGAIN;
			goto out_free;
		}
	} else if (pt_cut_publish_items(pts, &shadow, first,
					log2_to_int(contig_lg2), cut) &&
		   !dirty) {
		pt_cut_set_dirty(pts, va, va + (log2_to_int(leaf_lg2) - 1));
	}
	pt_cut_keep_tables(cut);
	table_free(cut->iommu_table, shadow.table);
	return 0;

out_free:
	pt_cut_free_tables(cut);
	table_free(cut->iommu_table, shadow.table);
	return ret;
}

/*
 * Find the leaf holding cut->cut_va, walking down from @pts on the top.
 * Returns 0 with @pts on it, loaded, or -ENOENT if nothing maps the VA.
 */
static int pt_cut_find_leaf(struct pt_state *pts)
{
	while (true) {
		switch (pt_load_entry(pts)) {
		case PT_ENTRY_OA:
			return 0;
		case PT_ENTRY_TABLE:
			pts->table = pt_table_ptr(pts);
			pts->level--;
			break;
		default:
			return -ENOENT;
		}
	}
}

/**
 * pt_iommu_cut_fmt() - make an IOVA the boundary between two leaves
 * @iommu_table: the table
 * @iova: the IOVA, aligned to the smallest page size of the domain
 * @gather: receives the range of the leaf that was replaced
 * @gfp: allocation flags for the new tables
 *
 * The body of pt_iommu_cut() for this format; see its kernel-doc in
 * include/linux/generic_pt/iommu.h. It is the format's pt_iommu_ops.cut.
 *
 * Exported per format as pt_iommu_<fmt>_cut(), for an iommu_domain.
 *
 * Context: as pt_iommu_cut().
 *
 * Return: as pt_iommu_cut()
 */
static int pt_iommu_cut_fmt(struct pt_iommu *iommu_table, dma_addr_t iova,
			    struct iommu_iotlb_gather *gather, gfp_t gfp)
{
	struct iommu_domain *domain = &iommu_table->domain;
	struct pt_common *common = common_from_iommu(iommu_table);
	u64 min_pgsize = domain->pgsize_bitmap & -domain->pgsize_bitmap;
	struct pt_cut_args cut = {
		.iommu_table = iommu_table,
		.pgsize_bitmap = domain->pgsize_bitmap,
		.cut_va = iova,
	};
	struct pt_range range;
	struct pt_state pts;
	unsigned int leaf_lg2;
	int ret;

	/* Their freed tables wait on page lists: no slab tables */
	if (!pt_can_resize_hitless(common) ||
	    table_in_slab(iommu_table, PT_TABLEMEM_LG2SZ))
		return -EOPNOTSUPP;
	if (iova & (min_pgsize - 1))
		return -EINVAL;
	INIT_LIST_HEAD(&cut.tables);
	do {
		if (pt_make_range(common, &range, iova, iova))
			return -ERANGE;
		if (!pt_range_in_top(&range))
			return 0;
		pts = pt_top_state(&range);
		if (pt_cut_find_leaf(&pts))
			return 0;
		leaf_lg2 = pt_entry_lg2sz(&pts);
		if (pt_entry_va(&pts) == iova)
			return 0;
		cut.attrs.gfp = gfp;
		ret = pt_cut_leaf(&pts, &cut);
	} while (ret == -EAGAIN);
	if (ret)
		return ret;
	pt_gather_range(iommu_table, gather, log2_align_down(iova, leaf_lg2),
			log2_set_mod_max(iova, leaf_lg2));
	return 0;
}

/* Exported as pt_iommu_<fmt>_cut(); see pt_iommu_cut() */
int NS(cut)(struct iommu_domain *domain, dma_addr_t iova,
	    struct iommu_iotlb_gather *gather, gfp_t gfp)
{
	return pt_iommu_cut_fmt(iommu_from_domain(domain), iova, gather, gfp);
}
EXPORT_SYMBOL_NS_GPL(NS(cut), GENERIC_PT_IOMMU);

struct pt_reassemble_args {
	struct pt_iommu *iommu_table;
	struct iommu_iotlb_gather *gather;
	u64 pgsize_bitmap;
};

/*
 * One run of translations a reassemble checks: from @va, all mapped to
 * @oa + (VA - @va) by leaves with the same attributes
 */
struct pt_run_args {
	pt_vaddr_t va;
	pt_oaddr_t oa;
	/* Attributes of the first leaf, dirty state cleared */
	struct pt_write_attrs attrs;
	bool seen;
	bool dirty;
};

/*
 * Whether the leaf under @pts continues @run: the first sets what the run
 * maps; a leaf reaching outside the walk ends it
 */
static bool pt_run_add_leaf(struct pt_state *pts, struct pt_run_args *run)
{
	pt_vaddr_t va = pt_entry_va(pts);
	struct pt_write_attrs attrs;

	if (va < pts->va ||
	    log2_set_mod_max(va, pt_entry_lg2sz(pts)) > pts->last_va)
		return false;
	pt_attr_from_entry(pts, &attrs);
	pt_attr_set_write_dirty(&attrs, false);
	if (!run->seen) {
		run->seen = true;
		run->oa = pt_entry_oa(pts) - (va - run->va);
		run->attrs = attrs;
	} else if (pt_entry_oa(pts) != run->oa + (va - run->va) ||
		   attrs.descriptor_bits != run->attrs.descriptor_bits) {
		return false;
	}
	run->dirty |= pt_entry_is_write_dirty(pts);
	return true;
}

/* Walk the VA of a run: -EBUSY at a hole or at a leaf that breaks it */
static int __check_run(struct pt_state *pts, void *arg)
{
	unsigned int step_lg2;
	int ret;

	do {
		step_lg2 = pt_table_item_lg2sz(pts);
		switch (pt_load_entry(pts)) {
		case PT_ENTRY_TABLE:
			ret = pt_descend(pts, arg, __check_run);
			if (ret)
				return ret;
			break;
		case PT_ENTRY_OA:
			if (!pt_run_add_leaf(pts, arg))
				return -EBUSY;
			step_lg2 = pt_entry_lg2sz(pts);
			break;
		default:
			return -EBUSY;
		}
	} while (pt_next_item(pts, step_lg2));
	return 0;
}

/*
 * Put the tables the items [@first, @first + @num) of the table under
 * @pts, which start at @pts->va, point to on @tables, and every table
 * below those on @freelist
 */
static void pt_reassemble_collect(struct pt_state *pts, unsigned int first,
				  unsigned int num, struct list_head *tables,
				  struct list_head *freelist)
{
	struct pt_iommu *iommu_table = iommu_from_common(pts->range->common);
	unsigned int item_lg2 = pt_table_item_lg2sz(pts);
	struct pt_state item = *pts;

	for (item.index = first; item.index != first + num; item.index++) {
		if (pt_load_entry_raw(&item) != PT_ENTRY_TABLE)
			continue;
		item.va = pts->va +
			  ((pt_vaddr_t)(item.index - first) << item_lg2);
		item.last_va = log2_set_mod_max(item.va, item_lg2);
		pt_descend(&item, freelist, __collect_tables);
		table_to_freelist(iommu_table, tables, pt_table_ptr(&item));
	}
}

/*
 * Whether any leaf under @tables, the unlinked tables of the items of the
 * block under @pts, is write dirty: each is read again as a run
 */
static bool pt_reassemble_tables_dirty(struct pt_state *pts,
				       struct list_head *tables)
{
	struct page *page;
	bool dirty = false;

	list_for_each_entry(page, tables, lru) {
		struct pt_run_args again = { .va = pts->va };

		pt_descend_to(pts, page_address(page), &again, __check_run);
		dirty |= again.dirty;
	}
	return dirty;
}

/*
 * Replace the block [va, va + 2^lg2) of the table under @pts by one leaf
 * if the block maps one run aligned to its size. Returns true if the block
 * is one leaf now, merged or as it was.
 */
static bool pt_reassemble_block(struct pt_state *pts, pt_vaddr_t va,
				unsigned int lg2,
				struct pt_reassemble_args *ra)
{
	struct pt_run_args run = { .va = va };
	struct pt_state block = *pts;
	unsigned int num;
	unsigned long flags;
	LIST_HEAD(freelist);
	LIST_HEAD(tables);
	bool dirty;

	block.va = va;
	block.last_va = log2_set_mod_max(va, lg2);
	num = log2_to_int(lg2 - pt_table_item_lg2sz(pts));
	/* Already one leaf of at least the size */
	if (pt_load_entry(&block) == PT_ENTRY_OA &&
	    pt_entry_lg2sz(&block) >= lg2)
		return true;
	if (__check_run(&block, &run) || log2_mod(run.oa, lg2))
		return false;

	block.va = va;
	pt_load_entry(&block);
	pt_reassemble_collect(&block, block.index, num, &tables, &freelist);
	pt_attr_set_write_dirty(&run.attrs, run.dirty);
	/*
	 * Each item now holds the leaf, a store the IOMMU sees whole: the
	 * leaf points to no memory of ours, so nothing is to be ordered
	 * before it. The unlink lock keeps a debugfs dump out of the
	 * tables it replaces.
	 */
	pt_unlink_lock(ra->iommu_table, &flags);
	dirty = pt_replace_leaf_entry(&block, run.oa, lg2, &run.attrs);
	pt_unlink_unlock(ra->iommu_table, &flags);
	/* A D set below an item before it was replaced */
	dirty |= pt_reassemble_tables_dirty(&block, &tables);
	if (dirty && !run.dirty)
		pt_entry_make_write_dirty(&block);
	pt_flush_items(&block, block.index, num);
	/* A sync for an earlier disjoint range frees only earlier tables */
	pt_gather_range(ra->iommu_table, ra->gather, va,
			log2_set_mod_max(va, lg2));
	list_splice_tail_init(&tables, &ra->gather->freelist);
	list_splice_tail_init(&freelist, &ra->gather->freelist);
	return true;
}

/*
 * The largest size of @sizes whose block starts at pts->va, lies inside
 * the walk and is one leaf, merged now or as it was: its lg2, or 0
 */
static unsigned int pt_reassemble_at(struct pt_state *pts, u64 sizes,
				     struct pt_reassemble_args *ra)
{
	unsigned int lg2;

	while (sizes) {
		lg2 = log2_fls(sizes) - 1;
		sizes &= ~log2_to_int(lg2);
		if (log2_mod(pts->va, lg2) ||
		    log2_set_mod_max(pts->va, lg2) > pts->last_va)
			continue;
		if (pt_reassemble_block(pts, pts->va, lg2, ra))
			return lg2;
	}
	return 0;
}

/*
 * Top down and greedy: at each VA of the walk the largest block that can
 * be one leaf becomes one, and only where none can the table under the
 * item is reassembled. So a run is read once, at the largest size it
 * merges to, not merged again at every size on the way up.
 */
static int __reassemble(struct pt_state *pts, void *arg)
{
	struct pt_reassemble_args *ra = arg;
	u64 sizes = ra->pgsize_bitmap & pt_possible_sizes(pts);
	unsigned int step_lg2;

	do {
		step_lg2 = pt_reassemble_at(pts, sizes, ra);
		if (!step_lg2) {
			step_lg2 = pt_table_item_lg2sz(pts);
			if (pt_load_entry(pts) == PT_ENTRY_TABLE)
				pt_descend(pts, arg, __reassemble);
		}
	} while (pt_next_item(pts, step_lg2));
	return 0;
}

/**
 * pt_iommu_reassemble_fmt() - merge runs of leaves into larger leaves
 * @iommu_table: the table
 * @iova: first IOVA of the range, aligned to the smallest page size
 * @len: length of the range, aligned the same way
 * @gather: receives the range of every merged block and the freed tables
 *
 * The body of pt_iommu_reassemble() for this format; see its kernel-doc
 * in include/linux/generic_pt/iommu.h. It is the format's
 * pt_iommu_ops.reassemble.
 *
 * Exported per format as pt_iommu_<fmt>_reassemble(), for an
 * iommu_domain.
 *
 * Context: as pt_iommu_reassemble().
 *
 * Return: as pt_iommu_reassemble()
 */
static int pt_iommu_reassemble_fmt(struct pt_iommu *iommu_table,
				   dma_addr_t iova, u64 len,
				   struct iommu_iotlb_gather *gather)
{
	struct iommu_domain *domain = &iommu_table->domain;
	struct pt_common *common = common_from_iommu(iommu_table);
	u64 min_pgsize = domain->pgsize_bitmap & -domain->pgsize_bitmap;
	struct pt_reassemble_args ra = {
		.iommu_table = iommu_table,
		.gather = gather,
		.pgsize_bitmap = domain->pgsize_bitmap,
	};
	struct pt_range range;
	pt_vaddr_t last_va;

	/* Their freed tables wait on page lists: no slab tables */
	if (!pt_can_resize_hitless(common) ||
	    table_in_slab(iommu_table, PT_TABLEMEM_LG2SZ))
		return -EOPNOTSUPP;
	if (!len || (iova | len) & (min_pgsize - 1) ||
	    check_add_overflow((pt_vaddr_t)iova, (pt_vaddr_t)len - 1, &last_va))
		return -EINVAL;
	if (pt_make_range(common, &range, iova, last_va))
		return -ERANGE;
	/* Nothing is mapped beyond the top */
	if (!pt_range_clip_to_top(&range))
		return 0;
	return pt_walk_range(&range, __reassemble, &ra);
}

/* Exported as pt_iommu_<fmt>_reassemble(); see pt_iommu_reassemble() */
int NS(reassemble)(struct iommu_domain *domain, dma_addr_t iova, u64 len,
		   struct iommu_iotlb_gather *gather)
{
	return pt_iommu_reassemble_fmt(iommu_from_domain(domain), iova, len,
				       gather);
}
EXPORT_SYMBOL_NS_GPL(NS(reassemble), GENERIC_PT_IOMMU);

/* --- debugfs dump --- */

#if IS_ENABLED(CONFIG_GENERIC_PT_DEBUGFS)
/*
 * Items a dump walks per hold of dump_lock, interrupts off; enough for
 * the path down from the top and a whole lowest table.
 */
#define PT_DUMP_CHUNK 1024
static_assert(PT_MAX_TOP_LEVEL + 1 < PT_DUMP_CHUNK,
	      "a chunk reaches a leaf, so each chunk makes progress");

/* A run of leaves of one size, contiguous in VA and OA, equal attributes */
struct pt_dump_run {
	pt_vaddr_t va;
	pt_vaddr_t last_va;
	pt_oaddr_t oa;
	u64 bits;
	u64 num;
	unsigned int lg2sz;
	unsigned int level;
	unsigned int prot;
	bool dirty;
};

struct pt_dump_args {
	struct seq_buf *out;
	struct pt_common *common;
	/* The run being built; none while num is 0 */
	struct pt_dump_run run;
	/* Items left in this chunk, and where the next one starts */
	unsigned int budget;
	pt_vaddr_t next_va;
	/* Table pages per level; the VA of the last one counted per level */
	u64 tables[PT_MAX_TOP_LEVEL + 1];
	pt_vaddr_t table_va[PT_MAX_TOP_LEVEL + 1];
	bool table_seen[PT_MAX_TOP_LEVEL + 1];
	/* Leaves per log2 of their size */
	u64 leaves[64];
	u64 ranges;
};

/* An IOVA as the DMA API names it: sign extended where the table is */
static u64 pt_dump_iova(struct pt_common *common, pt_vaddr_t va)
{
	if (pt_feature(common, PT_FEAT_SIGN_EXTEND) &&
	    common->max_vasz_lg2 < 64 &&
	    (va & log2_to_int(common->max_vasz_lg2 - 1)))
		return va | ~log2_to_max_int(common->max_vasz_lg2);
	if (pt_feature(common, PT_FEAT_UPPER_RANGE))
		return va | ~log2_to_max_int(common->max_vasz_lg2);
	return va;
}

/* A power of two size as <n><unit>, e.g. 4K, 2M, 512G */
static void pt_dump_size(struct seq_buf *out, unsigned int lg2sz)
{
	static const char units[] = "BKMGTPE";

	seq_buf_printf(out, "%llu%c", log2_to_int(lg2sz % 10),
		       units[lg2sz / 10]);
}

static void pt_dump_flush_run(struct pt_dump_args *dump)
{
	struct pt_dump_run *run = &dump->run;

	if (!run->num)
		return;
	seq_buf_printf(dump->out, "%016llx-%016llx -> %016llx ",
		       pt_dump_iova(dump->common, run->va),
		       pt_dump_iova(dump->common, run->last_va), run->oa);
	pt_dump_size(dump->out, run->lg2sz);
	seq_buf_printf(dump->out, " x%llu L%u %c%c%c 0x%llx\n", run->num,
		       run->level, run->prot & IOMMU_READ ? 'r' : '-',
		       run->prot & IOMMU_WRITE ? 'w' : '-',
		       run->dirty ? 'd' : '-', run->bits);
	dump->ranges++;
	run->num = 0;
}

/*
 * Add the leaf under pts to the run when it continues it: same size and
 * level, the next VA and OA, the same access, dirty state and format bits.
 */
static void pt_dump_leaf(struct pt_state *pts, struct pt_dump_args *dump)
{
	struct pt_dump_run *run = &dump->run;
	unsigned int lg2sz = pt_entry_lg2sz(pts);
	struct pt_dump_run leaf = {
		.va = pt_entry_va(pts),
		.oa = pt_entry_oa(pts),
		.num = 1,
		.lg2sz = lg2sz,
		.level = pts->level,
		.prot = pt_entry_iommu_prot(pts),
		.dirty = pt_entry_is_write_dirty(pts),
	};
	struct pt_write_attrs attrs;

	pt_attr_from_entry(pts, &attrs);
	leaf.bits = attrs.descriptor_bits;
	leaf.last_va = log2_set_mod_max(leaf.va, lg2sz);
	dump->leaves[lg2sz]++;

	if (run->num && run->lg2sz == lg2sz && run->level == leaf.level &&
	    run->last_va + 1 == leaf.va &&
	    run->oa + (run->num << lg2sz) == leaf.oa &&
	    run->prot == leaf.prot && run->dirty == leaf.dirty &&
	    run->bits == leaf.bits) {
		run->num++;
		run->last_va = leaf.last_va;
		return;
	}
	pt_dump_flush_run(dump);
	*run = leaf;
}

/* Count the table under pts once, however many chunks walk into it */
static void pt_dump_count_table(struct pt_state *pts,
				struct pt_dump_args *dump)
{
	unsigned int level = pts->level - 1;
	pt_vaddr_t va = log2_align_down(pts->va, pt_table_item_lg2sz(pts));

	if (dump->table_seen[level] && dump->table_va[level] == va)
		return;
	dump->table_seen[level] = true;
	dump->table_va[level] = va;
	dump->tables[level]++;
}

static int __dump_range(struct pt_state *pts, void *arg)
{
	struct pt_dump_args *dump = arg;
	unsigned int step_lg2;
	int ret;

	do {
		if (!dump->budget) {
			dump->next_va = pts->va;
			return -EAGAIN;
		}
		dump->budget--;
		step_lg2 = pt_table_item_lg2sz(pts);
		switch (pt_load_entry(pts)) {
		case PT_ENTRY_TABLE:
			pt_dump_count_table(pts, dump);
			ret = pt_descend(pts, arg, __dump_range);
			if (ret)
				return ret;
			break;
		case PT_ENTRY_OA:
			step_lg2 = pt_entry_lg2sz(pts);
			pt_dump_leaf(pts, dump);
			break;
		case PT_ENTRY_EMPTY:
			break;
		}
	} while (pt_next_item(pts, step_lg2));
	return 0;
}

/**
 * pt_iommu_dump_table() - print the table as ranges of leaves and a summary
 * @iommu_table: the table
 * @out: receives the text; what does not fit is cut and @out marked as
 *   overflowed, so the caller can retry with a larger buffer
 *
 * One line per run of leaves of one size and level that are contiguous in
 * IOVA and in output address and have the same access, dirty state and
 * format bits (those pt_attr_from_entry() reports)::
 *
 *   <first iova>-<last iova> -> <first oa> <leaf size> x<leaves> L<level> <r|-><w|-><d|-> 0x<bits>
 *
 * IOVAs are sign extended for a PT_FEAT_SIGN_EXTEND table. Then the
 * summary, lines starting with '#': the format, top level and number of
 * levels; the table pages per level; the leaves per size; the number of
 * range lines.
 *
 * Exported as pt_iommu_dump() through the ops of the table; this is its
 * body for each format.
 *
 * Context: Process context; may sleep between chunks of the walk. Safe
 * while maps, unmaps and top growth run on the table: it holds the table's
 * dump_lock for read, interrupts off, over at most PT_DUMP_CHUNK items at
 * a time, which keeps tables from being unlinked under it, and walks each
 * chunk from the top again. What it prints is then a snapshot of each part
 * of the table at the time the walk passed it. Not against
 * pt_iommu_deinit().
 */
static void pt_iommu_dump_table(struct pt_iommu *iommu_table,
				struct seq_buf *out)
{
	struct pt_common *common = common_from_iommu(iommu_table);
	struct pt_dump_args *dump;
	struct pt_range range;
	unsigned int top_level = 0, lg2sz;
	unsigned long flags;
	pt_vaddr_t va = 0;
	bool first = true;
	int level, ret;

	dump = kzalloc(sizeof(*dump), GFP_KERNEL);
	if (!dump) {
		seq_buf_puts(out, "# out of memory\n");
		return;
	}
	dump->out = out;
	dump->common = common;
	do {
		read_lock_irqsave(&iommu_table->dump_lock, flags);
		range = pt_top_range(common);
		if (first) {
			top_level = range.top_level;
			dump->tables[top_level] = 1;
			first = false;
		}
		range.va = va;
		dump->budget = PT_DUMP_CHUNK;
		ret = pt_walk_range(&range, __dump_range, dump);
		read_unlock_irqrestore(&iommu_table->dump_lock, flags);
		va = dump->next_va;
		cond_resched();
	} while (ret == -EAGAIN);
	pt_dump_flush_run(dump);

	seq_buf_printf(out, "# format %s top_level %u levels %u\n",
		       __stringify(PT_FMT), top_level, top_level + 1);
	seq_buf_puts(out, "# tables");
	for (level = top_level; level >= 0; level--)
		seq_buf_printf(out, " L%d:%llu", level, dump->tables[level]);
	seq_buf_puts(out, "\n# leaves");
	for (lg2sz = 0; lg2sz != ARRAY_SIZE(dump->leaves); lg2sz++) {
		if (!dump->leaves[lg2sz])
			continue;
		seq_buf_putc(out, ' ');
		pt_dump_size(out, lg2sz);
		seq_buf_printf(out, ":%llu", dump->leaves[lg2sz]);
	}
	seq_buf_printf(out, "\n# ranges %llu\n", dump->ranges);
	kfree(dump);
}
#endif

/* --- setup and teardown --- */

static void pt_iommu_get_info(struct pt_iommu *iommu_table,
			      struct pt_iommu_info *info)
{
	struct pt_common *common = common_from_iommu(iommu_table);
	struct pt_range range = pt_top_range(common);
	unsigned int max_level = pt_feature(common, PT_FEAT_DYNAMIC_TOP) ?
					 PT_MAX_TOP_LEVEL : range.top_level;
	u64 sizes = 0;
	unsigned int level;

	for (level = 0; level <= max_level; level++) {
		struct pt_state pts = pt_level_state(&range, level);

		sizes |= pt_possible_sizes(&pts);
	}
	/* No leaf larger than the VA or OA space */
	sizes &= log2_to_max_int(min(common->max_vasz_lg2,
				     common->max_oasz_lg2) + 1);
	info->pgsize_bitmap = sizes;
}

static void pt_iommu_deinit_table(struct pt_iommu *iommu_table)
{
	struct pt_common *common = common_from_iommu(iommu_table);
	struct pt_range range = pt_top_range(common);
	LIST_HEAD(freelist);

#if IS_ENABLED(CONFIG_IOMMU_PT_CHECK)
	/* The domain is gone: what it still maps no device reaches */
	if (iommu_pt_check_enabled())
		pt_walk_range(&range, __check_forget_leaves, NULL);
#endif
	pt_walk_range(&range, __collect_tables, &freelist);
	pt_put_table_list(&freelist);
	/* A top of its own size (top_table_alloc()), or one grown on top */
	__table_free(iommu_table, range.top_table, pt_top_memsize_lg2(common));
	/* A second pt_iommu_deinit() does nothing */
	iommu_table->ops = NULL;
#if IS_ENABLED(CONFIG_DEBUG_GENERIC_PT)
	/* Every table allocated was freed or handed to a gather */
	PT_WARN_ON(atomic_long_read(&iommu_table->debug_table_pages));
#endif
}

static const struct pt_iommu_ops NS(ops) = {
	.unmap_batch = pt_iommu_unmap_batch_fmt,
	.cut = pt_iommu_cut_fmt,
	.reassemble = pt_iommu_reassemble_fmt,
	.set_dirty = pt_iommu_set_dirty,
	.get_info = pt_iommu_get_info,
	.deinit = pt_iommu_deinit_table,
#if IS_ENABLED(CONFIG_GENERIC_PT_DEBUGFS)
	.dump = pt_iommu_dump_table,
#endif
};

/* log2 of the VA a table with its top at @level covers */
static unsigned int pt_level_vasz_lg2(struct pt_common *common,
				      unsigned int level)
{
	struct pt_range range = { .common = common, .top_level = level };

	return min(pt_top_lg2sz(&range), PT_MAX_VA_ADDRESS_LG2);
}

static int pt_iommu_init_common(struct pt_common *common,
				const struct pt_iommu_cfg *cfg,
				unsigned int top_level)
{
	unsigned int features = cfg->features | PT_FORCE_ENABLED_FEATURES;
	unsigned int max_vasz_lg2;

	if (features & ~(unsigned int)PT_SUPPORTED_FEATURES)
		return -EOPNOTSUPP;
	if ((features & BIT(PT_FEAT_DMA_INCOHERENT)) &&
	    !pt_can_flush_table_mem())
		return -EOPNOTSUPP;
	/* An unsigned long IOVA cannot name the upper range */
	if ((features & BIT(PT_FEAT_UPPER_RANGE)) && BITS_PER_LONG != 64)
		return -EOPNOTSUPP;
	if (!cfg->hw_max_vasz_lg2 || !cfg->hw_max_oasz_lg2 ||
	    cfg->hw_max_vasz_lg2 > PT_MAX_VA_ADDRESS_LG2 ||
	    ((features & BIT(PT_FEAT_UPPER_RANGE)) &&
	     (features & (BIT(PT_FEAT_SIGN_EXTEND) |
			  BIT(PT_FEAT_DYNAMIC_TOP)))))
		return -EINVAL;
	common->features = features;
	max_vasz_lg2 = pt_level_vasz_lg2(common,
					 pt_feature(common, PT_FEAT_DYNAMIC_TOP) ?
						 PT_MAX_TOP_LEVEL : top_level);
	common->max_vasz_lg2 = min_t(unsigned int, cfg->hw_max_vasz_lg2,
				     max_vasz_lg2);
	common->max_oasz_lg2 = min_t(unsigned int, cfg->hw_max_oasz_lg2,
				     PT_MAX_OUTPUT_ADDRESS_LG2);
	return 0;
}

/**
 * pt_iommu_init() - set up an IOMMU page table
 * @fmt_table: the table, embedded in the driver's domain; the driver has
 *   set @fmt_table->iommu.driver_ops and .nid
 * @cfg: the configuration
 * @gfp: allocation flags for the first top table
 *
 * Allocates the top table and fills the iommu_domain's pgsize_bitmap and
 * aperture. Exported per format as pt_iommu_<fmt>_init(). On failure the
 * table holds nothing, and pt_iommu_deinit() of it does nothing.
 *
 * Context: Process or atomic context, as @gfp allows; before the domain is
 * in use.
 *
 * Return: 0, -EOPNOTSUPP for a feature this build does not support,
 * -EINVAL for an invalid configuration, -ENOMEM
 */
static int pt_iommu_init(struct pt_iommu_table *fmt_table,
			 const struct pt_iommu_table_cfg *cfg, gfp_t gfp)
{
	struct pt_iommu *iommu_table = &fmt_table->iommu;
	struct pt_common *common = common_from_iommu(iommu_table);
	struct iommu_domain *domain = &iommu_table->domain;
	const struct pt_iommu_driver_ops *driver_ops = iommu_table->driver_ops;
	struct pt_table_p *top;
	struct pt_iommu_info info;
	pt_vaddr_t last_va;
	int top_level;
	int ret;

	/* Nothing for pt_iommu_deinit() to free until the top exists */
	iommu_table->ops = NULL;
	memset(common, 0, sizeof(*common));
	top_level = pt_iommu_fmt_init(fmt_table, cfg);
	if (top_level < 0)
		return top_level;
	ret = pt_iommu_init_common(common, &cfg->common, top_level);
	if (ret)
		return ret;
	if (pt_feature(common, PT_FEAT_DYNAMIC_TOP) &&
	    (!driver_ops || !driver_ops->change_top ||
	     !driver_ops->get_top_lock))
		return -EINVAL;

#if IS_ENABLED(CONFIG_DEBUG_GENERIC_PT)
	atomic_long_set(&iommu_table->debug_table_pages, 0);
#endif
#if IS_ENABLED(CONFIG_GENERIC_PT_DEBUGFS)
	rwlock_init(&iommu_table->dump_lock);
	iommu_table->debugfs = NULL;
#endif
	top = top_table_alloc(iommu_table, gfp);
	if (!top)
		return -ENOMEM;
	common->top_of_table = pt_top_encode(top, top_level);
	iommu_table->ops = &NS(ops);

	pt_iommu_get_info(iommu_table, &info);
	domain->pgsize_bitmap = info.pgsize_bitmap;
	/* A sign extended table hands the DMA API its lower half */
	last_va = log2_to_max_int(common->max_vasz_lg2 -
				  pt_feature(common, PT_FEAT_SIGN_EXTEND));
	domain->geometry.aperture_start = 0;
	/* Callers name IOVAs with an unsigned long */
	domain->geometry.aperture_end = min_t(u64, last_va, ULONG_MAX);
	/* An upper range table: a 64-bit unsigned long (init_common) */
	if (pt_feature(common, PT_FEAT_UPPER_RANGE)) {
		domain->geometry.aperture_start = (unsigned long)~last_va;
		domain->geometry.aperture_end = ULONG_MAX;
	}
	domain->geometry.force_aperture = true;
	return 0;
}

/* Exported as pt_iommu_<fmt>_init(); see pt_iommu_init() */
int NS(init)(struct pt_iommu_table *fmt_table,
	     const struct pt_iommu_table_cfg *cfg, gfp_t gfp)
{
	return pt_iommu_init(fmt_table, cfg, gfp);
}
EXPORT_SYMBOL_NS_GPL(NS(init), GENERIC_PT_IOMMU);

/**
 * pt_iommu_hw_info() - what the hardware needs to walk the table
 * @fmt_table: the table
 * @info: receives the format's hardware description of the current top
 *
 * Exported per format as pt_iommu_<fmt>_hw_info().
 *
 * Context: Any context. Called under the driver's top lock, the answer
 * stays true until the lock is dropped; else it may be an older top while
 * a map grows the table.
 */
static void pt_iommu_hw_info(struct pt_iommu_table *fmt_table,
			     struct pt_iommu_table_hw_info *info)
{
	uintptr_t top_of_table =
		READ_ONCE(common_from_iommu(&fmt_table->iommu)->top_of_table);

	pt_iommu_fmt_hw_info(fmt_table,
			     virt_to_phys(pt_top_table_of(top_of_table)),
			     pt_top_level_of(top_of_table), info);
}

/* Exported as pt_iommu_<fmt>_hw_info(); see pt_iommu_hw_info() */
void NS(hw_info)(struct pt_iommu_table *fmt_table,
		 struct pt_iommu_table_hw_info *info)
{
	pt_iommu_hw_info(fmt_table, info);
}
EXPORT_SYMBOL_NS_GPL(NS(hw_info), GENERIC_PT_IOMMU);

#endif
