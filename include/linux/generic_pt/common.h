/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Generic Page Table: the part of a page table that every format shares.
 *
 * A page table is described by a struct pt_common embedded in a per-format
 * struct pt_<fmt>. The algorithms in drivers/iommu/generic_pt/ are compiled
 * once per format and operate on that struct.
 */
#ifndef __GENERIC_PT_COMMON_H
#define __GENERIC_PT_COMMON_H

#include <linux/types.h>
#include <linux/build_bug.h>
#include <linux/bits.h>

/**
 * struct pt_common - state shared by every page table format
 * @top_of_table: Virtual address of the top table ORed with the level of the
 *   top table in the low bits (PT_TOP_LEVEL_MASK). Both change together in
 *   one store so a lockless walker that reads this word once sees a
 *   consistent pair. Written only under the driver's top lock (see
 *   &struct pt_iommu_driver_ops), read with READ_ONCE().
 * @max_oasz_lg2: log2 of the largest output address + 1 the table may hold
 * @max_vasz_lg2: log2 of the size of the input address space the table may
 *   grow to. With PT_FEAT_SIGN_EXTEND this includes the sign bit; with
 *   PT_FEAT_UPPER_RANGE it is the size of the upper range.
 * @features: bitmap of enum pt_features enabled for this table
 */
struct pt_common {
	uintptr_t top_of_table;
	u8 max_oasz_lg2;
	u8 max_vasz_lg2;
	unsigned int features;
};

/* Table memory is at least 4 KiB aligned, leaving room for the level. */
#define PT_TOP_LEVEL_BITS 3
#define PT_TOP_LEVEL_MASK GENMASK(PT_TOP_LEVEL_BITS - 1, 0)

/**
 * enum pt_features - optional behaviours of a page table
 * @PT_FEAT_DMA_INCOHERENT: the walker does not snoop CPU caches; table
 *   memory is written back after every change, with CLFLUSH: init refuses
 *   the feature (-EOPNOTSUPP) where the CPU has none
 * @PT_FEAT_DYNAMIC_TOP: the table starts small and gains levels on top as
 *   higher IOVAs are mapped; needs &pt_iommu_driver_ops.change_top
 * @PT_FEAT_SIGN_EXTEND: the VA is sign extended from its top bit, so both
 *   the lowest and the highest halves of the 64-bit space are usable
 * @PT_FEAT_FLUSH_RANGE: the IOTLB is invalidated by range; the gather may
 *   span gaps
 * @PT_FEAT_FLUSH_RANGE_NO_GAPS: like PT_FEAT_FLUSH_RANGE, but the IOTLB may
 *   cache non-present entries, so a gathered range must not cover VA that
 *   was not unmapped: the gather is synced before a disjoint range is added
 * @PT_FEAT_UPPER_RANGE: the table translates only the top of the 64-bit VA
 *   space, [~0 << max_vasz_lg2, ~0] (Arm's TTBR1): every IOVA has all the
 *   bits from max_vasz_lg2 up set, and the items are indexed by the bits
 *   below. Any other IOVA is outside the aperture. Not with
 *   PT_FEAT_SIGN_EXTEND or PT_FEAT_DYNAMIC_TOP; init refuses it with
 *   -EOPNOTSUPP where an unsigned long (the IOVA of the iommu API) cannot
 *   name those IOVAs
 * @PT_FEAT_FMT_START: first bit a format may use for its own features
 */
enum pt_features {
	PT_FEAT_DMA_INCOHERENT,
	PT_FEAT_DYNAMIC_TOP,
	PT_FEAT_SIGN_EXTEND,
	PT_FEAT_FLUSH_RANGE,
	PT_FEAT_FLUSH_RANGE_NO_GAPS,
	PT_FEAT_UPPER_RANGE,
	PT_FEAT_FMT_START,
};

/**
 * struct pt_amdv1 - AMD IOMMU v1 (host) page table
 * @common: the shared part
 */
struct pt_amdv1 {
	struct pt_common common;
};

/**
 * enum pt_amdv1_features - AMD v1 specific features
 * @PT_FEAT_AMDV1_ENCRYPT_TABLES: set the SME C-bit in table pointers and in
 *   leaves that map RAM (never in IOMMU_MMIO leaves)
 * @PT_FEAT_AMDV1_FORCE_COHERENCE: set FC in every leaf so DMA snoops
 */
enum pt_amdv1_features {
	PT_FEAT_AMDV1_ENCRYPT_TABLES = PT_FEAT_FMT_START,
	PT_FEAT_AMDV1_FORCE_COHERENCE,
};

/**
 * struct pt_x86_64 - x86-64 4/5-level page table (AMD v2, VT-d first stage)
 * @common: the shared part
 */
struct pt_x86_64 {
	struct pt_common common;
};

/**
 * enum pt_x86_64_features - x86-64 specific features
 * @PT_FEAT_X86_64_AMD_ENCRYPT_TABLES: set the SME C-bit in table pointers
 *   and in leaves that map RAM (never in IOMMU_MMIO leaves)
 */
enum pt_x86_64_features {
	PT_FEAT_X86_64_AMD_ENCRYPT_TABLES = PT_FEAT_FMT_START,
};

/**
 * struct pt_vtdss - Intel VT-d second stage page table
 * @common: the shared part
 * @max_leaf_level: the highest level that may hold a leaf: 0 (4 KiB only),
 *   1 (2 MiB) or 2 (2 MiB and 1 GiB); set from the cfg at init
 */
