/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xtraild's main loop: wait for records (and for the time of a seal or an
 * acknowledgement), read them, store them (going through disk failures),
 * acknowledge them; and the end: draining the kernel, closing the log,
 * the last acknowledgement, the summary.
 */
#ifndef XTRAILD_LOOP_H
#define XTRAILD_LOOP_H

#include "xtraild.h"

/*
 * The read loop, until a stop signal or the end of a file input (0), or
 * an error (-1); after a stop, what the kernel still holds is taken too.
 */
int loop_run(struct xtraild *d);

/*
 * Close the log (a failure there goes through disk_failure()), acknowledge
 * the rest, and log the summary. @ret: loop_run()'s. Returns 0, or -1
 * when the daemon stops on an error.
 */
int loop_finish(struct xtraild *d, int ret);

#endif /* XTRAILD_LOOP_H */
