// SPDX-License-Identifier: GPL-2.0
/*
 * xtraild: the writer daemon. Reads whole records from /dev/xtrail (the
 * dom0 module's character device), checks each one again, and appends them
 * to the F3 log (see f3.h): encrypted to the auditor's public key, hash
 * chained, sealed every seal_every_records records or seal_every_seconds
 * seconds with an evolving key, and made durable per the flush mode; only
 * then are they acknowledged to the kernel (XTRAIL_IOC_ACK, see
 * shared/xtrail_dev.h and stream_pos.h: after a crash the kernel delivers
 * the unacknowledged records again, and those F3 already holds are
 * skipped):
 *   none         write() per batch, sync only at seals and at exit
 *   incremental  fdatasync() once flush_freq records are unsynced
 *   data         fdatasync() per batch (the default)
 *   sync         fsync() per batch
 * A seal is always synced. A failed write or sync never goes on as if it
 * had worked: the failed segment is final (an fsync error is not retried
 * on it), and disk_full_action (ENOSPC) or disk_error_action (anything
 * else) says what happens: suspend (wait for SIGUSR2), rotate (a new file,
 * deleting the oldest rotated files while the disk is full), keep (retry
 * every disk_retry_seconds) or halt (stop). Each failure leaves a failure
 * marker in F3 (in the next segment, or at the end of the failed one for
 * halt) or, when it cannot be written, in the daemon's log.
 * Segments past max_segment_size go to a new file; the rotated files are
 * kept per num_segments and max_segment_age. Settings come from
 * /etc/xtrail/xtraild.conf (xtraild.conf(5)) and the command line.
 *
 * A record that fails xtrail_rec_check() is skipped, counted and logged:
 * F3 holds only valid records, so that a failing record in it always means
 * corruption. The device should never hand one out; if it does, the bytes
 * are in no F3 frame, and the count is in the exit summary.
 *
 * The input may also be a regular file or a FIFO of records (replay,
 * tests): reads then need not end on a record boundary, so an incomplete
 * record is carried over to the next read, and the end of the input is a
 * normal exit.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "autoattach.h"
#include "f3.h"
#include "stream_pos.h"
#include "version.h"
#include "xtrail_dev.h"
#include <sys/ioctl.h>

#define XTRAILD_DEV		"/dev/xtrail"
#define XTRAILD_OUT		"/var/log/xtrail/f3.log"
#define XTRAILD_CONF		"/etc/xtrail/xtraild.conf"
#define XTRAILD_BUF		(256 * 1024)
#define XTRAILD_BAD_LOG_MAX	20


enum flush_mode { FLUSH_NONE, FLUSH_INCREMENTAL, FLUSH_DATA, FLUSH_SYNC };

enum disk_action { ACT_SUSPEND, ACT_ROTATE, ACT_KEEP, ACT_HALT };

static const char *const action_names[] = {
	"suspend", "rotate", "keep", "halt"
};

static const char *const flush_names[] = {
	"none", "incremental", "data", "sync"
};

/* Settings: the config file, then the command line over it. */
struct xtraild_conf {
	char *output;
	char *device;
	char *auditor_public_key;
	char *seal_key;
	char *seal_state;
	unsigned long seal_every_records;
	unsigned long seal_every_seconds;
	enum flush_mode flush;
	unsigned long flush_freq;
	unsigned long long max_segment_size;
	unsigned long num_segments;
	unsigned long max_segment_age;
	enum disk_action disk_full_action;
	enum disk_action disk_error_action;
	unsigned long disk_retry_seconds;
	int record_frames;
	int plaintext;
	int auto_attach;	/* attach new guests (autoattach.c) */
};

struct xtraild {
	struct xtraild_conf c;
	const char *dev_path;
	const char *out_path;
	int dev_fd;
	int dev_chr;		/* reads return whole records */
	struct f3_writer w;
	uint8_t *in;		/* XTRAILD_BUF bytes read from the device */
	size_t carry;		/* incomplete record at the start of @in */
	uint64_t records;	/* written */
	uint64_t bytes;		/* record bytes written */
	uint64_t bad;		/* invalid records skipped */
	uint64_t bad_bytes;
	uint64_t unsynced;	/* records written since the last sync */
	struct timespec last_seal;
	/* The kernel's numbered stream (stream_pos.h); not for file inputs. */
	int stream;		/* the device numbers and keeps its records */
	char *stream_path;	/* the mapping's state file */
	struct stream_pos pos;
	uint64_t stream_id;
	uint64_t stream_next;	/* number of the next record read */
	uint64_t stream_acked;	/* acknowledged up to here */
	uint64_t window_ns;	/* the kernel's merge window */
	uint64_t dups;		/* records delivered again, already in F3 */
	/* For reopening the log after a disk failure. */
	const sigset_t *waitmask;
	int have_pk;
	uint8_t pk[F3_KEY_LEN];
	uint8_t hid[F3_ID_LEN];
	uint64_t batch_seq;	/* w.next_seq when the batch began */
	uint64_t batch_size;	/* w.size when the batch began */
	uint64_t rotated_seen;	/* w.files_rotated at the last retention */
	uint64_t failures;
	uint64_t failed_first_segment;
	uint64_t batch_rotated;	/* w.files_rotated when the batch began */
	uint64_t skip;		/* valid records of the batch already stored */
	uint64_t attempt_seq;	/* w.next_seq when this try of it began */
	unsigned int batch_failures;
	uint64_t batch_stream;	/* stream number of d->in's first record */
};

static volatile sig_atomic_t stop_signal;
static volatile sig_atomic_t resume_signal;
static int use_syslog;

static void on_signal(int sig)
{
	stop_signal = sig;
}

