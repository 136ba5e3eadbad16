// SPDX-License-Identifier: GPL-2.0
/*
 * "xtrail trace" on synthetic logs: the process chain the history gives
 * (userspace/lib/proc_hist.c: up to the session's parent, to pid 1, to an
 * unknown parent, through a reused pid, a loop, the limit, whatever the
 * log's order), the question (userspace/lib/trace.c: addresses, times
 * with offsets, which flows answer, what a process touched), then the
 * binary built in userspace/ (US_DIR) on a small F3 log: its answer in
 * text and JSON, the other questions, the errors and exit statuses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include <json.h>

#include "attribution.h"
#include "f3.h"
#include "trace.h"
#include "test_files.h"
#include "test_safe.h"
#include "test_util.h"

#ifndef US_DIR
#error "US_DIR must name the userspace build directory"
#endif
#define XTRAIL	US_DIR "/xtrail"

#define DOM	5
#define SEC	1000000000ull
#define MS	1000000ull
#define T0	(100 * SEC)
#define UNSET	0xffffffffu
#define TCP	6

/* the guest 192.0.2.10, the mail server 198.51.100.25 */
static const uint8_t GUEST[4] = { 192, 0, 2, 10 };
static const uint8_t SMTP[4] = { 198, 51, 100, 25 };

static struct rec_buf r;
static struct xt_attr *a;
static struct f3_writer w;
static int to_log;	/* the records go to the F3 log too */
static uint64_t seq;
static char dir[64], log_path[128];

/* Who a record is from */
struct ids {
	uint32_t tgid, ppid, uid, loginuid, ses;
	const char *comm;
};

static const struct ids ROOT_SH = { 100, 1, 0, UNSET, UNSET, "bash" };
static const struct ids INIT = { 1, 0, 0, UNSET, UNSET, "init" };
/* as_user's subshell, after it wrote its login uid: session 4 */
static const struct ids SU = { 200, 100, 0, 1000, 4, "su" };
static const struct ids USER_SH = { 200, 100, 1000, 1000, 4, "bash" };
static const struct ids MAIL = { 200, 100, 1000, 1000, 4, "mail" };
static const struct ids SENDMAIL = { 201, 200, 1000, 1000, 4, "sendmail" };

static void add(uint32_t len)
{
	assert_int_equal(xt_attr_add(a, r.b, len), 0);
	if (to_log)
		assert_int_equal(xt_f3_writer_add(&w, r.b, len), 0);
}

/* The record built in r made a guest's (DOM), at @t, from @id. */
static struct xtrail_rec_hdr *ghdr(uint64_t t, const struct ids *id)
{
	struct xtrail_rec_hdr *h = hdr_of(&r);

	h->flags = 0;
	h->seq = xt_cpu64(seq++);
	h->ts_ns = xt_cpu64(t);
	h->recv_ns = xt_cpu64(t + SEC / 10);
	h->domid = xt_cpu16(DOM);
	h->vcpu = 0;
	h->pid = xt_cpu32(id->tgid);
	h->tgid = xt_cpu32(id->tgid);
	h->ppid = xt_cpu32(id->ppid);
	h->uid = xt_cpu32(id->uid);
	h->euid = xt_cpu32(id->uid);
	h->loginuid = xt_cpu32(id->loginuid);
	h->sessionid = xt_cpu32(id->ses);
	memset(h->comm, 0, sizeof(h->comm));
	memcpy(h->comm, id->comm, strlen(id->comm));
	return h;
}

/* A dom0 record of @type about DOM at @t (dom0's clock). */
static struct xtrail_rec_hdr *dhdr(unsigned int type, uint64_t t,
				   uint32_t *len)
{
	struct xtrail_rec_hdr *h;

	*len = build_dom0(&r, type);
	h = hdr_of(&r);
	h->flags = xt_cpu16(XTRAIL_RF_TS_XEN | XTRAIL_RF_NO_TASK);
	h->ts_ns = xt_cpu64(t);
	h->recv_ns = xt_cpu64(t);
	h->domid = xt_cpu16(DOM);
	return h;
}

static void add_exec(uint64_t t, const struct ids *id, const char *fn,
		     const char *argv, size_t argv_len, unsigned int argc)
{
	uint32_t len = build_exec(&r, fn, strlen(fn), 0, argv, argv_len, 0,
				  0, argc);

	ghdr(t, id);
	add(len);
}

static void add_fork(uint64_t t, const struct ids *parent, uint32_t child)
{
	uint32_t len = build_fixed(&r, XTRAIL_REC_FORK,
				   sizeof(struct xtrail_fork));
	struct xtrail_fork *fk = (struct xtrail_fork *)(ghdr(t, parent) + 1);

	fk->child_pid = xt_cpu32(child);
	fk->child_tgid = xt_cpu32(child);
	add(len);
}

