// SPDX-License-Identifier: GPL-2.0
/*
 * The detection rules (the .rule files of userspace/rules/) and their engine
 * (userspace/cli/detect.h): each rule run over its two small synthetic
 * record sets, detect/RULE.pos.jsonl (one finding: the records and the uid
 * its first line "expect"s) and detect/RULE.neg.jsonl (none); every rule
 * shipped has both. Then the rule files' checks, a user rule replacing a
 * system one, and --set.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <json.h>

#include "detect.h"

#ifndef US_DIR
#error "US_DIR must name the userspace build directory"
#endif
#define RULES	US_DIR "/rules"

static const char *const rule_ids[] = {
	"authorized-keys", "brute-force", "bytes-out", "guest-module-load",
	"guest-module-unload", "heartbeat-silence", "insider-image-read",
	"insider-memory", "insider-xtrail-control", "mail-rate",
	"mass-deletion", "port-scan", "protocol-violation", "seq-gap",
	"setuid-root-exec", "setuid-zero", "unattributed-flow",
};

#define NRULES	(sizeof(rule_ids) / sizeof(rule_ids[0]))

static const char *const finding_keys[] = {
	"rule", "title", "threat", "threat_name", "severity", "vm_uuid",
	"vm_name", "domid", "uid", "loginuid", "first_ns", "last_ns", "first",
	"last", "records", "summary",
};

/* Run @rule (NULL: all) of @dirs over the JSON Lines @path. */
static struct json_object *run(const char *const *dirs, unsigned int ndirs,
			       const char *rule, const char *path,
			       const char *const *sets, unsigned int nsets,
			       char *err, size_t errlen)
{
	struct xt_detect_opts o = {
		.cmd = "test", .jsonl = path, .rule_dirs = dirs,
		.nrule_dirs = ndirs, .only = rule, .sets = sets, .nsets = nsets,
	};
	struct json_object *f = NULL;

	if (xt_detect_run(&o, &f, err, errlen))
		return NULL;
	return f;
}

/* The "expect" object of the first line of @path. */
static struct json_object *expect_of(const char *path)
{
	struct json_object *o, *e;
	char line[65536];
	FILE *f = fopen(path, "re");

	assert_non_null(f);
	assert_non_null(fgets(line, sizeof(line), f));
	fclose(f);
	o = json_tokener_parse(line);
	assert_non_null(o);
	assert_true(json_object_object_get_ex(o, "expect", &e));
	json_object_get(e);
	json_object_put(o);
	return e;
}

/* Exactly the keys of detect.h, in their order. */
static void check_keys(struct json_object *f)
{
	struct json_object_iterator it = json_object_iter_begin(f);
	struct json_object_iterator end = json_object_iter_end(f);
	unsigned int i = 0;

	for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it)) {
		assert_true(i < sizeof(finding_keys) / sizeof(finding_keys[0]));
		assert_string_equal(json_object_iter_peek_name(&it),
				    finding_keys[i]);
		i++;
	}
	assert_int_equal(i, sizeof(finding_keys) / sizeof(finding_keys[0]));
}

/* first and last are the earliest and latest time of the records. */
static void check_span(const char *path, struct json_object *finding)
{
	struct json_object *recs, *o, *v, *first, *last;
	char line[65536], lo[64] = "", hi[64] = "";
	FILE *f = fopen(path, "re");
	const char *t;
	size_t i;

	assert_non_null(f);
	json_object_object_get_ex(finding, "records", &recs);
	while (fgets(line, sizeof(line), f)) {
		o = json_tokener_parse(line);
		assert_non_null(o);
		if (json_object_object_get_ex(o, "f3_seq", &v))
			for (i = 0; i < json_object_array_length(recs); i++)
				if (json_object_get_int64(json_object_array_get_idx(recs, i)) ==
				    json_object_get_int64(v)) {
					json_object_object_get_ex(o, "time", &v);
					t = json_object_get_string(v);
					if (!*lo || strcmp(t, lo) < 0)
						snprintf(lo, sizeof(lo), "%s", t);
					if (strcmp(t, hi) > 0)
						snprintf(hi, sizeof(hi), "%s", t);
				}
		json_object_put(o);
	}
	fclose(f);
	json_object_object_get_ex(finding, "first", &first);
	json_object_object_get_ex(finding, "last", &last);
	if (strcmp(json_object_get_string(first), lo) ||
	    strcmp(json_object_get_string(last), hi))
		fail_msg("%s: first %s last %s, the records' %s .. %s", path,
			 json_object_get_string(first),
			 json_object_get_string(last), lo, hi);
}

