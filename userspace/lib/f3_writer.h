/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The F3 writer: appends records to a log (framed, chained, encrypted to
 * the auditor, sealed), starting segments and rotating files; on open it
 * recovers from a crash (a torn tail is cut, the chain resumed).
 */
#ifndef XTRAIL_F3_WRITER_H
#define XTRAIL_F3_WRITER_H

#include <stddef.h>
#include <stdint.h>

#include <sodium.h>

#include "f3_format.h"

/* Most bytes xtraild writes in one go. */
#define F3_BATCH_MAX		(512u * 1024)
/* Longest invalid tail xt_f3_writer_open() cuts off. */
#define F3_TORN_MAX		(16u * 1024 * 1024)

/**
 * struct f3_writer_opts - how xt_f3_writer_open() starts
 * @auditor_pk:   encrypt to this public key; NULL: plaintext segments
 * @seal_key:     the sealing key of epoch @seal_epoch; NULL: no seals
 * @seal_epoch:   its epoch (moved forward past the log's latest seal)
 * @sealkey_path: the sealing key file, where the evolving sealing key
 *                is kept (NULL: nowhere)
 * @host_id:      16 bytes for the segment headers, or NULL
 * @max_segment:  start a new segment past this many bytes (0: never)
 * @rotate_files: and a new file for it (the old one renamed "<path>.<N>")
 * @cut:          before scanning, cut the file to @cut_to bytes (what was
 *                durable when a write or sync failed)
 * @mark:         write this failure marker first in the new segment
 * @blocks:       records in block frames (F3_FRAME_BLOCK), not one frame each
 * @seal_records: seal before the record that would make this many since
 *                the last seal (0: only when asked); recorded in the log,
 *                which a reader then holds the writer to
 * @seal_seconds: the caller's time policy, recorded only
 */
struct f3_writer_opts {
	const uint8_t *auditor_pk;
	const uint8_t *seal_key;
	uint64_t seal_epoch;
	const char *sealkey_path;
	const uint8_t *host_id;
	uint64_t max_segment;
	int rotate_files;
	int cut;
	uint64_t cut_to;
	const struct f3_mark *mark;
	int blocks;
	uint64_t seal_records;
	uint64_t seal_seconds;
};

/**
 * struct f3_writer - appender of an F3 log
 * @fd:      the file, flock()ed
 * @size:    bytes on disk (or written to the kernel) so far
 * @frames:  records in the file
 * @next_seq: the next record's sequence number
 * @pending: bytes in @buf not yet written
 * @unsealed: records since the latest seal
 * @failed:  a write or sync failed: every later call fails
 * @sync_failed: it was a sync (what was written is not known to be there)
 * @durable: bytes known durable (the size at the last successful sync)
 * @durable_seq: next_seq at the last successful sync
 * @path:    the file being written
 * @file_first_segment: number of the first segment in that file
 * @files_rotated: files closed and renamed by rotation
 */
struct f3_writer {
	int fd;
	char *path;
	uint64_t durable;
	uint64_t durable_seq;
	int sync_failed;
	int rotate_files;
	uint64_t file_first_segment;
	uint64_t files_rotated;
	uint64_t size;
	uint64_t frames;
	uint64_t next_seq;
	uint8_t seq_id[F3_ID_LEN];
	uint8_t host_id[F3_ID_LEN];
	uint8_t chain[F3_HASH];
	uint64_t segment_no;
	uint64_t seg_off;
	uint64_t seg_bytes;
	uint64_t max_segment;
	int have_seg;

	int encrypted;
	uint8_t auditor_pk[F3_KEY_LEN];
	crypto_secretstream_xchacha20poly1305_state ss;

	int sealing;
	uint8_t seal_key[F3_KEY_LEN];
	uint64_t seal_epoch;
	uint64_t unsealed;
	uint64_t seals;
	uint64_t seal_records;
	uint64_t seal_seconds;
	char *sealkey_path;

	uint8_t *buf;
	size_t pending;
	int failed;

	int blocks;
	uint8_t *blk;		/* F3_BLOCK_MAX bytes of records */
	uint32_t blk_len;
	uint32_t blk_count;
	uint64_t blk_seq;
};

/**
 * struct f3_open_report - what xt_f3_writer_open() found
 * @created:    the file was new (or empty) and got its first segment
 * @frames:     valid records already there
 * @segments:   segments already there
 * @torn_off:   where the cut-off tail started
 * @torn_bytes: bytes cut off (0 when the file ended cleanly)
 * @torn_why:   why the tail was invalid ("offset N: reason")
 */
struct f3_open_report {
	int created;
	uint64_t frames;
	uint64_t segments;
	uint64_t torn_off;
	uint64_t torn_bytes;
	char torn_why[256];
};

/*
 * Open or create (mode 0600) @path: take an exclusive flock() (a second
 * writer is refused), validate the log (structure, CRCs, chain), cut off a
 * torn tail, mark a segment left online as offline, and start a new
 * segment; when sealing, seal first what the log left unsealed (a crash)
 * or under another policy. Returns 0, or -1 with a message in @err.
 */
int xt_f3_writer_open(struct f3_writer *w, const char *path,
		      const struct f3_writer_opts *o,
		      struct f3_open_report *rep, char *err, size_t errlen);

/*
 * Append the record @rec of @len bytes (checked by the caller): framed,
 * encrypted and chained into the buffer, written when the buffer fills.
 * 0 or -1 with errno.
 */
int xt_f3_writer_add(struct f3_writer *w, const void *rec, uint32_t len);

/*
 * Append the failure marker @m (chained, plaintext) and sync it. 0 or -1
 * with errno.
 */
int xt_f3_writer_mark(struct f3_writer *w, const struct f3_mark *m);

/*
 * Give up a writer after a failure without writing anything more (the
 * failed segment is final): close the file, wipe the keys.
 */
void xt_f3_writer_abandon(struct f3_writer *w);

/* Write what is buffered; 0 or -1 with errno. */
int xt_f3_writer_flush(struct f3_writer *w);

/* Flush, then fdatasync() (@full: fsync()); 0 or -1 with errno. */
int xt_f3_writer_sync(struct f3_writer *w, int full);

/*
 * Seal: a seal frame over the chain, written and fdatasync()ed, then the
 * key evolves (the sealing key file is overwritten in place) and the old
 * one is wiped; in an encrypted log a new segment with a new segment key
 * follows (the old one is wiped: what was sealed cannot be read with
 * what the writer holds after). 0 or -1 with errno.
 */
int xt_f3_writer_seal(struct f3_writer *w);

/*
 * Close: seal what is unsealed (when sealing), sync, mark the segment
 * offline, sync, wipe the keys. 0 or -1 with errno.
 */
int xt_f3_writer_close(struct f3_writer *w);

#endif /* XTRAIL_F3_WRITER_H */
