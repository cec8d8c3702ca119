/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace shim of <linux/sizes.h>: the sizes the formats name */
#ifndef _SHIM_LINUX_SIZES_H
#define _SHIM_LINUX_SIZES_H

#define SZ_1K 0x00000400
#define SZ_2K 0x00000800
#define SZ_4K 0x00001000
#define SZ_16K 0x00004000
#define SZ_64K 0x00010000
#define SZ_1M 0x00100000
#define SZ_2M 0x00200000
#define SZ_32M 0x02000000
#define SZ_1G 0x40000000
#define SZ_2G 0x0000000080000000ULL
#define SZ_4G 0x0000000100000000ULL
#define SZ_64G 0x0000001000000000ULL
#define SZ_512G 0x0000008000000000ULL
#define SZ_1T 0x0000010000000000ULL

#endif
