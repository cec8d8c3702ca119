// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suites for the Arm VMSAv7 short-descriptor (ARMv7s) format:
 * armv7s_fmt_test, armv7s_iommu_test, armv7s_iommu_split_test and the
 * other suites of kunit_iommu.h, armv7s_bits_test (the raw descriptors
 * against the Arm ARM's short-descriptor layout) and, where the kernel has
 * 6.12's io-pgtable-arm-v7s, armv7s_cmp_test.
 */
#define PT_FMT armv7s
#define PT_FMT_H "armv7s.h"
#define PT_SUPPORTED_FEATURES PT_FMT_FEATURES

/* AP[2:1] cannot express write-only: every valid leaf is readable */
#define KUNIT_PT_WRITE_ONLY_IS_RW true
/* Arm ARM: a section and a table replace each other only by BBM */
#define KUNIT_PT_BREAK_BEFORE_MAKE true

#include "kunit_template.h"

#define ARMV7S_KUNIT_CFG(_name, _features, _ias, _oas)            \
	{                                                         \
		.name = _name,                                    \
		.cfg = { .common = { .features = (_features),     \
				     .hw_max_vasz_lg2 = (_ias),   \
				     .hw_max_oasz_lg2 = (_oas) } }, \
	}

#define ARMV7S_FLUSH BIT(PT_FEAT_FLUSH_RANGE)
#define ARMV7S_NS BIT(PT_FEAT_ARMV7S_NS)

/* Names: ias<IAS>_oas<OAS>, then features */
static const struct kunit_pt_cfg kunit_pt_cfgs[] = {
	/* As mtk_iommu and arm-smmu set it up */
	ARMV7S_KUNIT_CFG("ias32_oas32", ARMV7S_FLUSH, 32, 32),
	ARMV7S_KUNIT_CFG("ias32_oas32_ns", ARMV7S_FLUSH | ARMV7S_NS, 32, 32),
	/* A smaller IAS: a top of 1024 and of 2 items; a smaller OAS */
	ARMV7S_KUNIT_CFG("ias30_oas32", 0, 30, 32),
	ARMV7S_KUNIT_CFG("ias21_oas31_ns", ARMV7S_NS, 21, 31),
	/* An OAS above 32 is capped */
	ARMV7S_KUNIT_CFG("ias32_oas40", ARMV7S_FLUSH, 32, 40),
};

#include "../kunit_generic_pt.h"
#include "../kunit_iommu.h"

/* --- armv7s_bits_test: raw entries against the short-descriptor layout --- */

/*
 * Descriptor bits as DDI0406C.d B3.5.1 numbers them, written out apart
 * from armv7s.h: the first level (sections, supersections, table
 * descriptors) and the second level (small and large pages)
 */
#define KA7_L1_TABLE 0x1u
#define KA7_L1_SECTION 0x2u
#define KA7_L1_NS_TABLE BIT(3)
#define KA7_L1_B BIT(2)
#define KA7_L1_C BIT(3)
#define KA7_L1_XN BIT(4)
#define KA7_L1_AP0 BIT(10)
#define KA7_L1_AP1 BIT(11)
#define KA7_L1_TEX0 BIT(12)
#define KA7_L1_AP2 BIT(15)
#define KA7_L1_S BIT(16)
#define KA7_L1_NG BIT(17)
#define KA7_L1_SUPER BIT(18)
#define KA7_L1_NS BIT(19)
#define KA7_L2_LARGE 0x1u
#define KA7_L2_SMALL 0x2u
#define KA7_L2_SMALL_XN BIT(0)
#define KA7_L2_B BIT(2)
#define KA7_L2_C BIT(3)
#define KA7_L2_AP0 BIT(4)
#define KA7_L2_AP1 BIT(5)
#define KA7_L2_SMALL_TEX0 BIT(6)
#define KA7_L2_AP2 BIT(9)
#define KA7_L2_S BIT(10)
#define KA7_L2_NG BIT(11)
#define KA7_L2_LARGE_TEX0 BIT(12)
#define KA7_L2_LARGE_XN BIT(15)

static bool ka7_ns(struct kunit_pt_priv *priv)
{
	return priv->cfg->cfg.common.features & ARMV7S_NS;
}

static unsigned int ka7_ias(struct kunit_pt_priv *priv)
{
	return priv->cfg->cfg.common.hw_max_vasz_lg2;
}

static u32 *ka7_top(struct kunit_pt_priv *priv)
{
	return (u32 *)pt_top_range(priv->common).top_table;
}

/* The descriptor the Arm ARM has for a leaf of @lg2sz at @pa */
static u32 ka7_leaf(struct kunit_pt_priv *priv, u32 pa, unsigned int lg2sz,
		    int prot)
{
	bool ro = !(prot & IOMMU_WRITE), xn = prot & IOMMU_NOEXEC;
	bool cache = prot & IOMMU_CACHE;
	u32 d = pa;

	if (lg2sz >= 20) {
		d |= KA7_L1_SECTION | KA7_L1_AP0 | KA7_L1_AP1 | KA7_L1_TEX0 |
		     KA7_L1_S | KA7_L1_NG;
		if (lg2sz == 24)
			d |= KA7_L1_SUPER;
		if (ro)
			d |= KA7_L1_AP2;
		if (xn)
			d |= KA7_L1_XN;
		if (cache)
			d |= KA7_L1_B | KA7_L1_C;
		if (ka7_ns(priv))
			d |= KA7_L1_NS;
		return d;
	}
	d |= KA7_L2_AP0 | KA7_L2_AP1 | KA7_L2_S | KA7_L2_NG;
	if (ro)
		d |= KA7_L2_AP2;
	if (cache)
		d |= KA7_L2_B | KA7_L2_C;
	if (lg2sz == 16)
		d |= KA7_L2_LARGE | KA7_L2_LARGE_TEX0 |
		     (xn ? KA7_L2_LARGE_XN : 0);
	else
		d |= KA7_L2_SMALL | KA7_L2_SMALL_TEX0 |
		     (xn ? KA7_L2_SMALL_XN : 0);
	return d;
}

/*
 * The items that translate @va, found by the walk of B3.5 (the first
 * level indexed by VA[31:20], the second by VA[19:12]); NULL if none
 */
static u32 *ka7_walk(struct kunit *test, struct kunit_pt_priv *priv, u32 va,
		     bool *l1)
{
	u32 *l1e = &ka7_top(priv)[va >> 20];
	u32 d = READ_ONCE(*l1e);

	*l1 = true;
	if ((d & 3) != KA7_L1_TABLE)
		return l1e;
	if (d & KA7_L1_NS_TABLE)
		KUNIT_EXPECT_TRUE(test, ka7_ns(priv));
	*l1 = false;
	return (u32 *)phys_to_virt(d & GENMASK(31, 10)) + ((va >> 12) & 0xff);
}

static void ka7_expect(struct kunit *test, struct kunit_pt_priv *priv,
		       u32 va, unsigned int lg2sz, u32 want)
{
	unsigned int num = lg2sz == 24 || lg2sz == 16 ? 16 : 1;
	unsigned int i;
	bool l1;
	u32 *items = ka7_walk(test, priv, va, &l1);

	KUNIT_ASSERT_EQ(test, l1, lg2sz >= 20);
	/* A supersection or large page: 16 aligned items, each the same */
	items = PTR_ALIGN_DOWN(items, num * sizeof(u32));
	for (i = 0; i != num; i++) {
		u32 got = READ_ONCE(items[i]);

		KUNIT_EXPECT_EQ_MSG(test, got, want, "va %x size 2^%u item %u",
				    va, lg2sz, i);
	}
}

/* Every size at chosen addresses, with every prot the layout shows */
static void test_bits_leaves(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	static const unsigned int sizes[] = { 12, 16, 20, 24 };
	static const int prots[] = {
		IOMMU_READ, IOMMU_READ | IOMMU_WRITE,
		IOMMU_READ | IOMMU_CACHE | IOMMU_NOEXEC,
		IOMMU_WRITE | IOMMU_NOEXEC,
	};
	unsigned int s, p;

	for (s = 0; s != ARRAY_SIZE(sizes); s++) {
		u64 len = log2_to_int(sizes[s]);
		u64 va = log2_to_max_int(ka7_ias(priv)) & ~(len - 1);
		u32 pa = log2_to_max_int(priv->common->max_oasz_lg2) &
			 ~(len - 1) & 0x5a5a5a5a;

		if (va < len)
			continue;
		va -= len;
		for (p = 0; p != ARRAY_SIZE(prots); p++) {
			KUNIT_ASSERT_EQ(test,
					iommu_map(&priv->domain, va, pa, len,
						  prots[p], GFP_KERNEL), 0);
			ka7_expect(test, priv, va, sizes[s],
				   ka7_leaf(priv, pa, sizes[s], prots[p]));
			KUNIT_EXPECT_EQ(test,
					iommu_unmap(&priv->domain, va, len),
					len);
			ka7_expect(test, priv, va, sizes[s], 0);
		}
	}
}

/*
 * The last and largest page of the IAS: a supersection (or, for an IAS
 * below 24, the largest size that fits) at the top of the input space,
 * its translation, its items, and an unmap that takes it all
 */
static void test_bits_last_largest(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	unsigned int ias = ka7_ias(priv);
	u64 sizes = kunit_pt_sizes(priv) & log2_to_max_int(ias + 1);
	unsigned int lg2sz = log2_fls(sizes) - 1;
	u64 len = log2_to_int(lg2sz);
	u64 va = log2_to_int(ias) - len;
	u32 pa = log2_to_int(priv->common->max_oasz_lg2) - len;
	struct iommu_iotlb_gather gather;

	KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, va, pa, len,
					IOMMU_READ | IOMMU_WRITE, GFP_KERNEL),
			0);
	KUNIT_EXPECT_EQ(test, kunit_pt_leaf_lg2(priv, va), lg2sz);
	KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(&priv->domain, va), pa);
	KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(&priv->domain, va + len - 1),
			pa + len - 1);
	ka7_expect(test, priv, va, lg2sz,
		   ka7_leaf(priv, pa, lg2sz, IOMMU_READ | IOMMU_WRITE));
	/* Past the IAS nothing maps (where an unsigned long can say it) */
	if (va + len - 1 < ULONG_MAX)
		KUNIT_EXPECT_NE(test, iommu_map(&priv->domain, va + len, pa,
						len, IOMMU_READ, GFP_KERNEL),
				0);
	/* Starting inside the leaf unmaps nothing */
	iommu_iotlb_gather_init(&gather);
	KUNIT_EXPECT_EQ(test, iommu_unmap_fast(&priv->domain,
					       va + len - SZ_4K, SZ_4K,
					       &gather), 0);
	/* An unmap of its first page takes all of it, up to the last byte */
	KUNIT_EXPECT_EQ(test, iommu_unmap_fast(&priv->domain, va, SZ_4K,
					       &gather), len);
	KUNIT_EXPECT_EQ(test, (u64)gather.start, va);
	KUNIT_EXPECT_EQ(test, (u64)gather.end, va + len - 1);
	iommu_iotlb_sync(&priv->domain, &gather);
	ka7_expect(test, priv, va, lg2sz, 0);
	KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(&priv->domain, va), 0);
}

