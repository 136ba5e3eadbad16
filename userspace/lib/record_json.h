/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One xtrail record -> one json-c object (the "jsonl" export format).
 *
 * Strings that come from a guest (comm, filename, argv) are arbitrary
 * bytes, but JSON strings are Unicode. The rule, lossless and reversible:
 * a string's bytes are copied as they are where they form valid UTF-8
 * (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF),
 * except that a backslash becomes two backslashes; every other byte
 * becomes the four characters \xHH (lowercase hex). JSON's own escaping
 * comes on top of that, so the raw byte 0xff reads "\\xff" in the JSON
 * text, and a backslash in an argument reads "\\\\". Undo it by turning
 * "\\" into "\" and "\xHH" into the byte HH, left to right.
 *
 * Where that text is not the bytes themselves (a byte that is not UTF-8,
 * a NUL, a backslash), tools that read JSON (jq, SQLite's json_extract(),
 * Timesketch) show the escapes; so the exact bytes are also given in
 * base64 (RFC 4648), beside the field: filename_b64, cwd_b64, exe_b64,
 * interpreter_b64, argv0_passed_b64, path_b64, path2_b64, and argv_b64
 * (every argument, in order, when one of them differs). A string whose
 * text is its bytes has no _b64 field.
 *
 * Control characters: json-c writes C0 controls as \u00HH, and
 * xt_json_line() writes DEL, the C1 controls (U+0080-U+009F) and the bidi
 * controls as \uHHHH too (text_safe.h), so a line of JSON never holds a
 * character that breaks the line or drives a terminal, and parsing it
 * gives back the exact string.
 *
 * VM_IDENTITY: "why" ("connect" or "change"), "uuid" (canonical text,
 * lowercase), "name", "nics_truncated", and "nics": one object per NIC,
 * {"devid", "mac" ("aa:bb:.."), "ip" (the toolstack's text, "" when it
 * set none)}. A value dom0 found absent or malformed is null (its flag
 * in the record), never a guess.
 *
 * Wall-clock time: "time" and "recv_time" are computed from the latest
 * CLOCK record at or before the record (a CLOCK record is its own
 * reference, so its "time" is its realtime_ns), as
 * realtime_ns + (t - clock.ts_ns), where t is the record's ts_ns when both
 * the record and the CLOCK record have XTRAIL_RF_TS_XEN (both stamps are
 * then Xen system time), its recv_ns otherwise; "recv_time" always uses
 * recv_ns. They are null without a CLOCK record, or when the result falls
 * before 1970 or does not fit.
 */
#ifndef XTRAIL_RECORD_JSON_H
#define XTRAIL_RECORD_JSON_H

#include <stddef.h>
#include <stdint.h>

#include <json.h>

#include "json_build.h"
#include "xtrail_ring.h"

/* json_object_to_json_string_ext() flags for one line of output. */
#define XTRAIL_JSON_FLAGS \
	(JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)

/* The latest CLOCK record seen; zero-initialise before the first record. */
struct xtrail_clock_ref {
	int valid;
	int ts_xen;
	uint64_t ts_ns;
	uint64_t realtime_ns;
};

/* If @rec (already checked) is a CLOCK record, make it the reference. */
void xt_json_clock_ref_update(struct xtrail_clock_ref *c, const void *rec);

/*
 * Wall-clock time of Xen/dom0 timestamp @t (ns) per @c. Returns 0 and sets
 * *ns, or -1 if there is no reference or the result is out of range.
 */
int xt_json_clock_ref_time(const struct xtrail_clock_ref *c, uint64_t t,
			   int64_t *ns);

/*
 * Format @ns since the Unix epoch as RFC 3339 UTC with nanoseconds,
 * "2026-11-21T23:59:01.123456789Z". Returns 0, or -1 if @ns < 0 or @size
 * is too small (at least 31 bytes are needed).
 */
int xt_json_rfc3339(char *buf, size_t size, int64_t ns);

/* xt_json_str_escape() escapes @n bytes per the rule above (json_build.h) */

/*
 * One line of JSON text for @o, safe to show (text_safe.h: DEL, C1 and
 * bidi code points as \u escapes): what every JSON output prints.
 * malloc()ed; NULL when memory runs out.
 */
char *xt_json_line(struct json_object *o);

/* xt_json_uuid_text(), xt_json_rec_type_name(): json_build.h */

/* "frontend", "violation", ... for an enum xtrail_disconnect_reason. */
const char *xt_json_disc_reason_name(unsigned int reason);

/*
 * Convert the record @rec of @len bytes. @clk is the reference to use (the
 * caller runs xt_json_clock_ref_update() on the record first). Returns a
 * new object, or NULL if the record fails xtrail_rec_check(rec, len, 0) or
 * memory runs out.
 */
struct json_object *xt_json_rec(const void *rec, uint32_t len,
				const struct xtrail_clock_ref *clk);

/*
 * The same with "vm_uuid" and "vm_name" after "domid": the VM identity in
 * force for the record (vm_join.h; "" when none), as given.
 */
struct json_object *xt_json_rec_vm(const void *rec, uint32_t len,
				   const struct xtrail_clock_ref *clk,
				   const char *vm_uuid, const char *vm_name);

#endif /* XTRAIL_RECORD_JSON_H */
