#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The KUnit suites built with Debian's clang (LLVM=1) instead of gcc and
# run on x86_64, in their own build dir (build/kunit-clang): clang warns
# about other things than gcc and generates other code (e.g. for the
# format headers' bit tricks), and distributions build kernels with it.
# Arguments go to kunit.sh (e.g. a filter glob).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$repo/build}
export KUNIT_LLVM=1
export KUNIT_BUILD_DIR=${KUNIT_BUILD_DIR:-$BUILD_DIR/kunit-clang}
exec "$repo/scripts/kunit.sh" "$@"
