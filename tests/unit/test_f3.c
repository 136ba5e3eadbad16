// SPDX-License-Identifier: GPL-2.0
/*
 * F3 files (userspace/f3.c) and CRC32C (userspace/crc32c.c): write frames
 * and read them back, detect corruption at the right offset, cut torn
 * tails and refuse anything else.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "crc32c.h"
#include "f3.h"
#include "test_util.h"

static struct rec_buf r;
static char path[64];
static struct f3_reader *rd;

/* Bit-at-a-time reference CRC32C. */
static uint32_t crc_ref(const void *buf, size_t n)
{
	const uint8_t *p = buf;
	uint32_t c = ~0u;
	int k;

	while (n--) {
		c ^= *p++;
		for (k = 0; k < 8; k++)
			c = (c >> 1) ^ (c & 1 ? 0x82f63b78u : 0);
	}
	return ~c;
}

static void test_crc32c_vectors(void **state)
{
	uint8_t buf[32];
	int i;

	assert_int_equal(crc32c("123456789", 9), 0xe3069283u);
	assert_int_equal(crc32c("", 0), 0);
	assert_int_equal(crc32c("a", 1), 0xc1d04330u);
	/* RFC 3720, B.4 */
	memset(buf, 0, sizeof(buf));
	assert_int_equal(crc32c(buf, 32), 0x8a9136aau);
	memset(buf, 0xff, sizeof(buf));
	assert_int_equal(crc32c(buf, 32), 0x62a8ab43u);
	for (i = 0; i < 32; i++)
		buf[i] = i;
	assert_int_equal(crc32c(buf, 32), 0x46dd794eu);
	for (i = 0; i < 32; i++)
		buf[i] = 31 - i;
	assert_int_equal(crc32c(buf, 32), 0x113fdb5cu);
}

static void test_crc32c_split_and_align(void **state)
{
	uint8_t buf[300];
	uint32_t whole;
	size_t i, off, n;

	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 131 + 7);
	/* every start alignment and length against the reference */
	for (off = 0; off < 8; off++)
		for (n = 0; n + off <= sizeof(buf); n += 13)
			assert_int_equal(crc32c(buf + off, n),
					 crc_ref(buf + off, n));
	/* incremental == one shot, at every split */
	whole = crc32c(buf, sizeof(buf));
	assert_int_equal(whole, crc_ref(buf, sizeof(buf)));
	for (i = 0; i <= sizeof(buf); i++)
		assert_int_equal(crc32c_update(crc32c(buf, i), buf + i,
					       sizeof(buf) - i), whole);
}

static int setup(void **state)
{
	strcpy(path, "test_f3.tmp.XXXXXX");
	close(mkstemp(path));
	unlink(path);
	rd = malloc(sizeof(*rd));
	return rd ? 0 : -1;
}

static int teardown(void **state)
{
	unlink(path);
	free(rd);
	return 0;
}

static uint64_t file_size(void)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_size;
}

/* Record number @i of a test file: exec and lost records of varied size. */
static uint32_t make_rec(unsigned int i)
{
	uint32_t len;

	if (i % 3 == 2) {
		len = build_lost(&r, i + 1, 1000 * i);
	} else {
		len = build_exec(&r, "/usr/bin/mail", 1 + i % 13, 0,
				 spam_argv, SPAM_ARGV_LEN, 0, 0, 4);
	}
	hdr_of(&r)->seq = xt_cpu64(i);
	return len;
}

