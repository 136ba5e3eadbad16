/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _XTRAIL_CLOCK_H
#define _XTRAIL_CLOCK_H

#include <linux/types.h>

int xtrail_clock_init(void);
void xtrail_clock_uninit(void);
u64 xtrail_clock_ns(u16 *rec_flags);
bool xtrail_clock_is_xen(void);

#endif
