// SPDX-License-Identifier: GPL-2.0
/*
 * A guest's flow table (flowtable.h): a fixed pool of entries, hashed by
 * both ends of the flow so that a packet finds its flow in either
 * direction. A flow starts at the first packet of a 5-tuple the table does
 * not hold (its sender is the initiator); a TCP flow closes on RST or on
 * FIN both ways, and its END is due once it has been quiet for the linger
 * time (the close's last ACK is counted, not taken for a new flow); a
 * flow without packets for the idle time ends IDLE. When the pool is
 * empty, a packet that would start a flow (UDP: any; TCP: a SYN without
 * ACK) is counted as a lost flow, and every packet not tracked as a lost
 * packet. Records are handed to the caller's emit function, under the
 * caller's lock.
 */
#include <linux/jhash.h>
#include <linux/hash.h>
#include <linux/in.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "xtrail_proto.h"
#include "flowtable.h"

#define XTRAIL_TCP_FIN	0x01
#define XTRAIL_TCP_SYN	0x02
#define XTRAIL_TCP_RST	0x04
#define XTRAIL_TCP_ACK	0x10

int xtrail_ft_store_alloc(struct xtrail_ft_store *s, u32 cap)
{
	cap = clamp_t(u32, cap, 1, XTRAIL_FT_CAP_MAX);
	s->cap = cap;
	s->mask = roundup_pow_of_two(cap) - 1;
	s->pool = kvcalloc(cap, sizeof(*s->pool), GFP_KERNEL);
	s->buckets = kvcalloc(s->mask + 1, sizeof(*s->buckets), GFP_KERNEL);
	if (!s->pool || !s->buckets) {
		xtrail_ft_store_free(s);
		return -ENOMEM;
	}
	return 0;
}

void xtrail_ft_store_free(struct xtrail_ft_store *s)
{
	kvfree(s->pool);
	kvfree(s->buckets);
	s->pool = NULL;
	s->buckets = NULL;
	s->cap = 0;
	s->mask = 0;
}

/* Every entry free, every bucket empty. */
static void xtrail_ft_reset(struct xtrail_flowtable *t)
{
	u32 i;

	INIT_HLIST_HEAD(&t->free);
	for (i = 0; i <= t->s.mask && t->s.buckets; i++)
		INIT_HLIST_HEAD(&t->s.buckets[i]);
	for (i = 0; i < t->s.cap; i++) {
		t->s.pool[i].state = XTRAIL_FE_FREE;
		hlist_add_head(&t->s.pool[i].node, &t->free);
	}
	t->in_use = 0;
}

/* A table over @s (allocated, or all zero: a table of no flows). */
void xtrail_ft_init(struct xtrail_flowtable *t, struct xtrail_ft_store *s,
		    u32 seed)
{
	memset(t, 0, sizeof(*t));
	t->s = *s;
	memset(s, 0, sizeof(*s));
	t->seed = seed;
	xtrail_ft_reset(t);
}

/* One end of a flow; the flow's hash is the same from either end. */
static u32 xtrail_ft_end_hash(const u8 *addr, u16 port, u32 seed)
{
	return jhash(addr, 16, seed ^ port);
}

static u32 xtrail_ft_hash(const struct xtrail_flowtable *t,
			  const struct xtrail_flow_key *k)
{
	u32 h = xtrail_ft_end_hash(k->saddr, k->sport, t->seed) +
		xtrail_ft_end_hash(k->daddr, k->dport, t->seed);

	return hash_32(h ^ ((u32)k->family << 8 | k->protocol), 32) &
	       t->s.mask;
}

/* @k is @e's key (0), its reverse (1), or neither (-1). */
static int xtrail_ft_dir(const struct xtrail_flow_entry *e,
			 const struct xtrail_flow_key *k, u32 vif)
{
	const struct xtrail_flow_key *f = &e->key;

	if (e->vif != vif || f->family != k->family ||
	    f->protocol != k->protocol)
		return -1;
	if (f->sport == k->sport && f->dport == k->dport &&
	    !memcmp(f->saddr, k->saddr, 16) && !memcmp(f->daddr, k->daddr, 16))
		return 0;
	if (f->sport == k->dport && f->dport == k->sport &&
	    !memcmp(f->saddr, k->daddr, 16) && !memcmp(f->daddr, k->saddr, 16))
		return 1;
	return -1;
}

static struct xtrail_flow_entry *
xtrail_ft_find(struct xtrail_flowtable *t, const struct xtrail_flow_pkt *p,
	       int *dir)
{
	struct xtrail_flow_entry *e;

	if (!t->s.cap)
		return NULL;
	hlist_for_each_entry(e, &t->s.buckets[xtrail_ft_hash(t, &p->key)],
			     node) {
		*dir = xtrail_ft_dir(e, &p->key, p->vif);
		if (*dir >= 0)
			return e;
	}
	return NULL;
}

static void xtrail_ft_release(struct xtrail_flowtable *t,
			      struct xtrail_flow_entry *e)
{
	hlist_del(&e->node);
	e->state = XTRAIL_FE_FREE;
	hlist_add_head(&e->node, &t->free);
	t->in_use--;
}

