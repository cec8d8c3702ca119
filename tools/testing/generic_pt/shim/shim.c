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
 *
 * A format whose table entries hold fewer address bits than a user
 * address has (Apple DART1: 36, ARMv7s: 32) gets its pages from a low
 * arena instead, a fixed mapping below 2 GiB that
 * iommu_alloc_pages_node() carves naturally aligned blocks from, each
 * followed by a poisoned gap of its size, and whose freed blocks wait in
 * a quarantine before reuse, poisoned: ASan still reports an access to
 * a freed table or past the end of one. Physical addresses stay the
 * virtual ones.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

#if defined(__SANITIZE_ADDRESS__)
#define SHIM_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SHIM_ASAN 1
#endif
#endif
#ifdef SHIM_ASAN
#include <sanitizer/asan_interface.h>
#define shim_poison(addr, size) ASAN_POISON_MEMORY_REGION(addr, size)
#define shim_unpoison(addr, size) ASAN_UNPOISON_MEMORY_REGION(addr, size)
#else
#define shim_poison(addr, size) ((void)(addr), (void)(size))
#define shim_unpoison(addr, size) ((void)(addr), (void)(size))
#endif

#include <linux/bits.h>
#include <linux/mem_encrypt.h>
#include <linux/mm.h>
#include <linux/slab.h>

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

/*
 * The low arena: inside the application memory of ASan (below
 * 0x7fff8000), TSan and plain x86-64 processes alike, so every build
 * places it at the same addresses
 */
#define SHIM_ARENA_BASE 0x10000000UL
#define SHIM_ARENA_SIZE 0x60000000UL
/* Largest block: a 64 KiB granule top of 16 concatenated tables */
#define SHIM_MAX_ORDER 8
/* Freed blocks of one order that wait before one is reused */
#define SHIM_QUARANTINE 512
/* Above any user address of x86-64: no arena needed */
#define SHIM_USER_VA_LG2 47

struct shim_free_block {
	void *virt;
	struct shim_free_block *next;
};

static unsigned int shim_table_oa_lg2 = 64;
static char *shim_arena;
static size_t shim_arena_used;
static long shim_arena_allocs;
/* Per order, oldest first */
static struct shim_free_block *shim_arena_free[SHIM_MAX_ORDER + 1];
static struct shim_free_block **shim_arena_free_tail[SHIM_MAX_ORDER + 1];
static long shim_arena_free_num[SHIM_MAX_ORDER + 1];

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

void shim_set_table_oa_lg2(unsigned int oa_lg2)
{
	pthread_mutex_lock(&shim_lock);
	shim_table_oa_lg2 = oa_lg2;
	pthread_mutex_unlock(&shim_lock);
}

long shim_arena_allocations(void)
{
	return __atomic_load_n(&shim_arena_allocs, __ATOMIC_RELAXED);
}

static bool shim_in_arena(const void *virt)
{
	return shim_arena && (const char *)virt >= shim_arena &&
	       (const char *)virt < shim_arena + SHIM_ARENA_SIZE;
}

/*
 * A zeroed block of @size (a power of 2, at most 2^SHIM_MAX_ORDER pages)
 * from the arena: the oldest freed one once SHIM_QUARANTINE wait, else a
 * new one. Caller holds shim_lock.
 */
static void *shim_arena_alloc(int order)
{
	size_t size = PAGE_SIZE << order, at;
	struct shim_free_block *fb;
	void *virt;

	if (!shim_arena) {
		shim_arena = mmap((void *)SHIM_ARENA_BASE, SHIM_ARENA_SIZE,
				  PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE |
					  MAP_FIXED_NOREPLACE,
				  -1, 0);
		if (shim_arena != (void *)SHIM_ARENA_BASE) {
			fprintf(stderr, "shim: cannot map the low arena at 0x%lx\n",
				SHIM_ARENA_BASE);
			abort();
		}
		shim_poison(shim_arena, SHIM_ARENA_SIZE);
	}
	if (order > SHIM_MAX_ORDER) {
		fprintf(stderr, "shim: arena block of order %d\n", order);
		abort();
	}
	fb = shim_arena_free[order];
	at = (shim_arena_used + size - 1) & ~(size - 1);
	if (fb && (shim_arena_free_num[order] > SHIM_QUARANTINE ||
		   at + 2 * size > SHIM_ARENA_SIZE)) {
		shim_arena_free[order] = fb->next;
		if (!fb->next)
			shim_arena_free_tail[order] = &shim_arena_free[order];
		shim_arena_free_num[order]--;
		virt = fb->virt;
		free(fb);
	} else if (at + 2 * size <= SHIM_ARENA_SIZE) {
		/* The next block starts past a gap of @size, poisoned */
		shim_arena_used = at + 2 * size;
		virt = shim_arena + at;
	} else {
		fprintf(stderr, "shim: low arena full\n");
		abort();
	}
	shim_arena_allocs++;
	shim_unpoison(virt, size);
	memset(virt, 0, size);
	return virt;
}