static void add_exit(uint64_t t, const struct ids *id)
{
	uint32_t len = build_fixed(&r, XTRAIL_REC_EXIT,
				   sizeof(struct xtrail_exit));

	ghdr(t, id);
	add(len);
}

static const char su_argv[] = "su\0-s\0/bin/bash\0winai\0-c\0mail";
static const char sh_argv[] = "bash\0-c\0mail";
static const char sm_argv[] = "sendmail\0-i\0-t";

/* The spam case's processes: guest.sh's bash (100), child of init (1),
 * forks 200, which opens session 4 and execs su, bash and mail (uid
 * 1000), which forks 201, which execs sendmail. In log order, or with
 * each child's exec ahead of its fork (dom0's merge of two vCPUs).
 */
static void add_spam_procs(int reordered)
{
	add_exec(T0 - 10 * SEC, &INIT, "/sbin/init", "init", 5, 1);
	add_fork(T0 - SEC, &INIT, 100);
	add_exec(T0 - SEC + MS, &ROOT_SH, "/bin/bash", "bash", 5, 1);
	if (!reordered)
		add_fork(T0, &ROOT_SH, 200);
	add_exec(T0 + MS, &SU, "/bin/su", su_argv, sizeof(su_argv), 6);
	if (reordered)
		add_fork(T0, &ROOT_SH, 200);
	add_exec(T0 + 2 * MS, &USER_SH, "/bin/bash", sh_argv, sizeof(sh_argv),
		 3);
	add_exec(T0 + 3 * MS, &MAIL, SPAM_FILENAME, spam_argv, SPAM_ARGV_LEN,
		 4);
	if (reordered)
		add_exec(T0 + 5 * MS, &SENDMAIL, "/usr/sbin/sendmail", sm_argv,
			 sizeof(sm_argv), 3);
	add_fork(T0 + 4 * MS, &MAIL, 201);
	if (!reordered)
		add_exec(T0 + 5 * MS, &SENDMAIL, "/usr/sbin/sendmail", sm_argv,
			 sizeof(sm_argv), 3);
}

static int setup(void **state)
{
	a = xt_attr_new(XT_ATTR_WINDOW_DEF);
	seq = 0;
	to_log = 0;
	return a ? 0 : -1;
}

static int teardown(void **state)
{
	xt_attr_free(a);
	return 0;
}

static size_t chain(uint32_t tgid, uint64_t t, struct xt_procs_step *s,
		    size_t max, enum xt_chain_end *why)
{
	return xt_procs_chain(xt_attr_procs(a), DOM, tgid, t, s, max, why);
}

static void assert_exec(const struct xt_procs_step *s, unsigned int i,
			const char *fn, uint32_t uid, uint32_t ses)
{
	assert_true(i < s->n_exec);
	assert_int_equal(s->exec[i]->filename_len, strlen(fn));
	assert_memory_equal(s->exec[i]->filename, fn, strlen(fn));
	assert_int_equal(s->exec_who[i].uid, uid);
	assert_int_equal(s->exec_who[i].sessionid, ses);
}

/* sendmail's chain: itself, mail's process, and the session's parent. */
static void check_spam_chain(void)
{
	struct xt_procs_step s[16];
	enum xt_chain_end why;

	assert_int_equal(chain(201, T0 + 6 * MS, s, 16, &why), 3);
	assert_int_equal(why, XT_CHAIN_SESSION);
	assert_int_equal(s[0].tgid, 201);
	assert_int_equal(s[0].parent, 200);
	assert_true(s[0].forked);
	assert_int_equal(s[0].start, T0 + 4 * MS);
	assert_int_equal(s[0].n_exec, 1);
	assert_exec(&s[0], 0, "/usr/sbin/sendmail", 1000, 4);
	/* su, bash, mail: one process, three execs, oldest first */
	assert_int_equal(s[1].tgid, 200);
	assert_int_equal(s[1].parent, 100);
	assert_int_equal(s[1].start, T0);
	assert_int_equal(s[1].fork_who.sessionid, UNSET);
	assert_int_equal(s[1].n_exec, 3);
	assert_exec(&s[1], 0, "/bin/su", 0, 4);
	assert_int_equal(s[1].exec_who[0].loginuid, 1000);
	assert_exec(&s[1], 1, "/bin/bash", 1000, 4);
	assert_exec(&s[1], 2, SPAM_FILENAME, 1000, 4);
	assert_int_equal(s[1].exec[2]->argv_len, SPAM_ARGV_LEN);
	assert_memory_equal(s[1].exec[2]->argv, spam_argv, SPAM_ARGV_LEN);
	assert_int_equal(s[1].exec_ts[2], T0 + 3 * MS);
	/* above the session: guest.sh's bash, no login uid */
	assert_int_equal(s[2].tgid, 100);
	assert_int_equal(s[2].n_exec, 1);
	assert_exec(&s[2], 0, "/bin/bash", 0, UNSET);
	/* before its fork, sendmail's process was not there */
	assert_int_equal(chain(201, T0 + 3 * MS, s, 16, &why), 0);
	/* mail's process at su's exec: su only */
	assert_int_equal(chain(200, T0 + MS, s, 16, &why), 2);
	assert_int_equal(s[0].n_exec, 1);
}

