#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# QEMU end-to-end testbed: one x86_64 kernel, a busybox initramfs, and
# qemu-system-x86_64 -machine q35 -accel tcg -device amd-iommu (or
# intel-iommu) with devices whose DMA is translated by the page tables the
# kernel writes.
#
#   testbed.sh build [KERNEL] one kernel (default: build/kernel-x86_64;
#                             debug: build/kernel-x86_64-debug) + its
#                             edu_probe.ko
#   testbed.sh run [VARIANT]  build, boot one variant (default: default),
#                             print a summary and "result: N passed, M failed"
#   testbed.sh e2e            build, run the matrix (default nohugepages
#                             forcedac edu debug vfio vfio-debug and the
#                             intel* variants),
#                             one PASS/FAIL line per variant, then
#                             "result: N passed, M failed"
#   testbed.sh iommufd        build, run the kernel's iommufd selftests in
#                             the guest (variants iommufd, iommufd-debug:
#                             default and debug kernel), print their TAP
#                             totals, every skip, and "result: N passed,
#                             M failed" (the iommufd stage of make check)
#   testbed.sh list           the variants
#
# Variants (each its own QEMU run and timeout):
#   default      virtio-blk + NVMe, O_DIRECT data through both, compared
#                in the guest (sha256) and on the host (cmp of the images)
#   nohugepages  the same with amd_iommu=nohugepages (domains must be 4K-only)
#   forcedac     iommu.forcedac=1 (IOVAs above 4G, near 2^64) with ONE device:
#                QEMU 7.2's AMD IOTLB key ORs the device id into IOVA bits
#                48+, so two devices at high IOVAs alias each other
#   edu          the edu DMA probe (testbed/edu_probe) on an unmanaged
#                domain, backing memory from memmap=2G$0x100000000 (-m 4G),
#                stale-translation checks included
#   debug        default's block DMA, then the edu probe, on the debug
#                kernel: testbed/kernel.config + testbed/kernel-debug.config
#                (KASAN, UBSAN, lockdep, DEBUG_ATOMIC_SLEEP, ...); any
#                sanitizer or lockdep report in the guest's log fails it
#   vfio         testbed/vfio_edu: the edu device bound to vfio-pci, its
#                DMA mapped by a VFIO type1v2 container (/dev/vfio/vfio)
#                from a user program: MAP_DMA of 4K, 64K, read-only,
#                write-only, 2x2M hugetlb (hugepages=8) and 64M of
#                discontiguous 4K pages in 4 mappings; DMA through edu's
#                BAR both ways, UNMAP_DMA (one call over the 4 mappings:
#                vfio_unmap_unpin()'s batch unmap refilled ~30 times), the
#                returned size, DMA to the old IOVAs must not land, VmLck
#                (pinned pages) back to baseline, no page still pinned
#                (fork() copies pinned pages), the domain's generic_pt
#                debugfs dump empty; judged on its PASS/FAIL
#                lines and its "N passed, M failed" summary
#   vfio-debug   the same on the debug kernel (KASAN, UBSAN, lockdep, ...)
#   iommufd      not in the e2e matrix (its own stage, with iommufd-debug,
#                the same on the debug kernel): the static
#                iommufd and iommufd_fail_nth programs built from the
#                tree's tools/testing/selftests/iommu drive the iommufd
#                mock domain (CONFIG_IOMMUFD_TEST) through /dev/iommu;
#                judged on their TAP output (see ksft_verdict)
#
# Intel VT-d variants (-device intel-iommu,intremap=off,...; judged by
# intel_check: format line if any, levels, apertures, PGTT, policy, DMAR
# faults in dmesg). Not the cross product: each property value appears at
# least once. QEMU 7.2 (host) walks only second-stage tables:
#   intel             blk: aw-bits=48 (4 levels), scalable mode, caching-mode
#                     off, superpages on (4K/2M/1G), strict. make run
#                     VARIANT=intel
#   intel-legacy-39   blk + edu probe: aw-bits=39 (3 levels), legacy mode
#                     (x-scalable-mode=off), caching-mode=on (map-time
#                     flushes, iotlb_sync_map), superpages on
#   intel-sm-39-nosp  blk: aw-bits=39, scalable mode with x-pasid-mode=on
#                     and snoop-control=on, caching-mode=on, superpages off
#                     (intel_iommu=sp_off: DMA domains must be 4K only)
#   intel-lazy        blk: aw-bits=48, legacy, caching-mode=off,
#                     iommu.strict=0: DMA-FQ domains, "lazy mode", no
#                     fallback to strict
#   intel-edu         edu probe: aw-bits=48, scalable, caching-mode=off:
#                     every page size offered, far IOVAs up to the last
#                     page of the aperture, read-only, write-only (VT-d:
#                     readable too), DMA after unmap, stale translations
#                     (the page-selective flushes of this mode are what a
#                     short flush would miss)
#   intel-vfio        testbed/vfio_edu (see vfio): aw-bits=48, scalable,
#                     caching-mode=off (as intel-edu: no map-time flush, so
#                     a missing unmap flush leaves a stale IOTLB entry the
#                     DMA-after-unmap checks see), second stage (vtdss)
# QEMU 10.0 (chroot into the trixie root scripts/deps.sh makes) adds
# first-stage translation (x-flts=on, which 6.12 then uses for every
# domain; PGTT 1):
#   intel-fs          blk + edu probe: aw-bits=48, scalable, x-flts=on
#                     (4 levels, fs1gp: 4K/2M/1G), caching-mode=off
#   intel-fs-vfio     testbed/vfio_edu (see vfio) on first-stage tables
#                     (x86_64 format), as intel-fs
#   intel-fs-lazy     blk: the same with fs1gp=off (4K/2M) and
#                     iommu.strict=0 (lazy first stage)
# An edu probe under iommu.strict=0 would test nothing more: unmanaged
# domains never use the flush queue.
#
# Env: BUILD_DIR (default $repo/build), TREE_DIR (default $BUILD_DIR/linux),
#      KBUILD_LOCK (default /tmp/genpt-kbuild.lock), CCACHE_DIR,
#      TB_KDIR (kernel build dir, default $BUILD_DIR/kernel-x86_64),
#      TB_KDIR_DEBUG (the debug kernel's, default $TB_KDIR-debug),
#      TB_MB (MiB per block device, default 64), TB_SEED (data seed),
#      TB_TIMEOUT (seconds per QEMU run, default per variant),
#      TB_DEVS (override a blk variant's devices, for experiments),
#      TB_VTD (override an Intel variant's intel-iommu properties, for
#      experiments), TB_EDU_ARGS (more edu_probe parameters, debug only:
#      shorten_flush=1 must make the stale-translation check FAIL),
#      TB_REQUIRE_GENPT (default 1: fail when the kernel prints no
#      "genpt amdv1|x86_64" format line; 0 reports "6.12 io_pgtable" instead,
#      e.g. for a tree cut before the AMD driver conversion),
#      TB_REQUIRE_GENPT_INTEL (the same for the Intel variants' "DMAR: DMA
#      domains use the genpt vtdss|x86_64 page table" line; default 1;
#      0 reports "6.12 intel pgtable (no genpt line)" instead),
#      GENPT_TRIXIE_ROOT (the trixie root, default
#      ~/.cache/genpt-trixie),
#      TB_KSFT_PROGS (iommufd variant: programs to run, default
#      iommufd,iommufd_fail_nth), TB_KSFT_ARGS (harness options for each,
#      e.g. "-f iommufd_ioas" or "-r iommufd.simple_close"; with options
#      the stage runs a subset and says so), TB_KSFT_SCALE (per-test timeout
#      = 30 s x this, default 4), TB_KSFT_SKIP_OK (ERE of test names whose
#      skip is justified in README.md; default none: any skip fails).
set -euo pipefail

# One-line switch: require the generic page table's format line in dmesg.
TB_REQUIRE_GENPT=${TB_REQUIRE_GENPT:-1}
# The same for the Intel variants ("DMAR: DMA domains use the genpt vtdss|
# x86_64 page table"); 0 reports "6.12 intel pgtable (no genpt line)", e.g.
# for a tree cut before the VT-d driver conversion.
TB_REQUIRE_GENPT_INTEL=${TB_REQUIRE_GENPT_INTEL:-1}

repo=$(cd "$(dirname "$0")/.." && pwd)
. "$repo/scripts/kreports.sh"
BUILD_DIR=${BUILD_DIR:-$repo/build}
TREE_DIR=${TREE_DIR:-$BUILD_DIR/linux}
KDIR=${TB_KDIR:-$BUILD_DIR/kernel-x86_64}
KDIR_DEBUG=${TB_KDIR_DEBUG:-$KDIR-debug}
TB=$BUILD_DIR/testbed
TB_MB=${TB_MB:-64}
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
# Paths under the build dir are hashed relative to it, so a fresh clone
# elsewhere (as CI makes) still hits the cache.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$BUILD_DIR}
lock=${KBUILD_LOCK:-/tmp/genpt-kbuild.lock}

