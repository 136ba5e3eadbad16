/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _XTRAIL_CONSUMER_H
#define _XTRAIL_CONSUMER_H

#include <linux/types.h>

struct xtrail_ring_intf;
struct xtrail_consumer;

/*
 * Called for every record that passed validation, with domid and recv_ns
 * stamped. Returns 0 when the record was taken, -ENOSPC when the sink is
 * full (the record stays in the ring and consumption stops).
 */
typedef int (*xtrail_deliver_t)(struct xtrail_consumer *c, void *rec, u32 len);

/**
 * struct xtrail_consumer - dom0's view of one guest ring
 * @intf:    the mapped index page (shared with the guest: hostile)
 * @data:    the mapped data area (shared with the guest: hostile)
 * @size:    data area size in bytes
 * @cons:    our consumer index; the copy in @intf is only ever written
 * @domid:   the source, as xenbus knows it
 * @ring:    this ring's index: it carries records of vcpu % nr_rings == ring
 * @nr_rings: rings of this source
 * @buf:     private copy of the record being examined (XTRAIL_REC_MAX)
 * @deliver: where records go
 * @records: records delivered
 * @bytes:   bytes delivered
 * @bad:     verdict of the violation that stopped the ring, if any
 * @bad_prod, @bad_len, @bad_type: details of that violation
 */
struct xtrail_consumer {
	struct xtrail_ring_intf *intf;
	const void *data;
	u32 size;
	u32 cons;
	u16 domid;
	u16 ring;
	u16 nr_rings;
	u8 *buf;
	xtrail_deliver_t deliver;
	u64 records;
	u64 bytes;
	unsigned int bad;
	u32 bad_prod;
	u32 bad_len;
	u32 bad_type;
};

int xtrail_consumer_init(struct xtrail_consumer *c,
			 struct xtrail_ring_intf *intf, const void *data,
			 unsigned int order, u16 domid, u16 ring,
			 u16 nr_rings, xtrail_deliver_t deliver);
void xtrail_consumer_uninit(struct xtrail_consumer *c);
int xtrail_consume(struct xtrail_consumer *c, unsigned int budget);
int xtrail_consume_drain(struct xtrail_consumer *c);

#endif
