/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The cross-check of dom0's FLOW records against the guest's own NET
 * records: for each flow dom0 saw on a guest's vif, the guest's record of
 * the syscall that made it, and so the process, user and program behind
 * it. Pure: records in, verdicts out, no I/O ("xtrail attribute" reads the
 * log and prints).
 *
 * The records are given in log order (xt_attr_add(), each one already
 * checked with xtrail_rec_check()); xt_attr_finish() then matches. A flow
 * is the first record dom0 wrote of it (START, or the first of its flow_id
 * the log holds). Its guest side (dom0 knows by the vif: the header's domid)
 * is the initiator when XTRAIL_FLOW_FROM_GUEST is set, else the responder.
 *
 * Outbound (FROM_GUEST): the match is a NET record of the same domid and
 * connection (CONNECT..DISCONNECT, or the same VM UUID when VM_IDENTITY
 * records name it) of kind CONNECT (TCP) or CONNECT or SENDTO (UDP), with
 * the same family (an IPv4-mapped IPv6 address counts as IPv4), protocol
 * (0, unknown to the guest, matches any), remote address and port, and
 * local port; the local address too unless the guest's is 0 (a socket not
 * bound to one: sendto() on an unconnected UDP socket). It must lie within
 * the window of the flow's first packet: |t_guest - first_ns| <= window.
 * Of several, the nearest in time; a TCP CONNECT matches one flow only.
 * UDP: the guest records a socket's first datagram to a destination only
 * (XTRAIL_NET_DEDUP), so a later flow of the same socket matches the
 * latest earlier record of the same 5-tuple, however old (@earlier).
 *
 * Clocks: first_ns is dom0's clock. A guest record's time is its ts_ns when
 * it has XTRAIL_RF_TS_XEN and dom0's clock is Xen system time (the FLOW
 * record has XTRAIL_RF_TS_XEN, or the latest CLOCK record before it does):
 * both are then Xen system time; else its recv_ns (dom0's clock at
 * receipt: later than the event by the ring's delivery delay, which the
 * window must cover).
 *
 * Inbound: the match is an ACCEPT record of the socket (local = the flow's
 * responder, peer = its initiator), verdict INBOUND with or without it.
 *
 * No match: UNKNOWN when the guest's trail has a hole there (its window
 * meets one: @hole says which), else UNATTRIBUTED: the guest's logger was
 * running and complete by every count dom0 keeps, and did not record it.
 *
 * The process is the NET record's header (pid, tgid, uid, loginuid,
 * sessionid, comm) and its program the last EXEC record of that tgid in
 * that guest before the NET record, by the guest's own timestamps (a child
 * without an exec of its own has its parent's at the FORK record; after
 * an EXIT, none). The log's order would not do: dom0 merges the rings of
 * a guest's vCPUs by its receipt of them.
 */
#ifndef XTRAIL_ATTRIBUTION_H
#define XTRAIL_ATTRIBUTION_H

#include <stddef.h>
#include <stdint.h>

#include "xtrail_proto.h"
#include "attr_bytes.h"
#include "proc_hist.h"

#define XT_ATTR_WINDOW_DEF	2000000000ull	/* ns */

enum xt_attr_verdict {
	XT_ATTR_ATTRIBUTED	= 1,
	XT_ATTR_UNATTRIBUTED	= 2,
	XT_ATTR_UNKNOWN		= 3,
	XT_ATTR_INBOUND		= 4,
};

/* Why the guest's trail may miss a record (UNKNOWN) */
enum xt_attr_hole {
	XT_HOLE_NONE		= 0,
	XT_HOLE_DISCONNECTED	= 1,	/* the guest's logger not connected */
	XT_HOLE_LOST		= 2,	/* the guest's LOST record */
	XT_HOLE_SEQ_GAP		= 3,	/* dom0 saw sequence numbers missing */
	XT_HOLE_HB_SILENCE	= 4,	/* the guest's heartbeats stopped */
	XT_HOLE_DOM0_LOST	= 5,	/* dom0 lost records about the guest */
	XT_HOLE_STREAM		= 6,	/* the log misses stream records */
};