static void check_case(const char *id, const char *kind)
{
	static const char * const dirs[] = { RULES };
	struct json_object *f, *e, *v, *got, *one;
	char path[256], err[512];
	size_t i;

	snprintf(path, sizeof(path), "detect/%s.%s.jsonl", id, kind);
	e = expect_of(path);
	f = run(dirs, 1, id, path, NULL, 0, err, sizeof(err));
	if (!f)
		fail_msg("%s: %s", path, err);
	assert_true(json_object_object_get_ex(e, "findings", &v));
	if ((int)json_object_array_length(f) != json_object_get_int(v))
		fail_msg("%s: %zu findings, want %d: %s", path,
			 json_object_array_length(f), json_object_get_int(v),
			 json_object_to_json_string(f));
	for (i = 0; i < json_object_array_length(f); i++) {
		one = json_object_array_get_idx(f, i);
		check_keys(one);
		json_object_object_get_ex(one, "rule", &got);
		assert_string_equal(json_object_get_string(got), id);
	}
	if (json_object_array_length(f)) {
		one = json_object_array_get_idx(f, 0);
		json_object_object_get_ex(one, "records", &got);
		json_object_object_get_ex(e, "records", &v);
		if (!json_object_equal(got, v))
			fail_msg("%s: records %s, want %s", path,
				 json_object_to_json_string(got),
				 json_object_to_json_string(v));
		check_span(path, one);
		json_object_object_get_ex(one, "uid", &got);
		json_object_object_get_ex(e, "uid", &v);
		if (!json_object_equal(got, v))
			fail_msg("%s: uid %s, want %s", path,
				 json_object_to_json_string(got),
				 json_object_to_json_string(v));
	}
	json_object_put(f);
	json_object_put(e);
}

static void check_rule(const char *id)
{
	check_case(id, "pos");
	check_case(id, "neg");
}

#define RULE_TEST(fn, id) \
	static void fn(void **state) { check_rule(id); }

RULE_TEST(test_authorized_keys, "authorized-keys")
RULE_TEST(test_brute_force, "brute-force")
RULE_TEST(test_bytes_out, "bytes-out")
RULE_TEST(test_guest_module_load, "guest-module-load")
RULE_TEST(test_guest_module_unload, "guest-module-unload")
RULE_TEST(test_heartbeat_silence, "heartbeat-silence")
RULE_TEST(test_insider_image_read, "insider-image-read")
RULE_TEST(test_insider_memory, "insider-memory")
RULE_TEST(test_insider_xtrail_control, "insider-xtrail-control")
RULE_TEST(test_mail_rate, "mail-rate")
RULE_TEST(test_mass_deletion, "mass-deletion")
RULE_TEST(test_port_scan, "port-scan")
RULE_TEST(test_protocol_violation, "protocol-violation")
RULE_TEST(test_seq_gap, "seq-gap")
RULE_TEST(test_setuid_root_exec, "setuid-root-exec")
RULE_TEST(test_setuid_zero, "setuid-zero")
RULE_TEST(test_unattributed_flow, "unattributed-flow")

