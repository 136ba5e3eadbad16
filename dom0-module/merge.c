// SPDX-License-Identifier: GPL-2.0
/*
 * The merge: every source's records in one stream, ordered by the merge key
 * within a bounded reordering window, fair between sources, and kept until
 * the writer daemon acknowledges them (shared/xtrail_dev.h).
 *
 * A pushed record is stamped with recv_ns, dom0's clock at the moment it
 * enters the merge, taken under the merge's lock and never going backwards.
 * Its key is xtrail_merge_key() (shared/xtrail_dev.h): dom0's receipt time,
 * or the producer's Xen system time clamped into [recv_ns - window,
 * recv_ns] when both clocks are Xen's. It waits in the window until
 * key + window <= now, then leaves in key order (ties in arrival order) and
 * gets the next stream number. Every record pushed later has recv_ns >= now,
 * so its key is >= now - window >= the key of anything already emitted: the
 * stream is ordered by key, and no record waits longer than the window,
 * whatever the other sources do.
 *
 * Batches: records leave only at multiples of batch_ns of dom0's clock (the
 * cut): all those matured by the last multiple leave together. Without it
 * every record matures on its own and a trickle of records (a guest that
 * forks and execs) wakes the daemon once per timer tick, each wake-up a
 * round of syscalls and a data sync for a record or two. The cut is never
 * ahead of the clock, so the order above holds; a record waits at most
 * window + batch.
 *
 * Fairness: each source may hold at most cap bytes (its records in the
 * window, emitted but unread, and read but unacknowledged, with their
 * bookkeeping). A push beyond that is refused; the caller keeps the record
 * (a guest's stays in its ring, which fills, and the guest counts the loss
 * in-band; dom0's own are counted and reported in a LOST record, the
 * records dom0 makes in a DOM0_LOST record). A flooding source only ever
 * fills its own share. The records dom0 makes about a guest are a source
 * of their own (XTRAIL_MSRC_ABOUT | domid, with the smaller about_cap), so
 * that a guest which makes dom0 write evidence about it (sequence gaps,
 * reconnects) fills its own quota and never another guest's; the gaps it
 * can cause at will leave a quarter of that quota to its lifecycle records
 * (XTRAIL_MPUSH_SPARE). All guests' records together hold at most
 * guests_cap: each guest source at most its share, guests_cap divided by
 * the number of guest sources, so that many guests cannot exhaust dom0's
 * memory between them and none can take the others' share. When the daemon
 * acknowledges records, the reader calls xtrail_merge_space_freed() and
 * the callback the backends registered resumes the rings that stalled.
 *
 * The module has one merge, xtrail_stream: the backends push guest
 * records into it (xtrail_stream_push()), dom0's probes their own, and
 * dom0's records about each guest (connect, disconnect, violation,
 * evidence) go in as that guest's XTRAIL_MSRC_ABOUT source and dom0's
 * control records (clock) as one more source, both through a struct
 * xtrail_dom0_src (xtrail_dom0_push(), xtrail_stream_push_dom0()), which
 * counts what the merge refuses and reports it in-band; /dev/xtrail
 * (chardev.c) reads it.
 */
#include <linux/audit.h>
#include <linux/jiffies.h>
#include <linux/lockdep.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "xtrail_dev.h"
#include "clock.h"
#include "merge.h"

static unsigned int merge_window_ms = 300;
module_param(merge_window_ms, uint, 0444);
MODULE_PARM_DESC(merge_window_ms,
		 "reordering window (ms): the longest a record is held to be merged in timestamp order");

static unsigned int merge_cap_kb = 4096;
module_param(merge_cap_kb, uint, 0444);
MODULE_PARM_DESC(merge_cap_kb,
		 "memory (KiB) dom0 holds at most per source (each guest, dom0's events) until the daemon acknowledges");

#define XTRAIL_MERGE_WINDOW_MAX_MS	10000

static unsigned int merge_batch_ms = 50;
module_param(merge_batch_ms, uint, 0444);
MODULE_PARM_DESC(merge_batch_ms,
		 "records leave the merge together, at multiples of this many ms (0: each as it matures), so that the daemon wakes once per batch");

#define XTRAIL_MERGE_BATCH_MAX_MS	1000
#define XTRAIL_MERGE_CAP_MIN_KB		64

