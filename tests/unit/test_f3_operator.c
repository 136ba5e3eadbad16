// SPDX-License-Identifier: GPL-2.0
/*
 * F3 against its own operator (issue 15): a frame's place is under the
 * AEAD (records renumbered into another place do not decrypt), the key
 * changes at every seal (what was sealed cannot be read with the key held
 * after), the sealing state is overwritten in place and holds no older
 * key, no key is taken on the command line, the writer holds itself to
 * the seal policy it records, and older format versions are refused.
 * The tamper campaign on whole logs is tests/tamper/run.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "crc32c.h"
#include "f3.h"
#include "test_util.h"

static struct rec_buf r;
static char dir[64], path[96], state_path[96];
static struct f3_reader *rd;
static uint8_t apk[F3_KEY_LEN], ask[F3_KEY_LEN], k0[F3_KEY_LEN];

static int setup(void **state)
{
	strcpy(dir, "f3op.tmp.XXXXXX");
	if (!mkdtemp(dir) || xt_f3_sodium_init())
		return -1;
	snprintf(path, sizeof(path), "%s/f3.log", dir);
	snprintf(state_path, sizeof(state_path), "%s/f3.log.sealstate", dir);
	rd = calloc(1, sizeof(*rd));
	crypto_box_keypair(apk, ask);
	randombytes_buf(k0, sizeof(k0));
	return rd ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	free(rd);
	return system(cmd) ? -1 : 0;
}

static uint32_t make_rec(unsigned int i)
{
	uint32_t len = build_exec(&r, "/usr/bin/mail", 1 + i % 13, 0,
				  spam_argv, SPAM_ARGV_LEN, 0, 0, 4);

	hdr_of(&r)->seq = xt_cpu64(i);
	return len;
}

/* Open a writer: encrypted; sealing with @seal_key at @epoch if given. */
static void wopen(struct f3_writer *w, const uint8_t *seal_key,
		  uint64_t epoch, struct f3_writer_opts *o)
{
	struct f3_open_report rep;
	char err[512];

	o->auditor_pk = apk;
	o->seal_key = seal_key;
	o->seal_epoch = epoch;
	if (seal_key)
		o->sealkey_path = state_path;
	if (xt_f3_writer_open(w, path, o, &rep, err, sizeof(err)))
		fail_msg("xt_f3_writer_open: %s", err);
}

static void add(struct f3_writer *w, unsigned int first, unsigned int n)
{
	unsigned int i;

	for (i = first; i < first + n; i++)
		assert_int_equal(xt_f3_writer_add(w, r.b, make_rec(i)), 0);
}

static uint8_t *slurp(const char *p, size_t *n)
{
	struct stat st;
	uint8_t *b;
	FILE *f = fopen(p, "rb");

	assert_non_null(f);
	assert_int_equal(fstat(fileno(f), &st), 0);
	*n = st.st_size;
	b = malloc(*n + 1);
	assert_non_null(b);
	assert_int_equal(fread(b, 1, *n, f), *n);
	fclose(f);
	return b;
}

static void spit(const char *p, const uint8_t *b, size_t n)
{
	FILE *f = fopen(p, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(b, 1, n, f), n);
	fclose(f);
}

/* Read the whole log @p with the auditor's key: the final status. */
static enum f3_status read_all(const char *p, uint64_t *records)
{
	enum f3_status st;
	const void *rec;
	uint32_t len;

	rd->require_start = 1;
	st = xt_f3_reader_open(rd, p);
	xt_f3_reader_set_auditor_key(rd, ask);
	while (st == F3_OK)
		st = xt_f3_next(rd, &rec, &len);
	if (st == F3_END)
		st = xt_f3_reader_finish(rd);
	*records = rd->frames;
	return st;
}

/*
 * Retention, then the rest renumbered into the place of what was deleted
 * (segment 1 made segment 0, its records 3.. made 0..), chain and CRCs
 * made right: the records no longer decrypt, their place is in the AEAD.
 */
