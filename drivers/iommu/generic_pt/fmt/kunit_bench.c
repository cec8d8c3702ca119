// SPDX-License-Identifier: GPL-2.0-only
/*
 * iommu_pt_bench: how long iommu_map() and iommu_unmap() take on a generic
 * page table domain and, in the same boot, on a domain backed by the 6.12
 * io-pgtable code the format replaces, while the kernel still carries it.
 * The generic domain is timed twice: "new" with the ops a converted driver
 * has (IOMMU_PT_DOMAIN_OPS(), so the iommu core hands the whole range to
 * map_range/unmap_range), and "split" with a copy of them without
 * map_range/unmap_range, so the core splits the range with iommu_pgsize()
 * into map_pages/unmap_pages calls as 6.12 does for every driver. The two
 * show what the core change buys.
 *
 * Rows, per format: one entry of every page size the domain has, and 256
 * entries of 4 KiB, 2 MiB and 1 GiB (the domain's page sizes narrowed to
 * that one size, so every path maps 256 entries of it). Each row and
 * side gets a fresh domain and runs one map/unmap pair that is discarded
 * (it allocates the tables), then @iterations timed pairs. Reported per
 * op: avg and min ns of every side, the difference of the averages of
 * new and old, and a
 * floor: a loop storing as many PTE words into a table page as the op
 * writes, timed the same way.
 *
 * Every pair is checked, on every side: after the map the first and the
 * last byte translate, the unmap returns the whole length and the first
 * byte no longer translates. A wrong side fails the test instead of
 * looking fast.
 *
 * The numbers only mean something without CONFIG_DEBUG_GENERIC_PT and
 * other debug options; under QEMU TCG compare ratios, not absolute ns.
 */
#include <kunit/test.h>
#include <linux/generic_pt/iommu.h>
#include <linux/iommu.h>
#include <linux/ktime.h>
#include <linux/log2.h>
#include <linux/module.h>
#include <linux/moduleparam.h>

#include "../../iommu-pages.h"

static unsigned int iterations = 500;
module_param(iterations, uint, 0444);
MODULE_PARM_DESC(iterations, "timed map/unmap pairs per row");

/**
 * struct kbench_side - one implementation of a format
 * @alloc: a domain ready for iommu_map(), or an ERR_PTR()
 * @free: free the domain and every table it holds
 */
struct kbench_side {
	struct iommu_domain *(*alloc)(void);
	void (*free)(struct iommu_domain *domain);
};

/**
 * struct kbench_fmt - a format in the benchmark table
 * @name: the format's name
 * @granule_lg2: log2 of its smallest page and of its table pages, when not
 *   KBENCH_GRANULE_LG2
 * @word_lg2: log2 of the bytes of its PTE words, when not 3
 * @level_bits: the index bits of its lowest level, when not those of a
 *   table of 2^@granule_lg2 bytes of such words
 * @resize_lg2: the leaf sizes test_bench_resize cuts and reassembles, when
 *   not 2 MiB and 1 GiB: leaves that are one item of a level above 0
 * @new: the generic page table domain, as the driver sets it up
 * @split: @new without map_range/unmap_range: the 6.12 core path
 * @old: the 6.12 io-pgtable domain; @old.alloc is NULL when the kernel no
 *   longer carries that code
 */
struct kbench_fmt {
	const char *name;
	unsigned int granule_lg2;
	unsigned int word_lg2;
	unsigned int level_bits;
	u64 resize_lg2;
	struct kbench_side new;
	struct kbench_side split;
	struct kbench_side old;
};

/* --- The generic page table side --- */

/**
 * struct kbench_pt - a generic page table domain with no device attached
 * @domain: what the core sees
 * @iommu: the table, which starts with @domain
 * @amdv1: @iommu as an AMD v1 table
 * @x86_64: @iommu as an x86-64 table
 * @vtdss: @iommu as a VT-d second stage table
 * @armv8: @iommu as an Arm VMSAv8-64 table, of any granule
 * @armv7s: @iommu as an Arm short-descriptor table
 * @top_lock: what the table takes to change its top
 */
struct kbench_pt {
	union {
		struct iommu_domain domain;
		struct pt_iommu iommu;
		struct pt_iommu_amdv1 amdv1;
		struct pt_iommu_x86_64 x86_64;
		struct pt_iommu_vtdss vtdss;
		struct pt_iommu_armv8 armv8;
		struct pt_iommu_armv7s armv7s;
	};
	/* Serialises top growth; no device table to update under it */
	spinlock_t top_lock;
};

static noinline void kbench_pt_free_tables(struct list_head *freelist)
{
	iommu_put_pages_list(freelist);
}

/*
 * No IOTLB to invalidate; the freed tables can go at once. Most unmaps free
 * none: tested first, so that the freeing loop's set up (registers saved,
 * list poison values loaded) is not paid then.
 */
static void kbench_pt_iotlb_sync(struct iommu_domain *domain,
				 struct iommu_iotlb_gather *gather)
{
	if (!list_empty(&gather->freelist))
		kbench_pt_free_tables(&gather->freelist);
}

/* No device walks the table: nothing to repoint */
static void kbench_pt_change_top(struct pt_iommu *iommu_table,
				 phys_addr_t top_paddr, unsigned int top_level)
{
}

static spinlock_t *kbench_pt_get_top_lock(struct pt_iommu *iommu_table)
{
	return &container_of(iommu_table, struct kbench_pt, iommu)->top_lock;
}

/*
 * No IOTLB to wait for before a slab table is freed, as on the 6.12 side
 * (kbench_arm_tlb_flush_walk())
 */
static void kbench_pt_flush_walk(struct pt_iommu *iommu_table,
				 unsigned long va, unsigned long last_va)
{
}

static const struct pt_iommu_driver_ops kbench_pt_driver_ops = {
	.change_top = kbench_pt_change_top,
	.get_top_lock = kbench_pt_get_top_lock,
	.flush_walk = kbench_pt_flush_walk,
};

static struct kbench_pt *kbench_pt_alloc(const struct iommu_domain_ops *ops)
{
	struct kbench_pt *bpt = kzalloc(sizeof(*bpt), GFP_KERNEL);

	if (!bpt)
		return NULL;
	spin_lock_init(&bpt->top_lock);
	bpt->domain.type = IOMMU_DOMAIN_UNMANAGED;
	bpt->domain.ops = ops;
	bpt->iommu.driver_ops = &kbench_pt_driver_ops;
	bpt->iommu.nid = NUMA_NO_NODE;
	return bpt;
}

static struct iommu_domain *kbench_pt_init_done(struct kbench_pt *bpt,
						int ret)
{
	if (ret) {
		kfree(bpt);
		return ERR_PTR(ret);
	}
	return &bpt->domain;
}

/*
 * Give @domain a copy of its ops without map_range/unmap_range, kept in
 * @split: the iommu core then takes its 6.12 path for it
 */
