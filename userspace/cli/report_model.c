// SPDX-License-Identifier: GPL-2.0
/*
 * The report's content gathered record by record; see report_model.h.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export_msg.h"
#include "record_json.h"
#include "report_model.h"
#include "text_safe.h"

struct json_object *rep_time(int64_t ns)
{
	char buf[40];

	if (ns < 0 || xt_json_rfc3339(buf, sizeof(buf), ns))
		return NULL;
	return json_object_new_string(buf);
}

void rep_set(struct json_object *o, const char *key, struct json_object *v,
	     int *oom)
{
	if (json_object_object_add(o, key, v)) {
		json_object_put(v);
		*oom = 1;
	}
}

static void arr_add(struct json_object *a, struct json_object *v, int *oom)
{
	if (!v || json_object_array_add(a, v)) {
		json_object_put(v);
		*oom = 1;
	}
}

int rep_model_init(struct rep_model *m, const char *scope)
{
	memset(m, 0, sizeof(*m));
	m->scope = scope;
	m->actions = json_object_new_array();
	m->daemon = json_object_new_array();
	return m->actions && m->daemon ? 0 : -1;
}

/* The VM of UUID @uuid (created), or -1 (out of scope, or no memory). */
static int vm_get(struct rep_model *m, const char *uuid, const char *name)
{
	struct rep_vm *v;
	size_t i;

	for (i = 0; i < m->nvm; i++)
		if (!strcmp(m->vm[i].uuid, uuid))
			return i;
	if (m->scope && strcmp(m->scope, uuid))
		return -1;
	v = realloc(m->vm, (m->nvm + 1) * sizeof(*v));
	if (!v) {
		m->oom = 1;
		return -1;
	}
	m->vm = v;
	v = &m->vm[m->nvm];
	memset(v, 0, sizeof(*v));
	snprintf(v->uuid, sizeof(v->uuid), "%s", uuid);
	snprintf(v->name, sizeof(v->name), "%s", name);
	v->names = json_object_new_array();
	v->evidence = json_object_new_array();
	v->actions = json_object_new_array();
	v->first = v->last = -1;
	if (!v->names || !v->evidence || !v->actions)
		m->oom = 1;
	return m->nvm++;
}

/* The record at @t of @domid belongs to VM @v: its period, its names. */
static void vm_touch(struct rep_model *m, struct rep_vm *v, uint16_t domid,
		     const char *name, int64_t t)
{
	struct rep_period *p = v->np ? &v->p[v->np - 1] : NULL;
	size_t i, n = json_object_array_length(v->names);
	int64_t *nt;

	if (!p || !p->open || p->domid != domid) {
		p = realloc(v->p, (v->np + 1) * sizeof(*p));
		if (!p) {
			m->oom = 1;
			return;
		}
		v->p = p;
		p = &v->p[v->np++];
		memset(p, 0, sizeof(*p));
		p->domid = domid;
		p->from = t;
		p->open = 1;
	}
	if (t >= 0) {
		if (p->from < 0)
			p->from = t;
		p->to = t;
		if (v->first < 0 || t < v->first)
			v->first = t;
		if (t > v->last)
			v->last = t;
	}
	for (i = 0; i < n; i++)
		if (!strcmp(json_object_get_string(
			json_object_array_get_idx(v->names, i)), name))
			break;
	if (i == n && *name)
		arr_add(v->names, json_object_new_string(name), &m->oom);
	snprintf(v->name, sizeof(v->name), "%s", name);
	if (t < 0)
		return;
	if (v->nt == v->capt) {
		nt = realloc(v->t, (v->capt * 2 + 256) * sizeof(*nt));
		if (!nt) {
			m->oom = 1;
			return;
		}
		v->t = nt;
		v->capt = v->capt * 2 + 256;
	}
	v->t[v->nt++] = t;
}

/* An entry of a VM's list @a: kept up to REP_LIST_MAX, else counted. */
static void vm_list_add(struct rep_model *m, struct rep_vm *v,
			struct json_object *a, struct json_object *e)
{
	if (json_object_array_length(a) >= REP_LIST_MAX) {
		json_object_put(e);
		v->dropped++;
		return;
	}
	arr_add(a, e, &m->oom);
}

