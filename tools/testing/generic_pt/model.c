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
	unsigned int lg2 = m->geo->granule_lg2 +
			   m->geo->items_lg2 * (level + 1);

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

static void model_insert(struct model *m, const struct mleaf *leaf)
{
	size_t i = model_first_from(m, leaf->va);
	struct mleaf dummy = {};

	leaf_push(&m->leaves, &m->num, &m->cap, &dummy);
	memmove(&m->leaves[i + 1], &m->leaves[i],
		(m->num - 1 - i) * sizeof(*leaf));
	m->leaves[i] = *leaf;
}

static void model_remove(struct model *m, size_t i)
{
	memmove(&m->leaves[i], &m->leaves[i + 1],
		(m->num - 1 - i) * sizeof(m->leaves[0]));
	m->num--;
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
	size_t i;

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
	while (i < m->num && m->leaves[i].va == pos) {
		struct mleaf *leaf = &m->leaves[i];
		u64 leaf_last = mleaf_last(leaf);

		leaf_push(&res->removed, &res->num, &res->cap, leaf);
		res->bytes += 1ULL << leaf->lg2;
		model_remove(m, i);
		/* Ending inside a leaf removed all of it; done */
		if (leaf_last >= last)
			break;
		pos = leaf_last + 1;
	}
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
	size_t i, cap_ranges = 0, in_call = 0;

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
		model_remove(m, i);
	}
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
