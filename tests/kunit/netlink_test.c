// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for the control plane's checks in the dom0 module
 * (dom0-module/netlink.c): SET_CONFIG requests built here, good and bad,
 * go through the family's strict policy exactly as generic netlink parses
 * them, then through xtrail_nl_cfg_parse(); and the shared settings code
 * (shared/xtrail_cfg.h) as the kernel compiles it, for "config get".
 * dom0's flow settings (dom0-module/flowctl.c, a request without DOMID):
 * the policy's bounds, what reaches flowobs.c, the CONTROL record's text;
 * and shared/xtrail_flowcfg.h's parser as the kernel compiles it (the
 * module parameters flow_classes and flow_ports use it).
 */
#include "kunit_oot.h"
#include <linux/skbuff.h>
#include <net/genetlink.h>

#include "../../dom0-module/netlink.c"
#include "../../dom0-module/flowctl.c"

/* flowobs.c, for flowctl.c: what it was given, and the settings now. */
static struct xtrail_flowcfg xt_flow_now = {
	.has = (1u << XTRAIL_FLOWCFG_NKEYS) - 1,
	.classes = XTRAIL_FLOWCFG_CLASSES,
	.cap = 1024,
	.idle_s = 30,
	.update_s = 60,
};
static struct xtrail_flowcfg xt_flow_set;
static unsigned int xt_flow_sets;

void xtrail_flowobs_get(struct xtrail_flowcfg *fc)
{
	*fc = xt_flow_now;
}

int xtrail_flowobs_set(const struct xtrail_flowcfg *fc)
{
	xt_flow_set = *fc;
	xt_flow_sets++;
	return 0;
}

/* netlink.c's neighbours: these suites never reach a backend. */
int xtrail_back_get_info(unsigned int pos, struct xtrail_back_info *info)
{
	return -ENOENT;
}

int xtrail_back_dir(u16 domid, s64 devid, char *dir, size_t size, u32 *id)
{
	return -ENOENT;
}

int xtrail_back_pause(u16 domid, s64 devid, bool pause)
{
	return -ENOENT;
}

void xtrail_back_pause_all(bool pause)
{
}

void xtrail_back_set_watch(const struct xtrail_back_watch *w)
{
}

/* The CONTROL records netlink.c logs: the last one, for the suites. */
static struct {
	u32 action, target;
	int err;
	char text[XTRAIL_CTL_TEXT_MAX + 1];
} xt_ctl;

void xtrail_control_log(u32 action, u32 target, int err, const char *fmt,
			...)
{
	va_list ap;

	xt_ctl.action = action;
	xt_ctl.target = target;
	xt_ctl.err = err;
	va_start(ap, fmt);
	vsnprintf(xt_ctl.text, sizeof(xt_ctl.text), fmt, ap);
	va_end(ap);
}

bool xtrail_own_stats(u64 *records, u64 *bytes, u64 *lost)
{
	*records = 0;
	*bytes = 0;
	*lost = 0;
	return false;
}

struct xt_req {
	struct sk_buff *skb;
	struct nlmsghdr *nlh;
	struct nlattr *cfg;
	struct nlattr *tb[XTRAIL_A_MAX + 1];
	struct netlink_ext_ack extack;
	struct xtrail_cfg c;
};

/* A request for @domid, to be filled up to its XTRAIL_A_CONFIG nest. */
static struct xt_req *xt_req_raw(struct kunit *test, u32 domid)
{
	struct xt_req *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, r);
	r->skb = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r->skb);
	r->nlh = nlmsg_put(r->skb, 0, 0, 0, 0, 0);
	KUNIT_ASSERT_NOT_NULL(test, r->nlh);
	KUNIT_ASSERT_EQ(test, nla_put_u32(r->skb, XTRAIL_A_DOMID, domid), 0);
	return r;
}

/* A request for domid 5 with an open XTRAIL_A_CONFIG nest. */
static struct xt_req *xt_req_new(struct kunit *test)
{
	struct xt_req *r = xt_req_raw(test, 5);

	r->cfg = nla_nest_start(r->skb, XTRAIL_A_CONFIG);
	KUNIT_ASSERT_NOT_NULL(test, r->cfg);
	return r;
}

