// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * F3 replication's messages, unpacking a replica, and the per-collector
 * state file (see f3_replica.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "f3_io.h"
#include "f3_replica.h"
#include "f3_tail.h"

#define STATE_MAGIC	"xtrail-relp-v1"

size_t xt_f3r_format(char *buf, size_t size, const uint8_t *seq_id,
		     uint64_t seg, uint64_t off, const void *data,
		     uint32_t len, uint64_t end)
{
	size_t n64;
	char id[2 * F3_ID_LEN + 1];
	int n;

	sodium_bin2hex(id, sizeof(id), seq_id, F3_ID_LEN);
	n = snprintf(buf, size, F3R_TAG "%s %" PRIu64 " %" PRIu64 " ", id, seg,
		     off);
	if (n < 0 || (size_t)n >= size ||
	    sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL) >
	    size - n)
		return 0;
	sodium_bin2base64(buf + n, size - n, data, len,
			  sodium_base64_VARIANT_ORIGINAL);
	n64 = n + strlen(buf + n);
	if (end) {
		n = snprintf(buf + n64, size - n64, " %" PRIu64, end);
		if (n < 0 || (size_t)n >= size - n64)
			return 0;
		n64 += n;
	}
	return n64;
}

static int hex_id(uint8_t *id, const char *s)
{
	size_t bin = 0;
	const char *end;

	return sodium_hex2bin(id, F3_ID_LEN, s, 2 * F3_ID_LEN, NULL, &bin,
			      &end) || bin != F3_ID_LEN || *end != ' ' ? -1 : 0;
}

/* "SEQID N M" at @s, then @rest after one space (or the end). */
static int id_two(const char *s, struct f3r_line *l, const char **rest)
{
	char *end;

	if (hex_id(l->seq_id, s))
		return -1;
	s += 2 * F3_ID_LEN + 1;
	if (*s < '0' || *s > '9')
		return -1;
	l->seg = strtoull(s, &end, 10);
	if (*end != ' ' || end[1] < '0' || end[1] > '9')
		return -1;
	l->off = strtoull(end + 1, &end, 10);
	if (*end && *end != ' ' && *end != '\n' && *end != '\r')
		return -1;
	*rest = *end == ' ' ? end + 1 : end;
	return 0;
}

static enum f3r_kind parse_item(const char *s, struct f3r_line *l,
				uint8_t *buf, size_t size)
{
	const char *b64, *end;
	size_t bin = 0, n;

	if (id_two(s, l, &b64))
		return F3R_BAD;
	n = strcspn(b64, " \r\n");
	if (!n || sodium_base642bin(buf, size, b64, n, NULL, &bin, &end,
				    sodium_base64_VARIANT_ORIGINAL) ||
	    end != b64 + n || !bin)
		return F3R_BAD;
	l->data = buf;
	l->len = bin;
	b64 += n;
	if (*b64 == ' ' && b64[1] >= '0' && b64[1] <= '9') {
		l->end = strtoull(b64 + 1, (char **)&end, 10);
		if (*end && *end != '\n' && *end != '\r')
			return F3R_BAD;
	}
	return F3R_ITEM;
}

enum f3r_kind xt_f3r_parse(char *line, struct f3r_line *l, uint8_t *buf,
			   size_t size)
{
	const char *rest;
	char *s;

	memset(l, 0, sizeof(*l));
	s = strstr(line, "xtrail-");
	if (!s)
		return F3R_NONE;
	l->text = s;
	if (!strncmp(s, F3R_TAG, strlen(F3R_TAG)))
		return parse_item(s + strlen(F3R_TAG), l, buf, size);
	if (!strncmp(s, F3R_ANCHOR_TAG, strlen(F3R_ANCHOR_TAG)))
		return F3R_ANCHOR;
	if (!strncmp(s, F3R_GAP_TAG, strlen(F3R_GAP_TAG)))
		return id_two(s + strlen(F3R_GAP_TAG), l, &rest) ? F3R_BAD :
								   F3R_GAP;
	if (!strncmp(s, F3R_TICK_TAG, strlen(F3R_TICK_TAG)))
		return F3R_TICK;
	return F3R_NONE;
}

