#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The harness's `make check`: runs every test program, shows its output
# and ends with one line "result: N passed, M failed" summing the
# "result:" lines of the programs (a program that prints none, or that
# exits non-zero reporting no failure, counts as one failure).
#
# Env: CHECK_OPS (difftest ops per format, default 1000000), SEED,
#      CHECK_FUZZ_RUNS (libFuzzer runs, corpus replay included; default
#      6000, about 15 s), FORMATS (space separated), CHECK_SCALE
#      ("FORMAT:N ...": FORMAT runs 1/N of the difftest ops and of the
#      stress ops and rounds).
set -uo pipefail

cd "$(dirname "$0")"
ops=${CHECK_OPS:-1000000}
seed=${SEED:-20261122}
fuzz_runs=${CHECK_FUZZ_RUNS:-6000}
formats=${FORMATS:-amdv1}
scale=${CHECK_SCALE:-}
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

# ops_of FORMAT: CHECK_OPS, divided as CHECK_SCALE says
ops_of() {
	local s
	for s in $scale; do
		if [ "${s%%:*}" = "$1" ]; then
			echo $((ops / ${s#*:}))
			return
		fi
	done
	echo "$ops"
}

# Differential test, one process per format, two at a time (2 cores)
echo "=== difftest: $ops ops per format${scale:+ (scaled: $scale)}, seed $seed (ASan+UBSan)"
for f in $formats; do echo "$f $(ops_of "$f")"; done | xargs -P 2 -n 2 sh -c \
	"./difftest -s $seed -n \$2 -f \$1 > $logs/difftest-\$1.log 2>&1; \
	 echo \$? > $logs/difftest-\$1.rc" _
for f in $formats; do
	cat "$logs/difftest-$f.log"
	tally "difftest $f" "$(cat "$logs/difftest-$f.rc")" \
		"$logs/difftest-$f.log"
done

echo "=== sweep: fail every table allocation in turn (ASan+UBSan)"
./sweep > "$logs/sweep.log" 2>&1; rc=$?
cat "$logs/sweep.log"; tally sweep $rc "$logs/sweep.log"

echo "=== stress: concurrent ops (ThreadSanitizer)"
TSAN_OPTIONS=halt_on_error=1 ./stress -s "$seed" -S "$scale" \
	> "$logs/stress.log" 2>&1
rc=$?
cat "$logs/stress.log"; tally stress $rc "$logs/stress.log"

echo "=== stress: concurrent ops (ASan+UBSan)"
ASAN_OPTIONS=halt_on_error=1 ./stress-asan -s "$seed" -S "$scale" \
	> "$logs/stress-asan.log" 2>&1
rc=$?
cat "$logs/stress-asan.log"; tally stress-asan $rc "$logs/stress-asan.log"

# The same inputs every run: the committed corpus replayed, then a fixed
# number of mutations from a fixed seed into a throwaway directory. CMP
# tracing stays off: it feeds heap addresses (table pages) back into the
# inputs, which made two runs with one seed diverge.
fuzz_seed=$((seed % 4294967295))
[ "$fuzz_seed" -ne 0 ] || fuzz_seed=1	# -seed=0 means a random seed
echo "=== fuzz: corpus/ ($(ls corpus | wc -l) inputs) replayed + libFuzzer to $fuzz_runs runs, seed $fuzz_seed"
fuzz_tmp=$(mktemp -d "${TMPDIR:-/tmp}/genpt-fuzz.XXXXXX")
./fuzz-bin -runs="$fuzz_runs" -seed="$fuzz_seed" -use_cmp=0 \
	-print_final_stats=1 -artifact_prefix="$logs/" \
	"$fuzz_tmp" corpus > "$logs/fuzz.log" 2>&1
rc=$?
rm -rf "$fuzz_tmp"
grep -E '^(stat::number_of_executed_units|stat::new_units_added|FAIL|==)' \
	"$logs/fuzz.log" || true
if [ $rc -eq 0 ]; then
	# cov/ft of the last line are the same every run: compare them
	echo "fuzz: $(grep -o 'number_of_executed_units: [0-9]*' "$logs/fuzz.log" | grep -o '[0-9]*') inputs run, $(grep -oE 'DONE +cov: [0-9]+ ft: [0-9]+' "$logs/fuzz.log" | sed 's/DONE *//'): ok"
	echo "result: 1 passed, 0 failed" >> "$logs/fuzz.log"
else
	tail -n 40 "$logs/fuzz.log"
	echo "fuzz: failing input kept as $(grep -oE "Test unit written to [^ ]+" "$logs/fuzz.log" | sed 's/.* to //')"
	echo "result: 0 passed, 1 failed" >> "$logs/fuzz.log"
fi
tally fuzz 0 "$logs/fuzz.log"

echo "result: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
