// SPDX-License-Identifier: GPL-2.0
/*
 * f3_bench: the F3 writer's throughput for 128-byte records, with the hash
 * chain, a seal every 10000 records and encryption to an auditor key,
 * under each flush mode of xtraild, against a plain buffered fwrite() of
 * the same records in the same run. Batches of 2048 records stand for one
 * read of xtraild's 256 KiB buffer. Records go in block frames (xtraild's
 * default); one line shows one frame per record for comparison. Figures
 * only, never pass/fail.
 *
 *   f3_bench [DIR]     (files go to DIR, default .; removed afterwards)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "f3.h"
#include "test_util.h"

#define REC_LEN		128
#define BATCH		2048
static uint64_t seal_every = 10000;
#define SEAL_EVERY	seal_every
#define FLUSH_FREQ	10000

static struct rec_buf r;
static char path[4096];
static int blocks = 1;		/* block frames (xtraild's default) */
static double base_rate;	/* plain fwrite, records/s */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* CPU time of the process: the rate per CPU second holds on a busy host. */
static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double cpu0;

/* A 128-byte exec record. */
static void make_rec(void)
{
	uint32_t fn, len = 0;

	for (fn = 1; fn < 64 && len != REC_LEN; fn++)
		len = build_exec(&r, "/usr/bin/mail-with-a-long-name-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
				 fn, 0, "m", 2, 0, 0, 1);
	if (len != REC_LEN) {
		fprintf(stderr, "f3_bench: no 128-byte record (%u)\n", len);
		exit(1);
	}
}

static void report(const char *name, uint64_t n, double t)
{
	double cpu = cpu_now() - cpu0;

	if (!base_rate)
		base_rate = n / t;
	printf("  %-30s %9.0f rec/s %7.1f MB/s %5.3f of plain %9.0f rec/CPU-s (%llu records, %.2f s)\n",
	       name, n / t, n * (double)REC_LEN / t / 1e6,
	       n / t / base_rate, n / cpu, (unsigned long long)n, t);
}

static void baseline(uint64_t n)
{
	FILE *f = fopen(path, "w");
	double t0 = now();
	uint64_t i;

	cpu0 = cpu_now();
	if (!f)
		exit(1);
	for (i = 0; i < n; i++)
		fwrite(r.b, REC_LEN, 1, f);
	fflush(f);
	fclose(f);
	report("plain fwrite (buffered)", n, now() - t0);
	unlink(path);
}

/* mode: 0 none, 1 incremental, 2 data, 3 sync */
static void f3_run(const char *name, int mode, uint64_t n, double max_s)
{
	static const char *const state = "f3_bench.state";
	uint8_t pk[F3_KEY_LEN], sk[F3_KEY_LEN], k0[F3_KEY_LEN];
	struct f3_writer_opts o = { 0 };
	struct f3_open_report rep;
	struct f3_writer w;
	uint64_t i, unsynced = 0;
	char err[512];
	double t0;
	int rc = 0;

	crypto_box_keypair(pk, sk);
	randombytes_buf(k0, sizeof(k0));
	o.auditor_pk = pk;
	o.seal_key = k0;
	o.sealkey_path = state;
	o.blocks = blocks;
	unlink(path);
	unlink(state);
	if (xt_f3_writer_open(&w, path, &o, &rep, err, sizeof(err))) {
		fprintf(stderr, "f3_bench: %s\n", err);
		exit(1);
	}
	t0 = now();
	cpu0 = cpu_now();
	for (i = 0; i < n; i++) {
		rc |= xt_f3_writer_add(&w, r.b, REC_LEN);
		if ((i + 1) % BATCH)
			continue;
		/* end of a batch: what xtraild's commit() does */
		unsynced += BATCH;
		if (w.unsealed >= SEAL_EVERY)
			rc |= xt_f3_writer_seal(&w), unsynced = 0;
		else if (mode == 0 || (mode == 1 && unsynced < FLUSH_FREQ))
			rc |= xt_f3_writer_flush(&w);
		else
			rc |= xt_f3_writer_sync(&w, mode == 3), unsynced = 0;
		if (now() - t0 > max_s) {
			i++;
			break;
		}
	}
	rc |= xt_f3_writer_close(&w);
	if (rc) {
		perror("f3_bench: writer");
		exit(1);
	}
	report(name, i, now() - t0);
	unlink(path);
	unlink(state);
}

int main(int argc, char *argv[])
{
	const char *dir = argc > 1 ? argv[1] : ".";
	uint64_t n = 2000000;

	if (xt_f3_sodium_init())
		return 1;
	snprintf(path, sizeof(path), "%s/f3_bench.tmp", dir);
	make_rec();
	printf("F3 writer, %d-byte records, chain + seal every %llu + encryption, batches of %d (%s)\n",
	       REC_LEN, (unsigned long long)SEAL_EVERY, BATCH, dir);
	baseline(n);
	/* the format before block frames, for comparison */
	blocks = 0;
	f3_run("f3 record frames, flush=incr.", 1, n, 10);
	blocks = 1;
	f3_run("f3 flush=none", 0, n, 10);
	f3_run("f3 flush=incremental", 1, n, 10);
	f3_run("f3 flush=data", 2, n, 5);
	f3_run("f3 flush=sync", 3, n, 5);
	/* the cost of the crypto alone: one seal per million records */
	seal_every = 1000000;
	f3_run("f3 flush=none, seal/1M", 0, n, 10);
	f3_run("f3 flush=incr., seal/1M", 1, n, 10);
	return 0;
}
