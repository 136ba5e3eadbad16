// SPDX-License-Identifier: GPL-2.0
/*
 * "xtrail attach", "xtrail detach" and xtraild's auto-attach against
 * fake_xenstored.py, a small
 * xenstored speaking the real wire protocol (libxenstore connects to it
 * through XENSTORED_PATH). Its first commit fails with EAGAIN, so every
 * test also goes through the transaction retry.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "test_files.h"
#include <xenstore.h>

#ifndef US_DIR
#error "US_DIR must name the userspace build directory"
#endif
#define XTRAIL		US_DIR "/xtrail"
#define XTRAILD		US_DIR "/xtraild"
#define FAKE_XS		"./fake_xenstored.py"

#define BE	"/local/domain/0/backend/xtrail/5/0"
#define FE	"/local/domain/5/device/xtrail/0"

static char dir[64], sock[128], err_path[128], out_path[128];
static pid_t xsd;
static struct xs_handle *xs;

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

static int setup(void **state)
{
	struct stat st;
	int i;

	strcpy(dir, "xs.tmp.XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(sock, sizeof(sock), "%s/socket", dir);
	snprintf(err_path, sizeof(err_path), "%s/stderr", dir);
	snprintf(out_path, sizeof(out_path), "%s/stdout", dir);
	setenv("XENSTORED_PATH", sock, 1);
	xsd = fork();
	if (xsd < 0)
		return -1;
	if (!xsd) {
		execl(FAKE_XS, FAKE_XS, sock, "--eagain", "1",
		      "--init", "/local/domain/0/name=Domain-0",
		      "--init", "/local/domain/5/name=guest5", (char *)NULL);
		_exit(127);
	}
	/* the socket exists once bound, and accepts once listening */
	for (i = 0; i < 250; i++) {
		if (!stat(sock, &st)) {
			xs = xs_open(0);
			if (xs)
				return 0;
		}
		sleep_ms(20);
	}
	kill(xsd, SIGTERM);
	waitpid(xsd, NULL, 0);
	return -1;
}

static int teardown(void **state)
{
	char cmd[128];

	if (xs)
		xs_close(xs);
	xs = NULL;
	kill(xsd, SIGTERM);
	waitpid(xsd, NULL, 0);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) ? -1 : 0;
}

