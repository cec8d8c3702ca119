// SPDX-License-Identifier: GPL-2.0
/*
 * Linked into the iommufd selftests for the QEMU testbed with
 * -Wl,--wrap=alarm (scripts/testbed.sh, variant "iommufd").
 *
 * The kselftest harness of 6.12 (kselftest_harness.h) arms alarm() with a
 * per-test timeout fixed at build time (TEST_TIMEOUT_DEFAULT, 30 s) and
 * has no option or environment variable to change it. Under QEMU TCG the
 * guest runs many times slower than a host, so a test that takes seconds
 * on hardware (an iommufd_fail_nth sweep of a few hundred injected
 * failures in one test) would be killed as "timed out". This wrapper
 * multiplies every non-zero alarm() by KSFT_TIMEOUT_SCALE (a positive
 * integer from the environment; unset, empty or invalid: 1, unchanged).
 * The test sources stay as the kernel ships them.
 */
#include <stdlib.h>
#include <unistd.h>

unsigned int __real_alarm(unsigned int seconds);

unsigned int __wrap_alarm(unsigned int seconds)
{
	const char *s = getenv("KSFT_TIMEOUT_SCALE");
	unsigned long scale = 1;
	char *end;

	if (s && *s) {
		scale = strtoul(s, &end, 10);
		if (*end || !scale || scale > 1000)
			scale = 1;
	}
	return __real_alarm(seconds * scale);
}
