#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The series in the configuration Debian ships: Debian's own amd64 config
# (/usr/src/linux-config-6.12/config.amd64_none_amd64.xz, package
# linux-config-6.12: IOMMU_DEFAULT_DMA_LAZY, INIT_STACK_ALL_ZERO, VFIO as a
# module, IOMMUFD off, ...) on the assembled tree, olddefconfig, then every
# object of the directories the series touches (drivers/iommu/ with the
# AMD and Intel drivers and the generic page table, drivers/vfio/, and the
# directory of any other C file a patch changes) built with W=1.
#
# Pass: the config keeps the options the series needs (INTEL_IOMMU,
# AMD_IOMMU, the generic page table formats they select), every object
# builds, and W=1 reports no warning the unpatched base does not report
# for the same file: each file that warns is compiled again in the
# pristine base tree, configured the same way, and only warnings beyond
# the base's count as new (the base has W=1 warnings of its own, e.g.
# -Wformat-overflow in drivers/iommu/intel/dmar.c).
#
# Prints "result: N passed, M failed" (one check per directory
# built, one for the config, one for the warnings).
#
# Env: BUILD_DIR (default $repo/build), TREE_DIR (default
#      $BUILD_DIR/linux), DISTRO_CONFIG (the config, xz or plain),
#      KBUILD_LOCK, CCACHE_DIR.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$repo/build}
TREE_DIR=${TREE_DIR:-$BUILD_DIR/linux}
BASE_DIR=$BUILD_DIR/base
OUT=$BUILD_DIR/distro
OUT_BASE=$BUILD_DIR/distro-base
DISTRO_CONFIG=${DISTRO_CONFIG:-/usr/src/linux-config-6.12/config.amd64_none_amd64.xz}
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$BUILD_DIR}
lock=${KBUILD_LOCK:-/tmp/genpt-kbuild.lock}

pass=0 fail=0
ok() { echo "distro-build: PASS $*"; pass=$((pass + 1)); }
bad() { echo "distro-build: FAIL $*"; fail=$((fail + 1)); }
die() { echo "distro-build: ERROR: $*" >&2; exit 1; }

[ -f "$DISTRO_CONFIG" ] || die "$DISTRO_CONFIG missing (make deps installs linux-config-6.12)"
[ -f "$TREE_DIR/Makefile" ] || die "$TREE_DIR missing (run make tree)"
[ -f "$BASE_DIR/Makefile" ] || die "$BASE_DIR missing (run make tree)"

kmake() {	# SRC OUT ARGS...
	local src=$1 out=$2
	shift 2
	make -C "$src" O="$out" ARCH=x86_64 "CC=ccache gcc" -j2 "$@"
}

# Debian's config with its signing keys and BTF switched off: this build
# links no vmlinux and has neither the keys nor the need for them.
configure() {	# SRC OUT
	local src=$1 out=$2
	mkdir -p "$out"
	case "$DISTRO_CONFIG" in
	*.xz) xz -dc "$DISTRO_CONFIG" > "$out/.config.new" ;;
	*) cp "$DISTRO_CONFIG" "$out/.config.new" ;;
	esac
	"$src/scripts/config" --file "$out/.config.new" \
		--set-str SYSTEM_TRUSTED_KEYS "" \
		--set-str SYSTEM_REVOCATION_KEYS "" \
		--disable MODULE_SIG_ALL --disable DEBUG_INFO_BTF
	# Redo olddefconfig only when the config or the tree's Kconfig changed
	if [ -f "$out/.config" ] && cmp -s "$out/.config.new" "$out/.config.in" &&
	   [ -z "$(find "$src" -name 'Kconfig*' -newer "$out/.config" | head -n1)" ]; then
		return 0
	fi
	cp "$out/.config.new" "$out/.config.in"
	cp "$out/.config.new" "$out/.config"
	kmake "$src" "$out" -s olddefconfig >/dev/null
}

