// SPDX-License-Identifier: GPL-2.0
/*
 * common/road32.c: the i386 file and socket syscalls recorded as their
 * x86-64 twins. The numbers are those of syscall_32.tbl (written out here,
 * not taken from road32.c), socketcall's calls those of linux/net.h with
 * the argument counts of net/socket.c; the arguments are cut to 32 bits
 * and an unreadable socketcall array or sendmsg msghdr records nothing.
 * (A readable one needs a task's memory: the lab reads it.) The lab's evasion
 * scenario makes these calls from a real process.
 */
#include <kunit/test.h>

#include "../../common/road32.c"

static void road32_files(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, xtrail_road32_nr(5), (long)__NR_open);
	KUNIT_EXPECT_EQ(test, xtrail_road32_nr(10), (long)__NR_unlink);
	KUNIT_EXPECT_EQ(test, xtrail_road32_nr(295), (long)__NR_openat);
	KUNIT_EXPECT_EQ(test, xtrail_road32_nr(301), (long)__NR_unlinkat);
	KUNIT_EXPECT_EQ(test, xtrail_road32_nr(38), (long)__NR_rename);
	KUNIT_EXPECT_EQ(test, xtrail_road32_nr(353), (long)__NR_renameat2);
	KUNIT_EXPECT_EQ(test, xtrail_road32_nr(437), (long)__NR_openat2);
	KUNIT_EXPECT_EQ(test, xtrail_road32_nr(212), (long)__NR_chown);
	KUNIT_EXPECT_EQ(test, xtrail_road32_nr(193), (long)__NR_truncate);
	/* Counted: read 3, write 4, sendfile64 239, copy_file_range 377 */
	KUNIT_EXPECT_EQ(test, xtrail_road32_nr(3), (long)__NR_read);
	KUNIT_EXPECT_EQ(test, xtrail_road32_nr(4), (long)__NR_write);
	KUNIT_EXPECT_EQ(test, xtrail_road32_nr(239), (long)__NR_sendfile);
	KUNIT_EXPECT_EQ(test, xtrail_road32_nr(377),
			(long)__NR_copy_file_range);
	KUNIT_EXPECT_EQ(test, xtrail_road32_nr(417), (long)__NR_recvmmsg);
	/* Neither recorded nor counted by this road: exit 1, close 6 */
	KUNIT_EXPECT_EQ(test, xtrail_road32_nr(1), -1L);
	KUNIT_EXPECT_EQ(test, xtrail_road32_nr(6), -1L);
	/* An x86-64 number is not an i386 one: openat is 257 there only */
	KUNIT_EXPECT_EQ(test, xtrail_road32_nr(257), -1L);
	KUNIT_EXPECT_EQ(test, xtrail_road32_nr(-1), -1L);
}

/* The fd-based twins, the xattr calls and the syscall class */
static void road32_twins(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, xtrail_road32_nr(94), (long)__NR_fchmod);
	KUNIT_EXPECT_EQ(test, xtrail_road32_nr(95), (long)__NR_fchown);
	KUNIT_EXPECT_EQ(test, xtrail_road32_nr(207), (long)__NR_fchown);
	KUNIT_EXPECT_EQ(test, xtrail_road32_nr(93), (long)__NR_ftruncate);
	KUNIT_EXPECT_EQ(test, xtrail_road32_nr(194), (long)__NR_ftruncate);
	KUNIT_EXPECT_EQ(test, xtrail_road32_nr(226), (long)__NR_setxattr);
	KUNIT_EXPECT_EQ(test, xtrail_road32_nr(227), (long)__NR_lsetxattr);
	KUNIT_EXPECT_EQ(test, xtrail_road32_nr(228), (long)__NR_fsetxattr);
	KUNIT_EXPECT_EQ(test, xtrail_road32_nr(235), (long)__NR_removexattr);
	KUNIT_EXPECT_EQ(test, xtrail_road32_nr(236), (long)__NR_lremovexattr);
	KUNIT_EXPECT_EQ(test, xtrail_road32_nr(237), (long)__NR_fremovexattr);
	/* setuid16 23 and setuid32 213 are both setuid (105) */
	KUNIT_EXPECT_EQ(test, xtrail_road32_nr(23), (long)__NR_setuid);
	KUNIT_EXPECT_EQ(test, xtrail_road32_nr(213), (long)__NR_setuid);
	KUNIT_EXPECT_EQ(test, xtrail_road32_nr(46), (long)__NR_setgid);
	KUNIT_EXPECT_EQ(test, xtrail_road32_nr(214), (long)__NR_setgid);
	KUNIT_EXPECT_EQ(test, xtrail_road32_nr(164), (long)__NR_setresuid);
	KUNIT_EXPECT_EQ(test, xtrail_road32_nr(208), (long)__NR_setresuid);
	KUNIT_EXPECT_EQ(test, xtrail_road32_nr(216), (long)__NR_setfsgid);
	KUNIT_EXPECT_EQ(test, xtrail_road32_nr(185), (long)__NR_capset);
	KUNIT_EXPECT_EQ(test, xtrail_road32_nr(26), (long)__NR_ptrace);
	KUNIT_EXPECT_EQ(test, xtrail_road32_nr(128), (long)__NR_init_module);
	KUNIT_EXPECT_EQ(test, xtrail_road32_nr(129), (long)__NR_delete_module);
	KUNIT_EXPECT_EQ(test, xtrail_road32_nr(350), (long)__NR_finit_module);
	/* 105 is setuid in x86-64 only (i386: getitimer): not mapped */
	KUNIT_EXPECT_EQ(test, xtrail_road32_nr(105), -1L);
}

