// SPDX-License-Identifier: GPL-2.0-only
/*
 * Userspace shim: page allocation for drivers/iommu/iommu-pages.h with a
 * side struct page per allocation, allocation accounting and failure
 * injection, WARN_ON() reporting, and sme_me_mask.
 *
 * Pages come from aligned_alloc() so the sanitizers see every access; the
 * struct page lives in a hash table keyed by address so that
 * virt_to_page() works for table memory and nothing else. All of it is
 * thread safe (one mutex) for the ThreadSanitizer stress test.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include <linux/bits.h>
#include <linux/mem_encrypt.h>
#include <linux/mm.h>

#include "iommu-pages.h"
#include "shim.h"

u64 sme_me_mask;
long shim_warnings;

#define SHIM_HASH_BITS 14

struct shim_page {
	struct page page;
	struct shim_page *hnext;
	/*
	 * What a non-snooping IOMMU reads: each word as of the last
	 * write-back of its cache line, and which words were written back
	 * since the allocation. Made at the first write-back.
	 */
	u64 *view;
	bool *view_valid;
};

static pthread_mutex_t shim_lock = PTHREAD_MUTEX_INITIALIZER;
static struct shim_page *shim_hash[1 << SHIM_HASH_BITS];
static long shim_allocated, shim_freed;
/* Successful allocations, of any order: what shim_fail_nth() counts */
static long shim_allocations;
static long shim_fail_countdown;
static long shim_lines_flushed, shim_publish_errors;
static bool shim_failed;

static unsigned int shim_hash_of(const void *addr)
{
	u64 key = (uintptr_t)addr >> PAGE_SHIFT;

	return (key * 0x9e3779b97f4a7c15ULL) >> (64 - SHIM_HASH_BITS);
}

void shim_warn(const char *file, int line, const char *cond)
{
	__atomic_fetch_add(&shim_warnings, 1, __ATOMIC_RELAXED);
	fprintf(stderr, "WARNING: %s:%d: WARN_ON(%s)\n", file, line, cond);
}

long shim_pages_allocated(void)
{
	return __atomic_load_n(&shim_allocated, __ATOMIC_RELAXED);
}

long shim_allocations_made(void)
{
	return __atomic_load_n(&shim_allocations, __ATOMIC_RELAXED);
}

long shim_pages_freed(void)
{
	return __atomic_load_n(&shim_freed, __ATOMIC_RELAXED);
}

long shim_pages_outstanding(void)
{
	long ret;

	pthread_mutex_lock(&shim_lock);
	ret = shim_allocated - shim_freed;
	pthread_mutex_unlock(&shim_lock);
	return ret;
}

void shim_fail_nth(long nth)
{
	pthread_mutex_lock(&shim_lock);
	shim_fail_countdown = nth;
	shim_failed = false;
	pthread_mutex_unlock(&shim_lock);
}

bool shim_fail_fired(void)
{
	bool ret;

	pthread_mutex_lock(&shim_lock);
	ret = shim_failed;
	pthread_mutex_unlock(&shim_lock);
	return ret;
}

void *iommu_alloc_pages_node(int nid, gfp_t gfp, int order)
{
	size_t size = PAGE_SIZE << order;
	struct shim_page *sp;
	unsigned int h;
	void *virt;

	pthread_mutex_lock(&shim_lock);
	if (shim_fail_countdown && --shim_fail_countdown == 0) {
		shim_failed = true;
		pthread_mutex_unlock(&shim_lock);
		return NULL;
	}
	pthread_mutex_unlock(&shim_lock);

	virt = aligned_alloc(size, size);
	sp = calloc(1, sizeof(*sp));
	if (!virt || !sp) {
		fprintf(stderr, "shim: out of memory\n");
		abort();
	}
	memset(virt, 0, size);
	sp->page.virt = virt;
	sp->page.order = order;
	INIT_LIST_HEAD(&sp->page.lru);

	h = shim_hash_of(virt);
	pthread_mutex_lock(&shim_lock);
	sp->hnext = shim_hash[h];
	shim_hash[h] = sp;
	shim_allocated += 1L << order;
	shim_allocations++;
	pthread_mutex_unlock(&shim_lock);
	return virt;
}

/* Caller holds shim_lock */
static struct shim_page **shim_find(const void *addr)
{
	struct shim_page **pp = &shim_hash[shim_hash_of(addr)];

	while (*pp && (*pp)->page.virt != addr)
		pp = &(*pp)->hnext;
	return pp;
}

struct page *virt_to_page(const void *addr)
{
	struct shim_page *sp;

