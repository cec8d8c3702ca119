/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * KUnit tests of the iommu core around the table, part of
 * <fmt>_iommu_test (kunit_iommu.h): through map_range/unmap_range and
 * through the 6.12 path that splits ranges into map_pages/unmap_pages,
 * iommu_map() and iommu_unmap() must behave the same.
 */
#ifndef __GENERIC_PT_KUNIT_IOMMU_CORE_H
#define __GENERIC_PT_KUNIT_IOMMU_CORE_H

#include "kunit_iommu_fixture.h"

/* --- The iommu core around the table: either path must behave the same --- */

/* Counting wrappers around the format's ops, to see which path ran */
static unsigned int kunit_pt_map_range_calls, kunit_pt_map_pages_calls;
static unsigned int kunit_pt_unmap_range_calls, kunit_pt_unmap_pages_calls;

static int kunit_pt_counting_map_range(struct iommu_domain *domain,
				       unsigned long iova, phys_addr_t paddr,
				       size_t size, int prot, gfp_t gfp,
				       size_t *mapped)
{
	kunit_pt_map_range_calls++;
	return NS(map_range)(domain, iova, paddr, size, prot, gfp, mapped);
}

static int kunit_pt_counting_map_pages(struct iommu_domain *domain,
				       unsigned long iova, phys_addr_t paddr,
				       size_t pgsize, size_t pgcount,
				       int prot, gfp_t gfp, size_t *mapped)
{
	kunit_pt_map_pages_calls++;
	return NS(map_pages)(domain, iova, paddr, pgsize, pgcount, prot, gfp,
			     mapped);
}

static size_t kunit_pt_counting_unmap_range(struct iommu_domain *domain,
					    unsigned long iova, size_t size,
					    struct iommu_iotlb_gather *gather)
{
	kunit_pt_unmap_range_calls++;
	return NS(unmap_range)(domain, iova, size, gather);
}

static size_t kunit_pt_counting_unmap_pages(struct iommu_domain *domain,
					    unsigned long iova, size_t pgsize,
					    size_t pgcount,
					    struct iommu_iotlb_gather *gather)
{
	kunit_pt_unmap_pages_calls++;
	return NS(unmap_pages)(domain, iova, pgsize, pgcount, gather);
}

/* Count the calls to whichever ops the suite's domain has */
static void kunit_pt_count_calls(struct kunit_pt_priv *priv)
{
	if (priv->ops.map_range)
		priv->ops.map_range = kunit_pt_counting_map_range;
	if (priv->ops.unmap_range)
		priv->ops.unmap_range = kunit_pt_counting_unmap_range;
	priv->ops.map_pages = kunit_pt_counting_map_pages;
	priv->ops.unmap_pages = kunit_pt_counting_unmap_pages;
	kunit_pt_map_range_calls = 0;
	kunit_pt_map_pages_calls = 0;
	kunit_pt_unmap_range_calls = 0;
	kunit_pt_unmap_pages_calls = 0;
}

/*
 * A size for the core tests, at least 16 granules and at most 1 GiB: a
 * range over granules and one such leaf takes several iommu_pgsize()
 * steps. 0 if the format has none.
 */
static u64 kunit_pt_core_big(struct kunit_pt_priv *priv)
{
	u64 bigger = kunit_pt_sizes(priv) &
		     ~log2_to_max_int(PT_GRANULE_LG2SZ + 4) & GENMASK_ULL(30, 0);

	return bigger ? log2_to_int(log2_ffs(bigger)) : 0;
}

/*
 * Size 0: iommu_map() maps nothing and returns 0 (dma-iommu can hand the
 * core an empty segment), iommu_unmap() unmaps nothing and returns 0.
 * Neither calls into the table.
 */
