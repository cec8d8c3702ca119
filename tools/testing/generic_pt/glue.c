// SPDX-License-Identifier: GPL-2.0-only
/*
 * Compiled once per format: includes the kernel's own
 * drivers/iommu/generic_pt/fmt/iommu_<fmt>.c (GPT_FMT_C, set by the
 * Makefile), which defines PT_FMT, PT_FMT_H, PT_SUPPORTED_FEATURES and
 * includes fmt/iommu_template.h, then describes the result to the harness
 * as struct gpt_fmt pt_iommu_<fmt>_gpt.
 *
 * formats/<fmt>.h, if it exists, adds what the harness cannot know
 * generically: configurations (GPT_CFGS), how a struct gpt_cfg maps onto
 * the format's cfg struct (GPT_FILL_CFG) and independent geometry for the
 * model (GPT_GEOMETRY).
 */
#include GPT_FMT_C

#include <linux/array_size.h>

#include "shim/shim.h"

#include "gpt.h"

#define __GPT_FMT_DESC(fmt) __stringify(formats/fmt.h)
#define _GPT_FMT_DESC(fmt) __GPT_FMT_DESC(fmt)
#if __has_include(_GPT_FMT_DESC(PT_FMT))
#include _GPT_FMT_DESC(PT_FMT)
#endif

static_assert(sizeof(struct pt_iommu_table) <= GPT_TABLE_MAX,
	      "raise GPT_TABLE_MAX");
static_assert(offsetof(struct pt_iommu_table, iommu) == 0,
	      "struct pt_iommu must start the format's table");

#ifndef GPT_CFGS
/* Generic configurations: every feature alone and none, full VA */
#define GPT_CFG_GEN(_name, _features)                                    \
	{ .name = _name, .features = (_features), .vasz_lg2 = 64,        \
	  .oasz_lg2 = 64 }
static const struct gpt_cfg gpt_cfgs[] = {
	GPT_CFG_GEN("default", 0),
	GPT_CFG_GEN("dynamic_top",
		    PT_FMT_FEATURES & BIT(PT_FEAT_DYNAMIC_TOP)),
	GPT_CFG_GEN("all_features",
		    PT_FMT_FEATURES & ~BIT(PT_FEAT_DMA_INCOHERENT)),
};
#define GPT_CFGS gpt_cfgs
#endif

#ifndef GPT_FILL_CFG
#define GPT_FILL_CFG(fmt_cfg, gpt_cfg) do { } while (0)
#endif

#ifndef GPT_GEOMETRY
#define GPT_GEOMETRY NULL
#endif

static int gpt_init(struct pt_iommu *iommu, const struct gpt_cfg *gcfg)
{
	struct pt_iommu_table_cfg cfg = {
		.common = {
			.features = gcfg->features,
			.hw_max_vasz_lg2 = gcfg->vasz_lg2,
			.hw_max_oasz_lg2 = gcfg->oasz_lg2,
		},
	};

	GPT_FILL_CFG(&cfg, gcfg);
	return NS(init)(container_of(iommu, struct pt_iommu_table, iommu),
			&cfg, GFP_KERNEL);
}

static struct pt_common *gpt_common(struct pt_iommu *iommu)
{
	return &container_of(iommu, struct pt_iommu_table, iommu)
			->PT_FMT_MEMBER.common;
}

static unsigned int gpt_top_level(struct pt_iommu *iommu)
{
	return pt_top_level_of(READ_ONCE(gpt_common(iommu)->top_of_table));
}

/* A VA of the table, sign extended if the format does that */
static u64 gpt_va(struct pt_common *common, u64 va)
{
	unsigned int sign = common->max_vasz_lg2 - 1;

	if (!pt_feature(common, PT_FEAT_SIGN_EXTEND) || sign >= 63)
		return va;
	if (va & BIT_ULL(sign))
		va |= ~GENMASK_ULL(sign, 0);
	return va;
}

struct gpt_walk {
	const struct gpt_walk_ops *ops;
	void *ctx;
	struct pt_range *range;
};

/* Check the 2^contig_lg2 items of a contiguous entry agree */
static bool gpt_walk_contig_ok(struct pt_state *pts, unsigned int contig_lg2,
			       pt_oaddr_t oa)
{
	struct pt_state item = *pts;
	unsigned int i;

	for (i = 1; i < (1U << contig_lg2); i++) {
		item.index = pts->index + i;
		if (pt_load_entry_raw(&item) != PT_ENTRY_OA ||
		    pt_entry_num_contig_lg2(&item) != contig_lg2 ||
		    pt_entry_oa(&item) != oa)
			return false;
	}
	return true;
}

static unsigned int gpt_walk_table(struct gpt_walk *walk,
				   struct pt_table_p *table,
				   unsigned int level, u64 table_va);

