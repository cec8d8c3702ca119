// SPDX-License-Identifier: GPL-2.0-only
/*
 * The test driver: a domain around a format, ops run against the table
 * and the shadow model side by side, and the checks after every op.
 *
 * After each op the whole table is walked with the format's entry
 * accessors only (glue.c) and compared leaf by leaf with the model; the
 * tables found are counted against debug_table_pages and the shim's
 * allocation count; tables an unmap covered must be gone, tables that
 * went away must have been flushed; sampled iova_to_phys() must agree.
 */
#include <stdarg.h>
#include <stdlib.h>

#include <linux/array_size.h>
#include <linux/bitops.h>
#include <linux/generic_pt/iommu.h>
#include <linux/mem_encrypt.h>

#include "harness.h"
#include "shim/iommu-pages.h"
#include "shim/shim.h"

static const char *const gpt_op_names[OP_NUM] = {
	[OP_MAP] = "map", [OP_UNMAP] = "unmap", [OP_PHYS] = "iova_to_phys",
	[OP_SET_DIRTY] = "set_dirty", [OP_READ_DIRTY] = "read_and_clear_dirty",
	[OP_PGSIZE] = "set_pgsize_bitmap", [OP_SYNC] = "iotlb_sync",
	[OP_UNMAP_BATCH] = "unmap_batch", [OP_CUT] = "cut",
	[OP_REASSEMBLE] = "reassemble",
};

struct gpt_stats gpt_stats;

void gpt_stats_print(FILE *f)
{
	unsigned int i;

	fprintf(f, "  ops (errors):");
	for (i = 0; i != OP_NUM; i++)
		fprintf(f, " %s %lu (%lu)", gpt_op_names[i], gpt_stats.ops[i],
			gpt_stats.err[i]);
	fprintf(f, "\n  leaf sizes seen (lg2:count):");
	for (i = 0; i != 64; i++)
		if (gpt_stats.leaf_lg2[i])
			fprintf(f, " %u:%lu", i, gpt_stats.leaf_lg2[i]);
	fprintf(f, "\n  max tables %lu, top growths %lu, tables freed %lu, low arena allocations so far %ld\n",
		gpt_stats.max_tables, gpt_stats.growths,
		gpt_stats.table_frees, shim_arena_allocations());
	fprintf(f, "  mixed leaf/table unmaps: leaf then table %lu (pgcount 1: %lu, >1: %lu), table then leaf %lu (pgcount 1: %lu, >1: %lu)\n",
		gpt_stats.leaf_table[0] + gpt_stats.leaf_table[1],
		gpt_stats.leaf_table[0], gpt_stats.leaf_table[1],
		gpt_stats.table_leaf[0] + gpt_stats.table_leaf[1],
		gpt_stats.table_leaf[0], gpt_stats.table_leaf[1]);
	fprintf(f, "  cuts that split a leaf (lg2:count):");
	for (i = 0; i != 64; i++)
		if (gpt_stats.cuts[i])
			fprintf(f, " %u:%lu", i, gpt_stats.cuts[i]);
	fprintf(f, "\n  blocks reassembled (lg2:count):");
	for (i = 0; i != 64; i++)
		if (gpt_stats.merges[i])
			fprintf(f, " %u:%lu", i, gpt_stats.merges[i]);
	fprintf(f, "\n  cut leaves reassembled whole: %lu\n",
		gpt_stats.round_trips);
	if (gpt_stats.enomem)
		fprintf(f, "  -ENOMEM maps and cuts %lu, of them partial maps %lu\n",
			gpt_stats.enomem, gpt_stats.enomem_partial);
	memset(&gpt_stats, 0, sizeof(gpt_stats));
}

/* --- the domain --- */

static struct gpt_dom *to_dom(struct iommu_domain *domain)
{
	return container_of(domain, struct gpt_dom, domain);
}

static void gpt_iotlb_sync(struct iommu_domain *domain,
			   struct iommu_iotlb_gather *gather)
{
	struct gpt_dom *dom = to_dom(domain);

	if (dom->on_sync)
		dom->on_sync(dom->sync_ctx, gather);
	/* As a driver must: free the tables only after the flush */
	iommu_put_pages_list(&gather->freelist);
}

/*
 * The synchronous flush before a slab table is freed: an iotlb_sync of
 * [va, last_va] with nothing on the freelist
 */
static void gpt_flush_walk(struct pt_iommu *iommu, unsigned long va,
			   unsigned long last_va)
{
	struct gpt_dom *dom = to_dom(&iommu->domain);
	struct iommu_iotlb_gather gather;

	iommu_iotlb_gather_init(&gather);
	gather.start = va;
	gather.end = last_va;
	if (dom->on_sync)
		dom->on_sync(dom->sync_ctx, &gather);
}

static void gpt_change_top(struct pt_iommu *iommu, phys_addr_t top_pa,
			   unsigned int top_level)
{
	struct gpt_dom *dom = to_dom(&iommu->domain);

	lockdep_assert_held(&dom->top_lock);
	dom->change_top_calls++;
	dom->changed_top_level = top_level;
}

static spinlock_t *gpt_get_top_lock(struct pt_iommu *iommu)
{
	return &to_dom(&iommu->domain)->top_lock;
}

int gpt_dom_init(struct gpt_dom *dom, const struct gpt_fmt *fmt,
		 const struct gpt_cfg *cfg)
{
	int ret;

	memset(dom, 0, sizeof(*dom));
	dom->fmt = fmt;
	dom->cfg = cfg;
	dom->ops = fmt->dom_ops;
	dom->ops.iotlb_sync = gpt_iotlb_sync;
	dom->driver_ops.change_top = gpt_change_top;
	dom->driver_ops.get_top_lock = gpt_get_top_lock;
	dom->driver_ops.flush_walk = gpt_flush_walk;
	spin_lock_init(&dom->top_lock);
	sme_me_mask = cfg->sme_mask;
	/* The IOMMU reaches table memory with addresses of the OA width */
	shim_set_table_oa_lg2(fmt->geo && fmt->geo->oa_lg2 < cfg->oasz_lg2 ?
				      fmt->geo->oa_lg2 : cfg->oasz_lg2);
	dom->domain.type = IOMMU_DOMAIN_UNMANAGED;
	dom->domain.ops = &dom->ops;
	dom->domain.dirty_ops = &fmt->dirty_ops;
	dom->iommu.driver_ops = &dom->driver_ops;
	dom->iommu.nid = NUMA_NO_NODE;
	ret = fmt->init(&dom->iommu, cfg);
	dom->init_pgsize_bitmap = dom->domain.pgsize_bitmap;
	return ret;
}

void gpt_dom_deinit(struct gpt_dom *dom)
{
	pt_iommu_deinit(&dom->iommu);
}

/* CPU pages the kernel takes for a table of 2^@lg2 bytes */
static long gpt_pages_of(unsigned int lg2)
{
	return lg2 <= PAGE_SHIFT ? 1 : 1L << (lg2 - PAGE_SHIFT);
}

/* Pages of a table below the top, from the geometry */
long gpt_dom_pages_per_table(const struct gpt_dom *dom)
{
	const struct gpt_geometry *geo = dom->fmt->geo;

	if (!geo)
		return 1;
	return gpt_pages_of(geo->table_lg2 ?: geo->items_lg2 + 3);
}

/* Pages of the top table, from the geometry */
long gpt_dom_top_pages(const struct gpt_dom *dom)
{
	const struct gpt_geometry *geo = dom->fmt->geo;

	if (geo && geo->top_lg2)
		return gpt_pages_of(geo->top_lg2);
	return gpt_dom_pages_per_table(dom) << dom->cfg->top_concat_lg2;
}

long gpt_dom_table_pages(struct gpt_dom *dom)
{
#if IS_ENABLED(CONFIG_DEBUG_GENERIC_PT)
	return atomic_long_read(&dom->iommu.debug_table_pages);
#else
	return -1;
#endif
}

/* --- reporting --- */

void gpt_fail(struct gpt_run *run, const char *fmt, ...)
{
	va_list ap;

	if (run->failed)
		return;
	run->failed = true;
	va_start(ap, fmt);
	vsnprintf(run->msg, sizeof(run->msg), fmt, ap);
	va_end(ap);
}

void gpt_op_print(FILE *f, const struct gpt_op *op)
{
	const char *name = op->kind < OP_NUM ? gpt_op_names[op->kind] : "?";

	switch (op->kind) {
	case OP_MAP:
		fprintf(f, "%s iova=0x%llx pa=0x%llx pgsize=0x%llx pgcount=%llu prot=0x%x",
			name, (unsigned long long)op->iova,
			(unsigned long long)op->pa,
			(unsigned long long)op->pgsize,
			(unsigned long long)op->pgcount, op->prot);
		break;
	case OP_UNMAP:
		fprintf(f, "%s iova=0x%llx pgsize=0x%llx pgcount=%llu%s", name,
			(unsigned long long)op->iova,
			(unsigned long long)op->pgsize,
			(unsigned long long)op->pgcount,
			op->hold ? " (gather held)" : "");
		break;
	case OP_UNMAP_BATCH:
		fprintf(f, "%s iova=0x%llx size=0x%llx ranges=%llu", name,
			(unsigned long long)op->iova,
			(unsigned long long)op->pgsize,
			(unsigned long long)op->pgcount);
		break;
	case OP_REASSEMBLE:
		fprintf(f, "%s iova=0x%llx size=0x%llx", name,
			(unsigned long long)op->iova,
			(unsigned long long)op->pgsize);
		break;
	case OP_READ_DIRTY:
		fprintf(f, "%s iova=0x%llx size=0x%llx flags=0x%x", name,
			(unsigned long long)op->iova,
			(unsigned long long)op->pgsize, op->prot);
		break;
	case OP_PGSIZE:
		fprintf(f, "%s 0x%llx", name, (unsigned long long)op->pgsize);
		break;
	case OP_SYNC:
		fprintf(f, "%s", name);
		break;
	default:
		fprintf(f, "%s iova=0x%llx", name,
			(unsigned long long)op->iova);
		break;
	}
}

