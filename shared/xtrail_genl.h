/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/*
 * xtrail control plane, version 1: the generic netlink family "xtrail".
 *
 * This header is the specification of the dom0 module's netlink interface;
 * the module (dom0-module/netlink.c) and the CLI (userspace/lib/nl.c) include
 * it. Resolve the family by name (CTRL_CMD_GETFAMILY); a missing family
 * means xtrail_dom0.ko is not loaded.
 *
 * Every command is validated strictly (unknown attributes, trailing bytes,
 * reserved header bits and attributes of the wrong size are rejected) and
 * answers errors with an extended-ack message naming the fault. Every
 * command needs CAP_NET_ADMIN (GENL_ADMIN_PERM), and so does joining
 * either group (GENL_MCAST_CAP_NET_ADMIN): the status names the guests
 * and counts their records, the settings say which uids, programs, paths
 * and ports are not logged; all of it is for dom0's administrators only
 * (-EPERM otherwise). Every command that changes something is logged as a
 * CONTROL record (xtrail_proto.h), applied or refused, naming who sent it;
 * a request refused for want of CAP_NET_ADMIN is not (it never reaches the
 * module).
 *
 * Commands
 *
 *   XTRAIL_CMD_GET_STATUS (dump, admin)
 *     Request: nothing. Reply: one message per source: dom0's own events
 *     first (XTRAIL_A_DOMID 0), then every guest the backend is bound to,
 *     each with DOMID, DEVID, NAME (the domain's xenstore name, read when
 *     the guest connected; "Domain-0" for dom0), STATE, PAUSED, RECORDS,
 *     BYTES, LOST, VIOLATIONS, and for a connected guest NR_RINGS,
 *     RING_USED and RING_SIZE (summed over its rings), REASON (why it last
 *     disconnected, if it did). RECORDS, BYTES and LOST count since the
 *     source last connected (dom0: since the module loaded; a guest that
 *     is not connected: 0, its DISCONNECT record has the totals); LOST is the
 *     sum of the counts of the LOST records the source sent; VIOLATIONS
 *     counts protocol violations since the module loaded. A dump that
 *     needs several reads while a guest is attached or removed may miss
 *     that guest or list another twice: dump again.
 *
 *   XTRAIL_CMD_GET_CONFIG (do, admin)
 *     Request: DOMID [DEVID]. Reply: DOMID, DEVID, CONFIG (nested
 *     XTRAIL_CFG_A_*): the settings present in the guest's backend
 *     directory config/ (an absent key is the guest's default: see
 *     xtrail_proto.h). -ENOENT: no such guest.
 *     Request without DOMID: dom0's own settings for every guest. Reply:
 *     FLOW_CONFIG (nested XTRAIL_FLOWCFG_A_*, every one): the flow
 *     observation as it applies now.
 *
 *   XTRAIL_CMD_SET_CONFIG (do, admin)
 *     Request: DOMID [DEVID] CONFIG. Only the settings present are
 *     changed; an empty list (a nest with no entries) clears a filter. All
 *     of them are checked first (see xtrail_cfg.h), then written to the
 *     backend directory's config/ in one xenbus transaction, so the guest
 *     sees all of them or none. -ENOENT: no such guest; -EINVAL with an
 *     extack message: a bad value.
 *     Request without DOMID: FLOW_CONFIG (and no CONFIG), dom0's flow
 *     observation of every guest's vifs (xtrail_flowcfg.h): the settings
 *     present are checked, then applied together, as the module
 *     parameters flow_classes, flow_ports, flow_cap, flow_idle_s and
 *     flow_update_s apply them (which show the new values). FLOW_CONFIG
 *     with a DOMID: -EOPNOTSUPP (the flow settings are dom0-wide).
 *
 *   XTRAIL_CMD_PAUSE, XTRAIL_CMD_RESUME (do, admin)
 *     Request: [DOMID [DEVID]]. Stop (resume) taking records from that
 *     guest's rings: they fill, and the guest counts its losses and reports
 *     them in LOST records once it can write again. Without DOMID: the
 *     switch for every guest (the module parameter "paused"); a guest
 *     paused by its DOMID stays paused until resumed by its DOMID, also
 *     across reconnections. dom0's own events cannot be paused
 *     (-EOPNOTSUPP). Announced on the "events" group.
 *
 *   Attaching and detaching a guest stay with the toolstack's side of
 *   xenstore (xtrail attach / xtrail detach write the split-driver nodes).
 *
 * Multicast groups
 *
 *   "events": XTRAIL_CMD_EVENT messages with DOMID, EVENT (enum
 *     xtrail_nl_event) and, for DISCONNECT, REASON (enum
 *     xtrail_disconnect_reason), for VIOLATION, REASON (the verdict, enum
 *     xtrail_verdict of xtrail_ring.h). Joining needs CAP_NET_ADMIN.
 *   "records": XTRAIL_CMD_RECORD messages with DOMID and RECORD (one whole
 *     record, as read() on /dev/xtrail returns it), for live tails. They
 *     are sent only while someone listens, by the consumer in process
 *     context, for every guest record the backend takes; a copy that cannot
 *     be allocated is skipped (the log on disk is the reference, this is a
 *     view). dom0's own events are not sent (they are made in probes).
 *     Joining needs CAP_NET_ADMIN (the records are what the log protects).
 *
 * Versioning: XTRAIL_GENL_VERSION is the family's version. New commands
 * and attributes are appended and keep the version; anything else bumps it.
 */
