/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * KUnit suites for the Arm VMSAv8-64 (LPAE) format, for each granule
 * (<fmt> is armv8, armv8_16k or armv8_64k; the including file defines
 * PT_FMT and ARMV8_GRANULE_LG2): <fmt>_fmt_test, <fmt>_iommu_test,
 * <fmt>_iommu_split_test, <fmt>_iommu_stress_test, <fmt>_iommu_flush_test,
 * <fmt>_bits_test (the raw descriptors against the Arm ARM's layout) and,
 * where the kernel has 6.12's io-pgtable-arm, <fmt>_cmp_test.
 */
#define PT_FMT_H "armv8.h"
#define PT_SUPPORTED_FEATURES PT_FMT_FEATURES

/*
 * Facts that depend on the configuration; kunit_generic_pt.h and
 * kunit_iommu.h test them where their test state is named priv. Stage 1
 * cannot express write-only, so IOMMU_WRITE alone maps read-write there;
 * with DBM, writable leaves are born dirty.
 */
#define KUNIT_PT_WRITE_ONLY_IS_RW                          \
	(!((priv)->cfg->cfg.common.features & BIT(PT_FEAT_ARMV8_S2)))
#define KUNIT_PT_DIRTY_ON_MAP                              \
	(!!((priv)->cfg->cfg.common.features & BIT(PT_FEAT_ARMV8_DBM)))
/* Arm ARM: a block and a table replace each other only by BBM */
#define KUNIT_PT_BREAK_BEFORE_MAKE true

#include "kunit_template.h"

#define ARMV8_KUNIT_CFG(_name, _features, _ias, _oas)             \
	{                                                         \
		.name = _name,                                    \
		.cfg = { .common = { .features = (_features),     \
				     .hw_max_vasz_lg2 = (_ias),   \
				     .hw_max_oasz_lg2 = (_oas) } }, \
	}

#define ARMV8_FLUSH BIT(PT_FEAT_FLUSH_RANGE)
#define ARMV8_S2 BIT(PT_FEAT_ARMV8_S2)
#define ARMV8_NS BIT(PT_FEAT_ARMV8_NS)
#define ARMV8_DBM BIT(PT_FEAT_ARMV8_DBM)
#define ARMV8_LPAE32 BIT(PT_FEAT_ARMV8_LPAE32)
#define ARMV8_TTBR1 BIT(PT_FEAT_UPPER_RANGE)
#define ARMV8_CONT BIT(PT_FEAT_ARMV8_CONTIG)

/*
 * Names: s<stage>_ias<IAS>_oas<OAS>, then features. The levels and the
 * size of the top table follow from the IAS; at stage 2 some start one
 * level lower on 2 to 16 concatenated tables (see armv8.h).
 */
static const struct kunit_pt_cfg kunit_pt_cfgs[] = {
#if ARMV8_GRANULE_LG2 == 12
	/* Stage 1: 4 levels with a full top, 2 items, 3 levels, 2 levels */
	ARMV8_KUNIT_CFG("s1_ias48_oas48", ARMV8_FLUSH, 48, 48),
	ARMV8_KUNIT_CFG("s1_ias40_oas44_ns", ARMV8_FLUSH | ARMV8_NS, 40, 44),
	ARMV8_KUNIT_CFG("s1_ias39_oas40", 0, 39, 40),
	ARMV8_KUNIT_CFG("s1_ias32_oas32_dbm", ARMV8_FLUSH | ARMV8_DBM, 32, 32),
	ARMV8_KUNIT_CFG("s1_ias25_oas36", ARMV8_FLUSH, 25, 36),
	ARMV8_KUNIT_CFG("s1_ias48_oas48_dbm_ns",
			ARMV8_FLUSH | ARMV8_DBM | ARMV8_NS, 48, 48),
	/* Stage 2: a full top, concatenated tops of 2 and 16 tables */
	ARMV8_KUNIT_CFG("s2_ias48_oas48", ARMV8_S2 | ARMV8_FLUSH, 48, 48),
	ARMV8_KUNIT_CFG("s2_ias40_oas40", ARMV8_S2 | ARMV8_FLUSH, 40, 40),
	ARMV8_KUNIT_CFG("s2_ias43_oas44", ARMV8_S2, 43, 44),
	/* Stage 2 past concatenation (32 items at level 0), and smaller */
	ARMV8_KUNIT_CFG("s2_ias44_oas48", ARMV8_S2 | ARMV8_FLUSH, 44, 48),
	ARMV8_KUNIT_CFG("s2_ias39_oas42", ARMV8_S2 | ARMV8_FLUSH, 39, 42),
	ARMV8_KUNIT_CFG("s2_ias33_oas36", ARMV8_S2, 33, 36),
	/* VMSAv7 LPAE (ARM_32_LPAE_S1/S2) at its limits, and smaller */
	ARMV8_KUNIT_CFG("s1_ias32_oas40_lpae32", ARMV8_FLUSH | ARMV8_LPAE32,
			32, 40),
	ARMV8_KUNIT_CFG("s1_ias30_oas32_lpae32_dbm_ns",
			ARMV8_LPAE32 | ARMV8_DBM | ARMV8_NS, 30, 32),
	ARMV8_KUNIT_CFG("s2_ias40_oas40_lpae32",
			ARMV8_S2 | ARMV8_FLUSH | ARMV8_LPAE32, 40, 40),
	/* The contiguous hint: 64 KiB, 32 MiB and 16 GiB leaves */
	ARMV8_KUNIT_CFG("s1_ias48_oas48_cont_dbm",
			ARMV8_FLUSH | ARMV8_CONT | ARMV8_DBM, 48, 48),
	ARMV8_KUNIT_CFG("s2_ias40_oas40_cont", ARMV8_S2 | ARMV8_CONT, 40, 40),
#elif ARMV8_GRANULE_LG2 == 14
	/*
	 * Stage 1: 4 levels (a 2 item top), 3 and 2 levels with a full top,
	 * 1 level
	 */
	ARMV8_KUNIT_CFG("s1_ias48_oas48", ARMV8_FLUSH, 48, 48),
	ARMV8_KUNIT_CFG("s1_ias47_oas44_ns", ARMV8_FLUSH | ARMV8_NS, 47, 44),
	ARMV8_KUNIT_CFG("s1_ias36_oas40", 0, 36, 40),
	ARMV8_KUNIT_CFG("s1_ias32_oas32_dbm", ARMV8_FLUSH | ARMV8_DBM, 32, 32),
	ARMV8_KUNIT_CFG("s1_ias25_oas36", ARMV8_FLUSH, 25, 36),
	ARMV8_KUNIT_CFG("s1_ias40_oas48_dbm_ns",
			ARMV8_FLUSH | ARMV8_DBM | ARMV8_NS, 40, 48),
	/*
	 * Stage 2: 2 tables concatenated as 6.12 does it, 16 and 8 where
	 * the PA size makes it mandatory, 16 items at level 1 where it does
	 * not, larger level 1 tops
	 */
	ARMV8_KUNIT_CFG("s2_ias48_oas48", ARMV8_S2 | ARMV8_FLUSH, 48, 48),
	ARMV8_KUNIT_CFG("s2_ias40_oas40", ARMV8_S2 | ARMV8_FLUSH, 40, 40),
	ARMV8_KUNIT_CFG("s2_ias39_oas36", ARMV8_S2, 39, 36),
	ARMV8_KUNIT_CFG("s2_ias40_oas42", ARMV8_S2 | ARMV8_FLUSH, 40, 42),
	ARMV8_KUNIT_CFG("s2_ias44_oas48", ARMV8_S2 | ARMV8_FLUSH, 44, 48),
	ARMV8_KUNIT_CFG("s2_ias33_oas40", ARMV8_S2, 33, 40),
	/* The contiguous hint: 2 MiB and 1 GiB leaves */
	ARMV8_KUNIT_CFG("s1_ias48_oas48_cont_dbm",
			ARMV8_FLUSH | ARMV8_CONT | ARMV8_DBM, 48, 48),
#else
	/*
	 * Stage 1: 3 levels with 1024 items (52-bit IAS and OA: 4 TiB
	 * blocks) and 64, 2 levels with a full top, 1 level
	 */
	ARMV8_KUNIT_CFG("s1_ias52_oas52", ARMV8_FLUSH, 52, 52),
	ARMV8_KUNIT_CFG("s1_ias48_oas48", ARMV8_FLUSH, 48, 48),
	ARMV8_KUNIT_CFG("s1_ias42_oas44_ns", ARMV8_FLUSH | ARMV8_NS, 42, 44),
	ARMV8_KUNIT_CFG("s1_ias36_oas40_dbm", ARMV8_FLUSH | ARMV8_DBM, 36, 40),
	ARMV8_KUNIT_CFG("s1_ias25_oas32", 0, 25, 32),
	ARMV8_KUNIT_CFG("s1_ias52_oas52_dbm_ns",
			ARMV8_FLUSH | ARMV8_DBM | ARMV8_NS, 52, 52),
	/*
	 * Stage 2: level 1 starts, 4 tables concatenated where the PA size
	 * makes it mandatory, level 2 starts
	 */
	ARMV8_KUNIT_CFG("s2_ias52_oas52", ARMV8_S2 | ARMV8_FLUSH, 52, 52),
	ARMV8_KUNIT_CFG("s2_ias48_oas48", ARMV8_S2 | ARMV8_FLUSH, 48, 48),
	ARMV8_KUNIT_CFG("s2_ias44_oas40", ARMV8_S2 | ARMV8_FLUSH, 44, 40),
	ARMV8_KUNIT_CFG("s2_ias42_oas42", ARMV8_S2, 42, 42),
	ARMV8_KUNIT_CFG("s2_ias33_oas36", ARMV8_S2 | ARMV8_FLUSH, 33, 36),
	/* The contiguous hint: 2 MiB and 16 GiB leaves */
	ARMV8_KUNIT_CFG("s1_ias48_oas48_cont_dbm",
			ARMV8_FLUSH | ARMV8_CONT | ARMV8_DBM, 48, 48),
	ARMV8_KUNIT_CFG("s2_ias42_oas42_cont", ARMV8_S2 | ARMV8_CONT, 42, 42),
#endif
};

#include "../kunit_generic_pt.h"
#include "../kunit_iommu.h"

/* --- armv8_bits_test: raw entries against the Arm ARM's bit layout --- */

/* Descriptor bits as DDI0487 D8.3 numbers them; see armv8.h */
#define KA8_VALID BIT_ULL(0)
#define KA8_TYPE1 BIT_ULL(1)
#define KA8_ATTRINDX(n) ((u64)(n) << 2)
#define KA8_NS BIT_ULL(5)
#define KA8_AP_EL0 BIT_ULL(6)
#define KA8_AP_RO BIT_ULL(7)
#define KA8_S2AP_R BIT_ULL(6)
#define KA8_S2AP_W BIT_ULL(7)
#define KA8_MEMATTR(n) ((u64)(n) << 2)
#define KA8_SH_OS (2ULL << 8)
#define KA8_SH_IS (3ULL << 8)
#define KA8_AF BIT_ULL(10)
#define KA8_NG BIT_ULL(11)
#define KA8_ADDR GENMASK_ULL(47, 12)
/* The granule, and the bits a level resolves: 9, 11 or 13 */
#define KA8_G ARMV8_GRANULE_LG2
#define KA8_S (KA8_G - 3)
#define KA8_GRAN BIT_ULL(KA8_G)
/* FEAT_LVA and FEAT_LPA (52-bit IAS and OA) only with the 64 KiB granule */
#define KA8_MAX_ADDR (KA8_G == 16 ? 52 : 48)
#define KA8_DBM BIT_ULL(51)
#define KA8_PXN_UXN (BIT_ULL(53) | BIT_ULL(54))
#define KA8_NSTABLE BIT_ULL(63)

static bool ka8_has(struct kunit_pt_priv *priv, unsigned int feature)
{
	return priv->cfg->cfg.common.features & BIT(feature);
}

static unsigned int ka8_ias(struct kunit_pt_priv *priv)
{
	return priv->cfg->cfg.common.hw_max_vasz_lg2;
}

static unsigned int ka8_oas(struct kunit_pt_priv *priv)
{
	return priv->cfg->cfg.common.hw_max_oasz_lg2;
}

/*
 * The Arm ARM's initial lookup level (0 to 3) for the IAS: the walk
 * resolves KA8_S bits per level above the KA8_G of the page. At stage 2
 * a start at level 0 with at most 16 items concatenates at level 1
 * instead (6.12's rule), and so does a start that VTCR.SL0 cannot encode
 * for the PA size (D8.2): level 0 with 16 KiB, level 0 with 4 KiB below a
 * 44-bit PA, level 1 with 16 KiB below 42 bits, with 64 KiB below 44
 */
static unsigned int ka8_start_level(struct kunit_pt_priv *priv)
{
	unsigned int levels = DIV_ROUND_UP(ka8_ias(priv) - KA8_G, KA8_S);
	unsigned int start = 4 - levels;
	unsigned int top_bits = ka8_ias(priv) - KA8_G - KA8_S * (levels - 1);
	unsigned int oas = ka8_oas(priv);

	if (!ka8_has(priv, PT_FEAT_ARMV8_S2))
		return start;
	if ((start == 0 && top_bits <= 4) ||
	    (start == 0 && (KA8_G == 14 || oas < 44)) ||
	    (start == 1 && KA8_G == 14 && oas < 42) ||
	    (start == 1 && KA8_G == 16 && oas < 44))
		start++;
	return start;
}

/* An OA as a descriptor holds it: OA[51:48] in bits 15:12 with 64 KiB */
static u64 ka8_oa(u64 pa)
{
	if (KA8_G == 16)
		return (pa & GENMASK_ULL(47, 0)) | ((pa >> 48) << 12);
	return pa;
}

/* Index of @va at the Arm ARM's lookup level @alvl */
static unsigned int ka8_index(struct kunit_pt_priv *priv, u64 va,
			      unsigned int alvl)
{
	unsigned int shift = KA8_G + KA8_S * (3 - alvl);

	if (alvl == ka8_start_level(priv))
		return (va & GENMASK_ULL(ka8_ias(priv) - 1, 0)) >> shift;
	return (va >> shift) & (BIT(KA8_S) - 1);
}

/* A leaf as D8.3 encodes it for @prot; @alvl 3 is a page, else a block */
static u64 ka8_leaf(struct kunit_pt_priv *priv, u64 pa, unsigned int alvl,
		    int prot)
{
	u64 entry = KA8_VALID | KA8_AF | ka8_oa(pa);

	if (alvl == 3)
		entry |= KA8_TYPE1;
	entry |= (prot & IOMMU_CACHE) ? KA8_SH_IS : KA8_SH_OS;
	if (prot & IOMMU_NOEXEC)
		entry |= KA8_PXN_UXN;
	if (ka8_has(priv, PT_FEAT_ARMV8_S2)) {
		if (prot & IOMMU_READ)
			entry |= KA8_S2AP_R;
		if (prot & IOMMU_WRITE)
			entry |= KA8_S2AP_W;
		/* Device-nGnRE, Normal WB, Normal NC */
		entry |= KA8_MEMATTR((prot & IOMMU_MMIO) ? 0x1 :
				     (prot & IOMMU_CACHE) ? 0xf : 0x5);
		return entry;
	}
	entry |= KA8_NG;
	if (!(prot & IOMMU_WRITE))
		entry |= KA8_AP_RO;
	else if (ka8_has(priv, PT_FEAT_ARMV8_DBM))
		entry |= KA8_DBM;
	if (!(prot & IOMMU_PRIV))
		entry |= KA8_AP_EL0;
	/* MAIR index 2 device, 1 write-back, 0 non-cacheable */
	entry |= KA8_ATTRINDX((prot & IOMMU_MMIO) ? 2 :
			      (prot & IOMMU_CACHE) ? 1 : 0);
	if (ka8_has(priv, PT_FEAT_ARMV8_NS))
		entry |= KA8_NS;
	return entry;
}

static u64 ka8_table_entry(struct kunit_pt_priv *priv, u64 pa)
{
	return KA8_VALID | KA8_TYPE1 | pa |
	       (ka8_has(priv, PT_FEAT_ARMV8_NS) ? KA8_NSTABLE : 0);
}

/*
 * Walk to @va by the Arm ARM's rules alone. Returns a pointer to the leaf
 * descriptor, or NULL at an invalid one, with the Arm ARM level it was
 * found at and every descriptor on the way in @path.
 */
static u64 *ka8_walk(struct kunit_pt_priv *priv, u64 va, unsigned int *alvl,
		     u64 *path)
{
	u64 *table = (u64 *)pt_top_range(priv->common).top_table;
	unsigned int lvl = ka8_start_level(priv);

	while (true) {
		u64 *item = &table[ka8_index(priv, va, lvl)];
		u64 entry = READ_ONCE(*item);

		path[lvl] = entry;
		*alvl = lvl;
		if (!(entry & KA8_VALID))
			return NULL;
		if (lvl == 3 || !(entry & KA8_TYPE1))
			return item;
		table = __va(entry & KA8_ADDR);
		lvl++;
	}
}

/* Check the leaf for [va, va + size) and the table descriptors above it */
static void ka8_expect_mapped(struct kunit *test, struct kunit_pt_priv *priv,
			      u64 va, u64 size, phys_addr_t pa, int prot)
{
	unsigned int alvl, want = 3 - (ilog2(size) - KA8_G) / KA8_S;
	u64 path[4];
	u64 *leaf = ka8_walk(priv, va, &alvl, path);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL_MSG(test, leaf, "va %llx", va);
	KUNIT_ASSERT_EQ_MSG(test, alvl, want, "va %llx", va);
	/*
	 * With PT_FEAT_ARMV8_CONTIG a run of such leaves may be written as
	 * contiguous ones (bit 52); test_bits_contig checks those
	 */
	KUNIT_EXPECT_EQ_MSG(test,
			    *leaf & ~(ka8_has(priv, PT_FEAT_ARMV8_CONTIG) ?
					      BIT_ULL(52) : 0),
			    ka8_leaf(priv, pa, alvl, prot),
			    "va %llx prot %x", va, prot);
	for (i = ka8_start_level(priv); i < alvl; i++)
		KUNIT_EXPECT_EQ_MSG(test, path[i],
				    ka8_table_entry(priv, path[i] & KA8_ADDR),
				    "level %u va %llx", i, va);
	KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(&priv->domain, va + size - 1),
			pa + size - 1);
}

