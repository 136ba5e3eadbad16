// SPDX-License-Identifier: GPL-2.0
/*
 * Evidence: what dom0 notices about a guest that is not a protocol
 * violation, logged as dom0 records (xtrail_proto.h, "Evidence") while the
 * guest keeps logging.
 *
 * Sequence gaps. Every record dom0 takes from a ring goes through
 * xtrail_seq_check() first, on dom0's private copy: each ring's sequence
 * numbers must be continuous, a LOST record standing for the numbers in
 * its range. A break is logged as a SEQ_GAP record ahead of the record
 * that revealed it, and the check continues from that record. A record
 * offered again (the queue to userspace was full) is not checked twice.
 *
 * The guest's producer numbers on across its reconnects (what dom0 did not
 * take of a ring, the guest reports lost on the next connection), so the
 * check is kept for as long as the backend lives: after a reconnect, the
 * first record must follow the last one taken, unless it starts the
 * numbers over at 0 (a record numbered 0, or a LOST record whose range
 * starts at 0): the guest loaded its module again, which begins a new
 * sequence. What dom0 cannot see (this module reloaded, the device
 * detached and attached: a new backend) is for whoever reads the log to
 * check: the numbers in F3 are continuous across those too.
 *
 * Heartbeat silence. The guest sends a heartbeat per ring every period; the
 * backend's work calls xtrail_evidence_tick() after every pass and logs
 * STOPPED once when no heartbeat came for hb_miss periods while the guest
 * was connected and dom0 drained its rings, then RESUMED with the next
 * heartbeat. The period is the one the guest's heartbeats announce,
 * bounded here so that a guest cannot announce its way out of the check.
 *
 * Event counts. The backend counts the guest's event-channel interrupts
 * and the EOIs it flagged spurious; xenbus.c shows both in sysfs, next to
 * the backend device's other attributes, as "events" and
 * "spurious_events".
 *
 * The records go where the backend said at connect: the guest's own
 * quota in the merge, where a record that finds it full is counted and
 * reported in-band (xtrail_dom0_push()); a sequence gap, which the guest
 * can cause at will, leaves the end of the quota to the records about its
 * connection. Nothing here knows the backend.
 */
#include <linux/module.h>
#include <linux/minmax.h>
#include <linux/timekeeping.h>

#include "xtrail_ring.h"
#include "control.h"
#include "evidence.h"

#define XTRAIL_HB_PERIOD_MIN	100	/* ms */
#define XTRAIL_HB_PERIOD_MAX	60000	/* ms */

static unsigned int hb_miss = 5;
module_param_cb(hb_miss, &xtrail_param_ops_uint, &hb_miss, 0644);
MODULE_PARM_DESC(hb_miss, "heartbeat periods without a heartbeat before dom0 logs a silence (0: never)");

static unsigned int hb_period_ms = 10000;
module_param_cb(hb_period_ms, &xtrail_param_ops_uint, &hb_period_ms, 0644);
MODULE_PARM_DESC(hb_period_ms, "heartbeat period (ms) expected before a guest's first heartbeat");

static unsigned int xtrail_seq_cmp(u64 expected, u64 got, struct xtrail_gap *g)
{
	if (got == expected)
		return 0;
	g->kind = got > expected ? XTRAIL_GAP_MISSING : XTRAIL_GAP_BACKWARDS;
	g->expected = expected;
	g->got = got;
	return 1;
}

/**
 * xtrail_seq_check - the breaks in a ring's sequence that @rec reveals
 * @s:    the ring's state
 * @rec:  a validated private copy of the next record
 * @gaps: filled with up to XTRAIL_SEQ_GAPS_MAX breaks (a LOST record may
 *        reveal one before its range and one between its range and its
 *        own number)
 *
 * Returns how many breaks were found. The state then expects @rec itself,
 * so offering @rec again finds nothing; xtrail_seq_taken() moves past it.
 */