/* --- flush bookkeeping --- */

static void range_push(struct gpt_range **arr, size_t *num, size_t *cap,
		       const struct gpt_range *r)
{
	if (*num == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*arr = realloc(*arr, *cap * sizeof(**arr));
		if (!*arr)
			abort();
	}
	(*arr)[(*num)++] = *r;
}

static int mleaf_cmp(const void *a, const void *b)
{
	const struct mleaf *x = a, *y = b;

	return x->va < y->va ? -1 : x->va > y->va;
}

/* [va, last] is covered by the pending leaves without a gap */
static bool pending_cover(struct gpt_run *run, u64 va, u64 last)
{
	size_t i;

	if (run->num_pending)
		qsort(run->pending, run->num_pending, sizeof(*run->pending),
		      mleaf_cmp);
	for (i = 0; i != run->num_pending; i++) {
		struct mleaf *l = &run->pending[i];

		if (mleaf_last(l) < va)
			continue;
		if (l->va > va)
			return false;
		if (mleaf_last(l) >= last)
			return true;
		va = mleaf_last(l) + 1;
	}
	return false;
}

static void gpt_run_on_sync(void *ctx, struct iommu_iotlb_gather *gather)
{
	struct gpt_run *run = ctx;
	struct gpt_range r = { .va = gather->start, .last = gather->end };
	bool no_gaps = run->dom.cfg->features &
		       BIT(PT_FEAT_FLUSH_RANGE_NO_GAPS);
	size_t i, j;

	if (gather->start > gather->end) {
		if (!list_empty(&gather->freelist))
			gpt_fail(run, "flush of an empty range frees tables");
		return;
	}
	range_push(&run->flushes, &run->num_flushes, &run->cap_flushes, &r);
	if (gather != &run->gather)
		return;
	/* The unmap gather: no VA that was not unmapped with NO_GAPS */
	if (no_gaps && !pending_cover(run, r.va, r.last))
		gpt_fail(run, "NO_GAPS flush [0x%llx, 0x%llx] spans VA that was not unmapped",
			 (unsigned long long)r.va, (unsigned long long)r.last);
	for (i = j = 0; i != run->num_pending; i++) {
		struct mleaf *l = &run->pending[i];

		if (l->va >= r.va && mleaf_last(l) <= r.last)
			continue;
		run->pending[j++] = *l;
	}
	run->num_pending = j;
}

/* Flush the held unmap gather; every removed leaf must be covered */
static void gpt_run_sync(struct gpt_run *run)
{
	iommu_iotlb_sync(&run->dom.domain, &run->gather);
	if (run->num_pending)
		gpt_fail(run, "unmapped leaf 0x%llx size 0x%llx never flushed",
			 (unsigned long long)run->pending[0].va,
			 1ULL << run->pending[0].lg2);
	run->num_pending = 0;
}

/* --- start and finish --- */

int gpt_run_start(struct gpt_run *run, const struct gpt_fmt *fmt,
		  const struct gpt_cfg *cfg, u64 seed)
{
	u64 expect;
	int ret;

	memset(run, 0, sizeof(*run));
	run->rnd = seed;
	run->full_walk = true;
	iommu_iotlb_gather_init(&run->gather);
	ret = gpt_dom_init(&run->dom, fmt, cfg);
	if (ret) {
		gpt_fail(run, "init of %s/%s failed: %d", fmt->name, cfg->name,
			 ret);
		return ret;
	}
	run->inited = true;
	run->dom.on_sync = gpt_run_on_sync;
	run->dom.sync_ctx = run;
	model_init(&run->model, fmt->geo, cfg, fmt->fmt_features);
	run->model.pgsize_bitmap = run->dom.init_pgsize_bitmap;

	expect = model_full_pgsize_bitmap(&run->model);
	if (fmt->geo && expect != run->dom.init_pgsize_bitmap)
		gpt_fail(run, "pgsize_bitmap 0x%llx, expected 0x%llx",
			 (unsigned long long)run->dom.init_pgsize_bitmap,
			 (unsigned long long)expect);
	if (fmt->geo && run->dom.domain.geometry.aperture_end !=
				run->model.va_last)
		gpt_fail(run, "aperture_end 0x%llx, expected 0x%llx",
			 (unsigned long long)run->dom.domain.geometry.aperture_end,
			 (unsigned long long)run->model.va_last);
	if (!fmt->geo) {
		/* Nothing independent to go by: take what init says */
		run->model.va_last = run->dom.domain.geometry.aperture_end;
		run->model.top_level = fmt->top_level(&run->dom.iommu);
	}
	/* One top table: a concatenated top is 2^top_concat_lg2 tables */
	if (gpt_dom_table_pages(&run->dom) != gpt_dom_top_pages(&run->dom))
		gpt_fail(run, "init left %ld table pages, expected %ld",
			 gpt_dom_table_pages(&run->dom),
			 gpt_dom_top_pages(&run->dom));
	gpt_run_check_table(run);
	return 0;
}

bool gpt_run_finish(struct gpt_run *run)
{
	long before, pages;

	if (!run->inited)
		return false;
	gpt_run_sync(run);
	before = shim_pages_outstanding();
	pages = gpt_dom_table_pages(&run->dom);
	if (!run->failed && before != pages)
		gpt_fail(run, "%ld pages outstanding, table holds %ld", before,
			 pages);
	gpt_dom_deinit(&run->dom);
	if (gpt_dom_table_pages(&run->dom) != 0)
		gpt_fail(run, "deinit left debug_table_pages %ld",
			 gpt_dom_table_pages(&run->dom));
	if (shim_pages_outstanding() != before - pages)
		gpt_fail(run, "deinit leaked %ld pages",
			 shim_pages_outstanding() - (before - pages));
	if (shim_warnings)
		gpt_fail(run, "%ld WARN_ON()s fired", shim_warnings);
	model_free(&run->model);
	free(run->pending);
	free(run->flushes);
	free(run->tables);
	free(run->old_tables);
	model_unmap_free(&run->unmap_res);
	run->pending = NULL;
	run->flushes = run->tables = run->old_tables = NULL;
	return !run->failed;
}

/* --- checking the whole table --- */

static void check_walk_leaf(void *ctx, const struct gpt_leaf *leaf)
{
	struct gpt_run *run = ctx;
	struct model *m = &run->model;
	const struct mleaf *want;
	unsigned int rw, p;

	if (run->failed)
		return;
	if (run->walk_idx >= m->num) {
		gpt_fail(run, "table has an extra leaf va 0x%llx size 0x%llx oa 0x%llx",
			 (unsigned long long)leaf->va, 1ULL << leaf->lg2,
			 (unsigned long long)leaf->oa);
		return;
	}
	want = &m->leaves[run->walk_idx++];
	gpt_stats.leaf_lg2[leaf->lg2 & 63]++;
	if (leaf->va != want->va || leaf->lg2 != want->lg2 ||
	    leaf->oa != want->pa) {
		gpt_fail(run, "table leaf va 0x%llx size 0x%llx oa 0x%llx, model va 0x%llx size 0x%llx oa 0x%llx",
			 (unsigned long long)leaf->va, 1ULL << leaf->lg2,
			 (unsigned long long)leaf->oa,
			 (unsigned long long)want->va, 1ULL << want->lg2,
			 (unsigned long long)want->pa);
		return;
	}
	if (leaf->dirty != want->dirty)
		gpt_fail(run, "leaf va 0x%llx dirty %d, model %d",
			 (unsigned long long)leaf->va, leaf->dirty,
			 want->dirty);
	/*
	 * Same prot (and dirty state: D may be a descriptor bit), same bits;
	 * writable and read-only leaves, different bits
	 */
	p = (want->prot & 31) | want->dirty << 5;
	if (run->attr_seen[p]) {
		if (run->attr_by_prot[p] != leaf->attr)
			gpt_fail(run, "leaf va 0x%llx prot 0x%x attr 0x%llx, earlier 0x%llx",
				 (unsigned long long)leaf->va, p,
				 (unsigned long long)leaf->attr,
				 (unsigned long long)run->attr_by_prot[p]);
		return;
	}
	for (rw = 0; rw != 64; rw++) {
		/*
		 * Not every format can say write-only: compare W only; and
		 * not every configuration read-only
		 */
		if (run->dom.cfg->read_only_is_rw)
			break;
		if (!run->attr_seen[rw] || !((rw ^ p) & IOMMU_WRITE))
			continue;
		if (run->attr_by_prot[rw] == leaf->attr)
			gpt_fail(run, "prot 0x%x and 0x%x encode the same attr 0x%llx",
				 rw, p, (unsigned long long)leaf->attr);
	}
	run->attr_seen[p] = true;
	run->attr_by_prot[p] = leaf->attr;
}

