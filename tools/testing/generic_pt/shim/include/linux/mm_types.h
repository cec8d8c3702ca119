/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim of <linux/mm_types.h>: a struct page is a side record of
 * a page allocation (see shim.c); only lru and the address are used.
 */
#ifndef _SHIM_LINUX_MM_TYPES_H
#define _SHIM_LINUX_MM_TYPES_H

#include <linux/list.h>

struct page {
	struct list_head lru;
	void *virt;
	int order;
};

#endif