static void say(int prio, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void say(int prio, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (use_syslog) {
		vsyslog(prio, fmt, ap);
	} else {
		fputs("xtraild: ", stderr);
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
	}
	va_end(ap);
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: xtraild [-f|--foreground] [-c|--config FILE] [-o|--output FILE]\n"
		"               [-d|--device PATH] [--auditor-public-key FILE]\n"
		"               [--seal-key FILE] [--seal-state FILE]\n"
		"               [--seal-every-records N] [--seal-every-seconds N]\n"
		"               [--flush none|incremental|data|sync] [--flush-freq N]\n"
		"               [--max-segment-size BYTES] [--num-segments N]\n"
		"               [--max-segment-age SECONDS]\n"
		"               [--disk-full-action suspend|rotate|keep|halt]\n"
		"               [--disk-error-action suspend|rotate|keep|halt]\n"
		"               [--disk-retry-seconds N] [--record-frames]\n"
		"               [--plaintext]\n"
		"               [-h|--help] [--version]\n"
		"\n"
		"Append the records of the xtrail device to an F3 log, encrypted\n"
		"to the auditor and sealed with forward-secure MACs.\n"
		"\n"
		"  -f, --foreground   do not detach, log to stderr\n"
		"  -c, --config FILE  configuration (default %s)\n"
		"  -o, --output FILE  F3 file (default %s)\n"
		"  -d, --device PATH  record source (default %s)\n"
		"      --plaintext    allow running without an auditor key\n"
		"      --no-auto-attach  do not attach new guests (default: attach)\n"
		"  -h, --help         show this help\n"
		"      --version      show the version\n"
		"The other options are the keywords of xtraild.conf(5).\n",
		XTRAILD_CONF, XTRAILD_OUT, XTRAILD_DEV);
}

static int parse_num(const char *what, const char *v, unsigned long long max,
		     unsigned long long *out)
{
	unsigned long long n;
	char *end;

	errno = 0;
	n = strtoull(v, &end, 10);
	if (*v < '0' || *v > '9' || errno || n > max) {
		fprintf(stderr, "xtraild: bad %s '%s'\n", what, v);
		return -1;
	}
	if (*end == 'K' || *end == 'k')
		n <<= 10, end++;
	else if (*end == 'M')
		n <<= 20, end++;
	else if (*end == 'G')
		n <<= 30, end++;
	if (*end) {
		fprintf(stderr, "xtraild: bad %s '%s'\n", what, v);
		return -1;
	}
	*out = n;
	return 0;
}

static int set_str(char **dst, const char *v)
{
	free(*dst);
	*dst = strdup(v);
	return *dst ? 0 : -1;
}

/* One setting, from the file or the command line. */
static int conf_set(struct xtraild_conf *c, const char *k, const char *v)
{
	unsigned long long n;
	size_t i;

	if (!strcmp(k, "output"))
		return set_str(&c->output, v);
	if (!strcmp(k, "device"))
		return set_str(&c->device, v);
	if (!strcmp(k, "auditor_public_key"))
		return set_str(&c->auditor_public_key, v);
	if (!strcmp(k, "seal_key"))
		return set_str(&c->seal_key, v);
	if (!strcmp(k, "seal_state"))
		return set_str(&c->seal_state, v);
	if (!strcmp(k, "flush")) {
		for (i = 0; i < 4; i++)
			if (!strcmp(v, flush_names[i])) {
				c->flush = i;
				return 0;
			}
		fprintf(stderr, "xtraild: bad flush '%s' (none, incremental, data or sync)\n",
			v);
		return -1;
	}
	if (!strcmp(k, "disk_full_action") ||
	    !strcmp(k, "disk_error_action")) {
		for (i = 0; i < 4; i++)
			if (!strcmp(v, action_names[i])) {
				if (k[5] == 'f')
					c->disk_full_action = i;
				else
					c->disk_error_action = i;
				return 0;
			}
		fprintf(stderr, "xtraild: bad %s '%s' (suspend, rotate, keep or halt)\n",
			k, v);
		return -1;
	}
	if (!strcmp(k, "plaintext") || !strcmp(k, "auto_attach") ||
	    !strcmp(k, "record_frames")) {
		if (strcmp(v, "yes") && strcmp(v, "no")) {
			fprintf(stderr, "xtraild: bad %s '%s' (yes or no)\n",
				k, v);
			return -1;
		}
		if (k[0] == 'p')
			c->plaintext = !strcmp(v, "yes");
		else if (k[0] == 'a')
			c->auto_attach = !strcmp(v, "yes");
		else
			c->record_frames = !strcmp(v, "yes");
		return 0;
	}
	if (!strcmp(k, "seal_every_records") ||
	    !strcmp(k, "seal_every_seconds") || !strcmp(k, "flush_freq") ||
	    !strcmp(k, "max_segment_size") || !strcmp(k, "num_segments") ||
	    !strcmp(k, "max_segment_age") ||
	    !strcmp(k, "disk_retry_seconds")) {
		if (parse_num(k, v, 1ull << 40, &n))
			return -1;
		if (!strcmp(k, "seal_every_records"))
			c->seal_every_records = n;
		else if (!strcmp(k, "seal_every_seconds"))
			c->seal_every_seconds = n;
		else if (!strcmp(k, "flush_freq"))
			c->flush_freq = n;
		else if (!strcmp(k, "max_segment_size"))
			c->max_segment_size = n;
		else if (!strcmp(k, "max_segment_age"))
			c->max_segment_age = n;
		else if (!strcmp(k, "disk_retry_seconds"))
			c->disk_retry_seconds = n;
		else
			c->num_segments = n;
		return 0;
	}
	fprintf(stderr, "xtraild: unknown setting '%s'\n", k);
	return -1;
}

/*
 * Read "keyword = value" (or "keyword value") lines; '#' starts a comment.
 * A missing file is fine unless @must.
 */
