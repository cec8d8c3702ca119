#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The KUnit suites built with Debian's clang (LLVM=1) instead of gcc and
# run on x86_64, in their own build dir (build/kunit-clang): clang warns
# about other things than gcc and generates other code (e.g. for the
# format headers' bit tricks), and distributions build kernels with it.
# This kernel is also the one without CONFIG_DEBUG_GENERIC_PT, as a
# distribution's: PT_WARN_ON() and the debug counters compile to nothing
# and only the features production builds select are in, so code that
# works only with the debug option shows here (cut once linked its new
# table inside a PT_WARN_ON()). The other stages keep the option.
# Arguments go to kunit.sh (e.g. a filter glob).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$repo/build}
export KUNIT_LLVM=1
export KUNIT_BUILD_DIR=${KUNIT_BUILD_DIR:-$BUILD_DIR/kunit-clang}
exec "$repo/scripts/kunit.sh" --kconfig_add CONFIG_DEBUG_GENERIC_PT=n "$@"
