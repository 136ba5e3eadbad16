// SPDX-License-Identifier: GPL-2.0
/*
 * The config/ignore-uid, ignore-comm, ignore-path and ignore-port filters
 * (see xtrail_proto.h for what they mean): parsing (xtrail_cfg.h's
 * lenient parser), matching against a finished record, and publishing to
 * the probes.
 *
 * The active filters are one immutable struct behind an RCU pointer: the
 * configuration watch builds a new one and swaps it in, the probes only
 * read it (no lock, no allocation, no write to shared memory except their
 * own CPU's counter of what they left out).
 */
#include <linux/kernel.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "xtrail_encode.h"
#include "filter.h"
#include "record.h"

static struct xtrail_filter __rcu *xtrail_filter_cur;
static DEFINE_PER_CPU(u64, xtrail_filtered_n);

/* The lenient parser's report of an item it left out. */
static void xtrail_filter_skip(unsigned int key, const char *item,
			       size_t len, const char *why)
{
	pr_warn("config: %s: \"%.*s\" ignored\n", xtrail_cfg_name(key),
		(int)min_t(size_t, len, 32), item);
}

unsigned int xtrail_filter_parse(struct xtrail_filter *f, unsigned int key,
				 const char *val)
{
	unsigned int bad, i;

	bad = xtrail_cfg_parse_lenient(&f->cfg, key, val, xtrail_filter_skip);
	for (i = 0; i < f->cfg.n_path; i++)
		f->path_len[i] = strnlen(f->cfg.path[i],
					 XTRAIL_IGNORE_PATH_LEN);
	return bad;
}

bool xtrail_filter_empty(const struct xtrail_filter *f)
{
	return !f->cfg.n_uid && !f->cfg.n_comm && !f->cfg.n_path &&
	       !f->cfg.n_port;
}

static bool xtrail_filter_task(const struct xtrail_filter *f,
			       const struct xtrail_rec_hdr *h)
{
	u32 uid = le32_to_cpu(h->uid);
	unsigned int i;

	if (le16_to_cpu(h->flags) & XTRAIL_RF_NO_TASK)
		return false;
	for (i = 0; i < f->cfg.n_uid; i++)
		if (f->cfg.uid[i] == uid)
			return true;
	for (i = 0; i < f->cfg.n_comm; i++)
		if (!memcmp(f->cfg.comm[i], h->comm, XTRAIL_COMM_LEN))
			return true;
	return false;
}

/* Is @path (of @len bytes, not NUL terminated) under an ignored prefix? */
static bool xtrail_filter_path(const struct xtrail_filter *f,
			       const char *path, u32 len)
{
	unsigned int i;

	for (i = 0; i < f->cfg.n_path; i++)
		if (f->path_len[i] <= len &&
		    !memcmp(f->cfg.path[i], path, f->path_len[i]))
			return true;
	return false;
}

static bool xtrail_filter_file(const struct xtrail_filter *f, const u8 *rec,
			       u32 len)
{
	const struct xtrail_file *b = (const void *)(rec +
					sizeof(struct xtrail_rec_hdr));
	const char *p = (const char *)b + sizeof(*b);
	u32 flags = le32_to_cpu(b->flags);
	u32 p1 = le16_to_cpu(b->path_len), p2 = le16_to_cpu(b->path2_len);

	if (len < XTRAIL_FILE_PATH_OFF + p1 + p2 ||
	    flags & XTRAIL_FILE_PATH_FAULT ||
	    !xtrail_filter_path(f, p, p1))
		return false;
	/* A second path (rename, link...) must be ignored too. */
	if (!p2 && !(flags & XTRAIL_FILE_PATH2_FAULT))
		return true;
	return !(flags & XTRAIL_FILE_PATH2_FAULT) &&
	       xtrail_filter_path(f, p + p1, p2);
}

static bool xtrail_filter_close(const struct xtrail_filter *f, const u8 *rec,
				u32 len)
{
	const struct xtrail_close *c = (const void *)(rec +
					sizeof(struct xtrail_rec_hdr));
	u32 n = le16_to_cpu(c->path_len);

	if (len < sizeof(struct xtrail_rec_hdr) + sizeof(*c) + n ||
	    le32_to_cpu(c->flags) & XTRAIL_CLOSE_PATH_FAULT)
		return false;
	return xtrail_filter_path(f, (const char *)(c + 1), n);
}

static bool xtrail_filter_net(const struct xtrail_filter *f, const u8 *rec)
{
	const struct xtrail_net *n = (const void *)(rec +
					sizeof(struct xtrail_rec_hdr));
	u16 sport = le16_to_cpu(n->sport), dport = le16_to_cpu(n->dport);
	unsigned int i;

	for (i = 0; i < f->cfg.n_port; i++)
		if (f->cfg.port[i] == sport || f->cfg.port[i] == dport)
			return true;
	return false;
}

bool xtrail_filter_match(const struct xtrail_filter *f, const void *rec,
			 u32 len)
{
	const struct xtrail_rec_hdr *h = rec;

	if (len < sizeof(*h))
		return false;
	switch (le16_to_cpu(h->type)) {
	case XTRAIL_REC_HEARTBEAT:
	case XTRAIL_REC_LOST:
		return false;
	case XTRAIL_REC_FILE:
		if (f->cfg.n_path && xtrail_filter_file(f, rec, len))
			return true;
		break;
	case XTRAIL_REC_CLOSE:
		if (f->cfg.n_path && xtrail_filter_close(f, rec, len))
			return true;
		break;
	case XTRAIL_REC_NET:
		if (f->cfg.n_port &&
		    len >= sizeof(*h) + XTRAIL_NET_V2_SIZE &&
		    xtrail_filter_net(f, rec))
			return true;
		break;
	}
	return xtrail_filter_task(f, h);
}

void xtrail_filter_publish(struct xtrail_filter *f)
{
	struct xtrail_filter *old;

	if (f && xtrail_filter_empty(f)) {
		kfree(f);
		f = NULL;
	}
	old = rcu_replace_pointer(xtrail_filter_cur, f, true);
	if (old)
		kfree_rcu(old, rcu);
}

bool xtrail_filtered(const void *rec, u32 len)
{
	const struct xtrail_filter *f;
	bool drop = false;

	rcu_read_lock();
	f = rcu_dereference(xtrail_filter_cur);
	if (f)
		drop = xtrail_filter_match(f, rec, len);
	rcu_read_unlock();
	if (drop)
		this_cpu_inc(xtrail_filtered_n);
	return drop;
}

u64 xtrail_filtered_count(unsigned int ring, unsigned int nr_rings)
{
	return xtrail_ring_sum(&xtrail_filtered_n, ring, nr_rings);
}

int xtrail_filter_init(void)
{
	return 0;
}

/* After the probes are gone: nothing reads the filters any more. */
void xtrail_filter_uninit(void)
{
	xtrail_filter_publish(NULL);
	/* kfree_rcu() callbacks need no module code: nothing to wait for. */
}
