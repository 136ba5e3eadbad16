// SPDX-License-Identifier: GPL-2.0
/*
 * The xenbus frontend: shares the ring with dom0's backend.
 *
 * When the backend reaches InitWait we allocate the index page and the
 * data pages, grant them to the backend domain, allocate an event channel,
 * write the ring description in one xenstore transaction and switch to
 * Connected. When the backend closes (or goes away) we stop the producer,
 * free the event channel and end foreign access to every page: per XSA-396,
 * a page the backend still maps is only freed once the grant is released
 * (gnttab_end_foreign_access() defers it), never under the backend's feet.
 * We reconnect when the backend is back in InitWait.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <xen/xen.h>
#include <xen/xenbus.h>
#include <xen/grant_table.h>
#include <xen/events.h>
#include <xen/page.h>

#include "xtrail_ring.h"
#include "ring.h"
#include "xenbus.h"

#define XTRAIL_DATA_PAGES_MAX (1u << XTRAIL_RING_ORDER_MAX)

static unsigned int ring_order = XTRAIL_RING_ORDER_DEF;
module_param(ring_order, uint, 0444);
MODULE_PARM_DESC(ring_order, "log2 of ring data pages (3..4, capped by dom0)");

struct xtrail_front {
	struct xenbus_device *dev;
	unsigned int order;
	struct page *intf_page;
	grant_ref_t intf_ref;
	struct page *data_pages[XTRAIL_DATA_PAGES_MAX];
	grant_ref_t data_refs[XTRAIL_DATA_PAGES_MAX];
	void *data;
	evtchn_port_t evtchn;
};

/* One ring per guest: a second xtrail device is refused. */
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

/* Undo whatever xtrail_front_connect() set up; safe on a partial setup. */
static void xtrail_front_free(struct xtrail_front *f)
{
	unsigned int i;

	xtrail_ring_detach();
	if (f->evtchn) {
		xenbus_free_evtchn(f->dev, f->evtchn);
		f->evtchn = 0;
	}
	if (f->data) {
		vunmap(f->data);
		f->data = NULL;
	}
	for (i = 0; i < XTRAIL_DATA_PAGES_MAX; i++)
		xtrail_front_release_page(&f->data_pages[i], &f->data_refs[i]);
	xtrail_front_release_page(&f->intf_page, &f->intf_ref);
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

static int xtrail_front_alloc(struct xtrail_front *f, const char **what)
{
	unsigned int i, n = 1u << f->order;
	struct xtrail_ring_intf *intf;
	int err;

	*what = "allocating ring pages";
	f->intf_page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!f->intf_page)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		f->data_pages[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!f->data_pages[i])
			return -ENOMEM;
	}
	f->data = vmap(f->data_pages, n, VM_MAP, PAGE_KERNEL);
	if (!f->data)
		return -ENOMEM;

	intf = page_address(f->intf_page);
	intf->magic = cpu_to_le32(XTRAIL_RING_MAGIC);
	intf->version = cpu_to_le32(XTRAIL_PROTO_VERSION);
	intf->ring_order = cpu_to_le32(f->order);
	/* Ask for a notification with the first record. */
	intf->cons_event = cpu_to_le32(1);

	*what = "granting ring pages";
	err = xtrail_front_grant(f, f->intf_page, &f->intf_ref);
	for (i = 0; !err && i < n; i++)
		err = xtrail_front_grant(f, f->data_pages[i], &f->data_refs[i]);
	if (err)
		return err;

	*what = "allocating event channel";
	return xenbus_alloc_evtchn(f->dev, &f->evtchn);
}

