/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim: the CPU feature test iommu_pt.h makes before it accepts
 * PT_FEAT_DMA_INCOHERENT. The shim's clflush_cache_range() always works.
 */
#ifndef _SHIM_ASM_CPUFEATURE_H
#define _SHIM_ASM_CPUFEATURE_H

#include <linux/types.h>

#define X86_FEATURE_CLFLUSH 0

static inline bool boot_cpu_has(int feature)
{
	return true;
}

#endif
