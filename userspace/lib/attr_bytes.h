/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The cross-check's byte comparison: a guest socket's own count of the
 * payload it sent and received (the NET record of kind CLOSE) against the
 * IP bytes dom0 counted on the wire for the flow it made (FLOW records).
 * Pure arithmetic, no records.
 *
 * They do not measure the same thing: the guest counts payload the
 * process handed to the socket or read from it; dom0 counts IP packets,
 * IP and TCP/UDP headers included, retransmissions included. So the two
 * are shown side by side and flagged only where no honest pair can be:
 *  - OVER: the guest counts more bytes, in either direction, than dom0's
 *    IP bytes of the flow (headers and all). The guest's count or dom0's
 *    view of the flow is wrong.
 *  - UNDER: the payload the packets dom0 saw from the guest carried at the
 *    least (IP bytes minus each packet's largest IP and TCP headers,
 *    options included) is more than twice what the guest says it sent,
 *    plus XT_BYTES_SLACK (one more full packet): traffic on the flow that
 *    the guest's count left out. Twice leaves room for retransmissions.
 *    Received bytes are not checked for UNDER: a process may close a
 *    socket without reading all that arrived.
 * Only a TCP flow is compared, and only once dom0 has made its last
 * record of it (END, IDLE or FLUSH): a UDP socket's count spans every
 * flow of it (several destinations, or one destination split by dom0's
 * idle timeout), and a flow still open has bytes to come.
 */
#ifndef XTRAIL_ATTR_BYTES_H
#define XTRAIL_ATTR_BYTES_H

#include <stdint.h>

#define XT_BYTES_SLACK	1500

enum xt_attr_bytes {
	XT_BYTES_NONE	= 0,	/* no guest count (no CLOSE of its socket) */
	XT_BYTES_OK	= 1,	/* compared, plausible */
	XT_BYTES_OVER	= 2,	/* the guest counts more than the wire */
	XT_BYTES_UNDER	= 3,	/* the wire carried far more than counted */
	XT_BYTES_OPEN	= 4,	/* dom0's flow not over: not compared */
	XT_BYTES_UDP	= 5,	/* UDP: shown, not compared */
};

/**
 * struct xt_bytes_pair - one flow's counts, from the guest's side
 * @guest_sent: payload bytes the guest's socket sent (its CLOSE record)
 * @guest_rcvd: ... and received
 * @ip_sent:    IP bytes dom0 saw from the guest on the flow
 * @pkts_sent:  their packets
 * @ip_rcvd:    IP bytes dom0 saw toward the guest
 * @pkts_rcvd:  their packets
 * @ipv6:       the flow is IPv6 (else IPv4)
 * @tcp:        TCP (else UDP)
 * @final:      dom0 made the flow's last record (END, IDLE, FLUSH)
 */
struct xt_bytes_pair {
	uint64_t guest_sent;
	uint64_t guest_rcvd;
	uint64_t ip_sent;
	uint64_t pkts_sent;
	uint64_t ip_rcvd;
	uint64_t pkts_rcvd;
	int ipv6;
	int tcp;
	int final;
};

/* The verdict for @p (never XT_BYTES_NONE). */
enum xt_attr_bytes xt_bytes_check(const struct xt_bytes_pair *p);

/* "ok", "over", ...; "" for XT_BYTES_NONE */
const char *xt_bytes_name(enum xt_attr_bytes b);

#endif /* XTRAIL_ATTR_BYTES_H */
