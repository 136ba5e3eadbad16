// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One xtrail record -> one json-c object; the rules are in record_json.h.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <inttypes.h>
#include <sys/socket.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "json_build.h"
#include "record_json.h"
#include "record_json_dom0.h"
#include "text_safe.h"
#include "xtrail_dev.h"
#include "xtrail_encode.h"

#define XTRAIL_ID_UNSET	0xffffffffu

void xt_json_clock_ref_update(struct xtrail_clock_ref *c, const void *rec)
{
	const struct xtrail_rec_hdr *h = rec;
	const struct xtrail_clock *ck = (const struct xtrail_clock *)(h + 1);

	if (xt_le16(h->type) != XTRAIL_REC_CLOCK)
		return;
	c->valid = 1;
	c->ts_xen = !!(xt_le16(h->flags) & XTRAIL_RF_TS_XEN);
	c->ts_ns = xt_le64(h->ts_ns);
	c->realtime_ns = xt_le64(ck->realtime_ns);
}

int xt_json_clock_ref_time(const struct xtrail_clock_ref *c, uint64_t t,
			   int64_t *ns)
{
	int64_t delta = (int64_t)(t - c->ts_ns);
	int64_t base = (int64_t)c->realtime_ns;

	if (!c->valid || base < 0)
		return -1;
	if (__builtin_add_overflow(base, delta, ns) || *ns < 0)
		return -1;
	return 0;
}

int xt_json_rfc3339(char *buf, size_t size, int64_t ns)
{
	time_t sec;
	struct tm tm;
	size_t n;
	int m;

	if (ns < 0)
		return -1;
	sec = ns / 1000000000;
	if (!gmtime_r(&sec, &tm))
		return -1;
	n = strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!n)
		return -1;
	m = snprintf(buf + n, size - n, ".%09ldZ",
		     (long)(ns % 1000000000));
	if (m < 0 || (size_t)m >= size - n)
		return -1;
	return 0;
}

char *xt_json_line(struct json_object *o)
{
	const char *t = json_object_to_json_string_ext(o, XTRAIL_JSON_FLAGS);

	return t ? xt_text_json_safe(t) : NULL;
}

/* Names of the x86-64 syscalls the guest records by default. */
static const char *syscall_name(unsigned int nr)
{
	static const struct {
		unsigned int nr;
		const char *name;
	} names[] = {
		{ 101, "ptrace" }, { 105, "setuid" }, { 106, "setgid" },
		{ 113, "setreuid" }, { 114, "setregid" }, { 117, "setresuid" },
		{ 119, "setresgid" }, { 122, "setfsuid" }, { 123, "setfsgid" },
		{ 126, "capset" }, { 175, "init_module" },
		{ 176, "delete_module" }, { 313, "finit_module" },
		{ 2, "open" }, { 257, "openat" }, { 85, "creat" },
		{ 437, "openat2" }, { 87, "unlink" }, { 263, "unlinkat" },
		{ 82, "rename" }, { 264, "renameat" }, { 316, "renameat2" },
		{ 86, "link" }, { 265, "linkat" }, { 88, "symlink" },
		{ 266, "symlinkat" }, { 83, "mkdir" }, { 258, "mkdirat" },
		{ 84, "rmdir" }, { 90, "chmod" }, { 268, "fchmodat" },
		{ 92, "chown" }, { 94, "lchown" }, { 260, "fchownat" },
		{ 76, "truncate" }, { 42, "connect" }, { 43, "accept" },
		{ 44, "sendto" }, { 46, "sendmsg" }, { 49, "bind" },
		{ 50, "listen" }, { 288, "accept4" },
		/* issue 20: the twins (xtrail_proto.h, "Twins") */
		{ 91, "fchmod" }, { 93, "fchown" }, { 77, "ftruncate" },
		{ 188, "setxattr" }, { 189, "lsetxattr" },
		{ 190, "fsetxattr" }, { 197, "removexattr" },
		{ 198, "lremovexattr" }, { 199, "fremovexattr" },
		{ 452, "fchmodat2" }, { 307, "sendmmsg" },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].nr == nr)
			return names[i].name;
	return NULL;
}

