// SPDX-License-Identifier: GPL-2.0
/*
 * xtrail_dom0: the host's logging process (P2 of the logging template).
 * Backend for every attached guest's rings, and dom0's own events through
 * the same probes as the guest's; hands records to the writer daemon
 * through /dev/xtrail, and is controlled through generic netlink.
 */
#include <linux/module.h>
#include <xen/xen.h>

#include "xtrail_proto.h"
#include "chardev.h"
#include "clock.h"
#include "control.h"
#include "fault.h"
#include "flowobs.h"
#include "own.h"
#include "merge.h"
#include "netlink.h"
#include "xenbus.h"

static int __init xtrail_dom0_init(void)
{
	int ret;

	if (!xen_domain())
		return -ENODEV;

	ret = xtrail_fault("clock") ?: xtrail_clock_init();
	if (ret)
		return ret;
	ret = xtrail_fault("merge") ?: xtrail_merge_init();
	if (ret)
		goto err_clock;
	ret = xtrail_fault("chardev") ?: xtrail_chardev_init();
	if (ret)
		goto err_merge;
	ret = xtrail_fault("genl") ?: xtrail_nl_init();
	if (ret)
		goto err_chardev;
	ret = xtrail_fault("own") ?: xtrail_own_init();
	if (ret)
		goto err_nl;
	xtrail_control_start();
	ret = xtrail_fault("flowobs") ?: xtrail_flowobs_init();
	if (ret)
		goto err_own;
	ret = xtrail_back_init();
	if (ret)
		goto err_flowobs;
	pr_info("loaded, protocol %u\n", XTRAIL_PROTO_VERSION);
	return 0;

err_flowobs:
	xtrail_flowobs_uninit();
err_own:
	xtrail_control_stop();
	xtrail_own_uninit();
err_nl:
	xtrail_nl_uninit();
err_chardev:
	xtrail_chardev_uninit();
err_merge:
	xtrail_merge_uninit();
err_clock:
	xtrail_clock_uninit();
	return ret;
}

static void __exit xtrail_dom0_exit(void)
{
	/*
	 * Control logging stops first: the device is closed (or the module
	 * could not be unloaded), so records about the teardown (DETACH) could
	 * never be read, only counted as not acknowledged.
	 */
	xtrail_control_stop();
	xtrail_back_uninit();
	xtrail_flowobs_uninit();
	xtrail_own_uninit();
	xtrail_nl_uninit();
	xtrail_chardev_uninit();
	xtrail_merge_uninit();
	xtrail_clock_uninit();
	pr_info("unloaded\n");
}

module_init(xtrail_dom0_init);
module_exit(xtrail_dom0_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("xtrail host logger (Xen PV backend)");
MODULE_ALIAS("xen-backend:" XTRAIL_DEVICE_TYPE);
