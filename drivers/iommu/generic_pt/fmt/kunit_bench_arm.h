/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The 6.12 side of iommu_pt_bench for the armv8 and armv7s rows: a domain
 * on io-pgtable-arm (alloc_io_pgtable_ops() of ARM_64_LPAE_S1 or _S2) or
 * on io-pgtable-arm-v7s (ARM_V7S), driven
 * the way 6.12's arm-smmu-v3 driver drives it: its map_pages and
 * unmap_pages called straight from the domain ops, and its flush ops
 * shaped like arm-smmu-v3's, so that every leaf an unmap clears is added
 * to the gather page by page (iommu_iotlb_gather_add_page()), as on an
 * SMMUv3. No SMMU walks the tables, so neither side's iotlb_sync issues
 * an invalidation.
 *
 * arm-smmu's ARMv7s context banks take the same flush ops (its
 * tlb_add_page also queues each leaf); io-pgtable-arm-v7s calls
 * tlb_add_page for every leaf it clears, as io-pgtable-arm does.
 *
 * io-pgtable-arm and io-pgtable-arm-v7s are not removed by the series: the
 * rows keep their old side in both profiles.
 */
#ifndef __GENERIC_PT_KUNIT_BENCH_ARM_H
#define __GENERIC_PT_KUNIT_BENCH_ARM_H

#include <linux/device.h>
#include <linux/io-pgtable.h>

/**
 * struct kbench_arm - a domain on 6.12's io-pgtable-arm
 * @domain: what the core sees
 * @ops: the io-pgtable's operations
 * @cfg: its configuration, as alloc_io_pgtable_ops() left it
 * @dev: stands in for the SMMU: io-pgtable allocates on its NUMA node
 */
struct kbench_arm {
	struct iommu_domain domain;
	struct io_pgtable_ops *ops;
	struct io_pgtable_cfg cfg;
	struct device dev;
};

static struct io_pgtable_ops *kbench_arm_ops(struct iommu_domain *domain)
{
	return container_of(domain, struct kbench_arm, domain)->ops;
}

/* As arm_smmu_map_pages() */
static int kbench_arm_map_pages(struct iommu_domain *domain,
				unsigned long iova, phys_addr_t paddr,
				size_t pgsize, size_t pgcount, int prot,
				gfp_t gfp, size_t *mapped)
{
	struct io_pgtable_ops *ops = kbench_arm_ops(domain);

	return ops->map_pages(ops, iova, paddr, pgsize, pgcount, prot, gfp,
			      mapped);
}

/* As arm_smmu_unmap_pages() */
static size_t kbench_arm_unmap_pages(struct iommu_domain *domain,
				     unsigned long iova, size_t pgsize,
				     size_t pgcount,
				     struct iommu_iotlb_gather *gather)
{
	struct io_pgtable_ops *ops = kbench_arm_ops(domain);

	return ops->unmap_pages(ops, iova, pgsize, pgcount, gather);
}

static phys_addr_t kbench_arm_iova_to_phys(struct iommu_domain *domain,
					   dma_addr_t iova)
{
	struct io_pgtable_ops *ops = kbench_arm_ops(domain);

	return ops->iova_to_phys(ops, iova);
}

/* arm_smmu_iotlb_sync() invalidates the gathered range: no SMMU here */
static void kbench_arm_iotlb_sync(struct iommu_domain *domain,
				  struct iommu_iotlb_gather *gather)
{
}

static const struct iommu_domain_ops kbench_arm_domain_ops = {
	.map_pages = kbench_arm_map_pages,
	.unmap_pages = kbench_arm_unmap_pages,
	.iova_to_phys = kbench_arm_iova_to_phys,
	.iotlb_sync = kbench_arm_iotlb_sync,
};

static void kbench_arm_tlb_flush_all(void *cookie)
{
}

static void kbench_arm_tlb_flush_walk(unsigned long iova, size_t size,
				      size_t granule, void *cookie)
{
}

