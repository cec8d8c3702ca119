// SPDX-License-Identifier: GPL-2.0
/*
 * edu_probe - drive QEMU's "edu" PCI device (1234:11e8) through an IOMMU
 * page table we control, and check every DMA against memory.
 *
 * Testbed tooling, not part of the kernel series. Built out of tree against
 * build/kernel-x86_64 by scripts/testbed.sh and loaded by testbed/init.
 *
 * The edu device (QEMU hw/misc/edu.c) has a 4 KiB internal buffer at device
 * address 0x40000 and a DMA engine: registers 0x80 src, 0x88 dst, 0x90 count,
 * 0x98 cmd (bit 0 start, bit 1 direction: 1 = edu buffer -> bus address,
 * 0 = bus address -> edu buffer). The engine runs from a 100 ms virtual-time
 * timer; cmd bit 0 clears when it is done. Bus addresses are ANDed with the
 * device's dma_mask property (default 28 bits: run QEMU with
 * dma_mask=0xffffffffffffffff). The CPU cannot see the buffer, so every check
 * is a round trip through a 4 KiB "staging" page mapped in the same domain.
 *
 * On module load:
 *   1. for every PCI device with an IOMMU domain, print its group, domain
 *      type and page sizes ("edu_probe: dev ...");
 *   2. if an edu device is present: allocate an unmanaged paging domain,
 *      attach it, and for every page size the domain offers among 4K, 16K,
 *      64K, 2M, 8M, 1G, in IOVA bands at 2^32, 2^39, 2^48 and 2^57 (the
 *      higher bands make a growable table add levels on demand):
 *        map, DMA known patterns to and from the first/middle/last 4 KiB,
 *        verify them in the backing memory (and that the neighbouring pages
 *        did not change), unmap, DMA again and verify nothing reached
 *        memory and no data came back.
 *      When the aperture ends below the top band (VT-d: 2^39 or 2^48, or
 *      2^47 for a first-stage table), one more band sits at its end, and
 *      the last 4K page and the last leaf of the largest size that fits
 *      are mapped too.
 *      Then a read-only and a write-only mapping must each block the other
 *      direction.
 *   3. stale translations (QEMU's VT-d model keeps each leaf translation in
 *      its IOTLB until the guest invalidates it, and honours page-selective
 *      invalidation, so a flush that misses a page leaves it translating):
 *        remap: for every page size, map X -> A, DMA (fills the IOTLB),
 *          unmap, map X -> B, DMA again: B's data must come back. Sizes
 *          below 64K are mapped as a 64K range and read at its last page.
 *        split: for every size above 4K, map one leaf, DMA into its middle,
 *          unmap 4K at its start: the whole leaf goes (DESIGN.md section 4,
 *          and the 6.12 drivers), and DMA into its middle must not land.
 *      shorten_flush=1 proves these checks can fail: the probe unmaps with
 *      iommu_unmap_fast() and shrinks the gather to its first 4 KiB before
 *      iommu_iotlb_sync(). With page-selective invalidation and no
 *      caching mode, the remap check must then FAIL (testbed/NOTES.md).
 * Each case prints one "edu_probe: PASS|FAIL|SKIP ..." line; the last line
 * is "edu_probe: RESULT pass=N fail=M skip=K". With report_only=1 only
 * step 1 runs.
 *
 * Backing memory for large pages must be memory this module owns: boot with
 * memmap=1G$<base> (an E820 reserved, 1 GiB aligned range QEMU backs with
 * RAM) and load with resv_base=<base> resv_size=0x40000000. Without it,
 * sizes up to MAX_PAGE_ORDER come from the page allocator and larger ones
 * are skipped.
 */
#include <linux/delay.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/io-64-nonatomic-lo-hi.h>
#include <linux/iommu.h>
#include <linux/ioport.h>
#include <linux/jiffies.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/sizes.h>
#if __has_include(<linux/generic_pt/iommu.h>)
#include <linux/generic_pt/iommu.h>
#define HAVE_GENPT 1
#endif

#define EDU_VENDOR	0x1234
#define EDU_DEVICE	0x11e8

#define EDU_REG_ID	0x00
#define EDU_REG_LIVE	0x04
#define EDU_REG_SRC	0x80
#define EDU_REG_DST	0x88
#define EDU_REG_CNT	0x90
#define EDU_REG_CMD	0x98
#define  EDU_CMD_RUN	BIT(0)
#define  EDU_CMD_TO_BUS	BIT(1)	/* edu buffer -> bus address */
#define EDU_BUF		0x40000
#define WIN		SZ_4K	/* one check = one 4 KiB window (page) */

#define STAGE_IOVA	0x10000000ULL	/* 256M: the staging page */
#define RO_IOVA		0x20000000ULL	/* 512M: read-only cases */
#define WO_IOVA		0x30000000ULL	/* 768M: write-only case */

static ulong resv_base;
module_param(resv_base, ulong, 0444);
MODULE_PARM_DESC(resv_base, "physical base of a memmap= reserved range (1G aligned)");
static ulong resv_size;
module_param(resv_size, ulong, 0444);
MODULE_PARM_DESC(resv_size, "size of that range");

/*
 * Bytes per DMA. QEMU 7.2's edu_check_range() wants the exclusive end of
 * the transfer to lie strictly inside the buffer, so a 4096-byte DMA at
 * 0x40000 aborts QEMU ("hw_error: EDU: DMA range ... out of bounds"): the
 * largest transfer is 4095 bytes. The last byte of each 4 KiB window is
 * then checked to be unchanged instead.
 */