static unsigned int evidence_cap_kb = 512;
module_param(evidence_cap_kb, uint, 0444);
MODULE_PARM_DESC(evidence_cap_kb,
		 "memory (KiB) the records dom0 makes about one guest hold at most (each guest its own quota)");

static unsigned int merge_total_kb = 65536;
module_param(merge_total_kb, uint, 0444);
MODULE_PARM_DESC(merge_total_kb,
		 "memory (KiB) all guests' records hold at most together, each guest at most an equal share (0: no limit)");

struct xtrail_merge xtrail_stream;
static struct xtrail_dom0_src xtrail_control;

/**
 * struct xtrail_mrec - a record held by the merge
 * @node:    in the window
 * @link:    in @out or @unacked once emitted
 * @src:     its source (holds a share of the source's cap)
 * @key:     merge key
 * @arrival: arrival number
 * @seq:     stream number, once emitted
 * @len:     record length
 * @rec:     the record
 */
struct xtrail_mrec {
	struct rb_node node;
	struct list_head link;
	struct xtrail_merge_src *src;
	u64 key;
	u64 arrival;
	u64 seq;
	u32 len;
	u32 pad;
	u8 rec[] __aligned(8);
};

static u32 xtrail_mrec_cost(u32 len)
{
	return sizeof(struct xtrail_mrec) + len;
}

static struct xtrail_merge_src *xtrail_merge_src_find(struct xtrail_merge *m,
						      u32 id)
{
	struct xtrail_merge_src *s;

	list_for_each_entry(s, &m->srcs, node)
		if (s->id == id)
			return s;
	return NULL;
}

/* Called with m->lock held: a closed source goes with its last record. */
static void xtrail_merge_src_maybe_free(struct xtrail_merge *m,
					struct xtrail_merge_src *s)
{
	lockdep_assert_held(&m->lock);
	if (!s->opens && !s->held) {
		if (XTRAIL_MSRC_GUEST(s->id))
			m->guests--;
		list_del(&s->node);
		kfree(s);
	}
}

/* Called with m->lock held. */
static void xtrail_mrec_free(struct xtrail_merge *m, struct xtrail_mrec *r)
{
	struct xtrail_merge_src *s = r->src;

	lockdep_assert_held(&m->lock);
	s->used -= xtrail_mrec_cost(r->len);
	if (XTRAIL_MSRC_GUEST(s->id))
		m->guests_used -= xtrail_mrec_cost(r->len);
	s->held--;
	xtrail_merge_src_maybe_free(m, s);
	kfree(r);
}

/**
 * xtrail_merge_src_open - make @id a source (counted: open and close pair)
 *
 * Process context. Returns 0 or -ENOMEM.
 */
int xtrail_merge_src_open(struct xtrail_merge *m, u32 id)
{
	struct xtrail_merge_src *s, *n = kzalloc(sizeof(*n), GFP_KERNEL);
	unsigned long flags;

	if (!n)
		return -ENOMEM;
	n->id = id;
	n->cap = (id & XTRAIL_MSRC_ABOUT) ? m->about_cap : m->cap;
	spin_lock_irqsave(&m->lock, flags);
	s = xtrail_merge_src_find(m, id);
	if (!s) {
		list_add_tail(&n->node, &m->srcs);
		if (XTRAIL_MSRC_GUEST(id))
			m->guests++;
		s = n;
		n = NULL;
	}
	s->opens++;
	spin_unlock_irqrestore(&m->lock, flags);
	kfree(n);
	return 0;
}

/* The source stays until its last record is acknowledged. */
void xtrail_merge_src_close(struct xtrail_merge *m, u32 id)
{
	struct xtrail_merge_src *s;
	unsigned long flags;

	spin_lock_irqsave(&m->lock, flags);
	s = xtrail_merge_src_find(m, id);
	if (s && !WARN_ON(!s->opens)) {
		s->opens--;
		xtrail_merge_src_maybe_free(m, s);
	}
	spin_unlock_irqrestore(&m->lock, flags);
}

static bool xtrail_mrec_less(struct rb_node *a, const struct rb_node *b)
{
	const struct xtrail_mrec *x = rb_entry(a, struct xtrail_mrec, node);
	const struct xtrail_mrec *y = rb_entry(b, struct xtrail_mrec, node);

	if (x->key != y->key)
		return x->key < y->key;
	return x->arrival < y->arrival;
}

