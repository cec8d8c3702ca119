/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared start of every per-format compilation unit. The including file
 * defines:
 *   PT_FMT                - the format's name, e.g. amdv1; exported
 *                           functions are named pt_iommu_<PT_FMT>_<op>
 *   PT_FMT_H              - the format header, e.g. "amdv1.h"
 *   PT_SUPPORTED_FEATURES - the enum pt_features bits its users need
 *   PT_FORCE_ENABLED_FEATURES (optional) - bits that are always on
 *
 * CONFIG_DEBUG_GENERIC_PT compiles in every feature the format has, so the
 * tests cover the whole matrix.
 */
#include <linux/generic_pt/common.h>

#if IS_ENABLED(CONFIG_DEBUG_GENERIC_PT)
#undef PT_SUPPORTED_FEATURES
#define PT_SUPPORTED_FEATURES PT_FMT_FEATURES
#endif

#include PT_FMT_H
#include "../pt_iter.h"

#define __PT_CAT(a, b) a##b
#define PT_CAT(a, b) __PT_CAT(a, b)
#define pt_iommu_table PT_CAT(pt_iommu_, PT_FMT)
#define pt_iommu_table_cfg PT_CAT(pt_iommu_table, _cfg)
#define pt_iommu_table_hw_info PT_CAT(pt_iommu_table, _hw_info)
/* Name of an exported function of this format: pt_iommu_<fmt>_<op> */
#define NS(op) PT_CAT(pt_iommu_table, PT_CAT(_, op))
