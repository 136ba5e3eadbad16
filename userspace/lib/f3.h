/* SPDX-License-Identifier: GPL-2.0 */
/*
 * F3: the log xtraild appends records to. Format version 2: a chain of
 * segments, each record framed with its length and CRC32C, numbered with a
 * global sequence number, hash-chained (BLAKE2b-256) to everything before
 * it, optionally encrypted to the auditor, and sealed with forward-secure
 * MACs. doc/F3-FORMAT.md has the rationale and the threat model; this is
 * the reference for the bytes. All integers are little-endian; every
 * structure starts 8-aligned.
 *
 * A log is one or more files; a file is a sequence of segments; a segment
 * is a segment header followed by frames. Every start of xtraild begins a
 * new segment (the previous segment's encryption key is gone), and so does
 * a segment that reached max_segment_size.
 *
 *   Segment header, 256 bytes (struct f3_seg_hdr):
 *     0   magic        8  "XTRAILF3" (no NUL)
 *     8   version      4  2
 *     12  header_size  4  256 (offset of the first frame)
 *     16  compat       4  compatible feature flags (unknown ones ignored)
 *     20  incompat     4  incompatible flags; an unknown one is refused:
 *                         F3_INCOMPAT_ENCRYPTED  record payloads encrypted
 *     24  segment_no   8  0 for the first segment of a log, then +1
 *     32  first_seq    8  sequence number of the segment's first record
 *     40  created_ns   8  CLOCK_REALTIME when the segment was started
 *     48  host_id     16  /etc/machine-id of the writer (zero if unknown)
 *     64  seq_id      16  random, fixed for the life of the log
 *     80  chain_in    32  the chain head before this header
 *     112 key_id       8  first 8 bytes of BLAKE2b-256(auditor public key)
 *     120 ss_header   24  crypto_secretstream_xchacha20poly1305 header
 *     144 sealed_key  80  crypto_box_seal(segment key, auditor public key)
 *     224 reserved    24  zero
 *     248 crc          4  CRC32C of bytes 0..247
 *     252 state        4  s | (~s << 16), s = 1 online (being written),
 *                         2 offline (closed), 3 archived (closed, another
 *                         segment follows); rewritten in place, the only
 *                         mutable bytes of the log, so outside the crc and
 *                         the chain, and redundant against a flipped bit
 *     The last 4 fields are zero in a plaintext segment.
 *
 *   Frame, 24-byte header (struct f3_frame_hdr) + payload + zero padding:
 *     0   len          4  whole frame, header and padding included, a
 *                         multiple of 8, at most F3_FRAME_MAX
 *     4   crc          4  CRC32C of bytes 8..len-1 of the frame
 *     8   type         2  F3_FRAME_RECORD, F3_FRAME_SEAL, F3_FRAME_MARK or
 *                         F3_FRAME_BLOCK
 *     10  flags        2  0
 *     12  dlen         4  payload bytes; len - 24 - dlen is 0..7
 *     16  seq          8  record: its global sequence number (0, 1, 2 ...
 *                         over the whole log); block: its first record's;
 *                         seal and mark: the next record's (the seal
 *                         covers every record before it)
 *     24  payload
 *   A record frame's payload is the xtrail record (struct xtrail_rec_hdr,
 *   passing xtrail_rec_check()), or, in an encrypted segment, that record
 *   pushed through the segment's secretstream (tag MESSAGE, no additional
 *   data): record length + 17 bytes. A seal frame's payload is struct
 *   f3_seal, a mark frame's (failure marker) struct f3_mark, plaintext.
 *
 *   A block frame holds @count consecutive records (1 or more, at most
 *   F3_BLOCK_MAX bytes of them): payload = le32 count, le32 reserved (0),
 *   then the records one after the other (each with its own len), or, in
 *   an encrypted segment, those bytes pushed through the segment's
 *   secretstream as one message (tag MESSAGE) with the 8 bytes before
 *   them as additional data: records length + 17 bytes. One CRC, one
 *   chain step and one encryption per block instead of per record: the
 *   writer's default (xtraild makes a block of each batch it reads, cut
 *   at F3_BLOCK_MAX). A reader checks every record of a block before it
 *   returns the first; an error names the block's offset.
 *
 *   The chain: h starts as BLAKE2b-256("XTRAIL-F3-CHAIN-V2" || seq_id);
 *   each segment header does h = BLAKE2b-256(h || bytes 0..247), each
 *   frame h = BLAKE2b-256(h || the whole frame). chain_in of a segment
 *   header is h before that header.
 *
 *   Seals: seal number e (its epoch; the first seal of a log is 0, then
 *   +1, no gaps) stores the chain head h before the seal frame and
 *     mac = BLAKE2b-256 keyed with k_e over
 *           "XTRAIL-F3-SEAL-V2" (17 bytes) || seq_id || le64 epoch ||
 *           le64 seq || le64 time_ns || h
 *   with k_0 the initial sealing key ("xtrail keygen", kept by the
 *   auditor) and k_{e+1} = BLAKE2b-256(k_e || "evolve"). The writer erases
 *   k_e as soon as seal e is on disk, so whoever takes the host later holds
 *   only a k_j, j > e, and cannot re-seal anything up to seal e.
 *
 * Files: with rotation, the writer closes a segment that reached
 * max_segment, renames its file to "<path>.<N>" (N: the number of the first
 * segment in that file, 10 digits) and goes on in a new <path>. A log is
 * then its rotated files in order followed by <path>; f3_log_files() puts
 * a directory or a list of files in that order.
 *
 * Durability: the writer appends with pwrite() at its own end of file and
 * syncs per the daemon's flush mode; a seal is always followed by
 * fdatasync() before the key evolves. A crash can only leave an invalid
 * tail: f3_writer_open() finds the end of the last valid item and cuts off
 * what follows if it is at most F3_TORN_MAX bytes; anything longer is not
 * a torn write and the file is refused.
 */
