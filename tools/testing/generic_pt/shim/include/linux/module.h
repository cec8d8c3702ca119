/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace shim of <linux/module.h>: module metadata is dropped */
#ifndef _SHIM_LINUX_MODULE_H
#define _SHIM_LINUX_MODULE_H

#include <linux/export.h>

#define MODULE_LICENSE(x)
#define MODULE_DESCRIPTION(x)
#define MODULE_AUTHOR(x)
#define MODULE_IMPORT_NS(x)

#endif
