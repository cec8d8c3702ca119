// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suites for the 2 KiB granule AMD v1 mock used by the iommufd
 * selftest: amdv1_mock_fmt_test and amdv1_mock_iommu_test.
 */
#define AMDV1_MOCK
#define PT_FMT amdv1_mock
#define PT_FMT_H "amdv1.h"
#define PT_SUPPORTED_FEATURES PT_FMT_FEATURES

#include "kunit_template.h"

#define MOCK_KUNIT_CFG(_name, _features, _vasz, _level)                  \
	{                                                                \
		.name = _name,                                           \
		.cfg = { .common = { .features = (_features),            \
				     .hw_max_vasz_lg2 = (_vasz),         \
				     .hw_max_oasz_lg2 = 51 },            \
			 .starting_level = (_level) },                   \
	}

static const struct kunit_pt_cfg kunit_pt_cfgs[] = {
	MOCK_KUNIT_CFG("dynamic_l1_va47",
		       BIT(PT_FEAT_DYNAMIC_TOP) | BIT(PT_FEAT_FLUSH_RANGE),
		       47, 1),
	MOCK_KUNIT_CFG("fixed_l2", 0, 47, 2),
	MOCK_KUNIT_CFG("fixed_l3_va40", BIT(PT_FEAT_FLUSH_RANGE), 40, 3),
};

#include "../kunit_generic_pt.h"
#include "../kunit_iommu.h"

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests of the Generic Page Table AMD v1 mock");
MODULE_IMPORT_NS(GENERIC_PT_IOMMU);
MODULE_IMPORT_NS(IOMMUFD);
