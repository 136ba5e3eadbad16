/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xtraild's input: the record source (/dev/xtrail, or a file or FIFO of
 * records), and the kernel's numbered stream: which record a read starts
 * with, which of them F3 already holds (stream_pos.h), and acknowledging
 * what is durable (XTRAIL_IOC_ACK).
 */
#ifndef XTRAILD_INPUT_H
#define XTRAILD_INPUT_H

#include "xtraild.h"
#include "xtrail_ring.h"

/*
 * The input buffer, and the device opened. 0, or -1 after a message (and
 * with nothing left to undo).
 */
int input_init(struct xtraild *d);
void input_uninit(struct xtraild *d);

/* Open the device again (after a disk failure). 0 or -1. */
int input_reopen(struct xtraild *d);

/* Count and log (the first few) invalid record @h: @v, then @what. */
void input_bad(struct xtraild *d, const struct xtrail_rec_hdr *h,
	       enum xtrail_verdict v, const char *what);

/*
 * Find out whether the device numbers its records, and load the mapping
 * (after the log is open: it needs w.next_seq). 0, or -1 after a message
 * (and with nothing left to undo).
 */
int stream_init(struct xtraild *d);
void stream_uninit(struct xtraild *d);

/*
 * Before a read: the number of the first record it returns (asked of the
 * device only when not known). 0 or -1.
 */
int stream_before_read(struct xtraild *d);

/* Records of the last read went uncounted: ask the device before the next. */
void input_unknown_pos(struct xtraild *d);

/*
 * The next record of the read, @h (@valid: it is to be stored). Returns 1
 * to store it, 0 to skip it (invalid, or already in F3), -1 on error. A
 * record that does not follow what F3 holds gets a STREAM_JUMP record
 * ahead of it.
 */
int stream_take(struct xtraild *d, const struct xtrail_rec_hdr *h,
		int valid);

/* Stopping cleanly: a STREAM_END record after the last one read. 0 or -1. */
int stream_end(struct xtraild *d);

/* Acknowledge what the flush mode has made durable. 0 or -1. */
int stream_ack(struct xtraild *d);

/* Nothing came for a while: sync what waits for its ack, ack it. 0 or -1. */
int stream_idle(struct xtraild *d);

#endif /* XTRAILD_INPUT_H */
