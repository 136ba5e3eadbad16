// SPDX-License-Identifier: GPL-2.0
/*
 * The control plane: the generic netlink family "xtrail", specified in
 * shared/xtrail_genl.h. Status of every source, a guest's settings (read
 * from and written to its backend directory's config/ in xenstore, where
 * the guest watches them), dom0's own settings for every guest (its flow
 * observation: a request without a domain id, flowctl.c), pause/resume,
 * and two multicast groups:
 * state changes of the sources, and a copy of the records for live tails.
 *
 * Every command is parsed strictly against the family's policy; the
 * settings are then checked once more as a whole by xtrail_cfg_check(),
 * the same function the CLI runs before it sends them. Every command and
 * both groups need CAP_NET_ADMIN: what is logged and what is not is for
 * dom0's administrators only. Every change is logged as a CONTROL record
 * (control.c), applied or refused, with who sent it (a refused config
 * set: with the settings as far as they were read). The backends
 * themselves are reached only through the accessors of backends.c, which
 * hold a backend for the duration of a call; what happens to them comes
 * back through the watch set at init.
 */
#include <linux/build_bug.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/stringify.h>
#include <net/genetlink.h>
#include <xen/xenbus.h>

#include "xtrail_cfg.h"
#include "xtrail_genl.h"
#include "backends.h"
#include "control.h"
#include "flowctl.h"
#include "own.h"
#include "netlink.h"

#define XTRAIL_NL_TXN_TRIES	16	/* xenstore transaction retries */
/* An event notification: EVENT (u8), DOMID and REASON (u32), at most. */
#define XTRAIL_NL_EVENT_ATTRS	3

/* The filter lists' limits, as the defines have them: uid, comm, port alike. */
static_assert(XTRAIL_IGNORE_COMM_MAX == XTRAIL_IGNORE_UID_MAX);
static_assert(XTRAIL_IGNORE_PORT_MAX == XTRAIL_IGNORE_UID_MAX);
#define XTRAIL_NL_TOO_MANY						\
	"too many entries in a filter list (uid, comm, port: "		\
	__stringify(XTRAIL_IGNORE_UID_MAX) "; path: "			\
	__stringify(XTRAIL_IGNORE_PATH_MAX) ")"

enum {
	XTRAIL_MCGRP_EVENTS,
	XTRAIL_MCGRP_RECORDS,
};

static struct netlink_range_validation xtrail_uid_range = {
	.min = 0,
	.max = XTRAIL_CFG_UID_INVALID - 1,
};

static const struct nla_policy xtrail_uid_policy[XTRAIL_LIST_A_MAX + 1] = {
	[XTRAIL_LIST_A_UID] = NLA_POLICY_FULL_RANGE(NLA_U32, &xtrail_uid_range),
};

static const struct nla_policy xtrail_comm_policy[XTRAIL_LIST_A_MAX + 1] = {
	[XTRAIL_LIST_A_COMM] = { .type = NLA_NUL_STRING,
				 .len = XTRAIL_CFG_COMM_MAX },
};

static const struct nla_policy xtrail_path_policy[XTRAIL_LIST_A_MAX + 1] = {
	[XTRAIL_LIST_A_PATH] = { .type = NLA_NUL_STRING,
				 .len = XTRAIL_IGNORE_PATH_LEN - 1 },
};

static const struct nla_policy xtrail_port_policy[XTRAIL_LIST_A_MAX + 1] = {
	[XTRAIL_LIST_A_PORT] = NLA_POLICY_MIN(NLA_U16, 1),
};

