/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/*
 * xtrail record encoders: the pure part of building a record, shared by the
 * kernel probes and the userspace tests.
 *
 * A probe builds a record in place in a per-CPU scratch buffer of
 * XTRAIL_REC_MAX bytes: it fills the header from the current task, copies
 * the raw strings to the offsets given here, and calls the matching
 * *_finish() function, which enforces the rules of xtrail_rec_check()
 * (termination, counts, truncation flags, zero padding) and returns the
 * record's final length. No allocation, no locking, no sleeping. The
 * readers' side of the exec record's two body versions is here too
 * (xtrail_exec_view()).
 */
#ifndef _XTRAIL_ENCODE_H
#define _XTRAIL_ENCODE_H

#include "xtrail_ring.h"

#define XTRAIL_EXEC_FN_OFF \
	(sizeof(struct xtrail_rec_hdr) + sizeof(struct xtrail_exec))

static inline struct xtrail_exec *xtrail_exec_body(void *rec)
{
	return (struct xtrail_exec *)((__u8 *)rec +
				      sizeof(struct xtrail_rec_hdr));
}

/* Where the raw argv goes once the filename (of @fn_len bytes) is in. */
static inline __u8 *xtrail_exec_argv(void *rec, __u32 fn_len)
{
	return (__u8 *)rec + XTRAIL_EXEC_FN_OFF + fn_len;
}

/*
 * The argv area at @av of *@argv_len bytes, as the kernel laid it out:
 * make it end in NUL (an area that does not gets its last byte replaced
 * and is flagged truncated, its last argument cut), count the arguments,
 * and update the XTRAIL_EXEC_ARGV_* / ARG_CUT bits of *@flags. Returns the
 * number of arguments kept; *@argc_total is raised to at least that.
 */
static inline __u32 xtrail_exec_argv_seal(__u8 *av, __u32 *argv_len,
					  __u32 *flags, __u32 *argc_total)
{
	__u32 argc = 0, i, n = *argv_len;

	*flags &= ~(__u32)XTRAIL_EXEC_ARG_CUT;
	if (*flags & XTRAIL_EXEC_ARGV_FAULT)
		n = 0;
	if (n && av[n - 1] != 0) {
		av[n - 1] = 0;
		*flags |= XTRAIL_EXEC_ARGV_TRUNC | XTRAIL_EXEC_ARG_CUT;
	}
	for (i = 0; i < n; i++)
		argc += !av[i];
	if (argc > *argc_total)
		*argc_total = argc;
	if (argc > 0xffff) {
		/* Cannot happen within XTRAIL_ARGV_LIMIT; keep it honest. */
		argc = 0;
		n = 0;
		*flags |= XTRAIL_EXEC_ARGV_TRUNC;
		*flags &= ~(__u32)XTRAIL_EXEC_ARG_CUT;
	}
	*argv_len = n;
	return argc;
}

/*
 * The string at @s of *@len bytes is followed by @tail bytes of the
 * record: if it holds a NUL, it ends there, and the tail moves down.
 * Returns true when it was cut so.
 */
static inline int xtrail_exec_str_nul(__u8 *s, __u32 *len, __u32 tail)
{
	const __u8 *nul = memchr(s, 0, *len);

	if (!nul)
		return 0;
	memmove(s + (nul - s), s + *len, tail);
	*len = nul - s;
	return 1;
}

/* Zero the padding after @used bytes; set the header's len and type. */
static inline __u32 xtrail_exec_seal_hdr(void *rec, __u32 used)
{
	struct xtrail_rec_hdr *h = rec;
	__u32 len = xtrail_rec_align(used);

	memset((__u8 *)rec + used, 0, len - used);
	h->len = xt_cpu32(len);
	h->type = xt_cpu16(XTRAIL_REC_EXEC);
	return len;
}

