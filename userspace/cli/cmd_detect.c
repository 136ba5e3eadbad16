// SPDX-License-Identifier: GPL-2.0
/*
 * xtrail detect: run the detection rules (detect.h, xtrail-rules(5)) over
 * an F3 log, decrypted with the auditor's secret key as export does, and
 * print the findings as text or (--json) a JSON array; --list prints the
 * rules instead.
 */
#include <getopt.h>
#include <inttypes.h>
#include <string.h>

#include "cli.h"
#include "detect.h"
#include "export_msg.h"
#include "f3.h"

#define DETECT_MAX	64	/* --rules and --set, each */

static void detect_usage(FILE *f, const char *cmd)
{
	fprintf(f,
		"Usage: %s FILE|DIR... [--key auditor.key] [--json]\n"
		"       [--rules DIR]... [--set RULE.PARAM=VALUE]... [--rule ID]\n"
		"       %s --list [--json] [--rules DIR]... [--set ...]\n"
		"\n"
		"Load the F3 log (files, or every F3 file of a directory) into an\n"
		"SQLite database in memory (export's schema), decrypting it with\n"
		"the auditor's secret key (--key, default $XTRAIL_AUDITOR_KEY),\n"
		"run every detection rule over it and print the findings: the\n"
		"rule, its CSA threat, the VM, the user, the time span and the\n"
		"f3_seq of the records behind each (--json: a JSON array, schema\n"
		"in doc/findings.schema.json).\n"
		"Rules: the *.rule files of " XT_RULES_SYSTEM ",\n"
		XT_RULES_LOCAL " and " XT_RULES_USER " (a later one\n"
		"replaces a rule of the same id), or only those of --rules DIR.\n"
		"--set RULE.PARAM=VALUE changes a threshold, --rule ID runs one\n"
		"rule, --list prints the rules and their params (xtrail-rules(5)).\n"
		"Exit status 0 when the rules ran (with or without findings).\n",
		cmd, cmd);
}

struct detect_cli {
	struct xt_detect_opts o;
	const char *dirs[DETECT_MAX], *sets[DETECT_MAX];
	const char *key_path;
	int json, list;
};

