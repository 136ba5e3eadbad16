// SPDX-License-Identifier: GPL-2.0
/*
 * xtrail trace: answer an abuse complaint from the sealed log. Read the
 * F3 log with the auditor's key once for the cross-check (attribution.h,
 * which also keeps every guest process's history, proc_hist.h) and find
 * the answers: the flows that match the question (trace.h), or the
 * process asked for, or the writers of a terminal; then once more for
 * what each answer's process touched and the terminals of its chain.
 * trace_out.c prints them. Exit status 0 (found), 2 (nothing matched),
 * 1 (an error), as "xtrail attribute".
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "flow_out.h"
#include "log_reader.h"
#include "text_safe.h"
#include "trace_out.h"

#define TRACE_ANSWERS_MAX	64
#define TRACE_VMS_MAX		256
#define TRACE_WINDOW_DEF	300

static void trace_usage(FILE *f, const char *cmd)
{
	fprintf(f,
		"Usage: %s FILE|DIR... [--key auditor.key] [--seal-key K]\n"
		"       { [--dst ADDR[:PORT]] [--src ADDR[:PORT]] [--at TIME]\n"
		"       | --vm NAME|UUID --pid PID [--at TIME]\n"
		"       | --tty DOMID:TTY }  [--window SECONDS] [--json]\n"
		"\n"
		"Answer an abuse complaint from the F3 log (read with the auditor's\n"
		"secret key, --key, default $XTRAIL_AUDITOR_KEY): the flows dom0 saw\n"
		"from or to the addresses (--dst, --src; IPv6 as [ADDR]:PORT) whose\n"
		"first packet is within --window seconds (default 300) of --at\n"
		"(RFC 3339, e.g. 2026-12-07T16:48:01Z or ...+01:00, or @SECONDS);\n"
		"or the process PID of a VM (at --at, else its last life); or the\n"
		"processes that wrote on a terminal (as \"xtrail replay\" names it).\n"
		"For each: the VM (UUID, name, domid), dom0's flow and the guest's\n"
		"record that matched it (or why none did), the process chain from\n"
		"its session's start down (each exec's argv, uid, euid, login uid,\n"
		"session, time), the files and sockets the process touched (in the\n"
		"window with --at), and the terminal sessions to replay. --json:\n"
		"one JSON object per answer (xtrail-trace(8)). Exit status: 0, 2\n"
		"when nothing matched, 1 on an error.\n",
		cmd);
}

struct trace_opts {
	const char *key_path;
	const char *seal_path;
	struct xt_trace_query q;
	const char *vm;
	int has_pid;
	unsigned int pid;
	int has_tty;
	unsigned int tty_domid;
	char tty[XTRAIL_TTY_NAME + 1];
	int json;
};

/* A VM_IDENTITY seen: which VM a domid was */
struct trace_vm {
	uint16_t domid;
	char uuid[37];
	char name[XTRAIL_VM_NAME_MAX + 1];
};

/* Both passes over the log */
struct trace {
	const char *cmd;
	struct trace_opts o;
	struct xt_attr *attr;
	struct xtrail_clock_ref clk;
	struct trace_vm vms[TRACE_VMS_MAX];
	size_t n_vms;
	/* --tty: its writers, by their first record */
	uint32_t tty_tgid[TRACE_ANSWERS_MAX];
	uint64_t tty_ts[TRACE_ANSWERS_MAX];
	const struct trace_vm *tty_vm[TRACE_ANSWERS_MAX];
	size_t n_tty;
	/* --pid: its last record (not its exit) */
	int pid_seen;
	int64_t pid_dist;	/* from --at */
	uint16_t pid_domid;
	const struct trace_vm *pid_vm;
	uint64_t pid_ts;
	struct trace_answer *ans;
	size_t n_ans;
	uint64_t n_ans_more;
};

