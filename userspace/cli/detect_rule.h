/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Detection rule files (xtrail-rules(5)): read from directories, checked,
 * a later directory's rule replacing one of the same id, thresholds set
 * with "RULE.PARAM=VALUE". detect.c runs them.
 *
 * A file NAME.rule is "key: value" lines (# starts a comment line; a line
 * starting with a blank continues the description), then "sql:" and the
 * query on the lines after it:
 *   id: port-scan                   [a-z0-9-], at most 63
 *   title: ...                      one line
 *   threat: 1                       1..7 (the CSA threats)
 *   severity: medium                low, medium or high
 *   description: ...                may go on over lines
 *   param: window_s 60 ...          NAME DEFAULT DESCRIPTION, repeated
 *   sql:
 *   SELECT ...                      one statement, :NAME for a param
 */
#ifndef XTRAIL_CLI_DETECT_RULE_H
#define XTRAIL_CLI_DETECT_RULE_H

#include <stddef.h>

#define XT_RULE_ID_MAX		63
#define XT_RULE_PARAMS_MAX	16

struct xt_rule_param {
	char *name;
	char *def;		/* the default */
	char *value;		/* what runs: the default or --set's */
	char *desc;
};

struct xt_rule {
	char *file;
	char *id;
	char *title;
	int threat;
	char *severity;
	char *desc;
	char *sql;
	unsigned int nparams;
	struct xt_rule_param params[XT_RULE_PARAMS_MAX];
};

struct xt_ruleset {
	struct xt_rule *r;
	size_t n;
};

/*
 * Read the *.rule files of @dirs (@ndirs; a directory that does not exist
 * is skipped), in name order, a later one replacing a rule of the same
 * id, then apply @sets ("RULE.PARAM=VALUE", @nsets). The rules end sorted
 * by id. 0, or -1 with @err set (the file and line at fault).
 */
int xt_rules_load(struct xt_ruleset *rs, const char *const *dirs,
		  unsigned int ndirs, const char *const *sets,
		  unsigned int nsets, char *err, size_t errlen);

void xt_rules_free(struct xt_ruleset *rs);

#endif /* XTRAIL_CLI_DETECT_RULE_H */
