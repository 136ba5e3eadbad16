/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Record builders shared by the unit tests and the fuzzers' corpus.
 */
#ifndef XTRAIL_TEST_UTIL_H
#define XTRAIL_TEST_UTIL_H

#include <stdint.h>
#include <string.h>

#include "xtrail_encode.h"

#define POISON	0xa5

/* The argv of the spam case, as the kernel lays it out. */
static const char spam_argv[] =
	"mail\0-s\0spamSubject\0winai.wongthai@ncl.ac.uk";
#define SPAM_ARGV_LEN	sizeof(spam_argv)	/* 45, final NUL included */
#define SPAM_FILENAME	"/usr/bin/mail"

/* A record buffer: 8-aligned, one largest record plus room to spare. */
struct rec_buf {
	uint8_t b[XTRAIL_REC_MAX + 64] __attribute__((aligned(8)));
};

/* Poison the buffer and fill a header with recognisable values. */
static inline struct xtrail_rec_hdr *hdr_init(struct rec_buf *r)
{
	struct xtrail_rec_hdr *h = (struct xtrail_rec_hdr *)r->b;

	memset(r->b, POISON, sizeof(r->b));
	memset(h, 0, sizeof(*h));
	h->flags = xt_cpu16(XTRAIL_RF_TS_XEN);
	h->seq = xt_cpu64(42);
	h->ts_ns = xt_cpu64(1000000000ull);
	h->recv_ns = xt_cpu64(1000500000ull);
	h->domid = xt_cpu16(7);
	h->vcpu = xt_cpu16(1);
	h->pid = xt_cpu32(1234);
	h->tgid = xt_cpu32(1234);
	h->ppid = xt_cpu32(1000);
	h->uid = xt_cpu32(1001);
	h->gid = xt_cpu32(1002);
	h->euid = xt_cpu32(1003);
	h->egid = xt_cpu32(1004);
	h->loginuid = xt_cpu32(0xffffffff);
	h->sessionid = xt_cpu32(3);
	memcpy(h->comm, "mail", 4);
	return h;
}

/* Build an exec record the way a probe does; returns its length. */
static inline uint32_t build_exec(struct rec_buf *r, const void *fn,
				  uint32_t fn_len, int fn_trunc,
				  const void *argv, uint32_t argv_len,
				  int argv_trunc, int argv_fault,
				  uint32_t argc_total)
{
	hdr_init(r);
	memcpy(r->b + XTRAIL_EXEC_FN_OFF, fn, fn_len);
	memcpy(xtrail_exec_argv(r->b, fn_len), argv, argv_len);
	return xtrail_exec_finish(r->b, fn_len, fn_trunc, argv_len,
				  argv_trunc, argv_fault, argc_total);
}

/*
 * Build a version 2 exec record the way the guest's probe does: the strings
 * (each given with its length) one after the other, then
 * xtrail_exec_finish_v2(). Returns its length.
 */
static inline uint32_t build_exec_v2(struct rec_buf *r,
				     const struct xtrail_exec_strs *in,
				     const char *fn, const char *cwd,
				     const char *exe, const char *argv0,
				     const void *argv)
{
	uint8_t *p = r->b + XTRAIL_EXEC_V2_STR_OFF;

	hdr_init(r);
	memcpy(p, fn, in->fn_len);
	p += in->fn_len;
	memcpy(p, cwd, in->cwd_len);
	p += in->cwd_len;
	memcpy(p, exe, in->exe_len);
	p += in->exe_len;
	memcpy(p, argv0, in->argv0_len);
	p += in->argv0_len;
	memcpy(p, argv, in->argv_len);
	return xtrail_exec_finish_v2(r->b, in);
}

/* "./send.sh" run from /home/alice: #!/bin/sh, /bin/sh is busybox. */
#define SCRIPT_ARGV	"/bin/sh\0./send.sh\0-v\0"
static inline uint32_t build_script(struct rec_buf *r)
{
	const struct xtrail_exec_strs in = {
		.fn_len = 9, .cwd_len = 11, .exe_len = 12, .argv0_len = 9,
		.argv_len = sizeof(SCRIPT_ARGV) - 1, .argc_total = 3,
		.flags = XTRAIL_EXEC_SCRIPT,
	};

	return build_exec_v2(r, &in, "./send.sh", "/home/alice",
			     "/bin/busybox", "./send.sh", SCRIPT_ARGV);
}

static inline uint32_t build_spam(struct rec_buf *r)
{
	return build_exec(r, SPAM_FILENAME, strlen(SPAM_FILENAME), 0,
			  spam_argv, SPAM_ARGV_LEN, 0, 0, 4);
}

static inline uint32_t build_lost(struct rec_buf *r, uint64_t count,
				  uint64_t first)
{
	hdr_init(r);
	return xtrail_lost_finish(r->b, count, first);
}

