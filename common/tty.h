/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _XTRAIL_TTY_H
#define _XTRAIL_TTY_H

int xtrail_tty_init(void);
void xtrail_tty_uninit(void);

#endif