/* Put a block in the quarantine. Caller holds shim_lock. */
static void shim_arena_free_block(void *virt, int order)
{
	struct shim_free_block *fb = malloc(sizeof(*fb));

	if (!fb)
		abort();
	shim_poison(virt, PAGE_SIZE << order);
	fb->virt = virt;
	fb->next = NULL;
	if (!shim_arena_free_tail[order])
		shim_arena_free_tail[order] = &shim_arena_free[order];
	*shim_arena_free_tail[order] = fb;
	shim_arena_free_tail[order] = &fb->next;
	shim_arena_free_num[order]++;
}

void *iommu_alloc_pages_node(int nid, gfp_t gfp, int order)
{
	size_t size = PAGE_SIZE << order;
	struct shim_page *sp;
	unsigned int oa_lg2;
	unsigned int h;
	void *virt;

	pthread_mutex_lock(&shim_lock);
	if (shim_fail_countdown && --shim_fail_countdown == 0) {
		shim_failed = true;
		pthread_mutex_unlock(&shim_lock);
		return NULL;
	}
	oa_lg2 = shim_table_oa_lg2;
	if (gfp & GFP_DMA32 && oa_lg2 > 32)
		oa_lg2 = 32;
	virt = NULL;
	if (oa_lg2 < SHIM_USER_VA_LG2)
		virt = shim_arena_alloc(order);
	pthread_mutex_unlock(&shim_lock);

	if (!virt) {
		virt = aligned_alloc(size, size);
		if (virt)
			memset(virt, 0, size);
	}
	sp = calloc(1, sizeof(*sp));
	if (!virt || !sp) {
		fprintf(stderr, "shim: out of memory\n");
		abort();
	}
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
	if (shim_in_arena(sp->page.virt)) {
		pthread_mutex_lock(&shim_lock);
		shim_arena_free_block(sp->page.virt, order);
		pthread_mutex_unlock(&shim_lock);
	} else {
		free(sp->page.virt);
	}
	free(sp->view);
	free(sp->view_valid);
	free(sp);
}

/* Caller holds shim_lock: the allocation holding @addr */
static struct shim_page *shim_page_of(const void *addr)
{
	uintptr_t a = (uintptr_t)addr;
	unsigned int order;

	for (order = 0; order <= SHIM_MAX_ORDER; order++) {
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

/* A slab cache: only its flags matter, each object is a page */
struct kmem_cache {
	unsigned int flags;
};

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
				     unsigned int align, unsigned int flags,
				     void (*ctor)(void *))
{
	struct kmem_cache *cache;

	if (size > PAGE_SIZE || ctor)
		return NULL;
	cache = calloc(1, sizeof(*cache));
	if (cache)
		cache->flags = flags;
	return cache;
}

void kmem_cache_destroy(struct kmem_cache *cache)
{
	free(cache);
}

void *kmem_cache_alloc_node(struct kmem_cache *cache, gfp_t gfp, int nid)
{
	if (cache->flags & SLAB_CACHE_DMA32)
		gfp |= GFP_DMA32;
	return iommu_alloc_pages_node(nid, gfp, 0);
}

void kmem_cache_free(struct kmem_cache *cache, void *obj)
{
	iommu_free_pages(obj, 0);
}

void iommu_put_pages_list(struct list_head *head)
{
	while (!list_empty(head)) {
		struct page *p = list_entry(head->prev, struct page, lru);

		list_del(&p->lru);
		shim_free(p->virt, p->order);
	}
}