static int conf_load(struct xtraild_conf *c, const char *path, int must)
{
	char line[1024], *k, *v, *e;
	unsigned int ln = 0;
	FILE *f = fopen(path, "re");
	int ret = 0;

	if (!f) {
		if (errno == ENOENT && !must)
			return 0;
		fprintf(stderr, "xtraild: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		ln++;
		e = strchr(line, '#');
		if (e)
			*e = 0;
		k = line + strspn(line, " \t\r\n");
		if (!*k)
			continue;
		v = k + strcspn(k, " \t=\r\n");
		e = v;
		v += strspn(v, " \t");
		if (*v == '=')
			v++;
		*e = 0;
		v += strspn(v, " \t");
		e = v + strlen(v);
		while (e > v && strchr(" \t\r\n", e[-1]))
			*--e = 0;
		if (!*v) {
			fprintf(stderr, "xtraild: %s:%u: '%s' has no value\n",
				path, ln, k);
			ret = -1;
			break;
		}
		if (conf_set(c, k, v)) {
			fprintf(stderr, "xtraild: %s:%u: in this line\n", path,
				ln);
			ret = -1;
			break;
		}
	}
	fclose(f);
	return ret;
}

static void conf_free(struct xtraild_conf *c)
{
	free(c->output);
	free(c->device);
	free(c->auditor_public_key);
	free(c->seal_key);
	free(c->seal_state);
}

/* mkdir -p for the directory holding @path, new directories 0700. */
static int make_parent_dirs(const char *path)
{
	char *p = strdup(path), *s;
	int ret = 0;

	if (!p)
		return -1;
	for (s = p + 1; (s = strchr(s, '/')); s++) {
		*s = 0;
		if (mkdir(p, 0700) && errno != EEXIST) {
			ret = -1;
			break;
		}
		*s = '/';
	}
	if (ret)
		fprintf(stderr, "xtraild: %s: %s\n", p, strerror(errno));
	free(p);
	return ret;
}

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

static void log_bad(struct xtraild *d, const struct xtrail_rec_hdr *h,
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

static int seal_due_time(struct xtraild *d)
{
	struct timespec now;

	if (!d->w.sealing || !d->w.unsealed || !d->c.seal_every_seconds)
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec - d->last_seal.tv_sec >=
	       (time_t)d->c.seal_every_seconds;
}

static int do_seal(struct xtraild *d)
{
	if (f3_writer_seal(&d->w)) {
		say(LOG_ERR, "%s: sealing: %s; stopping (nothing after the last sync is acknowledged)",
		    d->out_path, strerror(errno));
		return -1;
	}
	d->unsynced = 0;
	clock_gettime(CLOCK_MONOTONIC, &d->last_seal);
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
	      d->w.unsealed >= d->c.seal_every_records) || seal_due_time(d)))
		return do_seal(d);
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
	if (sync ? f3_writer_sync(&d->w, d->c.flush == FLUSH_SYNC) :
		   f3_writer_flush(&d->w)) {
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
 * Find out whether the device numbers its records, and load the mapping.
 * Returns 0 or -1.
 */
static int stream_setup(struct xtraild *d)
{
	struct xtrail_dev_pos pos;
	char err[512];

	if (!d->dev_chr)
		return 0;
	if (ioctl(d->dev_fd, XTRAIL_IOC_POS, &pos)) {
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
	if (asprintf(&d->stream_path, "%s.stream", d->out_path) < 0)
		return -1;
	if (stream_pos_load(d->stream_path, &d->pos, err, sizeof(err)) < 0) {
		say(LOG_ERR, "%s", err);
		return -1;
	}
	d->stream = 1;
	d->window_ns = xt_le64(pos.window_ns);
	d->stream_id = xt_le64(pos.stream_id);
	d->stream_next = xt_le64(pos.seq);
	d->stream_acked = d->stream_next;
	if (d->pos.stream_id == d->stream_id &&
	    d->w.next_seq >= d->pos.f3_seq)
		fprintf(stderr,
			"xtraild: stream %016" PRIx64 " resumes at record %" PRIu64
			"; F3 holds the stream below record %" PRIu64 "\n",
			d->stream_id, d->stream_next,
			d->pos.stream_seq + (d->w.next_seq - d->pos.f3_seq));
	return 0;
}

/* Before a read: the number of the first record it returns. */
static int stream_before_read(struct xtraild *d)
{
	struct xtrail_dev_pos pos;

	if (!d->stream)
		return 0;
	if (ioctl(d->dev_fd, XTRAIL_IOC_POS, &pos)) {
		say(LOG_ERR, "%s: stream position: %s", d->dev_path,
		    strerror(errno));
		return -1;
	}
	d->stream_id = xt_le64(pos.stream_id);
	d->stream_next = xt_le64(pos.seq);
	d->batch_stream = d->stream_next;
	return 0;
}

/*
 * The next record of the read (@valid: it is to be stored). Returns 1 to
 * store it, 0 to skip it (invalid, or already in F3), -1 on error.
 */
static int stream_take(struct xtraild *d, int valid)
{
	uint64_t seq = d->stream_next++;

	if (!valid || !d->stream)
		return valid;
	switch (stream_pos_classify(&d->pos, d->w.next_seq, d->stream_id,
				    seq)) {
	case STREAM_SKIP:
		d->dups++;
		return 0;
	case STREAM_STORE:
		return 1;
	case STREAM_REMAP:
		break;
	}
	/* Durable before the first record it maps goes to F3. */
	d->pos.stream_id = d->stream_id;
	d->pos.f3_seq = d->w.next_seq;
	d->pos.stream_seq = seq;
	if (stream_pos_save(d->stream_path, &d->pos)) {
		say(LOG_ERR, "%s: %s; stopping", d->stream_path,
		    strerror(errno));
		return -1;
	}
	return 1;
}

/* Acknowledge what the flush mode has made durable. 0 or -1. */
static int stream_ack(struct xtraild *d)
{
	struct xtrail_dev_pos pos;

	if (!d->stream || d->stream_next == d->stream_acked)
		return 0;
	if (d->c.flush != FLUSH_NONE && d->unsynced)
		return 0;
	pos.stream_id = xt_cpu64(d->stream_id);
	pos.seq = xt_cpu64(d->stream_next);
	pos.window_ns = 0;
	if (ioctl(d->dev_fd, XTRAIL_IOC_ACK, &pos)) {
		say(LOG_ERR, "%s: acknowledging: %s", d->dev_path,
		    strerror(errno));
		return -1;
	}
	d->stream_acked = d->stream_next;
	return 0;
}

/*
 * Nothing came for a while: sync what incremental mode left unsynced, so
 * that it is acknowledged (the kernel holds it until then). 0 or -1.
 */
static int stream_idle(struct xtraild *d)
{
	if (!d->stream || !d->unsynced || d->c.flush == FLUSH_NONE)
		return 0;
	if (f3_writer_sync(&d->w, 0)) {
		say(LOG_ERR, "%s: sync: %s; stopping", d->out_path,
		    strerror(errno));
		return -1;
	}
	d->unsynced = 0;
	return stream_ack(d);
}

/*
 * Check the @n bytes at d->in, append the valid records and commit them.
 * Returns 0, or -1 when the F3 file cannot be written: d->in is then
 * untouched, and the batch can be stored again after disk_failure().
 */
static int store_batch(struct xtraild *d, size_t n)
{
	const struct xtrail_rec_hdr *h;
	enum xtrail_verdict v;
	uint64_t nrec = 0, nbytes = 0, nskip = 0;
	/* With the stream's numbers, stream_take() knows what F3 holds. */
	uint64_t skip = d->stream ? 0 : d->skip;
	size_t off = 0, rem;
	uint32_t len;
	int take;

	d->stream_next = d->batch_stream;	/* again, when retried */
	d->batch_seq = d->w.next_seq - d->skip;
	d->attempt_seq = d->w.next_seq;
	d->batch_size = d->w.size;
	d->batch_rotated = d->w.files_rotated;
	while ((rem = n - off) >= sizeof(*h)) {
		h = (const struct xtrail_rec_hdr *)(d->in + off);
		v = xtrail_hdr_check(h, rem);
		if (v == XTRAIL_BAD_SHORT)
			break;
		if (v != XTRAIL_OK) {
			/* No length to go by: the rest is unusable. */
			log_bad(d, h, v, "dropping the rest of the read");
			d->bad_bytes += rem;
			off = n;
			break;
		}
		len = xt_le32(h->len);
		v = xtrail_rec_check(h, len, 0);
		/* Already in F3: by the stream's numbers, or after a failure. */
		take = stream_take(d, v == XTRAIL_OK);
		if (take < 0)
			return -1;
		if (v == XTRAIL_OK && (!take || skip)) {
			if (take)
				skip--;
			nskip++;
			nbytes += len;
		} else if (v == XTRAIL_OK) {
			if (f3_writer_add(&d->w, h, len)) {
				say(LOG_ERR, "%s: write: %s; stopping",
				    d->out_path, strerror(errno));
				return -1;
			}
			nrec++;
			nbytes += len;
		} else if (v != XTRAIL_OK) {
			log_bad(d, h, v, "skipped");
			d->bad_bytes += len;
		}
		off += len;
	}
	if (nrec && commit(d, nrec))
		return -1;
	d->records += nrec + nskip;
	d->bytes += nbytes;

	rem = n - off;
	if (rem && d->dev_chr) {
		say(LOG_WARNING,
		    "%s: read ended inside a record; %zu bytes dropped",
		    d->dev_path, rem);
		d->bad++;
		d->bad_bytes += rem;
		rem = 0;
	}
	if (rem)
		memmove(d->in, d->in + off, rem);
	d->carry = rem;
	return 0;
}

static int disk_failure(struct xtraild *d, size_t n);
static int store_retry(struct xtraild *d, size_t n);

/*
 * Stopping: the kernel still holds records received in the last merge
 * window; take them (for the window and 100 ms more) so that a clean stop
 * leaves nothing behind. 0 or -1.
 */
static int stream_drain(struct xtraild *d)
{
	struct pollfd pfd = { .fd = d->dev_fd, .events = POLLIN };
	struct timespec now, end;
	long ms;
	ssize_t n;

	if (!d->stream)
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += (d->window_ns + 100000000) / 1000000000;
	end.tv_nsec += (d->window_ns + 100000000) % 1000000000;
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
	clock_gettime(CLOCK_MONOTONIC, &now);
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

/* The read loop. Returns 0 on a signal or at the end of a file input. */
static int run(struct xtraild *d, const sigset_t *waitmask)
{
	struct pollfd pfd = { .fd = d->dev_fd, .events = POLLIN };
	struct timespec ts;
	ssize_t n;
	int pr;

	while (!stop_signal) {
		pfd.fd = d->dev_fd;	/* opened again after a disk failure */
		pr = ppoll(&pfd, 1, poll_timeout(d, &ts), waitmask);
		if (pr < 0) {
			if (errno == EINTR)
				continue;
			say(LOG_ERR, "%s: poll: %s", d->dev_path,
			    strerror(errno));
			return -1;
		}
		if (!pr) {
			if (seal_due_time(d) && do_seal(d) &&
			    disk_failure(d, 0))
				return -1;
			if (stream_idle(d) || stream_ack(d))
				return -1;
			continue;
		}
		if (pfd.revents & POLLNVAL) {
			say(LOG_ERR, "%s: poll: invalid descriptor",
			    d->dev_path);
			return -1;
		}
		if (stream_before_read(d))
			return -1;
		n = read(d->dev_fd, d->in + d->carry, XTRAILD_BUF - d->carry);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN &&
			    !(pfd.revents & (POLLERR | POLLHUP)))
				continue;
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
		if (store_retry(d, d->carry + n))
			return -1;
	}
	return 0;
}

static int setup_signals(sigset_t *waitmask)
{
	static const int sigs[] = { SIGTERM, SIGINT, SIGHUP };
	struct sigaction sa = { .sa_handler = on_signal };
	sigset_t block;
	size_t i;

	sigemptyset(&sa.sa_mask);
	sigemptyset(&block);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		sigaddset(&block, sigs[i]);
		if (sigaction(sigs[i], &sa, NULL))
			return -1;
	}
	/* Blocked but while waiting in ppoll(): a batch is never cut. */
	if (sigprocmask(SIG_BLOCK, &block, waitmask))
		return -1;
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigdelset(waitmask, sigs[i]);
	return 0;
}

/* /etc/machine-id as 16 bytes, or zeroes. */
static void host_id(uint8_t id[F3_ID_LEN])
{
	char buf[64];
	size_t bin = 0;
	FILE *f = fopen("/etc/machine-id", "re");

	memset(id, 0, F3_ID_LEN);
	if (!f)
		return;
	if (fgets(buf, sizeof(buf), f))
		sodium_hex2bin(id, F3_ID_LEN, buf, 32, NULL, &bin, NULL);
	fclose(f);
	if (bin != F3_ID_LEN)
		memset(id, 0, F3_ID_LEN);
}

/*
 * The sealing key to start with: the state file if there is one (it must
 * belong to this log), else the initial key for a log without seals.
 * Returns 1 with *key and *epoch, 0 for no sealing, -1 on error.
 */
static int seal_setup(struct xtraild *d, uint8_t key[F3_KEY_LEN],
		      uint64_t *epoch)
{
	uint8_t log_id[F3_ID_LEN], st_id[F3_ID_LEN];
	uint64_t log_epoch = 0;
	char err[512];
	int have_log, have_state;

	have_log = f3_log_info(d->out_path, log_id, &log_epoch, err,
			       sizeof(err));
	if (have_log < 0)
		goto fail;
	have_state = f3_seal_state_load(d->c.seal_state, epoch, st_id, key,
					err, sizeof(err));
	if (have_state < 0)
		goto fail;
	if (have_state) {
		if (!have_log) {
			fprintf(stderr,
				"xtraild: %s: sealing state of a log that is not there (%s); for a new log, remove it and give the new log's seal_key\n",
				d->c.seal_state, d->out_path);
			return -1;
		}
		if (memcmp(st_id, log_id, F3_ID_LEN)) {
			fprintf(stderr,
				"xtraild: %s: sealing state of another log than %s\n",
				d->c.seal_state, d->out_path);
			return -1;
		}
		if (d->c.seal_key && !access(d->c.seal_key, F_OK))
			fprintf(stderr,
				"xtraild: warning: the initial sealing key %s is still on this host: it belongs off-host with the auditor\n",
				d->c.seal_key);
		return 1;
	}
	if (have_log && log_epoch) {
		fprintf(stderr,
			"xtraild: %s has seals but the sealing state %s is missing: cannot go on sealing it\n",
			d->out_path, d->c.seal_state);
		return -1;
	}
	if (!d->c.seal_key) {
		if (d->c.plaintext)
			return 0;
		fprintf(stderr,
			"xtraild: no seal_key: create one with 'xtrail keygen' (or run with --plaintext, unsealed)\n");
		return -1;
	}
	if (f3_key_load(d->c.seal_key, key, err, sizeof(err)))
		goto fail;
	*epoch = 0;
	return 1;
fail:
	fprintf(stderr, "xtraild: %s\n", err);
	return -1;
}

/* ---- the log's files: opening, retention, disk failures --------------------- */

/*
 * Open the log for writing (the sealing key from seal_setup()): with
 * @mark, after a failure, first cut the file to @cut_to bytes and write
 * the marker. 0, or -1 with the reason in @err.
 */
static int open_log(struct xtraild *d, const struct f3_mark *mark,
		    uint64_t cut_to, struct f3_open_report *rep, char *err,
		    size_t errlen)
{
	struct f3_writer_opts wo = {
		.auditor_pk = d->have_pk ? d->pk : NULL,
		.host_id = d->hid,
		.max_segment = d->c.max_segment_size,
		.rotate_files = 1,
		.blocks = !d->c.record_frames,
		.cut = !!mark,
		.cut_to = cut_to,
		.mark = mark,
	};
	uint8_t sk[F3_KEY_LEN];
	int sealing, ret;

	sealing = seal_setup(d, sk, &wo.seal_epoch);
	if (sealing < 0) {
		snprintf(err, errlen, "no sealing key (see above)");
		return -1;
	}
	if (sealing) {
		wo.seal_key = sk;
		wo.state_path = d->c.seal_state;
	}
	ret = f3_writer_open(&d->w, d->out_path, &wo, rep, err, errlen);
	sodium_memzero(sk, sizeof(sk));
	d->rotated_seen = 0;
	return ret;
}

/*
 * Delete rotated files beyond num_segments or older than max_segment_age,
 * and, with @one, the oldest one anyway. Returns how many were deleted.
 */
static unsigned int retention(struct xtraild *d, int one)
{
	struct timespec now;
	unsigned int gone = 0;
	struct stat st;
	char **names;
	size_t n, i;

	if (f3_rotated_files(d->out_path, &names, &n)) {
		say(LOG_WARNING, "%s: listing rotated files: %s", d->out_path,
		    strerror(errno));
		return 0;
	}
	clock_gettime(CLOCK_REALTIME, &now);
	for (i = 0; i < n; i++) {
		if (!one && (!d->c.num_segments ||
			     n - i <= d->c.num_segments) &&
		    (!d->c.max_segment_age || stat(names[i], &st) ||
		     now.tv_sec - st.st_mtime <=
		     (time_t)d->c.max_segment_age))
			break;
		if (unlink(names[i])) {
			say(LOG_WARNING, "%s: %s", names[i], strerror(errno));
			break;
		}
		say(LOG_NOTICE, "%s: deleted (%s)", names[i],
		    one ? "disk full" : "retention");
		gone++;
		one = 0;
	}
	f3_free_names(names);
	return gone;
}

/* Wait @secs seconds (0: until SIGUSR2). 0, or -1 on a stop signal. */
static int disk_wait(struct xtraild *d, unsigned long secs)
{
	struct timespec ts = { .tv_sec = secs };

	resume_signal = 0;
	while (!stop_signal && !resume_signal) {
		if (ppoll(NULL, 0, secs ? &ts : NULL, d->waitmask) == 0)
			break;
	}
	return stop_signal ? -1 : 0;
}

/*
 * Rename the file that failed to "<output>.<first segment>" so that
 * open_log() goes on in a new file. 0 or -1.
 */
static int rotate_failed_file(struct xtraild *d, uint64_t cut_to)
{
	uint64_t first = d->failed_first_segment;
	char *to;
	int fd, ret;

	fd = open(d->out_path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || ftruncate(fd, cut_to) || fdatasync(fd)) {
		say(LOG_CRIT, "%s: cutting to %" PRIu64 " bytes: %s",
		    d->out_path, cut_to, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	if (asprintf(&to, "%s.%010" PRIu64, d->out_path, first) < 0)
		return -1;
	ret = rename(d->out_path, to);
	if (ret)
		say(LOG_CRIT, "%s: renaming to %s: %s", d->out_path, to,
		    strerror(errno));
	else
		say(LOG_NOTICE, "%s: rotated to %s after the failure",
		    d->out_path, to);
	free(to);
	return ret;
}

/* What a failure outside a batch (a timed seal, the close) cuts back to. */
static void snapshot(struct xtraild *d)
{
	d->batch_seq = d->w.next_seq;
	d->attempt_seq = d->w.next_seq;
	d->batch_size = d->w.size;
	d->batch_rotated = d->w.files_rotated;
}

/*
 * A write or sync of the log failed (errno). The segment is final: give
 * the writer up, record a failure marker, and do the configured action
 * until the log can be written again (0: store the batch again) or not
 * (-1: stop). Nothing of the failed batch was acknowledged.
 */
static int disk_failure(struct xtraild *d, size_t n)
{
	int e = errno, full = e == ENOSPC || e == EDQUOT;
	enum disk_action act = full ? d->c.disk_full_action :
				      d->c.disk_error_action;
	uint64_t cut_to, lost, resume;
	struct f3_open_report rep;
	struct f3_mark m = { 0 };
	char err[512];
	int attempt;

	d->failures++;
	d->failed_first_segment = d->w.file_first_segment;
	/*
	 * Cut to what is known to be there: after a full disk (no sync
	 * failed), what was written before the batch (if in the same file);
	 * else what was synced. Records of the batch before that point
	 * (a file rotated within the batch) are not stored again.
	 */
	if (full && !d->w.sync_failed && d->w.files_rotated == d->batch_rotated) {
		cut_to = d->batch_size;
		resume = d->attempt_seq;
	} else {
		cut_to = d->w.durable;
		resume = d->w.durable_seq;
	}
	lost = resume < d->batch_seq ? d->batch_seq - resume : 0;
	d->skip = resume > d->batch_seq ? resume - d->batch_seq : 0;
	if (++d->batch_failures > 32) {
		say(LOG_CRIT, "%s: the same batch failed 32 times; halting",
		    d->out_path);
		act = ACT_HALT;
	}
	m.time_ns = xt_cpu64((uint64_t)time(NULL) * 1000000000ull);
	m.kind = xt_cpu32(full ? F3_MARK_DISK_FULL : F3_MARK_DISK_ERROR);
	m.err = xt_cpu32(e);
	m.segment_no = xt_cpu64(d->w.segment_no);
	m.durable_seq = xt_cpu64(resume);
	m.lost = xt_cpu64(lost);
	snprintf(m.action, sizeof(m.action), "%s", action_names[act]);
	say(LOG_CRIT,
	    "%s: %s (%s) in segment %" PRIu64 ": the segment is final; the first %" PRIu64
	    " records are durable, %" PRIu64 " acknowledged ones are lost, %zu bytes of input wait; action: %s",
	    d->out_path, full ? "disk full" : "disk error", strerror(e),
	    d->w.segment_no, resume, lost, n, action_names[act]);
	f3_writer_abandon(&d->w);

	for (attempt = 0; !stop_signal; attempt++) {
		if (act == ACT_SUSPEND) {
			say(LOG_CRIT, "%s: suspended: nothing is read or written until SIGUSR2",
			    d->out_path);
			if (disk_wait(d, 0))
				break;
		} else if (act == ACT_KEEP) {
			if (disk_wait(d, d->c.disk_retry_seconds ?
					 d->c.disk_retry_seconds : 10))
				break;
		} else if (act == ACT_ROTATE && full) {
			if (!retention(d, 1)) {
				say(LOG_CRIT, "%s: no rotated file left to delete; halting",
				    d->out_path);
				act = ACT_HALT;
			}
		} else if (act == ACT_ROTATE) {
			/* The failed file is never written again. */
			if (attempt || rotate_failed_file(d, cut_to))
				act = ACT_HALT;
			else
				cut_to = 0;
		}
		if (!open_log(d, &m, cut_to, &rep, err, sizeof(err))) {
			say(LOG_NOTICE, "%s: failure marker written; writing again in segment %" PRIu64,
			    d->out_path, d->w.segment_no);
			if (act != ACT_HALT) {
				clock_gettime(CLOCK_MONOTONIC, &d->last_seal);
				snapshot(d);
				return 0;
			}
			if (f3_writer_close(&d->w))
				say(LOG_ERR, "%s: closing: %s", d->out_path,
				    strerror(errno));
			return -1;
		}
		say(LOG_CRIT, "%s: failure marker not written: %s",
		    d->out_path, err);
		if (act == ACT_HALT)
			return -1;
	}
	return -1;
}

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
			close(d->dev_fd);
			if (open_device(d))
				return -1;
			d->carry = 0;
			break;
		}
	}
	d->batch_failures = 0;
	d->skip = 0;
	snapshot(d);
	if (d->w.files_rotated != d->rotated_seen) {
		d->rotated_seen = d->w.files_rotated;
		retention(d, 0);
	}
	return stream_ack(d);
}

