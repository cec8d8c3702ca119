// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: the input's first byte picks a format and
 * configuration, the rest decodes into up to GPT_FUZZ_MAX_OPS ops that
 * run against the table and the shadow model with every check of the
 * differential test (harness.c). A divergence prints the op sequence and
 * aborts, so libFuzzer keeps the input.
 *
 *   make fuzz FUZZ_SECONDS=60      (corpus/ is the committed seed corpus)
 */
#include <stdlib.h>

#include <linux/bitops.h>

#include "harness.h"
#include "shim/shim.h"

#define GPT_FUZZ_MAX_OPS 64

struct fuzz_in {
	const u8 *data;
	size_t size;
};

static u64 fuzz_bytes(struct fuzz_in *in, unsigned int n)
{
	u64 v = 0;

	while (n--) {
		v <<= 8;
		if (in->size) {
			v |= *in->data++;
			in->size--;
		}
	}
	return v;
}

/* The @idx-th size (mod count) of @sizes */
static u64 fuzz_size(u64 sizes, unsigned int idx)
{
	idx %= hweight64(sizes);
	while (idx--)
		sizes &= sizes - 1;
	return sizes & -sizes;
}

/* An IOVA for @size: a slot near 0, or in a region picked by @region */
static u64 fuzz_iova(const struct model *m, u64 size, u64 slot,
		     unsigned int region)
{
	unsigned int lg2 = 63 - __builtin_clzll(size);
	u64 va = slot * size;

	if (region & 0x80)
		va += ((u64)(region & 0x7f) << 56) >> (region & 7) * 4;
	if (region == 0xff)
		va = m->va_last - slot * size;
	(void)lg2;
	return va & ~(size - 1);
}

static const u8 fuzz_prots[8] = {
	IOMMU_READ | IOMMU_WRITE, IOMMU_READ, IOMMU_WRITE,
	IOMMU_READ | IOMMU_MMIO, IOMMU_READ | IOMMU_WRITE | IOMMU_CACHE,
	IOMMU_READ | IOMMU_WRITE, 0, IOMMU_CACHE,
};

static void fuzz_decode(struct fuzz_in *in, const struct gpt_run *run,
			struct gpt_op *op)
{
	const struct model *m = &run->model;
	u64 sizes = m->pgsize_bitmap, all = run->dom.init_pgsize_bitmap;
	u8 b = fuzz_bytes(in, 1);
	u64 size;

	memset(op, 0, sizeof(*op));
	op->kind = b % OP_NUM;
	switch (op->kind) {
	case OP_MAP:
		size = fuzz_size(sizes, fuzz_bytes(in, 1));
		op->pgsize = size;
		b = fuzz_bytes(in, 1);
		/* Long runs only of the smallest size: few tables */
		op->pgcount = b & 0x80 && size == (sizes & -sizes) ?
				      1 + (b & 0x7f) * 5 : 1 + (b & 15);
		op->iova = fuzz_iova(m, size, fuzz_bytes(in, 1),
				     fuzz_bytes(in, 1));
		b = fuzz_bytes(in, 1);
		op->pa = (b & 0x80 ? op->iova + (u64)(b & 0x7f) * size :
				     (u64)b * size) & m->oa_last;
		op->prot = fuzz_prots[(b >> 4) & 7];
		if (b == 0x7f)
			op->iova |= size >> 1;
		break;
	case OP_UNMAP:
		size = fuzz_size(all, fuzz_bytes(in, 1));
		op->pgsize = size;
		b = fuzz_bytes(in, 1);
		op->pgcount = 1 + (b & 0x3f) * (b & 0x40 ? 17 : 1);
		op->hold = b & 0x80;
		op->iova = fuzz_iova(m, size, fuzz_bytes(in, 1),
				     fuzz_bytes(in, 1));
		break;
	case OP_PHYS:
	case OP_SET_DIRTY:
		op->iova = fuzz_iova(m, all & -all, fuzz_bytes(in, 2),
				     fuzz_bytes(in, 1)) +
			   fuzz_bytes(in, 1);
		break;
	case OP_READ_DIRTY:
		size = fuzz_size(all, fuzz_bytes(in, 1));
		op->iova = fuzz_iova(m, size, fuzz_bytes(in, 1),
				     fuzz_bytes(in, 1));
		op->pgsize = size * (1 + fuzz_bytes(in, 1));
		op->prot = fuzz_bytes(in, 1) & IOMMU_DIRTY_NO_CLEAR;
		break;
	case OP_PGSIZE:
		op->pgsize = fuzz_bytes(in, 8);
		break;
	case OP_CUT:
		op->iova = fuzz_iova(m, all & -all, fuzz_bytes(in, 2),
				     fuzz_bytes(in, 1));
		break;
	case OP_REASSEMBLE:
		size = fuzz_size(all, fuzz_bytes(in, 1));
		op->iova = fuzz_iova(m, size, fuzz_bytes(in, 1),
				     fuzz_bytes(in, 1));
		op->pgsize = size * (1 + (fuzz_bytes(in, 1) & 3));
		break;
	}
}

/* Every (format, configuration) pair, in order */
static bool fuzz_pick(unsigned int idx, const struct gpt_fmt **fmt,
		      const struct gpt_cfg **cfg)
{
	unsigned int total = 0, i;

	for (i = 0; gpt_formats[i]; i++)
		total += gpt_formats[i]->num_cfgs;
	idx %= total;
	for (i = 0; gpt_formats[i]; i++) {
		if (idx < gpt_formats[i]->num_cfgs) {
			*fmt = gpt_formats[i];
			*cfg = &gpt_formats[i]->cfgs[idx];
			return true;
		}
		idx -= gpt_formats[i]->num_cfgs;
	}
	return false;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static struct gpt_op ops[GPT_FUZZ_MAX_OPS];
	static struct gpt_run run;
	struct fuzz_in in = { .data = data, .size = size };
	const struct gpt_fmt *fmt;
	const struct gpt_cfg *cfg;
	size_t num = 0;

	if (!size || !fuzz_pick(fuzz_bytes(&in, 1), &fmt, &cfg))
		return 0;
	gpt_run_start(&run, fmt, cfg, size);
	while (in.size && num != GPT_FUZZ_MAX_OPS && !run.failed) {
		fuzz_decode(&in, &run, &ops[num]);
		gpt_run_op(&run, &ops[num++]);
	}
	gpt_run_finish(&run);
	if (run.failed) {
		printf("FAIL: %s\n", run.msg);
		gpt_print_ops(stdout, fmt, cfg, ops, num);
		fflush(stdout);
		abort();
	}
	return 0;
}
