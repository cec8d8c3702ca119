/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * KUnit tests of the debugfs dump (CONFIG_GENERIC_PT_DEBUGFS), compiled per
 * format by fmt/kunit_<fmt>.c through kunit_iommu.h. Suites:
 * <fmt>_iommu_dump_test and, for the last case, <fmt>_iommu_dump_stress_test,
 * over the configurations of <fmt>_iommu_test.
 *
 *  - test_dump_shadow maps a planned set of leaves, some that must merge
 *    into one line and some that must not (OA, access, dirty state, size or
 *    a hole in between), dumps the table as text, parses the text back and
 *    compares it with lines made from the plan alone: the merge rule is
 *    applied to the plan here, and the table pages per level are counted
 *    from the IOVAs of the planned leaves;
 *  - test_dump_overflow: a dump that does not fit its buffer says so;
 *  - test_dump_stress: a kthread dumps the table in a loop while the test
 *    maps and unmaps whole lowest-level tables, so that unmap and map free
 *    tables next to, or under, the dump. Run under KASAN by the kunit-debug
 *    stage of make check, where a walk into a freed table is reported.
 */
#ifndef __GENERIC_PT_KUNIT_IOMMU_DUMP_H
#define __GENERIC_PT_KUNIT_IOMMU_DUMP_H

#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/seq_buf.h>
#include <linux/string.h>

#include "kunit_iommu_fixture.h"
#include "kunit_iommu_stress.h"

#define KDUMP_MAX_LEAVES 32
#define KDUMP_BUF_SIZE (64 * 1024)

/**
 * struct kdump_leaf - a planned leaf, or a line of the dump
 * @va: first IOVA
 * @last_va: last IOVA
 * @oa: first output address
 * @num: number of leaves (1 for a planned leaf)
 * @lg2sz: log2 of the size of one leaf
 * @level: level the leaf is at
 * @prot: IOMMU_READ / IOMMU_WRITE as the table grants them
 * @dirty: the dirty bit is set
 * @bits: the format bits (only for lines read from the dump)
 */
struct kdump_leaf {
	u64 va;
	u64 last_va;
	u64 oa;
	u64 num;
	unsigned int lg2sz;
	unsigned int level;
	unsigned int prot;
	bool dirty;
	u64 bits;
};

struct kdump_plan {
	struct kdump_leaf leaf[KDUMP_MAX_LEAVES];
	unsigned int num;
	/* Where the next leaf goes, unless it says otherwise */
	u64 va;
	u64 oa;
};

/* The lowest level whose leaves may have size 2^lg2sz */
static unsigned int kdump_level_of(struct kunit_pt_priv *priv,
				   unsigned int lg2sz)
{
	struct pt_range range = pt_top_range(priv->common);
	unsigned int level;

	for (level = 0; level <= PT_MAX_TOP_LEVEL; level++) {
		struct pt_state pts = pt_level_state(&range, level);

		if (pt_possible_sizes(&pts) & log2_to_int(lg2sz))
			return level;
	}
	return UINT_MAX;
}

/*
 * Map a leaf of 2^lg2sz at the plan's next IOVA and OA, both aligned up to
 * the size first, and record it. @oa_gap leaves that many bytes of OA out
 * before it. False if it does not fit the aperture or the plan.
 */
static bool kdump_map(struct kunit *test, struct kdump_plan *plan,
		      unsigned int lg2sz, int prot, u64 oa_gap)
{
	struct kunit_pt_priv *priv = test->priv;
	u64 len = log2_to_int(lg2sz);
	u64 va = ALIGN(plan->va, len);
	u64 oa = ALIGN(plan->oa + oa_gap, len);
	struct kdump_leaf *leaf;
	bool rw;

	if (plan->num == KDUMP_MAX_LEAVES || va + len - 1 < va ||
	    va + len - 1 > kunit_pt_max_va(priv))
		return false;
	KUNIT_ASSERT_EQ(test,
			iommu_map(&priv->domain, va, oa, len, prot, GFP_KERNEL),
			0);
	rw = (prot & IOMMU_WRITE) || KUNIT_PT_READ_ONLY_IS_RW(priv);
	leaf = &plan->leaf[plan->num++];
	*leaf = (struct kdump_leaf){
		.va = va,
		.last_va = va + len - 1,
		.oa = oa,
		.num = 1,
		.lg2sz = lg2sz,
		.level = kdump_level_of(priv, lg2sz),
		.prot = IOMMU_READ | (rw ? IOMMU_WRITE : 0),
		.dirty = KUNIT_PT_DIRTY_ON_MAP && rw,
	};
	plan->va = va + len;
	plan->oa = oa + len;
	return true;
}