const char *xt_json_disc_reason_name(unsigned int reason)
{
	switch (reason) {
	case XTRAIL_DISC_NONE:
		return "none";
	case XTRAIL_DISC_FRONTEND:
		return "frontend";
	case XTRAIL_DISC_BACKEND:
		return "backend";
	case XTRAIL_DISC_VIOLATION:
		return "violation";
	default:
		return "unknown";
	}
}

/* An id that may hold the "unset" sentinel. */
static void jb_id(struct jb *b, const char *key, uint32_t v)
{
	if (v == XTRAIL_ID_UNSET)
		jb_add(b, key, NULL, true);
	else
		jb_i64(b, key, v);
}

static void jb_time(struct jb *b, const char *key,
		    const struct xtrail_clock_ref *clk, uint64_t t)
{
	char buf[40];
	int64_t ns;

	if (!clk || xt_json_clock_ref_time(clk, t, &ns) ||
	    xt_json_rfc3339(buf, sizeof(buf), ns))
		jb_add(b, key, NULL, true);
	else
		jb_str(b, key, buf);
}

/* A string of the record, or null when it is empty (not recorded). */
static void jb_opt_bytes(struct jb *b, const char *key, const uint8_t *s,
			 uint32_t n)
{
	if (n)
		jb_bytes(b, key, s, n);
	else
		jb_add(b, key, NULL, true);
}

/*
 * A script's path: its filename as passed, made absolute with the cwd
 * (leading "./" dropped); symlinks in it are not resolved. NULL when the
 * filename is relative and the cwd unknown.
 */
static struct json_object *script_path(const struct xtrail_exec_view *v)
{
	const uint8_t *fn = v->fn;
	uint32_t n = v->fn_len, c = v->cwd_len;
	struct json_object *o;
	char *p;

	if (n && fn[0] == '/')
		return jstr_bytes(fn, n);
	if (!c || !n)
		return NULL;
	while (n > 2 && fn[0] == '.' && fn[1] == '/') {
		fn += 2;
		n -= 2;
		while (n > 1 && fn[0] == '/') {
			fn++;
			n--;
		}
	}
	if (v->cwd[c - 1] == '/')
		c--;
	p = malloc((size_t)c + 1 + n);
	if (!p)
		return NULL;
	memcpy(p, v->cwd, c);
	p[c] = '/';
	memcpy(p + c + 1, fn, n);
	o = jstr_bytes(p, (size_t)c + 1 + n);
	free(p);
	return o;
}

/*
 * argv: each argument escaped; argv_b64 beside it, every argument's exact
 * bytes, when one argument's text is not its bytes (record_json.h).
 */
static void argv_json(struct jb *b, const struct xtrail_exec_view *v)
{
	struct json_object *argv = json_object_new_array();
	struct json_object *b64 = json_object_new_array();
	const uint8_t *av = v->argv, *end = av + v->argv_len, *nul;
	bool exact = true;
	char *e, *s;

	/* Checked: argv_len is 0 or the area ends with NUL. */
	while (argv && b64 && av < end) {
		nul = memchr(av, 0, end - av);
		e = xt_json_str_escape(av, nul - av);
		s = xt_json_base64(av, nul - av);
		if (!e || !s || json_object_array_add(argv,
						      json_object_new_string(e)) ||
		    json_object_array_add(b64, json_object_new_string(s)))
			b->oom = true;
		else if (!xt_json_str_exact(av, nul - av, e))
			exact = false;
		free(e);
		free(s);
		av = nul + 1;
	}
	jb_add(b, "argv", argv, false);
	if (exact)
		json_object_put(b64);
	else
		jb_add(b, "argv_b64", b64, false);
}

