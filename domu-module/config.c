// SPDX-License-Identifier: GPL-2.0
/*
 * Configuration from dom0, and only from dom0: the event classes, the flood
 * mode and the ignore-* filters live in the backend's xenstore directory
 * (see xtrail_proto.h),
 * which the guest may read but not write; we watch it and apply changes as
 * they come. The guest itself offers no interface to change them.
 */
#include <linux/slab.h>
#include <linux/string.h>
#include <xen/xenbus.h>

#include "xtrail_cfg.h"
#include "config.h"
#include "filter.h"
#include "ring.h"
#include "submit.h"

static struct xenbus_watch xtrail_config_w;
static struct xenbus_device *xtrail_config_dev;

/* The lenient parser's report of an event class it left out. */
static void xtrail_config_skip_class(unsigned int key, const char *item,
				     size_t len, const char *why)
{
	pr_warn("config: unknown event class \"%.*s\"\n",
		(int)min_t(size_t, len, 32), item);
}

/*
 * One config/ value, read once (xenbus_read() returns a private copy) and
 * bounded: NULL when absent or too long. The caller kfree()s it.
 */
static char *xtrail_config_read(struct xenbus_device *dev, unsigned int key)
{
	char node[32];
	char *val;

	snprintf(node, sizeof(node), XTRAIL_XS_CONFIG "/%s",
		 xtrail_cfg_name(key));
	val = xenbus_read(XBT_NIL, dev->otherend, node, NULL);
	if (IS_ERR(val))
		return NULL;
	if (strnlen(val, XTRAIL_CFG_VALUE_MAX + 1) > XTRAIL_CFG_VALUE_MAX) {
		pr_warn("config: %s longer than %u bytes, ignored\n", node,
			XTRAIL_CFG_VALUE_MAX);
		kfree(val);
		return NULL;
	}
	return val;
}

/* Build the filters from config/ignore-* and hand them to the probes. */
static void xtrail_config_filters(struct xenbus_device *dev)
{
	struct xtrail_filter *f = kzalloc(sizeof(*f), GFP_KERNEL);
	unsigned int k;
	char *val;

	if (!f) {
		pr_err("config: no memory for the filters, keeping the old ones\n");
		return;
	}
	for (k = XTRAIL_CFG_IGNORE_UID; k <= XTRAIL_CFG_IGNORE_PORT; k++) {
		val = xtrail_config_read(dev, k);
		if (!val)
			continue;
		xtrail_filter_parse(f, k, val);
		kfree(val);
	}
	pr_info("config: ignoring %u uids, %u comms, %u paths, %u ports\n",
		f->cfg.n_uid, f->cfg.n_comm, f->cfg.n_path, f->cfg.n_port);
	xtrail_filter_publish(f);
}

static void xtrail_config_changed(struct xenbus_watch *watch,
				  const char *path, const char *token)
{
	struct xenbus_device *dev = xtrail_config_dev;
	u32 events = XTRAIL_EV_DEFAULT, wait_us = 0;
	struct xtrail_cfg c = { 0 };
	char *val;

	val = xtrail_config_read(dev, XTRAIL_CFG_EVENTS);
	if (val) {
		/* "exec,file": unknown names are reported and ignored. */
		xtrail_cfg_parse_lenient(&c, XTRAIL_CFG_EVENTS, val,
					 xtrail_config_skip_class);
		events = c.events;
		kfree(val);
	}
	val = xtrail_config_read(dev, XTRAIL_CFG_FLOOD);
	if (val) {
		if (xtrail_cfg_parse(&c, XTRAIL_CFG_FLOOD, val))
			pr_warn("config: unknown flood mode \"%.32s\"\n", val);
		else if (c.flood == XTRAIL_FLOOD_WAIT)
			wait_us = xenbus_read_unsigned(dev->otherend,
						       XTRAIL_XS_FLOOD_WAIT,
						       XTRAIL_FLOOD_WAIT_DEF);
		kfree(val);
	}
	wait_us = min_t(u32, wait_us, XTRAIL_FLOOD_WAIT_MAX);
	xtrail_set_events(events);
	xtrail_ring_set_flood_wait(wait_us);
	pr_info("config: events %#x, flood %s %u us\n", events,
		wait_us ? "wait" : "drop", wait_us);
	xtrail_config_filters(dev);
}

int xtrail_config_watch(struct xenbus_device *dev)
{
	xtrail_config_dev = dev;
	/* Fires once now, then on every change below config/. */
	return xenbus_watch_pathfmt(dev, &xtrail_config_w, NULL,
				    xtrail_config_changed, "%s/%s",
				    dev->otherend, XTRAIL_XS_CONFIG);
}

void xtrail_config_unwatch(void)
{
	if (!xtrail_config_w.node)
		return;
	unregister_xenbus_watch(&xtrail_config_w);
	kfree(xtrail_config_w.node);
	xtrail_config_w.node = NULL;
}
