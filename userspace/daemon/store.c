// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xtraild's store (see store.h). Nothing is acknowledged to the kernel
 * (input.c) before commit() has made it durable as the flush mode says.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "input.h"
#include "say.h"
#include "store.h"

/* What store_records() did with the bytes of a batch. */
struct batch_tally {
	size_t off;		/* bytes gone through */
	uint64_t stored;	/* records appended */
	uint64_t skipped;	/* valid records already in F3 */
	uint64_t bytes;		/* the bytes of both */
};

void store_snapshot(struct xtraild *d)
{
	d->batch_seq = d->w.next_seq;
	d->attempt_seq = d->w.next_seq;
	d->batch_size = d->w.size;
	d->batch_rotated = d->w.files_rotated;
}

void store_init(struct xtraild *d)
{
	store_snapshot(d);
	clock_gettime(XTRAILD_SEAL_CLOCK, &d->last_seal);
}

int store_seal_due(struct xtraild *d)
{
	struct timespec now;

	if (!d->w.sealing || !d->w.unsealed || !d->c.seal_every_seconds)
		return 0;
	clock_gettime(XTRAILD_SEAL_CLOCK, &now);
	return now.tv_sec - d->last_seal.tv_sec >=
	       (time_t)d->c.seal_every_seconds;
}

int store_seal(struct xtraild *d)
{
	if (xt_f3_writer_seal(&d->w)) {
		say(LOG_ERR, "%s: sealing: %s; stopping (nothing after the last sync is acknowledged)",
		    d->out_path, strerror(errno));
		return -1;
	}
	d->unsynced = 0;
	clock_gettime(XTRAILD_SEAL_CLOCK, &d->last_seal);
	return 0;
}

/*
 * Make the batch durable as the flush mode says. Nothing is read from the
 * device (acknowledged) before this returns 0; a failed write or sync
 * stops the daemon: it never goes on as if it had worked.
 */
static int commit(struct xtraild *d, uint64_t nrec)
{
	int sync = 0;

	d->unsynced += nrec;
	if (d->w.sealing &&
	    ((d->c.seal_every_records &&
	      d->w.unsealed >= d->c.seal_every_records) || store_seal_due(d)))
		return store_seal(d);
	switch (d->c.flush) {
	case FLUSH_NONE:
		break;
	case FLUSH_INCREMENTAL:
		sync = d->unsynced >= (d->c.flush_freq ? d->c.flush_freq : 1);
		break;
	case FLUSH_DATA:
	case FLUSH_SYNC:
		sync = 1;
		break;
	}
	if (sync ? xt_f3_writer_sync(&d->w, d->c.flush == FLUSH_SYNC) :
		   xt_f3_writer_flush(&d->w)) {
		say(LOG_ERR, "%s: %s: %s; the last %" PRIu64
		    " records may be lost; stopping",
		    d->out_path, sync ? "sync" : "write", strerror(errno),
		    d->unsynced);
		return -1;
	}
	if (sync)
		d->unsynced = 0;
	return 0;
}

/*
 * Go through the whole records of the @n bytes at d->in: append the valid
 * ones F3 does not hold yet, count and log the invalid ones. 0 or -1.
 */
static int store_records(struct xtraild *d, size_t n, struct batch_tally *t)
{
	const struct xtrail_rec_hdr *h;
	enum xtrail_verdict v;
	/* With the stream's numbers, stream_take() knows what F3 holds. */
	uint64_t skip = d->stream ? 0 : d->skip;
	size_t rem;
	uint32_t len;
	int take;

	while ((rem = n - t->off) >= sizeof(*h)) {
		h = (const struct xtrail_rec_hdr *)(d->in + t->off);
		v = xtrail_hdr_check(h, rem);
		if (v == XTRAIL_BAD_SHORT)
			break;
		if (v != XTRAIL_OK) {
			/* No length to go by: the rest is unusable. */
			input_bad(d, h, v, "dropping the rest of the read");
			d->bad_bytes += rem;
			t->off = n;
			input_unknown_pos(d);
			break;
		}
		len = xt_le32(h->len);
		v = xtrail_rec_check(h, len, 0);
		/* xtraild's own types never come from the kernel. */
		if (v == XTRAIL_OK && xt_le16(h->type) >= XTRAIL_REC_DAEMON_FIRST)
			v = XTRAIL_BAD_TYPE;
		/* Already in F3: by the stream's numbers, or after a failure. */
		take = stream_take(d, h, v == XTRAIL_OK);
		if (take < 0)
			return -1;
		if (v == XTRAIL_OK && (!take || skip)) {
			if (take)
				skip--;
			t->skipped++;
			t->bytes += len;
		} else if (v == XTRAIL_OK) {
			if (xt_f3_writer_add(&d->w, h, len)) {
				say(LOG_ERR, "%s: write: %s; stopping",
				    d->out_path, strerror(errno));
				return -1;
			}
			t->stored++;
			t->bytes += len;
		} else {
			input_bad(d, h, v, "skipped");
			d->bad_bytes += len;
		}
		t->off += len;
	}
	return 0;
}

int store_batch(struct xtraild *d, size_t n)
{
	struct batch_tally t = { 0 };
	size_t rem;

	d->stream_next = d->batch_stream;	/* again, when retried */
	d->batch_seq = d->w.next_seq - d->skip;
	d->attempt_seq = d->w.next_seq;
	d->batch_size = d->w.size;
	d->batch_rotated = d->w.files_rotated;
	if (store_records(d, n, &t))
		return -1;
	if (t.stored && commit(d, t.stored))
		return -1;
	d->records += t.stored + t.skipped;
	d->bytes += t.bytes;

	rem = n - t.off;
	if (rem && d->dev_chr) {
		say(LOG_WARNING,
		    "%s: read ended inside a record; %zu bytes dropped",
		    d->dev_path, rem);
		d->bad++;
		d->bad_bytes += rem;
		rem = 0;
		input_unknown_pos(d);
	}
	if (rem)
		memmove(d->in, d->in + t.off, rem);
	d->carry = rem;
	return 0;
}