static void exec_json(struct jb *b, const uint8_t *rec)
{
	const struct xtrail_exec *e = (const struct xtrail_exec *)
		(rec + sizeof(struct xtrail_rec_hdr));
	struct xtrail_exec_view v;
	struct json_object *exe;
	uint32_t flags;
	bool script;

	xtrail_exec_view(rec, &v);
	flags = v.flags;
	script = flags & XTRAIL_EXEC_SCRIPT;
	jb_bytes(b, "filename", v.fn, v.fn_len);
	argv_json(b, &v);
	jb_i64(b, "argc_total", xt_le32(e->argc_total));
	jb_bool(b, "argv_truncated", flags & XTRAIL_EXEC_ARGV_TRUNC);
	jb_bool(b, "filename_truncated", flags & XTRAIL_EXEC_FILENAME_TRUNC);
	jb_bool(b, "argv_fault", flags & XTRAIL_EXEC_ARGV_FAULT);
	jb_bool(b, "argv_last_cut", flags & XTRAIL_EXEC_ARG_CUT);
	/* Body version 2; a version 1 record has them null (false). */
	jb_opt_bytes(b, "cwd", v.cwd, v.cwd_len);
	if (script) {
		exe = script_path(&v);
		jb_add(b, "exe", exe, !exe);
		jb_opt_bytes(b, "interpreter", v.exe, v.exe_len);
	} else {
		jb_opt_bytes(b, "exe", v.exe, v.exe_len);
		jb_add(b, "interpreter", NULL, true);
	}
	jb_opt_bytes(b, "argv0_passed", v.argv0, v.argv0_len);
	jb_bool(b, "script", script);
	/* Only when set: a program no path reaches (memfd, deleted) */
	if (flags & XTRAIL_EXEC_NO_PATH)
		jb_bool(b, "exe_no_path", true);
	jb_bool(b, "cwd_too_long", flags & XTRAIL_EXEC_CWD_LONG);
	jb_bool(b, "exe_too_long", flags & XTRAIL_EXEC_EXE_LONG);
	jb_bool(b, "argv0_passed_truncated", flags & XTRAIL_EXEC_ARGV0_TRUNC);
}

static void jb_args(struct jb *b, const __le64 *a)
{
	struct json_object *args = json_object_new_array();
	unsigned int i;

	for (i = 0; args && i < XTRAIL_SYSCALL_ARGS; i++)
		json_object_array_add(args,
				      json_object_new_int64((int64_t)xt_le64(a[i])));
	jb_add(b, "args", args, false);
}

static void jb_sysname(struct jb *b, uint32_t nr)
{
	const char *name = syscall_name(nr);

	jb_i64(b, "nr", nr);
	jb_add(b, "name", name ? json_object_new_string(name) : NULL, true);
}

/*
 * The road an operation came by (xtrail_proto.h, "Roads"): the 64-bit
 * syscall unless a flag says otherwise.
 */
static const char *road_name(bool compat, bool io_uring)
{
	return compat ? "compat" : io_uring ? "io_uring" : "syscall";
}

/* The extended attribute calls: their second path is the name. */
static bool xattr_call(uint32_t nr)
{
	return (nr >= 188 && nr <= 190) || (nr >= 197 && nr <= 199);
}

static void file_json(struct jb *b, const uint8_t *body)
{
	const struct xtrail_file *f = (const void *)body;
	const uint8_t *path = body + sizeof(*f);
	uint32_t flags = xt_le32(f->flags), p1 = xt_le16(f->path_len);
	const char *key2 = xattr_call(xt_le32(f->nr)) ? "xattr" : "path2";

	jb_sysname(b, xt_le32(f->nr));
	jb_i64(b, "ret", (int64_t)xt_le64(f->ret));
	jb_args(b, f->args);
	if (flags & XTRAIL_FILE_PATH_FAULT)
		jb_add(b, "path", NULL, true);
	else
		jb_bytes(b, "path", path, p1);
	if (flags & XTRAIL_FILE_PATH2_FAULT)
		jb_add(b, key2, NULL, true);
	else if (f->path2_len)
		jb_bytes(b, key2, path + p1, xt_le16(f->path2_len));
	jb_bool(b, "resolved", flags & XTRAIL_FILE_RESOLVED);
	jb_bool(b, "path_truncated", flags & XTRAIL_FILE_PATH_TRUNC);
	jb_bool(b, "path2_truncated", flags & XTRAIL_FILE_PATH2_TRUNC);
	jb_bool(b, "untracked", flags & XTRAIL_FILE_UNTRACKED);
	jb_str(b, "road", road_name(flags & XTRAIL_FILE_COMPAT,
				    flags & XTRAIL_FILE_IO_URING));
}

