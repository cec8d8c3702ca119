// SPDX-License-Identifier: GPL-2.0-only
/*
 * IOMMU page table check (CONFIG_IOMMU_PT_CHECK).
 *
 * mm's page_table_check counts the CPU page table entries that map each
 * page; this counts the IOMMU page table leaves. For every page of RAM
 * (pfn_valid()) a leaf of a generic page table maps, page_ext holds the
 * number of writable and of read-only IOMMU mappings, and the domain and
 * IOVA of the last one made. iommu_pt.h counts every leaf it installs and
 * uncounts every leaf it clears, once for every page the leaf covers, so a
 * large or contiguous leaf counts on each of its pages. When the page
 * allocator frees a page whose counts are not zero, a device can still DMA
 * into memory that now belongs to someone else: that is reported, loudly,
 * with the domain and IOVA of the last mapping. So are a leaf written over
 * a live one, an unmap clearing an item that is not a leaf, and a count
 * that would go below zero. A report does not stop anything; the counts
 * stay as they are.
 *
 * Off unless the kernel command line says iommu_pt_check=on: without it
 * page_ext has no room for the counts and every hook is one static branch.
 *
 * Reports start with "BUG: iommu_pt_check: " and are followed by a stack
 * dump. A KUnit test that provokes one on purpose adds a named resource
 * IOMMU_PT_CHECK_KUNIT_EXPECT whose data is an atomic_t: a report made in
 * that test's thread counts there and prints one line at KERN_INFO with no
 * "BUG:", so the logs of the test runs stay free of report lines. Every
 * report, expected or not, counts in iommu_pt_check_reports(); one that is
 * not expected made in a KUnit test's thread also fails that test.
 */
#include <linux/export.h>
#include <linux/generic_pt/check.h>
#include <linux/kstrtox.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/page_ext.h>
#include <linux/printk.h>
#include <kunit/resource.h>
#include <kunit/test-bug.h>

/**
 * struct iommu_pt_check_page - the check's page_ext data for one page
 * @writable: IOMMU leaves that map the page writable
 * @readonly: IOMMU leaves that map it read-only
 * @domain: the domain of the last leaf counted
 * @iova: the IOVA at which that leaf maps the page (or its first byte
 *   inside the page, for a leaf smaller than a page)
 *
 * @domain and @iova only name a suspect in a report; concurrent maps of
 * the page race to write them and any one of them may win.
 */
struct iommu_pt_check_page {
	atomic_t writable;
	atomic_t readonly;
	struct iommu_domain *domain;
	u64 iova;
};

static bool iommu_pt_check_param __initdata;
DEFINE_STATIC_KEY_FALSE(iommu_pt_check_on);
EXPORT_SYMBOL_GPL(iommu_pt_check_on);

static atomic_long_t iommu_pt_check_nr_reports = ATOMIC_LONG_INIT(0);

static int __init iommu_pt_check_setup(char *buf)
{
	return kstrtobool(buf, &iommu_pt_check_param);
}
early_param("iommu_pt_check", iommu_pt_check_setup);

static bool __init iommu_pt_check_need(void)
{
	return iommu_pt_check_param;
}

static void __init iommu_pt_check_init(void)
{
	if (!iommu_pt_check_param)
		return;
	static_branch_enable(&iommu_pt_check_on);
	pr_info("iommu_pt_check: on: counting IOMMU mappings of every page\n");
}

struct page_ext_operations iommu_pt_check_ops = {
	.size = sizeof(struct iommu_pt_check_page),
	.need = iommu_pt_check_need,
	.init = iommu_pt_check_init,
	.need_shared_flags = false,
};

static struct iommu_pt_check_page *to_check_page(struct page_ext *page_ext)
{
	return page_ext_data(page_ext, &iommu_pt_check_ops);
}

/*
 * Count a report. True if the current KUnit test expects it: it is then
 * counted in the test's resource and printed quietly.
 */
static bool iommu_pt_check_count_report(void)
{
	struct kunit *test = kunit_get_current_test();
	struct kunit_resource *res;

	atomic_long_inc(&iommu_pt_check_nr_reports);
	if (!test)
		return false;
	res = kunit_find_named_resource(test, IOMMU_PT_CHECK_KUNIT_EXPECT);
	if (!res) {
		kunit_fail_current_test("iommu_pt_check report");
		return false;
	}
	atomic_inc(res->data);
	kunit_put_resource(res);
	return true;
}

