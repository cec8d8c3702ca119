/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * KUnit tests of cut and reassemble, compiled per format with the other
 * IOMMU tests. Suite: <fmt>_iommu_cut_test.
 *
 * What a cut must make is known without the code under test: the leaves a
 * map of the two sides makes. So a cut table is compared word for word
 * with a table where the two sides were mapped apart, and a reassembled
 * table with the one leaf mapped whole.
 */
#ifndef __GENERIC_PT_KUNIT_IOMMU_CUT_H
#define __GENERIC_PT_KUNIT_IOMMU_CUT_H

#include "kunit_iommu_fixture.h"

/*
 * Arm needs break-before-make to replace a block by a table: the format
 * test file says so, and then cut and reassemble must refuse
 */
#ifndef KUNIT_PT_BREAK_BEFORE_MAKE
#define KUNIT_PT_BREAK_BEFORE_MAKE false
#endif

#define KCUT_PROT (IOMMU_READ | IOMMU_WRITE)

static int kcut_cut(struct kunit_pt_priv *priv, u64 iova,
		    struct iommu_iotlb_gather *gather)
{
	iommu_iotlb_gather_init(gather);
	return NS(cut)(&priv->domain, iova, gather, GFP_KERNEL);
}

static int kcut_reassemble(struct kunit_pt_priv *priv, u64 iova, u64 len,
			   struct iommu_iotlb_gather *gather)
{
	iommu_iotlb_gather_init(gather);
	return NS(reassemble)(&priv->domain, iova, len, gather);
}

/*
 * [iova, iova + len) translates to @pa on: unlike kunit_pt_expect_phys(),
 * a @pa of 0 is an output address too
 */
static void kcut_expect_phys(struct kunit *test, struct kunit_pt_priv *priv,
			     u64 iova, u64 len, phys_addr_t pa)
{
	u64 offs[] = { 0, len / 2, len - 1 };
	unsigned int i;

	for (i = 0; i != ARRAY_SIZE(offs); i++)
		KUNIT_EXPECT_EQ_MSG(test,
				    iommu_iova_to_phys(&priv->domain,
						       iova + offs[i]),
				    pa + offs[i], "iova %llx", iova + offs[i]);
}

/* Flush a gather as the caller must, freeing its tables */
static void kcut_sync(struct kunit_pt_priv *priv,
		      struct iommu_iotlb_gather *gather)
{
	kunit_pt_iotlb_sync(&priv->domain, gather);
}

static void kcut_expect_gather(struct kunit *test,
			       struct iommu_iotlb_gather *gather, u64 va,
			       u64 len, const char *what)
{
	KUNIT_EXPECT_EQ_MSG(test, (u64)gather->start, va, "%s", what);
	KUNIT_EXPECT_EQ_MSG(test, (u64)gather->end, va + (len - 1), "%s",
			    what);
}

static void kcut_expect_empty_gather(struct kunit *test,
				     struct iommu_iotlb_gather *gather,
				     const char *what)
{
	KUNIT_EXPECT_GT_MSG(test, gather->start, gather->end, "%s", what);
	KUNIT_EXPECT_TRUE_MSG(test, list_empty(&gather->freelist), "%s",
			      what);
}

/* The table as words, table entries as KUNIT_PT_TABLE_MARK; kvfree() it */
static struct kunit_pt_snapshot kcut_snapshot(struct kunit *test,
					      struct kunit_pt_priv *priv)
{
	return kunit_pt_snapshot_words(test, priv, true);
}

/* The table is @want word for word, table entries as marks */
static bool kcut_same(struct kunit *test, struct kunit_pt_priv *priv,
		      struct kunit_pt_snapshot *want)
{
	struct kunit_pt_snapshot got = kcut_snapshot(test, priv);
	bool same = got.num == want->num &&
		    !memcmp(got.words, want->words, got.num * sizeof(u64));

	kvfree(got.words);
	return same;
}