unsigned int xtrail_seq_check(struct xtrail_seq_state *s, const void *rec,
			      struct xtrail_gap gaps[XTRAIL_SEQ_GAPS_MAX])
{
	const struct xtrail_rec_hdr *h = rec;
	u64 seq = le64_to_cpu(h->seq);
	unsigned int n = 0;

	if (s->checked && s->checked_seq == seq)
		return 0;
	if (s->restart) {
		const struct xtrail_lost *l = (const void *)(h + 1);
		bool lost = le16_to_cpu(h->type) == XTRAIL_REC_LOST;

		/* The guest's module was loaded again: a new sequence. */
		if (!(lost ? le64_to_cpu(l->first_seq) : seq))
			s->known = false;
		s->restart = false;
	}
	if (le16_to_cpu(h->type) == XTRAIL_REC_LOST) {
		const struct xtrail_lost *l = (const void *)(h + 1);

		if (s->known)
			n += xtrail_seq_cmp(s->next, le64_to_cpu(l->first_seq),
					    &gaps[n]);
		s->next = le64_to_cpu(l->last_seq) + 1;
		s->known = true;
	}
	if (s->known)
		n += xtrail_seq_cmp(s->next, seq, &gaps[n]);
	s->checked = true;
	s->checked_seq = seq;
	return n;
}

/* @rec was taken: the next record must follow it. */
void xtrail_seq_taken(struct xtrail_seq_state *s, const void *rec)
{
	const struct xtrail_rec_hdr *h = rec;

	s->next = le64_to_cpu(h->seq) + 1;
	s->known = true;
	s->checked = false;
}

static u32 xtrail_hb_period(u32 period_ms)
{
	return clamp_t(u32, period_ms, XTRAIL_HB_PERIOD_MIN,
		       XTRAIL_HB_PERIOD_MAX);
}

/* A connection starts: the first heartbeat is due within the limit. */
void xtrail_hb_start(struct xtrail_hb_watch *w, u64 now, u32 period_ms)
{
	w->last_ns = now;
	w->period_ms = xtrail_hb_period(period_ms);
	w->silent = false;
	w->silent_ns = 0;
}

/*
 * A heartbeat announcing @period_ms came at @now. Returns true when it ends
 * a reported silence, with the silence's length in *@silent_ns.
 */
bool xtrail_hb_seen(struct xtrail_hb_watch *w, u64 now, u32 period_ms,
		    u64 *silent_ns)
{
	bool resumed = w->silent;

	if (resumed)
		*silent_ns = now - w->silent_ns;
	w->silent = false;
	w->last_ns = now;
	w->period_ms = xtrail_hb_period(period_ms);
	return resumed;
}

/*
 * A pass of the backend ended at @now; @drained: it emptied every ring (so
 * a heartbeat the guest sent would have been seen). Returns true, once per
 * silence, when the last heartbeat is more than @multiple periods old, with
 * its age in *@silent_ns. A pass that could not drain restarts the wait.
 */
bool xtrail_hb_overdue(struct xtrail_hb_watch *w, u64 now, bool drained,
		       unsigned int multiple, u64 *silent_ns)
{
	if (!multiple || w->silent)
		return false;
	if (!drained) {
		w->last_ns = now;
		return false;
	}
	if (now - w->last_ns <= (u64)w->period_ms * multiple * NSEC_PER_MSEC)
		return false;
	w->silent = true;
	w->silent_ns = w->last_ns;
	*silent_ns = now - w->last_ns;
	return true;
}

