/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _XTRAIL_DOM0_FLOWCTL_H
#define _XTRAIL_DOM0_FLOWCTL_H

#include <net/genetlink.h>

#include "xtrail_genl.h"

/* The XTRAIL_A_FLOW_CONFIG nest of a request. */
extern const struct nla_policy xtrail_flowctl_policy[XTRAIL_FLOWCFG_A_MAX + 1];

/* The nest of dom0's flow settings now, into a reply. 0 or -EMSGSIZE. */
int xtrail_flowctl_put(struct sk_buff *skb);

/* SET_CONFIG without a domain id: parse, check, apply, log. */
int xtrail_flowctl_set(struct genl_info *info);

#endif
