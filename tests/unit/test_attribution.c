// SPDX-License-Identifier: GPL-2.0
/*
 * The cross-check of FLOW records against the guest's NET records
 * (userspace/lib/attribution.c), on synthetic logs: attributed with the
 * program's argv, unattributed, the window's edge, the guest's unbound
 * local address, a reused port, UDP (and its dedup), holes (LOST, SEQ_GAP,
 * HB_SILENCE, a disconnect) that make UNKNOWN, inbound, another VM on the
 * same domid, and records that are not records. Then "xtrail attribute"
 * (the binary built in userspace/, US_DIR) on a small F3 log: its exact
 * lines, --json, the filters and the exit status.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include <json.h>

#include "attribution.h"
#include "f3.h"
#include "test_files.h"
#include "test_safe.h"
#include "test_util.h"

#ifndef US_DIR
#error "US_DIR must name the userspace build directory"
#endif
#define XTRAIL	US_DIR "/xtrail"

#define DOM	5
#define SEC	1000000000ull
#define T0	(100 * SEC)
#define TCP	6
#define UDP	17
#define AF4	2
#define AF6	10

/* the guest 192.0.2.10, the mail server 198.51.100.25 */
static const uint8_t GUEST[4] = { 192, 0, 2, 10 };
static const uint8_t SMTP[4] = { 198, 51, 100, 25 };
static const uint8_t ANY[4];

static const char msmtp_argv[] = "sendmail\0-t\0-i";
#define MSMTP_FN	"/usr/sbin/sendmail"

static struct rec_buf r;
static struct xt_attr *a;
static uint64_t seq;
static uint64_t net_ino;	/* add_net()'s socket */

static void add(uint32_t len)
{
	assert_int_equal(xt_attr_add(a, r.b, len), 0);
}

/*
 * The header of the record built in r made a guest's: domid DOM, at @t,
 * from process @tgid (uid 1000).
 */
static struct xtrail_rec_hdr *ghdr(uint64_t t, uint32_t tgid)
{
	struct xtrail_rec_hdr *h = hdr_of(&r);

	h->seq = xt_cpu64(seq++);
	h->ts_ns = xt_cpu64(t);
	h->recv_ns = xt_cpu64(t + SEC / 10);
	h->domid = xt_cpu16(DOM);
	h->vcpu = 0;
	h->pid = xt_cpu32(tgid);
	h->tgid = xt_cpu32(tgid);
	h->uid = xt_cpu32(1000);
	h->loginuid = xt_cpu32(1000);
	h->sessionid = xt_cpu32(4);
	memset(h->comm, 0, sizeof(h->comm));
	memcpy(h->comm, "msmtp", 5);
	return h;
}

/* A dom0 record of @type about DOM at @t (dom0's clock). */
static struct xtrail_rec_hdr *dhdr(unsigned int type, uint64_t t,
				   uint32_t *len)
{
	struct xtrail_rec_hdr *h;

	*len = build_dom0(&r, type);
	h = hdr_of(&r);
	h->flags = xt_cpu16(XTRAIL_RF_TS_XEN | XTRAIL_RF_NO_TASK);
	h->ts_ns = xt_cpu64(t);
	h->recv_ns = xt_cpu64(t);
	h->domid = xt_cpu16(DOM);
	return h;
}

static void add_dom0(unsigned int type, uint64_t t)
{
	uint32_t len;

	dhdr(type, t, &len);
	add(len);
}

static void add_exec(uint64_t t, uint32_t tgid)
{
	uint32_t len = build_exec(&r, MSMTP_FN, strlen(MSMTP_FN), 0,
				  msmtp_argv, sizeof(msmtp_argv), 0, 0, 3);

	ghdr(t, tgid);
	add(len);
}

/* The spam's mail exec (test_util.h) by @tgid at @t. */
static void add_mail(uint64_t t, uint32_t tgid)
{
	uint32_t len = build_spam(&r);

	ghdr(t, tgid);
	add(len);
}

static void add_fork(uint64_t t, uint32_t parent, uint32_t child)
{
	uint32_t len = build_fixed(&r, XTRAIL_REC_FORK,
				   sizeof(struct xtrail_fork));
	struct xtrail_fork *fk = (struct xtrail_fork *)(ghdr(t, parent) + 1);

	fk->child_pid = xt_cpu32(child);
	fk->child_tgid = xt_cpu32(child);
	add(len);
}

static void add_net(uint64_t t, uint32_t tgid, uint32_t kind, uint32_t proto,
		    const uint8_t *la, uint16_t lp, const uint8_t *ra,
		    uint16_t rp)
{
	uint32_t len = build_fixed(&r, XTRAIL_REC_NET,
				   sizeof(struct xtrail_net));
	struct xtrail_net *n = (struct xtrail_net *)(ghdr(t, tgid) + 1);

	n->kind = xt_cpu32(kind);
	n->family = xt_cpu32(AF4);
	n->protocol = xt_cpu32(proto);
	n->fd = xt_cpu32(3);
	n->sport = xt_cpu16(lp);
	n->dport = xt_cpu16(rp);
	memcpy(n->saddr, la, 4);
	memcpy(n->daddr, ra, 4);
	n->sock_ino = xt_cpu64(net_ino);
	add(len);
}

/* dom0's FLOW @event of flow @id: @ia:@ip -> @ra:@rp, first packet at @t. */
static void add_flow_ev(uint32_t event, uint64_t t, uint64_t id, int out,
			uint32_t proto, const uint8_t *ia, uint16_t ip,
			const uint8_t *ra, uint16_t rp)
{
	uint32_t len;
	struct xtrail_flow *f =
		(struct xtrail_flow *)(dhdr(XTRAIL_REC_FLOW, t, &len) + 1);

	f->event = xt_cpu32(event);
	f->flags = xt_cpu32(out ? XTRAIL_FLOW_FROM_GUEST : 0);
	f->family = xt_cpu16(AF4);
	f->protocol = proto;
	f->sport = xt_cpu16(ip);
	f->dport = xt_cpu16(rp);
	f->flow_id = xt_cpu64(id);
	f->first_ns = xt_cpu64(t);
	f->last_ns = xt_cpu64(t);
	f->pkts_fwd = xt_cpu64(1);
	memcpy(f->saddr, ia, 4);
	memcpy(f->daddr, ra, 4);
	add(len);
}

