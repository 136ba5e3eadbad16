// SPDX-License-Identifier: GPL-2.0
/*
 * A backend's connection to its guest's rings, and the data path.
 *
 * Connecting (xenbus.c read and bounded the ring description): map the
 * index page and the data pages of every ring, bind the event channel with
 * the lateeoi variant, log a CONNECT record. The guest notifies us only
 * when a quarter of a ring has filled, and we poll every poll_ms for the
 * rest, so that a busy guest costs one event per 16 KiB of records and a
 * quiet one none at all. Event-channel interrupts only queue the consumer
 * work; the EOI is sent when the work has looked at the rings, flagged
 * spurious when it found nothing, so an event storm is throttled by Xen
 * (XSA-332).
 *
 * The work consumes every ring (consumer.c validates), each record going
 * through the evidence checks (evidence.c) into the merge (merge.c); a
 * record the merge refuses stays in the ring until the merge has room.
 *
 * A ring that breaks the protocol is stopped at once: a VIOLATION record
 * names the guest and the fault, the ring is unmapped, a DISCONNECT record
 * follows and the device is switched to Closing with the reason in
 * xenstore. Disconnecting (the frontend closing, the device going away)
 * drains what is left in the rings first: what each ring held when the
 * drain began (prod read once: a ring's worth at most, whatever the guest
 * does meanwhile), within the guest's cap in the merge like any record.
 * What does not fit stays in the ring, written but not taken: the guest
 * counts it lost.
 *
 * The records dom0 makes about the guest (CONNECT, DISCONNECT, VIOLATION
 * here, the evidence, its VM identity: vmid.c) go into the guest's own quota in the merge
 * (be->about), so that no guest can crowd out those about another; one
 * that finds the quota full is counted and reported in-band (DOM0_LOST).
 */
#include <linux/interrupt.h>
#include <linux/lockdep.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <xen/events.h>
#include <xen/xenbus.h>

#include "xtrail_ring.h"
#include "xtrail_genl.h"
#include "backends.h"
#include "consumer.h"
#include "control.h"
#include "counters.h"
#include "fault.h"
#include "evidence.h"
#include "interface.h"
#include "merge.h"

#define XTRAIL_BUDGET 256	/* records per ring and work pass */
#define XTRAIL_POLL_MS_MIN 10u	/* poll_ms is not taken below this */

static unsigned int poll_ms = 200;
module_param_cb(poll_ms, &xtrail_param_ops_uint, &poll_ms, 0644);
MODULE_PARM_DESC(poll_ms, "how often (ms) each guest's rings are polled between events");

static void xtrail_back_source_rec(struct xtrail_back *be, u16 type,
				   u32 reason)
{
	struct {
		struct xtrail_rec_hdr h;
		struct xtrail_source s;
	} r = {};
	u64 records, bytes;

	r.h.type = cpu_to_le16(type);
	r.h.domid = cpu_to_le16(be->dev->otherend_id);
	r.s.reason = cpu_to_le32(reason);
	xtrail_back_totals(be, &records, &bytes);
	r.s.ring_order = cpu_to_le32(be->order);
	r.s.records = cpu_to_le64(records);
	r.s.bytes = cpu_to_le64(bytes);
	xtrail_dom0_push(&be->about, &r, sizeof(r), 0);
}

