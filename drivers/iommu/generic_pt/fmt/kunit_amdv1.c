// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suites for the AMD v1 format: amdv1_fmt_test, amdv1_iommu_test
 * and, while the kernel carries the 6.12 AMD io_pgtable, amdv1_cmp_test.
 */
#define PT_FMT amdv1
#define PT_FMT_H "amdv1.h"
#define PT_SUPPORTED_FEATURES PT_FMT_FEATURES

#include "kunit_template.h"

#define AMDV1_KUNIT_CFG(_name, _features, _vasz, _level)                 \
	{                                                                \
		.name = _name,                                           \
		.cfg = { .common = { .features = (_features),            \
				     .hw_max_vasz_lg2 = (_vasz),         \
				     .hw_max_oasz_lg2 = 52 },            \
			 .starting_level = (_level) },                   \
	}

#define AMDV1_DYN (BIT(PT_FEAT_DYNAMIC_TOP) | BIT(PT_FEAT_FLUSH_RANGE))

static const struct kunit_pt_cfg kunit_pt_cfgs[] = {
	/* What the AMD driver uses */
	AMDV1_KUNIT_CFG("dynamic_l2_va64_fc",
			AMDV1_DYN | BIT(PT_FEAT_AMDV1_FORCE_COHERENCE), 64, 2),
	AMDV1_KUNIT_CFG("dynamic_l0_va48_nogaps",
			AMDV1_DYN | BIT(PT_FEAT_FLUSH_RANGE_NO_GAPS), 48, 0),
	AMDV1_KUNIT_CFG("dynamic_l2_va64_sme",
			AMDV1_DYN | BIT(PT_FEAT_AMDV1_ENCRYPT_TABLES), 64, 2),
	/* Fixed tops */
	AMDV1_KUNIT_CFG("fixed_l0", 0, 64, 0),
	AMDV1_KUNIT_CFG("fixed_l1", 0, 64, 1),
	AMDV1_KUNIT_CFG("fixed_l3", BIT(PT_FEAT_FLUSH_RANGE), 64, 3),
	AMDV1_KUNIT_CFG("fixed_l5", 0, 64, 5),
};

#include "../kunit_generic_pt.h"
#include "../kunit_iommu.h"

#if IS_ENABLED(CONFIG_IOMMU_PT_KUNIT_CMP_AMD)
#include "kunit_amdv1_cmp.h"
#endif

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests of the Generic Page Table AMD v1 format");
MODULE_IMPORT_NS(GENERIC_PT_IOMMU);
MODULE_IMPORT_NS(IOMMUFD);
