/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xtraild's store: a batch of records read into F3, checked, appended,
 * and made durable as the flush mode says (commit, flush, seal).
 */
#ifndef XTRAILD_STORE_H
#define XTRAILD_STORE_H

#include "xtraild.h"

/* After the log is opened: the first batch begins, and the seal clock. */
void store_init(struct xtraild *d);

/*
 * Check the @n bytes at d->in, append the valid records and commit them.
 * Returns 0, or -1 when the F3 file cannot be written: d->in is then
 * untouched, and the batch can be stored again after disk_failure().
 */
int store_batch(struct xtraild *d, size_t n);

/* What a failure outside a batch (a timed seal, the close) cuts back to. */
void store_snapshot(struct xtraild *d);

/* seal_every_seconds has passed since the last seal, with records to seal. */
int store_seal_due(struct xtraild *d);

/* Seal now. 0, or -1 after a message. */
int store_seal(struct xtraild *d);

#endif /* XTRAILD_STORE_H */
