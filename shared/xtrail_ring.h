/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/*
 * xtrail ring arithmetic and record validation, shared by the guest module,
 * the dom0 module and userspace (unit tests, fuzzers, export).
 *
 * Everything here is pure: no locking, no barriers, no allocation. The
 * callers own the memory-ordering rules described in xtrail_proto.h.
 * xtrail_rec_check() is the single definition of a well-formed record; dom0
 * runs it on a private copy of every record a guest publishes, and the
 * export tool runs it again on every record it reads from disk.
 */
#ifndef _XTRAIL_RING_H
#define _XTRAIL_RING_H

#include "xtrail_proto.h"

#ifdef __KERNEL__
#include <linux/string.h>
#include <asm/byteorder.h>
#define xt_le16(x)	le16_to_cpu(x)
#define xt_le32(x)	le32_to_cpu(x)
#define xt_le64(x)	le64_to_cpu(x)
#define xt_cpu16(x)	cpu_to_le16(x)
#define xt_cpu32(x)	cpu_to_le32(x)
#define xt_cpu64(x)	cpu_to_le64(x)
#else
#include <endian.h>
#include <string.h>
#define xt_le16(x)	le16toh(x)
#define xt_le32(x)	le32toh(x)
#define xt_le64(x)	le64toh(x)
#define xt_cpu16(x)	htole16(x)
#define xt_cpu32(x)	htole32(x)
#define xt_cpu64(x)	htole64(x)
#endif

static inline __u32 xtrail_ring_size(unsigned int order)
{
	return XTRAIL_PAGE_SIZE << order;
}

/* Bytes published and not yet consumed. Callers check it against the size. */
static inline __u32 xtrail_ring_used(__u32 prod, __u32 cons)
{
	return prod - cons;
}

static inline __u32 xtrail_ring_space(__u32 prod, __u32 cons, __u32 size)
{
	return size - (prod - cons);
}

static inline __u32 xtrail_rec_align(__u32 len)
{
	return (len + XTRAIL_REC_ALIGN - 1) & ~(__u32)(XTRAIL_REC_ALIGN - 1);
}

/* Copy @len bytes starting at stream index @idx out of a ring of @size. */
static inline void xtrail_ring_read(void *dst, const void *data, __u32 size,
				    __u32 idx, __u32 len)
{
	__u32 off = idx & (size - 1);
	__u32 first = len < size - off ? len : size - off;

	memcpy(dst, (const __u8 *)data + off, first);
	memcpy((__u8 *)dst + first, data, len - first);
}

/* Copy @len bytes to stream index @idx of a ring of @size. */
static inline void xtrail_ring_write(void *data, __u32 size, __u32 idx,
				     const void *src, __u32 len)
{
	__u32 off = idx & (size - 1);
	__u32 first = len < size - off ? len : size - off;

	memcpy((__u8 *)data + off, src, first);
	memcpy(data, (const __u8 *)src + first, len - first);
}

enum xtrail_verdict {
	XTRAIL_OK = 0,
	XTRAIL_BAD_INDEX,	/* prod - cons beyond the ring, or unaligned */
	XTRAIL_BAD_LEN,		/* record length out of bounds or unaligned */
	XTRAIL_BAD_SHORT,	/* record longer than the bytes published */
	XTRAIL_BAD_TYPE,	/* unknown type, or a dom0-only type */
	XTRAIL_BAD_FLAGS,	/* unknown flag bits */
	XTRAIL_BAD_BODY,	/* body sizes do not add up to the length */
	XTRAIL_BAD_STRING,	/* string contents break their rules */
	XTRAIL_BAD_PADDING,	/* non-zero padding */
	XTRAIL_BAD_SEQ,		/* sequence numbers inconsistent */
	XTRAIL_BAD_XENSTORE,	/* ring description in xenstore is invalid */
	XTRAIL_BAD_RING,	/* record in another vCPU's ring */
	XTRAIL_VERDICT_MAX
};

