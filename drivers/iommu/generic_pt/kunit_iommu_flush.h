/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * <fmt>_iommu_flush_test: with PT_FEAT_DMA_INCOHERENT the IOMMU reads table
 * memory without snooping the CPU caches, so every store to it must be
 * written back before the IOMMU may need it. Included by the KUnit file of
 * each format that supports the feature.
 *
 * A kprobe on clflush_cache_range(), the write-back the library calls,
 * records every write-back of the test's thread with the bytes it writes
 * back, cache line by cache line. Replayed in order, the records give the
 * table as an IOMMU that does not snoop reads it: the view. Nothing in the
 * library is told it is being watched. The checks, after every operation:
 *  - publishing: when the view gains a pointer to a table, or the driver
 *    is told of a new top, every item of that table and of the tables
 *    below it must already be in the view as written;
 *  - returning: every item of every table reachable from the top must be
 *    in the view and equal what the CPU sees, but for the format's
 *    software mark of a flushed table entry, which the hardware ignores
 *    and which is set after the write-back by design.
 * A table page's view is forgotten when the page is freed, so a page
 * reused as a new table must be written back again.
 */
#ifndef __GENERIC_PT_KUNIT_IOMMU_FLUSH_H
#define __GENERIC_PT_KUNIT_IOMMU_FLUSH_H

#include <linux/kprobes.h>
#include <linux/vmalloc.h>
#include <linux/xarray.h>

#define KFLUSH_WORDS (BIT(PT_TABLEMEM_LG2SZ) / sizeof(u64))
#define KFLUSH_LOG_BYTES SZ_2M
/* Failures reported one by one before only counting them */
#define KFLUSH_REPORT 8

/* The view of one table page */
struct kflush_table {
	u64 words[KFLUSH_WORDS];
	DECLARE_BITMAP(valid, KFLUSH_WORDS);
	/* Level of the table in the last walk of the CPU's table, or -1 */
	int level;
};

/* A write-back: @len bytes from @va follow it; len 0 is a new top */
struct kflush_rec {
	void *va;
	u32 len;
	u32 top_level;
};

struct kflush_ctx {
	struct kunit *test;
	struct kunit_pt_priv *priv;
	struct task_struct *task;
	struct kprobe kp;
	/* Records of the current operation, appended by the kprobe */
	u8 *log;
	size_t used;
	bool overflow;
	/* Table page (virtual address >> PT_TABLEMEM_LG2SZ) -> kflush_table */
	struct xarray view;
	u64 sw_mask;
	unsigned long writebacks, lines, checked;
	unsigned int errors;
};

/* The kprobe has no argument of its own: one test at a time */
static struct kflush_ctx *kflush_current;

static void kflush_log(struct kflush_ctx *ctx, void *va, u32 len,
		       u32 top_level)
{
	struct kflush_rec rec = { .va = va, .len = len,
				  .top_level = top_level };
	size_t need = ALIGN(sizeof(rec) + len, sizeof(u64));

	if (ctx->used + need > KFLUSH_LOG_BYTES) {
		ctx->overflow = true;
		return;
	}
	memcpy(ctx->log + ctx->used, &rec, sizeof(rec));
	memcpy(ctx->log + ctx->used + sizeof(rec), va, len);
	ctx->used += need;
}

/* Before clflush_cache_range(vaddr, size) writes the lines back */
static int kflush_pre(struct kprobe *kp, struct pt_regs *regs)
{
	struct kflush_ctx *ctx = READ_ONCE(kflush_current);
	unsigned long line = boot_cpu_data.x86_clflush_size;
	unsigned long va = regs_get_kernel_argument(regs, 0);
	unsigned long end = va + (u32)regs_get_kernel_argument(regs, 1);

	if (!ctx || current != ctx->task || end == va)
		return 0;
	/* Whole lines are written back */
	va = ALIGN_DOWN(va, line);
	end = ALIGN(end, line);
	ctx->writebacks++;
	ctx->lines += (end - va) / line;
	kflush_log(ctx, (void *)va, end - va, 0);
	return 0;
}