/* The page sizes of the granule (D8.2), 4 TiB only with a 52-bit OA */
static u64 ka8_sizes(struct kunit_pt_priv *priv)
{
	if (KA8_G == 16)
		return SZ_64K | SZ_512M |
		       (ka8_oas(priv) > 48 ? BIT_ULL(42) : 0);
	if (KA8_G == 14)
		return SZ_16K | SZ_32M;
	return SZ_4K | SZ_2M | SZ_1G;
}

/*
 * Every page size (pages and blocks of the granule, within the IAS) with
 * every kind of prot, each walked by the Arm ARM's rules
 */
static void test_bits_leaves(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	static const int prots[] = {
		IOMMU_READ,
		IOMMU_WRITE,
		IOMMU_READ | IOMMU_WRITE,
		IOMMU_READ | IOMMU_CACHE,
		IOMMU_READ | IOMMU_WRITE | IOMMU_MMIO,
		IOMMU_READ | IOMMU_WRITE | IOMMU_NOEXEC | IOMMU_CACHE |
			IOMMU_PRIV,
		IOMMU_WRITE | IOMMU_PRIV | IOMMU_NOEXEC,
	};
	u64 sizes = priv->domain.pgsize_bitmap;

	/* The contiguous sizes are test_bits_contig's */
	if (ka8_has(priv, PT_FEAT_ARMV8_CONTIG))
		sizes &= ka8_sizes(priv);
	/* pgsize_bitmap is an unsigned long: 4T is not there on 32-bit */
	KUNIT_EXPECT_EQ(test, sizes,
			ka8_sizes(priv) & ULONG_MAX &
				GENMASK_ULL(min(ka8_ias(priv),
						priv->cfg->cfg.common.hw_max_oasz_lg2) - 1,
					    0));
	for (; sizes; sizes &= sizes - 1) {
		u64 size = sizes & -sizes;
		unsigned int i;

		for (i = 0; i != ARRAY_SIZE(prots); i++) {
			phys_addr_t pa = kunit_pt_oa(priv,
						     0x5a5a5a5a5a5a5a5aULL * (i + 1),
						     ilog2(size));
			u64 va = size * (1 + i % 2);

			if (va + size - 1 > priv->domain.geometry.aperture_end)
				continue;
			KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, va, pa,
							size, prots[i],
							GFP_KERNEL), 0);
			ka8_expect_mapped(test, priv, va, size, pa, prots[i]);
			KUNIT_EXPECT_EQ(test,
					iommu_unmap(&priv->domain, va, size),
					size);
			KUNIT_EXPECT_EQ(test,
					iommu_iova_to_phys(&priv->domain, va),
					0);
		}
	}
}

