// SPDX-License-Identifier: GPL-2.0
/*
 * "xtrail export": the message of a record (one line for humans, in the
 * csv, sqlite and timesketch formats); see export_msg.h.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export_msg.h"
#include "text_safe.h"

int64_t xt_jget_int(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !v)
		return -1;
	return json_object_get_int64(v);
}

const char *xt_jget_str(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !v ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

struct sbuf {
	char *s;
	size_t len, cap;
	int oom;
};

static void sb_add(struct sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void sb_add(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	size_t need;
	char *ns;
	int n;

	if (b->oom)
		return;
	va_start(ap, fmt);
	n = vsnprintf(b->s ? b->s + b->len : NULL,
		      b->s ? b->cap - b->len : 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->oom = 1;
		return;
	}
	need = b->len + n + 1;
	if (!b->s || need > b->cap) {
		ns = realloc(b->s, need * 2);
		if (!ns) {
			b->oom = 1;
			return;
		}
		b->s = ns;
		b->cap = need * 2;
		va_start(ap, fmt);
		vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
	}
	b->len += n;
}

/* A string in its display form (text_safe.h); NULL: "?". */
static void sb_text(struct sbuf *b, const char *s)
{
	char *e = s ? xt_text_escape(s, strlen(s), 0) : NULL;

	if (s && !e)
		b->oom = 1;
	sb_add(b, "%s", e ? e : "?");
	free(e);
}

static void sb_str(struct sbuf *b, struct json_object *o, const char *key)
{
	sb_text(b, xt_jget_str(o, key));
}

/*
 * The exec's context, those of body version 2 that are there: "(cwd D,
 * exe E, interpreter I, argv0 passed A)".
 */
static void msg_exec_ctx(struct sbuf *b, struct json_object *o)
{
	static const char *const keys[][2] = {
		{ "cwd", "cwd" }, { "exe", "exe" },
		{ "interpreter", "interpreter" },
		{ "argv0_passed", "argv0 passed" },
	};
	const char *sep = " (", *v;
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		v = xt_jget_str(o, keys[i][0]);
		if (!v)
			continue;
		sb_add(b, "%s%s ", sep, keys[i][1]);
		sb_text(b, v);
		sep = ", ";
	}
	if (*sep == ',')
		sb_add(b, ")");
}

/*
 * An argument in the display form, as a shell would read it back: as it
 * is when it holds only [A-Za-z0-9@%+=:,./_-], else between single quotes
 * (a quote in it written '\'').
 */
static void sb_arg(struct sbuf *b, const char *s)
{
	static const char safe[] = "@%+=:,./_-";
	char *e = xt_text_escape(s, strlen(s), 0), *p;
	int quote = !*s;

	if (!e) {
		b->oom = 1;
		return;
	}
	for (p = e; *p && !quote; p++)
		quote = !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			  (*p >= '0' && *p <= '9') || strchr(safe, *p));
	if (!quote) {
		sb_add(b, "%s", e);
		free(e);
		return;
	}
	sb_add(b, "'");
	for (p = e; *p; p++) {
		if (*p == '\'')
			sb_add(b, "'\\''");
		else
			sb_add(b, "%c", *p);
	}
	sb_add(b, "'");
	free(e);
}

static void msg_exec(struct sbuf *b, struct json_object *o)
{
	struct json_object *argv;
	size_t i, n;

	sb_add(b, " ");
	sb_str(b, o, "filename");
	if (json_object_object_get_ex(o, "argv", &argv)) {
		n = json_object_array_length(argv);
		sb_add(b, ":");
		for (i = 0; i < n; i++) {
			sb_add(b, " ");
			sb_arg(b, json_object_get_string(
			       json_object_array_get_idx(argv, i)));
		}
		if (json_object_get_boolean(json_object_object_get(
					    o, "argv_last_cut")))
			sb_add(b, "[cut]");
		else if (json_object_get_boolean(json_object_object_get(
						 o, "argv_truncated")))
			sb_add(b, " [more]");
	}
	msg_exec_ctx(b, o);
}

/* The road of a file or network operation, when not the 64-bit syscall */
static void msg_road(struct sbuf *b, struct json_object *o)
{
	const char *road = xt_jget_str(o, "road");

	if (road && strcmp(road, "syscall"))
		sb_add(b, " (by %s)", road);
}

