/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _XTRAIL_LOCAL_H
#define _XTRAIL_LOCAL_H

#include <linux/types.h>

int xtrail_local_init(void);
void xtrail_local_uninit(void);
bool xtrail_local_stats(u64 *records, u64 *bytes, u64 *lost);

#endif
