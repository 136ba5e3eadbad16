// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_encode: xtrail_exec_finish() over whatever a task can leave in its
 * filename and argv (any bytes, any lengths up to the limits, truncation
 * and fault flags, any argc). The probe builds the record in a scratch
 * buffer of XTRAIL_REC_MAX bytes; here that buffer is a heap block of
 * exactly that size, full of junk. The result must always pass
 * xtrail_rec_check() for a guest's ring, and keep what it was given.
 *
 * Input: see struct encode_in in fuzz_input.h.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "fuzz_input.h"
#include "xtrail_encode.h"

/* Copy @n bytes from the input (*@p, *@left bytes), padding with @fill. */
static void take(uint8_t *dst, size_t n, const uint8_t **p, size_t *left,
		 uint8_t fill)
{
	size_t k = n < *left ? n : *left;

	memcpy(dst, *p, k);
	memset(dst + k, fill, n - k);
	*p += k;
	*left -= k;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t fn[XTRAIL_PATH_MAX], av[XTRAIL_ARGV_LIMIT];
	struct encode_in in;
	struct xtrail_rec_hdr *h;
	struct xtrail_exec *e;
	uint32_t fn_len, av_len, kept, flags, argc = 0, total, len, i;
	int fn_trunc, av_trunc, av_fault;
	uint8_t *rec, *nul;

	if (size < sizeof(in))
		return 0;
	memcpy(&in, data, sizeof(in));
	data += sizeof(in);
	size -= sizeof(in);
	fn_len = xt_le16(in.fn_len) % (XTRAIL_PATH_MAX + 1);
	av_len = xt_le16(in.argv_len) % (XTRAIL_ARGV_LIMIT + 1);
	fn_trunc = !!(in.flags & IN_FN_TRUNC);
	av_trunc = !!(in.flags & IN_ARGV_TRUNC);
	av_fault = !!(in.flags & IN_ARGV_FAULT);
	take(fn, fn_len, &data, &size, in.fill);
	take(av, av_len, &data, &size, in.fill);

	/* The probe's scratch buffer, as a previous record left it. */
	rec = malloc(XTRAIL_REC_MAX);
	fz_assert(rec);
	memset(rec, in.fill ^ 0xff, XTRAIL_REC_MAX);
	h = (struct xtrail_rec_hdr *)rec;
	e = xtrail_exec_body(rec);
	/* The header is the caller's, except len and type. */
	h->flags = xt_cpu16(in.flags & IN_TS_XEN ? XTRAIL_RF_TS_XEN : 0);
	memcpy(rec + XTRAIL_EXEC_FN_OFF, fn, fn_len);
	memcpy(xtrail_exec_argv(rec, fn_len), av, av_len);

	len = xtrail_exec_finish(rec, fn_len, fn_trunc, av_len, av_trunc,
				 av_fault, xt_le32(in.argc_total));

	fz_assert(len <= XTRAIL_REC_MAX && xt_le32(h->len) == len);
	fz_assert(xtrail_rec_check(rec, len, 1) == XTRAIL_OK);
	fz_assert(fz_rec_ok(rec, len, 1));

	/* The filename is kept up to its first NUL. */
	nul = memchr(fn, 0, fn_len);
	kept = nul ? (uint32_t)(nul - fn) : fn_len;
	fz_assert(xt_le16(e->filename_len) == kept);
	fz_assert(!memcmp(rec + XTRAIL_EXEC_FN_OFF, fn, kept));

	flags = xt_le32(e->flags);
	fz_assert(!(flags & XTRAIL_EXEC_FILENAME_TRUNC) == !fn_trunc);
	fz_assert(!(flags & XTRAIL_EXEC_ARGV_FAULT) == !av_fault);
	if (av_fault) {
		fz_assert(!xt_le32(e->argv_len) && !xt_le16(e->argc));
		fz_assert(!(flags & XTRAIL_EXEC_ARGV_TRUNC) == !av_trunc);
	} else {
		/* The argv is kept, its last byte made a NUL if it was not. */
		fz_assert(xt_le32(e->argv_len) == av_len);
		fz_assert(!memcmp(xtrail_exec_argv(rec, kept), av,
				  av_len ? av_len - 1 : 0));
		fz_assert(!(flags & XTRAIL_EXEC_ARGV_TRUNC) ==
			  !(av_trunc || (av_len && av[av_len - 1])));
		/* the last argument is flagged cut when it lost its end */
		fz_assert(!(flags & XTRAIL_EXEC_ARG_CUT) ==
			  !(av_len && av[av_len - 1]));
		for (i = 0; i + 1 < av_len; i++)
			argc += !av[i];
		argc += av_len != 0;
		fz_assert(xt_le16(e->argc) == argc);
	}
	/* argc_total is never below the arguments recorded */
	total = xt_le32(in.argc_total);
	if (total < argc)
		total = argc;
	fz_assert(xt_le32(e->argc_total) == total);
	free(rec);
	return 0;
}
