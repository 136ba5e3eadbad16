// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for dom0's per-guest flow table (dom0-module/flowtable.c,
 * compiled in): a flow found from both directions, the cap and the count
 * of flows it turns away, idle expiry and periodic updates, TCP's end (RST,
 * FIN both ways, the linger, a SYN that reuses a closed 5-tuple), flush
 * and a new store. The emit function keeps the events in an array.
 */
#include "kunit_oot.h"
#include <linux/in.h>
#include <linux/socket.h>
#include <linux/string.h>

#include "../../dom0-module/flowtable.c"

#define FT_EV_MAX 16
#define FT_SEC 1000000000ULL

static struct {
	unsigned int n;
	u32 event[FT_EV_MAX];
	struct xtrail_flow_entry e[FT_EV_MAX];
} ft_sink;

static void ft_emit(void *ctx, u32 event, const struct xtrail_flow_entry *e)
{
	if (ft_sink.n < FT_EV_MAX) {
		ft_sink.event[ft_sink.n] = event;
		ft_sink.e[ft_sink.n] = *e;
	}
	ft_sink.n++;
}

static const struct xtrail_ft_times ft_times = {
	.idle_ns = 30 * FT_SEC,
	.update_ns = 60 * FT_SEC,
	.linger_ns = FT_SEC,
};

/* A table of @cap flows, sink emptied. */
static void ft_setup(struct kunit *test, struct xtrail_flowtable *t, u32 cap)
{
	struct xtrail_ft_store s;

	memset(&ft_sink, 0, sizeof(ft_sink));
	KUNIT_ASSERT_EQ(test, xtrail_ft_store_alloc(&s, cap), 0);
	xtrail_ft_init(t, &s, 1234);
}

/* A packet 10.0.0.@a:@sp -> 10.0.0.@b:@dp of @bytes. */
static struct xtrail_flow_pkt ft_pkt(u8 proto, u8 a, u16 sp, u8 b, u16 dp,
				     u8 flags, u32 bytes, bool from_guest)
{
	struct xtrail_flow_pkt p = {};

	p.key.family = AF_INET;
	p.key.protocol = proto;
	p.key.saddr[0] = 10;
	p.key.saddr[3] = a;
	p.key.daddr[0] = 10;
	p.key.daddr[3] = b;
	p.key.sport = sp;
	p.key.dport = dp;
	p.tcp_flags = flags;
	p.bytes = bytes;
	p.pkts = 1;
	p.from_guest = from_guest;
	return p;
}

static void ft_send(struct xtrail_flowtable *t, struct xtrail_flow_pkt p,
		    u64 now)
{
	xtrail_ft_packet(t, &p, now, ft_emit, NULL);
}

/* One flow from both directions: START once, counts per direction. */
static void xt_ft_both_ways_test(struct kunit *test)
{
	struct xtrail_flowtable t;

	ft_setup(test, &t, 16);
	ft_send(&t, ft_pkt(IPPROTO_UDP, 2, 4000, 1, 53, 0, 60, true), 10);
	KUNIT_EXPECT_EQ(test, ft_sink.n, 1u);
	KUNIT_EXPECT_EQ(test, ft_sink.event[0], (u32)XTRAIL_FLOW_START);
	KUNIT_EXPECT_EQ(test, ft_sink.e[0].id, 1ull);
	KUNIT_EXPECT_EQ(test, ft_sink.e[0].from_guest, 1);
	KUNIT_EXPECT_EQ(test, ft_sink.e[0].pkts[0], 1ull);
	KUNIT_EXPECT_EQ(test, ft_sink.e[0].bytes[0], 60ull);
	ft_send(&t, ft_pkt(IPPROTO_UDP, 1, 53, 2, 4000, 0, 100, false), 20);
	ft_send(&t, ft_pkt(IPPROTO_UDP, 1, 53, 2, 4000, 0, 100, false), 30);
	ft_send(&t, ft_pkt(IPPROTO_UDP, 2, 4000, 1, 53, 0, 70, true), 40);
	KUNIT_EXPECT_EQ(test, ft_sink.n, 1u);
	KUNIT_EXPECT_EQ(test, t.in_use, 1u);
	/* Another port is another flow; so is another vif. */
	ft_send(&t, ft_pkt(IPPROTO_UDP, 2, 4001, 1, 53, 0, 60, true), 50);
	KUNIT_EXPECT_EQ(test, ft_sink.e[1].id, 2ull);
	KUNIT_EXPECT_EQ(test, t.in_use, 2u);
	xtrail_ft_flush(&t, ft_emit, NULL);
	KUNIT_EXPECT_EQ(test, ft_sink.n, 4u);
	KUNIT_EXPECT_EQ(test, t.in_use, 0u);
	/* The pool's order: entry 1 then 0 (free list is a stack). */
	KUNIT_EXPECT_EQ(test, ft_sink.event[2], (u32)XTRAIL_FLOW_FLUSH);
	KUNIT_EXPECT_EQ(test, ft_sink.event[3], (u32)XTRAIL_FLOW_FLUSH);
	KUNIT_EXPECT_EQ(test, ft_sink.e[2].id + ft_sink.e[3].id, 3ull);
	if (ft_sink.e[2].id == 1) {
		KUNIT_EXPECT_EQ(test, ft_sink.e[2].pkts[0], 2ull);
		KUNIT_EXPECT_EQ(test, ft_sink.e[2].bytes[0], 130ull);
		KUNIT_EXPECT_EQ(test, ft_sink.e[2].pkts[1], 2ull);
		KUNIT_EXPECT_EQ(test, ft_sink.e[2].bytes[1], 200ull);
		KUNIT_EXPECT_EQ(test, ft_sink.e[2].first_ns, 10ull);
		KUNIT_EXPECT_EQ(test, ft_sink.e[2].last_ns, 40ull);
	} else {
		KUNIT_EXPECT_EQ(test, ft_sink.e[3].pkts[0], 2ull);
		KUNIT_EXPECT_EQ(test, ft_sink.e[3].bytes[1], 200ull);
	}
	xtrail_ft_store_free(&t.s);
}

