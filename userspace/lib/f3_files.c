// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The files of an F3 log: scanning a file without keys, rotation, and
 * listing a log's files (rotated ones, or those given) in reading order.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "f3_files.h"
#include "f3_io.h"

int xt_f3_scan(int fd, struct f3_scan_result *s, char *err, size_t errlen)
{
	struct f3_reader *r = calloc(1, sizeof(*r));
	const void *rec;
	uint32_t len;
	FILE *f = NULL;
	int dfd = -1;

	memset(s, 0, sizeof(*s));
	if (r) {
		dfd = dup(fd);
		f = dfd >= 0 ? fdopen(dfd, "rb") : NULL;
	}
	if (!r || !f) {
		snprintf(err, errlen, "%s", strerror(errno));
		if (dfd >= 0 && !f)
			close(dfd);
		free(r);
		return -1;
	}
	r->own = 1;
	r->no_decrypt = 1;
	s->st = xt_f3_reader_init(r, f);
	s->first_segment = r->segment_no;
	while (s->st == F3_OK)
		s->st = xt_f3_next(r, &rec, &len);
	s->end = s->st == F3_END ? r->off : r->err_off;
	snprintf(s->why, sizeof(s->why), "%s", xt_f3_strerror(r));
	s->have_log = r->have_log;
	s->in_seg = r->in_seg;
	memcpy(s->seq_id, r->seq_id, F3_ID_LEN);
	memcpy(s->chain, r->chain, F3_HASH);
	s->next_seq = r->next_seq;
	s->segment_no = r->segment_no;
	s->seg_off = r->seg_off;
	s->seg_state = r->seg_state;
	s->seal_seen = r->seal_seen;
	s->next_epoch = r->next_epoch;
	s->last_seal_seq = r->last_seal_seq;
	s->last_seal_records = r->seal_limit;
	s->frames = r->frames;
	s->segments = r->segments;
	xt_f3_reader_close(r);
	free(r);
	return 0;
}

int xt_f3_scan_rotated(const char *path, struct f3_scan_result *s, char *err,
		       size_t errlen)
{
	char **names;
	size_t n;
	int fd, ret;

	if (xt_f3_rotated_files(path, &names, &n)) {
		snprintf(err, errlen, "%s: listing rotated files: %s", path,
			 strerror(errno));
		return -1;
	}
	if (!n) {
		xt_f3_free_names(names);
		return 0;
	}
	fd = open(names[n - 1], O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", names[n - 1], strerror(errno));
		xt_f3_free_names(names);
		return -1;
	}
	ret = xt_f3_scan(fd, s, err, errlen);
	close(fd);
	if (!ret && (s->st != F3_END || !s->have_log)) {
		snprintf(err, errlen, "%s (the newest rotated file): %s",
			 names[n - 1], s->why);
		ret = -1;
	}
	xt_f3_free_names(names);
	return ret ? -1 : 1;
}

