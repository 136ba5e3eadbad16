/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A trail of anchors: the anchor of every seal a host's xtraild sent to
 * its collector (f3_replica.h), read from the collector's file, which
 * "xtrail verify --anchors" holds the host's log against (f3_pins.h):
 * every seal of the log the trail has must be the trail's, and the log
 * must reach the trail's last seal.
 */
#ifndef XTRAIL_F3_TRAIL_H
#define XTRAIL_F3_TRAIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "f3_anchor.h"

/**
 * struct f3_trail - anchors by epoch, each once
 * @a: sorted by epoch; @n of them
 */
struct f3_trail {
	struct f3_anchor *a;
	size_t n;
};

/*
 * Every line of @f that holds "xtrail-anchor-v1 ..." (anything may come
 * before it): a sealed anchor, of one log; an anchor sent again is kept
 * once. 0, or -1 with the reason in @err (two different anchors of one
 * seal: the host re-sealed; another log; none at all).
 */
int xt_f3_trail_load(struct f3_trail *t, FILE *f, char *err, size_t errlen);

/* The anchor of seal @epoch, or NULL. */
const struct f3_anchor *xt_f3_trail_find(const struct f3_trail *t,
					 uint64_t epoch);

void xt_f3_trail_free(struct f3_trail *t);

#endif /* XTRAIL_F3_TRAIL_H */
