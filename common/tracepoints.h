/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _XTRAIL_TRACEPOINTS_H
#define _XTRAIL_TRACEPOINTS_H

struct tracepoint;

/**
 * struct xtrail_tp - a probe to attach to a tracepoint found by name
 * @name:  tracepoint name, e.g. "sched_process_exec"
 * @probe: probe function, with the tracepoint's prototype plus a leading
 *         void *data
 * @tp:    filled by xtrail_tp_register()
 */
struct xtrail_tp {
	const char *name;
	void *probe;
	struct tracepoint *tp;
};

int xtrail_tp_register(struct xtrail_tp *tps, unsigned int n, void *data);
void xtrail_tp_unregister(struct xtrail_tp *tps, unsigned int n, void *data);

#endif
