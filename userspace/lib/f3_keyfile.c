// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * F3's key files: hex key files, and the sealing key file (its layout is
 * struct f3_sealkey_file in f3_format.h).
 */
#include <errno.h>
#include <stddef.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "f3_io.h"
#include "f3_keyfile.h"

static const char sealkey_magic[8] = F3_SEALKEY_MAGIC;

#define SK_OFF(field)	offsetof(struct f3_sealkey_file, field)

int xt_f3_key_load(const char *path, uint8_t key[F3_KEY_LEN], char *err,
		   size_t errlen)
{
	char buf[2 * F3_KEY_LEN + 4];
	const char *end;
	size_t n = 0, bin = 0;
	FILE *f;

	/* A key on the command line stays in argv (ps) and shell history. */
	if (strlen(path) == 2 * F3_KEY_LEN && access(path, F_OK) &&
	    !sodium_hex2bin(key, F3_KEY_LEN, path, 2 * F3_KEY_LEN, NULL,
			    &bin, &end) && bin == F3_KEY_LEN && !*end) {
		sodium_memzero(key, F3_KEY_LEN);
		snprintf(err, errlen,
			 "a key was given where a key file is expected: keys are not taken on the command line (it stays in ps and the shell's history); give a file holding it");
		return -1;
	}
	f = fopen(path, "re");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = 0;
	if (n && buf[n - 1] == '\n')
		buf[--n] = 0;
	if (n != 2 * F3_KEY_LEN ||
	    sodium_hex2bin(key, F3_KEY_LEN, buf, n, NULL, &bin, &end) ||
	    bin != F3_KEY_LEN || *end) {
		sodium_memzero(buf, sizeof(buf));
		snprintf(err, errlen, "%s: not a key (64 hex digits)", path);
		return -1;
	}
	sodium_memzero(buf, sizeof(buf));
	return 0;
}

int xt_f3_key_save(const char *path, const uint8_t key[F3_KEY_LEN], int mode,
		   char *err, size_t errlen)
{
	char hex[2 * F3_KEY_LEN + 2];
	int fd, e;

	sodium_bin2hex(hex, sizeof(hex), key, F3_KEY_LEN);
	strcat(hex, "\n");
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fchmod(fd, mode) || xt_f3_write_all(fd, hex, strlen(hex)) ||
	    fsync(fd)) {
		e = errno;
		close(fd);
		unlink(path);
		sodium_memzero(hex, sizeof(hex));
		snprintf(err, errlen, "%s: %s", path, strerror(e));
		return -1;
	}
	sodium_memzero(hex, sizeof(hex));
	if (close(fd)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

int xt_f3_sealkey_load(const char *path, uint64_t *epoch,
		       uint8_t seq_id[F3_ID_LEN], uint8_t key[F3_KEY_LEN],
		       char *err, size_t errlen)
{
	uint8_t b[F3_SEALKEY_SIZE + 1], h[F3_HASH];
	__le64 e;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	n = read(fd, b, sizeof(b));
	close(fd);
	crypto_generichash(h, sizeof(h), b, SK_OFF(hash), NULL, 0);
	if (n != F3_SEALKEY_SIZE || memcmp(b, sealkey_magic, 8) ||
	    memcmp(h, b + SK_OFF(hash), F3_HASH)) {
		sodium_memzero(b, sizeof(b));
		snprintf(err, errlen, "%s: not a valid sealing key state",
			 path);
		return -1;
	}
	memcpy(&e, b + SK_OFF(epoch), 8);
	*epoch = xt_le64(e);
	memcpy(seq_id, b + SK_OFF(seq_id), F3_ID_LEN);
	memcpy(key, b + SK_OFF(key), F3_KEY_LEN);
	sodium_memzero(b, sizeof(b));
	return 1;
}

int xt_f3_sealkey_save(const char *path, uint64_t epoch,
			const uint8_t seq_id[F3_ID_LEN],
			const uint8_t key[F3_KEY_LEN])
{
	uint8_t b[F3_SEALKEY_SIZE];
	__le64 e = xt_cpu64(epoch);
	int fd, ret = -1, er = 0, created;

	memcpy(b, sealkey_magic, 8);
	memcpy(b + SK_OFF(epoch), &e, 8);
	memcpy(b + SK_OFF(seq_id), seq_id, F3_ID_LEN);
	memcpy(b + SK_OFF(key), key, F3_KEY_LEN);
	crypto_generichash(b + SK_OFF(hash), F3_HASH, b, SK_OFF(hash), NULL,
			   0);
	/*
	 * In place: the same blocks get the new key (no renamed copy that
	 * leaves the old one in freed blocks). 96 bytes at offset 0 are in
	 * one sector, which devices write whole.
	 */
	created = access(path, F_OK) != 0;
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		goto out;
	if (!xt_f3_pwrite_all(fd, b, sizeof(b), 0) &&
	    !ftruncate(fd, sizeof(b)) && !fdatasync(fd))
		ret = 0;
	er = errno;
	if (close(fd) && !ret) {
		ret = -1;
		er = errno;
	}
	if (!ret && created && xt_f3_sync_parent_dir(path)) {
		ret = -1;
		er = errno;
	}
	errno = er;
out:
	sodium_memzero(b, sizeof(b));
	return ret;
}

int xt_f3_key_erase(const char *path)
{
	uint8_t zero[4096] = { 0 };
	struct stat st;
	off_t off = 0;
	size_t n;
	int fd;

	fd = open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st))
		goto fail;
	for (; off < st.st_size; off += n) {
		n = st.st_size - off < (off_t)sizeof(zero) ?
		    (size_t)(st.st_size - off) : sizeof(zero);
		if (xt_f3_pwrite_all(fd, zero, n, off))
			goto fail;
	}
	if (fdatasync(fd))
		goto fail;
	close(fd);
	if (unlink(path))
		return -1;
	return xt_f3_sync_parent_dir(path);
fail:
	close(fd);
	return -1;
}