/* The vif is part of the flow: the same 5-tuple on two vifs, two flows. */
static void xt_ft_vif_test(struct kunit *test)
{
	struct xtrail_flowtable t;
	struct xtrail_flow_pkt p;

	ft_setup(test, &t, 16);
	p = ft_pkt(IPPROTO_UDP, 2, 4000, 1, 53, 0, 60, true);
	xtrail_ft_packet(&t, &p, 1, ft_emit, NULL);
	p.vif = 1;
	xtrail_ft_packet(&t, &p, 2, ft_emit, NULL);
	KUNIT_EXPECT_EQ(test, ft_sink.n, 2u);
	KUNIT_EXPECT_EQ(test, t.in_use, 2u);
	xtrail_ft_store_free(&t.s);
}

/* The cap holds; what it turns away is counted, exactly. */
static void xt_ft_cap_test(struct kunit *test)
{
	struct xtrail_flowtable t;
	u64 count, pkts, first, last;
	u16 port;

	ft_setup(test, &t, 4);
	KUNIT_EXPECT_EQ(test, t.s.cap, 4u);
	KUNIT_EXPECT_EQ(test, t.s.mask, 3u);
	for (port = 1; port <= 10; port++)
		ft_send(&t, ft_pkt(IPPROTO_UDP, 2, 5000, 1, port, 0, 30,
				   true), port * 100);
	KUNIT_EXPECT_EQ(test, ft_sink.n, 4u);
	KUNIT_EXPECT_EQ(test, t.in_use, 4u);
	/* A flow already tracked still counts. */
	ft_send(&t, ft_pkt(IPPROTO_UDP, 1, 1, 2, 5000, 0, 30, false), 2000);
	KUNIT_EXPECT_EQ(test, ft_sink.n, 4u);
	/* TCP: a SYN is a lost flow, a RST only a lost packet. */
	ft_send(&t, ft_pkt(IPPROTO_TCP, 2, 5000, 1, 25, 0x02, 60, true), 3000);
	ft_send(&t, ft_pkt(IPPROTO_TCP, 1, 25, 2, 5000, 0x14, 40, false),
		3001);
	KUNIT_ASSERT_TRUE(test, xtrail_ft_lost_take(&t, &count, &pkts, &first,
						    &last));
	KUNIT_EXPECT_EQ(test, count, 7ull);
	KUNIT_EXPECT_EQ(test, pkts, 8ull);
	KUNIT_EXPECT_EQ(test, first, 500ull);
	KUNIT_EXPECT_EQ(test, last, 3000ull);
	KUNIT_EXPECT_EQ(test, t.lost_total, 7ull);
	KUNIT_EXPECT_FALSE(test, xtrail_ft_lost_take(&t, &count, &pkts,
						     &first, &last));
	ft_send(&t, ft_pkt(IPPROTO_UDP, 2, 5000, 1, 99, 0, 30, true), 4000);
	KUNIT_ASSERT_TRUE(test, xtrail_ft_lost_take(&t, &count, &pkts, &first,
						    &last));
	KUNIT_EXPECT_EQ(test, count, 1ull);
	KUNIT_EXPECT_EQ(test, t.lost_total, 8ull);
	xtrail_ft_store_free(&t.s);
}

