/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * KUnit tests of the IOMMU operations, compiled per format by
 * fmt/kunit_<fmt>.c. Suites: <fmt>_iommu_test and <fmt>_iommu_split_test,
 * and those of the headers included at the end.
 *
 * On the fixture of kunit_iommu_fixture.h: map, unmap, top growth and bad
 * input here; dirty tracking, the iommu core's two paths and the batch
 * unmap in kunit_iommu_{dirty,core,batch}.h, cut and reassemble in their
 * own suite in kunit_iommu_cut.h. The domain's ops are
 * IOMMU_PT_DOMAIN_OPS(), so the iommu core hands whole ranges to
 * map_range/unmap_range; the suite <fmt>_iommu_split_test runs the same
 * cases with ops without those two, through the 6.12 core path that splits
 * ranges with iommu_pgsize() into map_pages/unmap_pages. Results are
 * checked against the shadow of what was mapped, and table memory is
 * compared word by word where an op must not change it.
 */
#ifndef __GENERIC_PT_KUNIT_IOMMU_H
#define __GENERIC_PT_KUNIT_IOMMU_H

#include "kunit_iommu_fixture.h"

/* Map one leaf of every size; translate, check its size, unmap */
static void test_map_every_size(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	u64 sizes = kunit_pt_sizes(priv);

	while (sizes) {
		unsigned int lg2sz = log2_fls(sizes) - 1;
		u64 len = log2_to_int(lg2sz);
		/* The second aligned slot, so the VA is not all zero */
		u64 iova = len <= kunit_pt_max_va(priv) / 2 ? len : 0;
		phys_addr_t pa = kunit_pt_oa(priv, 0xabcdef12345678ULL, lg2sz);

		sizes &= ~len;
		if (!pa)
			pa = len;
		if (pa + (len - 1) > log2_to_max_int(priv->common->max_oasz_lg2))
			continue;
		kunit_pt_reset_sync(priv);
		KUNIT_ASSERT_EQ_MSG(test,
				    iommu_map(&priv->domain, iova, pa, len,
					      IOMMU_READ | IOMMU_WRITE,
					      GFP_KERNEL),
				    0, "size %llx", len);
		kunit_pt_expect_phys(test, priv, iova, len, pa);
		KUNIT_EXPECT_EQ(test, kunit_pt_leaf_lg2(priv, iova), lg2sz);
		KUNIT_EXPECT_EQ(test, iommu_unmap(&priv->domain, iova, len),
				len);
		kunit_pt_expect_phys(test, priv, iova, len, 0);
		/* The flush covered the leaf */
		KUNIT_EXPECT_LE(test, priv->synced_va, iova);
		KUNIT_EXPECT_GE(test, priv->synced_last_va, iova + len - 1);
	}
}

/*
 * Mapping a large leaf where only emptied tables remain replaces them with
 * one leaf and frees them, after a flush.
 */
static void test_map_over_empty_tables(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	u64 sizes = kunit_pt_sizes(priv);
	struct pt_range range = pt_top_range(priv->common);
	struct pt_state lvl0 = pt_level_state(&range, 0);
	unsigned int big_lg2, small_lg2 = log2_ffs(sizes);
	u64 big, small;
	long pages;
	unsigned long freed;

	sizes &= ~log2_to_max_int(pt_table_lg2sz(&lvl0));
	if (!sizes) {
		/*
		 * Leaves at level 0 only: no leaf can take the place of a
		 * table. The table may still have more levels (a VT-d second
		 * stage without superpages).
		 */
		kunit_skip(test, "no leaf above level 0");
	}
	big_lg2 = log2_ffs(sizes);
	big = log2_to_int(big_lg2);
	small = log2_to_int(small_lg2);

	/* Tables down to level 0 under [big, 2 * big), then emptied */
	KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, big + small, 0, small,
					IOMMU_READ, GFP_KERNEL), 0);
	KUNIT_ASSERT_EQ(test, iommu_unmap(&priv->domain, big + small, small),
			small);
	pages = kunit_pt_live_pages(priv);
	freed = priv->freed_pages;
	kunit_pt_reset_sync(priv);

	KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, big, big, big,
					IOMMU_READ, GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, kunit_pt_leaf_lg2(priv, big + small), big_lg2);
	kunit_pt_expect_phys(test, priv, big, big, big);
	/* The tables below the leaf went, through a flush of their VA */
	KUNIT_EXPECT_LT(test, kunit_pt_live_pages(priv), pages);
	KUNIT_EXPECT_EQ(test, priv->freed_pages - freed,
			pages - kunit_pt_live_pages(priv));
	KUNIT_EXPECT_GE(test, priv->sync_calls + priv->walk_flushes, 1);
	KUNIT_EXPECT_LE(test, priv->synced_va, big);
	KUNIT_EXPECT_GE(test, priv->synced_last_va, big + big - 1);
	KUNIT_EXPECT_EQ(test, kunit_pt_count_tables(priv),
			kunit_pt_live_pages(priv));
}

/*
 * Unmap never splits: starting inside a leaf removes nothing, ending
 * inside one removes all of it and the gather covers all of it.
 */
