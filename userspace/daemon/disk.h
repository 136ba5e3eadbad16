/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xtraild's disk failures: a write or sync of the log failed; the failure
 * marker, and disk_full_action or disk_error_action until the log can be
 * written again.
 */
#ifndef XTRAILD_DISK_H
#define XTRAILD_DISK_H

#include "xtraild.h"

/*
 * A write or sync of the log failed (errno), with @n bytes of input
 * waiting. The segment is final: give the writer up, record a failure
 * marker, and do the configured action until the log can be written again
 * (0: store the batch again) or not (-1: stop). Nothing of the failed
 * batch was acknowledged.
 */
int disk_failure(struct xtraild *d, size_t n);

#endif /* XTRAILD_DISK_H */
