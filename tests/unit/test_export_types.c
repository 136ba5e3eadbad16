// SPDX-License-Identifier: GPL-2.0
/*
 * Every record type through "xtrail export", checked against the
 * references tools read it by:
 *   - jsonl and timesketch against the JSON Schema doc/record.schema.json
 *     (json-schema-check.py, python3-jsonschema): one name, one type, over
 *     every type; a mutated export must fail it;
 *   - ecs against Elastic Common Schema's own field reference (the subset
 *     in ecs/fields.csv, allowed values in ecs/allowed.csv): every field
 *     outside xtrail.* is an ECS field, its value of a type that fits; a
 *     mutated name or type must fail it.
 * Runs the xtrail binary built in userspace/ (US_DIR).
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <json.h>

#include "f3.h"
#include "record_json.h"
#include "test_files.h"
#include "test_util.h"

#ifndef US_DIR
#error "US_DIR must name the userspace build directory"
#endif
#define XTRAIL		US_DIR "/xtrail"
#define TOP		US_DIR "/.."
#define SCHEMA		TOP "/doc/record.schema.json"
#define CHECKER		"python3 " TOP "/tests/unit/json-schema-check.py"
#define ECS_FIELDS	TOP "/tests/unit/ecs/fields.csv"
#define ECS_ALLOWED	TOP "/tests/unit/ecs/allowed.csv"

#define CLOCK_REAL	1795286341ull	/* 2026-11-21T18:39:01Z at ts 1 s */
#define VM_UUID		"6f1e2d3c-4b5a-4968-8776-655443322110"

static struct rec_buf r;
static char dir[64], log_path[128], out_path[128], err_path[128];
static const char *text;
static uint64_t ts = 1000000000ull;

static void add(struct f3_writer *w, uint32_t len)
{
	hdr_of(&r)->ts_ns = xt_cpu64(ts);
	hdr_of(&r)->recv_ns = xt_cpu64(ts + 500000);
	ts += 1000000;
	assert_int_equal(xt_f3_writer_add(w, r.b, len), 0);
}

static void *body(void)
{
	return r.b + sizeof(struct xtrail_rec_hdr);
}

/* A guest record of domid 7 built by @len's builder. */
static void guest(struct f3_writer *w, uint32_t len)
{
	hdr_of(&r)->domid = xt_cpu16(7);
	add(w, len);
}

static void vm_identity(struct f3_writer *w, int bad_name)
{
	struct xtrail_vm_identity *v;
	uint32_t len = build_dom0(&r, XTRAIL_REC_VM_IDENTITY);
	const char *hex;
	unsigned int i;

	v = body();
	for (i = 0; i < 16; i++) {
		hex = VM_UUID + 2 * i + (i >= 4) + (i >= 6) + (i >= 8) +
		      (i >= 10);
		v->uuid[i] = strtoul((char[]){ hex[0], hex[1], 0 }, NULL, 16);
	}
	strcpy(v->name, "guest");
	v->nics = xt_cpu32(1);
	memcpy(v->nic[0].mac, "\x00\x16\x3e\x0a\x00\x02", 6);
	strcpy(v->nic[0].ip, "10.0.0.2");
	if (bad_name) {
		v->why = xt_cpu32(XTRAIL_VM_CHANGE);
		v->flags = xt_cpu32(XTRAIL_VM_NAME_BAD);
		v->nic[0].flags = xt_cpu32(XTRAIL_VM_NIC_IP_BAD);
	}
	guest(w, len);
}

