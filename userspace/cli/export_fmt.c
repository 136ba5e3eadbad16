// SPDX-License-Identifier: GPL-2.0
/*
 * "xtrail export": filters and output formats; see export_fmt.h.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "export_ecs.h"
#include "export_fmt.h"
#include "export_msg.h"
#include "export_sqlite.h"
#include "record_json.h"
#include "text_safe.h"

/* ---- filters --------------------------------------------------------------- */

/*
 * RFC 3339's time offset at @p, the whole rest of the text: "Z" (or "z")
 * or "+HH:MM" / "-HH:MM"; *off its seconds east of UTC. 0, or -1.
 */
static int time_offset(const char *p, long *off)
{
	int i;

	if (!strcmp(p, "Z") || !strcmp(p, "z")) {
		*off = 0;
		return 0;
	}
	if ((p[0] != '+' && p[0] != '-') || strlen(p) != 6 || p[3] != ':')
		return -1;
	for (i = 1; i < 6; i++)
		if (i != 3 && (p[i] < '0' || p[i] > '9'))
			return -1;
	*off = ((p[1] - '0') * 10 + p[2] - '0') * 3600 +
	       ((p[4] - '0') * 10 + p[5] - '0') * 60;
	if (p[1] > '2' || (p[1] == '2' && p[2] > '3') || p[4] > '5')
		return -1;
	if (p[0] == '-')
		*off = -*off;
	return 0;
}

int xt_parse_time(const char *s, int64_t *ns)
{
	struct tm tm = { 0 };
	const char *p;
	char *end;
	long long sec;
	long off;
	int64_t frac = 0, scale = 100000000;
	time_t t;

	if (s[0] == '@') {
		errno = 0;
		sec = strtoll(s + 1, &end, 10);
		if (errno || end == s + 1 || *end || sec < 0 ||
		    sec > INT64_MAX / 1000000000)
			return -1;
		*ns = sec * 1000000000;
		return 0;
	}
	p = strptime(s, "%Y-%m-%d", &tm);
	if (!p || (*p != 'T' && *p != 't'))
		return -1;
	p = strptime(p + 1, "%H:%M:%S", &tm);
	if (!p)
		return -1;
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++) {
			frac += (*p - '0') * scale;
			scale /= 10;
		}
	}
	if (time_offset(p, &off))
		return -1;
	t = timegm(&tm);
	if (t < 0 || t - off < 0)
		return -1;
	*ns = ((int64_t)t - off) * 1000000000 + frac;
	return 0;
}

int xt_type_known(const char *name)
{
	const char *n;
	unsigned int t;

	for (t = 0; t <= UINT16_MAX; t++) {	/* the header's le16 type */
		n = xt_json_rec_type_name(t);
		if (n && !strcmp(n, name))
			return 1;
	}
	return 0;
}

static int parse_u32(const char *v, uint32_t *out)
{
	unsigned long n;
	char *end;

	errno = 0;
	n = strtoul(v, &end, 10);
	if (errno || end == v || *end || *v == '-' || n > UINT32_MAX)
		return -1;
	*out = n;
	return 0;
}

static int filter_add_vm(struct xt_filter *f, const char *v)
{
	size_t i, n = strlen(v);

	if (f->nvm == XT_FILTER_MAX)
		return -1;
	if (xt_vm_uuid_shaped(v)) {
		if (xt_vm_uuid_parse(v, f->vm[f->nvm]))
			return -1;
		f->vm_uuid[f->nvm++] = 1;
		return 0;
	}
	if (n == 0 || n > XTRAIL_VM_NAME_MAX)
		return -1;
	for (i = 0; i < n; i++)
		if (v[i] < 0x20 || v[i] > 0x7e)
			return -1;
	/* As the JSON has it (vm_join.h): a backslash doubled. */
	for (i = 0; *v; v++) {
		if (*v == '\\')
			f->vm[f->nvm][i++] = '\\';
		f->vm[f->nvm][i++] = *v;
	}
	f->vm[f->nvm][i] = 0;
	f->vm_uuid[f->nvm++] = 0;
	return 0;
}

