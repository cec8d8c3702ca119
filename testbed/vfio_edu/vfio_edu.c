// SPDX-License-Identifier: GPL-2.0
/*
 * vfio_edu - VFIO type1 end-to-end test with QEMU's edu device
 *
 * Runs as a static program in the testbed guest (scripts/testbed.sh,
 * variants vfio and intel-vfio). It binds the edu device (PCI 1234:11e8) to
 * vfio-pci, opens its group in a type1v2 container (/dev/vfio/vfio), maps
 * buffers of this process with VFIO_IOMMU_MAP_DMA and makes the edu device
 * DMA through them: the IOMMU walks the Generic Page Table that
 * vfio_iommu_type1 filled. Then it unmaps with VFIO_IOMMU_UNMAP_DMA, whose
 * vfio_unmap_unpin() takes the table's batch unmap (pt_iommu_unmap_batch())
 * and unpins the physical ranges it hands back, and checks that:
 *   - the unmap returns the size that was mapped;
 *   - a DMA to the old IOVA does not land in the buffer and a DMA from it
 *     does not read the buffer;
 *   - the pinned-page accounting (VmLck, the mm's locked_vm) is back where
 *     it was: an unpin of the wrong number of pages shows here;
 *   - no page of the buffer is still pinned (fork() copies pinned pages
 *     and shares the others: see pinned_pages()): an unpin of the wrong
 *     pages shows here;
 *   - the domain's debugfs dump (CONFIG_GENERIC_PT_DEBUGFS) lists the
 *     mappings while they exist and no leaf once they are gone.
 * The 64 MiB case is 4 KiB pages that are physically discontiguous (counted
 * from /proc/self/pagemap), 4 mappings unmapped in one call: more ranges
 * than one batch of the kernel holds (VFIO_IOMMU_TLB_SYNC_MAX, 512), so
 * the batch is emptied and continued many times.
 *
 * edu (QEMU hw/misc/edu.c, see testbed/NOTES.md): BAR0 registers 0x80 src,
 * 0x88 dst, 0x90 count, 0x98 cmd (bit 0 start, clears when done; bit 1:
 * 1 = edu buffer -> bus address, 0 = bus address -> edu buffer). The buffer
 * is at device address 0x40000, 4 KiB; QEMU 7.2 refuses 4096-byte transfers
 * (off by one), so every DMA moves 4095 bytes.
 *
 * Output: one "vfio_edu: PASS|FAIL ..." line per check, "vfio_edu: ..."
 * notes, and last "vfio_edu: N passed, M failed".
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/pci_regs.h>
#include <linux/vfio.h>

#define EDU_VENDOR	0x1234
#define EDU_DEVICE	0x11e8
#define EDU_REG_ID	0x00
#define EDU_REG_SRC	0x80
#define EDU_REG_DST	0x88
#define EDU_REG_CNT	0x90
#define EDU_REG_CMD	0x98
#define EDU_CMD_RUN	0x1
#define EDU_CMD_TO_BUS	0x2
#define EDU_BUF		0x40000
#define DMA_LEN		4095

#define PG		4096UL
#define SZ_64K		0x10000UL
#define SZ_2M		0x200000UL
#define SZ_16M		0x1000000UL

/* IOVA layout: everything below 256 MiB (edu's default 28-bit DMA mask) */
#define IOVA_STAGE	0x10000UL	/* 4K RW, the other end of every check */
#define IOVA_4K		0x20000UL	/* 4K RW */
#define IOVA_RO		0x30000UL	/* 4K read-only (device reads) */
#define IOVA_WO		0x40000UL	/* 4K write-only (device writes) */
#define IOVA_64K	0x100000UL	/* 64K RW */
#define IOVA_HUGE	0x400000UL	/* 2 x 2M hugetlb, 2M aligned */
#define IOVA_BIG	0x1000000UL	/* 64M of 4K pages in 4 mappings */
#define BIG_MAPS	4
#define BIG_SIZE	(BIG_MAPS * SZ_16M)

static int npass, nfail;
static int container = -1, group = -1, device = -1;
static uint8_t *bar;
static uint8_t *stage;
static char bdf[64];
static char dump_file[300];

