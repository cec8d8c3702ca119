// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suites for the Apple DART format, 4 KiB granule; see kunit_dart.h.
 */
#define DART_GRANULE_LG2 12
#define PT_FMT dart

#include "kunit_dart.h"
