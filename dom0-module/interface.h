/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _XTRAIL_DOM0_INTERFACE_H
#define _XTRAIL_DOM0_INTERFACE_H

#include <linux/types.h>
#include <xen/grant_table.h>

#include "xtrail_proto.h"
#include "refused.h"

struct xtrail_back;

/**
 * struct xtrail_back_desc - a guest's ring description, as xenbus.c read
 * and bounded it (each value read once from xenstore)
 * @order:    ring order, within XTRAIL_RING_ORDER_MIN..MAX
 * @nr_rings: 1..XTRAIL_RINGS_MAX, and no more than the guest's vCPUs
 * @evtchn:   the guest's event channel, 1..XTRAIL_EVTCHN_MAX
 * @ref:      each ring's index page grant, XTRAIL_GREF_MIN..MAX
 */
struct xtrail_back_desc {
	unsigned int order;
	unsigned int nr_rings;
	unsigned int evtchn;
	grant_ref_t ref[XTRAIL_RINGS_MAX];
};

void xtrail_back_intf_init(struct xtrail_back *be);
void xtrail_back_intf_uninit(struct xtrail_back *be);
int xtrail_back_connect(struct xtrail_back *be,
			const struct xtrail_back_desc *desc,
			struct xtrail_refusal *why);
void xtrail_back_start(struct xtrail_back *be);
void xtrail_back_close(struct xtrail_back *be, u32 reason);

#endif