static void add_flow(uint64_t t, uint64_t id, int out, uint32_t proto,
		     const uint8_t *ia, uint16_t ip, const uint8_t *ra,
		     uint16_t rp)
{
	add_flow_ev(XTRAIL_FLOW_START, t, id, out, proto, ia, ip, ra, rp);
}

static const struct xt_attr_flow *flow(size_t i)
{
	const struct xt_attr_flow *f;

	assert_int_equal(xt_attr_finish(a), 0);
	f = xt_attr_get(a, i);
	assert_non_null(f);
	return f;
}

static int setup(void **state)
{
	a = xt_attr_new(XT_ATTR_WINDOW_DEF);
	seq = 0;
	net_ino = 0;
	if (!a)
		return -1;
	add_dom0(XTRAIL_REC_CONNECT, T0 - 10 * SEC);
	return 0;
}

static int teardown(void **state)
{
	xt_attr_free(a);
	return 0;
}

/* The spam: the SYN at T0, msmtp's connect() returns 3 ms later. */
static void t_attributed(void **state)
{
	const struct xt_attr_flow *f;

	add_exec(T0 - SEC, 321);
	add_flow(T0, 1, 1, TCP, GUEST, 40000, SMTP, 25);
	add_net(T0 + 3000000, 321, XTRAIL_NET_CONNECT, TCP, GUEST, 40000,
		SMTP, 25);
	add_flow_ev(XTRAIL_FLOW_END, T0, 1, 1, TCP, GUEST, 40000, SMTP, 25);
	f = flow(0);
	assert_int_equal(xt_attr_count(a), 1);	/* END is the same flow */
	assert_int_equal(f->verdict, XT_ATTR_ATTRIBUTED);
	assert_int_equal(f->domid, DOM);
	assert_int_equal(f->proc.tgid, 321);
	assert_int_equal(f->proc.uid, 1000);
	assert_int_equal(f->proc.loginuid, 1000);
	assert_int_equal(f->proc.sessionid, 4);
	assert_string_equal(f->proc.comm, "msmtp");
	assert_int_equal(f->net_kind, XTRAIL_NET_CONNECT);
	assert_int_equal(f->delta_ns, 3000000);
	assert_non_null(f->exec);
	assert_int_equal(f->exec->argc, 3);
	assert_int_equal(f->exec->argv_len, sizeof(msmtp_argv));
	assert_memory_equal(f->exec->argv, msmtp_argv, sizeof(msmtp_argv));
	assert_memory_equal(f->exec->filename, MSMTP_FN, strlen(MSMTP_FN));
}

/* dom0's @event of the spam's flow @id with its counts so far. */
static void add_flow_counts(uint32_t event, uint64_t id, uint64_t bf,
			    uint64_t pf, uint64_t br, uint64_t pr)
{
	uint32_t len;
	struct xtrail_flow *f =
		(struct xtrail_flow *)(dhdr(XTRAIL_REC_FLOW, T0 + 2 * SEC,
					    &len) + 1);

	f->event = xt_cpu32(event);
	f->flags = xt_cpu32(XTRAIL_FLOW_FROM_GUEST);
	f->family = xt_cpu16(AF4);
	f->protocol = TCP;
	f->sport = xt_cpu16(40000);
	f->dport = xt_cpu16(25);
	f->flow_id = xt_cpu64(id);
	f->first_ns = xt_cpu64(T0);
	f->last_ns = xt_cpu64(T0 + SEC);
	f->pkts_fwd = xt_cpu64(pf);
	f->bytes_fwd = xt_cpu64(bf);
	f->pkts_rev = xt_cpu64(pr);
	f->bytes_rev = xt_cpu64(br);
	memcpy(f->saddr, GUEST, 4);
	memcpy(f->daddr, SMTP, 4);
	add(len);
}

/* The guest's CLOSE of its socket @ino at @t (by a kernel thread). */
static void add_close(uint64_t t, uint64_t ino, uint64_t sent, uint64_t rcvd)
{
	uint32_t len = build_net_close(&r, sent, rcvd);
	struct xtrail_net *n = (struct xtrail_net *)(ghdr(t, 321) + 1);

	n->sock_ino = xt_cpu64(ino);
	hdr_of(&r)->flags |= xt_cpu16(XTRAIL_RF_NO_TASK);
	add(len);
}

/*
 * The spam with byte counts: msmtp's socket 77 sent 1000 bytes and read
 * 300; dom0 saw 10 packets of 1520 IP bytes out (52 bytes of headers
 * each) and 8 of 716 back.
 */
static void spam_with_bytes(uint64_t sent, uint32_t end_event,
			    uint64_t ip_out)
{
	net_ino = 77;
	add_exec(T0 - SEC, 321);
	add_flow(T0, 1, 1, TCP, GUEST, 40000, SMTP, 25);
	add_net(T0 + 3000000, 321, XTRAIL_NET_CONNECT, TCP, GUEST, 40000,
		SMTP, 25);
	add_close(T0 + SEC, 77, sent, 300);
	add_flow_counts(end_event, 1, ip_out, 10, 716, 8);
}