static void check_walk_table(void *ctx, u64 va, u64 last, unsigned int level,
			     unsigned int used)
{
	struct gpt_run *run = ctx;
	struct gpt_range r = { .va = va, .last = last, .level = level,
			       .used = used };

	range_push(&run->tables, &run->num_tables, &run->cap_tables, &r);
}

static void check_walk_error(void *ctx, const char *msg, u64 va,
			     unsigned int level)
{
	gpt_fail(ctx, "malformed table at va 0x%llx level %u: %s",
		 (unsigned long long)va, level, msg);
}

static const struct gpt_walk_ops check_walk_ops = {
	.leaf = check_walk_leaf,
	.table = check_walk_table,
	.error = check_walk_error,
};

static int range_cmp(const void *a, const void *b)
{
	const struct gpt_range *x = a, *y = b;

	if (x->va != y->va)
		return x->va < y->va ? -1 : 1;
	return (int)x->level - (int)y->level;
}

static bool flushed(struct gpt_run *run, const struct gpt_range *t)
{
	size_t i;

	for (i = 0; i != run->num_flushes; i++)
		if (run->flushes[i].va <= t->va &&
		    t->last <= run->flushes[i].last)
			return true;
	/*
	 * Or it waits on the held gather's freelist; a slab table cannot, it
	 * is freed at once
	 */
	return !run->dom.fmt->slab_tables && run->gather.start <= t->va &&
	       t->last <= run->gather.end;
}

/* Tables that went away during the op were flushed */
static void check_gone_tables(struct gpt_run *run)
{
	size_t i = 0, j = 0;

	if (run->num_tables)
		qsort(run->tables, run->num_tables, sizeof(*run->tables),
		      range_cmp);
	while (i < run->num_old_tables) {
		int c = j < run->num_tables ?
				range_cmp(&run->old_tables[i], &run->tables[j]) :
				-1;

		if (c > 0) {
			j++;
			continue;
		}
		if (c < 0)
			gpt_stats.table_frees++;
		if (c < 0 && !flushed(run, &run->old_tables[i]))
			gpt_fail(run, "table va 0x%llx level %u freed without a flush covering it",
				 (unsigned long long)run->old_tables[i].va,
				 run->old_tables[i].level);
		if (c == 0)
			j++;
		i++;
	}
}

static long freelist_pages(struct list_head *head)
{
	struct page *page;
	long n = 0;

	list_for_each_entry(page, head, lru)
		n += 1L << page->order;
	return n;
}

/* Compare iova_to_phys() with the model at @va */
static void check_phys(struct gpt_run *run, u64 va)
{
	u64 got = run->dom.domain.ops->iova_to_phys(&run->dom.domain, va);
	u64 want = model_phys(&run->model, va);

	if (got != want)
		gpt_fail(run, "iova_to_phys(0x%llx) = 0x%llx, model 0x%llx",
			 (unsigned long long)va, (unsigned long long)got,
			 (unsigned long long)want);
}

static void check_samples(struct gpt_run *run)
{
	struct model *m = &run->model;
	unsigned int i;

	for (i = 0; i != 3 && m->num; i++) {
		struct mleaf *l = &m->leaves[rnd_below(&run->rnd, m->num)];
		u64 size = 1ULL << l->lg2;

		check_phys(run, l->va);
		check_phys(run, l->va + rnd_below(&run->rnd, size));
		check_phys(run, mleaf_last(l));
		if (l->va)
			check_phys(run, l->va - 1);
		check_phys(run, mleaf_last(l) + 1);
	}
	check_phys(run, rnd_next(&run->rnd) & m->va_last);
	check_phys(run, rnd_next(&run->rnd));
}

bool gpt_run_check_table(struct gpt_run *run)
{
	long pages = gpt_dom_table_pages(&run->dom);
	long held = freelist_pages(&run->gather.freelist);
	struct gpt_range *tmp;
	size_t tmp_cap, i;

	tmp = run->old_tables;
	run->old_tables = run->tables;
	run->num_old_tables = run->num_tables;
	tmp_cap = run->cap_old_tables;
	run->cap_old_tables = run->cap_tables;
	run->tables = tmp;
	run->cap_tables = tmp_cap;
	run->num_tables = 0;
	run->walk_idx = 0;

	run->dom.fmt->walk(&run->dom.iommu, &check_walk_ops, run);
	if (!run->failed && run->walk_idx != run->model.num)
		gpt_fail(run, "table lacks leaf va 0x%llx size 0x%llx",
			 (unsigned long long)run->model.leaves[run->walk_idx].va,
			 1ULL << run->model.leaves[run->walk_idx].lg2);
	if (run->num_tables > gpt_stats.max_tables)
		gpt_stats.max_tables = run->num_tables;
	/* The tables below the top, and the top's pages */
	if ((long)run->num_tables * gpt_dom_pages_per_table(&run->dom) +
		    gpt_dom_top_pages(&run->dom) != pages)
		gpt_fail(run, "%zu tables reachable below the top, debug_table_pages %ld",
			 run->num_tables, pages);
	if (shim_pages_outstanding() != pages + held)
		gpt_fail(run, "%ld pages allocated, table %ld + held freelist %ld",
			 shim_pages_outstanding(), pages, held);
	if (run->dom.fmt->top_level(&run->dom.iommu) != run->model.top_level)
		gpt_fail(run, "top level %u, model %u",
			 run->dom.fmt->top_level(&run->dom.iommu),
			 run->model.top_level);
	for (i = 0; run->check_unmap && i != run->num_tables; i++) {
		struct gpt_range *t = &run->tables[i];
		struct model_unmap *res = &run->unmap_res;

		if (res->walked && t->va >= res->walked_first &&
		    t->last <= res->walked_last)
			gpt_fail(run, "table va 0x%llx level %u (%u used) survived an unmap covering it",
				 (unsigned long long)t->va, t->level, t->used);
	}
	check_gone_tables(run);
	check_samples(run);
	if (shim_flush_publish_errors())
		gpt_fail(run, "a table was linked to the IOMMU before it was written back");
	return !run->failed;
}

/* --- running one op --- */

/*
 * Whether map_range()/unmap_range() of pgsize * pgcount must act as
 * map_pages()/unmap_pages() do on the op: a page size of the domain, no
 * overflow, the IOVA (and for a map the PA) aligned to it. Then half of
 * such ops, picked by their own bits, go through the range interface.
 */
static bool use_range_op(const struct gpt_run *run, const struct gpt_op *op,
			 bool map, size_t *len)
{
	u64 sizes = run->dom.domain.pgsize_bitmap;

	if (!op->pgsize || (op->pgsize & (op->pgsize - 1)) ||
	    !(op->pgsize & sizes) || !op->pgcount ||
	    __builtin_mul_overflow((size_t)op->pgsize, (size_t)op->pgcount, len))
		return false;
	if ((op->iova | (map ? op->pa : 0)) & (op->pgsize - 1))
		return false;
	return ((op->iova >> 12) ^ op->pgcount) & 1;
}

static void run_map(struct gpt_run *run, struct gpt_op *op)
{
	struct model *m = &run->model;
	struct model_map plan = {};
	unsigned int old_level = m->top_level, level;
	long calls = run->dom.change_top_calls;
	bool fired = shim_fail_fired();
	size_t mapped = 12345, len;
	long pages;
	int ret;

	gpt_run_sync(run);
	pages = gpt_dom_table_pages(&run->dom);
	model_map_plan(m, op->iova, op->pa, op->pgsize, op->pgcount, op->prot,
		       &plan);
	if (use_range_op(run, op, true, &len))
		ret = run->dom.domain.ops->map_range(&run->dom.domain, op->iova,
						     op->pa, len, op->prot,
						     GFP_KERNEL, &mapped);
	else
		ret = run->dom.domain.ops->map_pages(&run->dom.domain, op->iova,
						     op->pa, op->pgsize,
						     op->pgcount, op->prot,
						     GFP_KERNEL, &mapped);
	mapped -= 12345;
	level = run->dom.fmt->top_level(&run->dom.iommu);
	if (run->expect_enomem && !fired && shim_fail_fired()) {
		/* The armed allocation failure hit this map */
		gpt_stats.enomem++;
		gpt_stats.enomem_partial += mapped != 0;
		if (ret != -ENOMEM || plan.ret)
			gpt_fail(run, "map with a failed allocation returned %d, model %d",
				 ret, plan.ret);
		else if (!model_map_apply(m, &plan, mapped))
			gpt_fail(run, "partial map reported 0x%zx bytes, not a prefix of the leaves",
				 mapped);
		/* Growth happens first, and whole or not at all */
		if (level == plan.new_top_level || level == old_level)
			m->top_level = level;
	} else if (ret != plan.ret) {
		gpt_fail(run, "map returned %d, model %d", ret, plan.ret);
	} else if (ret == 0) {
		if (mapped != op->pgsize * op->pgcount)
			gpt_fail(run, "map reported 0x%zx mapped of 0x%llx",
				 mapped,
				 (unsigned long long)(op->pgsize * op->pgcount));
		model_map_apply(m, &plan, op->pgsize * op->pgcount);
		m->top_level = plan.new_top_level;
	} else if (mapped) {
		gpt_fail(run, "failed map reported 0x%zx mapped", mapped);
	} else if (gpt_dom_table_pages(&run->dom) != pages) {
		/* Nothing changed: not even an empty table came or went */
		gpt_fail(run, "map failing with %d changed the table pages %ld -> %ld",
			 ret, pages, gpt_dom_table_pages(&run->dom));
	}
	gpt_stats.err[OP_MAP] += ret != 0;
	gpt_stats.growths += level != old_level;
	if (level != old_level &&
	    (run->dom.change_top_calls != calls + 1 ||
	     run->dom.changed_top_level != level))
		gpt_fail(run, "top grew %u -> %u with %ld change_top calls (level %u)",
			 old_level, level, run->dom.change_top_calls - calls,
			 run->dom.changed_top_level);
	if (level == old_level && run->dom.change_top_calls != calls)
		gpt_fail(run, "change_top called, top level stayed %u", level);
	model_map_free(&plan);
}

