/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Generic Page Table: the IOMMU face of the library.
 *
 * A driver embeds struct pt_iommu_<fmt> at the start of its domain, in a
 * union with its struct iommu_domain, calls pt_iommu_<fmt>_init() and fills
 * its struct iommu_domain_ops with IOMMU_PT_DOMAIN_OPS(<fmt>). The library
 * never invalidates an IOTLB itself: it reports what changed through the
 * struct iommu_iotlb_gather and calls the driver's iotlb_sync when it must.
 */
#ifndef __GENERIC_PT_IOMMU_H
#define __GENERIC_PT_IOMMU_H

#include <linux/generic_pt/common.h>
#include <linux/iommu.h>
#include <linux/mm_types.h>
#include <linux/spinlock.h>

struct dentry;
struct pt_iommu_ops;
struct pt_iommu_driver_ops;
struct seq_buf;

/**
 * struct pt_iommu - an IOMMU page table
 * @domain: the iommu_domain; it aliases the driver's own domain struct
 * @ops: the format's operations, set by pt_iommu_<fmt>_init()
 * @driver_ops: callbacks into the driver, set by the driver before init;
 *   required with PT_FEAT_DYNAMIC_TOP
 * @nid: NUMA node to allocate table memory on
 * @debug_table_pages: with CONFIG_DEBUG_GENERIC_PT, the number of table
 *   pages allocated and not yet handed back (freed or put on a gather
 *   freelist); a table smaller than a page counts as one. A debug
 *   kernel's invariant: deinit WARNs unless it is back to zero. It is per
 *   table and exact, which the kernel's NR_IOMMU_PAGES (global, summed
 *   from per-CPU deltas) is not, so tests use it too
 * @dump_lock: with CONFIG_GENERIC_PT_DEBUGFS, held for read by a dump while
 *   it walks the table and for write while a table is unlinked, so that a
 *   dump never walks a table that is being freed (see iommu_pt.h)
 * @debugfs: with CONFIG_GENERIC_PT_DEBUGFS, the file of
 *   pt_iommu_debugfs_add(), or NULL
 *
 * The caller owns the IOVA range of each operation; operations on disjoint
 * ranges may run concurrently without a lock.
 */
struct pt_iommu {
	struct iommu_domain domain;
	const struct pt_iommu_ops *ops;
	const struct pt_iommu_driver_ops *driver_ops;
	int nid;
#if IS_ENABLED(CONFIG_DEBUG_GENERIC_PT)
	atomic_long_t debug_table_pages;
#endif
#if IS_ENABLED(CONFIG_GENERIC_PT_DEBUGFS)
	rwlock_t dump_lock;
	struct dentry *debugfs;
#endif
};

/**
 * struct pt_iommu_info - facts about a page table
 * @pgsize_bitmap: every leaf size the table can hold
 */
struct pt_iommu_info {
	u64 pgsize_bitmap;
};

/**
 * struct pt_unmap_batch_range - a physically contiguous range an unmap removed
 * @iova: first IOVA of the range
 * @phys: the physical address @iova translated to
 * @len: length in bytes; the IOVA and the physical range are both contiguous
 */
struct pt_unmap_batch_range {
	dma_addr_t iova;
	phys_addr_t phys;
	u64 len;
};

/**
 * struct pt_unmap_batch - an unmap that hands back what it removed
 * @ranges: the caller's array of @max_ranges ranges
 * @max_ranges: capacity of @ranges, at least 1
 * @num_ranges: ranges filled; the caller empties the batch by setting it
 *   to 0 after processing them
 * @start: first IOVA of the whole unmap; set by pt_unmap_batch_init() and
 *   not changed after
 * @iova: the IOVA the unmap has reached: everything mapped from @start up
 *   to it is removed, nothing at or above it is; when done, the end of
 *   the range or of the last leaf removed (0 if that is the end of the
 *   address space)
 * @len: bytes left to unmap from @iova; 0 when the unmap is done
 *
 * Set up with pt_unmap_batch_init() and passed to pt_iommu_unmap_batch()
 * until @len is 0. Each call appends ranges, merging a range with the last
 * one when both its IOVA and its physical address continue it.
 */
struct pt_unmap_batch {
	struct pt_unmap_batch_range *ranges;
	unsigned int max_ranges;
	unsigned int num_ranges;
	dma_addr_t start;
	dma_addr_t iova;
	u64 len;
};

