#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Bisectability of the exported series: every commit of `make export`
# (build/export/git), applied in order to a full copy of the pristine base,
# builds, and builds without a W=1 warning that the base does not have.
#
#   scripts/bisect.sh          the cheap form, a stage of `make check`: at
#                              each commit, the objects of drivers/iommu/
#                              and drivers/vfio/ and of every other C file
#                              the series touches, W=1
#   scripts/bisect.sh --full   `make bisect`: the same, and at each commit
#                              that has the KUnit suites, scripts/kunit.sh
#                              on that commit's tree (x86_64); every suite
#                              that exists there must pass
#
# The config is x86_64_defconfig plus scripts/bisect.config (every option
# of the series, the IOMMU drivers, iommufd and VFIO), olddefconfig at each
# commit: an option whose Kconfig does not exist yet simply stays off. The
# tree is updated commit by commit with only the files that commit
# changes, so make rebuilds what depends on them and nothing else; each
# rebuilt object's warnings are compared with the same file's in the base.
# A commit that adds a format must build that format's object: the stage
# checks it, so an option that silently stayed off cannot pass.
#
# Prints one PASS/FAIL line per commit and "result: N passed, M failed".
#
# Env: BUILD_DIR (default $repo/build), KBUILD_LOCK, CCACHE_DIR.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$repo/build}
BASE_DIR=$BUILD_DIR/base
WORK=$BUILD_DIR/bisect
# A copy of the series' repo: make export may run again meanwhile
SERIES_GIT=$WORK/series.git
SRC=$WORK/src
OUT=$WORK/out
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$BUILD_DIR}
lock=${KBUILD_LOCK:-/tmp/genpt-kbuild.lock}
full=0
[ "${1:-}" != --full ] || full=1

pass=0 fail=0
ok() { echo "bisect: PASS $*"; pass=$((pass + 1)); }
bad() { echo "bisect: FAIL $*"; fail=$((fail + 1)); }
die() { echo "bisect: ERROR: $*" >&2; exit 1; }

[ -f "$BASE_DIR/Makefile" ] || die "$BASE_DIR missing (run make tree)"
mkdir -p "$WORK"
python3 "$repo/scripts/export.py" > "$WORK/export.log" 2>&1 ||
	{ cat "$WORK/export.log"; die "make export failed"; }
rm -rf "$SERIES_GIT"
git clone -q --bare "$BUILD_DIR/export/git" "$SERIES_GIT"
base=$(git -C "$SERIES_GIT" rev-list --max-parents=0 HEAD)

kmake() {
	make -C "$SRC" O="$OUT" ARCH=x86_64 "CC=ccache gcc" -j2 "$@"
}

# "file: message [-Wflag]" per warning, without line numbers
warnings() {	# LOG
	sed -n -e "s|^$SRC/\([^:]*\):[0-9]*:[0-9]*: warning: \(.*\)|\1: \2|p" \
	       -e "s|^\.\./src/\([^:]*\):[0-9]*:[0-9]*: warning: \(.*\)|\1: \2|p" \
	       "$1" | sort -u
}

# The targets: the directories of drivers/iommu/ and drivers/vfio/, and
# the object of every other C file a commit of the series touches
targets() {
	echo drivers/iommu/ drivers/vfio/
	git -C "$SERIES_GIT" log --format= --name-only "$base"..HEAD |
		grep '\.c$' | grep -v -e '^drivers/iommu/' -e '^drivers/vfio/' \
			-e '^tools/' | sort -u |
	while read -r f; do
		[ ! -f "$SRC/$f" ] || echo "${f%.c}.o"
	done
}

# Build the current tree; the warnings of what was rebuilt go to $1
build() {	# WARNINGS_OUT
	local log=$WORK/build.log
	# The fragment again: olddefconfig drops what a commit lacks, and a
	# later commit must get it back (the last assignment wins)
	cat "$repo/scripts/bisect.config" >> "$OUT/.config"
	kmake -s olddefconfig > "$log" 2>&1 &&
	kmake W=1 $(targets) >> "$log" 2>&1
	local rc=$?
	warnings "$log" > "$1"
	return $rc
}

exec 9>>"$lock"
lock() {
	if ! flock -n 9; then
		echo "bisect: waiting for another kernel build ($lock)"
		flock 9
	fi
}
unlock() { flock -u 9; }

