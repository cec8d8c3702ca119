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

/*
 * Names of this format's exported functions and structs:
 * pt_iommu_<fmt>_<name>. Each is made in one paste, so that a name which
 * is itself an alias macro (the mock's structs alias amdv1's) expands only
 * as a whole.
 */
#define __NS(fmt, name) pt_iommu_##fmt##_##name
#define _NS(fmt, name) __NS(fmt, name)
#define NS(name) _NS(PT_FMT, name)
#define __PT_IOMMU_TABLE(fmt) pt_iommu_##fmt
#define _PT_IOMMU_TABLE(fmt) __PT_IOMMU_TABLE(fmt)
#define pt_iommu_table _PT_IOMMU_TABLE(PT_FMT)
#define pt_iommu_table_cfg NS(cfg)
#define pt_iommu_table_hw_info NS(hw_info)

#include PT_FMT_H
#include "../pt_iter.h"
