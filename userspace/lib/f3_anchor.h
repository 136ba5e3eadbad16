/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * F3 anchors: a point of the log (records so far, chain head, latest
 * seal) the auditor keeps off-host, as one line of text.
 */
#ifndef XTRAIL_F3_ANCHOR_H
#define XTRAIL_F3_ANCHOR_H

#include <stddef.h>
#include <stdint.h>

#include "f3_format.h"

/**
 * struct f3_anchor - a point of the log the auditor keeps off-host
 * @seq_id: the log
 * @seq:    records before the point
 * @chain:  chain head at the point
 * @sealed: the log had a seal by then; @epoch and @mac are the latest one's
 */
struct f3_anchor {
	uint8_t seq_id[F3_ID_LEN];
	uint64_t seq;
	uint8_t chain[F3_HASH];
	int sealed;
	uint64_t epoch;
	uint8_t mac[F3_HASH];
};

/* "xtrail-anchor-v1 SEQID SEQ CHAIN EPOCH|- MAC|-" (no newline). */
void xt_f3_anchor_format(const struct f3_anchor *a, char *buf, size_t size);
/* Parse that; 0 or -1. */
int xt_f3_anchor_parse(struct f3_anchor *a, const char *s);

#endif /* XTRAIL_F3_ANCHOR_H */