static void t_bytes(void **state)
{
	const struct xt_attr_flow *f;

	spam_with_bytes(1000, XTRAIL_FLOW_END, 1520);
	f = flow(0);
	assert_int_equal(f->verdict, XT_ATTR_ATTRIBUTED);
	assert_int_equal(f->bytes, XT_BYTES_OK);
	assert_int_equal(f->counts.guest_sent, 1000);
	assert_int_equal(f->counts.guest_rcvd, 300);
	assert_int_equal(f->counts.ip_sent, 1520);
	assert_int_equal(f->counts.pkts_sent, 10);
	assert_int_equal(f->counts.ip_rcvd, 716);
	assert_int_equal(f->counts.pkts_rcvd, 8);
}

/* The guest claims more payload than the wire carried with headers. */
static void t_bytes_over(void **state)
{
	spam_with_bytes(1521, XTRAIL_FLOW_END, 1520);
	assert_int_equal(flow(0)->bytes, XT_BYTES_OVER);
}

/* 10 full packets out (at least 13,800 bytes payload), 1000 counted. */
static void t_bytes_under(void **state)
{
	spam_with_bytes(1000, XTRAIL_FLOW_IDLE, 15000);
	assert_int_equal(flow(0)->bytes, XT_BYTES_UNDER);
}

/* dom0's flow not over yet (UPDATE last): shown, not compared. */
static void t_bytes_open(void **state)
{
	spam_with_bytes(1521, XTRAIL_FLOW_UPDATE, 1520);
	assert_int_equal(flow(0)->bytes, XT_BYTES_OPEN);
	assert_int_equal(flow(0)->counts.guest_sent, 1521);
}

/* No CLOSE of the socket after its connect: no guest count. */
static void t_bytes_none(void **state)
{
	add_close(T0 - SEC, 77, 5, 5);	/* an earlier socket 77 */
	net_ino = 77;
	add_flow(T0, 1, 1, TCP, GUEST, 40000, SMTP, 25);
	add_net(T0 + 3000000, 321, XTRAIL_NET_CONNECT, TCP, GUEST, 40000,
		SMTP, 25);
	add_flow_counts(XTRAIL_FLOW_END, 1, 1520, 10, 716, 8);
	assert_int_equal(flow(0)->verdict, XT_ATTR_ATTRIBUTED);
	assert_int_equal(flow(0)->bytes, XT_BYTES_NONE);
}

/* The rule's edges (attr_bytes.h), IPv4 TCP: 120 bytes of headers at most. */
static void t_bytes_rule(void **state)
{
	struct xt_bytes_pair p = {
		.guest_sent = 1000, .guest_rcvd = 300, .ip_sent = 1520,
		.pkts_sent = 10, .ip_rcvd = 300, .pkts_rcvd = 8, .tcp = 1,
		.final = 1,
	};

	assert_int_equal(xt_bytes_check(&p), XT_BYTES_OK);
	p.guest_rcvd = 301;
	assert_int_equal(xt_bytes_check(&p), XT_BYTES_OVER);
	p.guest_rcvd = 300;
	/* at least 4700 - 1200 = 3500 = 2 * 1000 + 1500: still ok */
	p.ip_sent = 4700;
	assert_int_equal(xt_bytes_check(&p), XT_BYTES_OK);
	p.ip_sent = 4701;
	assert_int_equal(xt_bytes_check(&p), XT_BYTES_UNDER);
	/* IPv6: 100 bytes of headers at most, so 3500 + 1000 */
	p.ipv6 = 1;
	p.ip_sent = 4500;
	assert_int_equal(xt_bytes_check(&p), XT_BYTES_OK);
	p.ip_sent = 4501;
	assert_int_equal(xt_bytes_check(&p), XT_BYTES_UNDER);
	/* more packets than their bytes can hold headers for: none */
	p.pkts_sent = 1000;
	assert_int_equal(xt_bytes_check(&p), XT_BYTES_OK);
	p.final = 0;
	assert_int_equal(xt_bytes_check(&p), XT_BYTES_OPEN);
	p.tcp = 0;
	assert_int_equal(xt_bytes_check(&p), XT_BYTES_UDP);
	assert_string_equal(xt_bytes_name(XT_BYTES_UNDER), "under");
	assert_string_equal(xt_bytes_name(XT_BYTES_NONE), "");
}

/* The guest recorded nothing, and its trail has no hole. */
static void t_unattributed(void **state)
{
	const struct xt_attr_flow *f;

	add_exec(T0 - SEC, 321);
	add_flow(T0, 1, 1, TCP, GUEST, 40000, SMTP, 25);
	/* another connection of the guest's: not this one */
	add_net(T0, 321, XTRAIL_NET_CONNECT, TCP, GUEST, 40001, SMTP, 25);
	add_net(T0, 321, XTRAIL_NET_CONNECT, TCP, GUEST, 40000, SMTP, 587);
	add_net(T0, 321, XTRAIL_NET_SENDTO, UDP, GUEST, 40000, SMTP, 25);
	f = flow(0);
	assert_int_equal(f->verdict, XT_ATTR_UNATTRIBUTED);
	assert_int_equal(f->hole, XT_HOLE_NONE);
	assert_false(f->matched);
	assert_null(f->exec);
	assert_string_equal(xt_attr_verdict_name(f->verdict), "unattributed");
}

/* Exactly the window away matches; a nanosecond more does not. */
static void t_window_edge(void **state)
{
	add_flow(T0, 1, 1, TCP, GUEST, 40000, SMTP, 25);
	add_flow(T0 + 10 * SEC, 2, 1, TCP, GUEST, 40002, SMTP, 25);
	add_net(T0 + XT_ATTR_WINDOW_DEF, 321, XTRAIL_NET_CONNECT, TCP, GUEST,
		40000, SMTP, 25);
	add_net(T0 + 10 * SEC + XT_ATTR_WINDOW_DEF + 1, 321,
		XTRAIL_NET_CONNECT, TCP, GUEST, 40002, SMTP, 25);
	assert_int_equal(flow(0)->verdict, XT_ATTR_ATTRIBUTED);
	assert_int_equal(flow(0)->delta_ns, (int64_t)XT_ATTR_WINDOW_DEF);
	assert_int_equal(flow(1)->verdict, XT_ATTR_UNATTRIBUTED);
}

