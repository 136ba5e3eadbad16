// SPDX-License-Identifier: GPL-2.0
/*
 * make_corpus DIR: write the fuzzers' seed inputs into DIR/{record,encode,
 * ring,f3}/, built with the real encoders (xtrail_encode.h, through the
 * unit tests' builders) and the real F3 writer (f3_writer_*()). Run before
 * fuzzing, so that no binary corpus lives in the tree.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crc32c.h"
#include "f3.h"
#include "fuzz_input.h"
#include "test_util.h"

/* Guest records first, then dom0's (the last DOM0_RECS). */
#define GUEST_RECS	24
#define DOM0_RECS	13
#define NREC		(GUEST_RECS + DOM0_RECS)

static struct rec_buf recs[NREC];
static uint32_t lens[NREC];
static const char *dir;
static int nseed;

/*
 * Filename and argv the probe can meet: UTF-8, junk bytes, backslashes,
 * and the sequences one byte away from RFC 3629's limits (U+D7FF before
 * the surrogates, the shortest 3- and 4-byte forms, U+10FFFF).
 */
static const char odd_fn[] = "/tmp/caf\xc3\xa9\\\xff";
static const char odd_argv[] = "printf\0a\\n\xff\0\xe2\x82\xac\0\xc0\xaf\0"
	"\xed\x9f\xbf\0\xe0\xa0\x80\0\xf0\x90\x80\x80\0\xf4\x8f\xbf\xbf";

static void mkdir_p(const char *d)
{
	if (mkdir(d, 0755) && errno != EEXIST) {
		perror(d);
		exit(1);
	}
}

static void seed(const char *kind, const char *name, const void *buf,
		 size_t len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, kind);
	mkdir_p(path);
	snprintf(path, sizeof(path), "%s/%s/%s", dir, kind, name);
	f = fopen(path, "wb");
	if (!f || fwrite(buf, 1, len, f) != len || fclose(f)) {
		perror(path);
		exit(1);
	}
	nseed++;
}

/* A rename of @from to @to, as the file probe builds it. */
static uint32_t build_file(struct rec_buf *r, const char *from,
			   const char *to)
{
	struct xtrail_file *f = xtrail_file_body(r->b);
	size_t n1 = strlen(from), n2 = strlen(to);

	hdr_init(r);
	memset(f, 0, sizeof(*f));
	f->nr = xt_cpu32(82);
	f->flags = xt_cpu32(XTRAIL_FILE_RESOLVED);
	memcpy(r->b + XTRAIL_FILE_PATH_OFF, from, n1);
	memcpy(r->b + XTRAIL_FILE_PATH_OFF + n1, to, n2);
	return xtrail_file_finish(r->b, n1, n2);
}

/* Terminal output @s (shorter than XTRAIL_TTY_MAX) on pts0. */
static uint32_t build_tty(struct rec_buf *r, const char *s)
{
	struct xtrail_tty *t = (struct xtrail_tty *)(r->b +
						      sizeof(struct xtrail_rec_hdr));
	uint32_t n = strlen(s), used = sizeof(struct xtrail_rec_hdr) +
				       sizeof(*t) + n;
	struct xtrail_rec_hdr *h = hdr_init(r);

	memset(t, 0, sizeof(*t));
	t->len = xt_cpu32(n);
	t->count = xt_cpu32(n);
	memcpy(t->tty, "pts0", 4);
	memcpy(t + 1, s, n);
	memset(r->b + used, 0, xtrail_rec_align(used) - used);
	h->len = xt_cpu32(xtrail_rec_align(used));
	h->type = xt_cpu16(XTRAIL_REC_TTY);
	return xtrail_rec_align(used);
}

