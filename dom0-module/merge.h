/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _XTRAIL_MERGE_H
#define _XTRAIL_MERGE_H

#include <linux/list.h>
#include <linux/rbtree.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/types.h>
#include <linux/wait.h>

#include "xtrail_proto.h"

/*
 * Source ids: a guest's domid (its records: a guest source), or one of
 * these for dom0.
 */
#define XTRAIL_MSRC_LOCAL	0		/* dom0's own events */
#define XTRAIL_MSRC_CONTROL	0x10000		/* CLOCK, ... (no guest's) */
#define XTRAIL_MSRC_ABOUT	0x20000		/* | domid: dom0's records */
						/* about that guest */
#define XTRAIL_MSRC_GUEST(id)	((id) > XTRAIL_MSRC_LOCAL && \
				 (id) < XTRAIL_MSRC_CONTROL)

/* xtrail_merge_push_flags(): leave the last quarter of the source's cap */
#define XTRAIL_MPUSH_SPARE	0x1
/* xtrail_dom0_push(): the header's loginuid and sessionid are a task's */
#define XTRAIL_MPUSH_WHO	0x2

/**
 * struct xtrail_merge_src - one source's share of the merge
 * @node:    in xtrail_merge.srcs
 * @id:      domid or XTRAIL_MSRC_*
 * @opens:   xtrail_merge_src_open() calls not yet closed
 * @used:    bytes held for it (window, unread and unacknowledged records)
 * @held:    records held for it
 * @pushed:  records taken
 * @refused: records refused (cap reached or no memory)
 * @cap:     bytes it may hold: xtrail_merge.about_cap for dom0's records
 *           about a guest, xtrail_merge.cap for the others (a guest
 *           source: also no more than its share of guests_cap)
 */
struct xtrail_merge_src {
	struct list_head node;
	u32 id;
	u32 opens;
	u64 used;
	u64 held;
	u64 pushed;
	u64 refused;
	u64 cap;
};

/* Told that acknowledged records were freed (xtrail_merge_space_freed()). */
typedef void (*xtrail_merge_space_cb_t)(void);

/**
 * struct xtrail_merge - the merged stream (see xtrail_dev.h)
 * @lock:      everything below; taken with interrupts off (probes push)
 * @win:       records inside the reordering window, by (key, arrival)
 * @out:       emitted, not yet read, in stream order
 * @unacked:   read, not yet acknowledged, in stream order
 * @srcs:      the sources
 * @wait:      readers wait here for @out to fill
 * @timer:     wakes the readers when the oldest record in @win matures
 * @stream_id: random, never 0
 * @next_seq:  stream number of the next record to leave @win
 * @ack_seq:   every record below it is acknowledged (freed)
 * @arrivals:  records ever pushed (breaks key ties in arrival order)
 * @now:       latest clock reading: recv_ns of the records and the
 *             emission clock never go backwards
 * @window_ns: the reordering window
 * @cap:       bytes one source may hold
 * @about_cap: bytes dom0's records about one guest may hold (the guest's
 *             quota: XTRAIL_MSRC_ABOUT sources)
 * @guests_cap: bytes all guest sources together may hold (0: no limit):
 *             each holds at most guests_cap / @guests
 * @guests:    guest sources (open, or holding records)
 * @guests_used: bytes they hold
 * @xen:       keys are Xen system time (dom0's clock is Xen's)
 * @dying:     no more timers
 * @space_cb:  told when acknowledged records were freed (sources that
 *             were refused for their cap may push again)
 */
struct xtrail_merge {
	spinlock_t lock;
	struct rb_root_cached win;
	struct list_head out;
	struct list_head unacked;
	struct list_head srcs;
	wait_queue_head_t wait;
	struct timer_list timer;
	u64 stream_id;
	u64 next_seq;
	u64 ack_seq;
	u64 arrivals;
	u64 now;
	u64 window_ns;
	u64 batch_ns;
	u64 cap;
	u64 about_cap;
	u64 guests_cap;
	u32 guests;
	u64 guests_used;
	bool xen;
	bool dying;
	xtrail_merge_space_cb_t space_cb;
};

extern struct xtrail_merge xtrail_stream;

int xtrail_merge_init(void);
void xtrail_merge_uninit(void);

void xtrail_merge_setup(struct xtrail_merge *m, u64 window_ns, u64 batch_ns,
			u64 cap, bool xen);
void xtrail_merge_set_limits(struct xtrail_merge *m, u64 about_cap,
			     u64 guests_cap);
void xtrail_merge_teardown(struct xtrail_merge *m);
int xtrail_merge_src_open(struct xtrail_merge *m, u32 id);
void xtrail_merge_src_close(struct xtrail_merge *m, u32 id);
int xtrail_merge_push(struct xtrail_merge *m, u32 id, void *rec, u32 len,
		      u64 now);
int xtrail_merge_push_flags(struct xtrail_merge *m, u32 id, void *rec,
			    u32 len, u64 now, unsigned int flags);
bool xtrail_merge_emit(struct xtrail_merge *m, u64 now);
u64 xtrail_merge_read_seq(struct xtrail_merge *m);
ssize_t xtrail_merge_read(struct xtrail_merge *m, char __user *ubuf,
			  size_t count, void *kbuf);
int xtrail_merge_ack(struct xtrail_merge *m, u64 seq);
void xtrail_merge_rewind(struct xtrail_merge *m);
void xtrail_merge_set_space_cb(struct xtrail_merge *m,
			       xtrail_merge_space_cb_t cb);
void xtrail_merge_space_freed(struct xtrail_merge *m);

/* The module's stream: what every source pushes into (xtrail_stream). */
int xtrail_stream_push(void *rec, u32 len);
int xtrail_stream_push_dom0(void *rec, u32 len);
int xtrail_stream_push_who(void *rec, u32 len);

/**
 * struct xtrail_dom0_src - records dom0 makes, as one source of the stream:
 * its control records, or those about one guest (that guest's quota).
 * Every record the merge refuses is counted here, and a DOM0_LOST record
 * (xtrail_proto.h) reports the count ahead of the next one it takes.
 * @lock:       the fields below
 * @id:         merge source (XTRAIL_MSRC_CONTROL or XTRAIL_MSRC_ABOUT | domid)
 * @domid:      the guest its records are about (0: none)
 * @open:       a source of the merge now
 * @lost:       records refused since the last DOM0_LOST record
 * @lost_total: records refused since this struct was initialised
 * @first_ns:   dom0's clock at the first of @lost
 * @last_ns:    ... and at the last
 * @by_type:    @lost by record type (type - XTRAIL_REC_DOM0_FIRST)
 */
struct xtrail_dom0_src {
	spinlock_t lock;
	u32 id;
	u16 domid;
	bool open;
	u64 lost;
	u64 lost_total;
	u64 first_ns;
	u64 last_ns;
	u32 by_type[XTRAIL_DOM0_LOST_TYPES];
};

void xtrail_dom0_src_init(struct xtrail_dom0_src *d);
int xtrail_dom0_src_open(struct xtrail_dom0_src *d, u16 domid);
void xtrail_dom0_src_close(struct xtrail_dom0_src *d);
int xtrail_dom0_push(struct xtrail_dom0_src *d, void *rec, u32 len,
		     unsigned int flags);

#endif
