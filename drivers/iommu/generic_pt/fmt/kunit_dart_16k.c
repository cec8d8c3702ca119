// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suites for the Apple DART format, 16 KiB granule; see
 * kunit_dart.h.
 */
#define DART_GRANULE_LG2 14
#define PT_FMT dart_16k

#include "kunit_dart.h"
