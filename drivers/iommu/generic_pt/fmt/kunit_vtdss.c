// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suites for the VT-d second stage format: vtdss_fmt_test,
 * vtdss_iommu_test, vtdss_iommu_split_test, vtdss_bits_test (the raw
 * entries against the VT-d second stage bit layout) and, while the kernel
 * carries 6.12's VT-d second stage code, vtdss_cmp_test.
 */
#define PT_FMT vtdss
#define PT_FMT_H "vtdss.h"
#define PT_SUPPORTED_FEATURES PT_FMT_FEATURES

/* Every leaf is readable */
#define KUNIT_PT_WRITE_ONLY_IS_RW true
/* A nesting parent's leaves are all writable */
#define KUNIT_PT_READ_ONLY_IS_RW(priv)             \
	(!!((priv)->cfg->cfg.common.features &     \
	    BIT(PT_FEAT_VTDSS_FORCE_WRITEABLE)))

#include "kunit_template.h"

#define VTDSS_KUNIT_CFG(_name, _features, _vasz, _oasz, _top, _leaf) \
	{                                                            \
		.name = _name,                                       \
		.cfg = { .common = { .features = (_features),        \
				     .hw_max_vasz_lg2 = (_vasz),     \
				     .hw_max_oasz_lg2 = (_oasz) },   \
			 .top_level = (_top),                        \
			 .max_leaf_level = (_leaf) },                \
	}

#define VTDSS_FLUSH BIT(PT_FEAT_FLUSH_RANGE)
#define VTDSS_NO_GAPS \
	(BIT(PT_FEAT_FLUSH_RANGE) | BIT(PT_FEAT_FLUSH_RANGE_NO_GAPS))
#define VTDSS_SNP BIT(PT_FEAT_VTDSS_FORCE_COHERENCE)
#define VTDSS_FW BIT(PT_FEAT_VTDSS_FORCE_WRITEABLE)

/*
 * Names: l<levels>_va<VA bits>_sp<highest leaf level>, then features. The
 * top level is the number of levels minus one.
 */
static const struct kunit_pt_cfg kunit_pt_cfgs[] = {
	/* As SAGAW and MGAW agree: 3, 4 and 5 levels, every page size */
	VTDSS_KUNIT_CFG("l3_va39_sp2", VTDSS_FLUSH, 39, 52, 2, 2),
	VTDSS_KUNIT_CFG("l4_va48_sp2_nogaps", VTDSS_NO_GAPS, 48, 52, 3, 2),
	VTDSS_KUNIT_CFG("l5_va57_sp2_snp", VTDSS_FLUSH | VTDSS_SNP, 57, 52, 4,
			2),
	/* Fewer superpages: none, or 2 MiB only */
	VTDSS_KUNIT_CFG("l3_va39_sp0", VTDSS_FLUSH, 39, 52, 2, 0),
	VTDSS_KUNIT_CFG("l4_va48_sp1_snp", VTDSS_SNP, 48, 46, 3, 1),
	/* The top larger than the VA needs (MGAW below the SAGAW's reach) */
	VTDSS_KUNIT_CFG("l4_va39_sp1", VTDSS_FLUSH, 39, 52, 3, 1),
	VTDSS_KUNIT_CFG("l4_va42_sp2_snp", VTDSS_NO_GAPS | VTDSS_SNP, 42, 46, 3,
			2),
	VTDSS_KUNIT_CFG("l5_va48_sp2", VTDSS_FLUSH, 48, 52, 4, 2),
	/* A VA wider than the levels reach is capped at what they reach */
	VTDSS_KUNIT_CFG("l3_va48_capped_sp2", 0, 48, 52, 2, 2),
	/* A nesting parent on hardware with ERRATA_772415_SPR17 */
	VTDSS_KUNIT_CFG("l4_va48_sp2_fw", VTDSS_FLUSH | VTDSS_FW, 48, 52, 3, 2),
	VTDSS_KUNIT_CFG("l4_va48_sp2_fw_snp", VTDSS_FW | VTDSS_SNP, 48, 52, 3,
			2),
};

#include "../kunit_generic_pt.h"
#include "../kunit_iommu.h"
/* The write-back coverage of PT_FEAT_DMA_INCOHERENT, watched by a kprobe */
#if IS_ENABLED(CONFIG_KPROBES) && IS_ENABLED(CONFIG_X86)
#include "../kunit_iommu_flush.h"
#endif

