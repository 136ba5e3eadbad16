// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Guest-controlled text made safe to show; the rules are in text_safe.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text_safe.h"

static const char hex[] = "0123456789abcdef";

size_t xt_text_utf8_seq(const uint8_t *s, size_t n, uint32_t *cp)
{
	uint8_t c = s[0], lo = 0x80, hi = 0xbf;
	size_t len, i;

	*cp = c;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		*cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		*cp = c & 0x0f;
		if (c == 0xe0)
			lo = 0xa0;	/* overlong */
		else if (c == 0xed)
			hi = 0x9f;	/* surrogates */
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		*cp = c & 0x07;
		if (c == 0xf0)
			lo = 0x90;	/* overlong */
		else if (c == 0xf4)
			hi = 0x8f;	/* above U+10FFFF */
	} else {
		return 0;
	}
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 1; i < len; i++) {
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
		*cp = *cp << 6 | (s[i] & 0x3f);
	}
	return len;
}

bool xt_text_unsafe(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x061c ||
	       cp == 0x200e || cp == 0x200f ||
	       (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

static char *put_x(char *o, uint8_t c)
{
	*o++ = '\\';
	*o++ = 'x';
	*o++ = hex[c >> 4];
	*o++ = hex[c & 0xf];
	return o;
}

static char *put_u(char *o, uint32_t cp)
{
	*o++ = '\\';
	*o++ = 'u';
	*o++ = hex[cp >> 12 & 0xf];
	*o++ = hex[cp >> 8 & 0xf];
	*o++ = hex[cp >> 4 & 0xf];
	*o++ = hex[cp & 0xf];
	return o;
}

/* One C0 control or DEL at s[i] of @n. */
static char *put_c0(char *o, const uint8_t *s, size_t i, size_t n,
		    unsigned int flags)
{
	bool lines = flags & XT_ESC_LINES;

	if ((s[i] == '\n' || s[i] == '\t') && lines) {
		*o++ = s[i];
	} else if (s[i] == '\r' && lines && i + 1 < n && s[i + 1] == '\n') {
		*o++ = '\r';
	} else if (s[i] == '\n' || s[i] == '\r' || s[i] == '\t') {
		*o++ = '\\';
		*o++ = s[i] == '\n' ? 'n' : s[i] == '\r' ? 'r' : 't';
	} else {
		o = put_x(o, s[i]);
	}
	return o;
}

size_t xt_text_escape_buf(char *out, const void *str, size_t n,
			  unsigned int flags)
{
	const uint8_t *s = str;
	char *o = out;
	size_t i = 0, k;
	uint32_t cp;

	while (i < n) {
		k = xt_text_utf8_seq(s + i, n - i, &cp);
		if (!k) {
			o = put_x(o, s[i]);
			k = 1;
		} else if (cp < 0x20 || cp == 0x7f) {
			o = put_c0(o, s, i, n, flags);
		} else if (xt_text_unsafe(cp)) {
			o = put_u(o, cp);
		} else if (cp == '\\' && flags & XT_ESC_RAW) {
			*o++ = '\\';
			*o++ = '\\';
		} else {
			memcpy(o, s + i, k);
			o += k;
		}
		i += k;
	}
	*o = 0;
	return o - out;
}

char *xt_text_escape(const void *s, size_t n, unsigned int flags)
{
	char *out = malloc(4 * n + 1);

	if (out)
		xt_text_escape_buf(out, s, n, flags);
	return out;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* The value of @digits lowercase hex digits at @s, or -1. */
static long hexnum(const char *s, int digits)
{
	long v = 0;
	int i, d;

	for (i = 0; i < digits; i++) {
		d = hexval(s[i]);
		if (d < 0)
			return -1;
		v = v << 4 | d;
	}
	return v;
}

/* One item of the display form at *s into @u; its length, or 0. */
static size_t unescape_one(const char **s, char *u)
{
	const char *p = *s;
	long v;

	if (*p != '\\') {
		*u = *p;
		*s = p + 1;
		return 1;
	}
	p++;
	if (*p == '\\' || *p == 'n' || *p == 'r' || *p == 't') {
		*u = *p == 'n' ? '\n' : *p == 'r' ? '\r' : *p == 't' ? '\t' : '\\';
		*s = p + 1;
		return 1;
	}
	v = hexnum(p + 1, *p == 'x' ? 2 : 4);
	if (*p == 'x' && v >= 0) {
		*u = v;
		*s = p + 3;
		return 1;
	}
	if (*p != 'u' || v < 0x80)
		return 0;
	*s = p + 5;
	if (v < 0x800) {
		u[0] = 0xc0 | v >> 6;
		u[1] = 0x80 | (v & 0x3f);
		return 2;
	}
	u[0] = 0xe0 | v >> 12;
	u[1] = 0x80 | (v >> 6 & 0x3f);
	u[2] = 0x80 | (v & 0x3f);
	return 3;
}

long xt_text_unescape(char *out, size_t size, const char *s)
{
	size_t o = 0, k;
	char u[3];

	while (*s) {
		k = unescape_one(&s, u);
		if (!k || o + k >= size)
			return -1;
		memcpy(out + o, u, k);
		o += k;
	}
	if (!size)
		return -1;
	out[o] = 0;
	return o;
}

/* How many bytes at the end of @s (@n) start a sequence cut short. */
static size_t cut_tail(const uint8_t *s, size_t n)
{
	size_t back, need;
	uint8_t c;

	if (n && s[n - 1] == '\r')
		return 1;
	for (back = 1; back <= 3 && back <= n; back++) {
		c = s[n - back];
		if (c >= 0x80 && c <= 0xbf)
			continue;	/* a continuation byte */
		need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
		return need > back ? back : 0;
	}
	return 0;
}

char *xt_text_stream_escape(struct xt_text_stream *st, const void *s,
			    size_t n, bool final, unsigned int flags)
{
	size_t len = st->n + n, keep;
	uint8_t *buf = malloc(len ? len : 1);
	char *out;

	if (!buf)
		return NULL;
	memcpy(buf, st->carry, st->n);
	if (n)
		memcpy(buf + st->n, s, n);
	keep = final ? 0 : cut_tail(buf, len);
	out = xt_text_escape(buf, len - keep, flags);
	if (out) {
		memcpy(st->carry, buf + len - keep, keep);
		st->n = keep;
	}
	free(buf);
	return out;
}

char *xt_text_json_safe(const char *json)
{
	const uint8_t *s = (const uint8_t *)json;
	size_t n = strlen(json), i = 0, k;
	char *out = malloc(6 * n + 1), *o = out;
	uint32_t cp;

	if (!out)
		return NULL;
	while (i < n) {
		k = xt_text_utf8_seq(s + i, n - i, &cp);
		if (!k) {
			/* JSON cannot hold the byte: the text \xHH */
			*o++ = '\\';
			o = put_x(o, s[i]);
			k = 1;
		} else if (xt_text_unsafe(cp)) {
			o = put_u(o, cp);
		} else {
			memcpy(o, s + i, k);
			o += k;
		}
		i += k;
	}
	*o = 0;
	return out;
}