static void xtrail_back_violation_rec(struct xtrail_back *be)
{
	struct xtrail_consumer *c = &be->rings[be->bad_ring].cons;
	struct {
		struct xtrail_rec_hdr h;
		struct xtrail_violation v;
	} r = {};

	r.h.type = cpu_to_le16(XTRAIL_REC_VIOLATION);
	r.h.domid = cpu_to_le16(be->dev->otherend_id);
	r.v.reason = cpu_to_le32(c->bad);
	r.v.ring = cpu_to_le32(be->bad_ring);
	r.v.prod = cpu_to_le32(c->bad_prod);
	r.v.cons = cpu_to_le32(c->cons);
	r.v.rec_len = cpu_to_le32(c->bad_len);
	r.v.rec_type = cpu_to_le32(c->bad_type);
	xtrail_dom0_push(&be->about, &r, sizeof(r), 0);
	WRITE_ONCE(be->violations, be->violations + 1);
	xtrail_back_event(XTRAIL_NL_EV_VIOLATION, be->dev->otherend_id, c->bad);
	dev_warn(&be->dev->dev,
		 "domain %d violated the ring protocol: %s (ring %d prod %u cons %u len %u type %u), disconnecting\n",
		 be->dev->otherend_id, xtrail_verdict_str(c->bad), be->bad_ring,
		 c->bad_prod, c->cons, c->bad_len, c->bad_type);
}

/* The guest's evidence goes into its own quota (be->about). */
static int xtrail_back_evidence_push(struct xtrail_evidence *ev, void *rec,
				     u32 len, bool spare)
{
	struct xtrail_back *be = container_of(ev, struct xtrail_back, ev);

	return xtrail_dom0_push(&be->about, rec, len,
				spare ? XTRAIL_MPUSH_SPARE : 0);
}

/* The guest's VM identity records go into its own quota too. */
static int xtrail_back_vmid_push(struct xtrail_vmid *vm, void *rec, u32 len)
{
	struct xtrail_back *be = container_of(vm, struct xtrail_back, vmid);

	return xtrail_dom0_push(&be->about, rec, len, 0);
}

/* A record was taken from @c's ring: count its losses, copy it to watchers. */
static void xtrail_back_delivered(struct xtrail_consumer *c, const void *rec,
				  u32 len)
{
	struct xtrail_back_ring *r = container_of(c, struct xtrail_back_ring,
						  cons);
	const struct xtrail_rec_hdr *h = rec;
	const struct xtrail_lost *l = (const void *)(h + 1);

	/* @rec is the private copy, already validated. */
	if (le16_to_cpu(h->type) == XTRAIL_REC_LOST &&
	    len >= sizeof(*h) + sizeof(*l))
		WRITE_ONCE(r->lost, r->lost + le64_to_cpu(l->count));
	xtrail_back_record(c->domid, rec, len);
}

static int xtrail_back_deliver(struct xtrail_consumer *c, void *rec, u32 len)
{
	struct xtrail_back_ring *r = container_of(c, struct xtrail_back_ring,
						  cons);
	int ret;

	xtrail_evidence_record(r->ev, c->ring, rec);
	ret = xtrail_stream_push(rec, len);
	if (!ret) {
		xtrail_back_delivered(c, rec, len);
		xtrail_evidence_taken(r->ev, c->ring, rec);
	}
	return ret;
}

/*
 * Consume every ring, each within its budget, starting at a different ring
 * each pass so that no vCPU's ring is always served last. A ring that
 * breaks the protocol is stopped for good (its consumer refuses to run
 * again), but the pass goes on with the others: what the guest's other
 * vCPUs published is checked record by record like any, and stays
 * evidence. Returns records delivered, -EPROTO when a ring is stopped
 * (be->bad_ring: the first one), or -EAGAIN (budget exhausted). *@full is
 * set when a ring stopped because the merge had no room for this guest:
 * its records (heartbeats included) are still in the ring, so the pass did
 * not drain it. @drain (disconnecting): each ring only up to the prod it
 * had at this pass, with no budget (xtrail_consume_drain()).
 */
static int xtrail_back_consume(struct xtrail_back *be, unsigned int budget,
			       bool drain, bool *full)
{
	unsigned int i, n = be->nr_rings, start = be->next;
	int ret, done = 0, again = 0, proto = 0;

	*full = false;
	be->next = (start + 1) % n;
	for (i = 0; i < n; i++) {
		unsigned int r = (start + i) % n;

		/* Process context, up to 64 rings' budgets in a row. */
		cond_resched();
		if (drain)
			ret = xtrail_consume_drain(&be->rings[r].cons);
		else
			ret = xtrail_consume(&be->rings[r].cons, budget);
		if (ret == -EPROTO) {
			if (be->bad_ring < 0)
				be->bad_ring = r;
			proto = 1;
		} else if (ret == -EAGAIN) {
			again = 1;
		} else if (ret == -ENOSPC) {
			*full = true;
		} else if (ret > 0) {
			done += ret;
		}
	}
	if (proto)
		return -EPROTO;
	return again ? -EAGAIN : done;
}