#ifndef _XTRAIL_GENL_H
#define _XTRAIL_GENL_H

#define XTRAIL_GENL_NAME		"xtrail"
#define XTRAIL_GENL_VERSION		1
#define XTRAIL_GENL_MCGRP_EVENTS	"events"
#define XTRAIL_GENL_MCGRP_RECORDS	"records"

/* Longest domain name reported (xenstore's /local/domain/N/name), NUL too. */
#define XTRAIL_NAME_LEN			64

enum xtrail_cmd {
	XTRAIL_CMD_UNSPEC,
	XTRAIL_CMD_GET_STATUS,		/* dump, admin */
	XTRAIL_CMD_GET_CONFIG,		/* do, admin */
	XTRAIL_CMD_SET_CONFIG,		/* do, admin */
	XTRAIL_CMD_PAUSE,		/* do, admin */
	XTRAIL_CMD_RESUME,		/* do, admin */
	XTRAIL_CMD_EVENT,		/* notification ("events") */
	XTRAIL_CMD_RECORD,		/* notification ("records") */
	__XTRAIL_CMD_MAX
};
#define XTRAIL_CMD_MAX (__XTRAIL_CMD_MAX - 1)

/**
 * enum xtrail_attr - top-level attributes
 * @XTRAIL_A_DOMID:      u32, 0..0x7fef: the source (0 = dom0's own events)
 * @XTRAIL_A_DEVID:      u32: the xtrail device of that domain (default:
 *                       the first the backend is bound to)
 * @XTRAIL_A_NAME:       string (< XTRAIL_NAME_LEN): the domain's name
 * @XTRAIL_A_STATE:      u8, enum xtrail_src_state
 * @XTRAIL_A_PAUSED:     u8, 1 when records are not being taken (the guest
 *                       or every guest is paused)
 * @XTRAIL_A_RECORDS:    u64: records taken
 * @XTRAIL_A_BYTES:      u64: bytes taken
 * @XTRAIL_A_LOST:       u64: records the source declared lost
 * @XTRAIL_A_VIOLATIONS: u64: protocol violations
 * @XTRAIL_A_NR_RINGS:   u32: rings (vCPUs) of a connected guest
 * @XTRAIL_A_RING_USED:  u64: bytes waiting in its rings, summed
 * @XTRAIL_A_RING_SIZE:  u64: size of its rings, summed
 * @XTRAIL_A_REASON:     u32: see the commands and groups above
 * @XTRAIL_A_CONFIG:     nested, enum xtrail_cfg_attr
 * @XTRAIL_A_EVENT:      u8, enum xtrail_nl_event
 * @XTRAIL_A_RECORD:     binary: one record (struct xtrail_rec_hdr first)
 * @XTRAIL_A_PAD:        padding for 64-bit attributes
 * @XTRAIL_A_FLOW_CONFIG: nested, enum xtrail_flowcfg_attr
 */
