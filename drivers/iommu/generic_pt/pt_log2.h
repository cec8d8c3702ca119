/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Generic Page Table: log2 arithmetic on addresses.
 *
 * Page table geometry is all powers of two, so sizes are carried as log2
 * ("_lg2") and these helpers do the arithmetic. They accept lg2 == 64 (a
 * table covering the whole 64-bit space) where a plain shift would be
 * undefined.
 */
#ifndef __GENERIC_PT_LOG2_H
#define __GENERIC_PT_LOG2_H

#include <linux/bitops.h>
#include <linux/limits.h>
#include <linux/types.h>

/* 2^lg2, lg2 < 64 */
static inline u64 log2_to_int(unsigned int lg2)
{
	return 1ULL << lg2;
}

/* 2^lg2 - 1, the largest value that fits in lg2 bits; lg2 <= 64 */
static inline u64 log2_to_max_int(unsigned int lg2)
{
	if (lg2 >= 64)
		return U64_MAX;
	return log2_to_int(lg2) - 1;
}

/* a / 2^lg2 */
static inline u64 log2_div(u64 a, unsigned int lg2)
{
	if (lg2 >= 64)
		return 0;
	return a >> lg2;
}

/* a / 2^lg2 for 1 <= lg2 <= 64: two shifts below 64 need no test */
static inline u64 log2_div_pos(u64 a, unsigned int lg2)
{
	return (a >> (lg2 - 1)) >> 1;
}

/* a / 2^lg2 == b / 2^lg2: a and b lie in the same 2^lg2 block */
static inline bool log2_div_eq(u64 a, u64 b, unsigned int lg2)
{
	return log2_div(a ^ b, lg2) == 0;
}

/* a % 2^lg2 */
static inline u64 log2_mod(u64 a, unsigned int lg2)
{
	return a & log2_to_max_int(lg2);
}

/* a with its low lg2 bits cleared: the start of its 2^lg2 block */
static inline u64 log2_align_down(u64 a, unsigned int lg2)
{
	return a & ~log2_to_max_int(lg2);
}

/* a with its low lg2 bits set: the last value of its 2^lg2 block */
static inline u64 log2_set_mod_max(u64 a, unsigned int lg2)
{
	return a | log2_to_max_int(lg2);
}

/* Index of the lowest set bit; a != 0 */
static inline unsigned int log2_ffs(u64 a)
{
	return __ffs64(a);
}

/* Index of the highest set bit + 1; 0 for a == 0 */
static inline unsigned int log2_fls(u64 a)
{
	return fls64(a);
}

#endif