/**
 * pt_unmap_batch_init() - set up a batch unmap of [@iova, @iova + @len)
 * @batch: the batch
 * @ranges: array that receives the removed ranges
 * @max_ranges: number of entries of @ranges
 * @iova: first IOVA to unmap
 * @len: bytes to unmap
 *
 * Context: Any context.
 */
static inline void pt_unmap_batch_init(struct pt_unmap_batch *batch,
				       struct pt_unmap_batch_range *ranges,
				       unsigned int max_ranges,
				       dma_addr_t iova, u64 len)
{
	*batch = (struct pt_unmap_batch){
		.ranges = ranges,
		.max_ranges = max_ranges,
		.start = iova,
		.iova = iova,
		.len = len,
	};
}

/**
 * struct pt_iommu_ops - operations of a page table outside iommu_domain_ops
 * @unmap_batch: unmap the rest of a &struct pt_unmap_batch, appending the
 *   removed physical ranges to it; see pt_iommu_unmap_batch()
 * @cut: make an IOVA the boundary between two leaves; see pt_iommu_cut()
 * @reassemble: merge runs of leaves into larger leaves; see
 *   pt_iommu_reassemble()
 * @set_dirty: mark the leaf mapping @iova dirty as if the IOMMU wrote it,
 *   for the iommufd selftest; -ENOENT if nothing is mapped there
 * @get_info: report &struct pt_iommu_info
 * @deinit: free every table page; the table must not be in use by the HW
 * @dump: with CONFIG_GENERIC_PT_DEBUGFS, print the table as text; see
 *   pt_iommu_dump()
 */
struct pt_iommu_ops {
	int (*unmap_batch)(struct pt_iommu *iommu_table,
			   struct pt_unmap_batch *batch,
			   struct iommu_iotlb_gather *iotlb_gather);
	int (*cut)(struct pt_iommu *iommu_table, dma_addr_t iova,
		   struct iommu_iotlb_gather *gather, gfp_t gfp);
	int (*reassemble)(struct pt_iommu *iommu_table, dma_addr_t iova,
			  u64 len, struct iommu_iotlb_gather *gather);
	int (*set_dirty)(struct pt_iommu *iommu_table, dma_addr_t iova);
	void (*get_info)(struct pt_iommu *iommu_table,
			 struct pt_iommu_info *info);
	void (*deinit)(struct pt_iommu *iommu_table);
#if IS_ENABLED(CONFIG_GENERIC_PT_DEBUGFS)
	void (*dump)(struct pt_iommu *iommu_table, struct seq_buf *out);
#endif
};

/**
 * struct pt_iommu_driver_ops - what the library asks of the driver
 * @change_top: Point the hardware at a new top table. Called with the lock
 *   from @get_top_lock held, after the new top and every table below it are
 *   fully written and before any walker can see the new top. The driver
 *   must rewrite every DTE/context entry using the table and flush them
 *   before returning.
 * @get_top_lock: the spinlock that serialises @change_top against the
 *   driver's own updates of its device table entries
 * @flush_walk: Optional. Invalidate every IOTLB and walk cache entry of
 *   [@va, @last_va] (inclusive) and wait until the IOMMU is done with it.
 *   Called from inside map and unmap, in their context (it may not sleep),
 *   after a table entry covering the range was cleared and before the
 *   table it pointed to is freed. Only a format whose tables are smaller
 *   than a CPU page (ARMv7s) calls it: with it, such tables come from a
 *   slab cache and share pages, and each is freed on its own after this
 *   flush, as 6.12's io-pgtable-arm-v7s does after
 *   io_pgtable_tlb_flush_walk(); without it, each takes a whole page,
 *   freed through the gather's freelist like any other table.
 */
struct pt_iommu_driver_ops {
	void (*change_top)(struct pt_iommu *iommu_table, phys_addr_t top_paddr,
			   unsigned int top_level);
	spinlock_t *(*get_top_lock)(struct pt_iommu *iommu_table);
	void (*flush_walk)(struct pt_iommu *iommu_table, unsigned long va,
			   unsigned long last_va);
};

/**
 * pt_iommu_deinit() - free every table page of an IOMMU page table
 * @iommu_table: the table; no device may still walk it
 *
 * Safe on a table whose init failed or never ran (zeroed memory), and a
 * second time: those hold nothing to free.
 *
 * Context: Process context or any context that may free pages; no other
 * operation on the table may run.
 */
