// SPDX-License-Identifier: GPL-2.0-only
/*
 * Concurrency stress, built with -fsanitize=thread (stress) and with
 * -fsanitize=address,undefined (stress-asan). The generic page table
 * promises that ops on disjoint IOVA ranges need no lock: they meet only
 * when installing a table into the same empty item (one compare-and-
 * exchange wins) and when growing the top (under the driver's lock). Each
 * scenario below makes those meetings happen and then compares the whole
 * table with the union of the threads' models.
 *
 *   disjoint: workers map/unmap on neighbouring slices (shared upper
 *             tables), a grower maps high IOVAs (top growth), readers
 *             translate a stable region and check every answer
 *   grow:     threads map high IOVAs at once from a level 0 top
 *   install:  threads map neighbouring granules under one empty item
 *   resize:   a thread cuts a large leaf at random points and reassembles
 *             it while readers translate all of it: every answer must be
 *             right (hitless), and a freed table must not be walked (its
 *             flush waits for the walks in flight, as an IOTLB flush does);
 *             meanwhile a thread sets D at a random IOVA as the IOMMU does
 *             on a DMA write, and the next harvest must report it unless
 *             the walk that set it went through a table unlinked by then
 *             (the one loss pt_iommu_reassemble() allows: D set through
 *             the old layout before the flush; those rounds are counted)
 *
 *   stress [-s SEED] [-r ROUNDS] [-n OPS] [-f FORMAT] [-S "FORMAT:N ..."]
 *
 * -S runs 1/N of the ops and rounds for each FORMAT listed.
 */
#include <getopt.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <time.h>

#include <linux/generic_pt/common.h>

#include "harness.h"
#include "shim/shim.h"

#define WORKERS 4
#define READERS 2

static struct gpt_run run;
static pthread_barrier_t start_barrier;
static bool readers_stop;
static unsigned long reader_checks, install_losses;

struct worker {
	pthread_t thread;
	struct model model;
	u64 base;
	u64 span;
	u64 rnd;
	unsigned long ops;
	u64 max_last;
	bool mapped_any;
	char msg[256];
};

static struct worker workers[WORKERS + 1];

static void worker_fail(struct worker *w, const char *what, u64 a, u64 b)
{
	if (!w->msg[0])
		snprintf(w->msg, sizeof(w->msg), "%s 0x%llx 0x%llx", what,
			 (unsigned long long)a, (unsigned long long)b);
}

static void worker_model_init(struct worker *w)
{
	model_init(&w->model, run.dom.fmt->geo, run.dom.cfg,
		   run.dom.fmt->fmt_features);
	w->model.pgsize_bitmap = run.dom.domain.pgsize_bitmap;
	w->max_last = 0;
	w->mapped_any = false;
	w->msg[0] = 0;
}

/* Map @len at @iova (pa == iova) and check it against the worker model */
static void worker_map(struct worker *w, u64 iova, u64 pgsize, u64 count)
{
	struct model_map plan = {};
	size_t mapped = 0;
	int ret;

	model_map_plan(&w->model, iova, iova & w->model.oa_last, pgsize, count,
		       IOMMU_READ | IOMMU_WRITE, &plan);
	ret = run.dom.domain.ops->map_pages(&run.dom.domain, iova,
					    iova & w->model.oa_last, pgsize,
					    count, IOMMU_READ | IOMMU_WRITE,
					    GFP_KERNEL, &mapped);
	if (ret != plan.ret)
		worker_fail(w, "map returned/model", ret, plan.ret);
	if (!ret) {
		model_map_apply(&w->model, &plan, pgsize * count);
		if (iova + pgsize * count - 1 > w->max_last)
			w->max_last = iova + pgsize * count - 1;
		w->mapped_any = true;
	}
	model_map_free(&plan);
}

static void worker_unmap(struct worker *w, u64 iova, u64 len)
{
	struct iommu_iotlb_gather gather;
	struct model_unmap res = {};
	size_t got;

	iommu_iotlb_gather_init(&gather);
	model_unmap(&w->model, iova, len, 1, &res);
	got = run.dom.domain.ops->unmap_pages(&run.dom.domain, iova, len, 1,
					      &gather);
	iommu_iotlb_sync(&run.dom.domain, &gather);
	if (got != res.bytes)
		worker_fail(w, "unmap returned/model", got, res.bytes);
	model_unmap_free(&res);
}

