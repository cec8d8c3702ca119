/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim of drivers/iommu/iommu-pages.h. iommu_pt.h includes it
 * as "../iommu-pages.h": the Makefile's out/tree puts a link to this file
 * beside the link to drivers/iommu/generic_pt.
 *
 * Pages are aligned_alloc()ed and zeroed; each has a side struct page
 * found by virt_to_page() through a hash table. shim.c counts allocations
 * and frees and can fail the N-th allocation (see shim.h).
 */
#ifndef _SHIM_IOMMU_PAGES_H
#define _SHIM_IOMMU_PAGES_H

#include <linux/gfp.h>
#include <linux/mm.h>

void *iommu_alloc_pages_node(int nid, gfp_t gfp, int order);
void iommu_free_pages(void *virt, int order);
void iommu_put_pages_list(struct list_head *page);

static inline void *iommu_alloc_page_node(int nid, gfp_t gfp)
{
	return iommu_alloc_pages_node(nid, gfp, 0);
}

static inline void iommu_free_page(void *virt)
{
	iommu_free_pages(virt, 0);
}

#endif