/* {kind, by, f3_seq, time, domid, count, detail} about a VM's trail. */
static struct json_object *evidence(struct rep_model *m,
				    const struct xt_vm_held *h, int64_t t,
				    const char *kind, const char *by,
				    uint64_t count, const char *detail)
{
	struct json_object *e = json_object_new_object();

	if (!e) {
		m->oom = 1;
		return NULL;
	}
	rep_set(e, "kind", json_object_new_string(kind), &m->oom);
	rep_set(e, "by", json_object_new_string(by), &m->oom);
	rep_set(e, "f3_seq", json_object_new_uint64(h->f3_seq), &m->oom);
	rep_set(e, "time", rep_time(t), &m->oom);
	rep_set(e, "domid", json_object_new_int(h->id.domid), &m->oom);
	rep_set(e, "count", json_object_new_uint64(count), &m->oom);
	rep_set(e, "detail", json_object_new_string(detail), &m->oom);
	return e;
}

static uint64_t jnum(struct json_object *o, const char *key)
{
	int64_t v = xt_jget_int(o, key);

	return v < 0 ? 0 : v;
}

/* A record that says the VM's trail has a hole or was abused. */
static void vm_trail(struct rep_model *m, struct rep_vm *v,
		     const struct xt_vm_held *h, struct json_object *o,
		     int64_t t, unsigned int type)
{
	const char *kind = xt_json_rec_type_name(type), *by = "dom0";
	const char *s = xt_jget_str(o, "reason");
	uint64_t n = 0;
	char d[256];

	switch (type) {
	case XTRAIL_REC_LOST:
		n = jnum(o, "count");
		v->lost += n;
		by = "guest";
		snprintf(d, sizeof(d), "%" PRIu64 " records declared lost by the guest's module (its sequence numbers %" PRIu64 "..%" PRIu64 ")",
			 n, jnum(o, "first_seq"), jnum(o, "last_seq"));
		break;
	case XTRAIL_REC_SEQ_GAP:
		n = jnum(o, "missing");
		v->gap_missing += n;
		snprintf(d, sizeof(d), "sequence gap (%s) on ring %" PRIu64 ": expected %" PRIu64 ", got %" PRIu64 ": %" PRIu64 " records neither delivered nor declared lost",
			 xt_jget_str(o, "kind"), jnum(o, "ring"),
			 jnum(o, "expected"), jnum(o, "got"), n);
		break;
	case XTRAIL_REC_HB_SILENCE:
		v->silences++;
		snprintf(d, sizeof(d), "heartbeat %s: silent %.1f s (limit %" PRIu64 " ms)",
			 xt_jget_str(o, "state"), jnum(o, "silent_ns") / 1e9,
			 jnum(o, "limit_ms"));
		break;
	case XTRAIL_REC_VIOLATION:
	case XTRAIL_REC_REFUSED:
		v->violations++;
		snprintf(d, sizeof(d), "%s: %s", type == XTRAIL_REC_VIOLATION ?
			 "protocol violation" : "connection refused",
			 s ? s : "?");
		break;
	case XTRAIL_REC_FLOW_LOST:
		n = jnum(o, "count");
		v->flow_lost += n;
		snprintf(d, sizeof(d), "%" PRIu64 " flows not tracked by dom0 (its flow table for this VM was full)",
			 n);
		break;
	default: /* DISCONNECT */
		if (v->np && v->p[v->np - 1].open) {
			v->p[v->np - 1].open = 0;
			v->p[v->np - 1].reason = s && !strcmp(s, "violation") ?
				"violation" : s && !strcmp(s, "frontend") ?
				"frontend" : s && !strcmp(s, "backend") ?
				"backend" : "other";
		}
		if (!s || !strcmp(s, "frontend") || !strcmp(s, "backend"))
			return;
		snprintf(d, sizeof(d), "disconnected by dom0: %s", s);
	}
	vm_list_add(m, v, v->evidence, evidence(m, h, t, kind, by, n, d));
}

/* A terminal's record: its session. */
static void sess_rec(struct rep_model *m, int vm, const struct xt_vm_held *h,
		     struct json_object *o, int64_t t)
{
	const char *tty = xt_jget_str(o, "tty");
	struct rep_sess *s;
	char name[sizeof(s->tty)];
	size_t i;