/* As arm_smmu_tlb_inv_page_nosync(): the leaf joins the gather */
static void kbench_arm_tlb_add_page(struct iommu_iotlb_gather *gather,
				    unsigned long iova, size_t granule,
				    void *cookie)
{
	struct kbench_arm *arm = cookie;

	iommu_iotlb_gather_add_page(&arm->domain, gather, iova, granule);
}

static const struct iommu_flush_ops kbench_arm_flush_ops = {
	.tlb_flush_all = kbench_arm_tlb_flush_all,
	.tlb_flush_walk = kbench_arm_tlb_flush_walk,
	.tlb_add_page = kbench_arm_tlb_add_page,
};

/*
 * The same address spaces as the new side's: kbench_armv8_cfg's 48 bits,
 * kbench_armv7s_cfg's 32
 */
static struct iommu_domain *kbench_arm_alloc(enum io_pgtable_fmt fmt,
					     unsigned long pgsizes,
					     unsigned int as_lg2)
{
	struct kbench_arm *arm = kzalloc(sizeof(*arm), GFP_KERNEL);

	if (!arm)
		return ERR_PTR(-ENOMEM);
	set_dev_node(&arm->dev, NUMA_NO_NODE);
	arm->cfg = (struct io_pgtable_cfg){
		.pgsize_bitmap = pgsizes,
		.ias = as_lg2,
		.oas = as_lg2,
		.coherent_walk = true,
		.tlb = &kbench_arm_flush_ops,
		.iommu_dev = &arm->dev,
	};
	arm->ops = alloc_io_pgtable_ops(fmt, &arm->cfg, arm);
	if (!arm->ops) {
		kfree(arm);
		return ERR_PTR(-ENOMEM);
	}
	arm->domain.type = IOMMU_DOMAIN_UNMANAGED;
	arm->domain.ops = &kbench_arm_domain_ops;
	arm->domain.pgsize_bitmap = arm->cfg.pgsize_bitmap;
	return &arm->domain;
}

static void kbench_arm_free(struct iommu_domain *domain)
{
	struct kbench_arm *arm = container_of(domain, struct kbench_arm,
					      domain);

	free_io_pgtable_ops(arm->ops);
	kfree(arm);
}

#if IS_ENABLED(CONFIG_IOMMU_PT_KUNIT_BENCH_ARM)
static struct iommu_domain *kbench_arm_s1_old_alloc(void)
{
	return kbench_arm_alloc(ARM_64_LPAE_S1, SZ_4K | SZ_2M | SZ_1G, 48);
}

static struct iommu_domain *kbench_arm_s2_old_alloc(void)
{
	return kbench_arm_alloc(ARM_64_LPAE_S2, SZ_4K | SZ_2M | SZ_1G, 48);
}

static struct iommu_domain *kbench_arm_64k_s1_old_alloc(void)
{
	return kbench_arm_alloc(ARM_64_LPAE_S1, SZ_64K | SZ_512M, 48);
}

#define KBENCH_ARM_S1_OLD { kbench_arm_s1_old_alloc, kbench_arm_free }
#define KBENCH_ARM_S2_OLD { kbench_arm_s2_old_alloc, kbench_arm_free }
#define KBENCH_ARM_64K_S1_OLD { kbench_arm_64k_s1_old_alloc, kbench_arm_free }
#else
#define KBENCH_ARM_S1_OLD {}
#define KBENCH_ARM_S2_OLD {}
#define KBENCH_ARM_64K_S1_OLD {}
#endif

#if IS_ENABLED(CONFIG_IOMMU_PT_KUNIT_BENCH_ARMV7S)
/* As arm-smmu and mtk_iommu ask for it: every v7s page size, 32 bits */
static struct iommu_domain *kbench_armv7s_old_alloc(void)
{
	return kbench_arm_alloc(ARM_V7S, SZ_4K | SZ_64K | SZ_1M | SZ_16M, 32);
}

#define KBENCH_ARMV7S_OLD { kbench_armv7s_old_alloc, kbench_arm_free }
#else
#define KBENCH_ARMV7S_OLD {}
#endif

#endif
