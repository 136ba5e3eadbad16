/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _XTRAIL_FILTER_H
#define _XTRAIL_FILTER_H

#include <linux/rcupdate.h>
#include <linux/types.h>

#include "xtrail_proto.h"

/**
 * struct xtrail_filter - the config/ignore-* filters, parsed
 * @nr_uid:   entries of @uid in use
 * @nr_comm:  entries of @comm in use
 * @nr_path:  entries of @path in use
 * @nr_port:  entries of @port in use
 * @uid:      real uids whose events are left out
 * @comm:     task names, NUL padded (compared on all XTRAIL_COMM_LEN bytes)
 * @path_len: length of each @path, without the NUL
 * @path:     absolute path prefixes, NUL terminated
 * @port:     ports (host order)
 * @rcu:      for freeing after the probes let go of it
 *
 * Immutable once published: config.c builds a new one, publishes it with
 * xtrail_filter_publish() and the probes read it under RCU.
 */
struct xtrail_filter {
	u32 nr_uid, nr_comm, nr_path, nr_port;
	u32 uid[XTRAIL_IGNORE_UID_MAX];
	char comm[XTRAIL_IGNORE_COMM_MAX][XTRAIL_COMM_LEN];
	u16 path_len[XTRAIL_IGNORE_PATH_MAX];
	char path[XTRAIL_IGNORE_PATH_MAX][XTRAIL_IGNORE_PATH_LEN];
	u16 port[XTRAIL_IGNORE_PORT_MAX];
	struct rcu_head rcu;
};

/* Parsers: @val is modified; return the number of items ignored. */
unsigned int xtrail_filter_parse_uid(struct xtrail_filter *f, char *val);
unsigned int xtrail_filter_parse_comm(struct xtrail_filter *f, char *val);
unsigned int xtrail_filter_parse_path(struct xtrail_filter *f, char *val);
unsigned int xtrail_filter_parse_port(struct xtrail_filter *f, char *val);
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
