/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Generic Page Table format: AMD IOMMU v1 (host) page table.
 *
 * Facts from the AMD I/O Virtualization Technology (IOMMU) Specification,
 * "I/O Page Tables for Host Translations":
 *  - 4 KiB tables of 512 u64 entries, up to 6 levels (DTE Mode 1..6);
 *    level 0 here is AMD level 1 (4 KiB PTEs)
 *  - bit 0 PR, bit 5 A, bit 6 D, bits 11:9 Next Level, bits 51:12 address,
 *    bit 59 U, bit 60 FC, bit 61 IR, bit 62 IW
 *  - a PDE's Next Level is the level of the table it points to (AMD
 *    numbering, so it equals our level of the PDE's own table)
 *  - Next Level 0 is a leaf of the level's natural size; Next Level 7 is a
 *    leaf whose size is a power of two between the natural sizes, encoded
 *    in the address field as 1s up to the bit below the size's msb, which
 *    is 0. Such a leaf is replicated into every entry it spans, so it is a
 *    contiguous entry here.
 *  - the D bit may be set in only one of the replicated entries.
 *  - 512 GiB leaves are not supported (erratum listed in AMD_IOMMU_PGSIZES)
 *
 * With AMDV1_MOCK defined the same layout is compiled with a 2 KiB granule
 * for the iommufd selftest: addresses are stored shifted up one bit, so
 * every entry still looks like an AMD entry.
 */
#ifndef __GENERIC_PT_FMT_AMDV1_H
#define __GENERIC_PT_FMT_AMDV1_H

#include <linux/bitfield.h>
#include <linux/bitops.h>
#include <linux/errno.h>
#include <linux/generic_pt/iommu.h>
#include <linux/mem_encrypt.h>
#include <linux/sizes.h>

#include "../pt_defs.h"

enum {
#ifdef AMDV1_MOCK
	PT_GRANULE_LG2SZ = 11,
	PT_MAX_TOP_LEVEL = 3,
	PT_MAX_OUTPUT_ADDRESS_LG2 = 51,
#else
	PT_GRANULE_LG2SZ = 12,
	PT_MAX_TOP_LEVEL = 5,
	PT_MAX_OUTPUT_ADDRESS_LG2 = 52,
#endif
	PT_MAX_VA_ADDRESS_LG2 = 64,
	PT_TABLEMEM_LG2SZ = 12,
	AMDV1PT_ITEMS_LG2 = 9,
	/* How far an OA is shifted up to land in the address field */
	AMDV1PT_OA_SHIFT = 12 - PT_GRANULE_LG2SZ,
	/* A contiguous leaf spans at most 256 items; 512 is the next level */
	AMDV1PT_MAX_CONTIG_LG2 = AMDV1PT_ITEMS_LG2 - 1,
};

#define AMDV1PT_FMT_PR BIT_ULL(0)
#define AMDV1PT_FMT_D BIT_ULL(6)
#define AMDV1PT_FMT_NEXT_LEVEL GENMASK_ULL(11, 9)
#define AMDV1PT_FMT_OA GENMASK_ULL(51, 12)
#define AMDV1PT_FMT_FC BIT_ULL(60)
#define AMDV1PT_FMT_IR BIT_ULL(61)
#define AMDV1PT_FMT_IW BIT_ULL(62)

#define AMDV1PT_FMT_NL_DEFAULT 0
#define AMDV1PT_FMT_NL_SIZE 7

#ifdef AMDV1_MOCK
#define PT_FMT_FEATURES (BIT(PT_FEAT_DYNAMIC_TOP) | BIT(PT_FEAT_FLUSH_RANGE))
#else
#define PT_FMT_FEATURES                                                    \
	(BIT(PT_FEAT_DYNAMIC_TOP) | BIT(PT_FEAT_FLUSH_RANGE) |              \
	 BIT(PT_FEAT_FLUSH_RANGE_NO_GAPS) |                                 \
	 BIT(PT_FEAT_AMDV1_ENCRYPT_TABLES) |                                \
	 BIT(PT_FEAT_AMDV1_FORCE_COHERENCE))
