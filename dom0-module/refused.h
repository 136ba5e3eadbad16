/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A connect the backend refuses: what was wrong, as the step that decided
 * it found it (xenbus.c reading the ring description, interface.c mapping
 * it), and xtrail_refuse(), which says so in F3 and in xenstore.
 */
#ifndef _XTRAIL_DOM0_REFUSED_H
#define _XTRAIL_DOM0_REFUSED_H

#include <linux/types.h>

#include "xtrail_proto.h"

struct xenbus_device;

/**
 * struct xtrail_refusal - why a connect is refused
 * @what:      the step, for the error node and the log ("reading ...")
 * @kind:      enum xtrail_refused_kind
 * @err:       negative errno
 * @limit:     the bound the value broke, 0 if none
 * @key:       the frontend's key, NUL terminated
 * @value:     its value, sanitized (xtrail_refusal_set()), NUL terminated
 * @value_len: bytes of @value
 * @flags:     XTRAIL_REFUSED_*
 */
struct xtrail_refusal {
	const char *what;
	u32 kind;
	int err;
	u64 limit;
	char key[XTRAIL_REFUSED_KEY_LEN];
	char value[XTRAIL_REFUSED_VALUE_LEN + 1];
	u16 value_len;
	u16 flags;
};

void xtrail_refusal_set(struct xtrail_refusal *why, u32 kind, int err,
			const char *key, const char *value, u64 limit);
void xtrail_refusal_num(struct xtrail_refusal *why, u32 kind, int err,
			const char *key, u64 value);
void xtrail_refuse(struct xenbus_device *dev, const struct xtrail_refusal *why);
void xtrail_refused_note(struct xenbus_device *dev,
			 const struct xtrail_refusal *why);

#endif
