// SPDX-License-Identifier: GPL-2.0-only
/*
 * The shadow model. Only plain arithmetic on IOVAs and the contract of
 * DESIGN.md section 4 is used here; nothing of the generic page table
 * code is included, so a wrong helper there cannot make the model agree.
 */
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>

#include <linux/generic_pt/common.h>
#include <linux/iommu.h>

#include "model.h"

/* 2^lg2 - 1 without the shift by 64 */
static u64 mask_lg2(unsigned int lg2)
{
	return lg2 >= 64 ? ~0ULL : (1ULL << lg2) - 1;
}

unsigned int model_level_va_lg2(const struct model *m, unsigned int level)
{
	unsigned int lg2 = m->geo->granule_lg2, i;

	for (i = 0; i <= level; i++)
		lg2 += i < GPT_MAX_LEVELS && m->geo->level_items_lg2[i] ?
			       m->geo->level_items_lg2[i] :
			       m->geo->items_lg2;
	return lg2 > 64 ? 64 : lg2;
}

/* Leaf sizes of a table whose top may reach m->max_top_level */
u64 model_full_pgsize_bitmap(const struct model *m)
{
	unsigned int level, va_lg2 = 64, oa_lg2 = 64;
	u64 sizes = 0;

	if (!m->geo)
		return 0;
	for (level = 0; level <= m->max_top_level; level++)
		sizes |= m->geo->level_sizes(m->cfg, level);
	/* A leaf never exceeds the VA or OA space */
	while (va_lg2 && (m->va_last >> (va_lg2 - 1)) == 0)
		va_lg2--;
	while (oa_lg2 && (m->oa_last >> (oa_lg2 - 1)) == 0)
		oa_lg2--;
	/* The VA width counts the sign bit */
	va_lg2 += m->sign_extend;
	va_lg2 = va_lg2 < oa_lg2 ? va_lg2 : oa_lg2;
	return sizes & mask_lg2(va_lg2 + 1);
}

void model_init(struct model *m, const struct gpt_geometry *geo,
		const struct gpt_cfg *cfg, unsigned int fmt_features)
{
	bool dynamic = cfg->features & BIT(PT_FEAT_DYNAMIC_TOP);
	unsigned int va_lg2 = cfg->vasz_lg2, oa_lg2 = cfg->oasz_lg2;

	*m = (struct model){ .geo = geo, .cfg = cfg,
			     .has_dirty = geo && geo->has_dirty &&
					  !cfg->no_dirty };
	m->top_level = cfg->level;
	m->max_top_level = cfg->level;
	if (geo) {
		if (dynamic)
			m->max_top_level = geo->max_top_level;
		if (model_level_va_lg2(m, m->max_top_level) +
		    cfg->top_concat_lg2 < va_lg2)
			va_lg2 = model_level_va_lg2(m, m->max_top_level) +
				 cfg->top_concat_lg2;
		if (geo->oa_lg2 < oa_lg2)
			oa_lg2 = geo->oa_lg2;
	}
	m->sign_extend = cfg->features & BIT(PT_FEAT_SIGN_EXTEND);
	m->va_last = mask_lg2(va_lg2 - m->sign_extend);
	m->oa_last = mask_lg2(oa_lg2);
}

bool model_va_ok(const struct model *m, u64 va, u64 last)
{
	if (last <= m->va_last)
		return true;
	return m->sign_extend && va >= ~m->va_last;
}

void model_free(struct model *m)
{
	free(m->leaves);
	m->leaves = NULL;
	m->num = m->cap = 0;
}

