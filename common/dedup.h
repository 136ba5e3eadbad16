/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _XTRAIL_DEDUP_H
#define _XTRAIL_DEDUP_H

#include <linux/types.h>

enum xtrail_dedup_verdict {
	XTRAIL_DEDUP_SEEN,	/* recorded before: leave this datagram out */
	XTRAIL_DEDUP_NEW,	/* first datagram to there: record it */
	XTRAIL_DEDUP_EVICT,	/* the same, and another pair was forgotten */
};

int xtrail_dedup_init(void);
void xtrail_dedup_uninit(void);

/*
 * Has the socket (@sk, @ino) sent to @daddr (16 bytes, network order),
 * @dport of @family before? Lock-free; any context.
 */
enum xtrail_dedup_verdict xtrail_dedup(unsigned long sk, unsigned long ino,
				       u32 family, const u8 *daddr, u16 dport);

#endif
