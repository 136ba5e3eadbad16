// SPDX-License-Identifier: GPL-2.0
/*
 * F3 file reader and appender; the format is described in f3.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crc32c.h"
#include "f3.h"

void f3_file_hdr_init(struct f3_file_hdr *h)
{
	memcpy(h->magic, F3_MAGIC, F3_MAGIC_LEN);
	h->version = xt_cpu32(F3_VERSION);
	h->header_size = xt_cpu32(F3_HDR_SIZE);
}

size_t f3_frame_put(void *dst, const void *rec, uint32_t len)
{
	struct f3_frame_hdr fh = {
		.len = xt_cpu32(len),
		.crc = xt_cpu32(crc32c(rec, len)),
	};

	memcpy(dst, &fh, sizeof(fh));
	memcpy((uint8_t *)dst + sizeof(fh), rec, len);
	return sizeof(fh) + len;
}

static enum f3_status f3_fail(struct f3_reader *r, enum f3_status err,
			      uint64_t off, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->reason, sizeof(r->reason), fmt, ap);
	va_end(ap);
	r->err = err;
	r->err_off = off;
	return err;
}

static enum f3_status f3_read_err(struct f3_reader *r, uint64_t off)
{
	return f3_fail(r, F3_ERR_IO, off, "read error: %s",
		       strerror(errno ? errno : EIO));
}

enum f3_status f3_reader_init(struct f3_reader *r, FILE *f)
{
	struct f3_file_hdr want;
	uint8_t got[F3_HDR_SIZE];
	size_t n;

	r->f = f;
	r->off = 0;
	r->frames = 0;
	r->err = F3_OK;
	r->err_off = 0;
	r->reason[0] = 0;

	f3_file_hdr_init(&want);
	errno = 0;
	n = fread(got, 1, sizeof(got), f);
	if (n < sizeof(got) && ferror(f))
		return f3_read_err(r, 0);
	if (memcmp(got, want.magic, n < F3_MAGIC_LEN ? n : F3_MAGIC_LEN))
		return f3_fail(r, F3_ERR_MAGIC, 0,
			       "bad magic (not an F3 file)");
	if (n < sizeof(got)) {
		if (n > F3_MAGIC_LEN &&
		    memcmp(got + F3_MAGIC_LEN, &want.version,
			   n - F3_MAGIC_LEN))
			return f3_fail(r, F3_ERR_VERSION, 0,
				       "unsupported header");
		return f3_fail(r, F3_ERR_TRUNC, 0,
			       "truncated file header (%zu of %d bytes)", n,
			       F3_HDR_SIZE);
	}
	memcpy(&want, got, sizeof(want));
	if (xt_le32(want.version) != F3_VERSION)
		return f3_fail(r, F3_ERR_VERSION, 0,
			       "unsupported version %" PRIu32,
			       xt_le32(want.version));
	if (xt_le32(want.header_size) != F3_HDR_SIZE)
		return f3_fail(r, F3_ERR_VERSION, 0,
			       "unsupported header size %" PRIu32,
			       xt_le32(want.header_size));
	r->off = F3_HDR_SIZE;
	return F3_OK;
}

enum f3_status f3_reader_open(struct f3_reader *r, const char *path)
{
	FILE *f;

	r->own = 0;
	r->f = NULL;
	if (!strcmp(path, "-")) {
		f = stdin;
	} else {
		f = fopen(path, "rb");
		if (!f) {
			r->err = F3_ERR_IO;
			r->err_off = 0;
			snprintf(r->reason, sizeof(r->reason), "%s",
				 strerror(errno));
			return F3_ERR_IO;
		}
		r->own = 1;
	}
	return f3_reader_init(r, f);
}

enum f3_status f3_next(struct f3_reader *r, const void **rec, uint32_t *len)
{
	struct f3_frame_hdr fh;
	uint32_t l, crc;
	enum xtrail_verdict v;
	size_t n;

	if (r->err != F3_OK)
		return r->err;
	errno = 0;
	n = fread(&fh, 1, sizeof(fh), r->f);
	if (n < sizeof(fh)) {
		if (ferror(r->f))
			return f3_read_err(r, r->off);
		if (!n)
			return F3_END;
		return f3_fail(r, F3_ERR_TRUNC, r->off,
			       "truncated frame header (%zu of %d bytes)", n,
			       F3_FRAME_HDR);
	}
	l = xt_le32(fh.len);
	if (l < sizeof(struct xtrail_rec_hdr) || l > XTRAIL_REC_MAX ||
	    l % XTRAIL_REC_ALIGN)
		return f3_fail(r, F3_ERR_LEN, r->off,
			       "bad frame length %" PRIu32, l);
	n = fread(r->rec, 1, l, r->f);
	if (n < l) {
		if (ferror(r->f))
			return f3_read_err(r, r->off);
		return f3_fail(r, F3_ERR_TRUNC, r->off,
			       "truncated frame (%zu of %" PRIu32
			       " record bytes)", n, l);
	}
	crc = crc32c(r->rec, l);
	if (crc != xt_le32(fh.crc))
		return f3_fail(r, F3_ERR_CRC, r->off,
			       "bad crc (stored 0x%08" PRIx32
			       ", computed 0x%08" PRIx32 ")",
			       xt_le32(fh.crc), crc);
	v = xtrail_rec_check(r->rec, l, 0);
	if (v != XTRAIL_OK)
		return f3_fail(r, F3_ERR_RECORD, r->off,
			       "invalid record: %s", xtrail_verdict_str(v));
	r->off += sizeof(fh) + l;
	r->frames++;
	*rec = r->rec;
	*len = l;
	return F3_OK;
}

const char *f3_strerror(struct f3_reader *r)
{
	if (r->err == F3_OK)
		return "no error";
	snprintf(r->msg, sizeof(r->msg), "offset %" PRIu64 ": %s",
		 r->err_off, r->reason);
	return r->msg;
}

void f3_reader_close(struct f3_reader *r)
{
	if (r->own && r->f)
		fclose(r->f);
	r->f = NULL;
	r->own = 0;
}

static int write_all(int fd, const void *buf, size_t n)
{
	const uint8_t *p = buf;
	ssize_t w;

	while (n) {
		w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= w;
	}
	return 0;
}

static int sync_parent_dir(const char *path)
{
	char *copy = strdup(path);
	int fd, ret = -1;

	if (!copy)
		return -1;
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		ret = fsync(fd);
		close(fd);
	}
	free(copy);
	return ret;
}

/*
 * Validate the frames of the file open on @fd. Returns 0 with *end (the end
 * of the last valid frame, 0 when even the header is torn) and the report
 * filled, or -1 with @err set when the file must not be touched.
 */
