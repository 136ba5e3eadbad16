// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The control plane through libnl-3: connecting to the "xtrail" generic
 * netlink family, requests with the kernel's extended-ack messages, and
 * the messages themselves (built and parsed here, tested in
 * tests/unit/test_nl.c).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>

#include "xtrail_genl.h"
#include "nl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK	270
#endif

struct nla_policy xt_nl_policy[XTRAIL_A_MAX + 1] = {
	[XTRAIL_A_DOMID] = { .type = NLA_U32 },
	[XTRAIL_A_DEVID] = { .type = NLA_U32 },
	[XTRAIL_A_NAME] = { .type = NLA_STRING, .maxlen = XTRAIL_NAME_LEN },
	[XTRAIL_A_STATE] = { .type = NLA_U8 },
	[XTRAIL_A_PAUSED] = { .type = NLA_U8 },
	[XTRAIL_A_RECORDS] = { .type = NLA_U64 },
	[XTRAIL_A_BYTES] = { .type = NLA_U64 },
	[XTRAIL_A_LOST] = { .type = NLA_U64 },
	[XTRAIL_A_VIOLATIONS] = { .type = NLA_U64 },
	[XTRAIL_A_NR_RINGS] = { .type = NLA_U32 },
	[XTRAIL_A_RING_USED] = { .type = NLA_U64 },
	[XTRAIL_A_RING_SIZE] = { .type = NLA_U64 },
	[XTRAIL_A_REASON] = { .type = NLA_U32 },
	[XTRAIL_A_CONFIG] = { .type = NLA_NESTED },
	[XTRAIL_A_EVENT] = { .type = NLA_U8 },
	[XTRAIL_A_RECORD] = { .type = NLA_UNSPEC },
	[XTRAIL_A_FLOW_CONFIG] = { .type = NLA_NESTED },
};

static struct nla_policy xt_flow_policy[XTRAIL_FLOWCFG_A_MAX + 1] = {
	[XTRAIL_FLOWCFG_A_CLASSES] = { .type = NLA_U32 },
	[XTRAIL_FLOWCFG_A_PORTS] = { .type = NLA_NESTED },
	[XTRAIL_FLOWCFG_A_CAP] = { .type = NLA_U32 },
	[XTRAIL_FLOWCFG_A_IDLE_S] = { .type = NLA_U32 },
	[XTRAIL_FLOWCFG_A_UPDATE_S] = { .type = NLA_U32 },
};

static struct nla_policy xt_cfg_policy[XTRAIL_CFG_A_MAX + 1] = {
	[XTRAIL_CFG_A_EVENTS] = { .type = NLA_U32 },
	[XTRAIL_CFG_A_FLOOD] = { .type = NLA_U8 },
	[XTRAIL_CFG_A_FLOOD_WAIT_US] = { .type = NLA_U32 },
	[XTRAIL_CFG_A_IGNORE_UID] = { .type = NLA_NESTED },
	[XTRAIL_CFG_A_IGNORE_COMM] = { .type = NLA_NESTED },
	[XTRAIL_CFG_A_IGNORE_PATH] = { .type = NLA_NESTED },
	[XTRAIL_CFG_A_IGNORE_PORT] = { .type = NLA_NESTED },
};

const char *xt_nl_state_name(unsigned int state)
{
	static const char *const names[] = {
		[XTRAIL_SRC_OFF] = "off",
		[XTRAIL_SRC_LOCAL] = "local",
		[XTRAIL_SRC_WAITING] = "waiting",
		[XTRAIL_SRC_CONNECTED] = "connected",
		[XTRAIL_SRC_DISCONNECTED] = "disconnected",
	};

	return state <= XTRAIL_SRC_STATE_MAX ? names[state] : "unknown";
}

const char *xt_nl_event_name(unsigned int event)
{
	static const char *const names[] = {
		[XTRAIL_NL_EV_CONNECT] = "connect",
		[XTRAIL_NL_EV_DISCONNECT] = "disconnect",
		[XTRAIL_NL_EV_VIOLATION] = "violation",
		[XTRAIL_NL_EV_PAUSE] = "pause",
		[XTRAIL_NL_EV_RESUME] = "resume",
	};

	return event && event <= XTRAIL_NL_EV_MAX ? names[event] : "unknown";
}

