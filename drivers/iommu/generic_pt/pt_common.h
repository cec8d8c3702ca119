/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Generic Page Table: the hooks a format header provides.
 *
 * A format header fmt/<name>.h defines each hook below as a static inline
 * function with a format prefix and maps the generic name onto it with a
 * #define, e.g. "#define pt_table_pa amdv1pt_table_pa". Hooks marked
 * optional get a default in pt_fmt_defaults.h. A format header does no
 * allocation, locking or invalidation.
 *
 * Include order in a compilation unit: the format header (which includes
 * pt_defs.h), then this file; pt_iter.h follows and builds the walking
 * helpers on top of the hooks.
 */
#ifndef __GENERIC_PT_PT_COMMON_H
#define __GENERIC_PT_PT_COMMON_H

#include "pt_defs.h"
#include "pt_fmt_defaults.h"

/**
 * pt_load_entry_raw() - read and classify the entry at @pts->index
 * @pts: cursor; @pts->entry is set to the raw entry
 *
 * Uses a single READ_ONCE() of the entry; other threads may install tables
 * into items outside the caller's range concurrently. It pairs with the
 * fully ordered compare-and-exchange that links a table
 * (pt_install_table(), also over a leaf when a cut publishes its private
 * tables), so a walker that sees the pointer sees the table's contents,
 * and with the single stores of leaves (also over a table when a
 * reassemble merges it).
 *
 * Return: the type of the entry
 */
static inline enum pt_entry_type pt_load_entry_raw(struct pt_state *pts);

/**
 * pt_table_pa() - physical address of the table a table entry points to
 * @pts: cursor on a PT_ENTRY_TABLE entry
 *
 * Return: the physical address of the lower table
 */
static inline pt_oaddr_t pt_table_pa(const struct pt_state *pts);

/**
 * pt_entry_oa() - output address of a leaf
 * @pts: cursor on any item of a PT_ENTRY_OA entry
 *
 * Return: the output address of the first byte the whole entry (all of its
 * contiguous items) maps
 */
static inline pt_oaddr_t pt_entry_oa(const struct pt_state *pts);

/**
 * pt_entry_num_contig_lg2() - number of items a leaf spans (optional)
 * @pts: cursor on a PT_ENTRY_OA entry
 *
 * Return: log2 of the number of consecutive items the entry spans; 0 when
 * the format has no contiguous entries
 */
static inline unsigned int pt_entry_num_contig_lg2(const struct pt_state *pts);

/**
 * pt_table_item_lg2sz() - VA covered by one item of the table
 * @pts: cursor; only @pts->level and @pts->range are used
 *
 * Return: log2 of the number of bytes of input address one item covers
 */
static inline unsigned int pt_table_item_lg2sz(const struct pt_state *pts);

/**
 * pt_num_items_lg2() - number of items in the table
 * @pts: cursor; only @pts->level and @pts->range are used
 *
 * Return: log2 of the number of items in a table at this level
 */
static inline unsigned int pt_num_items_lg2(const struct pt_state *pts);

/**
 * pt_top_memsize_lg2() - bytes of memory of the first top table (optional)
 * @common: the table, after pt_iommu_fmt_init()
 *
 * The default is PT_TABLEMEM_LG2SZ. A format whose top table may be
 * several tables concatenated (Arm stage 2) says how large it is; it is
 * allocated aligned to its size. Not for a PT_FEAT_DYNAMIC_TOP format: a
 * top grown on top of it is an ordinary table.
 *
 * Return: log2 of the size of the top table's memory
 */
static inline unsigned int pt_top_memsize_lg2(const struct pt_common *common);

/**
 * pt_possible_sizes() - leaf sizes a table at this level can hold
 * @pts: cursor; only @pts->level and @pts->range are used
 *
 * Return: bitmap of page sizes, each bit a power of two; sizes larger than
 * one item are contiguous entries. 0 when the level holds no leaves.
 */
static inline u64 pt_possible_sizes(const struct pt_state *pts);

/**
 * pt_can_have_table() - whether an item at this level may point to a table
 * (optional)
 * @pts: cursor; only @pts->level and @pts->range are used
 *
 * Return: true if the level is above the lowest one
 */
