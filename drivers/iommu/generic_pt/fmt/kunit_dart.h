/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * KUnit suites for the Apple DART format, for each granule (<fmt> is dart
 * or dart_16k; the including file defines PT_FMT and DART_GRANULE_LG2):
 * <fmt>_fmt_test, <fmt>_iommu_test and the other shared IOMMU suites,
 * <fmt>_bits_test (the raw entries against 6.12's layout, walked through
 * the TTBRs hw_info gives) and, where the kernel has 6.12's
 * io-pgtable-dart, <fmt>_cmp_test.
 */
#define PT_FMT_H "dart.h"
#define PT_SUPPORTED_FEATURES PT_FMT_FEATURES

/* No DART manual promises a hitless replacement: cut refuses */
#define KUNIT_PT_BREAK_BEFORE_MAKE true

#include "kunit_template.h"

#define DART_KUNIT_CFG(_name, _features, _ias, _oas, _ttbrs)      \
	{                                                         \
		.name = _name,                                    \
		.cfg = { .common = { .features = (_features),     \
				     .hw_max_vasz_lg2 = (_ias),   \
				     .hw_max_oasz_lg2 = (_oas) }, \
			 .max_ttbrs = (_ttbrs) },                 \
	}

#define DART_FLUSH BIT(PT_FEAT_FLUSH_RANGE)
#define DART_V2 BIT(PT_FEAT_DART_V2)
#define DART_612 BIT(PT_FEAT_DART2_ALWAYS_NO_CACHE)

/*
 * Names: dart<1|2>_ias<IAS>_oas<OAS>, then features. The IAS sets the
 * TTBRs: 4, 2 or 1 of them, or a top smaller than a table. DART2 has 16
 * KiB pages only
 */
static const struct kunit_pt_cfg kunit_pt_cfgs[] = {
#if DART_GRANULE_LG2 == 12
	DART_KUNIT_CFG("dart1_ias32_oas36", DART_FLUSH, 32, 36, 4),
	DART_KUNIT_CFG("dart1_ias31_oas36", 0, 31, 36, 0),
	DART_KUNIT_CFG("dart1_ias30_oas36", DART_FLUSH, 30, 36, 1),
	DART_KUNIT_CFG("dart1_ias24_oas32", DART_FLUSH, 24, 32, 0),
	DART_KUNIT_CFG("dart1_ias32_oas32", 0, 32, 32, 4),
#else
	DART_KUNIT_CFG("dart1_ias32_oas36", DART_FLUSH, 32, 36, 4),
	DART_KUNIT_CFG("dart1_ias36_oas36", 0, 36, 36, 0),
	DART_KUNIT_CFG("dart1_ias28_oas32", DART_FLUSH, 28, 32, 0),
	DART_KUNIT_CFG("dart2_ias38_oas42", DART_V2 | DART_FLUSH, 38, 42, 4),
	DART_KUNIT_CFG("dart2_ias37_oas42", DART_V2, 37, 42, 2),
	DART_KUNIT_CFG("dart2_ias38_oas42_612", DART_V2 | DART_612, 38, 42, 0),
	DART_KUNIT_CFG("dart2_ias36_oas36", DART_V2 | DART_FLUSH, 36, 36, 1),
#endif
};

#include "../kunit_generic_pt.h"
#include "../kunit_iommu.h"

/* --- dart_bits_test: raw entries against 6.12's bit layout --- */

/* The bits as 6.12's io-pgtable-dart.c defines them; see dart.h */
#define KD_VALID BIT_ULL(0)
#define KD_BIT1 BIT_ULL(1)
#define KD1_NO_WRITE BIT_ULL(7)
#define KD1_NO_READ BIT_ULL(8)
#define KD1_ADDR GENMASK_ULL(35, 12)
#define KD2_NO_WRITE BIT_ULL(2)
#define KD2_NO_READ BIT_ULL(3)
#define KD2_ADDR GENMASK_ULL(37, 10)
#define KD_SUBPAGE_ALL (0xfffULL << 40)
/* The granule and the IOVA bits a level resolves: 9 or 11 */
#define KD_G DART_GRANULE_LG2
#define KD_S (KD_G - 3)
#define KD_GRAN BIT_ULL(KD_G)