static const struct nla_policy xtrail_cfg_policy[XTRAIL_CFG_A_MAX + 1] = {
	[XTRAIL_CFG_A_EVENTS] = NLA_POLICY_MASK(NLA_U32, XTRAIL_EV_ALL),
	[XTRAIL_CFG_A_FLOOD] = NLA_POLICY_MAX(NLA_U8, XTRAIL_FLOOD_WAIT),
	[XTRAIL_CFG_A_FLOOD_WAIT_US] = NLA_POLICY_MAX(NLA_U32,
						      XTRAIL_FLOOD_WAIT_MAX),
	[XTRAIL_CFG_A_IGNORE_UID] = NLA_POLICY_NESTED(xtrail_uid_policy),
	[XTRAIL_CFG_A_IGNORE_COMM] = NLA_POLICY_NESTED(xtrail_comm_policy),
	[XTRAIL_CFG_A_IGNORE_PATH] = NLA_POLICY_NESTED(xtrail_path_policy),
	[XTRAIL_CFG_A_IGNORE_PORT] = NLA_POLICY_NESTED(xtrail_port_policy),
};

/* What a request may carry; everything else is rejected. */
static const struct nla_policy xtrail_policy[XTRAIL_A_MAX + 1] = {
	[XTRAIL_A_DOMID] = NLA_POLICY_MAX(NLA_U32, XTRAIL_DOMID_MAX),
	[XTRAIL_A_DEVID] = { .type = NLA_U32 },
	[XTRAIL_A_CONFIG] = NLA_POLICY_NESTED(xtrail_cfg_policy),
	[XTRAIL_A_FLOW_CONFIG] = NLA_POLICY_NESTED(xtrail_flowctl_policy),
};

static struct genl_family xtrail_genl_family;
static void xtrail_nl_notify(u8 event, int domid, u32 reason);

/* A message that is not a literal (the shared checks return static ones). */
static void xtrail_nl_err(struct genl_info *info, const struct nlattr *attr,
			  const char *msg)
{
	if (info->extack) {
		info->extack->_msg = msg;
		info->extack->bad_attr = attr;
	}
}

/* ---- status ------------------------------------------------------------- */

static int xtrail_nl_put_source(struct sk_buff *skb,
				struct netlink_callback *cb,
				const struct xtrail_back_info *i)
{
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &xtrail_genl_family, NLM_F_MULTI,
			  XTRAIL_CMD_GET_STATUS);
	if (!hdr)
		return -EMSGSIZE;
	genl_dump_check_consistent(cb, hdr);
	if (nla_put_u32(skb, XTRAIL_A_DOMID, i->domid) ||
	    nla_put_u32(skb, XTRAIL_A_DEVID, i->devid) ||
	    nla_put_string(skb, XTRAIL_A_NAME, i->name) ||
	    nla_put_u8(skb, XTRAIL_A_STATE, i->state) ||
	    nla_put_u8(skb, XTRAIL_A_PAUSED, i->paused) ||
	    nla_put_u64_64bit(skb, XTRAIL_A_RECORDS, i->records,
			      XTRAIL_A_PAD) ||
	    nla_put_u64_64bit(skb, XTRAIL_A_BYTES, i->bytes, XTRAIL_A_PAD) ||
	    nla_put_u64_64bit(skb, XTRAIL_A_LOST, i->lost, XTRAIL_A_PAD) ||
	    nla_put_u64_64bit(skb, XTRAIL_A_VIOLATIONS, i->violations,
			      XTRAIL_A_PAD))
		goto cancel;
	if (i->state == XTRAIL_SRC_CONNECTED &&
	    (nla_put_u32(skb, XTRAIL_A_NR_RINGS, i->nr_rings) ||
	     nla_put_u64_64bit(skb, XTRAIL_A_RING_USED, i->ring_used,
			       XTRAIL_A_PAD) ||
	     nla_put_u64_64bit(skb, XTRAIL_A_RING_SIZE, i->ring_size,
			       XTRAIL_A_PAD)))
		goto cancel;
	if (i->reason && nla_put_u32(skb, XTRAIL_A_REASON, i->reason))
		goto cancel;
	genlmsg_end(skb, hdr);
	return 0;

cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static void xtrail_nl_own_info(struct xtrail_back_info *i)
{
	memset(i, 0, sizeof(*i));
	strscpy(i->name, "Domain-0", sizeof(i->name));
	i->state = xtrail_own_stats(&i->records, &i->bytes, &i->lost) ?
		   XTRAIL_SRC_LOCAL : XTRAIL_SRC_OFF;
}

/* Position 0 is dom0's own events, then the backends in list order. */
static int xtrail_nl_get_status(struct sk_buff *skb,
				struct netlink_callback *cb)
{
	struct xtrail_back_info *i;
	unsigned long pos;
	int ret = 0;

	i = kmalloc(sizeof(*i), GFP_KERNEL);
	if (!i)
		return -ENOMEM;
	for (pos = cb->args[0];; pos++) {
		if (!pos)
			xtrail_nl_own_info(i);
		else if (xtrail_back_get_info(pos - 1, i))
			break;
		if (xtrail_nl_put_source(skb, cb, i)) {
			/* Not even one fits: say so, else go on next time. */
			if (pos == cb->args[0])
				ret = -EMSGSIZE;
			break;
		}
	}
	cb->args[0] = pos;
	kfree(i);
	return ret ? ret : skb->len;
}

/* ---- requests that name a guest ------------------------------------------ */

/* The guest a request names (DOMID required, not 0), and its devid or -1. */
static int xtrail_nl_guest(struct genl_info *info, u16 *domid, s64 *devid)
{
	if (GENL_REQ_ATTR_CHECK(info, XTRAIL_A_DOMID)) {
		GENL_SET_ERR_MSG(info, "a domain id is required");
		return -EINVAL;
	}
	*domid = nla_get_u32(info->attrs[XTRAIL_A_DOMID]);
	*devid = -1;
	if (info->attrs[XTRAIL_A_DEVID])
		*devid = nla_get_u32(info->attrs[XTRAIL_A_DEVID]);
	if (!*domid) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[XTRAIL_A_DOMID],
				    "dom0's own events have no per-guest settings and are not paused");
		return -EOPNOTSUPP;
	}
	return 0;
}

static int xtrail_nl_dir(struct genl_info *info, u16 domid, s64 devid,
			 char *dir, size_t size, u32 *id)
{
	int ret = xtrail_back_dir(domid, devid, dir, size, id);

	if (ret == -ENOENT)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[XTRAIL_A_DOMID],
				    "no xtrail device for this domain (not attached?)");
	return ret;
}

/* ---- dom0's flow settings (flowctl.c) -------------------------------------- */

