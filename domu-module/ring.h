/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _XTRAIL_DOMU_RING_H
#define _XTRAIL_DOMU_RING_H

#include <linux/types.h>
#include <xen/interface/event_channel.h>

struct xtrail_ring_intf;

/**
 * struct xtrail_prod_stats - producer counters since module load
 * @generated: records the probes produced (delivered + lost)
 * @written:   records written to the rings, LOST records included, but
 *             not those withdrawn at a detach (dom0 never took them)
 * @lost:      records dropped: ring full, no ring connected, or written
 *             and withdrawn at a detach
 * @bytes:     bytes written to the rings
 * @notifies:  event-channel notifications sent
 * @waits:     commits that waited for space (flood mode "wait")
 * @wait_ns:   the time those waits took, in all (monotonic clock)
 * @wait_max_ns: the longest of them
 */
struct xtrail_prod_stats {
	u64 generated;
	u64 written;
	u64 lost;
	u64 bytes;
	u64 notifies;
	u64 waits;
	u64 wait_ns;
	u64 wait_max_ns;
};

int xtrail_ring_init(unsigned int nr_rings);
void xtrail_ring_uninit(void);
unsigned int xtrail_ring_count(void);
void xtrail_ring_attach(unsigned int ring, struct xtrail_ring_intf *intf,
			void *data, unsigned int order, evtchn_port_t evtchn);
void xtrail_ring_detach(unsigned int ring);
void xtrail_ring_commit(void *rec, u32 len);
void xtrail_ring_set_flood_wait(u32 us);
void xtrail_ring_stats(struct xtrail_prod_stats *st);

#endif