static inline bool pt_can_have_table(const struct pt_state *pts);

/**
 * pt_install_leaf_entry() - write a leaf
 * @pts: cursor on the first item the leaf covers; the items are empty, or
 *   the caller has already unlinked what was there
 * @oa: output address, aligned to 2^@oasz_lg2
 * @oasz_lg2: size of the leaf, one of pt_possible_sizes()
 * @attrs: from pt_iommu_set_prot()
 *
 * Writes every item of a contiguous entry, each with WRITE_ONCE(). The
 * caller owns the VA so no other thread writes these items.
 */
static inline void pt_install_leaf_entry(struct pt_state *pts, pt_oaddr_t oa,
					 unsigned int oasz_lg2,
					 const struct pt_write_attrs *attrs);

/**
 * pt_replace_leaf_entry() - write a leaf over live leaves, keeping what
 * the IOMMU did to them (optional)
 * @pts: cursor on the first item the leaf covers; every item holds a leaf
 *   of the same translations, which the IOMMU may be walking
 * @oa: output address, aligned to 2^@oasz_lg2
 * @oasz_lg2: size of the leaf, one of pt_possible_sizes()
 * @attrs: from pt_iommu_set_prot()
 *
 * As pt_install_leaf_entry(), but each item is replaced with an atomic
 * exchange, so a dirty bit the IOMMU set in an old leaf up to the moment
 * it is replaced is seen. Cut and reassemble rewrite live leaves in place
 * only in a format with contiguous entries; the default, for a format
 * whose leaves are one item or that has no dirty bit, is
 * pt_install_leaf_entry().
 *
 * Return: true if any item replaced was write dirty
 */
static inline bool pt_replace_leaf_entry(struct pt_state *pts, pt_oaddr_t oa,
					 unsigned int oasz_lg2,
					 const struct pt_write_attrs *attrs);

/**
 * pt_install_table() - link a lower table into an empty item
 * @pts: cursor; @pts->entry is the value the item held when it was read
 * @table_pa: physical address of the new, fully initialised lower table
 * @attrs: from pt_iommu_set_prot()
 *
 * Uses a fully ordered compare-and-exchange against @pts->entry, so the
 * zeroed contents of the new table are visible before the pointer to it,
 * and two threads racing to fill the same item agree on one winner.
 *
 * Return: true if this call installed the table, false if the item changed
 * since it was read (the caller frees its table and reloads)
 */
static inline bool pt_install_table(struct pt_state *pts, pt_oaddr_t table_pa,
				    const struct pt_write_attrs *attrs);

/**
 * pt_table_entry_is_flushed() - whether a table entry carries the software
 * mark that its write-back is done (PT_FEAT_DMA_INCOHERENT formats only)
 * @pts: cursor on a PT_ENTRY_TABLE entry, as loaded
 *
 * The mark is a bit the hardware ignores in table entries. The thread that
 * links a table writes the item back and only then sets the mark, so a
 * walker that finds the mark may rely on the IOMMU seeing the table. A
 * format with u64 items defines PT_ITEM64_SW_FLUSHED to its bit instead,
 * and pt_fmt_defaults.h provides this hook and the next.
 *
 * Return: true if @pts->entry has the mark
 */
static inline bool pt_table_entry_is_flushed(const struct pt_state *pts);

/**
 * pt_table_entry_mark_flushed() - set the software mark of a table entry
 * (PT_FEAT_DMA_INCOHERENT formats only)
 * @pts: cursor on a PT_ENTRY_TABLE entry
 *
 * Sets the bit with a fully ordered atomic read-modify-write of the item,
 * after the item was written back: it pairs with the load of the item by
 * a walker that tests the mark (pt_table_entry_is_flushed()).
 */
static inline void pt_table_entry_mark_flushed(struct pt_state *pts);

/**
 * pt_clear_entries() - empty items
 * @pts: cursor on the first item
 * @num: number of consecutive items to clear, whole entries only
 *
 * Each item is emptied with a single store the IOMMU sees whole (the
 * IOMMU's walk pairs with these stores as with WRITE_ONCE()). The caller
 * owns the VA of the items.
 */
