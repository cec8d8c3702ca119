/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim of <linux/string.h>: memset64() stores whole 64-bit words
 * as the kernel's does; here each is a relaxed atomic store, so
 * ThreadSanitizer sees the same accesses as WRITE_ONCE().
 */
#ifndef _SHIM_LINUX_STRING_H
#define _SHIM_LINUX_STRING_H

#include <linux/compiler.h>
#include <linux/types.h>

static inline void *memset64(u64 *s, u64 v, size_t count)
{
	size_t i;

	for (i = 0; i != count; i++)
		WRITE_ONCE(s[i], v);
	return s;
}

#endif
