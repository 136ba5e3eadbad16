// SPDX-License-Identifier: GPL-2.0
/*
 * A refused connect, said in F3: one REFUSED record (xtrail_proto.h) per
 * refusal, naming the guest (the header's domid, from xenbus), the key,
 * the reason and a bounded, sanitized copy of the offending value. The
 * frontend's error node says it too (xenbus_dev_fatal(), which also
 * switches the backend to Closing: the frontend acknowledges with Closed
 * and may start over from Initialising).
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <xen/xenbus.h>

#include "xtrail_ring.h"
#include "merge.h"
#include "refused.h"

static const char *const xtrail_refused_kinds[] = {
	[XTRAIL_REFUSED_ABSENT] = "missing",
	[XTRAIL_REFUSED_SYNTAX] = "not a decimal number",
	[XTRAIL_REFUSED_RANGE] = "out of range",
	[XTRAIL_REFUSED_VCPUS] = "more rings than vCPUs",
	[XTRAIL_REFUSED_MAP] = "cannot map the grant",
	[XTRAIL_REFUSED_EVTCHN] = "cannot bind the event channel",
	[XTRAIL_REFUSED_STATE] = "invalid state",
	[XTRAIL_REFUSED_DOM0] = "dom0 cannot take it",
};

/**
 * xtrail_refusal_set - say why
 * @value: as read from xenstore (any length, any bytes), or NULL: absent
 *
 * Keeps at most XTRAIL_REFUSED_VALUE_LEN bytes of @value, each byte outside
 * 0x20..0x7e replaced with '?'.
 */
void xtrail_refusal_set(struct xtrail_refusal *why, u32 kind, int err,
			const char *key, const char *value, u64 limit)
{
	size_t i, n;

	why->kind = kind;
	why->err = err;
	why->limit = limit;
	why->flags = 0;
	strscpy(why->key, key, sizeof(why->key));
	if (!value) {
		why->flags |= XTRAIL_REFUSED_NOVALUE;
		n = 0;
	} else {
		n = strnlen(value, XTRAIL_REFUSED_VALUE_LEN + 1);
		if (n > XTRAIL_REFUSED_VALUE_LEN) {
			why->flags |= XTRAIL_REFUSED_TRUNC;
			n = XTRAIL_REFUSED_VALUE_LEN;
		}
	}
	for (i = 0; i < n; i++)
		why->value[i] = value[i] >= 0x20 && value[i] <= 0x7e ?
				value[i] : '?';
	why->value[n] = '\0';
	why->value_len = n;
}

/* The same, for a value dom0 holds as a number (a grant ref, a port). */
void xtrail_refusal_num(struct xtrail_refusal *why, u32 kind, int err,
			const char *key, u64 value)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%llu", value);
	xtrail_refusal_set(why, kind, err, key, buf, 0);
}

/* The REFUSED record alone: the device is going away, no error node. */
void xtrail_refused_note(struct xenbus_device *dev,
			 const struct xtrail_refusal *why)
{
	struct {
		struct xtrail_rec_hdr h;
		struct xtrail_refused r;
	} rec = {};

	rec.h.type = cpu_to_le16(XTRAIL_REC_REFUSED);
	rec.h.domid = cpu_to_le16(dev->otherend_id);
	rec.r.reason = cpu_to_le32(why->kind == XTRAIL_REFUSED_DOM0 ?
				   XTRAIL_OK : XTRAIL_BAD_XENSTORE);
	rec.r.kind = cpu_to_le32(why->kind);
	rec.r.err = cpu_to_le32(-why->err);
	rec.r.value_len = cpu_to_le16(why->value_len);
	rec.r.flags = cpu_to_le16(why->flags);
	rec.r.limit = cpu_to_le64(why->limit);
	memcpy(rec.r.key, why->key, strnlen(why->key, sizeof(rec.r.key)));
	memcpy(rec.r.value, why->value, why->value_len);
	xtrail_stream_push_dom0(&rec, sizeof(rec));
}

/**
 * xtrail_refuse - the connect @why describes is refused
 *
 * Logs the REFUSED record, writes the error node and switches the backend
 * to Closing. Nothing of the attempt is left mapped or bound (the caller
 * undid it).
 */
void xtrail_refuse(struct xenbus_device *dev, const struct xtrail_refusal *why)
{
	const char *kind = why->kind < ARRAY_SIZE(xtrail_refused_kinds) &&
			   xtrail_refused_kinds[why->kind] ?
			   xtrail_refused_kinds[why->kind] : "refused";

	xtrail_refused_note(dev, why);
	xenbus_dev_fatal(dev, why->err ? why->err : -EPROTO,
			 "connect refused: %s: %s%s%s", why->what, why->key,
			 why->key[0] ? " " : "", kind);
}