/* The process records: execs (v1, v2, bytes that are not UTF-8). */
static void process_recs(struct f3_writer *w)
{
	static const char odd_argv[] = "printf\0a\\b\0\xff\xfe\0tab\there";
	uint32_t len;

	guest(w, build_spam(&r));
	guest(w, build_script(&r));
	guest(w, build_exec(&r, "/bin/a\\\xff", 8, 0, odd_argv,
			    sizeof(odd_argv), 0, 0, 4));
	len = build_fixed(&r, XTRAIL_REC_FORK, sizeof(struct xtrail_fork));
	((struct xtrail_fork *)body())->child_pid = xt_cpu32(1300);
	((struct xtrail_fork *)body())->child_tgid = xt_cpu32(1300);
	guest(w, len);
	len = build_fixed(&r, XTRAIL_REC_EXIT, sizeof(struct xtrail_exit));
	((struct xtrail_exit *)body())->code = xt_cpu32(1 << 8);
	guest(w, len);
	len = build_fixed(&r, XTRAIL_REC_SYSCALL,
			  sizeof(struct xtrail_syscall));
	((struct xtrail_syscall *)body())->nr = xt_cpu32(313);
	guest(w, len);
	/* setuid by the i386 road (issue 20) */
	((struct xtrail_syscall *)body())->nr = xt_cpu32(105);
	((struct xtrail_syscall *)body())->flags =
		xt_cpu32(XTRAIL_SYSCALL_COMPAT);
	guest(w, len);
	guest(w, build_exec_digest(&r, XTRAIL_DIGEST_CACHED, 4096, 4096));
	guest(w, build_exec_digest(&r, XTRAIL_DIGEST_BUSY, 4096, 0));
}

/* A file record: syscall @nr, paths "/a" and "/bc" (or a fault). */
static uint32_t file_rec(uint32_t nr, uint32_t flags, int64_t ret)
{
	struct xtrail_file *f;

	hdr_init(&r);
	f = xtrail_file_body(r.b);
	memset(f, 0, sizeof(*f));
	f->nr = xt_cpu32(nr);
	f->flags = xt_cpu32(flags);
	f->ret = xt_cpu64((uint64_t)ret);
	memcpy(r.b + XTRAIL_FILE_PATH_OFF, "/a/bc", 5);
	return flags & XTRAIL_FILE_PATH_FAULT ? xtrail_file_finish(r.b, 0, 0) :
	       xtrail_file_finish(r.b, 2, nr == 82 || nr == 190 ? 3 : 0);
}

static void file_recs(struct f3_writer *w)
{
	guest(w, file_rec(82, 0, 0));
	guest(w, file_rec(257, XTRAIL_FILE_RESOLVED | XTRAIL_FILE_UNTRACKED,
			  3));
	guest(w, file_rec(87, XTRAIL_FILE_PATH_FAULT, -14));
	/* fsetxattr: its second path is the attribute's name (issue 20) */
	guest(w, file_rec(190, XTRAIL_FILE_RESOLVED | XTRAIL_FILE_COMPAT, 0));
	build_fixed(&r, XTRAIL_REC_CLOSE, 0);
	memcpy(r.b + XTRAIL_CLOSE_PATH_OFF, "/tmp/x\xff", 7);
	guest(w, xtrail_close_finish(r.b, XTRAIL_CLOSE_LAST, 3, 10, 20, 7));
}

static void net_recs(struct f3_writer *w)
{
	struct xtrail_net *n;
	uint32_t len;

	guest(w, build_net_state(&r, 3, 1));
	guest(w, build_net_state(&r, 1, 0));
	guest(w, build_net_close(&r, 1000, 300));
	guest(w, build_net_unix(&r, "\0xt", 3, 1));
	len = build_net_close(&r, 0, 0);
	n = body();
	n->kind = xt_cpu32(XTRAIL_NET_ACCEPT);
	n->flags = xt_cpu32(XTRAIL_NET_UNTRACKED);
	guest(w, len);
	len = build_net_close(&r, 0, 0);
	n = body();
	n->kind = xt_cpu32(XTRAIL_NET_SENDTO);
	n->protocol = xt_cpu32(17);
	n->family = xt_cpu32(AF_INET6);
	memset(n->saddr, 0, 16);
	n->saddr[15] = 1;
	guest(w, len);
	guest(w, build_tty_rec(&r, "pts0", XTRAIL_TTY_INPUT, "ls\r", 3));
	len = build_fixed(&r, XTRAIL_REC_HEARTBEAT, XTRAIL_HEARTBEAT_V1_SIZE);
	guest(w, len);
	len = build_fixed(&r, XTRAIL_REC_HEARTBEAT,
			  sizeof(struct xtrail_heartbeat));
	((struct xtrail_heartbeat *)body())->untracked = xt_cpu64(2);
	guest(w, len);
	guest(w, build_lost(&r, 3, 10));
}

