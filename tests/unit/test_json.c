// SPDX-License-Identifier: GPL-2.0
/*
 * Record -> JSON (userspace/lib/record_json.c): exact output for exec, the
 * other record types, clock-derived RFC 3339 times, and the escaping of
 * bytes that are not UTF-8.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "export_msg.h"
#include "record_json.h"
#include "test_util.h"
#include "xtrail_dev.h"

/* 2026-11-21T23:59:01Z */
#define REALTIME_NS	(1795305541ull * 1000000000ull)
#define CLOCK_TS	5000000000ull

static struct rec_buf r;

/* The JSON line of the record in r, or NULL. */
static char *line(uint32_t len, const struct xtrail_clock_ref *clk)
{
	struct json_object *o = xt_json_rec(r.b, len, clk);
	char *s;

	if (!o)
		return NULL;
	s = xt_json_line(o);	/* what export and watch print */
	json_object_put(o);
	return s;
}

/* The JSON text of one field of the record in r. */
static char *field(uint32_t len, const struct xtrail_clock_ref *clk,
		   const char *key)
{
	struct json_object *o = xt_json_rec(r.b, len, clk), *v;
	char *s;

	assert_non_null(o);
	if (!json_object_object_get_ex(o, key, &v))
		fail_msg("key %s missing", key);
	s = strdup(json_object_to_json_string_ext(v, XTRAIL_JSON_FLAGS));
	json_object_put(o);
	return s;
}

static void assert_field(uint32_t len, const struct xtrail_clock_ref *clk,
			 const char *key, const char *want)
{
	char *got = field(len, clk, key);

	if (strcmp(got, want))
		fail_msg("%s: got %s, want %s", key, got, want);
	free(got);
}

/* A clock reference as export builds it from a CLOCK record. */
static struct xtrail_clock_ref clock_ref(int ts_xen)
{
	struct xtrail_clock_ref c = { 0 };
	struct xtrail_rec_hdr *h;
	uint32_t len = build_dom0(&r, XTRAIL_REC_CLOCK);

	h = hdr_of(&r);
	h->ts_ns = xt_cpu64(CLOCK_TS);
	h->recv_ns = xt_cpu64(CLOCK_TS);
	if (!ts_xen)
		h->flags = 0;
	((struct xtrail_clock *)(h + 1))->realtime_ns = xt_cpu64(REALTIME_NS);
	assert_int_equal(xtrail_rec_check(r.b, len, 0), XTRAIL_OK);
	xt_json_clock_ref_update(&c, r.b);
	assert_true(c.valid);
	return c;
}

static uint32_t spam_at(uint64_t ts, uint64_t recv, int ts_xen)
{
	uint32_t len = build_spam(&r);

	hdr_of(&r)->ts_ns = xt_cpu64(ts);
	hdr_of(&r)->recv_ns = xt_cpu64(recv);
	if (!ts_xen)
		hdr_of(&r)->flags = 0;
	return len;
}

static void test_exec_exact(void **state)
{
	struct xtrail_clock_ref c = clock_ref(1);
	uint32_t len = spam_at(CLOCK_TS + 123456789, CLOCK_TS + 123457789, 1);
	char *s = line(len, &c);

	assert_non_null(s);
	assert_string_equal(s,
		"{\"seq\":42,\"type\":\"exec\",\"domid\":7,\"vcpu\":1,"
		"\"pid\":1234,\"tgid\":1234,\"ppid\":1000,\"uid\":1001,"
		"\"gid\":1002,\"euid\":1003,\"egid\":1004,\"loginuid\":null,"
		"\"sessionid\":3,\"comm\":\"mail\",\"ts_ns\":5123456789,"
		"\"ts_xen\":true,\"no_task\":false,\"recv_ns\":5123457789,"
		"\"time\":\"2026-11-21T23:59:01.123456789Z\","
		"\"recv_time\":\"2026-11-21T23:59:01.123457789Z\","
		"\"filename\":\"/usr/bin/mail\","
		"\"argv\":[\"mail\",\"-s\",\"spamSubject\","
		"\"winai.wongthai@ncl.ac.uk\"],"
		"\"argc_total\":4,\"argv_truncated\":false,"
		"\"filename_truncated\":false,\"argv_fault\":false,"
		"\"argv_last_cut\":false,\"cwd\":null,\"exe\":null,"
		"\"interpreter\":null,\"argv0_passed\":null,"
		"\"script\":false,\"cwd_too_long\":false,"
		"\"exe_too_long\":false,\"argv0_passed_truncated\":false}");
	free(s);
}

/*
 * Body version 2: a script run as "./send.sh" from /home/alice: exe is the
 * script's path made absolute with the cwd, interpreter the file the
 * kernel loaded; a program's exe is that file, with no interpreter.
 */
static void test_exec_v2(void **state)
{
	struct xtrail_exec_strs in = {
		.fn_len = 6, .cwd_len = 1, .exe_len = 12, .argv0_len = 0,
		.argv_len = 7, .argc_total = 2,
	};
	uint32_t len = build_script(&r);
	char *no_path;

	assert_field(len, NULL, "cwd", "\"/home/alice\"");
	assert_field(len, NULL, "exe", "\"/home/alice/send.sh\"");
	assert_field(len, NULL, "interpreter", "\"/bin/busybox\"");
	assert_field(len, NULL, "argv0_passed", "\"./send.sh\"");
	assert_field(len, NULL, "script", "true");
	assert_field(len, NULL, "argv", "[\"/bin/sh\",\"./send.sh\",\"-v\"]");
	assert_field(len, NULL, "argv0_passed_truncated", "false");

	/* "ls -l" in /: no argv0 known, exe as recorded */
	len = build_exec_v2(&r, &in, "/bin/l", "/", "/usr/bin/ls2", "",
			    "ls\0-l\0\0");
	assert_field(len, NULL, "cwd", "\"/\"");
	assert_field(len, NULL, "exe", "\"/usr/bin/ls2\"");
	assert_field(len, NULL, "interpreter", "null");
	assert_field(len, NULL, "argv0_passed", "null");
	assert_field(len, NULL, "script", "false");
	no_path = line(len, NULL);
	assert_null(strstr(no_path, "exe_no_path"));
	free(no_path);
	/* A memfd's program: no path reaches it, the kernel says so */
	in.flags = XTRAIL_EXEC_NO_PATH;
	in.fn_len = 9;
	in.exe_len = 25;
	len = build_exec_v2(&r, &in, "/dev/fd/3", "/", "/memfd:xe-memfd (deleted)",
			    "", "ls\0-l\0\0");
	assert_field(len, NULL, "exe_no_path", "true");
	in.fn_len = 6;
	in.exe_len = 12;

	/* a relative script in /: one slash; cwd unknown: no exe */
	in.flags = XTRAIL_EXEC_SCRIPT | XTRAIL_EXEC_EXE_LONG;
	in.exe_len = 0;
	len = build_exec_v2(&r, &in, "././sh", "/", "", "", "ls\0-l\0\0");
	assert_field(len, NULL, "exe", "\"/sh\"");
	assert_field(len, NULL, "interpreter", "null");
	assert_field(len, NULL, "exe_too_long", "true");
	in.cwd_len = 0;
	in.flags = XTRAIL_EXEC_SCRIPT | XTRAIL_EXEC_CWD_LONG;
	len = build_exec_v2(&r, &in, "././sh", "", "", "", "ls\0-l\0\0");
	assert_field(len, NULL, "exe", "null");
	assert_field(len, NULL, "cwd", "null");
	assert_field(len, NULL, "cwd_too_long", "true");
}

