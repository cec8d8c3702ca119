/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace shim of <linux/minmax.h>: single evaluation, no type check */
#ifndef _SHIM_LINUX_MINMAX_H
#define _SHIM_LINUX_MINMAX_H

#define min(a, b)                      \
	({                             \
		__auto_type __a = (a); \
		__auto_type __b = (b); \
		__a < __b ? __a : __b; \
	})
#define max(a, b)                      \
	({                             \
		__auto_type __a = (a); \
		__auto_type __b = (b); \
		__a > __b ? __a : __b; \
	})
#define min_t(type, a, b) min((type)(a), (type)(b))
#define max_t(type, a, b) max((type)(a), (type)(b))

#endif