/* Set the dirty bit of the planned leaf @i as the IOMMU would */
static void kdump_set_dirty(struct kunit *test, struct kdump_plan *plan,
			    unsigned int i)
{
	struct kunit_pt_priv *priv = test->priv;
	struct pt_iommu *iommu_table = &priv->fmt_table.iommu;

	if (!iommu_table->ops->set_dirty(iommu_table, plan->leaf[i].va))
		plan->leaf[i].dirty = true;
}

/*
 * The lines the dump must print for the plan, whose leaves are in IOVA
 * order: the merge rule applied to the plan, not to the table.
 */
static unsigned int kdump_expected_lines(struct kdump_plan *plan,
					 struct kdump_leaf *lines)
{
	unsigned int i, num = 0;

	for (i = 0; i != plan->num; i++) {
		struct kdump_leaf *leaf = &plan->leaf[i];
		struct kdump_leaf *prev = num ? &lines[num - 1] : NULL;

		if (prev && prev->lg2sz == leaf->lg2sz &&
		    prev->level == leaf->level &&
		    prev->last_va + 1 == leaf->va &&
		    prev->oa + (prev->num << prev->lg2sz) == leaf->oa &&
		    prev->prot == leaf->prot && prev->dirty == leaf->dirty) {
			prev->num++;
			prev->last_va = leaf->last_va;
			continue;
		}
		lines[num++] = *leaf;
	}
	return num;
}

/* "4K" -> 12; 0 if it is not a power of two of at least 1K */
static unsigned int kdump_parse_size(char *str)
{
	char *end;
	u64 size = memparse(str, &end);

	if (*end || !size || !is_power_of_2(size) || size < SZ_1K)
		return 0;
	return log2_ffs(size);
}

/* Parse a range line of the dump; false if it is malformed */
static bool kdump_parse_line(char *line, struct kdump_leaf *out)
{
	char size[16], flags[4];

	if (sscanf(line, "%llx-%llx -> %llx %15s x%llu L%u %3s 0x%llx",
		   &out->va, &out->last_va, &out->oa, size, &out->num,
		   &out->level, flags, &out->bits) != 8)
		return false;
	out->lg2sz = kdump_parse_size(size);
	if (!out->lg2sz || strlen(flags) != 3)
		return false;
	out->prot = (flags[0] == 'r' ? IOMMU_READ : 0) |
		    (flags[1] == 'w' ? IOMMU_WRITE : 0);
	out->dirty = flags[2] == 'd';
	return true;
}

/**
 * struct kdump_summary - the summary lines of a dump
 * @top_level: from "# format"
 * @levels: from "# format"
 * @tables: from "# tables", per level
 * @leaves: from "# leaves", per log2 of the size
 * @ranges: from "# ranges"
 * @lines: range lines seen
 * @has_ranges: the "# ranges" line was seen
 */
struct kdump_summary {
	unsigned int top_level;
	unsigned int levels;
	u64 tables[PT_MAX_TOP_LEVEL + 1];
	u64 leaves[64];
	u64 ranges;
	u64 lines;
	bool has_ranges;
};

/* Parse "<key><lg2 or size>:<count>" tokens after a summary keyword */
static bool kdump_parse_counts(char *rest, bool sizes, u64 *counts,
			       unsigned int max)
{
	char *tok;

	while ((tok = strsep(&rest, " "))) {
		char *colon = strchr(tok, ':');
		unsigned int idx;
		u64 count;

		if (!*tok)
			continue;
		if (!colon || kstrtou64(colon + 1, 10, &count))
			return false;
		*colon = 0;
		if (sizes) {
			idx = kdump_parse_size(tok);
			if (!idx)
				return false;
		} else if (tok[0] != 'L' || kstrtouint(tok + 1, 10, &idx)) {
			return false;
		}
		if (idx >= max)
			return false;
		counts[idx] = count;
	}
	return true;
}

