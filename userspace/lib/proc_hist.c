// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The programs of the guests' processes by the guests' timestamps (see
 * proc_hist.h): a hash table of (domid, tgid), open addressing, each entry
 * with its events sorted by time.
 */
#include <stdlib.h>
#include <string.h>

#include "xtrail_encode.h"
#include "proc_hist.h"

enum ev_kind { EV_EXEC, EV_FORK, EV_EXIT };

struct proc {
	uint64_t key;		/* domid << 32 | tgid */
	int used;
	unsigned int n;
	struct {
		uint64_t ts;
		enum ev_kind kind;
		uint32_t parent;		/* EV_FORK */
		struct xt_attr_exec *exec;	/* EV_EXEC */
		struct xt_attr_proc who;
	} ev[XT_PROCS_HIST];
};

struct xt_procs {
	struct proc *tab;
	size_t n, cap;		/* cap: a power of two */
};

#define KEY(d, tgid)	(((uint64_t)(d) << 32) | (tgid))

struct xt_attr_exec *xt_exec_get(struct xt_attr_exec *e)
{
	if (e)
		e->refs++;
	return e;
}

void xt_exec_put(struct xt_attr_exec *e)
{
	if (e && !--e->refs)
		free(e);
}

static uint64_t hash64(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdull;
	k ^= k >> 33;
	return k;
}

void xt_procs_who(struct xt_attr_proc *p, const struct xtrail_rec_hdr *h)
{
	p->pid = xt_le32(h->pid);
	p->tgid = xt_le32(h->tgid);
	p->ppid = xt_le32(h->ppid);
	p->uid = xt_le32(h->uid);
	p->euid = xt_le32(h->euid);
	p->loginuid = xt_le32(h->loginuid);
	p->sessionid = xt_le32(h->sessionid);
	memcpy(p->comm, h->comm, XTRAIL_COMM_LEN);
	p->comm[XTRAIL_COMM_LEN] = 0;
	p->recv_ns = xt_le64(h->recv_ns);
	p->ts_xen = !!(xt_le16(h->flags) & XTRAIL_RF_TS_XEN);
}

struct xt_procs *xt_procs_new(void)
{
	return calloc(1, sizeof(struct xt_procs));
}

static void proc_clear(struct proc *p)
{
	unsigned int i;

	for (i = 0; i < p->n; i++)
		xt_exec_put(p->ev[i].exec);
	p->n = 0;
}

void xt_procs_free(struct xt_procs *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->cap; i++)
		if (p->tab[i].used)
			proc_clear(&p->tab[i]);
	free(p->tab);
	free(p);
}

static int procs_grow(struct xt_procs *p)
{
	size_t cap = p->cap ? 2 * p->cap : 256, i, j;
	struct proc *t = calloc(cap, sizeof(*t));

	if (!t)
		return -1;
	for (i = 0; i < p->cap; i++) {
		if (!p->tab[i].used)
			continue;
		j = hash64(p->tab[i].key) & (cap - 1);
		while (t[j].used)
			j = (j + 1) & (cap - 1);
		t[j] = p->tab[i];
	}
	free(p->tab);
	p->tab = t;
	p->cap = cap;
	return 0;
}

static struct proc *procs_find(const struct xt_procs *p, uint64_t key)
{
	size_t j;

	if (!p->cap)
		return NULL;
	j = hash64(key) & (p->cap - 1);
	while (p->tab[j].used && p->tab[j].key != key)
		j = (j + 1) & (p->cap - 1);
	return p->tab[j].used ? &p->tab[j] : NULL;
}

/* Add an event, taking over the reference @e; the oldest goes when full. */
static int procs_add(struct xt_procs *p, uint64_t key, uint64_t ts,
		     enum ev_kind kind, uint32_t parent,
		     struct xt_attr_exec *e, const struct xt_attr_proc *who)
{
	static const struct xt_attr_proc none;
	struct proc *pr = procs_find(p, key);
	unsigned int i;
	size_t j;