die() { echo "testbed: ERROR: $*" >&2; exit 1; }
say() { echo "testbed: $*"; }
t_start=$SECONDS
elapsed() { local s=$((SECONDS - ${1:-$t_start})); printf '%dm%02ds' $((s / 60)) $((s % 60)); }

# Pass make's output to a log; show errors/warnings and one status line
# every 15 s (object count and the file being built), so a cold build is
# never silent.
progress() {	# label log
	local label=$1 log=$2 n=0 last=$SECONDS start=$SECONDS line
	local -A seen=()
	while IFS= read -r line; do
		printf '%s\n' "$line" >> "$log"
		case "$line" in
		*" CC "*|*" LD "*|*" AR "*|*" AS "*) n=$((n + 1)) ;;
		esac
		case "$line" in
		*error:*|*Error\ *|*warning:*|*"No rule"*)
			# each distinct message once (headers repeat them per object)
			[ -n "${seen[$line]:-}" ] || echo "  $line"
			seen[$line]=1 ;;
		esac
		if [ $((SECONDS - last)) -ge 15 ]; then
			last=$SECONDS
			echo "  [$label $(elapsed "$start")] $n steps, now: ${line#"${line%%[! ]*}"}"
		fi
	done
	echo "  [$label $(elapsed "$start")] done, $n steps (log: ${log#$repo/})"
}

# ---------------------------------------------------------------- build ---
# kernel_of FLAVOUR: sets kdir (build dir) and frags (config fragments)
kernel_of() {
	# The generic_pt KUnit suites are built in (off unless kunit.enable=1:
	# scripts/kunit-debug.sh runs them on the debug kernel).
	frags=("$repo/testbed/kernel.config"
	       "$TREE_DIR/drivers/iommu/generic_pt/.kunitconfig")
	case "$1" in
	default) kdir=$KDIR ;;
	debug) kdir=$KDIR_DEBUG frags+=("$repo/testbed/kernel-debug.config") ;;
	*) die "unknown kernel '$1' (default or debug)" ;;
	esac
}

# build FLAVOUR: the kernel in its build dir, and edu_probe.ko against it
# in $TB/edu_probe-FLAVOUR
build() {
	local kdir frags stamp want missing l kmake
	kernel_of "${1:-default}"
	kmake=(make -C "$TREE_DIR" O="$kdir" ARCH=x86_64 "CC=ccache gcc" -j2)
	[ -f "$TREE_DIR/Makefile" ] || die "$TREE_DIR missing (run make tree)"
	mkdir -p "$kdir" "$TB" "$CCACHE_DIR"
	ccache --max-size=5G >/dev/null

	exec 9>>"$lock"
	if ! flock -n 9; then
		say "waiting for another kernel build/sync to finish ($lock)"
		flock 9
	fi

	# Config: tinyconfig + our fragments, redone when a fragment or the
	# tree's Kconfig files change. Every option of a fragment must stick.
	want="$(cat "${frags[@]}" | sha1sum | cut -c1-40) "
	if [ -f "$kdir/.config" ]; then
		want+=$(cd "$TREE_DIR" &&
			find . -name 'Kconfig*' -newer "$kdir/.config" | head -n1 || true)
	fi
	stamp=$kdir/.testbed-config-stamp
	if [ ! -f "$kdir/.config" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
		say "configuring $kdir (tinyconfig + ${frags[*]##*/})"
		"${kmake[@]}" -s tinyconfig >/dev/null
		"$TREE_DIR/scripts/kconfig/merge_config.sh" -m -O "$kdir" \
			"$kdir/.config" "${frags[@]}" >/dev/null
		"${kmake[@]}" -s olddefconfig >/dev/null
		missing=0
		while IFS= read -r l; do
			grep -qxF "$l" "$kdir/.config" ||
				{ echo "testbed: config: $l did not stick" >&2; missing=1; }
		done < <(cat "${frags[@]}" | grep -E '^CONFIG_[A-Z0-9_]+=[ym]')
		[ "$missing" -eq 0 ] || die "${frags[*]##*/}: options dropped (dependencies?)"
		echo "$(cat "${frags[@]}" | sha1sum | cut -c1-40) " > "$stamp"
	fi

	local t=$SECONDS
	say "building kernel in ${kdir#$repo/} (make -j2, ccache)"
	: > "$kdir.log"
	if ! "${kmake[@]}" bzImage modules 2>&1 | progress kernel "$kdir.log"; then
		tail -n 30 "$kdir.log"
		die "kernel build failed (log: $kdir.log)"
	fi
	say "kernel ready in $(elapsed "$t")"

	# edu_probe.ko, built from a copy so no objects land in the repo.
	local edu=$TB/edu_probe-${1:-default}
	rsync -a --delete "$repo/testbed/edu_probe/" "$edu/"
	if ! "${kmake[@]}" M="$edu" modules > "$edu.log" 2>&1; then
		cat "$edu.log"
		die "edu_probe build failed"
	fi
	grep -E 'warning|error' "$edu.log" || true
	exec 9>&-

	# The kernel's own initramfs packer: device nodes without root.
	if [ ! -x "$TB/gen_init_cpio" ] ||
	   [ "$TREE_DIR/usr/gen_init_cpio.c" -nt "$TB/gen_init_cpio" ]; then
		gcc -O2 -o "$TB/gen_init_cpio" "$TREE_DIR/usr/gen_init_cpio.c"
	fi
	[[ "$(ldd /bin/busybox 2>&1 || true)" == *"not a dynamic executable"* ]] ||
		die "/bin/busybox is not static (install busybox-static)"
	build_vfio_edu
}

# build_vfio_edu: testbed/vfio_edu, the VFIO type1 program of the vfio
# variants: static (the guest has only busybox), with the host's gcc and
# uAPI headers (linux-libc-dev: VFIO type1v2 is older than both).
build_vfio_edu() {
	local src=$repo/testbed/vfio_edu/vfio_edu.c
	if [ ! -x "$TB/vfio_edu" ] || [ "$src" -nt "$TB/vfio_edu" ]; then
		gcc -static -O2 -Wall -Wextra -Werror -o "$TB/vfio_edu" "$src" ||
			die "vfio_edu build failed"
	fi
}

# build_selftests: the tree's own tools/testing/selftests/iommu programs,
# static (the guest has only busybox), against the tree's exported uAPI
# headers, in $BUILD_DIR/iommufd. Linked with testbed/ksft_alarm.c, which
# scales the harness's fixed 30 s per-test alarm() (KSFT_TIMEOUT_SCALE).
ksft_dir=$BUILD_DIR/iommufd
build_selftests() {
	local t=$SECONDS
	mkdir -p "$ksft_dir/bin"
	exec 9>>"$lock"
	if ! flock -n 9; then
		say "waiting for another kernel build/sync to finish ($lock)"
		flock 9
	fi
	say "building the iommufd selftests (static) in ${ksft_dir#$repo/}"
	# headers_install is incremental; its objects stay in their own dir
	if ! make -C "$TREE_DIR" O="$ksft_dir/hdrbuild" ARCH=x86_64 -s \
		headers_install INSTALL_HDR_PATH="$ksft_dir/hdr" > "$ksft_dir/build.log" 2>&1; then
		cat "$ksft_dir/build.log"
		die "headers_install for the selftests failed"
	fi
	gcc -O2 -Wall -Werror -c "$repo/testbed/ksft_alarm.c" -o "$ksft_dir/ksft_alarm.o"
	# -B: the binaries depend on the wrapper and on the headers too,
	# which lib.mk does not know; it is two files, a few seconds
	if ! make -B -C "$TREE_DIR/tools/testing/selftests/iommu" \
		KHDR_INCLUDES="-isystem $ksft_dir/hdr/include" \
		OUTPUT="$ksft_dir/bin" LDFLAGS=-static \
		LDLIBS="$ksft_dir/ksft_alarm.o -Wl,--wrap=alarm" >> "$ksft_dir/build.log" 2>&1; then
		cat "$ksft_dir/build.log"
		die "iommufd selftests build failed (log: $ksft_dir/build.log)"
	fi
	exec 9>&-
	grep -E 'warning|error' "$ksft_dir/build.log" || true
	local p
	for p in iommufd iommufd_fail_nth; do
		# no program interpreter: static (readelf: binutils, as nm)
		[[ "$(readelf -l "$ksft_dir/bin/$p")" != *"program interpreter"* ]] ||
			die "$ksft_dir/bin/$p is not static"
		# grep the whole listing: grep -q would SIGPIPE nm (pipefail)
		[[ "$(nm "$ksft_dir/bin/$p")" == *" T __wrap_alarm"* ]] ||
			die "$p: the alarm() wrapper did not link"
	done
	say "selftests ready in $(elapsed "$t")"
}

# ------------------------------------------------------------- variants ---
# Sets: mode devs append expect_pgsizes expect_high timeout mem kernel,
# and for the IOMMU: iommu (amd|intel), vtd (intel-iommu properties),
# qemu10 (1: QEMU 10.0 from the trixie root), strict (iommu.strict=),
# and what an Intel run must show: expect_fmt (the genpt format named by
# the DMAR format line when there is one), expect_levels, expect_aperture
# (end of every DMA domain's aperture), expect_pgtt (scalable mode: the
# PASID entries' PGTT, 1 first stage, 2 second stage).
#
# The edu runs reserve the 2 GiB of RAM above 4G (-m 4G): two 1G pages for
# the probe's 1G remap check (X -> A, then X -> B).
edu_resv="memmap=2G\$0x100000000 tb.resv=0x100000000,0x80000000"
# The vfio runs: 2M pages for the hugetlb mapping, and type1's consent to
# a platform without interrupt remapping (the testbed kernel has no
# IRQ_REMAP; vfio_edu polls, it takes no interrupt).
vfio_args="hugepages=8 vfio_iommu_type1.allow_unsafe_interrupts=1"
variant() {
	mode=blk devs=virtio,nvme append= expect_pgsizes= expect_high= timeout=300 mem=3G
	kernel=default iommu=amd vtd= qemu10=0 strict=1 edu_args=
	expect_fmt= expect_levels= expect_aperture= expect_pgtt=
	case "$1" in
	default) ;;
	nohugepages) append="amd_iommu=nohugepages" expect_pgsizes=0x1000 ;;
	forcedac) append="iommu.forcedac=1" devs=nvme expect_high=1 ;;
	edu) mode=edu devs= timeout=420 mem=4G append=$edu_resv ;;
	vfio) mode=vfio devs= timeout=420 append=$vfio_args ;;
	vfio-debug) mode=vfio devs= timeout=600 kernel=debug append=$vfio_args ;;
	debug) mode=blk+edu kernel=debug timeout=1200 mem=4G append=$edu_resv ;;
	# Intel VT-d (see the header for what each covers). QEMU 7.2 has
	# only second-stage translation; 10.0 (trixie root) adds first stage.
	intel)	iommu=intel vtd=aw-bits=48,x-scalable-mode=on,caching-mode=off
		expect_fmt=vtdss expect_levels=4 expect_aperture=0xffffffffffff expect_pgtt=2 ;;
	intel-legacy-39)
		iommu=intel vtd=aw-bits=39,x-scalable-mode=off,caching-mode=on
		mode=blk+edu timeout=600 mem=4G append=$edu_resv
		expect_fmt=vtdss expect_levels=3 expect_aperture=0x7fffffffff ;;
	intel-sm-39-nosp)
		iommu=intel vtd=aw-bits=39,x-scalable-mode=on,x-pasid-mode=on,snoop-control=on,caching-mode=on
		append=intel_iommu=sp_off expect_pgsizes=0x1000
		expect_fmt=vtdss expect_levels=3 expect_aperture=0x7fffffffff expect_pgtt=2 ;;
	intel-lazy)
		iommu=intel vtd=aw-bits=48,x-scalable-mode=off,caching-mode=off strict=0
		expect_fmt=vtdss expect_levels=4 expect_aperture=0xffffffffffff ;;
	intel-edu)
		iommu=intel vtd=aw-bits=48,x-scalable-mode=on,caching-mode=off
		mode=edu devs= timeout=420 mem=4G append=$edu_resv
		expect_fmt=vtdss expect_levels=4 ;;
	intel-vfio)
		iommu=intel vtd=aw-bits=48,x-scalable-mode=on,caching-mode=off
		mode=vfio devs= timeout=420 append=$vfio_args
		expect_fmt=vtdss expect_levels=4 ;;
	intel-fs)
		iommu=intel vtd=aw-bits=48,x-scalable-mode=on,x-flts=on,caching-mode=off qemu10=1
		mode=blk+edu timeout=600 mem=4G append=$edu_resv
		expect_fmt=x86_64 expect_levels=4 expect_aperture=0x7fffffffffff expect_pgtt=1 ;;
	intel-fs-vfio)
		iommu=intel vtd=aw-bits=48,x-scalable-mode=on,x-flts=on,caching-mode=off qemu10=1
		mode=vfio devs= timeout=420 append=$vfio_args
		expect_fmt=x86_64 expect_levels=4 ;;
	intel-fs-lazy)
		iommu=intel vtd=aw-bits=48,x-scalable-mode=on,x-flts=on,fs1gp=off,caching-mode=off qemu10=1
		strict=0 expect_pgsizes=0x201000
		expect_fmt=x86_64 expect_levels=4 expect_aperture=0x7fffffffffff expect_pgtt=1 ;;
	# 64 x 2M hugepages: iommufd_dirty_tracking.domain_dirty128M_huge
	# maps a 128M MAP_HUGETLB buffer. Under TCG iommufd's 190 tests took
	# 8 s, iommufd_fail_nth's 7 sweeps 1 s; per test the harness allows
	# 30 s x 4, per program the guest 400 s, and QEMU's timeout covers
	# both budgets and the boot, so a hang costs at most 15 minutes.
	# iommufd-debug: the same on the debug kernel (KASAN, lockdep, ...)
	iommufd|iommufd-debug)
		 mode=iommufd devs= timeout=900
		 [ "$1" = iommufd ] || kernel=debug
		 append="hugepages=64 tb.ksft_scale=${TB_KSFT_SCALE:-4} tb.ksft_budget=400"
		 append+=" tb.ksft_progs=${TB_KSFT_PROGS:-iommufd,iommufd_fail_nth}"
		 [ -z "${TB_KSFT_ARGS:-}" ] || append+=" tb.ksft_args=${TB_KSFT_ARGS// /,}" ;;
	*) die "unknown variant '$1' (try: list)" ;;
	esac
	timeout=${TB_TIMEOUT:-$timeout}
	devs=${TB_DEVS-$devs}	# experiments only, e.g. TB_DEVS=virtio,nvme
	vtd=${TB_VTD-$vtd}	# experiments only: the intel-iommu properties
	if [ "$iommu" = intel ]; then
		append="intel_iommu=on${append:+ $append}"
		[ "$strict" = 1 ] || append+=" tb.lazy=1"
		# VT-d has no write-only mappings (testbed/edu_probe)
		edu_args=wo_readable=1
	fi
	# TB_EDU_ARGS: debug only, e.g. shorten_flush=1 (testbed/NOTES.md)
	edu_args+="${TB_EDU_ARGS:+ $TB_EDU_ARGS}"
	case "$mode" in *edu*) [ -z "$edu_args" ] || append+=" tb.edu_args=${edu_args// /,}" ;; esac
	return 0
}
variants=(default nohugepages forcedac edu debug vfio vfio-debug
	  intel intel-legacy-39 intel-sm-39-nosp intel-lazy intel-edu
	  intel-vfio intel-fs intel-fs-vfio intel-fs-lazy)

