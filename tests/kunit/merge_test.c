// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for dom0's merge (dom0-module/merge.c, compiled in here):
 * timestamp order within the reordering window, the window bound with
 * silent sources, the per-source cap and fairness between a flooding and
 * a quiet source, the guests' share of their global cap, acknowledgement
 * and redelivery, batches, and (on the module's own stream) each guest's
 * quota for the records dom0 makes about it, with their losses reported. The tests drive the
 * clock themselves, far beyond the real one, so that the merge's own timer
 * never lets anything out behind their back.
 */
#include "kunit_oot.h"
#include <linux/slab.h>

#include "../../dom0-module/merge.c"

#define T_BASE		(1ull << 60)
#define T_MS		1000000ull
#define T_WINDOW	(100 * T_MS)
#define T_LEN		(sizeof(struct xtrail_rec_hdr) + 8)
#define T_COST		(sizeof(struct xtrail_mrec) + T_LEN)

static struct xtrail_merge *t_merge_batch(struct kunit *test, u64 cap,
					  bool xen, u64 batch)
{
	struct xtrail_merge *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, m);
	xtrail_merge_setup(m, T_WINDOW, batch, cap, xen);
	KUNIT_ASSERT_EQ(test, xtrail_merge_src_open(m, 1), 0);
	KUNIT_ASSERT_EQ(test, xtrail_merge_src_open(m, 2), 0);
	KUNIT_ASSERT_EQ(test, xtrail_merge_src_open(m, XTRAIL_MSRC_LOCAL), 0);
	return m;
}

static struct xtrail_merge *t_merge(struct kunit *test, u64 cap, bool xen)
{
	return t_merge_batch(test, cap, xen, 0);
}

static void t_done(struct xtrail_merge *m)
{
	xtrail_merge_teardown(m);
}

/* Push a record of @src with producer timestamp @ts (Xen time if @xen). */
static int t_push(struct xtrail_merge *m, u32 src, u64 seq, u64 ts, bool xen,
		  u64 now)
{
	u8 buf[T_LEN] __aligned(8) = {};
	struct xtrail_rec_hdr *h = (void *)buf;

	h->len = cpu_to_le32(T_LEN);
	h->type = cpu_to_le16(XTRAIL_REC_HEARTBEAT);
	h->flags = cpu_to_le16(xen ? XTRAIL_RF_TS_XEN : 0);
	h->domid = cpu_to_le16(src);
	h->seq = cpu_to_le64(seq);
	h->ts_ns = cpu_to_le64(ts);
	return xtrail_merge_push(m, src, buf, T_LEN, now);
}

/* Read what is out at @now; the records' (domid, seq) go to @ids. */
static int t_read(struct kunit *test, struct xtrail_merge *m, u64 now,
		  u32 *ids, int max)
{
	u8 *buf = kunit_kzalloc(test, 64 * T_LEN, GFP_KERNEL);
	ssize_t n;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	xtrail_merge_emit(m, now);
	n = xtrail_merge_read(m, NULL, 64 * T_LEN, buf);
	KUNIT_ASSERT_GE(test, n, 0);
	KUNIT_ASSERT_EQ(test, n % T_LEN, 0);
	for (i = 0; i < n / T_LEN && i < max; i++) {
		struct xtrail_rec_hdr *h = (void *)(buf + i * T_LEN);

		ids[i] = le16_to_cpu(h->domid) * 1000 + le64_to_cpu(h->seq);
	}
	return n / T_LEN;
}

/* Xen timestamps: a record that arrives later but happened earlier. */
static void merge_orders_within_window(struct kunit *test)
{
	struct xtrail_merge *m = t_merge(test, 1 << 20, true);
	u32 ids[8];

	/* Guest 1's event at +50 ms arrives at +60; guest 2's at +30 at +80. */
	KUNIT_EXPECT_EQ(test, t_push(m, 1, 7, T_BASE + 50 * T_MS, true,
				     T_BASE + 60 * T_MS), 0);
	KUNIT_EXPECT_EQ(test, t_push(m, 2, 9, T_BASE + 30 * T_MS, true,
				     T_BASE + 80 * T_MS), 0);
	/* Nothing matured before key + window. */
	KUNIT_EXPECT_EQ(test, t_read(test, m, T_BASE + 129 * T_MS, ids, 8), 0);
	KUNIT_EXPECT_EQ(test, t_read(test, m, T_BASE + 130 * T_MS, ids, 8), 1);
	KUNIT_EXPECT_EQ(test, ids[0], 2009u);
	KUNIT_EXPECT_EQ(test, xtrail_merge_read_seq(m), 1ull);
	KUNIT_EXPECT_EQ(test, t_read(test, m, T_BASE + 150 * T_MS, ids, 8), 1);
	KUNIT_EXPECT_EQ(test, ids[0], 1007u);
	t_done(m);
}

