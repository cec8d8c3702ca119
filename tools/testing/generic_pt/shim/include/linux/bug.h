/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim of <linux/bug.h>. A WARN_ON() that fires prints where and
 * counts in shim_warnings; the harness fails a run with any warning.
 */
#ifndef _SHIM_LINUX_BUG_H
#define _SHIM_LINUX_BUG_H

#include <linux/compiler.h>

extern long shim_warnings;
void shim_warn(const char *file, int line, const char *cond);

#define WARN_ON(cond)                                            \
	({                                                       \
		bool __c = !!(cond);                             \
		if (unlikely(__c))                               \
			shim_warn(__FILE__, __LINE__, #cond);    \
		unlikely(__c);                                   \
	})
#define WARN_ON_ONCE(cond) WARN_ON(cond)
#define BUG_ON(cond)                                             \
	do {                                                     \
		if (unlikely(cond)) {                            \
			shim_warn(__FILE__, __LINE__, #cond);    \
			__builtin_trap();                        \
		}                                                \
	} while (0)

#endif
