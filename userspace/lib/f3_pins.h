/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the auditor holds against a log being read: an anchor (a point of
 * the log and its latest seal, "xtrail anchor") and an epoch pin (a seal
 * that must be there). The reader hands each seal it reads and, at the
 * end, where the log ended; the answers say what is missing and where.
 */
#ifndef XTRAIL_F3_PINS_H
#define XTRAIL_F3_PINS_H

#include <stddef.h>
#include <stdint.h>

#include "f3_anchor.h"
#include "f3_format.h"
#include "f3_trail.h"

/**
 * struct f3_pins - the anchor and epoch pin a log is read against
 * @have_anchor:     @anchor is set
 * @anchor_hit:      the log passed through the anchor's point (its seq
 *                   and chain head)
 * @anchor_seal_hit: the anchor's seal was read, the same
 * @have_pin:        the seal of epoch @pin_epoch must be in the log
 * @pin_hit:         it was read
 * @trail:           a collector's trail of anchors: each seal of the log
 *                   it has must be the same, the log must reach its last
 * @trail_hits:      seals of the log found in the trail
 * @trail_seen, @trail_prev: a seal was read, the latest's epoch; every
 *                   seal of the trail between two of the log's (or after
 *                   its start) must be in it
 */
struct f3_pins {
	int have_anchor;
	int anchor_hit;
	int anchor_seal_hit;
	struct f3_anchor anchor;
	int have_pin;
	int pin_hit;
	uint64_t pin_epoch;
	const struct f3_trail *trail;
	uint64_t trail_hits;
	int trail_seen;
	uint64_t trail_prev;
};

/**
 * struct f3_log_end - where a log read to its end ended
 * @seq_id:     its id (valid if @have_log)
 * @seal_seen:  a seal was read; the latest: epoch @next_epoch - 1, in
 *              segment @last_seal_segment
 * @next_seq:   records read up to (the next one's number)
 * @segment_no: the last segment; @segments were read
 * @start_seq:  the first record's number (above 0: a retained log)
 */
struct f3_log_end {
	const uint8_t *seq_id;
	int have_log;
	int seal_seen;
	uint64_t next_epoch;
	uint64_t last_seal_segment;
	uint64_t next_seq;
	uint64_t segment_no;
	uint64_t segments;
	uint64_t start_seq;
};

/*
 * The seal @s, in segment @segment_no, was read (the first one read comes
 * first), of a log that starts at record @start_seq. 0, or -1 with the reason in @why: the anchored or pinned seal
 * is not in the log (it starts after it), or the anchor's (the trail's)
 * seal differs.
 */
int xt_f3_pins_seal(struct f3_pins *p, const struct f3_seal *s,
		    uint64_t segment_no, uint64_t start_seq, char *why,
		    size_t n);

/*
 * At the end of the log @e: 0 if every pin held, or -1 with the reason
 * in @why.
 */
int xt_f3_pins_finish(const struct f3_pins *p, const struct f3_log_end *e,
		      char *why, size_t n);

#endif /* XTRAIL_F3_PINS_H */
