/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Generic Page Table format: x86-64 4 and 5 level paging, the layout of the
 * AMD IOMMU v2 (guest, GCR3 rooted) I/O page table and of the VT-d first
 * stage table.
 *
 * Facts from the AMD64 Architecture Programmer's Manual Volume 2,
 * "Long-Mode Page Translation", the AMD I/O Virtualization Technology
 * (IOMMU) Specification, "I/O Page Tables for Guest Translations", and the
 * Intel VT-d Specification, "First-Stage Translation":
 *  - 4 KiB tables of 512 u64 entries; 4 levels (PML4, top level 3 here) or
 *    5 (PML5, top level 4); level 0 here is the PTE level
 *  - bit 0 P, bit 1 R/W, bit 2 U/S, bit 3 PWT, bit 4 PCD, bit 5 A, bit 6 D
 *    (leaves), bit 7 PS, bit 8 G (leaves), bits 51:12 address, bit 63 NX
 *    (XD in VT-d)
 *  - leaves are 4 KiB at level 0, 2 MiB at level 1 and 1 GiB at level 2,
 *    the latter two with PS set; PS is reserved at levels 3 and 4, and at
 *    level 0 bit 7 is PAT. In a 2 MiB or 1 GiB leaf bit 12 is PAT and the
 *    address starts at bit 21 or 30. There are no contiguous entries.
 *  - the input address is sign extended from bit 47 (4 levels) or bit 56
 *    (5 levels), so the lowest and the highest part of the 64-bit space
 *    are translated, through the lower and the upper half of the top table
 *    (PT_FEAT_SIGN_EXTEND)
 *  - with SME, the C-bit (sme_me_mask) in an address marks encrypted memory
 *  - bits 11:9 of a table entry are available to software (AVL in the
 *    AMD64 manual, ignored in the VT-d first stage entries)
 *
 * What this format writes:
 *  - a table pointer is P | R/W | U/S | A, as 6.12's AMD v2 and VT-d first
 *    stage code write it; the C-bit with PT_FEAT_X86_64_AMD_ENCRYPT_TABLES
 *  - a leaf is P | U/S | A, plus R/W | D for IOMMU_WRITE and PS above
 *    level 0; the C-bit with PT_FEAT_X86_64_AMD_ENCRYPT_TABLES, except for
 *    IOMMU_MMIO, which is never encrypted memory
 *  - D is pre-set on writable leaves only, as the VT-d first stage code
 *    does: the IOMMU need not write a fresh writable entry back on the first
 *    DMA write, and a read-only leaf, which no DMA can dirty, must never
 *    read as dirty to dirty tracking. 6.12's AMD v2 code sets D on every
 *    leaf.
 *  - U/S is set everywhere, as both 6.12 users set it, so that requests
 *    without the privileged mode flag, i.e. ordinary DMA, are allowed;
 *    IOMMU_PRIV is not encoded
 *  - NX, PWT, PCD and G are never set: neither 6.12 user of this layout
 *    encodes IOMMU_NOEXEC, IOMMU_CACHE or IOMMU_MMIO in them
 *  - with PT_FEAT_DMA_INCOHERENT (VT-d without page-walk coherency), bit 9
 *    of a table entry marks that the entry has been written back to
 *    memory; see pt_table_entry_is_flushed()
 */
#ifndef __GENERIC_PT_FMT_X86_64_H
#define __GENERIC_PT_FMT_X86_64_H

#include <linux/bitfield.h>
#include <linux/bitops.h>
#include <linux/errno.h>
#include <linux/generic_pt/iommu.h>
#include <linux/mem_encrypt.h>

#include "../pt_defs.h"

enum {
	PT_GRANULE_LG2SZ = 12,
	PT_TABLEMEM_LG2SZ = 12,
	PT_MAX_TOP_LEVEL = 4,
	PT_MAX_OUTPUT_ADDRESS_LG2 = 52,
	PT_MAX_VA_ADDRESS_LG2 = 57,
	X86_64PT_ITEMS_LG2 = 9,
	/* The top of 4-level paging */
	X86_64PT_MIN_TOP_LEVEL = 3,
	/* The highest level holding leaves: 1 GiB */
	X86_64PT_MAX_LEAF_LEVEL = 2,
};

#define X86_64PT_FMT_P BIT_ULL(0)
#define X86_64PT_FMT_RW BIT_ULL(1)
#define X86_64PT_FMT_US BIT_ULL(2)
#define X86_64PT_FMT_PWT BIT_ULL(3)
#define X86_64PT_FMT_PCD BIT_ULL(4)
#define X86_64PT_FMT_A BIT_ULL(5)
#define X86_64PT_FMT_D BIT_ULL(6)
#define X86_64PT_FMT_PS BIT_ULL(7)
#define X86_64PT_FMT_G BIT_ULL(8)
#define X86_64PT_FMT_OA GENMASK_ULL(51, 12)
#define X86_64PT_FMT_NX BIT_ULL(63)
/* Software: a table entry written back for an incoherent walker */
#define X86_64PT_FMT_SW_FLUSHED BIT_ULL(9)