/**
 * xtrail_exec_finish - seal an exec record (body version 1) built in place
 * @rec:        record buffer, at least XTRAIL_REC_MAX bytes
 * @fn_len:     bytes of filename at XTRAIL_EXEC_FN_OFF (<= XTRAIL_PATH_MAX)
 * @fn_trunc:   the filename was longer than what was copied
 * @argv_len:   bytes of raw argv copied at xtrail_exec_argv() (NUL separated,
 *              as the kernel lays it out at mm->arg_start),
 *              <= XTRAIL_ARGV_LIMIT
 * @argv_trunc: the process's argv was longer than @argv_len
 * @argv_fault: the argv could not be read (then @argv_len must be 0)
 * @argc_total: the process's argc
 *
 * A filename byte that is NUL ends the filename there. An argv that does
 * not end in NUL (cut short, or rewritten by the task) gets its last byte
 * replaced by NUL and is flagged truncated, its last argument cut
 * (XTRAIL_EXEC_ARG_CUT). Returns the record length, with
 * hdr->len set; the caller fills the rest of the header. The guest writes
 * version 2 (xtrail_exec_finish_v2()); this one stays for the tests of
 * what older guests send.
 */
static inline __u32 xtrail_exec_finish(void *rec, __u32 fn_len, int fn_trunc,
				       __u32 argv_len, int argv_trunc,
				       int argv_fault, __u32 argc_total)
{
	struct xtrail_exec *e = xtrail_exec_body(rec);
	__u8 *fn = (__u8 *)rec + XTRAIL_EXEC_FN_OFF;
	__u32 flags = 0, argc;

	/* Keep the argv where it is: shift it down over the hole. */
	xtrail_exec_str_nul(fn, &fn_len, argv_len);
	if (fn_trunc)
		flags |= XTRAIL_EXEC_FILENAME_TRUNC;
	if (argv_trunc)
		flags |= XTRAIL_EXEC_ARGV_TRUNC;
	if (argv_fault)
		flags |= XTRAIL_EXEC_ARGV_FAULT;
	argc = xtrail_exec_argv_seal(fn + fn_len, &argv_len, &flags,
				     &argc_total);
	e->flags = xt_cpu32(flags);
	e->filename_len = xt_cpu16((__u16)fn_len);
	e->argc = xt_cpu16((__u16)argc);
	e->argv_len = xt_cpu32(argv_len);
	e->argc_total = xt_cpu32(argc_total);
	return xtrail_exec_seal_hdr(rec, XTRAIL_EXEC_FN_OFF + fn_len +
				    argv_len);
}

/* Where the strings of a version 2 exec record start: the filename. */
#define XTRAIL_EXEC_V2_STR_OFF						\
	(sizeof(struct xtrail_rec_hdr) + sizeof(struct xtrail_exec) +	\
	 sizeof(struct xtrail_exec_v2))

static inline struct xtrail_exec_v2 *xtrail_exec_v2_body(void *rec)
{
	return (struct xtrail_exec_v2 *)((__u8 *)rec +
					 sizeof(struct xtrail_rec_hdr) +
					 sizeof(struct xtrail_exec));
}

/*
 * The strings of a version 2 exec record as a probe copied them, one after
 * the other from XTRAIL_EXEC_V2_STR_OFF: filename, cwd, exe, argv0, argv.
 */
struct xtrail_exec_strs {
	__u32 fn_len;		/* <= XTRAIL_PATH_MAX */
	__u32 cwd_len;		/* <= XTRAIL_PATH_MAX */
	__u32 exe_len;		/* <= XTRAIL_PATH_MAX */
	__u32 argv0_len;	/* <= XTRAIL_ARGV0_MAX */
	__u32 argv_len;		/* what is left, <= XTRAIL_ARGV_LIMIT */
	__u32 argc_total;	/* the process's argc */
	__u32 flags;		/* XTRAIL_EXEC_* the probe saw */
};

