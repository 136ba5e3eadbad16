// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The cross-check of dom0's FLOW records against the guest's NET records
 * (see attribution.h): the records are collected as they come (the guest's
 * NET record of a connect is written after the handshake, so after dom0's
 * START in log order), then matched at the end.
 *
 * What is kept: each flow's first record, the guest's CONNECT, SENDTO and
 * ACCEPT records (with the process and a reference to its program), the
 * holes of each guest's trail as time intervals, the last record time of
 * each (domid, vCPU), and the processes' programs (proc_hist.h).
 *
 * A process's program is found by the guest's own timestamps, not by the
 * log's order (proc_hist.h says why). A NET record's program is looked up
 * once the log has gone XT_ATTR_REORDER past it (dom0's receipt time), so
 * that the events of its process that the merge put after it are in.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xtrail_encode.h"
#include "record_json.h"
#include "attribution.h"

#define XT_ATTR_ALL	0xffffffffu	/* a hole of every guest */
#define XT_T_MAX	UINT64_MAX
/* How far the log's order may stray from a guest's */
#define XT_ATTR_REORDER	(10 * 1000000000ull)

/* The protocol's values (Linux's), whatever the host's headers say */
#define XT_AF_INET	2
#define XT_AF_INET6	10
#define XT_IPPROTO_TCP	6
#define XT_IPPROTO_UDP	17

/* Table keys: a time by (domid, vcpu), a flow, a guest */
#define KEY_VCPU(d, v)		((1ull << 62) | ((uint64_t)(d) << 32) | (v))
#define KEY_DOM(d)		((3ull << 62) | (d))
#define KEY_FLOW(d, id)		((2ull << 62) | ((uint64_t)(d) << 46) | \
				 ((id) & ((1ull << 46) - 1)))
/* A guest's socket by its inode number (the last CLOSE of it) */
#define KEY_SOCK(d, ino)	(((uint64_t)(d) << 46) | \
				 ((ino) & ((1ull << 46) - 1)))

/* A guest record's time, both ways (see "Clocks" in attribution.h) */
struct gtime {
	uint64_t x;	/* ts_ns if XTRAIL_RF_TS_XEN, else recv_ns */
	uint64_t r;	/* recv_ns */
};

struct net_ent {
	uint64_t index;
	uint64_t ts;		/* the guest's own ts_ns */
	uint16_t domid;
	uint32_t span;
	int has_vm;
	uint8_t uuid[16];
	uint32_t kind;
	uint32_t family;
	uint32_t protocol;
	uint16_t sport;
	uint16_t dport;
	uint8_t saddr[16];
	uint8_t daddr[16];
	uint64_t ino;		/* its socket (body version 2), or 0 */
	struct gtime t;
	int used;
	struct xt_attr_proc proc;
	struct xt_attr_exec *exec;
};

struct hole {
	uint32_t domid;		/* or XT_ATTR_ALL */
	enum xt_attr_hole kind;
	struct gtime start;
	struct gtime end;
};

struct slot {
	uint64_t key;
	int used;
	int has_last;
	struct dom_state *dom;
	struct gtime last;
	size_t flow;
	uint64_t first_ns;
	/* KEY_SOCK: the last CLOSE of the socket */
	int has_close;
	uint32_t span;
	uint64_t close_index;
	uint64_t sent;
	uint64_t rcvd;
};

struct dom_state {
	uint32_t span;
	int seen;		/* by a guest record or CONNECT */
	size_t open_disc;	/* index + 1 of an open DISCONNECTED hole */
	size_t open_hb;		/* ... of an open HB_SILENCE hole */
	int has_vm;
	uint8_t uuid[16];
	char name[XTRAIL_VM_NAME_MAX + 1];
};

struct xt_attr {
	uint64_t window;
	struct xt_procs *procs;
	int finished;
	uint64_t n_rec;
	uint64_t last_recv;
	struct xtrail_clock_ref clk;

	struct xt_attr_flow *flows;
	size_t n_flows, cap_flows;
	struct net_ent *nets;
	size_t n_nets, cap_nets;
	size_t resolved;	/* nets before it have their program */
	struct hole *holes;
	size_t n_holes, cap_holes;
	struct slot *tab;
	size_t n_tab, cap_tab;	/* cap: a power of two */
};

