/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Concurrency stress of the IOMMU operations, compiled per format by
 * fmt/kunit_<fmt>.c through kunit_generic_pt.h. Suite:
 * <fmt>_iommu_stress_test, over the same configurations as
 * <fmt>_iommu_test.
 *
 * Several kthreads drive one domain at once through the iommu API, as the
 * callers of a real domain do: iommu_map(), iommu_unmap_fast() with a
 * gather and iommu_iotlb_sync(), iommu_iova_to_phys(). Each thread keeps
 * the contract that the caller owns the IOVA it touches: it maps, unmaps
 * and queries only its own ranges, and checks every answer against its own
 * record of what it mapped. The ranges are laid out so that the threads
 * still meet in the table:
 *  - test_stress_interleaved: neighbouring leaves of different threads
 *    share tables that do not exist yet, so several threads try to install
 *    the same table with a compare-and-exchange at once;
 *  - test_stress_blocks: each thread maps and unmaps whole blocks of a
 *    lowest-level table, so tables are freed, and replaced by a leaf, next
 *    to items other threads are installing;
 *  - test_stress_top_growth: the threads map at ever higher IOVAs, so with
 *    PT_FEAT_DYNAMIC_TOP they race to grow the top while maps below and
 *    the readers walk from the old top (with a fixed top, the same races
 *    on table installs right under the top).
 * In each, a reader thread translates ranges it had mapped for it before
 * the start, and nobody changes, for as long as the writers run.
 *
 * On a uniprocessor kernel the threads only interleave; the kunit-smp stage
 * of make check runs the suite on two vCPUs under KCSAN.
 */
#ifndef __GENERIC_PT_KUNIT_IOMMU_STRESS_H
#define __GENERIC_PT_KUNIT_IOMMU_STRESS_H

#include <linux/completion.h>
#include <linux/kthread.h>
#include <linux/sched.h>

#include "kunit_iommu_fixture.h"

/* Writer threads, plus one reader */
#define KSTRESS_WRITERS 3
#define KSTRESS_THREADS (KSTRESS_WRITERS + 1)
/* Ranges each writer owns, and those the reader owns */
#define KSTRESS_SLOTS 64
#define KSTRESS_READ_SLOTS 8
/* Slots of one test_stress_blocks block */
#define KSTRESS_BLOCK_SLOTS 8

/**
 * struct kstress_slot - a range one thread owns and what it mapped there
 * @va: first IOVA
 * @len: length in bytes
 * @pa: the output address mapped at @va, valid if @mapped
 * @mapped: whether the thread mapped the range and has not unmapped it
 */
struct kstress_slot {
	u64 va;
	u64 len;
	phys_addr_t pa;
	bool mapped;
};

struct kstress;

/**
 * struct kstress_thread - one thread and its own records
 * @st: the run it belongs to
 * @task: the kthread
 * @done: completed as the thread exits
 * @rnd: the thread's own random state
 * @id: 0 .. KSTRESS_WRITERS - 1 for writers, KSTRESS_WRITERS for the reader
 * @nslots: number of valid @slots
 * @slots: the ranges the thread owns
 * @ops: operations done
 * @errors: answers that differed from the thread's records
 * @msg: the first of those
 */
struct kstress_thread {
	struct kstress *st;
	struct task_struct *task;
	struct completion done;
	struct rnd_state rnd;
	unsigned int id;
	unsigned int nslots;
	struct kstress_slot slots[KSTRESS_SLOTS];
	unsigned long ops;
	unsigned int errors;
	char msg[160];
};

/**
 * struct kstress - one run of the threads over one domain
 * @priv: the test's domain
 * @writer_fn: what each writer does
 * @go: completed once every thread exists, so that they start together
 * @writers_left: writers still running; the reader stops when it is 0
 * @block_lg2: test_stress_blocks: log2 of the span of a block
 * @threads: the writers, then the reader
 */
