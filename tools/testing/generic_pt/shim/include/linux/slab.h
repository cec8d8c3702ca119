/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim of <linux/slab.h>: the slab cache of a format's tables
 * smaller than a page (iommu_pt.h, PT_TABLEMEM_SLAB). Every object takes
 * a page of its own from the shim's iommu_alloc_pages_node(), so it has
 * the page allocator's counting, failure injection, address cap and ASan
 * quarantine (shim.c).
 */
#ifndef _SHIM_LINUX_SLAB_H
#define _SHIM_LINUX_SLAB_H

#include <linux/gfp.h>

/* Objects below 4 GiB, as GFP_DMA32 */
#define SLAB_CACHE_DMA32 0x1u

struct kmem_cache;

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
				     unsigned int align, unsigned int flags,
				     void (*ctor)(void *));
void kmem_cache_destroy(struct kmem_cache *cache);
void *kmem_cache_alloc_node(struct kmem_cache *cache, gfp_t gfp, int nid);
void kmem_cache_free(struct kmem_cache *cache, void *obj);

#endif
