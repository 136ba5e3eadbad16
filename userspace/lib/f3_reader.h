/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The F3 reader: reads a log file by file and verifies it on the way
 * (structure, CRCs, sequence, chain, seals, anchor), decrypting the records
 * when it has the auditor's key.
 */
#ifndef XTRAIL_F3_READER_H
#define XTRAIL_F3_READER_H

#include <stdint.h>
#include <stdio.h>

#include <sodium.h>

#include "f3_anchor.h"
#include "f3_format.h"
#include "f3_pins.h"

enum f3_status {
	F3_OK = 0,	/* a record was returned */
	F3_END,		/* clean end of the file */
	F3_ERR_IO,	/* read error */
	F3_ERR_MAGIC,	/* not an F3 file */
	F3_ERR_VERSION,	/* unsupported version, header size or flags */
	F3_ERR_TRUNC,	/* the file ends inside a header or a frame */
	F3_ERR_LEN,	/* frame length out of bounds or unaligned */
	F3_ERR_CRC,	/* CRC32C mismatch */
	F3_ERR_RECORD,	/* the record fails xtrail_rec_check() */
	F3_ERR_FORMAT,	/* bad header, frame type, padding, state */
	F3_ERR_SEQ,	/* sequence, segment number or log id out of order */
	F3_ERR_CHAIN,	/* the chain does not match a stored head */
	F3_ERR_SEAL,	/* bad seal: epoch out of order or wrong MAC */
	F3_ERR_KEY,	/* encrypted, and no (or the wrong) auditor key */
	F3_ERR_DECRYPT,	/* authenticated decryption failed */
	F3_ERR_ANCHOR,	/* the log does not match the anchor */
};

/**
 * struct f3_reader - sequential reader and verifier of an F3 log
 * @off:      offset in the current file of the next item
 * @frames:   records returned so far (all files)
 * @seals:    seals checked
 * @segments: segment headers read
 * @err:      status of the last failed call (F3_OK before any failure)
 * @err_off:  offset of the item (header or frame) the error is about
 * @next_seq: the sequence number of the next record
 * @chain:    the chain head after the last item
 * @have_log: a segment header was read (@seq_id is valid)
 * @next_epoch: the epoch the next seal must have
 * @last_seal_seq: seq of the latest seal (valid if @seals or @seal_seen)
 * @marks:    failure markers read; @on_mark (if set) is called for each
 * @no_decrypt: return encrypted records as they are (rec NULL) instead of
 *            failing without a key (xtraild's scan, verify without --key)
 * @require_start: the log must start with segment 0 (verify)
 * @seal_limit: most records allowed before the next seal (the latest
 *            seal's policy, or the segment header's before any seal)
 * @unsealed: records read since the latest seal (or since the start)
 * @first_epoch: epoch of the first seal read
 * @start_seq: first_seq of the first segment read
 * @pins:     the auditor's anchor and epoch pin, if set
 *
 * Keys are optional: without a seal key, seal MACs are not checked (the
 * chain stored in each seal still is); without the auditor's key, an
 * encrypted record is F3_ERR_KEY unless @no_decrypt.
 *
 * Large (it holds a frame and a record): allocate it.
 */
struct f3_reader {
	FILE *f;
	int own;
	uint64_t off;
	uint64_t frames;
	uint64_t seals;
	uint64_t segments;
	enum f3_status err;
	uint64_t err_off;
	char reason[200];
	char msg[256];

	int no_decrypt;
	int require_start;
	int have_log;
	int in_seg;
	uint8_t seq_id[F3_ID_LEN];
	uint64_t segment_no;
	uint64_t seg_off;
	unsigned int seg_state;
	uint32_t seg_incompat;
	struct f3_seg_hdr cur;
	uint64_t next_seq;
	uint8_t chain[F3_HASH];
	uint64_t next_epoch;
	int seal_seen;
	uint64_t seal_limit;
	uint64_t unsealed;
	uint64_t first_epoch;
	uint64_t start_seq;
	uint64_t last_seal_segment;
	uint64_t last_seal_seq;
	uint64_t last_seal_off;
	uint8_t last_seal_mac[F3_HASH];

