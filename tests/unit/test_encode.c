// SPDX-License-Identifier: GPL-2.0
/*
 * The in-place encoders of xtrail_encode.h: exact layout, truncation and
 * fault handling, limits, zero padding, and every record they make passes
 * xtrail_rec_check().
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "test_util.h"

static struct rec_buf r;

/* The record bytes after the header, for the spam case. */
static const uint8_t spam_body[] = {
	0x00, 0x00, 0x00, 0x00,		/* flags */
	0x0d, 0x00,			/* filename_len 13 */
	0x04, 0x00,			/* argc 4 */
	0x2d, 0x00, 0x00, 0x00,		/* argv_len 45 */
	0x04, 0x00, 0x00, 0x00,		/* argc_total 4 */
	'/', 'u', 's', 'r', '/', 'b', 'i', 'n', '/', 'm', 'a', 'i', 'l',
	'm', 'a', 'i', 'l', 0,
	'-', 's', 0,
	's', 'p', 'a', 'm', 'S', 'u', 'b', 'j', 'e', 'c', 't', 0,
	'w', 'i', 'n', 'a', 'i', '.', 'w', 'o', 'n', 'g', 't', 'h', 'a',
	'i', '@', 'n', 'c', 'l', '.', 'a', 'c', '.', 'u', 'k', 0,
	0, 0, 0, 0, 0, 0,		/* padding to 168 */
};

/* Checks every record must pass, whatever the case. */
static void common_checks(uint32_t len)
{
	const struct xtrail_exec *e = exec_of(&r);
	uint32_t used;

	assert_int_equal(xt_le32(hdr_of(&r)->len), len);
	assert_int_equal(xt_le16(hdr_of(&r)->type), XTRAIL_REC_EXEC);
	assert_int_equal(len % XTRAIL_REC_ALIGN, 0);
	assert_true(len <= XTRAIL_REC_MAX);
	used = XTRAIL_EXEC_FN_OFF + xt_le16(e->filename_len) +
	       xt_le32(e->argv_len);
	assert_int_equal(len, xtrail_rec_align(used));
	while (used < len)
		assert_int_equal(r.b[used++], 0);
	assert_int_equal(xtrail_rec_check(r.b, len, 1), XTRAIL_OK);
}

static void test_spam_exact(void **state)
{
	uint32_t len = build_spam(&r);
	const struct xtrail_rec_hdr *h = hdr_of(&r);

	assert_int_equal(len, 168);
	assert_int_equal(sizeof(spam_body), 168 - 88);
	/* len and type, little-endian, and the rest of the header intact */
	assert_memory_equal(r.b, "\xa8\x00\x00\x00\x01\x00\x01\x00", 8);
	assert_int_equal(xt_le64(h->seq), 42);
	assert_int_equal(xt_le32(h->pid), 1234);
	assert_memory_equal(h->comm, "mail", 5);
	assert_memory_equal(r.b + sizeof(*h), spam_body, sizeof(spam_body));
	/* nothing written past the record */
	assert_int_equal(r.b[len], POISON);
	common_checks(len);
}

static void test_argv_cut_mid_argument(void **state)
{
	/* the probe copied 15 bytes: "mail\0-s\0spamSub" */
	uint32_t len = build_exec(&r, SPAM_FILENAME, 13, 0, spam_argv, 15,
				  0, 0, 4);
	const struct xtrail_exec *e = exec_of(&r);
	const uint8_t *av = xtrail_exec_argv(r.b, 13);

	/* the last argument is flagged cut, not whole */
	assert_int_equal(xt_le32(e->flags),
			 XTRAIL_EXEC_ARGV_TRUNC | XTRAIL_EXEC_ARG_CUT);
	assert_int_equal(xt_le32(e->argv_len), 15);
	assert_int_equal(xt_le16(e->argc), 3);
	assert_int_equal(xt_le32(e->argc_total), 4);
	assert_memory_equal(av, "mail\0-s\0spamSu\0", 15);
	common_checks(len);
}

