// SPDX-License-Identifier: GPL-2.0
/*
 * xtrail replay: the terminal sessions of an F3 log (TTY records, see
 * struct xtrail_tty). A session is a terminal of a domain: (domid, tty
 * name). Without --session, list them; with it, write what the terminal
 * showed (its output; --input adds the keystrokes) with the original
 * timing, --speed times faster, or at once with --dump.
 *
 * Safe by default: what the terminal showed is written in the display
 * form of text_safe.h (XT_ESC_RAW | XT_ESC_LINES): lines and tabs as they
 * are, every other control (ESC and so every escape sequence, a lone CR,
 * backspace), C1 and bidi control, and invalid UTF-8, shown as \xHH,
 * \uHHHH, \r..., never run by the reader's terminal; a backslash is
 * shown as two. --raw writes the exact bytes (for a faithful replay, or
 * scriptreplay-like tools), whether standard output is a terminal or not.
 * The list always shows TTY names in that form, and --session takes it.
 *
 * Timing comes from the records' own clock (ts_ns when it is Xen system
 * time, else dom0's receipt time recv_ns), which is steady within a
 * domain; each write is scheduled at start + (t - t0) / speed on
 * CLOCK_MONOTONIC so that delays do not add up.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "log_reader.h"
#include "record_json.h"
#include "text_safe.h"
#include "xtrail_genl.h"

struct session {
	uint16_t domid;
	char tty[XTRAIL_TTY_NAME];
	int console;
	uint64_t records, out_bytes, in_bytes, dropped;
	uint64_t t_first, t_last;
	int64_t start_ns;	/* wall clock of the first record, or -1 */
};

struct replay {
	const char *cmd;
	int list;
	int dump;
	int input;
	int raw;
	struct xt_text_stream esc;
	double speed;
	double max_delay;
	uint16_t domid;
	char tty[XTRAIL_TTY_NAME];
	struct session *s;
	size_t n;
	int found;
	uint64_t t0;
	struct timespec start;
	struct xtrail_clock_ref clk;
};

static void replay_usage(FILE *f, const char *cmd)
{
	fprintf(f,
		"Usage: %s FILE|DIR... [--key auditor.key] [--retained]\n"
		"       [--session DOMID:TTY [--dump] [--input] [--raw] [--speed F]\n"
		"       [--max-delay SECONDS]]\n"
		"\n"
		"Without --session, list the terminal sessions of the F3 log (a\n"
		"session is a terminal of a domain, e.g. 7:pts0). With it, write\n"
		"what that terminal showed on standard output with its original\n"
		"timing (--speed F: F times faster; --max-delay: cap each pause),\n"
		"or at once with --dump. --input adds what was typed (it is\n"
		"usually echoed in the output already).\n"
		"\n"
		"What the guest wrote is shown safely: line breaks and tabs as they\n"
		"are, every other control character (so every escape sequence),\n"
		"C1 and bidi controls and invalid UTF-8 as visible escapes (\\x1b,\n"
		"\\r, \\u202e; a backslash as \\\\), never run by your terminal.\n"
		"--raw writes the exact bytes instead (a faithful replay: the\n"
		"guest's escape sequences then drive your terminal). TTY names are\n"
		"listed in the escaped form, which --session accepts.\n",
		cmd);
}

static uint64_t rec_t(const struct xtrail_rec_hdr *h)
{
	return xt_le16(h->flags) & XTRAIL_RF_TS_XEN ? xt_le64(h->ts_ns) :
						      xt_le64(h->recv_ns);
}

static struct session *find(struct replay *rp, uint16_t domid,
			    const char *tty)
{
	struct session *ns;
	size_t i;

	for (i = 0; i < rp->n; i++)
		if (rp->s[i].domid == domid && !strcmp(rp->s[i].tty, tty))
			return &rp->s[i];
	ns = realloc(rp->s, (rp->n + 1) * sizeof(*ns));
	if (!ns)
		return NULL;
	rp->s = ns;
	ns = &rp->s[rp->n++];
	memset(ns, 0, sizeof(*ns));
	ns->domid = domid;
	strcpy(ns->tty, tty);
	return ns;
}

