#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# A long, resumable libFuzzer campaign (`make fuzz-long`), apart from the
# reproducible fuzz step of `make check`. State lives in DIR (default
# build/fuzz of the repo, gitignored) and carries over between sessions:
#
#   DIR/corpus/     the growing corpus (corpus/ of the harness is read too)
#   DIR/crashes/    crash-*, timeout-*, oom-* inputs, one file each
#   DIR/sessions    one line per session: date, seconds, executions, seed
#   DIR/last.log    libFuzzer's output of the last session
#
# libFuzzer runs with -fork=JOBS and -ignore_crashes, so a crash is kept as
# a file and fuzzing goes on. At the end every kept input is replayed and
# the distinct failure signatures (the harness's FAIL message or the
# sanitizer summary, numbers masked) are printed with a count and an
# example file; replay one with ./fuzz-bin FILE.
#
# Env: FUZZ_LONG_SECONDS (default 600), FUZZ_JOBS (default 2),
#      FUZZ_LONG_DIR, FUZZ_SEED (default 0: a new seed each session).
set -uo pipefail

cd "$(dirname "$0")"
seconds=${FUZZ_LONG_SECONDS:-600}
jobs=${FUZZ_JOBS:-2}
dir=${FUZZ_LONG_DIR:-../../../build/fuzz}
seed=${FUZZ_SEED:-0}

mkdir -p "$dir/corpus" "$dir/crashes"
dir=$(cd "$dir" && pwd)
before=$(find "$dir/corpus" -type f | wc -l)
echo "fuzz-long: ${seconds}s, $jobs jobs, corpus $dir/corpus ($before inputs) + corpus/"

./fuzz-bin -fork="$jobs" -ignore_crashes=1 -ignore_ooms=1 \
	-ignore_timeouts=1 -max_total_time="$seconds" -seed="$seed" \
	-artifact_prefix="$dir/crashes/" -print_final_stats=1 \
	"$dir/corpus" corpus > "$dir/last.log" 2>&1
rc=$?
grep -E '^#[0-9]+: ' "$dir/last.log" | tail -n 3

execs=$(grep -oE '^#[0-9]+: ' "$dir/last.log" | tail -n1 | tr -dc 0-9)
execs=${execs:-0}
used_seed=$(grep -oE 'Seed: [0-9]+' "$dir/last.log" | head -n1 | tr -dc 0-9)
echo "$(date -u +%FT%TZ) $seconds $execs ${used_seed:-?}" >> "$dir/sessions"
after=$(find "$dir/corpus" -type f | wc -l)
read -r sessions total_s total_x < <(awk '{ n++; s += $2; x += $3 }
	END { print n + 0, s + 0, x + 0 }' "$dir/sessions")
echo "fuzz-long: this session $execs executions (seed ${used_seed:-?}, exit $rc), corpus $before -> $after inputs"
echo "fuzz-long: all $sessions sessions: $total_x executions in ${total_s}s"

# Replay every kept input and group them by what went wrong
sig() {
	local out
	out=$(timeout 120 ./fuzz-bin "$1" 2>&1)
	{
		grep -m1 -E '^FAIL: ' <<< "$out" ||
		grep -m1 -E '^SUMMARY: [A-Za-z]+Sanitizer' <<< "$out" ||
		grep -m1 -E 'runtime error|ERROR: libFuzzer' <<< "$out" ||
		echo "does not fail with this build"
	} | sed -E 's/0x[0-9a-fA-F]+/X/g; s/[0-9]+/N/g'
}
shopt -s nullglob
crashes=("$dir"/crashes/{crash,timeout,oom,leak}-*)
if [ ${#crashes[@]} -eq 0 ]; then
	echo "fuzz-long: no failures kept in $dir/crashes"
	exit 0
fi
for f in "${crashes[@]}"; do
	printf '%s\t%s\n' "$(sig "$f")" "$f"
done | sort | awk -F '\t' '
	$1 != last { if (n) printf "%6d  %s\n        e.g. %s\n", n, last, ex
		     last = $1; ex = $2; n = 0; d++ }
	{ n++; if ($1 !~ /^does not fail/) bad++ }
	END { printf "%6d  %s\n        e.g. %s\n", n, last, ex
	      printf "fuzz-long: %d kept inputs, %d still fail, %d distinct signatures\n",
		     NR, bad, d
	      exit bad > 0 }'