static void on_resume(int sig)
{
	(void)sig;
	resume_signal = 1;
}

/* SIGUSR2 resumes a suspended daemon; delivered only while waiting. */
static int setup_resume_signal(sigset_t *waitmask)
{
	struct sigaction sa = { .sa_handler = on_resume };
	sigset_t block;

	sigemptyset(&sa.sa_mask);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR2);
	if (sigaction(SIGUSR2, &sa, NULL) ||
	    sigprocmask(SIG_BLOCK, &block, NULL))
		return -1;
	sigdelset(waitmask, SIGUSR2);
	return 0;
}

int main(int argc, char *argv[])
{
	enum {
		OPT_VERSION = 0x100, OPT_PK, OPT_SEAL_KEY, OPT_SEAL_STATE,
		OPT_SEAL_RECORDS, OPT_SEAL_SECONDS, OPT_FLUSH, OPT_FLUSH_FREQ,
		OPT_MAX_SEGMENT, OPT_NUM_SEGMENTS, OPT_MAX_AGE, OPT_FULL_ACT,
		OPT_ERROR_ACT, OPT_RETRY, OPT_PLAINTEXT, OPT_RECORD_FRAMES,
		OPT_AUTO_ATTACH, OPT_NO_AUTO_ATTACH,
	};
	static const struct option opts[] = {
		{ "foreground", no_argument, NULL, 'f' },
		{ "config", required_argument, NULL, 'c' },
		{ "output", required_argument, NULL, 'o' },
		{ "device", required_argument, NULL, 'd' },
		{ "auditor-public-key", required_argument, NULL, OPT_PK },
		{ "seal-key", required_argument, NULL, OPT_SEAL_KEY },
		{ "seal-state", required_argument, NULL, OPT_SEAL_STATE },
		{ "seal-every-records", required_argument, NULL,
		  OPT_SEAL_RECORDS },
		{ "seal-every-seconds", required_argument, NULL,
		  OPT_SEAL_SECONDS },
		{ "flush", required_argument, NULL, OPT_FLUSH },
		{ "flush-freq", required_argument, NULL, OPT_FLUSH_FREQ },
		{ "max-segment-size", required_argument, NULL,
		  OPT_MAX_SEGMENT },
		{ "num-segments", required_argument, NULL, OPT_NUM_SEGMENTS },
		{ "max-segment-age", required_argument, NULL, OPT_MAX_AGE },
		{ "disk-full-action", required_argument, NULL, OPT_FULL_ACT },
		{ "disk-error-action", required_argument, NULL, OPT_ERROR_ACT },
		{ "disk-retry-seconds", required_argument, NULL, OPT_RETRY },
		{ "plaintext", no_argument, NULL, OPT_PLAINTEXT },
		{ "auto-attach", no_argument, NULL, OPT_AUTO_ATTACH },
		{ "no-auto-attach", no_argument, NULL, OPT_NO_AUTO_ATTACH },
		{ "record-frames", no_argument, NULL, OPT_RECORD_FRAMES },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const keys[] = {
		[OPT_PK - OPT_PK] = "auditor_public_key",
		[OPT_SEAL_KEY - OPT_PK] = "seal_key",
		[OPT_SEAL_STATE - OPT_PK] = "seal_state",
		[OPT_SEAL_RECORDS - OPT_PK] = "seal_every_records",
		[OPT_SEAL_SECONDS - OPT_PK] = "seal_every_seconds",
		[OPT_FLUSH - OPT_PK] = "flush",
		[OPT_FLUSH_FREQ - OPT_PK] = "flush_freq",
		[OPT_MAX_SEGMENT - OPT_PK] = "max_segment_size",
		[OPT_NUM_SEGMENTS - OPT_PK] = "num_segments",
		[OPT_MAX_AGE - OPT_PK] = "max_segment_age",
		[OPT_FULL_ACT - OPT_PK] = "disk_full_action",
		[OPT_ERROR_ACT - OPT_PK] = "disk_error_action",
		[OPT_RETRY - OPT_PK] = "disk_retry_seconds",
	};
	struct xtraild d = {
		.dev_fd = -1,
		.w = { .fd = -1 },
		.c = {
			.seal_every_records = 10000,
			.seal_every_seconds = 10,
			.flush = FLUSH_DATA,
			.flush_freq = 1000,
			.max_segment_size = 64ull << 20,
			.auto_attach = 1,
			.disk_retry_seconds = 10,
		},
	};
	struct f3_open_report rep;
	struct xt_autoattach *aa = NULL;
	const char *conf = XTRAILD_CONF;
	char err[512];
	sigset_t waitmask;
	int o, foreground = 0, ret, conf_must = 0;

	/* Pass 1: where the config file is. */
	opterr = 0;
	while ((o = getopt_long(argc, argv, "fc:o:d:h", opts, NULL)) != -1)
		if (o == 'c') {
			conf = optarg;
			conf_must = 1;
		}
	opterr = 1;
	optind = 1;
	if (conf_load(&d.c, conf, conf_must))
		return 1;
	/* Pass 2: the command line over the file. */
	while ((o = getopt_long(argc, argv, "fc:o:d:h", opts, NULL)) != -1) {
		switch (o) {
		case 'f':
			foreground = 1;
			break;
		case 'c':
			break;
		case 'o':
			if (conf_set(&d.c, "output", optarg))
				return 1;
			break;
		case 'd':
			if (conf_set(&d.c, "device", optarg))
				return 1;
			break;
		case OPT_PLAINTEXT:
			d.c.plaintext = 1;
			break;
		case OPT_AUTO_ATTACH:
		case OPT_NO_AUTO_ATTACH:
			d.c.auto_attach = o == OPT_AUTO_ATTACH;
			break;
		case OPT_RECORD_FRAMES:
			d.c.record_frames = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case OPT_VERSION:
			printf("xtraild %s\n", XTRAIL_VERSION);
			return 0;
		default:
			if (o >= OPT_PK && o < OPT_PLAINTEXT) {
				if (conf_set(&d.c, keys[o - OPT_PK], optarg))
					return 1;
				break;
			}
			usage(stderr);
			return 1;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "xtraild: unexpected argument '%s'\n",
			argv[optind]);
		usage(stderr);
		return 1;
	}
	if ((!d.c.output && set_str(&d.c.output, XTRAILD_OUT)) ||
	    (!d.c.device && set_str(&d.c.device, XTRAILD_DEV)))
		return 1;
	d.out_path = d.c.output;
	d.dev_path = d.c.device;
	if (!d.c.seal_state &&
	    asprintf(&d.c.seal_state, "%s.sealstate", d.out_path) < 0)
		return 1;
	if (f3_sodium_init()) {
		fprintf(stderr, "xtraild: libsodium does not initialise\n");
		return 1;
	}
	if (d.c.auditor_public_key) {
		if (f3_key_load(d.c.auditor_public_key, d.pk, err,
				sizeof(err))) {
			fprintf(stderr, "xtraild: %s\n", err);
			return 1;
		}
		d.have_pk = 1;
	} else if (!d.c.plaintext) {
		fprintf(stderr,
			"xtraild: no auditor_public_key: the log would be readable on this host; give one ('xtrail keygen') or run with --plaintext\n");
		return 1;
	}

	d.in = aligned_alloc(XTRAIL_REC_ALIGN, XTRAILD_BUF);
	if (!d.in) {
		fprintf(stderr, "xtraild: %s\n", strerror(errno));
		return 1;
	}
	if (setup_signals(&waitmask) || setup_resume_signal(&waitmask)) {
		fprintf(stderr, "xtraild: signals: %s\n", strerror(errno));
		return 1;
	}
	if (open_device(&d) || make_parent_dirs(d.out_path))
		return 1;
	d.waitmask = &waitmask;
	host_id(d.hid);
	if (open_log(&d, NULL, 0, &rep, err, sizeof(err))) {
		fprintf(stderr, "xtraild: %s\n", err);
		return 1;
	}
	retention(&d, 0);
	snapshot(&d);
	clock_gettime(CLOCK_MONOTONIC, &d.last_seal);
	if (stream_setup(&d))
		return 1;
	if (rep.torn_bytes)
		fprintf(stderr, "xtraild: %s: cut off a torn tail of %" PRIu64
			" bytes: %s\n", d.out_path, rep.torn_bytes,
			rep.torn_why);
	fprintf(stderr, "xtraild %s: %s -> %s (%s, segment %" PRIu64
		", %s, %s, flush %s)\n", XTRAIL_VERSION, d.dev_path,
		d.out_path, rep.created ? "new file" : "appending",
		d.w.segment_no, d.w.encrypted ? "encrypted" : "PLAINTEXT",
		d.w.sealing ? "sealed" : "UNSEALED", flush_names[d.c.flush]);
	if (!rep.created)
		fprintf(stderr, "xtraild: appending after %" PRIu64
			" records\n", rep.frames);

	if (!foreground) {
		if (daemon(0, 0)) {
			fprintf(stderr, "xtraild: daemon: %s\n",
				strerror(errno));
			return 1;
		}
		openlog("xtraild", LOG_PID, LOG_DAEMON);
		use_syslog = 1;
	}

	if (d.c.auto_attach)
		aa = xt_autoattach_start(0, say);
	ret = run(&d, &waitmask);
	if (!ret && stream_drain(&d))
		ret = -1;
	xt_autoattach_stop(aa);
	if (f3_writer_close(&d.w)) {
		say(LOG_ERR, "%s: closing: %s", d.out_path, strerror(errno));
		/* A new file with the failure marker; nothing acknowledged. */
		if (ret || disk_failure(&d, 0) || f3_writer_close(&d.w))
			ret = -1;
	} else if (!ret) {
		d.unsynced = 0;	/* closing synced it */
		if (stream_ack(&d))
			ret = -1;
	}
	say(ret ? LOG_ERR : LOG_INFO,
	    "%s%s: wrote %" PRIu64 " records (%" PRIu64 " bytes) to %s, "
	    "skipped %" PRIu64 " invalid (%" PRIu64 " bytes) and %" PRIu64
	    " already stored",
	    ret ? "stopping on error" : "exiting",
	    stop_signal == SIGTERM ? " on SIGTERM" :
	    stop_signal == SIGINT ? " on SIGINT" :
	    stop_signal == SIGHUP ? " on SIGHUP" : "",
	    d.records, d.bytes, d.out_path, d.bad, d.bad_bytes, d.dups);
	close(d.dev_fd);
	free(d.stream_path);
	free(d.in);
	conf_free(&d.c);
	return ret ? 1 : 0;
}