/*
 * Split the dump into its lines; range lines go to @lines (up to @max),
 * the summary to @sum. Returns false, with @err set, on a malformed line.
 */
static bool kdump_parse(char *text, struct kdump_leaf *lines,
			unsigned int max, struct kdump_summary *sum,
			const char **err)
{
	char fmt[16];
	char *line;

	memset(sum, 0, sizeof(*sum));
	while ((line = strsep(&text, "\n"))) {
		if (!*line)
			continue;
		*err = line;
		if (line[0] != '#') {
			if (sum->lines < max &&
			    !kdump_parse_line(line, &lines[sum->lines]))
				return false;
			sum->lines++;
		} else if (str_has_prefix(line, "# format ")) {
			if (sscanf(line, "# format %15s top_level %u levels %u",
				   fmt, &sum->top_level, &sum->levels) != 3)
				return false;
		} else if (str_has_prefix(line, "# tables")) {
			if (!kdump_parse_counts(line + strlen("# tables"),
						false, sum->tables,
						ARRAY_SIZE(sum->tables)))
				return false;
		} else if (str_has_prefix(line, "# leaves")) {
			if (!kdump_parse_counts(line + strlen("# leaves"),
						true, sum->leaves,
						ARRAY_SIZE(sum->leaves)))
				return false;
		} else if (str_has_prefix(line, "# ranges ")) {
			if (kstrtou64(line + strlen("# ranges "), 10,
				      &sum->ranges))
				return false;
			sum->has_ranges = true;
		} else {
			return false;
		}
	}
	return true;
}

/* Dump the table into @buf as text, NUL terminated */
static bool kdump_text(struct kunit_pt_priv *priv, char *buf, size_t size)
{
	struct seq_buf out;

	seq_buf_init(&out, buf, size);
	pt_iommu_dump(&priv->fmt_table.iommu, &out);
	if (seq_buf_has_overflowed(&out))
		return false;
	buf[seq_buf_used(&out) < size ? seq_buf_used(&out) : size - 1] = 0;
	return true;
}

/*
 * Tables at each level below the top that the plan needs: one for each
 * distinct block of VA a table at that level covers, among the leaves at
 * or below that level
 */
static void kdump_expected_tables(struct kunit_pt_priv *priv,
				  struct kdump_plan *plan,
				  unsigned int top_level, u64 *tables)
{
	struct pt_range range = pt_top_range(priv->common);
	unsigned int level, i, j;

	tables[top_level] = 1;
	for (level = 0; level < top_level; level++) {
		struct pt_state pts = pt_level_state(&range, level);
		unsigned int lg2 = pt_table_lg2sz(&pts);

		for (i = 0; i != plan->num; i++) {
			bool seen = false;

			if (plan->leaf[i].level > level)
				continue;
			for (j = 0; j != i; j++)
				if (plan->leaf[j].level <= level &&
				    log2_div_eq(plan->leaf[j].va,
						plan->leaf[i].va, lg2))
					seen = true;
			if (!seen)
				tables[level]++;
		}
	}
}