/* "300", "0.5": seconds, at most a day. 0, or -1 after a message. */
static int parse_window(const char *cmd, const char *s, uint64_t *ns)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || *end || !(v >= 0 && v <= 86400)) {
		fprintf(stderr, "%s: bad window '%s' (seconds, 0..86400)\n",
			cmd, s);
		return -1;
	}
	*ns = (uint64_t)(v * 1e9 + 0.5);
	return 0;
}

/*
 * "7:pts0" into --tty: the name in its display form, as xtrail replay
 * lists it (and takes it). 0, or -1 after a message.
 */
static int parse_tty(const char *cmd, const char *s, struct trace_opts *o)
{
	const char *c = strchr(s, ':');
	char d[8];

	if (!c || c == s || (size_t)(c - s) >= sizeof(d) || !c[1] ||
	    xt_text_unescape(o->tty, sizeof(o->tty), c + 1) < 1) {
		fprintf(stderr, "%s: bad terminal session '%s' (DOMID:TTY, as xtrail replay lists them)\n",
			cmd, s);
		return -1;
	}
	memcpy(d, s, c - s);
	d[c - s] = 0;
	if (parse_uint(cmd, "domid", d, 1, 65535, &o->tty_domid))
		return -1;
	o->has_tty = 1;
	return 0;
}

/* One option @c with its argument. 0, or -1 after a message. */
static int trace_opt(const char *cmd, int c, const char *arg,
		     struct trace_opts *o)
{
	struct xt_trace_ep *ep = c == 'd' ? &o->q.dst : &o->q.src;

	switch (c) {
	case 'd':
	case 'S':
		if (!xt_trace_parse_ep(arg, ep))
			return 0;
		fprintf(stderr, "%s: bad address '%s' (ADDR, ADDR:PORT, [IPv6]:PORT)\n",
			cmd, arg);
		return -1;
	case 'a':
		o->q.has_at = 1;
		if (!xt_trace_parse_time(arg, &o->q.at_ns))
			return 0;
		fprintf(stderr, "%s: bad time '%s' (RFC 3339, e.g. 2026-12-07T16:48:01Z or +01:00, or @SECONDS)\n",
			cmd, arg);
		return -1;
	case 'w':
		return parse_window(cmd, arg, &o->q.window_ns);
	case 'V':
		o->vm = arg;
		return 0;
	case 'p':
		o->has_pid = 1;
		return parse_uint(cmd, "pid", arg, 1, 4194304, &o->pid);
	case 't':
		return parse_tty(cmd, arg, o);
	}
	return -1;
}

/* The question must be one of the three. 0, or -1 after a message. */
static int trace_check_opts(const char *cmd, const struct trace_opts *o)
{
	int by_addr = o->q.src.set || o->q.dst.set;
	int by_pid = o->vm || o->has_pid;

	if (by_addr + by_pid + o->has_tty != 1) {
		fprintf(stderr, "%s: ask one question: --dst/--src, --vm with --pid, or --tty\n",
			cmd);
		return -1;
	}
	if (by_pid && !(o->vm && o->has_pid)) {
		fprintf(stderr, "%s: --vm and --pid go together\n", cmd);
		return -1;
	}
	if (o->has_tty && o->q.has_at) {
		fprintf(stderr, "%s: --at is for --dst/--src or --pid\n", cmd);
		return -1;
	}
	return 0;
}

/* Options into @o: CLI_CONTINUE, or the exit status. */
static int trace_opts(int argc, char *argv[], struct trace_opts *o)
{
	static const struct option opts[] = {
		{ "key", required_argument, NULL, 'k' },
		{ "seal-key", required_argument, NULL, 's' },
		{ "dst", required_argument, NULL, 'd' },
		{ "src", required_argument, NULL, 'S' },
		{ "at", required_argument, NULL, 'a' },
		{ "window", required_argument, NULL, 'w' },
		{ "vm", required_argument, NULL, 'V' },
		{ "pid", required_argument, NULL, 'p' },
		{ "tty", required_argument, NULL, 't' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *cmd = argv[0];
	int c;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'k') {
			o->key_path = optarg;
		} else if (c == 's') {
			o->seal_path = optarg;
		} else if (c == 'j') {
			o->json = 1;
		} else if (c == 'h') {
			trace_usage(stdout, cmd);
			return 0;
		} else if (c == '?' || c == ':') {
			trace_usage(stderr, cmd);
			return 1;
		} else if (trace_opt(cmd, c, optarg, o)) {
			return 1;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "%s: no log named (FILE|DIR...)\n", cmd);
		trace_usage(stderr, cmd);
		return 1;
	}
	return trace_check_opts(cmd, o) ? 1 : CLI_CONTINUE;
}

