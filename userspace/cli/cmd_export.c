// SPDX-License-Identifier: GPL-2.0
/*
 * xtrail export: read an F3 log (its files, or a directory of them, in
 * order), decrypting it with the auditor's secret key (--key or
 * $XTRAIL_AUDITOR_KEY) and checking it item by item as "xtrail verify"
 * does, keep the records that pass the filters, and write them in one of
 * the formats of export_fmt.h. Stops at the first bad item: what came
 * before it is written, the error (with its byte offset) goes to stderr,
 * exit status 1.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "export_fmt.h"
#include "f3.h"
#include "record_json.h"

static void export_usage(FILE *f, const char *cmd)
{
	fprintf(f,
		"Usage: %s FILE|DIR... [--key auditor.key] [--seal-key K]\n"
		"       [--format jsonl|csv|sqlite|timesketch] [-o OUT]\n"
		"       [--since TIME] [--until TIME] [--domid N] [--pid N]\n"
		"       [--uid N] [--type TYPE] [--grep TEXT] [--retained]\n"
		"\n"
		"Check every item of the F3 log (files, or every F3 file of a\n"
		"directory, \"-\" for standard input), decrypt its records with the\n"
		"auditor's secret key (--key, default $XTRAIL_AUDITOR_KEY) and write\n"
		"those that pass the filters on standard output or in OUT:\n"
		"  jsonl       one JSON object per record (the default)\n"
		"  csv         a header line and one row per record\n"
		"  sqlite      a new SQLite database (needs -o; schema in xtrail(8))\n"
		"  timesketch  JSON Lines with message, datetime, timestamp_desc\n"
		"Filters (each given must pass; --domid, --pid, --uid and --type\n"
		"may be repeated, any value matches): --since/--until TIME (RFC 3339\n"
		"UTC like 2026-11-21T23:59:01Z, or @SECONDS; [since, until) on the\n"
		"record's wall-clock time), --grep TEXT (a substring of the record's\n"
		"JSON). With --seal-key the seals are checked on the way;\n"
		"--retained as for verify.\n",
		cmd);
}

/* Wall-clock time of the record @rec as record_json.h computes "time". */
static int64_t rec_time(const struct xtrail_clock_ref *clk, const void *rec)
{
	const struct xtrail_rec_hdr *h = rec;
	uint64_t t = xt_le16(h->flags) & XTRAIL_RF_TS_XEN && clk->ts_xen ?
		     xt_le64(h->ts_ns) : xt_le64(h->recv_ns);
	int64_t ns;

	return xtrail_clock_ref_time(clk, t, &ns) ? -1 : ns;
}

struct export_opts {
	const char *key_path;
	const char *seal_path;
	const char *out_path;
	enum xt_format fmt;
	struct xt_filter filt;
	int retained;
};

