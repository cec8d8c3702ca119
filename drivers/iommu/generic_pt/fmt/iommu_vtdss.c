// SPDX-License-Identifier: GPL-2.0-only
/*
 * The Intel VT-d second stage page table.
 */
#define PT_FMT vtdss
#define PT_FMT_H "vtdss.h"
#define PT_SUPPORTED_FEATURES                                          \
	(BIT(PT_FEAT_DMA_INCOHERENT) | BIT(PT_FEAT_FLUSH_RANGE) |      \
	 BIT(PT_FEAT_FLUSH_RANGE_NO_GAPS) |                          \
	 BIT(PT_FEAT_VTDSS_FORCE_COHERENCE) |                        \
	 BIT(PT_FEAT_VTDSS_FORCE_WRITEABLE))

#include "iommu_template.h"

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Generic Page Table: VT-d second stage format");
