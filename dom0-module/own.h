/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _XTRAIL_OWN_H
#define _XTRAIL_OWN_H

#include <linux/types.h>

int xtrail_own_init(void);
void xtrail_own_uninit(void);
bool xtrail_own_stats(u64 *records, u64 *bytes, u64 *lost);

#endif
