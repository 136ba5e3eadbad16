// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The F3 reader and verifier: segment headers, record, block, seal and
 * mark frames, checked in order; the layout is f3_format.h.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "crc32c.h"
#include "f3_crypto.h"
#include "f3_reader.h"
#include "f3_segment.h"

static enum f3_status f3_fail(struct f3_reader *r, enum f3_status err,
			      uint64_t off, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static enum f3_status f3_fail(struct f3_reader *r, enum f3_status err,
			      uint64_t off, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->reason, sizeof(r->reason), fmt, ap);
	va_end(ap);
	r->err = err;
	r->err_off = off;
	return err;
}

static enum f3_status f3_read_err(struct f3_reader *r, uint64_t off)
{
	return f3_fail(r, F3_ERR_IO, off, "read error: %s",
		       strerror(errno ? errno : EIO));
}

static int all_zero(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++)
			return 0;
	return 1;
}

/* A segment header of another format version than F3_VERSION. */
static enum f3_status version_fail(struct f3_reader *r, uint32_t v,
				   uint64_t off)
{
	if (v >= F3_VERSION_OLDEST && v < F3_VERSION)
		return f3_fail(r, F3_ERR_VERSION, off,
			       "F3 format version %" PRIu32
			       " is no longer read (this xtrail reads version %d: older versions leave a frame's sequence number outside the encryption's authentication and do not record the seal policy); verify it with the xtrail that wrote it",
			       v, F3_VERSION);
	return f3_fail(r, F3_ERR_VERSION, off,
		       "unsupported version %" PRIu32, v);
}

/*
 * @n more records read: fail if that makes more since the latest seal
 * than its policy allows (seals were removed).
 */
static enum f3_status count_unsealed(struct f3_reader *r, uint64_t n,
				     uint64_t off)
{
	r->unsealed += n;
	if (!r->seal_limit || r->unsealed <= r->seal_limit)
		return F3_OK;
	if (r->seal_seen)
		return f3_fail(r, F3_ERR_SEAL, off,
			       "segment %" PRIu64 ": %" PRIu64
			       " records since seal %" PRIu64
			       " but its policy is a seal at least every %" PRIu64
			       " records: seals after epoch %" PRIu64 " were removed",
			       r->segment_no, r->unsealed, r->next_epoch - 1,
			       r->seal_limit, r->next_epoch - 1);
	return f3_fail(r, F3_ERR_SEAL, off,
		       "segment %" PRIu64 ": %" PRIu64
		       " records without a seal but the policy is a seal at least every %" PRIu64
		       " records: seals were removed",
		       r->segment_no, r->unsealed, r->seal_limit);
}

static void check_anchor(struct f3_reader *r)
{
	struct f3_pins *p = &r->pins;

	if (p->have_anchor && !p->anchor_hit && r->have_log &&
	    r->next_seq == p->anchor.seq &&
	    !sodium_memcmp(r->chain, p->anchor.chain, F3_HASH))
		p->anchor_hit = 1;
}

/* The checks of segment header @h at @off that need nothing before it. */
static enum f3_status seg_hdr_check(struct f3_reader *r,
				    const struct f3_seg_hdr *h, uint64_t off)
{
	uint32_t crc, inc;

	if (xt_le32(h->version) != F3_VERSION)
		return version_fail(r, xt_le32(h->version), off);
	if (xt_le32(h->header_size) != F3_HDR_SIZE)
		return f3_fail(r, F3_ERR_VERSION, off,
			       "unsupported header size %" PRIu32,
			       xt_le32(h->header_size));
	crc = xt_crc32c(h, F3_HDR_CRC_OFF);
	if (crc != xt_le32(h->crc))
		return f3_fail(r, F3_ERR_CRC, off,
			       "segment header: bad crc (stored 0x%08" PRIx32
			       ", computed 0x%08" PRIx32 ")",
			       xt_le32(h->crc), crc);
	inc = xt_le32(h->incompat);
	if (inc & ~F3_INCOMPAT_KNOWN)
		return f3_fail(r, F3_ERR_VERSION, off,
			       "segment header: unknown incompatible flags 0x%" PRIx32,
			       inc & ~F3_INCOMPAT_KNOWN);
	if (!xt_f3_seg_state_dec(xt_le32(h->state)))
		return f3_fail(r, F3_ERR_FORMAT, off,
			       "segment header: bad state 0x%08" PRIx32,
			       xt_le32(h->state));
	if (!all_zero(h->reserved, sizeof(h->reserved)))
		return f3_fail(r, F3_ERR_FORMAT, off,
			       "segment header: reserved bytes not zero");
	return F3_OK;
}

