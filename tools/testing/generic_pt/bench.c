// SPDX-License-Identifier: GPL-2.0-only
/*
 * Map/unmap cost per format: one map_pages() of 1 and of 256 entries at
 * every page size (pgsize_bitmap restricted to that size, so it really is
 * that many leaves), then the unmap_pages() of the same range, on the
 * format's first configuration.
 *
 *   bench [-r REPS] [-c] [-i IR_FILE]
 *
 * -c: run under "valgrind --tool=callgrind --collect-atstart=no": only the
 *     map/unmap calls are collected and every cell is dumped by name.
 * -i: read "name instructions-per-op" lines (from bench.sh parsing those
 *     dumps) and print them next to the nanoseconds.
 * bench.sh does both and prints the table. Built -O2 without sanitizers
 * and without CONFIG_DEBUG_GENERIC_PT, as a production kernel would be.
 */
#include <getopt.h>
#include <stdlib.h>
#include <time.h>
#include <valgrind/callgrind.h>

#include <linux/array_size.h>

#include "harness.h"
#include "shim/shim.h"

static struct gpt_dom dom;
static bool callgrind;

struct ir_entry {
	char name[64];
	double ir;
};

static struct ir_entry irs[1024];
static unsigned int num_irs;

static double ir_of(const char *name)
{
	unsigned int i;

	for (i = 0; i != num_irs; i++)
		if (!strcmp(irs[i].name, name))
			return irs[i].ir;
	return -1;
}

static u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

enum { COLLECT_NONE, COLLECT_MAP, COLLECT_UNMAP };

/*
 * Map+unmap @n leaves of 2^@lg2 @reps times after one warm-up; average ns
 * of each. Under callgrind, collect only the map or only the unmap calls
 * (@collect) and dump them as "map:<fmt>:<lg2>:<n>:<reps>".
 */
static void bench_cell(const struct gpt_fmt *fmt, unsigned int lg2,
		       unsigned int n, unsigned int reps, int collect,
		       double *map_ns, double *unmap_ns)
{
	u64 size = 1ULL << lg2, len = size * n, t_map = 0, t_unmap = 0, t;
	u64 iova = len, pa = size;
	struct iommu_iotlb_gather gather;
	char name[64];
	unsigned int i;
	size_t mapped;
	int ret;

	/* iova aligned past 0; round up to a power of two */
	while (iova & (iova - 1))
		iova += iova & -iova;
	dom.domain.pgsize_bitmap = size;
	for (i = 0; i <= reps; i++) {
		bool measure = i != 0;

		mapped = 0;
		if (collect == COLLECT_MAP && measure)
			CALLGRIND_TOGGLE_COLLECT;
		t = now_ns();
		ret = dom.domain.ops->map_pages(&dom.domain, iova, pa, size, n,
						IOMMU_READ | IOMMU_WRITE,
						GFP_KERNEL, &mapped);
		t = now_ns() - t;
		if (collect == COLLECT_MAP && measure)
			CALLGRIND_TOGGLE_COLLECT;
		if (ret || mapped != len) {
			fprintf(stderr, "bench: map %s 2^%u x %u: %d\n",
				fmt->name, lg2, n, ret);
			exit(1);
		}
		t_map += measure ? t : 0;
		iommu_iotlb_gather_init(&gather);
		if (collect == COLLECT_UNMAP && measure)
			CALLGRIND_TOGGLE_COLLECT;
		t = now_ns();
		mapped = dom.domain.ops->unmap_pages(&dom.domain, iova, size, n,
						     &gather);
		t = now_ns() - t;
		if (collect == COLLECT_UNMAP && measure)
			CALLGRIND_TOGGLE_COLLECT;
		iommu_iotlb_sync(&dom.domain, &gather);
		if (mapped != len) {
			fprintf(stderr, "bench: unmap %s 2^%u x %u\n",
				fmt->name, lg2, n);
			exit(1);
		}
		t_unmap += measure ? t : 0;
	}
	*map_ns = (double)t_map / reps;
	*unmap_ns = (double)t_unmap / reps;
	if (collect != COLLECT_NONE) {
		snprintf(name, sizeof(name), "%s:%s:%u:%u:%u",
			 collect == COLLECT_MAP ? "map" : "unmap", fmt->name,
			 lg2, n, reps);
		CALLGRIND_DUMP_STATS_AT(name);
	}
}

