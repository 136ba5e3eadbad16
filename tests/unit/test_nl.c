// SPDX-License-Identifier: GPL-2.0
/*
 * The control plane's userspace half: the settings' text form and checks
 * (shared/xtrail_cfg.h, which the dom0 module runs too), the CLI's
 * KEY=VALUE parsing, and the netlink messages it builds and parses
 * (userspace/lib/nl.c), checked attribute by attribute as the kernel's strict
 * parser will see them; and the line "xtrail watch" prints for a message.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cli.h"
#include "nl.h"
#include "record_json.h"
#include "test_safe.h"
#include "test_util.h"

#define FAMILY	42

static const char *parse(struct xtrail_cfg *c, const char *key,
			 const char *val)
{
	int k = xtrail_cfg_key(key, strlen(key));

	assert_true(k >= 0);
	return xtrail_cfg_parse(c, k, val);
}

/* Parse @val as @key, format it back: @want. */
static void roundtrip(const char *key, const char *val, const char *want)
{
	struct xtrail_cfg c = { 0 };
	char buf[XTRAIL_CFG_VALUE_MAX + 1];
	const char *err = parse(&c, key, val);

	if (err)
		fail_msg("%s=%s: %s", key, val, err);
	assert_null(xtrail_cfg_check(&c));
	assert_true(xtrail_cfg_format(&c, xtrail_cfg_key(key, strlen(key)),
				      buf, sizeof(buf)) >= 0);
	assert_string_equal(buf, want);
}

static void test_text_roundtrip(void **state)
{
	roundtrip("events", "all", "all");
	roundtrip("events", "file,exec", "exec,file");
	/* TCP state changes are a class of their own, off by default. */
	roundtrip("events", "exec,fork,exit,file,net,tty,syscall",
		  "exec,fork,exit,file,net,tty,syscall");
	roundtrip("events", "exec,fork,exit,file,net,tty,syscall,tcpstate",
		  "all");
	roundtrip("events", "net,tcpstate", "net,tcpstate");
	roundtrip("events", "syscall", "syscall");
	roundtrip("flood", "wait", "wait");
	roundtrip("flood-wait-us", "0", "0");
	roundtrip("flood-wait-us", "10000", "10000");
	roundtrip("ignore-uid", "", "");
	roundtrip("ignore-uid", "0,1000,4294967294", "0,1000,4294967294");
	roundtrip("ignore-uid", "1,2,3,4,5,6,7,8", "1,2,3,4,5,6,7,8");
	roundtrip("ignore-comm", "sshd,cron,a-b_c.d", "sshd,cron,a-b_c.d");
	roundtrip("ignore-comm", "fifteen-bytes15", "fifteen-bytes15");
	roundtrip("ignore-path", "/tmp/,/var/log", "/tmp/,/var/log");
	roundtrip("ignore-port", "1,22,65535", "1,22,65535");
}

static void bad(const char *key, const char *val, const char *why)
{
	struct xtrail_cfg c = { 0 };
	const char *err = parse(&c, key, val);

	if (!err)
		err = xtrail_cfg_check(&c);
	if (!err)
		fail_msg("%s=%s accepted", key, val);
	if (!strstr(err, why))
		fail_msg("%s=%s: \"%s\", want \"%s\"", key, val, err, why);
}

/*
 * What a guest records while dom0 set no events: every class but TCP
 * state changes (about ten records per connection; CONNECT, ACCEPT and
 * CLOSE stay), which "all" or "tcpstate" turns on.
 */
static void test_events_default(void **state)
{
	struct xtrail_cfg c = { .has = 1u << XTRAIL_CFG_EVENTS,
				.events = XTRAIL_EV_DEFAULT };
	char buf[XTRAIL_CFG_VALUE_MAX + 1];

	assert_int_equal(XTRAIL_EV_DEFAULT & XTRAIL_EV_TCPSTATE, 0);
	assert_int_equal(XTRAIL_EV_DEFAULT | XTRAIL_EV_TCPSTATE, XTRAIL_EV_ALL);
	assert_null(xtrail_cfg_check(&c));
	assert_true(xtrail_cfg_format(&c, XTRAIL_CFG_EVENTS, buf,
				      sizeof(buf)) >= 0);
	assert_string_equal(buf, "exec,fork,exit,file,net,tty,syscall");
}

