// SPDX-License-Identifier: GPL-2.0
/*
 * The xenbus backend: one instance per attached guest, and xenstore.
 *
 * probe() advertises the protocol version and the largest ring we map and
 * waits in InitWait. When the frontend is Connected we read its ring
 * description (guest-written: every value is parsed once, bounded, and
 * only then used), connect to the rings (interface.c) and switch to
 * Connected. The frontend closing, the toolstack removing the device, or
 * this module going away, drain what is left in the rings and disconnect.
 *
 * The backend's evidence counters (evidence.h) are the device's sysfs
 * attributes "events" and "spurious_events".
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <xen/xen.h>
#include <xen/xenbus.h>

#include "xtrail_ring.h"
#include "xtrail_genl.h"
#include "compat.h"
#include "backends.h"
#include "counters.h"
#include "interface.h"
#include "xenbus.h"

/* Read the guest's ring description: each value once, bounded. */
static int xtrail_back_read_desc(struct xtrail_back *be,
				 struct xtrail_back_desc *desc,
				 const char **what)
{
	struct xenbus_device *dev = be->dev;
	unsigned int version, order, nr, i;
	char key[16];

	*what = "reading ring description";
	version = xenbus_read_unsigned(dev->otherend, XTRAIL_XS_VERSION, 0);
	order = xenbus_read_unsigned(dev->otherend, XTRAIL_XS_RING_ORDER, ~0u);
	nr = xenbus_read_unsigned(dev->otherend, XTRAIL_XS_NUM_RINGS, 0);
	if (version != XTRAIL_PROTO_VERSION ||
	    order < XTRAIL_RING_ORDER_MIN || order > XTRAIL_RING_ORDER_MAX ||
	    nr < 1 || nr > XTRAIL_RINGS_MAX)
		return -EPROTO;
	if (xenbus_scanf(XBT_NIL, dev->otherend, XTRAIL_XS_EVTCHN, "%u",
			 &desc->evtchn) != 1)
		return -EPROTO;
	desc->order = order;
	desc->nr_rings = nr;
	*what = "reading ring reference";
	for (i = 0; i < nr; i++) {
		snprintf(key, sizeof(key), XTRAIL_XS_RING_REF, i);
		if (xenbus_scanf(XBT_NIL, dev->otherend, key, "%u",
				 &desc->ref[i]) != 1)
			return -EPROTO;
	}
	return 0;
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

/* The frontend is ready: connect to its rings, unless already connected. */
static void xtrail_back_frontend_ready(struct xtrail_back *be)
{
	struct xenbus_device *dev = be->dev;
	struct xtrail_back_desc desc;
	const char *what;
	int err;

	mutex_lock(&be->lock);
	if (be->rings)
		goto out;

	err = xtrail_back_read_desc(be, &desc, &what);
	if (!err)
		err = xtrail_back_connect(be, &desc, &what);
	if (err) {
		xenbus_dev_fatal(dev, err, "%s", what);
		goto out;
	}
	xtrail_back_read_name(be);
	xtrail_back_event(XTRAIL_NL_EV_CONNECT, dev->otherend_id, 0);
	xenbus_switch_state(dev, XenbusStateConnected);
	dev_info(&dev->dev, "domain %d connected, %u rings of %u KiB\n",
		 dev->otherend_id, be->nr_rings,
		 xtrail_ring_size(be->order) / 1024);
	xtrail_back_start(be);
out:
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
			xtrail_back_frontend_ready(be);
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

/* What the backend offers, in one transaction. */
static int xtrail_back_write_features(struct xenbus_device *dev)
{
	struct xenbus_transaction xbt;
	int err;

again:
	err = xenbus_transaction_start(&xbt);
	if (err)
		return err;
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
		return err;
	}
	err = xenbus_transaction_end(xbt, 0);
	if (err == -EAGAIN)
		goto again;
	return err;
}

static int xtrail_back_probe(struct xenbus_device *dev,
			     const struct xenbus_device_id *id)
{
	struct xtrail_back *be;
	int err;

	be = kzalloc(sizeof(*be), GFP_KERNEL);
	if (!be)
		return -ENOMEM;
	be->dev = dev;
	xtrail_back_intf_init(be);
	dev_set_drvdata(&dev->dev, be);

	err = xtrail_back_write_features(dev);
	if (err)
		goto fail;

	xtrail_backs_add(be);
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

	xtrail_backs_del(be);
	xtrail_back_close(be, XTRAIL_DISC_BACKEND);
	xtrail_back_intf_uninit(be);
	dev_set_drvdata(&dev->dev, NULL);
	kfree(be);
	atomic_dec(&xtrail_live.backends);
}
XTRAIL_XENBUS_REMOVE_WRAPPER(xtrail_back_remove)

/* ---- sysfs: the evidence counters ---------------------------------------- */

/* NULL once the device is unbound. */
static struct xtrail_evidence *xtrail_back_evidence(struct device *dev)
{
	struct xtrail_back *be = dev_get_drvdata(dev);

	return be ? &be->ev : NULL;
}

static ssize_t events_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	struct xtrail_evidence *ev = xtrail_back_evidence(dev);

	if (!ev)
		return -ENODEV;
	return sysfs_emit(buf, "%lld\n", (long long)atomic64_read(&ev->events));
}
static DEVICE_ATTR_RO(events);

static ssize_t spurious_events_show(struct device *dev,
				    struct device_attribute *attr, char *buf)
{
	struct xtrail_evidence *ev = xtrail_back_evidence(dev);

	if (!ev)
		return -ENODEV;
	return sysfs_emit(buf, "%lld\n",
			  (long long)atomic64_read(&ev->spurious));
}
static DEVICE_ATTR_RO(spurious_events);

static struct attribute *xtrail_back_attrs[] = {
	&dev_attr_events.attr,
	&dev_attr_spurious_events.attr,
	NULL
};
ATTRIBUTE_GROUPS(xtrail_back);

/* ---- the driver ---------------------------------------------------------- */

static const struct xenbus_device_id xtrail_back_ids[] = {
	{ XTRAIL_DEVICE_TYPE },
	{ "" }
};

static struct xenbus_driver xtrail_back_driver = {
	.ids = xtrail_back_ids,
	.probe = xtrail_back_probe,
	.remove = XTRAIL_XENBUS_REMOVE(xtrail_back_remove),
	.otherend_changed = xtrail_back_changed,
	.driver = { .dev_groups = xtrail_back_groups },
};

int xtrail_back_init(void)
{
	int ret;

	xtrail_backs_init();
	ret = xenbus_register_backend(&xtrail_back_driver);
	if (ret)
		xtrail_backs_uninit();
	return ret;
}

void xtrail_back_uninit(void)
{
	xenbus_unregister_driver(&xtrail_back_driver);
	xtrail_backs_uninit();
}