/*
 * The format hooks on raw descriptors: bit 0 clear is invalid whatever
 * else is set; type 0b11 is a table above the last level and a page at
 * it, 0b01 a block; the address is bits 47:12 and the ignored bits of a
 * table descriptor (58:51, the software bit 55 among them) do not leak
 * into it. A new table descriptor is the type and the address (and
 * NSTable with NS).
 */
static void test_bits_raw_entries(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	struct pt_range range = pt_top_range(priv->common);
	u64 *items = priv->scratch;
	const u64 pa = 5ULL * SZ_1G;
	unsigned int level;

	for (level = 0; level <= PT_MAX_TOP_LEVEL; level++) {
		struct pt_state pts = kfmt_state(test, &range, level, 1);

		items[1] = ~KA8_VALID;
		KUNIT_EXPECT_EQ(test, pt_load_entry_raw(&pts), PT_ENTRY_EMPTY);

		items[1] = KA8_VALID | KA8_TYPE1 | GENMASK_ULL(58, 51) | pa;
		KUNIT_EXPECT_EQ(test, pt_load_entry_raw(&pts),
				level ? PT_ENTRY_TABLE : PT_ENTRY_OA);
		if (level)
			KUNIT_EXPECT_EQ(test, pt_table_pa(&pts), pa);
		else
			KUNIT_EXPECT_EQ(test, pt_entry_oa(&pts), pa);

		/* A block: 16 KiB has them at level 1, the others 1 and 2 */
		if (level && level <= (KA8_G == 14 ? 1 : 2)) {
			u64 blk = 5ULL << (KA8_G + KA8_S * level);

			items[1] = KA8_VALID | KA8_AF | blk;
			KUNIT_EXPECT_EQ(test, pt_load_entry_raw(&pts),
					PT_ENTRY_OA);
			KUNIT_EXPECT_EQ(test, pt_entry_oa(&pts), blk);
		}

		/* 64 KiB: OA[51:48] from bits 15:12 (FEAT_LPA) */
		if (KA8_G == 16) {
			u64 hi = pa | BIT_ULL(51) | BIT_ULL(48);

			items[1] = KA8_VALID | KA8_TYPE1 | ka8_oa(hi);
			KUNIT_EXPECT_EQ(test, items[1] & GENMASK_ULL(15, 12),
					0x9000);
			pt_load_entry_raw(&pts);
			if (level)
				KUNIT_EXPECT_EQ(test, pt_table_pa(&pts), hi);
			else
				KUNIT_EXPECT_EQ(test, pt_entry_oa(&pts), hi);
		}
		items[1] = 0;
	}

	for (level = 1; level <= PT_MAX_TOP_LEVEL; level++) {
		struct pt_state pts = kfmt_state(test, &range, level, 1);
		struct pt_write_attrs attrs = {};

		kfmt_clear_scratch(test);
		pts.entry = 0;
		KUNIT_ASSERT_TRUE(test, pt_install_table(&pts, pa, &attrs));
		KUNIT_EXPECT_EQ(test, items[1], ka8_table_entry(priv, pa));
	}
}