static void out(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("vfio_edu: ", stdout);
	vprintf(fmt, ap);
	fputc('\n', stdout);
	fflush(stdout);
	va_end(ap);
}

static int check(int ok, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	printf("vfio_edu: %s ", ok ? "PASS" : "FAIL");
	vprintf(fmt, ap);
	fputc('\n', stdout);
	fflush(stdout);
	va_end(ap);
	if (ok)
		npass++;
	else
		nfail++;
	return ok;
}

static int write_file(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, val, strlen(val));
	close(fd);
	return n < 0 ? -errno : 0;
}

static long read_hex_file(const char *path)
{
	char buf[32] = "";
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	if (read(fd, buf, sizeof(buf) - 1) < 0)
		buf[0] = 0;
	close(fd);
	return strtol(buf, NULL, 16);
}

/* A "Key:   N kB" line of /proc/self/status or /proc/meminfo, in kB */
static long proc_kb(const char *file, const char *key)
{
	char line[256];
	size_t klen = strlen(key);
	long val = -1;
	FILE *f = fopen(file, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, key, klen) && line[klen] == ':') {
			val = strtol(line + klen + 1, NULL, 10);
			break;
		}
	}
	fclose(f);
	return val;
}

static long vmlck(void)
{
	return proc_kb("/proc/self/status", "VmLck");
}

/* ------------------------------------------------------------ binding --- */

static int find_edu(void)
{
	char path[300];
	struct dirent *de;
	DIR *d = opendir("/sys/bus/pci/devices");

	if (!d)
		return -1;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/vendor",
			 de->d_name);
		if (read_hex_file(path) != EDU_VENDOR)
			continue;
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/device",
			 de->d_name);
		if (read_hex_file(path) != EDU_DEVICE)
			continue;
		snprintf(bdf, sizeof(bdf), "%.63s", de->d_name);
		closedir(d);
		return 0;
	}
	closedir(d);
	return -1;
}

static int bind_vfio(void)
{
	char path[300], link[300];
	ssize_t n;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver_override",
		 bdf);
	if (write_file(path, "vfio-pci"))
		return check(0, "bind: write %s: %s", path, strerror(errno));
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver/unbind",
		 bdf);
	write_file(path, bdf);	/* not bound: nothing to do */
	write_file("/sys/bus/pci/drivers_probe", bdf);
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver", bdf);
	n = readlink(path, link, sizeof(link) - 1);
	link[n > 0 ? n : 0] = 0;
	return check(n > 0 && !strcmp(strrchr(link, '/') + 1, "vfio-pci"),
		     "edu %s bound to vfio-pci (driver: %s)", bdf,
		     n > 0 ? strrchr(link, '/') + 1 : "none");
}

/* The group number; the device must be alone in it */
static int edu_group(void)
{
	char path[300], link[300];
	struct dirent *de;
	int grp, ndev = 0;
	ssize_t n;
	DIR *d;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/iommu_group", bdf);
	n = readlink(path, link, sizeof(link) - 1);
	if (n <= 0) {
		check(0, "edu %s has no iommu group", bdf);
		return -1;
	}
	link[n] = 0;
	grp = atoi(strrchr(link, '/') + 1);
	snprintf(path, sizeof(path), "/sys/kernel/iommu_groups/%d/devices", grp);
	d = opendir(path);
	while (d && (de = readdir(d)))
		if (de->d_name[0] != '.')
			ndev++;
	if (d)
		closedir(d);
	check(ndev == 1, "edu %s is alone in iommu group %d (%d devices)",
	      bdf, grp, ndev);
	return grp;
}

/*
 * BAR0 accesses: user space has no readl()/writel(); a volatile access of
 * the register's width is what they do on x86
 */
static uint32_t rl(unsigned int reg)
{
	return *(volatile uint32_t *)(bar + reg);
}

static void wq(unsigned int reg, uint64_t val)
{
	*(volatile uint64_t *)(bar + reg) = val;
}

static uint64_t rq(unsigned int reg)
{
	return *(volatile uint64_t *)(bar + reg);
}