/* The clock, never backwards. Called with m->lock held. */
static u64 xtrail_merge_clock(struct xtrail_merge *m, u64 now)
{
	lockdep_assert_held(&m->lock);
	if (now > m->now)
		m->now = now;
	return m->now;
}

/* The latest time by which matured records may leave: @now's batch. */
static u64 xtrail_merge_cut(const struct xtrail_merge *m, u64 now)
{
	return m->batch_ns ? now - now % m->batch_ns : now;
}

/* Wake the readers at the cut after the oldest record matures. m->lock held. */
static void xtrail_merge_arm(struct xtrail_merge *m)
{
	struct rb_node *first = rb_first_cached(&m->win);
	struct xtrail_mrec *r;
	u64 due, ns = 0;

	lockdep_assert_held(&m->lock);
	if (!first || m->dying)
		return;
	r = rb_entry(first, struct xtrail_mrec, node);
	due = r->key + m->window_ns;
	if (m->batch_ns && due % m->batch_ns)
		due += m->batch_ns - due % m->batch_ns;
	if (due > m->now)
		ns = due - m->now;
	/* One jiffy more: the timer must not fire before the record is due. */
	timer_reduce(&m->timer, jiffies + nsecs_to_jiffies(ns) + 1);
}

/* Bytes @s may hold for a push with @flags. m->lock held. */
static u64 xtrail_merge_limit(struct xtrail_merge *m,
			      const struct xtrail_merge_src *s,
			      unsigned int flags)
{
	u64 lim = s->cap;

	lockdep_assert_held(&m->lock);
	if (XTRAIL_MSRC_GUEST(s->id) && m->guests_cap)
		lim = min(lim, div_u64(m->guests_cap, max(m->guests, 1u)));
	if (flags & XTRAIL_MPUSH_SPARE)
		lim -= lim / 4;
	return lim;
}

/**
 * xtrail_merge_push_flags - take a record from source @id
 * @now:   dom0's clock (xtrail_clock_ns()); recv_ns is stamped from it
 * @flags: XTRAIL_MPUSH_*
 *
 * @rec's header must be complete but for recv_ns. Any context. Returns 0,
 * -ENOSPC when the source holds its cap (or a guest source its share of
 * the guests' memory), -ENOMEM, or -ENOENT for a source not open. On error
 * the record was not taken and the caller keeps it.
 */
int xtrail_merge_push_flags(struct xtrail_merge *m, u32 id, void *rec,
			    u32 len, u64 now, unsigned int flags)
{
	struct xtrail_rec_hdr *h = rec;
	struct xtrail_merge_src *s;
	struct xtrail_mrec *r;
	unsigned long irqflags;
	u32 cost = xtrail_mrec_cost(len);
	int ret = 0;

	r = kmalloc(sizeof(*r) + len, GFP_ATOMIC | __GFP_NOWARN);
	spin_lock_irqsave(&m->lock, irqflags);
	s = xtrail_merge_src_find(m, id);
	if (!s || !s->opens) {
		ret = -ENOENT;
		goto out;
	}
	if (!r) {
		ret = -ENOMEM;
	} else if (s->used + cost > xtrail_merge_limit(m, s, flags)) {
		ret = -ENOSPC;
	} else {
		h->recv_ns = cpu_to_le64(xtrail_merge_clock(m, now));
		memcpy(r->rec, rec, len);
		r->len = len;
		r->src = s;
		r->key = xtrail_merge_key(h, m->xen, m->window_ns);
		r->arrival = m->arrivals++;
		rb_add_cached(&r->node, &m->win, xtrail_mrec_less);
		s->used += cost;
		if (XTRAIL_MSRC_GUEST(id))
			m->guests_used += cost;
		s->held++;
		s->pushed++;
		if (!timer_pending(&m->timer))
			xtrail_merge_arm(m);
		r = NULL;
	}
	if (ret)
		s->refused++;
out:
	spin_unlock_irqrestore(&m->lock, irqflags);
	kfree(r);
	return ret;
}

/* xtrail_merge_push_flags() without flags: up to the source's whole cap. */
int xtrail_merge_push(struct xtrail_merge *m, u32 id, void *rec, u32 len,
		      u64 now)
{
	return xtrail_merge_push_flags(m, id, rec, len, now, 0);
}

