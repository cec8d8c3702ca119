/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Generic Page Table: walking.
 *
 * An operation builds a struct pt_range for [va, last_va] with
 * pt_make_range() and hands a per-level function to pt_walk_range(). The
 * level function gets a struct pt_state cursor on the top table and moves
 * it item by item:
 *
 *	do {
 *		switch (pt_load_entry(pts)) {
 *		case PT_ENTRY_TABLE:
 *			ret = pt_descend(pts, arg, my_level_fn);
 *			...
 *		}
 *	} while (pt_next_item(pts, pt_table_item_lg2sz(pts)));
 *
 * pt_descend() runs the level function again on the lower table, limited
 * to the part of [va, last_va] inside the current item.
 */
#ifndef __GENERIC_PT_ITER_H
#define __GENERIC_PT_ITER_H

#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/minmax.h>

#include "pt_common.h"

/* Top pointer and top level share one word; see struct pt_common. */
static inline struct pt_table_p *pt_top_table_of(uintptr_t top_of_table)
{
	return (struct pt_table_p *)(top_of_table & ~(uintptr_t)PT_TOP_LEVEL_MASK);
}

static inline unsigned int pt_top_level_of(uintptr_t top_of_table)
{
	return top_of_table & PT_TOP_LEVEL_MASK;
}

static inline uintptr_t pt_top_encode(struct pt_table_p *table,
				      unsigned int level)
{
	return (uintptr_t)table | level;
}

/* A cursor with only the geometry set, for asking about a level. */
static inline struct pt_state pt_level_state(struct pt_range *range,
					     unsigned int level)
{
	return (struct pt_state){ .range = range, .level = level };
}

/* log2 of the VA covered by a whole table at pts->level */
static inline unsigned int pt_table_lg2sz(const struct pt_state *pts)
{
	return pt_table_item_lg2sz(pts) + pt_num_items_lg2(pts);
}

/* log2 of the VA the current top table covers */
static inline unsigned int pt_top_lg2sz(struct pt_range *range)
{
	struct pt_state pts = pt_level_state(range, range->top_level);

	return pt_table_lg2sz(&pts);
}

/* Index of the item holding @va in a table at pts->level */
static inline unsigned int pt_index_of_va(const struct pt_state *pts,
					  pt_vaddr_t va)
{
	return log2_mod(log2_div(va, pt_table_item_lg2sz(pts)),
			pt_num_items_lg2(pts));
}

/*
 * The VA the walk of this table is at in item pts->index, for a walk that
 * started at @first_va, in item @first_index: the start of the item, or
 * @first_va in the first one
 */
static inline pt_vaddr_t pt_index_va(const struct pt_state *pts,
				     unsigned int first_index,
				     pt_vaddr_t first_va)
{
	unsigned int item_lg2 = pt_table_item_lg2sz(pts);

	if (pts->index == first_index)
		return first_va;
	return log2_align_down(first_va, item_lg2) +
	       ((pt_vaddr_t)(pts->index - first_index) << item_lg2);
}

/* Last VA the cursor visits inside the current item */
static inline pt_vaddr_t pt_item_last_va(const struct pt_state *pts)
{
	return min(log2_set_mod_max(pts->va, pt_table_item_lg2sz(pts)),
		   pts->last_va);
}

/* True if [va, last_va] covers the whole current item */
static inline bool pt_item_fully_covered(const struct pt_state *pts)
{
	unsigned int lg2sz = pt_table_item_lg2sz(pts);

	return log2_mod(pts->va, lg2sz) == 0 &&
	       log2_set_mod_max(pts->va, lg2sz) <= pts->last_va;
}

/* log2 of the VA a PT_ENTRY_OA entry maps, all contiguous items included */
static inline unsigned int pt_entry_lg2sz(const struct pt_state *pts)
{
	return pt_table_item_lg2sz(pts) + pt_entry_num_contig_lg2(pts);
}

/* First VA a PT_ENTRY_OA entry maps */
static inline pt_vaddr_t pt_entry_va(const struct pt_state *pts)
{
	return log2_align_down(pts->va, pt_entry_lg2sz(pts));
}

/* Read the entry of the item holding pts->va */
static inline enum pt_entry_type pt_load_entry(struct pt_state *pts)
{
	pts->index = pt_index_of_va(pts, pts->va);
	pts->type = pt_load_entry_raw(pts);
	return pts->type;
}

