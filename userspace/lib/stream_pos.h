/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Where the kernel's stream (shared/xtrail_dev.h) meets the F3 log, so that
 * xtraild stores each record of the stream once across crashes.
 *
 * The kernel numbers the records of its stream and delivers again, after a
 * crash, those xtraild did not acknowledge; some of them may already be in
 * F3 (stored, not yet acknowledged). xtraild keeps one mapping, in a small
 * state file next to the log: "F3 record @f3_seq holds stream record
 * @stream_seq of stream @stream_id". While records are stored in stream
 * order without a gap, F3 record f3_seq + i holds stream record
 * stream_seq + i, so the mapping needs rewriting only when that breaks (a
 * new stream after a module reload, an invalid record skipped, the first
 * start). It is made durable before the first record it covers is stored.
 * On restart, with F3 holding records up to f3_next - 1 (after its torn
 * tail is cut), every stream record below
 *   expect = stream_seq + (f3_next - f3_seq)
 * is already in F3 and is skipped.
 *
 * File format, one line: "xtrail-stream-v1 STREAMID F3SEQ STREAMSEQ\n",
 * STREAMID in 16 hex digits, the others in decimal.
 */
#ifndef XTRAIL_STREAM_POS_H
#define XTRAIL_STREAM_POS_H

#include <stddef.h>
#include <stdint.h>

struct stream_pos {
	uint64_t stream_id;	/* 0: no mapping */
	uint64_t f3_seq;
	uint64_t stream_seq;
};

enum stream_verdict {
	STREAM_STORE,		/* the next F3 record, as mapped */
	STREAM_SKIP,		/* already in F3 */
	STREAM_REMAP,		/* store, after saving a new mapping */
};

/* What to do with stream record @seq of @stream_id, F3's next being @f3_next. */
enum stream_verdict xt_pos_classify(const struct stream_pos *p,
				    uint64_t f3_next, uint64_t stream_id,
				    uint64_t seq);
/*
 * After STREAM_REMAP: does stream record @seq of @stream_id, about to be F3
 * record @f3_next, jump? Returns an enum xtrail_jump_kind (xtrail_proto.h)
 * for a STREAM_JUMP record, with the number F3 expected next of the old
 * stream (*@old_next, 0 if none) and the records of the stream that never
 * reached F3 (*@missing); or 0: the stream starts at its first record, or
 * F3 lost its last records (unacknowledged: they come again).
 */
unsigned int xt_pos_jump(const struct stream_pos *p, uint64_t f3_next,
			 uint64_t stream_id, uint64_t seq, uint64_t *old_next,
			 uint64_t *missing);
/* 1 loaded, 0 no file (*p zeroed), -1 with a message in @err. */
int xt_pos_load(const char *path, struct stream_pos *p, char *err,
		size_t errlen);
/* Write, fsync, rename over @path, fsync the directory. 0 or -1 (errno). */
int xt_pos_save(const char *path, const struct stream_pos *p);

#endif
