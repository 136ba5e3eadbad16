// SPDX-License-Identifier: GPL-2.0
/*
 * xtraild and "xtrail export" as programs: a record stream (a regular
 * file or a FIFO standing in for /dev/xtrail) goes in, an F3 file comes
 * out, and export turns it into JSON Lines. Runs the binaries built in
 * userspace/ (US_DIR).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "f3.h"
#include "test_files.h"
#include "test_util.h"

#ifndef US_DIR
#error "US_DIR must name the userspace build directory"
#endif
#define XTRAILD	US_DIR "/xtraild"
#define XTRAIL	US_DIR "/xtrail"

static struct rec_buf r;
static char dir[64], in[128], out[128], err_path[128], out_path[128];
static char pub[128], sec[128], seal[128], conf[128];
static char want[256];
static const char *text;	/* what the last slurp() read */
static uint8_t ask[F3_KEY_LEN], k0[F3_KEY_LEN];

static int setup(void **state)
{
	uint8_t pk[F3_KEY_LEN];
	char err[256];

	strcpy(dir, "daemon.tmp.XXXXXX");
	if (!mkdtemp(dir) || xt_f3_sodium_init())
		return -1;
	snprintf(in, sizeof(in), "%s/records", dir);
	snprintf(out, sizeof(out), "%s/log/f3.log", dir);
	snprintf(err_path, sizeof(err_path), "%s/stderr", dir);
	snprintf(out_path, sizeof(out_path), "%s/stdout", dir);
	snprintf(pub, sizeof(pub), "%s/auditor.pub", dir);
	snprintf(sec, sizeof(sec), "%s/auditor.key", dir);
	snprintf(seal, sizeof(seal), "%s/seal.key", dir);
	snprintf(conf, sizeof(conf), "%s/xtraild.conf", dir);
	crypto_box_keypair(pk, ask);
	randombytes_buf(k0, sizeof(k0));
	if (xt_f3_key_save(pub, pk, 0644, err, sizeof(err)) ||
	    xt_f3_key_save(sec, ask, 0600, err, sizeof(err)) ||
	    xt_f3_key_save(seal, k0, 0600, err, sizeof(err)))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	char cmd[640];

	snprintf(cmd, sizeof(cmd),
		 "umount '%s/log' 2>/dev/null; if [ -e '%s/loop' ]; then losetup -d $(cat '%s/loop'); fi; umount '%s/back' 2>/dev/null; rm -rf '%s' || { sleep 1; rm -rf '%s'; }",
		 dir, dir, dir, dir, dir, dir);
	return system(cmd) ? -1 : 0;
}