/* file and syscall records */
static void msg_file(struct sbuf *b, struct json_object *o)
{
	sb_add(b, " ");
	sb_str(b, o, "name");
	if (xt_jget_str(o, "path")) {
		sb_add(b, " ");
		sb_str(b, o, "path");
	}
	if (xt_jget_str(o, "path2")) {
		sb_add(b, " -> ");
		sb_str(b, o, "path2");
	}
	if (xt_jget_str(o, "xattr")) {
		sb_add(b, " ");
		sb_str(b, o, "xattr");
	}
	sb_add(b, " = %" PRId64, xt_jget_int(o, "ret"));
	msg_road(b, o);
}

static void msg_net(struct sbuf *b, struct json_object *o)
{
	const char *kind = xt_jget_str(o, "kind");

	sb_add(b, " ");
	sb_str(b, o, "kind");
	sb_add(b, " ");
	if (json_object_object_get_ex(o, "path_abstract", NULL)) {
		/* AF_UNIX: its name, "@" before an abstract one (as ss) */
		sb_add(b, "unix %s", json_object_get_boolean(
		       json_object_object_get(o, "path_abstract")) ? "@" : "");
		if (xt_jget_str(o, "path"))
			sb_str(b, o, "path");
		else
			sb_add(b, "(unnamed)");
	} else {
		sb_str(b, o, "saddr");
		sb_add(b, ":%" PRId64 " -> ", xt_jget_int(o, "sport"));
		sb_str(b, o, "daddr");
		sb_add(b, ":%" PRId64, xt_jget_int(o, "dport"));
	}
	if (kind && !strcmp(kind, "close")) {
		sb_add(b, " sent %" PRId64 " received %" PRId64,
		       xt_jget_int(o, "bytes_sent"),
		       xt_jget_int(o, "bytes_received"));
	} else if (kind && !strcmp(kind, "state")) {
		sb_add(b, " ");
		sb_str(b, o, "old_state");
		sb_add(b, "->");
		sb_str(b, o, "new_state");
	} else {
		sb_add(b, " = %" PRId64, xt_jget_int(o, "ret"));
	}
	if (xt_jget_int(o, "sock_ino") >= 0)
		sb_add(b, " socket %" PRId64, xt_jget_int(o, "sock_ino"));
	if (json_object_get_boolean(json_object_object_get(o, "untracked")))
		sb_add(b, " (untracked)");
	msg_road(b, o);
}

static void msg_tty(struct sbuf *b, struct json_object *o)
{
	sb_add(b, " ");
	sb_str(b, o, "tty");
	sb_add(b, " %s: ", json_object_get_boolean(
	       json_object_object_get(o, "input")) ? "in" : "out");
	sb_str(b, o, "data");
}

static void msg_fork(struct sbuf *b, struct json_object *o)
{
	sb_add(b, " child %" PRId64, xt_jget_int(o, "child_pid"));
}

static void msg_exit(struct sbuf *b, struct json_object *o)
{
	sb_add(b, " status %" PRId64 " signal %" PRId64,
	       xt_jget_int(o, "exit_status"), xt_jget_int(o, "exit_signal"));
}

static void msg_lost(struct sbuf *b, struct json_object *o)
{
	sb_add(b, " %" PRId64 " records", xt_jget_int(o, "count"));
}

/* dom0's records it could not keep: how many, of which types */
static void msg_dom0_lost(struct sbuf *b, struct json_object *o)
{
	struct json_object *by;

	sb_add(b, " %" PRId64 " records (%" PRId64 " in all)",
	       xt_jget_int(o, "count"), xt_jget_int(o, "total"));
	if (!json_object_object_get_ex(o, "by_type", &by) || !by)
		return;
	json_object_object_foreach(by, type, n)
		sb_add(b, " %s=%" PRId64, type, json_object_get_int64(n));
}

/* dom0's view of a flow: "start tcp A:P -> B:Q (from the guest)" */
static void msg_flow(struct sbuf *b, struct json_object *o)
{
	struct json_object *v;
	const char *event = xt_jget_str(o, "event");
	int from_guest = json_object_object_get_ex(o, "from_guest", &v) &&
			 json_object_get_boolean(v);

	sb_add(b, " ");
	sb_str(b, o, "event");
	sb_add(b, " ");
	sb_str(b, o, "proto");
	sb_add(b, " ");
	sb_str(b, o, "saddr");
	sb_add(b, ":%" PRId64 " -> ", xt_jget_int(o, "sport"));
	sb_str(b, o, "daddr");
	sb_add(b, ":%" PRId64 " (%s)", xt_jget_int(o, "dport"),
	       from_guest ? "from the guest" : "to the guest");
	if (event && strcmp(event, "start"))
		sb_add(b, " packets %" PRId64 "/%" PRId64 " bytes %" PRId64
		       "/%" PRId64, xt_jget_int(o, "pkts_fwd"),
		       xt_jget_int(o, "pkts_rev"), xt_jget_int(o, "bytes_fwd"),
		       xt_jget_int(o, "bytes_rev"));
}

