/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * KUnit tests of the IOMMU page table check (CONFIG_IOMMU_PT_CHECK),
 * compiled per format by fmt/kunit_<fmt>.c through kunit_iommu.h.
 * Suite: <fmt>_iommu_check_test, over the configurations of
 * <fmt>_iommu_test. It needs a kernel booted with iommu_pt_check=on and
 * skips otherwise; the scripts boot it so apart from the other suites,
 * which map physical addresses they do not own.
 *
 * Every test maps pages it allocated and reads the check's counts of
 * them (iommu_pt_check_page_counts()) and its report count
 * (iommu_pt_check_reports()); a report the test provokes on purpose is
 * made expected with the KUnit resource IOMMU_PT_CHECK_KUNIT_EXPECT, so
 * it is printed without "BUG:" and the log scanners see no report. Any
 * other report fails the test.
 *
 *  - test_check_counts: one leaf of every size up to 2M, writable and
 *    read-only, and a run of small leaves in one map: every page covered
 *    counts one mapping of the right kind, and none after the unmap; no
 *    report, and freeing the pages makes none;
 *  - test_check_free_mapped: freeing a page, and a block of pages, that
 *    a leaf still maps makes exactly one report each;
 *  - test_check_deinit: freeing the table of a domain uncounts what it
 *    still mapped;
 *  - test_check_underflow: a leaf written into the table behind the
 *    library's back, then unmapped, makes one report (the count would go
 *    below zero). A leaf installed over a live one and an unmap clearing
 *    an item that is not a leaf are not reachable through the iommu API:
 *    map refuses a range with a leaf in it, unmap clears only the leaves
 *    it found.
 */
#ifndef __GENERIC_PT_KUNIT_IOMMU_CHECK_H
#define __GENERIC_PT_KUNIT_IOMMU_CHECK_H

#include <kunit/resource.h>
#include <linux/generic_pt/check.h>

#include "kunit_iommu_fixture.h"

/* Largest leaf the tests map: 2M, a block the page allocator gives */
#define KCHECK_MAX_LG2 21

static int kcheck_init(struct kunit *test)
{
	if (!iommu_pt_check_enabled())
		kunit_skip(test, "needs a kernel booted with iommu_pt_check=on");
	/* The cases map single CPU pages with the smallest leaf */
	if (PT_GRANULE_LG2SZ > PAGE_SHIFT)
		kunit_skip(test, "the granule is larger than a CPU page");
	return kunit_pt_init(test);
}

/* Expect the reports that follow, until kcheck_expect_end(); count them */
static atomic_t *kcheck_expect_begin(struct kunit *test)
{
	struct kunit_resource *res;
	atomic_t *seen;

	res = kunit_kzalloc(test, sizeof(*res), GFP_KERNEL);
	seen = kunit_kzalloc(test, sizeof(*seen), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, res);
	KUNIT_ASSERT_NOT_NULL(test, seen);
	KUNIT_ASSERT_EQ(test,
			kunit_add_named_resource(test, NULL, NULL, res,
						 IOMMU_PT_CHECK_KUNIT_EXPECT,
						 seen),
			0);
	return seen;
}

static void kcheck_expect_end(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test,
			kunit_destroy_named_resource(test,
						     IOMMU_PT_CHECK_KUNIT_EXPECT),
			0);
}

/* Expect @writable and @readonly mappings of each of @npages from @page */
static void kcheck_expect_counts(struct kunit *test, struct page *page,
				 unsigned long npages, unsigned int writable,
				 unsigned int readonly, const char *what)
{
	unsigned long i;

	for (i = 0; i != npages; i++) {
		unsigned int w = 0, r = 0;

		KUNIT_ASSERT_TRUE(test, iommu_pt_check_page_counts(page + i,
								   &w, &r));
		if (w != writable || r != readonly) {
			KUNIT_FAIL(test,
				   "%s: page %lu of %lu: %u writable and %u read-only mappings, expected %u and %u",
				   what, i, npages, w, r, writable, readonly);
			return;
		}
	}
}

static bool kcheck_ro_is_rw(struct kunit_pt_priv *priv)
{
	return KUNIT_PT_READ_ONLY_IS_RW(priv);
}

