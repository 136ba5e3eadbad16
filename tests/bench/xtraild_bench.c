// SPDX-License-Identifier: GPL-2.0
/*
 * xtraild_bench: dom0's pipeline natively, end to end. The real xtraild
 * (userspace/xtraild) reads a synthetic stream of 128-byte records at full
 * speed through its real input path: xtdev_shim.so stands in for the dom0
 * module's /dev/xtrail (ppoll, XTRAIL_IOC_POS, read of whole records,
 * XTRAIL_IOC_ACK once the flush made them durable; see xtdev_shim.c).
 * xtraild runs its default configuration: flush=data (fdatasync per read),
 * the hash chain, a seal every 10000 records or 10 s, encryption to an
 * auditor key, 64 MiB segments. Reads are capped at 1, 10, 100 records or
 * not at all (a full 256 KiB buffer: 2048 records), so that the cost of a
 * read (a batch) and of a record can be told apart: CPU per read =
 * a + b x records per read, a least-squares fit over the rows.
 *
 * Beside each row, the F3 writer alone in the same run: the same records,
 * batches of the same size, the same chain, seals, encryption and
 * fdatasync per batch, in this process (what xtraild's store adds to it is
 * the input path, the checks, the stream numbers and the acknowledgement).
 *
 * Figures only (records/s of wall time, records per CPU second, CPU per
 * record and per read), never pass/fail on a time; it fails only when the
 * daemon did not log every record.
 *
 *   xtraild_bench [DIR]    (files in DIR/xtraild_bench.tmp, removed after)
 *   XTRAIL_BENCH_SCALE=F   records per row times F (default 1)
 *   XTRAIL_BENCH_WRAP=CMD  run xtraild under CMD (e.g. valgrind's callgrind)
 *   XTRAIL_BENCH_ONLY=B    only the row of B records per read
 *   XTRAIL_BENCH_ARGS=...  more options for xtraild (e.g. --flush none)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "f3.h"
#include "test_util.h"

#define REC_LEN		128
#define SEAL_EVERY	10000
#define BUF_RECORDS	(256 * 1024 / REC_LEN)	/* xtraild's XTRAILD_BUF */
#define POOL_RECORDS	8192

#ifndef US_DIR
#error "US_DIR must name the userspace build directory"
#endif
#ifndef SHIM
#error "SHIM must name xtdev_shim.so"
#endif

static char dir[1024], pool[1100], out[1100], pub[1100], seal[1100];
static char state[1100], report[1100], errlog[1100];
static uint8_t pk[F3_KEY_LEN];
static uint8_t *recs;		/* POOL_RECORDS records of REC_LEN */

struct row {
	int sync;		/* flush=data (fdatasync per read), else none */
	unsigned int batch;	/* records per read, 0: no cap */
	uint64_t n;		/* records */
	double wall_ns, cpu_ns, user_ns, sys_ns;
	uint64_t reads, calls, clocks;
	double w_wall_ns, w_cpu_ns;	/* the writer alone */
};