static void xtrail_evidence_gap_rec(struct xtrail_evidence *ev, u16 ring,
				    const struct xtrail_gap *g)
{
	struct {
		struct xtrail_rec_hdr h;
		struct xtrail_seq_gap g;
	} r = {};
	u64 missing = g->kind == XTRAIL_GAP_MISSING ? g->got - g->expected : 0;

	r.h.type = cpu_to_le16(XTRAIL_REC_SEQ_GAP);
	r.h.domid = cpu_to_le16(ev->domid);
	r.g.ring = cpu_to_le32(ring);
	r.g.kind = cpu_to_le32(g->kind);
	r.g.expected = cpu_to_le64(g->expected);
	r.g.got = cpu_to_le64(g->got);
	r.g.missing = cpu_to_le64(missing);
	/* A guest can make one per record: it leaves room for the others. */
	ev->push(ev, &r, sizeof(r), true);
	pr_warn_ratelimited("domain %u ring %u: sequence %s: expected %llu, got %llu\n",
			    ev->domid, ring,
			    g->kind == XTRAIL_GAP_MISSING ? "gap" : "went back",
			    g->expected, g->got);
}

static void xtrail_evidence_hb_rec(struct xtrail_evidence *ev, u32 state,
				   u64 silent_ns)
{
	struct {
		struct xtrail_rec_hdr h;
		struct xtrail_hb_silence s;
	} r = {};
	u32 limit = ev->hb.period_ms * READ_ONCE(hb_miss);

	r.h.type = cpu_to_le16(XTRAIL_REC_HB_SILENCE);
	r.h.domid = cpu_to_le16(ev->domid);
	r.s.state = cpu_to_le32(state);
	r.s.period_ms = cpu_to_le32(ev->hb.period_ms);
	r.s.limit_ms = cpu_to_le32(limit);
	r.s.silent_ns = cpu_to_le64(silent_ns);
	ev->push(ev, &r, sizeof(r), false);
	pr_warn("domain %u: heartbeats %s (%llu ms silent, limit %u ms)\n",
		ev->domid, state == XTRAIL_HB_STOPPED ? "stopped" : "resumed",
		silent_ns / NSEC_PER_MSEC, limit);
}

/*
 * The guest (re)connected: a fresh watch; the counters keep counting, and
 * each ring's sequence check goes on from the last record taken (see the
 * top of this file). Its records go to @push from now on.
 */
void xtrail_evidence_connect(struct xtrail_evidence *ev, u16 domid,
			     xtrail_evidence_push_t push)
{
	unsigned int i;

	ev->domid = domid;
	ev->push = push;
	for (i = 0; i < XTRAIL_RINGS_MAX; i++) {
		ev->seq[i].checked = false;
		ev->seq[i].restart = true;
	}
	xtrail_hb_start(&ev->hb, ktime_get_ns(), READ_ONCE(hb_period_ms));
}

/* Before @rec (validated, private) is delivered from ring @ring. */
void xtrail_evidence_record(struct xtrail_evidence *ev, u16 ring,
			    const void *rec)
{
	const struct xtrail_rec_hdr *h = rec;
	struct xtrail_gap gaps[XTRAIL_SEQ_GAPS_MAX];
	unsigned int i, n;
	u64 silent;

	n = xtrail_seq_check(&ev->seq[ring], rec, gaps);
	for (i = 0; i < n; i++)
		xtrail_evidence_gap_rec(ev, ring, &gaps[i]);
	if (le16_to_cpu(h->type) == XTRAIL_REC_HEARTBEAT) {
		const struct xtrail_heartbeat *hb = (const void *)(h + 1);

		if (xtrail_hb_seen(&ev->hb, ktime_get_ns(),
				   le32_to_cpu(hb->period_ms), &silent))
			xtrail_evidence_hb_rec(ev, XTRAIL_HB_RESUMED, silent);
	}
}

/* @rec was delivered from ring @ring. */
void xtrail_evidence_taken(struct xtrail_evidence *ev, u16 ring,
			   const void *rec)
{
	xtrail_seq_taken(&ev->seq[ring], rec);
}

/* After each pass of the backend's work over a connected guest's rings. */
void xtrail_evidence_tick(struct xtrail_evidence *ev, bool drained)
{
	u64 silent;

	if (xtrail_hb_overdue(&ev->hb, ktime_get_ns(), drained,
			      READ_ONCE(hb_miss), &silent))
		xtrail_evidence_hb_rec(ev, XTRAIL_HB_STOPPED, silent);
}
