/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _XTRAIL_HOSTILE_H
#define _XTRAIL_HOSTILE_H

#include <linux/types.h>

/* heartbeat.c: stop (false) or restart (true) the heartbeats. */
void hostile_heartbeat(bool on);
/* submit.c: hide (false) or record again (true) the NET records. */
void hostile_net(bool on);

#endif