static void test_text_bad(void **state)
{
	bad("events", "", "at least one");
	bad("events", "exec,bogus", "unknown class");
	bad("events", "exec,", "unknown class");
	bad("events", "EXEC", "unknown class");
	bad("flood", "maybe", "drop or wait");
	bad("flood-wait-us", "10001", "0..10000");
	bad("flood-wait-us", "-1", "0..10000");
	bad("flood-wait-us", "1e3", "0..10000");
	bad("ignore-uid", "4294967295", "not a uid");
	bad("ignore-uid", "99999999999", "not a uid");
	bad("ignore-uid", "1,2,3,4,5,6,7,8,9", "at most 8");
	bad("ignore-uid", "1,,2", "not a uid");
	bad("ignore-uid", "1,", "not a uid");
	bad("ignore-uid", " 1", "not a uid");
	bad("ignore-uid", "root", "not a uid");
	bad("ignore-comm", "sixteen-bytes-16", "longer than 15");
	bad("ignore-comm", "a b", "non-printable");
	bad("ignore-comm", "a,,b", "empty task name");
	bad("ignore-comm", "1,2,3,4,5,6,7,8,9", "at most 8");
	bad("ignore-path", "tmp", "not an absolute path");
	bad("ignore-path", "/a,b", "not an absolute path");
	bad("ignore-path", "/a,/b,/c,/d,/e", "at most 4");
	bad("ignore-path", "/tab\there", "non-printable");
	bad("ignore-port", "0", "not a port");
	bad("ignore-port", "65536", "not a port");
	bad("ignore-port", "1,2,3,4,5,6,7,8,9", "at most 8");
}

/* A path of 127 bytes fits (with its NUL, the limit); 128 does not. */
static void test_text_path_limit(void **state)
{
	char val[200];
	struct xtrail_cfg c = { 0 };

	memset(val, 'p', sizeof(val));
	val[0] = '/';
	val[XTRAIL_IGNORE_PATH_LEN - 1] = '\0';
	assert_null(parse(&c, "ignore-path", val));
	assert_null(xtrail_cfg_check(&c));
	val[XTRAIL_IGNORE_PATH_LEN - 1] = 'p';
	val[XTRAIL_IGNORE_PATH_LEN] = '\0';
	bad("ignore-path", val, "128 bytes or more");
}

/* The kernel's check catches what a message could carry past the parser. */
static void test_check_struct(void **state)
{
	struct xtrail_cfg c = { 0 };

	c.has = 1u << XTRAIL_CFG_EVENTS;
	c.events = XTRAIL_EV_ALL + 1;	/* the first bit of no class */
	assert_non_null(xtrail_cfg_check(&c));
	c.events = XTRAIL_EV_EXEC;
	assert_null(xtrail_cfg_check(&c));
	c.has |= 1u << XTRAIL_CFG_FLOOD;
	c.flood = 2;
	assert_non_null(xtrail_cfg_check(&c));
	c.flood = XTRAIL_FLOOD_WAIT;
	c.n_port = 1;
	c.port[0] = 0;
	assert_non_null(xtrail_cfg_check(&c));
	c.port[0] = 22;
	strcpy(c.comm[0], "x,y");
	c.n_comm = 1;
	assert_non_null(xtrail_cfg_check(&c));
	strcpy(c.comm[0], "xy");
	assert_null(xtrail_cfg_check(&c));
	c.n_uid = XTRAIL_IGNORE_UID_MAX + 1;
	assert_non_null(xtrail_cfg_check(&c));
}

