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
#include "control.h"
#include "counters.h"
#include "fault.h"
#include "interface.h"
#include "refused.h"
#include "xsnum.h"
#include "xenbus.h"

/*
 * Read @key of the frontend as a number in [@min, @max] (strictly: see
 * common/xsnum.c); on error, @why says what was wrong.
 */
static int xtrail_back_read_num(struct xtrail_back *be, const char *key,
				u64 min, u64 max, u64 *out,
				struct xtrail_refusal *why)
{
	char *raw;
	u32 kind;
	int err;

	err = xtrail_xs_read_num(be->dev->otherend, key, min, max, out, &raw);
	if (err) {
		kind = err == -EINVAL ? XTRAIL_REFUSED_SYNTAX :
		       err == -ERANGE ? XTRAIL_REFUSED_RANGE :
		       XTRAIL_REFUSED_ABSENT;
		xtrail_refusal_set(why, kind, err, key, raw,
				   kind == XTRAIL_REFUSED_RANGE ? max : 0);
	}
	kfree(raw);
	return err;
}

/*
 * The guest's vCPU count as dom0 knows it: the toolstack writes
 * /local/domain/<domid>/cpu/<n>/ for every possible vCPU n, in a directory
 * the guest can read but not write. 0 when there is none.
 */
static unsigned int xtrail_back_vcpus(struct xtrail_back *be)
{
	unsigned int i, n, nr = 0;
	char dir[32], **names;
	u64 id;

	snprintf(dir, sizeof(dir), "/local/domain/%u", be->dev->otherend_id);
	names = xenbus_directory(XBT_NIL, dir, "cpu", &n);
	if (IS_ERR(names))
		return 0;
	for (i = 0; i < n; i++)
		if (!xtrail_xs_parse_num(names[i], U16_MAX, &id) && id >= nr)
			nr = id + 1;
	kfree(names);
	return nr;
}

/* Read the guest's ring description: each value once, strictly, bounded. */
static int xtrail_back_read_desc(struct xtrail_back *be,
				 struct xtrail_back_desc *desc,
				 struct xtrail_refusal *why)
{
	unsigned int i, vcpus;
	u64 version, order, nr, v;
	char key[16];
	int err;

	why->what = "reading ring description";
	err = xtrail_back_read_num(be, XTRAIL_XS_VERSION, XTRAIL_PROTO_VERSION,
				   XTRAIL_PROTO_VERSION, &version, why);
	if (!err)
		err = xtrail_back_read_num(be, XTRAIL_XS_RING_ORDER,
					   XTRAIL_RING_ORDER_MIN,
					   XTRAIL_RING_ORDER_MAX, &order, why);
	if (!err)
		err = xtrail_back_read_num(be, XTRAIL_XS_NUM_RINGS, 1,
					   XTRAIL_RINGS_MAX, &nr, why);
	if (err)
		return err;
	/* Resources by what dom0 knows of the guest, not by its word. */
	vcpus = xtrail_back_vcpus(be);
	if (nr > vcpus) {
		xtrail_refusal_num(why, XTRAIL_REFUSED_VCPUS, -E2BIG,
				   XTRAIL_XS_NUM_RINGS, nr);
		why->limit = vcpus;
		return -E2BIG;
	}
	err = xtrail_back_read_num(be, XTRAIL_XS_EVTCHN, 1, XTRAIL_EVTCHN_MAX,
				   &v, why);
	if (err)
		return err;
	desc->evtchn = v;
	desc->order = order;
	desc->nr_rings = nr;
	why->what = "reading ring reference";
	for (i = 0; i < nr; i++) {
		snprintf(key, sizeof(key), XTRAIL_XS_RING_REF, i);
		err = xtrail_back_read_num(be, key, XTRAIL_GREF_MIN,
					   XTRAIL_GREF_MAX, &v, why);
		if (err)
			return err;
		desc->ref[i] = v;
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
	struct xtrail_refusal why;
	int err;

	mutex_lock(&be->lock);
	if (be->rings)
		goto out;

	err = xtrail_back_read_desc(be, &desc, &why);
	if (!err)
		err = xtrail_back_connect(be, &desc, &why);
	if (err) {
		xtrail_refuse(dev, &why);
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

/*
 * The frontend's state node, strictly: xenbus reads it with "%d" (taking
 * trailing garbage) and makes anything unreadable Unknown. Anything but a
 * xenbus state (1..8) is refused: @why says so.
 */
static bool xtrail_back_state_ok(struct xtrail_back *be,
				 struct xtrail_refusal *why)
{
	char *raw;
	int err;
	u64 v;

	err = xtrail_xs_read_num(be->dev->otherend, "state",
				 XenbusStateInitialising,
				 XenbusStateReconfigured, &v, &raw);
	if (err) {
		why->what = "reading frontend state";
		xtrail_refusal_set(why, XTRAIL_REFUSED_STATE, err, "state", raw,
				   XenbusStateReconfigured);
	}
	kfree(raw);
	return !err;
}

/*
 * No usable state. The frontend's directory gone is the device going away
 * (the toolstack removes it, or the domain dies): it is closed (a
 * DISCONNECT record when it was connected; a REFUSED one when a frontend
 * was awaited and never connected, so that the domain does not vanish
 * without a word) and unregistered, as netback does. Anything else is the guest's doing: refused and said, and the
 * backend stays, waiting for the frontend to start over.
 */
static void xtrail_back_bad_state(struct xtrail_back *be,
				  struct xtrail_refusal *why)
{
	struct xenbus_device *dev = be->dev;
	bool awaited = dev->state == XenbusStateInitWait;

	xtrail_back_close(be, XTRAIL_DISC_FRONTEND);
	if (xenbus_exists(XBT_NIL, dev->otherend, "")) {
		xtrail_refuse(dev, why);
		return;
	}
	if (awaited)
		xtrail_refused_note(dev, why);
	dev_info(&dev->dev, "domain %d: frontend gone, device removed\n",
		 dev->otherend_id);
	device_unregister(&dev->dev);
}

static void xtrail_back_changed(struct xenbus_device *dev,
				enum xenbus_state frontend_state)
{
	struct xtrail_back *be = dev_get_drvdata(&dev->dev);
	struct xtrail_refusal why;

	if (!xtrail_back_state_ok(be, &why)) {
		xtrail_back_bad_state(be, &why);
		return;
	}
	switch (frontend_state) {
	case XenbusStateInitialising:
		/*
		 * The frontend starts over (guest module reloaded, or after a
		 * refusal it acknowledged): whatever we were doing.
		 */
		if (dev->state != XenbusStateInitWait) {
			xtrail_back_close(be, XTRAIL_DISC_FRONTEND);
			xenbus_switch_state(dev, XenbusStateInitWait);
		}
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
	xtrail_control_log(XTRAIL_CTL_ATTACH, dev->otherend_id, 0, "%s",
			   dev->nodename);
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

	xtrail_control_log(XTRAIL_CTL_DETACH, dev->otherend_id, 0, "%s",
			   dev->nodename);
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
	ret = xtrail_fault("xenbus") ?:
	      xenbus_register_backend(&xtrail_back_driver);
	if (ret)
		xtrail_backs_uninit();
	return ret;
}

void xtrail_back_uninit(void)
{
	xenbus_unregister_driver(&xtrail_back_driver);
	xtrail_backs_uninit();
}
