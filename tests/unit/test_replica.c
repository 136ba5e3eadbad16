// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Replication's library side, without a network: a log written by the F3
 * writer (rotated files, seals, encrypted) followed item by item with
 * f3_tail.c, each item through its message (f3_replica.c) and back, and
 * unpacked: byte for byte the log, also with resends from earlier
 * positions; what unpack refuses (a gap, an altered copy, another log, a
 * segment's end missing); the tail never past the durable end, and a gap
 * when files were deleted; a trail of anchors (f3_trail.c).
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

#include "f3.h"
#include "f3_replica.h"
#include "f3_tail.h"
#include "f3_trail.h"
#include "test_util.h"

static char dir[64], path[96], out[96];
static struct rec_buf r;
static uint8_t apk[F3_KEY_LEN], ask[F3_KEY_LEN], k0[F3_KEY_LEN];
static char *line;
static uint8_t *buf;

static int setup(void **state)
{
	snprintf(dir, sizeof(dir), "replica.tmp.%d", (int)getpid());
	snprintf(path, sizeof(path), "%s/f3.log", dir);
	snprintf(out, sizeof(out), "%s/unpacked", dir);
	assert_int_equal(mkdir(dir, 0700), 0);
	assert_int_equal(xt_f3_sodium_init(), 0);
	crypto_box_keypair(apk, ask);
	randombytes_buf(k0, sizeof(k0));
	line = malloc(F3R_LINE_MAX);
	buf = malloc(F3_FRAME_MAX);
	assert_non_null(line);
	assert_non_null(buf);
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
	free(line);
	free(buf);
	return 0;
}

/* Records [first, first + n) into the log: 2 KiB segments, rotated files. */
static void write_log(unsigned int first, unsigned int n,
		      struct f3_tail_limit *lim)
{
	struct f3_writer_opts o = {
		.auditor_pk = apk, .seal_key = k0, .max_segment = 2048,
		.rotate_files = 1, .blocks = 1, .seal_records = 10,
	};
	struct f3_open_report rep;
	struct f3_writer w;
	char err[256];
	unsigned int i;
	uint32_t len;

	assert_int_equal(xt_f3_writer_open(&w, path, &o, &rep, err,
					   sizeof(err)), 0);
	for (i = first; i < first + n; i++) {
		len = build_lost(&r, i, 1000 + i);
		hdr_of(&r)->seq = xt_cpu64(i);
		assert_int_equal(xt_f3_writer_add(&w, r.b, len), 0);
		if (i % 3 == 0)
			assert_int_equal(xt_f3_writer_sync(&w, 0), 0);
	}
	assert_int_equal(xt_f3_writer_close(&w), 0);
	lim->live_first = w.file_first_segment;
	lim->live_durable = w.size;
}

/* Every item from the tail's place through its message into @u; items sent. */
static unsigned int send_all(struct f3_tail *t, const struct f3_tail_limit *lim,
			     struct f3r_unpack *u, int final)
{
	struct f3r_line l;
	struct f3_item it;
	unsigned int n = 0;
	char err[256];
	size_t len;
	int rc;

	for (;;) {
		rc = xt_f3_tail_next(t, lim, &it, err, sizeof(err));
		if (rc == 0 && final)
			rc = xt_f3_tail_state(t, &it);
		if (rc == 0)
			return n;
		assert_int_equal(rc, 1);
		len = xt_f3r_format(line, F3R_LINE_MAX, t->seq_id, it.seg,
				    it.off, it.data, it.len,
				    it.kind == F3_ITEM_STATE ? it.next_off : 0);
		assert_true(len > 0);
		assert_int_equal(xt_f3r_parse(line, &l, buf, F3_FRAME_MAX),
				 F3R_ITEM);
		assert_int_equal(l.len, it.len);
		if (xt_f3r_unpack_item(u, &l))
			fail_msg("unpack: %s", u->why);
		n++;
	}
}

/* The log's files in order, concatenated, equal to @out. */
static void same_as_log(void)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd),
		 "cat $(ls %s/f3.log.[0-9]* 2>/dev/null | sort) %s | cmp -s - %s", dir,
		 path, out);
	assert_int_equal(system(cmd), 0);
}

static void open_out(struct f3r_unpack *u)
{
	memset(u, 0, sizeof(*u));
	u->fd = open(out, O_RDWR | O_CREAT | O_TRUNC, 0600);
	assert_true(u->fd >= 0);
}

static void close_out(struct f3r_unpack *u)
{
	close(u->fd);
	xt_f3r_unpack_free(u);
}

