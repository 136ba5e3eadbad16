// SPDX-License-Identifier: GPL-2.0
/*
 * xtrail attribute: the cross-check, run by the auditor on the sealed log.
 * Read an F3 log (files or directories, as export does) with the auditor's
 * secret key, hand every record to the cross-check (attribution.h), and
 * print one line per flow dom0 saw: when, which VM, the 5-tuple, the
 * verdict, and the process and program behind it. Exit status 2 when a
 * flow shown is UNATTRIBUTED.
 */
#include <arpa/inet.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "attribution.h"
#include "cli.h"
#include "log_reader.h"
#include "record_json.h"
#include "text_safe.h"

#define ATTR_DOMIDS_MAX	16

static void attribute_usage(FILE *f, const char *cmd)
{
	fprintf(f,
		"Usage: %s FILE|DIR... [--key auditor.key] [--seal-key K]\n"
		"       [--window SECONDS] [--domid N] [--vm NAME|UUID] [--json]\n"
		"\n"
		"Check every item of the F3 log (files, or every F3 file of a\n"
		"directory, \"-\" for standard input), decrypt it with the auditor's\n"
		"secret key (--key, default $XTRAIL_AUDITOR_KEY), and match each\n"
		"flow dom0 saw on a guest's vif (FLOW records) with the guest's own\n"
		"record of it (its connect, sendto or accept NET record: same\n"
		"5-tuple, within --window seconds of the first packet, default 2).\n"
		"One line per flow: time, VM, 5-tuple, verdict, and the process\n"
		"(pid, uid, login uid, session, comm) with its program's argv:\n"
		"  attributed    the guest recorded the syscall that made it\n"
		"  unattributed  the guest's trail is complete there and has no\n"
		"                record of it: its logger was unloaded, silenced,\n"
		"                filtered, or lied\n"
		"  unknown       the guest's trail has a hole there (lost, seq_gap,\n"
		"                hb_silence, disconnected, dom0_lost, stream)\n"
		"  inbound       initiated from outside (with the accepting\n"
		"                process when the guest recorded the accept)\n"
		"A matched TCP flow whose socket the guest closed shows the\n"
		"guest's payload bytes beside dom0's IP bytes: ok; over (the\n"
		"guest counts more than the wire carried); under (the wire carried\n"
		"more than twice the guest's count, headers taken off); open\n"
		"(dom0's flow not over); udp (shown, not compared).\n"
		"--domid and --vm (name or UUID; each may be repeated) choose the\n"
		"flows shown; the match always uses the whole log. --json writes\n"
		"one JSON object per flow. Exit status: 0, 1 on an error, 2 when a\n"
		"flow shown is unattributed.\n",
		cmd);
}

struct attr_opts {
	const char *key_path;
	const char *seal_path;
	uint64_t window_ns;
	int json;
	unsigned int domids[ATTR_DOMIDS_MAX];
	unsigned int n_domids;
	const char *vms[ATTR_DOMIDS_MAX];
	unsigned int n_vms;
};

/* "2", "0.5": seconds, at most an hour. 0, or -1 after a message. */
static int parse_window(const char *cmd, const char *s, uint64_t *ns)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || *end || !(v >= 0 && v <= 3600)) {
		fprintf(stderr, "%s: bad window '%s' (seconds, 0..3600)\n", cmd,
			s);
		return -1;
	}
	*ns = (uint64_t)(v * 1e9 + 0.5);
	return 0;
}

/* Options into @ao: CLI_CONTINUE, or the exit status. */
static int attribute_opts(int argc, char *argv[], struct attr_opts *ao)
{
	static const struct option opts[] = {
		{ "key", required_argument, NULL, 'k' },
		{ "seal-key", required_argument, NULL, 's' },
		{ "window", required_argument, NULL, 'w' },
		{ "domid", required_argument, NULL, 'D' },
		{ "vm", required_argument, NULL, 'V' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *cmd = argv[0];
	int o;

	while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (o) {
		case 'k':
			ao->key_path = optarg;
			break;
		case 's':
			ao->seal_path = optarg;
			break;
		case 'w':
			if (parse_window(cmd, optarg, &ao->window_ns))
				return 1;
			break;
		case 'D':
			if (ao->n_domids == ATTR_DOMIDS_MAX) {
				fprintf(stderr, "%s: at most %d --domid\n",
					cmd, ATTR_DOMIDS_MAX);
				return 1;
			}
			if (parse_uint(cmd, "domid", optarg, 0, 65535,
				       &ao->domids[ao->n_domids]))
				return 1;
			ao->n_domids++;
			break;
		case 'V':
			if (ao->n_vms == ATTR_DOMIDS_MAX) {
				fprintf(stderr, "%s: at most %d --vm\n", cmd,
					ATTR_DOMIDS_MAX);
				return 1;
			}
			ao->vms[ao->n_vms++] = optarg;
			break;
		case 'j':
			ao->json = 1;
			break;
		case 'h':
			attribute_usage(stdout, cmd);
			return 0;
		default:
			attribute_usage(stderr, cmd);
			return 1;
		}
	}
	if (optind >= argc) {
		attribute_usage(stderr, cmd);
		return 1;
	}
	return CLI_CONTINUE;
}

static void uuid_str(char *buf, const uint8_t *u)
{
	snprintf(buf, 37,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9],
		 u[10], u[11], u[12], u[13], u[14], u[15]);
}