	snprintf(name, sizeof(name), "%s", tty ? tty : "?");
	for (i = 0; i < m->ns; i++)
		if (m->s[i].vm == vm && m->s[i].domid == h->id.domid &&
		    !strcmp(m->s[i].tty, name))
			break;
	if (i == m->ns) {
		s = realloc(m->s, (m->ns + 1) * sizeof(*s));
		if (!s) {
			m->oom = 1;
			return;
		}
		m->s = s;
		s = &m->s[m->ns++];
		memset(s, 0, sizeof(*s));
		s->vm = vm;
		s->domid = h->id.domid;
		strcpy(s->tty, name);
		s->first = t;
	}
	s = &m->s[i];
	s->records++;
	if (json_object_get_boolean(json_object_object_get(o, "input")))
		s->in_bytes += jnum(o, "count");
	else
		s->out_bytes += jnum(o, "count");
	s->dropped += jnum(o, "dropped");
	if (s->first < 0)
		s->first = t;
	if (t >= 0)
		s->last = t;
}

/* An operator's action (CONTROL): on the VM at its target domid, or all. */
static void control_rec(struct rep_model *m, const struct xt_vm_held *h,
			struct json_object *o, int64_t t)
{
	int64_t target = xt_jget_int(o, "target");
	int vi = target >= 0 && target < 65536 ? m->dom_vm[target] - 1 : -1;
	struct json_object *e = json_object_new_object();
	static const char *const keys[] = {
		"action", "result", "errno", "target", "text", "truncated",
		"instance", "uid", "euid", "loginuid", "sessionid", "pid",
		"comm",
	};
	size_t i;

	if (!e) {
		m->oom = 1;
		return;
	}
	rep_set(e, "f3_seq", json_object_new_uint64(h->f3_seq), &m->oom);
	rep_set(e, "time", rep_time(t), &m->oom);
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		rep_set(e, keys[i], json_object_get(json_object_object_get(
			o, keys[i])), &m->oom);
	rep_set(e, "target_vm", vi >= 0 ?
		json_object_new_string(m->vm[vi].uuid) : NULL, &m->oom);
	if (target >= 0 && vi < 0 && m->scope) {
		json_object_put(e);	/* another VM's, or none of ours */
		return;
	}
	if (vi >= 0)
		vm_list_add(m, &m->vm[vi], m->vm[vi].actions,
			    json_object_get(e));
	else if (target < 0)
		for (i = 0; i < m->nvm; i++)
			if (m->vm[i].np && m->vm[i].p[m->vm[i].np - 1].open)
				vm_list_add(m, &m->vm[i], m->vm[i].actions,
					    json_object_get(e));
	if (m->scope)
		json_object_put(e);
	else
		arr_add(m->actions, e, &m->oom);
}

/* xtraild's stream jumps and dom0's own losses: about the whole log. */
static void daemon_rec(struct rep_model *m, const struct xt_vm_held *h,
		       struct json_object *o, int64_t t, unsigned int type)
{
	char d[256];

	if (type == XTRAIL_REC_STREAM_JUMP) {
		snprintf(d, sizeof(d), "xtraild: stream %s, %" PRIu64 " records missing",
			 xt_jget_str(o, "kind"), jnum(o, "missing"));
		arr_add(m->daemon, evidence(m, h, t, "stream_jump", "xtraild",
					    jnum(o, "missing"), d), &m->oom);
	} else {
		snprintf(d, sizeof(d), "dom0 could not queue %" PRIu64 " of its own records",
			 jnum(o, "count"));
		arr_add(m->daemon, evidence(m, h, t, "dom0_lost", "dom0",
					    jnum(o, "count"), d), &m->oom);
	}
}

static int is_trail(unsigned int type)
{
	return type == XTRAIL_REC_LOST || type == XTRAIL_REC_SEQ_GAP ||
	       type == XTRAIL_REC_HB_SILENCE || type == XTRAIL_REC_VIOLATION ||
	       type == XTRAIL_REC_REFUSED || type == XTRAIL_REC_FLOW_LOST ||
	       type == XTRAIL_REC_DISCONNECT;
}

