// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suites for the x86-64 format: x86_64_fmt_test, x86_64_iommu_test,
 * x86_64_bits_test (the raw entries against the AMD64 / VT-d bit layout)
 * and, while the kernel carries the 6.12 AMD io_pgtable, x86_64_cmp_test,
 * and while it carries 6.12's VT-d first level code, x86_64_vtd_cmp_test.
 */
#include <linux/mem_encrypt.h>

/*
 * The real C-bit, as the IOMMU operations set it: they are compiled apart,
 * in iommu_x86_64.c, with the real sme_me_mask.
 */
static inline u64 kx86_sme_set(u64 x)
{
	return __sme_set(x);
}

static inline u64 kx86_sme_clr(u64 x)
{
	return __sme_clr(x);
}

/*
 * This file's copy of the format header sees a C-bit of the test's own: 0,
 * except while test_bits_sme() makes one up so that the bit shows on
 * machines without SME.
 */
static u64 kunit_x86_64_sme_mask;
#undef __sme_set
#undef __sme_clr
#define __sme_set(x) ((x) | kunit_x86_64_sme_mask)
#define __sme_clr(x) ((x) & ~kunit_x86_64_sme_mask)

#define PT_FMT x86_64
#define PT_FMT_H "x86_64.h"
#define PT_SUPPORTED_FEATURES PT_FMT_FEATURES

/* A present entry is always readable */
#define KUNIT_PT_WRITE_ONLY_IS_RW true
/* Writable leaves are written with D set */
#define KUNIT_PT_DIRTY_ON_MAP true

#include "kunit_template.h"

#define X86_64_KUNIT_CFG(_name, _features, _vasz, _top)          \
	{                                                        \
		.name = _name,                                   \
		.cfg = { .common = { .features = (_features),    \
				     .hw_max_vasz_lg2 = (_vasz), \
				     .hw_max_oasz_lg2 = 52 },    \
			 .top_level = (_top) },                  \
	}

#define X86_64_SE BIT(PT_FEAT_SIGN_EXTEND)
#define X86_64_SME BIT(PT_FEAT_X86_64_AMD_ENCRYPT_TABLES)
#define X86_64_FLUSH BIT(PT_FEAT_FLUSH_RANGE)
#define X86_64_NO_GAPS \
	(BIT(PT_FEAT_FLUSH_RANGE) | BIT(PT_FEAT_FLUSH_RANGE_NO_GAPS))

static const struct kunit_pt_cfg kunit_pt_cfgs[] = {
	/* AMD v2 as 6.12 uses it: the lower half of 4 or 5 levels */
	X86_64_KUNIT_CFG("l4_va47", X86_64_FLUSH, 47, 3),
	X86_64_KUNIT_CFG("l4_va47_sme", X86_64_FLUSH | X86_64_SME, 47, 3),
	X86_64_KUNIT_CFG("l5_va56_sme", X86_64_FLUSH | X86_64_SME, 56, 4),
	/* Sign extended: both canonical halves */
	X86_64_KUNIT_CFG("l4_se48_nogaps", X86_64_SE | X86_64_NO_GAPS, 48, 3),
	X86_64_KUNIT_CFG("l5_se57", X86_64_SE | X86_64_FLUSH, 57, 4),
	X86_64_KUNIT_CFG("l5_se48_sme", X86_64_SE | X86_64_SME, 48, 4),
	X86_64_KUNIT_CFG("l4_se39", X86_64_SE, 39, 3),
	/* The VA width apart from the levels, and capped by them */
	X86_64_KUNIT_CFG("l4_va48", 0, 48, 3),
	X86_64_KUNIT_CFG("l5_va48", 0, 48, 4),
	X86_64_KUNIT_CFG("l4_va57_capped", 0, 57, 3),
};