static void test_exec_flags_and_truncated_argv(void **state)
{
	uint32_t len = build_exec(&r, SPAM_FILENAME, 13, 1, spam_argv, 15, 0,
				  0, 4);

	assert_field(len, NULL, "argv", "[\"mail\",\"-s\",\"spamSu\"]");
	assert_field(len, NULL, "argv_truncated", "true");
	assert_field(len, NULL, "filename_truncated", "true");
	assert_field(len, NULL, "argv_fault", "false");

	len = build_exec(&r, SPAM_FILENAME, 13, 0, spam_argv, 0, 0, 1, 4);
	assert_field(len, NULL, "argv", "[]");
	assert_field(len, NULL, "argv_fault", "true");
	assert_field(len, NULL, "argc_total", "4");

	/* empty arguments stay */
	len = build_exec(&r, "/bin/x", 6, 0, "a\0\0b", 5, 0, 0, 3);
	assert_field(len, NULL, "argv", "[\"a\",\"\",\"b\"]");
}

static void test_lost(void **state)
{
	uint32_t len = build_lost(&r, 3, 10);

	assert_field(len, NULL, "type", "\"lost\"");
	assert_field(len, NULL, "count", "3");
	assert_field(len, NULL, "first_seq", "10");
	assert_field(len, NULL, "last_seq", "12");
	len = build_lost(&r, 2, UINT64_MAX);
	assert_field(len, NULL, "first_seq", "18446744073709551615");
	assert_field(len, NULL, "last_seq", "0");
}

/* A CLOCK with the merge fields shows them; the short form does not. */
static void test_clock_merge_fields(void **state)
{
	struct xtrail_clock *ck;
	struct json_object *o, *v;
	uint32_t len = build_dom0(&r, XTRAIL_REC_CLOCK);

	o = xt_json_rec(r.b, len, NULL);
	assert_non_null(o);
	assert_false(json_object_object_get_ex(o, "merge_window_ns", &v));
	json_object_put(o);

	len = sizeof(struct xtrail_rec_hdr) + sizeof(*ck);
	hdr_of(&r)->len = xt_cpu32(len);
	ck = (struct xtrail_clock *)(hdr_of(&r) + 1);
	memset(ck, 0, sizeof(*ck));
	ck->merge_window_ns = xt_cpu64(300000000);
	ck->merge_flags = xt_cpu32(XTRAIL_MERGE_XEN);
	assert_field(len, NULL, "merge_window_ns", "300000000");
	assert_field(len, NULL, "merge_xen", "true");
	ck->merge_flags = 0;
	assert_field(len, NULL, "merge_xen", "false");
}

static void test_time_from_clock(void **state)
{
	struct xtrail_clock_ref c = clock_ref(1), c_raw;
	uint32_t len;

	/* the CLOCK record is its own reference */
	c = clock_ref(1);
	len = sizeof(struct xtrail_rec_hdr) + XTRAIL_CLOCK_MIN;
	assert_field(len, &c, "type", "\"clock\"");
	assert_field(len, &c, "time", "\"2026-11-21T23:59:01.000000000Z\"");
	assert_field(len, &c, "realtime_ns", "1795305541000000000");

	/* Xen timestamps on both sides: ts_ns is used */
	len = spam_at(CLOCK_TS + 123456789, CLOCK_TS + 999000000, 1);
	assert_field(len, &c, "time", "\"2026-11-21T23:59:01.123456789Z\"");
	assert_field(len, &c, "recv_time",
		     "\"2026-11-21T23:59:01.999000000Z\"");
	/* record before the clock, across a second */
	len = spam_at(CLOCK_TS - 1, CLOCK_TS + 61000000000ull, 1);
	assert_field(len, &c, "time", "\"2026-11-21T23:59:00.999999999Z\"");
	assert_field(len, &c, "recv_time",
		     "\"2026-11-22T00:00:02.000000000Z\"");
	/* guest clock not Xen's: recv_ns is used */
	len = spam_at(CLOCK_TS + 123456789, CLOCK_TS + 500, 0);
	assert_field(len, &c, "time", "\"2026-11-21T23:59:01.000000500Z\"");
	assert_field(len, &c, "ts_xen", "false");
	/* clock record without Xen time: recv_ns too */
	c_raw = clock_ref(0);
	len = spam_at(CLOCK_TS + 123456789, CLOCK_TS + 500, 1);
	assert_field(len, &c_raw, "time", "\"2026-11-21T23:59:01.000000500Z\"");
	/* no clock yet */
	assert_field(len, NULL, "time", "null");
	assert_field(len, NULL, "recv_time", "null");
	c.valid = 0;
	assert_field(len, &c, "time", "null");
	/* before 1970 */
	c = clock_ref(1);
	c.realtime_ns = 5;
	len = spam_at(CLOCK_TS - 6, CLOCK_TS, 1);
	assert_field(len, &c, "time", "null");
	assert_field(len, &c, "recv_time",
		     "\"1970-01-01T00:00:00.000000005Z\"");
}

static void test_clock_ref_update(void **state)
{
	struct xtrail_clock_ref c = { 0 };

	build_spam(&r);
	xt_json_clock_ref_update(&c, r.b);
	assert_false(c.valid);
	build_lost(&r, 1, 1);
	xt_json_clock_ref_update(&c, r.b);
	assert_false(c.valid);
	c = clock_ref(1);
	assert_int_equal(c.ts_ns, CLOCK_TS);
	assert_int_equal(c.realtime_ns, REALTIME_NS);
	assert_true(c.ts_xen);
	c = clock_ref(0);
	assert_false(c.ts_xen);
}

static void test_rfc3339(void **state)
{
	char buf[40];

	assert_int_equal(xt_json_rfc3339(buf, sizeof(buf), 0), 0);
	assert_string_equal(buf, "1970-01-01T00:00:00.000000000Z");
	assert_int_equal(xt_json_rfc3339(buf, sizeof(buf),
					REALTIME_NS + 123456789), 0);
	assert_string_equal(buf, "2026-11-21T23:59:01.123456789Z");
	assert_int_equal(xt_json_rfc3339(buf, sizeof(buf), INT64_MAX), 0);
	assert_string_equal(buf, "2262-04-11T23:47:16.854775807Z");
	assert_int_equal(xt_json_rfc3339(buf, sizeof(buf), -1), -1);
	assert_int_equal(xt_json_rfc3339(buf, 31, 0), 0);
	assert_int_equal(xt_json_rfc3339(buf, 30, 0), -1);
}

