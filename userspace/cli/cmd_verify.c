// SPDX-License-Identifier: GPL-2.0
/*
 * xtrail verify and xtrail anchor: check an F3 log (its files in order)
 * without decrypting it (or decrypting it too, with --key), name the first
 * bad item by file, offset and reason, and print or check anchors.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "f3.h"

int load_auditor_key(const char *cmd, const char *opt, unsigned char *sk,
		     int *have)
{
	const char *path = opt ? opt : getenv("XTRAIL_AUDITOR_KEY");
	char err[4200];

	*have = 0;
	if (!path || !*path)
		return 0;
	if (f3_key_load(path, sk, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", cmd, err);
		return -1;
	}
	*have = 1;
	return 0;
}

static int load_anchor(const char *cmd, const char *s, struct f3_anchor *a)
{
	char line[512];
	FILE *f;

	if (!strncmp(s, "xtrail-anchor-v1 ", 17)) {
		snprintf(line, sizeof(line), "%s", s);
	} else {
		f = fopen(s, "re");
		if (!f) {
			fprintf(stderr, "%s: %s: %s\n", cmd, s,
				strerror(errno));
			return -1;
		}
		if (!fgets(line, sizeof(line), f))
			line[0] = 0;
		fclose(f);
	}
	if (f3_anchor_parse(a, line)) {
		fprintf(stderr, "%s: %s: not an anchor\n", cmd, s);
		return -1;
	}
	return 0;
}

static void print_mark(void *ctx, const struct f3_mark *m, uint64_t off)
{
	const char *file = ctx;

	printf("%s: offset %" PRIu64 ": failure marker: %s (%s) in segment %" PRIu64
	       ", records before %" PRIu64 " durable, %" PRIu64
	       " acknowledged records lost, action %s\n",
	       file, off, xt_le32(m->kind) == F3_MARK_DISK_FULL ?
	       "disk full" : "disk error", strerror(xt_le32(m->err)),
	       xt_le64(m->segment_no), xt_le64(m->durable_seq),
	       xt_le64(m->lost), m->action);
}

/*
 * Read the log in @args (files or directories) to its end. Returns 0
 * with the reader at the end, or 1 after printing the error.
 */
static int read_log(const char *cmd, struct f3_reader *r, char **args,
		    int nargs, const uint8_t *sk, const uint8_t *seal,
		    const struct f3_anchor *anchor, int marks)
{
	enum f3_status st;
	const void *rec;
	char err[512];
	char **files;
	uint32_t len;
	size_t n, i = 0;
	int ret = 1;

	files = f3_log_files(args, nargs, &n, err, sizeof(err));
	if (!files) {
		fprintf(stderr, "%s: %s\n", cmd, err);
		return 1;
	}
	st = f3_reader_open(r, files[0]);
	if (marks) {
		r->on_mark = print_mark;
		r->mark_ctx = files[0];
	}
	if (sk)
		f3_reader_set_auditor_key(r, sk);
	if (seal)
		f3_reader_set_seal_key(r, seal);
	if (anchor)
		f3_reader_set_anchor(r, anchor);
	for (;;) {
		while (st == F3_OK)
			st = f3_next(r, &rec, &len);
		if (st != F3_END || ++i == n)
			break;
		if (marks)
			r->mark_ctx = files[i];
		st = f3_reader_next_file(r, files[i]);
	}
	if (st == F3_END)
		st = f3_reader_finish(r);
	if (st != F3_OK && st != F3_END) {
		fprintf(stderr, "%s: %s: %s\n", cmd, files[i < n ? i : n - 1],
			st == F3_ERR_IO && !r->f ? r->reason :
			f3_strerror(r));
		goto out;
	}
	ret = 0;
out:
	r->on_mark = NULL;
	f3_free_names(files);
	return ret;
}

static void verify_usage(FILE *f, const char *cmd)
{
	fprintf(f,
		"Usage: %s FILE|DIR... [--seal-key K] [--anchor A] [--key K]\n"
		"       [--retained]\n"
		"\n"
		"Check an F3 log (its files, or every F3 file of a directory, put in\n"
		"order by their first segment number): structure,\n"
		"CRCs, sequence numbers, the hash chain and, with --seal-key (the\n"
		"initial sealing key, a file or 64 hex digits), every seal's MAC.\n"
		"--anchor (a file or the line 'xtrail anchor' printed) detects a\n"
		"truncated tail and removed segments; --key (the auditor's secret\n"
		"key, default $XTRAIL_AUDITOR_KEY) decrypts and checks every record\n"
		"too. --retained accepts a log whose oldest files were removed by\n"
		"retention (it starts at the first segment there; segments missing\n"
		"after it still fail). Failure markers are listed. Prints the first\n"
		"bad item as FILE: offset N: reason and exits 1.\n",
		cmd);
}