static struct iommu_domain *kbench_pt_split(struct iommu_domain *domain,
					    struct iommu_domain_ops *split)
{
	if (IS_ERR(domain))
		return domain;
	*split = *domain->ops;
	split->map_range = NULL;
	split->unmap_range = NULL;
	domain->ops = split;
	return domain;
}

static void kbench_pt_free(struct iommu_domain *domain)
{
	struct kbench_pt *bpt = container_of(domain, struct kbench_pt, domain);

	pt_iommu_deinit(&bpt->iommu);
	kfree(bpt);
}

#if IS_ENABLED(CONFIG_IOMMU_PT_AMDV1)
static const struct iommu_domain_ops kbench_amdv1_ops = {
	IOMMU_PT_DOMAIN_OPS(amdv1),
	.iotlb_sync = kbench_pt_iotlb_sync,
};

/* As the AMD driver sets up a v1 DMA domain on an IOMMU without NpCache */
static struct iommu_domain *kbench_amdv1_alloc(void)
{
	struct pt_iommu_amdv1_cfg cfg = {
		.common.hw_max_vasz_lg2 = 64,
		.common.hw_max_oasz_lg2 = 52,
		.starting_level = 2,
		.common.features = BIT(PT_FEAT_DYNAMIC_TOP) |
				   BIT(PT_FEAT_AMDV1_ENCRYPT_TABLES) |
				   BIT(PT_FEAT_AMDV1_FORCE_COHERENCE) |
				   BIT(PT_FEAT_FLUSH_RANGE),
	};
	struct kbench_pt *bpt = kbench_pt_alloc(&kbench_amdv1_ops);

	if (!bpt)
		return ERR_PTR(-ENOMEM);
	return kbench_pt_init_done(bpt, pt_iommu_amdv1_init(&bpt->amdv1, &cfg,
							    GFP_KERNEL));
}

static struct iommu_domain_ops kbench_amdv1_split_ops;

static struct iommu_domain *kbench_amdv1_split_alloc(void)
{
	return kbench_pt_split(kbench_amdv1_alloc(), &kbench_amdv1_split_ops);
}
#endif

#if IS_ENABLED(CONFIG_IOMMU_PT_X86_64)
static const struct iommu_domain_ops kbench_x86_64_ops = {
	IOMMU_PT_DOMAIN_OPS(x86_64),
	.iotlb_sync = kbench_pt_iotlb_sync,
};

/* As the AMD driver sets up a v2 DMA domain on 4 levels without NpCache */
static struct iommu_domain *kbench_x86_64_alloc(void)
{
	struct pt_iommu_x86_64_cfg cfg = {
		.common.hw_max_vasz_lg2 = 47,
		.common.hw_max_oasz_lg2 = 52,
		.top_level = 3,
		.common.features = BIT(PT_FEAT_X86_64_AMD_ENCRYPT_TABLES) |
				   BIT(PT_FEAT_FLUSH_RANGE),
	};
	struct kbench_pt *bpt = kbench_pt_alloc(&kbench_x86_64_ops);

	if (!bpt)
		return ERR_PTR(-ENOMEM);
	return kbench_pt_init_done(bpt, pt_iommu_x86_64_init(&bpt->x86_64,
							     &cfg, GFP_KERNEL));
}

static struct iommu_domain_ops kbench_x86_64_split_ops;

static struct iommu_domain *kbench_x86_64_split_alloc(void)
{
	return kbench_pt_split(kbench_x86_64_alloc(), &kbench_x86_64_split_ops);
}
#endif

#if IS_ENABLED(CONFIG_IOMMU_PT_X86_64)
/*
 * As a VT-d driver sets up a first stage DMA domain: 4 levels, the lower
 * half of 48 bits. iommu_x86_64.c leaves PT_FEAT_DMA_INCOHERENT out, as
 * the feature tests would cost AMD v2's coherent maps instructions: an
 * IOMMU that does not snoop gets iommu_x86_64_incoherent.c's build
 * (x86_64_vtd_incoherent below) with the same cfg.
 */
static const struct pt_iommu_x86_64_cfg kbench_x86_64_vtd_cfg = {
	.common.hw_max_vasz_lg2 = 48,
	.common.hw_max_oasz_lg2 = 52,
	.top_level = 3,
	.common.features = BIT(PT_FEAT_SIGN_EXTEND) | BIT(PT_FEAT_FLUSH_RANGE),
};

static struct iommu_domain *kbench_x86_64_vtd_alloc(void)
{
	struct kbench_pt *bpt = kbench_pt_alloc(&kbench_x86_64_ops);

	if (!bpt)
		return ERR_PTR(-ENOMEM);
	return kbench_pt_init_done(bpt,
				   pt_iommu_x86_64_init(&bpt->x86_64,
							&kbench_x86_64_vtd_cfg,
							GFP_KERNEL));
}

static struct iommu_domain *kbench_x86_64_vtd_split_alloc(void)
{
	return kbench_pt_split(kbench_x86_64_vtd_alloc(),
			       &kbench_x86_64_split_ops);
}
#endif

#if IS_ENABLED(CONFIG_IOMMU_PT_X86_64_INCOHERENT)
static const struct iommu_domain_ops kbench_x86_64_incoherent_ops = {
	IOMMU_PT_DOMAIN_OPS(x86_64_incoherent),
	.iotlb_sync = kbench_pt_iotlb_sync,
};

static struct iommu_domain_ops kbench_x86_64_incoherent_split_ops;

/*
 * As a VT-d driver sets up a first stage DMA domain on an IOMMU without
 * page-walk coherency: kbench_x86_64_vtd_alloc()'s table, with the build
 * that writes back every store to it
 */
static struct iommu_domain *kbench_x86_64_vtd_incoherent_alloc(void)
{
	struct kbench_pt *bpt = kbench_pt_alloc(&kbench_x86_64_incoherent_ops);

	if (!bpt)
		return ERR_PTR(-ENOMEM);
	return kbench_pt_init_done(bpt,
				   pt_iommu_x86_64_incoherent_init(&bpt->x86_64,
								   &kbench_x86_64_vtd_cfg,
								   GFP_KERNEL));
}

static struct iommu_domain *kbench_x86_64_vtd_incoherent_split_alloc(void)
{
	return kbench_pt_split(kbench_x86_64_vtd_incoherent_alloc(),
			       &kbench_x86_64_incoherent_split_ops);
}
#endif

#if IS_ENABLED(CONFIG_IOMMU_PT_VTDSS)
static const struct iommu_domain_ops kbench_vtdss_ops = {
	IOMMU_PT_DOMAIN_OPS(vtdss),
	.iotlb_sync = kbench_pt_iotlb_sync,
};

static struct iommu_domain_ops kbench_vtdss_split_ops;

/*
 * As a VT-d driver sets up a second stage DMA domain: 4 levels, 48 bits,
 * 2 MiB and 1 GiB pages, coherent or (PT_FEAT_DMA_INCOHERENT) not
 */