/*
 * Table descriptors: type 0b01 and NSTable with the NS feature, the
 * address of the level 2 table the walk then reads; hw_info's TTBR0 holds
 * the 16 KiB aligned top with the walker's attributes
 */
static void test_bits_tables(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	struct pt_iommu_armv7s_hw_info info;
	u64 va = SZ_1M + SZ_4K * 5;
	u32 d, pa;

	KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, va, SZ_64K, SZ_4K,
					IOMMU_READ, GFP_KERNEL), 0);
	d = READ_ONCE(ka7_top(priv)[1]);
	KUNIT_EXPECT_EQ(test, d & GENMASK(9, 0),
			KA7_L1_TABLE | (ka7_ns(priv) ? KA7_L1_NS_TABLE : 0));
	ka7_expect(test, priv, va, 12, ka7_leaf(priv, SZ_64K, 12, IOMMU_READ));

	pt_iommu_armv7s_hw_info(&priv->fmt_table, &info);
	pa = virt_to_phys(ka7_top(priv));
	KUNIT_EXPECT_EQ(test, pa & (SZ_16K - 1), 0);
	/* S, IRGN WBWA (IRGN[0] in bit 6), RGN WBWA, NOS */
	KUNIT_EXPECT_EQ(test, info.ttbr, pa | 0x6a);
	KUNIT_EXPECT_EQ(test, info.tcr, 0);
	KUNIT_EXPECT_EQ(test, iommu_unmap(&priv->domain, va, SZ_4K), SZ_4K);
}

