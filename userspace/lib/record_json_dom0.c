// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * JSON of the records dom0 makes about a guest: its evidence (SEQ_GAP,
 * HB_SILENCE), REFUSED, DOM0_LOST, VM_IDENTITY, FLOW and FLOW_LOST.
 * record_json.c calls in through xt_json_dom0_body(); record_json.h says
 * what each field holds.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "json_build.h"
#include "record_json_dom0.h"
#include "xtrail_dev.h"

static const char *gap_kind_name(unsigned int kind)
{
	switch (kind) {
	case XTRAIL_GAP_MISSING:
		return "missing";
	case XTRAIL_GAP_BACKWARDS:
		return "backwards";
	default:
		return "unknown";
	}
}

static const char *hb_state_name(unsigned int state)
{
	switch (state) {
	case XTRAIL_HB_STOPPED:
		return "stopped";
	case XTRAIL_HB_RESUMED:
		return "resumed";
	default:
		return "unknown";
	}
}

/* The dom0 evidence records (xtrail_proto.h, "Evidence"). */
static void evidence_json(struct jb *b, unsigned int type,
			  const uint8_t *body)
{
	const struct xtrail_seq_gap *g = (const void *)body;
	const struct xtrail_hb_silence *s = (const void *)body;

	switch (type) {
	case XTRAIL_REC_SEQ_GAP:
		jb_i64(b, "ring", xt_le32(g->ring));
		jb_str(b, "kind", gap_kind_name(xt_le32(g->kind)));
		jb_u64(b, "expected", xt_le64(g->expected));
		jb_u64(b, "got", xt_le64(g->got));
		jb_u64(b, "missing", xt_le64(g->missing));
		break;
	case XTRAIL_REC_HB_SILENCE:
		jb_str(b, "state", hb_state_name(xt_le32(s->state)));
		jb_i64(b, "period_ms", xt_le32(s->period_ms));
		jb_i64(b, "limit_ms", xt_le32(s->limit_ms));
		jb_u64(b, "silent_ns", xt_le64(s->silent_ns));
		break;
	}
}

static const char *refused_kind_name(unsigned int kind)
{
	static const char *const names[] = {
		[XTRAIL_REFUSED_ABSENT] = "absent",
		[XTRAIL_REFUSED_SYNTAX] = "syntax",
		[XTRAIL_REFUSED_RANGE] = "range",
		[XTRAIL_REFUSED_VCPUS] = "vcpus",
		[XTRAIL_REFUSED_MAP] = "map",
		[XTRAIL_REFUSED_EVTCHN] = "evtchn",
		[XTRAIL_REFUSED_STATE] = "state",
		[XTRAIL_REFUSED_DOM0] = "dom0",
	};

	if (kind < sizeof(names) / sizeof(names[0]) && names[kind])
		return names[kind];
	return "unknown";
}

/* A refused connect: the key, why, and the value (dom0 sanitized it). */
static void refused_json(struct jb *b, const uint8_t *body)
{
	const struct xtrail_refused *r = (const void *)body;
	const char *key_end = memchr(r->key, 0, sizeof(r->key));
	unsigned int flags = xt_le16(r->flags);
	size_t vlen = xt_le16(r->value_len);

	if (vlen > sizeof(r->value))
		vlen = sizeof(r->value);
	jb_str(b, "reason", xtrail_verdict_str(xt_le32(r->reason)));
	jb_str(b, "kind", refused_kind_name(xt_le32(r->kind)));
	jb_add(b, "key", jstr_bytes(r->key, key_end ?
				    (size_t)(key_end - r->key) :
				    sizeof(r->key)), false);
	if (!(flags & XTRAIL_REFUSED_NOVALUE))
		jb_add(b, "value", jstr_bytes(r->value, vlen), false);
	jb_bool(b, "truncated", flags & XTRAIL_REFUSED_TRUNC);
	jb_i64(b, "errno", xt_le32(r->err));
	jb_u64(b, "limit", xt_le64(r->limit));
}

/*
 * DOM0_LOST: by_type as an object of the types lost, by name (a type this
 * library does not know by its number, "0x1NN").
 */
static void dom0_lost_json(struct jb *b, const uint8_t *body, size_t len)
{
	const struct xtrail_dom0_lost *l = (const void *)body;
	struct json_object *by = json_object_new_object();
	unsigned int i, type, n;
	const char *name;
	char hex[8];

	jb_u64(b, "count", xt_le64(l->count));
	jb_u64(b, "total", xt_le64(l->total));
	jb_u64(b, "first_ns", xt_le64(l->first_ns));
	jb_u64(b, "last_ns", xt_le64(l->last_ns));
	for (i = 0; by && i < XTRAIL_DOM0_LOST_TYPES; i++) {
		if (offsetof(struct xtrail_dom0_lost, by_type) +
		    (i + 1) * sizeof(l->by_type[0]) > len)
			break; /* version 1: 8 types */
		n = xt_le32(l->by_type[i]);
		if (!n)
			continue;
		type = XTRAIL_REC_DOM0_FIRST + i;
		name = xt_json_rec_type_name(type);
		if (!name) {
			snprintf(hex, sizeof(hex), "%#x", type);
			name = hex;
		}
		if (json_object_object_add(by, name,
					   json_object_new_int64(n)))
			b->oom = true;
	}
	jb_add(b, "by_type", by, false);
}

/* One NIC of a VM_IDENTITY: null for what dom0 could not parse. */
static struct json_object *vm_nic_json(const struct xtrail_vm_nic *n)
{
	uint32_t bad_mac = xt_le32(n->flags) & XTRAIL_VM_NIC_MAC_BAD;
	uint32_t bad_ip = xt_le32(n->flags) & XTRAIL_VM_NIC_IP_BAD;
	struct jb b = { .o = json_object_new_object() };
	char mac[18];

