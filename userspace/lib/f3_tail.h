/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Following an F3 log from a position, item by item, as its writer leaves
 * it on disk (what replication sends): the items are segment headers and
 * frames, byte for byte, each named by its place (segment number, offset
 * in the segment: 0 is the header), across the rotated files
 * ("<path>.<N>") and the live file <path>, and never past what the writer
 * made durable in the live file. A segment's state word (the only bytes a
 * writer rewrites) is final once the next segment's header is on disk, or
 * once its writer closed it: a state item (offset 252, 4 bytes) then
 * carries it. No key is needed: the bytes are sent as they are (encrypted
 * to the auditor).
 *
 * A position is the place of the next item: (S, 0) is segment S's header,
 * (S, O) the item at offset O of segment S, or its end.
 */
#ifndef XTRAIL_F3_TAIL_H
#define XTRAIL_F3_TAIL_H

#include <stddef.h>
#include <stdint.h>

#include "f3_format.h"

/* Offset of the state word in a segment header. */
#define F3_STATE_OFF		252

enum f3_item_kind {
	F3_ITEM_HEADER = 1,	/* a segment header, F3_HDR_SIZE bytes */
	F3_ITEM_FRAME,		/* a frame (of type @frame_type) */
	F3_ITEM_STATE,		/* the final state word of segment @seg */
};

/**
 * struct f3_item - one item of the log, as xt_f3_tail_next() hands it
 * @kind:       enum f3_item_kind
 * @frame_type: a frame's type (enum f3_frame_type)
 * @seg, @off:  its place; @len bytes at @data (valid until the next call)
 * @next_seg, @next_off: the position after it
 */
struct f3_item {
	int kind;
	unsigned int frame_type;
	uint64_t seg;
	uint64_t off;
	uint32_t len;
	const uint8_t *data;
	uint64_t next_seg;
	uint64_t next_off;
};

/**
 * struct f3_tail_limit - how far the live file may be read
 * @live_first: the first segment of the file being written
 * @live_durable: bytes of it made durable (the writer's)
 * A file whose first segment is not @live_first was rotated: complete.
 */
struct f3_tail_limit {
	uint64_t live_first;
	uint64_t live_durable;
};

/**
 * struct f3_tail - a cursor over a log's files
 * @gap_from, @gap_to: after xt_f3_tail_next() returned 2: the segments
 *             that were no longer there (deleted) and were skipped
 * The others are internal.
 */
struct f3_tail {
	char *path;
	int fd;
	uint64_t file_first;
	uint64_t file_off;
	uint64_t seg;
	uint64_t seg_file_off;
	int in_seg;
	int state_sent;
	int have_id;
	uint8_t seq_id[F3_ID_LEN];
	uint64_t gap_from;
	uint64_t gap_to;
	uint8_t *buf;
};

/* 0, or -1 with errno. xt_f3_tail_uninit() in both cases. */
int xt_f3_tail_init(struct f3_tail *t, const char *path);
void xt_f3_tail_uninit(struct f3_tail *t);

/*
 * Go to the position (@seg, @off). Returns 0, 1 when the log has nothing
 * yet, 2 when segment @seg is gone (deleted: the tail is at the first
 * segment still there, t->gap_from..gap_to skipped), or -1 with the
 * reason in @err (no such place: the log is shorter than the position, or
 * not an item's start).
 */
int xt_f3_tail_seek(struct f3_tail *t, uint64_t seg, uint64_t off,
		    char *err, size_t errlen);

/*
 * The next item in @it: 1, 0 when there is none yet (the live file's
 * durable end), 2 after a gap (as for xt_f3_tail_seek(); no item), or -1
 * with the reason in @err.
 */
int xt_f3_tail_next(struct f3_tail *t, const struct f3_tail_limit *lim,
		    struct f3_item *it, char *err, size_t errlen);

/*
 * The state item of the current segment, when its writer has closed it
 * (at its end): 1 with @it, or 0 (no segment, or already sent).
 */
int xt_f3_tail_state(struct f3_tail *t, struct f3_item *it);

/* (@s1, @o1) is before (@s2, @o2). */
static inline int xt_f3_pos_before(uint64_t s1, uint64_t o1, uint64_t s2,
				   uint64_t o2)
{
	return s1 < s2 || (s1 == s2 && o1 < o2);
}

#endif /* XTRAIL_F3_TAIL_H */
