// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for dom0's evidence (dom0-module/evidence.c, compiled in):
 * the sequence-gap rule over records as the consumer hands them over
 * (continuous numbers, LOST ranges, records offered twice, reconnects and
 * a guest that starts over), the heartbeat watch, and the records both
 * produce. The merge is replaced by a stub, given at connect, that keeps
 * the last records pushed.
 */
#include "kunit_oot.h"
#include <linux/string.h>

#include "../../dom0-module/evidence.c"

/* control.c's logged parameter ops, plain here (nothing is logged). */
const struct kernel_param_ops xtrail_param_ops_uint = {
	.set = param_set_uint,
	.get = param_get_uint,
};

#define EV_MAX 8

static struct {
	unsigned int n;
	u8 rec[EV_MAX][sizeof(struct xtrail_rec_hdr) + 32];
	bool spare[EV_MAX];
} ev_sink;

/* Stands in for the merge: keep what evidence.c pushes, length set. */
static int ev_push(struct xtrail_evidence *ev, void *rec, u32 len, bool spare)
{
	((struct xtrail_rec_hdr *)rec)->len = cpu_to_le32(len);
	if (ev_sink.n < EV_MAX && len <= sizeof(ev_sink.rec[0])) {
		ev_sink.spare[ev_sink.n] = spare;
		memcpy(ev_sink.rec[ev_sink.n++], rec, len);
	}
	return 0;
}

static u8 ev_buf[sizeof(struct xtrail_rec_hdr) + sizeof(struct xtrail_lost)];

static const void *ev_rec(u16 type, u64 seq)
{
	struct xtrail_rec_hdr *h = (void *)ev_buf;

	memset(ev_buf, 0, sizeof(ev_buf));
	h->type = cpu_to_le16(type);
	h->seq = cpu_to_le64(seq);
	return ev_buf;
}

static const void *ev_lost(u64 seq, u64 first, u64 last)
{
	struct xtrail_lost *l = (void *)(ev_buf + sizeof(struct xtrail_rec_hdr));

	ev_rec(XTRAIL_REC_LOST, seq);
	l->count = cpu_to_le64(last - first + 1);
	l->first_seq = cpu_to_le64(first);
	l->last_seq = cpu_to_le64(last);
	return ev_buf;
}

/* Check and take @rec; returns the breaks found. */
static unsigned int ev_take(struct xtrail_seq_state *s, const void *rec,
			    struct xtrail_gap *g)
{
	unsigned int n = xtrail_seq_check(s, rec, g);

	xtrail_seq_taken(s, rec);
	return n;
}

static void xt_seq_continuous_test(struct kunit *test)
{
	struct xtrail_seq_state s = {};
	struct xtrail_gap g[XTRAIL_SEQ_GAPS_MAX];
	u64 i;

	/* The first record of a connection sets the start, whatever it is. */
	KUNIT_EXPECT_EQ(test, ev_take(&s, ev_rec(XTRAIL_REC_EXEC, 1000), g), 0u);
	for (i = 1001; i < 1100; i++)
		KUNIT_EXPECT_EQ(test,
				ev_take(&s, ev_rec(XTRAIL_REC_FORK, i), g), 0u);
	/* A LOST record covering exactly the numbers skipped is no gap. */
	KUNIT_EXPECT_EQ(test, ev_take(&s, ev_lost(1105, 1100, 1104), g), 0u);
	KUNIT_EXPECT_EQ(test, ev_take(&s, ev_rec(XTRAIL_REC_EXEC, 1106), g), 0u);
	/* ... also as a connection's first record */
	memset(&s, 0, sizeof(s));
	KUNIT_EXPECT_EQ(test, ev_take(&s, ev_lost(7, 0, 6), g), 0u);
	KUNIT_EXPECT_EQ(test, ev_take(&s, ev_rec(XTRAIL_REC_EXEC, 8), g), 0u);
}

