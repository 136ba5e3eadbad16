// SPDX-License-Identifier: GPL-2.0
/* The guest module's own source (see hostile.c), and a way to silence it. */
#include "../../../domu-module/heartbeat.c"
#include "hostile.h"

void hostile_heartbeat(bool on)
{
	if (!heartbeat_ms)
		return;
	if (on)
		schedule_delayed_work(&xtrail_heartbeat_work, 0);
	else
		cancel_delayed_work_sync(&xtrail_heartbeat_work);
}
