/* SPDX-License-Identifier: GPL-2.0-only */
/* The Arm VMSAv8-64 format, 64 KiB granule: see armv8.h */
#include "armv8.h"