/*
 * Count the unmaps whose removed leaves mix a leaf item and a table item
 * of one table: leaf A and then leaf B where B sits in a table that
 * starts right after A and spans no more than A (or the mirror image).
 * Judged from the model's removed leaves and the tables the last walk
 * found, so it counts what the unmap met, however the op was made.
 */
static void count_mixed_unmap(struct gpt_run *run, const struct gpt_op *op)
{
	const struct model_unmap *res = &run->unmap_res;
	bool leaf_table = false, table_leaf = false;
	size_t k, t;

	for (k = 0; k + 1 < res->num; k++) {
		const struct mleaf *a = &res->removed[k];
		const struct mleaf *b = &res->removed[k + 1];

		if (a->lg2 == b->lg2)
			continue;
		for (t = 0; t != run->num_tables; t++) {
			const struct gpt_range *tab = &run->tables[t];
			u64 span = tab->last - tab->va + 1;

			if (tab->va == b->va && a->lg2 > b->lg2 &&
			    (1ULL << b->lg2) < span && span <= (1ULL << a->lg2))
				leaf_table = true;
			if (tab->last == mleaf_last(a) && b->lg2 > a->lg2 &&
			    (1ULL << a->lg2) < span && span <= (1ULL << b->lg2))
				table_leaf = true;
		}
	}
	gpt_stats.leaf_table[op->pgcount > 1] += leaf_table;
	gpt_stats.table_leaf[op->pgcount > 1] += table_leaf;
}

static void run_unmap(struct gpt_run *run, struct gpt_op *op)
{
	struct model_unmap *res = &run->unmap_res;
	size_t got, i, len;

	model_unmap(&run->model, op->iova, op->pgsize, op->pgcount, res);
	/*
	 * A flush must cover every removed leaf in full; with NO_GAPS the
	 * unmap itself may flush, so they are pending before it runs.
	 */
	for (i = 0; i != res->num; i++) {
		if (run->cap_pending == run->num_pending) {
			run->cap_pending = run->cap_pending * 2 + 16;
			run->pending = realloc(run->pending,
					       run->cap_pending *
						       sizeof(*run->pending));
		}
		run->pending[run->num_pending++] = res->removed[i];
	}
	count_mixed_unmap(run, op);
	if (use_range_op(run, op, false, &len))
		got = run->dom.domain.ops->unmap_range(&run->dom.domain,
						       op->iova, len,
						       &run->gather);
	else
		got = run->dom.domain.ops->unmap_pages(&run->dom.domain,
						       op->iova, op->pgsize,
						       op->pgcount,
						       &run->gather);
	gpt_stats.err[OP_UNMAP] += got == 0;
	if (got != res->bytes)
		gpt_fail(run, "unmap returned 0x%zx, model 0x%llx", got,
			 (unsigned long long)res->bytes);
	if (!op->hold)
		gpt_run_sync(run);
	run->check_unmap = true;
}

/*
 * The batch unmap, called until done with the gather synced after each
 * call as VFIO does: every call must return exactly the ranges the model
 * puts in it, merged where contiguous, and stop where the model does
 */
static void run_unmap_batch(struct gpt_run *run, struct gpt_op *op)
{
	struct model_unmap *res = &run->unmap_res;
	struct pt_iommu *iommu = pt_iommu_from_domain(&run->dom.domain);
	struct pt_unmap_batch_range got[16];
	struct model_brange *want;
	struct pt_unmap_batch batch;
	unsigned int cap = op->pgcount, calls, call = 0, k;
	size_t num_want, n = 0, i;
	int ret, mret;

	if (!iommu) {
		gpt_fail(run, "pt_iommu_from_domain() did not find the table");
		return;
	}
	if (cap > ARRAY_SIZE(got))
		cap = ARRAY_SIZE(got);
	mret = model_unmap_batch(&run->model, op->iova, op->pgsize, cap, res,
				 &want, &num_want, &calls);
	for (i = 0; i != res->num; i++) {
		if (run->cap_pending == run->num_pending) {
			run->cap_pending = run->cap_pending * 2 + 16;
			run->pending = realloc(run->pending,
					       run->cap_pending *
						       sizeof(*run->pending));
		}
		run->pending[run->num_pending++] = res->removed[i];
	}
	/*
	 * The tables wholly inside the range go too, holes and all, and
	 * their VA must be flushed: pending like the leaves, for the NO_GAPS
	 * check and the final one
	 */
	for (i = 0; res->walked && run->full_walk && i != run->num_tables;
	     i++) {
		struct gpt_range *t = &run->tables[i];
		struct mleaf tl = { .va = t->va };

		if (t->va < res->walked_first || t->last > res->walked_last)
			continue;
		tl.lg2 = 64 - __builtin_clzll(t->last - t->va);
		if (run->cap_pending == run->num_pending) {
			run->cap_pending = run->cap_pending * 2 + 16;
			run->pending = realloc(run->pending,
					       run->cap_pending *
						       sizeof(*run->pending));
		}
		run->pending[run->num_pending++] = tl;
	}
	pt_unmap_batch_init(&batch, got, cap, op->iova, op->pgsize);
	do {
		ret = pt_iommu_unmap_batch(iommu, &batch, &run->gather);
		if (ret && ret != -ENOSPC) {
			if (ret != mret || call)
				gpt_fail(run, "unmap_batch call %u returned %d, model %d",
					 call, ret, mret);
			if (call)
				gpt_fail(run, "unmap_batch call %u: %d at iova 0x%llx len 0x%llx",
					 call, ret,
					 (unsigned long long)batch.iova,
					 (unsigned long long)batch.len);
			else if (batch.num_ranges || batch.iova != op->iova ||
			    batch.len != op->pgsize)
				gpt_fail(run, "unmap_batch failed with %d and changed the batch",
					 ret);
			break;
		}
		if (mret)
			gpt_fail(run, "unmap_batch returned %d, model %d", ret,
				 mret);
		if (ret == -ENOSPC && batch.num_ranges != cap)
			gpt_fail(run, "unmap_batch stopped with %u of %u ranges",
				 batch.num_ranges, cap);
		for (k = 0; k != batch.num_ranges && !run->failed; k++, n++) {
			struct pt_unmap_batch_range *r = &got[k];

			if (n == num_want || want[n].call != call ||
			    r->iova != want[n].va || r->phys != want[n].pa ||
			    r->len != want[n].len)
				gpt_fail(run, "unmap_batch call %u range %u: 0x%llx->0x%llx len 0x%llx, model %s0x%llx->0x%llx len 0x%llx (call %u)",
					 call, k, (unsigned long long)r->iova,
					 (unsigned long long)r->phys,
					 (unsigned long long)r->len,
					 n == num_want ? "none " : "",
					 n == num_want ? 0ULL : (unsigned long long)want[n].va,
					 n == num_want ? 0ULL : (unsigned long long)want[n].pa,
					 n == num_want ? 0ULL : (unsigned long long)want[n].len,
					 n == num_want ? 0 : want[n].call);
		}
		batch.num_ranges = 0;
		iommu_iotlb_sync(&run->dom.domain, &run->gather);
		call++;
	} while (ret == -ENOSPC && !run->failed && call <= calls);
	if (!run->failed && !mret && (n != num_want || call != calls ||
				      batch.len))
		gpt_fail(run, "unmap_batch: %zu ranges in %u calls, model %zu in %u",
			 n, call, num_want, calls);
	gpt_stats.err[OP_UNMAP_BATCH] += mret != 0;
	free(want);
	gpt_run_sync(run);
	run->check_unmap = !mret;
}

struct dirty_rec {
	struct iova_bitmap bitmap;
	u64 va[1024];
	u64 len[1024];
	unsigned int num;
	bool overflow;
	/* The query, and the first record that broke out of it */
	u64 query_va;
	u64 query_last;
	u64 bad_va;
	u64 bad_len;
	bool bad;
	/* Model only: the span of the whole dirty leaves */
	u64 leaf_first;
	u64 leaf_last;
};

/*
 * As strict as 6.12's iova_bitmap_set(): a record starting below the
 * bitmap is dropped there (the D bits it stands for are lost), and one
 * ending past it writes past the user's bitmap. Both are failures here.
 */