#include "../kunit_generic_pt.h"
#include "../kunit_iommu.h"
/* The write-back coverage of PT_FEAT_DMA_INCOHERENT, watched by a kprobe */
#if IS_ENABLED(CONFIG_KPROBES) && IS_ENABLED(CONFIG_X86)
#include "../kunit_iommu_flush.h"
#endif

/* --- x86_64_bits_test: raw entries against the spec's bit layout --- */

/* Bits as the AMD64 and VT-d specs number them; see x86_64.h */
#define KX86_P BIT_ULL(0)
#define KX86_RW BIT_ULL(1)
#define KX86_US BIT_ULL(2)
#define KX86_A BIT_ULL(5)
#define KX86_D BIT_ULL(6)
#define KX86_PS BIT_ULL(7)
#define KX86_ADDR GENMASK_ULL(51, 12)
/* The C-bit test_bits_sme() makes up; SME puts it at bit 47 on some CPUs */
#define KX86_FAKE_CBIT BIT_ULL(47)

static bool kx86_encrypt(struct kunit_pt_priv *priv)
{
	return priv->cfg->cfg.common.features &
	       BIT(PT_FEAT_X86_64_AMD_ENCRYPT_TABLES);
}

static bool kx86_sign_extend(struct kunit_pt_priv *priv)
{
	return priv->cfg->cfg.common.features & BIT(PT_FEAT_SIGN_EXTEND);
}

/* The VA width: what the cfg asks for, capped by what the levels cover */
static unsigned int kx86_vasz_lg2(struct kunit_pt_priv *priv)
{
	return min_t(unsigned int, priv->cfg->cfg.common.hw_max_vasz_lg2,
		     12 + 9 * (priv->cfg->cfg.top_level + 1));
}

/* Index of @va in a table at @level, as the hardware takes it */
static unsigned int kx86_index(u64 va, unsigned int level)
{
	return (va >> (12 + 9 * level)) & 511;
}

/* A leaf as the spec and x86_64.h say it is written */
static u64 kx86_leaf(u64 pa, unsigned int level, int prot, u64 cbit)
{
	u64 entry = KX86_P | KX86_US | KX86_A | pa;

	if (prot & IOMMU_WRITE)
		entry |= KX86_RW | KX86_D;
	if (level)
		entry |= KX86_PS;
	if (!(prot & IOMMU_MMIO))
		entry |= cbit;
	return entry;
}

static u64 kx86_table_entry(u64 pa, u64 cbit)
{
	return KX86_P | KX86_RW | KX86_US | KX86_A | cbit | pa;
}

/*
 * Walk to @va by the spec's rules alone: returns the raw leaf, or 0, with
 * the level it was found at and every entry on the way in @path.
 */
static u64 kx86_walk(struct kunit_pt_priv *priv, u64 va, unsigned int *level,
		     u64 *path)
{
	struct pt_range range = pt_top_range(priv->common);
	u64 *table = (u64 *)range.top_table;
	unsigned int lvl = range.top_level;

	while (true) {
		u64 entry = READ_ONCE(table[kx86_index(va, lvl)]);

		path[lvl] = entry;
		*level = lvl;
		if (!(entry & KX86_P))
			return 0;
		if (lvl == 0 || (entry & KX86_PS))
			return entry;
		table = __va(kx86_sme_clr(entry & KX86_ADDR));
		lvl--;
	}
}

/* Check the leaf for [va, va + size) and the table entries above it */
static void kx86_expect_mapped(struct kunit *test, struct kunit_pt_priv *priv,
			       u64 va, u64 size, phys_addr_t pa, int prot)
{
	u64 cbit = kx86_encrypt(priv) ? kx86_sme_set(0ULL) : 0;
	unsigned int level, want_level = (ilog2(size) - 12) / 9;
	u64 path[PT_MAX_TOP_LEVEL + 1];
	u64 leaf = kx86_walk(priv, va, &level, path);
	unsigned int i;

	KUNIT_ASSERT_EQ_MSG(test, level, want_level, "va %llx", va);
	KUNIT_EXPECT_EQ_MSG(test, leaf, kx86_leaf(pa, level, prot, cbit),
			    "va %llx prot %x", va, prot);
	for (i = level + 1; i <= pt_top_range(priv->common).top_level; i++)
		KUNIT_EXPECT_EQ_MSG(test, path[i],
				    kx86_table_entry(path[i] & KX86_ADDR &
						     ~cbit, cbit),
				    "level %u va %llx", i, va);
	KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(&priv->domain, va + size - 1),
			pa + size - 1);
}

