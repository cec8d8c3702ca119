#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The x86_64 KUnit suites on a debug kernel: KASAN (generic), UBSAN
# (shift, bounds), lockdep (PROVE_LOCKING), DEBUG_ATOMIC_SLEEP, DEBUG_LIST
# and DEBUG_GENERIC_PT, in its own build dir (build/kunit-debug). A test
# can pass while the kernel reports a bug on the side, so after the run
# the raw kernel log (the build dir's test.log) is scanned for sanitizer,
# lockdep and WARN reports; each one is printed and counted:
#     kunit-debug: N kernel log reports
# and the exit status is non-zero if N > 0 (check.sh's kunit_result adds
# N to the stage's failures). All arguments go to scripts/kunit.sh.
#
# kmemleak is not enabled: its only scans are from debugfs (kunit.py has
# no userspace to write it) or the scan thread's first pass, 60s after
# boot, which a run that finishes first never reaches, so it would cost
# boot time and memory and report nothing.
set -uo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$repo/build}
export KUNIT_BUILD_DIR=${KUNIT_BUILD_DIR:-$BUILD_DIR/kunit-debug}

opts=(
	CONFIG_DEBUG_KERNEL=y
	CONFIG_KASAN=y CONFIG_KASAN_GENERIC=y
	CONFIG_UBSAN=y CONFIG_UBSAN_SHIFT=y CONFIG_UBSAN_BOUNDS=y
	CONFIG_PROVE_LOCKING=y CONFIG_DEBUG_ATOMIC_SLEEP=y CONFIG_DEBUG_LIST=y
	CONFIG_DEBUG_GENERIC_PT=y
)
args=()
for o in "${opts[@]}"; do
	args+=(--kconfig_add "$o")
done

testlog=$KUNIT_BUILD_DIR/test.log
rm -f "$testlog"
rc=0
"$repo/scripts/kunit.sh" "${args[@]}" "$@" || rc=$?

# Lines that open a report. "BUG:" covers KASAN, sleeping-in-atomic and
# the rest of the BUG: family; "WARNING:" covers WARN*() and lockdep's
# headers, which the explicit lockdep patterns name as well.
pat='BUG: |UBSAN: |WARNING: |possible circular locking|possible recursive locking|inconsistent lock state|sleeping function called from invalid context|kmemleak: .*(suspected memory leak|unreferenced object)|Kernel panic|general protection fault|Oops: '
n=0
if [ -f "$testlog" ]; then
	reports=$(sed 's/\x1b\[[0-9;]*m//g' "$testlog" | grep -E "$pat" || true)
	if [ -n "$reports" ]; then
		n=$(wc -l <<< "$reports")
		echo "kunit-debug: reports in $testlog:"
		sed 's/^/  /' <<< "$reports"
	fi
else
	echo "kunit-debug: no kernel log $testlog (build or boot failed?)"
	[ "$rc" -ne 0 ] || rc=1
fi
echo "kunit-debug: $n kernel log reports"
[ "$n" -eq 0 ] || [ "$rc" -ne 0 ] || rc=1
exit "$rc"