#ifndef XTRAIL_F3_H
#define XTRAIL_F3_H

#include <stdint.h>
#include <stdio.h>

#include <sodium.h>

#include "xtrail_ring.h"

#define F3_MAGIC		"XTRAILF3"
#define F3_MAGIC_LEN		8
#define F3_VERSION		2
#define F3_HDR_SIZE		256
#define F3_HDR_CRC_OFF		248
#define F3_FRAME_HDR		24
#define F3_HASH			32
#define F3_ID_LEN		16
#define F3_KEY_LEN		32
#define F3_KEY_ID_LEN		8
#define F3_ABYTES	crypto_secretstream_xchacha20poly1305_ABYTES
#define F3_SEALED_KEY_LEN	(F3_KEY_LEN + crypto_box_SEALBYTES)
/* Most record bytes in one block frame. */
#define F3_BLOCK_MAX		(64u * 1024)
#define F3_BLOCK_HDR		8
/* Largest record frame: the largest record, encrypted, framed and padded. */
#define F3_REC_FRAME_MAX \
	((F3_FRAME_HDR + XTRAIL_REC_MAX + F3_ABYTES + 7) & ~7u)
/* Largest frame: a full block, encrypted, framed and padded. */
#define F3_FRAME_MAX \
	((F3_FRAME_HDR + F3_BLOCK_HDR + F3_BLOCK_MAX + F3_ABYTES + 7) & ~7u)

#define F3_INCOMPAT_ENCRYPTED	0x1u
#define F3_INCOMPAT_KNOWN	F3_INCOMPAT_ENCRYPTED

enum f3_seg_state {
	F3_SEG_ONLINE = 1,
	F3_SEG_OFFLINE = 2,
	F3_SEG_ARCHIVED = 3,
};

enum f3_frame_type {
	F3_FRAME_RECORD = 1,
	F3_FRAME_SEAL = 2,
	F3_FRAME_MARK = 3,
	F3_FRAME_BLOCK = 4,
};

/* Kinds of failure marker (struct f3_mark). */
enum f3_mark_kind {
	F3_MARK_DISK_FULL = 1,	/* ENOSPC or EDQUOT */
	F3_MARK_DISK_ERROR = 2,	/* any other write or sync error (EIO...) */
};

/* Most bytes xtraild writes in one go. */
#define F3_BATCH_MAX		(512u * 1024)
/* Longest invalid tail f3_writer_open() cuts off. */
#define F3_TORN_MAX		(16u * 1024 * 1024)