/* Move matured records to @out. m->lock held. True if @out has records. */
static bool __xtrail_merge_emit(struct xtrail_merge *m, u64 now)
{
	struct rb_node *first;
	struct xtrail_mrec *r;
	u64 cut;

	lockdep_assert_held(&m->lock);
	cut = xtrail_merge_cut(m, xtrail_merge_clock(m, now));
	while ((first = rb_first_cached(&m->win))) {
		r = rb_entry(first, struct xtrail_mrec, node);
		if (r->key + m->window_ns > cut)
			break;
		rb_erase_cached(first, &m->win);
		r->seq = m->next_seq++;
		list_add_tail(&r->link, &m->out);
	}
	return !list_empty(&m->out);
}

/**
 * xtrail_merge_emit - let out what has matured by @now
 *
 * Returns true when there is something to read.
 */
bool xtrail_merge_emit(struct xtrail_merge *m, u64 now)
{
	unsigned long flags;
	bool ret;

	spin_lock_irqsave(&m->lock, flags);
	ret = __xtrail_merge_emit(m, now);
	spin_unlock_irqrestore(&m->lock, flags);
	return ret;
}

/* Stream number of the record the next read returns. */
u64 xtrail_merge_read_seq(struct xtrail_merge *m)
{
	struct xtrail_mrec *r;
	unsigned long flags;
	u64 seq;

	spin_lock_irqsave(&m->lock, flags);
	r = list_first_entry_or_null(&m->out, struct xtrail_mrec, link);
	seq = r ? r->seq : m->next_seq;
	spin_unlock_irqrestore(&m->lock, flags);
	return seq;
}

/**
 * xtrail_merge_read - copy whole emitted records to @ubuf (or @kbuf)
 *
 * One reader at a time (the caller serialises). Records read move to the
 * unacknowledged list; nothing is freed. Returns bytes copied, 0 when
 * nothing is ready, -EMSGSIZE when the next record does not fit in @count,
 * or -EFAULT when nothing could be copied.
 */
ssize_t xtrail_merge_read(struct xtrail_merge *m, char __user *ubuf,
			  size_t count, void *kbuf)
{
	struct xtrail_mrec *r, *tmp;
	unsigned long flags;
	LIST_HEAD(batch);
	size_t done = 0, want = 0;
	ssize_t ret = 0;

	/* Take a batch off @out: only we remove from it, emitters append. */
	spin_lock_irqsave(&m->lock, flags);
	list_for_each_entry_safe(r, tmp, &m->out, link) {
		if (r->len > count - want)
			break;
		want += r->len;
		list_move_tail(&r->link, &batch);
	}
	r = list_first_entry_or_null(&m->out, struct xtrail_mrec, link);
	if (list_empty(&batch) && r)
		ret = -EMSGSIZE;
	spin_unlock_irqrestore(&m->lock, flags);
	if (ret)
		return ret;

	list_for_each_entry(r, &batch, link) {
		if (kbuf)
			memcpy(kbuf + done, r->rec, r->len);
		else if (copy_to_user(ubuf + done, r->rec, r->len))
			break;
		done += r->len;
	}

	/* What was copied is read; the rest goes back in front. */
	spin_lock_irqsave(&m->lock, flags);
	list_for_each_entry_safe(r, tmp, &batch, link) {
		if (ret + r->len > done)
			break;
		ret += r->len;
		list_move_tail(&r->link, &m->unacked);
	}
	list_splice(&batch, &m->out);
	spin_unlock_irqrestore(&m->lock, flags);
	return ret ? ret : (want ? -EFAULT : 0);
}

/**
 * xtrail_merge_ack - every record numbered below @seq is durable: free them
 *
 * Returns the number of records freed, or -EINVAL when @seq is beyond what
 * was read.
 */
int xtrail_merge_ack(struct xtrail_merge *m, u64 seq)
{
	struct xtrail_mrec *r, *tmp, *next;
	unsigned long flags;
	int n = 0;

	spin_lock_irqsave(&m->lock, flags);
	next = list_first_entry_or_null(&m->out, struct xtrail_mrec, link);
	if (seq > (next ? next->seq : m->next_seq)) {
		spin_unlock_irqrestore(&m->lock, flags);
		return -EINVAL;
	}
	list_for_each_entry_safe(r, tmp, &m->unacked, link) {
		if (r->seq >= seq)
			break;
		list_del(&r->link);
		xtrail_mrec_free(m, r);
		n++;
	}
	if (seq > m->ack_seq)
		m->ack_seq = seq;
	spin_unlock_irqrestore(&m->lock, flags);
	return n;
}

