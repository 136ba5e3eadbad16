// SPDX-License-Identifier: GPL-2.0
/*
 * dpath.c against d_path(): for each kind of file, the path the records
 * get (xtrail_d_path()) is d_path()'s, byte for byte, or the same error;
 * and the walk of its own (xtrail_d_path_walk()) is taken where it is
 * meant to be and declines the rest. The files are those guest-init makes
 * before the suites run: a tree under /dp, /dp/bind a bind mount of /dp/a,
 * /dp/mnt a tmpfs, and a directory chain of long names.
 */
#include "kunit_oot.h"
#include <linux/anon_inodes.h>
#include <linux/err.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/namei.h>
#include <linux/slab.h>

#include "../../common/dpath.c"

#define DP_BUF	4096

/* xtrail_d_path() of @f equals d_path(); whether the walk took it. */
static bool dp_same(struct kunit *test, struct file *f, int buflen)
{
	char *a = kunit_kmalloc(test, DP_BUF, GFP_KERNEL);
	char *b = kunit_kmalloc(test, DP_BUF, GFP_KERNEL);
	char *pa, *pb, *pw;

	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	memset(a, 'a', DP_BUF);
	memset(b, 'b', DP_BUF);
	pa = xtrail_d_path(&f->f_path, a, buflen);
	pb = d_path(&f->f_path, b, buflen);
	KUNIT_EXPECT_EQ(test, IS_ERR(pa), IS_ERR(pb));
	if (IS_ERR(pa) || IS_ERR(pb)) {
		KUNIT_EXPECT_EQ(test, PTR_ERR(pa), PTR_ERR(pb));
	} else {
		KUNIT_EXPECT_STREQ(test, pa, pb);
		/* At the same place: the callers measure from the end. */
		KUNIT_EXPECT_EQ(test, pa - a, pb - b);
	}
	rcu_read_lock();
	pw = xtrail_d_path_walk(&f->f_path, a, buflen);
	rcu_read_unlock();
	return pw;
}

static struct file *dp_open(struct kunit *test, const char *name, int flags)
{
	struct file *f = filp_open(name, flags, 0600);

	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(f), "open %s: %ld", name,
			       PTR_ERR_OR_ZERO(f));
	return f;
}

static void dp_plain_test(struct kunit *test)
{
	static const char *const names[] = {
		"/dp/a/b/f", "/dp//a///b/f", "/dp/a/b/../b/./f", "/dp/a/b",
		"/",
	};
	static const char *const want[] = {
		"/dp/a/b/f", "/dp/a/b/f", "/dp/a/b/f", "/dp/a/b", "/",
	};
	char *buf = kunit_kmalloc(test, DP_BUF, GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		struct file *f = dp_open(test, names[i], O_RDONLY);

		/* The root's own mount: the walk answers. */
		KUNIT_EXPECT_TRUE_MSG(test, dp_same(test, f, DP_BUF), "%s",
				      names[i]);
		KUNIT_EXPECT_STREQ(test, xtrail_d_path(&f->f_path, buf,
						       DP_BUF), want[i]);
		fput(f);
	}
}

static void dp_mounts_test(struct kunit *test)
{
	struct file *f = dp_open(test, "/dp/bind/b/f", O_RDONLY);

	/* Another mount (a bind mount, a tmpfs): d_path() answers. */
	KUNIT_EXPECT_FALSE(test, dp_same(test, f, DP_BUF));
	fput(f);
	f = dp_open(test, "/dp/mnt/g", O_RDWR | O_CREAT);
	KUNIT_EXPECT_FALSE(test, dp_same(test, f, DP_BUF));
	fput(f);
}

/* Unlink @f's name, as unlink(2) would. */
static void dp_unlink(struct kunit *test, struct file *f)
{
	/* The reference of unlinkat()'s lookup, besides the file's. */
	struct dentry *d = dget(f->f_path.dentry);
	struct dentry *parent = dget_parent(d);
	int ret;

	inode_lock_nested(d_inode(parent), I_MUTEX_PARENT);
	ret = vfs_unlink(&init_user_ns, d_inode(parent), d, NULL);
	inode_unlock(d_inode(parent));
	dput(parent);
	dput(d);
	KUNIT_ASSERT_EQ(test, ret, 0);
}

static void dp_deleted_test(struct kunit *test)
{
	struct file *f = dp_open(test, "/dp/a/del", O_RDWR | O_CREAT);

	KUNIT_EXPECT_TRUE(test, dp_same(test, f, DP_BUF));
	dp_unlink(test, f);
	/* " (deleted)": d_path() answers. */
	KUNIT_EXPECT_FALSE(test, dp_same(test, f, DP_BUF));
	fput(f);
}