size_t model_first_from(const struct model *m, u64 va)
{
	size_t lo = 0, hi = m->num;

	/* First leaf with last >= va; leaves are sorted and disjoint */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (mleaf_last(&m->leaves[mid]) < va)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

long model_find(const struct model *m, u64 va)
{
	size_t i = model_first_from(m, va);

	if (i < m->num && m->leaves[i].va <= va)
		return i;
	return -1;
}

u64 model_phys(const struct model *m, u64 va)
{
	long i = model_find(m, va);

	if (i < 0)
		return 0;
	return m->leaves[i].pa + (va - m->leaves[i].va);
}

static bool model_overlaps(const struct model *m, u64 va, u64 last)
{
	size_t i = model_first_from(m, va);

	return i < m->num && m->leaves[i].va <= last;
}

static void leaf_push(struct mleaf **arr, size_t *num, size_t *cap,
		      const struct mleaf *leaf)
{
	if (*num == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*arr = realloc(*arr, *cap * sizeof(**arr));
		if (!*arr)
			abort();
	}
	(*arr)[(*num)++] = *leaf;
}

static int model_leaf_cmp(const void *a, const void *b)
{
	const struct mleaf *x = a, *y = b;

	return x->va < y->va ? -1 : x->va > y->va;
}

static void model_insert(struct model *m, const struct mleaf *leaf)
{
	size_t i = model_first_from(m, leaf->va);
	struct mleaf dummy = {};

	leaf_push(&m->leaves, &m->num, &m->cap, &dummy);
	memmove(&m->leaves[i + 1], &m->leaves[i],
		(m->num - 1 - i) * sizeof(*leaf));
	m->leaves[i] = *leaf;
}

/* Remove the leaves [first, end) in one move: there may be many */
static void model_remove_run(struct model *m, size_t first, size_t end)
{
	if (first == end)
		return;
	memmove(&m->leaves[first], &m->leaves[end],
		(m->num - end) * sizeof(m->leaves[0]));
	m->num -= end - first;
}

unsigned int model_pick_lg2(const struct model *m, u64 va, u64 last,
			    u64 pa)
{
	u64 len_m1 = last - va;
	int lg2;

	for (lg2 = 63; lg2 >= 0; lg2--) {
		u64 size = 1ULL << lg2;

		if (!(m->pgsize_bitmap & size))
			continue;
		if (size - 1 > len_m1)
			continue;
		if ((va | pa) & (size - 1))
			continue;
		return lg2;
	}
	return 0;
}

/* Level whose top table reaches @last */
static unsigned int model_needed_level(const struct model *m, u64 last)
{
	unsigned int level = m->top_level;

	while (level < m->max_top_level &&
	       model_level_va_lg2(m, level) < 64 &&
	       (last >> model_level_va_lg2(m, level)))
		level++;
	return level;
}

void model_map_plan(const struct model *m, u64 iova, u64 pa, u64 pgsize,
		    u64 pgcount, int prot, struct model_map *plan)
{
	u64 len, last, pa_last, va;

	plan->num = 0;
	plan->new_top_level = m->top_level;
	plan->ret = -EINVAL;
	if (!(prot & (IOMMU_READ | IOMMU_WRITE)))
		return;
	if (!pgsize || !pgcount || (pgsize & (pgsize - 1)) ||
	    !(pgsize & m->pgsize_bitmap) || ((iova | pa) & (pgsize - 1)))
		return;
	plan->ret = -EOVERFLOW;
	if (__builtin_mul_overflow(pgsize, pgcount, &len) ||
	    __builtin_add_overflow(iova, len - 1, &last))
		return;
	plan->ret = -ERANGE;
	if (__builtin_add_overflow(pa, len - 1, &pa_last) ||
	    pa_last > m->oa_last)
		return;
	if (!model_va_ok(m, iova, last))
		return;
	plan->ret = -EADDRINUSE;
	if (model_overlaps(m, iova, last))
		return;

	plan->ret = 0;
	va = iova;
	while (1) {
		unsigned int lg2 = model_pick_lg2(m, va, last, pa);
		struct mleaf leaf = {
			.va = va, .pa = pa, .lg2 = lg2, .prot = prot,
			.dirty = m->geo && (m->geo->write_starts_dirty ||
					    m->cfg->write_starts_dirty) &&
				 (prot & IOMMU_WRITE),
		};

		leaf_push(&plan->leaves, &plan->num, &plan->cap, &leaf);
		if (mleaf_last(&leaf) == last)
			break;
		va += 1ULL << lg2;
		pa += 1ULL << lg2;
	}
	/* The top reaches @last and sits above the largest (first) leaf */
	plan->new_top_level = model_needed_level(m, last);
	while (plan->new_top_level < m->max_top_level &&
	       model_level_va_lg2(m, plan->new_top_level) <= plan->leaves[0].lg2)
		plan->new_top_level++;
}

bool model_map_apply(struct model *m, const struct model_map *plan,
		     u64 bytes)
{
	size_t i;

	for (i = 0; i != plan->num && bytes; i++) {
		u64 size = 1ULL << plan->leaves[i].lg2;

		if (size > bytes)
			return false;
		model_insert(m, &plan->leaves[i]);
		bytes -= size;
	}
	return bytes == 0;
}

void model_map_free(struct model_map *plan)
{
	free(plan->leaves);
	*plan = (struct model_map){};
}

void model_unmap(struct model *m, u64 iova, u64 pgsize, u64 pgcount,
		 struct model_unmap *res)
{
	u64 len, last, pos;
	size_t i, first;

	res->bytes = 0;
	res->num = 0;
	res->walked = false;
	if (!pgsize || !pgcount || (pgsize & (pgsize - 1)) ||
	    (iova & (pgsize - 1)) ||
	    __builtin_mul_overflow(pgsize, pgcount, &len) ||
	    __builtin_add_overflow(iova, len - 1, &last) ||
	    !model_va_ok(m, iova, last))
		return;

	pos = iova;
	i = model_first_from(m, pos);
	/* Starting inside a leaf removes nothing */
	if (i < m->num && m->leaves[i].va < pos)
		return;
	first = i;
	while (i < m->num && m->leaves[i].va == pos) {
		struct mleaf *leaf = &m->leaves[i++];
		u64 leaf_last = mleaf_last(leaf);

		leaf_push(&res->removed, &res->num, &res->cap, leaf);
		res->bytes += 1ULL << leaf->lg2;
		/* Ending inside a leaf removed all of it; done */
		if (leaf_last >= last)
			break;
		pos = leaf_last + 1;
	}
	model_remove_run(m, first, i);
	/* Everything from iova up to the hole (or last) was removed */
	if (res->num) {
		u64 end = mleaf_last(&res->removed[res->num - 1]);

		res->walked = true;
		res->walked_first = iova;
		res->walked_last = end < last ? end : last;
	}
}

int model_unmap_batch(struct model *m, u64 iova, u64 len, unsigned int cap,
		      struct model_unmap *res, struct model_brange **ranges,
		      size_t *num_ranges, unsigned int *calls)
{
	u64 gran = m->pgsize_bitmap & -m->pgsize_bitmap, last;
	size_t i, first, cap_ranges = 0, in_call = 0;

	res->bytes = 0;
	res->num = 0;
	res->walked = false;
	*ranges = NULL;
	*num_ranges = 0;
	*calls = 1;
	if (!len)
		return 0;
	if (!cap || (iova | len) & (gran - 1) ||
	    __builtin_add_overflow(iova, len - 1, &last))
		return -EINVAL;
	if (!model_va_ok(m, iova, last))
		return -ERANGE;
	i = model_first_from(m, iova);
	/* Leaves are never split: starting inside one removes nothing */
	if (i < m->num && m->leaves[i].va < iova)
		return -EADDRINUSE;
	/* Every leaf starting in the range goes, holes or not */
	first = i;
	while (i < m->num && m->leaves[i].va <= last) {
		struct mleaf *leaf = &m->leaves[i];
		u64 size = 1ULL << leaf->lg2;
		struct model_brange *prev = *num_ranges ?
			&(*ranges)[*num_ranges - 1] : NULL;

		if (prev && prev->call == *calls - 1 &&
		    prev->va + prev->len == leaf->va &&
		    prev->pa + prev->len == leaf->pa) {
			prev->len += size;
		} else {
			/* A full batch ends the call before this leaf */
			if (in_call == cap) {
				(*calls)++;
				in_call = 0;
			}
			if (*num_ranges == cap_ranges) {
				cap_ranges = cap_ranges * 2 + 16;
				*ranges = realloc(*ranges, cap_ranges *
							   sizeof(**ranges));
			}
			(*ranges)[(*num_ranges)++] = (struct model_brange){
				.va = leaf->va, .pa = leaf->pa, .len = size,
				.call = *calls - 1 };
			in_call++;
		}
		leaf_push(&res->removed, &res->num, &res->cap, leaf);
		res->bytes += size;
		i++;
	}
	model_remove_run(m, first, i);
	/* Every table wholly inside the range is gone */
	res->walked = true;
	res->walked_first = iova;
	res->walked_last = last;
	return 0;
}

void model_unmap_free(struct model_unmap *res)
{
	free(res->removed);
	*res = (struct model_unmap){};
}

int model_set_dirty(struct model *m, u64 iova)
{
	long i = model_find(m, iova);

	if (i < 0)
		return -ENOENT;
	if (!m->has_dirty)
		return -EOPNOTSUPP;
	if (m->cfg->dirty_only_writable && !(m->leaves[i].prot & IOMMU_WRITE))
		return -EOPNOTSUPP;
	m->leaves[i].dirty = true;
	return 0;
}

int model_read_dirty(struct model *m, u64 iova, u64 size, bool clear,
		     void (*record)(void *ctx, u64 va, u64 len, u64 leaf_va,
				    u64 leaf_len),
		     void *ctx)
{
	u64 last;
	size_t i;

	if (!size || __builtin_add_overflow(iova, size - 1, &last) ||
	    !model_va_ok(m, iova, last))
		return -EINVAL;
	for (i = model_first_from(m, iova);
	     i < m->num && m->leaves[i].va <= last; i++) {
		struct mleaf *l = &m->leaves[i];
		u64 va, end;

		if (!l->dirty)
			continue;
		/* Only the part inside [iova, last] is reported... */
		va = l->va > iova ? l->va : iova;
		end = mleaf_last(l) < last ? mleaf_last(l) : last;
		record(ctx, va, end - va + 1, l->va, 1ULL << l->lg2);
		/* ...but one D bit dirties, and a read cleans, all of it */
		if (clear)
			l->dirty = false;
	}
	return 0;
}

void model_resize_free(struct model_resize *res)
{
	free(res->blocks);
	*res = (struct model_resize){};
}

/* Push the leaves a map of [va, last] -> pa makes onto @out */
static void model_pieces(const struct model *m, const struct mleaf *like,
			 u64 va, u64 last, u64 pa, struct mleaf **out,
			 size_t *num, size_t *cap)
{
	while (1) {
		struct mleaf leaf = *like;

		leaf.va = va;
		leaf.pa = pa;
		leaf.lg2 = model_pick_lg2(m, va, last, pa);
		leaf_push(out, num, cap, &leaf);
		if (mleaf_last(&leaf) == last)
			return;
		va += 1ULL << leaf.lg2;
		pa += 1ULL << leaf.lg2;
	}
}

void model_cut(struct model *m, u64 iova, bool can_resize, bool apply,
	       struct model_resize *res)
{
	u64 gran = m->pgsize_bitmap & -m->pgsize_bitmap;
	struct mleaf leaf, *pieces = NULL;
	size_t num = 0, cap = 0;
	long i;

	res->num = 0;
	res->ret = -EOPNOTSUPP;
	if (!can_resize)
		return;
	res->ret = -EINVAL;
	if (iova & (gran - 1))
		return;
	res->ret = -ERANGE;
	if (!model_va_ok(m, iova, iova))
		return;
	res->ret = 0;
	i = model_find(m, iova);
	if (i < 0 || m->leaves[i].va == iova)
		return;
	leaf = m->leaves[i];
	leaf_push(&res->blocks, &res->num, &res->cap, &leaf);
	if (!apply)
		return;
	model_pieces(m, &leaf, leaf.va, iova - 1, leaf.pa, &pieces, &num,
		     &cap);
	model_pieces(m, &leaf, iova, mleaf_last(&leaf),
		     leaf.pa + (iova - leaf.va), &pieces, &num, &cap);
	/* The pieces take the leaf's place, in one move: there may be many */
	while (m->cap < m->num + num) {
		m->cap = m->cap * 2 + 16;
		m->leaves = realloc(m->leaves, m->cap * sizeof(*m->leaves));
		if (!m->leaves)
			abort();
	}
	memmove(&m->leaves[i + num], &m->leaves[i + 1],
		(m->num - i - 1) * sizeof(*m->leaves));
	memcpy(&m->leaves[i], pieces, num * sizeof(*pieces));
	m->num += num - 1;
	free(pieces);
}

/*
 * Whether the block [va, va + 2^lg2) maps one run from leaf @i on; the
 * index past its last leaf in *@end and the OR of their dirty bits
 */
static bool model_block_run(const struct model *m, size_t i, u64 va,
			    unsigned int lg2,
			    bool (*same_attr)(void *ctx, const struct mleaf *a,
					      const struct mleaf *b),
			    void *ctx, size_t *end, bool *dirty)
{
	const struct mleaf *first = &m->leaves[i];
	u64 last = va + mask_lg2(lg2), pos = va;
	size_t k = i;

	if (first->va != va || first->pa & mask_lg2(lg2))
		return false;
	*dirty = false;
	while (1) {
		const struct mleaf *l;

		if (k == m->num)
			return false;
		l = &m->leaves[k];
		if (l->va != pos || l->pa != first->pa + (pos - va) ||
		    !same_attr(ctx, first, l))
			return false;
		*dirty |= l->dirty;
		k++;
		if (mleaf_last(l) == last)
			break;
		pos = mleaf_last(l) + 1;
	}
	*end = k;
	return true;
}

void model_reassemble(struct model *m, u64 iova, u64 len, bool can_resize,
		      bool apply,
		      bool (*same_attr)(void *ctx, const struct mleaf *a,
					const struct mleaf *b),
		      void *ctx, struct model_resize *res)
{
	u64 gran = m->pgsize_bitmap & -m->pgsize_bitmap, last, sizes;
	unsigned int top_lg2, lg2;
	struct model save = *m;
	size_t i, end;
	bool dirty;

	res->num = 0;
	res->ret = -EOPNOTSUPP;
	if (!can_resize)
		return;
	res->ret = -EINVAL;
	if (!len || (iova | len) & (gran - 1) ||
	    __builtin_add_overflow(iova, len - 1, &last))
		return;
	res->ret = -ERANGE;
	if (!model_va_ok(m, iova, last))
		return;
	res->ret = 0;
	/* No leaf as large as the whole top table: it needs a level above */
	top_lg2 = m->geo ? model_level_va_lg2(m, m->top_level) : 64;
	sizes = m->pgsize_bitmap & mask_lg2(top_lg2);
	if (!apply) {
		/* Work on a copy */
		m->leaves = malloc((m->num + 1) * sizeof(*m->leaves));
		if (m->num)
			memcpy(m->leaves, save.leaves,
			       m->num * sizeof(*m->leaves));
		m->cap = m->num + 1;
	}
	for (lg2 = 63; sizes; lg2--) {
		u64 size = 1ULL << lg2;

		if (!(sizes & size))
			continue;
		sizes &= ~size;
		for (i = model_first_from(m, iova);
		     i < m->num && m->leaves[i].va <= last; i++) {
			struct mleaf *l = &m->leaves[i], merged;
			u64 va = l->va & ~(size - 1);

			if (l->lg2 >= lg2 || va != l->va || va < iova ||
			    va + (size - 1) < va || va + (size - 1) > last)
				continue;
			if (!model_block_run(m, i, va, lg2, same_attr, ctx,
					     &end, &dirty))
				continue;
			merged = *l;
			merged.lg2 = lg2;
			merged.dirty = dirty;
			leaf_push(&res->blocks, &res->num, &res->cap, &merged);
			memmove(&m->leaves[i + 1], &m->leaves[end],
				(m->num - end) * sizeof(*l));
			m->num -= end - i - 1;
			m->leaves[i] = merged;
		}
	}
	if (res->num)
		qsort(res->blocks, res->num, sizeof(*res->blocks),
		      model_leaf_cmp);
	if (!apply) {
		free(m->leaves);
		*m = save;
	}
}

/* The number of leaves a cut at @iova would make, 0 if it splits none */
size_t model_cut_pieces(const struct model *m, u64 iova)
{
	long i = model_find(m, iova);
	const struct mleaf *l;
	size_t n = 0;
	u64 va, pa, last;

	if (i < 0 || m->leaves[i].va == iova)
		return 0;
	l = &m->leaves[i];
	for (va = l->va, pa = l->pa, last = iova - 1;;) {
		unsigned int lg2 = model_pick_lg2(m, va, last, pa);

		n++;
		if (va + ((1ULL << lg2) - 1) == mleaf_last(l))
			return n;
		if (va + ((1ULL << lg2) - 1) == last)
			last = mleaf_last(l);
		va += 1ULL << lg2;
		pa += 1ULL << lg2;
	}
}
