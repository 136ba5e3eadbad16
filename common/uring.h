/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _XTRAIL_URING_H
#define _XTRAIL_URING_H

#include <linux/types.h>

/*
 * Probe where io_uring's requests do their file (@files) and socket
 * (@net) work: after xtrail_fileio_init() (fileio.h), unregistered before
 * its uninit.
 */
int xtrail_uring_init(bool files, bool net);
void xtrail_uring_uninit(void);

#endif