static int vfio_open(int grp)
{
	struct vfio_group_status gs = { .argsz = sizeof(gs) };
	struct vfio_iommu_type1_info info = { .argsz = sizeof(info) };
	struct vfio_region_info reg = { .argsz = sizeof(reg) };
	char path[64];
	uint16_t cmd;
	void *p;

	container = open("/dev/vfio/vfio", O_RDWR);
	if (!check(container >= 0, "open /dev/vfio/vfio%s%s",
		   container < 0 ? ": " : "",
		   container < 0 ? strerror(errno) : ""))
		return -1;
	if (!check(ioctl(container, VFIO_GET_API_VERSION) == VFIO_API_VERSION &&
		   ioctl(container, VFIO_CHECK_EXTENSION, VFIO_TYPE1v2_IOMMU) > 0,
		   "container: API version %d, type1v2 supported",
		   VFIO_API_VERSION))
		return -1;
	snprintf(path, sizeof(path), "/dev/vfio/%d", grp);
	group = open(path, O_RDWR);
	if (!check(group >= 0, "open %s", path))
		return -1;
	if (!check(!ioctl(group, VFIO_GROUP_GET_STATUS, &gs) &&
		   (gs.flags & VFIO_GROUP_FLAGS_VIABLE), "group %d viable", grp))
		return -1;
	if (!check(!ioctl(group, VFIO_GROUP_SET_CONTAINER, &container) &&
		   !ioctl(container, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU),
		   "group %d in a type1v2 container (VFIO_SET_IOMMU)", grp))
		return -1;
	if (!ioctl(container, VFIO_IOMMU_GET_INFO, &info))
		out("iommu info: flags 0x%x iova_pgsizes 0x%llx", info.flags,
		    (unsigned long long)info.iova_pgsizes);
	device = ioctl(group, VFIO_GROUP_GET_DEVICE_FD, bdf);
	if (!check(device >= 0, "VFIO_GROUP_GET_DEVICE_FD %s", bdf))
		return -1;

	/* memory space and bus mastering on, in config space */
	reg.index = VFIO_PCI_CONFIG_REGION_INDEX;
	if (ioctl(device, VFIO_DEVICE_GET_REGION_INFO, &reg) ||
	    pread(device, &cmd, 2, reg.offset + PCI_COMMAND) != 2)
		return check(0, "read the command register"), -1;
	cmd |= PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER;
	if (pwrite(device, &cmd, 2, reg.offset + PCI_COMMAND) != 2)
		return check(0, "write the command register"), -1;

	memset(&reg, 0, sizeof(reg));
	reg.argsz = sizeof(reg);
	reg.index = VFIO_PCI_BAR0_REGION_INDEX;
	if (ioctl(device, VFIO_DEVICE_GET_REGION_INFO, &reg))
		reg.size = 0;
	if (!check((reg.flags & VFIO_REGION_INFO_FLAG_MMAP) && reg.size >= PG,
		   "BAR0: %llu KiB, mmap-able",
		   (unsigned long long)reg.size >> 10))
		return -1;
	p = mmap(NULL, reg.size, PROT_READ | PROT_WRITE, MAP_SHARED, device,
		 reg.offset);
	if (!check(p != MAP_FAILED, "mmap BAR0"))
		return -1;
	bar = p;
	return check(rl(EDU_REG_ID) == 0x010000ed,
		     "edu ident 0x%08x through the BAR", rl(EDU_REG_ID)) ? 0 : -1;
}

/* ------------------------------------------------------------ edu DMA --- */

/* One 4095-byte DMA; to_bus: edu buffer -> iova, else iova -> edu buffer */
static int edu_dma(uint64_t iova, int to_bus)
{
	struct timespec t0, t;

	wq(EDU_REG_SRC, to_bus ? EDU_BUF : iova);
	wq(EDU_REG_DST, to_bus ? iova : EDU_BUF);
	wq(EDU_REG_CNT, DMA_LEN);
	wq(EDU_REG_CMD, EDU_CMD_RUN | (to_bus ? EDU_CMD_TO_BUS : 0));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (rq(EDU_REG_CMD) & EDU_CMD_RUN) {
		clock_gettime(CLOCK_MONOTONIC, &t);
		if (t.tv_sec - t0.tv_sec > 20) {
			check(0, "edu DMA %s 0x%llx did not finish in 20 s",
			      to_bus ? "to" : "from", (unsigned long long)iova);
			return -1;
		}
		usleep(1000);
	}
	return 0;
}