static struct kflush_table *kflush_table(struct kflush_ctx *ctx, void *va)
{
	unsigned long key = (unsigned long)va >> PT_TABLEMEM_LG2SZ;
	struct kflush_table *t = xa_load(&ctx->view, key);

	if (t)
		return t;
	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return NULL;
	t->level = -1;
	if (xa_err(xa_store(&ctx->view, key, t, GFP_KERNEL))) {
		kfree(t);
		return NULL;
	}
	return t;
}

static void kflush_forget(struct kflush_ctx *ctx, void *va)
{
	kfree(xa_erase(&ctx->view, (unsigned long)va >> PT_TABLEMEM_LG2SZ));
}

static void kflush_fail(struct kflush_ctx *ctx, const char *what, void *table,
			unsigned int index)
{
	if (ctx->errors++ < KFLUSH_REPORT)
		KUNIT_FAIL(ctx->test, "%s: table %p item %u", what, table,
			   index);
}

/* A cursor on item @index of @words, a copy of a table at @level */
static enum pt_entry_type kflush_decode(struct kflush_ctx *ctx, u64 *words,
					unsigned int level,
					unsigned int index, void **lower)
{
	struct pt_range range = pt_top_range(ctx->priv->common);
	struct pt_state pts = pt_level_state(&range, level);
	enum pt_entry_type type;

	pts.table = (struct pt_table_p *)words;
	pts.index = index;
	type = pt_load_entry_raw(&pts);
	if (type == PT_ENTRY_TABLE)
		*lower = phys_to_virt(pt_table_pa(&pts));
	return type;
}

/*
 * What the IOMMU reaches through @table at @level must be in the view:
 * each item, and the tables its view points to. At a publication the
 * items need only have been written back since the page became a table
 * (later stores may follow, written back later); when the operation
 * returns (@exact) the view must be what the CPU sees.
 */
/* Words of the table at @level: a top of several table pages (Arm S2) */
static unsigned int kflush_table_words(struct kflush_ctx *ctx,
				       unsigned int level)
{
	struct pt_range range = pt_top_range(ctx->priv->common);
	struct pt_state pts = pt_level_state(&range, level);

	return max_t(unsigned int, KFLUSH_WORDS,
		     log2_to_int(pt_num_items_lg2(&pts)));
}

static void kflush_check_visible(struct kflush_ctx *ctx, void *table,
				 unsigned int level, bool exact)
{
	unsigned int i, num = kflush_table_words(ctx, level);
	struct kflush_table *t = NULL;
	u64 *cpu = table;
	void *lower;

	for (i = 0; i != num; i++) {
		unsigned int w = i % KFLUSH_WORDS;

		if (!w) {
			t = kflush_table(ctx, cpu + i);
			if (!t) {
				kflush_fail(ctx, "no memory", table, i);
				return;
			}
		}
		ctx->checked++;
		if (!test_bit(w, t->valid)) {
			kflush_fail(ctx, exact ? "written, never flushed" :
						 "published before flushed",
				    table, i);
			continue;
		}
		if (exact && (t->words[w] ^ READ_ONCE(cpu[i])) & ~ctx->sw_mask) {
			kflush_fail(ctx, "written after its last flush", table,
				    i);
			continue;
		}
		if (level &&
		    kflush_decode(ctx, t->words, level, w, &lower) ==
			    PT_ENTRY_TABLE)
			kflush_check_visible(ctx, lower, level - 1, exact);
	}
}

