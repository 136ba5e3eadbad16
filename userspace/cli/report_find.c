// SPDX-License-Identifier: GPL-2.0
/*
 * The findings of "xtrail report", their evidence rows and process chains;
 * see report_find.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export_msg.h"
#include "report_find.h"
#include "report_model.h"
#include "text_safe.h"

/* What the log said of a process at its latest exec or fork. */
struct rep_proc {
	uint64_t key;			/* proc_key(); 0: free */
	int64_t ppid, uid, euid, loginuid, sessionid;
	char comm[4 * 16 + 1];
	char *argv;			/* display form, or NULL */
	int64_t exec_t;
};

struct json_object *rep_find_load(const char *cmd, const char *path)
{
	struct json_object *o = json_object_from_file(path), *a = o;

	if (o && json_object_is_type(o, json_type_object))
		a = json_object_object_get(o, "findings");
	if (!a || !json_object_is_type(a, json_type_array)) {
		fprintf(stderr, "%s: %s: %s\n", cmd, path, o ?
			"not a JSON array of findings (xtrail detect --json)" :
			json_util_get_last_err());
		json_object_put(o);
		return NULL;
	}
	json_object_get(a);
	json_object_put(o);
	return a;
}

static int want_cmp(const void *a, const void *b)
{
	const struct rep_want *x = a, *y = b;

	return x->f3_seq < y->f3_seq ? -1 : x->f3_seq > y->f3_seq;
}

/* Note the records finding @i names. */
static void want_add(struct rep_find *f, struct json_object *fi, size_t i)
{
	struct json_object *r = json_object_object_get(fi, "records");
	size_t k, n = json_object_is_type(r, json_type_array) ?
		      json_object_array_length(r) : 0;
	struct rep_want *w = realloc(f->w, (f->nw + n + 1) * sizeof(*w));

	if (!w) {
		f->oom = 1;
		return;
	}
	f->w = w;
	for (k = 0; k < n; k++) {
		w[f->nw].f3_seq = json_object_get_uint64(
			json_object_array_get_idx(r, k));
		w[f->nw++].finding = i;
	}
	rep_set(fi, "evidence", json_object_new_array(), &f->oom);
	rep_set(fi, "evidence_not_listed", json_object_new_int(0), &f->oom);
	rep_set(fi, "process_chains", json_object_new_array(), &f->oom);
}

int rep_find_init(struct rep_find *f, struct json_object *findings,
		  const char *scope)
{
	struct json_object *fi;
	const char *u;
	size_t i, n;

	memset(f, 0, sizeof(*f));
	f->scope = scope;
	f->list = json_object_new_array();
	f->gen = calloc(65536, sizeof(*f->gen));
	f->vm_hash = calloc(65536, sizeof(*f->vm_hash));
	if (!f->list || !f->gen || !f->vm_hash) {
		json_object_put(findings);
		return -1;
	}
	n = findings ? json_object_array_length(findings) : 0;
	for (i = 0; i < n; i++) {
		fi = json_object_array_get_idx(findings, i);
		if (!json_object_is_type(fi, json_type_object))
			continue;
		u = xt_jget_str(fi, "vm_uuid");
		if (scope && (!u || strcmp(u, scope)))
			continue;
		json_object_array_add(f->list, json_object_get(fi));
		want_add(f, fi, json_object_array_length(f->list) - 1);
	}
	json_object_put(findings);
	if (f->nw)
		qsort(f->w, f->nw, sizeof(*f->w), want_cmp);
	return f->oom ? -1 : 0;
}

int rep_find_need_log(const struct rep_find *f)
{
	return f->nw > 0;
}

/* The slot of @key in the process table (free when not there). */
static struct rep_proc *proc_slot(struct rep_find *f, uint64_t key)
{
	size_t i = (key * 0x9e3779b97f4a7c15ull) % f->capp;

	while (f->p[i].key && f->p[i].key != key)
		i = (i + 1) % f->capp;
	return &f->p[i];
}

static int proc_grow(struct rep_find *f)
{
	struct rep_proc *old = f->p, *s;
	size_t i, oldcap = f->capp;

	f->capp = oldcap ? oldcap * 2 : 1024;
	f->p = calloc(f->capp, sizeof(*f->p));
	if (!f->p) {
		f->p = old;
		f->capp = oldcap;
		return -1;
	}
	for (i = 0; i < oldcap; i++) {
		if (!old[i].key)
			continue;
		s = proc_slot(f, old[i].key);
		*s = old[i];
	}
	free(old);
	return 0;
}

