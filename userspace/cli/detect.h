/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Detections as data: the rules (one file each, xtrail-rules(5)) and the
 * engine that runs them, as SQL queries, over an F3 log loaded into an
 * SQLite database in memory (the schema of export_sqlite.h). Used by
 * "xtrail detect" (cmd_detect.c) and "xtrail report".
 *
 * A finding is a JSON object with exactly these keys, in this order
 * (doc/findings.schema.json): rule, title, threat (1..7), threat_name,
 * severity ("low", "medium", "high"), vm_uuid, vm_name, domid, uid,
 * loginuid (null when unknown), first_ns, last_ns, first, last (RFC 3339
 * UTC; null when the records have no wall-clock time), records (the
 * f3_seq of each record behind it, ascending) and summary (one line).
 */
#ifndef XTRAIL_CLI_DETECT_H
#define XTRAIL_CLI_DETECT_H

#include <stddef.h>
#include <stdint.h>

#include <json.h>

/* Where the rules are read when xt_detect_opts.rule_dirs is NULL. */
#define XT_RULES_SYSTEM		"/usr/share/xtrail/rules"
#define XT_RULES_LOCAL		"/usr/local/share/xtrail/rules"
#define XT_RULES_USER		"/etc/xtrail/rules"

/**
 * struct xt_detect_opts - what to run over which log
 * @cmd:        prefix of the messages the log reader prints ("xtrail detect")
 * @logs:       the F3 log: files, or directories of them (@nlogs)
 * @auditor_sk: the auditor's secret key (32 bytes), or NULL
 * @jsonl:      instead of @logs: a file of JSON Lines, each a record as
 *              export writes it plus "f3_seq" (lines with "expect" are
 *              skipped: the tests' own notes)
 * @rule_dirs:  the directories of *.rule files, in order, a rule of a
 *              later one replacing one of the same id (@nrule_dirs);
 *              NULL: XT_RULES_SYSTEM, XT_RULES_LOCAL, XT_RULES_USER
 * @sets:       "RULE.PARAM=VALUE" thresholds (@nsets)
 * @only:       run only the rule of this id, or NULL for all
 */
struct xt_detect_opts {
	const char *cmd;
	char **logs;
	int nlogs;
	const uint8_t *auditor_sk;
	const char *jsonl;
	const char *const *rule_dirs;
	unsigned int nrule_dirs;
	const char *const *sets;
	unsigned int nsets;
	const char *only;
};

/* "Abuse and Nefarious Use of Cloud Services"... for 1..7, else NULL. */
const char *xt_detect_threat_name(int threat);

/*
 * The rules @o names, as a JSON array of objects (id, title, threat,
 * threat_name, severity, description, file, params: [{name, value,
 * default, description}], sql), in id order. 0, or -1 with @err set.
 */
int xt_detect_rules(const struct xt_detect_opts *o, struct json_object **rules,
		    char *err, size_t errlen);

/*
 * Load the log and run the rules: *@findings is a new JSON array of the
 * findings, ordered by first_ns, rule, vm_uuid. 0, or -1 with @err set
 * (the log reader prints its own errors with @o->cmd, and @err then says
 * only that the log could not be read).
 */
int xt_detect_run(const struct xt_detect_opts *o,
		  struct json_object **findings, char *err, size_t errlen);

#endif /* XTRAIL_CLI_DETECT_H */
