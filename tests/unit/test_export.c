// SPDX-License-Identifier: GPL-2.0
/*
 * "xtrail export" formats and filters, and "xtrail replay", on a small
 * synthetic log: the exact rows each one must give. Runs the xtrail
 * binary built in userspace/ (US_DIR).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include <json.h>
#include <sqlite3.h>

#include "f3.h"
#include "test_files.h"
#include "test_safe.h"
#include "test_util.h"

#ifndef US_DIR
#error "US_DIR must name the userspace build directory"
#endif
#define XTRAIL	US_DIR "/xtrail"

static struct rec_buf r;
static char dir[64], log_path[128], out_path[128], err_path[128];
static char hostile_path[128];
static const char *text;

/* Wall clock of the CLOCK record: 2026-11-21T18:39:01Z at ts 1 s. */
#define CLOCK_REAL	1795286341ull

static uint32_t add(struct f3_writer *w, uint32_t len, uint64_t ts_ns)
{
	hdr_of(&r)->ts_ns = xt_cpu64(ts_ns);
	hdr_of(&r)->recv_ns = xt_cpu64(ts_ns + 500000);
	assert_int_equal(xt_f3_writer_add(w, r.b, len), 0);
	return len;
}

/*
 * f3_seq 0: lost (domid 7), before any clock
 *        1: clock (domid 0) at ts 1 s
 *        2: exec mail (domid 7, pid 1234, uid 1001) at +1 s
 *        3: exec ls -l (domid 8, pid 55, uid 0) at +2 s
 *        4: tty pts0 out "$ " (domid 7, pid 1234) at +3 s
 *        5: tty pts0 in "ls\r" at +3.25 s
 *        6: tty pts0 out "a, \"b\"\r\n" at +4 s
 *        7: tty hvc0 out "boot\n" (domid 8) at +5 s
 *
 * The hostile log (hostile_path), all domid 7: what a guest user (argv,
 * comm) or a hostile guest kernel (TTY name and data) can write.
 */
#define H_TTY		"p\x1b[2J\n"
#define H_TTY_SHOWN	"p\\x1b[2J\\n"
#define H_DATA		H_ESC "\0" H_FORGE H_BIDI H_C1
#define H_DATA_SHOWN	"\\x1b[2J\\x1b]0;pwned\\x07\\x00ok\r\n[domid 0 pid 1 uid 0 root] exec /bin/true" \
			"\\u202efdp.exe\\u2066\\u200f\\u061c\\u009b31m\\x9b2J\\xff"
#define H_COMM		"\x1b]0;x\x07\r\nz"

static int hostile_log(void)
{
	static const char argv[] = H_ESC "\0" H_FORGE "\0" H_BIDI "\0" H_C1
				   "\0" H_FORMULA;
	static const char *const comm[] = { "=1+2", H_COMM, "+1", "-x",
					    "@SUM(1)" };
	struct f3_writer_opts o = { 0 };
	struct f3_open_report rep;
	struct f3_writer w;
	char err[256];
	unsigned int i;

	snprintf(hostile_path, sizeof(hostile_path), "%s/hostile.log", dir);
	if (xt_f3_writer_open(&w, hostile_path, &o, &rep, err, sizeof(err)))
		return -1;
	for (i = 0; i < 5; i++) {
		if (i < 2)
			build_exec(&r, "/bin/\x1b[2J", 9, 0, argv, sizeof(argv),
				   0, 0, 5);
		else if (i < 4)
			build_tty_rec(&r, H_TTY, 0, H_DATA, sizeof(H_DATA) - 1);
		else
			build_lost(&r, 1, 1);
		memset(hdr_of(&r)->comm, 0, sizeof(hdr_of(&r)->comm));
		memcpy(hdr_of(&r)->comm, comm[i], strlen(comm[i]));
		add(&w, xt_le32(hdr_of(&r)->len), 1000000000ull * (i + 1));
	}
	return xt_f3_writer_close(&w);
}
static int setup(void **state)
{
	static const char ls_argv[] = "ls\0-l";
	struct f3_writer_opts o = { 0 };
	struct f3_open_report rep;
	struct f3_writer w;
	char err[256];

	strcpy(dir, "export.tmp.XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(log_path, sizeof(log_path), "%s/f3.log", dir);
	snprintf(out_path, sizeof(out_path), "%s/out", dir);
	snprintf(err_path, sizeof(err_path), "%s/err", dir);
	if (xt_f3_writer_open(&w, log_path, &o, &rep, err, sizeof(err)))
		return -1;
	add(&w, build_lost(&r, 3, 10), 500000000);
	build_dom0(&r, XTRAIL_REC_CLOCK);
	((struct xtrail_clock *)(r.b + sizeof(struct xtrail_rec_hdr)))->realtime_ns =
		xt_cpu64(CLOCK_REAL * 1000000000ull);
	add(&w, xt_le32(hdr_of(&r)->len), 1000000000);
	add(&w, build_spam(&r), 2000000000);
	build_exec(&r, "/bin/ls", 7, 0, ls_argv, sizeof(ls_argv), 0, 0, 2);
	hdr_of(&r)->domid = xt_cpu16(8);
	hdr_of(&r)->pid = xt_cpu32(55);
	hdr_of(&r)->uid = xt_cpu32(0);
	memcpy(hdr_of(&r)->comm, "bash", 5);
	add(&w, xt_le32(hdr_of(&r)->len), 3000000000);
	add(&w, build_tty_rec(&r, "pts0", 0, "$ ", 2), 4000000000);
	add(&w, build_tty_rec(&r, "pts0", XTRAIL_TTY_INPUT, "ls\r", 3),
	    4250000000);
	add(&w, build_tty_rec(&r, "pts0", 0, "a, \"b\"\r\n", 8), 5000000000);
	build_tty_rec(&r, "hvc0", XTRAIL_TTY_CONSOLE, "boot\n", 5);
	hdr_of(&r)->domid = xt_cpu16(8);
	add(&w, xt_le32(hdr_of(&r)->len), 6000000000);
	if (xt_f3_writer_close(&w))
		return -1;
	return hostile_log();
}

static int teardown(void **state)
{
	char cmd[128];

	if (getenv("KEEP_TMP"))
		return 0;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) ? -1 : 0;
}