/* Sleep until start + (t - t0) / speed. */
static void wait_until(struct replay *rp, uint64_t t)
{
	double d = (double)(t - rp->t0) / 1e9 / rp->speed;
	struct timespec at = rp->start, now;
	double ahead;

	if (t < rp->t0)
		return;
	if (rp->max_delay > 0) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		ahead = d - ((now.tv_sec - rp->start.tv_sec) +
			     (now.tv_nsec - rp->start.tv_nsec) / 1e9);
		if (ahead > rp->max_delay) {
			/* Shift the schedule: the pause is cut. */
			rp->t0 += (uint64_t)((ahead - rp->max_delay) *
					     rp->speed * 1e9);
			d -= ahead - rp->max_delay;
		}
	}
	at.tv_sec += (time_t)d;
	at.tv_nsec += (long)((d - floor(d)) * 1e9);
	if (at.tv_nsec >= 1000000000) {
		at.tv_sec++;
		at.tv_nsec -= 1000000000;
	}
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &at, NULL) ==
	       EINTR)
		;
}

/* @n bytes of the session's output: raw or escaped. 0, or -1. */
static int put_data(struct replay *rp, const void *data, size_t n,
		    bool final)
{
	char *e;

	if (rp->raw) {
		fwrite(data, 1, n, stdout);
		return ferror(stdout) ? -1 : 0;
	}
	e = xt_text_stream_escape(&rp->esc, data, n, final,
			  XT_ESC_RAW | XT_ESC_LINES);
	if (!e)
		return -1;
	fputs(e, stdout);
	free(e);
	return ferror(stdout) ? -1 : 0;
}

static int one_record(struct replay *rp, const void *rec,
		      const struct xtrail_clock_ref *clk)
{
	const struct xtrail_rec_hdr *h = rec;
	const struct xtrail_tty *tt = (const void *)(h + 1);
	uint32_t flags = xt_le32(tt->flags), n = xt_le32(tt->len);
	int input = flags & XTRAIL_TTY_INPUT;
	struct session *s;
	int64_t wall;

	if (rp->list) {
		s = find(rp, xt_le16(h->domid), tt->tty);
		if (!s)
			return -1;
		if (!s->records++) {
			s->t_first = rec_t(h);
			s->start_ns = xt_json_clock_ref_time(clk, xt_le16(h->flags) &
				XTRAIL_RF_TS_XEN && clk->ts_xen ?
				xt_le64(h->ts_ns) : xt_le64(h->recv_ns),
				&wall) ? -1 : wall;
		}
		s->t_last = rec_t(h);
		s->console |= !!(flags & XTRAIL_TTY_CONSOLE);
		s->dropped += xt_le32(tt->dropped);
		if (input)
			s->in_bytes += n;
		else
			s->out_bytes += n;
		return 0;
	}
	if (xt_le16(h->domid) != rp->domid || strcmp(tt->tty, rp->tty))
		return 0;
	if (!rp->found++) {
		rp->t0 = rec_t(h);
		clock_gettime(CLOCK_MONOTONIC, &rp->start);
	}
	if (input && !rp->input)
		return 0;
	if (!rp->dump) {
		fflush(stdout);
		wait_until(rp, rec_t(h));
	}
	return put_data(rp, tt + 1, n, false);
}

static void print_list(struct replay *rp)
{
	char start[40], tty[4 * XTRAIL_TTY_NAME + 1];
	size_t i;

	printf("%-6s %-16s %8s %10s %10s %-31s %s\n", "DOMID", "TTY",
	       "RECORDS", "OUT", "IN", "START", "SECONDS");
	for (i = 0; i < rp->n; i++) {
		if (rp->s[i].start_ns < 0 ||
		    xt_json_rfc3339(start, sizeof(start), rp->s[i].start_ns))
			strcpy(start, "-");
		xt_text_escape_buf(tty, rp->s[i].tty, strlen(rp->s[i].tty),
				   XT_ESC_RAW);
		printf("%-6u %-16s %8" PRIu64 " %10" PRIu64 " %10" PRIu64
		       " %-31s %.3f%s\n", rp->s[i].domid, tty,
		       rp->s[i].records, rp->s[i].out_bytes,
		       rp->s[i].in_bytes, start,
		       (rp->s[i].t_last - rp->s[i].t_first) / 1e9,
		       rp->s[i].console ? " console" : "");
	}
}

static int parse_session(struct replay *rp, const char *v)
{
	const char *colon = strchr(v, ':');
	unsigned long d;
	char *end;
	long n;

	/* The name as the list shows it (text_safe.h), no NUL in it. */
	if (!colon || colon == v || !colon[1])
		return -1;
	n = xt_text_unescape(rp->tty, sizeof(rp->tty), colon + 1);
	if (n <= 0 || memchr(rp->tty, 0, n))
		return -1;
	errno = 0;
	d = strtoul(v, &end, 10);
	if (errno || end != colon || d > XTRAIL_DOMID_MAX)
		return -1;
	rp->domid = d;
	return 0;
}