enum xtrail_attr {
	XTRAIL_A_UNSPEC,
	XTRAIL_A_DOMID,
	XTRAIL_A_DEVID,
	XTRAIL_A_NAME,
	XTRAIL_A_STATE,
	XTRAIL_A_PAUSED,
	XTRAIL_A_RECORDS,
	XTRAIL_A_BYTES,
	XTRAIL_A_LOST,
	XTRAIL_A_VIOLATIONS,
	XTRAIL_A_NR_RINGS,
	XTRAIL_A_RING_USED,
	XTRAIL_A_RING_SIZE,
	XTRAIL_A_REASON,
	XTRAIL_A_CONFIG,
	XTRAIL_A_EVENT,
	XTRAIL_A_RECORD,
	XTRAIL_A_PAD,
	XTRAIL_A_FLOW_CONFIG,
	__XTRAIL_A_MAX
};
#define XTRAIL_A_MAX (__XTRAIL_A_MAX - 1)

/* Largest domid of a real domain (Xen's DOMID_FIRST_RESERVED - 1). */
#define XTRAIL_DOMID_MAX		0x7fef

/**
 * enum xtrail_cfg_attr - a guest's settings (XTRAIL_A_CONFIG); the values
 * and their limits are those of the backend's config/ keys in
 * xtrail_proto.h
 * @XTRAIL_CFG_A_EVENTS:        u32, mask of XTRAIL_EV_* (not 0)
 * @XTRAIL_CFG_A_FLOOD:         u8, enum xtrail_flood
 * @XTRAIL_CFG_A_FLOOD_WAIT_US: u32, 0..XTRAIL_FLOOD_WAIT_MAX
 * @XTRAIL_CFG_A_IGNORE_UID:    nested: XTRAIL_LIST_A_UID entries, u32
 *                              (not 0xffffffff), at most
 *                              XTRAIL_IGNORE_UID_MAX
 * @XTRAIL_CFG_A_IGNORE_COMM:   nested: XTRAIL_LIST_A_COMM entries, strings
 *                              of 1..15 printable bytes without ',', at
 *                              most XTRAIL_IGNORE_COMM_MAX
 * @XTRAIL_CFG_A_IGNORE_PATH:   nested: XTRAIL_LIST_A_PATH entries, absolute
 *                              paths (< XTRAIL_IGNORE_PATH_LEN bytes, no
 *                              ','), at most XTRAIL_IGNORE_PATH_MAX
 * @XTRAIL_CFG_A_IGNORE_PORT:   nested: XTRAIL_LIST_A_PORT entries, u16,
 *                              1..65535, at most XTRAIL_IGNORE_PORT_MAX
 */
enum xtrail_cfg_attr {
	XTRAIL_CFG_A_UNSPEC,
	XTRAIL_CFG_A_EVENTS,
	XTRAIL_CFG_A_FLOOD,
	XTRAIL_CFG_A_FLOOD_WAIT_US,
	XTRAIL_CFG_A_IGNORE_UID,
	XTRAIL_CFG_A_IGNORE_COMM,
	XTRAIL_CFG_A_IGNORE_PATH,
	XTRAIL_CFG_A_IGNORE_PORT,
	__XTRAIL_CFG_A_MAX
};
#define XTRAIL_CFG_A_MAX (__XTRAIL_CFG_A_MAX - 1)

