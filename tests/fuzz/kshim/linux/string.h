/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stand-in for the kernel's <linux/string.h>: see ../kernel.h.
 *
 * In consumer.c every memcpy() copies out of the guest's pages (they are
 * the ones in xtrail_ring_read()). fuzz_ring's fz_guest_memcpy() does the
 * copy and may then let the guest rewrite a byte of the ring, as a guest
 * on another CPU could between the consumer's two copies of a record.
 */
#include "../kernel.h"

void *fz_guest_memcpy(void *dst, const void *src, size_t n);
#define memcpy(dst, src, n)	fz_guest_memcpy(dst, src, n)