/* new flows a guest's table had no room for */
static void msg_flow_lost(struct sbuf *b, struct json_object *o)
{
	sb_add(b, " %" PRId64 " flows (%" PRId64 " in all), %" PRId64
	       " packets, table %" PRId64 "/%" PRId64,
	       xt_jget_int(o, "count"), xt_jget_int(o, "total"),
	       xt_jget_int(o, "packets"), xt_jget_int(o, "in_use"),
	       xt_jget_int(o, "cap"));
}

/* connect, disconnect and violation records */
static void msg_reason(struct sbuf *b, struct json_object *o)
{
	sb_add(b, " ");
	sb_str(b, o, "reason");
}

/* a refused connect: the key, why, and the value */
static void msg_refused(struct sbuf *b, struct json_object *o)
{
	sb_add(b, " ");
	sb_str(b, o, "key");
	sb_add(b, " ");
	sb_str(b, o, "kind");
	if (xt_jget_str(o, "value")) {
		sb_add(b, " \"");
		sb_str(b, o, "value");
		sb_add(b, "\"");
	}
}

/* dom0's record of who the guest is: why, UUID, name, each NIC */
static void msg_vm_identity(struct sbuf *b, struct json_object *o)
{
	struct json_object *nics, *n;
	size_t i, len;

	sb_add(b, " ");
	sb_str(b, o, "why");
	sb_add(b, " uuid ");
	sb_str(b, o, "uuid");
	sb_add(b, " name ");
	sb_str(b, o, "name");
	if (!json_object_object_get_ex(o, "nics", &nics) || !nics)
		return;
	len = json_object_array_length(nics);
	sb_add(b, " nics %zu", len);
	for (i = 0; i < len; i++) {
		n = json_object_array_get_idx(nics, i);
		sb_add(b, " vif%" PRId64 " ", xt_jget_int(n, "devid"));
		sb_str(b, n, "mac");
		sb_add(b, " ");
		sb_str(b, n, "ip");
	}
}

/* What follows "[...] TYPE" for each type; other types have nothing. */
static const struct {
	const char *type;
	void (*add)(struct sbuf *b, struct json_object *o);
} msg_body[] = {
	{ "exec", msg_exec },
	{ "file", msg_file },
	{ "syscall", msg_file },
	{ "net", msg_net },
	{ "tty", msg_tty },
	{ "fork", msg_fork },
	{ "exit", msg_exit },
	{ "lost", msg_lost },
	{ "dom0_lost", msg_dom0_lost },
	{ "flow", msg_flow },
	{ "flow_lost", msg_flow_lost },
	{ "connect", msg_reason },
	{ "disconnect", msg_reason },
	{ "violation", msg_reason },
	{ "refused", msg_refused },
	{ "vm_identity", msg_vm_identity },
};

char *xt_rec_message(struct json_object *o)
{
	const char *type = xt_jget_str(o, "type");
	struct sbuf b = { 0 };
	size_t i;

	struct json_object *nt;

	sb_add(&b, "[domid %" PRId64, xt_jget_int(o, "domid"));
	if (xt_jget_str(o, "vm_name") && *xt_jget_str(o, "vm_name")) {
		sb_add(&b, " vm ");
		sb_str(&b, o, "vm_name");
	}
	if (json_object_object_get_ex(o, "no_task", &nt) &&
	    json_object_get_boolean(nt)) {
		/* No task: only the owner's uid, when the record knows it. */
		if (xt_jget_int(o, "uid") >= 0)
			sb_add(&b, " no_task uid %" PRId64 "]",
			       xt_jget_int(o, "uid"));
		else
			sb_add(&b, " no_task uid ?]");
	} else {
		sb_add(&b, " pid %" PRId64 " uid %" PRId64 " ",
		       xt_jget_int(o, "pid"), xt_jget_int(o, "uid"));
		sb_str(&b, o, "comm");
		sb_add(&b, "]");
	}
	sb_add(&b, " %s", type ? type : "unknown");
	for (i = 0; type && i < sizeof(msg_body) / sizeof(msg_body[0]); i++) {
		if (!strcmp(type, msg_body[i].type)) {
			msg_body[i].add(&b, o);
			break;
		}
	}
	if (b.oom) {
		free(b.s);
		return NULL;
	}
	return b.s;
}