static inline const char *xtrail_verdict_str(unsigned int v)
{
	static const char *const s[XTRAIL_VERDICT_MAX] = {
		[XTRAIL_OK]		= "ok",
		[XTRAIL_BAD_INDEX]	= "producer index out of range",
		[XTRAIL_BAD_LEN]	= "record length out of bounds",
		[XTRAIL_BAD_SHORT]	= "record runs past the producer index",
		[XTRAIL_BAD_TYPE]	= "record type not allowed",
		[XTRAIL_BAD_FLAGS]	= "unknown flags",
		[XTRAIL_BAD_BODY]	= "record body does not match its length",
		[XTRAIL_BAD_STRING]	= "malformed string",
		[XTRAIL_BAD_PADDING]	= "non-zero padding",
		[XTRAIL_BAD_SEQ]	= "inconsistent sequence numbers",
		[XTRAIL_BAD_XENSTORE]	= "invalid ring description in xenstore",
		[XTRAIL_BAD_RING]	= "record in another vCPU's ring",
	};

	return v < XTRAIL_VERDICT_MAX ? s[v] : "unknown";
}

/* Check the published window: prod - cons must fit and stay aligned. */
static inline enum xtrail_verdict xtrail_ring_check(__u32 prod, __u32 cons,
						     __u32 size)
{
	if (xtrail_ring_used(prod, cons) > size)
		return XTRAIL_BAD_INDEX;
	if (prod % XTRAIL_REC_ALIGN)
		return XTRAIL_BAD_INDEX;
	return XTRAIL_OK;
}

/*
 * First look at a header copied out of the ring: is its length sane and
 * covered by the @avail bytes published? The caller then copies len bytes
 * (again, from the ring) and runs xtrail_rec_check() on that copy.
 */
static inline enum xtrail_verdict
xtrail_hdr_check(const struct xtrail_rec_hdr *h, __u32 avail)
{
	__u32 len = xt_le32(h->len);

	if (len < sizeof(*h) || len > XTRAIL_REC_MAX || len % XTRAIL_REC_ALIGN)
		return XTRAIL_BAD_LEN;
	if (len > avail)
		return XTRAIL_BAD_SHORT;
	return XTRAIL_OK;
}

static inline int xtrail_zeroes(const __u8 *p, __u32 n)
{
	while (n--)
		if (*p++)
			return 0;
	return 1;
}

static inline enum xtrail_verdict
xtrail_body_end(const __u8 *rec, __u32 len, __u32 used)
{
	if (used > len || xtrail_rec_align(used) != len)
		return XTRAIL_BAD_BODY;
	if (!xtrail_zeroes(rec + used, len - used))
		return XTRAIL_BAD_PADDING;
	return XTRAIL_OK;
}