/* A VM_IDENTITY record: a new entry when the domid's VM changed. */
static void note_vm(struct trace *t, const struct xtrail_rec_hdr *h)
{
	const struct xtrail_vm_identity *v = (const void *)(h + 1);
	uint16_t domid = xt_le16(h->domid);
	struct trace_vm *e;
	char uuid[37];
	size_t i;

	if (xt_le32(v->flags) & XTRAIL_VM_UUID_BAD)
		return;
	xt_json_uuid_text(v->uuid, uuid);
	for (i = t->n_vms; i; i--) {
		e = &t->vms[i - 1];
		if (e->domid != domid)
			continue;
		if (!strcmp(e->uuid, uuid) &&
		    !strncmp(e->name, v->name, XTRAIL_VM_NAME_MAX))
			return;
		break;
	}
	if (t->n_vms == TRACE_VMS_MAX)
		return;
	e = &t->vms[t->n_vms++];
	e->domid = domid;
	memcpy(e->uuid, uuid, sizeof(uuid));
	memcpy(e->name, v->name, XTRAIL_VM_NAME_MAX);
	e->name[XTRAIL_VM_NAME_MAX] = 0;
}

/* The latest VM of @domid seen so far, or NULL. */
static const struct trace_vm *vm_of(const struct trace *t, uint16_t domid)
{
	size_t i;

	for (i = t->n_vms; i; i--)
		if (t->vms[i - 1].domid == domid)
			return &t->vms[i - 1];
	return NULL;
}

/* --tty: a process that wrote on the terminal, at its first record. */
static void note_tty(struct trace *t, const struct xtrail_rec_hdr *h)
{
	const struct xtrail_tty *y = (const void *)(h + 1);
	uint32_t tgid = xt_le32(h->tgid);
	size_t i;

	if (xt_le16(h->domid) != t->o.tty_domid ||
	    (xt_le16(h->flags) & XTRAIL_RF_NO_TASK) ||
	    strncmp(y->tty, t->o.tty, XTRAIL_TTY_NAME))
		return;
	for (i = 0; i < t->n_tty; i++)
		if (t->tty_tgid[i] == tgid)
			return;
	if (t->n_tty == TRACE_ANSWERS_MAX)
		return;
	t->tty_tgid[t->n_tty] = tgid;
	t->tty_vm[t->n_tty] = vm_of(t, xt_le16(h->domid));
	t->tty_ts[t->n_tty++] = xt_le64(h->ts_ns);
}

/* Wall-clock time of @rec as export computes its "time", or -1. */
static int64_t rec_wall(const struct xtrail_clock_ref *clk,
			const struct xtrail_rec_hdr *h)
{
	uint64_t ts = xt_le16(h->flags) & XTRAIL_RF_TS_XEN && clk->ts_xen ?
		      xt_le64(h->ts_ns) : xt_le64(h->recv_ns);
	int64_t ns;

	return xt_json_clock_ref_time(clk, ts, &ns) ? -1 : ns;
}

/*
 * --pid: its record nearest to --at by wall-clock time (a guest's own
 * clock may be no other's), else its last; its exit is no time of it.
 */
