// SPDX-License-Identifier: GPL-2.0
/*
 * Configuration from dom0, and only from dom0: the event classes and the
 * flood mode live in the backend's xenstore directory (see xtrail_proto.h),
 * which the guest may read but not write; we watch it and apply changes as
 * they come. The guest itself offers no interface to change them.
 */
#include <linux/slab.h>
#include <linux/string.h>
#include <xen/xenbus.h>

#include "xtrail_proto.h"
#include "config.h"
#include "probes.h"
#include "ring.h"

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

static void xtrail_config_changed(struct xenbus_watch *watch,
				  const char *path, const char *token)
{
	struct xenbus_device *dev = xtrail_config_dev;
	u32 events = XTRAIL_EV_ALL, wait_us = 0;
	char *val;

	val = xenbus_read(XBT_NIL, dev->otherend, XTRAIL_XS_EVENTS, NULL);
	if (!IS_ERR(val)) {
		events = xtrail_config_events(val);
		kfree(val);
	}
	val = xenbus_read(XBT_NIL, dev->otherend, XTRAIL_XS_FLOOD, NULL);
	if (!IS_ERR(val)) {
		if (!strcmp(val, "wait"))
			wait_us = xenbus_read_unsigned(dev->otherend,
						       XTRAIL_XS_FLOOD_WAIT,
						       XTRAIL_FLOOD_WAIT_DEF);
		else if (strcmp(val, "drop"))
			pr_warn("config: unknown flood mode \"%.32s\"\n", val);
		kfree(val);
	}
	wait_us = min_t(u32, wait_us, XTRAIL_FLOOD_WAIT_MAX);
	xtrail_probes_set_events(events);
	xtrail_ring_set_flood_wait(wait_us);
	pr_info("config: events %#x, flood %s %u us\n", events,
		wait_us ? "wait" : "drop", wait_us);
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