/* A new reader: what was read but not acknowledged is read again. */
void xtrail_merge_rewind(struct xtrail_merge *m)
{
	unsigned long flags;

	spin_lock_irqsave(&m->lock, flags);
	list_splice_init(&m->unacked, &m->out);
	spin_unlock_irqrestore(&m->lock, flags);
}

/* @cb: told by xtrail_merge_space_freed(); NULL: no one. */
void xtrail_merge_set_space_cb(struct xtrail_merge *m,
			       xtrail_merge_space_cb_t cb)
{
	WRITE_ONCE(m->space_cb, cb);
}

/* The reader acknowledged records (xtrail_merge_ack() > 0): room again. */
void xtrail_merge_space_freed(struct xtrail_merge *m)
{
	xtrail_merge_space_cb_t cb = READ_ONCE(m->space_cb);

	if (cb)
		cb();
}

static void xtrail_merge_timer(struct timer_list *t)
{
	struct xtrail_merge *m = from_timer(m, t, timer);
	u16 f = 0;
	unsigned long flags;
	bool ready;

	spin_lock_irqsave(&m->lock, flags);
	ready = __xtrail_merge_emit(m, xtrail_clock_ns(&f));
	xtrail_merge_arm(m);
	spin_unlock_irqrestore(&m->lock, flags);
	if (ready)
		wake_up_interruptible(&m->wait);
}

void xtrail_merge_setup(struct xtrail_merge *m, u64 window_ns, u64 batch_ns,
			u64 cap, bool xen)
{
	memset(m, 0, sizeof(*m));
	spin_lock_init(&m->lock);
	m->win = RB_ROOT_CACHED;
	INIT_LIST_HEAD(&m->out);
	INIT_LIST_HEAD(&m->unacked);
	INIT_LIST_HEAD(&m->srcs);
	init_waitqueue_head(&m->wait);
	timer_setup(&m->timer, xtrail_merge_timer, 0);
	do {
		m->stream_id = get_random_u64();
	} while (!m->stream_id);
	m->window_ns = window_ns;
	m->batch_ns = batch_ns;
	m->cap = cap;
	m->about_cap = cap;
	m->xen = xen;
}

/*
 * Before the first source opens: the quota of dom0's records about each
 * guest, and the guests' memory together (0: no limit).
 */
void xtrail_merge_set_limits(struct xtrail_merge *m, u64 about_cap,
			     u64 guests_cap)
{
	m->about_cap = about_cap;
	m->guests_cap = guests_cap;
}

/* Frees everything still held; returns how many records that was. */
static u64 __xtrail_merge_teardown(struct xtrail_merge *m)
{
	struct xtrail_merge_src *s, *stmp;
	struct xtrail_mrec *r, *tmp;
	struct rb_node *node;
	unsigned long flags;
	u64 n = 0;

	spin_lock_irqsave(&m->lock, flags);
	m->dying = true;
	spin_unlock_irqrestore(&m->lock, flags);
	del_timer_sync(&m->timer);

	spin_lock_irqsave(&m->lock, flags);
	while ((node = rb_first_cached(&m->win))) {
		rb_erase_cached(node, &m->win);
		list_add_tail(&rb_entry(node, struct xtrail_mrec, node)->link,
			      &m->out);
	}
	list_splice_init(&m->unacked, &m->out);
	list_for_each_entry_safe(r, tmp, &m->out, link) {
		list_del(&r->link);
		kfree(r);
		n++;
	}
	list_for_each_entry_safe(s, stmp, &m->srcs, node) {
		list_del(&s->node);
		kfree(s);
	}
	spin_unlock_irqrestore(&m->lock, flags);
	return n;
}

void xtrail_merge_teardown(struct xtrail_merge *m)
{
	__xtrail_merge_teardown(m);
}

/* ---- the module's stream ------------------------------------------------- */

static u64 xtrail_stream_now(void)
{
	u16 flags = 0;

	return xtrail_clock_ns(&flags);
}

/*
 * A validated record of a guest (its header's domid) or of dom0's own
 * events (domid 0). -ENOSPC or -ENOMEM: the caller keeps it.
 */
int xtrail_stream_push(void *rec, u32 len)
{
	struct xtrail_rec_hdr *h = rec;

	return xtrail_merge_push(&xtrail_stream, le16_to_cpu(h->domid), rec,
				 len, xtrail_stream_now());
}