/* Run xtrail with up to 6 arguments; stdout/stderr land in files. */
static int xtrail(const char *a1, const char *a2, const char *a3,
		  const char *a4, const char *a5, const char *a6)
{
	const char *const argv[] = { XTRAIL, a1, a2, a3, a4, a5, a6, NULL };
	pid_t pid = fork();
	int st, o, e;

	assert_true(pid >= 0);
	if (!pid) {
		o = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		e = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (o < 0 || e < 0)
			_exit(126);
		dup2(o, 1);
		dup2(e, 2);
		execv(XTRAIL, (char *const *)argv);
		_exit(127);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	return WEXITSTATUS(st);
}

/* Value of @path, "(none)" if absent. */
static const char *rd(const char *path)
{
	static char val[256];
	unsigned int len;
	char *v = xs_read(xs, XBT_NULL, path, &len);

	if (!v)
		return "(none)";
	snprintf(val, sizeof(val), "%s", v);
	free(v);
	return val;
}

static void assert_value(const char *path, const char *want)
{
	const char *got = rd(path);

	if (strcmp(got, want))
		fail_msg("%s = \"%s\", want \"%s\"", path, got, want);
}

static void assert_perms(const char *path, unsigned int owner,
			 unsigned int reader)
{
	unsigned int num;
	struct xs_permissions *p = xs_get_permissions(xs, XBT_NULL, path,
						      &num);

	assert_non_null(p);
	assert_int_equal(num, 2);
	assert_int_equal(p[0].id, owner);
	assert_int_equal(p[0].perms, XS_PERM_NONE);
	assert_int_equal(p[1].id, reader);
	assert_int_equal(p[1].perms, XS_PERM_READ);
	free(p);
}

static void put(const char *path, const char *val)
{
	assert_true(xs_write(xs, XBT_NULL, path, val, strlen(val)));
}

static void test_attach_layout(void **state)
{
	assert_int_equal(xtrail("attach", "5", NULL, NULL, NULL, NULL), 0);
	assert_contains(slurp(out_path),
			"attached xtrail device 0 of domain 5");
	assert_value(BE "/frontend", FE);
	assert_value(BE "/frontend-id", "5");
	assert_value(BE "/online", "1");
	assert_value(BE "/state", "1");
	assert_value(FE "/backend", BE);
	assert_value(FE "/backend-id", "0");
	assert_value(FE "/state", "1");
	assert_perms(BE, 0, 5);
	assert_perms(BE "/state", 0, 5);
	assert_perms(FE, 5, 0);
	assert_perms(FE "/backend", 5, 0);

	/* a second device */
	assert_int_equal(xtrail("attach", "5", "--devid", "1", NULL, NULL),
			 0);
	assert_value("/local/domain/0/backend/xtrail/5/1/frontend",
		     "/local/domain/5/device/xtrail/1");
	assert_value("/local/domain/5/device/xtrail/1/backend",
		     "/local/domain/0/backend/xtrail/5/1");
}

static void test_attach_refusals(void **state)
{
	assert_int_equal(xtrail("attach", "0", NULL, NULL, NULL, NULL), 1);
	assert_contains(slurp(err_path), "refusing domain 0");
	assert_int_equal(xtrail("attach", "6", NULL, NULL, NULL, NULL), 1);
	assert_contains(slurp(err_path), "domain 6 does not exist");
	assert_value("/local/domain/0/backend/xtrail/6/0", "(none)");
	assert_int_equal(xtrail("attach", "5x", NULL, NULL, NULL, NULL), 1);
	assert_contains(slurp(err_path), "bad domid '5x'");
	assert_int_equal(xtrail("attach", NULL, NULL, NULL, NULL, NULL), 1);
	assert_contains(slurp(err_path), "Usage: xtrail attach");

	assert_int_equal(xtrail("attach", "5", NULL, NULL, NULL, NULL), 0);
	put(FE "/state", "4");
	assert_int_equal(xtrail("attach", "5", NULL, NULL, NULL, NULL), 1);
	assert_contains(slurp(err_path),
			"domain 5 already has xtrail device 0");
	/* untouched */
	assert_value(FE "/state", "4");
}

/*
 * xtrail config goes through the dom0 module (netlink), never straight to
 * xenstore: without the module it fails (status 2) and writes nothing, and
 * a bad setting is refused (status 1) before anything is sent.
 */
static void test_config(void **state)
{
	assert_int_equal(xtrail("attach", "5", NULL, NULL, NULL, NULL), 0);
	assert_int_equal(xtrail("config", "set", "5", "events=exec,file",
				"flood=wait", NULL), 2);
	assert_contains(slurp(err_path), "module is not loaded");
	assert_value(BE "/config/events", "(none)");
	assert_value(BE "/config/flood", "(none)");
	assert_int_equal(xtrail("config", "get", "5", NULL, NULL, NULL), 2);

	assert_int_equal(xtrail("config", "set", "5", "flood=drop",
				"events=exec,nope", NULL), 1);
	assert_contains(slurp(err_path), "events: unknown class");
	assert_int_equal(xtrail("config", "set", "5", "ignore-path=tmp", NULL,
				NULL), 1);
	assert_contains(slurp(err_path), "not an absolute path");
	assert_int_equal(xtrail("config", "5", "events=exec", NULL, NULL,
				NULL), 1);
	assert_value(BE "/config/events", "(none)");
}

/*
 * A frontend: when the backend goes Closing, check online is 0 and
 * switch to Closed (or remove the frontend directory).
 */
static pid_t frontend(bool remove)
{
	pid_t pid = fork();
	struct xs_handle *h;
	unsigned int len;
	char *v, *on;
	int i;

	assert_true(pid >= 0);
	if (pid)
		return pid;
	h = xs_open(0);
	if (!h)
		_exit(2);
	for (i = 0; i < 500; i++) {
		v = xs_read(h, XBT_NULL, BE "/state", &len);
		if (v && !strcmp(v, "5")) {
			on = xs_read(h, XBT_NULL, BE "/online", &len);
			if (!on || strcmp(on, "0"))
				_exit(3);
			sleep_ms(200);
			if (remove ? !xs_rm(h, XBT_NULL, FE) :
			    !xs_write(h, XBT_NULL, FE "/state", "6", 1))
				_exit(4);
			_exit(0);
		}
		free(v);
		sleep_ms(10);
	}
	_exit(5);
}

static void detach_with_frontend(bool remove)
{
	pid_t fe;
	int st;

	assert_int_equal(xtrail("attach", "5", NULL, NULL, NULL, NULL), 0);
	put(FE "/state", "4");
	put(BE "/state", "4");
	fe = frontend(remove);
	assert_int_equal(xtrail("detach", "5", NULL, NULL, NULL, NULL), 0);
	assert_contains(slurp(out_path),
			"detached xtrail device 0 of domain 5");
	assert_string_equal(slurp(err_path), "");
	assert_int_equal(waitpid(fe, &st, 0), fe);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	assert_value(BE, "(none)");
	assert_value(FE, "(none)");
	/* empty parents went too, the domain stays */
	assert_value("/local/domain/0/backend/xtrail/5", "(none)");
	assert_value("/local/domain/5/device/xtrail", "(none)");
	assert_value("/local/domain/5/name", "guest5");
}

static void test_detach_closes(void **state)
{
	detach_with_frontend(false);
}

static void test_detach_frontend_vanishes(void **state)
{
	detach_with_frontend(true);
}

static void test_detach_timeout(void **state)
{
	time_t t0 = time(NULL);

	assert_int_equal(xtrail("attach", "5", NULL, NULL, NULL, NULL), 0);
	assert_int_equal(xtrail("attach", "5", "--devid", "1", NULL, NULL),
			 0);
	put(FE "/state", "4");
	assert_int_equal(xtrail("detach", "5", "--timeout", "1", NULL, NULL),
			 0);
	assert_true(time(NULL) - t0 < 5);
	assert_contains(slurp(err_path),
			"frontend of domain 5 is still Connected after 1 s");
	assert_value(BE, "(none)");
	assert_value(FE, "(none)");
	/* device 1 is untouched, and so are the parents it needs */
	assert_value("/local/domain/0/backend/xtrail/5/1/online", "1");
	assert_value("/local/domain/5/device/xtrail/1/state", "1");
}

static void test_detach_unconnected(void **state)
{
	/* a frontend still Initialising is not waited for */
	assert_int_equal(xtrail("attach", "5", NULL, NULL, NULL, NULL), 0);
	assert_int_equal(xtrail("detach", "5", NULL, NULL, NULL, NULL), 0);
	assert_string_equal(slurp(err_path), "");
	assert_value(BE, "(none)");

	assert_int_equal(xtrail("detach", "5", NULL, NULL, NULL, NULL), 1);
	assert_contains(slurp(err_path), "domain 5 has no xtrail device 0");
	assert_int_equal(xtrail("detach", "0", NULL, NULL, NULL, NULL), 1);
}

/*
 * Start xtraild on an idle FIFO (it waits for records that never come)
 * with its output in @dir, up to 3 more arguments; stderr goes to err_path.
 */
static pid_t xtraild(const char *a1, const char *a2, const char *a3)
{
	char fifo[160], f3[160];
	pid_t pid;
	int e;

	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	snprintf(f3, sizeof(f3), "%s/f3.log", dir);
	unlink(fifo);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	/* there (empty) before xtraild writes to it */
	e = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(e >= 0);
	close(e);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		e = open(err_path, O_WRONLY | O_APPEND);
		if (e < 0)
			_exit(126);
		dup2(e, 1);
		dup2(e, 2);
		execl(XTRAILD, XTRAILD, "-f", "--plaintext", "-c", "/dev/null",
		      "-d", fifo, "-o", f3, a1, a2, a3, (char *)NULL);
		_exit(127);
	}
	return pid;
}