/* Map every size up to 2M, writable and read-only; unmap; free */
static void test_check_counts(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	struct iommu_domain *domain = &priv->domain;
	u64 sizes = kunit_pt_sizes(priv) & log2_to_max_int(KCHECK_MAX_LG2 + 1);
	unsigned long reports = iommu_pt_check_reports();
	unsigned int ro_w = kcheck_ro_is_rw(priv), ro_r = !ro_w;
	unsigned int lg2, gran_lg2 = log2_ffs(kunit_pt_sizes(priv));
	u64 gran = log2_to_int(gran_lg2);
	struct page *page;

	KUNIT_ASSERT_NE(test, sizes, 0);
	for_each_set_bit(lg2, (unsigned long *)&sizes, 64) {
		u64 len = log2_to_int(lg2);
		unsigned int order = lg2 > PAGE_SHIFT ? lg2 - PAGE_SHIFT : 0;
		unsigned long npages = 1UL << order;
		phys_addr_t pa;

		/* IOVAs len and 2 * len */
		if (3 * len - 1 > kunit_pt_max_va(priv))
			break;
		page = alloc_pages(GFP_KERNEL, order);
		if (!page) {
			kunit_info(test, "no block of 2^%u bytes\n", lg2);
			continue;
		}
		pa = page_to_phys(page);
		/* Writable at IOVA len, read-only at 2 * len */
		KUNIT_ASSERT_EQ(test,
				iommu_map(domain, len, pa, len,
					  IOMMU_READ | IOMMU_WRITE, GFP_KERNEL),
				0);
		kcheck_expect_counts(test, page, npages, 1, 0, "rw leaf");
		KUNIT_ASSERT_EQ(test,
				iommu_map(domain, 2 * len, pa, len, IOMMU_READ,
					  GFP_KERNEL),
				0);
		kcheck_expect_counts(test, page, npages, 1 + ro_w, ro_r,
				     "rw and ro leaves");
		KUNIT_EXPECT_EQ(test, iommu_unmap(domain, len, len), len);
		kcheck_expect_counts(test, page, npages, ro_w, ro_r,
				     "ro leaf left");
		KUNIT_EXPECT_EQ(test, iommu_unmap(domain, 2 * len, len), len);
		kcheck_expect_counts(test, page, npages, 0, 0, "unmapped");
		__free_pages(page, order);
	}

	/* A run of 8 leaves of the smallest size, in one map and one unmap */
	if (gran_lg2 <= PAGE_SHIFT + 3) {
		unsigned int order = gran_lg2 + 3 > PAGE_SHIFT ?
					     gran_lg2 + 3 - PAGE_SHIFT : 0;
		u64 iova = 0;

		page = alloc_pages(GFP_KERNEL, order);
		KUNIT_ASSERT_NOT_NULL(test, page);
		/* From an odd item: leaves of one item, or contiguous ones */
		KUNIT_ASSERT_EQ(test,
				iommu_map(domain, iova + gran, page_to_phys(page),
					  8 * gran, IOMMU_READ | IOMMU_WRITE,
					  GFP_KERNEL),
				0);
		kcheck_expect_counts(test, page, 1UL << order,
				     gran_lg2 < PAGE_SHIFT ?
					     1U << (PAGE_SHIFT - gran_lg2) : 1,
				     0, "run of leaves");
		KUNIT_EXPECT_EQ(test, iommu_unmap(domain, iova + gran, 8 * gran),
				8 * gran);
		kcheck_expect_counts(test, page, 1UL << order, 0, 0,
				     "run unmapped");
		__free_pages(page, order);
	}
	KUNIT_EXPECT_EQ(test, iommu_pt_check_reports(), reports);
}

/* Free a page, then a block, that a leaf maps: one report each */
static void test_check_free_mapped(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	struct iommu_domain *domain = &priv->domain;
	u64 gran = log2_to_int(log2_ffs(kunit_pt_sizes(priv)));
	unsigned long reports = iommu_pt_check_reports();
	struct page *page;
	atomic_t *seen;

	/* One page, one leaf of the smallest size at its start */
	page = alloc_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_ASSERT_EQ(test,
			iommu_map(domain, 4 * gran, page_to_phys(page), gran,
				  IOMMU_READ | IOMMU_WRITE, GFP_KERNEL),
			0);
	seen = kcheck_expect_begin(test);
	__free_page(page);
	KUNIT_EXPECT_EQ(test, atomic_read(seen), 1);
	KUNIT_EXPECT_EQ(test, iommu_pt_check_reports(), reports + 1);
	/* The mapping is still there; its unmap is no report */
	KUNIT_EXPECT_EQ(test, iommu_unmap(domain, 4 * gran, gran), gran);
	KUNIT_EXPECT_EQ(test, atomic_read(seen), 1);
	kcheck_expect_end(test);

	/* Four pages, each mapped read-only: one report for the block */
	page = alloc_pages(GFP_KERNEL, 2);
	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_ASSERT_EQ(test,
			iommu_map(domain, 64 * gran, page_to_phys(page),
				  4 * PAGE_SIZE, IOMMU_READ, GFP_KERNEL),
			0);
	seen = kcheck_expect_begin(test);
	__free_pages(page, 2);
	KUNIT_EXPECT_EQ(test, atomic_read(seen), 1);
	KUNIT_EXPECT_EQ(test, iommu_pt_check_reports(), reports + 2);
	KUNIT_EXPECT_EQ(test, iommu_unmap(domain, 64 * gran, 4 * PAGE_SIZE),
			4 * PAGE_SIZE);
	kcheck_expect_end(test);
}