static void test_parse_args(void **state)
{
	static const char *const ok[] = { "events=exec", "ignore-uid=1000", "events=file,net" };
	static const char *const noeq[] = { "events" };
	static const char *const unknown[] = { "colour=red" };
	static const char *const badval[] = { "ignore-port=22", "ignore-path=relative" };
	struct xtrail_cfg c;

	assert_int_equal(xt_nl_cfg_parse_args("t", 3, ok, &c), 0);
	/* A later value of a key replaces the earlier one. */
	assert_int_equal(c.events, XTRAIL_EV_FILE | XTRAIL_EV_NET);
	assert_int_equal(c.has, (1u << XTRAIL_CFG_EVENTS) |
				(1u << XTRAIL_CFG_IGNORE_UID));
	assert_int_equal(c.n_uid, 1);
	assert_int_equal(c.uid[0], 1000);
	assert_int_equal(xt_nl_cfg_parse_args("t", 1, noeq, &c), -1);
	assert_int_equal(xt_nl_cfg_parse_args("t", 1, unknown, &c), -1);
	assert_int_equal(xt_nl_cfg_parse_args("t", 2, badval, &c), -1);
}

/* The request as the kernel sees it: header, DOMID, nests flagged. */
static void test_msg_config_set(void **state)
{
	static const char *const args[] = { "events=exec,net", "flood=wait", "flood-wait-us=250",
			 "ignore-uid=0,1000", "ignore-comm=sshd",
			 "ignore-path=/tmp", "ignore-port=" };
	struct nlattr *tb[XTRAIL_A_MAX + 1], *cfg[XTRAIL_CFG_A_MAX + 1], *a;
	struct xtrail_cfg c, back;
	struct genlmsghdr *g;
	struct nlmsghdr *nlh;
	struct nl_msg *msg;
	int rem, n = 0;

	assert_int_equal(xt_nl_cfg_parse_args("t", 7, args, &c), 0);
	msg = xt_nl_msg_config_set(FAMILY, 7, &c);
	assert_non_null(msg);
	nlh = nlmsg_hdr(msg);
	assert_int_equal(nlh->nlmsg_type, FAMILY);
	g = nlmsg_data(nlh);
	assert_int_equal(g->cmd, XTRAIL_CMD_SET_CONFIG);
	assert_int_equal(g->version, XTRAIL_GENL_VERSION);
	assert_int_equal(g->reserved, 0);
	assert_int_equal(genlmsg_parse(nlh, 0, tb, XTRAIL_A_MAX, xt_nl_policy),
			 0);
	assert_int_equal(nla_get_u32(tb[XTRAIL_A_DOMID]), 7);
	assert_null(tb[XTRAIL_A_DEVID]);
	assert_non_null(tb[XTRAIL_A_CONFIG]);
	/* The kernel's strict parser wants NLA_F_NESTED on every nest. */
	assert_true(tb[XTRAIL_A_CONFIG]->nla_type & NLA_F_NESTED);
	assert_int_equal(nla_parse_nested(cfg, XTRAIL_CFG_A_MAX,
					  tb[XTRAIL_A_CONFIG], NULL), 0);
	assert_int_equal(nla_get_u32(cfg[XTRAIL_CFG_A_EVENTS]),
			 XTRAIL_EV_EXEC | XTRAIL_EV_NET);
	assert_int_equal(nla_len(cfg[XTRAIL_CFG_A_FLOOD]), 1);
	assert_int_equal(nla_get_u8(cfg[XTRAIL_CFG_A_FLOOD]),
			 XTRAIL_FLOOD_WAIT);
	assert_int_equal(nla_get_u32(cfg[XTRAIL_CFG_A_FLOOD_WAIT_US]), 250);
	assert_true(cfg[XTRAIL_CFG_A_IGNORE_UID]->nla_type & NLA_F_NESTED);
	nla_for_each_nested(a, cfg[XTRAIL_CFG_A_IGNORE_UID], rem) {
		assert_int_equal(nla_type(a), XTRAIL_LIST_A_UID);
		assert_int_equal(nla_len(a), 4);
		assert_int_equal(nla_get_u32(a), n++ ? 1000 : 0);
	}
	assert_int_equal(n, 2);
	a = nla_data(cfg[XTRAIL_CFG_A_IGNORE_COMM]);
	assert_int_equal(nla_type(a), XTRAIL_LIST_A_COMM);
	assert_int_equal(nla_len(a), 5);	/* "sshd" and its NUL */
	assert_string_equal(nla_data(a), "sshd");
	/* An empty list is an empty nest: it clears the filter. */
	assert_non_null(cfg[XTRAIL_CFG_A_IGNORE_PORT]);
	assert_int_equal(nla_len(cfg[XTRAIL_CFG_A_IGNORE_PORT]), 0);

	/* What config get parses back is what was sent. */
	assert_int_equal(xt_nl_cfg_get(tb[XTRAIL_A_CONFIG], &back), 0);
	assert_memory_equal(&back, &c, sizeof(c));
	nlmsg_free(msg);
}