struct f3_seg_hdr {
	char magic[F3_MAGIC_LEN];
	__le32 version;
	__le32 header_size;
	__le32 compat;
	__le32 incompat;
	__le64 segment_no;
	__le64 first_seq;
	__le64 created_ns;
	__u8 host_id[F3_ID_LEN];
	__u8 seq_id[F3_ID_LEN];
	__u8 chain_in[F3_HASH];
	__u8 key_id[F3_KEY_ID_LEN];
	__u8 ss_header[24];
	__u8 sealed_key[F3_SEALED_KEY_LEN];
	__u8 reserved[24];
	__le32 crc;
	__le32 state;
};

struct f3_frame_hdr {
	__le32 len;
	__le32 crc;
	__le16 type;
	__le16 flags;
	__le32 dlen;
	__le64 seq;
};

struct f3_seal {
	__le64 epoch;
	__le64 seq;
	__le64 time_ns;
	__le64 reserved;
	__u8 chain[F3_HASH];
	__u8 mac[F3_HASH];
};

/**
 * struct f3_mark - payload of a failure marker frame (F3_FRAME_MARK)
 * @time_ns:     CLOCK_REALTIME when the failure happened
 * @kind:        enum f3_mark_kind
 * @err:         the errno value of the failed call
 * @segment_no:  the segment that failed (final: never written again)
 * @durable_seq: records 0..durable_seq-1 were durable when it failed
 * @lost:        records after durable_seq already acknowledged (flush
 *               none or incremental) that did not become durable: gone
 * @action:      the configured action taken ("suspend", "rotate", "keep",
 *               "halt"), NUL padded
 * @reserved:    zero
 * Written, unencrypted and chained like every frame, as the first frame
 * after the segment header of the segment that follows the failure (or,
 * for halt, at the end of the failed segment if it can still be written).
 */
struct f3_mark {
	__le64 time_ns;
	__le32 kind;
	__le32 err;
	__le64 segment_no;
	__le64 durable_seq;
	__le64 lost;
	char action[16];
	__le64 reserved;
};

_Static_assert(sizeof(struct f3_mark) == 64, "mark size");
_Static_assert(sizeof(struct f3_seg_hdr) == F3_HDR_SIZE, "F3 header size");
_Static_assert(offsetof(struct f3_seg_hdr, crc) == F3_HDR_CRC_OFF, "crc");
_Static_assert(sizeof(struct f3_frame_hdr) == F3_FRAME_HDR, "frame size");
_Static_assert(sizeof(struct f3_seal) == 96, "seal size");
_Static_assert(crypto_secretstream_xchacha20poly1305_HEADERBYTES == 24,
	       "secretstream header");
_Static_assert(crypto_secretstream_xchacha20poly1305_KEYBYTES == F3_KEY_LEN,
	       "secretstream key");
_Static_assert(crypto_box_PUBLICKEYBYTES == F3_KEY_LEN, "box key");
_Static_assert(crypto_box_SECRETKEYBYTES == F3_KEY_LEN, "box key");

/* The encoded state field for @s, and its decoding (0 if invalid). */
static inline uint32_t f3_state_enc(enum f3_seg_state s)
{
	return (uint32_t)s | ((~(uint32_t)s & 0xffff) << 16);
}

static inline unsigned int f3_state_dec(uint32_t v)
{
	unsigned int s = v & 0xffff;

	if ((v >> 16) != (~s & 0xffff) || s < F3_SEG_ONLINE ||
	    s > F3_SEG_ARCHIVED)
		return 0;
	return s;
}

const char *f3_state_name(unsigned int s);

/* ---- crypto helpers (libsodium), exposed for the tools and the tests ---- */

/* f3_sodium_init(): sodium_init(); 0 or -1. */
int f3_sodium_init(void);
/* The chain head before the first segment of log @seq_id. */
void f3_chain_init(uint8_t h[F3_HASH], const uint8_t seq_id[F3_ID_LEN]);
/* h = BLAKE2b-256(h || @n bytes at @p). */
void f3_chain_step(uint8_t h[F3_HASH], const void *p, size_t n);
/* k = BLAKE2b-256(k || "evolve"): the next sealing key, in place. */
void f3_key_evolve(uint8_t k[F3_KEY_LEN]);
/* The MAC of seal @s (its chain, epoch, seq and time_ns) under @key. */
void f3_seal_mac(uint8_t mac[F3_HASH], const uint8_t key[F3_KEY_LEN],
		 const uint8_t seq_id[F3_ID_LEN], const struct f3_seal *s);