/*
 * With DBM (stage 1 HD) a writable leaf is born writable-dirty (DBM, AP[2]
 * clear); a clearing read makes it writable-clean (AP[2] set) and reports
 * it; the SMMU's write (AP[2] cleared) or set_dirty() dirties it again. A
 * read-only leaf has no DBM and is never reported. Without DBM nothing is
 * ever dirty and set_dirty() is refused.
 */
static void test_bits_dirty(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	struct pt_iommu *iommu_table = &priv->fmt_table.iommu;
	u64 ro = SZ_2M, rw = SZ_2M + KA8_GRAN, path[4];
	struct iommu_iotlb_gather gather;
	unsigned int alvl;
	u64 *item;

	KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, ro, SZ_1M, KA8_GRAN,
					IOMMU_READ, GFP_KERNEL), 0);
	KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, rw, SZ_2M, KA8_GRAN,
					IOMMU_READ | IOMMU_WRITE, GFP_KERNEL),
			0);
	item = ka8_walk(priv, rw, &alvl, path);
	KUNIT_ASSERT_NOT_NULL(test, item);
	KUNIT_EXPECT_EQ(test, *ka8_walk(priv, ro, &alvl, path),
			ka8_leaf(priv, SZ_1M, 3, IOMMU_READ));
	KUNIT_EXPECT_EQ(test, *item,
			ka8_leaf(priv, SZ_2M, 3, IOMMU_READ | IOMMU_WRITE));

	gather = kunit_pt_read_dirty(priv, 0, SZ_4M, 0);
	if (!ka8_has(priv, PT_FEAT_ARMV8_DBM)) {
		KUNIT_EXPECT_GT(test, gather.start, gather.end);
		KUNIT_EXPECT_EQ(test, iommu_table->ops->set_dirty(iommu_table,
								  rw),
				-EOPNOTSUPP);
		return;
	}
	KUNIT_EXPECT_EQ(test, gather.start, rw);
	KUNIT_EXPECT_EQ(test, (u64)gather.end, rw + KA8_GRAN - 1);
	KUNIT_EXPECT_EQ(test, *item,
			ka8_leaf(priv, SZ_2M, 3, IOMMU_READ | IOMMU_WRITE) |
				KA8_AP_RO);
	gather = kunit_pt_read_dirty(priv, 0, SZ_4M, 0);
	KUNIT_EXPECT_GT(test, gather.start, gather.end);

	/* The SMMU writes: AP[2] cleared, as D8.4 has the hardware do it */
	WRITE_ONCE(*item, *item & ~KA8_AP_RO);
	gather = kunit_pt_read_dirty(priv, 0, SZ_4M, IOMMU_DIRTY_NO_CLEAR);
	KUNIT_EXPECT_EQ(test, gather.start, rw);
	KUNIT_EXPECT_EQ(test, *item,
			ka8_leaf(priv, SZ_2M, 3, IOMMU_READ | IOMMU_WRITE));
	gather = kunit_pt_read_dirty(priv, 0, SZ_4M, 0);
	KUNIT_EXPECT_EQ(test, gather.start, rw);
	gather = kunit_pt_read_dirty(priv, 0, SZ_4M, 0);
	KUNIT_EXPECT_GT(test, gather.start, gather.end);

	/* set_dirty() clears AP[2] of a DBM leaf, refuses a read-only one */
	KUNIT_EXPECT_EQ(test, iommu_table->ops->set_dirty(iommu_table, rw + 8),
			0);
	KUNIT_EXPECT_EQ(test, *item,
			ka8_leaf(priv, SZ_2M, 3, IOMMU_READ | IOMMU_WRITE));
	KUNIT_EXPECT_EQ(test, iommu_table->ops->set_dirty(iommu_table, ro),
			-EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, *ka8_walk(priv, ro, &alvl, path),
			ka8_leaf(priv, SZ_1M, 3, IOMMU_READ));
}

