/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * F3's cryptography, all of it libsodium's: the hash chain, the sealing
 * keys and the MAC of a seal, and each segment's encryption key (drawn,
 * wrapped to the auditor, and its secretstream). f3_format.h says what
 * each of them covers.
 */
#ifndef XTRAIL_F3_CRYPTO_H
#define XTRAIL_F3_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#include <sodium.h>

#include "f3_format.h"

_Static_assert(crypto_secretstream_xchacha20poly1305_HEADERBYTES ==
	       F3_SS_HEADER_LEN, "secretstream header");
_Static_assert(crypto_secretstream_xchacha20poly1305_ABYTES == F3_ABYTES,
	       "secretstream abytes");
_Static_assert(crypto_secretstream_xchacha20poly1305_KEYBYTES == F3_KEY_LEN,
	       "secretstream key");
_Static_assert(crypto_box_SEALBYTES + F3_KEY_LEN == F3_WRAPPED_KEY_LEN,
	       "wrapped key");
_Static_assert(crypto_box_PUBLICKEYBYTES == F3_KEY_LEN, "box key");
_Static_assert(crypto_box_SECRETKEYBYTES == F3_KEY_LEN, "box key");

/* xt_f3_sodium_init(): sodium_init(); 0 or -1. */
int xt_f3_sodium_init(void);
/* The chain head before the first segment of log @seq_id. */
void xt_f3_chain_init(uint8_t h[F3_HASH], const uint8_t seq_id[F3_ID_LEN]);
/* h = BLAKE2b-256(h || @n bytes at @p). */
void xt_f3_chain_step(uint8_t h[F3_HASH], const void *p, size_t n);
/* k = BLAKE2b-256(k || "evolve"): the next sealing key, in place. */
void xt_f3_key_evolve(uint8_t k[F3_KEY_LEN]);
/* The MAC of seal @s (its first F3_SEAL_MACED bytes and chain) under @key. */
void xt_f3_seal_mac(uint8_t mac[F3_HASH], const uint8_t key[F3_KEY_LEN],
		    const uint8_t seq_id[F3_ID_LEN], const struct f3_seal *s);
/* The additional data of an encrypted frame at @seq of segment @segment_no. */
void xt_f3_frame_ad(struct f3_frame_ad *ad, const uint8_t seq_id[F3_ID_LEN],
		    uint64_t segment_no, uint64_t seq);
/* First 8 bytes of BLAKE2b-256(@pk). */
void xt_f3_key_id(uint8_t id[F3_KEY_ID_LEN], const uint8_t pk[F3_KEY_LEN]);
/* The public key of the secret key @sk. */
void xt_f3_public_key(uint8_t pk[F3_KEY_LEN], const uint8_t sk[F3_KEY_LEN]);

/*
 * A new segment key for the header @h: drawn, its stream started in @ss
 * (header in h->ss_header), wrapped to @auditor_pk (h->wrapped_key,
 * h->key_id), and wiped. 0, or -1 with errno EINVAL.
 */
int xt_f3_seg_key_wrap(crypto_secretstream_xchacha20poly1305_state *ss,
		       struct f3_seg_hdr *h,
		       const uint8_t auditor_pk[F3_KEY_LEN]);

enum f3_unwrap {
	F3_UNWRAP_OK,
	F3_UNWRAP_OTHER_KEY,	/* h->key_id is another auditor key's */
	F3_UNWRAP_FAILED,	/* the wrapped key does not open */
	F3_UNWRAP_STREAM,	/* bad stream header */
};

/* Unwrap the segment key of @h with the auditor's keys, start @ss. */
enum f3_unwrap
xt_f3_seg_key_unwrap(crypto_secretstream_xchacha20poly1305_state *ss,
		     const struct f3_seg_hdr *h, const uint8_t pk[F3_KEY_LEN],
		     const uint8_t sk[F3_KEY_LEN]);

/* Encrypt @len bytes at @in (with @adlen bytes of additional data) to @out. */
void xt_f3_stream_push(crypto_secretstream_xchacha20poly1305_state *ss,
		       uint8_t *out, const void *in, size_t len,
		       const uint8_t *ad, size_t adlen);
/* Decrypt one message (tag MESSAGE); 0 or -1. */
int xt_f3_stream_pull(crypto_secretstream_xchacha20poly1305_state *ss,
		      uint8_t *out, unsigned long long *mlen, const uint8_t *in,
		      size_t inlen, const uint8_t *ad, size_t adlen);

#endif /* XTRAIL_F3_CRYPTO_H */