static void test_argv_cut_at_boundary(void **state)
{
	/* cut right after a NUL: only the caller knows it was cut */
	uint32_t len = build_exec(&r, SPAM_FILENAME, 13, 0, spam_argv, 8,
				  1, 0, 4);
	const struct xtrail_exec *e = exec_of(&r);

	assert_int_equal(xt_le32(e->flags), XTRAIL_EXEC_ARGV_TRUNC);
	assert_int_equal(xt_le16(e->argc), 2);
	assert_int_equal(xt_le32(e->argv_len), 8);
	common_checks(len);
}

static void test_argv_rewritten(void **state)
{
	/* a task that overwrote its argv with no NUL at all */
	uint32_t len = build_exec(&r, "/x", 2, 0, "abcdef", 6, 0, 0, 1);
	const struct xtrail_exec *e = exec_of(&r);

	assert_int_equal(xt_le32(e->flags),
			 XTRAIL_EXEC_ARGV_TRUNC | XTRAIL_EXEC_ARG_CUT);
	assert_int_equal(xt_le16(e->argc), 1);
	assert_memory_equal(xtrail_exec_argv(r.b, 2), "abcde\0", 6);
	common_checks(len);
}

static void test_argv_fault(void **state)
{
	/* a faulting probe may leave junk and a length: both ignored */
	uint32_t len = build_exec(&r, SPAM_FILENAME, 13, 0, spam_argv,
				  SPAM_ARGV_LEN, 0, 1, 4);
	const struct xtrail_exec *e = exec_of(&r);

	assert_int_equal(xt_le32(e->flags), XTRAIL_EXEC_ARGV_FAULT);
	assert_int_equal(xt_le32(e->argv_len), 0);
	assert_int_equal(xt_le16(e->argc), 0);
	assert_int_equal(xt_le32(e->argc_total), 4);
	assert_int_equal(len, 120);	/* align(104 + 13) */
	common_checks(len);
}

static void test_filename_trunc_flag(void **state)
{
	uint32_t len = build_exec(&r, SPAM_FILENAME, 13, 1, spam_argv,
				  SPAM_ARGV_LEN, 0, 0, 4);
	const struct xtrail_exec *e = exec_of(&r);

	assert_int_equal(xt_le32(e->flags), XTRAIL_EXEC_FILENAME_TRUNC);
	assert_int_equal(xt_le16(e->filename_len), 13);
	common_checks(len);

	/* all three flags together */
	len = build_exec(&r, SPAM_FILENAME, 13, 1, spam_argv, 0, 1, 1, 4);
	assert_int_equal(xt_le32(exec_of(&r)->flags),
			 XTRAIL_EXEC_FILENAME_TRUNC | XTRAIL_EXEC_ARGV_TRUNC |
			 XTRAIL_EXEC_ARGV_FAULT);
	common_checks(len);
}

static void test_filename_nul(void **state)
{
	/* "/usr/b\0in/mail": the filename ends at the NUL, argv moves down */
	uint32_t len = build_exec(&r, "/usr/b\0in/mail", 13, 0, spam_argv,
				  SPAM_ARGV_LEN, 0, 0, 4);
	const struct xtrail_exec *e = exec_of(&r);

	assert_int_equal(xt_le16(e->filename_len), 6);
	assert_memory_equal(r.b + XTRAIL_EXEC_FN_OFF, "/usr/b", 6);
	assert_memory_equal(xtrail_exec_argv(r.b, 6), spam_argv,
			    SPAM_ARGV_LEN);
	assert_int_equal(xt_le16(e->argc), 4);
	assert_int_equal(len, xtrail_rec_align(104 + 6 + 45));
	common_checks(len);
}

