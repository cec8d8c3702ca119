// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suites for the Arm VMSAv8-64 (LPAE) format, 4 KiB granule; see
 * kunit_armv8.h.
 */
#define ARMV8_GRANULE_LG2 12
#define PT_FMT armv8

#include "kunit_armv8.h"