/* Without TS_XEN on the FLOW record, recv_ns is compared (100 ms later). */
static void t_recv_clock(void **state)
{
	struct xt_attr *b = xt_attr_new(SEC / 20);	/* 50 ms */

	xt_attr_free(a);
	a = b;
	add_dom0(XTRAIL_REC_CONNECT, T0 - 10 * SEC);
	add_flow(T0, 1, 1, TCP, GUEST, 40000, SMTP, 25);
	add_net(T0, 321, XTRAIL_NET_CONNECT, TCP, GUEST, 40000, SMTP, 25);
	/* with Xen time on both: ts_ns equal, matched */
	assert_int_equal(flow(0)->verdict, XT_ATTR_ATTRIBUTED);

	a = xt_attr_new(SEC / 20);
	xt_attr_free(b);
	add_dom0(XTRAIL_REC_CONNECT, T0 - 10 * SEC);
	add_flow(T0, 1, 1, TCP, GUEST, 40000, SMTP, 25);
	/* the same FLOW without TS_XEN: recv_ns (T0 + 100 ms) is too far */
	{
		struct xtrail_rec_hdr *h;
		uint32_t len;

		h = dhdr(XTRAIL_REC_FLOW, T0 + SEC, &len);
		h->flags = xt_cpu16(XTRAIL_RF_NO_TASK);
		((struct xtrail_flow *)(h + 1))->flow_id = xt_cpu64(9);
		((struct xtrail_flow *)(h + 1))->family = xt_cpu16(AF4);
		((struct xtrail_flow *)(h + 1))->protocol = TCP;
		((struct xtrail_flow *)(h + 1))->flags =
			xt_cpu32(XTRAIL_FLOW_FROM_GUEST);
		((struct xtrail_flow *)(h + 1))->first_ns = xt_cpu64(T0 + SEC);
		((struct xtrail_flow *)(h + 1))->sport = xt_cpu16(40001);
		((struct xtrail_flow *)(h + 1))->dport = xt_cpu16(25);
		memcpy(((struct xtrail_flow *)(h + 1))->saddr, GUEST, 4);
		memcpy(((struct xtrail_flow *)(h + 1))->daddr, SMTP, 4);
		add(len);
	}
	add_net(T0 + SEC, 321, XTRAIL_NET_CONNECT, TCP, GUEST, 40001, SMTP,
		25);
	assert_int_equal(flow(1)->verdict, XT_ATTR_UNATTRIBUTED);
	assert_false(flow(1)->ts_xen);
}

/*
 * A FLOW record without TS_XEN after a CLOCK record with it (dom0's clock
 * is Xen system time, as dom0's module writes them): ts_ns is compared.
 */
static void t_clock_xen(void **state)
{
	struct xtrail_rec_hdr *h;
	uint32_t len;

	xt_attr_free(a);
	a = xt_attr_new(SEC / 20);
	add_dom0(XTRAIL_REC_CONNECT, T0 - 10 * SEC);
	add_dom0(XTRAIL_REC_CLOCK, T0 - 5 * SEC);
	h = dhdr(XTRAIL_REC_FLOW, T0, &len);
	h->flags = xt_cpu16(XTRAIL_RF_NO_TASK);
	((struct xtrail_flow *)(h + 1))->flags = xt_cpu32(XTRAIL_FLOW_FROM_GUEST);
	((struct xtrail_flow *)(h + 1))->family = xt_cpu16(AF4);
	((struct xtrail_flow *)(h + 1))->protocol = TCP;
	((struct xtrail_flow *)(h + 1))->first_ns = xt_cpu64(T0);
	((struct xtrail_flow *)(h + 1))->sport = xt_cpu16(40000);
	((struct xtrail_flow *)(h + 1))->dport = xt_cpu16(25);
	memcpy(((struct xtrail_flow *)(h + 1))->saddr, GUEST, 4);
	memcpy(((struct xtrail_flow *)(h + 1))->daddr, SMTP, 4);
	add(len);
	/* ts_ns T0 + 10 ms, recv_ns 100 ms later: only ts_ns is in 50 ms */
	add_net(T0 + SEC / 100, 321, XTRAIL_NET_CONNECT, TCP, GUEST, 40000,
		SMTP, 25);
	assert_true(flow(0)->ts_xen);
	assert_int_equal(flow(0)->verdict, XT_ATTR_ATTRIBUTED);
	assert_int_equal(flow(0)->delta_ns, SEC / 100);
}

/* The guest's record has local address 0 (unbound): it matches the rest. */
static void t_local_wildcard(void **state)
{
	static const uint8_t OTHER[4] = { 192, 0, 2, 99 };

	add_flow(T0, 1, 1, UDP, GUEST, 5353, SMTP, 53);
	add_flow(T0 + SEC, 2, 1, UDP, GUEST, 5354, SMTP, 53);
	add_net(T0, 400, XTRAIL_NET_SENDTO, UDP, ANY, 5353, SMTP, 53);
	/* a local address that is not the flow's: no */
	add_net(T0 + SEC, 400, XTRAIL_NET_SENDTO, UDP, OTHER, 5354, SMTP, 53);
	assert_int_equal(flow(0)->verdict, XT_ATTR_ATTRIBUTED);
	assert_int_equal(flow(0)->net_kind, XTRAIL_NET_SENDTO);
	assert_int_equal(flow(1)->verdict, XT_ATTR_UNATTRIBUTED);
}

/*
 * One local port, two connections 1 s apart (two processes): each flow
 * gets its own connect, the nearer one, never one connect twice.
 */
