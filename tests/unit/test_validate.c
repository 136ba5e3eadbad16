// SPDX-License-Identifier: GPL-2.0
/*
 * xtrail_rec_check() and xtrail_hdr_check(): good records pass, and every
 * verdict is reachable from a malformed one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "test_util.h"

static struct rec_buf r;

static uint32_t syscall_rec(void);

static void test_good_records(void **state)
{
	static const unsigned int dom0_types[] = {
		XTRAIL_REC_CONNECT, XTRAIL_REC_DISCONNECT,
		XTRAIL_REC_VIOLATION, XTRAIL_REC_CLOCK,
		XTRAIL_REC_SEQ_GAP, XTRAIL_REC_HB_SILENCE,
		XTRAIL_REC_REFUSED,
		XTRAIL_REC_DOM0_LOST,
		/* issue 16: a guest cannot speak for dom0 about itself */
		XTRAIL_REC_VM_IDENTITY, XTRAIL_REC_FLOW, XTRAIL_REC_FLOW_LOST,
	};
	uint32_t len;
	size_t i;

	len = build_spam(&r);
	assert_int_equal(xtrail_rec_check(r.b, len, 0), XTRAIL_OK);
	assert_int_equal(xtrail_rec_check(r.b, len, 1), XTRAIL_OK);
	assert_int_equal(xtrail_hdr_check(hdr_of(&r), len), XTRAIL_OK);
	assert_int_equal(xtrail_hdr_check(hdr_of(&r), XTRAIL_REC_MAX),
			 XTRAIL_OK);

	/* SYSCALL by the i386 road (the flag was padding before) */
	len = syscall_rec();
	((struct xtrail_syscall *)(hdr_of(&r) + 1))->flags =
		xt_cpu32(XTRAIL_SYSCALL_COMPAT);
	assert_int_equal(xtrail_rec_check(r.b, len, 1), XTRAIL_OK);

	/* EXEC body version 2: a script's */
	len = build_script(&r);
	assert_int_equal(xtrail_rec_check(r.b, len, 1), XTRAIL_OK);

	len = build_lost(&r, 5, 100);
	assert_int_equal(xtrail_rec_check(r.b, len, 1), XTRAIL_OK);
	/* sequence numbers may wrap */
	len = build_lost(&r, 2, UINT64_MAX);
	assert_int_equal(xtrail_rec_check(r.b, len, 1), XTRAIL_OK);

	/* NET bodies of version 1 (72 bytes) and 2 (88), softirq or not */
	len = build_net_state(&r, 1, 1);
	assert_int_equal(len, sizeof(struct xtrail_rec_hdr) + 72);
	assert_int_equal(xtrail_rec_check(r.b, len, 1), XTRAIL_OK);
	len = build_net_state(&r, 2, 0);
	assert_int_equal(len, sizeof(struct xtrail_rec_hdr) + 88);
	assert_int_equal(xtrail_rec_check(r.b, len, 1), XTRAIL_OK);
	/* version 3 (112): a CLOSE with bytes; AF_UNIX names after it */
	len = build_net_state(&r, 3, 1);
	assert_int_equal(len, sizeof(struct xtrail_rec_hdr) + 112);
	assert_int_equal(xtrail_rec_check(r.b, len, 1), XTRAIL_OK);
	len = build_net_close(&r, 1000, 300);
	assert_int_equal(len, sizeof(struct xtrail_rec_hdr) + 112);
	assert_int_equal(xtrail_rec_check(r.b, len, 1), XTRAIL_OK);
	len = build_net_unix(&r, "/run/xt.sock", 12, 0);
	assert_int_equal(len, sizeof(struct xtrail_rec_hdr) + 112 + 16);
	assert_int_equal(xtrail_rec_check(r.b, len, 1), XTRAIL_OK);
	/* an abstract name may hold NULs */
	len = build_net_unix(&r, "xt\0a", 4, 1);
	assert_int_equal(xtrail_rec_check(r.b, len, 1), XTRAIL_OK);
	len = build_net_unix(&r, "", 0, 0);	/* unnamed */
	assert_int_equal(xtrail_rec_check(r.b, len, 1), XTRAIL_OK);

	for (i = 0; i < sizeof(dom0_types) / sizeof(dom0_types[0]); i++) {
		len = build_dom0(&r, dom0_types[i]);
		assert_int_equal(xtrail_rec_check(r.b, len, 0), XTRAIL_OK);
		/* dom0-only types from a guest */
		assert_int_equal(xtrail_rec_check(r.b, len, 1),
				 XTRAIL_BAD_TYPE);
	}
}

