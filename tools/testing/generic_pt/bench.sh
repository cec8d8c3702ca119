#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Print the map/unmap cost table: instructions per op counted by callgrind
# (only the map_pages()/unmap_pages() calls are collected, see bench.c)
# and nanoseconds per op from clock_gettime() in a native run.
# Usage: bench.sh [BENCH_BINARY]   (run from tools/testing/generic_pt)
set -euo pipefail

bench=${1:-./bench-bin}
dir=out/callgrind
rm -rf "$dir"
mkdir -p "$dir"
valgrind --tool=callgrind --collect-atstart=no \
	--callgrind-out-file="$dir/cg.%p" "$bench" -c -r 64 \
	> "$dir/valgrind.log" 2>&1 || { cat "$dir/valgrind.log"; exit 1; }
# Each dump: "desc: Trigger: Client Request: map:<fmt>:<lg2>:<n>:<reps>"
# and "summary: <Ir>" (or "totals:"). Instructions per op = Ir / reps.
for f in "$dir"/cg.*; do
	awk '/^desc: Trigger: Client Request: / { name = $5 }
	     /^(summary|totals): / { ir = $2 }
	     END { if (name != "") { split(name, p, ":");
		   printf "%s:%s:%s:%s %.1f\n", p[1], p[2], p[3], p[4],
			  ir / p[5] } }' "$f"
done > "$dir/ir.txt"
"$bench" -i "$dir/ir.txt"
