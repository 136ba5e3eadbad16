// SPDX-License-Identifier: GPL-2.0
/*
 * Datagram destinations, recorded once per destination per socket rather
 * than once per datagram: a cache of the (socket, destination) pairs
 * already recorded, preallocated at load and lock-free.
 *
 * A pair is a 64-bit SipHash fingerprint (keyed at load, so a guest user
 * cannot aim for collisions) of the socket (its struct sock address and
 * its inode number, so that a new socket at a recycled address is a new
 * socket), the address family, the destination address and its port.
 * The cache is set-associative: XTRAIL_DEDUP_SETS sets of
 * XTRAIL_DEDUP_WAYS fingerprints. A probe reads the set; a new pair takes
 * an empty way with cmpxchg(), or, when the set is full, overwrites one
 * (the cache "overflows"): the destination it held is forgotten and will
 * be recorded again at its next datagram, so every destination of every
 * socket is still recorded at least once. The record that caused the
 * eviction says so (XTRAIL_NET_DEDUP_EVICT). Fingerprints of closed
 * sockets are never looked up again and age out the same way.
 */
#include <linux/log2.h>
#include <linux/moduleparam.h>
#include <linux/random.h>
#include <linux/siphash.h>
#include <linux/string.h>

#include "xtrail_proto.h"
#include "dedup.h"

#define XTRAIL_DEDUP_SETS	512	/* power of 2 */
#define XTRAIL_DEDUP_WAYS	8

static unsigned int dedup_sets = XTRAIL_DEDUP_SETS;
module_param(dedup_sets, uint, 0);
MODULE_PARM_DESC(dedup_sets, "sets of 8 datagram destinations remembered (power of 2, 1..512; the lab uses 1 to overflow it)");

static u64 xtrail_dedup_tab[XTRAIL_DEDUP_SETS][XTRAIL_DEDUP_WAYS];
static siphash_key_t xtrail_dedup_key;

static u64 xtrail_dedup_fp(unsigned long sk, unsigned long ino, u32 family,
			   const u8 *daddr, u16 dport)
{
	struct {
		u64 sk;
		u64 ino;
		u32 family;
		u16 dport;
		u16 pad;
		u8 daddr[16];
	} k;
	u64 fp;

	memset(&k, 0, sizeof(k));
	k.sk = sk;
	k.ino = ino;
	k.family = family;
	k.dport = dport;
	memcpy(k.daddr, daddr, sizeof(k.daddr));
	fp = siphash(&k, sizeof(k), &xtrail_dedup_key);
	return fp ? fp : 1;	/* 0 marks an empty way */
}

enum xtrail_dedup_verdict xtrail_dedup(unsigned long sk, unsigned long ino,
				       u32 family, const u8 *daddr, u16 dport)
{
	u64 fp = xtrail_dedup_fp(sk, ino, family, daddr, dport);
	u64 *set = xtrail_dedup_tab[fp & (dedup_sets - 1)];
	unsigned int i;

	for (i = 0; i < XTRAIL_DEDUP_WAYS; i++)
		if (READ_ONCE(set[i]) == fp)
			return XTRAIL_DEDUP_SEEN;
	for (i = 0; i < XTRAIL_DEDUP_WAYS; i++)
		if (!READ_ONCE(set[i]) && !cmpxchg64(&set[i], 0, fp))
			return XTRAIL_DEDUP_NEW;
	/* Full: the way picked by other bits of the fingerprint goes. */
	WRITE_ONCE(set[(fp >> 32) % XTRAIL_DEDUP_WAYS], fp);
	return XTRAIL_DEDUP_EVICT;
}

int xtrail_dedup_init(void)
{
	if (!is_power_of_2(dedup_sets) || dedup_sets > XTRAIL_DEDUP_SETS) {
		pr_err("dedup_sets: %u is not a power of 2 in 1..%u\n",
		       dedup_sets, XTRAIL_DEDUP_SETS);
		return -EINVAL;
	}
	memset(xtrail_dedup_tab, 0, sizeof(xtrail_dedup_tab));
	get_random_bytes(&xtrail_dedup_key, sizeof(xtrail_dedup_key));
	return 0;
}

void xtrail_dedup_uninit(void)
{
	/* Nothing allocated: the table is static. */
}