/*
 * The key of process @tgid of @domid: with the domid's generation, which
 * changes when another VM gets the domid, so that a chain never runs into
 * the processes of the VM that had it before.
 */
static uint64_t proc_key(const struct rep_find *f, uint16_t domid,
			 uint32_t tgid)
{
	return (uint64_t)f->gen[domid] << 49 | 1ull << 48 |
	       (uint64_t)domid << 32 | tgid;
}

/* The entry of (@domid, @tgid), made if absent; NULL: no memory. */
static struct rep_proc *proc_get(struct rep_find *f, uint16_t domid,
				 uint32_t tgid)
{
	uint64_t key = proc_key(f, domid, tgid);
	struct rep_proc *s;

	if ((f->np + 1) * 10 > f->capp * 7 && proc_grow(f))
		return NULL;
	s = proc_slot(f, key);
	if (!s->key) {
		memset(s, 0, sizeof(*s));
		s->key = key;
		s->exec_t = -1;
		f->np++;
	}
	return s;
}

/* @fi's argv as one line in display form: each argument, quoted if need be. */
static char *argv_text(struct json_object *o)
{
	struct json_object *a = json_object_object_get(o, "argv");
	size_t i, n = json_object_is_type(a, json_type_array) ?
		      json_object_array_length(a) : 0, len = 1;
	const char *s;
	char *out, *e;

	out = calloc(1, 1);
	for (i = 0; out && i < n; i++) {
		s = json_object_get_string(json_object_array_get_idx(a, i));
		e = xt_text_escape(s ? s : "", s ? strlen(s) : 0, 0);
		if (!e) {
			free(out);
			return NULL;
		}
		len += strlen(e) + 3;
		out = realloc(out, len);
		if (out)
			sprintf(out + strlen(out), "%s%s%s%s", i ? " " : "",
				!*e || strpbrk(e, " '\"") ? "'" : "", e,
				!*e || strpbrk(e, " '\"") ? "'" : "");
		free(e);
	}
	return out;
}

/* The header's identity of the process of @o into @p. */
static void proc_ids(struct rep_proc *p, struct json_object *o)
{
	const char *c = xt_jget_str(o, "comm");

	p->ppid = xt_jget_int(o, "ppid");
	p->uid = xt_jget_int(o, "uid");
	p->euid = xt_jget_int(o, "euid");
	p->loginuid = xt_jget_int(o, "loginuid");
	p->sessionid = xt_jget_int(o, "sessionid");
	xt_text_escape_buf(p->comm, c ? c : "", c ? strnlen(c, 16) : 0, 0);
}

/* EXEC and FORK: what the table knows of each process. */
static void proc_event(struct rep_find *f, uint16_t domid, unsigned int type,
		       struct json_object *o, int64_t t)
{
	int64_t tgid = xt_jget_int(o, "tgid");
	int64_t child = xt_jget_int(o, "child_tgid");
	struct rep_proc *p, *c, parent;

	if (tgid < 0)
		return;
	p = proc_get(f, domid, tgid);
	if (!p) {
		f->oom = 1;
		return;
	}
	if (type == XTRAIL_REC_EXEC) {
		proc_ids(p, o);
		free(p->argv);
		p->argv = argv_text(o);
		p->exec_t = t;
		return;
	}
	if (child < 0 || json_object_get_boolean(json_object_object_get(
						 o, "thread")))
		return;
	proc_ids(p, o);
	parent = *p;
	c = proc_get(f, domid, child);
	if (!c) {
		f->oom = 1;
		return;
	}
	free(c->argv);
	*c = parent;
	c->key = proc_key(f, domid, child);
	c->ppid = tgid;
	c->argv = parent.argv ? strdup(parent.argv) : NULL;
}

static void set_int(struct rep_find *f, struct json_object *o,
		    const char *key, int64_t v)
{
	rep_set(o, key, v < 0 ? NULL : json_object_new_int64(v), &f->oom);
}

