// SPDX-License-Identifier: GPL-2.0
/*
 * "xtrail export --format ecs": a record's JSON object as an Elastic
 * Common Schema document; the mapping is in export_ecs.h.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export_ecs.h"
#include "export_msg.h"
#include "record_json.h"
#include "text_safe.h"

struct ecs {
	struct json_object *doc;
	struct json_object *rec;
	int oom;
};

/*
 * Put @v at the dotted @path of the document, making the objects on the
 * way; @v is given over (NULL: memory ran out).
 */
static void put(struct ecs *e, const char *path, struct json_object *v)
{
	struct json_object *o = e->doc, *next;
	const char *dot;
	char key[32];
	size_t n;

	while (v && (dot = strchr(path, '.'))) {
		n = dot - path;
		if (n >= sizeof(key))
			break;
		memcpy(key, path, n);
		key[n] = 0;
		if (!json_object_object_get_ex(o, key, &next)) {
			next = json_object_new_object();
			if (!next || json_object_object_add(o, key, next)) {
				json_object_put(next);
				break;
			}
		}
		o = next;
		path = dot + 1;
	}
	if (!v || strchr(path, '.') || json_object_object_add(o, path, v)) {
		json_object_put(v);
		e->oom = 1;
	}
}

/* Whether @key of the record is there and not null. */
static int has(struct ecs *e, const char *key)
{
	struct json_object *v;

	return json_object_object_get_ex(e->rec, key, &v) && v;
}

/* Whether the record's @s bytes are UTF-8 an index can hold (no NUL). */
static int clean_utf8(const char *s, size_t n)
{
	uint32_t cp;
	size_t i, k;

	for (i = 0; i < n; i += k) {
		k = s[i] ? xt_text_utf8_seq((const uint8_t *)s + i, n - i,
					    &cp) : 0;
		if (!k)
			return 0;
	}
	return 1;
}

/* A string of the record as the text it stands for (export_ecs.h). */
static struct json_object *plain(const char *s)
{
	size_t len = strlen(s);
	char *raw = malloc(len + 1);
	long n = raw ? xt_text_unescape(raw, len + 1, s) : -1;
	struct json_object *v;

	if (n >= 0 && clean_utf8(raw, n))
		v = json_object_new_string_len(raw, n);
	else
		v = json_object_new_string(s);
	free(raw);
	return v;
}

static void put_str(struct ecs *e, const char *path, const char *s)
{
	put(e, path, json_object_new_string(s));
}

/* The record's string @key, as text, at @path; nothing if absent. */
static void put_text(struct ecs *e, const char *path, const char *key)
{
	const char *s = xt_jget_str(e->rec, key);

	if (s)
		put(e, path, plain(s));
}

/* The record's integer @key at @path; nothing if absent or null. */
static void put_int(struct ecs *e, const char *path, const char *key)
{
	if (has(e, key))
		put(e, path, json_object_new_int64(xt_jget_int(e->rec, key)));
}

/* An id of the record (uid...) as ECS's keyword: text. */
static void put_id(struct ecs *e, const char *path, const char *key)
{
	char buf[24];

	if (!has(e, key))
		return;
	snprintf(buf, sizeof(buf), "%" PRId64, xt_jget_int(e->rec, key));
	put_str(e, path, buf);
}

/* An array of one or two keywords. */
static void put_list(struct ecs *e, const char *path, const char *a,
		     const char *b)
{
	struct json_object *l = json_object_new_array();

	if (l && (json_object_array_add(l, json_object_new_string(a)) ||
		  (b && json_object_array_add(l, json_object_new_string(b))))) {
		json_object_put(l);
		l = NULL;
	}
	put(e, path, l);
}

/* ---- event.* ------------------------------------------------------------- */

struct ecs_class {
	const char *category, *type, *type2, *action;
	char buf[40];
};

/* A file syscall's event.type, by its name. */
static const char *file_type(const char *name)
{
	static const char *const kinds[][2] = {
		{ "open", "access" }, { "openat", "access" },
		{ "openat2", "access" }, { "creat", "creation" },
		{ "mkdir", "creation" }, { "mkdirat", "creation" },
		{ "link", "creation" }, { "linkat", "creation" },
		{ "symlink", "creation" }, { "symlinkat", "creation" },
		{ "unlink", "deletion" }, { "unlinkat", "deletion" },
		{ "rmdir", "deletion" },
	};
	size_t i;

	for (i = 0; name && i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(name, kinds[i][0]))
			return kinds[i][1];
	return "change";	/* rename, chmod, chown, truncate... */
}

