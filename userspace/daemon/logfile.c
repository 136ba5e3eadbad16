// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xtraild's log files (see logfile.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "logfile.h"
#include "replicate.h"
#include "say.h"
#include "version.h"

int logfile_keys_init(struct xtraild *d)
{
	char err[512];

	if (xt_f3_sodium_init()) {
		fprintf(stderr, "xtraild: libsodium does not initialise\n");
		return -1;
	}
	if (d->c.auditor_public_key) {
		if (xt_f3_key_load(d->c.auditor_public_key, d->pk, err,
				sizeof(err))) {
			fprintf(stderr, "xtraild: %s\n", err);
			return -1;
		}
		d->have_pk = 1;
	} else if (!d->c.plaintext) {
		fprintf(stderr,
			"xtraild: no auditor_public_key: the log would be readable on this host; give one ('xtrail keygen') or run with --plaintext\n");
		return -1;
	}
	return 0;
}

/* mkdir -p for the directory holding @path, new directories 0700. */
static int make_parent_dirs(const char *path)
{
	char *p = strdup(path), *s;
	int ret = 0;

	if (!p)
		return -1;
	for (s = p + 1; (s = strchr(s, '/')); s++) {
		*s = 0;
		if (mkdir(p, 0700) && errno != EEXIST) {
			ret = -1;
			break;
		}
		*s = '/';
	}
	if (ret)
		fprintf(stderr, "xtraild: %s: %s\n", p, strerror(errno));
	free(p);
	return ret;
}

/* /etc/machine-id (32 hex digits) as 16 bytes, or zeroes. */
static void host_id(uint8_t id[F3_ID_LEN])
{
	char buf[64];
	size_t bin = 0;
	FILE *f = fopen("/etc/machine-id", "re");

	memset(id, 0, F3_ID_LEN);
	if (!f)
		return;
	if (fgets(buf, sizeof(buf), f))
		sodium_hex2bin(id, F3_ID_LEN, buf, 2 * F3_ID_LEN, NULL, &bin,
			       NULL);
	fclose(f);
	if (bin != F3_ID_LEN)
		memset(id, 0, F3_ID_LEN);
}

/*
 * The sealing key to start with: the seal-state file if there is one (it
 * must belong to this log), else the initial key for a log without seals.
 * Returns 1 with *key and *epoch, 0 for no sealing, -1 on error.
 */
static int seal_key_setup(struct xtraild *d, uint8_t key[F3_KEY_LEN],
			  uint64_t *epoch)
{
	uint8_t log_id[F3_ID_LEN], seal_state_id[F3_ID_LEN];
	uint64_t log_epoch = 0;
	char err[512];
	int have_log, have_seal_state;

	have_log = xt_f3_log_info(d->out_path, log_id, &log_epoch, err,
			       sizeof(err));
	if (have_log < 0)
		goto fail;
	have_seal_state = xt_f3_sealkey_load(d->c.seal_state, epoch,
					     seal_state_id, key, err,
					     sizeof(err));
	if (have_seal_state < 0)
		goto fail;
	if (have_seal_state) {
		if (!have_log) {
			fprintf(stderr,
				"xtraild: %s: sealing state of a log that is not there (%s); for a new log, remove it and give the new log's seal_key\n",
				d->c.seal_state, d->out_path);
			return -1;
		}
		if (memcmp(seal_state_id, log_id, F3_ID_LEN)) {
			fprintf(stderr,
				"xtraild: %s: sealing state of another log than %s\n",
				d->c.seal_state, d->out_path);
			return -1;
		}
		return 1;
	}
	if (have_log && log_epoch) {
		fprintf(stderr,
			"xtraild: %s has seals but the sealing state %s is missing: cannot go on sealing it\n",
			d->out_path, d->c.seal_state);
		return -1;
	}
	if (!d->c.seal_key) {
		if (d->c.plaintext)
			return 0;
		fprintf(stderr,
			"xtraild: no seal_key: create one with 'xtrail keygen' (or run with --plaintext, unsealed)\n");
		return -1;
	}
	if (xt_f3_key_load(d->c.seal_key, key, err, sizeof(err)))
		goto fail;
	*epoch = 0;
	return 1;
fail:
	fprintf(stderr, "xtraild: %s\n", err);
	return -1;
}

/*
 * The sealing state now holds the key (and evolves it at each seal): the
 * initial key file, k_0, has no business on this host any more. Erase it
 * (overwrite, unlink) unless keep_seal_key.
 */
static void erase_initial_key(struct xtraild *d)
{
	if (!d->c.seal_key || access(d->c.seal_key, F_OK))
		return;
	if (d->c.keep_seal_key) {
		fprintf(stderr,
			"xtraild: warning: keeping the initial sealing key %s (keep_seal_key): it belongs off-host with the auditor\n",
			d->c.seal_key);
		return;
	}
	if (xt_f3_key_erase(d->c.seal_key))
		fprintf(stderr,
			"xtraild: warning: could not erase the initial sealing key %s: %s; remove it by hand, it belongs off-host with the auditor\n",
			d->c.seal_key, strerror(errno));
	else
		fprintf(stderr,
			"xtraild: erased the initial sealing key %s (its key is in %s now; the auditor keeps the copy)\n",
			d->c.seal_key, d->c.seal_state);
}