/* Without Xen time everywhere, dom0's receipt time orders the stream. */
static void merge_orders_by_receipt(struct kunit *test)
{
	struct xtrail_merge *m = t_merge(test, 1 << 20, false);
	u32 ids[8];

	KUNIT_EXPECT_EQ(test, t_push(m, 1, 1, T_BASE + 90 * T_MS, true,
				     T_BASE + 10 * T_MS), 0);
	KUNIT_EXPECT_EQ(test, t_push(m, 2, 2, T_BASE + 1 * T_MS, true,
				     T_BASE + 20 * T_MS), 0);
	/* A clock reading that goes backwards does not reorder. */
	KUNIT_EXPECT_EQ(test, t_push(m, XTRAIL_MSRC_LOCAL, 3, T_BASE, false,
				     T_BASE + 15 * T_MS), 0);
	KUNIT_EXPECT_EQ(test, t_read(test, m, T_BASE + 200 * T_MS, ids, 8), 3);
	KUNIT_EXPECT_EQ(test, ids[0], 1001u);
	KUNIT_EXPECT_EQ(test, ids[1], 2002u);
	KUNIT_EXPECT_EQ(test, ids[2], 3u);
	t_done(m);
}

/*
 * No record waits longer than the window after its receipt, whatever the
 * other sources do, and a guest's timestamp cannot move its record out of
 * [receipt - window, receipt] (before what was already emitted).
 */
static void merge_window_bound(struct kunit *test)
{
	struct xtrail_merge *m = t_merge(test, 1 << 20, true);
	u64 t0 = T_BASE + 1000 * T_MS;
	u32 ids[8];

	/* A timestamp from the future is taken as the receipt time. */
	KUNIT_EXPECT_EQ(test, t_push(m, 1, 1, t0 + 5000 * T_MS, true, t0), 0);
	KUNIT_EXPECT_EQ(test, t_read(test, m, t0 + T_WINDOW - 1, ids, 8), 0);
	KUNIT_EXPECT_EQ(test, t_read(test, m, t0 + T_WINDOW, ids, 8), 1);
	KUNIT_EXPECT_EQ(test, ids[0], 1001u);

	/* One from long ago is clamped to receipt - window. */
	KUNIT_EXPECT_EQ(test, t_push(m, 2, 2, T_BASE, true,
				     t0 + T_WINDOW + 10 * T_MS), 0);
	KUNIT_EXPECT_EQ(test, t_push(m, 1, 3, 0, false,
				     t0 + T_WINDOW + 11 * T_MS), 0);
	KUNIT_EXPECT_EQ(test, t_read(test, m, t0 + T_WINDOW + 10 * T_MS, ids,
				     8), 1);
	KUNIT_EXPECT_EQ(test, ids[0], 2002u);
	/* The other (receipt-keyed) one waits its whole window. */
	KUNIT_EXPECT_EQ(test, t_read(test, m, t0 + 2 * T_WINDOW + 10 * T_MS,
				     ids, 8), 0);
	KUNIT_EXPECT_EQ(test, t_read(test, m, t0 + 2 * T_WINDOW + 11 * T_MS,
				     ids, 8), 1);
	KUNIT_EXPECT_EQ(test, ids[0], 1003u);
	t_done(m);
}

/*
 * A flooding source is refused at its cap, and a quiet one still gets in;
 * records read but not acknowledged still count; acknowledging frees.
 */
