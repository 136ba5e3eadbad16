// SPDX-License-Identifier: GPL-2.0
/*
 * xtrail keygen DIR: the auditor's keys. auditor.pub (the public key
 * xtraild encrypts segment keys to), auditor.key (its secret key, 0600)
 * and seal.key (the initial sealing key k_0, 0600). dom0 gets auditor.pub
 * and seal.key; auditor.key never goes there, and seal.key leaves dom0
 * once xtraild has started (it keeps an evolving copy).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "f3.h"

/* The files keygen writes, in this order. */
enum { KEY_PUBLIC, KEY_SECRET, KEY_SEAL, KEY_FILES };

static const struct {
	const char *name;
	int mode;
} key_files[KEY_FILES] = {
	[KEY_PUBLIC] = { "auditor.pub", 0644 },
	[KEY_SECRET] = { "auditor.key", 0600 },
	[KEY_SEAL] = { "seal.key", 0600 },
};

static void keygen_usage(FILE *f, const char *cmd)
{
	fprintf(f,
		"Usage: %s DIR\n"
		"\n"
		"Create the auditor's key pair and the initial sealing key in DIR:\n"
		"  auditor.pub  public key, for xtraild (auditor_public_key)\n"
		"  auditor.key  secret key, for 'xtrail export --key' (keep off-host)\n"
		"  seal.key     initial sealing key, for xtraild (seal_key) and\n"
		"               'xtrail verify --seal-key' (keep a copy off-host)\n",
		cmd);
}

/* Write @keys into @path; on failure remove what was written. 0 or 1. */
static int keygen_save(const char *cmd, char path[][PATH_MAX],
		       const uint8_t *const keys[])
{
	char err[PATH_ERR_MAX];
	int i;

	for (i = 0; i < KEY_FILES; i++) {
		if (xt_f3_key_save(path[i], keys[i], key_files[i].mode, err,
				sizeof(err))) {
			fprintf(stderr, "%s: %s\n", cmd, err);
			while (--i >= 0)
				unlink(path[i]);
			return 1;
		}
	}
	return 0;
}

int cmd_keygen(int argc, char *argv[])
{
	uint8_t pk[F3_KEY_LEN], sk[F3_KEY_LEN], seal[F3_KEY_LEN];
	const uint8_t *const keys[KEY_FILES] = {
		[KEY_PUBLIC] = pk, [KEY_SECRET] = sk, [KEY_SEAL] = seal,
	};
	int help = argc == 2 && !strcmp(argv[1], "--help");
	char path[KEY_FILES][PATH_MAX];
	const char *dir;
	int i, ret;

	if (argc != 2 || argv[1][0] == '-') {
		keygen_usage(help ? stdout : stderr, argv[0]);
		return help ? 0 : 1;
	}
	dir = argv[1];
	if (xt_f3_sodium_init()) {
		fprintf(stderr, "%s: libsodium does not initialise\n",
			argv[0]);
		return 1;
	}
	if (mkdir(dir, 0700) && errno != EEXIST) {
		fprintf(stderr, "%s: %s: %s\n", argv[0], dir, strerror(errno));
		return 1;
	}
	for (i = 0; i < KEY_FILES; i++) {
		snprintf(path[i], sizeof(path[i]), "%s/%s", dir,
			 key_files[i].name);
		if (!access(path[i], F_OK)) {
			fprintf(stderr, "%s: %s exists: not overwriting keys\n",
				argv[0], path[i]);
			return 1;
		}
	}
	crypto_box_keypair(pk, sk);
	randombytes_buf(seal, sizeof(seal));
	ret = keygen_save(argv[0], path, keys);
	for (i = 0; !ret && i < KEY_FILES; i++)
		printf("%s\n", path[i]);
	sodium_memzero(sk, sizeof(sk));
	sodium_memzero(seal, sizeof(seal));
	return ret;
}
