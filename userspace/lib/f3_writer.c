// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The F3 writer: opening a log (lock, recover, resume, start a segment),
 * framing records, blocks, seals and marks into a buffer, writing and
 * syncing it, and rotating segments and files.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "crc32c.h"
#include "f3_crypto.h"
#include "f3_files.h"
#include "f3_io.h"
#include "f3_keyfile.h"
#include "f3_segment.h"
#include "f3_writer.h"

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static int torn_status(enum f3_status st)
{
	return st == F3_ERR_TRUNC || st == F3_ERR_LEN || st == F3_ERR_CRC ||
	       st == F3_ERR_FORMAT;
}

static void fail_writer(struct f3_writer *w)
{
	int e = errno;

	w->failed = 1;
	errno = e ? e : EIO;
}

static int emit_block(struct f3_writer *w);
static int seal(struct f3_writer *w, int rekey);

/* Write w->buf out (block frames still being filled stay). */
static int write_out(struct f3_writer *w)
{
	int e, rc;

	if (w->failed) {
		errno = EIO;
		return -1;
	}
	if (!w->pending)
		return 0;
	if (xt_f3_pwrite_all(w->fd, w->buf, w->pending, w->size)) {
		e = errno;
		/* Best effort: if this fails too, the next open cuts it. */
		rc = ftruncate(w->fd, w->size);
		(void)rc;
		errno = e;
		fail_writer(w);
		return -1;
	}
	w->size += w->pending;
	w->pending = 0;
	return 0;
}

int xt_f3_writer_flush(struct f3_writer *w)
{
	if (emit_block(w))
		return -1;
	return write_out(w);
}

int xt_f3_writer_sync(struct f3_writer *w, int full)
{
	if (xt_f3_writer_flush(w))
		return -1;
	if (full ? fsync(w->fd) : fdatasync(w->fd)) {
		/* Final: the kernel may have dropped the pages it failed on. */
		w->sync_failed = 1;
		fail_writer(w);
		return -1;
	}
	w->durable = w->size;
	w->durable_seq = w->next_seq;
	return 0;
}

/*
 * Room for a frame with @dlen payload bytes at the end of w->buf (written
 * out first if full): returns where it goes, the caller fills the payload
 * and calls frame_end().
 */
static uint8_t *frame_begin(struct f3_writer *w, uint32_t dlen,
			    uint32_t *flen)
{
	uint32_t l = (F3_FRAME_HDR + dlen + 7) & ~7u;

	if (w->pending + l > F3_BATCH_MAX && write_out(w))
		return NULL;
	*flen = l;
	memset(w->buf + w->pending + l - 8, 0, 8);
	return w->buf + w->pending;
}

static void frame_end(struct f3_writer *w, uint8_t *frame, uint32_t l,
		      unsigned int type, uint32_t dlen, uint64_t seq)
{
	struct f3_frame_hdr fh = {
		.len = xt_cpu32(l),
		.type = xt_cpu16(type),
		.dlen = xt_cpu32(dlen),
		.seq = xt_cpu64(seq),
	};

	memset(frame + F3_FRAME_HDR + dlen, 0, l - F3_FRAME_HDR - dlen);
	memcpy(frame, &fh, sizeof(fh));
	fh.crc = xt_cpu32(xt_crc32c(frame + 8, l - 8));
	memcpy(frame + 4, &fh.crc, 4);
	xt_f3_chain_step(w->chain, frame, l);
	w->pending += l;
	w->seg_bytes += l;
}

/*
 * Start segment w->segment_no at the end: header written, not synced.
 * @fresh: it also starts counting towards max_segment (not after a seal).
 */