/* dom0's records about a guest (a zero body, made valid). */
static void dom0_recs(struct f3_writer *w)
{
	static const unsigned int types[] = {
		XTRAIL_REC_VIOLATION, XTRAIL_REC_SEQ_GAP,
		XTRAIL_REC_HB_SILENCE, XTRAIL_REC_DOM0_LOST,
		XTRAIL_REC_FLOW_LOST, XTRAIL_REC_STREAM_JUMP,
		XTRAIL_REC_STREAM_END, XTRAIL_REC_DISCONNECT,
	};
	struct xtrail_refused *rf;
	struct xtrail_flow *f;
	struct xtrail_control *c;
	uint32_t len;
	size_t i;

	len = build_dom0(&r, XTRAIL_REC_REFUSED);
	rf = body();
	memcpy(rf->key, "ring-page-order", 15);
	memcpy(rf->value, "99", 2);
	rf->value_len = xt_cpu16(2);
	guest(w, len);
	rf->flags = xt_cpu16(XTRAIL_REFUSED_NOVALUE);
	guest(w, len);
	len = build_dom0(&r, XTRAIL_REC_FLOW);
	f = body();
	hdr_of(&r)->flags = xt_cpu16(XTRAIL_RF_TS_XEN | XTRAIL_RF_NO_TASK);
	f->family = xt_cpu16(AF_INET);
	f->protocol = IPPROTO_TCP;
	f->flags = xt_cpu32(XTRAIL_FLOW_FROM_GUEST);
	inet_pton(AF_INET, "10.0.0.2", f->saddr);
	inet_pton(AF_INET, "10.0.0.1", f->daddr);
	f->dport = xt_cpu16(25);
	f->bytes_fwd = xt_cpu64(1500);
	f->pkts_fwd = xt_cpu64(12);
	guest(w, len);
	len = build_dom0(&r, XTRAIL_REC_CONTROL);
	c = body();
	c->action = xt_cpu32(XTRAIL_CTL_PAUSE);
	c->target = xt_cpu32(XTRAIL_CTL_ALL);
	add(w, len);
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		guest(w, build_dom0(&r, types[i]));
}

/* One record of every type, and the variants of their fields. */
static int types_log(void)
{
	struct f3_writer_opts o = { 0 };
	struct f3_open_report rep;
	struct f3_writer w;
	char err[256];

	snprintf(log_path, sizeof(log_path), "%s/types.log", dir);
	if (xt_f3_writer_open(&w, log_path, &o, &rep, err, sizeof(err)))
		return -1;
	build_dom0(&r, XTRAIL_REC_CLOCK);
	((struct xtrail_clock *)body())->realtime_ns =
		xt_cpu64(CLOCK_REAL * 1000000000ull);
	add(&w, xt_le32(hdr_of(&r)->len));
	vm_identity(&w, 0);
	guest(&w, build_dom0(&r, XTRAIL_REC_CONNECT));
	process_recs(&w);
	file_recs(&w);
	net_recs(&w);
	dom0_recs(&w);
	vm_identity(&w, 1);
	return xt_f3_writer_close(&w);
}

static int setup(void **state)
{
	strcpy(dir, "types.tmp.XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(out_path, sizeof(out_path), "%s/out", dir);
	snprintf(err_path, sizeof(err_path), "%s/err", dir);
	return types_log();
}

static int teardown(void **state)
{
	char cmd[128];

	if (getenv("KEEP_TMP"))
		return 0;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) ? -1 : 0;
}