/*
 * Segment header @h at @off continues the log read so far, or (the first
 * header read) starts it: the log's id, chain and sequence are taken.
 */
static enum f3_status seg_hdr_follow(struct f3_reader *r,
				     const struct f3_seg_hdr *h, uint64_t off)
{
	uint64_t segno = xt_le64(h->segment_no), first = xt_le64(h->first_seq);
	uint8_t want[F3_HASH];

	if (r->have_log) {
		if (memcmp(h->seq_id, r->seq_id, F3_ID_LEN))
			return f3_fail(r, F3_ERR_SEQ, off,
				       "segment %" PRIu64 " belongs to another log (sequence id differs)",
				       segno);
		if (segno != r->segment_no + 1)
			return f3_fail(r, F3_ERR_SEQ, off,
				       "segment %" PRIu64 " follows segment %" PRIu64
				       " (segments missing or out of order)",
				       segno, r->segment_no);
		if (first != r->next_seq)
			return f3_fail(r, F3_ERR_SEQ, off,
				       "segment %" PRIu64 " starts at sequence %" PRIu64
				       ", expected %" PRIu64, segno, first,
				       r->next_seq);
		if (sodium_memcmp(h->chain_in, r->chain, F3_HASH))
			return f3_fail(r, F3_ERR_CHAIN, off,
				       "segment %" PRIu64 ": chain does not continue the previous segment",
				       segno);
		return F3_OK;
	}
	if (r->require_start && segno)
		return f3_fail(r, F3_ERR_SEQ, off,
			       "the log starts at segment %" PRIu64
			       ": segments 0..%" PRIu64 " are missing",
			       segno, segno - 1);
	if (!segno) {
		xt_f3_chain_init(want, h->seq_id);
		if (first || sodium_memcmp(want, h->chain_in, F3_HASH))
			return f3_fail(r, F3_ERR_CHAIN, off,
				       "segment 0: bad initial chain or sequence");
		r->next_epoch = 0;
		r->seal_seen = 0;
	}
	memcpy(r->seq_id, h->seq_id, F3_ID_LEN);
	memcpy(r->chain, h->chain_in, F3_HASH);
	r->next_seq = first;
	r->start_seq = first;
	r->have_log = 1;
	return F3_OK;
}

/* The segment header now in r->frame (F3_HDR_SIZE bytes) at r->off. */
static enum f3_status seg_hdr(struct f3_reader *r)
{
	struct f3_seg_hdr h;
	uint64_t off = r->off;
	enum f3_status st;

	memcpy(&h, r->frame, sizeof(h));
	st = seg_hdr_check(r, &h, off);
	if (st == F3_OK)
		st = seg_hdr_follow(r, &h, off);
	if (st != F3_OK)
		return st;
	xt_f3_chain_step(r->chain, &h, F3_HDR_CRC_OFF);
	r->segment_no = xt_le64(h.segment_no);
	r->seg_off = off;
	r->seg_state = xt_f3_seg_state_dec(xt_le32(h.state));
	r->seg_incompat = xt_le32(h.incompat);
	/* Before any seal, the headers say the policy; after, the seals do. */
	if (!r->seal_seen)
		r->seal_limit = xt_le64(h.seal_records);
	memcpy(&r->cur, &h, sizeof(h));
	if (r->ss_ok)
		sodium_memzero(&r->ss, sizeof(r->ss));
	r->ss_ok = 0;
	r->in_seg = 1;
	r->segments++;
	r->off += F3_HDR_SIZE;
	check_anchor(r);
	return F3_OK;
}

