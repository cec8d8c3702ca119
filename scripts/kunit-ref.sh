#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the compare suites (<fmt>_cmp_test) on the reference profile: the
# same overlay with patches/series cut at the line
#     # reference profile stops here
# i.e. before the first patch that converts a driver or removes the 6.12
# io-pgtable code those suites compare against. Every change to the
# generic layer or a format header is so still checked bit for bit against
# the old code, while the shipped profile carries no dead code.
#
# The tree and the KUnit build dir are kept apart from the shipped ones
# (build/linux-ref, build/kunit-ref); ccache makes the second build cheap.
# Extra arguments go to kunit.sh (default filter: '*_cmp_test'). The
# kernel also has CONFIG_INTEL_IOMMU for the VT-d compare suites.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$repo/build}
export BUILD_DIR

# The first patch listed after the marker; none means nothing to cut.
stop=$(sed -n '/^# reference profile stops here/,$p' "$repo/patches/series" |
	grep -v '^#' | grep -m1 . || true)

export TREE_DIR=$BUILD_DIR/linux-ref
export KUNIT_BUILD_DIR=${KUNIT_BUILD_DIR:-$BUILD_DIR/kunit-ref}
export SERIES_STOP=$stop
"$repo/scripts/tree.sh"
[ $# -gt 0 ] || set -- '*_cmp_test'
# The 6.12 Intel VT-d page table code the VT-d compare suites check against
# (vtdss_cmp_test, x86_64_vtd_cmp_test); only this profile still has it to
# compare against, so only this kernel builds the Intel driver.
exec "$repo/scripts/kunit.sh" --kconfig_add CONFIG_PCI_MSI=y \
	--kconfig_add CONFIG_INTEL_IOMMU=y "$@"