int xt_nl_exit_status(int err)
{
	switch (err) {
	case EPERM:
	case EACCES:
		return XT_EXIT_PERM;
	case ENOENT:
		return XT_EXIT_NODOM;
	default:
		return XT_EXIT_FAIL;
	}
}

int xt_nl_open(struct xt_nl *nl, const char *cmd)
{
	int one = 1, err;

	nl->cmd = cmd;
	nl->sk = nl_socket_alloc();
	if (!nl->sk) {
		fprintf(stderr, "%s: out of memory\n", cmd);
		return XT_EXIT_FAIL;
	}
	err = genl_connect(nl->sk);
	if (err) {
		fprintf(stderr, "%s: generic netlink: %s\n", cmd,
			nl_geterror(err));
		goto fail;
	}
	/* The kernel's error messages; old kernels ignore the option. */
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	nl->family = genl_ctrl_resolve(nl->sk, XTRAIL_GENL_NAME);
	if (nl->family < 0) {
		fprintf(stderr,
			"%s: the xtrail_dom0 module is not loaded (no generic netlink family \"%s\")\n",
			cmd, XTRAIL_GENL_NAME);
		nl_socket_free(nl->sk);
		nl->sk = NULL;
		return XT_EXIT_NOMOD;
	}
	return 0;
fail:
	nl_socket_free(nl->sk);
	nl->sk = NULL;
	return XT_EXIT_FAIL;
}

void xt_nl_close(struct xt_nl *nl)
{
	nl_socket_free(nl->sk);
	nl->sk = NULL;
}

struct xt_req {
	int done;
	int err;			/* errno, positive */
	char msg[256];			/* the kernel's extack message */
	int (*valid)(struct nl_msg *msg, void *arg);
	void *arg;
};

static int xt_req_err(struct sockaddr_nl *nla __attribute__((unused)),
		      struct nlmsgerr *e, void *arg)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	struct xt_req *r = arg;
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	int off;

	r->err = -e->error;
	r->done = 1;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return NL_STOP;
	off = sizeof(*e);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	if ((int)(nlh->nlmsg_len - NLMSG_HDRLEN) <= off)
		return NL_STOP;
	if (!nla_parse(tb, NLMSGERR_ATTR_MAX,
		       (struct nlattr *)((char *)e + off),
		       nlh->nlmsg_len - NLMSG_HDRLEN - off, NULL) &&
	    tb[NLMSGERR_ATTR_MSG])
		snprintf(r->msg, sizeof(r->msg), "%.*s",
			 (int)strnlen(nla_data(tb[NLMSGERR_ATTR_MSG]),
				      nla_len(tb[NLMSGERR_ATTR_MSG])),
			 (char *)nla_data(tb[NLMSGERR_ATTR_MSG]));
	return NL_STOP;
}

static int xt_req_ack(struct nl_msg *msg __attribute__((unused)), void *arg)
{
	struct xt_req *r = arg;

	r->done = 1;
	return NL_STOP;
}

static int xt_req_valid(struct nl_msg *msg, void *arg)
{
	struct xt_req *r = arg;

	return r->valid ? r->valid(msg, r->arg) : NL_OK;
}

