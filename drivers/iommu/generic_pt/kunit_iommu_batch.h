/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * KUnit tests of the batch unmap (pt_iommu_unmap_batch()), part of
 * <fmt>_iommu_test (kunit_iommu.h): the physical ranges handed back are
 * checked against iova_to_phys() taken before the unmap.
 */
#ifndef __GENERIC_PT_KUNIT_IOMMU_BATCH_H
#define __GENERIC_PT_KUNIT_IOMMU_BATCH_H

#include "kunit_iommu_fixture.h"

/* --- Unmap into a batch --- */

/* One map of the batch unmap tests, and the OA of each granule in it */
struct kunit_pt_batch_ctx {
	u64 gran;
	u64 base;
	u64 num_pages;
	phys_addr_t *phys;	/* per granule from base, 0 if unmapped */
	unsigned long *seen;	/* granules returned by the batch unmap */
};

/*
 * Map a random mix of sizes into [0, window): runs that continue the last
 * one physically (to be merged), holes, and runs elsewhere; then snapshot
 * iova_to_phys of every granule. Returns the number of maps.
 */
static unsigned int kunit_pt_batch_map(struct kunit *test,
				       struct kunit_pt_priv *priv,
				       struct kunit_pt_batch_ctx *ctx,
				       struct rnd_state *rnd, u64 window)
{
	u64 sizes = kunit_pt_sizes(priv) & GENMASK_ULL(21, 0);
	u64 va = 0, next_pa = 0, i;
	unsigned int maps = 0;

	memset(ctx->phys, 0, ctx->num_pages * sizeof(*ctx->phys));
	while (true) {
		u64 len = kunit_pt_random_size(sizes, rnd);
		u32 dice = prandom_u32_state(rnd) % 8;
		phys_addr_t pa;

		if (dice == 0)
			va += len;	/* a hole */
		va = round_up(va, len);
		if (va + len > window)
			break;
		pa = next_pa;
		if (dice >= 5 || !pa || pa & (len - 1))
			pa = kunit_pt_oa(priv, kunit_pt_rand64(rnd) >> 16,
					 log2_ffs(len));
		/* iova_to_phys() cannot tell an OA of 0 from a hole */
		if (!pa)
			pa = len;
		KUNIT_ASSERT_EQ_MSG(test,
				    iommu_map(&priv->domain, va, pa, len,
					      IOMMU_READ | IOMMU_WRITE,
					      GFP_KERNEL),
				    0, "map %llx+%llx", va, len);
		next_pa = pa + len;
		va += len;
		maps++;
	}
	for (i = 0; i != ctx->num_pages; i++)
		ctx->phys[i] = iommu_iova_to_phys(&priv->domain,
						  ctx->base + i * ctx->gran);
	bitmap_zero(ctx->seen, ctx->num_pages);
	return maps;
}

/*
 * [iova, iova + len) is in @gather, or in what the call synced itself
 * (with PT_FEAT_FLUSH_RANGE_NO_GAPS, before a disjoint range)
 */
static bool kunit_pt_batch_flushed(struct kunit_pt_priv *priv,
				   struct iommu_iotlb_gather *gather, u64 iova,
				   u64 len)
{
	u64 last = iova + len - 1;
	unsigned int i;

	if (gather->start <= iova && last <= gather->end)
		return true;
	if (priv->sync_ranges > KUNIT_PT_SYNCS)
		return priv->synced_va <= iova && last <= priv->synced_last_va;
	for (i = 0; i != priv->sync_ranges; i++)
		if (priv->sync_va[i] <= iova && last <= priv->sync_last_va[i])
			return true;
	return false;
}

/* Check the ranges one call of the batch unmap returned */
static void kunit_pt_batch_check(struct kunit *test,
				 struct kunit_pt_priv *priv,
				 struct kunit_pt_batch_ctx *ctx,
				 struct pt_unmap_batch *batch,
				 struct iommu_iotlb_gather *gather)
{
	unsigned int i;