/* Close the request, parse it as genetlink would, then check it. */
static int xt_req_run(struct kunit *test, struct xt_req *r)
{
	struct genl_info info = { .attrs = r->tb, .extack = &r->extack };
	int ret;

	nla_nest_end(r->skb, r->cfg);
	nlmsg_end(r->skb, r->nlh);
	ret = nlmsg_parse(r->nlh, 0, r->tb, XTRAIL_A_MAX, xtrail_policy,
			  &r->extack);
	if (!ret)
		ret = xtrail_nl_cfg_parse(&info, &r->c);
	kfree_skb(r->skb);
	return ret;
}

static void xt_expect_msg(struct kunit *test, struct xt_req *r,
			  const char *want)
{
	KUNIT_ASSERT_NOT_NULL(test, r->extack._msg);
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(r->extack._msg, want),
				  "message \"%s\", want \"%s\"",
				  r->extack._msg, want);
}

static void xt_list(struct kunit *test, struct xt_req *r, int key, int type,
		    int n, const char *const *s, const u32 *v)
{
	struct nlattr *l = nla_nest_start(r->skb, key);
	int i, err = 0;

	KUNIT_ASSERT_NOT_NULL(test, l);
	for (i = 0; i < n && !err; i++) {
		if (type == XTRAIL_LIST_A_COMM || type == XTRAIL_LIST_A_PATH)
			err = nla_put_string(r->skb, type, s[i]);
		else if (type == XTRAIL_LIST_A_PORT)
			err = nla_put_u16(r->skb, type, v[i]);
		else
			err = nla_put_u32(r->skb, type, v[i]);
	}
	KUNIT_ASSERT_EQ(test, err, 0);
	nla_nest_end(r->skb, l);
}