/* GET_CONFIG without DOMID: dom0's flow settings as they apply now. */
static int xtrail_nl_get_flow(struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &xtrail_genl_family, 0,
				XTRAIL_CMD_GET_CONFIG);
	if (!hdr || xtrail_flowctl_put(msg)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/* ---- config get ----------------------------------------------------------- */

static void xtrail_nl_cfg_forget(struct xtrail_cfg *c, unsigned int key)
{
	c->has &= ~(1u << key);
	if (key == XTRAIL_CFG_IGNORE_UID)
		c->n_uid = 0;
	else if (key == XTRAIL_CFG_IGNORE_COMM)
		c->n_comm = 0;
	else if (key == XTRAIL_CFG_IGNORE_PATH)
		c->n_path = 0;
	else if (key == XTRAIL_CFG_IGNORE_PORT)
		c->n_port = 0;
}

/* The keys present under @dir/config/, parsed. */
static void xtrail_nl_cfg_read(const char *dir, struct xtrail_cfg *c)
{
	char node[32];
	unsigned int k;
	const char *err;
	char *val;

	for (k = 0; k < XTRAIL_CFG_NKEYS; k++) {
		snprintf(node, sizeof(node), XTRAIL_XS_CONFIG "/%s",
			 xtrail_cfg_name(k));
		val = xenbus_read(XBT_NIL, dir, node, NULL);
		if (IS_ERR(val))
			continue;
		err = xtrail_cfg_parse(c, k, val);
		if (err) {
			pr_warn_ratelimited("%s/%s: %s, not reported\n", dir,
					    node, err);
			xtrail_nl_cfg_forget(c, k);
		}
		kfree(val);
	}
}

static int xtrail_nl_put_list(struct sk_buff *skb, unsigned int key,
			      const struct xtrail_cfg *c)
{
	struct nlattr *nest = nla_nest_start(skb, xtrail_cfg_attr(key));
	unsigned int i;
	int err = 0;

	if (!nest)
		return -EMSGSIZE;
	switch (key) {
	case XTRAIL_CFG_IGNORE_UID:
		for (i = 0; i < c->n_uid && !err; i++)
			err = nla_put_u32(skb, XTRAIL_LIST_A_UID, c->uid[i]);
		break;
	case XTRAIL_CFG_IGNORE_COMM:
		for (i = 0; i < c->n_comm && !err; i++)
			err = nla_put_string(skb, XTRAIL_LIST_A_COMM,
					     c->comm[i]);
		break;
	case XTRAIL_CFG_IGNORE_PATH:
		for (i = 0; i < c->n_path && !err; i++)
			err = nla_put_string(skb, XTRAIL_LIST_A_PATH,
					     c->path[i]);
		break;
	case XTRAIL_CFG_IGNORE_PORT:
		for (i = 0; i < c->n_port && !err; i++)
			err = nla_put_u16(skb, XTRAIL_LIST_A_PORT, c->port[i]);
		break;
	}
	if (err) {
		nla_nest_cancel(skb, nest);
		return err;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int xtrail_nl_put_cfg(struct sk_buff *skb, const struct xtrail_cfg *c)
{
	struct nlattr *nest = nla_nest_start(skb, XTRAIL_A_CONFIG);
	unsigned int k;
	int err = 0;

	if (!nest)
		return -EMSGSIZE;
	for (k = 0; k < XTRAIL_CFG_NKEYS && !err; k++) {
		if (!(c->has & (1u << k)))
			continue;
		if (k == XTRAIL_CFG_EVENTS)
			err = nla_put_u32(skb, XTRAIL_CFG_A_EVENTS, c->events);
		else if (k == XTRAIL_CFG_FLOOD)
			err = nla_put_u8(skb, XTRAIL_CFG_A_FLOOD, c->flood);
		else if (k == XTRAIL_CFG_FLOOD_WAIT)
			err = nla_put_u32(skb, XTRAIL_CFG_A_FLOOD_WAIT_US,
					  c->flood_wait_us);
		else
			err = xtrail_nl_put_list(skb, k, c);
	}
	if (err) {
		nla_nest_cancel(skb, nest);
		return err;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int xtrail_nl_get_config(struct sk_buff *skb, struct genl_info *info)
{
	struct xtrail_cfg *c = NULL;
	struct sk_buff *msg;
	char dir[64];
	s64 devid;
	u16 domid;
	void *hdr;
	u32 id;
	int ret;

	if (!info->attrs[XTRAIL_A_DOMID])
		return xtrail_nl_get_flow(info);
	ret = xtrail_nl_guest(info, &domid, &devid);
	if (!ret)
		ret = xtrail_nl_dir(info, domid, devid, dir, sizeof(dir), &id);
	if (ret)
		return ret;
	c = kzalloc(sizeof(*c), GFP_KERNEL);
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	ret = -ENOMEM;
	if (!c || !msg)
		goto err;
	xtrail_nl_cfg_read(dir, c);

	ret = -EMSGSIZE;
	hdr = genlmsg_put_reply(msg, info, &xtrail_genl_family, 0,
				XTRAIL_CMD_GET_CONFIG);
	if (!hdr)
		goto err;
	if (nla_put_u32(msg, XTRAIL_A_DOMID, domid) ||
	    nla_put_u32(msg, XTRAIL_A_DEVID, id) ||
	    xtrail_nl_put_cfg(msg, c))
		goto err;
	genlmsg_end(msg, hdr);
	kfree(c);
	return genlmsg_reply(msg, info);

err:
	nlmsg_free(msg);
	kfree(c);
	return ret;
}

/* ---- config set ----------------------------------------------------------- */

/* One list attribute into @c, with the per-entry checks policies lack. */
static int xtrail_nl_list(struct genl_info *info, struct nlattr *list,
			  unsigned int key, struct xtrail_cfg *c)
{
	struct nlattr *a;
	const char *err;
	int rem;

	c->has |= 1u << key;
	nla_for_each_nested(a, list, rem) {
		const char *s = nla_data(a);

		switch (key) {
		case XTRAIL_CFG_IGNORE_UID:
			if (c->n_uid == XTRAIL_IGNORE_UID_MAX)
				goto too_many;
			c->uid[c->n_uid++] = nla_get_u32(a);
			break;
		case XTRAIL_CFG_IGNORE_PORT:
			if (c->n_port == XTRAIL_IGNORE_PORT_MAX)
				goto too_many;
			c->port[c->n_port++] = nla_get_u16(a);
			break;
		case XTRAIL_CFG_IGNORE_COMM:
			if (c->n_comm == XTRAIL_IGNORE_COMM_MAX)
				goto too_many;
			err = xtrail_cfg_comm_check(s, strlen(s));
			if (err)
				goto bad;
			strscpy_pad(c->comm[c->n_comm++], s, XTRAIL_COMM_LEN);
			break;
		case XTRAIL_CFG_IGNORE_PATH:
			if (c->n_path == XTRAIL_IGNORE_PATH_MAX)
				goto too_many;
			err = xtrail_cfg_path_check(s, strlen(s));
			if (err)
				goto bad;
			strscpy_pad(c->path[c->n_path++], s,
				    XTRAIL_IGNORE_PATH_LEN);
			break;
		}
	}
	return 0;

too_many:
	NL_SET_ERR_MSG_ATTR(info->extack, a, XTRAIL_NL_TOO_MANY);
	return -EINVAL;
bad:
	xtrail_nl_err(info, a, err);
	return -EINVAL;
}

/* The settings of a SET_CONFIG request into @c, checked. */
static int xtrail_nl_cfg_parse(struct genl_info *info, struct xtrail_cfg *c)
{
	struct nlattr *tb[XTRAIL_CFG_A_MAX + 1];
	const char *err;
	unsigned int k;
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, XTRAIL_A_CONFIG)) {
		GENL_SET_ERR_MSG(info, "no settings given");
		return -EINVAL;
	}
	ret = nla_parse_nested(tb, XTRAIL_CFG_A_MAX,
			       info->attrs[XTRAIL_A_CONFIG],
			       xtrail_cfg_policy, info->extack);
	if (ret)
		return ret;
	if (tb[XTRAIL_CFG_A_EVENTS]) {
		c->has |= 1u << XTRAIL_CFG_EVENTS;
		c->events = nla_get_u32(tb[XTRAIL_CFG_A_EVENTS]);
	}
	if (tb[XTRAIL_CFG_A_FLOOD]) {
		c->has |= 1u << XTRAIL_CFG_FLOOD;
		c->flood = nla_get_u8(tb[XTRAIL_CFG_A_FLOOD]);
	}
	if (tb[XTRAIL_CFG_A_FLOOD_WAIT_US]) {
		c->has |= 1u << XTRAIL_CFG_FLOOD_WAIT;
		c->flood_wait_us = nla_get_u32(tb[XTRAIL_CFG_A_FLOOD_WAIT_US]);
	}
	for (k = XTRAIL_CFG_IGNORE_UID; k <= XTRAIL_CFG_IGNORE_PORT; k++) {
		if (!tb[xtrail_cfg_attr(k)])
			continue;
		ret = xtrail_nl_list(info, tb[xtrail_cfg_attr(k)], k, c);
		if (ret)
			return ret;
	}
	if (!c->has) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[XTRAIL_A_CONFIG],
				    "no settings given");
		return -EINVAL;
	}
	err = xtrail_cfg_check(c);
	if (err) {
		xtrail_nl_err(info, info->attrs[XTRAIL_A_CONFIG], err);
		return -EINVAL;
	}
	return 0;
}

/* Write the settings @c has under @dir/config/, all in one transaction. */
static int xtrail_nl_cfg_write(const char *dir, const struct xtrail_cfg *c)
{
	struct xenbus_transaction xbt;
	char node[32], *val;
	unsigned int k, tries = 0;
	int ret;

	val = kmalloc(XTRAIL_CFG_VALUE_MAX + 1, GFP_KERNEL);
	if (!val)
		return -ENOMEM;
again:
	ret = xenbus_transaction_start(&xbt);
	if (ret)
		goto out;
	for (k = 0; k < XTRAIL_CFG_NKEYS && !ret; k++) {
		if (!(c->has & (1u << k)))
			continue;
		if (xtrail_cfg_format(c, k, val, XTRAIL_CFG_VALUE_MAX + 1) < 0) {
			ret = -E2BIG;
			break;
		}
		snprintf(node, sizeof(node), XTRAIL_XS_CONFIG "/%s",
			 xtrail_cfg_name(k));
		ret = xenbus_write(xbt, dir, node, val);
	}
	if (ret) {
		xenbus_transaction_end(xbt, 1);
		goto out;
	}
	ret = xenbus_transaction_end(xbt, 0);
	if (ret == -EAGAIN && ++tries < XTRAIL_NL_TXN_TRIES)
		goto again;
out:
	kfree(val);
	return ret;
}

/* "key=value ..." of the settings @c has, for the CONTROL record. */
static void xtrail_nl_cfg_log(struct genl_info *info,
			      const struct xtrail_cfg *c, int ret)
{
	size_t size = XTRAIL_CTL_TEXT_MAX + 1, off = 0;
	char *text = kmalloc(size, GFP_KERNEL);
	u32 target = XTRAIL_CTL_ALL;
	unsigned int k;
	int n;

	if (info->attrs[XTRAIL_A_DOMID])
		target = nla_get_u32(info->attrs[XTRAIL_A_DOMID]);
	if (!text) {
		xtrail_control_log(XTRAIL_CTL_CONFIG, target, ret, "?");
		return;
	}
	text[0] = 0;
	for (k = 0; c && k < XTRAIL_CFG_NKEYS && off + 1 < size; k++) {
		if (!(c->has & (1u << k)))
			continue;
		off += scnprintf(text + off, size - off, "%s%s=", off ? " " : "",
				 xtrail_cfg_name(k));
		n = xtrail_cfg_format(c, k, text + off, size - off);
		if (n < 0)
			break;
		off += n;
	}
	xtrail_control_log(XTRAIL_CTL_CONFIG, target, ret, "%s", text);
	kfree(text);
}

static int xtrail_nl_set_config(struct sk_buff *skb, struct genl_info *info)
{
	struct xtrail_cfg *c;
	char dir[64];
	s64 devid;
	u16 domid;
	u32 id;
	int ret;

	if (!info->attrs[XTRAIL_A_DOMID])
		return xtrail_flowctl_set(info);
	if (info->attrs[XTRAIL_A_FLOW_CONFIG]) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[XTRAIL_A_FLOW_CONFIG],
				    "the flow settings are dom0's, for every guest: no domain id");
		xtrail_nl_cfg_log(info, NULL, -EOPNOTSUPP);
		return -EOPNOTSUPP;
	}
	ret = xtrail_nl_guest(info, &domid, &devid);
	if (ret) {
		xtrail_nl_cfg_log(info, NULL, ret);
		return ret;
	}
	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c) {
		xtrail_nl_cfg_log(info, NULL, -ENOMEM);
		return -ENOMEM;
	}
	ret = xtrail_nl_cfg_parse(info, c);
	if (!ret)
		ret = xtrail_nl_dir(info, domid, devid, dir, sizeof(dir), &id);
	if (!ret) {
		ret = xtrail_nl_cfg_write(dir, c);
		if (ret)
			GENL_SET_ERR_MSG(info, "writing the settings to xenstore failed");
	}
	xtrail_nl_cfg_log(info, c, ret);
	kfree(c);
	return ret;
}

