/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * F3, the log xtraild appends records to: its byte layout. This header is
 * the specification, as shared/xtrail_proto.h is for the ring; it holds
 * the layout only (the code is in the f3_*.c files, their API in f3.h).
 *
 * F3 is the log xtraild appends records to. Format version 2: a chain of
 * segments, each record framed with its length and CRC32C, numbered with a
 * global sequence number, hash-chained (BLAKE2b-256) to everything before
 * it, optionally encrypted to the auditor, and sealed with forward-secure
 * MACs. Version 3 authenticates each frame's place (seq_id, segment_no,
 * seq) in the AEAD and the seals, records the seal policy, and rekeys at
 * every seal. doc/F3-FORMAT.md has the rationale and the threat model; this is
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
 *     8   version      4  3 (2 and older are refused: their frames'
 *                         places were not authenticated)
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
 *     144 wrapped_key 80  the segment key encrypted to the auditor's
 *                         public key (crypto_box_seal(), a sealed box)
 *     224 seal_records 8  the writer seals at least every this many
 *                         records (0: no such policy); binds the records
 *                         before the first seal (later ones: the seals')
 *     232 seal_seconds 8  and at least every this many seconds while
 *                         records wait (0: none); recorded, not checked
 *     240 reserved     8  zero
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
 *   pushed through the segment's secretstream (tag MESSAGE) with the frame's
 *   place as additional data (struct f3_frame_ad: seq_id, segment_no,
 *   seq): record length + 17 bytes. A seal frame's payload is struct
 *   f3_seal, a mark frame's (failure marker) struct f3_mark, plaintext.
 *
 *   A block frame holds @count consecutive records (1 or more, at most
 *   F3_BLOCK_MAX bytes of them): payload = le32 count, le32 reserved (0),
 *   then the records one after the other (each with its own len), or, in
 *   an encrypted segment, those bytes pushed through the segment's
 *   secretstream as one message (tag MESSAGE) with the frame's place
 *   (struct f3_frame_ad) and the 8 bytes before them as additional data:
 *   records length + 17 bytes. One CRC, one
 *   chain step and one encryption per block instead of per record: the
 *   writer's default (xtraild makes a block of each batch it reads, cut
 *   at F3_BLOCK_MAX). A reader checks every record of a block before it
 *   returns the first; an error names the block's offset.
 *
 *   The chain: h starts as BLAKE2b-256("XTRAIL-F3-CHAIN-V3" || seq_id);
 *   each segment header does h = BLAKE2b-256(h || bytes 0..247), each
 *   frame h = BLAKE2b-256(h || the whole frame). chain_in of a segment
 *   header is h before that header.
 *
 *   Seals: seal number e (its epoch; the first seal of a log is 0, then
 *   +1, no gaps) stores the chain head h before the seal frame, the
 *   segment it is in, and the seal policy until the next seal (struct
 *   f3_seal), and
 *     mac = BLAKE2b-256 keyed with k_e over
 *           "XTRAIL-F3-SEAL-V3" (17 bytes) || seq_id || bytes 0..47 of
 *           struct f3_seal (epoch, seq, time_ns, segment_no, seal_records,
 *           seal_seconds) || h
 *   with k_0 the initial sealing key ("xtrail keygen", kept by the
 *   auditor) and k_{e+1} = BLAKE2b-256(k_e || "evolve"). The writer erases
 *   k_e as soon as seal e is on disk, so whoever takes the host later holds
 *   only a k_j, j > e, and cannot re-seal anything up to seal e.
 *   Between two seals (and before the first) there are at most
 *   seal_records records (the previous seal's, or the segment header's
 *   before the first seal): a reader fails a longer stretch (seals
 *   removed). In an encrypted log every seal but the last of a writer's
 *   run is followed by a new segment (a new segment key): the key of
 *   what was sealed is gone from the writer.
 *
 * Files: with rotation, the writer closes a segment that reached
 * max_segment, renames its file to "<path>.<N>" (N: the number of the first
 * segment in that file, 10 digits) and goes on in a new <path>. A log is
 * then its rotated files in order followed by <path>; a reader given a
 * directory or a list of files reads them by their first segment number.
 *
 * The sealing key file (struct f3_sealkey_file, xtraild's "seal_state"):
 * the sealing key of the next seal, 96 bytes: magic "XTRAILSK", its epoch,
 * the log's seq_id, the key, and BLAKE2b-256 of the 64 bytes before. It is
 * overwritten in place (pwrite at 0, fdatasync): no renamed copy leaves
 * an older key in other blocks (doc/F3-FORMAT.md says which filesystems
 * and devices keep old blocks anyway).
 *
 * Durability: the writer appends with pwrite() at its own end of file and
 * syncs per the daemon's flush mode; a seal is always followed by
 * fdatasync() before the key evolves. A crash can only leave an invalid
 * tail: the writer, when it opens the log, finds the end of the last
 * valid item and cuts off what follows if it is at most F3_TORN_MAX bytes
 * (f3_writer.h); anything longer is not a torn write and the file is
 * refused.
 */
#ifndef XTRAIL_F3_FORMAT_H
#define XTRAIL_F3_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#include "xtrail_ring.h"

#define F3_MAGIC		"XTRAILF3"
#define F3_MAGIC_LEN		8
#define F3_VERSION		3
#define F3_HDR_SIZE		256
#define F3_HDR_CRC_OFF		248
#define F3_FRAME_HDR		24
#define F3_HASH			32
#define F3_ID_LEN		16
#define F3_KEY_LEN		32
#define F3_KEY_ID_LEN		8
/* crypto_secretstream_xchacha20poly1305: header, and bytes added per message. */
#define F3_SS_HEADER_LEN	24
#define F3_ABYTES		17
/* crypto_box_seal() of a key: the key, an ephemeral public key and a MAC. */
#define F3_WRAPPED_KEY_LEN	(F3_KEY_LEN + 48)
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

/* The labels hashed into the chain, the seals and the key evolution. */
#define F3_CHAIN_LABEL		"XTRAIL-F3-CHAIN-V3"
#define F3_SEAL_LABEL		"XTRAIL-F3-SEAL-V3"
#define F3_EVOLVE_LABEL		"evolve"

/* The sealing key file. */
#define F3_SEALKEY_MAGIC	"XTRAILSK"
#define F3_SEALKEY_SIZE		96

/* Format versions this reader knows were in use before, and refuses. */
#define F3_VERSION_OLDEST	1

/* A segment's state (the state field holds s | (~s << 16)). */
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
	F3_MARK_UNREPLICATED = 3,	/* retention deleted segments a collector lacked */
};

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
	__u8 ss_header[F3_SS_HEADER_LEN];
	__u8 wrapped_key[F3_WRAPPED_KEY_LEN];
	__le64 seal_records;
	__le64 seal_seconds;
	__u8 reserved[8];
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