static void close_json(struct jb *b, const uint8_t *body)
{
	const struct xtrail_close *c = (const void *)body;
	uint32_t flags = xt_le32(c->flags);

	jb_i64(b, "fd", (int32_t)xt_le32(c->fd));
	if (flags & XTRAIL_CLOSE_PATH_FAULT)
		jb_add(b, "path", NULL, true);
	else
		jb_bytes(b, "path", c + 1, xt_le16(c->path_len));
	jb_bool(b, "path_truncated", flags & XTRAIL_CLOSE_PATH_TRUNC);
	jb_u64(b, "bytes_read", xt_le64(c->bytes_read));
	jb_u64(b, "bytes_written", xt_le64(c->bytes_written));
	jb_bool(b, "last", flags & XTRAIL_CLOSE_LAST);
}

/*
 * The digest of an exec's program: joined to its EXEC by domid, pid and
 * exec_ts_ns; sha256 null when none was made (busy, error).
 */
static void exec_digest_json(struct jb *b, const uint8_t *body)
{
	const struct xtrail_exec_digest *d = (const void *)body;
	uint32_t flags = xt_le32(d->flags);
	char hex[2 * XTRAIL_SHA256_LEN + 1];
	unsigned int i;

	jb_u64(b, "exec_ts_ns", xt_le64(d->exec_ts_ns));
	jb_u64(b, "size", xt_le64(d->size));
	jb_u64(b, "hashed", xt_le64(d->hashed));
	if (flags & (XTRAIL_DIGEST_BUSY | XTRAIL_DIGEST_ERROR)) {
		jb_add(b, "sha256", NULL, true);
	} else {
		for (i = 0; i < XTRAIL_SHA256_LEN; i++)
			snprintf(hex + 2 * i, 3, "%02x", d->sha256[i]);
		jb_str(b, "sha256", hex);
	}
	jb_bool(b, "cached", flags & XTRAIL_DIGEST_CACHED);
	jb_bool(b, "partial", flags & XTRAIL_DIGEST_PARTIAL);
	jb_bool(b, "busy", flags & XTRAIL_DIGEST_BUSY);
	jb_bool(b, "error", flags & XTRAIL_DIGEST_ERROR);
	jb_bool(b, "changed", flags & XTRAIL_DIGEST_CHANGED);
}

static const char *net_kind_name(unsigned int kind)
{
	static const char *const names[] = {
		[XTRAIL_NET_CONNECT] = "connect", [XTRAIL_NET_BIND] = "bind",
		[XTRAIL_NET_LISTEN] = "listen", [XTRAIL_NET_ACCEPT] = "accept",
		[XTRAIL_NET_SENDTO] = "sendto", [XTRAIL_NET_STATE] = "state",
		[XTRAIL_NET_CLOSE] = "close",
	};

	return kind && kind <= XTRAIL_NET_KIND_MAX ? names[kind] : "unknown";
}

static const char *tcp_state_name(unsigned int state)
{
	static const char *const names[] = {
		"", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1",
		"FIN_WAIT2", "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK",
		"LISTEN", "CLOSING", "NEW_SYN_RECV",
	};

	return state && state < sizeof(names) / sizeof(names[0]) ?
	       names[state] : "unknown";
}

