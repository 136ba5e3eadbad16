// SPDX-License-Identifier: GPL-2.0
/*
 * xtrail keygen DIR: the auditor's keys. auditor.pub (the public key
 * xtraild encrypts segment keys to), auditor.key (its secret key, 0600)
 * and seal.key (the initial sealing key k_0, 0600). dom0 gets auditor.pub
 * and seal.key; auditor.key never goes there, and seal.key leaves dom0
 * once xtraild has started (it keeps an evolving copy).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "f3.h"

int cmd_keygen(int argc, char *argv[])
{
	uint8_t pk[F3_KEY_LEN], sk[F3_KEY_LEN], seal[F3_KEY_LEN];
	char path[3][4096], err[4200];
	static const char *const names[] = {
		"auditor.pub", "auditor.key", "seal.key"
	};
	const uint8_t *keys[] = { pk, sk, seal };
	static const int modes[] = { 0644, 0600, 0600 };
	const char *dir;
	int i, ret = 1;

	if (argc != 2 || argv[1][0] == '-') {
		fprintf(argc == 2 && !strcmp(argv[1], "--help") ?
			stdout : stderr,
			"Usage: %s DIR\n"
			"\n"
			"Create the auditor's key pair and the initial sealing key in DIR:\n"
			"  auditor.pub  public key, for xtraild (auditor_public_key)\n"
			"  auditor.key  secret key, for 'xtrail export --key' (keep off-host)\n"
			"  seal.key     initial sealing key, for xtraild (seal_key) and\n"
			"               'xtrail verify --seal-key' (keep a copy off-host)\n",
			argv[0]);
		return argc == 2 && !strcmp(argv[1], "--help") ? 0 : 1;
	}
	dir = argv[1];
	if (f3_sodium_init()) {
		fprintf(stderr, "%s: libsodium does not initialise\n",
			argv[0]);
		return 1;
	}
	if (mkdir(dir, 0700) && errno != EEXIST) {
		fprintf(stderr, "%s: %s: %s\n", argv[0], dir, strerror(errno));
		return 1;
	}
	for (i = 0; i < 3; i++) {
		snprintf(path[i], sizeof(path[i]), "%s/%s", dir, names[i]);
		if (!access(path[i], F_OK)) {
			fprintf(stderr, "%s: %s exists: not overwriting keys\n",
				argv[0], path[i]);
			return 1;
		}
	}
	crypto_box_keypair(pk, sk);
	randombytes_buf(seal, sizeof(seal));
	for (i = 0; i < 3; i++) {
		if (f3_key_save(path[i], keys[i], modes[i], err,
				sizeof(err))) {
			fprintf(stderr, "%s: %s\n", argv[0], err);
			while (--i >= 0)
				unlink(path[i]);
			goto out;
		}
	}
	printf("%s\n%s\n%s\n", path[0], path[1], path[2]);
	ret = 0;
out:
	sodium_memzero(sk, sizeof(sk));
	sodium_memzero(seal, sizeof(seal));
	return ret;
}
