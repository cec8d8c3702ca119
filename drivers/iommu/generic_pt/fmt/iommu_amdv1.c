// SPDX-License-Identifier: GPL-2.0-only
/*
 * The AMD IOMMU v1 page table, used by the AMD IOMMU driver.
 */
#define PT_FMT amdv1
#define PT_FMT_H "amdv1.h"
#define PT_SUPPORTED_FEATURES                                       \
	(BIT(PT_FEAT_DYNAMIC_TOP) | BIT(PT_FEAT_FLUSH_RANGE) |      \
	 BIT(PT_FEAT_FLUSH_RANGE_NO_GAPS) |                         \
	 BIT(PT_FEAT_AMDV1_ENCRYPT_TABLES) |                        \
	 BIT(PT_FEAT_AMDV1_FORCE_COHERENCE))

#include "iommu_template.h"

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Generic Page Table: AMD IOMMU v1 format");