static void test_dump_shadow(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	u64 sizes = kunit_pt_sizes(priv);
	unsigned int a = log2_ffs(sizes), b = 0, c = 0, lg2;
	struct kdump_leaf *want, *got;
	struct kdump_summary sum;
	u64 want_tables[PT_MAX_TOP_LEVEL + 1] = {};
	/* Off the stack: beside @sum a 32-bit frame would pass 1 KiB */
	u64 *want_leaves;
	struct kdump_plan *plan;
	unsigned int nwant, i, top_level;
	const char *err = "";
	char *text;
	int rw = IOMMU_READ | IOMMU_WRITE;

	/* b: the next size; c: the first size of a higher level, up to 4M */
	for (lg2 = a + 1; lg2 <= 22; lg2++) {
		if (!(sizes & log2_to_int(lg2)))
			continue;
		if (!b)
			b = lg2;
		if (!c && kdump_level_of(priv, lg2) > kdump_level_of(priv, a))
			c = lg2;
	}

	plan = kunit_kzalloc(test, sizeof(*plan), GFP_KERNEL);
	want = kunit_kcalloc(test, KDUMP_MAX_LEAVES, sizeof(*want), GFP_KERNEL);
	got = kunit_kcalloc(test, KDUMP_MAX_LEAVES, sizeof(*got), GFP_KERNEL);
	text = kunit_kzalloc(test, KDUMP_BUF_SIZE, GFP_KERNEL);
	want_leaves = kunit_kcalloc(test, ARRAY_SIZE(sum.leaves),
				    sizeof(*want_leaves), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, want_leaves);
	KUNIT_ASSERT_NOT_NULL(test, plan);
	KUNIT_ASSERT_NOT_NULL(test, want);
	KUNIT_ASSERT_NOT_NULL(test, got);
	KUNIT_ASSERT_NOT_NULL(test, text);
	/*
	 * From IOVA 0: a table that grew keeps its first top at IOVA 0,
	 * which so holds a leaf and is counted
	 */
	plan->va = 0;
	plan->oa = SZ_1G;

	/* Three leaves that merge, then one apart in OA only */
	for (i = 0; i != 3; i++)
		KUNIT_ASSERT_TRUE(test, kdump_map(test, plan, a, rw, 0));
	KUNIT_ASSERT_TRUE(test, kdump_map(test, plan, a, rw,
					  16 * log2_to_int(a)));
	/* Next in IOVA and OA, read-only */
	KUNIT_ASSERT_TRUE(test, kdump_map(test, plan, a, IOMMU_READ, 0));
	/* Three read-only that would merge, the middle one made dirty */
	for (i = 0; i != 3; i++)
		KUNIT_ASSERT_TRUE(test, kdump_map(test, plan, a, IOMMU_READ,
						  0));
	kdump_set_dirty(test, plan, plan->num - 2);
	/* A hole in IOVA, none in OA: two that merge after it */
	plan->va += log2_to_int(a);
	if (kdump_map(test, plan, a, IOMMU_READ, 0))
		kdump_map(test, plan, a, IOMMU_READ, 0);
	/* A leaf of a, then leaves of b right after it: no merge over sizes */
	if (b) {
		plan->va = ALIGN(plan->va, log2_to_int(b)) + log2_to_int(b) -
			   log2_to_int(a);
		plan->oa = ALIGN(plan->oa, log2_to_int(b)) + log2_to_int(b) -
			   log2_to_int(a);
		if (kdump_map(test, plan, a, rw, 0) &&
		    kdump_map(test, plan, b, rw, 0))
			kdump_map(test, plan, b, rw, 0);
	}
	/* Leaves of a higher level: two that merge, one read-only */
	if (c && kdump_map(test, plan, c, rw, 0) &&
	    kdump_map(test, plan, c, rw, 0))
		kdump_map(test, plan, c, IOMMU_READ, 0);

	nwant = kdump_expected_lines(plan, want);
	/* The plan has both merged and separate leaves */
	KUNIT_ASSERT_LT(test, nwant, plan->num);
	KUNIT_ASSERT_GT(test, nwant, 1U);

	KUNIT_ASSERT_TRUE(test, kdump_text(priv, text, KDUMP_BUF_SIZE));
	kunit_info(test, "dump:\n%s", text);
	KUNIT_ASSERT_TRUE_MSG(test,
			      kdump_parse(text, got, KDUMP_MAX_LEAVES, &sum,
					  &err),
			      "malformed line: %s", err);

	KUNIT_ASSERT_EQ(test, sum.lines, nwant);
	for (i = 0; i != nwant; i++) {
		KUNIT_EXPECT_EQ_MSG(test, got[i].va, want[i].va, "line %u", i);
		KUNIT_EXPECT_EQ_MSG(test, got[i].last_va, want[i].last_va,
				    "line %u", i);
		KUNIT_EXPECT_EQ_MSG(test, got[i].oa, want[i].oa, "line %u", i);
		KUNIT_EXPECT_EQ_MSG(test, got[i].lg2sz, want[i].lg2sz,
				    "line %u", i);
		KUNIT_EXPECT_EQ_MSG(test, got[i].num, want[i].num, "line %u",
				    i);
		KUNIT_EXPECT_EQ_MSG(test, got[i].level, want[i].level,
				    "line %u", i);
		KUNIT_EXPECT_EQ_MSG(test, got[i].prot, want[i].prot,
				    "line %u", i);
		KUNIT_EXPECT_EQ_MSG(test, got[i].dirty, want[i].dirty,
				    "line %u", i);
		/* Same access and dirty state: the same format bits */
		if (i && want[i].prot == want[i - 1].prot &&
		    want[i].dirty == want[i - 1].dirty)
			KUNIT_EXPECT_EQ_MSG(test, got[i].bits, got[i - 1].bits,
					    "line %u", i);
	}

	/* The summary */
	top_level = pt_top_level_of(READ_ONCE(priv->common->top_of_table));
	KUNIT_EXPECT_EQ(test, sum.top_level, top_level);
	KUNIT_EXPECT_EQ(test, sum.levels, top_level + 1);
	KUNIT_EXPECT_TRUE(test, sum.has_ranges);
	KUNIT_EXPECT_EQ(test, sum.ranges, (u64)nwant);
	for (i = 0; i != plan->num; i++)
		want_leaves[plan->leaf[i].lg2sz]++;
	for (i = 0; i != ARRAY_SIZE(sum.leaves); i++)
		KUNIT_EXPECT_EQ_MSG(test, sum.leaves[i], want_leaves[i],
				    "leaves of 2^%u", i);
	kdump_expected_tables(priv, plan, top_level, want_tables);
	for (i = 0; i != ARRAY_SIZE(want_tables); i++)
		KUNIT_EXPECT_EQ_MSG(test, sum.tables[i], want_tables[i],
				    "tables at level %u", i);
	/*
	 * And the library's own count of table pages agrees; the top, one
	 * table in the dump, may be several pages (a concatenated top)
	 */
	for (i = 1; i != ARRAY_SIZE(want_tables); i++)
		want_tables[0] += want_tables[i];
	KUNIT_EXPECT_EQ(test, want_tables[0] - 1 +
				      kunit_pt_top_pages(priv->common),
			kunit_pt_live_pages(priv));
}

