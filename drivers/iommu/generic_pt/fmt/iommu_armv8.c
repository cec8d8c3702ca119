// SPDX-License-Identifier: GPL-2.0-only
/*
 * The Arm VMSAv8-64 (LPAE) page table, 4 KiB granule, stage 1 and 2.
 */
#define PT_FMT armv8
#define PT_FMT_H "armv8.h"
#define PT_SUPPORTED_FEATURES                                          \
	(BIT(PT_FEAT_DMA_INCOHERENT) | BIT(PT_FEAT_FLUSH_RANGE) |      \
	 BIT(PT_FEAT_ARMV8_S2) | BIT(PT_FEAT_ARMV8_NS) |               \
	 BIT(PT_FEAT_ARMV8_DBM) | BIT(PT_FEAT_ARMV8_LPAE32))

#include "iommu_template.h"

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Generic Page Table: Arm VMSAv8-64 (LPAE) format");
