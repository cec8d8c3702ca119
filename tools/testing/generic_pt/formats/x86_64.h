/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Harness description of the x86-64 (AMD v2 / VT-d first stage) format,
 * written from the Intel SDM / AMD APM paging chapters, not from
 * fmt/x86_64.h: 512 entries per table, 4 or 5 levels, leaves of 4 KiB,
 * 2 MiB (PS) and 1 GiB (PS), no contiguous entries, 52-bit OA, a dirty
 * bit, the VA sign extended from its top bit. Writable leaves are mapped
 * with A and D already set, so the IOMMU never writes a PTE.
 */
static u64 gpt_x86_64_level_sizes(const struct gpt_cfg *cfg,
				  unsigned int level)
{
	return level <= 2 ? 1ULL << (12 + 9 * level) : 0;
}

static const struct gpt_geometry gpt_x86_64_geometry = {
	.granule_lg2 = 12,
	.items_lg2 = 9,
	.max_top_level = 4,
	.level_sizes = gpt_x86_64_level_sizes,
	.oa_lg2 = 52,
	.has_dirty = true,
	.write_starts_dirty = true,
};

#define GPT_GEOMETRY (&gpt_x86_64_geometry)
#define GPT_FILL_CFG(fmt_cfg, gpt_cfg) \
	((fmt_cfg)->top_level = (gpt_cfg)->level)

#define GPT_CFG(_name, _features, _vasz, _oasz, _level, _sme)           \
	{ .name = _name, .features = (_features), .vasz_lg2 = (_vasz),   \
	  .oasz_lg2 = (_oasz), .level = (_level), .sme_mask = (_sme) }

static const struct gpt_cfg gpt_x86_64_cfgs[] = {
	GPT_CFG("4lvl_va48_sign", BIT(PT_FEAT_SIGN_EXTEND) |
		BIT(PT_FEAT_FLUSH_RANGE), 48, 52, 3, 0),
	GPT_CFG("5lvl_va57_sign_nogaps", BIT(PT_FEAT_SIGN_EXTEND) |
		BIT(PT_FEAT_FLUSH_RANGE) | BIT(PT_FEAT_FLUSH_RANGE_NO_GAPS),
		57, 52, 4, 0),
	GPT_CFG("4lvl_va48_lower", 0, 48, 46, 3, 0),
	/* VT-d first stage without page-walk coherency, MGAW 39 */
	GPT_CFG("4lvl_va39_incoherent", BIT(PT_FEAT_DMA_INCOHERENT) |
		BIT(PT_FEAT_FLUSH_RANGE), 39, 52, 3, 0),
};

#define GPT_CFGS gpt_x86_64_cfgs