	if (!b.o)
		return NULL;
	snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x", n->mac[0],
		 n->mac[1], n->mac[2], n->mac[3], n->mac[4], n->mac[5]);
	jb_i64(&b, "devid", xt_le32(n->devid));
	jb_add(&b, "mac", bad_mac ? NULL : json_object_new_string(mac), bad_mac);
	jb_add(&b, "ip", bad_ip ? NULL : jstr_bytes(n->ip, strnlen(n->ip,
		     sizeof(n->ip))), bad_ip);
	if (b.oom) {
		json_object_put(b.o);
		return NULL;
	}
	return b.o;
}

/* VM_IDENTITY (dom0): record_json.h says what each field holds. */
static void vm_identity_json(struct jb *b, const uint8_t *body)
{
	const struct xtrail_vm_identity *v = (const void *)body;
	uint32_t i, flags = xt_le32(v->flags), n = xt_le32(v->nics);
	uint32_t bad_uuid = flags & XTRAIL_VM_UUID_BAD;
	uint32_t bad_name = flags & XTRAIL_VM_NAME_BAD;
	struct json_object *nics = json_object_new_array(), *nic;
	char uuid[37];

	jb_str(b, "why", xt_le32(v->why) == XTRAIL_VM_CONNECT ? "connect" :
			 "change");
	xt_json_uuid_text(v->uuid, uuid);
	jb_add(b, "uuid", bad_uuid ? NULL : json_object_new_string(uuid),
	       bad_uuid);
	jb_add(b, "name", bad_name ? NULL : jstr_bytes(v->name,
	       strnlen(v->name, sizeof(v->name))), bad_name);
	jb_bool(b, "nics_truncated", flags & XTRAIL_VM_NICS_TRUNC);
	/* Checked: n <= XTRAIL_VM_NICS_MAX. */
	for (i = 0; nics && i < n; i++) {
		nic = vm_nic_json(&v->nic[i]);
		if (!nic || json_object_array_add(nics, nic)) {
			json_object_put(nic);
			b->oom = true;
			break;
		}
	}
	jb_add(b, "nics", nics, false);
}

static const char *flow_event_name(unsigned int event)
{
	static const char *const names[] = {
		"", "start", "update", "end", "idle", "flush",
	};

	return event && event <= XTRAIL_FLOW_EVENT_MAX ? names[event] :
	       "unknown";
}

static const char *flow_proto_name(unsigned int protocol)
{
	return protocol == IPPROTO_TCP ? "tcp" :
	       protocol == IPPROTO_UDP ? "udp" : "unknown";
}

/*
 * FLOW (dom0): addresses as text, the initiator first; from_guest says
 * which side that is.
 */
static void flow_json(struct jb *b, const uint8_t *body)
{
	const struct xtrail_flow *f = (const void *)body;
	unsigned int family = xt_le16(f->family);

	jb_str(b, "event", flow_event_name(xt_le32(f->event)));
	jb_bool(b, "from_guest", xt_le32(f->flags) & XTRAIL_FLOW_FROM_GUEST);
	jb_i64(b, "vif", xt_le32(f->vif));
	jb_i64(b, "family", family);
	jb_i64(b, "protocol", f->protocol);
	jb_str(b, "proto", flow_proto_name(f->protocol));
	jb_addr(b, "saddr", family, f->saddr);
	jb_i64(b, "sport", xt_le16(f->sport));
	jb_addr(b, "daddr", family, f->daddr);
	jb_i64(b, "dport", xt_le16(f->dport));
	jb_i64(b, "tcp_fwd", f->tcp_fwd);
	jb_i64(b, "tcp_rev", f->tcp_rev);
	jb_u64(b, "flow_id", xt_le64(f->flow_id));
	jb_u64(b, "first_ns", xt_le64(f->first_ns));
	jb_u64(b, "last_ns", xt_le64(f->last_ns));
	jb_u64(b, "pkts_fwd", xt_le64(f->pkts_fwd));
	jb_u64(b, "bytes_fwd", xt_le64(f->bytes_fwd));
	jb_u64(b, "pkts_rev", xt_le64(f->pkts_rev));
	jb_u64(b, "bytes_rev", xt_le64(f->bytes_rev));
}

static void flow_lost_json(struct jb *b, const uint8_t *body)
{
	const struct xtrail_flow_lost *l = (const void *)body;

	jb_u64(b, "count", xt_le64(l->count));
	jb_u64(b, "total", xt_le64(l->total));
	jb_u64(b, "packets", xt_le64(l->packets));
	jb_u64(b, "first_ns", xt_le64(l->first_ns));
	jb_u64(b, "last_ns", xt_le64(l->last_ns));
	jb_i64(b, "cap", xt_le32(l->cap));
	jb_i64(b, "in_use", xt_le32(l->in_use));
}

void xt_json_dom0_body(struct jb *b, unsigned int type, const uint8_t *body,
		       uint32_t body_len)
{
	switch (type) {
	case XTRAIL_REC_SEQ_GAP:
	case XTRAIL_REC_HB_SILENCE:
		evidence_json(b, type, body);
		break;
	case XTRAIL_REC_REFUSED:
		refused_json(b, body);
		break;
	case XTRAIL_REC_DOM0_LOST:
		dom0_lost_json(b, body, body_len);
		break;
	case XTRAIL_REC_VM_IDENTITY:
		vm_identity_json(b, body);
		break;
	case XTRAIL_REC_FLOW:
		flow_json(b, body);
		break;
	case XTRAIL_REC_FLOW_LOST:
		flow_lost_json(b, body);
		break;
	}
}