/* Room for one more of @size bytes in *@v (@n used of *@cap). 0 or -1. */
static int grow(void **v, size_t n, size_t *cap, size_t size)
{
	size_t c = *cap ? 2 * *cap : 64;
	void *p;

	if (n < *cap)
		return 0;
	p = realloc(*v, c * size);
	if (!p)
		return -1;
	*v = p;
	*cap = c;
	return 0;
}

static uint64_t hash64(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdull;
	k ^= k >> 33;
	return k;
}

static int tab_grow(struct xt_attr *a)
{
	size_t cap = a->cap_tab ? 2 * a->cap_tab : 1024, i, j;
	struct slot *t = calloc(cap, sizeof(*t));

	if (!t)
		return -1;
	for (i = 0; i < a->cap_tab; i++) {
		if (!a->tab[i].used)
			continue;
		j = hash64(a->tab[i].key) & (cap - 1);
		while (t[j].used)
			j = (j + 1) & (cap - 1);
		t[j] = a->tab[i];
	}
	free(a->tab);
	a->tab = t;
	a->cap_tab = cap;
	return 0;
}

/* The slot of @key, made (zeroed) if absent; NULL without memory. */
static struct slot *tab_get(struct xt_attr *a, uint64_t key)
{
	size_t j;

	if (2 * (a->n_tab + 1) > a->cap_tab && tab_grow(a))
		return NULL;
	j = hash64(key) & (a->cap_tab - 1);
	while (a->tab[j].used && a->tab[j].key != key)
		j = (j + 1) & (a->cap_tab - 1);
	if (!a->tab[j].used) {
		memset(&a->tab[j], 0, sizeof(a->tab[j]));
		a->tab[j].used = 1;
		a->tab[j].key = key;
		a->n_tab++;
	}
	return &a->tab[j];
}

/* The programs of the NET records the log is XT_ATTR_REORDER past. */
static void resolve(struct xt_attr *a, uint64_t now, int all)
{
	struct net_ent *e;

	for (; a->resolved < a->n_nets; a->resolved++) {
		e = &a->nets[a->resolved];
		if (!all && e->t.r + XT_ATTR_REORDER >= now)
			break;
		e->exec = xt_exec_get(xt_procs_program(a->procs, e->domid,
						       e->proc.tgid, e->ts));
	}
}

static struct dom_state *dom_get(struct xt_attr *a, uint16_t domid)
{
	struct slot *s = tab_get(a, KEY_DOM(domid));

	if (s && !s->dom)
		s->dom = calloc(1, sizeof(*s->dom));
	return s ? s->dom : NULL;
}

static struct gtime gtime_of(const struct xtrail_rec_hdr *h)
{
	struct gtime t;

	t.r = xt_le64(h->recv_ns);
	t.x = xt_le16(h->flags) & XTRAIL_RF_TS_XEN ? xt_le64(h->ts_ns) : t.r;
	return t;
}

/* dom0's own time @ns: the same both ways. */
static struct gtime gtime_d(uint64_t ns)
{
	struct gtime t = { ns, ns };

	return t;
}

/* Add a hole; its index + 1 in *@at if @at; 0 or -1. */
static int hole_add(struct xt_attr *a, uint32_t domid, enum xt_attr_hole kind,
		    struct gtime start, struct gtime end, size_t *at)
{
	struct hole *h;

	if (grow((void **)&a->holes, a->n_holes, &a->cap_holes,
		 sizeof(*a->holes)))
		return -1;
	h = &a->holes[a->n_holes++];
	h->domid = domid;
	h->kind = kind;
	h->start = start;
	h->end = end;
	if (at)
		*at = a->n_holes;
	return 0;
}

/* Close the open hole *@at (index + 1) at @t. */
static void hole_close(struct xt_attr *a, size_t *at, struct gtime t)
{
	if (*at)
		a->holes[*at - 1].end = t;
	*at = 0;
}

