/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * KUnit tests of a format header, compiled per format by
 * fmt/kunit_<fmt>.c. Suite: <fmt>_fmt_test.
 *
 * Each test drives the format hooks on a scratch table and checks what
 * they report against what was written, or against brute force.
 */
#ifndef __GENERIC_PT_KUNIT_GENERIC_PT_H
#define __GENERIC_PT_KUNIT_GENERIC_PT_H

#include <kunit/test.h>
#include <linux/prandom.h>

#include "kunit_iommu_fixture.h"

/* A cursor on item @index of a scratch table at @level */
static struct pt_state kfmt_state(struct kunit *test, struct pt_range *range,
				  unsigned int level, unsigned int index)
{
	struct kunit_pt_priv *priv = test->priv;
	struct pt_state pts = pt_level_state(range, level);

	pts.table = priv->scratch;
	pts.index = index;
	return pts;
}

static void kfmt_clear_scratch(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;

	memset(priv->scratch, 0, log2_to_int(PT_TABLEMEM_LG2SZ));
}

/* Table pointers round trip on every level that has them */
static void test_fmt_table_ptr(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	struct pt_range range = pt_top_range(priv->common);
	unsigned int max_oasz_lg2 = priv->common->max_oasz_lg2;
	struct pt_write_attrs attrs = {};
	unsigned int level;

	for (level = 1; level <= PT_MAX_TOP_LEVEL; level++) {
		pt_oaddr_t pas[] = {
			log2_to_int(PT_TABLEMEM_LG2SZ),
			virt_to_phys(priv->scratch),
			log2_to_max_int(max_oasz_lg2) &
				~log2_to_max_int(PT_TABLEMEM_LG2SZ),
		};
		unsigned int i;

		for (i = 0; i != ARRAY_SIZE(pas); i++) {
			struct pt_state pts = kfmt_state(test, &range, level, 0);

			pts.index = (i * 7) %
				    log2_to_int(pt_num_items_lg2(&pts));

			kfmt_clear_scratch(test);
			if (!pt_can_have_table(&pts))
				continue;
			KUNIT_ASSERT_TRUE(test, pt_install_table(&pts, pas[i],
								 &attrs));
			/* Installing over a changed item must fail */
			pts.entry = 0;
			KUNIT_EXPECT_FALSE(test, pt_install_table(&pts, pas[i],
								  &attrs));
			KUNIT_ASSERT_EQ(test, pt_load_entry_raw(&pts),
					PT_ENTRY_TABLE);
			KUNIT_EXPECT_EQ(test, pt_table_pa(&pts), pas[i]);
		}
	}
}

/* Every leaf size at every level round trips its OA, size and count */
static void test_fmt_leaf_sizes(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	struct pt_range range = pt_top_range(priv->common);
	unsigned int max_oasz_lg2 = priv->common->max_oasz_lg2;
	struct pt_write_attrs attrs;
	unsigned int level;

	KUNIT_ASSERT_EQ(test, pt_iommu_set_prot(priv->common, &attrs,
						IOMMU_READ | IOMMU_WRITE), 0);
	for (level = 0; level <= PT_MAX_TOP_LEVEL; level++) {
		struct pt_state lvl = pt_level_state(&range, level);
		unsigned int item_lg2sz = pt_table_item_lg2sz(&lvl);
		u64 sizes = pt_possible_sizes(&lvl);

		while (sizes) {
			unsigned int lg2sz = log2_ffs(sizes);
			unsigned int contig_lg2 = lg2sz - item_lg2sz;
			pt_oaddr_t oas[3];
			unsigned int i, item;

			sizes &= sizes - 1;
			KUNIT_ASSERT_GE(test, lg2sz, item_lg2sz);
			KUNIT_ASSERT_LE(test, contig_lg2,
					pt_num_items_lg2(&lvl));
			if (lg2sz >= max_oasz_lg2)
				continue;
			oas[0] = 0;
			oas[1] = log2_to_int(lg2sz);
			oas[2] = log2_to_max_int(max_oasz_lg2) &
				 ~log2_to_max_int(lg2sz);

			for (i = 0; i != ARRAY_SIZE(oas); i++) {
				/* A group in the middle of the table */
				unsigned int first = log2_to_int(contig_lg2) *
					(i % 2);
				struct pt_state pts = kfmt_state(test, &range,
								 level, first);
				unsigned int probes[] = {
					first,
					first + log2_to_int(contig_lg2) / 2,
					first + log2_to_int(contig_lg2) - 1,
				};

				kfmt_clear_scratch(test);
				pt_install_leaf_entry(&pts, oas[i], lg2sz,
						      &attrs);
				for (item = 0; item != ARRAY_SIZE(probes);
				     item++) {
					pts.index = probes[item];
					KUNIT_ASSERT_EQ(test,
							pt_load_entry_raw(&pts),
							PT_ENTRY_OA);
					KUNIT_EXPECT_EQ(test, pt_entry_oa(&pts),
							oas[i]);
					KUNIT_EXPECT_EQ(test, contig_lg2,
							pt_entry_num_contig_lg2(&pts));
				}
				/* Items outside the group stay empty */
				pts.index = first + log2_to_int(contig_lg2);
				if (pts.index < log2_to_int(pt_num_items_lg2(&lvl)))
					KUNIT_EXPECT_EQ(test,
							pt_load_entry_raw(&pts),
							PT_ENTRY_EMPTY);
				pts.index = first;
				pt_clear_entries(&pts, log2_to_int(contig_lg2));
				for (item = 0; item != log2_to_int(contig_lg2);
				     item++) {
					pts.index = first + item;
					KUNIT_EXPECT_EQ(test,
							pt_load_entry_raw(&pts),
							PT_ENTRY_EMPTY);
				}
			}
		}
	}
}

