/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace shim of <linux/gfp.h>: flags are carried, not interpreted */
#ifndef _SHIM_LINUX_GFP_H
#define _SHIM_LINUX_GFP_H

#include <linux/types.h>

#define __GFP_ZERO 0x100u
#define GFP_KERNEL 0x1u
#define GFP_ATOMIC 0x2u
/* Memory below 4 GiB: the shim's iommu_alloc_pages_node() honours it */
#define GFP_DMA32 0x4u
#define NUMA_NO_NODE (-1)

#endif