/**
 * xtrail_exec_finish_v2 - seal an exec record (body version 2) built in place
 * @rec: record buffer, XTRAIL_REC_MAX bytes, its strings copied as @s says
 * @s:   their lengths and the flags: FILENAME_TRUNC, ARGV_TRUNC (the argv
 *       was longer than @s->argv_len), ARGV_FAULT (then no argv),
 *       CWD_LONG and EXE_LONG (then that length is 0), ARGV0_TRUNC,
 *       SCRIPT; other bits are ignored
 *
 * A NUL in filename, cwd, exe or argv0 ends that string there (and drops
 * XTRAIL_EXEC_ARGV0_TRUNC, the argv0 being shorter than the maximum); the
 * argv is sealed as in version 1; a *_LONG flag with a non-empty string
 * is dropped. Returns the record length, with hdr->len and hdr->type set.
 */
static inline __u32 xtrail_exec_finish_v2(void *rec,
					  const struct xtrail_exec_strs *s)
{
	struct xtrail_exec *e = xtrail_exec_body(rec);
	struct xtrail_exec_v2 *e2 = xtrail_exec_v2_body(rec);
	__u8 *p = (__u8 *)rec + XTRAIL_EXEC_V2_STR_OFF;
	__u32 fn = s->fn_len, cwd = s->cwd_len, exe = s->exe_len;
	__u32 a0 = s->argv0_len, av = s->argv_len, total = s->argc_total;
	__u32 flags = (s->flags & XTRAIL_EXEC_FLAGS) | XTRAIL_EXEC_V2, argc;

	xtrail_exec_str_nul(p, &fn, cwd + exe + a0 + av);
	xtrail_exec_str_nul(p + fn, &cwd, exe + a0 + av);
	xtrail_exec_str_nul(p + fn + cwd, &exe, a0 + av);
	xtrail_exec_str_nul(p + fn + cwd + exe, &a0, av);
	if (cwd)
		flags &= ~(__u32)XTRAIL_EXEC_CWD_LONG;
	if (exe)
		flags &= ~(__u32)XTRAIL_EXEC_EXE_LONG;
	if (a0 != XTRAIL_ARGV0_MAX)
		flags &= ~(__u32)XTRAIL_EXEC_ARGV0_TRUNC;
	argc = xtrail_exec_argv_seal(p + fn + cwd + exe + a0, &av, &flags,
				     &total);
	e->flags = xt_cpu32(flags);
	e->filename_len = xt_cpu16((__u16)fn);
	e->argc = xt_cpu16((__u16)argc);
	e->argv_len = xt_cpu32(av);
	e->argc_total = xt_cpu32(total);
	e2->cwd_len = xt_cpu16((__u16)cwd);
	e2->exe_len = xt_cpu16((__u16)exe);
	e2->argv0_len = xt_cpu16((__u16)a0);
	e2->pad = 0;
	return xtrail_exec_seal_hdr(rec, XTRAIL_EXEC_V2_STR_OFF + fn + cwd +
				    exe + a0 + av);
}

/**
 * struct xtrail_exec_view - the strings of a checked exec record, either
 * body version (version 1: no cwd, exe, argv0: lengths 0)
 */
struct xtrail_exec_view {
	const __u8 *fn, *cwd, *exe, *argv0, *argv;
	__u32 fn_len, cwd_len, exe_len, argv0_len, argv_len;
	__u32 flags;
};

/* Read the exec record @rec, which xtrail_rec_check() accepted. */
static inline void xtrail_exec_view(const void *rec,
				    struct xtrail_exec_view *v)
{
	const struct xtrail_exec *e = xtrail_exec_body((void *)rec);
	const struct xtrail_exec_v2 *e2 = xtrail_exec_v2_body((void *)rec);