/*
 * The levels and the top table come from the IAS: the top has exactly
 * the items the IAS reaches (a concatenated stage 2 top more than 512, in
 * memory aligned to its size), the last page of the IAS maps through its
 * last item, and the first VA past the IAS is refused
 */
static void test_bits_va_width(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	unsigned int ias = ka8_ias(priv);
	unsigned int start = ka8_start_level(priv);
	unsigned int top_items_lg2 = ias - (KA8_G + KA8_S * (3 - start));
	u64 last = BIT_ULL(ias) - 1;
	struct iommu_domain *dom = &priv->domain;
	struct pt_range range = pt_top_range(priv->common);
	u64 *top_table = (u64 *)range.top_table;
	unsigned int i;

	KUNIT_EXPECT_EQ(test, range.top_level, 3 - start);
	KUNIT_EXPECT_EQ(test, priv->common->max_vasz_lg2, ias);
	KUNIT_EXPECT_EQ(test, pt_top_lg2sz(&range), ias);
	KUNIT_EXPECT_EQ(test, dom->geometry.aperture_start, 0);
	KUNIT_EXPECT_EQ(test, (u64)dom->geometry.aperture_end,
			min_t(u64, last, ULONG_MAX));
	/* A concatenated top is aligned to its size, as VTTBR needs */
	KUNIT_EXPECT_EQ(test,
			(u64)virt_to_phys(top_table) &
				(max(BIT_ULL(top_items_lg2 + 3), KA8_GRAN) - 1),
			0);
	if (ka8_has(priv, PT_FEAT_ARMV8_S2) && start == 0)
		KUNIT_EXPECT_GT(test, top_items_lg2, 4);
	if (ka8_has(priv, PT_FEAT_ARMV8_S2) && start == 3 - PT_MAX_TOP_LEVEL)
		KUNIT_EXPECT_LE(test, top_items_lg2, KA8_S);

	if (last > ULONG_MAX) {
		/* No IOVA above ULONG_MAX can be named on this kernel */
		KUNIT_EXPECT_EQ(test, iommu_map(dom, ULONG_MAX - KA8_GRAN + 1,
						0, KA8_GRAN, IOMMU_READ,
						GFP_KERNEL),
				0);
		KUNIT_EXPECT_EQ(test, iommu_unmap(dom, ULONG_MAX - KA8_GRAN + 1,
						  KA8_GRAN), KA8_GRAN);
		return;
	}

	/* The last page of the IAS is in the last top item */
	KUNIT_ASSERT_EQ(test, iommu_map(dom, last - KA8_GRAN + 1, KA8_GRAN,
					KA8_GRAN, IOMMU_READ, GFP_KERNEL), 0);
	ka8_expect_mapped(test, priv, last - KA8_GRAN + 1, KA8_GRAN, KA8_GRAN,
			  IOMMU_READ);
	KUNIT_EXPECT_EQ(test, ka8_index(priv, last, start),
			BIT(top_items_lg2) - 1);
	KUNIT_EXPECT_TRUE(test, top_table[BIT(top_items_lg2) - 1] & KA8_VALID);
	for (i = 0; i != BIT(top_items_lg2) - 1; i++)
		KUNIT_EXPECT_EQ(test, top_table[i], 0);

	/* Past the IAS, where an unsigned long names it: refused */
	if (last < ULONG_MAX) {
		KUNIT_EXPECT_EQ(test, iommu_map(dom, last + 1, 0, KA8_GRAN,
						IOMMU_READ, GFP_KERNEL),
				-ERANGE);
		KUNIT_EXPECT_EQ(test, iommu_map(dom, last - KA8_GRAN + 1, 0,
						2 * KA8_GRAN, IOMMU_READ,
						GFP_KERNEL),
				-ERANGE);
		KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(dom, last + 1), 0);
	}
	KUNIT_EXPECT_EQ(test, iommu_unmap(dom, last - KA8_GRAN + 1, KA8_GRAN),
			KA8_GRAN);

	/* The largest page there is, last in the IAS */
	i = ilog2(dom->pgsize_bitmap & ka8_sizes(priv) &
		  GENMASK_ULL(ias - 1, 0) &
		  GENMASK_ULL(priv->cfg->cfg.common.hw_max_oasz_lg2 - 1, 0));
	KUNIT_ASSERT_EQ(test, iommu_map(dom, last - BIT_ULL(i) + 1, 0,
					BIT_ULL(i), IOMMU_WRITE, GFP_KERNEL),
			0);
	ka8_expect_mapped(test, priv, last - BIT_ULL(i) + 1, BIT_ULL(i), 0,
			  IOMMU_WRITE);
	KUNIT_EXPECT_EQ(test, iommu_unmap(dom, last - BIT_ULL(i) + 1,
					  BIT_ULL(i)),
			BIT_ULL(i));
}

/*
 * VMSAv7 LPAE (PT_FEAT_ARMV8_LPAE32, ARM_32_LPAE_S1/S2, DDI0406C B3.6):
 * only the 4 KiB granule, an IAS of at most 32 bits (stage 1) or 40
 * (stage 2), an OAS of at most 40; the 32-bit TTBCR/VTCR T0SZ is the low
 * bits of hw_info's tsz. Refused configs leave nothing allocated.
 */
static void test_bits_init_lpae32(struct kunit *test,
				  struct pt_iommu_armv8 *table)
{
	struct kunit_pt_priv *priv = test->priv;
	struct pt_iommu_armv8_cfg cfg = priv->cfg->cfg;
	struct pt_iommu_table_hw_info hw_info;
	bool s2 = ka8_has(priv, PT_FEAT_ARMV8_S2);
	unsigned int max_ias = s2 ? 40 : 32;
	u8 tsz;

