/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * 6.12's VT-d page table code as the VT-d compare suites (vtdss_cmp_test,
 * x86_64_vtd_cmp_test) drive it, from kunit_vtd_old.c: the Intel driver's
 * headers clash with the AMD driver's, which the x86-64 suites include too,
 * so only that compilation unit sees the Intel internals. Only built while
 * the kernel carries that code (CONFIG_IOMMU_PT_KUNIT_CMP_INTEL).
 */
#ifndef __GENERIC_PT_KUNIT_VTD_OLD_H
#define __GENERIC_PT_KUNIT_VTD_OLD_H

#include <linux/types.h>

struct iommu_domain;

/**
 * struct kunit_vtd_old_cfg - what the Intel driver takes from the hardware
 * @levels: the number of levels of the table, 3 to 5 (agaw = @levels - 2)
 * @gaw: the guest address width, the IOVA bits the domain translates (MGAW)
 * @first_level: first level (first stage) rather than second stage
 * @superpage: 0 for 4 KiB pages only, 1 with 2 MiB, 2 with 2 MiB and 1 GiB
 * @snp: the domain enforces cache coherency (set_pte_snp: SNP in leaves)
 * @nested_parent: the domain is a nesting parent
 * @incoherent: the IOMMU walks without snooping (iommu_coherency clear):
 *   6.12 then clflushes every table write
 */
struct kunit_vtd_old_cfg {
	unsigned int levels;
	unsigned int gaw;
	bool first_level;
	unsigned int superpage;
	bool snp;
	bool nested_parent;
	bool incoherent;
};

struct iommu_domain *kunit_vtd_old_alloc(const struct kunit_vtd_old_cfg *cfg);
void *kunit_vtd_old_top(struct iommu_domain *domain, unsigned int *level);
int kunit_vtd_old_agaw(struct iommu_domain *domain);
void kunit_vtd_old_set_bits(struct iommu_domain *domain, u64 iova, u64 bits);
void kunit_vtd_old_read_dirty(struct iommu_domain *domain, u64 iova, u64 size,
			      unsigned long flags, u64 *first, u64 *last);

#endif