static double ts_ns(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void die(const char *what)
{
	fprintf(stderr, "xtraild_bench: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* 128-byte exec records numbered 0, 1, ... (f3_bench's record). */
static void make_pool(void)
{
	static struct rec_buf r;
	uint32_t fn, len = 0, i;
	FILE *f;

	for (fn = 1; fn < 64 && len != REC_LEN; fn++)
		len = build_exec(&r, "/usr/bin/mail-with-a-long-name-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
				 fn, 0, "m", 2, 0, 0, 1);
	if (len != REC_LEN) {
		fprintf(stderr, "xtraild_bench: no 128-byte record (%u)\n",
			len);
		exit(1);
	}
	recs = malloc((size_t)POOL_RECORDS * REC_LEN);
	f = fopen(pool, "w");
	if (!recs || !f)
		die(pool);
	for (i = 0; i < POOL_RECORDS; i++) {
		hdr_of(&r)->seq = xt_cpu64(i);
		memcpy(recs + (size_t)i * REC_LEN, r.b, REC_LEN);
	}
	if (fwrite(recs, REC_LEN, POOL_RECORDS, f) != POOL_RECORDS ||
	    fclose(f))
		die(pool);
}

static void make_keys(void)
{
	uint8_t sk[F3_KEY_LEN], k0[F3_KEY_LEN];
	char err[512];

	crypto_box_keypair(pk, sk);
	randombytes_buf(k0, sizeof(k0));
	if (xt_f3_key_save(pub, pk, 0644, err, sizeof(err))) {
		fprintf(stderr, "xtraild_bench: %s\n", err);
		exit(1);
	}
	sodium_memzero(sk, sizeof(sk));
	sodium_memzero(k0, sizeof(k0));
}

/* A new seal key, and no log yet. */
static void fresh_log(void)
{
	uint8_t k0[F3_KEY_LEN];
	char err[512], cmd[4000];

	snprintf(cmd, sizeof(cmd), "rm -f '%s' '%s'* '%s'", seal, out, state);
	if (system(cmd))
		die("rm");
	randombytes_buf(k0, sizeof(k0));
	if (xt_f3_key_save(seal, k0, 0600, err, sizeof(err))) {
		fprintf(stderr, "xtraild_bench: %s\n", err);
		exit(1);
	}
	sodium_memzero(k0, sizeof(k0));
}

/* "exiting on SIGTERM: wrote N records" in the daemon's stderr. */
static uint64_t daemon_wrote(void)
{
	char line[1024], *p;
	uint64_t n = 0;
	FILE *f = fopen(errlog, "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		p = strstr(line, ": wrote ");
		if (p && strstr(line, "exiting"))
			n = strtoull(p + 8, NULL, 10);
	}
	fclose(f);
	return n;
}

static void run_daemon(struct row *rw)
{
	const char *wrap = getenv("XTRAIL_BENCH_WRAP");
	const char *args = getenv("XTRAIL_BENCH_ARGS");
	unsigned long long recs_, reads, acks, calls, pos, clocks;
	char *cmd;
	FILE *f;
	int st;

	fresh_log();
	unlink(report);
	/* xtraild's defaults but for the paths (and no xenstore here). */
	if (asprintf(&cmd,
		     "env LD_PRELOAD='%s' XTRAIL_BENCH_DEV='%s/dev' XTRAIL_BENCH_POOL='%s' XTRAIL_BENCH_RECORDS=%llu XTRAIL_BENCH_BATCH=%u XTRAIL_BENCH_REPORT='%s' %s %s/xtraild -f -c /dev/null -d '%s/dev' -o '%s' --auditor-public-key '%s' --seal-key '%s' --seal-state '%s' --no-auto-attach %s %s 2> '%s'",
		     SHIM, dir, pool, (unsigned long long)rw->n, rw->batch,
		     report, wrap ? wrap : "", US_DIR, dir, out, pub, seal,
		     state, rw->sync ? "" : "--flush none", args ? args : "",
		     errlog) < 0)
		die("asprintf");
	st = system(cmd);
	free(cmd);
	f = fopen(report, "r");
	if (st || !f ||
	    fscanf(f, "records %llu reads %llu acks %llu calls %llu pos %llu clocks %llu wall_ns %lf cpu_ns %lf user_ns %lf sys_ns %lf",
		   &recs_, &reads, &acks, &calls, &pos, &clocks,
		   &rw->wall_ns, &rw->cpu_ns, &rw->user_ns,
		   &rw->sys_ns) != 10 ||
	    daemon_wrote() < rw->n) {
		fprintf(stderr, "xtraild_bench: xtraild did not log the %llu records (status %d, stderr follows)\n",
			(unsigned long long)rw->n, st);
		f = fopen(errlog, "r");
		while (f && (st = fgetc(f)) != EOF)
			fputc(st, stderr);
		exit(1);
	}
	fclose(f);
	rw->reads = reads;
	rw->calls = calls;
	rw->clocks = clocks;
}

/* The writer alone: what xtraild's store does with the same batches. */
static void run_writer(struct row *rw)
{
	struct f3_writer_opts o = { 0 };
	struct f3_open_report rep;
	uint8_t k0[F3_KEY_LEN];
	uint64_t per = rw->batch ? rw->batch : BUF_RECORDS, i;
	struct f3_writer w;
	char err[512];
	double t0, c0;
	int rc = 0;

	fresh_log();
	randombytes_buf(k0, sizeof(k0));
	o.auditor_pk = pk;
	o.seal_key = k0;
	o.sealkey_path = state;
	o.blocks = 1;
	o.rotate_files = 1;
	o.max_segment = 64ull << 20;
	o.seal_records = SEAL_EVERY;
	o.seal_seconds = 10;
	if (xt_f3_writer_open(&w, out, &o, &rep, err, sizeof(err))) {
		fprintf(stderr, "xtraild_bench: %s\n", err);
		exit(1);
	}
	t0 = ts_ns(CLOCK_MONOTONIC);
	c0 = ts_ns(CLOCK_PROCESS_CPUTIME_ID);
	for (i = 0; i < rw->n; i++) {
		rc |= xt_f3_writer_add(&w, recs + (i % POOL_RECORDS) * REC_LEN,
				       REC_LEN);
		if ((i + 1) % per && i + 1 < rw->n)
			continue;
		/* the end of a batch, as xtraild's commit() */
		if (w.unsealed >= SEAL_EVERY)
			rc |= xt_f3_writer_seal(&w);
		else if (rw->sync)
			rc |= xt_f3_writer_sync(&w, 0);
		else
			rc |= xt_f3_writer_flush(&w);
	}
	rw->w_cpu_ns = ts_ns(CLOCK_PROCESS_CPUTIME_ID) - c0;
	rw->w_wall_ns = ts_ns(CLOCK_MONOTONIC) - t0;
	rc |= xt_f3_writer_close(&w);
	if (rc)
		die("writer");
}

static void print_row(const struct row *rw)
{
	char b[16];

	snprintf(b, sizeof(b), rw->batch ? "%u" : "full (%u)",
		 rw->batch ? rw->batch : BUF_RECORDS);
	printf("  %-11s %8llu %9.0f %9.0f %7.0f %4.0f%% %8.1f %5.1f %5.1f | %9.0f %9.0f %5.2f\n",
	       b, (unsigned long long)rw->n, rw->n / rw->wall_ns * 1e9,
	       rw->n / rw->cpu_ns * 1e9, rw->cpu_ns / rw->n,
	       100 * rw->sys_ns / (rw->user_ns + rw->sys_ns),
	       rw->cpu_ns / rw->reads / 1e3, (double)rw->calls / rw->reads,
	       (double)rw->clocks / rw->reads, rw->n / rw->w_wall_ns * 1e9,
	       rw->n / rw->w_cpu_ns * 1e9, rw->w_cpu_ns / rw->cpu_ns);
}

/* CPU per read = a + b x records per read, least squares over the rows. */
static void fit(const struct row *rows, int n)
{
	double sx = 0, sy = 0, sxx = 0, sxy = 0, x, y, a, b;
	int i, k = 0;

	for (i = 0; i < n; i++) {
		if (!rows[i].reads)
			continue;
		x = (double)rows[i].n / rows[i].reads;
		y = rows[i].cpu_ns / rows[i].reads;
		sx += x;
		sy += y;
		sxx += x * x;
		sxy += x * y;
		k++;
	}
	if (k < 2 || k * sxx == sx * sx)
		return;
	b = (k * sxy - sx * sy) / (k * sxx - sx * sx);
	a = (sy - b * sx) / k;
	printf("  least squares: CPU per read = %.1f us + %.0f ns x records: a read (a batch) costs as much as %.0f records\n",
	       a / 1e3, b, a / b);
}

static void table(int sync, const char *only, double scale)
{
	static const unsigned int batches[] = { 0, 100, 10, 1 };
	/* records per row: about the same number of reads in each */
	static const uint64_t counts[] = { 2000000, 300000, 40000, 4000 };
	struct row rows[4] = { 0 };
	int i, n = 0;

	printf("%s\n", sync ?
	       "flush=data (the default: fdatasync per read, then the acknowledgement)" :
	       "flush=none (write per read, sync only at seals: the daemon's own cost)");
	printf("  %-11s %8s %9s %9s %7s %5s %8s %5s %5s | %9s %9s %5s\n",
	       "rec/read", "records", "rec/s", "rec/CPU-s", "CPU ns", "sys",
	       "us/read", "calls", "clock", "writer/s", "wr/CPU-s", "xd/wr");
	for (i = 0; i < 4; i++) {
		if (only && (unsigned int)atoi(only) != batches[i])
			continue;
		rows[n].sync = sync;
		rows[n].batch = batches[i];
		rows[n].n = counts[i] * scale < 1 ? 1 : counts[i] * scale;
		run_daemon(&rows[n]);
		run_writer(&rows[n]);
		print_row(&rows[n]);
		fflush(stdout);
		n++;
	}
	fit(rows, n);
}

int main(int argc, char *argv[])
{
	const char *only = getenv("XTRAIL_BENCH_ONLY");
	const char *sc = getenv("XTRAIL_BENCH_SCALE");
	double scale = sc ? atof(sc) : 1;
	char cmd[4400];

	if (xt_f3_sodium_init())
		return 1;
	snprintf(dir, sizeof(dir), "%s/xtraild_bench.tmp",
		 argc > 1 ? argv[1] : ".");
	snprintf(pool, sizeof(pool), "%s/pool", dir);
	snprintf(out, sizeof(out), "%s/f3.log", dir);
	snprintf(pub, sizeof(pub), "%s/auditor.pub", dir);
	snprintf(seal, sizeof(seal), "%s/seal.key", dir);
	snprintf(state, sizeof(state), "%s/seal.state", dir);
	snprintf(report, sizeof(report), "%s/report", dir);
	snprintf(errlog, sizeof(errlog), "%s/stderr", dir);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) || mkdir(dir, 0700))
		die(dir);
	make_pool();
	make_keys();
	printf("xtraild end to end: the real daemon through its input path (xtdev_shim for\n"
	       "/dev/xtrail: ppoll, POS, read, ACK after the flush), default configuration: chain,\n"
	       "seal every %d records or 10 s, encrypted, 64 MiB segments; %d-byte records (%s)\n",
	       SEAL_EVERY, REC_LEN, dir);
	table(1, only, scale);
	table(0, only, scale);
	printf("  rec/s: wall time from the first read to the last acknowledgement; rec/CPU-s, CPU ns\n"
	       "  (per record), us/read: the daemon's CPU time, user + system (sys: its share);\n"
	       "  calls, clock: system calls and precise clock reads per read; writer: the F3 writer alone,\n"
	       "  same records and batches; xd/wr: xtraild's records per CPU second over the writer's\n");
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) ? 1 : 0;
}