struct kstress {
	struct kunit_pt_priv *priv;
	void (*writer_fn)(struct kstress_thread *th);
	struct completion go;
	atomic_t writers_left;
	unsigned int block_lg2;
	struct kstress_thread threads[KSTRESS_THREADS];
};

/* Record a wrong answer; only the first one's details are kept */
static __printf(2, 3) void kstress_fail(struct kstress_thread *th,
					const char *fmt, ...)
{
	va_list args;

	if (th->errors++)
		return;
	va_start(args, fmt);
	vsnprintf(th->msg, sizeof(th->msg), fmt, args);
	va_end(args);
}

/*
 * The domain of the stress: the test's, with an iotlb_sync that does only
 * what any sync must, free the gathered tables, and touches no shared test
 * state, as it runs on every thread at once.
 */
static void kstress_iotlb_sync(struct iommu_domain *domain,
			       struct iommu_iotlb_gather *gather)
{
	kunit_pt_put_tables(&gather->freelist);
}

static int kstress_init(struct kunit *test)
{
	struct kunit_pt_priv *priv;
	int ret;

	ret = kunit_pt_init(test);
	priv = test->priv;
	if (priv) {
		priv->ops.iotlb_sync = kstress_iotlb_sync;
		priv->ops.iotlb_sync_map = NULL;
	}
	return ret;
}

/* A non-zero OA for @len at @va, aligned to 2^align_lg2 */
static phys_addr_t kstress_pa(struct kunit_pt_priv *priv,
			      struct rnd_state *rnd, unsigned int align_lg2)
{
	phys_addr_t pa = kunit_pt_oa(priv, kunit_pt_rand64(rnd), align_lg2);

	return pa ? pa : (phys_addr_t)1 << align_lg2;
}

/* Check iova_to_phys() at the start, middle and end of @slot */
static void kstress_check(struct kstress_thread *th, struct kstress_slot *slot)
{
	struct iommu_domain *domain = &th->st->priv->domain;
	u64 offs[] = { 0, slot->len / 2 + 8, slot->len - 1 };
	unsigned int i;

	for (i = 0; i != ARRAY_SIZE(offs); i++) {
		phys_addr_t want = slot->mapped ? slot->pa + offs[i] : 0;
		phys_addr_t got = iommu_iova_to_phys(domain,
						     slot->va + offs[i]);

		if (got != want)
			kstress_fail(th, "thread %u: iova_to_phys(%llx) = %pa, want %pa",
				     th->id, slot->va + offs[i], &got, &want);
	}
}

/* Map @slot to @pa, which must be aligned to the smallest page size */
static void kstress_map(struct kstress_thread *th, struct kstress_slot *slot,
			phys_addr_t pa)
{
	int ret = iommu_map(&th->st->priv->domain, slot->va, pa, slot->len,
			    IOMMU_READ | IOMMU_WRITE, GFP_KERNEL);

	th->ops++;
	if (ret) {
		kstress_fail(th, "thread %u: map %llx+%llx: %d", th->id,
			     slot->va, slot->len, ret);
		return;
	}
	slot->pa = pa;
	slot->mapped = true;
	kstress_check(th, slot);
}

/* Unmap [va, va + len), which must remove exactly @len */
static void kstress_unmap_range(struct kstress_thread *th, u64 va, u64 len)
{
	struct iommu_domain *domain = &th->st->priv->domain;
	struct iommu_iotlb_gather gather;
	size_t unmapped;

	iommu_iotlb_gather_init(&gather);
	unmapped = iommu_unmap_fast(domain, va, len, &gather);
	iommu_iotlb_sync(domain, &gather);
	th->ops++;
	if (unmapped != len)
		kstress_fail(th, "thread %u: unmap %llx+%llx removed %zx",
			     th->id, va, len, unmapped);
}

static void kstress_unmap(struct kstress_thread *th, struct kstress_slot *slot)
{
	kstress_check(th, slot);
	kstress_unmap_range(th, slot->va, slot->len);
	slot->mapped = false;
	kstress_check(th, slot);
}

