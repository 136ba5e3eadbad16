/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xtraild: the writer daemon. Reads whole records from /dev/xtrail (the
 * dom0 module's character device), checks each one again, and appends them
 * to the F3 log (see f3.h): encrypted to the auditor's public key, hash
 * chained, sealed every seal_every_records records or seal_every_seconds
 * seconds with an evolving key, and made durable per the flush mode; only
 * then are they acknowledged to the kernel (XTRAIL_IOC_ACK, see
 * shared/xtrail_dev.h and stream_pos.h: after a crash the kernel delivers
 * the unacknowledged records again, and those F3 already holds are
 * skipped):
 *   none         write() per batch, sync only at seals and at exit
 *   incremental  fdatasync() once flush_freq records are unsynced
 *   data         fdatasync() per batch (the default)
 *   sync         fsync() per batch
 * A seal is always synced. A failed write or sync never goes on as if it
 * had worked: the failed segment is final (an fsync error is not retried
 * on it), and disk_full_action (ENOSPC) or disk_error_action (anything
 * else) says what happens: suspend (wait for SIGUSR2), rotate (a new file,
 * deleting the oldest rotated files while the disk is full), keep (retry
 * every disk_retry_seconds) or halt (stop). Each failure leaves a failure
 * marker in F3 (in the next segment, or at the end of the failed one for
 * halt) or, when it cannot be written, in the daemon's log.
 * Segments past max_segment_size go to a new file; the rotated files are
 * kept per num_segments and max_segment_age. Settings come from
 * /etc/xtrail/xtraild.conf (xtraild.conf(5)) and the command line.
 *
 * A record that fails xtrail_rec_check() is skipped, counted and logged:
 * F3 holds only valid records, so that a failing record in it always means
 * corruption. The device should never hand one out; if it does, the bytes
 * are in no F3 frame, and the count is in the exit summary.
 *
 * The input may also be a regular file or a FIFO of records (replay,
 * tests): reads then need not end on a record boundary, so an incomplete
 * record is carried over to the next read, and the end of the input is a
 * normal exit.
 *
 * The parts, each a .c file with its header, in the order main.c sets them
 * up: conf (settings), signals, input (the device, stream positions and
 * acknowledgement), logfile (opening the log, its keys, retention), store
 * (a batch into F3: commit, flush, seal), disk (disk failures), loop (the
 * read loop and the end), autoattach (new guests). This header holds the
 * state they share; the comments say which part owns each field.
 */
#ifndef XTRAILD_H
#define XTRAILD_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "conf.h"
#include "f3.h"
#include "stream_pos.h"

/*
 * The clock of the time-based seals: seconds matter, and the coarse clock
 * is read in the vDSO even where the precise one is a system call (a Xen
 * PV dom0 whose TSC is not stable). Read once or twice per batch.
 */
#define XTRAILD_SEAL_CLOCK	CLOCK_MONOTONIC_COARSE

/* The input buffer: the longest read, the largest record. */
#define XTRAILD_BUF		(256 * 1024)

struct replicate;

struct xtraild {
	struct xtraild_conf c;
	sigset_t waitmask;	/* signals.h: the mask to wait with */

	/* input.c: the record source. */
	const char *dev_path;
	int dev_fd;
	int dev_chr;		/* reads return whole records */
	uint8_t *in;		/* XTRAILD_BUF bytes read from the device */
	size_t carry;		/* incomplete record at the start of @in */
	uint64_t bad;		/* invalid records skipped */
	uint64_t bad_bytes;

	/* input.c: the kernel's numbered stream (stream_pos.h); not for files. */
	int stream;		/* the device numbers and keeps its records */
	char *stream_map_path;	/* <output>.stream: the mapping to F3 */
	struct stream_pos stream_map;
	uint64_t stream_id;
	uint64_t stream_next;	/* number of the next record read */
	uint64_t stream_acked;	/* acknowledged up to here */
	uint64_t window_ns;	/* the kernel's merge window */
	int pos_known;		/* stream_next is where the next read starts */
	uint64_t dups;		/* records delivered again, already in F3 */
	uint64_t batch_stream;	/* stream number of d->in's first record */
	struct xtrail_rec_hdr stream_last;	/* the last valid record read */

	/* logfile.c: the F3 log, and what is needed to open it again. */
	const char *out_path;
	struct f3_writer w;
	struct f3_open_report rep;	/* of the first opening */
	int have_pk;
	uint8_t pk[F3_KEY_LEN];
	uint8_t hid[F3_ID_LEN];
	uint64_t rotated_seen;	/* w.files_rotated at the last retention */

	/* store.c: what is stored, and where the batch began. */
	uint64_t records;	/* written */
	uint64_t bytes;		/* record bytes written */
	uint64_t unsynced;	/* records written since the last sync */
	struct timespec last_seal;
	uint64_t batch_seq;	/* w.next_seq when the batch began */
	uint64_t batch_size;	/* w.size when the batch began */
	uint64_t batch_rotated;	/* w.files_rotated when the batch began */
	uint64_t attempt_seq;	/* w.next_seq when this try of it began */
	uint64_t skip;		/* valid records of the batch already stored */

	/* replicate.c: the collectors, NULL without replicate_to. */
	struct replicate *repl;

	/* disk.c: failures of the log's disk. */
	uint64_t failures;
	uint64_t failed_first_segment;
	unsigned int batch_failures;
};

#endif /* XTRAILD_H */
