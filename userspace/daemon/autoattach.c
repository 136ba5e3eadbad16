// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xtraild's auto-attach (see autoattach.h).
 *
 * Every watch event leads to the same reconciliation, so that a lost or
 * coalesced event costs nothing: list /local/domain; attach each guest not
 * seen before that has no xtrail device yet; forget guests that are gone
 * and remove their xtrail backend directories (their frontend directory
 * went with /local/domain/DOMID). A guest is attached once per lifetime:
 * one detached with "xtrail detach" stays detached until xtraild restarts.
 * The thread blocks no signal of its own: xtraild starts it with its
 * termination signals blocked, so they keep going to the main loop.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "xtrail_proto.h"
#include "xs_util.h"
#include "autoattach.h"
#include "say.h"
#include "xtrail_genl.h"

#define AA_WORDS	(XTRAIL_DOMID_MAX / 64 + 1)
#define AA_WHO		"xtraild: auto-attach"
/* The digits of XTRAIL_DOMID_MAX: a longer name is no domid. */
#define AA_DOMID_DIGITS	5
_Static_assert(XTRAIL_DOMID_MAX >= 10000 && XTRAIL_DOMID_MAX <= 99999,
	       "AA_DOMID_DIGITS is not the length of XTRAIL_DOMID_MAX");

struct autoattach {
	struct xs_handle *h;
	unsigned int bdom;
	int watch_fd;
	int stop[2];		/* pipe: a byte asks the thread to end */
	pthread_t thread;
	uint64_t live[AA_WORDS];	/* in /local/domain at the last scan */
	uint64_t seen[AA_WORDS];	/* attached, or found with a device */
};

static int bit(const uint64_t *map, unsigned int d)
{
	return (map[d / 64] >> (d % 64)) & 1;
}

static void set_bit(uint64_t *map, unsigned int d)
{
	map[d / 64] |= 1ull << (d % 64);
}

/* A directory entry as a domid: plain decimal, at most XTRAIL_DOMID_MAX. */
static int parse_domid(const char *s, unsigned int *d)
{
	unsigned long n = 0;

	if (!*s || strlen(s) > AA_DOMID_DIGITS)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		n = n * 10 + (*s - '0');
	}
	if (n > XTRAIL_DOMID_MAX)
		return -1;
	*d = n;
	return 0;
}

static void attach_one(struct autoattach *aa, unsigned int domid)
{
	char path[48], *name;
	unsigned int len;
	struct xt_dev d;
	int be, fe;

	xt_xs_dev_init(&d, domid, 0, aa->bdom);
	be = xt_xs_exists(aa->h, XBT_NULL, d.be);
	fe = xt_xs_exists(aa->h, XBT_NULL, d.fe);
	if (be < 0 || fe < 0) {
		say(LOG_WARNING, "auto-attach: reading domain %u: %s",
		    domid, strerror(errno));
		return;
	}
	if (be || fe) {
		/* Attached by someone else (or before a restart). */
		set_bit(aa->seen, domid);
		return;
	}
	if (xt_xs_attach_dev(aa->h, AA_WHO, &d)) {
		say(LOG_WARNING,
		    "auto-attach: could not attach domain %u; trying again at the next domain event",
		    domid);
		return;
	}
	set_bit(aa->seen, domid);
	snprintf(path, sizeof(path), "/local/domain/%u/name", domid);
	name = xs_read(aa->h, XBT_NULL, path, &len);
	say(LOG_INFO, "auto-attach: attached domain %u (%s)", domid,
	    name ? name : "no name");
	free(name);
}

/* Remove the xtrail backend directories of domains that are gone. */
static void reap(struct autoattach *aa)
{
	char dir[64], path[96];
	unsigned int n, i, domid;
	char **ents;

	snprintf(dir, sizeof(dir), "/local/domain/%u/backend/%s", aa->bdom,
		 XTRAIL_DEVICE_TYPE);
	ents = xs_directory(aa->h, XBT_NULL, dir, &n);
	if (!ents)
		return;
	for (i = 0; i < n; i++) {
		if (parse_domid(ents[i], &domid) || bit(aa->live, domid))
			continue;
		snprintf(path, sizeof(path), "%s/%u", dir, domid);
		if (xs_rm(aa->h, XBT_NULL, path))
			say(LOG_INFO,
			    "auto-attach: domain %u is gone: removed %s",
			    domid, path);
		else if (errno != ENOENT)
			say(LOG_WARNING, "auto-attach: removing %s: %s",
			    path, strerror(errno));
	}
	free(ents);
}