/* Unmap every slot the thread still has mapped */
static void kstress_unmap_all(struct kstress_thread *th)
{
	unsigned int i;

	for (i = 0; i != th->nslots; i++)
		if (th->slots[i].mapped)
			kstress_unmap(th, &th->slots[i]);
}

/* Translate the reader's slots until the writers are done */
static void kstress_reader(struct kstress_thread *th)
{
	unsigned int i;

	do {
		for (i = 0; i != th->nslots; i++)
			kstress_check(th, &th->slots[i]);
		th->ops++;
		cond_resched();
	} while (atomic_read(&th->st->writers_left));
}

static int kstress_threadfn(void *data)
{
	struct kstress_thread *th = data;
	struct kstress *st = th->st;

	wait_for_completion(&st->go);
	if (th->id == KSTRESS_WRITERS) {
		kstress_reader(th);
	} else {
		st->writer_fn(th);
		atomic_dec(&st->writers_left);
	}
	kthread_complete_and_exit(&th->done, 0);
}

/* The span of a table at @level, as log2 */
static unsigned int kstress_table_lg2(struct kunit_pt_priv *priv,
				      unsigned int level)
{
	struct pt_range range = pt_top_range(priv->common);
	struct pt_state pts = pt_level_state(&range, level);

	return pt_table_lg2sz(&pts);
}

/*
 * True if @n blocks of 2^lg2 from @base fit the aperture, with a byte to
 * spare, so that the sum cannot wrap
 */
static bool kstress_fits(struct kunit_pt_priv *priv, u64 base, unsigned int n,
			 unsigned int lg2)
{
	u64 max_va = kunit_pt_max_va(priv);

	return lg2 < 64 && base <= max_va && (max_va - base) >> lg2 >= n;
}

/* Count the leaves left in the table */
static int __kstress_count_leaves(struct pt_state *pts, void *arg)
{
	unsigned long *leaves = arg;

	do {
		switch (pt_load_entry(pts)) {
		case PT_ENTRY_TABLE:
			pt_descend(pts, arg, __kstress_count_leaves);
			break;
		case PT_ENTRY_OA:
			(*leaves)++;
			break;
		default:
			break;
		}
	} while (pt_next_item(pts, pt_table_item_lg2sz(pts)));
	return 0;
}

static unsigned long kstress_count_leaves(struct kunit_pt_priv *priv)
{
	struct pt_range range = pt_top_range(priv->common);
	unsigned long leaves = 0;

	pt_walk_range(&range, __kstress_count_leaves, &leaves);
	return leaves;
}

/*
 * Map the reader's slots from @va on, one granule every @stride, start
 * the threads with their slots already laid out, wait for them and check
 * each one's records; then unmap the reader's slots. Afterwards nothing
 * may be mapped and every table page must be linked in the table.
 */