static void xt_cfg_good_test(struct kunit *test)
{
	static const char *const comm[] = { "sshd", "cron" };
	static const char *const path[] = { "/tmp", "/var/log/" };
	static const u32 uid[] = { 0, 1000, 0xfffffffe };
	static const u32 port[] = { 22, 65535 };
	struct xt_req *r = xt_req_new(test);
	char buf[XTRAIL_CFG_VALUE_MAX + 1];

	nla_put_u32(r->skb, XTRAIL_CFG_A_EVENTS, XTRAIL_EV_EXEC | XTRAIL_EV_NET);
	nla_put_u8(r->skb, XTRAIL_CFG_A_FLOOD, XTRAIL_FLOOD_WAIT);
	nla_put_u32(r->skb, XTRAIL_CFG_A_FLOOD_WAIT_US, XTRAIL_FLOOD_WAIT_MAX);
	xt_list(test, r, XTRAIL_CFG_A_IGNORE_UID, XTRAIL_LIST_A_UID, 3, NULL,
		uid);
	xt_list(test, r, XTRAIL_CFG_A_IGNORE_COMM, XTRAIL_LIST_A_COMM, 2, comm,
		NULL);
	xt_list(test, r, XTRAIL_CFG_A_IGNORE_PATH, XTRAIL_LIST_A_PATH, 2, path,
		NULL);
	xt_list(test, r, XTRAIL_CFG_A_IGNORE_PORT, XTRAIL_LIST_A_PORT, 2, NULL,
		port);
	KUNIT_ASSERT_EQ(test, xt_req_run(test, r), 0);
	KUNIT_EXPECT_EQ(test, r->c.has, (1u << XTRAIL_CFG_NKEYS) - 1);

	/* What goes to xenstore. */
	KUNIT_ASSERT_GT(test, xtrail_cfg_format(&r->c, XTRAIL_CFG_EVENTS, buf,
						sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, buf, "exec,net");
	xtrail_cfg_format(&r->c, XTRAIL_CFG_FLOOD, buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, buf, "wait");
	xtrail_cfg_format(&r->c, XTRAIL_CFG_FLOOD_WAIT, buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, buf, "10000");
	xtrail_cfg_format(&r->c, XTRAIL_CFG_IGNORE_UID, buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, buf, "0,1000,4294967294");
	xtrail_cfg_format(&r->c, XTRAIL_CFG_IGNORE_COMM, buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, buf, "sshd,cron");
	xtrail_cfg_format(&r->c, XTRAIL_CFG_IGNORE_PATH, buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, buf, "/tmp,/var/log/");
	xtrail_cfg_format(&r->c, XTRAIL_CFG_IGNORE_PORT, buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, buf, "22,65535");
}

/* An empty list is a setting: it clears the filter (""). */
static void xt_cfg_empty_list_test(struct kunit *test)
{
	struct xt_req *r = xt_req_new(test);
	char buf[8] = "x";

	xt_list(test, r, XTRAIL_CFG_A_IGNORE_PORT, XTRAIL_LIST_A_PORT, 0, NULL,
		NULL);
	KUNIT_ASSERT_EQ(test, xt_req_run(test, r), 0);
	KUNIT_EXPECT_EQ(test, r->c.has, 1u << XTRAIL_CFG_IGNORE_PORT);
	KUNIT_EXPECT_EQ(test, xtrail_cfg_format(&r->c, XTRAIL_CFG_IGNORE_PORT,
						buf, sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, buf, "");
}

static void xt_cfg_nothing_test(struct kunit *test)
{
	struct xt_req *r = xt_req_new(test);

	KUNIT_EXPECT_EQ(test, xt_req_run(test, r), -EINVAL);
	xt_expect_msg(test, r, "no settings");
}

static void xt_cfg_too_many_test(struct kunit *test)
{
	static const u32 uid[9] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
	static const char *const path[5] = { "/a", "/b", "/c", "/d", "/e" };
	struct xt_req *r = xt_req_new(test);

	xt_list(test, r, XTRAIL_CFG_A_IGNORE_UID, XTRAIL_LIST_A_UID, 9, NULL,
		uid);
	KUNIT_EXPECT_EQ(test, xt_req_run(test, r), -EINVAL);
	xt_expect_msg(test, r, "too many");

	r = xt_req_new(test);
	xt_list(test, r, XTRAIL_CFG_A_IGNORE_PATH, XTRAIL_LIST_A_PATH, 5, path,
		NULL);
	KUNIT_EXPECT_EQ(test, xt_req_run(test, r), -EINVAL);
	xt_expect_msg(test, r, "too many");
}

static void xt_cfg_bad_strings_test(struct kunit *test)
{
	static const char *const rel[] = { "tmp/x" };
	static const char *const comma[] = { "a,b" };
	static const char *const space[] = { "a b" };
	static const char *const empty[] = { "" };
	static const char *const long_comm[] = { "sixteen-bytes-16" };
	struct xt_req *r = xt_req_new(test);

	xt_list(test, r, XTRAIL_CFG_A_IGNORE_PATH, XTRAIL_LIST_A_PATH, 1, rel,
		NULL);
	KUNIT_EXPECT_EQ(test, xt_req_run(test, r), -EINVAL);
	xt_expect_msg(test, r, "not an absolute path");

	r = xt_req_new(test);
	xt_list(test, r, XTRAIL_CFG_A_IGNORE_COMM, XTRAIL_LIST_A_COMM, 1, comma,
		NULL);
	KUNIT_EXPECT_EQ(test, xt_req_run(test, r), -EINVAL);
	xt_expect_msg(test, r, "','");

	r = xt_req_new(test);
	xt_list(test, r, XTRAIL_CFG_A_IGNORE_COMM, XTRAIL_LIST_A_COMM, 1, space,
		NULL);
	KUNIT_EXPECT_EQ(test, xt_req_run(test, r), -EINVAL);

	r = xt_req_new(test);
	xt_list(test, r, XTRAIL_CFG_A_IGNORE_COMM, XTRAIL_LIST_A_COMM, 1, empty,
		NULL);
	KUNIT_EXPECT_EQ(test, xt_req_run(test, r), -EINVAL);
	xt_expect_msg(test, r, "empty");

	/* Longer than the policy's string length. */
	r = xt_req_new(test);
	xt_list(test, r, XTRAIL_CFG_A_IGNORE_COMM, XTRAIL_LIST_A_COMM, 1,
		long_comm, NULL);
	KUNIT_EXPECT_LT(test, xt_req_run(test, r), 0);
}

/* What the policies refuse before any code of ours runs. */
static void xt_cfg_policy_test(struct kunit *test)
{
	static const u32 bad_uid[] = { 0xffffffff };
	static const u32 port0[] = { 0 };
	static const char *const comm[] = { "sshd" };
	struct xt_req *r;
	struct nlattr *l;

	r = xt_req_new(test);
	xt_list(test, r, XTRAIL_CFG_A_IGNORE_UID, XTRAIL_LIST_A_UID, 1, NULL,
		bad_uid);
	KUNIT_EXPECT_LT(test, xt_req_run(test, r), 0);

	r = xt_req_new(test);
	xt_list(test, r, XTRAIL_CFG_A_IGNORE_PORT, XTRAIL_LIST_A_PORT, 1, NULL,
		port0);
	KUNIT_EXPECT_LT(test, xt_req_run(test, r), 0);

	r = xt_req_new(test);
	nla_put_u32(r->skb, XTRAIL_CFG_A_EVENTS, XTRAIL_EV_ALL + 1);
	KUNIT_EXPECT_LT(test, xt_req_run(test, r), 0);

	r = xt_req_new(test);
	nla_put_u32(r->skb, XTRAIL_CFG_A_EVENTS, 0);
	KUNIT_EXPECT_EQ(test, xt_req_run(test, r), -EINVAL);
	xt_expect_msg(test, r, "at least one");

	r = xt_req_new(test);
	nla_put_u8(r->skb, XTRAIL_CFG_A_FLOOD, 2);
	KUNIT_EXPECT_LT(test, xt_req_run(test, r), 0);

	r = xt_req_new(test);
	nla_put_u32(r->skb, XTRAIL_CFG_A_FLOOD_WAIT_US,
		    XTRAIL_FLOOD_WAIT_MAX + 1);
	KUNIT_EXPECT_LT(test, xt_req_run(test, r), 0);

	/* A u16 where a u32 belongs. */
	r = xt_req_new(test);
	nla_put_u16(r->skb, XTRAIL_CFG_A_EVENTS, 1);
	KUNIT_EXPECT_LT(test, xt_req_run(test, r), 0);

	/* An attribute the family does not define. */
	r = xt_req_new(test);
	nla_put_u32(r->skb, XTRAIL_CFG_A_MAX + 1, 1);
	KUNIT_EXPECT_LT(test, xt_req_run(test, r), 0);

	/* A list entry of another list's type. */
	r = xt_req_new(test);
	xt_list(test, r, XTRAIL_CFG_A_IGNORE_UID, XTRAIL_LIST_A_COMM, 1, comm,
		NULL);
	KUNIT_EXPECT_LT(test, xt_req_run(test, r), 0);

	/* A nest without NLA_F_NESTED (strict parsing wants it). */
	r = xt_req_new(test);
	l = nla_nest_start_noflag(r->skb, XTRAIL_CFG_A_IGNORE_UID);
	nla_put_u32(r->skb, XTRAIL_LIST_A_UID, 1);
	nla_nest_end(r->skb, l);
	KUNIT_EXPECT_LT(test, xt_req_run(test, r), 0);
}

/* Top level: a domid beyond the real ones, an output-only attribute. */
static void xt_req_policy_test(struct kunit *test)
{
	struct xt_req *r = xt_req_raw(test, 5);

	KUNIT_ASSERT_EQ(test, nla_put_u64_64bit(r->skb, XTRAIL_A_RECORDS, 1,
						XTRAIL_A_PAD), 0);
	r->cfg = nla_nest_start(r->skb, XTRAIL_A_CONFIG);
	nla_put_u32(r->skb, XTRAIL_CFG_A_EVENTS, XTRAIL_EV_ALL);
	KUNIT_EXPECT_LT(test, xt_req_run(test, r), 0);

	r = xt_req_raw(test, XTRAIL_DOMID_MAX + 1);
	r->cfg = nla_nest_start(r->skb, XTRAIL_A_CONFIG);
	nla_put_u32(r->skb, XTRAIL_CFG_A_EVENTS, XTRAIL_EV_ALL);
	KUNIT_EXPECT_LT(test, xt_req_run(test, r), 0);

	/* The same, right: accepted. */
	r = xt_req_raw(test, XTRAIL_DOMID_MAX);
	r->cfg = nla_nest_start(r->skb, XTRAIL_A_CONFIG);
	nla_put_u32(r->skb, XTRAIL_CFG_A_EVENTS, XTRAIL_EV_ALL);
	KUNIT_EXPECT_EQ(test, xt_req_run(test, r), 0);
}

/* "config get": xenstore's text back into settings, in the kernel. */
static void xt_cfg_text_test(struct kunit *test)
{
	struct xtrail_cfg *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_EXPECT_NULL(test, xtrail_cfg_parse(c, XTRAIL_CFG_EVENTS,
						 "exec,file"));
	KUNIT_EXPECT_EQ(test, c->events, XTRAIL_EV_EXEC | XTRAIL_EV_FILE);
	KUNIT_EXPECT_NULL(test, xtrail_cfg_parse(c, XTRAIL_CFG_IGNORE_UID,
						 "0,1000"));
	KUNIT_EXPECT_EQ(test, c->n_uid, 2u);
	KUNIT_EXPECT_EQ(test, c->uid[1], 1000u);
	KUNIT_EXPECT_NULL(test, xtrail_cfg_parse(c, XTRAIL_CFG_IGNORE_UID, ""));
	KUNIT_EXPECT_EQ(test, c->n_uid, 0u);
	KUNIT_EXPECT_NOT_NULL(test, xtrail_cfg_parse(c, XTRAIL_CFG_IGNORE_PATH,
						     "relative"));
	KUNIT_EXPECT_NOT_NULL(test, xtrail_cfg_parse(c, XTRAIL_CFG_IGNORE_PORT,
						     "1,2,3,4,5,6,7,8,9"));
	KUNIT_EXPECT_NOT_NULL(test, xtrail_cfg_parse(c, XTRAIL_CFG_FLOOD_WAIT,
						     "10001"));
	KUNIT_EXPECT_NOT_NULL(test, xtrail_cfg_parse(c, XTRAIL_CFG_EVENTS,
						     "exec,,file"));
}

/* Every command and group is for CAP_NET_ADMIN only. */
static void xt_admin_only_test(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(xtrail_genl_ops); i++)
		KUNIT_EXPECT_TRUE_MSG(test, xtrail_genl_ops[i].flags &
				      GENL_ADMIN_PERM, "command %u",
				      xtrail_genl_ops[i].cmd);
	for (i = 0; i < ARRAY_SIZE(xtrail_genl_mcgrps); i++)
		KUNIT_EXPECT_TRUE_MSG(test, xtrail_genl_mcgrps[i].flags &
				      GENL_MCAST_CAP_NET_ADMIN, "group %s",
				      xtrail_genl_mcgrps[i].name);
}

/* Close and parse request @r as genetlink would, into @info. */
static void xt_req_info(struct kunit *test, struct xt_req *r,
			struct genl_info *info)
{
	if (r->cfg)
		nla_nest_end(r->skb, r->cfg);
	nlmsg_end(r->skb, r->nlh);
	KUNIT_ASSERT_EQ(test, nlmsg_parse(r->nlh, 0, r->tb, XTRAIL_A_MAX,
					  xtrail_policy, &r->extack), 0);
	memset(info, 0, sizeof(*info));
	info->attrs = r->tb;
	info->extack = &r->extack;
}

/* A change is logged with what was asked and its result, refused too. */
static void xt_control_logged_test(struct kunit *test)
{
	static const u32 uid[] = { 1000, 1001 };
	struct xt_req *r = xt_req_new(test);
	struct genl_info info;

	nla_put_u32(r->skb, XTRAIL_CFG_A_EVENTS, XTRAIL_EV_EXEC | XTRAIL_EV_NET);
	xt_list(test, r, XTRAIL_CFG_A_IGNORE_UID, XTRAIL_LIST_A_UID, 2, NULL,
		uid);
	xt_req_info(test, r, &info);
	memset(&xt_ctl, 0, sizeof(xt_ctl));
	/* No backend here: -ENOENT, logged as refused. */
	KUNIT_EXPECT_EQ(test, xtrail_nl_set_config(r->skb, &info), -ENOENT);
	KUNIT_EXPECT_EQ(test, xt_ctl.action, (u32)XTRAIL_CTL_CONFIG);
	KUNIT_EXPECT_EQ(test, xt_ctl.target, 5u);
	KUNIT_EXPECT_EQ(test, xt_ctl.err, -ENOENT);
	KUNIT_EXPECT_STREQ(test, xt_ctl.text,
			   "events=exec,net ignore-uid=1000,1001");
	kfree_skb(r->skb);

	r = xt_req_raw(test, 7);
	xt_req_info(test, r, &info);
	memset(&xt_ctl, 0, sizeof(xt_ctl));
	KUNIT_EXPECT_EQ(test, xtrail_nl_pause(r->skb, &info), -ENOENT);
	KUNIT_EXPECT_EQ(test, xt_ctl.action, (u32)XTRAIL_CTL_PAUSE);
	KUNIT_EXPECT_EQ(test, xt_ctl.target, 7u);
	KUNIT_EXPECT_EQ(test, xt_ctl.err, -ENOENT);
	KUNIT_EXPECT_STREQ(test, xt_ctl.text, "domain 7");
	memset(&xt_ctl, 0, sizeof(xt_ctl));
	KUNIT_EXPECT_EQ(test, xtrail_nl_resume(r->skb, &info), -ENOENT);
	KUNIT_EXPECT_EQ(test, xt_ctl.action, (u32)XTRAIL_CTL_RESUME);
	kfree_skb(r->skb);

	/* dom0 has no settings: refused before the settings are read. */
	r = xt_req_raw(test, 0);
	xt_req_info(test, r, &info);
	memset(&xt_ctl, 0, sizeof(xt_ctl));
	KUNIT_EXPECT_EQ(test, xtrail_nl_set_config(r->skb, &info),
			-EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, xt_ctl.action, (u32)XTRAIL_CTL_CONFIG);
	KUNIT_EXPECT_EQ(test, xt_ctl.target, 0u);
	KUNIT_EXPECT_EQ(test, xt_ctl.err, -EOPNOTSUPP);
	kfree_skb(r->skb);
}

/* A request without DOMID, with an open XTRAIL_A_FLOW_CONFIG nest. */
static struct xt_req *xt_flow_req(struct kunit *test)
{
	struct xt_req *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, r);
	r->skb = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r->skb);
	r->nlh = nlmsg_put(r->skb, 0, 0, 0, 0, 0);
	KUNIT_ASSERT_NOT_NULL(test, r->nlh);
	r->cfg = nla_nest_start(r->skb, XTRAIL_A_FLOW_CONFIG);
	KUNIT_ASSERT_NOT_NULL(test, r->cfg);
	return r;
}

