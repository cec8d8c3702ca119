/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * KUnit tests of dirty tracking, part of <fmt>_iommu_test (kunit_iommu.h):
 * read_and_clear_dirty() seen through a gather, and through 6.12's own
 * iova_bitmap over user memory, as iommufd uses it.
 */
#ifndef __GENERIC_PT_KUNIT_IOMMU_DIRTY_H
#define __GENERIC_PT_KUNIT_IOMMU_DIRTY_H

#include "kunit_iommu_fixture.h"

/*
 * A read-only leaf never reads dirty. A fresh writable leaf reads dirty
 * only in a format that maps it dirty, and then until the first read. A D
 * bit on any item of a leaf reports the whole leaf; NO_CLEAR keeps it, a
 * normal read clears every item of the leaf.
 */
static void test_dirty(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	struct pt_iommu *iommu_table = &priv->fmt_table.iommu;
	u64 sizes = kunit_pt_sizes(priv) & GENMASK_ULL(30, 0);
	/* Reads cover every leaf mapped here, within the aperture */
	u64 window = min(4 * log2_to_int(log2_fls(sizes)),
			 kunit_pt_max_va(priv));
	struct iommu_iotlb_gather gather;

	while (sizes) {
		u64 len = log2_to_int(log2_ffs(sizes));
		u64 offs[] = { 0, len / 2, len - 1 };
		unsigned int i;

		sizes &= sizes - 1;
		KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, len, len, len,
						IOMMU_READ, GFP_KERNEL), 0);
		gather = kunit_pt_read_dirty(priv, 0, window, 0);
		KUNIT_EXPECT_GT(test, gather.start, gather.end);
		KUNIT_EXPECT_EQ(test, iommu_unmap(&priv->domain, len, len),
				len);

		KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, len, len, len,
						IOMMU_READ | IOMMU_WRITE,
						GFP_KERNEL), 0);
		gather = kunit_pt_read_dirty(priv, 0, window, 0);
		if (KUNIT_PT_DIRTY_ON_MAP) {
			KUNIT_EXPECT_EQ(test, gather.start, len);
			KUNIT_EXPECT_EQ(test, (u64)gather.end, 2 * len - 1);
			gather = kunit_pt_read_dirty(priv, 0, window, 0);
		}
		KUNIT_EXPECT_GT(test, gather.start, gather.end);

		for (i = 0; i != ARRAY_SIZE(offs); i++) {
			if (iommu_table->ops->set_dirty(iommu_table,
							len + offs[i])) {
				/* The format has no dirty bit */
				KUNIT_EXPECT_EQ(test, i, 0);
				return;
			}
			gather = kunit_pt_read_dirty(priv, 0, window,
						     IOMMU_DIRTY_NO_CLEAR);
			KUNIT_EXPECT_EQ(test, gather.start, len);
			KUNIT_EXPECT_EQ(test, (u64)gather.end, 2 * len - 1);
			gather = kunit_pt_read_dirty(priv, len + offs[i], 1, 0);
			KUNIT_EXPECT_EQ(test, gather.start, len);
			KUNIT_EXPECT_EQ(test, (u64)gather.end, 2 * len - 1);
			gather = kunit_pt_read_dirty(priv, 0, window, 0);
			KUNIT_EXPECT_GT(test, gather.start, gather.end);
		}
		KUNIT_EXPECT_EQ(test, iommu_unmap(&priv->domain, len, len),
				len);
	}
	KUNIT_EXPECT_EQ(test, iommu_table->ops->set_dirty(iommu_table, 0),
			-ENOENT);
}

/* --- Dirty tracking through the real iova_bitmap, as iommufd uses it --- */

/*
 * At most this many bitmap bits per query: the bitmap lives at the start of
 * one user page and the rest of the page is a guard that must stay zero
 */
#define KUNIT_PT_DIRTY_MAX_BITS 4096