static void kstress_run(struct kunit *test, struct kstress *st, u64 va,
			u64 stride)
{
	struct kunit_pt_priv *priv = test->priv;
	struct kstress_thread *reader = &st->threads[KSTRESS_WRITERS];
	u64 gran = log2_to_int(log2_ffs(priv->domain.pgsize_bitmap));
	unsigned int i, created;

	st->priv = priv;
	init_completion(&st->go);
	atomic_set(&st->writers_left, KSTRESS_WRITERS);

	reader->nslots = KSTRESS_READ_SLOTS;
	for (i = 0; i != KSTRESS_READ_SLOTS; i++) {
		struct kstress_slot *slot = &reader->slots[i];

		slot->va = va + i * stride;
		slot->len = gran;
		/* The last one stays unmapped: it must read back 0 */
		if (i == KSTRESS_READ_SLOTS - 1)
			continue;
		slot->pa = kstress_pa(priv, &reader->rnd, log2_ffs(gran));
		KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, slot->va,
						slot->pa, gran,
						IOMMU_READ, GFP_KERNEL), 0);
		slot->mapped = true;
	}

	for (created = 0; created != KSTRESS_THREADS; created++) {
		struct kstress_thread *th = &st->threads[created];

		th->st = st;
		th->id = created;
		init_completion(&th->done);
		th->task = kthread_create(kstress_threadfn, th, "kstress/%u",
					  created);
		if (IS_ERR(th->task))
			break;
	}
	if (created != KSTRESS_THREADS) {
		/* A thread not yet woken exits at once without running */
		for (i = 0; i != created; i++)
			kthread_stop(st->threads[i].task);
		KUNIT_FAIL(test, "kthread_create: %ld",
			   PTR_ERR(st->threads[created].task));
		return;
	}
	for (i = 0; i != KSTRESS_THREADS; i++)
		wake_up_process(st->threads[i].task);
	complete_all(&st->go);
	for (i = 0; i != KSTRESS_THREADS; i++)
		wait_for_completion(&st->threads[i].done);

	for (i = 0; i != KSTRESS_THREADS; i++) {
		struct kstress_thread *th = &st->threads[i];

		KUNIT_EXPECT_EQ_MSG(test, th->errors, 0U, "%s", th->msg);
		KUNIT_EXPECT_GT(test, th->ops, 0UL);
	}
	for (i = 0; i != KSTRESS_READ_SLOTS - 1; i++)
		KUNIT_EXPECT_EQ(test, iommu_unmap(&priv->domain,
						  reader->slots[i].va, gran),
				gran);
	KUNIT_EXPECT_EQ(test, kstress_count_leaves(priv), 0UL);
	KUNIT_EXPECT_EQ(test, kunit_pt_count_tables(priv),
			kunit_pt_live_pages(priv));
}

static struct kstress *kstress_alloc(struct kunit *test)
{
	struct kstress *st = kunit_kzalloc(test, sizeof(*st), GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, st);
	for (i = 0; i != KSTRESS_THREADS; i++)
		prandom_seed_state(&st->threads[i].rnd, 1000 + i);
	return st;
}

/* --- Racing table installs --- */

static void kstress_interleaved_writer(struct kstress_thread *th)
{
	unsigned int op;

	for (op = 0; op != 4 * KSTRESS_SLOTS; op++) {
		struct kstress_slot *slot =
			&th->slots[prandom_u32_state(&th->rnd) % th->nslots];

		if (slot->mapped)
			kstress_unmap(th, slot);
		else
			kstress_map(th, slot,
				    kstress_pa(th->st->priv, &th->rnd,
					       log2_ffs(slot->len)));
		cond_resched();
	}
	kstress_unmap_all(th);
}

/*
 * After a round: map one leaf over each group's emptied lowest-level table,
 * which frees it, and unmap it, so the next round races to install the
 * tables again. Nothing to do where no such leaf exists.
 */
static void kstress_drop_tables(struct kunit *test, u64 base,
				unsigned int group_lg2)
{
	struct kunit_pt_priv *priv = test->priv;
	u64 group = log2_to_int(group_lg2);
	unsigned int g;

	if (!(priv->domain.pgsize_bitmap & group))
		return;
	for (g = 0; g != 4; g++) {
		u64 va = base + g * group;

		KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, va, group, group,
						IOMMU_READ, GFP_KERNEL), 0);
		KUNIT_ASSERT_EQ(test, iommu_unmap(&priv->domain, va, group),
				group);
	}
	KUNIT_EXPECT_EQ(test, kunit_pt_count_tables(priv),
			kunit_pt_live_pages(priv));
}

/*
 * Writer t owns every KSTRESS_WRITERS-th granule from t on, in 4 groups
 * of 16, one per lowest-level table: every table under the window is
 * wanted by all writers at once. The rounds cycle through windows in 3
 * tables one level up, so the installs race there as well, and between
 * rounds the lowest-level tables are dropped to be installed again. An
 * aperture too small for that has its window at 0, with the groups closer
 * if they must be.
 */
