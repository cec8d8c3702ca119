/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Harness description of the Arm VMSAv8-64 (LPAE) format, for the 4 KiB,
 * 16 KiB and 64 KiB granules (ARMV8_GRANULE_LG2, defined by the kernel's
 * iommu_armv8_16k.c and iommu_armv8_64k.c before this is included, or
 * not: 4 KiB), written from the Arm ARM (DDI0487, D8.2 and D8.3), not
 * from fmt/armv8.h: a granule of 8 byte descriptors per table; pages of
 * the granule; blocks of 2 MiB and 1 GiB (4 KiB), 32 MiB (16 KiB), 512 MiB
 * and, with a 52-bit OA, 4 TiB (64 KiB); at most 4 levels (3 with 64 KiB),
 * the levels and the top table from the IAS, at stage 2 up to 16 tables
 * concatenated at the initial lookup level, a 48-bit OA (52 with 64 KiB),
 * no contiguous entries as written, no sign extension. Dirty state only at
 * stage 1 with DBM, where writable leaves are born dirty and read-only
 * ones, without DBM, can never be dirtied.
 */
#ifndef ARMV8_GRANULE_LG2
#define ARMV8_GRANULE_LG2 12
#endif
#define GPT_ARMV8_G ARMV8_GRANULE_LG2
#define GPT_ARMV8_S (ARMV8_GRANULE_LG2 - 3)

static u64 gpt_armv8_level_sizes(const struct gpt_cfg *cfg,
				 unsigned int level)
{
	unsigned int max_level = GPT_ARMV8_G == 14 ? 1 : 2;

	/* A 64 KiB level 2 (the Arm ARM's level 1) block needs FEAT_LPA */
	if (GPT_ARMV8_G == 16 && level == 2 && cfg->oasz_lg2 <= 48)
		return 0;
	return level <= max_level ?
		       1ULL << (GPT_ARMV8_G + GPT_ARMV8_S * level) : 0;
}

static const struct gpt_geometry gpt_armv8_geometry = {
	.granule_lg2 = GPT_ARMV8_G,
	.items_lg2 = GPT_ARMV8_S,
	.max_top_level = GPT_ARMV8_G == 16 ? 2 : 3,
	.level_sizes = gpt_armv8_level_sizes,
	.oa_lg2 = GPT_ARMV8_G == 16 ? 52 : 48,
	.has_dirty = true,
	/* Arm ARM: a block and a table replace each other only by BBM */
	.break_before_make = true,
};

#define GPT_GEOMETRY (&gpt_armv8_geometry)

/*
 * @_level: the top level the IAS gives, one down for a concatenated top.
 * Without DBM there is no dirty tracking; with it (GPT_CFG_DBM) writable
 * leaves are born dirty.
 */
#define GPT_CFG(_name, _features, _ias, _oas, _level, _concat)          \
	{ .name = _name, .features = (_features), .vasz_lg2 = (_ias),    \
	  .oasz_lg2 = (_oas), .level = (_level),                         \
	  .top_concat_lg2 = (_concat), .no_dirty = true }
#define GPT_CFG_DBM(_name, _features, _ias, _oas, _level)               \
	{ .name = _name,                                                 \
	  .features = (_features) | BIT(PT_FEAT_ARMV8_DBM),              \
	  .vasz_lg2 = (_ias), .oasz_lg2 = (_oas), .level = (_level),     \
	  .write_starts_dirty = true, .dirty_only_writable = true }

#define GPT_ARMV8_FLUSH BIT(PT_FEAT_FLUSH_RANGE)
#define GPT_ARMV8_S2 BIT(PT_FEAT_ARMV8_S2)
#define GPT_ARMV8_LPAE32 BIT(PT_FEAT_ARMV8_LPAE32)

