// SPDX-License-Identifier: GPL-2.0-only
/*
 * The AMD v1 layout with a 2 KiB granule, for the iommufd selftest's mock
 * domain: IOVA pages smaller than PAGE_SIZE.
 */
#define AMDV1_MOCK
#define PT_FMT amdv1_mock
#define PT_FMT_H "amdv1.h"
#define PT_SUPPORTED_FEATURES \
	(BIT(PT_FEAT_DYNAMIC_TOP) | BIT(PT_FEAT_FLUSH_RANGE))

#include "iommu_template.h"

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Generic Page Table: AMD v1 mock format for iommufd");
