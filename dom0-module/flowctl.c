// SPDX-License-Identifier: GPL-2.0
/*
 * dom0's flow settings on the control plane: the XTRAIL_A_FLOW_CONFIG nest
 * of a GET_CONFIG or SET_CONFIG without a domain id (shared/xtrail_genl.h),
 * for every guest's vifs (flowobs.c). A request is parsed strictly against
 * the policy below, checked once more as a whole by xtrail_flowcfg_check()
 * (the function the CLI runs before it sends), applied all together by
 * xtrail_flowobs_set(), and logged as one CONTROL record (action CONFIG,
 * target every guest) in the text form of shared/xtrail_flowcfg.h
 * ("flow-cap=64"), applied or refused.
 */
#include <net/genetlink.h>

#include "xtrail_flowcfg.h"
#include "xtrail_genl.h"
#include "control.h"
#include "flowctl.h"
#include "flowobs.h"

static struct netlink_range_validation xtrail_flow_cap_range = {
	.min = 1,
	.max = XTRAIL_FLOWCFG_CAP_MAX,
};

static struct netlink_range_validation xtrail_flow_s_range = {
	.min = 1,
	.max = XTRAIL_FLOWCFG_SECONDS_MAX,
};

static const struct nla_policy xtrail_flowctl_port_policy[XTRAIL_LIST_A_MAX + 1] = {
	[XTRAIL_LIST_A_PORT] = NLA_POLICY_MIN(NLA_U16, 1),
};

const struct nla_policy xtrail_flowctl_policy[XTRAIL_FLOWCFG_A_MAX + 1] = {
	[XTRAIL_FLOWCFG_A_CLASSES] = NLA_POLICY_MASK(NLA_U32,
						     XTRAIL_FLOWCFG_CLASSES),
	[XTRAIL_FLOWCFG_A_PORTS] = NLA_POLICY_NESTED(xtrail_flowctl_port_policy),
	[XTRAIL_FLOWCFG_A_CAP] = NLA_POLICY_FULL_RANGE(NLA_U32,
						       &xtrail_flow_cap_range),
	[XTRAIL_FLOWCFG_A_IDLE_S] = NLA_POLICY_FULL_RANGE(NLA_U32,
							  &xtrail_flow_s_range),
	[XTRAIL_FLOWCFG_A_UPDATE_S] = NLA_POLICY_FULL_RANGE(NLA_U32,
							    &xtrail_flow_s_range),
};

/* The nest of dom0's flow settings as they apply now, every one. */
int xtrail_flowctl_put(struct sk_buff *skb)
{
	struct xtrail_flowcfg now, *fc = &now;
	struct nlattr *nest = nla_nest_start(skb, XTRAIL_A_FLOW_CONFIG);
	struct nlattr *ports;
	unsigned int i;

	xtrail_flowobs_get(fc);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, XTRAIL_FLOWCFG_A_CLASSES, fc->classes) ||
	    nla_put_u32(skb, XTRAIL_FLOWCFG_A_CAP, fc->cap) ||
	    nla_put_u32(skb, XTRAIL_FLOWCFG_A_IDLE_S, fc->idle_s) ||
	    nla_put_u32(skb, XTRAIL_FLOWCFG_A_UPDATE_S, fc->update_s))
		goto cancel;
	ports = nla_nest_start(skb, XTRAIL_FLOWCFG_A_PORTS);
	if (!ports)
		goto cancel;
	for (i = 0; i < fc->nports; i++)
		if (nla_put_u16(skb, XTRAIL_LIST_A_PORT, fc->ports[i]))
			goto cancel;
	nla_nest_end(skb, ports);
	nla_nest_end(skb, nest);
	return 0;

cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

/* The settings of a dom0-wide SET_CONFIG into @fc, checked. */
static int xtrail_flowctl_parse(struct genl_info *info,
				struct xtrail_flowcfg *fc)
{
	struct nlattr *tb[XTRAIL_FLOWCFG_A_MAX + 1], *a;
	const char *err;
	int ret, rem;