/*
 * The u64 item hooks of pt_fmt_defaults.h: an item is empty when P is
 * clear; a leaf is present at level 0 and present with PS at the levels
 * that hold leaves; D is the dirty bit; bit 9 marks a flushed table entry
 */
#define PT_ITEM64_PRESENT X86_64PT_FMT_P
#define PT_ITEM64_LEAF X86_64PT_FMT_P
#define PT_ITEM64_PS X86_64PT_FMT_PS
#define PT_ITEM64_MAX_LEAF_LEVEL X86_64PT_MAX_LEAF_LEVEL
#define PT_ITEM64_DIRTY X86_64PT_FMT_D
#define PT_ITEM64_SW_FLUSHED X86_64PT_FMT_SW_FLUSHED

/* Attribute bits of a leaf: all but P, PS and the address */
#define X86_64PT_FMT_LEAF_ATTRS                                          \
	(X86_64PT_FMT_RW | X86_64PT_FMT_US | X86_64PT_FMT_PWT |          \
	 X86_64PT_FMT_PCD | X86_64PT_FMT_A | X86_64PT_FMT_D |            \
	 X86_64PT_FMT_G | X86_64PT_FMT_NX)

#define PT_FMT_FEATURES                                        \
	(BIT(PT_FEAT_DMA_INCOHERENT) | BIT(PT_FEAT_SIGN_EXTEND) | \
	 BIT(PT_FEAT_FLUSH_RANGE) | BIT(PT_FEAT_FLUSH_RANGE_NO_GAPS) | \
	 BIT(PT_FEAT_X86_64_AMD_ENCRYPT_TABLES))

static inline u64 *x86_64pt_items(const struct pt_state *pts)
{
	return (u64 *)pts->table;
}

/* The address field of an entry, SME C-bit stripped */
static inline pt_oaddr_t x86_64pt_field_to_oa(u64 entry)
{
	return __sme_clr(entry & X86_64PT_FMT_OA);
}

static inline unsigned int
x86_64pt_table_item_lg2sz(const struct pt_state *pts)
{
	return PT_GRANULE_LG2SZ + X86_64PT_ITEMS_LG2 * pts->level;
}

#define pt_table_item_lg2sz x86_64pt_table_item_lg2sz

static inline unsigned int x86_64pt_num_items_lg2(const struct pt_state *pts)
{
	return X86_64PT_ITEMS_LG2;
}

#define pt_num_items_lg2 x86_64pt_num_items_lg2

static inline u64 x86_64pt_possible_sizes(const struct pt_state *pts)
{
	/* One item per leaf: 4 KiB, 2 MiB or 1 GiB */
	if (pts->level > X86_64PT_MAX_LEAF_LEVEL)
		return 0;
	return log2_to_int(x86_64pt_table_item_lg2sz(pts));
}

#define pt_possible_sizes x86_64pt_possible_sizes

static __always_inline enum pt_entry_type
x86_64pt_load_entry_raw(struct pt_state *pts)
{
	u64 entry = READ_ONCE(x86_64pt_items(pts)[pts->index]);

	pts->entry = entry;
	if (!(entry & X86_64PT_FMT_P))
		return PT_ENTRY_EMPTY;
	/* At level 0 bit 7 is PAT; above level 2 PS is reserved */
	if (pts->level == 0 ||
	    (pts->level <= X86_64PT_MAX_LEAF_LEVEL &&
	     (entry & X86_64PT_FMT_PS)))
		return PT_ENTRY_OA;
	return PT_ENTRY_TABLE;
}

#define pt_load_entry_raw x86_64pt_load_entry_raw

static inline pt_oaddr_t x86_64pt_table_pa(const struct pt_state *pts)
{
	return x86_64pt_field_to_oa(pts->entry);
}

#define pt_table_pa x86_64pt_table_pa

static inline pt_oaddr_t x86_64pt_entry_oa(const struct pt_state *pts)
{
	/* Drops the PAT bit 12 of a 2 MiB or 1 GiB leaf */
	return log2_align_down(x86_64pt_field_to_oa(pts->entry),
			       x86_64pt_table_item_lg2sz(pts));
}

#define pt_entry_oa x86_64pt_entry_oa

static __always_inline void
x86_64pt_install_leaf_entry(struct pt_state *pts, pt_oaddr_t oa,
			    unsigned int oasz_lg2,
			    const struct pt_write_attrs *attrs)
{
	u64 entry = X86_64PT_FMT_P | attrs->descriptor_bits |
		    (oa & X86_64PT_FMT_OA);

	/* Every leaf is exactly one item */
	PT_WARN_ON(oasz_lg2 != x86_64pt_table_item_lg2sz(pts));
	if (pts->level)
		entry |= X86_64PT_FMT_PS;
	WRITE_ONCE(x86_64pt_items(pts)[pts->index], entry);
	pts->entry = entry;
}

