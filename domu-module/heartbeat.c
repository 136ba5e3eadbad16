// SPDX-License-Identifier: GPL-2.0
/*
 * Heartbeats: every heartbeat_ms, one HEARTBEAT record per ring with that
 * ring's counters, so that dom0 can tell a quiet guest from a silenced one
 * and check delivered + lost against generated as it goes.
 */
#include <linux/module.h>
#include <linux/workqueue.h>

#include "xtrail_proto.h"
#include "fileio.h"
#include "filter.h"
#include "heartbeat.h"
#include "record.h"
#include "ring.h"

static unsigned int heartbeat_ms = 10000;
module_param(heartbeat_ms, uint, 0);
MODULE_PARM_DESC(heartbeat_ms, "heartbeat period in ms (0: none)");

static struct delayed_work xtrail_heartbeat_work;

static void xtrail_heartbeat(struct work_struct *work)
{
	struct {
		struct xtrail_rec_hdr h;
		struct xtrail_heartbeat hb;
	} r;
	unsigned int i;

	for (i = 0; i < xtrail_ring_count(); i++) {
		xtrail_hdr_fill_current(&r.h);
		r.h.len = cpu_to_le32(sizeof(r));
		r.h.type = cpu_to_le16(XTRAIL_REC_HEARTBEAT);
		r.h.vcpu = cpu_to_le16(i);	/* names the ring */
		/* The ring fills in the counters as it commits the record. */
		r.hb.period_ms = cpu_to_le32(heartbeat_ms);
		r.hb.pad = 0;
		r.hb.filtered = cpu_to_le64(xtrail_filtered_count(i,
						xtrail_ring_count()));
		r.hb.untracked = cpu_to_le64(xtrail_fileio_untracked(i,
						xtrail_ring_count()));
		xtrail_ring_commit(&r, sizeof(r));
	}
	schedule_delayed_work(&xtrail_heartbeat_work,
			      msecs_to_jiffies(heartbeat_ms));
}

int xtrail_heartbeat_init(void)
{
	INIT_DELAYED_WORK(&xtrail_heartbeat_work, xtrail_heartbeat);
	if (heartbeat_ms)
		schedule_delayed_work(&xtrail_heartbeat_work,
				      msecs_to_jiffies(heartbeat_ms));
	return 0;
}

void xtrail_heartbeat_uninit(void)
{
	cancel_delayed_work_sync(&xtrail_heartbeat_work);
}
