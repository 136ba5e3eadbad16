/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _XTRAIL_HEARTBEAT_H
#define _XTRAIL_HEARTBEAT_H

int xtrail_heartbeat_init(void);
void xtrail_heartbeat_uninit(void);

#endif