static void merge_cap_and_fairness(struct kunit *test)
{
	struct xtrail_merge *m = t_merge(test, 10 * T_COST, false);
	u64 now = T_BASE;
	int i, taken = 0, ret;
	u32 ids[16];

	for (i = 0; i < 100; i++) {
		ret = t_push(m, 1, i, 0, false, now++);
		if (ret) {
			KUNIT_EXPECT_EQ(test, ret, -ENOSPC);
			break;
		}
		taken++;
	}
	KUNIT_EXPECT_EQ(test, taken, 10);
	/* The quiet guest and dom0 each have their own share. */
	KUNIT_EXPECT_EQ(test, t_push(m, 2, 0, 0, false, now++), 0);
	KUNIT_EXPECT_EQ(test, t_push(m, XTRAIL_MSRC_LOCAL, 0, 0, false,
				     now++), 0);
	/* A source that is not open is refused. */
	KUNIT_EXPECT_EQ(test, t_push(m, 3, 0, 0, false, now++), -ENOENT);

	/* Read, not acknowledged: still held, still refused. */
	now += T_WINDOW;
	KUNIT_EXPECT_EQ(test, t_read(test, m, now, ids, 16), 12);
	KUNIT_EXPECT_EQ(test, ids[10], 2000u);
	KUNIT_EXPECT_EQ(test, t_push(m, 1, 10, 0, false, now), -ENOSPC);
	/* Acknowledged: room again. */
	KUNIT_EXPECT_EQ(test, xtrail_merge_ack(m, 12), 12);
	KUNIT_EXPECT_EQ(test, t_push(m, 1, 10, 0, false, now), 0);
	for (i = 11; i < 20; i++)
		KUNIT_EXPECT_EQ(test, t_push(m, 1, i, 0, false, now), 0);
	KUNIT_EXPECT_EQ(test, t_push(m, 1, 20, 0, false, now), -ENOSPC);
	xtrail_merge_src_close(m, 1);
	/* Reopened (the guest reconnects): capped again. */
	KUNIT_EXPECT_EQ(test, xtrail_merge_src_open(m, 1), 0);
	KUNIT_EXPECT_EQ(test, t_push(m, 1, 21, 0, false, now), -ENOSPC);
	t_done(m);
}

/*
 * All guests' records together: each guest source holds at most an equal
 * share of guests_cap, so that many guests cannot exhaust dom0's memory
 * and a flooding one cannot take the others' share. dom0's own sources
 * are not guests.
 */
static void merge_guests_cap(struct kunit *test)
{
	struct xtrail_merge *m = t_merge(test, 10 * T_COST, false);
	u64 now = T_BASE;
	int i, taken = 0;

	xtrail_merge_set_limits(m, 10 * T_COST, 20 * T_COST);
	/* Four guests now: 5 records each. */
	KUNIT_ASSERT_EQ(test, xtrail_merge_src_open(m, 3), 0);
	KUNIT_ASSERT_EQ(test, xtrail_merge_src_open(m, 4), 0);
	for (i = 0; i < 100; i++)
		if (!t_push(m, 1, i, 0, false, now++))
			taken++;
	KUNIT_EXPECT_EQ(test, taken, 5);
	for (i = 0; i < 5; i++) {
		KUNIT_EXPECT_EQ(test, t_push(m, 2, i, 0, false, now++), 0);
		KUNIT_EXPECT_EQ(test, t_push(m, 3, i, 0, false, now++), 0);
		KUNIT_EXPECT_EQ(test, t_push(m, 4, i, 0, false, now++), 0);
	}
	KUNIT_EXPECT_EQ(test, t_push(m, 4, 5, 0, false, now++), -ENOSPC);
	KUNIT_EXPECT_LE(test, m->guests_used, 20 * T_COST);
	/* dom0's own events keep their whole cap. */
	for (i = 0; i < 10; i++)
		KUNIT_EXPECT_EQ(test, t_push(m, XTRAIL_MSRC_LOCAL, i, 0, false,
					     now++), 0);
	/* Two guests gone (their records acknowledged): 10 each again. */
	xtrail_merge_src_close(m, 3);
	xtrail_merge_src_close(m, 4);
	now += T_WINDOW;
	KUNIT_EXPECT_EQ(test, t_read(test, m, now, NULL, 0), 30);
	KUNIT_EXPECT_EQ(test, xtrail_merge_ack(m, 30), 30);
	KUNIT_EXPECT_EQ(test, m->guests, 2u);
	for (i = 0; i < 10; i++)
		KUNIT_EXPECT_EQ(test, t_push(m, 1, 100 + i, 0, false, now), 0);
	KUNIT_EXPECT_EQ(test, t_push(m, 1, 110, 0, false, now), -ENOSPC);
	t_done(m);
}

