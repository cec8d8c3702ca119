#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Assemble the kernel tree: Debian's linux-source-6.12 + our overlay files
# + the quilt series in patches/.
#
#   build/base/          pristine unpacked tarball (unpacked once)
#   $TREE_DIR            the tree we build in (default build/linux)
#   $TREE_DIR.manifest   every path the last sync wrote
#   $TREE_DIR.stage/     scratch copy of just those paths
#
# A re-sync only rewrites files whose content changed, so their mtimes
# (and thus incremental kernel builds) are left alone. Paths from the old
# manifest are always re-derived from base, so nothing stale survives.
#
# Env: BUILD_DIR (default $repo/build), TREE_DIR (default $BUILD_DIR/linux),
#      SERIES_STOP=<patch> apply patches only up to, not including, <patch>.
#      KBUILD_LOCK (default /tmp/genpt-kbuild.lock; shared with kunit.sh).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$repo/build}
TREE_DIR=${TREE_DIR:-$BUILD_DIR/linux}
SERIES_STOP=${SERIES_STOP:-}
tarball=/usr/src/linux-source-6.12.tar.xz
base=$BUILD_DIR/base
stage=$TREE_DIR.stage
manifest=$TREE_DIR.manifest
tmp=$TREE_DIR.tmp		# scratch dir for file lists

die() { echo "tree: ERROR: $*" >&2; exit 1; }

# One kernel build (or tree sync) at a time on this machine: 2 cores, and
# the shared build dirs must not be written by two runs at once.
lock=${KBUILD_LOCK:-/tmp/genpt-kbuild.lock}
exec 9>>"$lock"
if ! flock -n 9; then
	echo "tree: waiting for another build/sync to finish ($lock)" >&2
	flock 9
fi

[ -f "$tarball" ] || die "$tarball missing (run scripts/deps.sh)"
mkdir -p "$BUILD_DIR"

# 1. Unpack the tarball once; redo it only if the tarball changed.
stamp="$(stat -c '%Y %s' "$tarball") $(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null || true)"
if [ "$(cat "$base.stamp" 2>/dev/null)" != "$stamp" ]; then
	echo "tree: unpacking $tarball into $base"
	rm -rf "$base" "$base.new" "$base.stamp"
	mkdir -p "$base.new"
	tar -C "$base.new" --strip-components=1 -I 'xz -T0' -xf "$tarball"
	mv "$base.new" "$base"
	echo "$stamp" > "$base.stamp"
fi

# 2. (Re)create the tree from base if new, if base changed, or if the
# manifest is missing (then we can't know what an old sync left behind).
if [ ! -d "$TREE_DIR" ] || [ ! -f "$manifest" ] ||
   ! cmp -s "$base.stamp" "$TREE_DIR.base-stamp"; then
	echo "tree: creating $TREE_DIR from base"
	rm -rf "$TREE_DIR" "$TREE_DIR.new" "$manifest"
	# base's contents: a symlinked base must not become the tree
	mkdir -p "$TREE_DIR.new"
	cp -a "$base/." "$TREE_DIR.new/"
	mv "$TREE_DIR.new" "$TREE_DIR"
	: > "$manifest"
	cp "$base.stamp" "$TREE_DIR.base-stamp"
fi

rm -rf "$tmp" "$stage"
mkdir -p "$tmp" "$stage"

