# SPDX-License-Identifier: GPL-2.0
#
# Sourced by the scripts that judge a kernel log (kunit-debug.sh,
# kunit-smp.sh, testbed.sh): what a line that opens a kernel report looks
# like. "BUG: " covers KASAN, KCSAN ("BUG: KCSAN: data-race in ..."),
# sleeping in atomic context and the rest of the BUG: family; "WARNING: "
# covers WARN*() and lockdep's headers, which the lockdep patterns name as
# well; kmemleak's reports count where kmemleak runs.
KREPORT_PAT='BUG: |UBSAN: |WARNING: |possible circular locking|possible recursive locking|inconsistent lock state|sleeping function called from invalid context|kmemleak: .*(suspected memory leak|unreferenced object)|Kernel panic|general protection fault|Oops: '

# kernel_reports LOG: the report lines of LOG (colour codes stripped)
kernel_reports() {
	sed 's/\x1b\[[0-9;]*m//g' "$1" | grep -E "$KREPORT_PAT" || true
}