static void test_renumbered_records_do_not_decrypt(void **state)
{
	struct f3_writer_opts o = { 0 };
	struct f3_seg_hdr h;
	struct f3_frame_hdr fh;
	struct f3_writer w;
	size_t n, s1, off;
	uint64_t got;
	uint8_t *b, *q;
	uint32_t c;

	wopen(&w, NULL, 0, &o);
	add(&w, 0, 3);
	assert_int_equal(xt_f3_writer_close(&w), 0);
	memset(&o, 0, sizeof(o));
	wopen(&w, NULL, 0, &o);
	add(&w, 3, 3);
	assert_int_equal(xt_f3_writer_close(&w), 0);
	assert_int_equal(read_all(path, &got), F3_OK);
	assert_int_equal(got, 6);
	xt_f3_reader_close(rd);

	b = slurp(path, &n);
	q = memmem(b + 8, n - 8, F3_MAGIC, F3_MAGIC_LEN);
	assert_non_null(q);
	s1 = q - b;
	memcpy(&h, q, sizeof(h));
	h.segment_no = 0;
	h.first_seq = 0;
	xt_f3_chain_init(h.chain_in, h.seq_id);
	h.crc = xt_cpu32(xt_crc32c(&h, F3_HDR_CRC_OFF));
	memcpy(q, &h, sizeof(h));
	for (off = s1 + F3_HDR_SIZE; off < n; off += xt_le32(fh.len)) {
		memcpy(&fh, b + off, sizeof(fh));
		fh.seq = xt_cpu64(xt_le64(fh.seq) - 3);
		memcpy(b + off, &fh, sizeof(fh));
		c = xt_cpu32(xt_crc32c(b + off + 8, xt_le32(fh.len) - 8));
		memcpy(b + off + 4, &c, 4);
	}
	spit(path, b + s1, n - s1);
	free(b);
	assert_int_equal(read_all(path, &got), F3_ERR_DECRYPT);
	assert_non_null(strstr(xt_f3_strerror(rd), "decryption failed"));
	assert_int_equal(got, 0);
	xt_f3_reader_close(rd);
}

/*
 * Rekey at every seal: after a seal, the segment key of what was sealed is
 * nowhere in the writer, and the records before the seal do not decrypt
 * with the key the writer holds after it (they do with the one before).
 */
static void test_rekey_at_seal(void **state)
{
	crypto_secretstream_xchacha20poly1305_state before, ss;
	struct f3_writer_opts o = { 0 };
	struct f3_seg_hdr h;
	struct f3_writer w;
	uint8_t out[XTRAIL_REC_MAX], *b;
	unsigned long long mlen;
	struct f3_frame_ad ad;
	uint32_t l;
	uint8_t tag;
	size_t n;

	wopen(&w, k0, 0, &o);
	memcpy(&before, &w.ss, sizeof(before));	/* segment 0's stream */
	add(&w, 0, 1);
	assert_int_equal(xt_f3_writer_seal(&w), 0);
	assert_int_not_equal(memcmp(before.k, w.ss.k, sizeof(before.k)), 0);
	assert_null(memmem(&w, sizeof(w), before.k, sizeof(before.k)));
	memcpy(&ss, &w.ss, sizeof(ss));		/* segment 1's stream */
	add(&w, 1, 2);
	assert_int_equal(xt_f3_writer_close(&w), 0);

	/* record 0: the first frame of segment 0 */
	b = slurp(path, &n);
	memcpy(&h, b, sizeof(h));
	memcpy(&l, b + F3_HDR_SIZE, 4);
	l = xt_le32(l);
	xt_f3_frame_ad(&ad, h.seq_id, 0, 0);
	/* the stream (key) the writer had after the seal: no */
	assert_int_not_equal(crypto_secretstream_xchacha20poly1305_pull(&ss,
			     out, &mlen, &tag, b + F3_HDR_SIZE + F3_FRAME_HDR,
			     make_rec(0) + F3_ABYTES, (uint8_t *)&ad,
			     sizeof(ad)), 0);
	/* the one before: yes (so the check above can fail) */
	assert_int_equal(crypto_secretstream_xchacha20poly1305_pull(&before,
			 out, &mlen, &tag, b + F3_HDR_SIZE + F3_FRAME_HDR,
			 make_rec(0) + F3_ABYTES, (uint8_t *)&ad, sizeof(ad)),
			 0);
	assert_memory_equal(out, r.b, make_rec(0));
	free(b);
	sodium_memzero(&before, sizeof(before));
	assert_true(l > 0);
}

/*
 * The sealing state after ten seals: the same file (inode) overwritten in
 * place, not a renamed copy each time (whose old blocks keep the old key),
 * and no file of its directory holds k_0..k_9.
 */
static void test_sealstate_in_place(void **state)
{
	struct f3_writer_opts o = { 0 };
	uint8_t keys[11][F3_KEY_LEN], *b;
	struct f3_writer w;
	struct dirent *de;
	struct stat st;
	char p[400];
	ino_t ino = 0;
	unsigned int i, e;
	size_t n;
	DIR *d;

	memcpy(keys[0], k0, F3_KEY_LEN);
	for (e = 1; e < 11; e++) {
		memcpy(keys[e], keys[e - 1], F3_KEY_LEN);
		xt_f3_key_evolve(keys[e]);
	}
	wopen(&w, k0, 0, &o);
	assert_int_equal(stat(state_path, &st), 0);
	ino = st.st_ino;
	for (i = 0; i < 10; i++) {
		add(&w, i, 1);
		assert_int_equal(xt_f3_writer_seal(&w), 0);
		assert_int_equal(stat(state_path, &st), 0);
		assert_int_equal(st.st_ino, ino);
		assert_int_equal(st.st_size, F3_SEALKEY_SIZE);
	}
	assert_int_equal(xt_f3_writer_close(&w), 0);
	d = opendir(dir);
	assert_non_null(d);
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, de->d_name);
		b = slurp(p, &n);
		for (e = 0; e < 10; e++)
			if (memmem(b, n, keys[e], F3_KEY_LEN))
				fail_msg("%s holds k_%u", p, e);
		if (!strcmp(de->d_name, "f3.log.sealstate"))
			assert_non_null(memmem(b, n, keys[10], F3_KEY_LEN));
		free(b);
	}
	closedir(d);
	sodium_memzero(keys, sizeof(keys));
}