static int unpack_fail(struct f3r_unpack *u, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int unpack_fail(struct f3r_unpack *u, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(u->why, sizeof(u->why), fmt, ap);
	va_end(ap);
	return -1;
}

/* Append @l's bytes; a header starts segment l->seg there. */
static int unpack_append(struct f3r_unpack *u, const struct f3r_line *l)
{
	struct f3r_seg *segs;

	if (!l->off) {
		if (u->nseg && !u->segs[u->nseg - 1].closed)
			return unpack_fail(u, "items missing: segment %" PRIu64
					   " starts, but the end of segment %"
					   PRIu64 " (offset %" PRIu64
					   " received) never came", l->seg,
					   u->seg, u->seg_end);
		segs = realloc(u->segs, (u->nseg + 1) * sizeof(*segs));
		if (!segs)
			return unpack_fail(u, "%s", strerror(errno));
		u->segs = segs;
		segs[u->nseg].at = u->size;
		segs[u->nseg].closed = 0;
		segs[u->nseg++].end = 0;
		u->seg = l->seg;
		u->seg_end = 0;
	}
	if (xt_f3_pwrite_all(u->fd, l->data, l->len, u->size))
		return unpack_fail(u, "writing: %s", strerror(errno));
	u->size += l->len;
	u->seg_end += l->len;
	u->segs[u->nseg - 1].end = u->seg_end;
	u->items++;
	return 0;
}

/* A copy of an item already written: the same bytes (a header's state aside). */
static int unpack_dup(struct f3r_unpack *u, const struct f3r_line *l)
{
	uint64_t at = u->segs[l->seg - u->first_seg].at + l->off;
	uint32_t cmp = l->off ? l->len : F3_STATE_OFF;
	uint8_t *old;
	int same;

	if (l->off + l->len > (l->seg == u->seg ? u->seg_end : UINT64_MAX))
		return unpack_fail(u, "segment %" PRIu64 " offset %" PRIu64
				   ": an item across what was received",
				   l->seg, l->off);
	old = malloc(l->len);
	if (!old)
		return unpack_fail(u, "%s", strerror(errno));
	same = pread(u->fd, old, l->len, at) == (ssize_t)l->len &&
	       !memcmp(old, l->data, cmp);
	free(old);
	if (!same)
		return unpack_fail(u, "segment %" PRIu64 " offset %" PRIu64
				   ": two different items at one place (the host's log was rewritten there)",
				   l->seg, l->off);
	u->dups++;
	return 0;
}

/* A segment's final state word, and where the segment ends. */
static int unpack_state(struct f3r_unpack *u, const struct f3r_line *l)
{
	struct f3r_seg *sg = &u->segs[l->seg - u->first_seg];

	if (l->end && l->end != sg->end)
		return unpack_fail(u, "items missing: segment %" PRIu64
				   " ends at offset %" PRIu64
				   " but the replica holds it up to %" PRIu64,
				   l->seg, l->end, sg->end);
	if (xt_f3_pwrite_all(u->fd, l->data, 4, sg->at + F3_STATE_OFF))
		return unpack_fail(u, "writing: %s", strerror(errno));
	sg->closed |= !!l->end;
	u->states++;
	return 0;
}

int xt_f3r_unpack_item(struct f3r_unpack *u, const struct f3r_line *l)
{
	if (!u->started) {
		if (l->off)
			return unpack_fail(u, "the replica starts inside segment %" PRIu64
					   " (offset %" PRIu64 ")", l->seg, l->off);
		memcpy(u->seq_id, l->seq_id, F3_ID_LEN);
		u->first_seg = l->seg;
		u->started = 1;
		return unpack_append(u, l);
	}
	if (memcmp(u->seq_id, l->seq_id, F3_ID_LEN))
		return unpack_fail(u, "an item of another log (sequence id differs)");
	if (l->seg < u->first_seg)
		return 0;	/* before where the replica starts */
	if (l->off == F3_STATE_OFF && l->len == 4 && l->seg <= u->seg)
		return unpack_state(u, l);
	if (xt_f3_pos_before(l->seg, l->off, u->seg, u->seg_end))
		return unpack_dup(u, l);
	if ((l->seg == u->seg && l->off == u->seg_end) ||
	    (l->seg == u->seg + 1 && !l->off))
		return unpack_append(u, l);
	return unpack_fail(u, "items missing: after segment %" PRIu64
			   " offset %" PRIu64 " comes segment %" PRIu64
			   " offset %" PRIu64, u->seg, u->seg_end, l->seg,
			   l->off);
}

void xt_f3r_unpack_free(struct f3r_unpack *u)
{
	free(u->segs);
	u->segs = NULL;
	u->nseg = 0;
}

int xt_f3r_state_load(const char *path, struct f3r_state *s, char *err,
		      size_t errlen)
{
	char line[256], magic[32], id[64];
	int connected;
	FILE *f;

	memset(s, 0, sizeof(*s));
	f = fopen(path, "re");
	if (!f) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (!fgets(line, sizeof(line), f))
		line[0] = 0;
	fclose(f);
	strcat(line, " ");
	if (sscanf(line, "%31s %63s %" SCNu64 " %" SCNu64 " %" SCNu64 " %"
		   SCNu64 " %" SCNu64 " %" SCNu64 " %d", magic, id, &s->seg,
		   &s->off, &s->sent, &s->pending, &s->behind_ns,
		   &s->saved_ns, &connected) != 9 ||
	    strcmp(magic, STATE_MAGIC) || strlen(id) != 2 * F3_ID_LEN ||
	    hex_id(s->seq_id, strcat(id, " "))) {
		snprintf(err, errlen, "%s: not a replication state file", path);
		return -1;
	}
	s->connected = connected;
	return 1;
}

int xt_f3r_state_save(const char *path, const struct f3r_state *s,
		      int durable)
{
	char *tmp = NULL, buf[256], id[2 * F3_ID_LEN + 1];
	int fd, n, e;

	if (asprintf(&tmp, "%s.tmp", path) < 0)
		return -1;
	sodium_bin2hex(id, sizeof(id), s->seq_id, F3_ID_LEN);
	n = snprintf(buf, sizeof(buf), STATE_MAGIC " %s %" PRIu64 " %" PRIu64
		     " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %d\n",
		     id, s->seg, s->off, s->sent, s->pending, s->behind_ns,
		     s->saved_ns, s->connected);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		goto fail;
	if (write(fd, buf, n) != n || (durable && fsync(fd))) {
		e = errno;
		close(fd);
		errno = e ? e : EIO;
		goto fail;
	}
	if (close(fd) || rename(tmp, path) ||
	    (durable && xt_f3_sync_parent_dir(path)))
		goto fail;
	free(tmp);
	return 0;
fail:
	e = errno;
	unlink(tmp);
	free(tmp);
	errno = e;
	return -1;
}