int xt_nl_request(struct xt_nl *nl, struct nl_msg *msg,
		  int (*valid)(struct nl_msg *msg, void *arg), void *arg)
{
	struct xt_req r = { .valid = valid, .arg = arg };
	struct nl_cb *cb;
	int err;

	if (!msg) {
		fprintf(stderr, "%s: out of memory\n", nl->cmd);
		return XT_EXIT_FAIL;
	}
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		nlmsg_free(msg);
		fprintf(stderr, "%s: out of memory\n", nl->cmd);
		return XT_EXIT_FAIL;
	}
	nl_cb_err(cb, NL_CB_CUSTOM, xt_req_err, &r);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, xt_req_ack, &r);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, xt_req_ack, &r);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, xt_req_valid, &r);
	err = nl_send_auto(nl->sk, msg);
	nlmsg_free(msg);
	while (err >= 0 && !r.done)
		err = nl_recvmsgs(nl->sk, cb);
	nl_cb_put(cb);
	if (err < 0 && !r.err) {
		fprintf(stderr, "%s: netlink: %s\n", nl->cmd, nl_geterror(err));
		return XT_EXIT_FAIL;
	}
	if (!r.err)
		return 0;
	if (r.err == EPERM || r.err == EACCES)
		fprintf(stderr, "%s: not permitted: the xtrail control plane needs CAP_NET_ADMIN (run as root)%s%s\n",
			nl->cmd, r.msg[0] ? ": " : "", r.msg);
	else
		fprintf(stderr, "%s: %s\n", nl->cmd,
			r.msg[0] ? r.msg : strerror(r.err));
	return xt_nl_exit_status(r.err);
}

