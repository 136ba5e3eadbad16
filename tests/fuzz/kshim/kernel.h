/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Just enough of the kernel's API to build dom0-module/consumer.c, as it
 * is, into a userspace fuzzer. The fuzzer is single-threaded and its
 * "guest" only acts between two records (from the deliver callback), so
 * the barriers need only stop the compiler.
 *
 * consumer.c is compiled with -I kshim, where <linux/slab.h>,
 * <linux/string.h> and <asm/barrier.h> are stand-ins that include this
 * file; every other header is the real one (xtrail_ring.h takes its
 * userspace branch, <linux/types.h> is the UAPI one). A kernel API that
 * consumer.c starts to use and this file lacks breaks the fuzz build
 * rather than being guessed at.
 */
#ifndef XTRAIL_FUZZ_KERNEL_H
#define XTRAIL_FUZZ_KERNEL_H

#include <endian.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <linux/types.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;

#define le16_to_cpu(x)		le16toh(x)
#define le32_to_cpu(x)		le32toh(x)
#define le64_to_cpu(x)		le64toh(x)
#define cpu_to_le16(x)		htole16(x)
#define cpu_to_le32(x)		htole32(x)
#define cpu_to_le64(x)		htole64(x)

#define READ_ONCE(x)		(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, val)	(*(volatile __typeof__(x) *)&(x) = (val))
/* Compiler barriers only: the fuzzer's guest runs in the same thread. */
#define virt_rmb()		__atomic_signal_fence(__ATOMIC_SEQ_CST)
/* Same: nothing runs between the consumer's steps but its callback. */
#define virt_mb()		__atomic_signal_fence(__ATOMIC_SEQ_CST)

#define GFP_KERNEL		0
#define kmalloc(size, gfp)	malloc(size)
#define kfree(p)		free(p)

#endif /* XTRAIL_FUZZ_KERNEL_H */