static int f3_scan(int fd, const char *path, uint64_t size, uint64_t *end,
		   struct f3_open_report *rep, char *err, size_t errlen)
{
	struct f3_reader *r;
	enum f3_status st;
	const void *rec;
	uint32_t len;
	FILE *f;
	int dfd, ret = -1;

	r = malloc(sizeof(*r));
	dfd = dup(fd);
	f = dfd >= 0 ? fdopen(dfd, "rb") : NULL;
	if (!r || !f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		if (f)
			fclose(f);
		else if (dfd >= 0)
			close(dfd);
		f = NULL;
		goto out;
	}
	r->own = 1;
	st = f3_reader_init(r, f);
	while (st == F3_OK)
		st = f3_next(r, &rec, &len);

	switch (st) {
	case F3_END:
		*end = r->off;
		break;
	case F3_ERR_IO:
	case F3_ERR_MAGIC:
	case F3_ERR_VERSION:
		snprintf(err, errlen, "%s: %s", path, f3_strerror(r));
		goto out;
	default:
		*end = r->off;
		rep->torn_off = r->off;
		rep->torn_bytes = size - r->off;
		snprintf(rep->torn_why, sizeof(rep->torn_why), "%s",
			 f3_strerror(r));
		if (rep->torn_bytes > F3_TORN_MAX) {
			snprintf(err, errlen,
				 "%s: %s, with %" PRIu64
				 " bytes from there to the end: too much for a torn write, not truncating (move the file aside)",
				 path, rep->torn_why, rep->torn_bytes);
			goto out;
		}
		break;
	}
	rep->frames = r->frames;
	ret = 0;
out:
	if (r) {
		if (f)
			f3_reader_close(r);
		free(r);
	}
	return ret;
}

int f3_writer_open(struct f3_writer *w, const char *path,
		   struct f3_open_report *rep, char *err, size_t errlen)
{
	struct f3_file_hdr hdr;
	struct stat st;
	uint64_t end = 0;
	int fd;

	memset(rep, 0, sizeof(*rep));
	w->fd = -1;
	w->size = 0;
	w->frames = 0;

	fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB)) {
		if (errno == EWOULDBLOCK)
			snprintf(err, errlen,
				 "%s: locked by another writer (is xtraild already running?)",
				 path);
		else
			snprintf(err, errlen, "%s: flock: %s", path,
				 strerror(errno));
		goto fail;
	}
	if (fstat(fd, &st)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		goto fail;
	}

	if (st.st_size > 0 &&
	    f3_scan(fd, path, st.st_size, &end, rep, err, errlen))
		goto fail;
	if (rep->torn_bytes && ftruncate(fd, end)) {
		snprintf(err, errlen, "%s: truncating the torn tail: %s", path,
			 strerror(errno));
		goto fail;
	}
	if (!end) {
		f3_file_hdr_init(&hdr);
		if (write_all(fd, &hdr, sizeof(hdr))) {
			snprintf(err, errlen, "%s: writing the header: %s",
				 path, strerror(errno));
			goto fail;
		}
		end = sizeof(hdr);
		rep->created = 1;
	}
	if (fdatasync(fd) || (rep->created && sync_parent_dir(path))) {
		snprintf(err, errlen, "%s: sync: %s", path, strerror(errno));
		goto fail;
	}
	w->fd = fd;
	w->size = end;
	w->frames = rep->frames;
	return 0;
fail:
	close(fd);
	return -1;
}

int f3_writer_write(struct f3_writer *w, const void *frames, size_t n,
		    uint64_t nframes)
{
	int e, rc;

	if (write_all(w->fd, frames, n)) {
		e = errno;
		/* Best effort: if this fails too, the next open cuts it. */
		rc = ftruncate(w->fd, w->size);
		(void)rc;
		errno = e;
		return -1;
	}
	w->size += n;
	w->frames += nframes;
	return 0;
}

int f3_writer_sync(struct f3_writer *w)
{
	return fdatasync(w->fd);
}

int f3_writer_close(struct f3_writer *w)
{
	int ret = 0, e = 0;

	if (w->fd < 0)
		return 0;
	if (fdatasync(w->fd)) {
		ret = -1;
		e = errno;
	}
	if (close(w->fd) && !ret) {
		ret = -1;
		e = errno;
	}
	w->fd = -1;
	errno = e;
	return ret;
}