struct nl_msg *xt_nl_msg_new(int family, uint8_t cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (msg && !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0,
				flags, cmd, XTRAIL_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

struct nl_msg *xt_nl_msg_domid(int family, uint8_t cmd, long domid)
{
	struct nl_msg *msg = xt_nl_msg_new(family, cmd, 0);

	if (msg && domid >= 0 && nla_put_u32(msg, XTRAIL_A_DOMID, domid)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

static int xt_list_put(struct nl_msg *msg, unsigned int key,
		       const struct xtrail_cfg *c)
{
	struct nlattr *nest = nla_nest_start(msg, xtrail_cfg_attr(key) |
					    NLA_F_NESTED);
	unsigned int i;
	int err = !nest;

	switch (key) {
	case XTRAIL_CFG_IGNORE_UID:
		for (i = 0; i < c->n_uid && !err; i++)
			err = nla_put_u32(msg, XTRAIL_LIST_A_UID, c->uid[i]);
		break;
	case XTRAIL_CFG_IGNORE_COMM:
		for (i = 0; i < c->n_comm && !err; i++)
			err = nla_put_string(msg, XTRAIL_LIST_A_COMM,
					     c->comm[i]);
		break;
	case XTRAIL_CFG_IGNORE_PATH:
		for (i = 0; i < c->n_path && !err; i++)
			err = nla_put_string(msg, XTRAIL_LIST_A_PATH,
					     c->path[i]);
		break;
	case XTRAIL_CFG_IGNORE_PORT:
		for (i = 0; i < c->n_port && !err; i++)
			err = nla_put_u16(msg, XTRAIL_LIST_A_PORT, c->port[i]);
		break;
	}
	if (err)
		return -1;
	nla_nest_end_keep_empty(msg, nest);
	return 0;
}

int xt_nl_cfg_put(struct nl_msg *msg, const struct xtrail_cfg *c)
{
	struct nlattr *nest = nla_nest_start(msg,
					     XTRAIL_A_CONFIG | NLA_F_NESTED);
	unsigned int k;
	int err = !nest;

	for (k = 0; k < XTRAIL_CFG_NKEYS && !err; k++) {
		if (!(c->has & (1u << k)))
			continue;
		if (k == XTRAIL_CFG_EVENTS)
			err = nla_put_u32(msg, XTRAIL_CFG_A_EVENTS, c->events);
		else if (k == XTRAIL_CFG_FLOOD)
			err = nla_put_u8(msg, XTRAIL_CFG_A_FLOOD, c->flood);
		else if (k == XTRAIL_CFG_FLOOD_WAIT)
			err = nla_put_u32(msg, XTRAIL_CFG_A_FLOOD_WAIT_US,
					  c->flood_wait_us);
		else
			err = xt_list_put(msg, k, c);
	}
	if (err)
		return -1;
	nla_nest_end_keep_empty(msg, nest);
	return 0;
}

struct nl_msg *xt_nl_msg_config_set(int family, long domid,
				    const struct xtrail_cfg *c)
{
	struct nl_msg *msg = xt_nl_msg_domid(family, XTRAIL_CMD_SET_CONFIG, domid);

	if (msg && xt_nl_cfg_put(msg, c)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

/* A list nest's entries of type @type into @c through the text parser. */
static int xt_list_get(struct nlattr *list, unsigned int key,
		       struct xtrail_cfg *c)
{
	static const int types[] = {
		[XTRAIL_CFG_IGNORE_UID] = XTRAIL_LIST_A_UID,
		[XTRAIL_CFG_IGNORE_COMM] = XTRAIL_LIST_A_COMM,
		[XTRAIL_CFG_IGNORE_PATH] = XTRAIL_LIST_A_PATH,
		[XTRAIL_CFG_IGNORE_PORT] = XTRAIL_LIST_A_PORT,
	};
	struct nlattr *a;
	int rem, len;

	c->has |= 1u << key;
	nla_for_each_nested(a, list, rem) {
		len = nla_len(a);
		if (nla_type(a) != types[key])
			return -1;
		switch (key) {
		case XTRAIL_CFG_IGNORE_UID:
			if (len != 4 || c->n_uid == XTRAIL_IGNORE_UID_MAX)
				return -1;
			c->uid[c->n_uid++] = nla_get_u32(a);
			break;
		case XTRAIL_CFG_IGNORE_PORT:
			if (len != 2 || c->n_port == XTRAIL_IGNORE_PORT_MAX)
				return -1;
			c->port[c->n_port++] = nla_get_u16(a);
			break;
		case XTRAIL_CFG_IGNORE_COMM:
			if (len < 1 || len > XTRAIL_COMM_LEN ||
			    ((char *)nla_data(a))[len - 1] ||
			    c->n_comm == XTRAIL_IGNORE_COMM_MAX)
				return -1;
			memcpy(c->comm[c->n_comm++], nla_data(a), len);
			break;
		case XTRAIL_CFG_IGNORE_PATH:
			if (len < 1 || len > XTRAIL_IGNORE_PATH_LEN ||
			    ((char *)nla_data(a))[len - 1] ||
			    c->n_path == XTRAIL_IGNORE_PATH_MAX)
				return -1;
			memcpy(c->path[c->n_path++], nla_data(a), len);
			break;
		}
	}
	return rem ? -1 : 0;
}

int xt_nl_cfg_get(struct nlattr *nest, struct xtrail_cfg *c)
{
	struct nlattr *tb[XTRAIL_CFG_A_MAX + 1];
	unsigned int k;

	memset(c, 0, sizeof(*c));
	if (nla_parse_nested(tb, XTRAIL_CFG_A_MAX, nest, xt_cfg_policy))
		return -1;
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
		struct nlattr *a = tb[xtrail_cfg_attr(k)];

		if (a && xt_list_get(a, k, c))
			return -1;
	}
	return xtrail_cfg_check(c) ? -1 : 0;
}

int xt_nl_flow_put(struct nl_msg *msg, const struct xtrail_flowcfg *fc)
{
	struct nlattr *nest = nla_nest_start(msg, XTRAIL_A_FLOW_CONFIG |
					     NLA_F_NESTED);
	struct nlattr *ports;
	unsigned int i;
	int err = !nest;

	if (!err && fc->has & (1u << XTRAIL_FLOWCFG_FLOW))
		err = nla_put_u32(msg, XTRAIL_FLOWCFG_A_CLASSES, fc->classes);
	if (!err && fc->has & (1u << XTRAIL_FLOWCFG_PORTS)) {
		ports = nla_nest_start(msg, XTRAIL_FLOWCFG_A_PORTS |
				       NLA_F_NESTED);
		err = !ports;
		for (i = 0; i < fc->nports && !err; i++)
			err = nla_put_u16(msg, XTRAIL_LIST_A_PORT,
					  fc->ports[i]);
		if (!err)
			nla_nest_end_keep_empty(msg, ports);
	}
	if (!err && fc->has & (1u << XTRAIL_FLOWCFG_CAP))
		err = nla_put_u32(msg, XTRAIL_FLOWCFG_A_CAP, fc->cap);
	if (!err && fc->has & (1u << XTRAIL_FLOWCFG_IDLE))
		err = nla_put_u32(msg, XTRAIL_FLOWCFG_A_IDLE_S, fc->idle_s);
	if (!err && fc->has & (1u << XTRAIL_FLOWCFG_UPDATE))
		err = nla_put_u32(msg, XTRAIL_FLOWCFG_A_UPDATE_S,
				  fc->update_s);
	if (err)
		return -1;
	nla_nest_end_keep_empty(msg, nest);
	return 0;
}

struct nl_msg *xt_nl_msg_flow_set(int family, const struct xtrail_flowcfg *fc)
{
	struct nl_msg *msg = xt_nl_msg_new(family, XTRAIL_CMD_SET_CONFIG, 0);

	if (msg && xt_nl_flow_put(msg, fc)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

int xt_nl_flow_get(struct nlattr *nest, struct xtrail_flowcfg *fc)
{
	struct nlattr *tb[XTRAIL_FLOWCFG_A_MAX + 1], *a;
	int rem;

	memset(fc, 0, sizeof(*fc));
	if (nla_parse_nested(tb, XTRAIL_FLOWCFG_A_MAX, nest, xt_flow_policy))
		return -1;
	if (tb[XTRAIL_FLOWCFG_A_CLASSES]) {
		fc->has |= 1u << XTRAIL_FLOWCFG_FLOW;
		fc->classes = nla_get_u32(tb[XTRAIL_FLOWCFG_A_CLASSES]);
	}
	if (tb[XTRAIL_FLOWCFG_A_PORTS]) {
		fc->has |= 1u << XTRAIL_FLOWCFG_PORTS;
		nla_for_each_nested(a, tb[XTRAIL_FLOWCFG_A_PORTS], rem) {
			if (nla_type(a) != XTRAIL_LIST_A_PORT ||
			    nla_len(a) != 2 ||
			    fc->nports == XTRAIL_FLOWCFG_PORTS_MAX)
				return -1;
			fc->ports[fc->nports++] = nla_get_u16(a);
		}
		if (rem)
			return -1;
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
	return xtrail_flowcfg_check(fc) ? -1 : 0;
}

/*
 * One KEY=VALUE list, for dom0's flow settings and a guest's settings
 * alike: each argument split at its first '=', the key looked up, the
 * value parsed, then the whole checked. An error names the argument.
 */
struct xt_kv_kind {
	int (*key)(const char *name, size_t len);
	const char *(*parse)(void *dst, int key, const char *val);
	const char *(*check)(const void *dst);
	/* prints why KEY is not one of this kind's */
	void (*unknown)(const char *cmd, const char *kv, int len);
};

static int xt_kv_parse(const char *cmd, int argc, const char *const argv[],
		       void *dst, const struct xt_kv_kind *kind)
{
	const char *eq, *err;
	int i, k;

	for (i = 0; i < argc; i++) {
		eq = strchr(argv[i], '=');
		if (!eq || eq == argv[i]) {
			fprintf(stderr, "%s: '%s' is not KEY=VALUE\n", cmd,
				argv[i]);
			return -1;
		}
		k = kind->key(argv[i], eq - argv[i]);
		if (k < 0) {
			kind->unknown(cmd, argv[i], (int)(eq - argv[i]));
			return -1;
		}
		err = kind->parse(dst, k, eq + 1);
		if (err) {
			fprintf(stderr, "%s: bad value '%s': %s\n", cmd,
				eq + 1, err);
			return -1;
		}
	}
	err = kind->check(dst);
	if (err) {
		fprintf(stderr, "%s: %s\n", cmd, err);
		return -1;
	}
	return 0;
}

static const char *xt_kv_flow_parse(void *dst, int key, const char *val)
{
	return xtrail_flowcfg_parse(dst, key, val);
}

static const char *xt_kv_flow_check(const void *dst)
{
	return xtrail_flowcfg_check(dst);
}

static void xt_kv_flow_unknown(const char *cmd, const char *kv, int len)
{
	fprintf(stderr,
		"%s: unknown setting of every guest '%.*s' (flow, flow-ports, flow-cap, flow-idle, flow-update; a guest's own: name its DOMID)\n",
		cmd, len, kv);
}

int xt_nl_flow_parse_args(const char *cmd, int argc, const char *const argv[],
			  struct xtrail_flowcfg *fc)
{
	static const struct xt_kv_kind flow = {
		.key = xtrail_flowcfg_key,
		.parse = xt_kv_flow_parse,
		.check = xt_kv_flow_check,
		.unknown = xt_kv_flow_unknown,
	};

	memset(fc, 0, sizeof(*fc));
	return xt_kv_parse(cmd, argc, argv, fc, &flow);
}

int xt_nl_source_parse(struct nlattr **tb, struct xt_source *s)
{
	memset(s, 0, sizeof(*s));
	if (!tb[XTRAIL_A_DOMID] || !tb[XTRAIL_A_STATE])
		return -1;
	s->domid = nla_get_u32(tb[XTRAIL_A_DOMID]);
	s->state = nla_get_u8(tb[XTRAIL_A_STATE]);
	if (tb[XTRAIL_A_DEVID])
		s->devid = nla_get_u32(tb[XTRAIL_A_DEVID]);
	if (tb[XTRAIL_A_NAME])
		snprintf(s->name, sizeof(s->name), "%.*s",
			 (int)strnlen(nla_data(tb[XTRAIL_A_NAME]),
				      nla_len(tb[XTRAIL_A_NAME])),
			 (char *)nla_data(tb[XTRAIL_A_NAME]));
	if (tb[XTRAIL_A_PAUSED])
		s->paused = nla_get_u8(tb[XTRAIL_A_PAUSED]);
	if (tb[XTRAIL_A_RECORDS])
		s->records = nla_get_u64(tb[XTRAIL_A_RECORDS]);
	if (tb[XTRAIL_A_BYTES])
		s->bytes = nla_get_u64(tb[XTRAIL_A_BYTES]);
	if (tb[XTRAIL_A_LOST])
		s->lost = nla_get_u64(tb[XTRAIL_A_LOST]);
	if (tb[XTRAIL_A_VIOLATIONS])
		s->violations = nla_get_u64(tb[XTRAIL_A_VIOLATIONS]);
	if (tb[XTRAIL_A_NR_RINGS] && tb[XTRAIL_A_RING_USED] &&
	    tb[XTRAIL_A_RING_SIZE]) {
		s->has_rings = 1;
		s->nr_rings = nla_get_u32(tb[XTRAIL_A_NR_RINGS]);
		s->ring_used = nla_get_u64(tb[XTRAIL_A_RING_USED]);
		s->ring_size = nla_get_u64(tb[XTRAIL_A_RING_SIZE]);
	}
	if (tb[XTRAIL_A_REASON])
		s->reason = nla_get_u32(tb[XTRAIL_A_REASON]);
	return 0;
}

static const char *xt_kv_cfg_parse(void *dst, int key, const char *val)
{
	return xtrail_cfg_parse(dst, key, val);
}

static const char *xt_kv_cfg_check(const void *dst)
{
	return xtrail_cfg_check(dst);
}

static void xt_kv_cfg_unknown(const char *cmd, const char *kv, int len)
{
	if (xtrail_flowcfg_key(kv, len) >= 0)
		fprintf(stderr,
			"%s: '%.*s' is dom0's, for every guest: xtrail config set all %s\n",
			cmd, len, kv, kv);
	else
		fprintf(stderr,
			"%s: unknown setting '%.*s' (events, flood, flood-wait-us, ignore-uid, ignore-comm, ignore-path, ignore-port)\n",
			cmd, len, kv);
}

int xt_nl_cfg_parse_args(const char *cmd, int argc, const char *const argv[],
			 struct xtrail_cfg *c)
{
	static const struct xt_kv_kind cfg = {
		.key = xtrail_cfg_key,
		.parse = xt_kv_cfg_parse,
		.check = xt_kv_cfg_check,
		.unknown = xt_kv_cfg_unknown,
	};

	memset(c, 0, sizeof(*c));
	return xt_kv_parse(cmd, argc, argv, c, &cfg);
}