/* ---- pause, resume ------------------------------------------------------- */

static int xtrail_nl_do_pause(struct genl_info *info, bool pause)
{
	u8 ev = pause ? XTRAIL_NL_EV_PAUSE : XTRAIL_NL_EV_RESUME;
	s64 devid;
	u16 domid;
	int ret;

	if (!info->attrs[XTRAIL_A_DOMID]) {
		xtrail_back_pause_all(pause);
		xtrail_nl_notify(ev, -1, 0);
		return 0;
	}
	ret = xtrail_nl_guest(info, &domid, &devid);
	if (ret)
		return ret;
	ret = xtrail_back_pause(domid, devid, pause);
	if (ret == -ENOENT)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[XTRAIL_A_DOMID],
				    "no xtrail device for this domain (not attached?)");
	if (!ret)
		xtrail_nl_notify(ev, domid, 0);
	return ret;
}

/* Pause or resume, logged as a CONTROL record whatever its result. */
static int xtrail_nl_pause_resume(struct genl_info *info, bool pause)
{
	struct nlattr *d = info->attrs[XTRAIL_A_DOMID];
	struct nlattr *dev = info->attrs[XTRAIL_A_DEVID];
	int ret = xtrail_nl_do_pause(info, pause);
	u32 action = pause ? XTRAIL_CTL_PAUSE : XTRAIL_CTL_RESUME;

	if (!d)
		xtrail_control_log(action, XTRAIL_CTL_ALL, ret, "every guest");
	else if (!dev)
		xtrail_control_log(action, nla_get_u32(d), ret, "domain %u",
				   nla_get_u32(d));
	else
		xtrail_control_log(action, nla_get_u32(d), ret,
				   "domain %u devid %u", nla_get_u32(d),
				   nla_get_u32(dev));
	return ret;
}

