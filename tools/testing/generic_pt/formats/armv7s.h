/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Harness description of the Arm VMSAv7 short-descriptor (ARMv7s) format,
 * written from the Arm ARM (DDI0406C.d, B3.5), not from fmt/armv7s.h: u32
 * descriptors; a first level of one item per 1 MiB, 2^(IAS - 20) of them
 * in a table that TTBR0 (TTBCR.N = 0) places on a 16 KiB boundary, so it
 * takes 16 KiB whatever the IAS; second level tables of 256 items in
 * 1 KiB; small pages of 4 KiB and large pages of 64 KiB (16 items) at the
 * second level, sections of 1 MiB and supersections of 16 MiB (16 items)
 * at the first; 32-bit output addresses, table addresses included (the
 * tables sit below 4 GiB); no dirty state; no block replaced by a table
 * or back without break-before-make.
 */
static u64 gpt_armv7s_level_sizes(const struct gpt_cfg *cfg,
				  unsigned int level)
{
	if (level == 0)
		return BIT_ULL(12) | BIT_ULL(16);
	if (level == 1)
		return BIT_ULL(20) | BIT_ULL(24);
	return 0;
}

static const struct gpt_geometry gpt_armv7s_geometry = {
	.granule_lg2 = 12,
	.items_lg2 = 8,
	.level_items_lg2 = { [1] = 12 },
	.table_lg2 = 10,
	.top_lg2 = 14,
	.max_top_level = 1,
	.level_sizes = gpt_armv7s_level_sizes,
	.oa_lg2 = 32,
	.has_dirty = false,
	.break_before_make = true,
};

#define GPT_GEOMETRY (&gpt_armv7s_geometry)

#define GPT_CFG(_name, _features, _ias, _oas)                            \
	{ .name = _name, .features = (_features), .vasz_lg2 = (_ias),    \
	  .oasz_lg2 = (_oas), .level = 1 }

/*
 * A full top, NS, a 16 item top (the smallest holding a supersection)
 * with a narrower OA, and the smallest top of 2 items
 */
static const struct gpt_cfg gpt_armv7s_cfgs[] = {
	GPT_CFG("ias32_oas32", BIT(PT_FEAT_FLUSH_RANGE), 32, 32),
	GPT_CFG("ias32_oas32_ns", BIT(PT_FEAT_ARMV7S_NS), 32, 32),
	GPT_CFG("ias24_oas30", BIT(PT_FEAT_FLUSH_RANGE), 24, 30),
	GPT_CFG("ias21_oas32", 0, 21, 32),
};

#define GPT_CFGS gpt_armv7s_cfgs