/* Apply one write-back to the view, checking the pointers it publishes */
static void kflush_replay_rec(struct kflush_ctx *ctx, struct kflush_rec *rec,
			      u64 *data)
{
	unsigned int n = rec->len / sizeof(u64), i;

	for (i = 0; i != n; i++) {
		void *va = rec->va + i * sizeof(u64), *lower;
		void *table = PTR_ALIGN_DOWN(va, (size_t)log2_to_int(PT_TABLEMEM_LG2SZ));
		unsigned int index = (va - table) / sizeof(u64);
		struct kflush_table *t = kflush_table(ctx, table);
		bool was = t && test_bit(index, t->valid);
		u64 old = was ? t->words[index] : 0;

		if (!t) {
			kflush_fail(ctx, "no memory", table, index);
			return;
		}
		t->words[index] = data[i];
		__set_bit(index, t->valid);
		/* A pointer to a table the IOMMU may now walk */
		if (t->level > 0 && (!was || (old ^ data[i]) & ~ctx->sw_mask) &&
		    kflush_decode(ctx, t->words, t->level, index, &lower) ==
			    PT_ENTRY_TABLE)
			kflush_check_visible(ctx, lower, t->level - 1, false);
	}
}

/* Record the level of every table reachable from the top */
static int __kflush_levels(struct pt_state *pts, void *arg)
{
	struct kflush_ctx *ctx = arg;
	unsigned int i, num = kflush_table_words(ctx, pts->level);

	for (i = 0; i < num; i += KFLUSH_WORDS) {
		struct kflush_table *t =
			kflush_table(ctx, (u64 *)pts->table + i);

		if (t)
			t->level = pts->level;
	}
	do {
		if (pt_load_entry(pts) == PT_ENTRY_TABLE)
			pt_descend(pts, arg, __kflush_levels);
	} while (pt_next_item(pts, pt_table_item_lg2sz(pts)));
	return 0;
}

/*
 * After an operation: replay its write-backs, then require the whole
 * table in the view.
 */
static void kflush_check(struct kflush_ctx *ctx, const char *op)
{
	struct pt_range range = pt_top_range(ctx->priv->common);
	unsigned int errors = ctx->errors;
	size_t pos = 0;

	KUNIT_ASSERT_FALSE_MSG(ctx->test, ctx->overflow, "log full at %s",
			       op);
	pt_walk_range(&range, __kflush_levels, ctx);
	while (pos < ctx->used) {
		struct kflush_rec *rec = (void *)(ctx->log + pos);

		if (rec->len)
			kflush_replay_rec(ctx, rec, (u64 *)(rec + 1));
		else
			kflush_check_visible(ctx, rec->va, rec->top_level,
					     false);
		pos += ALIGN(sizeof(*rec) + rec->len, sizeof(u64));
	}
	ctx->used = 0;
	kflush_check_visible(ctx, range.top_table, range.top_level, true);
	KUNIT_EXPECT_EQ_MSG(ctx->test, ctx->errors, errors, "after %s", op);
}

static void kflush_change_top(struct pt_iommu *iommu_table,
			      phys_addr_t top_pa, unsigned int top_level)
{
	kunit_pt_change_top(iommu_table, top_pa, top_level);
	/* Under the top lock: log it, check it at the replay */
	kflush_log(kflush_current, phys_to_virt(top_pa), 0, top_level);
}

/* Freed table pages are forgotten before they go back */
static void kflush_iotlb_sync(struct iommu_domain *domain,
			      struct iommu_iotlb_gather *gather)
{
	struct page *page;

	list_for_each_entry(page, &gather->freelist, lru)
		kflush_forget(kflush_current, page_address(page));
	kunit_pt_iotlb_sync(domain, gather);
}

/* The bits pt_table_entry_mark_flushed() sets in a table entry */
static u64 kflush_sw_mask(struct kunit_pt_priv *priv)
{
	struct pt_range range = pt_top_range(priv->common);
	struct pt_state pts = pt_level_state(&range, 1);
	struct pt_write_attrs attrs = {};
	u64 *words = priv->scratch, linked;

	memset(priv->scratch, 0, log2_to_int(PT_TABLEMEM_LG2SZ));
	pts.table = priv->scratch;
	pts.index = 0;
	pts.entry = 0;
	pt_install_table(&pts, virt_to_phys(priv->scratch), &attrs);
	linked = words[0];
	pt_table_entry_mark_flushed(&pts);
	return words[0] ^ linked;
}

