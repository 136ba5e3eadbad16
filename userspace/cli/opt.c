// SPDX-License-Identifier: GPL-2.0
/*
 * Options more than one subcommand takes: decimal numbers in a range, the
 * --devid and --backend-domid of the device commands, keys (--seal-key,
 * and the auditor's --key or $XTRAIL_AUDITOR_KEY) and --anchor. Declared in cli.h; the
 * device options stay apart from xs_util.c, which xtraild links without
 * the CLI's parse_uint().
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "f3.h"
#include "xs_util.h"
#include "xtrail_genl.h"

int parse_uint(const char *cmd, const char *what, const char *s,
	       unsigned long min, unsigned long max, unsigned int *out)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (*s < '0' || *s > '9' || *end || errno || v < min || v > max) {
		fprintf(stderr, "%s: bad %s '%s' (expected %lu..%lu)\n", cmd,
			what, s, min, max);
		return -1;
	}
	*out = v;
	return 0;
}

int dev_opt(const char *cmd, int opt, const char *arg,
	       unsigned int *devid, unsigned int *bdom)
{
	switch (opt) {
	case 'n':
		return parse_uint(cmd, "device id", arg, 0, XT_DEVID_MAX,
				  devid) ? -1 : 1;
	case 'b':
		return parse_uint(cmd, "backend domid", arg, 0, XTRAIL_DOMID_MAX,
				  bdom) ? -1 : 1;
	default:
		return 0;
	}
}

int load_key(const char *cmd, const char *path, unsigned char *key)
{
	char err[PATH_ERR_MAX];

	if (xt_f3_key_load(path, key, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", cmd, err);
		return -1;
	}
	return 0;
}

int load_auditor_key(const char *cmd, const char *opt, unsigned char *sk,
		     int *have)
{
	const char *path = opt ? opt : getenv("XTRAIL_AUDITOR_KEY");

	*have = 0;
	if (!path || !*path)
		return 0;
	if (load_key(cmd, path, sk))
		return -1;
	*have = 1;
	return 0;
}

/* An anchor given on the command line starts with this; else a file. */
#define ANCHOR_TAG	"xtrail-anchor-v1 "

int load_anchor(const char *cmd, const char *s, struct f3_anchor *a)
{
	char line[ANCHOR_LINE_MAX];
	FILE *f;

	if (!strncmp(s, ANCHOR_TAG, strlen(ANCHOR_TAG))) {
		snprintf(line, sizeof(line), "%s", s);
	} else {
		f = fopen(s, "re");
		if (!f) {
			fprintf(stderr, "%s: %s: %s\n", cmd, s,
				strerror(errno));
			return -1;
		}
		if (!fgets(line, sizeof(line), f))
			line[0] = 0;
		fclose(f);
	}
	if (xt_f3_anchor_parse(a, line)) {
		fprintf(stderr, "%s: %s: not an anchor\n", cmd, s);
		return -1;
	}
	return 0;
}