	if (!pr) {
		if (2 * (p->n + 1) > p->cap && procs_grow(p)) {
			xt_exec_put(e);
			return -1;
		}
		j = hash64(key) & (p->cap - 1);
		while (p->tab[j].used)
			j = (j + 1) & (p->cap - 1);
		pr = &p->tab[j];
		pr->used = 1;
		pr->key = key;
		p->n++;
	}
	if (pr->n == XT_PROCS_HIST) {
		if (ts < pr->ev[0].ts) {
			xt_exec_put(e);	/* older than all it keeps */
			return 0;
		}
		xt_exec_put(pr->ev[0].exec);
		memmove(&pr->ev[0], &pr->ev[1], --pr->n * sizeof(pr->ev[0]));
	}
	for (i = pr->n; i && pr->ev[i - 1].ts > ts; i--)
		pr->ev[i] = pr->ev[i - 1];
	pr->ev[i].ts = ts;
	pr->ev[i].kind = kind;
	pr->ev[i].parent = parent;
	pr->ev[i].exec = e;
	pr->ev[i].who = who ? *who : none;
	pr->n++;
	return 0;
}

int xt_procs_exec(struct xt_procs *p, uint16_t domid, uint32_t tgid,
		  uint64_t ts, struct xt_attr_exec *e,
		  const struct xt_attr_proc *who)
{
	return procs_add(p, KEY(domid, tgid), ts, EV_EXEC, 0, e, who);
}

int xt_procs_fork(struct xt_procs *p, uint16_t domid, uint32_t parent,
		  uint32_t child, uint64_t ts, const struct xt_attr_proc *who)
{
	if (child == parent)
		return 0;	/* a lie: nothing new */
	return procs_add(p, KEY(domid, child), ts, EV_FORK, parent, NULL,
			 who);
}

int xt_procs_exit(struct xt_procs *p, uint16_t domid, uint32_t tgid,
		  uint64_t ts)
{
	return procs_add(p, KEY(domid, tgid), ts, EV_EXIT, 0, NULL, NULL);
}

static struct xt_attr_exec *program(const struct xt_procs *p, uint16_t domid,
				    uint32_t tgid, uint64_t ts,
				    unsigned int depth)
{
	const struct proc *pr = procs_find(p, KEY(domid, tgid));
	unsigned int i;

	if (!pr || depth > XT_PROCS_DEPTH)
		return NULL;
	for (i = pr->n; i && pr->ev[i - 1].ts > ts; i--)
		;
	if (!i)
		return NULL;
	switch (pr->ev[i - 1].kind) {
	case EV_EXEC:
		return pr->ev[i - 1].exec;
	case EV_FORK:
		return program(p, domid, pr->ev[i - 1].parent,
			       pr->ev[i - 1].ts, depth + 1);
	default:
		return NULL;
	}
}

struct xt_attr_exec *xt_procs_program(const struct xt_procs *p,
				      uint16_t domid, uint32_t tgid,
				      uint64_t ts)
{
	return program(p, domid, tgid, ts, 0);
}

const struct xt_attr_proc *xt_procs_step_who(const struct xt_procs_step *s)
{
	return s->n_exec ? &s->exec_who[s->n_exec - 1] : &s->fork_who;
}

/*
 * The life of @pr that holds its event @last (its FORK or its first event
 * kept, up to the next FORK or EXIT) into @s, with its EXECs up to @last.
 */
static void step_fill(const struct proc *pr, unsigned int last,
		      struct xt_procs_step *s)
{
	unsigned int i = last + 1, j;

