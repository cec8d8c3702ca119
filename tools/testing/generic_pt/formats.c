// SPDX-License-Identifier: GPL-2.0-only
/*
 * The list of compiled formats. GPT_FORMAT_LIST comes from FORMATS in the
 * Makefile as "X(amdv1) X(amdv1_mock) ...".
 */
#include "gpt.h"

#define X(fmt) extern const struct gpt_fmt pt_iommu_##fmt##_gpt;
GPT_FORMAT_LIST
#undef X

#define X(fmt) &pt_iommu_##fmt##_gpt,
const struct gpt_fmt *const gpt_formats[] = { GPT_FORMAT_LIST NULL };
#undef X