static uint8_t pat(uint32_t seed, size_t i)
{
	return (uint8_t)((seed * 2654435761u + i * 40503u) >> 11) ^
	       (uint8_t)(i >> 8);
}

static void fill(void *p, uint32_t seed, size_t len)
{
	uint8_t *b = p;
	size_t i;

	for (i = 0; i < len; i++)
		b[i] = pat(seed, i);
}

static int same(const void *p, uint32_t seed, size_t len)
{
	static uint8_t ref[PG];

	fill(ref, seed, len);
	return !memcmp(p, ref, len);
}

/* Load the edu buffer with pattern @seed through the staging page */
static int edu_load(uint32_t seed)
{
	fill(stage, seed, DMA_LEN);
	return edu_dma(IOVA_STAGE, 0);
}

/* Copy the edu buffer into the staging page (after filling it with @poison) */
static int edu_fetch(uint32_t poison)
{
	fill(stage, poison, PG);
	return edu_dma(IOVA_STAGE, 1);
}

static uint32_t seq = 1000;

/*
 * Device reads and writes through [iova, iova + 4095) mapped at @va:
 * @rd: the device reads the buffer (memory -> edu -> staging, compared);
 * @wr: the device writes it (staging -> edu -> memory, compared, and the
 * byte after the DMA untouched).
 */
static void dma_check(const char *what, uint64_t iova, uint8_t *va, int rd,
		      int wr)
{
	uint32_t a = seq++, b = seq++, c = seq++;

	if (rd) {
		fill(va, a, DMA_LEN);
		if (!edu_dma(iova, 0) && !edu_fetch(c))
			check(same(stage, a, DMA_LEN),
			      "%s iova 0x%llx: the device reads the buffer",
			      what, (unsigned long long)iova);
	}
	if (wr) {
		fill(va, c, DMA_LEN + 1);
		if (!edu_load(b) && !edu_dma(iova, 1))
			check(same(va, b, DMA_LEN) &&
			      va[DMA_LEN] == pat(c, DMA_LEN),
			      "%s iova 0x%llx: the device writes the buffer (not beyond)",
			      what, (unsigned long long)iova);
	}
}

/*
 * After the unmap (or where the mapping refuses it): a device write to the
 * IOVA must not reach the buffer, and a device read from it must not
 * return the buffer's data.
 */
static void dma_blocked(const char *what, uint64_t iova, uint8_t *va, int rd,
			int wr)
{
	uint32_t a = seq++, b = seq++, c = seq++;

	if (wr) {
		fill(va, a, DMA_LEN);
		if (!edu_load(b) && !edu_dma(iova, 1))
			check(same(va, a, DMA_LEN),
			      "%s iova 0x%llx: a device write does not land (memory unchanged)",
			      what, (unsigned long long)iova);
	}
	if (rd) {
		fill(va, a, DMA_LEN);
		if (!edu_load(b) && !edu_dma(iova, 0) && !edu_fetch(c))
			check(!same(stage, a, DMA_LEN) && !same(stage, c, DMA_LEN),
			      "%s iova 0x%llx: a device read does not see the buffer (read %s)",
			      what, (unsigned long long)iova,
			      same(stage, a, DMA_LEN) ? "the buffer's data" :
			      same(stage, b, DMA_LEN) ? "nothing: edu buffer unchanged" :
			      stage[0] == 0 && !memcmp(stage, stage + 1, DMA_LEN - 1) ?
			      "zeros" : "other data");
	}
}

/* ----------------------------------------------------------- map/unmap --- */