	pthread_mutex_lock(&shim_lock);
	sp = *shim_find(addr);
	pthread_mutex_unlock(&shim_lock);
	WARN_ON(!sp);
	return sp ? &sp->page : NULL;
}

/* Unhash and free one allocation */
static void shim_free(void *virt, int order)
{
	struct shim_page **pp, *sp;

	pthread_mutex_lock(&shim_lock);
	pp = shim_find(virt);
	sp = *pp;
	if (sp) {
		*pp = sp->hnext;
		shim_freed += 1L << order;
	}
	pthread_mutex_unlock(&shim_lock);
	if (WARN_ON(!sp || sp->page.order != order))
		return;
	free(sp->page.virt);
	free(sp->view);
	free(sp->view_valid);
	free(sp);
}

/* Caller holds shim_lock: the allocation holding @addr */
static struct shim_page *shim_page_of(const void *addr)
{
	uintptr_t a = (uintptr_t)addr;
	unsigned int order;

	for (order = 0; order != 4; order++) {
		void *base = (void *)(a & ~((PAGE_SIZE << order) - 1));
		struct shim_page *sp = *shim_find(base);

		if (sp && sp->page.order == order)
			return sp;
	}
	return NULL;
}

/*
 * A write-back makes @word, at @va, what the IOMMU reads. If it now points
 * at a table page (a present entry whose bits 51:12 are a live
 * allocation; both formats that use the write-back put a table pointer
 * there), the IOMMU may walk that table: all of it must have been written
 * back since it was allocated. Caller holds shim_lock.
 */
static void shim_check_publish(u64 word)
{
	struct shim_page *sp;
	size_t i, n;

	if (!(word & 3))
		return;
	sp = *shim_find((void *)(uintptr_t)(word & GENMASK_ULL(51, 12)));
	if (!sp)
		return;
	n = (PAGE_SIZE << sp->page.order) / sizeof(u64);
	for (i = 0; i != n; i++) {
		if (sp->view_valid && sp->view_valid[i])
			continue;
		if (shim_publish_errors++ < 4)
			fprintf(stderr,
				"shim: table %p linked to the IOMMU with item %zu never written back\n",
				sp->page.virt, i);
		return;
	}
}

void clflush_cache_range(void *vaddr, unsigned int size)
{
	uintptr_t a = (uintptr_t)vaddr & ~(uintptr_t)63;
	uintptr_t end = ((uintptr_t)vaddr + size + 63) & ~(uintptr_t)63;

	pthread_mutex_lock(&shim_lock);
	for (; a < end; a += 64) {
		struct shim_page *sp = shim_page_of((void *)a);
		size_t n, i, w;

		if (WARN_ON(!sp))
			break;
		n = (PAGE_SIZE << sp->page.order) / sizeof(u64);
		if (!sp->view) {
			sp->view = calloc(n, sizeof(u64));
			sp->view_valid = calloc(n, sizeof(bool));
			if (!sp->view || !sp->view_valid)
				abort();
		}
		shim_lines_flushed++;
		w = (a - (uintptr_t)sp->page.virt) / sizeof(u64);
		for (i = w; i != w + 64 / sizeof(u64); i++) {
			u64 word = __atomic_load_n((u64 *)sp->page.virt + i,
						   __ATOMIC_RELAXED);
			bool changed = !sp->view_valid[i] ||
				       sp->view[i] != word;

			sp->view[i] = word;
			sp->view_valid[i] = true;
			if (changed)
				shim_check_publish(word);
		}
	}
	pthread_mutex_unlock(&shim_lock);
}

bool shim_flushed_word(const u64 *va, u64 *word)
{
	struct shim_page *sp;
	bool ret = false;
	size_t i;

	pthread_mutex_lock(&shim_lock);
	sp = shim_page_of(va);
	if (sp && sp->view) {
		i = va - (u64 *)sp->page.virt;
		ret = sp->view_valid[i];
		*word = sp->view[i];
	}
	pthread_mutex_unlock(&shim_lock);
	return ret;
}

long shim_flush_publish_errors(void)
{
	return __atomic_load_n(&shim_publish_errors, __ATOMIC_RELAXED);
}

long shim_flushed_lines(void)
{
	return __atomic_load_n(&shim_lines_flushed, __ATOMIC_RELAXED);
}

void iommu_free_pages(void *virt, int order)
{
	if (virt)
		shim_free(virt, order);
}

void iommu_put_pages_list(struct list_head *head)
{
	while (!list_empty(head)) {
		struct page *p = list_entry(head->prev, struct page, lru);

		list_del(&p->lru);
		shim_free(p->virt, p->order);
	}
}