/* One process of a chain. */
static struct json_object *chain_link(struct rep_find *f, int64_t pid,
				      const struct rep_proc *p)
{
	struct json_object *o = json_object_new_object();

	if (!o) {
		f->oom = 1;
		return NULL;
	}
	set_int(f, o, "pid", pid);
	set_int(f, o, "ppid", p->ppid);
	set_int(f, o, "uid", p->uid);
	set_int(f, o, "euid", p->euid);
	set_int(f, o, "loginuid", p->loginuid);
	set_int(f, o, "sessionid", p->sessionid);
	rep_set(o, "comm", json_object_new_string(p->comm), &f->oom);
	rep_set(o, "argv", p->argv ? json_object_new_string(p->argv) : NULL,
		&f->oom);
	rep_set(o, "exec_time", rep_time(p->exec_t), &f->oom);
	return o;
}

/* The chain of the process of record @o, from it up through its parents. */
static struct json_object *chain(struct rep_find *f, uint16_t domid,
				 struct json_object *o)
{
	struct json_object *a = json_object_new_array();
	int64_t pid = xt_jget_int(o, "tgid");
	struct rep_proc self, *p;
	int depth;

	if (!a) {
		f->oom = 1;
		return NULL;
	}
	memset(&self, 0, sizeof(self));
	proc_ids(&self, o);
	self.exec_t = -1;
	p = proc_get(f, domid, pid);
	if (p) {
		self.argv = p->argv;
		self.exec_t = p->exec_t;
	}
	json_object_array_add(a, chain_link(f, pid, &self));
	for (depth = 1; depth < REP_CHAIN_DEPTH && self.ppid > 0; depth++) {
		pid = self.ppid;
		p = proc_get(f, domid, pid);
		if (!p || (!p->argv && !p->comm[0]))
			break;
		self = *p;
		json_object_array_add(a, chain_link(f, pid, p));
		if (self.ppid == pid)
			break;
	}
	return a;
}

/* Whether finding @fi has a chain for (@domid, @tgid) already. */
static int has_chain(struct json_object *chains, uint16_t domid, int64_t tgid)
{
	size_t i, n = json_object_array_length(chains);
	struct json_object *c;

	for (i = 0; i < n; i++) {
		c = json_object_array_get_idx(chains, i);
		if (xt_jget_int(c, "domid") == domid &&
		    xt_jget_int(c, "tgid") == tgid)
			return 1;
	}
	return 0;
}

/* The record @o is evidence of finding @fi: its row, its process's chain. */
static void evidence_add(struct rep_find *f, struct json_object *fi,
			 const struct xt_vm_held *h, struct json_object *o,
			 int64_t t, unsigned int type)
{
	struct json_object *ev = json_object_object_get(fi, "evidence");
	struct json_object *ch = json_object_object_get(fi, "process_chains");
	struct json_object *row, *c;
	int64_t tgid = xt_jget_int(o, "tgid");
	char *msg;

	if (json_object_array_length(ev) >= REP_EVIDENCE_MAX) {
		rep_set(fi, "evidence_not_listed", json_object_new_int64(
			xt_jget_int(fi, "evidence_not_listed") + 1), &f->oom);
		return;
	}
	row = json_object_new_object();
	msg = xt_rec_message(o);
	if (!row || !msg) {
		json_object_put(row);
		free(msg);
		f->oom = 1;
		return;
	}
	rep_set(row, "f3_seq", json_object_new_uint64(h->f3_seq), &f->oom);
	rep_set(row, "time", rep_time(t), &f->oom);
	rep_set(row, "type", json_object_get(json_object_object_get(o, "type")),
		&f->oom);
	rep_set(row, "domid", json_object_new_int(h->id.domid), &f->oom);
	rep_set(row, "message", json_object_new_string(msg), &f->oom);
	free(msg);
	json_object_array_add(ev, row);
	if (json_object_get_boolean(json_object_object_get(o, "no_task")) ||
	    tgid <= 0 || (type >= XTRAIL_REC_DOM0_FIRST &&
			  type != XTRAIL_REC_CONTROL) ||
	    json_object_array_length(ch) >= REP_CHAINS_MAX ||
	    has_chain(ch, h->id.domid, tgid))
		return;
	c = json_object_new_object();
	if (!c) {
		f->oom = 1;
		return;
	}
	rep_set(c, "domid", json_object_new_int(h->id.domid), &f->oom);
	rep_set(c, "tgid", json_object_new_int64(tgid), &f->oom);
	rep_set(c, "processes", chain(f, h->id.domid, o), &f->oom);
	json_object_array_add(ch, c);
}

