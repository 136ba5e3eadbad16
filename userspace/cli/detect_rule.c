// SPDX-License-Identifier: GPL-2.0
/*
 * Reading and checking detection rule files; see detect_rule.h.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect_rule.h"

static void rule_free(struct xt_rule *r)
{
	unsigned int i;

	for (i = 0; i < r->nparams; i++) {
		free(r->params[i].name);
		free(r->params[i].def);
		free(r->params[i].value);
		free(r->params[i].desc);
	}
	free(r->file);
	free(r->id);
	free(r->title);
	free(r->severity);
	free(r->desc);
	free(r->sql);
	memset(r, 0, sizeof(*r));
}

void xt_rules_free(struct xt_ruleset *rs)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		rule_free(&rs->r[i]);
	free(rs->r);
	rs->r = NULL;
	rs->n = 0;
}

static int name_ok(const char *s, size_t max, int dash)
{
	size_t n = strlen(s), i;

	if (!n || n > max)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9') ||
		      (dash ? s[i] == '-' : s[i] == '_')))
			return 0;
	return 1;
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && strchr(" \t\r\n", e[-1]))
		*--e = 0;
	return s;
}

/* Append @s to *@p (with @sep between when *@p is not empty); 0 or -1. */
static int append(char **p, const char *sep, const char *s)
{
	size_t a = *p ? strlen(*p) : 0, b = strlen(s), c = a ? strlen(sep) : 0;
	char *n = realloc(*p, a + c + b + 1);

	if (!n)
		return -1;
	memcpy(n + a, sep, c);
	memcpy(n + a + c, s, b + 1);
	*p = n;
	return 0;
}

/* "param: NAME DEFAULT DESCRIPTION"; 0 or -1 with @why set. */
static int add_param(struct xt_rule *r, char *v, const char **why)
{
	struct xt_rule_param *p;
	char *name, *def, *desc;
	unsigned int i;

	name = strtok_r(v, " \t", &desc);
	def = name ? strtok_r(NULL, " \t", &desc) : NULL;
	if (!name || !def || !name_ok(name, 40, 0)) {
		*why = "param: NAME DEFAULT DESCRIPTION (NAME: a-z, 0-9, _)";
		return -1;
	}
	for (i = 0; i < r->nparams; i++)
		if (!strcmp(r->params[i].name, name)) {
			*why = "param given twice";
			return -1;
		}
	if (r->nparams == XT_RULE_PARAMS_MAX) {
		*why = "too many params";
		return -1;
	}
	p = &r->params[r->nparams++];
	p->name = strdup(name);
	p->def = strdup(def);
	p->value = strdup(def);
	p->desc = strdup(trim(desc ? desc : ""));
	if (!p->name || !p->def || !p->value || !p->desc) {
		*why = "out of memory";
		return -1;
	}
	return 0;
}

/* One "key: value" line (@key, @v); 0 or -1 with @why set. */
static int rule_key(struct xt_rule *r, const char *key, char *v,
		    const char **why)
{
	char **slot = NULL;
	char *end;
	long t;

	if (!strcmp(key, "param"))
		return add_param(r, v, why);
	if (!strcmp(key, "threat")) {
		if (r->threat) {
			*why = "key given twice";
			return -1;
		}
		t = strtol(v, &end, 10);
		if (end == v || *end || t < 1 || t > 7) {
			*why = "threat: a number from 1 to 7";
			return -1;
		}
		r->threat = t;
		return 0;
	}
	if (!strcmp(key, "id"))
		slot = &r->id;
	else if (!strcmp(key, "title"))
		slot = &r->title;
	else if (!strcmp(key, "severity"))
		slot = &r->severity;
	else if (!strcmp(key, "description"))
		slot = &r->desc;
	if (!slot) {
		*why = "unknown key";
		return -1;
	}
	if (*slot) {
		*why = "key given twice";
		return -1;
	}
	*slot = strdup(v);
	if (!*slot) {
		*why = "out of memory";
		return -1;
	}
	return 0;
}

/* What a rule must have, once read; NULL or why not. */
static const char *rule_check(const struct xt_rule *r)
{
	if (!r->id || !name_ok(r->id, XT_RULE_ID_MAX, 1))
		return "id: missing or not [a-z0-9-]";
	if (!r->title || !*r->title)
		return "title: missing";
	if (!r->threat)
		return "threat: missing";
	if (!r->severity || (strcmp(r->severity, "low") &&
			     strcmp(r->severity, "medium") &&
			     strcmp(r->severity, "high")))
		return "severity: low, medium or high";
	if (!r->desc || !*r->desc)
		return "description: missing";
	if (!r->sql || !*trim(r->sql))
		return "sql: missing";
	return NULL;
}