/*
 * A malformed-record case: build a good record, break it, and give
 * xtrail_rec_check() @len (0: the record's own length).
 */
struct bad_case {
	const char *name;
	uint32_t (*build)(void);
	void (*mutate)(uint32_t *len);
	int from_guest;
	enum xtrail_verdict want;
};

static uint32_t spam(void)
{
	return build_spam(&r);
}

static uint32_t lost(void)
{
	return build_lost(&r, 3, 10);
}

static uint32_t clock_rec(void)
{
	return build_dom0(&r, XTRAIL_REC_CLOCK);
}

static void set_hdr_len(uint32_t *len, uint32_t hlen, uint32_t buflen)
{
	hdr_of(&r)->len = xt_cpu32(hlen);
	*len = buflen;
}

static void m_short_buf(uint32_t *len)
{
	*len = sizeof(struct xtrail_rec_hdr) - 8;
}

static void m_short_len(uint32_t *len)
{
	set_hdr_len(len, 80, 80);
}

static void m_unaligned(uint32_t *len)
{
	set_hdr_len(len, *len + 2, *len + 2);
}

static void m_too_long(uint32_t *len)
{
	set_hdr_len(len, XTRAIL_REC_MAX + 8, XTRAIL_REC_MAX + 8);
}

static void m_len_past_buf(uint32_t *len)
{
	/* the header claims more bytes than there are */
	*len -= 8;
}

static void m_len_short_of_buf(uint32_t *len)
{
	set_hdr_len(len, *len - 8, *len);
}

static void m_type_zero(uint32_t *len)
{
	hdr_of(&r)->type = 0;
}

static void m_type_unknown(uint32_t *len)
{
	hdr_of(&r)->type = xt_cpu16(XTRAIL_REC_DOM0_FIRST - 1);
}

static void m_type_dom0_unknown(uint32_t *len)
{
	hdr_of(&r)->type = xt_cpu16(0x1ff);
}

static void m_type_ffff(uint32_t *len)
{
	hdr_of(&r)->type = xt_cpu16(0xffff);
}

static void m_hdr_flags(uint32_t *len)
{
	hdr_of(&r)->flags = xt_cpu16(XTRAIL_RF_TS_XEN | 0x8000);
}

static void m_exec_flags(uint32_t *len)
{
	exec_of(&r)->flags = xt_cpu32(0x8);
}

static void m_fn_nul(uint32_t *len)
{
	r.b[XTRAIL_EXEC_FN_OFF + 3] = 0;
}

static void m_argv_no_nul(uint32_t *len)
{
	r.b[XTRAIL_EXEC_FN_OFF + strlen(SPAM_FILENAME) + SPAM_ARGV_LEN - 1] =
		'k';
}

static void m_argc_low(uint32_t *len)
{
	exec_of(&r)->argc = xt_cpu16(3);
}

static void m_argc_high(uint32_t *len)
{
	exec_of(&r)->argc = xt_cpu16(5);
	exec_of(&r)->argc_total = xt_cpu32(5);
}

static void m_argc_over_total(uint32_t *len)
{
	exec_of(&r)->argc_total = xt_cpu32(3);
}

static void m_fn_len_past_end(uint32_t *len)
{
	/* 104 + 21 + 45 = 170 > 168 */
	exec_of(&r)->filename_len = xt_cpu16(strlen(SPAM_FILENAME) + 8);
}

static void m_argv_len_past_end(uint32_t *len)
{
	exec_of(&r)->argv_len = xt_cpu32(SPAM_ARGV_LEN + 16);
}

static void m_fn_len_max(uint32_t *len)
{
	exec_of(&r)->filename_len = xt_cpu16(XTRAIL_PATH_MAX + 1);
}

