# SPDX-License-Identifier: GPL-2.0
#
# Build/test pipeline for the Generic Page Table patch series on top of
# Debian's linux-source-6.12 (version pinned in BASE_VERSION).
#
#   make deps     install missing packages (apt)
#   make tree     assemble build/linux = base + overlay + patches/series
#   make kunit    run the KUnit suite; pass args with KUNIT_ARGS=... or ARGS=...
#   make check    run all test stages; ends with "check: N passed, M failed"
#   make run      build the testbed kernel, boot it in QEMU with an AMD IOMMU,
#                 move data through translated devices, print a summary
#                 (VARIANT=nohugepages|forcedac|edu|intel|... for another
#                 variant; ./scripts/testbed.sh list)
#   make e2e      the QEMU end-to-end matrix (scripts/testbed.sh)
#   make kunit-clang  the KUnit suites built with clang (LLVM=1)
#   make distro-build  Debian's amd64 config + the series: the touched
#                 directories built with W=1, no warning beyond the base's
#   make bisect   every commit of the exported series built W=1 and its
#                 KUnit suites run (scripts/bisect.sh --full; make check
#                 runs the build half)
#   make iommufd  the kernel's iommufd selftests (iommufd, iommufd_fail_nth)
#                 in the QEMU guest on the iommufd mock domain: the iommufd
#                 stage of make check (scripts/testbed.sh iommufd)
#   make kunit-smp  the KCSAN stage of make check plus every suite on the
#                 SMP KCSAN kernel (scripts/kunit-smp.sh, KUNIT_SMP_ALL=1)
#   make bench    KUnit benchmark vs the 6.12 code in QEMU (plain TCG and
#                 -icount): bench/report.md, bench/chart.png
#   make bench-user  userspace map/unmap cost table (callgrind + ns)
#   make fuzz-long   resumable libFuzzer campaign of the userspace harness,
#                 FUZZ_LONG_SECONDS (default 3600); corpus and crashes in
#                 build/fuzz
#   make export   the series as git format-patch files with a cover letter
#                 against the base, in build/export/series
#   make clean    remove build/ (the ccache lives elsewhere and is kept)

SHELL := /bin/bash
KUNIT_ARGS ?=
ARGS ?=

VARIANT ?= default

.PHONY: deps tree kunit kunit-smp kunit-clang distro-build bisect check bench bench-user fuzz-long export run e2e iommufd testbed clean

deps:
	./scripts/deps.sh

tree: deps
	./scripts/tree.sh

# set -f: a filter glob like 'amdv1_*' must reach kunit.py unexpanded.
kunit: tree
	set -f; ./scripts/kunit.sh $(KUNIT_ARGS) $(ARGS)

check: tree
	./scripts/check.sh

kunit-smp: tree
	KUNIT_SMP_ALL=1 ./scripts/kunit-smp.sh

# iommu_pt_bench on the reference profile, twice: bench/report.md + charts
bench: deps
	./scripts/bench.sh

# One series (overlay + patches/) for git am on the base; checked to
# rebuild the assembled tree byte for byte
export: tree
	./scripts/export.py

# Instructions (callgrind) and ns per map/unmap, per format and page size
# (the harness builds in the assembled tree, as it would in the kernel's)
bench-user: tree
	$(MAKE) -C build/linux/tools/testing/generic_pt bench

# Exploratory fuzzing apart from the gate's fixed run; resumes where the
# last session stopped and lists the distinct failures kept
FUZZ_LONG_SECONDS ?= 3600
fuzz-long: tree
	$(MAKE) -C build/linux/tools/testing/generic_pt fuzz-long \
		FUZZ_LONG_SECONDS=$(FUZZ_LONG_SECONDS) \
		FUZZ_LONG_DIR=$(CURDIR)/build/fuzz

run: tree
	./scripts/testbed.sh run $(VARIANT)

e2e: tree
	./scripts/testbed.sh e2e

distro-build: tree
	./scripts/distro-build.sh

bisect: tree
	./scripts/bisect.sh --full

kunit-clang: tree
	./scripts/kunit-clang.sh

iommufd: tree
	./scripts/testbed.sh iommufd

# just build the testbed kernel and edu_probe.ko
testbed: tree
	./scripts/testbed.sh build

clean:
	rm -rf build/
