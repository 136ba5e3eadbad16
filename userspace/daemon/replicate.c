// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xtraild's replication (see replicate.h): the collectors of the
 * settings and their state files, their threads (collector.c), what the
 * main thread publishes to them, and retention's question.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "collector.h"
#include "replicate.h"
#include "say.h"

/* "host:port" (or "[v6]:port") into @c->o, its name "host_port". */
static int parse_collector(struct collector *c, const char *spec)
{
	const char *colon = strrchr(spec, ':');
	size_t hl;

	if (!colon || colon == spec || !colon[1]) {
		say(LOG_ERR, "replicate_to: '%s' is not HOST:PORT", spec);
		return -1;
	}
	hl = colon - spec;
	if (spec[0] == '[' && hl > 2 && spec[hl - 1] == ']') {
		spec++;
		hl -= 2;
	}
	c->o.host = strndup(spec, hl);
	c->o.port = strdup(colon + 1);
	if (!c->o.host || !c->o.port ||
	    asprintf(&c->name, "%s_%s", c->o.host, c->o.port) < 0)
		return -1;
	return 0;
}

/* The collector @spec: its settings and its state file. */
static int collector_init(struct replicate *r, struct collector *c,
			  const char *spec)
{
	char err[256];

	c->r = r;
	if (parse_collector(c, spec) ||
	    asprintf(&c->state_path, "%s.relp.%s", r->out_path, c->name) < 0)
		return -1;
	c->o.tls = r->c->replicate_tls;
	c->o.ca = r->c->replicate_ca;
	c->o.cert = r->c->replicate_cert;
	c->o.key = r->c->replicate_key;
	c->o.peer = r->c->replicate_peer;
	c->o.window = r->window;
	c->o.timeout = r->c->replicate_timeout ? r->c->replicate_timeout : 1;
	if (xt_f3r_state_load(c->state_path, &c->st, err, sizeof(err)) < 0) {
		say(LOG_ERR, "%s", err);
		return -1;
	}
	c->ring = calloc(r->window + 1, sizeof(*c->ring));
	c->line = malloc(F3R_LINE_MAX);
	if (!c->ring || !c->line || xt_f3_tail_init(&c->tail, r->out_path))
		return -1;
	return 0;
}

static void collector_free(struct collector *c)
{
	xt_f3_tail_uninit(&c->tail);
	free((char *)c->o.host);
	free((char *)c->o.port);
	free(c->name);
	free(c->state_path);
	free(c->ring);
	free(c->line);
}

static int collectors_init(struct replicate *r, const char *list)
{
	char *dup = strdup(list), *save = NULL, *spec;
	int ret = 0;

	if (!dup)
		return -1;
	for (spec = strtok_r(dup, ", ", &save); spec && !ret;
	     spec = strtok_r(NULL, ", ", &save)) {
		r->col = realloc(r->col, (r->n + 1) * sizeof(*r->col));
		if (!r->col) {
			ret = -1;
			break;
		}
		memset(&r->col[r->n], 0, sizeof(*r->col));
		ret = collector_init(r, &r->col[r->n++], spec);
	}
	free(dup);
	return ret;
}

int replicate_init(struct xtraild *d)
{
	const struct xtraild_conf *c = &d->c;
	struct replicate *r;

	if (!c->replicate_to || !*c->replicate_to)
		return 0;
	if (c->replicate_tls && (!c->replicate_ca || !c->replicate_cert ||
				 !c->replicate_key)) {
		say(LOG_ERR, "replicate_to needs replicate_ca, replicate_cert and replicate_key (or replicate_tls = no)");
		return -1;
	}
	if (relp_load())
		return -1;
	r = calloc(1, sizeof(*r));
	if (!r)
		return -1;
	d->repl = r;
	pthread_mutex_init(&r->mu, NULL);
	pthread_cond_init(&r->cv, NULL);
	r->c = c;
	r->out_path = c->output;
	r->window = c->replicate_window < 2 ? 2 : c->replicate_window;
	if (c->replicate_hostname)
		snprintf(r->hostname, sizeof(r->hostname), "%s",
			 c->replicate_hostname);
	else if (gethostname(r->hostname, sizeof(r->hostname)))
		strcpy(r->hostname, "-");
	if (collectors_init(r, c->replicate_to)) {
		say(LOG_ERR, "replication: %s", strerror(errno ? errno : EINVAL));
		replicate_uninit(d);
		return -1;
	}
	return 0;
}