static void m_argv_len_huge(uint32_t *len)
{
	exec_of(&r)->argv_len = xt_cpu32(0xfffffff0u);
}

static void m_body_short_of_len(uint32_t *len)
{
	/* 8 more zero bytes: the body no longer accounts for the length */
	memset(r.b + *len, 0, 8);
	set_hdr_len(len, *len + 8, *len + 8);
}

static void m_exec_no_body(uint32_t *len)
{
	set_hdr_len(len, 96, 96);
}

static void m_exec_padding(uint32_t *len)
{
	r.b[*len - 1] = 1;
}

static void m_exec_padding_first(uint32_t *len)
{
	/* first padding byte: 104 + 13 + 45 = 162 */
	r.b[162] = 0x80;
}

static void m_lost_count0(uint32_t *len)
{
	lost_of(&r)->count = 0;
	lost_of(&r)->last_seq = xt_cpu64(9);
}

static void m_lost_seq(uint32_t *len)
{
	lost_of(&r)->last_seq = xt_cpu64(13);
}

static void m_lost_first(uint32_t *len)
{
	lost_of(&r)->first_seq = xt_cpu64(11);
}

static void m_lost_extra(uint32_t *len)
{
	memset(r.b + *len, 0, 8);
	set_hdr_len(len, *len + 8, *len + 8);
}

static uint32_t fork_rec(void)
{
	return build_fixed(&r, XTRAIL_REC_FORK, sizeof(struct xtrail_fork));
}

static uint32_t exit_rec(void)
{
	return build_fixed(&r, XTRAIL_REC_EXIT, sizeof(struct xtrail_exit));
}

static uint32_t syscall_rec(void)
{
	return build_fixed(&r, XTRAIL_REC_SYSCALL,
			   sizeof(struct xtrail_syscall));
}

static uint32_t heartbeat_rec(void)
{
	return build_fixed(&r, XTRAIL_REC_HEARTBEAT,
			   sizeof(struct xtrail_heartbeat));
}

/* A rename of "/a" to "/bc", built by the shared encoder. */
static uint32_t file_rec(void)
{
	uint8_t *p;

	hdr_init(&r);
	memset(xtrail_file_body(r.b), 0, sizeof(struct xtrail_file));
	xtrail_file_body(r.b)->nr = xt_cpu32(82);
	p = r.b + XTRAIL_FILE_PATH_OFF;
	memcpy(p, "/a/bc", 5);
	return xtrail_file_finish(r.b, 2, 3);
}

static void m_file_nul(uint32_t *len)
{
	r.b[XTRAIL_FILE_PATH_OFF + 1] = 0;
}

static void m_file_path_long(uint32_t *len)
{
	xtrail_file_body(r.b)->path2_len = xt_cpu16(20);
}

static void m_file_flags(uint32_t *len)
{
	xtrail_file_body(r.b)->flags = xt_cpu32(XTRAIL_FILE_FLAGS + 1);
}

static void m_file_two_roads(uint32_t *len)
{
	xtrail_file_body(r.b)->flags =
		xt_cpu32(XTRAIL_FILE_COMPAT | XTRAIL_FILE_IO_URING);
}

static void m_fork_flags(uint32_t *len)
{
	struct xtrail_fork *f = (void *)(hdr_of(&r) + 1);

	f->flags = xt_cpu32(XTRAIL_FORK_THREAD << 1);
}

static void m_exit_flags(uint32_t *len)
{
	struct xtrail_exit *e = (void *)(hdr_of(&r) + 1);

	e->flags = xt_cpu32(0x80000000u);
}

/*
 * "pad: zero" in every body that has one (found by fuzz_record: the
 * padding fields were not checked, so a guest could fill them).
 */
static void m_fork_pad(uint32_t *len)
{
	((struct xtrail_fork *)(hdr_of(&r) + 1))->pad = xt_cpu32(1);
}

static void m_syscall_flags(uint32_t *len)
{
	((struct xtrail_syscall *)(hdr_of(&r) + 1))->flags =
		xt_cpu32(XTRAIL_SYSCALL_FLAGS + 1);
}