static void dp_long_test(struct kunit *test)
{
	char *name = kunit_kmalloc(test, DP_BUF, GFP_KERNEL);
	struct file *f;
	int n, len;

	KUNIT_ASSERT_NOT_NULL(test, name);
	/* guest-init's chain: /dp/long/ then 12 names of 250 x (3009 bytes). */
	n = snprintf(name, DP_BUF, "/dp/long");
	for (len = 0; len < 12; len++)
		n += snprintf(name + n, DP_BUF - n, "/%0250d", len);
	f = dp_open(test, name, O_RDONLY | O_DIRECTORY);
	KUNIT_EXPECT_TRUE(test, dp_same(test, f, DP_BUF));
	/* Every buffer size around the name's: the same string or error. */
	for (len = n - 3; len <= n + 3; len++)
		dp_same(test, f, len);
	for (len = 0; len < 4; len++)
		dp_same(test, f, len);
	fput(f);
}

/* Set the current task's root to @p (its own fs_struct). */
static void dp_chroot(struct path *p)
{
	struct fs_struct *fs = current->fs;
	struct path old;

	path_get(p);
	spin_lock(&fs->lock);
	write_seqcount_begin(&fs->seq);
	old = fs->root;
	fs->root = *p;
	write_seqcount_end(&fs->seq);
	spin_unlock(&fs->lock);
	path_put(&old);
}

static void dp_chroot_test(struct kunit *test)
{
	struct file *in = dp_open(test, "/dp/a/b/f", O_RDONLY);
	struct file *out = dp_open(test, "/dp/c", O_RDWR | O_CREAT);
	struct file *other = dp_open(test, "/dp/bind/b/f", O_RDONLY);
	char *buf = kunit_kmalloc(test, DP_BUF, GFP_KERNEL);
	struct path root, a, bind;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, unshare_fs_struct(), 0);
	KUNIT_ASSERT_EQ(test, kern_path("/", LOOKUP_DIRECTORY, &root), 0);
	KUNIT_ASSERT_EQ(test, kern_path("/dp/a", LOOKUP_DIRECTORY, &a), 0);
	KUNIT_ASSERT_EQ(test, kern_path("/dp/bind", LOOKUP_DIRECTORY, &bind),
			0);
	dp_chroot(&a);
	/* Below the root: the walk stops at it. */
	KUNIT_EXPECT_TRUE(test, dp_same(test, in, DP_BUF));
	KUNIT_EXPECT_STREQ(test, xtrail_d_path(&in->f_path, buf, DP_BUF),
			   "/b/f");
	/* Outside it, in its mount or another: d_path() answers. */
	KUNIT_EXPECT_FALSE(test, dp_same(test, out, DP_BUF));
	KUNIT_EXPECT_FALSE(test, dp_same(test, other, DP_BUF));
	/* The root is a bind mount's root: the walk stops at it too. */
	dp_chroot(&bind);
	KUNIT_EXPECT_TRUE(test, dp_same(test, other, DP_BUF));
	KUNIT_EXPECT_STREQ(test, xtrail_d_path(&other->f_path, buf, DP_BUF),
			   "/b/f");
	KUNIT_EXPECT_FALSE(test, dp_same(test, in, DP_BUF));
	dp_chroot(&root);
	path_put(&root);
	path_put(&a);
	path_put(&bind);
	fput(in);
	fput(out);
	fput(other);
}

static const struct file_operations dp_anon_fops;

static void dp_pseudo_test(struct kunit *test)
{
	struct file *f = anon_inode_getfile("[xtrail-dp]", &dp_anon_fops,
					    NULL, O_RDONLY);

	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	/* A name of its own (d_dname): d_path() answers. */
	KUNIT_EXPECT_FALSE(test, dp_same(test, f, DP_BUF));
	fput(f);
}

static struct kunit_case dp_cases[] = {
	KUNIT_CASE(dp_plain_test),
	KUNIT_CASE(dp_mounts_test),
	KUNIT_CASE(dp_deleted_test),
	KUNIT_CASE(dp_long_test),
	KUNIT_CASE(dp_chroot_test),
	KUNIT_CASE(dp_pseudo_test),
	{}
};

static struct kunit_suite dp_suite = {
	.name = "xtrail_dpath",
	.test_cases = dp_cases,
};

xtrail_kunit_test_suites(&dp_suite);