# QEMU 10.0 for the first-stage variants: the trixie root scripts/deps.sh
# makes (debootstrap, once, outside the clone).
trixie_root=${GENPT_TRIXIE_ROOT:-$HOME/.cache/genpt-trixie}

# QEMU's AMD IOMMU model reports no faults to the guest: trace its page
# walker instead, and judge the run on what it saw (scripts below).
trace_events=(amdvi_translation_result amdvi_iotlb_hit amdvi_page_fault
	      amdvi_mode_invalid amdvi_invalid_dte amdvi_get_pte_hwerror
	      amdvi_dte_get_fail amdvi_pages_inval amdvi_all_inval)

# The same for QEMU's VT-d model: it reports faults to the guest (dmesg
# "DMAR: [DMA Read|Write ...] ... fault"), and its trace shows each IOTLB
# fill (a page walk that found a leaf) and hit, each fault it recorded,
# and the invalidations it ran.
trace_events_vtd=(vtd_iotlb_page_hit vtd_iotlb_page_update vtd_dmar_fault
		  vtd_fault_disabled vtd_iotlb_reset vtd_inv_desc_iotlb_pages
		  vtd_inv_desc_iotlb_domain vtd_inv_desc_iotlb_global
		  vtd_inv_desc_iotlb_pasid_pages vtd_inv_desc_iotlb_pasid
		  vtd_ce_not_present vtd_warn_invalid_qi_tail
		  vtd_inv_desc_wait_write_fail)

