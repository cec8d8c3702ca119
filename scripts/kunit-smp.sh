#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The x86_64 KUnit suites on an SMP kernel with KCSAN, in QEMU with two
# vCPUs, in their own build dir (build/kunit-smp). The plain KUnit kernels
# build with CONFIG_SMP off, so the locked cmpxchg and the cross-CPU
# ordering of the table code never run there; here the stress suites
# (<fmt>_iommu_stress_test) race map, unmap, iova_to_phys, table installs
# and top growth on both vCPUs while KCSAN watches every access.
#
# KCSAN_STRICT: plain writes are not assumed atomic, races are reported
# even when the value did not change, and weak memory modelling looks for
# missing barriers (e.g. a table published before its contents). It also
# turns on the interrupt watcher. KCSAN excludes KASAN, which the
# kunit-debug stage covers.
#
# KCSAN watches one access in about KCSAN_SKIP_WATCH (4000); a race is
# seen only if the other CPU touches the word in that watch's delay. So
# the stress suites boot alone with kcsan.skip_watch=500, which made a
# deliberately racy counter in them show in one run where 4000 did not.
# With KUNIT_SMP_ALL=1 (`make kunit-smp`) the same kernel boots once more
# with every suite at the default (they are single threaded; that boot
# takes 10.5 min, too long for make check). With arguments (kunit.py
# args, e.g. a filter glob) it boots once, with those and
# kcsan.skip_watch=500.
#
# A test can pass while KCSAN reports a race beside it, so after each run
# the raw kernel log (the build dir's test.log) is scanned for KCSAN and
# the other reports scripts/kunit-debug.sh looks for; each one is printed
# and counted:
#     kunit-smp: N kernel log reports
# and the exit status is non-zero if N > 0 or either run failed. The
# summary check.sh's kunit_result reads is the last run's; it adds N to
# the stage's failures.
set -uo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
. "$repo/scripts/kreports.sh"
BUILD_DIR=${BUILD_DIR:-$repo/build}
export KUNIT_BUILD_DIR=${KUNIT_BUILD_DIR:-$BUILD_DIR/kunit-smp}
# kunit.sh's second boot for <fmt>_iommu_check_test is a uniprocessor one;
# those suites have nothing racing, and skip here
export KUNIT_PT_CHECK=0

opts=(
	CONFIG_SMP=y CONFIG_NR_CPUS=4
	CONFIG_DEBUG_KERNEL=y
	CONFIG_KCSAN=y CONFIG_KCSAN_STRICT=y
	CONFIG_DEBUG_GENERIC_PT=y
	# No PS/2 keyboard and mouse: KCSAN reports a race in libps2
	# (ps2_do_sendbyte / ps2_handle_response) now and then during boot,
	# nothing of ours, and any report fails this stage
	CONFIG_KEYBOARD_ATKBD=n CONFIG_MOUSE_PS2=n CONFIG_SERIO_I8042=n
)
args=()
for o in "${opts[@]}"; do
	args+=(--kconfig_add "$o")
done

testlog=$KUNIT_BUILD_DIR/test.log
rc=0 n=0


# run NAME [kunit.py args]: one boot; its log is kept as test-NAME.log
run() {
	local name=$1 log=$KUNIT_BUILD_DIR/test-$1.log reports
	shift
	rm -f "$testlog"
	echo "kunit-smp: run $name: $*"
	"$repo/scripts/kunit.sh" "${args[@]}" --qemu_args '-smp 2' "$@" || rc=1
	if [ ! -f "$testlog" ]; then
		echo "kunit-smp: no kernel log $testlog (build or boot failed?)"
		rc=1
		return
	fi
	mv "$testlog" "$log"
	reports=$(kernel_reports "$log")
	if [ -n "$reports" ]; then
		n=$((n + $(wc -l <<< "$reports")))
		echo "kunit-smp: reports in $log:"
		sed 's/^/  /' <<< "$reports"
	fi
	# The boot must have brought both vCPUs up, or nothing ran in parallel
	if ! grep -q 'smpboot: Total of 2 processors activated' "$log"; then
		echo "kunit-smp: the kernel did not bring up 2 CPUs"
		rc=1
	fi
}

if [ $# -gt 0 ]; then
	run args --kernel_args kcsan.skip_watch=500 "$@"
else
	run stress --kernel_args kcsan.skip_watch=500 '*_stress_test'
	# Every suite on SMP too: 10.5 min more under KCSAN and TCG, so
	# make check leaves it out and `make kunit-smp` sets KUNIT_SMP_ALL=1
	[ "${KUNIT_SMP_ALL:-0}" != 1 ] || run all
fi
echo "kunit-smp: $n kernel log reports"
[ "$n" -eq 0 ] || [ "$rc" -ne 0 ] || rc=1
exit "$rc"
