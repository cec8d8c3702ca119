// SPDX-License-Identifier: GPL-2.0-only
/*
 * The Apple DART page table, 4 KiB granule (DART1).
 */
#define PT_FMT dart
#define PT_FMT_H "dart.h"
/* DART1 only: DART2 cannot point at 4 KiB pages, see dart.h */
#define PT_SUPPORTED_FEATURES BIT(PT_FEAT_FLUSH_RANGE)

#include "iommu_template.h"

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Generic Page Table: Apple DART format");
