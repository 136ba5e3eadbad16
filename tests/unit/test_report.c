// SPDX-License-Identifier: GPL-2.0
/*
 * xtrail report's HTML (userspace/cli/report_esc.c, report_svg.c): log
 * text escaped for HTML, never markup; a VM's timeline picture with the
 * bands of its own findings only.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "report_esc.h"
#include "report_svg.h"

/* What rep_esc() writes for @s. */
static char *esc(const char *s)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);

	assert_non_null(f);
	rep_esc(f, s);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void check_esc(const char *in, const char *want)
{
	char *e = esc(in);

	assert_string_equal(e, want);
	free(e);
}

static void test_esc(void **state)
{
	(void)state;
	check_esc("<script>alert(\"x\")</script>",
		  "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
	check_esc("it's a&b", "it&#39;s a&amp;b");
	/* controls and bidi in their display form first (text_safe.h) */
	check_esc("\x1b[2J\xe2\x80\xae<b>", "\\x1b[2J\\u202e&lt;b&gt;");
	check_esc("caf\xc3\xa9", "caf\xc3\xa9");
	check_esc("", "");
}

static const char vm_json[] =
	"{\"uuid\": \"6f1e2d3c-4b5a-4938-8796-a5b4c3d2e1f0\", \"name\": \"web\","
	" \"timeline\": {\"from\": \"2026-11-30T00:53:21.000000000Z\","
	" \"to\": \"2026-11-30T00:58:00.000000000Z\", \"from_ns\": 1000,"
	" \"to_ns\": 61000, \"bucket_ns\": 1000, \"counts\": [3, 0, 7]}}";

static const char findings_json[] =
	"[{\"vm_uuid\": \"6f1e2d3c-4b5a-4938-8796-a5b4c3d2e1f0\","
	" \"title\": \"Mail <b>\\\"spam\\\"</b>\", \"severity\": \"high\","
	" \"first_ns\": 2000, \"last_ns\": 9000},"
	" {\"vm_uuid\": \"0badc0de-0011-4222-8333-444455556666\","
	" \"title\": \"other customer's\", \"severity\": \"low\","
	" \"first_ns\": 2000, \"last_ns\": 9000}]";

static size_t count(const char *s, const char *what)
{
	size_t n = 0;

	while ((s = strstr(s, what))) {
		n++;
		s += strlen(what);
	}
	return n;
}

static void test_svg(void **state)
{
	struct json_object *vm = json_tokener_parse(vm_json);
	struct json_object *fs = json_tokener_parse(findings_json);
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);

	(void)state;
	assert_non_null(vm);
	assert_non_null(fs);
	rep_svg_timeline(f, vm, fs);
	assert_int_equal(fclose(f), 0);
	/* two bars (3 and 7 records; the empty column has none) */
	assert_int_equal(count(buf, "class=\"bar\""), 2);
	assert_non_null(strstr(buf, "<title>7 records</title>"));
	/* one band: web's finding, red, its title escaped; not the other's */
	assert_int_equal(count(buf, "fill=\"#c0392b\""), 1);
	assert_non_null(strstr(buf,
		"<title>Mail &lt;b&gt;&quot;spam&quot;&lt;/b&gt;</title>"));
	assert_null(strstr(buf, "other customer"));
	assert_null(strstr(buf, "<b>"));
	free(buf);
	json_object_put(vm);
	json_object_put(fs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_esc),
		cmocka_unit_test(test_svg),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