/* First sight of @domid by a dom0 record: not connected until it is. */
static int dom_seen_dom0(struct xt_attr *a, struct dom_state *d,
			 uint16_t domid)
{
	if (d->seen)
		return 0;
	d->seen = 1;
	return hole_add(a, domid, XT_HOLE_DISCONNECTED, gtime_d(0),
			gtime_d(XT_T_MAX), &d->open_disc);
}

static int on_exec(struct xt_attr *a, const struct xtrail_rec_hdr *h)
{
	const struct xtrail_exec *x = (const void *)(h + 1);
	struct xtrail_exec_view v;
	struct xt_attr_proc who;
	struct xt_attr_exec *e;
	uint32_t fn, av;
	uint8_t *p;

	xtrail_exec_view(h, &v);
	fn = v.fn_len;
	av = v.argv_len;
	e = malloc(sizeof(*e) + fn + av);
	if (!e)
		return -1;
	e->refs = 1;
	e->flags = xt_le32(x->flags);
	e->argc = xt_le16(x->argc);
	e->argc_total = xt_le32(x->argc_total);
	e->filename_len = fn;
	e->argv_len = av;
	p = (uint8_t *)(e + 1);
	memcpy(p, v.fn, fn);
	memcpy(p + fn, v.argv, av);
	e->filename = p;
	e->argv = p + fn;
	xt_procs_who(&who, h);
	return xt_procs_exec(a->procs, xt_le16(h->domid), xt_le32(h->tgid),
			     xt_le64(h->ts_ns), e, &who);
}

/* A new process: its program is its parent's at the fork, until it execs. */
static int on_fork(struct xt_attr *a, const struct xtrail_rec_hdr *h)
{
	const struct xtrail_fork *f = (const void *)(h + 1);
	uint32_t child = xt_le32(f->child_tgid), parent = xt_le32(h->tgid);
	struct xt_attr_proc who;

	if (xt_le32(f->flags) & XTRAIL_FORK_THREAD)
		return 0;
	xt_procs_who(&who, h);
	return xt_procs_fork(a->procs, xt_le16(h->domid), parent, child,
			     xt_le64(h->ts_ns), &who);
}

static int on_exit_rec(struct xt_attr *a, const struct xtrail_rec_hdr *h)
{
	const struct xtrail_exit *x = (const void *)(h + 1);

	if (xt_le32(x->flags) & XTRAIL_EXIT_THREAD)
		return 0;
	return xt_procs_exit(a->procs, xt_le16(h->domid), xt_le32(h->tgid),
			     xt_le64(h->ts_ns));
}

/* An IPv4-mapped IPv6 address (::ffff:a.b.c.d) becomes IPv4. */
static void norm_addr(uint32_t *family, uint8_t *addr)
{
	static const uint8_t mapped[12] = { [10] = 0xff, [11] = 0xff };

	if (*family == XT_AF_INET6 && !memcmp(addr, mapped, 12)) {
		memmove(addr, addr + 12, 4);
		memset(addr + 4, 0, 12);
		*family = XT_AF_INET;
	}
}

static int on_net(struct xt_attr *a, const struct xtrail_rec_hdr *h,
		  const struct dom_state *d)
{
	const struct xtrail_net *n = (const void *)(h + 1);
	uint32_t kind = xt_le32(n->kind), family = xt_le32(n->family);
	uint32_t fam_d = family;
	struct net_ent *e;

	if (kind != XTRAIL_NET_CONNECT && kind != XTRAIL_NET_SENDTO &&
	    kind != XTRAIL_NET_ACCEPT)
		return 0;
	if (family != XT_AF_INET && family != XT_AF_INET6)
		return 0;
	if (grow((void **)&a->nets, a->n_nets, &a->cap_nets,
		 sizeof(*a->nets)))
		return -1;
	e = &a->nets[a->n_nets++];
	memset(e, 0, sizeof(*e));
	e->index = a->n_rec;
	e->ts = xt_le64(h->ts_ns);
	e->domid = xt_le16(h->domid);
	e->span = d->span;
	e->has_vm = d->has_vm;
	memcpy(e->uuid, d->uuid, sizeof(e->uuid));
	e->kind = kind;
	e->protocol = xt_le32(n->protocol);
	e->sport = xt_le16(n->sport);
	e->dport = xt_le16(n->dport);
	memcpy(e->saddr, n->saddr, 16);
	memcpy(e->daddr, n->daddr, 16);
	if (xt_le32(h->len) >= sizeof(*h) + XTRAIL_NET_V2_SIZE)
		e->ino = xt_le64(n->sock_ino);
	norm_addr(&family, e->daddr);
	norm_addr(&fam_d, e->saddr);
	/* a v6 socket bound to :: sends to a mapped address: still IPv4 */
	e->family = family;
	e->t = gtime_of(h);
	xt_procs_who(&e->proc, h);
	return 0;	/* its program: resolve() */
}

