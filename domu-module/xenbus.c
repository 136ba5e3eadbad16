// SPDX-License-Identifier: GPL-2.0
/*
 * The xenbus frontend: shares the ring with dom0's backend.
 *
 * When the backend reaches InitWait we allocate one ring per vCPU (an
 * index page and the data pages, whose grant refs go in the index page),
 * grant them to the backend domain, allocate an event channel, write the
 * ring description in one xenstore transaction and switch to Connected.
 * When the backend closes (or goes away) we stop the producer, free the
 * event channel and end foreign access to every page: per XSA-396, a page
 * the backend still maps is only freed once the grant is released
 * (gnttab_end_foreign_access() defers it), never under the backend's feet.
 *
 * Recovery needs no operator: a backend in Closing (it refused us, or is
 * going away) is acknowledged with Closed in any state, Initialising too;
 * once both ends are Closed we start over from Initialising (at once the
 * first time, then after 1, 2, 4 ... 64 s while no connection succeeds),
 * which brings a backend that is still there back to InitWait, and we
 * connect. At probe the state node is written whatever it says (a stale
 * Connected left by an earlier module would otherwise stay). The backend's
 * numbers are read strictly (common/xsnum.c).
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>
#include <xen/xen.h>
#include <xen/xenbus.h>
#include <xen/grant_table.h>
#include <xen/events.h>
#include <xen/page.h>

#include "xtrail_ring.h"
#include "compat.h"
#include "config.h"
#include "ring.h"
#include "xsnum.h"
#include "xenbus.h"

static unsigned int ring_order = XTRAIL_RING_ORDER_DEF;
module_param(ring_order, uint, 0);
MODULE_PARM_DESC(ring_order, "log2 of ring data pages (3..4, capped by dom0)");

struct xtrail_front_ring {
	struct page *intf_page;
	grant_ref_t intf_ref;
	struct page *data_pages[XTRAIL_DATA_PAGES_MAX];
	grant_ref_t data_refs[XTRAIL_DATA_PAGES_MAX];
	void *data;
};

#define XTRAIL_FRONT_RETRY_SHIFT_MAX	6	/* 64 s between attempts */

struct xtrail_front {
	struct xenbus_device *dev;
	struct mutex lock;		/* the state machine */
	struct delayed_work restart;	/* start over from Initialising */
	unsigned int retries;		/* restarts since the last connection */
	unsigned int order;
	unsigned int nr_rings;
	struct xtrail_front_ring *rings;
	evtchn_port_t evtchn;
};

/* One device per guest: a second xtrail device is refused. */
static atomic_t xtrail_front_bound = ATOMIC_INIT(0);

static void xtrail_front_release_page(struct page **page, grant_ref_t *ref)
{
	if (*ref != INVALID_GRANT_REF)
		gnttab_end_foreign_access(*ref, *page); /* frees when unmapped */
	else if (*page)
		__free_page(*page);
	*ref = INVALID_GRANT_REF;
	*page = NULL;
}

static void xtrail_front_ring_free(struct xtrail_front_ring *r)
{
	unsigned int i;

	if (r->data) {
		vunmap(r->data);
		r->data = NULL;
	}
	for (i = 0; i < XTRAIL_DATA_PAGES_MAX; i++)
		xtrail_front_release_page(&r->data_pages[i], &r->data_refs[i]);
	xtrail_front_release_page(&r->intf_page, &r->intf_ref);
}

/* Undo whatever xtrail_front_connect() set up; safe on a partial setup. */
static void xtrail_front_free(struct xtrail_front *f)
{
	unsigned int i;

	for (i = 0; i < f->nr_rings; i++)
		xtrail_ring_detach(i);
	if (f->evtchn) {
		xenbus_free_evtchn(f->dev, f->evtchn);
		f->evtchn = 0;
	}
	for (i = 0; i < f->nr_rings; i++)
		xtrail_front_ring_free(&f->rings[i]);
}

static int xtrail_front_grant(struct xtrail_front *f, struct page *page,
			      grant_ref_t *ref)
{
	int ret = gnttab_grant_foreign_access(f->dev->otherend_id,
					      xen_page_to_gfn(page), 0);

	if (ret < 0)
		return ret;
	*ref = ret;
	return 0;
}

static int xtrail_front_ring_alloc(struct xtrail_front *f,
				   struct xtrail_front_ring *r,
				   const char **what)
{
	unsigned int i, n = 1u << f->order;
	struct xtrail_ring_intf *intf;
	int err;

	*what = "allocating ring pages";
	r->intf_page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!r->intf_page)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		r->data_pages[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!r->data_pages[i])
			return -ENOMEM;
	}
	r->data = vmap(r->data_pages, n, VM_MAP, PAGE_KERNEL);
	if (!r->data)
		return -ENOMEM;

	*what = "granting ring pages";
	intf = page_address(r->intf_page);
	for (i = 0; i < n; i++) {
		err = xtrail_front_grant(f, r->data_pages[i], &r->data_refs[i]);
		if (err)
			return err;
		intf->ref[i] = cpu_to_le32(r->data_refs[i]);
	}
	intf->magic = cpu_to_le32(XTRAIL_RING_MAGIC);
	intf->version = cpu_to_le32(XTRAIL_PROTO_VERSION);
	intf->ring_order = cpu_to_le32(f->order);
	/* Ask for a notification with the first record. */
	intf->cons_event = cpu_to_le32(1);
	return xtrail_front_grant(f, r->intf_page, &r->intf_ref);
}