/* Map [iova, iova + len) -> pa in leaves of 2^lg2 only, one map each */
static void kcut_map_pieces(struct kunit *test, struct kunit_pt_priv *priv,
			    u64 iova, phys_addr_t pa, u64 len,
			    unsigned int lg2, int prot)
{
	u64 off;

	for (off = 0; off < len; off += log2_to_int(lg2))
		KUNIT_ASSERT_EQ(test,
				iommu_map(&priv->domain, iova + off, pa + off,
					  log2_to_int(lg2), prot, GFP_KERNEL),
				0);
}

/*
 * The table a cut of the leaf [iova, iova + len) at @cut must make: the
 * two sides mapped apart, each with the leaves map picks
 */
static struct kunit_pt_snapshot
kcut_expected(struct kunit *test, struct kunit_pt_priv *priv, u64 iova,
	      phys_addr_t pa, u64 len, u64 cut)
{
	struct kunit_pt_snapshot snap;

	KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, iova, pa, cut - iova,
					KCUT_PROT, GFP_KERNEL),
			0);
	KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, cut, pa + (cut - iova),
					iova + len - cut, KCUT_PROT,
					GFP_KERNEL),
			0);
	snap = kcut_snapshot(test, priv);
	KUNIT_ASSERT_EQ(test, iommu_unmap(&priv->domain, iova, len), len);
	return snap;
}

/*
 * Cut the leaf of 2^@lg2 at @iova, at @cut inside it, and check: the
 * table is what mapping the two sides apart makes, the gather is the
 * leaf, the translations did not move; a second cut there changes
 * nothing; a reassemble gives the leaf back word for word and frees the
 * tables the cut made; after a cut again, unmapping each side removes
 * exactly that side.
 */
static void kcut_one(struct kunit *test, struct kunit_pt_priv *priv,
		     u64 iova, unsigned int lg2, u64 cut)
{
	u64 len = log2_to_int(lg2);
	phys_addr_t pa = kunit_pt_oa(priv, 0x5a5a5a5a5a5a5a5aULL ^ iova, lg2);
	struct kunit_pt_snapshot whole, split;
	struct iommu_iotlb_gather gather;
	long pages;

	split = kcut_expected(test, priv, iova, pa, len, cut);
	KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, iova, pa, len,
					KCUT_PROT, GFP_KERNEL),
			0);
	KUNIT_ASSERT_EQ(test, kunit_pt_leaf_lg2(priv, iova), lg2);
	whole = kcut_snapshot(test, priv);
	pages = kunit_pt_live_pages(priv);

	KUNIT_ASSERT_EQ(test, kcut_cut(priv, cut, &gather), 0);
	kcut_expect_gather(test, &gather, iova, len, "cut");
	KUNIT_EXPECT_TRUE(test, list_empty(&gather.freelist));
	kcut_sync(priv, &gather);
	KUNIT_EXPECT_TRUE_MSG(test, kcut_same(test, priv, &split),
			      "cut of %llx+%llx at %llx is not the two sides mapped apart",
			      iova, len, cut);
	KUNIT_EXPECT_EQ(test, kunit_pt_live_pages(priv),
			(long)kunit_pt_count_tables(priv));
	kcut_expect_phys(test, priv, iova, cut - iova, pa);
	kcut_expect_phys(test, priv, cut, iova + len - cut, pa + (cut - iova));
	KUNIT_EXPECT_EQ(test, log2_mod(cut, kunit_pt_leaf_lg2(priv, cut)), 0);
	KUNIT_EXPECT_EQ(test, log2_mod(cut, kunit_pt_leaf_lg2(priv, cut - 1)),
			0);

	/* A boundary already: nothing to do */
	KUNIT_EXPECT_EQ(test, kcut_cut(priv, cut, &gather), 0);
	kcut_expect_empty_gather(test, &gather, "second cut");

	KUNIT_ASSERT_EQ(test, kcut_reassemble(priv, iova, len, &gather), 0);
	kcut_expect_gather(test, &gather, iova, len, "reassemble");
	kcut_sync(priv, &gather);
	KUNIT_EXPECT_TRUE_MSG(test, kcut_same(test, priv, &whole),
			      "cut of %llx+%llx at %llx and reassemble is not the leaf",
			      iova, len, cut);
	KUNIT_EXPECT_EQ(test, kunit_pt_live_pages(priv), pages);

	/* Each side unmaps exactly */
	KUNIT_ASSERT_EQ(test, kcut_cut(priv, cut, &gather), 0);
	kcut_sync(priv, &gather);
	KUNIT_EXPECT_EQ(test, iommu_unmap(&priv->domain, iova, cut - iova),
			cut - iova);
	kunit_pt_expect_phys(test, priv, iova, cut - iova, 0);
	kcut_expect_phys(test, priv, cut, iova + len - cut, pa + (cut - iova));
	KUNIT_EXPECT_EQ(test, iommu_unmap(&priv->domain, cut, iova + len - cut),
			iova + len - cut);
	kunit_pt_expect_phys(test, priv, iova, len, 0);
	kvfree(whole.words);
	kvfree(split.words);
}