static void test_unmap_no_split(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	u64 sizes = kunit_pt_sizes(priv);
	unsigned int small_lg2 = log2_ffs(sizes);
	u64 small = log2_to_int(small_lg2);

	sizes &= ~small;
	while (sizes) {
		unsigned int lg2sz = log2_ffs(sizes);
		u64 len = log2_to_int(lg2sz);
		u64 iova = len;
		struct iommu_iotlb_gather gather;
		struct kunit_pt_snapshot snap;

		sizes &= ~len;
		if (iova + len - 1 > kunit_pt_max_va(priv))
			break;
		KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, iova, len, len,
						IOMMU_WRITE, GFP_KERNEL), 0);
		KUNIT_ASSERT_EQ(test, kunit_pt_leaf_lg2(priv, iova), lg2sz);

		/* Starting inside the leaf: nothing happens */
		snap = kunit_pt_snapshot(test, priv);
		iommu_iotlb_gather_init(&gather);
		KUNIT_EXPECT_EQ(test,
				priv->ops.unmap_pages(&priv->domain,
						      iova + small, small, 1,
						      &gather),
				0);
		KUNIT_EXPECT_GT(test, gather.start, gather.end);
		kunit_pt_expect_unchanged(test, priv, &snap,
					  "unmap inside a leaf");
		kunit_pt_expect_phys(test, priv, iova, len, len);

		/* Ending inside it: all of it goes and is gathered */
		KUNIT_EXPECT_EQ(test,
				priv->ops.unmap_pages(&priv->domain, iova,
						      small, 1, &gather),
				len);
		KUNIT_EXPECT_EQ(test, gather.start, iova);
		KUNIT_EXPECT_EQ(test, (u64)gather.end, iova + len - 1);
		kunit_pt_iotlb_sync(&priv->domain, &gather);
		KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(&priv->domain, iova),
				0);
	}
}

/*
 * Random maps and unmaps checked against the shadow. Maps that collide
 * must fail with -EADDRINUSE and change nothing. Unmaps remove whole
 * earlier maps (a map's leaves never reach outside it), alone or with
 * their neighbours.
 */
static void test_random_ops(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	u64 sizes = kunit_pt_sizes(priv) & GENMASK_ULL(22, 0);
	u64 window = min_t(u64, SZ_64M, kunit_pt_max_va(priv) / 2 + 1);
	struct kunit_pt_model *model;
	struct rnd_state rnd;
	unsigned int op, collisions = 0, unmaps = 0;

	model = kunit_kzalloc(test, sizeof(*model), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, model);
	prandom_seed_state(&rnd, 42);

	KUNIT_ASSERT_NE(test, sizes, 0);

	for (op = 0; op != 1500; op++) {
		u32 dice = prandom_u32_state(&rnd) % 8;

		if (dice < 5 && model->num < KUNIT_PT_SHADOW_MAX) {
			u64 len = kunit_pt_random_size(sizes, &rnd), va, last_va;
			phys_addr_t pa;
			bool overlap;
			int ret;

			len *= 1 + prandom_u32_state(&rnd) % 4;
			if (len > window / 4)
				len = log2_to_int(log2_ffs(sizes));
			va = kunit_pt_rand_below(&rnd, window - len);
			va = log2_align_down(va, log2_ffs(len));
			/* Sometimes far up, to grow the top */
			if (op % 97 == 0 &&
			    kunit_pt_max_va(priv) > window * 2)
				va = log2_align_down(kunit_pt_max_va(priv) -
						     len * 2 + 1,
						     log2_ffs(len));
			last_va = va + len - 1;
			pa = kunit_pt_oa(priv, kunit_pt_rand64(&rnd) >> 20,
					 log2_ffs(len));
			overlap = kunit_pt_model_overlaps(model, va, last_va);

			if (overlap && op % 2) {
				/*
				 * iommu_map() splits the range and undoes the
				 * parts mapped before the collision; what it
				 * undoes may free tables that were empty. Only
				 * the translations must stay.
				 */
				ret = iommu_map(&priv->domain, va, pa, len,
						IOMMU_READ, GFP_KERNEL);
				KUNIT_ASSERT_EQ_MSG(test, ret, -EADDRINUSE,
						    "map %llx+%llx", va, len);
				kunit_pt_model_check(test, priv, model, &rnd,
						     window);
				collisions++;
				continue;
			}
			if (overlap) {
				/* One map_pages() call changes nothing at all */
				struct kunit_pt_snapshot snap =
					kunit_pt_snapshot(test, priv);
				/* The largest size that divides the range */
				u64 pgsize = log2_to_int(log2_fls(kunit_pt_sizes(priv) &
					log2_to_max_int(log2_ffs(len) + 1)) - 1);
				size_t mapped = 0;

				ret = priv->ops.map_pages(&priv->domain, va, pa,
							  pgsize,
							  len >> log2_ffs(pgsize),
							  IOMMU_READ, GFP_KERNEL,
							  &mapped);
				KUNIT_ASSERT_EQ_MSG(test, ret, -EADDRINUSE,
						    "map %llx+%llx", va, len);
				KUNIT_EXPECT_EQ(test, mapped, 0);
				kunit_pt_expect_unchanged(test, priv, &snap,
							  "colliding map");
				collisions++;
				continue;
			}
			ret = iommu_map(&priv->domain, va, pa, len,
					IOMMU_READ | IOMMU_WRITE, GFP_KERNEL);
			KUNIT_ASSERT_EQ_MSG(test, ret, 0, "op %u map %llx+%llx",
					    op, va, len);
			model->maps[model->num++] = (struct kunit_pt_shadow){
				.va = va, .last_va = last_va, .pa = pa };
		} else if (model->num) {
			unsigned int i = prandom_u32_state(&rnd) % model->num;
			struct kunit_pt_shadow map = model->maps[i];
			u64 len = map.last_va - map.va + 1;

			KUNIT_ASSERT_EQ_MSG(test,
					    iommu_unmap(&priv->domain, map.va,
							len),
					    len, "unmap %llx+%llx", map.va,
					    len);
			model->maps[i] = model->maps[--model->num];
			unmaps++;
		}
		if (op % 16 == 0)
			kunit_pt_model_check(test, priv, model, &rnd, window);
		if (op % 64 == 0)
			KUNIT_ASSERT_EQ(test, kunit_pt_count_tables(priv),
					kunit_pt_live_pages(priv));
	}
	kunit_pt_model_check(test, priv, model, &rnd, window);
	KUNIT_EXPECT_GT(test, collisions, 0);
	KUNIT_EXPECT_GT(test, unmaps, 0);
	kunit_info(test, "%u ops, %u collisions, %u unmaps, %u left mapped",
		   op, collisions, unmaps, model->num);
}

