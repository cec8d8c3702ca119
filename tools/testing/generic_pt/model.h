/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The shadow model: what DESIGN.md section 4 promises, written without
 * any code of the implementation. A table is a sorted array of leaves;
 * each op of the model returns what the real op must return.
 */
#ifndef _GPT_MODEL_H
#define _GPT_MODEL_H

#include <linux/types.h>

#include "gpt.h"

/**
 * struct mleaf - one leaf the model expects
 * @va: first IOVA
 * @pa: output address of @va
 * @lg2: log2 of the size
 * @prot: the IOMMU_* prot it was mapped with
 * @dirty: set_dirty() hit it and no read_and_clear_dirty() cleared it
 */
struct mleaf {
	u64 va;
	u64 pa;
	u8 lg2;
	u8 prot;
	bool dirty;
};

/**
 * struct model - expected contents and limits of one table
 * @leaves: sorted by @va, never overlapping
 * @num: entries in @leaves
 * @cap: room in @leaves
 * @pgsize_bitmap: the domain's page sizes, as the test set them
 * @va_last: last IOVA the table may ever translate; with @sign_extend the
 *   last of the lower half, the upper half starts at ~@va_last
 * @oa_last: last output address a leaf may hold
 * @top_level: expected level of the top table
 * @max_top_level: how far the top may grow (== @top_level if fixed)
 * @geo: the format's geometry, NULL if unknown
 * @cfg: the configuration the table runs in
 * @has_dirty: set_dirty() works
 * @sign_extend: PT_FEAT_SIGN_EXTEND: the top half of the 64-bit space too
 */
struct model {
	struct mleaf *leaves;
	size_t num;
	size_t cap;
	u64 pgsize_bitmap;
	u64 va_last;
	u64 oa_last;
	unsigned int top_level;
	unsigned int max_top_level;
	const struct gpt_geometry *geo;
	const struct gpt_cfg *cfg;
	bool has_dirty;
	bool sign_extend;
};

static inline u64 mleaf_last(const struct mleaf *l)
{
	return l->va + ((1ULL << l->lg2) - 1);
}

void model_init(struct model *m, const struct gpt_geometry *geo,
		const struct gpt_cfg *cfg, unsigned int fmt_features);
void model_free(struct model *m);
u64 model_full_pgsize_bitmap(const struct model *m);
unsigned int model_level_va_lg2(const struct model *m, unsigned int level);

/* [va, last] (va <= last) lies where the table can translate */
bool model_va_ok(const struct model *m, u64 va, u64 last);

/* Index of the leaf holding @va, or -1 */
long model_find(const struct model *m, u64 va);
/* Index of the first leaf ending at or after @va (may be m->num) */
size_t model_first_from(const struct model *m, u64 va);
u64 model_phys(const struct model *m, u64 va);

/* The largest size for the next leaf of a map at @va/@pa, 0 if none */
unsigned int model_pick_lg2(const struct model *m, u64 va, u64 last,
			    u64 pa);

/**
 * struct model_map - expected outcome of a map_pages()
 * @ret: expected return
 * @leaves: the leaves a successful map adds, in VA order
 * @num: entries in @leaves
 * @grows: the top must grow to @new_top_level
 */
struct model_map {
	int ret;
	struct mleaf *leaves;
	size_t num;
	size_t cap;
	unsigned int new_top_level;
};

void model_map_plan(const struct model *m, u64 iova, u64 pa, u64 pgsize,
		    u64 pgcount, int prot, struct model_map *plan);
/* Apply the first leaves of @plan totalling @bytes; false if no prefix is */
bool model_map_apply(struct model *m, const struct model_map *plan,
		     u64 bytes);
void model_map_free(struct model_map *plan);

/**
 * struct model_unmap - expected outcome of an unmap_pages()
 * @bytes: expected return
 * @walked_first: with @walked, the IOVAs whose tables must all be gone
 * @walked_last: last of them
 * @walked: the unmap removed everything in [@walked_first, @walked_last]
 * @removed: removed leaves, in VA order
 * @num: entries in @removed
 */
struct model_unmap {
	u64 bytes;
	u64 walked_first;
	u64 walked_last;
	bool walked;
	struct mleaf *removed;
	size_t num;
	size_t cap;
};

void model_unmap(struct model *m, u64 iova, u64 pgsize, u64 pgcount,
		 struct model_unmap *res);
void model_unmap_free(struct model_unmap *res);

/**
 * struct model_brange - a range the batch unmap must return
 * @va: first IOVA
 * @pa: its output address
 * @len: bytes, contiguous in IOVA and in OA
 * @call: the call of the batch unmap that returns it, from 0
 */
struct model_brange {
	u64 va;
	u64 pa;
	u64 len;
	unsigned int call;
};

/*
 * The batch unmap of [iova, iova + len) with room for @cap ranges per
 * call, called until done. Returns the expected errno of the first call
 * (then nothing changes) or 0; the removed leaves go to @res as for an
 * unmap, the ranges to *@ranges (malloc()ed), in order, *@calls calls.
 */
int model_unmap_batch(struct model *m, u64 iova, u64 len, unsigned int cap,
		      struct model_unmap *res, struct model_brange **ranges,
		      size_t *num_ranges, unsigned int *calls);

int model_set_dirty(struct model *m, u64 iova);
/*
 * Calls @record for each dirty leaf the range meets, with the part of the
 * leaf inside the range (what the bitmap must get: the iova_bitmap covers
 * the range only) and the whole leaf (what a clearing read cleans and the
 * gather must cover); returns the expected ret
 */
int model_read_dirty(struct model *m, u64 iova, u64 size, bool clear,
		     void (*record)(void *ctx, u64 va, u64 len, u64 leaf_va,
				    u64 leaf_len),
		     void *ctx);

/**
 * struct model_resize - expected outcome of a cut or a reassemble
 * @ret: expected return
 * @blocks: the ranges the op replaced, in VA order: the leaf a cut split
 *   (at most one), the blocks a reassemble merged; each must be flushed
 * @num: entries in @blocks
 */
struct model_resize {
	int ret;
	struct mleaf *blocks;
	size_t num;
	size_t cap;
};

/*
 * cut(@iova): the leaf holding @iova, unless it starts there, becomes the
 * leaves a map of its two sides would make, same prot and dirty state.
 * @can_resize: the format can replace leaves by tables hitlessly. The
 * model changes only if @apply.
 */
void model_cut(struct model *m, u64 iova, bool can_resize, bool apply,
	       struct model_resize *res);
/*
 * reassemble(@iova, @len): every block of a page size that lies inside
 * the range, aligned to its size, and maps one run of output addresses
 * aligned to the size with leaves of the same attributes (@same_attr
 * says which prots encode the same attributes) becomes one leaf, dirty if
 * any of them was; larger blocks first. The model changes only if @apply.
 */
void model_reassemble(struct model *m, u64 iova, u64 len, bool can_resize,
		      bool apply,
		      bool (*same_attr)(void *ctx, const struct mleaf *a,
					const struct mleaf *b),
		      void *ctx, struct model_resize *res);
void model_resize_free(struct model_resize *res);
size_t model_cut_pieces(const struct model *m, u64 iova);

#endif