/* The rules shipped are those tested above, each with a valid header. */
static void test_rules_listed(void **state)
{
	static const char * const dirs[] = { RULES };
	struct xt_detect_opts o = { .rule_dirs = dirs, .nrule_dirs = 1 };
	struct json_object *a, *r, *v;
	char err[512];
	size_t i;

	if (xt_detect_rules(&o, &a, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(json_object_array_length(a), NRULES);
	for (i = 0; i < NRULES; i++) {
		r = json_object_array_get_idx(a, i);
		json_object_object_get_ex(r, "id", &v);
		assert_string_equal(json_object_get_string(v), rule_ids[i]);
		json_object_object_get_ex(r, "threat", &v);
		assert_non_null(xt_detect_threat_name(json_object_get_int(v)));
	}
	json_object_put(a);
}

static char tmp[64];

static void put(const char *name, const char *text)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmp, name);
	f = fopen(path, "we");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

#define HDR	"id: port-scan\ntitle: t\nthreat: 1\nseverity: low\ndescription: d\n"

/* A user rule of the same id replaces the system one; bad files refused. */
static void test_rule_files(void **state)
{
	static const struct { const char *text, *err; } bad[] = {
		{ "id: x\n", "title: missing" },
		{ HDR "sql: SELECT 1\n", "no column vm_uuid" },
		{ HDR "threat: 2\nsql: SELECT 1\n", "key given twice" },
		{ "id: x\ntitle: t\nthreat: 8\n", "threat: a number from 1 to 7" },
		{ "id: x\ntitle: t\nthreat: 1\nseverity: grave\ndescription: d\nsql: SELECT 1\n",
		  "severity: low, medium or high" },
		{ HDR "sql: SELECT :nope\n", "no column" },
		{ HDR "sql: SELECT 1; SELECT 2\n", "more than one SQL statement" },
		{ HDR "color: red\n", "unknown key" },
	};
	const char * const dirs[] = { RULES, tmp };
	static const char * const sets[] = { "port-scan.min_ports=5" };
	static const char * const badset[] = { "port-scan.nope=5" };
	struct json_object *f;
	char err[512];
	unsigned int i;

	strcpy(tmp, "detect.tmp.XXXXXX");
	assert_non_null(mkdtemp(tmp));
	/* the user's rule: every record a finding */
	put("mine.rule", HDR "param: n 1 a number\nsql:\n"
	    "SELECT vm_uuid, vm_name, domid, uid, loginuid, time_ns AS first_ns,\n"
	    " time_ns AS last_ns, f3_seq AS records, 'mine' AS summary\n"
	    "FROM records WHERE type = 'net' AND :n = 1\n");
	f = run(dirs, 2, "port-scan", "detect/port-scan.neg.jsonl", NULL, 0,
		err, sizeof(err));
	if (!f)
		fail_msg("%s", err);
	assert_int_equal(json_object_array_length(f), 149);
	json_object_put(f);
	/* --set: the shipped rule with a lower threshold finds the scan */
	f = run(dirs, 1, "port-scan", "detect/port-scan.neg.jsonl", sets, 1,
		err, sizeof(err));
	assert_non_null(f);
	assert_int_equal(json_object_array_length(f), 1);
	json_object_put(f);
	assert_null(run(dirs, 1, NULL, "detect/port-scan.neg.jsonl", badset,
			1, err, sizeof(err)));
	assert_non_null(strstr(err, "has no such param"));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		put("mine.rule", bad[i].text);
		assert_null(run(dirs, 2, NULL, "detect/port-scan.neg.jsonl",
				NULL, 0, err, sizeof(err)));
		if (!strstr(err, bad[i].err))
			fail_msg("rule %u: '%s', want '%s'", i, err, bad[i].err);
	}
	put("mine.rule", "");
	unlink(strcat(strcat(strcpy(err, tmp), "/"), "mine.rule"));
	rmdir(tmp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_authorized_keys),
		cmocka_unit_test(test_brute_force),
		cmocka_unit_test(test_bytes_out),
		cmocka_unit_test(test_guest_module_load),
		cmocka_unit_test(test_guest_module_unload),
		cmocka_unit_test(test_heartbeat_silence),
		cmocka_unit_test(test_insider_image_read),
		cmocka_unit_test(test_insider_memory),
		cmocka_unit_test(test_insider_xtrail_control),
		cmocka_unit_test(test_mail_rate),
		cmocka_unit_test(test_mass_deletion),
		cmocka_unit_test(test_port_scan),
		cmocka_unit_test(test_protocol_violation),
		cmocka_unit_test(test_seq_gap),
		cmocka_unit_test(test_setuid_root_exec),
		cmocka_unit_test(test_setuid_zero),
		cmocka_unit_test(test_unattributed_flow),
		cmocka_unit_test(test_rules_listed),
		cmocka_unit_test(test_rule_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