/* Run the shell command @fmt; its exit status, its output in text. */
static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int sh(const char *fmt, ...)
{
	char args[1024], cmd[1400];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	snprintf(cmd, sizeof(cmd), "%s > %s 2> %s", args, out_path, err_path);
	st = system(cmd);
	text = slurp(out_path);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Export the types log in @fmt into DIR/NAME; its path. */
static const char *export_as(const char *fmt, const char *name)
{
	static char path[160];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (sh("%s export %s --format %s -o %s", XTRAIL, log_path, fmt, path))
		fail_msg("export %s: %s", fmt, slurp(err_path));
	return path;
}

/* ---- every type ------------------------------------------------------------ */

/* The jsonl export holds every type the library names. */
static void test_every_type(void **state)
{
	const char *p = slurp(export_as("jsonl", "all.jsonl")), *name;
	char want[64];
	unsigned int t, n = 0;

	for (t = 0; t <= UINT16_MAX; t++) {
		name = xt_json_rec_type_name(t);
		if (!name)
			continue;
		snprintf(want, sizeof(want), "\"type\":\"%s\"", name);
		if (!strstr(p, want))
			fail_msg("no %s record in the types log", name);
		n++;
	}
	assert_int_equal(n, 25);
	/* The twins (issue 20): an xattr's name, a SYSCALL record's road */
	assert_non_null(strstr(p, "\"name\":\"fsetxattr\""));
	assert_non_null(strstr(p, "\"xattr\":\"/bc\""));
	assert_non_null(strstr(p, "\"name\":\"setuid\",\"ret\":0,"
			       "\"args\":[0,0,0,0,0,0],\"road\":\"compat\""));
}

/* ---- JSON Schema ------------------------------------------------------------- */

/* @path with its first @from replaced by @to, as DIR/NAME; its path. */
static const char *mutate(const char *path, const char *from, const char *to,
			  const char *name)
{
	static char out[160];
	const char *s = slurp(path), *at = strstr(s, from);
	FILE *f;

	assert_non_null(at);
	snprintf(out, sizeof(out), "%s/%s", dir, name);
	f = fopen(out, "w");
	assert_non_null(f);
	fprintf(f, "%.*s%s%s", (int)(at - s), s, to, at + strlen(from));
	fclose(f);
	return out;
}

static void test_schema(void **state)
{
	const char *jsonl = export_as("jsonl", "all.jsonl");
	const char *ts = export_as("timesketch", "all.ts.jsonl");

	if (sh("%s %s %s", CHECKER, SCHEMA, jsonl))
		fail_msg("jsonl: %s", text);
	assert_contains(text, "40 valid, 0 invalid");
	if (sh("%s %s %s", CHECKER, SCHEMA, ts))
		fail_msg("timesketch: %s", text);
	assert_contains(text, "40 valid, 0 invalid");
	/* a drift of type, a field of another type's, a new name: refused */
	assert_int_equal(sh("%s %s %s", CHECKER, SCHEMA,
			    mutate(jsonl, "\"untracked\":true",
				   "\"untracked\":1", "m1")), 1);
	assert_contains(text, "1 invalid");
	assert_int_equal(sh("%s %s %s", CHECKER, SCHEMA,
			    mutate(jsonl, "\"untracked_count\":2",
				   "\"untracked\":2", "m2")), 1);
	assert_int_equal(sh("%s %s %s", CHECKER, SCHEMA,
			    mutate(jsonl, "\"argc_total\":",
				   "\"argc\":", "m3")), 1);
	assert_int_equal(sh("%s %s %s", CHECKER, SCHEMA,
			    mutate(jsonl, "\"f3_seq\":0,", "", "m4")), 1);
}

/* ---- Elastic Common Schema ---------------------------------------------------- */

struct ecs_field {
	char name[48], type[24];
	int array;			/* Normalization: array */
};

struct ecs_allowed {
	char field[24], value[32], expect[160];
};

static struct ecs_field fields[64];
static struct ecs_allowed allowed[80];
static unsigned int nfields, nallowed;

/* The @n-th comma-separated column of @line (no quotes in those read). */
static void column(const char *line, unsigned int n, char *out, size_t size)
{
	size_t len;

	for (; n; n--) {
		line = strchr(line, ',');
		assert_non_null(line);
		line++;
	}
	len = strcspn(line, ",\n");
	assert_true(len < size);
	memcpy(out, line, len);
	out[len] = 0;
}

/* The vendored references (ecs/fields.csv, ecs/allowed.csv). */
static void ecs_load(void)
{
	char line[512];
	FILE *f = fopen(ECS_FIELDS, "r");
	char norm[16];

	assert_non_null(f);
	nfields = 0;
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#' || !strncmp(line, "ECS_Version,", 12))
			continue;
		assert_true(nfields < sizeof(fields) / sizeof(fields[0]));
		column(line, 3, fields[nfields].name, sizeof(fields[0].name));
		column(line, 4, fields[nfields].type, sizeof(fields[0].type));
		column(line, 6, norm, sizeof(norm));
		fields[nfields++].array = !strcmp(norm, "array");
	}
	fclose(f);
	f = fopen(ECS_ALLOWED, "r");
	assert_non_null(f);
	nallowed = 0;
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#' || !strncmp(line, "field,", 6))
			continue;
		assert_true(nallowed < sizeof(allowed) / sizeof(allowed[0]));
		column(line, 0, allowed[nallowed].field, 24);
		column(line, 1, allowed[nallowed].value, 32);
		column(line, 2, allowed[nallowed++].expect, 160);
	}
	fclose(f);
	assert_true(nfields > 40 && nallowed > 40);
}

