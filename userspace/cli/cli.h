/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The xtrail command line tool: subcommands and their helpers.
 *
 * Each subcommand gets argc/argv starting at its own name, with argv[0]
 * rewritten to "xtrail NAME" so that it (and getopt) can use it as the
 * prefix of messages, and returns the process's exit status.
 */
#ifndef XTRAIL_CLI_H
#define XTRAIL_CLI_H

#include <stdio.h>

#define PROG_NAME	"xtrail"

int cmd_attach(int argc, char *argv[]);
int cmd_detach(int argc, char *argv[]);
int cmd_config(int argc, char *argv[]);
int cmd_status(int argc, char *argv[]);
int cmd_pause(int argc, char *argv[]);
int cmd_resume(int argc, char *argv[]);
int cmd_watch(int argc, char *argv[]);
int cmd_export(int argc, char *argv[]);
int cmd_version(int argc, char *argv[]);
int cmd_keygen(int argc, char *argv[]);
int cmd_verify(int argc, char *argv[]);
int cmd_anchor(int argc, char *argv[]);
int cmd_ringdump(int argc, char *argv[]);
int cmd_replay(int argc, char *argv[]);

/*
 * The auditor's secret key from @opt (a file or 64 hex digits) or, when
 * @opt is NULL, from $XTRAIL_AUDITOR_KEY if set. 0 (*have says whether
 * there was one) or -1 after printing the error.
 */
int load_auditor_key(const char *cmd, const char *opt, unsigned char *sk,
		     int *have);

/*
 * Parse the decimal number @s in [@min, @max] into *@out. Returns 0, or -1
 * after printing "@cmd: bad @what '@s'" on stderr.
 */
int parse_uint(const char *cmd, const char *what, const char *s,
	       unsigned long min, unsigned long max, unsigned int *out);

#endif /* XTRAIL_CLI_H */