static void net_json(struct jb *b, const uint8_t *body, uint32_t body_len)
{
	const struct xtrail_net *n = (const void *)body;
	unsigned int kind = xt_le32(n->kind), family = xt_le32(n->family);
	bool v2 = body_len >= XTRAIL_NET_V2_SIZE;
	bool v3 = body_len >= sizeof(*n);
	uint32_t flags = xt_le32(n->flags);

	jb_str(b, "kind", net_kind_name(kind));
	jb_i64(b, "family", family);
	jb_i64(b, "protocol", xt_le32(n->protocol));
	jb_i64(b, "ret", (int64_t)xt_le64(n->ret));
	jb_i64(b, "fd", (int32_t)xt_le32(n->fd));
	jb_addr(b, "saddr", family, n->saddr);
	jb_i64(b, "sport", xt_le16(n->sport));
	jb_addr(b, "daddr", family, n->daddr);
	jb_i64(b, "dport", xt_le16(n->dport));
	if (kind == XTRAIL_NET_SENDTO) {
		jb_bool(b, "dedup", xt_le32(n->flags) & XTRAIL_NET_DEDUP);
		jb_bool(b, "dedup_evict",
			xt_le32(n->flags) & XTRAIL_NET_DEDUP_EVICT);
	}
	if (kind == XTRAIL_NET_STATE) {
		jb_str(b, "old_state", tcp_state_name(xt_le32(n->old_state)));
		jb_str(b, "new_state", tcp_state_name(xt_le32(n->new_state)));
	}
	/* Body version 2: the socket, null when unknown or version 1. */
	if (v2 && n->sock_ino)
		jb_u64(b, "sock_ino", xt_le64(n->sock_ino));
	else
		jb_add(b, "sock_ino", NULL, true);
	jb_id(b, "sock_uid", v2 ? xt_le32(n->sock_uid) : XTRAIL_ID_UNSET);
	/* Body version 3: the socket's byte counts and AF_UNIX names */
	if (v3)
		jb_bool(b, "untracked", flags & XTRAIL_NET_UNTRACKED);
	/* The road of a task's call; a STATE or CLOSE record has none. */
	if (kind != XTRAIL_NET_STATE && kind != XTRAIL_NET_CLOSE)
		jb_str(b, "road", road_name(flags & XTRAIL_NET_COMPAT,
					    flags & XTRAIL_NET_IO_URING));
	if (kind == XTRAIL_NET_CLOSE) {
		jb_u64(b, "bytes_sent", xt_le64(n->bytes_sent));
		jb_u64(b, "bytes_received", xt_le64(n->bytes_rcvd));
	}
	if (family == AF_UNIX) {
		if (v3 && n->path_len)
			jb_bytes(b, "path", n + 1, xt_le16(n->path_len));
		else
			jb_add(b, "path", NULL, true);
		jb_bool(b, "path_abstract", flags & XTRAIL_NET_PATH_ABSTRACT);
	}
}

static void tty_json(struct jb *b, const uint8_t *body)
{
	const struct xtrail_tty *t = (const void *)body;
	uint32_t flags = xt_le32(t->flags);
	const char *end = memchr(t->tty, 0, sizeof(t->tty));

	jb_add(b, "tty", jstr_bytes(t->tty, end ? (size_t)(end - t->tty) :
				    sizeof(t->tty)), false);
	jb_bool(b, "input", flags & XTRAIL_TTY_INPUT);
	jb_bool(b, "console", flags & XTRAIL_TTY_CONSOLE);
	jb_add(b, "data", jstr_bytes(t + 1, xt_le32(t->len)), false);
	jb_i64(b, "count", xt_le32(t->count));
	jb_bool(b, "truncated", flags & XTRAIL_TTY_TRUNC);
	jb_i64(b, "dropped", xt_le32(t->dropped));
}

static void heartbeat_json(struct jb *b, const uint8_t *body,
			   uint32_t body_len)
{
	const struct xtrail_heartbeat *hb = (const void *)body;

	jb_u64(b, "generated", xt_le64(hb->generated));
	jb_u64(b, "written", xt_le64(hb->written));
	jb_u64(b, "lost", xt_le64(hb->lost));
	jb_i64(b, "period_ms", xt_le32(hb->period_ms));
	/* Body version 2 only. */
	if (body_len >= sizeof(*hb)) {
		jb_u64(b, "filtered", xt_le64(hb->filtered));
		jb_u64(b, "untracked_count", xt_le64(hb->untracked));
	}
}