static inline enum xtrail_verdict xtrail_exec_check(const __u8 *rec, __u32 len)
{
	const struct xtrail_exec *e;
	const struct xtrail_exec_v2 *e2 = NULL;
	const __u8 *fn, *av;
	__u32 fn_len, av_len, argc, flags, nuls = 0, i, used, strs = 0;
	enum xtrail_verdict v;

	used = sizeof(struct xtrail_rec_hdr) + sizeof(*e);
	if (len < used)
		return XTRAIL_BAD_BODY;
	e = (const struct xtrail_exec *)(rec + sizeof(struct xtrail_rec_hdr));
	flags = xt_le32(e->flags);
	fn_len = xt_le16(e->filename_len);
	av_len = xt_le32(e->argv_len);
	argc = xt_le16(e->argc);
	if (flags & ~(__u32)XTRAIL_EXEC_FLAGS)
		return XTRAIL_BAD_FLAGS;
	/* The flags of version 2 only with it. */
	if (!(flags & XTRAIL_EXEC_V2) &&
	    (flags & ~(__u32)XTRAIL_EXEC_V1_FLAGS))
		return XTRAIL_BAD_FLAGS;
	/* A cut argument: in a truncated argv that holds one. */
	if (flags & XTRAIL_EXEC_ARG_CUT &&
	    (!(flags & XTRAIL_EXEC_ARGV_TRUNC) || !argc))
		return XTRAIL_BAD_FLAGS;
	if (fn_len > XTRAIL_PATH_MAX || av_len > XTRAIL_ARGV_LIMIT)
		return XTRAIL_BAD_BODY;
	if (flags & XTRAIL_EXEC_V2) {
		__u32 cwd, exe, a0;

		if (len < used + sizeof(*e2))
			return XTRAIL_BAD_BODY;
		e2 = (const struct xtrail_exec_v2 *)(rec + used);
		used += sizeof(*e2);
		cwd = xt_le16(e2->cwd_len);
		exe = xt_le16(e2->exe_len);
		a0 = xt_le16(e2->argv0_len);
		if (cwd > XTRAIL_PATH_MAX || exe > XTRAIL_PATH_MAX ||
		    a0 > XTRAIL_ARGV0_MAX)
			return XTRAIL_BAD_BODY;
		/* Too long to keep: kept empty. A cut argv0: cut at the max. */
		if ((flags & XTRAIL_EXEC_CWD_LONG && cwd) ||
		    (flags & XTRAIL_EXEC_EXE_LONG && exe) ||
		    (flags & XTRAIL_EXEC_ARGV0_TRUNC && a0 != XTRAIL_ARGV0_MAX))
			return XTRAIL_BAD_FLAGS;
		if (e2->pad)
			return XTRAIL_BAD_PADDING;
		strs = cwd + exe + a0;
	}
	used += fn_len + strs + av_len;
	v = xtrail_body_end(rec, len, used);
	if (v != XTRAIL_OK)
		return v;

	fn = rec + sizeof(struct xtrail_rec_hdr) + sizeof(*e);
	if (e2)
		fn += sizeof(*e2);
	/* filename, and in version 2 cwd, exe and argv0: no NUL in any. */
	if (memchr(fn, 0, fn_len + strs))
		return XTRAIL_BAD_STRING;
	av = fn + fn_len + strs;
	if (av_len && av[av_len - 1] != 0)
		return XTRAIL_BAD_STRING;
	for (i = 0; i < av_len; i++)
		nuls += !av[i];
	if (nuls != argc || argc > xt_le32(e->argc_total))
		return XTRAIL_BAD_STRING;
	return XTRAIL_OK;
}

static inline enum xtrail_verdict xtrail_lost_check(const __u8 *rec, __u32 len)
{
	const struct xtrail_lost *l;
	__u64 count;
	__u32 used = sizeof(struct xtrail_rec_hdr) + sizeof(*l);
	enum xtrail_verdict v = xtrail_body_end(rec, len, used);

	if (v != XTRAIL_OK)
		return v;
	l = (const struct xtrail_lost *)(rec + sizeof(struct xtrail_rec_hdr));
	count = xt_le64(l->count);
	if (!count || xt_le64(l->last_seq) - xt_le64(l->first_seq) != count - 1)
		return XTRAIL_BAD_SEQ;
	return XTRAIL_OK;
}

/* A fixed-size body whose pad fields (if any) are covered by the caller. */
static inline enum xtrail_verdict xtrail_fixed_check(const __u8 *rec,
						     __u32 len, __u32 body)
{
	return xtrail_body_end(rec, len, sizeof(struct xtrail_rec_hdr) + body);
}

static inline enum xtrail_verdict xtrail_fork_check(const __u8 *rec, __u32 len)
{
	const struct xtrail_fork *f;
	enum xtrail_verdict v = xtrail_fixed_check(rec, len, sizeof(*f));

	if (v != XTRAIL_OK)
		return v;
	f = (const struct xtrail_fork *)(rec + sizeof(struct xtrail_rec_hdr));
	if (xt_le32(f->flags) & ~(__u32)XTRAIL_FORK_THREAD)
		return XTRAIL_BAD_FLAGS;
	if (f->pad)
		return XTRAIL_BAD_PADDING;
	return XTRAIL_OK;
}

