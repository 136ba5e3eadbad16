/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Below the probes (probes.c, fileio.c, tty.c): where a record is built
 * (the calling context's scratch buffer), whether its class is wanted (the
 * event mask) and where it goes when finished (xtrail_submit(), through
 * the emit hook the module registers).
 */
#ifndef _XTRAIL_SUBMIT_H
#define _XTRAIL_SUBMIT_H

#include <linux/types.h>

/*
 * Take a finished record (header filled, seq unset). Called from probe
 * context with preemption disabled; must not sleep. The record buffer is
 * only valid during the call.
 */
typedef void (*xtrail_emit_fn)(void *rec, u32 len);

/*
 * Allocate the scratch buffers and set the emit hook: before the probes
 * are registered. xtrail_submit_uninit(): after they are unregistered.
 */
int xtrail_submit_init(xtrail_emit_fn emit);
void xtrail_submit_uninit(void);

/* Which event classes (XTRAIL_EV_*) the probes record; all at load. */
void xtrail_set_events(u32 events);
bool xtrail_event_on(u32 event);

/* The calling context's scratch buffer (preemption must be off). */
void *xtrail_scratch_get(void);

/* Hand a finished record to the module's emit hook. */
void xtrail_submit(void *rec, u32 len);

#endif