static int start_segment(struct f3_writer *w, int fresh)
{
	struct f3_seg_hdr h;

	if (xt_f3_writer_flush(w))
		return -1;
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, F3_MAGIC, F3_MAGIC_LEN);
	h.version = xt_cpu32(F3_VERSION);
	h.header_size = xt_cpu32(F3_HDR_SIZE);
	h.incompat = xt_cpu32(w->encrypted ? F3_INCOMPAT_ENCRYPTED : 0);
	h.segment_no = xt_cpu64(w->segment_no);
	h.first_seq = xt_cpu64(w->next_seq);
	h.created_ns = xt_cpu64(now_ns());
	memcpy(h.host_id, w->host_id, F3_ID_LEN);
	memcpy(h.seq_id, w->seq_id, F3_ID_LEN);
	memcpy(h.chain_in, w->chain, F3_HASH);
	if (w->sealing) {
		h.seal_records = xt_cpu64(w->seal_records);
		h.seal_seconds = xt_cpu64(w->seal_seconds);
	}
	if (w->encrypted && xt_f3_seg_key_wrap(&w->ss, &h, w->auditor_pk)) {
		fail_writer(w);
		return -1;
	}
	h.crc = xt_cpu32(xt_crc32c(&h, F3_HDR_CRC_OFF));
	h.state = xt_cpu32(xt_f3_seg_state_enc(F3_SEG_ONLINE));
	xt_f3_chain_step(w->chain, &h, F3_HDR_CRC_OFF);
	w->seg_off = w->size;
	memcpy(w->buf, &h, sizeof(h));
	w->pending = sizeof(h);
	w->seg_bytes = fresh ? sizeof(h) : w->seg_bytes + sizeof(h);
	w->have_seg = 1;
	return xt_f3_writer_flush(w);
}

/* Frame the records gathered in w->blk (if any) as one block. */
static int emit_block(struct f3_writer *w)
{
	struct {
		struct f3_frame_ad place;
		__le32 blk[2];
	} ad;
	uint32_t dlen, l;
	__le32 hdr[2];
	uint8_t *fr;

	if (!w->blk_count)
		return 0;
	dlen = F3_BLOCK_HDR + w->blk_len + (w->encrypted ? F3_ABYTES : 0);
	fr = frame_begin(w, dlen, &l);
	if (!fr)
		return -1;
	hdr[0] = xt_cpu32(w->blk_count);
	hdr[1] = 0;
	memcpy(fr + F3_FRAME_HDR, hdr, F3_BLOCK_HDR);
	if (w->encrypted) {
		xt_f3_frame_ad(&ad.place, w->seq_id, w->segment_no, w->blk_seq);
		memcpy(ad.blk, hdr, F3_BLOCK_HDR);
		xt_f3_stream_push(&w->ss, fr + F3_FRAME_HDR + F3_BLOCK_HDR,
				  w->blk, w->blk_len, (const uint8_t *)&ad,
				  sizeof(ad));
	} else {
		memcpy(fr + F3_FRAME_HDR + F3_BLOCK_HDR, w->blk, w->blk_len);
	}
	frame_end(w, fr, l, F3_FRAME_BLOCK, dlen, w->blk_seq);
	w->blk_len = 0;
	w->blk_count = 0;
	return 0;
}

/* Frame the marker @m into the buffer. */
static int mark_frame_add(struct f3_writer *w, const struct f3_mark *m)
{
	uint8_t *fr;
	uint32_t l;

	if (emit_block(w))
		return -1;
	fr = frame_begin(w, sizeof(*m), &l);
	if (!fr)
		return -1;
	memcpy(fr + F3_FRAME_HDR, m, sizeof(*m));
	frame_end(w, fr, l, F3_FRAME_MARK, sizeof(*m), w->next_seq);
	return 0;
}

static void wipe_keys(struct f3_writer *w)
{
	sodium_memzero(&w->ss, sizeof(w->ss));
	sodium_memzero(w->seal_key, sizeof(w->seal_key));
}

/* Close the file, wipe the keys, free what writer_alloc() took. */
static void writer_free(struct f3_writer *w)
{
	if (w->fd >= 0)
		close(w->fd);
	w->fd = -1;
	wipe_keys(w);
	free(w->buf);
	free(w->blk);
	free(w->sealkey_path);
	free(w->path);
	w->buf = NULL;
	w->blk = NULL;
	w->sealkey_path = NULL;
	w->path = NULL;
}

