// SPDX-License-Identifier: GPL-2.0
/*
 * xtrail config get DOMID / xtrail config set DOMID KEY=VALUE...: show or
 * change what a guest records, over netlink; with "all" for DOMID, dom0's
 * own settings for every guest: what it observes of their traffic on
 * their vifs (shared/xtrail_flowcfg.h; applied by the module at once,
 * each change a CONTROL record).
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
#include "xtrail_flowcfg.h"
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
		"                           syscall, tcpstate, all (default: all\n"
		"                           but tcpstate, TCP state changes)\n"
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
		"\n"
		"       %s get all\n"
		"       %s set all KEY=VALUE...\n"
		"Show, or set, what dom0 itself observes of every guest's traffic\n"
		"on its vifs (FLOW records; each change is a CONTROL record):\n"
		"  flow=tcp,udp|tcp|udp|off  the protocols (default tcp,udp)\n"
		"  flow-ports=all|N[,N...]   a packet's source or destination port\n"
		"                            (default all; at most %u ports)\n"
		"  flow-cap=N                flows tracked per guest, 1..%u\n"
		"                            (default 1024); a new cap, protocols\n"
		"                            or ports start each table over\n"
		"  flow-idle=S               a flow without packets S seconds ends\n"
		"                            (1..%u, default 30)\n"
		"  flow-update=S             a long flow is reported again every S\n"
		"                            seconds (1..%u, default 60)\n"
		"The module parameters flow_classes, flow_ports, flow_cap,\n"
		"flow_idle_s, flow_update_s give the values at load, and show\n"
		"the current ones.\n",
		cmd, cmd, XTRAIL_FLOOD_WAIT_MAX, XTRAIL_FLOOD_WAIT_DEF,
		XTRAIL_IGNORE_UID_MAX, XTRAIL_IGNORE_COMM_MAX,
		XTRAIL_IGNORE_PATH_MAX, XTRAIL_IGNORE_PORT_MAX, cmd, cmd,
		XTRAIL_FLOWCFG_PORTS_MAX, XTRAIL_FLOWCFG_CAP_MAX,
		XTRAIL_FLOWCFG_SECONDS_MAX, XTRAIL_FLOWCFG_SECONDS_MAX);
}

/* The value of the macro @x as a string literal. */
#define XT_STR_(x)	#x
#define XT_STR(x)	XT_STR_(x)

struct config_get {
	struct xtrail_cfg c;
	struct xtrail_flowcfg fc;
	int got;
};

static int config_reply(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[XTRAIL_A_MAX + 1];
	struct config_get *g = arg;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, XTRAIL_A_MAX, xt_nl_policy))
		return NL_OK;
	if (tb[XTRAIL_A_CONFIG] && !xt_nl_cfg_get(tb[XTRAIL_A_CONFIG], &g->c))
		g->got = 1;
	if (tb[XTRAIL_A_FLOW_CONFIG] &&
	    !xt_nl_flow_get(tb[XTRAIL_A_FLOW_CONFIG], &g->fc) &&
	    g->fc.has == (1u << XTRAIL_FLOWCFG_NKEYS) - 1)
		g->got = 1;
	return NL_OK;
}

/* dom0's flow settings, every one (the module sends them all). */
static void config_print_flow(const struct xtrail_flowcfg *fc)
{
	char val[XTRAIL_FLOWCFG_VALUE_MAX];
	unsigned int k;

	for (k = 0; k < XTRAIL_FLOWCFG_NKEYS; k++)
		if (xtrail_flowcfg_format(fc, k, val, sizeof(val)) >= 0)
			printf("%s=%s\n", xtrail_flowcfg_name(k), val);
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

/*
 * Options into @domid (-1: "all", dom0's settings for every guest), @set
 * and @c or @fc: CLI_CONTINUE, or the exit status.
 */
static int config_opts(int argc, char *argv[], long *domid, int *set,
		       struct xtrail_cfg *c, struct xtrail_flowcfg *fc)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *cmd = argv[0];
	const char *const *kv;
	unsigned int id;
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
	kv = (const char *const *)argv + optind + 2;
	if (!strcmp(argv[optind + 1], "all")) {
		*domid = -1;
		/* Check every setting before sending any. */
		if (*set && xt_nl_flow_parse_args(cmd, argc - optind - 2, kv,
						  fc))
			return XT_EXIT_FAIL;
		return CLI_CONTINUE;
	}
	if (parse_uint(cmd, "domid", argv[optind + 1], 1, XTRAIL_DOMID_MAX,
		       &id))
		return XT_EXIT_FAIL;
	*domid = id;
	if (*set && xt_nl_cfg_parse_args(cmd, argc - optind - 2, kv, c))
		return XT_EXIT_FAIL;
	return CLI_CONTINUE;
}

int cmd_config(int argc, char *argv[])
{
	const char *cmd = argv[0];
	struct config_get g = { 0 };
	struct xtrail_flowcfg fc;
	struct xtrail_cfg c;
	struct xt_nl nl;
	long domid;
	int set, ret;

	ret = config_opts(argc, argv, &domid, &set, &c, &fc);
	if (ret != CLI_CONTINUE)
		return ret;
	ret = xt_nl_open(&nl, cmd);
	if (ret)
		return ret;
	if (set && domid < 0)
		ret = xt_nl_request(&nl, xt_nl_msg_flow_set(nl.family, &fc),
				    NULL, NULL);
	else if (set)
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
		if (domid < 0)
			config_print_flow(&g.fc);
		else
			config_print(&g.c);
	}
	return ret;
}