/*
 * Every leaf size, at the start of the aperture, above it and at its end,
 * cut at every smaller page size's first boundary, at a granule, in the
 * middle and a granule before the end
 */
static void test_cut_every_size(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	u64 sizes = kunit_pt_sizes(priv);
	u64 gran = sizes & -sizes, max_va = kunit_pt_max_va(priv);
	unsigned int lg2, b;
	u64 len, bases[3], small, rest;

	if (KUNIT_PT_BREAK_BEFORE_MAKE)
		kunit_skip(test, "break-before-make: see test_cut_refused");
	for (lg2 = log2_ffs(gran) + 1; lg2 != 64; lg2++) {
		len = log2_to_int(lg2);
		if (!(sizes & len))
			continue;
		bases[0] = 0;
		bases[1] = len;
		bases[2] = log2_align_down(max_va, lg2);
		for (b = 0; b != ARRAY_SIZE(bases); b++) {
			if (bases[b] + (len - 1) > max_va)
				continue;
			kcut_one(test, priv, bases[b], lg2, bases[b] + gran);
			kcut_one(test, priv, bases[b], lg2,
				 bases[b] + len / 2);
			kcut_one(test, priv, bases[b], lg2,
				 bases[b] + len - gran);
			/* A boundary of each smaller size but the granule */
			for (rest = sizes & (len - 1) & ~gran; rest;
			     rest &= rest - 1) {
				small = rest & -rest;
				kcut_one(test, priv, bases[b], lg2,
					 bases[b] +
					 (3 * small < len ? 3 * small : small));
			}
		}
	}
}

/*
 * Leaves of one size that reassemble into a leaf of the next size up: one
 * run (merged, and then word for word the leaf mapped whole), half of it
 * (nothing), a misaligned OA, a read-only leaf among writable ones, and
 * one leaf's OA out of the run (never the larger size)
 */