/* --- vtdss_bits_test: raw entries against the spec's bit layout --- */

/* Bits as the VT-d spec numbers them in second stage entries; see vtdss.h */
#define KVT_R BIT_ULL(0)
#define KVT_W BIT_ULL(1)
#define KVT_PS BIT_ULL(7)
#define KVT_A BIT_ULL(8)
#define KVT_D BIT_ULL(9)
#define KVT_SNP BIT_ULL(11)
#define KVT_ADDR GENMASK_ULL(51, 12)
/* Bits the hardware ignores: 10, 52-60 and 63 */
#define KVT_IGNORED (BIT_ULL(10) | GENMASK_ULL(60, 52) | BIT_ULL(63))

static bool kvt_has(struct kunit_pt_priv *priv, unsigned int feature)
{
	return priv->cfg->cfg.common.features & BIT(feature);
}

/* The VA width: what the cfg asks for, capped by what the levels cover */
static unsigned int kvt_vasz_lg2(struct kunit_pt_priv *priv)
{
	return min_t(unsigned int, priv->cfg->cfg.common.hw_max_vasz_lg2,
		     12 + 9 * (priv->cfg->cfg.top_level + 1));
}

/* Index of @va in a table at @level, as the hardware takes it */
static unsigned int kvt_index(u64 va, unsigned int level)
{
	return (va >> (12 + 9 * level)) & 511;
}

/* A leaf as the spec and vtdss.h say it is written */
static u64 kvt_leaf(struct kunit_pt_priv *priv, u64 pa, unsigned int level,
		    int prot)
{
	u64 entry = KVT_R | pa;

	if ((prot & IOMMU_WRITE) ||
	    kvt_has(priv, PT_FEAT_VTDSS_FORCE_WRITEABLE))
		entry |= KVT_W;
	if (kvt_has(priv, PT_FEAT_VTDSS_FORCE_COHERENCE))
		entry |= KVT_SNP;
	if (level)
		entry |= KVT_PS;
	return entry;
}

static u64 kvt_table_entry(u64 pa)
{
	return KVT_R | KVT_W | pa;
}

/*
 * Walk to @va by the spec's rules alone: present if R or W, a leaf at
 * level 0 or with PS. Returns the raw leaf, or 0, with the level it was
 * found at and every entry on the way in @path.
 */
static u64 kvt_walk(struct kunit_pt_priv *priv, u64 va, unsigned int *level,
		    u64 *path)
{
	struct pt_range range = pt_top_range(priv->common);
	u64 *table = (u64 *)range.top_table;
	unsigned int lvl = range.top_level;

	while (true) {
		u64 entry = READ_ONCE(table[kvt_index(va, lvl)]);

		path[lvl] = entry;
		*level = lvl;
		if (!(entry & (KVT_R | KVT_W)))
			return 0;
		if (lvl == 0 || (entry & KVT_PS))
			return entry;
		/*
		 * What the format wrote as a leaf but the spec reads as a
		 * table points at no table page: stop, the level is wrong
		 */
		if (!pfn_valid(PHYS_PFN(entry & KVT_ADDR)))
			return entry;
		table = __va(entry & KVT_ADDR);
		lvl--;
	}
}

/* A pointer to the raw leaf item mapping @va; the walk must find one */
static u64 *kvt_leaf_item(struct kunit_pt_priv *priv, u64 va)
{
	struct pt_range range = pt_top_range(priv->common);
	u64 *table = (u64 *)range.top_table;
	unsigned int lvl = range.top_level;

	while (true) {
		u64 *item = &table[kvt_index(va, lvl)];

		if (lvl == 0 || (*item & KVT_PS))
			return item;
		table = __va(*item & KVT_ADDR);
		lvl--;
	}
}