static void test_escape(void **state)
{
	static const struct {
		const char *in;
		size_t n;
		const char *out;
	} t[] = {
		{ "plain", 5, "plain" },
		{ "", 0, "" },
		{ "a\\b", 3, "a\\\\b" },
		{ "\xff", 1, "\\xff" },
		{ "x\x80y", 3, "x\\x80y" },
		{ "caf\xc3\xa9", 5, "caf\xc3\xa9" },		/* é */
		{ "\xe2\x82\xac", 3, "\xe2\x82\xac" },		/* € */
		{ "\xf0\x9f\x98\x80", 4, "\xf0\x9f\x98\x80" },	/* U+1F600 */
		{ "\xf4\x8f\xbf\xbf", 4, "\xf4\x8f\xbf\xbf" },	/* U+10FFFF */
		{ "\xc0\xaf", 2, "\\xc0\\xaf" },		/* overlong / */
		{ "\xe0\x80\xaf", 3, "\\xe0\\x80\\xaf" },	/* overlong */
		{ "\xed\xa0\x80", 3, "\\xed\\xa0\\x80" },	/* surrogate */
		{ "\xf4\x90\x80\x80", 4, "\\xf4\\x90\\x80\\x80" },
		{ "\xe2\x82", 2, "\\xe2\\x82" },		/* cut short */
		{ "\xe2\x82z", 3, "\\xe2\\x82z" },
		{ "a\0b", 3, "a\\x00b" },
		{ "\\xff", 4, "\\\\xff" },			/* literal */
		{ "tab\tnl\n", 7, "tab\tnl\n" },
	};
	size_t i;
	char *s;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		s = xt_json_str_escape(t[i].in, t[i].n);
		assert_non_null(s);
		if (strcmp(s, t[i].out))
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, s,
				 t[i].out);
		free(s);
	}
}

static void test_escape_in_record(void **state)
{
	/* argv with a raw 0xff and a backslash, filename with é */
	static const char av[] = "printf\0a\\n\xff";
	uint32_t len = build_exec(&r, "/tmp/caf\xc3\xa9", 10, 0, av,
				  sizeof(av), 0, 0, 2);

	assert_field(len, NULL, "argv",
		     "[\"printf\",\"a\\\\\\\\n\\\\xff\"]");
	assert_field(len, NULL, "filename", "\"/tmp/caf\xc3\xa9\"");
	/* a control character takes JSON's own escape */
	len = build_exec(&r, "/x", 2, 0, "a\nb", 4, 0, 0, 1);
	assert_field(len, NULL, "argv", "[\"a\\nb\"]");
}

static void test_ids_and_comm(void **state)
{
	uint32_t len = build_spam(&r);
	struct xtrail_rec_hdr *h = hdr_of(&r);

	assert_field(len, NULL, "loginuid", "null");
	assert_field(len, NULL, "sessionid", "3");
	h->loginuid = xt_cpu32(1000);
	h->sessionid = xt_cpu32(0xffffffff);
	assert_field(len, NULL, "loginuid", "1000");
	assert_field(len, NULL, "sessionid", "null");
	h->uid = xt_cpu32(0xfffffffe);
	assert_field(len, NULL, "uid", "4294967294");
	/* comm: 16 bytes without NUL, then with a non-UTF-8 byte */
	memcpy(h->comm, "0123456789abcdef", 16);
	assert_field(len, NULL, "comm", "\"0123456789abcdef\"");
	memset(h->comm, 0, 16);
	memcpy(h->comm, "k\xfe", 2);
	assert_field(len, NULL, "comm", "\"k\\\\xfe\"");
	memset(h->comm, 0, 16);
	assert_field(len, NULL, "comm", "\"\"");
}

static void test_dom0_records(void **state)
{
	struct xtrail_source *src;
	struct xtrail_violation *v;
	uint32_t len;

	len = build_dom0(&r, XTRAIL_REC_CONNECT);
	src = (struct xtrail_source *)(hdr_of(&r) + 1);
	src->ring_order = xt_cpu32(4);
	assert_field(len, NULL, "type", "\"connect\"");
	assert_field(len, NULL, "reason", "\"none\"");
	assert_field(len, NULL, "ring_order", "4");
	assert_field(len, NULL, "domid", "0");

	len = build_dom0(&r, XTRAIL_REC_DISCONNECT);
	src = (struct xtrail_source *)(hdr_of(&r) + 1);
	src->reason = xt_cpu32(XTRAIL_DISC_VIOLATION);
	src->records = xt_cpu64(123);
	src->bytes = xt_cpu64(1ull << 40);
	assert_field(len, NULL, "type", "\"disconnect\"");
	assert_field(len, NULL, "reason", "\"violation\"");
	assert_field(len, NULL, "records", "123");
	assert_field(len, NULL, "bytes", "1099511627776");
	src->reason = xt_cpu32(XTRAIL_DISC_FRONTEND);
	assert_field(len, NULL, "reason", "\"frontend\"");
	src->reason = xt_cpu32(XTRAIL_DISC_BACKEND);
	assert_field(len, NULL, "reason", "\"backend\"");
	src->reason = xt_cpu32(99);
	assert_field(len, NULL, "reason", "\"unknown\"");

	len = build_dom0(&r, XTRAIL_REC_VIOLATION);
	v = (struct xtrail_violation *)(hdr_of(&r) + 1);
	v->reason = xt_cpu32(XTRAIL_BAD_PADDING);
	v->prod = xt_cpu32(0xfffffff8);
	v->cons = xt_cpu32(16);
	v->rec_len = xt_cpu32(168);
	v->rec_type = xt_cpu32(1);
	assert_field(len, NULL, "type", "\"violation\"");
	assert_field(len, NULL, "reason", "\"non-zero padding\"");
	assert_field(len, NULL, "prod", "4294967288");
	assert_field(len, NULL, "cons", "16");
	assert_field(len, NULL, "rec_len", "168");
	assert_field(len, NULL, "rec_type", "1");
}

static void test_heartbeat_versions(void **state)
{
	struct xtrail_heartbeat *hb;
	uint32_t len;
	char *s;

	len = build_fixed(&r, XTRAIL_REC_HEARTBEAT, sizeof(*hb));
	hb = (struct xtrail_heartbeat *)(hdr_of(&r) + 1);
	hb->generated = xt_cpu64(10);
	hb->filtered = xt_cpu64(7);
	hb->untracked = xt_cpu64(2);
	assert_field(len, NULL, "generated", "10");
	assert_field(len, NULL, "filtered", "7");
	assert_field(len, NULL, "untracked_count", "2");
	/* Body version 1: no filtered or untracked at all. */
	len = build_fixed(&r, XTRAIL_REC_HEARTBEAT, XTRAIL_HEARTBEAT_V1_SIZE);
	s = line(len, NULL);
	assert_non_null(s);
	assert_null(strstr(s, "filtered"));
	assert_null(strstr(s, "untracked"));
	free(s);
	/* Neither size: invalid. */
	len = build_fixed(&r, XTRAIL_REC_HEARTBEAT, 40);
	assert_null(xt_json_rec(r.b, len, NULL));
}

/*
 * A TCP state change in softirq (NO_TASK): no task fields; body version 2
 * names the socket and its owner, version 1 (an earlier guest) no one.
 */