static inline void pt_iommu_deinit(struct pt_iommu *iommu_table)
{
	if (iommu_table->ops)
		iommu_table->ops->deinit(iommu_table);
}

/**
 * pt_iommu_from_domain() - the Generic Page Table of a domain, if it has one
 * @domain: any iommu_domain
 *
 * Lets a caller that holds only the iommu_domain use the operations of
 * &struct pt_iommu_ops.
 *
 * Context: Any context.
 *
 * Return: the &struct pt_iommu @domain is part of, or NULL if @domain is
 * not a Generic Page Table domain (its ops do not come from
 * IOMMU_PT_DOMAIN_OPS())
 */
static inline struct pt_iommu *pt_iommu_from_domain(struct iommu_domain *domain)
{
	if (!domain->ops || !domain->ops->generic_pt)
		return NULL;
	return container_of(domain, struct pt_iommu, domain);
}

/**
 * pt_iommu_unmap_batch() - unmap, handing back the removed physical ranges
 * @iommu_table: the table
 * @batch: the unmap, from pt_unmap_batch_init(), and the ranges it returns
 * @iotlb_gather: receives the removed IOVA and the freed tables
 *
 * Unmaps from @batch->iova to the end of the batch's range, appending each
 * removed leaf's physical range to @batch (merged with the last range when
 * contiguous in IOVA and in physical address), until the range is done or
 * the next leaf does not fit in a full batch. Then @batch->iova and
 * @batch->len say where it stopped: at a leaf boundary, with exactly the
 * returned ranges removed and @iotlb_gather covering them. The caller must
 * sync @iotlb_gather before it lets the returned memory go, empty the
 * batch (@batch->num_ranges = 0) and call again while @batch->len is not 0.
 *
 * Leaves are never split, as in unmap_pages(): a @batch->start inside a leaf
 * removes nothing (-EADDRINUSE); a leaf reaching past the end is removed
 * whole and returned whole. Unlike unmap_pages(), a hole does not stop
 * the unmap: it is skipped. Tables that held only VA of the batch's range
 * are unlinked and put on the gather's freelist once all of their VA is
 * unmapped, also across calls.
 *
 * Exported per format as pt_iommu_<fmt>_unmap_batch(), for an iommu_domain.
 *
 * Context: Any context; allocates nothing and takes no lock. The caller
 * owns the IOVA range of the batch from the first call to the last:
 * concurrent operations on disjoint ranges need no lock.
 *
 * Return: 0 when the unmap is done (@batch->len is 0, also if it was 0);
 * -ENOSPC when it stopped on a full batch, to be called again; -EINVAL
 * for a batch with no room, a range that wraps or whose start or end is
 * not aligned to the smallest page size, or an @batch->iova below
 * @batch->start or not on a granule; -ERANGE for a range outside the VA
 * the table can translate; -EADDRINUSE if the range starts inside a leaf.
 * On an error nothing is changed.
 */
static inline int pt_iommu_unmap_batch(struct pt_iommu *iommu_table,
				       struct pt_unmap_batch *batch,
				       struct iommu_iotlb_gather *iotlb_gather)
{
	return iommu_table->ops->unmap_batch(iommu_table, batch, iotlb_gather);
}

/**
 * pt_iommu_cut() - make an IOVA the boundary between two leaves
 * @iommu_table: the table
 * @iova: the IOVA, aligned to the smallest page size of the domain
 * @gather: receives the range of the leaf that was replaced
 * @gfp: allocation flags for the new tables
 *
 * Afterwards no leaf or contiguous entry spans @iova: the leaf that did is
 * replaced by the leaves a map of its two sides would make (the largest
 * of the domain's page sizes that fit, tables below where none does),
 * every translation, attribute and the dirty state unchanged, so that an
 * unmap of either side then removes exactly that side. The new tables are
 * built privately and written back, then a leaf of one item is replaced
 * by one compare-and-exchange of its item with the table entry, and the
 * items of a contiguous entry each by one atomic exchange: a device may
 * DMA through the range meanwhile, and a D bit it sets in the old leaf up
 * to the store is kept. The whole replaced leaf is added to @gather; the
 * caller flushes it so that the IOMMU forgets the large IOTLB entry (an
 * unmap of one side flushes it too). Nothing is freed. A cut at an IOVA
 * that is already a boundary, or where nothing is mapped, changes nothing.
 *
 * Exported per format as pt_iommu_<fmt>_cut(), for an iommu_domain.
 *
 * Context: Process or atomic context, as @gfp allows; takes no lock. The
 * caller owns the leaf holding @iova as for an unmap of it: no other
 * operation on it may run at the same time.
 *
 * Return: 0 when @iova is a boundary, also if it was one already or
 * nothing is mapped there. -EINVAL if @iova is not aligned to the
 * smallest page size; -ERANGE if it lies outside the VA the table can
 * translate; -EOPNOTSUPP if the format cannot replace a leaf by a table
 * while the IOMMU walks (Arm needs break-before-make); -ENOMEM. On an
 * error nothing changed and nothing was gathered.
 */