static void test_2048_arguments(void **state)
{
	static uint8_t av[XTRAIL_ARGV_MAX];
	uint32_t n = 0, len, i;
	const uint8_t *p;
	char want[8];

	for (i = 0; i < 2048; i++)
		n += sprintf((char *)av + n, "%x", i) + 1;
	assert_true(n <= XTRAIL_ARGV_MAX);
	len = build_exec(&r, "/bin/true", 9, 0, av, n, 0, 0, 2048);
	assert_int_equal(xt_le16(exec_of(&r)->argc), 2048);
	assert_int_equal(xt_le32(exec_of(&r)->argc_total), 2048);
	assert_int_equal(xt_le32(exec_of(&r)->flags), 0);
	assert_int_equal(xt_le32(exec_of(&r)->argv_len), n);
	p = xtrail_exec_argv(r.b, 9);
	for (i = 0; i < 2048; i++) {
		sprintf(want, "%x", i);
		assert_string_equal((const char *)p, want);
		p += strlen(want) + 1;
	}
	common_checks(len);
}

static void test_empty_arguments(void **state)
{
	static uint8_t av[XTRAIL_ARGV_MAX];
	uint32_t len;

	memset(av, 0, sizeof(av));
	len = build_exec(&r, "/bin/true", 9, 0, av, sizeof(av), 0, 0, 8192);
	assert_int_equal(xt_le16(exec_of(&r)->argc), 8192);
	common_checks(len);
}

static void test_one_7500_byte_argument(void **state)
{
	static uint8_t av[7501];
	uint32_t len;

	memset(av, 'x', 7500);
	av[7500] = 0;
	len = build_exec(&r, "/bin/echo", 9, 0, av, sizeof(av), 0, 0, 1);
	assert_int_equal(xt_le16(exec_of(&r)->argc), 1);
	assert_int_equal(xt_le32(exec_of(&r)->argv_len), 7501);
	assert_int_equal(xt_le32(exec_of(&r)->flags), 0);
	assert_int_equal(len, xtrail_rec_align(104 + 9 + 7501));
	assert_memory_equal(xtrail_exec_argv(r.b, 9), av, sizeof(av));
	common_checks(len);
}

static void test_limits(void **state)
{
	static uint8_t fn[XTRAIL_PATH_MAX], av[XTRAIL_ARGV_MAX];
	uint32_t len;

	/* the largest exec record: full filename, full argv cut short */
	memset(fn, 'f', sizeof(fn));
	memset(av, 'a', sizeof(av));
	len = build_exec(&r, fn, sizeof(fn), 1, av, sizeof(av), 1, 0, 2);
	assert_int_equal(len, xtrail_rec_align(104 + 4096 + 8192));
	assert_int_equal(xt_le16(exec_of(&r)->argc), 1);
	assert_int_equal(xt_le32(exec_of(&r)->flags),
			 XTRAIL_EXEC_FILENAME_TRUNC | XTRAIL_EXEC_ARGV_TRUNC |
			 XTRAIL_EXEC_ARG_CUT);
	assert_int_equal(r.b[XTRAIL_EXEC_FN_OFF + sizeof(fn) + sizeof(av) - 1],
			 0);
	common_checks(len);

	/* no argv at all, empty filename */
	len = build_exec(&r, "", 0, 0, "", 0, 0, 0, 0);
	assert_int_equal(len, 104);
	assert_int_equal(xt_le16(exec_of(&r)->argc), 0);
	common_checks(len);
}

/*
 * What the probe keeps of an argv area of @size bytes with argv_max @max
 * (record.c, xtrail_exec_encode()).
 */
static uint32_t exec_limited(const uint8_t *av, uint32_t size, uint32_t argc,
			     uint32_t max)
{
	uint32_t len = size;

	if (len > max)
		len = max;
	if (len > XTRAIL_ARGV_LIMIT)
		len = XTRAIL_ARGV_LIMIT;
	return build_exec(&r, "/bin/true", 9, 0, av, len, size > len, 0,
			  argc);
}

/* The n-th argument recorded (0: argv[0]). */
static const char *arg_n(uint32_t n)
{
	const char *p = (const char *)xtrail_exec_argv(r.b, 9);

	while (n--)
		p += strlen(p) + 1;
	return p;
}

