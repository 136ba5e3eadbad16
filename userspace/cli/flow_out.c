// SPDX-License-Identifier: GPL-2.0
/*
 * A flow of the cross-check (attribution.h) as "xtrail attribute" shows
 * it, in text and in JSON: also the flow of an "xtrail trace" answer.
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "flow_out.h"
#include "record_json.h"
#include "text_safe.h"

void flow_uuid_str(char *buf, const uint8_t *u)
{
	snprintf(buf, 37,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9],
		 u[10], u[11], u[12], u[13], u[14], u[15]);
}

/* "1.2.3.4:25" or "[::1]:25" */
void flow_endpoint(char *buf, size_t size, unsigned int family,
		   const uint8_t *addr, unsigned int port)
{
	char a[INET6_ADDRSTRLEN];
	int v6 = family == 10;

	if (!inet_ntop(v6 ? AF_INET6 : AF_INET, addr, a, sizeof(a)))
		snprintf(a, sizeof(a), "?");
	snprintf(buf, size, v6 ? "[%s]:%u" : "%s:%u", a, port);
}

static const char *proto_name(unsigned int p)
{
	return p == 6 ? "tcp" : p == 17 ? "udp" : "ip";
}

static const char *net_kind_name(uint32_t k)
{
	return k == XTRAIL_NET_CONNECT ? "connect" :
	       k == XTRAIL_NET_SENDTO ? "sendto" :
	       k == XTRAIL_NET_ACCEPT ? "accept" : "?";
}

/* Print @n bytes of guest text, escaped, in double quotes. */
void flow_put_text(FILE *out, const void *s, size_t n)
{
	char *e = xt_text_escape(s, n, XT_ESC_RAW);

	fprintf(out, "\"%s\"", e ? e : "?");
	free(e);
}

void flow_put_argv(FILE *out, const struct xt_attr_exec *x)
{
	const uint8_t *p = x->argv, *end = x->argv + x->argv_len;
	const uint8_t *nul;

	fputs(" argv", out);
	while (p < end) {
		nul = memchr(p, 0, end - p);
		if (!nul)
			nul = end;
		fputc(' ', out);
		flow_put_text(out, p, nul - p);
		p = nul + 1;
	}
	if (x->flags & XTRAIL_EXEC_ARGV_TRUNC)
		fprintf(out, " (cut: %u of %u arguments)", x->argc,
			x->argc_total);
}

void flow_put_id(FILE *out, const char *what, uint32_t v)
{
	if (v == 0xffffffffu)
		fprintf(out, " %s -", what);
	else
		fprintf(out, " %s %" PRIu32, what, v);
}

/*
 * The guest socket's own byte count beside dom0's IP bytes of the flow
 * (attr_bytes.h), when the guest's CLOSE of the socket is in the log.
 */
static void put_bytes(FILE *out, const struct xt_attr_flow *f)
{
	const struct xt_bytes_pair *c = &f->counts;

	if (f->bytes == XT_BYTES_NONE)
		return;
	fprintf(out, " bytes: guest sent %" PRIu64 " received %" PRIu64
		", dom0 IP bytes sent %" PRIu64 " (%" PRIu64
		" packets) received %" PRIu64 " (%" PRIu64 " packets): %s",
		c->guest_sent, c->guest_rcvd, c->ip_sent, c->pkts_sent,
		c->ip_rcvd, c->pkts_rcvd, xt_bytes_name(f->bytes));
}

static void put_proc(FILE *out, const struct xt_attr_flow *f)
{
	fprintf(out, " pid %" PRIu32 " tgid %" PRIu32, f->proc.pid,
		f->proc.tgid);
	flow_put_id(out, "uid", f->proc.uid);
	flow_put_id(out, "loginuid", f->proc.loginuid);
	flow_put_id(out, "ses", f->proc.sessionid);
	fputs(" comm ", out);
	flow_put_text(out, f->proc.comm, strnlen(f->proc.comm, XTRAIL_COMM_LEN));
	if (f->exec) {
		fputs(" exe ", out);
		flow_put_text(out, f->exec->filename, f->exec->filename_len);
		flow_put_argv(out, f->exec);
	} else {
		fputs(" (no exec record of it)", out);
	}
	fprintf(out, " (%s %+.3fs%s)", net_kind_name(f->net_kind),
		f->delta_ns / 1e9, f->earlier ? ", an earlier datagram" : "");
	put_bytes(out, f);
}

void flow_text(struct flow_text *t, const struct xt_attr_flow *f)
{
	unsigned int fam = xt_le16(f->f.family);

	if (f->wall_ns < 0 ||
	    xt_json_rfc3339(t->time, sizeof(t->time), f->wall_ns))
		snprintf(t->time, sizeof(t->time), "ts_ns=%" PRIu64,
			 (uint64_t)xt_le64(f->f.first_ns));
	if (f->has_vm)
		flow_uuid_str(t->uuid, f->uuid);
	else
		t->uuid[0] = 0;
	flow_endpoint(t->src, sizeof(t->src), fam, f->f.saddr, xt_le16(f->f.sport));
	flow_endpoint(t->dst, sizeof(t->dst), fam, f->f.daddr, xt_le16(f->f.dport));
}