static void test_core_zero_length(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	u64 gran = log2_to_int(PT_GRANULE_LG2SZ);
	struct kunit_pt_snapshot snap;

	KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, 4 * gran, gran, gran,
					IOMMU_READ, GFP_KERNEL), 0);
	snap = kunit_pt_snapshot(test, priv);
	kunit_pt_count_calls(priv);
	kunit_pt_reset_sync(priv);

	KUNIT_EXPECT_EQ(test, iommu_map(&priv->domain, 8 * gran, 8 * gran, 0,
					IOMMU_READ, GFP_KERNEL), 0);
	/* On the mapped granule too: nothing to collide with */
	KUNIT_EXPECT_EQ(test, iommu_map(&priv->domain, 4 * gran, 8 * gran, 0,
					IOMMU_READ, GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, iommu_unmap(&priv->domain, 4 * gran, 0), 0);
	KUNIT_EXPECT_EQ(test, kunit_pt_map_range_calls, 0);
	KUNIT_EXPECT_EQ(test, kunit_pt_map_pages_calls, 0);
	KUNIT_EXPECT_EQ(test, kunit_pt_unmap_range_calls, 0);
	KUNIT_EXPECT_EQ(test, kunit_pt_unmap_pages_calls, 0);
	kunit_pt_expect_unchanged(test, priv, &snap, "zero length map/unmap");
	kunit_pt_expect_phys(test, priv, 4 * gran, gran, gran);
	kunit_pt_expect_phys(test, priv, 8 * gran, gran, 0);

	/* Misaligned: -EINVAL and nothing changed, on either path */
	if (gran > 1) {
		KUNIT_EXPECT_EQ(test, iommu_map(&priv->domain, 8 * gran + gran / 2,
						0, gran, IOMMU_READ,
						GFP_KERNEL), -EINVAL);
		KUNIT_EXPECT_EQ(test, iommu_map(&priv->domain, 8 * gran, 0,
						gran / 2, IOMMU_READ,
						GFP_KERNEL), -EINVAL);
		KUNIT_EXPECT_EQ(test, iommu_unmap(&priv->domain,
						  4 * gran + gran / 2, gran),
				0);
		kunit_pt_expect_unchanged(test, priv, &snap, "misaligned");
	}
	KUNIT_EXPECT_EQ(test, iommu_unmap(&priv->domain, 4 * gran, gran), gran);
}

/*
 * A map that collides in its middle returns -EADDRINUSE and leaves only
 * what was there: the direct path checks first, the split path maps the
 * parts before the collision and the core undoes them. Either way
 * iotlb_sync_map is not called. A map that succeeds is synced exactly
 * over its range.
 */
static void test_core_map_collision(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	u64 gran = log2_to_int(PT_GRANULE_LG2SZ);
	u64 big = kunit_pt_core_big(priv);
	u64 va, len, collide, iovas[6];
	phys_addr_t pa;
	unsigned int i;

	if (!big || 4 * big > kunit_pt_max_va(priv))
		kunit_skip(test, "no size of 16 granules or more");

	/*
	 * [2 granules][big][2 granules], a granule in the middle of big
	 * already mapped. The OA is offset in big as the IOVA is, so that
	 * the split path can map big as one leaf.
	 */
	va = big - 2 * gran;
	len = big + 4 * gran;
	pa = 4 * big + va;
	collide = big + big / 2;
	KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, collide, 3 * big, gran,
					IOMMU_READ, GFP_KERNEL), 0);
	kunit_pt_count_calls(priv);
	kunit_pt_reset_sync(priv);

	KUNIT_EXPECT_EQ(test, iommu_map(&priv->domain, va, pa, len,
					IOMMU_READ | IOMMU_WRITE, GFP_KERNEL),
			-EADDRINUSE);
	KUNIT_EXPECT_EQ(test, priv->sync_map_calls, 0);
	if (priv->ops.map_range) {
		/* Checked whole before anything is written: nothing to undo */
		KUNIT_EXPECT_EQ(test, kunit_pt_map_range_calls, 1);
		KUNIT_EXPECT_EQ(test, kunit_pt_map_pages_calls, 0);
		KUNIT_EXPECT_EQ(test, kunit_pt_unmap_range_calls, 0);
	} else {
		/* The granules before big were mapped, then undone */
		KUNIT_EXPECT_EQ(test, kunit_pt_map_pages_calls, 2);
		KUNIT_EXPECT_EQ(test, kunit_pt_unmap_pages_calls, 1);
		KUNIT_EXPECT_EQ(test, priv->sync_calls, 1);
	}
	iovas[0] = va;
	iovas[1] = va + gran;
	iovas[2] = big;
	iovas[3] = collide;
	iovas[4] = 2 * big;
	iovas[5] = va + len - gran;
	for (i = 0; i != ARRAY_SIZE(iovas); i++)
		KUNIT_EXPECT_EQ_MSG(test,
				    iommu_iova_to_phys(&priv->domain, iovas[i]),
				    iovas[i] == collide ? 3 * big : 0,
				    "iova %llx", iovas[i]);
	KUNIT_EXPECT_EQ(test, kunit_pt_count_tables(priv),
			kunit_pt_live_pages(priv));

	/* Without the collision it maps, and the core syncs the range */
	KUNIT_ASSERT_EQ(test, iommu_unmap(&priv->domain, collide, gran), gran);
	kunit_pt_reset_sync(priv);
	KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, va, pa, len,
					IOMMU_READ | IOMMU_WRITE, GFP_KERNEL),
			0);
	KUNIT_EXPECT_EQ(test, priv->sync_map_calls, 1);
	KUNIT_EXPECT_EQ(test, priv->sync_map_va, va);
	KUNIT_EXPECT_EQ(test, priv->sync_map_len, len);
	kunit_pt_expect_phys(test, priv, va, len, pa);
	/* big in one leaf, whichever path mapped it */
	KUNIT_EXPECT_EQ(test, log2_to_int(kunit_pt_leaf_lg2(priv, big)), big);
	KUNIT_EXPECT_EQ(test, iommu_unmap(&priv->domain, va, len), len);
}

