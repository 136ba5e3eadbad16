// SPDX-License-Identifier: GPL-2.0
/*
 * Live-object counters (see counters.h), shown as read-only module
 * parameters: live_backends, live_pages, live_irqs.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>

#include "counters.h"

struct xtrail_counters xtrail_live;

static int xtrail_counter_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%d\n", atomic_read((atomic_t *)kp->arg));
}

static const struct kernel_param_ops xtrail_counter_ops = {
	.get = xtrail_counter_get,
};

module_param_cb(live_backends, &xtrail_counter_ops, &xtrail_live.backends,
		0444);
MODULE_PARM_DESC(live_backends, "backend devices bound now (read-only)");
module_param_cb(live_pages, &xtrail_counter_ops, &xtrail_live.pages, 0444);
MODULE_PARM_DESC(live_pages, "guest pages grant-mapped now (read-only)");
module_param_cb(live_irqs, &xtrail_counter_ops, &xtrail_live.irqs, 0444);
MODULE_PARM_DESC(live_irqs, "event-channel irqs bound now (read-only)");
