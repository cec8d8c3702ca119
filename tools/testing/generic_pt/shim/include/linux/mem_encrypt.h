/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim of <linux/mem_encrypt.h>. sme_me_mask is a variable the
 * harness sets per configuration (0 by default), so the SME C-bit paths of
 * a format run with a real bit.
 */
#ifndef _SHIM_LINUX_MEM_ENCRYPT_H
#define _SHIM_LINUX_MEM_ENCRYPT_H

#include <linux/types.h>

extern u64 sme_me_mask;

#define __sme_set(x) ((x) | sme_me_mask)
#define __sme_clr(x) ((x) & ~sme_me_mask)

#endif
