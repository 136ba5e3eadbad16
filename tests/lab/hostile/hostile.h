/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _XTRAIL_HOSTILE_H
#define _XTRAIL_HOSTILE_H

#include <linux/types.h>

/* heartbeat.c: stop (false) or restart (true) the heartbeats. */
void hostile_heartbeat(bool on);

#endif
