// SPDX-License-Identifier: GPL-2.0
/*
 * The producer side of the guest -> dom0 rings (see xtrail_proto.h).
 *
 * One ring per vCPU: a record goes to ring (vcpu % nr_rings), where vcpu is
 * the CPU the probe ran on, so with no more vCPUs than rings each ring has a
 * single producer. Each ring's lock is then only ever taken by its own CPU
 * (with interrupts off, so that a probe in interrupt context cannot
 * interleave); it exists for the guests with more vCPUs than rings, and to
 * let a detach wait for a commit in progress.
 *
 * Records are numbered per ring: every record a probe produces takes the
 * ring's next sequence number, whether it reaches the ring or not. A record
 * that does not fit (ring full, or no ring while the backend is away) is
 * counted as lost; a LOST record carrying the count and the range of
 * sequence numbers goes into the ring ahead of the next record that fits.
 * The probes never wait: a full ring costs a counter increment.
 *
 * The producer state outlives connections, so sequence numbers continue
 * across a reconnect and the records generated while disconnected are
 * reported by the first LOST record of the new connection.
 *
 * What dom0 did not take of a ring is lost with it. When we detach a ring,
 * dom0 may have let go of it already (its backend drains and unmaps before
 * it closes: a module reload, a violation) or still be draining it (we
 * closed first: our unbind, the toolstack's detach), so we keep a
 * reference to its pages and look at its final consumer index when the
 * next connection attaches (dom0 is done with the old rings by then). The
 * records dom0 never took are withdrawn: counted lost, no longer written,
 * and their sequence numbers given back, so that the first LOST record of
 * the new connection reports them, from the first number dom0 did not see,
 * together with the drops since (LOST records among them are withdrawn
 * too: that one record reports their drops again).
 */
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/timekeeping.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <xen/events.h>

#include "xtrail_encode.h"
#include "ring.h"

/**
 * struct xtrail_ring_pages - a ring's pages, each holding a reference of ours
 * @page: the index page, then the data pages
 * @nr:   how many (0: none)
 * @size: the ring's size in bytes
 * @prod: our producer index when it was detached
 */
struct xtrail_ring_pages {
	struct page *page[1 + XTRAIL_DATA_PAGES_MAX];
	unsigned int nr;
	u32 size;
	u32 prod;
};

struct xtrail_prod {
	raw_spinlock_t lock;
	struct xtrail_ring_intf *intf;	/* NULL when not connected */
	void *data;
	u32 size;
	u32 prod;
	evtchn_port_t evtchn;		/* 0: do not notify (tests) */
	u64 seq;			/* next sequence number */
	u64 pending_lost;		/* dropped, not yet reported */
	u64 pending_first;
	u8 lost_rec[sizeof(struct xtrail_rec_hdr) + sizeof(struct xtrail_lost)];
	struct xtrail_prod_stats st;
	struct xtrail_ring_pages cur;	/* the attached ring's */
	struct xtrail_ring_pages old;	/* the last ring detached */
} ____cacheline_aligned_in_smp;

static struct xtrail_prod *xtrail_rings;
static unsigned int xtrail_nr_rings;

/* Flood mode "wait": how long a producer may wait for space (0: drop). */
static u64 xtrail_flood_wait_ns;

void xtrail_ring_set_flood_wait(u32 us)
{
	WRITE_ONCE(xtrail_flood_wait_ns, (u64)us * NSEC_PER_USEC);
}

int xtrail_ring_init(unsigned int nr_rings)
{
	unsigned int i;

	xtrail_rings = kcalloc(nr_rings, sizeof(*xtrail_rings), GFP_KERNEL);
	if (!xtrail_rings)
		return -ENOMEM;
	for (i = 0; i < nr_rings; i++)
		raw_spin_lock_init(&xtrail_rings[i].lock);
	xtrail_nr_rings = nr_rings;
	return 0;
}

static void xtrail_ring_pages_put(struct xtrail_ring_pages *pg)
{
	unsigned int i;

	for (i = 0; i < pg->nr; i++)
		put_page(pg->page[i]);
	pg->nr = 0;
}

