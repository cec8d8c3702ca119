#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install the build/test dependencies, but only those that are missing.
# The kernel base (linux-source-6.12) is pinned to the version in
# BASE_VERSION; if that exact version is unavailable we fall back to the
# newest one and warn loudly.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
pin=$(cat "$repo/BASE_VERSION")
src_pkg=linux-source-6.12

pkgs=(build-essential quilt ccache flex bison bc libelf-dev libssl-dev cpio
      xz-utils rsync python3 qemu-system-x86 busybox-static kmod)
# Userspace harness (tools/testing/generic_pt): clang, its libFuzzer and
# ThreadSanitizer runtimes (libclang-rt-14-dev ships libclang_rt.fuzzer and
# libclang_rt.tsan on bookworm), valgrind for callgrind instruction counts.
pkgs+=(clang libclang-rt-14-dev valgrind)
# make bench: the chart of old vs new
pkgs+=(gnuplot-nox)
# make distro-build: the config Debian builds its amd64 kernel with
pkgs+=(linux-config-6.12)
# make check: sparse over the generic page table (scripts/sparse.sh)
pkgs+=(sparse)

sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive

warn() {
	echo "**********************************************************" >&2
	echo "* WARNING: $src_pkg version mismatch" >&2
	printf '* %s\n' "$@" >&2
	echo "* Test results may differ from the pinned base!" >&2
	echo "**********************************************************" >&2
}

installed() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed'
}

missing=()
for p in "${pkgs[@]}"; do
	installed "$p" || missing+=("$p")
done
installed "$src_pkg" || missing+=("$src_pkg")

if [ ${#missing[@]} -gt 0 ]; then
	echo "deps: installing: ${missing[*]}"
	$sudo apt-get update
	for i in "${!missing[@]}"; do
		[ "${missing[$i]}" = "$src_pkg" ] || continue
		# Pin the kernel source if that version is still in the archive.
		if apt-cache madison "$src_pkg" | awk -F'|' '{gsub(/ /,"",$2); print $2}' |
		   grep -qxF "$pin"; then
			missing[$i]="$src_pkg=$pin"
		else
			newest=$(apt-cache policy "$src_pkg" | awk '/Candidate:/ {print $2}')
			warn "pinned version $pin is NOT available," \
			     "installing newest available version $newest instead."
		fi
	done
	$sudo apt-get install -y "${missing[@]}"
fi

# First-stage VT-d in QEMU (scripts/testbed.sh, the intel-fs* variants):
# Debian 12's QEMU 7.2 has no first-stage translation, Debian 13's QEMU
# 10.0 has (intel-iommu x-flts=on). It runs from a trixie root made once
# with debootstrap and kept outside the clone, like the ccache, so CI's
# clean clones reuse it: $GENPT_TRIXIE_ROOT (default ~/.cache/genpt-trixie).
# The stamp is written last, so a half-made root (interrupted, or the
# archive unreachable) is removed and redone on the next run. Without the
# root the first-stage variants fail (they are never skipped); everything
# else still runs on the host's QEMU 7.2, so deps only warns.
trixie_root() {
	local root=${GENPT_TRIXIE_ROOT:-$HOME/.cache/genpt-trixie}
	local stamp=$root/.genpt-trixie-stamp t=$SECONDS
	[ -f "$stamp" ] && return 0
	mkdir -p "$(dirname "$root")"
	# one builder at a time across worktrees and clones
	exec 7>>"$root.lock"
	flock 7
	if [ -f "$stamp" ]; then exec 7>&-; return 0; fi
	if ! installed debootstrap; then
		$sudo apt-get update
		$sudo apt-get install -y debootstrap
	fi
	echo "deps: building the trixie root for QEMU 10.0 in $root (debootstrap, once)"
	$sudo rm -rf "$root"
	if $sudo debootstrap --variant=minbase --include=qemu-system-x86 trixie \
		"$root" http://deb.debian.org/debian > "$root.log" 2>&1 &&
	   $sudo chroot "$root" qemu-system-x86_64 --version > "$root.qemu" 2>&1; then
		$sudo rm -rf "$root/var/cache/apt/archives/"*.deb
		head -n1 "$root.qemu" > "$stamp"
		echo "deps: trixie root ready in $((SECONDS - t)) s: $(cat "$stamp")"
	else
		tail -n 5 "$root.log" >&2
		echo "**********************************************************" >&2
		echo "* WARNING: could not build the trixie root ($root.log):" >&2
		echo "* the first-stage VT-d variants (QEMU 10.0) will fail." >&2
		echo "**********************************************************" >&2
	fi
	exec 7>&-
}
trixie_root

have=$(dpkg-query -W -f='${Version}' "$src_pkg")
if [ "$have" != "$pin" ]; then
	warn "installed: $have" "pinned (BASE_VERSION): $pin"
fi
echo "deps: ok ($src_pkg $have)"