	for (i = 0; i != batch->num_ranges; i++) {
		struct pt_unmap_batch_range *r = &batch->ranges[i];
		u64 off;

		KUNIT_ASSERT_NE(test, r->len, 0);
		KUNIT_ASSERT_EQ(test, (r->iova | r->len) & (ctx->gran - 1), 0);
		KUNIT_ASSERT_LE(test, r->iova + r->len - ctx->base,
				ctx->num_pages * ctx->gran);
		/* Invalidated: in the gather, or synced by the call */
		KUNIT_EXPECT_TRUE_MSG(test,
				      kunit_pt_batch_flushed(priv, gather,
							     r->iova,
							     r->len),
				      "range %llx+%llx not flushed",
				      (u64)r->iova, r->len);
		/* Merged where the next one continues it */
		if (i) {
			struct pt_unmap_batch_range *prev = r - 1;

			KUNIT_EXPECT_FALSE_MSG(test,
					       prev->iova + prev->len == r->iova &&
					       prev->phys + prev->len == r->phys,
					       "ranges %u and %u not merged",
					       i - 1, i);
		}
		for (off = 0; off < r->len; off += ctx->gran) {
			u64 page = (r->iova + off - ctx->base) >>
				   log2_ffs(ctx->gran);

			KUNIT_ASSERT_EQ_MSG(test, r->phys + off,
					    ctx->phys[page],
					    "iova %llx", r->iova + off);
			KUNIT_ASSERT_FALSE_MSG(test,
					       __test_and_set_bit(page,
								  ctx->seen),
					       "iova %llx returned twice",
					       r->iova + off);
		}
	}
}

/*
 * Exactly the granules below batch->iova are gone; those above are as
 * they were
 */
static void kunit_pt_batch_check_table(struct kunit *test,
				       struct kunit_pt_priv *priv,
				       struct kunit_pt_batch_ctx *ctx,
				       u64 reached)
{
	u64 i;

	for (i = 0; i != ctx->num_pages; i++) {
		u64 va = ctx->base + i * ctx->gran;

		KUNIT_ASSERT_EQ_MSG(test, iommu_iova_to_phys(&priv->domain, va),
				    va < reached ? 0 : ctx->phys[i],
				    "iova %llx, batch at %llx", va, reached);
		if (va < reached)
			KUNIT_ASSERT_EQ_MSG(test, !!ctx->phys[i],
					    test_bit(i, ctx->seen),
					    "iova %llx", va);
	}
}

/*
 * Batch unmaps of random maps with small batches, to the end: every range
 * is checked against iova_to_phys taken before, merged where contiguous,
 * the table after each stop holds exactly what was not returned, and at
 * the end nothing is mapped and every table below the top is freed.
 */
