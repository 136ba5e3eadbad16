/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What "xtrail trace" asks of a log, pure (no I/O): the question (an
 * address, with or without a port, on either side of a flow; a time and
 * a window around it), which flows of the cross-check (attribution.h)
 * answer it, and which records of a traced process fall in its window
 * (the files and sockets it touched, the terminal it wrote on).
 *
 * A flow answers when its source (the initiator: FLOW's saddr/sport) is
 * --src and its destination (daddr/dport) is --dst, each when given (an
 * IPv4-mapped IPv6 address counts as IPv4; no port: any), and the
 * wall-clock time of its first packet is within the window of --at
 * (|t - at| <= window; a flow without a wall-clock time never answers
 * a question with --at).
 *
 * Times are RFC 3339 ("2026-12-07T16:48:01Z", a fraction of a second
 * and an offset "+01:00" or "-05:30" allowed) or "@SECONDS" since the
 * epoch.
 */
#ifndef XTRAIL_TRACE_H
#define XTRAIL_TRACE_H

#include <stddef.h>
#include <stdint.h>

#include "attribution.h"

/* An address (and port) of the question */
struct xt_trace_ep {
	int set;
	uint32_t family;	/* 2 (IPv4) or 10 (IPv6) */
	uint8_t addr[16];
	int has_port;
	uint16_t port;
};

struct xt_trace_query {
	struct xt_trace_ep src;
	struct xt_trace_ep dst;
	int has_at;
	int64_t at_ns;		/* wall clock, ns since the epoch */
	uint64_t window_ns;
};

/*
 * "10.99.0.1", "10.99.0.1:25", "2001:db8::1", "[2001:db8::1]:25" into
 * @ep: 0, or -1 when it is none of these.
 */
int xt_trace_parse_ep(const char *s, struct xt_trace_ep *ep);

/* A time (see above) into *@ns: 0, or -1. */
int xt_trace_parse_time(const char *s, int64_t *ns);

/* Whether the flow @f answers @q: 1 or 0. */
int xt_trace_flow_matches(const struct xt_trace_query *q,
			  const struct xt_attr_flow *f);

/**
 * struct xt_trace_subject - a traced process and what belongs to it
 * @domid:     its guest
 * @tgid:      the process
 * @start:     its life, by the guest's clock (ts_ns): [@start, @end]
 * @end:
 * @has_window: @lo_ns..@hi_ns (wall clock) bounds what it touched too
 * @lo_ns:
 * @hi_ns:
 * @sessionid: its audit session (XT_ID_UNSET: none)
 * @chain:     the tgids of its chain (itself first), @n_chain of them:
 *             their terminals are its terminal sessions too
 */
struct xt_trace_subject {
	uint16_t domid;
	uint32_t tgid;
	uint64_t start;
	uint64_t end;
	int has_window;
	int64_t lo_ns;
	int64_t hi_ns;
	uint32_t sessionid;
	const uint32_t *chain;
	size_t n_chain;
};

enum xt_trace_touch {
	XT_TOUCH_NONE = 0,
	XT_TOUCH_FILE,	/* a FILE record of the process, in its window */
	XT_TOUCH_NET,	/* a NET record of the process, in its window */
	XT_TOUCH_TTY,	/* a TTY record of its chain or of its session */
};

/*
 * What the record @rec (checked) of wall-clock time @wall_ns (-1: none)
 * is to the subject @s.
 */
enum xt_trace_touch xt_trace_touch(const struct xt_trace_subject *s,
				   const void *rec, uint32_t len,
				   int64_t wall_ns);

#endif /* XTRAIL_TRACE_H */
