// SPDX-License-Identifier: GPL-2.0
/*
 * The guest module's own source (see hostile.c), and a way to hide the
 * guest's network records: after hostile_net(false) every NET record is
 * dropped here, before the ring numbers or counts it (no LOST record, no
 * sequence gap, nothing "filtered" in the heartbeat), as a guest root who
 * patches the logger would hide a connection. Only dom0's FLOW records
 * then show the connection, with no guest record to match.
 */
#define xtrail_submit xtrail_submit_honest
#include "../../../common/submit.c"
#undef xtrail_submit

#include <linux/moduleparam.h>
#include <linux/sysfs.h>

#include "hostile.h"

static bool hostile_hide_net;
static atomic_long_t hostile_net_hidden = ATOMIC_LONG_INIT(0);

void hostile_net(bool on)
{
	WRITE_ONCE(hostile_hide_net, !on);
}

/* The probes' xtrail_submit() (submit.h declared it under the other name) */
void xtrail_submit(void *rec, u32 len)
{
	const struct xtrail_rec_hdr *h = rec;

	if (READ_ONCE(hostile_hide_net) &&
	    h->type == cpu_to_le16(XTRAIL_REC_NET)) {
		atomic_long_inc(&hostile_net_hidden);
		return;
	}
	xtrail_submit_honest(rec, len);
}

static int hostile_hidden_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%ld\n", atomic_long_read(&hostile_net_hidden));
}

static const struct kernel_param_ops hostile_hidden_ops = {
	.get = hostile_hidden_get,
};

module_param_cb(net_hidden, &hostile_hidden_ops, NULL, 0444);
MODULE_PARM_DESC(net_hidden, "NET records hidden since the module loaded");
