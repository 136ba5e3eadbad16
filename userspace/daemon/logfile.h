/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xtraild's log files: the keys it is written with (the auditor's public
 * key, the sealing key and its state file), opening it (first, and again
 * after a disk failure), the rotated files' retention, and the report of
 * what was opened.
 */
#ifndef XTRAILD_LOGFILE_H
#define XTRAILD_LOGFILE_H

#include "xtraild.h"

/* libsodium, and the auditor's public key. 0, or -1 after a message. */
int logfile_keys_init(struct xtraild *d);

/*
 * Open the log (its directories made), delete the rotated files beyond
 * retention. 0, or -1 after a message. logfile_uninit() gives the writer
 * up without writing (after a clean xt_f3_writer_close() it does nothing).
 */
int logfile_init(struct xtraild *d);
void logfile_uninit(struct xtraild *d);

/* To stderr: what logfile_init() found, and where records go. */
void logfile_report(struct xtraild *d);

/*
 * Open the log for writing: with @mark, after a failure, first cut the
 * file to @cut_to bytes and write the marker. 0, or -1 with the reason in
 * @err.
 */
int logfile_open(struct xtraild *d, const struct f3_mark *mark,
		 uint64_t cut_to, struct f3_open_report *rep, char *err,
		 size_t errlen);

/*
 * Delete rotated files beyond num_segments or older than max_segment_age,
 * and, with @one, the oldest one anyway. Returns how many were deleted.
 */
unsigned int logfile_retention(struct xtraild *d, int one);

/*
 * Cut the file that failed to @cut_to bytes and rename it to
 * "<output>.<its first segment>", so that logfile_open() goes on in a new
 * file. 0 or -1.
 */
int logfile_rotate_failed(struct xtraild *d, uint64_t cut_to);

#endif /* XTRAILD_LOGFILE_H */