static void m_heartbeat_pad(uint32_t *len)
{
	((struct xtrail_heartbeat *)(hdr_of(&r) + 1))->pad = xt_cpu32(0x100);
}

static void m_file_pad(uint32_t *len)
{
	xtrail_file_body(r.b)->pad = xt_cpu32(0x800000);
}

/* A connect() record; build_fixed() leaves kind 0, which is invalid. */
static uint32_t net_rec(void)
{
	uint32_t len = build_fixed(&r, XTRAIL_REC_NET,
				   sizeof(struct xtrail_net));

	((struct xtrail_net *)(hdr_of(&r) + 1))->kind =
		xt_cpu32(XTRAIL_NET_CONNECT);
	return len;
}

static void m_net_flags(uint32_t *len)
{
	((struct xtrail_net *)(hdr_of(&r) + 1))->flags =
		xt_cpu32(XTRAIL_NET_FLAGS + 1);
}

/* Two roads at once (xtrail_proto.h, "Roads"): one at most. */
static void m_net_two_roads(uint32_t *len)
{
	((struct xtrail_net *)(hdr_of(&r) + 1))->flags =
		xt_cpu32(XTRAIL_NET_COMPAT | XTRAIL_NET_IO_URING);
}

static void m_net_pad(uint32_t *len)
{
	((struct xtrail_net *)(hdr_of(&r) + 1))->pad = xt_cpu32(1);
}

static uint32_t net_state_v2(void)
{
	return build_net_state(&r, 2, 1);
}

/* a cut argument in an argv that was not truncated */
static void m_exec_cut_whole(uint32_t *len)
{
	xtrail_exec_body(r.b)->flags = xt_cpu32(XTRAIL_EXEC_ARG_CUT);
}

/* a cut argument in a truncated argv that holds none */
static void m_exec_cut_none(uint32_t *len)
{
	uint32_t fn = xt_le16(xtrail_exec_body(r.b)->filename_len);

	xtrail_exec_body(r.b)->flags = xt_cpu32(XTRAIL_EXEC_ARGV_TRUNC |
						XTRAIL_EXEC_ARG_CUT);
	xtrail_exec_body(r.b)->argc = 0;
	xtrail_exec_body(r.b)->argv_len = 0;
	set_hdr_len(len, xtrail_rec_align(XTRAIL_EXEC_FN_OFF + fn),
		    xtrail_rec_align(XTRAIL_EXEC_FN_OFF + fn));
	memset(r.b + XTRAIL_EXEC_FN_OFF + fn, 0, *len - XTRAIL_EXEC_FN_OFF - fn);
}

static void m_fixed_short(uint32_t *len)
{
	set_hdr_len(len, *len - 8, *len - 8);
}

static void m_clock_extra(uint32_t *len)
{
	memset(r.b + *len, 0, 8);
	set_hdr_len(len, *len + 8, *len + 8);
}

/* Body version 3: a CLOSE with bytes, an AF_UNIX connect with a name */
static uint32_t net_close(void)
{
	return build_net_close(&r, 1000, 300);
}

static uint32_t net_unix(void)
{
	return build_net_unix(&r, "/run/xt.sock", 12, 0);
}

static struct xtrail_net *net_of(void)
{
	return (struct xtrail_net *)(hdr_of(&r) + 1);
}

static void m_net_bytes_connect(uint32_t *len)
{
	net_of()->kind = xt_cpu32(XTRAIL_NET_CONNECT);
}

static void m_net_close_v2(uint32_t *len)
{
	set_hdr_len(len, *len - 24, *len - 24);
}

static void m_net_untracked_v2(uint32_t *len)
{
	net_of()->flags = xt_cpu32(XTRAIL_NET_UNTRACKED);
}

static void m_net_pad2(uint32_t *len)
{
	net_of()->pad2[1] = xt_cpu16(1);
}

static void m_net_path_inet(uint32_t *len)
{
	net_of()->family = xt_cpu32(2);
}

static void m_net_path_accept(uint32_t *len)
{
	net_of()->kind = xt_cpu32(XTRAIL_NET_ACCEPT);
}