	int have_auditor;
	uint8_t auditor_pk[F3_KEY_LEN];
	uint8_t auditor_sk[F3_KEY_LEN];
	int ss_ok;
	crypto_secretstream_xchacha20poly1305_state ss;
	int have_seal_key;
	uint8_t seal_key[F3_KEY_LEN];	/* k_{seal_key_epoch} */
	uint64_t seal_key_epoch;
	struct f3_pins pins;

	uint64_t marks;
	void (*on_mark)(void *ctx, const struct f3_mark *m, uint64_t off);
	void *mark_ctx;

	/* The records of the current block frame, handed out one by one. */
	uint32_t blk_pos;
	uint32_t blk_end;
	uint32_t blk_nodata;	/* records left of a block not decrypted */

	uint8_t frame[F3_FRAME_MAX] __attribute__((aligned(8)));
	uint8_t rec[XTRAIL_REC_MAX] __attribute__((aligned(8)));
	uint8_t blk[F3_BLOCK_MAX] __attribute__((aligned(8)));
};

/*
 * Open @path ("-" is stdin) and read up to the first frame. Returns F3_OK,
 * or an error with r->err, r->err_off and xt_f3_strerror() set;
 * xt_f3_reader_close() is needed in both cases. Keys are set afterwards.
 */
enum f3_status xt_f3_reader_open(struct f3_reader *r, const char *path);
/* Same on an open stream positioned at the start of the file. */
enum f3_status xt_f3_reader_init(struct f3_reader *r, FILE *f);
/*
 * Go on with the next file of the same log (rotated segments): the chain,
 * sequence and seal state carry over. Closes the current file.
 */
enum f3_status xt_f3_reader_next_file(struct f3_reader *r, const char *path);

/* The auditor's secret key (the public key is derived from it). */
void xt_f3_reader_set_auditor_key(struct f3_reader *r,
				  const uint8_t sk[F3_KEY_LEN]);
/* The initial sealing key k_0. */
void xt_f3_reader_set_seal_key(struct f3_reader *r, const uint8_t k0[F3_KEY_LEN]);
void xt_f3_reader_set_anchor(struct f3_reader *r, const struct f3_anchor *a);
/* The seal of epoch @epoch must be in the log (give the seal key too). */
void xt_f3_reader_set_pin(struct f3_reader *r, uint64_t epoch);
/* A collector's trail of anchors (kept by the caller while reading). */
void xt_f3_reader_set_trail(struct f3_reader *r, const struct f3_trail *t);

/*
 * Next record: F3_OK with *rec (8-aligned, valid until the next call; NULL
 * for an encrypted record under no_decrypt) and *len set, F3_END at a
 * clean end of the file, or an error. Segment headers and seals are
 * checked on the way. After an error the reader stays on the failed item.
 */
enum f3_status xt_f3_next(struct f3_reader *r, const void **rec, uint32_t *len);

/*
 * At the end of the log: 0 if the anchor (if any) was reached with the
 * same chain and its seal is in the log, the pinned seal (if any) is in
 * it, and a log closed by its writer ends with a seal; else
 * F3_ERR_ANCHOR or F3_ERR_SEAL with the reason set.
 */
enum f3_status xt_f3_reader_finish(struct f3_reader *r);

/* The anchor at the current position (end of the log, after F3_END). */
void xt_f3_reader_anchor(const struct f3_reader *r, struct f3_anchor *a);

/* "offset N: reason" for the last error. */
const char *xt_f3_strerror(struct f3_reader *r);

/* Close the file; the keys are wiped. */
void xt_f3_reader_close(struct f3_reader *r);

#endif /* XTRAIL_F3_READER_H */