static int vm_match(const struct xt_filter *f, struct json_object *o)
{
	const char *uuid = xt_jget_str(o, "vm_uuid");
	const char *name = xt_jget_str(o, "vm_name");
	const char *have;
	unsigned int i;

	for (i = 0; i < f->nvm; i++) {
		have = f->vm_uuid[i] ? uuid : name;
		if (have && *have && !strcmp(have, f->vm[i]))
			return 1;
	}
	return 0;
}

int xt_filter_add(struct xt_filter *f, const char *what, const char *v)
{
	uint32_t *list;
	unsigned int *n;

	if (!strcmp(what, "type")) {
		if (f->ntype == XT_FILTER_MAX)
			return -1;
		f->type[f->ntype++] = v;
		return 0;
	}
	if (!strcmp(what, "vm"))
		return filter_add_vm(f, v);
	if (!strcmp(what, "domid")) {
		list = f->domid;
		n = &f->ndomid;
	} else if (!strcmp(what, "pid")) {
		list = f->pid;
		n = &f->npid;
	} else {
		list = f->uid;
		n = &f->nuid;
	}
	if (*n == XT_FILTER_MAX || parse_u32(v, &list[*n]))
		return -1;
	(*n)++;
	return 0;
}

static int in_list(const uint32_t *list, unsigned int n, int64_t v)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (list[i] == v)
			return 1;
	return 0;
}

/*
 * Whether the string @s of the JSON holds the @n bytes at @want, read as
 * the bytes it stands for (record_json.h's rule undone: \\ and \xHH).
 */
static int str_has(const char *s, size_t len, const char *want, size_t n)
{
	char *raw = malloc(len + 1);
	long got = raw ? xt_text_unescape(raw, len + 1, s) : -1;
	int ret;

	if (got < 0)	/* not escaped by the rule: as it is */
		ret = memmem(s, len, want, n) != NULL;
	else
		ret = memmem(raw, got, want, n) != NULL;
	free(raw);
	return ret;
}

/* Whether a value in @v (at any depth) holds @want; numbers in decimal. */
static int value_has(struct json_object *v, const char *want, size_t n)
{
	size_t i;

	switch (json_object_get_type(v)) {
	case json_type_string:
		return str_has(json_object_get_string(v),
			       json_object_get_string_len(v), want, n);
	case json_type_int:
	case json_type_double:
		return strstr(json_object_get_string(v), want) != NULL;
	case json_type_array:
		for (i = 0; i < json_object_array_length(v); i++)
			if (value_has(json_object_array_get_idx(v, i), want,
				      n))
				return 1;
		return 0;
	case json_type_object: {
		json_object_object_foreach(v, key, val) {
			(void)key;
			if (val && value_has(val, want, n))
				return 1;
		}
		return 0;
	}
	default:
		return 0;
	}
}

int xt_filter_match(const struct xt_filter *f, struct json_object *o,
		    int64_t time_ns)
{
	const char *type = xt_jget_str(o, "type");
	unsigned int i;

	if ((f->has_since || f->has_until) && time_ns < 0)
		return 0;
	if (f->has_since && time_ns < f->since)
		return 0;
	if (f->has_until && time_ns >= f->until)
		return 0;
	if (f->ndomid && !in_list(f->domid, f->ndomid, xt_jget_int(o, "domid")))
		return 0;
	if (f->npid && !in_list(f->pid, f->npid, xt_jget_int(o, "pid")))
		return 0;
	if (f->nuid && !in_list(f->uid, f->nuid, xt_jget_int(o, "uid")))
		return 0;
	if (f->ntype) {
		for (i = 0; i < f->ntype; i++)
			if (type && !strcmp(type, f->type[i]))
				break;
		if (i == f->ntype)
			return 0;
	}
	if (f->nvm && !vm_match(f, o))
		return 0;
	if (f->text && !value_has(o, f->text, strlen(f->text)))
		return 0;
	return 1;
}