#endif

static inline u64 *amdv1pt_items(const struct pt_state *pts)
{
	return (u64 *)pts->table;
}

/* Output address <-> address field, SME C-bit stripped */
static inline u64 amdv1pt_oa_to_field(pt_oaddr_t oa)
{
	return (oa << AMDV1PT_OA_SHIFT) & AMDV1PT_FMT_OA;
}

static inline pt_oaddr_t amdv1pt_field_to_oa(u64 entry)
{
	return __sme_clr(entry & AMDV1PT_FMT_OA) >> AMDV1PT_OA_SHIFT;
}

static inline unsigned int amdv1pt_table_item_lg2sz(const struct pt_state *pts)
{
	return PT_GRANULE_LG2SZ + AMDV1PT_ITEMS_LG2 * pts->level;
}

#define pt_table_item_lg2sz amdv1pt_table_item_lg2sz

static inline unsigned int amdv1pt_num_items_lg2(const struct pt_state *pts)
{
	return AMDV1PT_ITEMS_LG2;
}

#define pt_num_items_lg2 amdv1pt_num_items_lg2

static inline u64 amdv1pt_possible_sizes(const struct pt_state *pts)
{
	unsigned int item_lg2sz = amdv1pt_table_item_lg2sz(pts);
	unsigned int max_lg2sz = min_t(unsigned int,
				       item_lg2sz + AMDV1PT_MAX_CONTIG_LG2,
				       PT_MAX_OUTPUT_ADDRESS_LG2 - 1);
	u64 sizes;

	if (item_lg2sz > max_lg2sz)
		return 0;
	sizes = GENMASK_ULL(max_lg2sz, item_lg2sz);
#ifndef AMDV1_MOCK
	/* The hardware cannot use a 512 GiB leaf */
	sizes &= ~(u64)SZ_512G;
#endif
	return sizes;
}

#define pt_possible_sizes amdv1pt_possible_sizes

static __always_inline enum pt_entry_type
amdv1pt_load_entry_raw(struct pt_state *pts)
{
	u64 entry = READ_ONCE(amdv1pt_items(pts)[pts->index]);
	unsigned int next_level = FIELD_GET(AMDV1PT_FMT_NEXT_LEVEL, entry);

	pts->entry = entry;
	if (!(entry & AMDV1PT_FMT_PR))
		return PT_ENTRY_EMPTY;
	if (pts->level == 0 || next_level == AMDV1PT_FMT_NL_DEFAULT ||
	    next_level == AMDV1PT_FMT_NL_SIZE)
		return PT_ENTRY_OA;
	return PT_ENTRY_TABLE;
}

#define pt_load_entry_raw amdv1pt_load_entry_raw

static inline pt_oaddr_t amdv1pt_table_pa(const struct pt_state *pts)
{
	return amdv1pt_field_to_oa(pts->entry);
}

#define pt_table_pa amdv1pt_table_pa

static __always_inline unsigned int
amdv1pt_entry_num_contig_lg2(const struct pt_state *pts)
{
	u64 field;

	if (FIELD_GET(AMDV1PT_FMT_NEXT_LEVEL, pts->entry) !=
	    AMDV1PT_FMT_NL_SIZE)
		return 0;
	/*
	 * Bits 12 .. size_lg2 - 2 of the field are 1 and bit size_lg2 - 1 is
	 * 0, where size_lg2 is counted in field units. The size is in
	 * items of this level.
	 */
	field = __sme_clr(pts->entry & AMDV1PT_FMT_OA) >> 12;
	return __ffs64(~field) + 1 + 12 - AMDV1PT_OA_SHIFT -
	       amdv1pt_table_item_lg2sz(pts);
}

#define pt_entry_num_contig_lg2 amdv1pt_entry_num_contig_lg2