void flow_print_text(FILE *out, const struct xt_attr_flow *f)
{
	struct flow_text t;

	flow_text(&t, f);
	fprintf(out, "%s domid %u", t.time, f->domid);
	if (f->has_vm) {
		fputs(" vm ", out);
		flow_put_text(out, f->name, strlen(f->name));
		fprintf(out, " %s", t.uuid);
	}
	fprintf(out, " %s %s -> %s %s", proto_name(f->f.protocol), t.src,
		t.dst, xt_attr_verdict_name(f->verdict));
	switch (f->verdict) {
	case XT_ATTR_ATTRIBUTED:
		put_proc(out, f);
		break;
	case XT_ATTR_UNATTRIBUTED:
		fputs(" no guest record of it: its logger was unloaded, silenced, filtered or lied",
		      out);
		break;
	case XT_ATTR_UNKNOWN:
		fprintf(out, " the guest's trail has a hole then (%s)",
			xt_attr_hole_name(f->hole));
		break;
	case XT_ATTR_INBOUND:
		if (f->matched)
			put_proc(out, f);
		else
			fputs(" (no accept record)", out);
		break;
	}
	fputc('\n', out);
}

static void jset(struct json_object *o, const char *k, struct json_object *v)
{
	json_object_object_add(o, k, v);
}

/* A guest's bytes as a JSON string (record_json.h's rule). */
struct json_object *flow_jstr(const void *s, size_t n)
{
	char *e = xt_json_str_escape(s, n);
	struct json_object *v = json_object_new_string(e ? e : "");

	free(e);
	return v;
}

/* put_bytes()'s counts: "bytes" null without the guest's CLOSE. */
static void json_bytes(struct json_object *o, const struct xt_attr_flow *f)
{
	const struct xt_bytes_pair *c = &f->counts;

	if (f->bytes == XT_BYTES_NONE) {
		jset(o, "bytes", NULL);
		return;
	}
	jset(o, "bytes", json_object_new_string(xt_bytes_name(f->bytes)));
	jset(o, "guest_bytes_sent", json_object_new_uint64(c->guest_sent));
	jset(o, "guest_bytes_received",
	     json_object_new_uint64(c->guest_rcvd));
	jset(o, "dom0_ip_bytes_sent", json_object_new_uint64(c->ip_sent));
	jset(o, "dom0_packets_sent", json_object_new_uint64(c->pkts_sent));
	jset(o, "dom0_ip_bytes_received", json_object_new_uint64(c->ip_rcvd));
	jset(o, "dom0_packets_received",
	     json_object_new_uint64(c->pkts_rcvd));
}

static void json_proc(struct json_object *o, const struct xt_attr_flow *f)
{
	const struct xt_attr_exec *x = f->exec;

	jset(o, "net_kind", json_object_new_string(net_kind_name(f->net_kind)));
	jset(o, "delta_ns", json_object_new_int64(f->delta_ns));
	jset(o, "earlier", json_object_new_boolean(f->earlier));
	json_bytes(o, f);
	jset(o, "pid", json_object_new_int64(f->proc.pid));
	jset(o, "tgid", json_object_new_int64(f->proc.tgid));
	jset(o, "uid", json_object_new_int64(f->proc.uid));
	jset(o, "euid", json_object_new_int64(f->proc.euid));
	jset(o, "loginuid", json_object_new_int64(f->proc.loginuid));
	jset(o, "sessionid", json_object_new_int64(f->proc.sessionid));
	jset(o, "comm", flow_jstr(f->proc.comm,
			     strnlen(f->proc.comm, XTRAIL_COMM_LEN)));
	if (!x) {
		jset(o, "exe", NULL);
		jset(o, "argv", NULL);
		return;
	}
	jset(o, "exe", flow_jstr(x->filename, x->filename_len));
	jset(o, "argv", flow_json_argv(x));
	jset(o, "argv_cut", json_object_new_boolean(x->flags &
						     XTRAIL_EXEC_ARGV_TRUNC));
}

struct json_object *flow_json_argv(const struct xt_attr_exec *x)
{
	struct json_object *av = json_object_new_array();
	const uint8_t *p, *end, *nul;

	for (p = x->argv, end = p + x->argv_len; p < end; p = nul + 1) {
		nul = memchr(p, 0, end - p);
		if (!nul)
			nul = end;
		json_object_array_add(av, flow_jstr(p, nul - p));
	}
	return av;
}

struct json_object *flow_json(const struct xt_attr_flow *f)
{
	struct json_object *o = json_object_new_object();
	struct flow_text t;

	if (!o)
		return NULL;
	flow_text(&t, f);
	jset(o, "time", f->wall_ns < 0 ? NULL :
	     json_object_new_string(t.time));
	jset(o, "ts_ns", json_object_new_uint64(xt_le64(f->f.first_ns)));
	jset(o, "domid", json_object_new_int(f->domid));
	jset(o, "vm_uuid", f->has_vm ? json_object_new_string(t.uuid) : NULL);
	jset(o, "vm_name", f->has_vm ? flow_jstr(f->name, strlen(f->name)) : NULL);
	jset(o, "vif", json_object_new_int64(xt_le32(f->f.vif)));
	jset(o, "flow_id", json_object_new_uint64(xt_le64(f->f.flow_id)));
	jset(o, "protocol", json_object_new_string(proto_name(f->f.protocol)));
	jset(o, "src", json_object_new_string(t.src));
	jset(o, "dst", json_object_new_string(t.dst));
	jset(o, "from_guest", json_object_new_boolean(xt_le32(f->f.flags) &
						       XTRAIL_FLOW_FROM_GUEST));
	jset(o, "verdict", json_object_new_string(
		xt_attr_verdict_name(f->verdict)));
	jset(o, "hole", f->hole ? json_object_new_string(
		xt_attr_hole_name(f->hole)) : NULL);
	if (f->matched)
		json_proc(o, f);
	return o;
}