static void xt_seq_gap_test(struct kunit *test)
{
	struct xtrail_seq_state s = {};
	struct xtrail_gap g[XTRAIL_SEQ_GAPS_MAX];

	ev_take(&s, ev_rec(XTRAIL_REC_EXEC, 10), g);
	/* 11..15 skipped, no LOST record */
	KUNIT_ASSERT_EQ(test, ev_take(&s, ev_rec(XTRAIL_REC_EXEC, 16), g), 1u);
	KUNIT_EXPECT_EQ(test, g[0].kind, (u32)XTRAIL_GAP_MISSING);
	KUNIT_EXPECT_EQ(test, g[0].expected, 11ull);
	KUNIT_EXPECT_EQ(test, g[0].got, 16ull);
	/* the rule continues from the record that broke it */
	KUNIT_EXPECT_EQ(test, ev_take(&s, ev_rec(XTRAIL_REC_EXEC, 17), g), 0u);
	/* backwards: a replay of 12 */
	KUNIT_ASSERT_EQ(test, ev_take(&s, ev_rec(XTRAIL_REC_EXEC, 12), g), 1u);
	KUNIT_EXPECT_EQ(test, g[0].kind, (u32)XTRAIL_GAP_BACKWARDS);
	KUNIT_EXPECT_EQ(test, g[0].expected, 18ull);
	KUNIT_EXPECT_EQ(test, g[0].got, 12ull);
	/* the same number twice is backwards too */
	KUNIT_EXPECT_EQ(test, ev_take(&s, ev_rec(XTRAIL_REC_EXEC, 12), g), 1u);
	KUNIT_EXPECT_EQ(test, g[0].kind, (u32)XTRAIL_GAP_BACKWARDS);
}

static void xt_seq_lost_gap_test(struct kunit *test)
{
	struct xtrail_seq_state s = {};
	struct xtrail_gap g[XTRAIL_SEQ_GAPS_MAX];

	ev_take(&s, ev_rec(XTRAIL_REC_EXEC, 10), g);
	/* LOST covers 14..19, but 11..13 vanished before it */
	KUNIT_ASSERT_EQ(test, ev_take(&s, ev_lost(20, 14, 19), g), 1u);
	KUNIT_EXPECT_EQ(test, g[0].kind, (u32)XTRAIL_GAP_MISSING);
	KUNIT_EXPECT_EQ(test, g[0].expected, 11ull);
	KUNIT_EXPECT_EQ(test, g[0].got, 14ull);
	/* LOST covers 21..22, then numbers itself 30: 23..29 vanished */
	KUNIT_ASSERT_EQ(test, ev_take(&s, ev_lost(30, 21, 22), g), 1u);
	KUNIT_EXPECT_EQ(test, g[0].expected, 23ull);
	KUNIT_EXPECT_EQ(test, g[0].got, 30ull);
	/* both at once */
	KUNIT_ASSERT_EQ(test, ev_take(&s, ev_lost(50, 40, 45), g), 2u);
	KUNIT_EXPECT_EQ(test, g[0].expected, 31ull);
	KUNIT_EXPECT_EQ(test, g[0].got, 40ull);
	KUNIT_EXPECT_EQ(test, g[1].expected, 46ull);
	KUNIT_EXPECT_EQ(test, g[1].got, 50ull);
	KUNIT_EXPECT_EQ(test, ev_take(&s, ev_rec(XTRAIL_REC_EXEC, 51), g), 0u);
}

/* The queue was full: the same record is offered until it is taken. */
static void xt_seq_offered_again_test(struct kunit *test)
{
	struct xtrail_seq_state s = {};
	struct xtrail_gap g[XTRAIL_SEQ_GAPS_MAX];

	ev_take(&s, ev_rec(XTRAIL_REC_EXEC, 1), g);
	KUNIT_EXPECT_EQ(test, xtrail_seq_check(&s, ev_rec(XTRAIL_REC_EXEC, 5),
					       g), 1u);
	KUNIT_EXPECT_EQ(test, xtrail_seq_check(&s, ev_rec(XTRAIL_REC_EXEC, 5),
					       g), 0u);
	xtrail_seq_taken(&s, ev_rec(XTRAIL_REC_EXEC, 5));
	KUNIT_EXPECT_EQ(test, ev_take(&s, ev_rec(XTRAIL_REC_EXEC, 6), g), 0u);
	/* a LOST record offered twice */
	KUNIT_EXPECT_EQ(test, xtrail_seq_check(&s, ev_lost(9, 7, 8), g), 0u);
	KUNIT_EXPECT_EQ(test, xtrail_seq_check(&s, ev_lost(9, 7, 8), g), 0u);
	KUNIT_EXPECT_EQ(test, ev_take(&s, ev_lost(9, 7, 8), g), 0u);
	KUNIT_EXPECT_EQ(test, ev_take(&s, ev_rec(XTRAIL_REC_EXEC, 10), g), 0u);
}

/* Through the backend's entry points: the SEQ_GAP records themselves. */
static struct xtrail_evidence ev;	/* too big for the stack */