static void dirty_rec_set(struct iova_bitmap *bitmap, unsigned long iova,
			  size_t length)
{
	struct dirty_rec *rec = container_of(bitmap, struct dirty_rec, bitmap);

	if (!rec->bad && (!length || iova < rec->query_va ||
			  iova + (length - 1) < iova ||
			  iova + (length - 1) > rec->query_last)) {
		rec->bad = true;
		rec->bad_va = iova;
		rec->bad_len = length;
	}
	if (rec->num == ARRAY_SIZE(rec->va)) {
		rec->overflow = true;
		return;
	}
	rec->va[rec->num] = iova;
	rec->len[rec->num++] = length;
}

static void dirty_rec_model(void *ctx, u64 va, u64 len, u64 leaf_va,
			    u64 leaf_len)
{
	struct dirty_rec *rec = ctx;

	if (!rec->num)
		rec->leaf_first = leaf_va;
	rec->leaf_last = leaf_va + leaf_len - 1;
	dirty_rec_set(&rec->bitmap, va, len);
}

static void run_read_dirty(struct gpt_run *run, struct gpt_op *op)
{
	static struct dirty_rec got, want;
	struct iommu_iotlb_gather gather;
	struct iommu_dirty_bitmap dirty;
	bool clear = !(op->prot & IOMMU_DIRTY_NO_CLEAR);
	int ret, mret;
	unsigned int i;

	got = (struct dirty_rec){ .bitmap.set = dirty_rec_set,
				  .query_va = op->iova,
				  .query_last = op->iova + op->pgsize - 1 };
	want = got;
	iommu_dirty_bitmap_init(&dirty, &got.bitmap, &gather);
	ret = run->dom.domain.dirty_ops->read_and_clear_dirty(
		&run->dom.domain, op->iova, op->pgsize, op->prot, &dirty);
	mret = model_read_dirty(&run->model, op->iova, op->pgsize, clear,
				dirty_rec_model, &want);
	gpt_stats.err[OP_READ_DIRTY] += ret != 0;
	if (ret != mret) {
		gpt_fail(run, "read_and_clear_dirty returned %d, model %d", ret,
			 mret);
		return;
	}
	if (want.bad) {
		gpt_fail(run, "model recorded 0x%llx+0x%llx outside the query",
			 (unsigned long long)want.bad_va,
			 (unsigned long long)want.bad_len);
		return;
	}
	if (got.bad) {
		gpt_fail(run, "dirty record 0x%llx+0x%llx outside query [0x%llx, 0x%llx]: iova_bitmap %s",
			 (unsigned long long)got.bad_va,
			 (unsigned long long)got.bad_len,
			 (unsigned long long)got.query_va,
			 (unsigned long long)got.query_last,
			 got.bad_va < got.query_va ?
				 "drops it and the cleared D bits are lost" :
				 "writes past the user's bitmap");
		return;
	}
	if (got.num != want.num || got.overflow != want.overflow) {
		gpt_fail(run, "read_and_clear_dirty recorded %u ranges, model %u",
			 got.num, want.num);
		return;
	}
	for (i = 0; i != got.num; i++)
		if (got.va[i] != want.va[i] || got.len[i] != want.len[i])
			gpt_fail(run, "dirty range %u: 0x%llx+0x%llx, model 0x%llx+0x%llx",
				 i, (unsigned long long)got.va[i],
				 (unsigned long long)got.len[i],
				 (unsigned long long)want.va[i],
				 (unsigned long long)want.len[i]);
	/* The gather spans the dirty leaves whole: all their D bits go */
	if (want.num && !want.overflow &&
	    (gather.start != want.leaf_first || gather.end != want.leaf_last))
		gpt_fail(run, "dirty gather [0x%lx, 0x%lx], model's dirty leaves [0x%llx, 0x%llx]",
			 gather.start, gather.end,
			 (unsigned long long)want.leaf_first,
			 (unsigned long long)want.leaf_last);
	if (!got.num && gather.start <= gather.end)
		gpt_fail(run, "dirty gather not empty with nothing dirty");
}

/* --- cut and reassemble --- */

static bool run_can_resize(const struct gpt_run *run)
{
	return !run->dom.fmt->geo || !run->dom.fmt->geo->break_before_make;
}

/*
 * Whether leaves mapped with the prots of @a and @b have the same
 * attributes but for the dirty state, from the bits the walks saw for
 * each prot: the dirty bit (if it is a descriptor bit) is learnt from a
 * prot seen both clean and dirty. Unknown: the prots must be equal.
 */
static bool run_same_attr(void *ctx, const struct mleaf *a,
			  const struct mleaf *b)
{
	struct gpt_run *run = ctx;
	unsigned int pa = a->prot & 31, pb = b->prot & 31, p, da, db;
	u64 dirty_bits = 0;
	bool known = false;

	for (p = 0; p != 32; p++) {
		if (run->attr_seen[p] && run->attr_seen[p | 32]) {
			dirty_bits |= run->attr_by_prot[p] ^
				      run->attr_by_prot[p | 32];
			known = true;
		}
	}
	for (da = 0; da != 2; da++) {
		for (db = 0; db != 2; db++) {
			if (!run->attr_seen[pa | da << 5] ||
			    !run->attr_seen[pb | db << 5])
				continue;
			if (da != db && !known)
				continue;
			return !((run->attr_by_prot[pa | da << 5] ^
				  run->attr_by_prot[pb | db << 5]) &
				 ~dirty_bits);
		}
	}
	return pa == pb;
}

/* [va, last] is covered by @blocks (sorted) without a gap */
static bool blocks_cover(const struct mleaf *blocks, size_t num, u64 va,
			 u64 last)
{
	size_t i;

	for (i = 0; i != num; i++) {
		if (mleaf_last(&blocks[i]) < va)
			continue;
		if (blocks[i].va > va)
			return false;
		if (mleaf_last(&blocks[i]) >= last)
			return true;
		va = mleaf_last(&blocks[i]) + 1;
	}
	return false;
}

/*
 * A cut: the model says which leaf it splits and into what; the gather
 * must hold exactly that leaf. An injected allocation failure must leave
 * the table as it was.
 */
static void run_cut(struct gpt_run *run, struct gpt_op *op)
{
	struct pt_iommu *iommu = pt_iommu_from_domain(&run->dom.domain);
	long pages = gpt_dom_table_pages(&run->dom);
	bool fired = shim_fail_fired();
	struct iommu_iotlb_gather gather;
	struct model_resize res = {};
	int ret;

	iommu_iotlb_gather_init(&gather);
	model_cut(&run->model, op->iova, run_can_resize(run), false, &res);
	ret = pt_iommu_cut(iommu, op->iova, &gather, GFP_KERNEL);
	gpt_stats.err[OP_CUT] += ret != 0;
	if (run->expect_enomem && !fired && shim_fail_fired()) {
		gpt_stats.enomem++;
		if (ret != -ENOMEM || res.ret || !res.num)
			gpt_fail(run, "cut with a failed allocation returned %d, model %d (%zu leaves to split)",
				 ret, res.ret, res.num);
	} else if (ret != res.ret) {
		gpt_fail(run, "cut returned %d, model %d", ret, res.ret);
	} else if (!ret && res.num) {
		if (gather.start != res.blocks[0].va ||
		    gather.end != mleaf_last(&res.blocks[0]))
			gpt_fail(run, "cut gather [0x%lx, 0x%lx], split leaf [0x%llx, 0x%llx]",
				 gather.start, gather.end,
				 (unsigned long long)res.blocks[0].va,
				 (unsigned long long)mleaf_last(&res.blocks[0]));
		gpt_stats.cuts[res.blocks[0].lg2]++;
		run->last_cut = res.blocks[0];
		model_resize_free(&res);
		model_cut(&run->model, op->iova, true, true, &res);
		ret = 1;
	}
	if (ret != 1 && (gather.start <= gather.end ||
			 gpt_dom_table_pages(&run->dom) != pages))
		gpt_fail(run, "cut that changed nothing (%d) gathered [0x%lx, 0x%lx] or changed the table pages %ld -> %ld",
			 ret, gather.start, gather.end, pages,
			 gpt_dom_table_pages(&run->dom));
	iommu_iotlb_sync(&run->dom.domain, &gather);
	model_resize_free(&res);
}

/*
 * A reassemble: the model says which blocks it merges; every one must be
 * flushed, and with NO_GAPS no flush may span VA that was not merged
 */