/* Count @p in @e, direction @dir; close a TCP flow that ends. */
static void xtrail_ft_count(struct xtrail_flow_entry *e,
			    const struct xtrail_flow_pkt *p, int dir, u64 now)
{
	e->pkts[dir] += p->pkts;
	e->bytes[dir] += p->bytes;
	e->tcp[dir] |= p->tcp_flags;
	e->last_ns = now;
	if (e->key.protocol == IPPROTO_TCP &&
	    ((p->tcp_flags & XTRAIL_TCP_RST) ||
	     (e->tcp[0] & e->tcp[1] & XTRAIL_TCP_FIN)))
		e->state = XTRAIL_FE_CLOSED;
}

/* No room for @p's flow: count it. */
static void xtrail_ft_lose(struct xtrail_flowtable *t,
			   const struct xtrail_flow_pkt *p, u64 now)
{
	bool starts = p->key.protocol != IPPROTO_TCP ||
		      (p->tcp_flags & (XTRAIL_TCP_SYN | XTRAIL_TCP_ACK)) ==
		      XTRAIL_TCP_SYN;

	t->lost_pkts += p->pkts;
	if (!starts)
		return;
	if (!t->lost)
		t->lost_first = now;
	t->lost_last = now;
	t->lost++;
	t->lost_total++;
}

/**
 * xtrail_ft_packet - count one packet of a guest's vif
 *
 * Emits START for a new flow (after counting its first packet), END for a
 * closed TCP flow whose 5-tuple a new SYN reuses.
 */
void xtrail_ft_packet(struct xtrail_flowtable *t,
		      const struct xtrail_flow_pkt *p, u64 now,
		      xtrail_ft_emit_t emit, void *ctx)
{
	struct xtrail_flow_entry *e;
	int dir = 0;

	e = xtrail_ft_find(t, p, &dir);
	if (e && e->state == XTRAIL_FE_CLOSED && dir == 0 &&
	    (p->tcp_flags & (XTRAIL_TCP_SYN | XTRAIL_TCP_ACK)) ==
	    XTRAIL_TCP_SYN) {
		emit(ctx, XTRAIL_FLOW_END, e);
		xtrail_ft_release(t, e);
		e = NULL;
	}
	if (e) {
		xtrail_ft_count(e, p, dir, now);
		return;
	}
	if (hlist_empty(&t->free)) {
		xtrail_ft_lose(t, p, now);
		return;
	}
	e = hlist_entry(t->free.first, struct xtrail_flow_entry, node);
	hlist_del(&e->node);
	memset(e, 0, sizeof(*e));
	e->key = p->key;
	e->vif = p->vif;
	e->from_guest = p->from_guest;
	e->id = ++t->next_id;
	e->first_ns = now;
	e->update_ns = now;
	e->state = XTRAIL_FE_OPEN;
	hlist_add_head(&e->node, &t->s.buckets[xtrail_ft_hash(t, &p->key)]);
	t->in_use++;
	xtrail_ft_count(e, p, 0, now);
	emit(ctx, XTRAIL_FLOW_START, e);
}

/* The periodic pass: END, IDLE and UPDATE as due at @now. */
void xtrail_ft_sweep(struct xtrail_flowtable *t,
		     const struct xtrail_ft_times *tm, u64 now,
		     xtrail_ft_emit_t emit, void *ctx)
{
	struct xtrail_flow_entry *e;
	u64 quiet;
	u32 i;

	for (i = 0; i < t->s.cap; i++) {
		e = &t->s.pool[i];
		if (e->state == XTRAIL_FE_FREE)
			continue;
		quiet = now > e->last_ns ? now - e->last_ns : 0;
		if (e->state == XTRAIL_FE_CLOSED && quiet >= tm->linger_ns) {
			emit(ctx, XTRAIL_FLOW_END, e);
			xtrail_ft_release(t, e);
		} else if (quiet >= tm->idle_ns) {
			emit(ctx, XTRAIL_FLOW_IDLE, e);
			xtrail_ft_release(t, e);
		} else if (now > e->update_ns &&
			   now - e->update_ns >= tm->update_ns) {
			e->update_ns = now;
			emit(ctx, XTRAIL_FLOW_UPDATE, e);
		}
	}
}

/* Every flow goes (FLUSH). */
void xtrail_ft_flush(struct xtrail_flowtable *t, xtrail_ft_emit_t emit,
		     void *ctx)
{
	struct xtrail_flow_entry *e;
	u32 i;

	for (i = 0; i < t->s.cap; i++) {
		e = &t->s.pool[i];
		if (e->state == XTRAIL_FE_FREE)
			continue;
		emit(ctx, XTRAIL_FLOW_FLUSH, e);
		xtrail_ft_release(t, e);
	}
}

/*
 * The table's flows go (FLUSH) and it goes on in @s's memory; @s gets the
 * old memory, for the caller to free. Flow numbers and counts go on.
 */
void xtrail_ft_swap(struct xtrail_flowtable *t, struct xtrail_ft_store *s,
		    xtrail_ft_emit_t emit, void *ctx)
{
	struct xtrail_ft_store old = t->s;

	xtrail_ft_flush(t, emit, ctx);
	t->s = *s;
	*s = old;
	xtrail_ft_reset(t);
}

/*
 * The losses not yet reported, if any (then they count as reported):
 * new flows and packets not tracked, and when the first and last were.
 */
bool xtrail_ft_lost_take(struct xtrail_flowtable *t, u64 *count, u64 *pkts,
			 u64 *first, u64 *last)
{
	if (!t->lost && !t->lost_pkts)
		return false;
	*count = t->lost;
	*pkts = t->lost_pkts;
	*first = t->lost_first;
	*last = t->lost_last;
	t->lost = 0;
	t->lost_pkts = 0;
	return true;
}
