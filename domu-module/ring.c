// SPDX-License-Identifier: GPL-2.0
/*
 * The producer side of the guest -> dom0 ring (see xtrail_proto.h).
 *
 * Records are numbered here: every record the probes produce takes the next
 * sequence number, whether it reaches the ring or not. A record that does
 * not fit (ring full, or no ring while the backend is away) is counted as
 * lost; a LOST record carrying the count and the range of sequence numbers
 * goes into the ring ahead of the next record that fits. The probes never
 * wait: a full ring costs a counter increment.
 *
 * The producer state outlives connections, so sequence numbers continue
 * across a reconnect and the records generated while disconnected are
 * reported by the first LOST record of the new connection.
 */
#include <linux/spinlock.h>
#include <linux/string.h>
#include <xen/events.h>

#include "xtrail_encode.h"
#include "ring.h"

static struct {
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
} xtrail_prod;

void xtrail_ring_init(void)
{
	raw_spin_lock_init(&xtrail_prod.lock);
}

void xtrail_ring_uninit(void)
{
	xtrail_ring_detach();
}

void xtrail_ring_attach(struct xtrail_ring_intf *intf, void *data,
			unsigned int order, evtchn_port_t evtchn)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&xtrail_prod.lock, flags);
	xtrail_prod.size = xtrail_ring_size(order);
	xtrail_prod.prod = le32_to_cpu(READ_ONCE(intf->prod));
	xtrail_prod.data = data;
	xtrail_prod.evtchn = evtchn;
	xtrail_prod.intf = intf;
	raw_spin_unlock_irqrestore(&xtrail_prod.lock, flags);
}

/* After this returns no probe touches the ring pages. */
void xtrail_ring_detach(void)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&xtrail_prod.lock, flags);
	xtrail_prod.intf = NULL;
	xtrail_prod.data = NULL;
	raw_spin_unlock_irqrestore(&xtrail_prod.lock, flags);
}

static void xtrail_ring_put(const void *rec, u32 len)
{
	xtrail_ring_write(xtrail_prod.data, xtrail_prod.size, xtrail_prod.prod,
			  rec, len);
	xtrail_prod.prod += len;
	xtrail_prod.st.written++;
	xtrail_prod.st.bytes += len;
}

static void xtrail_ring_drop(void)
{
	if (!xtrail_prod.pending_lost)
		xtrail_prod.pending_first = xtrail_prod.seq;
	xtrail_prod.pending_lost++;
	xtrail_prod.st.lost++;
	xtrail_prod.seq++;
}

/*
 * Write one record (rec's header filled, seq unset), preceded by a LOST
 * record if drops are pending. Called from probe context.
 */
void xtrail_ring_commit(void *rec, u32 len)
{
	struct xtrail_rec_hdr *h = rec;
	struct xtrail_ring_intf *intf;
	u32 old, space, need, event;
	unsigned long flags;

	raw_spin_lock_irqsave(&xtrail_prod.lock, flags);
	xtrail_prod.st.generated++;
	intf = xtrail_prod.intf;
	if (!intf) {
		xtrail_ring_drop();
		goto out;
	}

	/* dom0 is trusted, but a stale or bogus cons must not hurt us. */
	space = xtrail_ring_space(xtrail_prod.prod,
				  le32_to_cpu(READ_ONCE(intf->cons)),
				  xtrail_prod.size);
	if (space > xtrail_prod.size)
		space = 0;
	need = len;
	if (xtrail_prod.pending_lost)
		need += sizeof(xtrail_prod.lost_rec);
	if (need > space) {
		xtrail_ring_drop();
		goto out;
	}

	old = xtrail_prod.prod;
	if (xtrail_prod.pending_lost) {
		struct xtrail_rec_hdr *lh = (void *)xtrail_prod.lost_rec;
		u32 llen;

		/* The LOST record describes the drops with @rec's context. */
		memcpy(lh, h, sizeof(*lh));
		llen = xtrail_lost_finish(lh, xtrail_prod.pending_lost,
					  xtrail_prod.pending_first);
		lh->seq = cpu_to_le64(xtrail_prod.seq++);
		xtrail_ring_put(lh, llen);
		xtrail_prod.pending_lost = 0;
	}
	h->seq = cpu_to_le64(xtrail_prod.seq++);
	xtrail_ring_put(rec, len);

	/* The record bytes must be visible before the new producer index. */
	virt_wmb();
	WRITE_ONCE(intf->prod, cpu_to_le32(xtrail_prod.prod));
	/* Publish prod before reading the consumer's event threshold. */
	virt_mb();
	event = le32_to_cpu(READ_ONCE(intf->cons_event));
	if ((u32)(xtrail_prod.prod - event) < (u32)(xtrail_prod.prod - old) &&
	    xtrail_prod.evtchn) {
		/* Under the lock: the port cannot be freed meanwhile. */
		notify_remote_via_evtchn(xtrail_prod.evtchn);
		xtrail_prod.st.notifies++;
	}
out:
	raw_spin_unlock_irqrestore(&xtrail_prod.lock, flags);
}

void xtrail_ring_stats(struct xtrail_prod_stats *st)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&xtrail_prod.lock, flags);
	*st = xtrail_prod.st;
	raw_spin_unlock_irqrestore(&xtrail_prod.lock, flags);
}
