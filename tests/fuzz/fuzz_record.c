// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_record: the input is one record, as read() on /dev/xtrail or an F3
 * frame hands it to userspace.
 *
 * xtrail_rec_check() must agree with the independent reading in
 * fuzz_check.h, both for a guest's ring and for dom0's stream; the two
 * may differ only on dom0's own types. A record it accepts must convert
 * with xt_json_rec(); the JSON text must be valid UTF-8 (RFC 3629,
 * which json-c does not fully enforce: it lets surrogates through), must
 * parse back, its strings must unescape to the record's bytes, and its
 * times must be what record_json.h's rule gives, computed here in 128
 * bits and read back with strptime() and timegm().
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json.h>

#include "fuzz_check.h"
#include "record_json.h"

/* A control or bidi control (text_safe.h), which a JSON line must not hold. */
static int unsafe(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x61c ||
	       cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

/*
 * RFC 3629 UTF-8: decode each sequence, then refuse overlong forms,
 * surrogates and anything above U+10FFFF; and no unsafe() character.
 */
static int utf8_safe(const uint8_t *s)
{
	static const uint32_t min[] = { 0, 0, 0x80, 0x800, 0x10000 };
	uint32_t cp;
	int n, i;

	while (*s) {
		if (*s < 0x80) {
			if (unsafe(*s++))
				return 0;
			continue;
		}
		n = *s >= 0xf0 ? 4 : *s >= 0xe0 ? 3 : *s >= 0xc0 ? 2 : 0;
		if (!n || *s >= 0xf8)
			return 0;
		cp = *s & (0x7f >> n);
		for (i = 1; i < n; i++) {
			if ((s[i] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i] & 0x3f);
		}
		if (cp < min[n] || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff) || unsafe(cp))
			return 0;
		s += n;
	}
	return 1;
}

static unsigned int hexval(char c)
{
	static const char hex[] = "0123456789abcdef";
	const char *p = c ? strchr(hex, c) : NULL;

	fz_assert(p);
	return p - hex;
}

/* Undo xt_json_str_escape(): "\\" is a backslash, "\xHH" the byte HH. */
static size_t unescape(const char *s, uint8_t *out)
{
	size_t n = 0;

	while (*s) {
		if (*s != '\\') {
			out[n++] = *s++;
			continue;
		}
		if (s[1] == '\\') {
			out[n++] = '\\';
			s += 2;
			continue;
		}
		fz_assert(s[1] == 'x');
		out[n++] = hexval(s[2]) << 4 | hexval(s[3]);
		s += 4;
	}
	return n;
}

/* The JSON string @v must stand for the @n bytes at @raw. */
static void check_bytes(struct json_object *v, const uint8_t *raw, size_t n)
{
	const char *s = json_object_get_string(v);
	uint8_t *out;

	fz_assert(json_object_is_type(v, json_type_string));
	/* Each byte takes at most four characters, which decode to one. */
	out = malloc(strlen(s) + 1);
	fz_assert(out);
	fz_assert(unescape(s, out) == n && !memcmp(out, raw, n));
	free(out);
}

/* A string of @n bytes, or null when there are none. */
static void check_opt(struct json_object *v, const uint8_t *raw, size_t n)
{
	if (n)
		check_bytes(v, raw, n);
	else
		fz_assert(json_object_is_type(v, json_type_null));
}

static struct json_object *field(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	fz_assert(json_object_object_get_ex(o, key, &v));
	return v;
}

/* @key is the wall-clock time of stamp @t against @clk, or null. */
static void check_time(struct json_object *o, const char *key,
		       const struct xtrail_clock_ref *clk, uint64_t t)
{
	struct json_object *v = field(o, key);
	struct tm tm = { 0 };
	const char *s, *frac;
	__int128 ns = -1;
	int64_t nsec = 0;
	int i;

	if (clk && clk->valid && clk->realtime_ns <= INT64_MAX)
		ns = (__int128)clk->realtime_ns + (int64_t)(t - clk->ts_ns);
	if (ns < 0 || ns > INT64_MAX) {
		fz_assert(json_object_is_type(v, json_type_null));
		return;
	}
	fz_assert(json_object_is_type(v, json_type_string));
	s = json_object_get_string(v);
	frac = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	fz_assert(frac && frac[0] == '.' && !strcmp(frac + 10, "Z"));
	for (i = 1; i < 10; i++) {
		fz_assert(frac[i] >= '0' && frac[i] <= '9');
		nsec = nsec * 10 + frac[i] - '0';
	}
	fz_assert(timegm(&tm) == (time_t)(ns / 1000000000) &&
		  nsec == ns % 1000000000);
}