# walker_stats_vtd TRACE: walker_stats' keys for the VT-d model.
#   trans   translations that found a leaf: IOTLB fills + hits, per device
#   hits    IOTLB hits
#   blocked translations that failed (a fault recorded, or suppressed by
#           the entry's FPD bit): QEMU 7.2/10.0 fault a DMA that finds no
#           leaf or lacks the permission, and drop the write / read zeros
#   faults  the same, recorded faults only
#   errors  invalidation queue errors (a bad tail, a wait descriptor
#           whose status write failed)
#   inval   IOTLB invalidations (page-selective, domain, global, PASID)
#   ce_not_present  lookups of a cleared context entry: not an error, the
#           model looks a device's entry up on every context-cache flush,
#           also while 6.12 switches the device to another domain; a DMA
#           that found none would fault (blocked)
walker_stats_vtd() {
	awk '
	function pad(h) { h = substr(h, 3); while (length(h) < 16) h = "0" h; return h }
	function hex(h,  v, i) { h = tolower(h); sub(/^0x/, "", h); v = 0
		for (i = 1; i <= length(h); i++) v = v * 16 + index("0123456789abcdef", substr(h, i, 1)) - 1
		return v }
	function dev(sid) { sid = hex(sid)
		return sprintf("%02x:%02x.%x", int(sid / 256), int((sid % 256) / 8), sid % 8) }
	/^vtd_iotlb_page_(hit|update) / {
		t++; if ($1 == "vtd_iotlb_page_hit") h++
		for (i = 2; i < NF; i++) {
			if ($i == "sid") d[dev($(i + 1))]++
			if ($i == "iova") {
				g = pad($(i + 1)); if (g > max) max = g
				if (g >= "0000000100000000") a4++
				if (g >= "0001000000000000") a48++
			}
		}
	}
	/^vtd_dmar_fault / { f++; b++ }
	/^vtd_fault_disabled / { b++ }
	/^vtd_ce_not_present / { c++ }
	/^vtd_(warn_invalid_qi_tail|inv_desc_wait_write_fail) / { e++ }
	/^vtd_inv_desc_iotlb_/ { inv++ }
	/^vtd_iotlb_reset / { r++ }
	END {
		printf "trans=%d\nblocked=%d\nhits=%d\nfaults=%d\nerrors=%d\ninval=%d\n", t, b, h, f, e, inv
		printf "above4g=%d\nabove48=%d\niotlb_resets=%d\nce_not_present=%d\n", a4, a48, r, c
		sub(/^0+/, "", max); printf "maxiova=0x%s\n", max == "" ? "0" : max
		for (x in d) printf "dev_%s=%d\n", x, d[x]
	}' "$1"
}

# walker_stats TRACE: one "key=value" per line.
#   trans   translate calls (IOTLB hits included), per device in dev_<bdf>=N
#   hits    IOTLB hits (trans - hits = page walks)
#   blocked translations that found no mapping (traced with "hpa 0x0"; a
#           blocked DMA is retried in 4-byte pieces, so one 4 KiB DMA shows
#           up ~1000 times). An access the leaf's R/W bits refuse is not
#           counted: it gets a valid translation that the memory core denies
#   faults  fault events (QEMU 7.2 raises them only for a non-present or
#           read/write-less DTE or table entry, never at the leaf)
#   errors  invalid DTE, bad mode, PTE read errors
#   maxiova highest IOVA walked; above4g / above48 walks at >= 2^32 / 2^48
#   inval   page invalidation commands executed
walker_stats() {
	awk '
	function pad(h) { h = substr(h, 3); while (length(h) < 16) h = "0" h; return h }
	/^amdvi_translation_result / {
		t++; dev[$3]++; g = pad($5)
		if ($7 == "0x0") b++
		if (g > max) max = g
		if (g >= "0000000100000000") a4++
		if (g >= "0001000000000000") a48++
	}
	/^amdvi_iotlb_hit / { h++ }
	/^amdvi_page_fault / { f++ }
	/^amdvi_(mode_invalid|invalid_dte|get_pte_hwerror|dte_get_fail) / { e++ }
	/^amdvi_(pages_inval|all_inval) / { i++ }
	END {
		printf "trans=%d\nblocked=%d\nhits=%d\nfaults=%d\nerrors=%d\ninval=%d\n", t, b, h, f, e, i
		printf "above4g=%d\nabove48=%d\n", a4, a48
		sub(/^0+/, "", max); printf "maxiova=0x%s\n", max == "" ? "0" : max
		for (d in dev) printf "dev_%s=%d\n", d, dev[d]
	}' "$1"
}

# hats_check LOG: v1 tables grow only to the levels EFR.HATS (EFR bits
# 11:10: 0, 1, 2 = 4, 5, 6 levels) allows. From the EFR the kernel prints,
# the format line must say "up to N levels" and every DMA and unmanaged
# v1 domain the probe reports must end its aperture at 2^min(64, 12+9N)-1.
# Appends to fails.
hats_check() {
	local log=$1 efr hats levels want got bad
	efr=$(sed -n 's/.*AMD-Vi: Extended features (\(0x[0-9a-f]*\),.*/\1/p' "$log" | head -n1)
	grep -q '^TB: format: .*genpt amdv1' "$log" || return 0
	[ -n "$efr" ] || { fails+=("no AMD-Vi EFR line to check EFR.HATS against"); return; }
	hats=$(( (efr >> 10) & 3 ))
	levels=$(( hats == 3 ? 4 : 4 + hats ))
	if [ "$levels" -eq 6 ]; then
		want=0xffffffffffffffff
	else
		want=$(printf '0x%x' $(( (1 << (12 + 9 * levels)) - 1 )))
	fi
	got=$(sed -n 's/^TB: format: .*genpt amdv1.* up to \([0-9]\) levels.*/\1/p' "$log" | head -n1)
	[ "$got" = "$levels" ] ||
		fails+=("EFR $efr: HATS says $levels levels, the amdv1 format line '${got:-none}'")
	bad=$(grep -E '^TB: edu_probe: (dev .* domain DMA|domain pgsize_bitmap) .*aperture' "$log" |
	      grep -v "aperture 0x0-$want " || true)
	[ -z "$bad" ] || fails+=("EFR $efr: a v1 aperture does not end at $want: $(head -n1 <<< "$bad")")
}

# domain_reports LOG: the probe's whole reports of a DMA domain. A kernel
# message the console prints in the middle of one cuts it in two (seen:
# the mouse's "input:" line); the part without its end is no report.
domain_reports() {
	grep -E '^TB: edu_probe: dev .* domain DMA[^ ]* .* levels [0-9]+$' "$1" ||
		true
}