/* Random map/unmap/translate inside the worker's own slice */
static void *worker_fn(void *arg)
{
	struct worker *w = arg;
	struct model *m = &w->model;
	u64 gran = m->pgsize_bitmap & -m->pgsize_bitmap;
	unsigned long i;

	pthread_barrier_wait(&start_barrier);
	for (i = 0; i != w->ops && !w->msg[0]; i++) {
		unsigned int pick = rnd_below(&w->rnd, 10);
		u64 size = gran << rnd_below(&w->rnd, 12);
		u64 count = 1 + rnd_below(&w->rnd, 8);
		u64 va;

		if (size * count * 4 > w->span)
			size = gran;
		va = w->base + (rnd_below(&w->rnd, w->span / size - count) *
				size);
		if (pick < 5) {
			worker_map(w, va, size, count);
		} else if (pick < 8 && m->num) {
			struct mleaf *l = &m->leaves[rnd_below(&w->rnd, m->num)];

			worker_unmap(w, l->va, 1ULL << l->lg2);
		} else if (m->num) {
			struct mleaf *l = &m->leaves[rnd_below(&w->rnd, m->num)];
			u64 off = rnd_below(&w->rnd, 1ULL << l->lg2);
			u64 got = run.dom.domain.ops->iova_to_phys(
				&run.dom.domain, l->va + off);

			if (got != l->pa + off)
				worker_fail(w, "iova_to_phys", l->va + off, got);
		}
	}
	return NULL;
}

/* The grower maps one granule at ever higher IOVAs, growing the top */
static void *grower_fn(void *arg)
{
	struct worker *w = arg;
	u64 gran = w->model.pgsize_bitmap & -w->model.pgsize_bitmap;
	unsigned long i;

	pthread_barrier_wait(&start_barrier);
	for (i = 0; i != w->ops && !w->msg[0]; i++) {
		unsigned int bit = 40 + rnd_below(&w->rnd, 24);
		u64 va = (1ULL << bit) + gran * (w->rnd & 0xff);

		if (va > w->model.va_last || va < (1ULL << bit))
			continue;
		va &= ~(gran - 1);
		if (model_find(&w->model, va) >= 0)
			worker_unmap(w, va, gran);
		else
			worker_map(w, va, gran, 1);
	}
	return NULL;
}

struct reader {
	pthread_t thread;
	u64 va;
	u64 len;
	u64 rnd;
	/* Odd while a translation is in flight */
	unsigned long seq;
};

/* The readers of the running scenario, for reader_wait() */
static struct reader *active_readers;

/*
 * Translate the stable region [va, va + len), which maps pa == va. It is
 * mapped before the threads start and never unmapped, and it shares upper
 * tables with the workers' slices, so the walks race table installs and top
 * growth. Readers never look at VA another thread maps or unmaps: the caller
 * of iova_to_phys owns the IOVA it queries (a walk there may read a table
 * the other thread frees; ASan, run by make check, reports that).
 */
static void *reader_fn(void *arg)
{
	struct reader *r = arg;

	while (!__atomic_load_n(&readers_stop, __ATOMIC_ACQUIRE)) {
		u64 va = r->va + rnd_below(&r->rnd, r->len);
		u64 got;

		__atomic_fetch_add(&r->seq, 1, __ATOMIC_SEQ_CST);
		got = run.dom.domain.ops->iova_to_phys(&run.dom.domain, va);
		__atomic_fetch_add(&r->seq, 1, __ATOMIC_RELEASE);
		if (got != va) {
			fprintf(stderr, "reader: iova_to_phys(0x%llx) = 0x%llx\n",
				(unsigned long long)va, (unsigned long long)got);
			abort();
		}
		__atomic_fetch_add(&reader_checks, 1, __ATOMIC_RELAXED);
	}
	return NULL;
}