static void build_records(void)
{
	static char fn[XTRAIL_PATH_MAX], av[XTRAIL_ARGV_LIMIT];
	static const unsigned int dom0[DOM0_RECS] = {
		XTRAIL_REC_CONNECT, XTRAIL_REC_DISCONNECT,
		XTRAIL_REC_VIOLATION, XTRAIL_REC_CLOCK,
		XTRAIL_REC_SEQ_GAP, XTRAIL_REC_HB_SILENCE,
		XTRAIL_REC_DOM0_LOST, XTRAIL_REC_CONTROL,
		XTRAIL_REC_STREAM_JUMP, XTRAIL_REC_STREAM_END,
		XTRAIL_REC_VM_IDENTITY, XTRAIL_REC_FLOW,
		XTRAIL_REC_FLOW_LOST,
	};
	unsigned int i;

	memset(fn, 'f', sizeof(fn));
	for (i = 0; i < sizeof(av); i++)
		av[i] = i % 4 == 3 ? 0 : 'a';
	lens[0] = build_spam(&recs[0]);
	lens[1] = build_lost(&recs[1], 5, 100);
	/* the largest exec record (16384 bytes): both strings at their limits */
	lens[2] = build_exec(&recs[2], fn, sizeof(fn), 1, av, sizeof(av), 1,
			     0, 100000);
	lens[3] = build_exec(&recs[3], odd_fn, sizeof(odd_fn) - 1, 0,
			     odd_argv, sizeof(odd_argv), 0, 0, 4);
	lens[4] = build_exec(&recs[4], "/bin/x", 6, 0, "", 0, 0, 1, 3);
	lens[5] = build_exec(&recs[5], "", 0, 0, "", 1, 0, 0, 1);
	lens[6] = build_fixed(&recs[6], XTRAIL_REC_FORK,
			      sizeof(struct xtrail_fork));
	lens[7] = build_fixed(&recs[7], XTRAIL_REC_EXIT,
			      sizeof(struct xtrail_exit));
	lens[8] = build_fixed(&recs[8], XTRAIL_REC_SYSCALL,
			      sizeof(struct xtrail_syscall));
	lens[9] = build_fixed(&recs[9], XTRAIL_REC_HEARTBEAT,
			      sizeof(struct xtrail_heartbeat));
	lens[10] = build_file(&recs[10], odd_fn, "/tmp/b");
	lens[11] = build_fixed(&recs[11], XTRAIL_REC_NET,
			       sizeof(struct xtrail_net));
	((struct xtrail_net *)(recs[11].b + sizeof(struct xtrail_rec_hdr)))
		->kind = xt_cpu32(XTRAIL_NET_CONNECT);
	lens[12] = build_tty(&recs[12], "ls -l\r\n\x1b[0m\xe2\x82");
	/* a close record with its path, and a version 1 heartbeat */
	build_fixed(&recs[13], XTRAIL_REC_CLOSE, 0);
	memcpy(recs[13].b + XTRAIL_CLOSE_PATH_OFF, "/tmp/xt-copy", 12);
	lens[13] = xtrail_close_finish(recs[13].b, XTRAIL_CLOSE_LAST, 3, 1000,
				       70000, 12);
	lens[14] = build_fixed(&recs[14], XTRAIL_REC_HEARTBEAT,
			       XTRAIL_HEARTBEAT_V1_SIZE);
	/* TCP state changes in softirq: NET body versions 2 and 1 */
	lens[15] = build_net_state(&recs[15], 2, 1);
	lens[16] = build_net_state(&recs[16], 1, 1);
	/* an argv cut inside its last argument (XTRAIL_EXEC_ARG_CUT) */
	lens[17] = build_exec(&recs[17], SPAM_FILENAME, 13, 0, spam_argv, 15,
			      0, 0, 4);
	/* NET body version 3: a socket's CLOSE, AF_UNIX names */
	lens[18] = build_net_close(&recs[18], 1000, 300);
	lens[19] = build_net_unix(&recs[19], "/run/xt.sock", 12, 0);
	lens[20] = build_net_unix(&recs[20], "xt\0a", 4, 1);
	/*
	 * exec body version 2: a script, and long strings, argv0 cut at its
	 * limit (not the largest record: the f3 seed holds them all)
	 */
	lens[21] = build_script(&recs[21]);
	lens[22] = build_exec_v2(&recs[22], &(struct xtrail_exec_strs){
		.fn_len = 1000, .cwd_len = 1000,
		.exe_len = 1000, .argv0_len = XTRAIL_ARGV0_MAX,
		.argv_len = 1000, .argc_total = 100000,
		.flags = XTRAIL_EXEC_ARGV0_TRUNC | XTRAIL_EXEC_ARGV_TRUNC },
		fn, fn, fn, fn, av);
	/* the digest of an exec's program, the start of a large one */
	lens[23] = build_exec_digest(&recs[23], XTRAIL_DIGEST_PARTIAL,
				     1 << 30, 16 << 20);
	for (i = 0; i < DOM0_RECS; i++)
		lens[NREC - DOM0_RECS + i] =
			build_dom0(&recs[NREC - DOM0_RECS + i], dom0[i]);
}

static void record_seeds(void)
{
	char name[32];
	unsigned int i;

	for (i = 0; i < NREC; i++) {
		snprintf(name, sizeof(name), "rec-%u", i);
		seed("record", name, recs[i].b, lens[i]);
	}
}

