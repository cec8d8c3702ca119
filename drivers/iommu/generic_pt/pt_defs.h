/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Generic Page Table: types shared by the generic layer, the format headers
 * and the algorithms.
 *
 * Vocabulary:
 *   level   - 0 is the leaf-most table, the top table has the highest level
 *   item    - one slot of a table; it covers 2^pt_table_item_lg2sz() of VA
 *   entry   - what an item holds: empty, a pointer to a lower table, or an
 *             output address (OA). One OA entry may span 2^contig_lg2
 *             consecutive items (contiguous / replicated entries)
 *   va, last_va - an inclusive range of input addresses; last_va never
 *             overflows where va + len would
 */
#ifndef __GENERIC_PT_DEFS_H
#define __GENERIC_PT_DEFS_H

#include <linux/atomic.h>
#include <linux/bug.h>
#include <linux/generic_pt/common.h>
#include <linux/string.h>
#include <linux/types.h>

#include "pt_log2.h"

typedef u64 pt_vaddr_t;
typedef u64 pt_oaddr_t;

/* Table memory; only format headers look inside. */
struct pt_table_p;

/**
 * enum pt_entry_type - what an entry holds
 * @PT_ENTRY_EMPTY: nothing; the item is not mapped
 * @PT_ENTRY_TABLE: a pointer to a table one level lower
 * @PT_ENTRY_OA: a leaf mapping an output address
 */
enum pt_entry_type {
	PT_ENTRY_EMPTY,
	PT_ENTRY_TABLE,
	PT_ENTRY_OA,
};

/**
 * struct pt_range - the part of a table an operation walks
 * @common: the table
 * @top_table: the top table, as read once from @common at the start
 * @va: first input address of the walk
 * @last_va: last input address of the walk (inclusive)
 * @top_level: level of @top_table, read in the same load as @top_table
 */
struct pt_range {
	struct pt_common *common;
	struct pt_table_p *top_table;
	pt_vaddr_t va;
	pt_vaddr_t last_va;
	u8 top_level;
};

/**
 * struct pt_state - a cursor over the items of one table
 * @range: the walk this cursor belongs to
 * @table: the table being walked
 * @va: current input address; the cursor is on the item holding it
 * @last_va: last input address this cursor visits in @table
 * @entry: raw entry of the current item, from pt_load_entry()
 * @type: classification of @entry
 * @index: index of the current item in @table
 * @level: level of @table
 */
struct pt_state {
	struct pt_range *range;
	struct pt_table_p *table;
	pt_vaddr_t va;
	pt_vaddr_t last_va;
	u64 entry;
	enum pt_entry_type type;
	unsigned int index;
	u8 level;
};

/**
 * struct pt_write_attrs - attributes of new entries, computed once per op
 * @descriptor_bits: bits ORed into every new leaf
 * @gfp: allocation flags for new tables
 */
struct pt_write_attrs {
	u64 descriptor_bits;
	gfp_t gfp;
};

/*
 * An internal invariant: checked, with a WARN, only under
 * CONFIG_DEBUG_GENERIC_PT. Never for anything a caller can pass in. A
 * statement expression, so that it may stand alone as a statement.
 */
#define PT_WARN_ON(condition)                                  \
	({                                                     \
		bool __pt_warn = false;                        \
		if (IS_ENABLED(CONFIG_DEBUG_GENERIC_PT))       \
			__pt_warn = WARN_ON(condition);        \
		__pt_warn;                                     \
	})

/*
 * Set or clear bits of one table item with an atomic read-modify-write:
 * the IOMMU may update other bits of the same item (A, D) at any moment.
 */
static inline void pt_item_set_bits(u64 *item, u64 bits)
{
	u64 old = READ_ONCE(*item);

	while (!try_cmpxchg64(item, &old, old | bits))
		;
}

static inline void pt_item_clear_bits(u64 *item, u64 bits)
{
	u64 old = READ_ONCE(*item);

	while ((old & bits) && !try_cmpxchg64(item, &old, old & ~bits))
		;
}

/*
 * Replace one table item by @new with an atomic exchange and return what
 * it held, with every bit the IOMMU set in it up to the exchange.
 * cmpxchg64 rather than xchg: a 32-bit kernel has no 64-bit xchg.
 */
static inline u64 pt_item_exchange(u64 *item, u64 new)
{
	u64 old = READ_ONCE(*item);

	while (!try_cmpxchg64(item, &old, new))
		;
	return old;
}

/*
 * For formats whose items are u64 words. Clear @num items: memset64()
 * stores whole 64-bit words, each seen by the IOMMU as one store, as
 * WRITE_ONCE() would, and is the cheaper one past a few items.
 */
static inline void pt_items64_clear(u64 *items, unsigned int num)
{
	if (num == 1)
		WRITE_ONCE(items[0], 0);
	else
		memset64(items, 0, num);
}

/* The OR of @num u64 items, each read once: tests many items at once */
static inline u64 pt_items64_or(const u64 *items, unsigned int num)
{
	/* @num is at least 1: one item, the common case, is one load */
	u64 all = READ_ONCE(items[0]);
	unsigned int i;

	for (i = 1; i < num; i++)
		all |= READ_ONCE(items[i]);
	return all;
}

#ifndef PT_FORCE_ENABLED_FEATURES
#define PT_FORCE_ENABLED_FEATURES 0
#endif

/*
 * Feature test. A compilation unit lists the features it supports in
 * PT_SUPPORTED_FEATURES and those that are always on in
 * PT_FORCE_ENABLED_FEATURES; both are constants, so for a feature outside
 * them the test folds to a constant and dead paths disappear.
 */
static __always_inline bool __pt_feature(const struct pt_common *common,
					 unsigned int feature, u64 supported,
					 u64 forced)
{
	if (forced & BIT_ULL(feature))
		return true;
	if (!(supported & BIT_ULL(feature)))
		return false;
	return common->features & BIT_ULL(feature);
}

#define pt_feature(common, feature)                           \
	__pt_feature(common, feature, PT_SUPPORTED_FEATURES, \
		     PT_FORCE_ENABLED_FEATURES)

#endif
