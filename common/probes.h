/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _XTRAIL_PROBES_H
#define _XTRAIL_PROBES_H

/*
 * Register the probes (tracepoints, and fileio.c's kprobes): after
 * xtrail_submit_init() (submit.h), and unregistered before its uninit.
 */
int xtrail_probes_init(void);
void xtrail_probes_uninit(void);

#endif