static void note_pid(struct trace *t, const struct xtrail_rec_hdr *h)
{
	const struct trace_vm *v = vm_of(t, xt_le16(h->domid));
	int64_t d = 0;

	if (!t->o.has_pid || xt_le32(h->tgid) != t->o.pid ||
	    (xt_le16(h->flags) & XTRAIL_RF_NO_TASK) ||
	    xt_le16(h->type) == XTRAIL_REC_EXIT || !v ||
	    (strcmp(v->name, t->o.vm) && strcasecmp(v->uuid, t->o.vm)))
		return;
	if (t->o.q.has_at) {
		d = rec_wall(&t->clk, h);
		if (d < 0)
			return;
		d = d > t->o.q.at_ns ? d - t->o.q.at_ns : t->o.q.at_ns - d;
		if (t->pid_seen && d >= t->pid_dist)
			return;
	}
	t->pid_seen = 1;
	t->pid_dist = d;
	t->pid_domid = xt_le16(h->domid);
	t->pid_vm = v;
	t->pid_ts = xt_le64(h->ts_ns);
}

static int pass1_rec(void *ctx, const void *rec, uint32_t len)
{
	struct trace *t = ctx;
	const struct xtrail_rec_hdr *h = rec;
	unsigned int type;

	if (xt_attr_add(t->attr, rec, len)) {
		fprintf(stderr, "%s: out of memory\n", t->cmd);
		return 1;
	}
	if (xtrail_rec_check(rec, len, 0) != XTRAIL_OK)
		return 0;
	xt_json_clock_ref_update(&t->clk, rec);
	type = xt_le16(h->type);
	if (type == XTRAIL_REC_VM_IDENTITY)
		note_vm(t, h);
	else if (t->o.has_tty && type == XTRAIL_REC_TTY)
		note_tty(t, h);
	else if (type < XTRAIL_REC_DOM0_FIRST && xt_le16(h->domid))
		note_pid(t, h);
	return 0;
}

/* A new answer about @domid (its VM @v, or none), or NULL when full. */
static struct trace_answer *answer_new(struct trace *t, uint16_t domid,
				       const struct trace_vm *v)
{
	struct trace_answer *a;

	if (t->n_ans == TRACE_ANSWERS_MAX) {
		t->n_ans_more++;
		return NULL;
	}
	a = &t->ans[t->n_ans++];
	memset(a, 0, sizeof(*a));
	a->domid = domid;
	if (v) {
		a->has_vm = 1;
		memcpy(a->uuid, v->uuid, sizeof(a->uuid));
		memcpy(a->name, v->name, sizeof(a->name));
	}
	return a;
}

/* The process @tgid at @ts: its chain, and what it touched is looked for. */
static void answer_proc(struct trace *t, struct trace_answer *a,
			uint32_t tgid, uint64_t ts)
{
	struct xt_trace_subject *s = &a->subj;
	size_t i;

	a->tgid = tgid;
	a->ts = ts;
	a->n_chain = xt_procs_chain(xt_attr_procs(t->attr), a->domid, tgid,
				    ts, a->chain, TRACE_CHAIN_MAX, &a->why);
	a->proc = a->n_chain > 0;
	if (!a->proc)
		return;
	for (i = 0; i < a->n_chain; i++)
		a->chain_tgids[i] = a->chain[i].tgid;
	s->domid = a->domid;
	s->tgid = tgid;
	s->start = a->chain[0].start;
	s->end = a->chain[0].end;
	s->sessionid = xt_procs_step_who(&a->chain[0])->sessionid;
	s->chain = a->chain_tgids;
	s->n_chain = a->n_chain;
	if (t->o.q.has_at) {
		s->has_window = 1;
		s->lo_ns = t->o.q.at_ns - (int64_t)t->o.q.window_ns;
		s->hi_ns = t->o.q.at_ns + (int64_t)t->o.q.window_ns;
	}
}

static void answers_flows(struct trace *t)
{
	const struct xt_attr_flow *f;
	struct trace_vm v;
	struct trace_answer *a;
	size_t i;

	for (i = 0; i < xt_attr_count(t->attr); i++) {
		f = xt_attr_get(t->attr, i);
		if (!xt_trace_flow_matches(&t->o.q, f))
			continue;
		v.domid = f->domid;
		flow_uuid_str(v.uuid, f->uuid);
		memcpy(v.name, f->name, sizeof(v.name));
		a = answer_new(t, f->domid, f->has_vm ? &v : NULL);
		if (!a)
			continue;
		a->flow = f;
		if (f->matched)
			answer_proc(t, a, f->proc.tgid, f->net_ts);
	}
}

