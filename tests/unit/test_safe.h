/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hostile strings a guest can put in a record, and a check, written apart
 * from text_safe.c, that a text holds none of what they try: valid UTF-8
 * only, no C0 control but the ones @allow lets through, no DEL, no C1
 * control, no bidi control. Include after <cmocka.h>. (Octal escapes: a
 * hex escape would take the letters after it.)
 */
#ifndef XTRAIL_TEST_SAFE_H
#define XTRAIL_TEST_SAFE_H

#include <stdint.h>
#include <string.h>

/* Clear the screen, set the window title, ring the bell. */
#define H_ESC		"\x1b[2J\x1b]0;pwned\x07"
/* A forged line of export's message format. */
#define H_FORGE		"ok\r\n[domid 0 pid 1 uid 0 root] exec /bin/true"
/* RLO, LRI, RLM, ALM: the text reads in another order. */
#define H_BIDI		"\342\200\256fdp.exe\342\201\246\342\200\217\330\234"
/* CSI as the code point U+009B and as the raw byte 0x9b (not UTF-8). */
#define H_C1		"\302\23331m\2332J\377"
/* A spreadsheet formula (OWASP's example). */
#define H_FORMULA	"=cmd|' /C calc'!A0"

/* Bytes of @s (@n) that are unsafe to show; fails with where. */
static inline void assert_safe_n(const char *s, size_t n, const char *allow)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t i, k;

	for (i = 0; i < n; i += k) {
		k = 1;
		if (p[i] < 0x20 && !(p[i] && strchr(allow, p[i])))
			fail_msg("control 0x%02x at %zu of: %s", p[i], i, s);
		if (p[i] == 0x7f)
			fail_msg("DEL at %zu of: %s", i, s);
		if (p[i] < 0x80)
			continue;
		if (p[i] >= 0xc2 && p[i] <= 0xdf)
			k = 2;
		else if (p[i] >= 0xe0 && p[i] <= 0xef)
			k = 3;
		else if (p[i] >= 0xf0 && p[i] <= 0xf4)
			k = 4;
		else
			fail_msg("byte 0x%02x at %zu of: %s", p[i], i, s);
		if (i + k > n)
			fail_msg("cut UTF-8 at %zu of: %s", i, s);
		if (p[i] == 0xc2 && p[i + 1] <= 0x9f)
			fail_msg("C1 control at %zu of: %s", i, s);
		if (!memcmp(p + i, "\xd8\x9c", 2) ||
		    (p[i] == 0xe2 && p[i + 1] == 0x80 &&
		     ((p[i + 2] >= 0xaa && p[i + 2] <= 0xae) ||
		      p[i + 2] == 0x8e || p[i + 2] == 0x8f)) ||
		    (p[i] == 0xe2 && p[i + 1] == 0x81 &&
		     p[i + 2] >= 0xa6 && p[i + 2] <= 0xa9))
			fail_msg("bidi control at %zu of: %s", i, s);
	}
}

static inline void assert_safe(const char *s, const char *allow)
{
	assert_safe_n(s, strlen(s), allow);
}

#endif /* XTRAIL_TEST_SAFE_H */
