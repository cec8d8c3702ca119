/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The 6.12 AMD io_pgtable as the compare suites and the benchmark drive
 * it: a protection domain with no device attached, so the DTE updates and
 * flushes of the old code's table growth find nothing to do, holding the
 * driver's own v1 or v2 io_pgtable. Only built while the kernel carries
 * that code (CONFIG_IOMMU_PT_KUNIT_CMP_AMD, CONFIG_IOMMU_PT_KUNIT_BENCH_AMD).
 */
#ifndef __GENERIC_PT_KUNIT_AMD_OLD_H
#define __GENERIC_PT_KUNIT_AMD_OLD_H

#include <linux/io-pgtable.h>

#include "../../amd/amd_iommu.h"

/*
 * Make the zeroed @pdom a protection domain of @mode and give it an
 * io_pgtable of @fmt. Returns its ops, or NULL if it could not be made.
 */
static inline struct io_pgtable_ops *
kunit_amd_old_init(struct protection_domain *pdom, enum io_pgtable_fmt fmt,
		   enum protection_domain_mode mode)
{
	spin_lock_init(&pdom->lock);
	INIT_LIST_HEAD(&pdom->dev_list);
	INIT_LIST_HEAD(&pdom->dev_data_list);
	xa_init(&pdom->iommu_array);
	pdom->pd_mode = mode;
	pdom->iop.pgtbl.cfg.amd.nid = NUMA_NO_NODE;
	return alloc_io_pgtable_ops(fmt, &pdom->iop.pgtbl.cfg, pdom);
}

/* The io_pgtable prot for an IOMMU_* prot, as amd_iommu_map_pages() makes it */
static inline int kunit_amd_old_prot(int prot)
{
	return (prot & IOMMU_READ ? IOMMU_PROT_IR : 0) |
	       (prot & IOMMU_WRITE ? IOMMU_PROT_IW : 0);
}

#endif
