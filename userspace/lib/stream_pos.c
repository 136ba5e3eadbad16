// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The mapping between the kernel's stream numbers and F3's records (see
 * stream_pos.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xtrail_proto.h"
#include "f3_io.h"
#include "stream_pos.h"

#define STREAM_POS_MAGIC	"xtrail-stream-v1"

enum stream_verdict xt_pos_classify(const struct stream_pos *p,
				    uint64_t f3_next, uint64_t stream_id,
				    uint64_t seq)
{
	uint64_t expect;

	if (!p->stream_id || p->stream_id != stream_id || f3_next < p->f3_seq)
		return STREAM_REMAP;
	expect = p->stream_seq + (f3_next - p->f3_seq);
	if (seq < expect)
		return STREAM_SKIP;
	if (seq == expect)
		return STREAM_STORE;
	return STREAM_REMAP;
}

unsigned int xt_pos_jump(const struct stream_pos *p, uint64_t f3_next,
			 uint64_t stream_id, uint64_t seq, uint64_t *old_next,
			 uint64_t *missing)
{
	*old_next = 0;
	*missing = seq;
	if (p->stream_id && f3_next >= p->f3_seq)
		*old_next = p->stream_seq + (f3_next - p->f3_seq);
	if (!p->stream_id)
		return seq ? XTRAIL_JUMP_START : 0;
	if (p->stream_id != stream_id)
		return XTRAIL_JUMP_NEW;
	if (f3_next >= p->f3_seq && seq > *old_next) {
		*missing = seq - *old_next;
		return XTRAIL_JUMP_SKIP;
	}
	*missing = 0;
	return 0;
}

int xt_pos_load(const char *path, struct stream_pos *p, char *err,
		size_t errlen)
{
	char line[128], magic[32], extra;
	uint64_t id, f3, seq;
	FILE *f;

	memset(p, 0, sizeof(*p));
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
	if (sscanf(line, "%31s %" SCNx64 " %" SCNu64 " %" SCNu64 " %c", magic,
		   &id, &f3, &seq, &extra) != 4 ||
	    strcmp(magic, STREAM_POS_MAGIC) || !id) {
		snprintf(err, errlen, "%s: not a stream position file", path);
		return -1;
	}
	p->stream_id = id;
	p->f3_seq = f3;
	p->stream_seq = seq;
	return 1;
}

int xt_pos_save(const char *path, const struct stream_pos *p)
{
	char *tmp = NULL, buf[128];
	int fd, n, e;

	if (asprintf(&tmp, "%s.tmp", path) < 0)
		return -1;
	n = snprintf(buf, sizeof(buf), STREAM_POS_MAGIC " %016" PRIx64
		     " %" PRIu64 " %" PRIu64 "\n", p->stream_id, p->f3_seq,
		     p->stream_seq);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		goto fail;
	if (write(fd, buf, n) != n || fsync(fd)) {
		e = errno;
		close(fd);
		errno = e ? e : EIO;
		goto fail;
	}
	if (close(fd) || rename(tmp, path) || xt_f3_sync_parent_dir(path))
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