/*
 * A fixed top reaches the end of the aperture as it is: a map there needs
 * no new top and the HW is never told of one.
 */
static void kunit_pt_fixed_top(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	u64 gran = log2_to_int(PT_GRANULE_LG2SZ);
	u64 last = log2_align_down(kunit_pt_max_va(priv), PT_GRANULE_LG2SZ);
	struct pt_range before = pt_top_range(priv->common), after;

	KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, last, 2 * gran, gran,
					IOMMU_READ, GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(&priv->domain, last + 5),
			2 * gran + 5);
	KUNIT_EXPECT_EQ(test, kunit_pt_leaf_lg2(priv, last), PT_GRANULE_LG2SZ);
	after = pt_top_range(priv->common);
	KUNIT_EXPECT_EQ(test, priv->change_top_calls, 0);
	KUNIT_EXPECT_EQ(test, after.top_level, before.top_level);
	KUNIT_EXPECT_PTR_EQ(test, after.top_table, before.top_table);
	KUNIT_EXPECT_EQ(test, iommu_unmap(&priv->domain, last, gran), gran);
	KUNIT_EXPECT_EQ(test, kunit_pt_count_tables(priv),
			kunit_pt_live_pages(priv));
}

/*
 * A growing top gains levels one by one; old mappings stay, the HW is
 * told. A fixed one never changes.
 */
static void test_top_growth(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	unsigned int gran_lg2 = PT_GRANULE_LG2SZ;
	u64 gran = log2_to_int(gran_lg2);
	struct pt_range range;
	unsigned int level;

	if (!pt_feature(priv->common, PT_FEAT_DYNAMIC_TOP)) {
		kunit_pt_fixed_top(test);
		return;
	}
	KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, 0, gran, gran,
					IOMMU_READ, GFP_KERNEL), 0);

	range = pt_top_range(priv->common);
	for (level = range.top_level + 1; level <= PT_MAX_TOP_LEVEL;
	     level++) {
		struct pt_state lvl = pt_level_state(&range, level - 1);
		unsigned int lg2sz = pt_table_lg2sz(&lvl);
		u64 iova;

		/* The first VA the old top cannot reach, if callers can */
		if (lg2sz >= priv->common->max_vasz_lg2 ||
		    lg2sz >= BITS_PER_LONG)
			break;
		iova = log2_to_int(lg2sz);
		priv->change_top_calls = 0;
		KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, iova, 2 * gran,
						gran, IOMMU_READ, GFP_KERNEL),
				0);
		KUNIT_EXPECT_EQ(test, priv->change_top_calls, 1);
		KUNIT_EXPECT_EQ(test, priv->changed_top_level, level);
		range = pt_top_range(priv->common);
		KUNIT_EXPECT_EQ(test, range.top_level, level);
		KUNIT_EXPECT_EQ(test, priv->changed_top_pa,
				virt_to_phys(range.top_table));
		KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(&priv->domain, iova + 5),
				2 * gran + 5);
		KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(&priv->domain, 7),
				gran + 7);
		KUNIT_EXPECT_EQ(test, iommu_unmap(&priv->domain, iova, gran),
				gran);
	}
	KUNIT_EXPECT_EQ(test, kunit_pt_count_tables(priv),
			kunit_pt_live_pages(priv));
}