static inline enum xtrail_verdict xtrail_exit_check(const __u8 *rec, __u32 len)
{
	const struct xtrail_exit *e;
	enum xtrail_verdict v = xtrail_fixed_check(rec, len, sizeof(*e));

	if (v != XTRAIL_OK)
		return v;
	e = (const struct xtrail_exit *)(rec + sizeof(struct xtrail_rec_hdr));
	if (xt_le32(e->flags) & ~(__u32)XTRAIL_EXIT_THREAD)
		return XTRAIL_BAD_FLAGS;
	return XTRAIL_OK;
}

static inline enum xtrail_verdict xtrail_syscall_check(const __u8 *rec,
						       __u32 len)
{
	const struct xtrail_syscall *sc;
	enum xtrail_verdict v = xtrail_fixed_check(rec, len, sizeof(*sc));

	if (v != XTRAIL_OK)
		return v;
	sc = (const struct xtrail_syscall *)(rec +
					      sizeof(struct xtrail_rec_hdr));
	return xt_le32(sc->flags) & ~(__u32)XTRAIL_SYSCALL_FLAGS ?
	       XTRAIL_BAD_FLAGS : XTRAIL_OK;
}

static inline enum xtrail_verdict xtrail_heartbeat_check(const __u8 *rec,
							 __u32 len)
{
	const struct xtrail_heartbeat *hb;
	enum xtrail_verdict v = xtrail_fixed_check(rec, len, sizeof(*hb));

	/* A version 1 body (without filtered, untracked) is still valid. */
	if (v != XTRAIL_OK)
		v = xtrail_fixed_check(rec, len, XTRAIL_HEARTBEAT_V1_SIZE);
	if (v != XTRAIL_OK)
		return v;
	hb = (const struct xtrail_heartbeat *)(rec +
						sizeof(struct xtrail_rec_hdr));
	return hb->pad ? XTRAIL_BAD_PADDING : XTRAIL_OK;
}

static inline enum xtrail_verdict xtrail_file_check(const __u8 *rec, __u32 len)
{
	const struct xtrail_file *f;
	const __u8 *p;
	__u32 p1, p2, used = sizeof(struct xtrail_rec_hdr) + sizeof(*f);
	enum xtrail_verdict v;

	if (len < used)
		return XTRAIL_BAD_BODY;
	f = (const struct xtrail_file *)(rec + sizeof(struct xtrail_rec_hdr));
	if (xt_le32(f->flags) & ~(__u32)XTRAIL_FILE_FLAGS)
		return XTRAIL_BAD_FLAGS;
	/* One road at most */
	if ((xt_le32(f->flags) & XTRAIL_FILE_COMPAT) &&
	    (xt_le32(f->flags) & XTRAIL_FILE_IO_URING))
		return XTRAIL_BAD_FLAGS;
	if (f->pad)
		return XTRAIL_BAD_PADDING;
	p1 = xt_le16(f->path_len);
	p2 = xt_le16(f->path2_len);
	if (p1 > XTRAIL_PATH_MAX || p2 > XTRAIL_PATH_MAX)
		return XTRAIL_BAD_BODY;
	v = xtrail_body_end(rec, len, used + p1 + p2);
	if (v != XTRAIL_OK)
		return v;
	p = rec + used;
	if (memchr(p, 0, p1 + p2))
		return XTRAIL_BAD_STRING;
	return XTRAIL_OK;
}