void xtrail_ring_uninit(void)
{
	unsigned int i;

	/* dom0 may still drain the last rings: it reports what it takes. */
	for (i = 0; i < xtrail_nr_rings; i++) {
		xtrail_ring_detach(i);
		xtrail_ring_pages_put(&xtrail_rings[i].old);
	}
	xtrail_nr_rings = 0;
	kfree(xtrail_rings);
	xtrail_rings = NULL;
}

unsigned int xtrail_ring_count(void)
{
	return xtrail_nr_rings;
}

static struct page *xtrail_ring_page(void *addr)
{
	return is_vmalloc_addr(addr) ? vmalloc_to_page(addr) :
				       virt_to_page(addr);
}

/* A reference to each page of the ring (@intf: a page of its own). */
static void xtrail_ring_pages_get(struct xtrail_ring_pages *pg, void *intf,
				  void *data, unsigned int order)
{
	unsigned int i;

	pg->size = xtrail_ring_size(order);
	pg->page[0] = xtrail_ring_page(intf);
	for (i = 0; i < 1u << order; i++)
		pg->page[1 + i] = xtrail_ring_page(data + i * PAGE_SIZE);
	pg->nr = 1 + (1u << order);
	for (i = 0; i < pg->nr; i++)
		get_page(pg->page[i]);
}

/* Copy @len bytes at stream index @idx out of a detached ring. */
static void xtrail_ring_pages_read(const struct xtrail_ring_pages *pg,
				   void *dst, u32 idx, u32 len)
{
	u32 off, in;

	while (len) {
		off = idx & (pg->size - 1);
		in = min_t(u32, len, PAGE_SIZE - offset_in_page(off));
		memcpy_from_page(dst, pg->page[1 + off / PAGE_SIZE],
				 offset_in_page(off), in);
		dst += in;
		idx += in;
		len -= in;
	}
}

/*
 * The records dom0 did not take of a detached ring: @first is the first
 * sequence number they use (a LOST record's range included), @next the
 * one after them, @records those that are not LOST records, @dropped the
 * sum of the LOST records' counts, @n all of them; @ours: they are records
 * as we write them, in sequence.
 */
struct xtrail_untaken {
	u64 first, next, records, dropped;
	u32 n;
	bool ours;
};

static void xtrail_ring_untaken(const struct xtrail_ring_pages *pg, u32 cons,
				struct xtrail_untaken *u)
{
	struct xtrail_rec_hdr h;
	struct xtrail_lost l;
	u64 seq, from;
	u32 at, len;

	memset(u, 0, sizeof(*u));
	u->ours = true;
	for (at = cons; at != pg->prod; at += len) {
		xtrail_ring_pages_read(pg, &h, at, sizeof(h));
		len = le32_to_cpu(h.len);
		if (len < sizeof(h) || len > pg->prod - at ||
		    len % XTRAIL_REC_ALIGN) {
			u->ours = false;
			return;
		}
		seq = le64_to_cpu(h.seq);
		from = seq;
		if (h.type == cpu_to_le16(XTRAIL_REC_LOST) &&
		    len >= sizeof(h) + sizeof(l)) {
			xtrail_ring_pages_read(pg, &l, at + sizeof(h),
					       sizeof(l));
			from = le64_to_cpu(l.first_seq);
			if (le64_to_cpu(l.last_seq) + 1 != seq)
				u->ours = false;
			u->dropped += le64_to_cpu(l.count);
		} else {
			u->records++;
		}
		if (!u->n)
			u->first = from;
		else if (from != u->next)
			u->ours = false;
		u->next = seq + 1;
		u->n++;
	}
}

/*
 * dom0 is done with the ring detached last: withdraw what it did not take
 * (see the top of this file). Called with the lock held.
 */
static u64 xtrail_ring_withdraw(struct xtrail_prod *p)
{
	const struct xtrail_ring_pages *pg = &p->old;
	const struct xtrail_ring_intf *intf;
	struct xtrail_untaken u;
	u32 cons;

	intf = kmap_local_page(pg->page[0]);
	cons = le32_to_cpu(READ_ONCE(intf->cons));
	kunmap_local(intf);
	/* A bogus consumer index: nothing we can tell. */
	if (pg->prod - cons > pg->size || cons % XTRAIL_REC_ALIGN)
		return 0;
	xtrail_ring_untaken(pg, cons, &u);
	if (!u.n)
		return 0;
	p->st.written -= u.n;
	p->st.lost += u.records;
	/* Not our records in sequence: counted, but no range to report. */
	if (!u.ours ||
	    u.next != (p->pending_lost ? p->pending_first : p->seq))
		return u.records;
	p->pending_lost += u.records + u.dropped;
	p->pending_first = u.first;
	p->seq = u.first + p->pending_lost;
	return u.records;
}