/* Whether the flow @f is one the options ask for. */
static int attr_wanted(const struct attr_opts *ao,
		       const struct xt_attr_flow *f)
{
	char uuid[37];
	unsigned int i;
	int ok = !ao->n_domids;

	for (i = 0; i < ao->n_domids; i++)
		ok |= ao->domids[i] == f->domid;
	if (!ok || !ao->n_vms)
		return ok;
	if (!f->has_vm)
		return 0;
	uuid_str(uuid, f->uuid);
	for (i = 0; i < ao->n_vms; i++)
		if (!strcmp(ao->vms[i], f->name) ||
		    !strcasecmp(ao->vms[i], uuid))
			return 1;
	return 0;
}

/* "1.2.3.4:25" or "[::1]:25" */
static void endpoint(char *buf, size_t size, unsigned int family,
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
static void put_text(FILE *out, const void *s, size_t n)
{
	char *e = xt_text_escape(s, n, XT_ESC_RAW);

	fprintf(out, "\"%s\"", e ? e : "?");
	free(e);
}

static void put_argv(FILE *out, const struct xt_attr_exec *x)
{
	const uint8_t *p = x->argv, *end = x->argv + x->argv_len;
	const uint8_t *nul;

	fputs(" argv", out);
	while (p < end) {
		nul = memchr(p, 0, end - p);
		if (!nul)
			nul = end;
		fputc(' ', out);
		put_text(out, p, nul - p);
		p = nul + 1;
	}
	if (x->flags & XTRAIL_EXEC_ARGV_TRUNC)
		fprintf(out, " (cut: %u of %u arguments)", x->argc,
			x->argc_total);
}

static void put_id(FILE *out, const char *what, uint32_t v)
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
	put_id(out, "uid", f->proc.uid);
	put_id(out, "loginuid", f->proc.loginuid);
	put_id(out, "ses", f->proc.sessionid);
	fputs(" comm ", out);
	put_text(out, f->proc.comm, strnlen(f->proc.comm, XTRAIL_COMM_LEN));
	if (f->exec) {
		fputs(" exe ", out);
		put_text(out, f->exec->filename, f->exec->filename_len);
		put_argv(out, f->exec);
	} else {
		fputs(" (no exec record of it)", out);
	}
	fprintf(out, " (%s %+.3fs%s)", net_kind_name(f->net_kind),
		f->delta_ns / 1e9, f->earlier ? ", an earlier datagram" : "");
	put_bytes(out, f);
}

/* Time, VM and 5-tuple, shared by both formats. */
struct flow_text {
	char time[40];
	char uuid[37];
	char src[64];
	char dst[64];
};

static void flow_text(struct flow_text *t, const struct xt_attr_flow *f)
{
	unsigned int fam = xt_le16(f->f.family);

	if (f->wall_ns < 0 ||
	    xt_json_rfc3339(t->time, sizeof(t->time), f->wall_ns))
		snprintf(t->time, sizeof(t->time), "ts_ns=%" PRIu64,
			 (uint64_t)xt_le64(f->f.first_ns));
	if (f->has_vm)
		uuid_str(t->uuid, f->uuid);
	else
		t->uuid[0] = 0;
	endpoint(t->src, sizeof(t->src), fam, f->f.saddr, xt_le16(f->f.sport));
	endpoint(t->dst, sizeof(t->dst), fam, f->f.daddr, xt_le16(f->f.dport));
}

