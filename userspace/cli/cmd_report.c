// SPDX-License-Identifier: GPL-2.0
/*
 * xtrail report: the auditor's document. Read an F3 log with the auditor's
 * secret key, checking it item by item as "xtrail verify" does (the same
 * reader, the same options: --seal-key, --anchor, --retained,
 * --pin-epoch), gather what report_model.h lists, take the findings
 * (report_find.h: from --findings FILE), read the log a second time for
 * the records behind them, and write one self-contained HTML page
 * (report_html.h) and/or the same content as JSON (doc/report.schema.json).
 * --vm UUID: the transparency report of one customer's VM, nothing about
 * any other. A log that fails verification still gets its report, up to
 * the bad item, which the report names; the exit status is then 1.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "detect.h"
#include "export_msg.h"
#include "log_reader.h"
#include "record_json.h"
#include "report_find.h"
#include "report_html.h"
#include "report_model.h"
#include "vm_join.h"

#define REPORT_DETECT_MAX	64	/* --rules and --set, each */

struct report_opts {
	const char *key_path;
	const char *seal_path;
	const char *anchor_s;
	const char *out_path;
	const char *json_path;
	const char *findings_path;
	const char *dirs[REPORT_DETECT_MAX];	/* --rules */
	const char *sets[REPORT_DETECT_MAX];	/* --set */
	unsigned int ndirs, nsets;
	int json;		/* --format json: -o gets JSON */
	int retained;
	int have_pin;
	uint64_t pin;
	char vm[XT_VM_UUID_TEXT];
};

static void report_usage(FILE *f, const char *cmd)
{
	fprintf(f,
		"Usage: %s FILE|DIR... [--key auditor.key] [-o FILE.html]\n"
		"       [--json FILE] [--format html|json] [--vm UUID]\n"
		"       [--rules DIR]... [--set RULE.PARAM=VALUE]... [--findings FILE]\n"
		"       [--seal-key K] [--anchor A] [--retained]\n"
		"       [--pin-epoch E]\n"
		"\n"
		"Write the auditor's report of an F3 log (files, or every F3 file\n"
		"of a directory), decrypted with the auditor's secret key (--key,\n"
		"default $XTRAIL_AUDITOR_KEY): one self-contained HTML page (-o,\n"
		"default standard output; no script, no external file: it opens\n"
		"offline and prints) and, with --json FILE, the same content as\n"
		"JSON (--format json writes JSON to -o instead). Sections: the\n"
		"log's integrity (what xtrail verify finds, with the same --seal-key,\n"
		"--anchor, --retained and --pin-epoch; records declared lost and by\n"
		"whom, violations, silences, per VM), the VMs seen (UUID, names,\n"
		"domids and when), the findings of the detection rules (as xtrail\n"
		"detect runs them: --rules, --set; or --findings FILE, the JSON of\n"
		"xtrail detect --json) grouped by CSA threat with their records and\n"
		"process chains, a timeline per VM, the terminal sessions with the\n"
		"command that replays each, and the operator actions on the logging.\n"
		"--vm UUID: the transparency report for that VM's customer: only\n"
		"its section, where its records are stored, to whom they are\n"
		"encrypted, every operator action on its logging, nothing about\n"
		"any other VM. Exit status 1 when the log fails verification (the\n"
		"report is written up to the bad item, which it names).\n",
		cmd);
}

