// SPDX-License-Identifier: GPL-2.0
/*
 * F3 logs (userspace/lib/f3_*.c) and CRC32C (userspace/lib/crc32c.c): write
 * and read back plaintext and encrypted segments; detect corruption at the
 * right offset; the hash chain, forward-secure seals and anchors against
 * truncation, deleted segments and the journald CVE-2023-31438/31439
 * patterns; every single-bit flip of a sealed segment; torn tails cut,
 * anything else refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* The CPU's crc32 instruction (if used) and the tables agree. */
static void test_crc32c_hw_sw(void **state)
{
	static uint8_t buf[4096];
	size_t off, len;
	uint32_t a, b;

	randombytes_buf(buf, sizeof(buf));
	for (off = 0; off < 16; off++)
		for (len = 0; len + off <= sizeof(buf); len += 1 + len / 3) {
			a = xt_crc32c_update(0x1234567u, buf + off, len);
			b = xt_crc32c_update_sw(0x1234567u, buf + off, len);
			if (a != b)
				fail_msg("off %zu len %zu: 0x%08x != 0x%08x",
					 off, len, a, b);
		}
	print_message("crc32c: %s\n", xt_crc32c_hw_used() ?
		      "the CPU's crc32 instruction" : "tables");
}

static void test_crc32c_vectors(void **state)
{
	uint8_t buf[32];
	int i;

	assert_int_equal(xt_crc32c("123456789", 9), 0xe3069283u);
	assert_int_equal(xt_crc32c("", 0), 0);
	assert_int_equal(xt_crc32c("a", 1), 0xc1d04330u);
	/* RFC 3720, B.4 */
	memset(buf, 0, sizeof(buf));
	assert_int_equal(xt_crc32c(buf, 32), 0x8a9136aau);
	memset(buf, 0xff, sizeof(buf));
	assert_int_equal(xt_crc32c(buf, 32), 0x62a8ab43u);
	for (i = 0; i < 32; i++)
		buf[i] = i;
	assert_int_equal(xt_crc32c(buf, 32), 0x46dd794eu);
	for (i = 0; i < 32; i++)
		buf[i] = 31 - i;
	assert_int_equal(xt_crc32c(buf, 32), 0x113fdb5cu);
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
			assert_int_equal(xt_crc32c(buf + off, n),
					 crc_ref(buf + off, n));
	/* incremental == one shot, at every split */
	whole = xt_crc32c(buf, sizeof(buf));
	assert_int_equal(whole, crc_ref(buf, sizeof(buf)));
	for (i = 0; i <= sizeof(buf); i++)
		assert_int_equal(xt_crc32c_update(xt_crc32c(buf, i), buf + i,
						  sizeof(buf) - i), whole);
}


/* Keys of the tests: the auditor's pair and k_0. */
static uint8_t apk[F3_KEY_LEN], ask[F3_KEY_LEN], k0[F3_KEY_LEN];
static char sealkey_path[96];

static int setup(void **state)
{
	strcpy(path, "test_f3.tmp.XXXXXX");
	close(mkstemp(path));
	unlink(path);
	snprintf(sealkey_path, sizeof(sealkey_path), "%s.state", path);
	rd = calloc(1, sizeof(*rd));
	if (xt_f3_sodium_init())
		return -1;
	crypto_box_keypair(apk, ask);
	randombytes_buf(k0, sizeof(k0));
	return rd ? 0 : -1;
}

static int teardown(void **state)
{
	char p2[96];

	unlink(path);
	unlink(sealkey_path);
	snprintf(p2, sizeof(p2), "%s.2", path);
	unlink(p2);
	free(rd);
	return 0;
}

static uint64_t file_size(void)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_size;
}

/* Record number @i of a test log: exec and lost records of varied size. */
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

/* How the writer of a test runs. */
struct wcfg {
	int enc;		/* encrypt to apk */
	int seal;		/* seal with k0 (key in sealkey_path) */
	unsigned int seal_every;	/* records between seals (0: at close) */
	uint64_t max_segment;
	int blocks;		/* block frames */
};

static const struct wcfg PLAIN = { 0 };
static const struct wcfg SEALED = { .enc = 1, .seal = 1, .seal_every = 4 };

static void wopen(struct f3_writer *w, const struct wcfg *c,
		  struct f3_open_report *rep)
{
	struct f3_writer_opts o = { 0 };
	uint8_t key[F3_KEY_LEN], id[F3_ID_LEN];
	uint64_t epoch = 0;
	char err[512];
	int st;

	if (c->enc)
		o.auditor_pk = apk;
	if (c->seal) {
		st = xt_f3_sealkey_load(sealkey_path, &epoch, id, key, err,
					sizeof(err));
		assert_true(st >= 0);
		if (!st)
			memcpy(key, k0, sizeof(key));
		o.seal_key = key;
		o.seal_epoch = epoch;
		o.sealkey_path = sealkey_path;
	}
	o.max_segment = c->max_segment;
	o.blocks = c->blocks;
	if (xt_f3_writer_open(w, path, &o, rep, err, sizeof(err)))
		fail_msg("xt_f3_writer_open: %s", err);
}