static int xtrail_nl_pause(struct sk_buff *skb, struct genl_info *info)
{
	return xtrail_nl_pause_resume(info, true);
}

static int xtrail_nl_resume(struct sk_buff *skb, struct genl_info *info)
{
	return xtrail_nl_pause_resume(info, false);
}

/* ---- notifications --------------------------------------------------------- */

/* A source changed state (@domid -1: every guest). Process context. */
static void xtrail_nl_notify(u8 event, int domid, u32 reason)
{
	struct sk_buff *skb;
	void *hdr;

	if (!genl_has_listeners(&xtrail_genl_family, &init_net,
				XTRAIL_MCGRP_EVENTS))
		return;
	skb = genlmsg_new(XTRAIL_NL_EVENT_ATTRS * nla_total_size(sizeof(u32)),
			  GFP_KERNEL);
	if (!skb)
		return;
	hdr = genlmsg_put(skb, 0, 0, &xtrail_genl_family, 0, XTRAIL_CMD_EVENT);
	if (!hdr ||
	    nla_put_u8(skb, XTRAIL_A_EVENT, event) ||
	    (domid >= 0 && nla_put_u32(skb, XTRAIL_A_DOMID, domid)) ||
	    (reason && nla_put_u32(skb, XTRAIL_A_REASON, reason))) {
		nlmsg_free(skb);
		return;
	}
	genlmsg_end(skb, hdr);
	genlmsg_multicast(&xtrail_genl_family, skb, 0, XTRAIL_MCGRP_EVENTS,
			  GFP_KERNEL);
}