static int kflush_init(struct kunit *test)
{
	const struct kunit_pt_cfg *param = test->param_value;
	struct kunit_pt_cfg *cfg;
	struct kflush_ctx *ctx;
	int ret;

	cfg = kunit_kzalloc(test, sizeof(*cfg), GFP_KERNEL);
	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	if (!cfg || !ctx)
		return -ENOMEM;
	*cfg = *param;
	cfg->cfg.common.features |= BIT(PT_FEAT_DMA_INCOHERENT);
	if (!boot_cpu_has(X86_FEATURE_CLFLUSH)) {
		/* No write-back: the library must refuse the feature */
		ret = kunit_pt_init_cfg(test, cfg);
		if (ret != -EOPNOTSUPP) {
			KUNIT_FAIL(test, "init without CLFLUSH: %d", ret);
			return ret ?: -EINVAL;
		}
		kunit_skip(test, "the CPU has no CLFLUSH");
	}

	ctx->test = test;
	ctx->task = current;
	xa_init(&ctx->view);
	ctx->log = vmalloc(KFLUSH_LOG_BYTES);
	if (!ctx->log)
		return -ENOMEM;
	ctx->kp.symbol_name = "clflush_cache_range";
	ctx->kp.pre_handler = kflush_pre;
	WRITE_ONCE(kflush_current, ctx);
	ret = register_kprobe(&ctx->kp);
	if (ret) {
		WRITE_ONCE(kflush_current, NULL);
		vfree(ctx->log);
		return ret;
	}

	/* The top table is written back at init: watched from here */
	ret = kunit_pt_init_cfg(test, cfg);
	kunit_pt_skip_unbuilt(test, ret);
	if (ret)
		return ret;
	ctx->priv = test->priv;
	ctx->priv->driver_ops.change_top = kflush_change_top;
	ctx->priv->ops.iotlb_sync = kflush_iotlb_sync;
	ctx->sw_mask = kflush_sw_mask(ctx->priv);
	return 0;
}

static void kflush_exit(struct kunit *test)
{
	struct kflush_ctx *ctx = kflush_current;
	struct kflush_table *t;
	unsigned long key;

	kunit_pt_exit(test);
	if (!ctx)
		return;
	unregister_kprobe(&ctx->kp);
	WRITE_ONCE(kflush_current, NULL);
	xa_for_each(&ctx->view, key, t)
		kfree(t);
	xa_destroy(&ctx->view);
	vfree(ctx->log);
}

/*
 * Random maps, unmaps and dirty harvests, each checked as above: leaf runs
 * and single leaves, new tables and tables replaced by a large leaf, leaves
 * and tables cleared, D bits set and cleared.
 */
