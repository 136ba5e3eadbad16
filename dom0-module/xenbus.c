// SPDX-License-Identifier: GPL-2.0
/*
 * The xenbus backend: one instance per attached guest.
 *
 * probe() advertises the protocol version and the largest ring we map and
 * waits in InitWait. When the frontend is Connected we read its ring
 * description (guest-written: every value is parsed once, bounded, and
 * only then used), map the index page and the data pages, bind the event
 * channel with the lateeoi variant, log a CONNECT record and switch to
 * Connected. The guest notifies us only when a quarter of a ring has
 * filled, and we poll every poll_ms for the rest, so that a busy guest
 * costs one event per 16 KiB of records and a quiet one none at all.
 * Event-channel interrupts only queue the consumer work; the EOI is sent
 * when the work has looked at the rings, flagged spurious when it found
 * nothing, so an event storm is throttled by Xen (XSA-332).
 *
 * A ring that breaks the protocol is stopped at once: a VIOLATION record
 * names the guest and the fault, the ring is unmapped, a DISCONNECT record
 * follows and the device is switched to Closing with the reason in
 * xenstore. The frontend closing, the toolstack removing the device, or
 * this module going away, drain what is left in the ring and disconnect.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <linux/mutex.h>
#include <linux/interrupt.h>
#include <xen/xen.h>
#include <xen/xenbus.h>
#include <xen/events.h>
#include <xen/grant_table.h>

#include "xtrail_ring.h"
#include "xtrail_genl.h"
#include "compat.h"
#include "chardev.h"
#include "consumer.h"
#include "counters.h"
#include "evidence.h"
#include "merge.h"
#include "netlink.h"
#include "xenbus.h"

#define XTRAIL_BUDGET 256	/* records per ring and work pass */

static bool paused;
module_param(paused, bool, 0644);
MODULE_PARM_DESC(paused, "stop taking records from the guests' rings (they fill, then count losses)");

static unsigned int poll_ms = 200;
module_param(poll_ms, uint, 0644);
MODULE_PARM_DESC(poll_ms, "how often (ms) each guest's rings are polled between events");

struct xtrail_back_ring {
	void *intf;			/* mapped index page */
	void *data;			/* mapped data pages */
	struct xtrail_consumer cons;
	u64 lost;			/* sum of its LOST records' counts */
	struct xtrail_seq_state seq;	/* evidence: sequence check */
	struct xtrail_evidence *ev;	/* the guest's, in struct xtrail_back */
};

struct xtrail_back {
	struct xenbus_device *dev;
	struct list_head node;
	struct mutex lock;		/* connect / disconnect */
	bool connected;			/* consumers running (xtrail_backs_lock) */
	bool merged;			/* a source of the merge */
	unsigned int order;
	unsigned int nr_rings;
	struct xtrail_back_ring *rings;	/* NULL when disconnected */
	unsigned int next;		/* ring the next work pass starts at */
	int bad_ring;			/* ring that broke the protocol */
	int irq;
	int eoi_irq;			/* the irq the handler last saw */
	atomic_t eoi_pending;
	struct work_struct work;	/* consume */
	struct delayed_work poll;	/* queue @work every poll_ms */
	struct work_struct stop_work;	/* disconnect after a violation */
	/* For the control plane (netlink.c): */
	bool paused;			/* this guest's rings are not consumed */
	u32 reason;			/* of the last disconnect */
	u64 violations;
	char name[XTRAIL_NAME_LEN];	/* /local/domain/<domid>/name */
	struct xtrail_evidence ev;	/* gaps, heartbeats, event counts */
};

static void xtrail_back_totals(struct xtrail_back *be, u64 *records,
			       u64 *bytes)
{
	unsigned int i;

	*records = 0;
	*bytes = 0;
	for (i = 0; be->rings && i < be->nr_rings; i++) {
		*records += be->rings[i].cons.records;
		*bytes += be->rings[i].cons.bytes;
	}
}