/* Merge the worker models into run.model and check the whole table */
static bool stress_verify(const char *scenario, unsigned int nworkers,
			  u64 stable_va, u64 stable_len)
{
	struct model *m = &run.model;
	u64 max_last = stable_len ? stable_va + stable_len - 1 : 0;
	unsigned int i;
	size_t j;
	bool any = stable_len;

	for (i = 0; i != nworkers; i++) {
		struct worker *w = &workers[i];

		if (w->msg[0]) {
			gpt_fail(&run, "%s: worker %u: %s", scenario, i, w->msg);
			return false;
		}
		for (j = 0; j != w->model.num; j++) {
			struct mleaf *l = &w->model.leaves[j];
			struct model_map plan = {
				.leaves = l, .num = 1, .cap = 1 };

			model_map_apply(m, &plan, 1ULL << l->lg2);
		}
		if (w->mapped_any && w->max_last > max_last)
			max_last = w->max_last;
		any |= w->mapped_any;
		model_free(&w->model);
	}
	/* Tops only grow: the top must reach the highest IOVA ever mapped */
	while (any && m->top_level < m->max_top_level &&
	       model_level_va_lg2(m, m->top_level) < 64 &&
	       (max_last >> model_level_va_lg2(m, m->top_level)))
		m->top_level++;
	return gpt_run_check_table(&run);
}

static void stress_start(const struct gpt_fmt *fmt, const struct gpt_cfg *cfg,
			 u64 seed)
{
	gpt_run_start(&run, fmt, cfg, seed);
	/* The test's flush bookkeeping is single threaded; just free pages */
	run.dom.on_sync = NULL;
}

static bool stress_finish(void)
{
	run.dom.on_sync = NULL;
	return gpt_run_finish(&run);
}

/* Map the stable region the readers check, pa == va */
static void map_stable(u64 va, u64 len)
{
	struct model_map plan = {};
	u64 gran = run.model.pgsize_bitmap & -run.model.pgsize_bitmap;
	size_t mapped = 0;

	model_map_plan(&run.model, va, va, gran, len / gran,
		       IOMMU_READ | IOMMU_WRITE, &plan);
	if (run.dom.domain.ops->map_pages(&run.dom.domain, va, va, gran,
					  len / gran, IOMMU_READ | IOMMU_WRITE,
					  GFP_KERNEL, &mapped) || plan.ret)
		gpt_fail(&run, "stable map failed");
	model_map_apply(&run.model, &plan, len);
	run.model.top_level = plan.new_top_level;
	model_map_free(&plan);
}

static void readers_run(struct reader *readers, u64 va, u64 len, u64 seed)
{
	unsigned int i;

	readers_stop = false;
	active_readers = readers;
	for (i = 0; i != READERS; i++) {
		readers[i] = (struct reader){ .va = va, .len = len,
					      .rnd = seed + i };
		pthread_create(&readers[i].thread, NULL, reader_fn, &readers[i]);
	}
}

static void readers_join(struct reader *readers)
{
	unsigned int i;

	__atomic_store_n(&readers_stop, true, __ATOMIC_RELEASE);
	for (i = 0; i != READERS; i++)
		pthread_join(readers[i].thread, NULL);
}

static const struct gpt_cfg *dynamic_cfg(const struct gpt_fmt *fmt,
					 unsigned int max_level)
{
	unsigned int i;

	for (i = 0; i != fmt->num_cfgs; i++)
		if ((fmt->cfgs[i].features & BIT(PT_FEAT_DYNAMIC_TOP)) &&
		    fmt->cfgs[i].level <= max_level)
			return &fmt->cfgs[i];
	return NULL;
}

