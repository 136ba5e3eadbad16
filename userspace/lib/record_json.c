// SPDX-License-Identifier: GPL-2.0
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

#include "record_json.h"
#include "text_safe.h"
#include "xtrail_dev.h"

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

char *xt_json_str_escape(const void *str, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const uint8_t *s = str;
	char *out, *o;
	size_t i = 0, k;
	uint32_t cp;

	/* Worst case: every byte becomes \xHH. */
	out = malloc(4 * n + 1);
	if (!out)
		return NULL;
	o = out;
	while (i < n) {
		k = s[i] ? xt_text_utf8_seq(s + i, n - i, &cp) : 0;
		if (k == 1 && s[i] == '\\') {
			*o++ = '\\';
			*o++ = '\\';
		} else if (k) {
			memcpy(o, s + i, k);
			o += k;
		} else {
			*o++ = '\\';
			*o++ = 'x';
			*o++ = hex[s[i] >> 4];
			*o++ = hex[s[i] & 0xf];
			k = 1;
		}
		i += k;
	}
	*o = 0;
	return out;
}

char *xt_json_line(struct json_object *o)
{
	const char *t = json_object_to_json_string_ext(o, XTRAIL_JSON_FLAGS);

	return t ? xt_text_json_safe(t) : NULL;
}

