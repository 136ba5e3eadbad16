/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _XTRAIL_DOM0_XENBUS_H
#define _XTRAIL_DOM0_XENBUS_H

int xtrail_back_init(void);
void xtrail_back_uninit(void);

#endif