	v->flags = xt_le32(e->flags);
	v->fn_len = xt_le16(e->filename_len);
	v->argv_len = xt_le32(e->argv_len);
	if (v->flags & XTRAIL_EXEC_V2) {
		v->fn = (const __u8 *)rec + XTRAIL_EXEC_V2_STR_OFF;
		v->cwd_len = xt_le16(e2->cwd_len);
		v->exe_len = xt_le16(e2->exe_len);
		v->argv0_len = xt_le16(e2->argv0_len);
	} else {
		v->fn = (const __u8 *)rec + XTRAIL_EXEC_FN_OFF;
		v->cwd_len = 0;
		v->exe_len = 0;
		v->argv0_len = 0;
	}
	v->cwd = v->fn + v->fn_len;
	v->exe = v->cwd + v->cwd_len;
	v->argv0 = v->exe + v->exe_len;
	v->argv = v->argv0 + v->argv0_len;
}

#define XTRAIL_FILE_PATH_OFF \
	(sizeof(struct xtrail_rec_hdr) + sizeof(struct xtrail_file))

static inline struct xtrail_file *xtrail_file_body(void *rec)
{
	return (struct xtrail_file *)((__u8 *)rec +
				      sizeof(struct xtrail_rec_hdr));
}

/**
 * xtrail_file_finish - seal a file record built in place
 * @rec:       record buffer, XTRAIL_REC_MAX bytes; the body's nr, ret, args
 *             and flags are set, the first path is at XTRAIL_FILE_PATH_OFF
 *             and the second right after it
 * @path_len:  bytes of the first path (<= XTRAIL_PATH_MAX, no NUL)
 * @path2_len: bytes of the second path (<= XTRAIL_PATH_MAX, no NUL)
 *
 * Returns the record length, with hdr->len and hdr->type set.
 */
static inline __u32 xtrail_file_finish(void *rec, __u32 path_len,
				       __u32 path2_len)
{
	struct xtrail_rec_hdr *h = rec;
	struct xtrail_file *f = xtrail_file_body(rec);
	__u32 used = XTRAIL_FILE_PATH_OFF + path_len + path2_len;
	__u32 len = xtrail_rec_align(used);

	f->path_len = xt_cpu16((__u16)path_len);
	f->path2_len = xt_cpu16((__u16)path2_len);
	f->pad = 0;
	memset((__u8 *)rec + used, 0, len - used);
	h->len = xt_cpu32(len);
	h->type = xt_cpu16(XTRAIL_REC_FILE);
	return len;
}

#define XTRAIL_CLOSE_PATH_OFF \
	(sizeof(struct xtrail_rec_hdr) + sizeof(struct xtrail_close))

static inline struct xtrail_close *xtrail_close_body(void *rec)
{
	return (struct xtrail_close *)((__u8 *)rec +
				       sizeof(struct xtrail_rec_hdr));
}

/**
 * xtrail_close_finish - seal a close record built in place
 * @rec:      record buffer, XTRAIL_REC_MAX bytes; the path (no NUL) is at
 *            XTRAIL_CLOSE_PATH_OFF
 * @flags:    XTRAIL_CLOSE_*
 * @fd:       the descriptor closed by close(2), or -1
 * @rd:       bytes read through the file
 * @wr:       bytes written through it
 * @path_len: bytes of the path (<= XTRAIL_PATH_MAX)
 *
 * Returns the record length, with hdr->len and hdr->type set.
 */
static inline __u32 xtrail_close_finish(void *rec, __u32 flags, __s32 fd,
					__u64 rd, __u64 wr, __u32 path_len)
{
	struct xtrail_rec_hdr *h = rec;
	struct xtrail_close *c = xtrail_close_body(rec);
	__u32 used = XTRAIL_CLOSE_PATH_OFF + path_len;
	__u32 len = xtrail_rec_align(used);

	c->flags = xt_cpu32(flags);
	c->fd = xt_cpu32((__u32)fd);
	c->bytes_read = xt_cpu64(rd);
	c->bytes_written = xt_cpu64(wr);
	c->path_len = xt_cpu16((__u16)path_len);
	c->pad[0] = 0;
	c->pad[1] = 0;
	c->pad[2] = 0;
	memset((__u8 *)rec + used, 0, len - used);
	h->len = xt_cpu32(len);
	h->type = xt_cpu16(XTRAIL_REC_CLOSE);
	return len;
}