static struct iommu_domain *kbench_vtdss_init(unsigned int features)
{
	struct pt_iommu_vtdss_cfg cfg = {
		.common.hw_max_vasz_lg2 = 48,
		.common.hw_max_oasz_lg2 = 52,
		.common.features = BIT(PT_FEAT_FLUSH_RANGE) | features,
		.top_level = 3,
		.max_leaf_level = 2,
	};
	struct kbench_pt *bpt = kbench_pt_alloc(&kbench_vtdss_ops);

	if (!bpt)
		return ERR_PTR(-ENOMEM);
	return kbench_pt_init_done(bpt, pt_iommu_vtdss_init(&bpt->vtdss, &cfg,
							    GFP_KERNEL));
}

static struct iommu_domain *kbench_vtdss_alloc(void)
{
	return kbench_vtdss_init(0);
}

static struct iommu_domain *kbench_vtdss_split_alloc(void)
{
	return kbench_pt_split(kbench_vtdss_init(0), &kbench_vtdss_split_ops);
}

static struct iommu_domain *kbench_vtdss_incoherent_alloc(void)
{
	return kbench_vtdss_init(BIT(PT_FEAT_DMA_INCOHERENT));
}

static struct iommu_domain *kbench_vtdss_incoherent_split_alloc(void)
{
	return kbench_pt_split(kbench_vtdss_incoherent_alloc(),
			       &kbench_vtdss_split_ops);
}
#endif

#if IS_ENABLED(CONFIG_IOMMU_PT_ARMV8)
static const struct iommu_domain_ops kbench_armv8_ops = {
	IOMMU_PT_DOMAIN_OPS(armv8),
	.iotlb_sync = kbench_pt_iotlb_sync,
};

static const struct iommu_domain_ops kbench_armv8_64k_ops = {
	IOMMU_PT_DOMAIN_OPS(armv8_64k),
	.iotlb_sync = kbench_pt_iotlb_sync,
};

static struct iommu_domain_ops kbench_armv8_split_ops;
static struct iommu_domain_ops kbench_armv8_64k_split_ops;

/*
 * As an SMMUv3 driver would set up a DMA domain: a 48-bit input and output
 * address space (TCR.T0SZ 16, IPS 48), stage 1 or stage 2, on a coherent
 * SMMU, invalidating the gathered range in one command
 */
static const struct pt_iommu_armv8_cfg kbench_armv8_cfg = {
	.common.hw_max_vasz_lg2 = 48,
	.common.hw_max_oasz_lg2 = 48,
	.common.features = BIT(PT_FEAT_FLUSH_RANGE),
};

static const struct pt_iommu_armv8_cfg kbench_armv8_s2_cfg = {
	.common.hw_max_vasz_lg2 = 48,
	.common.hw_max_oasz_lg2 = 48,
	.common.features = BIT(PT_FEAT_FLUSH_RANGE) | BIT(PT_FEAT_ARMV8_S2),
};

static struct iommu_domain *
kbench_armv8_init(const struct pt_iommu_armv8_cfg *cfg)
{
	struct kbench_pt *bpt = kbench_pt_alloc(&kbench_armv8_ops);

	if (!bpt)
		return ERR_PTR(-ENOMEM);
	return kbench_pt_init_done(bpt, pt_iommu_armv8_init(&bpt->armv8, cfg,
							    GFP_KERNEL));
}

static struct iommu_domain *kbench_armv8_alloc(void)
{
	return kbench_armv8_init(&kbench_armv8_cfg);
}

static struct iommu_domain *kbench_armv8_split_alloc(void)
{
	return kbench_pt_split(kbench_armv8_alloc(), &kbench_armv8_split_ops);
}

static struct iommu_domain *kbench_armv8_s2_alloc(void)
{
	return kbench_armv8_init(&kbench_armv8_s2_cfg);
}

static struct iommu_domain *kbench_armv8_s2_split_alloc(void)
{
	return kbench_pt_split(kbench_armv8_s2_alloc(),
			       &kbench_armv8_split_ops);
}

static struct iommu_domain *kbench_armv8_64k_alloc(void)
{
	struct kbench_pt *bpt = kbench_pt_alloc(&kbench_armv8_64k_ops);

	if (!bpt)
		return ERR_PTR(-ENOMEM);
	return kbench_pt_init_done(bpt,
				   pt_iommu_armv8_64k_init(&bpt->armv8,
							   &kbench_armv8_cfg,
							   GFP_KERNEL));
}

static struct iommu_domain *kbench_armv8_64k_split_alloc(void)
{
	return kbench_pt_split(kbench_armv8_64k_alloc(),
			       &kbench_armv8_64k_split_ops);
}
#endif

#if IS_ENABLED(CONFIG_IOMMU_PT_ARMV7S)
static const struct iommu_domain_ops kbench_armv7s_ops = {
	IOMMU_PT_DOMAIN_OPS(armv7s),
	.iotlb_sync = kbench_pt_iotlb_sync,
};

static struct iommu_domain_ops kbench_armv7s_split_ops;

/*
 * As arm-smmu would set up an ARMv7s context bank or mtk_iommu its M4U: a
 * 32-bit input and output address space, coherent, invalidating the
 * gathered range in one command
 */
static const struct pt_iommu_armv7s_cfg kbench_armv7s_cfg = {
	.common.hw_max_vasz_lg2 = 32,
	.common.hw_max_oasz_lg2 = 32,
	.common.features = BIT(PT_FEAT_FLUSH_RANGE),
};

static struct iommu_domain *kbench_armv7s_alloc(void)
{
	struct kbench_pt *bpt = kbench_pt_alloc(&kbench_armv7s_ops);

	if (!bpt)
		return ERR_PTR(-ENOMEM);
	return kbench_pt_init_done(bpt,
				   pt_iommu_armv7s_init(&bpt->armv7s,
							&kbench_armv7s_cfg,
							GFP_KERNEL));
}

static struct iommu_domain *kbench_armv7s_split_alloc(void)
{
	return kbench_pt_split(kbench_armv7s_alloc(),
			       &kbench_armv7s_split_ops);
}
#endif

/* --- The 6.12 side, while the kernel carries it --- */

#if IS_ENABLED(CONFIG_IOMMU_PT_KUNIT_BENCH_AMD)
#include "kunit_bench_amd.h"
#else
#define KBENCH_AMDV1_OLD {}
#define KBENCH_AMDV2_OLD {}
#endif

#if IS_ENABLED(CONFIG_IOMMU_PT_KUNIT_BENCH_INTEL)
#include "kunit_vtd_old.h"

/* 6.12's VT-d domain as the new side's: 4 levels, 48 bits, 2M and 1G */
static struct iommu_domain *kbench_vtd_old_alloc(bool first_level,
						 bool incoherent)
{
	struct kunit_vtd_old_cfg cfg = {
		.levels = 4,
		.gaw = 48,
		.first_level = first_level,
		.superpage = 2,
		.incoherent = incoherent,
	};

	return kunit_vtd_old_alloc(&cfg) ?: ERR_PTR(-ENOMEM);
}

