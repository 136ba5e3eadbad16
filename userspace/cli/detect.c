// SPDX-License-Identifier: GPL-2.0
/*
 * The detection engine: an F3 log (or JSON Lines) loaded into SQLite in
 * memory, each rule's query run over it, each row a finding; see
 * detect.h.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect.h"
#include "detect_rule.h"
#include "export_fmt.h"
#include "export_msg.h"
#include "export_sqlite.h"
#include "log_reader.h"
#include "record_json.h"
#include "vm_join.h"

const char *xt_detect_threat_name(int threat)
{
	static const char *const names[] = {
		NULL,
		"Abuse and Nefarious Use of Cloud Services",
		"Insecure Interfaces and APIs",
		"Malicious Insiders",
		"Shared Technology Issues",
		"Data Loss or Leakage",
		"Account or Service Hijacking",
		"Unknown Risk Profile",
	};

	return threat >= 1 && threat <= 7 ? names[threat] : NULL;
}

static int load_rules(const struct xt_detect_opts *o, struct xt_ruleset *rs,
		      char *err, size_t errlen)
{
	static const char *const defaults[] = {
		XT_RULES_SYSTEM, XT_RULES_LOCAL, XT_RULES_USER,
	};
	const char *const *dirs = o->rule_dirs ? o->rule_dirs : defaults;
	unsigned int ndirs = o->rule_dirs ? o->nrule_dirs : 3;
	size_t i;

	if (xt_rules_load(rs, dirs, ndirs, o->sets, o->nsets, err, errlen))
		return -1;
	if (o->only) {
		for (i = 0; i < rs->n && strcmp(rs->r[i].id, o->only); i++)
			;
		if (i == rs->n) {
			snprintf(err, errlen, "no rule '%s'", o->only);
			xt_rules_free(rs);
			return -1;
		}
	}
	if (!rs->n) {
		snprintf(err, errlen, "no rules found (%s%s)", dirs[0],
			 ndirs > 1 ? "..." : "");
		return -1;
	}
	return 0;
}

static int jadd(struct json_object *o, const char *k, struct json_object *v)
{
	return json_object_object_add(o, k, v);
}

int xt_detect_rules(const struct xt_detect_opts *o, struct json_object **rules,
		    char *err, size_t errlen)
{
	struct json_object *a = json_object_new_array(), *r, *ps, *p;
	struct xt_ruleset rs = { 0 };
	const struct xt_rule *x;
	unsigned int j;
	size_t i;
	int bad = !a;

	if (bad || load_rules(o, &rs, err, errlen)) {
		if (bad)
			snprintf(err, errlen, "out of memory");
		json_object_put(a);
		return -1;
	}
	for (i = 0; i < rs.n && !bad; i++) {
		x = &rs.r[i];
		if (o->only && strcmp(x->id, o->only))
			continue;
		r = json_object_new_object();
		ps = json_object_new_array();
		bad |= !r || !ps || json_object_array_add(a, r);
		if (bad) {
			json_object_put(ps);
			break;
		}
		jadd(r, "id", json_object_new_string(x->id));
		jadd(r, "title", json_object_new_string(x->title));
		jadd(r, "threat", json_object_new_int(x->threat));
		jadd(r, "threat_name",
		     json_object_new_string(xt_detect_threat_name(x->threat)));
		jadd(r, "severity", json_object_new_string(x->severity));
		jadd(r, "description", json_object_new_string(x->desc));
		jadd(r, "file", json_object_new_string(x->file));
		jadd(r, "params", ps);
		for (j = 0; j < x->nparams; j++) {
			p = json_object_new_object();
			if (!p || json_object_array_add(ps, p)) {
				json_object_put(p);
				bad = 1;
				break;
			}
			jadd(p, "name", json_object_new_string(x->params[j].name));
			jadd(p, "value", json_object_new_string(x->params[j].value));
			jadd(p, "default", json_object_new_string(x->params[j].def));
			jadd(p, "description",
			     json_object_new_string(x->params[j].desc));
		}
		jadd(r, "sql", json_object_new_string(x->sql));
	}
	xt_rules_free(&rs);
	if (bad) {
		snprintf(err, errlen, "out of memory");
		json_object_put(a);
		return -1;
	}
	*rules = a;
	return 0;
}

/* ---- the log into SQLite ------------------------------------------------------ */