/* --vm --pid. 0, or 1 after a message. */
static int answers_pid(struct trace *t)
{
	const struct xt_procs *procs = xt_attr_procs(t->attr);
	uint64_t ts = t->pid_ts;
	struct trace_answer *a;
	size_t i;

	for (i = 0; i < t->n_vms; i++)
		if (!strcmp(t->vms[i].name, t->o.vm) ||
		    !strcasecmp(t->vms[i].uuid, t->o.vm))
			break;
	if (i == t->n_vms) {
		fprintf(stderr, "%s: no VM named '%s' in the log\n", t->cmd,
			t->o.vm);
		return 1;
	}
	if (!t->pid_seen)
		return 0;	/* no record of it: nothing matched */
	a = answer_new(t, t->pid_domid, t->pid_vm);
	/* a record made as it exited: its life is the one before */
	if (xt_procs_at(procs, t->pid_domid, t->o.pid, ts, &a->chain[0]))
		xt_procs_last(procs, t->pid_domid, t->o.pid, t->pid_ts, &ts);
	answer_proc(t, a, t->o.pid, ts);
	if (!a->proc)
		t->n_ans--;
	return 0;
}

static void answers_tty(struct trace *t)
{
	struct trace_answer *a;
	size_t i;

	for (i = 0; i < t->n_tty; i++) {
		a = answer_new(t, t->o.tty_domid, t->tty_vm[i]);
		if (!a)
			continue;
		strcpy(a->tty[0], t->o.tty);	/* the session asked for */
		a->n_tty = 1;
		answer_proc(t, a, t->tty_tgid[i], t->tty_ts[i]);
	}
}

static void add_tty(struct trace_answer *a, const struct xtrail_rec_hdr *h)
{
	const struct xtrail_tty *y = (const void *)(h + 1);
	char name[XTRAIL_TTY_NAME + 1];
	size_t i;

	memcpy(name, y->tty, XTRAIL_TTY_NAME);
	name[XTRAIL_TTY_NAME] = 0;
	for (i = 0; i < a->n_tty; i++)
		if (!strcmp(a->tty[i], name))
			return;
	if (a->n_tty < TRACE_TTY_MAX)
		strcpy(a->tty[a->n_tty++], name);
}

/* The second pass: what each answer's process touched, its terminals. */
static int pass2_rec(void *ctx, const void *rec, uint32_t len)
{
	struct trace *t = ctx;
	struct trace_answer *a;
	int64_t wall;
	size_t i;

	if (xtrail_rec_check(rec, len, 0) != XTRAIL_OK)
		return 0;
	xt_json_clock_ref_update(&t->clk, rec);
	wall = rec_wall(&t->clk, rec);
	for (i = 0; i < t->n_ans; i++) {
		a = &t->ans[i];
		if (!a->proc)
			continue;
		switch (xt_trace_touch(&a->subj, rec, len, wall)) {
		case XT_TOUCH_NONE:
			break;
		case XT_TOUCH_TTY:
			add_tty(a, rec);
			break;
		default:
			if (a->n_touched == TRACE_TOUCH_MAX) {
				a->n_more++;
				break;
			}
			a->touched[a->n_touched] = xt_json_rec(rec, len,
							       &t->clk);
			if (!a->touched[a->n_touched]) {
				fprintf(stderr, "%s: out of memory\n", t->cmd);
				return 1;
			}
			a->n_touched++;
		}
	}
	return 0;
}