/* A buffer too small is marked as overflowed, for the caller to retry */
static void test_dump_overflow(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	u64 len = log2_to_int(log2_ffs(kunit_pt_sizes(priv)));
	char small[64];
	unsigned int i;

	for (i = 0; i != 8; i++)
		KUNIT_ASSERT_EQ(test,
				iommu_map(&priv->domain, 2 * i * len, SZ_1G,
					  len, IOMMU_READ, GFP_KERNEL),
				0);
	KUNIT_EXPECT_FALSE(test, kdump_text(priv, small, sizeof(small)));
}

struct kdump_stress {
	struct kunit_pt_priv *priv;
	struct completion done;
	char *text;
	struct kdump_leaf *lines;
	bool stop;
	unsigned long dumps;
	unsigned long errors;
	char msg[128];
};

/* Dump until told to stop; every dump must parse and be complete */
static int kdump_stress_fn(void *data)
{
	struct kdump_stress *ds = data;
	struct kdump_summary *sum = kzalloc(sizeof(*sum), GFP_KERNEL);
	const char *err;

	while (sum && !READ_ONCE(ds->stop)) {
		if (!kdump_text(ds->priv, ds->text, KDUMP_BUF_SIZE) ||
		    !kdump_parse(ds->text, ds->lines, KDUMP_MAX_LEAVES, sum,
				 &err) ||
		    !sum->has_ranges) {
			if (!ds->errors++)
				strscpy(ds->msg, ds->text, sizeof(ds->msg));
		}
		ds->dumps++;
		cond_resched();
	}
	kfree(sum);
	kthread_complete_and_exit(&ds->done, 0);
}

/*
 * While a kthread dumps: fill lowest-level tables with leaves and unmap
 * each whole, so unmap frees it; make one again with a single leaf, unmap
 * that, and map a leaf of the whole table's size over the empty table
 * where the domain has that size, so map frees it.
 */