static int xtrail_front_publish(struct xtrail_front *f, const char **what)
{
	struct xenbus_device *dev = f->dev;
	struct xenbus_transaction xbt;
	unsigned int i, n = 1u << f->order;
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
		err = xenbus_printf(xbt, dev->nodename, XTRAIL_XS_RING_REF,
				    "%u", f->intf_ref);
	if (!err)
		err = xenbus_printf(xbt, dev->nodename, XTRAIL_XS_RING_ORDER,
				    "%u", f->order);
	for (i = 0; !err && i < n; i++) {
		snprintf(key, sizeof(key), XTRAIL_XS_DATA_REF, i);
		err = xenbus_printf(xbt, dev->nodename, key, "%u",
				    f->data_refs[i]);
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
	unsigned int max_order, version;
	const char *what;
	int err;

	version = xenbus_read_unsigned(dev->otherend, XTRAIL_XS_VERSIONS, 0);
	max_order = xenbus_read_unsigned(dev->otherend, XTRAIL_XS_MAX_ORDER, 0);
	if (version != XTRAIL_PROTO_VERSION) {
		xenbus_dev_fatal(dev, -EPROTO, "backend speaks version %u",
				 version);
		return;
	}
	if (max_order < XTRAIL_RING_ORDER_MIN) {
		xenbus_dev_fatal(dev, -EPROTO, "backend ring order %u too small",
				 max_order);
		return;
	}
	f->order = clamp(ring_order, XTRAIL_RING_ORDER_MIN,
			 min(max_order, XTRAIL_RING_ORDER_MAX));

	err = xtrail_front_alloc(f, &what);
	if (!err)
		err = xtrail_front_publish(f, &what);
	if (err) {
		xenbus_dev_fatal(dev, err, "%s", what);
		xtrail_front_free(f);
		return;
	}
	xtrail_ring_attach(page_address(f->intf_page), f->data, f->order,
			   f->evtchn);
	xenbus_switch_state(dev, XenbusStateConnected);
	dev_info(&dev->dev, "connected to domain %d, %u KiB ring\n",
		 dev->otherend_id, xtrail_ring_size(f->order) / 1024);
}

static void xtrail_front_changed(struct xenbus_device *dev,
				 enum xenbus_state backend_state)
{
	struct xtrail_front *f = dev_get_drvdata(&dev->dev);

	switch (backend_state) {
	case XenbusStateInitWait:
		/* First connection, or the backend came back. */
		if (dev->state == XenbusStateInitialising ||
		    dev->state == XenbusStateClosed)
			xtrail_front_connect(f);
		break;
	case XenbusStateClosing:
	case XenbusStateClosed:
		if (dev->state == XenbusStateClosed)
			break;
		xtrail_front_free(f);
		dev_info(&dev->dev, "backend closed, ring released\n");
		xenbus_frontend_closed(dev);
		break;
	default:
		break;
	}
}

static int xtrail_front_probe(struct xenbus_device *dev,
			      const struct xenbus_device_id *id)
{
	struct xtrail_front *f;
	unsigned int i;

	if (atomic_cmpxchg(&xtrail_front_bound, 0, 1)) {
		dev_err(&dev->dev, "only one xtrail device per guest\n");
		return -EBUSY;
	}
	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f) {
		atomic_set(&xtrail_front_bound, 0);
		return -ENOMEM;
	}
	f->dev = dev;
	f->intf_ref = INVALID_GRANT_REF;
	for (i = 0; i < XTRAIL_DATA_PAGES_MAX; i++)
		f->data_refs[i] = INVALID_GRANT_REF;
	dev_set_drvdata(&dev->dev, f);
	/* After a module reload the node still says Closed: start over. */
	xenbus_switch_state(dev, XenbusStateInitialising);
	return 0;
}

static void xtrail_front_remove(struct xenbus_device *dev)
{
	struct xtrail_front *f = dev_get_drvdata(&dev->dev);

	xtrail_front_free(f);
	dev_set_drvdata(&dev->dev, NULL);
	kfree(f);
	atomic_set(&xtrail_front_bound, 0);
}

static const struct xenbus_device_id xtrail_front_ids[] = {
	{ XTRAIL_DEVICE_TYPE },
	{ "" }
};

static struct xenbus_driver xtrail_front_driver = {
	.ids = xtrail_front_ids,
	.probe = xtrail_front_probe,
	.remove = xtrail_front_remove,
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
