/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim of <linux/atomic.h>: atomic_long_t and try_cmpxchg64()
 * on __atomic builtins. try_cmpxchg64() is fully ordered, as in the kernel.
 */
#ifndef _SHIM_LINUX_ATOMIC_H
#define _SHIM_LINUX_ATOMIC_H

#include <linux/types.h>

typedef struct {
	long counter;
} atomic_long_t;

static inline long atomic_long_read(const atomic_long_t *v)
{
	return __atomic_load_n(&v->counter, __ATOMIC_RELAXED);
}

static inline void atomic_long_set(atomic_long_t *v, long i)
{
	__atomic_store_n(&v->counter, i, __ATOMIC_RELAXED);
}

static inline void atomic_long_add(long i, atomic_long_t *v)
{
	__atomic_fetch_add(&v->counter, i, __ATOMIC_RELAXED);
}

static inline void atomic_long_sub(long i, atomic_long_t *v)
{
	__atomic_fetch_sub(&v->counter, i, __ATOMIC_RELAXED);
}

/* On failure *old is updated to the current value, as in the kernel */
#define try_cmpxchg64(ptr, oldp, new)                                   \
	__atomic_compare_exchange_n((ptr), (oldp), (new), false,        \
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)
#define try_cmpxchg(ptr, oldp, new) try_cmpxchg64(ptr, oldp, new)

#endif