/* A record of dom0 itself (domid 0, no VM). */
static void dom0_rec(struct rep_model *m, const struct xt_vm_held *h,
		     struct json_object *o, int64_t t, unsigned int type)
{
	m->dom0_records++;
	if (type == XTRAIL_REC_CONTROL)
		control_rec(m, h, o, t);
	else if ((type == XTRAIL_REC_STREAM_JUMP && jnum(o, "missing")) ||
		 type == XTRAIL_REC_DOM0_LOST)
		daemon_rec(m, h, o, t, type);
	else if (type == XTRAIL_REC_TTY && !m->scope)
		sess_rec(m, -1, h, o, t);
}

int rep_model_record(struct rep_model *m, const struct xt_vm_held *h,
		     struct json_object *o, int64_t t)
{
	unsigned int type = xt_le16(((const struct xtrail_rec_hdr *)
				     h->rec)->type);
	uint16_t domid = h->id.domid;
	struct rep_vm *v;
	int vi;

	if (!h->id.uuid[0]) {
		if (!domid)
			dom0_rec(m, h, o, t, type);
		else if (!m->scope)
			m->unidentified++;
		return m->oom ? -1 : 0;
	}
	vi = vm_get(m, h->id.uuid, h->id.name);
	if (vi < 0) {
		if (m->dom_vm[domid] && m->scope)
			m->dom_vm[domid] = 0;	/* another VM has it now */
		return m->oom ? -1 : 0;
	}
	v = &m->vm[vi];
	m->dom_vm[domid] = vi + 1;
	v->records++;
	vm_touch(m, v, domid, h->id.name, t);
	if (is_trail(type))
		vm_trail(m, v, h, o, t, type);
	else if (type == XTRAIL_REC_TTY)
		sess_rec(m, vi, h, o, t);
	if (type == XTRAIL_REC_DISCONNECT)
		m->dom_vm[domid] = 0;
	return m->oom ? -1 : 0;
}

/* {from, to, from_ns, to_ns, bucket_ns, counts[REP_BUCKETS]} of @v. */
static struct json_object *timeline_out(struct rep_model *m, struct rep_vm *v)
{
	struct json_object *o = json_object_new_object();
	struct json_object *c = json_object_new_array();
	uint64_t n[REP_BUCKETS] = { 0 };
	int64_t span = v->last - v->first, w;
	size_t i, b;

	if (!o || !c) {
		json_object_put(o);
		json_object_put(c);
		m->oom = 1;
		return NULL;
	}
	w = span / REP_BUCKETS + 1;
	for (i = 0; i < v->nt; i++) {
		b = (v->t[i] - v->first) / w;
		n[b < REP_BUCKETS ? b : REP_BUCKETS - 1]++;
	}
	for (b = 0; b < REP_BUCKETS; b++)
		arr_add(c, json_object_new_uint64(n[b]), &m->oom);
	rep_set(o, "from", rep_time(v->first), &m->oom);
	rep_set(o, "to", rep_time(v->last), &m->oom);
	rep_set(o, "from_ns", json_object_new_int64(v->first), &m->oom);
	rep_set(o, "to_ns", json_object_new_int64(v->last), &m->oom);
	rep_set(o, "bucket_ns", json_object_new_int64(w), &m->oom);
	rep_set(o, "counts", c, &m->oom);
	return o;
}

static struct json_object *periods_out(struct rep_model *m, struct rep_vm *v)
{
	struct json_object *a = json_object_new_array(), *e;
	size_t i;

	for (i = 0; a && i < v->np; i++) {
		e = json_object_new_object();
		if (!e) {
			m->oom = 1;
			break;
		}
		rep_set(e, "domid", json_object_new_int(v->p[i].domid),
			&m->oom);
		rep_set(e, "from", rep_time(v->p[i].from), &m->oom);
		rep_set(e, "to", rep_time(v->p[i].to), &m->oom);
		rep_set(e, "disconnect", v->p[i].reason ?
			json_object_new_string(v->p[i].reason) : NULL,
			&m->oom);
		arr_add(a, e, &m->oom);
	}
	if (!a)
		m->oom = 1;
	return a;
}

static void set_u64(struct rep_model *m, struct json_object *o,
		    const char *key, uint64_t v)
{
	rep_set(o, key, json_object_new_uint64(v), &m->oom);
}

/* One VM's section. */
static struct json_object *vm_out(struct rep_model *m, struct rep_vm *v)
{
	struct json_object *o = json_object_new_object();
	struct json_object *l = json_object_new_object();