static const struct gpt_cfg gpt_armv8_cfgs[] = {
#if GPT_ARMV8_G == 12
	/* Stage 1: 4 levels with a full or a 2 item top, 3 levels */
	GPT_CFG("s1_ias48_oas48", GPT_ARMV8_FLUSH, 48, 48, 3, 0),
	GPT_CFG("s1_ias40_oas44_ns", BIT(PT_FEAT_ARMV8_NS), 40, 44, 3, 0),
	GPT_CFG_DBM("s1_ias32_oas32_dbm", GPT_ARMV8_FLUSH, 32, 32, 2),
	/* Stage 2: a full top, concatenated tops of 2 and 16 tables */
	GPT_CFG("s2_ias48_oas48", GPT_ARMV8_S2 | GPT_ARMV8_FLUSH, 48, 48, 3,
		0),
	GPT_CFG("s2_ias40_oas40", GPT_ARMV8_S2 | GPT_ARMV8_FLUSH, 40, 40, 2,
		1),
	GPT_CFG("s2_ias43_oas44", GPT_ARMV8_S2, 43, 44, 2, 4),
	GPT_CFG("s2_ias33_oas36", GPT_ARMV8_S2 | GPT_ARMV8_FLUSH, 33, 36, 2,
		0),
	/* Walkers without coherency: every table write written back */
	GPT_CFG_DBM("s1_ias48_oas48_dbm_incoherent",
		    GPT_ARMV8_FLUSH | BIT(PT_FEAT_DMA_INCOHERENT), 48, 48, 3),
	GPT_CFG("s2_ias42_oas42_incoherent",
		GPT_ARMV8_S2 | BIT(PT_FEAT_DMA_INCOHERENT), 42, 42, 2, 3),
	/*
	 * VMSAv7 LPAE (DDI0406C B3.6): the same descriptors, a 32-bit IAS
	 * at stage 1 (a 4 item top), 40 at stage 2 (2 tables), a 40-bit OA
	 */
	GPT_CFG("lpae32_s1_ias32_oas40", GPT_ARMV8_FLUSH | GPT_ARMV8_LPAE32,
		32, 40, 2, 0),
	GPT_CFG_DBM("lpae32_s1_ias30_oas32_dbm_ns",
		    GPT_ARMV8_LPAE32 | BIT(PT_FEAT_ARMV8_NS), 30, 32, 1),
	GPT_CFG("lpae32_s2_ias40_oas40",
		GPT_ARMV8_S2 | GPT_ARMV8_FLUSH | GPT_ARMV8_LPAE32, 40, 40, 2, 1),
#elif GPT_ARMV8_G == 14
	/* Stage 1: 4 levels with a 2 item top, 2 levels, 1 level */
	GPT_CFG("s1_ias48_oas48", GPT_ARMV8_FLUSH, 48, 48, 3, 0),
	GPT_CFG("s1_ias36_oas40_ns", BIT(PT_FEAT_ARMV8_NS), 36, 40, 1, 0),
	GPT_CFG_DBM("s1_ias25_oas32_dbm", GPT_ARMV8_FLUSH, 25, 32, 0),
	/*
	 * Stage 2: 2 tables for a 48-bit IAS (no level 0 start with 16 KiB),
	 * 16 where a 40-bit PA size forbids a level 1 start, none where a
	 * 42-bit one allows it
	 */
	GPT_CFG("s2_ias48_oas48", GPT_ARMV8_S2 | GPT_ARMV8_FLUSH, 48, 48, 2,
		1),
	GPT_CFG("s2_ias40_oas40", GPT_ARMV8_S2 | GPT_ARMV8_FLUSH, 40, 40, 1,
		4),
	GPT_CFG("s2_ias40_oas42", GPT_ARMV8_S2, 40, 42, 2, 0),
	GPT_CFG_DBM("s1_ias47_oas48_dbm_incoherent",
		    GPT_ARMV8_FLUSH | BIT(PT_FEAT_DMA_INCOHERENT), 47, 48, 2),
#else
	/* Stage 1: 52 bits (4 TiB blocks), 48, 2 levels, 1 level */
	GPT_CFG("s1_ias52_oas52", GPT_ARMV8_FLUSH, 52, 52, 2, 0),
	GPT_CFG("s1_ias48_oas48_ns", BIT(PT_FEAT_ARMV8_NS), 48, 48, 2, 0),
	GPT_CFG_DBM("s1_ias42_oas52_dbm", GPT_ARMV8_FLUSH, 42, 52, 1),
	GPT_CFG("s1_ias29_oas40", GPT_ARMV8_FLUSH, 29, 40, 0, 0),
	/*
	 * Stage 2: a level 1 start; 4 tables where a 40-bit PA size forbids
	 * it
	 */
	GPT_CFG("s2_ias52_oas52", GPT_ARMV8_S2 | GPT_ARMV8_FLUSH, 52, 52, 2,
		0),
	GPT_CFG("s2_ias44_oas40", GPT_ARMV8_S2 | GPT_ARMV8_FLUSH, 44, 40, 1,
		2),
	GPT_CFG("s2_ias48_oas48_incoherent",
		GPT_ARMV8_S2 | BIT(PT_FEAT_DMA_INCOHERENT), 48, 48, 2, 0),
#endif
};

#define GPT_CFGS gpt_armv8_cfgs