static void m_net_path_nul(uint32_t *len)
{
	r.b[XTRAIL_NET_PATH_OFF + 4] = 0;
}

static void m_net_path_long(uint32_t *len)
{
	net_of()->path_len = xt_cpu16(XTRAIL_NET_PATH_MAX + 1);
}

static void m_net_path_past(uint32_t *len)
{
	net_of()->path_len = xt_cpu16(17);
}

static void m_net_path_pad(uint32_t *len)
{
	r.b[XTRAIL_NET_PATH_OFF + 13] = 'x';
}

static void m_net_abstract_empty(uint32_t *len)
{
	net_of()->flags = xt_cpu32(XTRAIL_NET_PATH_ABSTRACT);
	net_of()->path_len = 0;
	memset(r.b + XTRAIL_NET_PATH_OFF, 0, 16);
	set_hdr_len(len, *len - 8, *len - 8);
}

static void m_net_kind8(uint32_t *len)
{
	net_of()->kind = xt_cpu32(XTRAIL_NET_KIND_MAX + 1);
}

static uint32_t script(void)
{
	return build_script(&r);
}

/* A flag of version 2 on a version 1 record. */
static void m_exec_v2_flag_on_v1(uint32_t *len)
{
	exec_of(&r)->flags = xt_cpu32(XTRAIL_EXEC_SCRIPT);
}

static void m_exec_cwd_long(uint32_t *len)
{
	exec_of(&r)->flags |= xt_cpu32(XTRAIL_EXEC_CWD_LONG);
}

static void m_exec_exe_long(uint32_t *len)
{
	exec_of(&r)->flags |= xt_cpu32(XTRAIL_EXEC_EXE_LONG);
}

/* argv0 flagged cut, shorter than the maximum */
static void m_exec_argv0_cut(uint32_t *len)
{
	exec_of(&r)->flags |= xt_cpu32(XTRAIL_EXEC_ARGV0_TRUNC);
}

static void m_exec_v2_pad(uint32_t *len)
{
	xtrail_exec_v2_body(r.b)->pad = xt_cpu16(1);
}

/* a NUL inside the cwd (offset 9 + 3 of the strings) */
static void m_exec_cwd_nul(uint32_t *len)
{
	r.b[XTRAIL_EXEC_V2_STR_OFF + 12] = 0;
}

/* a NUL inside argv0 */
static void m_exec_argv0_nul(uint32_t *len)
{
	r.b[XTRAIL_EXEC_V2_STR_OFF + 9 + 11 + 12 + 1] = 0;
}

/* a cwd longer than a path may be */
static void m_exec_cwd_huge(uint32_t *len)
{
	xtrail_exec_v2_body(r.b)->cwd_len = xt_cpu16(XTRAIL_PATH_MAX + 1);
}

/* the exe 8 bytes longer: the strings run past the record */
static void m_exec_exe_plus(uint32_t *len)
{
	xtrail_exec_v2_body(r.b)->exe_len = xt_cpu16(20);
}

/* version 2 said, with no room for its body */
static void m_exec_v2_short(uint32_t *len)
{
	exec_of(&r)->flags = xt_cpu32(XTRAIL_EXEC_V2);
	exec_of(&r)->filename_len = 0;
	exec_of(&r)->argc = 0;
	exec_of(&r)->argv_len = 0;
	set_hdr_len(len, XTRAIL_EXEC_FN_OFF, XTRAIL_EXEC_FN_OFF);
}