/*
 * audit-testsuite's reference cases, as the lab's events scenario runs
 * them: "/bin/true $(seq 1 2048)" (9,143 bytes of argv) and one argument
 * of 7,500 bytes, with the default argv_max and with the largest.
 */
static void test_audit_references(void **state)
{
	static uint8_t av[XTRAIL_ARGV_LIMIT + 4096];
	uint32_t n, len, i;

	n = sprintf((char *)av, "/bin/true") + 1;
	for (i = 1; i <= 2048; i++)
		n += sprintf((char *)av + n, "%u", i) + 1;
	assert_int_equal(n, 9143);

	/*
	 * 8,192 bytes: argv[0] and 1..1857 whole (8,188 bytes), then "185"
	 * of "1858", flagged cut: 1,859 arguments.
	 */
	len = exec_limited(av, n, 2049, XTRAIL_ARGV_MAX);
	assert_int_equal(xt_le32(exec_of(&r)->argv_len), 8192);
	assert_int_equal(xt_le16(exec_of(&r)->argc), 1859);
	assert_int_equal(xt_le32(exec_of(&r)->argc_total), 2049);
	assert_string_equal(arg_n(1857), "1857");
	assert_string_equal(arg_n(1858), "185");
	assert_int_equal(xt_le32(exec_of(&r)->flags),
			 XTRAIL_EXEC_ARGV_TRUNC | XTRAIL_EXEC_ARG_CUT);
	common_checks(len);

	/* argv_max=12184: all 2,049, whole */
	len = exec_limited(av, n, 2049, XTRAIL_ARGV_LIMIT);
	assert_int_equal(xt_le32(exec_of(&r)->argv_len), 9143);
	assert_int_equal(xt_le16(exec_of(&r)->argc), 2049);
	assert_string_equal(arg_n(2048), "2048");
	assert_int_equal(xt_le32(exec_of(&r)->flags), 0);
	common_checks(len);

	/* a cut that falls right after a NUL: 1..1857 whole, none cut */
	len = exec_limited(av, n, 2049, 8188);
	assert_int_equal(xt_le16(exec_of(&r)->argc), 1858);
	assert_string_equal(arg_n(1857), "1857");
	assert_int_equal(xt_le32(exec_of(&r)->flags), XTRAIL_EXEC_ARGV_TRUNC);
	common_checks(len);

	/* one argument of 7,500 bytes: whole at 8,192 */
	memset(av + 10, 'A', 7500);
	av[7510] = 0;
	len = exec_limited(av, 7511, 2, XTRAIL_ARGV_MAX);
	assert_int_equal(xt_le16(exec_of(&r)->argc), 2);
	assert_int_equal(strlen(arg_n(1)), 7500);
	assert_int_equal(xt_le32(exec_of(&r)->flags), 0);
	common_checks(len);
	/* two of them (15,011 bytes): the second cut at either limit */
	memset(av + 7511, 'B', 7500);
	av[15011] = 0;
	len = exec_limited(av, 15012, 3, XTRAIL_ARGV_MAX);
	assert_int_equal(xt_le16(exec_of(&r)->argc), 3);
	assert_int_equal(strlen(arg_n(2)), 8192 - 7511 - 1);
	assert_int_equal(xt_le32(exec_of(&r)->flags),
			 XTRAIL_EXEC_ARGV_TRUNC | XTRAIL_EXEC_ARG_CUT);
	common_checks(len);
	len = exec_limited(av, 15012, 3, 1u << 20);
	assert_int_equal(xt_le32(exec_of(&r)->argv_len), XTRAIL_ARGV_LIMIT);
	assert_int_equal(strlen(arg_n(2)), XTRAIL_ARGV_LIMIT - 7511 - 1);
	assert_int_equal(len, XTRAIL_REC_MAX - XTRAIL_PATH_MAX + 16);
	common_checks(len);
}