lock
t=$SECONDS
# A full copy of the base, made once; the commits' files are written into
# it and taken back out below, so that it ends as the base again
if [ ! -f "$SRC/Makefile" ]; then
	rm -rf "$SRC" "$OUT"
	# The base's contents: a symlinked base (a worktree's) must not
	# become the copy, or the series is written into the shared base
	mkdir -p "$SRC"
	cp -a "$BASE_DIR/." "$SRC/"
fi
[ ! -L "$SRC" ] || die "$SRC is a symlink; remove it (it may be the base)"
# Back to the base for the series' files, in case a run was interrupted
git -C "$SERIES_GIT" log --format= --name-only "$base"..HEAD | sort -u |
while read -r f; do
	if [ -f "$BASE_DIR/$f" ]; then
		cmp -s "$BASE_DIR/$f" "$SRC/$f" || cp "$BASE_DIR/$f" "$SRC/$f"
	else
		rm -f "$SRC/$f"
	fi
done

mkdir -p "$OUT"
if [ ! -f "$OUT/.config.bisect" ] ||
   ! cmp -s "$repo/scripts/bisect.config" "$OUT/.config.bisect"; then
	kmake -s x86_64_defconfig > /dev/null
	"$SRC/scripts/kconfig/merge_config.sh" -m -O "$OUT" "$OUT/.config" \
		"$repo/scripts/bisect.config" > /dev/null
	cp "$repo/scripts/bisect.config" "$OUT/.config.bisect"
fi
# The base: every object built, its warnings are the baseline
find "$OUT" -name '*.o' -path "$OUT/drivers/*" -delete 2>/dev/null || true
build "$WORK/warn-base" || { tail -n 20 "$WORK/build.log"; die "the base does not build"; }
ok "base: builds, $(wc -l < "$WORK/warn-base") W=1 warnings of its own"

prev=$base
for c in $(git -C "$SERIES_GIT" rev-list --reverse "$base"..HEAD); do
	subject=$(git -C "$SERIES_GIT" log -1 --format=%s "$c")
	n=$(git -C "$SERIES_GIT" rev-list --count "$base..$c")
	git -C "$SERIES_GIT" diff --name-status --no-renames "$prev" "$c" |
	while read -r st f; do
		if [ "$st" = D ]; then
			rm -f "$SRC/$f"
		else
			mkdir -p "$(dirname "$SRC/$f")"
			git -C "$SERIES_GIT" show "$c:$f" > "$SRC/$f"
		fi
	done
	prev=$c
	if ! build "$WORK/warn-$n"; then
		bad "$n $subject: does not build"
		grep -E 'error:|Error' "$WORK/build.log" | head -n 5
		continue
	fi
	new=$(comm -23 "$WORK/warn-$n" "$WORK/warn-base")
	missing=
	for h in $(git -C "$SERIES_GIT" show --format= --name-only "$c" |
		   grep '^drivers/iommu/generic_pt/fmt/iommu_.*\.c$'); do
		[ -f "$OUT/${h%.c}.o" ] || missing+=" ${h%.c}.o"
	done
	if [ -n "$new" ]; then
		bad "$n $subject: new W=1 warnings:"
		echo "$new" | sed 's/^/  /'
	elif [ -n "$missing" ]; then
		bad "$n $subject: not built:$missing"
	else
		ok "$n $subject: builds, W=1 clean"
	fi
	if [ "$full" = 1 ] &&
	   [ -f "$SRC/drivers/iommu/generic_pt/.kunitconfig" ]; then
		unlock
		if TREE_DIR=$SRC KUNIT_BUILD_DIR=$WORK/kunit KUNIT_PT_CHECK=0 \
		   "$repo/scripts/kunit.sh" > "$WORK/kunit-$n.log" 2>&1; then
			ok "$n $subject: KUnit $(sed 's/\x1b\[[0-9;]*m//g' "$WORK/kunit-$n.log" |
				grep -o 'Ran [0-9]* tests.*' | tail -n1)"
		else
			bad "$n $subject: KUnit failed (see $WORK/kunit-$n.log)"
		fi
		lock
	fi
done

# Leave the copy as the base again (new mtimes: make must see the change)
git -C "$SERIES_GIT" log --format= --name-only "$base"..HEAD | sort -u |
while read -r f; do
	if [ -f "$BASE_DIR/$f" ]; then
		cp "$BASE_DIR/$f" "$SRC/$f"
	else
		rm -f "$SRC/$f"
	fi
done
exec 9>&-

echo "bisect: took $(((SECONDS - t) / 60))m$(((SECONDS - t) % 60))s"
echo "result: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
