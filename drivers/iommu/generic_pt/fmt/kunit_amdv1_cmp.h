/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * amdv1_cmp_test: the same operations on 6.12's AMD v1 io_pgtable
 * (alloc_io_pgtable_ops(AMD_IOMMU_V1)) and on the generic AMD v1 table
 * must build identical tables, entry by entry, and translate alike.
 *
 * Deliberate differences, accepted by the comparison:
 *  - the old code never frees a table that unmap emptied; where it still
 *    points at such a table the generic table is empty, and the old
 *    table below must then hold nothing;
 *  - table entries point at different memory, so their address fields are
 *    not compared (the tables they point at are, recursively);
 *  - the old code silently replaces existing mappings, the generic code
 *    refuses them: the sequences here never overlap.
 */
#ifndef __GENERIC_PT_KUNIT_AMDV1_CMP_H
#define __GENERIC_PT_KUNIT_AMDV1_CMP_H

#include <linux/io-pgtable.h>

#include "../../amd/amd_iommu_types.h"

struct kcmp_state {
	struct kunit_pt_priv *priv;
	struct protection_domain *pdom;
	struct io_pgtable_ops *old;
	unsigned int mismatches;
};

static const struct kunit_pt_cfg kcmp_cfgs[] = {
	/* The configuration the AMD driver uses, as 6.12 starts: 3 levels */
	AMDV1_KUNIT_CFG("amd_driver",
			AMDV1_DYN | BIT(PT_FEAT_AMDV1_FORCE_COHERENCE), 64, 2),
};

KUNIT_ARRAY_PARAM(kcmp, kcmp_cfgs, kunit_pt_gen_desc);

