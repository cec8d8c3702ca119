// SPDX-License-Identifier: GPL-2.0-only
/*
 * The Arm VMSAv7 short-descriptor (ARMv7s) page table.
 */
#define PT_FMT armv7s
#define PT_FMT_H "armv7s.h"
#define PT_SUPPORTED_FEATURES \
	(BIT(PT_FEAT_FLUSH_RANGE) | BIT(PT_FEAT_ARMV7S_NS))

#include "iommu_template.h"

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Generic Page Table: Arm VMSAv7 short-descriptor format");