static LIST_HEAD(xtrail_backs);
static DEFINE_SPINLOCK(xtrail_backs_lock);
/* Held by control commands using a backend, and to take one off the list. */
static DEFINE_MUTEX(xtrail_backs_ctl);

static void xtrail_back_delivered(struct xtrail_consumer *c, const void *rec,
				  u32 len);
static void xtrail_back_read_name(struct xtrail_back *be);

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
	xtrail_sink_push_dom0(&r, sizeof(r));
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
	xtrail_sink_push_dom0(&r, sizeof(r));
	WRITE_ONCE(be->violations, be->violations + 1);
	xtrail_nl_notify(XTRAIL_NL_EV_VIOLATION, be->dev->otherend_id,
			 c->bad);
	dev_warn(&be->dev->dev,
		 "domain %d violated the ring protocol: %s (ring %d prod %u cons %u len %u type %u), disconnecting\n",
		 be->dev->otherend_id, xtrail_verdict_str(c->bad), be->bad_ring,
		 c->bad_prod, c->cons, c->bad_len, c->bad_type);
}

static int xtrail_back_deliver(struct xtrail_consumer *c, void *rec, u32 len)
{
	struct xtrail_back_ring *r = container_of(c, struct xtrail_back_ring,
						  cons);
	int ret;

	xtrail_evidence_record(r->ev, &r->seq, c->ring, rec);
	ret = xtrail_sink_push(rec, len);
	if (!ret) {
		xtrail_back_delivered(c, rec, len);
		xtrail_evidence_taken(&r->seq, rec);
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
 * not drain it.
 */
static int xtrail_back_consume(struct xtrail_back *be, unsigned int budget,
			       bool *full)
{
	unsigned int i, n = be->nr_rings, start = be->next;
	int ret, done = 0, again = 0, proto = 0;

	*full = false;
	be->next = (start + 1) % n;
	for (i = 0; i < n; i++) {
		unsigned int r = (start + i) % n;

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
	bool stopped = READ_ONCE(paused) || READ_ONCE(be->paused);
	bool full = false;
	int ret = stopped ? 0 : xtrail_back_consume(be, XTRAIL_BUDGET, &full);

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
			      msecs_to_jiffies(max(READ_ONCE(poll_ms), 10u)));
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
	if (be->merged)
		xtrail_merge_src_close(&xtrail_stream, be->dev->otherend_id);
	be->merged = false;
}

/* Called with be->lock held. */
static void xtrail_back_disconnect(struct xtrail_back *be, u32 reason)
{
	u64 records, bytes;
	bool full = false;

	if (!be->rings)
		return;
	/* No kicks, no interrupts, no consumer work after this block. */
	spin_lock(&xtrail_backs_lock);
	be->connected = false;
	spin_unlock(&xtrail_backs_lock);
	if (be->irq > 0)
		disable_irq(be->irq);
	cancel_delayed_work_sync(&be->poll);
	cancel_work_sync(&be->work);
	if (be->irq > 0) {
		unbind_from_irqhandler(be->irq, be);
		atomic_dec(&xtrail_live.irqs);
		be->irq = 0;
	}
	/* Drain what the guest published before it went away. */
	xtrail_merge_src_drain(&xtrail_stream, be->dev->otherend_id);
	/* After a violation, only the rings that kept the protocol. */
	if (xtrail_back_consume(be, UINT_MAX, &full) == -EPROTO &&
	    reason != XTRAIL_DISC_VIOLATION) {
		xtrail_back_violation_rec(be);
		reason = XTRAIL_DISC_VIOLATION;
	}
	if (full)
		dev_warn(&be->dev->dev,
			 "domain %d: merge full at disconnect, records left in its rings\n",
			 be->dev->otherend_id);
	xtrail_back_source_rec(be, XTRAIL_REC_DISCONNECT, reason);
	WRITE_ONCE(be->reason, reason);
	xtrail_nl_notify(XTRAIL_NL_EV_DISCONNECT, be->dev->otherend_id, reason);
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

/* Read the guest's ring description: each value once, bounded. */
static int xtrail_back_read_desc(struct xtrail_back *be, unsigned int *evtchn)
{
	struct xenbus_device *dev = be->dev;
	unsigned int version, order, nr;

	version = xenbus_read_unsigned(dev->otherend, XTRAIL_XS_VERSION, 0);
	order = xenbus_read_unsigned(dev->otherend, XTRAIL_XS_RING_ORDER, ~0u);
	nr = xenbus_read_unsigned(dev->otherend, XTRAIL_XS_NUM_RINGS, 0);
	if (version != XTRAIL_PROTO_VERSION ||
	    order < XTRAIL_RING_ORDER_MIN || order > XTRAIL_RING_ORDER_MAX ||
	    nr < 1 || nr > XTRAIL_RINGS_MAX)
		return -EPROTO;
	if (xenbus_scanf(XBT_NIL, dev->otherend, XTRAIL_XS_EVTCHN, "%u",
			 evtchn) != 1)
		return -EPROTO;
	be->order = order;
	be->nr_rings = nr;
	return 0;
}

/* Map ring @i: its index page, then the data pages it lists. */
static int xtrail_back_map_ring(struct xtrail_back *be, unsigned int i,
				const char **what)
{
	struct xenbus_device *dev = be->dev;
	struct xtrail_back_ring *r = &be->rings[i];
	grant_ref_t ref, refs[XTRAIL_DATA_PAGES_MAX];
	unsigned int j, n = 1u << be->order;
	struct xtrail_ring_intf *intf;
	char key[16];
	int err;

	*what = "reading ring reference";
	snprintf(key, sizeof(key), XTRAIL_XS_RING_REF, i);
	if (xenbus_scanf(XBT_NIL, dev->otherend, key, "%u", &ref) != 1)
		return -EPROTO;
	*what = "mapping index page";
	err = xenbus_map_ring_valloc(dev, &ref, 1, &r->intf);
	if (err)
		return err;
	atomic_inc(&xtrail_live.pages);
	intf = r->intf;
	*what = "checking index page";
	if (le32_to_cpu(READ_ONCE(intf->magic)) != XTRAIL_RING_MAGIC)
		return -EPROTO;
	/* Copied once: the guest may change them under us. */
	for (j = 0; j < n; j++)
		refs[j] = le32_to_cpu(READ_ONCE(intf->ref[j]));
	*what = "mapping data pages";
	err = xenbus_map_ring_valloc(dev, refs, n, &r->data);
	if (err)
		return err;
	atomic_add(n, &xtrail_live.pages);
	r->ev = &be->ev;
	*what = "allocating consumer";
	return xtrail_consumer_init(&r->cons, intf, r->data, be->order,
				    dev->otherend_id, i, be->nr_rings,
				    xtrail_back_deliver);
}

static void xtrail_back_connect(struct xtrail_back *be)
{
	struct xenbus_device *dev = be->dev;
	unsigned int evtchn, i;
	const char *what;
	int err;

	mutex_lock(&be->lock);
	if (be->rings)
		goto out;

	what = "reading ring description";
	err = xtrail_back_read_desc(be, &evtchn);
	if (err)
		goto fail;
	what = "joining the merge";
	err = xtrail_merge_src_open(&xtrail_stream, dev->otherend_id);
	if (err)
		goto fail;
	be->merged = true;
	what = "allocating rings";
	be->bad_ring = -1;
	be->rings = kcalloc(be->nr_rings, sizeof(*be->rings), GFP_KERNEL);
	if (!be->rings) {
		err = -ENOMEM;
		goto fail;
	}
	for (i = 0; i < be->nr_rings; i++) {
		err = xtrail_back_map_ring(be, i, &what);
		if (err)
			goto fail;
	}
	/* Before the first event can queue the work that reads it. */
	xtrail_evidence_connect(&be->ev, dev->otherend_id);
	what = "binding event channel";
	err = bind_interdomain_evtchn_to_irqhandler_lateeoi(dev, evtchn,
			xtrail_back_interrupt, 0, "xtrail-back", be);
	if (err < 0)
		goto fail;
	be->irq = err;
	atomic_inc(&xtrail_live.irqs);
	be->next = 0;
	spin_lock(&xtrail_backs_lock);
	be->connected = true;
	spin_unlock(&xtrail_backs_lock);

	xtrail_back_source_rec(be, XTRAIL_REC_CONNECT, XTRAIL_DISC_NONE);
	xtrail_back_read_name(be);
	xtrail_nl_notify(XTRAIL_NL_EV_CONNECT, dev->otherend_id, 0);
	xenbus_switch_state(dev, XenbusStateConnected);
	dev_info(&dev->dev, "domain %d connected, %u rings of %u KiB\n",
		 dev->otherend_id, be->nr_rings,
		 xtrail_ring_size(be->order) / 1024);
	/* Records may already be waiting; the poll takes them. */
	schedule_delayed_work(&be->poll, 0);
	goto out;

fail:
	if (be->rings)
		xtrail_back_unmap(be);
	xtrail_back_leave_merge(be);
	xenbus_dev_fatal(dev, err, "%s", what);
out:
	mutex_unlock(&be->lock);
}

static void xtrail_back_close(struct xtrail_back *be, u32 reason)
{
	mutex_lock(&be->lock);
	xtrail_back_disconnect(be, reason);
	mutex_unlock(&be->lock);
}

static void xtrail_back_changed(struct xenbus_device *dev,
				enum xenbus_state frontend_state)
{
	struct xtrail_back *be = dev_get_drvdata(&dev->dev);

	switch (frontend_state) {
	case XenbusStateInitialising:
		/* The frontend starts over (guest module reloaded). */
		if (dev->state == XenbusStateClosed)
			xenbus_switch_state(dev, XenbusStateInitWait);
		break;
	case XenbusStateInitialised:
	case XenbusStateConnected:
		if (dev->state == XenbusStateInitWait)
			xtrail_back_connect(be);
		break;
	case XenbusStateClosing:
		xtrail_back_close(be, XTRAIL_DISC_FRONTEND);
		xenbus_switch_state(dev, XenbusStateClosing);
		break;
	case XenbusStateClosed:
		/* A fresh backend waits for a frontend that closed earlier. */
		if (dev->state == XenbusStateInitWait)
			break;
		xtrail_back_close(be, XTRAIL_DISC_FRONTEND);
		xenbus_switch_state(dev, XenbusStateClosed);
		if (xenbus_dev_is_online(dev))
			break;
		fallthrough;
	case XenbusStateUnknown:
		xtrail_back_close(be, XTRAIL_DISC_FRONTEND);
		device_unregister(&dev->dev);
		break;
	default:
		break;
	}
}

static int xtrail_back_probe(struct xenbus_device *dev,
			     const struct xenbus_device_id *id)
{
	struct xenbus_transaction xbt;
	struct xtrail_back *be;
	int err;

	be = kzalloc(sizeof(*be), GFP_KERNEL);
	if (!be)
		return -ENOMEM;
	be->dev = dev;
	mutex_init(&be->lock);
	INIT_WORK(&be->work, xtrail_back_work);
	INIT_DELAYED_WORK(&be->poll, xtrail_back_poll);
	INIT_WORK(&be->stop_work, xtrail_back_stop_work);
	dev_set_drvdata(&dev->dev, be);

again:
	err = xenbus_transaction_start(&xbt);
	if (err)
		goto fail;
	err = xenbus_printf(xbt, dev->nodename, XTRAIL_XS_VERSIONS, "%u",
			    XTRAIL_PROTO_VERSION);
	if (!err)
		err = xenbus_printf(xbt, dev->nodename, XTRAIL_XS_MAX_ORDER,
				    "%u", XTRAIL_RING_ORDER_MAX);
	if (!err)
		err = xenbus_printf(xbt, dev->nodename, XTRAIL_XS_MAX_RINGS,
				    "%u", XTRAIL_RINGS_MAX);
	if (err) {
		xenbus_transaction_end(xbt, 1);
		goto fail;
	}
	err = xenbus_transaction_end(xbt, 0);
	if (err == -EAGAIN)
		goto again;
	if (err)
		goto fail;

	spin_lock(&xtrail_backs_lock);
	list_add_tail(&be->node, &xtrail_backs);
	spin_unlock(&xtrail_backs_lock);
	atomic_inc(&xtrail_live.backends);
	xenbus_switch_state(dev, XenbusStateInitWait);
	return 0;

fail:
	xenbus_dev_fatal(dev, err, "writing backend features");
	dev_set_drvdata(&dev->dev, NULL);
	kfree(be);
	return err;
}

static void xtrail_back_remove(struct xenbus_device *dev)
{
	struct xtrail_back *be = dev_get_drvdata(&dev->dev);

	mutex_lock(&xtrail_backs_ctl);	/* no control command uses it now */
	spin_lock(&xtrail_backs_lock);
	list_del(&be->node);
	spin_unlock(&xtrail_backs_lock);
	mutex_unlock(&xtrail_backs_ctl);
	xtrail_back_close(be, XTRAIL_DISC_BACKEND);
	/* Disconnected: nothing can queue stop_work any more. */
	cancel_work_sync(&be->stop_work);
	dev_set_drvdata(&dev->dev, NULL);
	kfree(be);
	atomic_dec(&xtrail_live.backends);
}
XTRAIL_XENBUS_REMOVE_WRAPPER(xtrail_back_remove)

/* The merge has room again: resume rings that stalled on their cap. */
void xtrail_back_kick_all(void)
{
	struct xtrail_back *be;

	spin_lock(&xtrail_backs_lock);
	list_for_each_entry(be, &xtrail_backs, node)
		if (READ_ONCE(be->connected))
			queue_work(system_unbound_wq, &be->work);
	spin_unlock(&xtrail_backs_lock);
}

/* For the evidence counters in sysfs; NULL once the device is unbound. */
struct xtrail_evidence *xtrail_back_evidence(struct device *dev)
{
	struct xtrail_back *be = dev_get_drvdata(dev);

	return be ? &be->ev : NULL;
}

static const struct xenbus_device_id xtrail_back_ids[] = {
	{ XTRAIL_DEVICE_TYPE },
	{ "" }
};

static struct xenbus_driver xtrail_back_driver = {
	.ids = xtrail_back_ids,
	.probe = xtrail_back_probe,
	.remove = XTRAIL_XENBUS_REMOVE(xtrail_back_remove),
	.otherend_changed = xtrail_back_changed,
	.driver = { .dev_groups = xtrail_evidence_groups },
};

int xtrail_back_init(void)
{
	return xenbus_register_backend(&xtrail_back_driver);
}

void xtrail_back_uninit(void)
{
	xenbus_unregister_driver(&xtrail_back_driver);
}

/* ---- the control plane's view of the backends (netlink.c) ---------------- */

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
	xtrail_nl_record(c->domid, rec, len);
}

/* The domain's name, for status: the guest may own it, so bound and clean. */
static void xtrail_back_read_name(struct xtrail_back *be)
{
	char dir[32], *name;
	unsigned int i;

	snprintf(dir, sizeof(dir), "/local/domain/%u", be->dev->otherend_id);
	name = xenbus_read(XBT_NIL, dir, "name", NULL);
	be->name[0] = '\0';
	if (IS_ERR(name))
		return;
	strscpy(be->name, name, sizeof(be->name));
	kfree(name);
	for (i = 0; be->name[i]; i++)
		if (be->name[i] < 0x20 || be->name[i] > 0x7e)
			be->name[i] = '?';
}

static u32 xtrail_back_devid(struct xtrail_back *be)
{
	const char *p = strrchr(be->dev->nodename, '/');
	unsigned int devid = 0;

	return p && !kstrtouint(p + 1, 10, &devid) ? devid : 0;
}

/* The backend of (@domid, @devid), devid < 0: the first. Ctl lock held. */
static struct xtrail_back *xtrail_back_find(u16 domid, s64 devid)
{
	struct xtrail_back *be, *found = NULL;

	spin_lock(&xtrail_backs_lock);
	list_for_each_entry(be, &xtrail_backs, node)
		if (be->dev->otherend_id == domid &&
		    (devid < 0 || xtrail_back_devid(be) == devid)) {
			found = be;
			break;
		}
	spin_unlock(&xtrail_backs_lock);
	return found;
}

/* Fill @info for the @pos'th backend; -ENOENT past the last. */
int xtrail_back_get_info(unsigned int pos, struct xtrail_back_info *info)
{
	struct xtrail_back *be, *found = NULL;
	unsigned int i;

	memset(info, 0, sizeof(*info));
	mutex_lock(&xtrail_backs_ctl);
	spin_lock(&xtrail_backs_lock);
	list_for_each_entry(be, &xtrail_backs, node)
		if (!pos--) {
			found = be;
			break;
		}
	spin_unlock(&xtrail_backs_lock);
	if (!found) {
		mutex_unlock(&xtrail_backs_ctl);
		return -ENOENT;
	}
	be = found;
	mutex_lock(&be->lock);
	info->domid = be->dev->otherend_id;
	info->devid = xtrail_back_devid(be);
	strscpy(info->name, be->name, sizeof(info->name));
	info->paused = READ_ONCE(paused) || READ_ONCE(be->paused);
	info->reason = be->reason;
	info->violations = READ_ONCE(be->violations);
	if (be->rings) {
		info->state = XTRAIL_SRC_CONNECTED;
		info->nr_rings = be->nr_rings;
		xtrail_back_totals(be, &info->records, &info->bytes);
		for (i = 0; i < be->nr_rings; i++) {
			struct xtrail_back_ring *r = &be->rings[i];
			u32 prod = le32_to_cpu(READ_ONCE(r->cons.intf->prod));
			u32 used = prod - READ_ONCE(r->cons.cons);

			/* The guest's prod is a claim, bounded here. */
			info->ring_used += min(used, r->cons.size);
			info->ring_size += r->cons.size;
			info->lost += READ_ONCE(r->lost);
		}
	} else if (be->dev->state == XenbusStateInitWait) {
		info->state = XTRAIL_SRC_WAITING;
	} else {
		info->state = XTRAIL_SRC_DISCONNECTED;
	}
	mutex_unlock(&be->lock);
	mutex_unlock(&xtrail_backs_ctl);
	return 0;
}

/* The xenstore directory of (@domid, @devid) into @dir, its devid. */
int xtrail_back_dir(u16 domid, s64 devid, char *dir, size_t size, u32 *id)
{
	struct xtrail_back *be;
	int ret = -ENOENT;

	mutex_lock(&xtrail_backs_ctl);
	be = xtrail_back_find(domid, devid);
	if (be) {
		*id = xtrail_back_devid(be);
		ret = strscpy(dir, be->dev->nodename, size) < 0 ? -E2BIG : 0;
	}
	mutex_unlock(&xtrail_backs_ctl);
	return ret;
}

/* Stop (@pause) or resume taking records from one guest. */
int xtrail_back_pause(u16 domid, s64 devid, bool pause)
{
	struct xtrail_back *be;
	int ret = -ENOENT;

	mutex_lock(&xtrail_backs_ctl);
	be = xtrail_back_find(domid, devid);
	if (be) {
		WRITE_ONCE(be->paused, pause);
		spin_lock(&xtrail_backs_lock);
		if (!pause && be->connected)
			queue_work(system_unbound_wq, &be->work);
		spin_unlock(&xtrail_backs_lock);
		ret = 0;
	}
	mutex_unlock(&xtrail_backs_ctl);
	return ret;
}

/* The same for every guest: the module parameter "paused". */
void xtrail_back_pause_all(bool pause)
{
	WRITE_ONCE(paused, pause);
	if (!pause)
		xtrail_back_kick_all();
}