static void test_stress_interleaved(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	unsigned int gran_lg2 = log2_ffs(priv->domain.pgsize_bitmap);
	u64 gran = log2_to_int(gran_lg2);
	unsigned int group_lg2 = kstress_table_lg2(priv, 0);
	unsigned int stride_lg2 = kstress_table_lg2(priv, 1);
	unsigned int round, t, j;
	bool small = false;

	if (!kstress_fits(priv, 0, 4, stride_lg2)) {
		small = true;
		/* 16 of each writer's granules and the reader's 8 */
		while (group_lg2 > gran_lg2 + 6 &&
		       !kstress_fits(priv, 0, 4, group_lg2))
			group_lg2--;
		KUNIT_ASSERT_TRUE(test, kstress_fits(priv, 0, 4, group_lg2));
	}
	for (round = 0; round != 12; round++) {
		struct kstress *st = kstress_alloc(test);
		u64 base = small ? 0 :
			(1 + round % 3) * log2_to_int(stride_lg2);

		st->writer_fn = kstress_interleaved_writer;
		for (t = 0; t != KSTRESS_WRITERS; t++) {
			struct kstress_thread *th = &st->threads[t];

			th->nslots = KSTRESS_SLOTS;
			for (j = 0; j != KSTRESS_SLOTS; j++) {
				th->slots[j].va = base +
					((u64)(j / 16) << group_lg2) +
					((j % 16) * KSTRESS_WRITERS + t) * gran;
				th->slots[j].len = gran;
			}
		}
		/* The reader's granules sit in the tables of the first group */
		kstress_run(test, st, base + 16 * KSTRESS_WRITERS * gran, gran);
		kstress_drop_tables(test, base, group_lg2);
	}
}

/* --- Tables freed and replaced next to other threads' installs --- */

static void kstress_blocks_writer(struct kstress_thread *th)
{
	struct kunit_pt_priv *priv = th->st->priv;
	unsigned int block_lg2 = th->st->block_lg2;
	u64 block = log2_to_int(block_lg2);
	bool big_ok = priv->domain.pgsize_bitmap & block;
	unsigned int nblocks = th->nslots / KSTRESS_BLOCK_SLOTS;
	unsigned int op, i, b;
	/* Per block: mapped whole, as one leaf of the block's size */
	bool big[KSTRESS_SLOTS / KSTRESS_BLOCK_SLOTS] = {};

	for (op = 0; op != 16 * KSTRESS_SLOTS; op++) {
		struct kstress_slot *slots, *slot, whole;
		unsigned int nmapped = 0;

		cond_resched();
		b = prandom_u32_state(&th->rnd) % nblocks;
		slots = &th->slots[b * KSTRESS_BLOCK_SLOTS];
		slot = &slots[prandom_u32_state(&th->rnd) % KSTRESS_BLOCK_SLOTS];
		/* The block as one range; while mapped whole, pa is slot 0's */
		whole = (struct kstress_slot){
			.va = slots[0].va, .len = block, .mapped = big[b],
			.pa = slots[0].pa,
		};
		if (big[b]) {
			/* Unmapping the leaf leaves no table behind */
			kstress_unmap(th, &whole);
			big[b] = false;
			continue;
		}
		for (i = 0; i != KSTRESS_BLOCK_SLOTS; i++)
			nmapped += slots[i].mapped;
		if (!nmapped && big_ok && prandom_u32_state(&th->rnd) % 4 == 0) {
			/* A leaf over the emptied table, which goes away */
			kstress_map(th, &whole, kstress_pa(priv, &th->rnd,
							   block_lg2));
			big[b] = whole.mapped;
			slots[0].pa = whole.pa;
			continue;
		}
		if (slot->mapped) {
			kstress_unmap(th, slot);
			continue;
		}
		/* Sometimes as large leaves, sometimes as granules */
		kstress_map(th, slot,
			    kstress_pa(priv, &th->rnd,
				       prandom_u32_state(&th->rnd) % 2 ?
				       log2_ffs(slot->len) :
				       log2_ffs(priv->domain.pgsize_bitmap)));
		if (nmapped + 1 != KSTRESS_BLOCK_SLOTS)
			continue;
		/*
		 * All of the block mapped: one unmap of the whole block
		 * removes exactly the block and frees its table.
		 */
		for (i = 0; i != KSTRESS_BLOCK_SLOTS; i++)
			kstress_check(th, &slots[i]);
		kstress_unmap_range(th, whole.va, block);
		for (i = 0; i != KSTRESS_BLOCK_SLOTS; i++) {
			slots[i].mapped = false;
			kstress_check(th, &slots[i]);
		}
	}
	for (b = 0; b != nblocks; b++)
		if (big[b])
			kstress_unmap_range(th, th->slots[b * KSTRESS_BLOCK_SLOTS].va,
					    block);
	kstress_unmap_all(th);
}