static void check_fields(struct json_object *o, const uint8_t *rec,
			 const struct xtrail_clock_ref *clk)
{
	const struct xtrail_rec_hdr *h = (const void *)rec;
	const struct xtrail_exec *e = (const void *)(h + 1);
	const uint8_t *fn = rec + sizeof(*h) + sizeof(*e);
	const uint8_t *av, *end, *p;
	struct json_object *argv;
	size_t i, n, cwd = 0, exe = 0, a0 = 0;

	uint64_t ts_ns = xt_le64(h->ts_ns), recv_ns = xt_le64(h->recv_ns);
	int ts_xen = xt_le16(h->flags) & XTRAIL_RF_TS_XEN;

	fz_assert(!strcmp(json_object_get_string(field(o, "type")),
			  xt_json_rec_type_name(xt_le16(h->type))));
	/* ts_ns when both stamps are Xen system time, recv_ns otherwise */
	check_time(o, "time", clk, ts_xen && clk && clk->ts_xen ? ts_ns :
		   recv_ns);
	check_time(o, "recv_time", clk, recv_ns);
	if (xt_le16(h->flags) & XTRAIL_RF_NO_TASK) {
		/* no task: no process fields, uid only a socket's owner */
		fz_assert(!field(o, "comm") && !field(o, "pid") &&
			  !field(o, "gid") && !field(o, "loginuid"));
		if (xt_le16(h->type) != XTRAIL_REC_NET ||
		    xt_le32(h->len) < sizeof(*h) + XTRAIL_NET_V2_SIZE ||
		    xt_le32(h->uid) == 0xffffffffu)
			fz_assert(!field(o, "uid"));
		else
			fz_assert(json_object_get_int64(field(o, "uid")) ==
				  xt_le32(h->uid));
	} else {
		n = strnlen(h->comm, sizeof(h->comm));
		check_bytes(field(o, "comm"), (const uint8_t *)h->comm, n);
	}
	if (xt_le16(h->type) != XTRAIL_REC_EXEC)
		return;
	/* body version 2: its lengths, then filename, cwd, exe, argv0 */
	if (xt_le32(e->flags) & XTRAIL_EXEC_V2) {
		const struct xtrail_exec_v2 *e2 = (const void *)fn;

		cwd = xt_le16(e2->cwd_len);
		exe = xt_le16(e2->exe_len);
		a0 = xt_le16(e2->argv0_len);
		fn += sizeof(*e2);
	}
	check_bytes(field(o, "filename"), fn, xt_le16(e->filename_len));
	p = fn + xt_le16(e->filename_len);
	check_opt(field(o, "cwd"), p, cwd);
	/* a script's exe is made up from cwd and filename; its interpreter */
	if (xt_le32(e->flags) & XTRAIL_EXEC_SCRIPT)
		check_opt(field(o, "interpreter"), p + cwd, exe);
	else
		check_opt(field(o, "exe"), p + cwd, exe);
	check_opt(field(o, "argv0_passed"), p + cwd + exe, a0);
	argv = field(o, "argv");
	fz_assert(json_object_is_type(argv, json_type_array));
	fz_assert(json_object_array_length(argv) == xt_le16(e->argc));
	av = p + cwd + exe + a0;
	end = av + xt_le32(e->argv_len);
	for (i = 0; av < end; i++) {
		n = strnlen((const char *)av, end - av);
		check_bytes(json_object_array_get_idx(argv, i), av, n);
		av += n + 1;
	}
}

/* @rec passed the check: convert, print, parse back, compare. */
static void check_json(const uint8_t *rec, uint32_t len,
		       const struct xtrail_clock_ref *clk)
{
	struct json_tokener *tok;
	struct json_object *o, *back;
	char *text;

	o = xt_json_rec(rec, len, clk);
	fz_assert(o);
	text = xt_json_line(o);	/* what export and watch print */
	fz_assert(text && !strchr(text, '\n'));
	fz_assert(utf8_safe((const uint8_t *)text));
	tok = json_tokener_new();
	fz_assert(tok);
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT |
			       JSON_TOKENER_VALIDATE_UTF8);
	back = json_tokener_parse_ex(tok, text, strlen(text));
	fz_assert(back && json_tokener_get_error(tok) == json_tokener_success);
	fz_assert(json_object_is_type(back, json_type_object));
	check_fields(back, rec, clk);
	json_object_put(back);
	json_tokener_free(tok);
	json_object_put(o);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct xtrail_rec_hdr *h;
	struct xtrail_clock_ref clk = { 0 };
	enum xtrail_verdict dom0, guest;
	uint8_t *rec;
	uint32_t len;

	len = size;
	/* A private, 8-aligned copy of exactly the record's size. */
	rec = malloc(size ? size : 1);
	fz_assert(rec);
	memcpy(rec, data, size);
	h = (const void *)rec;

	dom0 = xtrail_rec_check(rec, len, 0);
	guest = xtrail_rec_check(rec, len, 1);
	fz_assert(dom0 < XTRAIL_VERDICT_MAX && guest < XTRAIL_VERDICT_MAX);
	fz_assert((dom0 == XTRAIL_OK) == fz_rec_ok(rec, len, 0));
	fz_assert((guest == XTRAIL_OK) == fz_rec_ok(rec, len, 1));
	/* from_guest only ever adds the dom0-only types to the refusals */
	fz_assert(guest == dom0 ||
		  (guest == XTRAIL_BAD_TYPE &&
		   xt_le16(h->type) >= XTRAIL_REC_DOM0_FIRST));

	if (dom0 == XTRAIL_OK) {
		/* As the exporter does: a CLOCK record is its own reference. */
		xt_json_clock_ref_update(&clk, rec);
		check_json(rec, len, &clk);
		/* Times against a reference the fuzzer picks (any overflow). */
		clk.valid = 1;
		clk.ts_xen = xt_le16(h->flags) & XTRAIL_RF_TS_XEN;
		clk.ts_ns = xt_le64(h->seq);
		clk.realtime_ns = xt_le64(h->ts_ns) ^ xt_le64(h->recv_ns);
		check_json(rec, len, &clk);
		check_json(rec, len, NULL);
	} else {
		fz_assert(!xt_json_rec(rec, len, NULL));
	}
	free(rec);
	return 0;
}
