// SPDX-License-Identifier: GPL-2.0
/*
 * xtrail version: the tool's version and the formats it speaks.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "f3.h"
#include "version.h"

int cmd_version(int argc, char *argv[])
{
	if (argc == 2 && (!strcmp(argv[1], "--help") ||
			  !strcmp(argv[1], "-h"))) {
		printf("Usage: %s\n\nPrint the version of xtrail.\n", argv[0]);
		return 0;
	}
	if (argc != 1) {
		fprintf(stderr, "Usage: %s\n", argv[0]);
		return 1;
	}
	printf("%s %s (protocol %d, F3 version %d)\n", PROG_NAME,
	       XTRAIL_VERSION, XTRAIL_PROTO_VERSION, F3_VERSION);
	return 0;
}