static void encode_seed(const char *name, uint8_t flags, const void *fn,
			uint16_t fn_len, const void *av, uint16_t av_len,
			uint32_t argc_total)
{
	static uint8_t buf[sizeof(struct encode_in) + XTRAIL_PATH_MAX +
			   XTRAIL_ARGV_MAX];
	struct encode_in in = {
		.flags = flags,
		.fn_len = xt_cpu16(fn_len),
		.argv_len = xt_cpu16(av_len),
		.argc_total = xt_cpu32(argc_total),
	};

	memcpy(buf, &in, sizeof(in));
	memcpy(buf + sizeof(in), fn, fn_len);
	memcpy(buf + sizeof(in) + fn_len, av, av_len);
	seed("encode", name, buf, sizeof(in) + fn_len + av_len);
}

static void encode_seeds(void)
{
	encode_seed("spam", IN_TS_XEN, SPAM_FILENAME, strlen(SPAM_FILENAME),
		    spam_argv, SPAM_ARGV_LEN, 4);
	encode_seed("odd", 0, odd_fn, sizeof(odd_fn) - 1, odd_argv,
		    sizeof(odd_argv), 2);
	/* a NUL inside the filename, an argv without its final NUL */
	encode_seed("nul-fn", IN_FN_TRUNC, "/bin\0sh", 7, "sh\0-c", 5, 0);
	encode_seed("fault", IN_ARGV_FAULT, "/bin/x", 6, "", 0, 7);
}

/*
 * A ring holding records @from..@to - 1 at @in's consumer index, with
 * @nstep more in the data area than published: each step publishes one.
 */
static void ring_seed(const char *name, struct ring_in in, unsigned int from,
		      unsigned int to, unsigned int nstep, uint8_t refuse)
{
	static uint8_t buf[sizeof(struct ring_in) +
			   RING_MAX_STEPS * sizeof(struct ring_step) +
			   2 * XTRAIL_REC_MAX];
	/* The poke hits the byte behind the consumer: already consumed. */
	struct ring_step st = { .poke_off = 0xffff, .refuse = refuse };
	size_t off = sizeof(in);
	unsigned int i;
	uint32_t used = 0;

	for (i = from; i < to - nstep; i++)
		used += lens[i];
	in.nstep = nstep;
	in.nr_rings = 3;	/* 4 rings */
	in.used = xt_cpu32(used);
	memcpy(buf, &in, sizeof(in));
	for (i = to - nstep; i < to; i++) {
		st.prod_add = xt_cpu32(lens[i]);
		memcpy(buf + off, &st, sizeof(st));
		off += sizeof(st);
	}
	for (i = from; i < to; i++) {
		memcpy(buf + off, recs[i].b, lens[i]);
		off += lens[i];
	}
	seed("ring", name, buf, off);
}

static void ring_seeds(void)
{
	/* The builders' records are from vCPU 1: ring 1 of 4. */
	ring_seed("guest", (struct ring_in){ .order = 1, .ring = 1 },
		  0, NREC - DOM0_RECS, 0, 0);
	/* the data area's end cuts the first record in two, prod wraps */
	ring_seed("wrap", (struct ring_in){ .cons = xt_cpu32(-40), .ring = 1 },
		  0, 2, 0, 0);
	ring_seed("largest",
		  (struct ring_in){ .cons = xt_cpu32(0x8000 - 8), .ring = 1 },
		  2, 4, 0, 0);
	ring_seed("steps", (struct ring_in){ .order = 1, .ring = 1 },
		  0, NREC - DOM0_RECS, 4, 0);
	ring_seed("refuse",
		  (struct ring_in){ .order = 1, .cons = xt_cpu32(64),
				    .ring = 1 }, 3, 6, 2, 1);
	/* a dom0-only record in a guest's ring, a record in the wrong ring */
	ring_seed("dom0", (struct ring_in){ .order = 1, .ring = 1 },
		  NREC - 1, NREC, 0, 0);
	ring_seed("vcpu", (struct ring_in){ .order = 1, .ring = 2 },
		  0, 1, 0, 0);
	/*
	 * The guest shortens the first record between the consumer's copy of
	 * its header (two memcpy()s) and its copy of the whole record.
	 */
	ring_seed("race", (struct ring_in){ .order = 1, .ring = 1,
					    .race_call = 2, .race_val = 112 },
		  0, 2, 0, 0);
}

static void die(const char *what, const char *why)
{
	fprintf(stderr, "make_corpus: %s: %s\n", what, why);
	exit(1);
}