static bool kd_has(struct kunit_pt_priv *priv, unsigned int feature)
{
	return priv->cfg->cfg.common.features & BIT(feature);
}

static unsigned int kd_ias(struct kunit_pt_priv *priv)
{
	return priv->cfg->cfg.common.hw_max_vasz_lg2;
}

/* An address as an entry holds it: DART2 shifts it right by 4 */
static u64 kd_addr(struct kunit_pt_priv *priv, u64 pa)
{
	if (kd_has(priv, PT_FEAT_DART_V2))
		return (pa >> 4) & KD2_ADDR;
	return pa & KD1_ADDR;
}

static u64 kd_pa(struct kunit_pt_priv *priv, u64 entry)
{
	if (kd_has(priv, PT_FEAT_DART_V2))
		return (entry & KD2_ADDR) << 4;
	return entry & KD1_ADDR;
}

/* A page as 6.12 writes it for @prot (and as upstream does for DART2) */
static u64 kd_leaf(struct kunit_pt_priv *priv, u64 pa, int prot)
{
	u64 entry = KD_VALID | KD_SUBPAGE_ALL | kd_addr(priv, pa);

	if (kd_has(priv, PT_FEAT_DART_V2)) {
		if (!(prot & IOMMU_READ))
			entry |= KD2_NO_READ;
		if (!(prot & IOMMU_WRITE))
			entry |= KD2_NO_WRITE;
		if (!(prot & IOMMU_CACHE) ||
		    kd_has(priv, PT_FEAT_DART2_ALWAYS_NO_CACHE))
			entry |= KD_BIT1;
		return entry;
	}
	if (!(prot & IOMMU_READ))
		entry |= KD1_NO_READ;
	if (!(prot & IOMMU_WRITE))
		entry |= KD1_NO_WRITE;
	return entry | KD_BIT1;
}

/* The TTBRs the table needs for its IAS: 2 IOVA bits at most select one */
static unsigned int kd_ttbrs(struct kunit_pt_priv *priv)
{
	int bits = (int)kd_ias(priv) - (KD_G + 2 * KD_S);

	return bits > 0 ? 1U << bits : 1;
}

static struct pt_iommu_dart_hw_info kd_hw_info(struct kunit_pt_priv *priv)
{
	struct pt_iommu_table_hw_info hw_info;

	NS(hw_info)(&priv->fmt_table, &hw_info);
	return *dartpt_hw(&hw_info);
}

/*
 * Walk to @va as the DART does: the bits above two levels pick the TTBR,
 * then the level 1 and level 0 indexes. Returns the page entry's
 * location, or NULL at an invalid level 1 entry; *@l1 gets that entry.
 */
static u64 *kd_walk(struct kunit *test, struct kunit_pt_priv *priv, u64 va,
		    u64 *l1)
{
	struct pt_iommu_dart_hw_info info = kd_hw_info(priv);
	u64 ttbr = va >> (KD_G + 2 * KD_S);
	u64 *table;

	KUNIT_EXPECT_LT_MSG(test, ttbr, (u64)info.n_ttbrs, "va %llx", va);
	if (ttbr >= info.n_ttbrs)
		return NULL;
	table = __va(info.ttbr[ttbr]);
	*l1 = READ_ONCE(table[(va >> (KD_G + KD_S)) & (BIT(KD_S) - 1)]);
	if (!(*l1 & KD_VALID))
		return NULL;
	table = __va(kd_pa(priv, *l1));
	return &table[(va >> KD_G) & (BIT(KD_S) - 1)];
}