static void run_reassemble(struct gpt_run *run, struct gpt_op *op)
{
	struct pt_iommu *iommu = pt_iommu_from_domain(&run->dom.domain);
	bool no_gaps = run->dom.cfg->features &
		       BIT(PT_FEAT_FLUSH_RANGE_NO_GAPS);
	long pages = gpt_dom_table_pages(&run->dom);
	struct iommu_iotlb_gather gather;
	struct model_resize res = {};
	size_t i;
	int ret;

	iommu_iotlb_gather_init(&gather);
	model_reassemble(&run->model, op->iova, op->pgsize,
			 run_can_resize(run), false, run_same_attr, run, &res);
	ret = pt_iommu_reassemble(iommu, op->iova, op->pgsize, &gather);
	gpt_stats.err[OP_REASSEMBLE] += ret != 0;
	iommu_iotlb_sync(&run->dom.domain, &gather);
	if (ret != res.ret) {
		gpt_fail(run, "reassemble returned %d, model %d", ret,
			 res.ret);
		goto out;
	}
	if (ret || !res.num) {
		if (run->num_flushes ||
		    gpt_dom_table_pages(&run->dom) != pages)
			gpt_fail(run, "reassemble that changed nothing (%d) flushed %zu ranges or changed the table pages %ld -> %ld",
				 ret, run->num_flushes, pages,
				 gpt_dom_table_pages(&run->dom));
		goto out;
	}
	for (i = 0; i != res.num; i++) {
		struct gpt_range r = { .va = res.blocks[i].va,
				       .last = mleaf_last(&res.blocks[i]) };

		gpt_stats.merges[res.blocks[i].lg2]++;
		if (res.blocks[i].va == run->last_cut.va &&
		    res.blocks[i].lg2 == run->last_cut.lg2 &&
		    res.blocks[i].pa == run->last_cut.pa)
			gpt_stats.round_trips++;
		if (!flushed(run, &r))
			gpt_fail(run, "reassembled block [0x%llx, 0x%llx] never flushed",
				 (unsigned long long)r.va,
				 (unsigned long long)r.last);
	}
	for (i = 0; no_gaps && i != run->num_flushes; i++)
		if (!blocks_cover(res.blocks, res.num, run->flushes[i].va,
				  run->flushes[i].last))
			gpt_fail(run, "NO_GAPS reassemble flush [0x%llx, 0x%llx] spans VA it did not merge",
				 (unsigned long long)run->flushes[i].va,
				 (unsigned long long)run->flushes[i].last);
	model_resize_free(&res);
	model_reassemble(&run->model, op->iova, op->pgsize, true, true,
			 run_same_attr, run, &res);
out:
	model_resize_free(&res);
}

bool gpt_run_op(struct gpt_run *run, struct gpt_op *op)
{
	struct model *m = &run->model;
	bool fired = shim_fail_fired();
	int ret, mret;
	u64 bitmap;

	run->num_flushes = 0;
	run->check_unmap = false;
	switch (op->kind) {
	case OP_MAP:
		run_map(run, op);
		break;
	case OP_UNMAP:
		run_unmap(run, op);
		break;
	case OP_PHYS:
		check_phys(run, op->iova);
		break;
	case OP_SET_DIRTY:
		ret = run->dom.iommu.ops->set_dirty(&run->dom.iommu, op->iova);
		mret = model_set_dirty(m, op->iova);
		gpt_stats.err[OP_SET_DIRTY] += ret != 0;
		if (ret != mret)
			gpt_fail(run, "set_dirty returned %d, model %d", ret,
				 mret);
		break;
	case OP_READ_DIRTY:
		run_read_dirty(run, op);
		break;
	case OP_PGSIZE:
		bitmap = op->pgsize & run->dom.init_pgsize_bitmap;
		if (!bitmap)
			bitmap = run->dom.init_pgsize_bitmap;
		run->dom.domain.pgsize_bitmap = bitmap;
		m->pgsize_bitmap = bitmap;
		break;
	case OP_SYNC:
		gpt_run_sync(run);
		break;
	case OP_UNMAP_BATCH:
		run_unmap_batch(run, op);
		break;
	case OP_CUT:
		run_cut(run, op);
		break;
	case OP_REASSEMBLE:
		run_reassemble(run, op);
		break;
	}
	if (op->kind != OP_MAP && op->kind != OP_CUT && !fired &&
	    shim_fail_fired())
		gpt_fail(run, "%s allocated a table", gpt_op_names[op->kind]);
	if (shim_warnings)
		gpt_fail(run, "%ld WARN_ON()s fired", shim_warnings);
	if (run->full_walk && !run->failed)
		gpt_run_check_table(run);
	run->check_unmap = false;
	run->ops_run++;
	gpt_stats.ops[op->kind]++;
	return !run->failed;
}

/* --- random ops --- */

/* A random size from @sizes, the smallest one half of the time */
static u64 gen_size(u64 *rnd, u64 sizes)
{
	unsigned int pick;

	if (!sizes)
		return 0;
	if (rnd_below(rnd, 2) == 0)
		return sizes & -sizes;
	pick = rnd_below(rnd, hweight64(sizes));
	while (pick--)
		sizes &= sizes - 1;
	return sizes & -sizes;
}

static unsigned int lg2_of(u64 v)
{
	return 63 - __builtin_clzll(v);
}

/*
 * An IOVA for an op of @len bytes aligned to @align. Most land in a
 * window a little larger than the op near 0, so few tables exist and
 * ops collide; some go anywhere in the aperture (top growth, sparse
 * tables), near its end, or next to an existing leaf.
 */
static u64 gen_iova(struct gpt_run *run, u64 *rnd, u64 len, u64 align)
{
	struct model *m = &run->model;
	unsigned int win_lg2 = lg2_of(len > align ? len : align) + 4;
	u64 va;

	if (win_lg2 > 63 || (1ULL << win_lg2) - 1 > m->va_last)
		win_lg2 = lg2_of(m->va_last) + 1;
	switch (rnd_below(rnd, 80)) {
	case 0:
		va = rnd_next(rnd) & m->va_last;
		/* The upper half of a sign extended table */
		if (m->sign_extend && rnd_below(rnd, 2))
			va |= ~m->va_last;
		break;
	case 1:
		va = m->va_last - len + 1;
		break;
	case 2 ... 5:
		if (m->num) {
			struct mleaf *l = &m->leaves[rnd_below(rnd, m->num)];

			va = rnd_below(rnd, 2) ? mleaf_last(l) + 1 : l->va - len;
			break;
		}
		fallthrough;
	default:
		va = rnd_next(rnd) & ((win_lg2 >= 64 ? 0 : 1ULL << win_lg2) - 1);
		break;
	}
	return va & ~(align - 1);
}

static void gen_map(struct gpt_run *run, u64 *rnd, struct gpt_op *op)
{
	struct model *m = &run->model;
	u64 sizes = m->pgsize_bitmap, pgsize, len, align;
	static const u8 prots[] = {
		IOMMU_READ | IOMMU_WRITE, IOMMU_READ | IOMMU_WRITE | IOMMU_CACHE,
		IOMMU_READ, IOMMU_WRITE, IOMMU_READ | IOMMU_MMIO,
		IOMMU_READ | IOMMU_WRITE | IOMMU_NOEXEC,
	};

	/* Keep sizes that fit the aperture a few times over */
	if (m->va_last >> 4)
		sizes &= m->va_last >> 2 | 1;
	pgsize = gen_size(rnd, sizes ? sizes : m->pgsize_bitmap);
	op->kind = OP_MAP;
	op->pgsize = pgsize;
	/* Long runs only of small pages: a run spans at most a few tables */
	op->pgcount = 1 + rnd_below(rnd, rnd_below(rnd, 6) ? 8 : 600);
	if (op->pgcount > 8 && pgsize > 4 * (sizes & -sizes))
		op->pgcount = 1 + rnd_below(rnd, 8);
	if (__builtin_mul_overflow(pgsize, op->pgcount, &len) ||
	    len - 1 > m->va_last)
		op->pgcount = 1;
	len = pgsize * op->pgcount;
	/* Often more aligned than needed, so larger leaves fit */
	align = pgsize;
	while (rnd_below(rnd, 3) == 0 && align < (1ULL << 62) &&
	       align * 2 - 1 <= m->va_last)
		align *= 2;
	op->iova = gen_iova(run, rnd, len, align);
	if (rnd_below(rnd, 2))
		op->pa = op->iova & m->oa_last;
	else
		op->pa = rnd_next(rnd) & m->oa_last;
	op->pa &= ~(pgsize - 1);
	if (op->pa + len - 1 > m->oa_last || op->pa + len - 1 < op->pa)
		op->pa = (m->oa_last - len + 1) & ~(pgsize - 1);
	op->prot = rnd_below(rnd, 3) ? prots[0] :
				       prots[rnd_below(rnd, ARRAY_SIZE(prots))];

	/* Invalid requests now and then */
	switch (rnd_below(rnd, 60)) {
	case 0:
		op->prot = rnd_below(rnd, 2) ? 0 : IOMMU_CACHE;
		break;
	case 1:
		op->iova += 1ULL << lg2_of(m->pgsize_bitmap & -m->pgsize_bitmap) >> 1;
		break;
	case 2:
		op->pa |= pgsize >> 1;
		break;
	case 3:
		op->pgcount = 0;
		break;
	case 4:
		op->pgsize = rnd_below(rnd, 2) ? 0 : pgsize * 3;
		break;
	case 5:
		op->pgsize = run->dom.init_pgsize_bitmap & ~m->pgsize_bitmap;
		op->pgsize &= -op->pgsize;
		break;
	case 6:
		op->pa = m->oa_last + 1 - pgsize * (op->pgcount > 1);
		break;
	case 7:
		op->iova = (m->va_last + 1) & ~(pgsize - 1);
		break;
	case 8:
		op->iova = -pgsize;
		op->pgcount = 2;
		break;
	}
}