static void t_chain_session(void **state)
{
	add_spam_procs(0);
	check_spam_chain();
}

/* The merge put each child's exec ahead of its fork: the same chain. */
static void t_chain_log_order(void **state)
{
	add_spam_procs(1);
	check_spam_chain();
}

/* Without a session, up to pid 1. */
static void t_chain_init(void **state)
{
	static const struct ids d = { 300, 100, 0, UNSET, UNSET, "cron" };
	struct xt_procs_step s[16];
	enum xt_chain_end why;

	add_spam_procs(0);
	add_fork(T0 + 10 * MS, &ROOT_SH, 300);
	add_exec(T0 + 11 * MS, &d, "/usr/sbin/cron", "cron", 5, 1);
	assert_int_equal(chain(300, T0 + 12 * MS, s, 16, &why), 3);
	assert_int_equal(why, XT_CHAIN_INIT);
	assert_int_equal(s[1].tgid, 100);
	assert_int_equal(s[2].tgid, 1);
	assert_exec(&s[2], 0, "/sbin/init", 0, UNSET);
	/* the limit */
	assert_int_equal(chain(300, T0 + 12 * MS, s, 2, &why), 2);
	assert_int_equal(why, XT_CHAIN_MAX);
}

/* A process whose fork the log missed: its parent by its exec's ppid. */
static void t_chain_unknown(void **state)
{
	static const struct ids d = { 400, 77, 1000, 1000, 9, "sh" };
	struct xt_procs_step s[16];
	enum xt_chain_end why;

	add_exec(T0, &d, "/bin/sh", "sh", 3, 1);
	assert_int_equal(chain(400, T0 + MS, s, 16, &why), 1);
	assert_int_equal(why, XT_CHAIN_UNKNOWN);
	assert_false(s[0].forked);
	assert_int_equal(s[0].parent, 77);
	assert_int_equal(s[0].start, T0);
}

/* A pid given again after an exit: each life with its own parent. */
static void t_chain_pid_reuse(void **state)
{
	static const struct ids p2 = { 150, 1, 0, UNSET, UNSET, "sshd" };
	static const struct ids old = { 500, 100, 0, UNSET, UNSET, "a" };
	struct xt_procs_step s[16];
	enum xt_chain_end why;
	uint64_t at;

	add_spam_procs(0);
	add_fork(T0 - 5 * SEC, &INIT, 150);
	add_fork(T0 + SEC, &ROOT_SH, 500);
	add_exit(T0 + 2 * SEC, &old);
	add_fork(T0 + 3 * SEC, &p2, 500);
	assert_int_equal(chain(500, T0 + SEC + MS, s, 16, &why), 3);
	assert_int_equal(s[0].parent, 100);
	assert_int_equal(s[0].end, T0 + 2 * SEC);
	assert_int_equal(chain(500, T0 + 2 * SEC + MS, s, 16, &why), 0);
	/* its last life before a time: not its exit */
	assert_int_equal(xt_procs_last(xt_attr_procs(a), DOM, 500,
				       T0 + 2 * SEC + MS, &at), 0);
	assert_int_equal(at, T0 + SEC);
	assert_int_equal(xt_procs_last(xt_attr_procs(a), DOM, 500, T0, &at),
			 -1);
	assert_int_equal(chain(500, T0 + 4 * SEC, s, 16, &why), 3);
	assert_int_equal(s[0].parent, 150);
	assert_int_equal(s[0].start, T0 + 3 * SEC);
	assert_int_equal(s[0].end, UINT64_MAX);
	assert_int_equal(s[1].tgid, 150);
	assert_int_equal(s[2].tgid, 1);
	assert_int_equal(why, XT_CHAIN_INIT);
}