/**
 * struct f3_seal - payload of a seal frame (F3_FRAME_SEAL)
 * @epoch:        the seal's number, k_epoch made its MAC
 * @seq:          the next record's sequence number
 * @time_ns:      CLOCK_REALTIME when it was made
 * @segment_no:   the segment it is in
 * @seal_records: the next seal comes within this many records (0: none)
 * @seal_seconds: the writer's time policy (recorded, not checked)
 * @chain:        the chain head before the seal frame
 * @mac:          over F3_SEAL_LABEL, the seq_id, bytes 0..47 and @chain
 */
struct f3_seal {
	__le64 epoch;
	__le64 seq;
	__le64 time_ns;
	__le64 segment_no;
	__le64 seal_records;
	__le64 seal_seconds;
	__u8 chain[F3_HASH];
	__u8 mac[F3_HASH];
};

/* Bytes of struct f3_seal under its MAC before the chain. */
#define F3_SEAL_MACED		48

/**
 * struct f3_frame_ad - additional data of an encrypted record or block:
 * the frame's place in the log, so that no frame decrypts elsewhere
 * @seq_id:     the log
 * @segment_no: the segment the frame is in
 * @seq:        the frame's seq (the record's, the block's first)
 * A block adds its 8-byte header after these 32 bytes.
 */
struct f3_frame_ad {
	__u8 seq_id[F3_ID_LEN];
	__le64 segment_no;
	__le64 seq;
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
 * For F3_MARK_UNREPLICATED (xtraild's replication_backlog_action delete):
 * @segment_no is the first segment of the file deleted, @lost the number
 * of its segments, @durable_seq the next record's number when it was
 * deleted, @err 0, @action "delete"; written where the writer is.
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

/**
 * struct f3_sealkey_file - the sealing key file, not part of the log
 * @magic:  F3_SEALKEY_MAGIC (no NUL)
 * @epoch:  the epoch of the next seal, made with @key
 * @seq_id: the log the key belongs to
 * @key:    k_epoch
 * @hash:   BLAKE2b-256 of the 64 bytes before it
 */
struct f3_sealkey_file {
	char magic[8];
	__le64 epoch;
	__u8 seq_id[F3_ID_LEN];
	__u8 key[F3_KEY_LEN];
	__u8 hash[F3_HASH];
};

_Static_assert(sizeof(struct f3_seg_hdr) == F3_HDR_SIZE, "F3 header size");
_Static_assert(offsetof(struct f3_seg_hdr, chain_in) == 80, "chain_in");
_Static_assert(offsetof(struct f3_seg_hdr, wrapped_key) == 144, "key");
_Static_assert(offsetof(struct f3_seg_hdr, crc) == F3_HDR_CRC_OFF, "crc");
_Static_assert(sizeof(struct f3_frame_hdr) == F3_FRAME_HDR, "frame size");
_Static_assert(sizeof(struct f3_seal) == 112, "seal size");
_Static_assert(offsetof(struct f3_seal, chain) == F3_SEAL_MACED, "seal MAC");
_Static_assert(sizeof(struct f3_frame_ad) == 32, "frame AD size");
_Static_assert(sizeof(struct f3_mark) == 64, "mark size");
_Static_assert(sizeof(struct f3_sealkey_file) == F3_SEALKEY_SIZE,
	       "sealing key file size");
_Static_assert(offsetof(struct f3_sealkey_file, hash) == 64, "key hash");
_Static_assert(sizeof(F3_MAGIC) - 1 == F3_MAGIC_LEN, "magic");
_Static_assert(F3_FRAME_MAX % 8 == 0 && F3_REC_FRAME_MAX <= F3_FRAME_MAX,
	       "frame sizes");

#endif /* XTRAIL_F3_FORMAT_H */