/* Check the leaf for [va, va + size) and the table entries above it */
static void kvt_expect_mapped(struct kunit *test, struct kunit_pt_priv *priv,
			      u64 va, u64 size, phys_addr_t pa, int prot)
{
	unsigned int level, want_level = (ilog2(size) - 12) / 9;
	u64 path[PT_MAX_TOP_LEVEL + 1];
	u64 leaf = kvt_walk(priv, va, &level, path);
	unsigned int i;

	KUNIT_ASSERT_EQ_MSG(test, level, want_level, "va %llx", va);
	KUNIT_EXPECT_EQ_MSG(test, leaf, kvt_leaf(priv, pa, level, prot),
			    "va %llx prot %x", va, prot);
	for (i = level + 1; i <= pt_top_range(priv->common).top_level; i++)
		KUNIT_EXPECT_EQ_MSG(test, path[i],
				    kvt_table_entry(path[i] & KVT_ADDR),
				    "level %u va %llx", i, va);
	KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(&priv->domain, va + size - 1),
			pa + size - 1);
}

/*
 * The page sizes are those the cfg allows. Every page size with every kind
 * of prot: R always, W when writable (or always on a nesting parent), SNP
 * on a coherent domain, PS above level 0, never A or D or anything else.
 * Tables above are R | W.
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
	};
	static const u64 want_sizes[] = { SZ_4K, SZ_4K | SZ_2M,
					  SZ_4K | SZ_2M | SZ_1G };
	u64 sizes = priv->domain.pgsize_bitmap;

	KUNIT_EXPECT_EQ(test, sizes,
			want_sizes[priv->cfg->cfg.max_leaf_level]);
	for (; sizes; sizes &= sizes - 1) {
		u64 size = sizes & -sizes;
		unsigned int i;

		for (i = 0; i != ARRAY_SIZE(prots); i++) {
			phys_addr_t pa = kunit_pt_oa(priv,
						     0x5a5a5a5a5a5a5a5aULL * (i + 1),
						     ilog2(size));
			u64 va = size * (1 + i % 2);

			KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, va, pa,
							size, prots[i],
							GFP_KERNEL), 0);
			kvt_expect_mapped(test, priv, va, size, pa, prots[i]);
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
 * The format hooks on raw entries: no present bit, so an entry is empty
 * whatever else it holds unless R or W is set, and either alone makes it
 * present; PS makes a leaf at levels 1 and 2 only; the address is bits
 * 51:12 and the ignored bits do not leak into it.
 */
static void test_bits_raw_entries(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	struct pt_range range = pt_top_range(priv->common);
	u64 *items = priv->scratch;
	const u64 pa = 5ULL * SZ_1G;
	static const u64 perms[] = { KVT_R, KVT_W, KVT_R | KVT_W };
	unsigned int level, i;

	for (level = 0; level <= PT_MAX_TOP_LEVEL; level++) {
		struct pt_state pts = kfmt_state(test, &range, level, 11);

		/* Everything but R and W: still empty */
		items[11] = ~(KVT_R | KVT_W);
		KUNIT_EXPECT_EQ(test, pt_load_entry_raw(&pts), PT_ENTRY_EMPTY);

		for (i = 0; i != ARRAY_SIZE(perms); i++) {
			items[11] = perms[i] | KVT_IGNORED | KVT_A | pa;
			KUNIT_EXPECT_EQ(test, pt_load_entry_raw(&pts),
					level ? PT_ENTRY_TABLE : PT_ENTRY_OA);
			if (level)
				KUNIT_EXPECT_EQ(test, pt_table_pa(&pts), pa);
			else
				KUNIT_EXPECT_EQ(test, pt_entry_oa(&pts), pa);

			items[11] |= KVT_PS;
			KUNIT_EXPECT_EQ(test, pt_load_entry_raw(&pts),
					level <= 2 ? PT_ENTRY_OA :
						     PT_ENTRY_TABLE);
			if (level && level <= 2)
				KUNIT_EXPECT_EQ(test, pt_entry_oa(&pts), pa);
		}
		items[11] = 0;
	}

	/* A new table pointer is R | W and the address, nothing else */
	for (level = 1; level <= PT_MAX_TOP_LEVEL; level++) {
		struct pt_state pts = kfmt_state(test, &range, level, 9);
		struct pt_write_attrs attrs = {};

		kfmt_clear_scratch(test);
		pts.entry = 0;
		KUNIT_ASSERT_TRUE(test, pt_install_table(&pts, pa, &attrs));
		KUNIT_EXPECT_EQ(test, items[9], kvt_table_entry(pa));
	}
}

/*
 * Neither A nor D is set at map; read_and_clear_dirty() reports and clears
 * D (bit 9) as the hardware sets it, leaves A (bit 8) alone, and
 * set_dirty() sets exactly D. A read-only leaf is never reported.
 */