/* Append records [first, first + n) in one writer session. */
static void write_recs_c(unsigned int first, unsigned int n, int want_created,
			 const struct wcfg *c)
{
	struct f3_open_report rep;
	struct f3_writer w;
	unsigned int i;

	wopen(&w, c, &rep);
	assert_int_equal(rep.created, want_created);
	assert_int_equal(rep.torn_bytes, 0);
	assert_int_equal(rep.frames, want_created ? 0 : first);
	assert_int_equal(w.next_seq, first);
	for (i = first; i < first + n; i++) {
		assert_int_equal(xt_f3_writer_add(&w, r.b, make_rec(i)), 0);
		if (c->seal && c->seal_every && w.unsealed >= c->seal_every)
			assert_int_equal(xt_f3_writer_seal(&w), 0);
	}
	assert_int_equal(xt_f3_writer_sync(&w, 0), 0);
	assert_int_equal(w.size, file_size());
	assert_int_equal(xt_f3_writer_close(&w), 0);
	/* the keys are gone from the writer */
	assert_true(sodium_is_zero((const uint8_t *)&w.ss, sizeof(w.ss)));
	assert_true(sodium_is_zero(w.seal_key, sizeof(w.seal_key)));
}

static void write_recs(unsigned int first, unsigned int n, int want_created)
{
	write_recs_c(first, n, want_created, &PLAIN);
}

static void set_keys(int keys)
{
	if (keys & 1)
		xt_f3_reader_set_auditor_key(rd, ask);
	if (keys & 2)
		xt_f3_reader_set_seal_key(rd, k0);
}

/*
 * Read the log back with @keys (1 auditor, 2 seal): expect @n_ok records
 * equal to make_rec(0..) then @want (F3_END or an error) at @want_off.
 */
static void read_back_k(unsigned int n_ok, enum f3_status want,
			uint64_t want_off, int keys)
{
	enum f3_status st;
	const void *rec;
	uint32_t len, want_len;
	unsigned int i;

	st = xt_f3_reader_open(rd, path);
	set_keys(keys);
	for (i = 0; st == F3_OK; i++) {
		st = xt_f3_next(rd, &rec, &len);
		if (st != F3_OK)
			break;
		if (i >= n_ok)
			fail_msg("record %u: more than %u", i, n_ok);
		want_len = make_rec(i);
		assert_int_equal(len, want_len);
		assert_memory_equal(rec, r.b, len);
		assert_int_equal((uintptr_t)rec % 8, 0);
	}
	if (st == F3_END)
		st = xt_f3_reader_finish(rd);
	if (st == F3_OK)
		st = F3_END;
	if (st != want)
		fail_msg("status %d, want %d (%s)", st, want,
			 xt_f3_strerror(rd));
	assert_int_equal(i, n_ok);
	assert_int_equal(rd->frames, n_ok);
	if (want != F3_END)
		assert_int_equal(rd->err_off, want_off);
	else
		assert_int_equal(rd->off, file_size());
	/* errors stick */
	if (want != F3_END)
		assert_int_equal(xt_f3_next(rd, &rec, &len), want);
	xt_f3_reader_close(rd);
}

static void read_back(unsigned int n_ok, enum f3_status want,
		      uint64_t want_off)
{
	read_back_k(n_ok, want, want_off, 3);
}

/* Frame length of record @i in a plaintext segment. */
static uint64_t flen(unsigned int i)
{
	return F3_FRAME_HDR + make_rec(i);
}

/* Offset of record @i in a plaintext single-segment log without seals. */
static uint64_t frame_off(unsigned int i)
{
	uint64_t off = F3_HDR_SIZE;
	unsigned int k;

	for (k = 0; k < i; k++)
		off += flen(k);
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

/* The whole file in a malloc()ed buffer. */
static uint8_t *slurp_file(size_t *n)
{
	uint8_t *b;
	FILE *f = fopen(path, "rb");

	assert_non_null(f);
	*n = file_size();
	b = malloc(*n + 1);
	assert_non_null(b);
	assert_int_equal(fread(b, 1, *n, f), *n);
	fclose(f);
	return b;
}

static void spit_file(const char *p, const uint8_t *b, size_t n)
{
	FILE *f = fopen(p, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(b, 1, n, f), n);
	fclose(f);
}

/*
 * Recompute the CRC of the item (header or frame) holding byte @at of @b,
 * the items being where they are in @orig (the file before the change).
 */
static void fix_crc_in(uint8_t *b, const uint8_t *orig, size_t n, size_t at)
{
	size_t off = 0;
	uint32_t l, c;

	while (off < n) {
		if (!memcmp(orig + off, F3_MAGIC, F3_MAGIC_LEN)) {
			l = F3_HDR_SIZE;
			if (at < off + l) {
				c = xt_cpu32(xt_crc32c(b + off, F3_HDR_CRC_OFF));
				memcpy(b + off + F3_HDR_CRC_OFF, &c, 4);
				return;
			}
		} else {
			memcpy(&l, orig + off, 4);
			l = xt_le32(l);
			if (l < 8 || l > n - off)
				return;
			if (at < off + l) {
				c = xt_cpu32(xt_crc32c(b + off + 8, l - 8));
				memcpy(b + off + 4, &c, 4);
				return;
			}
		}
		off += l;
	}
}

static void fix_crc_at(uint8_t *b, size_t n, size_t at)
{
	fix_crc_in(b, b, n, at);
}

static void test_write_read(void **state)
{
	struct f3_seg_hdr h;
	FILE *f;

	write_recs(0, 10, 1);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fread(&h, 1, sizeof(h), f), sizeof(h));
	fclose(f);
	assert_memory_equal(&h, "XTRAILF3\3\0\0\0\0\1\0\0", 16);
	assert_int_equal(xt_le32(h.incompat), 0);
	assert_int_equal(xt_f3_seg_state_dec(xt_le32(h.state)), F3_SEG_OFFLINE);
	assert_int_equal(h.segment_no, 0);
	assert_int_equal(file_size(), frame_off(10));
	read_back(10, F3_END, 0);
	assert_int_equal(rd->segments, 1);
	/* reopen and append: a second segment */
	write_recs(10, 7, 0);
	read_back(17, F3_END, 0);
	assert_int_equal(rd->segments, 2);
}

