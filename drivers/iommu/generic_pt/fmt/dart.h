/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Generic Page Table format: the Apple DART page table, DART1 (t8020,
 * t8103) and DART2 (t6000, t8110), with the 4 KiB or the 16 KiB granule:
 * one compilation per granule. The including file defines DART_GRANULE_LG2
 * as 14 (dart_16k); without it the granule is 4 KiB (dart). The granule
 * sizes the table memory (PT_TABLEMEM_LG2SZ), which the generic layer
 * allocates as a compile time constant.
 *
 * Apple publishes no DART manual. The bits are those of 6.12's
 * drivers/iommu/io-pgtable-dart.c and drivers/iommu/apple-dart.c, which
 * define them (the Asahi Linux project's reverse engineering):
 *  - a table is one granule of u64 entries: 512 (4 KiB) or 2048 (16 KiB).
 *    There are two levels: level 1 entries point at level 0 tables, level
 *    0 entries are the pages. One page size, the granule
 *  - the IOVA bits above the two levels select a TTBR, one of up to 4
 *    registers per stream, each pointing at its own level 1 table (6.12:
 *    dart_get_table()). A 32-bit IAS with 4 KiB pages needs 4 TTBRs
 *  - bit 0 marks an entry valid; an entry is a table or a page by its
 *    level alone
 *  - DART1 (io-pgtable's APPLE_DART): PA bits 35:12 in bits 35:12 of a
 *    table entry or a page; in a page, bit 8 no-read, bit 7 no-write,
 *    bit 1 subpage protection disable
 *  - DART2 (APPLE_DART2): PA bits 41:14 (PA >> 4) in bits 37:10; in a
 *    page, bit 3 no-read, bit 2 no-write, bit 1 no-cache. With no PA bits
 *    13:12 it can only have 16 KiB pages and tables: the 4 KiB
 *    compilation supports DART1 only (6.12 would drop those bits)
 *  - in a page, bits 63:52 and 51:40: the first and the last subpage the
 *    page allows DMA to; 6.12 writes 0 and 0xfff, the whole page
 *
 * Several top tables, one per TTBR: this format allocates them as one
 * top, the level 1 tables of all the TTBRs side by side in one naturally
 * aligned allocation (pt_top_memsize_lg2(), as armv8 concatenates stage 2
 * tops). Indexing that top with the IOVA bits above level 0 selects the
 * TTBR's table by the high bits and the entry by the low ones, exactly as
 * the DART does with several TTBRs, so no generic code knows about TTBRs.
 * hw_info hands the driver each table's address (top + n * granule); the
 * tables are the top, so they live as long as the domain and never move,
 * as the TTBRs need. The only difference from 6.12 (separate pages per
 * TTBR) is that the pages are contiguous.
 *
 * What this format writes:
 *  - a table entry: valid and the address, as 6.12 writes it
 *  - a page: valid, the address, the subpage range 0 to 0xfff, and the
 *    access bits for IOMMU_READ and IOMMU_WRITE. DART1: subpage protection
 *    disable. DART2: no-cache unless IOMMU_CACHE. With
 *    PT_FEAT_DART2_ALWAYS_NO_CACHE, DART2 pages get bit 1 always, as
 *    6.12 sets DART1's subpage protection disable in every page of both
 *    layouts (a bug fixed upstream later; the feature keeps 6.12's tables)
 *  - IOMMU_MMIO, IOMMU_NOEXEC and IOMMU_PRIV have no bits, as in 6.12
 */
#ifndef __GENERIC_PT_FMT_DART_H
#define __GENERIC_PT_FMT_DART_H

#include <linux/array_size.h>
#include <linux/bitfield.h>
#include <linux/bitops.h>
#include <linux/container_of.h>
#include <linux/errno.h>
#include <linux/generic_pt/iommu.h>

#include "../pt_defs.h"

#ifndef DART_GRANULE_LG2
#define DART_GRANULE_LG2 12
#endif

#if DART_GRANULE_LG2 != 12 && DART_GRANULE_LG2 != 14
#error "DART_GRANULE_LG2 is 12 or 14"
#endif

enum {
	PT_GRANULE_LG2SZ = DART_GRANULE_LG2,
	PT_TABLEMEM_LG2SZ = DART_GRANULE_LG2,
	PT_MAX_TOP_LEVEL = 1,
	/* DART2's OA field */
	PT_MAX_OUTPUT_ADDRESS_LG2 = 42,
	/* Bytes of one entry */
	DART_ITEM_LG2SZ = 3,
	DART_ITEMS_LG2 = DART_GRANULE_LG2 - DART_ITEM_LG2SZ,
	/* At most 4 TTBRs: 2 IOVA bits above the two levels */
	DART_MAX_TTBRS_LG2 = 2,
	PT_MAX_VA_ADDRESS_LG2 =
		DART_GRANULE_LG2 + 2 * DART_ITEMS_LG2 + DART_MAX_TTBRS_LG2,
	/* A top of 2 items at least */
	DART_MIN_VA_ADDRESS_LG2 = DART_GRANULE_LG2 + DART_ITEMS_LG2 + 1,
	DART1_MAX_OUTPUT_ADDRESS_LG2 = 36,
};

#define DART_FMT_VALID BIT_ULL(0)
/* DART1 page */
#define DART1_FMT_SP_DIS BIT_ULL(1)
#define DART1_FMT_NO_WRITE BIT_ULL(7)
#define DART1_FMT_NO_READ BIT_ULL(8)
#define DART1_FMT_OA GENMASK_ULL(35, 12)
/* DART2 page */
#define DART2_FMT_NO_CACHE BIT_ULL(1)
#define DART2_FMT_NO_WRITE BIT_ULL(2)
#define DART2_FMT_NO_READ BIT_ULL(3)
/* PA bits 41:14 as PA >> 4 */
#define DART2_FMT_OA GENMASK_ULL(37, 10)
#define DART2_OA_SHIFT 4
/* Both: the first and the last subpage a page allows */
#define DART_FMT_SUBPAGE_END GENMASK_ULL(51, 40)
#define DART_FMT_SUBPAGE_START GENMASK_ULL(63, 52)
#define DART_SUBPAGE_LAST 0xfff

/* The u64 item hooks of pt_fmt_defaults.h: empty when bit 0 is clear */
#define PT_ITEM64_PRESENT DART_FMT_VALID

/*
 * DART2 only with 16 KiB pages: its address field starts at PA bit 14, so
 * a 4 KiB page or table could not be pointed at
 */
#if DART_GRANULE_LG2 == 14
#define PT_FMT_FEATURES                                                 \
	(BIT(PT_FEAT_FLUSH_RANGE) | BIT(PT_FEAT_DART_V2) |              \
	 BIT(PT_FEAT_DART2_ALWAYS_NO_CACHE))
#else
#define PT_FMT_FEATURES BIT(PT_FEAT_FLUSH_RANGE)
#endif

static inline u64 *dartpt_items(const struct pt_state *pts)
{
	return (u64 *)pts->table;
}

static inline struct pt_dart *dartpt_of(const struct pt_common *common)
{
	return container_of(common, struct pt_dart, common);
}

static inline bool dartpt_v2(const struct pt_common *common)
{
	return pt_feature(common, PT_FEAT_DART_V2);
}

/* An output address as an entry holds it */
static inline u64 dartpt_oa_to_entry(const struct pt_common *common,
				     pt_oaddr_t oa)
{
	if (dartpt_v2(common))
		return ((u64)oa >> DART2_OA_SHIFT) & DART2_FMT_OA;
	return (u64)oa & DART1_FMT_OA;
}

static inline pt_oaddr_t dartpt_entry_to_oa(const struct pt_common *common,
					    u64 entry)
{
	if (dartpt_v2(common))
		return (entry & DART2_FMT_OA) << DART2_OA_SHIFT;
	return entry & DART1_FMT_OA;
}

static inline unsigned int dartpt_table_item_lg2sz(const struct pt_state *pts)
{
	return PT_GRANULE_LG2SZ + DART_ITEMS_LG2 * pts->level;
}

#define pt_table_item_lg2sz dartpt_table_item_lg2sz

/* The top holds the level 1 tables of every TTBR; a level 0 table, all */
static inline unsigned int dartpt_num_items_lg2(const struct pt_state *pts)
{
	if (pts->level == 1)
		return dartpt_of(pts->range->common)->top_items_lg2;
	return DART_ITEMS_LG2;
}

#define pt_num_items_lg2 dartpt_num_items_lg2

/* One granule per TTBR, and at least one */
static inline unsigned int
dartpt_top_memsize_lg2(const struct pt_common *common)
{
	return max_t(unsigned int, PT_TABLEMEM_LG2SZ,
		     dartpt_of(common)->top_items_lg2 + DART_ITEM_LG2SZ);
}

#define pt_top_memsize_lg2 dartpt_top_memsize_lg2

/* Pages only, at level 0 */
static inline u64 dartpt_possible_sizes(const struct pt_state *pts)
{
	if (pts->level)
		return 0;
	return log2_to_int(PT_GRANULE_LG2SZ);
}

#define pt_possible_sizes dartpt_possible_sizes

static __always_inline enum pt_entry_type
dartpt_load_entry_raw(struct pt_state *pts)
{
	u64 entry = READ_ONCE(dartpt_items(pts)[pts->index]);

	pts->entry = entry;
	if (!(entry & DART_FMT_VALID))
		return PT_ENTRY_EMPTY;
	if (pts->level == 0)
		return PT_ENTRY_OA;
	return PT_ENTRY_TABLE;
}

#define pt_load_entry_raw dartpt_load_entry_raw

static inline pt_oaddr_t dartpt_table_pa(const struct pt_state *pts)
{
	return dartpt_entry_to_oa(pts->range->common, pts->entry);
}

#define pt_table_pa dartpt_table_pa

static inline pt_oaddr_t dartpt_entry_oa(const struct pt_state *pts)
{
	/* DART1's field starts at 4 KiB: drop bits below a 16 KiB page */
	return log2_align_down(dartpt_entry_to_oa(pts->range->common,
						  pts->entry),
			       PT_GRANULE_LG2SZ);
}

#define pt_entry_oa dartpt_entry_oa

static __always_inline void
dartpt_install_leaf_entry(struct pt_state *pts, pt_oaddr_t oa,
			  unsigned int oasz_lg2,
			  const struct pt_write_attrs *attrs)
{
	u64 entry = attrs->descriptor_bits | DART_FMT_VALID |
		    dartpt_oa_to_entry(pts->range->common, oa);

	/* Every leaf is one page at level 0 */
	PT_WARN_ON(oasz_lg2 != PT_GRANULE_LG2SZ || pts->level);
	WRITE_ONCE(dartpt_items(pts)[pts->index], entry);
	pts->entry = entry;
}

#define pt_install_leaf_entry dartpt_install_leaf_entry

static inline bool dartpt_install_table(struct pt_state *pts,
					pt_oaddr_t table_pa,
					const struct pt_write_attrs *attrs)
{
	u64 entry = DART_FMT_VALID |
		    dartpt_oa_to_entry(pts->range->common, table_pa);

	/* Fully ordered: the zeroed table is visible before the pointer */
	return try_cmpxchg64(&dartpt_items(pts)[pts->index], &pts->entry,
			     entry);
}

#define pt_install_table dartpt_install_table

/* The access a page grants: read and write unless their no-bits are set */
static inline unsigned int dartpt_entry_iommu_prot(const struct pt_state *pts)
{
	bool v2 = dartpt_v2(pts->range->common);
	u64 no_read = v2 ? DART2_FMT_NO_READ : DART1_FMT_NO_READ;
	u64 no_write = v2 ? DART2_FMT_NO_WRITE : DART1_FMT_NO_WRITE;

	return (pts->entry & no_read ? 0 : IOMMU_READ) |
	       (pts->entry & no_write ? 0 : IOMMU_WRITE);
}

#define pt_entry_iommu_prot dartpt_entry_iommu_prot

/* Every bit of a page but the address and valid */
static inline void dartpt_attr_from_entry(const struct pt_state *pts,
					  struct pt_write_attrs *attrs)
{
	u64 oa = dartpt_v2(pts->range->common) ? DART2_FMT_OA : DART1_FMT_OA;

	attrs->descriptor_bits = pts->entry & ~(oa | DART_FMT_VALID);
}

#define pt_attr_from_entry dartpt_attr_from_entry

/*
 * Nothing says how a DART walker treats a valid entry replaced under it,
 * and there is one page size, so no leaf could be cut or reassembled
 * anyway: cut and reassemble refuse (-EOPNOTSUPP)
 */
static inline bool dartpt_can_resize_hitless(const struct pt_common *common)
{
	return false;
}

#define pt_can_resize_hitless dartpt_can_resize_hitless

/* --- IOMMU glue: only used by iommu_pt.h --- */

/* The 16 KiB hw_info struct wraps the 4 KiB one */
#if DART_GRANULE_LG2 == 12
#define dartpt_hw(hw_info) (hw_info)
#else
#define dartpt_hw(hw_info) (&(hw_info)->hw)
#endif

/**
 * dartpt_iommu_set_prot() - encode IOMMU_* prot into page bits
 * @common: the table
 * @attrs: receives the page bits
 * @iommu_prot: IOMMU_READ / IOMMU_WRITE / IOMMU_CACHE; the rest have no bit
 *
 * See the top of this file for the bits of each layout.
 *
 * Return: 0; iommu_pt.h has already rejected prot without read or write
 */
static inline int dartpt_iommu_set_prot(struct pt_common *common,
					struct pt_write_attrs *attrs,
					unsigned int iommu_prot)
{
	u64 bits = FIELD_PREP(DART_FMT_SUBPAGE_START, 0) |
		   FIELD_PREP(DART_FMT_SUBPAGE_END, DART_SUBPAGE_LAST);

	if (dartpt_v2(common)) {
		if (!(iommu_prot & IOMMU_READ))
			bits |= DART2_FMT_NO_READ;
		if (!(iommu_prot & IOMMU_WRITE))
			bits |= DART2_FMT_NO_WRITE;
		if (!(iommu_prot & IOMMU_CACHE) ||
		    pt_feature(common, PT_FEAT_DART2_ALWAYS_NO_CACHE))
			bits |= DART2_FMT_NO_CACHE;
	} else {
		if (!(iommu_prot & IOMMU_READ))
			bits |= DART1_FMT_NO_READ;
		if (!(iommu_prot & IOMMU_WRITE))
			bits |= DART1_FMT_NO_WRITE;
		bits |= DART1_FMT_SP_DIS;
	}
	attrs->descriptor_bits = bits;
	return 0;
}

#define pt_iommu_set_prot dartpt_iommu_set_prot

/**
 * dartpt_iommu_fmt_init() - the top table from the IAS
 * @table: the table being initialised
 * @cfg: the configuration
 *
 * The top holds the level 1 tables of 2^(IAS - granule - 2 * items) TTBRs,
 * or one table when the IAS fits two levels.
 *
 * Return: 1, the level of the top, or -EINVAL: an IAS outside the range
 * (see &struct pt_iommu_dart_cfg), one needing more TTBRs than
 * @cfg->max_ttbrs, a DART1 OAS above 36 bits, or
 * PT_FEAT_DART2_ALWAYS_NO_CACHE on DART1
 */
static inline int dartpt_iommu_fmt_init(struct pt_iommu_dart *table,
					const struct pt_iommu_dart_cfg *cfg)
{
	unsigned int vasz_lg2 = cfg->common.hw_max_vasz_lg2;
	unsigned int features = cfg->common.features;
	unsigned int max_ttbrs = cfg->max_ttbrs ?: 1U << DART_MAX_TTBRS_LG2;
	unsigned int top_items_lg2;

	if (vasz_lg2 < DART_MIN_VA_ADDRESS_LG2 ||
	    vasz_lg2 > PT_MAX_VA_ADDRESS_LG2)
		return -EINVAL;
	if (!(features & BIT(PT_FEAT_DART_V2)) &&
	    (cfg->common.hw_max_oasz_lg2 > DART1_MAX_OUTPUT_ADDRESS_LG2 ||
	     (features & BIT(PT_FEAT_DART2_ALWAYS_NO_CACHE))))
		return -EINVAL;
	top_items_lg2 = vasz_lg2 - (PT_GRANULE_LG2SZ + DART_ITEMS_LG2);
	if (top_items_lg2 > DART_ITEMS_LG2 &&
	    BIT(top_items_lg2 - DART_ITEMS_LG2) > max_ttbrs)
		return -EINVAL;
	table->dart_pt.top_items_lg2 = top_items_lg2;
	return 1;
}

#define pt_iommu_fmt_init dartpt_iommu_fmt_init

/**
 * dartpt_iommu_fmt_hw_info() - what apple-dart writes into the TTBRs
 * @table: the table
 * @top_pa: physical address of the top, the first TTBR's table
 * @top_level: its level, always 1
 * @hw_info: receives the address of each TTBR's table and their number
 */
static inline void
dartpt_iommu_fmt_hw_info(struct pt_iommu_dart *table, pt_oaddr_t top_pa,
			 unsigned int top_level,
			 struct pt_iommu_table_hw_info *hw_info)
{
	struct pt_iommu_dart_hw_info *info = dartpt_hw(hw_info);
	unsigned int top_items_lg2 = table->dart_pt.top_items_lg2;
	unsigned int i;

	info->n_ttbrs = top_items_lg2 > DART_ITEMS_LG2 ?
				BIT(top_items_lg2 - DART_ITEMS_LG2) :
				1;
	for (i = 0; i != ARRAY_SIZE(info->ttbr); i++)
		info->ttbr[i] = i < info->n_ttbrs ?
					top_pa + i * log2_to_int(PT_GRANULE_LG2SZ) :
					0;
}

#define pt_iommu_fmt_hw_info dartpt_iommu_fmt_hw_info

/* Member of struct pt_iommu_dart holding the struct pt_common */
#define PT_FMT_MEMBER dart_pt

#endif
