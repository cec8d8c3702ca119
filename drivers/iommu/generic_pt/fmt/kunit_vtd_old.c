// SPDX-License-Identifier: GPL-2.0-only
/*
 * 6.12's VT-d page table code as the VT-d compare suites drive it (see
 * kunit_vtd_old.h). 6.12 has no io_pgtable for VT-d; its table code sits
 * behind the domain ops of the Intel driver:
 * intel_iommu_ops.domain_alloc(IOMMU_DOMAIN_UNMANAGED) makes a domain with
 * no device and no DMAR unit, and its default_domain_ops reach the static
 * map_pages, unmap_pages, iotlb_sync, iova_to_phys and free. The test sets
 * the public struct dmar_domain fields the driver would take from the
 * hardware at attach (agaw, gaw, use_first_level, iommu_superpage,
 * iommu_coherency, set_pte_snp, nested_parent) before the first map.
 *
 * With nothing attached, the domain's cache tag list is empty: iotlb_sync
 * flushes nothing (cache_tag_flush_range() walks the empty list and
 * qi_batch_flush_descs() returns on a NULL IOMMU) and frees the gathered
 * table pages; iotlb_sync_map does nothing (iotlb_sync_map is clear); free
 * unmaps the whole domain and frees every table and the top.
 */
#include <linux/iommu.h>

#include "../../intel/iommu.h"
#include "kunit_vtd_old.h"

/**
 * kunit_vtd_old_alloc() - a 6.12 VT-d domain of @cfg
 * @cfg: the hardware facts the domain takes
 *
 * The domain is set up as the iommu core's domain allocation and 6.12's
 * paging_domain_alloc() and attach set one up; free it with
 * iommu_domain_free().
 *
 * Return: the domain, or NULL
 */
struct iommu_domain *kunit_vtd_old_alloc(const struct kunit_vtd_old_cfg *cfg)
{
	struct dmar_domain *dmar;
	struct iommu_domain *domain;

	domain = intel_iommu_ops.domain_alloc(IOMMU_DOMAIN_UNMANAGED);
	if (!domain)
		return NULL;
	/* What __iommu_domain_alloc() does */
	domain->type = IOMMU_DOMAIN_UNMANAGED;
	domain->owner = &intel_iommu_ops;
	domain->ops = intel_iommu_ops.default_domain_ops;

	/* The top table is still empty: the levels may change */
	dmar = to_dmar_domain(domain);
	dmar->agaw = cfg->levels - 2;
	dmar->gaw = cfg->gaw;
	dmar->use_first_level = cfg->first_level;
	dmar->iommu_superpage = cfg->superpage;
	dmar->iommu_coherency = !cfg->incoherent;
	dmar->set_pte_snp = cfg->snp;
	if (cfg->nested_parent) {
		dmar->nested_parent = true;
		INIT_LIST_HEAD(&dmar->s1_domains);
		spin_lock_init(&dmar->s1_lock);
	}

	/* paging_domain_alloc(): domain_super_pgsize_bitmap() */
	domain->pgsize_bitmap = SZ_4K;
	if (cfg->superpage >= 1)
		domain->pgsize_bitmap |= SZ_2M;
	if (cfg->superpage >= 2)
		domain->pgsize_bitmap |= SZ_1G;
	/* and the aperture: the lower half of the width on the first level */
	domain->geometry.aperture_start = 0;
	domain->geometry.aperture_end =
		BIT_ULL(cfg->gaw - (cfg->first_level ? 1 : 0)) - 1;
	domain->geometry.force_aperture = true;
	return domain;
}

/**
 * kunit_vtd_old_top() - the top table of a 6.12 VT-d domain
 * @domain: from kunit_vtd_old_alloc()
 * @level: receives its level, 0 being the PTE level
 *
 * Return: the top table (dmar_domain->pgd)
 */
void *kunit_vtd_old_top(struct iommu_domain *domain, unsigned int *level)
{
	struct dmar_domain *dmar = to_dmar_domain(domain);

	*level = agaw_to_level(dmar->agaw) - 1;
	return dmar->pgd;
}

/**
 * kunit_vtd_old_agaw() - the agaw of a 6.12 VT-d domain
 * @domain: from kunit_vtd_old_alloc()
 *
 * Return: the AW a context or PASID entry gets for the domain
 */
int kunit_vtd_old_agaw(struct iommu_domain *domain)
{
	return to_dmar_domain(domain)->agaw;
}

/*
 * The leaf (or the empty entry) of @iova, found as 6.12's pfn_to_dma_pte()
 * finds it for unmap and read_and_clear_dirty (target level 0), without
 * making tables; its 6.12 level (1 is the PTE level) in *@level
 */
static struct dma_pte *kunit_vtd_old_pte(struct dmar_domain *dmar, u64 iova,
					 int *level)
{
	unsigned long pfn = iova >> VTD_PAGE_SHIFT;
	int lvl = agaw_to_level(dmar->agaw);
	struct dma_pte *parent = dmar->pgd;
	struct dma_pte *pte;

	while (true) {
		pte = &parent[pfn_level_offset(pfn, lvl)];
		if (!dma_pte_present(pte) || dma_pte_superpage(pte) || lvl == 1)
			break;
		parent = phys_to_virt(dma_pte_addr(pte));
		lvl--;
	}
	*level = lvl;
	return pte;
}

/**
 * kunit_vtd_old_set_bits() - set bits in a leaf as the IOMMU would
 * @domain: from kunit_vtd_old_alloc()
 * @iova: an IOVA the leaf maps
 * @bits: e.g. the A and D bits
 */
void kunit_vtd_old_set_bits(struct iommu_domain *domain, u64 iova, u64 bits)
{
	struct dma_pte *pte;
	int lvl;

	pte = kunit_vtd_old_pte(to_dmar_domain(domain), iova, &lvl);
	WRITE_ONCE(pte->val, pte->val | bits);
}

/**
 * kunit_vtd_old_read_dirty() - 6.12's second stage dirty read, by its rule
 * @domain: from kunit_vtd_old_alloc()
 * @iova: start of the query
 * @size: its length
 * @flags: 0 or IOMMU_DIRTY_NO_CLEAR
 * @first: receives the first IOVA recorded, U64_MAX if none
 * @last: receives the last IOVA recorded, 0 if none
 *
 * The loop of 6.12's intel_iommu_read_and_clear_dirty(), which a domain
 * without a device cannot reach: each leaf whose D bit
 * dma_sl_pte_test_and_clear_dirty() finds (and clears, without NO_CLEAR)
 * is recorded from where the query stands for the leaf's size.
 */
void kunit_vtd_old_read_dirty(struct iommu_domain *domain, u64 iova, u64 size,
			      unsigned long flags, u64 *first, u64 *last)
{
	struct dmar_domain *dmar = to_dmar_domain(domain);
	u64 end = iova + size - 1;

	*first = U64_MAX;
	*last = 0;
	do {
		struct dma_pte *pte;
		u64 pgsize;
		int lvl;

		pte = kunit_vtd_old_pte(dmar, iova, &lvl);
		pgsize = level_size(lvl) << VTD_PAGE_SHIFT;
		if (dma_pte_present(pte) &&
		    dma_sl_pte_test_and_clear_dirty(pte, flags)) {
			*first = min(*first, iova);
			*last = max(*last, iova + pgsize - 1);
		}
		iova += pgsize;
	} while (iova < end);
}