static void test_argc_total_raised(void **state)
{
	uint32_t len = build_exec(&r, SPAM_FILENAME, 13, 0, spam_argv,
				  SPAM_ARGV_LEN, 0, 0, 1);

	assert_int_equal(xt_le32(exec_of(&r)->argc_total), 4);
	common_checks(len);
}

static void test_padding_zeroed(void **state)
{
	static const char fn[] = "/usr/local/bin/a";
	uint32_t fn_len, len;

	/* every remainder mod 8 over a poisoned buffer */
	for (fn_len = 0; fn_len <= 16; fn_len++) {
		len = build_exec(&r, fn, fn_len, 0, spam_argv, SPAM_ARGV_LEN,
				 0, 0, 4);
		assert_int_equal(len, xtrail_rec_align(104 + fn_len + 45));
		common_checks(len);
		assert_int_equal(r.b[len], POISON);
	}
}

static void test_lost_finish(void **state)
{
	static const uint8_t body[] = {
		3, 0, 0, 0, 0, 0, 0, 0,
		10, 0, 0, 0, 0, 0, 0, 0,
		12, 0, 0, 0, 0, 0, 0, 0,
	};
	uint32_t len = build_lost(&r, 3, 10);

	assert_int_equal(len, 112);
	assert_memory_equal(r.b, "\x70\x00\x00\x00\x02\x00", 6);
	assert_memory_equal(r.b + 88, body, sizeof(body));
	assert_int_equal(xtrail_rec_check(r.b, len, 1), XTRAIL_OK);

	len = build_lost(&r, 1, 77);
	assert_int_equal(xt_le64(lost_of(&r)->last_seq), 77);
	assert_int_equal(xtrail_rec_check(r.b, len, 1), XTRAIL_OK);
}

/* A version 2 record of a script, byte for byte. */
static void test_v2_script_exact(void **state)
{
	static const uint8_t body[] = {
		0x10, 0x01, 0x00, 0x00,	/* flags: V2 | SCRIPT */
		0x09, 0x00,		/* filename_len 9 */
		0x03, 0x00,		/* argc 3 */
		0x15, 0x00, 0x00, 0x00,	/* argv_len 21 */
		0x03, 0x00, 0x00, 0x00,	/* argc_total 3 */
		0x0b, 0x00,		/* cwd_len 11 */
		0x0c, 0x00,		/* exe_len 12 */
		0x09, 0x00,		/* argv0_len 9 */
		0x00, 0x00,		/* pad */
	};
	static const char strs[] =
		"./send.sh/home/alice/bin/busybox./send.sh" SCRIPT_ARGV;
	uint32_t len = build_script(&r);

	assert_int_equal(len, 176);	/* 112 + 62 of strings, padded */
	assert_memory_equal(r.b + 88, body, sizeof(body));
	assert_memory_equal(r.b + XTRAIL_EXEC_V2_STR_OFF, strs, 62);
	assert_true(xtrail_zeroes(r.b + 174, 2));
	assert_int_equal(xtrail_rec_check(r.b, len, 1), XTRAIL_OK);
}

/*
 * A NUL inside cwd ends it and moves exe, argv0 and argv down; flags that
 * do not hold (a *_LONG beside a string, argv0 cut short of the maximum,
 * a version 1 reader's ARG_CUT) are dropped.
 */
