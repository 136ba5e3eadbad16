// SPDX-License-Identifier: GPL-2.0
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

int xt_f3_pins_seal(struct f3_pins *p, uint64_t epoch,
		    const uint8_t mac[F3_HASH], uint64_t segment_no,
		    char *why, size_t n)
{
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

int xt_f3_pins_finish(const struct f3_pins *p, const struct f3_log_end *e,
		      char *why, size_t n)
{
	if (p->have_anchor && finish_anchor(p, e, why, n))
		return -1;
	if (p->have_pin && !p->pin_hit)
		return seal_missing(e, "pinned", p->pin_epoch, why, n);
	return 0;
}
