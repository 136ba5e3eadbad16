// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Following an F3 log item by item (see f3_tail.h): finding the file that
 * holds a segment, walking its items by their lengths, and the state word
 * of a segment once it is final.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crc32c.h"
#include "f3_files.h"
#include "f3_tail.h"

int xt_f3_tail_init(struct f3_tail *t, const char *path)
{
	memset(t, 0, sizeof(*t));
	t->fd = -1;
	t->path = strdup(path);
	t->buf = malloc(F3_FRAME_MAX);
	return t->path && t->buf ? 0 : -1;
}

void xt_f3_tail_uninit(struct f3_tail *t)
{
	if (t->fd >= 0)
		close(t->fd);
	t->fd = -1;
	free(t->path);
	free(t->buf);
	t->path = NULL;
	t->buf = NULL;
}

/* Read exactly @n bytes at @off: 0, 1 if the file is shorter, -1 (errno). */
static int read_at(int fd, void *buf, size_t n, uint64_t off)
{
	ssize_t r;
	size_t got = 0;

	while (got < n) {
		r = pread(fd, (uint8_t *)buf + got, n - got, off + got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (!r)
			return 1;
		got += r;
	}
	return 0;
}

/* The segment number of the header at the start of @fd: 0, or -1. */
static int first_segment_of(int fd, uint64_t *first)
{
	struct f3_seg_hdr h;

	if (read_at(fd, &h, sizeof(h), 0) ||
	    memcmp(h.magic, F3_MAGIC, F3_MAGIC_LEN))
		return -1;
	*first = xt_le64(h.segment_no);
	return 0;
}

/* N of "<path>.<N>" (the name of a rotated file). */
static uint64_t rotated_number(const char *name)
{
	const char *dot = strrchr(name, '.');

	return dot ? strtoull(dot + 1, NULL, 10) : 0;
}

/* Make @fd (first segment @first) the file read from its start. */
static void use_file(struct f3_tail *t, int fd, uint64_t first)
{
	if (t->fd >= 0)
		close(t->fd);
	t->fd = fd;
	t->file_first = first;
	t->file_off = 0;
	t->in_seg = 0;
	t->state_sent = 0;
}

/*
 * Open the file holding segment @seg (the newest whose first segment is
 * at most @seg). 0, 1 when there is no file, 2 when every file starts
 * after @seg (the earliest is used: t->gap_*), -1 with errno.
 */
static int open_for(struct f3_tail *t, uint64_t seg)
{
	uint64_t first, lfirst = 0, earliest = UINT64_MAX;
	int fd, lfd, best = -1, ret = 0;
	char **names;
	size_t n, i;

	if (xt_f3_rotated_files(t->path, &names, &n))
		return -1;
	for (i = 0; i < n; i++) {
		first = rotated_number(names[i]);
		if (first < earliest)
			earliest = first;
		if (first <= seg)
			best = i;
	}
	lfd = open(t->path, O_RDONLY | O_CLOEXEC);
	if (lfd >= 0 && first_segment_of(lfd, &lfirst)) {
		close(lfd);
		lfd = -1;
	}
	if (lfd >= 0 && lfirst < earliest)
		earliest = lfirst;
	if (lfd >= 0 && (lfirst <= seg || (best < 0 && !n))) {
		if (lfirst > seg)
			ret = 2;
		use_file(t, lfd, lfirst);
		lfd = -1;
	} else if (best >= 0 || n) {
		if (best < 0)
			ret = 2;
		i = best < 0 ? 0 : (size_t)best;
		fd = open(names[i], O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			ret = -1;
		else
			use_file(t, fd, rotated_number(names[i]));
	} else {
		ret = 1;
	}
	if (lfd >= 0)
		close(lfd);
	xt_f3_free_names(names);
	if (ret == 2) {
		t->gap_from = seg;
		t->gap_to = earliest - 1;
	}
	return ret;
}

/*
 * The item at t->file_off, within @limit bytes of the file: its length
 * and, for a header, its segment number. 0, 1 when it is not (wholly)
 * there, -1 when it is not an item (@err).
 */
static int peek(struct f3_tail *t, uint64_t limit, int *header,
		uint32_t *len, uint64_t *segno, char *err, size_t errlen)
{
	struct f3_frame_hdr fh;
	struct f3_seg_hdr h;
	int r;

	if (t->file_off + F3_FRAME_HDR > limit)
		return 1;
	r = read_at(t->fd, &fh, sizeof(fh), t->file_off);
	if (r)
		return r < 0 ? (snprintf(err, errlen, "%s", strerror(errno)),
				-1) : 1;
	*header = !memcmp(&fh, F3_MAGIC, F3_MAGIC_LEN);
	if (*header) {
		if (t->file_off + F3_HDR_SIZE > limit)
			return 1;
		if (read_at(t->fd, &h, sizeof(h), t->file_off))
			return 1;
		*len = F3_HDR_SIZE;
		*segno = xt_le64(h.segment_no);
		return 0;
	}
	*len = xt_le32(fh.len);
	if (*len < F3_FRAME_HDR || *len % 8 || *len > F3_FRAME_MAX) {
		snprintf(err, errlen, "file of segment %" PRIu64
			 ", offset %" PRIu64 ": not an item (length %" PRIu32
			 ")", t->file_first, t->file_off, *len);
		return -1;
	}
	return t->file_off + *len > limit ? 1 : 0;
}

/* The place of the item at t->file_off (a header's: @segno, 0). */
static void next_key(const struct f3_tail *t, int header, uint64_t segno,
		     uint64_t *s, uint64_t *o)
{
	*s = header ? segno : t->seg;
	*o = header ? 0 : t->file_off - t->seg_file_off;
}

static void enter_segment(struct f3_tail *t, uint64_t segno)
{
	t->seg = segno;
	t->seg_file_off = t->file_off;
	t->in_seg = 1;
	t->state_sent = 0;
}

/* Walk the open file to the place (@seg, @off). */
static int walk_to(struct f3_tail *t, uint64_t seg, uint64_t off, char *err,
		   size_t errlen)
{
	uint64_t s, o, segno = 0;
	struct stat st;
	uint32_t len;
	int header, r;

	if (fstat(t->fd, &st)) {
		snprintf(err, errlen, "%s", strerror(errno));
		return -1;
	}
	for (;;) {
		r = peek(t, st.st_size, &header, &len, &segno, err, errlen);
		if (r < 0)
			return -1;
		if (r) {
			/* The end of what is there: the end of t->seg. */
			if (t->in_seg && t->seg == seg &&
			    t->file_off - t->seg_file_off == off)
				return 0;
			break;
		}
		/* The end of t->seg is the place of the next header too. */
		if (header && t->in_seg && seg == t->seg &&
		    off == t->file_off - t->seg_file_off)
			return 0;
		next_key(t, header, segno, &s, &o);
		if (s == seg && o == off)
			return 0;
		if (!xt_f3_pos_before(s, o, seg, off)) {
			snprintf(err, errlen, "segment %" PRIu64 " offset %"
				 PRIu64 " is not the start of an item", seg,
				 off);
			return -1;
		}
		if (header)
			enter_segment(t, segno);
		t->file_off += len;
	}
	snprintf(err, errlen, "the log ends before segment %" PRIu64
		 " offset %" PRIu64 " (it was cut back or replaced)", seg, off);
	return -1;
}

int xt_f3_tail_seek(struct f3_tail *t, uint64_t seg, uint64_t off,
		    char *err, size_t errlen)
{
	int r = open_for(t, seg);

	if (r < 0) {
		snprintf(err, errlen, "%s: %s", t->path, strerror(errno));
		return -1;
	}
	if (r)
		return r;
	return walk_to(t, seg, off, err, errlen);
}

/* The file open was rotated away: complete. */
static int file_complete(const struct f3_tail *t,
			 const struct f3_tail_limit *lim)
{
	return t->file_first != lim->live_first;
}

int xt_f3_tail_state(struct f3_tail *t, struct f3_item *it)
{
	if (!t->in_seg || t->state_sent ||
	    read_at(t->fd, t->buf, 4, t->seg_file_off + F3_STATE_OFF))
		return 0;
	t->state_sent = 1;
	memset(it, 0, sizeof(*it));
	it->kind = F3_ITEM_STATE;
	it->seg = t->seg;
	it->off = F3_STATE_OFF;
	it->len = 4;
	it->data = t->buf;
	it->next_seg = t->seg;
	it->next_off = t->file_off - t->seg_file_off;
	return 1;
}

/* The header or frame of @len bytes at t->file_off into @it. */
static int take(struct f3_tail *t, int header, uint64_t segno, uint32_t len,
		struct f3_item *it, char *err, size_t errlen)
{
	const struct f3_seg_hdr *h = (const void *)t->buf;
	const struct f3_frame_hdr *fh = (const void *)t->buf;

	if (read_at(t->fd, t->buf, len, t->file_off)) {
		snprintf(err, errlen, "%s: %s", t->path, strerror(errno));
		return -1;
	}
	memset(it, 0, sizeof(*it));
	if (header) {
		if (t->in_seg && segno != t->seg + 1) {
			snprintf(err, errlen, "segment %" PRIu64
				 " follows segment %" PRIu64, segno, t->seg);
			return -1;
		}
		if (t->have_id && memcmp(t->seq_id, h->seq_id, F3_ID_LEN)) {
			snprintf(err, errlen, "segment %" PRIu64
				 " belongs to another log", segno);
			return -1;
		}
		memcpy(t->seq_id, h->seq_id, F3_ID_LEN);
		t->have_id = 1;
		enter_segment(t, segno);
		it->kind = F3_ITEM_HEADER;
	} else {
		if (xt_le32(fh->crc) != xt_crc32c(t->buf + 8, len - 8)) {
			snprintf(err, errlen, "segment %" PRIu64 " offset %" PRIu64
				 ": bad CRC", t->seg, t->file_off - t->seg_file_off);
			return -1;
		}
		it->kind = F3_ITEM_FRAME;
		it->frame_type = xt_le16(fh->type);
	}
	it->seg = t->seg;
	it->off = t->file_off - t->seg_file_off;
	it->len = len;
	it->data = t->buf;
	t->file_off += len;
	it->next_seg = t->seg;
	it->next_off = it->off + len;
	return 1;
}

int xt_f3_tail_next(struct f3_tail *t, const struct f3_tail_limit *lim,
		    struct f3_item *it, char *err, size_t errlen)
{
	uint64_t limit, segno = 0;
	struct stat st;
	uint32_t len;
	int header, r;

	if (t->fd < 0) {
		r = xt_f3_tail_seek(t, 0, 0, err, errlen);
		if (r)
			return r == 1 ? 0 : r;
	}
	for (;;) {
		if (fstat(t->fd, &st)) {
			snprintf(err, errlen, "%s", strerror(errno));
			return -1;
		}
		limit = st.st_size;
		if (!file_complete(t, lim) && lim->live_durable < limit)
			limit = lim->live_durable;
		r = peek(t, limit, &header, &len, &segno, err, errlen);
		if (r < 0)
			return -1;
		/* Leaving a segment: its state is final. */
		if (((!r && header) || (r && file_complete(t, lim))) &&
		    xt_f3_tail_state(t, it))
			return 1;
		if (!r)
			return take(t, header, segno, len, it, err, errlen);
		if (!file_complete(t, lim))
			return 0;
		/* The end of a rotated file: the next segment's file. */
		r = xt_f3_tail_seek(t, t->seg + 1, 0, err, errlen);
		if (r)
			return r == 1 ? 0 : r;
	}
}