/*
 * Called in process context with the ring's pages (the index page @intf
 * must be a page of its own); settles the ring detached before.
 */
void xtrail_ring_attach(unsigned int ring, struct xtrail_ring_intf *intf,
			void *data, unsigned int order, evtchn_port_t evtchn)
{
	struct xtrail_prod *p = &xtrail_rings[ring];
	struct xtrail_ring_pages cur, old;
	unsigned long flags;
	u64 withdrawn = 0;

	xtrail_ring_detach(ring);
	xtrail_ring_pages_get(&cur, intf, data, order);
	raw_spin_lock_irqsave(&p->lock, flags);
	if (p->old.nr)
		withdrawn = xtrail_ring_withdraw(p);
	old = p->old;
	p->old.nr = 0;
	p->cur = cur;
	p->size = xtrail_ring_size(order);
	p->prod = le32_to_cpu(READ_ONCE(intf->prod));
	p->data = data;
	p->evtchn = evtchn;
	p->intf = intf;
	raw_spin_unlock_irqrestore(&p->lock, flags);
	xtrail_ring_pages_put(&old);
	if (withdrawn)
		pr_info("ring %u: %llu records dom0 did not take, reported lost\n",
			ring, withdrawn);
}

/*
 * After this returns no probe touches the ring's pages; we keep a reference
 * to them until the next attach settles what dom0 did not take.
 */
void xtrail_ring_detach(unsigned int ring)
{
	struct xtrail_prod *p = &xtrail_rings[ring];
	struct xtrail_ring_pages old = { .nr = 0 };
	unsigned long flags;

	raw_spin_lock_irqsave(&p->lock, flags);
	if (p->intf) {
		old = p->old;
		p->old = p->cur;
		p->old.prod = p->prod;
		p->cur.nr = 0;
	}
	p->intf = NULL;
	p->data = NULL;
	raw_spin_unlock_irqrestore(&p->lock, flags);
	xtrail_ring_pages_put(&old);
}

static void xtrail_ring_put(struct xtrail_prod *p, const void *rec, u32 len)
{
	xtrail_ring_write(p->data, p->size, p->prod, rec, len);
	p->prod += len;
	p->st.written++;
	p->st.bytes += len;
}

static void xtrail_ring_drop(struct xtrail_prod *p)
{
	if (!p->pending_lost)
		p->pending_first = p->seq;
	p->pending_lost++;
	p->st.lost++;
	p->seq++;
}

static u32 xtrail_ring_free_space(struct xtrail_prod *p,
				  struct xtrail_ring_intf *intf)
{
	u32 space = xtrail_ring_space(p->prod,
				      le32_to_cpu(READ_ONCE(intf->cons)),
				      p->size);

	/* dom0 is trusted, but a stale or bogus cons must not hurt us. */
	return space > p->size ? 0 : space;
}

/*
 * Flood mode "wait", like auditd's backlog wait: a producer in task context
 * asks dom0 to drain now and spins, bounded, until @need bytes are free.
 * The probes cannot sleep, so this is a busy wait of at most
 * XTRAIL_FLOOD_WAIT_MAX microseconds, with this ring's lock held.
 */
static bool xtrail_ring_wait(struct xtrail_prod *p,
			     struct xtrail_ring_intf *intf, u32 need)
{
	u64 wait = READ_ONCE(xtrail_flood_wait_ns), start, now;
	bool room;

	if (!wait || !in_task())
		return false;
	p->st.waits++;
	if (p->evtchn)
		notify_remote_via_evtchn(p->evtchn);
	start = ktime_get_mono_fast_ns();
	do {
		cpu_relax();
		room = xtrail_ring_free_space(p, intf) >= need;
		now = ktime_get_mono_fast_ns();
	} while (!room && now - start < wait);
	p->st.wait_ns += now - start;
	p->st.wait_max_ns = max(p->st.wait_max_ns, now - start);
	return room;
}