static inline enum xtrail_verdict xtrail_close_check(const __u8 *rec,
						     __u32 len)
{
	const struct xtrail_close *c;
	__u32 n, used = sizeof(struct xtrail_rec_hdr) + sizeof(*c);
	enum xtrail_verdict v;

	if (len < used)
		return XTRAIL_BAD_BODY;
	c = (const struct xtrail_close *)(rec + sizeof(struct xtrail_rec_hdr));
	if (xt_le32(c->flags) & ~(__u32)XTRAIL_CLOSE_FLAGS)
		return XTRAIL_BAD_FLAGS;
	if (c->pad[0] || c->pad[1] || c->pad[2])
		return XTRAIL_BAD_PADDING;
	n = xt_le16(c->path_len);
	if (n > XTRAIL_PATH_MAX)
		return XTRAIL_BAD_BODY;
	v = xtrail_body_end(rec, len, used + n);
	if (v != XTRAIL_OK)
		return v;
	if (memchr(rec + used, 0, n))
		return XTRAIL_BAD_STRING;
	return XTRAIL_OK;
}

/*
 * An exec digest (xtrail_proto.h): known flags, BUSY and ERROR alone and
 * with nothing hashed, PARTIAL only with fewer bytes hashed than the file
 * has, and as many as it has when neither PARTIAL nor CHANGED says why not.
 */
static inline enum xtrail_verdict xtrail_exec_digest_check(const __u8 *rec,
							   __u32 len)
{
	const struct xtrail_exec_digest *d;
	__u32 used = sizeof(struct xtrail_rec_hdr) + sizeof(*d);
	__u32 flags, i, nz = 0;
	__u64 size, hashed;

	if (len < used)
		return XTRAIL_BAD_BODY;
	d = (const struct xtrail_exec_digest *)(rec +
						sizeof(struct xtrail_rec_hdr));
	flags = xt_le32(d->flags);
	if (flags & ~(__u32)XTRAIL_DIGEST_FLAGS)
		return XTRAIL_BAD_FLAGS;
	if (d->pad)
		return XTRAIL_BAD_PADDING;
	size = xt_le64(d->size);
	hashed = xt_le64(d->hashed);
	for (i = 0; i < XTRAIL_SHA256_LEN; i++)
		nz |= d->sha256[i];
	if (flags & (XTRAIL_DIGEST_BUSY | XTRAIL_DIGEST_ERROR)) {
		if ((flags != XTRAIL_DIGEST_BUSY &&
		     flags != XTRAIL_DIGEST_ERROR) || hashed || nz)
			return XTRAIL_BAD_FLAGS;
	} else if (hashed > size ||
		   (!!(flags & XTRAIL_DIGEST_PARTIAL) != (hashed < size) &&
		    !(flags & XTRAIL_DIGEST_CHANGED))) {
		return XTRAIL_BAD_BODY;
	}
	return xtrail_body_end(rec, len, used);
}

/* Body versions 1 and 2 of a NET record (xtrail_proto.h), whole. */
static inline enum xtrail_verdict xtrail_net_v12_check(const __u8 *rec,
						       __u32 len)
{
	const struct xtrail_net *n =
		(const struct xtrail_net *)(rec + sizeof(struct xtrail_rec_hdr));
	__u32 kind = xt_le32(n->kind);

	if (len == sizeof(struct xtrail_rec_hdr) + XTRAIL_NET_V2_SIZE &&
	    n->pad)
		return XTRAIL_BAD_PADDING;
	if (kind < XTRAIL_NET_CONNECT || kind > XTRAIL_NET_STATE)
		return XTRAIL_BAD_BODY;
	if (xt_le32(n->flags) & ~(__u32)XTRAIL_NET_FLAGS_V2)
		return XTRAIL_BAD_FLAGS;
	return XTRAIL_OK;
}

/* The AF_UNIX family's number, whatever the host's headers say */
#define XTRAIL_AF_UNIX	1

