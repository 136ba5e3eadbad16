/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _XTRAIL_CHARDEV_H
#define _XTRAIL_CHARDEV_H

int xtrail_chardev_init(void);
void xtrail_chardev_uninit(void);

#endif