# intel_check LOG: what an Intel run must show in the guest's log, from
# the variant's expect_* (run_variant's locals). Sets format; appends to
# fails.
#  - The format line: the converted driver prints "DMAR: DMA domains use
#    the genpt vtdss|x86_64 page table, N levels, page sizes 0x...". It
#    must name expect_fmt with expect_levels. Without it the run reports
#    "6.12 intel pgtable (no genpt line)", and fails when
#    TB_REQUIRE_GENPT_INTEL=1.
#  - Levels the probe read from a generic page table (vtdss/x86_64
#    hw_info), where it could, and the aperture of every DMA domain.
#  - Scalable mode: the PASID entry of every tested block device
#    (debugfs dmar_translation_struct) has PGTT expect_pgtt (1 first
#    stage, 2 second stage).
#  - The invalidation policy: lazy (DMA-FQ domains, "lazy mode", no
#    "IOMMU batching disallowed") for strict=0, strict otherwise.
#  - DMAR faults in dmesg: none while the block devices move data; in the
#    edu phase the probe's deliberate DMAs to unmapped IOVAs must fault.
intel_check() {
	local log=$1 fl f lv bad bdf line qw0 pgtt n
	fl=$(sed -n 's/^TB: format: \(DMAR: .*genpt .*\)/\1/p' "$log" | head -n1)
	if [ -z "$fl" ]; then
		format="6.12 intel pgtable (no genpt line)"
		[ "$TB_REQUIRE_GENPT_INTEL" = 1 ] &&
			fails+=("no 'DMAR: DMA domains use the genpt vtdss|x86_64' line in dmesg")
	else
		format=$fl
		f=$(grep -oE 'genpt [a-z0-9_]+' <<< "$fl" | head -n1)
		lv=$(grep -oE '[0-9]+ levels' <<< "$fl" | head -n1)
		[ "$f" = "genpt $expect_fmt" ] ||
			fails+=("format line names '$f', want genpt $expect_fmt: $fl")
		[ "$lv" = "$expect_levels levels" ] ||
			fails+=("format line says '${lv:-no levels}', want $expect_levels levels: $fl")
	fi
	# levels the probe read from a generic page table (0: not one)
	bad=$(grep -E '^TB: edu_probe: (dev .* domain DMA|attached:) .* levels [1-9]$' "$log" |
	      grep -v " levels $expect_levels\$" || true)
	[ -z "$bad" ] || fails+=("a domain's table is not $expect_levels levels: $(head -n1 <<< "$bad")")
	if [ -n "$expect_aperture" ]; then
		bad=$(domain_reports "$log" |
		      grep -v "aperture 0x0-$expect_aperture " || true)
		[ -z "$bad" ] || fails+=("a DMA domain's aperture does not end at $expect_aperture: $(head -n1 <<< "$bad")")
	fi
	if [ -n "$expect_pgtt" ] && [ "$mode" != edu ]; then
		for bdf in $(sed -n 's/^TB: dev [a-z]* [^ ]* pci 0000:\([^ ]*\) .*/\1/p' "$log"); do
			# B.D.F root context PASID QW2:QW1:QW0, the RID_PASID (0) entry
			line=$(grep -E "^TB: dmar-ctx $bdf\s.*\s0\s+0x[0-9a-f]+:0x[0-9a-f]+:0x[0-9a-f]+\$" "$log" | tail -n1 || true)
			qw0=$(grep -oE '0x[0-9a-f]+$' <<< "$line" || true)
			if [ -z "$qw0" ]; then
				fails+=("no PASID entry of $bdf in dmar_translation_struct")
				continue
			fi
			pgtt=$(( (qw0 >> 6) & 7 ))
			[ "$pgtt" = "$expect_pgtt" ] ||
				fails+=("$bdf: PASID entry PGTT $pgtt, want $expect_pgtt (QW0 $qw0)")
		done
	fi
	if [ "$strict" = 1 ]; then
		grep -q 'DMA domain TLB invalidation policy: strict mode' "$log" ||
			fails+=("boot log does not say strict mode")
	else
		grep -q 'DMA domain TLB invalidation policy: lazy mode' "$log" ||
			fails+=("boot log does not say lazy mode")
		! grep -q 'IOMMU batching disallowed' "$log" ||
			fails+=("the kernel fell back to strict: 'IOMMU batching disallowed'")
		bad=$(grep '^TB: dev ' "$log" | grep -v ' type DMA-FQ$' || true)
		[ -z "$bad" ] || fails+=("not lazy: $(head -n1 <<< "$bad")")
	fi
	# DMAR faults the guest printed (rate limited: 10 per 5 s), before and
	# after init's "TB: phase edu" (blk+edu); an edu-only run is all edu.
	awk -v mode="$mode" -v out="$dir/faults" '
	/^TB: phase edu/ { edu = 1 }
	/DMAR: \[DMA (Read|Write) / {
		if (mode == "edu" || mode == "vfio" || edu) e++; else b++
	}
	END { printf "blk=%d\nedu=%d\n", b, e > out }' "$log"
	n=$(sed -n 's/^blk=//p' "$dir/faults")
	[ "$n" = 0 ] || fails+=("$n DMAR faults in dmesg while the block devices moved data")
	if [ "$mode" = edu ] || [ "$mode" = blk+edu ] || [ "$mode" = vfio ]; then
		n=$(sed -n 's/^edu=//p' "$dir/faults")
		[ "$n" -gt 0 ] || fails+=("no DMAR fault in dmesg, but the probe DMAs to unmapped IOVAs")
	fi
}

# ksft_verdict LOG OUT: judge the kselftest TAP output the guest relayed
# as "TB: ksft PROG: <line>" (testbed/init, mode iommufd). Per program it
# writes to OUT: prog=, plan= (the "1..N" line: what the program lists
# with the options given), ran=, pass=, fail=, skip=, totals= (its
# "# Totals:" line), secs=, one skipped= per skip ("PROG: TEST: reason"),
# and one why= per problem. fail counts every "not ok", every planned test
# that never reported (a crash or a kill cuts the run short), and one for
# a missing plan, a missing Totals line, a non-zero exit status with no
# other explanation, a fail_nth program that injected no failure at all
# (init counts them through the failslab/fail_page_alloc "times" knobs),
# and each skip not matched by TB_KSFT_SKIP_OK. The cut and reassemble
# tests of the mock domain (fixture iommufd_cut of the iommufd program,
# patches/0011b) are counted apart (cut_ran=, cut_pass=); a full run of
# iommufd (no harness options) in which none ran is one more failure.
ksft_verdict() {
	local log=$1 out=$2 p
	: > "$out"
	for p in $(tr , ' ' <<< "${TB_KSFT_PROGS:-iommufd,iommufd_fail_nth}"); do
		sed -n "s/^TB: ksft $p: //p" "$log" |
		awk -v p="$p" -v skipok="${TB_KSFT_SKIP_OK:-}" \
		    -v subset="${TB_KSFT_ARGS:-}" '
		/^1\.\.[0-9]+$/ && plan == "" { plan = substr($0, 4) + 0 }
		/^(not )?ok [0-9]+ iommufd_cut\./ {
			cut_ran++
			if ($1 == "ok" && $0 !~ / # (SKIP|XPASS)/) cut_pass++
		}
		/^not ok [0-9]+ / { fail++; ran++; bad[++nb] = $0; next }
		/^ok [0-9]+ / {
			ran++
			if (match($0, / # SKIP/)) {
				name = $3; why = substr($0, RSTART + 7); sub(/^ +/, "", why)
				skipped[++ns] = p ": " name ": " (why == "" ? "(no reason given)" : why)
				if (skipok == "" || name !~ skipok) unjust[++nu] = name
			} else if ($0 ~ / # XPASS/) {
				fail++; bad[++nb] = $0 " (unexpected pass)"
			} else pass++
			next
		}
		/^# Totals: / { totals = $0 }
		/^exit [0-9]+ after [0-9]+ s$/ { rc = $2; secs = $4 }
		/^injected failures: / {
			injected = 0
			for (i = 3; i <= NF; i++) { split($i, kv, "="); injected += kv[2] }
			inj = substr($0, 20)
		}
		END {
			printf "prog=%s\nplan=%s\nran=%d\n", p, plan, ran
			printf "totals=%s\nsecs=%s\ninjected=%s\n", totals, secs, inj
			for (i = 1; i <= ns; i++) printf "skipped=%s\n", skipped[i]
			for (i = 1; i <= nb && i <= 20; i++) printf "why=%s: %s\n", p, bad[i]
			if (nb > 20) printf "why=%s: ... %d not ok in all\n", p, nb
			if (plan == "") {
				fail++; printf "why=%s: no TAP plan line (the program did not start?)\n", p
			} else if (ran < plan) {
				fail += plan - ran
				printf "why=%s: ran %d of the %d tests it lists (killed or crashed?)\n", p, ran, plan
			}
			if (rc == "") {
				fail++; printf "why=%s: no exit status (the guest did not finish it)\n", p
			} else if (totals == "" && plan != "" && ran >= plan) {
				fail++; printf "why=%s: no Totals line\n", p
			} else if (rc != 0 && fail == 0) {
				fail++; printf "why=%s: exit status %s\n", p, rc
			}
			# the sweep must really have made allocations fail
			if (p ~ /fail_nth/ && ran > 0 && injected == 0) {
				fail++; printf "why=%s: no failure was injected (fault injection inert?)\n", p
			}
			for (i = 1; i <= nu; i++)
				printf "why=%s: %s skipped; no justified skip matches it (TB_KSFT_SKIP_OK, README)\n", p, unjust[i]
			fail += nu
			if (p == "iommufd") {
				printf "cut_ran=%d\ncut_pass=%d\n", cut_ran, cut_pass
				if (subset == "" && plan != "" && !cut_ran) {
					fail++
					printf "why=%s: no iommufd_cut test ran (cut and reassemble untested)\n", p
				}
			}
			printf "pass=%d\nfail=%d\nskip=%d\n", pass, fail, ns
		}' >> "$out"
	done
}

# --------------------------------------------------------------- one run ---
# run_variant NAME: boots QEMU, leaves results in $TB/NAME.{log,res}
run_variant() {
	local name=$1 dir log res seed initrd cmdline qemu=() rc=0
	local t=$SECONDS mode devs append expect_pgsizes expect_high timeout mem
	local kernel kdir frags iommu vtd qemu10 strict expect_fmt expect_levels
	local expect_aperture expect_pgtt hd qd edu_args
	variant "$name"
	kernel_of "$kernel"
	dir=$TB/run-$name log=$TB/$name.log res=$TB/$name.res
	rm -rf "$dir"
	mkdir -p "$dir"

	# initramfs: busybox, /init, edu_probe.ko, data.bin (random, seeded)
	seed=${TB_SEED:-$(date +%s)}
	if [ "$mode" != edu ] && [ "$mode" != iommufd ] && [ "$mode" != vfio ]; then
		python3 -c 'import random,sys; sys.stdout.buffer.write(random.Random(int(sys.argv[1])).randbytes(int(sys.argv[2]) << 20))' \
			"$seed" "$TB_MB" > "$dir/data.bin"
	else
		: > "$dir/data.bin"
	fi
	cat > "$dir/initramfs.list" <<-EOF
	dir /dev 0755 0 0
	nod /dev/console 0600 0 0 c 5 1
	dir /bin 0755 0 0
	dir /proc 0755 0 0
	dir /sys 0755 0 0
	dir /tmp 01777 0 0
	file /bin/busybox /bin/busybox 0755 0 0
	file /init $repo/testbed/init 0755 0 0
	file /edu_probe.ko $TB/edu_probe-$kernel/edu_probe.ko 0644 0 0
	file /data.bin $dir/data.bin 0644 0 0
	EOF
	if [ "$mode" = iommufd ]; then
		printf 'file /%s %s 0755 0 0\n' \
			iommufd "$ksft_dir/bin/iommufd" \
			iommufd_fail_nth "$ksft_dir/bin/iommufd_fail_nth" >> "$dir/initramfs.list"
	fi
	[ "$mode" != vfio ] ||
		echo "file /vfio_edu $TB/vfio_edu 0755 0 0" >> "$dir/initramfs.list"
	initrd=$dir/initramfs.cpio
	"$TB/gen_init_cpio" "$dir/initramfs.list" > "$initrd"

	# iommu_pt_check=on: CONFIG_IOMMU_PT_CHECK reports any page freed while
	# an IOMMU leaf maps it, as a kernel report line. Not on Intel: the
	# VT-d driver's floppy workaround (CONFIG_INTEL_IOMMU_FLOPPY_WA, not
	# a user option) maps 0-16 MiB one to one for the ISA bridge that
	# q35 always has, RAM the kernel allocates and frees, so the check
	# rightly reports pages freed there (seen on intel-fs: pfn 0x9c6).
	cmdline="console=ttyS0 iommu.passthrough=0 iommu.strict=$strict kunit.enable=0 panic=-1"
	[ "$iommu" = intel ] || cmdline+=" iommu_pt_check=on"
	cmdline+=" tb.mode=$mode tb.devs=$devs tb.mb=$TB_MB${append:+ $append}"

	# Where QEMU's files live: hd on the host, qd as QEMU sees it. The
	# first-stage variants run QEMU 10.0 chrooted into the trixie root,
	# so their kernel, initramfs and images are copied into a directory
	# of that root, and images and trace are moved back afterwards.
	hd=$dir qd=$dir
	local qemu_bin=(qemu-system-x86_64) kimg=$kdir/arch/x86/boot/bzImage
	if [ "$qemu10" = 1 ]; then
		if [ ! -f "$trixie_root/.genpt-trixie-stamp" ]; then
			echo "name=$name" > "$res"
			echo "why=no trixie root with QEMU 10.0 at $trixie_root (make deps builds it)" >> "$res"
			echo "verdict=FAIL" >> "$res"
			say "[$name] FAIL: no trixie root at $trixie_root (run make deps)"
			return 1
		fi
		hd=$(mktemp -d "$trixie_root/tmp/genpt-tb.XXXXXX")
		qd=${hd#"$trixie_root"}
		cp "$kimg" "$hd/bzImage"
		cp "$initrd" "$hd/initramfs.cpio"
		kimg=$qd/bzImage initrd=$qd/initramfs.cpio
		qemu_bin=(chroot "$trixie_root" qemu-system-x86_64)
	fi
	qemu=("${qemu_bin[@]}" -machine q35 -accel tcg -m "$mem" -smp 2
	      -nodefaults -display none -serial stdio -monitor none -no-reboot
	      -D "$qd/qemu-trace.log")
	local e
	if [ "$iommu" = intel ]; then
		for e in "${trace_events_vtd[@]}"; do qemu+=(-trace "$e"); done
		# intremap=off: the testbed kernel has no IRQ_REMAP, and DMA
		# remapping is what is tested (TCG needs no split irqchip).
		qemu+=(-device "intel-iommu,intremap=off,$vtd")
	else
		for e in "${trace_events[@]}"; do qemu+=(-trace "$e"); done
		# No AMD IOMMU for the selftests: 6.12's iommu core gives a device
		# without a fwspec (the mock bus's) the ops of the FIRST iommu
		# registered with a NULL fwnode (iommu_fwspec_ops(NULL)); AMD-Vi
		# registers before the iommufd mock, so its probe_device would claim
		# and reject every mock device and no mock domain could be made.
		[ "$mode" = iommufd ] || qemu+=(-device amd-iommu)
	fi
	qemu+=(
	      -kernel "$kimg" -initrd "$initrd"
	      -append "$cmdline")
	local d
	for d in ${devs//,/ }; do
		# A fresh raw image per device, twice the data, zero filled.
		truncate -s $((TB_MB * 2))M "$hd/$d.img"
		case "$d" in
		virtio) qemu+=(-drive "file=$qd/$d.img,if=none,format=raw,cache=none,id=d-$d"
			       -device "virtio-blk-pci,drive=d-$d,disable-legacy=on,iommu_platform=on,bus=pcie.0") ;;
		nvme) qemu+=(-drive "file=$qd/$d.img,if=none,format=raw,cache=none,id=d-$d"
			     -device "nvme,drive=d-$d,serial=genpt-nvme,bus=pcie.0") ;;
		esac
	done
	case "$mode" in edu|blk+edu|vfio)
		qemu+=(-device "edu,dma_mask=0xffffffffffffffff,bus=pcie.0") ;;
	esac

	say "[$name] booting (timeout ${timeout}s): $([ "$qemu10" = 1 ] && echo "QEMU 10.0 (trixie root)" || echo "host QEMU"), ${iommu}-iommu${vtd:+ $vtd}, ${append:-no extra cmdline}${devs:+, devices $devs}"
	printf '%q ' "${qemu[@]}" > "$dir/qemu.cmd"; echo >> "$dir/qemu.cmd"
	# Show the guest's TB: lines and anything alarming, live. The probe's
	# results are shown as the kernel prints them (init repeats them as
	# "TB: PASS|FAIL [edu] ..." for the count, after the probe is done).
	timeout -k 10 "$timeout" "${qemu[@]}" < /dev/null 2>&1 | tr -d '\r' | tee "$log" |
		grep --line-buffered -E "^TB: |\] edu_probe: (PASS|FAIL|SKIP)|$KREPORT_PAT|Call Trace|qemu-system" |
		grep --line-buffered -vE '^TB: (PASS|FAIL|SKIP) \[edu\]|^TB: edu_probe: (PASS|FAIL|SKIP|SKIP)|^TB: ksft [a-z_]*: # +(RUN|OK) ' |
		sed -u "s/^\[ *[0-9.]*\] //; s/^/  [$name] /" || rc=${PIPESTATUS[0]}
	local secs=$((SECONDS - t))
	if [ "$hd" != "$dir" ]; then
		# back from the trixie root: the images and the trace
		for d in ${devs//,/ }; do mv "$hd/$d.img" "$dir/"; done
		mv "$hd/qemu-trace.log" "$dir/" 2>/dev/null || : > "$dir/qemu-trace.log"
		rm -rf "$hd"
	fi

	# ---- verdict ----
	local npass nfail checks=() fails=() mism=0 f n
	npass=$(grep -c '^TB: PASS ' "$log" || true)
	nfail=$(grep -c '^TB: FAIL ' "$log" || true)
	mism=$(grep -c '^TB: mismatch ' "$log" || true)
	case "$rc" in
	0) ;;
	124|137) fails+=("QEMU timed out after ${timeout}s") ;;
	*) fails+=("QEMU exit status $rc") ;;
	esac
	grep -q '^TB: done' "$log" || fails+=("guest did not finish (no 'TB: done')")
	[ "$nfail" -eq 0 ] || fails+=("$nfail guest checks failed")
	if [ "$mode" = iommufd ]; then
		# TAP counts instead of TB: PASS lines
		ksft_verdict "$log" "$dir/ksft"
		npass=$(awk -F= '$1 == "pass" { n += $2 } END { print n + 0 }' "$dir/ksft")
		nfail=$(awk -F= '$1 == "fail" { n += $2 } END { print n + 0 }' "$dir/ksft")
		while IFS= read -r f; do fails+=("$f"); done < <(sed -n 's/^why=//p' "$dir/ksft")
	else
		[ "$npass" -gt 0 ] || fails+=("no guest check passed")
	fi
	if [ "$mode" = vfio ]; then
		# the program's own count must match the lines the host counted
		local vs
		vs=$(sed -n 's/^TB: vfio_edu: \([0-9]* passed, [0-9]* failed\)$/\1/p' "$log" | tail -n1)
		if [ -z "$vs" ]; then
			fails+=("no 'vfio_edu: N passed, M failed' line (the program did not finish?)")
		elif [ "$vs" != "$(grep -c '^TB: PASS \[vfio\] ' "$log") passed, $(grep -c '^TB: FAIL \[vfio\] ' "$log") failed" ]; then
			fails+=("vfio_edu says '$vs', the host counted other PASS/FAIL lines")
		fi
	fi
	# Any kernel report fails the run (scripts/kreports.sh)
	n=$(kernel_reports "$log" | grep -c . || true)
	[ "$n" -eq 0 ] || fails+=("$n kernel reports (oops/WARN/sanitizer/lockdep) in the log")
	[ "$iommu" = intel ] || grep -q 'iommu_pt_check: on' "$log" ||
		fails+=("the IOMMU page table check was not on (no 'iommu_pt_check: on')")
	# The debug kernel must show that its checkers are on.
	if [ "$kernel" = debug ]; then
		for f in 'KernelAddressSanitizer initialized' 'Lock dependency validator'; do
			grep -q "$f" "$log" || fails+=("debug kernel: no '$f' in the log")
		done
	fi
	local format
	format=$(sed -n 's/^TB: format: //p' "$log" | head -n1)
	if [ "$iommu" = intel ]; then
		intel_check "$log"	# sets format, appends to fails
	elif [ -z "$format" ] || [ "$format" = none ]; then
		format="6.12 io_pgtable (no genpt line)"
		# the selftests use the iommufd mock domain, not the AMD driver
		[ "$TB_REQUIRE_GENPT" = 1 ] && [ "$mode" != iommufd ] &&
			fails+=("no 'genpt amdv1|x86_64' line in dmesg")
	fi
	hats_check "$log"
	if [ -n "$expect_pgsizes" ]; then
		local bad
		bad=$(domain_reports "$log" |
		      grep -v "pgsize_bitmap $expect_pgsizes " || true)
		[ -n "$(domain_reports "$log")" ] ||
			fails+=("no domain report to check pgsizes against")
		[ -z "$bad" ] || fails+=("DMA domain pgsize_bitmap is not $expect_pgsizes")
	fi
	# What QEMU's page walker saw.
	if [ "$iommu" = intel ]; then
		walker_stats_vtd "$dir/qemu-trace.log" > "$dir/walker"
	else
		walker_stats "$dir/qemu-trace.log" > "$dir/walker"
	fi
	wk() { sed -n "s/^$1=//p" "$dir/walker"; }
	[ "$(wk errors)" = 0 ] || fails+=("QEMU walker: $(wk errors) DTE/mode/PTE errors")
	# The probe DMAs to unmapped IOVAs on purpose: blk alone must see none.
	if [ "$mode" = blk ] || [ "$mode" = iommufd ]; then
		[ "$(wk faults)" = 0 ] || fails+=("QEMU walker: $(wk faults) translation faults")
		[ "$(wk blocked)" = 0 ] || fails+=("QEMU walker: $(wk blocked) blocked translations")
	else
		[ "$(wk blocked)" -gt 0 ] || fails+=("QEMU walker: nothing blocked, but the probe DMAs to unmapped IOVAs")
	fi
	if [ "$mode" != edu ] && [ "$mode" != iommufd ] && [ "$mode" != vfio ]; then
		local bdf
		for bdf in $(sed -n 's/^TB: dev [a-z]* [^ ]* pci 0000:\([^ ]*\) .*/\1/p' "$log"); do
			n=$(wk "dev_$bdf"); n=${n:-0}
			[ "$n" -gt 0 ] || fails+=("QEMU walker: no translation for $bdf: its DMA bypassed the IOMMU")
		done
	fi
	if [ "$expect_high" = 1 ] && [ "$(wk above4g)" = 0 ]; then
		fails+=("QEMU walker: no IOVA above 4G (iommu.forcedac=1 ignored?)")
	fi

	# Host side: the images must hold exactly what the guest wrote.
	local hostok=0 bytes=
	if [ "$mode" != edu ] && [ "$mode" != iommufd ] && [ "$mode" != vfio ]; then
		for d in ${devs//,/ }; do
			if cmp -n $((TB_MB << 20)) "$dir/data.bin" "$dir/$d.img" >/dev/null 2>&1; then
				hostok=$((hostok + 1))
			else
				mism=$((mism + 1))
				fails+=("host: $d.img differs from data.bin")
			fi
		done
		bytes=$(sed -n 's/^TB: bytes moved: \([0-9]*\).*/\1/p' "$log" | tail -n1)
	fi
	{
		echo "name=$name"
		echo "secs=$secs"
		echo "npass=$npass"
		echo "nfail=$nfail"
		echo "mism=$mism"
		echo "hostok=$hostok"
		echo "bytes=${bytes:-0}"
		echo "format=$format"
		echo "append=$append"
		echo "iommu=$iommu${vtd:+ $vtd}"
		if [ "$qemu10" = 1 ]; then
			echo "qemu=$(cat "$trixie_root/.genpt-trixie-stamp"), trixie root"
		else
			echo "qemu=$(qemu-system-x86_64 --version | head -n1)"
		fi
		[ ! -f "$dir/faults" ] || sed 's/^/dmar_faults_/' "$dir/faults"
		echo "seed=$seed"
		sed 's/^/walker_/' "$dir/walker"
		for f in "${fails[@]}"; do echo "why=$f"; done
		[ ${#fails[@]} -eq 0 ] && echo "verdict=PASS" || echo "verdict=FAIL"
	} > "$res"
	[ ${#fails[@]} -eq 0 ]
}

# 0xfff7ffffff000 -> "4K-256G,1T-2P"
pgsizes_h() {
	local bm=$(($1)) b start=-1 out= u=(K M G T P E)
	nm() { echo "$((1 << ($1 % 10)))${u[$(($1 / 10 - 1))]}"; }
	for ((b = 10; b <= 64; b++)); do
		if [ $b -lt 64 ] && (( (bm >> b) & 1 )); then
			[ $start -ge 0 ] || start=$b
		elif [ $start -ge 0 ]; then
			out+="${out:+,}$(nm $start)"
			[ $((b - 1)) -eq $start ] || out+="-$(nm $((b - 1)))"
			start=-1
		fi
	done
	echo "${out:-none}"
}

res_get() { sed -n "s/^$2=//p" "$TB/$1.res" | head -n1; }

summary() {	# name
	local name=$1 log=$TB/$1.log l levels pgs
	local mode devs append expect_pgsizes expect_high timeout mem kernel iommu vtd
	local qemu10 strict expect_fmt expect_levels expect_aperture expect_pgtt edu_args
	variant "$name"
	echo "=== testbed summary: $name ($(res_get "$name" secs) s in QEMU) ==="
	l=$(sed -n 's/^TB: iommu-dev //p' "$log" | head -n1)
	echo "IOMMU:      QEMU ${iommu}-iommu${vtd:+ $vtd}${l:+ ($l)}, TCG"
	echo "            $(res_get "$name" qemu)"
	if [ "$iommu" = intel ]; then
		l=$(grep -oE 'DMAR: Host address width [0-9]+' "$log" | head -n1 || true)
		[ -z "$l" ] || echo "            ${l#DMAR: }"
		l=$(grep -oE 'DMAR: dmar0: reg_base_addr .*' "$log" | head -n1 || true)
		[ -z "$l" ] || echo "            ${l#DMAR: }"
	fi
	l=$(sed -n 's/^TB: iommu: AMD-Vi: Extended features/features/p' "$log" | head -n1)
	[ -z "$l" ] || echo "            $l"
	l=$(sed -n 's/.*DMA domain TLB invalidation policy: //p' "$log" | head -n1)
	echo "            invalidation: ${l:-?}"
	echo "format:     $(res_get "$name" format)"
	l=$(sed -n 's/^TB: format: //p' "$log" | grep -v '^none$' | head -n1 || true)
	levels=$(grep -oE '[0-9]+ levels' <<< "$l" | head -n1 || true)
	pgs=$(grep -oE '(pgsizes?|page sizes)[ :=]*0x[0-9a-f]+' <<< "$l" | grep -oE '0x[0-9a-f]+' | head -n1 || true)
	[ -z "$levels" ] || echo "levels:     $levels (format line)"
	[ -z "$pgs" ] || echo "page sizes: $(pgsizes_h "$pgs") ($pgs, format line)"
	# the probe's view of each tested device's domain: levels, page sizes
	local dev pci bm lv=
	while read -r dev pci; do
		# reported before and after the data moved
		l=$(grep "^TB: edu_probe: dev $pci " "$log" || true)
		[ -n "$l" ] || continue
		bm=$(sed -n 's/.* pgsize_bitmap \(0x[0-9a-f]*\).*/\1/p' <<< "$l" | head -n1)
		lv=$(sed -n 's/.* levels \([1-9]\)$/\1/p' <<< "$l" | uniq | paste -sd' ' -)
		echo "domain:     $dev: ${lv:+${lv// / -> } levels, }page sizes $(pgsizes_h "$bm") ($bm)"
	done < <(sed -n 's/^TB: dev \([a-z]*\) [^ ]* pci \([^ ]*\) .*/\1 \2/p' "$log")
	l=$(grep -m1 '^TB: edu_probe: domain pgsize_bitmap' "$log" || true)
	if [ -n "$l" ]; then
		bm=$(sed -n 's/.* pgsize_bitmap \(0x[0-9a-f]*\).*/\1/p' <<< "$l")
		lv=$(grep -oE 'table [0-9] levels' "$log" | grep -oE '[0-9]' | sort -u | paste -sd' ' - || true)
		echo "domain:     edu (unmanaged): page sizes $(pgsizes_h "$bm") ($bm)${lv:+, levels seen: ${lv// / -> }}"
	fi
	if [ -z "$levels$lv" ]; then
		if [ "$iommu" = intel ]; then
			echo "levels:     n/a (6.12 VT-d does not say; the aperture after attach gives the width)"
		else
			echo "levels:     n/a (6.12 io_pgtable does not say; v1 starts at 3 and grows on demand)"
		fi
	fi
	if [ "$iommu" = intel ]; then
		l=$(grep -m1 '^TB: edu_probe: attached:' "$log" | sed 's/^TB: edu_probe: attached: //' || true)
		[ -z "$l" ] || echo "edu domain: after attach: $l"
		l=$(sed -n 's/^TB: dmar-ctx \([^[:space:]]*\)[[:space:]].*[[:space:]]0[[:space:]]*0x[0-9a-f]*:0x[0-9a-f]*:\(0x[0-9a-f]*\)$/\1 \2/p' "$log" |
		    while read -r bdf q; do
			    case $(( (q >> 6) & 7 )) in
			    1) echo "$bdf first";; 2) echo "$bdf second";; 4) echo "$bdf pass-through";;
			    *) echo "$bdf PGTT $(( (q >> 6) & 7 ))";; esac
		    done | sort -u | paste -sd, - | sed 's/,/, /g')
		echo "stage:      ${l:-legacy mode: second stage (no PASID entries)}${l:+ (PGTT of the PASID entries)}"
		case "$mode" in
		blk) echo "DMAR faults: $(res_get "$name" dmar_faults_blk) while moving block data (dmesg)" ;;
		edu) echo "DMAR faults: $(res_get "$name" dmar_faults_edu) in the edu probe (dmesg, rate limited; expected)" ;;
		vfio) echo "DMAR faults: $(res_get "$name" dmar_faults_edu) from vfio_edu's DMAs to unmapped IOVAs (dmesg, rate limited; expected)" ;;
		*) echo "DMAR faults: $(res_get "$name" dmar_faults_blk) while moving block data, $(res_get "$name" dmar_faults_edu) in the edu probe (dmesg, rate limited; expected)" ;;
		esac
	fi
	grep '^TB: dev ' "$log" | sed 's/^TB: dev /device:     /' || true
	if [ "$(res_get "$name" bytes)" != 0 ]; then
		echo "moved:      $(( $(res_get "$name" bytes) >> 20 )) MiB through the IOMMU with O_DIRECT; host images verified: $(res_get "$name" hostok)"
	fi
	grep -E '^TB: vfio_edu: (iommu info|baseline|64M buffer|[0-9]+ passed)|^TB: vfio_edu took' "$log" |
		sed 's/^TB: /vfio:       /' || true
	grep -E '^TB: edu probe took|^TB: edu_probe: RESULT|^TB: edu_probe: .*DMAs|^TB: edu_probe: note' "$log" | grep -v 'RESULT pass=0 fail=0 skip=0' |
		sed 's/^TB: /edu:        /' || true
	echo "QEMU walker: $(res_get "$name" walker_trans) translations ($(( $(res_get "$name" walker_trans) - $(res_get "$name" walker_hits) )) page walks, $(res_get "$name" walker_hits) IOTLB hits, $(res_get "$name" walker_blocked) found no mapping), $(res_get "$name" walker_faults) fault events, $(res_get "$name" walker_errors) errors, $(res_get "$name" walker_inval) invalidations"
	echo "            translations per device: $(sed -n 's/^walker_dev_\(.*\)=\(.*\)/\1: \2/p' "$TB/$name.res" | paste -sd, - | sed 's/,/, /g')"
	echo "            highest IOVA $(res_get "$name" walker_maxiova); $(res_get "$name" walker_above4g) translations at >= 2^32, $(res_get "$name" walker_above48) at >= 2^48"
	echo "checks:     $(res_get "$name" npass) passed, $(res_get "$name" nfail) failed (guest)"
	echo "mismatches: $(res_get "$name" mism)"
	sed -n 's/^why=/problem:    /p' "$TB/$name.res"
	echo "verdict:    $(res_get "$name" verdict)  (log: ${log#$repo/})"
}

