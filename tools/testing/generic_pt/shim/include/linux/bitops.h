/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim of <linux/bitops.h>: the bit scans the generic page table
 * uses, on compiler builtins. As in the kernel, __ffs64(0) is undefined
 * (callers never pass 0); fls64(0) is 0.
 */
#ifndef _SHIM_LINUX_BITOPS_H
#define _SHIM_LINUX_BITOPS_H

#include <linux/bits.h>
#include <linux/types.h>

static inline unsigned int __ffs64(u64 word)
{
	return __builtin_ctzll(word);
}

static inline unsigned long __ffs(unsigned long word)
{
	return __builtin_ctzl(word);
}

static inline int fls64(u64 x)
{
	return x ? 64 - __builtin_clzll(x) : 0;
}

static inline int fls(unsigned int x)
{
	return x ? 32 - __builtin_clz(x) : 0;
}

static inline unsigned int hweight64(u64 w)
{
	return __builtin_popcountll(w);
}

#endif
