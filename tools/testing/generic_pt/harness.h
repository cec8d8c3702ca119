/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The test driver shared by the differential test, the allocation-failure
 * sweep and the fuzzer: a domain around one format, ops as data, running
 * an op against the table and the model, and the checks after each op.
 */
#ifndef _GPT_HARNESS_H
#define _GPT_HARNESS_H

#include <stdio.h>

#include <linux/spinlock.h>

#include "gpt.h"
#include "model.h"

/* A small, fast, seedable PRNG (splitmix64) */
static inline u64 rnd_next(u64 *state)
{
	u64 z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static inline u64 rnd_below(u64 *state, u64 n)
{
	return n ? rnd_next(state) % n : 0;
}

/**
 * struct gpt_dom - a driver domain around one format's table
 * @domain: aliases the format table, as a driver's union does
 * @iommu: the struct pt_iommu at the start of the format table
 * @raw: room for the format table
 * @fmt: the format
 * @cfg: its configuration
 * @ops: the format's domain ops plus the test's iotlb_sync
 * @driver_ops: change_top / get_top_lock
 * @top_lock: the "driver's" top lock
 * @on_sync: called by iotlb_sync before the freelist is freed
 * @sync_ctx: passed to @on_sync
 * @change_top_calls: change_top() calls so far
 * @changed_top_level: level passed to the last change_top()
 * @init_pgsize_bitmap: pgsize_bitmap as init left it
 */
struct gpt_dom {
	union {
		struct iommu_domain domain;
		struct pt_iommu iommu;
		u8 raw[GPT_TABLE_MAX];
	};
	const struct gpt_fmt *fmt;
	const struct gpt_cfg *cfg;
	struct iommu_domain_ops ops;
	struct pt_iommu_driver_ops driver_ops;
	spinlock_t top_lock;
	void (*on_sync)(void *ctx, struct iommu_iotlb_gather *gather);
	void *sync_ctx;
	long change_top_calls;
	unsigned int changed_top_level;
	u64 init_pgsize_bitmap;
};

int gpt_dom_init(struct gpt_dom *dom, const struct gpt_fmt *fmt,
		 const struct gpt_cfg *cfg);
void gpt_dom_deinit(struct gpt_dom *dom);
long gpt_dom_table_pages(struct gpt_dom *dom);
/* CPU pages of a table below the top and of the top, from the geometry */
long gpt_dom_pages_per_table(const struct gpt_dom *dom);
long gpt_dom_top_pages(const struct gpt_dom *dom);

enum gpt_op_kind {
	OP_MAP,
	OP_UNMAP,
	OP_PHYS,
	OP_SET_DIRTY,
	OP_READ_DIRTY,
	OP_PGSIZE,
	OP_SYNC,
	OP_UNMAP_BATCH,
	OP_CUT,
	OP_REASSEMBLE,
	OP_NUM,
};

/**
 * struct gpt_op - one operation, as data so it can be replayed
 * @kind: enum gpt_op_kind
 * @prot: OP_MAP: prot; OP_READ_DIRTY: flags
 * @iova: IOVA (all but OP_PGSIZE, OP_SYNC); OP_CUT: where to cut
 * @pa: OP_MAP: paddr
 * @pgsize: OP_MAP, OP_UNMAP: pgsize; OP_READ_DIRTY, OP_UNMAP_BATCH,
 *   OP_REASSEMBLE: size;
 *   OP_PGSIZE: the new pgsize_bitmap (masked to what init reported)
 * @pgcount: OP_MAP, OP_UNMAP; OP_UNMAP_BATCH: ranges per call
 * @hold: OP_UNMAP: keep the gather unsynced for the next unmap
 */
struct gpt_op {
	u8 kind;
	u8 prot;
	bool hold;
	u64 iova;
	u64 pa;
	u64 pgsize;
	u64 pgcount;
};

void gpt_op_print(FILE *f, const struct gpt_op *op);

/**
 * struct gpt_run - a table, its model and the checking state
 * @dom: the table
 * @model: what it must hold
 * @gather: the unmap gather, possibly held across unmaps
 * @pending: leaves removed and not yet covered by a flush
 * @num_pending: entries in @pending
 * @flushes: ranges flushed during the current op
 * @num_flushes: entries in @flushes
 * @tables, @old_tables: tables (va, last, level) seen by the last walks
 * @inited: the table was initialised (and must be torn down)
 * @failed: set with a message at the first divergence
 * @msg: the message
 * @rnd: PRNG for sampled checks
 * @ops_run: ops executed
 * @expect_enomem: an allocation failure is armed (sweep)
 * @full_walk: walk the table after every op
 * @walk_idx: position of the walk in the model's leaves
 * @unmap_res: what the current op's unmap removed
 * @check_unmap: @unmap_res is valid: its walked range must hold no table
 * @pattern: ops gpt_gen_op() planned ahead and still has to hand out
 * @pattern_num: entries in @pattern
 * @pattern_pos: the next one to hand out
 * @last_cut: the leaf the last cut split, to count round trips
 */
struct gpt_range {
	u64 va;
	u64 last;
	unsigned int level;
	unsigned int used;
};

struct gpt_run {
	struct gpt_dom dom;
	struct model model;
	struct iommu_iotlb_gather gather;
	struct mleaf *pending;
	size_t num_pending, cap_pending;
	struct gpt_range *flushes;
	size_t num_flushes, cap_flushes;
	struct gpt_range *tables, *old_tables;
	size_t num_tables, num_old_tables, cap_tables, cap_old_tables;
	/* Descriptor bits seen per (prot | dirty << 5) */
	u64 attr_by_prot[64];
	bool attr_seen[64];
	bool inited;
	bool failed;
	char msg[512];
	u64 rnd;
	unsigned long ops_run;
	bool expect_enomem;
	bool full_walk;
	/* The walk's position in model.leaves */
	size_t walk_idx;
	/* What the current op's unmap removed, for the table checks */
	struct model_unmap unmap_res;
	bool check_unmap;
	/* Multi-op patterns of the random generator */
	struct gpt_op pattern[5];
	unsigned int pattern_num, pattern_pos;
	struct mleaf last_cut;
};

/**
 * struct gpt_stats - what the ops did, to see the tests reach the cases
 * @ops: ops run per kind
 * @err: of those, the ones that returned an error (or unmapped nothing)
 * @leaf_lg2: leaves seen by the walks, by log2 size
 * @max_tables: most tables in one table
 * @growths: top growths seen
 * @table_frees: tables seen going away
 * @enomem: maps that hit an injected allocation failure
 * @enomem_partial: of those, the ones that had mapped something
 * @leaf_table: unmaps that removed a leaf and then, right after it, leaves
 *   of a table that starts where the leaf ends and is no larger than it
 *   (a leaf item followed by a table item under one unmap); [0] with
 *   pgcount 1, [1] with pgcount > 1
 * @table_leaf: the same with the table first and the larger leaf after it
 * @cuts: cuts that split a leaf, by log2 of its size
 * @merges: blocks reassembles merged, by log2 of their size
 * @round_trips: reassembles that gave back a leaf cut before
 */
struct gpt_stats {
	unsigned long ops[OP_NUM];
	unsigned long err[OP_NUM];
	unsigned long leaf_lg2[64];
	unsigned long max_tables;
	unsigned long growths;
	unsigned long table_frees;
	unsigned long enomem;
	unsigned long enomem_partial;
	unsigned long leaf_table[2];
	unsigned long table_leaf[2];
	unsigned long cuts[64];
	unsigned long merges[64];
	unsigned long round_trips;
};

extern struct gpt_stats gpt_stats;
void gpt_stats_print(FILE *f);

int gpt_run_start(struct gpt_run *run, const struct gpt_fmt *fmt,
		  const struct gpt_cfg *cfg, u64 seed);
/* Deinit, check for leaks; false on failure (run->msg says why) */
bool gpt_run_finish(struct gpt_run *run);
/* Execute one op and check everything; false on divergence */
bool gpt_run_op(struct gpt_run *run, struct gpt_op *op);
/* Whole table against the model */
bool gpt_run_check_table(struct gpt_run *run);

void gpt_fail(struct gpt_run *run, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Random op generation against the model's current state */
void gpt_gen_op(struct gpt_run *run, u64 *rnd, struct gpt_op *op);

/*
 * Replay @ops on a fresh table; returns the index of the failing op,
 * (long)num if finishing failed, or -1 if all passed.
 */
long gpt_replay(const struct gpt_fmt *fmt, const struct gpt_cfg *cfg,
		struct gpt_op *ops, size_t num, char *msg, size_t msg_len);
/* Shrink a failing op list in place; returns the new length */
size_t gpt_minimize(const struct gpt_fmt *fmt, const struct gpt_cfg *cfg,
		    struct gpt_op *ops, size_t num);
void gpt_print_ops(FILE *f, const struct gpt_fmt *fmt,
		   const struct gpt_cfg *cfg, const struct gpt_op *ops,
		   size_t num);

#endif