/* Bad input gets its errno and leaves every word of the table alone */
static void test_bad_input(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	u64 gran = log2_to_int(log2_ffs(priv->domain.pgsize_bitmap));
	u64 max_va = kunit_pt_max_va(priv);
	struct iommu_iotlb_gather gather;
	struct kunit_pt_snapshot snap;
	size_t mapped = 0;
	int (*map)(struct iommu_domain *domain, unsigned long iova,
		   phys_addr_t paddr, size_t pgsize, size_t pgcount, int prot,
		   gfp_t gfp, size_t *mapped) = priv->ops.map_pages;
	struct iommu_domain *dom = &priv->domain;
	const int rw = IOMMU_READ | IOMMU_WRITE;

	/* Something mapped, so there is something to disturb */
	KUNIT_ASSERT_EQ(test, iommu_map(dom, 8 * gran, 0, 4 * gran, rw,
					GFP_KERNEL), 0);
	snap = kunit_pt_snapshot(test, priv);

	KUNIT_EXPECT_EQ(test, map(dom, gran, 0, gran, 1, 0, GFP_KERNEL,
				  &mapped), -EINVAL);
	KUNIT_EXPECT_EQ(test, map(dom, gran, 0, gran, 1, IOMMU_CACHE,
				  GFP_KERNEL, &mapped), -EINVAL);
	KUNIT_EXPECT_EQ(test, map(dom, gran + 1, 0, gran, 1, rw, GFP_KERNEL,
				  &mapped), -EINVAL);
	KUNIT_EXPECT_EQ(test, map(dom, gran, 1, gran, 1, rw, GFP_KERNEL,
				  &mapped), -EINVAL);
	KUNIT_EXPECT_EQ(test, map(dom, gran, 0, gran, 0, rw, GFP_KERNEL,
				  &mapped), -EINVAL);
	KUNIT_EXPECT_EQ(test, map(dom, gran, 0, 0, 1, rw, GFP_KERNEL,
				  &mapped), -EINVAL);
	KUNIT_EXPECT_EQ(test, map(dom, gran, 0, 3 * gran, 1, rw, GFP_KERNEL,
				  &mapped), -EINVAL);
	/* Wraps past the end of the address space */
	KUNIT_EXPECT_EQ(test, map(dom, ULONG_MAX & ~(gran - 1), 0, gran, 2, rw,
				  GFP_KERNEL, &mapped), -EOVERFLOW);
	/* Overlaps what is mapped, at its start, middle and end */
	KUNIT_EXPECT_EQ(test, map(dom, 6 * gran, 0, gran, 3, rw, GFP_KERNEL,
				  &mapped), -EADDRINUSE);
	KUNIT_EXPECT_EQ(test, map(dom, 10 * gran, 0, gran, 1, rw, GFP_KERNEL,
				  &mapped), -EADDRINUSE);
	KUNIT_EXPECT_EQ(test, map(dom, 11 * gran, 0, gran, 4, rw, GFP_KERNEL,
				  &mapped), -EADDRINUSE);
	KUNIT_EXPECT_EQ(test, map(dom, 0, 0, gran, 64, rw, GFP_KERNEL,
				  &mapped), -EADDRINUSE);
	/* OA beyond the output width */
	if (priv->common->max_oasz_lg2 < 8 * sizeof(phys_addr_t)) {
		phys_addr_t big_pa = log2_to_int(priv->common->max_oasz_lg2);

		KUNIT_EXPECT_EQ(test, map(dom, gran, big_pa, gran, 1, rw,
					  GFP_KERNEL, &mapped), -ERANGE);
	}
	/* Beyond the aperture */
	if (max_va < ULONG_MAX)
		KUNIT_EXPECT_EQ(test, map(dom, max_va + 1, 0, gran, 1, rw,
					  GFP_KERNEL, &mapped), -ERANGE);
	KUNIT_EXPECT_EQ(test, mapped, 0);

	/* Unmaps that cannot happen return 0 and gather nothing */
	iommu_iotlb_gather_init(&gather);
	KUNIT_EXPECT_EQ(test, priv->ops.unmap_pages(dom, 9 * gran + 1, gran,
						    1, &gather), 0);
	KUNIT_EXPECT_EQ(test, priv->ops.unmap_pages(dom, 8 * gran, gran, 0,
						    &gather), 0);
	KUNIT_EXPECT_EQ(test, priv->ops.unmap_pages(dom, 100 * gran, gran, 1,
						    &gather), 0);
	KUNIT_EXPECT_GT(test, gather.start, gather.end);
	KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(dom, max_va), 0);
	kunit_pt_expect_unchanged(test, priv, &snap, "bad input");
}

/* An unmap covering a whole table frees it through the gather */
static void test_unmap_frees_tables(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	u64 span = kunit_pt_map_level0_table(test, priv);
	long pages = kunit_pt_live_pages(priv);

	if (!span)
		return;

	KUNIT_ASSERT_EQ(test, iommu_unmap(&priv->domain, span, span), span);
	KUNIT_EXPECT_EQ(test, kunit_pt_live_pages(priv), pages - 1);
	KUNIT_EXPECT_EQ(test, priv->freed_pages, 1);
	KUNIT_EXPECT_LE(test, priv->synced_va, span);
	KUNIT_EXPECT_GE(test, priv->synced_last_va, 2 * span - 1);
	KUNIT_EXPECT_EQ(test, kunit_pt_count_tables(priv),
			kunit_pt_live_pages(priv));
}