/*
 * A copy of a guest record for the "records" group, only while someone
 * listens. Called by the consumer in process context (never a probe); a
 * copy that cannot be had without waiting is skipped: this is a view, the
 * log is elsewhere.
 */
static void xtrail_nl_record(u16 domid, const void *rec, u32 len)
{
	struct sk_buff *skb;
	void *hdr;

	if (!genl_has_listeners(&xtrail_genl_family, &init_net,
				XTRAIL_MCGRP_RECORDS))
		return;
	skb = genlmsg_new(nla_total_size(sizeof(u32)) + nla_total_size(len),
			  GFP_NOWAIT | __GFP_NOWARN);
	if (!skb)
		return;
	hdr = genlmsg_put(skb, 0, 0, &xtrail_genl_family, 0,
			  XTRAIL_CMD_RECORD);
	if (!hdr || nla_put_u32(skb, XTRAIL_A_DOMID, domid) ||
	    nla_put(skb, XTRAIL_A_RECORD, len, rec)) {
		nlmsg_free(skb);
		return;
	}
	genlmsg_end(skb, hdr);
	genlmsg_multicast(&xtrail_genl_family, skb, 0, XTRAIL_MCGRP_RECORDS,
			  GFP_NOWAIT | __GFP_NOWARN);
}

/* ---- the family -------------------------------------------------------------- */