/* Whether @name is one of the socket syscalls. */
static int net_syscall(const char *name)
{
	static const char *const net[] = {
		"connect", "accept", "accept4", "sendto", "sendmsg", "bind",
		"listen",
	};
	size_t i;

	for (i = 0; i < sizeof(net) / sizeof(net[0]); i++)
		if (!strcmp(name, net[i]))
			return 1;
	return 0;
}

/* A syscall record: its category and type by name. */
static void syscall_class(struct ecs_class *c, const char *name)
{
	c->category = "process";
	c->type = "info";
	if (!name)
		return;
	if (!strcmp(name, "ptrace")) {
		c->type = "access";
	} else if (!strncmp(name, "set", 3) || !strcmp(name, "capset")) {
		c->type = "change";
	} else if (strstr(name, "init_module")) {
		c->category = "driver";
		c->type = "start";
	} else if (!strcmp(name, "delete_module")) {
		c->category = "driver";
		c->type = "end";
	} else if (net_syscall(name)) {
		c->category = "network";
	} else {
		c->category = "file";
		c->type = file_type(name);
	}
}

/* A net record: by kind. */
static void net_class(struct ecs_class *c, const char *kind)
{
	c->category = "network";
	c->type = "info";
	c->action = kind;
	if (!strcmp(kind, "connect") || !strcmp(kind, "accept")) {
		c->type = "connection";
		c->type2 = "start";
	} else if (!strcmp(kind, "sendto")) {
		c->type = "connection";
	} else if (!strcmp(kind, "close")) {
		c->type = "connection";
		c->type2 = "end";
	}
}

/* dom0's view of a flow: by event. */
static void flow_class(struct ecs_class *c, const char *ev)
{
	c->category = "network";
	c->type = "connection";
	c->type2 = !strcmp(ev, "start") ? "start" :
		   !strcmp(ev, "end") || !strcmp(ev, "idle") ? "end" : "info";
	snprintf(c->buf, sizeof(c->buf), "flow-%s", ev);
	c->action = c->buf;
}

/* The records of a guest's task, by type; 0 if @type is none of them. */
static int task_class(struct ecs *e, struct ecs_class *c, const char *type)
{
	const char *name = xt_jget_str(e->rec, "name");
	const char *kind = xt_jget_str(e->rec, "kind");

	if (!strcmp(type, "exec") || !strcmp(type, "fork") ||
	    !strcmp(type, "exit")) {
		c->category = "process";
		c->type = !strcmp(type, "exit") ? "end" : "start";
		c->action = type;
	} else if (!strcmp(type, "file")) {
		c->category = "file";
		c->type = file_type(name);
		c->action = name;
	} else if (!strcmp(type, "syscall")) {
		syscall_class(c, name);
		c->action = name;
	} else if (!strcmp(type, "close")) {
		c->category = "file";
		c->type = xt_jget_int(e->rec, "bytes_written") > 0 ?
			  "change" : "access";
		c->action = "close";
	} else if (!strcmp(type, "tty")) {
		c->category = "session";
		c->type = "info";
		c->action = json_object_get_boolean(json_object_object_get(
			    e->rec, "input")) ? "tty-input" : "tty-output";
	} else if (!strcmp(type, "net") && kind) {
		net_class(c, kind);
	} else if (!strcmp(type, "exec_digest")) {
		/* the program of the exec before, by its contents */
		c->category = "process";
		c->type = "info";
		c->action = "exec-digest";
	} else {
		return 0;
	}
	return 1;
}

/* The records about the logging itself (dom0's, xtraild's). */
static void log_class(struct ecs *e, struct ecs_class *c, const char *type)
{
	const char *ev = xt_jget_str(e->rec, "event");
	const char *result = xt_jget_str(e->rec, "result");
	char *p;

	c->category = "host";
	c->type = !strcmp(type, "connect") ? "start" :
		  !strcmp(type, "disconnect") ? "end" : "info";
	snprintf(c->buf, sizeof(c->buf), "xtrail-%s", type);
	for (p = c->buf; *p; p++)
		if (*p == '_')
			*p = '-';
	c->action = c->buf;
	if (!strcmp(type, "flow") && ev) {
		flow_class(c, ev);
	} else if (!strcmp(type, "violation")) {
		c->category = "intrusion_detection";
		c->type = "denied";
	} else if (!strcmp(type, "vm_identity")) {
		c->type = xt_jget_str(e->rec, "why") &&
			  !strcmp(xt_jget_str(e->rec, "why"), "change") ?
			  "change" : "info";
	} else if (!strcmp(type, "control") && result) {
		c->category = "configuration";
		c->type = "change";
		put_str(e, "event.outcome", strcmp(result, "applied") ?
			"failure" : "success");
	}
}

