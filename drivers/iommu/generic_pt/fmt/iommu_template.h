/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Compile the IOMMU algorithms for one format. The including file defines:
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
#include "../iommu_pt.h"
