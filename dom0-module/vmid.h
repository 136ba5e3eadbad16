/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A guest's VM identity (XTRAIL_REC_VM_IDENTITY): its UUID, name and NICs,
 * read from the parts of xenstore only dom0 can write (vmid.c), recorded
 * when it connects and again when one of them changes.
 */
#ifndef _XTRAIL_DOM0_VMID_H
#define _XTRAIL_DOM0_VMID_H

#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/workqueue.h>
#include <xen/xenbus.h>

#include "xtrail_proto.h"

/* name, vm, and the guest's vif directory in dom0's backend tree */
#define XTRAIL_VMID_WATCHES	3

struct xtrail_vmid;

/*
 * Where the records go: completes the header and keeps the record, or
 * counts it lost (the guest's quota of dom0's records about it).
 */
typedef int (*xtrail_vmid_push_t)(struct xtrail_vmid *vm, void *rec, u32 len);

struct xtrail_vmid_rec {
	struct xtrail_rec_hdr h;
	struct xtrail_vm_identity v;
};

struct xtrail_vmid_watch {
	struct xenbus_watch w;
	struct xtrail_vmid *vm;
};

/**
 * struct xtrail_vmid - one guest's identity as dom0 last recorded it
 * @domid:   the guest
 * @push:    where its records go
 * @lock:    the fields below
 * @active:  connected: watching, and a change is recorded
 * @cur:     the body of the last VM_IDENTITY record made
 * @next:    scratch: the identity read now
 * @watch:   the keys watched while connected
 * @work:    re-reads after a watch fired (process context, no xenwatch
 *           thread held up)
 */
struct xtrail_vmid {
	u16 domid;
	xtrail_vmid_push_t push;
	struct mutex lock;
	bool active;
	struct xtrail_vm_identity cur;
	struct xtrail_vmid_rec next;
	struct xtrail_vmid_watch watch[XTRAIL_VMID_WATCHES];
	struct work_struct work;
};

void xtrail_vmid_init(struct xtrail_vmid *vm, xtrail_vmid_push_t push);
void xtrail_vmid_connect(struct xtrail_vmid *vm, u16 domid);
void xtrail_vmid_disconnect(struct xtrail_vmid *vm);
void xtrail_vmid_uninit(struct xtrail_vmid *vm);

#endif