/* Open the current segment's key with the auditor's key. */
static enum f3_status seg_open_key(struct f3_reader *r, uint64_t off)
{
	switch (xt_f3_seg_key_unwrap(&r->ss, &r->cur, r->auditor_pk,
				     r->auditor_sk)) {
	case F3_UNWRAP_OK:
		break;
	case F3_UNWRAP_OTHER_KEY:
		return f3_fail(r, F3_ERR_KEY, off,
			       "segment %" PRIu64 " is encrypted to another auditor key",
			       r->segment_no);
	case F3_UNWRAP_FAILED:
		return f3_fail(r, F3_ERR_DECRYPT, off,
			       "segment %" PRIu64 ": the sealed segment key does not open",
			       r->segment_no);
	case F3_UNWRAP_STREAM:
		return f3_fail(r, F3_ERR_DECRYPT, off,
			       "segment %" PRIu64 ": bad stream header",
			       r->segment_no);
	}
	r->ss_ok = 1;
	return F3_OK;
}

static enum f3_status seal_frame(struct f3_reader *r,
				 const struct f3_frame_hdr *fh, uint32_t l)
{
	struct f3_seal s;
	uint8_t mac[F3_HASH];
	uint64_t off = r->off, epoch;
	char why[sizeof(r->reason)];

	if (xt_le32(fh->dlen) != sizeof(s))
		return f3_fail(r, F3_ERR_FORMAT, off, "seal of %" PRIu32
			       " bytes", xt_le32(fh->dlen));
	memcpy(&s, r->frame + F3_FRAME_HDR, sizeof(s));
	epoch = xt_le64(s.epoch);
	if (xt_le64(s.seq) != r->next_seq || xt_le64(fh->seq) != r->next_seq)
		return f3_fail(r, F3_ERR_SEQ, off,
			       "seal at sequence %" PRIu64 ", expected %" PRIu64,
			       xt_le64(s.seq), r->next_seq);
	if (xt_le64(s.segment_no) != r->segment_no)
		return f3_fail(r, F3_ERR_SEQ, off,
			       "seal %" PRIu64 " says segment %" PRIu64
			       " but is in segment %" PRIu64, epoch,
			       xt_le64(s.segment_no), r->segment_no);
	if (sodium_memcmp(s.chain, r->chain, F3_HASH))
		return f3_fail(r, F3_ERR_CHAIN, off,
			       "seal %" PRIu64 ": the chain does not match the records before it (altered or removed)",
			       epoch);
	if ((r->segment_no == 0 || r->seal_seen || r->require_start) &&
	    epoch != r->next_epoch)
		return f3_fail(r, F3_ERR_SEAL, off,
			       "seal epoch %" PRIu64 ", expected %" PRIu64
			       " (seals removed, or sealed with a later key)",
			       epoch, r->next_epoch);
	if (r->have_seal_key) {
		if (epoch < r->seal_key_epoch)
			return f3_fail(r, F3_ERR_SEAL, off,
				       "seal epoch %" PRIu64 " goes backwards",
				       epoch);
		while (r->seal_key_epoch < epoch) {
			xt_f3_key_evolve(r->seal_key);
			r->seal_key_epoch++;
		}
		xt_f3_seal_mac(mac, r->seal_key, r->seq_id, &s);
		if (sodium_memcmp(mac, s.mac, F3_HASH))
			return f3_fail(r, F3_ERR_SEAL, off,
				       "seal %" PRIu64 ": bad MAC (records before it altered, or not sealed with key %" PRIu64 ")",
				       epoch, epoch);
	}
	if (xt_f3_pins_seal(&r->pins, &s, r->segment_no, r->start_seq, why,
			    sizeof(why)))
		return f3_fail(r, F3_ERR_ANCHOR, off, "%s", why);
	xt_f3_chain_step(r->chain, r->frame, l);
	if (!r->seal_seen)
		r->first_epoch = epoch;
	r->seal_seen = 1;
	r->seal_limit = xt_le64(s.seal_records);
	r->unsealed = 0;
	r->last_seal_segment = r->segment_no;
	r->next_epoch = epoch + 1;
	r->last_seal_seq = r->next_seq;
	r->last_seal_off = off;
	memcpy(r->last_seal_mac, s.mac, F3_HASH);
	r->seals++;
	r->off += l;
	check_anchor(r);
	return F3_OK;
}