static void test_dump_stress(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	struct iommu_domain *domain = &priv->domain;
	unsigned int tbl_lg2 = kstress_table_lg2(priv, 0);
	u64 gran = log2_to_int(log2_ffs(kunit_pt_sizes(priv)));
	u64 tbl = log2_to_int(tbl_lg2), base = 2 * tbl;
	bool big = kunit_pt_sizes(priv) & tbl;
	unsigned long end = jiffies + msecs_to_jiffies(1000);
	struct task_struct *task;
	struct kdump_stress *ds;
	unsigned int iter, blk;

	if (!kstress_fits(priv, base, 8, tbl_lg2))
		kunit_skip(test, "the aperture holds too few lowest tables");
	ds = kunit_kzalloc(test, sizeof(*ds), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ds);
	ds->priv = priv;
	ds->text = kunit_kzalloc(test, KDUMP_BUF_SIZE, GFP_KERNEL);
	ds->lines = kunit_kcalloc(test, KDUMP_MAX_LEAVES, sizeof(*ds->lines),
				  GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ds->text);
	KUNIT_ASSERT_NOT_NULL(test, ds->lines);
	init_completion(&ds->done);
	task = kthread_run(kdump_stress_fn, ds, "kdump");
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));

	for (iter = 0; iter != 2000 && time_before(jiffies, end); iter++) {
		u64 va;

		blk = iter % 4;
		va = base + 2 * blk * tbl;
		/* Fill the table in two maps, unmap it whole: unmap frees it */
		KUNIT_EXPECT_EQ(test,
				iommu_map(domain, va, SZ_1G, tbl / 2,
					  IOMMU_READ | IOMMU_WRITE,
					  GFP_KERNEL), 0);
		KUNIT_EXPECT_EQ(test,
				iommu_map(domain, va + tbl / 2,
					  SZ_1G + tbl / 2, tbl / 2,
					  IOMMU_READ, GFP_KERNEL), 0);
		KUNIT_EXPECT_EQ(test, iommu_unmap(domain, va, tbl), tbl);
		/* A table with one leaf, left empty */
		KUNIT_EXPECT_EQ(test,
				iommu_map(domain, va, SZ_1G, gran, IOMMU_READ,
					  GFP_KERNEL), 0);
		KUNIT_EXPECT_EQ(test, iommu_unmap(domain, va, gran), gran);
		/* A leaf over the empty table: map frees it */
		if (big) {
			KUNIT_EXPECT_EQ(test,
					iommu_map(domain, va, SZ_1G, tbl,
						  IOMMU_READ, GFP_KERNEL), 0);
			KUNIT_EXPECT_EQ(test, iommu_unmap(domain, va, tbl),
					tbl);
		}
		cond_resched();
	}
	WRITE_ONCE(ds->stop, true);
	wait_for_completion(&ds->done);
	kunit_info(test, "%u rounds of map and unmap, %lu dumps\n", iter,
		   ds->dumps);
	KUNIT_EXPECT_GT(test, ds->dumps, 0UL);
	KUNIT_EXPECT_EQ_MSG(test, ds->errors, 0UL, "first bad dump: %s",
			    ds->msg);
}

static struct kunit_case generic_pt_iommu_dump_cases[] = {
	KUNIT_CASE_PARAM(test_dump_shadow, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_dump_overflow, kunit_pt_gen_params),
	{}
};

static struct kunit_suite NS(iommu_dump_test) = {
	.name = __stringify(PT_FMT) "_iommu_dump_test",
	.init = kunit_pt_init,
	.exit = kunit_pt_exit,
	.test_cases = generic_pt_iommu_dump_cases,
};

static struct kunit_case generic_pt_iommu_dump_stress_cases[] = {
	KUNIT_CASE_PARAM(test_dump_stress, kunit_pt_gen_params),
	{}
};

/*
 * Apart, and named like the other stress suites, so that the kunit-smp
 * stage of make check races it on two CPUs with them
 */
static struct kunit_suite NS(iommu_dump_stress_test) = {
	.name = __stringify(PT_FMT) "_iommu_dump_stress_test",
	/* An iotlb_sync that is safe from any thread */
	.init = kstress_init,
	.exit = kunit_pt_exit,
	.test_cases = generic_pt_iommu_dump_stress_cases,
};

kunit_test_suites(&NS(iommu_dump_test), &NS(iommu_dump_stress_test));

#endif