/* Forks that make a loop (a lying guest): the chain ends. */
static void t_chain_loop(void **state)
{
	static const struct ids p = { 600, 601, 0, UNSET, UNSET, "x" };
	static const struct ids q = { 601, 600, 0, UNSET, UNSET, "y" };
	struct xt_procs_step s[16];
	enum xt_chain_end why;

	add_fork(T0, &q, 600);
	add_fork(T0, &p, 601);	/* at the same time: no order */
	assert_int_equal(chain(601, T0 + 2 * MS, s, 16, &why), 2);
	assert_int_equal(s[1].tgid, 600);
	assert_int_equal(why, XT_CHAIN_UNKNOWN);
}

static void t_parse_ep(void **state)
{
	static const uint8_t v6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	struct xt_trace_ep e;

	assert_int_equal(xt_trace_parse_ep("198.51.100.25:25", &e), 0);
	assert_true(e.set && e.has_port);
	assert_int_equal(e.family, 2);
	assert_int_equal(e.port, 25);
	assert_memory_equal(e.addr, SMTP, 4);
	assert_int_equal(xt_trace_parse_ep("198.51.100.25", &e), 0);
	assert_false(e.has_port);
	assert_int_equal(xt_trace_parse_ep("[2001:db8::1]:587", &e), 0);
	assert_int_equal(e.family, 10);
	assert_int_equal(e.port, 587);
	assert_memory_equal(e.addr, v6, 16);
	assert_int_equal(xt_trace_parse_ep("2001:db8::1", &e), 0);
	assert_false(e.has_port);
	assert_int_equal(xt_trace_parse_ep("[2001:db8::1]", &e), 0);
	assert_int_equal(e.family, 10);
	assert_int_equal(xt_trace_parse_ep("198.51.100.25:0", &e), -1);
	assert_int_equal(xt_trace_parse_ep("198.51.100.25:65536", &e), -1);
	assert_int_equal(xt_trace_parse_ep("198.51.100.25:x", &e), -1);
	assert_int_equal(xt_trace_parse_ep("198.51.100.25:", &e), -1);
	assert_int_equal(xt_trace_parse_ep("[2001:db8::1", &e), -1);
	assert_int_equal(xt_trace_parse_ep("[2001:db8::1]25", &e), -1);
	assert_int_equal(xt_trace_parse_ep("mail.example", &e), -1);
	assert_int_equal(xt_trace_parse_ep("", &e), -1);
	assert_false(e.set);
}

static void t_parse_time(void **state)
{
	/* 2026-12-07T16:48:01Z */
	const int64_t t = 1796662081ll * 1000000000;
	int64_t ns;

	assert_int_equal(xt_trace_parse_time("2026-12-07T16:48:01Z", &ns), 0);
	assert_int_equal(ns, t);
	assert_int_equal(xt_trace_parse_time("2026-12-07T16:48:01+00:00",
					     &ns), 0);
	assert_int_equal(ns, t);
	assert_int_equal(xt_trace_parse_time("2026-12-07T17:48:01+01:00",
					     &ns), 0);
	assert_int_equal(ns, t);
	assert_int_equal(xt_trace_parse_time("2026-12-07T11:18:01.5-05:30",
					     &ns), 0);
	assert_int_equal(ns, t + 500000000);
	assert_int_equal(xt_trace_parse_time("2026-12-07T16:48:01.930633294Z",
					     &ns), 0);
	assert_int_equal(ns, t + 930633294);
	assert_int_equal(xt_trace_parse_time("@1796662081", &ns), 0);
	assert_int_equal(ns, t);
	assert_int_equal(xt_trace_parse_time("2026-12-07T16:48:01", &ns), -1);
	assert_int_equal(xt_trace_parse_time("2026-12-07T16:48:01+1:00",
					     &ns), -1);
	assert_int_equal(xt_trace_parse_time("2026-12-07T16:48:01+24:00",
					     &ns), -1);
	assert_int_equal(xt_trace_parse_time("2026-12-07T16:48:01.Z", &ns),
			 -1);
	assert_int_equal(xt_trace_parse_time("yesterday", &ns), -1);
	assert_int_equal(xt_trace_parse_time("@", &ns), -1);
}

/* A flow 192.0.2.10:40000 -> 198.51.100.25:25 at wall time @wall. */
static void mk_flow(struct xt_attr_flow *f, int64_t wall)
{
	memset(f, 0, sizeof(*f));
	f->f.family = xt_cpu16(2);
	f->f.protocol = TCP;
	f->f.sport = xt_cpu16(40000);
	f->f.dport = xt_cpu16(25);
	memcpy(f->f.saddr, GUEST, 4);
	memcpy(f->f.daddr, SMTP, 4);
	f->wall_ns = wall;
}

