#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the generic_pt KUnit suite with kunit.py in the assembled tree.
# All arguments go to `kunit.py run` (e.g. a filter glob, --arch i386).
# The build dir build/kunit-ARCH persists, and ccache is used, so
# re-runs are incremental.
#
# Env: BUILD_DIR (default $repo/build), TREE_DIR (default $BUILD_DIR/linux),
#      KUNIT_BUILD_DIR (default $BUILD_DIR/kunit-ARCH),
#      KUNITCONFIG (default drivers/iommu/generic_pt/.kunitconfig, relative
#      to the tree or absolute),
#      KUNIT_LLVM (1: build with clang, LLVM=1; default 0: gcc),
#      CCACHE_DIR (default ~/.cache/ccache), KBUILD_LOCK (see below),
#      KUNIT_PT_CHECK (default 1: the second boot for the check's suites,
#      see the end).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$repo/build}
TREE_DIR=${TREE_DIR:-$BUILD_DIR/linux}
KUNITCONFIG=${KUNITCONFIG:-drivers/iommu/generic_pt/.kunitconfig}

# Default to x86_64 (run under QEMU); honour --arch X / --arch=X.
arch=x86_64 arch_args=(--arch x86_64) prev=
for a in "$@"; do
	case "$a" in --arch=*) arch=${a#--arch=} arch_args=() ;; esac
	if [ "$prev" = --arch ]; then arch=$a arch_args=(); fi
	prev=$a
done

# On x86_64 also build the 6.12 io-pgtable code the compare suites
# (<fmt>_cmp_test) check against; .kunitconfig itself stays portable.
extra_args=()
if [ "$arch" = x86_64 ]; then
	# armv8_cmp_test and armv7s_cmp_test: io-pgtable-arm and
	# io-pgtable-arm-v7s (and its boot selftest) build on x86 with
	# COMPILE_TEST
	for opt in CONFIG_PCI=y CONFIG_ACPI=y CONFIG_AMD_IOMMU=y \
		CONFIG_COMPILE_TEST=y CONFIG_IOMMU_IO_PGTABLE_LPAE=y \
		CONFIG_IOMMU_IO_PGTABLE_ARMV7S=y \
		CONFIG_IOMMU_IO_PGTABLE_ARMV7S_SELFTEST=y; do
		extra_args+=(--kconfig_add "$opt")
	done
	# dart_cmp_test: io-pgtable-dart, likewise
	extra_args+=(--kconfig_add CONFIG_IOMMU_IO_PGTABLE_DART=y)
fi

# kunit.py boots i386 on QEMU's default qemu32 CPU, which has no CLFLUSH:
# <fmt>_iommu_flush_test needs it, as every x86 CPU with an IOMMU has it.
if [ "$arch" = i386 ]; then
	extra_args+=(--qemu_args "-cpu max")
fi

# The x86-only build of the x86_64 format for incoherent walkers, so that
# every x86 KUnit kernel compiles it
case $arch in
x86_64|i386)
	extra_args+=(--kconfig_add CONFIG_IOMMU_PT_X86_64_INCOHERENT=y) ;;
esac

# KUNIT_LLVM=1: build with Debian's clang (LLVM=1) instead of gcc
make_args=(--make_options "CC=ccache gcc")
[ "${KUNIT_LLVM:-0}" = 0 ] ||
	make_args=(--make_options LLVM=1 --make_options "CC=ccache clang")

KUNIT_BUILD_DIR=${KUNIT_BUILD_DIR:-$BUILD_DIR/kunit-$arch}
log=$KUNIT_BUILD_DIR.log

export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
# Paths under the build dir are hashed relative to it, so a fresh clone
# elsewhere (as CI makes) still hits the cache.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$BUILD_DIR}
mkdir -p "$CCACHE_DIR" "$KUNIT_BUILD_DIR"
ccache --max-size=5G >/dev/null

# One kernel build (or tree sync) at a time on this machine: 2 cores, and
# the shared build dirs must not be written by two runs at once.
lock=${KBUILD_LOCK:-/tmp/genpt-kbuild.lock}
exec 9>>"$lock"
if ! flock -n 9; then
	echo "kunit: waiting for another build/sync to finish ($lock)" >&2
	flock 9
fi

cd "$TREE_DIR"
[ -f "$KUNITCONFIG" ] ||
	{ echo "kunit: $TREE_DIR/$KUNITCONFIG missing (run make tree?)" >&2; exit 1; }

# The pipe keeps kunit.py's own exit status thanks to pipefail.
./tools/testing/kunit/kunit.py run "${arch_args[@]}" "${extra_args[@]}" \
	--kunitconfig "$KUNITCONFIG" \
	--build_dir "$KUNIT_BUILD_DIR" \
	--jobs 2 \
	"${make_args[@]}" \
	--timeout 1200 \
	"$@" 2>&1 | tee "$log"

# <fmt>_iommu_check_test, the IOMMU page table check (CONFIG_IOMMU_PT_CHECK),
# runs only on a kernel booted with iommu_pt_check=on, and skipped above.
# The other suites must not run so: they map physical addresses they do
# not own (0, 2M, 1G, ...), and the check reports, as it should, a page
# freed while a leaf maps it. So the same kernel boots a second time with
# the check on and only those suites (kunit.py exec: no build); the last
# line sums both boots for check.sh. KUNIT_PT_CHECK=0 skips the boot.
check_log=$KUNIT_BUILD_DIR-check.log
if [ "${KUNIT_PT_CHECK:-1}" = 1 ] &&
   grep -q '^CONFIG_IOMMU_PT_CHECK=y' "$KUNIT_BUILD_DIR/.config"; then
	qemu_args=()
	[ "$arch" != i386 ] || qemu_args=(--qemu_args "-cpu max")
	rc=0
	# The raw log of the first boot stays test.log, for the callers
	# that scan it; the second boot's is test-check.log
	raw=$KUNIT_BUILD_DIR/test.log
	[ ! -f "$raw" ] || cp "$raw" "$raw.first"
	./tools/testing/kunit/kunit.py exec --arch "$arch" "${qemu_args[@]}" \
		--build_dir "$KUNIT_BUILD_DIR" --timeout 600 \
		--kernel_args iommu_pt_check=on '*_iommu_check_test' 2>&1 |
		tee "$check_log" || rc=$?
	[ ! -f "$raw" ] || mv "$raw" "$KUNIT_BUILD_DIR/test-check.log"
	[ ! -f "$raw.first" ] || mv "$raw.first" "$raw"
	python3 "$repo/scripts/kunit-sum.py" kunit "$log" "$check_log"
	exit "$rc"
fi