/*
 * Every page size with every kind of prot: P, U/S and A always, R/W and D
 * only when writable, PS above level 0, never NX or the cache bits, and
 * the C-bit on RAM of an encrypted table only. Tables above are
 * P | R/W | U/S | A.
 */
static void test_bits_leaves(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	static const int prots[] = {
		IOMMU_READ,
		IOMMU_WRITE,
		IOMMU_READ | IOMMU_WRITE,
		IOMMU_READ | IOMMU_MMIO,
		IOMMU_READ | IOMMU_WRITE | IOMMU_MMIO,
		IOMMU_READ | IOMMU_WRITE | IOMMU_NOEXEC | IOMMU_CACHE |
			IOMMU_PRIV,
	};
	u64 sizes = priv->domain.pgsize_bitmap;

	KUNIT_EXPECT_EQ(test, sizes, SZ_4K | SZ_2M | SZ_1G);
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
			kx86_expect_mapped(test, priv, va, size, pa, prots[i]);
			KUNIT_EXPECT_EQ(test,
					iommu_unmap(&priv->domain, va, size),
					size);
		}
	}
}

static void kx86_no_fake_cbit(void *unused)
{
	kunit_x86_64_sme_mask = 0;
}

/*
 * The C-bit rules at the format hooks, with a C-bit made up for the test
 * so that it shows without SME: on table pointers and RAM leaves of an
 * encrypted table, never on MMIO leaves, never on a plain table, and
 * stripped from every address read back.
 */
static void test_bits_sme(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	struct pt_range range = pt_top_range(priv->common);
	u64 cbit = kx86_encrypt(priv) ? KX86_FAKE_CBIT : 0;
	static const int prots[] = { IOMMU_READ, IOMMU_READ | IOMMU_WRITE,
				     IOMMU_READ | IOMMU_MMIO,
				     IOMMU_WRITE | IOMMU_MMIO };
	/* Below the made up C-bit, aligned for every leaf size */
	pt_oaddr_t pa = KX86_FAKE_CBIT - SZ_1G;
	u64 *items = priv->scratch;
	unsigned int level, i;

	kunit_x86_64_sme_mask = KX86_FAKE_CBIT;
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, kx86_no_fake_cbit,
							NULL), 0);

	for (level = 0; level <= 2; level++) {
		for (i = 0; i != ARRAY_SIZE(prots); i++) {
			struct pt_state pts = kfmt_state(test, &range, level, 7);
			struct pt_write_attrs attrs, back;

			KUNIT_ASSERT_EQ(test,
					pt_iommu_set_prot(priv->common, &attrs,
							  prots[i]), 0);
			kfmt_clear_scratch(test);
			pt_install_leaf_entry(&pts, pa, 12 + 9 * level, &attrs);
			KUNIT_EXPECT_EQ(test, items[7],
					kx86_leaf(pa, level, prots[i], cbit));
			KUNIT_ASSERT_EQ(test, pt_load_entry_raw(&pts),
					PT_ENTRY_OA);
			KUNIT_EXPECT_EQ(test, pt_entry_oa(&pts), pa);
			pt_attr_from_entry(&pts, &back);
			KUNIT_EXPECT_EQ(test, back.descriptor_bits,
					attrs.descriptor_bits);
		}
	}
	for (level = 1; level <= PT_MAX_TOP_LEVEL; level++) {
		struct pt_state pts = kfmt_state(test, &range, level, 9);
		struct pt_write_attrs attrs = {};

		kfmt_clear_scratch(test);
		pts.entry = 0;
		KUNIT_ASSERT_TRUE(test, pt_install_table(&pts, pa, &attrs));
		KUNIT_EXPECT_EQ(test, items[9], kx86_table_entry(pa, cbit));
		KUNIT_ASSERT_EQ(test, pt_load_entry_raw(&pts), PT_ENTRY_TABLE);
		KUNIT_EXPECT_EQ(test, pt_table_pa(&pts), pa);
	}
}