/* The options that are not verify's. 1: taken, 0: not one, -1: bad. */
static int report_opt(const char *cmd, int o, struct report_opts *ro)
{
	unsigned int pin;

	switch (o) {
	case 'o':
		ro->out_path = optarg;
		return 1;
	case 'j':
		ro->json_path = optarg;
		return 1;
	case 'F':
		ro->findings_path = optarg;
		return 1;
	case 'R':
	case 'S':
		if ((o == 'R' ? ro->ndirs : ro->nsets) == REPORT_DETECT_MAX) {
			fprintf(stderr, "%s: too many --%s\n", cmd,
				o == 'R' ? "rules" : "set");
			return -1;
		}
		if (o == 'R')
			ro->dirs[ro->ndirs++] = optarg;
		else
			ro->sets[ro->nsets++] = optarg;
		return 1;
	case 'f':
		if (strcmp(optarg, "html") && strcmp(optarg, "json")) {
			fprintf(stderr, "%s: unknown format '%s' (html or json)\n",
				cmd, optarg);
			return -1;
		}
		ro->json = !strcmp(optarg, "json");
		return 1;
	case 'V':
		if (!xt_vm_uuid_parse(optarg, ro->vm))
			return 1;
		fprintf(stderr, "%s: bad --vm UUID '%s' (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)\n",
			cmd, optarg);
		return -1;
	case 'p':
		if (parse_uint(cmd, "epoch", optarg, 0, 0xffffffffUL, &pin))
			return -1;
		ro->pin = pin;
		ro->have_pin = 1;
		return 1;
	}
	return 0;
}

