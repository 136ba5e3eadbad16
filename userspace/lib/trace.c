// SPDX-License-Identifier: GPL-2.0
/*
 * The question of "xtrail trace" and its answers (see trace.h): parsing
 * an address and a time, matching a flow, and sorting a record into what
 * a traced process touched.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xtrail_encode.h"
#include "trace.h"

#define XT_AF_INET	2
#define XT_AF_INET6	10

/* "25" into *@port (1..65535): 0, or -1. */
static int parse_port(const char *s, uint16_t *port)
{
	unsigned long v;
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || !v || v > 65535)
		return -1;
	*port = v;
	return 0;
}

int xt_trace_parse_ep(const char *s, struct xt_trace_ep *ep)
{
	char buf[INET6_ADDRSTRLEN + 8];
	const char *port = NULL;
	char *c;

	memset(ep, 0, sizeof(*ep));
	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	c = strchr(buf, buf[0] == '[' ? ']' : ':');
	if (buf[0] == '[') {
		/* [IPv6] or [IPv6]:port */
		if (!c || (c[1] && c[1] != ':'))
			return -1;
		*c = 0;
		port = c[1] ? c + 2 : NULL;
		memmove(buf, buf + 1, strlen(buf + 1) + 1);
	} else if (c && !strchr(c + 1, ':')) {
		*c = 0;		/* IPv4:port (IPv6 has two colons or more) */
		port = c + 1;
	}
	if (port && parse_port(port, &ep->port))
		return -1;
	ep->has_port = !!port;
	if (inet_pton(AF_INET, buf, ep->addr) == 1)
		ep->family = XT_AF_INET;
	else if (strchr(buf, ':') && inet_pton(AF_INET6, buf, ep->addr) == 1)
		ep->family = XT_AF_INET6;
	else
		return -1;
	ep->set = 1;
	return 0;
}

/* "+01:00", "-05:30" or "Z" at @p: the offset east of UTC in seconds. */
static int parse_offset(const char *p, long *off)
{
	int h, m;

	if (!strcmp(p, "Z") || !strcmp(p, "z")) {
		*off = 0;
		return 0;
	}
	if ((p[0] != '+' && p[0] != '-') || strlen(p) != 6 || p[3] != ':')
		return -1;
	if (p[1] < '0' || p[1] > '9' || p[2] < '0' || p[2] > '9' ||
	    p[4] < '0' || p[4] > '9' || p[5] < '0' || p[5] > '9')
		return -1;
	h = (p[1] - '0') * 10 + p[2] - '0';
	m = (p[4] - '0') * 10 + p[5] - '0';
	if (h > 23 || m > 59)
		return -1;
	*off = (h * 3600L + m * 60L) * (p[0] == '-' ? -1 : 1);
	return 0;
}

int xt_trace_parse_time(const char *s, int64_t *ns)
{
	struct tm tm = { 0 };
	int64_t frac = 0, scale = 100000000;
	long long sec;
	const char *p;
	char *end;
	long off;
	time_t t;

	if (s[0] == '@') {
		errno = 0;
		sec = strtoll(s + 1, &end, 10);
		if (errno || end == s + 1 || *end || sec < 0 ||
		    sec > INT64_MAX / 1000000000)
			return -1;
		*ns = sec * 1000000000;
		return 0;
	}
	p = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!p)
		return -1;
	if (*p == '.') {
		if (p[1] < '0' || p[1] > '9')
			return -1;
		for (p++; *p >= '0' && *p <= '9'; p++, scale /= 10)
			frac += (*p - '0') * scale;
	}
	if (parse_offset(p, &off))
		return -1;
	t = timegm(&tm);
	if (t < 0 || t - off < 0)
		return -1;
	*ns = (int64_t)(t - off) * 1000000000 + frac;
	return 0;
}

/* An IPv4-mapped IPv6 address (::ffff:a.b.c.d) as IPv4, into @out. */
static uint32_t norm(uint32_t family, const uint8_t *addr, uint8_t *out)
{
	static const uint8_t mapped[12] = { [10] = 0xff, [11] = 0xff };

	memset(out, 0, 16);
	if (family == XT_AF_INET6 && !memcmp(addr, mapped, 12)) {
		memcpy(out, addr + 12, 4);
		return XT_AF_INET;
	}
	memcpy(out, addr, family == XT_AF_INET ? 4 : 16);
	return family;
}

static int ep_matches(const struct xt_trace_ep *ep, uint32_t family,
		      const uint8_t *addr, uint16_t port)
{
	uint8_t a[16], b[16];

	if (!ep->set)
		return 1;
	if (ep->has_port && ep->port != port)
		return 0;
	if (norm(ep->family, ep->addr, a) != norm(family, addr, b))
		return 0;
	return !memcmp(a, b, 16);
}

int xt_trace_flow_matches(const struct xt_trace_query *q,
			  const struct xt_attr_flow *f)
{
	uint32_t fam = xt_le16(f->f.family);
	int64_t d;

	if (!ep_matches(&q->src, fam, f->f.saddr, xt_le16(f->f.sport)) ||
	    !ep_matches(&q->dst, fam, f->f.daddr, xt_le16(f->f.dport)))
		return 0;
	if (!q->has_at)
		return 1;
	if (f->wall_ns < 0)
		return 0;
	d = f->wall_ns - q->at_ns;
	if (d < 0)
		d = -d;
	return (uint64_t)d <= q->window_ns;
}

static int in_chain(const struct xt_trace_subject *s, uint32_t tgid)
{
	size_t i;

	for (i = 0; i < s->n_chain; i++)
		if (s->chain[i] == tgid)
			return 1;
	return 0;
}

enum xt_trace_touch xt_trace_touch(const struct xt_trace_subject *s,
				   const void *rec, uint32_t len,
				   int64_t wall_ns)
{
	const struct xtrail_rec_hdr *h = rec;
	unsigned int type = xt_le16(h->type);
	uint32_t tgid = xt_le32(h->tgid);
	uint64_t ts = xt_le64(h->ts_ns);

	if (len < sizeof(*h) || xt_le16(h->domid) != s->domid ||
	    (xt_le16(h->flags) & XTRAIL_RF_NO_TASK) ||
	    type >= XTRAIL_REC_DOM0_FIRST)
		return XT_TOUCH_NONE;
	if (type == XTRAIL_REC_TTY)
		return in_chain(s, tgid) ||
		       (s->sessionid != XT_ID_UNSET &&
			xt_le32(h->sessionid) == s->sessionid) ?
		       XT_TOUCH_TTY : XT_TOUCH_NONE;
	if (type != XTRAIL_REC_FILE && type != XTRAIL_REC_NET)
		return XT_TOUCH_NONE;
	if (tgid != s->tgid || ts < s->start || ts > s->end)
		return XT_TOUCH_NONE;
	if (s->has_window &&
	    (wall_ns < 0 || wall_ns < s->lo_ns || wall_ns > s->hi_ns))
		return XT_TOUCH_NONE;
	return type == XTRAIL_REC_FILE ? XT_TOUCH_FILE : XT_TOUCH_NET;
}
