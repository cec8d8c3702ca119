/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Compile the IOMMU algorithms for one format; see template_common.h for
 * what the including file defines.
 */
#include "template_common.h"
#include "../iommu_pt.h"