/*
 * D is set on writable leaves only, read_and_clear_dirty() clears exactly
 * D, and set_dirty() sets it back
 */
static void test_bits_dirty(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	struct pt_iommu *iommu_table = &priv->fmt_table.iommu;
	u64 cbit = kx86_encrypt(priv) ? kx86_sme_set(0ULL) : 0;
	u64 ro = SZ_2M, rw = SZ_2M + SZ_4K, path[PT_MAX_TOP_LEVEL + 1];
	struct iommu_iotlb_gather gather;
	unsigned int level;

	KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, ro, SZ_1M, SZ_4K,
					IOMMU_READ, GFP_KERNEL), 0);
	KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, rw, SZ_2M, SZ_4K,
					IOMMU_READ | IOMMU_WRITE, GFP_KERNEL),
			0);
	KUNIT_EXPECT_EQ(test, kx86_walk(priv, ro, &level, path),
			kx86_leaf(SZ_1M, 0, IOMMU_READ, cbit));
	KUNIT_EXPECT_EQ(test, kx86_walk(priv, rw, &level, path),
			kx86_leaf(SZ_2M, 0, IOMMU_WRITE, cbit));

	/* Only the writable leaf is reported, and only its D is cleared */
	gather = kunit_pt_read_dirty(priv, 0, SZ_4M, 0);
	KUNIT_EXPECT_EQ(test, gather.start, rw);
	KUNIT_EXPECT_EQ(test, (u64)gather.end, rw + SZ_4K - 1);
	KUNIT_EXPECT_EQ(test, kx86_walk(priv, rw, &level, path),
			kx86_leaf(SZ_2M, 0, IOMMU_WRITE, cbit) & ~KX86_D);
	KUNIT_EXPECT_EQ(test, kx86_walk(priv, ro, &level, path),
			kx86_leaf(SZ_1M, 0, IOMMU_READ, cbit));

	/* The IOMMU writing sets D again */
	KUNIT_EXPECT_EQ(test, iommu_table->ops->set_dirty(iommu_table, rw + 8),
			0);
	KUNIT_EXPECT_EQ(test, kx86_walk(priv, rw, &level, path),
			kx86_leaf(SZ_2M, 0, IOMMU_WRITE, cbit));
}

/*
 * Both halves of a sign extended table map, the upper one through the
 * upper half of the top table; the hole between them does not. Without
 * sign extension, the top of the 64-bit space is outside the table.
 */