/**
 * enum xtrail_flowcfg_attr - dom0's flow observation (XTRAIL_A_FLOW_CONFIG);
 * the limits are those of xtrail_flowcfg.h
 * @XTRAIL_FLOWCFG_A_CLASSES:  u32, mask of XTRAIL_FLOWCFG_TCP, _UDP (0: off)
 * @XTRAIL_FLOWCFG_A_PORTS:    nested: XTRAIL_LIST_A_PORT entries, u16,
 *                             1..65535, at most XTRAIL_FLOWCFG_PORTS_MAX
 *                             (none: every port)
 * @XTRAIL_FLOWCFG_A_CAP:      u32, flows per guest, 1..XTRAIL_FLOWCFG_CAP_MAX
 * @XTRAIL_FLOWCFG_A_IDLE_S:   u32, seconds, 1..XTRAIL_FLOWCFG_SECONDS_MAX
 * @XTRAIL_FLOWCFG_A_UPDATE_S: u32, seconds, 1..XTRAIL_FLOWCFG_SECONDS_MAX
 */
enum xtrail_flowcfg_attr {
	XTRAIL_FLOWCFG_A_UNSPEC,
	XTRAIL_FLOWCFG_A_CLASSES,
	XTRAIL_FLOWCFG_A_PORTS,
	XTRAIL_FLOWCFG_A_CAP,
	XTRAIL_FLOWCFG_A_IDLE_S,
	XTRAIL_FLOWCFG_A_UPDATE_S,
	__XTRAIL_FLOWCFG_A_MAX
};
#define XTRAIL_FLOWCFG_A_MAX (__XTRAIL_FLOWCFG_A_MAX - 1)

/* Entries of the filter lists; each list accepts only its own type. */
enum xtrail_list_attr {
	XTRAIL_LIST_A_UNSPEC,
	XTRAIL_LIST_A_UID,
	XTRAIL_LIST_A_COMM,
	XTRAIL_LIST_A_PATH,
	XTRAIL_LIST_A_PORT,
	__XTRAIL_LIST_A_MAX
};
#define XTRAIL_LIST_A_MAX (__XTRAIL_LIST_A_MAX - 1)

enum xtrail_flood {
	XTRAIL_FLOOD_DROP	= 0,	/* config/flood "drop" */
	XTRAIL_FLOOD_WAIT	= 1,	/* config/flood "wait" */
};

/**
 * enum xtrail_src_state - XTRAIL_A_STATE
 * @XTRAIL_SRC_OFF:          dom0's own events are not captured (module
 *                           parameter local=0)
 * @XTRAIL_SRC_LOCAL:        dom0's own events are captured
 * @XTRAIL_SRC_WAITING:      the backend waits for the guest to connect
 * @XTRAIL_SRC_CONNECTED:    records flow (PAUSED may say they do not now)
 * @XTRAIL_SRC_DISCONNECTED: the guest disconnected (REASON says why)
 */
enum xtrail_src_state {
	XTRAIL_SRC_OFF		= 0,
	XTRAIL_SRC_LOCAL	= 1,
	XTRAIL_SRC_WAITING	= 2,
	XTRAIL_SRC_CONNECTED	= 3,
	XTRAIL_SRC_DISCONNECTED	= 4,
	XTRAIL_SRC_STATE_MAX	= 4,
};

/* XTRAIL_A_EVENT of the "events" group */
enum xtrail_nl_event {
	XTRAIL_NL_EV_CONNECT	= 1,
	XTRAIL_NL_EV_DISCONNECT	= 2,	/* REASON: xtrail_disconnect_reason */
	XTRAIL_NL_EV_VIOLATION	= 3,	/* REASON: xtrail_verdict */
	XTRAIL_NL_EV_PAUSE	= 4,	/* DOMID absent: every guest */
	XTRAIL_NL_EV_RESUME	= 5,	/* DOMID absent: every guest */
	XTRAIL_NL_EV_MAX	= 5,
};

#endif /* _XTRAIL_GENL_H */
