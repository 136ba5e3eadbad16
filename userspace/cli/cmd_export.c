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
#include <getopt.h>
#include <inttypes.h>

#include "cli.h"
#include "export_ecs.h"
#include "export_fmt.h"
#include "log_reader.h"
#include "record_json.h"
#include "vm_join.h"

static void export_usage(FILE *f, const char *cmd)
{
	fprintf(f,
		"Usage: %s FILE|DIR... [--key auditor.key] [--seal-key K]\n"
		"       [--format jsonl|csv|sqlite|timesketch|ecs] [-o OUT]\n"
		"       [--since TIME] [--until TIME] [--domid N] [--pid N]\n"
		"       [--uid N] [--type TYPE] [--vm NAME|UUID] [--grep TEXT]\n"
		"       [--retained]\n"
		"\n"
		"Check every item of the F3 log (files, or every F3 file of a\n"
		"directory, \"-\" for standard input), decrypt its records with the\n"
		"auditor's secret key (--key, default $XTRAIL_AUDITOR_KEY) and write\n"
		"those that pass the filters on standard output or in OUT:\n"
		"  jsonl       one JSON object per record (the default)\n"
		"  csv         a header line and one row per record\n"
		"  sqlite      a new SQLite database (needs -o; schema in xtrail(8))\n"
		"  timesketch  JSON Lines with message, datetime, timestamp_desc\n"
		"  ecs         JSON Lines in Elastic Common Schema (ECS " ECS_VERSION ")\n"
		"Every record carries vm_uuid and vm_name beside domid: the VM\n"
		"identity dom0 recorded for that domid at that point of the log\n"
		"(from its VM_IDENTITY record to its DISCONNECT; \"\" when none).\n"
		"Filters (each given must pass; --domid, --pid, --uid, --type and\n"
		"--vm may be repeated, any value matches): --vm NAME|UUID (exact:\n"
		"a UUID, any case, matches vm_uuid, anything else vm_name),\n"
		"--since/--until TIME (RFC 3339 like 2026-11-21T23:59:01Z or\n"
		"2026-11-21T18:59:01-05:00, or @SECONDS; [since, until) on the\n"
		"record's wall-clock time), --grep TEXT (a substring of one of the\n"
		"record's values: a string as the bytes it stands for, without\n"
		"JSON's escapes, a number in decimal). With --seal-key the\n"
		"seals are checked on the way. --retained reads a log whose oldest\n"
		"files were removed, without an anchor: check it first with\n"
		"'xtrail verify --retained --anchor A'.\n"
		"Text a guest controls is escaped: JSON writes control and bidi\n"
		"characters as \\u escapes, the other formats show them as \\xHH,\n"
		"\\uHHHH, \\n...; a CSV cell starting =, +, -, @ gets a ' first\n"
		"(xtrail(8), \"Text a guest controls\").\n",
		cmd);
}

/* Wall-clock time of the record @rec as record_json.h computes "time". */
static int64_t rec_time(const struct xtrail_clock_ref *clk, const void *rec)
{
	const struct xtrail_rec_hdr *h = rec;
	uint64_t t = xt_le16(h->flags) & XTRAIL_RF_TS_XEN && clk->ts_xen ?
		     xt_le64(h->ts_ns) : xt_le64(h->recv_ns);
	int64_t ns;

	return xt_json_clock_ref_time(clk, t, &ns) ? -1 : ns;
}

struct export_opts {
	const char *key_path;
	const char *seal_path;
	const char *out_path;
	enum xt_format fmt;
	struct xt_filter filt;
	int retained;
};

/* A bad value of the list filter @what; -1. */
static int bad_filter(const char *cmd, const char *what, const char *v)
{
	fprintf(stderr, "%s: bad %s '%s'\n", cmd, what, v);
	return -1;
}

/*
 * The filter options, as dev_opt() does the device options: 1 when
 * getopt's @o was one (@arg added to @f), 0 when not, -1 after a message.
 */