static bool scenario_disjoint(const struct gpt_fmt *fmt, u64 seed,
			      unsigned long ops)
{
	const struct gpt_cfg *cfg = dynamic_cfg(fmt, 2) ?: &fmt->cfgs[0];
	bool grow = cfg->features & BIT(PT_FEAT_DYNAMIC_TOP);
	struct reader readers[READERS];
	unsigned int i;
	u64 gran, span, stable;
	bool ok;

	stress_start(fmt, cfg, seed);
	gran = run.model.pgsize_bitmap & -run.model.pgsize_bitmap;
	/* Slices of 2^(granule + 13): neighbours share level 1 and 2 tables */
	span = gran << 13;
	stable = span * WORKERS;
	map_stable(stable, gran * 64);
	pthread_barrier_init(&start_barrier, NULL, WORKERS + 1);
	for (i = 0; i != WORKERS + 1; i++) {
		struct worker *w = &workers[i];

		worker_model_init(w);
		w->base = span * i;
		w->span = span;
		w->rnd = seed * 31 + i;
		/* The grower only where the top can grow */
		w->ops = i == WORKERS ? (grow ? ops / 8 : 0) : ops;
	}
	readers_run(readers, stable, gran * 64, seed);
	for (i = 0; i != WORKERS; i++)
		pthread_create(&workers[i].thread, NULL, worker_fn, &workers[i]);
	pthread_create(&workers[WORKERS].thread, NULL, grower_fn,
		       &workers[WORKERS]);
	for (i = 0; i != WORKERS + 1; i++)
		pthread_join(workers[i].thread, NULL);
	readers_join(readers);
	pthread_barrier_destroy(&start_barrier);
	ok = stress_verify("disjoint", WORKERS + 1, stable, gran * 64);
	ok &= stress_finish();
	if (!ok)
		printf("FAIL: %s/%s disjoint: %s\n", fmt->name, cfg->name,
		       run.msg);
	return ok;
}

/* Each thread maps one granule at its own IOVA, all released at once */
static void *one_map_fn(void *arg)
{
	struct worker *w = arg;
	u64 gran = w->model.pgsize_bitmap & -w->model.pgsize_bitmap;

	pthread_barrier_wait(&start_barrier);
	worker_map(w, w->base, gran, 1);
	return NULL;
}

static bool race_round(const struct gpt_fmt *fmt, const struct gpt_cfg *cfg,
		       u64 seed, bool grow, const char *name)
{
	struct reader readers[READERS];
	long allocs_before, pages_before;
	unsigned int i;
	u64 gran, stable;
	bool ok;

	stress_start(fmt, cfg, seed);
	gran = run.model.pgsize_bitmap & -run.model.pgsize_bitmap;
	/* A granule at VA 0 the readers watch while the table changes */
	stable = 0;
	map_stable(stable, gran);
	allocs_before = shim_pages_allocated();
	pages_before = gpt_dom_table_pages(&run.dom);
	pthread_barrier_init(&start_barrier, NULL, WORKERS);
	for (i = 0; i != WORKERS; i++) {
		struct worker *w = &workers[i];
		unsigned int bit;

		worker_model_init(w);
		if (grow) {
			/* Distinct high IOVAs, each beyond the first top */
			bit = 30 + rnd_below(&seed, 30);
			w->base = ((1ULL << bit) & run.model.va_last) +
				  gran * (i + 1);
		} else {
			/*
			 * Neighbours under one empty upper-level item: the
			 * upper half of a VA narrower than that (32 bits)
			 */
			u64 half = (run.model.va_last >> 1) + 1;

			w->base = ((gran << 20) < half ? gran << 20 : half) +
				  gran * i;
		}
		w->base &= run.model.va_last & ~(gran - 1);
	}
	readers_run(readers, stable, gran, seed);
	for (i = 0; i != WORKERS; i++)
		pthread_create(&workers[i].thread, NULL, one_map_fn,
			       &workers[i]);
	for (i = 0; i != WORKERS; i++)
		pthread_join(workers[i].thread, NULL);
	readers_join(readers);
	pthread_barrier_destroy(&start_barrier);
	/* Allocations beyond the new tables lost a race and were freed */
	install_losses += shim_pages_allocated() - allocs_before -
			  (gpt_dom_table_pages(&run.dom) - pages_before);
	ok = stress_verify(name, WORKERS, stable, gran);
	ok &= stress_finish();
	if (!ok)
		printf("FAIL: %s/%s %s: %s\n", fmt->name, cfg->name, name,
		       run.msg);
	return ok;
}