/* Idle flows go (IDLE) at the idle time, long ones are reported (UPDATE). */
static void xt_ft_idle_update_test(struct kunit *test)
{
	struct xtrail_flowtable t;
	u64 s;

	ft_setup(test, &t, 8);
	ft_send(&t, ft_pkt(IPPROTO_UDP, 2, 4000, 1, 53, 0, 60, true), FT_SEC);
	ft_send(&t, ft_pkt(IPPROTO_UDP, 2, 4001, 1, 53, 0, 60, true), FT_SEC);
	xtrail_ft_sweep(&t, &ft_times, 31 * FT_SEC - 1, ft_emit, NULL);
	KUNIT_EXPECT_EQ(test, ft_sink.n, 2u);
	/* The second one stays busy: a packet every 10 s. */
	for (s = 11; s <= 61; s += 10)
		ft_send(&t, ft_pkt(IPPROTO_UDP, 1, 53, 2, 4001, 0, 60, false),
			s * FT_SEC);
	xtrail_ft_sweep(&t, &ft_times, 31 * FT_SEC, ft_emit, NULL);
	KUNIT_ASSERT_EQ(test, ft_sink.n, 3u);
	KUNIT_EXPECT_EQ(test, ft_sink.event[2], (u32)XTRAIL_FLOW_IDLE);
	KUNIT_EXPECT_EQ(test, ft_sink.e[2].id, 1ull);
	KUNIT_EXPECT_EQ(test, t.in_use, 1u);
	xtrail_ft_sweep(&t, &ft_times, 61 * FT_SEC, ft_emit, NULL);
	KUNIT_ASSERT_EQ(test, ft_sink.n, 4u);
	KUNIT_EXPECT_EQ(test, ft_sink.event[3], (u32)XTRAIL_FLOW_UPDATE);
	KUNIT_EXPECT_EQ(test, ft_sink.e[3].id, 2ull);
	KUNIT_EXPECT_EQ(test, ft_sink.e[3].pkts[1], 6ull);
	/* Not again before another update period. */
	xtrail_ft_sweep(&t, &ft_times, 62 * FT_SEC, ft_emit, NULL);
	KUNIT_EXPECT_EQ(test, ft_sink.n, 4u);
	xtrail_ft_store_free(&t.s);
}

/* TCP: FIN both ways closes; END after the linger, last ACK counted. */
static void xt_ft_tcp_fin_test(struct kunit *test)
{
	struct xtrail_flowtable t;

	ft_setup(test, &t, 8);
	ft_send(&t, ft_pkt(IPPROTO_TCP, 2, 40000, 1, 25, 0x02, 60, true), 1);
	ft_send(&t, ft_pkt(IPPROTO_TCP, 1, 25, 2, 40000, 0x12, 60, false), 2);
	ft_send(&t, ft_pkt(IPPROTO_TCP, 2, 40000, 1, 25, 0x10, 52, true), 3);
	ft_send(&t, ft_pkt(IPPROTO_TCP, 2, 40000, 1, 25, 0x11, 52, true), 4);
	KUNIT_EXPECT_EQ(test, t.s.pool[0].state + t.s.pool[7].state,
			(u8)XTRAIL_FE_OPEN);
	ft_send(&t, ft_pkt(IPPROTO_TCP, 1, 25, 2, 40000, 0x11, 52, false), 5);
	ft_send(&t, ft_pkt(IPPROTO_TCP, 2, 40000, 1, 25, 0x10, 52, true), 6);
	xtrail_ft_sweep(&t, &ft_times, 6 + FT_SEC - 1, ft_emit, NULL);
	KUNIT_EXPECT_EQ(test, ft_sink.n, 1u);
	xtrail_ft_sweep(&t, &ft_times, 6 + FT_SEC, ft_emit, NULL);
	KUNIT_ASSERT_EQ(test, ft_sink.n, 2u);
	KUNIT_EXPECT_EQ(test, ft_sink.event[1], (u32)XTRAIL_FLOW_END);
	KUNIT_EXPECT_EQ(test, ft_sink.e[1].pkts[0], 4ull);
	KUNIT_EXPECT_EQ(test, ft_sink.e[1].bytes[0], 216ull);
	KUNIT_EXPECT_EQ(test, ft_sink.e[1].pkts[1], 2ull);
	KUNIT_EXPECT_EQ(test, ft_sink.e[1].bytes[1], 112ull);
	KUNIT_EXPECT_EQ(test, ft_sink.e[1].tcp[0], (u8)0x13);
	KUNIT_EXPECT_EQ(test, ft_sink.e[1].tcp[1], (u8)0x13);
	KUNIT_EXPECT_EQ(test, ft_sink.e[1].key.dport, (u16)25);
	KUNIT_EXPECT_EQ(test, t.in_use, 0u);
	xtrail_ft_store_free(&t.s);
}