static inline pt_oaddr_t amdv1pt_entry_oa(const struct pt_state *pts)
{
	unsigned int oasz_lg2 = amdv1pt_table_item_lg2sz(pts) +
				amdv1pt_entry_num_contig_lg2(pts);

	return log2_align_down(amdv1pt_field_to_oa(pts->entry), oasz_lg2);
}

#define pt_entry_oa amdv1pt_entry_oa

/*
 * Store @entry into the 2^num_lg2 items of one entry, each with one 64-bit
 * store the IOMMU sees whole. The common single item skips the loop; a
 * replicated entry has an even number of items, stored in pairs.
 */
static inline void amdv1pt_write_items(u64 *items, unsigned int num_lg2,
				       u64 entry)
{
	u64 *end = items + (1U << num_lg2);

	if (likely(!num_lg2)) {
		WRITE_ONCE(items[0], entry);
		return;
	}
	for (; items != end; items += 2) {
		WRITE_ONCE(items[0], entry);
		WRITE_ONCE(items[1], entry);
	}
}

/* The word every item of a leaf of 2^@oasz_lg2 at @oa holds */
static __always_inline u64 amdv1pt_leaf_entry(const struct pt_state *pts,
					      pt_oaddr_t oa,
					      unsigned int oasz_lg2,
					      const struct pt_write_attrs *attrs)
{
	u64 entry = AMDV1PT_FMT_PR | attrs->descriptor_bits;
	u64 size;

	if (oasz_lg2 == amdv1pt_table_item_lg2sz(pts))
		return entry | amdv1pt_oa_to_field(oa);
	/* Next Level 7: the size is encoded in the low address bits */
	size = log2_to_int(oasz_lg2 + AMDV1PT_OA_SHIFT);
	return entry |
	       FIELD_PREP(AMDV1PT_FMT_NEXT_LEVEL, AMDV1PT_FMT_NL_SIZE) |
	       ((amdv1pt_oa_to_field(oa) | (size - 1)) & ~(size >> 1) &
		AMDV1PT_FMT_OA);
}

static __always_inline void
amdv1pt_install_leaf_entry(struct pt_state *pts, pt_oaddr_t oa,
			   unsigned int oasz_lg2,
			   const struct pt_write_attrs *attrs)
{
	unsigned int num_contig_lg2 = oasz_lg2 - amdv1pt_table_item_lg2sz(pts);
	u64 entry = amdv1pt_leaf_entry(pts, oa, oasz_lg2, attrs);

	/* A contiguous entry starts on a multiple of its item count */
	PT_WARN_ON(log2_mod(pts->index, num_contig_lg2));
	amdv1pt_write_items(amdv1pt_items(pts) + pts->index, num_contig_lg2,
			    entry);
	pts->entry = entry;
}

#define pt_install_leaf_entry amdv1pt_install_leaf_entry

/*
 * The IOMMU sets D in the leaf item it walked, in any one of a replicated
 * entry's items (see the facts at the top), with an atomic update of the
 * item. Each item is exchanged, so a D set up to the exchange is in the
 * word it returns.
 */
static inline bool amdv1pt_replace_leaf_entry(struct pt_state *pts,
					      pt_oaddr_t oa,
					      unsigned int oasz_lg2,
					      const struct pt_write_attrs *attrs)
{
	unsigned int num = log2_to_int(oasz_lg2 -
				       amdv1pt_table_item_lg2sz(pts));
	u64 entry = amdv1pt_leaf_entry(pts, oa, oasz_lg2, attrs);
	u64 *items = amdv1pt_items(pts) + pts->index;
	u64 replaced = 0;
	unsigned int i;

	PT_WARN_ON(log2_mod(pts->index, oasz_lg2 -
			    amdv1pt_table_item_lg2sz(pts)));
	for (i = 0; i != num; i++)
		replaced |= pt_item_exchange(&items[i], entry);
	pts->entry = entry;
	return replaced & AMDV1PT_FMT_D;
}

#define pt_replace_leaf_entry amdv1pt_replace_leaf_entry