static void print_text(FILE *out, const struct xt_attr_flow *f)
{
	struct flow_text t;

	flow_text(&t, f);
	fprintf(out, "%s domid %u", t.time, f->domid);
	if (f->has_vm) {
		fputs(" vm ", out);
		put_text(out, f->name, strlen(f->name));
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
static struct json_object *jstr(const void *s, size_t n)
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
	struct json_object *av;
	const uint8_t *p, *end, *nul;

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
	jset(o, "comm", jstr(f->proc.comm,
			     strnlen(f->proc.comm, XTRAIL_COMM_LEN)));
	if (!x) {
		jset(o, "exe", NULL);
		jset(o, "argv", NULL);
		return;
	}
	jset(o, "exe", jstr(x->filename, x->filename_len));
	av = json_object_new_array();
	for (p = x->argv, end = p + x->argv_len; p < end; p = nul + 1) {
		nul = memchr(p, 0, end - p);
		if (!nul)
			nul = end;
		json_object_array_add(av, jstr(p, nul - p));
	}
	jset(o, "argv", av);
	jset(o, "argv_cut", json_object_new_boolean(x->flags &
						     XTRAIL_EXEC_ARGV_TRUNC));
}

/* One flow as JSON; 0, or -1 when memory runs out. */
static int print_json(FILE *out, const struct xt_attr_flow *f)
{
	struct json_object *o = json_object_new_object();
	struct flow_text t;
	char *line;

	if (!o)
		return -1;
	flow_text(&t, f);
	jset(o, "time", f->wall_ns < 0 ? NULL :
	     json_object_new_string(t.time));
	jset(o, "ts_ns", json_object_new_uint64(xt_le64(f->f.first_ns)));
	jset(o, "domid", json_object_new_int(f->domid));
	jset(o, "vm_uuid", f->has_vm ? json_object_new_string(t.uuid) : NULL);
	jset(o, "vm_name", f->has_vm ? jstr(f->name, strlen(f->name)) : NULL);
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
	line = xt_json_line(o);
	json_object_put(o);
	if (!line)
		return -1;
	fprintf(out, "%s\n", line);
	free(line);
	return 0;
}

static int attribute_rec(void *ctx, const void *rec, uint32_t len)
{
	if (xt_attr_add(ctx, rec, len)) {
		fprintf(stderr, "xtrail attribute: out of memory\n");
		return 1;
	}
	return 0;
}

/* Print the flows asked for. 0, 2 (one unattributed), or 1. */
static int attribute_print(const char *cmd, const struct attr_opts *ao,
			   struct xt_attr *a)
{
	unsigned long n[XT_ATTR_INBOUND + 1] = { 0 };
	const struct xt_attr_flow *f;
	size_t i;

	for (i = 0; i < xt_attr_count(a); i++) {
		f = xt_attr_get(a, i);
		if (!attr_wanted(ao, f))
			continue;
		n[f->verdict]++;
		if (!ao->json) {
			print_text(stdout, f);
		} else if (print_json(stdout, f)) {
			fprintf(stderr, "%s: out of memory\n", cmd);
			return 1;
		}
	}
	if (fflush(stdout)) {
		perror(cmd);
		return 1;
	}
	fprintf(stderr,
		"%s: %lu flows: %lu attributed, %lu unattributed, %lu unknown, %lu inbound\n",
		cmd, n[XT_ATTR_ATTRIBUTED] + n[XT_ATTR_UNATTRIBUTED] +
		n[XT_ATTR_UNKNOWN] + n[XT_ATTR_INBOUND], n[XT_ATTR_ATTRIBUTED],
		n[XT_ATTR_UNATTRIBUTED], n[XT_ATTR_UNKNOWN],
		n[XT_ATTR_INBOUND]);
	return n[XT_ATTR_UNATTRIBUTED] ? 2 : 0;
}

int cmd_attribute(int argc, char *argv[])
{
	struct attr_opts ao = { .window_ns = XT_ATTR_WINDOW_DEF };
	struct log_reader lr = { .cmd = argv[0] };
	uint8_t sk[F3_KEY_LEN], seal[F3_KEY_LEN];
	struct xt_attr *a = NULL;
	int have_sk = 0, ret;

	ret = attribute_opts(argc, argv, &ao);
	if (ret != CLI_CONTINUE)
		return ret;
	if (xt_f3_sodium_init() ||
	    load_auditor_key(lr.cmd, ao.key_path, sk, &have_sk) ||
	    (ao.seal_path && load_key(lr.cmd, ao.seal_path, seal)))
		return 1;
	lr.require_start = 1;
	lr.auditor_sk = have_sk ? sk : NULL;
	lr.seal_key = ao.seal_path ? seal : NULL;
	a = xt_attr_new(ao.window_ns);
	if (!a) {
		fprintf(stderr, "%s: out of memory\n", lr.cmd);
		ret = 1;
	} else {
		ret = log_reader_open(&lr, argv + optind, argc - optind);
	}
	if (!ret)
		ret = log_reader_read(&lr, attribute_rec, a);
	if (!ret && xt_attr_finish(a)) {
		fprintf(stderr, "%s: out of memory\n", lr.cmd);
		ret = 1;
	}
	if (!ret)
		ret = attribute_print(lr.cmd, &ao, a);
	sodium_memzero(sk, sizeof(sk));
	sodium_memzero(seal, sizeof(seal));
	log_reader_close(&lr);
	xt_attr_free(a);
	return ret;
}