# One testbed run at a time per build dir (they share $TB); the kernel
# build inside takes the machine-wide kbuild lock as well.
testbed_lock() {
	mkdir -p "$TB"
	exec 8>>"$TB/.lock"
	if ! flock -n 8; then
		say "waiting for another testbed run in $TB"
		flock 8
	fi
}

# The iommufd stage: the selftests on the default testbed kernel, then on
# the debug one (KASAN, UBSAN, lockdep: an error path that fail_nth drives
# into a use-after-free or a bad lock shows only there). Per kernel: TAP
# totals per program, every skip with its reason, every problem. Then
# the result line: N counts tests that passed; M counts failed or
# missing tests, other problems (see ksft_verdict) and kernel report lines
# (scripts/kreports.sh) in the guest logs, each as one.
# TB_IOMMUFD_VARIANTS (default "iommufd iommufd-debug") picks the runs.
iommufd_stage() {
	local rc=0 pass=0 fail=0 name ksft reports p f vrc
	local names=(${TB_IOMMUFD_VARIANTS:-iommufd iommufd-debug})
	for name in "${names[@]}"; do
		variant "$name"
		build "$kernel"
	done
	build_selftests
	for name in "${names[@]}"; do
		ksft=$TB/run-$name/ksft vrc=0
		run_variant "$name" || vrc=1
		variant "$name"
		echo "=== iommufd selftests on the $kernel kernel ($(res_get "$name" secs) s in QEMU, TCG) ==="
		[ -z "${TB_KSFT_ARGS:-}" ] ||
			echo "NOTE: harness options '$TB_KSFT_ARGS': a subset of the tests ran"
		if [ -f "$ksft" ]; then
			awk -F= '
			$1 == "prog" { p = $2 }
			$1 == "plan" { plan[p] = $2 } $1 == "ran" { ran[p] = $2 }
			$1 == "pass" { pass[p] = $2 } $1 == "fail" { fail[p] = $2 }
			$1 == "skip" { skip[p] = $2 } $1 == "secs" { secs[p] = $2 }
			$1 == "injected" { sub(/^injected=/, ""); inj[p] = $0 }
			$1 == "cut_ran" { cut_ran[p] = $2 } $1 == "cut_pass" { cut_pass[p] = $2 }
			$1 == "totals" { sub(/^totals=/, ""); tot[p] = $0; order[++n] = p }
			END {
				for (i = 1; i <= n; i++) {
					p = order[i]
					printf "  %-17s plan %s, ran %s: %s passed, %s failed, %s skipped (%s s)\n",
						p, plan[p] == "" ? "none" : plan[p], ran[p], pass[p], fail[p], skip[p], secs[p] == "" ? "?" : secs[p]
					printf "  %-17s %s\n", "", tot[p] == "" ? "(no Totals line)" : tot[p]
					if (inj[p] != "" && p ~ /fail_nth/)
						printf "  %-17s injected allocation failures: %s\n", "", inj[p]
					if (cut_ran[p] != "")
						printf "  %-17s of them cut and reassemble (iommufd_cut): %s of %s passed\n", "", cut_pass[p], cut_ran[p]
				}
			}' "$ksft"
			if grep -q '^skipped=' "$ksft"; then
				echo "skipped:"
				sed -n 's/^skipped=/  /p' "$ksft"
			else
				echo "skipped: none"
			fi
		fi
		sed -n 's/^why=/problem: /p' "$TB/$name.res"
		reports=$(kernel_reports "$TB/$name.log" | grep -c . || true)
		if [ "$reports" -gt 0 ]; then
			echo "kernel reports in the guest log:"
			kernel_reports "$TB/$name.log" | head -n 20 | sed 's/^/  /'
		fi
		p=$(res_get "$name" npass) f=$(( $(res_get "$name" nfail) + reports ))
		[ "$vrc" -eq 0 ] || [ "$f" -gt 0 ] || f=1
		[ "$vrc" -eq 0 ] || rc=1
		pass=$((pass + ${p:-0})) fail=$((fail + f))
		echo "verdict: $(res_get "$name" verdict)  (log: ${TB#$repo/}/$name.log)"
	done
	echo "result: $pass passed, $fail failed"
	return "$rc"
}