static void test_encrypted(void **state)
{
	uint8_t *b, *other_sk = ask + 0;
	uint8_t pk2[F3_KEY_LEN], sk2[F3_KEY_LEN];
	const void *rec;
	uint32_t len;
	size_t n;

	write_recs_c(0, 9, 1, &SEALED);
	write_recs_c(9, 5, 0, &SEALED);
	read_back(14, F3_END, 0);
	/* two sessions, and a new segment (key) after each of 3 seals */
	assert_int_equal(rd->segments, 2 + 3);
	assert_int_equal(rd->seals, 3 + 2);
	/* no plaintext on disk */
	b = slurp_file(&n);
	assert_null(memmem(b, n, "spamSubject", 11));
	assert_null(memmem(b, n, "winai.wongthai", 14));
	assert_null(memmem(b, n, "/usr/bin/mail", 13));
	free(b);
	/* without the key: verifiable, not readable */
	read_back_k(0, F3_ERR_KEY, F3_HDR_SIZE, 2);
	assert_non_null(strstr(xt_f3_strerror(rd), "secret key is needed"));
	rd->no_decrypt = 1;
	assert_int_equal(xt_f3_reader_open(rd, path), F3_OK);
	xt_f3_reader_set_seal_key(rd, k0);
	assert_int_equal(xt_f3_next(rd, &rec, &len), F3_OK);
	assert_null(rec);
	while (xt_f3_next(rd, &rec, &len) == F3_OK)
		;
	assert_int_equal(rd->err, F3_OK);
	assert_int_equal(rd->frames, 14);
	xt_f3_reader_close(rd);
	rd->no_decrypt = 0;
	/* another auditor's key */
	crypto_box_keypair(pk2, sk2);
	assert_int_equal(xt_f3_reader_open(rd, path), F3_OK);
	xt_f3_reader_set_auditor_key(rd, sk2);
	assert_int_equal(xt_f3_next(rd, &rec, &len), F3_ERR_KEY);
	assert_non_null(strstr(xt_f3_strerror(rd), "another auditor key"));
	xt_f3_reader_close(rd);
	(void)other_sk;
}

/* An altered ciphertext with a right CRC: decryption fails there. */
static void test_decrypt_error(void **state)
{
	size_t n, at;
	uint8_t *b;

	write_recs_c(0, 3, 1, &(struct wcfg){ .enc = 1 });
	b = slurp_file(&n);
	at = F3_HDR_SIZE + F3_FRAME_HDR + 40;	/* inside record 0 */
	b[at] ^= 0x10;
	fix_crc_at(b, n, at);
	spit_file(path, b, n);
	free(b);
	read_back_k(0, F3_ERR_DECRYPT, F3_HDR_SIZE, 1);
	assert_non_null(strstr(xt_f3_strerror(rd), "decryption failed"));
}

static void test_crc_error(void **state)
{
	char want[32];

	write_recs(0, 6, 1);
	/* a bit flipped inside record 3's filename */
	poke(frame_off(3) + F3_FRAME_HDR + 100, 0x01);
	read_back(3, F3_ERR_CRC, frame_off(3));
	assert_non_null(strstr(xt_f3_strerror(rd), "bad crc"));
	snprintf(want, sizeof(want), "offset %llu:",
		 (unsigned long long)frame_off(3));
	assert_non_null(strstr(xt_f3_strerror(rd), want));
	/* and a flipped stored crc */
	poke(frame_off(3) + F3_FRAME_HDR + 100, 0x01);
	read_back(6, F3_END, 0);
	poke(frame_off(5) + 4, 0x80);
	read_back(5, F3_ERR_CRC, frame_off(5));
}

/* A CRC-valid frame whose record fails xtrail_rec_check(). */
static void test_bad_record(void **state)
{
	size_t n, at;
	uint8_t *b;

	write_recs(0, 2, 1);
	b = slurp_file(&n);
	at = frame_off(1) + flen(1) - 1;	/* the record's padding */
	b[at] = 7;
	fix_crc_at(b, n, at);
	spit_file(path, b, n);
	free(b);
	read_back(1, F3_ERR_RECORD, frame_off(1));
	assert_non_null(strstr(xt_f3_strerror(rd), "non-zero padding"));
}

static void test_bad_frame_len(void **state)
{
	write_recs(0, 3, 1);
	/* frame 1's len ^ 0x04: unaligned */
	poke(frame_off(1), 0x04);
	read_back(1, F3_ERR_LEN, frame_off(1));
}

/* read_back() for an error whose offset is checked apart. */
static void expect_err(enum f3_status want, int keys, const char *msg,
		       const struct f3_anchor *a)
{
	enum f3_status st;
	const void *rec;
	uint32_t len;

	rd->require_start = 1;
	st = xt_f3_reader_open(rd, path);
	set_keys(keys);
	if (a)
		xt_f3_reader_set_anchor(rd, a);
	while (st == F3_OK)
		st = xt_f3_next(rd, &rec, &len);
	if (st == F3_END)
		st = xt_f3_reader_finish(rd);
	if (st == F3_OK)
		st = F3_END;
	if (st != want)
		fail_msg("status %d, want %d: %s", st, want, xt_f3_strerror(rd));
	if (msg && !strstr(xt_f3_strerror(rd), msg))
		fail_msg("'%s' not in '%s'", msg, xt_f3_strerror(rd));
	xt_f3_reader_close(rd);
	rd->require_start = 0;
}