/* Requests without settings: DOMID only when there is one. */
static void test_msg_domid(void **state)
{
	struct nlattr *tb[XTRAIL_A_MAX + 1];
	struct nl_msg *msg = xt_nl_msg_domid(FAMILY, XTRAIL_CMD_PAUSE, -1);

	assert_non_null(msg);
	assert_int_equal(genlmsg_parse(nlmsg_hdr(msg), 0, tb, XTRAIL_A_MAX,
				       xt_nl_policy), 0);
	assert_null(tb[XTRAIL_A_DOMID]);
	nlmsg_free(msg);
	msg = xt_nl_msg_domid(FAMILY, XTRAIL_CMD_GET_CONFIG, 32751);
	assert_int_equal(genlmsg_parse(nlmsg_hdr(msg), 0, tb, XTRAIL_A_MAX,
				       xt_nl_policy), 0);
	assert_int_equal(nla_get_u32(tb[XTRAIL_A_DOMID]), 32751);
	nlmsg_free(msg);
	msg = xt_nl_msg_new(FAMILY, XTRAIL_CMD_GET_STATUS, NLM_F_DUMP);
	assert_int_equal(nlmsg_hdr(msg)->nlmsg_flags & NLM_F_DUMP,
			 NLM_F_DUMP);
	nlmsg_free(msg);
}

/* A reply the module could send wrongly is refused, not half-read. */
static void test_cfg_get_bad(void **state)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct nlattr *nest, *list;
	struct xtrail_cfg c;

	nest = nla_nest_start(msg, XTRAIL_A_CONFIG | NLA_F_NESTED);
	list = nla_nest_start(msg, XTRAIL_CFG_A_IGNORE_UID | NLA_F_NESTED);
	nla_put_string(msg, XTRAIL_LIST_A_COMM, "sshd");	/* wrong type */
	nla_nest_end(msg, list);
	nla_nest_end(msg, nest);
	assert_int_equal(xt_nl_cfg_get(nest, &c), -1);
	nlmsg_free(msg);

	msg = nlmsg_alloc();
	nest = nla_nest_start(msg, XTRAIL_A_CONFIG | NLA_F_NESTED);
	list = nla_nest_start(msg, XTRAIL_CFG_A_IGNORE_PORT | NLA_F_NESTED);
	nla_put_u16(msg, XTRAIL_LIST_A_PORT, 0);		/* port 0 */
	nla_nest_end(msg, list);
	nla_nest_end(msg, nest);
	assert_int_equal(xt_nl_cfg_get(nest, &c), -1);
	nlmsg_free(msg);
}

/* ---- dom0's flow settings (shared/xtrail_flowcfg.h) ---------------------- */

static const char *flow_parse(struct xtrail_flowcfg *fc, const char *key,
			      const char *val)
{
	int k = xtrail_flowcfg_key(key, strlen(key));

	assert_true(k >= 0);
	return xtrail_flowcfg_parse(fc, k, val);
}

static void flow_roundtrip(const char *key, const char *val, const char *want)
{
	struct xtrail_flowcfg fc = { 0 };
	char buf[XTRAIL_FLOWCFG_VALUE_MAX];
	const char *err = flow_parse(&fc, key, val);

	if (err)
		fail_msg("%s=%s: %s", key, val, err);
	assert_null(xtrail_flowcfg_check(&fc));
	assert_true(xtrail_flowcfg_format(&fc, xtrail_flowcfg_key(key,
								  strlen(key)),
					  buf, sizeof(buf)) >= 0);
	assert_string_equal(buf, want);
}

