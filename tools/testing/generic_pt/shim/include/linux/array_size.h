/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace shim of <linux/array_size.h> */
#ifndef _SHIM_LINUX_ARRAY_SIZE_H
#define _SHIM_LINUX_ARRAY_SIZE_H

#define ARRAY_SIZE(arr) (sizeof(arr) / sizeof((arr)[0]))

#endif