static inline int pt_iommu_cut(struct pt_iommu *iommu_table, dma_addr_t iova,
			       struct iommu_iotlb_gather *gather, gfp_t gfp)
{
	return iommu_table->ops->cut(iommu_table, iova, gather, gfp);
}

/**
 * pt_iommu_reassemble() - merge runs of leaves into larger leaves
 * @iommu_table: the table
 * @iova: first IOVA of the range, aligned to the smallest page size
 * @len: length of the range, aligned the same way
 * @gather: receives the range of every merged block and the freed tables
 *
 * Wherever a block of one of the domain's page sizes lies wholly inside
 * the range, aligned to its size, and maps one run of physical addresses
 * aligned to the size, with the same attributes, the table (or the items)
 * holding it is replaced by one leaf of that size, write dirty if any
 * leaf it replaces was. Bottom up and largest size first, so 4 KiB leaves
 * under two levels of tables can end as one 1 GiB leaf. The inverse of
 * pt_iommu_cut(): a cut and a reassemble of the cut leaf's range give
 * back the table word for word (but for the D bits of a dirty AMD v1
 * contiguous entry, which come back in every item). Each replaced table
 * entry, or item, takes one store of the leaf: a device may DMA through
 * the range meanwhile. The replaced tables go on @gather's freelist, to
 * be freed by the caller's iotlb_sync after the flush; every merged block
 * is added to @gather. The top never changes.
 *
 * A D bit the IOMMU sets in a replaced leaf or table while the reassemble
 * runs is kept: every leaf store over a live leaf is an exchange, and the
 * unlinked tables are read again after their entries are replaced. One it
 * sets through an IOTLB entry of the old layout after that, before the
 * flush, lands in memory no walk reads: harvest dirty bits before
 * reassembling a range whose dirty state still matters to the last write.
 *
 * Exported per format as pt_iommu_<fmt>_reassemble(), for an iommu_domain.
 *
 * Context: Any context; allocates nothing. Takes no lock but, with
 * CONFIG_GENERIC_PT_DEBUGFS, the dump lock, as an unmap does. The caller
 * owns the range as for an unmap of it.
 *
 * Return: 0, also when nothing could be merged. -EINVAL for an empty,
 * wrapping or unaligned range; -ERANGE for a range outside the VA the
 * table can translate; -EOPNOTSUPP if the format cannot replace a table
 * by a leaf while the IOMMU walks (Arm). On an error nothing changed.
 */
static inline int pt_iommu_reassemble(struct pt_iommu *iommu_table,
				      dma_addr_t iova, u64 len,
				      struct iommu_iotlb_gather *gather)
{
	return iommu_table->ops->reassemble(iommu_table, iova, len, gather);
}

#if IS_ENABLED(CONFIG_GENERIC_PT_DEBUGFS)
void pt_iommu_dump(struct pt_iommu *iommu_table, struct seq_buf *out);
void pt_iommu_debugfs_add(struct pt_iommu *iommu_table, const char *name,
			  struct dentry *parent);
void pt_iommu_debugfs_remove(struct pt_iommu *iommu_table);
#else
static inline void pt_iommu_debugfs_add(struct pt_iommu *iommu_table,
					const char *name,
					struct dentry *parent)
{
}

static inline void pt_iommu_debugfs_remove(struct pt_iommu *iommu_table)
{
}
#endif

/**
 * struct pt_iommu_cfg - configuration common to every format
 * @features: enum pt_features bits to enable
 * @hw_max_vasz_lg2: largest VA the hardware can translate, as log2 of size
 * @hw_max_oasz_lg2: largest OA the hardware can output, as log2 of size
 */
struct pt_iommu_cfg {
	unsigned int features;
	u8 hw_max_vasz_lg2;
	u8 hw_max_oasz_lg2;
};

