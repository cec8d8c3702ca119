/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Harness description of the AMD v1 format and its 2 KiB mock (AMDV1_MOCK
 * is defined by the kernel's iommu_amdv1_mock.c before this is included).
 *
 * The geometry below is written from the AMD IOMMU specification, not
 * from fmt/amdv1.h: 512 entries per table, a leaf at any level of the
 * level's natural size or any power of two up to 256 items ("Next Level
 * 7"), sizes up to 2^(OA bits - 1), no 512 GiB leaf (erratum), a dirty
 * bit. The mock scales it to a 2 KiB granule, 4 levels, 51 OA bits.
 */
#ifdef AMDV1_MOCK
#define GPT_AMDV1_GRANULE 11
#define GPT_AMDV1_MAX_TOP 3
#define GPT_AMDV1_OA_BITS 51
#else
#define GPT_AMDV1_GRANULE 12
#define GPT_AMDV1_MAX_TOP 5
#define GPT_AMDV1_OA_BITS 52
#endif

static u64 gpt_amdv1_level_sizes(const struct gpt_cfg *cfg,
				 unsigned int level)
{
	unsigned int lo = GPT_AMDV1_GRANULE + 9 * level;
	unsigned int hi = lo + 8;
	u64 sizes = 0;
	unsigned int lg2;

	for (lg2 = lo; lg2 <= hi && lg2 <= GPT_AMDV1_OA_BITS - 1; lg2++)
		sizes |= 1ULL << lg2;
#ifndef AMDV1_MOCK
	sizes &= ~(1ULL << 39);
#endif
	return sizes;
}

static const struct gpt_geometry gpt_amdv1_geometry = {
	.granule_lg2 = GPT_AMDV1_GRANULE,
	.items_lg2 = 9,
	.max_top_level = GPT_AMDV1_MAX_TOP,
	.level_sizes = gpt_amdv1_level_sizes,
	.oa_lg2 = GPT_AMDV1_OA_BITS,
	.has_dirty = true,
};

#define GPT_GEOMETRY (&gpt_amdv1_geometry)
#define GPT_FILL_CFG(fmt_cfg, gpt_cfg) \
	((fmt_cfg)->starting_level = (gpt_cfg)->level)

#define GPT_DYN (BIT(PT_FEAT_DYNAMIC_TOP) | BIT(PT_FEAT_FLUSH_RANGE))
#define GPT_CFG(_name, _features, _vasz, _oasz, _level, _sme)           \
	{ .name = _name, .features = (_features), .vasz_lg2 = (_vasz),   \
	  .oasz_lg2 = (_oasz), .level = (_level), .sme_mask = (_sme) }

static const struct gpt_cfg gpt_amdv1_cfgs[] = {
#ifdef AMDV1_MOCK
	GPT_CFG("dynamic_l1_va47", GPT_DYN, 47, 51, 1, 0),
	GPT_CFG("dynamic_l0_va40_oa40", GPT_DYN, 40, 40, 0, 0),
	GPT_CFG("fixed_l1", 0, 47, 51, 1, 0),
	GPT_CFG("fixed_l2", 0, 47, 51, 2, 0),
	GPT_CFG("fixed_l3_va40", BIT(PT_FEAT_FLUSH_RANGE), 40, 51, 3, 0),
#else
	/* What the AMD driver uses */
	GPT_CFG("dynamic_l2_va64_fc",
		GPT_DYN | BIT(PT_FEAT_AMDV1_FORCE_COHERENCE), 64, 52, 2, 0),
	GPT_CFG("dynamic_l0_va48_nogaps",
		GPT_DYN | BIT(PT_FEAT_FLUSH_RANGE_NO_GAPS), 48, 52, 0, 0),
	/* SME: the C-bit is bit 47, so OAs stay below it */
	GPT_CFG("dynamic_l1_va64_sme",
		GPT_DYN | BIT(PT_FEAT_AMDV1_ENCRYPT_TABLES), 64, 47, 1,
		1ULL << 47),
	GPT_CFG("fixed_l0", 0, 64, 52, 0, 0),
	GPT_CFG("fixed_l1_oa36", 0, 64, 36, 1, 0),
	GPT_CFG("fixed_l2_va36", BIT(PT_FEAT_FLUSH_RANGE), 36, 52, 2, 0),
	GPT_CFG("fixed_l3_nogaps",
		BIT(PT_FEAT_FLUSH_RANGE) | BIT(PT_FEAT_FLUSH_RANGE_NO_GAPS), 64,
		52, 3, 0),
	GPT_CFG("fixed_l5", 0, 64, 52, 5, 0),
#endif
};

#define GPT_CFGS gpt_amdv1_cfgs