/* First 8 bytes of BLAKE2b-256(@pk). */
void f3_key_id(uint8_t id[F3_KEY_ID_LEN], const uint8_t pk[F3_KEY_LEN]);

/*
 * Key files: one line of 64 hex digits. f3_key_load() reads @path (or, if
 * @path is 64 hex digits itself, takes it); 0 or -1 with @err set.
 * f3_key_save() creates @path (O_EXCL) with @mode.
 */
int f3_key_load(const char *path, uint8_t key[F3_KEY_LEN], char *err,
		size_t errlen);
int f3_key_save(const char *path, const uint8_t key[F3_KEY_LEN], int mode,
		char *err, size_t errlen);

/* ---- reading --------------------------------------------------------------- */

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
 * struct f3_anchor - a point of the log the auditor keeps off-host
 * @seq_id: the log
 * @seq:    records before the point
 * @chain:  chain head at the point
 * @sealed: the log had a seal by then; @epoch and @mac are the latest one's
 */
struct f3_anchor {
	uint8_t seq_id[F3_ID_LEN];
	uint64_t seq;
	uint8_t chain[F3_HASH];
	int sealed;
	uint64_t epoch;
	uint8_t mac[F3_HASH];
};

/* "xtrail-anchor-v1 SEQID SEQ CHAIN EPOCH|- MAC|-" (no newline). */
void f3_anchor_format(const struct f3_anchor *a, char *buf, size_t size);
/* Parse that; 0 or -1. */
int f3_anchor_parse(struct f3_anchor *a, const char *s);

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
	int have_anchor;
	int anchor_hit;
	struct f3_anchor anchor;

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
 * or an error with r->err, r->err_off and f3_strerror() set;
 * f3_reader_close() is needed in both cases. Keys are set afterwards.
 */
enum f3_status f3_reader_open(struct f3_reader *r, const char *path);
/* Same on an open stream positioned at the start of the file. */
enum f3_status f3_reader_init(struct f3_reader *r, FILE *f);
/*
 * Go on with the next file of the same log (rotated segments): the chain,
 * sequence and seal state carry over. Closes the current file.
 */
enum f3_status f3_reader_next_file(struct f3_reader *r, const char *path);

/* The auditor's secret key (the public key is derived from it). */
void f3_reader_set_auditor_key(struct f3_reader *r,
			       const uint8_t sk[F3_KEY_LEN]);
/* The initial sealing key k_0. */
void f3_reader_set_seal_key(struct f3_reader *r, const uint8_t k0[F3_KEY_LEN]);
void f3_reader_set_anchor(struct f3_reader *r, const struct f3_anchor *a);

/*
 * Next record: F3_OK with *rec (8-aligned, valid until the next call; NULL
 * for an encrypted record under no_decrypt) and *len set, F3_END at a
 * clean end of the file, or an error. Segment headers and seals are
 * checked on the way. After an error the reader stays on the failed item.
 */
enum f3_status f3_next(struct f3_reader *r, const void **rec, uint32_t *len);

/*
 * At the end of the log: 0 if the anchor (if any) was reached with the
 * same chain, else F3_ERR_ANCHOR with the reason set.
 */
enum f3_status f3_reader_finish(struct f3_reader *r);

/* The anchor at the current position (end of the log, after F3_END). */
void f3_reader_anchor(const struct f3_reader *r, struct f3_anchor *a);

/* "offset N: reason" for the last error. */
const char *f3_strerror(struct f3_reader *r);

/* Close the file; the keys are wiped. */
void f3_reader_close(struct f3_reader *r);

/* ---- writing ------------------------------------------------------------------ */

/**
 * struct f3_writer_opts - how f3_writer_open() starts
 * @auditor_pk:   encrypt to this public key; NULL: plaintext segments
 * @seal_key:     the sealing key of epoch @seal_epoch; NULL: no seals
 * @seal_epoch:   its epoch (moved forward past the log's latest seal)
 * @state_path:   where the evolving sealing key is kept (NULL: nowhere)
 * @host_id:      16 bytes for the segment headers, or NULL
 * @max_segment:  start a new segment past this many bytes (0: never)
 * @rotate_files: and a new file for it (the old one renamed "<path>.<N>")
 * @cut:          before scanning, cut the file to @cut_to bytes (what was
 *                durable when a write or sync failed)
 * @mark:         write this failure marker first in the new segment
 * @blocks:       records in block frames (F3_FRAME_BLOCK), not one frame each
 */