/* ---- the records dom0 makes: each guest's quota, losses in-band ----------- */

#define T_GAP_LEN	(sizeof(struct xtrail_rec_hdr) + \
			 sizeof(struct xtrail_seq_gap))

/* A dom0 record of @type about @domid, @body_len bytes of body. */
static void *t_dom0_rec(u8 *buf, u16 type, u16 domid, u32 body_len)
{
	struct xtrail_rec_hdr *h = (void *)buf;

	memset(buf, 0, sizeof(*h) + body_len);
	h->type = cpu_to_le16(type);
	h->domid = cpu_to_le16(domid);
	return buf;
}

/* Everything the module's stream holds, read out into @buf. */
static int t_stream_read(struct kunit *test, u8 *buf, size_t size)
{
	ssize_t n;

	xtrail_merge_emit(&xtrail_stream, U64_MAX / 2);
	n = xtrail_merge_read(&xtrail_stream, NULL, size, buf);
	KUNIT_ASSERT_GE(test, n, 0);
	return n;
}

/*
 * A guest that makes dom0 write a sequence gap per record: its quota
 * fills, the rest of its gaps are dropped and counted, and a DOM0_LOST
 * record reports them ahead of its DISCONNECT, which its reserve still
 * holds. Another guest's VIOLATION and DISCONNECT get in untouched.
 */
static void merge_dom0_quota(struct kunit *test)
{
	struct xtrail_dom0_src *g1, *g2;
	u8 rec[T_GAP_LEN + 64] __aligned(8);
	const size_t size = 1 << 20;
	u8 *buf = kunit_kzalloc(test, size, GFP_KERNEL);
	unsigned int i, kept = 0, dropped = 0, n2 = 0, lost_recs = 0;
	u64 lost = 0, lost_gaps = 0;
	bool disc1 = false;
	ssize_t n, off;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	g1 = kunit_kzalloc(test, sizeof(*g1), GFP_KERNEL);
	g2 = kunit_kzalloc(test, sizeof(*g2), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, g1);
	KUNIT_ASSERT_NOT_NULL(test, g2);
	merge_cap_kb = XTRAIL_MERGE_CAP_MIN_KB;
	evidence_cap_kb = XTRAIL_MERGE_CAP_MIN_KB;
	KUNIT_ASSERT_EQ(test, xtrail_merge_init(), 0);
	KUNIT_ASSERT_EQ(test, xtrail_merge_src_open(&xtrail_stream,
						    XTRAIL_MSRC_CONTROL), 0);
	xtrail_dom0_src_init(g1);
	xtrail_dom0_src_init(g2);
	KUNIT_ASSERT_EQ(test, xtrail_dom0_src_open(g1, 1), 0);
	KUNIT_ASSERT_EQ(test, xtrail_dom0_src_open(g2, 2), 0);

	for (i = 0; i < 2000; i++) {
		t_dom0_rec(rec, XTRAIL_REC_SEQ_GAP, 1, sizeof(struct xtrail_seq_gap));
		if (xtrail_dom0_push(g1, rec, T_GAP_LEN, XTRAIL_MPUSH_SPARE))
			dropped++;
		else
			kept++;
	}
	KUNIT_EXPECT_GT(test, dropped, 0u);
	KUNIT_EXPECT_GT(test, kept, 0u);
	/* The other guest's lifecycle records. */
	t_dom0_rec(rec, XTRAIL_REC_VIOLATION, 2, sizeof(struct xtrail_violation));
	KUNIT_EXPECT_EQ(test, xtrail_dom0_push(g2, rec,
			sizeof(struct xtrail_rec_hdr) +
			sizeof(struct xtrail_violation), 0), 0);
	t_dom0_rec(rec, XTRAIL_REC_DISCONNECT, 2, sizeof(struct xtrail_source));
	KUNIT_EXPECT_EQ(test, xtrail_dom0_push(g2, rec,
			sizeof(struct xtrail_rec_hdr) +
			sizeof(struct xtrail_source), 0), 0);
	/* The flooder's own DISCONNECT: its reserve, after a DOM0_LOST. */
	t_dom0_rec(rec, XTRAIL_REC_DISCONNECT, 1, sizeof(struct xtrail_source));
	KUNIT_EXPECT_EQ(test, xtrail_dom0_push(g1, rec,
			sizeof(struct xtrail_rec_hdr) +
			sizeof(struct xtrail_source), 0), 0);

	n = t_stream_read(test, buf, size);
	for (off = 0; off < n;) {
		struct xtrail_rec_hdr *h = (void *)(buf + off);
		u32 len = le32_to_cpu(h->len);
		u16 type = le16_to_cpu(h->type);

		KUNIT_ASSERT_EQ(test, xtrail_rec_check(h, len, 0), XTRAIL_OK);
		if (le16_to_cpu(h->domid) == 2)
			n2++;
		if (type == XTRAIL_REC_DOM0_LOST) {
			struct xtrail_dom0_lost *l = (void *)(h + 1);

			KUNIT_EXPECT_EQ(test, le16_to_cpu(h->domid), 1);
			KUNIT_EXPECT_FALSE(test, disc1);
			lost += le64_to_cpu(l->count);
			lost_gaps += le32_to_cpu(l->by_type[XTRAIL_REC_SEQ_GAP -
						 XTRAIL_REC_DOM0_FIRST]);
			KUNIT_EXPECT_EQ(test, le64_to_cpu(l->total), lost);
			lost_recs++;
		}
		if (type == XTRAIL_REC_DISCONNECT && le16_to_cpu(h->domid) == 1)
			disc1 = true;
		off += len;
	}
	KUNIT_EXPECT_EQ(test, n2, 2u);
	KUNIT_EXPECT_TRUE(test, disc1);
	KUNIT_EXPECT_EQ(test, lost_recs, 1u);
	KUNIT_EXPECT_EQ(test, lost, (u64)dropped);
	KUNIT_EXPECT_EQ(test, lost_gaps, (u64)dropped);

	/* Lost at the close: reported among the control records. */
	t_dom0_rec(rec, XTRAIL_REC_SEQ_GAP, 1, sizeof(struct xtrail_seq_gap));
	KUNIT_EXPECT_EQ(test, xtrail_dom0_push(g1, rec, T_GAP_LEN,
					       XTRAIL_MPUSH_SPARE), -ENOSPC);
	xtrail_dom0_src_close(g1);
	xtrail_dom0_src_close(g2);
	KUNIT_EXPECT_EQ(test, g1->lost, 0ull);
	KUNIT_EXPECT_EQ(test, g1->lost_total, (u64)dropped + 1);
	xtrail_merge_src_close(&xtrail_stream, XTRAIL_MSRC_CONTROL);
	xtrail_merge_uninit();
}