	if (!o || !l) {
		json_object_put(o);
		json_object_put(l);
		m->oom = 1;
		return NULL;
	}
	rep_set(o, "uuid", json_object_new_string(v->uuid), &m->oom);
	rep_set(o, "name", json_object_new_string(v->name), &m->oom);
	rep_set(o, "names", json_object_get(v->names), &m->oom);
	rep_set(o, "periods", periods_out(m, v), &m->oom);
	set_u64(m, o, "records", v->records);
	rep_set(o, "first", rep_time(v->first), &m->oom);
	rep_set(o, "last", rep_time(v->last), &m->oom);
	set_u64(m, l, "declared_lost_by_guest", v->lost);
	set_u64(m, l, "missing_seen_by_dom0", v->gap_missing);
	set_u64(m, l, "flows_not_tracked_by_dom0", v->flow_lost);
	set_u64(m, l, "violations", v->violations);
	set_u64(m, l, "heartbeat_silences", v->silences);
	set_u64(m, l, "entries_not_listed", v->dropped);
	rep_set(o, "losses", l, &m->oom);
	rep_set(o, "trail_events", json_object_get(v->evidence), &m->oom);
	rep_set(o, "operator_actions", json_object_get(v->actions), &m->oom);
	rep_set(o, "timeline", v->nt ? timeline_out(m, v) : NULL, &m->oom);
	return o;
}

static struct json_object *sess_out(struct rep_model *m, struct rep_sess *s,
				    const char *replay_args)
{
	struct json_object *o = json_object_new_object();
	char cmd[4200];

	if (!o) {
		m->oom = 1;
		return NULL;
	}
	snprintf(cmd, sizeof(cmd), "xtrail replay %s --session %u:%s --dump",
		 replay_args, s->domid, s->tty);
	rep_set(o, "vm_uuid", json_object_new_string(s->vm >= 0 ?
		m->vm[s->vm].uuid : ""), &m->oom);
	rep_set(o, "domid", json_object_new_int(s->domid), &m->oom);
	rep_set(o, "tty", json_object_new_string(s->tty), &m->oom);
	set_u64(m, o, "records", s->records);
	set_u64(m, o, "out_bytes", s->out_bytes);
	set_u64(m, o, "in_bytes", s->in_bytes);
	set_u64(m, o, "dropped_bytes", s->dropped);
	rep_set(o, "first", rep_time(s->first), &m->oom);
	rep_set(o, "last", rep_time(s->last), &m->oom);
	rep_set(o, "replay", json_object_new_string(cmd), &m->oom);
	return o;
}

int rep_model_out(struct rep_model *m, struct json_object *root,
		  const char *replay_args)
{
	struct json_object *vms = json_object_new_array();
	struct json_object *ss = json_object_new_array();
	struct json_object *d = json_object_new_object();
	size_t i;

	if (!vms || !ss || !d)
		m->oom = 1;
	for (i = 0; vms && i < m->nvm; i++)
		arr_add(vms, vm_out(m, &m->vm[i]), &m->oom);
	for (i = 0; ss && i < m->ns; i++)
		arr_add(ss, sess_out(m, &m->s[i], replay_args), &m->oom);
	rep_set(root, "vms", vms, &m->oom);
	rep_set(root, "tty_sessions", ss, &m->oom);
	rep_set(root, "operator_actions", m->scope ? NULL :
		json_object_get(m->actions), &m->oom);
	if (d) {
		set_u64(m, d, "records", m->dom0_records);
		set_u64(m, d, "unidentified_guest_records", m->unidentified);
		rep_set(d, "log_events", json_object_get(m->daemon), &m->oom);
	}
	rep_set(root, "dom0", d, &m->oom);
	return m->oom ? -1 : 0;
}

void rep_model_free(struct rep_model *m)
{
	size_t i;

	for (i = 0; i < m->nvm; i++) {
		json_object_put(m->vm[i].names);
		json_object_put(m->vm[i].evidence);
		json_object_put(m->vm[i].actions);
		free(m->vm[i].p);
		free(m->vm[i].t);
	}
	free(m->vm);
	free(m->s);
	json_object_put(m->actions);
	json_object_put(m->daemon);
	memset(m, 0, sizeof(*m));
}