/* Records altered consistently (CRC right): the chain catches it. */
static void test_chain(void **state)
{
	size_t n, at;
	uint8_t *b;

	write_recs_c(0, 6, 1, &(struct wcfg){ .seal = 1 });
	b = slurp_file(&n);
	at = frame_off(1) + F3_FRAME_HDR + 100;
	b[at] ^= 1;
	fix_crc_at(b, n, at);
	spit_file(path, b, n);
	free(b);
	/* without any key: the seal's stored chain no longer matches */
	expect_err(F3_ERR_CHAIN, 0, "chain does not match", NULL);
	assert_int_equal(rd->err_off, frame_off(6));
}

static void test_unknown_incompat(void **state)
{
	size_t n;
	uint8_t *b;
	struct f3_open_report rep;
	struct f3_writer w;
	struct f3_writer_opts o = { 0 };
	char err[512];

	write_recs(0, 2, 1);
	b = slurp_file(&n);
	b[offsetof(struct f3_seg_hdr, incompat) + 1] = 0x80;
	fix_crc_at(b, n, 0);
	spit_file(path, b, n);
	read_back(0, F3_ERR_VERSION, 0);
	assert_non_null(strstr(xt_f3_strerror(rd), "unknown incompatible flags 0x8000"));
	assert_int_equal(xt_f3_writer_open(&w, path, &o, &rep, err, sizeof(err)),
			 -1);
	assert_int_equal(file_size(), n);
	/* a compatible one is fine */
	b[offsetof(struct f3_seg_hdr, incompat) + 1] = 0;
	b[offsetof(struct f3_seg_hdr, compat) + 2] = 0x40;
	fix_crc_at(b, n, 0);
	spit_file(path, b, n);
	read_back(2, F3_END, 0);
	free(b);
}

static void test_seals_and_evolution(void **state)
{
	uint8_t k[F3_KEY_LEN], want[F3_KEY_LEN], id[F3_ID_LEN];
	uint8_t in[F3_KEY_LEN + 6], wrong[F3_KEY_LEN];
	uint64_t epoch;
	char err[256];

	/* k1 = BLAKE2b-256(k0 || "evolve"), independently */
	memcpy(in, k0, F3_KEY_LEN);
	memcpy(in + F3_KEY_LEN, "evolve", 6);
	crypto_generichash(want, sizeof(want), in, sizeof(in), NULL, 0);
	memcpy(k, k0, sizeof(k));
	xt_f3_key_evolve(k);
	assert_memory_equal(k, want, sizeof(k));

	write_recs_c(0, 10, 1, &SEALED);	/* seals 0, 1 and 2 (close) */
	assert_int_equal(xt_f3_sealkey_load(sealkey_path, &epoch, id, k, err,
					    sizeof(err)), 1);
	assert_int_equal(epoch, 3);
	memcpy(want, k0, sizeof(want));
	xt_f3_key_evolve(want);
	xt_f3_key_evolve(want);
	xt_f3_key_evolve(want);
	assert_memory_equal(k, want, sizeof(k));
	read_back(10, F3_END, 0);
	assert_int_equal(rd->seals, 3);
	assert_int_equal(rd->next_epoch, 3);
	/* the next session goes on at epoch 3 */
	write_recs_c(10, 4, 0, &SEALED);
	read_back(14, F3_END, 0);
	assert_int_equal(rd->seals, 4);
	/* the wrong initial key fails at the first seal */
	randombytes_buf(wrong, sizeof(wrong));
	assert_int_equal(xt_f3_reader_open(rd, path), F3_OK);
	xt_f3_reader_set_auditor_key(rd, ask);
	xt_f3_reader_set_seal_key(rd, wrong);
	while (xt_f3_next(rd, (const void **)&id, (uint32_t *)&epoch) == F3_OK)
		;
	assert_int_equal(rd->err, F3_ERR_SEAL);
	assert_non_null(strstr(xt_f3_strerror(rd), "bad MAC"));
	assert_int_equal(rd->frames, 4);
	xt_f3_reader_close(rd);
	/* a state file that was tampered with is refused */
	poke(0, 0);
	{
		FILE *f = fopen(sealkey_path, "r+b");

		assert_non_null(f);
		fseek(f, 40, SEEK_SET);
		fputc('x', f);
		fclose(f);
	}
	assert_int_equal(xt_f3_sealkey_load(sealkey_path, &epoch, id, k, err,
					    sizeof(err)), -1);
}

/* Offsets of the seal frames of the log, in order, from its structure. */
static size_t seal_offsets(uint64_t *offs, size_t max)
{
	struct f3_frame_hdr fh;
	size_t n = 0, size, off = 0;
	uint8_t *b = slurp_file(&size);

	while (off < size) {
		if (!memcmp(b + off, F3_MAGIC, F3_MAGIC_LEN)) {
			off += F3_HDR_SIZE;
			continue;
		}
		memcpy(&fh, b + off, sizeof(fh));
		if (xt_le16(fh.type) == F3_FRAME_SEAL) {
			assert_true(n < max);
			offs[n++] = off;
		}
		off += xt_le32(fh.len);
	}
	free(b);
	return n;
}

static uint64_t end_of_frame(uint64_t off)
{
	FILE *f = fopen(path, "rb");
	uint32_t l;

	assert_non_null(f);
	fseek(f, off, SEEK_SET);
	assert_int_equal(fread(&l, 4, 1, f), 1);
	fclose(f);
	return off + xt_le32(l);
}

/*
 * CVE-2023-31438 pattern: cut the log after seal 0 and append to it with
 * the key of a later epoch (all the attacker has): seal 1 is missing.
 */