/*
 * The lazy path (flush queue, iommu.strict=0): dma-iommu unmaps into a
 * gather marked queued and hands the gather's freelist to the flush
 * queue, which frees it after a later flush of the whole domain. An unmap
 * emptying a table must leave that table on the freelist: neither free it
 * nor sync the gather itself.
 */
static void test_unmap_queued_gather(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	u64 span = kunit_pt_map_level0_table(test, priv);
	long pages = kunit_pt_live_pages(priv);
	struct iommu_iotlb_gather gather;
	unsigned int listed = 0;
	struct page *page;

	if (!span)
		return;
	iommu_iotlb_gather_init(&gather);
	gather.queued = true;
	KUNIT_ASSERT_EQ(test, iommu_unmap_fast(&priv->domain, span, span,
					       &gather), span);
	kunit_pt_expect_phys(test, priv, span, span, 0);
	KUNIT_EXPECT_TRUE(test, gather.queued);
	KUNIT_EXPECT_EQ(test, priv->sync_calls, 0);
	list_for_each_entry(page, &gather.freelist, lru)
		listed++;
	/* A slab table was freed at once, after a flush_walk() of its VA */
	KUNIT_EXPECT_EQ(test, listed, PT_TABLEMEM_SLAB ? 0 : 1);
	KUNIT_EXPECT_EQ(test, priv->walk_flushes, PT_TABLEMEM_SLAB ? 1 : 0);
	KUNIT_EXPECT_EQ(test, kunit_pt_live_pages(priv), pages - 1);

	/* The flush queue's turn: the flush, then the freelist is freed */
	kunit_pt_iotlb_sync(&priv->domain, &gather);
	KUNIT_EXPECT_EQ(test, priv->freed_pages, 1);
	KUNIT_EXPECT_EQ(test, kunit_pt_count_tables(priv),
			kunit_pt_live_pages(priv));
}

/*
 * Map a @big leaf at @iova and after it @tail bytes of small leaves that
 * need a table below the leaf's level, then remove both with one
 * unmap_pages() call of pgcount 1 over twice @big.
 */
static void kunit_pt_leaf_then_table(struct kunit *test,
				     struct kunit_pt_priv *priv, u64 iova,
				     u64 big, u64 small, u64 tail)
{
	unsigned int big_lg2 = log2_ffs(big), small_lg2 = log2_ffs(small);
	struct iommu_iotlb_gather gather;
	size_t tables_big, tables_tail;
	long pages;

	KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, iova,
					kunit_pt_oa(priv, big, big_lg2), big,
					IOMMU_READ | IOMMU_WRITE, GFP_KERNEL),
			0);
	KUNIT_ASSERT_EQ(test, kunit_pt_leaf_lg2(priv, iova), big_lg2);
	tables_big = kunit_pt_count_tables(priv);
	/* An OA that is an odd multiple of @small keeps every leaf small */
	KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, iova + big,
					kunit_pt_oa(priv, 3 * small, small_lg2),
					tail, IOMMU_READ | IOMMU_WRITE,
					GFP_KERNEL),
			0);
	KUNIT_ASSERT_EQ(test, kunit_pt_leaf_lg2(priv, iova + big), small_lg2);
	KUNIT_ASSERT_EQ(test, kunit_pt_leaf_lg2(priv, iova + big + tail - 1),
			small_lg2);
	/* The small leaves went into new tables next to the big leaf */
	tables_tail = kunit_pt_count_tables(priv);
	KUNIT_ASSERT_GT(test, tables_tail, tables_big);

	pages = kunit_pt_live_pages(priv);
	kunit_pt_reset_sync(priv);
	priv->freed_pages = 0;
	iommu_iotlb_gather_init(&gather);
	KUNIT_EXPECT_EQ_MSG(test,
			    priv->ops.unmap_pages(&priv->domain, iova, 2 * big,
						  1, &gather),
			    big + tail, "big %llx tail %llx", big, tail);
	kunit_pt_iotlb_sync(&priv->domain, &gather);

	/* Nothing is left of either, and every removed leaf was flushed */
	kunit_pt_expect_phys(test, priv, iova, big, 0);
	kunit_pt_expect_phys(test, priv, iova + big, tail, 0);
	KUNIT_EXPECT_LE(test, priv->synced_va, iova);
	KUNIT_EXPECT_GE(test, priv->synced_last_va, iova + big + tail - 1);

	/* The tables that went away, and only they, went to the gather */
	KUNIT_EXPECT_EQ(test, priv->freed_pages,
			tables_tail - kunit_pt_count_tables(priv));
	KUNIT_EXPECT_EQ(test, priv->freed_pages,
			pages - kunit_pt_live_pages(priv));
	/* With no hole after the small leaves, their tables are all empty */
	if (tail == big)
		KUNIT_EXPECT_EQ(test, priv->freed_pages,
				tables_tail - tables_big);
}

