// SPDX-License-Identifier: GPL-2.0
/*
 * The config/ignore-uid, ignore-comm, ignore-path and ignore-port filters
 * (see xtrail_proto.h for what they mean): parsing, matching against a
 * finished record, and publishing to the probes.
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

/* The next non-empty item of a comma-separated list, blanks trimmed. */
static char *xtrail_filter_next(char **list)
{
	char *item;

	while ((item = strsep(list, ",")) != NULL) {
		item = strim(item);
		if (*item)
			return item;
	}
	return NULL;
}

unsigned int xtrail_filter_parse_uid(struct xtrail_filter *f, char *val)
{
	unsigned int bad = 0;
	char *item;
	u32 uid;

	while ((item = xtrail_filter_next(&val)) != NULL) {
		/* (uid_t)-1 is "no uid", never a task's. */
		if (kstrtou32(item, 10, &uid) || uid == U32_MAX ||
		    f->nr_uid == XTRAIL_IGNORE_UID_MAX) {
			pr_warn("config: ignore-uid: \"%.32s\" ignored\n", item);
			bad++;
			continue;
		}
		f->uid[f->nr_uid++] = uid;
	}
	return bad;
}

unsigned int xtrail_filter_parse_comm(struct xtrail_filter *f, char *val)
{
	unsigned int bad = 0;
	char *item;

	while ((item = xtrail_filter_next(&val)) != NULL) {
		if (strlen(item) >= XTRAIL_COMM_LEN ||
		    f->nr_comm == XTRAIL_IGNORE_COMM_MAX) {
			pr_warn("config: ignore-comm: \"%.32s\" ignored\n",
				item);
			bad++;
			continue;
		}
		strscpy_pad(f->comm[f->nr_comm++], item, XTRAIL_COMM_LEN);
	}
	return bad;
}

unsigned int xtrail_filter_parse_path(struct xtrail_filter *f, char *val)
{
	unsigned int bad = 0;
	size_t n;
	char *item;

	while ((item = xtrail_filter_next(&val)) != NULL) {
		n = strlen(item);
		if (item[0] != '/' || n >= XTRAIL_IGNORE_PATH_LEN ||
		    f->nr_path == XTRAIL_IGNORE_PATH_MAX) {
			pr_warn("config: ignore-path: \"%.32s\" ignored\n",
				item);
			bad++;
			continue;
		}
		f->path_len[f->nr_path] = n;
		strscpy_pad(f->path[f->nr_path++], item,
			    XTRAIL_IGNORE_PATH_LEN);
	}
	return bad;
}

unsigned int xtrail_filter_parse_port(struct xtrail_filter *f, char *val)
{
	unsigned int bad = 0;
	char *item;
	u16 port;

	while ((item = xtrail_filter_next(&val)) != NULL) {
		if (kstrtou16(item, 10, &port) || !port ||
		    f->nr_port == XTRAIL_IGNORE_PORT_MAX) {
			pr_warn("config: ignore-port: \"%.32s\" ignored\n",
				item);
			bad++;
			continue;
		}
		f->port[f->nr_port++] = port;
	}
	return bad;
}

bool xtrail_filter_empty(const struct xtrail_filter *f)
{
	return !f->nr_uid && !f->nr_comm && !f->nr_path && !f->nr_port;
}

static bool xtrail_filter_task(const struct xtrail_filter *f,
			       const struct xtrail_rec_hdr *h)
{
	u32 uid = le32_to_cpu(h->uid);
	unsigned int i;

	if (le16_to_cpu(h->flags) & XTRAIL_RF_NO_TASK)
		return false;
	for (i = 0; i < f->nr_uid; i++)
		if (f->uid[i] == uid)
			return true;
	for (i = 0; i < f->nr_comm; i++)
		if (!memcmp(f->comm[i], h->comm, XTRAIL_COMM_LEN))
			return true;
	return false;
}

/* Is @path (of @len bytes, not NUL terminated) under an ignored prefix? */
static bool xtrail_filter_path(const struct xtrail_filter *f,
			       const char *path, u32 len)
{
	unsigned int i;

	for (i = 0; i < f->nr_path; i++)
		if (f->path_len[i] <= len &&
		    !memcmp(f->path[i], path, f->path_len[i]))
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

	for (i = 0; i < f->nr_port; i++)
		if (f->port[i] == sport || f->port[i] == dport)
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
		if (f->nr_path && xtrail_filter_file(f, rec, len))
			return true;
		break;
	case XTRAIL_REC_CLOSE:
		if (f->nr_path && xtrail_filter_close(f, rec, len))
			return true;
		break;
	case XTRAIL_REC_NET:
		if (f->nr_port &&
		    len >= sizeof(*h) + sizeof(struct xtrail_net) &&
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
