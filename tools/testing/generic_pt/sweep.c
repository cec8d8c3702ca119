// SPDX-License-Identifier: GPL-2.0-only
/*
 * Allocation-failure sweep: for every format and configuration, a fixed
 * op sequence is run once to count its table allocations A, then A more
 * times failing the N-th allocation (N = 1..A). The op that hits the
 * failure must return -ENOMEM (a map reports what it mapped before the
 * failure through *mapped, and that must be a prefix of the model's
 * leaves); the table must match the model after every op; at deinit no
 * page may be left allocated.
 *
 *   sweep [-s SEED] [-l OPS] [-f FORMAT]
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <time.h>

#include "harness.h"
#include "shim/shim.h"

static struct gpt_run run;

/* Run @ops with the @nth allocation failing (0: none); false on failure */
static bool sweep_one(const struct gpt_fmt *fmt, const struct gpt_cfg *cfg,
		      struct gpt_op *ops, size_t num, long nth, long *allocs)
{
	long before = shim_pages_outstanding();
	long allocated = shim_allocations_made();
	struct gpt_dom *dom = &run.dom;
	size_t i;
	int ret;

	shim_fail_nth(nth);
	if (nth == 1) {
		/* The top table of init */
		ret = gpt_dom_init(dom, fmt, cfg);
		shim_fail_nth(0);
		if (ret != -ENOMEM || shim_pages_outstanding() != before) {
			printf("FAIL: %s/%s: init with a failed allocation returned %d, %ld pages left\n",
			       fmt->name, cfg->name, ret,
			       shim_pages_outstanding() - before);
			return false;
		}
		return true;
	}
	gpt_run_start(&run, fmt, cfg, nth);
	run.expect_enomem = nth != 0;
	for (i = 0; i != num && !run.failed; i++)
		gpt_run_op(&run, &ops[i]);
	if (nth && !run.failed && !shim_fail_fired())
		gpt_fail(&run, "allocation %ld never happened", nth);
	shim_fail_nth(0);
	gpt_run_finish(&run);
	if (shim_pages_outstanding() != before)
		gpt_fail(&run, "%ld pages leaked", shim_pages_outstanding() - before);
	*allocs = shim_allocations_made() - allocated;
	if (run.failed) {
		printf("FAIL: %s/%s failing allocation %ld, at op %zu: %s\n",
		       fmt->name, cfg->name, nth, i ? i - 1 : 0, run.msg);
		gpt_print_ops(stdout, fmt, cfg, ops, i);
		return false;
	}
	return true;
}

static bool sweep_cfg(const struct gpt_fmt *fmt, const struct gpt_cfg *cfg,
		      u64 seed, size_t num, unsigned long *runs)
{
	struct gpt_op *ops = calloc(num, sizeof(*ops));
	long allocs = 0, dummy, nth;
	u64 rnd = seed;
	bool ok = true;
	size_t i;

	/* Record the sequence on a table that never fails */
	gpt_run_start(&run, fmt, cfg, seed);
	for (i = 0; i != num; i++) {
		/* Mostly maps, unmaps and cuts: the ops that move tables */
		do {
			gpt_gen_op(&run, &rnd, &ops[i]);
		} while (ops[i].kind != OP_MAP && ops[i].kind != OP_UNMAP &&
			 ops[i].kind != OP_CUT && rnd_below(&rnd, 4));
		gpt_run_op(&run, &ops[i]);
	}
	gpt_run_finish(&run);
	if (!sweep_one(fmt, cfg, ops, num, 0, &allocs))
		ok = false;
	for (nth = 1; ok && nth <= allocs; nth++) {
		ok = sweep_one(fmt, cfg, ops, num, nth, &dummy);
		(*runs)++;
	}
	free(ops);
	return ok;
}

int main(int argc, char **argv)
{
	unsigned int pass = 0, fail = 0, i, c;
	const char *only = NULL;
	u64 seed = 0x5eed;
	size_t num = 400;
	int opt;

	while ((opt = getopt(argc, argv, "s:l:f:")) != -1) {
		switch (opt) {
		case 's':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 'l':
			num = strtoul(optarg, NULL, 0);
			break;
		case 'f':
			only = optarg;
			break;
		default:
			fprintf(stderr, "usage: %s [-s seed] [-l ops] [-f format]\n",
				argv[0]);
			return 2;
		}
	}
	printf("sweep: seed 0x%llx, %zu ops per sequence\n",
	       (unsigned long long)seed, num);
	for (i = 0; gpt_formats[i]; i++) {
		const struct gpt_fmt *fmt = gpt_formats[i];
		unsigned long runs = 0;
		bool ok = true;

		if (only && strcmp(only, fmt->name))
			continue;
		for (c = 0; c != fmt->num_cfgs && ok; c++)
			ok = sweep_cfg(fmt, &fmt->cfgs[c], seed + c, num, &runs);
		printf("sweep: %s: %u configs, %lu failing-allocation runs: %s\n",
		       fmt->name, fmt->num_cfgs, runs, ok ? "ok" : "FAILED");
		gpt_stats_print(stdout);
		if (ok)
			pass++;
		else
			fail++;
	}
	printf("result: %u passed, %u failed\n", pass, fail);
	return fail ? 1 : 0;
}
