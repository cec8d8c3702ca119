/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim of <linux/limits.h>: the uapi limits plus the kernel's
 * U*_MAX. glibc's <limits.h> includes this file too, so only add names.
 */
#ifndef _SHIM_LINUX_LIMITS_H
#define _SHIM_LINUX_LIMITS_H

#include_next <linux/limits.h>

#define U8_MAX ((unsigned char)~0U)
#define U32_MAX ((unsigned int)~0U)
#define U64_MAX (~0ULL)
#define S64_MAX ((long long)(U64_MAX >> 1))
#ifndef ULONG_MAX
#define ULONG_MAX (~0UL)
#endif

#endif