static void kcut_runs(struct kunit *test, struct kunit_pt_priv *priv,
		      unsigned int small_lg2, unsigned int lg2)
{
	u64 len = log2_to_int(lg2), small = log2_to_int(small_lg2);
	u64 iova = 2 * len;
	phys_addr_t pa = kunit_pt_oa(priv, 0x3c3c3c3c3c3c3c3cULL, lg2);
	struct kunit_pt_snapshot whole, before;
	struct iommu_iotlb_gather gather;
	long pages;

	if (iova + 2 * len - 1 > kunit_pt_max_va(priv))
		return;
	KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, iova, pa, len,
					KCUT_PROT, GFP_KERNEL),
			0);
	whole = kcut_snapshot(test, priv);
	pages = kunit_pt_live_pages(priv);
	KUNIT_ASSERT_EQ(test, iommu_unmap(&priv->domain, iova, len), len);

	/* One run */
	kcut_map_pieces(test, priv, iova, pa, len, small_lg2, KCUT_PROT);
	before = kcut_snapshot(test, priv);
	/* Half of it: no block of the size lies inside */
	KUNIT_ASSERT_EQ(test, kcut_reassemble(priv, iova, len / 2, &gather),
			0);
	if (small_lg2 + 1 == lg2)
		kcut_expect_empty_gather(test, &gather, "half a run");
	kcut_sync(priv, &gather);
	KUNIT_EXPECT_NE(test, kunit_pt_leaf_lg2(priv, iova), lg2);
	KUNIT_ASSERT_EQ(test, kcut_reassemble(priv, iova, len, &gather), 0);
	KUNIT_EXPECT_EQ(test, (u64)gather.start, iova);
	KUNIT_EXPECT_EQ(test, (u64)gather.end, iova + len - 1);
	kcut_sync(priv, &gather);
	KUNIT_EXPECT_TRUE_MSG(test, kcut_same(test, priv, &whole),
			      "run of %llx leaves at %llx not reassembled into the %llx leaf",
			      small, iova, len);
	KUNIT_EXPECT_EQ(test, kunit_pt_live_pages(priv), pages);
	kcut_expect_phys(test, priv, iova, len, pa);
	KUNIT_ASSERT_EQ(test, iommu_unmap(&priv->domain, iova, len), len);

	/* A run whose OA is not aligned to the larger size */
	kcut_map_pieces(test, priv, iova, pa + small, len, small_lg2,
			KCUT_PROT);
	KUNIT_ASSERT_EQ(test, kcut_reassemble(priv, iova, len, &gather), 0);
	kcut_sync(priv, &gather);
	KUNIT_EXPECT_LT(test, kunit_pt_leaf_lg2(priv, iova), lg2);
	kcut_expect_phys(test, priv, iova, len, pa + small);
	KUNIT_ASSERT_EQ(test, iommu_unmap(&priv->domain, iova, len), len);

	/* A read-only leaf in the middle */
	if (!KUNIT_PT_READ_ONLY_IS_RW(priv)) {
		kcut_map_pieces(test, priv, iova, pa, len / 2, small_lg2,
				KCUT_PROT);
		kcut_map_pieces(test, priv, iova + len / 2, pa + len / 2,
				small, small_lg2, IOMMU_READ);
		if (len / 2 + small < len)
			kcut_map_pieces(test, priv, iova + len / 2 + small,
					pa + len / 2 + small,
					len / 2 - small, small_lg2, KCUT_PROT);
		before = kcut_snapshot(test, priv);
		KUNIT_ASSERT_EQ(test, kcut_reassemble(priv, iova, len, &gather),
				0);
		kcut_sync(priv, &gather);
		KUNIT_EXPECT_LT(test, kunit_pt_leaf_lg2(priv, iova), lg2);
		if (small_lg2 + 1 == lg2)
			KUNIT_EXPECT_TRUE_MSG(test,
					      kcut_same(test, priv, &before),
					      "mixed attributes merged");
		kvfree(before.words);
		KUNIT_ASSERT_EQ(test, iommu_unmap(&priv->domain, iova, len),
				len);
	}

	/* The last leaf's OA elsewhere */
	kcut_map_pieces(test, priv, iova, pa, len - small, small_lg2,
			KCUT_PROT);
	kcut_map_pieces(test, priv, iova + len - small, pa + len, small,
			small_lg2, KCUT_PROT);
	KUNIT_ASSERT_EQ(test, kcut_reassemble(priv, iova, len, &gather), 0);
	kcut_sync(priv, &gather);
	KUNIT_EXPECT_LT(test, kunit_pt_leaf_lg2(priv, iova), lg2);
	kcut_expect_phys(test, priv, iova, len - small, pa);
	kcut_expect_phys(test, priv, iova + len - small, small, pa + len);
	KUNIT_ASSERT_EQ(test, iommu_unmap(&priv->domain, iova, len), len);
	kvfree(whole.words);
}

/* Every pair of neighbouring page sizes up to 512 leaves of the smaller */
static void test_cut_reassemble_runs(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	u64 sizes = kunit_pt_sizes(priv);
	unsigned int small_lg2, lg2;
	u64 rest;

	if (KUNIT_PT_BREAK_BEFORE_MAKE)
		kunit_skip(test, "break-before-make: see test_cut_refused");
	for (rest = sizes; rest; rest &= rest - 1) {
		small_lg2 = log2_ffs(rest);
		if (!(rest & (rest - 1)))
			break;
		lg2 = log2_ffs(rest & (rest - 1));
		if (lg2 - small_lg2 <= 9)
			kcut_runs(test, priv, small_lg2, lg2);
	}
}

