// SPDX-License-Identifier: GPL-2.0
/*
 * common/digest.c: the digest of an exec'd program. Its hashing (of a
 * real file: a shmem file, as a memfd is) against SHA-256's published test
 * vector, the start of a file when it is larger than asked, the cache
 * (a hit only on the whole key, a collision replaces the older entry) and
 * which files it may keep (a ctime before the exec's tick). The records it makes
 * are checked in the lab (expect-digest.sh); what they go through here is
 * filter_test.c's xtrail_submit() stub, and the clock is xtrail_test.c's.
 */
#include "kunit_oot.h"
#include <linux/shmem_fs.h>

#include "../../common/digest.c"

/* SHA-256("abc") and SHA-256("ab") (FIPS 180-2, and sha256sum) */
static const u8 sha_abc[XTRAIL_SHA256_LEN] = {
	0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40,
	0xde, 0x5d, 0xae, 0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17,
	0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad,
};

static const u8 sha_ab[XTRAIL_SHA256_LEN] = {
	0xfb, 0x8e, 0x20, 0xfc, 0x2e, 0x4c, 0x3f, 0x24, 0x8c, 0x60, 0xc3,
	0x9b, 0xd6, 0x52, 0xf3, 0xc1, 0x34, 0x72, 0x98, 0xbb, 0x97, 0x7b,
	0x8b, 0x4d, 0x59, 0x03, 0xb8, 0x50, 0x55, 0x62, 0x06, 0x03,
};

static int digest_init(struct kunit *test)
{
	digest = true;
	return xtrail_digest_init();
}

static void digest_exit(struct kunit *test)
{
	xtrail_digest_uninit();
	digest = false;
}

static struct file *xt_file(struct kunit *test, const char *data, size_t n)
{
	struct file *f = shmem_file_setup("xt-digest", 0, 0);
	loff_t pos = 0;

	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	KUNIT_ASSERT_EQ(test, kernel_write(f, data, n, &pos), (ssize_t)n);
	return f;
}

static void digest_hash(struct kunit *test)
{
	struct file *f = xt_file(test, "abc", 3);
	u8 sha[XTRAIL_SHA256_LEN];

	KUNIT_EXPECT_EQ(test, xtrail_digest_hash(f, 3, sha), 3LL);
	KUNIT_EXPECT_EQ(test, memcmp(sha, sha_abc, sizeof(sha)), 0);
	/* digest_max below the size: the start, as many bytes as asked */
	KUNIT_EXPECT_EQ(test, xtrail_digest_hash(f, 2, sha), 2LL);
	KUNIT_EXPECT_EQ(test, memcmp(sha, sha_ab, sizeof(sha)), 0);
	/* more than the file holds: what it holds (the worker flags it) */
	KUNIT_EXPECT_EQ(test, xtrail_digest_hash(f, 100, sha), 3LL);
	KUNIT_EXPECT_EQ(test, memcmp(sha, sha_abc, sizeof(sha)), 0);
	fput(f);
}

static void digest_cache(struct kunit *test)
{
	struct xtrail_digest_key k = {
		.ino = 12, .iversion = 3, .ctime_sec = 100, .ctime_nsec = 5,
		.size = 3, .dev = 0x801,
	}, k2;
	struct xtrail_digest_entry e;
	u64 ino;

	KUNIT_EXPECT_FALSE(test, xtrail_digest_lookup(&k, &e));
	xtrail_digest_store(&k, 3, 0, sha_abc);
	KUNIT_ASSERT_TRUE(test, xtrail_digest_lookup(&k, &e));
	KUNIT_EXPECT_EQ(test, e.hashed, 3ULL);
	KUNIT_EXPECT_EQ(test, memcmp(e.sha256, sha_abc, XTRAIL_SHA256_LEN), 0);
	/* every part of the key counts: a write changes ctime, size... */
	k2 = k;
	k2.ctime_nsec++;
	KUNIT_EXPECT_FALSE(test, xtrail_digest_lookup(&k2, &e));
	k2 = k;
	k2.iversion++;
	KUNIT_EXPECT_FALSE(test, xtrail_digest_lookup(&k2, &e));
	k2 = k;
	k2.size = 4;
	KUNIT_EXPECT_FALSE(test, xtrail_digest_lookup(&k2, &e));
	k2 = k;
	k2.dev = 0x802;
	KUNIT_EXPECT_FALSE(test, xtrail_digest_lookup(&k2, &e));
	/* another file in the same slot replaces it: a miss, never wrong */
	k2 = k;
	ino = k.ino;
	do
		k2.ino = ++ino;
	while (xtrail_digest_slot(&k2) != xtrail_digest_slot(&k));
	xtrail_digest_store(&k2, 2, XTRAIL_DIGEST_PARTIAL, sha_ab);
	KUNIT_EXPECT_FALSE(test, xtrail_digest_lookup(&k, &e));
	KUNIT_ASSERT_TRUE(test, xtrail_digest_lookup(&k2, &e));
	KUNIT_EXPECT_EQ(test, e.flags, (u32)XTRAIL_DIGEST_PARTIAL);
	KUNIT_EXPECT_EQ(test, memcmp(e.sha256, sha_ab, XTRAIL_SHA256_LEN), 0);
}

static void digest_settled(struct kunit *test)
{
	struct xtrail_digest_key k = { .ctime_sec = 100, .ctime_nsec = 500 };
	struct timespec64 now = { .tv_sec = 100, .tv_nsec = 500 };

	/* changed in the exec's tick (the same stamp): not cached */
	KUNIT_EXPECT_FALSE(test, xtrail_digest_settled(&k, now));
	/* stamped later than the exec (a server's clock): not cached */
	now.tv_nsec = 499;
	KUNIT_EXPECT_FALSE(test, xtrail_digest_settled(&k, now));
	now.tv_sec = 99;
	now.tv_nsec = 999999999;
	KUNIT_EXPECT_FALSE(test, xtrail_digest_settled(&k, now));
	/* before it: cached */
	now.tv_sec = 100;
	now.tv_nsec = 501;
	KUNIT_EXPECT_TRUE(test, xtrail_digest_settled(&k, now));
	now.tv_sec = 101;
	now.tv_nsec = 0;
	KUNIT_EXPECT_TRUE(test, xtrail_digest_settled(&k, now));
}

static struct kunit_case digest_cases[] = {
	KUNIT_CASE(digest_hash),
	KUNIT_CASE(digest_cache),
	KUNIT_CASE(digest_settled),
	{}
};

static struct kunit_suite digest_suite = {
	.name = "xtrail_digest",
	.init = digest_init,
	.exit = digest_exit,
	.test_cases = digest_cases,
};
kunit_test_suite(digest_suite);