static bool report_only;
module_param(report_only, bool, 0444);
MODULE_PARM_DESC(report_only, "only print the domains (step 1), drive no edu device");

static bool shorten_flush;
module_param(shorten_flush, bool, 0444);
MODULE_PARM_DESC(shorten_flush, "debug: flush only the first 4 KiB of every unmap the stale checks do (must make them FAIL)");

/*
 * VT-d cannot map write-only: 6.12 sets bit 0 (R) on every second-stage
 * leaf, the first-stage format has no read permission to clear, and the
 * generic vtdss/x86_64 formats keep that (fmt/vtdss.h). There the
 * write-only case requires the read to succeed instead.
 */
static bool wo_readable;
module_param(wo_readable, bool, 0444);
MODULE_PARM_DESC(wo_readable, "write-only mappings are readable on this IOMMU (VT-d): require it");

static unsigned int dma_len = 4095;
module_param(dma_len, uint, 0444);
MODULE_PARM_DESC(dma_len, "bytes per edu DMA (1..4096; QEMU 7.2 needs <= 4095)");

static const u64 sizes[] = { SZ_4K, SZ_16K, SZ_64K, SZ_2M, SZ_8M, SZ_1G };
static const u64 bands[] = { 1ULL << 32, 1ULL << 39, 1ULL << 48, 1ULL << 57 };
#define TOP_SPAN	SZ_16G	/* the top band: the aperture's last 16 GiB */
/* backing slots (see get_backing) beyond the bands */
#define SLOT_RO		(ARRAY_SIZE(bands))
#define SLOT_WO		(ARRAY_SIZE(bands) + 1)
#define SLOT_TOP	(ARRAY_SIZE(bands) + 2)
#define SLOT_LAST	(ARRAY_SIZE(bands) + 3)
#define SLOT_A		(ARRAY_SIZE(bands) + 4)
#define SLOT_B		(ARRAY_SIZE(bands) + 5)
#define STALE_IOVA	0x1000000000ULL	/* 64G: stale-translation cases */

struct probe {
	struct pci_dev *pdev;
	void __iomem *mmio;
	struct iommu_domain *dom;
	struct page *stage_page;
	u64 *stage;
	void *resv;
	u64 seed;
	unsigned int pass, fail, skip, dmas;
	bool dead;		/* the DMA engine hung: stop */
};

static unsigned int g_pass, g_fail, g_skip;

/*
 * Levels of a domain whose page table is the generic page table (amdv1,
 * x86_64 or vtdss), from the library's own hw_info; 0 when unknown (6.12's
 * io_pgtable, or another driver). symbol_get() keeps the module loadable
 * on kernels without these symbols.
 */
static int table_levels(struct iommu_domain *d)
{
	int levels = 0;
#ifdef HAVE_GENPT
	typeof(&pt_iommu_amdv1_map_pages) amd_map;
	typeof(&pt_iommu_amdv1_hw_info) amd_info;
	typeof(&pt_iommu_x86_64_map_pages) x86_map;
	typeof(&pt_iommu_x86_64_hw_info) x86_info;
	typeof(&pt_iommu_vtdss_map_pages) ss_map;
	typeof(&pt_iommu_vtdss_hw_info) ss_info;

	if (!d->ops)
		return 0;
	amd_map = symbol_get(pt_iommu_amdv1_map_pages);
	amd_info = symbol_get(pt_iommu_amdv1_hw_info);
	x86_map = symbol_get(pt_iommu_x86_64_map_pages);
	x86_info = symbol_get(pt_iommu_x86_64_hw_info);
	ss_map = symbol_get(pt_iommu_vtdss_map_pages);
	ss_info = symbol_get(pt_iommu_vtdss_hw_info);
	if (amd_map && amd_info && d->ops->map_pages == amd_map) {
		struct pt_iommu_amdv1_hw_info info = {};

		amd_info(container_of(d, struct pt_iommu_amdv1, iommu.domain), &info);
		levels = info.mode;
	} else if (x86_map && x86_info && d->ops->map_pages == x86_map) {
		struct pt_iommu_x86_64_hw_info info = {};

		x86_info(container_of(d, struct pt_iommu_x86_64, iommu.domain), &info);
		levels = info.levels;
	} else if (ss_map && ss_info && d->ops->map_pages == ss_map) {
		struct pt_iommu_vtdss_hw_info info = {};

		ss_info(container_of(d, struct pt_iommu_vtdss, iommu.domain), &info);
		levels = info.aw + 2;
	}
	if (amd_map)
		symbol_put(pt_iommu_amdv1_map_pages);
	if (amd_info)
		symbol_put(pt_iommu_amdv1_hw_info);
	if (x86_map)
		symbol_put(pt_iommu_x86_64_map_pages);
	if (x86_info)
		symbol_put(pt_iommu_x86_64_hw_info);
	if (ss_map)
		symbol_put(pt_iommu_vtdss_map_pages);
	if (ss_info)
		symbol_put(pt_iommu_vtdss_hw_info);
#endif
	return levels;
}