static void test_net_no_task(void **state)
{
	uint32_t len = build_net_state(&r, 2, 1);
	char *s = line(len, NULL);

	assert_non_null(s);
	assert_string_equal(s,
		"{\"seq\":42,\"type\":\"net\",\"domid\":7,\"vcpu\":1,"
		"\"pid\":null,\"tgid\":null,\"ppid\":null,\"uid\":0,"
		"\"gid\":null,\"euid\":0,\"egid\":null,\"loginuid\":null,"
		"\"sessionid\":null,\"comm\":null,\"ts_ns\":1000000000,"
		"\"ts_xen\":true,\"no_task\":true,\"recv_ns\":1000500000,"
		"\"time\":null,\"recv_time\":null,\"kind\":\"state\","
		"\"family\":2,\"protocol\":6,\"ret\":0,\"fd\":-1,"
		"\"saddr\":\"127.0.0.1\",\"sport\":5555,"
		"\"daddr\":\"127.0.0.1\",\"dport\":40000,"
		"\"old_state\":\"FIN_WAIT2\",\"new_state\":\"CLOSE\","
		"\"sock_ino\":4242,\"sock_uid\":0}");
	free(s);

	/* Version 1: the header's task was a bystander, uid included. */
	len = build_net_state(&r, 1, 1);
	assert_field(len, NULL, "uid", "null");
	assert_field(len, NULL, "euid", "null");
	assert_field(len, NULL, "pid", "null");
	assert_field(len, NULL, "comm", "null");
	assert_field(len, NULL, "sock_ino", "null");
	assert_field(len, NULL, "sock_uid", "null");

	/* In task context: the task, and the socket beside it. */
	len = build_net_state(&r, 2, 0);
	assert_field(len, NULL, "pid", "1234");
	assert_field(len, NULL, "uid", "1001");
	assert_field(len, NULL, "comm", "\"mail\"");
	assert_field(len, NULL, "no_task", "false");
	assert_field(len, NULL, "sock_ino", "4242");
	assert_field(len, NULL, "sock_uid", "0");
	/* no socket: 0 and 0xffffffff */
	((struct xtrail_net *)(hdr_of(&r) + 1))->sock_ino = 0;
	((struct xtrail_net *)(hdr_of(&r) + 1))->sock_uid =
		xt_cpu32(XTRAIL_NET_NO_UID);
	assert_field(len, NULL, "sock_ino", "null");
	assert_field(len, NULL, "sock_uid", "null");

	/* Any other NO_TASK record (a console's TTY): no one at all. */
	len = build_tty_rec(&r, "hvc0", XTRAIL_TTY_CONSOLE | XTRAIL_TTY_INPUT,
			    "x", 1);
	hdr_of(&r)->flags |= xt_cpu16(XTRAIL_RF_NO_TASK);
	assert_field(len, NULL, "uid", "null");
	assert_field(len, NULL, "pid", "null");
}

static void test_close(void **state)
{
	struct xtrail_close *c;
	uint32_t len;

	build_fixed(&r, XTRAIL_REC_CLOSE, 0);
	memcpy(r.b + XTRAIL_CLOSE_PATH_OFF, "/tmp/xt-copy", 12);
	len = xtrail_close_finish(r.b, XTRAIL_CLOSE_LAST, 3, 1000, 70000, 12);
	assert_int_equal(len, xtrail_rec_align(XTRAIL_CLOSE_PATH_OFF + 12));
	assert_field(len, NULL, "type", "\"close\"");
	assert_field(len, NULL, "fd", "3");
	assert_field(len, NULL, "path", "\"/tmp/xt-copy\"");
	assert_field(len, NULL, "bytes_read", "1000");
	assert_field(len, NULL, "bytes_written", "70000");
	assert_field(len, NULL, "last", "true");
	assert_field(len, NULL, "path_truncated", "false");

	len = xtrail_close_finish(r.b, XTRAIL_CLOSE_PATH_FAULT, -1, 0, 0, 0);
	assert_field(len, NULL, "fd", "-1");
	assert_field(len, NULL, "path", "null");
	assert_field(len, NULL, "last", "false");

	/* Unknown flags, non-zero pad, a NUL in the path: invalid. */
	len = xtrail_close_finish(r.b, 0x100, 3, 0, 0, 0);
	assert_null(xt_json_rec(r.b, len, NULL));
	len = xtrail_close_finish(r.b, 0, 3, 0, 0, 0);
	c = xtrail_close_body(r.b);
	c->pad[1] = 1;
	assert_null(xt_json_rec(r.b, len, NULL));
	memcpy(r.b + XTRAIL_CLOSE_PATH_OFF, "/a\0b", 4);
	len = xtrail_close_finish(r.b, 0, 3, 0, 0, 4);
	assert_null(xt_json_rec(r.b, len, NULL));
}

/* issue 20: the digest of an exec's program, and what a reader refuses */
static void test_exec_digest(void **state)
{
	struct xtrail_exec_digest *d;
	uint32_t len;

	len = build_exec_digest(&r, XTRAIL_DIGEST_CACHED, 800000, 800000);
	assert_int_equal(len, sizeof(struct xtrail_rec_hdr) + 64);
	assert_field(len, NULL, "type", "\"exec_digest\"");
	assert_field(len, NULL, "pid", "1234");
	assert_field(len, NULL, "exec_ts_ns", "1000000000");
	assert_field(len, NULL, "size", "800000");
	assert_field(len, NULL, "hashed", "800000");
	assert_field(len, NULL, "sha256",
		     "\"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\"");
	assert_field(len, NULL, "cached", "true");
	assert_field(len, NULL, "partial", "false");
	/* the start of a file larger than digest_max */
	len = build_exec_digest(&r, XTRAIL_DIGEST_PARTIAL, 1 << 30, 16 << 20);
	assert_field(len, NULL, "partial", "true");
	assert_field(len, NULL, "hashed", "16777216");
	/* not hashed: the queue was full */
	len = build_exec_digest(&r, XTRAIL_DIGEST_BUSY, 4096, 0);
	assert_field(len, NULL, "sha256", "null");
	assert_field(len, NULL, "busy", "true");

	/* malformed: each refused by the validator, so never decoded */
	len = build_exec_digest(&r, 0x20, 10, 10);		/* unknown flag */
	assert_int_equal(xtrail_rec_check(r.b, len, 1), XTRAIL_BAD_FLAGS);
	assert_null(xt_json_rec(r.b, len, NULL));
	len = build_exec_digest(&r, XTRAIL_DIGEST_BUSY | XTRAIL_DIGEST_CACHED,
				10, 0);				/* busy, cached */
	assert_int_equal(xtrail_rec_check(r.b, len, 1), XTRAIL_BAD_FLAGS);
	len = build_exec_digest(&r, XTRAIL_DIGEST_ERROR, 10, 0);
	d = (struct xtrail_exec_digest *)(hdr_of(&r) + 1);
	d->sha256[31] = 1;				/* error, a digest */
	assert_int_equal(xtrail_rec_check(r.b, len, 1), XTRAIL_BAD_FLAGS);
	len = build_exec_digest(&r, XTRAIL_DIGEST_BUSY, 10, 5);	/* busy, bytes */
	assert_int_equal(xtrail_rec_check(r.b, len, 1), XTRAIL_BAD_FLAGS);
	len = build_exec_digest(&r, 0, 10, 11);		/* more than the file */
	assert_int_equal(xtrail_rec_check(r.b, len, 1), XTRAIL_BAD_BODY);
	len = build_exec_digest(&r, 0, 10, 5);		/* short, unflagged */
	assert_int_equal(xtrail_rec_check(r.b, len, 1), XTRAIL_BAD_BODY);
	len = build_exec_digest(&r, XTRAIL_DIGEST_PARTIAL, 10, 10);
	assert_int_equal(xtrail_rec_check(r.b, len, 1), XTRAIL_BAD_BODY);
	len = build_exec_digest(&r, XTRAIL_DIGEST_CHANGED, 10, 5); /* it shrank */
	assert_int_equal(xtrail_rec_check(r.b, len, 1), XTRAIL_OK);
	len = build_exec_digest(&r, 0, 10, 10);
	d = (struct xtrail_exec_digest *)(hdr_of(&r) + 1);
	d->pad = xt_cpu32(1);
	assert_int_equal(xtrail_rec_check(r.b, len, 1), XTRAIL_BAD_PADDING);
	len = build_exec_digest(&r, 0, 10, 10);
	hdr_of(&r)->len = xt_cpu32(len - 8);			/* wrong length */
	assert_int_not_equal(xtrail_rec_check(r.b, len - 8, 1), XTRAIL_OK);
	assert_null(xt_json_rec(r.b, len - 8, NULL));
	memset(r.b + len, 0, 8);
	hdr_of(&r)->len = xt_cpu32(len + 8);			/* 8 more */
	assert_int_equal(xtrail_rec_check(r.b, len + 8, 1), XTRAIL_BAD_BODY);
}