/*
 * Close @r, parse it as genetlink would and hand it to SET_CONFIG: its
 * result (the policy's refusal: -EINVAL, not logged, as genetlink
 * answers before the command runs).
 */
static int xt_flow_run(struct kunit *test, struct xt_req *r)
{
	struct genl_info info = { .attrs = r->tb, .extack = &r->extack };
	int ret;

	nla_nest_end(r->skb, r->cfg);
	nlmsg_end(r->skb, r->nlh);
	memset(&xt_ctl, 0, sizeof(xt_ctl));
	memset(&xt_flow_set, 0, sizeof(xt_flow_set));
	xt_flow_sets = 0;
	ret = nlmsg_parse(r->nlh, 0, r->tb, XTRAIL_A_MAX, xtrail_policy,
			  &r->extack);
	if (!ret)
		ret = xtrail_nl_set_config(r->skb, &info);
	kfree_skb(r->skb);
	return ret;
}

/* "xtrail config set all flow-cap=64 ...": applied, logged exactly. */
static void xt_flow_set_test(struct kunit *test)
{
	static const u32 ports[] = { 25, 587 };
	struct xt_req *r = xt_flow_req(test);

	nla_put_u32(r->skb, XTRAIL_FLOWCFG_A_CAP, 64);
	KUNIT_EXPECT_EQ(test, xt_flow_run(test, r), 0);
	KUNIT_EXPECT_EQ(test, xt_flow_sets, 1u);
	KUNIT_EXPECT_EQ(test, xt_flow_set.has, 1u << XTRAIL_FLOWCFG_CAP);
	KUNIT_EXPECT_EQ(test, xt_flow_set.cap, 64u);
	KUNIT_EXPECT_EQ(test, xt_ctl.action, (u32)XTRAIL_CTL_CONFIG);
	KUNIT_EXPECT_EQ(test, xt_ctl.target, XTRAIL_CTL_ALL);
	KUNIT_EXPECT_EQ(test, xt_ctl.err, 0);
	KUNIT_EXPECT_STREQ(test, xt_ctl.text, "flow-cap=64");

	r = xt_flow_req(test);
	nla_put_u32(r->skb, XTRAIL_FLOWCFG_A_CLASSES, XTRAIL_FLOWCFG_TCP);
	xt_list(test, r, XTRAIL_FLOWCFG_A_PORTS, XTRAIL_LIST_A_PORT, 2, NULL,
		ports);
	nla_put_u32(r->skb, XTRAIL_FLOWCFG_A_IDLE_S, 5);
	nla_put_u32(r->skb, XTRAIL_FLOWCFG_A_UPDATE_S, 86400);
	KUNIT_EXPECT_EQ(test, xt_flow_run(test, r), 0);
	KUNIT_EXPECT_EQ(test, xt_flow_set.nports, 2u);
	KUNIT_EXPECT_EQ(test, xt_flow_set.ports[1], 587);
	KUNIT_EXPECT_STREQ(test, xt_ctl.text,
			   "flow=tcp flow-ports=25,587 flow-idle=5 flow-update=86400");

	/* Every port again (an empty list); flow observation off. */
	r = xt_flow_req(test);
	nla_put_u32(r->skb, XTRAIL_FLOWCFG_A_CLASSES, 0);
	xt_list(test, r, XTRAIL_FLOWCFG_A_PORTS, XTRAIL_LIST_A_PORT, 0, NULL,
		NULL);
	KUNIT_EXPECT_EQ(test, xt_flow_run(test, r), 0);
	KUNIT_EXPECT_STREQ(test, xt_ctl.text, "flow=off flow-ports=all");
}