/*
 * Print a report, naming the domain and IOVA of the mapping at the end:
 * loudly, with a stack dump, unless a KUnit test expects it
 */
static __printf(3, 4) void iommu_pt_check_report(struct iommu_domain *domain,
						 u64 iova, const char *fmt,
						 ...)
{
	struct va_format vaf;
	va_list args;

	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	if (iommu_pt_check_count_report()) {
		pr_info("iommu_pt_check: expected report: %pV (domain %p IOVA %#llx)\n",
			&vaf, domain, iova);
	} else {
		pr_err("BUG: iommu_pt_check: %pV (domain %p IOVA %#llx)\n",
		       &vaf, domain, iova);
		dump_stack();
	}
	va_end(args);
}

/*
 * pfn_valid() holds for whole subsections (sparsemem) or for all RAM
 * below a limit (flatmem): after an invalid pfn, the next that may be
 * valid starts the next subsection.
 */
static unsigned long iommu_pt_check_next_pfn(unsigned long pfn)
{
#ifdef CONFIG_SPARSEMEM
	return ALIGN(pfn + 1, PAGES_PER_SUBSECTION);
#else
	return pfn + 1;
#endif
}

/*
 * Add @delta to the writable or read-only count of every page of RAM in
 * [@oa, @oa + @len), which @domain maps at @iova
 */
static void iommu_pt_check_count(struct iommu_domain *domain, u64 iova,
				 u64 oa, u64 len, bool writable, int delta)
{
	u64 first = oa >> PAGE_SHIFT, last = (oa + len - 1) >> PAGE_SHIFT;
	unsigned long pfn;
	u64 next;

	/* No RAM from max_pfn on (memory hotplug moves it up) */
	if (last >= max_pfn)
		last = (u64)max_pfn - 1;
	if (first > last)
		return;
	for (pfn = first; pfn <= last; pfn = next) {
		struct iommu_pt_check_page *cp;
		struct page_ext *page_ext;
		u64 pa = (u64)pfn << PAGE_SHIFT;
		atomic_t *count;
		int left;

		if (!pfn_valid(pfn)) {
			next = iommu_pt_check_next_pfn(pfn);
			if (next > last || next <= pfn)
				return;
			continue;
		}
		next = (u64)pfn + 1;
		page_ext = page_ext_get(pfn_to_page(pfn));
		if (!page_ext)
			continue;
		cp = to_check_page(page_ext);
		count = writable ? &cp->writable : &cp->readonly;
		if (delta > 0) {
			atomic_inc(count);
			WRITE_ONCE(cp->domain, domain);
			WRITE_ONCE(cp->iova, iova + (max(pa, oa) - oa));
			page_ext_put(page_ext);
		} else {
			left = atomic_dec_if_positive(count);
			page_ext_put(page_ext);
			if (left < 0)
				iommu_pt_check_report(domain,
						      iova + (max(pa, oa) - oa),
						      "unmap of pfn %#lx, which has no %s mapping",
						      pfn,
						      writable ? "writable" :
								 "read-only");
		}
		if (next > last)
			return;
	}
}

/**
 * iommu_pt_check_map() - count a leaf an IOMMU page table installs
 * @domain: the domain of the table
 * @iova: first IOVA of the leaf
 * @oa: the output address @iova maps
 * @len: bytes the leaf maps
 * @writable: the leaf lets the device write
 *
 * Every page of RAM in [@oa, @oa + @len) counts one more mapping.
 *
 * Context: Any context; called by the generic page table while the check
 * is enabled, after the leaf is written.
 */
void iommu_pt_check_map(struct iommu_domain *domain, u64 iova, u64 oa,
			u64 len, bool writable)
{
	iommu_pt_check_count(domain, iova, oa, len, writable, 1);
}
EXPORT_SYMBOL_GPL(iommu_pt_check_map);