/* The whole log, then resends from earlier places: the log, byte for byte. */
static void roundtrip_resend(void **state)
{
	struct f3_tail_limit lim;
	struct f3r_unpack u;
	struct f3_tail t;
	char err[256];
	unsigned int n;

	write_log(0, 120, &lim);
	write_log(120, 40, &lim);	/* a second run: a new segment */
	assert_int_equal(xt_f3_tail_init(&t, path), 0);
	open_out(&u);
	n = send_all(&t, &lim, &u, 1);
	assert_true(n > 20);
	assert_int_equal(u.dups, 0);
	same_as_log();
	/* Resent from segment 3's header and from inside segment 5. */
	assert_int_equal(xt_f3_tail_seek(&t, 3, 0, err, sizeof(err)), 0);
	send_all(&t, &lim, &u, 1);
	assert_int_equal(xt_f3_tail_seek(&t, 5, F3_HDR_SIZE, err,
					 sizeof(err)), 0);
	send_all(&t, &lim, &u, 1);
	assert_true(u.dups > 10);
	same_as_log();
	/* Not the start of an item; beyond the log. */
	assert_int_equal(xt_f3_tail_seek(&t, 5, 8, err, sizeof(err)), -1);
	assert_int_equal(xt_f3_tail_seek(&t, 999, 0, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "the log ends before"));
	close_out(&u);
	xt_f3_tail_uninit(&t);
}

/* Nothing past the writer's durable end of the live file. */
static void durable_limit(void **state)
{
	struct f3_tail_limit lim, hdr;
	struct f3r_unpack u;
	struct f3_tail t;

	write_log(0, 5, &lim);	/* one segment, in f3.log */
	hdr = lim;
	hdr.live_durable = F3_HDR_SIZE;
	assert_int_equal(xt_f3_tail_init(&t, path), 0);
	open_out(&u);
	assert_int_equal(send_all(&t, &hdr, &u, 0), 1);
	assert_int_equal(u.size, F3_HDR_SIZE);
	assert_true(send_all(&t, &lim, &u, 1) > 1);
	same_as_log();
	close_out(&u);
	xt_f3_tail_uninit(&t);
}

/* Files deleted before they were sent: the tail says which segments. */
static void deleted_gap(void **state)
{
	struct f3_tail_limit lim;
	struct f3_tail t;
	char err[256], first[160];
	char **names;
	size_t n;

	write_log(0, 120, &lim);
	assert_int_equal(xt_f3_rotated_files(path, &names, &n), 0);
	assert_true(n >= 3);
	snprintf(first, sizeof(first), "%s", names[1]);
	assert_int_equal(unlink(names[0]), 0);
	xt_f3_free_names(names);
	assert_int_equal(xt_f3_tail_init(&t, path), 0);
	assert_int_equal(xt_f3_tail_seek(&t, 0, 0, err, sizeof(err)), 2);
	assert_int_equal(t.gap_from, 0);
	assert_int_equal(t.gap_to, strtoull(strrchr(first, '.') + 1, NULL, 10) - 1);
	xt_f3_tail_uninit(&t);
}

/* Line @i of the messages of the whole log (items only). */
static char **all_lines(size_t *count)
{
	struct f3_tail_limit lim;
	struct f3_item it;
	struct f3_tail t;
	char **v = NULL, err[256];
	size_t n = 0;

	write_log(0, 60, &lim);
	assert_int_equal(xt_f3_tail_init(&t, path), 0);
	while (xt_f3_tail_next(&t, &lim, &it, err, sizeof(err)) == 1 ||
	       xt_f3_tail_state(&t, &it)) {
		v = realloc(v, (n + 1) * sizeof(*v));
		v[n] = malloc(F3R_LINE_MAX);
		xt_f3r_format(v[n++], F3R_LINE_MAX, t.seq_id, it.seg, it.off,
			      it.data, it.len,
			      it.kind == F3_ITEM_STATE ? it.next_off : 0);
	}
	xt_f3_tail_uninit(&t);
	*count = n;
	return v;
}

/* Unpack lines @v (@n) but line @skip; the error, or "" if it passed. */
static const char *unpack_lines(char **v, size_t n, size_t skip,
				struct f3r_unpack *u)
{
	struct f3r_line l;
	size_t i;

	open_out(u);
	for (i = 0; i < n; i++) {
		if (i == skip)
			continue;
		strcpy(line, v[i]);
		assert_int_equal(xt_f3r_parse(line, &l, buf, F3_FRAME_MAX),
				 F3R_ITEM);
		if (xt_f3r_unpack_item(u, &l))
			return u->why;
	}
	return "";
}

