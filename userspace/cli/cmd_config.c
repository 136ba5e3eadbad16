// SPDX-License-Identifier: GPL-2.0
/*
 * xtrail config get DOMID / xtrail config set DOMID KEY=VALUE...: show or
 * change what a guest records, over netlink.
 *
 * The settings live in the guest's backend directory in xenstore
 * (config/, see shared/xtrail_proto.h), which the guest can read but not
 * write; its frontend watches them and applies changes at once. The dom0
 * module checks and writes them (all of one command in one transaction);
 * this tool checks them first with the same code (shared/xtrail_cfg.h) so
 * that a mistake is reported before anything is sent.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xtrail_cfg.h"
#include "cli.h"
#include "nl.h"
#include "xtrail_genl.h"

static void config_usage(FILE *f, const char *cmd)
{
	fprintf(f,
		"Usage: %s get DOMID\n"
		"       %s set DOMID KEY=VALUE...\n"
		"Show, or set, what the guest DOMID records:\n"
		"  events=CLASS[,CLASS...]  from exec, fork, exit, file, net, tty,\n"
		"                           syscall, all (default all)\n"
		"  flood=drop|wait          a full ring drops (and counts), or the\n"
		"                           writer first waits for space\n"
		"  flood-wait-us=N          the longest wait, 0..%u (default %u)\n"
		"  ignore-uid=UID[,UID...]  do not record these users (at most %u)\n"
		"  ignore-comm=NAME[,...]   nor these task names (at most %u)\n"
		"  ignore-path=/PFX[,...]   nor file events under these absolute\n"
		"                           path prefixes (at most %u)\n"
		"  ignore-port=N[,N...]     nor network events on these ports (at\n"
		"                           most %u)\n"
		"An empty list (ignore-uid=) clears a filter. set needs root.\n"
		"dom0's own view of every guest's flows is set by the dom0\n"
		"module's parameters (each write is a CONTROL record), in\n"
		"/sys/module/xtrail_dom0/parameters/: flow_classes=tcp,udp|tcp|\n"
		"udp|off, flow_ports=all|PORT[,PORT...] (at most 16), flow_cap=N\n"
		"(flows per guest, default 1024), flow_idle_s=S (default 30),\n"
		"flow_update_s=S (default 60).\n",
		cmd, cmd, XTRAIL_FLOOD_WAIT_MAX, XTRAIL_FLOOD_WAIT_DEF,
		XTRAIL_IGNORE_UID_MAX, XTRAIL_IGNORE_COMM_MAX,
		XTRAIL_IGNORE_PATH_MAX, XTRAIL_IGNORE_PORT_MAX);
}

/* The value of the macro @x as a string literal. */
#define XT_STR_(x)	#x
#define XT_STR(x)	XT_STR_(x)

struct config_get {
	struct xtrail_cfg c;
	int got;
};

static int config_reply(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[XTRAIL_A_MAX + 1];
	struct config_get *g = arg;

	if (!genlmsg_parse(nlmsg_hdr(msg), 0, tb, XTRAIL_A_MAX,
			   xt_nl_policy) && tb[XTRAIL_A_CONFIG] &&
	    !xt_nl_cfg_get(tb[XTRAIL_A_CONFIG], &g->c))
		g->got = 1;
	return NL_OK;
}

static void config_print(const struct xtrail_cfg *c)
{
	static const char *const dflt[XTRAIL_CFG_NKEYS] = {
		[XTRAIL_CFG_EVENTS] = "all",
		[XTRAIL_CFG_FLOOD] = "drop",
		[XTRAIL_CFG_FLOOD_WAIT] = XT_STR(XTRAIL_FLOOD_WAIT_DEF),
	};
	char val[XTRAIL_CFG_VALUE_MAX + 1];
	unsigned int k;

	for (k = 0; k < XTRAIL_CFG_NKEYS; k++) {
		if (c->has & (1u << k) &&
		    xtrail_cfg_format(c, k, val, sizeof(val)) >= 0)
			printf("%s=%s\n", xtrail_cfg_name(k), val);
		else
			printf("%s=%s (default)\n", xtrail_cfg_name(k),
			       dflt[k] ? dflt[k] : "");
	}
}

/* Options into @domid, @set and @c: CLI_CONTINUE, or the exit status. */
static int config_opts(int argc, char *argv[], unsigned int *domid,
		       int *set, struct xtrail_cfg *c)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *cmd = argv[0];
	int o;

	while ((o = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (o) {
		case 'h':
			config_usage(stdout, cmd);
			return 0;
		default:
			config_usage(stderr, cmd);
			return XT_EXIT_FAIL;
		}
	}
	if (argc - optind < 2 || (strcmp(argv[optind], "get") &&
				  strcmp(argv[optind], "set"))) {
		config_usage(stderr, cmd);
		return XT_EXIT_FAIL;
	}
	*set = !strcmp(argv[optind], "set");
	if ((!*set && argc - optind != 2) || (*set && argc - optind < 3)) {
		config_usage(stderr, cmd);
		return XT_EXIT_FAIL;
	}
	if (parse_uint(cmd, "domid", argv[optind + 1], 1, XTRAIL_DOMID_MAX,
		       domid))
		return XT_EXIT_FAIL;
	/* Check every setting before sending any. */
	if (*set && xt_nl_cfg_parse_args(cmd, argc - optind - 2,
				      (const char *const *)argv + optind + 2,
				      c))
		return XT_EXIT_FAIL;
	return CLI_CONTINUE;
}

int cmd_config(int argc, char *argv[])
{
	const char *cmd = argv[0];
	struct config_get g = { 0 };
	struct xtrail_cfg c;
	unsigned int domid;
	struct xt_nl nl;
	int set, ret;

	ret = config_opts(argc, argv, &domid, &set, &c);
	if (ret != CLI_CONTINUE)
		return ret;
	ret = xt_nl_open(&nl, cmd);
	if (ret)
		return ret;
	if (set)
		ret = xt_nl_request(&nl, xt_nl_msg_config_set(nl.family, domid,
							   &c), NULL, NULL);
	else
		ret = xt_nl_request(&nl, xt_nl_msg_domid(nl.family,
						      XTRAIL_CMD_GET_CONFIG,
						      domid),
				    config_reply, &g);
	xt_nl_close(&nl);
	if (!ret && !set) {
		if (!g.got) {
			fprintf(stderr, "%s: malformed answer from the module\n",
				cmd);
			return XT_EXIT_FAIL;
		}
		config_print(&g.c);
	}
	return ret;
}