#define pt_install_leaf_entry x86_64pt_install_leaf_entry

static inline bool x86_64pt_install_table(struct pt_state *pts,
					  pt_oaddr_t table_pa,
					  const struct pt_write_attrs *attrs)
{
	u64 entry = X86_64PT_FMT_P | X86_64PT_FMT_RW | X86_64PT_FMT_US |
		    X86_64PT_FMT_A | (table_pa & X86_64PT_FMT_OA);

	if (pt_feature(pts->range->common, PT_FEAT_X86_64_AMD_ENCRYPT_TABLES))
		entry = __sme_set(entry);
	/* Fully ordered: the zeroed table is visible before the pointer */
	return try_cmpxchg64(&x86_64pt_items(pts)[pts->index], &pts->entry,
			     entry);
}

#define pt_install_table x86_64pt_install_table

static inline void x86_64pt_attr_from_entry(const struct pt_state *pts,
					    struct pt_write_attrs *attrs)
{
	attrs->descriptor_bits =
		pts->entry &
		(X86_64PT_FMT_LEAF_ATTRS | __sme_set(0ULL));
}

#define pt_attr_from_entry x86_64pt_attr_from_entry

/* Every present entry is readable; RW adds writes */
static inline unsigned int
x86_64pt_entry_iommu_prot(const struct pt_state *pts)
{
	return IOMMU_READ | (pts->entry & X86_64PT_FMT_RW ? IOMMU_WRITE : 0);
}

#define pt_entry_iommu_prot x86_64pt_entry_iommu_prot

/* --- IOMMU glue: only used by iommu_pt.h --- */

/**
 * x86_64pt_iommu_set_prot() - encode IOMMU_* prot into leaf bits
 * @common: the table
 * @attrs: receives the leaf bits
 * @iommu_prot: IOMMU_READ / IOMMU_WRITE / IOMMU_MMIO / ...
 *
 * A present entry is always readable, so IOMMU_WRITE alone maps read and
 * write.
 *
 * Return: 0; iommu_pt.h has already rejected prot without read or write
 */
static inline int x86_64pt_iommu_set_prot(struct pt_common *common,
					  struct pt_write_attrs *attrs,
					  unsigned int iommu_prot)
{
	u64 bits = X86_64PT_FMT_US | X86_64PT_FMT_A;

	/* D only where a DMA write could set it: see the top of this file */
	if (iommu_prot & IOMMU_WRITE)
		bits |= X86_64PT_FMT_RW | X86_64PT_FMT_D;
	/* MMIO is never encrypted memory */
	if (pt_feature(common, PT_FEAT_X86_64_AMD_ENCRYPT_TABLES) &&
	    !(iommu_prot & IOMMU_MMIO))
		bits = __sme_set(bits);
	attrs->descriptor_bits = bits;
	return 0;
}

#define pt_iommu_set_prot x86_64pt_iommu_set_prot

/**
 * x86_64pt_iommu_fmt_init() - check the x86-64 specific configuration
 * @table: the table being initialised
 * @cfg: the configuration
 *
 * Return: the level of the top table, 3 or 4, or -EINVAL
 */
static inline int
x86_64pt_iommu_fmt_init(struct pt_iommu_x86_64 *table,
			const struct pt_iommu_x86_64_cfg *cfg)
{
	if (cfg->top_level < X86_64PT_MIN_TOP_LEVEL ||
	    cfg->top_level > PT_MAX_TOP_LEVEL)
		return -EINVAL;
	return cfg->top_level;
}

#define pt_iommu_fmt_init x86_64pt_iommu_fmt_init

/**
 * x86_64pt_iommu_fmt_hw_info() - what a GCR3 table or PASID entry needs
 * @table: the table
 * @top_pa: physical address of the top table
 * @top_level: its level
 * @info: receives the top table pointer and the number of levels
 */
static inline void
x86_64pt_iommu_fmt_hw_info(struct pt_iommu_x86_64 *table, pt_oaddr_t top_pa,
			   unsigned int top_level,
			   struct pt_iommu_table_hw_info *info)
{
	info->gcr3_pt = top_pa;
	if (pt_feature(&table->x86_64_pt.common,
		       PT_FEAT_X86_64_AMD_ENCRYPT_TABLES))
		info->gcr3_pt = __sme_set(top_pa);
	info->levels = top_level + 1;
}

#define pt_iommu_fmt_hw_info x86_64pt_iommu_fmt_hw_info

/* Member of struct pt_iommu_x86_64 holding the struct pt_common */
#define PT_FMT_MEMBER x86_64_pt

#endif
