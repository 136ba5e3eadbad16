// SPDX-License-Identifier: GPL-2.0
/*
 * xtrail_domu: the guest's logging process (P3 of the logging template).
 * Records what happens in the guest kernel into a ring shared with dom0
 * (F2, in the guest's memory), from where dom0's backend takes it.
 */
#include <linux/math64.h>
#include <linux/module.h>
#include <xen/xen.h>

#include "xtrail_proto.h"
#include "clock.h"
#include "fault.h"
#include "filter.h"
#include "heartbeat.h"
#include "probes.h"
#include "ring.h"
#include "submit.h"
#include "tty.h"
#include "xenbus.h"

/* The probes' records: to the rings, unless config/ignore-* leaves them out. */
static void xtrail_domu_emit(void *rec, u32 len)
{
	if (!xtrail_filtered(rec, len))
		xtrail_ring_commit(rec, len);
}

static int __init xtrail_domu_init(void)
{
	int ret;

	if (!xen_domain())
		return -ENODEV;

	ret = xtrail_fault("clock") ?: xtrail_clock_init();
	if (ret)
		return ret;
	ret = xtrail_fault("ring") ?: xtrail_ring_init(min_t(unsigned int, nr_cpu_ids,
				     XTRAIL_RINGS_MAX));
	if (ret)
		goto err_clock;
	ret = xtrail_fault("xenbus") ?: xtrail_front_init();
	if (ret)
		goto err_ring;
	ret = xtrail_fault("filter") ?: xtrail_filter_init();
	if (ret)
		goto err_front;
	ret = xtrail_fault("submit") ?:
	      xtrail_submit_init(xtrail_domu_emit);
	if (ret)
		goto err_filter;
	ret = xtrail_fault("probes") ?: xtrail_probes_init();
	if (ret)
		goto err_submit;
	ret = xtrail_tty_init();
	if (ret)
		goto err_probes;
	ret = xtrail_fault("heartbeat") ?: xtrail_heartbeat_init();
	if (ret)
		goto err_tty;
	pr_info("loaded, protocol %u\n", XTRAIL_PROTO_VERSION);
	return 0;

err_tty:
	xtrail_tty_uninit();
err_probes:
	xtrail_probes_uninit();
err_submit:
	xtrail_submit_uninit();
err_filter:
	xtrail_filter_uninit();
err_front:
	xtrail_front_uninit();
err_ring:
	xtrail_ring_uninit();
err_clock:
	xtrail_clock_uninit();
	return ret;
}

static void __exit xtrail_domu_exit(void)
{
	struct xtrail_prod_stats st;

	xtrail_heartbeat_uninit();
	xtrail_tty_uninit();
	xtrail_probes_uninit();
	xtrail_submit_uninit();
	xtrail_filter_uninit();
	xtrail_front_uninit();
	xtrail_ring_stats(&st);
	xtrail_ring_uninit();
	xtrail_clock_uninit();
	pr_info("unloaded: %llu generated, %llu written, %llu lost\n",
		st.generated, st.written, st.lost);
	if (st.waits)
		pr_info("flood waits: %llu, %llu us in all, longest %llu us\n",
			st.waits, div_u64(st.wait_ns, NSEC_PER_USEC),
			div_u64(st.wait_max_ns, NSEC_PER_USEC));
}

module_init(xtrail_domu_init);
module_exit(xtrail_domu_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("xtrail guest logger (Xen PV frontend)");
MODULE_ALIAS("xen:" XTRAIL_DEVICE_TYPE);
