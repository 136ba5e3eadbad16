/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The CLI's side of the control plane: the generic netlink family "xtrail"
 * (shared/xtrail_genl.h) through libnl-3.
 *
 * Message building and parsing are separate from the transport so that
 * the unit tests can check them without the module.
 */
#ifndef XTRAIL_NL_H
#define XTRAIL_NL_H

#include <stdint.h>
#include <netlink/netlink.h>
#include <netlink/genl/genl.h>

#include "xtrail_cfg.h"
#include "xtrail_flowcfg.h"

/* Exit statuses of the control-plane commands (documented in xtrail(8)). */
#define XT_EXIT_FAIL	1	/* bad command line or value, or a failure */
#define XT_EXIT_NOMOD	2	/* the xtrail_dom0 module is not loaded */
#define XT_EXIT_PERM	3	/* not permitted (needs root) */
#define XT_EXIT_NODOM	4	/* no xtrail device for that domain */

/**
 * struct xt_source - one source of XTRAIL_CMD_GET_STATUS
 * (fields as in xtrail_genl.h; @has_rings: NR_RINGS, RING_* present)
 */
struct xt_source {
	uint32_t domid;
	uint32_t devid;
	char name[XTRAIL_NAME_LEN];
	uint8_t state;
	uint8_t paused;
	uint64_t records;
	uint64_t bytes;
	uint64_t lost;
	uint64_t violations;
	int has_rings;
	uint32_t nr_rings;
	uint64_t ring_used;
	uint64_t ring_size;
	uint32_t reason;
};

struct xt_nl {
	struct nl_sock *sk;
	int family;
	const char *cmd;	/* prefix of messages */
};

/*
 * Connect and resolve the family. 0, or an XT_EXIT_* status after a
 * message ("module not loaded" when the family does not exist).
 */
int xt_nl_open(struct xt_nl *nl, const char *cmd);
void xt_nl_close(struct xt_nl *nl);

/*
 * Send @msg (consumed) and wait for the answer; @valid (may be NULL) gets
 * every reply message with @arg. 0, or an XT_EXIT_* status after a
 * message that includes the kernel's extack text, if any.
 */
int xt_nl_request(struct xt_nl *nl, struct nl_msg *msg,
		  int (*valid)(struct nl_msg *msg, void *arg), void *arg);

/* The XT_EXIT_* status for a request that failed with -@err (errno). */
int xt_nl_exit_status(int err);

/*
 * Message builders: a request of @family for @cmd, with DOMID when
 * @domid >= 0, and for SET_CONFIG the settings @c has. NULL: no memory.
 */
struct nl_msg *xt_nl_msg_new(int family, uint8_t cmd, int flags);
struct nl_msg *xt_nl_msg_domid(int family, uint8_t cmd, long domid);
struct nl_msg *xt_nl_msg_config_set(int family, long domid,
				    const struct xtrail_cfg *c);

/* Put the settings @c has as a nested XTRAIL_A_CONFIG. 0 or -1. */
int xt_nl_cfg_put(struct nl_msg *msg, const struct xtrail_cfg *c);

/*
 * The nested XTRAIL_A_CONFIG @nest into @c (zeroed first). 0, or -1 when
 * the nest is malformed or its values fail xtrail_cfg_check().
 */
int xt_nl_cfg_get(struct nlattr *nest, struct xtrail_cfg *c);

/*
 * The CLI's KEY=VALUE arguments (@argc of them) into @c, checked with
 * xtrail_cfg_check(). 0, or -1 after a message on stderr.
 */
int xt_nl_cfg_parse_args(const char *cmd, int argc, const char *const argv[],
			 struct xtrail_cfg *c);

/*
 * dom0's flow settings for every guest (XTRAIL_A_FLOW_CONFIG, no DOMID):
 * a SET_CONFIG request with the settings @fc has (NULL: no memory); the
 * nest into @fc (zeroed first; 0, or -1 when malformed or failing
 * xtrail_flowcfg_check()); the CLI's KEY=VALUE arguments into @fc,
 * checked (0, or -1 after a message on stderr).
 */
struct nl_msg *xt_nl_msg_flow_set(int family, const struct xtrail_flowcfg *fc);
int xt_nl_flow_put(struct nl_msg *msg, const struct xtrail_flowcfg *fc);
int xt_nl_flow_get(struct nlattr *nest, struct xtrail_flowcfg *fc);
int xt_nl_flow_parse_args(const char *cmd, int argc, const char *const argv[],
			  struct xtrail_flowcfg *fc);

/* A GET_STATUS reply message's attributes into @s. 0 or -1. */
int xt_nl_source_parse(struct nlattr **tb, struct xt_source *s);

/* The attribute policy for replies (XTRAIL_A_MAX + 1 entries). */
extern struct nla_policy xt_nl_policy[];

/* "local", "connected", ... */
const char *xt_nl_state_name(unsigned int state);
/* "connect", "pause", ... */
const char *xt_nl_event_name(unsigned int event);

#endif /* XTRAIL_NL_H */
