/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The harness's view of one compiled format. glue.c is compiled once per
 * format together with the kernel's fmt/iommu_<fmt>.c and fills a
 * struct gpt_fmt; everything else in the harness is format independent.
 */
#ifndef _GPT_H
#define _GPT_H

#include <linux/generic_pt/iommu.h>
#include <linux/iommu.h>
#include <linux/types.h>

/* Room for any struct pt_iommu_<fmt>; glue.c asserts it fits */
#define GPT_TABLE_MAX 256

/**
 * struct gpt_cfg - a configuration the tests run a format in
 * @name: printed in reports
 * @features: enum pt_features bits
 * @vasz_lg2: hw_max_vasz_lg2
 * @oasz_lg2: hw_max_oasz_lg2
 * @level: the format's starting/top level, if it has one (formats/<fmt>.h
 *   maps it onto the cfg struct)
 * @sme_mask: value of sme_me_mask while the config runs
 * @max_leaf_level: for a format whose cfg limits the leaf sizes (VT-d
 *   second stage superpages), the highest level holding leaves; the
 *   geometry's level_sizes() sees it
 * @read_only_is_rw: IOMMU_READ alone maps writable (a VT-d nesting parent
 *   forced writeable), so read-only and writable leaves may share bits
 * @top_concat_lg2: the top table is 2^n tables concatenated (an Arm stage 2
 *   top, the level 1 tables of a DART's 2^n TTBRs side by side), so it
 *   reaches n bits more VA than one table at @level
 * @no_dirty: the format's dirty tracking is off in this configuration (Arm
 *   without DBM): nothing reads dirty and set_dirty() is refused
 * @write_starts_dirty: writable leaves are mapped dirty in this
 *   configuration (Arm with DBM), as the geometry's flag says for a format
 * @dirty_only_writable: only a writable leaf can be dirtied (Arm: a
 *   read-only leaf has no DBM); set_dirty() refuses the others
 */
struct gpt_cfg {
	const char *name;
	unsigned int features;
	u8 vasz_lg2;
	u8 oasz_lg2;
	u8 level;
	u64 sme_mask;
	u8 max_leaf_level;
	bool read_only_is_rw;
	u8 top_concat_lg2;
	bool no_dirty;
	bool write_starts_dirty;
	bool dirty_only_writable;
};

/**
 * struct gpt_geometry - facts about a format, written from its spec and
 * NOT derived from the format header, for the model (formats/<fmt>.h)
 * @granule_lg2: smallest page size
 * @items_lg2: log2 of the items per table
 * @level_items_lg2: log2 of the items of a table at each level where that
 *   is not @items_lg2 (0: @items_lg2); ARMv7s has 2^12 at the top and 2^8
 *   below
 * @table_lg2: log2 of the bytes of a table below the top (0: @items_lg2
 *   u64 items); a table smaller than a CPU page still takes a page
 * @top_lg2: log2 of the bytes of the top table when the spec fixes it
 *   whatever the configuration (ARMv7s: TTBR0 holds a 16 KiB aligned
 *   base); 0: one table at the top level, 2^top_concat_lg2 of them
 *   concatenated
 * @max_top_level: highest level a top table may have
 * @level_sizes: the leaf sizes a table at @level may hold in @cfg
 * @oa_lg2: widest output address the format can hold
 * @has_dirty: whether leaves have a dirty bit
 * @write_starts_dirty: writable leaves are mapped with the dirty bit set
 * @break_before_make: the architecture needs break-before-make to replace
 *   a block by a table or a table by a block (Arm): no cut or reassemble
 */
#define GPT_MAX_LEVELS 6

struct gpt_geometry {
	unsigned int granule_lg2;
	unsigned int items_lg2;
	u8 level_items_lg2[GPT_MAX_LEVELS];
	unsigned int table_lg2;
	unsigned int top_lg2;
	unsigned int max_top_level;
	u64 (*level_sizes)(const struct gpt_cfg *cfg, unsigned int level);
	unsigned int oa_lg2;
	bool has_dirty;
	bool write_starts_dirty;
	bool break_before_make;
};

/**
 * struct gpt_leaf - a leaf found by the structural walk
 * @va: first IOVA of the whole (contiguous) entry
 * @oa: output address of @va
 * @lg2: log2 of its size
 * @dirty: format says it is write dirty
 * @attr: descriptor bits from pt_attr_from_entry()
 */
struct gpt_leaf {
	u64 va;
	u64 oa;
	u64 attr;
	u8 lg2;
	bool dirty;
};

/**
 * struct gpt_walk_ops - what the structural walk reports
 * @leaf: every leaf, in VA order
 * @table: every table below the top, with its VA span and the number of
 *   items in it that are not empty
 * @error: a malformed entry; @msg says what
 */
struct gpt_walk_ops {
	void (*leaf)(void *ctx, const struct gpt_leaf *leaf);
	void (*table)(void *ctx, u64 va, u64 last_va, unsigned int level,
		      unsigned int used);
	void (*error)(void *ctx, const char *msg, u64 va, unsigned int level);
};

/* gpt_fmt.hw_set_dirty(): D set in a table that may be unlinked */
#define GPT_DIRTY_UNLINKED 1

/**
 * struct gpt_fmt - one compiled format
 * @name: PT_FMT
 * @fmt_features: every feature the format can have (PT_FMT_FEATURES)
 * @cfgs: configurations to test (formats/<fmt>.h or generic defaults)
 * @num_cfgs: entries in @cfgs
 * @geo: independent geometry, or NULL if formats/<fmt>.h gives none
 * @init: pt_iommu_<fmt>_init() on @iommu (GPT_TABLE_MAX bytes, driver_ops
 *   already set) with @cfg translated to the format's cfg struct
 * @top_level: level of the current top table
 * @walk: walk the whole table through the format's entry accessors
 * @hw_set_dirty: set D in the leaf mapping @iova as the IOMMU would, with
 *   one compare-and-exchange of the item word it read: -EAGAIN if the word
 *   changed meanwhile (the IOMMU would walk again), -ENOENT on a hole,
 *   -EOPNOTSUPP without dirty tracking or with items other than u64, and
 *   GPT_DIRTY_UNLINKED if D was set but a table item on the walk's path
 *   changed by the time it was: the D may have been set through the old
 *   layout after a reassemble unlinked it, the one loss the cut and
 *   reassemble kernel-doc allows
 * @dom_ops: IOMMU_PT_DOMAIN_OPS(fmt)
 * @dirty_ops: IOMMU_PT_DIRTY_OPS(fmt)
 */
struct gpt_fmt {
	const char *name;
	unsigned int fmt_features;
	const struct gpt_cfg *cfgs;
	unsigned int num_cfgs;
	const struct gpt_geometry *geo;
	/* Tables below the top are freed at once after a flush_walk() */
	bool slab_tables;
	int (*init)(struct pt_iommu *iommu, const struct gpt_cfg *cfg);
	unsigned int (*top_level)(struct pt_iommu *iommu);
	void (*walk)(struct pt_iommu *iommu, const struct gpt_walk_ops *ops,
		     void *ctx);
	int (*hw_set_dirty)(struct pt_iommu *iommu, u64 iova);
	struct iommu_domain_ops dom_ops;
	struct iommu_dirty_ops dirty_ops;
};

/* Every format in FORMATS of the Makefile, NULL terminated (formats.c) */
extern const struct gpt_fmt *const gpt_formats[];

#endif