/* Out of bounds: refused, nothing applied. */
static void xt_flow_bad_test(struct kunit *test)
{
	static const u32 ports[XTRAIL_FLOWCFG_PORTS_MAX + 1] = {
		1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17,
	};
	static const u32 zero[] = { 0 };
	/* The policy's verdicts: out of range, or a bit not in the mask. */
	static const struct { int attr; u32 v; int err; } bad[] = {
		{ XTRAIL_FLOWCFG_A_CAP, 0, -ERANGE },
		{ XTRAIL_FLOWCFG_A_CAP, XTRAIL_FLOWCFG_CAP_MAX + 1, -ERANGE },
		{ XTRAIL_FLOWCFG_A_IDLE_S, 0, -ERANGE },
		{ XTRAIL_FLOWCFG_A_UPDATE_S, XTRAIL_FLOWCFG_SECONDS_MAX + 1,
		  -ERANGE },
		{ XTRAIL_FLOWCFG_A_CLASSES, 4, -EINVAL },
	};
	struct xt_req *r;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		r = xt_flow_req(test);
		nla_put_u32(r->skb, bad[i].attr, bad[i].v);
		KUNIT_EXPECT_EQ_MSG(test, xt_flow_run(test, r), bad[i].err,
				    "attribute %d value %u", bad[i].attr,
				    bad[i].v);
		KUNIT_EXPECT_EQ(test, xt_flow_sets, 0u);
	}
	r = xt_flow_req(test);
	xt_list(test, r, XTRAIL_FLOWCFG_A_PORTS, XTRAIL_LIST_A_PORT,
		ARRAY_SIZE(ports), NULL, ports);
	KUNIT_EXPECT_EQ(test, xt_flow_run(test, r), -EINVAL);
	xt_expect_msg(test, r, "at most 16 ports");
	KUNIT_EXPECT_EQ(test, xt_flow_sets, 0u);
	KUNIT_EXPECT_EQ(test, xt_ctl.err, -EINVAL);
	KUNIT_EXPECT_EQ(test, xt_ctl.target, XTRAIL_CTL_ALL);
	r = xt_flow_req(test);
	xt_list(test, r, XTRAIL_FLOWCFG_A_PORTS, XTRAIL_LIST_A_PORT, 1, NULL,
		zero);
	KUNIT_EXPECT_EQ(test, xt_flow_run(test, r), -ERANGE);	/* port 0 */
	/* An empty nest: nothing to set. */
	r = xt_flow_req(test);
	KUNIT_EXPECT_EQ(test, xt_flow_run(test, r), -EINVAL);
	xt_expect_msg(test, r, "no settings");
	KUNIT_EXPECT_EQ(test, xt_flow_sets, 0u);
}