	if (info->attrs[XTRAIL_A_CONFIG]) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[XTRAIL_A_CONFIG],
				    "a guest's settings need its domain id");
		return -EINVAL;
	}
	if (GENL_REQ_ATTR_CHECK(info, XTRAIL_A_FLOW_CONFIG)) {
		GENL_SET_ERR_MSG(info, "a domain id, or dom0's flow settings, are required");
		return -EINVAL;
	}
	ret = nla_parse_nested(tb, XTRAIL_FLOWCFG_A_MAX,
			       info->attrs[XTRAIL_A_FLOW_CONFIG],
			       xtrail_flowctl_policy, info->extack);
	if (ret)
		return ret;
	if (tb[XTRAIL_FLOWCFG_A_CLASSES]) {
		fc->has |= 1u << XTRAIL_FLOWCFG_FLOW;
		fc->classes = nla_get_u32(tb[XTRAIL_FLOWCFG_A_CLASSES]);
	}
	if (tb[XTRAIL_FLOWCFG_A_PORTS]) {
		fc->has |= 1u << XTRAIL_FLOWCFG_PORTS;
		nla_for_each_nested(a, tb[XTRAIL_FLOWCFG_A_PORTS], rem) {
			if (fc->nports == XTRAIL_FLOWCFG_PORTS_MAX) {
				NL_SET_ERR_MSG_ATTR(info->extack, a,
						    XTRAIL_FLOWCFG_PORTS_TOO_MANY);
				return -EINVAL;
			}
			fc->ports[fc->nports++] = nla_get_u16(a);
		}
	}
	if (tb[XTRAIL_FLOWCFG_A_CAP]) {
		fc->has |= 1u << XTRAIL_FLOWCFG_CAP;
		fc->cap = nla_get_u32(tb[XTRAIL_FLOWCFG_A_CAP]);
	}
	if (tb[XTRAIL_FLOWCFG_A_IDLE_S]) {
		fc->has |= 1u << XTRAIL_FLOWCFG_IDLE;
		fc->idle_s = nla_get_u32(tb[XTRAIL_FLOWCFG_A_IDLE_S]);
	}
	if (tb[XTRAIL_FLOWCFG_A_UPDATE_S]) {
		fc->has |= 1u << XTRAIL_FLOWCFG_UPDATE;
		fc->update_s = nla_get_u32(tb[XTRAIL_FLOWCFG_A_UPDATE_S]);
	}
	if (!fc->has) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[XTRAIL_A_FLOW_CONFIG],
				    "no settings given");
		return -EINVAL;
	}
	err = xtrail_flowcfg_check(fc);
	if (err) {
		if (info->extack) {
			info->extack->_msg = err;	/* static, not a literal */
			info->extack->bad_attr = info->attrs[XTRAIL_A_FLOW_CONFIG];
		}
		return -EINVAL;
	}
	return 0;
}

/*
 * SET_CONFIG without DOMID: dom0's flow settings for every guest, applied
 * together; a CONTROL record (target: every guest) with the settings as
 * far as they were read, applied or refused.
 */
int xtrail_flowctl_set(struct genl_info *info)
{
	char text[XTRAIL_FLOWCFG_NKEYS * (XTRAIL_FLOWCFG_VALUE_MAX + 16)];
	struct xtrail_flowcfg fc = {};
	size_t off = 0;
	unsigned int k;
	int ret, n;

	ret = xtrail_flowctl_parse(info, &fc);
	if (!ret)
		ret = xtrail_flowobs_set(&fc);
	text[0] = 0;
	for (k = 0; k < XTRAIL_FLOWCFG_NKEYS; k++) {
		if (!(fc.has & (1u << k)))
			continue;
		off += scnprintf(text + off, sizeof(text) - off, "%s%s=",
				 off ? " " : "", xtrail_flowcfg_name(k));
		n = xtrail_flowcfg_format(&fc, k, text + off,
					  sizeof(text) - off);
		if (n < 0)
			break;
		off += n;
	}
	xtrail_control_log(XTRAIL_CTL_CONFIG, XTRAIL_CTL_ALL, ret, "%s", text);
	return ret;
}