static const struct genl_ops xtrail_genl_ops[] = {
	{
		.cmd = XTRAIL_CMD_GET_STATUS,
		.dumpit = xtrail_nl_get_status,
		.flags = GENL_ADMIN_PERM,
	}, {
		.cmd = XTRAIL_CMD_GET_CONFIG,
		.doit = xtrail_nl_get_config,
		.flags = GENL_ADMIN_PERM,
	}, {
		.cmd = XTRAIL_CMD_SET_CONFIG,
		.doit = xtrail_nl_set_config,
		.flags = GENL_ADMIN_PERM,
	}, {
		.cmd = XTRAIL_CMD_PAUSE,
		.doit = xtrail_nl_pause,
		.flags = GENL_ADMIN_PERM,
	}, {
		.cmd = XTRAIL_CMD_RESUME,
		.doit = xtrail_nl_resume,
		.flags = GENL_ADMIN_PERM,
	},
};

static const struct genl_multicast_group xtrail_genl_mcgrps[] = {
	[XTRAIL_MCGRP_EVENTS] = { .name = XTRAIL_GENL_MCGRP_EVENTS,
				  .flags = GENL_MCAST_CAP_NET_ADMIN },
	[XTRAIL_MCGRP_RECORDS] = { .name = XTRAIL_GENL_MCGRP_RECORDS,
				   .flags = GENL_MCAST_CAP_NET_ADMIN },
};

static struct genl_family xtrail_genl_family = {
	.name = XTRAIL_GENL_NAME,
	.version = XTRAIL_GENL_VERSION,
	.maxattr = XTRAIL_A_MAX,
	.policy = xtrail_policy,
	/* Every command is new: strict parsing, no GENL_DONT_VALIDATE_*. */
	.resv_start_op = XTRAIL_CMD_GET_STATUS,
	.ops = xtrail_genl_ops,
	.n_ops = ARRAY_SIZE(xtrail_genl_ops),
	.mcgrps = xtrail_genl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(xtrail_genl_mcgrps),
	.module = THIS_MODULE,
};

/* What the backends tell the control plane. */
static const struct xtrail_back_watch xtrail_nl_watch = {
	.event = xtrail_nl_notify,
	.record = xtrail_nl_record,
};

int xtrail_nl_init(void)
{
	int ret = genl_register_family(&xtrail_genl_family);

	if (ret)
		return ret;
	xtrail_back_set_watch(&xtrail_nl_watch);
	return 0;
}

void xtrail_nl_uninit(void)
{
	xtrail_back_set_watch(NULL);
	genl_unregister_family(&xtrail_genl_family);
}
