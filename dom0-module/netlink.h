/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _XTRAIL_NETLINK_H
#define _XTRAIL_NETLINK_H

int xtrail_nl_init(void);
void xtrail_nl_uninit(void);

#endif