static void t_reused_port(void **state)
{
	add_exec(T0 - SEC, 321);
	add_exec(T0 - SEC, 322);
	add_flow(T0, 1, 1, TCP, GUEST, 40000, SMTP, 25);
	add_net(T0 + 1000, 321, XTRAIL_NET_CONNECT, TCP, GUEST, 40000, SMTP,
		25);
	add_flow(T0 + SEC, 2, 1, TCP, GUEST, 40000, SMTP, 25);
	add_net(T0 + SEC + 1000, 322, XTRAIL_NET_CONNECT, TCP, GUEST, 40000,
		SMTP, 25);
	/* a third connection with no connect of its own */
	add_flow(T0 + SEC + 5000, 3, 1, TCP, GUEST, 40000, SMTP, 25);
	assert_int_equal(flow(0)->proc.tgid, 321);
	assert_int_equal(flow(1)->proc.tgid, 322);
	assert_int_equal(flow(2)->verdict, XT_ATTR_UNATTRIBUTED);
}

/*
 * UDP: a sendto (and a connected socket's connect) matches; the guest
 * records a socket's first datagram to a destination only, so a later
 * flow of the same 5-tuple matches that earlier record.
 */
static void t_udp(void **state)
{
	add_flow(T0, 1, 1, UDP, GUEST, 5353, SMTP, 53);
	add_net(T0 + 1000, 400, XTRAIL_NET_SENDTO, UDP, ANY, 5353, SMTP, 53);
	add_flow(T0 + 60 * SEC, 2, 1, UDP, GUEST, 5353, SMTP, 53);
	add_net(T0 + 90 * SEC, 401, XTRAIL_NET_CONNECT, UDP, GUEST, 6000,
		SMTP, 123);
	add_flow(T0 + 90 * SEC, 3, 1, UDP, GUEST, 6000, SMTP, 123);
	assert_int_equal(flow(0)->verdict, XT_ATTR_ATTRIBUTED);
	assert_false(flow(0)->earlier);
	assert_int_equal(flow(1)->verdict, XT_ATTR_ATTRIBUTED);
	assert_true(flow(1)->earlier);
	assert_int_equal(flow(1)->proc.tgid, 400);
	assert_int_equal(flow(2)->verdict, XT_ATTR_ATTRIBUTED);
	assert_int_equal(flow(2)->net_kind, XTRAIL_NET_CONNECT);
}

/* A LOST record covering the time: UNKNOWN (lost), not UNATTRIBUTED. */
static void t_lost(void **state)
{
	uint32_t len;

	add_exec(T0 - 5 * SEC, 321);	/* the vCPU's last record before */
	add_flow(T0, 1, 1, TCP, GUEST, 40000, SMTP, 25);
	len = build_lost(&r, 12, 40);
	ghdr(T0 + SEC, 321);
	hdr_of(&r)->seq = xt_cpu64(52);
	add(len);
	/* a flow long after the LOST: its window meets no hole */
	add_flow(T0 + 20 * SEC, 2, 1, TCP, GUEST, 40001, SMTP, 25);
	assert_int_equal(flow(0)->verdict, XT_ATTR_UNKNOWN);
	assert_int_equal(flow(0)->hole, XT_HOLE_LOST);
	assert_string_equal(xt_attr_hole_name(flow(0)->hole), "lost");
	assert_int_equal(flow(1)->verdict, XT_ATTR_UNATTRIBUTED);
}

/* dom0's evidence: a sequence gap, a heartbeat silence, a disconnect. */
static void t_dom0_holes(void **state)
{
	struct xtrail_rec_hdr *h;
	uint32_t len;

	add_exec(T0 - 5 * SEC, 321);
	add_flow(T0, 1, 1, TCP, GUEST, 40000, SMTP, 25);
	h = dhdr(XTRAIL_REC_SEQ_GAP, T0 + SEC, &len);
	((struct xtrail_seq_gap *)(h + 1))->kind = xt_cpu32(XTRAIL_GAP_MISSING);
	((struct xtrail_seq_gap *)(h + 1))->missing = xt_cpu64(5);
	add(len);
	add_exec(T0 + SEC, 321);

	add_flow(T0 + 30 * SEC, 2, 1, TCP, GUEST, 40001, SMTP, 25);
	h = dhdr(XTRAIL_REC_HB_SILENCE, T0 + 35 * SEC, &len);
	((struct xtrail_hb_silence *)(h + 1))->state =
		xt_cpu32(XTRAIL_HB_STOPPED);
	((struct xtrail_hb_silence *)(h + 1))->silent_ns = xt_cpu64(6 * SEC);
	add(len);
	h = dhdr(XTRAIL_REC_HB_SILENCE, T0 + 50 * SEC, &len);
	((struct xtrail_hb_silence *)(h + 1))->state =
		xt_cpu32(XTRAIL_HB_RESUMED);
	((struct xtrail_hb_silence *)(h + 1))->silent_ns = xt_cpu64(21 * SEC);
	add(len);

	add_dom0(XTRAIL_REC_DISCONNECT, T0 + 60 * SEC);
	add_flow(T0 + 70 * SEC, 3, 1, TCP, GUEST, 40002, SMTP, 25);
	add_dom0(XTRAIL_REC_CONNECT, T0 + 80 * SEC);
	add_flow(T0 + 90 * SEC, 4, 1, TCP, GUEST, 40003, SMTP, 25);

	assert_int_equal(flow(0)->hole, XT_HOLE_SEQ_GAP);
	assert_int_equal(flow(1)->hole, XT_HOLE_HB_SILENCE);
	assert_int_equal(flow(2)->verdict, XT_ATTR_UNKNOWN);
	assert_int_equal(flow(2)->hole, XT_HOLE_DISCONNECTED);
	assert_int_equal(flow(3)->verdict, XT_ATTR_UNATTRIBUTED);
}

