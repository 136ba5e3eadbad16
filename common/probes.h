/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _XTRAIL_PROBES_H
#define _XTRAIL_PROBES_H

#include <linux/types.h>

int xtrail_probes_init(void);
void xtrail_probes_uninit(void);

/* Which event classes (XTRAIL_EV_*) the probes record; all at load. */
void xtrail_probes_set_events(u32 events);
bool xtrail_event_on(u32 event);

/* The calling context's scratch buffer (preemption must be off). */
void *xtrail_scratch_get(void);

/*
 * Hand a finished record to xtrail_emit() unless the config/ignore-*
 * filters leave it out (see filter.h).
 */
void xtrail_submit(void *rec, u32 len);

/*
 * Provided by each module: take a finished record (header filled, seq
 * unset). Called from probe context with preemption disabled; must not
 * sleep. The record buffer is only valid during the call.
 */
void xtrail_emit(void *rec, u32 len);

#endif
