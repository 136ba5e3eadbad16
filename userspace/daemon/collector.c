// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A collector's thread (see collector.h): connect, resend from the
 * acknowledged position, send each durable item as it comes, push the
 * window when idle so that everything sent is known acknowledged, save
 * the position, and end when the daemon stops.
 */
#include <errno.h>
#include <signal.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "collector.h"
#include "say.h"

/* The syslog header of every message: facility 13 (log audit), info. */
#define SYSLOG_HDR		"<110>1 - %s xtraild - %s - "
/* Longest wait between two tries to connect. */
#define BACKOFF_MAX_MS		5000u

uint64_t collector_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

/* Wait on r->cv for at most @ms (or a publish). Returns r->stopping. */
static int wait_ms(struct replicate *r, unsigned int ms)
{
	struct timespec ts;
	int stop;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (ms % 1000) * 1000000l;
	if (ts.tv_nsec >= (long)NSEC_PER_SEC) {
		ts.tv_sec++;
		ts.tv_nsec -= NSEC_PER_SEC;
	}
	pthread_mutex_lock(&r->mu);
	if (!r->stopping)
		pthread_cond_timedwait(&r->cv, &r->mu, &ts);
	stop = r->stopping;
	pthread_mutex_unlock(&r->mu);
	return stop;
}

/* Save the state (@durable: the position moved). */
static void save_state(struct collector *c, int durable)
{
	struct f3r_state st;

	pthread_mutex_lock(&c->r->mu);
	c->st.saved_ns = collector_now_ns();
	c->st.connected = !!c->s;
	c->st.sent = c->items;
	c->st.pending = c->cur.items - c->items;
	st = c->st;
	pthread_mutex_unlock(&c->r->mu);
	if (xt_f3r_state_save(c->state_path, &st, durable))
		say(LOG_WARNING, "%s: %s", c->state_path, strerror(errno));
	c->saved_ns = st.saved_ns;
}

/* What the collector acknowledged so far moves the position. */
static void acked(struct collector *c)
{
	uint64_t k = relp_acked(c->s);
	const struct slot *sl = &c->ring[k % (c->r->window + 1)];
	int moved;

	pthread_mutex_lock(&c->r->mu);
	moved = sl->seg != c->st.seg || sl->off != c->st.off;
	c->st.seg = sl->seg;
	c->st.off = sl->off;
	memcpy(c->st.seq_id, c->r->seq_id, F3_ID_LEN);
	pthread_mutex_unlock(&c->r->mu);
	c->items = sl->items;
	if (moved && collector_now_ns() - c->saved_ns >= NSEC_PER_SEC)
		save_state(c, 1);
}

/* Send @len bytes of c->line (after its syslog header); -1: broken. */
static int send_line(struct collector *c, size_t len)
{
	if (relp_send(c->s, c->line, c->hdr_len + len))
		return -1;
	c->need = relp_sent(c->s);
	c->ring[relp_sent(c->s) % (c->r->window + 1)] = c->cur;
	acked(c);
	return 0;
}

/* The syslog header with MSGID @id; the message goes after it. */
static char *msg_start(struct collector *c, const char *id)
{
	c->hdr_len = snprintf(c->line, F3R_LINE_MAX, SYSLOG_HDR,
			      c->r->hostname, id);
	return c->line + c->hdr_len;
}

/* A seal frame's anchor, as its own message. */
static int send_anchor(struct collector *c, const struct f3_item *it)
{
	struct f3_anchor a = { .sealed = 1 };
	struct f3_seal s;
	char *p = msg_start(c, "ANCHOR");

	memcpy(&s, it->data + F3_FRAME_HDR, sizeof(s));
	memcpy(a.seq_id, c->tail.seq_id, F3_ID_LEN);
	a.seq = xt_le64(s.seq);
	memcpy(a.chain, s.chain, F3_HASH);
	a.epoch = xt_le64(s.epoch);
	memcpy(a.mac, s.mac, F3_HASH);
	xt_f3_anchor_format(&a, p, F3R_LINE_MAX - c->hdr_len);
	return send_line(c, strlen(p));
}

static int send_item(struct collector *c, const struct f3_item *it)
{
	char *p = msg_start(c, "F3");
	size_t n;

	n = xt_f3r_format(p, F3R_LINE_MAX - c->hdr_len, c->tail.seq_id,
			  it->seg, it->off, it->data, it->len,
			  it->kind == F3_ITEM_STATE ? it->next_off : 0);
	c->cur.seg = it->next_seg;
	c->cur.off = it->next_off;
	if (it->kind != F3_ITEM_STATE)
		c->cur.items++;
	pthread_mutex_lock(&c->r->mu);
	if (!c->st.behind_ns)
		c->st.behind_ns = collector_now_ns();
	pthread_mutex_unlock(&c->r->mu);
	if (!n || send_line(c, n))
		return -1;
	if (it->kind == F3_ITEM_FRAME && it->frame_type == F3_FRAME_SEAL &&
	    it->len >= F3_FRAME_HDR + sizeof(struct f3_seal))
		return send_anchor(c, it);
	return 0;
}

/* Segments the log no longer holds were skipped: say so to the collector. */
static int send_gap(struct collector *c)
{
	char id[2 * F3_ID_LEN + 1], *p = msg_start(c, "GAP");

	say(LOG_ALERT, "collector %s: segments %" PRIu64 "..%" PRIu64
	    " were deleted before it had them", c->name, c->tail.gap_from,
	    c->tail.gap_to);
	sodium_bin2hex(id, sizeof(id), c->r->seq_id, F3_ID_LEN);
	snprintf(p, F3R_LINE_MAX - c->hdr_len, F3R_GAP_TAG "%s %" PRIu64
		 " %" PRIu64, id, c->tail.gap_from, c->tail.gap_to);
	c->gap_due = 0;
	return send_line(c, strlen(p));
}

