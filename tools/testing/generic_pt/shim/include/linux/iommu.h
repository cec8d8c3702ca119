/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim of the <linux/iommu.h> subset the generic page table
 * uses: struct iommu_domain and its ops, the iotlb gather and its helpers,
 * the dirty bitmap, IOMMU_* prot bits. The helpers are copied in behaviour
 * from Linux 6.12.
 *
 * Like the kernel's, it pulls in <linux/mm.h> and <linux/minmax.h>.
 *
 * struct iova_bitmap is opaque in the kernel; here it is a callback so a
 * test can see every (iova, length) that iommu_dirty_bitmap_record()
 * reports.
 */
#ifndef _SHIM_LINUX_IOMMU_H
#define _SHIM_LINUX_IOMMU_H

#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/limits.h>
#include <linux/list.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/types.h>

#define IOMMU_READ (1 << 0)
#define IOMMU_WRITE (1 << 1)
#define IOMMU_CACHE (1 << 2)
#define IOMMU_NOEXEC (1 << 3)
#define IOMMU_MMIO (1 << 4)
#define IOMMU_PRIV (1 << 5)

#define IOMMU_DIRTY_NO_CLEAR (1 << 0)

#define IOMMU_DOMAIN_UNMANAGED 0

struct device;
struct iommu_domain;

struct iommu_iotlb_gather {
	unsigned long start;
	unsigned long end;
	size_t pgsize;
	struct list_head freelist;
	bool queued;
};

struct iova_bitmap {
	void (*set)(struct iova_bitmap *bitmap, unsigned long iova,
		    size_t length);
};

static inline void iova_bitmap_set(struct iova_bitmap *bitmap,
				   unsigned long iova, size_t length)
{
	bitmap->set(bitmap, iova, length);
}

struct iommu_dirty_bitmap {
	struct iova_bitmap *bitmap;
	struct iommu_iotlb_gather *gather;
};

struct iommu_domain_geometry {
	dma_addr_t aperture_start;
	dma_addr_t aperture_end;
	bool force_aperture;
};

struct iommu_domain_ops {
	int (*map_pages)(struct iommu_domain *domain, unsigned long iova,
			 phys_addr_t paddr, size_t pgsize, size_t pgcount,
			 int prot, gfp_t gfp, size_t *mapped);
	size_t (*unmap_pages)(struct iommu_domain *domain, unsigned long iova,
			      size_t pgsize, size_t pgcount,
			      struct iommu_iotlb_gather *iotlb_gather);
	/* Added to 6.12 by the series: patches/0000 */
	int (*map_range)(struct iommu_domain *domain, unsigned long iova,
			 phys_addr_t paddr, size_t size, int prot, gfp_t gfp,
			 size_t *mapped);
	size_t (*unmap_range)(struct iommu_domain *domain, unsigned long iova,
			      size_t size,
			      struct iommu_iotlb_gather *iotlb_gather);
	void (*flush_iotlb_all)(struct iommu_domain *domain);
	int (*iotlb_sync_map)(struct iommu_domain *domain, unsigned long iova,
			      size_t size);
	void (*iotlb_sync)(struct iommu_domain *domain,
			   struct iommu_iotlb_gather *iotlb_gather);
	phys_addr_t (*iova_to_phys)(struct iommu_domain *domain,
				    dma_addr_t iova);
	void (*free)(struct iommu_domain *domain);
	/* Added to 6.12 by the series: patches/0000a */
	bool generic_pt;
};

struct iommu_dirty_ops {
	int (*read_and_clear_dirty)(struct iommu_domain *domain,
				    unsigned long iova, size_t size,
				    unsigned long flags,
				    struct iommu_dirty_bitmap *dirty);
};

struct iommu_domain {
	unsigned int type;
	const struct iommu_domain_ops *ops;
	const struct iommu_dirty_ops *dirty_ops;
	unsigned long pgsize_bitmap;
	struct iommu_domain_geometry geometry;
};

static inline void iommu_iotlb_gather_init(struct iommu_iotlb_gather *gather)
{
	*gather = (struct iommu_iotlb_gather){
		.start = ULONG_MAX,
		.freelist = LIST_HEAD_INIT(gather->freelist),
	};
}

static inline void iommu_iotlb_sync(struct iommu_domain *domain,
				    struct iommu_iotlb_gather *iotlb_gather)
{
	if (domain->ops->iotlb_sync)
		domain->ops->iotlb_sync(domain, iotlb_gather);
	iommu_iotlb_gather_init(iotlb_gather);
}

static inline bool
iommu_iotlb_gather_is_disjoint(struct iommu_iotlb_gather *gather,
			       unsigned long iova, size_t size)
{
	unsigned long start = iova, end = start + size - 1;

	return gather->end != 0 &&
	       (end + 1 < gather->start || start > gather->end + 1);
}

static inline void
iommu_iotlb_gather_add_range(struct iommu_iotlb_gather *gather,
			     unsigned long iova, size_t size)
{
	unsigned long end = iova + size - 1;

	if (gather->start > iova)
		gather->start = iova;
	if (gather->end < end)
		gather->end = end;
}

static inline void iommu_dirty_bitmap_init(struct iommu_dirty_bitmap *dirty,
					   struct iova_bitmap *bitmap,
					   struct iommu_iotlb_gather *gather)
{
	if (gather)
		iommu_iotlb_gather_init(gather);
	dirty->bitmap = bitmap;
	dirty->gather = gather;
}

static inline void iommu_dirty_bitmap_record(struct iommu_dirty_bitmap *dirty,
					     unsigned long iova,
					     unsigned long length)
{
	if (dirty->bitmap)
		iova_bitmap_set(dirty->bitmap, iova, length);
	if (dirty->gather)
		iommu_iotlb_gather_add_range(dirty->gather, iova, length);
}

#endif