static inline enum xtrail_verdict xtrail_net_check(const __u8 *rec, __u32 len)
{
	const struct xtrail_net *n;
	__u32 kind, flags, path, used;
	enum xtrail_verdict v;

	if (len == sizeof(struct xtrail_rec_hdr) + XTRAIL_NET_V1_SIZE ||
	    len == sizeof(struct xtrail_rec_hdr) + XTRAIL_NET_V2_SIZE)
		return xtrail_net_v12_check(rec, len);
	/* Body version 3, and the AF_UNIX name after it */
	used = sizeof(struct xtrail_rec_hdr) + sizeof(*n);
	if (len < used)
		return XTRAIL_BAD_BODY;
	n = (const struct xtrail_net *)(rec + sizeof(struct xtrail_rec_hdr));
	kind = xt_le32(n->kind);
	flags = xt_le32(n->flags);
	path = xt_le16(n->path_len);
	if (kind < XTRAIL_NET_CONNECT || kind > XTRAIL_NET_KIND_MAX)
		return XTRAIL_BAD_BODY;
	if (flags & ~(__u32)XTRAIL_NET_FLAGS)
		return XTRAIL_BAD_FLAGS;
	/* One road at most */
	if ((flags & XTRAIL_NET_COMPAT) && (flags & XTRAIL_NET_IO_URING))
		return XTRAIL_BAD_FLAGS;
	if (n->pad || n->pad2[0] || n->pad2[1] || n->pad2[2])
		return XTRAIL_BAD_PADDING;
	/* Bytes only at a CLOSE */
	if (kind != XTRAIL_NET_CLOSE && (n->bytes_sent || n->bytes_rcvd))
		return XTRAIL_BAD_BODY;
	/* A name only of an AF_UNIX address of CONNECT, BIND, SENDTO */
	if (path > XTRAIL_NET_PATH_MAX ||
	    (path && (xt_le32(n->family) != XTRAIL_AF_UNIX ||
		      (kind != XTRAIL_NET_CONNECT && kind != XTRAIL_NET_BIND &&
		       kind != XTRAIL_NET_SENDTO))))
		return XTRAIL_BAD_BODY;
	if ((flags & XTRAIL_NET_PATH_ABSTRACT) && !path)
		return XTRAIL_BAD_FLAGS;
	v = xtrail_body_end(rec, len, used + path);
	if (v != XTRAIL_OK)
		return v;
	/* A pathname ends at its first NUL; an abstract name may hold some. */
	if (!(flags & XTRAIL_NET_PATH_ABSTRACT) && memchr(rec + used, 0, path))
		return XTRAIL_BAD_STRING;
	return XTRAIL_OK;
}

static inline enum xtrail_verdict xtrail_tty_check(const __u8 *rec, __u32 len)
{
	const struct xtrail_tty *t;
	__u32 n, used = sizeof(struct xtrail_rec_hdr) + sizeof(*t);
	enum xtrail_verdict v;

	if (len < used)
		return XTRAIL_BAD_BODY;
	t = (const struct xtrail_tty *)(rec + sizeof(struct xtrail_rec_hdr));
	if (xt_le32(t->flags) & ~(__u32)XTRAIL_TTY_FLAGS)
		return XTRAIL_BAD_FLAGS;
	n = xt_le32(t->len);
	if (n > XTRAIL_TTY_MAX || n > xt_le32(t->count))
		return XTRAIL_BAD_BODY;
	v = xtrail_body_end(rec, len, used + n);
	if (v != XTRAIL_OK)
		return v;
	if (!memchr(t->tty, 0, sizeof(t->tty)))
		return XTRAIL_BAD_STRING;
	return XTRAIL_OK;
}

static inline enum xtrail_verdict xtrail_control_check(const __u8 *rec,
							__u32 len)
{
	const struct xtrail_control *c;
	__u32 n, used = sizeof(struct xtrail_rec_hdr) + sizeof(*c);

	if (len < used)
		return XTRAIL_BAD_BODY;
	c = (const struct xtrail_control *)(rec +
					    sizeof(struct xtrail_rec_hdr));
	if (xt_le16(c->flags) & ~(__u32)XTRAIL_CTL_TRUNC)
		return XTRAIL_BAD_FLAGS;
	n = xt_le16(c->text_len);
	if (n > XTRAIL_CTL_TEXT_MAX)
		return XTRAIL_BAD_BODY;
	return xtrail_body_end(rec, len, used + n);
}

