/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _XTRAIL_FILTER_H
#define _XTRAIL_FILTER_H

#include <linux/rcupdate.h>
#include <linux/types.h>

#include "xtrail_cfg.h"

/**
 * struct xtrail_filter - the config/ignore-* filters, parsed
 * @cfg:      the lists (only the ignore-* ones are used): uids (real uids
 *            whose events are left out), task names (NUL padded, compared
 *            on all XTRAIL_COMM_LEN bytes), absolute path prefixes (NUL
 *            terminated) and ports (host order)
 * @path_len: length of each of @cfg's paths, without the NUL
 * @rcu:      for freeing after the probes let go of it
 *
 * Immutable once published: config.c builds a new one, publishes it with
 * xtrail_filter_publish() and the probes read it under RCU.
 */
struct xtrail_filter {
	struct xtrail_cfg cfg;
	u16 path_len[XTRAIL_IGNORE_PATH_MAX];
	struct rcu_head rcu;
};

/*
 * Parse @val, the config/ value of ignore-* setting @key, into @f, item by
 * item (xtrail_cfg_parse_lenient()): each item left out is reported with a
 * warning. Returns the number left out.
 */
unsigned int xtrail_filter_parse(struct xtrail_filter *f, unsigned int key,
				 const char *val);
bool xtrail_filter_empty(const struct xtrail_filter *f);

/* Does @f leave out the finished record @rec (of @len bytes)? */
bool xtrail_filter_match(const struct xtrail_filter *f, const void *rec,
			 u32 len);

/* Replace the filters the probes use (@f may be NULL: none). */
void xtrail_filter_publish(struct xtrail_filter *f);

/*
 * Probe side: true if the active filters leave out @rec; then it is counted
 * for this CPU's heartbeat. Preemption must be off.
 */
bool xtrail_filtered(const void *rec, u32 len);

/* Events left out on the vCPUs that write to @ring of @nr_rings. */
u64 xtrail_filtered_count(unsigned int ring, unsigned int nr_rings);

int xtrail_filter_init(void);
void xtrail_filter_uninit(void);

#endif