static void flow_bad(const char *key, const char *val, const char *why)
{
	struct xtrail_flowcfg fc = { 0 };
	const char *err = flow_parse(&fc, key, val);

	if (!err)
		fail_msg("%s=%s accepted", key, val);
	if (!strstr(err, why))
		fail_msg("%s=%s: '%s', want '%s'", key, val, err, why);
}

static void test_flow_text(void **state)
{
	flow_roundtrip("flow", "tcp,udp", "tcp,udp");
	flow_roundtrip("flow", "udp,tcp", "tcp,udp");
	flow_roundtrip("flow", "tcp", "tcp");
	flow_roundtrip("flow", "udp", "udp");
	flow_roundtrip("flow", "off", "off");
	flow_roundtrip("flow-ports", "all", "all");
	flow_roundtrip("flow-ports", "25,587", "25,587");
	flow_roundtrip("flow-ports", "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,65535",
		       "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,65535");
	flow_roundtrip("flow-cap", "64", "64");
	flow_roundtrip("flow-cap", "1", "1");
	flow_roundtrip("flow-cap", "65536", "65536");
	flow_roundtrip("flow-idle", "30", "30");
	flow_roundtrip("flow-update", "86400", "86400");

	flow_bad("flow", "", "off, or tcp");
	flow_bad("flow", "tcp,", "off, or tcp");
	flow_bad("flow", "tcp,tcp", "named twice");
	flow_bad("flow", "TCP", "off, or tcp");
	flow_bad("flow", "icmp", "off, or tcp");
	flow_bad("flow", "off,tcp", "off, or tcp");
	flow_bad("flow-ports", "", "all, or ports");
	flow_bad("flow-ports", "0", "all, or ports");
	flow_bad("flow-ports", "65536", "all, or ports");
	flow_bad("flow-ports", "25,", "all, or ports");
	flow_bad("flow-ports", "all,25", "all, or ports");
	flow_bad("flow-ports", "025", "all, or ports");
	flow_bad("flow-ports", "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17",
		 "at most 16");
	flow_bad("flow-cap", "0", "1..65536");
	flow_bad("flow-cap", "65537", "1..65536");
	flow_bad("flow-cap", "064", "1..65536");
	flow_bad("flow-cap", "+64", "1..65536");
	flow_bad("flow-cap", "64 ", "1..65536");
	flow_bad("flow-cap", "", "1..65536");
	flow_bad("flow-idle", "0", "1..86400");
	flow_bad("flow-idle", "86401", "1..86400");
	flow_bad("flow-update", "99999999999", "1..86400");
}

/* The structure's limits, whoever filled it (a reply, the kernel). */
static void test_flow_check(void **state)
{
	struct xtrail_flowcfg fc = { 0 };

	assert_null(xtrail_flowcfg_check(&fc));
	fc.has = 1u << XTRAIL_FLOWCFG_FLOW;
	fc.classes = 4;
	assert_non_null(xtrail_flowcfg_check(&fc));
	fc.classes = XTRAIL_FLOWCFG_CLASSES;
	assert_null(xtrail_flowcfg_check(&fc));
	fc.nports = 1;		/* port 0 */
	assert_non_null(xtrail_flowcfg_check(&fc));
	fc.ports[0] = 25;
	assert_null(xtrail_flowcfg_check(&fc));
	fc.nports = XTRAIL_FLOWCFG_PORTS_MAX + 1;
	assert_non_null(xtrail_flowcfg_check(&fc));
	fc.nports = 0;
	fc.has |= 1u << XTRAIL_FLOWCFG_CAP;	/* cap 0 */
	assert_non_null(xtrail_flowcfg_check(&fc));
	fc.cap = XTRAIL_FLOWCFG_CAP_MAX;
	assert_null(xtrail_flowcfg_check(&fc));
	fc.has |= 1u << XTRAIL_FLOWCFG_UPDATE;
	fc.update_s = XTRAIL_FLOWCFG_SECONDS_MAX + 1;
	assert_non_null(xtrail_flowcfg_check(&fc));
}

