/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace shim of <linux/bitfield.h>: FIELD_GET/FIELD_PREP, constant masks */
#ifndef _SHIM_LINUX_BITFIELD_H
#define _SHIM_LINUX_BITFIELD_H

#include <linux/bits.h>

#define __bf_shf(x) __builtin_ctzll(x)
#define FIELD_PREP(mask, val) \
	((typeof(mask))(((typeof(mask))(val) << __bf_shf(mask)) & (mask)))
#define FIELD_GET(mask, reg) \
	((typeof(mask))(((reg) & (mask)) >> __bf_shf(mask)))

#endif