	while (i && pr->ev[i - 1].kind == EV_EXEC)
		i--;
	if (i && pr->ev[i - 1].kind == EV_FORK) {
		i--;
		s->forked = 1;
		s->parent = pr->ev[i].parent;
		s->fork_who = pr->ev[i].who;
	}
	s->start = pr->ev[i].ts;
	for (j = i; j <= last; j++) {
		if (pr->ev[j].kind != EV_EXEC)
			continue;
		s->exec[s->n_exec] = pr->ev[j].exec;
		s->exec_ts[s->n_exec] = pr->ev[j].ts;
		s->exec_who[s->n_exec++] = pr->ev[j].who;
	}
	if (!s->forked && s->n_exec)
		s->parent = s->exec_who[0].ppid;
	for (j = last + 1; j < pr->n && pr->ev[j].kind == EV_EXEC; j++)
		;
	s->end = j < pr->n ? pr->ev[j].ts : UINT64_MAX;
}

int xt_procs_at(const struct xt_procs *p, uint16_t domid, uint32_t tgid,
		uint64_t ts, struct xt_procs_step *s)
{
	const struct proc *pr = procs_find(p, KEY(domid, tgid));
	unsigned int i;

	memset(s, 0, sizeof(*s));
	s->tgid = tgid;
	if (!pr)
		return -1;
	for (i = pr->n; i && pr->ev[i - 1].ts > ts; i--)
		;
	if (!i || pr->ev[i - 1].kind == EV_EXIT)
		return -1;
	step_fill(pr, i - 1, s);
	return 0;
}

int xt_procs_last(const struct xt_procs *p, uint16_t domid, uint32_t tgid,
		  uint64_t ts, uint64_t *at)
{
	const struct proc *pr = procs_find(p, KEY(domid, tgid));
	unsigned int i;

	if (!pr)
		return -1;
	for (i = pr->n; i && (pr->ev[i - 1].ts > ts ||
			      pr->ev[i - 1].kind == EV_EXIT); i--)
		;
	if (!i)
		return -1;
	*at = pr->ev[i - 1].ts;
	return 0;
}

/* Whether the process at @s is in the audit session @ses. */
static int in_session(const struct xt_procs_step *s, uint32_t ses)
{
	return xt_procs_step_who(s)->sessionid == ses;
}

size_t xt_procs_chain(const struct xt_procs *p, uint16_t domid,
		      uint32_t tgid, uint64_t ts, struct xt_procs_step *steps,
		      size_t max, enum xt_chain_end *why)
{
	uint32_t ses;
	size_t n = 0, k;

	*why = XT_CHAIN_MAX;
	if (!max || xt_procs_at(p, domid, tgid, ts, &steps[0]))
		return 0;
	ses = xt_procs_step_who(&steps[0])->sessionid;
	for (n = 1; n < max; n++) {
		const struct xt_procs_step *c = &steps[n - 1];

		if (ses != XT_ID_UNSET && !in_session(c, ses)) {
			*why = XT_CHAIN_SESSION;
			return n;
		}
		if (c->tgid == 1 || !c->parent || c->parent == c->tgid) {
			*why = XT_CHAIN_INIT;
			return n;
		}
		for (k = 0; k < n; k++)
			if (steps[k].tgid == c->parent)
				break;	/* a loop: lies or a reused pid */
		if (k < n ||
		    xt_procs_at(p, domid, c->parent, c->start, &steps[n])) {
			*why = XT_CHAIN_UNKNOWN;
			return n;
		}
	}
	return n;
}

const char *xt_chain_end_name(enum xt_chain_end why)
{
	switch (why) {
	case XT_CHAIN_SESSION:
		return "session";
	case XT_CHAIN_INIT:
		return "init";
	case XT_CHAIN_UNKNOWN:
		return "unknown parent";
	case XT_CHAIN_MAX:
		return "limit";
	}
	return "?";
}

void xt_procs_forget(struct xt_procs *p, uint16_t domid)
{
	size_t i;

	/* emptied, not removed: the table keeps its probe chains */
	for (i = 0; i < p->cap; i++)
		if (p->tab[i].used && (uint16_t)(p->tab[i].key >> 32) == domid)
			proc_clear(&p->tab[i]);
}