/* Complete the header of a record dom0 made, at @now (flags @tsf). */
static void xtrail_dom0_hdr(struct xtrail_rec_hdr *h, u32 len, u64 now,
			    u16 tsf, unsigned int flags)
{
	h->len = cpu_to_le32(len);
	/* The maker's NO_TASK stays (FLOW: made on the packet path). */
	h->flags = cpu_to_le16(tsf | (le16_to_cpu(h->flags) &
				      XTRAIL_RF_NO_TASK));
	/* Made by the kernel, for no login session (unless someone acted). */
	if (!(flags & XTRAIL_MPUSH_WHO)) {
		h->loginuid = cpu_to_le32(AUDIT_UID_UNSET);
		h->sessionid = cpu_to_le32(AUDIT_SID_UNSET);
	}
	h->ts_ns = cpu_to_le64(now);
}

struct xtrail_dom0_lost_rec {
	struct xtrail_rec_hdr h;
	struct xtrail_dom0_lost l;
};

/* The DOM0_LOST record reporting @d's pending losses. d->lock held. */
static void xtrail_dom0_lost_fill(struct xtrail_dom0_src *d,
				  struct xtrail_dom0_lost_rec *r, u64 now,
				  u16 tsf)
{
	unsigned int i;

	lockdep_assert_held(&d->lock);
	memset(r, 0, sizeof(*r));
	r->h.type = cpu_to_le16(XTRAIL_REC_DOM0_LOST);
	r->h.domid = cpu_to_le16(d->domid);
	r->l.count = cpu_to_le64(d->lost);
	r->l.total = cpu_to_le64(d->lost_total);
	r->l.first_ns = cpu_to_le64(d->first_ns);
	r->l.last_ns = cpu_to_le64(d->last_ns);
	for (i = 0; i < XTRAIL_DOM0_LOST_TYPES; i++)
		r->l.by_type[i] = cpu_to_le32(d->by_type[i]);
	xtrail_dom0_hdr(&r->h, sizeof(*r), now, tsf, 0);
}

/* The pending losses were reported. d->lock held. */
static void xtrail_dom0_lost_reported(struct xtrail_dom0_src *d)
{
	lockdep_assert_held(&d->lock);
	d->lost = 0;
	memset(d->by_type, 0, sizeof(d->by_type));
}

/* A record of @type was refused at @now. d->lock held. */
static void xtrail_dom0_count(struct xtrail_dom0_src *d, u16 type, u64 now)
{
	unsigned int i = type - XTRAIL_REC_DOM0_FIRST;

	lockdep_assert_held(&d->lock);
	if (!d->lost)
		d->first_ns = now;
	d->last_ns = now;
	d->lost++;
	d->lost_total++;
	if (type >= XTRAIL_REC_DOM0_FIRST && i < XTRAIL_DOM0_LOST_TYPES &&
	    d->by_type[i] != U32_MAX)
		d->by_type[i]++;
}

void xtrail_dom0_src_init(struct xtrail_dom0_src *d)
{
	memset(d, 0, sizeof(*d));
	spin_lock_init(&d->lock);
}

/*
 * The records about guest @domid from now on: its own source, its own
 * quota (evidence_cap_kb). Losses not yet reported stay pending and are
 * reported ahead of the first record. Process context.
 */
int xtrail_dom0_src_open(struct xtrail_dom0_src *d, u16 domid)
{
	u32 id = XTRAIL_MSRC_ABOUT | domid;
	unsigned long flags;
	int ret;

	ret = xtrail_merge_src_open(&xtrail_stream, id);
	if (ret)
		return ret;
	spin_lock_irqsave(&d->lock, flags);
	d->id = id;
	d->domid = domid;
	d->open = true;
	spin_unlock_irqrestore(&d->lock, flags);
	return 0;
}

/*
 * No more records about the guest for now; those taken stay until
 * acknowledged. Losses not yet reported go out now among the control
 * records; if even those are full, they stay pending for the next open.
 */
