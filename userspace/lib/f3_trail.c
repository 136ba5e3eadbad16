// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A trail of anchors read from a collector's file (see f3_trail.h).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>


#include "f3_trail.h"

#define TRAIL_TAG	"xtrail-anchor-v1 "

static int by_epoch(const void *x, const void *y)
{
	const struct f3_anchor *a = x, *b = y;

	return a->epoch < b->epoch ? -1 : a->epoch > b->epoch;
}

static int same(const struct f3_anchor *a, const struct f3_anchor *b)
{
	return a->seq == b->seq && !memcmp(a->chain, b->chain, F3_HASH) &&
	       !memcmp(a->mac, b->mac, F3_HASH);
}

/* Sort, keep each epoch once; two different anchors of one epoch fail. */
static int trail_dedup(struct f3_trail *t, char *err, size_t errlen)
{
	size_t i, k = 0;

	qsort(t->a, t->n, sizeof(*t->a), by_epoch);
	for (i = 0; i < t->n; i++) {
		if (k && t->a[k - 1].epoch == t->a[i].epoch) {
			if (same(&t->a[k - 1], &t->a[i]))
				continue;
			snprintf(err, errlen, "the trail holds two different anchors of seal %"
				 PRIu64 " (sequence %" PRIu64 " and %" PRIu64
				 "): the host sealed that epoch twice (re-sealed)",
				 t->a[i].epoch, t->a[k - 1].seq, t->a[i].seq);
			return -1;
		}
		t->a[k++] = t->a[i];
	}
	t->n = k;
	return 0;
}

/* Add the anchor of @s (the tag's start) at line @ln. */
static int trail_add(struct f3_trail *t, const char *s, uint64_t ln,
		     char *err, size_t errlen)
{
	struct f3_anchor a, *na;

	if (xt_f3_anchor_parse(&a, s) || !a.sealed) {
		snprintf(err, errlen, "line %" PRIu64 ": not a seal's anchor",
			 ln);
		return -1;
	}
	if (t->n && memcmp(t->a[0].seq_id, a.seq_id, F3_ID_LEN)) {
		snprintf(err, errlen, "line %" PRIu64
			 ": an anchor of another log (sequence id differs)",
			 ln);
		return -1;
	}
	na = realloc(t->a, (t->n + 1) * sizeof(*na));
	if (!na) {
		snprintf(err, errlen, "%s", strerror(errno));
		return -1;
	}
	t->a = na;
	t->a[t->n++] = a;
	return 0;
}

int xt_f3_trail_load(struct f3_trail *t, FILE *f, char *err, size_t errlen)
{
	uint64_t ln = 0;
	size_t cap = 0;
	char *line = NULL, *s;
	int ret = 0;

	memset(t, 0, sizeof(*t));
	while (!ret && getline(&line, &cap, f) >= 0) {
		ln++;
		s = strstr(line, TRAIL_TAG);
		if (s)
			ret = trail_add(t, s, ln, err, errlen);
	}
	free(line);
	if (!ret && !t->n) {
		snprintf(err, errlen, "no anchor in it");
		ret = -1;
	}
	if (!ret)
		ret = trail_dedup(t, err, errlen);
	if (ret)
		xt_f3_trail_free(t);
	return ret;
}

const struct f3_anchor *xt_f3_trail_find(const struct f3_trail *t,
					 uint64_t epoch)
{
	struct f3_anchor key = { .epoch = epoch };

	return bsearch(&key, t->a, t->n, sizeof(*t->a), by_epoch);
}

void xt_f3_trail_free(struct f3_trail *t)
{
	free(t->a);
	t->a = NULL;
	t->n = 0;
}
