// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * F3's cryptography (libsodium): the hash chain, sealing keys and seal
 * MACs, and the segment keys with their secretstreams.
 */
#include <errno.h>
#include <string.h>

#include "f3_crypto.h"

static const char chain_label[] = F3_CHAIN_LABEL;
static const char seal_label[] = F3_SEAL_LABEL;
static const char evolve_label[] = F3_EVOLVE_LABEL;

int xt_f3_sodium_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

void xt_f3_chain_init(uint8_t h[F3_HASH], const uint8_t seq_id[F3_ID_LEN])
{
	crypto_generichash_state st;

	crypto_generichash_init(&st, NULL, 0, F3_HASH);
	crypto_generichash_update(&st, (const uint8_t *)chain_label,
				  sizeof(chain_label) - 1);
	crypto_generichash_update(&st, seq_id, F3_ID_LEN);
	crypto_generichash_final(&st, h, F3_HASH);
}

void xt_f3_chain_step(uint8_t h[F3_HASH], const void *p, size_t n)
{
	crypto_generichash_state st;

	crypto_generichash_init(&st, NULL, 0, F3_HASH);
	crypto_generichash_update(&st, h, F3_HASH);
	crypto_generichash_update(&st, p, n);
	crypto_generichash_final(&st, h, F3_HASH);
}

void xt_f3_key_evolve(uint8_t k[F3_KEY_LEN])
{
	uint8_t in[F3_KEY_LEN + sizeof(evolve_label) - 1];

	memcpy(in, k, F3_KEY_LEN);
	memcpy(in + F3_KEY_LEN, evolve_label, sizeof(evolve_label) - 1);
	crypto_generichash(k, F3_KEY_LEN, in, sizeof(in), NULL, 0);
	sodium_memzero(in, sizeof(in));
}

void xt_f3_seal_mac(uint8_t mac[F3_HASH], const uint8_t key[F3_KEY_LEN],
		    const uint8_t seq_id[F3_ID_LEN], const struct f3_seal *s)
{
	crypto_generichash_state st;

	crypto_generichash_init(&st, key, F3_KEY_LEN, F3_HASH);
	crypto_generichash_update(&st, (const uint8_t *)seal_label,
				  sizeof(seal_label) - 1);
	crypto_generichash_update(&st, seq_id, F3_ID_LEN);
	crypto_generichash_update(&st, (const uint8_t *)s, F3_SEAL_MACED);
	crypto_generichash_update(&st, s->chain, F3_HASH);
	crypto_generichash_final(&st, mac, F3_HASH);
}

void xt_f3_frame_ad(struct f3_frame_ad *ad, const uint8_t seq_id[F3_ID_LEN],
		    uint64_t segment_no, uint64_t seq)
{
	memcpy(ad->seq_id, seq_id, F3_ID_LEN);
	ad->segment_no = xt_cpu64(segment_no);
	ad->seq = xt_cpu64(seq);
}

void xt_f3_key_id(uint8_t id[F3_KEY_ID_LEN], const uint8_t pk[F3_KEY_LEN])
{
	uint8_t h[F3_HASH];

	crypto_generichash(h, sizeof(h), pk, F3_KEY_LEN, NULL, 0);
	memcpy(id, h, F3_KEY_ID_LEN);
}

void xt_f3_public_key(uint8_t pk[F3_KEY_LEN], const uint8_t sk[F3_KEY_LEN])
{
	crypto_scalarmult_base(pk, sk);
}

int xt_f3_seg_key_wrap(crypto_secretstream_xchacha20poly1305_state *ss,
		       struct f3_seg_hdr *h,
		       const uint8_t auditor_pk[F3_KEY_LEN])
{
	uint8_t key[F3_KEY_LEN];

	crypto_secretstream_xchacha20poly1305_keygen(key);
	crypto_secretstream_xchacha20poly1305_init_push(ss, h->ss_header, key);
	if (crypto_box_seal(h->wrapped_key, key, F3_KEY_LEN, auditor_pk)) {
		sodium_memzero(key, sizeof(key));
		errno = EINVAL;
		return -1;
	}
	sodium_memzero(key, sizeof(key));
	xt_f3_key_id(h->key_id, auditor_pk);
	return 0;
}

enum f3_unwrap
xt_f3_seg_key_unwrap(crypto_secretstream_xchacha20poly1305_state *ss,
		     const struct f3_seg_hdr *h, const uint8_t pk[F3_KEY_LEN],
		     const uint8_t sk[F3_KEY_LEN])
{
	uint8_t id[F3_KEY_ID_LEN], key[F3_KEY_LEN];

	xt_f3_key_id(id, pk);
	if (memcmp(id, h->key_id, F3_KEY_ID_LEN))
		return F3_UNWRAP_OTHER_KEY;
	if (crypto_box_seal_open(key, h->wrapped_key, F3_WRAPPED_KEY_LEN, pk,
				 sk))
		return F3_UNWRAP_FAILED;
	if (crypto_secretstream_xchacha20poly1305_init_pull(ss, h->ss_header,
							    key)) {
		sodium_memzero(key, sizeof(key));
		return F3_UNWRAP_STREAM;
	}
	sodium_memzero(key, sizeof(key));
	return F3_UNWRAP_OK;
}

void xt_f3_stream_push(crypto_secretstream_xchacha20poly1305_state *ss,
		       uint8_t *out, const void *in, size_t len,
		       const uint8_t *ad, size_t adlen)
{
	crypto_secretstream_xchacha20poly1305_push(ss, out, NULL, in, len, ad,
		adlen, crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
}

int xt_f3_stream_pull(crypto_secretstream_xchacha20poly1305_state *ss,
		      uint8_t *out, unsigned long long *mlen, const uint8_t *in,
		      size_t inlen, const uint8_t *ad, size_t adlen)
{
	uint8_t tag;

	if (!crypto_secretstream_xchacha20poly1305_pull(ss, out, mlen, &tag,
							in, inlen, ad, adlen) &&
	    tag == crypto_secretstream_xchacha20poly1305_TAG_MESSAGE)
		return 0;
	return -1;
}