static void test_truncate_and_resume(void **state)
{
	uint8_t k[F3_KEY_LEN], id[F3_ID_LEN];
	uint64_t offs[8], epoch;
	struct f3_anchor a;
	char err[256];
	size_t n;

	write_recs_c(0, 12, 1, &SEALED);	/* seals 0, 1, 2 */
	n = seal_offsets(offs, 8);
	assert_int_equal(n, 3);
	/* the anchor the auditor took */
	assert_int_equal(xt_f3_reader_open(rd, path), F3_OK);
	rd->no_decrypt = 1;
	while (xt_f3_next(rd, (const void **)&id, (uint32_t *)&epoch) == F3_OK)
		;
	xt_f3_reader_anchor(rd, &a);
	xt_f3_reader_close(rd);
	rd->no_decrypt = 0;
	assert_int_equal(a.seq, 12);
	assert_int_equal(a.epoch, 2);

	/* the attacker holds the current key (epoch 3) */
	assert_int_equal(xt_f3_sealkey_load(sealkey_path, &epoch, id, k, err,
					    sizeof(err)), 1);
	assert_int_equal(epoch, 3);
	assert_int_equal(truncate(path, end_of_frame(offs[0])), 0);
	/* and resumes: more records, sealed with epoch 3 */
	write_recs_c(4, 8, 0, &SEALED);
	expect_err(F3_ERR_SEAL, 3, "seal epoch 3, expected 1", NULL);
}

static void take_anchor(struct f3_anchor *a)
{
	const void *rec;
	uint32_t len;

	rd->no_decrypt = 1;
	assert_int_equal(xt_f3_reader_open(rd, path), F3_OK);
	while (xt_f3_next(rd, &rec, &len) == F3_OK)
		;
	assert_int_equal(rd->err, F3_OK);
	xt_f3_reader_anchor(rd, a);
	xt_f3_reader_close(rd);
	rd->no_decrypt = 0;
}

static void test_truncate_resume_detected(void **state)
{
	uint64_t offs[8];
	struct f3_anchor a;

	write_recs_c(0, 12, 1, &SEALED);
	take_anchor(&a);
	seal_offsets(offs, 8);
	assert_int_equal(truncate(path, end_of_frame(offs[0])), 0);
	write_recs_c(4, 8, 0, &SEALED);
	/* seal 1 is gone, and the attacker cannot make it */
	expect_err(F3_ERR_SEAL, 3, "seal epoch 3, expected 1", NULL);
	/*
	 * Resumed without seals: the writer closed the log (offline) without
	 * its final seal, and the anchor's seal is not there.
	 */
	assert_int_equal(truncate(path, end_of_frame(offs[0])), 0);
	write_recs_c(4, 8, 0, &(struct wcfg){ .enc = 1 });
	expect_err(F3_ERR_SEAL, 3, "its final seal was removed", NULL);
	expect_err(F3_ERR_ANCHOR, 3, "before the anchored seal (epoch 2)", &a);
}

/*
 * CVE-2023-31439 pattern: alter a record sealed long ago, re-chain, and
 * re-seal everything with a later epoch's key.
 */
static void test_reseal_with_later_key(void **state)
{
	struct f3_writer_opts o = { 0 };
	struct f3_open_report rep;
	struct f3_writer w;
	uint8_t k[F3_KEY_LEN];
	char err[512];
	unsigned int i;

	write_recs_c(0, 12, 1, &SEALED);	/* seals 0..2; state at 3 */
	/* the attacker rewrites the whole log with k_3 */
	memcpy(k, k0, sizeof(k));
	for (i = 0; i < 3; i++)
		xt_f3_key_evolve(k);
	unlink(path);
	o.auditor_pk = apk;
	o.seal_key = k;
	o.seal_epoch = 3;
	assert_int_equal(xt_f3_writer_open(&w, path, &o, &rep, err, sizeof(err)),
			 0);
	for (i = 0; i < 12; i++) {
		make_rec(i);
		if (i == 1)
			hdr_of(&r)->uid = xt_cpu32(0);	/* the forgery */
		assert_int_equal(xt_f3_writer_add(&w, r.b, xt_le32(hdr_of(&r)->len)),
				 0);
		if (w.unsealed == 4)
			assert_int_equal(xt_f3_writer_seal(&w), 0);
	}
	assert_int_equal(xt_f3_writer_close(&w), 0);
	expect_err(F3_ERR_SEAL, 3, "seal epoch 3, expected 0", NULL);
	/* and calling them epochs 0.. does not help: the MACs are wrong */
	{
		size_t n;
		uint8_t *b = slurp_file(&n);
		uint64_t offs[8];
		size_t ns, j;
		__le64 e;

		ns = seal_offsets(offs, 8);
		for (j = 0; j < ns; j++) {
			e = xt_cpu64(j);
			memcpy(b + offs[j] + F3_FRAME_HDR, &e, 8);
			fix_crc_at(b, n, offs[j]);
		}
		spit_file(path, b, n);
		free(b);
	}
	/* (the chain includes the seals: the first one fails its MAC) */
	expect_err(F3_ERR_SEAL, 3, "seal 0: bad MAC", NULL);
}

