// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_f3: the input is an F3 log file (format 3: segments, frames, seals,
 * optionally encrypted), except that the fuzzer gets help with what it
 * cannot forge: a segment header or frame whose stored CRC is zero gets
 * its right CRC, and a first segment whose chain_in is zero its initial
 * chain. Seals and encryption stay as they are (the seeds have good ones).
 *
 * The reader (xt_f3_reader_init(), xt_f3_next()) reads it twice, as xtraild's
 * scan does (no keys, encrypted records passed over) and as the auditor
 * does (the test keys of fuzz_input.h). Every record it hands out must be
 * well formed (fuzz_check.h) and convert as "xtrail export" converts it,
 * an error must stick, a clean end must be the end of the input, and the
 * auditor must not get further than the scan. Then the same bytes go to
 * a real file for xt_f3_writer_open(): it must refuse exactly what is not a
 * torn log, and leave such a file untouched; otherwise, once closed, the
 * file must read to a clean end with every record the scan found.
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
#include "fuzz_input.h"
#include "record_json.h"

/* Longest input (run.sh's -max_len); the writer adds a segment header. */
#define FILE_MAX	(4 * XTRAIL_REC_MAX)
static uint8_t back[FILE_MAX + 2 * F3_HDR_SIZE];

static struct f3_reader *reader;
static uint8_t auditor_sk[F3_KEY_LEN], seal_key[F3_KEY_LEN];
static char dir[4096], path[4096 + 8];