static enum f3_status mark_frame(struct f3_reader *r,
				 const struct f3_frame_hdr *fh, uint32_t l)
{
	struct f3_mark m;
	uint64_t off = r->off;
	uint32_t kind;

	if (xt_le32(fh->dlen) != sizeof(m))
		return f3_fail(r, F3_ERR_FORMAT, off, "mark of %" PRIu32
			       " bytes", xt_le32(fh->dlen));
	memcpy(&m, r->frame + F3_FRAME_HDR, sizeof(m));
	if (xt_le64(fh->seq) != r->next_seq)
		return f3_fail(r, F3_ERR_SEQ, off,
			       "mark at sequence %" PRIu64 ", expected %" PRIu64,
			       xt_le64(fh->seq), r->next_seq);
	kind = xt_le32(m.kind);
	if (m.reserved || (kind != F3_MARK_DISK_FULL &&
			   kind != F3_MARK_DISK_ERROR &&
			   kind != F3_MARK_UNREPLICATED) ||
	    m.action[sizeof(m.action) - 1])
		return f3_fail(r, F3_ERR_FORMAT, off, "bad failure marker");
	xt_f3_chain_step(r->chain, r->frame, l);
	r->marks++;
	if (r->on_mark)
		r->on_mark(r->mark_ctx, &m, off);
	r->off += l;
	check_anchor(r);
	return F3_OK;
}

/*
 * Make the segment's stream key ready for an encrypted @what ("record",
 * "block") at @off: F3_OK with r->ss_ok set, or with it clear when the
 * caller only skips the data (no_decrypt); F3_ERR_KEY without the key.
 */
static enum f3_status seg_key_ready(struct f3_reader *r, uint64_t off,
				    const char *what)
{
	enum f3_status st;

	if (!r->ss_ok && r->have_auditor) {
		st = seg_open_key(r, off);
		if (st != F3_OK)
			return st;
	}
	if (!r->ss_ok && !r->no_decrypt)
		return f3_fail(r, F3_ERR_KEY, off,
			       "encrypted %s: the auditor's secret key is needed",
			       what);
	return F3_OK;
}

/*
 * Decrypt one secretstream message. 0, or -1 with the stream state wiped:
 * after a failure there is no going on in this segment.
 */
static int ss_pull(struct f3_reader *r, uint8_t *out, unsigned long long *mlen,
		   const uint8_t *in, size_t inlen, const uint8_t *ad,
		   size_t adlen)
{
	if (!xt_f3_stream_pull(&r->ss, out, mlen, in, inlen, ad, adlen))
		return 0;
	sodium_memzero(&r->ss, sizeof(r->ss));
	r->ss_ok = 0;
	r->have_auditor = 0;
	return -1;
}

static enum f3_status record_frame(struct f3_reader *r,
				   const struct f3_frame_hdr *fh, uint32_t l,
				   const void **rec, uint32_t *len)
{
	uint64_t off = r->off;
	uint32_t dlen = xt_le32(fh->dlen);
	unsigned long long mlen;
	enum xtrail_verdict v;
	enum f3_status st;
	const uint8_t *p = r->frame + F3_FRAME_HDR;
	struct f3_frame_ad ad;

	if (xt_le64(fh->seq) != r->next_seq)
		return f3_fail(r, F3_ERR_SEQ, off,
			       "record sequence %" PRIu64 ", expected %" PRIu64,
			       xt_le64(fh->seq), r->next_seq);
	if (count_unsealed(r, 1, off) != F3_OK)
		return r->err;
	xt_f3_frame_ad(&ad, r->seq_id, r->segment_no, r->next_seq);
	if (r->seg_incompat & F3_INCOMPAT_ENCRYPTED) {
		/* The plaintext goes to r->rec: no more than a record. */
		if (dlen < F3_ABYTES + sizeof(struct xtrail_rec_hdr) ||
		    dlen - F3_ABYTES > XTRAIL_REC_MAX)
			return f3_fail(r, F3_ERR_FORMAT, off,
				       "encrypted record of %" PRIu32 " bytes",
				       dlen);
		st = seg_key_ready(r, off, "record");
		if (st != F3_OK)
			return st;
		if (!r->ss_ok) {
			*rec = NULL;
			*len = dlen - F3_ABYTES;
		} else {
			if (ss_pull(r, r->rec, &mlen, p, dlen,
				    (const uint8_t *)&ad, sizeof(ad)))
				return f3_fail(r, F3_ERR_DECRYPT, off,
					       "record %" PRIu64 ": decryption failed (altered, reordered or wrong key)",
					       r->next_seq);
			v = xtrail_rec_check(r->rec, mlen, 0);
			if (v != XTRAIL_OK)
				return f3_fail(r, F3_ERR_RECORD, off,
					       "invalid record: %s",
					       xtrail_verdict_str(v));
			*rec = r->rec;
			*len = mlen;
		}
	} else {
		v = xtrail_rec_check(p, dlen, 0);
		if (v != XTRAIL_OK)
			return f3_fail(r, F3_ERR_RECORD, off,
				       "invalid record: %s",
				       xtrail_verdict_str(v));
		memcpy(r->rec, p, dlen);
		*rec = r->rec;
		*len = dlen;
	}
	xt_f3_chain_step(r->chain, r->frame, l);
	r->next_seq++;
	r->frames++;
	r->off += l;
	check_anchor(r);
	return F3_OK;
}