static void test_anchor(void **state)
{
	struct f3_anchor a, b;
	uint64_t at_anchor;
	char line[512];

	write_recs_c(0, 6, 1, &SEALED);
	take_anchor(&a);
	at_anchor = file_size();
	xt_f3_anchor_format(&a, line, sizeof(line));
	assert_non_null(strstr(line, "xtrail-anchor-v1 "));
	assert_int_equal(xt_f3_anchor_parse(&b, line), 0);
	assert_memory_equal(&a, &b, sizeof(a));
	assert_int_equal(xt_f3_anchor_parse(&b, "xtrail-anchor-v1 00 1 2 3 4"),
			 -1);
	expect_err(F3_END, 3, NULL, &a);
	/* the log grows: still matches */
	write_recs_c(6, 5, 0, &SEALED);
	expect_err(F3_END, 3, NULL, &a);
	/* tail truncation: cut what came after the anchor, then more */
	assert_int_equal(truncate(path, at_anchor), 0);
	expect_err(F3_END, 3, NULL, &a);
	assert_int_equal(truncate(path, at_anchor - 8), 0);
	expect_err(F3_ERR_TRUNC, 3, NULL, &a);
	unlink(path);
	unlink(sealkey_path);
	write_recs_c(0, 3, 1, &SEALED);
	/* another log entirely */
	expect_err(F3_ERR_ANCHOR, 3, "another log", &a);
}

/* Deleted segments: from the front, the middle, the end. */
static void test_deleted_segments(void **state)
{
	struct f3_anchor a;
	char p2[96];
	size_t n, s1, s2;
	uint8_t *b, *q;
	const void *rec;
	uint32_t len;
	enum f3_status st;

	write_recs_c(0, 5, 1, &SEALED);
	write_recs_c(5, 5, 0, &SEALED);
	write_recs_c(10, 5, 0, &SEALED);
	take_anchor(&a);
	b = slurp_file(&n);
	q = memmem(b + 8, n - 8, F3_MAGIC, F3_MAGIC_LEN);
	s1 = q - b;
	q = memmem(b + s1 + 8, n - s1 - 8, F3_MAGIC, F3_MAGIC_LEN);
	s2 = q - b;
	/* two files, in order: the same log */
	snprintf(p2, sizeof(p2), "%s.2", path);
	spit_file(p2, b + s1, n - s1);
	spit_file(path, b, s1);
	rd->require_start = 1;
	st = xt_f3_reader_open(rd, path);
	set_keys(3);
	xt_f3_reader_set_anchor(rd, &a);
	while (st == F3_OK)
		st = xt_f3_next(rd, &rec, &len);
	assert_int_equal(st, F3_END);
	st = xt_f3_reader_next_file(rd, p2);
	while (st == F3_OK)
		st = xt_f3_next(rd, &rec, &len);
	assert_int_equal(st, F3_END);
	assert_int_equal(xt_f3_reader_finish(rd), F3_OK);
	assert_int_equal(rd->frames, 15);
	xt_f3_reader_close(rd);
	/* the first segment gone */
	spit_file(path, b + s1, n - s1);
	expect_err(F3_ERR_SEQ, 3, "segments 0..0 are missing", NULL);
	/* the middle one */
	memmove(b + s1, b + s2, n - s2);
	spit_file(path, b, s1 + n - s2);
	expect_err(F3_ERR_SEQ, 3, "segment 2 follows segment 0", NULL);
	/* the last one: only the anchor tells */
	spit_file(path, b, s1);
	memcpy(b + s1, b + s2 - (s2 - s1), 0);
	expect_err(F3_END, 3, NULL, NULL);
	expect_err(F3_ERR_ANCHOR, 3, "before the anchored seal", &a);
	free(b);
	rd->require_start = 0;
}

/* Every single-bit flip of a small sealed, encrypted segment is caught. */
static void flips_c(int fix_crc, const struct wcfg *c)
{
	struct f3_reader *v = rd;
	size_t n, bit, missed = 0;
	enum f3_status st;
	const void *rec;
	uint32_t len;
	uint8_t *b, *m;
	FILE *f;

	write_recs_c(0, 3, 1, c);
	b = slurp_file(&n);
	m = malloc(n);
	assert_non_null(m);
	for (bit = 0; bit < n * 8; bit++) {
		memcpy(m, b, n);
		m[bit / 8] ^= 1 << (bit % 8);
		if (fix_crc)
			fix_crc_in(m, b, n, bit / 8);
		if (!memcmp(m, b, n))
			continue;	/* a flip of a CRC, undone */
		f = fmemopen(m, n, "rb");
		assert_non_null(f);
		v->own = 0;
		v->require_start = 1;
		st = xt_f3_reader_init(v, f);
		xt_f3_reader_set_auditor_key(v, ask);
		xt_f3_reader_set_seal_key(v, k0);
		while (st == F3_OK)
			st = xt_f3_next(v, &rec, &len);
		if (st == F3_END && !v->seals)
			st = F3_ERR_SEAL;	/* the seal was cut off */
		if (st == F3_END)
			missed++, print_message("flip of bit %zu missed\n",
						bit);
		xt_f3_reader_close(v);
		fclose(f);
	}
	v->require_start = 0;
	assert_int_equal(missed, 0);
	free(m);
	free(b);
}

static const struct wcfg FLIP = { .enc = 1, .seal = 1 };
static const struct wcfg FLIP_BLOCKS = { .enc = 1, .seal = 1, .blocks = 1 };

static void test_bit_flips(void **state)
{
	flips_c(0, &FLIP);
}

static void test_bit_flips_crc_fixed(void **state)
{
	flips_c(1, &FLIP);
}

/* The same over a block frame of three records. */
static void test_block_bit_flips(void **state)
{
	flips_c(0, &FLIP_BLOCKS);
}

static void test_block_bit_flips_crc_fixed(void **state)
{
	flips_c(1, &FLIP_BLOCKS);
}