static void test_unmap_batch(struct kunit *test)
{
	static const unsigned int caps[] = { 1, 2, 3, 7, 64 };
	struct kunit_pt_priv *priv = test->priv;
	struct pt_iommu *iommu_table = pt_iommu_from_domain(&priv->domain);
	u64 window = min_t(u64, SZ_32M, kunit_pt_max_va(priv) / 2 + 1);
	u64 max_va = min_t(u64, kunit_pt_max_va(priv), (dma_addr_t)~0ULL);
	struct pt_unmap_batch_range *ranges;
	struct kunit_pt_batch_ctx ctx = {};
	struct rnd_state rnd;
	unsigned int c;

	KUNIT_ASSERT_PTR_EQ(test, iommu_table, &priv->fmt_table.iommu);
	/* Off the stack: a debug kernel's frame would pass 2 KiB */
	ranges = kunit_kcalloc(test, caps[ARRAY_SIZE(caps) - 1],
			       sizeof(*ranges), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ranges);
	ctx.gran = log2_to_int(log2_ffs(priv->domain.pgsize_bitmap));
	ctx.num_pages = window >> log2_ffs(ctx.gran);
	ctx.phys = kunit_kcalloc(test, ctx.num_pages, sizeof(*ctx.phys),
				 GFP_KERNEL);
	ctx.seen = kunit_kcalloc(test, BITS_TO_LONGS(ctx.num_pages),
				 sizeof(long), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx.phys);
	KUNIT_ASSERT_NOT_NULL(test, ctx.seen);
	prandom_seed_state(&rnd, 16);

	for (c = 0; c != ARRAY_SIZE(caps); c++) {
		unsigned int maps, calls = 0, returned = 0;
		struct iommu_iotlb_gather gather;
		struct pt_unmap_batch batch;
		u64 i, len;
		int ret;

		maps = kunit_pt_batch_map(test, priv, &ctx, &rnd, window);
		/* The whole aperture: every table below the top can go */
		len = max_va - ctx.base + 1;
		if (!len)
			len = -ctx.gran;
		pt_unmap_batch_init(&batch, ranges, caps[c], ctx.base, len);
		do {
			u64 before = batch.iova;

			iommu_iotlb_gather_init(&gather);
			kunit_pt_reset_sync(priv);
			ret = pt_iommu_unmap_batch(iommu_table, &batch,
						   &gather);
			KUNIT_ASSERT_TRUE_MSG(test, ret == 0 || ret == -ENOSPC,
					      "ret %d", ret);
			calls++;
			returned += batch.num_ranges;
			if (ret == -ENOSPC) {
				/* Stops only on a full batch, and moves on */
				KUNIT_ASSERT_EQ(test, batch.num_ranges,
						caps[c]);
				KUNIT_ASSERT_GT(test, (u64)batch.iova, before);
				KUNIT_ASSERT_EQ(test, batch.iova + batch.len,
						ctx.base + len);
			} else {
				KUNIT_ASSERT_EQ(test, batch.len, 0);
			}
			kunit_pt_batch_check(test, priv, &ctx, &batch,
					     &gather);
			kunit_pt_iotlb_sync(&priv->domain, &gather);
			if (ret == -ENOSPC)
				kunit_pt_batch_check_table(test, priv, &ctx,
							   batch.iova);
			batch.num_ranges = 0;
		} while (ret == -ENOSPC);

		/* All of it was returned, and nothing is left */
		kunit_pt_batch_check_table(test, priv, &ctx, ctx.base + window);
		for (i = 0; i != ctx.num_pages; i++)
			KUNIT_ASSERT_EQ(test, test_bit(i, ctx.seen),
					!!ctx.phys[i]);
		KUNIT_ASSERT_EQ(test, kunit_pt_count_tables(priv),
				kunit_pt_live_pages(priv));
		/*
		 * Where the range reaches all the top spans: not with a sign
		 * extended table (its lower half is half of the top's first
		 * item) nor where a 32-bit IOVA ends short of the top
		 */
		if (pt_top_range(priv->common).last_va <= max_va &&
		    !pt_feature(priv->common, PT_FEAT_SIGN_EXTEND))
			KUNIT_EXPECT_EQ(test, kunit_pt_count_tables(priv),
					kunit_pt_top_pages(priv->common));
		kunit_info(test, "batch of %u: %u maps, %u ranges in %u calls",
			   caps[c], maps, returned, calls);
	}
}

/* A batch unmap that must fail with @err and change nothing */
static void kunit_pt_batch_bad(struct kunit *test, int err, u64 start,
			       u64 iova, u64 len, unsigned int max_ranges)
{
	struct kunit_pt_priv *priv = test->priv;
	struct pt_unmap_batch_range ranges[2] = {};
	struct iommu_iotlb_gather gather;
	struct pt_unmap_batch batch;

	iommu_iotlb_gather_init(&gather);
	pt_unmap_batch_init(&batch, ranges, max_ranges, start, len);
	batch.iova = iova;
	KUNIT_EXPECT_EQ_MSG(test, NS(unmap_batch)(&priv->domain, &batch,
						  &gather),
			    err, "start %llx iova %llx len %llx", start, iova,
			    len);
	KUNIT_EXPECT_EQ(test, batch.num_ranges, 0);
	KUNIT_EXPECT_EQ(test, (u64)batch.iova, iova);
	KUNIT_EXPECT_EQ(test, batch.len, len);
	KUNIT_EXPECT_GT(test, gather.start, gather.end);
}