/*
 * A dom0 record (CONNECT, DISCONNECT, VIOLATION, CLOCK, SEQ_GAP,
 * HB_SILENCE, REFUSED, ...) with a zero body (VM_IDENTITY: why CONNECT;
 * FLOW: event START).
 * CLOCK in its short form (without the merge fields, XTRAIL_CLOCK_MIN):
 * both forms are valid, and the daemon tests' frame offsets assume it.
 */
static inline uint32_t build_dom0(struct rec_buf *r, unsigned int type)
{
	struct xtrail_rec_hdr *h = hdr_init(r);
	uint32_t body = type == XTRAIL_REC_VIOLATION ?
			sizeof(struct xtrail_violation) :
			type == XTRAIL_REC_CLOCK ? XTRAIL_CLOCK_MIN :
			type == XTRAIL_REC_SEQ_GAP ?
			sizeof(struct xtrail_seq_gap) :
			type == XTRAIL_REC_HB_SILENCE ?
			sizeof(struct xtrail_hb_silence) :
			type == XTRAIL_REC_REFUSED ?
			sizeof(struct xtrail_refused) :
			type == XTRAIL_REC_DOM0_LOST ?
			sizeof(struct xtrail_dom0_lost) :
			type == XTRAIL_REC_CONTROL ?
			sizeof(struct xtrail_control) :
			type == XTRAIL_REC_STREAM_JUMP ?
			sizeof(struct xtrail_stream_jump) :
			type == XTRAIL_REC_STREAM_END ?
			sizeof(struct xtrail_stream_end) :
			type == XTRAIL_REC_VM_IDENTITY ?
			sizeof(struct xtrail_vm_identity) :
			type == XTRAIL_REC_FLOW ?
			sizeof(struct xtrail_flow) :
			type == XTRAIL_REC_FLOW_LOST ?
			sizeof(struct xtrail_flow_lost) :
			sizeof(struct xtrail_source);
	uint32_t len = sizeof(*h) + body;

	memset(h + 1, 0, body);
	/* the smallest valid bodies of the types whose zero is not */
	if (type == XTRAIL_REC_VM_IDENTITY)
		((struct xtrail_vm_identity *)(h + 1))->why =
			xt_cpu32(XTRAIL_VM_CONNECT);
	if (type == XTRAIL_REC_FLOW)
		((struct xtrail_flow *)(h + 1))->event =
			xt_cpu32(XTRAIL_FLOW_START);
	h->len = xt_cpu32(len);
	h->type = xt_cpu16(type);
	h->domid = 0;
	return len;
}

/* A guest record with a fixed-size body of zeroes (fork, exit, ...). */
static inline uint32_t build_fixed(struct rec_buf *r, unsigned int type,
				   uint32_t body)
{
	struct xtrail_rec_hdr *h = hdr_init(r);
	uint32_t len = sizeof(*h) + body;

	memset(h + 1, 0, body);
	h->len = xt_cpu32(len);
	h->type = xt_cpu16(type);
	return len;
}

/*
 * An EXEC_DIGEST record of the spam exec (its header, ts 1 s): @flags,
 * @size, @hashed, and a digest of 0x00..0x1f unless BUSY or ERROR.
 */
static inline uint32_t build_exec_digest(struct rec_buf *r, uint32_t flags,
					 uint64_t size, uint64_t hashed)
{
	uint8_t sha[XTRAIL_SHA256_LEN];
	unsigned int i;

	for (i = 0; i < sizeof(sha); i++)
		sha[i] = i;
	hdr_init(r);
	return xtrail_exec_digest_finish(r->b, 1000000000ull, size, hashed,
					 flags, flags & (XTRAIL_DIGEST_BUSY |
							 XTRAIL_DIGEST_ERROR) ?
					 NULL : sha);
}

/* A TTY record of terminal @tty with the @n bytes at @data. */
static inline uint32_t build_tty_rec(struct rec_buf *r, const char *tty,
				 uint32_t flags, const void *data, uint32_t n)
{
	struct xtrail_rec_hdr *h = hdr_init(r);
	struct xtrail_tty *t = (struct xtrail_tty *)(h + 1);
	uint32_t used = sizeof(*h) + sizeof(*t) + n;
	uint32_t len = (used + XTRAIL_REC_ALIGN - 1) & ~(XTRAIL_REC_ALIGN - 1);

	memset(t, 0, sizeof(*t));
	t->flags = xt_cpu32(flags);
	t->len = xt_cpu32(n);
	t->count = xt_cpu32(n);
	strncpy(t->tty, tty, sizeof(t->tty) - 1);
	memcpy(t + 1, data, n);
	memset(r->b + used, 0, len - used);
	h->len = xt_cpu32(len);
	h->type = xt_cpu16(XTRAIL_REC_TTY);
	return len;
}

/*
 * A TCP state change FIN_WAIT2 -> CLOSE of 127.0.0.1:5555 -> :40000, as a
 * guest writes it: body version @ver (1, 2 or 3); from version 2 with
 * socket 4242 owned by uid 0; in softirq (@no_task), its header as
 * record.c's xtrail_hdr_no_task() leaves it.
 */