/*
 * A block frame: decrypt (or copy) its records into r->blk and check
 * every one; xt_f3_next() then hands them out. Under no_decrypt without a
 * key, only their number is known (r->blk_nodata).
 */
static enum f3_status block_frame(struct f3_reader *r,
				  const struct f3_frame_hdr *fh, uint32_t l)
{
	uint64_t off = r->off;
	uint32_t dlen = xt_le32(fh->dlen), count, plen, pos, i, rl;
	const uint8_t *p = r->frame + F3_FRAME_HDR;
	int enc = r->seg_incompat & F3_INCOMPAT_ENCRYPTED;
	struct {
		struct f3_frame_ad place;
		uint8_t blk[F3_BLOCK_HDR];
	} ad;
	unsigned long long mlen;
	enum xtrail_verdict v;
	enum f3_status st;
	__le32 c, res;

	if (xt_le64(fh->seq) != r->next_seq)
		return f3_fail(r, F3_ERR_SEQ, off,
			       "block sequence %" PRIu64 ", expected %" PRIu64,
			       xt_le64(fh->seq), r->next_seq);
	if (dlen < F3_BLOCK_HDR + (enc ? F3_ABYTES : 0) +
		   sizeof(struct xtrail_rec_hdr))
		return f3_fail(r, F3_ERR_FORMAT, off, "block of %" PRIu32
			       " bytes", dlen);
	memcpy(&c, p, 4);
	memcpy(&res, p + 4, 4);
	count = xt_le32(c);
	plen = dlen - F3_BLOCK_HDR - (enc ? F3_ABYTES : 0);
	if (res || !count || plen > F3_BLOCK_MAX ||
	    count > plen / sizeof(struct xtrail_rec_hdr))
		return f3_fail(r, F3_ERR_FORMAT, off,
			       "bad block header (%" PRIu32 " records in %" PRIu32
			       " bytes)", count, plen);
	if (count_unsealed(r, count, off) != F3_OK)
		return r->err;
	xt_f3_frame_ad(&ad.place, r->seq_id, r->segment_no, r->next_seq);
	memcpy(ad.blk, p, F3_BLOCK_HDR);
	if (enc) {
		st = seg_key_ready(r, off, "block");
		if (st != F3_OK)
			return st;
		if (!r->ss_ok) {
			r->blk_nodata = count;
			goto done;
		}
		if (ss_pull(r, r->blk, &mlen, p + F3_BLOCK_HDR,
			    dlen - F3_BLOCK_HDR, (const uint8_t *)&ad,
			    sizeof(ad)))
			return f3_fail(r, F3_ERR_DECRYPT, off,
				       "block of records %" PRIu64 "..: decryption failed (altered, reordered or wrong key)",
				       r->next_seq);
	} else {
		memcpy(r->blk, p + F3_BLOCK_HDR, plen);
	}
	for (pos = 0, i = 0; i < count; i++, pos += rl) {
		if (plen - pos < sizeof(struct xtrail_rec_hdr))
			return f3_fail(r, F3_ERR_RECORD, off,
				       "block: record %" PRIu32 " of %" PRIu32
				       " missing", i, count);
		rl = xt_le32(((const struct xtrail_rec_hdr *)(r->blk + pos))->len);
		if (rl > plen - pos)
			rl = plen - pos;
		v = xtrail_rec_check(r->blk + pos, rl, 0);
		if (v != XTRAIL_OK)
			return f3_fail(r, F3_ERR_RECORD, off,
				       "block: record %" PRIu64 ": invalid: %s",
				       r->next_seq + i, xtrail_verdict_str(v));
	}
	if (pos != plen)
		return f3_fail(r, F3_ERR_RECORD, off,
			       "block: %" PRIu32 " bytes after its %" PRIu32
			       " records", plen - pos, count);
	r->blk_pos = 0;
	r->blk_end = plen;
done:
	xt_f3_chain_step(r->chain, r->frame, l);
	r->off += l;
	return F3_OK;
}