static inline enum xtrail_verdict xtrail_vm_identity_check(const __u8 *rec,
							    __u32 len)
{
	const struct xtrail_vm_identity *v;
	__u32 i, used = sizeof(struct xtrail_rec_hdr) + sizeof(*v);

	if (len < used)
		return XTRAIL_BAD_BODY;
	v = (const struct xtrail_vm_identity *)(rec +
						sizeof(struct xtrail_rec_hdr));
	if (xt_le32(v->flags) & ~(__u32)XTRAIL_VM_FLAGS)
		return XTRAIL_BAD_FLAGS;
	if (xt_le32(v->why) < XTRAIL_VM_CONNECT ||
	    xt_le32(v->why) > XTRAIL_VM_CHANGE ||
	    xt_le32(v->nics) > XTRAIL_VM_NICS_MAX || v->pad)
		return XTRAIL_BAD_BODY;
	for (i = 0; i < XTRAIL_VM_NICS_MAX; i++) {
		if (xt_le32(v->nic[i].flags) & ~(__u32)XTRAIL_VM_NIC_FLAGS)
			return XTRAIL_BAD_FLAGS;
		if (v->nic[i].pad[0] || v->nic[i].pad[1])
			return XTRAIL_BAD_BODY;
	}
	return xtrail_body_end(rec, len, used);
}

static inline enum xtrail_verdict xtrail_flow_check(const __u8 *rec, __u32 len)
{
	const struct xtrail_flow *f;
	__u32 used = sizeof(struct xtrail_rec_hdr) + sizeof(*f);

	if (len < used)
		return XTRAIL_BAD_BODY;
	f = (const struct xtrail_flow *)(rec + sizeof(struct xtrail_rec_hdr));
	if (xt_le32(f->flags) & ~(__u32)XTRAIL_FLOW_FLAGS)
		return XTRAIL_BAD_FLAGS;
	if (xt_le32(f->event) < XTRAIL_FLOW_START ||
	    xt_le32(f->event) > XTRAIL_FLOW_EVENT_MAX || f->pad0 || f->pad1)
		return XTRAIL_BAD_BODY;
	return xtrail_body_end(rec, len, used);
}

/*
 * Full check of one record of @len bytes that the caller owns (a private
 * copy). @from_guest rejects the types only dom0 may make.
 */
