/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace shim of <linux/module.h>: module metadata is dropped */
#ifndef _SHIM_LINUX_MODULE_H
#define _SHIM_LINUX_MODULE_H

#include <linux/export.h>
#include <linux/compiler.h>
#include <linux/init.h>

#define MODULE_LICENSE(x)
#define MODULE_DESCRIPTION(x)
#define MODULE_AUTHOR(x)
#define MODULE_IMPORT_NS(x)
/* Nothing is unloaded: the process ends */
#define module_exit(fn)                                                \
	static void (*shim_module_exit)(void) __maybe_unused = fn

#endif
