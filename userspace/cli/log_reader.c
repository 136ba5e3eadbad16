// SPDX-License-Identifier: GPL-2.0
/*
 * Reading an F3 log named on the command line; see log_reader.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log_reader.h"

/* "CMD: FILE: reason" for the status @st of the file being read; 1. */
static int log_reader_fail(struct log_reader *lr, enum f3_status st)
{
	struct f3_reader *r = lr->r;
	size_t i = lr->i < lr->n ? lr->i : lr->n - 1;

	fprintf(stderr, "%s: %s: %s\n", lr->cmd, lr->files[i],
		st == F3_ERR_IO && !r->f ? r->reason : xt_f3_strerror(r));
	return 1;
}

int log_reader_open(struct log_reader *lr, char **args, int nargs)
{
	struct f3_reader *r;
	enum f3_status st;
	char err[512];

	lr->i = 0;
	lr->files = xt_f3_log_files(args, nargs, &lr->n, err, sizeof(err));
	lr->r = calloc(1, sizeof(*lr->r));
	if (!lr->files || !lr->r) {
		fprintf(stderr, "%s: %s\n", lr->cmd,
			lr->files ? strerror(ENOMEM) : err);
		return 1;
	}
	r = lr->r;
	r->require_start = lr->require_start;
	r->no_decrypt = lr->no_decrypt;
	st = xt_f3_reader_open(r, lr->files[0]);
	if (lr->on_mark) {
		r->on_mark = lr->on_mark;
		r->mark_ctx = lr->files[0];
	}
	if (lr->auditor_sk)
		xt_f3_reader_set_auditor_key(r, lr->auditor_sk);
	if (lr->seal_key)
		xt_f3_reader_set_seal_key(r, lr->seal_key);
	if (lr->anchor)
		xt_f3_reader_set_anchor(r, lr->anchor);
	if (lr->pin)
		xt_f3_reader_set_pin(r, *lr->pin);
	if (lr->trail)
		xt_f3_reader_set_trail(r, lr->trail);
	return st == F3_OK ? 0 : log_reader_fail(lr, st);
}

int log_reader_read(struct log_reader *lr,
		    int (*fn)(void *ctx, const void *rec, uint32_t len),
		    void *ctx)
{
	struct f3_reader *r = lr->r;
	enum f3_status st;
	const void *rec;
	uint32_t len;

	for (;;) {
		while ((st = xt_f3_next(r, &rec, &len)) == F3_OK)
			if (fn && fn(ctx, rec, len))
				return 1;
		if (st != F3_END || ++lr->i == lr->n)
			break;
		if (lr->on_mark)
			r->mark_ctx = lr->files[lr->i];
		st = xt_f3_reader_next_file(r, lr->files[lr->i]);
		if (st != F3_OK)
			break;
	}
	return st == F3_END ? 0 : log_reader_fail(lr, st);
}

int log_reader_finish(struct log_reader *lr)
{
	enum f3_status st = xt_f3_reader_finish(lr->r);

	return st == F3_OK || st == F3_END ? 0 : log_reader_fail(lr, st);
}

void log_reader_close(struct log_reader *lr)
{
	if (lr->r)
		xt_f3_reader_close(lr->r);
	free(lr->r);
	xt_f3_free_names(lr->files);
	lr->r = NULL;
	lr->files = NULL;
}