	cfg.common.features |= BIT(PT_FEAT_ARMV8_LPAE32);
	cfg.common.hw_max_vasz_lg2 = min(ka8_ias(priv), max_ias);
	cfg.common.hw_max_oasz_lg2 = min(ka8_oas(priv), 40U);
	if (KA8_G != 12) {
		KUNIT_EXPECT_EQ(test, NS(init)(table, &cfg, GFP_KERNEL),
				-EOPNOTSUPP);
		return;
	}
	KUNIT_ASSERT_EQ(test, NS(init)(table, &cfg, GFP_KERNEL), 0);
	NS(hw_info)(table, &hw_info);
	tsz = armv8pt_hw(&hw_info)->tsz;
	/* TTBCR.T0SZ[2:0], or VTCR.{S,T0SZ}[4:0]: 32 - IAS */
	if (s2)
		KUNIT_EXPECT_EQ(test, tsz & 0x1f,
				(32 - cfg.common.hw_max_vasz_lg2) & 0x1f);
	else
		KUNIT_EXPECT_EQ(test, tsz & 0x7,
				32 - cfg.common.hw_max_vasz_lg2);
	pt_iommu_deinit(&table->iommu);

	cfg.common.hw_max_vasz_lg2 = max_ias + 1;
	KUNIT_EXPECT_EQ(test, NS(init)(table, &cfg, GFP_KERNEL), -EINVAL);
	cfg.common.hw_max_vasz_lg2 = max_ias;
	cfg.common.hw_max_oasz_lg2 = 42;
	KUNIT_EXPECT_EQ(test, NS(init)(table, &cfg, GFP_KERNEL), -EINVAL);
	cfg.common.hw_max_oasz_lg2 = 40;
	KUNIT_ASSERT_EQ(test, NS(init)(table, &cfg, GFP_KERNEL), 0);
	pt_iommu_deinit(&table->iommu);
}

/*
 * hw_info is what TCR/VTCR, TTBR/VTTBR and MAIR need; init refuses an IAS
 * or OAS the hardware cannot be set to, and NS or DBM at stage 2
 */
