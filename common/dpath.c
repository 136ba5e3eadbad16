// SPDX-License-Identifier: GPL-2.0
/*
 * The absolute path of an open file or a directory, as d_path() gives it,
 * at less cost for the common case: a file below the task's root in the
 * root's own mount. Every FILE record resolves its path, and d_path() costs
 * each one its mount walk, under the mount and rename seqlocks, with each
 * name copied by copy_from_kernel_nofault() (bench-cost, README
 * "Performance"). Here, when the file's mount is the root's, the walk goes
 * up the dentries only, to the root's dentry:
 *  - under RCU and a read section of rename_lock, as d_path()'s first,
 *    lockless try (rename_lock is exported; mount_lock is not, and within
 *    one mount nothing reads the mount tree);
 *  - each name read with its length under the dentry's d_seq, which
 *    d_move() holds while it swaps names: a consistent pointer and length,
 *    so a plain copy stays inside the name (an external name a rename
 *    replaces is freed after RCU), and a name changed while copied is caught
 *    by rename_lock's retry.
 * Anything else goes to d_path() itself: a dentry with its own name
 * (d_dname: pipes, sockets, anonymous files), an unlinked one (" (deleted)"),
 * a walk that would cross a mount or leave the root (another mount, a file
 * outside a chroot), a name too long for the buffer, a rename or a writer
 * seen meanwhile. So the result is always d_path()'s (tests/kunit/
 * dpath_test.c compares the two).
 */
#include <linux/dcache.h>
#include <linux/err.h>
#include <linux/fs_struct.h>
#include <linux/mount.h>
#include <linux/path.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/seqlock.h>
#include <linux/string.h>

#include "dpath.h"

/* The walk; NULL to let d_path() do it. RCU held. */
static char *xtrail_d_path_walk(const struct path *path, char *buf,
				int buflen)
{
	const struct dentry *d = path->dentry;
	const struct dentry *mnt_root = path->mnt->mnt_root;
	struct fs_struct *fs = current->fs;
	char *p = buf + buflen;
	unsigned int seq, dseq;
	struct path root;

	if (!fs || buflen < 2 || (d->d_op && d->d_op->d_dname) ||
	    d_unlinked(d))
		return NULL;
	do {
		seq = read_seqcount_begin(&fs->seq);
		root = fs->root;
	} while (read_seqcount_retry(&fs->seq, seq));
	if (path->mnt != root.mnt)
		return NULL;
	seq = raw_read_seqcount(&rename_lock.seqcount);
	if (seq & 1)
		return NULL;
	/* The count before the dentries (read_seqbegin() without the spin). */
	smp_rmb();
	*--p = '\0';
	buflen--;
	while (d != root.dentry) {
		const struct dentry *parent = READ_ONCE(d->d_parent);
		const unsigned char *name;
		u32 n;

		if (d == mnt_root || d == parent)
			return NULL;
		dseq = raw_read_seqcount(&d->d_seq);
		if (dseq & 1)
			return NULL;
		/* The count before the name and its length. */
		smp_rmb();
		name = READ_ONCE(d->d_name.name);
		n = READ_ONCE(d->d_name.len);
		if (read_seqcount_retry(&d->d_seq, dseq) || n + 1 > buflen)
			return NULL;
		buflen -= n + 1;
		p -= n;
		memcpy(p, name, n);
		*--p = '/';
		d = parent;
	}
	if (read_seqretry(&rename_lock, seq))
		return NULL;
	/* The root itself: "/", as d_path() says it. */
	if (!*p)
		*--p = '/';
	return p;
}

char *xtrail_d_path(const struct path *path, char *buf, int buflen)
{
	char *p;

	rcu_read_lock();
	p = xtrail_d_path_walk(path, buf, buflen);
	rcu_read_unlock();
	return p ?: d_path(path, buf, buflen);
}
