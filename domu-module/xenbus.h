/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _XTRAIL_DOMU_XENBUS_H
#define _XTRAIL_DOMU_XENBUS_H

int xtrail_front_init(void);
void xtrail_front_uninit(void);

#endif