static inline void pt_clear_entries(struct pt_state *pts, unsigned int num);

/**
 * pt_items_all_empty() - whether a run of items is empty (optional)
 * @pts: cursor on the first item
 * @num: number of consecutive items, all in the table; at least 1
 *
 * The cheap test of a range before it is filled; a format whose empty
 * items are told apart by a bit can test all of them at once.
 *
 * Return: true if every one of the @num items is empty
 */
static inline bool pt_items_all_empty(const struct pt_state *pts,
				      unsigned int num);

/**
 * pt_items_all_leaves() - whether a run of items are leaves of one item each
 * (optional)
 * @pts: cursor on the first item
 * @num: number of consecutive items, all in the table
 *
 * The cheap test of a range before it is unmapped. A false answer only
 * sends the caller to the item by item scan, so the default says false.
 *
 * Return: true if every one of the @num items holds a leaf that is not a
 * contiguous entry
 */
static inline bool pt_items_all_leaves(const struct pt_state *pts,
				       unsigned int num);

/**
 * pt_entry_is_write_dirty() - whether the IOMMU wrote through a leaf
 * (optional)
 * @pts: cursor on a PT_ENTRY_OA entry
 *
 * Return: true if any item of the entry has its dirty bit set
 */
static inline bool pt_entry_is_write_dirty(const struct pt_state *pts);

/**
 * pt_entry_make_write_clean() - clear the dirty bit of every item of a leaf
 * (optional)
 * @pts: cursor on a PT_ENTRY_OA entry
 *
 * Each item is cleared with an atomic read-modify-write: the IOMMU may set
 * the bit, or other attribute bits, at any moment.
 */
static inline void pt_entry_make_write_clean(struct pt_state *pts);

/**
 * pt_entry_make_write_dirty() - set the dirty bit of a leaf (optional)
 * @pts: cursor on a PT_ENTRY_OA entry
 *
 * Return: true if the format has a dirty bit and it was set
 */
static inline bool pt_entry_make_write_dirty(struct pt_state *pts);

/**
 * pt_attr_from_entry() - recover the attributes of a leaf (optional)
 * @pts: cursor on a PT_ENTRY_OA entry
 * @attrs: filled so that pt_install_leaf_entry() with it rebuilds the entry
 */
static inline void pt_attr_from_entry(const struct pt_state *pts,
				      struct pt_write_attrs *attrs);

/**
 * pt_entry_iommu_prot() - the access a leaf grants (optional)
 * @pts: cursor on a PT_ENTRY_OA entry
 *
 * For the debugfs dump. The default says nothing.
 *
 * Return: IOMMU_READ and/or IOMMU_WRITE, as the IOMMU applies the entry
 * (a format whose every present entry is readable always has IOMMU_READ)
 */
static inline unsigned int pt_entry_iommu_prot(const struct pt_state *pts);

/**
 * pt_attr_set_write_dirty() - set the dirty state of leaf attributes
 * (optional)
 * @attrs: from pt_attr_from_entry()
 * @dirty: whether leaves written with @attrs are write dirty
 *
 * pt_install_leaf_entry() with @attrs then writes the leaf dirty (as
 * pt_entry_make_write_dirty() would leave it) or clean, in the same
 * store. Needed by a format with dirty tracking that can cut and
 * reassemble; the default handles PT_ITEM64_DIRTY.
 */
static inline void pt_attr_set_write_dirty(struct pt_write_attrs *attrs,
					   bool dirty);

/**
 * pt_can_resize_hitless() - whether a leaf and a table of the same
 * translations may replace each other while the IOMMU walks (optional)
 * @common: the table
 *
 * Cut and reassemble store a table over a live leaf, or a leaf over a
 * live table, and rewrite the items of a contiguous entry in place. The
 * default says the IOMMU may see that at any moment; a format whose
 * architecture requires break-before-make for it (Arm VMSAv8-64, for a
 * block and a table and for contiguous-hint groups) says false, and cut
 * and reassemble refuse with -EOPNOTSUPP.
 *
 * Return: true if the IOMMU translates correctly across such a store
 */
static inline bool pt_can_resize_hitless(const struct pt_common *common);

#endif