static void source_json(struct jb *b, const uint8_t *body)
{
	const struct xtrail_source *src = (const void *)body;

	jb_str(b, "reason", xt_json_disc_reason_name(xt_le32(src->reason)));
	jb_i64(b, "ring_order", xt_le32(src->ring_order));
	jb_u64(b, "records", xt_le64(src->records));
	jb_u64(b, "bytes", xt_le64(src->bytes));
}

static void violation_json(struct jb *b, const uint8_t *body)
{
	const struct xtrail_violation *v = (const void *)body;

	jb_str(b, "reason", xtrail_verdict_str(xt_le32(v->reason)));
	jb_i64(b, "ring", xt_le32(v->ring));
	jb_i64(b, "prod", xt_le32(v->prod));
	jb_i64(b, "cons", xt_le32(v->cons));
	jb_i64(b, "rec_len", xt_le32(v->rec_len));
	jb_i64(b, "rec_type", xt_le32(v->rec_type));
}

static const char *ctl_action_name(unsigned int action)
{
	static const char *const names[] = {
		[XTRAIL_CTL_LOAD] = "load",
		[XTRAIL_CTL_PAUSE] = "pause",
		[XTRAIL_CTL_RESUME] = "resume",
		[XTRAIL_CTL_CONFIG] = "config",
		[XTRAIL_CTL_PARAM] = "param",
		[XTRAIL_CTL_ATTACH] = "attach",
		[XTRAIL_CTL_DETACH] = "detach",
		[XTRAIL_CTL_OPEN] = "open",
		[XTRAIL_CTL_CLOSE] = "close",
	};

	return action && action <= XTRAIL_CTL_MAX ? names[action] : "unknown";
}

static const char *jump_kind_name(unsigned int kind)
{
	static const char *const names[] = {
		[XTRAIL_JUMP_START] = "start",
		[XTRAIL_JUMP_NEW] = "new_stream",
		[XTRAIL_JUMP_SKIP] = "skip",
		[XTRAIL_JUMP_BACK] = "back",
	};

	return kind && kind <= XTRAIL_JUMP_BACK ? names[kind] : "unknown";
}

/* A 64-bit id as 16 hex digits (as the daemon and the kernel print it). */

/* CONTROL (an operator's action, dom0), STREAM_JUMP and _END (xtraild). */
static void operator_json(struct jb *b, unsigned int type, const uint8_t *body)
{
	const struct xtrail_control *c = (const void *)body;
	const struct xtrail_stream_jump *j = (const void *)body;
	const struct xtrail_stream_end *e = (const void *)body;
	uint32_t err = xt_le32(c->result), target = xt_le32(c->target);

	if (type == XTRAIL_REC_STREAM_END) {
		jb_hex64(b, "stream", xt_le64(e->stream));
		jb_u64(b, "next", xt_le64(e->next));
		jb_i64(b, "signal", xt_le32(e->signal));
		return;
	}
	if (type == XTRAIL_REC_STREAM_JUMP) {
		jb_str(b, "kind", jump_kind_name(xt_le32(j->kind)));
		jb_hex64(b, "old_stream", xt_le64(j->old_stream));
		jb_u64(b, "old_next", xt_le64(j->old_next));
		jb_hex64(b, "new_stream", xt_le64(j->new_stream));
		jb_u64(b, "new_seq", xt_le64(j->new_seq));
		jb_u64(b, "missing", xt_le64(j->missing));
		return;
	}
	jb_str(b, "action", ctl_action_name(xt_le32(c->action)));
	jb_str(b, "result", err ? "refused" : "applied");
	jb_i64(b, "errno", err);
	if (target == XTRAIL_CTL_ALL)
		jb_add(b, "target", NULL, true);
	else
		jb_i64(b, "target", target);
	jb_add(b, "text", jstr_bytes(c + 1, xt_le16(c->text_len)), false);
	jb_bool(b, "truncated", xt_le16(c->flags) & XTRAIL_CTL_TRUNC);
	jb_hex64(b, "instance", xt_le64(c->instance));
}

