/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How the fuzzers that need more than a record read their input, shared
 * with make_corpus.c, which writes the seeds. Little-endian, packed by
 * construction (natural alignment, no holes).
 */
#ifndef XTRAIL_FUZZ_INPUT_H
#define XTRAIL_FUZZ_INPUT_H

#include <stdint.h>
#include <string.h>
#include <linux/types.h>

#include <sodium.h>

/*
 * fuzz_ring: struct ring_in, then ring_in.nstep struct ring_step, then the
 * bytes of the data area from the consumer index on (the rest is zero).
 * The guest acts at each delivery (a step) and, once, in the middle of the
 * consumer's copies (the race; race_call 0: none).
 */
#define RING_MAX_STEPS	8

struct ring_in {
	uint8_t order;		/* bit 0: ring order 3 or 4 */
	uint8_t budget;		/* records per xtrail_consume() call, less 1 */
	uint8_t nstep;		/* guest steps, mod RING_MAX_STEPS + 1 */
	uint8_t nr_rings;	/* the source's rings, mod XTRAIL_RINGS_MAX, + 1 */
	__le32 cons;		/* consumer index in the index page at connect */
	__le32 used;		/* prod - cons at connect */
	uint8_t ring;		/* this ring, mod the number of rings */
	uint8_t race_call;	/* the race comes after the consumer's nth copy */
	__le16 race_off;	/* ring byte it rewrites, from the consumer index */
	uint8_t race_val;	/* its new value */
	uint8_t pad[3];
};

/* What the guest does at each delivery, once the record is checked. */
struct ring_step {
	__le32 prod_add;	/* added to prod */
	__le16 poke_off;	/* data byte to rewrite, from the consumer index */
	uint8_t poke_val;	/* its new value */
	uint8_t refuse;		/* bit 0: the sink is full for this record */
};

/*
 * fuzz_encode: struct encode_in, then the filename bytes, then the argv
 * bytes; where the input runs out, the fill byte stands in.
 */
#define IN_FN_TRUNC	0x01
#define IN_ARGV_TRUNC	0x02
#define IN_ARGV_FAULT	0x04
#define IN_TS_XEN	0x08

struct encode_in {
	uint8_t flags;		/* IN_* */
	uint8_t fill;		/* stands in for missing input bytes */
	__le16 fn_len;		/* mod XTRAIL_PATH_MAX + 1 */
	__le16 argv_len;	/* mod XTRAIL_ARGV_LIMIT + 1 */
	__le16 pad;
	__le32 argc_total;
};

/*
 * fuzz_f3 and its seeds: the auditor's key pair and the initial sealing
 * key of the test logs (fixed, so that the fuzzer's reader has them).
 */
static inline void fz_test_keys(uint8_t pk[32], uint8_t sk[32],
				uint8_t seal_key[32])
{
	uint8_t seed[crypto_box_SEEDBYTES];

	memset(seed, 0x11, sizeof(seed));
	crypto_box_seed_keypair(pk, sk, seed);
	memset(seal_key, 0x5a, 32);
}

_Static_assert(sizeof(struct ring_in) == 20, "ring_in size");
_Static_assert(sizeof(struct ring_step) == 8, "ring_step size");
_Static_assert(sizeof(struct encode_in) == 12, "encode_in size");

#endif /* XTRAIL_FUZZ_INPUT_H */
