// SPDX-License-Identifier: GPL-2.0-only
/*
 * The x86-64 page table: AMD IOMMU v2 (guest) and VT-d first stage.
 */
#define PT_FMT x86_64
#define PT_FMT_H "x86_64.h"
#define PT_SUPPORTED_FEATURES                                  \
	(BIT(PT_FEAT_SIGN_EXTEND) | BIT(PT_FEAT_FLUSH_RANGE) | \
	 BIT(PT_FEAT_FLUSH_RANGE_NO_GAPS) |                    \
	 BIT(PT_FEAT_X86_64_AMD_ENCRYPT_TABLES))

#include "iommu_template.h"

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Generic Page Table: x86-64 format");
