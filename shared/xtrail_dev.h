/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/*
 * /dev/xtrail, version 1: the merged stream from the dom0 module to the
 * writer daemon, and its durable acknowledgement.
 *
 * This header is the specification of the device; the record format is in
 * xtrail_proto.h. Kernel and userspace include it. Fixed-width
 * little-endian fields, sizes asserted.
 *
 * 1. The stream. The module merges every source (each attached guest, dom0's
 *    own events, dom0's control records: CONNECT, DISCONNECT, VIOLATION,
 *    CLOCK) into one stream ordered by the merge key (xtrail_proto.h, "The
 *    merge"). Each record that leaves the merge gets the next stream
 *    sequence number: 0, 1, 2 ... for as long as the module is loaded. The
 *    stream is named by a random, non-zero @stream_id drawn at module load,
 *    so that numbers of a previous load are never taken for this one's.
 *
 * 2. Reading. read() returns whole records (xtrail_proto.h section 4),
 *    consecutive in the stream. Reading does not discard anything: records
 *    stay in the module until acknowledged. XTRAIL_IOC_POS tells the stream
 *    sequence number of the first record the next read() returns; a reader
 *    that asks before each read() knows the number of every record it gets
 *    (there is one reader at a time, so nothing moves in between).
 *
 * 3. Acknowledging. XTRAIL_IOC_ACK with @seq = n says "every record with a
 *    stream sequence number below n is durable": the module frees them.
 *    n must not exceed what was read (-EINVAL), nor go backwards (ignored).
 *    A wrong @stream_id gets -ESTALE. The daemon acknowledges only what its
 *    flush mode made durable.
 *
 * 4. Redelivery. Every open() starts reading at the first unacknowledged
 *    record: after the daemon crashed, what it read but did not
 *    acknowledge is delivered again, with the same numbers. A daemon that
 *    keeps, in its log, the number of the last record it stored (xtraild
 *    does: xtraild(8)) skips those it already holds.
 *
 * 5. Memory. Records held for the merge window and records delivered but
 *    not acknowledged both count against their source's cap (module
 *    parameter merge_cap_kb): a guest at its cap is no longer consumed (its
 *    ring fills and the guest counts its losses in-band), dom0's own events
 *    are counted and reported in a LOST record. A daemon that never
 *    acknowledges therefore stalls logging: it is not a way to lose records.
 */
#ifndef _XTRAIL_DEV_H
#define _XTRAIL_DEV_H

#include <linux/ioctl.h>
#include <linux/types.h>

#include "xtrail_ring.h"

#define XTRAIL_DEV_VERSION	1

/**
 * struct xtrail_dev_pos - a point of the stream
 * @stream_id: the stream (fixed while the module is loaded, never 0)
 * @seq:       POS: number of the record the next read() returns;
 *             ACK: every record below it is durable
 * @window_ns: POS: the longest the merge holds a record: its reordering
 *             window and a batch interval (a reader that stops reads for
 *             that long first, to take what is still held);
 *             ACK: zero
 */
struct xtrail_dev_pos {
	__le64 stream_id;
	__le64 seq;
	__le64 window_ns;
};

_Static_assert(sizeof(struct xtrail_dev_pos) == 24, "dev pos size");

#define XTRAIL_IOC_MAGIC	'X'
#define XTRAIL_IOC_POS		_IOR(XTRAIL_IOC_MAGIC, 1, struct xtrail_dev_pos)
#define XTRAIL_IOC_ACK		_IOW(XTRAIL_IOC_MAGIC, 2, struct xtrail_dev_pos)

/* xtrail_clock.merge_flags */
#define XTRAIL_MERGE_XEN	0x0001	/* keys may be Xen system time */

/**
 * xtrail_merge_key - the key that orders the stream (xtrail_proto.h, "The
 * merge")
 * @h:         a record as it left the merge (recv_ns stamped)
 * @xen:       XTRAIL_MERGE_XEN was set in the stream's CLOCK records
 * @window_ns: their merge_window_ns
 *
 * dom0's receipt time, unless both dom0's clock and the record's timestamp
 * are Xen system time: then the producer's timestamp, clamped into
 * [recv_ns - window_ns, recv_ns] (a guest cannot move its records out of
 * the window, nor before what dom0 already emitted).
 */
static inline __u64 xtrail_merge_key(const struct xtrail_rec_hdr *h, int xen,
				     __u64 window_ns)
{
	__u64 recv = xt_le64(h->recv_ns), ts = xt_le64(h->ts_ns);

	if (!xen || !(xt_le16(h->flags) & XTRAIL_RF_TS_XEN) || ts > recv)
		return recv;
	if (recv - ts > window_ns)
		return recv - window_ns;
	return ts;
}

#endif /* _XTRAIL_DEV_H */