static int xtrail_front_alloc(struct xtrail_front *f, const char **what)
{
	unsigned int i;
	int err;

	for (i = 0; i < f->nr_rings; i++) {
		err = xtrail_front_ring_alloc(f, &f->rings[i], what);
		if (err)
			return err;
	}
	*what = "allocating event channel";
	return xenbus_alloc_evtchn(f->dev, &f->evtchn);
}

static int xtrail_front_publish(struct xtrail_front *f, const char **what)
{
	struct xenbus_device *dev = f->dev;
	struct xenbus_transaction xbt;
	unsigned int i;
	char key[16];
	int err;

again:
	*what = "starting transaction";
	err = xenbus_transaction_start(&xbt);
	if (err)
		return err;
	*what = "writing ring description";
	err = xenbus_printf(xbt, dev->nodename, XTRAIL_XS_VERSION, "%u",
			    XTRAIL_PROTO_VERSION);
	if (!err)
		err = xenbus_printf(xbt, dev->nodename, XTRAIL_XS_RING_ORDER,
				    "%u", f->order);
	if (!err)
		err = xenbus_printf(xbt, dev->nodename, XTRAIL_XS_NUM_RINGS,
				    "%u", f->nr_rings);
	for (i = 0; !err && i < f->nr_rings; i++) {
		snprintf(key, sizeof(key), XTRAIL_XS_RING_REF, i);
		err = xenbus_printf(xbt, dev->nodename, key, "%u",
				    f->rings[i].intf_ref);
	}
	if (!err)
		err = xenbus_printf(xbt, dev->nodename, XTRAIL_XS_EVTCHN, "%u",
				    f->evtchn);
	if (err) {
		xenbus_transaction_end(xbt, 1);
		return err;
	}
	*what = "completing transaction";
	err = xenbus_transaction_end(xbt, 0);
	if (err == -EAGAIN)
		goto again;
	return err;
}

static void xtrail_front_connect(struct xtrail_front *f)
{
	struct xenbus_device *dev = f->dev;
	u64 max_order, max_rings, version;
	const char *what;
	unsigned int i;
	int err;

	/* Strictly (common/xsnum.c): a number that is not is refused. */
	err = xtrail_xs_read_num(dev->otherend, XTRAIL_XS_VERSIONS, 0, U32_MAX,
				 &version, NULL);
	if (err || version != XTRAIL_PROTO_VERSION) {
		xenbus_dev_fatal(dev, -EPROTO, "backend's %s unusable (%d)",
				 XTRAIL_XS_VERSIONS, err);
		return;
	}
	err = xtrail_xs_read_num(dev->otherend, XTRAIL_XS_MAX_ORDER,
				 XTRAIL_RING_ORDER_MIN, U32_MAX, &max_order,
				 NULL);
	if (err) {
		xenbus_dev_fatal(dev, -EPROTO, "backend's %s unusable (%d)",
				 XTRAIL_XS_MAX_ORDER, err);
		return;
	}
	err = xtrail_xs_read_num(dev->otherend, XTRAIL_XS_MAX_RINGS,
				 f->nr_rings, U32_MAX, &max_rings, NULL);
	if (err) {
		xenbus_dev_fatal(dev, -EPROTO, "backend's %s unusable, we need %u rings (%d)",
				 XTRAIL_XS_MAX_RINGS, f->nr_rings, err);
		return;
	}
	f->order = clamp_t(u64, ring_order, XTRAIL_RING_ORDER_MIN,
			   min_t(u64, max_order, XTRAIL_RING_ORDER_MAX));

	err = xtrail_front_alloc(f, &what);
	if (!err)
		err = xtrail_front_publish(f, &what);
	if (err) {
		xenbus_dev_fatal(dev, err, "%s", what);
		xtrail_front_free(f);
		return;
	}
	for (i = 0; i < f->nr_rings; i++)
		xtrail_ring_attach(i, page_address(f->rings[i].intf_page),
				   f->rings[i].data, f->order, f->evtchn);
	xenbus_switch_state(dev, XenbusStateConnected);
	dev_info(&dev->dev, "connected to domain %d, %u rings of %u KiB\n",
		 dev->otherend_id, f->nr_rings,
		 xtrail_ring_size(f->order) / 1024);
}

/*
 * Start over: write Initialising, whatever the node says (xenbus_switch_state()
 * does nothing when dev->state already is, and the node may be stale).
 */
