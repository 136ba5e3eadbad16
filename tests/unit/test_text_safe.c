// SPDX-License-Identifier: GPL-2.0
/*
 * Guest-controlled text made safe to show (userspace/lib/text_safe.c): the
 * display form of hostile strings, its inverse, a terminal stream cut into
 * records, and JSON lines (xt_json_line(), what export and watch print)
 * that stay one line of printable UTF-8 and parse back to the guest's
 * exact bytes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "record_json.h"
#include "text_safe.h"
#include "test_safe.h"
#include "test_util.h"

static struct rec_buf r;

static void check_escape(const char *in, size_t n, unsigned int flags,
			 const char *want)
{
	char *e = xt_text_escape(in, n, flags);

	assert_non_null(e);
	assert_string_equal(e, want);
	assert_safe(e, flags & XT_ESC_LINES ? "\n\r\t" : "");
	free(e);
}

#define ESC(s, flags, want)	check_escape(s, sizeof(s) - 1, flags, want)

static void test_escape(void **state)
{
	ESC(H_ESC, XT_ESC_RAW, "\\x1b[2J\\x1b]0;pwned\\x07");
	ESC(H_FORGE, XT_ESC_RAW,
	    "ok\\r\\n[domid 0 pid 1 uid 0 root] exec /bin/true");
	ESC(H_BIDI, XT_ESC_RAW, "\\u202efdp.exe\\u2066\\u200f\\u061c");
	ESC(H_C1, XT_ESC_RAW, "\\u009b31m\\x9b2J\\xff");
	ESC("a\0b\x7f\t", XT_ESC_RAW, "a\\x00b\\x7f\\t");
	/* a backslash: two for raw bytes, as it is after record_json.c */
	ESC("a\\x1b", XT_ESC_RAW, "a\\\\x1b");
	ESC("a\\\\x1b", 0, "a\\\\x1b");
	/* printable UTF-8 stays: é, a zero width space, an emoji */
	ESC("\xc3\xa9\xe2\x80\x8b\xf0\x9f\x99\x82", XT_ESC_RAW,
	    "\xc3\xa9\xe2\x80\x8b\xf0\x9f\x99\x82");
	/* a terminal's lines: LF, tab and CR LF kept, a lone CR shown */
	ESC("a\r\nb\tc\rd\n\b", XT_ESC_RAW | XT_ESC_LINES,
	    "a\r\nb\tc\\rd\n\\x08");
}

static void check_roundtrip(const char *in, size_t n)
{
	char *e = xt_text_escape(in, n, XT_ESC_RAW), back[256];

	assert_non_null(e);
	assert_int_equal(xt_text_unescape(back, sizeof(back), e), n);
	assert_memory_equal(back, in, n);
	free(e);
}

#define RT(s)	check_roundtrip(s, sizeof(s) - 1)

static void test_unescape(void **state)
{
	char out[8];

	RT(H_ESC);
	RT(H_FORGE);
	RT(H_BIDI);
	RT(H_C1);
	RT("a\0b\\x41\x7f");
	assert_int_equal(xt_text_unescape(out, sizeof(out), "pts0"), 4);
	assert_string_equal(out, "pts0");
	assert_int_equal(xt_text_unescape(out, sizeof(out), "1234567"), 7);
	assert_int_equal(xt_text_unescape(out, sizeof(out), "12345678"), -1);
	assert_int_equal(xt_text_unescape(out, sizeof(out), "a\\q"), -1);
	assert_int_equal(xt_text_unescape(out, sizeof(out), "a\\x4"), -1);
	assert_int_equal(xt_text_unescape(out, sizeof(out), "\\u0041"), -1);
}

/* A stream cut inside a UTF-8 sequence and inside CR LF. */
static void test_stream(void **state)
{
	static const char *const piece[] = {
		"ab\xe2\x80", "\256c\r", "\nd\xc2", "\233e\r",
	};
	struct xt_text_stream st = { 0 };
	char all[128] = "", *e;
	size_t i;

	for (i = 0; i <= 4; i++) {
		if (i < 4)
			e = xt_text_stream_escape(&st, piece[i],
						  strlen(piece[i]), false,
						  XT_ESC_RAW | XT_ESC_LINES);
		else
			e = xt_text_stream_escape(&st, NULL, 0, true,
						  XT_ESC_RAW | XT_ESC_LINES);
		assert_non_null(e);
		strcat(all, e);
		free(e);
	}
	assert_string_equal(all, "ab\\u202ec\r\nd\\u009be\\r");
	assert_int_equal(st.n, 0);
}

/* Undo xt_json_str_escape(): "\\" is a backslash, "\xHH" the byte HH. */
static size_t unjson(const char *s, char *out)
{
	char hex[3] = "", *end;
	size_t n = 0;

	while (*s) {
		if (*s != '\\') {
			out[n++] = *s++;
		} else if (s[1] == '\\') {
			out[n++] = '\\';
			s += 2;
		} else {
			assert_int_equal(s[1], 'x');
			memcpy(hex, s + 2, 2);
			out[n++] = strtoul(hex, &end, 16);
			assert_ptr_equal(end, hex + 2);
			s += 4;
		}
	}
	return n;
}

