/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Generic Page Table format: the Intel VT-d second stage page table, the
 * table a legacy mode context entry or the SSPTPTR of a scalable mode PASID
 * entry points at.
 *
 * Facts from the Intel Virtualization Technology for Directed I/O
 * Architecture Specification, chapter "Translation Structure Formats",
 * section "Second-Stage Paging Entries" (the tables there give the format
 * of each entry, named below; their numbers differ between revisions of
 * the spec, so they are not repeated here), and from 6.12's
 * drivers/iommu/intel/iommu.h:
 *  - 4 KiB tables of 512 u64 entries; 3, 4 or 5 levels, as the SAGAW field
 *    of the capability register offers them. The levels here and the
 *    spec's entries are: level 4 SS-PML5E, level 3 SS-PML4E, level 2
 *    SS-PDPE, level 1 SS-PDE, level 0 SS-PTE. The top is level 2 (3-level,
 *    39 bit), 3 (4-level, 48 bit) or 4 (5-level, 57 bit) and is named to
 *    the hardware by the AW field, the number of levels minus 2.
 *  - bit 0 R (read), bit 1 W (write). There is no present bit: an entry
 *    with neither R nor W is not present, whatever its other bits
 *  - bit 7 PS in an SS-PDE (2 MiB leaf) or SS-PDPE (1 GiB leaf); PS is
 *    reserved in SS-PML4E and SS-PML5E, and an SS-PTE is always a leaf
 *  - bit 8 A (accessed) and bit 9 D (dirty), written by the hardware with
 *    second stage A/D tracking (SSADS) on: D in a leaf is what dirty
 *    tracking reads and clears
 *  - bit 11 SNP in a leaf: the DMA snoops the CPU caches whatever the
 *    request says (no-snoop requests are forced to snoop)
 *  - bits 51:12 the address of the next table or of the page; in a 2 MiB
 *    or 1 GiB leaf the bits below the page size are reserved
 *  - bits 10, 52-60 and 63 are ignored by the hardware
 *  - the usable input address width (the MGAW field) need not match the
 *    levels: a 4-level table may translate only 39 or 42 bits. The cfg
 *    carries the top level and the VA width apart; the table then uses
 *    only the low items of its top table.
 *  - 2 MiB and 1 GiB leaves exist only when the SLLPS field of the
 *    capability register (cap_super_page_val()) offers them; the cfg says
 *    how many levels above level 0 may hold leaves
 *
 * What this format writes:
 *  - a table pointer is R | W | address, as 6.12 writes it: the
 *    permissions of a walk are the AND of every level's, so the tables
 *    allow everything and the leaf decides
 *  - a leaf is R, plus W for IOMMU_WRITE, plus PS above level 0, plus SNP
 *    with PT_FEAT_VTDSS_FORCE_COHERENCE, plus W on every leaf with
 *    PT_FEAT_VTDSS_FORCE_WRITEABLE
 *  - R is set on every leaf, so a write-only (IOMMU_WRITE alone, the DMA
 *    API's DMA_FROM_DEVICE) mapping is readable too. 6.12 does the same
 *    (its second stage leaves always carry bit 0) and the VT-d first stage
 *    format cannot express write-only at all: keeping R gives a driver
 *    the same permissions on both stages, lets no device that worked on
 *    6.12 fault on a read of a DMA_FROM_DEVICE buffer, and keeps the
 *    compare against 6.12's tables exact. Write-only DMA is not a
 *    protection the DMA API promises.
 *  - with PT_FEAT_DMA_INCOHERENT (no page-walk coherency: ECAP.C clear in
 *    legacy mode, ECAP.SMPWC in scalable mode), the ignored bit 10 of a
 *    table entry marks that the entry has been written back to memory;
 *    see pt_table_entry_is_flushed()
 *  - A and D are never pre-set: D set at map time would read as a DMA
 *    write to dirty tracking, and 6.12's second stage leaves them clear
 *  - IOMMU_CACHE, IOMMU_NOEXEC, IOMMU_MMIO and IOMMU_PRIV are not encoded,
 *    as in 6.12: snooping is a property of the whole domain (SNP from
 *    PT_FEAT_VTDSS_FORCE_COHERENCE), and the execute and memory type
 *    controls (bits 2-6) and bits 61-62 are left clear
 */
#ifndef __GENERIC_PT_FMT_VTDSS_H
#define __GENERIC_PT_FMT_VTDSS_H

#include <linux/bitfield.h>
#include <linux/bitops.h>
#include <linux/container_of.h>
#include <linux/errno.h>
#include <linux/generic_pt/iommu.h>

#include "../pt_defs.h"

enum {
	PT_GRANULE_LG2SZ = 12,
	PT_TABLEMEM_LG2SZ = 12,
	PT_MAX_TOP_LEVEL = 4,
	PT_MAX_OUTPUT_ADDRESS_LG2 = 52,
	PT_MAX_VA_ADDRESS_LG2 = 57,
	VTDSS_ITEMS_LG2 = 9,
	/* The top of a 3-level (39 bit) table */
	VTDSS_MIN_TOP_LEVEL = 2,
	/* The highest level holding leaves: 1 GiB */
	VTDSS_MAX_LEAF_LEVEL = 2,
};

#define VTDSS_FMT_R BIT_ULL(0)
#define VTDSS_FMT_W BIT_ULL(1)
#define VTDSS_FMT_PS BIT_ULL(7)
#define VTDSS_FMT_A BIT_ULL(8)
#define VTDSS_FMT_D BIT_ULL(9)
#define VTDSS_FMT_SNP BIT_ULL(11)
#define VTDSS_FMT_OA GENMASK_ULL(51, 12)
/* Software, in an ignored bit: a table entry written back */
#define VTDSS_FMT_SW_FLUSHED BIT_ULL(10)

/*
 * The u64 item hooks of pt_fmt_defaults.h: an item is empty when neither R
 * nor W is set; every leaf this format writes has R, plus PS above level
 * 0, so those bits on all items prove single-item leaves; D is the dirty
 * bit; bit 10 marks a flushed table entry
 */
#define PT_ITEM64_PRESENT VTDSS_FMT_PRESENT
#define PT_ITEM64_LEAF VTDSS_FMT_R
#define PT_ITEM64_PS VTDSS_FMT_PS
#define PT_ITEM64_MAX_LEAF_LEVEL VTDSS_MAX_LEAF_LEVEL
#define PT_ITEM64_DIRTY VTDSS_FMT_D
#define PT_ITEM64_SW_FLUSHED VTDSS_FMT_SW_FLUSHED

/* Either permission makes an entry present */
#define VTDSS_FMT_PRESENT (VTDSS_FMT_R | VTDSS_FMT_W)

/* Attribute bits of a leaf: all but PS and the address */
#define VTDSS_FMT_LEAF_ATTRS                                       \
	(VTDSS_FMT_R | VTDSS_FMT_W | VTDSS_FMT_A | VTDSS_FMT_D |   \
	 VTDSS_FMT_SNP)

#define PT_FMT_FEATURES                                            \
	(BIT(PT_FEAT_DMA_INCOHERENT) | BIT(PT_FEAT_FLUSH_RANGE) |      \
	 BIT(PT_FEAT_FLUSH_RANGE_NO_GAPS) |                          \
	 BIT(PT_FEAT_VTDSS_FORCE_COHERENCE) |                        \
	 BIT(PT_FEAT_VTDSS_FORCE_WRITEABLE))

static inline u64 *vtdss_pt_items(const struct pt_state *pts)
{
	return (u64 *)pts->table;
}

/* The highest level that may hold a leaf, from the cfg */
static inline unsigned int vtdss_pt_max_leaf_level(const struct pt_state *pts)
{
	return container_of(pts->range->common, struct pt_vtdss, common)
		->max_leaf_level;
}

static inline unsigned int
vtdss_pt_table_item_lg2sz(const struct pt_state *pts)
{
	return PT_GRANULE_LG2SZ + VTDSS_ITEMS_LG2 * pts->level;
}

#define pt_table_item_lg2sz vtdss_pt_table_item_lg2sz

static inline unsigned int vtdss_pt_num_items_lg2(const struct pt_state *pts)
{
	return VTDSS_ITEMS_LG2;
}

#define pt_num_items_lg2 vtdss_pt_num_items_lg2

static inline u64 vtdss_pt_possible_sizes(const struct pt_state *pts)
{
	/* One item per leaf: 4 KiB, and 2 MiB or 1 GiB where the cfg says */
	if (pts->level > vtdss_pt_max_leaf_level(pts))
		return 0;
	return log2_to_int(vtdss_pt_table_item_lg2sz(pts));
}

#define pt_possible_sizes vtdss_pt_possible_sizes

static __always_inline enum pt_entry_type
vtdss_pt_load_entry_raw(struct pt_state *pts)
{
	u64 entry = READ_ONCE(vtdss_pt_items(pts)[pts->index]);

	pts->entry = entry;
	if (!(entry & VTDSS_FMT_PRESENT))
		return PT_ENTRY_EMPTY;
	/* PS is reserved above level 2 */
	if (pts->level == 0 ||
	    (pts->level <= VTDSS_MAX_LEAF_LEVEL && (entry & VTDSS_FMT_PS)))
		return PT_ENTRY_OA;
	return PT_ENTRY_TABLE;
}

#define pt_load_entry_raw vtdss_pt_load_entry_raw

static inline pt_oaddr_t vtdss_pt_table_pa(const struct pt_state *pts)
{
	return pts->entry & VTDSS_FMT_OA;
}

#define pt_table_pa vtdss_pt_table_pa

static inline pt_oaddr_t vtdss_pt_entry_oa(const struct pt_state *pts)
{
	/* The reserved address bits of a large leaf are zero; drop them */
	return log2_align_down(pts->entry & VTDSS_FMT_OA,
			       vtdss_pt_table_item_lg2sz(pts));
}

#define pt_entry_oa vtdss_pt_entry_oa

static __always_inline void
vtdss_pt_install_leaf_entry(struct pt_state *pts, pt_oaddr_t oa,
			    unsigned int oasz_lg2,
			    const struct pt_write_attrs *attrs)
{
	u64 entry = attrs->descriptor_bits | (oa & VTDSS_FMT_OA);

	/* Every leaf is exactly one item */
	PT_WARN_ON(oasz_lg2 != vtdss_pt_table_item_lg2sz(pts));
	if (pts->level)
		entry |= VTDSS_FMT_PS;
	WRITE_ONCE(vtdss_pt_items(pts)[pts->index], entry);
	pts->entry = entry;
}

#define pt_install_leaf_entry vtdss_pt_install_leaf_entry

static inline bool vtdss_pt_install_table(struct pt_state *pts,
					  pt_oaddr_t table_pa,
					  const struct pt_write_attrs *attrs)
{
	u64 entry = VTDSS_FMT_R | VTDSS_FMT_W | (table_pa & VTDSS_FMT_OA);

	/* Fully ordered: the zeroed table is visible before the pointer */
	return try_cmpxchg64(&vtdss_pt_items(pts)[pts->index], &pts->entry,
			     entry);
}

#define pt_install_table vtdss_pt_install_table

static inline void vtdss_pt_attr_from_entry(const struct pt_state *pts,
					    struct pt_write_attrs *attrs)
{
	attrs->descriptor_bits = pts->entry & VTDSS_FMT_LEAF_ATTRS;
}

#define pt_attr_from_entry vtdss_pt_attr_from_entry

static inline unsigned int vtdss_pt_entry_iommu_prot(const struct pt_state *pts)
{
	return (pts->entry & VTDSS_FMT_R ? IOMMU_READ : 0) |
	       (pts->entry & VTDSS_FMT_W ? IOMMU_WRITE : 0);
}

#define pt_entry_iommu_prot vtdss_pt_entry_iommu_prot

/* --- IOMMU glue: only used by iommu_pt.h --- */

/**
 * vtdss_pt_iommu_set_prot() - encode IOMMU_* prot into leaf bits
 * @common: the table
 * @attrs: receives the leaf bits
 * @iommu_prot: IOMMU_READ / IOMMU_WRITE / ...
 *
 * Every leaf is readable, so IOMMU_WRITE alone maps read and write (see
 * the top of this file). PT_FEAT_VTDSS_FORCE_WRITEABLE makes every leaf
 * writable, PT_FEAT_VTDSS_FORCE_COHERENCE sets SNP; both are read at each
 * map, so a driver may enable them on a table before it maps anything.
 *
 * Return: 0; iommu_pt.h has already rejected prot without read or write
 */
static inline int vtdss_pt_iommu_set_prot(struct pt_common *common,
					  struct pt_write_attrs *attrs,
					  unsigned int iommu_prot)
{
	u64 bits = VTDSS_FMT_R;

	if ((iommu_prot & IOMMU_WRITE) ||
	    pt_feature(common, PT_FEAT_VTDSS_FORCE_WRITEABLE))
		bits |= VTDSS_FMT_W;
	if (pt_feature(common, PT_FEAT_VTDSS_FORCE_COHERENCE))
		bits |= VTDSS_FMT_SNP;
	attrs->descriptor_bits = bits;
	return 0;
}

#define pt_iommu_set_prot vtdss_pt_iommu_set_prot

/**
 * vtdss_pt_iommu_fmt_init() - check the VT-d second stage configuration
 * @table: the table being initialised
 * @cfg: the configuration
 *
 * Return: the level of the top table, 2 to 4, or -EINVAL
 */
static inline int
vtdss_pt_iommu_fmt_init(struct pt_iommu_vtdss *table,
			const struct pt_iommu_vtdss_cfg *cfg)
{
	if (cfg->top_level < VTDSS_MIN_TOP_LEVEL ||
	    cfg->top_level > PT_MAX_TOP_LEVEL ||
	    cfg->max_leaf_level > VTDSS_MAX_LEAF_LEVEL)
		return -EINVAL;
	table->vtdss_pt.max_leaf_level = cfg->max_leaf_level;
	return cfg->top_level;
}

#define pt_iommu_fmt_init vtdss_pt_iommu_fmt_init

/**
 * vtdss_pt_iommu_fmt_hw_info() - what a context or PASID entry needs
 * @table: the table
 * @top_pa: physical address of the top table
 * @top_level: its level
 * @info: receives the top table pointer and the AW encoding of the levels
 */
static inline void
vtdss_pt_iommu_fmt_hw_info(struct pt_iommu_vtdss *table, pt_oaddr_t top_pa,
			   unsigned int top_level,
			   struct pt_iommu_table_hw_info *info)
{
	info->ssptptr = top_pa;
	/* AW: 1 for 3 levels, 2 for 4, 3 for 5 */
	info->aw = top_level - 1;
}

#define pt_iommu_fmt_hw_info vtdss_pt_iommu_fmt_hw_info

/* Member of struct pt_iommu_vtdss holding the struct pt_common */
#define PT_FMT_MEMBER vtdss_pt

#endif