struct load_ctx {
	struct log_reader *lr;
	struct xt_sql *sql;
	struct xtrail_clock_ref clk;
	struct xt_vm_join vms;
	uint64_t rows;
	char *err;
	size_t errlen;
};

/* Wall-clock time of @rec as record_json.h computes "time" (-1: none). */
static int64_t rec_time(const struct xtrail_clock_ref *clk, const void *rec)
{
	const struct xtrail_rec_hdr *h = rec;
	uint64_t t = xt_le16(h->flags) & XTRAIL_RF_TS_XEN && clk->ts_xen ?
		     xt_le64(h->ts_ns) : xt_le64(h->recv_ns);
	int64_t ns;

	return xt_json_clock_ref_time(clk, t, &ns) ? -1 : ns;
}

static int load_row(struct load_ctx *x, uint64_t f3_seq,
		    struct json_object *obj, int64_t t, const char *msg)
{
	char *text = xt_json_line(obj);
	int ret;

	if (!text) {
		snprintf(x->err, x->errlen, "out of memory");
		return -1;
	}
	ret = xt_sql_write(x->sql, f3_seq, obj, t, msg, text, x->err,
			   x->errlen);
	free(text);
	x->rows += !ret;
	return ret;
}

static int load_ready(struct load_ctx *x, int end)
{
	const struct xt_vm_held *h;
	struct json_object *obj;
	char *msg;
	int ret;

	while ((h = xt_vm_join_next(&x->vms, end))) {
		obj = xt_json_rec_vm(h->rec, h->len, &h->clk, h->id.uuid,
				     h->id.name);
		msg = obj ? xt_rec_message(obj) : NULL;
		ret = msg ? load_row(x, h->f3_seq, obj, rec_time(&h->clk, h->rec),
				     msg) : -1;
		if (!msg)
			snprintf(x->err, x->errlen, "out of memory");
		free(msg);
		json_object_put(obj);
		if (ret)
			return -1;
	}
	return 0;
}

static int load_rec(void *arg, const void *rec, uint32_t len)
{
	struct load_ctx *x = arg;

	xt_json_clock_ref_update(&x->clk, rec);
	if (xt_vm_join_push(&x->vms, rec, len, x->lr->r->next_seq - 1,
			    &x->clk)) {
		snprintf(x->err, x->errlen, "out of memory");
		return 1;
	}
	return load_ready(x, 0) ? 1 : 0;
}

static int load_f3(const struct xt_detect_opts *o, struct load_ctx *x)
{
	struct log_reader lr = {
		.cmd = o->cmd ? o->cmd : "xtrail detect",
		.auditor_sk = o->auditor_sk,
		.require_start = 1,
	};
	int ret;

	x->lr = &lr;
	x->err[0] = 0;
	ret = log_reader_open(&lr, o->logs, o->nlogs);
	if (!ret)
		ret = log_reader_read(&lr, load_rec, x);
	if (!ret)
		ret = log_reader_finish(&lr);
	if (!ret && load_ready(x, 1))
		ret = 1;
	xt_vm_join_free(&x->vms);
	log_reader_close(&lr);
	if (ret && !x->err[0])
		snprintf(x->err, x->errlen, "the log could not be read");
	return ret ? -1 : 0;
}

static int load_jsonl(const struct xt_detect_opts *o, struct load_ctx *x)
{
	FILE *f = fopen(o->jsonl, "re");
	struct json_object *obj, *seq;
	const char *time;
	unsigned int lineno = 0;
	char *line = NULL;
	size_t cap = 0;
	int64_t t;
	int ret = 0;

	if (!f) {
		snprintf(x->err, x->errlen, "%s: %s", o->jsonl, strerror(errno));
		return -1;
	}
	while (!ret && getline(&line, &cap, f) > 0) {
		lineno++;
		if (line[0] == '\n')
			continue;
		obj = json_tokener_parse(line);
		if (!obj || !json_object_is_type(obj, json_type_object) ||
		    (!json_object_object_get_ex(obj, "expect", NULL) &&
		     !json_object_object_get_ex(obj, "f3_seq", &seq))) {
			snprintf(x->err, x->errlen,
				 "%s:%u: not a JSON object with f3_seq",
				 o->jsonl, lineno);
			ret = -1;
		} else if (!json_object_object_get_ex(obj, "expect", NULL)) {
			time = xt_jget_str(obj, "time");
			if (!time || xt_parse_time(time, &t))
				t = -1;
			ret = load_row(x, json_object_get_int64(seq), obj, t, "");
		}
		json_object_put(obj);
	}
	free(line);
	fclose(f);
	return ret;
}