static void gen_unmap(struct gpt_run *run, u64 *rnd, struct gpt_op *op)
{
	struct model *m = &run->model;
	u64 gran = m->pgsize_bitmap & -m->pgsize_bitmap, len = gran;
	struct mleaf *l = NULL;
	size_t i, n;

	gran = run->dom.init_pgsize_bitmap & -run->dom.init_pgsize_bitmap;
	op->kind = OP_UNMAP;
	op->hold = rnd_below(rnd, 3) == 0;
	if (m->num) {
		i = rnd_below(rnd, m->num);
		l = &m->leaves[i];
	}
	switch (l ? rnd_below(rnd, 10) : 9) {
	case 0 ... 3:
		/* A run of leaves from the start of one */
		op->iova = l->va;
		n = 1 + rnd_below(rnd, rnd_below(rnd, 2) ? 4 : 1024);
		len = 0;
		while (n-- && i < m->num && m->leaves[i].va == l->va + len)
			len += 1ULL << m->leaves[i++].lg2;
		break;
	case 4:
		/* Starting inside a leaf: nothing happens */
		op->iova = l->va + gran * rnd_below(rnd, (1ULL << l->lg2) / gran);
		len = gran * (1 + rnd_below(rnd, 4));
		break;
	case 5 ... 6:
		/* Ending inside a leaf: it goes whole */
		op->iova = l->va;
		len = gran * (1 + rnd_below(rnd, (1ULL << l->lg2) / gran));
		break;
	case 7:
		/* A whole window, freeing tables */
		op->iova = 0;
		n = lg2_of(l->va | gran) + 1;
		len = n >= 64 || (1ULL << n) - 1 > m->va_last ?
			      m->va_last + 1 : 1ULL << n;
		break;
	default:
		op->iova = gen_iova(run, rnd, gran, gran);
		len = gran * (1 + rnd_below(rnd, 64));
		break;
	}
	if (!len)
		len = gran;
	/* Express it as pgsize * pgcount, pgsize as large as alignment allows */
	op->pgsize = gran;
	while (rnd_below(rnd, 2) && !((op->iova | len) & (op->pgsize * 2 - 1)) &&
	       op->pgsize < (1ULL << 62))
		op->pgsize *= 2;
	op->pgcount = len / op->pgsize;
	switch (rnd_below(rnd, 50)) {
	case 0:
		op->iova += gran >> 1;
		break;
	case 1:
		op->pgcount = 0;
		break;
	case 2:
		op->iova = -op->pgsize;
		op->pgcount = 2;
		break;
	}
}

/*
 * A batch unmap over what gen_unmap() picked, often widened to a window
 * with holes, with room for 1 to 16 ranges per call
 */
static void gen_unmap_batch(struct gpt_run *run, u64 *rnd, struct gpt_op *op)
{
	u64 len;

	op->kind = OP_UNMAP_BATCH;
	op->hold = false;
	if (__builtin_mul_overflow(op->pgsize, op->pgcount, &len))
		len = 0;
	if (rnd_below(rnd, 2) && len && !(len >> 60))
		len *= 1 + rnd_below(rnd, 8);
	op->pgsize = len;
	op->pgcount = rnd_below(rnd, 40) ? 1 + rnd_below(rnd,
					rnd_below(rnd, 2) ? 3 : 16) : 0;
}

/* No leaf of the model in [va, last] */
static bool model_empty(const struct model *m, u64 va, u64 last)
{
	size_t i = model_first_from(m, va);

	return i == m->num || m->leaves[i].va > last;
}

/*
 * A mixed leaf/table run under one unmap: a large leaf and next to it
 * a few small leaves that need a table at least one level below the
 * large leaf (small << items_lg2 <= large), then one unmap over both:
 * with pgcount 1 (pgsize twice the large leaf, ending in the hole after
 * the small leaves), or pgcount > 1 (ending after the small leaves, or
 * beyond them). A third of the time the small leaves come first, which
 * only pgcount > 1 can express. The ops are planned into run->pattern
 * on an empty window and handed out one per gpt_gen_op() call.
 */
static void gen_mixed(struct gpt_run *run, u64 *rnd)
{
	struct model *m = &run->model;
	unsigned int items_lg2 = m->geo ? m->geo->items_lg2 : 9;
	u64 sizes = m->pgsize_bitmap, small, big, bigs, b, va = 0, n, pa;
	struct gpt_op *map_big, *map_small, *unmap;
	unsigned int tries;
	bool table_first, found = false;

	small = gen_size(rnd, sizes);
	for (;;) {
		/* Large sizes whose window of two fits the aperture and OA */
		bigs = 0;
		for (b = sizes; b; b &= b - 1) {
			u64 sz = b & -b;

			if (sz >= small << items_lg2 && small << items_lg2 &&
			    sz - 1 <= m->va_last >> 1 && sz - 1 <= m->oa_last)
				bigs |= sz;
		}
		if (bigs || small == (sizes & -sizes))
			break;
		small = sizes & -sizes;
	}
	if (!bigs)
		return;
	big = gen_size(rnd, bigs);
	for (tries = 0; tries != 8 && !found; tries++) {
		va = gen_iova(run, rnd, 2 * big, 2 * big);
		found = model_va_ok(m, va, va + 2 * big - 1) &&
			model_empty(m, va, va + 2 * big - 1);
	}
	if (!found)
		return;

	n = 1 + rnd_below(rnd, 8);
	if (rnd_below(rnd, 4) == 0)
		n = 1 + rnd_below(rnd, big / small - 1 < 600 ?
					       big / small - 1 : 600);
	table_first = rnd_below(rnd, 3) == 0;
	memset(run->pattern, 0, sizeof(run->pattern));
	map_big = &run->pattern[table_first];
	map_small = &run->pattern[!table_first];
	unmap = &run->pattern[2];

	pa = rnd_next(rnd) & m->oa_last & ~(big - 1);
	if (pa + big - 1 > m->oa_last)
		pa = 0;
	*map_big = (struct gpt_op){ .kind = OP_MAP, .pgsize = big,
				    .pgcount = 1, .pa = pa,
				    .iova = va + (table_first ? big : 0),
				    .prot = IOMMU_READ | IOMMU_WRITE };
	pa = rnd_next(rnd) & m->oa_last & ~(small - 1);
	if (pa + n * small - 1 > m->oa_last)
		pa = 0;
	*map_small = (struct gpt_op){ .kind = OP_MAP, .pgsize = small,
				      .pgcount = n, .pa = pa,
				      .prot = IOMMU_READ | IOMMU_WRITE };
	if (table_first) {
		map_small->iova = va + big - n * small;
		*unmap = (struct gpt_op){ .kind = OP_UNMAP, .pgsize = small,
					  .iova = map_small->iova,
					  .pgcount = n + big / small };
	} else {
		map_small->iova = va + big;
		switch (rnd_below(rnd, 4)) {
		case 0 ... 1:
			*unmap = (struct gpt_op){ .kind = OP_UNMAP,
						  .pgsize = 2 * big,
						  .pgcount = 1 };
			break;
		case 2:
			*unmap = (struct gpt_op){ .kind = OP_UNMAP,
						  .pgsize = big, .pgcount = 2 };
			break;
		default:
			*unmap = (struct gpt_op){ .kind = OP_UNMAP,
						  .pgsize = small,
						  .pgcount = big / small + n };
			break;
		}
		unmap->iova = va;
	}
	/* Now and then past the small leaves, into the hole */
	if (unmap->pgsize == small && rnd_below(rnd, 4) == 0)
		unmap->pgcount += 1 + rnd_below(rnd, 8);
	unmap->hold = rnd_below(rnd, 3) == 0;
	run->pattern_num = 3;
	run->pattern_pos = 0;
}

/*
 * A dirty read as iommufd issues one: granule aligned, starting inside a
 * leaf (often a large or contiguous one) and ending inside the same or a
 * later leaf, or just past it
 */
static void gen_read_dirty_in_leaves(struct gpt_run *run, u64 *rnd,
				     struct gpt_op *op)
{
	struct model *m = &run->model;
	u64 gran = run->dom.init_pgsize_bitmap & -run->dom.init_pgsize_bitmap;
	size_t i = rnd_below(rnd, m->num), j;
	struct mleaf *a, *b;
	u64 end;

	j = i + rnd_below(rnd, m->num - i < 4 ? m->num - i : 4);
	a = &m->leaves[i];
	b = &m->leaves[j];
	op->iova = a->va + gran * rnd_below(rnd, (1ULL << a->lg2) / gran);
	end = b->va + gran * (1 + rnd_below(rnd, (1ULL << b->lg2) / gran));
	if (rnd_below(rnd, 4) == 0 && mleaf_last(b) < m->va_last)
		end = mleaf_last(b) + 1 + gran * rnd_below(rnd, 4);
	if (end <= op->iova)
		end = op->iova + gran;
	op->pgsize = end - op->iova;
}

/*
 * A cut: mostly inside a leaf, at a granule or at the boundary of a
 * smaller page size; now and then at a leaf's start, anywhere, unaligned
 * or outside the VA
 */