static void body_json(struct jb *b, unsigned int type, const uint8_t *body,
		      uint32_t body_len)
{
	const struct xtrail_lost *l = (const void *)body;
	const struct xtrail_clock *c = (const void *)body;
	const struct xtrail_fork *f = (const void *)body;
	const struct xtrail_exit *x = (const void *)body;
	const struct xtrail_syscall *sc = (const void *)body;

	switch (type) {
	case XTRAIL_REC_FORK:
		jb_i64(b, "child_pid", xt_le32(f->child_pid));
		jb_i64(b, "child_tgid", xt_le32(f->child_tgid));
		jb_bool(b, "thread", xt_le32(f->flags) & XTRAIL_FORK_THREAD);
		break;
	case XTRAIL_REC_EXIT:
		/* As wait(2) reports it: status in bits 8-15, signal below. */
		jb_i64(b, "exit_status", (xt_le32(x->code) >> 8) & 0xff);
		jb_i64(b, "exit_signal", xt_le32(x->code) & 0x7f);
		jb_bool(b, "thread", xt_le32(x->flags) & XTRAIL_EXIT_THREAD);
		break;
	case XTRAIL_REC_SYSCALL:
		jb_sysname(b, xt_le32(sc->nr));
		jb_i64(b, "ret", (int64_t)xt_le64(sc->ret));
		jb_args(b, sc->args);
		jb_str(b, "road", road_name(xt_le32(sc->flags) &
					    XTRAIL_SYSCALL_COMPAT, false));
		break;
	case XTRAIL_REC_FILE:
		file_json(b, body);
		break;
	case XTRAIL_REC_NET:
		net_json(b, body, body_len);
		break;
	case XTRAIL_REC_TTY:
		tty_json(b, body);
		break;
	case XTRAIL_REC_HEARTBEAT:
		heartbeat_json(b, body, body_len);
		break;
	case XTRAIL_REC_CLOSE:
		close_json(b, body);
		break;
	case XTRAIL_REC_EXEC_DIGEST:
		exec_digest_json(b, body);
		break;
	case XTRAIL_REC_LOST:
		jb_u64(b, "count", xt_le64(l->count));
		jb_u64(b, "first_seq", xt_le64(l->first_seq));
		jb_u64(b, "last_seq", xt_le64(l->last_seq));
		break;
	case XTRAIL_REC_CONNECT:
	case XTRAIL_REC_DISCONNECT:
		source_json(b, body);
		break;
	case XTRAIL_REC_VIOLATION:
		violation_json(b, body);
		break;
	case XTRAIL_REC_CLOCK:
		jb_u64(b, "realtime_ns", xt_le64(c->realtime_ns));
		break;
	case XTRAIL_REC_SEQ_GAP:
	case XTRAIL_REC_HB_SILENCE:
	case XTRAIL_REC_REFUSED:
	case XTRAIL_REC_DOM0_LOST:
	case XTRAIL_REC_FLOW:
	case XTRAIL_REC_FLOW_LOST:
	case XTRAIL_REC_VM_IDENTITY:
		xt_json_dom0_body(b, type, body, body_len);
		break;
	case XTRAIL_REC_CONTROL:
	case XTRAIL_REC_STREAM_JUMP:
	case XTRAIL_REC_STREAM_END:
		operator_json(b, type, body);
		break;
	}
}

/* How the stream after this CLOCK is ordered (xtrail_dev.h). */
static void clock_merge_json(struct jb *b, const struct xtrail_clock *c)
{
	jb_u64(b, "merge_window_ns", xt_le64(c->merge_window_ns));
	jb_bool(b, "merge_xen", xt_le32(c->merge_flags) & XTRAIL_MERGE_XEN);
}