static const struct bad_case cases[] = {
	{ "buffer shorter than a header", spam, m_short_buf, 0,
	  XTRAIL_BAD_LEN },
	{ "len shorter than a header", spam, m_short_len, 0,
	  XTRAIL_BAD_LEN },
	{ "unaligned len", spam, m_unaligned, 0, XTRAIL_BAD_LEN },
	{ "len > XTRAIL_REC_MAX", spam, m_too_long, 0, XTRAIL_BAD_LEN },
	{ "len past the bytes given", spam, m_len_past_buf, 0,
	  XTRAIL_BAD_SHORT },
	{ "len short of the bytes given", spam, m_len_short_of_buf, 0,
	  XTRAIL_BAD_LEN },
	{ "type 0", spam, m_type_zero, 0, XTRAIL_BAD_TYPE },
	{ "unknown guest type", spam, m_type_unknown, 0, XTRAIL_BAD_TYPE },
	{ "unknown dom0 type", clock_rec, m_type_dom0_unknown, 0,
	  XTRAIL_BAD_TYPE },
	{ "type 0xffff", lost, m_type_ffff, 0, XTRAIL_BAD_TYPE },
	{ "unknown header flag", spam, m_hdr_flags, 0, XTRAIL_BAD_FLAGS },
	{ "unknown header flag, lost", lost, m_hdr_flags, 1,
	  XTRAIL_BAD_FLAGS },
	{ "unknown exec flag", spam, m_exec_flags, 1, XTRAIL_BAD_FLAGS },
	{ "filename with NUL", spam, m_fn_nul, 1, XTRAIL_BAD_STRING },
	{ "argv without final NUL", spam, m_argv_no_nul, 1,
	  XTRAIL_BAD_STRING },
	{ "argc below the NULs", spam, m_argc_low, 1, XTRAIL_BAD_STRING },
	{ "argc above the NULs", spam, m_argc_high, 1, XTRAIL_BAD_STRING },
	{ "argc above argc_total", spam, m_argc_over_total, 1,
	  XTRAIL_BAD_STRING },
	{ "filename runs past len", spam, m_fn_len_past_end, 1,
	  XTRAIL_BAD_BODY },
	{ "argv runs past len", spam, m_argv_len_past_end, 1,
	  XTRAIL_BAD_BODY },
	{ "filename_len > XTRAIL_PATH_MAX", spam, m_fn_len_max, 1,
	  XTRAIL_BAD_BODY },
	{ "argv_len near 2^32", spam, m_argv_len_huge, 1, XTRAIL_BAD_BODY },
	{ "exec body short of len", spam, m_body_short_of_len, 1,
	  XTRAIL_BAD_BODY },
	{ "exec without a body", spam, m_exec_no_body, 1, XTRAIL_BAD_BODY },
	{ "exec padding, last byte", spam, m_exec_padding, 1,
	  XTRAIL_BAD_PADDING },
	{ "exec padding, first byte", spam, m_exec_padding_first, 1,
	  XTRAIL_BAD_PADDING },
	{ "lost count 0", lost, m_lost_count0, 1, XTRAIL_BAD_SEQ },
	{ "lost last_seq inconsistent", lost, m_lost_seq, 1,
	  XTRAIL_BAD_SEQ },
	{ "lost first_seq inconsistent", lost, m_lost_first, 1,
	  XTRAIL_BAD_SEQ },
	{ "lost with extra bytes", lost, m_lost_extra, 1, XTRAIL_BAD_BODY },
	{ "clock with extra bytes", clock_rec, m_clock_extra, 0,
	  XTRAIL_BAD_BODY },
	{ "file path with NUL", file_rec, m_file_nul, 1, XTRAIL_BAD_STRING },
	{ "file paths past the length", file_rec, m_file_path_long, 1,
	  XTRAIL_BAD_BODY },
	{ "file with unknown flags", file_rec, m_file_flags, 1,
	  XTRAIL_BAD_FLAGS },
	{ "file by two roads", file_rec, m_file_two_roads, 1,
	  XTRAIL_BAD_FLAGS },
	{ "fork with unknown flags", fork_rec, m_fork_flags, 1,
	  XTRAIL_BAD_FLAGS },
	{ "exit with unknown flags", exit_rec, m_exit_flags, 1,
	  XTRAIL_BAD_FLAGS },
	{ "fork cut short", fork_rec, m_fixed_short, 1, XTRAIL_BAD_BODY },
	{ "syscall cut short", syscall_rec, m_fixed_short, 1,
	  XTRAIL_BAD_BODY },
	{ "heartbeat with extra bytes", heartbeat_rec, m_clock_extra, 1,
	  XTRAIL_BAD_BODY },
	{ "fork pad not zero", fork_rec, m_fork_pad, 1, XTRAIL_BAD_PADDING },
	{ "syscall unknown flag", syscall_rec, m_syscall_flags, 1,
	  XTRAIL_BAD_FLAGS },
	{ "heartbeat pad not zero", heartbeat_rec, m_heartbeat_pad, 1,
	  XTRAIL_BAD_PADDING },
	{ "file pad not zero", file_rec, m_file_pad, 1, XTRAIL_BAD_PADDING },
	{ "net unknown flag", net_rec, m_net_flags, 1, XTRAIL_BAD_FLAGS },
	{ "net by two roads", net_rec, m_net_two_roads, 1, XTRAIL_BAD_FLAGS },
	{ "exec cut argument, argv whole", spam, m_exec_cut_whole, 1,
	  XTRAIL_BAD_FLAGS },
	{ "exec cut argument, none recorded", spam, m_exec_cut_none, 1,
	  XTRAIL_BAD_FLAGS },
	{ "exec v2 flag on a v1 record", spam, m_exec_v2_flag_on_v1, 1,
	  XTRAIL_BAD_FLAGS },
	{ "exec cwd too long, yet kept", script, m_exec_cwd_long, 1,
	  XTRAIL_BAD_FLAGS },
	{ "exec exe too long, yet kept", script, m_exec_exe_long, 1,
	  XTRAIL_BAD_FLAGS },
	{ "exec argv0 cut short of the max", script, m_exec_argv0_cut, 1,
	  XTRAIL_BAD_FLAGS },
	{ "exec v2 pad not zero", script, m_exec_v2_pad, 1,
	  XTRAIL_BAD_PADDING },
	{ "exec NUL in cwd", script, m_exec_cwd_nul, 1, XTRAIL_BAD_STRING },
	{ "exec NUL in argv0", script, m_exec_argv0_nul, 1,
	  XTRAIL_BAD_STRING },
	{ "exec cwd over XTRAIL_PATH_MAX", script, m_exec_cwd_huge, 1,
	  XTRAIL_BAD_BODY },
	{ "exec v2 lengths past the record", script, m_exec_exe_plus, 1,
	  XTRAIL_BAD_BODY },
	{ "exec v2 without its body", spam, m_exec_v2_short, 1,
	  XTRAIL_BAD_BODY },
	{ "net pad not zero", net_state_v2, m_net_pad, 1,
	  XTRAIL_BAD_PADDING },
	{ "net between versions 1 and 2", net_state_v2, m_fixed_short, 1,
	  XTRAIL_BAD_BODY },
	{ "net bytes in a connect", net_close, m_net_bytes_connect, 1,
	  XTRAIL_BAD_BODY },
	{ "net close in body version 2", net_close, m_net_close_v2, 1,
	  XTRAIL_BAD_BODY },
	{ "net untracked in body version 2", net_state_v2, m_net_untracked_v2,
	  1, XTRAIL_BAD_FLAGS },
	{ "net pad2 not zero", net_close, m_net_pad2, 1, XTRAIL_BAD_PADDING },
	{ "net kind past close", net_close, m_net_kind8, 1, XTRAIL_BAD_BODY },
	{ "net name of an inet address", net_unix, m_net_path_inet, 1,
	  XTRAIL_BAD_BODY },
	{ "net name in an accept", net_unix, m_net_path_accept, 1,
	  XTRAIL_BAD_BODY },
	{ "net pathname with NUL", net_unix, m_net_path_nul, 1,
	  XTRAIL_BAD_STRING },
	{ "net name longer than sun_path", net_unix, m_net_path_long, 1,
	  XTRAIL_BAD_BODY },
	{ "net name past the length", net_unix, m_net_path_past, 1,
	  XTRAIL_BAD_BODY },
	{ "net name's padding not zero", net_unix, m_net_path_pad, 1,
	  XTRAIL_BAD_PADDING },
	{ "net abstract flag, no name", net_unix, m_net_abstract_empty, 1,
	  XTRAIL_BAD_FLAGS },
};

