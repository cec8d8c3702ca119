#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Static checks over every object of the generic page table (the library,
# each format, the debugfs dump and the KUnit suites), in the KUnit build
# dirs the kunit and kunit-clang stages leave:
#   gcc W=1    build/kunit-x86_64, every object compiled again
#   clang W=1  build/kunit-clang (LLVM=1), every object compiled again
#   sparse     build/kunit-x86_64, make C=2 (checks whether or not rebuilt)
# One check per file and tool: passed if the tool says nothing about the
# file. Prints "result: N passed, M failed".
#
# Env: BUILD_DIR, TREE_DIR, KBUILD_LOCK, CCACHE_DIR.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$repo/build}
TREE_DIR=${TREE_DIR:-$BUILD_DIR/linux}
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$BUILD_DIR}
lock=${KBUILD_LOCK:-/tmp/genpt-kbuild.lock}
dir=drivers/iommu/generic_pt

command -v sparse >/dev/null || { echo "static-checks: sparse not installed (make deps)" >&2; exit 1; }

pass=0 fail=0
# check NAME KDIR MAKE-ARGS...: run make over $dir/fmt/ in KDIR, judge
# each file it compiled or checked by what the log says about it
check() {
	local name=$1 kdir=$2 log f rel
	shift 2
	log=$kdir.$name.log
	[ -f "$kdir/.config" ] ||
		{ echo "static-checks: FAIL $name: $kdir/.config missing (run its KUnit stage first)"; fail=$((fail + 1)); return; }
	[ "$name" = sparse ] || find "$kdir/$dir" -name '*.o' -delete
	if ! make -C "$TREE_DIR" O="$kdir" ARCH=x86_64 -j2 "$@" "$dir/fmt/" > "$log" 2>&1; then
		tail -n 20 "$log"
		echo "static-checks: FAIL $name: the build failed (log: $log)"
		fail=$((fail + 1))
		return
	fi
	local files
	files=$(sed -n -e "s|^  CC *\($dir/.*\)\.o$|\1.c|p" \
			-e "s|^  CHECK *.*/\($dir/.*\.c\)$|\1|p" "$log" | sort -u)
	[ -n "$files" ] || { echo "static-checks: FAIL $name: no file of $dir was built (log: $log)"; fail=$((fail + 1)); return; }
	for f in $files; do
		rel=$f
		if grep -qE "(^|/)$rel:[0-9]+:[0-9]+: (warning|error)" "$log"; then
			echo "static-checks: FAIL $name $rel"
			grep -E "(^|/)$rel:[0-9]+" "$log" | head -n 10 | sed 's/^/  /'
			fail=$((fail + 1))
		else
			pass=$((pass + 1))
		fi
	done
	echo "static-checks: $name: $(echo "$files" | wc -l) files"
}

exec 9>>"$lock"
flock 9
check gcc-W1 "$BUILD_DIR/kunit-x86_64" "CC=ccache gcc" W=1
check clang-W1 "$BUILD_DIR/kunit-clang" LLVM=1 "CC=ccache clang" W=1
check sparse "$BUILD_DIR/kunit-x86_64" "CC=ccache gcc" C=2
exec 9>&-

echo "result: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