static void xtrail_back_work(struct work_struct *work)
{
	struct xtrail_back *be = container_of(work, struct xtrail_back, work);
	bool stopped = xtrail_back_paused(be);
	bool full = false;
	int ret = stopped ? 0 : xtrail_back_consume(be, XTRAIL_BUDGET, false,
						     &full);

	/* An event that brought nothing counts towards Xen's throttling. */
	if (atomic_xchg(&be->eoi_pending, 0)) {
		if (ret == 0)
			atomic64_inc(&be->ev.spurious);
		xen_irq_lateeoi(READ_ONCE(be->eoi_irq),
				ret == 0 ? XEN_EOI_FLAG_SPURIOUS : 0);
	}
	xtrail_evidence_tick(&be->ev, !stopped && !full && ret >= 0);
	if (ret == -EPROTO)
		schedule_work(&be->stop_work);
	else if (ret == -EAGAIN)
		queue_work(system_unbound_wq, &be->work);
}

static void xtrail_back_poll(struct work_struct *work)
{
	struct xtrail_back *be = container_of(to_delayed_work(work),
					      struct xtrail_back, poll);

	queue_work(system_unbound_wq, &be->work);
	schedule_delayed_work(&be->poll,
			      msecs_to_jiffies(max(READ_ONCE(poll_ms),
						   XTRAIL_POLL_MS_MIN)));
}

static irqreturn_t xtrail_back_interrupt(int irq, void *dev_id)
{
	struct xtrail_back *be = dev_id;

	/*
	 * An event the guest sent before we bound fires during the bind,
	 * before be->irq is set: the work EOIs the irq the handler saw.
	 */
	WRITE_ONCE(be->eoi_irq, irq);
	atomic64_inc(&be->ev.events);
	atomic_set(&be->eoi_pending, 1);
	queue_work(system_unbound_wq, &be->work);
	return IRQ_HANDLED;
}

static void xtrail_back_unmap(struct xtrail_back *be)
{
	unsigned int i;

	for (i = 0; i < be->nr_rings; i++) {
		struct xtrail_back_ring *r = &be->rings[i];

		xtrail_consumer_uninit(&r->cons);
		if (r->data) {
			xenbus_unmap_ring_vfree(be->dev, r->data);
			atomic_sub(1 << be->order, &xtrail_live.pages);
		}
		if (r->intf) {
			xenbus_unmap_ring_vfree(be->dev, r->intf);
			atomic_dec(&xtrail_live.pages);
		}
	}
	kfree(be->rings);
	be->rings = NULL;
}

/* Its records already taken stay in the merge until acknowledged. */
static void xtrail_back_leave_merge(struct xtrail_back *be)
{
	xtrail_dom0_src_close(&be->about);
	if (be->merged)
		xtrail_merge_src_close(&xtrail_stream, be->dev->otherend_id);
	be->merged = false;
}