/* Run "xtrail ARGS" (a shell word list); its exit status, output in text. */
static int run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int run(const char *fmt, ...)
{
	char args[512], cmd[1024];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	snprintf(cmd, sizeof(cmd), "%s %s > %s 2> %s", XTRAIL, args,
		 out_path, err_path);
	st = system(cmd);
	text = slurp(out_path);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The f3_seq column of a CSV export with @filters, as "1 2 3". */
static const char *csv_seqs(const char *filters)
{
	static char seqs[256];
	const char *p;
	size_t n = 0;

	assert_int_equal(run("export %s --format csv %s", log_path, filters),
			 0);
	seqs[0] = 0;
	p = strstr(text, "\r\n");
	assert_non_null(p);
	for (p += 2; *p; p = strstr(p, "\r\n") + 2) {
		n += snprintf(seqs + n, sizeof(seqs) - n, "%s%ld",
			      n ? " " : "", strtol(p, NULL, 10));
		/* every row ends with the JSON column: }"\r\n */
		p = strstr(p, "}\"\r\n");
		assert_non_null(p);
		p += 2;
	}
	return seqs;
}

static void test_filters(void **state)
{
	assert_string_equal(csv_seqs(""), "0 1 2 3 4 5 6 7");
	assert_string_equal(csv_seqs("--domid 8"), "3 7");
	assert_string_equal(csv_seqs("--domid 8 --domid 0"), "1 3 7");
	assert_string_equal(csv_seqs("--pid 55"), "3");
	assert_string_equal(csv_seqs("--uid 0"), "3");
	assert_string_equal(csv_seqs("--type tty"), "4 5 6 7");
	assert_string_equal(csv_seqs("--type exec --type lost"), "0 2 3");
	assert_string_equal(csv_seqs("--grep spamSubject"), "2");
	/* [+1 s, +3 s): the lost record has no time and never matches */
	assert_string_equal(csv_seqs("--since 2026-11-21T18:39:02Z --until 2026-11-21T18:39:04Z"),
			    "2 3");
	assert_string_equal(csv_seqs("--since @1795286344"), "4 5 6 7");
	assert_string_equal(csv_seqs("--since 2026-11-21T18:39:04.25Z"),
			    "5 6 7");
	/* RFC 3339 offsets: the same instant as 18:39:04Z */
	assert_string_equal(csv_seqs("--since 2026-11-21T13:39:04-05:00"),
			    "4 5 6 7");
	assert_string_equal(csv_seqs("--since 2026-11-21T18:39:04+00:00"),
			    "4 5 6 7");
	assert_string_equal(csv_seqs("--until 2026-11-21T19:39:04.25+01:00"),
			    "1 2 3 4");
	assert_string_equal(csv_seqs("--since 2026-11-21t18:39:04z"), "4 5 6 7");
	/* --grep: the decoded text (a quote, a CR), not the JSON escapes */
	assert_string_equal(csv_seqs("--grep 'a, \"b\"'"), "6");
	assert_string_equal(csv_seqs("--grep \"$(printf 'ls\\r')\""), "5");
	assert_string_equal(csv_seqs("--grep 'ls\\r'"), "");
	assert_string_equal(csv_seqs("--domid 7 --type tty --grep ls"), "5");
	/* bad filters */
	assert_int_equal(run("export %s --type nosuch", log_path), 1);
	assert_contains(slurp(err_path), "bad type 'nosuch'");
	assert_int_equal(run("export %s --pid -1", log_path), 1);
	assert_int_equal(run("export %s --since yesterday", log_path), 1);
	assert_contains(slurp(err_path), "bad time 'yesterday'");
	assert_int_equal(run("export %s --since 2026-11-21T18:39:04+24:00",
			     log_path), 1);
	assert_int_equal(run("export %s --since 2026-11-21T18:39:04+0100",
			     log_path), 1);
	assert_int_equal(run("export %s --since 2026-11-21T18:39:04-01:60",
			     log_path), 1);
}

static void test_csv(void **state)
{
	assert_int_equal(run("export %s --format csv --pid 55", log_path), 0);
	assert_string_equal(text,
		"f3_seq,seq,time,type,domid,vm_uuid,vm_name,vcpu,pid,ppid,uid,euid,loginuid,sessionid,comm,no_task,message,json\r\n"
		"3,42,2026-11-21T18:39:03.000000000Z,exec,8,,,1,55,1000,0,1003,,3,bash,0,[domid 8 pid 55 uid 0 bash] exec /bin/ls: ls -l,"
		"\"{\"\"f3_seq\"\":3,\"\"seq\"\":42,\"\"type\"\":\"\"exec\"\",\"\"domid\"\":8,\"\"vm_uuid\"\":\"\"\"\",\"\"vm_name\"\":\"\"\"\",\"\"vcpu\"\":1,\"\"pid\"\":55,\"\"tgid\"\":1234,\"\"ppid\"\":1000,\"\"uid\"\":0,\"\"gid\"\":1002,\"\"euid\"\":1003,\"\"egid\"\":1004,\"\"loginuid\"\":null,\"\"sessionid\"\":3,\"\"comm\"\":\"\"bash\"\",\"\"ts_ns\"\":3000000000,\"\"ts_xen\"\":true,\"\"no_task\"\":false,\"\"recv_ns\"\":3000500000,\"\"time\"\":\"\"2026-11-21T18:39:03.000000000Z\"\",\"\"recv_time\"\":\"\"2026-11-21T18:39:03.000500000Z\"\",\"\"filename\"\":\"\"/bin/ls\"\",\"\"argv\"\":[\"\"ls\"\",\"\"-l\"\"],\"\"argc_total\"\":2,\"\"argv_truncated\"\":false,\"\"filename_truncated\"\":false,\"\"argv_fault\"\":false,\"\"argv_last_cut\"\":false,\"\"cwd\"\":null,\"\"exe\"\":null,\"\"interpreter\"\":null,\"\"argv0_passed\"\":null,\"\"script\"\":false,\"\"cwd_too_long\"\":false,\"\"exe_too_long\"\":false,\"\"argv0_passed_truncated\"\":false}\"\r\n");
	/* quoting: a comma, quotes and a line break in the message */
	assert_int_equal(run("export %s --format csv --type tty --grep '\"b' -o %s/x.csv",
			     log_path, dir), 0);
	snprintf(out_path, sizeof(out_path), "%s/x.csv", dir);
	text = slurp(out_path);
	snprintf(out_path, sizeof(out_path), "%s/out", dir);
	assert_non_null(strstr(text,
		",\"[domid 7 pid 1234 uid 1001 mail] tty pts0 out: a, \"\"b\"\"\\r\\n\",\"{"));
}

static void test_jsonl_timesketch(void **state)
{
	assert_int_equal(run("export %s --type lost", log_path), 0);
	assert_string_equal(text,
		"{\"f3_seq\":0,\"seq\":42,\"type\":\"lost\",\"domid\":7,\"vm_uuid\":\"\",\"vm_name\":\"\",\"vcpu\":1,\"pid\":1234,\"tgid\":1234,\"ppid\":1000,\"uid\":1001,\"gid\":1002,\"euid\":1003,\"egid\":1004,\"loginuid\":null,\"sessionid\":3,\"comm\":\"mail\",\"ts_ns\":500000000,\"ts_xen\":true,\"no_task\":false,\"recv_ns\":500500000,\"time\":null,\"recv_time\":null,\"count\":3,\"first_seq\":10,\"last_seq\":12}\n");
	assert_int_equal(run("export %s --format timesketch --domid 7 --domid 8 --type lost --type exec",
			     log_path), 0);
	assert_string_equal(text,
		"{\"f3_seq\":2,\"seq\":42,\"type\":\"exec\",\"domid\":7,\"vm_uuid\":\"\",\"vm_name\":\"\",\"vcpu\":1,\"pid\":1234,\"tgid\":1234,\"ppid\":1000,\"uid\":1001,\"gid\":1002,\"euid\":1003,\"egid\":1004,\"loginuid\":null,\"sessionid\":3,\"comm\":\"mail\",\"ts_ns\":2000000000,\"ts_xen\":true,\"no_task\":false,\"recv_ns\":2000500000,\"time\":\"2026-11-21T18:39:02.000000000Z\",\"recv_time\":\"2026-11-21T18:39:02.000500000Z\",\"filename\":\"/usr/bin/mail\",\"argv\":[\"mail\",\"-s\",\"spamSubject\",\"winai.wongthai@ncl.ac.uk\"],\"argc_total\":4,\"argv_truncated\":false,\"filename_truncated\":false,\"argv_fault\":false,\"argv_last_cut\":false,\"cwd\":null,\"exe\":null,\"interpreter\":null,\"argv0_passed\":null,\"script\":false,\"cwd_too_long\":false,\"exe_too_long\":false,\"argv0_passed_truncated\":false,"
		"\"message\":\"[domid 7 pid 1234 uid 1001 mail] exec /usr/bin/mail: mail -s spamSubject winai.wongthai@ncl.ac.uk\",\"datetime\":\"2026-11-21T18:39:02.000000000Z\",\"timestamp\":1795286342000000,\"timestamp_desc\":\"Event Recorded\"}\n"
		"{\"f3_seq\":3,\"seq\":42,\"type\":\"exec\",\"domid\":8,\"vm_uuid\":\"\",\"vm_name\":\"\",\"vcpu\":1,\"pid\":55,\"tgid\":1234,\"ppid\":1000,\"uid\":0,\"gid\":1002,\"euid\":1003,\"egid\":1004,\"loginuid\":null,\"sessionid\":3,\"comm\":\"bash\",\"ts_ns\":3000000000,\"ts_xen\":true,\"no_task\":false,\"recv_ns\":3000500000,\"time\":\"2026-11-21T18:39:03.000000000Z\",\"recv_time\":\"2026-11-21T18:39:03.000500000Z\",\"filename\":\"/bin/ls\",\"argv\":[\"ls\",\"-l\"],\"argc_total\":2,\"argv_truncated\":false,\"filename_truncated\":false,\"argv_fault\":false,\"argv_last_cut\":false,\"cwd\":null,\"exe\":null,\"interpreter\":null,\"argv0_passed\":null,\"script\":false,\"cwd_too_long\":false,\"exe_too_long\":false,\"argv0_passed_truncated\":false,"
		"\"message\":\"[domid 8 pid 55 uid 0 bash] exec /bin/ls: ls -l\",\"datetime\":\"2026-11-21T18:39:03.000000000Z\",\"timestamp\":1795286343000000,\"timestamp_desc\":\"Event Recorded\"}\n");
	assert_contains(slurp(err_path), "1 records without a wall-clock time");
}

static int count_cb(void *ctx, int n, char **v, char **names)
{
	char *s = ctx;
	int i;

	for (i = 0; i < n; i++) {
		strcat(s, v[i] ? v[i] : "NULL");
		strcat(s, i + 1 < n ? "|" : "\n");
	}
	return 0;
}

static void test_sqlite(void **state)
{
	static char rows[4096];
	char db_path[128];
	sqlite3 *db;

	snprintf(db_path, sizeof(db_path), "%s/x.db", dir);
	assert_int_equal(run("export %s --format sqlite", log_path), 1);
	assert_contains(slurp(err_path), "needs -o FILE");
	if (run("export %s --format sqlite -o %s --type exec --type lost",
		log_path, db_path))
		fail_msg("%s", slurp(err_path));
	/* never over an existing file */
	assert_int_equal(run("export %s --format sqlite -o %s", log_path,
			     db_path), 1);
	assert_contains(slurp(err_path), "File exists");
	assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
	rows[0] = 0;
	if (sqlite3_exec(db,
			 "SELECT f3_seq, seq, type, domid, pid, uid, loginuid, comm, time_ns, time, message, json_extract(json, '$.argv[2]') FROM records ORDER BY f3_seq",
			 count_cb, rows, NULL) != SQLITE_OK)
		fail_msg("%s", sqlite3_errmsg(db));
	assert_string_equal(rows,
		"0|42|lost|7|1234|1001|NULL|mail|NULL|NULL|[domid 7 pid 1234 uid 1001 mail] lost 3 records|NULL\n"
		"2|42|exec|7|1234|1001|NULL|mail|1795286342000000000|2026-11-21T18:39:02.000000000Z|[domid 7 pid 1234 uid 1001 mail] exec /usr/bin/mail: mail -s spamSubject winai.wongthai@ncl.ac.uk|spamSubject\n"
		"3|42|exec|8|55|0|NULL|bash|1795286343000000000|2026-11-21T18:39:03.000000000Z|[domid 8 pid 55 uid 0 bash] exec /bin/ls: ls -l|NULL\n");
	rows[0] = 0;
	assert_int_equal(sqlite3_exec(db,
		"SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'records%' ORDER BY name;"
		"SELECT key, value FROM meta WHERE key != 'exported_at' ORDER BY key",
		count_cb, rows, NULL), SQLITE_OK);
	assert_string_equal(rows,
		"records_domid_time\nrecords_pid\nrecords_time\nrecords_type\nrecords_uid\nrecords_vm\n"
		"records|3\nschema_version|3\n");
	/* version 3's views */
	rows[0] = 0;
	assert_int_equal(sqlite3_exec(db,
		"SELECT f3_seq, vm_name, uid, argv0, argv1, filename FROM execs ORDER BY f3_seq;"
		"SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY name",
		count_cb, rows, NULL), SQLITE_OK);
	assert_string_equal(rows,
		"2||1001|mail|-s|/usr/bin/mail\n3||0|ls|-l|/bin/ls\n"
		"closes\ncontrols\nexecs\nfiles\nflows\nnets\nsyscalls\nvms\n");
	sqlite3_close(db);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void test_replay(void **state)
{
	double t;

	assert_int_equal(run("replay %s", log_path), 0);
	assert_string_equal(text,
		"DOMID  TTY               RECORDS        OUT         IN START                           SECONDS\n"
		"7      pts0                    3         10          3 2026-11-21T18:39:04.000000000Z  1.000\n"
		"8      hvc0                    1          5          0 2026-11-21T18:39:06.000000000Z  0.000 console\n");
	assert_int_equal(run("replay %s --session 7:pts0 --dump", log_path),
			 0);
	assert_string_equal(text, "$ a, \"b\"\r\n");
	assert_int_equal(run("replay %s --session 8:hvc0 --dump", log_path),
			 0);
	assert_string_equal(text, "boot\n");
	/* with its timing: 1 s of session at 4x, keystrokes included */
	t = now();
	assert_int_equal(run("replay %s --session 7:pts0 --input --speed 4",
			     log_path), 0);
	t = now() - t;
	/* safe by default: the lone CR is shown, CR LF kept */
	assert_string_equal(text, "$ ls\\ra, \"b\"\r\n");
	assert_true(t >= 0.24);
	assert_true(t < 0.9);
	assert_int_equal(run("replay %s --session 7:pts0 --input --dump --raw",
			     log_path), 0);
	assert_string_equal(text, "$ ls\ra, \"b\"\r\n");
	/* the pauses capped */
	t = now();
	assert_int_equal(run("replay %s --session 7:pts0 --max-delay 0.1",
			     log_path), 0);
	t = now() - t;
	assert_true(t >= 0.09 && t < 0.6);
	/* errors */
	assert_int_equal(run("replay %s --session 7:pts9", log_path), 1);
	assert_contains(slurp(err_path), "no session 7:pts9");
	assert_int_equal(run("replay %s --session pts0", log_path), 1);
	assert_contains(slurp(err_path), "bad session 'pts0'");
	assert_int_equal(run("replay %s --session 7:pts0 --speed 0", log_path),
			 1);
}

/* The lines of text, each checked safe; how many. */
static int safe_lines(const char *eol, const char *allow)
{
	const char *p;
	int n = 0;

	assert_safe(text, allow);
	for (p = text; (p = strstr(p, eol)); p += strlen(eol))
		n++;
	return n;
}

/* JSON Lines: one per record, safe, parsing to the guest's strings. */
static void test_hostile_jsonl(void **state)
{
	struct json_object *o, *a;
	char *line, *nl;

	assert_int_equal(run("export %s", hostile_path), 0);
	assert_int_equal(safe_lines("\n", "\n"), 5);
	line = strdup(text);
	nl = strchr(line, '\n');
	*nl = 0;
	o = json_tokener_parse(line);
	assert_non_null(o);
	assert_true(json_object_object_get_ex(o, "argv", &a));
	assert_string_equal(json_object_get_string(
			    json_object_array_get_idx(a, 0)), H_ESC);
	assert_string_equal(json_object_get_string(
			    json_object_array_get_idx(a, 1)), H_FORGE);
	assert_string_equal(json_object_get_string(
			    json_object_array_get_idx(a, 2)), H_BIDI);
	json_object_put(o);
	free(line);
	assert_int_equal(run("export %s --format timesketch", hostile_path),
			 0);
	assert_int_equal(safe_lines("\n", "\n"), 0);	/* no clock: none */
}

/* CSV: one row per record, escaped, no cell a formula. */
static void test_hostile_csv(void **state)
{
	assert_int_equal(run("export %s --format csv", hostile_path), 0);
	assert_int_equal(safe_lines("\r\n", "\r\n"), 6);
	assert_contains(text, ",'=1+2,0,[domid 7 pid 1234 uid 1001 =1+2] exec /bin/\\x1b[2J: '\\x1b[2J\\x1b]0;pwned\\x07' 'ok\\r\\n[domid 0 pid 1 uid 0 root] exec /bin/true' '\\u202efdp.exe\\u2066\\u200f\\u061c' '\\u009b31m\\x9b2J\\xff' '=cmd|'\\'' /C calc'\\''!A0',\"{");
	assert_contains(text, ",\\x1b]0;x\\x07\\r\\nz,");
	assert_contains(text, ",'+1,0,[domid 7 pid 1234 uid 1001 +1] tty " H_TTY_SHOWN " out: \\x1b[2J\\x1b]0;pwned\\x07\\x00ok\\r\\n[domid 0 pid 1 uid 0 root] exec /bin/true\\u202efdp.exe\\u2066\\u200f\\u061c\\u009b31m\\x9b2J\\xff,\"{");
	assert_contains(text, ",'-x,");
	assert_contains(text, ",'@SUM(1),0,[domid");
}

/* SQLite: comm and message escaped, the json column exact. */
static void test_hostile_sqlite(void **state)
{
	static char rows[8192];
	char db_path[128];
	sqlite3 *db;

	snprintf(db_path, sizeof(db_path), "%s/h.db", dir);
	if (run("export %s --format sqlite -o %s", hostile_path, db_path))
		fail_msg("%s", slurp(err_path));
	assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
	rows[0] = 0;
	assert_int_equal(sqlite3_exec(db,
		"SELECT comm, message FROM records ORDER BY f3_seq",
		count_cb, rows, NULL), SQLITE_OK);
	assert_safe(rows, "\n");
	assert_contains(rows, "\\x1b]0;x\\x07\\r\\nz|[domid 7 pid 1234 uid 1001 \\x1b]0;x\\x07\\r\\nz] exec");
	rows[0] = 0;
	assert_int_equal(sqlite3_exec(db,
		"SELECT json_extract(json, '$.argv[1]') = '" H_FORGE "', json_extract(json, '$.comm') = '" H_COMM "' FROM records WHERE f3_seq = 1",
		count_cb, rows, NULL), SQLITE_OK);
	assert_string_equal(rows, "1|1\n");
	sqlite3_close(db);
}

/* @n bytes of output, exactly (NUL included). */
static void assert_out(const void *want, size_t n)
{
	static char buf[4096];
	FILE *f = fopen(out_path, "rb");

	assert_non_null(f);
	assert_int_equal(fread(buf, 1, sizeof(buf), f), n);
	fclose(f);
	assert_memory_equal(buf, want, n);
}

/* replay: the list and the replay escaped; --raw the exact bytes. */
static void test_hostile_replay(void **state)
{
	assert_int_equal(run("replay %s", hostile_path), 0);
	assert_int_equal(safe_lines("\n", "\n"), 2);
	assert_contains(text, "\n7      " H_TTY_SHOWN "              2        174 ");
	/* the name as the list shows it */
	assert_int_equal(run("replay %s --session '7:" H_TTY_SHOWN "' --dump",
			     hostile_path), 0);
	assert_safe(text, "\r\n");
	assert_string_equal(text, H_DATA_SHOWN H_DATA_SHOWN);
	assert_int_equal(run("replay %s --session '7:" H_TTY_SHOWN "' --raw --dump",
			     hostile_path), 0);
	assert_out(H_DATA H_DATA, 2 * (sizeof(H_DATA) - 1));
	assert_int_equal(run("replay %s --session '7:p\\q' --dump",
			     hostile_path), 1);
	assert_contains(slurp(err_path), "bad session");
}

/* ---- VM identity: the join across a reused domid, --vm -------------------- */

#define VM_A	"6f1e2d3c-4b5a-4968-8776-655443322110"
#define VM_B	"0a1b2c3d-4e5f-4a6b-8c7d-8e9fa0b1c2d3"

static char vm_path[128];

static void vm_identity(struct f3_writer *w, uint16_t domid, uint32_t why,
			const char *uuid, const char *name, uint64_t ts)
{
	struct xtrail_vm_identity *v;
	char hex[3] = { 0 };
	const char *p;
	unsigned int i;

	build_dom0(&r, XTRAIL_REC_VM_IDENTITY);
	hdr_of(&r)->domid = xt_cpu16(domid);
	v = (void *)(r.b + sizeof(struct xtrail_rec_hdr));
	v->why = xt_cpu32(why);
	for (i = 0; i < 16; i++) {
		p = uuid + 2 * i + (i >= 4) + (i >= 6) + (i >= 8) + (i >= 10);
		hex[0] = p[0];
		hex[1] = p[1];
		v->uuid[i] = strtoul(hex, NULL, 16);
	}
	strncpy(v->name, name, sizeof(v->name));
	v->nics = xt_cpu32(1);
	v->nic[0].devid = xt_cpu32(0);
	memcpy(v->nic[0].mac, "\x00\x16\x3e\x0a\x00\x02", 6);
	strcpy(v->nic[0].ip, "10.0.0.2");
	add(w, xt_le32(hdr_of(&r)->len), ts);
}

static void vm_source(struct f3_writer *w, uint16_t domid, uint16_t type,
		      uint64_t ts)
{
	build_dom0(&r, type);
	hdr_of(&r)->domid = xt_cpu16(domid);
	add(w, xt_le32(hdr_of(&r)->len), ts);
}

static void vm_exec_recv(struct f3_writer *w, uint16_t domid,
			 const char *arg, uint64_t ts, uint64_t recv)
{
	char argv[32];
	size_t n = snprintf(argv, sizeof(argv), "true%c%s", 0, arg) + 1;

	build_exec(&r, "/bin/true", 9, 0, argv, n, 0, 0, 2);
	hdr_of(&r)->domid = xt_cpu16(domid);
	hdr_of(&r)->ts_ns = xt_cpu64(ts);
	hdr_of(&r)->recv_ns = xt_cpu64(recv);
	assert_int_equal(xt_f3_writer_add(w, r.b, xt_le32(hdr_of(&r)->len)), 0);
}

static void vm_exec(struct f3_writer *w, uint16_t domid, const char *arg,
		    uint64_t ts)
{
	vm_exec_recv(w, domid, arg, ts, ts + 500000);
}

/*
 * f3_seq 0: clock
 *        1: vm_identity domid 7: VM A "alpha"     2: connect 7
 *        3: exec 7 "a1"    4: exec 8 "x" (no identity)
 *        5: disconnect 7   6: exec 7 "none" (after it: no identity)
 *        7: exec 7 "b0": sorted ahead of B's VM_IDENTITY by the merge
 *           (within its window), but received after it: B's
 *        8: vm_identity domid 7: VM B "beta"      9: connect 7
 *       10: exec 7 "b1"   11: vm_identity 7 change: B renamed "beta2"
 *       12: exec 7 "b2"   13: disconnect 7
 */
static void vm_log(void)
{
	struct f3_writer_opts o = { 0 };
	struct f3_open_report rep;
	struct f3_writer w;
	char err[256];

	snprintf(vm_path, sizeof(vm_path), "%s/vm.log", dir);
	assert_int_equal(xt_f3_writer_open(&w, vm_path, &o, &rep, err,
					   sizeof(err)), 0);
	build_dom0(&r, XTRAIL_REC_CLOCK);
	((struct xtrail_clock *)(r.b + sizeof(struct xtrail_rec_hdr)))->realtime_ns =
		xt_cpu64(CLOCK_REAL * 1000000000ull);
	add(&w, xt_le32(hdr_of(&r)->len), 1000000000);
	vm_identity(&w, 7, XTRAIL_VM_CONNECT, VM_A, "alpha", 1100000000);
	vm_source(&w, 7, XTRAIL_REC_CONNECT, 1200000000);
	vm_exec(&w, 7, "a1", 1300000000);
	vm_exec(&w, 8, "x", 1400000000);
	vm_source(&w, 7, XTRAIL_REC_DISCONNECT, 1500000000);
	vm_exec(&w, 7, "none", 1600000000);
	vm_exec_recv(&w, 7, "b0", 1650000000, 1750000000);
	vm_identity(&w, 7, XTRAIL_VM_CONNECT, VM_B, "beta", 1700000000);
	vm_source(&w, 7, XTRAIL_REC_CONNECT, 1800000000);
	vm_exec(&w, 7, "b1", 1900000000);
	vm_identity(&w, 7, XTRAIL_VM_CHANGE, VM_B, "beta2", 2000000000);
	vm_exec(&w, 7, "b2", 2100000000);
	vm_source(&w, 7, XTRAIL_REC_DISCONNECT, 2200000000);
	assert_int_equal(xt_f3_writer_close(&w), 0);
}

/* Field @i (from 0) of the CSV row at @p, unquoted fields only. */
static void csv_cell(const char *p, unsigned int i, char *out, size_t size)
{
	size_t n;

	for (; i; i--)
		p = strchr(p, ',') + 1;
	n = strcspn(p, ",");
	assert_true(n < size);
	memcpy(out, p, n);
	out[n] = 0;
}

/* "f3_seq:vm_uuid:vm_name" of each row of a CSV export of the VM log. */
static const char *vm_rows(const char *filters)
{
	static char rows[2048];
	char seq[24], uuid[40], name[70];
	const char *p;
	size_t n = 0;

	assert_int_equal(run("export %s --format csv %s", vm_path, filters),
			 0);
	rows[0] = 0;
	p = strstr(text, "\r\n");
	assert_non_null(p);
	for (p += 2; *p; p = strstr(p, "}\"\r\n") + 4) {
		/* f3_seq,seq,time,type,domid,vm_uuid,vm_name, */
		csv_cell(p, 0, seq, sizeof(seq));
		csv_cell(p, 5, uuid, sizeof(uuid));
		csv_cell(p, 6, name, sizeof(name));
		n += snprintf(rows + n, sizeof(rows) - n, "%s%s:%s:%s",
			      n ? " " : "", seq,
			      strcmp(uuid, VM_A) ? strcmp(uuid, VM_B) ? uuid :
			      "B" : "A", name);
	}
	return rows;
}

static void test_vm_join(void **state)
{
	vm_log();
	/*
	 * Each record of domid 7 under the VM it was about; none for dom0,
	 * for domid 8 (never identified) and between A's DISCONNECT and B's
	 * VM_IDENTITY.
	 */
	assert_string_equal(vm_rows(""),
		"0:: 1:A:alpha 2:A:alpha 3:A:alpha 4:: 5:A:alpha 6:: "
		"7:B:beta 8:B:beta 9:B:beta 10:B:beta 11:B:beta2 12:B:beta2 13:B:beta2");
	assert_int_equal(run("export %s --domid 7 --type exec", vm_path), 0);
	assert_contains(text, "\"domid\":7,\"vm_uuid\":\"" VM_A "\",\"vm_name\":\"alpha\",");
	assert_contains(text, "\"domid\":7,\"vm_uuid\":\"\",\"vm_name\":\"\",");
	assert_contains(text, "\"domid\":7,\"vm_uuid\":\"" VM_B "\",\"vm_name\":\"beta2\",");
	assert_int_equal(run("export %s --type vm_identity --grep beta2", vm_path), 0);
	assert_contains(text, "\"why\":\"change\",\"uuid\":\"" VM_B "\",\"name\":\"beta2\","
			"\"nics_truncated\":false,"
			"\"nics\":[{\"devid\":0,\"mac\":\"00:16:3e:0a:00:02\",\"ip\":\"10.0.0.2\"}]}");
	assert_int_equal(run("export %s --format csv --type vm_identity --grep beta2", vm_path), 0);
	assert_contains(text, "[domid 7 vm beta2 pid 1234 uid 1001 mail] vm_identity change uuid " VM_B
			" name beta2 nics 1 vif0 00:16:3e:0a:00:02 10.0.0.2,");
}

static void test_vm_filter(void **state)
{
	vm_log();
	assert_string_equal(vm_rows("--vm alpha"),
			    "1:A:alpha 2:A:alpha 3:A:alpha 5:A:alpha");
	assert_string_equal(vm_rows("--vm " VM_A), vm_rows("--vm alpha"));
	/* a UUID in any case; a name exactly */
	assert_string_equal(vm_rows("--vm 0A1B2C3D-4E5F-4A6B-8C7D-8E9FA0B1C2D3"),
		"7:B:beta 8:B:beta 9:B:beta 10:B:beta 11:B:beta2 12:B:beta2 13:B:beta2");
	assert_string_equal(vm_rows("--vm beta"),
			    "7:B:beta 8:B:beta 9:B:beta 10:B:beta");
	assert_string_equal(vm_rows("--vm Beta --vm bet"), "");
	assert_string_equal(vm_rows("--vm alpha --vm beta2 --type exec"),
			    "3:A:alpha 12:B:beta2");
	assert_string_equal(vm_rows("--vm " VM_B " --domid 8"), "");
}

static void test_vm_bad_input(void **state)
{
	vm_log();
	assert_int_equal(run("export %s --vm 6f1e2d3c-4b5a-4968-8776-65544332211g",
			     vm_path), 1);
	assert_contains(slurp(err_path), "bad --vm UUID '6f1e2d3c-4b5a-4968-8776-65544332211g'");
	assert_int_equal(run("export %s --vm ''", vm_path), 1);
	assert_contains(slurp(err_path), "bad --vm name ''");
	assert_int_equal(run("export %s --vm %065d", vm_path, 0), 1);
	assert_contains(slurp(err_path), "bad --vm name");
	assert_int_equal(run("export %s --vm \"$(printf 'a\\tb')\"", vm_path), 1);
	assert_contains(slurp(err_path), "bad --vm name");
	/* not UUID-shaped: a name, which matches nothing */
	assert_string_equal(vm_rows("--vm 6f1e2d3c4b5a49688776655443322110"), "");
}

/*
 * A TCP state change in softirq (NO_TASK, its socket owned by root) as
 * each format shows it: the flag, no process, the owner's uid.
 */
static void test_no_task(void **state)
{
	static char rows[1024];
	struct f3_writer_opts o = { 0 };
	struct f3_open_report rep;
	struct f3_writer w;
	char err[256], path[128], db_path[128];
	sqlite3 *db;

	snprintf(path, sizeof(path), "%s/net.log", dir);
	snprintf(db_path, sizeof(db_path), "%s/net.db", dir);
	assert_int_equal(xt_f3_writer_open(&w, path, &o, &rep, err,
					   sizeof(err)), 0);
	add(&w, build_net_state(&r, 2, 1), 2000000000);
	add(&w, build_net_state(&r, 2, 0), 3000000000);
	add(&w, build_net_close(&r, 1000, 300), 3500000000);
	/* an argv cut inside its last argument, and one cut after a NUL */
	add(&w, build_exec(&r, SPAM_FILENAME, 13, 0, spam_argv, 15, 0, 0, 4),
	    4000000000);
	add(&w, build_exec(&r, SPAM_FILENAME, 13, 0, spam_argv, 8, 1, 0, 4),
	    5000000000);
	/* exec body version 2: a script, its cwd, exe, interpreter */
	add(&w, build_script(&r), 6000000000);
	assert_int_equal(xt_f3_writer_close(&w), 0);

	assert_int_equal(run("export %s --format csv", path), 0);
	assert_contains(text, "\r\n0,42,,net,7,,,1,,,0,0,,,,1,[domid 7 no_task uid 0] net state 127.0.0.1:5555 -> 127.0.0.1:40000 FIN_WAIT2->CLOSE socket 4242,\"{");
	assert_contains(text, "\r\n1,42,,net,7,,,1,1234,1000,1001,1003,,3,mail,0,[domid 7 pid 1234 uid 1001 mail] net state 127.0.0.1:5555 -> 127.0.0.1:40000 FIN_WAIT2->CLOSE socket 4242,\"{");
	assert_contains(text, "\r\n2,42,,net,7,,,1,1234,1000,1001,1003,,3,mail,0,[domid 7 pid 1234 uid 1001 mail] net close 10.0.0.2:40000 -> 10.0.0.1:25 sent 1000 received 300 socket 4242,\"{");
	assert_contains(text, "\"\"bytes_sent\"\":1000,\"\"bytes_received\"\":300");
	assert_contains(text, "] exec /usr/bin/mail: mail -s spamSu[cut],\"{");
	assert_contains(text, "] exec /usr/bin/mail: mail -s [more],\"{");
	assert_contains(text, "] exec ./send.sh: /bin/sh ./send.sh -v (cwd /home/alice, exe /home/alice/send.sh, interpreter /bin/busybox, argv0 passed ./send.sh)\",\"{");
	/* --uid finds the socket's owner, not a bystander */
	assert_int_equal(run("export %s --uid 0", path), 0);
	assert_contains(text, "\"no_task\":true");
	assert_null(strstr(text, "\"no_task\":false"));

	if (run("export %s --format sqlite -o %s", path, db_path))
		fail_msg("%s", slurp(err_path));
	assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
	rows[0] = 0;
	if (sqlite3_exec(db,
			 "SELECT f3_seq, pid, tgid, uid, gid, comm, no_task, message FROM records WHERE type = 'net' ORDER BY f3_seq",
			 count_cb, rows, NULL) != SQLITE_OK)
		fail_msg("%s", sqlite3_errmsg(db));
	if (sqlite3_exec(db,
			 "SELECT f3_seq, json_extract(json, '$.cwd'), json_extract(json, '$.exe'), json_extract(json, '$.interpreter'), json_extract(json, '$.argv0_passed') FROM records WHERE type = 'exec' AND json_extract(json, '$.script') ORDER BY f3_seq",
			 count_cb, rows, NULL) != SQLITE_OK)
		fail_msg("%s", sqlite3_errmsg(db));
	sqlite3_close(db);
	assert_string_equal(rows,
		"0|NULL|NULL|0|NULL|NULL|1|[domid 7 no_task uid 0] net state 127.0.0.1:5555 -> 127.0.0.1:40000 FIN_WAIT2->CLOSE socket 4242\n"
		"1|1234|1234|1001|1002|mail|0|[domid 7 pid 1234 uid 1001 mail] net state 127.0.0.1:5555 -> 127.0.0.1:40000 FIN_WAIT2->CLOSE socket 4242\n"
		"2|1234|1234|1001|1002|mail|0|[domid 7 pid 1234 uid 1001 mail] net close 10.0.0.2:40000 -> 10.0.0.1:25 sent 1000 received 300 socket 4242\n"

		"5|/home/alice|/home/alice/send.sh|/bin/busybox|./send.sh\n");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_filters),
		T(test_csv),
		T(test_jsonl_timesketch),
		T(test_sqlite),
		T(test_replay),
		T(test_hostile_jsonl),
		T(test_hostile_csv),
		T(test_hostile_sqlite),
		T(test_hostile_replay),
		T(test_vm_join),
		T(test_vm_filter),
		T(test_vm_bad_input),
		T(test_no_task),
	};

	return cmocka_run_group_tests_name("export", tests, NULL, NULL);
}