static int filter_opt(const char *cmd, int o, const char *arg,
		      struct xt_filter *f)
{
	switch (o) {
	case 'S':
	case 'U':
		if (xt_parse_time(arg, o == 'S' ? &f->since : &f->until)) {
			fprintf(stderr,
				"%s: bad time '%s' (2026-11-21T23:59:01Z, 2026-11-21T18:59:01-05:00 or @SECONDS)\n",
				cmd, arg);
			return -1;
		}
		if (o == 'S')
			f->has_since = 1;
		else
			f->has_until = 1;
		return 1;
	case 'D':
		return xt_filter_add(f, "domid", arg) ?
		       bad_filter(cmd, "domid", arg) : 1;
	case 'P':
		return xt_filter_add(f, "pid", arg) ?
		       bad_filter(cmd, "pid", arg) : 1;
	case 'I':
		return xt_filter_add(f, "uid", arg) ?
		       bad_filter(cmd, "uid", arg) : 1;
	case 'T':
		return !xt_type_known(arg) || xt_filter_add(f, "type", arg) ?
		       bad_filter(cmd, "type", arg) : 1;
	case 'V':
		if (!xt_filter_add(f, "vm", arg))
			return 1;
		fprintf(stderr, xt_vm_uuid_shaped(arg) ?
			"%s: bad --vm UUID '%s' (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, hex digits)\n" :
			"%s: bad --vm name '%s' (1 to 64 printable ASCII characters)\n",
			cmd, arg);
		return -1;
	case 'G':
		f->text = arg;
		return 1;
	default:
		return 0;
	}
}