static const struct ecs_field *ecs_field(const char *name)
{
	unsigned int i;

	for (i = 0; i < nfields; i++)
		if (!strcmp(fields[i].name, name))
			return &fields[i];
	return NULL;
}

/* Whether @v is of a JSON type an index maps to ECS type @type. */
static int ecs_fits(const char *type, struct json_object *v)
{
	const char *s = json_object_get_string(v);
	unsigned char ip[16];
	int y, mo, d, h, mi, sec, n = 0;

	if (!strcmp(type, "long"))
		return json_object_is_type(v, json_type_int);
	if (!json_object_is_type(v, json_type_string))
		return 0;
	if (!strcmp(type, "keyword") || !strcmp(type, "wildcard") ||
	    !strcmp(type, "match_only_text"))
		return 1;
	if (!strcmp(type, "ip"))
		return inet_pton(AF_INET, s, ip) == 1 ||
		       inet_pton(AF_INET6, s, ip) == 1;
	if (!strcmp(type, "date"))	/* RFC 3339, UTC */
		return sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d.%*9[0-9]Z%n", &y,
			      &mo, &d, &h, &mi, &sec, &n) == 6 &&
		       n == (int)strlen(s);
	return 0;
}

/* Whether @value is one ECS allows for @field (if it lists any). */
static const struct ecs_allowed *ecs_value(const char *field,
					   const char *value, int *listed)
{
	unsigned int i;

	*listed = 0;
	for (i = 0; i < nallowed; i++) {
		if (strcmp(allowed[i].field, field))
			continue;
		*listed = 1;
		if (!strcmp(allowed[i].value, value))
			return &allowed[i];
	}
	return NULL;
}