static inline enum xtrail_verdict xtrail_rec_check(const void *buf, __u32 len,
						   int from_guest)
{
	const struct xtrail_rec_hdr *h = buf;
	enum xtrail_verdict v;

	if (len < sizeof(*h))
		return XTRAIL_BAD_LEN;
	v = xtrail_hdr_check(h, len);
	if (v != XTRAIL_OK)
		return v;
	if (xt_le32(h->len) != len)
		return XTRAIL_BAD_LEN;
	if (xt_le16(h->flags) & ~(__u32)XTRAIL_RF_MASK)
		return XTRAIL_BAD_FLAGS;

	switch (xt_le16(h->type)) {
	case XTRAIL_REC_EXEC:
		return xtrail_exec_check(buf, len);
	case XTRAIL_REC_LOST:
		return xtrail_lost_check(buf, len);
	case XTRAIL_REC_FORK:
		return xtrail_fork_check(buf, len);
	case XTRAIL_REC_EXIT:
		return xtrail_exit_check(buf, len);
	case XTRAIL_REC_SYSCALL:
		return xtrail_syscall_check(buf, len);
	case XTRAIL_REC_HEARTBEAT:
		return xtrail_heartbeat_check(buf, len);
	case XTRAIL_REC_FILE:
		return xtrail_file_check(buf, len);
	case XTRAIL_REC_NET:
		return xtrail_net_check(buf, len);
	case XTRAIL_REC_TTY:
		return xtrail_tty_check(buf, len);
	case XTRAIL_REC_CLOSE:
		return xtrail_close_check(buf, len);
	case XTRAIL_REC_EXEC_DIGEST:
		return xtrail_exec_digest_check(buf, len);
	case XTRAIL_REC_CONNECT:
	case XTRAIL_REC_DISCONNECT:
		if (from_guest)
			return XTRAIL_BAD_TYPE;
		return xtrail_body_end(buf, len, sizeof(*h) +
				       sizeof(struct xtrail_source));
	case XTRAIL_REC_VIOLATION:
		if (from_guest)
			return XTRAIL_BAD_TYPE;
		return xtrail_body_end(buf, len, sizeof(*h) +
				       sizeof(struct xtrail_violation));
	case XTRAIL_REC_CLOCK:
		if (from_guest)
			return XTRAIL_BAD_TYPE;
		/* The merge fields were appended: both sizes are valid. */
		if (len == sizeof(*h) + XTRAIL_CLOCK_MIN)
			return XTRAIL_OK;
		return xtrail_body_end(buf, len, sizeof(*h) +
				       sizeof(struct xtrail_clock));
	case XTRAIL_REC_SEQ_GAP:
		if (from_guest)
			return XTRAIL_BAD_TYPE;
		return xtrail_body_end(buf, len, sizeof(*h) +
				       sizeof(struct xtrail_seq_gap));
	case XTRAIL_REC_HB_SILENCE:
		if (from_guest)
			return XTRAIL_BAD_TYPE;
		return xtrail_body_end(buf, len, sizeof(*h) +
				       sizeof(struct xtrail_hb_silence));
	case XTRAIL_REC_REFUSED:
		if (from_guest)
			return XTRAIL_BAD_TYPE;
		return xtrail_body_end(buf, len, sizeof(*h) +
				       sizeof(struct xtrail_refused));
	case XTRAIL_REC_DOM0_LOST:
		if (from_guest)
			return XTRAIL_BAD_TYPE;
		/* Version 2 appended counters: both sizes are valid. */
		if (len == sizeof(*h) + XTRAIL_DOM0_LOST_V1_SIZE)
			return XTRAIL_OK;
		return xtrail_body_end(buf, len, sizeof(*h) +
				       sizeof(struct xtrail_dom0_lost));
	case XTRAIL_REC_CONTROL:
		if (from_guest)
			return XTRAIL_BAD_TYPE;
		return xtrail_control_check(buf, len);
	case XTRAIL_REC_VM_IDENTITY:
		if (from_guest)
			return XTRAIL_BAD_TYPE;
		return xtrail_vm_identity_check(buf, len);
	case XTRAIL_REC_FLOW:
		if (from_guest)
			return XTRAIL_BAD_TYPE;
		return xtrail_flow_check(buf, len);
	case XTRAIL_REC_FLOW_LOST:
		if (from_guest)
			return XTRAIL_BAD_TYPE;
		return xtrail_body_end(buf, len, sizeof(*h) +
				       sizeof(struct xtrail_flow_lost));
	case XTRAIL_REC_STREAM_JUMP:
		if (from_guest)
			return XTRAIL_BAD_TYPE;
		return xtrail_body_end(buf, len, sizeof(*h) +
				       sizeof(struct xtrail_stream_jump));
	case XTRAIL_REC_STREAM_END:
		if (from_guest)
			return XTRAIL_BAD_TYPE;
		return xtrail_body_end(buf, len, sizeof(*h) +
				       sizeof(struct xtrail_stream_end));
	default:
		return XTRAIL_BAD_TYPE;
	}
}

#endif /* _XTRAIL_RING_H */
