/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * F3 replicated to a collector: the messages xtraild sends (one per item
 * of the log, f3_tail.h, and one per seal: its anchor), the replica file a
 * collector writes (those messages, one per line, in the order received,
 * duplicates included), turning it back into the F3 log (unpack), and the
 * replication state xtraild keeps per collector.
 *
 * A message is one line of text (the syslog message's text):
 *   xtrail-f3r-v1 SEQID SEG OFF BASE64 [END] an item: its place, its bytes
 *                                             (a state item: and the end of
 *                                             its segment, so that a lost
 *                                             last frame shows)
 *   xtrail-anchor-v1 ...                      the anchor of a seal (f3_anchor.h)
 *   xtrail-gap-v1 SEQID FROM TO               segments FROM..TO were deleted
 *                                             on the host before being sent
 *   xtrail-tick-v1 SEQID                      nothing (pushes the window)
 * SEQID is the log's id in 32 hex digits, SEG and OFF in decimal, BASE64
 * the item's bytes (RFC 4648, padded). A line may carry anything before
 * the tag (a collector's template may prefix a date or host).
 *
 * Unpacking keeps the first copy of each item and drops the later ones
 * (a resend after an outage or a restart), checking that they hold the
 * same bytes; a state item rewrites its segment's state word. What it
 * writes is the host's log byte for byte up to the last item received.
 */
#ifndef XTRAIL_F3_REPLICA_H
#define XTRAIL_F3_REPLICA_H

#include <stddef.h>
#include <stdint.h>

#include "f3_format.h"

#define F3R_TAG			"xtrail-f3r-v1 "
#define F3R_GAP_TAG		"xtrail-gap-v1 "
#define F3R_TICK_TAG		"xtrail-tick-v1 "
#define F3R_ANCHOR_TAG		"xtrail-anchor-v1 "
/* Longest message: an item's line (tag, id, numbers, base64). */
#define F3R_LINE_MAX		(64 + 2 * F3_ID_LEN + (F3_FRAME_MAX + 2) / 3 * 4)

/*
 * An item's message for @seq_id, @seg, @off, @len bytes (and, if not 0,
 * its segment's @end): its length (no NUL), 0 if @size is too small.
 */
size_t xt_f3r_format(char *buf, size_t size, const uint8_t *seq_id,
		     uint64_t seg, uint64_t off, const void *data,
		     uint32_t len, uint64_t end);

enum f3r_kind {
	F3R_NONE = 0,	/* not a replication line */
	F3R_ITEM,
	F3R_ANCHOR,
	F3R_GAP,
	F3R_TICK,
	F3R_BAD,	/* the tag, but not well formed */
};

/**
 * struct f3r_line - one line of a replica parsed
 * @seq_id, @seg, @off: an item's place (or a gap's log, FROM in @seg,
 *          TO in @off)
 * @data, @len: the item's bytes (in the caller's buffer)
 * @end:    a state item's segment end (0: none)
 * @text:   where the tag starts (an anchor's line)
 */
struct f3r_line {
	uint8_t seq_id[F3_ID_LEN];
	uint64_t seg;
	uint64_t off;
	uint8_t *data;
	uint32_t len;
	uint64_t end;
	const char *text;
};

/* Where a segment is in the output, and how far it was received. */
struct f3r_seg {
	uint64_t at;
	uint64_t end;
	int closed;	/* its state item (with its end) was received */
};

/* Parse @line (its NUL-terminated text) into @l, decoding into @buf. */
enum f3r_kind xt_f3r_parse(char *line, struct f3r_line *l, uint8_t *buf,
			   size_t size);

/**
 * struct f3r_unpack - a replica being turned back into F3
 * @fd:     the output, written from offset 0
 * @items:  items written; @dups dropped as copies; @states rewritten
 * @why:    the reason of the last failure
 */
struct f3r_unpack {
	int fd;
	uint64_t items;
	uint64_t dups;
	uint64_t states;
	char why[256];

	int started;
	uint8_t seq_id[F3_ID_LEN];
	uint64_t size;
	uint64_t seg;
	uint64_t seg_end;
	uint64_t first_seg;
	struct f3r_seg *segs;	/* from @first_seg on */
	size_t nseg;
};

/*
 * Add the item of @l. 0, or -1 with the reason in u->why: another log, a
 * gap (items missing), or a copy that differs from the first.
 */
int xt_f3r_unpack_item(struct f3r_unpack *u, const struct f3r_line *l);
void xt_f3r_unpack_free(struct f3r_unpack *u);

/**
 * struct f3r_state - what xtraild knows of one collector, in
 * "<output>.relp.<name>" (one line; saved durably, see xt_f3r_state_save())
 * @seq_id: the log; @seg, @off: every item before this position was
 *          acknowledged by the collector (resending starts here)
 * @sent:   items acknowledged since xtraild started
 * @pending: items sent and not yet known acknowledged
 * @behind_ns: since when the collector has been behind (0: caught up)
 * @saved_ns: when this was written
 * @connected: a session was up then
 */
struct f3r_state {
	uint8_t seq_id[F3_ID_LEN];
	uint64_t seg;
	uint64_t off;
	uint64_t sent;
	uint64_t pending;
	uint64_t behind_ns;
	uint64_t saved_ns;
	int connected;
};

/* 1 loaded, 0 no file (*s zeroed), -1 with a message in @err. */
int xt_f3r_state_load(const char *path, struct f3r_state *s, char *err,
		      size_t errlen);
/* Write, fsync, rename over @path (and fsync its directory if @durable). */
int xt_f3r_state_save(const char *path, const struct f3r_state *s,
		      int durable);

#endif /* XTRAIL_F3_REPLICA_H */