/* A flow of a guest never connected to xtrail: UNKNOWN (disconnected). */
static void t_never_connected(void **state)
{
	struct xtrail_rec_hdr *h;
	uint32_t len;

	h = dhdr(XTRAIL_REC_FLOW, T0, &len);
	h->domid = xt_cpu16(DOM + 1);
	((struct xtrail_flow *)(h + 1))->flags =
		xt_cpu32(XTRAIL_FLOW_FROM_GUEST);
	add(len);
	assert_int_equal(flow(0)->verdict, XT_ATTR_UNKNOWN);
	assert_int_equal(flow(0)->hole, XT_HOLE_DISCONNECTED);
}

/* Initiated from outside: INBOUND, with the accepting process if any. */
static void t_inbound(void **state)
{
	static const uint8_t PEER[4] = { 203, 0, 113, 9 };

	add_flow(T0, 1, 0, TCP, PEER, 51000, GUEST, 22);
	add_net(T0 + 2000, 77, XTRAIL_NET_ACCEPT, TCP, GUEST, 22, PEER,
		51000);
	add_flow(T0 + SEC, 2, 0, TCP, PEER, 51001, GUEST, 22);
	/* an outbound connect of the same addresses is not an accept */
	add_net(T0 + SEC, 77, XTRAIL_NET_CONNECT, TCP, GUEST, 22, PEER,
		51001);
	assert_int_equal(flow(0)->verdict, XT_ATTR_INBOUND);
	assert_true(flow(0)->matched);
	assert_int_equal(flow(0)->proc.tgid, 77);
	assert_int_equal(flow(1)->verdict, XT_ATTR_INBOUND);
	assert_false(flow(1)->matched);
}

/* A fork inherits the parent's program; an exit forgets it. */
static void t_fork_exec(void **state)
{
	uint32_t len;
	struct xtrail_fork *fk;

	add_exec(T0 - 3 * SEC, 321);
	len = build_fixed(&r, XTRAIL_REC_FORK, sizeof(*fk));
	ghdr(T0 - 2 * SEC, 321);
	fk = (struct xtrail_fork *)(hdr_of(&r) + 1);
	fk->child_pid = xt_cpu32(330);
	fk->child_tgid = xt_cpu32(330);
	add(len);
	len = build_fixed(&r, XTRAIL_REC_EXIT, sizeof(struct xtrail_exit));
	ghdr(T0 - SEC, 321);
	add(len);
	add_flow(T0, 1, 1, TCP, GUEST, 40000, SMTP, 25);
	add_net(T0, 330, XTRAIL_NET_CONNECT, TCP, GUEST, 40000, SMTP, 25);
	add_flow(T0, 2, 1, TCP, GUEST, 40001, SMTP, 25);
	add_net(T0, 321, XTRAIL_NET_CONNECT, TCP, GUEST, 40001, SMTP, 25);
	assert_non_null(flow(0)->exec);
	assert_int_equal(flow(0)->proc.tgid, 330);
	assert_null(flow(1)->exec);	/* 321 exited: its program forgotten */
}

/*
 * A FORK record whose child is the parent itself (only a lying guest
 * writes one): the program stays (found by fuzz_attribution: it was freed
 * and then used).
 */
static void t_fork_self(void **state)
{
	struct xtrail_fork *fk;
	uint32_t len;

	add_exec(T0 - 3 * SEC, 321);
	len = build_fixed(&r, XTRAIL_REC_FORK, sizeof(*fk));
	ghdr(T0 - 2 * SEC, 321);
	fk = (struct xtrail_fork *)(hdr_of(&r) + 1);
	fk->child_pid = xt_cpu32(321);
	fk->child_tgid = xt_cpu32(321);
	add(len);
	add_flow(T0, 1, 1, TCP, GUEST, 40000, SMTP, 25);
	add_net(T0, 321, XTRAIL_NET_CONNECT, TCP, GUEST, 40000, SMTP, 25);
	assert_non_null(flow(0)->exec);
	assert_int_equal(flow(0)->exec->argc, 3);
}

/*
 * Records of two vCPUs' rings are merged by dom0's receipt, not in the
 * guest's order: mail forks sendmail on one vCPU, sendmail execs on the
 * other, and the exec reaches the log before the fork (as in a lab run of
 * spam). The guest's own timestamps order them: the program is sendmail's.
 */
static void t_exec_before_fork(void **state)
{
	const struct xt_attr_flow *f;

	add_mail(T0 - 3 * SEC, 321);
	add_exec(T0 - SEC, 330);		/* sendmail, on vCPU 0 */
	add_fork(T0 - 2 * SEC, 321, 330);	/* mail, on vCPU 1: later */
	add_flow(T0, 1, 1, TCP, GUEST, 40000, SMTP, 25);
	add_net(T0, 330, XTRAIL_NET_CONNECT, TCP, GUEST, 40000, SMTP, 25);
	/* and a child of mail's that never execs: mail's program */
	add_fork(T0 - 2 * SEC, 321, 331);
	add_flow(T0, 2, 1, TCP, GUEST, 40001, SMTP, 25);
	add_net(T0, 331, XTRAIL_NET_CONNECT, TCP, GUEST, 40001, SMTP, 25);
	f = flow(0);
	assert_non_null(f->exec);
	assert_memory_equal(f->exec->filename, MSMTP_FN, strlen(MSMTP_FN));
	f = flow(1);
	assert_non_null(f->exec);
	assert_memory_equal(f->exec->filename, SPAM_FILENAME,
			    strlen(SPAM_FILENAME));
}