/*
 * A large leaf and right after it a table of small leaves, under one
 * unmap_pages() call with pgcount 1: a hole stops an unmap, a table does
 * not, so both go (regression: the one-leaf walk stopped at the table and
 * returned the large leaf only; found by the harness's libFuzzer target).
 * The 6.12 iommu core would split such a call, so the op is called
 * directly, as a caller handing over the whole range does.
 *
 * Every size in pgsize_bitmap at least as large as a table of the
 * smallest size is followed by one small leaf (then a hole); the size of
 * one such table is also followed by a table full of small leaves, which
 * must be freed through the gather.
 */
static void test_unmap_leaf_then_table(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	struct pt_range range = pt_top_range(priv->common);
	struct pt_state lvl0 = pt_level_state(&range, 0);
	u64 sizes = kunit_pt_sizes(priv);
	u64 small = log2_to_int(log2_ffs(sizes));
	u64 span = log2_to_int(pt_table_lg2sz(&lvl0));
	u64 lim = min_t(u64, kunit_pt_max_va(priv), ULONG_MAX);
	unsigned int ran = 0;

	sizes &= ~(span - 1);
	while (sizes) {
		u64 big = log2_to_int(log2_ffs(sizes));

		/* The window [2 * big, 4 * big): in the VA and size_t */
		if (big - 1 > (lim - 3) >> 2)
			break;
		sizes &= ~big;
		kunit_pt_leaf_then_table(test, priv, 2 * big, big, small,
					 small);
		/* [0, 2 * span) is free: no window of another size is there */
		if (big == span)
			kunit_pt_leaf_then_table(test, priv, 0, big, small,
						 big);
		ran++;
	}
	if (!ran)
		kunit_skip(test, "pgsize_bitmap %lx has no leaf of %llx or more",
			   priv->domain.pgsize_bitmap, span);
}

/*
 * Two unmaps into one gather: with PT_FEAT_FLUSH_RANGE_NO_GAPS the first
 * range is flushed before a disjoint second one is added, otherwise the
 * gather spans both.
 */
static void test_unmap_gather_gaps(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	u64 gran = log2_to_int(log2_ffs(priv->domain.pgsize_bitmap));
	bool no_gaps = pt_feature(priv->common, PT_FEAT_FLUSH_RANGE_NO_GAPS);
	struct iommu_iotlb_gather gather;

	KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, gran, 0, gran,
					IOMMU_READ, GFP_KERNEL), 0);
	KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, 5 * gran, 0, gran,
					IOMMU_READ, GFP_KERNEL), 0);
	kunit_pt_reset_sync(priv);
	iommu_iotlb_gather_init(&gather);
	KUNIT_EXPECT_EQ(test, priv->ops.unmap_pages(&priv->domain, gran, gran,
						    1, &gather), gran);
	KUNIT_EXPECT_EQ(test, priv->ops.unmap_pages(&priv->domain, 5 * gran,
						    gran, 1, &gather), gran);
	KUNIT_EXPECT_EQ(test, priv->sync_calls, no_gaps ? 1 : 0);
	KUNIT_EXPECT_EQ(test, gather.start, no_gaps ? 5 * gran : gran);
	KUNIT_EXPECT_EQ(test, (u64)gather.end, 6 * gran - 1);
	kunit_pt_iotlb_sync(&priv->domain, &gather);
}

/*
 * One map over two regions of emptied tables with a gap between them:
 * [0, span) and [2 * span, 3 * span) each hold an empty level 0 table,
 * [span, 2 * span) holds none. The map replaces both tables by leaves and
 * frees them after a flush. With PT_FEAT_FLUSH_RANGE_NO_GAPS no flush may
 * span the gap, whose VA was not freed (regression: the map path merged
 * the two ranges into one gather, as the unmap path does not).
 */