/* The level 2 table under the 1 MiB at @va, from its level 1 descriptor */
static u32 *ka7_table(struct kunit *test, struct kunit_pt_priv *priv, u32 va)
{
	u32 d = READ_ONCE(ka7_top(priv)[va >> 20]);

	KUNIT_ASSERT_EQ(test, d & 3, KA7_L1_TABLE);
	return phys_to_virt(d & GENMASK(31, 10));
}

/*
 * Level 2 tables are 1 KiB and share CPU pages (6.12 takes them from a
 * slab cache too), from below 4 GiB: 16 of them, one per MiB, sit in fewer
 * than 16 pages of ZONE_DMA32 or below
 */
static void test_tablemem_shared(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	struct page *pages[16];
	unsigned int i, j, distinct = 0;

	if (ka7_ias(priv) < 24)
		kunit_skip(test, "fewer than 16 MiB of IAS");
	for (i = 0; i != ARRAY_SIZE(pages); i++) {
		u32 va = i * SZ_1M + SZ_4K;
		u32 *table;

		KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, va, SZ_64K,
						SZ_4K, IOMMU_READ, GFP_KERNEL),
				0);
		table = ka7_table(test, priv, va);
		KUNIT_EXPECT_TRUE(test, IS_ALIGNED((unsigned long)table, SZ_1K));
		pages[i] = virt_to_page(table);