static int why(char *out, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int why(char *out, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(out, 256, fmt, ap);
	va_end(ap);
	return -1;
}

/* One leaf @v at @path: an ECS field, of its type, an allowed value. */
static int ecs_leaf(const char *path, struct json_object *v, char *err)
{
	const struct ecs_field *f = ecs_field(path);
	int arr = json_object_is_type(v, json_type_array), listed;
	size_t i, n = arr ? json_object_array_length(v) : 1;
	struct json_object *e;

	if (!f)
		return why(err, "%s: not an ECS field", path);
	if (arr != f->array)
		return why(err, "%s: %s array", path, arr ? "an" : "not an");
	for (i = 0; i < n; i++) {
		e = arr ? json_object_array_get_idx(v, i) : v;
		if (!e || !ecs_fits(f->type, e))
			return why(err, "%s: %s does not fit ECS type %s",
				   path, json_object_to_json_string(e),
				   f->type);
		if (!ecs_value(path, json_object_get_string(e), &listed) &&
		    listed)
			return why(err, "%s: %s is not an allowed value", path,
				   json_object_get_string(e));
	}
	return 0;
}

/* The fields of @o under @prefix (NULL at the top). 0, or -1 and @err. */
static int ecs_check_obj(struct json_object *o, const char *prefix,
			 char *err)
{
	char path[96];

	json_object_object_foreach(o, key, v) {
		snprintf(path, sizeof(path), "%s%s%s", prefix ? prefix : "",
			 prefix ? "." : "", key);
		if (!prefix && !strcmp(key, "xtrail")) {
			if (!json_object_is_type(v, json_type_object))
				return why(err, "xtrail: not an object");
			continue;	/* the custom namespace */
		}
		if (!v)
			return why(err, "%s: null", path);
		if (json_object_is_type(v, json_type_object)) {
			if (ecs_check_obj(v, path, err))
				return -1;
		} else if (ecs_leaf(path, v, err)) {
			return -1;
		}
	}
	return 0;
}

/* A value at the dotted @path of @o, or NULL. */
static struct json_object *at(struct json_object *o, const char *path)
{
	char key[48];
	size_t n;

	while (o && *path) {
		n = strcspn(path, ".");
		snprintf(key, sizeof(key), "%.*s", (int)n, path);
		if (!json_object_object_get_ex(o, key, &o))
			return NULL;
		path += n + !!path[n];
	}
	return o;
}

/* Whether each event.type of @o is one its event.category expects. */
static int ecs_pairs(struct json_object *o, char *err)
{
	struct json_object *cat = at(o, "event.category");
	struct json_object *type = at(o, "event.type");
	const struct ecs_allowed *a;
	char list[200], word[40];
	const char *t;
	size_t i, j;
	int listed;

	if (!at(o, "@timestamp") || !cat || !type)
		return why(err, "no @timestamp, event.category or event.type");
	for (i = 0; i < json_object_array_length(cat); i++) {
		a = ecs_value("event.category", json_object_get_string(
			      json_object_array_get_idx(cat, i)), &listed);
		assert_non_null(a);	/* ecs_leaf() checked it */
		snprintf(list, sizeof(list), " %s ", a->expect);
		for (j = 0; j < json_object_array_length(type); j++) {
			t = json_object_get_string(
				json_object_array_get_idx(type, j));
			snprintf(word, sizeof(word), " %s ", t);
			if (!strstr(list, word))
				return why(err, "event.type %s: not one category %s expects",
					   t, a->value);
		}
	}
	return 0;
}

/* The ECS document @o: 0, or -1 with the reason in @err. */
static int ecs_check(struct json_object *o, char *err)
{
	return ecs_check_obj(o, NULL, err) || ecs_pairs(o, err) ? -1 : 0;
}

/* The string at @path of @o, "" when absent. */
static const char *str_at(struct json_object *o, const char *path)
{
	struct json_object *v = at(o, path);

	return v ? json_object_get_string(v) : "";
}

/* The ECS document of the record of type @type whose @path is @value. */
static struct json_object *ecs_doc(struct json_object *docs, const char *type,
				   const char *path, const char *value)
{
	struct json_object *d;
	size_t i;

	for (i = 0; i < json_object_array_length(docs); i++) {
		d = json_object_array_get_idx(docs, i);
		if (!strcmp(str_at(d, "xtrail.type"), type) &&
		    !strcmp(str_at(d, path), value))
			return d;
	}
	fail_msg("no ECS document of a %s with %s %s", type, path, value);
	return NULL;
}

/* A deep copy of @o, to mutate. */
static struct json_object *copy(struct json_object *o)
{
	struct json_object *c = NULL;

	assert_int_equal(json_object_deep_copy(o, &c, NULL), 0);
	return c;
}

/* Every line of the ecs export, as an array; each checked. */
static struct json_object *ecs_docs(void)
{
	const char *p = slurp(export_as("ecs", "all.ecs.jsonl")), *nl;
	struct json_object *docs = json_object_new_array(), *o;
	char *line, err[256];

	ecs_load();
	for (; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		assert_non_null(nl);
		line = strndup(p, nl - p);
		o = json_tokener_parse(line);
		if (!o || ecs_check(o, err))
			fail_msg("%s: %s", o ? err : "not JSON", line);
		free(line);
		json_object_array_add(docs, o);
	}
	return docs;
}

static void test_ecs(void **state)
{
	struct json_object *docs = ecs_docs(), *d, *m;
	char err[256];

	/* every record has a time (the clock is first): every type */
	assert_int_equal(json_object_array_length(docs), 40);
	/* issue 20: the program's digest, as ECS names it */
	d = ecs_doc(docs, "exec_digest", "event.action", "exec-digest");
	assert_string_equal(str_at(d, "process.hash.sha256"),
			    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
	assert_int_equal(json_object_get_int(at(d, "process.pid")), 1234);
	d = ecs_doc(docs, "exec", "process.executable", "/usr/bin/mail");
	assert_string_equal(json_object_to_json_string_ext(at(d, "process"),
							   JSON_C_TO_STRING_PLAIN),
		"{\"pid\":1234,\"thread\":{\"id\":1234},\"parent\":{\"pid\":1000},\"name\":\"mail\","
		"\"executable\":\"\\/usr\\/bin\\/mail\",\"args_count\":4,"
		"\"args\":[\"mail\",\"-s\",\"spamSubject\",\"winai.wongthai@ncl.ac.uk\"],"
		"\"command_line\":\"mail -s spamSubject winai.wongthai@ncl.ac.uk\"}");
	assert_string_equal(str_at(d, "user.id"), "1001");
	assert_string_equal(str_at(d, "user.effective.id"), "1003");
	assert_string_equal(str_at(d, "host.name"), "guest");
	assert_string_equal(str_at(d, "cloud.instance.id"), VM_UUID);
	assert_string_equal(str_at(d, "@timestamp"),
			    "2026-11-21T18:39:01.003000000Z");
	assert_int_equal(json_object_get_int(at(d, "xtrail.f3_seq")), 3);
	assert_int_equal(json_object_get_int(at(d, "event.sequence")), 3);
	/* strings as the text they stand for; bytes that are not UTF-8 kept */
	d = ecs_doc(docs, "exec", "process.args_count", "4");
	d = ecs_doc(docs, "exec", "process.name", "mail");
	d = ecs_doc(docs, "exec", "xtrail.filename", "/bin/a\\\\\\xff");
	assert_string_equal(str_at(d, "process.command_line"),
			    "printf a\\b \\xff\\xfe tab\there");
	d = ecs_doc(docs, "flow", "event.action", "flow-start");
	assert_string_equal(json_object_to_json_string_ext(at(d, "network"),
							   JSON_C_TO_STRING_PLAIN),
			    "{\"type\":\"ipv4\",\"direction\":\"egress\",\"transport\":\"tcp\",\"bytes\":1500,\"packets\":12}");
	assert_string_equal(str_at(d, "source.ip"), "10.0.0.2");
	assert_int_equal(json_object_get_int(at(d, "source.bytes")), 1500);
	assert_string_equal(str_at(d, "destination.ip"), "10.0.0.1");
	assert_int_equal(json_object_get_int(at(d, "destination.port")), 25);
	assert_null(at(d, "process"));
	d = ecs_doc(docs, "net", "event.action", "accept");
	assert_string_equal(str_at(d, "source.ip"), "10.0.0.1");
	assert_string_equal(str_at(d, "network.direction"), "ingress");
	d = ecs_doc(docs, "file", "event.action", "rename");
	assert_string_equal(str_at(d, "file.path"), "/a");
	assert_string_equal(str_at(d, "event.type"), "[ \"change\" ]");
	assert_string_equal(str_at(d, "event.outcome"), "success");
	d = ecs_doc(docs, "control", "event.action", "xtrail-control");
	assert_string_equal(str_at(d, "event.category"), "[ \"configuration\" ]");
	/* the check refuses a mutated name, type or value */
	d = ecs_doc(docs, "exec", "process.executable", "/usr/bin/mail");
	m = copy(d);
	json_object_object_add(at(m, "process"), "parent_pid",
			       json_object_new_int(1000));
	assert_int_equal(ecs_check(m, err), -1);
	assert_string_equal(err, "process.parent_pid: not an ECS field");
	json_object_put(m);
	m = copy(d);
	json_object_object_add(at(m, "user"), "id", json_object_new_int(1001));
	assert_int_equal(ecs_check(m, err), -1);
	assert_string_equal(err, "user.id: 1001 does not fit ECS type keyword");
	json_object_put(m);
	m = copy(d);
	json_object_object_add(at(m, "event"), "type",
			       json_object_new_string("start"));
	assert_int_equal(ecs_check(m, err), -1);
	assert_string_equal(err, "event.type: not an array");
	json_object_put(m);
	m = copy(d);
	json_object_array_put_idx(at(m, "event.type"), 0,
				  json_object_new_string("connection"));
	assert_int_equal(ecs_check(m, err), -1);
	assert_string_equal(err, "event.type connection: not one category process expects");
	json_object_put(m);
	json_object_put(docs);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_every_type),
		T(test_schema),
		T(test_ecs),
	};

	return cmocka_run_group_tests_name("export_types", tests, NULL, NULL);
}