/* Functions every format exports; see iommu_pt.h for their kernel-doc. */
#define IOMMU_PROTOTYPES(fmt)                                                  \
	phys_addr_t pt_iommu_##fmt##_iova_to_phys(struct iommu_domain *domain, \
						  dma_addr_t iova);            \
	int pt_iommu_##fmt##_map_pages(struct iommu_domain *domain,           \
				       unsigned long iova, phys_addr_t paddr,  \
				       size_t pgsize, size_t pgcount,          \
				       int prot, gfp_t gfp, size_t *mapped);   \
	size_t pt_iommu_##fmt##_unmap_pages(                                   \
		struct iommu_domain *domain, unsigned long iova,               \
		size_t pgsize, size_t pgcount,                                 \
		struct iommu_iotlb_gather *iotlb_gather);                      \
	int pt_iommu_##fmt##_map_range(struct iommu_domain *domain,           \
				       unsigned long iova, phys_addr_t paddr,  \
				       size_t size, int prot, gfp_t gfp,       \
				       size_t *mapped);                        \
	size_t pt_iommu_##fmt##_unmap_range(                                   \
		struct iommu_domain *domain, unsigned long iova, size_t size,  \
		struct iommu_iotlb_gather *iotlb_gather);                      \
	int pt_iommu_##fmt##_unmap_batch(                                      \
		struct iommu_domain *domain, struct pt_unmap_batch *batch,     \
		struct iommu_iotlb_gather *iotlb_gather);                      \
	int pt_iommu_##fmt##_cut(struct iommu_domain *domain, dma_addr_t iova, \
				 struct iommu_iotlb_gather *gather,            \
				 gfp_t gfp);                                   \
	int pt_iommu_##fmt##_reassemble(struct iommu_domain *domain,          \
					dma_addr_t iova, u64 len,              \
					struct iommu_iotlb_gather *gather);    \
	int pt_iommu_##fmt##_read_and_clear_dirty(                             \
		struct iommu_domain *domain, unsigned long iova, size_t size,  \
		unsigned long flags, struct iommu_dirty_bitmap *dirty);        \
	int pt_iommu_##fmt##_init(struct pt_iommu_##fmt *table,                \
				  const struct pt_iommu_##fmt##_cfg *cfg,      \
				  gfp_t gfp);                                  \
	void pt_iommu_##fmt##_hw_info(struct pt_iommu_##fmt *table,            \
				      struct pt_iommu_##fmt##_hw_info *info)

/* Declares struct pt_iommu_<fmt> and the functions it exports. */
#define IOMMU_FORMAT(fmt, member)       \
	struct pt_iommu_##fmt {         \
		struct pt_iommu iommu;  \
		struct pt_##fmt member; \
	};                              \
	IOMMU_PROTOTYPES(fmt)

/**
 * IOMMU_PT_DOMAIN_OPS() - fill struct iommu_domain_ops for a format
 * @fmt: the format name, e.g. amdv1
 *
 * With .map_range and .unmap_range set, iommu_map() and iommu_unmap() hand
 * the table the whole range and it picks the page sizes; .map_pages and
 * .unmap_pages serve callers that name a page size. .generic_pt tells
 * pt_iommu_from_domain() that the domain is a &struct pt_iommu.
 */
#define IOMMU_PT_DOMAIN_OPS(fmt)                        \
	.iova_to_phys = &pt_iommu_##fmt##_iova_to_phys, \
	.map_pages = &pt_iommu_##fmt##_map_pages,       \
	.unmap_pages = &pt_iommu_##fmt##_unmap_pages,   \
	.map_range = &pt_iommu_##fmt##_map_range,       \
	.unmap_range = &pt_iommu_##fmt##_unmap_range,   \
	.generic_pt = true

/**
 * IOMMU_PT_DIRTY_OPS() - fill struct iommu_dirty_ops for a format
 * @fmt: the format name, e.g. amdv1
 */
#define IOMMU_PT_DIRTY_OPS(fmt) \
	.read_and_clear_dirty = &pt_iommu_##fmt##_read_and_clear_dirty

/**
 * struct pt_iommu_amdv1_cfg - configuration of an AMD v1 table
 * @common: the shared part
 * @starting_level: level of the first top table (0 = 4 KiB leaves only);
 *   with PT_FEAT_DYNAMIC_TOP the table grows from here
 */
struct pt_iommu_amdv1_cfg {
	struct pt_iommu_cfg common;
	unsigned int starting_level;
};