/* ---- formats ------------------------------------------------------------------ */

struct xt_out {
	enum xt_format fmt;
	FILE *f;
	int own;
	struct xt_sql *sql;
	uint64_t written;
	uint64_t skipped;
};

int xt_format_parse(const char *s, enum xt_format *fmt)
{
	static const char *const names[] = {
		[XT_FMT_JSONL] = "jsonl", [XT_FMT_CSV] = "csv",
		[XT_FMT_SQLITE] = "sqlite", [XT_FMT_TIMESKETCH] = "timesketch",
		[XT_FMT_ECS] = "ecs",
	};
	unsigned int i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(s, names[i])) {
			*fmt = i;
			return 0;
		}
	return -1;
}

struct xt_out *xt_out_open(enum xt_format fmt, const char *path, char *err,
			   size_t errlen)
{
	struct xt_out *out = calloc(1, sizeof(*out));

	if (!out) {
		snprintf(err, errlen, "%s", strerror(errno));
		return NULL;
	}
	out->fmt = fmt;
	if (fmt == XT_FMT_SQLITE) {
		if (!path)
			snprintf(err, errlen, "the sqlite format needs -o FILE");
		else
			out->sql = xt_sql_open(path, err, errlen);
		if (!out->sql) {
			free(out);
			return NULL;
		}
		return out;
	}
	out->f = stdout;
	if (path) {
		out->f = fopen(path, "we");
		if (!out->f) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			free(out);
			return NULL;
		}
		out->own = 1;
	}
	if (fmt == XT_FMT_CSV)
		fputs("f3_seq,seq,time,type,domid,vm_uuid,vm_name,vcpu,pid,ppid,uid,euid,loginuid,sessionid,comm,no_task,message,json\r\n",
		      out->f);
	return out;
}

/*
 * A CSV text field in its display form (text_safe.h, so no CR or LF), a
 * formula for a spreadsheet (=, +, -, @, tab or CR first) made text by a
 * ' before it (OWASP, CSV injection); quoted when it holds , or ".
 */
static int csv_field(FILE *f, const char *s, int last)
{
	char *e = xt_text_escape(s ? s : "", s ? strlen(s) : 0, 0), *p;
	int quote = e && strpbrk(e, ",\"");

	if (!e)
		return -1;
	if (quote)
		putc('"', f);
	if (e[0] && strchr("=+-@\t\r", e[0]))
		putc('\'', f);
	for (p = e; *p; p++) {
		if (*p == '"')
			putc('"', f);
		putc(*p, f);
	}
	if (quote)
		putc('"', f);
	fputs(last ? "\r\n" : ",", f);
	free(e);
	return 0;
}

static void csv_int(FILE *f, struct json_object *o, const char *key)
{
	struct json_object *v;

	if (json_object_object_get_ex(o, key, &v) && v)
		fprintf(f, "%" PRId64, json_object_get_int64(v));
	putc(',', f);
}

static int csv_write(struct xt_out *out, uint64_t f3_seq,
		     struct json_object *o, const char *msg, const char *json)
{
	static const char *const ints[] = {
		"vcpu", "pid", "ppid", "uid", "euid", "loginuid", "sessionid",
	};
	unsigned int i;

	fprintf(out->f, "%" PRIu64 ",", f3_seq);
	csv_int(out->f, o, "seq");
	if (csv_field(out->f, xt_jget_str(o, "time"), 0) ||
	    csv_field(out->f, xt_jget_str(o, "type"), 0))
		return -1;
	csv_int(out->f, o, "domid");
	if (csv_field(out->f, xt_jget_str(o, "vm_uuid"), 0) ||
	    csv_field(out->f, xt_jget_str(o, "vm_name"), 0))
		return -1;
	for (i = 0; i < sizeof(ints) / sizeof(ints[0]); i++)
		csv_int(out->f, o, ints[i]);
	if (csv_field(out->f, xt_jget_str(o, "comm"), 0))
		return -1;
	csv_int(out->f, o, "no_task");
	return csv_field(out->f, msg, 0) || csv_field(out->f, json, 1) ? -1 : 0;
}