/* Check the page of @va and the level 1 entry above it */
static void kd_expect_mapped(struct kunit *test, struct kunit_pt_priv *priv,
			     u64 va, phys_addr_t pa, int prot)
{
	u64 l1, *leaf = kd_walk(test, priv, va, &l1);

	KUNIT_ASSERT_NOT_NULL_MSG(test, leaf, "va %llx", va);
	KUNIT_EXPECT_EQ_MSG(test, l1, KD_VALID | kd_addr(priv, kd_pa(priv, l1)),
			    "va %llx", va);
	KUNIT_EXPECT_EQ_MSG(test, *leaf, kd_leaf(priv, pa, prot),
			    "va %llx prot %x", va, prot);
	KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(&priv->domain, va + 5),
			pa + 5);
}

static void kd_expect_unmapped(struct kunit *test, struct kunit_pt_priv *priv,
			       u64 va)
{
	u64 l1, *leaf = kd_walk(test, priv, va, &l1);

	if (leaf)
		KUNIT_EXPECT_EQ_MSG(test, *leaf, 0, "va %llx", va);
	KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(&priv->domain, va), 0);
}

/* One page per kind of prot, each walked through the TTBRs */
static void test_bits_leaves(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	static const int prots[] = {
		IOMMU_READ,
		IOMMU_WRITE,
		IOMMU_READ | IOMMU_WRITE,
		IOMMU_READ | IOMMU_CACHE,
		IOMMU_WRITE | IOMMU_CACHE,
		IOMMU_READ | IOMMU_WRITE | IOMMU_CACHE,
		IOMMU_READ | IOMMU_WRITE | IOMMU_MMIO | IOMMU_NOEXEC |
			IOMMU_PRIV,
	};
	unsigned int i;

	KUNIT_EXPECT_EQ(test, (u64)priv->domain.pgsize_bitmap, KD_GRAN);
	for (i = 0; i != ARRAY_SIZE(prots); i++) {
		phys_addr_t pa = kunit_pt_oa(priv,
					     0x5a5a5a5a5a5a5a5aULL * (i + 1),
					     KD_G);
		u64 va = KD_GRAN * (1 + 3 * i);

		KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, va, pa, KD_GRAN,
						prots[i], GFP_KERNEL),
				0);
		kd_expect_mapped(test, priv, va, pa, prots[i]);
		KUNIT_EXPECT_EQ(test, iommu_unmap(&priv->domain, va, KD_GRAN),
				KD_GRAN);
		kd_expect_unmapped(test, priv, va);
	}
}

/*
 * The format hooks on raw entries: bit 0 clear is empty whatever else is
 * set; a valid entry is a table at level 1 and a page at level 0, and its
 * address comes from the layout's field only. A new table entry is valid
 * and the address.
 */
static void test_bits_raw_entries(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	struct pt_range range = pt_top_range(priv->common);
	u64 *items = priv->scratch;
	/* Above 32 bits, in both layouts' reach */
	const u64 pa = 0xa5ULL << 28;
	u64 junk = ~(kd_has(priv, PT_FEAT_DART_V2) ? KD2_ADDR : KD1_ADDR);
	struct pt_write_attrs attrs = {};
	unsigned int level;

	for (level = 0; level <= PT_MAX_TOP_LEVEL; level++) {
		struct pt_state pts = kfmt_state(test, &range, level, 1);

		items[1] = ~KD_VALID;
		KUNIT_EXPECT_EQ(test, pt_load_entry_raw(&pts), PT_ENTRY_EMPTY);
		items[1] = junk | kd_addr(priv, pa);
		KUNIT_EXPECT_EQ(test, pt_load_entry_raw(&pts),
				level ? PT_ENTRY_TABLE : PT_ENTRY_OA);
		if (level)
			KUNIT_EXPECT_EQ(test, pt_table_pa(&pts), pa);
		else
			KUNIT_EXPECT_EQ(test, pt_entry_oa(&pts), pa);
		items[1] = 0;
	}

	kfmt_clear_scratch(test);
	{
		struct pt_state pts = kfmt_state(test, &range, 1, 1);

		pts.entry = 0;
		KUNIT_ASSERT_TRUE(test, pt_install_table(&pts, pa, &attrs));
		KUNIT_EXPECT_EQ(test, items[1], KD_VALID | kd_addr(priv, pa));
	}
}

/*
 * The last page of the IAS is the last entry of the last TTBR's tables;
 * the first IOVA past it is refused
 */