/* ---- running the rules ------------------------------------------------------------ */

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* "1,5,3" (any separators) into a sorted array without repeats. */
static struct json_object *records_array(const char *s)
{
	struct json_object *a = json_object_new_array();
	int64_t *v = NULL, *nv;
	size_t n = 0, cap = 0, i;
	char *end;

	while (a && s && *s) {
		if (*s < '0' || *s > '9') {
			s++;
			continue;
		}
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv)
				goto oom;
			v = nv;
		}
		v[n++] = strtoll(s, &end, 10);
		s = end;
	}
	if (!a)
		goto oom;
	qsort(v, n, sizeof(*v), cmp_i64);
	for (i = 0; i < n; i++)
		if ((!i || v[i] != v[i - 1]) &&
		    json_object_array_add(a, json_object_new_int64(v[i])))
			goto oom;
	free(v);
	return a;
oom:
	free(v);
	json_object_put(a);
	return NULL;
}

/* The result columns a rule's query must have, in the finding's order. */
enum {
	COL_VM_UUID, COL_VM_NAME, COL_DOMID, COL_UID, COL_LOGINUID,
	COL_FIRST_NS, COL_LAST_NS, COL_RECORDS, COL_SUMMARY, NCOLS
};

static const char *const col_names[NCOLS] = {
	"vm_uuid", "vm_name", "domid", "uid", "loginuid", "first_ns",
	"last_ns", "records", "summary",
};

static struct json_object *col_int(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? NULL :
	       json_object_new_int64(sqlite3_column_int64(st, i));
}

static struct json_object *col_str(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return json_object_new_string(s ? (const char *)s : "");
}

static struct json_object *col_time(sqlite3_stmt *st, int i)
{
	char buf[48];

	if (sqlite3_column_type(st, i) == SQLITE_NULL ||
	    xt_json_rfc3339(buf, sizeof(buf), sqlite3_column_int64(st, i)))
		return NULL;
	return json_object_new_string(buf);
}

/* One row of @r's query as a finding, added to @out; 0 or -1. */
static int finding(const struct xt_rule *r, sqlite3_stmt *st,
		   const int *col, struct json_object *out)
{
	struct json_object *f = json_object_new_object(), *recs;

	recs = records_array((const char *)sqlite3_column_text(st,
							     col[COL_RECORDS]));
	if (!f || !recs || json_object_array_add(out, f)) {
		json_object_put(f);
		json_object_put(recs);
		return -1;
	}
	jadd(f, "rule", json_object_new_string(r->id));
	jadd(f, "title", json_object_new_string(r->title));
	jadd(f, "threat", json_object_new_int(r->threat));
	jadd(f, "threat_name",
	     json_object_new_string(xt_detect_threat_name(r->threat)));
	jadd(f, "severity", json_object_new_string(r->severity));
	jadd(f, "vm_uuid", col_str(st, col[COL_VM_UUID]));
	jadd(f, "vm_name", col_str(st, col[COL_VM_NAME]));
	jadd(f, "domid", col_int(st, col[COL_DOMID]));
	jadd(f, "uid", col_int(st, col[COL_UID]));
	jadd(f, "loginuid", col_int(st, col[COL_LOGINUID]));
	jadd(f, "first_ns", col_int(st, col[COL_FIRST_NS]));
	jadd(f, "last_ns", col_int(st, col[COL_LAST_NS]));
	jadd(f, "first", col_time(st, col[COL_FIRST_NS]));
	jadd(f, "last", col_time(st, col[COL_LAST_NS]));
	jadd(f, "records", recs);
	jadd(f, "summary", col_str(st, col[COL_SUMMARY]));
	return 0;
}