/* Called with be->lock held. */
static void xtrail_back_disconnect(struct xtrail_back *be, u32 reason)
{
	u64 records, bytes;
	bool full = false;
	int ret;

	lockdep_assert_held(&be->lock);
	if (!be->rings)
		return;
	/* No kicks, no interrupts, no consumer work after this block. */
	xtrail_back_set_connected(be, false);
	if (be->irq > 0)
		disable_irq(be->irq);
	cancel_delayed_work_sync(&be->poll);
	cancel_work_sync(&be->work);
	if (be->irq > 0) {
		unbind_from_irqhandler(be->irq, be);
		atomic_dec(&xtrail_live.irqs);
		be->irq = 0;
	}
	/*
	 * Drain what the guest had published when it went away, and no more.
	 * After a violation, only the rings that kept the protocol.
	 */
	ret = xtrail_back_consume(be, 0, true, &full);
	if (ret == -EPROTO && reason != XTRAIL_DISC_VIOLATION) {
		xtrail_back_violation_rec(be);
		reason = XTRAIL_DISC_VIOLATION;
	}
	/* The guest can make this happen at every disconnect: rate-limited. */
	if (full || ret == -EAGAIN)
		dev_warn_ratelimited(&be->dev->dev,
			 "domain %d: %s at disconnect, records left in its rings\n",
			 be->dev->otherend_id,
			 full ? "merge full" : "records still coming");
	xtrail_vmid_disconnect(&be->vmid);
	xtrail_back_source_rec(be, XTRAIL_REC_DISCONNECT, reason);
	WRITE_ONCE(be->reason, reason);
	xtrail_back_event(XTRAIL_NL_EV_DISCONNECT, be->dev->otherend_id, reason);
	xtrail_back_totals(be, &records, &bytes);
	xtrail_back_unmap(be);
	xtrail_back_leave_merge(be);
	dev_info(&be->dev->dev, "domain %d disconnected (%llu records)\n",
		 be->dev->otherend_id, records);
}

static void xtrail_back_stop_work(struct work_struct *work)
{
	struct xtrail_back *be = container_of(work, struct xtrail_back,
					      stop_work);

	mutex_lock(&be->lock);
	if (be->rings) {
		unsigned int bad = be->rings[be->bad_ring].cons.bad;

		xtrail_back_violation_rec(be);
		xtrail_back_disconnect(be, XTRAIL_DISC_VIOLATION);
		xenbus_dev_fatal(be->dev, -EPROTO, "ring protocol violation: %s",
				 xtrail_verdict_str(bad));
	}
	mutex_unlock(&be->lock);
}

/* Map ring @i, whose index page is granted as @ref, then its data pages. */
static int xtrail_back_map_ring(struct xtrail_back *be, unsigned int i,
				grant_ref_t ref, struct xtrail_refusal *why)
{
	struct xenbus_device *dev = be->dev;
	struct xtrail_back_ring *r = &be->rings[i];
	grant_ref_t refs[XTRAIL_DATA_PAGES_MAX];
	unsigned int j, n = 1u << be->order;
	struct xtrail_ring_intf *intf;
	char key[16];
	int err;

	snprintf(key, sizeof(key), XTRAIL_XS_RING_REF, i);
	why->what = "mapping index page";
	err = xenbus_map_ring_valloc(dev, &ref, 1, &r->intf);
	if (err)
		goto refused;
	atomic_inc(&xtrail_live.pages);
	intf = r->intf;
	why->what = "checking index page";
	if (le32_to_cpu(READ_ONCE(intf->magic)) != XTRAIL_RING_MAGIC) {
		err = -EPROTO;
		goto refused;
	}
	/* Copied once: the guest may change them under us. */
	for (j = 0; j < n; j++)
		refs[j] = le32_to_cpu(READ_ONCE(intf->ref[j]));
	why->what = "mapping data pages";
	err = xenbus_map_ring_valloc(dev, refs, n, &r->data);
	if (err)
		goto refused;
	atomic_add(n, &xtrail_live.pages);
	r->ev = &be->ev;
	why->what = "allocating consumer";
	err = xtrail_consumer_init(&r->cons, intf, r->data, be->order,
				   dev->otherend_id, i, be->nr_rings,
				   xtrail_back_deliver);
	if (err)
		xtrail_refusal_set(why, XTRAIL_REFUSED_DOM0, err, "", NULL, 0);
	return err;

refused:
	xtrail_refusal_num(why, XTRAIL_REFUSED_MAP, err, key, ref);
	return err;
}

