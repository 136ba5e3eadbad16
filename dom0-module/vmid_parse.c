// SPDX-License-Identifier: GPL-2.0
/*
 * The VM identity's values, parsed strictly (see vmid_parse.h): what the
 * toolstack writes has one form each, and anything else is refused, never
 * cut into shape.
 */
#include <linux/ctype.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "vmid_parse.h"

#define XTRAIL_VMID_UUID_LEN	36	/* 8-4-4-4-12 hex digits */
#define XTRAIL_VMID_VM_PREFIX	"/vm/"
#define XTRAIL_VMID_MAC_LEN	17	/* xx:xx:xx:xx:xx:xx */

/* "/vm/" and a UUID in its canonical text form, nothing more. */
int xtrail_vmid_parse_uuid(const char *s, u8 uuid[16])
{
	unsigned int i, b = 0;
	u8 nib[32];
	int x;

	memset(uuid, 0, 16);
	if (strncmp(s, XTRAIL_VMID_VM_PREFIX, 4) ||
	    strnlen(s, 48) != 4 + XTRAIL_VMID_UUID_LEN)
		return -EINVAL;
	s += 4;
	for (i = 0; i < XTRAIL_VMID_UUID_LEN; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return -EINVAL;
			continue;
		}
		x = hex_to_bin(s[i]);
		if (x < 0)
			return -EINVAL;
		nib[b++] = x;
	}
	for (i = 0; i < 16; i++)
		uuid[i] = nib[2 * i] << 4 | nib[2 * i + 1];
	return 0;
}

/* 1..XTRAIL_VM_NAME_MAX bytes of printable ASCII; NUL padded. */
int xtrail_vmid_parse_name(const char *s, char name[XTRAIL_VM_NAME_MAX])
{
	size_t i, n = strnlen(s, XTRAIL_VM_NAME_MAX + 1);

	memset(name, 0, XTRAIL_VM_NAME_MAX);
	if (n == 0 || n > XTRAIL_VM_NAME_MAX)
		return -EINVAL;
	for (i = 0; i < n; i++)
		if (s[i] < 0x20 || s[i] > 0x7e)
			return -EINVAL;
	memcpy(name, s, n);
	return 0;
}

/* Exactly six pairs of hex digits separated by colons. */
int xtrail_vmid_parse_mac(const char *s, u8 mac[6])
{
	unsigned int i;
	int hi, lo;

	memset(mac, 0, 6);
	if (strnlen(s, XTRAIL_VMID_MAC_LEN + 1) != XTRAIL_VMID_MAC_LEN)
		return -EINVAL;
	for (i = 0; i < 6; i++) {
		hi = hex_to_bin(s[3 * i]);
		lo = hex_to_bin(s[3 * i + 1]);
		if (hi < 0 || lo < 0 || (i < 5 && s[3 * i + 2] != ':'))
			goto bad;
		mac[i] = hi << 4 | lo;
	}
	return 0;
bad:
	memset(mac, 0, 6);
	return -EINVAL;
}

/*
 * The toolstack's ip: addresses separated by blanks, so hex digits, '.',
 * ':', '/' and ' ' only, shorter than XTRAIL_VM_IP_MAX (NUL padded).
 * Empty is fine (no address set).
 */
int xtrail_vmid_parse_ip(const char *s, char ip[XTRAIL_VM_IP_MAX])
{
	size_t i, n = strnlen(s, XTRAIL_VM_IP_MAX);

	memset(ip, 0, XTRAIL_VM_IP_MAX);
	if (n >= XTRAIL_VM_IP_MAX)
		return -EINVAL;
	for (i = 0; i < n; i++)
		if (!isxdigit(s[i]) && !strchr(".:/ ", s[i]))
			return -EINVAL;
	memcpy(ip, s, n);
	return 0;
}