struct f3_writer_opts {
	const uint8_t *auditor_pk;
	const uint8_t *seal_key;
	uint64_t seal_epoch;
	const char *state_path;
	const uint8_t *host_id;
	uint64_t max_segment;
	int rotate_files;
	int cut;
	uint64_t cut_to;
	const struct f3_mark *mark;
	int blocks;
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
	char *state_path;

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
 * struct f3_open_report - what f3_writer_open() found
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
 * segment. Returns 0, or -1 with a message in @err.
 */
int f3_writer_open(struct f3_writer *w, const char *path,
		   const struct f3_writer_opts *o, struct f3_open_report *rep,
		   char *err, size_t errlen);

/*
 * Append the record @rec of @len bytes (checked by the caller): framed,
 * encrypted and chained into the buffer, written when the buffer fills.
 * 0 or -1 with errno.
 */
int f3_writer_add(struct f3_writer *w, const void *rec, uint32_t len);

/*
 * Append the failure marker @m (chained, plaintext) and sync it. 0 or -1
 * with errno.
 */
int f3_writer_mark(struct f3_writer *w, const struct f3_mark *m);

/*
 * Give up a writer after a failure without writing anything more (the
 * failed segment is final): close the file, wipe the keys.
 */
void f3_writer_abandon(struct f3_writer *w);

/* Write what is buffered; 0 or -1 with errno. */
int f3_writer_flush(struct f3_writer *w);

/* Flush, then fdatasync() (@full: fsync()); 0 or -1 with errno. */
int f3_writer_sync(struct f3_writer *w, int full);

/*
 * Seal: a seal frame over the chain, written and fdatasync()ed, then the
 * key evolves (the state file is replaced) and the old one is wiped.
 * 0 or -1 with errno.
 */
int f3_writer_seal(struct f3_writer *w);

/*
 * Close: seal what is unsealed (when sealing), sync, mark the segment
 * offline, sync, wipe the keys. 0 or -1 with errno.
 */
int f3_writer_close(struct f3_writer *w);

/* fsync the directory holding @path (after a rename into it). 0 or -1. */
int f3_sync_parent_dir(const char *path);

/*
 * The sealing key state file: "XTRAILSK" (8), le64 epoch, seq_id (16),
 * key (32), BLAKE2b-256 of the preceding 64 bytes (32): 96 bytes, 0600,
 * replaced atomically (write, fsync, rename, fsync the directory).
 * f3_seal_state_load(): 1 loaded, 0 no such file, -1 error (@err).
 */
int f3_seal_state_load(const char *path, uint64_t *epoch,
		       uint8_t seq_id[F3_ID_LEN], uint8_t key[F3_KEY_LEN],
		       char *err, size_t errlen);
int f3_seal_state_save(const char *path, uint64_t epoch,
		       const uint8_t seq_id[F3_ID_LEN],
		       const uint8_t key[F3_KEY_LEN]);

/*
 * The rotated files of the log @path ("<path>.<10 digits>"), oldest
 * first: a malloc()ed array of malloc()ed names, NULL-terminated, in *out
 * (*n of them). 0 or -1 with errno.
 */
int f3_rotated_files(const char *path, char ***out, size_t *n);
void f3_free_names(char **names);

/*
 * The files of a log in reading order, from @n arguments that are files
 * or directories (every regular file in a directory whose first bytes are
 * an F3 segment header): sorted by the number of their first segment.
 * Returns a NULL-terminated malloc()ed array (free with f3_free_names()),
 * or NULL with a message in @err.
 */
char **f3_log_files(char *const args[], int n, size_t *count, char *err,
		    size_t errlen);

/*
 * Peek at the log @path without keys: its seq_id (if any) and the epoch
 * of the next seal. 1 found, 0 no file or empty, -1 error (@err).
 */
int f3_log_info(const char *path, uint8_t seq_id[F3_ID_LEN],
		uint64_t *next_epoch, char *err, size_t errlen);

#endif /* XTRAIL_F3_H */
