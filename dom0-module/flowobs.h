/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _XTRAIL_DOM0_FLOWOBS_H
#define _XTRAIL_DOM0_FLOWOBS_H

struct xtrail_flowcfg;

int xtrail_flowobs_init(void);
void xtrail_flowobs_uninit(void);

/* dom0's flow settings (shared/xtrail_flowcfg.h): now, or new ones. */
void xtrail_flowobs_get(struct xtrail_flowcfg *fc);
int xtrail_flowobs_set(const struct xtrail_flowcfg *fc);

#endif