/*
 * Leaves are never split, as in unmap_pages; bad input returns an errno
 * and changes nothing
 */
static void test_unmap_batch_edges(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	struct iommu_domain *dom = &priv->domain;
	u64 sizes = kunit_pt_sizes(priv) & GENMASK_ULL(30, 0);
	u64 gran = log2_to_int(log2_ffs(priv->domain.pgsize_bitmap));
	u64 big = log2_to_int(log2_fls(sizes) - 1);
	struct pt_unmap_batch_range ranges[2] = {};
	struct iommu_iotlb_gather gather;
	struct kunit_pt_snapshot snap;
	struct pt_unmap_batch batch;
	u64 max_va = kunit_pt_max_va(priv);

	/* A largest leaf at big, and one granule after it */
	if (big == gran || 2 * big + gran - 1 > max_va)
		return;
	KUNIT_ASSERT_EQ(test, iommu_map(dom, big, big, big,
					IOMMU_READ | IOMMU_WRITE, GFP_KERNEL),
			0);
	KUNIT_ASSERT_EQ(test, kunit_pt_leaf_lg2(priv, big), log2_ffs(big));
	KUNIT_ASSERT_EQ(test, iommu_map(dom, 2 * big, 0, gran,
					IOMMU_READ | IOMMU_WRITE, GFP_KERNEL),
			0);
	snap = kunit_pt_snapshot(test, priv);

	/* Starting inside the leaf removes nothing */
	kunit_pt_batch_bad(test, -EADDRINUSE, big + gran, big + gran, big, 2);
	/* No room, misaligned, a cursor before the start, wrapping */
	kunit_pt_batch_bad(test, -EINVAL, big, big, big, 0);
	if (gran > 1) {
		kunit_pt_batch_bad(test, -EINVAL, big + 1, big + 1, big, 2);
		kunit_pt_batch_bad(test, -EINVAL, big, big, big + 1, 2);
	}
	kunit_pt_batch_bad(test, -EINVAL, 2 * big, big, big, 2);
	kunit_pt_batch_bad(test, -EINVAL, big, big, 0 - big + gran, 2);
	/* Beyond the VA the table translates */
	if (max_va < (dma_addr_t)~0ULL - big)
		kunit_pt_batch_bad(test, -ERANGE, big, big, max_va + 1, 2);
	kunit_pt_expect_unchanged(test, priv, &snap, "bad batch unmap");

	/* Ending inside the leaf: all of it goes, returned and gathered */
	iommu_iotlb_gather_init(&gather);
	pt_unmap_batch_init(&batch, ranges, 1, big, gran);
	KUNIT_EXPECT_EQ(test, NS(unmap_batch)(dom, &batch, &gather), 0);
	KUNIT_EXPECT_EQ(test, batch.num_ranges, 1);
	KUNIT_EXPECT_EQ(test, (u64)ranges[0].iova, big);
	KUNIT_EXPECT_EQ(test, (u64)ranges[0].phys, big);
	KUNIT_EXPECT_EQ(test, ranges[0].len, big);
	KUNIT_EXPECT_EQ(test, (u64)batch.iova, 2 * big);
	KUNIT_EXPECT_EQ(test, batch.len, 0);
	KUNIT_EXPECT_EQ(test, (u64)gather.start, big);
	KUNIT_EXPECT_EQ(test, (u64)gather.end, 2 * big - 1);
	kunit_pt_iotlb_sync(dom, &gather);
	kunit_pt_expect_phys(test, priv, big, big, 0);
	KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(dom, 2 * big), 0);
	KUNIT_EXPECT_EQ(test, iommu_unmap(dom, 2 * big, gran), gran);
}

#endif