int cmd_verify(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "seal-key", required_argument, NULL, 's' },
		{ "anchor", required_argument, NULL, 'a' },
		{ "key", required_argument, NULL, 'k' },
		{ "retained", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *cmd = argv[0], *seal_path = NULL, *anchor_s = NULL;
	int retained = 0;
	const char *key_path = NULL;
	uint8_t sk[F3_KEY_LEN], seal[F3_KEY_LEN];
	struct f3_anchor anchor;
	struct f3_reader *r;
	char err[4200];
	int o, have_sk = 0, ret = 1;

	while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (o) {
		case 's':
			seal_path = optarg;
			break;
		case 'a':
			anchor_s = optarg;
			break;
		case 'k':
			key_path = optarg;
			break;
		case 'r':
			retained = 1;
			break;
		case 'h':
			verify_usage(stdout, cmd);
			return 0;
		default:
			verify_usage(stderr, cmd);
			return 1;
		}
	}
	if (optind >= argc) {
		verify_usage(stderr, cmd);
		return 1;
	}
	if (f3_sodium_init())
		return 1;
	if (seal_path && f3_key_load(seal_path, seal, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", cmd, err);
		return 1;
	}
	if (anchor_s && load_anchor(cmd, anchor_s, &anchor))
		return 1;
	if (key_path && load_auditor_key(cmd, key_path, sk, &have_sk))
		return 1;
	r = calloc(1, sizeof(*r));
	if (!r)
		return 1;
	r->require_start = !retained;
	r->no_decrypt = !have_sk;
	if (read_log(cmd, r, argv + optind, argc - optind,
		     have_sk ? sk : NULL, seal_path ? seal : NULL,
		     anchor_s ? &anchor : NULL, 1))
		goto out;
	printf("%s: OK: %" PRIu64 " segments, %" PRIu64 " records, %" PRIu64
	       " seals", argv[optind], r->segments, r->frames, r->seals);
	if (r->marks)
		printf(", %" PRIu64 " failure markers", r->marks);
	if (r->seal_seen)
		printf(" (epochs 0..%" PRIu64 ")", r->next_epoch - 1);
	printf("%s%s\n", have_sk ? ", decrypted" : "",
	       anchor_s ? ", matches the anchor" : "");
	if (!seal_path)
		printf("note: seal MACs not checked (no --seal-key)\n");
	if (r->next_seq > (r->seal_seen ? r->last_seal_seq : 0))
		printf("note: the last %" PRIu64 " records are not sealed\n",
		       r->next_seq - (r->seal_seen ? r->last_seal_seq : 0));
	ret = 0;
out:
	f3_reader_close(r);
	free(r);
	sodium_memzero(seal, sizeof(seal));
	sodium_memzero(sk, sizeof(sk));
	return ret;
}

int cmd_anchor(int argc, char *argv[])
{
	const char *cmd = argv[0];
	struct f3_anchor a;
	struct f3_reader *r;
	char line[512];
	int ret = 1;

	if (argc < 2 || argv[1][0] == '-') {
		fprintf(argc == 2 && !strcmp(argv[1], "--help") ?
			stdout : stderr,
			"Usage: %s FILE...\n"
			"\n"
			"Check the log's structure and chain and print its anchor:\n"
			"  xtrail-anchor-v1 SEQ_ID SEQ CHAIN EPOCH MAC\n"
			"(the log's id, the records so far, the chain head after them,\n"
			"the latest seal's epoch and MAC). Keep it off the host; give it\n"
			"to 'xtrail verify --anchor' later.\n", cmd);
		return argc == 2 && !strcmp(argv[1], "--help") ? 0 : 1;
	}
	if (f3_sodium_init())
		return 1;
	r = calloc(1, sizeof(*r));
	if (!r)
		return 1;
	r->no_decrypt = 1;
	if (!read_log(cmd, r, argv + 1, argc - 1, NULL, NULL, NULL, 0)) {
		f3_reader_anchor(r, &a);
		f3_anchor_format(&a, line, sizeof(line));
		printf("%s\n", line);
		ret = 0;
	}
	f3_reader_close(r);
	free(r);
	return ret;
}
