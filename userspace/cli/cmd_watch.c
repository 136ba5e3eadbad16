// SPDX-License-Identifier: GPL-2.0
/*
 * xtrail watch: a live tail of the dom0 module's multicast groups, as JSON
 * Lines: the sources' state changes ("events": connect, disconnect,
 * violation, pause, resume) and a copy of every guest record the backend
 * takes ("records", root only). The log on disk is the reference; this is
 * a view of what passes now, and may miss records when it falls behind.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <json.h>
#include <netlink/genl/ctrl.h>

#include "xtrail_genl.h"
#include "xtrail_ring.h"
#include "cli.h"
#include "nl.h"
#include "record_json.h"

#define WATCH_RCVBUF	(4 << 20)
#define WATCH_COUNT_MAX	(1u << 31)

struct watch_ctx {
	int events_only;
	unsigned long count;	/* lines to print, 0: no limit */
	unsigned long lines;
	struct xtrail_clock_ref clk;
};

static void watch_usage(FILE *f, const char *cmd)
{
	fprintf(f,
		"Usage: %s [--events-only] [--count N]\n"
		"Print, as JSON Lines, the state changes of the sources (connect,\n"
		"disconnect, violation, pause, resume) and, unless --events-only,\n"
		"a copy of every guest record the backend takes (needs root).\n"
		"--count N: exit after N lines.\n",
		cmd);
}

static struct json_object *watch_event(struct nlattr **tb)
{
	struct json_object *o = json_object_new_object();
	unsigned int ev, reason = 0;

	if (!o || !tb[XTRAIL_A_EVENT])
		return o;
	ev = nla_get_u8(tb[XTRAIL_A_EVENT]);
	if (tb[XTRAIL_A_REASON])
		reason = nla_get_u32(tb[XTRAIL_A_REASON]);
	json_object_object_add(o, "event",
			       json_object_new_string(xt_nl_event_name(ev)));
	json_object_object_add(o, "domid", tb[XTRAIL_A_DOMID] ?
			       json_object_new_int(nla_get_u32(tb[XTRAIL_A_DOMID])) :
			       NULL);
	if (ev == XTRAIL_NL_EV_DISCONNECT)
		json_object_object_add(o, "reason", json_object_new_string(
					xt_json_disc_reason_name(reason)));
	else if (ev == XTRAIL_NL_EV_VIOLATION)
		json_object_object_add(o, "reason", json_object_new_string(
					xtrail_verdict_str(reason)));
	return o;
}

char *watch_line(struct nl_msg *msg, struct xtrail_clock_ref *clk)
{
	struct genlmsghdr *g = nlmsg_data(nlmsg_hdr(msg));
	struct nlattr *tb[XTRAIL_A_MAX + 1];
	struct json_object *o;
	const void *rec;
	uint32_t len;
	char *line;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, XTRAIL_A_MAX, xt_nl_policy))
		return NULL;
	if (g->cmd == XTRAIL_CMD_EVENT) {
		o = watch_event(tb);
	} else {
		if (g->cmd != XTRAIL_CMD_RECORD || !tb[XTRAIL_A_RECORD])
			return NULL;
		rec = nla_data(tb[XTRAIL_A_RECORD]);
		len = nla_len(tb[XTRAIL_A_RECORD]);
		if (xtrail_rec_check(rec, len, 0) != XTRAIL_OK)
			return NULL;
		xt_json_clock_ref_update(clk, rec);
		o = xt_json_rec(rec, len, clk);
	}
	/* safe to show: xt_json_line() escapes what json-c leaves */
	line = o ? xt_json_line(o) : NULL;
	json_object_put(o);
	return line;
}

static int watch_msg(struct nl_msg *msg, void *arg)
{
	struct watch_ctx *w = arg;
	char *line = watch_line(msg, &w->clk);

	if (!line)
		return NL_SKIP;
	puts(line);
	free(line);
	fflush(stdout);
	return w->count && ++w->lines >= w->count ? NL_STOP : NL_OK;
}

static int watch_join(struct xt_nl *nl, const char *group)
{
	int grp = genl_ctrl_resolve_grp(nl->sk, XTRAIL_GENL_NAME, group);
	int err = grp < 0 ? grp : nl_socket_add_membership(nl->sk, grp);

	if (!err)
		return 0;
	if (err == -NLE_PERM) {
		fprintf(stderr,
			"%s: not permitted to watch %s: the xtrail groups need CAP_NET_ADMIN (run as root)\n",
			nl->cmd, group);
		return XT_EXIT_PERM;
	}
	fprintf(stderr, "%s: joining group %s: %s\n", nl->cmd, group,
		nl_geterror(err));
	return XT_EXIT_FAIL;
}

/* Options into @w: CLI_CONTINUE, or the exit status. */
static int watch_opts(int argc, char *argv[], struct watch_ctx *w)
{
	static const struct option opts[] = {
		{ "events-only", no_argument, NULL, 'e' },
		{ "count", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *cmd = argv[0];
	unsigned int count;
	int o;

	while ((o = getopt_long(argc, argv, "+hen:", opts, NULL)) != -1) {
		switch (o) {
		case 'e':
			w->events_only = 1;
			break;
		case 'n':
			if (parse_uint(cmd, "count", optarg, 1, WATCH_COUNT_MAX,
				       &count))
				return XT_EXIT_FAIL;
			w->count = count;
			break;
		case 'h':
			watch_usage(stdout, cmd);
			return 0;
		default:
			watch_usage(stderr, cmd);
			return XT_EXIT_FAIL;
		}
	}
	if (optind != argc) {
		watch_usage(stderr, cmd);
		return XT_EXIT_FAIL;
	}
	return CLI_CONTINUE;
}

/* Print what arrives until --count lines; 0 or the exit status. */
static int watch_loop(struct xt_nl *nl, struct watch_ctx *w)
{
	int ret;

	nl_socket_disable_seq_check(nl->sk);
	nl_socket_set_buffer_size(nl->sk, WATCH_RCVBUF, 0);
	nl_socket_modify_cb(nl->sk, NL_CB_VALID, NL_CB_CUSTOM, watch_msg, w);
	while (!w->count || w->lines < w->count) {
		ret = nl_recvmsgs_default(nl->sk);
		if (ret == -NLE_NOMEM) {
			/* ENOBUFS: the socket overflowed, records were missed. */
			fprintf(stderr, "%s: fell behind, some messages were missed\n",
				nl->cmd);
			continue;
		}
		if (ret < 0) {
			fprintf(stderr, "%s: netlink: %s\n", nl->cmd,
				nl_geterror(ret));
			return XT_EXIT_FAIL;
		}
	}
	return 0;
}

int cmd_watch(int argc, char *argv[])
{
	struct watch_ctx w = { 0 };
	struct xt_nl nl;
	int ret;

	ret = watch_opts(argc, argv, &w);
	if (ret != CLI_CONTINUE)
		return ret;
	ret = xt_nl_open(&nl, argv[0]);
	if (ret)
		return ret;
	ret = watch_join(&nl, XTRAIL_GENL_MCGRP_EVENTS);
	if (!ret && !w.events_only)
		ret = watch_join(&nl, XTRAIL_GENL_MCGRP_RECORDS);
	if (!ret)
		ret = watch_loop(&nl, &w);
	xt_nl_close(&nl);
	return ret;
}