static int map(const char *what, uint64_t iova, void *va, uint64_t size,
	       uint32_t flags)
{
	struct vfio_iommu_type1_dma_map m = {
		.argsz = sizeof(m),
		.flags = flags,
		.vaddr = (uintptr_t)va,
		.iova = iova,
		.size = size,
	};
	int ret = ioctl(container, VFIO_IOMMU_MAP_DMA, &m);

	return check(!ret, "map %s: iova 0x%llx size 0x%llx%s%s%s", what,
		     (unsigned long long)iova, (unsigned long long)size,
		     flags == VFIO_DMA_MAP_FLAG_READ ? " read-only" :
		     flags == VFIO_DMA_MAP_FLAG_WRITE ? " write-only" : "",
		     ret ? ": " : "", ret ? strerror(errno) : "");
}

/* Unmap [iova, iova + size); returns what the kernel says it unmapped */
static uint64_t unmap(uint64_t iova, uint64_t size, int *err)
{
	struct vfio_iommu_type1_dma_unmap u = {
		.argsz = sizeof(u),
		.iova = iova,
		.size = size,
	};

	*err = ioctl(container, VFIO_IOMMU_UNMAP_DMA, &u) ? errno : 0;
	return u.size;
}

static void unmap_check(const char *what, uint64_t iova, uint64_t size)
{
	long before = vmlck(), after;
	uint64_t got;
	int err;

	got = unmap(iova, size, &err);
	after = vmlck();
	check(!err && got == size,
	      "unmap %s: iova 0x%llx size 0x%llx: unmapped 0x%llx%s%s", what,
	      (unsigned long long)iova, (unsigned long long)size,
	      (unsigned long long)got, err ? ": " : "",
	      err ? strerror(err) : "");
	check(before - after == (long)(size >> 10),
	      "unmap %s: VmLck %ld -> %ld kB (want -%llu kB: every page unpinned once)",
	      what, before, after, (unsigned long long)(size >> 10));
}

/* -------------------------------------------------------- debugfs dump --- */

/*
 * The Generic Page Table's dump of the container's domain: the file in
 * /sys/kernel/debug/generic_pt whose leaves include the staging IOVA.
 */
static void find_dump(void)
{
	const char *dir = "/sys/kernel/debug/generic_pt";
	char path[300], line[256], want[40];
	struct dirent *de;
	DIR *d = opendir(dir);
	FILE *f;

	snprintf(want, sizeof(want), "%016lx-", IOVA_STAGE);
	while (d && (de = readdir(d)) && !dump_file[0]) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		f = fopen(path, "r");
		while (f && fgets(line, sizeof(line), f))
			if (!strncmp(line, want, strlen(want)))
				snprintf(dump_file, sizeof(dump_file), "%s", path);
		if (f)
			fclose(f);
	}
	if (d)
		closedir(d);
	check(dump_file[0], "the container's domain is a Generic Page Table: %s maps iova 0x%lx",
	      dump_file[0] ? dump_file : "no generic_pt debugfs dump", IOVA_STAGE);
}

/* Leaves of the dump in [lo, hi); prints the first few and the summary */
static int dump_leaves(uint64_t lo, uint64_t hi, int show)
{
	char line[256];
	unsigned long long s, e;
	int n = 0;
	FILE *f = fopen(dump_file, "r");

	while (f && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		if (line[0] == '#') {
			if (show)
				out("dump | %s", line);
			continue;
		}
		if (sscanf(line, "%llx-%llx", &s, &e) != 2 || e < lo || s >= hi)
			continue;
		if (show && n < 8)
			out("dump | %s", line);
		n++;
	}
	if (f)
		fclose(f);
	return n;
}

/* -------------------------------------------------------------- pagemap --- */

/* Physically contiguous runs of the pages of [va, va + len) */
static long phys_runs(void *va, size_t len)
{
	size_t i, n = len / PG;
	uint64_t *pm = calloc(n, sizeof(*pm));
	long runs = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY);

	if (fd < 0 || !pm ||
	    pread(fd, pm, n * 8, (uintptr_t)va / PG * 8) != (ssize_t)(n * 8)) {
		runs = -1;
		goto out;
	}
	for (i = 0; i < n; i++) {
		uint64_t pfn = pm[i] & ((1ULL << 55) - 1);

		if (!(pm[i] >> 63) || !pfn) {
			runs = -1;	/* not present, or PFNs hidden */
			break;
		}
		if (!i || pfn != (pm[i - 1] & ((1ULL << 55) - 1)) + 1)
			runs++;
	}