/*
 * Two levels at once: leaves of the smallest size under a table under a
 * table reassemble into one leaf two levels up, and a dirty bit on one of
 * them makes the merged leaf dirty
 */
static void test_cut_reassemble_levels(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	u64 sizes = kunit_pt_sizes(priv), gran = sizes & -sizes;
	struct iommu_iotlb_gather gather;
	unsigned int lg2, mid_lg2;
	struct kunit_pt_snapshot whole;
	phys_addr_t pa;
	u64 len, mid, iova;
	int ret;

	if (KUNIT_PT_BREAK_BEFORE_MAKE)
		kunit_skip(test, "break-before-make: see test_cut_refused");
	/* The largest size that is at most 512 leaves of a middle size */
	for (lg2 = 63; lg2; lg2--) {
		len = log2_to_int(lg2);
		mid = sizes & (len - 1) & ~gran;
		if (!(sizes & len) || !mid)
			continue;
		mid_lg2 = log2_fls(mid) - 1;
		if (lg2 - mid_lg2 <= 9 && mid_lg2 - log2_ffs(gran) <= 9)
			break;
	}
	if (!lg2)
		kunit_skip(test, "no three page sizes close enough");
	iova = len;
	if (2 * len - 1 > kunit_pt_max_va(priv))
		kunit_skip(test, "aperture too small");
	pa = kunit_pt_oa(priv, 0x7777777777777777ULL, lg2);
	KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, iova, pa, len,
					KCUT_PROT, GFP_KERNEL),
			0);
	whole = kcut_snapshot(test, priv);
	KUNIT_ASSERT_EQ(test, iommu_unmap(&priv->domain, iova, len), len);
	/* The first middle-size block in leaves of the granule */
	kcut_map_pieces(test, priv, iova, pa, log2_to_int(mid_lg2),
			log2_ffs(gran), KCUT_PROT);
	kcut_map_pieces(test, priv, iova + log2_to_int(mid_lg2),
			pa + log2_to_int(mid_lg2),
			len - log2_to_int(mid_lg2), mid_lg2, KCUT_PROT);
	ret = priv->fmt_table.iommu.ops->set_dirty(&priv->fmt_table.iommu,
						   iova + gran);
	KUNIT_ASSERT_EQ(test, kcut_reassemble(priv, iova, len, &gather), 0);
	kcut_sync(priv, &gather);
	KUNIT_EXPECT_EQ(test, kunit_pt_leaf_lg2(priv, iova), lg2);
	kcut_expect_phys(test, priv, iova, len, pa);
	if (!ret) {
		/* The dirty bit went into the merged leaf */
		gather = kunit_pt_read_dirty(priv, iova, len, 0);
		KUNIT_EXPECT_EQ(test, (u64)gather.start, iova);
		KUNIT_EXPECT_EQ(test, (u64)gather.end, iova + len - 1);
		kunit_pt_read_dirty(priv, iova, len, 0);
	}
	if (ret)
		KUNIT_EXPECT_TRUE(test, kcut_same(test, priv, &whole));
	KUNIT_ASSERT_EQ(test, iommu_unmap(&priv->domain, iova, len), len);
	kvfree(whole.words);
}

/*
 * Map one leaf of the largest page size at IOVA its size (half that if
 * it does not fit) and return its size
 */
static u64 kcut_map_big(struct kunit *test, struct kunit_pt_priv *priv)
{
	u64 sizes = kunit_pt_sizes(priv);
	u64 big = log2_to_int(log2_fls(sizes) - 1);

	if (2 * big - 1 > kunit_pt_max_va(priv))
		big >>= 1;
	KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, big,
					kunit_pt_oa(priv, 0, log2_ffs(big)),
					big, KCUT_PROT, GFP_KERNEL),
			0);
	return big;
}