/* Start @argv with stdout and stderr to files; returns the pid. */
static pid_t start(char *const argv[])
{
	pid_t pid = fork();
	int o, e;

	assert_true(pid >= 0);
	if (!pid) {
		o = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		e = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (o < 0 || e < 0)
			_exit(126);
		dup2(o, 1);
		dup2(e, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	return pid;
}

static int finish(pid_t pid)
{
	int st;

	assert_int_equal(waitpid(pid, &st, 0), pid);
	if (!WIFEXITED(st))
		fail_msg("%s died with status 0x%x", "child", st);
	return WEXITSTATUS(st);
}

static int run_daemon(const char *input)
{
	char *const argv[] = {
		XTRAILD, "-f", "-c", "/dev/null", "-d", (char *)input,
		"-o", out, "--auditor-public-key", pub, "--seal-key", seal,
		"--keep-seal-key", "--record-frames", NULL
	};

	return finish(start(argv));
}

/* Run xtraild on @input with the usual keys and the options @extra. */
static pid_t start_daemon(const char *input, const char *const *extra)
{
	const char *argv[32] = {
		XTRAILD, "-f", "-c", "/dev/null", "-d", input, "-o", out,
		"--auditor-public-key", pub, "--seal-key", seal,
		"--keep-seal-key",
	};
	int n = 13;

	while (extra && *extra && n < 31)
		argv[n++] = *extra++;
	argv[n] = NULL;
	return start((char *const *)argv);
}

/* Run "xtrail ARGS..." to the end; its exit status. */
static int xtrail(const char *const *args)
{
	const char *argv[16] = { XTRAIL };
	int n = 1;

	while (*args && n < 15)
		argv[n++] = *args++;
	argv[n] = NULL;
	return finish(start((char *const *)argv));
}

/* Record @i of the test stream. Record 3 is invalid (padding). */
static uint32_t stream_rec(unsigned int i)
{
	uint32_t len;

	if (i == 0) {
		len = build_dom0(&r, XTRAIL_REC_CLOCK);
		((struct xtrail_clock *)(r.b + 88))->realtime_ns =
			xt_cpu64(1795305541ull * 1000000000ull);
	} else if (i % 4 == 2) {
		len = build_lost(&r, i, 1000 + i);
	} else {
		len = build_spam(&r);
	}
	hdr_of(&r)->seq = xt_cpu64(i);
	if (i == 3)
		r.b[len - 1] = 0x55;
	return len;
}

static void write_stream(int fd, unsigned int first, unsigned int n)
{
	unsigned int i;
	uint32_t len;

	for (i = first; i < first + n; i++) {
		len = stream_rec(i);
		assert_int_equal(write(fd, r.b, len), len);
	}
}

static void make_stream(unsigned int n)
{
	int fd = open(in, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	assert_true(fd >= 0);
	write_stream(fd, 0, n);
	close(fd);
}

/* Check the F3 file holds the valid records of the stream, in order. */
static uint64_t check_f3(unsigned int n, unsigned int times)
{
	struct f3_reader *rd = malloc(sizeof(*rd));
	const void *rec;
	enum f3_status st;
	unsigned int i, t;
	uint32_t len;
	uint64_t count = 0;

	assert_non_null(rd);
	rd->own = 0;
	rd->no_decrypt = 0;
	rd->require_start = 1;
	assert_int_equal(xt_f3_reader_open(rd, out), F3_OK);
	xt_f3_reader_set_auditor_key(rd, ask);
	xt_f3_reader_set_seal_key(rd, k0);
	for (t = 0; t < times; t++) {
		for (i = 0; i < n; i++) {
			if (i == 3)
				continue;
			st = xt_f3_next(rd, &rec, &len);
			if (st != F3_OK)
				fail_msg("record %u: %s", i, xt_f3_strerror(rd));
			assert_int_equal(len, stream_rec(i));
			assert_memory_equal(rec, r.b, len);
			count++;
		}
	}
	assert_int_equal(xt_f3_next(rd, &rec, &len), F3_END);
	xt_f3_reader_close(rd);
	free(rd);
	return count;
}

static void test_file_input(void **state)
{
	struct stat st;

	make_stream(10);
	assert_int_equal(run_daemon(in), 0);
	text = slurp(err_path);
	assert_contains(text, "(new file, segment 0, encrypted, sealed");
	assert_contains(text, "invalid record (non-zero padding)");
	assert_contains(text, "seq 3");
	assert_contains(text, "wrote 9 records");
	assert_contains(text, "skipped 1 invalid");
	check_f3(10, 1);
	/* the log directory was made private */
	snprintf(want, sizeof(want), "%s/log", dir);
	assert_int_equal(stat(want, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_int_equal(stat(out, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);

	/* again: appends */
	assert_int_equal(run_daemon(in), 0);
	assert_contains(slurp(err_path), "appending after 9 records");
	check_f3(10, 2);
}

static void test_torn_tail(void **state)
{
	uint8_t id[F3_ID_LEN], key[F3_KEY_LEN];
	char state_path[160], e[256];
	struct stat st;
	uint64_t epoch;

	make_stream(10);
	assert_int_equal(run_daemon(in), 0);
	assert_int_equal(stat(out, &st), 0);
	/*
	 * The final seal (136 bytes) and 5 bytes of the last record torn: a
	 * seal that did not reach the disk, so the key had not evolved yet
	 * (xt_f3_writer_seal() syncs the seal first).
	 */
	assert_int_equal(truncate(out, st.st_size - 141), 0);
	snprintf(state_path, sizeof(state_path), "%s.sealstate", out);
	assert_int_equal(xt_f3_sealkey_load(state_path, &epoch, id, key, e,
					    sizeof(e)), 1);
	assert_int_equal(epoch, 1);
	assert_int_equal(xt_f3_sealkey_save(state_path, 0, id, k0), 0);
	/* an empty input: only the repair happens */
	assert_int_equal(truncate(in, 0), 0);
	assert_int_equal(run_daemon(in), 0);
	text = slurp(err_path);
	assert_contains(text, "cut off a torn tail of");
	assert_contains(text, "appending after 8 records");
	check_f3(9, 1);
}

/* More than one read buffer: reads split records, which carry over. */
static void test_large_input(void **state)
{
	make_stream(3001);
	assert_int_equal(run_daemon(in), 0);
	assert_contains(slurp(err_path), "wrote 3000 records");
	assert_int_equal(check_f3(3001, 1), 3000);
}

static void test_incomplete_last_record(void **state)
{
	int fd;

	make_stream(6);
	fd = open(in, O_WRONLY | O_APPEND);
	assert_true(fd >= 0);
	stream_rec(1);
	assert_int_equal(write(fd, r.b, 100), 100);
	close(fd);
	assert_int_equal(run_daemon(in), 0);
	text = slurp(err_path);
	assert_contains(text, "input ends inside a record; 100 bytes dropped");
	check_f3(6, 1);
}

static void wait_size(off_t want)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	struct stat st;
	int i;

	for (i = 0; i < 500; i++) {
		if (!stat(out, &st) && st.st_size >= want)
			return;
		nanosleep(&ts, NULL);
	}
	fail_msg("F3 file did not reach %lld bytes", (long long)want);
}

/* Open the FIFO once xtraild has it open for reading (ENXIO before). */
static int open_fifo_writer(void)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	int fd, i;

	for (i = 0; i < 500; i++) {
		fd = open(in, O_WRONLY | O_NONBLOCK);
		if (fd >= 0) {
			fcntl(fd, F_SETFL, 0);
			return fd;
		}
		assert_int_equal(errno, ENXIO);
		nanosleep(&ts, NULL);
	}
	fail_msg("xtraild did not open the FIFO");
	return -1;
}

static void test_fifo_sigterm(void **state)
{
	char *const argv[] = { XTRAILD, "--foreground", "--device", in,
			 "--output", out, "-c", conf, NULL };
	off_t want = F3_HDR_SIZE;
	unsigned int i;
	pid_t pid;
	int fd;
	FILE *f = fopen(conf, "w");

	/* the settings from a config file */
	assert_non_null(f);
	fprintf(f, "# test\nauditor_public_key = %s\nseal_key %s\n"
		"flush = sync\nseal_every_records = 1000\nrecord_frames = yes\n",
		pub, seal);
	fclose(f);
	assert_int_equal(mkfifo(in, 0600), 0);
	pid = start(argv);
	fd = open_fifo_writer();
	write_stream(fd, 0, 5);
	for (i = 0; i < 5; i++)
		if (i != 3)
			want += (F3_FRAME_HDR + stream_rec(i) + F3_ABYTES + 7) &
				~7;
	/* the batch is on disk before anything else happens */
	wait_size(want);
	assert_int_equal(kill(pid, SIGTERM), 0);
	assert_int_equal(finish(pid), 0);
	close(fd);
	text = slurp(err_path);
	assert_contains(text, "on SIGTERM");
	assert_contains(text, "wrote 4 records");
	assert_contains(text, "flush sync");
	check_f3(5, 1);
}

static void test_errors(void **state)
{
	char *const argv[] = { XTRAILD, "-f", "-d", in, "-o", out,
			       "-c", "/dev/null", "--plaintext", NULL };
	char *const no_key[] = { XTRAILD, "-f", "-d", in, "-o", out,
			       "-c", "/dev/null", NULL };
	char *const bad_conf[] = { XTRAILD, "-f", "-d", in, "-o", out,
			       "-c", conf, "--plaintext", NULL };
	char *const bad_opt[] = { XTRAILD, "--bogus", NULL };
	char *const help[] = { XTRAILD, "--help", NULL };
	FILE *f;

	assert_int_equal(run_daemon(in), 1);
	snprintf(want, sizeof(want),
		 "xtraild: %s: No such file or directory (is xtrail_dom0 loaded?)",
		 in);
	assert_contains(slurp(err_path), want);

	/* no auditor key: refused unless --plaintext */
	make_stream(2);
	assert_int_equal(finish(start(no_key)), 1);
	assert_contains(slurp(err_path), "no auditor_public_key");
	f = fopen(conf, "w");
	assert_non_null(f);
	fputs("flush = often\n", f);
	fclose(f);
	assert_int_equal(finish(start(bad_conf)), 1);
	assert_contains(slurp(err_path), "bad flush 'often'");
	f = fopen(conf, "w");
	assert_non_null(f);
	fputs("colour = blue\n", f);
	fclose(f);
	assert_int_equal(finish(start(bad_conf)), 1);
	assert_contains(slurp(err_path), "unknown setting 'colour'");

	/* an output that is not F3 is left alone */
	make_stream(2);
	snprintf(want, sizeof(want), "%s/log", dir);
	mkdir(want, 0700);
	f = fopen(out, "w");
	assert_non_null(f);
	fputs("precious\n", f);
	fclose(f);
	assert_int_equal(finish(start(argv)), 1);
	assert_contains(slurp(err_path), "bad magic");
	assert_string_equal(slurp(out), "precious\n");

	assert_int_equal(finish(start(bad_opt)), 1);
	assert_int_equal(finish(start(help)), 0);
	assert_contains(slurp(out_path), "Usage: xtraild");
}

static void test_export(void **state)
{
	char *const argv[] = { XTRAIL, "export", "--key", sec, out, NULL };
	char *const argv_nokey[] = { XTRAIL, "export", out, NULL };
	char *const argv_o[] = {
		XTRAIL, "export", "--format", "jsonl", out, "-o", want,
		"--seal-key", seal, NULL
	};
	char *const argv_bad_fmt[] = { XTRAIL, "export", "--format", "xml", out,
				 NULL };
	static char first[1 << 16];
	const char *p;
	unsigned int lines = 0;
	unsigned char byte;
	int fd;

	snprintf(want, sizeof(want), "%s/out.jsonl", dir);
	make_stream(6);
	assert_int_equal(run_daemon(in), 0);
	assert_int_equal(finish(start(argv)), 0);
	for (p = text = slurp(out_path); (p = strchr(p, '\n')); p++)
		lines++;
	assert_int_equal(lines, 5);
	assert_contains(text, "{\"f3_seq\":0,\"seq\":0,\"type\":\"clock\",\"domid\":0,");
	assert_contains(text, "\"time\":\"2026-11-21T23:59:01.000000000Z\"");
	assert_contains(text,
			"\"recv_time\":\"2026-11-21T23:59:01.000500000Z\"");
	assert_contains(text, "\"argv\":[\"mail\",\"-s\",\"spamSubject\","
			"\"winai.wongthai@ncl.ac.uk\"]");
	assert_contains(text, "\"type\":\"lost\"");

	strcpy(first, text);
	/* without the key: nothing; with it in the environment: the same */
	assert_int_equal(finish(start(argv_nokey)), 1);
	assert_contains(slurp(err_path), "secret key is needed");
	assert_string_equal(slurp(out_path), "");
	setenv("XTRAIL_AUDITOR_KEY", sec, 1);
	assert_int_equal(finish(start(argv_o)), 0);
	unsetenv("XTRAIL_AUDITOR_KEY");
	assert_string_equal(slurp(out_path), "");
	assert_string_equal(slurp(want), first);
	assert_int_equal(finish(start(argv_bad_fmt)), 1);
	assert_contains(slurp(err_path), "unknown format 'xml'");

	/*
	 * corrupt record 4, at 256 + 144 + 216 + 160: good lines first.  The
	 * byte is inverted, not overwritten: the ciphertext there is random
	 * and holds any given value once in 256 runs.
	 */
	fd = open(out, O_RDWR);
	assert_true(fd >= 0);
	assert_int_equal(pread(fd, &byte, 1, 776 + 50), 1);
	byte ^= 0xff;
	assert_int_equal(pwrite(fd, &byte, 1, 776 + 50), 1);
	close(fd);
	assert_int_equal(finish(start(argv)), 1);
	lines = 0;
	for (p = text = slurp(out_path); (p = strchr(p, '\n')); p++)
		lines++;
	assert_int_equal(lines, 3);
	assert_contains(slurp(err_path), "offset 776: bad crc");
}

static void test_verify_anchor_keygen(void **state)
{
	char anchor[160], kdir[128];
	char *const verify[] = { XTRAIL, "verify", out, "--seal-key", seal,
			       "--anchor", anchor, NULL };
	char *const verify_key[] = { XTRAIL, "verify", out, "--key", sec,
				   NULL };
	char *const anchor_cmd[] = { XTRAIL, "anchor", out, NULL };
	char *const keygen[] = { XTRAIL, "keygen", kdir, NULL };
	off_t first_run;
	struct stat st;
	FILE *f;
	unsigned char byte;
	int fd;

	snprintf(anchor, sizeof(anchor), "%s/anchor", dir);
	snprintf(kdir, sizeof(kdir), "%s/keys", dir);
	make_stream(6);
	assert_int_equal(run_daemon(in), 0);
	assert_int_equal(stat(out, &st), 0);
	first_run = st.st_size;
	assert_int_equal(finish(start(anchor_cmd)), 0);
	assert_contains(slurp(out_path), "xtrail-anchor-v1 ");
	f = fopen(anchor, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	assert_int_equal(finish(start(verify)), 0);
	assert_contains(slurp(out_path),
			"OK: 1 segments, 5 records, 1 seals (epochs 0..0), matches the anchor");
	assert_int_equal(finish(start(verify_key)), 0);
	assert_contains(slurp(out_path), "decrypted");
	assert_contains(text, "seal MACs not checked");
	/* a second run, then the tail cut at the second segment */
	assert_int_equal(run_daemon(in), 0);
	assert_int_equal(finish(start(verify)), 0);
	assert_int_equal(stat(out, &st), 0);
	assert_int_equal(truncate(out, st.st_size - 121), 0);
	assert_int_equal(finish(start(verify)), 1);
	assert_contains(slurp(err_path), "truncated");
	/* the first segment back alone: what the anchor saw */
	assert_int_equal(truncate(out, first_run), 0);
	assert_int_equal(finish(start(verify)), 0);
	/* without its seal (136 bytes): the anchored seal is missing */
	assert_int_equal(truncate(out, first_run - 136), 0);
	assert_int_equal(finish(start(verify)), 1);
	assert_contains(slurp(err_path), "the anchored seal (epoch 0) is not in the log");
	/* without its last record too: the anchor's point is not reached */
	assert_int_equal(truncate(out, first_run - 136 - 216), 0);
	assert_int_equal(finish(start(verify)), 1);
	assert_contains(slurp(err_path), "the anchored seal (epoch 0) is not in the log");
	/* an altered byte (always altered: inverted, not overwritten) */
	fd = open(out, O_RDWR);
	assert_true(fd >= 0);
	assert_int_equal(pread(fd, &byte, 1, 256 + 30), 1);
	byte ^= 0xff;
	assert_int_equal(pwrite(fd, &byte, 1, 256 + 30), 1);
	close(fd);
	assert_int_equal(finish(start(verify)), 1);
	assert_contains(slurp(err_path), "offset 256: bad crc");

	assert_int_equal(finish(start(keygen)), 0);
	snprintf(want, sizeof(want), "%s/auditor.key", kdir);
	assert_int_equal(stat(want, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	snprintf(want, sizeof(want), "%s/seal.key", kdir);
	assert_int_equal(stat(want, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(st.st_size, 65);
	/* never overwrites */
	assert_int_equal(finish(start(keygen)), 1);
	assert_contains(slurp(err_path), "exists");
}

/*
 * kill -9 at random moments under load, many times: after each restart
 * the log verifies (chain and seals) and no record is there twice.
 */
static void test_kill9(void **state)
{
	char *const argv[] = { XTRAILD, "-f", "-c", "/dev/null", "-d", in,
			       "-o", out, "--auditor-public-key", pub,
			       "--seal-key", seal, "--seal-every-records",
			       "50", "--flush", "incremental", "--flush-freq",
			       "20", NULL };
	struct timespec ts;
	struct f3_reader *rd = calloc(1, sizeof(*rd));
	const struct xtrail_rec_hdr *h;
	const void *rec;
	uint8_t *seen;
	unsigned int kills = 0, next = 0, total = 0, i, n;
	enum f3_status st;
	uint32_t len;
	pid_t pid;
	int fd, rfd;
	unsigned int seed = time(NULL);

	print_message("kill9: seed %u\n", seed);
	srand(seed);
	assert_non_null(rd);
	assert_int_equal(mkfifo(in, 0600), 0);
	/* our own reader end keeps unread records in the pipe */
	rfd = open(in, O_RDONLY | O_NONBLOCK);
	assert_true(rfd >= 0);
	fd = open(in, O_WRONLY);
	assert_true(fd >= 0);
	fcntl(fd, F_SETFL, O_NONBLOCK);
	seen = calloc(1, 1 << 20);
	assert_non_null(seen);
	for (kills = 0; kills < 200; kills++) {
		pid = start(argv);
		/* records as whole writes; the pipe holds at most 64 KiB */
		n = 20 + rand() % 200;
		for (i = 0; i < n; i++) {
			build_spam(&r);
			hdr_of(&r)->seq = xt_cpu64(next);
			len = xt_le32(hdr_of(&r)->len);
			if (write(fd, r.b, len) != (ssize_t)len)
				break;
			next++;
		}
		ts.tv_sec = 0;
		ts.tv_nsec = (rand() % 40) * 1000 * 1000;
		nanosleep(&ts, NULL);
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
	/* the last one drains the pipe and stops cleanly */
	pid = start(argv);
	ts.tv_sec = 0;
	ts.tv_nsec = 300 * 1000 * 1000;
	nanosleep(&ts, NULL);
	kill(pid, SIGTERM);
	assert_int_equal(finish(pid), 0);
	close(fd);
	close(rfd);

	rd->require_start = 1;
	st = xt_f3_reader_open(rd, out);
	xt_f3_reader_set_auditor_key(rd, ask);
	xt_f3_reader_set_seal_key(rd, k0);
	while (st == F3_OK) {
		st = xt_f3_next(rd, &rec, &len);
		if (st != F3_OK)
			break;
		h = rec;
		assert_true(xt_le64(h->seq) < next);
		if (seen[xt_le64(h->seq)])
			fail_msg("record %llu twice",
				 (unsigned long long)xt_le64(h->seq));
		seen[xt_le64(h->seq)] = 1;
		total++;
	}
	if (st != F3_END)
		fail_msg("%s", xt_f3_strerror(rd));
	print_message("kill9: %u kills, %u of %u records, %llu segments, %llu seals\n",
		      kills, total, next, (unsigned long long)rd->segments,
		      (unsigned long long)rd->seals);
	/* a segment per start, and one after each seal (a new key) */
	assert_true(rd->segments >= 2 &&
		    rd->segments <= kills + 1 + rd->seals);
	assert_true(rd->seals > 0);
	/*
	 * Records read from the pipe by a process killed before it wrote
	 * them are lost (reading is what acknowledges, as on /dev/xtrail);
	 * a run keeps at most one read buffer in memory. How many that is
	 * depends on how far each run got before its kill: on a loaded
	 * machine (load 9 on 2 cores) a third was kept, idle most of them.
	 */
	assert_true(total > next / 4);
	xt_f3_reader_close(rd);
	free(rd);
	free(seen);
}

/*
 * xtraild on the device: tests/bench/xtdev_shim.c, preloaded, stands in
 * for the dom0 module's /dev/xtrail (POS, whole records per read, ACK),
 * here 1000 records in reads of 10 under the default flush=data. Every
 * record is stored once and in order, and acknowledged (the shim stops
 * the daemon at the last acknowledgement and reports). The position is
 * asked once, before the first read, not before each of the 100 reads
 * (0 requests while measuring; 99 when it asked each time), and no batch
 * reads a precise clock (2 per read with CLOCK_MONOTONIC for the seal
 * timer: a system call where dom0's vDSO has no clock).
 */
static void test_device_stream(void **state)
{
	const char *const opts[] = { "--no-auto-attach", NULL };
	unsigned long long recs, reads, acks, calls, pos, clocks;
	char shim[PATH_MAX], dev[160], report[160];
	struct f3_reader *rd = calloc(1, sizeof(*rd));
	const struct xtrail_rec_hdr *h;
	unsigned int i, end = 0;
	enum f3_status st;
	const void *rec;
	uint32_t len;
	FILE *f;
	pid_t pid;
	int fd;

	assert_non_null(rd);
	snprintf(dev, sizeof(dev), "%s/xtrail-dev", dir);
	snprintf(report, sizeof(report), "%s/shim-report", dir);
	fd = open(in, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	for (i = 0; i < 1000; i++) {
		len = build_spam(&r);
		hdr_of(&r)->seq = xt_cpu64(i);
		assert_int_equal(write(fd, r.b, len), len);
	}
	close(fd);
	assert_non_null(realpath("xtdev_shim.so", shim));
	setenv("LD_PRELOAD", shim, 1);
	setenv("XTRAIL_BENCH_DEV", dev, 1);
	setenv("XTRAIL_BENCH_POOL", in, 1);
	setenv("XTRAIL_BENCH_RECORDS", "1000", 1);
	setenv("XTRAIL_BENCH_BATCH", "10", 1);
	setenv("XTRAIL_BENCH_REPORT", report, 1);
	pid = start_daemon(dev, opts);
	unsetenv("LD_PRELOAD");
	if (finish(pid))
		fail_msg("xtraild: %s", slurp(err_path));
	assert_contains(slurp(err_path), "wrote 1000 records");

	f = fopen(report, "r");
	assert_non_null(f);
	assert_int_equal(fscanf(f, "records %llu reads %llu acks %llu calls %llu pos %llu clocks %llu",
				&recs, &reads, &acks, &calls, &pos, &clocks),
			 6);
	fclose(f);
	print_message("device: %llu reads, %llu acks, %llu system calls, %llu position requests, %llu precise clock reads\n",
		      reads, acks, calls, pos, clocks);
	assert_int_equal(recs, 1000);
	assert_int_equal(reads, 100);
	assert_int_equal(pos, 0);
	assert_int_equal(clocks, 0);

	rd->require_start = 1;
	assert_int_equal(xt_f3_reader_open(rd, out), F3_OK);
	xt_f3_reader_set_auditor_key(rd, ask);
	xt_f3_reader_set_seal_key(rd, k0);
	i = 0;
	while ((st = xt_f3_next(rd, &rec, &len)) == F3_OK) {
		h = rec;
		if (xt_le16(h->type) == XTRAIL_REC_STREAM_END) {
			end++;
			continue;
		}
		assert_int_equal(xt_le64(h->seq), i);
		i++;
	}
	if (st != F3_END)
		fail_msg("%s", xt_f3_strerror(rd));
	assert_int_equal(i, 1000);
	assert_int_equal(end, 1);
	xt_f3_reader_close(rd);
	free(rd);
}

/* ---- rotation, retention, full disks and I/O errors ---------------------- */

static void sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char logdir[128], anchor_path[128];

static void set_logdir(void)
{
	snprintf(logdir, sizeof(logdir), "%s/log", dir);
	snprintf(anchor_path, sizeof(anchor_path), "%s/anchor", dir);
}

static size_t rotated(char ***names)
{
	size_t n;

	assert_int_equal(xt_f3_rotated_files(out, names, &n), 0);
	return n;
}

static void test_rotation(void **state)
{
	const char *const opts[] = { "--max-segment-size", "16K", NULL };
	char moved[160];
	char **names;
	size_t n;
	FILE *f;

	set_logdir();
	make_stream(600);
	assert_int_equal(finish(start_daemon(in, opts)), 0);
	n = rotated(&names);
	assert_true(n >= 4);
	assert_int_equal(xtrail((const char *[]){ "verify", logdir,
			 "--seal-key", seal, NULL }), 0);
	assert_contains(slurp(out_path), ", 599 records,");
	/* a list of files in any order is put in order too */
	sh("%s verify $(ls -r %s/*.log*[0-9] %s) > %s", XTRAIL, logdir, out,
	   out_path);
	assert_contains(slurp(out_path), ", 599 records,");
	assert_int_equal(xtrail((const char *[]){ "anchor", logdir, NULL }),
			 0);
	f = fopen(anchor_path, "w");
	assert_non_null(f);
	fputs(slurp(out_path), f);
	fclose(f);
	/* the current file removed: the anchor sees it */
	snprintf(moved, sizeof(moved), "%s/moved", dir);
	assert_int_equal(rename(out, moved), 0);
	assert_int_equal(xtrail((const char *[]){ "verify", logdir,
			 "--anchor", anchor_path, NULL }), 1);
	assert_contains(slurp(err_path), "the anchored seal (epoch 0) is not in the log");
	assert_int_equal(rename(moved, out), 0);
	/* the oldest file removed: only accepted with --retained */
	assert_int_equal(rename(names[0], moved), 0);
	assert_int_equal(xtrail((const char *[]){ "verify", logdir, NULL }),
			 1);
	assert_contains(slurp(err_path), "segments 0..0 are missing");
	assert_int_equal(xtrail((const char *[]){ "verify", logdir,
			 "--retained", "--seal-key", seal, "--anchor",
			 anchor_path, NULL }), 0);
	assert_contains(slurp(out_path), "matches the anchor");
	assert_int_equal(rename(moved, names[0]), 0);
	/* a file in the middle removed */
	assert_int_equal(unlink(names[1]), 0);
	assert_int_equal(xtrail((const char *[]){ "verify", logdir,
			 "--retained", NULL }), 1);
	assert_contains(slurp(err_path), "--retained needs --anchor");
	assert_int_equal(xtrail((const char *[]){ "verify", logdir,
			 "--retained", "--anchor", anchor_path, NULL }), 1);
	assert_contains(slurp(err_path), "segments missing or out of order");
	xt_f3_free_names(names);
}

static void test_retention(void **state)
{
	const char *const opts[] = { "--max-segment-size", "16K",
				     "--num-segments", "2", NULL };
	const char *const age[] = { "--max-segment-age", "3600", NULL };
	struct timespec old[2] = { { .tv_sec = time(NULL) - 7200 },
				   { .tv_sec = time(NULL) - 7200 } };
	char **names;

	set_logdir();
	make_stream(400);
	assert_int_equal(finish(start_daemon(in, opts)), 0);
	assert_int_equal(rotated(&names), 2);
	xt_f3_free_names(names);
	assert_int_equal(xtrail((const char *[]){ "verify", logdir, NULL }),
			 1);
	/* --retained only against what the auditor holds */
	assert_int_equal(xtrail((const char *[]){ "verify", logdir,
			 "--retained", "--seal-key", seal, NULL }), 1);
	assert_contains(slurp(err_path), "--retained needs --anchor or --pin-epoch");
	assert_int_equal(xtrail((const char *[]){ "verify", logdir,
			 "--retained", "--seal-key", seal, "--pin-epoch", "0",
			 NULL }), 0);
	assert_contains(slurp(out_path), "holds the pinned seal (epoch 0)");
	assert_int_equal(xtrail((const char *[]){ "verify", logdir,
			 "--retained", "--seal-key", seal, "--pin-epoch", "1",
			 NULL }), 1);
	assert_contains(slurp(err_path), "before the pinned seal (epoch 1)");
	/* by age: the oldest file made two hours old */
	assert_int_equal(rotated(&names), 2);
	assert_int_equal(utimensat(AT_FDCWD, names[0], old, 0), 0);
	assert_int_equal(truncate(in, 0), 0);
	assert_int_equal(finish(start_daemon(in, age)), 0);
	assert_int_equal(access(names[0], F_OK), -1);
	assert_int_equal(access(names[1], F_OK), 0);
	assert_contains(slurp(err_path), "deleted (retention)");
	xt_f3_free_names(names);
}

/* Wait up to 20 s for @needle in @path. */
static void wait_for(const char *path, const char *needle)
{
	int i;

	for (i = 0; i < 200; i++) {
		if (!access(path, R_OK) && strstr(slurp(path), needle)) {
			text = slurp(path);
			return;
		}
		usleep(100000);
	}
	fail_msg("'%s' never appeared in %s: %s", needle, path, slurp(path));
}

static void sh(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if (system(cmd))
		fail_msg("failed: %s", cmd);
}

/*
 * Run the shell command that makes a small file system; skipped (and
 * said) where this host cannot mount: not root, or a container.
 */
static void mount_or_skip(const char *cmd)
{
	if (geteuid() || system(cmd)) {
		print_message("skipped: cannot run '%s' here (needs root and mount)\n",
			      cmd);
		skip();
	}
}

/* A tmpfs of @size on the log directory. */
static void small_disk(const char *size)
{
	char cmd[512];

	set_logdir();
	snprintf(cmd, sizeof(cmd),
		 "mkdir -p %s && mount -t tmpfs -o size=%s,mode=0700 tmpfs %s",
		 logdir, size, logdir);
	mount_or_skip(cmd);
}

/* The durable count the daemon reported in its failure message. */
static unsigned long durable_reported(void)
{
	const char *p = strstr(slurp(err_path), "the first ");
	char *end;
	unsigned long n;

	assert_non_null(p);
	n = strtoul(p + 10, &end, 10);
	assert_true(end > p + 10 && *end == ' ');
	return n;
}

static void test_disk_full_halt(void **state)
{
	const char *const opts[] = { "--disk-full-action", "halt", NULL };
	unsigned long n;

	small_disk("384k");
	make_stream(3000);
	assert_int_equal(finish(start_daemon(in, opts)), 1);
	text = slurp(err_path);
	assert_contains(text, "disk full (No space left on device)");
	assert_contains(text, "action: halt");
	assert_contains(text, "failure marker written");
	assert_contains(text, "stopping on error");
	n = durable_reported();
	assert_true(n > 1000 && n < 2999);
	assert_int_equal(xtrail((const char *[]){ "verify", logdir,
			 "--seal-key", seal, NULL }), 0);
	text = slurp(out_path);
	assert_contains(text, "failure marker: disk full (No space left on device) in segment 0");
	assert_contains(text, "action halt");
	assert_contains(text, "1 failure markers");
	snprintf(want, sizeof(want), ", %lu records,", n);
	assert_contains(text, want);
}

static void test_disk_full_rotate(void **state)
{
	const char *const opts[] = { "--disk-full-action", "rotate",
				     "--max-segment-size", "16K", NULL };
	FILE *f;

	small_disk("512k");
	make_stream(6000);
	if (finish(start_daemon(in, opts)))
		fail_msg("xtraild: %s", slurp(err_path));
	text = slurp(err_path);
	assert_contains(text, "action: rotate");
	assert_contains(text, "deleted (disk full)");
	assert_contains(text, "wrote 5999 records");
	/* the auditor's anchor, taken now */
	assert_int_equal(xtrail((const char *[]){ "anchor", logdir, NULL }),
			 0);
	f = fopen(anchor_path, "w");
	assert_non_null(f);
	fputs(slurp(out_path), f);
	fclose(f);
	if (xtrail((const char *[]){ "verify", logdir, "--retained",
		   "--seal-key", seal, "--anchor", anchor_path, NULL }))
		fail_msg("verify: %s", slurp(err_path));
	assert_contains(slurp(out_path), "failure markers");
}

/* keep (retry every second) and suspend (SIGUSR2): space comes back. */
static void disk_full_wait(const char *action)
{
	const char *const opts[] = { "--disk-full-action", action,
				     "--disk-retry-seconds", "1", NULL };
	pid_t pid;

	small_disk("256k");
	sh("dd if=/dev/zero of=%s/filler bs=1k count=150 2>/dev/null",
	   logdir);
	make_stream(1000);
	pid = start_daemon(in, opts);
	wait_for(err_path, "disk full (No space left on device)");
	snprintf(want, sizeof(want), "action: %s", action);
	assert_contains(text, want);
	usleep(1500000);
	/* still there, writing nothing */
	assert_int_equal(waitpid(pid, NULL, WNOHANG), 0);
	snprintf(want, sizeof(want), "%s/filler", logdir);
	assert_int_equal(unlink(want), 0);
	if (!strcmp(action, "suspend"))
		assert_int_equal(kill(pid, SIGUSR2), 0);
	assert_int_equal(finish(pid), 0);
	text = slurp(err_path);
	assert_contains(text, "failure marker written");
	assert_contains(text, "wrote 999 records");
	/* every record exactly once, in order */
	check_f3(1000, 1);
	assert_int_equal(xtrail((const char *[]){ "verify", logdir,
			 "--seal-key", seal, NULL }), 0);
	assert_contains(slurp(out_path), " failure markers");
}

static void test_disk_full_keep(void **state)
{
	disk_full_wait("keep");
}

static void test_disk_full_suspend(void **state)
{
	disk_full_wait("suspend");
}

/*
 * disk_error_action keep and rotate: the log's sync fails once with EIO
 * (eio_shim.c, preloaded into the real xtraild), as a disk's writeback
 * error would, and the disk works again. keep waits a second and goes on
 * in a new segment of the same file, rotate in a new file; either way a
 * failure marker says so, and nothing acknowledged is lost.
 */
static pid_t start_eio(const char *action, const char *skip)
{
	const char *const opts[] = { "--disk-error-action", action,
				     "--disk-retry-seconds", "1",
				     "--flush", "sync", NULL };
	char shim[PATH_MAX];
	pid_t pid;

	assert_non_null(realpath("eio_shim.so", shim));
	setenv("LD_PRELOAD", shim, 1);
	setenv("XTRAIL_EIO_PATH", "/log/f3.log", 1);
	setenv("XTRAIL_EIO_SKIP", skip, 1);
	pid = start_daemon(in, opts);
	unsetenv("LD_PRELOAD");
	unsetenv("XTRAIL_EIO_PATH");
	unsetenv("XTRAIL_EIO_SKIP");
	return pid;
}

static void io_error_once(const char *action)
{
	set_logdir();
	make_stream(3000);
	if (finish(start_eio(action, "3")))
		fail_msg("xtraild: %s", slurp(err_path));
	text = slurp(err_path);
	assert_contains(text, "eio_shim: sync 4 of");
	assert_contains(text, "disk error (Input/output error)");
	snprintf(want, sizeof(want), "action: %s", action);
	assert_contains(text, want);
	assert_contains(text, "failure marker written");
	assert_contains(text, "wrote 2999 records");
	if (xtrail((const char *[]){ "verify", logdir, "--seal-key", seal,
		   NULL }))
		fail_msg("verify: %s", slurp(out_path));
	text = slurp(out_path);
	assert_contains(text, "failure marker: disk error (Input/output error)");
	snprintf(want, sizeof(want), "action %s", action);
	assert_contains(text, want);
	assert_contains(text, "1 failure markers");
}

static void test_io_error_keep(void **state)
{
	io_error_once("keep");
	/* every record exactly once, in order, in the one file */
	check_f3(3000, 1);
}

static void test_io_error_rotate(void **state)
{
	char **names;

	io_error_once("rotate");
	/* the failed file set aside, never written again */
	assert_int_equal(rotated(&names), 1);
	xt_f3_free_names(names);
}

/*
 * A real I/O error: ext4 on a loop device whose backing file lives on a
 * tmpfs too small for it. Writeback fails, fdatasync() returns EIO and
 * ext4 aborts its journal: nothing can be written there any more.
 */
static void io_error_disk(void)
{
	char cmd[1024];

	set_logdir();
	snprintf(cmd, sizeof(cmd),
		 "mkdir -p %s/back %s && mount -t tmpfs -o size=3m tmpfs %s/back && truncate -s 64M %s/back/img && mkfs.ext4 -q -F %s/back/img && losetup -f --show %s/back/img > %s/loop && mount $(cat %s/loop) %s && chmod 700 %s",
		 dir, logdir, dir, dir, dir, dir, dir, dir, logdir, logdir);
	mount_or_skip(cmd);
}

static void test_io_error_halt(void **state)
{
	const char *const opts[] = { "--disk-error-action", "halt", NULL };

	io_error_disk();
	make_stream(20000);
	assert_int_equal(finish(start_daemon(in, opts)), 1);
	text = slurp(err_path);
	assert_contains(text, "disk error (Input/output error)");
	assert_contains(text, "action: halt");
	/* the file system is gone: the marker is in the daemon's log */
	assert_contains(text, "failure marker not written");
	assert_contains(text, "stopping on error");
	assert_null(strstr(text, "wrote 19999 records"));
}

static void test_io_error_suspend(void **state)
{
	const char *const opts[] = { "--disk-error-action", "suspend", NULL };
	pid_t pid;

	io_error_disk();
	make_stream(20000);
	pid = start_daemon(in, opts);
	wait_for(err_path, "suspended: nothing is read or written");
	assert_contains(text, "disk error (Input/output error)");
	/* resuming cannot help a dead file system: suspended again */
	assert_int_equal(kill(pid, SIGUSR2), 0);
	usleep(500000);
	assert_int_equal(waitpid(pid, NULL, WNOHANG), 0);
	assert_int_equal(kill(pid, SIGTERM), 0);
	assert_int_equal(finish(pid), 1);
	text = slurp(err_path);
	assert_contains(text, "failure marker not written");
	assert_contains(text, "stopping on error");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_file_input),
		T(test_torn_tail),
		T(test_large_input),
		T(test_incomplete_last_record),
		T(test_fifo_sigterm),
		T(test_errors),
		T(test_export),
		T(test_verify_anchor_keygen),
		T(test_kill9),
		T(test_device_stream),
		T(test_rotation),
		T(test_retention),
		T(test_disk_full_halt),
		T(test_disk_full_rotate),
		T(test_disk_full_keep),
		T(test_disk_full_suspend),
		T(test_io_error_halt),
		T(test_io_error_keep),
		T(test_io_error_rotate),
		T(test_io_error_suspend),
	};

	if (getenv("TEST_FILTER"))
		cmocka_set_test_filter(getenv("TEST_FILTER"));
	return cmocka_run_group_tests_name("daemon", tests, NULL, NULL);
}