/* What was read but not acknowledged comes again, with the same numbers. */
static void merge_ack_and_redelivery(struct kunit *test)
{
	struct xtrail_merge *m = t_merge(test, 1 << 20, false);
	u64 now = T_BASE;
	u32 ids[16];
	int i;

	for (i = 0; i < 5; i++)
		KUNIT_EXPECT_EQ(test, t_push(m, 1, i, 0, false, now++), 0);
	now += T_WINDOW;
	KUNIT_EXPECT_EQ(test, xtrail_merge_read_seq(m), 0ull);
	KUNIT_EXPECT_EQ(test, t_read(test, m, now, ids, 16), 5);
	KUNIT_EXPECT_EQ(test, xtrail_merge_read_seq(m), 5ull);
	/* Not beyond what was read. */
	KUNIT_EXPECT_EQ(test, xtrail_merge_ack(m, 6), -EINVAL);
	KUNIT_EXPECT_EQ(test, xtrail_merge_ack(m, 2), 2);
	/* The reader crashed: a new one gets 2, 3, 4 again. */
	xtrail_merge_rewind(m);
	KUNIT_EXPECT_EQ(test, xtrail_merge_read_seq(m), 2ull);
	KUNIT_EXPECT_EQ(test, t_read(test, m, now, ids, 16), 3);
	KUNIT_EXPECT_EQ(test, ids[0], 1002u);
	KUNIT_EXPECT_EQ(test, ids[2], 1004u);
	/* Backwards is harmless. */
	KUNIT_EXPECT_EQ(test, xtrail_merge_ack(m, 1), 0);
	KUNIT_EXPECT_EQ(test, xtrail_merge_ack(m, 5), 3);
	xtrail_merge_rewind(m);
	KUNIT_EXPECT_EQ(test, t_read(test, m, now, ids, 16), 0);
	KUNIT_EXPECT_EQ(test, xtrail_merge_read_seq(m), 5ull);
	t_done(m);
}

