/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One backend (struct xtrail_back, one per attached guest) and the list of
 * them (backends.c). xenbus.c probes and removes them, interface.c
 * connects them to the guest's rings and consumes; the control plane
 * reaches them only through the accessors below.
 */
#ifndef _XTRAIL_DOM0_BACKENDS_H
#define _XTRAIL_DOM0_BACKENDS_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#include "xtrail_genl.h"
#include "consumer.h"
#include "evidence.h"
#include "merge.h"
#include "vmid.h"

struct xenbus_device;

struct xtrail_back_ring {
	void *intf;			/* mapped index page */
	void *data;			/* mapped data pages */
	struct xtrail_consumer cons;
	u64 lost;			/* sum of its LOST records' counts */
	struct xtrail_evidence *ev;	/* the guest's, in struct xtrail_back */
};

struct xtrail_back {
	struct xenbus_device *dev;
	struct list_head node;
	struct mutex lock;		/* connect / disconnect */
	bool connected;			/* consumers running (xtrail_backs_lock) */
	bool merged;			/* a source of the merge */
	unsigned int order;
	unsigned int nr_rings;
	struct xtrail_back_ring *rings;	/* NULL when disconnected */
	unsigned int next;		/* ring the next work pass starts at */
	int bad_ring;			/* ring that broke the protocol */
	int irq;
	int eoi_irq;			/* the irq the handler last saw */
	atomic_t eoi_pending;
	struct work_struct work;	/* consume */
	struct delayed_work poll;	/* queue @work every poll_ms */
	struct work_struct stop_work;	/* disconnect after a violation */
	/* For the control plane (netlink.c): */
	bool paused;			/* this guest's rings are not consumed */
	u32 reason;			/* of the last disconnect */
	u64 violations;
	char name[XTRAIL_NAME_LEN];	/* /local/domain/<domid>/name */
	struct xtrail_evidence ev;	/* gaps, heartbeats, event counts */
	struct xtrail_dom0_src about;	/* dom0's records about it: quota */
	struct xtrail_vmid vmid;	/* its VM identity, as recorded */
};

/* The list: xenbus.c and interface.c. */
void xtrail_backs_init(void);
void xtrail_backs_uninit(void);
void xtrail_backs_add(struct xtrail_back *be);
void xtrail_backs_del(struct xtrail_back *be);
void xtrail_back_set_connected(struct xtrail_back *be, bool connected);
bool xtrail_back_paused(struct xtrail_back *be);
void xtrail_back_totals(struct xtrail_back *be, u64 *records, u64 *bytes);

/**
 * struct xtrail_back_watch - who hears about the backends (the control plane)
 * @event:  a source changed state (XTRAIL_NL_EV_*; @domid -1: every
 *          guest); process context
 * @record: a copy of a validated record just taken from a guest's ring
 *          (the consumer, in process context)
 */
struct xtrail_back_watch {
	void (*event)(u8 event, int domid, u32 reason);
	void (*record)(u16 domid, const void *rec, u32 len);
};

void xtrail_back_set_watch(const struct xtrail_back_watch *w);
void xtrail_back_event(u8 event, int domid, u32 reason);
void xtrail_back_record(u16 domid, const void *rec, u32 len);

/**
 * struct xtrail_back_info - one backend, as the control plane reports it
 * (see XTRAIL_CMD_GET_STATUS in xtrail_genl.h for the meanings)
 */
struct xtrail_back_info {
	u16 domid;
	u32 devid;
	u8 state;		/* enum xtrail_src_state */
	bool paused;
	u32 reason;		/* of the last disconnect */
	u32 nr_rings;
	u64 records;
	u64 bytes;
	u64 lost;
	u64 violations;
	u64 ring_used;
	u64 ring_size;
	char name[XTRAIL_NAME_LEN];
};

/* The control plane's accessors: each holds the backend for the call. */
int xtrail_back_get_info(unsigned int pos, struct xtrail_back_info *info);
int xtrail_back_dir(u16 domid, s64 devid, char *dir, size_t size, u32 *id);
int xtrail_back_pause(u16 domid, s64 devid, bool pause);
void xtrail_back_pause_all(bool pause);

#endif