/*
 * The IOMMU writing through the range a resize changes: at each round the
 * main thread starts, it sets D at a random IOVA of [va, va + len),
 * walking again whenever the item it read changed, and says which
 */
struct dirtier {
	pthread_t thread;
	u64 va;
	u64 len;
	u64 rnd;
	/* Odd while a walk is in flight, as struct reader's */
	unsigned long seq;
	/* The round the main thread started, and the last one done */
	unsigned long go;
	unsigned long done;
	u64 dirtied;
	int ret;
};

static void *dirtier_fn(void *arg)
{
	struct dirtier *d = arg;
	unsigned long round = 0, spin;
	u64 va;
	int ret;

	while (!__atomic_load_n(&readers_stop, __ATOMIC_ACQUIRE)) {
		if (__atomic_load_n(&d->go, __ATOMIC_ACQUIRE) == round) {
			sched_yield();
			continue;
		}
		round++;
		/* Land anywhere in the resize, or before or after it */
		for (spin = rnd_below(&d->rnd, 4096); spin; spin--)
			__atomic_signal_fence(__ATOMIC_SEQ_CST);
		va = d->va + rnd_below(&d->rnd, d->len);
		do {
			__atomic_fetch_add(&d->seq, 1, __ATOMIC_SEQ_CST);
			ret = run.dom.fmt->hw_set_dirty(
				pt_iommu_from_domain(&run.dom.domain), va);
			__atomic_fetch_add(&d->seq, 1, __ATOMIC_RELEASE);
		} while (ret == -EAGAIN);
		d->dirtied = va;
		d->ret = ret;
		__atomic_store_n(&d->done, round, __ATOMIC_RELEASE);
	}
	return NULL;
}

/* Records the IOVA ranges a harvest reports */
struct dirty_found {
	struct iova_bitmap bitmap;
	u64 va;
	bool found;
};

static void dirty_found_set(struct iova_bitmap *bitmap, unsigned long iova,
			    size_t length)
{
	struct dirty_found *f = container_of(bitmap, struct dirty_found,
					     bitmap);

	if (f->va >= iova && f->va - iova < length)
		f->found = true;
}

/*
 * Harvest and clear every D bit of [va, va + len); true if @dirtied was
 * reported
 */
static bool harvest_dirty(u64 va, u64 len, u64 dirtied)
{
	struct dirty_found found = { .bitmap.set = dirty_found_set,
				     .va = dirtied };
	struct iommu_iotlb_gather gather;
	struct iommu_dirty_bitmap dirty;

	iommu_iotlb_gather_init(&gather);
	iommu_dirty_bitmap_init(&dirty, &found.bitmap, &gather);
	run.dom.domain.dirty_ops->read_and_clear_dirty(&run.dom.domain, va,
						       len, 0, &dirty);
	iommu_iotlb_sync(&run.dom.domain, &gather);
	return found.found;
}

static void dirty_model_ignore(void *ctx, u64 va, u64 len, u64 leaf_va,
			       u64 leaf_len)
{
}

/* Let the dirtier's round @round run; its answer once it is done */
static void dirtier_go(struct dirtier *d, unsigned long round)
{
	__atomic_store_n(&d->go, round, __ATOMIC_RELEASE);
}

static void dirtier_wait(struct dirtier *d, unsigned long round)
{
	while (__atomic_load_n(&d->done, __ATOMIC_ACQUIRE) != round)
		sched_yield();
}

/*
 * The flush of the resize scenario: it returns once every translation in
 * flight when it began is done, as an IOTLB flush returns once the IOMMU
 * no longer uses what it cached, so the tables freed after it are walked
 * by nobody
 */
static void seq_wait(unsigned long *walk_seq)
{
	unsigned long seq = __atomic_load_n(walk_seq, __ATOMIC_SEQ_CST);

	while ((seq & 1) && __atomic_load_n(walk_seq, __ATOMIC_ACQUIRE) == seq)
		;
}

/* The dirtier of the resize scenario, if it runs */
static struct dirtier *active_dirtier;

