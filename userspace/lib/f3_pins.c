// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A log checked against the auditor's anchor and epoch pin (f3_pins.h):
 * the seal they name must be in the log, unaltered, and the log must
 * reach the anchor's point; each failure names where the log starts or
 * ends instead.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "f3_pins.h"

/* The seal @s must be the trail's, if the trail has it. */
static int trail_seal(struct f3_pins *p, const struct f3_seal *s,
		      uint64_t segment_no, uint64_t start_seq, char *why,
		      size_t n)
{
	uint64_t epoch = xt_le64(s->epoch);
	const struct f3_anchor *a = xt_f3_trail_find(p->trail, epoch);

	const struct f3_anchor *m;

	/* The trail's seals since the last one read (or the log's start). */
	for (m = p->trail->a; m < p->trail->a + p->trail->n &&
	     m->epoch < epoch; m++) {
		if ((p->trail_seen && m->epoch <= p->trail_prev) ||
		    (!p->trail_seen && m->seq <= start_seq))
			continue;
		snprintf(why, n, "the collector's anchor of seal %" PRIu64
			 " (sequence %" PRIu64
			 ") has no seal in the log, whose next seal is %" PRIu64
			 " (segment %" PRIu64
			 "): seals were stripped and the log re-sealed (first divergence)",
			 m->epoch, m->seq, epoch, segment_no);
		return -1;
	}
	p->trail_seen = 1;
	p->trail_prev = epoch;
	if (!a)
		return 0;
	if (a->seq != xt_le64(s->seq) ||
	    sodium_memcmp(a->chain, s->chain, F3_HASH) ||
	    sodium_memcmp(a->mac, s->mac, F3_HASH)) {
		snprintf(why, n, "seal %" PRIu64 " (segment %" PRIu64
			 ", sequence %" PRIu64
			 ") differs from the collector's anchor of seal %" PRIu64
			 " (sequence %" PRIu64
			 "): the log was rewritten or re-sealed up to there (first divergence)",
			 epoch, segment_no, xt_le64(s->seq), epoch, a->seq);
		return -1;
	}
	p->trail_hits++;
	return 0;
}

int xt_f3_pins_seal(struct f3_pins *p, const struct f3_seal *s,
		    uint64_t segment_no, uint64_t start_seq, char *why,
		    size_t n)
{
	uint64_t epoch = xt_le64(s->epoch);
	const uint8_t *mac = s->mac;

	if (p->trail && trail_seal(p, s, segment_no, start_seq, why, n))
		return -1;
	if (p->have_anchor && p->anchor.sealed && !p->anchor_seal_hit) {
		if (epoch > p->anchor.epoch) {
			snprintf(why, n,
				 "the anchored seal (epoch %" PRIu64
				 ") is not in the log: its first seal is epoch %" PRIu64
				 " (segment %" PRIu64
				 "): the files holding it were deleted (if by retention, the auditor needs a newer anchor), or the log was re-sealed",
				 p->anchor.epoch, epoch, segment_no);
			return -1;
		}
		if (epoch == p->anchor.epoch) {
			if (sodium_memcmp(p->anchor.mac, mac, F3_HASH)) {
				snprintf(why, n, "seal %" PRIu64
					 " (segment %" PRIu64
					 ") differs from the anchor's: the log was re-sealed",
					 epoch, segment_no);
				return -1;
			}
			p->anchor_seal_hit = 1;
		}
	}
	if (p->have_pin && !p->pin_hit) {
		if (epoch > p->pin_epoch) {
			snprintf(why, n,
				 "the pinned seal (epoch %" PRIu64
				 ") is not in the log: its first seal is epoch %" PRIu64
				 " (segment %" PRIu64
				 "): the files holding it were deleted, or the log was re-sealed",
				 p->pin_epoch, epoch, segment_no);
			return -1;
		}
		if (epoch == p->pin_epoch)
			p->pin_hit = 1;
	}
	return 0;
}

/* The seal of @epoch (@what: "anchored", "pinned") was not read. */
static int seal_missing(const struct f3_log_end *e, const char *what,
			uint64_t epoch, char *why, size_t n)
{
	if (!e->seal_seen)
		snprintf(why, n, "the %s seal (epoch %" PRIu64
			 ") is not in the log: it holds no seal at all (segments %" PRIu64
			 "..%" PRIu64 ")", what, epoch,
			 e->segment_no + 1 - e->segments, e->segment_no);
	else
		snprintf(why, n, "the log ends at seal %" PRIu64
			 " (segment %" PRIu64 ", sequence %" PRIu64
			 "), before the %s seal (epoch %" PRIu64
			 "): it was rolled back, or its last files were deleted",
			 e->next_epoch - 1, e->last_seal_segment, e->next_seq,
			 what, epoch);
	return -1;
}

/* The anchor's seal and point were read. */
static int finish_anchor(const struct f3_pins *p, const struct f3_log_end *e,
			 char *why, size_t n)
{
	const struct f3_anchor *a = &p->anchor;

	if (!e->have_log || memcmp(a->seq_id, e->seq_id, F3_ID_LEN)) {
		snprintf(why, n,
			 "the anchor is for another log (sequence id differs)");
		return -1;
	}
	if (a->sealed && !p->anchor_seal_hit)
		return seal_missing(e, "anchored", a->epoch, why, n);
	if (p->anchor_hit)
		return 0;
	if (e->start_seq > a->seq)
		snprintf(why, n, "the log starts at sequence %" PRIu64
			 ", after the anchor's point (sequence %" PRIu64
			 "): the files up to it were deleted",
			 e->start_seq, a->seq);
	else if (e->next_seq < a->seq)
		snprintf(why, n, "the log ends at sequence %" PRIu64
			 " (segment %" PRIu64 ") but the anchor is at %" PRIu64
			 ": records or segments at the end were removed (rolled back, or its last files deleted)",
			 e->next_seq, e->segment_no, a->seq);
	else
		snprintf(why, n,
			 "no point of the log matches the anchor (sequence %" PRIu64
			 "): the log was truncated and resumed, or altered",
			 a->seq);
	return -1;
}

/* The log reaches the trail's last seal. */
static int finish_trail(const struct f3_pins *p, const struct f3_log_end *e,
			char *why, size_t n)
{
	const struct f3_anchor *last = &p->trail->a[p->trail->n - 1];
	const struct f3_anchor *next;

	if (!e->have_log || memcmp(last->seq_id, e->seq_id, F3_ID_LEN)) {
		snprintf(why, n,
			 "the collector's trail is of another log (sequence id differs)");
		return -1;
	}
	if (e->seal_seen && e->next_epoch > last->epoch)
		return 0;
	next = xt_f3_trail_find(p->trail, e->seal_seen ? e->next_epoch : 0);
	if (!next)
		next = &p->trail->a[0];
	snprintf(why, n, "the log ends at sequence %" PRIu64 " (segment %"
		 PRIu64 "), before seal %" PRIu64 " of the collector's trail (sequence %"
		 PRIu64 ", the first divergence; the trail goes on to seal %"
		 PRIu64 "): the log was truncated or rolled back",
		 e->next_seq, e->segment_no, next->epoch, next->seq,
		 last->epoch);
	return -1;
}

int xt_f3_pins_finish(const struct f3_pins *p, const struct f3_log_end *e,
		      char *why, size_t n)
{
	if (p->trail && finish_trail(p, e, why, n))
		return -1;
	if (p->have_anchor && finish_anchor(p, e, why, n))
		return -1;
	if (p->have_pin && !p->pin_hit)
		return seal_missing(e, "pinned", p->pin_epoch, why, n);
	return 0;
}