/* Options into @eo: CLI_CONTINUE, or the exit status. */
static int export_opts(int argc, char *argv[], struct export_opts *eo)
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
		{ "vm", required_argument, NULL, 'V' },
		{ "retained", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *cmd = argv[0];
	int o, filt;

	while ((o = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		filt = filter_opt(cmd, o, optarg, &eo->filt);
		if (filt < 0)
			return 1;
		if (filt)
			continue;
		switch (o) {
		case 'f':
			if (xt_format_parse(optarg, &eo->fmt)) {
				fprintf(stderr,
					"%s: unknown format '%s' (jsonl, csv, sqlite, timesketch or ecs)\n",
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
		case 'r':
			eo->retained = 1;
			break;
		case 'h':
			export_usage(stdout, cmd);
			return 0;
		default:
			export_usage(stderr, cmd);
			return 1;
		}
	}
	if (optind >= argc) {
		export_usage(stderr, cmd);
		return 1;
	}
	return CLI_CONTINUE;
}

struct export_ctx {
	struct log_reader *lr;
	const struct export_opts *eo;
	struct xt_out *out;
	struct xtrail_clock_ref clk;
	struct xt_vm_join vms;
};

/*
 * @o with "f3_seq" first: the record's place in F3, unique, the key the
 * csv and sqlite rows have too. @o is given over; NULL when memory runs out.
 */
static struct json_object *with_f3_seq(struct json_object *o, uint64_t seq)
{
	struct json_object *n = o ? json_object_new_object() : NULL;
	struct json_object *s = n ? json_object_new_uint64(seq) : NULL;

	if (!s || json_object_object_add(n, "f3_seq", s)) {
		json_object_put(s);
		goto fail;
	}
	json_object_object_foreach(o, key, v) {
		if (json_object_object_add(n, key, json_object_get(v))) {
			json_object_put(v);
			goto fail;
		}
	}
	json_object_put(o);
	return n;
fail:
	json_object_put(n);
	json_object_put(o);
	return NULL;
}

/* One record, as the join gives it: written if it passes. 0, or 1. */
static int export_held(struct export_ctx *x, const struct xt_vm_held *h)
{
	const struct export_opts *eo = x->eo;
	const char *cmd = x->lr->cmd;
	struct json_object *obj;
	char *text;
	char err[512];
	int64_t t;
	int ret = 0;

	obj = with_f3_seq(xt_json_rec_vm(h->rec, h->len, &h->clk, h->id.uuid,
					 h->id.name), h->f3_seq);
	text = obj ? xt_json_line(obj) : NULL;
	if (!text) {
		json_object_put(obj);
		fprintf(stderr, "%s: out of memory\n", cmd);
		return 1;
	}
	t = rec_time(&h->clk, h->rec);
	if (xt_filter_match(&eo->filt, obj, t) &&
	    xt_out_write(x->out, h->f3_seq, obj, t, text, err, sizeof(err))) {
		fprintf(stderr, "%s: %s: %s\n", cmd,
			eo->out_path ? eo->out_path : "standard output", err);
		ret = 1;
	}
	free(text);
	json_object_put(obj);
	return ret;
}

/* Write what the join has ready (all of it at @end). 0, or 1. */
static int export_ready(struct export_ctx *x, int end)
{
	const struct xt_vm_held *h;

	while ((h = xt_vm_join_next(&x->vms, end)))
		if (export_held(x, h))
			return 1;
	return 0;
}

/* One record of the log, into the join (vm_join.h). 0, or 1. */
static int export_rec(void *arg, const void *rec, uint32_t len)
{
	struct export_ctx *x = arg;

	xt_json_clock_ref_update(&x->clk, rec);
	if (xt_vm_join_push(&x->vms, rec, len, x->lr->r->next_seq - 1,
			    &x->clk)) {
		fprintf(stderr, "%s: out of memory\n", x->lr->cmd);
		return 1;
	}
	return export_ready(x, 0);
}

/* Read the opened log, write what passes. 0, or 1 after printing the error. */
static int export_log(struct log_reader *lr, const struct export_opts *eo)
{
	struct export_ctx x = { .lr = lr, .eo = eo };
	char err[PATH_ERR_MAX];
	uint64_t skipped = 0;
	int ret;

	x.out = xt_out_open(eo->fmt, eo->out_path, err, sizeof(err));
	if (!x.out) {
		fprintf(stderr, "%s: %s\n", lr->cmd, err);
		return 1;
	}
	ret = log_reader_read(lr, export_rec, &x);
	/* What was held is written too, up to a bad item. */
	if (export_ready(&x, 1))
		ret = 1;
	xt_vm_join_free(&x.vms);
	if (xt_out_close(x.out, &skipped, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", lr->cmd, err);
		ret = 1;
	}
	if (skipped)
		fprintf(stderr,
			"%s: %" PRIu64 " records without a wall-clock time (before the first clock record) left out\n",
			lr->cmd, skipped);
	return ret;
}

int cmd_export(int argc, char *argv[])
{
	struct export_opts eo = { .fmt = XT_FMT_JSONL };
	struct log_reader lr = { .cmd = argv[0] };
	uint8_t sk[F3_KEY_LEN], seal[F3_KEY_LEN];
	int have_sk = 0, ret;

	ret = export_opts(argc, argv, &eo);
	if (ret != CLI_CONTINUE)
		return ret;
	if (xt_f3_sodium_init() ||
	    load_auditor_key(lr.cmd, eo.key_path, sk, &have_sk) ||
	    (eo.seal_path && load_key(lr.cmd, eo.seal_path, seal)))
		return 1;
	lr.require_start = !eo.retained;
	if (eo.retained)
		fprintf(stderr,
			"%s: --retained: not checked against an anchor here; a log whose start was removed proves nothing by itself (run 'xtrail verify --retained --anchor A')\n",
			lr.cmd);
	lr.auditor_sk = have_sk ? sk : NULL;
	lr.seal_key = eo.seal_path ? seal : NULL;
	ret = log_reader_open(&lr, argv + optind, argc - optind);
	if (!ret)
		ret = export_log(&lr, &eo);
	sodium_memzero(sk, sizeof(sk));
	sodium_memzero(seal, sizeof(seal));
	log_reader_close(&lr);
	return ret;
}