/* Another VM on the same domid (a new CONNECT): not its records. */
static void t_domid_reuse(void **state)
{
	add_net(T0, 321, XTRAIL_NET_CONNECT, TCP, GUEST, 40000, SMTP, 25);
	add_dom0(XTRAIL_REC_DISCONNECT, T0 + 1000);
	add_dom0(XTRAIL_REC_CONNECT, T0 + 2000);
	add_flow(T0 + 3000, 1, 1, TCP, GUEST, 40000, SMTP, 25);
	/* the window meets the disconnect: UNKNOWN, not attributed */
	assert_int_equal(flow(0)->verdict, XT_ATTR_UNKNOWN);
	assert_false(flow(0)->matched);
}

/* Bytes that are not a record teach nothing, and break nothing. */
static void t_garbage(void **state)
{
	uint32_t len = build_fixed(&r, XTRAIL_REC_NET, sizeof(struct xtrail_net));

	((struct xtrail_net *)(hdr_of(&r) + 1))->kind = xt_cpu32(99);
	add(len);
	add(sizeof(struct xtrail_rec_hdr) - 8);
	assert_int_equal(xt_attr_finish(a), 0);
	assert_int_equal(xt_attr_count(a), 0);
	assert_null(xt_attr_get(a, 0));
}

/* 2026-11-21T18:39:01Z at dom0's ts 1 s */
#define CLOCK_REAL	1795286341ull

static char dir[64], log_path[128];
static struct f3_writer w;

static void wadd(uint32_t len)
{
	assert_int_equal(xt_f3_writer_add(&w, r.b, len), 0);
}

/*
 * The log: CLOCK at 1 s; VM_IDENTITY "web1" and CONNECT of DOM at 2 s;
 * msmtp (tgid 321) execs at 3 s; flow 1 (its SYN at 100 s) and its
 * connect 3 ms later; flow 2 at 110 s, which the guest did not record;
 * flow 3 of domid 9 (no xtrail connection) at 120 s.
 */
static int cli_setup(void **state)
{
	struct f3_writer_opts o = { 0 };
	struct f3_open_report rep;
	struct xtrail_vm_identity *v;
	struct xtrail_rec_hdr *h;
	char err[256];
	uint32_t len;

	strcpy(dir, "attr.tmp.XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(log_path, sizeof(log_path), "%s/f3.log", dir);
	if (xt_f3_writer_open(&w, log_path, &o, &rep, err, sizeof(err)))
		return -1;
	a = xt_attr_new(XT_ATTR_WINDOW_DEF);	/* the builders add to it */
	h = dhdr(XTRAIL_REC_CLOCK, SEC, &len);
	h->domid = 0;
	((struct xtrail_clock *)(h + 1))->realtime_ns =
		xt_cpu64(CLOCK_REAL * SEC);
	wadd(len);
	h = dhdr(XTRAIL_REC_VM_IDENTITY, 2 * SEC, &len);
	v = (struct xtrail_vm_identity *)(h + 1);
	memset(v->uuid, 0xab, 16);
	memcpy(v->name, "web1", 4);
	wadd(len);
	dhdr(XTRAIL_REC_CONNECT, 2 * SEC, &len);
	wadd(len);
	len = build_exec(&r, MSMTP_FN, strlen(MSMTP_FN), 0, msmtp_argv,
			 sizeof(msmtp_argv), 0, 0, 3);
	ghdr(3 * SEC, 321);
	wadd(len);
	return 0;
}

static int cli_teardown(void **state)
{
	char cmd[128];

	xt_attr_free(a);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) ? -1 : 0;
}

/* The record just built by add_flow()/add_net() also goes to the log. */
static void wlast(void)
{
	wadd(xt_le32(hdr_of(&r)->len));
}