static struct iommu_domain *kbench_vtdss_old_alloc(void)
{
	return kbench_vtd_old_alloc(false, false);
}

static struct iommu_domain *kbench_vtdss_incoherent_old_alloc(void)
{
	return kbench_vtd_old_alloc(false, true);
}

static struct iommu_domain *kbench_vtdfl_old_alloc(void)
{
	return kbench_vtd_old_alloc(true, false);
}

static struct iommu_domain *kbench_vtdfl_incoherent_old_alloc(void)
{
	return kbench_vtd_old_alloc(true, true);
}

#define KBENCH_VTDSS_OLD { kbench_vtdss_old_alloc, iommu_domain_free }
#define KBENCH_VTDSS_INCOHERENT_OLD \
	{ kbench_vtdss_incoherent_old_alloc, iommu_domain_free }
#define KBENCH_VTDFL_OLD { kbench_vtdfl_old_alloc, iommu_domain_free }
#define KBENCH_VTDFL_INCOHERENT_OLD \
	{ kbench_vtdfl_incoherent_old_alloc, iommu_domain_free }
#else
#define KBENCH_VTDSS_OLD {}
#define KBENCH_VTDSS_INCOHERENT_OLD {}
#define KBENCH_VTDFL_OLD {}
#define KBENCH_VTDFL_INCOHERENT_OLD {}
#endif

#if IS_ENABLED(CONFIG_IOMMU_PT_KUNIT_BENCH_ARM) || \
	IS_ENABLED(CONFIG_IOMMU_PT_KUNIT_BENCH_ARMV7S)
#include "kunit_bench_arm.h"
#else
#define KBENCH_ARM_S1_OLD {}
#define KBENCH_ARM_S2_OLD {}
#define KBENCH_ARM_64K_S1_OLD {}
#define KBENCH_ARMV7S_OLD {}
#endif

static const struct kbench_fmt kbench_fmts[] = {
#if IS_ENABLED(CONFIG_IOMMU_PT_AMDV1)
	{
		.name = "amdv1",
		.new = { kbench_amdv1_alloc, kbench_pt_free },
		.split = { kbench_amdv1_split_alloc, kbench_pt_free },
		.old = KBENCH_AMDV1_OLD,
	},
#endif
#if IS_ENABLED(CONFIG_IOMMU_PT_X86_64)
	{
		.name = "x86_64",
		.new = { kbench_x86_64_alloc, kbench_pt_free },
		.split = { kbench_x86_64_split_alloc, kbench_pt_free },
		.old = KBENCH_AMDV2_OLD,
	},
	{
		.name = "x86_64_vtd",
		.new = { kbench_x86_64_vtd_alloc, kbench_pt_free },
		.split = { kbench_x86_64_vtd_split_alloc, kbench_pt_free },
		.old = KBENCH_VTDFL_OLD,
	},
#endif
#if IS_ENABLED(CONFIG_IOMMU_PT_X86_64_INCOHERENT)
	{
		.name = "x86_64_vtd_incoherent",
		.new = { kbench_x86_64_vtd_incoherent_alloc, kbench_pt_free },
		.split = { kbench_x86_64_vtd_incoherent_split_alloc,
			   kbench_pt_free },
		.old = KBENCH_VTDFL_INCOHERENT_OLD,
	},
#endif
#if IS_ENABLED(CONFIG_IOMMU_PT_VTDSS)
	{
		.name = "vtdss",
		.new = { kbench_vtdss_alloc, kbench_pt_free },
		.split = { kbench_vtdss_split_alloc, kbench_pt_free },
		.old = KBENCH_VTDSS_OLD,
	},
	{
		.name = "vtdss_incoherent",
		.new = { kbench_vtdss_incoherent_alloc, kbench_pt_free },
		.split = { kbench_vtdss_incoherent_split_alloc, kbench_pt_free },
		.old = KBENCH_VTDSS_INCOHERENT_OLD,
	},
#endif
#if IS_ENABLED(CONFIG_IOMMU_PT_ARMV8)
	{
		.name = "armv8_s1",
		.new = { kbench_armv8_alloc, kbench_pt_free },
		.split = { kbench_armv8_split_alloc, kbench_pt_free },
		.old = KBENCH_ARM_S1_OLD,
	},
	{
		.name = "armv8_s2",
		.new = { kbench_armv8_s2_alloc, kbench_pt_free },
		.split = { kbench_armv8_s2_split_alloc, kbench_pt_free },
		.old = KBENCH_ARM_S2_OLD,
	},
	{
		.name = "armv8_64k_s1",
		.granule_lg2 = 16,
		.new = { kbench_armv8_64k_alloc, kbench_pt_free },
		.split = { kbench_armv8_64k_split_alloc, kbench_pt_free },
		.old = KBENCH_ARM_64K_S1_OLD,
	},
#endif
#if IS_ENABLED(CONFIG_IOMMU_PT_ARMV7S)
	{
		.name = "armv7s",
		.word_lg2 = 2,
		.level_bits = 8,
		/* Its section; a supersection is 16 items */
		.resize_lg2 = BIT_ULL(20),
		.new = { kbench_armv7s_alloc, kbench_pt_free },
		.split = { kbench_armv7s_split_alloc, kbench_pt_free },
		.old = KBENCH_ARMV7S_OLD,
	},
#endif
};