void xtrail_dom0_src_close(struct xtrail_dom0_src *d)
{
	struct xtrail_dom0_lost_rec r;
	unsigned long flags;
	u16 tsf = 0;
	u64 now = xtrail_clock_ns(&tsf);

	spin_lock_irqsave(&d->lock, flags);
	if (!d->open) {
		spin_unlock_irqrestore(&d->lock, flags);
		return;
	}
	d->open = false;
	if (d->lost) {
		xtrail_dom0_lost_fill(d, &r, now, tsf);
		if (!xtrail_merge_push(&xtrail_stream, XTRAIL_MSRC_CONTROL,
				       &r, sizeof(r), now))
			xtrail_dom0_lost_reported(d);
	}
	spin_unlock_irqrestore(&d->lock, flags);
	xtrail_merge_src_close(&xtrail_stream, d->id);
}

/**
 * xtrail_dom0_push - keep a record dom0 made, in @d's source
 * @rec:   type and domid set, body filled; the rest of the header is
 *         completed here
 * @flags: XTRAIL_MPUSH_*
 *
 * Any context. A record the merge refuses is counted, and reported by a
 * DOM0_LOST record ahead of the next one it takes. Returns 0 or the
 * merge's error.
 */
int xtrail_dom0_push(struct xtrail_dom0_src *d, void *rec, u32 len,
		     unsigned int flags)
{
	struct xtrail_rec_hdr *h = rec;
	struct xtrail_dom0_lost_rec r;
	unsigned long irqflags;
	u16 tsf = 0;
	u64 now;
	int ret = 0;

	spin_lock_irqsave(&d->lock, irqflags);
	now = xtrail_clock_ns(&tsf);
	/* Within the record's own limit: a gap must not eat the reserve. */
	if (d->lost) {
		xtrail_dom0_lost_fill(d, &r, now, tsf);
		ret = xtrail_merge_push_flags(&xtrail_stream, d->id, &r,
					      sizeof(r), now, flags);
		if (!ret)
			xtrail_dom0_lost_reported(d);
	}
	if (!ret) {
		xtrail_dom0_hdr(h, len, now, tsf, flags);
		ret = xtrail_merge_push_flags(&xtrail_stream, d->id, rec, len,
					      now, flags);
	}
	if (ret)
		xtrail_dom0_count(d, le16_to_cpu(h->type), now);
	spin_unlock_irqrestore(&d->lock, irqflags);
	if (ret)
		pr_warn_ratelimited("merge full (%d), dom0 record type %#x about domain %u lost (counted)\n",
				    ret, le16_to_cpu(h->type), d->domid);
	return ret;
}

/* A control record made by dom0 (about no guest, such as CLOCK). */
int xtrail_stream_push_dom0(void *rec, u32 len)
{
	return xtrail_dom0_push(&xtrail_control, rec, len, 0);
}

/* The same for a record whose header names who acted (control.c). */
int xtrail_stream_push_who(void *rec, u32 len)
{
	return xtrail_dom0_push(&xtrail_control, rec, len, XTRAIL_MPUSH_WHO);
}

int xtrail_merge_init(void)
{
	unsigned int ms = min(merge_window_ms, XTRAIL_MERGE_WINDOW_MAX_MS);
	unsigned int bms = min(merge_batch_ms, XTRAIL_MERGE_BATCH_MAX_MS);
	unsigned int kb = max(merge_cap_kb, XTRAIL_MERGE_CAP_MIN_KB);

	unsigned int ekb = max(evidence_cap_kb, XTRAIL_MERGE_CAP_MIN_KB);
	unsigned int tkb = merge_total_kb ? max(merge_total_kb, kb) : 0;

	xtrail_merge_setup(&xtrail_stream, (u64)ms * NSEC_PER_MSEC,
			   (u64)bms * NSEC_PER_MSEC, (u64)kb << 10,
			   xtrail_clock_is_xen());
	xtrail_merge_set_limits(&xtrail_stream, (u64)ekb << 10,
				(u64)tkb << 10);
	xtrail_dom0_src_init(&xtrail_control);
	xtrail_control.id = XTRAIL_MSRC_CONTROL;
	pr_info("merge: window %u ms, batches of %u ms, %u KiB per source, %u KiB of records about each guest, %u KiB for all guests, key %s\n",
		ms, bms, kb, ekb, tkb,
		xtrail_stream.xen ? "Xen system time" : "dom0 receipt time");
	return 0;
}

void xtrail_merge_uninit(void)
{
	u64 n = __xtrail_merge_teardown(&xtrail_stream);

	if (n)
		pr_warn("unloading with %llu records not acknowledged by the daemon\n",
			n);
}