static void test_bad_records(void **state)
{
	unsigned int hit[XTRAIL_VERDICT_MAX] = { 0 };
	enum xtrail_verdict v;
	uint32_t len;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		len = cases[i].build();
		/* the unbroken record passes: the mutation is the cause */
		assert_int_equal(xtrail_rec_check(r.b, len,
						  cases[i].from_guest),
				 XTRAIL_OK);
		cases[i].mutate(&len);
		v = xtrail_rec_check(r.b, len, cases[i].from_guest);
		if (v != cases[i].want)
			fail_msg("%s: got %s, want %s", cases[i].name,
				 xtrail_verdict_str(v),
				 xtrail_verdict_str(cases[i].want));
		hit[v]++;
	}
	/* every record verdict is reachable from xtrail_rec_check() */
	for (v = XTRAIL_BAD_LEN; v <= XTRAIL_BAD_SEQ; v++)
		if (!hit[v])
			fail_msg("no case yields %s", xtrail_verdict_str(v));
}

static void test_hdr_check(void **state)
{
	uint32_t len = build_spam(&r);
	struct xtrail_rec_hdr *h = hdr_of(&r);

	assert_int_equal(xtrail_hdr_check(h, len), XTRAIL_OK);
	/* len > avail */
	assert_int_equal(xtrail_hdr_check(h, len - 8), XTRAIL_BAD_SHORT);
	assert_int_equal(xtrail_hdr_check(h, 0), XTRAIL_BAD_SHORT);
	/* bad lengths are BAD_LEN whatever is available */
	h->len = xt_cpu32(87);
	assert_int_equal(xtrail_hdr_check(h, XTRAIL_REC_MAX), XTRAIL_BAD_LEN);
	h->len = xt_cpu32(164);
	assert_int_equal(xtrail_hdr_check(h, XTRAIL_REC_MAX), XTRAIL_BAD_LEN);
	h->len = xt_cpu32(XTRAIL_REC_MAX + 8);
	assert_int_equal(xtrail_hdr_check(h, 0xffffffffu), XTRAIL_BAD_LEN);
	h->len = xt_cpu32(0xfffffff8u);
	assert_int_equal(xtrail_hdr_check(h, 0xffffffffu), XTRAIL_BAD_LEN);
	h->len = xt_cpu32(XTRAIL_REC_MAX);
	assert_int_equal(xtrail_hdr_check(h, XTRAIL_REC_MAX), XTRAIL_OK);
}