/* Blocks: encrypted and plain, sealed inside, across segments and modes. */
static void test_blocks(void **state)
{
	static const struct wcfg blk = { .enc = 1, .seal = 1,
					 .seal_every = 4, .blocks = 1 };
	static const struct wcfg rec = { .enc = 1, .seal = 1,
					 .seal_every = 4 };
	static const struct wcfg plain_blk = { .blocks = 1 };
	struct f3_open_report rep;
	struct f3_writer w;
	uint8_t *b;
	size_t n;
	uint32_t type;

	write_recs_c(0, 10, 1, &blk);
	write_recs_c(10, 3, 0, &rec);
	write_recs_c(13, 7, 0, &blk);
	read_back(20, F3_END, 0);
	/* without the auditor's key: counted, not readable */
	expect_err(F3_ERR_KEY, 2, "encrypted block", NULL);
	/* the first frame is a block of 4 records (sealed every 4) */
	b = slurp_file(&n);
	memcpy(&type, b + F3_HDR_SIZE + 8, 2);
	assert_int_equal(type & 0xffff, F3_FRAME_BLOCK);
	assert_int_equal(b[F3_HDR_SIZE + F3_FRAME_HDR], 4);
	free(b);
	unlink(path);
	unlink(sealkey_path);
	write_recs_c(0, 9, 1, &plain_blk);
	read_back(9, F3_END, 0);
	/* a torn block is cut whole, and writing goes on */
	assert_int_equal(truncate(path, file_size() - 5), 0);
	wopen(&w, &plain_blk, &rep);
	assert_true(rep.torn_bytes > 0);
	assert_int_equal(rep.frames, 0);
	assert_int_equal(w.next_seq, 0);
	assert_int_equal(xt_f3_writer_close(&w), 0);
	read_back(0, F3_END, 0);
}

static void test_torn_tail(void **state)
{
	struct f3_open_report rep;
	struct f3_writer w;
	uint64_t end = frame_off(5), cut;
	static const uint64_t cuts[] = { 1, 4, 8, 9, 100, 119 };
	size_t i;

	for (i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
		unlink(path);
		write_recs(0, 6, 1);
		/* frame 5 is a LOST record: 24 + 112 bytes */
		assert_int_equal(file_size(), end + 136);
		cut = end + cuts[i];
		assert_int_equal(truncate(path, cut), 0);
		read_back(5, F3_ERR_TRUNC, end);
		assert_non_null(strstr(xt_f3_strerror(rd), "truncated"));

		wopen(&w, &PLAIN, &rep);
		assert_int_equal(rep.created, 0);
		assert_int_equal(rep.frames, 5);
		assert_int_equal(rep.torn_off, end);
		assert_int_equal(rep.torn_bytes, cuts[i]);
		assert_non_null(strstr(rep.torn_why, "truncated"));
		assert_int_equal(w.size, end + F3_HDR_SIZE);
		assert_int_equal(w.next_seq, 5);
		assert_int_equal(xt_f3_writer_close(&w), 0);
		/* the cut file reads clean, and appending goes on from it */
		read_back(5, F3_END, 0);
		write_recs(5, 4, 0);
		read_back(9, F3_END, 0);
		assert_int_equal(rd->segments, 3);
	}
}

static void test_torn_garbage_tail(void **state)
{
	struct f3_open_report rep;
	struct f3_writer w;
	uint8_t zeros[4096] = { 0 };
	int fd;

	/* a crash after the size grew but before the data hit the disk */
	write_recs(0, 4, 1);
	fd = open(path, O_WRONLY | O_APPEND);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, zeros, sizeof(zeros)), sizeof(zeros));
	close(fd);
	read_back(4, F3_ERR_LEN, frame_off(4));
	wopen(&w, &PLAIN, &rep);
	assert_int_equal(rep.torn_bytes, sizeof(zeros));
	assert_int_equal(file_size(), frame_off(4) + F3_HDR_SIZE);
	xt_f3_writer_close(&w);
	read_back(4, F3_END, 0);
}

static void test_torn_header(void **state)
{
	struct f3_open_report rep;
	struct f3_writer w;
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	fwrite("XTRAILF3\2\0", 10, 1, f);
	fclose(f);
	assert_int_equal(xt_f3_reader_open(rd, path), F3_ERR_TRUNC);
	xt_f3_reader_close(rd);
	wopen(&w, &PLAIN, &rep);
	assert_int_equal(rep.created, 1);
	assert_int_equal(rep.torn_bytes, 10);
	assert_int_equal(xt_f3_writer_close(&w), 0);
	assert_int_equal(file_size(), F3_HDR_SIZE);
	read_back(0, F3_END, 0);
}

static void test_refuse_foreign_file(void **state)
{
	struct f3_writer_opts o = { 0 };
	struct f3_open_report rep;
	struct f3_writer w;
	char err[256];
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	fputs("this is not an F3 file, keep it\n", f);
	fclose(f);
	assert_int_equal(xt_f3_reader_open(rd, path), F3_ERR_MAGIC);
	xt_f3_reader_close(rd);
	assert_int_equal(xt_f3_writer_open(&w, path, &o, &rep, err, sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "bad magic"));
	assert_int_equal(file_size(), 32);

	/* version 1 (and 3) */
	f = fopen(path, "wb");
	assert_non_null(f);
	fwrite("XTRAILF3\1\0\0\0\x10\0\0\0", 16, 1, f);
	fclose(f);
	assert_int_equal(xt_f3_reader_open(rd, path), F3_ERR_VERSION);
	xt_f3_reader_close(rd);
	assert_int_equal(xt_f3_writer_open(&w, path, &o, &rep, err, sizeof(err)),
			 -1);
	assert_int_equal(file_size(), 16);
}