/**
 * struct pt_iommu_amdv1_hw_info - what the DTE needs
 * @host_pt_root: physical address of the top table, C-bit included
 * @mode: DTE Mode field: number of levels
 */
struct pt_iommu_amdv1_hw_info {
	u64 host_pt_root;
	u8 mode;
};

IOMMU_FORMAT(amdv1, amdpt);

/*
 * The iommufd selftest's mock: the AMD v1 layout with a 2 KiB granule, so
 * that IOVA pages smaller than PAGE_SIZE are exercised. It shares the AMD
 * v1 table and cfg structs. Its hw_info struct is its own: an alias macro
 * would also rename the function pt_iommu_amdv1_mock_hw_info().
 */
#define pt_iommu_amdv1_mock pt_iommu_amdv1
#define pt_iommu_amdv1_mock_cfg pt_iommu_amdv1_cfg

/**
 * struct pt_iommu_amdv1_mock_hw_info - the mock's top table
 * @host_pt_root: physical address of the top table
 * @mode: number of levels
 */
struct pt_iommu_amdv1_mock_hw_info {
	u64 host_pt_root;
	u8 mode;
};

IOMMU_PROTOTYPES(amdv1_mock);

/**
 * struct pt_iommu_x86_64_cfg - configuration of an x86-64 table
 * @common: the shared part; with PT_FEAT_SIGN_EXTEND @common.hw_max_vasz_lg2
 *   counts the sign bit
 * @top_level: level of the top table: 3 for 4-level paging, 4 for 5-level.
 *   The usable VA width is set apart from it by @common.hw_max_vasz_lg2
 *   (e.g. 4 levels with a 47 or 48 bit VA); it is capped at what the levels
 *   cover. The top never changes.
 */
struct pt_iommu_x86_64_cfg {
	struct pt_iommu_cfg common;
	unsigned int top_level;
};

/**
 * struct pt_iommu_x86_64_hw_info - what a GCR3 table or PASID entry needs
 * @gcr3_pt: physical address of the top table, SME C-bit included when the
 *   table is encrypted (PT_FEAT_X86_64_AMD_ENCRYPT_TABLES)
 * @levels: number of levels, 4 or 5
 */
struct pt_iommu_x86_64_hw_info {
	u64 gcr3_pt;
	u8 levels;
};

IOMMU_FORMAT(x86_64, x86_64_pt);

/*
 * The x86-64 table for an IOMMU that walks it without snooping the CPU
 * caches (a VT-d first stage without page-walk coherency): the same table
 * and cfg, compiled with PT_FEAT_DMA_INCOHERENT always on, so that the
 * coherent build tests for it nowhere. Its hw_info struct is its own, as
 * the mock's is.
 */
#define pt_iommu_x86_64_incoherent pt_iommu_x86_64
#define pt_iommu_x86_64_incoherent_cfg pt_iommu_x86_64_cfg

/**
 * struct pt_iommu_x86_64_incoherent_hw_info - what a PASID entry needs
 * @gcr3_pt: physical address of the top table
 * @levels: number of levels, 4 or 5
 */
struct pt_iommu_x86_64_incoherent_hw_info {
	u64 gcr3_pt;
	u8 levels;
};

IOMMU_PROTOTYPES(x86_64_incoherent);

/**
 * struct pt_iommu_vtdss_cfg - configuration of a VT-d second stage table
 * @common: the shared part; @common.hw_max_vasz_lg2 is the usable IOVA
 *   width (from MGAW), capped at what the levels cover
 * @top_level: level of the top table: 2 for 3-level, 3 for 4-level, 4 for
 *   5-level paging (from SAGAW). It is independent of the VA width: a
 *   4-level table with a 39 or 42 bit VA uses the low items of its top
 *   table only. The top never changes.
 * @max_leaf_level: the highest level holding leaves: 0 for 4 KiB pages
 *   only, 1 to add 2 MiB, 2 to add 2 MiB and 1 GiB pages; what
 *   cap_super_page_val() offers, as fls() of it
 */
struct pt_iommu_vtdss_cfg {
	struct pt_iommu_cfg common;
	unsigned int top_level;
	unsigned int max_leaf_level;
};

/**
 * struct pt_iommu_vtdss_hw_info - what a context or PASID entry needs
 * @ssptptr: physical address of the top table (the second stage page
 *   table pointer / the address field of a legacy context entry)
 * @aw: the AW field: the number of levels minus 2 (1 for 3 levels, 2 for
 *   4, 3 for 5)
 */