static void reader_wait(void *ctx, struct iommu_iotlb_gather *gather)
{
	unsigned int i;

	for (i = 0; i != READERS; i++)
		seq_wait(&active_readers[i].seq);
	if (active_dirtier)
		seq_wait(&active_dirtier->seq);
}

/*
 * Cut a leaf of the largest size up to 1 GiB at random granules and now
 * and then reassemble it, while the readers translate all of it and, in
 * a format with dirty tracking, the dirtier writes through it
 */
static bool scenario_resize(const struct gpt_fmt *fmt, u64 seed,
			    unsigned long ops, unsigned long *resizes,
			    unsigned long *dirty_checks,
			    unsigned long *unlinked)
{
	const struct gpt_cfg *cfg = &fmt->cfgs[0];
	bool dirty = fmt->geo && fmt->geo->has_dirty && !cfg->no_dirty;
	struct dirtier dirtier = { .rnd = seed * 7 };
	struct pt_iommu *iommu;
	struct iommu_iotlb_gather gather;
	struct reader readers[READERS];
	u64 gran, size, rnd = seed, sizes;
	unsigned long i;
	bool ok = true, found;
	int ret;

	stress_start(fmt, cfg, seed);
	iommu = pt_iommu_from_domain(&run.dom.domain);
	sizes = run.model.pgsize_bitmap & ((2ULL << 30) - 1) &
		(run.model.va_last >> 1);
	gran = sizes & -sizes;
	size = 1ULL << (63 - __builtin_clzll(sizes));
	map_stable(size, size);
	run.dom.on_sync = reader_wait;
	readers_run(readers, size, size, seed);
	if (dirty) {
		dirtier.va = size;
		dirtier.len = size;
		active_dirtier = &dirtier;
		pthread_create(&dirtier.thread, NULL, dirtier_fn, &dirtier);
	}
	for (i = 0; i != ops && ok; i++) {
		u64 cut = size + gran * (1 + rnd_below(&rnd, size / gran - 1));

		if (dirty)
			dirtier_go(&dirtier, i + 1);
		iommu_iotlb_gather_init(&gather);
		ret = pt_iommu_cut(iommu, cut, &gather, GFP_KERNEL);
		iommu_iotlb_sync(&run.dom.domain, &gather);
		if (ret) {
			gpt_fail(&run, "cut at 0x%llx: %d",
				 (unsigned long long)cut, ret);
			ok = false;
		}
		(*resizes)++;
		if (!rnd_below(&rnd, 3)) {
			iommu_iotlb_gather_init(&gather);
			ret = pt_iommu_reassemble(iommu, size, size, &gather);
			iommu_iotlb_sync(&run.dom.domain, &gather);
			if (ret) {
				gpt_fail(&run, "reassemble: %d", ret);
				ok = false;
			}
			(*resizes)++;
		}
		if (!dirty)
			continue;
		dirtier_wait(&dirtier, i + 1);
		found = harvest_dirty(size, size, dirtier.dirtied);
		if (dirtier.ret == GPT_DIRTY_UNLINKED) {
			(*unlinked)++;
			continue;
		}
		if (dirtier.ret || !found) {
			gpt_fail(&run, "D set at 0x%llx (%d) was lost",
				 (unsigned long long)dirtier.dirtied,
				 dirtier.ret);
			ok = false;
		}
		(*dirty_checks)++;
	}
	iommu_iotlb_gather_init(&gather);
	pt_iommu_reassemble(iommu, size, size, &gather);
	iommu_iotlb_sync(&run.dom.domain, &gather);
	readers_join(readers);
	if (dirty) {
		pthread_join(dirtier.thread, NULL);
		active_dirtier = NULL;
		/* Each round ended with a harvest: the leaf is clean */
		model_read_dirty(&run.model, size, size, true,
				 dirty_model_ignore, NULL);
	}
	run.dom.on_sync = NULL;
	/* Reassembled: the one leaf map_stable() made */
	ok = stress_verify("resize", 0, size, size) && ok;
	ok &= stress_finish();
	if (!ok)
		printf("FAIL: %s/%s resize: %s\n", fmt->name, cfg->name,
		       run.msg);
	return ok;
}