/* Run xtrail attribute on the log with @args: its exit status. */
static int run_attribute(const char *args)
{
	char cmd[512];
	int st;

	snprintf(cmd, sizeof(cmd),
		 "%s attribute %s %s >%s/out 2>%s/err", XTRAIL, args,
		 log_path, dir, dir);
	st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static const char *out_text(void)
{
	char p[128];

	snprintf(p, sizeof(p), "%s/out", dir);
	return slurp(p);
}

static const char *err_text(void)
{
	char p[128];

	snprintf(p, sizeof(p), "%s/err", dir);
	return slurp(p);
}

#define LINE1 \
	"2026-11-21T18:40:40.000000000Z domid 5 vm \"web1\" " \
	"abababab-abab-abab-abab-abababababab tcp 192.0.2.10:40000 -> " \
	"198.51.100.25:25 attributed pid 321 tgid 321 uid 1000 loginuid " \
	"1000 ses 4 comm \"msmtp\" exe \"/usr/sbin/sendmail\" argv " \
	"\"sendmail\" \"-t\" \"-i\" (connect +0.003s)\n"
#define LINE2 \
	"2026-11-21T18:40:50.000000000Z domid 5 vm \"web1\" " \
	"abababab-abab-abab-abab-abababababab tcp 192.0.2.10:40001 -> " \
	"198.51.100.25:25 unattributed no guest record of it: its logger " \
	"was unloaded, silenced, filtered or lied\n"
#define LINE3 \
	"2026-11-21T18:41:00.000000000Z domid 9 udp 192.0.2.11:5353 -> " \
	"198.51.100.25:53 unknown the guest's trail has a hole then " \
	"(disconnected)\n"

static void cli_log(void)
{
	struct xtrail_rec_hdr *h;

	add_flow(T0, 1, 1, TCP, GUEST, 40000, SMTP, 25);
	wlast();
	add_net(T0 + 3000000, 321, XTRAIL_NET_CONNECT, TCP, GUEST, 40000,
		SMTP, 25);
	wlast();
	add_flow(T0 + 10 * SEC, 2, 1, TCP, GUEST, 40001, SMTP, 25);
	wlast();
	add_flow(T0 + 20 * SEC, 3, 1, UDP, GUEST, 5353, SMTP, 53);
	h = hdr_of(&r);
	h->domid = xt_cpu16(9);
	((struct xtrail_flow *)(h + 1))->saddr[3] = 11;
	wlast();
	assert_int_equal(xt_f3_writer_close(&w), 0);
}

/* The lines, exactly; exit status 2 for the unattributed flow. */
static void t_cli_text(void **state)
{
	cli_log();
	assert_int_equal(run_attribute(""), 2);
	assert_string_equal(out_text(), LINE1 LINE2 LINE3);
	assert_contains(err_text(),
			"3 flows: 1 attributed, 1 unattributed, 1 unknown, 0 inbound");
	/* the filters choose what is shown, and the status follows */
	assert_int_equal(run_attribute("--domid 9"), 0);
	assert_string_equal(out_text(), LINE3);
	assert_int_equal(run_attribute("--vm web1"), 2);
	assert_string_equal(out_text(), LINE1 LINE2);
	assert_int_equal(run_attribute("--vm ABABABAB-ABAB-ABAB-ABAB-ABABABABABAB"),
			 2);
	assert_string_equal(out_text(), LINE1 LINE2);
	assert_int_equal(run_attribute("--vm web2"), 0);
	assert_string_equal(out_text(), "");
	/* a window too short for the connect's 3 ms */
	assert_int_equal(run_attribute("--window 0.002 --domid 5"), 2);
	assert_contains(out_text(), "40000 -> 198.51.100.25:25 unattributed");
	assert_int_equal(run_attribute("--window x"), 1);
	assert_contains(err_text(), "bad window 'x'");
}

static void t_cli_json(void **state)
{
	struct json_object *o, *v;
	const char *s;

	cli_log();
	assert_int_equal(run_attribute("--json --domid 5"), 2);
	s = out_text();
	o = json_tokener_parse(s);	/* the first line */
	assert_non_null(o);
	assert_true(json_object_object_get_ex(o, "verdict", &v));
	assert_string_equal(json_object_get_string(v), "attributed");
	assert_true(json_object_object_get_ex(o, "argv", &v));
	assert_string_equal(json_object_to_json_string_ext(v,
			    JSON_C_TO_STRING_PLAIN),
			    "[\"sendmail\",\"-t\",\"-i\"]");
	assert_true(json_object_object_get_ex(o, "uid", &v));
	assert_int_equal(json_object_get_int(v), 1000);
	assert_true(json_object_object_get_ex(o, "vm_name", &v));
	assert_string_equal(json_object_get_string(v), "web1");
	assert_true(json_object_object_get_ex(o, "dst", &v));
	assert_string_equal(json_object_get_string(v), "198.51.100.25:25");
	json_object_put(o);
	assert_contains(s, "\"verdict\":\"unattributed\"");
}

/* A hostile program name and argv reach the line escaped. */
static void t_cli_hostile(void **state)
{
	static const char argv[] = H_ESC "\0" H_FORGE "\0" H_BIDI;
	uint32_t len;

	len = build_exec(&r, "/x", 2, 0, argv, sizeof(argv), 0, 0, 3);
	ghdr(4 * SEC, 500);
	memcpy(hdr_of(&r)->comm, "\x1b]0;x\x07\r\n", 8);
	wadd(len);
	add_flow(T0, 1, 1, TCP, GUEST, 40000, SMTP, 25);
	wlast();
	add_net(T0, 500, XTRAIL_NET_CONNECT, TCP, GUEST, 40000, SMTP, 25);
	memcpy(hdr_of(&r)->comm, "\x1b]0;x\x07\r\n", 8);
	wlast();
	assert_int_equal(xt_f3_writer_close(&w), 0);
	assert_int_equal(run_attribute(""), 0);
	assert_safe(out_text(), "\n");
	assert_contains(out_text(), "comm \"\\x1b]0;x\\x07\\r\\n\"");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(t_attributed, setup, teardown),
		cmocka_unit_test_setup_teardown(t_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(t_bytes_over, setup, teardown),
		cmocka_unit_test_setup_teardown(t_bytes_under, setup, teardown),
		cmocka_unit_test_setup_teardown(t_bytes_open, setup, teardown),
		cmocka_unit_test_setup_teardown(t_bytes_none, setup, teardown),
		cmocka_unit_test(t_bytes_rule),
		cmocka_unit_test_setup_teardown(t_unattributed, setup, teardown),
		cmocka_unit_test_setup_teardown(t_window_edge, setup, teardown),
		cmocka_unit_test_setup_teardown(t_recv_clock, setup, teardown),
		cmocka_unit_test_setup_teardown(t_clock_xen, setup, teardown),
		cmocka_unit_test_setup_teardown(t_local_wildcard, setup,
						teardown),
		cmocka_unit_test_setup_teardown(t_reused_port, setup, teardown),
		cmocka_unit_test_setup_teardown(t_udp, setup, teardown),
		cmocka_unit_test_setup_teardown(t_lost, setup, teardown),
		cmocka_unit_test_setup_teardown(t_dom0_holes, setup, teardown),
		cmocka_unit_test_setup_teardown(t_never_connected, setup,
						teardown),
		cmocka_unit_test_setup_teardown(t_inbound, setup, teardown),
		cmocka_unit_test_setup_teardown(t_fork_exec, setup, teardown),
		cmocka_unit_test_setup_teardown(t_fork_self, setup, teardown),
		cmocka_unit_test_setup_teardown(t_exec_before_fork, setup,
						teardown),
		cmocka_unit_test_setup_teardown(t_domid_reuse, setup, teardown),
		cmocka_unit_test_setup_teardown(t_garbage, setup, teardown),
		cmocka_unit_test_setup_teardown(t_cli_text, cli_setup,
						cli_teardown),
		cmocka_unit_test_setup_teardown(t_cli_json, cli_setup,
						cli_teardown),
		cmocka_unit_test_setup_teardown(t_cli_hostile, cli_setup,
						cli_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
