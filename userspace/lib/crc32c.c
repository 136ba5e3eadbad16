// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * CRC32C, slice-by-8: eight 256-entry tables built once at first use, then
 * eight bytes per step. Byte order independent: the 8-byte loads are
 * converted from little-endian. On x86-64 with SSE4.2 the CPU's crc32
 * instruction does it instead (the same function), chosen at run time.
 */
#include <endian.h>
#include <string.h>
#include <threads.h>

#include "crc32c.h"

#define CRC32C_POLY	0x82f63b78u

static uint32_t crc_tab[8][256];
static once_flag crc_once = ONCE_FLAG_INIT;

static void crc32c_init(void)
{
	uint32_t c;
	int i, j;

	for (i = 0; i < 256; i++) {
		c = i;
		for (j = 0; j < 8; j++)
			c = (c >> 1) ^ (c & 1 ? CRC32C_POLY : 0);
		crc_tab[0][i] = c;
	}
	for (i = 0; i < 256; i++) {
		c = crc_tab[0][i];
		for (j = 1; j < 8; j++) {
			c = (c >> 8) ^ crc_tab[0][c & 0xff];
			crc_tab[j][i] = c;
		}
	}
}

uint32_t xt_crc32c_update_sw(uint32_t crc, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	uint32_t lo, hi;

	call_once(&crc_once, crc32c_init);
	crc = ~crc;
	while (len >= 8) {
		memcpy(&lo, p, 4);
		memcpy(&hi, p + 4, 4);
		lo = le32toh(lo) ^ crc;
		hi = le32toh(hi);
		crc = crc_tab[7][lo & 0xff] ^
		      crc_tab[6][(lo >> 8) & 0xff] ^
		      crc_tab[5][(lo >> 16) & 0xff] ^
		      crc_tab[4][lo >> 24] ^
		      crc_tab[3][hi & 0xff] ^
		      crc_tab[2][(hi >> 8) & 0xff] ^
		      crc_tab[1][(hi >> 16) & 0xff] ^
		      crc_tab[0][hi >> 24];
		p += 8;
		len -= 8;
	}
	while (len--)
		crc = crc_tab[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

#if defined(__x86_64__)
__attribute__((target("sse4.2")))
static uint32_t crc32c_hw(uint32_t crc, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	uint64_t c = ~crc, v;

	while (len >= 8) {
		memcpy(&v, p, 8);
		c = __builtin_ia32_crc32di(c, v);
		p += 8;
		len -= 8;
	}
	while (len--)
		c = __builtin_ia32_crc32qi((uint32_t)c, *p++);
	return ~(uint32_t)c;
}

static int have_hw = -1;

int xt_crc32c_hw_used(void)
{
	if (have_hw < 0)
		have_hw = __builtin_cpu_supports("sse4.2");
	return have_hw;
}

uint32_t xt_crc32c_update(uint32_t crc, const void *buf, size_t len)
{
	if (xt_crc32c_hw_used())
		return crc32c_hw(crc, buf, len);
	return xt_crc32c_update_sw(crc, buf, len);
}
#else
int xt_crc32c_hw_used(void)
{
	return 0;
}

uint32_t xt_crc32c_update(uint32_t crc, const void *buf, size_t len)
{
	return xt_crc32c_update_sw(crc, buf, len);
}
#endif