static void test_bits_va_width(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	struct iommu_domain *dom = &priv->domain;
	u64 last = BIT_ULL(kd_ias(priv)) - 1;
	u64 va = last - KD_GRAN + 1;
	phys_addr_t pa = kunit_pt_oa(priv, 0x1234567890ULL, KD_G);
	u64 l1, *leaf;

	KUNIT_EXPECT_EQ(test, priv->common->max_vasz_lg2, kd_ias(priv));
	KUNIT_EXPECT_EQ(test, dom->geometry.aperture_start, 0);
	KUNIT_EXPECT_EQ(test, (u64)dom->geometry.aperture_end,
			min_t(u64, last, ULONG_MAX));
	if (last > ULONG_MAX)
		kunit_skip(test, "the IAS is past what an unsigned long names");

	KUNIT_ASSERT_EQ(test, iommu_map(dom, va, pa, KD_GRAN,
					IOMMU_READ | IOMMU_WRITE, GFP_KERNEL),
			0);
	kd_expect_mapped(test, priv, va, pa, IOMMU_READ | IOMMU_WRITE);
	leaf = kd_walk(test, priv, va, &l1);
	/* The last item of the last TTBR's level 1 and level 0 tables */
	KUNIT_EXPECT_EQ(test, va >> (KD_G + 2 * KD_S), kd_ttbrs(priv) - 1);
	KUNIT_EXPECT_EQ(test, (u64)((uintptr_t)leaf & (KD_GRAN - 1)),
			KD_GRAN - 8);
	if (last < ULONG_MAX) {
		KUNIT_EXPECT_EQ(test, iommu_map(dom, last + 1, pa, KD_GRAN,
						IOMMU_READ, GFP_KERNEL),
				-ERANGE);
		KUNIT_EXPECT_EQ(test, iommu_map(dom, va, pa, 2 * KD_GRAN,
						IOMMU_READ, GFP_KERNEL),
				-ERANGE);
		KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(dom, last + 1), 0);
	}
	KUNIT_EXPECT_EQ(test, iommu_unmap(dom, va, KD_GRAN), KD_GRAN);
	kd_expect_unmapped(test, priv, va);
}

/*
 * One map across each boundary between two TTBRs (or, with one TTBR,
 * between two level 1 items): every page lands in the TTBR its IOVA
 * selects, and one unmap removes them all
 */
static void test_bits_ttbr_cross(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	struct iommu_domain *dom = &priv->domain;
	unsigned int n = kd_ttbrs(priv), k, crossed = 0;
	u64 step = n > 1 ? BIT_ULL(KD_G + 2 * KD_S) : BIT_ULL(KD_G + KD_S);
	phys_addr_t pa = kunit_pt_oa(priv, 0x7777777777ULL, KD_G);

	for (k = 1; k != (n > 1 ? n : 2); k++) {
		u64 va = k * step - 3 * KD_GRAN;
		unsigned int i;

		if (va + 6 * KD_GRAN - 1 > kunit_pt_max_va(priv))
			break;
		KUNIT_ASSERT_EQ(test, iommu_map(dom, va, pa, 6 * KD_GRAN,
						IOMMU_READ, GFP_KERNEL),
				0);
		for (i = 0; i != 6; i++)
			kd_expect_mapped(test, priv, va + i * KD_GRAN,
					 pa + i * KD_GRAN, IOMMU_READ);
		KUNIT_EXPECT_EQ(test, iommu_unmap(dom, va, 6 * KD_GRAN),
				6 * KD_GRAN);
		for (i = 0; i != 6; i++)
			kd_expect_unmapped(test, priv, va + i * KD_GRAN);
		crossed++;
	}
	if (!crossed)
		kunit_skip(test, "no TTBR boundary below ULONG_MAX");
}

/*
 * hw_info gives every TTBR the IAS needs, each a granule aligned table of
 * the top; init refuses what the DART cannot be set to
 */
