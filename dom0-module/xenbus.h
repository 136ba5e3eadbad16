/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _XTRAIL_DOM0_XENBUS_H
#define _XTRAIL_DOM0_XENBUS_H

#include <linux/types.h>
#include "xtrail_genl.h"

int xtrail_back_init(void);
void xtrail_back_uninit(void);
void xtrail_back_kick_all(void);

/**
 * struct xtrail_back_info - one backend, as the control plane reports it
 * (see XTRAIL_CMD_GET_STATUS in xtrail_genl.h for the meanings)
 */
struct xtrail_back_info {
	u16 domid;
	u32 devid;
	u8 state;		/* enum xtrail_src_state */
	bool paused;
	u32 reason;		/* of the last disconnect */
	u32 nr_rings;
	u64 records;
	u64 bytes;
	u64 lost;
	u64 violations;
	u64 ring_used;
	u64 ring_size;
	char name[XTRAIL_NAME_LEN];
};

int xtrail_back_get_info(unsigned int pos, struct xtrail_back_info *info);
int xtrail_back_dir(u16 domid, s64 devid, char *dir, size_t size, u32 *id);
int xtrail_back_pause(u16 domid, s64 devid, bool pause);
void xtrail_back_pause_all(bool pause);

#endif