out:
	if (fd >= 0)
		close(fd);
	free(pm);
	return runs;
}

/*
 * Pages of [va, va + len) that are still pinned, found by fork(): the child
 * gets a copy of every anonymous or hugetlb page that may be DMA-pinned
 * (page_needs_cow_for_dma(): the mm has pinned pages and the page's pin
 * count says so) and shares every other one, so a page whose PFN differs
 * between parent and child is pinned. This sees what VmLck cannot: the
 * unpin of a wrong page leaves the right one pinned.
 */
static long pinned_pages(void *va, size_t len)
{
	size_t i, n = len / PG;
	uint64_t *a = calloc(n, 8), *b = calloc(n, 8);
	int fd, pipefd[2];
	char path[64];
	long cnt = 0;
	pid_t pid;

	if (!a || !b || pipe(pipefd))
		return -1;
	pid = fork();
	if (!pid) {
		char c;

		close(pipefd[1]);
		read(pipefd[0], &c, 1);	/* until the parent has looked */
		_exit(0);
	}
	close(pipefd[0]);
	snprintf(path, sizeof(path), "/proc/%d/pagemap", (int)pid);
	fd = open(path, O_RDONLY);
	if (pid < 0 || fd < 0 ||
	    pread(fd, b, n * 8, (uintptr_t)va / PG * 8) != (ssize_t)(n * 8))
		cnt = -1;
	if (fd >= 0)
		close(fd);
	fd = open("/proc/self/pagemap", O_RDONLY);
	if (fd < 0 ||
	    pread(fd, a, n * 8, (uintptr_t)va / PG * 8) != (ssize_t)(n * 8))
		cnt = -1;
	if (fd >= 0)
		close(fd);
	close(pipefd[1]);
	if (pid > 0)
		waitpid(pid, NULL, 0);
	for (i = 0; cnt >= 0 && i < n; i++) {
		if (!(a[i] >> 63) || !(b[i] >> 63)) {
			cnt = -1;	/* not present */
			break;
		}
		if ((a[i] ^ b[i]) & ((1ULL << 55) - 1))
			cnt++;
	}
	free(a);
	free(b);
	return cnt;
}

static void pinned_check(const char *what, void *va, size_t len, long want)
{
	long got = pinned_pages(va, len);

	check(got == want, "%s: %ld of %zu pages still pinned (want %ld; fork copies a pinned page)",
	      what, got, len / PG, want);
}

/* ----------------------------------------------------------------- main --- */

static void *anon(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	memset(p, 0x5a, len);
	return p;
}