static void cleanup(void)
{
	unlink(path);
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp = getenv("TMPDIR");
	uint8_t pk[F3_KEY_LEN];

	/* run.sh gives a TMPDIR it removes, so that a crash leaves nothing. */
	if (!tmp)
		tmp = access("/dev/shm", W_OK) ? "/tmp" : "/dev/shm";
	fz_assert(!xt_f3_sodium_init());
	fz_test_keys(pk, auditor_sk, seal_key);
	reader = malloc(sizeof(*reader));
	fz_assert(reader);
	fz_assert(snprintf(dir, sizeof(dir), "%s/xtrail-fuzz-f3.XXXXXX", tmp) <
		  (int)sizeof(dir));
	fz_assert(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/log.f3", dir);
	atexit(cleanup);
	return 0;
}

/* The repairs described above, item by item while they parse. */
static void fix_up(uint8_t *data, size_t size)
{
	struct f3_frame_hdr fh;
	struct f3_seg_hdr h;
	uint8_t zero[F3_HASH] = { 0 };
	size_t off = 0;
	uint32_t l;

	while (size - off >= F3_FRAME_HDR) {
		if (!memcmp(data + off, F3_MAGIC, F3_MAGIC_LEN)) {
			if (size - off < sizeof(h))
				return;
			memcpy(&h, data + off, sizeof(h));
			if (!h.segment_no &&
			    !memcmp(h.chain_in, zero, F3_HASH))
				xt_f3_chain_init(h.chain_in, h.seq_id);
			if (!h.crc)
				h.crc = xt_cpu32(xt_crc32c(&h, F3_HDR_CRC_OFF));
			memcpy(data + off, &h, sizeof(h));
			off += sizeof(h);
			continue;
		}
		memcpy(&fh, data + off, sizeof(fh));
		l = xt_le32(fh.len);
		if (l < sizeof(fh) || l % 8 || l > size - off)
			return;
		if (!fh.crc) {
			fh.crc = xt_cpu32(xt_crc32c(data + off + 8, l - 8));
			memcpy(data + off, &fh, sizeof(fh));
		}
		off += l;
	}
}

struct read_result {
	enum f3_status st;
	uint64_t frames;	/* records returned */
	uint64_t end;		/* where the reader stopped */
};

/* Read the whole of @f; @keys: as the auditor, else as xtraild's scan. */
static void read_all(FILE *f, size_t size, int keys, struct read_result *res)
{
	struct xtrail_clock_ref clk = { 0 };
	struct f3_reader *r = reader;
	struct json_object *obj;
	const void *rec;
	uint32_t len;

	memset(r, 0, sizeof(*r));
	r->no_decrypt = !keys;
	res->st = xt_f3_reader_init(r, f);
	if (keys) {
		xt_f3_reader_set_auditor_key(r, auditor_sk);
		xt_f3_reader_set_seal_key(r, seal_key);
	}
	while (res->st == F3_OK) {
		res->st = xt_f3_next(r, &rec, &len);
		if (res->st != F3_OK)
			break;
		fz_assert(len <= XTRAIL_REC_MAX);
		if (!rec) {
			/* passed over: only without keys */
			fz_assert(!keys);
			continue;
		}
		/* a record frame's copy, or a record of the current block */
		fz_assert(rec == r->rec ||
			  ((const uint8_t *)rec >= r->blk &&
			   (const uint8_t *)rec + len <= r->blk + F3_BLOCK_MAX &&
			   (uintptr_t)rec % 8 == 0));
		fz_assert(fz_rec_ok(rec, len, 0));
		/* what "xtrail export" does with it */
		xt_json_clock_ref_update(&clk, rec);
		obj = xt_json_rec(rec, len, &clk);
		fz_assert(obj);
		json_object_put(obj);
	}
	res->frames = r->frames;
	if (res->st == F3_END) {
		fz_assert(r->err == F3_OK && r->off == size);
		res->end = r->off;
	} else {
		fz_assert(r->err == res->st && r->err_off <= size);
		fz_assert(xt_f3_next(r, &rec, &len) == res->st);
		res->end = r->err_off;
	}
	fz_assert(strlen(xt_f3_strerror(r)) > 0);
	xt_f3_reader_close(r);
}

static void read_mem(const uint8_t *data, size_t size, int keys,
		     struct read_result *res)
{
	FILE *f = fmemopen((void *)data, size, "rb");

	fz_assert(f);
	read_all(f, size, keys, res);
	fclose(f);
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

/* What xt_f3_writer_open() takes for a torn write and cuts off. */
static int torn(enum f3_status st)
{
	return st == F3_ERR_TRUNC || st == F3_ERR_LEN || st == F3_ERR_CRC ||
	       st == F3_ERR_FORMAT;
}

static void check_writer(const uint8_t *data, size_t size,
			 const struct read_result *scan)
{
	const struct f3_writer_opts opts = { 0 };
	struct f3_open_report rep;
	struct read_result after;
	struct f3_writer w;
	char err[512];
	FILE *f;

	file_put(data, size);
	if (xt_f3_writer_open(&w, path, &opts, &rep, err, sizeof(err))) {
		/* Refused: not a log with a torn tail at most, untouched. */
		fz_assert(size && scan->st != F3_END && !torn(scan->st));
		fz_assert(file_get() == size && !memcmp(back, data, size));
		return;
	}
	fz_assert(!size || scan->st == F3_END || torn(scan->st));
	fz_assert(rep.frames == scan->frames);
	fz_assert(rep.torn_bytes == (scan->st == F3_END ? 0 :
				     size - scan->end));
	fz_assert(!xt_f3_writer_close(&w));
	f = fopen(path, "rb");
	fz_assert(f);
	read_all(f, file_get(), 0, &after);
	fclose(f);
	fz_assert(after.st == F3_END && after.frames == scan->frames);
}

int LLVMFuzzerTestOneInput(const uint8_t *input, size_t size)
{
	struct read_result scan, audit;
	uint8_t *data;

	if (size > FILE_MAX)
		return -1;
	/* A block of the file's exact size (fmemopen() wants one byte). */
	data = malloc(size ? size : 1);
	fz_assert(data);
	memcpy(data, input, size);
	fix_up(data, size);

	read_mem(data, size, 0, &scan);
	read_mem(data, size, 1, &audit);
	/* The keys add checks (decryption, seal MACs), never records. */
	fz_assert(audit.frames <= scan.frames);
	fz_assert(audit.st != F3_END ||
		  (scan.st == F3_END && scan.frames == audit.frames));

	check_writer(data, size, &scan);
	free(data);
	return 0;
}