/*
 * Move the cursor past the 2^lg2sz block holding pts->va: an item, or a
 * whole contiguous entry. Returns false when the walk of this table is done.
 */
static inline bool pt_next_item(struct pt_state *pts, unsigned int lg2sz)
{
	pt_vaddr_t block_last = log2_set_mod_max(pts->va, lg2sz);

	if (block_last >= pts->last_va)
		return false;
	pts->va = block_last + 1;
	return true;
}

/* Virtual address of the lower table of a PT_ENTRY_TABLE entry */
static inline struct pt_table_p *pt_table_ptr(const struct pt_state *pts)
{
	return __va(pt_table_pa(pts));
}

/*
 * The largest size in @sizes that fits in [va, last_va] starting at @va,
 * with @va and @oa both aligned to it. Returns its log2, or 0 if none fits.
 */
static inline unsigned int pt_best_pgsize_lg2(u64 sizes, pt_vaddr_t va,
					      pt_vaddr_t last_va, pt_oaddr_t oa)
{
	pt_vaddr_t len_m1 = last_va - va;
	u64 align = va | oa;

	/* Sizes no larger than the length: 2^lg2 - 1 <= len_m1 */
	if (len_m1 != U64_MAX)
		sizes &= log2_to_max_int(log2_fls(len_m1 + 1));
	/* Sizes no larger than the alignment */
	if (align)
		sizes &= log2_to_max_int(log2_ffs(align) + 1);
	if (!sizes)
		return 0;
	return log2_fls(sizes) - 1;
}

typedef int (*pt_level_fn_t)(struct pt_state *pts, void *arg);

/* Run @fn on the lower table, over the part of the walk inside this item */
static __always_inline int pt_descend_to(struct pt_state *pts,
					 struct pt_table_p *lower, void *arg,
					 pt_level_fn_t fn)
{
	struct pt_state lower_pts = {
		.range = pts->range,
		.table = lower,
		.level = pts->level - 1,
		.va = pts->va,
		.last_va = pt_item_last_va(pts),
	};

	return fn(&lower_pts, arg);
}

static __always_inline int pt_descend(struct pt_state *pts, void *arg,
				      pt_level_fn_t fn)
{
	return pt_descend_to(pts, pt_table_ptr(pts), arg, fn);
}

/*
 * One-path walks with a constant level.
 *
 * A format's geometry is a function of the level, so where the level is a
 * compile-time constant every size, index shift and size bitmap folds
 * away. A walk that follows one item per level (a translation, the map or
 * unmap of a run inside one table) is written as a step: an always inline
 * function that handles pts at pts->level and either returns the walk's
 * result or moves pts to the lower table with pt_step_down().
 * pt_walk_down() runs the step for each level from pts->level down, each
 * time with the level a constant: one unrolled sequence, no calls.
 */
#define PT_STEP_DOWN 1

typedef int (*pt_step_fn_t)(struct pt_state *pts, void *arg);

/* Move pts to the lower table of its PT_ENTRY_TABLE item */
static __always_inline int pt_step_down(struct pt_state *pts)
{
	pts->table = pt_table_ptr(pts);
	return PT_STEP_DOWN;
}

static_assert(PT_MAX_TOP_LEVEL <= 5, "pt_walk_down() unrolls six levels");

/*
 * One level of pt_walk_down(), @level a constant. Returns true to go on
 * to the level below, else *ret is the walk's result.
 */
static __always_inline bool pt_walk_level(struct pt_state *pts,
					  pt_step_fn_t step, void *arg,
					  unsigned int level, int *ret)
{
	if (level > PT_MAX_TOP_LEVEL) {
		/* No table of this format has such a level */
		*ret = -EINVAL;
		return false;
	}
	pts->level = level;
	*ret = step(pts, arg);
	return level && *ret == PT_STEP_DOWN;
}

/*
 * Run @step from pts->level down to the level where it stops. Returns its
 * result; PT_STEP_DOWN if it asked to go below level 0.
 */