static void test_flow_parse_args(void **state)
{
	static const char *const ok[] = { "flow-cap=64", "flow=tcp", "flow-ports=25", "flow=udp" };
	static const char *const guest[] = { "events=exec" };
	static const char *const dom0[] = { "flow-cap=64" };
	static const char *const badval[] = { "flow-cap=64", "flow-idle=0" };
	struct xtrail_flowcfg fc;
	struct xtrail_cfg c;

	assert_int_equal(xt_nl_flow_parse_args("t", 4, ok, &fc), 0);
	/* A later value of a key replaces the earlier one. */
	assert_int_equal(fc.classes, XTRAIL_FLOWCFG_UDP);
	assert_int_equal(fc.has, (1u << XTRAIL_FLOWCFG_FLOW) |
				 (1u << XTRAIL_FLOWCFG_PORTS) |
				 (1u << XTRAIL_FLOWCFG_CAP));
	assert_int_equal(fc.cap, 64);
	assert_int_equal(fc.nports, 1);
	assert_int_equal(fc.ports[0], 25);
	/* A guest's setting for "all", dom0's for a guest: refused. */
	assert_int_equal(xt_nl_flow_parse_args("t", 1, guest, &fc), -1);
	assert_int_equal(xt_nl_cfg_parse_args("t", 1, dom0, &c), -1);
	assert_int_equal(xt_nl_flow_parse_args("t", 2, badval, &fc), -1);
}

/* The request as the kernel sees it: no DOMID, the nests flagged. */
static void test_msg_flow_set(void **state)
{
	static const char *const args[] = { "flow=tcp", "flow-ports=25,587", "flow-cap=64",
			 "flow-idle=5", "flow-update=7" };
	static const char *const all[] = { "flow-ports=all" };
	struct nlattr *tb[XTRAIL_A_MAX + 1], *f[XTRAIL_FLOWCFG_A_MAX + 1], *a;
	struct xtrail_flowcfg fc, back;
	struct nl_msg *msg;
	int rem, n = 0;

	assert_int_equal(xt_nl_flow_parse_args("t", 5, args, &fc), 0);
	msg = xt_nl_msg_flow_set(FAMILY, &fc);
	assert_non_null(msg);
	assert_int_equal(((struct genlmsghdr *)nlmsg_data(nlmsg_hdr(msg)))->cmd,
			 XTRAIL_CMD_SET_CONFIG);
	assert_int_equal(genlmsg_parse(nlmsg_hdr(msg), 0, tb, XTRAIL_A_MAX,
				       xt_nl_policy), 0);
	assert_null(tb[XTRAIL_A_DOMID]);
	assert_null(tb[XTRAIL_A_CONFIG]);
	assert_non_null(tb[XTRAIL_A_FLOW_CONFIG]);
	assert_true(tb[XTRAIL_A_FLOW_CONFIG]->nla_type & NLA_F_NESTED);
	assert_int_equal(nla_parse_nested(f, XTRAIL_FLOWCFG_A_MAX,
					  tb[XTRAIL_A_FLOW_CONFIG], NULL), 0);
	assert_int_equal(nla_get_u32(f[XTRAIL_FLOWCFG_A_CLASSES]),
			 XTRAIL_FLOWCFG_TCP);
	assert_int_equal(nla_get_u32(f[XTRAIL_FLOWCFG_A_CAP]), 64);
	assert_int_equal(nla_get_u32(f[XTRAIL_FLOWCFG_A_IDLE_S]), 5);
	assert_int_equal(nla_get_u32(f[XTRAIL_FLOWCFG_A_UPDATE_S]), 7);
	assert_true(f[XTRAIL_FLOWCFG_A_PORTS]->nla_type & NLA_F_NESTED);
	nla_for_each_nested(a, f[XTRAIL_FLOWCFG_A_PORTS], rem) {
		assert_int_equal(nla_type(a), XTRAIL_LIST_A_PORT);
		assert_int_equal(nla_len(a), 2);
		assert_int_equal(nla_get_u16(a), n++ ? 587 : 25);
	}
	assert_int_equal(n, 2);
	/* What config get all parses back is what was sent. */
	assert_int_equal(xt_nl_flow_get(tb[XTRAIL_A_FLOW_CONFIG], &back), 0);
	assert_memory_equal(&back, &fc, sizeof(fc));
	nlmsg_free(msg);

	/* "all" ports is an empty nest; nothing else is sent. */
	assert_int_equal(xt_nl_flow_parse_args("t", 1, all, &fc), 0);
	msg = xt_nl_msg_flow_set(FAMILY, &fc);
	assert_int_equal(genlmsg_parse(nlmsg_hdr(msg), 0, tb, XTRAIL_A_MAX,
				       xt_nl_policy), 0);
	assert_int_equal(nla_parse_nested(f, XTRAIL_FLOWCFG_A_MAX,
					  tb[XTRAIL_A_FLOW_CONFIG], NULL), 0);
	assert_non_null(f[XTRAIL_FLOWCFG_A_PORTS]);
	assert_int_equal(nla_len(f[XTRAIL_FLOWCFG_A_PORTS]), 0);
	assert_null(f[XTRAIL_FLOWCFG_A_CLASSES]);
	assert_null(f[XTRAIL_FLOWCFG_A_CAP]);
	nlmsg_free(msg);
}