static void test_evidence_records(void **state)
{
	struct xtrail_seq_gap *g;
	struct xtrail_hb_silence *s;
	uint32_t len;

	len = build_dom0(&r, XTRAIL_REC_SEQ_GAP);
	hdr_of(&r)->domid = xt_cpu16(7);
	g = (struct xtrail_seq_gap *)(hdr_of(&r) + 1);
	g->ring = xt_cpu32(1);
	g->kind = xt_cpu32(XTRAIL_GAP_MISSING);
	g->expected = xt_cpu64(41);
	g->got = xt_cpu64(1ull << 40);
	g->missing = xt_cpu64((1ull << 40) - 41);
	assert_field(len, NULL, "type", "\"seq_gap\"");
	assert_field(len, NULL, "domid", "7");
	assert_field(len, NULL, "ring", "1");
	assert_field(len, NULL, "kind", "\"missing\"");
	assert_field(len, NULL, "expected", "41");
	assert_field(len, NULL, "got", "1099511627776");
	assert_field(len, NULL, "missing", "1099511627735");
	g->kind = xt_cpu32(XTRAIL_GAP_BACKWARDS);
	assert_field(len, NULL, "kind", "\"backwards\"");
	g->kind = xt_cpu32(0);
	assert_field(len, NULL, "kind", "\"unknown\"");

	len = build_dom0(&r, XTRAIL_REC_HB_SILENCE);
	s = (struct xtrail_hb_silence *)(hdr_of(&r) + 1);
	s->state = xt_cpu32(XTRAIL_HB_STOPPED);
	s->period_ms = xt_cpu32(500);
	s->limit_ms = xt_cpu32(1500);
	s->silent_ns = xt_cpu64(1600000000);
	assert_field(len, NULL, "type", "\"heartbeat_silence\"");
	assert_field(len, NULL, "state", "\"stopped\"");
	assert_field(len, NULL, "period_ms", "500");
	assert_field(len, NULL, "limit_ms", "1500");
	assert_field(len, NULL, "silent_ns", "1600000000");
	s->state = xt_cpu32(XTRAIL_HB_RESUMED);
	assert_field(len, NULL, "state", "\"resumed\"");

	/* dom0 makes them; in a guest's ring they are a violation */
	assert_int_equal(xtrail_rec_check(r.b, len, 1), XTRAIL_BAD_TYPE);
	assert_int_equal(xtrail_rec_check(r.b, len - 8, 0), XTRAIL_BAD_SHORT);
}

/* A refused connect: key, kind, the value as dom0 kept it. */
static void test_refused_record(void **state)
{
	struct xtrail_refused *f;
	struct json_object *o;
	uint32_t len;

	len = build_dom0(&r, XTRAIL_REC_REFUSED);
	hdr_of(&r)->domid = xt_cpu16(5);
	f = (struct xtrail_refused *)(hdr_of(&r) + 1);
	f->reason = xt_cpu32(XTRAIL_BAD_XENSTORE);
	f->kind = xt_cpu32(XTRAIL_REFUSED_RANGE);
	f->err = xt_cpu32(34);
	f->limit = xt_cpu64(4);
	memcpy(f->key, "ring-page-order", 15);
	memcpy(f->value, "4294967299", 10);
	f->value_len = xt_cpu16(10);
	assert_field(len, NULL, "type", "\"refused\"");
	assert_field(len, NULL, "domid", "5");
	assert_field(len, NULL, "reason",
		     "\"invalid ring description in xenstore\"");
	assert_field(len, NULL, "kind", "\"range\"");
	assert_field(len, NULL, "key", "\"ring-page-order\"");
	assert_field(len, NULL, "value", "\"4294967299\"");
	assert_field(len, NULL, "truncated", "false");
	assert_field(len, NULL, "errno", "34");
	assert_field(len, NULL, "limit", "4");
	/* a full key without NUL, a value_len beyond the field */
	memset(f->key, 'k', sizeof(f->key));
	f->value_len = xt_cpu16(1000);
	f->kind = xt_cpu32(99);
	f->flags = xt_cpu16(XTRAIL_REFUSED_TRUNC);
	assert_field(len, NULL, "kind", "\"unknown\"");
	assert_field(len, NULL, "truncated", "true");
	free(field(len, NULL, "value"));
	free(field(len, NULL, "key"));
	f->flags = xt_cpu16(XTRAIL_REFUSED_NOVALUE);
	o = xt_json_rec(r.b, len, NULL);
	assert_non_null(o);
	assert_false(json_object_object_get_ex(o, "value", NULL));
	json_object_put(o);

	assert_int_equal(xtrail_rec_check(r.b, len, 1), XTRAIL_BAD_TYPE);
	assert_int_equal(xtrail_rec_check(r.b, len, 0), XTRAIL_OK);
}

/* dom0's own losses: counts, and the types lost by name */
static void test_dom0_lost_record(void **state)
{
	struct xtrail_dom0_lost *l;
	uint32_t len;

	len = build_dom0(&r, XTRAIL_REC_DOM0_LOST);
	hdr_of(&r)->domid = xt_cpu16(5);
	l = (struct xtrail_dom0_lost *)(hdr_of(&r) + 1);
	l->count = xt_cpu64(12);
	l->total = xt_cpu64(40);
	l->first_ns = xt_cpu64(1000);
	l->last_ns = xt_cpu64(2000);
	l->by_type[XTRAIL_REC_SEQ_GAP - XTRAIL_REC_DOM0_FIRST] = xt_cpu32(11);
	l->by_type[XTRAIL_REC_DISCONNECT - XTRAIL_REC_DOM0_FIRST] =
		xt_cpu32(1);
	l->by_type[6] = xt_cpu32(0);
	assert_field(len, NULL, "type", "\"dom0_lost\"");
	assert_field(len, NULL, "domid", "5");
	assert_field(len, NULL, "count", "12");
	assert_field(len, NULL, "total", "40");
	assert_field(len, NULL, "first_ns", "1000");
	assert_field(len, NULL, "last_ns", "2000");
	assert_field(len, NULL, "by_type",
		     "{\"disconnect\":1,\"seq_gap\":11}");
	/* a third type */
	l->by_type[6] = xt_cpu32(2);
	assert_field(len, NULL, "by_type",
		     "{\"disconnect\":1,\"seq_gap\":11,\"refused\":2}");
	assert_int_equal(xtrail_rec_check(r.b, len, 1), XTRAIL_BAD_TYPE);
	assert_int_equal(xtrail_rec_check(r.b, len - 8, 0), XTRAIL_BAD_SHORT);
}

