/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _XTRAIL_DOM0_FLOWOBS_H
#define _XTRAIL_DOM0_FLOWOBS_H

int xtrail_flowobs_init(void);
void xtrail_flowobs_uninit(void);

#endif