static void ecs_event(struct ecs *e, const char *type)
{
	struct ecs_class c = { .action = type };
	char dataset[48];

	if (!task_class(e, &c, type))
		log_class(e, &c, type);
	put_str(e, "event.kind", strcmp(type, "heartbeat") ? "event" :
		"metric");
	put_list(e, "event.category", c.category, NULL);
	put_list(e, "event.type", c.type, c.type2);
	put_str(e, "event.action", c.action ? c.action : type);
	put_int(e, "event.sequence", "f3_seq");
	put_str(e, "event.module", "xtrail");
	snprintf(dataset, sizeof(dataset), "xtrail.%s", type);
	put_str(e, "event.dataset", dataset);
	if (has(e, "ret") && (!strcmp(type, "file") ||
			      !strcmp(type, "syscall") ||
			      !strcmp(type, "net")))
		put_str(e, "event.outcome", xt_jget_int(e->rec, "ret") < 0 ?
			"failure" : "success");
}

/* ---- process.*, user.*, host.* -------------------------------------------- */

/* exec: the program, its arguments, where it ran. */
static void ecs_exec(struct ecs *e)
{
	struct json_object *argv, *args = json_object_new_array();
	const char *a, *sep = "";
	size_t i, n, len = 1;
	char *cl;

	put_text(e, "process.executable", has(e, "exe") ? "exe" : "filename");
	put_text(e, "process.working_directory", "cwd");
	put_int(e, "process.args_count", "argc_total");
	if (!json_object_object_get_ex(e->rec, "argv", &argv) || !argv) {
		json_object_put(args);
		return;
	}
	n = json_object_array_length(argv);
	for (i = 0; args && i < n; i++) {
		a = json_object_get_string(json_object_array_get_idx(argv, i));
		len += strlen(a) + 1;
		if (json_object_array_add(args, plain(a)))
			e->oom = 1;
	}
	put(e, "process.args", args);
	cl = malloc(len);
	if (cl) {
		*cl = 0;
		for (i = 0; args && i < json_object_array_length(args); i++) {
			strcat(cl, sep);
			strcat(cl, json_object_get_string(
			       json_object_array_get_idx(args, i)));
			sep = " ";
		}
	}
	put(e, "process.command_line", cl ? json_object_new_string(cl) :
	    NULL);
	free(cl);
}

static void ecs_process(struct ecs *e, const char *type)
{
	int fork = !strcmp(type, "fork");
	int thread = json_object_get_boolean(json_object_object_get(e->rec,
							     "thread"));

	if (!has(e, "pid"))
		return;
	put_int(e, "process.pid", fork ? "child_tgid" : "tgid");
	put_int(e, "process.thread.id", fork ? "child_pid" : "pid");
	put_int(e, "process.parent.pid", fork && !thread ? "tgid" : "ppid");
	put_text(e, "process.name", "comm");
	if (!strcmp(type, "exec"))
		ecs_exec(e);
	if (!strcmp(type, "exit"))
		put_int(e, "process.exit_code", "exit_status");
	if (!strcmp(type, "exec_digest"))
		put_text(e, "process.hash.sha256", "sha256");
}

static void ecs_user(struct ecs *e)
{
	put_id(e, "user.id", "uid");
	put_id(e, "user.effective.id", "euid");
	put_id(e, "user.group.id", "gid");
	put_id(e, "user.effective.group.id", "egid");
}

/* The VM the record is about, as the host and as the cloud's instance. */
static void ecs_host(struct ecs *e)
{
	const char *uuid = xt_jget_str(e->rec, "vm_uuid");
	const char *name = xt_jget_str(e->rec, "vm_name");

	if (uuid && *uuid) {
		put_str(e, "host.id", uuid);
		put_str(e, "cloud.instance.id", uuid);
	}
	if (name && *name) {
		put(e, "host.name", plain(name));
		put(e, "cloud.instance.name", plain(name));
	}
}

/* ---- source.*, destination.*, network.*, file.* ---------------------------- */

/* One side of a connection: @side ("source"...) from the record's keys. */
static void ecs_side(struct ecs *e, const char *side, const char *addr,
		     const char *port)
{
	char path[40];

	snprintf(path, sizeof(path), "%s.ip", side);
	put_text(e, path, addr);
	snprintf(path, sizeof(path), "%s.port", side);
	put_int(e, path, port);
}

/* The two sides' counts @a and @b at SIDE.@what and network.@what. */
static void ecs_counts(struct ecs *e, const char *what, const char *a,
		       const char *b)
{
	char path[40];

	if (!has(e, a) || !has(e, b))
		return;
	snprintf(path, sizeof(path), "source.%s", what);
	put_int(e, path, a);
	snprintf(path, sizeof(path), "destination.%s", what);
	put_int(e, path, b);
	snprintf(path, sizeof(path), "network.%s", what);
	put(e, path, json_object_new_int64(xt_jget_int(e->rec, a) +
					   xt_jget_int(e->rec, b)));
}