/* A FLOW record about guest 5: tcp 10.99.0.2:40000 -> 10.99.0.1:25. */
static uint32_t build_flow(uint32_t event, uint32_t flags)
{
	uint32_t len = build_dom0(&r, XTRAIL_REC_FLOW);
	struct xtrail_flow *f = (struct xtrail_flow *)(hdr_of(&r) + 1);
	static const uint8_t s4[4] = { 10, 99, 0, 2 }, d4[4] = { 10, 99, 0, 1 };

	hdr_of(&r)->domid = xt_cpu16(5);
	hdr_of(&r)->flags = xt_cpu16(XTRAIL_RF_TS_XEN | XTRAIL_RF_NO_TASK);
	f->event = xt_cpu32(event);
	f->flags = xt_cpu32(flags);
	f->vif = xt_cpu32(0);
	f->family = xt_cpu16(AF_INET);
	f->protocol = IPPROTO_TCP;
	f->sport = xt_cpu16(40000);
	f->dport = xt_cpu16(25);
	f->tcp_fwd = 0x1b;
	f->tcp_rev = 0x13;
	f->flow_id = xt_cpu64(7);
	f->first_ns = xt_cpu64(1000);
	f->last_ns = xt_cpu64(2000);
	f->pkts_fwd = xt_cpu64(12);
	f->bytes_fwd = xt_cpu64(1500);
	f->pkts_rev = xt_cpu64(9);
	f->bytes_rev = xt_cpu64(700);
	memcpy(f->saddr, s4, sizeof(s4));
	memcpy(f->daddr, d4, sizeof(d4));
	return len;
}

/* dom0's view of a flow: every field, addresses as text */
static void test_flow_record(void **state)
{
	struct xtrail_flow *f;
	uint32_t len = build_flow(XTRAIL_FLOW_END, XTRAIL_FLOW_FROM_GUEST);

	assert_field(len, NULL, "type", "\"flow\"");
	assert_field(len, NULL, "domid", "5");
	assert_field(len, NULL, "no_task", "true");
	assert_field(len, NULL, "event", "\"end\"");
	assert_field(len, NULL, "from_guest", "true");
	assert_field(len, NULL, "vif", "0");
	assert_field(len, NULL, "family", "2");
	assert_field(len, NULL, "protocol", "6");
	assert_field(len, NULL, "proto", "\"tcp\"");
	assert_field(len, NULL, "saddr", "\"10.99.0.2\"");
	assert_field(len, NULL, "sport", "40000");
	assert_field(len, NULL, "daddr", "\"10.99.0.1\"");
	assert_field(len, NULL, "dport", "25");
	assert_field(len, NULL, "tcp_fwd", "27");
	assert_field(len, NULL, "tcp_rev", "19");
	assert_field(len, NULL, "flow_id", "7");
	assert_field(len, NULL, "first_ns", "1000");
	assert_field(len, NULL, "last_ns", "2000");
	assert_field(len, NULL, "pkts_fwd", "12");
	assert_field(len, NULL, "bytes_fwd", "1500");
	assert_field(len, NULL, "pkts_rev", "9");
	assert_field(len, NULL, "bytes_rev", "700");
	/* the other events, an event from the future, UDP, IPv6 */
	build_flow(XTRAIL_FLOW_IDLE, 0);
	assert_field(len, NULL, "event", "\"idle\"");
	assert_field(len, NULL, "from_guest", "false");
	f = (struct xtrail_flow *)(hdr_of(&r) + 1);
	f->protocol = IPPROTO_UDP;
	f->family = xt_cpu16(AF_INET6);
	memset(f->saddr, 0, sizeof(f->saddr));
	f->saddr[0] = 0xfd;
	f->saddr[15] = 2;
	assert_field(len, NULL, "proto", "\"udp\"");
	assert_field(len, NULL, "saddr", "\"fd00::2\"");
	assert_int_equal(xtrail_rec_check(r.b, len, 1), XTRAIL_BAD_TYPE);
	assert_int_equal(xtrail_rec_check(r.b, len - 8, 0), XTRAIL_BAD_SHORT);
}

/* The message text of CSV, SQLite, Timesketch, after its header part */
static void assert_message(uint32_t len, const char *want)
{
	struct json_object *o = xt_json_rec(r.b, len, NULL);
	char *got, *body;

	assert_non_null(o);
	got = xt_rec_message(o);
	assert_non_null(got);
	/* What follows the header's "[domid ... comm]" */
	body = strstr(got, "] ");
	if (!body || strcmp(body + 2, want))
		fail_msg("message: got %s, want %s", got, want);
	free(got);
	json_object_put(o);
}

/*
 * An exec's argv in the message: each argument in the display form, quoted
 * as a shell would read it back when it is empty or holds more than
 * [A-Za-z0-9@%+=:,./_-].
 */
static void test_exec_message(void **state)
{
	static const char argv[] = "echo\0a b\0\0it's\0tab\there\0l1\nl2\0x=1,y";
	uint32_t len = build_exec(&r, "/bin/echo", 9, 0, argv, sizeof(argv),
				  0, 0, 7);

	assert_message(len, "exec /bin/echo: echo 'a b' '' 'it'\\''s' 'tab\\there' 'l1\\nl2' x=1,y");
}

/*
 * Bytes that are not UTF-8, or a backslash: their text doubled or \xHH,
 * the exact bytes beside it in base64 (filename_b64, argv_b64, path_b64);
 * none when the text is the bytes.
 */
static void test_exact_bytes(void **state)
{
	static const char argv[] = "x\0\xff\0a\\b";
	uint32_t len = build_exec(&r, "/bin/a\\\xff", 8, 0, argv,
				  sizeof(argv), 0, 0, 3);
	char *s;

	assert_field(len, NULL, "filename", "\"/bin/a\\\\\\\\\\\\xff\"");
	assert_field(len, NULL, "filename_b64", "\"L2Jpbi9hXP8=\"");
	assert_field(len, NULL, "argv_b64", "[\"eA==\",\"/w==\",\"YVxi\"]");
	build_fixed(&r, XTRAIL_REC_CLOSE, 0);
	memcpy(r.b + XTRAIL_CLOSE_PATH_OFF, "/tmp/x\xff", 7);
	len = xtrail_close_finish(r.b, XTRAIL_CLOSE_LAST, 3, 1, 2, 7);
	assert_field(len, NULL, "path_b64", "\"L3RtcC94/w==\"");
	s = line(build_spam(&r), NULL);
	assert_null(strstr(s, "_b64"));
	free(s);
}

static void test_flow_message(void **state)
{
	uint32_t len = build_flow(XTRAIL_FLOW_START, XTRAIL_FLOW_FROM_GUEST);

	assert_message(len, "flow start tcp 10.99.0.2:40000 -> 10.99.0.1:25 (from the guest)");
	build_flow(XTRAIL_FLOW_END, 0);
	assert_message(len, "flow end tcp 10.99.0.2:40000 -> 10.99.0.1:25 (to the guest) packets 12/9 bytes 1500/700");
}

/*
 * A FILE record's road (xtrail_proto.h, "Roads"): the 64-bit syscall when
 * no flag says otherwise, an i386 open recorded as its x86-64 twin, an
 * io_uring request.
 */