static void test_bits_init(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	struct pt_range range = pt_top_range(priv->common);
	struct pt_iommu_table_hw_info hw_info;
	struct pt_iommu_armv8_hw_info info;
	struct pt_iommu_armv8_cfg cfg = priv->cfg->cfg;
	struct pt_iommu_armv8 *table;
	const u8 max_addr = KA8_MAX_ADDR;
	static const u8 bad_ias[] = { 0, 24, KA8_MAX_ADDR + 1, 64 };
	static const u8 bad_oas[] = { 0, 31, 33, 47 };
	static const u8 oas[] = { 32, 36, 40, 42, 44, 48, 52 };
	unsigned int i;

	NS(hw_info)(&priv->fmt_table, &hw_info);
	info = *armv8pt_hw(&hw_info);
	KUNIT_EXPECT_EQ(test, info.ttbr, (u64)virt_to_phys(range.top_table));
	KUNIT_EXPECT_EQ(test, info.tsz, 64 - ka8_ias(priv));
	/* TG0: 4 KiB 0, 64 KiB 1, 16 KiB 2 */
	KUNIT_EXPECT_EQ(test, info.tg, KA8_G == 12 ? 0 : KA8_G == 16 ? 1 : 2);
	for (i = 0; i != ARRAY_SIZE(oas); i++)
		if (oas[i] == cfg.common.hw_max_oasz_lg2)
			KUNIT_EXPECT_EQ(test, info.ps, i);
	/* Coherent walks: inner shareable, write-back */
	KUNIT_EXPECT_EQ(test, info.sh, 3);
	KUNIT_EXPECT_EQ(test, info.irgn, 1);
	KUNIT_EXPECT_EQ(test, info.orgn, 1);
	if (ka8_has(priv, PT_FEAT_ARMV8_S2)) {
		/*
		 * SL0 for 4 KiB: 2 is level 0, 1 level 1, 0 level 2; for
		 * 16 KiB and 64 KiB: 2 is level 1, 1 level 2, 0 level 3
		 */
		KUNIT_EXPECT_EQ(test, info.sl,
				(KA8_G == 12 ? 2 : 3) - ka8_start_level(priv));
		KUNIT_EXPECT_EQ(test, info.mair, 0);
	} else {
		KUNIT_EXPECT_EQ(test, info.sl, 0);
		/* Attr0 NC, Attr1 WB RWA, Attr2 Device-nGnRE, Attr3 INC OWB */
		KUNIT_EXPECT_EQ(test, info.mair, 0xf404ff44ULL);
	}

	table = kunit_kzalloc(test, sizeof(*table), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, table);
	for (i = 0; i != ARRAY_SIZE(bad_ias); i++) {
		cfg = priv->cfg->cfg;
		cfg.common.hw_max_vasz_lg2 = bad_ias[i];
		KUNIT_EXPECT_EQ(test, NS(init)(table, &cfg, GFP_KERNEL),
				-EINVAL);
	}
	for (i = 0; i != ARRAY_SIZE(bad_oas); i++) {
		cfg = priv->cfg->cfg;
		cfg.common.hw_max_oasz_lg2 = bad_oas[i];
		KUNIT_EXPECT_EQ(test, NS(init)(table, &cfg, GFP_KERNEL),
				-EINVAL);
	}
	test_bits_init_lpae32(test, table);
	/*
	 * An OAS above what the granule can address is capped: 48 bits, 52
	 * with 64 KiB (FEAT_LPA); VMSAv7 LPAE refuses it
	 */
	cfg = priv->cfg->cfg;
	cfg.common.features &= ~BIT(PT_FEAT_ARMV8_LPAE32);
	cfg.common.hw_max_oasz_lg2 = 56;
	KUNIT_ASSERT_EQ(test, NS(init)(table, &cfg, GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, table->armv8_pt.common.max_oasz_lg2, max_addr);
	NS(hw_info)(table, &hw_info);
	KUNIT_EXPECT_EQ(test, armv8pt_hw(&hw_info)->ps, max_addr == 52 ? 6 : 5);
	pt_iommu_deinit(&table->iommu);

	cfg = priv->cfg->cfg;
	cfg.common.features |= BIT(PT_FEAT_ARMV8_S2) | BIT(PT_FEAT_ARMV8_NS);
	KUNIT_EXPECT_EQ(test, NS(init)(table, &cfg, GFP_KERNEL),
			-EINVAL);
	cfg.common.features &= ~BIT(PT_FEAT_ARMV8_NS);
	cfg.common.features |= BIT(PT_FEAT_ARMV8_DBM);
	KUNIT_EXPECT_EQ(test, NS(init)(table, &cfg, GFP_KERNEL),
			-EINVAL);
	kunit_pt_expect_table_pages(test, &table->iommu, 0);
}

/*
 * TTBR1 (PT_FEAT_UPPER_RANGE, stage 1 only; D8.2, the VA ranges of TTBR0
 * and TTBR1): the table of this config made again for the top 2^IAS bytes
 * of the VA space. The first and the last page of that range map through
 * the first and the last top item (indexed by the low IAS bits), an IOVA
 * with any bit above the IAS clear is refused with -ERANGE, unmaps nothing
 * and translates to 0, and hw_info gives TG1, T1SZ and EPD0.
 */
static void test_bits_ttbr1(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	unsigned int ias = ka8_ias(priv);
	unsigned int oas = ka8_oas(priv);
	u64 first = ~0ULL << ias;
	u64 last_pg = ~0ULL - KA8_GRAN + 1;
	struct iommu_domain *dom = &priv->domain;
	struct pt_iommu_table_hw_info hw_info;
	struct pt_iommu_armv8_hw_info info;
	unsigned int start, top_items_lg2, i;
	struct kunit_pt_cfg *cfg;
	u64 *top, *top_copy;
	size_t top_bytes;
	u64 big;
	int ret;

	cfg = kunit_kzalloc(test, sizeof(*cfg), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, cfg);
	*cfg = *priv->cfg;
	cfg->cfg.common.features |= BIT(PT_FEAT_UPPER_RANGE);
	pt_iommu_deinit(&priv->fmt_table.iommu);
	priv->initialized = false;
	ret = NS(init)(&priv->fmt_table, &cfg->cfg, GFP_KERNEL);
	kunit_pt_skip_unbuilt(test, ret);
	if (ka8_has(priv, PT_FEAT_ARMV8_S2)) {
		/* TTBR1 is a stage 1 register */
		KUNIT_EXPECT_EQ(test, ret, -EINVAL);
		return;
	}
	if (BITS_PER_LONG != 64) {
		/* An unsigned long IOVA cannot name the upper range */
		KUNIT_EXPECT_EQ(test, ret, -EOPNOTSUPP);
		return;
	}
	KUNIT_ASSERT_EQ(test, ret, 0);
	priv->initialized = true;
	priv->cfg = cfg;

	start = ka8_start_level(priv);
	top_items_lg2 = ias - (KA8_G + KA8_S * (3 - start));
	top = (u64 *)pt_top_range(priv->common).top_table;
	top_bytes = BIT(top_items_lg2) * sizeof(u64);
	KUNIT_EXPECT_EQ(test, (u64)dom->geometry.aperture_start, first);
	KUNIT_EXPECT_EQ(test, (u64)dom->geometry.aperture_end, ~0ULL);

	NS(hw_info)(&priv->fmt_table, &hw_info);
	info = *armv8pt_hw(&hw_info);
	KUNIT_EXPECT_EQ(test, info.ttbr, (u64)virt_to_phys(top));
	/* T1SZ; TG1: 4 KiB 2, 16 KiB 1, 64 KiB 3; walks by TTBR0 off */
	KUNIT_EXPECT_EQ(test, info.tsz, 64 - ias);
	KUNIT_EXPECT_EQ(test, info.tg, KA8_G == 12 ? 2 : KA8_G == 14 ? 1 : 3);
	KUNIT_EXPECT_EQ(test, info.epd0, 1);
	KUNIT_EXPECT_EQ(test, info.epd1, 0);

	/* The first and the last page of the range */
	KUNIT_ASSERT_EQ(test, iommu_map(dom, first, KA8_GRAN, KA8_GRAN,
					IOMMU_READ, GFP_KERNEL), 0);
	KUNIT_ASSERT_EQ(test, iommu_map(dom, last_pg, 2 * KA8_GRAN, KA8_GRAN,
					IOMMU_READ | IOMMU_WRITE, GFP_KERNEL),
			0);
	ka8_expect_mapped(test, priv, first, KA8_GRAN, KA8_GRAN, IOMMU_READ);
	ka8_expect_mapped(test, priv, last_pg, KA8_GRAN, 2 * KA8_GRAN,
			  IOMMU_READ | IOMMU_WRITE);
	KUNIT_EXPECT_TRUE(test, top[0] & KA8_VALID);
	KUNIT_EXPECT_TRUE(test, top[BIT(top_items_lg2) - 1] & KA8_VALID);
	for (i = 1; i < BIT(top_items_lg2) - 1; i++)
		KUNIT_EXPECT_EQ(test, top[i], 0);

	/* Outside the range: refused, and the table is as it was */
	top_copy = kunit_kmalloc(test, top_bytes, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, top_copy);
	memcpy(top_copy, top, top_bytes);
	KUNIT_EXPECT_EQ(test, iommu_map(dom, first - KA8_GRAN, 0, KA8_GRAN,
					IOMMU_READ, GFP_KERNEL),
			-ERANGE);
	KUNIT_EXPECT_EQ(test, iommu_map(dom, first - KA8_GRAN, 0,
					2 * KA8_GRAN, IOMMU_READ, GFP_KERNEL),
			-ERANGE);
	KUNIT_EXPECT_EQ(test, iommu_map(dom, KA8_GRAN, 0, KA8_GRAN,
					IOMMU_READ, GFP_KERNEL),
			-ERANGE);
	/* The same low bits with one high bit clear: not an alias */
	KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(dom, first ^ BIT_ULL(63)), 0);
	KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(dom, first - 1), 0);
	KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(dom, last_pg ^ BIT_ULL(ias)),
			0);
	KUNIT_EXPECT_EQ(test, iommu_unmap(dom, first ^ BIT_ULL(63), KA8_GRAN),
			0);
	KUNIT_EXPECT_EQ(test, iommu_unmap(dom, last_pg ^ BIT_ULL(ias),
					  KA8_GRAN),
			0);
	KUNIT_EXPECT_EQ(test, memcmp(top_copy, top, top_bytes), 0);
	ka8_expect_mapped(test, priv, first, KA8_GRAN, KA8_GRAN, IOMMU_READ);
	ka8_expect_mapped(test, priv, last_pg, KA8_GRAN, 2 * KA8_GRAN,
			  IOMMU_READ | IOMMU_WRITE);

	KUNIT_EXPECT_EQ(test, iommu_unmap(dom, first, KA8_GRAN), KA8_GRAN);
	KUNIT_EXPECT_EQ(test, iommu_unmap(dom, last_pg, KA8_GRAN), KA8_GRAN);
	KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(dom, first), 0);
	KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(dom, last_pg), 0);

	/* The largest page there is, last in the range */
	big = BIT_ULL(ilog2(dom->pgsize_bitmap & ka8_sizes(priv) &
			    GENMASK_ULL(ias - 1, 0) & GENMASK_ULL(oas - 1, 0)));
	KUNIT_ASSERT_EQ(test, iommu_map(dom, ~0ULL - big + 1, 0, big,
					IOMMU_WRITE, GFP_KERNEL),
			0);
	ka8_expect_mapped(test, priv, ~0ULL - big + 1, big, 0, IOMMU_WRITE);
	KUNIT_EXPECT_EQ(test, iommu_unmap(dom, ~0ULL - big + 1, big), big);
}