static void test_v2_nul_and_flags(void **state)
{
	const struct xtrail_exec_strs in = {
		.fn_len = 2, .cwd_len = 5, .exe_len = 3, .argv0_len = 2,
		.argv_len = 4, .argc_total = 1,
		.flags = XTRAIL_EXEC_CWD_LONG | XTRAIL_EXEC_EXE_LONG |
			 XTRAIL_EXEC_ARGV0_TRUNC | XTRAIL_EXEC_ARG_CUT,
	};
	struct xtrail_exec_view v;
	uint32_t len = build_exec_v2(&r, &in, "/x", "/a\0bc", "/ls", "ls",
				     "ls\0k");

	assert_int_equal(xtrail_rec_check(r.b, len, 1), XTRAIL_OK);
	xtrail_exec_view(r.b, &v);
	assert_int_equal(v.flags, XTRAIL_EXEC_V2 | XTRAIL_EXEC_ARGV_TRUNC |
			 XTRAIL_EXEC_ARG_CUT);
	assert_int_equal(v.cwd_len, 2);
	assert_memory_equal(v.cwd, "/a", 2);
	assert_memory_equal(v.exe, "/ls", 3);
	assert_memory_equal(v.argv0, "ls", 2);
	/* "ls\0k" does not end in NUL: its last byte gives way */
	assert_int_equal(v.argv_len, 4);
	assert_memory_equal(v.argv, "ls\0\0", 4);
	assert_int_equal(len, xtrail_rec_align(XTRAIL_EXEC_V2_STR_OFF + 13));
}

/*
 * Every string at its maximum: the argv keeps what is left, exactly
 * XTRAIL_EXEC_V2_ARGV_MIN bytes, and the record is XTRAIL_REC_MAX.
 */
static void test_v2_largest(void **state)
{
	static char path[XTRAIL_PATH_MAX], a0[XTRAIL_ARGV0_MAX];
	static uint8_t av[XTRAIL_EXEC_V2_ARGV_MIN];
	const struct xtrail_exec_strs in = {
		.fn_len = XTRAIL_PATH_MAX, .cwd_len = XTRAIL_PATH_MAX,
		.exe_len = XTRAIL_PATH_MAX, .argv0_len = XTRAIL_ARGV0_MAX,
		.argv_len = sizeof(av), .argc_total = 2,
		.flags = XTRAIL_EXEC_ARGV0_TRUNC | XTRAIL_EXEC_ARGV_TRUNC |
			 XTRAIL_EXEC_FILENAME_TRUNC,
	};
	struct xtrail_exec_view v;
	uint32_t len;

	assert_int_equal(XTRAIL_EXEC_V2_ARGV_MIN, 3728);
	memset(path, 'p', sizeof(path));
	memset(a0, 'a', sizeof(a0));
	memset(av, 'v', sizeof(av));
	av[100] = 0;
	av[sizeof(av) - 1] = 0;
	len = build_exec_v2(&r, &in, path, path, path, a0, av);
	assert_int_equal(len, XTRAIL_REC_MAX);
	assert_int_equal(xtrail_rec_check(r.b, len, 1), XTRAIL_OK);
	xtrail_exec_view(r.b, &v);
	assert_int_equal(v.flags, XTRAIL_EXEC_V2 | XTRAIL_EXEC_ARGV0_TRUNC |
			 XTRAIL_EXEC_ARGV_TRUNC | XTRAIL_EXEC_FILENAME_TRUNC);
	assert_int_equal(v.argv_len, XTRAIL_EXEC_V2_ARGV_MIN);
	assert_int_equal(xt_le16(exec_of(&r)->argc), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spam_exact),
		cmocka_unit_test(test_argv_cut_mid_argument),
		cmocka_unit_test(test_argv_cut_at_boundary),
		cmocka_unit_test(test_argv_rewritten),
		cmocka_unit_test(test_argv_fault),
		cmocka_unit_test(test_filename_trunc_flag),
		cmocka_unit_test(test_filename_nul),
		cmocka_unit_test(test_2048_arguments),
		cmocka_unit_test(test_empty_arguments),
		cmocka_unit_test(test_one_7500_byte_argument),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_audit_references),
		cmocka_unit_test(test_argc_total_raised),
		cmocka_unit_test(test_padding_zeroed),
		cmocka_unit_test(test_lost_finish),
		cmocka_unit_test(test_v2_script_exact),
		cmocka_unit_test(test_v2_nul_and_flags),
		cmocka_unit_test(test_v2_largest),
	};

	return cmocka_run_group_tests_name("encode", tests, NULL, NULL);
}