static void test_bits_init(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	struct pt_range range = pt_top_range(priv->common);
	struct pt_iommu_dart_hw_info info = kd_hw_info(priv);
	struct pt_iommu_dart_cfg cfg;
	struct pt_iommu_dart *table;
	static const u8 bad_ias[] = { 0, KD_G + KD_S, KD_G + 2 * KD_S + 3, 64 };
	unsigned int i;

	KUNIT_EXPECT_EQ(test, range.top_level, 1);
	KUNIT_EXPECT_EQ(test, info.n_ttbrs, kd_ttbrs(priv));
	for (i = 0; i != ARRAY_SIZE(info.ttbr); i++) {
		if (i >= info.n_ttbrs) {
			KUNIT_EXPECT_EQ(test, info.ttbr[i], 0);
			continue;
		}
		KUNIT_EXPECT_EQ(test, info.ttbr[i],
				(u64)virt_to_phys(range.top_table) +
					i * KD_GRAN);
		KUNIT_EXPECT_EQ(test, info.ttbr[i] & (KD_GRAN - 1), 0);
	}

	table = kunit_kzalloc(test, sizeof(*table), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, table);
	for (i = 0; i != ARRAY_SIZE(bad_ias); i++) {
		cfg = priv->cfg->cfg;
		cfg.common.hw_max_vasz_lg2 = bad_ias[i];
		KUNIT_EXPECT_EQ(test, NS(init)(table, &cfg, GFP_KERNEL),
				-EINVAL);
	}
	/* More TTBRs than the DART has */
	cfg = priv->cfg->cfg;
	cfg.common.hw_max_vasz_lg2 = KD_G + 2 * KD_S + 1;
	cfg.max_ttbrs = 1;
	KUNIT_EXPECT_EQ(test, NS(init)(table, &cfg, GFP_KERNEL), -EINVAL);
	cfg.max_ttbrs = 2;
	KUNIT_ASSERT_EQ(test, NS(init)(table, &cfg, GFP_KERNEL), 0);
	pt_iommu_deinit(&table->iommu);
	/* DART1 addresses 36 bits, and has no no-cache bit */
	cfg = priv->cfg->cfg;
	cfg.common.features &= ~(DART_V2 | DART_612);
	cfg.common.hw_max_oasz_lg2 = 42;
	KUNIT_EXPECT_EQ(test, NS(init)(table, &cfg, GFP_KERNEL), -EINVAL);
	cfg.common.hw_max_oasz_lg2 = 36;
	cfg.common.features |= DART_612;
	KUNIT_EXPECT_EQ(test, NS(init)(table, &cfg, GFP_KERNEL), -EINVAL);
	/* DART2 cannot point at 4 KiB pages; with 16 KiB, OAS capped at 42 */
	cfg.common.features = (cfg.common.features & ~DART_612) | DART_V2;
	cfg.common.hw_max_oasz_lg2 = 48;
	if (KD_G == 12) {
		KUNIT_EXPECT_EQ(test, NS(init)(table, &cfg, GFP_KERNEL),
				-EOPNOTSUPP);
	} else {
		KUNIT_ASSERT_EQ(test, NS(init)(table, &cfg, GFP_KERNEL), 0);
		KUNIT_EXPECT_EQ(test, table->dart_pt.common.max_oasz_lg2, 42);
		pt_iommu_deinit(&table->iommu);
	}
	kunit_pt_expect_table_pages(test, &table->iommu, 0);
}

static struct kunit_case dart_bits_test_cases[] = {
	KUNIT_CASE_PARAM(test_bits_leaves, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_bits_raw_entries, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_bits_va_width, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_bits_ttbr_cross, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_bits_init, kunit_pt_gen_params),
	{}
};

static struct kunit_suite dart_bits_test = {
	.name = __stringify(PT_FMT) "_bits_test",
	.init = kunit_pt_init,
	.exit = kunit_pt_exit,
	.test_cases = dart_bits_test_cases,
};

kunit_test_suites(&dart_bits_test);

#if IS_ENABLED(CONFIG_IOMMU_PT_KUNIT_CMP_DART)
#include "kunit_dart_cmp.h"
#endif