static void xtraild_stop(pid_t pid)
{
	int st;

	assert_int_equal(kill(pid, SIGTERM), 0);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

/* Wait up to 5 s for @path to exist (@want) or not. */
static void wait_path(const char *path, bool want)
{
	int i;

	for (i = 0; i < 250; i++) {
		if (strcmp(rd(path), "(none)") ? want : !want)
			return;
		sleep_ms(20);
	}
	fail_msg("%s still %s after 5 s", path, want ? "absent" : "there");
}

static void new_domain(unsigned int domid)
{
	char path[64];

	snprintf(path, sizeof(path), "/local/domain/%u/name", domid);
	put(path, "guest");
	assert_true(xs_introduce_domain(xs, domid, 0, 0));
}

static void test_autoattach(void **state)
{
	pid_t d = xtraild(NULL, NULL, NULL);

	/* the guest there at start is attached, like attach would */
	wait_path(BE "/state", true);
	assert_value(BE "/frontend", FE);
	assert_value(BE "/frontend-id", "5");
	assert_value(FE "/backend", BE);
	assert_value(FE "/state", "1");
	assert_perms(BE, 0, 5);
	assert_perms(FE, 5, 0);
	assert_value("/local/domain/0/device/xtrail", "(none)");

	/* a new domain */
	new_domain(7);
	wait_path("/local/domain/0/backend/xtrail/7/0/state", true);
	assert_value("/local/domain/7/device/xtrail/0/backend-id", "0");

	/* detached by hand: stays detached when the next domain comes */
	assert_true(xs_rm(xs, XBT_NULL, "/local/domain/0/backend/xtrail/5"));
	assert_true(xs_rm(xs, XBT_NULL, "/local/domain/5/device/xtrail"));
	new_domain(8);
	wait_path("/local/domain/0/backend/xtrail/8/0/state", true);
	assert_value(BE, "(none)");

	/* a domain that goes: its backend directory goes too */
	assert_true(xs_rm(xs, XBT_NULL, "/local/domain/7"));
	assert_true(xs_release_domain(xs, 7));
	wait_path("/local/domain/0/backend/xtrail/7", false);
	assert_value("/local/domain/0/backend/xtrail/8/0/online", "1");

	xtraild_stop(d);
	assert_contains(slurp(err_path), "auto-attach: attached domain 5 (guest5)");
	assert_contains(slurp(err_path), "auto-attach: attached domain 7");
	assert_contains(slurp(err_path), "domain 7 is gone");
}

/* Wait until xtraild has started (its banner), then 300 ms more. */
static void xtraild_settle(void)
{
	int i;

	for (i = 0; i < 250 && !strstr(slurp(err_path), "-> "); i++)
		sleep_ms(20);
	assert_contains(slurp(err_path), "-> ");
	sleep_ms(300);
}

static void test_autoattach_off(void **state)
{
	char conf[160];
	FILE *f;
	pid_t d;

	d = xtraild("--no-auto-attach", NULL, NULL);
	xtraild_settle();
	new_domain(7);
	sleep_ms(300);
	xtraild_stop(d);
	assert_value(BE, "(none)");
	assert_value("/local/domain/0/backend/xtrail/7", "(none)");

	/* the config file keyword; the command line overrides it */
	snprintf(conf, sizeof(conf), "%s/xtraild.conf", dir);
	f = fopen(conf, "w");
	assert_non_null(f);
	fputs("auto_attach = no\n", f);
	fclose(f);
	d = xtraild("-c", conf, NULL);
	xtraild_settle();
	xtraild_stop(d);
	assert_value(BE, "(none)");
	d = xtraild("-c", conf, "--auto-attach");
	wait_path(BE "/state", true);
	xtraild_stop(d);

	f = fopen(conf, "w");
	assert_non_null(f);
	fputs("auto_attach = maybe\n", f);
	fclose(f);
	d = xtraild("-c", conf, NULL);
	assert_int_equal(waitpid(d, NULL, 0), d);
	assert_contains(slurp(err_path), "bad auto_attach 'maybe' (yes or no)");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_attach_layout),
		T(test_config),
		T(test_attach_refusals),
		T(test_detach_closes),
		T(test_detach_frontend_vanishes),
		T(test_detach_timeout),
		T(test_detach_unconnected),
		T(test_autoattach),
		T(test_autoattach_off),
	};

	return cmocka_run_group_tests_name("xenstore", tests, NULL, NULL);
}