/* Append records [first, first + n) through an f3_writer. */
static void write_recs(unsigned int first, unsigned int n, int want_created)
{
	static uint8_t frames[F3_BATCH_MAX];
	struct f3_open_report rep;
	struct f3_writer w;
	char err[256];
	size_t o = 0;
	unsigned int i;
	uint64_t before;

	assert_int_equal(f3_writer_open(&w, path, &rep, err, sizeof(err)), 0);
	assert_int_equal(rep.created, want_created);
	assert_int_equal(rep.torn_bytes, 0);
	assert_int_equal(rep.frames, want_created ? 0 : first);
	assert_int_equal(w.size, file_size());
	before = w.size;
	for (i = first; i < first + n; i++) {
		uint32_t len = make_rec(i);

		o += f3_frame_put(frames + o, r.b, len);
	}
	assert_int_equal(f3_writer_write(&w, frames, o, n), 0);
	assert_int_equal(f3_writer_sync(&w), 0);
	assert_int_equal(w.size, before + o);
	assert_int_equal(w.frames, first + n);
	assert_int_equal(f3_writer_close(&w), 0);
	assert_int_equal(file_size(), before + o);
}

/*
 * Read the file back: expect @n_ok records equal to make_rec(0..) then
 * @want (F3_END or an error) at offset @want_off. Returns the offset.
 */
static uint64_t read_back(unsigned int n_ok, enum f3_status want,
			  uint64_t want_off)
{
	enum f3_status st;
	const void *rec;
	uint32_t len, want_len;
	unsigned int i;

	st = f3_reader_open(rd, path);
	for (i = 0; st == F3_OK; i++) {
		st = f3_next(rd, &rec, &len);
		if (st != F3_OK)
			break;
		assert_true(i < n_ok);
		want_len = make_rec(i);
		assert_int_equal(len, want_len);
		assert_memory_equal(rec, r.b, len);
		assert_int_equal((uintptr_t)rec % 8, 0);
	}
	assert_int_equal(i, n_ok);
	assert_int_equal(rd->frames, n_ok);
	if (st != want)
		fail_msg("status %d, want %d (%s)", st, want,
			 f3_strerror(rd));
	if (want != F3_END)
		assert_int_equal(rd->err_off, want_off);
	else
		assert_int_equal(rd->off, file_size());
	/* errors stick */
	if (want != F3_END)
		assert_int_equal(f3_next(rd, &rec, &len), want);
	f3_reader_close(rd);
	return rd->off;
}

/* Offset of frame @i in a file of make_rec() records. */
static uint64_t frame_off(unsigned int i)
{
	uint64_t off = F3_HDR_SIZE;
	unsigned int k;

	for (k = 0; k < i; k++)
		off += F3_FRAME_HDR + make_rec(k);
	return off;
}

static void poke(uint64_t off, uint8_t xor)
{
	int fd = open(path, O_RDWR);
	uint8_t b;

	assert_true(fd >= 0);
	assert_int_equal(pread(fd, &b, 1, off), 1);
	b ^= xor;
	assert_int_equal(pwrite(fd, &b, 1, off), 1);
	close(fd);
}

static void test_frame_put(void **state)
{
	uint8_t out[256];
	uint32_t len = build_spam(&r);
	size_t n = f3_frame_put(out, r.b, len);

	assert_int_equal(n, 8 + len);
	assert_memory_equal(out, "\xa8\0\0\0", 4);
	assert_int_equal(out[4] | out[5] << 8 | out[6] << 16 |
			 (uint32_t)out[7] << 24, crc_ref(r.b, len));
	assert_memory_equal(out + 8, r.b, len);
}

static void test_write_read(void **state)
{
	uint8_t hdr[F3_HDR_SIZE];
	FILE *f;

	write_recs(0, 10, 1);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fread(hdr, 1, sizeof(hdr), f), sizeof(hdr));
	fclose(f);
	assert_memory_equal(hdr, "XTRAILF3\1\0\0\0\x10\0\0\0", 16);
	assert_int_equal(file_size(), frame_off(10));
	read_back(10, F3_END, 0);
	/* reopen and append */
	write_recs(10, 7, 0);
	read_back(17, F3_END, 0);
}