static void test_map_free_gather_gaps(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	struct pt_range range = pt_top_range(priv->common);
	struct pt_state lvl0 = pt_level_state(&range, 0);
	bool no_gaps = pt_feature(priv->common, PT_FEAT_FLUSH_RANGE_NO_GAPS);
	u64 gran = log2_to_int(log2_ffs(priv->domain.pgsize_bitmap));
	u64 span = log2_to_int(pt_table_lg2sz(&lvl0));
	unsigned long freed;
	size_t mapped = 0;
	unsigned int i;
	long pages;

	if (!(priv->domain.pgsize_bitmap & span) ||
	    3 * span - 1 > kunit_pt_max_va(priv) || 3 * span - 1 > ULONG_MAX)
		kunit_skip(test, "no leaf of one level 0 table's span %llx",
			   span);
	/* A table under [0, span) and one under [2 * span, 3 * span) */
	for (i = 0; i < 3; i += 2) {
		KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, i * span, 0,
						gran, IOMMU_READ, GFP_KERNEL),
				0);
		KUNIT_ASSERT_EQ(test, iommu_unmap(&priv->domain, i * span,
						  gran),
				gran);
	}
	pages = kunit_pt_live_pages(priv);
	freed = priv->freed_pages;
	kunit_pt_reset_sync(priv);

	/* One call; an OA that is an odd multiple of span: leaves of span */
	KUNIT_ASSERT_EQ(test, priv->ops.map_pages(&priv->domain, 0, span, span,
						  3, IOMMU_READ, GFP_KERNEL,
						  &mapped),
			0);
	KUNIT_EXPECT_EQ(test, mapped, 3 * span);
	kunit_pt_expect_phys(test, priv, 0, 3 * span, span);
	KUNIT_EXPECT_EQ(test, kunit_pt_live_pages(priv), pages - 2);
	KUNIT_EXPECT_EQ(test, priv->freed_pages - freed, 2);
	KUNIT_EXPECT_GE(test, priv->sync_ranges, no_gaps ? 2 : 1);
	KUNIT_ASSERT_LE(test, priv->sync_ranges, KUNIT_PT_SYNCS);
	for (i = 0; no_gaps && i != priv->sync_ranges; i++)
		KUNIT_EXPECT_TRUE_MSG(test,
				      priv->sync_last_va[i] < span ||
				      priv->sync_va[i] >= 2 * span,
				      "sync %u of [%llx, %llx] spans the gap [%llx, %llx)",
				      i, priv->sync_va[i],
				      priv->sync_last_va[i], span, 2 * span);
	KUNIT_EXPECT_EQ(test, priv->synced_va, 0);
	KUNIT_EXPECT_GE(test, priv->synced_last_va, 3 * span - 1);
}

/*
 * A pgsize_bitmap narrowed by the driver is honoured: without the granule
 * no single-granule map is possible, and with only the granule a large
 * aligned range is mapped item by item.
 */
static void test_restricted_pgsizes(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	unsigned long all = priv->domain.pgsize_bitmap;
	u64 gran = log2_to_int(log2_ffs(all));
	u64 no_gran = all & ~gran;
	/* The next size up: a contiguous entry or a leaf one level up */
	u64 next = no_gran & -no_gran;
	u64 big = 4 * next;
	unsigned int big_lg2 = 0;
	size_t mapped = 0;
	int lg2;

	if (!next)
		kunit_skip(test, "a single page size");
	/* The largest leaf for [big, 2 * big) at OA big, the slow way */
	for (lg2 = 63; lg2 >= 0; lg2--) {
		if ((no_gran & BIT_ULL(lg2)) && BIT_ULL(lg2) <= big &&
		    !log2_mod(big, lg2)) {
			big_lg2 = lg2;
			break;
		}
	}

	/* No granule: the fast path must not map one */
	priv->domain.pgsize_bitmap = no_gran;
	KUNIT_EXPECT_EQ(test, priv->ops.map_pages(&priv->domain, big, 0, gran,
						  1, IOMMU_READ, GFP_KERNEL,
						  &mapped), -EINVAL);
	KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(&priv->domain, big), 0);
	KUNIT_EXPECT_EQ(test, priv->ops.map_pages(&priv->domain, big, big,
						  next, 4, IOMMU_READ,
						  GFP_KERNEL, &mapped), 0);
	KUNIT_EXPECT_EQ(test, mapped, big);
	KUNIT_EXPECT_EQ(test, kunit_pt_leaf_lg2(priv, big), big_lg2);
	KUNIT_EXPECT_EQ(test, kunit_pt_leaf_lg2(priv, 2 * big - 1), big_lg2);
	kunit_pt_expect_phys(test, priv, big, big, big);
	KUNIT_EXPECT_EQ(test, iommu_unmap(&priv->domain, big, big), big);

	/* Only the granule: no contiguous or large leaves */
	priv->domain.pgsize_bitmap = gran;
	KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, big, big, big,
					IOMMU_READ, GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, kunit_pt_leaf_lg2(priv, big), log2_ffs(gran));
	KUNIT_EXPECT_EQ(test, kunit_pt_leaf_lg2(priv, 2 * big - 1),
			log2_ffs(gran));
	kunit_pt_expect_phys(test, priv, big, big, big);
	KUNIT_EXPECT_EQ(test, iommu_unmap(&priv->domain, big, big), big);
	priv->domain.pgsize_bitmap = all;
}

