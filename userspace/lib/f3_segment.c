// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * An F3 segment's state word: its names, and rewriting it in place.
 */
#include <stddef.h>

#include "f3_io.h"
#include "f3_segment.h"

const char *xt_f3_seg_state_name(unsigned int s)
{
	switch (s) {
	case F3_SEG_ONLINE:
		return "online";
	case F3_SEG_OFFLINE:
		return "offline";
	case F3_SEG_ARCHIVED:
		return "archived";
	}
	return "invalid";
}

int xt_f3_seg_state_write(int fd, uint64_t seg_off, enum f3_seg_state s)
{
	__le32 v = xt_cpu32(xt_f3_seg_state_enc(s));

	return xt_f3_pwrite_all(fd, &v, sizeof(v),
			     seg_off + offsetof(struct f3_seg_hdr, state));
}
