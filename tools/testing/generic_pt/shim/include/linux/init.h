/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim of <linux/init.h>: an initcall runs as a constructor
 * before main(), one per compilation unit
 */
#ifndef _SHIM_LINUX_INIT_H
#define _SHIM_LINUX_INIT_H

#include <stdlib.h>

#define __init
#define __exit

#define subsys_initcall(fn)                                            \
	static void __attribute__((constructor)) shim_initcall(void)  \
	{                                                              \
		if (fn())                                              \
			abort();                                       \
	}

#endif
