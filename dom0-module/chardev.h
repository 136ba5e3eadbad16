/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _XTRAIL_CHARDEV_H
#define _XTRAIL_CHARDEV_H

#include <linux/types.h>

int xtrail_chardev_init(void);
void xtrail_chardev_uninit(void);
int xtrail_sink_push(void *rec, u32 len);
int xtrail_sink_push_dom0(void *rec, u32 len);

#endif