# 3. Overlay: tracked + untracked-not-ignored repo files under kernel
# top-level dirs. Our own scripts/ is project tooling, never overlaid
# (change the kernel's scripts/ via patches/ instead).
(cd "$repo" && { git ls-files; git ls-files -o --exclude-standard; }) |
while IFS= read -r f; do
	top=${f%%/*}
	if [ "$top" != "$f" ] && [ "$top" != scripts ] && [ -d "$base/$top" ] &&
	   { [ -f "$repo/$f" ] || [ -L "$repo/$f" ]; }; then
		echo "$f"
	fi
done | sort -u > "$tmp/overlay"

# 4. The patches to apply, in series order (stop before SERIES_STOP).
: > "$tmp/patches"
if [ -f "$repo/patches/series" ]; then
	stopped=
	while read -r p _; do
		case "$p" in ''|'#'*) continue ;; esac
		if [ "$p" = "$SERIES_STOP" ]; then stopped=1; break; fi
		[ -f "$repo/patches/$p" ] || die "patches/$p listed in series but missing"
		echo "$p" >> "$tmp/patches"
	done < "$repo/patches/series"
	[ -z "$SERIES_STOP" ] || [ -n "$stopped" ] ||
		die "SERIES_STOP=$SERIES_STOP is not in patches/series"
fi

# Paths a patch touches (both sides of each diff header).
patch_paths() {
	awk '/^diff --git / { sub(/^a\//, "", $3); sub(/^b\//, "", $4); print $3; print $4; next }
	     /^(---|\+\+\+) / { sub(/\t.*/, ""); p = $2
			      if (p != "/dev/null") { sub(/^[^\/]*\//, "", p); print p } }' "$1"
}
while read -r p; do patch_paths "$repo/patches/$p"; done < "$tmp/patches" |
	sort -u > "$tmp/patched"

# 5. Stage = base copy of (old manifest + overlay + patched paths),
# then overlay on top, then the patches.
sort -u "$manifest" "$tmp/overlay" "$tmp/patched" > "$tmp/union"
# Record the superset first, so an interrupted sync can't lose track.
cp "$tmp/union" "$manifest.new" && mv "$manifest.new" "$manifest"

while IFS= read -r f; do
	if [ -e "$base/$f" ] || [ -L "$base/$f" ]; then echo "$f"; fi
done < "$tmp/union" > "$tmp/inbase"
rsync -a --files-from="$tmp/inbase" "$base/" "$stage/"
rsync -a --files-from="$tmp/overlay" "$repo/" "$stage/"

while read -r p; do
	if ! patch -p1 -f --fuzz=0 --no-backup-if-mismatch --reject-file=- \
	     -s -d "$stage" -i "$repo/patches/$p" < /dev/null; then
		die "patches/$p does not apply cleanly (fuzz is not allowed)"
	fi
done < "$tmp/patches"

# 6. Sync stage -> tree, touching only files whose content changed.
updated=0 removed=0
while IFS= read -r f; do
	s=$stage/$f t=$TREE_DIR/$f
	if [ -L "$s" ]; then
		if [ "$(readlink "$s")" != "$(readlink "$t" || true)" ]; then
			mkdir -p "$(dirname "$t")"
			cp -P --remove-destination "$s" "$t"
			updated=$((updated + 1))
		fi
	elif [ -f "$s" ]; then
		if [ -L "$t" ] || [ ! -f "$t" ] || ! cmp -s "$s" "$t"; then
			mkdir -p "$(dirname "$t")"
			cp --remove-destination "$s" "$t"	# new mtime
			updated=$((updated + 1))
		fi
		chmod --reference="$s" "$t"
	elif [ -e "$t" ] || [ -L "$t" ]; then
		rm -f "$t"
		removed=$((removed + 1))
		# Drop directories that only the overlay created.
		d=$(dirname "$f")
		while [ "$d" != . ] && [ ! -d "$base/$d" ] &&
		      rmdir "$TREE_DIR/$d" 2>/dev/null; do
			d=$(dirname "$d")
		done
	fi
done < "$tmp/union"

# 7. The new manifest: what this sync made differ from base.
sort -u "$tmp/overlay" "$tmp/patched" > "$manifest.new"
mv "$manifest.new" "$manifest"
npatches=$(wc -l < "$tmp/patches")
rm -rf "$tmp" "$stage"

echo "tree: $TREE_DIR: $updated files updated, $removed removed" \
     "($npatches patches applied${SERIES_STOP:+, stopped before $SERIES_STOP})"
