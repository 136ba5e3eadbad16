// SPDX-License-Identifier: GPL-2.0
/*
 * xtrail status [--json]: every source the dom0 module knows (dom0's own
 * events and each guest), with its state and counters, over netlink; and
 * each collector the log replicates to, with its lag (repl_status.c).
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <json.h>

#include "xtrail_genl.h"
#include "cli.h"
#include "nl.h"
#include "record_json.h"
#include "repl_status.h"
#include "text_safe.h"

/* xtraild's default output (xtraild.conf(5)). */
#define STATUS_LOG	"/var/log/xtrail/f3.log"

struct status_list {
	struct xt_source *s;
	size_t n;
	int bad;
};

static void status_usage(FILE *f, const char *cmd)
{
	fprintf(f,
		"Usage: %s [--json] [--replication] [--log FILE]\n"
		"Show every source of records: dom0's own events (domid 0) and\n"
		"each guest the backend is bound to, with its state, the records,\n"
		"bytes and losses since it connected, protocol violations, and\n"
		"how full its rings are. --json prints one JSON array.\n"
		"Then each collector the log (--log, default %s) replicates\n"
		"to: connected or not, its lag in frames (the log's frames after\n"
		"what it acknowledged) and in seconds (since it last had all).\n"
		"--replication shows only that (--json: its own JSON array).\n",
		cmd, STATUS_LOG);
}

static int status_one(struct nl_msg *msg, void *arg)
{
	struct status_list *l = arg;
	struct nlattr *tb[XTRAIL_A_MAX + 1];
	struct xt_source *s;

	s = realloc(l->s, (l->n + 1) * sizeof(*s));
	if (!s) {
		l->bad = 1;
		return NL_STOP;
	}
	l->s = s;
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, XTRAIL_A_MAX, xt_nl_policy) ||
	    xt_nl_source_parse(tb, &s[l->n])) {
		l->bad = 1;
		return NL_SKIP;
	}
	l->n++;
	return NL_OK;
}

static void status_state(const struct xt_source *s, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s%s%s", xt_nl_state_name(s->state),
		 s->paused ? ",paused" : "",
		 s->reason && s->state != XTRAIL_SRC_CONNECTED ? " " : "",
		 s->reason && s->state != XTRAIL_SRC_CONNECTED ?
		 xt_json_disc_reason_name(s->reason) : "");
}

static void status_print(const struct status_list *l)
{
	char state[48], rings[48], name[4 * XTRAIL_NAME_LEN + 1];
	size_t i;

	printf("%5s  %-16s  %-22s  %10s  %12s  %8s  %4s  %s\n", "DOMID",
	       "NAME", "STATE", "RECORDS", "BYTES", "LOST", "VIOL", "RINGS");
	for (i = 0; i < l->n; i++) {
		const struct xt_source *s = &l->s[i];

		status_state(s, state, sizeof(state));
		/* NUL terminated by nl.c; shown escaped (text_safe.h) */
		xt_text_escape_buf(name, s->name, strlen(s->name), XT_ESC_RAW);
		if (s->has_rings)
			snprintf(rings, sizeof(rings),
				 "%u, %" PRIu64 "/%" PRIu64 " KiB used",
				 s->nr_rings, s->ring_used / 1024,
				 s->ring_size / 1024);
		else
			snprintf(rings, sizeof(rings), "-");
		printf("%5u  %-16.16s  %-22s  %10" PRIu64 "  %12" PRIu64
		       "  %8" PRIu64 "  %4" PRIu64 "  %s\n", s->domid,
		       name[0] ? name : "-", state, s->records, s->bytes,
		       s->lost, s->violations, rings);
	}
}

static int status_json(const struct status_list *l)
{
	struct json_object *a = json_object_new_array(), *o;
	size_t i;
	int ok = a != NULL;
	char *line;

	for (i = 0; ok && i < l->n; i++) {
		const struct xt_source *s = &l->s[i];

		o = json_object_new_object();
		ok = o && !json_object_array_add(a, o);
		if (!ok) {
			json_object_put(o);
			break;
		}
#define ADD(k, v)	(ok = ok && !json_object_object_add(o, k, v))
		ADD("domid", json_object_new_int(s->domid));
		ADD("devid", json_object_new_int64(s->devid));
		ADD("name", json_object_new_string(s->name));
		ADD("state", json_object_new_string(xt_nl_state_name(s->state)));
		ADD("paused", json_object_new_boolean(s->paused));
		ADD("records", json_object_new_uint64(s->records));
		ADD("bytes", json_object_new_uint64(s->bytes));
		ADD("lost", json_object_new_uint64(s->lost));
		ADD("violations", json_object_new_uint64(s->violations));
		if (s->has_rings) {
			ADD("rings", json_object_new_int64(s->nr_rings));
			ADD("ring_used", json_object_new_uint64(s->ring_used));
			ADD("ring_size", json_object_new_uint64(s->ring_size));
		}
		if (s->reason)
			ADD("reason", json_object_new_string(
				xt_json_disc_reason_name(s->reason)));
#undef ADD
	}
	line = ok ? xt_json_line(a) : NULL;
	ok = ok && line && puts(line) >= 0;
	free(line);
	json_object_put(a);
	return ok ? 0 : -1;
}

int cmd_status(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "replication", no_argument, NULL, 'r' },
		{ "log", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *cmd = argv[0], *log = STATUS_LOG;
	struct status_list l = { 0 };
	int o, json = 0, repl = 0, ret;
	struct xt_nl nl;

	while ((o = getopt_long(argc, argv, "+hj", opts, NULL)) != -1) {
		switch (o) {
		case 'j':
			json = 1;
			break;
		case 'r':
			repl = 1;
			break;
		case 'l':
			log = optarg;
			break;
		case 'h':
			status_usage(stdout, cmd);
			return 0;
		default:
			status_usage(stderr, cmd);
			return XT_EXIT_FAIL;
		}
	}
	if (optind != argc) {
		status_usage(stderr, cmd);
		return XT_EXIT_FAIL;
	}
	if (repl)
		return repl_status(cmd, log, json) ? XT_EXIT_FAIL : 0;
	ret = xt_nl_open(&nl, cmd);
	if (ret)
		return ret;
	ret = xt_nl_request(&nl, xt_nl_msg_new(nl.family, XTRAIL_CMD_GET_STATUS,
					    NLM_F_DUMP), status_one, &l);
	xt_nl_close(&nl);
	if (!ret && l.bad) {
		fprintf(stderr, "%s: malformed answer from the module\n", cmd);
		ret = XT_EXIT_FAIL;
	}
	if (!ret) {
		if (json)
			ret = status_json(&l) ? XT_EXIT_FAIL : 0;
		else
			status_print(&l);
	}
	free(l.s);
	if (!ret && !json && repl_status(cmd, log, 0))
		ret = XT_EXIT_FAIL;
	return ret;
}