/* Flow settings with a DOMID, a guest's without: refused, logged. */
static void xt_flow_target_test(struct kunit *test)
{
	struct xt_req *r = xt_req_raw(test, 5);

	r->cfg = nla_nest_start(r->skb, XTRAIL_A_FLOW_CONFIG);
	nla_put_u32(r->skb, XTRAIL_FLOWCFG_A_CAP, 64);
	KUNIT_EXPECT_EQ(test, xt_flow_run(test, r), -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, xt_flow_sets, 0u);
	KUNIT_EXPECT_EQ(test, xt_ctl.err, -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, xt_ctl.target, 5u);

	r = xt_flow_req(test);
	nla_nest_end(r->skb, r->cfg);
	r->cfg = nla_nest_start(r->skb, XTRAIL_A_CONFIG);
	nla_put_u32(r->skb, XTRAIL_CFG_A_EVENTS, XTRAIL_EV_ALL);
	KUNIT_EXPECT_EQ(test, xt_flow_run(test, r), -EINVAL);
	xt_expect_msg(test, r, "need its domain id");
	KUNIT_EXPECT_EQ(test, xt_flow_sets, 0u);
	KUNIT_EXPECT_EQ(test, xt_ctl.target, XTRAIL_CTL_ALL);
}

/* GET_CONFIG's nest: every setting, the ports as a list. */
static void xt_flow_put_test(struct kunit *test)
{
	struct nlattr *tb[XTRAIL_FLOWCFG_A_MAX + 1];
	struct sk_buff *skb = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	struct nlattr *nest;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	xt_flow_now.nports = 1;
	xt_flow_now.ports[0] = 25;
	nest = (struct nlattr *)skb_tail_pointer(skb);
	KUNIT_ASSERT_EQ(test, xtrail_flowctl_put(skb), 0);
	KUNIT_ASSERT_EQ(test, nla_parse_nested(tb, XTRAIL_FLOWCFG_A_MAX, nest,
					       xtrail_flowctl_policy, NULL), 0);
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[XTRAIL_FLOWCFG_A_CLASSES]),
			(u32)XTRAIL_FLOWCFG_CLASSES);
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[XTRAIL_FLOWCFG_A_CAP]), 1024u);
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[XTRAIL_FLOWCFG_A_IDLE_S]), 30u);
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[XTRAIL_FLOWCFG_A_UPDATE_S]), 60u);
	KUNIT_EXPECT_EQ(test, nla_len(tb[XTRAIL_FLOWCFG_A_PORTS]),
			nla_total_size(2));
	xt_flow_now.nports = 0;
	kfree_skb(skb);
}

