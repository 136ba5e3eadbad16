/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * F3's key files: the keys "xtrail keygen" writes (one line of 64 hex
 * digits), and the sealing key file in which xtraild keeps the evolving
 * sealing key (struct f3_sealkey_file, f3_format.h).
 */
#ifndef XTRAIL_F3_KEYFILE_H
#define XTRAIL_F3_KEYFILE_H

#include <stddef.h>
#include <stdint.h>

#include "f3_format.h"

/*
 * Key files: one line of 64 hex digits. xt_f3_key_load() reads @path; a
 * @path that is itself a key (64 hex digits, no such file) is refused:
 * keys are not taken on the command line. 0 or -1 with @err set.
 * xt_f3_key_save() creates @path (O_EXCL) with @mode.
 */
int xt_f3_key_load(const char *path, uint8_t key[F3_KEY_LEN], char *err,
		   size_t errlen);
int xt_f3_key_save(const char *path, const uint8_t key[F3_KEY_LEN], int mode,
		   char *err, size_t errlen);

/*
 * The sealing key file, 0600, overwritten in place (pwrite at offset 0,
 * fdatasync; the directory synced when it was created): the old key's
 * blocks are the new key's (doc/F3-FORMAT.md: where that is not enough).
 * xt_f3_sealkey_load(): 1 loaded, 0 no such file, -1 error (@err).
 * xt_f3_sealkey_save(): 0 or -1 with errno.
 */
int xt_f3_sealkey_load(const char *path, uint64_t *epoch,
		       uint8_t seq_id[F3_ID_LEN], uint8_t key[F3_KEY_LEN],
		       char *err, size_t errlen);
int xt_f3_sealkey_save(const char *path, uint64_t epoch,
		       const uint8_t seq_id[F3_ID_LEN],
		       const uint8_t key[F3_KEY_LEN]);

/*
 * Erase the key file @path: overwrite it with zeros, fdatasync, unlink,
 * sync the directory. 0 or -1 with errno.
 */
int xt_f3_key_erase(const char *path);

#endif /* XTRAIL_F3_KEYFILE_H */