static inline uint32_t build_net_state(struct rec_buf *r, int ver,
				       int no_task)
{
	uint32_t body = ver == 3 ? sizeof(struct xtrail_net) :
			ver == 2 ? XTRAIL_NET_V2_SIZE : XTRAIL_NET_V1_SIZE;
	int v2 = ver >= 2;
	uint32_t len = build_fixed(r, XTRAIL_REC_NET, body);
	struct xtrail_rec_hdr *h = (struct xtrail_rec_hdr *)r->b;
	struct xtrail_net *n = (struct xtrail_net *)(h + 1);
	static const uint8_t lo[4] = { 127, 0, 0, 1 };

	n->kind = xt_cpu32(XTRAIL_NET_STATE);
	n->family = xt_cpu32(2);
	n->protocol = xt_cpu32(6);
	n->fd = xt_cpu32(-1);
	n->sport = xt_cpu16(5555);
	n->dport = xt_cpu16(40000);
	n->old_state = xt_cpu32(5);
	n->new_state = xt_cpu32(7);
	memcpy(n->saddr, lo, 4);
	memcpy(n->daddr, lo, 4);
	if (v2) {
		n->sock_ino = xt_cpu64(4242);
		n->sock_uid = xt_cpu32(0);
	}
	if (no_task) {
		h->flags |= xt_cpu16(XTRAIL_RF_NO_TASK);
		h->pid = 0;
		h->tgid = 0;
		h->ppid = 0;
		h->uid = xt_cpu32(v2 ? 0 : 1000);
		h->euid = h->uid;
		h->gid = xt_cpu32(0xffffffff);
		h->egid = xt_cpu32(0xffffffff);
		h->loginuid = xt_cpu32(0xffffffff);
		h->sessionid = xt_cpu32(0xffffffff);
		memset(h->comm, 0, sizeof(h->comm));
		if (!v2)	/* an earlier guest: the interrupted task */
			memcpy(h->comm, "bash", 4);
	}
	return len;
}

/*
 * A guest's CLOSE of its TCP socket 4242 (uid 1000) 10.0.0.2:40000 ->
 * 10.0.0.1:25, with @sent and @rcvd bytes (body version 3).
 */
static inline uint32_t build_net_close(struct rec_buf *r, uint64_t sent,
				       uint64_t rcvd)
{
	uint32_t len = build_fixed(r, XTRAIL_REC_NET,
				   sizeof(struct xtrail_net));
	struct xtrail_net *n = (struct xtrail_net *)(r->b +
					sizeof(struct xtrail_rec_hdr));
	static const uint8_t a[4] = { 10, 0, 0, 2 }, b[4] = { 10, 0, 0, 1 };

	n->kind = xt_cpu32(XTRAIL_NET_CLOSE);
	n->family = xt_cpu32(2);
	n->protocol = xt_cpu32(6);
	n->fd = xt_cpu32(-1);
	n->sport = xt_cpu16(40000);
	n->dport = xt_cpu16(25);
	memcpy(n->saddr, a, 4);
	memcpy(n->daddr, b, 4);
	n->sock_ino = xt_cpu64(4242);
	n->sock_uid = xt_cpu32(1000);
	n->bytes_sent = xt_cpu64(sent);
	n->bytes_rcvd = xt_cpu64(rcvd);
	return len;
}

/*
 * A guest's connect() of an AF_UNIX socket to the name @name of @n bytes
 * (abstract when @abstract), as record.c writes it.
 */
static inline uint32_t build_net_unix(struct rec_buf *r, const char *name,
				      uint32_t n, int abstract)
{
	struct xtrail_net *b = (struct xtrail_net *)(r->b +
					sizeof(struct xtrail_rec_hdr));

	build_fixed(r, XTRAIL_REC_NET, sizeof(struct xtrail_net));
	b->kind = xt_cpu32(XTRAIL_NET_CONNECT);
	b->family = xt_cpu32(1);
	b->fd = xt_cpu32(3);
	b->sock_ino = xt_cpu64(777);
	b->sock_uid = xt_cpu32(1000);
	if (abstract)
		b->flags = xt_cpu32(XTRAIL_NET_PATH_ABSTRACT);
	memcpy(r->b + XTRAIL_NET_PATH_OFF, name, n);
	return xtrail_net_finish(r->b, n);
}

static inline struct xtrail_exec *exec_of(struct rec_buf *r)
{
	return xtrail_exec_body(r->b);
}

static inline struct xtrail_lost *lost_of(struct rec_buf *r)
{
	return (struct xtrail_lost *)(r->b + sizeof(struct xtrail_rec_hdr));
}

static inline struct xtrail_rec_hdr *hdr_of(struct rec_buf *r)
{
	return (struct xtrail_rec_hdr *)r->b;
}

#endif /* XTRAIL_TEST_UTIL_H */
