/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Generic Page Table: defaults for the optional format hooks.
 *
 * Included after the format header; each default is used only when the
 * format did not #define the hook.
 */
#ifndef __GENERIC_PT_FMT_DEFAULTS_H
#define __GENERIC_PT_FMT_DEFAULTS_H

#include "pt_defs.h"

#ifndef pt_entry_num_contig_lg2
static inline unsigned int pt_entry_num_contig_lg2(const struct pt_state *pts)
{
	return 0;
}
#endif

#ifndef pt_top_memsize_lg2
static inline unsigned int pt_top_memsize_lg2(const struct pt_common *common)
{
	return PT_TABLEMEM_LG2SZ;
}
#endif

#ifndef pt_can_have_table
static inline bool pt_can_have_table(const struct pt_state *pts)
{
	return pts->level > 0;
}
#endif

/*
 * Hooks for a format whose items are single u64 words and whose leaves
 * span one item each (no contiguous entries). The format names its bits:
 *   PT_ITEM64_PRESENT        any of them set: the item is not empty
 *   PT_ITEM64_LEAF, _PS      all set in every leaf it writes (_PS above
 *                            level 0), at levels up to
 *   PT_ITEM64_MAX_LEAF_LEVEL
 *   PT_ITEM64_DIRTY          the dirty bit of a leaf
 *   PT_ITEM64_SW_FLUSHED     the flushed mark of a table entry (below)
 */
#ifdef PT_ITEM64_PRESENT
static inline void pt_clear_entries(struct pt_state *pts, unsigned int num)
{
	pt_items64_clear((u64 *)pts->table + pts->index, num);
}

#define pt_clear_entries pt_clear_entries

static inline bool pt_items_all_empty(const struct pt_state *pts,
				      unsigned int num)
{
	return !(pt_items64_or((u64 *)pts->table + pts->index, num) &
		 PT_ITEM64_PRESENT);
}

#define pt_items_all_empty pt_items_all_empty
#endif

/* A false answer is always safe: the caller then looks at each item */
#ifdef PT_ITEM64_LEAF
static __always_inline bool pt_items_all_leaves(const struct pt_state *pts,
						unsigned int num)
{
	const u64 *items = (u64 *)pts->table + pts->index;
	u64 need = PT_ITEM64_LEAF;
	u64 all;
	unsigned int i;

	if (pts->level > PT_ITEM64_MAX_LEAF_LEVEL)
		return false;
	if (pts->level)
		need |= PT_ITEM64_PS;
	all = need;
	for (i = 0; i != num; i++)
		all &= READ_ONCE(items[i]);
	return all == need;
}

#define pt_items_all_leaves pt_items_all_leaves
#endif

#ifdef PT_ITEM64_DIRTY
static inline bool pt_entry_is_write_dirty(const struct pt_state *pts)
{
	/* The IOMMU may have set D since the entry was loaded */
	return READ_ONCE(((u64 *)pts->table)[pts->index]) & PT_ITEM64_DIRTY;
}

static inline void pt_entry_make_write_clean(struct pt_state *pts)
{
	pt_item_clear_bits((u64 *)pts->table + pts->index, PT_ITEM64_DIRTY);
}

/* Sets D as the IOMMU would on a DMA write */
static inline bool pt_entry_make_write_dirty(struct pt_state *pts)
{
	pt_item_set_bits((u64 *)pts->table + pts->index, PT_ITEM64_DIRTY);
	return true;
}

#define pt_entry_is_write_dirty pt_entry_is_write_dirty
#endif

#ifndef pt_items_all_empty
static inline bool pt_items_all_empty(const struct pt_state *pts,
				      unsigned int num)
{
	struct pt_state item = *pts;

	for (; num; num--, item.index++)
		if (pt_load_entry_raw(&item) != PT_ENTRY_EMPTY)
			return false;
	return true;
}
#endif

/*
 * Rewriting a live leaf in place: only a format with contiguous entries
 * does it, and one with a dirty bit defines the hook to see that bit.
 */
