/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The xtrail command line tool: its subcommands (the table is in xtrail.c)
 * and the option helpers several of them share (opt.c).
 *
 * Each subcommand gets argc/argv starting at its own name, with argv[0]
 * rewritten to "xtrail NAME" so that it (and getopt) can use it as the
 * prefix of messages, and returns the process's exit status.
 */
#ifndef XTRAIL_CLI_H
#define XTRAIL_CLI_H

#include <stdio.h>

#define PROG_NAME	"xtrail"

/*
 * What a subcommand's option parser returns when the subcommand goes on;
 * anything else is the exit status (0 after --help).
 */
#define CLI_CONTINUE	(-1)

/* A message naming a file (a path up to PATH_MAX) and what went wrong. */
#define PATH_ERR_MAX	4200

/* An anchor line (xt_f3_anchor_format()), with room to spare. */
#define ANCHOR_LINE_MAX	512

int cmd_attach(int argc, char *argv[]);
int cmd_detach(int argc, char *argv[]);
int cmd_config(int argc, char *argv[]);
int cmd_status(int argc, char *argv[]);
int cmd_pause(int argc, char *argv[]);
int cmd_resume(int argc, char *argv[]);
int cmd_watch(int argc, char *argv[]);
int cmd_export(int argc, char *argv[]);
int cmd_attribute(int argc, char *argv[]);
int cmd_detect(int argc, char *argv[]);
int cmd_trace(int argc, char *argv[]);
int cmd_version(int argc, char *argv[]);
int cmd_keygen(int argc, char *argv[]);
int cmd_verify(int argc, char *argv[]);
int cmd_anchor(int argc, char *argv[]);
int cmd_ringdump(int argc, char *argv[]);
int cmd_replay(int argc, char *argv[]);
int cmd_unpack(int argc, char *argv[]);
int cmd_report(int argc, char *argv[]);

struct nl_msg;
struct xtrail_clock_ref;
/* watch: the JSON line of one multicast message (malloc()ed), or NULL. */
char *watch_line(struct nl_msg *msg, struct xtrail_clock_ref *clk);

/*
 * Parse the decimal number @s in [@min, @max] into *@out. Returns 0, or -1
 * after printing "@cmd: bad @what '@s'" on stderr.
 */
int parse_uint(const char *cmd, const char *what, const char *s,
	       unsigned long min, unsigned long max, unsigned int *out);

/*
 * Every device command takes --devid (getopt value 'n') and
 * --backend-domid ('b'). Handle getopt's @opt if it is one of them:
 * 1 when it was (its value parsed into @devid or @bdom), 0 when it was
 * not, -1 after a message when its value is bad.
 */
int dev_opt(const char *cmd, int opt, const char *arg,
	       unsigned int *devid, unsigned int *bdom);

/*
 * The key (32 bytes) in the file @path, or given as 64 hex digits. 0, or
 * -1 after printing the error.
 */
int load_key(const char *cmd, const char *path, unsigned char *key);

/*
 * The auditor's secret key from @opt (a file or 64 hex digits) or, when
 * @opt is NULL, from $XTRAIL_AUDITOR_KEY if set. 0 (*have says whether
 * there was one) or -1 after printing the error.
 */
int load_auditor_key(const char *cmd, const char *opt, unsigned char *sk,
		     int *have);

struct f3_anchor;
/*
 * The anchor @s: the line "xtrail anchor" printed, or a file holding it.
 * 0, or -1 after printing the error.
 */
int load_anchor(const char *cmd, const char *s, struct f3_anchor *a);

#endif /* XTRAIL_CLI_H */