/* A guest socket's CLOSE (made with or without a task): its bytes. */
static int on_net_close(struct xt_attr *a, const struct xtrail_rec_hdr *h,
			const struct dom_state *d)
{
	const struct xtrail_net *n = (const void *)(h + 1);
	struct slot *s;

	if (xt_le32(h->len) < sizeof(*h) + sizeof(*n) ||
	    xt_le32(n->kind) != XTRAIL_NET_CLOSE || !n->sock_ino)
		return 0;
	s = tab_get(a, KEY_SOCK(xt_le16(h->domid), xt_le64(n->sock_ino)));
	if (!s)
		return -1;
	s->has_close = 1;
	s->span = d->span;
	s->close_index = a->n_rec;
	s->sent = xt_le64(n->bytes_sent);
	s->rcvd = xt_le64(n->bytes_rcvd);
	return 0;
}

/* dom0's counts of flow @r from its record @f, from the guest's side. */
static void flow_counts(struct xt_attr_flow *r, const struct xtrail_flow *f)
{
	int out = xt_le32(f->flags) & XTRAIL_FLOW_FROM_GUEST;
	uint32_t ev = xt_le32(f->event);
	struct xt_bytes_pair *c = &r->counts;

	c->ip_sent = xt_le64(out ? f->bytes_fwd : f->bytes_rev);
	c->pkts_sent = xt_le64(out ? f->pkts_fwd : f->pkts_rev);
	c->ip_rcvd = xt_le64(out ? f->bytes_rev : f->bytes_fwd);
	c->pkts_rcvd = xt_le64(out ? f->pkts_rev : f->pkts_fwd);
	c->ipv6 = xt_le16(f->family) == XT_AF_INET6;
	c->tcp = f->protocol == XT_IPPROTO_TCP;
	c->final = ev == XTRAIL_FLOW_END || ev == XTRAIL_FLOW_IDLE ||
		   ev == XTRAIL_FLOW_FLUSH;
}

static int on_flow(struct xt_attr *a, const struct xtrail_rec_hdr *h,
		   struct dom_state *d)
{
	const struct xtrail_flow *f = (const void *)(h + 1);
	uint16_t domid = xt_le16(h->domid);
	uint64_t first = xt_le64(f->first_ns);
	struct xt_attr_flow *r;
	struct slot *s;
	int64_t ns;

	s = tab_get(a, KEY_FLOW(domid, xt_le64(f->flow_id)));
	if (!s)
		return -1;
	if (s->flow && s->first_ns == first) {
		/* not its first record: its counts so far */
		flow_counts(&a->flows[s->flow - 1], f);
		return 0;
	}
	if (grow((void **)&a->flows, a->n_flows, &a->cap_flows,
		 sizeof(*a->flows)))
		return -1;
	r = &a->flows[a->n_flows++];
	memset(r, 0, sizeof(*r));
	s->flow = a->n_flows;
	s->first_ns = first;
	r->index = a->n_rec;
	r->domid = domid;
	/* dom0's clock is Xen system time: the record or its CLOCK says so */
	r->ts_xen = (xt_le16(h->flags) & XTRAIL_RF_TS_XEN) ||
		    (a->clk.valid && a->clk.ts_xen);
	memcpy(&r->f, f, sizeof(*f));
	flow_counts(r, f);
	r->wall_ns = xt_json_clock_ref_time(&a->clk, first, &ns) ? -1 : ns;
	r->has_vm = d->has_vm;
	memcpy(r->uuid, d->uuid, sizeof(r->uuid));
	memcpy(r->name, d->name, sizeof(r->name));
	r->span = d->span;
	return 0;
}