/* The next record of the current block; 0 if there is none. */
static int block_next(struct f3_reader *r, const void **rec, uint32_t *len)
{
	const struct xtrail_rec_hdr *h;

	if (r->blk_nodata) {
		r->blk_nodata--;
		*rec = NULL;
		*len = 0;
	} else if (r->blk_pos < r->blk_end) {
		h = (const struct xtrail_rec_hdr *)(r->blk + r->blk_pos);
		*rec = h;
		*len = xt_le32(h->len);
		r->blk_pos += *len;
	} else {
		return 0;
	}
	r->next_seq++;
	r->frames++;
	check_anchor(r);
	return 1;
}

/* Read @n more bytes into r->frame at @at; F3_OK or TRUNC/IO. */
static enum f3_status fill(struct f3_reader *r, size_t at, size_t n,
			   const char *what, size_t *got)
{
	size_t k;

	errno = 0;
	k = fread(r->frame + at, 1, n, r->f);
	*got = k;
	if (k < n) {
		if (ferror(r->f))
			return f3_read_err(r, r->off);
		return f3_fail(r, F3_ERR_TRUNC, r->off,
			       "truncated %s (%zu of %zu bytes)", what,
			       at + k, at + n);
	}
	return F3_OK;
}

/* A segment header, whose first @got bytes (the magic) are in r->frame. */
static enum f3_status read_seg_hdr(struct f3_reader *r, size_t got)
{
	enum f3_status st;

	if (got < F3_MAGIC_LEN)
		return f3_fail(r, F3_ERR_TRUNC, r->off,
			       "truncated segment header (%zu of %d bytes)",
			       got, F3_HDR_SIZE);
	st = fill(r, F3_MAGIC_LEN, F3_HDR_SIZE - F3_MAGIC_LEN,
		  "segment header", &got);
	if (st == F3_ERR_TRUNC && got >= 4 &&
	    xt_le32(*(__le32 *)(r->frame + 8)) != F3_VERSION)
		return version_fail(r, xt_le32(*(__le32 *)(r->frame + 8)),
				    r->off);
	if (st != F3_OK)
		return st;
	return seg_hdr(r);
}

/*
 * A frame, whose first @got bytes are in r->frame: read whole into
 * r->frame, its length, CRC, flags and padding checked. Its header in
 * *@fh, its length in *@l.
 */
static enum f3_status read_frame(struct f3_reader *r, size_t got,
				 struct f3_frame_hdr *fh, uint32_t *l)
{
	enum f3_status st;
	uint32_t crc, dlen;

	if (!r->in_seg)
		return f3_fail(r, F3_ERR_MAGIC, r->off,
			       "bad magic (not an F3 file)");
	if (got < F3_MAGIC_LEN)
		return f3_fail(r, F3_ERR_TRUNC, r->off,
			       "truncated frame header (%zu of %d bytes)", got,
			       F3_FRAME_HDR);
	memcpy(fh, r->frame, F3_MAGIC_LEN);
	*l = xt_le32(fh->len);
	if (*l < F3_FRAME_HDR + 8 || *l > F3_FRAME_MAX || *l % 8)
		return f3_fail(r, F3_ERR_LEN, r->off,
			       "bad frame length %" PRIu32, *l);
	st = fill(r, F3_MAGIC_LEN, *l - F3_MAGIC_LEN, "frame", &got);
	if (st != F3_OK)
		return st;
	memcpy(fh, r->frame, sizeof(*fh));
	crc = xt_crc32c(r->frame + 8, *l - 8);
	if (crc != xt_le32(fh->crc))
		return f3_fail(r, F3_ERR_CRC, r->off,
			       "bad crc (stored 0x%08" PRIx32
			       ", computed 0x%08" PRIx32 ")",
			       xt_le32(fh->crc), crc);
	dlen = xt_le32(fh->dlen);
	if (fh->flags || dlen > *l - F3_FRAME_HDR ||
	    *l - F3_FRAME_HDR - dlen >= 8 ||
	    !all_zero(r->frame + F3_FRAME_HDR + dlen,
		      *l - F3_FRAME_HDR - dlen))
		return f3_fail(r, F3_ERR_FORMAT, r->off,
			       "bad frame flags, data length or padding");
	return F3_OK;
}

