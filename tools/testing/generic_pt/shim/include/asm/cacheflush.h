/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim of the x86 cache write-back iommu_pt.h calls for
 * PT_FEAT_DMA_INCOHERENT. shim.c keeps, for every table page, the memory
 * a non-snooping IOMMU would read: the content of each cache line as of
 * its last write-back (see shim_flushed_word() in shim.h).
 */
#ifndef _SHIM_ASM_CACHEFLUSH_H
#define _SHIM_ASM_CACHEFLUSH_H

void clflush_cache_range(void *vaddr, unsigned int size);

#endif