#ifdef CONFIG_ZONE_DMA32
		KUNIT_EXPECT_LE(test, page_zonenum(pages[i]), ZONE_DMA32);
#endif
		for (j = 0; j != i && pages[j] != pages[i]; j++)
			;
		distinct += j == i;
	}
	KUNIT_EXPECT_LT(test, distinct, ARRAY_SIZE(pages));
	for (i = 0; i != ARRAY_SIZE(pages); i++)
		KUNIT_EXPECT_EQ(test, iommu_unmap(&priv->domain,
						  i * SZ_1M + SZ_4K, SZ_4K),
				SZ_4K);
}

/*
 * A level 2 table that an unmap or a section's map unlinks is freed right
 * after one flush_walk() of its MiB, and not before: that flush still saw
 * it live. The flush comes before the iotlb_sync of the op's gather.
 */
static void ka7_expect_walk_flush(struct kunit *test,
				  struct kunit_pt_priv *priv, long pages)
{
	KUNIT_EXPECT_EQ(test, priv->walk_flushes, 1);
	KUNIT_ASSERT_GE(test, priv->sync_ranges, 1);
	KUNIT_EXPECT_EQ(test, priv->sync_va[0], SZ_1M);
	KUNIT_EXPECT_EQ(test, priv->sync_last_va[0], SZ_2M - 1);
	if (IS_ENABLED(CONFIG_DEBUG_GENERIC_PT))
		KUNIT_EXPECT_EQ(test, priv->live_at_walk_flush, pages);
	KUNIT_EXPECT_EQ(test, kunit_pt_live_pages(priv), pages - 1);
	KUNIT_EXPECT_EQ(test, kunit_pt_count_tables(priv),
			kunit_pt_live_pages(priv));
}