/* Read the rule file @path into @r; 0, or -1 with @err set. */
static int rule_read(struct xt_rule *r, const char *path, char *err,
		     size_t errlen)
{
	FILE *f = fopen(path, "re");
	const char *why = NULL;
	char *line = NULL, *s, *colon;
	unsigned int lineno = 0;
	int in_sql = 0, last_desc = 0;
	size_t cap = 0;

	memset(r, 0, sizeof(*r));
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	r->file = strdup(path);
	while (!why && getline(&line, &cap, f) > 0) {
		lineno++;
		if (in_sql) {
			if (append(&r->sql, "", line))
				why = "out of memory";
			continue;
		}
		if (line[0] == '#' || !*trim(line))
			continue;
		if ((line[0] == ' ' || line[0] == '\t') && last_desc) {
			if (append(&r->desc, " ", trim(line)))
				why = "out of memory";
			continue;
		}
		s = trim(line);
		colon = strchr(s, ':');
		if (!colon) {
			why = "not \"key: value\"";
			break;
		}
		*colon = 0;
		last_desc = !strcmp(s, "description");
		if (!strcmp(s, "sql")) {
			in_sql = 1;
			r->sql = strdup(trim(colon + 1));
			if (!r->sql)
				why = "out of memory";
			continue;
		}
		rule_key(r, s, trim(colon + 1), &why);
	}
	free(line);
	fclose(f);
	if (!why && !r->file)
		why = "out of memory";
	if (why) {
		snprintf(err, errlen, "%s:%u: %s", path, lineno, why);
		return -1;
	}
	why = rule_check(r);
	if (why) {
		snprintf(err, errlen, "%s: %s", path, why);
		return -1;
	}
	return 0;
}

/* Put @r in @rs, replacing a rule of the same id; 0 or -1. */
static int rules_put(struct xt_ruleset *rs, struct xt_rule *r)
{
	struct xt_rule *n;
	size_t i;

	for (i = 0; i < rs->n; i++)
		if (!strcmp(rs->r[i].id, r->id)) {
			rule_free(&rs->r[i]);
			rs->r[i] = *r;
			return 0;
		}
	n = realloc(rs->r, (rs->n + 1) * sizeof(*n));
	if (!n)
		return -1;
	rs->r = n;
	rs->r[rs->n++] = *r;
	return 0;
}

static int rule_file(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return d->d_name[0] != '.' && n > 5 &&
	       !strcmp(d->d_name + n - 5, ".rule");
}

static int rules_dir(struct xt_ruleset *rs, const char *dir, char *err,
		     size_t errlen)
{
	struct dirent **names;
	struct xt_rule r;
	char path[4096];
	int n, i, ret = 0;

	n = scandir(dir, &names, rule_file, alphasort);
	if (n < 0) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (!ret) {
			snprintf(path, sizeof(path), "%s/%s", dir,
				 names[i]->d_name);
			if (rule_read(&r, path, err, errlen)) {
				rule_free(&r);
				ret = -1;
			} else if (rules_put(rs, &r)) {
				rule_free(&r);
				snprintf(err, errlen, "out of memory");
				ret = -1;
			}
		}
		free(names[i]);
	}
	free(names);
	return ret;
}

/* One "RULE.PARAM=VALUE"; 0 or -1 with @err set. */
static int rules_set(struct xt_ruleset *rs, const char *set, char *err,
		     size_t errlen)
{
	const char *dot = strchr(set, '.'), *eq = strchr(set, '=');
	struct xt_rule_param *p;
	unsigned int i;
	size_t j;
	char *v;

	if (!dot || !eq || eq < dot || !eq[1]) {
		snprintf(err, errlen, "--set '%s': RULE.PARAM=VALUE", set);
		return -1;
	}
	for (j = 0; j < rs->n; j++) {
		if (strlen(rs->r[j].id) != (size_t)(dot - set) ||
		    strncmp(rs->r[j].id, set, dot - set))
			continue;
		for (i = 0; i < rs->r[j].nparams; i++) {
			p = &rs->r[j].params[i];
			if (strlen(p->name) != (size_t)(eq - dot - 1) ||
			    strncmp(p->name, dot + 1, eq - dot - 1))
				continue;
			v = strdup(eq + 1);
			if (!v) {
				snprintf(err, errlen, "out of memory");
				return -1;
			}
			free(p->value);
			p->value = v;
			return 0;
		}
		snprintf(err, errlen, "--set '%s': rule %s has no such param",
			 set, rs->r[j].id);
		return -1;
	}
	snprintf(err, errlen, "--set '%s': no such rule", set);
	return -1;
}

static int rule_cmp(const void *a, const void *b)
{
	return strcmp(((const struct xt_rule *)a)->id,
		      ((const struct xt_rule *)b)->id);
}

int xt_rules_load(struct xt_ruleset *rs, const char *const *dirs,
		  unsigned int ndirs, const char *const *sets,
		  unsigned int nsets, char *err, size_t errlen)
{
	unsigned int i;

	for (i = 0; i < ndirs; i++)
		if (rules_dir(rs, dirs[i], err, errlen))
			goto fail;
	qsort(rs->r, rs->n, sizeof(*rs->r), rule_cmp);
	for (i = 0; i < nsets; i++)
		if (rules_set(rs, sets[i], err, errlen))
			goto fail;
	return 0;
fail:
	xt_rules_free(rs);
	return -1;
}
