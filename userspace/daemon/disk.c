// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xtraild's disk failures (see disk.h).
 */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <string.h>

#include "disk.h"
#include "logfile.h"
#include "say.h"
#include "signals.h"
#include "store.h"

/* The same batch failing this often halts the daemon. */
#define XTRAILD_BATCH_TRIES	32

/* A failure being handled. */
struct failure {
	int err;		/* errno of the failed write or sync */
	int full;		/* the disk is full (ENOSPC, EDQUOT) */
	enum disk_action act;
	uint64_t cut_to;	/* the failed file's size to keep */
	struct f3_mark mark;
};

/* Wait @secs seconds (0: until SIGUSR2). 0, or -1 on a stop signal. */
static int disk_wait(struct xtraild *d, unsigned long secs)
{
	struct timespec ts = { .tv_sec = secs };

	resume_reset();
	while (!stop_requested() && !resume_requested()) {
		if (ppoll(NULL, 0, secs ? &ts : NULL, &d->waitmask) == 0)
			break;
	}
	return stop_requested() ? -1 : 0;
}

/* What is kept, what is lost, the marker saying so. */
static void failure_plan(struct xtraild *d, struct failure *f, size_t n)
{
	struct f3_mark *m = &f->mark;
	uint64_t lost, resume;

	d->failures++;
	d->failed_first_segment = d->w.file_first_segment;
	/*
	 * Cut to what is known to be there: after a full disk (no sync
	 * failed), what was written before the batch (if in the same file);
	 * else what was synced. Records of the batch before that point
	 * (a file rotated within the batch) are not stored again.
	 */
	/*
	 * (A seal the writer made within the batch was synced, and its key is
	 * gone: what it covers stays, so that the next seal's epoch follows.)
	 */
	if (f->full && !d->w.sync_failed &&
	    d->w.files_rotated == d->batch_rotated &&
	    d->w.durable <= d->batch_size) {
		f->cut_to = d->batch_size;
		resume = d->attempt_seq;
	} else {
		f->cut_to = d->w.durable;
		resume = d->w.durable_seq;
	}
	lost = resume < d->batch_seq ? d->batch_seq - resume : 0;
	d->skip = resume > d->batch_seq ? resume - d->batch_seq : 0;
	if (++d->batch_failures > XTRAILD_BATCH_TRIES) {
		say(LOG_CRIT, "%s: the same batch failed %d times; halting",
		    d->out_path, XTRAILD_BATCH_TRIES);
		f->act = ACT_HALT;
	}
	m->time_ns = xt_cpu64((uint64_t)time(NULL) * 1000000000ull);
	m->kind = xt_cpu32(f->full ? F3_MARK_DISK_FULL : F3_MARK_DISK_ERROR);
	m->err = xt_cpu32(f->err);
	m->segment_no = xt_cpu64(d->w.segment_no);
	m->durable_seq = xt_cpu64(resume);
	m->lost = xt_cpu64(lost);
	snprintf(m->action, sizeof(m->action), "%s",
		 conf_action_name(f->act));
	say(LOG_CRIT,
	    "%s: %s (%s) in segment %" PRIu64 ": the segment is final; the first %" PRIu64
	    " records are durable, %" PRIu64 " acknowledged ones are lost, %zu bytes of input wait; action: %s",
	    d->out_path, f->full ? "disk full" : "disk error",
	    strerror(f->err), d->w.segment_no, resume, lost, n,
	    conf_action_name(f->act));
}

/*
 * The action, before attempt @attempt at opening the log again. 0, or -1
 * on a stop signal.
 */
static int failure_act(struct xtraild *d, struct failure *f, int attempt)
{
	unsigned long retry = d->c.disk_retry_seconds;

	if (f->act == ACT_SUSPEND) {
		say(LOG_CRIT, "%s: suspended: nothing is read or written until SIGUSR2",
		    d->out_path);
		return disk_wait(d, 0);
	}
	if (f->act == ACT_KEEP)
		return disk_wait(d, retry ? retry : XTRAILD_RETRY_SECONDS);
	if (f->act == ACT_ROTATE && f->full) {
		if (!logfile_retention(d, 1)) {
			say(LOG_CRIT, "%s: no rotated file left to delete; halting",
			    d->out_path);
			f->act = ACT_HALT;
		}
	} else if (f->act == ACT_ROTATE) {
		/* The failed file is never written again. */
		if (attempt || logfile_rotate_failed(d, f->cut_to))
			f->act = ACT_HALT;
		else
			f->cut_to = 0;
	}
	return 0;
}

/* The marker is written in a new segment: go on, or halt there. */
static int failure_marked(struct xtraild *d, const struct failure *f)
{
	say(LOG_NOTICE, "%s: failure marker written; writing again in segment %" PRIu64,
	    d->out_path, d->w.segment_no);
	if (f->act != ACT_HALT) {
		clock_gettime(XTRAILD_SEAL_CLOCK, &d->last_seal);
		store_snapshot(d);
		return 0;
	}
	if (xt_f3_writer_close(&d->w))
		say(LOG_ERR, "%s: closing: %s", d->out_path, strerror(errno));
	return -1;
}

int disk_failure(struct xtraild *d, size_t n)
{
	struct failure f = { .err = errno };
	struct f3_open_report rep;
	char err[512];
	int attempt;

	f.full = f.err == ENOSPC || f.err == EDQUOT;
	f.act = f.full ? d->c.disk_full_action : d->c.disk_error_action;
	failure_plan(d, &f, n);
	xt_f3_writer_abandon(&d->w);

	for (attempt = 0; !stop_requested(); attempt++) {
		if (failure_act(d, &f, attempt))
			break;
		if (!logfile_open(d, &f.mark, f.cut_to, &rep, err, sizeof(err)))
			return failure_marked(d, &f);
		say(LOG_CRIT, "%s: failure marker not written: %s",
		    d->out_path, err);
		if (f.act == ACT_HALT)
			return -1;
	}
	return -1;
}