int logfile_open(struct xtraild *d, const struct f3_mark *mark,
		 uint64_t cut_to, struct f3_open_report *rep, char *err,
		 size_t errlen)
{
	struct f3_writer_opts wo = {
		.auditor_pk = d->have_pk ? d->pk : NULL,
		.host_id = d->hid,
		.max_segment = d->c.max_segment_size,
		.rotate_files = 1,
		.blocks = !d->c.record_frames,
		.seal_records = d->c.seal_every_records,
		.seal_seconds = d->c.seal_every_seconds,
		.cut = !!mark,
		.cut_to = cut_to,
		.mark = mark,
	};
	uint8_t sk[F3_KEY_LEN];
	int sealing, ret;

	sealing = seal_key_setup(d, sk, &wo.seal_epoch);
	if (sealing < 0) {
		snprintf(err, errlen, "no sealing key (see above)");
		return -1;
	}
	if (sealing) {
		wo.seal_key = sk;
		wo.sealkey_path = d->c.seal_state;
	}
	ret = xt_f3_writer_open(&d->w, d->out_path, &wo, rep, err, errlen);
	sodium_memzero(sk, sizeof(sk));
	if (!ret && sealing)
		erase_initial_key(d);
	d->rotated_seen = 0;
	return ret;
}

int logfile_init(struct xtraild *d)
{
	char err[512];

	d->out_path = d->c.output;
	d->w.fd = -1;
	if (make_parent_dirs(d->out_path))
		return -1;
	host_id(d->hid);
	if (logfile_open(d, NULL, 0, &d->rep, err, sizeof(err))) {
		fprintf(stderr, "xtraild: %s\n", err);
		return -1;
	}
	logfile_retention(d, 0);
	return 0;
}

void logfile_uninit(struct xtraild *d)
{
	xt_f3_writer_abandon(&d->w);
}

void logfile_report(struct xtraild *d)
{
	const struct f3_open_report *rep = &d->rep;

	if (rep->torn_bytes)
		fprintf(stderr, "xtraild: %s: cut off a torn tail of %" PRIu64
			" bytes: %s\n", d->out_path, rep->torn_bytes,
			rep->torn_why);
	fprintf(stderr, "xtraild %s: %s -> %s (%s, segment %" PRIu64
		", %s, %s, flush %s)\n", XTRAIL_VERSION, d->dev_path,
		d->out_path, rep->created ? "new file" : "appending",
		d->w.segment_no, d->w.encrypted ? "encrypted" : "PLAINTEXT",
		d->w.sealing ? "sealed" : "UNSEALED",
		conf_flush_name(d->c.flush));
	if (!rep->created)
		fprintf(stderr, "xtraild: appending after %" PRIu64
			" records\n", rep->frames);
}

/* N of a rotated file "<output>.<N>": its first segment. */
static uint64_t rotated_first(const char *name)
{
	const char *dot = strrchr(name, '.');

	return dot ? strtoull(dot + 1, NULL, 10) : 0;
}

unsigned int logfile_retention(struct xtraild *d, int one)
{
	uint64_t first, next;
	struct timespec now;
	int repl;
	unsigned int gone = 0;
	struct stat st;
	char **names;
	size_t n, i;

	if (xt_f3_rotated_files(d->out_path, &names, &n)) {
		say(LOG_WARNING, "%s: listing rotated files: %s", d->out_path,
		    strerror(errno));
		return 0;
	}
	clock_gettime(CLOCK_REALTIME, &now);
	for (i = 0; i < n; i++) {
		if (!one && (!d->c.num_segments ||
			     n - i <= d->c.num_segments) &&
		    (!d->c.max_segment_age || stat(names[i], &st) ||
		     now.tv_sec - st.st_mtime <=
		     (time_t)d->c.max_segment_age))
			break;
		/* The segments of the file, up to the next file's first. */
		first = rotated_first(names[i]);
		next = i + 1 < n ? rotated_first(names[i + 1]) :
				   d->w.file_first_segment;
		repl = replicate_retention(d, names[i], first, next);
		if (!repl && !one)
			break;
		if (unlink(names[i])) {
			say(LOG_WARNING, "%s: %s", names[i], strerror(errno));
			break;
		}
		say(LOG_NOTICE, "%s: deleted (%s)", names[i],
		    one ? "disk full" : "retention");
		if (repl != 1)
			replicate_deleted(d, names[i], first, next);
		gone++;
		one = 0;
	}
	xt_f3_free_names(names);
	return gone;
}

int logfile_rotate_failed(struct xtraild *d, uint64_t cut_to)
{
	uint64_t first = d->failed_first_segment;
	char *to;
	int fd, ret;

	fd = open(d->out_path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || ftruncate(fd, cut_to) || fdatasync(fd)) {
		say(LOG_CRIT, "%s: cutting to %" PRIu64 " bytes: %s",
		    d->out_path, cut_to, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	if (asprintf(&to, "%s.%010" PRIu64, d->out_path, first) < 0)
		return -1;
	ret = rename(d->out_path, to);
	if (ret)
		say(LOG_CRIT, "%s: renaming to %s: %s", d->out_path, to,
		    strerror(errno));
	else
		say(LOG_NOTICE, "%s: rotated to %s after the failure",
		    d->out_path, to);
	free(to);
	return ret;
}
