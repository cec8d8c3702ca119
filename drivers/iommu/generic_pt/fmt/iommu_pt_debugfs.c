// SPDX-License-Identifier: GPL-2.0-only
/*
 * Generic Page Table: a debugfs file per IOMMU domain that prints its page
 * table. The walk is compiled per format in iommu_pt.h; this is the file
 * around it, shared by every format.
 */
#include <linux/debugfs.h>
#include <linux/export.h>
#include <linux/generic_pt/iommu.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/seq_buf.h>
#include <linux/seq_file.h>

/*
 * /sys/kernel/debug/generic_pt/, for drivers that name no parent; made by
 * the first such file, as domains may come before any initcall of ours
 */
static struct dentry *pt_debugfs_root;
static DEFINE_MUTEX(pt_debugfs_root_lock);

/**
 * pt_iommu_dump() - print an IOMMU page table as text
 * @iommu_table: the table, initialised
 * @out: receives the text; marked as overflowed if it did not fit
 *
 * One line per run of leaves of one size, contiguous in IOVA and output
 * address with the same attributes, then a summary; see
 * Documentation/driver-api/generic_pt.rst for the format.
 *
 * Context: Process context; may sleep. Safe while maps and unmaps run on
 * the table; the caller keeps pt_iommu_deinit() away.
 */
void pt_iommu_dump(struct pt_iommu *iommu_table, struct seq_buf *out)
{
	if (iommu_table->ops)
		iommu_table->ops->dump(iommu_table, out);
}
EXPORT_SYMBOL_NS_GPL(pt_iommu_dump, GENERIC_PT_IOMMU);

static int pt_debugfs_show(struct seq_file *m, void *unused)
{
	struct seq_buf out;
	char *buf;
	size_t len;

	len = seq_get_buf(m, &buf);
	seq_buf_init(&out, buf, len);
	pt_iommu_dump(m->private, &out);
	/* On overflow seq_read() calls again with a buffer twice as large */
	seq_commit(m, seq_buf_has_overflowed(&out) ? -1 : seq_buf_used(&out));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(pt_debugfs);

/**
 * pt_iommu_debugfs_add() - give an IOMMU domain a debugfs file of its table
 * @iommu_table: the table, initialised
 * @name: the file's name, unique in @parent, e.g. "amd-v1-12"
 * @parent: directory of the file; NULL for /sys/kernel/debug/generic_pt/
 *
 * Reading the file prints the table as pt_iommu_dump() does. It may be
 * read while the domain is in use. The driver calls
 * pt_iommu_debugfs_remove() before pt_iommu_deinit(). Like every debugfs
 * call, failures are not reported: the domain works without its file.
 *
 * Context: Process context; may sleep.
 */
void pt_iommu_debugfs_add(struct pt_iommu *iommu_table, const char *name,
			  struct dentry *parent)
{
	struct dentry *file;

	if (!parent) {
		mutex_lock(&pt_debugfs_root_lock);
		if (IS_ERR_OR_NULL(pt_debugfs_root))
			pt_debugfs_root = debugfs_create_dir("generic_pt", NULL);
		parent = pt_debugfs_root;
		mutex_unlock(&pt_debugfs_root_lock);
	}
	file = debugfs_create_file(name, 0400, parent, iommu_table,
				   &pt_debugfs_fops);
	iommu_table->debugfs = IS_ERR(file) ? NULL : file;
}
EXPORT_SYMBOL_NS_GPL(pt_iommu_debugfs_add, GENERIC_PT_IOMMU);

/**
 * pt_iommu_debugfs_remove() - remove the file of pt_iommu_debugfs_add()
 * @iommu_table: the table; nothing happens if it has no file
 *
 * Returns once no read of the file is in progress; later reads fail.
 *
 * Context: Process context; may sleep.
 */
void pt_iommu_debugfs_remove(struct pt_iommu *iommu_table)
{
	debugfs_remove(iommu_table->debugfs);
	iommu_table->debugfs = NULL;
}
EXPORT_SYMBOL_NS_GPL(pt_iommu_debugfs_remove, GENERIC_PT_IOMMU);

static void __exit pt_debugfs_exit(void)
{
	debugfs_remove(pt_debugfs_root);
}
module_exit(pt_debugfs_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Generic Page Table: debugfs dump of IOMMU page tables");