/**
 * struct xt_attr_flow - one flow and its verdict
 * @index:     the FLOW record's position among the records given (from 0)
 * @domid:     the guest whose vif carried it
 * @span:      that guest's connections (CONNECT records) so far
 * @ts_xen:    dom0's clock was Xen system time (the FLOW record's or the
 *             CLOCK record's XTRAIL_RF_TS_XEN): guest records with it are
 *             compared by their ts_ns
 * @f:         the FLOW record's body, as in the log (little-endian)
 * @wall_ns:   wall-clock time of the first packet (ns since the epoch), or
 *             -1 without a CLOCK record before it
 * @has_vm:    a VM_IDENTITY record named the VM: @uuid and @name
 * @uuid:      the VM's UUID
 * @name:      its name, NUL terminated
 * @verdict:   enum xt_attr_verdict
 * @hole:      UNKNOWN: enum xt_attr_hole, the hole its window meets
 * @matched:   the guest's record was found (ATTRIBUTED, and INBOUND when
 *             an ACCEPT matched)
 * @net_kind:  the matching record's kind (enum xtrail_net_kind)
 * @net_index: its position among the records given
 * @delta_ns:  its time minus the flow's first packet
 * @net_ts:    its own ts_ns (the guest's clock, as proc_hist.h has it)
 * @earlier:   UDP: matched a record before the window (see above)
 * @proc:      the process of the matching record
 * @exec:      its program, or NULL when the log holds no EXEC of it
 * @bytes:     enum xt_attr_bytes: the matching record's socket's own byte
 *             count (its NET record of kind CLOSE, later in the same
 *             connection of the guest, same sock_ino) against dom0's
 *             (attr_bytes.h); XT_BYTES_NONE without that CLOSE
 * @counts:    the guest's and dom0's counts, from the guest's side: dom0's
 *             from the flow's latest record in the log
 */
struct xt_attr_flow {
	uint64_t index;
	uint16_t domid;
	uint32_t span;
	int ts_xen;
	struct xtrail_flow f;
	int64_t wall_ns;
	int has_vm;
	uint8_t uuid[16];
	char name[XTRAIL_VM_NAME_MAX + 1];
	enum xt_attr_verdict verdict;
	enum xt_attr_hole hole;
	int matched;
	uint32_t net_kind;
	uint64_t net_index;
	int64_t delta_ns;
	uint64_t net_ts;
	int earlier;
	struct xt_attr_proc proc;
	struct xt_attr_exec *exec;
	enum xt_attr_bytes bytes;
	struct xt_bytes_pair counts;
};

struct xt_attr;

/* A new cross-check with the time window @window_ns; NULL without memory. */
struct xt_attr *xt_attr_new(uint64_t window_ns);
void xt_attr_free(struct xt_attr *a);

/* The next record of the log (checked). 0, or -1 when memory runs out. */
int xt_attr_add(struct xt_attr *a, const void *rec, uint32_t len);

/*
 * Match, once all records are in (records added later are ignored; a
 * second call does nothing). 0, or -1 when memory runs out.
 */
int xt_attr_finish(struct xt_attr *a);

/* The flows, in log order, after xt_attr_finish(). */
size_t xt_attr_count(const struct xt_attr *a);
const struct xt_attr_flow *xt_attr_get(const struct xt_attr *a, size_t i);

/*
 * The processes' history the cross-check built (proc_hist.h), for their
 * chains: valid until xt_attr_free().
 */
const struct xt_procs *xt_attr_procs(const struct xt_attr *a);

/* "attributed", ...; "disconnected", ... ("" for XT_HOLE_NONE) */
const char *xt_attr_verdict_name(enum xt_attr_verdict v);
const char *xt_attr_hole_name(enum xt_attr_hole h);

#endif /* XTRAIL_ATTRIBUTION_H */
