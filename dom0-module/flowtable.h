/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A guest's flow table: the flows (5-tuples, both directions) its vifs
 * carried, bounded by a cap fixed when the table's storage is allocated.
 * Pure: no locking (the caller holds its guest's lock), no allocation but
 * xtrail_ft_store_alloc() (process context), no clock (times are given).
 */
#ifndef _XTRAIL_DOM0_FLOWTABLE_H
#define _XTRAIL_DOM0_FLOWTABLE_H

#include <linux/list.h>
#include <linux/types.h>

#define XTRAIL_FT_CAP_MAX	65536	/* flows per guest, at most */

/**
 * struct xtrail_flow_key - one direction of a flow
 * @saddr:    source address (IPv4 in the first 4 bytes, the rest zero)
 * @daddr:    destination address
 * @sport:    source port, host order
 * @dport:    destination port, host order
 * @family:   AF_INET or AF_INET6
 * @protocol: IPPROTO_TCP or IPPROTO_UDP
 * @pad:      zero
 */
struct xtrail_flow_key {
	u8 saddr[16];
	u8 daddr[16];
	u16 sport;
	u16 dport;
	u16 family;
	u8 protocol;
	u8 pad;
};

/**
 * struct xtrail_flow_pkt - what one packet tells
 * @key:        its addresses and ports, as sent
 * @vif:        the vif's device id
 * @bytes:      IP bytes (header included)
 * @pkts:       IP packets (more than 1 for a GSO packet)
 * @tcp_flags:  its TCP flags (0 for UDP)
 * @from_guest: the guest sent it (else: it goes to the guest)
 */
struct xtrail_flow_pkt {
	struct xtrail_flow_key key;
	u32 vif;
	u32 bytes;
	u32 pkts;
	u8 tcp_flags;
	bool from_guest;
};

/* xtrail_flow_entry.state */
enum {
	XTRAIL_FE_FREE,
	XTRAIL_FE_OPEN,
	XTRAIL_FE_CLOSED,	/* TCP: RST, or FIN both ways: END is due */
};

/**
 * struct xtrail_flow_entry - one flow
 * @node:      in its hash bucket, or in the free list
 * @key:       initiator to responder
 * @id:        the flow's number in its table (from 1)
 * @first_ns:  time of its first packet
 * @last_ns:   ... of its last
 * @update_ns: of its START or last UPDATE
 * @pkts:      packets [0] from initiator, [1] back
 * @bytes:     their bytes
 * @vif:       device id of the vif that carried it
 * @tcp:       TCP flags seen [0] from initiator, [1] back
 * @from_guest: the guest sent the first packet
 * @state:     XTRAIL_FE_*
 */
struct xtrail_flow_entry {
	struct hlist_node node;
	struct xtrail_flow_key key;
	u64 id;
	u64 first_ns;
	u64 last_ns;
	u64 update_ns;
	u64 pkts[2];
	u64 bytes[2];
	u32 vif;
	u8 tcp[2];
	u8 from_guest;
	u8 state;
};

/**
 * struct xtrail_ft_store - a table's memory
 * @pool:    @cap entries
 * @buckets: @mask + 1 hash buckets
 * @cap:     entries
 * @mask:    buckets - 1 (a power of 2 at least @cap)
 */
struct xtrail_ft_store {
	struct xtrail_flow_entry *pool;
	struct hlist_head *buckets;
	u32 cap;
	u32 mask;
};

/**
 * struct xtrail_flowtable - one guest's flows
 * @s:          its memory
 * @free:       entries not in use
 * @seed:       hash seed (random: a guest cannot aim at one bucket)
 * @in_use:     flows tracked
 * @next_id:    number of the next flow
 * @lost:       new flows not tracked since the last report
 * @lost_pkts:  packets not tracked since the last report
 * @lost_total: new flows not tracked since the table was made
 * @lost_first: time of the first of @lost
 * @lost_last:  ... and of the last
 */
struct xtrail_flowtable {
	struct xtrail_ft_store s;
	struct hlist_head free;
	u32 seed;
	u32 in_use;
	u64 next_id;
	u64 lost;
	u64 lost_pkts;
	u64 lost_total;
	u64 lost_first;
	u64 lost_last;
};

/* Told of each record a flow is due: @event is enum xtrail_flow_event. */
typedef void (*xtrail_ft_emit_t)(void *ctx, u32 event,
				 const struct xtrail_flow_entry *e);

/**
 * struct xtrail_ft_times - the sweep's periods
 * @idle_ns:   a flow without packets this long ends (IDLE)
 * @update_ns: a flow is reported again this often (UPDATE)
 * @linger_ns: a closed TCP flow's END waits this long after its last
 *             packet (the close's last ACK is counted)
 */
struct xtrail_ft_times {
	u64 idle_ns;
	u64 update_ns;
	u64 linger_ns;
};

int xtrail_ft_store_alloc(struct xtrail_ft_store *s, u32 cap);
void xtrail_ft_store_free(struct xtrail_ft_store *s);

void xtrail_ft_init(struct xtrail_flowtable *t, struct xtrail_ft_store *s,
		    u32 seed);
void xtrail_ft_swap(struct xtrail_flowtable *t, struct xtrail_ft_store *s,
		    xtrail_ft_emit_t emit, void *ctx);
void xtrail_ft_packet(struct xtrail_flowtable *t,
		      const struct xtrail_flow_pkt *p, u64 now,
		      xtrail_ft_emit_t emit, void *ctx);
void xtrail_ft_sweep(struct xtrail_flowtable *t,
		     const struct xtrail_ft_times *tm, u64 now,
		     xtrail_ft_emit_t emit, void *ctx);
void xtrail_ft_flush(struct xtrail_flowtable *t, xtrail_ft_emit_t emit,
		     void *ctx);
bool xtrail_ft_lost_take(struct xtrail_flowtable *t, u64 *count, u64 *pkts,
			 u64 *first, u64 *last);

#endif