/*
 * A heartbeat's counters describe its ring up to, not including, the
 * heartbeat itself, LOST records written in the same commit included, so
 * that for the records before it delivered + lost == generated exactly.
 */
static void xtrail_ring_heartbeat_counters(struct xtrail_prod *p, void *rec)
{
	struct xtrail_heartbeat *hb = (void *)((u8 *)rec +
					       sizeof(struct xtrail_rec_hdr));

	hb->generated = cpu_to_le64(p->st.generated - 1);
	hb->written = cpu_to_le64(p->st.written);
	hb->lost = cpu_to_le64(p->st.lost);
}

/*
 * Write one record (header filled, seq unset) to its vCPU's ring, preceded
 * by a LOST record if drops are pending. Called from probe context.
 */
void xtrail_ring_commit(void *rec, u32 len)
{
	struct xtrail_rec_hdr *h = rec;
	struct xtrail_prod *p;
	struct xtrail_ring_intf *intf;
	u32 old, space, need, event;
	unsigned long flags;

	p = &xtrail_rings[le16_to_cpu(h->vcpu) % xtrail_nr_rings];
	raw_spin_lock_irqsave(&p->lock, flags);
	p->st.generated++;
	intf = p->intf;
	if (!intf) {
		xtrail_ring_drop(p);
		goto out;
	}

	space = xtrail_ring_free_space(p, intf);
	need = len;
	if (p->pending_lost)
		need += sizeof(p->lost_rec);
	if (need > space && xtrail_ring_wait(p, intf, need))
		space = need;
	if (need > space) {
		xtrail_ring_drop(p);
		goto out;
	}

	old = p->prod;
	if (p->pending_lost) {
		struct xtrail_rec_hdr *lh = (void *)p->lost_rec;
		u32 llen;

		/* The LOST record describes the drops with @rec's context. */
		memcpy(lh, h, sizeof(*lh));
		llen = xtrail_lost_finish(lh, p->pending_lost,
					  p->pending_first);
		lh->seq = cpu_to_le64(p->seq++);
		xtrail_ring_put(p, lh, llen);
		p->pending_lost = 0;
	}
	if (h->type == cpu_to_le16(XTRAIL_REC_HEARTBEAT))
		xtrail_ring_heartbeat_counters(p, rec);
	h->seq = cpu_to_le64(p->seq++);
	xtrail_ring_put(p, rec, len);

	/* The record bytes must be visible before the new producer index. */
	virt_wmb();
	WRITE_ONCE(intf->prod, cpu_to_le32(p->prod));
	/* Publish prod before reading the consumer's event threshold. */
	virt_mb();
	event = le32_to_cpu(READ_ONCE(intf->cons_event));
	if ((u32)(p->prod - event) < (u32)(p->prod - old) && p->evtchn) {
		/* Under the lock: the port cannot be freed meanwhile. */
		notify_remote_via_evtchn(p->evtchn);
		p->st.notifies++;
	}
out:
	raw_spin_unlock_irqrestore(&p->lock, flags);
}

static void xtrail_ring_ring_stats(unsigned int ring,
				  struct xtrail_prod_stats *st)
{
	struct xtrail_prod *p = &xtrail_rings[ring];
	unsigned long flags;

	raw_spin_lock_irqsave(&p->lock, flags);
	*st = p->st;
	raw_spin_unlock_irqrestore(&p->lock, flags);
}

/* The sum over all rings. */
void xtrail_ring_stats(struct xtrail_prod_stats *st)
{
	struct xtrail_prod_stats r;
	unsigned int i;

	memset(st, 0, sizeof(*st));
	for (i = 0; i < xtrail_nr_rings; i++) {
		xtrail_ring_ring_stats(i, &r);
		st->generated += r.generated;
		st->written += r.written;
		st->lost += r.lost;
		st->bytes += r.bytes;
		st->notifies += r.notifies;
		st->waits += r.waits;
		st->wait_ns += r.wait_ns;
		st->wait_max_ns = max(st->wait_max_ns, r.wait_max_ns);
	}
}
