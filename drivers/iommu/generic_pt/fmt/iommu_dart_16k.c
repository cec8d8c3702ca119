// SPDX-License-Identifier: GPL-2.0-only
/*
 * The Apple DART page table, 16 KiB granule, DART1 and DART2.
 */
#define DART_GRANULE_LG2 14
#define PT_FMT dart_16k
#define PT_FMT_H "dart.h"
#define PT_SUPPORTED_FEATURES                                           \
	(BIT(PT_FEAT_FLUSH_RANGE) | BIT(PT_FEAT_DART_V2) |              \
	 BIT(PT_FEAT_DART2_ALWAYS_NO_CACHE))

#include "iommu_template.h"

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Generic Page Table: Apple DART format, 16 KiB granule");