int main(void)
{
	uint8_t *b4k, *ro, *wo, *b64k, *huge = NULL, *big;
	long lck0, lck, free0, free1, runs;
	uint64_t got, mapped = 0;
	int grp, err, i, n;
	size_t off;

	setvbuf(stdout, NULL, _IOLBF, 0);
	/*
	 * 4K pages only outside hugetlb (the testbed kernel has THP and no
	 * madvise(): tinyconfig leaves out ADVISE_SYSCALLS)
	 */
	if (prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0))
		out("PR_SET_THP_DISABLE: %s", strerror(errno));
	if (find_edu()) {
		check(0, "no edu device (1234:11e8)");
		goto done;
	}
	if (!bind_vfio())
		goto done;
	grp = edu_group();
	if (grp < 0 || vfio_open(grp))
		goto done;

	free0 = proc_kb("/proc/meminfo", "MemFree");
	lck0 = vmlck();
	out("baseline: VmLck %ld kB, MemFree %ld kB", lck0, free0);

	/* staging page and the small mappings */
	stage = anon(PG);
	b4k = anon(PG);
	ro = anon(PG);
	wo = anon(PG);
	b64k = anon(SZ_64K);
	big = mmap(NULL, BIG_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (!stage || !b4k || !ro || !wo || !b64k || big == MAP_FAILED) {
		check(0, "allocate the buffers");
		goto done;
	}
	if (!map("stage 4K", IOVA_STAGE, stage, PG,
		 VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE))
		goto done;
	mapped += PG;
	find_dump();
	if (map("4K", IOVA_4K, b4k, PG,
		VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE))
		mapped += PG;
	if (map("ro 4K", IOVA_RO, ro, PG, VFIO_DMA_MAP_FLAG_READ))
		mapped += PG;
	if (map("wo 4K", IOVA_WO, wo, PG, VFIO_DMA_MAP_FLAG_WRITE))
		mapped += PG;
	if (map("64K", IOVA_64K, b64k, SZ_64K,
		VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE))
		mapped += SZ_64K;

	/* 2 x 2M hugetlb pages, if the guest reserved them (hugepages=) */
	huge = mmap(NULL, 2 * SZ_2M, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
	if (huge == MAP_FAILED) {
		huge = NULL;
		out("SKIP hugetlb: no 2M pages reserved (%s)", strerror(errno));
	} else {
		memset(huge, 0x5a, 2 * SZ_2M);
		if (map("hugetlb 2x2M", IOVA_HUGE, huge, 2 * SZ_2M,
			VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE))
			mapped += 2 * SZ_2M;
		else
			huge = NULL;
	}

	/*
	 * 64M of 4K pages, faulted in even pages first, then odd ones, so no
	 * two neighbours are physically adjacent: every page is its own range
	 */
	for (off = 0; off < BIG_SIZE; off += 2 * PG)
		big[off] = 1;
	for (off = PG; off < BIG_SIZE; off += 2 * PG)
		big[off] = 1;
	runs = phys_runs(big, BIG_SIZE);
	out("64M buffer: %lu pages in %ld physically contiguous runs (the kernel's batch holds 512 ranges)",
	    BIG_SIZE / PG, runs);
	check(runs > 4 * 512,
	      "64M buffer: %ld physical runs, more than 4 batches of 512", runs);
	n = 0;
	for (i = 0; i < BIG_MAPS; i++)
		n += map("64M part", IOVA_BIG + i * SZ_16M, big + i * SZ_16M,
			 SZ_16M, VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE);
	if (n == BIG_MAPS)
		mapped += BIG_SIZE;

	lck = vmlck();
	check(lck - lck0 == (long)(mapped >> 10),
	      "after the maps: VmLck %ld -> %ld kB (+%llu kB mapped)", lck0, lck,
	      (unsigned long long)(mapped >> 10));
	if (dump_file[0]) {
		n = dump_leaves(0, 1ULL << 28, 1);
		check(n > 0, "the dump lists %d leaf runs below 256M", n);
	}
	/* the pin oracle sees every mapped page */
	pinned_check("mapped 64K", b64k, SZ_64K, SZ_64K / PG);
	pinned_check("mapped 64M", big, BIG_SIZE, BIG_SIZE / PG);
	if (huge)
		pinned_check("mapped hugetlb", huge, 2 * SZ_2M, 2 * SZ_2M / PG);

	/* the type1v2 container refuses an unmap that cuts a mapping */
	got = unmap(IOVA_64K + PG, PG, &err);
	check(err == EINVAL, "unmap of 4K inside the 64K mapping refused (%s)",
	      err ? strerror(err) : got ? "unmapped" : "succeeded");

	/* DMA both ways through every mapping */
	dma_check("4K", IOVA_4K, b4k, 1, 1);
	dma_check("64K first page", IOVA_64K, b64k, 1, 1);
	dma_check("64K last page", IOVA_64K + SZ_64K - PG, b64k + SZ_64K - PG, 1, 1);
	dma_check("ro 4K", IOVA_RO, ro, 1, 0);
	dma_blocked("ro 4K (write refused)", IOVA_RO, ro, 0, 1);
	dma_check("wo 4K", IOVA_WO, wo, 0, 1);
	if (huge) {
		dma_check("hugetlb +0", IOVA_HUGE, huge, 1, 1);
		dma_check("hugetlb +2M+1M", IOVA_HUGE + SZ_2M + SZ_2M / 2,
			  huge + SZ_2M + SZ_2M / 2, 1, 1);
	}
	dma_check("64M first page", IOVA_BIG, big, 1, 1);
	dma_check("64M at +16M-4K", IOVA_BIG + SZ_16M - PG, big + SZ_16M - PG, 1, 1);
	dma_check("64M last page", IOVA_BIG + BIG_SIZE - PG, big + BIG_SIZE - PG, 1, 1);

	/* unmap, then the old IOVAs must not reach the memory */
	unmap_check("4K", IOVA_4K, PG);
	pinned_check("unmapped 4K", b4k, PG, 0);
	dma_blocked("4K after unmap", IOVA_4K, b4k, 1, 1);
	unmap_check("ro 4K", IOVA_RO, PG);
	unmap_check("wo 4K", IOVA_WO, PG);
	dma_blocked("wo 4K after unmap", IOVA_WO, wo, 0, 1);
	unmap_check("64K", IOVA_64K, SZ_64K);
	pinned_check("unmapped 64K", b64k, SZ_64K, 0);
	dma_blocked("64K after unmap, first page", IOVA_64K, b64k, 1, 1);
	dma_blocked("64K after unmap, last page", IOVA_64K + SZ_64K - PG,
		    b64k + SZ_64K - PG, 1, 1);
	if (huge) {
		unmap_check("hugetlb 2x2M", IOVA_HUGE, 2 * SZ_2M);
		pinned_check("unmapped hugetlb", huge, 2 * SZ_2M, 0);
		dma_blocked("hugetlb after unmap +0", IOVA_HUGE, huge, 1, 1);
		dma_blocked("hugetlb after unmap +2M+1M",
			    IOVA_HUGE + SZ_2M + SZ_2M / 2,
			    huge + SZ_2M + SZ_2M / 2, 1, 1);
	}
	/* the 4 mappings of the 64M buffer in one call */
	unmap_check("64M (4 mappings, one call)", IOVA_BIG, BIG_SIZE);
	pinned_check("unmapped 64M", big, BIG_SIZE, 0);
	dma_blocked("64M after unmap, first page", IOVA_BIG, big, 1, 1);
	dma_blocked("64M after unmap, +16M-4K", IOVA_BIG + SZ_16M - PG,
		    big + SZ_16M - PG, 1, 1);
	dma_blocked("64M after unmap, +40M", IOVA_BIG + 40 * 0x100000UL,
		    big + 40 * 0x100000UL, 1, 1);
	dma_blocked("64M after unmap, last page", IOVA_BIG + BIG_SIZE - PG,
		    big + BIG_SIZE - PG, 1, 1);
	/* the staging page still works: the unmaps took nothing else */
	dma_check("stage after the other unmaps", IOVA_STAGE, stage, 1, 1);
	if (dump_file[0]) {
		n = dump_leaves(0, 1ULL << 28, 1);
		check(n == 1, "after the unmaps the dump lists %d leaf run (the staging page's)", n);
	}
	unmap_check("stage 4K", IOVA_STAGE, PG);
	lck = vmlck();
	check(lck == lck0, "after every unmap: VmLck %ld kB, baseline %ld kB",
	      lck, lck0);

	/*
	 * Only a note: freed pages wait in the per-cpu lists, which MemFree
	 * does not count and whose size 6.12 tunes up after frees as large
	 * as the fork()s' copies (44 MiB short seen); pinned_pages() is the
	 * check
	 */
	munmap(big, BIG_SIZE);
	if (huge)
		munmap(huge, 2 * SZ_2M);
	munmap(b64k, SZ_64K);
	free1 = proc_kb("/proc/meminfo", "MemFree");
	out("MemFree %ld -> %ld kB after unmap and munmap", free0, free1);
done:
	if (device >= 0)
		close(device);
	if (group >= 0)
		close(group);
	if (container >= 0)
		close(container);
	out("%d passed, %d failed", npass, nfail);
	return nfail ? 1 : 0;
}
