// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_f3: the input is an F3 file, except that a frame whose stored CRC
 * is zero gets its right CRC before the test (a fuzzer cannot forge
 * CRC32C; this lets it reach the record checks behind it).
 *
 * The reader (f3_reader_init(), f3_next()) must hand out only records
 * that are well formed (fuzz_check.h), framed where the file says, with
 * the CRC it stores, and that "xtrail export" converts (with the CLOCK
 * records before them as reference); it must stop at a clean end exactly
 * at the end of the input, and an error must stick. Then the same bytes
 * go to a real file for f3_writer_open(), which must either refuse it
 * untouched or keep exactly the valid frames the reader found and cut off
 * the rest.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crc32c.h"
#include "f3.h"
#include "fuzz_check.h"
#include "record_json.h"

/* Longest input (run.sh's -max_len), and the file as read back. */
#define FILE_MAX	(4 * XTRAIL_REC_MAX)
static uint8_t back[FILE_MAX + 1];

static struct f3_reader *reader;
static char dir[4096], path[4096 + 8];

static void cleanup(void)
{
	unlink(path);
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp = getenv("TMPDIR");

	/* run.sh gives a TMPDIR it removes, so that a crash leaves nothing. */
	if (!tmp)
		tmp = access("/dev/shm", W_OK) ? "/tmp" : "/dev/shm";
	reader = malloc(sizeof(*reader));
	fz_assert(reader);
	fz_assert(snprintf(dir, sizeof(dir), "%s/xtrail-fuzz-f3.XXXXXX", tmp) <
		  (int)sizeof(dir));
	fz_assert(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/log.f3", dir);
	atexit(cleanup);
	return 0;
}

static void file_put(const uint8_t *data, size_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	fz_assert(fd >= 0);
	fz_assert(write(fd, data, size) == (ssize_t)size);
	close(fd);
}

static size_t file_get(void)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	fz_assert(fd >= 0);
	n = read(fd, back, sizeof(back));
	fz_assert(n >= 0 && (size_t)n < sizeof(back));
	close(fd);
	return n;
}

/* Give the frames that store a zero CRC their right one. */
static void fix_crcs(uint8_t *data, size_t size)
{
	struct f3_frame_hdr fh;
	size_t off;

	for (off = F3_HDR_SIZE; off + sizeof(fh) <= size;
	     off += sizeof(fh) + xt_le32(fh.len)) {
		memcpy(&fh, data + off, sizeof(fh));
		if (xt_le32(fh.len) > size - off - sizeof(fh))
			return;
		if (!fh.crc) {
			fh.crc = xt_cpu32(crc32c(data + off + sizeof(fh),
						 xt_le32(fh.len)));
			memcpy(data + off, &fh, sizeof(fh));
		}
	}
}

/* Read it all; returns the final status, *end: the last valid frame's end. */
static enum f3_status read_all(const uint8_t *data, size_t size,
			       uint64_t *end, uint64_t *frames)
{
	struct xtrail_clock_ref clk = { 0 };
	struct f3_reader *r = reader;
	struct json_object *obj;
	struct f3_frame_hdr fh;
	enum f3_status st;
	const void *rec;
	uint64_t off = F3_HDR_SIZE, k = 0;
	uint32_t len;
	FILE *f;

	f = fmemopen((void *)data, size, "rb");
	fz_assert(f);
	r->own = 0;
	st = f3_reader_init(r, f);
	if (st != F3_OK) {
		fz_assert(r->err == st && r->err_off == 0);
		*end = 0;
		goto out;
	}
	while ((st = f3_next(r, &rec, &len)) == F3_OK) {
		fz_assert(rec == r->rec && len <= XTRAIL_REC_MAX);
		fz_assert(fz_rec_ok(rec, len, 0));
		/* The frame at off, as the file has it. */
		memcpy(&fh, data + off, sizeof(fh));
		fz_assert(xt_le32(fh.len) == len);
		fz_assert(xt_le32(fh.crc) == crc32c(rec, len));
		fz_assert(!memcmp(data + off + sizeof(fh), rec, len));
		/* what "xtrail export" does with it */
		xtrail_clock_ref_update(&clk, rec);
		obj = xtrail_rec_json(rec, len, &clk);
		fz_assert(obj);
		json_object_put(obj);
		off += sizeof(fh) + len;
		fz_assert(r->off == off && r->frames == ++k);
	}
	*end = off;
	if (st == F3_END) {
		fz_assert(off == size && r->err == F3_OK);
	} else {
		fz_assert(r->err == st && r->err_off == off && off < size);
		fz_assert(f3_next(r, &rec, &len) == st && r->off == off);
	}
out:
	fz_assert(strlen(f3_strerror(r)) > 0);
	*frames = r->frames;
	f3_reader_close(r);
	fclose(f);
	return st;
}

/* f3_writer_open() refused: only a file that is not ours, untouched. */
static void check_refused(const uint8_t *data, size_t size, enum f3_status st)
{
	fz_assert(st == F3_ERR_MAGIC || st == F3_ERR_VERSION);
	fz_assert(file_get() == size && !memcmp(back, data, size));
}

/* It opened: the valid frames the reader found are kept, the rest cut. */
static void check_opened(const uint8_t *data, size_t size, enum f3_status st,
			 uint64_t end, uint64_t frames, struct f3_writer *w,
			 const struct f3_open_report *rep)
{
	struct f3_file_hdr hdr;
	size_t n;

	fz_assert(!f3_writer_close(w));
	n = file_get();
	fz_assert(w->size == n && w->frames == rep->frames);
	if (rep->created) {
		/* Empty, or torn inside the header: a fresh header. */
		fz_assert(!end && n == F3_HDR_SIZE && !rep->frames);
		f3_file_hdr_init(&hdr);
		fz_assert(!memcmp(back, &hdr, sizeof(hdr)));
	} else {
		fz_assert(st != F3_ERR_MAGIC && st != F3_ERR_VERSION);
		fz_assert(n == end && rep->frames == frames);
		fz_assert(!memcmp(back, data, n));
	}
	/* What was cut: from the end of the last valid frame, or all. */
	fz_assert(rep->torn_bytes == size - (rep->created ? 0 : n));
}

int LLVMFuzzerTestOneInput(const uint8_t *input, size_t size)
{
	struct f3_open_report rep;
	struct f3_writer w;
	enum f3_status st;
	uint64_t end, frames;
	char err[256];
	uint8_t *data;

	if (size > FILE_MAX)
		return -1;
	/* A block of the file's exact size (fmemopen() wants one byte). */
	data = malloc(size ? size : 1);
	fz_assert(data);
	memcpy(data, input, size);
	fix_crcs(data, size);
	st = read_all(data, size, &end, &frames);

	file_put(data, size);
	if (f3_writer_open(&w, path, &rep, err, sizeof(err)))
		check_refused(data, size, st);
	else
		check_opened(data, size, st, end, frames, &w, &rep);
	free(data);
	return 0;
}
