/* SPDX-License-Identifier: GPL-2.0-only */
/* The Apple DART format, 16 KiB granule: see dart.h */
#include "dart.h"
