#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The KUnit suites on a debug kernel: KASAN (generic), UBSAN (shift,
# bounds), lockdep (PROVE_LOCKING), DEBUG_ATOMIC_SLEEP, DEBUG_LIST and
# DEBUG_GENERIC_PT. The kernel is the debug testbed kernel
# (scripts/testbed.sh build debug: testbed/kernel.config,
# testbed/kernel-debug.config and the generic_pt .kunitconfig), so one
# build serves this stage and the e2e "debug" variant. It boots in QEMU
# with kunit.enable=1 and no devices, and kunit.py parses its log.
#
# A test can pass while the kernel reports a bug on the side, so the raw
# kernel log is scanned for sanitizer, lockdep and WARN reports; each one
# is printed and counted:
#     kunit-debug: N kernel log reports
# and the exit status is non-zero if N > 0 (check.sh's kunit_result adds
# N to the stage's failures).
#
# Usage: kunit-debug.sh [FILTER_GLOB]   e.g. 'amdv1_*' (kunit.filter_glob)
# Env: BUILD_DIR, TREE_DIR, TB_KDIR_DEBUG (as scripts/testbed.sh),
#      KUNIT_DEBUG_TIMEOUT (seconds for the whole boot, default 1800).
#
# kmemleak is not enabled: its only scans are from debugfs (nothing in
# this boot writes it) or the scan thread's first pass, 60s after boot,
# which a run that finishes first never reaches, so it would cost boot
# time and memory and report nothing.
set -uo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
. "$repo/scripts/kreports.sh"
BUILD_DIR=${BUILD_DIR:-$repo/build}
TREE_DIR=${TREE_DIR:-$BUILD_DIR/linux}
kdir=${TB_KDIR_DEBUG:-${TB_KDIR:-$BUILD_DIR/kernel-x86_64}-debug}
filter=${1:-}
log=$BUILD_DIR/kunit-debug.log

"$repo/scripts/testbed.sh" build debug || exit 1

cmdline="console=ttyS0 kunit.enable=1 kunit_shutdown=poweroff panic=-1"
[ -z "$filter" ] || cmdline+=" kunit.filter_glob=$filter"
echo "kunit-debug: booting ${kdir#$repo/} with: $cmdline"
rc=0
timeout -k 10 "${KUNIT_DEBUG_TIMEOUT:-1800}" \
	qemu-system-x86_64 -machine q35 -accel tcg -m 2G -smp 2 -nodefaults \
	-display none -serial stdio -monitor none -no-reboot \
	-kernel "$kdir/arch/x86/boot/bzImage" -append "$cmdline" \
	< /dev/null 2>&1 | tr -d '\r' > "$log" || rc=$?
[ "$rc" -eq 0 ] || echo "kunit-debug: QEMU exit status $rc (log: $log)"

# <fmt>_iommu_check_test, the IOMMU page table check, skips above: a
# second boot with iommu_pt_check=on runs those suites alone (see
# scripts/kunit.sh for why the others do not run with it)
check_log=$BUILD_DIR/kunit-debug-check.log
check_cmdline="console=ttyS0 kunit.enable=1 kunit_shutdown=poweroff panic=-1"
check_cmdline+=" iommu_pt_check=on kunit.filter_glob=*_iommu_check_test"
echo "kunit-debug: booting again with: $check_cmdline"
crc=0
timeout -k 10 "${KUNIT_DEBUG_TIMEOUT:-1800}" \
	qemu-system-x86_64 -machine q35 -accel tcg -m 2G -smp 2 -nodefaults \
	-display none -serial stdio -monitor none -no-reboot \
	-kernel "$kdir/arch/x86/boot/bzImage" -append "$check_cmdline" \
	< /dev/null 2>&1 | tr -d '\r' > "$check_log" || crc=$?
[ "$crc" -eq 0 ] || { echo "kunit-debug: QEMU exit status $crc (log: $check_log)"; rc=$crc; }

# The summary line check.sh reads ("Testing complete. Ran N tests: ..."):
# each boot's, then their sum, which check.sh takes as the last one
kparse() {
	python3 "$TREE_DIR/tools/testing/kunit/kunit.py" parse "$1"
}
kparse "$log" | tee "$log.parsed" || rc=1
kparse "$check_log" | tee "$check_log.parsed" || rc=1
python3 "$repo/scripts/kunit-sum.py" kunit-debug "$log.parsed" "$check_log.parsed" || rc=1

reports=$(kernel_reports "$log"; kernel_reports "$check_log")
reports=$(sed '/^$/d' <<< "$reports")
n=0
if [ -n "$reports" ]; then
	n=$(wc -l <<< "$reports")
	echo "kunit-debug: reports in $log:"
	sed 's/^/  /' <<< "$reports"
fi
# The checkers must have been on.
for f in 'KernelAddressSanitizer initialized' 'Lock dependency validator'; do
	grep -q "$f" "$log" || { echo "kunit-debug: no '$f' in $log"; n=$((n + 1)); }
done
grep -q 'iommu_pt_check: on' "$check_log" ||
	{ echo "kunit-debug: no 'iommu_pt_check: on' in $check_log"; n=$((n + 1)); }
echo "kunit-debug: $n kernel log reports"
[ "$n" -eq 0 ] || [ "$rc" -ne 0 ] || rc=1
exit "$rc"