/* Bind each :NAME of @st to @r's param NAME; 0 or -1 with @err set. */
static int bind_params(const struct xt_rule *r, sqlite3_stmt *st, char *err,
		       size_t errlen)
{
	int i, n = sqlite3_bind_parameter_count(st);
	const char *name, *v;
	unsigned int j;
	long long iv;
	char *end;

	for (i = 1; i <= n; i++) {
		name = sqlite3_bind_parameter_name(st, i);
		for (j = 0; name && j < r->nparams; j++)
			if (!strcmp(name + 1, r->params[j].name))
				break;
		if (!name || name[0] != ':' || j == r->nparams) {
			snprintf(err, errlen,
				 "%s: the query's parameter %s is no param",
				 r->file, name ? name : "?");
			return -1;
		}
		v = r->params[j].value;
		errno = 0;
		iv = strtoll(v, &end, 10);
		if (!errno && end != v && !*end)
			sqlite3_bind_int64(st, i, iv);
		else
			sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
	}
	return 0;
}

static int run_rule(sqlite3 *db, const struct xt_rule *r,
		    struct json_object *out, char *err, size_t errlen)
{
	int col[NCOLS], i, k, rc, ret = -1;
	const char *tail;
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(db, r->sql, -1, &st, &tail) != SQLITE_OK || !st) {
		snprintf(err, errlen, "%s: %s", r->file, sqlite3_errmsg(db));
		sqlite3_finalize(st);
		return -1;
	}
	tail += strspn(tail, " \t\r\n;");
	if (*tail) {
		snprintf(err, errlen, "%s: more than one SQL statement",
			 r->file);
		goto out;
	}
	for (k = 0; k < NCOLS; k++) {
		col[k] = -1;
		for (i = 0; i < sqlite3_column_count(st); i++)
			if (!strcmp(sqlite3_column_name(st, i), col_names[k]))
				col[k] = i;
		if (col[k] < 0) {
			snprintf(err, errlen, "%s: the query has no column %s",
				 r->file, col_names[k]);
			goto out;
		}
	}
	if (bind_params(r, st, err, errlen))
		goto out;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (finding(r, st, col, out)) {
			snprintf(err, errlen, "out of memory");
			goto out;
		}
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "%s: %s", r->file, sqlite3_errmsg(db));
		goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(st);
	return ret;
}

static int64_t jint(struct json_object *o, const char *k)
{
	struct json_object *v;

	return json_object_object_get_ex(o, k, &v) && v ?
	       json_object_get_int64(v) : -1;
}

static int finding_cmp(const void *a, const void *b)
{
	struct json_object *x = *(struct json_object *const *)a;
	struct json_object *y = *(struct json_object *const *)b;
	int64_t tx = jint(x, "first_ns"), ty = jint(y, "first_ns");
	int c;

	if (tx != ty)
		return tx < ty ? -1 : 1;
	c = strcmp(xt_jget_str(x, "rule"), xt_jget_str(y, "rule"));
	return c ? c : strcmp(xt_jget_str(x, "vm_uuid"),
			      xt_jget_str(y, "vm_uuid"));
}

int xt_detect_run(const struct xt_detect_opts *o,
		  struct json_object **findings, char *err, size_t errlen)
{
	struct load_ctx x = { .err = err, .errlen = errlen };
	struct xt_ruleset rs = { 0 };
	struct json_object *out = NULL;
	char cerr[64];
	size_t i;
	int ret = -1;

	if (load_rules(o, &rs, err, errlen))
		return -1;
	x.sql = xt_sql_open(":memory:", err, errlen);
	if (!x.sql)
		goto done;
	if ((o->jsonl ? load_jsonl(o, &x) : load_f3(o, &x)) ||
	    xt_sql_finish(x.sql, x.rows, err, errlen))
		goto done;
	out = json_object_new_array();
	if (!out) {
		snprintf(err, errlen, "out of memory");
		goto done;
	}
	for (i = 0; i < rs.n; i++)
		if ((!o->only || !strcmp(rs.r[i].id, o->only)) &&
		    run_rule(xt_sql_db(x.sql), &rs.r[i], out, err, errlen))
			goto done;
	json_object_array_sort(out, finding_cmp);
	*findings = out;
	out = NULL;
	ret = 0;
done:
	json_object_put(out);
	xt_rules_free(&rs);
	xt_sql_close(x.sql, cerr, sizeof(cerr));
	return ret;
}