static void test_tablemem_free_after_flush(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	long pages;

	if (ka7_ias(priv) < 21)
		kunit_skip(test, "no second MiB");
	/* An unmap of a whole MiB of small pages (an OA not 64K aligned) */
	KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, SZ_1M, 3 * SZ_4K,
					SZ_1M, IOMMU_READ, GFP_KERNEL), 0);
	pages = kunit_pt_live_pages(priv);
	kunit_pt_reset_sync(priv);
	KUNIT_EXPECT_EQ(test, iommu_unmap(&priv->domain, SZ_1M, SZ_1M), SZ_1M);
	ka7_expect_walk_flush(test, priv, pages);

	/* A section mapped over the emptied table */
	KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, SZ_1M + SZ_4K, SZ_64K,
					SZ_4K, IOMMU_READ, GFP_KERNEL), 0);
	KUNIT_ASSERT_EQ(test, iommu_unmap(&priv->domain, SZ_1M + SZ_4K, SZ_4K),
			SZ_4K);
	pages = kunit_pt_live_pages(priv);
	kunit_pt_reset_sync(priv);
	KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, SZ_1M, SZ_1M, SZ_1M,
					IOMMU_READ, GFP_KERNEL), 0);
	ka7_expect_walk_flush(test, priv, pages);
	ka7_expect(test, priv, SZ_1M, 20, ka7_leaf(priv, SZ_1M, 20,
						   IOMMU_READ));
	KUNIT_EXPECT_EQ(test, iommu_unmap(&priv->domain, SZ_1M, SZ_1M), SZ_1M);
}

/*
 * A driver without flush_walk() gets a page per level 2 table, which waits
 * on the gather's freelist for the flush, as every other format's table
 */
static void test_tablemem_pages_without_flush_walk(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	struct iommu_iotlb_gather gather;
	struct page *page;
	unsigned int listed = 0;
	long pages;

	if (ka7_ias(priv) < 21)
		kunit_skip(test, "no second MiB");
	pt_iommu_deinit(&priv->fmt_table.iommu);
	priv->driver_ops.flush_walk = NULL;
	KUNIT_ASSERT_EQ(test, NS(init)(&priv->fmt_table, &priv->cfg->cfg,
				       GFP_KERNEL), 0);

	KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, SZ_1M, 3 * SZ_4K,
					SZ_1M, IOMMU_READ, GFP_KERNEL), 0);
	KUNIT_EXPECT_TRUE(test, PAGE_ALIGNED(ka7_table(test, priv, SZ_1M)));
	pages = kunit_pt_live_pages(priv);
	kunit_pt_reset_sync(priv);
	iommu_iotlb_gather_init(&gather);
	KUNIT_EXPECT_EQ(test, iommu_unmap_fast(&priv->domain, SZ_1M, SZ_1M,
					       &gather), SZ_1M);
	list_for_each_entry(page, &gather.freelist, lru)
		listed++;
	KUNIT_EXPECT_EQ(test, listed, 1);
	KUNIT_EXPECT_EQ(test, kunit_pt_live_pages(priv), pages - 1);
	iommu_iotlb_sync(&priv->domain, &gather);
	KUNIT_EXPECT_EQ(test, priv->freed_pages, 1);
	KUNIT_EXPECT_EQ(test, priv->walk_flushes, 0);
}

static struct kunit_case armv7s_bits_test_cases[] = {
	KUNIT_CASE_PARAM(test_bits_leaves, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_bits_last_largest, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_bits_tables, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_tablemem_shared, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_tablemem_free_after_flush, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_tablemem_pages_without_flush_walk,
			 kunit_pt_gen_params),
	{}
};

static struct kunit_suite armv7s_bits_test = {
	.name = "armv7s_bits_test",
	.init = kunit_pt_init,
	.exit = kunit_pt_exit,
	.test_cases = armv7s_bits_test_cases,
};

kunit_test_suites(&armv7s_bits_test);

#if IS_ENABLED(CONFIG_IOMMU_PT_KUNIT_CMP_ARMV7S)
#include "kunit_armv7s_cmp.h"
#endif