const char *xt_json_rec_type_name(unsigned int type)
{
	switch (type) {
	case XTRAIL_REC_EXEC:
		return "exec";
	case XTRAIL_REC_LOST:
		return "lost";
	case XTRAIL_REC_CONNECT:
		return "connect";
	case XTRAIL_REC_DISCONNECT:
		return "disconnect";
	case XTRAIL_REC_VIOLATION:
		return "violation";
	case XTRAIL_REC_CLOCK:
		return "clock";
	case XTRAIL_REC_SEQ_GAP:
		return "seq_gap";
	case XTRAIL_REC_HB_SILENCE:
		return "heartbeat_silence";
	case XTRAIL_REC_REFUSED:
		return "refused";
	case XTRAIL_REC_DOM0_LOST:
		return "dom0_lost";
	case XTRAIL_REC_CONTROL:
		return "control";
	case XTRAIL_REC_VM_IDENTITY:
		return "vm_identity";
	case XTRAIL_REC_FLOW:
		return "flow";
	case XTRAIL_REC_FLOW_LOST:
		return "flow_lost";
	case XTRAIL_REC_STREAM_JUMP:
		return "stream_jump";
	case XTRAIL_REC_STREAM_END:
		return "stream_end";
	case XTRAIL_REC_FORK:
		return "fork";
	case XTRAIL_REC_EXIT:
		return "exit";
	case XTRAIL_REC_SYSCALL:
		return "syscall";
	case XTRAIL_REC_HEARTBEAT:
		return "heartbeat";
	case XTRAIL_REC_FILE:
		return "file";
	case XTRAIL_REC_NET:
		return "net";
	case XTRAIL_REC_TTY:
		return "tty";
	case XTRAIL_REC_CLOSE:
		return "close";
	default:
		return NULL;
	}
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

/* Builder: the first allocation failure sticks and fails the conversion. */
struct jb {
	struct json_object *o;
	bool oom;
};

static void jb_add(struct jb *b, const char *key, struct json_object *v,
		   bool null_ok)
{
	if (!v && !null_ok)
		b->oom = true;
	if (json_object_object_add(b->o, key, v)) {
		json_object_put(v);
		b->oom = true;
	}
}

static void jb_u64(struct jb *b, const char *key, uint64_t v)
{
	jb_add(b, key, json_object_new_uint64(v), false);
}

static void jb_i64(struct jb *b, const char *key, int64_t v)
{
	jb_add(b, key, json_object_new_int64(v), false);
}

static void jb_bool(struct jb *b, const char *key, bool v)
{
	jb_add(b, key, json_object_new_boolean(v), false);
}

static void jb_str(struct jb *b, const char *key, const char *s)
{
	jb_add(b, key, json_object_new_string(s), false);
}

/* Raw guest bytes, escaped. */
static struct json_object *jstr_bytes(const void *s, size_t n)
{
	struct json_object *v;
	char *e = xt_json_str_escape(s, n);

	if (!e)
		return NULL;
	v = json_object_new_string(e);
	free(e);
	return v;
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

static void exec_json(struct jb *b, const uint8_t *rec)
{
	const struct xtrail_exec *e = (const struct xtrail_exec *)
		(rec + sizeof(struct xtrail_rec_hdr));
	const uint8_t *fn = rec + sizeof(struct xtrail_rec_hdr) + sizeof(*e);
	uint32_t flags = xt_le32(e->flags);
	uint32_t fn_len = xt_le16(e->filename_len);
	uint32_t av_len = xt_le32(e->argv_len);
	const uint8_t *av = fn + fn_len, *end = av + av_len, *nul;
	struct json_object *argv = json_object_new_array(), *arg;

	jb_add(b, "filename", jstr_bytes(fn, fn_len), false);
	/* Checked: argv_len is 0 or the area ends with NUL. */
	while (argv && av < end) {
		nul = memchr(av, 0, end - av);
		arg = jstr_bytes(av, nul - av);
		if (!arg || json_object_array_add(argv, arg)) {
			json_object_put(arg);
			b->oom = true;
		}
		av = nul + 1;
	}
	jb_add(b, "argv", argv, false);
	jb_i64(b, "argc_total", xt_le32(e->argc_total));
	jb_bool(b, "argv_truncated", flags & XTRAIL_EXEC_ARGV_TRUNC);
	jb_bool(b, "filename_truncated", flags & XTRAIL_EXEC_FILENAME_TRUNC);
	jb_bool(b, "argv_fault", flags & XTRAIL_EXEC_ARGV_FAULT);
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

static void file_json(struct jb *b, const uint8_t *body)
{
	const struct xtrail_file *f = (const void *)body;
	const uint8_t *path = body + sizeof(*f);
	uint32_t flags = xt_le32(f->flags), p1 = xt_le16(f->path_len);

	jb_sysname(b, xt_le32(f->nr));
	jb_i64(b, "ret", (int64_t)xt_le64(f->ret));
	jb_args(b, f->args);
	jb_add(b, "path", flags & XTRAIL_FILE_PATH_FAULT ? NULL :
	       jstr_bytes(path, p1), flags & XTRAIL_FILE_PATH_FAULT);
	if (f->path2_len || flags & XTRAIL_FILE_PATH2_FAULT)
		jb_add(b, "path2", flags & XTRAIL_FILE_PATH2_FAULT ? NULL :
		       jstr_bytes(path + p1, xt_le16(f->path2_len)),
		       flags & XTRAIL_FILE_PATH2_FAULT);
	jb_bool(b, "resolved", flags & XTRAIL_FILE_RESOLVED);
	jb_bool(b, "path_truncated", flags & XTRAIL_FILE_PATH_TRUNC);
	jb_bool(b, "path2_truncated", flags & XTRAIL_FILE_PATH2_TRUNC);
	jb_bool(b, "untracked", flags & XTRAIL_FILE_UNTRACKED);
}

static void close_json(struct jb *b, const uint8_t *body)
{
	const struct xtrail_close *c = (const void *)body;
	uint32_t flags = xt_le32(c->flags);

	jb_i64(b, "fd", (int32_t)xt_le32(c->fd));
	jb_add(b, "path", flags & XTRAIL_CLOSE_PATH_FAULT ? NULL :
	       jstr_bytes(c + 1, xt_le16(c->path_len)),
	       flags & XTRAIL_CLOSE_PATH_FAULT);
	jb_bool(b, "path_truncated", flags & XTRAIL_CLOSE_PATH_TRUNC);
	jb_u64(b, "bytes_read", xt_le64(c->bytes_read));
	jb_u64(b, "bytes_written", xt_le64(c->bytes_written));
	jb_bool(b, "last", flags & XTRAIL_CLOSE_LAST);
}

static const char *net_kind_name(unsigned int kind)
{
	static const char *const names[] = {
		[XTRAIL_NET_CONNECT] = "connect", [XTRAIL_NET_BIND] = "bind",
		[XTRAIL_NET_LISTEN] = "listen", [XTRAIL_NET_ACCEPT] = "accept",
		[XTRAIL_NET_SENDTO] = "sendto", [XTRAIL_NET_STATE] = "state",
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

/* An address in its usual text form; null for families without one. */
static void jb_addr(struct jb *b, const char *key, unsigned int family,
		    const uint8_t *a)
{
	char text[INET6_ADDRSTRLEN];

	if ((family != AF_INET && family != AF_INET6) ||
	    !inet_ntop(family, a, text, sizeof(text))) {
		jb_add(b, key, NULL, true);
		return;
	}
	jb_str(b, key, text);
}

static void net_json(struct jb *b, const uint8_t *body)
{
	const struct xtrail_net *n = (const void *)body;
	unsigned int kind = xt_le32(n->kind), family = xt_le32(n->family);

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

static const char *gap_kind_name(unsigned int kind)
{
	switch (kind) {
	case XTRAIL_GAP_MISSING:
		return "missing";
	case XTRAIL_GAP_BACKWARDS:
		return "backwards";
	default:
		return "unknown";
	}
}

static const char *hb_state_name(unsigned int state)
{
	switch (state) {
	case XTRAIL_HB_STOPPED:
		return "stopped";
	case XTRAIL_HB_RESUMED:
		return "resumed";
	default:
		return "unknown";
	}
}

/* The dom0 evidence records (xtrail_proto.h, "Evidence"). */
static void evidence_json(struct jb *b, unsigned int type,
			  const uint8_t *body)
{
	const struct xtrail_seq_gap *g = (const void *)body;
	const struct xtrail_hb_silence *s = (const void *)body;

	switch (type) {
	case XTRAIL_REC_SEQ_GAP:
		jb_i64(b, "ring", xt_le32(g->ring));
		jb_str(b, "kind", gap_kind_name(xt_le32(g->kind)));
		jb_u64(b, "expected", xt_le64(g->expected));
		jb_u64(b, "got", xt_le64(g->got));
		jb_u64(b, "missing", xt_le64(g->missing));
		break;
	case XTRAIL_REC_HB_SILENCE:
		jb_str(b, "state", hb_state_name(xt_le32(s->state)));
		jb_i64(b, "period_ms", xt_le32(s->period_ms));
		jb_i64(b, "limit_ms", xt_le32(s->limit_ms));
		jb_u64(b, "silent_ns", xt_le64(s->silent_ns));
		break;
	}
}

static const char *refused_kind_name(unsigned int kind)
{
	static const char *const names[] = {
		[XTRAIL_REFUSED_ABSENT] = "absent",
		[XTRAIL_REFUSED_SYNTAX] = "syntax",
		[XTRAIL_REFUSED_RANGE] = "range",
		[XTRAIL_REFUSED_VCPUS] = "vcpus",
		[XTRAIL_REFUSED_MAP] = "map",
		[XTRAIL_REFUSED_EVTCHN] = "evtchn",
		[XTRAIL_REFUSED_STATE] = "state",
		[XTRAIL_REFUSED_DOM0] = "dom0",
	};

	if (kind < sizeof(names) / sizeof(names[0]) && names[kind])
		return names[kind];
	return "unknown";
}

/* A refused connect: the key, why, and the value (dom0 sanitized it). */
static void refused_json(struct jb *b, const uint8_t *body)
{
	const struct xtrail_refused *r = (const void *)body;
	const char *key_end = memchr(r->key, 0, sizeof(r->key));
	unsigned int flags = xt_le16(r->flags);
	size_t vlen = xt_le16(r->value_len);

	if (vlen > sizeof(r->value))
		vlen = sizeof(r->value);
	jb_str(b, "reason", xtrail_verdict_str(xt_le32(r->reason)));
	jb_str(b, "kind", refused_kind_name(xt_le32(r->kind)));
	jb_add(b, "key", jstr_bytes(r->key, key_end ?
				    (size_t)(key_end - r->key) :
				    sizeof(r->key)), false);
	if (!(flags & XTRAIL_REFUSED_NOVALUE))
		jb_add(b, "value", jstr_bytes(r->value, vlen), false);
	jb_bool(b, "truncated", flags & XTRAIL_REFUSED_TRUNC);
	jb_i64(b, "errno", xt_le32(r->err));
	jb_u64(b, "limit", xt_le64(r->limit));
}

/*
 * DOM0_LOST: by_type as an object of the types lost, by name (a type this
 * library does not know by its number, "0x1NN").
 */
static void dom0_lost_json(struct jb *b, const uint8_t *body, size_t len)
{
	const struct xtrail_dom0_lost *l = (const void *)body;
	struct json_object *by = json_object_new_object();
	unsigned int i, type, n;
	const char *name;
	char hex[8];

	jb_u64(b, "count", xt_le64(l->count));
	jb_u64(b, "total", xt_le64(l->total));
	jb_u64(b, "first_ns", xt_le64(l->first_ns));
	jb_u64(b, "last_ns", xt_le64(l->last_ns));
	for (i = 0; by && i < XTRAIL_DOM0_LOST_TYPES; i++) {
		if (offsetof(struct xtrail_dom0_lost, by_type) +
		    (i + 1) * sizeof(l->by_type[0]) > len)
			break; /* version 1: 8 types */
		n = xt_le32(l->by_type[i]);
		if (!n)
			continue;
		type = XTRAIL_REC_DOM0_FIRST + i;
		name = xt_json_rec_type_name(type);
		if (!name) {
			snprintf(hex, sizeof(hex), "%#x", type);
			name = hex;
		}
		if (json_object_object_add(by, name,
					   json_object_new_int64(n)))
			b->oom = true;
	}
	jb_add(b, "by_type", by, false);
}

static const char *flow_event_name(unsigned int event)
{
	static const char *const names[] = {
		"", "start", "update", "end", "idle", "flush",
	};

	return event && event <= XTRAIL_FLOW_EVENT_MAX ? names[event] :
	       "unknown";
}

static const char *flow_proto_name(unsigned int protocol)
{
	return protocol == IPPROTO_TCP ? "tcp" :
	       protocol == IPPROTO_UDP ? "udp" : "unknown";
}

/*
 * FLOW (dom0): addresses as text, the initiator first; from_guest says
 * which side that is.
 */
static void flow_json(struct jb *b, const uint8_t *body)
{
	const struct xtrail_flow *f = (const void *)body;
	unsigned int family = xt_le16(f->family);

	jb_str(b, "event", flow_event_name(xt_le32(f->event)));
	jb_bool(b, "from_guest", xt_le32(f->flags) & XTRAIL_FLOW_FROM_GUEST);
	jb_i64(b, "vif", xt_le32(f->vif));
	jb_i64(b, "family", family);
	jb_i64(b, "protocol", f->protocol);
	jb_str(b, "proto", flow_proto_name(f->protocol));
	jb_addr(b, "saddr", family, f->saddr);
	jb_i64(b, "sport", xt_le16(f->sport));
	jb_addr(b, "daddr", family, f->daddr);
	jb_i64(b, "dport", xt_le16(f->dport));
	jb_i64(b, "tcp_fwd", f->tcp_fwd);
	jb_i64(b, "tcp_rev", f->tcp_rev);
	jb_u64(b, "flow_id", xt_le64(f->flow_id));
	jb_u64(b, "first_ns", xt_le64(f->first_ns));
	jb_u64(b, "last_ns", xt_le64(f->last_ns));
	jb_u64(b, "pkts_fwd", xt_le64(f->pkts_fwd));
	jb_u64(b, "bytes_fwd", xt_le64(f->bytes_fwd));
	jb_u64(b, "pkts_rev", xt_le64(f->pkts_rev));
	jb_u64(b, "bytes_rev", xt_le64(f->bytes_rev));
}

static void flow_lost_json(struct jb *b, const uint8_t *body)
{
	const struct xtrail_flow_lost *l = (const void *)body;

	jb_u64(b, "count", xt_le64(l->count));
	jb_u64(b, "total", xt_le64(l->total));
	jb_u64(b, "packets", xt_le64(l->packets));
	jb_u64(b, "first_ns", xt_le64(l->first_ns));
	jb_u64(b, "last_ns", xt_le64(l->last_ns));
	jb_i64(b, "cap", xt_le32(l->cap));
	jb_i64(b, "in_use", xt_le32(l->in_use));
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
		jb_u64(b, "untracked", xt_le64(hb->untracked));
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
static void jb_hex64(struct jb *b, const char *key, uint64_t v)
{
	char buf[17];

	snprintf(buf, sizeof(buf), "%016" PRIx64, v);
	jb_str(b, key, buf);
}

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
		break;
	case XTRAIL_REC_FILE:
		file_json(b, body);
		break;
	case XTRAIL_REC_NET:
		net_json(b, body);
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
		evidence_json(b, type, body);
		break;
	case XTRAIL_REC_REFUSED:
		refused_json(b, body);
		break;
	case XTRAIL_REC_DOM0_LOST:
		dom0_lost_json(b, body, body_len);
		break;
	case XTRAIL_REC_FLOW:
		flow_json(b, body);
		break;
	case XTRAIL_REC_FLOW_LOST:
		flow_lost_json(b, body);
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

struct json_object *xt_json_rec(const void *rec, uint32_t len,
				const struct xtrail_clock_ref *clk)
{
	const struct xtrail_rec_hdr *h = rec;
	unsigned int type, flags;
	const char *comm_end;
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
	jb_i64(&b, "vcpu", xt_le16(h->vcpu));
	jb_i64(&b, "pid", xt_le32(h->pid));
	jb_i64(&b, "tgid", xt_le32(h->tgid));
	jb_i64(&b, "ppid", xt_le32(h->ppid));
	jb_i64(&b, "uid", xt_le32(h->uid));
	jb_i64(&b, "gid", xt_le32(h->gid));
	jb_i64(&b, "euid", xt_le32(h->euid));
	jb_i64(&b, "egid", xt_le32(h->egid));
	jb_id(&b, "loginuid", xt_le32(h->loginuid));
	jb_id(&b, "sessionid", xt_le32(h->sessionid));
	comm_end = memchr(h->comm, 0, sizeof(h->comm));
	jb_add(&b, "comm", jstr_bytes(h->comm, comm_end ?
				      (size_t)(comm_end - h->comm) :
				      sizeof(h->comm)), false);
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
