// SPDX-License-Identifier: GPL-2.0
/*
 * The consumer side of a guest ring. Everything in the shared pages is
 * under the guest's control and may change while we look at it, so:
 * the producer index is read once per pass and checked against our own
 * consumer index and the ring size; each record's header is copied out and
 * its length checked against what was published; then the whole record is
 * copied out again and only that private copy is validated and used. A
 * guest that rewrites a record between the two copies is caught because the
 * second copy's length must match the first. Any violation stops the ring
 * for good and is reported to the caller with its details.
 */
#include <linux/slab.h>
#include <linux/string.h>
#include <asm/barrier.h>

#include "xtrail_ring.h"
#include "consumer.h"
#include "clock.h"

/* Reads of prod per xtrail_consume() call: one, and a look after cons_event. */
#define XTRAIL_CONSUME_PASSES	2

static int xtrail_consumer_bad(struct xtrail_consumer *c, unsigned int v,
			       u32 prod, u32 len, u32 type)
{
	c->bad = v;
	c->bad_prod = prod;
	c->bad_len = len;
	c->bad_type = type;
	return -EPROTO;
}

int xtrail_consumer_init(struct xtrail_consumer *c,
			 struct xtrail_ring_intf *intf, const void *data,
			 unsigned int order, u16 domid, u16 ring,
			 u16 nr_rings, xtrail_deliver_t deliver)
{
	memset(c, 0, sizeof(*c));
	c->buf = kmalloc(XTRAIL_REC_MAX, GFP_KERNEL);
	if (!c->buf)
		return -ENOMEM;
	c->intf = intf;
	c->data = data;
	c->size = xtrail_ring_size(order);
	c->domid = domid;
	c->ring = ring;
	c->nr_rings = nr_rings;
	c->deliver = deliver;
	/* Start where the guest says; the first pass checks it like any. */
	c->cons = le32_to_cpu(READ_ONCE(intf->cons));
	if (c->cons % XTRAIL_REC_ALIGN)
		xtrail_consumer_bad(c, XTRAIL_BAD_INDEX,
				    le32_to_cpu(READ_ONCE(intf->prod)), 0, 0);
	return 0;
}

void xtrail_consumer_uninit(struct xtrail_consumer *c)
{
	kfree(c->buf);
	c->buf = NULL;
}


/*
 * Take up to @budget records, in at most @passes reads of prod: the guest
 * can keep prod moving as long as it likes, so neither the records nor the
 * passes are left unbounded. Returns as xtrail_consume() does.
 */
static int __xtrail_consume(struct xtrail_consumer *c, unsigned int budget,
			    unsigned int passes)
{
	struct xtrail_rec_hdr *h = (struct xtrail_rec_hdr *)c->buf;
	unsigned int done = 0;
	u32 prod, avail, len;
	u16 dummy = 0;
	int ret = 0;

	if (c->bad)
		return -EPROTO;
again:
	passes--;
	prod = le32_to_cpu(READ_ONCE(c->intf->prod));
	/* Read the producer index before the records it covers. */
	virt_rmb();
	if (xtrail_ring_check(prod, c->cons, c->size) != XTRAIL_OK)
		return xtrail_consumer_bad(c, XTRAIL_BAD_INDEX, prod, 0, 0);

	while (c->cons != prod) {
		unsigned int v;

		if (done == budget) {
			ret = -EAGAIN;
			break;
		}
		avail = xtrail_ring_used(prod, c->cons);
		if (avail < sizeof(*h)) {
			ret = xtrail_consumer_bad(c, XTRAIL_BAD_SHORT, prod,
						  0, 0);
			break;
		}
		xtrail_ring_read(h, c->data, c->size, c->cons, sizeof(*h));
		len = le32_to_cpu(h->len);
		v = xtrail_hdr_check(h, avail);
		if (v != XTRAIL_OK) {
			ret = xtrail_consumer_bad(c, v, prod, len,
						  le16_to_cpu(h->type));
			break;
		}
		/* The private copy; nothing below reads the shared pages. */
		xtrail_ring_read(c->buf, c->data, c->size, c->cons, len);
		v = xtrail_rec_check(c->buf, len, 1);
		if (v == XTRAIL_OK &&
		    le16_to_cpu(h->vcpu) % c->nr_rings != c->ring)
			v = XTRAIL_BAD_RING;
		if (v != XTRAIL_OK) {
			ret = xtrail_consumer_bad(c, v, prod, len,
						  le16_to_cpu(h->type));
			break;
		}

		h->domid = cpu_to_le16(c->domid);
		h->recv_ns = cpu_to_le64(xtrail_clock_ns(&dummy));
		ret = c->deliver(c, c->buf, len);
		if (ret)
			break;
		c->cons += len;
		c->records++;
		c->bytes += len;
		done++;
	}

	/*
	 * Finish reading the records before handing the space back, the
	 * records taken before a violation too: the guest counts what we
	 * did not take as lost.
	 */
	virt_mb();
	WRITE_ONCE(c->intf->cons, cpu_to_le32(c->cons));
	if (ret)
		return ret;

	/*
	 * Ask for an event once a quarter of the ring has filled (the backend
	 * polls for trickles), then look once more.
	 */
	WRITE_ONCE(c->intf->cons_event, cpu_to_le32(c->cons + c->size / 4));
	/* cons_event must be visible before we re-read prod (see producer). */
	virt_mb();
	if (le32_to_cpu(READ_ONCE(c->intf->prod)) == c->cons)
		return done;
	if (passes)
		goto again;
	return -EAGAIN;
}

/**
 * xtrail_consume - take up to @budget records from the ring
 *
 * Reads prod at most XTRAIL_CONSUME_PASSES times. Returns the number of
 * records delivered (0: ring empty), -ENOSPC when the sink is full (call
 * again when it drains), -EPROTO on a violation (details in @c; the ring
 * must not be consumed again), -EAGAIN when the budget or the passes ran
 * out with records left.
 */
int xtrail_consume(struct xtrail_consumer *c, unsigned int budget)
{
	return __xtrail_consume(c, budget, XTRAIL_CONSUME_PASSES);
}

/**
 * xtrail_consume_drain - take what the guest had published, and no more
 *
 * For a disconnect: prod is read once, so at most one ring's worth of
 * records is taken however the guest moves prod meanwhile. Returns as
 * xtrail_consume() does; -EAGAIN when records came after that read.
 */
int xtrail_consume_drain(struct xtrail_consumer *c)
{
	return __xtrail_consume(c, UINT_MAX, 1);
}
