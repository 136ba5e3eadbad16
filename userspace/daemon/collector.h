/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One collector of xtraild's replication (replicate.h): its thread, which
 * follows the log from the collector's acknowledged position and sends
 * every item (and each seal's anchor) over its RELP session, reconnecting
 * after an outage and resending from that position; and the state shared
 * with the main thread under the replication's mutex.
 */
#ifndef XTRAILD_COLLECTOR_H
#define XTRAILD_COLLECTOR_H

#include <pthread.h>
#include <stdint.h>

#include "conf.h"
#include "f3_anchor.h"
#include "f3_replica.h"
#include "f3_tail.h"
#include "relp_session.h"

#define NSEC_PER_SEC		1000000000ull

/* Where the log stood after message k of a session (ring of window + 1). */
struct slot {
	uint64_t seg;
	uint64_t off;
	uint64_t items;
};

/**
 * struct replicate - what the collectors' threads share with the main one
 * @mu, @cv:  the lock, and the signal of a publish or the stop
 * @lim:      how far the live file is durable (mu)
 * @stopping: the daemon stops: send what is left, then end (mu)
 * @seq_id:   the log's id
 */
struct replicate {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct f3_tail_limit lim;
	int stopping;
	uint8_t seq_id[F3_ID_LEN];
	const struct xtraild_conf *c;
	const char *out_path;
	char hostname[256];
	unsigned int window;
	size_t n;
	struct collector *col;
	uint64_t stop_by;	/* stopping: send until then (ns) */
	uint64_t alarmed;	/* the file last kept with an alarm, + 1 */
};

/**
 * struct collector - one collector
 * @o:     how to connect; @name "host_port"; @state_path its state file
 * @st:    the acknowledged position and counters (r->mu)
 * The rest is the thread's own: the session, the tail over the log, the
 * position after each message not yet known acknowledged (@ring), after
 * the last one sent (@cur), and the last message that must be (@need).
 */
struct collector {
	struct replicate *r;
	struct relp_opts o;
	char *name;
	char *state_path;
	pthread_t th;
	int started;
	struct f3r_state st;

	struct relp_session *s;
	struct f3_tail tail;
	struct slot *ring;
	struct slot cur;
	uint64_t items;
	uint64_t need;
	int gap_due;
	int quiet;
	unsigned int fails;
	uint64_t saved_ns;
	char *line;
	size_t hdr_len;
};

uint64_t collector_now_ns(void);

/* The thread (pthread_create()'s start routine, @arg the collector). */
void *collector_main(void *arg);

#endif /* XTRAILD_COLLECTOR_H */