/*
 * Every prot combination round trips through the entry; read-only,
 * write-only and read-write differ, unless the format or the configuration
 * has no write-only or no read-only
 */
static void test_fmt_attrs(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	struct pt_range range = pt_top_range(priv->common);
	static const int flags[] = { IOMMU_READ, IOMMU_WRITE, IOMMU_CACHE,
				     IOMMU_NOEXEC, IOMMU_MMIO, IOMMU_PRIV };
	u64 seen_rw[4] = {};
	unsigned int combo;

	for (combo = 0; combo != BIT(ARRAY_SIZE(flags)); combo++) {
		struct pt_state pts = kfmt_state(test, &range, 0, 3);
		struct pt_write_attrs attrs, back;
		unsigned int rw;
		int prot = 0;
		unsigned int i;

		for (i = 0; i != ARRAY_SIZE(flags); i++)
			if (combo & BIT(i))
				prot |= flags[i];
		rw = prot & (IOMMU_READ | IOMMU_WRITE);
		if (!rw)
			continue;
		KUNIT_ASSERT_EQ(test, pt_iommu_set_prot(priv->common, &attrs,
							prot), 0);
		kfmt_clear_scratch(test);
		pt_install_leaf_entry(&pts, log2_to_int(PT_GRANULE_LG2SZ) * 5,
				      PT_GRANULE_LG2SZ, &attrs);
		KUNIT_ASSERT_EQ(test, pt_load_entry_raw(&pts), PT_ENTRY_OA);
		pt_attr_from_entry(&pts, &back);
		KUNIT_EXPECT_EQ(test, back.descriptor_bits,
				attrs.descriptor_bits);
		/* Read-only, write-only and read-write differ in the entry */
		seen_rw[rw] = pts.entry;
	}
	KUNIT_EXPECT_EQ(test, seen_rw[IOMMU_READ] == seen_rw[IOMMU_WRITE],
			KUNIT_PT_READ_ONLY_IS_RW(priv) &&
				KUNIT_PT_WRITE_ONLY_IS_RW);
	KUNIT_EXPECT_EQ(test,
			seen_rw[IOMMU_READ] == seen_rw[IOMMU_READ | IOMMU_WRITE],
			KUNIT_PT_READ_ONLY_IS_RW(priv));
	KUNIT_EXPECT_EQ(test,
			seen_rw[IOMMU_WRITE] == seen_rw[IOMMU_READ | IOMMU_WRITE],
			KUNIT_PT_WRITE_ONLY_IS_RW);
}

/* A D bit on any item of a contiguous entry dirties it; clean clears all */
static void test_fmt_dirty(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	struct pt_range range = pt_top_range(priv->common);
	struct pt_write_attrs attrs;
	unsigned int level;

	KUNIT_ASSERT_EQ(test, pt_iommu_set_prot(priv->common, &attrs,
						IOMMU_READ | IOMMU_WRITE), 0);
	for (level = 0; level <= min(1, PT_MAX_TOP_LEVEL); level++) {
		struct pt_state lvl = pt_level_state(&range, level);
		u64 sizes = pt_possible_sizes(&lvl);

		while (sizes) {
			unsigned int lg2sz = log2_ffs(sizes);
			unsigned int num = log2_to_int(lg2sz -
						pt_table_item_lg2sz(&lvl));
			struct pt_state pts = kfmt_state(test, &range, level,
							 0);
			unsigned int item, probe;

			sizes &= sizes - 1;
			kfmt_clear_scratch(test);
			pt_install_leaf_entry(&pts, 0, lg2sz, &attrs);
			pt_load_entry_raw(&pts);
			if (!pt_entry_make_write_dirty(&pts)) {
				/* No dirty bit: nothing may ever read dirty */
				KUNIT_EXPECT_FALSE(test,
						   pt_entry_is_write_dirty(&pts));
				return;
			}
			pt_entry_make_write_clean(&pts);

			for (item = 0; item != num; item++) {
				pts.index = item;
				pt_load_entry_raw(&pts);
				KUNIT_EXPECT_FALSE(test,
						   pt_entry_is_write_dirty(&pts));
				pt_entry_make_write_dirty(&pts);
				/* Seen from every item of the group */
				for (probe = 0; probe < num;
				     probe += max(1U, num / 4)) {
					pts.index = probe;
					pt_load_entry_raw(&pts);
					KUNIT_EXPECT_TRUE(test, pt_entry_is_write_dirty(&pts));
				}
				pts.index = num - 1;
				pt_load_entry_raw(&pts);
				pt_entry_make_write_clean(&pts);
				pts.index = item;
				pt_load_entry_raw(&pts);
				KUNIT_EXPECT_FALSE(test,
						   pt_entry_is_write_dirty(&pts));
				/* Cleaning kept the mapping */
				KUNIT_EXPECT_EQ(test, pt_entry_oa(&pts), 0);
				KUNIT_EXPECT_EQ(test, pt_entry_lg2sz(&pts),
						lg2sz);
			}
		}
	}
}