/* Bad input changes nothing; nothing mapped or a boundary is a no-op */
static void test_cut_bad_input(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	u64 sizes = kunit_pt_sizes(priv), gran = sizes & -sizes, big;
	struct iommu_iotlb_gather gather;
	struct kunit_pt_snapshot before;
	struct pt_range range;

	if (KUNIT_PT_BREAK_BEFORE_MAKE)
		kunit_skip(test, "break-before-make: see test_cut_refused");
	big = kcut_map_big(test, priv);
	before = kcut_snapshot(test, priv);
	if (gran > 1) {
		KUNIT_EXPECT_EQ(test, kcut_cut(priv, big + gran / 2, &gather),
				-EINVAL);
		KUNIT_EXPECT_EQ(test,
				kcut_reassemble(priv, gran / 2, big, &gather),
				-EINVAL);
	}
	KUNIT_EXPECT_EQ(test, kcut_reassemble(priv, big, 0, &gather), -EINVAL);
	/* Wrapping, where a dma_addr_t names the whole 64-bit space */
	if (sizeof(dma_addr_t) == sizeof(u64))
		KUNIT_EXPECT_EQ(test,
				kcut_reassemble(priv, -gran, 2 * gran, &gather),
				-EINVAL);
	/* Beyond the VA the table can translate, if there is such VA */
	if (sizeof(dma_addr_t) == sizeof(u64) &&
	    pt_make_range(priv->common, &range, U64_MAX & ~(gran - 1),
			  U64_MAX)) {
		KUNIT_EXPECT_EQ(test,
				kcut_cut(priv, U64_MAX & ~(gran - 1), &gather),
				-ERANGE);
		KUNIT_EXPECT_EQ(test,
				kcut_reassemble(priv, U64_MAX & ~(2 * gran - 1),
						gran, &gather),
				-ERANGE);
	}
	/* At a boundary, where nothing is mapped: nothing to do */
	KUNIT_EXPECT_EQ(test, kcut_cut(priv, big, &gather), 0);
	kcut_expect_empty_gather(test, &gather, "cut at a boundary");
	KUNIT_EXPECT_EQ(test, kcut_cut(priv, 3 * big > kunit_pt_max_va(priv) ?
						     0 : 2 * big + gran,
				       &gather),
			0);
	kcut_expect_empty_gather(test, &gather, "cut of nothing");
	KUNIT_EXPECT_EQ(test, kcut_reassemble(priv, big, big, &gather), 0);
	kcut_expect_empty_gather(test, &gather, "reassemble of a leaf");
	KUNIT_EXPECT_TRUE_MSG(test, kcut_same(test, priv, &before),
			      "bad input changed the table");
	KUNIT_EXPECT_EQ(test, iommu_unmap(&priv->domain, big, big), big);
	kvfree(before.words);
}

/* A format that needs break-before-make refuses and changes nothing */
static void test_cut_refused(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	u64 sizes = kunit_pt_sizes(priv), gran = sizes & -sizes, big;
	struct iommu_iotlb_gather gather;
	struct kunit_pt_snapshot before;

	if (!KUNIT_PT_BREAK_BEFORE_MAKE)
		kunit_skip(test, "the format replaces blocks hitlessly");
	big = kcut_map_big(test, priv);
	before = kcut_snapshot(test, priv);
	KUNIT_EXPECT_EQ(test, kcut_cut(priv, big + gran, &gather), -EOPNOTSUPP);
	kcut_expect_empty_gather(test, &gather, "refused cut");
	KUNIT_EXPECT_EQ(test, kcut_reassemble(priv, big, big, &gather),
			-EOPNOTSUPP);
	kcut_expect_empty_gather(test, &gather, "refused reassemble");
	KUNIT_EXPECT_TRUE_MSG(test, kcut_same(test, priv, &before),
			      "refused cut changed the table");
	KUNIT_EXPECT_EQ(test, iommu_unmap(&priv->domain, big, big), big);
	kvfree(before.words);
}

static struct kunit_case generic_pt_iommu_cut_cases[] = {
	KUNIT_CASE_PARAM(test_cut_every_size, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_cut_reassemble_runs, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_cut_reassemble_levels, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_cut_bad_input, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_cut_refused, kunit_pt_gen_params),
	{}
};

static struct kunit_suite NS(iommu_cut_test) = {
	.name = __stringify(PT_FMT) "_iommu_cut_test",
	.init = kunit_pt_init,
	.exit = kunit_pt_exit,
	.test_cases = generic_pt_iommu_cut_cases,
};

kunit_test_suites(&NS(iommu_cut_test));

#endif
