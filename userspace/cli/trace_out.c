// SPDX-License-Identifier: GPL-2.0
/*
 * "xtrail trace": an answer in text or as a line of JSON (trace_out.h):
 * the VM, dom0's flow and its verdict (as "xtrail attribute" shows it),
 * the process chain, what the process touched, its terminal sessions.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "export_msg.h"
#include "flow_out.h"
#include "text_safe.h"
#include "trace_out.h"

/*
 * The wall-clock time of the event at the guest's time @ts that the
 * record of @w tells, as export computes a record's "time".
 */
static void ts_text(char *buf, size_t size, const struct xtrail_clock_ref *clk,
		    uint64_t ts, const struct xt_attr_proc *w)
{
	uint64_t t = w->ts_xen && clk->ts_xen ? ts : w->recv_ns;
	int64_t ns;

	if (xt_json_clock_ref_time(clk, t, &ns) ||
	    xt_json_rfc3339(buf, size, ns))
		snprintf(buf, size, "ts_ns=%" PRIu64, ts);
}

/* The record that started @s: its FORK, else its first EXEC. */
static const struct xt_attr_proc *start_who(const struct xt_procs_step *s)
{
	return s->forked || !s->n_exec ? &s->fork_who : &s->exec_who[0];
}

static void put_ids(FILE *out, const struct xt_attr_proc *w)
{
	fprintf(out, " pid %" PRIu32, w->pid);
	flow_put_id(out, "uid", w->uid);
	flow_put_id(out, "euid", w->euid);
	flow_put_id(out, "loginuid", w->loginuid);
	flow_put_id(out, "ses", w->sessionid);
	fputs(" comm ", out);
	flow_put_text(out, w->comm, strnlen(w->comm, XTRAIL_COMM_LEN));
}

static void text_step(FILE *out, const struct xt_procs_step *s,
		      const struct trace_print *tp)
{
	char t[48];
	unsigned int i;

	ts_text(t, sizeof(t), tp->clk, s->start, start_who(s));
	fprintf(out, "  process %" PRIu32 ", parent %" PRIu32 ", started %s%s\n",
		s->tgid, s->parent, t, s->forked ? " (fork)" : "");
	if (!s->n_exec) {
		fputs("    no exec of its own: runs its parent's program as",
		      out);
		put_ids(out, &s->fork_who);
		fputc('\n', out);
	}
	for (i = 0; i < s->n_exec; i++) {
		ts_text(t, sizeof(t), tp->clk, s->exec_ts[i], &s->exec_who[i]);
		fprintf(out, "    exec %s ", t);
		flow_put_text(out, s->exec[i]->filename,
			      s->exec[i]->filename_len);
		flow_put_argv(out, s->exec[i]);
		put_ids(out, &s->exec_who[i]);
		fputc('\n', out);
	}
}

static const char *const chain_top[] = {
	[XT_CHAIN_SESSION] = "from the one whose child opened the session down",
	[XT_CHAIN_INIT] = "from pid 1 (or a process without a parent) down",
	[XT_CHAIN_UNKNOWN] = "from the oldest the log knows down",
	[XT_CHAIN_MAX] = "the nearest only (cut)",
};

static void text_chain(FILE *out, const struct trace_answer *a,
		       const struct trace_print *tp)
{
	size_t i;

	if (!a->proc) {
		fputs("process chain: the log has no history of the process\n",
		      out);
		return;
	}
	fprintf(out, "process chain: %zu process%s, %s:\n", a->n_chain,
		a->n_chain == 1 ? "" : "es", chain_top[a->why]);
	for (i = a->n_chain; i; i--)
		text_step(out, &a->chain[i - 1], tp);
}

static void text_touched(FILE *out, const struct trace_answer *a)
{
	const char *t;
	char *m;
	size_t i;

	if (!a->proc)
		return;
	fprintf(out, "touched by process %" PRIu32 "%s: %zu files and sockets",
		a->tgid, a->subj.has_window ? " in the window" : "",
		a->n_touched);
	if (a->n_more)
		fprintf(out, " (and %" PRIu64 " more not shown)", a->n_more);
	fputs(":\n", out);
	for (i = 0; i < a->n_touched; i++) {
		m = xt_rec_message(a->touched[i]);
		t = xt_jget_str(a->touched[i], "time");
		fprintf(out, "  %s %s\n", t ? t : "-", m ? m : "?");
		free(m);
	}
}

/*
 * @s as one word for a POSIX shell: as it is when it is only letters,
 * digits and _:./@%+=,-, else in single quotes (a quote as '\'').
 */