static void test_crc_error(void **state)
{
	write_recs(0, 6, 1);
	/* a bit flipped inside record 3's filename */
	poke(frame_off(3) + F3_FRAME_HDR + 100, 0x01);
	read_back(3, F3_ERR_CRC, frame_off(3));
	assert_non_null(strstr(f3_strerror(rd), "bad crc"));
	{
		char want[32];

		snprintf(want, sizeof(want), "offset %llu:",
			 (unsigned long long)frame_off(3));
		assert_non_null(strstr(f3_strerror(rd), want));
	}
	/* and a flipped stored crc */
	poke(frame_off(3) + F3_FRAME_HDR + 100, 0x01);
	read_back(6, F3_END, 0);
	poke(frame_off(5) + 4, 0x80);
	read_back(5, F3_ERR_CRC, frame_off(5));
}

/* A CRC-valid frame whose record fails xtrail_rec_check(). */
static void test_bad_record(void **state)
{
	struct f3_file_hdr h;
	uint8_t frame[256];
	uint32_t len = build_spam(&r);
	const void *rec;
	FILE *f;

	r.b[len - 1] = 7;	/* padding */
	f3_file_hdr_init(&h);
	f = fopen(path, "wb");
	assert_non_null(f);
	fwrite(&h, sizeof(h), 1, f);
	fwrite(frame, f3_frame_put(frame, r.b, len), 1, f);
	fclose(f);
	assert_int_equal(f3_reader_open(rd, path), F3_OK);
	assert_int_equal(f3_next(rd, &rec, &len), F3_ERR_RECORD);
	assert_int_equal(rd->err_off, 16);
	assert_non_null(strstr(f3_strerror(rd), "non-zero padding"));
	f3_reader_close(rd);
}

static void test_bad_frame_len(void **state)
{
	write_recs(0, 3, 1);
	/* frame 1's len: 168 ^ 0x04 = 172, unaligned */
	poke(frame_off(1), 0x04);
	read_back(1, F3_ERR_LEN, frame_off(1));
}

static void test_torn_tail(void **state)
{
	struct f3_open_report rep;
	struct f3_writer w;
	char err[256];
	uint64_t end = frame_off(5), cut;
	static const uint64_t cuts[] = { 1, 4, 8, 9, 100, 119 };
	size_t i;

	for (i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
		unlink(path);
		write_recs(0, 6, 1);
		/* frame 5 is a LOST record: 8 + 112 bytes */
		assert_int_equal(file_size(), end + 120);
		cut = end + cuts[i];
		assert_int_equal(truncate(path, cut), 0);
		read_back(5, F3_ERR_TRUNC, end);
		assert_non_null(strstr(f3_strerror(rd), "truncated"));

		assert_int_equal(f3_writer_open(&w, path, &rep, err,
						sizeof(err)), 0);
		assert_int_equal(rep.created, 0);
		assert_int_equal(rep.frames, 5);
		assert_int_equal(rep.torn_off, end);
		assert_int_equal(rep.torn_bytes, cuts[i]);
		assert_non_null(strstr(rep.torn_why, "truncated"));
		assert_int_equal(file_size(), end);
		assert_int_equal(w.size, end);
		assert_int_equal(f3_writer_close(&w), 0);
		/* the cut file reads clean, and appending goes on from it */
		read_back(5, F3_END, 0);
		write_recs(5, 4, 0);
		read_back(9, F3_END, 0);
	}
}

static void test_torn_garbage_tail(void **state)
{
	struct f3_open_report rep;
	struct f3_writer w;
	char err[256];
	uint8_t zeros[4096] = { 0 };
	int fd;

	/* a crash after the size grew but before the data hit the disk */
	write_recs(0, 4, 1);
	fd = open(path, O_WRONLY | O_APPEND);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, zeros, sizeof(zeros)), sizeof(zeros));
	close(fd);
	read_back(4, F3_ERR_LEN, frame_off(4));
	assert_int_equal(f3_writer_open(&w, path, &rep, err, sizeof(err)), 0);
	assert_int_equal(rep.torn_bytes, sizeof(zeros));
	assert_int_equal(file_size(), frame_off(4));
	f3_writer_close(&w);
}