static int parse_opts(int argc, char *argv[], struct export_opts *eo)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "key", required_argument, NULL, 'k' },
		{ "seal-key", required_argument, NULL, 's' },
		{ "since", required_argument, NULL, 'S' },
		{ "until", required_argument, NULL, 'U' },
		{ "domid", required_argument, NULL, 'D' },
		{ "pid", required_argument, NULL, 'P' },
		{ "uid", required_argument, NULL, 'I' },
		{ "type", required_argument, NULL, 'T' },
		{ "grep", required_argument, NULL, 'G' },
		{ "retained", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *cmd = argv[0], *what;
	int o;

	while ((o = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (o) {
		case 'f':
			if (xt_format_parse(optarg, &eo->fmt)) {
				fprintf(stderr,
					"%s: unknown format '%s' (jsonl, csv, sqlite or timesketch)\n",
					cmd, optarg);
				return 1;
			}
			break;
		case 'o':
			eo->out_path = optarg;
			break;
		case 'k':
			eo->key_path = optarg;
			break;
		case 's':
			eo->seal_path = optarg;
			break;
		case 'S':
		case 'U':
			if (xt_parse_time(optarg, o == 'S' ? &eo->filt.since :
					  &eo->filt.until)) {
				fprintf(stderr,
					"%s: bad time '%s' (2026-11-21T23:59:01Z or @SECONDS)\n",
					cmd, optarg);
				return 1;
			}
			if (o == 'S')
				eo->filt.has_since = 1;
			else
				eo->filt.has_until = 1;
			break;
		case 'D':
		case 'P':
		case 'I':
		case 'T':
			what = o == 'D' ? "domid" : o == 'P' ? "pid" :
			       o == 'I' ? "uid" : "type";
			if ((o == 'T' && !xt_type_known(optarg)) ||
			    xt_filter_add(&eo->filt, what, optarg)) {
				fprintf(stderr, "%s: bad %s '%s'\n", cmd, what,
					optarg);
				return 1;
			}
			break;
		case 'G':
			eo->filt.text = optarg;
			break;
		case 'r':
			eo->retained = 1;
			break;
		case 'h':
			export_usage(stdout, cmd);
			exit(0);
		default:
			export_usage(stderr, cmd);
			return 1;
		}
	}
	if (optind >= argc) {
		export_usage(stderr, cmd);
		return 1;
	}
	return 0;
}

/* Read the log, write what passes. 0, or 1 after printing the error. */
static int export_log(const char *cmd, struct f3_reader *r, char **files,
		      size_t n, const struct export_opts *eo,
		      struct xt_out *out)
{
	struct xtrail_clock_ref clk = { 0 };
	struct json_object *obj;
	enum f3_status st = F3_OK;
	const char *text;
	const void *rec;
	char err[512];
	uint32_t len;
	size_t i = 0;
	int64_t t;

	for (;;) {
		while ((st = f3_next(r, &rec, &len)) == F3_OK) {
			xtrail_clock_ref_update(&clk, rec);
			obj = xtrail_rec_json(rec, len, &clk);
			if (!obj) {
				fprintf(stderr, "%s: out of memory\n", cmd);
				return 1;
			}
			text = json_object_to_json_string_ext(obj,
							      XTRAIL_JSON_FLAGS);
			t = rec_time(&clk, rec);
			if (xt_filter_match(&eo->filt, obj, t, text) &&
			    xt_out_write(out, r->next_seq - 1, obj, t, text,
					 err, sizeof(err))) {
				json_object_put(obj);
				fprintf(stderr, "%s: %s: %s\n", cmd,
					eo->out_path ? eo->out_path :
					"standard output", err);
				return 1;
			}
			json_object_put(obj);
		}
		if (st != F3_END || ++i == n)
			break;
		st = f3_reader_next_file(r, files[i]);
		if (st != F3_OK)
			break;
	}
	if (st != F3_END) {
		fprintf(stderr, "%s: %s: %s\n", cmd, files[i < n ? i : n - 1],
			st == F3_ERR_IO && !r->f ? r->reason : f3_strerror(r));
		return 1;
	}
	return 0;
}

int cmd_export(int argc, char *argv[])
{
	struct export_opts eo = { .fmt = XT_FMT_JSONL };
	const char *cmd = argv[0];
	uint8_t sk[F3_KEY_LEN], seal[F3_KEY_LEN];
	char err[4200];
	int have_sk = 0;
	struct xt_out *out = NULL;
	struct f3_reader *r = NULL;
	enum f3_status st;
	uint64_t skipped = 0;
	char **files = NULL;
	size_t n;
	int ret = 1;

	if (parse_opts(argc, argv, &eo))
		return 1;
	if (f3_sodium_init())
		return 1;
	if (load_auditor_key(cmd, eo.key_path, sk, &have_sk))
		return 1;
	if (eo.seal_path && f3_key_load(eo.seal_path, seal, err,
					sizeof(err))) {
		fprintf(stderr, "%s: %s\n", cmd, err);
		return 1;
	}
	files = f3_log_files(argv + optind, argc - optind, &n, err,
			     sizeof(err));
	r = calloc(1, sizeof(*r));
	if (!files || !r) {
		fprintf(stderr, "%s: %s\n", cmd, files ? strerror(ENOMEM) : err);
		goto out;
	}
	r->require_start = !eo.retained;
	st = f3_reader_open(r, files[0]);
	if (have_sk)
		f3_reader_set_auditor_key(r, sk);
	if (eo.seal_path)
		f3_reader_set_seal_key(r, seal);
	if (st != F3_OK) {
		fprintf(stderr, "%s: %s: %s\n", cmd, files[0],
			st == F3_ERR_IO && !r->f ? r->reason : f3_strerror(r));
		goto out;
	}
	out = xt_out_open(eo.fmt, eo.out_path, err, sizeof(err));
	if (!out) {
		fprintf(stderr, "%s: %s\n", cmd, err);
		goto out;
	}
	ret = export_log(cmd, r, files, n, &eo, out);
	if (xt_out_close(out, &skipped, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", cmd, err);
		ret = 1;
	}
	if (skipped)
		fprintf(stderr,
			"%s: %" PRIu64 " records without a wall-clock time (before the first clock record) left out\n",
			cmd, skipped);
out:
	sodium_memzero(sk, sizeof(sk));
	sodium_memzero(seal, sizeof(seal));
	if (r)
		f3_reader_close(r);
	free(r);
	f3_free_names(files);
	return ret;
}