/* Corruption with more than F3_TORN_MAX after it is no torn write. */
static void test_refuse_deep_corruption(void **state)
{
	struct f3_writer_opts o = { 0 };
	struct f3_open_report rep;
	struct f3_writer w;
	char err[512];
	uint64_t size;

	write_recs(0, 3, 1);
	assert_int_equal(truncate(path, frame_off(3) + F3_TORN_MAX + 1), 0);
	size = file_size();
	poke(frame_off(1) + 30, 0xff);
	assert_int_equal(xt_f3_writer_open(&w, path, &o, &rep, err, sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "bad crc"));
	assert_non_null(strstr(err, "not truncating"));
	assert_int_equal(file_size(), size);
}

/* Consistent but wrong (chain, sequence): no crash did that; refused. */
static void test_refuse_tampered(void **state)
{
	struct f3_writer_opts o = { 0 };
	struct f3_open_report rep;
	struct f3_writer w;
	size_t n, at;
	uint8_t *b;
	char err[512];

	write_recs(0, 3, 1);
	b = slurp_file(&n);
	at = frame_off(1) + 16;		/* record 1's sequence number */
	b[at] ^= 4;
	fix_crc_at(b, n, at);
	spit_file(path, b, n);
	free(b);
	read_back(1, F3_ERR_SEQ, frame_off(1));
	assert_int_equal(xt_f3_writer_open(&w, path, &o, &rep, err, sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "not a torn write"));
	assert_int_equal(file_size(), n);
}

static void test_rotation(void **state)
{
	struct wcfg c = SEALED;
	struct f3_seg_hdr h;
	FILE *f;

	c.max_segment = 1024;
	write_recs_c(0, 20, 1, &c);
	read_back(20, F3_END, 0);
	assert_true(rd->segments >= 4);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fread(&h, 1, sizeof(h), f), sizeof(h));
	fclose(f);
	assert_int_equal(xt_f3_seg_state_dec(xt_le32(h.state)), F3_SEG_ARCHIVED);
}

static void test_single_writer(void **state)
{
	struct f3_writer_opts o = { 0 };
	struct f3_open_report rep;
	struct f3_writer w1, w2;
	char err[256];

	assert_int_equal(xt_f3_writer_open(&w1, path, &o, &rep, err, sizeof(err)),
			 0);
	assert_int_equal(xt_f3_writer_open(&w2, path, &o, &rep, err, sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "locked"));
	assert_int_equal(xt_f3_writer_close(&w1), 0);
	assert_int_equal(xt_f3_writer_open(&w2, path, &o, &rep, err, sizeof(err)),
			 0);
	assert_int_equal(xt_f3_writer_close(&w2), 0);
}

/* A crash leaves the segment online; the next writer marks it offline. */
static void test_crash_state(void **state)
{
	struct f3_open_report rep;
	struct f3_writer w;
	struct f3_seg_hdr h;
	FILE *f;

	wopen(&w, &PLAIN, &rep);
	assert_int_equal(xt_f3_writer_add(&w, r.b, make_rec(0)), 0);
	assert_int_equal(xt_f3_writer_sync(&w, 0), 0);
	f = fopen(path, "rb");
	assert_int_equal(fread(&h, 1, sizeof(h), f), sizeof(h));
	fclose(f);
	assert_int_equal(xt_f3_seg_state_dec(xt_le32(h.state)), F3_SEG_ONLINE);
	xt_f3_writer_abandon(&w);	/* "crash": nothing more written */
	write_recs(1, 1, 0);
	f = fopen(path, "rb");
	assert_int_equal(fread(&h, 1, sizeof(h), f), sizeof(h));
	fclose(f);
	assert_int_equal(xt_f3_seg_state_dec(xt_le32(h.state)), F3_SEG_OFFLINE);
	read_back(2, F3_END, 0);
	assert_int_equal(xt_f3_seg_state_dec(xt_f3_seg_state_enc(F3_SEG_ONLINE) ^ 2), 0);
}

static void test_empty_file_is_error(void **state)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	fclose(f);
	assert_int_equal(xt_f3_reader_open(rd, path), F3_ERR_TRUNC);
	assert_int_equal(rd->err_off, 0);
	xt_f3_reader_close(rd);
	assert_int_equal(xt_f3_reader_open(rd, "/nonexistent/f3"), F3_ERR_IO);
	xt_f3_reader_close(rd);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc32c_vectors),
		cmocka_unit_test(test_crc32c_split_and_align),
		T(test_write_read),
		T(test_encrypted),
		T(test_decrypt_error),
		T(test_crc_error),
		T(test_bad_record),
		T(test_bad_frame_len),
		T(test_chain),
		T(test_unknown_incompat),
		T(test_seals_and_evolution),
		T(test_truncate_and_resume),
		T(test_truncate_resume_detected),
		T(test_reseal_with_later_key),
		T(test_anchor),
		T(test_deleted_segments),
		T(test_bit_flips),
		T(test_bit_flips_crc_fixed),
		T(test_crc32c_hw_sw),
		T(test_block_bit_flips),
		T(test_block_bit_flips_crc_fixed),
		T(test_blocks),
		T(test_torn_tail),
		T(test_torn_garbage_tail),
		T(test_torn_header),
		T(test_refuse_foreign_file),
		T(test_refuse_deep_corruption),
		T(test_refuse_tampered),
		T(test_rotation),
		T(test_single_writer),
		T(test_crash_state),
		T(test_empty_file_is_error),
	};

	return cmocka_run_group_tests_name("f3", tests, NULL, NULL);
}
