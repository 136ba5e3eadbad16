/* SPDX-License-Identifier: GPL-2.0 */
/*
 * F3: the file xtraild appends records to. Skeleton format, version 1 (a
 * later version replaces it with sealed, encrypted segments).
 *
 * All integers are little-endian.
 *
 *   File header, 16 bytes:
 *     magic        8 bytes  "XTRAILF3" (no NUL)
 *     version      __le32   1
 *     header_size  __le32   16 (offset of the first frame)
 *
 *   Then frames, back to back until the end of the file:
 *     len          __le32   length of the record, equal to its header's len
 *     crc          __le32   CRC32C (Castagnoli) of the len record bytes
 *     record       len bytes: struct xtrail_rec_hdr + body + padding
 *
 * Record lengths are multiples of 8, so every frame starts 8-aligned.
 * Every record in a frame passes xtrail_rec_check(rec, len, 0): the writer
 * never stores one that does not, so a reader treats a failing record as
 * corruption, like a CRC mismatch.
 *
 * Durability: xtraild writes one batch of frames with write() and then
 * fdatasync()s, so a crash can only leave a partial batch at the end of the
 * file (a "torn tail"). f3_writer_open() finds the end of the last valid
 * frame and cuts off what follows if it is at most F3_TORN_MAX bytes;
 * anything longer is not a torn write and the file is refused.
 */
#ifndef XTRAIL_F3_H
#define XTRAIL_F3_H

#include <stdint.h>
#include <stdio.h>

#include "xtrail_ring.h"

#define F3_MAGIC	"XTRAILF3"
#define F3_MAGIC_LEN	8
#define F3_VERSION	1
#define F3_HDR_SIZE	16
#define F3_FRAME_HDR	8

/* Most bytes xtraild writes between two fdatasync()s, frames included. */
#define F3_BATCH_MAX	(512u * 1024)
/* Longest invalid tail f3_writer_open() cuts off. */
#define F3_TORN_MAX	F3_BATCH_MAX

struct f3_file_hdr {
	char magic[F3_MAGIC_LEN];
	__le32 version;
	__le32 header_size;
};

struct f3_frame_hdr {
	__le32 len;
	__le32 crc;
};

_Static_assert(sizeof(struct f3_file_hdr) == F3_HDR_SIZE, "F3 header size");
_Static_assert(sizeof(struct f3_frame_hdr) == F3_FRAME_HDR, "F3 frame size");

enum f3_status {
	F3_OK = 0,	/* a record was returned */
	F3_END,		/* clean end of the file */
	F3_ERR_IO,	/* read error */
	F3_ERR_MAGIC,	/* not an F3 file */
	F3_ERR_VERSION,	/* unsupported version or header size */
	F3_ERR_TRUNC,	/* the file ends inside the header or a frame */
	F3_ERR_LEN,	/* frame length out of bounds or unaligned */
	F3_ERR_CRC,	/* CRC32C mismatch */
	F3_ERR_RECORD,	/* the record fails xtrail_rec_check() */
};

/**
 * struct f3_reader - sequential reader of an F3 file
 * @off:      offset of the next frame
 * @frames:   records returned so far
 * @err:      status of the last failed call (F3_OK before any failure)
 * @err_off:  offset of the frame (or header) the error is about
 *
 * Large (it holds one record): allocate it, do not put it on a small stack.
 */
struct f3_reader {
	FILE *f;
	int own;
	uint64_t off;
	uint64_t frames;
	enum f3_status err;
	uint64_t err_off;
	char reason[128];
	char msg[160];
	uint8_t rec[XTRAIL_REC_MAX] __attribute__((aligned(8)));
};

/*
 * Open @path ("-" is stdin) and check its header. Returns F3_OK, or an
 * error with r->err, r->err_off and f3_strerror() set; f3_reader_close()
 * is needed in both cases.
 */
enum f3_status f3_reader_open(struct f3_reader *r, const char *path);
/* Same on an open stream positioned at the start of the file. */
enum f3_status f3_reader_init(struct f3_reader *r, FILE *f);

/*
 * Next record: F3_OK with *rec (8-aligned, valid until the next call) and
 * *len set, F3_END at a clean end of file, or an error. After an error the
 * reader stays on the failed frame.
 */
enum f3_status f3_next(struct f3_reader *r, const void **rec, uint32_t *len);

/* "offset N: reason" for the last error. */
const char *f3_strerror(struct f3_reader *r);

void f3_reader_close(struct f3_reader *r);

/* Write the frame for @rec (@len bytes) at @dst; returns F3_FRAME_HDR + len. */
size_t f3_frame_put(void *dst, const void *rec, uint32_t len);

/* Fill @h with the version 1 header. */
void f3_file_hdr_init(struct f3_file_hdr *h);

/**
 * struct f3_writer - appender of an F3 file
 * @fd:     the file, opened O_APPEND and flock()ed
 * @size:   current size (end of the last complete frame)
 * @frames: frames in the file
 */
struct f3_writer {
	int fd;
	uint64_t size;
	uint64_t frames;
};

/**
 * struct f3_open_report - what f3_writer_open() found
 * @created:    the file was new (or empty) and got a header
 * @frames:     valid frames already there
 * @torn_off:   where the cut-off tail started
 * @torn_bytes: bytes cut off (0 when the file ended cleanly)
 * @torn_why:   why the tail was invalid ("offset N: reason")
 */
struct f3_open_report {
	int created;
	uint64_t frames;
	uint64_t torn_off;
	uint64_t torn_bytes;
	char torn_why[160];
};

/*
 * Open or create (mode 0600) @path for appending: take an exclusive
 * flock() (a second writer is refused), check the header, validate every
 * frame and cut off a torn tail. Returns 0, or -1 with a message in @err.
 */
int f3_writer_open(struct f3_writer *w, const char *path,
		   struct f3_open_report *rep, char *err, size_t errlen);

/*
 * Append @n bytes of whole frames with as many write()s as needed. On
 * failure the file is cut back to its previous size (best effort), errno
 * is set and -1 returned.
 */
int f3_writer_write(struct f3_writer *w, const void *frames, size_t n,
		    uint64_t nframes);

/* fdatasync(); 0 or -1 with errno. */
int f3_writer_sync(struct f3_writer *w);

/* fdatasync() and close; 0 or -1 with errno. */
int f3_writer_close(struct f3_writer *w);

#endif /* XTRAIL_F3_H */