/* log2 helpers against arithmetic done the slow way */
static void test_fmt_log2(struct kunit *test)
{
	struct rnd_state rnd;
	unsigned int lg2, i;

	prandom_seed_state(&rnd, 1);
	for (lg2 = 0; lg2 <= 64; lg2++) {
		u64 pow = 1, max;
		unsigned int k;

		for (k = 0; k != lg2 && k != 64; k++)
			pow *= 2;
		max = lg2 == 64 ? U64_MAX : pow - 1;
		KUNIT_EXPECT_EQ(test, log2_to_max_int(lg2), max);
		for (i = 0; i != 16; i++) {
			u64 a = kunit_pt_rand64(&rnd);

			if (lg2 < 64) {
				KUNIT_EXPECT_EQ(test, log2_to_int(lg2), pow);
				KUNIT_EXPECT_EQ(test, log2_div(a, lg2),
						div64_u64(a, pow));
				KUNIT_EXPECT_EQ(test, log2_mod(a, lg2),
						a - div64_u64(a, pow) * pow);
			} else {
				KUNIT_EXPECT_EQ(test, log2_div(a, lg2), 0);
				KUNIT_EXPECT_EQ(test, log2_mod(a, lg2), a);
			}
			KUNIT_EXPECT_EQ(test, log2_align_down(a, lg2),
					a - log2_mod(a, lg2));
			KUNIT_EXPECT_EQ(test, log2_set_mod_max(a, lg2),
					log2_align_down(a, lg2) + max);
		}
	}
	for (i = 0; i != 64; i++) {
		KUNIT_EXPECT_EQ(test, log2_ffs(BIT_ULL(i) | BIT_ULL(63)), i);
		KUNIT_EXPECT_EQ(test, log2_fls(BIT_ULL(i) | 1), i + 1);
	}
	KUNIT_EXPECT_EQ(test, log2_fls(0), 0);
}

/* The page size choice against trying every size, largest first */
static void test_fmt_best_pgsize(struct kunit *test)
{
	struct kunit_pt_priv *priv = test->priv;
	u64 bitmap = priv->fmt_table.iommu.domain.pgsize_bitmap;
	struct rnd_state rnd;
	unsigned int i;

	prandom_seed_state(&rnd, 2);
	for (i = 0; i != 20000; i++) {
		unsigned int shift = prandom_u32_state(&rnd) % 40;
		pt_vaddr_t va = kunit_pt_rand64(&rnd) >>
				(prandom_u32_state(&rnd) % 64);
		pt_oaddr_t oa = kunit_pt_rand64(&rnd) >> 12;
		pt_vaddr_t len_m1 = kunit_pt_rand64(&rnd) >> (24 + shift);
		pt_vaddr_t last_va;
		unsigned int expect = 0;
		int lg2;

		va &= ~log2_to_max_int(prandom_u32_state(&rnd) % 32);
		oa &= ~log2_to_max_int(prandom_u32_state(&rnd) % 32);
		if (i % 5 == 0)
			oa = va;
		if (check_add_overflow(va, len_m1, &last_va))
			continue;
		for (lg2 = 63; lg2 >= 0; lg2--) {
			u64 size = 1ULL << lg2;

			if (!(bitmap & size))
				continue;
			if (!log2_mod(va, lg2) && !log2_mod(oa, lg2) &&
			    size - 1 <= len_m1) {
				expect = lg2;
				break;
			}
		}
		KUNIT_ASSERT_EQ_MSG(test,
				    pt_best_pgsize_lg2(bitmap, va, last_va, oa),
				    expect, "va %llx last %llx oa %llx", va,
				    last_va, oa);
	}
}

static struct kunit_case generic_pt_fmt_test_cases[] = {
	KUNIT_CASE_PARAM(test_fmt_table_ptr, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_fmt_leaf_sizes, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_fmt_attrs, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_fmt_dirty, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_fmt_log2, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_fmt_best_pgsize, kunit_pt_gen_params),
	{}
};

static struct kunit_suite NS(fmt_test) = {
	.name = __stringify(PT_FMT) "_fmt_test",
	.init = kunit_pt_init,
	.exit = kunit_pt_exit,
	.test_cases = generic_pt_fmt_test_cases,
};

kunit_test_suites(&NS(fmt_test));

#endif