static void xt_seq_gap_record_test(struct kunit *test)
{
	const struct xtrail_rec_hdr *h;
	const struct xtrail_seq_gap *g;

	memset(&ev_sink, 0, sizeof(ev_sink));
	memset(&ev, 0, sizeof(ev));
	xtrail_evidence_connect(&ev, 9, ev_push);
	xtrail_evidence_record(&ev, 1, ev_rec(XTRAIL_REC_EXEC, 3));
	xtrail_evidence_taken(&ev, 1, ev_buf);
	KUNIT_EXPECT_EQ(test, ev_sink.n, 0u);
	xtrail_evidence_record(&ev, 1, ev_rec(XTRAIL_REC_EXEC, 104));
	/* not taken (queue full), offered again: one record only */
	xtrail_evidence_record(&ev, 1, ev_rec(XTRAIL_REC_EXEC, 104));
	xtrail_evidence_taken(&ev, 1, ev_buf);
	KUNIT_ASSERT_EQ(test, ev_sink.n, 1u);
	h = (const void *)ev_sink.rec[0];
	g = (const void *)(h + 1);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(h->type), (u16)XTRAIL_REC_SEQ_GAP);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(h->domid), (u16)9);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(g->ring), 1u);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(g->kind), (u32)XTRAIL_GAP_MISSING);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(g->expected), 4ull);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(g->got), 104ull);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(g->missing), 100ull);
	/* The guest can cause these at will: they leave the reserve alone. */
	KUNIT_EXPECT_TRUE(test, ev_sink.spare[0]);
	KUNIT_EXPECT_EQ(test, xtrail_rec_check(ev_sink.rec[0],
					       sizeof(*h) + sizeof(*g), 0),
			XTRAIL_OK);
}

/* Offer and take @rec from ring @ring through the backend's entry points. */
static void ev_deliver(u16 ring, const void *rec)
{
	xtrail_evidence_record(&ev, ring, rec);
	xtrail_evidence_taken(&ev, ring, rec);
}

/*
 * Across reconnects the numbers go on (the guest reports what dom0 did not
 * take as lost), per ring; only a guest that starts over at 0 (its module
 * loaded again) begins a new sequence, and only with its first record.
 */
static void xt_seq_reconnect_test(struct kunit *test)
{
	const struct xtrail_seq_gap *g;

	memset(&ev_sink, 0, sizeof(ev_sink));
	memset(&ev, 0, sizeof(ev));
	xtrail_evidence_connect(&ev, 9, ev_push);
	ev_deliver(0, ev_rec(XTRAIL_REC_EXEC, 0));
	ev_deliver(1, ev_rec(XTRAIL_REC_EXEC, 0));
	ev_deliver(0, ev_rec(XTRAIL_REC_EXEC, 1));
	/* dom0 went away after record 1; the guest lost 2..4 */
	xtrail_evidence_connect(&ev, 9, ev_push);
	ev_deliver(0, ev_lost(5, 2, 4));
	ev_deliver(1, ev_rec(XTRAIL_REC_EXEC, 1));
	KUNIT_EXPECT_EQ(test, ev_sink.n, 0u);
	/* the next connection hides 6..7 */
	xtrail_evidence_connect(&ev, 9, ev_push);
	ev_deliver(0, ev_rec(XTRAIL_REC_EXEC, 8));
	KUNIT_ASSERT_EQ(test, ev_sink.n, 1u);
	g = (const void *)(ev_sink.rec[0] + sizeof(struct xtrail_rec_hdr));
	KUNIT_EXPECT_EQ(test, le32_to_cpu(g->ring), 0u);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(g->expected), 6ull);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(g->got), 8ull);
	/* after the first record of a connection, 0 is a break like any */
	ev_deliver(1, ev_rec(XTRAIL_REC_EXEC, 2));
	ev_deliver(1, ev_rec(XTRAIL_REC_EXEC, 0));
	KUNIT_ASSERT_EQ(test, ev_sink.n, 2u);
	g = (const void *)(ev_sink.rec[1] + sizeof(struct xtrail_rec_hdr));
	KUNIT_EXPECT_EQ(test, le32_to_cpu(g->kind), (u32)XTRAIL_GAP_BACKWARDS);
	/* the guest's module loaded again: a record 0, a LOST range from 0 */
	xtrail_evidence_connect(&ev, 9, ev_push);
	ev_deliver(0, ev_rec(XTRAIL_REC_EXEC, 0));
	ev_deliver(1, ev_lost(3, 0, 2));
	ev_deliver(0, ev_rec(XTRAIL_REC_EXEC, 1));
	ev_deliver(1, ev_rec(XTRAIL_REC_EXEC, 4));
	KUNIT_EXPECT_EQ(test, ev_sink.n, 2u);
	/* and again with no record between: the numbers go on */
	xtrail_evidence_connect(&ev, 9, ev_push);
	xtrail_evidence_connect(&ev, 9, ev_push);
	ev_deliver(0, ev_rec(XTRAIL_REC_EXEC, 2));
	KUNIT_EXPECT_EQ(test, ev_sink.n, 2u);
}

