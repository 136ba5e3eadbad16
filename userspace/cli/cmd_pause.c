// SPDX-License-Identifier: GPL-2.0
/*
 * xtrail pause [DOMID] / xtrail resume [DOMID]: stop, or start again,
 * taking records from a guest's rings (without DOMID: every guest's). A
 * paused guest's rings fill; the guest counts what it cannot write and
 * reports it in LOST records once the rings drain.
 */
#include <getopt.h>
#include <string.h>

#include "xtrail_genl.h"
#include "cli.h"
#include "nl.h"

static void pause_usage(FILE *f, const char *cmd, int pause)
{
	fprintf(f,
		"Usage: %s [DOMID]\n"
		"%s taking records from guest DOMID's rings, or from every\n"
		"guest's without DOMID (the module parameter 'paused'). %s\n"
		"Needs root.\n",
		cmd, pause ? "Stop" : "Start again",
		pause ? "The guest's rings fill, and it counts its losses." :
		"The guest reports what it lost meanwhile.");
}

static int pause_resume(int argc, char *argv[], int pause)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *cmd = argv[0];
	unsigned int domid;
	long dom = -1;
	struct xt_nl nl;
	int o, ret;

	while ((o = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (o) {
		case 'h':
			pause_usage(stdout, cmd, pause);
			return 0;
		default:
			pause_usage(stderr, cmd, pause);
			return XT_EXIT_FAIL;
		}
	}
	if (argc - optind > 1) {
		pause_usage(stderr, cmd, pause);
		return XT_EXIT_FAIL;
	}
	if (optind < argc) {
		if (parse_uint(cmd, "domid", argv[optind], 1, XTRAIL_DOMID_MAX,
			       &domid))
			return XT_EXIT_FAIL;
		dom = domid;
	}
	ret = xt_nl_open(&nl, cmd);
	if (ret)
		return ret;
	ret = xt_nl_request(&nl, xt_nl_msg_domid(nl.family, pause ?
					      XTRAIL_CMD_PAUSE :
					      XTRAIL_CMD_RESUME, dom),
			    NULL, NULL);
	xt_nl_close(&nl);
	return ret;
}

int cmd_pause(int argc, char *argv[])
{
	return pause_resume(argc, argv, 1);
}

int cmd_resume(int argc, char *argv[])
{
	return pause_resume(argc, argv, 0);
}