static void test_bits_sign_extend(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	unsigned int vasz_lg2 = kx86_vasz_lg2(priv);
	bool se = kx86_sign_extend(priv);
	u64 last = BIT_ULL(vasz_lg2 - se) - 1;
	unsigned int top = priv->cfg->cfg.top_level;
	/* VA bits above those one top item covers, sign bit included */
	unsigned int top_bits = vasz_lg2 - min(vasz_lg2, 12 + 9 * top);
	struct iommu_domain *dom = &priv->domain;
	struct iommu_iotlb_gather gather;
	u64 upper, top_2m, top_va = U64_MAX;
	struct pt_range range;
	u64 *top_table;

	/* The DMA API gets the lower half */
	KUNIT_EXPECT_EQ(test, priv->common->max_vasz_lg2, vasz_lg2);
	KUNIT_EXPECT_EQ(test, dom->geometry.aperture_start, 0);
	KUNIT_EXPECT_EQ(test, (u64)dom->geometry.aperture_end,
			min_t(u64, last, ULONG_MAX));
	KUNIT_EXPECT_TRUE(test, dom->geometry.force_aperture);

	if (BITS_PER_LONG == 32) {
		/* No upper half to name: the lower half ends at ULONG_MAX */
		KUNIT_EXPECT_EQ(test, iommu_map(dom, ULONG_MAX - SZ_4K + 1, 0,
						SZ_4K, IOMMU_READ, GFP_KERNEL),
				0);
		KUNIT_EXPECT_EQ(test, iommu_unmap(dom, ULONG_MAX - SZ_4K + 1,
						  SZ_4K), SZ_4K);
		return;
	}
	/* An unsigned long holds these below, on a 64-bit kernel */
	upper = ~(BIT_ULL(vasz_lg2 - 1) - 1);
	top_2m = top_va - SZ_2M + 1;
	range = pt_top_range(priv->common);
	top_table = (u64 *)range.top_table;
	if (!se) {
		KUNIT_EXPECT_EQ(test, iommu_map(dom, top_2m, 0, SZ_2M,
						IOMMU_READ, GFP_KERNEL),
				-ERANGE);
		KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(dom, top_va), 0);
		/* The end of the VA is in the last top item it reaches */
		KUNIT_ASSERT_EQ(test, iommu_map(dom, last - SZ_4K + 1, SZ_4K,
						SZ_4K, IOMMU_READ, GFP_KERNEL),
				0);
		kx86_expect_mapped(test, priv, last - SZ_4K + 1, SZ_4K, SZ_4K,
				   IOMMU_READ);
		KUNIT_EXPECT_EQ(test, kx86_index(last, top),
				BIT(top_bits) - 1);
		KUNIT_EXPECT_TRUE(test, top_table[BIT(top_bits) - 1] & KX86_P);
		return;
	}

	/* The lowest and the highest upper-half VA, and the hole below */
	KUNIT_ASSERT_EQ(test, iommu_map(dom, upper, SZ_1M, SZ_4K,
					IOMMU_READ | IOMMU_WRITE, GFP_KERNEL),
			0);
	KUNIT_ASSERT_EQ(test, iommu_map(dom, top_2m, SZ_1G, SZ_2M, IOMMU_READ,
					GFP_KERNEL), 0);
	KUNIT_ASSERT_EQ(test, iommu_map(dom, 0, SZ_8K, SZ_4K, IOMMU_READ,
					GFP_KERNEL), 0);
	kx86_expect_mapped(test, priv, upper, SZ_4K, SZ_1M,
			   IOMMU_READ | IOMMU_WRITE);
	kx86_expect_mapped(test, priv, top_2m, SZ_2M, SZ_1G, IOMMU_READ);
	KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(dom, upper + 0x123),
			SZ_1M + 0x123);
	KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(dom, top_va),
			SZ_1G + SZ_2M - 1);
	KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(dom, 5), SZ_8K + 5);

	/*
	 * They sit in the upper half of the top table: the upper half of
	 * the VA takes its last 2^(top_bits - 1) items, at least the last one
	 */
	KUNIT_EXPECT_EQ(test, kx86_index(upper, top),
			512 - (top_bits ? BIT(top_bits - 1) : 1));
	KUNIT_EXPECT_EQ(test, kx86_index(top_2m, top), 511);
	KUNIT_EXPECT_TRUE(test, top_table[kx86_index(upper, top)] & KX86_P);
	KUNIT_EXPECT_TRUE(test, top_table[511] & KX86_P);
	KUNIT_EXPECT_TRUE(test, top_table[0] & KX86_P);

	/* The hole: nothing maps or translates there */
	KUNIT_EXPECT_EQ(test, iommu_map(dom, last + 1, 0, SZ_4K, IOMMU_READ,
					GFP_KERNEL), -ERANGE);
	KUNIT_EXPECT_EQ(test, iommu_map(dom, upper - SZ_4K, 0, SZ_4K,
					IOMMU_READ, GFP_KERNEL), -ERANGE);
	KUNIT_EXPECT_EQ(test, iommu_map(dom, upper - SZ_4K, 0, SZ_8K,
					IOMMU_READ, GFP_KERNEL), -ERANGE);
	KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(dom, upper - 1), 0);
	KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(dom, last + 1), 0);

	/* Dirty tracking and unmap in the upper half */
	gather = kunit_pt_read_dirty(priv, upper, SZ_1M, 0);
	KUNIT_EXPECT_EQ(test, gather.start, upper);
	KUNIT_EXPECT_EQ(test, (u64)gather.end, upper + SZ_4K - 1);
	iommu_iotlb_gather_init(&gather);
	KUNIT_EXPECT_EQ(test, priv->ops.unmap_pages(dom, top_2m, SZ_2M, 1,
						    &gather), SZ_2M);
	KUNIT_EXPECT_EQ(test, gather.start, top_2m);
	KUNIT_EXPECT_EQ(test, (u64)gather.end, top_va);
	kunit_pt_iotlb_sync(dom, &gather);
	KUNIT_EXPECT_EQ(test, iommu_unmap(dom, upper, SZ_4K), SZ_4K);
	KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(dom, upper), 0);
	KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(dom, top_va), 0);
	KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(dom, 5), SZ_8K + 5);
	KUNIT_EXPECT_EQ(test, kunit_pt_count_tables(priv),
			kunit_pt_live_pages(priv));
}