/* Each byte of padding, set non-zero in turn, is caught. */
static void test_every_padding_byte(void **state)
{
	uint32_t len, used, i, fn_len;
	static const char fn[] = "/bin/abcdefgh";

	for (fn_len = 1; fn_len <= 8; fn_len++) {
		len = build_exec(&r, fn, fn_len, 0, spam_argv, SPAM_ARGV_LEN,
				 0, 0, 4);
		used = XTRAIL_EXEC_FN_OFF + fn_len + SPAM_ARGV_LEN;
		for (i = used; i < len; i++) {
			r.b[i] = 0x01;
			assert_int_equal(xtrail_rec_check(r.b, len, 1),
					 XTRAIL_BAD_PADDING);
			r.b[i] = 0;
		}
		assert_int_equal(xtrail_rec_check(r.b, len, 1), XTRAIL_OK);
	}
}

static void test_verdict_str(void **state)
{
	unsigned int i, j;

	for (i = 0; i < XTRAIL_VERDICT_MAX; i++) {
		assert_non_null(xtrail_verdict_str(i));
		assert_string_not_equal(xtrail_verdict_str(i), "unknown");
		for (j = 0; j < i; j++)
			assert_string_not_equal(xtrail_verdict_str(i),
						xtrail_verdict_str(j));
	}
	assert_string_equal(xtrail_verdict_str(XTRAIL_VERDICT_MAX), "unknown");
	assert_string_equal(xtrail_verdict_str(~0u), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_records),
		cmocka_unit_test(test_bad_records),
		cmocka_unit_test(test_hdr_check),
		cmocka_unit_test(test_every_padding_byte),
		cmocka_unit_test(test_verdict_str),
	};

	return cmocka_run_group_tests_name("validate", tests, NULL, NULL);
}