static void put_shell_word(FILE *out, const char *s)
{
	static const char plain[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_:./@%+=,-";
	const char *p;

	if (*s && strspn(s, plain) == strlen(s)) {
		fputs(s, out);
		return;
	}
	fputc('\'', out);
	for (p = s; *p; p++) {
		if (*p == '\'')
			fputs("'\\''", out);
		else
			fputc(*p, out);
	}
	fputc('\'', out);
}

/* "DOMID:TTY", the name in its display form (xtrail replay --session). */
static void tty_session(char *buf, size_t size, const struct trace_answer *a,
			size_t i)
{
	char e[4 * XTRAIL_TTY_NAME + 1];

	xt_text_escape_buf(e, a->tty[i], strlen(a->tty[i]), XT_ESC_RAW);
	snprintf(buf, size, "%u:%s", a->domid, e);
}

static void text_tty(FILE *out, const struct trace_answer *a,
		     const struct trace_print *tp)
{
	char ses[4 * XTRAIL_TTY_NAME + 8];
	size_t i;
	int j;

	if (!a->n_tty) {
		fputs("terminal sessions: none (no TTY record of the chain or its session)\n",
		      out);
		return;
	}
	for (i = 0; i < a->n_tty; i++) {
		tty_session(ses, sizeof(ses), a, i);
		fprintf(out, "terminal session %s: xtrail replay --session ",
			ses);
		put_shell_word(out, ses);
		for (j = 0; j < tp->n_logs; j++) {
			fputc(' ', out);
			put_shell_word(out, tp->logs[j]);
		}
		fputc('\n', out);
	}
}

void trace_print_text(FILE *out, const struct trace_answer *a,
		      const struct trace_print *tp)
{
	fprintf(out, "vm %s ", a->has_vm ? a->uuid : "-");
	flow_put_text(out, a->name, strlen(a->name));
	fprintf(out, " domid %u\n", a->domid);
	if (a->flow) {
		fputs("flow ", out);
		flow_print_text(out, a->flow);
	}
	if (a->flow && !a->flow->matched) {
		fputs("no process: the guest has no record of this flow\n\n",
		      out);
		return;
	}
	text_chain(out, a, tp);
	text_touched(out, a);
	text_tty(out, a, tp);
	fputc('\n', out);
}

static void jset(struct json_object *o, const char *k, struct json_object *v)
{
	json_object_object_add(o, k, v);
}

static struct json_object *json_ids(const struct xt_attr_proc *w)
{
	struct json_object *o = json_object_new_object();

	jset(o, "pid", json_object_new_int64(w->pid));
	jset(o, "ppid", json_object_new_int64(w->ppid));
	jset(o, "uid", json_object_new_int64(w->uid));
	jset(o, "euid", json_object_new_int64(w->euid));
	jset(o, "loginuid", json_object_new_int64(w->loginuid));
	jset(o, "sessionid", json_object_new_int64(w->sessionid));
	jset(o, "comm", flow_jstr(w->comm, strnlen(w->comm, XTRAIL_COMM_LEN)));
	return o;
}

static struct json_object *json_time(const struct trace_print *tp,
				     uint64_t ts, const struct xt_attr_proc *w)
{
	char t[48];

	ts_text(t, sizeof(t), tp->clk, ts, w);
	return strncmp(t, "ts_ns=", 6) ? json_object_new_string(t) : NULL;
}

static struct json_object *json_step(const struct xt_procs_step *s,
				     const struct trace_print *tp)
{
	struct json_object *o = json_object_new_object();
	struct json_object *ex = json_object_new_array(), *e;
	unsigned int i;

	jset(o, "tgid", json_object_new_int64(s->tgid));
	jset(o, "parent", json_object_new_int64(s->parent));
	jset(o, "forked", json_object_new_boolean(s->forked));
	jset(o, "start", json_time(tp, s->start, start_who(s)));
	jset(o, "start_ts_ns", json_object_new_uint64(s->start));
	jset(o, "fork", s->forked ? json_ids(&s->fork_who) : NULL);
	for (i = 0; i < s->n_exec; i++) {
		e = json_ids(&s->exec_who[i]);
		jset(e, "time", json_time(tp, s->exec_ts[i],
					  &s->exec_who[i]));
		jset(e, "ts_ns", json_object_new_uint64(s->exec_ts[i]));
		jset(e, "exe", flow_jstr(s->exec[i]->filename,
					 s->exec[i]->filename_len));
		jset(e, "argv", flow_json_argv(s->exec[i]));
		jset(e, "argv_cut", json_object_new_boolean(
			s->exec[i]->flags & XTRAIL_EXEC_ARGV_TRUNC));
		json_object_array_add(ex, e);
	}
	jset(o, "execs", ex);
	return o;
}

static void json_process(struct json_object *o, const struct trace_answer *a,
			 const struct trace_print *tp)
{
	struct json_object *c = json_object_new_array();
	struct json_object *t = json_object_new_array();
	size_t i;

	for (i = a->n_chain; i; i--)
		json_object_array_add(c, json_step(&a->chain[i - 1], tp));
	jset(o, "chain", c);
	jset(o, "chain_end", json_object_new_string(xt_chain_end_name(a->why)));
	for (i = 0; i < a->n_touched; i++)
		json_object_array_add(t, json_object_get(a->touched[i]));
	jset(o, "touched", t);
	jset(o, "touched_more", json_object_new_uint64(a->n_more));
}

static struct json_object *json_ttys(const struct trace_answer *a)
{
	struct json_object *v = json_object_new_array(), *s;
	char name[4 * XTRAIL_TTY_NAME + 8];
	size_t i;

	for (i = 0; i < a->n_tty; i++) {
		s = json_object_new_object();
		tty_session(name, sizeof(name), a, i);
		jset(s, "session", json_object_new_string(name));
		json_object_array_add(v, s);
	}
	return v;
}

int trace_print_json(FILE *out, const struct trace_answer *a,
		     const struct trace_print *tp)
{
	struct json_object *o = json_object_new_object();
	char *line;

	if (!o)
		return -1;
	jset(o, "domid", json_object_new_int(a->domid));
	jset(o, "vm_uuid", a->has_vm ? json_object_new_string(a->uuid) : NULL);
	jset(o, "vm_name", a->has_vm ? flow_jstr(a->name, strlen(a->name)) :
	     NULL);
	jset(o, "flow", a->flow ? flow_json(a->flow) : NULL);
	jset(o, "tgid", a->proc ? json_object_new_int64(a->tgid) : NULL);
	if (a->proc)
		json_process(o, a, tp);
	else
		jset(o, "chain", NULL);
	jset(o, "tty", json_ttys(a));
	line = xt_json_line(o);
	json_object_put(o);
	if (!line)
		return -1;
	fprintf(out, "%s\n", line);
	free(line);
	return 0;
}
