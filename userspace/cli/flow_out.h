/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A flow of the cross-check (attribution.h) as "xtrail attribute" and
 * "xtrail trace" show it: its line of text (time, VM, 5-tuple, verdict,
 * process and program) and its JSON object (xtrail-attribute(8)), and
 * the pieces of both that trace also uses for a process.
 */
#ifndef XTRAIL_CLI_FLOW_OUT_H
#define XTRAIL_CLI_FLOW_OUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <json.h>

#include "attribution.h"

/* Time, VM and 5-tuple, shared by both formats. */
struct flow_text {
	char time[40];
	char uuid[37];
	char src[64];
	char dst[64];
};

void flow_text(struct flow_text *t, const struct xt_attr_flow *f);

/* The UUID @u in text (37 bytes with the NUL). */
void flow_uuid_str(char *buf, const uint8_t *u);

/* "1.2.3.4:25" or "[::1]:25" */
void flow_endpoint(char *buf, size_t size, unsigned int family,
		   const uint8_t *addr, unsigned int port);

/* @n bytes of guest text, escaped, in double quotes. */
void flow_put_text(FILE *out, const void *s, size_t n);

/* " argv "a" "b"" and, when cut, how many arguments there were. */
void flow_put_argv(FILE *out, const struct xt_attr_exec *x);

/* " @what N", or " @what -" for 0xffffffff (unset). */
void flow_put_id(FILE *out, const char *what, uint32_t v);

/* The flow's one line, as "xtrail attribute" prints it. */
void flow_print_text(FILE *out, const struct xt_attr_flow *f);

/* A guest's bytes as a JSON string (record_json.h's rule). */
struct json_object *flow_jstr(const void *s, size_t n);

/* The program's argv as a JSON array of strings. */
struct json_object *flow_json_argv(const struct xt_attr_exec *x);

/* The flow's JSON object (new), or NULL when memory runs out. */
struct json_object *flow_json(const struct xt_attr_flow *f);

#endif /* XTRAIL_CLI_FLOW_OUT_H */
