// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The cross-check's byte comparison (attr_bytes.h says what is flagged and
 * why).
 */
#include "attr_bytes.h"

/* The largest IP header (IPv4 with options; IPv6 without extensions) */
#define XT_IP4_HDR_MAX	60
#define XT_IP6_HDR_MAX	40
/* The largest TCP header (with options) */
#define XT_TCP_HDR_MAX	60

enum xt_attr_bytes xt_bytes_check(const struct xt_bytes_pair *p)
{
	uint64_t hdr, least;

	if (!p->tcp)
		return XT_BYTES_UDP;
	if (!p->final)
		return XT_BYTES_OPEN;
	if (p->guest_sent > p->ip_sent || p->guest_rcvd > p->ip_rcvd)
		return XT_BYTES_OVER;
	hdr = (p->ipv6 ? XT_IP6_HDR_MAX : XT_IP4_HDR_MAX) + XT_TCP_HDR_MAX;
	least = p->pkts_sent > p->ip_sent / hdr ? 0 :
		p->ip_sent - p->pkts_sent * hdr;
	if (least > 2 * p->guest_sent + XT_BYTES_SLACK)
		return XT_BYTES_UNDER;
	return XT_BYTES_OK;
}

const char *xt_bytes_name(enum xt_attr_bytes b)
{
	static const char *const names[] = {
		[XT_BYTES_NONE] = "", [XT_BYTES_OK] = "ok",
		[XT_BYTES_OVER] = "over", [XT_BYTES_UNDER] = "under",
		[XT_BYTES_OPEN] = "open", [XT_BYTES_UDP] = "udp",
	};

	return (unsigned int)b < sizeof(names) / sizeof(names[0]) ?
	       names[b] : "?";
}