#ifndef pt_replace_leaf_entry
static inline bool pt_replace_leaf_entry(struct pt_state *pts, pt_oaddr_t oa,
					 unsigned int oasz_lg2,
					 const struct pt_write_attrs *attrs)
{
	pt_install_leaf_entry(pts, oa, oasz_lg2, attrs);
	return false;
}
#endif

#ifndef pt_items_all_leaves
static inline bool pt_items_all_leaves(const struct pt_state *pts,
				       unsigned int num)
{
	return false;
}
#endif

#ifndef pt_entry_is_write_dirty
static inline bool pt_entry_is_write_dirty(const struct pt_state *pts)
{
	return false;
}

static inline void pt_entry_make_write_clean(struct pt_state *pts)
{
}

static inline bool pt_entry_make_write_dirty(struct pt_state *pts)
{
	return false;
}
#endif

/*
 * GFP flags every table allocation adds: a format whose table pointers
 * hold 32-bit physical addresses (ARMv7s) asks for GFP_DMA32
 */
#ifndef PT_TABLEMEM_GFP
#define PT_TABLEMEM_GFP 0
#endif

/*
 * 1 for a format whose tables below the top are smaller than a CPU page
 * (ARMv7s's 1 KiB level 0 tables): for a driver with flush_walk() they
 * come from a slab cache and are freed one by one, see iommu_pt.h
 */
#ifndef PT_TABLEMEM_SLAB
#define PT_TABLEMEM_SLAB 0
#endif

/* Bytes of one item: u64 unless the format says otherwise (ARMv7s: u32) */
#ifndef PT_ITEM_WORD_SIZE
#define PT_ITEM_WORD_SIZE sizeof(u64)
#endif

/*
 * Only a format that supports PT_FEAT_DMA_INCOHERENT needs the mark of a
 * flushed table entry. A format with u64 items names its software bit
 * PT_ITEM64_SW_FLUSHED and gets the two hooks here; for a format without
 * the feature the mark is never tested.
 */
#if !defined(pt_table_entry_is_flushed) && defined(PT_ITEM64_SW_FLUSHED)
static inline bool pt_table_entry_is_flushed(const struct pt_state *pts)
{
	return pts->entry & PT_ITEM64_SW_FLUSHED;
}

static inline void pt_table_entry_mark_flushed(struct pt_state *pts)
{
	pt_item_set_bits((u64 *)pts->table + pts->index,
			 PT_ITEM64_SW_FLUSHED);
}
#elif !defined(pt_table_entry_is_flushed)
static_assert(!(PT_FMT_FEATURES & BIT(PT_FEAT_DMA_INCOHERENT)),
	      "a DMA incoherent format marks flushed table entries");

static inline bool pt_table_entry_is_flushed(const struct pt_state *pts)
{
	return true;
}

static inline void pt_table_entry_mark_flushed(struct pt_state *pts)
{
}
#endif

#ifndef pt_attr_from_entry
static inline void pt_attr_from_entry(const struct pt_state *pts,
				      struct pt_write_attrs *attrs)
{
	attrs->descriptor_bits = 0;
}
#endif

#ifndef pt_entry_iommu_prot
static inline unsigned int pt_entry_iommu_prot(const struct pt_state *pts)
{
	return 0;
}
#endif

/*
 * Cut and reassemble replace a leaf by a table of the same translations,
 * or such a table by a leaf, with stores the IOMMU may see at any moment.
 * A format whose hardware needs break-before-make for that (Arm) says no.
 */
#ifndef pt_can_resize_hitless
static inline bool pt_can_resize_hitless(const struct pt_common *common)
{
	return true;
}
#endif

/*
 * Put the dirty state into attributes from pt_attr_from_entry(): the bit
 * of a u64 item format (PT_ITEM64_DIRTY), nothing for a format without
 * dirty tracking. A format with another dirty encoding defines the hook.
 */
#ifndef pt_attr_set_write_dirty
static inline void pt_attr_set_write_dirty(struct pt_write_attrs *attrs,
					   bool dirty)
{
#ifdef PT_ITEM64_DIRTY
	if (dirty)
		attrs->descriptor_bits |= PT_ITEM64_DIRTY;
	else
		attrs->descriptor_bits &= ~(u64)PT_ITEM64_DIRTY;
#endif
}
#endif

#endif