/* N of "FORMAT:N" in @scale for @name, or 1 */
static unsigned long scale_of(const char *scale, const char *name)
{
	size_t len = strlen(name);
	const char *p = scale;

	while (p && *p) {
		while (*p == ' ')
			p++;
		if (!strncmp(p, name, len) && p[len] == ':') {
			unsigned long n = strtoul(p + len + 1, NULL, 0);

			return n ? n : 1;
		}
		p = strchr(p, ' ');
	}
	return 1;
}

int main(int argc, char **argv)
{
	unsigned long all_rounds = 200, all_ops = 20000, rounds, ops, r;
	unsigned int pass = 0, fail = 0, i;
	const char *only = NULL, *scale = NULL;
	u64 seed = time(NULL);
	int opt;

	while ((opt = getopt(argc, argv, "s:r:n:f:S:")) != -1) {
		switch (opt) {
		case 's':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 'r':
			all_rounds = strtoul(optarg, NULL, 0);
			break;
		case 'n':
			all_ops = strtoul(optarg, NULL, 0);
			break;
		case 'f':
			only = optarg;
			break;
		case 'S':
			scale = optarg;
			break;
		default:
			fprintf(stderr, "usage: %s [-s seed] [-r rounds] [-n ops] [-f format] [-S \"format:n ...\"]\n",
				argv[0]);
			return 2;
		}
	}
	printf("stress: seed 0x%llx, %d workers, %d readers\n",
	       (unsigned long long)seed, WORKERS, READERS);
	for (i = 0; gpt_formats[i]; i++) {
		const struct gpt_fmt *fmt = gpt_formats[i];
		const struct gpt_cfg *grow_cfg = dynamic_cfg(fmt, 0);
		const struct gpt_cfg *cfg = dynamic_cfg(fmt, 5) ?: &fmt->cfgs[0];
		bool ok;

		if (only && strcmp(only, fmt->name))
			continue;
		rounds = all_rounds / scale_of(scale, fmt->name);
		ops = all_ops / scale_of(scale, fmt->name);
		reader_checks = install_losses = 0;
		ok = scenario_disjoint(fmt, seed, ops);
		printf("stress: %s disjoint: %d x %lu ops, %lu reader checks: %s\n",
		       fmt->name, WORKERS, ops, reader_checks,
		       ok ? "ok" : "FAILED");
		ok ? pass++ : fail++;

		ok = true;
		install_losses = 0;
		for (r = 0; grow_cfg && r != rounds && ok; r++)
			ok = race_round(fmt, grow_cfg, seed + r, true, "grow");
		if (grow_cfg)
			printf("stress: %s grow: %lu rounds from level %u, %lu tables of lost races: %s\n",
			       fmt->name, r, grow_cfg->level, install_losses,
			       ok ? "ok" : "FAILED");
		else
			printf("stress: %s grow: no dynamic top, skipped\n",
			       fmt->name);
		ok ? pass++ : fail++;

		ok = true;
		install_losses = 0;
		for (r = 0; cfg && r != rounds && ok; r++)
			ok = race_round(fmt, cfg, seed + r, false, "install");
		printf("stress: %s install: %lu rounds, %lu install races lost: %s\n",
		       fmt->name, r, install_losses, ok ? "ok" : "FAILED");
		ok ? pass++ : fail++;

		if (fmt->geo && fmt->geo->break_before_make) {
			printf("stress: %s resize: break-before-make, skipped\n",
			       fmt->name);
		} else {
			unsigned long resizes = 0, dirty_checks = 0;
			unsigned long unlinked = 0;

			reader_checks = 0;
			ok = scenario_resize(fmt, seed, ops / 4, &resizes,
					     &dirty_checks, &unlinked);
			printf("stress: %s resize: %lu cuts and reassembles, %lu reader checks, %lu dirty checks (%lu more set in unlinked tables): %s\n",
			       fmt->name, resizes, reader_checks, dirty_checks,
			       unlinked, ok ? "ok" : "FAILED");
			ok ? pass++ : fail++;
		}
		fflush(stdout);
	}
	printf("result: %u passed, %u failed\n", pass, fail);
	return fail ? 1 : 0;
}