struct pt_vtdss {
	struct pt_common common;
	u8 max_leaf_level;
};

/**
 * enum pt_vtdss_features - VT-d second stage specific features
 * @PT_FEAT_VTDSS_FORCE_COHERENCE: set SNP in every leaf so DMA snoops the
 *   CPU caches even for no-snoop requests (the domain enforces cache
 *   coherency)
 * @PT_FEAT_VTDSS_FORCE_WRITEABLE: set W in every leaf, read-only maps
 *   included, for a nesting parent on hardware with ERRATA_772415_SPR17
 */
enum pt_vtdss_features {
	PT_FEAT_VTDSS_FORCE_COHERENCE = PT_FEAT_FMT_START,
	PT_FEAT_VTDSS_FORCE_WRITEABLE,
};

/**
 * struct pt_armv8 - Arm VMSAv8-64 (LPAE) page table, 4 KiB granule
 * @common: the shared part
 * @top_items_lg2: log2 of the number of items of the top table, from the
 *   IAS; above 9 for concatenated stage 2 tables. Set at init
 */
struct pt_armv8 {
	struct pt_common common;
	u8 top_items_lg2;
};

/**
 * enum pt_armv8_features - Arm VMSAv8-64 specific features
 * @PT_FEAT_ARMV8_S2: a stage 2 table (S2AP and MemAttr leaves, VTCR);
 *   else stage 1 (AP and AttrIndx leaves, TCR and MAIR)
 * @PT_FEAT_ARMV8_NS: stage 1: set NS in leaves and NSTable in table
 *   descriptors (6.12's IO_PGTABLE_QUIRK_ARM_NS)
 * @PT_FEAT_ARMV8_DBM: stage 1: set DBM in writable leaves, for hardware
 *   update of the dirty state (the SMMU's HD; 6.12's
 *   IO_PGTABLE_QUIRK_ARM_HD): dirty tracking reads and clears it
 * @PT_FEAT_ARMV8_LPAE32: the table is walked by a VMSAv7 (32-bit) LPAE
 *   context, 6.12's ARM_32_LPAE_S1 and ARM_32_LPAE_S2: 4 KiB granule only
 *   (the 16 KiB and 64 KiB compilations refuse it), an IAS of at most 32
 *   bits at stage 1 and 40 at stage 2, an OAS of at most 40; init refuses
 *   more with -EINVAL. The descriptors are the same as the 64-bit ones
 * @PT_FEAT_ARMV8_CONTIG: also offer leaves of adjacent items with the
 *   contiguous hint (bit 52), written, dirtied and cleared as one leaf:
 *   16 items with the 4 KiB granule (64 KiB, 32 MiB, 16 GiB), 128 pages
 *   and 32 blocks with 16 KiB (2 MiB, 1 GiB), 32 pages and 32 blocks with
 *   64 KiB (2 MiB, 16 GiB). 6.12 never sets the hint
 */
enum pt_armv8_features {
	PT_FEAT_ARMV8_S2 = PT_FEAT_FMT_START,
	PT_FEAT_ARMV8_NS,
	PT_FEAT_ARMV8_DBM,
	PT_FEAT_ARMV8_LPAE32,
	PT_FEAT_ARMV8_CONTIG,
};

/**
 * struct pt_armv7s - Arm VMSAv7 short-descriptor (ARMv7s) page table
 * @common: the shared part
 * @top_items_lg2: log2 of the number of items of the top table: the IAS
 *   minus 20. Set at init
 */
struct pt_armv7s {
	struct pt_common common;
	u8 top_items_lg2;
};

/**
 * enum pt_armv7s_features - ARMv7s specific features
 * @PT_FEAT_ARMV7S_NS: set NS in sections and NSTable in table descriptors
 *   (6.12's IO_PGTABLE_QUIRK_ARM_NS)
 */
enum pt_armv7s_features {
	PT_FEAT_ARMV7S_NS = PT_FEAT_FMT_START,
};

/**
 * struct pt_dart - Apple DART page table, 4 KiB granule
 * @common: the shared part
 * @top_items_lg2: log2 of the number of items of the top table: the first
 *   level tables of every TTBR side by side, from the IAS. Set at init
 */
struct pt_dart {
	struct pt_common common;
	u8 top_items_lg2;
};

/**
 * enum pt_dart_features - Apple DART specific features
 * @PT_FEAT_DART_V2: the DART2 layout (t6000, t8110: OA bits 37:10 hold
 *   PA 41:14, no-read/no-write in bits 3/2, no-cache in bit 1), 16 KiB
 *   granule only (dart_16k); else DART1
 *   (t8020, t8103: OA bits 35:12, no-read/no-write in bits 8/7, subpage
 *   protection disable in bit 1)
 * @PT_FEAT_DART2_ALWAYS_NO_CACHE: DART2 only: set no-cache (bit 1) in
 *   every leaf, IOMMU_CACHE or not, as 6.12's io-pgtable-dart does (it
 *   writes DART1's subpage protection disable bit into DART2 leaves too;
 *   fixed upstream after 6.12). Without it no-cache follows IOMMU_CACHE
 */
enum pt_dart_features {
	PT_FEAT_DART_V2 = PT_FEAT_FMT_START,
	PT_FEAT_DART2_ALWAYS_NO_CACHE,
};

#endif