cmd=${1:-run}
case "$cmd" in run|e2e|iommufd) testbed_lock ;; esac
case "$cmd" in
build)
	build "${2:-default}"
	;;
iommufd)
	iommufd_stage
	;;
run)
	name=${2:-default}
	# the selftest variant has its own report
	case "$name" in iommufd*) TB_IOMMUFD_VARIANTS=$name iommufd_stage; exit ;; esac
	variant "$name"
	build "$kernel"
	rc=0
	run_variant "$name" || rc=1
	summary "$name"
	if [ $rc -eq 0 ]; then
		echo "result: $(res_get "$name" npass) passed, 0 failed"
	else
		echo "result: $(res_get "$name" npass) passed, $(( $(res_get "$name" nfail) + 1 )) failed"
	fi
	exit $rc
	;;
e2e)
	build default
	build debug
	pass=0 fail=0
	for v in "${variants[@]}"; do
		if run_variant "$v"; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
		echo "$(res_get "$v" verdict) e2e-$v ($(res_get "$v" secs) s, $(res_get "$v" npass) guest checks passed, $(res_get "$v" nfail) failed, mismatches $(res_get "$v" mism))"
		sed -n 's/^why=/    /p' "$TB/$v.res"
	done
	echo "=== e2e matrix ($(elapsed) total) ==="
	for v in "${variants[@]}"; do
		printf '  %-17s %s  %4ss  format: %s\n' "$v" "$(res_get "$v" verdict)" \
			"$(res_get "$v" secs)" "$(res_get "$v" format)"
	done
	echo "result: $pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	;;
list)
	printf '%s\n' "${variants[@]}" iommufd iommufd-debug
	;;
*)
	die "usage: $0 build [KERNEL]|run [VARIANT]|e2e|iommufd|list"
	;;
esac
