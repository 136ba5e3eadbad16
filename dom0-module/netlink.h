/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _XTRAIL_NETLINK_H
#define _XTRAIL_NETLINK_H

#include <linux/types.h>

int xtrail_nl_init(void);
void xtrail_nl_uninit(void);
void xtrail_nl_notify(u8 event, int domid, u32 reason);
void xtrail_nl_record(u16 domid, const void *rec, u32 len);

#endif