/* pt_iommu_deinit() of a table that still maps a page uncounts it */
static void test_check_deinit(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	u64 gran = log2_to_int(log2_ffs(kunit_pt_sizes(priv)));
	unsigned long reports = iommu_pt_check_reports();
	struct page *page;

	page = alloc_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_ASSERT_EQ(test,
			iommu_map(&priv->domain, 0, page_to_phys(page), gran,
				  IOMMU_READ | IOMMU_WRITE, GFP_KERNEL),
			0);
	kcheck_expect_counts(test, page, 1, 1, 0, "mapped");
	pt_iommu_deinit(&priv->fmt_table.iommu);
	priv->initialized = false;
	kcheck_expect_counts(test, page, 1, 0, 0, "table freed");
	__free_page(page);
	KUNIT_EXPECT_EQ(test, iommu_pt_check_reports(), reports);
}

/* Find the lowest table holding @iova's leaf; true with @pts on it */
static int __kcheck_find_leaf(struct pt_state *pts, void *arg)
{
	struct pt_state *out = arg;

	switch (pt_load_entry(pts)) {
	case PT_ENTRY_OA:
		*out = *pts;
		return 0;
	case PT_ENTRY_TABLE:
		return pt_descend(pts, arg, __kcheck_find_leaf);
	default:
		return -ENOENT;
	}
}

/*
 * A leaf the check never saw: written next to a mapped one with the
 * format's own hook, as a driver that writes its table by hand would.
 * Unmapping both uncounts a page with no mapping: one report.
 */
static void test_check_underflow(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	struct iommu_domain *domain = &priv->domain;
	unsigned int gran_lg2 = log2_ffs(kunit_pt_sizes(priv));
	u64 gran = log2_to_int(gran_lg2);
	unsigned long reports = iommu_pt_check_reports();
	/* Two items of one lowest table */
	u64 iova = 8 * gran;
	struct pt_write_attrs attrs;
	struct page *mapped, *hidden;
	struct pt_range range;
	struct pt_state pts;
	atomic_t *seen;

	mapped = alloc_page(GFP_KERNEL);
	hidden = alloc_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, mapped);
	KUNIT_ASSERT_NOT_NULL(test, hidden);
	KUNIT_ASSERT_EQ(test,
			iommu_map(domain, iova, page_to_phys(mapped), gran,
				  IOMMU_READ | IOMMU_WRITE, GFP_KERNEL),
			0);
	KUNIT_ASSERT_EQ(test,
			pt_make_range(priv->common, &range, iova, iova), 0);
	KUNIT_ASSERT_EQ(test,
			pt_walk_range(&range, __kcheck_find_leaf, &pts), 0);
	KUNIT_ASSERT_EQ(test, pt_entry_lg2sz(&pts), gran_lg2);
	pt_attr_from_entry(&pts, &attrs);
	pts.index++;
	pts.va += gran;
	KUNIT_ASSERT_EQ(test, pt_load_entry_raw(&pts), PT_ENTRY_EMPTY);
	pt_install_leaf_entry(&pts, page_to_phys(hidden), gran_lg2, &attrs);

	seen = kcheck_expect_begin(test);
	KUNIT_EXPECT_EQ(test, iommu_unmap(domain, iova, 2 * gran), 2 * gran);
	KUNIT_EXPECT_EQ(test, atomic_read(seen), 1);
	KUNIT_EXPECT_EQ(test, iommu_pt_check_reports(), reports + 1);
	kcheck_expect_end(test);
	kcheck_expect_counts(test, mapped, 1, 0, 0, "mapped page unmapped");
	kcheck_expect_counts(test, hidden, 1, 0, 0, "no count below zero");
	__free_page(mapped);
	__free_page(hidden);
	KUNIT_EXPECT_EQ(test, iommu_pt_check_reports(), reports + 1);
}

static struct kunit_case generic_pt_iommu_check_cases[] = {
	KUNIT_CASE_PARAM(test_check_counts, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_check_free_mapped, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_check_deinit, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_check_underflow, kunit_pt_gen_params),
	{}
};

static struct kunit_suite NS(iommu_check_test) = {
	.name = __stringify(PT_FMT) "_iommu_check_test",
	.init = kcheck_init,
	.exit = kunit_pt_exit,
	.test_cases = generic_pt_iommu_check_cases,
};

kunit_test_suites(&NS(iommu_check_test));

#endif