static int on_vm(struct xt_attr *a, const struct xtrail_rec_hdr *h,
		 struct dom_state *d)
{
	const struct xtrail_vm_identity *v = (const void *)(h + 1);
	uint16_t domid = xt_le16(h->domid);

	if (xt_le32(v->flags) & XTRAIL_VM_UUID_BAD)
		return 0;
	if (d->has_vm && memcmp(d->uuid, v->uuid, 16)) {
		/* another VM with this domid: its processes are not these */
		resolve(a, 0, 1);
		xt_procs_forget(a->procs, domid);
	}
	d->has_vm = 1;
	memcpy(d->uuid, v->uuid, 16);
	memcpy(d->name, v->name, XTRAIL_VM_NAME_MAX);
	d->name[XTRAIL_VM_NAME_MAX] = 0;
	return 0;
}

/* A guest record: its vCPU's last time, and a LOST record's hole. */
static int on_guest(struct xt_attr *a, const struct xtrail_rec_hdr *h,
		    struct dom_state *d)
{
	uint16_t domid = xt_le16(h->domid);
	struct gtime t = gtime_of(h), start;
	struct slot *s = tab_get(a, KEY_VCPU(domid, xt_le16(h->vcpu)));

	if (!s)
		return -1;
	if (!d->seen) {
		/* connected before the log began, or its CONNECT lost */
		d->seen = 1;
	}
	hole_close(a, &d->open_disc, t);
	start = s->has_last ? s->last : gtime_d(0);
	s->has_last = 1;
	s->last = t;
	if (xt_le16(h->type) == XTRAIL_REC_LOST)
		return hole_add(a, domid, XT_HOLE_LOST, start, t, NULL);
	return 0;
}

static int on_dom0(struct xt_attr *a, const struct xtrail_rec_hdr *h,
		   struct dom_state *d)
{
	const void *body = h + 1;
	uint16_t domid = xt_le16(h->domid);
	uint64_t ts = xt_le64(h->ts_ns);
	struct gtime t = gtime_d(ts), start;
	struct slot *s;

	switch (xt_le16(h->type)) {
	case XTRAIL_REC_CONNECT:
		d->seen = 1;
		d->span++;
		hole_close(a, &d->open_disc, t);
		return 0;
	case XTRAIL_REC_DISCONNECT:
		d->seen = 1;
		hole_close(a, &d->open_hb, t);
		if (d->open_disc)
			return 0;
		return hole_add(a, domid, XT_HOLE_DISCONNECTED, t,
				gtime_d(XT_T_MAX), &d->open_disc);
	case XTRAIL_REC_SEQ_GAP: {
		const struct xtrail_seq_gap *g = body;

		s = tab_get(a, KEY_VCPU(domid, xt_le32(g->ring) & 0xffff));
		if (!s)
			return -1;
		start = s->has_last ? s->last : gtime_d(0);
		return hole_add(a, domid, XT_HOLE_SEQ_GAP, start, t, NULL);
	}
	case XTRAIL_REC_HB_SILENCE: {
		const struct xtrail_hb_silence *b = body;
		uint64_t silent = xt_le64(b->silent_ns);

		start = gtime_d(ts > silent ? ts - silent : 0);
		if (xt_le32(b->state) == XTRAIL_HB_STOPPED)
			return d->open_hb ? 0 :
			       hole_add(a, domid, XT_HOLE_HB_SILENCE, start,
					gtime_d(XT_T_MAX), &d->open_hb);
		if (d->open_hb) {
			hole_close(a, &d->open_hb, t);
			return 0;
		}
		return hole_add(a, domid, XT_HOLE_HB_SILENCE, start, t, NULL);
	}
	case XTRAIL_REC_DOM0_LOST: {
		const struct xtrail_dom0_lost *l = body;

		return hole_add(a, domid ? domid : XT_ATTR_ALL,
				XT_HOLE_DOM0_LOST, gtime_d(xt_le64(l->first_ns)),
				gtime_d(xt_le64(l->last_ns)), NULL);
	}
	case XTRAIL_REC_VM_IDENTITY:
		if (dom_seen_dom0(a, d, domid))
			return -1;
		return on_vm(a, h, d);
	case XTRAIL_REC_FLOW:
		if (dom_seen_dom0(a, d, domid))
			return -1;
		return on_flow(a, h, d);
	default:
		return 0;
	}
}