/* Step 1 of xt_f3_writer_open(): a blank writer with its buffers and options. */
static int writer_alloc(struct f3_writer *w, const char *path,
			const struct f3_writer_opts *o, char *err,
			size_t errlen)
{
	memset(w, 0, sizeof(*w));
	w->fd = -1;
	if (xt_f3_sodium_init()) {
		snprintf(err, errlen, "libsodium does not initialise");
		return -1;
	}
	w->buf = malloc(F3_BATCH_MAX);
	w->blocks = o->blocks;
	w->blk = o->blocks ? malloc(F3_BLOCK_MAX) : NULL;
	w->path = strdup(path);
	if (o->sealkey_path)
		w->sealkey_path = strdup(o->sealkey_path);
	if (!w->buf || !w->path || (o->blocks && !w->blk) ||
	    (o->sealkey_path && !w->sealkey_path)) {
		snprintf(err, errlen, "%s", strerror(errno));
		return -1;
	}
	if (o->host_id)
		memcpy(w->host_id, o->host_id, F3_ID_LEN);
	w->seal_records = o->seal_records;
	w->seal_seconds = o->seal_seconds;
	w->max_segment = o->max_segment;
	w->rotate_files = o->rotate_files;
	return 0;
}

/*
 * Step 2: open or create the file, take the lock (a second writer is
 * refused), and cut it to o->cut_to if asked. Its size in *@size.
 */
