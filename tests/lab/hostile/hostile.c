// SPDX-License-Identifier: GPL-2.0
/*
 * A hostile guest, for the lab only: the real guest module (its ring code
 * is compiled into this file, so its state is at hand), plus a parameter
 * that breaks the ring protocol on demand, the way a guest that lies would:
 *
 *   echo index > /sys/module/xtrail_hostile/parameters/break
 *	publish a producer index beyond the ring
 *   echo length > ...	publish a record whose length is impossible
 *   echo type > ...	publish a record of a type only dom0 may make
 *
 * dom0 must log a VIOLATION naming the fault, disconnect this guest, and
 * carry on.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <xen/events.h>

#include "../../../domu-module/ring.c"

static void hostile_publish(struct xtrail_prod *p, const void *rec, u32 len,
			    u32 advance)
{
	xtrail_ring_write(p->data, p->size, p->prod, rec, len);
	p->prod += advance;
	/* The bytes before the index that covers them, as the real producer. */
	virt_wmb();
	WRITE_ONCE(p->intf->prod, cpu_to_le32(p->prod));
	notify_remote_via_evtchn(p->evtchn);
}

static int hostile_break(const char *val, const struct kernel_param *kp)
{
	struct xtrail_prod *p = &xtrail_rings[0];
	struct xtrail_rec_hdr h = {};
	unsigned long flags;
	int ret = 0;

	raw_spin_lock_irqsave(&p->lock, flags);
	if (!p->intf) {
		ret = -ENOTCONN;
	} else if (sysfs_streq(val, "index")) {
		p->prod += 2 * p->size;
		WRITE_ONCE(p->intf->prod, cpu_to_le32(p->prod));
		notify_remote_via_evtchn(p->evtchn);
	} else if (sysfs_streq(val, "length")) {
		h.len = cpu_to_le32(12);	/* shorter than a header */
		h.type = cpu_to_le16(XTRAIL_REC_EXEC);
		hostile_publish(p, &h, sizeof(h), sizeof(h));
	} else if (sysfs_streq(val, "type")) {
		h.len = cpu_to_le32(sizeof(h));
		h.type = cpu_to_le16(XTRAIL_REC_CONNECT);
		hostile_publish(p, &h, sizeof(h), sizeof(h));
	} else {
		ret = -EINVAL;
	}
	raw_spin_unlock_irqrestore(&p->lock, flags);
	if (!ret)
		pr_info("broke the ring protocol: %s", val);
	return ret;
}

static const struct kernel_param_ops hostile_ops = {
	.set = hostile_break,
};

module_param_cb(break, &hostile_ops, NULL, 0200);
MODULE_PARM_DESC(break, "index | length | type: break the ring protocol");