# The directories to build: drivers/iommu/ and drivers/vfio/, plus the
# directory of every other .c file a patch of the series changes.
dirs() {
	{
		echo drivers/iommu
		echo drivers/vfio
		sed -n 's|^+++ b/\(.*\)/[^/]*\.c$|\1|p' "$repo"/patches/*.patch
	} | grep -v '^tools/' | sort -u | awk '
		# drop a directory already inside one that is listed
		{ for (i = 1; i <= n; i++) if (index($0 "/", d[i] "/") == 1) next
		  d[++n] = $0; print }'
}

exec 9>>"$lock"
if ! flock -n 9; then
	echo "distro-build: waiting for another kernel build ($lock)"
	flock 9
fi

t=$SECONDS
configure "$TREE_DIR" "$OUT"
missing=
for opt in INTEL_IOMMU AMD_IOMMU GENERIC_PT IOMMU_PT IOMMU_PT_AMDV1 \
	   IOMMU_PT_X86_64 IOMMU_PT_X86_64_INCOHERENT IOMMU_PT_VTDSS \
	   IOMMU_DEFAULT_DMA_LAZY INIT_STACK_ALL_ZERO; do
	grep -qx "CONFIG_$opt=y" "$OUT/.config" || missing+=" $opt"
done
if [ -z "$missing" ]; then
	ok "config: Debian's amd64 config + the series, olddefconfig"
else
	bad "config: not =y after olddefconfig:$missing"
fi

log=$OUT/build.log
: > "$log"
kmake "$TREE_DIR" "$OUT" -s prepare >> "$log" 2>&1 || { tail -n 20 "$log"; die "make prepare failed"; }
for d in $(dirs); do
	# Every object compiled again (ccache replays a cached compile's
	# warnings), so that the log has every warning of this tree
	[ ! -d "$OUT/$d" ] || find "$OUT/$d" -name '*.o' -delete
	if kmake "$TREE_DIR" "$OUT" W=1 "$d/" >> "$log" 2>&1; then
		ok "built $d/ (W=1)"
	else
		bad "$d/ does not build (see $log)"
		grep -E 'error:' "$log" | head -n 5
	fi
done

# Warnings, per file: "file: message [-Wflag]" without line numbers. Kbuild
# names a source by its path relative to the build dir when it can.
warnings() {	# LOG SRC OUT
	local rel
	rel=$(realpath --relative-to="$3" "$2")
	sed -n -e "s|^$2/\([^:]*\):[0-9]*:[0-9]*: warning: \(.*\)|\1: \2|p" \
	       -e "s|^$rel/\([^:]*\):[0-9]*:[0-9]*: warning: \(.*\)|\1: \2|p" "$1" | sort
}
# ccache replays the warnings of a cached compile, so a rebuild shows them
# again only if the object is rebuilt: force that for the files that warn.
files=$(warnings "$log" "$TREE_DIR" "$OUT" | cut -d: -f1 | sort -u)
new=
if [ -n "$files" ]; then
	configure "$BASE_DIR" "$OUT_BASE"
	kmake "$BASE_DIR" "$OUT_BASE" -s prepare > "$OUT_BASE/build.log" 2>&1 ||
		{ tail -n 20 "$OUT_BASE/build.log"; die "make prepare (base) failed"; }
	for f in $files; do
		o=${f%.c}.o w=warn-${f//\//_}
		rm -f "$OUT/$o" "$OUT_BASE/$o"
		kmake "$TREE_DIR" "$OUT" W=1 "$o" > "$OUT/$w" 2>&1 || true
		if [ ! -f "$BASE_DIR/$f" ]; then
			new+="$(warnings "$OUT/$w" "$TREE_DIR" "$OUT")"$'\n'
			continue
		fi
		kmake "$BASE_DIR" "$OUT_BASE" W=1 "$o" > "$OUT_BASE/$w" 2>&1 || true
		new+="$(comm -23 <(warnings "$OUT/$w" "$TREE_DIR" "$OUT") \
				<(warnings "$OUT_BASE/$w" "$BASE_DIR" "$OUT_BASE"))"$'\n'
	done
fi
new=$(echo "$new" | grep . || true)
if [ -z "$new" ]; then
	ok "W=1: no warning beyond the base's ($(echo "$files" | grep -c . || true) files warn in both)"
else
	bad "W=1: new warnings:"
	echo "$new" | sed 's/^/  /'
fi
exec 9>&-

echo "distro-build: took $(((SECONDS - t) / 60))m$(((SECONDS - t) % 60))s"
echo "result: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
