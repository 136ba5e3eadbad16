// SPDX-License-Identifier: GPL-2.0
/*
 * xtrail: the command line tool of xtrail, one binary with subcommands in
 * the style of WireGuard's wg(8). This file holds the table of subcommands
 * and main(), which picks one; each subcommand lives in cmd_NAME.c (pause
 * and resume, one function with a flag, share cmd_pause.c), the options
 * several share in opt.c, the reading of an F3 log in log_reader.c and
 * export's filters and formats in export_fmt.c.
 */
#include <string.h>

#include "cli.h"

static const struct {
	const char *name;
	int (*fn)(int argc, char *argv[]);
	const char *help;
} subcommands[] = {
	{ "attach", cmd_attach, "Connect a guest's frontend to the backend" },
	{ "detach", cmd_detach, "Close a guest's xtrail device and remove it" },
	{ "status", cmd_status, "Show every source's state and counters" },
	{ "config", cmd_config, "Show or set what a guest records" },
	{ "pause", cmd_pause, "Stop taking records from a guest (or all)" },
	{ "resume", cmd_resume, "Take records from a guest (or all) again" },
	{ "watch", cmd_watch, "Follow state changes and records live" },
	{ "export", cmd_export, "Decrypt an F3 log into JSONL, CSV, SQLite or Timesketch" },
	{ "attribute", cmd_attribute,
	  "Match dom0's flows with the guest's records of them (who did it)" },
	{ "detect", cmd_detect, "Run the detection rules over an F3 log" },
	{ "trace", cmd_trace,
	  "Answer an abuse complaint: the flow, process chain, files, TTY" },
	{ "verify", cmd_verify, "Check an F3 log's chain, seals and anchor" },
	{ "anchor", cmd_anchor, "Print an F3 log's anchor for the auditor" },
	{ "replay", cmd_replay, "List or replay the terminal sessions of an F3 log" },
	{ "unpack", cmd_unpack, "Turn a collector's replica back into the F3 log" },
	{ "report", cmd_report,
	  "Write the auditor's HTML (or JSON) report of an F3 log" },
	{ "keygen", cmd_keygen, "Create the auditor's keys" },
	{ "ring-dump", cmd_ringdump,
	  "Show a guest's unconsumed records (read-only)" },
	{ "version", cmd_version, "Print the version" },
};

#define N_SUBCOMMANDS	(sizeof(subcommands) / sizeof(subcommands[0]))

static void show_usage(FILE *f)
{
	int width = 0;
	size_t i;

	for (i = 0; i < N_SUBCOMMANDS; i++)
		if ((int)strlen(subcommands[i].name) > width)
			width = strlen(subcommands[i].name);
	fprintf(f, "Usage: %s <cmd> [<args>]\n\n", PROG_NAME);
	fprintf(f, "Available subcommands:\n");
	for (i = 0; i < N_SUBCOMMANDS; i++)
		fprintf(f, "  %-*s %s\n", width, subcommands[i].name,
			subcommands[i].help);
	fprintf(f,
		"You may pass --help to any of these subcommands to view usage.\n");
}

static int run(size_t i, int argc, char *argv[])
{
	char name[64];

	snprintf(name, sizeof(name), "%s %s", PROG_NAME, subcommands[i].name);
	argv[0] = name;
	return subcommands[i].fn(argc, argv);
}

static int find(const char *name)
{
	size_t i;

	for (i = 0; i < N_SUBCOMMANDS; i++)
		if (!strcmp(name, subcommands[i].name))
			return i;
	return -1;
}

/* "xtrail SUBCMD" with the one argument @arg, or none. */
static int run1(int i, const char *arg)
{
	char buf[16];
	char *args[3] = { NULL, NULL, NULL };

	if (arg) {
		snprintf(buf, sizeof(buf), "%s", arg);
		args[1] = buf;
	}
	return run(i, arg ? 2 : 1, args);
}

int main(int argc, char *argv[])
{
	int i;

	if (argc < 2) {
		show_usage(stderr);
		return 1;
	}
	if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "-h")) {
		if (argc > 2) {
			i = find(argv[2]);
			if (i >= 0)
				return run1(i, "--help");
			fprintf(stderr, "%s: unknown subcommand '%s'\n",
				PROG_NAME, argv[2]);
			show_usage(stderr);
			return 1;
		}
		show_usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V"))
		return run1(find("version"), NULL);

	i = find(argv[1]);
	if (i >= 0)
		return run(i, argc - 1, argv + 1);
	fprintf(stderr, "%s: unknown subcommand '%s'\n", PROG_NAME, argv[1]);
	show_usage(stderr);
	return 1;
}