static int writer_lock(struct f3_writer *w, const struct f3_writer_opts *o,
		       uint64_t *size, char *err, size_t errlen)
{
	const char *path = w->path;
	struct stat st;

	w->fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (w->fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (flock(w->fd, LOCK_EX | LOCK_NB)) {
		if (errno == EWOULDBLOCK)
			snprintf(err, errlen,
				 "%s: locked by another writer (is xtraild already running?)",
				 path);
		else
			snprintf(err, errlen, "%s: flock: %s", path,
				 strerror(errno));
		return -1;
	}
	if (fstat(w->fd, &st)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		return -1;
	}
	*size = st.st_size;
	if (o->cut && *size > o->cut_to) {
		if (ftruncate(w->fd, o->cut_to) || fdatasync(w->fd)) {
			snprintf(err, errlen, "%s: cutting to the last durable size: %s",
				 path, strerror(errno));
			return -1;
		}
		*size = o->cut_to;
	}
	return 0;
}

/*
 * Step 3: scan the file of @size bytes (structure, CRCs, chain) into @s and
 * cut off a torn tail; anything else invalid is refused, untouched.
 */
static int writer_recover(struct f3_writer *w, uint64_t size,
			  struct f3_scan_result *s, struct f3_open_report *rep,
			  char *err, size_t errlen)
{
	const char *path = w->path;
	char why[256];

	memset(s, 0, sizeof(*s));
	if (size > 0) {
		if (xt_f3_scan(w->fd, s, why, sizeof(why))) {
			snprintf(err, errlen, "%s: %s", path, why);
			return -1;
		}
		if (s->st != F3_END && !torn_status(s->st)) {
			snprintf(err, errlen, "%s: %s (not a torn write: not touching the file)",
				 path, s->why);
			return -1;
		}
		if (s->st != F3_END) {
			rep->torn_off = s->end;
			rep->torn_bytes = size - s->end;
			snprintf(rep->torn_why, sizeof(rep->torn_why), "%s",
				 s->why);
			if (rep->torn_bytes > F3_TORN_MAX) {
				snprintf(err, errlen,
					 "%s: %s, with %" PRIu64
					 " bytes from there to the end: too much for a torn write, not truncating (move the file aside)",
					 path, s->why, rep->torn_bytes);
				return -1;
			}
			if (ftruncate(w->fd, s->end)) {
				snprintf(err, errlen,
					 "%s: truncating the torn tail: %s",
					 path, strerror(errno));
				return -1;
			}
		}
	}
	rep->frames = s->frames;
	rep->segments = s->segments;
	w->size = s->end;
	w->frames = s->frames;
	w->file_first_segment = s->first_segment;
	return 0;
}

/* The file is empty: go on from the newest rotated file, if any. */
static int writer_after_rotated(struct f3_writer *w, struct f3_scan_result *s,
				char *err, size_t errlen)
{
	char why[256];

	switch (xt_f3_scan_rotated(w->path, s, why, sizeof(why))) {
	case -1:
		snprintf(err, errlen, "%s", why);
		return -1;
	case 1:
		s->in_seg = 0;
		s->first_segment = s->segment_no + 1;
		w->file_first_segment = s->first_segment;
		w->size = 0;
		if (ftruncate(w->fd, 0)) {
			snprintf(err, errlen, "%s: %s", w->path,
				 strerror(errno));
			return -1;
		}
		break;
	}
	return 0;
}

/*
 * Step 4: resume the log's chain after its last segment (marked offline
 * if a crash left it online), or start a new log.
 */
static int writer_resume(struct f3_writer *w, struct f3_scan_result *s,
			 struct f3_open_report *rep, char *err, size_t errlen)
{
	if (!s->have_log && writer_after_rotated(w, s, err, errlen))
		return -1;
	if (s->have_log) {
		memcpy(w->seq_id, s->seq_id, F3_ID_LEN);
		memcpy(w->chain, s->chain, F3_HASH);
		w->next_seq = s->next_seq;
		w->segment_no = s->segment_no + 1;
		if (s->in_seg && s->seg_state == F3_SEG_ONLINE &&
		    xt_f3_seg_state_write(w->fd, s->seg_off, F3_SEG_OFFLINE)) {
			snprintf(err, errlen, "%s: %s", w->path,
				 strerror(errno));
			return -1;
		}
		return 0;
	}
	rep->created = 1;
	w->size = 0;
	w->file_first_segment = 0;
	if (ftruncate(w->fd, 0)) {
		snprintf(err, errlen, "%s: %s", w->path, strerror(errno));
		return -1;
	}
	randombytes_buf(w->seq_id, F3_ID_LEN);
	xt_f3_chain_init(w->chain, w->seq_id);
	return 0;
}

/*
 * Step 5: the keys: encrypt to the auditor, and seal with the sealing key
 * moved forward past the log's latest seal.
 */
static void writer_keys(struct f3_writer *w, const struct f3_writer_opts *o,
			const struct f3_scan_result *s)
{
	if (o->auditor_pk) {
		w->encrypted = 1;
		memcpy(w->auditor_pk, o->auditor_pk, F3_KEY_LEN);
	}
	if (o->seal_key) {
		w->sealing = 1;
		memcpy(w->seal_key, o->seal_key, F3_KEY_LEN);
		w->seal_epoch = o->seal_epoch;
		while (s->have_log && w->seal_epoch < s->next_epoch) {
			xt_f3_key_evolve(w->seal_key);
			w->seal_epoch++;
		}
	}
}

/*
 * Step 6: start a segment (after the failure marker o->mark, if any),
 * make it durable, and save the sealing key.
 */
static int writer_start(struct f3_writer *w, const struct f3_writer_opts *o,
			const struct f3_open_report *rep, char *err,
			size_t errlen)
{
	if (start_segment(w, 1) || (o->mark && mark_frame_add(w, o->mark)) ||
	    xt_f3_writer_flush(w) || fdatasync(w->fd) ||
	    (rep->created && xt_f3_sync_parent_dir(w->path))) {
		snprintf(err, errlen, "%s: starting a segment: %s", w->path,
			 strerror(errno));
		return -1;
	}
	w->durable = w->size;
	w->durable_seq = w->next_seq;
	if (w->sealing && w->sealkey_path &&
	    xt_f3_sealkey_save(w->sealkey_path, w->seal_epoch, w->seq_id,
			       w->seal_key)) {
		snprintf(err, errlen, "%s: %s", w->sealkey_path,
			 strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Step 7: when sealing, seal what the log left unsealed (a crash) or
 * sealed under another policy, so that no stretch between two seals is
 * longer than the policy of the seal before it.
 */
static int writer_reseal(struct f3_writer *w, const struct f3_scan_result *s,
			 char *err, size_t errlen)
{
	uint64_t sealed = s->seal_seen ? s->last_seal_seq : 0;

	if (!w->sealing || !s->have_log)
		return 0;
	if (sealed == s->next_seq &&
	    (!s->seal_seen || s->last_seal_records == w->seal_records))
		return 0;
	if (seal(w, 0)) {
		snprintf(err, errlen, "%s: sealing what the log left unsealed: %s",
			 w->path, strerror(errno));
		return -1;
	}
	return 0;
}

int xt_f3_writer_open(struct f3_writer *w, const char *path,
		      const struct f3_writer_opts *o,
		      struct f3_open_report *rep, char *err, size_t errlen)
{
	struct f3_scan_result s;
	uint64_t size;

	memset(rep, 0, sizeof(*rep));
	if (writer_alloc(w, path, o, err, errlen) ||
	    writer_lock(w, o, &size, err, errlen) ||
	    writer_recover(w, size, &s, rep, err, errlen) ||
	    writer_resume(w, &s, rep, err, errlen))
		goto fail;
	writer_keys(w, o, &s);
	if (writer_start(w, o, rep, err, errlen) ||
	    writer_reseal(w, &s, err, errlen))
		goto fail;
	return 0;
fail:
	writer_free(w);
	return -1;
}

/*
 * The current file is closed (its last segment archived and synced):
 * rename it "<path>.<first segment>" and go on in a new <path>. A crash
 * in between leaves <path> missing or empty, which xt_f3_writer_open() goes
 * on from.
 */
static int next_file(struct f3_writer *w)
{
	int fd = xt_f3_rotate_file(w->path, w->file_first_segment);

	if (fd < 0)
		return -1;
	close(w->fd);
	w->fd = fd;
	w->size = 0;
	w->durable = 0;
	w->file_first_segment = w->segment_no + 1;
	w->files_rotated++;
	return 0;
}

/* Close the current segment as archived and start the next one. */
static int rotate(struct f3_writer *w)
{
	if (xt_f3_writer_sync(w, 0))
		return -1;
	if (xt_f3_seg_state_write(w->fd, w->seg_off, F3_SEG_ARCHIVED)) {
		fail_writer(w);
		return -1;
	}
	if (w->rotate_files && (fdatasync(w->fd) || next_file(w))) {
		fail_writer(w);
		return -1;
	}
	sodium_memzero(&w->ss, sizeof(w->ss));
	w->segment_no++;
	if (start_segment(w, 1))
		return -1;
	return xt_f3_writer_sync(w, 0);
}

int xt_f3_writer_add(struct f3_writer *w, const void *rec, uint32_t len)
{
	uint32_t dlen = w->encrypted ? len + F3_ABYTES : len, l;
	struct f3_frame_ad ad;
	uint8_t *fr;

	if (w->failed) {
		errno = EIO;
		return -1;
	}
	if (len > XTRAIL_REC_MAX) {
		errno = EINVAL;
		return -1;
	}
	/* The policy the log records: never one record more. */
	if (w->sealing && w->seal_records && w->unsealed >= w->seal_records &&
	    xt_f3_writer_seal(w))
		return -1;
	if (w->blocks) {
		/* What the segment holds once the block with it is framed. */
		dlen = F3_BLOCK_HDR + w->blk_len + len +
		       (w->encrypted ? F3_ABYTES : 0);
		if (w->blk_len + len > F3_BLOCK_MAX && emit_block(w))
			return -1;
	}
	if (w->max_segment && (w->seg_bytes > F3_HDR_SIZE || w->blk_count) &&
	    w->seg_bytes + F3_FRAME_HDR + dlen + 8 > w->max_segment &&
	    rotate(w))
		return -1;
	if (w->blocks) {
		if (!w->blk_count)
			w->blk_seq = w->next_seq;
		memcpy(w->blk + w->blk_len, rec, len);
		w->blk_len += len;
		w->blk_count++;
		goto added;
	}
	fr = frame_begin(w, dlen, &l);
	if (!fr)
		return -1;
	if (w->encrypted) {
		xt_f3_frame_ad(&ad, w->seq_id, w->segment_no, w->next_seq);
		xt_f3_stream_push(&w->ss, fr + F3_FRAME_HDR, rec, len,
				  (const uint8_t *)&ad, sizeof(ad));
	} else {
		memcpy(fr + F3_FRAME_HDR, rec, len);
	}
	frame_end(w, fr, l, F3_FRAME_RECORD, dlen, w->next_seq);
added:
	w->next_seq++;
	w->frames++;
	w->unsealed++;
	return 0;
}

int xt_f3_writer_mark(struct f3_writer *w, const struct f3_mark *m)
{
	if (w->failed) {
		errno = EIO;
		return -1;
	}
	if (mark_frame_add(w, m))
		return -1;
	return xt_f3_writer_sync(w, 0);
}

void xt_f3_writer_abandon(struct f3_writer *w)
{
	writer_free(w);
}

/*
 * The seal frame, synced, then the key evolved (saved, the old one wiped).
 * @rekey: then a new segment (encrypted logs): the segment key is new.
 */
static int seal(struct f3_writer *w, int rekey)
{
	struct f3_seal s;
	uint8_t next[F3_KEY_LEN];
	uint8_t *fr;
	uint32_t l;

	if (w->failed) {
		errno = EIO;
		return -1;
	}
	if (!w->sealing)
		return 0;
	if (emit_block(w))
		return -1;
	memset(&s, 0, sizeof(s));
	s.epoch = xt_cpu64(w->seal_epoch);
	s.seq = xt_cpu64(w->next_seq);
	s.time_ns = xt_cpu64(now_ns());
	s.segment_no = xt_cpu64(w->segment_no);
	s.seal_records = xt_cpu64(w->seal_records);
	s.seal_seconds = xt_cpu64(w->seal_seconds);
	memcpy(s.chain, w->chain, F3_HASH);
	xt_f3_seal_mac(s.mac, w->seal_key, w->seq_id, &s);
	fr = frame_begin(w, sizeof(s), &l);
	if (!fr)
		return -1;
	memcpy(fr + F3_FRAME_HDR, &s, sizeof(s));
	frame_end(w, fr, l, F3_FRAME_SEAL, sizeof(s), w->next_seq);
	/* The seal is on disk before the key that made it is gone. */
	if (xt_f3_writer_sync(w, 0))
		return -1;
	memcpy(next, w->seal_key, F3_KEY_LEN);
	xt_f3_key_evolve(next);
	if (w->sealkey_path &&
	    xt_f3_sealkey_save(w->sealkey_path, w->seal_epoch + 1, w->seq_id,
			       next)) {
		sodium_memzero(next, sizeof(next));
		fail_writer(w);
		return -1;
	}
	memcpy(w->seal_key, next, F3_KEY_LEN);
	sodium_memzero(next, sizeof(next));
	w->seal_epoch++;
	w->unsealed = 0;
	w->seals++;
	if (!rekey || !w->encrypted)
		return 0;
	/* Archived: another segment follows, under a new key. */
	if (xt_f3_seg_state_write(w->fd, w->seg_off, F3_SEG_ARCHIVED)) {
		fail_writer(w);
		return -1;
	}
	sodium_memzero(&w->ss, sizeof(w->ss));
	w->segment_no++;
	return start_segment(w, 0);
}

int xt_f3_writer_seal(struct f3_writer *w)
{
	return seal(w, 1);
}

int xt_f3_writer_close(struct f3_writer *w)
{
	int ret = 0, e = 0;

	if (w->fd < 0)
		return 0;
	if (!w->failed && w->sealing && w->unsealed && seal(w, 0))
		ret = -1;
	if (!ret && xt_f3_writer_sync(w, 0))
		ret = -1;
	if (!ret && (xt_f3_seg_state_write(w->fd, w->seg_off,
					   F3_SEG_OFFLINE) ||
		     fdatasync(w->fd)))
		ret = -1;
	if (w->failed)
		ret = -1;
	if (ret)
		e = errno ? errno : EIO;
	if (close(w->fd) && !ret) {
		ret = -1;
		e = errno;
	}
	w->fd = -1;
	writer_free(w);
	errno = e;
	return ret;
}