static __always_inline int pt_walk_down(struct pt_state *pts,
					pt_step_fn_t step, void *arg)
{
	int ret = -EINVAL;

	/*
	 * The kernel builds without jump tables, so this is a tree of
	 * compares: four levels, the most common table (x86 and VT-d at 48
	 * bits, AMD v1 DMA domains beyond 512 GiB), is tested first.
	 */
	switch (pts->level) {
	case 5:
		if (!pt_walk_level(pts, step, arg, 5, &ret))
			break;
		fallthrough;
	case 4:
		if (!pt_walk_level(pts, step, arg, 4, &ret))
			break;
		fallthrough;
	case 3:
		if (!pt_walk_level(pts, step, arg, 3, &ret))
			break;
		fallthrough;
	case 2:
		if (!pt_walk_level(pts, step, arg, 2, &ret))
			break;
		fallthrough;
	case 1:
		if (!pt_walk_level(pts, step, arg, 1, &ret))
			break;
		fallthrough;
	case 0:
		pt_walk_level(pts, step, arg, 0, &ret);
		break;
	}
	return ret;
}

/* A cursor on the top table over the whole range */
static inline struct pt_state pt_top_state(struct pt_range *range)
{
	return (struct pt_state){
		.range = range,
		.table = range->top_table,
		.level = range->top_level,
		.va = range->va,
		.last_va = range->last_va,
	};
}

/* Run @fn on the top table over the whole range */
static __always_inline int pt_walk_range(struct pt_range *range,
					 pt_level_fn_t fn, void *arg)
{
	struct pt_state pts = pt_top_state(range);

	return fn(&pts, arg);
}

/*
 * Start a walk over [va, last_va]. The top pointer and level are read once;
 * the address dependency from that load orders the reads of the top table
 * after it, pairing with the smp_store_release() that publishes a new top.
 *
 * Returns -ERANGE if the range lies outside the VA the table can ever
 * translate. It may still lie beyond the current top (see pt_range_in_top()).
 */
static inline int pt_make_range(struct pt_common *common,
				struct pt_range *range, pt_vaddr_t va,
				pt_vaddr_t last_va)
{
	uintptr_t top_of_table = READ_ONCE(common->top_of_table);
	unsigned int vasz_lg2 = common->max_vasz_lg2;

	*range = (struct pt_range){
		.common = common,
		.top_table = pt_top_table_of(top_of_table),
		.top_level = pt_top_level_of(top_of_table),
		.va = va,
		.last_va = last_va,
	};

	if (pt_feature(common, PT_FEAT_SIGN_EXTEND)) {
		/* Both ends in the lower half, or both in the upper half */
		pt_vaddr_t upper = ~log2_to_max_int(vasz_lg2 - 1);

		if ((va & upper) != (last_va & upper))
			return -ERANGE;
		if ((va & upper) && (va & upper) != upper)
			return -ERANGE;
		return 0;
	}
	if (pt_feature(common, PT_FEAT_UPPER_RANGE)) {
		/* Every bit above the range set, at both ends */
		pt_vaddr_t upper = ~log2_to_max_int(vasz_lg2);

		if ((va & upper) != upper || (last_va & upper) != upper)
			return -ERANGE;
		return 0;
	}
	/* max_vasz_lg2 is never 0 (see pt_iommu_init_common()) */
	if (log2_div_pos(last_va, vasz_lg2))
		return -ERANGE;
	return 0;
}

/*
 * A range over the whole span of the current top, from VA 0: the indexes
 * are the same in the upper range of a PT_FEAT_UPPER_RANGE table
 */
static inline struct pt_range pt_top_range(struct pt_common *common)
{
	struct pt_range range;

	pt_make_range(common, &range, 0, 0);
	range.last_va = log2_to_max_int(pt_top_lg2sz(&range));
	return range;
}

/*
 * True if the current top table reaches the whole range. A fixed top
 * covers max_vasz_lg2 (see pt_iommu_init_common()) and a sign extended
 * table always has its full top: pt_make_range() said all there is.
 */
static inline bool pt_range_in_top(struct pt_range *range)
{
	if (!pt_feature(range->common, PT_FEAT_DYNAMIC_TOP) ||
	    pt_feature(range->common, PT_FEAT_SIGN_EXTEND))
		return true;
	return log2_div(range->last_va, pt_top_lg2sz(range)) == 0;
}

/*
 * Limit the range to the VA under the current top, where anything can be
 * mapped. Returns false if none of the range is under the top.
 */
static inline bool pt_range_clip_to_top(struct pt_range *range)
{
	unsigned int top_lg2sz;

	if (pt_range_in_top(range))
		return true;
	top_lg2sz = pt_top_lg2sz(range);
	if (log2_div(range->va, top_lg2sz))
		return false;
	range->last_va = log2_to_max_int(top_lg2sz);
	return true;
}

#endif
