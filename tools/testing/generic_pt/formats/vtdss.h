/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Harness description of the VT-d second stage format, written from the
 * VT-d specification's second stage paging entries, not from fmt/vtdss.h:
 * 512 entries per table, 3, 4 or 5 levels (top level 2 to 4) with the
 * usable VA width apart from them (MGAW below what the levels reach),
 * leaves of 4 KiB, 2 MiB (PS, SS-PDE) and 1 GiB (PS, SS-PDPE) where the
 * superpage capability offers them, no contiguous entries, 52-bit OA, a
 * dirty bit (D, bit 9) that mapping never sets, no sign extension.
 */
static u64 gpt_vtdss_level_sizes(const struct gpt_cfg *cfg,
				 unsigned int level)
{
	return level <= cfg->max_leaf_level ? 1ULL << (12 + 9 * level) : 0;
}

static const struct gpt_geometry gpt_vtdss_geometry = {
	.granule_lg2 = 12,
	.items_lg2 = 9,
	.max_top_level = 4,
	.level_sizes = gpt_vtdss_level_sizes,
	.oa_lg2 = 52,
	.has_dirty = true,
};

#define GPT_GEOMETRY (&gpt_vtdss_geometry)
static void gpt_vtdss_fill_cfg(struct pt_iommu_vtdss_cfg *cfg,
			       const struct gpt_cfg *gcfg)
{
	cfg->top_level = gcfg->level;
	cfg->max_leaf_level = gcfg->max_leaf_level;
}

#define GPT_FILL_CFG gpt_vtdss_fill_cfg

#define GPT_CFG(_name, _features, _vasz, _oasz, _level, _leaf)           \
	{ .name = _name, .features = (_features), .vasz_lg2 = (_vasz),   \
	  .oasz_lg2 = (_oasz), .level = (_level),                        \
	  .max_leaf_level = (_leaf) }
/* A nesting parent: forced writeable, so its leaves are all writable */
#define GPT_CFG_FW(_name, _features, _vasz, _oasz, _level, _leaf)        \
	{ .name = _name,                                                 \
	  .features = (_features) | BIT(PT_FEAT_VTDSS_FORCE_WRITEABLE),  \
	  .vasz_lg2 = (_vasz), .oasz_lg2 = (_oasz), .level = (_level),   \
	  .max_leaf_level = (_leaf), .read_only_is_rw = true }

#define GPT_VTDSS_FLUSH BIT(PT_FEAT_FLUSH_RANGE)
#define GPT_VTDSS_NO_GAPS \
	(BIT(PT_FEAT_FLUSH_RANGE) | BIT(PT_FEAT_FLUSH_RANGE_NO_GAPS))
#define GPT_VTDSS_SNP BIT(PT_FEAT_VTDSS_FORCE_COHERENCE)

static const struct gpt_cfg gpt_vtdss_cfgs[] = {
	/* 3, 4 and 5 levels as SAGAW and MGAW agree, every superpage */
	GPT_CFG("3lvl_va39_sp2", GPT_VTDSS_FLUSH, 39, 52, 2, 2),
	GPT_CFG("4lvl_va48_sp2_nogaps_snp", GPT_VTDSS_NO_GAPS | GPT_VTDSS_SNP,
		48, 46, 3, 2),
	GPT_CFG("5lvl_va57_sp1", GPT_VTDSS_FLUSH, 57, 52, 4, 1),
	/* The top larger than the VA needs, and no or fewer superpages */
	GPT_CFG("4lvl_va39_sp0", 0, 39, 52, 3, 0),
	GPT_CFG("4lvl_va42_sp2", GPT_VTDSS_FLUSH, 42, 46, 3, 2),
	GPT_CFG("5lvl_va48_sp2", GPT_VTDSS_NO_GAPS, 48, 52, 4, 2),
	/* A nesting parent on hardware with ERRATA_772415_SPR17 */
	GPT_CFG_FW("4lvl_va48_sp2_fw", GPT_VTDSS_FLUSH, 48, 52, 3, 2),
	/* Without page-walk coherency: every table write written back */
	GPT_CFG("4lvl_va48_sp2_incoherent",
		GPT_VTDSS_FLUSH | BIT(PT_FEAT_DMA_INCOHERENT), 48, 52, 3, 2),
	GPT_CFG("3lvl_va39_sp1_incoherent_nogaps",
		GPT_VTDSS_NO_GAPS | BIT(PT_FEAT_DMA_INCOHERENT), 39, 46, 2, 1),
};

#define GPT_CFGS gpt_vtdss_cfgs