/* One pass over the log with @fn. 0, or 1 after a message. */
static int trace_pass(struct trace *t, char **logs, int n, const uint8_t *sk,
		      const uint8_t *seal,
		      int (*fn)(void *ctx, const void *rec, uint32_t len))
{
	struct log_reader lr = { .cmd = t->cmd };
	int ret;

	lr.require_start = 1;
	lr.auditor_sk = sk;
	lr.seal_key = seal;
	memset(&t->clk, 0, sizeof(t->clk));
	ret = log_reader_open(&lr, logs, n);
	if (!ret)
		ret = log_reader_read(&lr, fn, t);
	log_reader_close(&lr);
	return ret;
}

/* Print every answer. 0 (some), 2 (none), or 1. */
static int trace_print(struct trace *t, char **logs, int n)
{
	struct trace_print tp = { &t->clk, logs, n };
	size_t i;

	for (i = 0; i < t->n_ans; i++) {
		if (!t->o.json) {
			trace_print_text(stdout, &t->ans[i], &tp);
		} else if (trace_print_json(stdout, &t->ans[i], &tp)) {
			fprintf(stderr, "%s: out of memory\n", t->cmd);
			return 1;
		}
	}
	if (fflush(stdout)) {
		perror(t->cmd);
		return 1;
	}
	fprintf(stderr, "%s: %zu answers", t->cmd, t->n_ans);
	if (t->n_ans_more)
		fprintf(stderr, " (and %" PRIu64 " more not shown: narrow the question)",
			t->n_ans_more);
	fputc('\n', stderr);
	return t->n_ans ? 0 : 2;
}

/* Both passes and the answers. 0, 2 or 1. */
static int trace_run(struct trace *t, char **logs, int n, const uint8_t *sk,
		     const uint8_t *seal)
{
	int ret = trace_pass(t, logs, n, sk, seal, pass1_rec);

	if (!ret && xt_attr_finish(t->attr)) {
		fprintf(stderr, "%s: out of memory\n", t->cmd);
		ret = 1;
	}
	if (ret)
		return ret;
	if (t->o.q.src.set || t->o.q.dst.set)
		answers_flows(t);
	else if (t->o.has_tty)
		answers_tty(t);
	else if (answers_pid(t))
		return 1;
	if (t->n_ans)
		ret = trace_pass(t, logs, n, sk, seal, pass2_rec);
	return ret ? ret : trace_print(t, logs, n);
}

static void trace_free(struct trace *t)
{
	size_t i, j;

	for (i = 0; i < t->n_ans; i++)
		for (j = 0; j < t->ans[i].n_touched; j++)
			json_object_put(t->ans[i].touched[j]);
	free(t->ans);
	xt_attr_free(t->attr);
	free(t);
}

int cmd_trace(int argc, char *argv[])
{
	uint8_t sk[F3_KEY_LEN], seal[F3_KEY_LEN];
	struct trace *t = calloc(1, sizeof(*t));
	int have_sk = 0, ret;

	if (!t) {
		fprintf(stderr, "%s: out of memory\n", argv[0]);
		return 1;
	}
	t->cmd = argv[0];
	t->o.q.window_ns = TRACE_WINDOW_DEF * 1000000000ull;
	ret = trace_opts(argc, argv, &t->o);
	if (ret == CLI_CONTINUE) {
		ret = 1;
		t->attr = xt_attr_new(XT_ATTR_WINDOW_DEF);
		t->ans = calloc(TRACE_ANSWERS_MAX, sizeof(*t->ans));
		if (!t->attr || !t->ans)
			fprintf(stderr, "%s: out of memory\n", t->cmd);
		else if (!xt_f3_sodium_init() &&
			 !load_auditor_key(t->cmd, t->o.key_path, sk, &have_sk) &&
			 !(t->o.seal_path &&
			   load_key(t->cmd, t->o.seal_path, seal)))
			ret = trace_run(t, argv + optind, argc - optind,
					have_sk ? sk : NULL,
					t->o.seal_path ? seal : NULL);
	}
	sodium_memzero(sk, sizeof(sk));
	sodium_memzero(seal, sizeof(seal));
	trace_free(t);
	return ret;
}