static inline bool amdv1pt_install_table(struct pt_state *pts,
					 pt_oaddr_t table_pa,
					 const struct pt_write_attrs *attrs)
{
	u64 entry = AMDV1PT_FMT_PR | AMDV1PT_FMT_IR | AMDV1PT_FMT_IW |
		    FIELD_PREP(AMDV1PT_FMT_NEXT_LEVEL, pts->level) |
		    (table_pa << AMDV1PT_OA_SHIFT);

	if (pt_feature(pts->range->common, PT_FEAT_AMDV1_ENCRYPT_TABLES))
		entry = __sme_set(entry);
	/* Fully ordered: the zeroed table is visible before the pointer */
	return try_cmpxchg64(&amdv1pt_items(pts)[pts->index], &pts->entry,
			     entry);
}

#define pt_install_table amdv1pt_install_table

static inline void amdv1pt_clear_entries(struct pt_state *pts,
					 unsigned int num)
{
	pt_items64_clear(amdv1pt_items(pts) + pts->index, num);
}

#define pt_clear_entries amdv1pt_clear_entries

/* An item is empty when PR is clear (IOMMU spec, "I/O Page Tables") */
static inline bool amdv1pt_items_all_empty(const struct pt_state *pts,
					   unsigned int num)
{
	return !(pt_items64_or(amdv1pt_items(pts) + pts->index, num) &
		 AMDV1PT_FMT_PR);
}

#define pt_items_all_empty amdv1pt_items_all_empty

/*
 * A present item with Next Level 0 is a leaf of the level's natural size:
 * one item, at any level.
 */
static __always_inline bool
amdv1pt_items_all_leaves(const struct pt_state *pts, unsigned int num)
{
	const u64 *items = amdv1pt_items(pts) + pts->index;
	u64 all = AMDV1PT_FMT_PR, any = 0;
	unsigned int i;

	for (i = 0; i != num; i++) {
		u64 entry = READ_ONCE(items[i]);

		all &= entry;
		any |= entry;
	}
	return (all & AMDV1PT_FMT_PR) && !(any & AMDV1PT_FMT_NEXT_LEVEL);
}

#define pt_items_all_leaves amdv1pt_items_all_leaves

/* Items of the contiguous entry under the cursor */
static inline u64 *amdv1pt_entry_items(const struct pt_state *pts,
				       unsigned int *num)
{
	unsigned int num_contig_lg2 = amdv1pt_entry_num_contig_lg2(pts);

	*num = 1U << num_contig_lg2;
	return amdv1pt_items(pts) + log2_align_down(pts->index, num_contig_lg2);
}

static inline bool amdv1pt_entry_is_write_dirty(const struct pt_state *pts)
{
	unsigned int i, num;
	u64 *items = amdv1pt_entry_items(pts, &num);

	/* The IOMMU may set D in any one of the replicated entries */
	for (i = 0; i != num; i++)
		if (READ_ONCE(items[i]) & AMDV1PT_FMT_D)
			return true;
	return false;
}

#define pt_entry_is_write_dirty amdv1pt_entry_is_write_dirty

static inline void amdv1pt_entry_make_write_clean(struct pt_state *pts)
{
	unsigned int i, num;
	u64 *items = amdv1pt_entry_items(pts, &num);

	/* The IOMMU may set D in any replicated item */
	for (i = 0; i != num; i++)
		pt_item_clear_bits(&items[i], AMDV1PT_FMT_D);
}

#define pt_entry_make_write_clean amdv1pt_entry_make_write_clean

/* Sets D in the item under the cursor, as the IOMMU would */
static inline bool amdv1pt_entry_make_write_dirty(struct pt_state *pts)
{
	pt_item_set_bits(amdv1pt_items(pts) + pts->index, AMDV1PT_FMT_D);
	return true;
}

#define pt_entry_make_write_dirty amdv1pt_entry_make_write_dirty

