#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The harness's `make check`: runs every test program, shows its output
# and ends with one line "result: N passed, M failed" summing the
# "result:" lines of the programs (a program that prints none, or that
# exits non-zero reporting no failure, counts as one failure).
#
# Env: CHECK_OPS (difftest ops per format, default 1000000), SEED,
#      CHECK_FUZZ_SECONDS (default 20), FORMATS (space separated).
set -uo pipefail

cd "$(dirname "$0")"
ops=${CHECK_OPS:-1000000}
seed=${SEED:-20261122}
fuzz_seconds=${CHECK_FUZZ_SECONDS:-20}
formats=${FORMATS:-amdv1}
logs=out/check
mkdir -p "$logs"
pass=0 fail=0

# tally NAME RC LOG: add the log's last result line to the totals
tally() {
	local name=$1 rc=$2 log=$3 line p f
	line=$(grep -E '^result: [0-9]+ passed, [0-9]+ failed' "$log" | tail -n1)
	if [ -z "$line" ]; then
		echo "check: $name printed no result line"
		fail=$((fail + 1))
		return
	fi
	read -r _ p _ f _ <<< "${line//,/}"
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "check: $name exited with status $rc"
		f=1
	fi
	pass=$((pass + p)) fail=$((fail + f))
}

# Differential test, one process per format, two at a time (2 cores)
echo "=== difftest: $ops ops per format, seed $seed (ASan+UBSan)"
printf '%s\n' $formats | xargs -P 2 -I{} sh -c \
	"./difftest -s $seed -n $ops -f {} > $logs/difftest-{}.log 2>&1; \
	 echo \$? > $logs/difftest-{}.rc"
for f in $formats; do
	cat "$logs/difftest-$f.log"
	tally "difftest $f" "$(cat "$logs/difftest-$f.rc")" \
		"$logs/difftest-$f.log"
done

echo "=== sweep: fail every table allocation in turn (ASan+UBSan)"
./sweep > "$logs/sweep.log" 2>&1; rc=$?
cat "$logs/sweep.log"; tally sweep $rc "$logs/sweep.log"

echo "=== stress: concurrent ops (ThreadSanitizer)"
TSAN_OPTIONS=halt_on_error=1 ./stress -s "$seed" > "$logs/stress.log" 2>&1
rc=$?
cat "$logs/stress.log"; tally stress $rc "$logs/stress.log"

echo "=== fuzz: ${fuzz_seconds}s of libFuzzer from corpus/"
mkdir -p fuzz-out
./fuzz-bin -max_total_time="$fuzz_seconds" -print_final_stats=1 \
	-seed="$((seed % 4294967295))" fuzz-out corpus > "$logs/fuzz.log" 2>&1
rc=$?
grep -E '^(stat::number_of_executed_units|stat::new_units_added|FAIL|==)' \
	"$logs/fuzz.log" || true
if [ $rc -eq 0 ]; then
	echo "fuzz: $(grep -o 'number_of_executed_units: [0-9]*' "$logs/fuzz.log" | grep -o '[0-9]*') inputs run: ok"
	echo "result: 1 passed, 0 failed" >> "$logs/fuzz.log"
else
	tail -n 40 "$logs/fuzz.log"
	echo "result: 0 passed, 1 failed" >> "$logs/fuzz.log"
fi
tally fuzz 0 "$logs/fuzz.log"

echo "result: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