/* One record of the log: a TTY record is taken. 0, or 1 after a message. */
static int replay_rec(void *arg, const void *rec, uint32_t len)
{
	const struct xtrail_rec_hdr *h = rec;
	struct replay *rp = arg;

	(void)len;	/* checked by the reader */
	xt_json_clock_ref_update(&rp->clk, rec);
	if (xt_le16(h->type) == XTRAIL_REC_TTY &&
	    one_record(rp, rec, &rp->clk)) {
		fprintf(stderr, "%s: %s\n", rp->cmd,
			strerror(errno ? errno : EIO));
		return 1;
	}
	return 0;
}

/* --speed F and --max-delay SECONDS: 0, or -1 after a message. */
static int replay_number(struct replay *rp, int o, const char *arg)
{
	double *v = o == 'S' ? &rp->speed : &rp->max_delay;
	char *end;

	errno = 0;
	*v = strtod(arg, &end);
	if (errno || *end || end == arg || !(o == 'S' ? *v > 0 : *v >= 0)) {
		fprintf(stderr, "%s: bad %s '%s'\n", rp->cmd,
			o == 'S' ? "speed" : "max-delay", arg);
		return -1;
	}
	return 0;
}

/* Options into @rp and @lr: CLI_CONTINUE, or the exit status. */
static int replay_opts(int argc, char *argv[], struct replay *rp,
		       struct log_reader *lr, const char **key_path)
{
	static const struct option opts[] = {
		{ "key", required_argument, NULL, 'k' },
		{ "session", required_argument, NULL, 's' },
		{ "dump", no_argument, NULL, 'd' },
		{ "input", no_argument, NULL, 'i' },
		{ "raw", no_argument, NULL, 'R' },
		{ "speed", required_argument, NULL, 'S' },
		{ "max-delay", required_argument, NULL, 'm' },
		{ "retained", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int o;

	while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (o) {
		case 'k':
			*key_path = optarg;
			break;
		case 's':
			if (parse_session(rp, optarg)) {
				fprintf(stderr, "%s: bad session '%s' (DOMID:TTY, e.g. 7:pts0)\n",
					rp->cmd, optarg);
				return 1;
			}
			rp->list = 0;
			break;
		case 'd':
			rp->dump = 1;
			break;
		case 'i':
			rp->input = 1;
			break;
		case 'R':
			rp->raw = 1;
			break;
		case 'S':
		case 'm':
			if (replay_number(rp, o, optarg))
				return 1;
			break;
		case 'r':
			lr->require_start = 0;
			break;
		case 'h':
			replay_usage(stdout, rp->cmd);
			return 0;
		default:
			replay_usage(stderr, rp->cmd);
			return 1;
		}
	}
	if (optind >= argc) {
		replay_usage(stderr, rp->cmd);
		return 1;
	}
	return CLI_CONTINUE;
}

/* Replay or list the opened log. 0, or 1 after printing the error. */
static int replay_log(struct replay *rp, struct log_reader *lr)
{
	if (log_reader_read(lr, replay_rec, rp))
		return 1;
	if (!rp->list && rp->found && put_data(rp, NULL, 0, true)) {
		fprintf(stderr, "%s: %s\n", rp->cmd,
			strerror(errno ? errno : EIO));
		return 1;
	}
	if (fflush(stdout)) {
		fprintf(stderr, "%s: write error: %s\n", rp->cmd,
			strerror(errno));
		return 1;
	}
	if (rp->list) {
		print_list(rp);
	} else if (!rp->found) {
		fprintf(stderr, "%s: no session %u:%s in the log\n", rp->cmd,
			rp->domid, rp->tty);
		return 1;
	}
	return 0;
}

int cmd_replay(int argc, char *argv[])
{
	struct replay rp = { .cmd = argv[0], .list = 1, .speed = 1.0 };
	struct log_reader lr = { .cmd = argv[0], .require_start = 1 };
	const char *key_path = NULL;
	uint8_t sk[F3_KEY_LEN];
	int have_sk = 0, ret;

	ret = replay_opts(argc, argv, &rp, &lr, &key_path);
	if (ret != CLI_CONTINUE)
		return ret;
	if (xt_f3_sodium_init() || load_auditor_key(rp.cmd, key_path, sk,
						 &have_sk))
		return 1;
	lr.auditor_sk = have_sk ? sk : NULL;
	ret = log_reader_open(&lr, argv + optind, argc - optind);
	if (!ret)
		ret = replay_log(&rp, &lr);
	sodium_memzero(sk, sizeof(sk));
	log_reader_close(&lr);
	free(rp.s);
	return ret;
}
