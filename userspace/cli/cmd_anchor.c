// SPDX-License-Identifier: GPL-2.0
/*
 * xtrail anchor FILE...: check an F3 log's structure and chain without
 * decrypting it and print its anchor (xt_f3_anchor_format()), the line an
 * auditor keeps off the host for "xtrail verify --anchor".
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "log_reader.h"

static void anchor_usage(FILE *f, const char *cmd)
{
	fprintf(f,
		"Usage: %s FILE...\n"
		"\n"
		"Check the log's structure and chain and print its anchor:\n"
		"  xtrail-anchor-v1 SEQ_ID SEQ CHAIN EPOCH MAC\n"
		"(the log's id, the records so far, the chain head after them,\n"
		"the latest seal's epoch and MAC). Keep it off the host; give it\n"
		"to 'xtrail verify --anchor' later.\n", cmd);
}

int cmd_anchor(int argc, char *argv[])
{
	struct log_reader lr = { .cmd = argv[0], .no_decrypt = 1 };
	char line[ANCHOR_LINE_MAX];
	struct f3_anchor a;
	int help = argc == 2 && !strcmp(argv[1], "--help");
	int ret = 1;

	if (argc < 2 || argv[1][0] == '-') {
		anchor_usage(help ? stdout : stderr, lr.cmd);
		return help ? 0 : 1;
	}
	if (xt_f3_sodium_init())
		return 1;
	if (!log_reader_open(&lr, argv + 1, argc - 1) &&
	    !log_reader_read(&lr, NULL, NULL) && !log_reader_finish(&lr)) {
		xt_f3_reader_anchor(lr.r, &a);
		xt_f3_anchor_format(&a, line, sizeof(line));
		printf("%s\n", line);
		ret = 0;
	}
	log_reader_close(&lr);
	return ret;
}