static int detect_opts(int argc, char *argv[], struct detect_cli *c)
{
	static const struct option opts[] = {
		{ "key", required_argument, NULL, 'k' },
		{ "json", no_argument, NULL, 'j' },
		{ "list", no_argument, NULL, 'l' },
		{ "rules", required_argument, NULL, 'r' },
		{ "set", required_argument, NULL, 's' },
		{ "rule", required_argument, NULL, 'R' },
		{ "jsonl", required_argument, NULL, 'J' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *cmd = argv[0];
	int o;

	while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (o) {
		case 'k':
			c->key_path = optarg;
			break;
		case 'j':
			c->json = 1;
			break;
		case 'l':
			c->list = 1;
			break;
		case 'R':
			c->o.only = optarg;
			break;
		case 'J':
			c->o.jsonl = optarg;
			break;
		case 'r':
		case 's':
			if ((o == 'r' ? c->o.nrule_dirs : c->o.nsets) == DETECT_MAX) {
				fprintf(stderr, "%s: too many --%s\n", cmd,
					o == 'r' ? "rules" : "set");
				return 1;
			}
			if (o == 'r')
				c->dirs[c->o.nrule_dirs++] = optarg;
			else
				c->sets[c->o.nsets++] = optarg;
			break;
		case 'h':
			detect_usage(stdout, cmd);
			return 0;
		default:
			detect_usage(stderr, cmd);
			return 1;
		}
	}
	if (!c->list && !c->o.jsonl && optind >= argc) {
		detect_usage(stderr, cmd);
		return 1;
	}
	c->o.cmd = cmd;
	c->o.logs = argv + optind;
	c->o.nlogs = argc - optind;
	c->o.rule_dirs = c->o.nrule_dirs ? c->dirs : NULL;
	c->o.sets = c->sets;
	return CLI_CONTINUE;
}

static int print_json(struct json_object *a)
{
	const char *s = json_object_to_json_string_ext(a,
			JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
			JSON_C_TO_STRING_NOSLASHESCAPE);

	if (!s)
		return 1;
	puts(s);
	return 0;
}

static void print_rules(struct json_object *a)
{
	struct json_object *r, *ps, *p;
	size_t i, j;

	for (i = 0; i < json_object_array_length(a); i++) {
		r = json_object_array_get_idx(a, i);
		printf("%s  threat %d  %s  %s\n", xt_jget_str(r, "id"),
		       (int)xt_jget_int(r, "threat"), xt_jget_str(r, "severity"),
		       xt_jget_str(r, "title"));
		json_object_object_get_ex(r, "params", &ps);
		for (j = 0; j < json_object_array_length(ps); j++) {
			p = json_object_array_get_idx(ps, j);
			printf("    %s=%s  %s\n", xt_jget_str(p, "name"),
			       xt_jget_str(p, "value"),
			       xt_jget_str(p, "description"));
		}
	}
}

static void print_id(const char *what, struct json_object *f)
{
	struct json_object *v;

	if (json_object_object_get_ex(f, what, &v) && v)
		printf(" %s %" PRId64, what, json_object_get_int64(v));
}

/* The findings as text: three lines each, the records listed (up to 20). */
static void print_findings(struct json_object *a)
{
	struct json_object *f, *recs;
	size_t i, j, n;

	for (i = 0; i < json_object_array_length(a); i++) {
		f = json_object_array_get_idx(a, i);
		printf("%s  threat %d (%s)  %s: %s\n",
		       xt_jget_str(f, "severity"), (int)xt_jget_int(f, "threat"),
		       xt_jget_str(f, "threat_name"), xt_jget_str(f, "rule"),
		       xt_jget_str(f, "title"));
		printf("  vm %s (%s) domid %d", xt_jget_str(f, "vm_name"),
		       xt_jget_str(f, "vm_uuid"), (int)xt_jget_int(f, "domid"));
		print_id("uid", f);
		print_id("loginuid", f);
		printf("  %s .. %s\n", xt_jget_str(f, "first") ?: "?",
		       xt_jget_str(f, "last") ?: "?");
		printf("  %s\n  records:", xt_jget_str(f, "summary"));
		json_object_object_get_ex(f, "records", &recs);
		n = json_object_array_length(recs);
		for (j = 0; j < n && j < 20; j++)
			printf(" %" PRId64, json_object_get_int64(
				json_object_array_get_idx(recs, j)));
		if (n > 20)
			printf(" ... (%zu in all)", n);
		putchar('\n');
	}
	printf("%zu finding%s\n", json_object_array_length(a),
	       json_object_array_length(a) == 1 ? "" : "s");
}

int cmd_detect(int argc, char *argv[])
{
	struct detect_cli c = { 0 };
	struct json_object *out = NULL;
	uint8_t sk[F3_KEY_LEN];
	char err[PATH_ERR_MAX];
	int have_sk = 0, ret;

	ret = detect_opts(argc, argv, &c);
	if (ret != CLI_CONTINUE)
		return ret;
	if (c.list) {
		ret = xt_detect_rules(&c.o, &out, err, sizeof(err));
	} else {
		if (!c.o.jsonl &&
		    (xt_f3_sodium_init() ||
		     load_auditor_key(c.o.cmd, c.key_path, sk, &have_sk)))
			return 1;
		c.o.auditor_sk = have_sk ? sk : NULL;
		ret = xt_detect_run(&c.o, &out, err, sizeof(err));
		sodium_memzero(sk, sizeof(sk));
	}
	if (ret) {
		fprintf(stderr, "%s: %s\n", c.o.cmd, err);
		return 1;
	}
	if (c.json)
		ret = print_json(out);
	else if (c.list)
		print_rules(out);
	else
		print_findings(out);
	json_object_put(out);
	return ret || fflush(stdout) || ferror(stdout) ? 1 : 0;
}