static void xtrail_front_initialise(struct xenbus_device *dev)
{
	dev->state = XenbusStateUnknown;
	xenbus_switch_state(dev, XenbusStateInitialising);
}

static void xtrail_front_restart_work(struct work_struct *work)
{
	struct xtrail_front *f = container_of(to_delayed_work(work),
					      struct xtrail_front, restart);

	mutex_lock(&f->lock);
	if (f->dev->state == XenbusStateClosed)
		xtrail_front_initialise(f->dev);
	mutex_unlock(&f->lock);
}

/* Both ends Closed: start over, later each time while nothing connects. */
static void xtrail_front_schedule_restart(struct xtrail_front *f)
{
	unsigned int shift = min(f->retries, XTRAIL_FRONT_RETRY_SHIFT_MAX + 1);

	f->retries++;
	if (!shift) {
		xtrail_front_initialise(f->dev);
		return;
	}
	schedule_delayed_work(&f->restart, HZ << (shift - 1));
}

static void xtrail_front_changed(struct xenbus_device *dev,
				 enum xenbus_state backend_state)
{
	struct xtrail_front *f = dev_get_drvdata(&dev->dev);

	mutex_lock(&f->lock);
	switch (backend_state) {
	case XenbusStateInitWait:
		/* First connection, or the backend came back. */
		if (dev->state == XenbusStateInitialising ||
		    dev->state == XenbusStateClosed) {
			cancel_delayed_work(&f->restart);
			xtrail_front_connect(f);
		}
		break;
	case XenbusStateConnected:
		f->retries = 0;
		break;
	case XenbusStateClosing:
	case XenbusStateClosed:
		/* Acknowledge in any state: a backend that refused us waits. */
		if (dev->state == XenbusStateConnected ||
		    dev->state == XenbusStateInitialised) {
			xtrail_front_free(f);
			dev_info(&dev->dev, "backend closed, ring released\n");
		}
		if (dev->state != XenbusStateClosed)
			xenbus_frontend_closed(dev);
		if (backend_state == XenbusStateClosed)
			xtrail_front_schedule_restart(f);
		break;
	default:
		break;
	}
	mutex_unlock(&f->lock);
}

static int xtrail_front_probe(struct xenbus_device *dev,
			      const struct xenbus_device_id *id)
{
	struct xtrail_front *f;
	unsigned int i, j;
	int err;

	if (atomic_cmpxchg(&xtrail_front_bound, 0, 1)) {
		dev_err(&dev->dev, "only one xtrail device per guest\n");
		return -EBUSY;
	}
	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		goto err_nomem;
	f->dev = dev;
	mutex_init(&f->lock);
	INIT_DELAYED_WORK(&f->restart, xtrail_front_restart_work);
	f->nr_rings = xtrail_ring_count();
	f->rings = kcalloc(f->nr_rings, sizeof(*f->rings), GFP_KERNEL);
	if (!f->rings)
		goto err_nomem;
	for (i = 0; i < f->nr_rings; i++) {
		f->rings[i].intf_ref = INVALID_GRANT_REF;
		for (j = 0; j < XTRAIL_DATA_PAGES_MAX; j++)
			f->rings[i].data_refs[j] = INVALID_GRANT_REF;
	}
	dev_set_drvdata(&dev->dev, f);
	err = xtrail_config_watch(dev);
	if (err)
		goto err_free;
	/* After a module reload the node still says Closed, or worse. */
	xtrail_front_initialise(dev);
	return 0;

err_nomem:
	err = -ENOMEM;
err_free:
	if (f)
		kfree(f->rings);
	kfree(f);
	atomic_set(&xtrail_front_bound, 0);
	return err;
}

static void xtrail_front_remove(struct xenbus_device *dev)
{
	struct xtrail_front *f = dev_get_drvdata(&dev->dev);

	xtrail_config_unwatch();
	cancel_delayed_work_sync(&f->restart);
	xtrail_front_free(f);
	dev_set_drvdata(&dev->dev, NULL);
	kfree(f->rings);
	kfree(f);
	atomic_set(&xtrail_front_bound, 0);
}
XTRAIL_XENBUS_REMOVE_WRAPPER(xtrail_front_remove)

static const struct xenbus_device_id xtrail_front_ids[] = {
	{ XTRAIL_DEVICE_TYPE },
	{ "" }
};

static struct xenbus_driver xtrail_front_driver = {
	.ids = xtrail_front_ids,
	.probe = xtrail_front_probe,
	.remove = XTRAIL_XENBUS_REMOVE(xtrail_front_remove),
	.otherend_changed = xtrail_front_changed,
	.not_essential = true,
};

int xtrail_front_init(void)
{
	BUILD_BUG_ON(XEN_PAGE_SIZE != XTRAIL_PAGE_SIZE);
	return xenbus_register_frontend(&xtrail_front_driver);
}

void xtrail_front_uninit(void)
{
	xenbus_unregister_driver(&xtrail_front_driver);
}