/* The bits pt_table_entry_mark_flushed() sets in a table entry */
static u64 gpt_sw_flushed_mask(struct pt_range *range)
{
	u64 words[1U << (PT_TABLEMEM_LG2SZ - 3)]
		__attribute__((aligned(1U << PT_TABLEMEM_LG2SZ)));
	struct pt_state pts = { .range = range, .table = (void *)words,
				.level = 1 };
	struct pt_write_attrs attrs = {};
	u64 linked;

	words[0] = 0;
	pt_install_table(&pts, __pa(words), &attrs);
	linked = words[0];
	pt_table_entry_mark_flushed(&pts);
	return words[0] ^ linked;
}

/*
 * PT_FEAT_DMA_INCOHERENT: every item of a reachable table is in memory,
 * as the IOMMU reads it, the way the CPU sees it (shim_flushed_word()),
 * but for the software mark of a flushed table entry
 */
static void gpt_walk_check_flushed(struct gpt_walk *walk,
				   struct pt_table_p *table,
				   unsigned int level, u64 table_va)
{
	u64 sw = gpt_sw_flushed_mask(walk->range), *words = (u64 *)table;
	unsigned int i, num = log2_to_int(PT_TABLEMEM_LG2SZ) / sizeof(u64);
	u64 seen;

	for (i = 0; i != num; i++) {
		if (shim_flushed_word(&words[i], &seen) &&
		    !((seen ^ READ_ONCE(words[i])) & ~sw))
			continue;
		walk->ops->error(walk->ctx, "item written but not written back",
				 gpt_va(walk->range->common, table_va), level);
		return;
	}
}

/* Walk the table under a TABLE item, then report it */
static void gpt_walk_lower(struct gpt_walk *walk, struct pt_state *pts,
			   unsigned int item_lg2)
{
	struct pt_common *common = walk->range->common;
	u64 last = pts->va + (log2_to_int(item_lg2) - 1);
	unsigned int used;

	used = gpt_walk_table(walk, __va(pt_table_pa(pts)), pts->level - 1,
			      pts->va);
	walk->ops->table(walk->ctx, gpt_va(common, pts->va),
			 gpt_va(common, last), pts->level - 1, used);
}

/* Report the leaf at pts; false if it is malformed */
static bool gpt_walk_leaf(struct gpt_walk *walk, struct pt_state *pts,
			  unsigned int item_lg2, unsigned int num)
{
	unsigned int contig_lg2 = pt_entry_num_contig_lg2(pts);
	struct pt_common *common = walk->range->common;
	struct pt_write_attrs attrs = {};
	struct gpt_leaf leaf;

	if (contig_lg2 >= 32 || (pts->index & ((1U << contig_lg2) - 1)) ||
	    pts->index + (1U << contig_lg2) > num ||
	    !(pt_possible_sizes(pts) & BIT_ULL(item_lg2 + contig_lg2))) {
		walk->ops->error(walk->ctx, "bad contiguous entry",
				 gpt_va(common, pts->va), pts->level);
		return false;
	}
	pt_attr_from_entry(pts, &attrs);
	leaf = (struct gpt_leaf){
		.va = gpt_va(common, pts->va),
		.oa = pt_entry_oa(pts),
		.attr = attrs.descriptor_bits,
		.lg2 = item_lg2 + contig_lg2,
		.dirty = pt_entry_is_write_dirty(pts),
	};
	if (!gpt_walk_contig_ok(pts, contig_lg2, leaf.oa)) {
		walk->ops->error(walk->ctx, "contiguous items disagree",
				 leaf.va, pts->level);
		return false;
	}
	walk->ops->leaf(walk->ctx, &leaf);
	return true;
}

/*
 * Walk one table; report its leaves, and each lower table after walking
 * it. Returns the number of items that are not empty.
 */
static unsigned int gpt_walk_table(struct gpt_walk *walk,
				   struct pt_table_p *table,
				   unsigned int level, u64 table_va)
{
	struct pt_state pts = { .range = walk->range, .table = table,
				.level = level };
	unsigned int item_lg2 = pt_table_item_lg2sz(&pts);
	unsigned int num = 1U << pt_num_items_lg2(&pts);
	struct pt_common *common = walk->range->common;
	unsigned int i = 0, used = 0;

	if (pt_feature(common, PT_FEAT_DMA_INCOHERENT))
		gpt_walk_check_flushed(walk, table, level, table_va);
	while (i < num) {
		pts.index = i;
		pts.va = table_va + ((u64)i << item_lg2);
		switch (pt_load_entry_raw(&pts)) {
		case PT_ENTRY_EMPTY:
			i++;
			break;
		case PT_ENTRY_TABLE:
			if (!pt_can_have_table(&pts)) {
				walk->ops->error(walk->ctx, "table at leaf level",
						 gpt_va(common, pts.va), level);
				return used;
			}
			gpt_walk_lower(walk, &pts, item_lg2);
			used++;
			i++;
			break;
		case PT_ENTRY_OA:
			if (!gpt_walk_leaf(walk, &pts, item_lg2, num))
				return used;
			used += 1U << pt_entry_num_contig_lg2(&pts);
			i += 1U << pt_entry_num_contig_lg2(&pts);
			break;
		}
	}
	return used;
}

