// SPDX-License-Identifier: GPL-2.0
/*
 * xtraild: the writer daemon. Reads whole records from /dev/xtrail (the
 * dom0 module's character device), checks each one again, and appends them
 * as F3 frames (see f3.h), with one fdatasync() per read batch before the
 * next read.
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
#include <unistd.h>

#include "f3.h"
#include "version.h"

#define XTRAILD_DEV		"/dev/xtrail"
#define XTRAILD_OUT		"/var/log/xtrail/f3.log"
#define XTRAILD_BUF		(256 * 1024)
#define XTRAILD_BAD_LOG_MAX	20

/* Frames add 8 bytes to each record; a batch must stay a "torn tail". */
_Static_assert(XTRAILD_BUF + XTRAILD_BUF / sizeof(struct xtrail_rec_hdr) *
	       F3_FRAME_HDR <= F3_BATCH_MAX, "a batch fits F3_BATCH_MAX");

struct xtraild {
	const char *dev_path;
	const char *out_path;
	int dev_fd;
	int dev_chr;		/* reads return whole records */
	struct f3_writer w;
	uint8_t *in;		/* XTRAILD_BUF bytes read from the device */
	uint8_t *out;		/* the frames of one batch */
	size_t carry;		/* incomplete record at the start of @in */
	uint64_t records;	/* written */
	uint64_t bytes;		/* record bytes written */
	uint64_t bad;		/* invalid records skipped */
	uint64_t bad_bytes;
};

static volatile sig_atomic_t stop_signal;
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
		"Usage: xtraild [-f|--foreground] [-o|--output FILE]\n"
		"               [-d|--device PATH] [-h|--help] [--version]\n"
		"\n"
		"Append the records of the xtrail device to an F3 log.\n"
		"\n"
		"  -f, --foreground   do not detach, log to stderr\n"
		"  -o, --output FILE  F3 file (default %s)\n"
		"  -d, --device PATH  record source (default %s)\n"
		"  -h, --help         show this help\n"
		"      --version      show the version\n",
		XTRAILD_OUT, XTRAILD_DEV);
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

/*
 * Check the @n bytes at d->in, frame the valid records, write them and
 * fdatasync(). Returns 0, or -1 when the F3 file cannot be written.
 */
static int store_batch(struct xtraild *d, size_t n)
{
	const struct xtrail_rec_hdr *h;
	enum xtrail_verdict v;
	uint64_t nrec = 0, nbytes = 0;
	size_t off = 0, o = 0, rem;
	uint32_t len;

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
		if (v == XTRAIL_OK) {
			o += f3_frame_put(d->out + o, h, len);
			nrec++;
			nbytes += len;
		} else {
			log_bad(d, h, v, "skipped");
			d->bad_bytes += len;
		}
		off += len;
	}

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

	if (!o)
		return 0;
	if (f3_writer_write(&d->w, d->out, o, nrec)) {
		say(LOG_ERR, "%s: write: %s; the %" PRIu64
		    " records of this batch are lost",
		    d->out_path, strerror(errno), nrec);
		return -1;
	}
	if (f3_writer_sync(&d->w)) {
		say(LOG_ERR, "%s: fdatasync: %s; the last %" PRIu64
		    " records may be lost",
		    d->out_path, strerror(errno), nrec);
		return -1;
	}
	d->records += nrec;
	d->bytes += nbytes;
	return 0;
}

/* The read loop. Returns 0 on a signal or at the end of a file input. */
static int run(struct xtraild *d, const sigset_t *waitmask)
{
	struct pollfd pfd = { .fd = d->dev_fd, .events = POLLIN };
	ssize_t n;

	while (!stop_signal) {
		if (ppoll(&pfd, 1, NULL, waitmask) < 0) {
			if (errno == EINTR)
				continue;
			say(LOG_ERR, "%s: poll: %s", d->dev_path,
			    strerror(errno));
			return -1;
		}
		if (pfd.revents & POLLNVAL) {
			say(LOG_ERR, "%s: poll: invalid descriptor",
			    d->dev_path);
			return -1;
		}
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
		if (store_batch(d, d->carry + n))
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

int main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "foreground", no_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "device", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct xtraild d = {
		.dev_path = XTRAILD_DEV,
		.out_path = XTRAILD_OUT,
		.dev_fd = -1,
		.w = { .fd = -1 },
	};
	struct f3_open_report rep;
	char err[512];
	sigset_t waitmask;
	int o, foreground = 0, ret;

	while ((o = getopt_long(argc, argv, "fo:d:h", opts, NULL)) != -1) {
		switch (o) {
		case 'f':
			foreground = 1;
			break;
		case 'o':
			d.out_path = optarg;
			break;
		case 'd':
			d.dev_path = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("xtraild %s\n", XTRAIL_VERSION);
			return 0;
		default:
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

	d.in = aligned_alloc(XTRAIL_REC_ALIGN, XTRAILD_BUF);
	d.out = malloc(F3_BATCH_MAX);
	if (!d.in || !d.out) {
		fprintf(stderr, "xtraild: %s\n", strerror(errno));
		return 1;
	}
	if (setup_signals(&waitmask)) {
		fprintf(stderr, "xtraild: signals: %s\n", strerror(errno));
		return 1;
	}
	if (open_device(&d) || make_parent_dirs(d.out_path))
		return 1;
	if (f3_writer_open(&d.w, d.out_path, &rep, err, sizeof(err))) {
		fprintf(stderr, "xtraild: %s\n", err);
		return 1;
	}
	if (rep.torn_bytes)
		fprintf(stderr, "xtraild: %s: cut off a torn tail of %" PRIu64
			" bytes: %s\n", d.out_path, rep.torn_bytes,
			rep.torn_why);
	if (rep.created)
		fprintf(stderr, "xtraild %s: %s -> %s (new file)\n",
			XTRAIL_VERSION, d.dev_path, d.out_path);
	else
		fprintf(stderr, "xtraild %s: %s -> %s (appending after %" PRIu64
			" records)\n", XTRAIL_VERSION, d.dev_path, d.out_path,
			rep.frames);

	if (!foreground) {
		if (daemon(0, 0)) {
			fprintf(stderr, "xtraild: daemon: %s\n",
				strerror(errno));
			return 1;
		}
		openlog("xtraild", LOG_PID, LOG_DAEMON);
		use_syslog = 1;
	}

	ret = run(&d, &waitmask);
	if (f3_writer_close(&d.w)) {
		say(LOG_ERR, "%s: %s", d.out_path, strerror(errno));
		ret = -1;
	}
	say(ret ? LOG_ERR : LOG_INFO,
	    "%s%s: wrote %" PRIu64 " records (%" PRIu64 " bytes) to %s, "
	    "skipped %" PRIu64 " invalid (%" PRIu64 " bytes)",
	    ret ? "stopping on error" : "exiting",
	    stop_signal == SIGTERM ? " on SIGTERM" :
	    stop_signal == SIGINT ? " on SIGINT" :
	    stop_signal == SIGHUP ? " on SIGHUP" : "",
	    d.records, d.bytes, d.out_path, d.bad, d.bad_bytes);
	close(d.dev_fd);
	free(d.in);
	free(d.out);
	return ret ? 1 : 0;
}
