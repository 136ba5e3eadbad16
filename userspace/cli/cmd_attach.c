// SPDX-License-Identifier: GPL-2.0
/*
 * xtrail attach: create the xenstore directories of an xtrail device, the
 * way libxl does for a split driver, so that the guest's frontend and
 * dom0's backend find each other.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "xs_util.h"
#include "xtrail_genl.h"

static void attach_usage(FILE *f, const char *cmd)
{
	fprintf(f,
		"Usage: %s DOMID [--devid N] [--backend-domid N]\n"
		"\n"
		"Create xtrail device N (default 0) of guest DOMID in\n"
		"xenstore so that the guest's xtrail frontend connects to\n"
		"the backend in domain --backend-domid (default 0).\n"
		"Must run in dom0.\n",
		cmd);
}

int cmd_attach(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "devid", required_argument, NULL, 'n' },
		{ "backend-domid", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *cmd = argv[0];
	unsigned int domid, devid = 0, bdom = 0;
	struct xt_dev d;
	struct xs_handle *h;
	int dev, o, ret;

	while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		dev = dev_opt(cmd, o, optarg, &devid, &bdom);
		if (dev < 0)
			return 1;
		if (dev)
			continue;
		switch (o) {
		case 'h':
			attach_usage(stdout, cmd);
			return 0;
		default:
			attach_usage(stderr, cmd);
			return 1;
		}
	}
	if (argc - optind != 1) {
		attach_usage(stderr, cmd);
		return 1;
	}
	if (parse_uint(cmd, "domid", argv[optind], 0, XTRAIL_DOMID_MAX, &domid))
		return 1;
	if (domid == 0) {
		fprintf(stderr,
			"%s: refusing domain 0: dom0 runs the backend, attach a guest domain\n",
			cmd);
		return 1;
	}
	if (domid == bdom) {
		fprintf(stderr,
			"%s: domain %u is the backend domain; attach a guest\n",
			cmd, domid);
		return 1;
	}

	xt_xs_dev_init(&d, domid, devid, bdom);
	h = xt_xs_open(cmd);
	if (!h)
		return 1;
	ret = xt_xs_attach_dev(h, cmd, &d);
	xs_close(h);
	if (ret)
		return 1;
	printf("attached xtrail device %u of domain %u (backend: domain %u)\n",
	       devid, domid, bdom);
	return 0;
}