struct kunit_pt_dirty_ctx {
	struct kunit_pt_priv *priv;
	/* The user page handed to iova_bitmap_alloc() */
	u64 __user *ubuf;
	/* A copy of it, read back after each query */
	unsigned long *kbuf;
	/* Leaves [i * len, (i + 1) * len), i < num, dirty per bit of @dirty */
	u64 len;
	unsigned int num;
	unsigned int dirty;
	unsigned int gran_lg2;
};

/*
 * True if [va, last_va] meets a leaf the test made dirty and no clearing
 * query has cleaned since: worked out from the layout alone
 */
static bool kunit_pt_dirty_expect(struct kunit_pt_dirty_ctx *ctx, u64 va,
				  u64 last_va)
{
	unsigned int i;

	for (i = 0; i != ctx->num; i++) {
		u64 leaf = i * ctx->len, leaf_last = leaf + (ctx->len - 1);

		if ((ctx->dirty & BIT(i)) && va <= leaf_last && leaf <= last_va)
			return true;
	}
	return false;
}

/* Make the leaves in @mask dirty, by one D bit at @off into each */
static void kunit_pt_dirty_set(struct kunit *test,
			       struct kunit_pt_dirty_ctx *ctx, unsigned int mask,
			       u64 off)
{
	struct pt_iommu *iommu_table = &ctx->priv->fmt_table.iommu;
	unsigned int i;

	for (i = 0; i != ctx->num; i++) {
		if (!(mask & BIT(i)))
			continue;
		KUNIT_ASSERT_EQ(test,
				iommu_table->ops->set_dirty(iommu_table,
							    i * ctx->len + off),
				0);
		ctx->dirty |= BIT(i);
	}
}

/*
 * Query [va, last_va] into a real iova_bitmap over a user page and check
 * every bit against the layout: bit k stands for the k-th @bpg-sized piece
 * of the query and must be set exactly when that piece meets a dirty leaf.
 * Nothing past the bitmap's last bit may be written. A clearing query must
 * gather every dirty leaf it meets, whole, and cleans them.
 */
static void kunit_pt_dirty_query(struct kunit *test,
				 struct kunit_pt_dirty_ctx *ctx, u64 va,
				 u64 last_va, unsigned long flags)
{
	struct kunit_pt_priv *priv = ctx->priv;
	u64 len = last_va - va + 1;
	unsigned int bpg_lg2 = ctx->gran_lg2, nbits, k, i;
	struct iommu_iotlb_gather gather;
	struct iommu_dirty_bitmap dirty;
	struct iova_bitmap *bitmap;

	while (log2_div(len - 1, bpg_lg2) >= KUNIT_PT_DIRTY_MAX_BITS)
		bpg_lg2++;
	nbits = log2_div(len - 1, bpg_lg2) + 1;

	KUNIT_ASSERT_EQ(test, clear_user(ctx->ubuf, PAGE_SIZE), 0);
	bitmap = iova_bitmap_alloc(va, len, log2_to_int(bpg_lg2), ctx->ubuf);
	KUNIT_ASSERT_FALSE(test, IS_ERR(bitmap));
	iommu_dirty_bitmap_init(&dirty, bitmap, &gather);
	KUNIT_EXPECT_EQ(test,
			NS(read_and_clear_dirty)(&priv->domain, va, len, flags,
						 &dirty),
			0);
	iova_bitmap_free(bitmap);
	KUNIT_ASSERT_EQ(test, copy_from_user(ctx->kbuf, ctx->ubuf, PAGE_SIZE),
			0);

	for (k = 0; k != nbits; k++) {
		u64 piece = va + ((u64)k << bpg_lg2);
		u64 piece_last = min(log2_set_mod_max(piece - va, bpg_lg2) + va,
				     last_va);
		bool want = kunit_pt_dirty_expect(ctx, piece, piece_last);

		if (test_bit(k, ctx->kbuf) != want) {
			KUNIT_FAIL(test,
				   "leaf %llx query [%llx, %llx] flags %lx dirty %x: bit %u [%llx, %llx] is %d, want %d",
				   ctx->len, va, last_va, flags, ctx->dirty, k,
				   piece, piece_last, !want, want);
			break;
		}
	}
	k = find_next_bit(ctx->kbuf, PAGE_SIZE * BITS_PER_BYTE, nbits);
	KUNIT_EXPECT_EQ_MSG(test, k, PAGE_SIZE * BITS_PER_BYTE,
			    "leaf %llx query [%llx, %llx]: bit %u set past the %u bits of the bitmap",
			    ctx->len, va, last_va, k, nbits);

	if (flags & IOMMU_DIRTY_NO_CLEAR)
		return;
	for (i = 0; i != ctx->num; i++) {
		u64 leaf = i * ctx->len, leaf_last = leaf + (ctx->len - 1);

		if (!(ctx->dirty & BIT(i)) || va > leaf_last || leaf > last_va)
			continue;
		/* Every D bit of the leaf is cleared: the flush covers it */
		KUNIT_EXPECT_LE(test, (u64)gather.start, leaf);
		KUNIT_EXPECT_GE(test, (u64)gather.end, leaf_last);
		ctx->dirty &= ~BIT(i);
	}
}