/* xtraild's STREAM_JUMP: records of the stream that never reached F3. */
static int on_jump(struct xt_attr *a, const struct xtrail_rec_hdr *h)
{
	const struct xtrail_stream_jump *j = (const void *)(h + 1);

	if (!xt_le64(j->missing) && xt_le32(j->kind) != XTRAIL_JUMP_NEW)
		return 0;
	return hole_add(a, XT_ATTR_ALL, XT_HOLE_STREAM, gtime_d(a->last_recv),
			gtime_d(xt_le64(h->recv_ns)), NULL);
}

struct xt_attr *xt_attr_new(uint64_t window_ns)
{
	struct xt_attr *a = calloc(1, sizeof(*a));

	if (!a)
		return NULL;
	a->window = window_ns;
	a->procs = xt_procs_new();
	if (!a->procs) {
		free(a);
		return NULL;
	}
	return a;
}

void xt_attr_free(struct xt_attr *a)
{
	size_t i;

	if (!a)
		return;
	for (i = 0; i < a->n_flows; i++)
		xt_exec_put(a->flows[i].exec);
	for (i = 0; i < a->n_nets; i++)
		xt_exec_put(a->nets[i].exec);
	xt_procs_free(a->procs);
	for (i = 0; i < a->cap_tab; i++) {
		if (a->tab[i].used)
			free(a->tab[i].dom);
	}
	free(a->flows);
	free(a->nets);
	free(a->holes);
	free(a->tab);
	free(a);
}

int xt_attr_add(struct xt_attr *a, const void *rec, uint32_t len)
{
	const struct xtrail_rec_hdr *h = rec;
	unsigned int type = xt_le16(h->type);
	struct dom_state *d;
	int ret = 0;

	if (a->finished || xtrail_rec_check(rec, len, 0) != XTRAIL_OK)
		return 0;	/* not a record: nothing to learn from it */
	d = dom_get(a, xt_le16(h->domid));
	if (!d)
		return -1;
	xt_json_clock_ref_update(&a->clk, rec);
	if (type >= XTRAIL_REC_DAEMON_FIRST) {
		if (type == XTRAIL_REC_STREAM_JUMP)
			ret = on_jump(a, h);
	} else if (type >= XTRAIL_REC_DOM0_FIRST) {
		ret = on_dom0(a, h, d);
	} else if (xt_le16(h->domid)) {
		/* dom0's own events (domid 0) are no guest's trail */
		ret = on_guest(a, h, d);
		if (!ret && type == XTRAIL_REC_NET)
			ret = on_net_close(a, h, d);
		if (!ret && !(xt_le16(h->flags) & XTRAIL_RF_NO_TASK)) {
			if (type == XTRAIL_REC_EXEC)
				ret = on_exec(a, h);
			else if (type == XTRAIL_REC_FORK)
				ret = on_fork(a, h);
			else if (type == XTRAIL_REC_EXIT)
				ret = on_exit_rec(a, h);
			else if (type == XTRAIL_REC_NET)
				ret = on_net(a, h, d);
		}
	}
	a->last_recv = xt_le64(h->recv_ns);
	a->n_rec++;
	resolve(a, a->last_recv, 0);
	return ret;
}

/* Nets by (domid, remote port, index), for the lookup by range. */
static int net_cmp(const void *x, const void *y)
{
	const struct net_ent *p = x, *q = y;

	if (p->domid != q->domid)
		return p->domid < q->domid ? -1 : 1;
	if (p->dport != q->dport)
		return p->dport < q->dport ? -1 : 1;
	return p->index < q->index ? -1 : p->index > q->index;
}