static void test_torn_header(void **state)
{
	struct f3_open_report rep;
	struct f3_writer w;
	char err[256];
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	fwrite("XTRAILF3\1\0", 10, 1, f);
	fclose(f);
	assert_int_equal(f3_reader_open(rd, path), F3_ERR_TRUNC);
	f3_reader_close(rd);
	assert_int_equal(f3_writer_open(&w, path, &rep, err, sizeof(err)), 0);
	assert_int_equal(rep.created, 1);
	assert_int_equal(rep.torn_bytes, 10);
	assert_int_equal(f3_writer_close(&w), 0);
	assert_int_equal(file_size(), F3_HDR_SIZE);
	read_back(0, F3_END, 0);
}

static void test_refuse_foreign_file(void **state)
{
	struct f3_open_report rep;
	struct f3_writer w;
	char err[256];
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	fputs("this is not an F3 file, keep it\n", f);
	fclose(f);
	assert_int_equal(f3_reader_open(rd, path), F3_ERR_MAGIC);
	f3_reader_close(rd);
	assert_int_equal(f3_writer_open(&w, path, &rep, err, sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "bad magic"));
	assert_int_equal(file_size(), 32);

	/* version 2 */
	f = fopen(path, "wb");
	assert_non_null(f);
	fwrite("XTRAILF3\2\0\0\0\x10\0\0\0", 16, 1, f);
	fclose(f);
	assert_int_equal(f3_reader_open(rd, path), F3_ERR_VERSION);
	f3_reader_close(rd);
	assert_int_equal(f3_writer_open(&w, path, &rep, err, sizeof(err)),
			 -1);
	assert_int_equal(file_size(), 16);
}

/* Corruption with more than a batch after it is no torn write. */
static void test_refuse_deep_corruption(void **state)
{
	struct f3_open_report rep;
	struct f3_writer w;
	char err[512];
	uint64_t size;
	unsigned int i;

	for (i = 0; i < 4; i++)
		write_recs(i * 1200, 1200, i == 0);
	size = file_size();
	assert_true(size - frame_off(1) > F3_TORN_MAX);
	poke(frame_off(1) + 20, 0xff);
	assert_int_equal(f3_writer_open(&w, path, &rep, err, sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "bad crc"));
	assert_non_null(strstr(err, "not truncating"));
	assert_int_equal(file_size(), size);
}

static void test_single_writer(void **state)
{
	struct f3_open_report rep;
	struct f3_writer w1, w2;
	char err[256];

	assert_int_equal(f3_writer_open(&w1, path, &rep, err, sizeof(err)), 0);
	assert_int_equal(f3_writer_open(&w2, path, &rep, err, sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "locked"));
	assert_int_equal(f3_writer_close(&w1), 0);
	assert_int_equal(f3_writer_open(&w2, path, &rep, err, sizeof(err)), 0);
	assert_int_equal(f3_writer_close(&w2), 0);
}

static void test_empty_file_is_error(void **state)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	fclose(f);
	assert_int_equal(f3_reader_open(rd, path), F3_ERR_TRUNC);
	assert_int_equal(rd->err_off, 0);
	f3_reader_close(rd);
	assert_int_equal(f3_reader_open(rd, "/nonexistent/f3"), F3_ERR_IO);
	f3_reader_close(rd);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc32c_vectors),
		cmocka_unit_test(test_crc32c_split_and_align),
		cmocka_unit_test(test_frame_put),
		T(test_write_read),
		T(test_crc_error),
		T(test_bad_record),
		T(test_bad_frame_len),
		T(test_torn_tail),
		T(test_torn_garbage_tail),
		T(test_torn_header),
		T(test_refuse_foreign_file),
		T(test_refuse_deep_corruption),
		T(test_single_writer),
		T(test_empty_file_is_error),
	};

	return cmocka_run_group_tests_name("f3", tests, NULL, NULL);
}