static void t_flow_matches(void **state)
{
	struct xt_trace_query q = { .window_ns = 300 * SEC };
	const int64_t at = 1796662081ll * 1000000000;
	struct xt_attr_flow f;

	mk_flow(&f, at);
	assert_int_equal(xt_trace_parse_ep("198.51.100.25:25", &q.dst), 0);
	assert_true(xt_trace_flow_matches(&q, &f));
	/* the port, the address, the side */
	q.dst.port = 26;
	assert_false(xt_trace_flow_matches(&q, &f));
	q.dst.has_port = 0;
	assert_true(xt_trace_flow_matches(&q, &f));
	assert_int_equal(xt_trace_parse_ep("192.0.2.10", &q.dst), 0);
	assert_false(xt_trace_flow_matches(&q, &f));
	assert_int_equal(xt_trace_parse_ep("192.0.2.10:40000", &q.src), 0);
	assert_int_equal(xt_trace_parse_ep("198.51.100.25", &q.dst), 0);
	assert_true(xt_trace_flow_matches(&q, &f));
	/* IPv4-mapped IPv6 is IPv4 */
	assert_int_equal(xt_trace_parse_ep("[::ffff:198.51.100.25]:25",
					   &q.dst), 0);
	assert_true(xt_trace_flow_matches(&q, &f));
	/* the window, both edges included */
	q.has_at = 1;
	q.at_ns = at + 300 * SEC;
	assert_true(xt_trace_flow_matches(&q, &f));
	q.at_ns = at - 300 * SEC;
	assert_true(xt_trace_flow_matches(&q, &f));
	q.at_ns = at + 300 * SEC + 1;
	assert_false(xt_trace_flow_matches(&q, &f));
	q.at_ns = at - 300 * SEC - 1;
	assert_false(xt_trace_flow_matches(&q, &f));
	/* no wall-clock time: no answer to a time */
	mk_flow(&f, -1);
	q.at_ns = at;
	assert_false(xt_trace_flow_matches(&q, &f));
	q.has_at = 0;
	assert_true(xt_trace_flow_matches(&q, &f));
}

/* A FILE (or @type) record of @id at @t, into r: its length. */
static uint32_t mk_rec(unsigned int type, uint64_t t, const struct ids *id)
{
	uint32_t len = build_fixed(&r, type, type == XTRAIL_REC_NET ?
				   sizeof(struct xtrail_net) :
				   sizeof(struct xtrail_file));

	ghdr(t, id);
	return len;
}

static void t_touch(void **state)
{
	static const uint32_t tgids[] = { 201, 200, 100 };
	static const struct ids other = { 202, 200, 1000, 1000, 4, "x" };
	static const struct ids other_ses = { 700, 1, 0, 0, 8, "getty" };
	struct xt_trace_subject s = {
		.domid = DOM, .tgid = 201, .start = T0, .end = T0 + SEC,
		.has_window = 1, .lo_ns = 1000, .hi_ns = 2000,
		.sessionid = 4, .chain = tgids, .n_chain = 3,
	};
	uint32_t len;

	len = mk_rec(XTRAIL_REC_FILE, T0 + MS, &SENDMAIL);
	assert_int_equal(xt_trace_touch(&s, r.b, len, 1500), XT_TOUCH_FILE);
	assert_int_equal(xt_trace_touch(&s, r.b, len, 1000), XT_TOUCH_FILE);
	assert_int_equal(xt_trace_touch(&s, r.b, len, 2001), XT_TOUCH_NONE);
	assert_int_equal(xt_trace_touch(&s, r.b, len, -1), XT_TOUCH_NONE);
	s.has_window = 0;
	assert_int_equal(xt_trace_touch(&s, r.b, len, -1), XT_TOUCH_FILE);
	/* before its fork, after its exit: another process of that pid */
	len = mk_rec(XTRAIL_REC_FILE, T0 - 1, &SENDMAIL);
	assert_int_equal(xt_trace_touch(&s, r.b, len, 1500), XT_TOUCH_NONE);
	len = mk_rec(XTRAIL_REC_NET, T0 + SEC, &SENDMAIL);
	assert_int_equal(xt_trace_touch(&s, r.b, len, 1500), XT_TOUCH_NET);
	len = mk_rec(XTRAIL_REC_NET, T0 + SEC + 1, &SENDMAIL);
	assert_int_equal(xt_trace_touch(&s, r.b, len, 1500), XT_TOUCH_NONE);
	/* another process, another guest, no task, another type */
	len = mk_rec(XTRAIL_REC_FILE, T0 + MS, &other);
	assert_int_equal(xt_trace_touch(&s, r.b, len, 1500), XT_TOUCH_NONE);
	len = mk_rec(XTRAIL_REC_FILE, T0 + MS, &SENDMAIL);
	hdr_of(&r)->domid = xt_cpu16(DOM + 1);
	assert_int_equal(xt_trace_touch(&s, r.b, len, 1500), XT_TOUCH_NONE);
	hdr_of(&r)->domid = xt_cpu16(DOM);
	hdr_of(&r)->flags = xt_cpu16(XTRAIL_RF_NO_TASK);
	assert_int_equal(xt_trace_touch(&s, r.b, len, 1500), XT_TOUCH_NONE);
	len = mk_rec(XTRAIL_REC_EXEC, T0 + MS, &SENDMAIL);
	assert_int_equal(xt_trace_touch(&s, r.b, len, 1500), XT_TOUCH_NONE);
	/* terminals: of the chain, of the session, at any time */
	len = build_tty_rec(&r, "pts0", 0, "$ ", 2);
	ghdr(T0 - 100 * SEC, &ROOT_SH);
	assert_int_equal(xt_trace_touch(&s, r.b, len, 1), XT_TOUCH_TTY);
	ghdr(T0 + 100 * SEC, &other);
	assert_int_equal(xt_trace_touch(&s, r.b, len, 1), XT_TOUCH_TTY);
	ghdr(T0, &other_ses);
	assert_int_equal(xt_trace_touch(&s, r.b, len, 1), XT_TOUCH_NONE);
}