struct pt_iommu_vtdss_hw_info {
	u64 ssptptr;
	u8 aw;
};

IOMMU_FORMAT(vtdss, vtdss_pt);

/**
 * struct pt_iommu_armv8_cfg - configuration of an Arm VMSAv8-64 table
 * @common: the shared part: @common.hw_max_vasz_lg2 is the IAS (25 to 48),
 *   which sets the levels and the size of the top table, and
 *   @common.hw_max_oasz_lg2 the OAS, capped at 48, one of the sizes
 *   TCR.IPS and VTCR.PS encode (32, 36, 40, 42, 44, 48). The top never
 *   changes.
 */
struct pt_iommu_armv8_cfg {
	struct pt_iommu_cfg common;
};

/**
 * struct pt_iommu_armv8_hw_info - what a context descriptor (stage 1) or a
 * stream table entry (stage 2) needs, as TCR_EL1/VTCR_EL2 encode it
 * @ttbr: physical address of the top table (TTBR0 or VTTBR)
 * @mair: stage 1: the MAIR the leaves' AttrIndx values select; 0 at stage 2
 * @tsz: T0SZ: 64 minus the IAS
 * @tg: TG0: the granule (0 4 KiB, 1 64 KiB, 2 16 KiB)
 * @ps: IPS (stage 1) or PS (stage 2): the OAS
 * @sh: SH0: shareability of the walker's table accesses
 * @irgn: IRGN0: their inner cacheability (1 write-back, 0 non-cacheable)
 * @orgn: ORGN0: their outer cacheability
 * @sl: stage 2: SL0, the initial lookup level; 0 at stage 1
 * @epd0: stage 1: EPD0, 1 for a PT_FEAT_UPPER_RANGE table, which goes in
 *   TTBR1: TTBR0 then has no table unless the driver gives it one
 * @epd1: stage 1: EPD1, 1 for a table in TTBR0: TTBR1 has none
 *
 * With PT_FEAT_UPPER_RANGE (stage 1: 6.12's IO_PGTABLE_QUIRK_ARM_TTBR1)
 * @ttbr is TTBR1, @tsz is T1SZ, @tg is TG1 (1 16 KiB, 2 4 KiB, 3 64 KiB)
 * and @sh, @irgn, @orgn are SH1, IRGN1, ORGN1; the aperture is the top
 * 2^IAS bytes of the 64-bit IOVA space.
 *
 * With PT_FEAT_ARMV8_LPAE32 the fields are the same as 6.12 gives for
 * ARM_32_LPAE_S1/S2 and mean the same to a VMSAv7 LPAE walker (Arm ARM
 * DDI0406C B4.1.153 TTBCR, B4.1.159 VTCR): @ttbr is the 64-bit TTBR0 or
 * VTTBR; TTBCR.T0SZ (bits 2:0, 32 minus the IAS) is the low 3 bits of
 * @tsz, and VTCR's T0SZ with its sign bit S (bits 4:0, 32 minus the IAS as
 * a 5 bit signed value) the low 5 bits; @sh, @irgn, @orgn and @sl encode as
 * in TTBCR's SH0/IRGN0/ORGN0 and VTCR's SL0; @tg and @ps have no VMSAv7
 * field (4 KiB granule, 40-bit output).
 */
struct pt_iommu_armv8_hw_info {
	u64 ttbr;
	u64 mair;
	u8 tsz;
	u8 tg;
	u8 ps;
	u8 sh;
	u8 irgn;
	u8 orgn;
	u8 sl;
	u8 epd0;
	u8 epd1;
};

IOMMU_FORMAT(armv8, armv8_pt);

/*
 * The same table with the 16 KiB and the 64 KiB granule: one compilation
 * per granule, sharing the table and cfg structs. @common.hw_max_vasz_lg2
 * may be up to 52 with the 64 KiB granule (FEAT_LVA), and so may the OAS
 * (FEAT_LPA; capped at 48 with 16 KiB). Their hw_info structs wrap the
 * 4 KiB one: an alias macro would also rename pt_iommu_<fmt>_hw_info().
 */
#define pt_iommu_armv8_16k pt_iommu_armv8
#define pt_iommu_armv8_16k_cfg pt_iommu_armv8_cfg
#define pt_iommu_armv8_64k pt_iommu_armv8
#define pt_iommu_armv8_64k_cfg pt_iommu_armv8_cfg