static void test_bits_dirty(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	struct pt_iommu *iommu_table = &priv->fmt_table.iommu;
	u64 ro = SZ_2M, rw = SZ_2M + SZ_4K, path[PT_MAX_TOP_LEVEL + 1];
	struct iommu_iotlb_gather gather;
	unsigned int level;
	u64 *item;

	KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, ro, SZ_1M, SZ_4K,
					IOMMU_READ, GFP_KERNEL), 0);
	KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, rw, SZ_2M, SZ_4K,
					IOMMU_READ | IOMMU_WRITE, GFP_KERNEL),
			0);
	KUNIT_EXPECT_EQ(test, kvt_walk(priv, ro, &level, path),
			kvt_leaf(priv, SZ_1M, 0, IOMMU_READ));
	KUNIT_EXPECT_EQ(test, kvt_walk(priv, rw, &level, path),
			kvt_leaf(priv, SZ_2M, 0, IOMMU_WRITE));
	gather = kunit_pt_read_dirty(priv, 0, SZ_4M, 0);
	KUNIT_EXPECT_GT(test, gather.start, gather.end);

	/* The hardware marks the writable leaf accessed and dirty */
	item = kvt_leaf_item(priv, rw);
	WRITE_ONCE(*item, *item | KVT_A | KVT_D);
	gather = kunit_pt_read_dirty(priv, 0, SZ_4M, IOMMU_DIRTY_NO_CLEAR);
	KUNIT_EXPECT_EQ(test, gather.start, rw);
	KUNIT_EXPECT_EQ(test, (u64)gather.end, rw + SZ_4K - 1);
	KUNIT_EXPECT_TRUE(test, READ_ONCE(*item) & KVT_D);
	gather = kunit_pt_read_dirty(priv, 0, SZ_4M, 0);
	KUNIT_EXPECT_EQ(test, gather.start, rw);
	KUNIT_EXPECT_EQ(test, (u64)gather.end, rw + SZ_4K - 1);
	KUNIT_EXPECT_EQ(test, READ_ONCE(*item),
			kvt_leaf(priv, SZ_2M, 0, IOMMU_WRITE) | KVT_A);
	gather = kunit_pt_read_dirty(priv, 0, SZ_4M, 0);
	KUNIT_EXPECT_GT(test, gather.start, gather.end);

	/* set_dirty() as the iommufd selftest uses it: bit 9 only */
	KUNIT_EXPECT_EQ(test, iommu_table->ops->set_dirty(iommu_table, rw + 8),
			0);
	KUNIT_EXPECT_EQ(test, READ_ONCE(*item),
			kvt_leaf(priv, SZ_2M, 0, IOMMU_WRITE) | KVT_A | KVT_D);
	KUNIT_EXPECT_EQ(test, kvt_walk(priv, ro, &level, path),
			kvt_leaf(priv, SZ_1M, 0, IOMMU_READ));
}

/*
 * The usable VA is the cfg's width, not what the levels reach: with the
 * top larger than the VA needs, only the low 2^(VA - top item bits) items
 * of the top table are used, and the first VA past the width is refused.
 */