/* TCP: a RST closes; a new SYN on a closed 5-tuple is a new flow. */
static void xt_ft_tcp_rst_test(struct kunit *test)
{
	struct xtrail_flowtable t;

	ft_setup(test, &t, 8);
	ft_send(&t, ft_pkt(IPPROTO_TCP, 2, 40000, 1, 7, 0x02, 60, true), 1);
	ft_send(&t, ft_pkt(IPPROTO_TCP, 1, 7, 2, 40000, 0x14, 40, false), 2);
	ft_send(&t, ft_pkt(IPPROTO_TCP, 2, 40000, 1, 7, 0x02, 60, true), 3);
	KUNIT_ASSERT_EQ(test, ft_sink.n, 3u);
	KUNIT_EXPECT_EQ(test, ft_sink.event[1], (u32)XTRAIL_FLOW_END);
	KUNIT_EXPECT_EQ(test, ft_sink.e[1].pkts[0], 1ull);
	KUNIT_EXPECT_EQ(test, ft_sink.e[1].bytes[0], 60ull);
	KUNIT_EXPECT_EQ(test, ft_sink.e[1].pkts[1], 1ull);
	KUNIT_EXPECT_EQ(test, ft_sink.e[1].bytes[1], 40ull);
	KUNIT_EXPECT_EQ(test, ft_sink.event[2], (u32)XTRAIL_FLOW_START);
	KUNIT_EXPECT_EQ(test, ft_sink.e[2].id, 2ull);
	KUNIT_EXPECT_EQ(test, t.in_use, 1u);
	xtrail_ft_store_free(&t.s);
}

/* A new store: the flows FLUSH, numbers go on, the new cap holds. */
static void xt_ft_swap_test(struct kunit *test)
{
	struct xtrail_flowtable t;
	struct xtrail_ft_store s;
	u16 port;

	ft_setup(test, &t, 8);
	for (port = 1; port <= 3; port++)
		ft_send(&t, ft_pkt(IPPROTO_UDP, 2, 5000, 1, port, 0, 30,
				   true), port);
	KUNIT_ASSERT_EQ(test, xtrail_ft_store_alloc(&s, 2), 0);
	xtrail_ft_swap(&t, &s, ft_emit, NULL);
	KUNIT_EXPECT_EQ(test, s.cap, 8u);
	xtrail_ft_store_free(&s);
	KUNIT_EXPECT_EQ(test, ft_sink.n, 6u);
	KUNIT_EXPECT_EQ(test, ft_sink.event[5], (u32)XTRAIL_FLOW_FLUSH);
	KUNIT_EXPECT_EQ(test, t.in_use, 0u);
	for (port = 1; port <= 3; port++)
		ft_send(&t, ft_pkt(IPPROTO_UDP, 2, 5000, 1, port, 0, 30,
				   true), 10 + port);
	KUNIT_EXPECT_EQ(test, ft_sink.n, 8u);
	KUNIT_EXPECT_EQ(test, ft_sink.e[7].id, 5ull);
	KUNIT_EXPECT_EQ(test, t.in_use, 2u);
	KUNIT_EXPECT_EQ(test, t.lost_total, 1ull);
	xtrail_ft_store_free(&t.s);
}

static struct kunit_case xt_flowtable_cases[] = {
	KUNIT_CASE(xt_ft_both_ways_test),
	KUNIT_CASE(xt_ft_vif_test),
	KUNIT_CASE(xt_ft_cap_test),
	KUNIT_CASE(xt_ft_idle_update_test),
	KUNIT_CASE(xt_ft_tcp_fin_test),
	KUNIT_CASE(xt_ft_tcp_rst_test),
	KUNIT_CASE(xt_ft_swap_test),
	{}
};

static struct kunit_suite xt_flowtable_suite = {
	.name = "xtrail_flowtable",
	.test_cases = xt_flowtable_cases,
};

xtrail_kunit_test_suites(&xt_flowtable_suite);