/* A key given where a key file goes is refused, with the reason. */
static void test_no_key_on_command_line(void **state)
{
	char hex[2 * F3_KEY_LEN + 1], err[512], kp[128];
	uint8_t key[F3_KEY_LEN];

	sodium_bin2hex(hex, sizeof(hex), k0, F3_KEY_LEN);
	assert_int_equal(xt_f3_key_load(hex, key, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "give a file holding it"));
	assert_true(sodium_is_zero(key, sizeof(key)) ||
		    memcmp(key, k0, sizeof(key)));
	/* the same key in a file is fine */
	snprintf(kp, sizeof(kp), "%s/seal.key", dir);
	assert_int_equal(xt_f3_key_save(kp, k0, 0600, err, sizeof(err)), 0);
	assert_int_equal(xt_f3_key_load(kp, key, err, sizeof(err)), 0);
	assert_memory_equal(key, k0, sizeof(key));
	/* and erased: zeros, then gone */
	assert_int_equal(xt_f3_key_erase(kp), 0);
	assert_int_equal(access(kp, F_OK), -1);
}

/*
 * The writer holds itself to the seal policy it records: a seal before
 * the record that would make more than seal_records since the last one,
 * and at open when a crash left records unsealed.
 */
static void test_seal_policy(void **state)
{
	struct f3_writer_opts o = { .seal_records = 4 };
	uint8_t k[F3_KEY_LEN], id[F3_ID_LEN];
	struct f3_writer w;
	uint64_t epoch, got;
	char err[256];

	wopen(&w, k0, 0, &o);
	add(&w, 0, 10);
	assert_int_equal(w.seals, 2);
	assert_int_equal(w.unsealed, 2);
	assert_int_equal(xt_f3_writer_sync(&w, 0), 0);
	xt_f3_writer_abandon(&w);	/* a crash: 2 records unsealed */
	assert_int_equal(xt_f3_sealkey_load(state_path, &epoch, id, k, err,
					    sizeof(err)), 1);
	assert_int_equal(epoch, 2);
	memset(&o, 0, sizeof(o));
	o.seal_records = 4;
	wopen(&w, k, epoch, &o);
	assert_int_equal(w.seals, 1);	/* what the crash left */
	add(&w, 10, 4);
	assert_int_equal(xt_f3_writer_close(&w), 0);
	assert_int_equal(read_all(path, &got), F3_OK);
	assert_int_equal(got, 14);
	/* 0, 1 (records 4, 8), 2 (at open), 3 (at close) */
	assert_int_equal(rd->seals, 4);
	assert_int_equal(rd->first_epoch, 0);
	assert_int_equal(rd->next_epoch, 4);
	xt_f3_reader_close(rd);
	sodium_memzero(k, sizeof(k));
}

/* An older format version is refused, saying why and what to do. */
static void test_old_version_refused(void **state)
{
	struct f3_writer_opts o = { 0 };
	struct f3_seg_hdr h;
	struct f3_writer w;
	uint64_t got;
	uint8_t *b;
	size_t n;

	wopen(&w, NULL, 0, &o);
	add(&w, 0, 1);
	assert_int_equal(xt_f3_writer_close(&w), 0);
	b = slurp(path, &n);
	memcpy(&h, b, sizeof(h));
	h.version = xt_cpu32(2);
	h.crc = xt_cpu32(xt_crc32c(&h, F3_HDR_CRC_OFF));
	memcpy(b, &h, sizeof(h));
	spit(path, b, n);
	free(b);
	assert_int_equal(read_all(path, &got), F3_ERR_VERSION);
	assert_non_null(strstr(xt_f3_strerror(rd),
			       "F3 format version 2 is no longer read"));
	xt_f3_reader_close(rd);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_renumbered_records_do_not_decrypt),
		T(test_rekey_at_seal),
		T(test_sealstate_in_place),
		T(test_no_key_on_command_line),
		T(test_seal_policy),
		T(test_old_version_refused),
	};

	return cmocka_run_group_tests_name("f3_operator", tests, NULL, NULL);
}