/*
 * Query [va, last_va] as iommufd does, first with IOMMU_DIRTY_NO_CLEAR,
 * then clearing; after each, query all the leaves with NO_CLEAR: a NO_CLEAR
 * query left every leaf dirty, a clearing one cleaned every leaf it met.
 */
static void kunit_pt_dirty_check(struct kunit *test,
				 struct kunit_pt_dirty_ctx *ctx, u64 va,
				 u64 last_va)
{
	u64 all_last = ctx->num * ctx->len - 1;

	kunit_pt_dirty_query(test, ctx, va, last_va, IOMMU_DIRTY_NO_CLEAR);
	kunit_pt_dirty_query(test, ctx, 0, all_last, IOMMU_DIRTY_NO_CLEAR);
	kunit_pt_dirty_query(test, ctx, va, last_va, 0);
	kunit_pt_dirty_query(test, ctx, 0, all_last, IOMMU_DIRTY_NO_CLEAR);
	/* Nothing the clearing query met reads dirty again */
	kunit_pt_dirty_query(test, ctx, va, last_va, IOMMU_DIRTY_NO_CLEAR);
}

/*
 * Regression: a query starting inside a dirty leaf (a contiguous or large
 * one) was recorded from the leaf's first VA, which 6.12's iova_bitmap
 * drops, while the D bits were cleared: the writes were never reported.
 * One ending inside a leaf recorded past the bitmap. For every leaf size,
 * up to three leaves side by side are queried from and to points inside
 * them, through the real iova_bitmap over a user buffer, and each bit is
 * checked against which leaves were made dirty.
 */