/* 2026-11-21T18:39:01Z at dom0's ts 1 s */
#define CLOCK_REAL	1795286341ull

/*
 * The log: CLOCK at 1 s; VM_IDENTITY "web1" and CONNECT of DOM at 2 s;
 * the spam case's processes (T0 = 18:40:40Z); sendmail's connect to
 * 198.51.100.25:25 (dom0's flow at T0 + 10 ms), a file it opened, and a
 * line mail's process wrote on pts0.
 */
static int cli_setup(void **state)
{
	struct f3_writer_opts o = { 0 };
	struct f3_open_report rep;
	struct xtrail_vm_identity *v;
	struct xtrail_rec_hdr *h;
	char err[256];
	uint32_t len;

	strcpy(dir, "trace.tmp.XXXXXX");
	if (!mkdtemp(dir) || setup(state))
		return -1;
	snprintf(log_path, sizeof(log_path), "%s/f3.log", dir);
	if (xt_f3_writer_open(&w, log_path, &o, &rep, err, sizeof(err)))
		return -1;
	to_log = 1;
	h = dhdr(XTRAIL_REC_CLOCK, SEC, &len);
	h->domid = 0;
	((struct xtrail_clock *)(h + 1))->realtime_ns =
		xt_cpu64(CLOCK_REAL * SEC);
	add(len);
	h = dhdr(XTRAIL_REC_VM_IDENTITY, 2 * SEC, &len);
	v = (struct xtrail_vm_identity *)(h + 1);
	memset(v->uuid, 0xab, 16);
	memcpy(v->name, "web1", 4);
	add(len);
	dhdr(XTRAIL_REC_CONNECT, 2 * SEC, &len);
	add(len);
	return 0;
}

static int cli_teardown(void **state)
{
	char cmd[128];

	teardown(state);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) ? -1 : 0;
}

static void cli_log(void)
{
	struct xtrail_flow *f;
	struct xtrail_net *n;
	uint32_t len;

	add_spam_procs(0);
	f = (struct xtrail_flow *)(dhdr(XTRAIL_REC_FLOW, T0 + 10 * MS,
					&len) + 1);
	f->event = xt_cpu32(XTRAIL_FLOW_START);
	f->flags = xt_cpu32(XTRAIL_FLOW_FROM_GUEST);
	f->family = xt_cpu16(2);
	f->protocol = TCP;
	f->sport = xt_cpu16(40000);
	f->dport = xt_cpu16(25);
	f->flow_id = xt_cpu64(1);
	f->first_ns = xt_cpu64(T0 + 10 * MS);
	f->last_ns = f->first_ns;
	memcpy(f->saddr, GUEST, 4);
	memcpy(f->daddr, SMTP, 4);
	add(len);
	len = mk_rec(XTRAIL_REC_NET, T0 + 13 * MS, &SENDMAIL);
	n = (struct xtrail_net *)(hdr_of(&r) + 1);
	n->kind = xt_cpu32(XTRAIL_NET_CONNECT);
	n->family = xt_cpu32(2);
	n->protocol = xt_cpu32(TCP);
	n->sport = xt_cpu16(40000);
	n->dport = xt_cpu16(25);
	memcpy(n->saddr, GUEST, 4);
	memcpy(n->daddr, SMTP, 4);
	add(len);
	add(mk_rec(XTRAIL_REC_FILE, T0 + 6 * MS, &SENDMAIL));
	len = build_tty_rec(&r, "pts0", 0, "sent\r\n", 6);
	ghdr(T0 + 20 * MS, &MAIL);
	add(len);
	/* sendmail exits; the close of its files comes after */
	add_exit(T0 + 30 * MS, &SENDMAIL);
	add(mk_rec(XTRAIL_REC_FILE, T0 + 31 * MS, &SENDMAIL));
	assert_int_equal(xt_f3_writer_close(&w), 0);
}

