// SPDX-License-Identifier: GPL-2.0-only
/*
 * The x86-64 page table for a VT-d first stage walked without snooping the
 * CPU caches: every store to table memory is written back (clflush). A
 * build of its own keeps those flushes, and the tests for them, out of the
 * coherent x86_64 build.
 */
#define PT_FMT x86_64_incoherent
#define PT_FMT_H "x86_64.h"
#define PT_SUPPORTED_FEATURES                                          \
	(BIT(PT_FEAT_DMA_INCOHERENT) | BIT(PT_FEAT_SIGN_EXTEND) |      \
	 BIT(PT_FEAT_FLUSH_RANGE) | BIT(PT_FEAT_FLUSH_RANGE_NO_GAPS))
#define PT_FORCE_ENABLED_FEATURES BIT(PT_FEAT_DMA_INCOHERENT)

#include "iommu_template.h"

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Generic Page Table: x86-64 format, DMA incoherent");