/* Idle: push the window until every message that matters is acknowledged. */
static int settle(struct collector *c)
{
	char id[2 * F3_ID_LEN + 1], *p;
	uint64_t before = c->items;

	sodium_bin2hex(id, sizeof(id), c->r->seq_id, F3_ID_LEN);
	while (relp_acked(c->s) < c->need) {
		p = msg_start(c, "TICK");
		snprintf(p, F3R_LINE_MAX - c->hdr_len, F3R_TICK_TAG "%s", id);
		if (relp_send(c->s, c->line, c->hdr_len + strlen(p)))
			return -1;
		c->ring[relp_sent(c->s) % (c->r->window + 1)] = c->cur;
		acked(c);
	}
	pthread_mutex_lock(&c->r->mu);
	c->st.behind_ns = 0;
	pthread_mutex_unlock(&c->r->mu);
	if (c->items != before || !c->saved_ns ||
	    collector_now_ns() - c->saved_ns >= 10 * NSEC_PER_SEC)
		save_state(c, 1);
	return 0;
}

/* Connect, and go back to what the collector acknowledged. 0 or -1. */
static int connect_to(struct collector *c)
{
	char err[256];
	int r;

	c->s = relp_open(&c->o, c->name);
	if (!c->s)
		return -1;
	pthread_mutex_lock(&c->r->mu);
	c->cur.seg = c->st.seg;
	c->cur.off = c->st.off;
	pthread_mutex_unlock(&c->r->mu);
	c->cur.items = c->items;
	c->need = 0;
	c->ring[0] = c->cur;
	c->quiet = 0;
	r = xt_f3_tail_seek(&c->tail, c->cur.seg, c->cur.off, err,
			    sizeof(err));
	if (r < 0) {
		say(LOG_CRIT, "collector %s: its position is not in the log: %s",
		    c->name, err);
		return -1;
	}
	if (r == 2) {
		c->cur.seg = c->tail.gap_to + 1;
		c->cur.off = 0;
		c->gap_due = 1;
	}
	say(LOG_INFO, "collector %s: connected, sending from segment %"
	    PRIu64 " offset %" PRIu64, c->name, c->cur.seg, c->cur.off);
	return 0;
}

static void drop(struct collector *c)
{
	relp_close(c->s);
	c->s = NULL;
	pthread_mutex_lock(&c->r->mu);
	if (!c->st.behind_ns)
		c->st.behind_ns = collector_now_ns();
	pthread_mutex_unlock(&c->r->mu);
	save_state(c, 1);
}

/* Nothing durable left to send. 1 to end (stopping), 0, or -1. */
static int idle(struct collector *c, int stopping)
{
	struct f3_item it;

	if (stopping && xt_f3_tail_state(&c->tail, &it) && send_item(c, &it))
		return -1;
	if (!stopping && !c->quiet) {
		/* Records may follow at once: push the window only when not. */
		c->quiet = 1;
		wait_ms(c->r, 200);
		return 0;
	}
	if (settle(c))
		return -1;
	if (stopping)
		return 1;
	wait_ms(c->r, 1000);
	return 0;
}

/* One step: an item sent, a gap said, or idle. 1 to end, 0, or -1. */
static int step(struct collector *c)
{
	struct f3_tail_limit lim;
	struct f3_item it;
	char err[256];
	int stopping, r;

	pthread_mutex_lock(&c->r->mu);
	lim = c->r->lim;
	stopping = c->r->stopping;
	pthread_mutex_unlock(&c->r->mu);
	if (c->gap_due)
		return send_gap(c);
	/* Stopping, past replicate_timeout: what is left waits for the next start. */
	if (stopping && collector_now_ns() > c->r->stop_by)
		r = 0;
	else
		r = xt_f3_tail_next(&c->tail, &lim, &it, err, sizeof(err));
	if (r == 1) {
		c->quiet = 0;
		return send_item(c, &it);
	}
	if (r == 2) {
		c->cur.seg = c->tail.gap_to + 1;
		c->cur.off = 0;
		c->gap_due = 1;
		return 0;
	}
	if (r < 0) {
		say(LOG_ERR, "collector %s: reading the log: %s", c->name, err);
		wait_ms(c->r, 1000);
		return -1;
	}
	return idle(c, stopping);
}

/* Stopping and not connected: 1 past replicate_timeout, else a pause. */
static int stop_wait(struct collector *c)
{
	struct timespec ts = { 0, 200 * 1000 * 1000 };

	if (collector_now_ns() > c->r->stop_by)
		return 1;
	nanosleep(&ts, NULL);
	return 0;
}

void *collector_main(void *arg)
{
	struct collector *c = arg;
	unsigned int ms;
	sigset_t pipe;
	int r = 0;

	/* A collector gone while we write: EPIPE, not the end of xtraild. */
	sigemptyset(&pipe);
	sigaddset(&pipe, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe, NULL);
	while (r != 1) {
		if (!c->s && connect_to(c)) {
			drop(c);
			pthread_mutex_lock(&c->r->mu);
			r = c->r->stopping;
			pthread_mutex_unlock(&c->r->mu);
			ms = 100u << (c->fails < 6 ? c->fails++ : 6);
			if (r && stop_wait(c))
				break;	/* the rest after the next start */
			if (!r)
				wait_ms(c->r, ms < BACKOFF_MAX_MS ? ms :
					BACKOFF_MAX_MS);
			continue;
		}
		c->fails = 0;
		r = step(c);
		if (r < 0)
			drop(c);
	}
	relp_close(c->s);
	c->s = NULL;
	save_state(c, 1);
	return NULL;
}