/* Run xtrail trace on the log with @args: its exit status. */
static int run_trace(const char *args)
{
	char cmd[512];
	int st;

	snprintf(cmd, sizeof(cmd), "%s trace %s %s >%s/out 2>%s/err",
		 XTRAIL, args, log_path, dir, dir);
	st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static const char *text_of(const char *name)
{
	char p[128];

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return slurp(p);
}

#define VM_LINE \
	"vm abababab-abab-abab-abab-abababababab \"web1\" domid 5\n"
#define MAIL_LINE \
	"    exec 2026-11-21T18:40:40.103000000Z \"/usr/bin/mail\" argv " \
	"\"mail\" \"-s\" \"spamSubject\" \"winai.wongthai@ncl.ac.uk\" " \
	"pid 200 uid 1000 euid 1000 loginuid 1000 ses 4 comm \"mail\"\n"

static void t_cli_flow(void **state)
{
	const char *o;

	cli_log();
	assert_int_equal(run_trace("--dst 198.51.100.25:25 --at 2026-11-21T19:40:41+01:00"),
			 0);
	o = text_of("out");
	assert_contains(o, VM_LINE "flow 2026-11-21T18:40:40.010000000Z domid 5");
	assert_contains(o, "198.51.100.25:25 attributed pid 201");
	assert_contains(o, "process chain: 3 processes, from the one whose child opened the session down:\n"
			"  process 100, parent 1, started ");
	assert_contains(o, MAIL_LINE "  process 201, parent 200, started ");
	assert_contains(o, "touched by process 201 in the window: 2 files and sockets:\n");
	assert_contains(o, "] net connect 192.0.2.10:40000 -> 198.51.100.25:25");
	assert_contains(o, "terminal session 5:pts0: xtrail replay --session 5:pts0 ");
	assert_contains(text_of("err"), "xtrail trace: 1 answers");
	/* another port, a time out of the window: nothing, status 2 */
	assert_int_equal(run_trace("--dst 198.51.100.25:26"), 2);
	assert_string_equal(text_of("out"), "");
	assert_contains(text_of("err"), "xtrail trace: 0 answers");
	assert_int_equal(run_trace("--dst 198.51.100.25 --at 2026-11-21T18:45:41Z"),
			 2);
	assert_int_equal(run_trace("--src 192.0.2.10:40000 --window 1 --at 2026-11-21T18:40:41Z"),
			 0);
}

static void t_cli_json(void **state)
{
	struct json_object *root, *o, *v;

	cli_log();
	assert_int_equal(run_trace("--json --dst 198.51.100.25:25"), 0);
	root = json_tokener_parse(text_of("out"));
	assert_non_null(root);
	assert_true(json_object_object_get_ex(root, "vm_uuid", &v));
	assert_string_equal(json_object_get_string(v),
			    "abababab-abab-abab-abab-abababababab");
	assert_true(json_object_object_get_ex(root, "chain", &v));
	assert_int_equal(json_object_array_length(v), 3);
	v = json_object_array_get_idx(v, 1);
	assert_true(json_object_object_get_ex(v, "execs", &v));
	v = json_object_array_get_idx(v, 2);
	assert_true(json_object_object_get_ex(v, "uid", &o));
	assert_int_equal(json_object_get_int(o), 1000);
	assert_true(json_object_object_get_ex(v, "argv", &o));
	assert_string_equal(json_object_to_json_string_ext(o,
			    JSON_C_TO_STRING_PLAIN),
			    "[\"mail\",\"-s\",\"spamSubject\",\"winai.wongthai@ncl.ac.uk\"]");
	json_object_put(root);
	assert_contains(text_of("out"), "\"chain_end\":\"session\"");
	assert_contains(text_of("out"), "\"tty\":[{\"session\":\"5:pts0\"}]");
}

/* A VM's pid, a terminal's writers. */
static void t_cli_pid_tty(void **state)
{
	cli_log();
	assert_int_equal(run_trace("--vm web1 --pid 201"), 0);
	assert_contains(text_of("out"), VM_LINE "process chain: 3 processes");
	assert_contains(text_of("out"), MAIL_LINE);
	assert_contains(text_of("out"), "touched by process 201: 2 files");
	assert_int_equal(run_trace("--vm ABABABAB-ABAB-ABAB-ABAB-ABABABABABAB --pid 201 --at 2026-11-21T18:40:40Z"),
			 0);
	assert_contains(text_of("out"), MAIL_LINE);
	assert_int_equal(run_trace("--vm web1 --pid 999"), 2);
	assert_int_equal(run_trace("--tty 5:pts0"), 0);
	assert_contains(text_of("out"), "process chain: 2 processes");
	assert_contains(text_of("out"), "terminal session 5:pts0: ");
	assert_contains(text_of("out"), MAIL_LINE);
	assert_int_equal(run_trace("--tty 5:pts1"), 2);
}

static void t_cli_errors(void **state)
{
	cli_log();
	assert_int_equal(run_trace("--dst mail.example:25"), 1);
	assert_contains(text_of("err"), "bad address 'mail.example:25'");
	assert_int_equal(run_trace("--dst 198.51.100.25 --at 2026-11-21"), 1);
	assert_contains(text_of("err"), "bad time '2026-11-21'");
	assert_int_equal(run_trace("--dst 198.51.100.25 --window -1"), 1);
	assert_contains(text_of("err"), "bad window '-1'");
	assert_int_equal(run_trace(""), 1);
	assert_contains(text_of("err"), "ask one question");
	assert_int_equal(run_trace("--dst 198.51.100.25 --tty 5:pts0"), 1);
	assert_contains(text_of("err"), "ask one question");
	assert_int_equal(run_trace("--vm web1"), 1);
	assert_contains(text_of("err"), "--vm and --pid go together");
	assert_int_equal(run_trace("--vm web2 --pid 201"), 1);
	assert_contains(text_of("err"), "no VM named 'web2'");
	assert_int_equal(run_trace("--tty pts0"), 1);
	assert_contains(text_of("err"), "bad terminal session 'pts0'");
}

/* A terminal name and an argv a guest chose: escaped, and quoted for the shell. */
static void t_cli_hostile(void **state)
{
	static const char argv[] = H_ESC "\0" H_FORGE "\0" H_BIDI;
	uint32_t len;

	add_spam_procs(0);
	add_exec(T0 + 6 * MS, &SENDMAIL, "/x", argv, sizeof(argv), 3);
	len = build_tty_rec(&r, "p\x1b[2J';$(x)", 0, "x", 1);
	ghdr(T0 + 7 * MS, &MAIL);
	add(len);
	assert_int_equal(xt_f3_writer_close(&w), 0);
	assert_int_equal(run_trace("--vm web1 --pid 201"), 0);
	assert_safe(text_of("out"), "\n");
	assert_contains(text_of("out"),
			"terminal session 5:p\\x1b[2J';$(x): xtrail replay --session '5:p\\x1b[2J'\\'';$(x)' ");
	assert_contains(text_of("out"), "\"\\x1b[2J\\x1b]0;pwned\\x07\" \"ok\\r\\n[domid 0");
	assert_int_equal(run_trace("--json --vm web1 --pid 201"), 0);
	assert_safe(text_of("out"), "\n");
	assert_contains(text_of("out"), "\"tty\":[{\"session\":\"5:p\\\\x1b[2J';$(x)\"}]");
	/* the name as listed is what --tty takes */
	assert_int_equal(run_trace("--tty '5:p\\x1b[2J'\\'';$(x)'"), 0);
	assert_contains(text_of("out"), MAIL_LINE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(t_chain_session, setup,
						teardown),
		cmocka_unit_test_setup_teardown(t_chain_log_order, setup,
						teardown),
		cmocka_unit_test_setup_teardown(t_chain_init, setup, teardown),
		cmocka_unit_test_setup_teardown(t_chain_unknown, setup,
						teardown),
		cmocka_unit_test_setup_teardown(t_chain_pid_reuse, setup,
						teardown),
		cmocka_unit_test_setup_teardown(t_chain_loop, setup, teardown),
		cmocka_unit_test(t_parse_ep),
		cmocka_unit_test(t_parse_time),
		cmocka_unit_test(t_flow_matches),
		cmocka_unit_test(t_touch),
		cmocka_unit_test_setup_teardown(t_cli_flow, cli_setup,
						cli_teardown),
		cmocka_unit_test_setup_teardown(t_cli_json, cli_setup,
						cli_teardown),
		cmocka_unit_test_setup_teardown(t_cli_pid_tty, cli_setup,
						cli_teardown),
		cmocka_unit_test_setup_teardown(t_cli_errors, cli_setup,
						cli_teardown),
		cmocka_unit_test_setup_teardown(t_cli_hostile, cli_setup,
						cli_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
