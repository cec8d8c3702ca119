#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run every test stage and print the totals. The output ENDS with exactly
# one line:   check: N passed, M failed
# and the exit status is non-zero unless M is 0.
#
# Stage convention: `stage NAME CMD [ARGS...]` runs CMD; its output is
# shown and saved to build/check/NAME.log. CMD must print (anywhere, the
# last one wins) a line
#     result: N passed, M failed
# A stage that prints no such line, or exits non-zero while reporting
# 0 failures, counts as one extra failure. To add a stage, add one
# `stage ...` line at the bottom. Tools with their own summary format get
# a small adapter function (see kunit_result) that prints the result line.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$repo/build}
logdir=$BUILD_DIR/check
mkdir -p "$logdir"

total_pass=0 total_fail=0 summary=()

stage() {
	local name=$1 log=$logdir/$1.log rc=0 line pass fail
	shift
	echo "=== check: stage $name: $*"
	"$@" 2>&1 | tee "$log" || rc=$?
	line=$(grep -E '^result: [0-9]+ passed, [0-9]+ failed' "$log" | tail -n1 || true)
	if [ -n "$line" ]; then
		read -r _ pass _ fail _ <<< "${line//,/}"
	else
		pass=0 fail=1
		echo "check: stage $name printed no result line" >&2
	fi
	if [ "$rc" -ne 0 ] && [ "$fail" -eq 0 ]; then
		fail=1
		echo "check: stage $name exited with status $rc" >&2
	fi
	total_pass=$((total_pass + pass)) total_fail=$((total_fail + fail))
	summary+=("  $name: $pass passed, $fail failed")
}

# Adapter: run a kunit.py wrapper and turn its final line, e.g.
#   [12:34:56] Testing complete. Ran 57 tests: passed: 55, failed: 1, crashed: 1, skipped: 1, errors: 1
# (zero counts are omitted; colour codes are stripped) into a result line.
# crashed and errors count as failed; no tests at all is a failure.
# A wrapper that scans the kernel log (scripts/kunit-debug.sh,
# scripts/kunit-smp.sh) prints
#   kunit-debug: N kernel log reports   (or kunit-smp: ...)
# and those N count as failed too, even when every test passed.
kunit_result() {
	local out rc=0 line pass=0 fail=0 ran=0 kv n reports
	out=$(mktemp)
	"$@" 2>&1 | tee "$out" || rc=$?
	line=$(sed 's/\x1b\[[0-9;]*m//g' "$out" | grep -o 'Testing complete\. Ran [0-9]* tests:.*' | tail -n1 || true)
	reports=$(grep -oE '^kunit-(debug|smp): [0-9]+ kernel log reports' "$out" |
		  tail -n1 | grep -o '[0-9][0-9]*' || true)
	rm -f "$out"
	if [ -z "$line" ]; then
		echo "kunit: no 'Testing complete.' line (build or boot failed?)"
		echo "result: 0 passed, $((1 + ${reports:-0})) failed"
		return 1
	fi
	ran=$(sed 's/.*Ran \([0-9]*\) tests.*/\1/' <<< "$line")
	for kv in $(sed 's/.*tests: *//; s/ //g; s/,/ /g' <<< "$line"); do
		n=${kv#*:}
		case "${kv%%:*}" in
		passed) pass=$n ;;
		failed|crashed|errors) fail=$((fail + n)) ;;
		esac
	done
	[ "$ran" -gt 0 ] || { echo "kunit: no tests ran"; fail=$((fail + 1)); }
	fail=$((fail + ${reports:-0}))
	echo "result: $pass passed, $fail failed"
	return "$rc"
}

# ---- stages (one line each) ----
stage kunit kunit_result "$repo/scripts/kunit.sh"
# The same suites built with clang (LLVM=1)
stage kunit-clang kunit_result "$repo/scripts/kunit-clang.sh"
# gcc W=1, clang W=1 and sparse over our files (the two stages' build dirs)
stage static-checks "$repo/scripts/static-checks.sh"
# 32-bit: 64-bit IOVAs and OAs on a 32-bit unsigned long (no compare suites)
stage kunit-i386 kunit_result "$repo/scripts/kunit.sh" --arch i386
# x86_64 on KASAN, UBSAN, lockdep, ...: any report in the kernel log fails
stage kunit-debug kunit_result "$repo/scripts/kunit-debug.sh"
# x86_64 on SMP with KCSAN, 2 vCPUs: any data-race report fails it
stage kunit-smp kunit_result "$repo/scripts/kunit-smp.sh"
# Compare suites on the series cut before the driver conversions
stage kunit-ref kunit_result "$repo/scripts/kunit-ref.sh"
# Userspace harness: differential (ASan/UBSan), alloc sweep, TSan, fuzz
stage harness make -j2 -C "$BUILD_DIR/linux/tools/testing/generic_pt" check
# QEMU end to end: AMD IOMMU, block DMA and the edu probe (scripts/testbed.sh)
stage e2e "$repo/scripts/testbed.sh" e2e
# Debian's own amd64 config plus the series: W=1, no warning beyond the base's
stage distro-build "$repo/scripts/distro-build.sh"
# Every commit of the exported series builds, W=1 clean (make bisect adds
# the KUnit suites at each commit)
stage bisect "$repo/scripts/bisect.sh"
# The kernel's iommufd selftests in the QEMU guest, on the iommufd mock
# domain (same kernel as e2e): any not ok, skip, missing test or kernel
# report fails it
stage iommufd "$repo/scripts/testbed.sh" iommufd

echo "=== check: summary"
printf '%s\n' "${summary[@]}"
echo "check: $total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
