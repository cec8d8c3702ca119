// SPDX-License-Identifier: GPL-2.0-only
/*
 * Differential random test: random op sequences on every format and
 * configuration, each op checked against the shadow model and followed by
 * a full walk of the table (harness.c). Seedable; on a divergence the
 * sequence is shrunk and printed as a reproducer.
 *
 *   difftest [-s SEED] [-n OPS_PER_FORMAT] [-l EPISODE_LEN] [-f FORMAT]
 */
#include <getopt.h>
#include <stdlib.h>
#include <time.h>

#include "harness.h"
#include "shim/shim.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void report_failure(const struct gpt_fmt *fmt, const struct gpt_cfg *cfg,
			   struct gpt_op *ops, size_t num, u64 seed,
			   unsigned long ep, const char *msg)
{
	char msg2[512];
	long bad;

	printf("FAIL: %s/%s seed 0x%llx episode %lu: %s\n", fmt->name,
	       cfg->name, (unsigned long long)seed, ep, msg);
	num = gpt_minimize(fmt, cfg, ops, num);
	bad = gpt_replay(fmt, cfg, ops, num, msg2, sizeof(msg2));
	printf("minimal failing sequence (%zu ops, fails at op %ld: %s):\n",
	       num, bad, bad >= 0 ? msg2 : "did not reproduce");
	gpt_print_ops(stdout, fmt, cfg, ops, num);
}

/* Run one format for @total ops; true if it passed */
static bool run_format(const struct gpt_fmt *fmt, u64 seed,
		       unsigned long total, unsigned long ep_len)
{
	struct gpt_op *ops = calloc(ep_len, sizeof(*ops));
	static struct gpt_run run;
	unsigned long done = 0, ep;
	double t0 = now();
	size_t i;

	for (ep = 0; done < total; ep++) {
		const struct gpt_cfg *cfg = &fmt->cfgs[ep % fmt->num_cfgs];
		u64 rnd = seed ^ (ep * 0x100000001b3ULL) ^
			  ((u64)fmt->name[0] << 56) ^ strlen(fmt->name);

		gpt_run_start(&run, fmt, cfg, rnd);
		for (i = 0; i != ep_len && !run.failed; i++) {
			gpt_gen_op(&run, &rnd, &ops[i]);
			gpt_run_op(&run, &ops[i]);
		}
		done += i;
		if (!gpt_run_finish(&run)) {
			report_failure(fmt, cfg, ops, i, seed, ep, run.msg);
			free(ops);
			return false;
		}
	}
	printf("difftest: %s: %lu ops in %lu episodes over %u configs, %.1f s: ok\n",
	       fmt->name, done, ep, fmt->num_cfgs, now() - t0);
	gpt_stats_print(stdout);
	free(ops);
	return true;
}

struct gap_watch {
	void (*on_sync)(void *ctx, struct iommu_iotlb_gather *gather);
	void *sync_ctx;
	u64 gap_va, gap_last;
	unsigned int syncs;
	bool spanned;
};

static void gap_watch_sync(void *ctx, struct iommu_iotlb_gather *gather)
{
	struct gap_watch *w = ctx;

	if (gather->start <= gather->end) {
		w->syncs++;
		w->spanned |= gather->start <= w->gap_last &&
			      gather->end >= w->gap_va;
	}
	w->on_sync(w->sync_ctx, gather);
}

/*
 * One map over two emptied level 0 tables, under [0, span) and
 * [2 * span, 3 * span), with no table under [span, 2 * span): with
 * PT_FEAT_FLUSH_RANGE_NO_GAPS no flush of the tables it frees may span the
 * gap (as the unmap path's gather; KUnit test_map_free_gather_gaps).
 */
static bool map_gather_gaps(const struct gpt_fmt *fmt)
{
	static struct gpt_run run;
	unsigned int c, i, ran = 0;
	bool ok = true;

	for (c = 0; c != fmt->num_cfgs; c++) {
		const struct gpt_cfg *cfg = &fmt->cfgs[c];
		struct gap_watch w = {};
		struct gpt_op op = { .prot = IOMMU_READ };
		u64 gran, span;

		if (!(cfg->features & BIT(PT_FEAT_FLUSH_RANGE_NO_GAPS)))
			continue;
		gpt_run_start(&run, fmt, cfg, 1);
		gran = run.model.pgsize_bitmap & -run.model.pgsize_bitmap;
		span = 1ULL << model_level_va_lg2(&run.model, 1);
		if (!(run.model.pgsize_bitmap & span) ||
		    3 * span - 1 > run.model.va_last) {
			gpt_run_finish(&run);
			continue;
		}
		for (i = 0; i < 3; i += 2) {
			op.kind = OP_MAP;
			op.iova = i * span;
			op.pa = 0;
			op.pgsize = gran;
			op.pgcount = 1;
			gpt_run_op(&run, &op);
			op.kind = OP_UNMAP;
			gpt_run_op(&run, &op);
		}
		w.on_sync = run.dom.on_sync;
		w.sync_ctx = run.dom.sync_ctx;
		w.gap_va = span;
		w.gap_last = 2 * span - 1;
		run.dom.on_sync = gap_watch_sync;
		run.dom.sync_ctx = &w;
		op = (struct gpt_op){ .kind = OP_MAP, .prot = IOMMU_READ,
				      .iova = 0, .pa = span, .pgsize = span,
				      .pgcount = 3 };
		gpt_run_op(&run, &op);
		run.dom.on_sync = w.on_sync;
		run.dom.sync_ctx = w.sync_ctx;
		if (!w.syncs || w.spanned) {
			printf("FAIL: %s/%s map: %u flushes, gap at 0x%llx spanned: %s\n",
			       fmt->name, cfg->name, w.syncs,
			       (unsigned long long)w.gap_va,
			       w.spanned ? "yes" : "no");
			ok = false;
		}
		if (!gpt_run_finish(&run)) {
			printf("FAIL: %s/%s map gather: %s\n", fmt->name,
			       cfg->name, run.msg);
			ok = false;
		}
		ran++;
	}
	printf("difftest: %s: map gather gaps on %u NO_GAPS configs: %s\n",
	       fmt->name, ran, ok ? "ok" : "FAILED");
	return ok;
}

int main(int argc, char **argv)
{
	unsigned long total = 100000, ep_len = 200;
	const char *only = NULL;
	unsigned int pass = 0, fail = 0, i;
	u64 seed = time(NULL);
	int c;

	while ((c = getopt(argc, argv, "s:n:l:f:")) != -1) {
		switch (c) {
		case 's':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 'n':
			total = strtoul(optarg, NULL, 0);
			break;
		case 'l':
			ep_len = strtoul(optarg, NULL, 0);
			break;
		case 'f':
			only = optarg;
			break;
		default:
			fprintf(stderr, "usage: %s [-s seed] [-n ops] [-l episode_len] [-f format]\n",
				argv[0]);
			return 2;
		}
	}
	printf("difftest: seed 0x%llx (rerun with -s 0x%llx)\n",
	       (unsigned long long)seed, (unsigned long long)seed);
	for (i = 0; gpt_formats[i]; i++) {
		if (only && strcmp(only, gpt_formats[i]->name))
			continue;
		if (run_format(gpt_formats[i], seed, total, ep_len))
			pass++;
		else
			fail++;
		if (map_gather_gaps(gpt_formats[i]))
			pass++;
		else
			fail++;
		fflush(stdout);
	}
	printf("result: %u passed, %u failed\n", pass, fail);
	return fail ? 1 : 0;
}
