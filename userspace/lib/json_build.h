/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The JSON builder the record decoders share (record_json.c, guest and
 * common records; record_json_dom0.c, the records dom0 makes about a
 * guest): the first allocation failure sticks and fails the conversion.
 * The lowest of the three: it includes neither.
 */
#ifndef XTRAIL_JSON_BUILD_H
#define XTRAIL_JSON_BUILD_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>

#include <json.h>

#include "xtrail_proto.h"

/* Escape @n bytes per record_json.h's rule. Returns a malloc()ed string. */
char *xt_json_str_escape(const void *s, size_t n);

/* @n bytes in base64 (RFC 4648, with padding); malloc()ed, or NULL. */
char *xt_json_base64(const void *bin, size_t n);

/* Whether @escaped (xt_json_str_escape() of the @n bytes at @s) is them. */
int xt_json_str_exact(const void *s, size_t n, const char *escaped);

/* A UUID's 16 bytes as "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", lowercase. */
void xt_json_uuid_text(const uint8_t uuid[16], char out[37]);

/* "exec", "lost", ... or NULL for a type the protocol does not define. */
const char *xt_json_rec_type_name(unsigned int type);

/* Builder: the first allocation failure sticks and fails the conversion. */
struct jb {
	struct json_object *o;
	bool oom;
};

static inline void jb_add(struct jb *b, const char *key, struct json_object *v,
		   bool null_ok)
{
	if (!v && !null_ok)
		b->oom = true;
	if (json_object_object_add(b->o, key, v)) {
		json_object_put(v);
		b->oom = true;
	}
}

static inline void jb_u64(struct jb *b, const char *key, uint64_t v)
{
	jb_add(b, key, json_object_new_uint64(v), false);
}

static inline void jb_i64(struct jb *b, const char *key, int64_t v)
{
	jb_add(b, key, json_object_new_int64(v), false);
}

static inline void jb_bool(struct jb *b, const char *key, bool v)
{
	jb_add(b, key, json_object_new_boolean(v), false);
}

static inline void jb_str(struct jb *b, const char *key, const char *s)
{
	jb_add(b, key, json_object_new_string(s), false);
}

/* Raw guest bytes, escaped. */
static inline struct json_object *jstr_bytes(const void *s, size_t n)
{
	struct json_object *v;
	char *e = xt_json_str_escape(s, n);

	if (!e)
		return NULL;
	v = json_object_new_string(e);
	free(e);
	return v;
}

/*
 * Guest bytes at @key, escaped, and their exact bytes in base64 at
 * "@key_b64" when the escaped text is not them (record_json.h).
 */
static inline void jb_bytes(struct jb *b, const char *key, const void *s,
			    size_t n)
{
	char *e = xt_json_str_escape(s, n), *b64, k[40];

	if (!e) {
		b->oom = true;
		return;
	}
	jb_add(b, key, json_object_new_string(e), false);
	if (!xt_json_str_exact(s, n, e)) {
		snprintf(k, sizeof(k), "%s_b64", key);
		b64 = xt_json_base64(s, n);
		jb_add(b, k, b64 ? json_object_new_string(b64) : NULL, false);
		free(b64);
	}
	free(e);
}

/* An address in its usual text form; null for families without one. */
static inline void jb_addr(struct jb *b, const char *key, unsigned int family,
		    const uint8_t *a)
{
	char text[INET6_ADDRSTRLEN];

	if ((family != AF_INET && family != AF_INET6) ||
	    !inet_ntop(family, a, text, sizeof(text))) {
		jb_add(b, key, NULL, true);
		return;
	}
	jb_str(b, key, text);
}

static inline void jb_hex64(struct jb *b, const char *key, uint64_t v)
{
	char buf[17];

	snprintf(buf, sizeof(buf), "%016" PRIx64, v);
	jb_str(b, key, buf);
}

#endif /* XTRAIL_JSON_BUILD_H */