static void scan(struct autoattach *aa)
{
	unsigned int n, i, domid;
	char **ents;

	ents = xs_directory(aa->h, XBT_NULL, "/local/domain", &n);
	if (!ents) {
		say(LOG_WARNING, "auto-attach: listing /local/domain: %s",
		    strerror(errno));
		return;
	}
	memset(aa->live, 0, sizeof(aa->live));
	for (i = 0; i < n; i++)
		if (!parse_domid(ents[i], &domid))
			set_bit(aa->live, domid);
	free(ents);
	for (i = 0; i < AA_WORDS; i++)
		aa->seen[i] &= aa->live[i];
	for (domid = 1; domid <= XTRAIL_DOMID_MAX; domid++)
		if (bit(aa->live, domid) && !bit(aa->seen, domid) &&
		    domid != aa->bdom)
			attach_one(aa, domid);
	reap(aa);
}

static void *aa_main(void *arg)
{
	struct autoattach *aa = arg;
	struct pollfd p[2] = {
		{ .fd = aa->watch_fd, .events = POLLIN },
		{ .fd = aa->stop[0], .events = POLLIN },
	};
	char **ev;
	int events;

	for (;;) {
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			say(LOG_ERR, "auto-attach: poll: %s; stopping it",
			    strerror(errno));
			break;
		}
		if (p[1].revents)
			break;
		events = 0;
		while ((ev = xs_check_watch(aa->h))) {
			free(ev);
			events++;
		}
		if (errno != EAGAIN) {
			say(LOG_ERR,
			    "auto-attach: lost xenstore (%s); new guests are no longer attached",
			    strerror(errno));
			break;
		}
		if (events)
			scan(aa);
	}
	return NULL;
}

struct autoattach *autoattach_start(unsigned int bdom)
{
	struct autoattach *aa = calloc(1, sizeof(*aa));
	int e;

	if (!aa) {
		say(LOG_ERR, "auto-attach: %s", strerror(errno));
		return NULL;
	}
	aa->bdom = bdom;
	aa->stop[0] = aa->stop[1] = -1;
	aa->h = xs_open(0);
	if (!aa->h) {
		say(LOG_WARNING,
		    "auto-attach off: cannot connect to xenstore: %s (is xenstored running? --no-auto-attach turns this off)",
		    strerror(errno));
		goto fail;
	}
	/* Each watch fires once at once: the first scan. */
	if (!xs_watch(aa->h, "@introduceDomain", "introduce") ||
	    !xs_watch(aa->h, "@releaseDomain", "release")) {
		say(LOG_WARNING, "auto-attach off: watching domains: %s",
		    strerror(errno));
		goto fail;
	}
	aa->watch_fd = xs_fileno(aa->h);
	if (aa->watch_fd < 0 || pipe2(aa->stop, O_CLOEXEC)) {
		say(LOG_WARNING, "auto-attach off: %s", strerror(errno));
		goto fail;
	}
	e = pthread_create(&aa->thread, NULL, aa_main, aa);
	if (e) {
		say(LOG_WARNING, "auto-attach off: thread: %s", strerror(e));
		goto fail;
	}
	say(LOG_INFO, "auto-attach: watching for new domains");
	return aa;
fail:
	if (aa->stop[0] >= 0) {
		close(aa->stop[0]);
		close(aa->stop[1]);
	}
	if (aa->h)
		xs_close(aa->h);
	free(aa);
	return NULL;
}

void autoattach_stop(struct autoattach *aa)
{
	char c = 0;

	if (!aa)
		return;
	if (write(aa->stop[1], &c, 1) != 1)
		say(LOG_WARNING, "auto-attach: stopping: %s",
		    strerror(errno));
	pthread_join(aa->thread, NULL);
	close(aa->stop[0]);
	close(aa->stop[1]);
	xs_close(aa->h);
	free(aa);
}