static void test_file_road(void **state)
{
	struct xtrail_rec_hdr *h = hdr_init(&r);
	struct xtrail_file *f = (struct xtrail_file *)(h + 1);
	uint32_t len;

	h->type = xt_cpu16(XTRAIL_REC_FILE);
	memset(f, 0, sizeof(*f));
	f->nr = xt_cpu32(2);	/* open */
	f->ret = xt_cpu64(3);
	f->flags = xt_cpu32(XTRAIL_FILE_RESOLVED);
	memcpy(f + 1, "/tmp/x", 6);
	len = xtrail_file_finish(r.b, 6, 0);
	h->len = xt_cpu32(len);
	assert_field(len, NULL, "name", "\"open\"");
	assert_field(len, NULL, "road", "\"syscall\"");
	assert_message(len, "file open /tmp/x = 3");
	f->flags = xt_cpu32(XTRAIL_FILE_RESOLVED | XTRAIL_FILE_COMPAT);
	assert_field(len, NULL, "road", "\"compat\"");
	assert_message(len, "file open /tmp/x = 3 (by compat)");
	f->flags = xt_cpu32(XTRAIL_FILE_IO_URING);
	assert_field(len, NULL, "road", "\"io_uring\"");
	assert_message(len, "file open /tmp/x = 3 (by io_uring)");
}

/*
 * Body version 3: a socket's CLOSE with its bytes, the UNTRACKED flag,
 * AF_UNIX names (a pathname, an abstract one with a NUL, none).
 */
static void test_net_close_unix(void **state)
{
	uint32_t len = build_net_close(&r, 1000, 300);

	assert_field(len, NULL, "kind", "\"close\"");
	assert_field(len, NULL, "bytes_sent", "1000");
	assert_field(len, NULL, "bytes_received", "300");
	assert_field(len, NULL, "untracked", "false");
	assert_field(len, NULL, "sock_ino", "4242");
	assert_message(len, "net close 10.0.0.2:40000 -> 10.0.0.1:25 sent 1000 received 300 socket 4242");
	((struct xtrail_net *)(hdr_of(&r) + 1))->kind =
		xt_cpu32(XTRAIL_NET_CONNECT);
	((struct xtrail_net *)(hdr_of(&r) + 1))->bytes_sent = 0;
	((struct xtrail_net *)(hdr_of(&r) + 1))->bytes_rcvd = 0;
	((struct xtrail_net *)(hdr_of(&r) + 1))->flags =
		xt_cpu32(XTRAIL_NET_UNTRACKED);
	assert_field(len, NULL, "untracked", "true");
	assert_field(len, NULL, "road", "\"syscall\"");
	assert_message(len, "net connect 10.0.0.2:40000 -> 10.0.0.1:25 = 0 socket 4242 (untracked)");
	/* The roads (xtrail_proto.h, "Roads") */
	((struct xtrail_net *)(hdr_of(&r) + 1))->flags =
		xt_cpu32(XTRAIL_NET_COMPAT);
	assert_field(len, NULL, "road", "\"compat\"");
	assert_message(len, "net connect 10.0.0.2:40000 -> 10.0.0.1:25 = 0 socket 4242 (by compat)");
	((struct xtrail_net *)(hdr_of(&r) + 1))->flags =
		xt_cpu32(XTRAIL_NET_IO_URING);
	assert_field(len, NULL, "road", "\"io_uring\"");

	len = build_net_unix(&r, "/run/xt.sock", 12, 0);
	assert_field(len, NULL, "family", "1");
	assert_field(len, NULL, "path", "\"/run/xt.sock\"");
	assert_field(len, NULL, "path_abstract", "false");
	assert_field(len, NULL, "saddr", "null");
	assert_message(len, "net connect unix /run/xt.sock = 0 socket 777");
	len = build_net_unix(&r, "xt\0a", 4, 1);
	assert_field(len, NULL, "path", "\"xt\\\\x00a\"");
	assert_field(len, NULL, "path_abstract", "true");
	assert_message(len, "net connect unix @xt\\x00a = 0 socket 777");
	len = build_net_unix(&r, "", 0, 0);
	assert_field(len, NULL, "path", "null");
	assert_message(len, "net connect unix (unnamed) = 0 socket 777");
	/* an earlier guest's AF_UNIX record (version 2): no name known */
	len = build_net_state(&r, 2, 0);
	((struct xtrail_net *)(hdr_of(&r) + 1))->family = xt_cpu32(1);
	assert_field(len, NULL, "path", "null");
}

/* Flows a guest's table had no room for */
static void test_flow_lost_record(void **state)
{
	struct xtrail_flow_lost *l;
	uint32_t len = build_dom0(&r, XTRAIL_REC_FLOW_LOST);

	hdr_of(&r)->domid = xt_cpu16(5);
	l = (struct xtrail_flow_lost *)(hdr_of(&r) + 1);
	l->count = xt_cpu64(936);
	l->total = xt_cpu64(1000);
	l->packets = xt_cpu64(940);
	l->first_ns = xt_cpu64(1000);
	l->last_ns = xt_cpu64(2000);
	l->cap = xt_cpu32(64);
	l->in_use = xt_cpu32(64);
	assert_field(len, NULL, "type", "\"flow_lost\"");
	assert_field(len, NULL, "count", "936");
	assert_field(len, NULL, "total", "1000");
	assert_field(len, NULL, "packets", "940");
	assert_field(len, NULL, "first_ns", "1000");
	assert_field(len, NULL, "last_ns", "2000");
	assert_field(len, NULL, "cap", "64");
	assert_field(len, NULL, "in_use", "64");
	assert_message(len, "flow_lost 936 flows (1000 in all), 940 packets, table 64/64");
	assert_int_equal(xtrail_rec_check(r.b, len, 1), XTRAIL_BAD_TYPE);
}

/* An operator's action: who is the header, what and the result the body. */
static void test_control_record(void **state)
{
	struct xtrail_control *c;
	uint32_t len;
	char *text;

	len = build_dom0(&r, XTRAIL_REC_CONTROL);
	c = (struct xtrail_control *)(hdr_of(&r) + 1);
	c->action = xt_cpu32(XTRAIL_CTL_CONFIG);
	c->target = xt_cpu32(3);
	c->instance = xt_cpu64(0x0123456789abcdefull);
	text = (char *)(c + 1);
	memset(text, 0, 32);
	memcpy(text, "events=exec ignore-uid=1000", 27);
	c->text_len = xt_cpu16(27);
	len += 32;	/* 27 bytes of text, padded to 8 */
	hdr_of(&r)->len = xt_cpu32(len);
	hdr_of(&r)->uid = xt_cpu32(1001);
	hdr_of(&r)->loginuid = xt_cpu32(1001);
	assert_int_equal(xtrail_rec_check(r.b, len, 0), XTRAIL_OK);
	assert_field(len, NULL, "type", "\"control\"");
	assert_field(len, NULL, "action", "\"config\"");
	assert_field(len, NULL, "result", "\"applied\"");
	assert_field(len, NULL, "errno", "0");
	assert_field(len, NULL, "target", "3");
	assert_field(len, NULL, "text", "\"events=exec ignore-uid=1000\"");
	assert_field(len, NULL, "truncated", "false");
	assert_field(len, NULL, "instance", "\"0123456789abcdef\"");
	assert_field(len, NULL, "uid", "1001");
	assert_field(len, NULL, "loginuid", "1001");
	/* refused, on every guest */
	c->action = xt_cpu32(XTRAIL_CTL_PAUSE);
	c->result = xt_cpu32(1);
	c->target = xt_cpu32(XTRAIL_CTL_ALL);
	assert_field(len, NULL, "action", "\"pause\"");
	assert_field(len, NULL, "result", "\"refused\"");
	assert_field(len, NULL, "errno", "1");
	assert_field(len, NULL, "target", "null");
	/* text longer than the record, bad flags, from a guest */
	c->text_len = xt_cpu16(33);
	assert_int_equal(xtrail_rec_check(r.b, len, 0), XTRAIL_BAD_BODY);
	c->text_len = xt_cpu16(XTRAIL_CTL_TEXT_MAX + 1);
	assert_int_equal(xtrail_rec_check(r.b, len, 0), XTRAIL_BAD_BODY);
	c->text_len = xt_cpu16(27);
	c->flags = xt_cpu16(2);
	assert_int_equal(xtrail_rec_check(r.b, len, 0), XTRAIL_BAD_FLAGS);
	c->flags = 0;
	assert_int_equal(xtrail_rec_check(r.b, len, 1), XTRAIL_BAD_TYPE);
}