/* A reply the module could send wrongly is refused, not half-read. */
static void test_flow_get_bad(void **state)
{
	struct xtrail_flowcfg fc;
	struct nlattr *nest;
	struct nl_msg *msg;

	msg = nlmsg_alloc();
	nest = nla_nest_start(msg, XTRAIL_A_FLOW_CONFIG | NLA_F_NESTED);
	nla_put_u32(msg, XTRAIL_FLOWCFG_A_CAP, 0);		/* cap 0 */
	nla_nest_end(msg, nest);
	assert_int_equal(xt_nl_flow_get(nest, &fc), -1);
	nlmsg_free(msg);

	msg = nlmsg_alloc();
	nest = nla_nest_start(msg, XTRAIL_A_FLOW_CONFIG | NLA_F_NESTED);
	nla_put_u32(msg, XTRAIL_FLOWCFG_A_CLASSES, 8);		/* no class */
	nla_nest_end(msg, nest);
	assert_int_equal(xt_nl_flow_get(nest, &fc), -1);
	nlmsg_free(msg);
}

static void test_source_parse(void **state)
{
	struct nlattr *tb[XTRAIL_A_MAX + 1];
	struct nl_msg *msg = xt_nl_msg_new(FAMILY, XTRAIL_CMD_GET_STATUS, 0);
	struct xt_source s;

	nla_put_u32(msg, XTRAIL_A_DOMID, 3);
	nla_put_u32(msg, XTRAIL_A_DEVID, 0);
	nla_put_string(msg, XTRAIL_A_NAME, "guest3");
	nla_put_u8(msg, XTRAIL_A_STATE, XTRAIL_SRC_CONNECTED);
	nla_put_u8(msg, XTRAIL_A_PAUSED, 1);
	nla_put_u64(msg, XTRAIL_A_RECORDS, 1ull << 40);
	nla_put_u64(msg, XTRAIL_A_LOST, 17);
	nla_put_u32(msg, XTRAIL_A_NR_RINGS, 2);
	nla_put_u64(msg, XTRAIL_A_RING_USED, 4096);
	nla_put_u64(msg, XTRAIL_A_RING_SIZE, 131072);
	assert_int_equal(genlmsg_parse(nlmsg_hdr(msg), 0, tb, XTRAIL_A_MAX,
				       xt_nl_policy), 0);
	assert_int_equal(xt_nl_source_parse(tb, &s), 0);
	assert_int_equal(s.domid, 3);
	assert_string_equal(s.name, "guest3");
	assert_string_equal(xt_nl_state_name(s.state), "connected");
	assert_int_equal(s.paused, 1);
	assert_int_equal(s.records, 1ull << 40);
	assert_int_equal(s.lost, 17);
	assert_int_equal(s.has_rings, 1);
	assert_int_equal(s.ring_size, 131072);
	nlmsg_free(msg);

	/* No DOMID: not a source. */
	msg = xt_nl_msg_new(FAMILY, XTRAIL_CMD_GET_STATUS, 0);
	nla_put_u8(msg, XTRAIL_A_STATE, XTRAIL_SRC_LOCAL);
	assert_int_equal(genlmsg_parse(nlmsg_hdr(msg), 0, tb, XTRAIL_A_MAX,
				       xt_nl_policy), 0);
	assert_int_equal(xt_nl_source_parse(tb, &s), -1);
	nlmsg_free(msg);
}