/* Options into @ro: CLI_CONTINUE, or the exit status. */
static int report_opts(int argc, char *argv[], struct report_opts *ro)
{
	static const struct option opts[] = {
		{ "key", required_argument, NULL, 'k' },
		{ "seal-key", required_argument, NULL, 's' },
		{ "anchor", required_argument, NULL, 'a' },
		{ "retained", no_argument, NULL, 'r' },
		{ "pin-epoch", required_argument, NULL, 'p' },
		{ "output", required_argument, NULL, 'o' },
		{ "json", required_argument, NULL, 'j' },
		{ "format", required_argument, NULL, 'f' },
		{ "vm", required_argument, NULL, 'V' },
		{ "findings", required_argument, NULL, 'F' },
		{ "rules", required_argument, NULL, 'R' },
		{ "set", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int o, t;

	while ((o = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		t = report_opt(argv[0], o, ro);
		if (t < 0)
			return 1;
		if (t)
			continue;
		if (o == 'k')
			ro->key_path = optarg;
		else if (o == 's')
			ro->seal_path = optarg;
		else if (o == 'a')
			ro->anchor_s = optarg;
		else if (o == 'r')
			ro->retained = 1;
		else if (o == 'h')
			return report_usage(stdout, argv[0]), 0;
		else
			return report_usage(stderr, argv[0]), 1;
	}
	if (optind >= argc)
		return report_usage(stderr, argv[0]), 1;
	if (ro->retained && !ro->anchor_s && !ro->have_pin) {
		fprintf(stderr, "%s: --retained needs --anchor or --pin-epoch (as xtrail verify)\n",
			argv[0]);
		return 1;
	}
	if (ro->have_pin && !ro->seal_path) {
		fprintf(stderr, "%s: --pin-epoch needs --seal-key (as xtrail verify)\n",
			argv[0]);
		return 1;
	}
	return CLI_CONTINUE;
}

/* Wall-clock time of @rec as record_json.h computes "time", or -1. */
static int64_t rec_time(const struct xtrail_clock_ref *clk, const void *rec)
{
	const struct xtrail_rec_hdr *h = rec;
	uint64_t t = xt_le16(h->flags) & XTRAIL_RF_TS_XEN && clk->ts_xen ?
		     xt_le64(h->ts_ns) : xt_le64(h->recv_ns);
	int64_t ns;

	return xt_json_clock_ref_time(clk, t, &ns) ? -1 : ns;
}

/* One reading of the log: the model's (first) or the findings' (second). */
struct report_pass {
	struct log_reader lr;
	struct xtrail_clock_ref clk;
	struct xt_vm_join vms;
	struct rep_model *m;
	struct rep_find *f;
	char error[PATH_ERR_MAX];	/* why the log failed, or "" */
};

/* The failure markers of the first reading (on_mark has no context). */
static struct json_object *report_marks;

static void report_mark(void *file, const struct f3_mark *mk, uint64_t off)
{
	struct json_object *o = json_object_new_object();
	int oom = 0;

	if (!o || !report_marks)
		return;
	rep_set(o, "file", json_object_new_string(file), &oom);
	rep_set(o, "offset", json_object_new_uint64(off), &oom);
	rep_set(o, "kind", json_object_new_string(xt_le32(mk->kind) ==
		F3_MARK_DISK_FULL ? "disk full" : "disk error"), &oom);
	rep_set(o, "segment", json_object_new_uint64(xt_le64(mk->segment_no)),
		&oom);
	rep_set(o, "lost", json_object_new_uint64(xt_le64(mk->lost)), &oom);
	if (json_object_array_add(report_marks, o))
		json_object_put(o);
}

/* Records the join has ready, to the model or the findings. 0, or 1. */
static int report_ready(struct report_pass *p, int end)
{
	const struct xt_vm_held *h;
	struct json_object *o;
	int64_t t;
	int bad;

	while ((h = xt_vm_join_next(&p->vms, end))) {
		o = xt_json_rec_vm(h->rec, h->len, &h->clk, h->id.uuid,
				   h->id.name);
		t = rec_time(&h->clk, h->rec);
		bad = !o || (p->m ? rep_model_record(p->m, h, o, t) :
			     rep_find_record(p->f, h, o, t));
		json_object_put(o);
		if (bad) {
			fprintf(stderr, "%s: out of memory\n", p->lr.cmd);
			return 1;
		}
	}
	return 0;
}

static int report_rec(void *arg, const void *rec, uint32_t len)
{
	struct report_pass *p = arg;

	xt_json_clock_ref_update(&p->clk, rec);
	if (xt_vm_join_push(&p->vms, rec, len, p->lr.r->next_seq - 1,
			    &p->clk)) {
		fprintf(stderr, "%s: out of memory\n", p->lr.cmd);
		return 1;
	}
	return report_ready(p, 0);
}

/*
 * Read the log opened in @p to its end or its first bad item (named in
 * p->error). 0, or 1 when the report cannot be made (no memory).
 */
static int report_read(struct report_pass *p)
{
	struct f3_reader *r = p->lr.r;
	size_t i;
	int bad;

	bad = log_reader_read(&p->lr, report_rec, p);
	if (!bad)
		bad = log_reader_finish(&p->lr);
	if (bad && r->err == F3_OK)
		return 1;	/* ours: no memory */
	if (report_ready(p, 1))
		return 1;
	if (bad) {
		i = p->lr.i < p->lr.n ? p->lr.i : p->lr.n - 1;
		snprintf(p->error, sizeof(p->error), "%s: %s", p->lr.files[i],
			 xt_f3_strerror(r));
	}
	return 0;
}

/* Open the log in @p as verify would with @ro's options. 0, or 1. */
static int report_open(struct report_pass *p, const struct report_opts *ro,
		       char **args, int nargs, const uint8_t *sk,
		       const uint8_t *seal, const struct f3_anchor *anchor)
{
	p->lr.require_start = !ro->retained;
	p->lr.auditor_sk = sk;
	p->lr.seal_key = ro->seal_path ? seal : NULL;
	p->lr.anchor = ro->anchor_s ? anchor : NULL;
	p->lr.pin = ro->have_pin ? &ro->pin : NULL;
	return log_reader_open(&p->lr, args, nargs);
}

static void set_u(struct json_object *o, const char *k, uint64_t v, int *oom)
{
	rep_set(o, k, json_object_new_uint64(v), oom);
}

/* What verify found, from the first reading @p. */
static struct json_object *integrity(const struct report_pass *p,
				     const struct report_opts *ro, int *oom)
{
	const struct f3_reader *r = p->lr.r;
	struct json_object *o = json_object_new_object();
	uint64_t sealed = r->seal_seen ? r->last_seal_seq : 0;
	char ep[64];

	if (!o)
		return NULL;
	snprintf(ep, sizeof(ep), "%" PRIu64 "..%" PRIu64, r->first_epoch,
		 r->next_epoch - 1);
	rep_set(o, "verdict", json_object_new_string(p->error[0] ? "failed" :
						     "ok"), oom);
	rep_set(o, "error", p->error[0] ? json_object_new_string(p->error) :
		NULL, oom);
	set_u(o, "segments", r->segments, oom);
	set_u(o, "records", r->frames, oom);
	set_u(o, "seals", r->seals, oom);
	rep_set(o, "epochs", r->seal_seen ? json_object_new_string(ep) : NULL,
		oom);
	rep_set(o, "seal_macs_checked", json_object_new_boolean(
		ro->seal_path != NULL), oom);
	rep_set(o, "anchor", json_object_new_string(!ro->anchor_s ?
		"not given" : p->error[0] ? "not matched" : "matched"), oom);
	rep_set(o, "pinned_epoch", ro->have_pin ?
		json_object_new_uint64(ro->pin) : NULL, oom);
	set_u(o, "unsealed_records", r->next_seq > sealed ?
	      r->next_seq - sealed : 0, oom);
	set_u(o, "failure_markers", r->marks, oom);
	rep_set(o, "markers", json_object_get(report_marks), oom);
	rep_set(o, "retained_from", ro->retained ?
		json_object_new_uint64(r->start_seq) : NULL, oom);
	return o;
}

/* "sha256:HEX" of the auditor's public key @pk, into @out (72 bytes). */
static void fingerprint(const uint8_t *pk, char *out, size_t size)
{
	uint8_t h[crypto_hash_sha256_BYTES];
	char hex[2 * crypto_hash_sha256_BYTES + 1];

	crypto_hash_sha256(h, pk, F3_KEY_LEN);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	snprintf(out, size, "sha256:%s", hex);
}

/* "log": the files, the auditor's key. */
static struct json_object *log_info(const struct report_pass *p, int *oom)
{
	struct json_object *o = json_object_new_object();
	struct json_object *f = json_object_new_array();
	struct json_object *k = json_object_new_object();
	char hex[2 * F3_KEY_LEN + 1], fp[80], *abs;
	size_t i;

	if (!o || !f || !k) {
		json_object_put(o);
		json_object_put(f);
		json_object_put(k);
		return NULL;
	}
	for (i = 0; i < p->lr.n; i++) {
		abs = realpath(p->lr.files[i], NULL);
		json_object_array_add(f, json_object_new_string(
			abs ? abs : p->lr.files[i]));
		free(abs);
	}
	sodium_bin2hex(hex, sizeof(hex), p->lr.r->auditor_pk, F3_KEY_LEN);
	fingerprint(p->lr.r->auditor_pk, fp, sizeof(fp));
	rep_set(k, "public_key", json_object_new_string(hex), oom);
	rep_set(k, "fingerprint", json_object_new_string(fp), oom);
	rep_set(o, "files", f, oom);
	rep_set(o, "auditor_key", k, oom);
	return o;
}

/* The log's arguments, each quoted for a shell: for the replay commands. */
static char *quoted_args(char **args, int n)
{
	size_t len = 1, k;
	char *out, *p;
	int i;

	for (i = 0; i < n; i++)
		len += 4 * strlen(args[i]) + 3;
	out = malloc(len);
	if (!out)
		return NULL;
	p = out;
	for (i = 0; i < n; i++) {
		if (i)
			*p++ = ' ';
		if (!strpbrk(args[i], " \t\n'\"\\$`*?[]{}()<>|&;#~!") &&
		    *args[i]) {
			p = stpcpy(p, args[i]);
			continue;
		}
		*p++ = '\'';
		for (k = 0; args[i][k]; k++) {
			if (args[i][k] == '\'')
				p = stpcpy(p, "'\\''");
			else
				*p++ = args[i][k];
		}
		*p++ = '\'';
	}
	*p = 0;
	return out;
}

/* Write @root to @path (NULL: standard output) as HTML or JSON. 0, or 1. */
static int report_write(const char *cmd, const char *path,
			struct json_object *root, int json)
{
	FILE *f = path ? fopen(path, "we") : stdout;
	char *text = NULL;
	int bad;

	if (!f) {
		fprintf(stderr, "%s: %s: %s\n", cmd, path, strerror(errno));
		return 1;
	}
	if (json) {
		text = xt_json_line(root);
		bad = !text || fputs(text, f) < 0 || fputc('\n', f) < 0;
		free(text);
	} else {
		bad = rep_html_write(f, root);
	}
	if ((path ? fclose(f) : fflush(f)) || bad) {
		fprintf(stderr, "%s: %s: write error\n", cmd,
			path ? path : "standard output");
		return 1;
	}
	return 0;
}

struct report_keys {
	uint8_t sk[F3_KEY_LEN];
	uint8_t seal[F3_KEY_LEN];
	struct f3_anchor anchor;
};

/*
 * The findings of the detection rules (detect.h) over the log into
 * *@findings, and what they are (@src). 0, or -1 when the rules failed.
 */
static int report_detect(const struct report_opts *ro, char **args,
			 int nargs, const uint8_t *sk, const char *cmd,
			 struct json_object **findings, char *src, size_t n)
{
	struct xt_detect_opts o = {
		.cmd = cmd, .logs = args, .nlogs = nargs, .auditor_sk = sk,
		.rule_dirs = ro->ndirs ? ro->dirs : NULL,
		.nrule_dirs = ro->ndirs, .sets = ro->sets, .nsets = ro->nsets,
	};
	char err[512];
	size_t len;
	unsigned int i;

	*findings = NULL;
	if (xt_detect_run(&o, findings, err, sizeof(err))) {
		fprintf(stderr, "%s: detection rules: %s\n", cmd, err);
		snprintf(src, n, "none: the detection rules failed: %s", err);
		return -1;
	}
	len = snprintf(src, n, "xtrail detect, the rules of %s",
		       ro->ndirs ? "" : XT_RULES_SYSTEM ", " XT_RULES_LOCAL
		       " and " XT_RULES_USER);
	for (i = 0; i < ro->ndirs && len < n; i++)
		len += snprintf(src + len, n - len, "%s%s", i ? ", " : "",
				ro->dirs[i]);
	for (i = 0; i < ro->nsets && len < n; i++)
		len += snprintf(src + len, n - len, "%s%s", i ? ", " :
				" with ", ro->sets[i]);
	return 0;
}

/* The findings' second reading of the log, and "findings". 0, or 1. */
static int report_findings(struct report_pass *p, const struct report_opts *ro,
			   char **args, int nargs, const struct report_keys *k,
			   struct json_object *findings, struct json_object *root,
			   const char *src)
{
	struct rep_find f;
	int ret = 0;

	if (rep_find_init(&f, findings, ro->vm[0] ? ro->vm : NULL))
		ret = 1;
	p->f = &f;
	if (!ret && rep_find_need_log(&f))
		ret = report_open(p, ro, args, nargs, k->sk, k->seal,
				  &k->anchor) || report_read(p);
	if (!ret && rep_find_out(&f, root, src))
		ret = 1;
	rep_find_free(&f);
	return ret;
}

/* The report's head: what it is, when, of what, with which scope. */
static struct json_object *report_root(const struct report_pass *p,
				       const struct report_opts *ro)
{
	struct json_object *root = json_object_new_object(), *sc = NULL;
	struct timespec now;
	int oom = 0;

	if (!root)
		return NULL;
	clock_gettime(CLOCK_REALTIME, &now);
	if (ro->vm[0]) {
		sc = json_object_new_object();
		if (sc)
			rep_set(sc, "vm_uuid", json_object_new_string(ro->vm),
				&oom);
	}
	rep_set(root, "report", json_object_new_string("xtrail"), &oom);
	rep_set(root, "version", json_object_new_int(1), &oom);
	rep_set(root, "generated", rep_time((int64_t)now.tv_sec * 1000000000 +
					    now.tv_nsec), &oom);
	rep_set(root, "scope", sc, &oom);
	rep_set(root, "log", log_info(p, &oom), &oom);
	rep_set(root, "integrity", integrity(p, ro, &oom), &oom);
	if (oom) {
		json_object_put(root);
		return NULL;
	}
	return root;
}

/* Both readings, then the outputs. 0, 1 (an error), or 2 (log failed). */
static int report_make(const struct report_opts *ro, char **args, int nargs,
		       const struct report_keys *k,
		       struct json_object *findings, const char *cmd)
{
	struct report_pass *p = calloc(1, sizeof(*p));
	struct rep_model *m = calloc(1, sizeof(*m));
	struct json_object *root = NULL;
	char *qa = quoted_args(args, nargs);
	char src[PATH_ERR_MAX];
	int ret = 1;

	report_marks = json_object_new_array();
	if (!p || !m || !qa || !report_marks ||
	    rep_model_init(m, ro->vm[0] ? ro->vm : NULL)) {
		fprintf(stderr, "%s: out of memory\n", cmd);
		goto out;
	}
	p->lr.cmd = cmd;
	p->lr.on_mark = report_mark;
	p->m = m;
	if (report_open(p, ro, args, nargs, k->sk, k->seal, &k->anchor) ||
	    report_read(p))
		goto out;
	root = report_root(p, ro);
	if (!root || rep_model_out(m, root, qa)) {
		fprintf(stderr, "%s: out of memory\n", cmd);
		goto out;
	}
	if (ro->vm[0] && !m->nvm)
		fprintf(stderr, "%s: no record of VM %s in the log\n", cmd,
			ro->vm);
	ret = p->error[0] ? 2 : 0;
	xt_vm_join_free(&p->vms);
	log_reader_close(&p->lr);
	memset(&p->clk, 0, sizeof(p->clk));
	p->m = NULL;
	p->lr.on_mark = NULL;
	if (ro->findings_path)
		snprintf(src, sizeof(src), "file %s", ro->findings_path);
	else if (p->error[0])
		snprintf(src, sizeof(src), "none: the detection rules were not run on a log that failed verification");
	else if (report_detect(ro, args, nargs, k->sk, cmd, &findings, src,
			       sizeof(src)))
		ret = 1;
	if (report_findings(p, ro, args, nargs, k, findings, root, src) ||
	    (ro->json_path && report_write(cmd, ro->json_path, root, 1)) ||
	    report_write(cmd, ro->out_path, root, ro->json))
		ret = 1;
	findings = NULL;
out:
	json_object_put(findings);
	json_object_put(root);
	json_object_put(report_marks);
	report_marks = NULL;
	if (p) {
		xt_vm_join_free(&p->vms);
		log_reader_close(&p->lr);
	}
	if (m)
		rep_model_free(m);
	free(p);
	free(m);
	free(qa);
	return ret;
}

int cmd_report(int argc, char *argv[])
{
	struct report_opts ro = { 0 };
	struct report_keys *k = calloc(1, sizeof(*k));
	struct json_object *findings = NULL;
	int have_sk = 0, ret;

	ret = report_opts(argc, argv, &ro);
	if (ret != CLI_CONTINUE || !k) {
		free(k);
		return ret == CLI_CONTINUE ? 1 : ret;
	}
	ret = 1;
	if (xt_f3_sodium_init() ||
	    load_auditor_key(argv[0], ro.key_path, k->sk, &have_sk) ||
	    (ro.seal_path && load_key(argv[0], ro.seal_path, k->seal)) ||
	    (ro.anchor_s && load_anchor(argv[0], ro.anchor_s, &k->anchor)))
		goto out;
	if (!have_sk) {
		fprintf(stderr, "%s: the report needs the auditor's secret key (--key or $XTRAIL_AUDITOR_KEY)\n",
			argv[0]);
		goto out;
	}
	if (ro.findings_path) {
		findings = rep_find_load(argv[0], ro.findings_path);
		if (!findings)
			goto out;
	}
	ret = report_make(&ro, argv + optind, argc - optind, k, findings,
			  argv[0]);
	if (ret == 2)
		fprintf(stderr, "%s: the log failed verification: the report says where\n",
			argv[0]);
	ret = !!ret;
out:
	sodium_memzero(k, sizeof(*k));
	free(k);
	return ret;
}
