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
 * record's final length. No allocation, no locking, no sleeping.
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

/**
 * xtrail_exec_finish - seal an exec record built in place
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
 * hdr->len set; the caller fills the rest of the header.
 */
static inline __u32 xtrail_exec_finish(void *rec, __u32 fn_len, int fn_trunc,
				       __u32 argv_len, int argv_trunc,
				       int argv_fault, __u32 argc_total)
{
	struct xtrail_rec_hdr *h = rec;
	struct xtrail_exec *e = xtrail_exec_body(rec);
	__u8 *fn = (__u8 *)rec + XTRAIL_EXEC_FN_OFF;
	const __u8 *nul = memchr(fn, 0, fn_len);
	__u8 *av;
	__u32 flags = 0, argc = 0, i, used, len;
	int arg_cut = 0;

	if (nul) {
		/* Keep the argv where it is: shift it down over the hole. */
		__u32 cut = nul - fn;

		memmove(fn + cut, fn + fn_len, argv_len);
		fn_len = cut;
	}
	av = fn + fn_len;
	if (argv_fault)
		argv_len = 0;
	if (argv_len && av[argv_len - 1] != 0) {
		av[argv_len - 1] = 0;
		argv_trunc = 1;
		arg_cut = 1;
	}
	for (i = 0; i < argv_len; i++)
		argc += !av[i];
	if (argc > argc_total)
		argc_total = argc;
	if (argc > 0xffff) {
		/* Cannot happen within XTRAIL_ARGV_LIMIT; keep it honest. */
		argc = 0;
		argv_len = 0;
		argv_trunc = 1;
		arg_cut = 0;
	}

	if (fn_trunc)
		flags |= XTRAIL_EXEC_FILENAME_TRUNC;
	if (argv_trunc)
		flags |= XTRAIL_EXEC_ARGV_TRUNC;
	if (argv_fault)
		flags |= XTRAIL_EXEC_ARGV_FAULT;
	if (arg_cut)
		flags |= XTRAIL_EXEC_ARG_CUT;
	e->flags = xt_cpu32(flags);
	e->filename_len = xt_cpu16((__u16)fn_len);
	e->argc = xt_cpu16((__u16)argc);
	e->argv_len = xt_cpu32(argv_len);
	e->argc_total = xt_cpu32(argc_total);

	used = XTRAIL_EXEC_FN_OFF + fn_len + argv_len;
	len = xtrail_rec_align(used);
	memset((__u8 *)rec + used, 0, len - used);
	h->len = xt_cpu32(len);
	h->type = xt_cpu16(XTRAIL_REC_EXEC);
	return len;
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

#endif /* _XTRAIL_ENCODE_H */