/*
 * A block is the span of a lowest-level table, cut into
 * KSTRESS_BLOCK_SLOTS slots. Block k * KSTRESS_WRITERS + t is writer t's,
 * so the blocks of all writers share the table above them. They start in
 * a new table one level up if the aperture has room; in a small one the
 * blocks shrink until they fit.
 */
static void test_stress_blocks(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	struct kstress *st = kstress_alloc(test);
	unsigned int gran_lg2 = log2_ffs(priv->domain.pgsize_bitmap);
	unsigned int block_lg2 = kstress_table_lg2(priv, 0);
	unsigned int nblocks = KSTRESS_SLOTS / KSTRESS_BLOCK_SLOTS;
	/* The writers' blocks and the reader's */
	unsigned int need = nblocks * KSTRESS_WRITERS + 1;
	u64 base = log2_to_int(kstress_table_lg2(priv, 1));
	unsigned int t, j;
	u64 block;

	if (!kstress_fits(priv, base, need, block_lg2))
		base = 0;
	while (block_lg2 > gran_lg2 + 3 &&
	       !kstress_fits(priv, base, need, block_lg2))
		block_lg2--;
	KUNIT_ASSERT_TRUE(test, kstress_fits(priv, base, need, block_lg2));
	block = log2_to_int(block_lg2);
	st->writer_fn = kstress_blocks_writer;
	st->block_lg2 = block_lg2;
	for (t = 0; t != KSTRESS_WRITERS; t++) {
		struct kstress_thread *th = &st->threads[t];

		th->nslots = KSTRESS_SLOTS;
		for (j = 0; j != KSTRESS_SLOTS; j++) {
			unsigned int b = j / KSTRESS_BLOCK_SLOTS;

			th->slots[j].len = block / KSTRESS_BLOCK_SLOTS;
			th->slots[j].va = base +
				(b * KSTRESS_WRITERS + t) * block +
				(j % KSTRESS_BLOCK_SLOTS) * th->slots[j].len;
		}
	}
	/* The reader's granules are in the block after all the writers' */
	kstress_run(test, st, base + nblocks * KSTRESS_WRITERS * block,
		    block / KSTRESS_READ_SLOTS);
}

/* --- Racing top growth --- */

/*
 * Slot k of writer t is a granule at 2^(first + k) + t granules, up to the
 * end of the aperture: with a growing top, every few slots need a higher
 * one, which all writers want at once. Between them, each writer maps and
 * unmaps its granule low in the table, under the old top.
 */
static void kstress_growth_writer(struct kstress_thread *th)
{
	struct kstress_slot *low = &th->slots[th->nslots - 1];
	unsigned int k;

	for (k = 0; k != th->nslots - 1; k++) {
		struct kunit_pt_priv *priv = th->st->priv;
		unsigned int i;

		kstress_map(th, &th->slots[k],
			    kstress_pa(priv, &th->rnd, log2_ffs(th->slots[k].len)));
		kstress_map(th, low, kstress_pa(priv, &th->rnd,
						log2_ffs(low->len)));
		for (i = 0; i <= k; i++)
			kstress_check(th, &th->slots[i]);
		kstress_unmap(th, low);
		cond_resched();
	}
	kstress_unmap_all(th);
}