/* A read buffer smaller than the next record; a source closed early. */
static void merge_read_edges(struct kunit *test)
{
	struct xtrail_merge *m = t_merge(test, 1 << 20, false);
	u8 buf[T_LEN + 8] __aligned(8);
	u64 now = T_BASE;

	KUNIT_EXPECT_EQ(test, t_push(m, 2, 0, 0, false, now++), 0);
	KUNIT_EXPECT_EQ(test, t_push(m, 2, 1, 0, false, now++), 0);
	/* Its records outlive the source's close. */
	xtrail_merge_src_close(m, 2);
	KUNIT_EXPECT_EQ(test, t_push(m, 2, 2, 0, false, now++), -ENOENT);
	xtrail_merge_emit(m, now + T_WINDOW);
	KUNIT_EXPECT_EQ(test, xtrail_merge_read(m, NULL, T_LEN - 8, buf),
			-EMSGSIZE);
	KUNIT_EXPECT_EQ(test, xtrail_merge_read(m, NULL, sizeof(buf), buf),
			(ssize_t)T_LEN);
	KUNIT_EXPECT_EQ(test, xtrail_merge_read(m, NULL, sizeof(buf), buf),
			(ssize_t)T_LEN);
	KUNIT_EXPECT_EQ(test, xtrail_merge_ack(m, 2), 2);
	t_done(m);
}

/*
 * Batches of 50 ms: what matures between two multiples of 50 ms of the
 * clock leaves together at the second, in order, and never later.
 */
static void merge_batches(struct kunit *test)
{
	const u64 b = 50 * T_MS, base = T_BASE - T_BASE % b;
	struct xtrail_merge *m = t_merge_batch(test, 1 << 20, false, b);
	u32 ids[8];

	/* Receipt time is the key: due at +110, +120 and +160 ms. */
	KUNIT_EXPECT_EQ(test, t_push(m, 1, 1, 0, false, base + 10 * T_MS), 0);
	KUNIT_EXPECT_EQ(test, t_push(m, 2, 2, 0, false, base + 20 * T_MS), 0);
	KUNIT_EXPECT_EQ(test, t_push(m, 1, 3, 0, false, base + 60 * T_MS), 0);
	/* Matured, but the cut is still at +100. */
	KUNIT_EXPECT_EQ(test, t_read(test, m, base + 130 * T_MS, ids, 8), 0);
	KUNIT_EXPECT_EQ(test, t_read(test, m, base + 149 * T_MS, ids, 8), 0);
	/* At +150 the two due by then leave together, in key order. */
	KUNIT_EXPECT_EQ(test, t_read(test, m, base + 150 * T_MS, ids, 8), 2);
	KUNIT_EXPECT_EQ(test, ids[0], 1001u);
	KUNIT_EXPECT_EQ(test, ids[1], 2002u);
	KUNIT_EXPECT_EQ(test, t_read(test, m, base + 199 * T_MS, ids, 8), 0);
	KUNIT_EXPECT_EQ(test, t_read(test, m, base + 200 * T_MS, ids, 8), 1);
	KUNIT_EXPECT_EQ(test, ids[0], 1003u);
	t_done(m);
}

static struct kunit_case merge_cases[] = {
	KUNIT_CASE(merge_orders_within_window),
	KUNIT_CASE(merge_orders_by_receipt),
	KUNIT_CASE(merge_window_bound),
	KUNIT_CASE(merge_cap_and_fairness),
	KUNIT_CASE(merge_ack_and_redelivery),
	KUNIT_CASE(merge_read_edges),
	KUNIT_CASE(merge_batches),
	KUNIT_CASE(merge_guests_cap),
	KUNIT_CASE(merge_dom0_quota),
	{}
};

static struct kunit_suite merge_suite = {
	.name = "xtrail_merge",
	.test_cases = merge_cases,
};

kunit_test_suite(merge_suite);
