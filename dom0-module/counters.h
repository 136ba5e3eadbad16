/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Live-object counters of the backend: what it holds right now. Read-only
 * module parameters (/sys/module/xtrail_dom0/parameters/live_*), so that a
 * create/destroy loop can prove that every backend, mapped page and bound
 * irq was released (they are all 0 with no guest attached).
 */
#ifndef _XTRAIL_DOM0_COUNTERS_H
#define _XTRAIL_DOM0_COUNTERS_H

#include <linux/atomic.h>

struct xtrail_counters {
	atomic_t backends;	/* probed xenbus backend devices */
	atomic_t pages;		/* grant-mapped pages (index and data) */
	atomic_t irqs;		/* bound event-channel irqs */
};

extern struct xtrail_counters xtrail_live;

#endif