static void test_stress_top_growth(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	bool dynamic = pt_feature(priv->common, PT_FEAT_DYNAMIC_TOP);
	unsigned int gran_lg2 = log2_ffs(priv->domain.pgsize_bitmap);
	u64 gran = log2_to_int(gran_lg2);
	unsigned int first = kstress_table_lg2(priv, 0) + 1;
	unsigned int round, t, k;

	/*
	 * Above the first lowest-level table, where the reader and the low
	 * granules are; in a smaller aperture, above their 32 granules
	 */
	if (first >= BITS_PER_LONG ||
	    !kstress_fits(priv, BIT_ULL(first), 1, gran_lg2 + 2))
		first = gran_lg2 + 5;
	for (round = 0; round != (dynamic ? 3 : 1); round++) {
		struct kstress *st = kstress_alloc(test);
		struct pt_range before, after;

		if (round) {
			/* A fresh table with the configuration's first top */
			pt_iommu_deinit(&priv->fmt_table.iommu);
			priv->initialized = false;
			KUNIT_ASSERT_EQ(test, kunit_pt_live_pages(priv), 0);
			KUNIT_ASSERT_EQ(test, NS(init)(&priv->fmt_table,
						       &priv->cfg->cfg,
						       GFP_KERNEL), 0);
			priv->initialized = true;
		}
		before = pt_top_range(priv->common);
		priv->change_top_calls = 0;
		st->writer_fn = kstress_growth_writer;
		for (t = 0; t != KSTRESS_WRITERS; t++) {
			struct kstress_thread *th = &st->threads[t];

			for (k = 0; k != KSTRESS_SLOTS - 1; k++) {
				u64 va;

				/* An unsigned long must name it */
				if (first + k >= BITS_PER_LONG)
					break;
				va = BIT_ULL(first + k) + t * gran;
				if (va + gran - 1 > kunit_pt_max_va(priv))
					break;
				th->slots[k].va = va;
				th->slots[k].len = gran;
			}
			th->slots[k].va = (KSTRESS_READ_SLOTS + t) * gran;
			th->slots[k].len = gran;
			th->nslots = k + 1;
		}
		/* The reader's granules are at 0, under the first top */
		kstress_run(test, st, 0, gran);

		after = pt_top_range(priv->common);
		if (!dynamic || after.top_level == before.top_level) {
			KUNIT_EXPECT_EQ(test, priv->change_top_calls, 0U);
			KUNIT_EXPECT_PTR_EQ(test, after.top_table,
					    before.top_table);
			continue;
		}
		/*
		 * The last driver call named the top walkers now see; the
		 * threads that lost a race told the driver nothing.
		 */
		KUNIT_EXPECT_GE(test, priv->change_top_calls, 1U);
		KUNIT_EXPECT_LE(test, priv->change_top_calls,
				after.top_level - before.top_level);
		KUNIT_EXPECT_EQ(test, priv->changed_top_level, after.top_level);
		KUNIT_EXPECT_EQ(test, priv->changed_top_pa,
				virt_to_phys(after.top_table));
	}
}

static struct kunit_case generic_pt_iommu_stress_cases[] = {
	KUNIT_CASE_PARAM(test_stress_interleaved, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_stress_blocks, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_stress_top_growth, kunit_pt_gen_params),
	{}
};

static struct kunit_suite NS(iommu_stress_test) = {
	.name = __stringify(PT_FMT) "_iommu_stress_test",
	.init = kstress_init,
	.exit = kunit_pt_exit,
	.test_cases = generic_pt_iommu_stress_cases,
};

kunit_test_suites(&NS(iommu_stress_test));

#endif
