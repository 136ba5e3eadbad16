// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xtrail status's replication part (see repl_status.h): the lag in frames
 * is counted by following the log from the collector's position
 * (f3_tail.h) to its end; the lag in seconds is since when xtraild found
 * the collector behind (its state file).
 */
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <json.h>

#include "f3_replica.h"
#include "f3_tail.h"
#include "record_json.h"
#include "repl_status.h"

struct lag {
	uint64_t frames;
	uint64_t seconds;
	int counted;
};

/* The live file's first segment and size, as the tail's limit. */
static int live_limit(const char *log, struct f3_tail_limit *lim)
{
	struct f3_seg_hdr h;
	struct stat st;
	int fd = open(log, O_RDONLY | O_CLOEXEC), ok;

	if (fd < 0)
		return -1;
	ok = !fstat(fd, &st) && pread(fd, &h, sizeof(h), 0) == sizeof(h);
	close(fd);
	if (!ok)
		return -1;
	lim->live_first = xt_le64(h.segment_no);
	lim->live_durable = st.st_size;
	return 0;
}

static void lag_of(const char *log, const struct f3r_state *s, struct lag *l)
{
	struct f3_tail_limit lim;
	struct f3_item it;
	struct f3_tail t;
	struct timespec now;
	char err[256];
	int rc;

	clock_gettime(CLOCK_REALTIME, &now);
	l->seconds = s->behind_ns ?
		     ((uint64_t)now.tv_sec * 1000000000ull + now.tv_nsec -
		      s->behind_ns) / 1000000000ull : 0;
	if (live_limit(log, &lim) || xt_f3_tail_init(&t, log))
		return;
	rc = xt_f3_tail_seek(&t, s->seg, s->off, err, sizeof(err));
	if (rc == 0 || rc == 2) {
		while ((rc = xt_f3_tail_next(&t, &lim, &it, err,
					     sizeof(err))) > 0)
			l->frames += rc == 1 && it.kind == F3_ITEM_FRAME;
		l->counted = !rc;
	}
	xt_f3_tail_uninit(&t);
}

static void print_one(const char *name, const struct f3r_state *s,
		      const struct lag *l)
{
	char frames[32];

	if (l->counted)
		snprintf(frames, sizeof(frames), "%" PRIu64, l->frames);
	else
		snprintf(frames, sizeof(frames), "?");
	printf("replication to %s: %s, lag %s frames, %" PRIu64
	       " s; acknowledged up to segment %" PRIu64 " offset %" PRIu64
	       ", %" PRIu64 " items since xtraild started\n", name,
	       s->connected ? "connected" : "not connected", frames,
	       l->seconds, s->seg, s->off, s->sent);
}

static struct json_object *json_one(const char *name,
				    const struct f3r_state *s,
				    const struct lag *l)
{
	struct json_object *o = json_object_new_object();

	if (!o)
		return NULL;
	json_object_object_add(o, "collector", json_object_new_string(name));
	json_object_object_add(o, "connected",
			       json_object_new_boolean(s->connected));
	if (l->counted)
		json_object_object_add(o, "lag_frames",
				       json_object_new_uint64(l->frames));
	json_object_object_add(o, "lag_seconds",
			       json_object_new_uint64(l->seconds));
	json_object_object_add(o, "segment", json_object_new_uint64(s->seg));
	json_object_object_add(o, "offset", json_object_new_uint64(s->off));
	json_object_object_add(o, "sent", json_object_new_uint64(s->sent));
	return o;
}

int repl_status(const char *cmd, const char *log, int json)
{
	struct json_object *a = json ? json_object_new_array() : NULL;
	char *pat = NULL, err[256], *line;
	struct f3r_state s;
	struct lag l;
	glob_t g = { 0 };
	size_t i, pl;
	int ret = 0;

	if (asprintf(&pat, "%s.relp.*", log) < 0)
		return -1;
	pl = strlen(pat) - 1;
	if (glob(pat, 0, NULL, &g) == 0) {
		for (i = 0; i < g.gl_pathc; i++) {
			if (strstr(g.gl_pathv[i] + pl, ".tmp"))
				continue;
			if (xt_f3r_state_load(g.gl_pathv[i], &s, err,
					      sizeof(err)) != 1) {
				fprintf(stderr, "%s: %s\n", cmd, err);
				ret = -1;
				continue;
			}
			memset(&l, 0, sizeof(l));
			lag_of(log, &s, &l);
			if (a)
				json_object_array_add(a, json_one(g.gl_pathv[i] + pl,
								  &s, &l));
			else
				print_one(g.gl_pathv[i] + pl, &s, &l);
		}
	}
	globfree(&g);
	free(pat);
	if (a) {
		line = xt_json_line(a);
		if (line)
			puts(line);
		free(line);
		json_object_put(a);
	}
	return ret;
}