int replicate_start(struct xtraild *d)
{
	struct replicate *r = d->repl;
	struct collector *c;
	size_t i;

	if (!r)
		return 0;
	memcpy(r->seq_id, d->w.seq_id, F3_ID_LEN);
	replicate_publish(d);
	for (i = 0; i < r->n; i++) {
		c = &r->col[i];
		if (memcmp(c->st.seq_id, r->seq_id, F3_ID_LEN)) {
			/* Another log (or none yet): from its start. */
			memset(&c->st, 0, sizeof(c->st));
			memcpy(c->st.seq_id, r->seq_id, F3_ID_LEN);
		}
		if (pthread_create(&c->th, NULL, collector_main, c)) {
			say(LOG_ERR, "collector %s: no thread: %s", c->name,
			    strerror(errno));
			return -1;
		}
		c->started = 1;
		say(LOG_INFO, "replicating to %s:%s (%s)", c->o.host,
		    c->o.port, c->o.tls ? "TLS" : "NO TLS");
	}
	return 0;
}

void replicate_publish(struct xtraild *d)
{
	struct replicate *r = d->repl;

	if (!r)
		return;
	pthread_mutex_lock(&r->mu);
	r->lim.live_first = d->w.file_first_segment;
	r->lim.live_durable = d->w.durable;
	pthread_cond_broadcast(&r->cv);
	pthread_mutex_unlock(&r->mu);
}

/* The first collector that lacks segments before @next, or NULL. */
static struct collector *lacking(struct replicate *r, uint64_t next)
{
	struct collector *c = NULL;
	size_t i;

	pthread_mutex_lock(&r->mu);
	for (i = 0; i < r->n && !c; i++)
		if (r->col[i].st.seg < next ||
		    memcmp(r->col[i].st.seq_id, r->seq_id, F3_ID_LEN))
			c = &r->col[i];
	pthread_mutex_unlock(&r->mu);
	return c;
}

int replicate_retention(struct xtraild *d, const char *name, uint64_t first,
			uint64_t next)
{
	struct replicate *r = d->repl;
	struct collector *c;

	if (!r)
		return 1;
	memcpy(r->seq_id, d->w.seq_id, F3_ID_LEN);
	c = lacking(r, next);
	if (!c)
		return 1;
	if (d->c.replication_backlog_action == BACKLOG_DELETE)
		return 2;
	if (r->alarmed != first + 1)
		say(LOG_ALERT, "%s (segments %" PRIu64 "..%" PRIu64
		    "): not deleted by retention: collector %s has not got it yet (replication_backlog_action keep)",
		    name, first, next - 1, c->name);
	r->alarmed = first + 1;
	return 0;
}

void replicate_deleted(struct xtraild *d, const char *name, uint64_t first,
		       uint64_t next)
{
	struct f3_mark m = {
		.kind = xt_cpu32(F3_MARK_UNREPLICATED),
		.segment_no = xt_cpu64(first),
		.durable_seq = xt_cpu64(d->w.next_seq),
		.lost = xt_cpu64(next - first),
		.action = "delete",
	};

	m.time_ns = xt_cpu64(collector_now_ns());
	say(LOG_ALERT, "%s (segments %" PRIu64 "..%" PRIu64
	    "): deleted by retention before every collector had it (replication_backlog_action delete); marker written",
	    name, first, next - 1);
	if (xt_f3_writer_mark(&d->w, &m))
		say(LOG_CRIT, "%s: writing the marker: %s", d->out_path,
		    strerror(errno));
}

void replicate_uninit(struct xtraild *d)
{
	struct replicate *r = d->repl;
	size_t i;

	if (!r)
		return;
	replicate_publish(d);
	pthread_mutex_lock(&r->mu);
	r->stopping = 1;
	r->stop_by = collector_now_ns() +
		     (uint64_t)r->c->replicate_timeout * NSEC_PER_SEC;
	pthread_cond_broadcast(&r->cv);
	pthread_mutex_unlock(&r->mu);
	for (i = 0; i < r->n; i++) {
		if (r->col[i].started)
			pthread_join(r->col[i].th, NULL);
		collector_free(&r->col[i]);
	}
	free(r->col);
	pthread_cond_destroy(&r->cv);
	pthread_mutex_destroy(&r->mu);
	free(r);
	d->repl = NULL;
}