/*
 * One item: a segment header (F3_OK, *rec untouched, *is_rec 0), a seal
 * (same), a record (F3_OK, *is_rec 1), F3_END, or an error.
 */
static enum f3_status next_item(struct f3_reader *r, const void **rec,
				uint32_t *len, int *is_rec)
{
	struct f3_frame_hdr fh;
	enum f3_status st;
	size_t got;
	uint32_t l = 0;

	*is_rec = 0;
	errno = 0;
	got = fread(r->frame, 1, F3_MAGIC_LEN, r->f);
	if (got < F3_MAGIC_LEN && ferror(r->f))
		return f3_read_err(r, r->off);
	if (!got) {
		if (!r->in_seg)
			return f3_fail(r, F3_ERR_TRUNC, r->off,
				       "empty file");
		return F3_END;
	}
	if (!memcmp(r->frame, F3_MAGIC, got))
		return read_seg_hdr(r, got);
	st = read_frame(r, got, &fh, &l);
	if (st != F3_OK)
		return st;
	switch (xt_le16(fh.type)) {
	case F3_FRAME_RECORD:
		*is_rec = 1;
		return record_frame(r, &fh, l, rec, len);
	case F3_FRAME_SEAL:
		return seal_frame(r, &fh, l);
	case F3_FRAME_MARK:
		return mark_frame(r, &fh, l);
	case F3_FRAME_BLOCK:
		st = block_frame(r, &fh, l);
		if (st == F3_OK)
			*is_rec = block_next(r, rec, len);
		return st;
	}
	return f3_fail(r, F3_ERR_FORMAT, r->off, "unknown frame type %u",
		       xt_le16(fh.type));
}

enum f3_status xt_f3_next(struct f3_reader *r, const void **rec, uint32_t *len)
{
	enum f3_status st;
	int is_rec;

	for (;;) {
		if (r->err != F3_OK)
			return r->err;
		if (block_next(r, rec, len))
			return F3_OK;
		st = next_item(r, rec, len, &is_rec);
		if (st != F3_OK || is_rec)
			return st;
	}
}

static void reader_reset_file(struct f3_reader *r, FILE *f)
{
	r->f = f;
	r->off = 0;
	r->in_seg = 0;
	r->err = F3_OK;
	r->err_off = 0;
	r->reason[0] = 0;
	r->blk_pos = 0;
	r->blk_end = 0;
	r->blk_nodata = 0;
	if (r->ss_ok)
		sodium_memzero(&r->ss, sizeof(r->ss));
	r->ss_ok = 0;
}

/* Read the first segment header of a file. */
static enum f3_status first_header(struct f3_reader *r)
{
	const void *rec;
	uint32_t len;
	int is_rec;

	return next_item(r, &rec, &len, &is_rec);
}

enum f3_status xt_f3_reader_init(struct f3_reader *r, FILE *f)
{
	int own = r->own, no_decrypt = r->no_decrypt;
	int require_start = r->require_start;

	/* Keep what the caller set before: own, no_decrypt, require_start. */
	memset(r, 0, offsetof(struct f3_reader, frame));
	r->own = own;
	r->no_decrypt = no_decrypt;
	r->require_start = require_start;
	reader_reset_file(r, f);
	return first_header(r);
}

static FILE *open_path(struct f3_reader *r, const char *path)
{
	FILE *f;

	r->own = 0;
	if (!strcmp(path, "-"))
		return stdin;
	f = fopen(path, "rbe");
	if (f)
		r->own = 1;
	return f;
}

enum f3_status xt_f3_reader_open(struct f3_reader *r, const char *path)
{
	FILE *f = open_path(r, path);
	int e = errno;

	if (!f) {
		memset(r, 0, offsetof(struct f3_reader, no_decrypt));
		r->err = F3_ERR_IO;
		snprintf(r->reason, sizeof(r->reason), "%s", strerror(e));
		return F3_ERR_IO;
	}
	return xt_f3_reader_init(r, f);
}

