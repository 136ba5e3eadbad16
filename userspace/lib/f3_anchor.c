// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * F3 anchors as text: "xtrail-anchor-v1 SEQID SEQ CHAIN EPOCH MAC".
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "f3_anchor.h"

void xt_f3_anchor_format(const struct f3_anchor *a, char *buf, size_t size)
{
	char id[2 * F3_ID_LEN + 1], chain[2 * F3_HASH + 1];
	char mac[2 * F3_HASH + 1], epoch[24];

	sodium_bin2hex(id, sizeof(id), a->seq_id, F3_ID_LEN);
	sodium_bin2hex(chain, sizeof(chain), a->chain, F3_HASH);
	if (a->sealed) {
		sodium_bin2hex(mac, sizeof(mac), a->mac, F3_HASH);
		snprintf(epoch, sizeof(epoch), "%" PRIu64, a->epoch);
	} else {
		strcpy(mac, "-");
		strcpy(epoch, "-");
	}
	snprintf(buf, size, "xtrail-anchor-v1 %s %" PRIu64 " %s %s %s", id,
		 a->seq, chain, epoch, mac);
}

static int hex_field(uint8_t *out, size_t n, const char *s)
{
	size_t bin = 0;
	const char *end;

	if (strlen(s) != 2 * n)
		return -1;
	if (sodium_hex2bin(out, n, s, 2 * n, NULL, &bin, &end) || bin != n ||
	    *end)
		return -1;
	return 0;
}

int xt_f3_anchor_parse(struct f3_anchor *a, const char *s)
{
	char tag[32], id[64], chain[96], epoch[32], mac[96];
	unsigned long long seq;
	char *end;

	memset(a, 0, sizeof(*a));
	if (sscanf(s, "%31s %63s %llu %95s %31s %95s", tag, id, &seq, chain,
		   epoch, mac) != 6 || strcmp(tag, "xtrail-anchor-v1"))
		return -1;
	if (hex_field(a->seq_id, F3_ID_LEN, id) ||
	    hex_field(a->chain, F3_HASH, chain))
		return -1;
	a->seq = seq;
	if (!strcmp(epoch, "-") && !strcmp(mac, "-"))
		return 0;
	errno = 0;
	a->epoch = strtoull(epoch, &end, 10);
	if (errno || *end || epoch[0] < '0' || epoch[0] > '9' ||
	    hex_field(a->mac, F3_HASH, mac))
		return -1;
	a->sealed = 1;
	return 0;
}
