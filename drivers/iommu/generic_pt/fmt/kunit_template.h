/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Start of the KUnit suites for one format. The including file then
 * defines kunit_pt_cfgs[], the configurations the suites run over, and
 * includes kunit_generic_pt.h and kunit_iommu.h. See template_common.h for
 * the rest of what it defines.
 */
#include "template_common.h"

/**
 * struct kunit_pt_cfg - one configuration the tests run over
 * @name: shown in the test's parameter description
 * @cfg: passed to pt_iommu_<fmt>_init()
 */
struct kunit_pt_cfg {
	const char *name;
	struct pt_iommu_table_cfg cfg;
};
