// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xtrail unpack REPLICA -o OUT: a collector's replica file (the messages
 * xtraild's replication sent, one per line, as rsyslog wrote them;
 * f3_replica.h) back into the host's F3 log, each item once: what arrived
 * twice (a resend after an outage or a restart) is dropped after checking
 * it is the same, and a gap (items missing) fails, naming where.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "f3_replica.h"

struct unpack_count {
	uint64_t lines;
	uint64_t anchors;
	uint64_t ticks;
	uint64_t other;
};

static void unpack_usage(FILE *f, const char *cmd)
{
	fprintf(f,
		"Usage: %s REPLICA -o OUT\n"
		"\n"
		"Turn a collector's replica file (what xtraild's replication sent,\n"
		"one message per line, as rsyslog's imrelp wrote it) back into the\n"
		"host's F3 log OUT: each item once (copies resent after an outage or\n"
		"a restart are dropped, after checking they hold the same bytes), so\n"
		"that OUT is the host's log, byte for byte, up to what the collector\n"
		"received; then 'xtrail verify' and 'xtrail export' read it. Items\n"
		"missing (a gap), two different items at one place, or another log's\n"
		"items fail, naming the line. The anchors in the file are for\n"
		"'xtrail verify --anchors'.\n", cmd);
}

/* One line of the replica. 0, or 1 after printing why it fails. */
static int unpack_line(const char *cmd, const char *in, char *line,
		       struct f3r_unpack *u, uint8_t *buf,
		       struct unpack_count *n)
{
	struct f3r_line l;

	n->lines++;
	switch (xt_f3r_parse(line, &l, buf, F3_FRAME_MAX)) {
	case F3R_ITEM:
		if (!xt_f3r_unpack_item(u, &l))
			return 0;
		fprintf(stderr, "%s: %s: line %" PRIu64 ": %s\n", cmd, in,
			n->lines, u->why);
		return 1;
	case F3R_ANCHOR:
		n->anchors++;
		return 0;
	case F3R_TICK:
		n->ticks++;
		return 0;
	case F3R_GAP:
		fprintf(stderr, "%s: %s: line %" PRIu64 ": segments %" PRIu64
			"..%" PRIu64 " were deleted on the host before the collector had them (the host's log holds the marker)\n",
			cmd, in, n->lines, l.seg, l.off);
		return 1;
	case F3R_BAD:
		fprintf(stderr, "%s: %s: line %" PRIu64
			": a replication message, damaged\n", cmd, in,
			n->lines);
		return 1;
	default:
		n->other++;
		return 0;
	}
}

static int unpack_file(const char *cmd, const char *in, FILE *f,
		       struct f3r_unpack *u)
{
	struct unpack_count n = { 0 };
	uint8_t *buf = malloc(F3_FRAME_MAX);
	size_t cap = 0;
	char *line = NULL;
	int ret = 0;

	if (!buf) {
		fprintf(stderr, "%s: %s\n", cmd, strerror(errno));
		return 1;
	}
	while (!ret && getline(&line, &cap, f) >= 0)
		ret = unpack_line(cmd, in, line, u, buf, &n);
	free(line);
	free(buf);
	if (!ret && !u->started) {
		fprintf(stderr, "%s: %s: no F3 items in it\n", cmd, in);
		ret = 1;
	}
	if (!ret)
		fprintf(stderr, "%s: %s: %" PRIu64 " items (%" PRIu64
			" bytes), %" PRIu64 " copies dropped, %" PRIu64
			" segment states, %" PRIu64 " anchors, %" PRIu64
			" ticks, %" PRIu64 " other lines\n", cmd, in,
			u->items, u->size, u->dups, u->states, n.anchors,
			n.ticks, n.other);
	return ret;
}

int cmd_unpack(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct f3r_unpack u = { .fd = -1 };
	const char *out = NULL;
	FILE *f;
	int o, ret;

	while ((o = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		if (o == 'o') {
			out = optarg;
			continue;
		}
		unpack_usage(o == 'h' ? stdout : stderr, argv[0]);
		return o == 'h' ? 0 : 1;
	}
	if (!out || optind + 1 != argc) {
		unpack_usage(stderr, argv[0]);
		return 1;
	}
	f = strcmp(argv[optind], "-") ? fopen(argv[optind], "re") : stdin;
	if (!f) {
		fprintf(stderr, "%s: %s: %s\n", argv[0], argv[optind],
			strerror(errno));
		return 1;
	}
	u.fd = open(out, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (u.fd < 0) {
		fprintf(stderr, "%s: %s: %s\n", argv[0], out, strerror(errno));
		ret = 1;
	} else {
		ret = unpack_file(argv[0], argv[optind], f, &u);
		if (close(u.fd) && !ret) {
			fprintf(stderr, "%s: %s: %s\n", argv[0], out,
				strerror(errno));
			ret = 1;
		}
	}
	if (f != stdin)
		fclose(f);
	xt_f3r_unpack_free(&u);
	return ret;
}
