/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * An F3 segment's state (online, offline, archived): the state word of its
 * header, encoded, decoded, named, and rewritten in place, the only bytes
 * of a log ever rewritten.
 */
#ifndef XTRAIL_F3_SEGMENT_H
#define XTRAIL_F3_SEGMENT_H

#include <stdint.h>

#include "f3_format.h"

/* The encoded state field for @s, and its decoding (0 if invalid). */
static inline uint32_t xt_f3_seg_state_enc(enum f3_seg_state s)
{
	return (uint32_t)s | ((~(uint32_t)s & 0xffff) << 16);
}

static inline unsigned int xt_f3_seg_state_dec(uint32_t v)
{
	unsigned int s = v & 0xffff;

	if ((v >> 16) != (~s & 0xffff) || s < F3_SEG_ONLINE ||
	    s > F3_SEG_ARCHIVED)
		return 0;
	return s;
}

/* "online", "offline", "archived" or "invalid". */
const char *xt_f3_seg_state_name(unsigned int s);

/* Set the state of the segment at @seg_off of @fd. 0 or -1 with errno. */
int xt_f3_seg_state_write(int fd, uint64_t seg_off, enum f3_seg_state s);

#endif /* XTRAIL_F3_SEGMENT_H */