static void test_bits_va_width(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	unsigned int vasz_lg2 = kvt_vasz_lg2(priv);
	unsigned int top = priv->cfg->cfg.top_level;
	/* VA bits above those one top item covers */
	unsigned int top_bits = vasz_lg2 - min(vasz_lg2, 12 + 9 * top);
	u64 last = BIT_ULL(vasz_lg2) - 1;
	struct iommu_domain *dom = &priv->domain;
	struct pt_range range = pt_top_range(priv->common);
	u64 *top_table = (u64 *)range.top_table;
	unsigned int i;

	KUNIT_EXPECT_EQ(test, range.top_level, top);
	KUNIT_EXPECT_EQ(test, priv->common->max_vasz_lg2, vasz_lg2);
	KUNIT_EXPECT_EQ(test, dom->geometry.aperture_start, 0);
	KUNIT_EXPECT_EQ(test, (u64)dom->geometry.aperture_end,
			min_t(u64, last, ULONG_MAX));
	KUNIT_EXPECT_TRUE(test, dom->geometry.force_aperture);

	if (BITS_PER_LONG == 32) {
		/* Every VA width here is wider than an unsigned long */
		KUNIT_EXPECT_EQ(test, iommu_map(dom, ULONG_MAX - SZ_4K + 1, 0,
						SZ_4K, IOMMU_READ, GFP_KERNEL),
				0);
		KUNIT_EXPECT_EQ(test, iommu_unmap(dom, ULONG_MAX - SZ_4K + 1,
						  SZ_4K), SZ_4K);
		return;
	}

	/* The last page of the VA is in the last top item the VA reaches */
	KUNIT_ASSERT_EQ(test, iommu_map(dom, last - SZ_4K + 1, SZ_4K, SZ_4K,
					IOMMU_READ, GFP_KERNEL), 0);
	kvt_expect_mapped(test, priv, last - SZ_4K + 1, SZ_4K, SZ_4K,
			  IOMMU_READ);
	KUNIT_EXPECT_EQ(test, kvt_index(last, top), BIT(top_bits) - 1);
	KUNIT_EXPECT_TRUE(test, top_table[BIT(top_bits) - 1] & KVT_R);
	/* No item above it is ever used */
	for (i = BIT(top_bits); i != 512; i++)
		KUNIT_EXPECT_EQ(test, top_table[i], 0);

	/* Past the VA width: refused, not translated */
	KUNIT_EXPECT_EQ(test, iommu_map(dom, last + 1, 0, SZ_4K, IOMMU_READ,
					GFP_KERNEL), -ERANGE);
	KUNIT_EXPECT_EQ(test, iommu_map(dom, last - SZ_4K + 1, 0, SZ_8K,
					IOMMU_READ, GFP_KERNEL), -ERANGE);
	KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(dom, last + 1), 0);
	KUNIT_EXPECT_EQ(test, iommu_unmap(dom, last - SZ_4K + 1, SZ_4K),
			SZ_4K);
}

/*
 * hw_info is what a context or PASID entry needs; init refuses other
 * levels and leaf levels
 */
static void test_bits_init(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	struct pt_range range = pt_top_range(priv->common);
	struct pt_iommu_vtdss_hw_info info;
	struct pt_iommu_vtdss_cfg cfg = priv->cfg->cfg;
	struct pt_iommu_vtdss *table;
	static const unsigned int bad_levels[] = { 0, 1, 5, 7 };
	unsigned int i;

	pt_iommu_vtdss_hw_info(&priv->fmt_table, &info);
	KUNIT_EXPECT_EQ(test, info.ssptptr, virt_to_phys(range.top_table));
	/* AW: 3 levels 1 (39 bit), 4 levels 2 (48 bit), 5 levels 3 (57 bit) */
	KUNIT_EXPECT_EQ(test, info.aw, cfg.top_level + 1 - 2);

	table = kunit_kzalloc(test, sizeof(*table), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, table);
	for (i = 0; i != ARRAY_SIZE(bad_levels); i++) {
		cfg.top_level = bad_levels[i];
		KUNIT_EXPECT_EQ(test, pt_iommu_vtdss_init(table, &cfg,
							  GFP_KERNEL),
				-EINVAL);
	}
	cfg = priv->cfg->cfg;
	cfg.max_leaf_level = 3;
	KUNIT_EXPECT_EQ(test, pt_iommu_vtdss_init(table, &cfg, GFP_KERNEL),
			-EINVAL);
	kunit_pt_expect_table_pages(test, &table->iommu, 0);
}

static struct kunit_case vtdss_bits_test_cases[] = {
	KUNIT_CASE_PARAM(test_bits_leaves, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_bits_raw_entries, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_bits_dirty, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_bits_va_width, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_bits_init, kunit_pt_gen_params),
	{}
};

static struct kunit_suite vtdss_bits_test = {
	.name = "vtdss_bits_test",
	.init = kunit_pt_init,
	.exit = kunit_pt_exit,
	.test_cases = vtdss_bits_test_cases,
};

kunit_test_suites(&vtdss_bits_test);

#if IS_ENABLED(CONFIG_IOMMU_PT_KUNIT_CMP_INTEL)
#include "kunit_vtdss_cmp.h"
#endif

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests of the Generic Page Table VT-d second stage format");
MODULE_IMPORT_NS(GENERIC_PT_IOMMU);
MODULE_IMPORT_NS(IOMMUFD);