/**
 * struct pt_iommu_armv8_16k_hw_info - hw_info of the 16 KiB granule table
 * @hw: as for the 4 KiB granule; @hw.tg is 2 (TG0 16 KiB)
 */
struct pt_iommu_armv8_16k_hw_info {
	struct pt_iommu_armv8_hw_info hw;
};

IOMMU_PROTOTYPES(armv8_16k);

/**
 * struct pt_iommu_armv8_64k_hw_info - hw_info of the 64 KiB granule table
 * @hw: as for the 4 KiB granule; @hw.tg is 1 (TG0 64 KiB), @hw.ps 6 for
 *   a 52-bit OAS
 */
struct pt_iommu_armv8_64k_hw_info {
	struct pt_iommu_armv8_hw_info hw;
};

IOMMU_PROTOTYPES(armv8_64k);

/**
 * struct pt_iommu_armv7s_cfg - configuration of an ARMv7s table
 * @common: the shared part: @common.hw_max_vasz_lg2 is the IAS (21 to
 *   32), which sets the items of the top table, and
 *   @common.hw_max_oasz_lg2 the OAS, capped at 32. Two levels, the top
 *   never changes.
 */
struct pt_iommu_armv7s_cfg {
	struct pt_iommu_cfg common;
};

/**
 * struct pt_iommu_armv7s_hw_info - what an SMMU context bank (TTBR0,
 * TTBCR, PRRR and NMRR in MAIR0 and MAIR1) or a MediaTek M4U (its TTBR)
 * needs, as 6.12's io_pgtable_cfg.arm_v7s_cfg gives it
 * @ttbr: TTBR0: the top table's physical address (16 KiB aligned) with
 *   S, NOS and the write-back IRGN and RGN of the walker's accesses
 * @tcr: TTBCR: 0 (N = 0, short descriptors)
 * @prrr: PRRR of the TEX remap the leaves' TEX[0], C and B select
 * @nmrr: NMRR of the same
 */
struct pt_iommu_armv7s_hw_info {
	u32 ttbr;
	u32 tcr;
	u32 prrr;
	u32 nmrr;
};

IOMMU_FORMAT(armv7s, armv7s_pt);

/**
 * struct pt_iommu_dart_cfg - configuration of an Apple DART table
 * @common: the shared part: @common.hw_max_vasz_lg2 is the IAS, which sets
 *   how many TTBRs the table needs (the IOVA bits above two levels select
 *   one of up to 4): 22 to 32 bits with the 4 KiB granule, 26 to 38 with
 *   16 KiB. @common.hw_max_oasz_lg2 is the OAS: at most 36 on DART1, capped
 *   at 42 on DART2 (PT_FEAT_DART_V2)
 * @max_ttbrs: the TTBRs the DART has per stream (apple-dart's ttbr_count:
 *   4, or 1 on t8110); 0 means 4. An IAS needing more is refused
 */
struct pt_iommu_dart_cfg {
	struct pt_iommu_cfg common;
	u8 max_ttbrs;
};

/**
 * struct pt_iommu_dart_hw_info - what apple-dart writes into the TTBRs
 * @ttbr: physical address of the first level table of each TTBR, the first
 *   @n_ttbrs of them; the rest 0 (the driver clears those TTBRs). Each is
 *   aligned to the granule, as the TTBR registers need
 * @n_ttbrs: how many TTBRs the table uses (1, 2 or 4)
 */
struct pt_iommu_dart_hw_info {
	u64 ttbr[4];
	u8 n_ttbrs;
};

IOMMU_FORMAT(dart, dart_pt);

/*
 * The same table with the 16 KiB granule (Apple's own SoCs; the 4 KiB one
 * is t8020's): one compilation per granule, sharing the table and cfg
 * structs. Its hw_info struct wraps the 4 KiB one: an alias macro would
 * also rename pt_iommu_<fmt>_hw_info().
 */
#define pt_iommu_dart_16k pt_iommu_dart
#define pt_iommu_dart_16k_cfg pt_iommu_dart_cfg

/**
 * struct pt_iommu_dart_16k_hw_info - hw_info of the 16 KiB granule table
 * @hw: as for the 4 KiB granule
 */
struct pt_iommu_dart_16k_hw_info {
	struct pt_iommu_dart_hw_info hw;
};

IOMMU_PROTOTYPES(dart_16k);

#endif