static void xt_hb_watch_test(struct kunit *test)
{
	struct xtrail_hb_watch w;
	u64 t = 1000 * NSEC_PER_SEC, silent = 0;

	xtrail_hb_start(&w, t, 10000);
	KUNIT_EXPECT_FALSE(test, xtrail_hb_seen(&w, t + NSEC_PER_SEC, 500,
						&silent));
	KUNIT_EXPECT_EQ(test, w.period_ms, 500u);
	t += NSEC_PER_SEC;
	/* 3 periods of 500 ms: 1.5 s is still fine, 1.6 s is not */
	KUNIT_EXPECT_FALSE(test, xtrail_hb_overdue(&w, t + 1500 * NSEC_PER_MSEC,
						   true, 3, &silent));
	KUNIT_EXPECT_TRUE(test, xtrail_hb_overdue(&w, t + 1600 * NSEC_PER_MSEC,
						  true, 3, &silent));
	KUNIT_EXPECT_EQ(test, silent, 1600 * NSEC_PER_MSEC);
	/* once per silence */
	KUNIT_EXPECT_FALSE(test, xtrail_hb_overdue(&w, t + 9 * NSEC_PER_SEC,
						   true, 3, &silent));
	KUNIT_EXPECT_TRUE(test, xtrail_hb_seen(&w, t + 10 * NSEC_PER_SEC, 500,
					       &silent));
	KUNIT_EXPECT_EQ(test, silent, 10 * NSEC_PER_SEC);
	KUNIT_EXPECT_FALSE(test, xtrail_hb_seen(&w, t + 11 * NSEC_PER_SEC, 500,
						&silent));
}

static void xt_hb_bounds_test(struct kunit *test)
{
	struct xtrail_hb_watch w;
	u64 t = NSEC_PER_SEC, silent = 0;

	xtrail_hb_start(&w, t, 500);
	/* dom0 could not drain (paused, queue full): the wait restarts */
	KUNIT_EXPECT_FALSE(test, xtrail_hb_overdue(&w, t + 5 * NSEC_PER_SEC,
						   false, 3, &silent));
	KUNIT_EXPECT_FALSE(test, xtrail_hb_overdue(&w, t + 6 * NSEC_PER_SEC,
						   true, 3, &silent));
	KUNIT_EXPECT_TRUE(test, xtrail_hb_overdue(&w, t + 7 * NSEC_PER_SEC,
						  true, 3, &silent));
	/* a guest announcing a huge period is held to dom0's maximum */
	xtrail_hb_seen(&w, t, 0xffffffff, &silent);
	KUNIT_EXPECT_EQ(test, w.period_ms, (u32)XTRAIL_HB_PERIOD_MAX);
	xtrail_hb_seen(&w, t, 0, &silent);
	KUNIT_EXPECT_EQ(test, w.period_ms, (u32)XTRAIL_HB_PERIOD_MIN);
	/* multiple 0: never */
	KUNIT_EXPECT_FALSE(test, xtrail_hb_overdue(&w, t + 3600 * NSEC_PER_SEC,
						   true, 0, &silent));
}

static struct kunit_case xt_evidence_cases[] = {
	KUNIT_CASE(xt_seq_continuous_test),
	KUNIT_CASE(xt_seq_gap_test),
	KUNIT_CASE(xt_seq_lost_gap_test),
	KUNIT_CASE(xt_seq_offered_again_test),
	KUNIT_CASE(xt_seq_gap_record_test),
	KUNIT_CASE(xt_seq_reconnect_test),
	KUNIT_CASE(xt_hb_watch_test),
	KUNIT_CASE(xt_hb_bounds_test),
	{}
};

static struct kunit_suite xt_evidence_suite = {
	.name = "xtrail_evidence",
	.test_cases = xt_evidence_cases,
};

xtrail_kunit_test_suites(&xt_evidence_suite);
