/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Harness description of the Apple DART format with the 4 KiB granule
 * (dart, DART1 only) and the 16 KiB one (dart_16k, DART1 and DART2; the
 * including file defines DART_GRANULE_LG2 as 14), written from what 6.12's
 * io-pgtable-dart.c and apple-dart.c say of the hardware, not from
 * fmt/dart.h: a table is one granule of u64 entries; two levels, pages of
 * the granule at level 0 only; the IOVA bits above the two levels pick
 * one of up to 4 TTBRs, each with its level 1 table, which the harness
 * sees as a top of 2^top_concat_lg2 tables concatenated; a DART1 entry
 * holds PA bits 35:12, a DART2 entry PA bits 41:14; no dirty state; no
 * cut or reassemble (one page size).
 */
#ifndef DART_GRANULE_LG2
#define DART_GRANULE_LG2 12
#endif
#define GPT_DART_G DART_GRANULE_LG2
#define GPT_DART_S (DART_GRANULE_LG2 - 3)

static u64 gpt_dart_level_sizes(const struct gpt_cfg *cfg, unsigned int level)
{
	return level ? 0 : 1ULL << GPT_DART_G;
}

static const struct gpt_geometry gpt_dart_geometry = {
	.granule_lg2 = GPT_DART_G,
	.items_lg2 = GPT_DART_S,
	.max_top_level = 1,
	.level_sizes = gpt_dart_level_sizes,
	.oa_lg2 = GPT_DART_G == 14 ? 42 : 36,
	.has_dirty = false,
	.break_before_make = true,
};

#define GPT_GEOMETRY (&gpt_dart_geometry)

/* @_ttbrs_lg2: the level 1 tables of 2^n TTBRs side by side */
#define GPT_CFG(_name, _features, _ias, _oas, _ttbrs_lg2)                \
	{ .name = _name, .features = (_features), .vasz_lg2 = (_ias),    \
	  .oasz_lg2 = (_oas), .level = 1, .top_concat_lg2 = (_ttbrs_lg2) }

#define GPT_DART_FLUSH BIT(PT_FEAT_FLUSH_RANGE)

static const struct gpt_cfg gpt_dart_cfgs[] = {
#if GPT_DART_G == 12
	/* 4 TTBRs, 2, one full table, a top of 8 items */
	GPT_CFG("dart1_ias32_4ttbr", GPT_DART_FLUSH, 32, 36, 2),
	GPT_CFG("dart1_ias31_2ttbr", 0, 31, 32, 1),
	GPT_CFG("dart1_ias30", GPT_DART_FLUSH, 30, 36, 0),
	GPT_CFG("dart1_ias24_oas30", 0, 24, 30, 0),
#else
	GPT_CFG("dart1_ias36", GPT_DART_FLUSH, 36, 36, 0),
	GPT_CFG("dart2_ias38_4ttbr",
		GPT_DART_FLUSH | BIT(PT_FEAT_DART_V2), 38, 42, 2),
	GPT_CFG("dart2_ias37_2ttbr_always_no_cache",
		BIT(PT_FEAT_DART_V2) | BIT(PT_FEAT_DART2_ALWAYS_NO_CACHE), 37,
		40, 1),
	GPT_CFG("dart2_ias30", GPT_DART_FLUSH | BIT(PT_FEAT_DART_V2), 30,
		42, 0),
#endif
};

#define GPT_CFGS gpt_dart_cfgs