/* init refuses other levels; hw_info is what a GCR3 / PASID entry needs */
static void test_bits_init(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	struct pt_range range = pt_top_range(priv->common);
	struct pt_iommu_x86_64_hw_info info;
	struct pt_iommu_x86_64_cfg cfg = priv->cfg->cfg;
	struct pt_iommu_x86_64 *table;
	u64 top_pa = virt_to_phys(range.top_table);
	static const unsigned int bad_levels[] = { 0, 1, 2, 5, 7 };
	unsigned int i;

	KUNIT_EXPECT_EQ(test, range.top_level, cfg.top_level);
	pt_iommu_x86_64_hw_info(&priv->fmt_table, &info);
	KUNIT_EXPECT_EQ(test, info.levels, cfg.top_level + 1);
	KUNIT_EXPECT_EQ(test, info.gcr3_pt,
			kx86_encrypt(priv) ? kx86_sme_set(top_pa) : top_pa);

	table = kunit_kzalloc(test, sizeof(*table), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, table);
	for (i = 0; i != ARRAY_SIZE(bad_levels); i++) {
		cfg.top_level = bad_levels[i];
		KUNIT_EXPECT_EQ(test, pt_iommu_x86_64_init(table, &cfg,
							   GFP_KERNEL),
				-EINVAL);
	}
	kunit_pt_expect_table_pages(test, &table->iommu, 0);
}

static struct kunit_case x86_64_bits_test_cases[] = {
	KUNIT_CASE_PARAM(test_bits_leaves, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_bits_sme, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_bits_dirty, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_bits_sign_extend, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_bits_init, kunit_pt_gen_params),
	{}
};

static struct kunit_suite x86_64_bits_test = {
	.name = "x86_64_bits_test",
	.init = kunit_pt_init,
	.exit = kunit_pt_exit,
	.test_cases = x86_64_bits_test_cases,
};

kunit_test_suites(&x86_64_bits_test);

#if IS_ENABLED(CONFIG_IOMMU_PT_KUNIT_CMP_AMD)
#include "kunit_x86_64_cmp.h"
#endif
#if IS_ENABLED(CONFIG_IOMMU_PT_KUNIT_CMP_INTEL)
#include "kunit_x86_64_vtd_cmp.h"
#endif

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests of the Generic Page Table x86-64 format");
MODULE_IMPORT_NS(GENERIC_PT_IOMMU);
MODULE_IMPORT_NS(IOMMUFD);