/* The JSON string @v stands for the @n bytes at @raw. */
static void assert_bytes(struct json_object *v, const char *raw, size_t n)
{
	char out[512];

	assert_true(json_object_is_type(v, json_type_string));
	assert_true(json_object_get_string_len(v) < (int)sizeof(out));
	assert_int_equal(unjson(json_object_get_string(v), out), n);
	assert_memory_equal(out, raw, n);
}

/* A guest's exec with every hostile string: a line, safe, that parses. */
static void test_json_exec(void **state)
{
	static const char argv[] = H_ESC "\0" H_FORGE "\0" H_BIDI "\0"
				   H_C1 "\0" H_FORMULA "\0a\177b\\c";
	static const char *const args[] = {
		H_ESC, H_FORGE, H_BIDI, H_C1, H_FORMULA, "a\177b\\c",
	};
	static const char fn[] = "/tmp/a\x1b[2J\xe2\x80\xae\xff";
	struct json_object *o, *p, *a;
	uint32_t len;
	char *text;
	size_t i;

	len = build_exec(&r, fn, sizeof(fn) - 1, 0, argv, sizeof(argv), 0, 0,
			 6);
	memcpy(hdr_of(&r)->comm, "\x1b]2;x\x07\xe2\x80\xae\r\n", 12);
	o = xt_json_rec(r.b, len, NULL);
	assert_non_null(o);
	/* json-c alone lets DEL, C1 and bidi through: the check sees it */
	text = (char *)json_object_to_json_string_ext(o, XTRAIL_JSON_FLAGS);
	assert_non_null(strstr(text, "\xe2\x80\xae"));
	assert_non_null(strstr(text, "\x7f"));
	text = xt_json_line(o);
	json_object_put(o);
	assert_non_null(text);
	assert_safe(text, "");
	assert_non_null(strstr(text, "\"\\u202efdp.exe\\u2066\\u200f\\u061c\""));
	assert_non_null(strstr(text, "\"\\u001b[2J\\u001b]0;pwned\\u0007\""));
	assert_non_null(strstr(text, "\"\\u009b31m\\\\x9b2J\\\\xff\""));
	/* parses, and gives back the guest's bytes */
	p = json_tokener_parse(text);
	assert_non_null(p);
	assert_true(json_object_object_get_ex(p, "argv", &a));
	assert_int_equal(json_object_array_length(a), 6);
	for (i = 0; i < 6; i++)
		assert_bytes(json_object_array_get_idx(a, i), args[i],
			     strlen(args[i]));
	/* valid UTF-8 comes back as it is: ESC, CR LF, bidi, C1, DEL */
	assert_string_equal(json_object_get_string(
			    json_object_array_get_idx(a, 0)), H_ESC);
	assert_string_equal(json_object_get_string(
			    json_object_array_get_idx(a, 2)), H_BIDI);
	assert_true(json_object_object_get_ex(p, "filename", &a));
	assert_bytes(a, fn, sizeof(fn) - 1);
	assert_true(json_object_object_get_ex(p, "comm", &a));
	assert_string_equal(json_object_get_string(a),
			    "\x1b]2;x\x07\xe2\x80\xae\r\n");
	json_object_put(p);
	free(text);
}

/* A hostile kernel's TTY record: its name and data. */
static void test_json_tty(void **state)
{
	/* NUL in the middle too: the data is bytes with a length */
	static const char data[] = H_ESC "\0" H_FORGE "\xc2\x85\x9b";
	struct json_object *o, *v;
	uint32_t len;
	char *text;

	len = build_tty_rec(&r, "p\x1b[2J\r\n\xc2\x9b", 0, data,
			    sizeof(data) - 1);
	o = xt_json_rec(r.b, len, NULL);
	assert_non_null(o);
	text = xt_json_line(o);
	json_object_put(o);
	assert_non_null(text);
	assert_safe(text, "");
	o = json_tokener_parse(text);
	assert_non_null(o);
	assert_true(json_object_object_get_ex(o, "tty", &v));
	assert_string_equal(json_object_get_string(v),
			    "p\x1b[2J\r\n\xc2\x9b");
	assert_true(json_object_object_get_ex(o, "data", &v));
	assert_bytes(v, data, sizeof(data) - 1);
	json_object_put(o);
	free(text);
}

/* Text from elsewhere (status, a message): never invalid UTF-8 out. */
static void test_json_text(void **state)
{
	char *s = xt_text_json_safe("{\"a\":\"x\xff\x7f\xc2\x85\"}");

	assert_non_null(s);
	assert_string_equal(s, "{\"a\":\"x\\\\xff\\u007f\\u0085\"}");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_unescape),
		cmocka_unit_test(test_stream),
		cmocka_unit_test(test_json_exec),
		cmocka_unit_test(test_json_tty),
		cmocka_unit_test(test_json_text),
	};

	return cmocka_run_group_tests_name("text_safe", tests, NULL, NULL);
}
