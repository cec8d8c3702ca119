#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: the KUnit benchmark iommu_pt_bench (fmt/kunit_bench.c) on
# the reference profile, which still carries the 6.12 io-pgtable code it
# compares with, booted twice under QEMU TCG:
#   tcg     plain TCG: wall-clock time, noisy
#   icount  -icount shift=0,sleep=off: guest time advances one ns per
#           executed instruction, so the numbers repeat run to run
# then bench/report.md (the tables) and bench/chart.png, chart-tcg.png
# (old vs new per row) via scripts/bench-report.py.
#
# The kernel (bench/kunitconfig: no debug options) is built in
# build/kunit-bench, apart from the test builds; ccache keeps rebuilds
# cheap. Env: BENCH_OUT (default $repo/bench), BENCH_ITERATIONS (default:
# the suite's own), BUILD_DIR.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$repo/build}
out=${BENCH_OUT:-$repo/bench}
export BUILD_DIR
export KUNIT_BUILD_DIR=$BUILD_DIR/kunit-bench
export KUNITCONFIG=$repo/bench/kunitconfig

kargs=()
[ -z "${BENCH_ITERATIONS:-}" ] ||
	kargs=(--kernel_args "kunit_bench.iterations=$BENCH_ITERATIONS")

mkdir -p "$out"
for mode in tcg icount; do
	qemu_args='-accel tcg'
	[ "$mode" = tcg ] || qemu_args+=' -icount shift=0,sleep=off'
	echo "bench: $mode run (QEMU $qemu_args)"
	start=$(date +%s)
	# kunit.py fails the run if a check of the suite fails.
	"$repo/scripts/kunit-ref.sh" iommu_pt_bench "${kargs[@]}" \
		--qemu_args="$qemu_args" >"$out/$mode.kunit.log" 2>&1 ||
		{ tail -40 "$out/$mode.kunit.log"; echo "bench: $mode run failed" >&2; exit 1; }
	grep -E 'Testing complete|kbench .*: new' "$out/$mode.kunit.log" |
		tail -1
	# The raw console, which has every kbench line
	cp "$KUNIT_BUILD_DIR/test.log" "$out/$mode.log"
	echo "bench: $mode run took $(( $(date +%s) - start ))s"
done

python3 "$repo/scripts/bench-report.py" --out "$out" \
	--tcg "$out/tcg.log" --icount "$out/icount.log"
