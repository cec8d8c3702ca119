/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Harness description of the Arm VMSAv8-64 (LPAE) format with the 4 KiB
 * granule, written from the Arm ARM (DDI0487, D8.2 and D8.3), not from
 * fmt/armv8.h: 512 descriptors per table, 4 KiB pages and 2 MiB and 1 GiB
 * blocks (levels 3, 2 and 1 of the Arm ARM, 0 to 2 here), no level 0
 * block, at most 4 levels, the levels and the top table from the IAS, at
 * stage 2 up to 16 tables concatenated at the initial lookup level, a
 * 48-bit OA, no contiguous entries as written, no sign extension. Dirty
 * state only at stage 1 with DBM, where writable leaves are born dirty and
 * read-only ones, without DBM, can never be dirtied.
 */
static u64 gpt_armv8_level_sizes(const struct gpt_cfg *cfg,
				 unsigned int level)
{
	return level <= 2 ? 1ULL << (12 + 9 * level) : 0;
}

static const struct gpt_geometry gpt_armv8_geometry = {
	.granule_lg2 = 12,
	.items_lg2 = 9,
	.max_top_level = 3,
	.level_sizes = gpt_armv8_level_sizes,
	.oa_lg2 = 48,
	.has_dirty = true,
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

static const struct gpt_cfg gpt_armv8_cfgs[] = {
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
};

#define GPT_CFGS gpt_armv8_cfgs
