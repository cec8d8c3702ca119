/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the shim offers the harness beyond the kernel APIs: allocation
 * accounting, allocation-failure injection and warning counts.
 */
#ifndef _SHIM_SHIM_H
#define _SHIM_SHIM_H

#include <linux/types.h>

/*
 * Table memory must sit below 2^@oa_lg2: the IOMMU walks it with
 * addresses of that many bits (a table entry holds no more). Where that
 * is below the addresses the C library hands out, pages come from a low
 * arena (see shim.c). GFP_DMA32 caps it at 32 bits. Set per domain, as
 * sme_me_mask is: one domain's configuration at a time.
 */
void shim_set_table_oa_lg2(unsigned int oa_lg2);
/* Allocations placed in the low arena, ever */
long shim_arena_allocations(void);

/* Page allocations made and freed through iommu-pages.h, ever */
long shim_pages_allocated(void);
/* Allocations made, each of any number of pages */
long shim_allocations_made(void);
long shim_pages_freed(void);
/* Allocated and not yet freed */
long shim_pages_outstanding(void);

/*
 * Fail the @nth page allocation from now on (1 = the next one); 0 disarms.
 * shim_fail_fired() tells whether the armed failure happened.
 */
void shim_fail_nth(long nth);
bool shim_fail_fired(void);

/*
 * PT_FEAT_DMA_INCOHERENT (asm/cacheflush.h): the word at @va as a
 * non-snooping IOMMU reads it, i.e. as of the last write-back of its line;
 * false if it was not written back since its page was allocated.
 */
bool shim_flushed_word(const u64 *va, u64 *word);
/* Table pointers written back before their table was: should stay 0 */
long shim_flush_publish_errors(void);
/* Cache lines written back, ever */
long shim_flushed_lines(void);

/* WARN_ON()s that fired, see <linux/bug.h> */
extern long shim_warnings;

#endif