static void test_flush_every_write(struct kunit *test)
{
	struct kflush_ctx *ctx = kflush_current;
	struct kunit_pt_priv *priv = test->priv;
	struct pt_iommu *iommu_table = &priv->fmt_table.iommu;
	u64 sizes = kunit_pt_sizes(priv) & GENMASK_ULL(30, 0);
	u64 window = min_t(u64, SZ_1G, kunit_pt_max_va(priv) / 2 + 1);
	struct kunit_pt_model *model;
	struct rnd_state rnd;
	unsigned int op, ops = 0;

	model = kunit_kzalloc(test, sizeof(*model), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, model);
	KUNIT_ASSERT_NE(test, ctx->sw_mask, 0);
	prandom_seed_state(&rnd, 7);
	/* The top as init left it */
	kflush_check(ctx, "init");

	for (op = 0; op != 250; op++) {
		u32 dice = prandom_u32_state(&rnd) % 8;
		u64 len = kunit_pt_random_size(sizes, &rnd), va;

		if (dice < 5 && model->num < KUNIT_PT_SHADOW_MAX) {
			phys_addr_t pa;

			/* A run of leaves, sometimes over several tables */
			len *= 1 + prandom_u32_state(&rnd) % 600;
			if (len > window / 4)
				len = log2_to_int(log2_ffs(sizes));
			va = log2_align_down(kunit_pt_rand_below(&rnd,
								 window - len),
					     log2_ffs(len));
			if (kunit_pt_model_overlaps(model, va, va + len - 1))
				continue;
			pa = kunit_pt_oa(priv, kunit_pt_rand64(&rnd) >> 20,
					 log2_ffs(len));
			KUNIT_ASSERT_EQ(test,
					iommu_map(&priv->domain, va, pa, len,
						  IOMMU_READ | IOMMU_WRITE,
						  GFP_KERNEL),
					0);
			model->maps[model->num++] = (struct kunit_pt_shadow){
				.va = va, .last_va = va + len - 1, .pa = pa };
			kflush_check(ctx, "map");
		} else if (dice < 7 && model->num) {
			unsigned int i = prandom_u32_state(&rnd) % model->num;
			struct kunit_pt_shadow map = model->maps[i];

			len = map.last_va - map.va + 1;
			KUNIT_ASSERT_EQ(test,
					iommu_unmap(&priv->domain, map.va, len),
					len);
			model->maps[i] = model->maps[--model->num];
			kflush_check(ctx, "unmap");
		} else if (model->num) {
			struct kunit_pt_shadow map =
				model->maps[prandom_u32_state(&rnd) %
					    model->num];

			if (iommu_table->ops->set_dirty(iommu_table, map.va))
				continue;
			kflush_check(ctx, "set dirty");
			kunit_pt_read_dirty(priv, map.va,
					    map.last_va - map.va + 1, 0);
			kflush_check(ctx, "clear dirty");
		}
		ops++;
	}
	kunit_pt_model_check(test, priv, model, &rnd, window);
	kunit_info(test,
		   "%u ops: %lu write-backs of %lu lines, %lu items checked, %u unflushed",
		   ops, ctx->writebacks, ctx->lines, ctx->checked,
		   ctx->errors);
}

/*
 * A large leaf replaces the empty tables under it: the tables are unlinked
 * and the leaf written, both written back, as the map returns.
 */
static void test_flush_leaf_over_tables(struct kunit *test)
{
	struct kflush_ctx *ctx = kflush_current;
	struct kunit_pt_priv *priv = test->priv;
	u64 sizes = kunit_pt_sizes(priv);
	u64 small = log2_to_int(PT_GRANULE_LG2SZ), large;

	sizes &= ~log2_to_max_int(PT_GRANULE_LG2SZ + 1);
	if (!sizes)
		kunit_skip(test, "no leaf larger than the granule");
	large = sizes & -sizes;
	kflush_check(ctx, "init");
	KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, large, 0, small,
					IOMMU_READ, GFP_KERNEL),
			0);
	kflush_check(ctx, "map small");
	KUNIT_ASSERT_EQ(test, iommu_unmap(&priv->domain, large, small), small);
	kflush_check(ctx, "unmap small");
	KUNIT_ASSERT_EQ(test, iommu_map(&priv->domain, large, large, large,
					IOMMU_READ, GFP_KERNEL),
			0);
	kflush_check(ctx, "map large over the empty table");
	KUNIT_EXPECT_EQ(test, kunit_pt_leaf_lg2(priv, large), log2_ffs(large));
}

static struct kunit_case kflush_test_cases[] = {
	KUNIT_CASE_PARAM(test_flush_every_write, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_flush_leaf_over_tables, kunit_pt_gen_params),
	{}
};

static struct kunit_suite NS(iommu_flush_test) = {
	.name = __stringify(PT_FMT) "_iommu_flush_test",
	.init = kflush_init,
	.exit = kflush_exit,
	.test_cases = kflush_test_cases,
};

kunit_test_suites(&NS(iommu_flush_test));

#endif