/* The task fields of the header. */
static void task_json(struct jb *b, const struct xtrail_rec_hdr *h)
{
	const char *comm_end = memchr(h->comm, 0, sizeof(h->comm));

	jb_i64(b, "pid", xt_le32(h->pid));
	jb_i64(b, "tgid", xt_le32(h->tgid));
	jb_i64(b, "ppid", xt_le32(h->ppid));
	jb_i64(b, "uid", xt_le32(h->uid));
	jb_i64(b, "gid", xt_le32(h->gid));
	jb_i64(b, "euid", xt_le32(h->euid));
	jb_i64(b, "egid", xt_le32(h->egid));
	jb_id(b, "loginuid", xt_le32(h->loginuid));
	jb_id(b, "sessionid", xt_le32(h->sessionid));
	jb_add(b, "comm", jstr_bytes(h->comm, comm_end ?
				     (size_t)(comm_end - h->comm) :
				     sizeof(h->comm)), false);
}

/*
 * A record no task caused (XTRAIL_RF_NO_TASK): no task fields, only the
 * owner a NET record of body version 2 names as uid and euid.
 */
static void no_task_json(struct jb *b, const struct xtrail_rec_hdr *h,
			 uint32_t len)
{
	static const char *const keys[] = {
		"pid", "tgid", "ppid", "uid", "gid", "euid", "egid",
		"loginuid", "sessionid", "comm",
	};
	bool owner = xt_le16(h->type) == XTRAIL_REC_NET &&
		     len >= sizeof(*h) + XTRAIL_NET_V2_SIZE;
	unsigned int i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (owner && !strcmp(keys[i], "uid"))
			jb_id(b, "uid", xt_le32(h->uid));
		else if (owner && !strcmp(keys[i], "euid"))
			jb_id(b, "euid", xt_le32(h->euid));
		else
			jb_add(b, keys[i], NULL, true);
	}
}

struct json_object *xt_json_rec(const void *rec, uint32_t len,
				const struct xtrail_clock_ref *clk)
{
	return xt_json_rec_vm(rec, len, clk, NULL, NULL);
}

struct json_object *xt_json_rec_vm(const void *rec, uint32_t len,
				   const struct xtrail_clock_ref *clk,
				   const char *vm_uuid, const char *vm_name)
{
	const struct xtrail_rec_hdr *h = rec;
	unsigned int type, flags;
	bool ts_xen;
	uint64_t t;
	struct jb b;

	if (xtrail_rec_check(rec, len, 0) != XTRAIL_OK)
		return NULL;
	b.o = json_object_new_object();
	b.oom = false;
	if (!b.o)
		return NULL;
	type = xt_le16(h->type);
	flags = xt_le16(h->flags);
	ts_xen = flags & XTRAIL_RF_TS_XEN;

	jb_u64(&b, "seq", xt_le64(h->seq));
	jb_str(&b, "type", xt_json_rec_type_name(type));
	jb_i64(&b, "domid", xt_le16(h->domid));
	if (vm_uuid && vm_name) {
		jb_str(&b, "vm_uuid", vm_uuid);
		jb_str(&b, "vm_name", vm_name);
	}
	jb_i64(&b, "vcpu", xt_le16(h->vcpu));
	if (flags & XTRAIL_RF_NO_TASK)
		no_task_json(&b, rec, len);
	else
		task_json(&b, h);
	jb_u64(&b, "ts_ns", xt_le64(h->ts_ns));
	jb_bool(&b, "ts_xen", ts_xen);
	jb_bool(&b, "no_task", flags & XTRAIL_RF_NO_TASK);
	jb_u64(&b, "recv_ns", xt_le64(h->recv_ns));
	t = ts_xen && clk && clk->ts_xen ? xt_le64(h->ts_ns) :
					   xt_le64(h->recv_ns);
	jb_time(&b, "time", clk, t);
	jb_time(&b, "recv_time", clk, xt_le64(h->recv_ns));

	if (type == XTRAIL_REC_EXEC)
		exec_json(&b, rec);
	else
		body_json(&b, type, (const uint8_t *)(h + 1),
			  len - sizeof(*h));
	if (type == XTRAIL_REC_CLOCK &&
	    len >= sizeof(*h) + sizeof(struct xtrail_clock))
		clock_merge_json(&b, (const void *)(h + 1));

	if (b.oom) {
		json_object_put(b.o);
		return NULL;
	}
	return b.o;
}
