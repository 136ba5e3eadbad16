// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xtraild's main loop (see loop.h).
 */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "disk.h"
#include "input.h"
#include "logfile.h"
#include "replicate.h"
#include "loop.h"
#include "say.h"
#include "signals.h"
#include "store.h"

#define NSEC_PER_SEC		1000000000ull
/* How long after the merge window a stop still takes records. */
#define DRAIN_EXTRA_NS		100000000ull

/* Store a batch, going through disk_failure() as long as it fails. */
static int store_retry(struct xtraild *d, size_t n)
{
	while (store_batch(d, n)) {
		if (disk_failure(d, n))
			return -1;
		if (d->stream) {
			/*
			 * The kernel still holds everything not acknowledged,
			 * the unsynced records that the cut took away from
			 * earlier batches too: open the device again to have it
			 * all delivered again; stream_take() skips what F3 holds.
			 */
			if (input_reopen(d))
				return -1;
			break;
		}
	}
	d->batch_failures = 0;
	d->skip = 0;
	if (d->w.files_rotated != d->rotated_seen) {
		d->rotated_seen = d->w.files_rotated;
		logfile_retention(d, 0);
	}
	store_snapshot(d);	/* after retention's marker, if any */
	replicate_publish(d);
	return stream_ack(d);
}

/*
 * Stopping: the kernel still holds records received in the last merge
 * window; take them (for the window and 100 ms more) so that a clean stop
 * leaves nothing behind. 0 or -1.
 */
static int stream_drain(struct xtraild *d)
{
	struct pollfd pfd = { .fd = d->dev_fd, .events = POLLIN };
	uint64_t wait_ns = d->window_ns + DRAIN_EXTRA_NS;
	struct timespec now, end;
	long ms;
	ssize_t n;

	if (!d->stream)
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += wait_ns / NSEC_PER_SEC;
	end.tv_nsec += wait_ns % NSEC_PER_SEC;
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		ms = (end.tv_sec - now.tv_sec) * 1000 +
		     (end.tv_nsec - now.tv_nsec) / 1000000;
		if (ms <= 0)
			return 0;
		if (poll(&pfd, 1, ms) <= 0)
			continue;
		if (stream_before_read(d))
			return -1;
		n = read(d->dev_fd, d->in, XTRAILD_BUF);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (n <= 0) {
			say(LOG_ERR, "%s: read: %s", d->dev_path,
			    n ? strerror(errno) : "end of file");
			return -1;
		}
		if (store_retry(d, n))
			return -1;
		pfd.fd = d->dev_fd;
	}
}

/* ppoll() timeout until the next time-based seal, or NULL. */
static struct timespec *seal_timeout(struct xtraild *d, struct timespec *ts)
{
	struct timespec now;
	time_t left;

	if (!d->w.sealing || !d->w.unsealed || !d->c.seal_every_seconds)
		return NULL;
	clock_gettime(XTRAILD_SEAL_CLOCK, &now);
	left = d->last_seal.tv_sec + d->c.seal_every_seconds - now.tv_sec;
	ts->tv_sec = left > 0 ? left : 0;
	ts->tv_nsec = left > 0 ? 0 : 1000000;
	return ts;
}

/* seal_timeout(), or a second when unsynced records wait for their ack. */
static struct timespec *poll_timeout(struct xtraild *d, struct timespec *ts)
{
	struct timespec *t = seal_timeout(d, ts);

	if (!d->stream || (!d->unsynced && d->stream_next == d->stream_acked))
		return t;
	if (!t || t->tv_sec >= 1) {
		ts->tv_sec = 1;
		ts->tv_nsec = 0;
	}
	return ts;
}

/*
 * The device is ready (@revents): read and store. 1 to go on, 0 at the
 * end of a file input, -1 on error.
 */
static int run_read(struct xtraild *d, short revents)
{
	ssize_t n;

	if (stream_before_read(d))
		return -1;
	n = read(d->dev_fd, d->in + d->carry, XTRAILD_BUF - d->carry);
	if (n < 0) {
		if (errno == EINTR)
			return 1;
		if (errno == EAGAIN && !(revents & (POLLERR | POLLHUP)))
			return 1;
		if (errno == EMSGSIZE)
			say(LOG_ERR,
			    "%s: next record larger than %d bytes (kernel bug?)",
			    d->dev_path, XTRAILD_BUF);
		else
			say(LOG_ERR, "%s: read: %s", d->dev_path,
			    errno == EAGAIN ? "device error" :
			    strerror(errno));
		return -1;
	}
	if (!n) {
		if (d->carry) {
			say(LOG_WARNING,
			    "%s: input ends inside a record; %zu bytes dropped",
			    d->dev_path, d->carry);
			d->bad++;
			d->bad_bytes += d->carry;
			d->carry = 0;
		}
		if (d->dev_chr) {
			say(LOG_ERR, "%s: unexpected end of file",
			    d->dev_path);
			return -1;
		}
		say(LOG_INFO, "%s: end of input", d->dev_path);
		return 0;
	}
	return store_retry(d, d->carry + n) ? -1 : 1;
}

/* The read loop. Returns 0 on a signal or at the end of a file input. */
static int run(struct xtraild *d)
{
	struct pollfd pfd = { .fd = d->dev_fd, .events = POLLIN };
	struct timespec ts;
	int pr;

	while (!stop_requested()) {
		pfd.fd = d->dev_fd;	/* opened again after a disk failure */
		pr = ppoll(&pfd, 1, poll_timeout(d, &ts), &d->waitmask);
		if (pr < 0) {
			if (errno == EINTR)
				continue;
			say(LOG_ERR, "%s: poll: %s", d->dev_path,
			    strerror(errno));
			return -1;
		}
		if (!pr) {
			if (store_seal_due(d) && store_seal(d) &&
			    disk_failure(d, 0))
				return -1;
			replicate_publish(d);
			if (stream_idle(d) || stream_ack(d))
				return -1;
			continue;
		}
		if (pfd.revents & POLLNVAL) {
			say(LOG_ERR, "%s: poll: invalid descriptor",
			    d->dev_path);
			return -1;
		}
		pr = run_read(d, pfd.revents);
		if (pr <= 0)
			return pr;
	}
	return 0;
}

int loop_run(struct xtraild *d)
{
	int ret = run(d);

	if (!ret && (stream_drain(d) || stream_end(d)))
		ret = -1;
	return ret;
}

static const char *stop_name(int sig)
{
	return sig == SIGTERM ? " on SIGTERM" :
	       sig == SIGINT ? " on SIGINT" :
	       sig == SIGHUP ? " on SIGHUP" : "";
}

int loop_finish(struct xtraild *d, int ret)
{
	if (xt_f3_writer_close(&d->w)) {
		say(LOG_ERR, "%s: closing: %s", d->out_path, strerror(errno));
		/* A new file with the failure marker; nothing acknowledged. */
		if (ret || disk_failure(d, 0) || xt_f3_writer_close(&d->w))
			ret = -1;
	} else if (!ret) {
		d->unsynced = 0;	/* closing synced it */
		if (stream_ack(d))
			ret = -1;
	}
	say(ret ? LOG_ERR : LOG_INFO,
	    "%s%s: wrote %" PRIu64 " records (%" PRIu64 " bytes) to %s, "
	    "skipped %" PRIu64 " invalid (%" PRIu64 " bytes) and %" PRIu64
	    " already stored",
	    ret ? "stopping on error" : "exiting",
	    stop_name(stop_requested()),
	    d->records, d->bytes, d->out_path, d->bad, d->bad_bytes, d->dups);
	return ret ? -1 : 0;
}
