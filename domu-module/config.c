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

#include "xtrail_proto.h"
#include "config.h"
#include "filter.h"
#include "ring.h"
#include "submit.h"

static struct xenbus_watch xtrail_config_w;
static struct xenbus_device *xtrail_config_dev;

static const struct {
	const char *name;
	u32 bit;
} xtrail_classes[] = {
	{ "exec", XTRAIL_EV_EXEC }, { "fork", XTRAIL_EV_FORK },
	{ "exit", XTRAIL_EV_EXIT }, { "file", XTRAIL_EV_FILE },
	{ "net", XTRAIL_EV_NET }, { "tty", XTRAIL_EV_TTY },
	{ "syscall", XTRAIL_EV_SYSCALL }, { "all", XTRAIL_EV_ALL },
};

/* "exec,file" -> mask; unknown names are reported and ignored. */
static u32 xtrail_config_events(char *list)
{
	u32 events = 0;
	unsigned int i;
	char *name;

	while ((name = strsep(&list, ",")) != NULL) {
		name = strim(name);
		if (!*name)
			continue;
		for (i = 0; i < ARRAY_SIZE(xtrail_classes); i++)
			if (!strcmp(name, xtrail_classes[i].name))
				break;
		if (i == ARRAY_SIZE(xtrail_classes)) {
			pr_warn("config: unknown event class \"%.32s\"\n", name);
			continue;
		}
		events |= xtrail_classes[i].bit;
	}
	return events;
}

/*
 * One config/ value, read once (xenbus_read() returns a private copy) and
 * bounded: NULL when absent or too long. The caller kfree()s it.
 */
static char *xtrail_config_read(struct xenbus_device *dev, const char *key)
{
	char *val = xenbus_read(XBT_NIL, dev->otherend, key, NULL);

	if (IS_ERR(val))
		return NULL;
	if (strnlen(val, XTRAIL_CFG_VALUE_MAX + 1) > XTRAIL_CFG_VALUE_MAX) {
		pr_warn("config: %s longer than %u bytes, ignored\n", key,
			XTRAIL_CFG_VALUE_MAX);
		kfree(val);
		return NULL;
	}
	return val;
}

static const struct {
	const char *key;
	unsigned int (*parse)(struct xtrail_filter *f, char *val);
} xtrail_filter_keys[] = {
	{ XTRAIL_XS_IGNORE_UID, xtrail_filter_parse_uid },
	{ XTRAIL_XS_IGNORE_COMM, xtrail_filter_parse_comm },
	{ XTRAIL_XS_IGNORE_PATH, xtrail_filter_parse_path },
	{ XTRAIL_XS_IGNORE_PORT, xtrail_filter_parse_port },
};

/* Build the filters from config/ignore-* and hand them to the probes. */
static void xtrail_config_filters(struct xenbus_device *dev)
{
	struct xtrail_filter *f = kzalloc(sizeof(*f), GFP_KERNEL);
	unsigned int i;
	char *val;

	if (!f) {
		pr_err("config: no memory for the filters, keeping the old ones\n");
		return;
	}
	for (i = 0; i < ARRAY_SIZE(xtrail_filter_keys); i++) {
		val = xtrail_config_read(dev, xtrail_filter_keys[i].key);
		if (!val)
			continue;
		xtrail_filter_keys[i].parse(f, val);
		kfree(val);
	}
	pr_info("config: ignoring %u uids, %u comms, %u paths, %u ports\n",
		f->nr_uid, f->nr_comm, f->nr_path, f->nr_port);
	xtrail_filter_publish(f);
}

static void xtrail_config_changed(struct xenbus_watch *watch,
				  const char *path, const char *token)
{
	struct xenbus_device *dev = xtrail_config_dev;
	u32 events = XTRAIL_EV_ALL, wait_us = 0;
	char *val;

	val = xtrail_config_read(dev, XTRAIL_XS_EVENTS);
	if (val) {
		events = xtrail_config_events(val);
		kfree(val);
	}
	val = xtrail_config_read(dev, XTRAIL_XS_FLOOD);
	if (val) {
		if (!strcmp(val, "wait"))
			wait_us = xenbus_read_unsigned(dev->otherend,
						       XTRAIL_XS_FLOOD_WAIT,
						       XTRAIL_FLOOD_WAIT_DEF);
		else if (strcmp(val, "drop"))
			pr_warn("config: unknown flood mode \"%.32s\"\n", val);
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
