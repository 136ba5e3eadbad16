// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The lowest layer of the record decoders: string escaping, record type
 * names and UUID text (declared in json_build.h; record_json.h includes
 * it, so its callers see them as before).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_build.h"
#include "text_safe.h"
#include "xtrail_dev.h"

char *xt_json_str_escape(const void *str, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const uint8_t *s = str;
	char *out, *o;
	size_t i = 0, k;
	uint32_t cp;

	/* Worst case: every byte becomes \xHH. */
	out = malloc(4 * n + 1);
	if (!out)
		return NULL;
	o = out;
	while (i < n) {
		k = s[i] ? xt_text_utf8_seq(s + i, n - i, &cp) : 0;
		if (k == 1 && s[i] == '\\') {
			*o++ = '\\';
			*o++ = '\\';
		} else if (k) {
			memcpy(o, s + i, k);
			o += k;
		} else {
			*o++ = '\\';
			*o++ = 'x';
			*o++ = hex[s[i] >> 4];
			*o++ = hex[s[i] & 0xf];
			k = 1;
		}
		i += k;
	}
	*o = 0;
	return out;
}

char *xt_json_base64(const void *bin, size_t n)
{
	static const char abc[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const uint8_t *s = bin;
	char *out = malloc((n + 2) / 3 * 4 + 1), *o = out;
	uint32_t v;
	size_t i;

	if (!out)
		return NULL;
	for (i = 0; i < n; i += 3) {
		v = (uint32_t)s[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)s[i + 1] << 8;
		if (i + 2 < n)
			v |= s[i + 2];
		*o++ = abc[v >> 18];
		*o++ = abc[v >> 12 & 63];
		*o++ = i + 1 < n ? abc[v >> 6 & 63] : '=';
		*o++ = i + 2 < n ? abc[v & 63] : '=';
	}
	*o = 0;
	return out;
}

int xt_json_str_exact(const void *s, size_t n, const char *escaped)
{
	return strlen(escaped) == n && !memcmp(escaped, s, n);
}

const char *xt_json_rec_type_name(unsigned int type)
{
	switch (type) {
	case XTRAIL_REC_EXEC:
		return "exec";
	case XTRAIL_REC_LOST:
		return "lost";
	case XTRAIL_REC_CONNECT:
		return "connect";
	case XTRAIL_REC_DISCONNECT:
		return "disconnect";
	case XTRAIL_REC_VIOLATION:
		return "violation";
	case XTRAIL_REC_CLOCK:
		return "clock";
	case XTRAIL_REC_SEQ_GAP:
		return "seq_gap";
	case XTRAIL_REC_HB_SILENCE:
		return "heartbeat_silence";
	case XTRAIL_REC_REFUSED:
		return "refused";
	case XTRAIL_REC_DOM0_LOST:
		return "dom0_lost";
	case XTRAIL_REC_CONTROL:
		return "control";
	case XTRAIL_REC_VM_IDENTITY:
		return "vm_identity";
	case XTRAIL_REC_FLOW:
		return "flow";
	case XTRAIL_REC_FLOW_LOST:
		return "flow_lost";
	case XTRAIL_REC_STREAM_JUMP:
		return "stream_jump";
	case XTRAIL_REC_STREAM_END:
		return "stream_end";
	case XTRAIL_REC_FORK:
		return "fork";
	case XTRAIL_REC_EXIT:
		return "exit";
	case XTRAIL_REC_SYSCALL:
		return "syscall";
	case XTRAIL_REC_HEARTBEAT:
		return "heartbeat";
	case XTRAIL_REC_FILE:
		return "file";
	case XTRAIL_REC_NET:
		return "net";
	case XTRAIL_REC_TTY:
		return "tty";
	case XTRAIL_REC_CLOSE:
		return "close";
	case XTRAIL_REC_EXEC_DIGEST:
		return "exec_digest";
	default:
		return NULL;
	}
}

void xt_json_uuid_text(const uint8_t u[16], char out[37])
{
	snprintf(out, 37,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9],
		 u[10], u[11], u[12], u[13], u[14], u[15]);
}
