/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim of <linux/compiler.h> and the barriers the generic page
 * table uses. Every shared access is a real __atomic builtin so that
 * ThreadSanitizer understands the ordering:
 *   READ_ONCE()          - __ATOMIC_CONSUME load (the kernel relies on the
 *                          address dependency; compilers make it acquire)
 *   WRITE_ONCE()         - __ATOMIC_RELAXED store
 *   smp_store_release()  - __ATOMIC_RELEASE store
 *   smp_load_acquire()   - __ATOMIC_ACQUIRE load
 * Also pulls in <string.h> for memset(), which the kernel gets implicitly.
 */
#ifndef _SHIM_LINUX_COMPILER_H
#define _SHIM_LINUX_COMPILER_H

#include <string.h>

#ifndef __always_inline
#define __always_inline inline __attribute__((__always_inline__))
#endif
#define noinline __attribute__((__noinline__))
#define __maybe_unused __attribute__((__unused__))
#define __uninitialized
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define fallthrough __attribute__((__fallthrough__))
#define barrier() __asm__ __volatile__("" : : : "memory")

#define READ_ONCE(x) __atomic_load_n(&(x), __ATOMIC_CONSUME)
#define WRITE_ONCE(x, val) __atomic_store_n(&(x), (val), __ATOMIC_RELAXED)
#define smp_store_release(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define smp_load_acquire(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define smp_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)

#define __stringify_1(x...) #x
#define __stringify(x...) __stringify_1(x)

#endif