static void kbench_fmt_desc(const struct kbench_fmt *fmt, char *desc)
{
	strscpy(desc, fmt->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(kbench, kbench_fmts, kbench_fmt_desc);

/* --- Measuring --- */

/* Log2 of a leaf PTE word's reach in most formats: 4 KiB */
#define KBENCH_GRANULE_LG2 12

/**
 * struct kbench_row - one line of the table
 * @pgsize_lg2: the size of each entry
 * @count: the number of entries one map and one unmap cover
 * @granule_lg2: the format's granule, its smallest page
 * @word_lg2: log2 of the bytes of a PTE word
 * @level_bits: the index bits of a table level: an item of the level above
 *   a leaf of 2^@granule_lg2 covers 2^(@granule_lg2 + @level_bits). For
 *   armv7s that is its level 0 (256 items); its level 1 is wider, but no
 *   armv7s page is large enough for that to matter.
 */
struct kbench_row {
	unsigned int pgsize_lg2;
	unsigned int count;
	unsigned int granule_lg2;
	unsigned int word_lg2;
	unsigned int level_bits;
};

enum { KBENCH_MAP, KBENCH_UNMAP, KBENCH_NUM_OPS };

static const char *const kbench_op_names[KBENCH_NUM_OPS] = { "map", "unmap" };

/**
 * struct kbench_stat - timings of one op, the discarded first one excluded
 * @sum: total ns
 * @min: least ns
 * @num: timings taken
 */
struct kbench_stat {
	u64 sum;
	u64 min;
	unsigned int num;
};

static void kbench_add(struct kbench_stat *stat, u64 ns)
{
	stat->min = stat->num ? min(stat->min, ns) : ns;
	stat->sum += ns;
	stat->num++;
}

static u64 kbench_avg(const struct kbench_stat *stat)
{
	return stat->num ? div_u64(stat->sum, stat->num) : 0;
}

static u64 kbench_row_len(const struct kbench_row *row)
{
	return (u64)row->count << row->pgsize_lg2;
}

/*
 * The PTE words the op writes: one per entry, or as many as an entry of
 * this size replicates at the level whose items are the largest that fit
 */
static unsigned int kbench_row_words(const struct kbench_row *row)
{
	unsigned int item_lg2 = row->pgsize_lg2 - row->granule_lg2;

	item_lg2 = row->granule_lg2 + rounddown(item_lg2, row->level_bits);
	return row->count << (row->pgsize_lg2 - item_lg2);
}

/*
 * Map and unmap the row on a fresh domain of @side, iterations + 1 times.
 * The row's range starts at its own length, so it is aligned for the one
 * entry rows and never starts at 0.
 */
static int kbench_side_run(struct kunit *test, const struct kbench_side *side,
			   const struct kbench_row *row,
			   struct kbench_stat *stats)
{
	u64 len = kbench_row_len(row);
	unsigned long iova = len;
	phys_addr_t pa = len;
	struct iommu_domain *domain;
	unsigned int i;
	int ret = 0;

	domain = side->alloc();
	if (IS_ERR(domain))
		return PTR_ERR(domain);
	if (row->count != 1)
		domain->pgsize_bitmap = BIT_ULL(row->pgsize_lg2);

	for (i = 0; i <= iterations; i++) {
		u64 start, map_ns, unmap_ns;
		size_t unmapped;

		start = ktime_get_ns();
		ret = iommu_map(domain, iova, pa, len,
				IOMMU_READ | IOMMU_WRITE, GFP_KERNEL);
		map_ns = ktime_get_ns() - start;
		if (ret) {
			KUNIT_FAIL(test, "map: %d", ret);
			break;
		}
		if (iommu_iova_to_phys(domain, iova) != pa ||
		    iommu_iova_to_phys(domain, iova + len - 1) != pa + len - 1) {
			KUNIT_FAIL(test, "map: wrong translation");
			ret = -EINVAL;
			break;
		}

		start = ktime_get_ns();
		unmapped = iommu_unmap(domain, iova, len);
		unmap_ns = ktime_get_ns() - start;
		if (unmapped != len || iommu_iova_to_phys(domain, iova)) {
			KUNIT_FAIL(test, "unmap: %zx of %llx, left mapped: %d",
				   unmapped, len,
				   !!iommu_iova_to_phys(domain, iova));
			ret = -EINVAL;
			break;
		}
		if (i) {
			kbench_add(&stats[KBENCH_MAP], map_ns);
			kbench_add(&stats[KBENCH_UNMAP], unmap_ns);
		}
	}
	side->free(domain);
	return ret;
}

/* Store @words u32 PTE words of @table, or clear them; returns the ns */
static __always_inline u64 kbench_floor_store32(u32 *table, unsigned int words,
						bool set)
{
	u64 start = ktime_get_ns();
	unsigned int w;

	for (w = 0; w != words; w++)
		WRITE_ONCE(table[w], set ? w << 12 | 0x2 : 0);
	return ktime_get_ns() - start;
}

/* The same with u64 PTE words */
static __always_inline u64 kbench_floor_store64(u64 *table, unsigned int words,
						bool set)
{
	u64 start = ktime_get_ns();
	unsigned int w;

	for (w = 0; w != words; w++)
		WRITE_ONCE(table[w], set ? (u64)w << 12 | 0x67 : 0);
	return ktime_get_ns() - start;
}

/* The word size is chosen before the clock starts */
static __always_inline u64 kbench_floor_store(void *table,
					      unsigned int word_lg2,
					      unsigned int words, bool set)
{
	if (word_lg2 == 2)
		return kbench_floor_store32(table, words, set);
	return kbench_floor_store64(table, words, set);
}

/*
 * The floor: store the row's PTE words into table memory (and then
 * clear them, for unmap), timed like the ops
 */
static int kbench_floor_run(struct kunit *test, const struct kbench_row *row,
			    struct kbench_stat *stats)
{
	unsigned int words = kbench_row_words(row);
	unsigned int i;
	void *table;

	/* Every row's words fit one table page */
	KUNIT_ASSERT_LE(test, words, PAGE_SIZE >> row->word_lg2);
	table = iommu_alloc_page(GFP_KERNEL);
	if (!table)
		return -ENOMEM;
	for (i = 0; i <= iterations; i++) {
		u64 map_ns, unmap_ns;

		map_ns = kbench_floor_store(table, row->word_lg2, words, true);
		unmap_ns = kbench_floor_store(table, row->word_lg2, words,
					      false);
		if (i) {
			kbench_add(&stats[KBENCH_MAP], map_ns);
			kbench_add(&stats[KBENCH_UNMAP], unmap_ns);
		}
	}
	iommu_free_page(table);
	return 0;
}

static const char *kbench_size_name(unsigned int lg2, char *buf, size_t len)
{
	static const char units[] = "KMGTPE";
	unsigned int unit = (lg2 - 10) / 10;

	snprintf(buf, len, "%llu%c", 1ULL << (lg2 - 10 - unit * 10),
		 units[unit]);
	return buf;
}

/* Avg of @new against avg of @old, in percent; negative is faster */
static long long kbench_diff_pct(u64 new, u64 old)
{
	return old ? div64_s64(((s64)new - (s64)old) * 100, old) : 0;
}

/* The sides of a row, as kbench_run_row() fills its stats */
enum { KBENCH_NEW, KBENCH_SPLIT, KBENCH_OLD, KBENCH_FLOOR, KBENCH_NUM_SIDES };

static void kbench_report(struct kunit *test, const struct kbench_fmt *fmt,
			  const struct kbench_row *row,
			  const struct kbench_stat (*stats)[KBENCH_NUM_OPS],
			  bool have_old)
{
	char size[8], old[64];
	unsigned int op;

	kbench_size_name(row->pgsize_lg2, size, sizeof(size));
	for (op = 0; op != KBENCH_NUM_OPS; op++) {
		const struct kbench_stat *new_stat = &stats[KBENCH_NEW][op];
		const struct kbench_stat *split_stat = &stats[KBENCH_SPLIT][op];
		const struct kbench_stat *old_stat = &stats[KBENCH_OLD][op];
		const struct kbench_stat *floor_stat = &stats[KBENCH_FLOOR][op];

		if (have_old)
			snprintf(old, sizeof(old), "%llu/%llu diff %+lld%%",
				 kbench_avg(old_stat), old_stat->min,
				 kbench_diff_pct(kbench_avg(new_stat),
						 kbench_avg(old_stat)));
		else
			strscpy(old, "-/- diff -", sizeof(old));
		kunit_info(test,
			   "kbench %s %s %ux%s words %u: new %llu/%llu split %llu/%llu old %s floor %llu/%llu\n",
			   fmt->name, kbench_op_names[op], row->count, size,
			   kbench_row_words(row), kbench_avg(new_stat),
			   new_stat->min, kbench_avg(split_stat),
			   split_stat->min, old, kbench_avg(floor_stat),
			   floor_stat->min);
	}
}

static void kbench_run_row(struct kunit *test, const struct kbench_fmt *fmt,
			   const struct kbench_row *row)
{
	struct kbench_stat stats[KBENCH_NUM_SIDES][KBENCH_NUM_OPS] = {};
	bool have_old = fmt->old.alloc;

	/* The range [len, 2 * len) must fit an IOVA (32-bit kernels) */
	if (ilog2(kbench_row_len(row)) + 1 > BITS_PER_LONG)
		return;
	if (kbench_side_run(test, &fmt->new, row, stats[KBENCH_NEW]))
		return;
	if (kbench_side_run(test, &fmt->split, row, stats[KBENCH_SPLIT]))
		return;
	if (have_old &&
	    kbench_side_run(test, &fmt->old, row, stats[KBENCH_OLD]))
		return;
	if (kbench_floor_run(test, row, stats[KBENCH_FLOOR]))
		return;
	kbench_report(test, fmt, row, stats, have_old);
}

/* The page sizes both sides have */
static u64 kbench_pgsizes(struct kunit *test, const struct kbench_fmt *fmt)
{
	const struct kbench_side *sides[] = { &fmt->new, &fmt->old };
	u64 pgsizes = U64_MAX;
	unsigned int i;

	for (i = 0; i != ARRAY_SIZE(sides); i++) {
		struct iommu_domain *domain;

		if (!sides[i]->alloc)
			continue;
		domain = sides[i]->alloc();
		KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(domain), "alloc: %ld",
				       PTR_ERR(domain));
		pgsizes &= domain->pgsize_bitmap;
		sides[i]->free(domain);
	}
	return pgsizes;
}

static void test_bench(struct kunit *test)
{
	const struct kbench_fmt *fmt = test->param_value;
	static const unsigned int many_lg2[] = { 12, 21, 30 };
	unsigned int granule_lg2 = fmt->granule_lg2 ?: KBENCH_GRANULE_LG2;
	unsigned int word_lg2 = fmt->word_lg2 ?: ilog2(sizeof(u64));
	struct kbench_row tmpl = {
		.granule_lg2 = granule_lg2,
		.word_lg2 = word_lg2,
		.level_bits = fmt->level_bits ?: granule_lg2 - word_lg2,
	};
	u64 pgsizes = kbench_pgsizes(test, fmt);
	unsigned int i;
	u64 sizes;

	if (IS_ENABLED(CONFIG_DEBUG_GENERIC_PT))
		kunit_info(test,
			   "CONFIG_DEBUG_GENERIC_PT is on: numbers are not representative\n");
	kunit_info(test, "kbench %s: %u iterations per row, ns avg/min\n",
		   fmt->name, iterations);

	for (sizes = pgsizes; sizes; sizes &= sizes - 1) {
		struct kbench_row row = tmpl;

		row.pgsize_lg2 = __ffs64(sizes);
		row.count = 1;
		kbench_run_row(test, fmt, &row);
	}
	for (i = 0; i != ARRAY_SIZE(many_lg2); i++) {
		struct kbench_row row = tmpl;

		row.pgsize_lg2 = many_lg2[i];
		row.count = 256;
		if (pgsizes & BIT_ULL(many_lg2[i]))
			kbench_run_row(test, fmt, &row);
	}
}

/*
 * --- VFIO type1's unmap of a DMA mapping: 6.12's two walks against the
 * batch unmap ---
 *
 * 6.12's vfio_unmap_unpin() finds each physically contiguous run with
 * iommu_iova_to_phys() page by page, unmaps it with iommu_unmap_fast(),
 * and every VFIO_IOMMU_TLB_SYNC_MAX runs syncs the IOTLB and unpins them;
 * with a Generic Page Table the series' VFIO unmaps batches of ranges
 * with pt_iommu_unmap_batch() and unpins them after each sync. Both are
 * timed here on 1 GiB mapped in 4 KiB and in 2 MiB leaves, none of them
 * physically contiguous with the next (pinned user memory in the worst
 * case), on fresh maps of the same domain, alternating. "Unpinning"
 * counts the pages of each range on both sides; the old side keeps its
 * runs in an array, not in a kzalloc()ed list entry per run as 6.12 does,
 * which favours it.
 */
#define KBENCH_VFIO_LEN ((u64)SZ_1G)
#define KBENCH_VFIO_SYNC_MAX 512	/* VFIO_IOMMU_TLB_SYNC_MAX */
#define KBENCH_VFIO_ITERATIONS 3

/*
 * Map [SZ_1G, 2 * SZ_1G) in leaves of 2^@lg2, each leaf's OA apart, all
 * of them below 4 GiB (armv7s has a 32-bit OAS)
 */
static int kbench_vfio_map(struct iommu_domain *domain, unsigned int lg2)
{
	u64 num = KBENCH_VFIO_LEN >> lg2, i;
	int ret;

	for (i = 0; i != num; i++) {
		ret = iommu_map(domain, SZ_1G + (i << lg2),
				SZ_2G + (2 * i << lg2), BIT_ULL(lg2),
				IOMMU_READ | IOMMU_WRITE, GFP_KERNEL);
		if (ret)
			return ret;
	}
	return 0;
}

/* What VFIO does with a run after the sync: here, count its pages */
static u64 kbench_vfio_unpin(const struct pt_unmap_batch_range *ranges,
			     unsigned int num)
{
	u64 pages = 0;
	unsigned int i;

	for (i = 0; i != num; i++)
		if (ranges[i].phys)
			pages += ranges[i].len >> PAGE_SHIFT;
	return pages;
}

/* 6.12's vfio_unmap_unpin() loop on one domain; returns the pages */
static u64 kbench_vfio_two_walks(struct iommu_domain *domain,
				 struct pt_unmap_batch_range *runs,
				 unsigned int *num_runs)
{
	dma_addr_t iova = SZ_1G, end = SZ_1G + KBENCH_VFIO_LEN;
	struct iommu_iotlb_gather gather;
	unsigned int cnt = 0;
	u64 pages = 0;

	iommu_iotlb_gather_init(&gather);
	while (iova < end) {
		phys_addr_t phys = iommu_iova_to_phys(domain, iova);
		size_t len, unmapped;

		if (!phys) {
			iova += PAGE_SIZE;
			continue;
		}
		for (len = PAGE_SIZE; iova + len < end; len += PAGE_SIZE)
			if (iommu_iova_to_phys(domain, iova + len) != phys + len)
				break;
		unmapped = iommu_unmap_fast(domain, iova, len, &gather);
		if (!unmapped)
			break;
		runs[cnt++] = (struct pt_unmap_batch_range){
			.iova = iova, .phys = phys, .len = unmapped };
		(*num_runs)++;
		iova += unmapped;
		if (cnt == KBENCH_VFIO_SYNC_MAX) {
			iommu_iotlb_sync(domain, &gather);
			pages += kbench_vfio_unpin(runs, cnt);
			cnt = 0;
		}
	}
	if (cnt) {
		iommu_iotlb_sync(domain, &gather);
		pages += kbench_vfio_unpin(runs, cnt);
	}
	return pages;
}

/* The series' vfio_unmap_unpin_batch(); returns the pages */
static u64 kbench_vfio_batch(struct iommu_domain *domain,
			     struct pt_unmap_batch_range *ranges,
			     unsigned int *num_runs)
{
	struct pt_iommu *iommu_table = pt_iommu_from_domain(domain);
	struct iommu_iotlb_gather gather;
	struct pt_unmap_batch batch;
	u64 pages = 0;
	int ret;

	pt_unmap_batch_init(&batch, ranges, KBENCH_VFIO_SYNC_MAX, SZ_1G,
			    KBENCH_VFIO_LEN);
	do {
		iommu_iotlb_gather_init(&gather);
		ret = pt_iommu_unmap_batch(iommu_table, &batch, &gather);
		iommu_iotlb_sync(domain, &gather);
		pages += kbench_vfio_unpin(ranges, batch.num_ranges);
		*num_runs += batch.num_ranges;
		batch.num_ranges = 0;
	} while (ret == -ENOSPC);
	return ret ? 0 : pages;
}

static void kbench_vfio_row(struct kunit *test, const struct kbench_fmt *fmt,
			    struct pt_unmap_batch_range *ranges,
			    unsigned int lg2)
{
	struct kbench_stat stats[2] = {};
	unsigned int i, side, runs[2] = {};
	struct iommu_domain *domain;
	char size[8];
	u64 avg[2];

	domain = fmt->new.alloc();
	KUNIT_ASSERT_FALSE(test, IS_ERR(domain));
	if (!(domain->pgsize_bitmap & BIT_ULL(lg2)))
		goto out;
	domain->pgsize_bitmap = BIT_ULL(lg2);
	for (i = 0; i != 2 * KBENCH_VFIO_ITERATIONS; i++) {
		u64 start, ns, pages;

		side = i % 2;
		if (kbench_vfio_map(domain, lg2)) {
			KUNIT_FAIL(test, "map of 1G in 2^%u failed", lg2);
			goto out;
		}
		runs[side] = 0;
		start = ktime_get_ns();
		if (side)
			pages = kbench_vfio_batch(domain, ranges, &runs[side]);
		else
			pages = kbench_vfio_two_walks(domain, ranges,
						      &runs[side]);
		ns = ktime_get_ns() - start;
		/* Both did all of it, in as many runs, and left nothing */
		if (pages != KBENCH_VFIO_LEN >> PAGE_SHIFT ||
		    runs[side] != KBENCH_VFIO_LEN >> lg2 ||
		    iommu_iova_to_phys(domain, SZ_1G) ||
		    iommu_iova_to_phys(domain, SZ_2G - 1)) {
			KUNIT_FAIL(test, "%s side: %llu pages in %u runs",
				   side ? "batch" : "two-walk", pages,
				   runs[side]);
			goto out;
		}
		kbench_add(&stats[side], ns);
	}
	avg[0] = kbench_avg(&stats[0]);
	avg[1] = kbench_avg(&stats[1]);
	kunit_info(test,
		   "kbench-vfio %s unmap 1Gx%s runs %u: batch %llu/%llu two-walk %llu/%llu ratio x%llu.%02llu\n",
		   fmt->name, kbench_size_name(lg2, size, sizeof(size)),
		   runs[1], avg[1], stats[1].min, avg[0], stats[0].min,
		   avg[1] ? div64_u64(avg[0], avg[1]) : 0,
		   avg[1] ? div64_u64(avg[0] % avg[1] * 100, avg[1]) : 0);
	KUNIT_EXPECT_LT(test, avg[1], avg[0]);
out:
	fmt->new.free(domain);
}

static void test_bench_vfio_unmap(struct kunit *test)
{
	const struct kbench_fmt *fmt = test->param_value;
	struct pt_unmap_batch_range *ranges;

	/* The 1 GiB at 1 GiB must fit an IOVA (32-bit kernels) */
	if (BITS_PER_LONG == 32)
		kunit_skip(test, "needs a 64-bit IOVA");
	ranges = kunit_kcalloc(test, KBENCH_VFIO_SYNC_MAX, sizeof(*ranges),
			       GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ranges);
	kbench_vfio_row(test, fmt, ranges, 12);
	kbench_vfio_row(test, fmt, ranges, 21);
}

/*
 * --- Cut and reassemble: their cost per level, against what a 6.12
 * caller does to the same end ---
 *
 * One leaf of 2 MiB (an item of level 1) or of 1 GiB (level 2) is cut
 * 4 KiB past its start, which builds a table on every level below it,
 * then reassembled into the one leaf. 6.12 has neither: a caller that
 * needs the boundary unmaps the leaf and maps its two sides, and to merge
 * them again unmaps both and maps the leaf (neither hitless: DMA through
 * the range faults meanwhile). That runs on the old side's domain, or on
 * the split side where the kernel no longer carries the old code. Each
 * op is timed with its IOTLB sync, which frees the tables reassemble
 * replaced.
 */
#define KBENCH_RESIZE_ITERATIONS 100
#define KBENCH_PROT (IOMMU_READ | IOMMU_WRITE)

enum { KBENCH_CUT, KBENCH_REASSEMBLE, KBENCH_NUM_RESIZE_OPS };

/* [2^lg2, 2^(lg2 + 1)) translates to itself, around the cut too */
static bool kbench_leaf_ok(struct iommu_domain *domain, unsigned int lg2)
{
	u64 va = BIT_ULL(lg2);

	return iommu_iova_to_phys(domain, va) == va &&
	       iommu_iova_to_phys(domain, va + SZ_4K - 1) == va + SZ_4K - 1 &&
	       iommu_iova_to_phys(domain, va + SZ_4K) == va + SZ_4K &&
	       iommu_iova_to_phys(domain, 2 * va - 1) == 2 * va - 1;
}

static int kbench_resize_new(struct iommu_domain *domain, unsigned int lg2,
			     u64 *ns)
{
	struct pt_iommu *iommu_table = pt_iommu_from_domain(domain);
	struct iommu_iotlb_gather gather;
	u64 va = BIT_ULL(lg2), start;
	int ret;

	iommu_iotlb_gather_init(&gather);
	start = ktime_get_ns();
	ret = pt_iommu_cut(iommu_table, va + SZ_4K, &gather, GFP_KERNEL);
	iommu_iotlb_sync(domain, &gather);
	ns[KBENCH_CUT] = ktime_get_ns() - start;
	if (ret)
		return ret;
	if (!kbench_leaf_ok(domain, lg2))
		return -EINVAL;

	iommu_iotlb_gather_init(&gather);
	start = ktime_get_ns();
	ret = pt_iommu_reassemble(iommu_table, va, BIT_ULL(lg2), &gather);
	iommu_iotlb_sync(domain, &gather);
	ns[KBENCH_REASSEMBLE] = ktime_get_ns() - start;
	if (ret)
		return ret;
	return kbench_leaf_ok(domain, lg2) ? 0 : -EINVAL;
}

static int kbench_resize_old(struct iommu_domain *domain, unsigned int lg2,
			     u64 *ns)
{
	u64 va = BIT_ULL(lg2), len = BIT_ULL(lg2), start;
	size_t unmapped;
	int ret;

	start = ktime_get_ns();
	unmapped = iommu_unmap(domain, va, len);
	ret = iommu_map(domain, va, va, SZ_4K, KBENCH_PROT, GFP_KERNEL) ?:
	      iommu_map(domain, va + SZ_4K, va + SZ_4K, len - SZ_4K,
			KBENCH_PROT, GFP_KERNEL);
	ns[KBENCH_CUT] = ktime_get_ns() - start;
	if (unmapped != len || ret || !kbench_leaf_ok(domain, lg2))
		return ret ?: -EINVAL;

	start = ktime_get_ns();
	unmapped = iommu_unmap(domain, va, len);
	ret = iommu_map(domain, va, va, len, KBENCH_PROT, GFP_KERNEL);
	ns[KBENCH_REASSEMBLE] = ktime_get_ns() - start;
	if (unmapped != len || ret || !kbench_leaf_ok(domain, lg2))
		return ret ?: -EINVAL;
	return 0;
}

/*
 * After the timed rounds, which end reassembled: the leaf is one leaf
 * again (a cut inside it gathers exactly it), and after the cut an unmap
 * of either side removes exactly that side
 */
static int kbench_resize_check(struct iommu_domain *domain, unsigned int lg2)
{
	struct pt_iommu *iommu_table = pt_iommu_from_domain(domain);
	struct iommu_iotlb_gather gather;
	u64 va = BIT_ULL(lg2), len = BIT_ULL(lg2);
	int ret;

	iommu_iotlb_gather_init(&gather);
	ret = pt_iommu_cut(iommu_table, va + SZ_4K, &gather, GFP_KERNEL);
	if (!ret && (gather.start != va || gather.end != va + len - 1))
		ret = -EINVAL;
	iommu_iotlb_sync(domain, &gather);
	if (ret || iommu_unmap(domain, va, SZ_4K) != SZ_4K ||
	    iommu_unmap(domain, va + SZ_4K, len - SZ_4K) != len - SZ_4K)
		return ret ?: -EINVAL;
	return 0;
}

/* Time one side's rounds on a fresh domain holding the leaf */
static int kbench_resize_side(const struct kbench_side *side, bool new,
			      unsigned int lg2,
			      struct kbench_stat stats[KBENCH_NUM_RESIZE_OPS])
{
	struct iommu_domain *domain = side->alloc();
	u64 ns[KBENCH_NUM_RESIZE_OPS];
	unsigned int i, op;
	int ret;

	if (IS_ERR(domain))
		return PTR_ERR(domain);
	ret = iommu_map(domain, BIT_ULL(lg2), BIT_ULL(lg2), BIT_ULL(lg2),
			KBENCH_PROT, GFP_KERNEL);
	/* The first round allocates the tables and is not counted */
	for (i = 0; !ret && i <= KBENCH_RESIZE_ITERATIONS; i++) {
		ret = new ? kbench_resize_new(domain, lg2, ns) :
			    kbench_resize_old(domain, lg2, ns);
		for (op = 0; !ret && i && op != KBENCH_NUM_RESIZE_OPS; op++)
			kbench_add(&stats[op], ns[op]);
	}
	if (!ret && new)
		ret = kbench_resize_check(domain, lg2);
	side->free(domain);
	return ret;
}

static void test_bench_resize(struct kunit *test)
{
	static const char *const names[] = { "cut", "reassemble" };
	const struct kbench_fmt *fmt = test->param_value;
	u64 resize_lg2 = fmt->resize_lg2 ?: BIT_ULL(21) | BIT_ULL(30);
	const struct kbench_side *old = fmt->old.alloc ? &fmt->old :
							  &fmt->split;
	u64 pgsizes = kbench_pgsizes(test, fmt);
	unsigned int op;
	char size[8];
	int ret;

	for (; resize_lg2; resize_lg2 &= resize_lg2 - 1) {
		struct kbench_stat stats[2][KBENCH_NUM_RESIZE_OPS] = {};
		unsigned int lg2 = __ffs64(resize_lg2);

		/* The leaf at its own size must fit an IOVA */
		if (!(pgsizes & BIT_ULL(lg2)) || lg2 + 1 >= BITS_PER_LONG)
			continue;
		ret = kbench_resize_side(&fmt->new, true, lg2, stats[0]);
		if (ret == -EOPNOTSUPP)
			kunit_skip(test, "%s cannot resize hitlessly",
				   fmt->name);
		KUNIT_ASSERT_EQ_MSG(test, ret, 0, "new side, 2^%u", lg2);
		ret = kbench_resize_side(old, false, lg2, stats[1]);
		KUNIT_ASSERT_EQ_MSG(test, ret, 0, "old side, 2^%u", lg2);
		for (op = 0; op != KBENCH_NUM_RESIZE_OPS; op++) {
			u64 new_avg = kbench_avg(&stats[0][op]);
			u64 old_avg = kbench_avg(&stats[1][op]);

			kunit_info(test,
				   "kbench-resize %s %s 1x%s: new %llu/%llu unmap+map %llu/%llu ratio x%llu.%02llu\n",
				   fmt->name, names[op],
				   kbench_size_name(lg2, size, sizeof(size)),
				   new_avg, stats[0][op].min, old_avg,
				   stats[1][op].min,
				   new_avg ? div64_u64(old_avg, new_avg) : 0,
				   new_avg ? div64_u64(old_avg % new_avg * 100,
						       new_avg) : 0);
		}
	}
}

static struct kunit_case kbench_test_cases[] = {
	KUNIT_CASE_PARAM_ATTR(test_bench, kbench_gen_params,
			      { .speed = KUNIT_SPEED_SLOW }),
	KUNIT_CASE_PARAM_ATTR(test_bench_vfio_unmap, kbench_gen_params,
			      { .speed = KUNIT_SPEED_SLOW }),
	KUNIT_CASE_PARAM_ATTR(test_bench_resize, kbench_gen_params,
			      { .speed = KUNIT_SPEED_SLOW }),
	{}
};

static struct kunit_suite iommu_pt_bench = {
	.name = "iommu_pt_bench",
	.test_cases = kbench_test_cases,
};

kunit_test_suites(&iommu_pt_bench);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Benchmark of the Generic Page Table IOMMU operations");
MODULE_IMPORT_NS(GENERIC_PT_IOMMU);