/* Configurations init must refuse */
static void test_init_bad_cfg(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	struct pt_iommu_table *table;
	struct pt_iommu_table_cfg cfg;

	table = kunit_kzalloc(test, sizeof(*table), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, table);

	cfg = priv->cfg->cfg;
	cfg.common.features |= BIT(30);
	KUNIT_EXPECT_EQ(test, NS(init)(table, &cfg, GFP_KERNEL), -EOPNOTSUPP);

	cfg = priv->cfg->cfg;
	cfg.common.hw_max_vasz_lg2 = 0;
	KUNIT_EXPECT_EQ(test, NS(init)(table, &cfg, GFP_KERNEL), -EINVAL);

	cfg = priv->cfg->cfg;
	cfg.common.hw_max_oasz_lg2 = 0;
	KUNIT_EXPECT_EQ(test, NS(init)(table, &cfg, GFP_KERNEL), -EINVAL);

	cfg = priv->cfg->cfg;
	cfg.common.hw_max_vasz_lg2 = PT_MAX_VA_ADDRESS_LG2 + 1;
	KUNIT_EXPECT_EQ(test, NS(init)(table, &cfg, GFP_KERNEL), -EINVAL);

	/*
	 * A growing top needs the driver's callbacks; a format that cannot
	 * grow refuses the feature
	 */
	cfg = priv->cfg->cfg;
	cfg.common.features |= BIT(PT_FEAT_DYNAMIC_TOP);
	KUNIT_EXPECT_EQ(test, NS(init)(table, &cfg, GFP_KERNEL),
			PT_FMT_FEATURES & BIT(PT_FEAT_DYNAMIC_TOP) ?
				-EINVAL : -EOPNOTSUPP);

	/* None of them allocated anything */
	kunit_pt_expect_table_pages(test, &table->iommu, 0);
	/* ... so a driver's error path may deinit, once or twice */
	pt_iommu_deinit(&table->iommu);
	pt_iommu_deinit(&table->iommu);

	/* Deinit after a successful init frees everything, once */
	cfg = priv->cfg->cfg;
	table->iommu.driver_ops = &priv->driver_ops;
	KUNIT_ASSERT_EQ(test, NS(init)(table, &cfg, GFP_KERNEL), 0);
	kunit_pt_expect_table_pages(test, &table->iommu,
				    kunit_pt_top_pages(&table->PT_FMT_MEMBER.common));
	pt_iommu_deinit(&table->iommu);
	pt_iommu_deinit(&table->iommu);
	kunit_pt_expect_table_pages(test, &table->iommu, 0);
}

/*
 * A map whose leaf is as large as the whole current top table grows the
 * top above it in one step, rather than splitting the leaf (regression
 * found by tools/testing/generic_pt).
 */
static void test_top_growth_for_leaf(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	struct pt_range range = pt_top_range(priv->common);
	unsigned int span_lg2 = pt_top_lg2sz(&range);
	u64 span;

	/*
	 * Nothing to grow into: such a map stays within the top. The span
	 * of a 6 level AMD v1 top is 2^66, so log2_to_int() (lg2 < 64)
	 * only runs once span_lg2 is known to fit an unsigned long.
	 */
	if (!pt_feature(priv->common, PT_FEAT_DYNAMIC_TOP) ||
	    range.top_level == PT_MAX_TOP_LEVEL || span_lg2 >= BITS_PER_LONG)
		return;
	span = log2_to_int(span_lg2);
	if (!(priv->domain.pgsize_bitmap & span))
		return;
	priv->change_top_calls = 0;
	KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, 0, span, span,
					IOMMU_READ, GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, priv->change_top_calls, 1);
	KUNIT_EXPECT_EQ(test, pt_top_range(priv->common).top_level,
			range.top_level + 1);
	KUNIT_EXPECT_EQ(test, kunit_pt_leaf_lg2(priv, span - 1), span_lg2);
	kunit_pt_expect_phys(test, priv, 0, span, span);
	KUNIT_EXPECT_EQ(test, iommu_unmap(&priv->domain, 0, span), span);
}

#include "kunit_iommu_dirty.h"
#include "kunit_iommu_core.h"
#include "kunit_iommu_batch.h"

static struct kunit_case generic_pt_iommu_test_cases[] = {
	KUNIT_CASE_PARAM(test_map_every_size, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_map_over_empty_tables, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_unmap_no_split, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_unmap_frees_tables, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_unmap_queued_gather, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_unmap_leaf_then_table, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_unmap_gather_gaps, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_unmap_batch, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_unmap_batch_edges, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_map_free_gather_gaps, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_dirty, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_dirty_iova_bitmap, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_restricted_pgsizes, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_init_bad_cfg, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_random_ops, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_top_growth, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_top_growth_for_leaf, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_bad_input, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_core_zero_length, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_core_map_collision, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_core_unmap_total, kunit_pt_gen_params),
	{}
};

static struct kunit_suite NS(iommu_test) = {
	.name = __stringify(PT_FMT) "_iommu_test",
	.init = kunit_pt_init,
	.exit = kunit_pt_exit,
	.test_cases = generic_pt_iommu_test_cases,
};

/* The same cases through the 6.12 core path (see kunit_pt_init_split()) */
static struct kunit_suite NS(iommu_split_test) = {
	.name = __stringify(PT_FMT) "_iommu_split_test",
	.init = kunit_pt_init_split,
	.exit = kunit_pt_exit,
	.test_cases = generic_pt_iommu_test_cases,
};

kunit_test_suites(&NS(iommu_test), &NS(iommu_split_test));

#include "kunit_iommu_stress.h"
#include "kunit_iommu_cut.h"
#if IS_ENABLED(CONFIG_GENERIC_PT_DEBUGFS)
#include "kunit_iommu_dump.h"
#endif
#if IS_ENABLED(CONFIG_IOMMU_PT_CHECK)
#include "kunit_iommu_check.h"
#endif

#endif