static void unpack_refuses(void **state)
{
	struct f3r_unpack u;
	size_t n, i, last = 0;
	char **v = all_lines(&n), *p;

	assert_string_equal(unpack_lines(v, n, n, &u), "");
	close_out(&u);
	/* A frame in the middle, a segment's last frame, its state item. */
	assert_non_null(strstr(unpack_lines(v, n, 3, &u), "items missing"));
	close_out(&u);
	/* The first segment with frames that another segment follows. */
	for (i = 1; i + 1 < n && !last; i++)
		if (strstr(v[i], " 252 ") && !strstr(v[i - 1], " 0 "))
			last = i;
	assert_true(last > 0);
	assert_non_null(strstr(unpack_lines(v, n, last - 1, &u),
			       "items missing: segment"));
	close_out(&u);
	p = (char *)unpack_lines(v, n, last, &u);
	if (!strstr(p, "never came"))
		fail_msg("%s", p);
	close_out(&u);
	/* An altered copy of line 3 after line 4. */
	free(v[4]);
	v[4] = strdup(v[3]);
	p = strrchr(v[4], ' ') + 40;
	*p = *p == 'A' ? 'B' : 'A';
	assert_non_null(strstr(unpack_lines(v, n, n, &u),
			       "two different items at one place"));
	close_out(&u);
	/* Another log's item. */
	strcpy(v[4], v[3]);
	p = strchr(v[4], ' ') + 1;
	*p = *p == 'a' ? 'b' : 'a';
	assert_non_null(strstr(unpack_lines(v, n, n, &u), "another log"));
	close_out(&u);
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void parse_lines(void **state)
{
	char ok[] = "Dec  7 host xtraild: xtrail-f3r-v1 "
		    "00112233445566778899aabbccddeeff 7 256 AAECAw==\n";
	char end[] = "xtrail-f3r-v1 00112233445566778899aabbccddeeff 7 252 AAECAw== 912\n";
	char bad[] = "xtrail-f3r-v1 0011 7 256 AAECAw==\n";
	char gap[] = "xtrail-gap-v1 00112233445566778899aabbccddeeff 0 4\n";
	char other[] = "an ordinary syslog line\n";
	struct f3r_line l;

	assert_int_equal(xt_f3r_parse(ok, &l, buf, F3_FRAME_MAX), F3R_ITEM);
	assert_int_equal(l.seg, 7);
	assert_int_equal(l.off, 256);
	assert_int_equal(l.len, 4);
	assert_int_equal(l.data[3], 3);
	assert_int_equal(l.end, 0);
	assert_int_equal(xt_f3r_parse(end, &l, buf, F3_FRAME_MAX), F3R_ITEM);
	assert_int_equal(l.end, 912);
	assert_int_equal(xt_f3r_parse(bad, &l, buf, F3_FRAME_MAX), F3R_BAD);
	assert_int_equal(xt_f3r_parse(gap, &l, buf, F3_FRAME_MAX), F3R_GAP);
	assert_int_equal(l.seg, 0);
	assert_int_equal(l.off, 4);
	assert_int_equal(xt_f3r_parse(other, &l, buf, F3_FRAME_MAX), F3R_NONE);
}

static void state_file(void **state)
{
	struct f3r_state s = { .seg = 9, .off = 4096, .sent = 12,
			       .pending = 3, .behind_ns = 5, .saved_ns = 6,
			       .connected = 1 }, g;
	char p[128], err[256];

	snprintf(p, sizeof(p), "%s/state", dir);
	memset(s.seq_id, 0xab, sizeof(s.seq_id));
	assert_int_equal(xt_f3r_state_load(p, &g, err, sizeof(err)), 0);
	assert_int_equal(xt_f3r_state_save(p, &s, 1), 0);
	assert_int_equal(xt_f3r_state_load(p, &g, err, sizeof(err)), 1);
	assert_memory_equal(&s, &g, sizeof(s));
}

/* A trail: prefixes, copies kept once, sorted; two versions of a seal fail. */
static void trail(void **state)
{
	const char *id = "00112233445566778899aabbccddeeff";
	const char *h1 = "1111111111111111111111111111111111111111111111111111111111111111";
	const char *h2 = "2222222222222222222222222222222222222222222222222222222222222222";
	struct f3_trail t;
	char text[2048], err[256];
	FILE *f;

	snprintf(text, sizeof(text),
		 "junk\nhost: xtrail-anchor-v1 %s 20 %s 1 %s\n"
		 "xtrail-anchor-v1 %s 10 %s 0 %s\n"
		 "xtrail-anchor-v1 %s 20 %s 1 %s\n", id, h1, h2, id, h2, h1,
		 id, h1, h2);
	f = fmemopen(text, strlen(text), "r");
	assert_int_equal(xt_f3_trail_load(&t, f, err, sizeof(err)), 0);
	fclose(f);
	assert_int_equal(t.n, 2);
	assert_int_equal(t.a[0].epoch, 0);
	assert_int_equal(t.a[1].seq, 20);
	assert_non_null(xt_f3_trail_find(&t, 1));
	assert_null(xt_f3_trail_find(&t, 2));
	xt_f3_trail_free(&t);
	/* Seal 1 again with another chain: re-sealed. */
	snprintf(text + strlen(text), sizeof(text) - strlen(text),
		 "xtrail-anchor-v1 %s 20 %s 1 %s\n", id, h2, h2);
	f = fmemopen(text, strlen(text), "r");
	assert_int_equal(xt_f3_trail_load(&t, f, err, sizeof(err)), -1);
	fclose(f);
	assert_non_null(strstr(err, "two different anchors of seal 1"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(roundtrip_resend, setup,
						teardown),
		cmocka_unit_test_setup_teardown(durable_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(deleted_gap, setup, teardown),
		cmocka_unit_test_setup_teardown(unpack_refuses, setup,
						teardown),
		cmocka_unit_test_setup_teardown(parse_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(state_file, setup, teardown),
		cmocka_unit_test_setup_teardown(trail, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