/*
 * Walk every table from the top with nothing but the format's entry
 * accessors; no helper of iommu_pt.h or pt_iter.h's walkers is used.
 */
static void gpt_walk(struct pt_iommu *iommu, const struct gpt_walk_ops *ops,
		     void *ctx)
{
	struct pt_common *common = gpt_common(iommu);
	uintptr_t top = READ_ONCE(common->top_of_table);
	struct pt_range range = { .common = common,
				  .top_table = pt_top_table_of(top),
				  .top_level = pt_top_level_of(top) };
	struct gpt_walk walk = { .ops = ops, .ctx = ctx, .range = &range };

	gpt_walk_table(&walk, range.top_table, range.top_level, 0);
}

/* The table items a walk of gpt_hw_set_dirty() went through, by level */
struct gpt_dirty_path {
	u64 *item[PT_MAX_TOP_LEVEL + 1];
	u64 entry[PT_MAX_TOP_LEVEL + 1];
};

/*
 * Set D in the leaf item mapping the walk's VA as the IOMMU does on a DMA
 * write through it: one compare-and-exchange of the word it read, built
 * by the format's own pt_entry_make_write_dirty() on a private copy.
 */
static int __gpt_hw_set_dirty(struct pt_state *pts, void *arg)
{
	struct gpt_dirty_path *path = arg;
	struct pt_state copy;
	unsigned int level;
	u64 word, *item;

	/* Loading a contiguous entry may move pts->index to its first item */
	switch (pt_load_entry(pts)) {
	case PT_ENTRY_TABLE:
		path->item[pts->level] = (u64 *)pts->table + pts->index;
		path->entry[pts->level] = pts->entry;
		return pt_descend(pts, arg, __gpt_hw_set_dirty);
	case PT_ENTRY_OA:
		break;
	default:
		return -ENOENT;
	}
	item = (u64 *)pts->table + pts->index;
	word = pts->entry;
	copy = *pts;
	copy.table = (void *)&word;
	copy.index = 0;
	if (!pt_entry_make_write_dirty(&copy))
		return -EOPNOTSUPP;
	if (!try_cmpxchg64(item, &pts->entry, word))
		return -EAGAIN;
	/*
	 * A table the walk went through that is no longer linked may have
	 * been unlinked before the exchange: the walk stood for one through
	 * the old layout, whose D may land where no walk reads it.
	 */
	for (level = pts->level + 1; level <= pts->range->top_level; level++)
		if (__atomic_load_n(path->item[level], __ATOMIC_SEQ_CST) !=
		    path->entry[level])
			return GPT_DIRTY_UNLINKED;
	return 0;
}

static int gpt_hw_set_dirty(struct pt_iommu *iommu, u64 iova)
{
	struct gpt_dirty_path path;
	struct pt_range range;

	if (sizeof(u64) != PT_ITEM_WORD_SIZE)
		return -EOPNOTSUPP;
	if (pt_make_range(gpt_common(iommu), &range, iova, iova) ||
	    !pt_range_in_top(&range))
		return -ENOENT;
	return pt_walk_range(&range, __gpt_hw_set_dirty, &path);
}

/* Expand PT_FMT before the ops macros paste it */
#define GPT_DOMAIN_OPS(fmt) IOMMU_PT_DOMAIN_OPS(fmt)
#define GPT_DIRTY_OPS(fmt) IOMMU_PT_DIRTY_OPS(fmt)
#define __GPT_NAME(fmt) pt_iommu_##fmt##_gpt
#define _GPT_NAME(fmt) __GPT_NAME(fmt)

const struct gpt_fmt _GPT_NAME(PT_FMT) = {
	.name = __stringify(PT_FMT),
	.fmt_features = PT_FMT_FEATURES,
	.cfgs = GPT_CFGS,
	.num_cfgs = ARRAY_SIZE(GPT_CFGS),
	.geo = GPT_GEOMETRY,
	.slab_tables = PT_TABLEMEM_SLAB,
	.init = gpt_init,
	.top_level = gpt_top_level,
	.walk = gpt_walk,
	.hw_set_dirty = gpt_hw_set_dirty,
	.dom_ops = { GPT_DOMAIN_OPS(PT_FMT) },
	.dirty_ops = { GPT_DIRTY_OPS(PT_FMT) },
};
