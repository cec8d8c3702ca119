/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The 6.12 side of iommu_pt_bench for the AMD formats: a protection domain
 * on the AMD driver's own v1 or v2 io_pgtable, driven the way 6.12's
 * amd_iommu_map_pages() and amd_iommu_unmap_pages() drive it. No device
 * is attached, so the table growth's DTE updates and flushes find nothing
 * to do, as on the generic side; neither side's iotlb_sync flushes.
 *
 * Only built while the kernel carries that code (the reference profile of
 * the test rig); the patch converting the AMD driver removes
 * CONFIG_IOMMU_PT_KUNIT_BENCH_AMD.
 */
#ifndef __GENERIC_PT_KUNIT_BENCH_AMD_H
#define __GENERIC_PT_KUNIT_BENCH_AMD_H

#include "kunit_amd_old.h"

/* As amd_iommu_map_pages() */
static int kbench_amd_map_pages(struct iommu_domain *dom, unsigned long iova,
				phys_addr_t paddr, size_t pgsize,
				size_t pgcount, int iommu_prot, gfp_t gfp,
				size_t *mapped)
{
	struct protection_domain *pdom = to_pdomain(dom);
	struct io_pgtable_ops *ops = &pdom->iop.pgtbl.ops;

	if (pdom->pd_mode == PD_MODE_V1 && pdom->iop.mode == PAGE_MODE_NONE)
		return -EINVAL;
	return ops->map_pages(ops, iova, paddr, pgsize, pgcount,
			      kunit_amd_old_prot(iommu_prot), gfp, mapped);
}

/* As amd_iommu_unmap_pages() on an IOMMU without NpCache */
static size_t kbench_amd_unmap_pages(struct iommu_domain *dom,
				     unsigned long iova, size_t pgsize,
				     size_t pgcount,
				     struct iommu_iotlb_gather *gather)
{
	struct protection_domain *pdom = to_pdomain(dom);
	struct io_pgtable_ops *ops = &pdom->iop.pgtbl.ops;
	size_t unmapped;

	if (pdom->pd_mode == PD_MODE_V1 && pdom->iop.mode == PAGE_MODE_NONE)
		return 0;
	unmapped = ops->unmap_pages(ops, iova, pgsize, pgcount, NULL);
	if (unmapped)
		iommu_iotlb_gather_add_range(gather, iova, unmapped);
	return unmapped;
}

static phys_addr_t kbench_amd_iova_to_phys(struct iommu_domain *dom,
					   dma_addr_t iova)
{
	struct io_pgtable_ops *ops = &to_pdomain(dom)->iop.pgtbl.ops;

	return ops->iova_to_phys(ops, iova);
}

/*
 * amd_iommu_iotlb_sync() flushes the gathered range; with no device there
 * is nothing to flush. Called like the generic side's, which frees the
 * tables the unmap gathered.
 */
static void kbench_amd_iotlb_sync(struct iommu_domain *dom,
				  struct iommu_iotlb_gather *gather)
{
}

static const struct iommu_domain_ops kbench_amd_ops = {
	.map_pages = kbench_amd_map_pages,
	.unmap_pages = kbench_amd_unmap_pages,
	.iova_to_phys = kbench_amd_iova_to_phys,
	.iotlb_sync = kbench_amd_iotlb_sync,
};

/*
 * The v2 code takes its levels from amd_iommu_gpt_level, which the driver
 * sets at boot; no AMD IOMMU is in use while KUnit runs. The bench keeps
 * it at 4 levels, as on most machines, while a v2 domain lives.
 */
static int kbench_amd_saved_gpt_level;

static struct iommu_domain *kbench_amd_alloc(enum io_pgtable_fmt fmt,
					     enum protection_domain_mode mode)
{
	struct protection_domain *pdom = kzalloc(sizeof(*pdom), GFP_KERNEL);

	if (!pdom)
		return ERR_PTR(-ENOMEM);
	if (!kunit_amd_old_init(pdom, fmt, mode)) {
		kfree(pdom);
		return ERR_PTR(-ENOMEM);
	}
	pdom->domain.type = IOMMU_DOMAIN_UNMANAGED;
	pdom->domain.ops = &kbench_amd_ops;
	pdom->domain.pgsize_bitmap = pdom->iop.pgtbl.cfg.pgsize_bitmap;
	return &pdom->domain;
}

static void kbench_amd_free(struct iommu_domain *dom)
{
	struct protection_domain *pdom = to_pdomain(dom);

	free_io_pgtable_ops(&pdom->iop.pgtbl.ops);
	kfree(pdom);
}

static struct iommu_domain *kbench_amdv1_old_alloc(void)
{
	return kbench_amd_alloc(AMD_IOMMU_V1, PD_MODE_V1);
}

static struct iommu_domain *kbench_amdv2_old_alloc(void)
{
	struct iommu_domain *dom;

	kbench_amd_saved_gpt_level = amd_iommu_gpt_level;
	amd_iommu_gpt_level = PAGE_MODE_4_LEVEL;
	dom = kbench_amd_alloc(AMD_IOMMU_V2, PD_MODE_V2);
	if (IS_ERR(dom))
		amd_iommu_gpt_level = kbench_amd_saved_gpt_level;
	return dom;
}

static void kbench_amdv2_old_free(struct iommu_domain *dom)
{
	kbench_amd_free(dom);
	amd_iommu_gpt_level = kbench_amd_saved_gpt_level;
}

#define KBENCH_AMDV1_OLD { kbench_amdv1_old_alloc, kbench_amd_free }
#define KBENCH_AMDV2_OLD { kbench_amdv2_old_alloc, kbench_amdv2_old_free }

#endif