/* xtraild's mark of a jump in the kernel's stream numbers. */
static void test_stream_jump_record(void **state)
{
	struct xtrail_stream_jump *j;
	uint32_t len;

	len = build_dom0(&r, XTRAIL_REC_STREAM_JUMP);
	j = (struct xtrail_stream_jump *)(hdr_of(&r) + 1);
	j->kind = xt_cpu32(XTRAIL_JUMP_SKIP);
	j->old_stream = xt_cpu64(0xaull);
	j->old_next = xt_cpu64(103);
	j->new_stream = xt_cpu64(0xaull);
	j->new_seq = xt_cpu64(110);
	j->missing = xt_cpu64(7);
	assert_field(len, NULL, "type", "\"stream_jump\"");
	assert_field(len, NULL, "kind", "\"skip\"");
	assert_field(len, NULL, "old_stream", "\"000000000000000a\"");
	assert_field(len, NULL, "old_next", "103");
	assert_field(len, NULL, "new_seq", "110");
	assert_field(len, NULL, "missing", "7");
	assert_int_equal(xtrail_rec_check(r.b, len, 1), XTRAIL_BAD_TYPE);
	assert_int_equal(xtrail_rec_check(r.b, len - 8, 0), XTRAIL_BAD_SHORT);

	/* ... and of its clean stop */
	len = build_dom0(&r, XTRAIL_REC_STREAM_END);
	((struct xtrail_stream_end *)(hdr_of(&r) + 1))->stream = xt_cpu64(0xb);
	((struct xtrail_stream_end *)(hdr_of(&r) + 1))->next = xt_cpu64(42);
	((struct xtrail_stream_end *)(hdr_of(&r) + 1))->signal = xt_cpu32(15);
	assert_field(len, NULL, "type", "\"stream_end\"");
	assert_field(len, NULL, "stream", "\"000000000000000b\"");
	assert_field(len, NULL, "next", "42");
	assert_field(len, NULL, "signal", "15");
	assert_int_equal(xtrail_rec_check(r.b, len, 1), XTRAIL_BAD_TYPE);
}

/* VM_IDENTITY: what dom0 could not parse is null, never a guess. */
static void test_vm_identity_record(void **state)
{
	uint32_t len = build_dom0(&r, XTRAIL_REC_VM_IDENTITY);
	struct xtrail_vm_identity *v = (void *)(hdr_of(&r) + 1);
	struct json_object *o;
	char *s;

	hdr_of(&r)->domid = xt_cpu16(7);
	v->uuid[0] = 0xab;
	v->uuid[15] = 0x01;
	memcpy(v->name, "guest\\1", 7);
	v->nics = xt_cpu32(2);
	v->nic[0].devid = xt_cpu32(0);
	memcpy(v->nic[0].mac, "\x00\x16\x3e\xaa\xbb\xcc", 6);
	v->nic[1].devid = xt_cpu32(3);
	v->nic[1].flags = xt_cpu32(XTRAIL_VM_NIC_MAC_BAD |
				   XTRAIL_VM_NIC_IP_BAD);
	assert_field(len, NULL, "type", "\"vm_identity\"");
	assert_field(len, NULL, "why", "\"connect\"");
	assert_field(len, NULL, "uuid",
		     "\"ab000000-0000-0000-0000-000000000001\"");
	assert_field(len, NULL, "name", "\"guest\\\\\\\\1\"");
	assert_field(len, NULL, "nics",
		     "[{\"devid\":0,\"mac\":\"00:16:3e:aa:bb:cc\",\"ip\":\"\"},"
		     "{\"devid\":3,\"mac\":null,\"ip\":null}]");
	v->flags = xt_cpu32(XTRAIL_VM_UUID_BAD | XTRAIL_VM_NAME_BAD |
			    XTRAIL_VM_NICS_TRUNC);
	v->why = xt_cpu32(XTRAIL_VM_CHANGE);
	assert_field(len, NULL, "why", "\"change\"");
	assert_field(len, NULL, "uuid", "null");
	assert_field(len, NULL, "name", "null");
	assert_field(len, NULL, "nics_truncated", "true");
	/* the join's fields only where asked for, after domid */
	o = xt_json_rec_vm(r.b, len, NULL, "u", "n");
	assert_non_null(o);
	s = xt_json_line(o);
	assert_non_null(strstr(s, "\"domid\":7,\"vm_uuid\":\"u\",\"vm_name\":\"n\",\"vcpu\""));
	free(s);
	json_object_put(o);
	s = line(len, NULL);
	assert_null(strstr(s, "vm_uuid"));
	free(s);
	/* a guest cannot make one; more NICs than there is room for */
	assert_int_equal(xtrail_rec_check(r.b, len, 1), XTRAIL_BAD_TYPE);
	v->nics = xt_cpu32(XTRAIL_VM_NICS_MAX + 1);
	assert_null(xt_json_rec(r.b, len, NULL));
}

static void test_invalid_record(void **state)
{
	uint32_t len = build_spam(&r);

	r.b[len - 1] = 1;
	assert_null(xt_json_rec(r.b, len, NULL));
	assert_null(xt_json_rec(r.b, len - 8, NULL));
	assert_null(xt_json_rec_type_name(0));
	assert_string_equal(xt_json_rec_type_name(XTRAIL_REC_CLOCK), "clock");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exec_exact),
		cmocka_unit_test(test_exec_flags_and_truncated_argv),
		cmocka_unit_test(test_exec_v2),
		cmocka_unit_test(test_lost),
		cmocka_unit_test(test_time_from_clock),
		cmocka_unit_test(test_clock_merge_fields),
		cmocka_unit_test(test_clock_ref_update),
		cmocka_unit_test(test_rfc3339),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_escape_in_record),
		cmocka_unit_test(test_ids_and_comm),
		cmocka_unit_test(test_dom0_records),
		cmocka_unit_test(test_heartbeat_versions),
		cmocka_unit_test(test_net_no_task),
		cmocka_unit_test(test_close),
		cmocka_unit_test(test_evidence_records),
		cmocka_unit_test(test_refused_record),
		cmocka_unit_test(test_dom0_lost_record),
		cmocka_unit_test(test_flow_record),
		cmocka_unit_test(test_exec_message),
		cmocka_unit_test(test_exact_bytes),
		cmocka_unit_test(test_flow_message),
		cmocka_unit_test(test_net_close_unix),
		cmocka_unit_test(test_file_road),
		cmocka_unit_test(test_flow_lost_record),
		cmocka_unit_test(test_control_record),
		cmocka_unit_test(test_stream_jump_record),
		cmocka_unit_test(test_vm_identity_record),
		cmocka_unit_test(test_invalid_record),
		cmocka_unit_test(test_exec_digest),
	};

	return cmocka_run_group_tests_name("json", tests, NULL, NULL);
}