static void gen_cut(struct gpt_run *run, u64 *rnd, struct gpt_op *op)
{
	struct model *m = &run->model;
	u64 gran = m->pgsize_bitmap & -m->pgsize_bitmap, size, step;
	struct mleaf *l;

	op->kind = OP_CUT;
	if (!m->num || rnd_below(rnd, 8) == 0) {
		op->iova = gen_iova(run, rnd, gran, gran);
	} else {
		l = &m->leaves[rnd_below(rnd, m->num)];
		size = 1ULL << l->lg2;
		step = gran;
		if (rnd_below(rnd, 2))
			step = gen_size(rnd, m->pgsize_bitmap &
						     (size - 1)) ?: gran;
		op->iova = l->va + step * rnd_below(rnd, size / step);
		/* Not into hundreds of thousands of leaves: the walks slow */
		if (model_cut_pieces(m, op->iova) > 2048)
			op->iova = l->va;
	}
	switch (rnd_below(rnd, 40)) {
	case 0:
		op->iova += gran >> 1;
		break;
	case 1:
		op->iova = m->va_last + 1;
		break;
	case 2:
		op->iova = rnd_next(rnd) & ~(gran - 1);
		break;
	}
}

/*
 * A reassemble over a leaf or a few, the block of a larger size around
 * them, or a window; now and then an invalid range
 */
static void gen_reassemble(struct gpt_run *run, u64 *rnd, struct gpt_op *op)
{
	struct model *m = &run->model;
	u64 gran = m->pgsize_bitmap & -m->pgsize_bitmap, size;
	struct mleaf *l;

	op->kind = OP_REASSEMBLE;
	if (!m->num) {
		op->iova = gen_iova(run, rnd, gran, gran);
		op->pgsize = gran * (1 + rnd_below(rnd, 64));
	} else {
		l = &m->leaves[rnd_below(rnd, m->num)];
		size = gen_size(rnd, m->pgsize_bitmap & ~((2ULL << l->lg2) - 1));
		if (!size || rnd_below(rnd, 4) == 0)
			size = 1ULL << l->lg2;
		op->iova = l->va & ~(size - 1);
		op->pgsize = size * (1 + rnd_below(rnd, 2));
		if (rnd_below(rnd, 4) == 0) {
			op->iova = 0;
			op->pgsize = (l->va & ~(size - 1)) + size;
		}
	}
	switch (rnd_below(rnd, 40)) {
	case 0:
		op->iova += gran >> 1;
		break;
	case 1:
		op->pgsize = 0;
		break;
	case 2:
		op->iova = -gran;
		op->pgsize = 2 * gran;
		break;
	case 3:
		op->iova = m->va_last + 1;
		op->pgsize = gran;
		break;
	}
}

/*
 * A round trip: one or two cuts of a large leaf, a dirty bit set in it
 * now and then, and a reassemble of the leaf's range, which must give
 * the leaf back
 */
static void gen_round_trip(struct gpt_run *run, u64 *rnd)
{
	struct model *m = &run->model;
	u64 gran = m->pgsize_bitmap & -m->pgsize_bitmap, size;
	unsigned int n = 0, i;
	struct mleaf *l;

	if (!m->num)
		return;
	l = &m->leaves[rnd_below(rnd, m->num)];
	size = 1ULL << l->lg2;
	if (size <= gran)
		return;
	memset(run->pattern, 0, sizeof(run->pattern));
	for (i = 1 + rnd_below(rnd, 2); i; i--) {
		run->pattern[n] = (struct gpt_op){
			.kind = OP_CUT,
			.iova = l->va + gran * (1 + rnd_below(rnd,
							      size / gran - 1)) };
		if (model_cut_pieces(m, run->pattern[n].iova) <= 2048)
			n++;
	}
	if (rnd_below(rnd, 3) == 0)
		run->pattern[n++] = (struct gpt_op){
			.kind = OP_SET_DIRTY,
			.iova = l->va + gran * rnd_below(rnd, size / gran) };
	run->pattern[n++] = (struct gpt_op){ .kind = OP_REASSEMBLE,
					     .iova = l->va, .pgsize = size };
	run->pattern_num = n;
	run->pattern_pos = 0;
}

void gpt_gen_op(struct gpt_run *run, u64 *rnd, struct gpt_op *op)
{
	struct model *m = &run->model;
	unsigned int pick;
	u64 va;

	memset(op, 0, sizeof(*op));
	if (run->pattern_pos == run->pattern_num && rnd_below(rnd, 50) == 0)
		gen_mixed(run, rnd);
	if (run->pattern_pos == run->pattern_num && rnd_below(rnd, 30) == 0)
		gen_round_trip(run, rnd);
	if (run->pattern_pos < run->pattern_num) {
		*op = run->pattern[run->pattern_pos++];
		return;
	}
	pick = rnd_below(rnd, 110);
	if (pick >= 105) {
		gen_reassemble(run, rnd, op);
		return;
	}
	if (pick >= 100) {
		gen_cut(run, rnd, op);
		return;
	}
	if (pick < 42) {
		gen_map(run, rnd, op);
		return;
	}
	if (pick < 64) {
		gen_unmap(run, rnd, op);
		return;
	}
	if (pick < 70) {
		gen_unmap(run, rnd, op);
		gen_unmap_batch(run, rnd, op);
		return;
	}
	va = m->num ? m->leaves[rnd_below(rnd, m->num)].va : 0;
	if (m->num && rnd_below(rnd, 2)) {
		struct mleaf *l = &m->leaves[rnd_below(rnd, m->num)];

		va = l->va + rnd_below(rnd, 1ULL << l->lg2);
	}
	if (rnd_below(rnd, 8) == 0)
		va = rnd_next(rnd) & (rnd_below(rnd, 2) ? m->va_last : ~0ULL);
	op->iova = va;
	if (pick < 77) {
		op->kind = OP_PHYS;
	} else if (pick < 85) {
		op->kind = OP_SET_DIRTY;
	} else if (pick < 94) {
		op->kind = OP_READ_DIRTY;
		op->prot = rnd_below(rnd, 3) ? 0 : IOMMU_DIRTY_NO_CLEAR;
		if (m->num && rnd_below(rnd, 2)) {
			gen_read_dirty_in_leaves(run, rnd, op);
			return;
		}
		op->iova = rnd_below(rnd, 2) ? 0 : va;
		op->pgsize = rnd_below(rnd, 2) ?
				     (m->va_last >> 1) - op->iova + 1 :
				     1 + rnd_below(rnd, 1ULL << 22);
		if (rnd_below(rnd, 40) == 0)
			op->pgsize = rnd_below(rnd, 2) ? 0 : -op->iova + 1;
	} else if (pick < 97) {
		op->kind = OP_PGSIZE;
		op->pgsize = rnd_below(rnd, 3) ? rnd_next(rnd) : ~0ULL;
	} else {
		op->kind = OP_SYNC;
	}
}

/* --- replay and minimisation --- */

long gpt_replay(const struct gpt_fmt *fmt, const struct gpt_cfg *cfg,
		struct gpt_op *ops, size_t num, char *msg, size_t msg_len)
{
	static struct gpt_run run;
	long bad = -1;
	size_t i;

	shim_warnings = 0;
	gpt_run_start(&run, fmt, cfg, 1);
	for (i = 0; i != num && !run.failed; i++)
		if (!gpt_run_op(&run, &ops[i]))
			bad = i;
	if (run.failed && bad < 0)
		bad = 0;
	if (!gpt_run_finish(&run) && bad < 0)
		bad = num;
	if (bad >= 0 && msg)
		snprintf(msg, msg_len, "%s", run.msg);
	shim_warnings = 0;
	return bad;
}

static bool replay_fails(const struct gpt_fmt *fmt, const struct gpt_cfg *cfg,
			 struct gpt_op *ops, size_t num)
{
	return gpt_replay(fmt, cfg, ops, num, NULL, 0) >= 0;
}

size_t gpt_minimize(const struct gpt_fmt *fmt, const struct gpt_cfg *cfg,
		    struct gpt_op *ops, size_t num)
{
	struct gpt_op *tmp = malloc(num * sizeof(*ops));
	size_t chunk, i;
	long bad;

	/* The failing prefix */
	bad = gpt_replay(fmt, cfg, ops, num, NULL, 0);
	if (bad >= 0 && (size_t)bad < num)
		num = bad + 1;
	/* Drop chunks of ops, halving the chunk size, while it still fails */
	for (chunk = num / 2 ? num / 2 : 1; chunk; chunk /= 2) {
		for (i = 0; i + chunk <= num;) {
			memcpy(tmp, ops, i * sizeof(*ops));
			memcpy(tmp + i, ops + i + chunk,
			       (num - i - chunk) * sizeof(*ops));
			if (num > chunk &&
			    replay_fails(fmt, cfg, tmp, num - chunk)) {
				memcpy(ops, tmp, (num - chunk) * sizeof(*ops));
				num -= chunk;
			} else {
				i += chunk;
			}
		}
	}
	free(tmp);
	return num;
}

void gpt_print_ops(FILE *f, const struct gpt_fmt *fmt,
		   const struct gpt_cfg *cfg, const struct gpt_op *ops,
		   size_t num)
{
	size_t i;

	fprintf(f, "  format %s config %s (features 0x%x vasz %u oasz %u level %u)\n",
		fmt->name, cfg->name, cfg->features, cfg->vasz_lg2,
		cfg->oasz_lg2, cfg->level);
	for (i = 0; i != num; i++) {
		fprintf(f, "  %3zu: ", i);
		gpt_op_print(f, &ops[i]);
		fputc('\n', f);
	}
}
