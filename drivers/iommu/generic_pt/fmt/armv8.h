/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Generic Page Table format: the Arm VMSAv8-64 long descriptor (LPAE)
 * translation table, as an SMMU walks it at stage 1 or stage 2, with the
 * 4 KiB, 16 KiB or 64 KiB translation granule: one compilation per
 * granule. The including file defines ARMV8_GRANULE_LG2 as 14 (armv8_16k)
 * or 16 (armv8_64k); without it the granule is 4 KiB (armv8). The granule
 * sizes the table memory (PT_TABLEMEM_LG2SZ), which the generic layer
 * allocates as a compile time constant, and a constant granule folds the
 * index and size arithmetic of every walk.
 *
 * Facts from the Arm Architecture Reference Manual for A-profile
 * architecture (DDI0487 K.a), chapter D8 "The AArch64 Virtual Memory
 * System Architecture": D8.2 "Translation tables" (granules, lookup levels,
 * concatenated stage 2 tables), D8.3 "Translation table descriptor
 * formats" (the bits below) and D8.4 "Memory access control" (AP, S2AP,
 * DBM and the dirty state); and from 6.12's drivers/iommu/io-pgtable-arm.c:
 *  - a table is one granule of u64 descriptors: 512 (4 KiB), 2048
 *    (16 KiB) or 8192 (64 KiB). The Arm ARM numbers lookup levels from
 *    the top: here level n is the Arm ARM's level 3 - n. Level 0 holds
 *    pages (4 KiB, 16 KiB, 64 KiB); blocks are 2 MiB and 1 GiB (4 KiB
 *    granule, levels 1 and 2), 32 MiB (16 KiB, level 1), 512 MiB (64 KiB,
 *    level 1) and, with a 52-bit OA (FEAT_LPA), 4 TiB (64 KiB, level 2).
 *    Larger blocks (a 4 KiB level 3, a 16 KiB level 2) need FEAT_LPA2,
 *    which this format does not use
 *  - the input address size (IAS, TxSZ = 64 - IAS) sets the levels: the
 *    walk starts at the lowest level whose table covers the IAS, and the
 *    top table has only the items the IAS reaches, 2 or more of them. The
 *    IAS is 25 to 48 bits, up to 52 with the 64 KiB granule (FEAT_LVA)
 *  - at stage 2 up to 16 tables may be concatenated at the initial lookup
 *    level, which saves a level: the top is then one table of up to 16
 *    granules, aligned to its size. D8.2 (the stage 2 initial lookup level,
 *    R_SRKBC) makes it mandatory where the start level the IAS gives
 *    cannot be encoded in VTCR.SL0 or is too large for the PA size: a
 *    start at level 0 with the 16 KiB granule (FEAT_LPA2 only), at level 0
 *    with the 4 KiB granule and a PA size below 44 bits, at level 1 with
 *    the 16 KiB granule and a PA size below 42 bits, at level 1 with the
 *    64 KiB granule and a PA size below 44 bits
 *  - bits 1:0, the descriptor type: bit 0 clear is an invalid (empty)
 *    entry; 0b11 is a table descriptor above the Arm ARM's level 3 and a
 *    page descriptor at it; 0b01 is a block descriptor
 *  - bits 47:<granule> the output address of the next table, page or
 *    block; in a block the bits below its size are RES0. With the 64 KiB
 *    granule and a 52-bit OA (FEAT_LPA), bits 15:12 hold OA[51:48]
 *  - stage 1 leaf attributes: bits 4:2 AttrIndx (an index into MAIR), 5 NS,
 *    7:6 AP[2:1] (AP[2] read-only, AP[1] unprivileged access), 9:8 SH,
 *    10 AF, 11 nG, 51 DBM, 53 PXN, 54 UXN
 *  - stage 2 leaf attributes: bits 5:2 MemAttr, 7:6 S2AP (bit 6 read, bit 7
 *    write), 9:8 SH, 10 AF, 51 DBM, 54:53 XN
 *  - table descriptor attributes: bit 63 NSTable (stage 1); bits 58:51
 *    are ignored by the walker
 *  - dirty state (stage 1, hardware update of the dirty state, the
 *    SMMU's HD): a leaf with DBM set and AP[2] set is writable-clean; the
 *    first write clears AP[2], so DBM set and AP[2] clear is
 *    writable-dirty
 *
 * What this format writes, as 6.12's io-pgtable-arm writes it:
 *  - a table descriptor is the type, the address and, at stage 1 with
 *    PT_FEAT_ARMV8_NS, NSTable
 *  - a stage 1 leaf: AF, nG (a table belongs to one ASID), SH inner
 *    shareable for IOMMU_CACHE else outer shareable, AttrIndx 1
 *    (write-back) for IOMMU_CACHE, 2 (device) for IOMMU_MMIO, else 0
 *    (non-cacheable) with the MAIR that hw_info gives; AP[2] for a map
 *    with IOMMU_READ and no IOMMU_WRITE (stage 1 cannot express
 *    write-only: IOMMU_WRITE alone maps read-write); AP[1] unless
 *    IOMMU_PRIV; both XN bits for IOMMU_NOEXEC; NS with PT_FEAT_ARMV8_NS;
 *    DBM on writable leaves with PT_FEAT_ARMV8_DBM, so they are born
 *    dirty and dirty tracking makes them clean by setting AP[2]
 *  - a stage 2 leaf: AF, SH as at stage 1, S2AP from IOMMU_READ and
 *    IOMMU_WRITE, MemAttr device-nGnRE for IOMMU_MMIO, normal write-back
 *    for IOMMU_CACHE, else normal non-cacheable; both XN bits for
 *    IOMMU_NOEXEC
 *  - with PT_FEAT_DMA_INCOHERENT the ignored bit 55 of a table descriptor
 *    marks that the descriptor has been written back to memory (6.12 uses
 *    the same bit for the same purpose); see pt_table_entry_is_flushed()
 *  - the contiguous hint (bit 52, D8.6.1 "The Contiguous bit") only with
 *    PT_FEAT_ARMV8_CONTIG, on each of a naturally aligned run of items
 *    with the same attributes and adjacent output addresses: 16 items with
 *    the 4 KiB granule; 128 pages or 32 blocks with 16 KiB; 32 pages or 32
 *    512 MiB blocks with 64 KiB. Each item keeps its own output address.
 *    The SMMU may set the dirty state (clear AP[2]) in any one of them
 *  - with PT_FEAT_UPPER_RANGE a stage 1 table for TTBR1 (D8.2, "The VA
 *    ranges for TTBR0 and TTBR1"): the top 2^IAS bytes of the VA space,
 *    indexed by the low IAS bits, the same descriptors; hw_info gives TG1
 *    and T1SZ
 *  - with PT_FEAT_ARMV8_LPAE32 the same descriptors, for a VMSAv7 LPAE
 *    walker (Arm ARM DDI0406C B3.6, "Long-descriptor translation table
 *    format"): 4 KiB granule, IAS and OAS limited at init
 */
#ifndef __GENERIC_PT_FMT_ARMV8_H
#define __GENERIC_PT_FMT_ARMV8_H

#include <linux/bitfield.h>
#include <linux/bitops.h>
#include <linux/container_of.h>
#include <linux/errno.h>
#include <linux/generic_pt/iommu.h>

#include "../pt_defs.h"

#ifndef ARMV8_GRANULE_LG2
#define ARMV8_GRANULE_LG2 12
#endif

#if ARMV8_GRANULE_LG2 == 16
/* 3 levels cover 55 bits, FEAT_LVA allows an IAS of 52, FEAT_LPA an OA */
#define ARMV8_MAX_TOP 2
#define ARMV8_MAX_ADDR_LG2 52
/* 512 MiB blocks; 4 TiB ones with a 52-bit OA */
#define ARMV8_MAX_LEAF 2
#elif ARMV8_GRANULE_LG2 == 14
/* 4 levels: the Arm ARM's level 0 has 2 items at an IAS of 48 */
#define ARMV8_MAX_TOP 3
#define ARMV8_MAX_ADDR_LG2 48
/* 32 MiB blocks */
#define ARMV8_MAX_LEAF 1
#elif ARMV8_GRANULE_LG2 == 12
#define ARMV8_MAX_TOP 3
#define ARMV8_MAX_ADDR_LG2 48
/* 2 MiB and 1 GiB blocks */
#define ARMV8_MAX_LEAF 2
#else
#error "ARMV8_GRANULE_LG2 is 12, 14 or 16"
#endif

enum {
	PT_GRANULE_LG2SZ = ARMV8_GRANULE_LG2,
	PT_TABLEMEM_LG2SZ = ARMV8_GRANULE_LG2,
	PT_MAX_TOP_LEVEL = ARMV8_MAX_TOP,
	PT_MAX_OUTPUT_ADDRESS_LG2 = ARMV8_MAX_ADDR_LG2,
	PT_MAX_VA_ADDRESS_LG2 = ARMV8_MAX_ADDR_LG2,
	/* Bytes of one descriptor */
	ARMV8_ITEM_LG2SZ = 3,
	ARMV8_ITEMS_LG2 = ARMV8_GRANULE_LG2 - ARMV8_ITEM_LG2SZ,
	/* The highest level holding blocks */
	ARMV8_MAX_LEAF_LEVEL = ARMV8_MAX_LEAF,
	/* At most 16 tables concatenated at the initial lookup level */
	ARMV8_MAX_CONCAT_LG2 = 4,
	/* The smallest IAS: TxSZ is at most 39 */
	ARMV8_MIN_VA_ADDRESS_LG2 = 25,
};

#define ARMV8_FMT_VALID BIT_ULL(0)
#define ARMV8_FMT_TABLE BIT_ULL(1)
/* Stage 1 leaf */
#define ARMV8_FMT_ATTRINDX GENMASK_ULL(4, 2)
#define ARMV8_FMT_NS BIT_ULL(5)
#define ARMV8_FMT_AP_UNPRIV BIT_ULL(6)
#define ARMV8_FMT_AP_RDONLY BIT_ULL(7)
#define ARMV8_FMT_NG BIT_ULL(11)
/* Stage 2 leaf */
#define ARMV8_FMT_S2_MEMATTR GENMASK_ULL(5, 2)
#define ARMV8_FMT_S2AP_R BIT_ULL(6)
#define ARMV8_FMT_S2AP_W BIT_ULL(7)
/* Both stages */
#define ARMV8_FMT_SH GENMASK_ULL(9, 8)
#define ARMV8_FMT_AF BIT_ULL(10)
/* OA[47:granule]; with the 64 KiB granule OA[51:48] in bits 15:12 */
#define ARMV8_FMT_OA GENMASK_ULL(47, 12)
#define ARMV8_FMT_OA_HI GENMASK_ULL(15, 12)
#define ARMV8_FMT_DBM BIT_ULL(51)
#define ARMV8_FMT_CONT BIT_ULL(52)
#define ARMV8_FMT_XN GENMASK_ULL(54, 53)
/* Table descriptor */
#define ARMV8_FMT_NSTABLE BIT_ULL(63)
/* Software, in an ignored bit of a table descriptor: written back */
#define ARMV8_FMT_SW_FLUSHED BIT_ULL(55)

/* SH encodings */
#define ARMV8_SH_OUTER 2
#define ARMV8_SH_INNER 3

/* AttrIndx values, and the MAIR hw_info gives for them */
#define ARMV8_ATTRINDX_NC 0
#define ARMV8_ATTRINDX_WB 1
#define ARMV8_ATTRINDX_DEV 2
#define ARMV8_ATTRINDX_INC_OWB 3
#define ARMV8_MAIR_NC 0x44ULL
#define ARMV8_MAIR_WB 0xffULL
#define ARMV8_MAIR_DEV 0x04ULL
#define ARMV8_MAIR_INC_OWB 0xf4ULL

/* Stage 2 MemAttr: device-nGnRE, normal write-back, normal non-cacheable */
#define ARMV8_S2_MEMATTR_DEV 0x1
#define ARMV8_S2_MEMATTR_WB 0xf
#define ARMV8_S2_MEMATTR_NC 0x5

/*
 * The u64 item hooks of pt_fmt_defaults.h: an item is empty when bit 0 is
 * clear; bit 55 marks a flushed table entry. Leaves and dirty state need
 * their own hooks: a block is told from a table by a clear bit, and dirty
 * is a clear AP[2].
 */
#define PT_ITEM64_PRESENT ARMV8_FMT_VALID
#define PT_ITEM64_SW_FLUSHED ARMV8_FMT_SW_FLUSHED

/* VMSAv7 LPAE (PT_FEAT_ARMV8_LPAE32) has only the 4 KiB granule */
#if ARMV8_GRANULE_LG2 == 12
#define ARMV8_FMT_LPAE32_FEATURE BIT(PT_FEAT_ARMV8_LPAE32)
#else
#define ARMV8_FMT_LPAE32_FEATURE 0
#endif

#define PT_FMT_FEATURES                                                \
	(BIT(PT_FEAT_DMA_INCOHERENT) | BIT(PT_FEAT_FLUSH_RANGE) |      \
	 BIT(PT_FEAT_ARMV8_S2) | BIT(PT_FEAT_ARMV8_NS) |               \
	 BIT(PT_FEAT_ARMV8_DBM) | ARMV8_FMT_LPAE32_FEATURE |          \
	 BIT(PT_FEAT_UPPER_RANGE) | BIT(PT_FEAT_ARMV8_CONTIG))

static inline u64 *armv8pt_items(const struct pt_state *pts)
{
	return (u64 *)pts->table;
}

static inline struct pt_armv8 *armv8pt_of(const struct pt_common *common)
{
	return container_of(common, struct pt_armv8, common);
}

/* An output address as a descriptor holds it (D8.3, FEAT_LPA for 52 bits) */
static inline u64 armv8pt_oa_to_desc(pt_oaddr_t oa)
{
	if (PT_GRANULE_LG2SZ == 16)
		return (oa & GENMASK_ULL(47, 16)) |
		       FIELD_PREP(ARMV8_FMT_OA_HI, (u64)oa >> 48);
	return oa & GENMASK_ULL(47, PT_GRANULE_LG2SZ);
}

static inline pt_oaddr_t armv8pt_desc_to_oa(u64 entry)
{
	if (PT_GRANULE_LG2SZ == 16)
		return (entry & GENMASK_ULL(47, 16)) |
		       (FIELD_GET(ARMV8_FMT_OA_HI, entry) << 48);
	return entry & GENMASK_ULL(47, PT_GRANULE_LG2SZ);
}

static inline unsigned int armv8pt_table_item_lg2sz(const struct pt_state *pts)
{
	return PT_GRANULE_LG2SZ + ARMV8_ITEMS_LG2 * pts->level;
}

#define pt_table_item_lg2sz armv8pt_table_item_lg2sz

/* The top table has the items the IAS reaches; a lower table, all */
static inline unsigned int armv8pt_num_items_lg2(const struct pt_state *pts)
{
	if (pts->level == pts->range->top_level)
		return armv8pt_of(pts->range->common)->top_items_lg2;
	return ARMV8_ITEMS_LG2;
}

#define pt_num_items_lg2 armv8pt_num_items_lg2

/* A concatenated stage 2 top spans several granules */
static inline unsigned int
armv8pt_top_memsize_lg2(const struct pt_common *common)
{
	return max_t(unsigned int, PT_TABLEMEM_LG2SZ,
		     armv8pt_of(common)->top_items_lg2 + ARMV8_ITEM_LG2SZ);
}

#define pt_top_memsize_lg2 armv8pt_top_memsize_lg2

/*
 * log2 of the items of a contiguous-hint leaf at @level (D8.6.1), 0 where
 * the hint does not exist (the 64 KiB granule's 4 TiB blocks)
 */
static inline unsigned int armv8pt_contig_lg2(unsigned int level)
{
	if (PT_GRANULE_LG2SZ == 14)
		return level ? 5 : 7;
	if (PT_GRANULE_LG2SZ == 16)
		return level > 1 ? 0 : 5;
	return 4;
}

static inline u64 armv8pt_possible_sizes(const struct pt_state *pts)
{
	unsigned int item_lg2 = armv8pt_table_item_lg2sz(pts);
	unsigned int contig_lg2 = armv8pt_contig_lg2(pts->level);
	u64 sizes;

	/* One item per leaf; a 64 KiB level 2 block only with a 52-bit OA */
	if (pts->level > ARMV8_MAX_LEAF_LEVEL ||
	    (PT_GRANULE_LG2SZ == 16 && pts->level == 2 &&
	     pts->range->common->max_oasz_lg2 <= 48))
		return 0;
	sizes = log2_to_int(item_lg2);
	/* A contiguous leaf where the table has the items for it */
	if (pt_feature(pts->range->common, PT_FEAT_ARMV8_CONTIG) &&
	    contig_lg2 && armv8pt_num_items_lg2(pts) >= contig_lg2)
		sizes |= log2_to_int(item_lg2 + contig_lg2);
	return sizes;
}

#define pt_possible_sizes armv8pt_possible_sizes

static __always_inline enum pt_entry_type
armv8pt_load_entry_raw(struct pt_state *pts)
{
	u64 entry = READ_ONCE(armv8pt_items(pts)[pts->index]);

	pts->entry = entry;
	if (!(entry & ARMV8_FMT_VALID))
		return PT_ENTRY_EMPTY;
	/* Type 0b11 is a page at the last level, a table above it */
	if (pts->level == 0 || !(entry & ARMV8_FMT_TABLE))
		return PT_ENTRY_OA;
	return PT_ENTRY_TABLE;
}

#define pt_load_entry_raw armv8pt_load_entry_raw

/* Compiled out unless the build has PT_FEAT_ARMV8_CONTIG */
static __always_inline unsigned int
armv8pt_entry_num_contig_lg2(const struct pt_state *pts)
{
	if (!pt_feature(pts->range->common, PT_FEAT_ARMV8_CONTIG) ||
	    !(pts->entry & ARMV8_FMT_CONT))
		return 0;
	return armv8pt_contig_lg2(pts->level);
}

#define pt_entry_num_contig_lg2 armv8pt_entry_num_contig_lg2

static inline pt_oaddr_t armv8pt_table_pa(const struct pt_state *pts)
{
	return armv8pt_desc_to_oa(pts->entry);
}

#define pt_table_pa armv8pt_table_pa

static inline pt_oaddr_t armv8pt_entry_oa(const struct pt_state *pts)
{
	/*
	 * The RES0 address bits of a block are zero; drop them anyway. Each
	 * item of a contiguous leaf has its own part of the output range
	 */
	return log2_align_down(armv8pt_desc_to_oa(pts->entry),
			       armv8pt_table_item_lg2sz(pts) +
				       armv8pt_entry_num_contig_lg2(pts));
}

#define pt_entry_oa armv8pt_entry_oa

static __always_inline void
armv8pt_install_leaf_entry(struct pt_state *pts, pt_oaddr_t oa,
			   unsigned int oasz_lg2,
			   const struct pt_write_attrs *attrs)
{
	unsigned int item_lg2 = armv8pt_table_item_lg2sz(pts);
	u64 *items = armv8pt_items(pts) + pts->index;
	u64 entry = attrs->descriptor_bits | ARMV8_FMT_VALID;
	unsigned int i;

	/* A page descriptor at the last level, a block descriptor above */
	if (!pts->level)
		entry |= ARMV8_FMT_TABLE;
	if (!pt_feature(pts->range->common, PT_FEAT_ARMV8_CONTIG) ||
	    oasz_lg2 == item_lg2) {
		/* One item */
		PT_WARN_ON(oasz_lg2 != item_lg2);
		entry |= armv8pt_oa_to_desc(oa);
		WRITE_ONCE(*items, entry);
		pts->entry = entry;
		return;
	}
	/* A contiguous leaf starts on a multiple of its item count */
	PT_WARN_ON(oasz_lg2 != item_lg2 + armv8pt_contig_lg2(pts->level) ||
		   log2_mod(pts->index, oasz_lg2 - item_lg2));
	entry |= ARMV8_FMT_CONT;
	for (i = 0; i != log2_to_int(oasz_lg2 - item_lg2); i++)
		WRITE_ONCE(items[i],
			   entry | armv8pt_oa_to_desc(oa + ((pt_oaddr_t)i
							    << item_lg2)));
	pts->entry = READ_ONCE(items[0]);
}

#define pt_install_leaf_entry armv8pt_install_leaf_entry

static inline bool armv8pt_install_table(struct pt_state *pts,
					 pt_oaddr_t table_pa,
					 const struct pt_write_attrs *attrs)
{
	u64 entry = ARMV8_FMT_VALID | ARMV8_FMT_TABLE |
		    armv8pt_oa_to_desc(table_pa);

	if (pt_feature(pts->range->common, PT_FEAT_ARMV8_NS))
		entry |= ARMV8_FMT_NSTABLE;
	/* Fully ordered: the zeroed table is visible before the pointer */
	return try_cmpxchg64(&armv8pt_items(pts)[pts->index], &pts->entry,
			     entry);
}

#define pt_install_table armv8pt_install_table

/*
 * Every item valid and, above the last level, every one a block: the
 * type bit 1 clear on all of them; and none with the contiguous hint.
 */
static __always_inline bool
armv8pt_items_all_leaves(const struct pt_state *pts, unsigned int num)
{
	const u64 *items = armv8pt_items(pts) + pts->index;
	u64 all = ARMV8_FMT_VALID, any = 0;
	unsigned int i;

	if (pts->level > ARMV8_MAX_LEAF_LEVEL)
		return false;
	for (i = 0; i != num; i++) {
		u64 entry = READ_ONCE(items[i]);

		all &= entry;
		any |= entry;
	}
	if (!(all & ARMV8_FMT_VALID))
		return false;
	if (pt_feature(pts->range->common, PT_FEAT_ARMV8_CONTIG) &&
	    (any & ARMV8_FMT_CONT))
		return false;
	return !pts->level || !(any & ARMV8_FMT_TABLE);
}

#define pt_items_all_leaves armv8pt_items_all_leaves

/* The items of the leaf under the cursor: all of a contiguous one */
static inline u64 *armv8pt_entry_items(const struct pt_state *pts,
				       unsigned int *num)
{
	unsigned int num_contig_lg2 = armv8pt_entry_num_contig_lg2(pts);

	*num = 1U << num_contig_lg2;
	return armv8pt_items(pts) + log2_align_down(pts->index, num_contig_lg2);
}

/*
 * Writable-dirty: DBM set and AP[2] clear (D8.4, the dirty state), in any
 * item of a contiguous leaf
 */
static inline bool armv8pt_entry_is_write_dirty(const struct pt_state *pts)
{
	unsigned int i, num;
	u64 *items = armv8pt_entry_items(pts, &num);

	/* The IOMMU may have cleared AP[2] since the entry was loaded */
	for (i = 0; i != num; i++)
		if ((READ_ONCE(items[i]) &
		     (ARMV8_FMT_DBM | ARMV8_FMT_AP_RDONLY)) == ARMV8_FMT_DBM)
			return true;
	return false;
}

#define pt_entry_is_write_dirty armv8pt_entry_is_write_dirty

/*
 * Writable-clean: set AP[2] in every item; the next DMA write clears it
 * again
 */
static inline void armv8pt_entry_make_write_clean(struct pt_state *pts)
{
	unsigned int i, num;
	u64 *items = armv8pt_entry_items(pts, &num);

	for (i = 0; i != num; i++)
		pt_item_set_bits(&items[i], ARMV8_FMT_AP_RDONLY);
}

#define pt_entry_make_write_clean armv8pt_entry_make_write_clean

/* Clears AP[2] of a DBM leaf, as the IOMMU does on a DMA write */
static inline bool armv8pt_entry_make_write_dirty(struct pt_state *pts)
{
	u64 *item = armv8pt_items(pts) + pts->index;

	if (!(READ_ONCE(*item) & ARMV8_FMT_DBM))
		return false;
	pt_item_clear_bits(item, ARMV8_FMT_AP_RDONLY);
	return true;
}

#define pt_entry_make_write_dirty armv8pt_entry_make_write_dirty

/*
 * The access a leaf grants (D8.4): S2AP at stage 2; at stage 1 read, and
 * write unless AP[2] is set on a leaf without DBM (with DBM, AP[2] only
 * says the leaf is clean)
 */
static inline unsigned int armv8pt_entry_iommu_prot(const struct pt_state *pts)
{
	u64 entry = pts->entry;

	if (pt_feature(pts->range->common, PT_FEAT_ARMV8_S2))
		return (entry & ARMV8_FMT_S2AP_R ? IOMMU_READ : 0) |
		       (entry & ARMV8_FMT_S2AP_W ? IOMMU_WRITE : 0);
	if (!(entry & ARMV8_FMT_AP_RDONLY) || (entry & ARMV8_FMT_DBM))
		return IOMMU_READ | IOMMU_WRITE;
	return IOMMU_READ;
}

#define pt_entry_iommu_prot armv8pt_entry_iommu_prot

/*
 * Every attribute but the dirty state: AP[2] of a DBM leaf only says
 * whether it was written since the last clean, the leaf is writable
 */
static inline void armv8pt_attr_from_entry(const struct pt_state *pts,
					   struct pt_write_attrs *attrs)
{
	u64 bits = pts->entry & ~(ARMV8_FMT_OA | ARMV8_FMT_VALID |
				  ARMV8_FMT_TABLE | ARMV8_FMT_CONT);

	if (bits & ARMV8_FMT_DBM)
		bits &= ~ARMV8_FMT_AP_RDONLY;
	attrs->descriptor_bits = bits;
}

#define pt_attr_from_entry armv8pt_attr_from_entry

/*
 * Arm ARM, "Translation table entry updates": a block replaced by a table
 * of the same translations, or a table by a block, and any change to the
 * entries of a contiguous-hint group, need break-before-make (or FEAT_BBM,
 * which an SMMU does not promise): the entry goes invalid and the TLB is
 * invalidated first, so a DMA in between faults. Cut and reassemble refuse.
 */
static inline bool armv8pt_can_resize_hitless(const struct pt_common *common)
{
	return false;
}

#define pt_can_resize_hitless armv8pt_can_resize_hitless

/* --- IOMMU glue: only used by iommu_pt.h --- */

/* The 16 KiB and 64 KiB hw_info structs wrap the 4 KiB one */
#if ARMV8_GRANULE_LG2 == 12
#define armv8pt_hw(hw_info) (hw_info)
#else
#define armv8pt_hw(hw_info) (&(hw_info)->hw)
#endif

/**
 * armv8pt_iommu_set_prot() - encode IOMMU_* prot into leaf bits
 * @common: the table
 * @attrs: receives the leaf bits
 * @iommu_prot: IOMMU_READ / IOMMU_WRITE / IOMMU_CACHE / IOMMU_MMIO /
 *   IOMMU_NOEXEC / IOMMU_PRIV
 *
 * See the top of this file for the bits of each stage.
 *
 * Return: 0; iommu_pt.h has already rejected prot without read or write
 */
static inline int armv8pt_iommu_set_prot(struct pt_common *common,
					 struct pt_write_attrs *attrs,
					 unsigned int iommu_prot)
{
	u64 bits = ARMV8_FMT_AF;

	if (pt_feature(common, PT_FEAT_ARMV8_S2)) {
		unsigned int memattr = ARMV8_S2_MEMATTR_NC;

		if (iommu_prot & IOMMU_READ)
			bits |= ARMV8_FMT_S2AP_R;
		if (iommu_prot & IOMMU_WRITE)
			bits |= ARMV8_FMT_S2AP_W;
		if (iommu_prot & IOMMU_MMIO)
			memattr = ARMV8_S2_MEMATTR_DEV;
		else if (iommu_prot & IOMMU_CACHE)
			memattr = ARMV8_S2_MEMATTR_WB;
		bits |= FIELD_PREP(ARMV8_FMT_S2_MEMATTR, memattr);
	} else {
		unsigned int attrindx = ARMV8_ATTRINDX_NC;

		bits |= ARMV8_FMT_NG;
		if (!(iommu_prot & IOMMU_WRITE))
			bits |= ARMV8_FMT_AP_RDONLY;
		else if (pt_feature(common, PT_FEAT_ARMV8_DBM))
			bits |= ARMV8_FMT_DBM;
		if (!(iommu_prot & IOMMU_PRIV))
			bits |= ARMV8_FMT_AP_UNPRIV;
		if (iommu_prot & IOMMU_MMIO)
			attrindx = ARMV8_ATTRINDX_DEV;
		else if (iommu_prot & IOMMU_CACHE)
			attrindx = ARMV8_ATTRINDX_WB;
		bits |= FIELD_PREP(ARMV8_FMT_ATTRINDX, attrindx);
		if (pt_feature(common, PT_FEAT_ARMV8_NS))
			bits |= ARMV8_FMT_NS;
	}
	bits |= FIELD_PREP(ARMV8_FMT_SH, (iommu_prot & IOMMU_CACHE) ?
						 ARMV8_SH_INNER :
						 ARMV8_SH_OUTER);
	if (iommu_prot & IOMMU_NOEXEC)
		bits |= ARMV8_FMT_XN;
	attrs->descriptor_bits = bits;
	return 0;
}

#define pt_iommu_set_prot armv8pt_iommu_set_prot

/* The encoding of an output address size in TCR.IPS and VTCR.PS */
static inline int armv8pt_ps(unsigned int oasz_lg2)
{
	switch (oasz_lg2) {
	case 32:
		return 0;
	case 36:
		return 1;
	case 40:
		return 2;
	case 42:
		return 3;
	case 44:
		return 4;
	case 48:
		return 5;
	case 52:
		return 6;
	default:
		return -EINVAL;
	}
}

/*
 * D8.2, the stage 2 initial lookup level: whether VTCR.SL0 can start a walk
 * at @level (the Arm ARM's level 3 - @level) with a PA size of @oasz_lg2
 */
static inline bool armv8pt_s2_start_ok(unsigned int level,
				       unsigned int oasz_lg2)
{
	if (ARMV8_GRANULE_LG2 == 12)
		return level != 3 || oasz_lg2 >= 44;
	/* 16 KiB: a level 0 start needs FEAT_LPA2 */
	if (ARMV8_GRANULE_LG2 == 14)
		return level < 2 || (level == 2 && oasz_lg2 >= 42);
	return level != 2 || oasz_lg2 >= 44;
}

/**
 * armv8pt_iommu_fmt_init() - levels and top table from the IAS
 * @table: the table being initialised
 * @cfg: the configuration
 *
 * The walk starts at the lowest level whose table covers the IAS. At
 * stage 2 the top may instead be up to 16 concatenated tables one level
 * lower, a walk one level shorter. That is done where 6.12 does it (a
 * start at the Arm ARM's level 0 with at most 16 items), so that the
 * tables are the same as 6.12's, and where the Arm ARM requires it (see
 * armv8pt_s2_start_ok()).
 *
 * Return: the level of the top table, or -EINVAL, also for a stage 2 IAS
 * that needs more than 16 concatenated tables at the start level the PA
 * size allows
 */
static inline int armv8pt_iommu_fmt_init(struct pt_iommu_armv8 *table,
					 const struct pt_iommu_armv8_cfg *cfg)
{
	unsigned int vasz_lg2 = cfg->common.hw_max_vasz_lg2;
	/* An OAS beyond the format's is capped, as pt_iommu_init() does */
	unsigned int oasz_lg2 = min_t(unsigned int, cfg->common.hw_max_oasz_lg2,
				      PT_MAX_OUTPUT_ADDRESS_LG2);
	unsigned int features = cfg->common.features;
	bool s2 = features & BIT(PT_FEAT_ARMV8_S2);
	unsigned int level = 0;

	if (vasz_lg2 < ARMV8_MIN_VA_ADDRESS_LG2 ||
	    vasz_lg2 > PT_MAX_VA_ADDRESS_LG2 || armv8pt_ps(oasz_lg2) < 0)
		return -EINVAL;
	/* NS, HD and TTBR1 are stage 1 controls */
	if (s2 && (features & (BIT(PT_FEAT_ARMV8_NS) | BIT(PT_FEAT_ARMV8_DBM) |
			       BIT(PT_FEAT_UPPER_RANGE))))
		return -EINVAL;
	/*
	 * VMSAv7 LPAE (Arm ARM DDI0406C B3.6): TTBCR.T0SZ reaches 32 bits of
	 * input at stage 1, VTCR.T0SZ 40 at stage 2, and the output address
	 * is 40 bits. The 16 KiB and 64 KiB compilations have not got the
	 * feature: pt_iommu_init_common() refuses it with -EOPNOTSUPP.
	 */
	if ((features & ARMV8_FMT_LPAE32_FEATURE) &&
	    (vasz_lg2 > (s2 ? 40 : 32) || cfg->common.hw_max_oasz_lg2 > 40))
		return -EINVAL;

	while (PT_GRANULE_LG2SZ + ARMV8_ITEMS_LG2 * (level + 1) < vasz_lg2)
		level++;
	if (s2 && level &&
	    ((level == 3 && vasz_lg2 - (PT_GRANULE_LG2SZ +
					ARMV8_ITEMS_LG2 * level) <=
				    ARMV8_MAX_CONCAT_LG2) ||
	     !armv8pt_s2_start_ok(level, oasz_lg2))) {
		level--;
		if (vasz_lg2 - (PT_GRANULE_LG2SZ + ARMV8_ITEMS_LG2 * level) >
		    ARMV8_ITEMS_LG2 + ARMV8_MAX_CONCAT_LG2)
			return -EINVAL;
	}
	table->armv8_pt.top_items_lg2 =
		vasz_lg2 - (PT_GRANULE_LG2SZ + ARMV8_ITEMS_LG2 * level);
	return level;
}

#define pt_iommu_fmt_init armv8pt_iommu_fmt_init

/**
 * armv8pt_iommu_fmt_hw_info() - what a context descriptor or STE needs
 * @table: the table
 * @top_pa: physical address of the top table
 * @top_level: its level
 * @hw_info: receives TTBR/VTTBR and the TCR/VTCR fields and MAIR, in the
 *   encodings of TCR_EL1 and VTCR_EL2 that the SMMU's CD and STE reuse
 */
static inline void
armv8pt_iommu_fmt_hw_info(struct pt_iommu_armv8 *table, pt_oaddr_t top_pa,
			  unsigned int top_level,
			  struct pt_iommu_table_hw_info *hw_info)
{
	struct pt_iommu_armv8_hw_info *info = armv8pt_hw(hw_info);
	struct pt_common *common = &table->armv8_pt.common;
	bool coherent = !pt_feature(common, PT_FEAT_DMA_INCOHERENT);

	info->ttbr = top_pa;
	info->tsz = 64 - common->max_vasz_lg2;
	if (pt_feature(common, PT_FEAT_UPPER_RANGE)) {
		/* TTBR1: TG1 is 1 16 KiB, 2 4 KiB, 3 64 KiB; no TTBR0 walks */
		info->tg = PT_GRANULE_LG2SZ == 12 ? 2 :
			   PT_GRANULE_LG2SZ == 16 ? 3 : 1;
		info->epd0 = 1;
		info->epd1 = 0;
	} else {
		/* TG0: 0 4 KiB, 1 64 KiB, 2 16 KiB; no TTBR1 walks */
		info->tg = PT_GRANULE_LG2SZ == 12 ? 0 :
			   PT_GRANULE_LG2SZ == 16 ? 1 : 2;
		info->epd0 = 0;
		info->epd1 = !pt_feature(common, PT_FEAT_ARMV8_S2);
	}
	info->ps = armv8pt_ps(common->max_oasz_lg2);
	/* The walker's own accesses: cached and inner shareable if it snoops */
	info->sh = coherent ? ARMV8_SH_INNER : ARMV8_SH_OUTER;
	info->irgn = coherent;
	info->orgn = coherent;
	/*
	 * VTCR.SL0: 2 - the Arm ARM's start level (3 - top_level) with the
	 * 4 KiB granule, 3 - it with the others
	 */
	info->sl = !pt_feature(common, PT_FEAT_ARMV8_S2) ? 0 :
		   PT_GRANULE_LG2SZ == 12 ? top_level - 1 : top_level;
	info->mair = pt_feature(common, PT_FEAT_ARMV8_S2) ?
			     0 :
			     ARMV8_MAIR_NC << (8 * ARMV8_ATTRINDX_NC) |
				     ARMV8_MAIR_WB << (8 * ARMV8_ATTRINDX_WB) |
				     ARMV8_MAIR_DEV << (8 * ARMV8_ATTRINDX_DEV) |
				     ARMV8_MAIR_INC_OWB
					     << (8 * ARMV8_ATTRINDX_INC_OWB);
}

#define pt_iommu_fmt_hw_info armv8pt_iommu_fmt_hw_info

/* Member of struct pt_iommu_armv8 holding the struct pt_common */
#define PT_FMT_MEMBER armv8_pt

#endif