/* Which way the record says the traffic went; NULL if it does not. */
static const char *direction(struct ecs *e, const char *type)
{
	const char *kind = xt_jget_str(e->rec, "kind");

	if (!strcmp(type, "flow"))
		return json_object_get_boolean(json_object_object_get(
		       e->rec, "from_guest")) ? "egress" : "ingress";
	if (!kind)
		return NULL;
	if (!strcmp(kind, "connect") || !strcmp(kind, "sendto"))
		return "egress";
	return strcmp(kind, "accept") ? NULL : "ingress";
}

static void ecs_network(struct ecs *e, const char *type)
{
	const char *kind = xt_jget_str(e->rec, "kind");
	int64_t family = xt_jget_int(e->rec, "family");
	int64_t proto = xt_jget_int(e->rec, "protocol");
	int accept = kind && !strcmp(kind, "accept");
	const char *dir = direction(e, type);

	if (family != 2 && family != 10)
		return;
	put_str(e, "network.type", family == 2 ? "ipv4" : "ipv6");
	if (dir)
		put_str(e, "network.direction", dir);
	if (proto == 6 || proto == 17)
		put_str(e, "network.transport", proto == 6 ? "tcp" : "udp");
	/* net: local first (accept: the remote side began it) */
	ecs_side(e, accept ? "destination" : "source", "saddr", "sport");
	ecs_side(e, accept ? "source" : "destination", "daddr", "dport");
	if (!strcmp(type, "flow")) {
		ecs_counts(e, "bytes", "bytes_fwd", "bytes_rev");
		ecs_counts(e, "packets", "pkts_fwd", "pkts_rev");
	} else {
		ecs_counts(e, "bytes", "bytes_sent", "bytes_received");
	}
}

/* ---- xtrail.* ------------------------------------------------------------ */

/* @v without its null values (at any depth); scalars shared. */
static struct json_object *no_nulls(struct json_object *v)
{
	struct json_object *n, *c;
	size_t i;

	if (json_object_is_type(v, json_type_array)) {
		n = json_object_new_array();
		for (i = 0; n && i < json_object_array_length(v); i++) {
			c = json_object_array_get_idx(v, i);
			if (!c)
				continue;
			c = no_nulls(c);
			if (!c || json_object_array_add(n, c)) {
				json_object_put(c);
				json_object_put(n);
				return NULL;
			}
		}
		return n;
	}
	if (!json_object_is_type(v, json_type_object))
		return json_object_get(v);
	n = json_object_new_object();
	json_object_object_foreach(v, key, val) {
		if (!n || !val)
			continue;
		c = no_nulls(val);
		if (!c || json_object_object_add(n, key, c)) {
			json_object_put(c);
			json_object_put(n);
			n = NULL;
		}
	}
	return n;
}

/* The record's fields that ECS has no field for (export_ecs.h). */
static void ecs_xtrail(struct ecs *e)
{
	static const char *const mapped[] = {
		"pid", "tgid", "ppid", "uid", "gid", "euid", "egid", "comm",
		"time", "vm_uuid", "vm_name", "argv",
	};
	struct json_object *x = no_nulls(e->rec);
	size_t i;

	for (i = 0; x && i < sizeof(mapped) / sizeof(mapped[0]); i++)
		json_object_object_del(x, mapped[i]);
	put(e, "xtrail", x);
}

struct json_object *xt_ecs_doc(struct json_object *rec, int64_t time_ns,
			       const char *msg)
{
	struct ecs e = { .doc = json_object_new_object(), .rec = rec };
	const char *type = xt_jget_str(rec, "type");
	char ts[40];

	if (!e.doc || !type || xt_json_rfc3339(ts, sizeof(ts), time_ns)) {
		json_object_put(e.doc);
		return NULL;
	}
	put_str(&e, "@timestamp", ts);
	put_str(&e, "message", msg);
	put_str(&e, "ecs.version", ECS_VERSION);
	ecs_event(&e, type);
	ecs_host(&e);
	ecs_process(&e, type);
	ecs_user(&e);
	if (!strcmp(type, "net") || !strcmp(type, "flow"))
		ecs_network(&e, type);
	if (!strcmp(type, "file") || !strcmp(type, "close"))
		put_text(&e, "file.path", "path");
	ecs_xtrail(&e);
	if (e.oom) {
		json_object_put(e.doc);
		return NULL;
	}
	return e.doc;
}
