/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Text that a guest controls (argv, comm, paths, TTY names and data),
 * made safe to show: no character that could forge a line or drive the
 * reader's terminal reaches the output as itself.
 *
 * Unsafe: the C0 controls (U+0000-U+001F), DEL (U+007F), the C1 controls
 * (U+0080-U+009F), the bidi controls (U+061C, U+200E, U+200F,
 * U+202A-U+202E, U+2066-U+2069), and every byte that is not part of valid
 * UTF-8 (RFC 3629). The display form (xt_text_escape()) writes them as
 *   \n \r \t              for those three,
 *   \xHH                  for other C0, DEL and invalid bytes,
 *   \uHHHH                for C1 and bidi code points (lowercase hex),
 * and copies everything else. With XT_ESC_RAW (the input is the guest's
 * raw bytes) a backslash also becomes two, so the form is reversible
 * (xt_text_unescape()); without it the input already went through
 * xt_json_str_escape() (record_json.h), which did that.
 *
 * JSON text (xt_text_json_safe()): json-c already writes C0 as \u00HH;
 * this turns DEL, C1 and bidi code points into \u escapes too, so a JSON
 * line is pure printable UTF-8 and parses back to the same string.
 */
#ifndef XTRAIL_TEXT_SAFE_H
#define XTRAIL_TEXT_SAFE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The input is raw bytes: a backslash is shown as two. */
#define XT_ESC_RAW	0x1
/* Keep \n, \t and the \r of "\r\n" as they are (a terminal's lines). */
#define XT_ESC_LINES	0x2

/*
 * Length of the valid UTF-8 sequence at @s (@n bytes left), its code
 * point in *cp; 0 if the bytes there are not valid UTF-8.
 */
size_t xt_text_utf8_seq(const uint8_t *s, size_t n, uint32_t *cp);

/* Whether code point @cp is unsafe (see above). */
bool xt_text_unsafe(uint32_t cp);

/*
 * The display form of @n bytes at @s (NUL bytes included) into @out, which
 * holds at least 4 * @n + 1 bytes; returns its length (NUL terminated).
 */
size_t xt_text_escape_buf(char *out, const void *s, size_t n,
			  unsigned int flags);

/* The same, malloc()ed; NULL when memory runs out. */
char *xt_text_escape(const void *s, size_t n, unsigned int flags);

/*
 * Undo xt_text_escape(..., XT_ESC_RAW) of a NUL-terminated @s into @out
 * (@size bytes, NUL terminated). Returns the length, or -1 if @s is not
 * such a form or does not fit.
 */
long xt_text_unescape(char *out, size_t size, const char *s);

/*
 * A stream cut into pieces (a terminal's output, record by record): a
 * UTF-8 sequence or a "\r\n" cut at the end of a piece is held back until
 * the next, so it is judged whole.
 */
struct xt_text_stream {
	uint8_t carry[4];
	size_t n;
};

/*
 * Escape the next @n bytes of the stream (@final: the last piece, hold
 * nothing back). Returns a malloc()ed string, NULL when memory runs out.
 */
char *xt_text_stream_escape(struct xt_text_stream *st, const void *s,
			    size_t n, bool final, unsigned int flags);

/*
 * @json (json-c output) with DEL, C1 and bidi code points as \uHHHH and
 * any byte that is not valid UTF-8 as the text \\xHH; malloc()ed, NULL
 * when memory runs out.
 */
char *xt_text_json_safe(const char *json);

#endif /* XTRAIL_TEXT_SAFE_H */