static inline void amdv1pt_attr_from_entry(const struct pt_state *pts,
					   struct pt_write_attrs *attrs)
{
	attrs->descriptor_bits =
		pts->entry & (AMDV1PT_FMT_FC | AMDV1PT_FMT_IR |
			      AMDV1PT_FMT_IW | __sme_set(0ULL));
}

#define pt_attr_from_entry amdv1pt_attr_from_entry

/* D in every item of the leaf written with @attrs; the IOMMU needs one */
static inline void amdv1pt_attr_set_write_dirty(struct pt_write_attrs *attrs,
						bool dirty)
{
	if (dirty)
		attrs->descriptor_bits |= AMDV1PT_FMT_D;
	else
		attrs->descriptor_bits &= ~AMDV1PT_FMT_D;
}

#define pt_attr_set_write_dirty amdv1pt_attr_set_write_dirty

static inline unsigned int amdv1pt_entry_iommu_prot(const struct pt_state *pts)
{
	return (pts->entry & AMDV1PT_FMT_IR ? IOMMU_READ : 0) |
	       (pts->entry & AMDV1PT_FMT_IW ? IOMMU_WRITE : 0);
}

#define pt_entry_iommu_prot amdv1pt_entry_iommu_prot

/* --- IOMMU glue: only used by iommu_pt.h --- */

/**
 * amdv1pt_iommu_set_prot() - encode IOMMU_* prot into leaf bits
 * @common: the table
 * @attrs: receives the leaf bits
 * @iommu_prot: IOMMU_READ / IOMMU_WRITE / IOMMU_MMIO / ...
 *
 * Return: 0; iommu_pt.h has already rejected prot without read or write
 */
static inline int amdv1pt_iommu_set_prot(struct pt_common *common,
					 struct pt_write_attrs *attrs,
					 unsigned int iommu_prot)
{
	u64 bits = 0;

	if (pt_feature(common, PT_FEAT_AMDV1_FORCE_COHERENCE))
		bits |= AMDV1PT_FMT_FC;
	if (iommu_prot & IOMMU_READ)
		bits |= AMDV1PT_FMT_IR;
	if (iommu_prot & IOMMU_WRITE)
		bits |= AMDV1PT_FMT_IW;
	/* MMIO is never encrypted memory */
	if (pt_feature(common, PT_FEAT_AMDV1_ENCRYPT_TABLES) &&
	    !(iommu_prot & IOMMU_MMIO))
		bits = __sme_set(bits);
	attrs->descriptor_bits = bits;
	return 0;
}

#define pt_iommu_set_prot amdv1pt_iommu_set_prot

/**
 * amdv1pt_iommu_fmt_init() - check the AMD specific configuration
 * @table: the table being initialised
 * @cfg: the configuration
 *
 * Return: the level of the first top table, or -EINVAL
 */
static inline int amdv1pt_iommu_fmt_init(struct pt_iommu_amdv1 *table,
					 const struct pt_iommu_amdv1_cfg *cfg)
{
	if (cfg->starting_level > PT_MAX_TOP_LEVEL)
		return -EINVAL;
	return cfg->starting_level;
}

#define pt_iommu_fmt_init amdv1pt_iommu_fmt_init

/**
 * amdv1pt_iommu_fmt_hw_info() - what the DTE needs to point at the table
 * @table: the table
 * @top_pa: physical address of the current top table
 * @top_level: its level
 * @info: receives the DTE root pointer and mode
 */
static inline void
amdv1pt_iommu_fmt_hw_info(struct pt_iommu_amdv1 *table, pt_oaddr_t top_pa,
			  unsigned int top_level,
			  struct pt_iommu_table_hw_info *info)
{
	info->host_pt_root = top_pa;
	if (pt_feature(&table->amdpt.common, PT_FEAT_AMDV1_ENCRYPT_TABLES))
		info->host_pt_root = __sme_set(top_pa);
	info->mode = top_level + 1;
}

#define pt_iommu_fmt_hw_info amdv1pt_iommu_fmt_hw_info

/* Member of struct pt_iommu_amdv1 holding the struct pt_common */
#define PT_FMT_MEMBER amdpt

#endif