/*
 * The contiguous hint (PT_FEAT_ARMV8_CONTIG, D8.6.1): at each level with
 * the hint a leaf of 2^n items (16 with 4 KiB; 128 pages or 32 blocks
 * with 16 KiB; 32 with 64 KiB) is offered as a page size and written as
 * that many descriptors, each with bit 52, the same attributes and its
 * own part of the output range. With DBM the SMMU may clear AP[2] in any
 * one item: dirty tracking then reports the whole leaf, and cleaning sets
 * AP[2] in every item.
 */
static void test_bits_contig(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	struct iommu_domain *dom = &priv->domain;
	unsigned int ias = ka8_ias(priv), oas = ka8_oas(priv);
	int prot = IOMMU_READ | IOMMU_WRITE;
	unsigned int alvl, lvl, i, n_lg2;
	struct iommu_iotlb_gather gather;
	u64 path[4], *item;

	if (!ka8_has(priv, PT_FEAT_ARMV8_CONTIG)) {
		/* Only the page and block sizes of the granule */
		KUNIT_EXPECT_EQ(test, (u64)dom->pgsize_bitmap &
					      ~ka8_sizes(priv), 0);
		return;
	}
	/* The Arm ARM's levels 3 (pages), 2 and 1 (blocks) */
	for (lvl = 3; lvl >= 1; lvl--) {
		unsigned int item_lg2 = KA8_G + KA8_S * (3 - lvl);
		u64 item_sz = BIT_ULL(item_lg2), size, va, pa;

		n_lg2 = KA8_G == 12 ? 4 : KA8_G == 14 ? (lvl == 3 ? 7 : 5) :
			(lvl == 1 ? 0 : 5);
		if (!n_lg2 || !(ka8_sizes(priv) & item_sz) ||
		    item_lg2 + n_lg2 + 2 > min(ias, oas) ||
		    lvl < ka8_start_level(priv))
			continue;
		size = item_sz << n_lg2;
		/* pgsize_bitmap and the length are unsigned long */
		if (size > ULONG_MAX)
			continue;
		va = 2 * size;
		pa = size;
		KUNIT_EXPECT_TRUE_MSG(test, dom->pgsize_bitmap & size,
				      "size %llx", size);
		KUNIT_ASSERT_EQ(test, iommu_map(dom, va, pa, size, prot,
						GFP_KERNEL), 0);
		/* Every item: bit 52, its own OA, the same attributes */
		for (i = 0; i != BIT(n_lg2); i++) {
			item = ka8_walk(priv, va + i * item_sz, &alvl, path);
			KUNIT_ASSERT_NOT_NULL(test, item);
			KUNIT_EXPECT_EQ(test, alvl, lvl);
			KUNIT_EXPECT_EQ_MSG(test, *item,
					    ka8_leaf(priv, pa + i * item_sz, lvl,
						     prot) | BIT_ULL(52),
					    "size %llx item %u", size, i);
		}
		KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(dom, va + size - 1),
				pa + size - 1);
		KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(dom, va + size / 2 + 5),
				pa + size / 2 + 5);

		if (ka8_has(priv, PT_FEAT_ARMV8_DBM)) {
			/* Born dirty: cleaned, every item gets AP[2] */
			gather = kunit_pt_read_dirty(priv, va, size, 0);
			KUNIT_EXPECT_EQ(test, gather.start, va);
			KUNIT_EXPECT_EQ(test, (u64)gather.end, va + size - 1);
			for (i = 0; i != BIT(n_lg2); i++)
				KUNIT_EXPECT_TRUE(test,
						  *ka8_walk(priv,
							    va + i * item_sz,
							    &alvl, path) &
						  KA8_AP_RO);
			gather = kunit_pt_read_dirty(priv, va, size, 0);
			KUNIT_EXPECT_GT(test, gather.start, gather.end);
			/* The SMMU writes through one item, not the first */
			item = ka8_walk(priv, va + 5 * item_sz, &alvl, path);
			KUNIT_ASSERT_NOT_NULL(test, item);
			pt_item_clear_bits(item, KA8_AP_RO);
			gather = kunit_pt_read_dirty(priv, va, size,
						     IOMMU_DIRTY_NO_CLEAR);
			KUNIT_EXPECT_EQ(test, gather.start, va);
			KUNIT_EXPECT_EQ(test, (u64)gather.end, va + size - 1);
			KUNIT_EXPECT_FALSE(test, *item & KA8_AP_RO);
			gather = kunit_pt_read_dirty(priv, va, size, 0);
			KUNIT_EXPECT_EQ(test, gather.start, va);
			KUNIT_EXPECT_EQ(test, (u64)gather.end, va + size - 1);
			for (i = 0; i != BIT(n_lg2); i++)
				KUNIT_EXPECT_EQ(test,
						*ka8_walk(priv, va + i * item_sz,
							  &alvl, path),
						ka8_leaf(priv, pa + i * item_sz,
							 lvl, prot) |
							BIT_ULL(52) |
							KA8_AP_RO);
			gather = kunit_pt_read_dirty(priv, va, size, 0);
			KUNIT_EXPECT_GT(test, gather.start, gather.end);
		}

		KUNIT_EXPECT_EQ(test, iommu_unmap(dom, va, size), size);
		for (i = 0; i != BIT(n_lg2); i++)
			KUNIT_EXPECT_NULL(test, ka8_walk(priv, va + i * item_sz,
							 &alvl, path));
	}
}

static struct kunit_case armv8_bits_test_cases[] = {
	KUNIT_CASE_PARAM(test_bits_leaves, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_bits_raw_entries, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_bits_dirty, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_bits_va_width, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_bits_init, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_bits_ttbr1, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_bits_contig, kunit_pt_gen_params),
	{}
};

static struct kunit_suite armv8_bits_test = {
	.name = __stringify(PT_FMT) "_bits_test",
	.init = kunit_pt_init,
	.exit = kunit_pt_exit,
	.test_cases = armv8_bits_test_cases,
};

kunit_test_suites(&armv8_bits_test);

/* The write-back coverage of PT_FEAT_DMA_INCOHERENT, watched by a kprobe */
#if IS_ENABLED(CONFIG_KPROBES) && IS_ENABLED(CONFIG_X86)
#include "../kunit_iommu_flush.h"
#endif

#if IS_ENABLED(CONFIG_IOMMU_PT_KUNIT_CMP_ARM)
#include "kunit_armv8_cmp.h"
#endif
