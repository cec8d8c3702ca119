/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim of <linux/mm.h>. Physical addresses are virtual addresses
 * (identity __va()/virt_to_phys()). virt_to_page() finds the side struct
 * page of an allocation made by the shim's iommu_alloc_pages_node(); it
 * returns NULL (and warns) for any other address.
 */
#ifndef _SHIM_LINUX_MM_H
#define _SHIM_LINUX_MM_H

#include <linux/bug.h>
#include <linux/gfp.h>
#include <linux/log2.h>
#include <linux/mm_types.h>
#include <linux/types.h>

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)

#define __va(x) ((void *)(uintptr_t)(x))
#define __pa(x) ((phys_addr_t)(uintptr_t)(x))

static inline phys_addr_t virt_to_phys(const volatile void *address)
{
	return (uintptr_t)address;
}

static inline void *phys_to_virt(phys_addr_t address)
{
	return (void *)(uintptr_t)address;
}

struct page *virt_to_page(const void *addr);

static inline void *page_address(const struct page *page)
{
	return page->virt;
}

static inline int get_order(unsigned long size)
{
	int order = 0;

	size = (size - 1) >> PAGE_SHIFT;
	while (size) {
		order++;
		size >>= 1;
	}
	return order;
}

#endif
