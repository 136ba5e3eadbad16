// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xtraild's input (see input.h): opening the record source, logging the
 * invalid records it hands out, and the kernel's numbered stream: where it
 * does not go on from what F3 holds (another stream: the module was loaded
 * again; numbers skipped: another reader acknowledged them), a
 * STREAM_JUMP record (xtrail_proto.h) says so in F3, ahead of the record;
 * a clean stop ends xtraild's part of the stream with a STREAM_END record.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "input.h"
#include "say.h"
#include "signals.h"
#include "xtrail_dev.h"

/* Invalid records logged one by one; the rest are only counted. */
#define XTRAILD_BAD_LOG_MAX	20

static int open_device(struct xtraild *d)
{
	const char *hint = "";
	struct stat st;
	int e;

	d->dev_fd = open(d->dev_path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (d->dev_fd < 0) {
		e = errno;
		if (e == ENOENT || e == ENXIO || e == ENODEV)
			hint = " (is xtrail_dom0 loaded?)";
		else if (e == EACCES || e == EPERM)
			hint = " (xtraild must run as root)";
		else if (e == EBUSY)
			hint = " (is another xtraild running?)";
		fprintf(stderr, "xtraild: %s: %s%s\n", d->dev_path,
			strerror(e), hint);
		return -1;
	}
	if (fstat(d->dev_fd, &st)) {
		fprintf(stderr, "xtraild: %s: %s\n", d->dev_path,
			strerror(errno));
		return -1;
	}
	d->dev_chr = S_ISCHR(st.st_mode);
	return 0;
}

int input_init(struct xtraild *d)
{
	d->dev_path = d->c.device;
	d->dev_fd = -1;
	d->in = aligned_alloc(XTRAIL_REC_ALIGN, XTRAILD_BUF);
	if (!d->in) {
		fprintf(stderr, "xtraild: %s\n", strerror(errno));
		return -1;
	}
	if (open_device(d)) {
		input_uninit(d);
		return -1;
	}
	return 0;
}

void input_uninit(struct xtraild *d)
{
	if (d->dev_fd >= 0)
		close(d->dev_fd);
	d->dev_fd = -1;
	free(d->in);
	d->in = NULL;
}

int input_reopen(struct xtraild *d)
{
	close(d->dev_fd);
	if (open_device(d))
		return -1;
	d->carry = 0;
	d->pos_known = 0;	/* from the first unacknowledged record */
	return 0;
}

void input_bad(struct xtraild *d, const struct xtrail_rec_hdr *h,
	       enum xtrail_verdict v, const char *what)
{
	if (d->bad < XTRAILD_BAD_LOG_MAX)
		say(LOG_WARNING,
		    "%s: invalid record (%s): len %" PRIu32
		    ", type 0x%x, domid %u, seq %" PRIu64 "; %s",
		    d->dev_path, xtrail_verdict_str(v), xt_le32(h->len),
		    xt_le16(h->type), xt_le16(h->domid), xt_le64(h->seq),
		    what);
	else if (d->bad == XTRAILD_BAD_LOG_MAX)
		say(LOG_WARNING,
		    "%s: more invalid records: counted, no longer logged",
		    d->dev_path);
	d->bad++;
}

int stream_init(struct xtraild *d)
{
	struct xtrail_dev_pos kpos;
	char err[512];

	if (!d->dev_chr)
		return 0;
	if (ioctl(d->dev_fd, XTRAIL_IOC_POS, &kpos)) {
		if (errno != ENOTTY) {
			say(LOG_ERR, "%s: stream position: %s", d->dev_path,
			    strerror(errno));
			return -1;
		}
		say(LOG_WARNING,
		    "%s: no stream numbers (old module): records are not acknowledged",
		    d->dev_path);
		return 0;
	}
	if (asprintf(&d->stream_map_path, "%s.stream", d->out_path) < 0)
		return -1;
	if (xt_pos_load(d->stream_map_path, &d->stream_map, err,
			    sizeof(err)) < 0) {
		say(LOG_ERR, "%s", err);
		stream_uninit(d);
		return -1;
	}
	d->stream = 1;
	d->window_ns = xt_le64(kpos.window_ns);
	d->stream_id = xt_le64(kpos.stream_id);
	d->stream_next = xt_le64(kpos.seq);
	d->stream_acked = d->stream_next;
	if (d->stream_map.stream_id == d->stream_id &&
	    d->w.next_seq >= d->stream_map.f3_seq)
		fprintf(stderr,
			"xtraild: stream %016" PRIx64 " resumes at record %" PRIu64
			"; F3 holds the stream below record %" PRIu64 "\n",
			d->stream_id, d->stream_next,
			d->stream_map.stream_seq +
			(d->w.next_seq - d->stream_map.f3_seq));
	return 0;
}

void stream_uninit(struct xtraild *d)
{
	free(d->stream_map_path);
	d->stream_map_path = NULL;
	d->stream = 0;
}

/*
 * Asking before every read would cost a system call per batch (under a Xen
 * PV dom0, a hypercall too): once the number of a read's first record is
 * known, every record of it is counted (stream_take()), and the next read
 * starts at the next number (one reader, xtrail_dev.h section 2). Asked
 * again after an open, and after a read whose records were not all
 * counted (input_unknown_pos()).
 */
int stream_before_read(struct xtraild *d)
{
	struct xtrail_dev_pos kpos;

	if (!d->stream)
		return 0;
	if (d->pos_known) {
		d->batch_stream = d->stream_next;
		return 0;
	}
	if (ioctl(d->dev_fd, XTRAIL_IOC_POS, &kpos)) {
		say(LOG_ERR, "%s: stream position: %s", d->dev_path,
		    strerror(errno));
		return -1;
	}
	d->stream_id = xt_le64(kpos.stream_id);
	d->stream_next = xt_le64(kpos.seq);
	d->batch_stream = d->stream_next;
	d->pos_known = 1;
	return 0;
}

void input_unknown_pos(struct xtraild *d)
{
	d->pos_known = 0;
}

/* The header of a record xtraild makes, ahead of @next, at its time. */
static void daemon_hdr(struct xtrail_rec_hdr *h, uint16_t type, uint32_t len,
		       const struct xtrail_rec_hdr *next)
{
	memset(h, 0, sizeof(*h));
	h->len = xt_cpu32(len);
	h->type = xt_cpu16(type);
	h->flags = xt_cpu16(xt_le16(next->flags) & XTRAIL_RF_TS_XEN);
	h->ts_ns = next->ts_ns;
	h->recv_ns = next->recv_ns;
	h->pid = xt_cpu32(getpid());
	h->tgid = h->pid;
	h->ppid = xt_cpu32(getppid());
	h->uid = xt_cpu32(getuid());
	h->gid = xt_cpu32(getgid());
	h->euid = xt_cpu32(geteuid());
	h->egid = xt_cpu32(getegid());
	h->loginuid = xt_cpu32(0xffffffffu);
	h->sessionid = xt_cpu32(0xffffffffu);
	memcpy(h->comm, "xtraild", sizeof("xtraild"));
}

/*
 * Record @seq of the stream (header @next) does not follow what F3 holds:
 * a STREAM_JUMP record says how (xt_pos_jump()). 0 or -1.
 */
static int stream_jump(struct xtraild *d, const struct xtrail_rec_hdr *next,
		       uint64_t seq)
{
	struct {
		struct xtrail_rec_hdr h;
		struct xtrail_stream_jump j;
	} r;
	uint64_t old, missing;
	unsigned int kind;

	kind = xt_pos_jump(&d->stream_map, d->w.next_seq, d->stream_id, seq,
			   &old, &missing);
	if (!kind)
		return 0;
	daemon_hdr(&r.h, XTRAIL_REC_STREAM_JUMP, sizeof(r), next);
	memset(&r.j, 0, sizeof(r.j));
	r.j.kind = xt_cpu32(kind);
	r.j.old_stream = xt_cpu64(d->stream_map.stream_id);
	r.j.old_next = xt_cpu64(old);
	r.j.new_stream = xt_cpu64(d->stream_id);
	r.j.new_seq = xt_cpu64(seq);
	r.j.missing = xt_cpu64(missing);
	say(LOG_WARNING, "%s: stream %016" PRIx64 " record %" PRIu64
	    " follows stream %016" PRIx64 " record %" PRIu64
	    ": %" PRIu64 " records of it never reached the log",
	    d->dev_path, d->stream_id, seq, d->stream_map.stream_id, old,
	    missing);
	if (xt_f3_writer_add(&d->w, &r, sizeof(r))) {
		say(LOG_ERR, "%s: write: %s; stopping", d->out_path,
		    strerror(errno));
		return -1;
	}
	d->unsynced++;
	return 0;
}

int stream_take(struct xtraild *d, const struct xtrail_rec_hdr *h, int valid)
{
	uint64_t seq = d->stream_next++;

	if (!valid || !d->stream)
		return valid;
	switch (xt_pos_classify(&d->stream_map, d->w.next_seq,
				    d->stream_id, seq)) {
	case STREAM_SKIP:
		d->dups++;
		return 0;
	case STREAM_STORE:
		memcpy(&d->stream_last, h, sizeof(*h));
		return 1;
	case STREAM_REMAP:
		break;
	}
	if (stream_jump(d, h, seq))
		return -1;
	/* Durable before the first record it maps goes to F3. */
	d->stream_map.stream_id = d->stream_id;
	d->stream_map.f3_seq = d->w.next_seq;
	d->stream_map.stream_seq = seq;
	if (xt_pos_save(d->stream_map_path, &d->stream_map)) {
		say(LOG_ERR, "%s: %s; stopping", d->stream_map_path,
		    strerror(errno));
		return -1;
	}
	memcpy(&d->stream_last, h, sizeof(*h));
	return 1;
}

/*
 * A clean stop: a STREAM_END record after the last record read, and the
 * mapping moved past it (the stream goes on at d->stream_next in F3's
 * next record). Nothing read in this run: nothing to say. 0 or -1.
 */
int stream_end(struct xtraild *d)
{
	struct {
		struct xtrail_rec_hdr h;
		struct xtrail_stream_end e;
	} r;

	if (!d->stream || !d->stream_last.len)
		return 0;
	daemon_hdr(&r.h, XTRAIL_REC_STREAM_END, sizeof(r), &d->stream_last);
	memset(&r.e, 0, sizeof(r.e));
	r.e.stream = xt_cpu64(d->stream_id);
	r.e.next = xt_cpu64(d->stream_next);
	r.e.signal = xt_cpu32(stop_requested());
	if (xt_f3_writer_add(&d->w, &r, sizeof(r))) {
		say(LOG_ERR, "%s: write: %s", d->out_path, strerror(errno));
		return -1;
	}
	d->unsynced++;
	d->stream_map.stream_id = d->stream_id;
	d->stream_map.f3_seq = d->w.next_seq;
	d->stream_map.stream_seq = d->stream_next;
	if (xt_pos_save(d->stream_map_path, &d->stream_map)) {
		say(LOG_ERR, "%s: %s", d->stream_map_path, strerror(errno));
		return -1;
	}
	return 0;
}

int stream_ack(struct xtraild *d)
{
	struct xtrail_dev_pos kpos;

	if (!d->stream || d->stream_next == d->stream_acked)
		return 0;
	if (d->c.flush != FLUSH_NONE && d->unsynced)
		return 0;
	kpos.stream_id = xt_cpu64(d->stream_id);
	kpos.seq = xt_cpu64(d->stream_next);
	kpos.window_ns = 0;
	if (ioctl(d->dev_fd, XTRAIL_IOC_ACK, &kpos)) {
		say(LOG_ERR, "%s: acknowledging: %s", d->dev_path,
		    strerror(errno));
		return -1;
	}
	d->stream_acked = d->stream_next;
	return 0;
}

/*
 * Sync what incremental mode left unsynced, so that it is acknowledged
 * (the kernel holds it until then).
 */
int stream_idle(struct xtraild *d)
{
	if (!d->stream || !d->unsynced || d->c.flush == FLUSH_NONE)
		return 0;
	if (xt_f3_writer_sync(&d->w, 0)) {
		say(LOG_ERR, "%s: sync: %s; stopping", d->out_path,
		    strerror(errno));
		return -1;
	}
	d->unsynced = 0;
	return stream_ack(d);
}