static void bench_format(const struct gpt_fmt *fmt, unsigned int reps)
{
	const struct gpt_cfg *cfg = &fmt->cfgs[0];
	static const unsigned int counts[] = { 1, 256 };
	u64 sizes, va_last, oa_last;
	unsigned int c, r;
	char name[64];

	if (gpt_dom_init(&dom, fmt, cfg)) {
		fprintf(stderr, "bench: init %s failed\n", fmt->name);
		exit(1);
	}
	sizes = dom.init_pgsize_bitmap;
	va_last = dom.domain.geometry.aperture_end;
	oa_last = cfg->oasz_lg2 >= 64 ? ~0ULL : (1ULL << cfg->oasz_lg2) - 1;
	while (sizes) {
		unsigned int lg2 = __builtin_ctzll(sizes);

		sizes &= sizes - 1;
		for (c = 0; c != 2; c++) {
			u64 len = (1ULL << lg2) * counts[c];
			double map_ns, unmap_ns, ir_map, ir_unmap;

			/* The range sits at 2 * len: it must fit VA and OA */
			if (lg2 + 10 > 63 || len * 4 - 1 > va_last ||
			    len * 2 - 1 > oa_last)
				continue;
			r = reps / (counts[c] > 1 ? 16 : 1) + 1;
			if (callgrind) {
				bench_cell(fmt, lg2, counts[c], r, COLLECT_MAP,
					   &map_ns, &unmap_ns);
				bench_cell(fmt, lg2, counts[c], r,
					   COLLECT_UNMAP, &map_ns, &unmap_ns);
				continue;
			}
			bench_cell(fmt, lg2, counts[c], r, COLLECT_NONE,
				   &map_ns, &unmap_ns);
			snprintf(name, sizeof(name), "map:%s:%u:%u", fmt->name,
				 lg2, counts[c]);
			ir_map = ir_of(name);
			snprintf(name, sizeof(name), "unmap:%s:%u:%u",
				 fmt->name, lg2, counts[c]);
			ir_unmap = ir_of(name);
			printf("%-11s 2^%-3u %4u %11.0f %9.0f %11.0f %9.0f\n",
			       fmt->name, lg2, counts[c], ir_map, map_ns,
			       ir_unmap, unmap_ns);
		}
	}
	gpt_dom_deinit(&dom);
}

int main(int argc, char **argv)
{
	unsigned int reps = 2000, i;
	FILE *f;
	int opt;

	while ((opt = getopt(argc, argv, "r:ci:")) != -1) {
		switch (opt) {
		case 'r':
			reps = strtoul(optarg, NULL, 0);
			break;
		case 'c':
			callgrind = true;
			break;
		case 'i':
			f = fopen(optarg, "r");
			while (f && num_irs != ARRAY_SIZE(irs) &&
			       fscanf(f, "%63s %lf", irs[num_irs].name,
				      &irs[num_irs].ir) == 2)
				num_irs++;
			if (f)
				fclose(f);
			break;
		default:
			fprintf(stderr, "usage: %s [-r reps] [-c] [-i ir_file]\n",
				argv[0]);
			return 2;
		}
	}
	if (!callgrind)
		printf("%-11s %-5s %4s %11s %9s %11s %9s\n", "format", "size",
		       "n", "map_instr", "map_ns", "unmap_instr", "unmap_ns");
	for (i = 0; gpt_formats[i]; i++)
		bench_format(gpt_formats[i], reps);
	return 0;
}