#define P_PASS(p, fmt, ...) \
	do { (p)->pass++; pr_info("edu_probe: PASS " fmt "\n", ##__VA_ARGS__); } while (0)
#define P_FAIL(p, fmt, ...) \
	do { (p)->fail++; pr_err("edu_probe: FAIL " fmt "\n", ##__VA_ARGS__); } while (0)
#define P_SKIP(p, fmt, ...) \
	do { (p)->skip++; pr_info("edu_probe: SKIP " fmt "\n", ##__VA_ARGS__); } while (0)

static u64 mix(u64 seed, u64 i)
{
	u64 x = seed + (i + 1) * 0x9e3779b97f4a7c15ULL;

	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static u64 next_seed(struct probe *p)
{
	return mix(p->seed++, 0x5eed);
}

static u8 pat_buf[WIN];	/* the probe is single threaded */

static void gen(u64 seed)
{
	u64 *w = (u64 *)pat_buf;
	unsigned int i;

	for (i = 0; i < WIN / 8; i++)
		w[i] = mix(seed, i);
}

static void fill(void *va, u64 seed)
{
	gen(seed);
	memcpy(va, pat_buf, WIN);
}

/* Bytes in [from, to) of a window that differ from the pattern. */
static unsigned int diff_range(const void *va, u64 seed, unsigned int from,
			       unsigned int to)
{
	const u8 *b = va;
	unsigned int i, n = 0;

	gen(seed);
	for (i = from; i < to; i++)
		n += READ_ONCE(b[i]) != pat_buf[i];
	return n;
}

/* the bytes one DMA moves */
static unsigned int diff(const void *va, u64 seed)
{
	return diff_range(va, seed, 0, dma_len);
}

/* the whole 4 KiB window */
static unsigned int diff_all(const void *va, u64 seed)
{
	return diff_range(va, seed, 0, WIN);
}

static bool all_zero(const void *va)
{
	const u8 *b = va;
	unsigned int i;

	for (i = 0; i < dma_len; i++)
		if (READ_ONCE(b[i]))
			return false;
	return true;
}

/* One 4 KiB DMA. to_bus: edu buffer -> bus address, else bus -> buffer. */
static int edu_dma(struct probe *p, u64 bus, bool to_bus)
{
	unsigned long timeout = jiffies + 10 * HZ;

	if (p->dead)
		return -EIO;
	p->dmas++;
	writeq(to_bus ? EDU_BUF : bus, p->mmio + EDU_REG_SRC);
	writeq(to_bus ? bus : EDU_BUF, p->mmio + EDU_REG_DST);
	writeq(dma_len, p->mmio + EDU_REG_CNT);
	writeq(EDU_CMD_RUN | (to_bus ? EDU_CMD_TO_BUS : 0), p->mmio + EDU_REG_CMD);
	while (readq(p->mmio + EDU_REG_CMD) & EDU_CMD_RUN) {
		if (time_after(jiffies, timeout)) {
			P_FAIL(p, "edu DMA engine did not finish (bus %#llx, to_bus %d)",
			       bus, to_bus);
			p->dead = true;
			return -ETIMEDOUT;
		}
		usleep_range(2000, 4000);
	}
	return 0;
}

/* device reads bus address into its buffer */
static int dev_read(struct probe *p, u64 iova)
{
	return edu_dma(p, iova, false);
}

/* device writes its buffer to bus address */
static int dev_write(struct probe *p, u64 iova)
{
	return edu_dma(p, iova, true);
}

/* Load the edu buffer with a pattern, through the staging page. */
static int load_buf(struct probe *p, u64 seed)
{
	fill(p->stage, seed);
	return dev_read(p, STAGE_IOVA);
}

/* Read the window at @iova through the device into the staging page. */
static int fetch(struct probe *p, u64 iova, u64 junk)
{
	int ret;

	fill(p->stage, junk);
	ret = dev_read(p, iova);
	if (!ret)
		ret = dev_write(p, STAGE_IOVA);
	return ret;
}

static const char *sz_name(u64 sz)
{
	switch (sz) {
	case SZ_4K: return "4K";
	case SZ_16K: return "16K";
	case SZ_64K: return "64K";
	case SZ_2M: return "2M";
	case SZ_8M: return "8M";
	case SZ_1G: return "1G";
	}
	return "?";
}

struct backing {
	phys_addr_t pa;
	void *va;
	struct page *page;	/* when from the page allocator */
	unsigned int order;
};

/*
 * Backing memory for one mapping: from the reserved range (each size/slot
 * gets its own 8M-aligned piece of the first 1G, a 1G page the first 1G,
 * or in slot SLOT_B the second when 2G are reserved), else from the page
 * allocator (naturally aligned), else none.
 */
static int get_backing(struct probe *p, u64 size, unsigned int si,
		       unsigned int bi, struct backing *b, const char **why)
{
	memset(b, 0, sizeof(*b));
	if (p->resv) {
		u64 off = size < SZ_1G ? bi * SZ_64M + si * SZ_8M :
			bi == SLOT_B ? SZ_1G : 0;

		if (off + size <= resv_size && IS_ALIGNED(resv_base + off, size)) {
			b->pa = resv_base + off;
			b->va = p->resv + off;
			return 0;
		}
	}
	if (get_order(size) <= MAX_PAGE_ORDER) {
		b->order = get_order(size);
		b->page = alloc_pages(GFP_KERNEL | __GFP_NOWARN, b->order);
		if (b->page) {
			b->pa = page_to_phys(b->page);
			b->va = page_address(b->page);
			return 0;
		}
		*why = "page allocation failed";
		return -ENOMEM;
	}
	*why = p->resv ? "reserved range too small or misaligned" :
		"no module-owned backing (boot with memmap=1G$0x100000000 and load with resv_base=/resv_size=)";
	return -ENOMEM;
}

static void put_backing(struct backing *b)
{
	if (b->page)
		__free_pages(b->page, b->order);
}

/*
 * One mapping of one page size: map, DMA both ways through the
 * first/middle/last 4 KiB, check memory, unmap, DMA again.
 */
static void map_case(struct probe *p, u64 iova, u64 size, struct backing *b)
{
	u64 offs[3] = { 0, size / 2, size - WIN };
	u64 cbase = next_seed(p), q[3], pat, junk;
	unsigned int n = size == WIN ? 1 : 3, i, j, bad;
	const char *sz = sz_name(size);
	char what[96], lv[24] = "";
	phys_addr_t got;
	size_t unmapped;
	int ret, levels;

	snprintf(what, sizeof(what), "%s page iova %#llx -> pa %#llx", sz,
		 iova, (u64)b->pa);

	/*
	 * Every window and its neighbours (inside the mapping) hold a canary
	 * that depends on the page's offset: mix(cbase, offset).
	 */
	for (i = 0; i < n; i++)
		for (j = 0; j < 3; j++) {
			s64 o = offs[i] + ((s64)j - 1) * WIN;

			if (o >= 0 && o + WIN <= size)
				fill(b->va + o, mix(cbase, o));
		}

	ret = iommu_map(p->dom, iova, b->pa, size, IOMMU_READ | IOMMU_WRITE,
			GFP_KERNEL);
	if (ret) {
		P_FAIL(p, "map %s: iommu_map: %d", what, ret);
		return;
	}

	levels = table_levels(p->dom);
	if (levels)
		snprintf(lv, sizeof(lv), ", table %d levels", levels);
	bad = 0;
	for (i = 0; i < n; i++) {
		got = iommu_iova_to_phys(p->dom, iova + offs[i] + 8);
		if (got != b->pa + offs[i] + 8) {
			P_FAIL(p, "map %s: iova_to_phys(+%#llx) = %#llx", what,
			       offs[i] + 8, (u64)got);
			bad++;
		}
	}

	/* Device writes: one pattern to every window. */
	pat = next_seed(p);
	ret = load_buf(p, pat);
	for (i = 0; i < n && !ret; i++)
		ret = dev_write(p, iova + offs[i]);
	for (i = 0; i < n && !ret; i++) {
		/* the DMA'd bytes hold the pattern, the rest the canary */
		unsigned int d = diff(b->va + offs[i], pat) +
			diff_range(b->va + offs[i], mix(cbase, offs[i]), dma_len, WIN);

		if (d) {
			P_FAIL(p, "map %s: device write to +%#llx: %u/4096 bytes wrong in memory%s",
			       what, offs[i], d,
			       diff(b->va + offs[i], mix(cbase, offs[i])) ? "" : " (untouched)");
			bad++;
		}
		for (j = 0; j < 3; j += 2) {
			s64 o = offs[i] + ((s64)j - 1) * WIN;
			bool hit = false;
			unsigned int k;

			if (o < 0 || o + WIN > size)
				continue;
			/* a neighbour may be another window */
			for (k = 0; k < n; k++)
				hit |= offs[k] == o;
			if (!hit && diff_all(b->va + o, mix(cbase, o))) {
				P_FAIL(p, "map %s: neighbour +%#llx of +%#llx changed",
				       what, (u64)o, offs[i]);
				bad++;
			}
		}
	}

	/* Device reads: a distinct pattern per window. */
	for (i = 0; i < n && !ret; i++) {
		q[i] = next_seed(p);
		fill(b->va + offs[i], q[i]);
		ret = fetch(p, iova + offs[i], next_seed(p));
		if (!ret && diff(p->stage, q[i])) {
			P_FAIL(p, "map %s: device read of +%#llx returned %s", what,
			       offs[i], all_zero(p->stage) ? "zeros" : "wrong data");
			bad++;
		}
	}
	if (ret)
		P_FAIL(p, "map %s: DMA error %d", what, ret);
	else if (!bad)
		P_PASS(p, "map %s: %u window%s written and read by the device%s",
		       what, n, n > 1 ? "s" : "", lv);

	unmapped = iommu_unmap(p->dom, iova, size);
	if (unmapped != size) {
		P_FAIL(p, "unmap %s: iommu_unmap returned %#zx", what, unmapped);
		return;
	}
	if (p->dead)
		return;

	/* After unmap: writes must not land, reads must not return memory. */
	bad = 0;
	got = iommu_iova_to_phys(p->dom, iova + offs[n - 1]);
	if (got) {
		P_FAIL(p, "unmap %s: iova_to_phys still %#llx", what, (u64)got);
		bad++;
	}
	pat = next_seed(p);
	ret = load_buf(p, pat);
	if (!ret)
		ret = dev_write(p, iova + offs[0]);
	if (!ret)
		ret = dev_write(p, iova + offs[n - 1]);
	for (i = 0; i < n && !ret; i += n - 1 ? n - 1 : 1) {
		if (diff_all(b->va + offs[i], q[i])) {
			P_FAIL(p, "unmap %s: device write to unmapped +%#llx reached memory%s",
			       what, offs[i],
			       diff(b->va + offs[i], pat) ? " (partly)" : "");
			bad++;
		}
	}
	junk = next_seed(p);
	i = n / 2;
	if (!ret)
		ret = fetch(p, iova + offs[i], junk);
	if (!ret) {
		if (!diff(p->stage, q[i])) {
			P_FAIL(p, "unmap %s: device read of unmapped +%#llx returned the memory",
			       what, offs[i]);
			bad++;
		} else if (!all_zero(p->stage)) {
			/* QEMU reads zeros on a failed translation; anything else is news */
			pr_info("edu_probe: note: read of unmapped iova returned %s\n",
				!diff(p->stage, pat) ? "the previous buffer" : "non-zero data");
		}
	}
	if (ret)
		P_FAIL(p, "unmap %s: DMA error %d", what, ret);
	else if (!bad)
		P_PASS(p, "unmap %s: device writes dropped, reads blocked", what);
}

/* A mapping with only one permission: the other direction must fail. */
static void perm_case(struct probe *p, u64 iova, u64 size, int prot,
		      struct backing *b)
{
	const char *kind = prot == IOMMU_READ ? "read-only" : "write-only";
	u64 off = size - WIN, q = next_seed(p), pat;
	unsigned int bad = 0;
	int ret;

	fill(b->va + off, q);
	ret = iommu_map(p->dom, iova, b->pa, size, prot, GFP_KERNEL);
	if (ret) {
		P_FAIL(p, "%s %s iova %#llx: iommu_map: %d", kind, sz_name(size),
		       iova, ret);
		return;
	}
	/* device read */
	ret = fetch(p, iova + off, next_seed(p));
	if (!ret) {
		bool got_it = !diff(p->stage, q);

		if (prot == IOMMU_READ && !got_it) {
			P_FAIL(p, "%s %s: device read failed", kind, sz_name(size));
			bad++;
		} else if (prot == IOMMU_WRITE && got_it && !wo_readable) {
			P_FAIL(p, "%s %s: device read returned memory", kind, sz_name(size));
			bad++;
		} else if (prot == IOMMU_WRITE && !got_it && wo_readable) {
			P_FAIL(p, "%s %s: device read failed, but write-only mappings are readable on VT-d (wo_readable=1)",
			       kind, sz_name(size));
			bad++;
		}
	}
	/* device write */
	pat = next_seed(p);
	if (!ret)
		ret = load_buf(p, pat);
	if (!ret)
		ret = dev_write(p, iova + off);
	if (!ret) {
		bool landed = !diff(b->va + off, pat);

		if (prot == IOMMU_READ && landed) {
			P_FAIL(p, "%s %s: device write landed", kind, sz_name(size));
			bad++;
		} else if (prot == IOMMU_WRITE && !landed) {
			P_FAIL(p, "%s %s: device write did not land", kind, sz_name(size));
			bad++;
		} else if (prot == IOMMU_READ && diff_all(b->va + off, q)) {
			P_FAIL(p, "%s %s: memory changed under a blocked write", kind,
			       sz_name(size));
			bad++;
		}
	}
	if (iommu_unmap(p->dom, iova, size) != size) {
		P_FAIL(p, "%s %s: unmap failed", kind, sz_name(size));
		bad++;
	}
	if (ret)
		P_FAIL(p, "%s %s: DMA error %d", kind, sz_name(size), ret);
	else if (!bad && prot == IOMMU_WRITE && wo_readable)
		P_PASS(p, "%s %s page iova %#llx: device writes land, reads are allowed too (VT-d maps no write-only)",
		       kind, sz_name(size), iova);
	else if (!bad)
		P_PASS(p, "%s %s page iova %#llx: the other direction is blocked",
		       kind, sz_name(size), iova);
}

/*
 * Unmap for the stale-translation checks: iommu_unmap(), or with
 * shorten_flush the same steps by hand with the gather cut to its first
 * 4 KiB before the IOTLB sync (debug: a flush that misses pages).
 */
static size_t stale_unmap(struct probe *p, u64 iova, u64 size)
{
	struct iommu_iotlb_gather gather;
	size_t n;

	if (!shorten_flush)
		return iommu_unmap(p->dom, iova, size);
	iommu_iotlb_gather_init(&gather);
	n = iommu_unmap_fast(p->dom, iova, size, &gather);
	if (gather.end > gather.start + WIN - 1) {
		pr_info("edu_probe: shorten_flush: gather %#lx-%#lx cut to %#lx-%#lx\n",
			gather.start, gather.end, gather.start,
			gather.start + WIN - 1);
		gather.end = gather.start + WIN - 1;
	}
	iommu_iotlb_sync(p->dom, &gather);
	return n;
}

/*
 * remap: X -> A, DMA, unmap, X -> B, DMA: the device must see B. A size
 * below 64K is mapped as a 64K range (pages of that size) and read at its
 * first and last page, so a flush of fewer pages than were unmapped
 * leaves the last one stale.
 */
static void stale_remap_case(struct probe *p, unsigned int si)
{
	u64 size = sizes[si], span = max_t(u64, size, SZ_64K);
	u64 iova = STALE_IOVA + (u64)si * SZ_2G;
	u64 offs[2] = { 0, size == span ? span / 2 : span - WIN };
	struct backing a, bb;
	const char *why, *sz = sz_name(size);
	u64 qa[2], qb[2];
	unsigned int i, bad = 0;
	size_t n;
	int ret;

	if (get_backing(p, span, si, SLOT_A, &a, &why)) {
		P_SKIP(p, "stale remap %s: %s", sz, why);
		return;
	}
	if (get_backing(p, span, si, SLOT_B, &bb, &why)) {
		P_SKIP(p, "stale remap %s: second backing: %s", sz, why);
		put_backing(&a);
		return;
	}
	for (i = 0; i < 2; i++) {
		qa[i] = next_seed(p);
		qb[i] = next_seed(p);
		fill(a.va + offs[i], qa[i]);
		fill(bb.va + offs[i], qb[i]);
	}
	ret = iommu_map(p->dom, iova, a.pa, span, IOMMU_READ | IOMMU_WRITE, GFP_KERNEL);
	if (ret) {
		P_FAIL(p, "stale remap %s: iommu_map A: %d", sz, ret);
		goto out;
	}
	/* fill the IOTLB with X -> A */
	for (i = 0; i < 2 && !ret; i++) {
		ret = fetch(p, iova + offs[i], next_seed(p));
		if (!ret && diff(p->stage, qa[i])) {
			P_FAIL(p, "stale remap %s: read of +%#llx through A returned %s", sz,
			       offs[i], all_zero(p->stage) ? "zeros" : "wrong data");
			bad++;
		}
	}
	n = stale_unmap(p, iova, span);
	if (n != span) {
		P_FAIL(p, "stale remap %s: unmap of A returned %#zx, want %#llx", sz, n, span);
		if (n < span)
			iommu_unmap(p->dom, iova + n, span - n);
		goto out;
	}
	ret = ret ?: iommu_map(p->dom, iova, bb.pa, span, IOMMU_READ | IOMMU_WRITE,
			       GFP_KERNEL);
	if (ret) {
		P_FAIL(p, "stale remap %s: DMA error or iommu_map B: %d", sz, ret);
		goto out;
	}
	for (i = 0; i < 2 && !ret; i++) {
		ret = fetch(p, iova + offs[i], next_seed(p));
		if (ret)
			break;
		if (!diff(p->stage, qa[i])) {
			P_FAIL(p, "stale remap %s iova %#llx: read of +%#llx after the remap returned A's data: stale translation",
			       sz, iova, offs[i]);
			bad++;
		} else if (diff(p->stage, qb[i])) {
			P_FAIL(p, "stale remap %s iova %#llx: read of +%#llx after the remap returned %s",
			       sz, iova, offs[i], all_zero(p->stage) ? "zeros" : "wrong data");
			bad++;
		}
	}
	if (iommu_unmap(p->dom, iova, span) != span) {
		P_FAIL(p, "stale remap %s: unmap of B failed", sz);
		bad++;
	}
	if (ret)
		P_FAIL(p, "stale remap %s: DMA error %d", sz, ret);
	else if (!bad)
		P_PASS(p, "stale remap %s iova %#llx (%#llx mapped, read at +0 and +%#llx): A, unmap, B: the device sees B",
		       sz, iova, span, offs[1]);
out:
	put_backing(&bb);
	put_backing(&a);
}

/*
 * split: one leaf of a size above 4K, DMA into its middle (IOTLB), unmap
 * 4K at its start. The whole leaf must go and report its size, and DMA
 * into the middle must neither land nor read memory.
 */
static void stale_split_case(struct probe *p, unsigned int si)
{
	u64 size = sizes[si], iova = STALE_IOVA + (u64)si * SZ_2G + SZ_1G;
	u64 mid = size / 2, q = next_seed(p), pat;
	const char *why, *sz = sz_name(size);
	unsigned int bad = 0;
	struct backing b;
	phys_addr_t got;
	size_t n;
	int ret;

	if (get_backing(p, size, si, SLOT_A, &b, &why)) {
		P_SKIP(p, "stale split %s: %s", sz, why);
		return;
	}
	fill(b.va + mid, q);
	ret = iommu_map(p->dom, iova, b.pa, size, IOMMU_READ | IOMMU_WRITE, GFP_KERNEL);
	if (ret) {
		P_FAIL(p, "stale split %s: iommu_map: %d", sz, ret);
		goto out;
	}
	ret = fetch(p, iova + mid, next_seed(p));
	if (!ret && diff(p->stage, q)) {
		P_FAIL(p, "stale split %s: read of the middle returned %s", sz,
		       all_zero(p->stage) ? "zeros" : "wrong data");
		bad++;
	}
	n = stale_unmap(p, iova, WIN);
	if (n != size) {
		P_FAIL(p, "stale split %s iova %#llx: unmap of 4K at the leaf's start returned %#zx, want the whole leaf %#llx",
		       sz, iova, n, size);
		bad++;
	}
	got = iommu_iova_to_phys(p->dom, iova + mid);
	if (got) {
		P_FAIL(p, "stale split %s: iova_to_phys(middle) still %#llx", sz, (u64)got);
		bad++;
	}
	/* the middle: a write must not land, a read must not see memory */
	pat = next_seed(p);
	if (!ret)
		ret = load_buf(p, pat);
	if (!ret)
		ret = dev_write(p, iova + mid);
	if (!ret && diff_all(b.va + mid, q)) {
		P_FAIL(p, "stale split %s iova %#llx: device write to the middle reached memory after the unmap: stale translation",
		       sz, iova);
		bad++;
	}
	if (!ret)
		ret = fetch(p, iova + mid, next_seed(p));
	if (!ret && !diff(p->stage, q)) {
		P_FAIL(p, "stale split %s iova %#llx: device read of the middle returned the memory after the unmap: stale translation",
		       sz, iova);
		bad++;
	}
	/* whatever is left (if the unmap fell short) */
	if (n < size)
		iommu_unmap(p->dom, iova + n, size - n);
	if (ret)
		P_FAIL(p, "stale split %s: DMA error %d", sz, ret);
	else if (!bad)
		P_PASS(p, "stale split %s iova %#llx: unmap 4K at the start removed the whole leaf (%#zx), DMA into its middle blocked",
		       sz, iova, n);
out:
	put_backing(&b);
}

static void run_cases(struct probe *p)
{
	struct iommu_domain *dom = p->dom;
	struct backing b;
	const char *why;
	unsigned int si, bi;
	int ret;

	/* the staging page itself must work before anything else means much */
	fill(p->stage, 0);
	ret = iommu_map(dom, STAGE_IOVA, page_to_phys(p->stage_page), WIN,
			IOMMU_READ | IOMMU_WRITE, GFP_KERNEL);
	if (ret) {
		P_FAIL(p, "staging page: iommu_map: %d", ret);
		return;
	}
	{
		u64 s = next_seed(p);

		ret = load_buf(p, s);		/* staging -> buffer */
		fill(p->stage, next_seed(p));
		if (!ret)
			ret = dev_write(p, STAGE_IOVA);	/* buffer -> staging */
		if (ret || diff(p->stage, s)) {
			P_FAIL(p, "staging page round trip (%s)",
			       ret ? "DMA error" : all_zero(p->stage) ?
			       "zeros: DMA not translated?" : "wrong data");
			goto out;
		}
		P_PASS(p, "staging 4K page iova %#llx: device round trip", STAGE_IOVA);
	}

	for (bi = 0; bi < ARRAY_SIZE(bands) && !p->dead; bi++) {
		for (si = 0; si < ARRAY_SIZE(sizes) && !p->dead; si++) {
			u64 size = sizes[si];
			u64 iova = bands[bi] + (u64)si * SZ_2G;

			if (!(dom->pgsize_bitmap & size)) {
				P_SKIP(p, "%s page: not in the domain's pgsize_bitmap %#lx",
				       sz_name(size), dom->pgsize_bitmap);
				continue;
			}
			if (iova + size - 1 > dom->geometry.aperture_end) {
				P_SKIP(p, "%s page iova %#llx: beyond the aperture end %#llx",
				       sz_name(size), iova,
				       (u64)dom->geometry.aperture_end);
				continue;
			}
			if (get_backing(p, size, si, bi, &b, &why)) {
				P_SKIP(p, "%s page iova %#llx: %s", sz_name(size), iova, why);
				continue;
			}
			map_case(p, iova, size, &b);
			put_backing(&b);
		}
	}

	/*
	 * An aperture that ends below the last band (VT-d): its last 16G
	 * as one more band, then its last 4K page and the last leaf of the
	 * largest size offered.
	 */
	if (dom->geometry.aperture_end < bands[ARRAY_SIZE(bands) - 1]) {
		u64 top = dom->geometry.aperture_end + 1 - TOP_SPAN;
		u64 big = 0;

		for (si = 0; si < ARRAY_SIZE(sizes) && !p->dead; si++) {
			u64 size = sizes[si];
			u64 iova = top + (u64)si * SZ_2G;

			if (!(dom->pgsize_bitmap & size))
				continue;
			big = size;
			if (get_backing(p, size, si, SLOT_TOP, &b, &why)) {
				P_SKIP(p, "%s page iova %#llx: %s", sz_name(size), iova, why);
				continue;
			}
			map_case(p, iova, size, &b);
			put_backing(&b);
		}
		for (si = 0; si < ARRAY_SIZE(sizes) && !p->dead; si++) {
			u64 size = sizes[si];

			if (size != SZ_4K && size != big)
				continue;
			if (get_backing(p, size, si, SLOT_LAST, &b, &why)) {
				P_SKIP(p, "last %s page of the aperture: %s", sz_name(size), why);
				continue;
			}
			map_case(p, dom->geometry.aperture_end + 1 - size, size, &b);
			put_backing(&b);
		}
	}

	for (si = 0; si < ARRAY_SIZE(sizes) && !p->dead; si++) {
		if (dom->pgsize_bitmap & sizes[si])
			stale_remap_case(p, si);
	}
	for (si = 1; si < ARRAY_SIZE(sizes) && !p->dead; si++) {
		if (dom->pgsize_bitmap & sizes[si])
			stale_split_case(p, si);
	}

	/* permissions: 4K and (if offered) 2M read-only, 4K write-only */
	for (si = 0; si < ARRAY_SIZE(sizes) && !p->dead; si++) {
		u64 size = sizes[si];

		if ((size != SZ_4K && size != SZ_2M) || !(dom->pgsize_bitmap & size))
			continue;
		if (get_backing(p, size, si, SLOT_RO, &b, &why)) {
			P_SKIP(p, "read-only %s page: %s", sz_name(size), why);
			continue;
		}
		perm_case(p, RO_IOVA + (u64)si * SZ_16M, size, IOMMU_READ, &b);
		put_backing(&b);
	}
	if (!p->dead && !get_backing(p, SZ_4K, 0, SLOT_WO, &b, &why)) {
		perm_case(p, WO_IOVA, SZ_4K, IOMMU_WRITE, &b);
		put_backing(&b);
	}
out:
	/* the staging page survived every growth of the table */
	if (!p->dead) {
		u64 s = next_seed(p);

		ret = load_buf(p, s);
		fill(p->stage, next_seed(p));
		if (!ret)
			ret = dev_write(p, STAGE_IOVA);
		if (ret || diff(p->stage, s))
			P_FAIL(p, "staging page round trip after all cases");
		else
			P_PASS(p, "staging 4K page still translates after all cases");
	}
	iommu_unmap(dom, STAGE_IOVA, WIN);
}

static int edu_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct device *dev = &pdev->dev;
	struct probe *p;
	u32 ident, live;
	int ret;

	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	p->pdev = pdev;
	p->seed = 0x6e7e12a1;

	ret = pci_enable_device(pdev);
	if (ret)
		goto out_free;
	ret = pci_request_region(pdev, 0, "edu_probe");
	if (ret)
		goto out_disable;
	p->mmio = pci_iomap(pdev, 0, 0);
	if (!p->mmio) {
		ret = -ENOMEM;
		goto out_release;
	}
	ident = readl(p->mmio + EDU_REG_ID);
	writel(0x12345678, p->mmio + EDU_REG_LIVE);
	live = readl(p->mmio + EDU_REG_LIVE);
	dev_info(dev, "edu ident %#x, liveness %s\n", ident,
		 live == ~0x12345678U ? "ok" : "BAD");
	if ((ident & 0xff) != 0xed || live != ~0x12345678U) {
		P_FAIL(p, "device %s does not look like edu", pci_name(pdev));
		goto out_unmap;
	}
	pci_set_master(pdev);

	if (resv_size) {
		if (!IS_ALIGNED(resv_base, SZ_2M) ||
		    region_intersects(resv_base, resv_size, IORESOURCE_MEM,
				      IORES_DESC_RESERVED) != REGION_INTERSECTS) {
			pr_info("edu_probe: %#lx+%#lx is not an E820-reserved range: not using it\n",
				resv_base, resv_size);
		} else {
			p->resv = memremap(resv_base, resv_size, MEMREMAP_WB);
			pr_info("edu_probe: reserved backing %#lx+%#lx %s\n",
				resv_base, resv_size, p->resv ? "mapped" : "memremap FAILED");
		}
	}
	p->stage_page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!p->stage_page) {
		ret = -ENOMEM;
		goto out_resv;
	}
	p->stage = page_address(p->stage_page);

	p->dom = iommu_paging_domain_alloc(dev);
	if (IS_ERR(p->dom)) {
		P_FAIL(p, "iommu_paging_domain_alloc: %ld", PTR_ERR(p->dom));
		p->dom = NULL;
		goto out_stage;
	}
	pr_info("edu_probe: domain pgsize_bitmap %#lx aperture %#llx-%#llx levels %d\n",
		p->dom->pgsize_bitmap, (u64)p->dom->geometry.aperture_start,
		(u64)p->dom->geometry.aperture_end, table_levels(p->dom));
	ret = iommu_attach_device(p->dom, dev);
	if (ret) {
		P_FAIL(p, "iommu_attach_device: %d", ret);
		goto out_dom;
	}
	/* 6.12's VT-d trims a domain's aperture (and levels) at attach */
	pr_info("edu_probe: attached: pgsize_bitmap %#lx aperture %#llx-%#llx levels %d%s\n",
		p->dom->pgsize_bitmap, (u64)p->dom->geometry.aperture_start,
		(u64)p->dom->geometry.aperture_end, table_levels(p->dom),
		shorten_flush ? " shorten_flush=1 (debug: stale checks must FAIL)" : "");

	run_cases(p);

	iommu_detach_device(p->dom, dev);
out_dom:
	iommu_domain_free(p->dom);
out_stage:
	__free_page(p->stage_page);
out_resv:
	if (p->resv)
		memunmap(p->resv);
out_unmap:
	pr_info("edu_probe: %s: %u DMAs\n", pci_name(pdev), p->dmas);
	pci_clear_master(pdev);
	pci_iounmap(pdev, p->mmio);
out_release:
	pci_release_region(pdev, 0);
out_disable:
	pci_disable_device(pdev);
out_free:
	g_pass += p->pass;
	g_fail += p->fail;
	g_skip += p->skip;
	kfree(p);
	/* stay unbound: everything is done and torn down */
	return -ENODEV;
}

static const struct pci_device_id edu_ids[] = {
	{ PCI_DEVICE(EDU_VENDOR, EDU_DEVICE) },
	{ }
};
MODULE_DEVICE_TABLE(pci, edu_ids);

static struct pci_driver edu_driver = {
	.name = "edu_probe",
	.id_table = edu_ids,
	.probe = edu_probe,
	.driver_managed_dma = true,	/* we own the DMA, not the DMA API */
};

static const char *dom_type(struct iommu_domain *d)
{
	switch (d->type) {
	case IOMMU_DOMAIN_BLOCKED: return "blocked";
	case IOMMU_DOMAIN_IDENTITY: return "identity";
	case IOMMU_DOMAIN_UNMANAGED: return "unmanaged";
	case IOMMU_DOMAIN_DMA: return "DMA";
	case IOMMU_DOMAIN_DMA_FQ: return "DMA-FQ";
	}
	return "other";
}

/* Report the domain of every PCI device that has one. */
static void report_domains(void)
{
	struct pci_dev *pdev = NULL;

	for_each_pci_dev(pdev) {
		struct iommu_group *grp = iommu_group_get(&pdev->dev);
		struct iommu_domain *d;

		if (!grp)
			continue;
		d = iommu_get_domain_for_dev(&pdev->dev);
		if (d)
			pr_info("edu_probe: dev %s [%04x:%04x] group %d domain %s pgsize_bitmap %#lx aperture %#llx-%#llx levels %d\n",
				pci_name(pdev), pdev->vendor, pdev->device,
				iommu_group_id(grp), dom_type(d), d->pgsize_bitmap,
				(u64)d->geometry.aperture_start,
				(u64)d->geometry.aperture_end, table_levels(d));
		iommu_group_put(grp);
	}
}

static int __init edu_probe_init(void)
{
	int ret;

	if (!dma_len || dma_len > WIN)
		return -EINVAL;
	report_domains();
	if (report_only)
		return 0;
	ret = pci_register_driver(&edu_driver);
	if (ret)
		return ret;
	pr_info("edu_probe: RESULT pass=%u fail=%u skip=%u\n", g_pass, g_fail, g_skip);
	return 0;
}

static void __exit edu_probe_exit(void)
{
	if (!report_only)
		pci_unregister_driver(&edu_driver);
}

module_init(edu_probe_init);
module_exit(edu_probe_exit);
MODULE_DESCRIPTION("QEMU edu DMA probe for IOMMU page tables (testbed)");
MODULE_LICENSE("GPL");