static int ts_write(struct xt_out *out, struct json_object *o,
		    int64_t time_ns, const char *msg)
{
	struct json_object *c = NULL;
	char dt[40], *line;
	int ret = -1;

	if (time_ns < 0 || xt_json_rfc3339(dt, sizeof(dt), time_ns)) {
		out->skipped++;
		return 0;
	}
	if (json_object_deep_copy(o, &c, NULL) ||
	    json_object_object_add(c, "message", json_object_new_string(msg)) ||
	    json_object_object_add(c, "datetime", json_object_new_string(dt)) ||
	    json_object_object_add(c, "timestamp",
				   json_object_new_int64(time_ns / 1000)) ||
	    json_object_object_add(c, "timestamp_desc",
				   json_object_new_string("Event Recorded")))
		goto out;
	line = xt_json_line(c);
	if (!line)
		goto out;
	fputs(line, out->f);
	putc('\n', out->f);
	free(line);
	ret = 0;
out:
	json_object_put(c);
	return ret;
}

/* One ECS document (export_ecs.h); a record without a time is left out. */
static int ecs_write(struct xt_out *out, struct json_object *o,
		     int64_t time_ns, const char *msg)
{
	struct json_object *doc;
	char *line;

	if (time_ns < 0) {
		out->skipped++;
		return 0;
	}
	doc = xt_ecs_doc(o, time_ns, msg);
	line = doc ? xt_json_line(doc) : NULL;
	json_object_put(doc);
	if (!line)
		return -1;
	fputs(line, out->f);
	putc('\n', out->f);
	free(line);
	return 0;
}

int xt_out_write(struct xt_out *out, uint64_t f3_seq, struct json_object *o,
		 int64_t time_ns, const char *json_text, char *err,
		 size_t errlen)
{
	char *msg = NULL;
	int ret;

	if (out->fmt == XT_FMT_JSONL) {
		fputs(json_text, out->f);
		putc('\n', out->f);
		ret = ferror(out->f) ? -1 : 0;
		goto done;
	}
	msg = xt_rec_message(o);
	if (!msg) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	switch (out->fmt) {
	case XT_FMT_CSV:
		ret = csv_write(out, f3_seq, o, msg, json_text);
		break;
	case XT_FMT_TIMESKETCH:
		ret = ts_write(out, o, time_ns, msg);
		break;
	case XT_FMT_ECS:
		ret = ecs_write(out, o, time_ns, msg);
		break;
	default:
		ret = xt_sql_write(out->sql, f3_seq, o, time_ns, msg,
				   json_text, err, errlen);
		break;
	}
	free(msg);
done:
	if (!ret && out->f && ferror(out->f)) {
		snprintf(err, errlen, "write error: %s", strerror(errno));
		ret = -1;
	} else if (ret && out->f) {
		snprintf(err, errlen, "write error");
	}
	if (!ret)
		out->written++;
	return ret;
}

int xt_out_close(struct xt_out *out, uint64_t *skipped, char *err,
		 size_t errlen)
{
	int ret = 0;

	*skipped = out->skipped;
	if (out->sql) {
		ret = xt_sql_finish(out->sql, out->written - out->skipped, err,
				    errlen);
		if (xt_sql_close(out->sql, ret ? NULL : err, ret ? 0 : errlen))
			ret = -1;
	}
	if (out->f && (fflush(out->f) || ferror(out->f))) {
		snprintf(err, errlen, "write error: %s", strerror(errno));
		ret = -1;
	}
	if (out->own && fclose(out->f) && !ret) {
		snprintf(err, errlen, "write error: %s", strerror(errno));
		ret = -1;
	}
	free(out);
	return ret;
}