/**
 * iommu_pt_check_unmap() - uncount a leaf an IOMMU page table clears
 * @domain: the domain of the table
 * @iova: first IOVA of the leaf
 * @oa: the output address @iova mapped
 * @len: bytes the leaf mapped
 * @writable: the leaf let the device write
 *
 * Every page of RAM in [@oa, @oa + @len) counts one mapping less; a count
 * that would go below zero stays at zero and is reported.
 *
 * Context: Any context; called by the generic page table while the check
 * is enabled, before the leaf is cleared or its table is freed.
 */
void iommu_pt_check_unmap(struct iommu_domain *domain, u64 iova, u64 oa,
			  u64 len, bool writable)
{
	iommu_pt_check_count(domain, iova, oa, len, writable, -1);
}
EXPORT_SYMBOL_GPL(iommu_pt_check_unmap);

/**
 * iommu_pt_check_bad_entry() - report a table change that breaks the rules
 * @domain: the domain of the table
 * @iova: the IOVA of the item
 * @what: what happened, e.g. "leaf installed over a live leaf"
 *
 * Context: Any context.
 */
void iommu_pt_check_bad_entry(struct iommu_domain *domain, u64 iova,
			      const char *what)
{
	iommu_pt_check_report(domain, iova, "%s", what);
}
EXPORT_SYMBOL_GPL(iommu_pt_check_bad_entry);

/**
 * __iommu_pt_check_free() - the page allocator frees pages
 * @page: the first page
 * @order: log2 of the number of pages
 *
 * Reports, once for the whole block, if an IOMMU leaf still maps any of
 * its pages: the first such page, its counts, how many pages are mapped,
 * and the domain and IOVA of the last mapping of that page. The counts
 * are left as they are: the leaf is still there, and its unmap uncounts.
 *
 * Context: Any context; called from free_pages_prepare() while the check
 * is enabled.
 */
void __iommu_pt_check_free(struct page *page, unsigned int order)
{
	unsigned long pfn = page_to_pfn(page), i, bad = 0, bad_pfn = 0;
	unsigned int writable = 0, readonly = 0;
	struct iommu_domain *domain = NULL;
	u64 iova = 0;

	for (i = 0; i != 1UL << order; i++) {
		struct iommu_pt_check_page *cp;
		struct page_ext *page_ext;
		unsigned int w, r;

		page_ext = page_ext_get(pfn_to_page(pfn + i));
		if (!page_ext)
			continue;
		cp = to_check_page(page_ext);
		w = atomic_read(&cp->writable);
		r = atomic_read(&cp->readonly);
		if ((w || r) && !bad++) {
			bad_pfn = pfn + i;
			writable = w;
			readonly = r;
			domain = READ_ONCE(cp->domain);
			iova = READ_ONCE(cp->iova);
		}
		page_ext_put(page_ext);
	}
	if (bad)
		iommu_pt_check_report(domain, iova,
				      "page freed while an IOMMU maps it: pfn %#lx (%lu of %lu pages mapped) has %u writable and %u read-only mappings, the last one",
				      bad_pfn, bad, 1UL << order, writable,
				      readonly);
}

/**
 * iommu_pt_check_reports() - number of reports the check has made
 *
 * Context: Any context.
 *
 * Return: every report since boot, expected by a KUnit test or not
 */
unsigned long iommu_pt_check_reports(void)
{
	return atomic_long_read(&iommu_pt_check_nr_reports);
}
EXPORT_SYMBOL_GPL(iommu_pt_check_reports);

/**
 * iommu_pt_check_page_counts() - the counts of one page
 * @page: the page
 * @writable: receives the number of writable IOMMU mappings
 * @readonly: receives the number of read-only ones
 *
 * Context: Any context.
 *
 * Return: false if the check is off or the page has no page_ext
 */
bool iommu_pt_check_page_counts(struct page *page, unsigned int *writable,
				unsigned int *readonly)
{
	struct iommu_pt_check_page *cp;
	struct page_ext *page_ext;

	if (!iommu_pt_check_enabled())
		return false;
	page_ext = page_ext_get(page);
	if (!page_ext)
		return false;
	cp = to_check_page(page_ext);
	*writable = atomic_read(&cp->writable);
	*readonly = atomic_read(&cp->readonly);
	page_ext_put(page_ext);
	return true;
}
EXPORT_SYMBOL_GPL(iommu_pt_check_page_counts);
