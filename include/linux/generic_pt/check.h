/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * IOMMU page table check (CONFIG_IOMMU_PT_CHECK): per physical page, the
 * number of IOMMU page table leaves that map it, kept in page_ext, and a
 * report when the page allocator frees a page some leaf still maps.
 *
 * The generic page table (drivers/iommu/generic_pt/iommu_pt.h) calls the
 * counting functions from its leaf install and clear points, the page
 * allocator calls iommu_pt_check_free() from free_pages_prepare(). With
 * the option off every hook is an empty inline; built in but not enabled
 * on the command line (iommu_pt_check=on), each costs one static branch.
 */
#ifndef __GENERIC_PT_CHECK_H
#define __GENERIC_PT_CHECK_H

#include <linux/types.h>

struct iommu_domain;
struct page;

/* Prototypes for every build: callers use them behind the inline below */
void iommu_pt_check_map(struct iommu_domain *domain, u64 iova, u64 oa,
			u64 len, bool writable);
void iommu_pt_check_unmap(struct iommu_domain *domain, u64 iova, u64 oa,
			  u64 len, bool writable);
void iommu_pt_check_bad_entry(struct iommu_domain *domain, u64 iova,
			      const char *what);
unsigned long iommu_pt_check_reports(void);
bool iommu_pt_check_page_counts(struct page *page, unsigned int *writable,
				unsigned int *readonly);
void __iommu_pt_check_free(struct page *page, unsigned int order);

#if IS_ENABLED(CONFIG_IOMMU_PT_CHECK)
#include <linux/jump_label.h>

DECLARE_STATIC_KEY_FALSE(iommu_pt_check_on);
extern struct page_ext_operations iommu_pt_check_ops;

/* Whether the check was enabled on the command line (and is set up) */
static inline bool iommu_pt_check_enabled(void)
{
	return static_branch_unlikely(&iommu_pt_check_on);
}
#else
static inline bool iommu_pt_check_enabled(void)
{
	return false;
}
#endif

/*
 * The page allocator frees @page and the 2^@order pages after it: report
 * any that an IOMMU leaf still maps
 */
static inline void iommu_pt_check_free(struct page *page, unsigned int order)
{
	if (iommu_pt_check_enabled())
		__iommu_pt_check_free(page, order);
}

/* The name of the KUnit resource that makes a report expected */
#define IOMMU_PT_CHECK_KUNIT_EXPECT "iommu_pt_check_expect"

#endif
