/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CRC32C (Castagnoli, reflected polynomial 0x82f63b78), the checksum of F3
 * frames. Same result as iSCSI, ext4 metadata and the Linux kernel's
 * xt_crc32c() wrapped in the usual ~crc pre- and post-conditioning:
 * xt_crc32c("123456789") == 0xe3069283.
 */
#ifndef XTRAIL_CRC32C_H
#define XTRAIL_CRC32C_H

#include <stddef.h>
#include <stdint.h>

/*
 * Continue a CRC32C: @crc is the result over the preceding bytes (0 for
 * none), like zlib's crc32(). Thread safe.
 */
uint32_t xt_crc32c_update(uint32_t crc, const void *buf, size_t len);

/* The portable table version, and whether xt_crc32c_update() uses the CPU's. */
uint32_t xt_crc32c_update_sw(uint32_t crc, const void *buf, size_t len);
int xt_crc32c_hw_used(void);

static inline uint32_t xt_crc32c(const void *buf, size_t len)
{
	return xt_crc32c_update(0, buf, len);
}

#endif /* XTRAIL_CRC32C_H */
