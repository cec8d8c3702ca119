/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Generic Page Table format: the Arm VMSAv7 short-descriptor translation
 * table (ARMv7s), as an SMMU (arm-smmu with ARM_V7S) or a MediaTek M4U
 * walks it: 32-bit input and output addresses, two levels.
 *
 * Facts from the Arm Architecture Reference Manual ARMv7-A and ARMv7-R
 * edition (DDI0406C.d), B3.5 "Short-descriptor translation table format"
 * (B3.5.1 the descriptor formats, B3.5.2 supersections and large pages),
 * B3.7 "Memory access control" (AP[2:1], the simplified model) and B3.8.2
 * (TEX remap), and from 6.12's drivers/iommu/io-pgtable-arm-v7s.c, whose
 * tables this format writes word for word:
 *  - items are u32. Level 1 (the Arm ARM's first level) has one item per
 *    1 MiB, 2^(IAS - 20) items: 4096 in 16 KiB at an IAS of 32. Level 0
 *    (the second level) is 256 items in 1 KiB, one per 4 KiB
 *  - level 1, bits 1:0: 0b00 invalid, 0b01 a second level table (bits
 *    31:10 its address, bit 3 NS), 0b1x a section (1 MiB, bits 31:20) or,
 *    with bit 18 set, a supersection (16 MiB, bits 31:24), which must be
 *    repeated in 16 consecutive, 16-aligned items. Section attributes:
 *    bit 2 B, 3 C, 4 XN, 10 AP[0] (the access flag), 11 AP[1]
 *    (unprivileged), 14:12 TEX, 15 AP[2] (read-only), 16 S, 17 nG, 19 NS
 *  - level 0, bits 1:0: 0b00 invalid, 0b1x a small page (4 KiB, bits
 *    31:12, bit 0 XN) and 0b01 a large page (64 KiB, bits 31:16, bit 15
 *    XN, bits 14:12 TEX), repeated in 16 consecutive, 16-aligned items.
 *    Page attributes: bit 2 B, 3 C, 4 AP[0], 5 AP[1], 8:6 TEX (small
 *    page), 9 AP[2], 10 S, 11 nG
 *  - the attributes of a section are those of a page shifted up by 6
 *    (the 8-bit block AP[0], AP[1], TEX, AP[2], S, nG), but for XN and
 *    TEX of a large page
 *
 * What this format writes, as 6.12 writes it:
 *  - nG and S always (a table belongs to one ASID; shareable); AP[0],
 *    the access flag, always; AP[1] unless IOMMU_PRIV; AP[2] without
 *    IOMMU_WRITE; XN for IOMMU_NOEXEC
 *  - memory type with TEX remap (hw_info gives PRRR and NMRR): TEX[0]
 *    set, and B and C for IOMMU_CACHE (index 7, write-back
 *    write-allocate), neither for normal non-cacheable (index 4); for
 *    IOMMU_MMIO TEX 0 and B (index 1, device)
 *  - NS in sections and NSTable in table descriptors with
 *    PT_FEAT_ARMV7S_NS (6.12's IO_PGTABLE_QUIRK_ARM_NS)
 *  - a supersection or large page repeats the same descriptor in all 16
 *    items (the output address of the whole entry in each)
 *
 * Not supported: the MediaTek extensions (IO_PGTABLE_QUIRK_ARM_MTK_EXT,
 * _MTK_TTBR_EXT: output address bits 32-34 in bits 9, 4 and 5, which need
 * IO_PGTABLE_QUIRK_NO_PERMS) and IO_PGTABLE_QUIRK_NO_PERMS; walkers that
 * do not snoop the CPU caches (PT_FEAT_DMA_INCOHERENT: a table descriptor
 * has no bit the walker ignores to mark it written back). Supersections
 * are always offered; 6.12 offers them when the driver's pgsize_bitmap
 * has SZ_16M, as every 6.12 user's has.
 */
#ifndef __GENERIC_PT_FMT_ARMV7S_H
#define __GENERIC_PT_FMT_ARMV7S_H

#include <linux/bitfield.h>
#include <linux/bitops.h>
#include <linux/container_of.h>
#include <linux/errno.h>
#include <linux/generic_pt/iommu.h>

#include "../pt_defs.h"

enum {
	PT_GRANULE_LG2SZ = 12,
	/* A level 0 table; the level 1 top is larger, pt_top_memsize_lg2() */
	PT_TABLEMEM_LG2SZ = 10,
	PT_MAX_TOP_LEVEL = 1,
	PT_MAX_OUTPUT_ADDRESS_LG2 = 32,
	PT_MAX_VA_ADDRESS_LG2 = 32,
	/* Bytes of one descriptor */
	ARMV7S_ITEM_LG2SZ = 2,
	/* Items of a level 0 table; a level 1 item covers 1 MiB */
	ARMV7S_L0_ITEMS_LG2 = 8,
	ARMV7S_L1_ITEM_LG2SZ = 20,
	/* Supersections and large pages: 16 items */
	ARMV7S_CONTIG_LG2 = 4,
	/*
	 * The top memory: 16 KiB, the 4096 items of an IAS of 32, whatever
	 * the IAS, since TTBR0 (TTBCR.N = 0) holds the base in bits 31:14
	 */
	ARMV7S_TOP_MEM_LG2SZ = 14,
	/* An IAS of 21 has a two item top */
	ARMV7S_MIN_VA_ADDRESS_LG2 = 21,
};

/* Both levels */
#define ARMV7S_FMT_TYPE GENMASK(1, 0)
#define ARMV7S_FMT_B BIT(2)
#define ARMV7S_FMT_C BIT(3)
/* Level 1: type 0b01 a table, 0b1x a section */
#define ARMV7S_FMT_L1_TABLE 0x1
#define ARMV7S_FMT_L1_SECTION BIT(1)
#define ARMV7S_FMT_TABLE_NS BIT(3)
#define ARMV7S_FMT_TABLE_OA GENMASK(31, 10)
#define ARMV7S_FMT_SECTION_XN BIT(4)
#define ARMV7S_FMT_SUPERSECTION BIT(18)
#define ARMV7S_FMT_SECTION_NS BIT(19)
/* Level 0: type 0b1x a small page, 0b01 a large page */
#define ARMV7S_FMT_SMALL BIT(1)
#define ARMV7S_FMT_LARGE 0x1
#define ARMV7S_FMT_SMALL_XN BIT(0)
#define ARMV7S_FMT_SMALL_TEX GENMASK(8, 6)
#define ARMV7S_FMT_LARGE_TEX GENMASK(14, 12)
#define ARMV7S_FMT_LARGE_XN BIT(15)

/* The 8-bit attribute block, at bit 4 of a page and bit 10 of a section */
#define ARMV7S_ATTR_AF BIT(0)
#define ARMV7S_ATTR_AP_UNPRIV BIT(1)
#define ARMV7S_ATTR_TEX GENMASK(4, 2)
#define ARMV7S_ATTR_AP_RDONLY BIT(5)
#define ARMV7S_ATTR_S BIT(6)
#define ARMV7S_ATTR_NG BIT(7)
#define ARMV7S_ATTR_SHIFT_L0 4
#define ARMV7S_ATTR_SHIFT_L1 10

/*
 * struct pt_write_attrs.descriptor_bits of this format: the attributes
 * independent of the level; pt_install_leaf_entry() places them. Bits 3:2
 * are B and C as a descriptor holds them.
 */
#define ARMV7S_WA_BC (ARMV7S_FMT_B | ARMV7S_FMT_C)
#define ARMV7S_WA_ATTR GENMASK_ULL(15, 8)
#define ARMV7S_WA_XN BIT_ULL(16)

/* TEX remap (B3.8.2): TEX[0], C, B select the PRRR/NMRR index */
#define ARMV7S_TEX_NORMAL 1
#define ARMV7S_PRRR_TYPE_DEVICE 1
#define ARMV7S_PRRR_TYPE_NORMAL 2
#define ARMV7S_PRRR_TR(n, type) ((u32)(type) << ((n) * 2))
#define ARMV7S_PRRR_DS0 BIT(16)
#define ARMV7S_PRRR_DS1 BIT(17)
#define ARMV7S_PRRR_NS1 BIT(19)
#define ARMV7S_PRRR_NOS(n) BIT((n) + 24)
#define ARMV7S_RGN_WBWA 1
#define ARMV7S_NMRR_IR(n, rgn) ((u32)(rgn) << ((n) * 2))
#define ARMV7S_NMRR_OR(n, rgn) ((u32)(rgn) << ((n) * 2 + 16))
/* TTBR0 (B4.1.154): S, NOS, RGN and IRGN of the walker's accesses */
#define ARMV7S_TTBR_S BIT(1)
#define ARMV7S_TTBR_NOS BIT(5)
#define ARMV7S_TTBR_RGN GENMASK(4, 3)
/* IRGN[0] is bit 6 and IRGN[1] bit 0: write-back write-allocate is 0b01 */
#define ARMV7S_TTBR_IRGN_WBWA BIT(6)

#define PT_FMT_FEATURES (BIT(PT_FEAT_FLUSH_RANGE) | BIT(PT_FEAT_ARMV7S_NS))

/* Items are u32: pt_flush_items() sizes them */
#define PT_ITEM_WORD_SIZE sizeof(u32)

static inline u32 *armv7spt_items(const struct pt_state *pts)
{
	return (u32 *)pts->table;
}

static inline struct pt_armv7s *armv7spt_of(const struct pt_common *common)
{
	return container_of(common, struct pt_armv7s, common);
}

static inline unsigned int
armv7spt_table_item_lg2sz(const struct pt_state *pts)
{
	return pts->level ? ARMV7S_L1_ITEM_LG2SZ : PT_GRANULE_LG2SZ;
}

#define pt_table_item_lg2sz armv7spt_table_item_lg2sz

/* The top has the items the IAS reaches; a level 0 table, 256 */
static inline unsigned int armv7spt_num_items_lg2(const struct pt_state *pts)
{
	if (pts->level)
		return armv7spt_of(pts->range->common)->top_items_lg2;
	return ARMV7S_L0_ITEMS_LG2;
}

#define pt_num_items_lg2 armv7spt_num_items_lg2

static inline unsigned int
armv7spt_top_memsize_lg2(const struct pt_common *common)
{
	return ARMV7S_TOP_MEM_LG2SZ;
}

#define pt_top_memsize_lg2 armv7spt_top_memsize_lg2

/*
 * One item and 16 at each level: 4 KiB, 64 KiB; 1 MiB, 16 MiB where the
 * top has 16 items
 */
static inline u64 armv7spt_possible_sizes(const struct pt_state *pts)
{
	unsigned int lg2sz = armv7spt_table_item_lg2sz(pts);

	if (armv7spt_num_items_lg2(pts) < ARMV7S_CONTIG_LG2)
		return log2_to_int(lg2sz);
	return log2_to_int(lg2sz) | log2_to_int(lg2sz + ARMV7S_CONTIG_LG2);
}

#define pt_possible_sizes armv7spt_possible_sizes

static __always_inline enum pt_entry_type
armv7spt_load_entry_raw(struct pt_state *pts)
{
	u32 entry = READ_ONCE(armv7spt_items(pts)[pts->index]);

	pts->entry = entry;
	if (!(entry & ARMV7S_FMT_TYPE))
		return PT_ENTRY_EMPTY;
	if (pts->level &&
	    FIELD_GET(ARMV7S_FMT_TYPE, entry) == ARMV7S_FMT_L1_TABLE)
		return PT_ENTRY_TABLE;
	return PT_ENTRY_OA;
}

#define pt_load_entry_raw armv7spt_load_entry_raw

static inline pt_oaddr_t armv7spt_table_pa(const struct pt_state *pts)
{
	return pts->entry & ARMV7S_FMT_TABLE_OA;
}

#define pt_table_pa armv7spt_table_pa

/* A supersection has bit 18; a large page is type 0b01 at level 0 */
static __always_inline unsigned int
armv7spt_entry_num_contig_lg2(const struct pt_state *pts)
{
	if (pts->level)
		return pts->entry & ARMV7S_FMT_SUPERSECTION ?
			       ARMV7S_CONTIG_LG2 : 0;
	return pts->entry & ARMV7S_FMT_SMALL ? 0 : ARMV7S_CONTIG_LG2;
}

#define pt_entry_num_contig_lg2 armv7spt_entry_num_contig_lg2

static inline pt_oaddr_t armv7spt_entry_oa(const struct pt_state *pts)
{
	unsigned int oasz_lg2 = armv7spt_table_item_lg2sz(pts) +
				armv7spt_entry_num_contig_lg2(pts);

	return (u32)pts->entry & GENMASK(31, oasz_lg2);
}

#define pt_entry_oa armv7spt_entry_oa

/* The descriptor of a leaf of 2^@oasz_lg2 bytes at @pts->level */
static inline u32 armv7spt_leaf(const struct pt_state *pts, pt_oaddr_t oa,
				unsigned int oasz_lg2,
				const struct pt_write_attrs *attrs)
{
	bool contig = oasz_lg2 != armv7spt_table_item_lg2sz(pts);
	u64 bits = attrs->descriptor_bits;
	u32 attr = FIELD_GET(ARMV7S_WA_ATTR, bits);
	u32 entry = (u32)oa | (bits & ARMV7S_WA_BC);

	if (pts->level) {
		entry |= ARMV7S_FMT_L1_SECTION |
			 attr << ARMV7S_ATTR_SHIFT_L1;
		if (bits & ARMV7S_WA_XN)
			entry |= ARMV7S_FMT_SECTION_XN;
		if (contig)
			entry |= ARMV7S_FMT_SUPERSECTION;
		if (pt_feature(pts->range->common, PT_FEAT_ARMV7S_NS))
			entry |= ARMV7S_FMT_SECTION_NS;
		return entry;
	}
	if (!contig) {
		entry |= ARMV7S_FMT_SMALL | attr << ARMV7S_ATTR_SHIFT_L0;
		if (bits & ARMV7S_WA_XN)
			entry |= ARMV7S_FMT_SMALL_XN;
		return entry;
	}
	/* A large page keeps TEX and XN in bits 14:12 and 15 */
	entry |= ARMV7S_FMT_LARGE |
		 (attr & ~ARMV7S_ATTR_TEX) << ARMV7S_ATTR_SHIFT_L0 |
		 FIELD_PREP(ARMV7S_FMT_LARGE_TEX,
			    FIELD_GET(ARMV7S_ATTR_TEX, attr));
	if (bits & ARMV7S_WA_XN)
		entry |= ARMV7S_FMT_LARGE_XN;
	return entry;
}

static __always_inline void
armv7spt_install_leaf_entry(struct pt_state *pts, pt_oaddr_t oa,
			    unsigned int oasz_lg2,
			    const struct pt_write_attrs *attrs)
{
	unsigned int num_contig_lg2 =
		oasz_lg2 - armv7spt_table_item_lg2sz(pts);
	u32 *items = armv7spt_items(pts) + pts->index;
	u32 entry = armv7spt_leaf(pts, oa, oasz_lg2, attrs);
	unsigned int i;

	/* A replicated entry starts on a multiple of its item count */
	PT_WARN_ON(log2_mod(pts->index, num_contig_lg2));
	for (i = 0; i != log2_to_int(num_contig_lg2); i++)
		WRITE_ONCE(items[i], entry);
	pts->entry = entry;
}

#define pt_install_leaf_entry armv7spt_install_leaf_entry

static inline bool armv7spt_install_table(struct pt_state *pts,
					  pt_oaddr_t table_pa,
					  const struct pt_write_attrs *attrs)
{
	u32 entry = ARMV7S_FMT_L1_TABLE | (u32)table_pa;
	u32 old = pts->entry;

	/* The table is below 4 GiB (PT_TABLEMEM_GFP) and 1 KiB aligned */
	PT_WARN_ON(table_pa & ~(pt_oaddr_t)ARMV7S_FMT_TABLE_OA);
	if (pt_feature(pts->range->common, PT_FEAT_ARMV7S_NS))
		entry |= ARMV7S_FMT_TABLE_NS;
	/* Fully ordered: the zeroed table is visible before the pointer */
	if (!try_cmpxchg(&armv7spt_items(pts)[pts->index], &old, entry)) {
		pts->entry = old;
		return false;
	}
	pts->entry = entry;
	return true;
}

#define pt_install_table armv7spt_install_table

/* Each item is emptied by one 32-bit store */
static inline void armv7spt_clear_entries(struct pt_state *pts,
					  unsigned int num)
{
	u32 *items = armv7spt_items(pts) + pts->index;
	unsigned int i;

	for (i = 0; i != num; i++)
		WRITE_ONCE(items[i], 0);
}

#define pt_clear_entries armv7spt_clear_entries

/* Empty items have bits 1:0 clear at both levels */
static inline bool armv7spt_items_all_empty(const struct pt_state *pts,
					    unsigned int num)
{
	const u32 *items = armv7spt_items(pts) + pts->index;
	u32 any = 0;
	unsigned int i;

	for (i = 0; i != num; i++)
		any |= READ_ONCE(items[i]);
	return !(any & ARMV7S_FMT_TYPE);
}

#define pt_items_all_empty armv7spt_items_all_empty

/* The 8-bit attribute block of a leaf, TEX of a large page put back */
static inline u32 armv7spt_leaf_attr(const struct pt_state *pts)
{
	u32 entry = pts->entry;

	if (pts->level)
		return (entry >> ARMV7S_ATTR_SHIFT_L1) & 0xff;
	if (entry & ARMV7S_FMT_SMALL)
		return (entry >> ARMV7S_ATTR_SHIFT_L0) & 0xff;
	return ((entry >> ARMV7S_ATTR_SHIFT_L0) & 0xff & ~ARMV7S_ATTR_TEX) |
	       FIELD_PREP(ARMV7S_ATTR_TEX,
			  FIELD_GET(ARMV7S_FMT_LARGE_TEX, entry));
}

/* AP[2] is read-only; every valid leaf is readable (B3.7.1) */
static inline unsigned int
armv7spt_entry_iommu_prot(const struct pt_state *pts)
{
	if (armv7spt_leaf_attr(pts) & ARMV7S_ATTR_AP_RDONLY)
		return IOMMU_READ;
	return IOMMU_READ | IOMMU_WRITE;
}

#define pt_entry_iommu_prot armv7spt_entry_iommu_prot

static inline void armv7spt_attr_from_entry(const struct pt_state *pts,
					    struct pt_write_attrs *attrs)
{
	u32 entry = pts->entry;
	u32 xn = pts->level ? ARMV7S_FMT_SECTION_XN :
		 entry & ARMV7S_FMT_SMALL ? ARMV7S_FMT_SMALL_XN :
					    ARMV7S_FMT_LARGE_XN;

	attrs->descriptor_bits =
		(entry & ARMV7S_WA_BC) |
		FIELD_PREP(ARMV7S_WA_ATTR, armv7spt_leaf_attr(pts)) |
		(entry & xn ? ARMV7S_WA_XN : 0);
}

#define pt_attr_from_entry armv7spt_attr_from_entry

/*
 * The Arm ARM (B3.10.1, "General TLB maintenance requirements") asks for
 * break-before-make when a section is replaced by a table of the same
 * translations or back, and for every change of the 16 items of a
 * supersection or large page. Cut and reassemble refuse.
 */
static inline bool armv7spt_can_resize_hitless(const struct pt_common *common)
{
	return false;
}

#define pt_can_resize_hitless armv7spt_can_resize_hitless

/*
 * Table memory: the 1 KiB level 0 tables and the top hold physical
 * addresses of 32 bits, so they come from below 4 GiB
 */
#define PT_TABLEMEM_GFP GFP_DMA32
/* Four level 0 tables share a CPU page */
#define PT_TABLEMEM_SLAB 1

/* --- IOMMU glue: only used by iommu_pt.h --- */

/**
 * armv7spt_iommu_set_prot() - encode IOMMU_* prot into leaf attributes
 * @common: the table
 * @attrs: receives the attributes, placed per level by
 *   pt_install_leaf_entry()
 * @iommu_prot: IOMMU_READ / IOMMU_WRITE / IOMMU_CACHE / IOMMU_MMIO /
 *   IOMMU_NOEXEC / IOMMU_PRIV
 *
 * See the top of this file for the bits.
 *
 * Return: 0; iommu_pt.h has already rejected prot without read or write
 */
static inline int armv7spt_iommu_set_prot(struct pt_common *common,
					  struct pt_write_attrs *attrs,
					  unsigned int iommu_prot)
{
	u32 attr = ARMV7S_ATTR_NG | ARMV7S_ATTR_S | ARMV7S_ATTR_AF;
	u64 bits = 0;

	if (!(iommu_prot & IOMMU_MMIO))
		attr |= FIELD_PREP(ARMV7S_ATTR_TEX, ARMV7S_TEX_NORMAL);
	if (!(iommu_prot & IOMMU_PRIV))
		attr |= ARMV7S_ATTR_AP_UNPRIV;
	if (!(iommu_prot & IOMMU_WRITE))
		attr |= ARMV7S_ATTR_AP_RDONLY;
	if (iommu_prot & IOMMU_NOEXEC)
		bits |= ARMV7S_WA_XN;
	if (iommu_prot & IOMMU_MMIO)
		bits |= ARMV7S_FMT_B;
	else if (iommu_prot & IOMMU_CACHE)
		bits |= ARMV7S_FMT_B | ARMV7S_FMT_C;
	attrs->descriptor_bits = bits | FIELD_PREP(ARMV7S_WA_ATTR, attr);
	return 0;
}

#define pt_iommu_set_prot armv7spt_iommu_set_prot

/**
 * armv7spt_iommu_fmt_init() - the top table from the IAS
 * @table: the table being initialised
 * @cfg: the configuration
 *
 * An OAS above 32 is capped, as pt_iommu_init() caps it.
 *
 * Return: 1, the level of the top table, or -EINVAL for an IAS outside 21
 * to 32
 */
static inline int armv7spt_iommu_fmt_init(struct pt_iommu_armv7s *table,
					  const struct pt_iommu_armv7s_cfg *cfg)
{
	unsigned int vasz_lg2 = cfg->common.hw_max_vasz_lg2;

	if (vasz_lg2 < ARMV7S_MIN_VA_ADDRESS_LG2 ||
	    vasz_lg2 > PT_MAX_VA_ADDRESS_LG2)
		return -EINVAL;
	table->armv7s_pt.top_items_lg2 = vasz_lg2 - ARMV7S_L1_ITEM_LG2SZ;
	return 1;
}

#define pt_iommu_fmt_init armv7spt_iommu_fmt_init

/**
 * armv7spt_iommu_fmt_hw_info() - what a context bank or M4U needs
 * @table: the table
 * @top_pa: physical address of the top table
 * @top_level: its level, always 1
 * @hw_info: receives TTBR0, TTBCR, PRRR and NMRR as 6.12 computes them
 */
static inline void
armv7spt_iommu_fmt_hw_info(struct pt_iommu_armv7s *table, pt_oaddr_t top_pa,
			   unsigned int top_level,
			   struct pt_iommu_armv7s_hw_info *hw_info)
{
	/* A coherent walker: cached write-back, inner shareable accesses */
	hw_info->ttbr = (u32)top_pa | ARMV7S_TTBR_S | ARMV7S_TTBR_NOS |
			ARMV7S_TTBR_IRGN_WBWA |
			FIELD_PREP(ARMV7S_TTBR_RGN, ARMV7S_RGN_WBWA);
	/* T0SZ (N) 0, EAE 0: TTBR0 translates all 32 bits */
	hw_info->tcr = 0;
	/* TEX remap: index 1 device, 4 normal non-cacheable, 7 write-back */
	hw_info->prrr = ARMV7S_PRRR_TR(1, ARMV7S_PRRR_TYPE_DEVICE) |
			ARMV7S_PRRR_TR(4, ARMV7S_PRRR_TYPE_NORMAL) |
			ARMV7S_PRRR_TR(7, ARMV7S_PRRR_TYPE_NORMAL) |
			ARMV7S_PRRR_DS0 | ARMV7S_PRRR_DS1 | ARMV7S_PRRR_NS1 |
			ARMV7S_PRRR_NOS(7);
	hw_info->nmrr = ARMV7S_NMRR_IR(7, ARMV7S_RGN_WBWA) |
			ARMV7S_NMRR_OR(7, ARMV7S_RGN_WBWA);
}

#define pt_iommu_fmt_hw_info armv7spt_iommu_fmt_hw_info

/* Member of struct pt_iommu_armv7s holding the struct pt_common */
#define PT_FMT_MEMBER armv7s_pt

#endif