int xt_f3_rotate_file(const char *path, uint64_t first_segment)
{
	char *old;
	int fd;

	if (asprintf(&old, "%s.%010" PRIu64, path, first_segment) < 0)
		return -1;
	if (!access(old, F_OK)) {
		free(old);
		errno = EEXIST;
		return -1;
	}
	if (rename(path, old)) {
		free(old);
		return -1;
	}
	free(old);
	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	if (flock(fd, LOCK_EX | LOCK_NB) || xt_f3_sync_parent_dir(path)) {
		close(fd);
		return -1;
	}
	return fd;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void xt_f3_free_names(char **names)
{
	char **p;

	if (!names)
		return;
	for (p = names; *p; p++)
		free(*p);
	free(names);
}

/* Append a copy of @name to the NULL-terminated array *@v of *@n names. */
static int names_add(char ***v, size_t *n, const char *name)
{
	char **nv = realloc(*v, (*n + 2) * sizeof(**v));

	if (!nv)
		return -1;
	*v = nv;
	nv[*n] = strdup(name);
	if (!nv[*n])
		return -1;
	nv[++*n] = NULL;
	return 0;
}

int xt_f3_rotated_files(const char *path, char ***out, size_t *n)
{
	char *d1 = strdup(path), *d2 = strdup(path), *dir, *base, *full;
	struct dirent *de;
	size_t bl, i;
	DIR *dp = NULL;
	int ret = -1;

	*out = NULL;
	*n = 0;
	if (!d1 || !d2)
		goto out;
	dir = dirname(d1);
	base = basename(d2);
	bl = strlen(base);
	dp = opendir(dir);
	if (!dp)
		goto out;
	while ((de = readdir(dp))) {
		if (strncmp(de->d_name, base, bl) || de->d_name[bl] != '.' ||
		    strlen(de->d_name + bl + 1) != 10)
			continue;
		for (i = bl + 1; de->d_name[i]; i++)
			if (de->d_name[i] < '0' || de->d_name[i] > '9')
				break;
		if (de->d_name[i])
			continue;
		if (asprintf(&full, "%s/%s", dir, de->d_name) < 0)
			goto out;
		i = names_add(out, n, full);
		free(full);
		if (i)
			goto out;
	}
	if (*n)
		qsort(*out, *n, sizeof(**out), cmp_names);
	ret = 0;
out:
	if (dp)
		closedir(dp);
	if (ret) {
		xt_f3_free_names(*out);
		*out = NULL;
		*n = 0;
	}
	free(d1);
	free(d2);
	return ret;
}

struct log_file {
	char *name;
	uint64_t first;
	size_t idx;
};

static int cmp_log_files(const void *a, const void *b)
{
	const struct log_file *x = a, *y = b;

	if (x->first != y->first)
		return x->first < y->first ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Number of the first segment of the file @path, or UINT64_MAX. */
static uint64_t first_segment_of(const char *path, int *is_f3)
{
	struct f3_seg_hdr h;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = -1;

	if (fd >= 0) {
		n = read(fd, &h, sizeof(h));
		close(fd);
	}
	*is_f3 = n >= F3_MAGIC_LEN && !memcmp(h.magic, F3_MAGIC, F3_MAGIC_LEN);
	if (n != sizeof(h) || !*is_f3)
		return UINT64_MAX;
	return xt_le64(h.segment_no);
}

/*
 * Append every regular F3 file of the directory @dir to the names *@v
 * (*@n of them). 0, -1 out of memory, -2 with a message in @err.
 */
static int names_add_dir(char ***v, size_t *n, const char *dir, char *err,
			 size_t errlen)
{
	DIR *dp = opendir(dir);
	size_t before = *n;
	struct dirent *de;
	struct stat st;
	char *full;
	int is_f3;

	if (!dp) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -2;
	}
	while ((de = readdir(dp))) {
		if (asprintf(&full, "%s/%s", dir, de->d_name) < 0) {
			closedir(dp);
			return -1;
		}
		if (!stat(full, &st) && S_ISREG(st.st_mode) &&
		    (first_segment_of(full, &is_f3), is_f3) &&
		    names_add(v, n, full)) {
			free(full);
			closedir(dp);
			return -1;
		}
		free(full);
	}
	closedir(dp);
	if (before == *n) {
		snprintf(err, errlen, "%s: no F3 files in this directory", dir);
		return -2;
	}
	return 0;
}

/*
 * Sort the @k @names by their first segment, and keep the same file named
 * twice (a directory and its file) once: *@count left. 0 or -1 (ENOMEM).
 */
static int sort_log_files(char **names, size_t k, size_t *count)
{
	struct log_file *lf = calloc(k, sizeof(*lf));
	size_t i, m = 0;
	int is_f3;

	if (!lf)
		return -1;
	for (i = 0; i < k; i++) {
		lf[i].name = names[i];
		lf[i].idx = i;
		lf[i].first = strcmp(names[i], "-") ?
			first_segment_of(names[i], &is_f3) : UINT64_MAX;
	}
	qsort(lf, k, sizeof(*lf), cmp_log_files);
	for (i = 0; i < k; i++)
		names[i] = lf[i].name;
	for (i = 0; i < k; i++) {
		if (m && !strcmp(names[m - 1], names[i])) {
			free(names[i]);
			continue;
		}
		names[m++] = names[i];
	}
	names[m] = NULL;
	free(lf);
	*count = m;
	return 0;
}

char **xt_f3_log_files(char *const args[], int n, size_t *count, char *err,
		       size_t errlen)
{
	char **names = NULL;
	struct stat st;
	size_t k = 0;
	int a, rc;

	for (a = 0; a < n; a++) {
		if (!strcmp(args[a], "-") || stat(args[a], &st) ||
		    !S_ISDIR(st.st_mode))
			rc = names_add(&names, &k, args[a]);
		else
			rc = names_add_dir(&names, &k, args[a], err, errlen);
		if (rc == -1)
			goto nomem;
		if (rc)
			goto fail;
	}
	if (!k) {
		snprintf(err, errlen, "no files given");
		goto fail;
	}
	if (sort_log_files(names, k, count))
		goto nomem;
	return names;
nomem:
	snprintf(err, errlen, "%s", strerror(ENOMEM));
fail:
	xt_f3_free_names(names);
	return NULL;
}

int xt_f3_log_info(const char *path, uint8_t seq_id[F3_ID_LEN],
		   uint64_t *next_epoch, char *err, size_t errlen)
{
	struct f3_scan_result s;
	int fd = open(path, O_RDONLY | O_CLOEXEC), ret;

	if (fd < 0 && errno != ENOENT) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	memset(&s, 0, sizeof(s));
	ret = fd >= 0 ? xt_f3_scan(fd, &s, err, errlen) : 0;
	if (fd >= 0)
		close(fd);
	if (ret)
		return -1;
	if (!s.have_log) {
		ret = xt_f3_scan_rotated(path, &s, err, errlen);
		if (ret <= 0)
			return ret;
	}
	memcpy(seq_id, s.seq_id, F3_ID_LEN);
	*next_epoch = s.next_epoch;
	return 1;
}
