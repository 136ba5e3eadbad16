// SPDX-License-Identifier: GPL-2.0
/*
 * xtrail verify: check an F3 log (its files in order) without decrypting
 * it (or decrypting it too, with --key), name the first bad item by file,
 * offset and reason, list the failure markers, and check it against an
 * anchor ("xtrail anchor") or a collector's trail of anchors (--anchors).
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "log_reader.h"

struct verify_opts {
	const char *seal_path;
	const char *anchor_s;
	const char *trail_path;
	const char *key_path;
	int retained;
	int have_pin;
	uint64_t pin;
};

static void verify_usage(FILE *f, const char *cmd)
{
	fprintf(f,
		"Usage: %s FILE|DIR... [--seal-key FILE] [--anchor A] [--key FILE]\n"
		"       [--retained] [--pin-epoch E] [--anchors FILE]\n"
		"\n"
		"Check an F3 log (its files, or every F3 file of a directory, put in\n"
		"order by their first segment number): structure,\n"
		"CRCs, sequence numbers, the hash chain, the seal policy (no longer\n"
		"stretch without a seal than the log says) and, with --seal-key (the\n"
		"file holding the initial sealing key), every seal's MAC.\n"
		"--anchor (a file or the line 'xtrail anchor' printed) pins the log:\n"
		"its point and its seal must be in it (a rollback, a truncated tail,\n"
		"removed files fail); --anchors FILE (a collector's replica file, or\n"
		"any file of 'xtrail-anchor-v1' lines: the anchor xtraild sent at\n"
		"each seal) holds the log against that trail: each of its seals the\n"
		"trail has must be the same, and the log must reach the trail's last\n"
		"seal; the first divergence is named (truncated, rolled back,\n"
		"re-sealed). --key (the auditor's secret key file, default\n"
		"$XTRAIL_AUDITOR_KEY) decrypts and checks every record too.\n"
		"--retained accepts a log whose oldest files were removed by\n"
		"retention (it starts at the first segment there; segments missing\n"
		"after it still fail), and only against what the auditor holds:\n"
		"--anchor, --anchors, or --pin-epoch E with --seal-key (the seal of epoch E must\n"
		"be in the log, its MAC right). Failure markers are listed. Prints\n"
		"the first bad item as FILE: offset N: reason and exits 1.\n",
		cmd);
}

static int parse_u64(const char *s, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 10);
	return errno || *end || *s < '0' || *s > '9' ? -1 : 0;
}

/* Options into @vo: CLI_CONTINUE, or the exit status. */
static int verify_opts(int argc, char *argv[], struct verify_opts *vo)
{
	static const struct option opts[] = {
		{ "seal-key", required_argument, NULL, 's' },
		{ "anchor", required_argument, NULL, 'a' },
		{ "anchors", required_argument, NULL, 't' },
		{ "key", required_argument, NULL, 'k' },
		{ "retained", no_argument, NULL, 'r' },
		{ "pin-epoch", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int o;

	while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (o) {
		case 's':
			vo->seal_path = optarg;
			break;
		case 'a':
			vo->anchor_s = optarg;
			break;
		case 't':
			vo->trail_path = optarg;
			break;
		case 'k':
			vo->key_path = optarg;
			break;
		case 'r':
			vo->retained = 1;
			break;
		case 'p':
			if (parse_u64(optarg, &vo->pin)) {
				fprintf(stderr, "%s: bad epoch '%s'\n",
					argv[0], optarg);
				return 1;
			}
			vo->have_pin = 1;
			break;
		case 'h':
			verify_usage(stdout, argv[0]);
			return 0;
		default:
			verify_usage(stderr, argv[0]);
			return 1;
		}
	}
	if (optind >= argc) {
		verify_usage(stderr, argv[0]);
		return 1;
	}
	if (vo->have_pin && !vo->seal_path) {
		fprintf(stderr,
			"%s: --pin-epoch needs --seal-key: without it anyone can write a seal of any epoch\n",
			argv[0]);
		return 1;
	}
	if (vo->retained && !vo->anchor_s && !vo->trail_path &&
	    !vo->have_pin) {
		fprintf(stderr,
			"%s: --retained needs --anchor or --pin-epoch (with --seal-key): a log whose start was removed proves nothing by itself (whoever holds the current sealing key can rewrite and re-seal what is left); give the anchor the auditor keeps off the host\n",
			argv[0]);
		return 1;
	}
	return CLI_CONTINUE;
}

static int load_trail(const char *cmd, const char *path, struct f3_trail *t)
{
	char err[256];
	FILE *f = fopen(path, "re");
	int ret;

	if (!f) {
		fprintf(stderr, "%s: %s: %s\n", cmd, path, strerror(errno));
		return -1;
	}
	ret = xt_f3_trail_load(t, f, err, sizeof(err));
	fclose(f);
	if (ret)
		fprintf(stderr, "%s: %s: %s\n", cmd, path, err);
	return ret;
}

static void print_mark(void *ctx, const struct f3_mark *m, uint64_t off)
{
	const char *file = ctx;

	if (xt_le32(m->kind) == F3_MARK_UNREPLICATED) {
		printf("%s: offset %" PRIu64 ": replication marker: segments %"
		       PRIu64 "..%" PRIu64
		       " deleted by retention before every collector had them (at record %"
		       PRIu64 ", action %s)\n", file, off,
		       xt_le64(m->segment_no),
		       xt_le64(m->segment_no) + xt_le64(m->lost) - 1,
		       xt_le64(m->durable_seq), m->action);
		return;
	}

	printf("%s: offset %" PRIu64 ": failure marker: %s (%s) in segment %" PRIu64
	       ", records before %" PRIu64 " durable, %" PRIu64
	       " acknowledged records lost, action %s\n",
	       file, off, xt_le32(m->kind) == F3_MARK_DISK_FULL ?
	       "disk full" : "disk error", strerror(xt_le32(m->err)),
	       xt_le64(m->segment_no), xt_le64(m->durable_seq),
	       xt_le64(m->lost), m->action);
}

/* "FIRST: OK: ..." and the notes, for a log read to its end by @r. */
static void verify_report(const struct f3_reader *r, const char *first,
			  const struct verify_opts *vo, int decrypted)
{
	uint64_t sealed = r->seal_seen ? r->last_seal_seq : 0;

	printf("%s: OK: %" PRIu64 " segments, %" PRIu64 " records, %" PRIu64
	       " seals", first, r->segments, r->frames, r->seals);
	if (r->marks)
		printf(", %" PRIu64 " failure markers", r->marks);
	if (r->seal_seen)
		printf(" (epochs %" PRIu64 "..%" PRIu64 ")", r->first_epoch,
		       r->next_epoch - 1);
	printf("%s%s", decrypted ? ", decrypted" : "",
	       vo->anchor_s ? ", matches the anchor" : "");
	if (r->pins.trail)
		printf(", matches the collector's trail (%" PRIu64
		       " of its %zu seals)", r->pins.trail_hits,
		       r->pins.trail->n);
	if (vo->have_pin)
		printf(", holds the pinned seal (epoch %" PRIu64 ")", vo->pin);
	printf("\n");
	if (vo->retained)
		printf("note: retained log: it starts at sequence %" PRIu64
		       ", what came before was removed\n", r->start_seq);
	if (!vo->seal_path)
		printf("note: seal MACs not checked (no --seal-key)\n");
	if (r->next_seq > sealed)
		printf("note: the last %" PRIu64 " records are not sealed\n",
		       r->next_seq - sealed);
}

int cmd_verify(int argc, char *argv[])
{
	struct log_reader lr = { .cmd = argv[0], .on_mark = print_mark };
	uint8_t sk[F3_KEY_LEN], seal[F3_KEY_LEN];
	struct verify_opts vo = { 0 };
	struct f3_trail trail = { 0 };
	struct f3_anchor anchor;
	int have_sk = 0, ret;

	ret = verify_opts(argc, argv, &vo);
	if (ret != CLI_CONTINUE)
		return ret;
	if (xt_f3_sodium_init() ||
	    (vo.seal_path && load_key(lr.cmd, vo.seal_path, seal)) ||
	    (vo.anchor_s && load_anchor(lr.cmd, vo.anchor_s, &anchor)) ||
	    (vo.trail_path && load_trail(lr.cmd, vo.trail_path, &trail)) ||
	    (vo.key_path && load_auditor_key(lr.cmd, vo.key_path, sk,
					     &have_sk)))
		return 1;
	lr.require_start = !vo.retained;
	lr.no_decrypt = !have_sk;
	lr.auditor_sk = have_sk ? sk : NULL;
	lr.seal_key = vo.seal_path ? seal : NULL;
	lr.anchor = vo.anchor_s ? &anchor : NULL;
	lr.pin = vo.have_pin ? &vo.pin : NULL;
	lr.trail = vo.trail_path ? &trail : NULL;
	ret = 1;
	if (!log_reader_open(&lr, argv + optind, argc - optind) &&
	    !log_reader_read(&lr, NULL, NULL) && !log_reader_finish(&lr)) {
		verify_report(lr.r, argv[optind], &vo, have_sk);
		ret = 0;
	}
	log_reader_close(&lr);
	xt_f3_trail_free(&trail);
	sodium_memzero(seal, sizeof(seal));
	sodium_memzero(sk, sizeof(sk));
	return ret;
}