static void road32_sockets(struct kunit *test)
{
	unsigned int n = 0;

	KUNIT_EXPECT_EQ(test, xtrail_road32_nr(102), (long)XTRAIL_NR_SOCKETCALL);
	KUNIT_EXPECT_EQ(test, xtrail_road32_nr(362), (long)__NR_connect);
	KUNIT_EXPECT_EQ(test, xtrail_road32_nr(361), (long)__NR_bind);
	KUNIT_EXPECT_EQ(test, xtrail_road32_nr(364), (long)__NR_accept4);
	KUNIT_EXPECT_EQ(test, xtrail_road32_nr(369), (long)__NR_sendto);
	KUNIT_EXPECT_EQ(test, xtrail_road32_nr(370), (long)XTRAIL_NR_SENDMSG32);
	KUNIT_EXPECT_EQ(test, xtrail_road32_nr(345), (long)__NR_sendmmsg);
	KUNIT_EXPECT_EQ(test, xtrail_socketcall_nr(3, &n), (long)__NR_connect);
	KUNIT_EXPECT_EQ(test, n, 3u);
	KUNIT_EXPECT_EQ(test, xtrail_socketcall_nr(2, &n), (long)__NR_bind);
	KUNIT_EXPECT_EQ(test, xtrail_socketcall_nr(4, &n), (long)__NR_listen);
	KUNIT_EXPECT_EQ(test, n, 2u);
	KUNIT_EXPECT_EQ(test, xtrail_socketcall_nr(5, &n), (long)__NR_accept);
	KUNIT_EXPECT_EQ(test, xtrail_socketcall_nr(18, &n), (long)__NR_accept4);
	KUNIT_EXPECT_EQ(test, n, 4u);
	KUNIT_EXPECT_EQ(test, xtrail_socketcall_nr(11, &n), (long)__NR_sendto);
	KUNIT_EXPECT_EQ(test, n, 6u);
	KUNIT_EXPECT_EQ(test, xtrail_socketcall_nr(16, &n),
			(long)XTRAIL_NR_SENDMSG32);
	KUNIT_EXPECT_EQ(test, n, 3u);
	KUNIT_EXPECT_EQ(test, xtrail_socketcall_nr(20, &n), (long)__NR_sendmmsg);
	KUNIT_EXPECT_EQ(test, n, 4u);
	/* counted: send 9 as sendto, recvmmsg 19 */
	KUNIT_EXPECT_EQ(test, xtrail_socketcall_nr(9, &n), (long)__NR_sendto);
	KUNIT_EXPECT_EQ(test, n, 4u);
	KUNIT_EXPECT_EQ(test, xtrail_socketcall_nr(19, &n), (long)__NR_recvmmsg);
	KUNIT_EXPECT_EQ(test, n, 5u);
	/* socket 1, getsockname 6, shutdown 13, out of range */
	KUNIT_EXPECT_EQ(test, xtrail_socketcall_nr(1, &n), -1L);
	KUNIT_EXPECT_EQ(test, xtrail_socketcall_nr(6, &n), -1L);
	KUNIT_EXPECT_EQ(test, xtrail_socketcall_nr(13, &n), -1L);
	KUNIT_EXPECT_EQ(test, xtrail_socketcall_nr(0, &n), -1L);
	KUNIT_EXPECT_EQ(test, xtrail_socketcall_nr(21, &n), -1L);
	KUNIT_EXPECT_EQ(test, xtrail_socketcall_nr(1ul << 32 | 3, &n), -1L);
}

static void road32_args(struct kunit *test)
{
	unsigned long a[XTRAIL_SYSCALL_ARGS] = {
		0xffffffff00001000ul, 2, 0x1ffffffffful, 4, 5, 6
	};

	/* A 64-bit task's int $0x80: the upper halves are not the call's */
	KUNIT_EXPECT_EQ(test, xtrail_road32_args(__NR_open, a),
			(long)__NR_open);
	KUNIT_EXPECT_EQ(test, a[0], 0x1000ul);
	KUNIT_EXPECT_EQ(test, a[2], 0xfffffffful);
	/* socketcall(SYS_CONNECT, array): no readable array, no record */
	a[0] = 3;
	a[1] = 16;
	KUNIT_EXPECT_EQ(test, xtrail_road32_args(XTRAIL_NR_SOCKETCALL, a),
			-1L);
	/* socketcall(SYS_SOCKET, ...): not recorded, the array not read */
	a[0] = 1;
	KUNIT_EXPECT_EQ(test, xtrail_road32_args(XTRAIL_NR_SOCKETCALL, a),
			-1L);
	/* sendmsg(fd, msghdr, 0) whose msghdr is not readable: no record */
	a[0] = 3;
	a[1] = 16;
	KUNIT_EXPECT_EQ(test, xtrail_road32_args(XTRAIL_NR_SENDMSG32, a), -1L);
}

static struct kunit_case road32_cases[] = {
	KUNIT_CASE(road32_files),
	KUNIT_CASE(road32_twins),
	KUNIT_CASE(road32_sockets),
	KUNIT_CASE(road32_args),
	{}
};

static struct kunit_suite road32_suite = {
	.name = "xtrail_road32",
	.test_cases = road32_cases,
};
kunit_test_suite(road32_suite);
