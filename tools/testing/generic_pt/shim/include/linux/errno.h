/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim of <linux/errno.h>. glibc's <errno.h> includes this file,
 * so it must stay the uapi header: the asm-generic numbers are the
 * kernel's own (EADDRINUSE, EOVERFLOW, EOPNOTSUPP, ...).
 */
#include_next <linux/errno.h>