static int kcmp_init(struct kunit *test)
{
	struct kcmp_state *st;
	int ret;

	st = kunit_kzalloc(test, sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	ret = kunit_pt_init(test);
	/* From here on kcmp_exit() finds the state in test->priv */
	st->priv = test->priv;
	test->priv = st;
	if (ret)
		return ret;
	st->pdom = kunit_kzalloc(test, sizeof(*st->pdom), GFP_KERNEL);
	if (!st->pdom)
		return -ENOMEM;
	/* A v1 protection domain with no device attached: flushes are no-ops */
	spin_lock_init(&st->pdom->lock);
	INIT_LIST_HEAD(&st->pdom->dev_list);
	INIT_LIST_HEAD(&st->pdom->dev_data_list);
	xa_init(&st->pdom->iommu_array);
	st->pdom->pd_mode = PD_MODE_V1;
	st->pdom->iop.pgtbl.cfg.amd.nid = NUMA_NO_NODE;
	st->old = alloc_io_pgtable_ops(AMD_IOMMU_V1, &st->pdom->iop.pgtbl.cfg,
				       st->pdom);
	if (!st->old)
		return -ENOMEM;
	return 0;
}

static void kcmp_exit(struct kunit *test)
{
	struct kcmp_state *st = test->priv;

	if (!st)
		return;
	if (st->old)
		free_io_pgtable_ops(st->old);
	test->priv = st->priv;
	kunit_pt_exit(test);
}

/* The old table below an entry the generic table dropped holds nothing */
static bool kcmp_old_empty(struct pt_state *pts)
{
	unsigned int i, num = log2_to_int(pt_num_items_lg2(pts));

	for (i = 0; i != num; i++) {
		struct pt_state item = *pts;

		item.index = i;
		switch (pt_load_entry_raw(&item)) {
		case PT_ENTRY_OA:
			return false;
		case PT_ENTRY_TABLE: {
			struct pt_state lower = item;

			lower.table = pt_table_ptr(&item);
			lower.level--;
			if (!kcmp_old_empty(&lower))
				return false;
			break;
		}
		case PT_ENTRY_EMPTY:
			break;
		}
	}
	return true;
}

static void kcmp_tables(struct kunit *test, struct kcmp_state *st,
			struct pt_state *old, struct pt_state *new, u64 va)
{
	unsigned int i, num = log2_to_int(pt_num_items_lg2(new));

	for (i = 0; i != num && st->mismatches < 8; i++) {
		struct pt_state o = *old, n = *new;
		u64 item_va = va + ((u64)i << pt_table_item_lg2sz(new));
		bool same;

		o.index = i;
		n.index = i;
		o.type = pt_load_entry_raw(&o);
		n.type = pt_load_entry_raw(&n);
		if (o.type == PT_ENTRY_TABLE && n.type == PT_ENTRY_TABLE) {
			struct pt_state ol = o, nl = n;

			same = (o.entry & ~AMDV1PT_FMT_OA) ==
			       (n.entry & ~AMDV1PT_FMT_OA);
			ol.table = pt_table_ptr(&o);
			nl.table = pt_table_ptr(&n);
			ol.level--;
			nl.level--;
			if (same)
				kcmp_tables(test, st, &ol, &nl, item_va);
		} else if (o.type == PT_ENTRY_TABLE &&
			   n.type == PT_ENTRY_EMPTY) {
			struct pt_state ol = o;

			ol.table = pt_table_ptr(&o);
			ol.level--;
			same = kcmp_old_empty(&ol);
		} else {
			same = o.entry == n.entry;
		}
		if (!same) {
			st->mismatches++;
			KUNIT_FAIL(test,
				   "level %u va %llx: old %016llx new %016llx",
				   new->level, item_va, o.entry, n.entry);
		}
	}
}

/* Compare the whole trees, their depth and their translations */
static void kcmp_check(struct kunit *test, struct kcmp_state *st,
		       const u64 *probes, unsigned int num_probes)
{
	struct pt_range range = pt_top_range(st->priv->common);
	struct amd_io_pgtable *oldpt = &st->pdom->iop;
	struct pt_state old, new;
	unsigned int i;

	KUNIT_ASSERT_EQ(test, oldpt->mode, range.top_level + 1);
	new = pt_level_state(&range, range.top_level);
	new.table = range.top_table;
	old = new;
	old.table = (struct pt_table_p *)oldpt->root;
	kcmp_tables(test, st, &old, &new, 0);

	for (i = 0; i != num_probes; i++)
		KUNIT_EXPECT_EQ_MSG(test,
				    iommu_iova_to_phys(&st->priv->domain,
						       probes[i]),
				    st->old->iova_to_phys(st->old, probes[i]),
				    "iova %llx", probes[i]);
}

/* Map on the old table the way iommu_map() splits a range */
static void kcmp_map_old(struct kunit *test, struct kcmp_state *st, u64 va,
			 phys_addr_t pa, u64 len, int prot)
{
	u64 bitmap = st->pdom->iop.pgtbl.cfg.pgsize_bitmap;

	while (len) {
		u64 size = log2_to_int(pt_best_pgsize_lg2(bitmap, va,
							  va + len - 1, pa));
		size_t mapped = 0;

		KUNIT_ASSERT_EQ(test, st->old->map_pages(st->old, va, pa, size,
							 1, prot, GFP_KERNEL,
							 &mapped), 0);
		va += size;
		pa += size;
		len -= size;
	}
}

static void kcmp_map(struct kunit *test, struct kcmp_state *st, u64 va,
		     phys_addr_t pa, u64 len, int prot)
{
	KUNIT_ASSERT_EQ_MSG(test, iommu_map(&st->priv->domain, va, pa, len,
					    prot, GFP_KERNEL), 0,
			    "map %llx+%llx", va, len);
	kcmp_map_old(test, st, va, pa, len, prot);
}

/* Unmap on both, the way iommu_unmap() splits; both must remove as much */
static void kcmp_unmap(struct kunit *test, struct kcmp_state *st, u64 va,
		       u64 len)
{
	u64 bitmap = st->pdom->iop.pgtbl.cfg.pgsize_bitmap;
	u64 done = 0;

	KUNIT_ASSERT_EQ(test, iommu_unmap(&st->priv->domain, va, len), len);
	while (done < len) {
		u64 size = log2_to_int(pt_best_pgsize_lg2(bitmap, va + done,
							  va + len - 1,
							  va + done));
		struct iommu_iotlb_gather gather;
		size_t unmapped;

		iommu_iotlb_gather_init(&gather);
		unmapped = st->old->unmap_pages(st->old, va + done, size, 1,
						&gather);
		KUNIT_ASSERT_NE(test, unmapped, 0);
		done += unmapped;
	}
	KUNIT_EXPECT_EQ(test, done, len);
}

/* Both offer the same page sizes */
static void test_cmp_pgsizes(struct kunit *test)
{
	struct kcmp_state *st = test->priv;

	KUNIT_EXPECT_EQ(test, (u64)st->priv->domain.pgsize_bitmap,
			(u64)st->pdom->iop.pgtbl.cfg.pgsize_bitmap);
}

/* One leaf of every size, contiguous ones included, then unmapped */
static void test_cmp_every_size(struct kunit *test)
{
	struct kcmp_state *st = test->priv;
	u64 sizes = st->pdom->iop.pgtbl.cfg.pgsize_bitmap;
	u64 probes[3 * BITS_PER_LONG_LONG];
	unsigned int num = 0;
	u64 s;

	/* [size, 2 * size) are disjoint for different powers of two */
	for (s = sizes; s; s &= s - 1) {
		u64 len = s & -s;

		kcmp_map(test, st, len, len, len,
			 IOMMU_READ | (len & SZ_8K ? 0 : IOMMU_WRITE));
		probes[num++] = len;
		probes[num++] = len + len / 2 + 16;
		probes[num++] = 2 * len - 1;
	}
	kcmp_check(test, st, probes, num);
	for (s = sizes; s; s &= s - 1)
		kcmp_unmap(test, st, s & -s, s & -s);
	kcmp_check(test, st, probes, num);
}

/* The top grows to 4, 5 and 6 levels alike */
static void test_cmp_top_growth(struct kunit *test)
{
	struct kcmp_state *st = test->priv;
	static const u64 vas[] = { 0, 1ULL << 39, 1ULL << 48, 1ULL << 57,
				   1ULL << 63 };
	u64 probes[ARRAY_SIZE(vas)];
	unsigned int i;

	for (i = 0; i != ARRAY_SIZE(vas); i++) {
		struct pt_iommu_amdv1_hw_info info;
		struct pt_range range;

		kcmp_map(test, st, vas[i], SZ_1M * (i + 1), SZ_4K,
			 IOMMU_READ | IOMMU_WRITE);
		probes[i] = vas[i] + 0x123;
		kcmp_check(test, st, probes, i + 1);
		/* What the DTE gets: the top table and the mode 6.12 uses */
		pt_iommu_amdv1_hw_info(&st->priv->fmt_table, &info);
		range = pt_top_range(st->priv->common);
		KUNIT_EXPECT_EQ(test, info.mode, st->pdom->iop.mode);
		KUNIT_EXPECT_EQ(test, info.host_pt_root,
				(u64)virt_to_phys(range.top_table));
	}
}

/* A leaf over tables that unmap emptied: both free them */
static void test_cmp_over_empty(struct kunit *test)
{
	struct kcmp_state *st = test->priv;
	u64 probes[] = { SZ_2M, SZ_2M + SZ_4K + 1, SZ_1G + SZ_64K };

	kcmp_map(test, st, SZ_2M + SZ_4K, SZ_4K, SZ_4K, IOMMU_READ);
	kcmp_unmap(test, st, SZ_2M + SZ_4K, SZ_4K);
	kcmp_map(test, st, SZ_2M, SZ_2M, SZ_2M, IOMMU_READ);
	kcmp_check(test, st, probes, ARRAY_SIZE(probes));
	kcmp_map(test, st, SZ_1G + SZ_64K, SZ_64K, SZ_64K, IOMMU_WRITE);
	kcmp_unmap(test, st, SZ_1G + SZ_64K, SZ_64K);
	kcmp_map(test, st, SZ_1G, SZ_1G, SZ_1G, IOMMU_READ | IOMMU_WRITE);
	kcmp_check(test, st, probes, ARRAY_SIZE(probes));
}

/* Random disjoint maps and whole unmaps, compared as they go */
static void test_cmp_random(struct kunit *test)
{
	struct kcmp_state *st = test->priv;
	u64 sizes = st->pdom->iop.pgtbl.cfg.pgsize_bitmap & GENMASK_ULL(30, 0);
	struct kunit_pt_model *model;
	struct rnd_state rnd;
	u64 probes[64];
	unsigned int op, i;

	model = kunit_kzalloc(test, sizeof(*model), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, model);
	prandom_seed_state(&rnd, 7);
	for (op = 0; op != 600; op++) {
		if (prandom_u32_state(&rnd) % 3 && model->num < 64) {
			u64 len = kunit_pt_random_size(sizes, &rnd);
			u64 va, pa;

			len *= 1 + prandom_u32_state(&rnd) % 3;
			va = log2_align_down(kunit_pt_rand64(&rnd) %
					     (SZ_8G - len), log2_ffs(len));
			if (op % 50 == 0)
				va |= 1ULL << (39 + op % 20);
			pa = log2_align_down(kunit_pt_rand64(&rnd) >> 16,
					     log2_ffs(len));
			if (kunit_pt_model_overlaps(model, va, va + len - 1))
				continue;
			kcmp_map(test, st, va, pa, len,
				 IOMMU_READ | (op & 1 ? IOMMU_WRITE : 0));
			model->maps[model->num++] = (struct kunit_pt_shadow){
				.va = va, .last_va = va + len - 1, .pa = pa };
		} else if (model->num) {
			i = prandom_u32_state(&rnd) % model->num;
			kcmp_unmap(test, st, model->maps[i].va,
				   model->maps[i].last_va -
					   model->maps[i].va + 1);
			model->maps[i] = model->maps[--model->num];
		}
		if (op % 20)
			continue;
		for (i = 0; i != ARRAY_SIZE(probes); i++)
			probes[i] = i < model->num ?
				model->maps[i].va + i * 0x111 %
				(model->maps[i].last_va - model->maps[i].va) :
				kunit_pt_rand64(&rnd) % SZ_8G;
		kcmp_check(test, st, probes, ARRAY_SIZE(probes));
		KUNIT_ASSERT_EQ(test, st->mismatches, 0);
	}
}

static struct kunit_case kcmp_test_cases[] = {
	KUNIT_CASE_PARAM(test_cmp_pgsizes, kcmp_gen_params),
	KUNIT_CASE_PARAM(test_cmp_every_size, kcmp_gen_params),
	KUNIT_CASE_PARAM(test_cmp_top_growth, kcmp_gen_params),
	KUNIT_CASE_PARAM(test_cmp_over_empty, kcmp_gen_params),
	KUNIT_CASE_PARAM(test_cmp_random, kcmp_gen_params),
	{}
};

static struct kunit_suite amdv1_cmp_test = {
	.name = "amdv1_cmp_test",
	.init = kcmp_init,
	.exit = kcmp_exit,
	.test_cases = kcmp_test_cases,
};

kunit_test_suites(&amdv1_cmp_test);

#endif