/* xtrail watch's line for a guest record with hostile strings: safe. */
static void test_watch_line(void **state)
{
	static const char argv[] = H_ESC "\0" H_FORGE "\0" H_BIDI "\0" H_C1;
	struct xtrail_clock_ref clk = { 0 };
	static struct rec_buf r;
	struct json_object *o, *a;
	struct nl_msg *msg;
	uint32_t len;
	char *line;

	len = build_exec(&r, "/bin/sh", 7, 0, argv, sizeof(argv), 0, 0, 4);
	memcpy(hdr_of(&r)->comm, "\x1b]0;x\x07\r\n", 8);
	msg = xt_nl_msg_new(FAMILY, XTRAIL_CMD_RECORD, 0);
	assert_int_equal(nla_put(msg, XTRAIL_A_RECORD, len, r.b), 0);
	line = watch_line(msg, &clk);
	nlmsg_free(msg);
	assert_non_null(line);
	assert_safe(line, "");
	o = json_tokener_parse(line);
	assert_non_null(o);
	assert_true(json_object_object_get_ex(o, "argv", &a));
	assert_string_equal(json_object_get_string(
			    json_object_array_get_idx(a, 2)), H_BIDI);
	assert_true(json_object_object_get_ex(o, "comm", &a));
	assert_string_equal(json_object_get_string(a), "\x1b]0;x\x07\r\n");
	json_object_put(o);
	free(line);
	/* an event */
	msg = xt_nl_msg_new(FAMILY, XTRAIL_CMD_EVENT, 0);
	nla_put_u8(msg, XTRAIL_A_EVENT, XTRAIL_NL_EV_PAUSE);
	nla_put_u32(msg, XTRAIL_A_DOMID, 5);
	line = watch_line(msg, &clk);
	nlmsg_free(msg);
	assert_string_equal(line, "{\"event\":\"pause\",\"domid\":5}");
	free(line);
}

static void test_exit_status(void **state)
{
	assert_int_equal(xt_nl_exit_status(EPERM), XT_EXIT_PERM);
	assert_int_equal(xt_nl_exit_status(ENOENT), XT_EXIT_NODOM);
	assert_int_equal(xt_nl_exit_status(EINVAL), XT_EXIT_FAIL);
	assert_string_equal(xt_nl_state_name(99), "unknown");
	assert_string_equal(xt_nl_event_name(XTRAIL_NL_EV_PAUSE), "pause");
	assert_string_equal(xt_nl_event_name(0), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_roundtrip),
		cmocka_unit_test(test_events_default),
		cmocka_unit_test(test_text_bad),
		cmocka_unit_test(test_text_path_limit),
		cmocka_unit_test(test_check_struct),
		cmocka_unit_test(test_parse_args),
		cmocka_unit_test(test_msg_config_set),
		cmocka_unit_test(test_msg_domid),
		cmocka_unit_test(test_cfg_get_bad),
		cmocka_unit_test(test_flow_text),
		cmocka_unit_test(test_flow_check),
		cmocka_unit_test(test_flow_parse_args),
		cmocka_unit_test(test_msg_flow_set),
		cmocka_unit_test(test_flow_get_bad),
		cmocka_unit_test(test_source_parse),
		cmocka_unit_test(test_exit_status),
		cmocka_unit_test(test_watch_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