/*
 * A log written by f3_writer_*(): every record, @segments times (each
 * open of the writer starts a segment), encrypted to the test auditor
 * key and sealed halfway with the test sealing key if @secure. Returns
 * its bytes in @buf.
 */
static size_t f3_log(uint8_t *buf, size_t size, int secure,
		     unsigned int segments, int blocks)
{
	uint8_t pk[F3_KEY_LEN], sk[F3_KEY_LEN], k0[F3_KEY_LEN];
	struct f3_writer_opts o = { 0 };
	struct f3_open_report rep;
	struct f3_writer w;
	char path[512], err[512];
	unsigned int s, i;
	size_t n;
	FILE *f;

	fz_test_keys(pk, sk, k0);
	o.blocks = blocks;
	if (secure) {
		o.auditor_pk = pk;
		o.seal_key = k0;
	}
	snprintf(path, sizeof(path), "%s/f3.tmp", dir);
	unlink(path);
	for (s = 0; s < segments; s++) {
		if (xt_f3_writer_open(&w, path, &o, &rep, err, sizeof(err)))
			die(path, err);
		for (i = 0; i < NREC; i++) {
			if (xt_f3_writer_add(&w, recs[i].b, lens[i]) ||
			    (secure && i == NREC / 2 && xt_f3_writer_seal(&w)))
				die(path, strerror(errno));
		}
		if (xt_f3_writer_close(&w))
			die(path, strerror(errno));
	}
	f = fopen(path, "rb");
	if (!f)
		die(path, strerror(errno));
	n = fread(buf, 1, size, f);
	if (!feof(f))
		die(path, "longer than a fuzzer input");
	fclose(f);
	unlink(path);
	return n;
}

/* Zero every stored CRC: fuzz_f3 puts them back. */
static void zero_crcs(uint8_t *buf, size_t n)
{
	struct f3_frame_hdr fh;
	size_t off = 0;

	while (off < n) {
		if (!memcmp(buf + off, F3_MAGIC, F3_MAGIC_LEN)) {
			memset(buf + off + F3_HDR_CRC_OFF, 0, 4);
			off += F3_HDR_SIZE;
			continue;
		}
		memcpy(&fh, buf + off, sizeof(fh));
		memset(buf + off + offsetof(struct f3_frame_hdr, crc), 0, 4);
		off += xt_le32(fh.len);
	}
}

/* A record frame of F3_REC_FRAME_MAX bytes, sequence @seq, at @p. */
static size_t max_frame(uint8_t *p, uint64_t seq)
{
	struct f3_frame_hdr fh = {
		.len = xt_cpu32(F3_REC_FRAME_MAX),
		.type = xt_cpu16(F3_FRAME_RECORD),
		.dlen = xt_cpu32(F3_REC_FRAME_MAX - F3_FRAME_HDR),
		.seq = xt_cpu64(seq),
	};

	memset(p, 0x33, F3_REC_FRAME_MAX);
	memcpy(p, &fh, sizeof(fh));
	fh.crc = xt_cpu32(xt_crc32c(p + 8, F3_REC_FRAME_MAX - 8));
	memcpy(p, &fh, sizeof(fh));
	return F3_REC_FRAME_MAX;
}

static void f3_seeds(void)
{
	/* fuzz_f3's longest input */
	static uint8_t buf[4 * XTRAIL_REC_MAX];
	size_t n;

	n = f3_log(buf, sizeof(buf), 0, 2, 1);
	seed("f3", "blocks", buf, n);
	n = f3_log(buf, sizeof(buf), 1, 2, 1);
	seed("f3", "sealed-blocks", buf, n);
	n = f3_log(buf, sizeof(buf), 0, 1, 0);
	seed("f3", "plain", buf, n);
	/* a torn last frame */
	seed("f3", "torn", buf, n - 5);
	zero_crcs(buf, n);
	seed("f3", "zero-crc", buf, n);
	n = f3_log(buf, sizeof(buf), 1, 2, 0);
	seed("f3", "sealed", buf, n);
	/*
	 * Then the largest frame an encrypted segment may hold, its payload
	 * not a ciphertext: the scan passes it over as a record of its
	 * payload less F3_ABYTES bytes, which must still fit a record.
	 */
	seed("f3", "max-frame", buf, n + max_frame(buf + n, 2 * NREC));
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	if (xt_f3_sodium_init())
		die("libsodium", "does not initialise");
	dir = argv[1];
	mkdir_p(dir);
	build_records();
	record_seeds();
	encode_seeds();
	ring_seeds();
	f3_seeds();
	printf("make_corpus: %d seeds in %s\n", nseed, dir);
	return 0;
}
