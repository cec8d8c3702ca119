/* SPDX-License-Identifier: GPL-2.0-only */
/* The mock is the AMD v1 layout; see amdv1.h (AMDV1_MOCK is defined). */
#include "amdv1.h"