#define XTRAIL_NET_PATH_OFF \
	(sizeof(struct xtrail_rec_hdr) + sizeof(struct xtrail_net))

static inline struct xtrail_net *xtrail_net_body(void *rec)
{
	return (struct xtrail_net *)((__u8 *)rec +
				     sizeof(struct xtrail_rec_hdr));
}

/**
 * xtrail_net_finish - seal a NET record (body version 3) built in place
 * @rec:      record buffer; the body filled but for @path_len and @pad2,
 *            the AF_UNIX name (if any) at XTRAIL_NET_PATH_OFF
 * @path_len: bytes of that name (<= XTRAIL_NET_PATH_MAX)
 *
 * Returns the record length, with hdr->len and hdr->type set.
 */
static inline __u32 xtrail_net_finish(void *rec, __u32 path_len)
{
	struct xtrail_rec_hdr *h = rec;
	struct xtrail_net *n = xtrail_net_body(rec);
	__u32 used = XTRAIL_NET_PATH_OFF + path_len;
	__u32 len = xtrail_rec_align(used);

	n->path_len = xt_cpu16((__u16)path_len);
	n->pad2[0] = 0;
	n->pad2[1] = 0;
	n->pad2[2] = 0;
	memset((__u8 *)rec + used, 0, len - used);
	h->len = xt_cpu32(len);
	h->type = xt_cpu16(XTRAIL_REC_NET);
	return len;
}

/* Build a LOST record into @rec; returns its length. */
static inline __u32 xtrail_lost_finish(void *rec, __u64 count, __u64 first_seq)
{
	struct xtrail_rec_hdr *h = rec;
	struct xtrail_lost *l = (struct xtrail_lost *)(h + 1);
	__u32 len = sizeof(*h) + sizeof(*l);

	l->count = xt_cpu64(count);
	l->first_seq = xt_cpu64(first_seq);
	l->last_seq = xt_cpu64(first_seq + count - 1);
	h->len = xt_cpu32(len);
	h->type = xt_cpu16(XTRAIL_REC_LOST);
	return len;
}

/**
 * xtrail_exec_digest_finish - seal an exec digest record (header filled)
 * @rec:     record buffer of at least XTRAIL_EXEC_DIGEST_LEN bytes
 * @exec_ts: ts_ns of the EXEC record it belongs to
 * @size:    the file's size at the exec
 * @hashed:  bytes hashed (0 with XTRAIL_DIGEST_BUSY or _ERROR)
 * @flags:   XTRAIL_DIGEST_*
 * @sha256:  XTRAIL_SHA256_LEN bytes, or NULL for none (zeroes)
 *
 * Returns the record length, with hdr->len and hdr->type set.
 */
#define XTRAIL_EXEC_DIGEST_LEN \
	(sizeof(struct xtrail_rec_hdr) + sizeof(struct xtrail_exec_digest))

static inline __u32 xtrail_exec_digest_finish(void *rec, __u64 exec_ts,
					      __u64 size, __u64 hashed,
					      __u32 flags, const __u8 *sha256)
{
	struct xtrail_rec_hdr *h = rec;
	struct xtrail_exec_digest *d = (struct xtrail_exec_digest *)
		((__u8 *)rec + sizeof(*h));

	d->exec_ts_ns = xt_cpu64(exec_ts);
	d->size = xt_cpu64(size);
	d->hashed = xt_cpu64(hashed);
	d->flags = xt_cpu32(flags);
	d->pad = 0;
	if (sha256)
		memcpy(d->sha256, sha256, XTRAIL_SHA256_LEN);
	else
		memset(d->sha256, 0, XTRAIL_SHA256_LEN);
	h->len = xt_cpu32(XTRAIL_EXEC_DIGEST_LEN);
	h->type = xt_cpu16(XTRAIL_REC_EXEC_DIGEST);
	return XTRAIL_EXEC_DIGEST_LEN;
}

#endif /* _XTRAIL_ENCODE_H */