/**
 * xtrail_back_connect - take up the rings @desc describes
 * @why: set to what was wrong when it fails
 *
 * Joins the merge, maps every ring, binds the event channel and logs a
 * CONNECT record. Called with be->lock held, @be disconnected. On error
 * nothing is left mapped or bound. The consumer work runs on events from
 * now on; xtrail_back_start() starts the poll.
 */
int xtrail_back_connect(struct xtrail_back *be,
			const struct xtrail_back_desc *desc,
			struct xtrail_refusal *why)
{
	struct xenbus_device *dev = be->dev;
	unsigned int i;
	int err;

	lockdep_assert_held(&be->lock);
	be->order = desc->order;
	be->nr_rings = desc->nr_rings;
	why->what = "joining the merge";
	err = xtrail_merge_src_open(&xtrail_stream, dev->otherend_id);
	if (err)
		goto fail_dom0;
	be->merged = true;
	err = xtrail_dom0_src_open(&be->about, dev->otherend_id);
	if (err)
		goto fail_dom0;
	why->what = "allocating rings";
	be->bad_ring = -1;
	be->rings = kcalloc(be->nr_rings, sizeof(*be->rings), GFP_KERNEL);
	if (!be->rings) {
		err = -ENOMEM;
		goto fail_dom0;
	}
	for (i = 0; i < be->nr_rings; i++) {
		err = xtrail_back_map_ring(be, i, desc->ref[i], why);
		if (err)
			goto fail;
	}
	/* Before the first event can queue the work that reads it. */
	xtrail_evidence_connect(&be->ev, dev->otherend_id,
				xtrail_back_evidence_push);
	why->what = "binding event channel";
	err = xtrail_fault_at("connect") ?:
	      bind_interdomain_evtchn_to_irqhandler_lateeoi(dev, desc->evtchn,
			xtrail_back_interrupt, 0, "xtrail-back", be);
	/* Out of memory or irqs is dom0's failure, not the guest's port. */
	if (err == -ENOMEM || err == -ENOSPC)
		goto fail_dom0;
	if (err < 0) {
		xtrail_refusal_num(why, XTRAIL_REFUSED_EVTCHN, err,
				   XTRAIL_XS_EVTCHN, desc->evtchn);
		goto fail;
	}
	be->irq = err;
	atomic_inc(&xtrail_live.irqs);
	be->next = 0;
	xtrail_back_set_connected(be, true);

	/* Who the guest is, by dom0's own keys, ahead of its CONNECT. */
	xtrail_vmid_connect(&be->vmid, dev->otherend_id);
	xtrail_back_source_rec(be, XTRAIL_REC_CONNECT, XTRAIL_DISC_NONE);
	return 0;

fail_dom0:
	xtrail_refusal_set(why, XTRAIL_REFUSED_DOM0, err, "", NULL, 0);
fail:
	if (be->rings)
		xtrail_back_unmap(be);
	xtrail_back_leave_merge(be);
	return err;
}

/* Connected: records may already be waiting; the poll takes them. */
void xtrail_back_start(struct xtrail_back *be)
{
	schedule_delayed_work(&be->poll, 0);
}

/* Drain the rings and let them go (if connected), with @reason. */
void xtrail_back_close(struct xtrail_back *be, u32 reason)
{
	mutex_lock(&be->lock);
	xtrail_back_disconnect(be, reason);
	mutex_unlock(&be->lock);
}

void xtrail_back_intf_init(struct xtrail_back *be)
{
	mutex_init(&be->lock);
	xtrail_dom0_src_init(&be->about);
	xtrail_vmid_init(&be->vmid, xtrail_back_vmid_push);
	INIT_WORK(&be->work, xtrail_back_work);
	INIT_DELAYED_WORK(&be->poll, xtrail_back_poll);
	INIT_WORK(&be->stop_work, xtrail_back_stop_work);
}

/* After the last xtrail_back_close(). */
void xtrail_back_intf_uninit(struct xtrail_back *be)
{
	/* Disconnected: nothing can queue stop_work any more. */
	cancel_work_sync(&be->stop_work);
	xtrail_vmid_uninit(&be->vmid);
}
