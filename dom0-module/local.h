/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _XTRAIL_LOCAL_H
#define _XTRAIL_LOCAL_H

int xtrail_local_init(void);
void xtrail_local_uninit(void);

#endif