static size_t net_lower(const struct xt_attr *a, uint16_t domid,
			uint16_t port)
{
	size_t lo = 0, hi = a->n_nets, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (a->nets[mid].domid < domid ||
		    (a->nets[mid].domid == domid && a->nets[mid].dport < port))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static uint64_t gt(const struct gtime *t, int xen)
{
	return xen ? t->x : t->r;
}

static int addr_eq(uint32_t family, const uint8_t *p, const uint8_t *q)
{
	return !memcmp(p, q, family == XT_AF_INET ? 4 : 16);
}

static int addr_zero(uint32_t family, const uint8_t *p)
{
	static const uint8_t zero[16];

	return addr_eq(family, p, zero);
}

/* Whether the net entry @e may be the guest's record of flow @r. */
static int net_fits(const struct xt_attr_flow *r, uint32_t family,
		    const uint8_t *saddr, const uint8_t *daddr,
		    const struct net_ent *e)
{
	const struct xtrail_flow *f = &r->f;
	int out = xt_le32(f->flags) & XTRAIL_FLOW_FROM_GUEST;
	/* the guest's side and the remote side of the flow */
	const uint8_t *local = out ? saddr : daddr;
	const uint8_t *remote = out ? daddr : saddr;
	uint16_t lport = out ? xt_le16(f->sport) : xt_le16(f->dport);
	uint16_t rport = out ? xt_le16(f->dport) : xt_le16(f->sport);

	if (e->span != r->span &&
	    !(e->has_vm && r->has_vm && !memcmp(e->uuid, r->uuid, 16)))
		return 0;
	if (out ? e->kind == XTRAIL_NET_ACCEPT :
		  e->kind != XTRAIL_NET_ACCEPT)
		return 0;
	if (f->protocol == XT_IPPROTO_TCP && e->kind == XTRAIL_NET_SENDTO)
		return 0;
	if (e->protocol && e->protocol != f->protocol)
		return 0;
	if (e->family != family || e->dport != rport || e->sport != lport)
		return 0;
	if (!addr_eq(family, e->daddr, remote))
		return 0;
	return addr_zero(family, e->saddr) || addr_eq(family, e->saddr, local);
}

static uint64_t absdiff(uint64_t p, uint64_t q)
{
	return p > q ? p - q : q - p;
}

/* The guest's record of flow @r, or NULL. */
static struct net_ent *match(struct xt_attr *a, struct xt_attr_flow *r)
{
	const struct xtrail_flow *f = &r->f;
	int out = xt_le32(f->flags) & XTRAIL_FLOW_FROM_GUEST;
	uint16_t rport = out ? xt_le16(f->dport) : xt_le16(f->sport);
	uint64_t t = xt_le64(f->first_ns), tn, best_d = XT_T_MAX;
	uint8_t saddr[16], daddr[16];
	uint32_t family = xt_le16(f->family), fam2 = family;
	struct net_ent *best = NULL, *prev = NULL, *e;
	size_t i;

	memcpy(saddr, f->saddr, 16);
	memcpy(daddr, f->daddr, 16);
	norm_addr(&family, saddr);
	norm_addr(&fam2, daddr);
	for (i = net_lower(a, r->domid, rport); i < a->n_nets; i++) {
		e = &a->nets[i];
		if (e->domid != r->domid || e->dport != rport)
			break;
		if (!net_fits(r, family, saddr, daddr, e))
			continue;
		tn = gt(&e->t, r->ts_xen);
		if (absdiff(tn, t) <= a->window && absdiff(tn, t) < best_d &&
		    !(e->used && f->protocol == XT_IPPROTO_TCP)) {
			best = e;
			best_d = absdiff(tn, t);
		}
		if (tn < t && f->protocol == XT_IPPROTO_UDP &&
		    (!prev || gt(&prev->t, r->ts_xen) <= tn))
			prev = e;
	}
	if (!best && prev && out) {
		best = prev;
		r->earlier = 1;
	}
	return best;
}

/* The hole of @r's guest that its window meets, or XT_HOLE_NONE. */
static enum xt_attr_hole hole_of(const struct xt_attr *a,
				 const struct xt_attr_flow *r)
{
	uint64_t t = xt_le64(r->f.first_ns);
	uint64_t lo = t > a->window ? t - a->window : 0;
	uint64_t hi = t + a->window < t ? XT_T_MAX : t + a->window;
	enum xt_attr_hole best = XT_HOLE_NONE;
	const struct hole *h;
	size_t i;

	for (i = 0; i < a->n_holes; i++) {
		h = &a->holes[i];
		if (h->domid != r->domid && h->domid != XT_ATTR_ALL)
			continue;
		if (gt(&h->end, r->ts_xen) < lo ||
		    gt(&h->start, r->ts_xen) > hi)
			continue;
		if (best == XT_HOLE_NONE || h->kind < best)
			best = h->kind;
	}
	return best;
}

/* The guest's count of @e's socket, if it closed after @e: compared. */
static int flow_bytes(struct xt_attr *a, struct xt_attr_flow *r,
		      const struct net_ent *e)
{
	struct slot *s;

	if (!e->ino || e->kind == XTRAIL_NET_SENDTO)
		return 0;	/* no socket, or its count spans destinations */
	s = tab_get(a, KEY_SOCK(e->domid, e->ino));
	if (!s)
		return -1;
	if (!s->has_close || s->span != e->span || s->close_index < e->index)
		return 0;
	r->counts.guest_sent = s->sent;
	r->counts.guest_rcvd = s->rcvd;
	r->bytes = xt_bytes_check(&r->counts);
	return 0;
}

int xt_attr_finish(struct xt_attr *a)
{
	struct xt_attr_flow *r;
	struct net_ent *e;
	size_t i;

	if (a->finished)
		return 0;
	a->finished = 1;
	resolve(a, 0, 1);
	if (a->n_nets)
		qsort(a->nets, a->n_nets, sizeof(*a->nets), net_cmp);
	for (i = 0; i < a->n_flows; i++) {
		r = &a->flows[i];
		e = match(a, r);
		if (e) {
			e->used = 1;
			r->matched = 1;
			r->net_kind = e->kind;
			r->net_index = e->index;
			r->delta_ns = (int64_t)(gt(&e->t, r->ts_xen) -
						xt_le64(r->f.first_ns));
			r->net_ts = e->ts;
			r->proc = e->proc;
			r->exec = xt_exec_get(e->exec);
			if (flow_bytes(a, r, e))
				return -1;
		}
		if (!(xt_le32(r->f.flags) & XTRAIL_FLOW_FROM_GUEST)) {
			r->verdict = XT_ATTR_INBOUND;
		} else if (e) {
			r->verdict = XT_ATTR_ATTRIBUTED;
		} else {
			r->hole = hole_of(a, r);
			r->verdict = r->hole ? XT_ATTR_UNKNOWN :
				     XT_ATTR_UNATTRIBUTED;
		}
	}
	return 0;
}

size_t xt_attr_count(const struct xt_attr *a)
{
	return a->n_flows;
}

const struct xt_attr_flow *xt_attr_get(const struct xt_attr *a, size_t i)
{
	return i < a->n_flows ? &a->flows[i] : NULL;
}

const struct xt_procs *xt_attr_procs(const struct xt_attr *a)
{
	return a->procs;
}

const char *xt_attr_verdict_name(enum xt_attr_verdict v)
{
	switch (v) {
	case XT_ATTR_ATTRIBUTED:
		return "attributed";
	case XT_ATTR_UNATTRIBUTED:
		return "unattributed";
	case XT_ATTR_UNKNOWN:
		return "unknown";
	case XT_ATTR_INBOUND:
		return "inbound";
	}
	return "?";
}

const char *xt_attr_hole_name(enum xt_attr_hole h)
{
	static const char *const names[] = {
		[XT_HOLE_NONE] = "",
		[XT_HOLE_DISCONNECTED] = "disconnected",
		[XT_HOLE_LOST] = "lost",
		[XT_HOLE_SEQ_GAP] = "seq_gap",
		[XT_HOLE_HB_SILENCE] = "hb_silence",
		[XT_HOLE_DOM0_LOST] = "dom0_lost",
		[XT_HOLE_STREAM] = "stream",
	};

	return (unsigned int)h < sizeof(names) / sizeof(names[0]) ?
	       names[h] : "?";
}