int rep_find_record(struct rep_find *f, const struct xt_vm_held *h,
		    struct json_object *o, int64_t t)
{
	unsigned int type = xt_le16(((const struct xtrail_rec_hdr *)
				     h->rec)->type);
	struct rep_want key = { .f3_seq = h->f3_seq }, *w;

	const char *u = h->id.uuid;
	uint64_t hash = 1469598103934665603ull;

	/* Another VM at this domid: a new generation of its processes. */
	while (*u)
		hash = (hash ^ (unsigned char)*u++) * 1099511628211ull;
	if (h->id.uuid[0] && f->vm_hash[h->id.domid] != hash) {
		if (f->vm_hash[h->id.domid])
			f->gen[h->id.domid] = (f->gen[h->id.domid] + 1) & 0x7fff;
		f->vm_hash[h->id.domid] = hash;
	}
	if (type == XTRAIL_REC_EXEC || type == XTRAIL_REC_FORK)
		proc_event(f, h->id.domid, type, o, t);
	/* In a VM's report, no other VM's record is shown. */
	if (f->scope && h->id.uuid[0] && strcmp(h->id.uuid, f->scope))
		return f->oom ? -1 : 0;
	w = bsearch(&key, f->w, f->nw, sizeof(*f->w), want_cmp);
	/* bsearch finds one of equal keys: go to the first */
	while (w && w > f->w && w[-1].f3_seq == h->f3_seq)
		w--;
	for (; w && w < f->w + f->nw && w->f3_seq == h->f3_seq; w++)
		evidence_add(f, json_object_array_get_idx(f->list, w->finding),
			     h, o, t, type);
	return f->oom ? -1 : 0;
}

static int threat_of(struct json_object *fi)
{
	int64_t t = xt_jget_int(fi, "threat");

	return t < 0 ? 0 : t > 1000 ? 1000 : t;
}

/* The group of @threat in @groups, made if absent. */
static struct json_object *group(struct rep_find *f, struct json_object *gs,
				 int threat, struct json_object *fi)
{
	size_t i, n = json_object_array_length(gs);
	struct json_object *g;
	const char *name = xt_jget_str(fi, "threat_name");

	for (i = 0; i < n; i++) {
		g = json_object_array_get_idx(gs, i);
		if (xt_jget_int(g, "threat") == threat)
			return json_object_object_get(g, "findings");
	}
	g = json_object_new_object();
	if (!g) {
		f->oom = 1;
		return NULL;
	}
	rep_set(g, "threat", json_object_new_int(threat), &f->oom);
	rep_set(g, "threat_name", json_object_new_string(name ? name : ""),
		&f->oom);
	rep_set(g, "findings", json_object_new_array(), &f->oom);
	json_object_array_add(gs, g);
	return json_object_object_get(g, "findings");
}

static int group_cmp(const void *a, const void *b)
{
	return xt_jget_int(*(struct json_object *const *)a, "threat") -
	       xt_jget_int(*(struct json_object *const *)b, "threat");
}

int rep_find_out(struct rep_find *f, struct json_object *root,
		 const char *source)
{
	struct json_object *o = json_object_new_object();
	struct json_object *gs = json_object_new_array(), *fi, *g;
	size_t i, n = json_object_array_length(f->list);

	if (!o || !gs) {
		json_object_put(o);
		json_object_put(gs);
		return -1;
	}
	for (i = 0; i < n; i++) {
		fi = json_object_array_get_idx(f->list, i);
		g = group(f, gs, threat_of(fi), fi);
		if (g)
			json_object_array_add(g, json_object_get(fi));
	}
	json_object_array_sort(gs, group_cmp);
	rep_set(o, "source", json_object_new_string(source), &f->oom);
	rep_set(o, "count", json_object_new_uint64(n), &f->oom);
	rep_set(o, "by_threat", gs, &f->oom);
	rep_set(root, "findings", o, &f->oom);
	return f->oom ? -1 : 0;
}

void rep_find_free(struct rep_find *f)
{
	size_t i;

	for (i = 0; i < f->capp; i++)
		free(f->p[i].argv);
	free(f->p);
	free(f->w);
	free(f->gen);
	free(f->vm_hash);
	json_object_put(f->list);
	memset(f, 0, sizeof(*f));
}