static void test_dirty_iova_bitmap(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	struct pt_iommu *iommu_table = &priv->fmt_table.iommu;
	u64 sizes = kunit_pt_sizes(priv);
	u64 max_va = kunit_pt_max_va(priv);
	struct kunit_pt_dirty_ctx ctx = { .priv = priv };
	struct rnd_state rnd;
	unsigned long uaddr;

	ctx.gran_lg2 = log2_ffs(priv->domain.pgsize_bitmap);
	KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, 0, 0,
					log2_to_int(ctx.gran_lg2),
					IOMMU_READ | IOMMU_WRITE, GFP_KERNEL),
			0);
	if (iommu_table->ops->set_dirty(iommu_table, 0) == -EOPNOTSUPP)
		kunit_skip(test, "the format has no dirty bit");
	KUNIT_ASSERT_EQ(test, iommu_unmap(&priv->domain, 0,
					  log2_to_int(ctx.gran_lg2)),
			log2_to_int(ctx.gran_lg2));

	uaddr = kunit_vm_mmap(test, NULL, 0, PAGE_SIZE, PROT_READ | PROT_WRITE,
			      MAP_ANONYMOUS | MAP_PRIVATE, 0);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR_VALUE(uaddr), "no user memory");
	ctx.ubuf = (u64 __user *)uaddr;
	ctx.kbuf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx.kbuf);
	prandom_seed_state(&rnd, 7);

	for (; sizes; sizes &= sizes - 1) {
		unsigned int lg2sz = log2_ffs(sizes), i;
		u64 len = log2_to_int(lg2sz);
		u64 gran = log2_to_int(ctx.gran_lg2);
		/* Half a leaf, or 0 for a leaf of one granule */
		u64 half = len > gran ? len / 2 : 0;
		u64 end, all_last, ext_last;

		ctx.len = len;
		ctx.dirty = 0;
		for (ctx.num = 0; ctx.num != 3; ctx.num++) {
			u64 va = ctx.num * len;

			/* Leaf num fits in the aperture: num * len <= max_va - (len - 1) */
			if (log2_div(max_va - (len - 1), lg2sz) < ctx.num)
				break;
			KUNIT_ASSERT_EQ(test,
					iommu_map(&priv->domain, va,
						  kunit_pt_oa(priv, 0x1234567ULL << 30,
							      lg2sz),
						  len, IOMMU_READ | IOMMU_WRITE,
						  GFP_KERNEL),
					0);
			KUNIT_ASSERT_EQ(test, kunit_pt_leaf_lg2(priv, va),
					lg2sz);
		}
		end = ctx.num * len;
		all_last = end - 1;
		/* Past the last leaf, into VA nothing maps, where it exists */
		ext_last = all_last < max_va ? min(all_last + len, max_va) :
					       all_last;
		/* Writable leaves may start dirty: clean them first */
		kunit_pt_read_dirty(priv, 0, end, 0);

		/* The first and the last leaf dirty, any middle one clean */
		kunit_pt_dirty_set(test, &ctx, BIT(0) | BIT(ctx.num - 1),
				   len - gran);
		/* From inside the first leaf to inside the last one */
		if (end - gran > gran)
			kunit_pt_dirty_check(test, &ctx, gran, all_last - gran);

		kunit_pt_dirty_set(test, &ctx, BIT(0) | BIT(ctx.num - 1), 0);
		/* One granule inside the first leaf */
		kunit_pt_dirty_check(test, &ctx, half, half + gran - 1);

		kunit_pt_dirty_set(test, &ctx, BIT(ctx.num) - 1, half);
		/* From inside the first leaf to inside the second */
		kunit_pt_dirty_check(test, &ctx, half,
				     min(half + len - 1, all_last));

		kunit_pt_dirty_set(test, &ctx, BIT(ctx.num) - 1, len - gran);
		/* From inside the last leaf to past it */
		kunit_pt_dirty_check(test, &ctx, all_last - len + 1 + half,
				     ext_last);

		kunit_pt_dirty_set(test, &ctx, BIT(0) | BIT(ctx.num - 1),
				   half);
		/* All of them */
		kunit_pt_dirty_check(test, &ctx, 0, all_last);

		/* Random granule aligned queries over random dirty leaves */
		for (i = 0; i != 8; i++) {
			u64 pages = log2_div(end, ctx.gran_lg2);
			u64 first = kunit_pt_rand_below(&rnd, pages);
			u64 npages = 1 + kunit_pt_rand_below(&rnd, pages - first);

			kunit_pt_dirty_set(test, &ctx,
					   prandom_u32_state(&rnd) &
						   (BIT(ctx.num) - 1),
					   kunit_pt_rand_below(&rnd,
							       log2_div(len, ctx.gran_lg2))
						   << ctx.gran_lg2);
			kunit_pt_dirty_check(test, &ctx, first << ctx.gran_lg2,
					     ((first + npages) << ctx.gran_lg2) - 1);
		}

		KUNIT_ASSERT_EQ(test, iommu_unmap(&priv->domain, 0, end), end);
	}
}

#endif