enum f3_status xt_f3_reader_next_file(struct f3_reader *r, const char *path)
{
	FILE *f;

	if (r->own && r->f)
		fclose(r->f);
	r->f = NULL;
	f = open_path(r, path);
	reader_reset_file(r, f);
	if (!f)
		return f3_fail(r, F3_ERR_IO, 0, "%s", strerror(errno));
	return first_header(r);
}

void xt_f3_reader_set_auditor_key(struct f3_reader *r,
				  const uint8_t sk[F3_KEY_LEN])
{
	memcpy(r->auditor_sk, sk, F3_KEY_LEN);
	xt_f3_public_key(r->auditor_pk, r->auditor_sk);
	r->have_auditor = 1;
}

void xt_f3_reader_set_seal_key(struct f3_reader *r, const uint8_t k0[F3_KEY_LEN])
{
	memcpy(r->seal_key, k0, F3_KEY_LEN);
	r->seal_key_epoch = 0;
	r->have_seal_key = 1;
}

void xt_f3_reader_set_anchor(struct f3_reader *r, const struct f3_anchor *a)
{
	r->pins.anchor = *a;
	r->pins.have_anchor = 1;
	r->pins.anchor_hit = 0;
	r->pins.anchor_seal_hit = 0;
	check_anchor(r);
}

void xt_f3_reader_set_trail(struct f3_reader *r, const struct f3_trail *t)
{
	r->pins.trail = t;
	r->pins.trail_hits = 0;
}

void xt_f3_reader_set_pin(struct f3_reader *r, uint64_t epoch)
{
	r->pins.have_pin = 1;
	r->pins.pin_hit = 0;
	r->pins.pin_epoch = epoch;
}

enum f3_status xt_f3_reader_finish(struct f3_reader *r)
{
	struct f3_log_end e = {
		.seq_id = r->seq_id,
		.have_log = r->have_log,
		.seal_seen = r->seal_seen,
		.next_epoch = r->next_epoch,
		.last_seal_segment = r->last_seal_segment,
		.next_seq = r->next_seq,
		.segment_no = r->segment_no,
		.segments = r->segments,
		.start_seq = r->start_seq,
	};
	char why[sizeof(r->reason)];

	if (r->err != F3_OK)
		return r->err;
	if (xt_f3_pins_finish(&r->pins, &e, why, sizeof(why)))
		return f3_fail(r, F3_ERR_ANCHOR, r->off, "%s", why);
	/* A writer closing a sealed log seals it first (online: still open). */
	if (r->in_seg && r->unsealed && (r->seal_seen || r->seal_limit) &&
	    r->seg_state == F3_SEG_OFFLINE)
		return f3_fail(r, F3_ERR_SEAL, r->off,
			       "segment %" PRIu64
			       " was closed by its writer (offline) but its last %" PRIu64
			       " records are not sealed: its final seal was removed",
			       r->segment_no, r->unsealed);
	return F3_OK;
}

void xt_f3_reader_anchor(const struct f3_reader *r, struct f3_anchor *a)
{
	memset(a, 0, sizeof(*a));
	memcpy(a->seq_id, r->seq_id, F3_ID_LEN);
	a->seq = r->next_seq;
	memcpy(a->chain, r->chain, F3_HASH);
	if (r->seal_seen) {
		a->sealed = 1;
		a->epoch = r->next_epoch - 1;
		memcpy(a->mac, r->last_seal_mac, F3_HASH);
	}
}

const char *xt_f3_strerror(struct f3_reader *r)
{
	if (r->err == F3_OK)
		return "no error";
	snprintf(r->msg, sizeof(r->msg), "offset %" PRIu64 ": %s",
		 r->err_off, r->reason);
	return r->msg;
}

void xt_f3_reader_close(struct f3_reader *r)
{
	if (r->own && r->f)
		fclose(r->f);
	r->f = NULL;
	r->own = 0;
	sodium_memzero(r->auditor_sk, sizeof(r->auditor_sk));
	sodium_memzero(r->seal_key, sizeof(r->seal_key));
	sodium_memzero(&r->ss, sizeof(r->ss));
	r->have_auditor = 0;
	r->have_seal_key = 0;
	r->ss_ok = 0;
}
