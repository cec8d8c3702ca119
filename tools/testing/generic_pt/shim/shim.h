/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the shim offers the harness beyond the kernel APIs: allocation
 * accounting, allocation-failure injection and warning counts.
 */
#ifndef _SHIM_SHIM_H
#define _SHIM_SHIM_H

#include <linux/types.h>

/* Page allocations made and freed through iommu-pages.h, ever */
long shim_pages_allocated(void);
long shim_pages_freed(void);
/* Allocated and not yet freed */
long shim_pages_outstanding(void);

/*
 * Fail the @nth page allocation from now on (1 = the next one); 0 disarms.
 * shim_fail_fired() tells whether the armed failure happened.
 */
void shim_fail_nth(long nth);
bool shim_fail_fired(void);

/* WARN_ON()s that fired, see <linux/bug.h> */
extern long shim_warnings;

#endif