/*
 * iommu_unmap() over several maps of different sizes returns their total
 * and syncs all of it once; it stops at a hole. iommu_unmap_fast() leaves
 * the gather to its caller.
 */
static void test_core_unmap_total(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	u64 gran = log2_to_int(PT_GRANULE_LG2SZ);
	u64 big = kunit_pt_core_big(priv);
	struct {
		u64 va, len;
	} maps[4];
	struct iommu_iotlb_gather gather;
	u64 va, end, total = 0;
	unsigned int i, n = 0;

	if (!big || 8 * big > kunit_pt_max_va(priv))
		kunit_skip(test, "no size above the granule");

	/* [granule][big][big][granule], each its own map, unrelated OAs */
	va = big - gran;
	maps[n].va = va;
	maps[n++].len = gran;
	maps[n].va = big;
	maps[n++].len = big;
	maps[n].va = 2 * big;
	maps[n++].len = big;
	maps[n].va = 3 * big;
	maps[n++].len = gran;
	end = 3 * big + gran;
	for (i = 0; i != n; i++) {
		KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, maps[i].va,
						(u64)(n - i) * 4 * big,
						maps[i].len, IOMMU_READ,
						GFP_KERNEL), 0);
		total += maps[i].len;
	}
	kunit_pt_count_calls(priv);
	kunit_pt_reset_sync(priv);
	KUNIT_EXPECT_EQ(test, iommu_unmap(&priv->domain, va, end - va), total);
	KUNIT_EXPECT_EQ(test, priv->sync_calls, 1);
	KUNIT_EXPECT_LE(test, priv->synced_va, va);
	KUNIT_EXPECT_GE(test, priv->synced_last_va, end - 1);
	if (priv->ops.unmap_range) {
		KUNIT_EXPECT_EQ(test, kunit_pt_unmap_range_calls, 1);
		KUNIT_EXPECT_EQ(test, kunit_pt_unmap_pages_calls, 0);
	} else {
		KUNIT_EXPECT_GE(test, kunit_pt_unmap_pages_calls, 3);
	}
	for (i = 0; i != n; i++)
		kunit_pt_expect_phys(test, priv, maps[i].va, maps[i].len, 0);
	KUNIT_EXPECT_EQ(test, kunit_pt_count_tables(priv),
			kunit_pt_live_pages(priv));

	/* A hole after the first map stops the unmap there */
	for (i = 0; i != n; i++) {
		if (i == 1)
			continue;
		KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, maps[i].va,
						(u64)(n - i) * 4 * big,
						maps[i].len, IOMMU_READ,
						GFP_KERNEL), 0);
	}
	KUNIT_EXPECT_EQ(test, iommu_unmap(&priv->domain, va, end - va),
			maps[0].len);
	kunit_pt_expect_phys(test, priv, maps[2].va, maps[2].len, 2 * 4 * big);

	/* The fast variant: the caller's gather has it all, nothing synced */
	kunit_pt_reset_sync(priv);
	iommu_iotlb_gather_init(&gather);
	KUNIT_EXPECT_EQ(test, iommu_unmap_fast(&priv->domain, maps[2].va,
					       end - maps[2].va, &gather),
			maps[2].len + maps[3].len);
	KUNIT_EXPECT_EQ(test, priv->sync_calls, 0);
	KUNIT_EXPECT_LE(test, gather.start, maps[2].va);
	KUNIT_EXPECT_GE(test, gather.end, end - 1);
	iommu_iotlb_sync(&priv->domain, &gather);
	KUNIT_EXPECT_EQ(test, priv->sync_calls, 1);
	kunit_pt_expect_phys(test, priv, maps[3].va, maps[3].len, 0);
	KUNIT_EXPECT_EQ(test, kunit_pt_count_tables(priv),
			kunit_pt_live_pages(priv));
}

#endif