/* The flow settings' text, as the module parameters parse it. */
static void xt_flow_text_test(struct kunit *test)
{
	struct xtrail_flowcfg fc = {};
	char buf[XTRAIL_FLOWCFG_VALUE_MAX];

	KUNIT_EXPECT_NULL(test, xtrail_flowcfg_parse(&fc, XTRAIL_FLOWCFG_FLOW,
						     "udp,tcp"));
	KUNIT_EXPECT_EQ(test, fc.classes, (u32)XTRAIL_FLOWCFG_CLASSES);
	xtrail_flowcfg_format(&fc, XTRAIL_FLOWCFG_FLOW, buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, buf, "tcp,udp");
	KUNIT_EXPECT_NULL(test, xtrail_flowcfg_parse(&fc, XTRAIL_FLOWCFG_PORTS,
						     "25,465,587"));
	KUNIT_EXPECT_EQ(test, fc.nports, 3u);
	KUNIT_EXPECT_NULL(test, xtrail_flowcfg_parse(&fc, XTRAIL_FLOWCFG_PORTS,
						     "all"));
	KUNIT_EXPECT_EQ(test, fc.nports, 0u);
	KUNIT_EXPECT_NOT_NULL(test, xtrail_flowcfg_parse(&fc,
							 XTRAIL_FLOWCFG_FLOW,
							 "tcp, udp"));
	KUNIT_EXPECT_NOT_NULL(test, xtrail_flowcfg_parse(&fc,
							 XTRAIL_FLOWCFG_PORTS,
							 "0"));
	KUNIT_EXPECT_NOT_NULL(test, xtrail_flowcfg_parse(&fc,
							 XTRAIL_FLOWCFG_CAP,
							 "65537"));
}

static struct kunit_case xt_netlink_cases[] = {
	KUNIT_CASE(xt_admin_only_test),
	KUNIT_CASE(xt_control_logged_test),
	KUNIT_CASE(xt_cfg_good_test),
	KUNIT_CASE(xt_cfg_empty_list_test),
	KUNIT_CASE(xt_cfg_nothing_test),
	KUNIT_CASE(xt_cfg_too_many_test),
	KUNIT_CASE(xt_cfg_bad_strings_test),
	KUNIT_CASE(xt_cfg_policy_test),
	KUNIT_CASE(xt_req_policy_test),
	KUNIT_CASE(xt_cfg_text_test),
	KUNIT_CASE(xt_flow_set_test),
	KUNIT_CASE(xt_flow_bad_test),
	KUNIT_CASE(xt_flow_target_test),
	KUNIT_CASE(xt_flow_put_test),
	KUNIT_CASE(xt_flow_text_test),
	{}
};

static struct kunit_suite xt_netlink_suite = {
	.name = "xtrail_netlink",
	.test_cases = xt_netlink_cases,
};

xtrail_kunit_test_suites(&xt_netlink_suite);
