// SPDX-License-Identifier: GPL-2.0
/*
 * F3 log reader, verifier and appender; the format is described in f3.h
 * and doc/F3-FORMAT.md. All cryptography is libsodium's.
 */
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <inttypes.h>
#include <libgen.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "crc32c.h"
#include "f3.h"

static const char chain_label[] = "XTRAIL-F3-CHAIN-V2";
static const char seal_label[] = "XTRAIL-F3-SEAL-V2";
static const char evolve_label[] = "evolve";
static const char state_magic[8] = "XTRAILSK";

#define F3_STATE_SIZE	96

const char *f3_state_name(unsigned int s)
{
	switch (s) {
	case F3_SEG_ONLINE:
		return "online";
	case F3_SEG_OFFLINE:
		return "offline";
	case F3_SEG_ARCHIVED:
		return "archived";
	}
	return "invalid";
}

/* ---- crypto helpers ------------------------------------------------------------ */

int f3_sodium_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

void f3_chain_init(uint8_t h[F3_HASH], const uint8_t seq_id[F3_ID_LEN])
{
	crypto_generichash_state st;

	crypto_generichash_init(&st, NULL, 0, F3_HASH);
	crypto_generichash_update(&st, (const uint8_t *)chain_label,
				  sizeof(chain_label) - 1);
	crypto_generichash_update(&st, seq_id, F3_ID_LEN);
	crypto_generichash_final(&st, h, F3_HASH);
}

void f3_chain_step(uint8_t h[F3_HASH], const void *p, size_t n)
{
	crypto_generichash_state st;

	crypto_generichash_init(&st, NULL, 0, F3_HASH);
	crypto_generichash_update(&st, h, F3_HASH);
	crypto_generichash_update(&st, p, n);
	crypto_generichash_final(&st, h, F3_HASH);
}

void f3_key_evolve(uint8_t k[F3_KEY_LEN])
{
	uint8_t in[F3_KEY_LEN + sizeof(evolve_label) - 1];

	memcpy(in, k, F3_KEY_LEN);
	memcpy(in + F3_KEY_LEN, evolve_label, sizeof(evolve_label) - 1);
	crypto_generichash(k, F3_KEY_LEN, in, sizeof(in), NULL, 0);
	sodium_memzero(in, sizeof(in));
}

void f3_seal_mac(uint8_t mac[F3_HASH], const uint8_t key[F3_KEY_LEN],
		 const uint8_t seq_id[F3_ID_LEN], const struct f3_seal *s)
{
	crypto_generichash_state st;

	crypto_generichash_init(&st, key, F3_KEY_LEN, F3_HASH);
	crypto_generichash_update(&st, (const uint8_t *)seal_label,
				  sizeof(seal_label) - 1);
	crypto_generichash_update(&st, seq_id, F3_ID_LEN);
	crypto_generichash_update(&st, (const uint8_t *)&s->epoch, 8);
	crypto_generichash_update(&st, (const uint8_t *)&s->seq, 8);
	crypto_generichash_update(&st, (const uint8_t *)&s->time_ns, 8);
	crypto_generichash_update(&st, s->chain, F3_HASH);
	crypto_generichash_final(&st, mac, F3_HASH);
}

void f3_key_id(uint8_t id[F3_KEY_ID_LEN], const uint8_t pk[F3_KEY_LEN])
{
	uint8_t h[F3_HASH];

	crypto_generichash(h, sizeof(h), pk, F3_KEY_LEN, NULL, 0);
	memcpy(id, h, F3_KEY_ID_LEN);
}

int f3_key_load(const char *path, uint8_t key[F3_KEY_LEN], char *err,
		size_t errlen)
{
	char buf[2 * F3_KEY_LEN + 4];
	const char *end;
	size_t n = 0, bin = 0;
	FILE *f;

	if (strlen(path) == 2 * F3_KEY_LEN && access(path, F_OK) &&
	    !sodium_hex2bin(key, F3_KEY_LEN, path, 2 * F3_KEY_LEN, NULL,
			    &bin, &end) && bin == F3_KEY_LEN && !*end)
		return 0;
	f = fopen(path, "re");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = 0;
	if (n && buf[n - 1] == '\n')
		buf[--n] = 0;
	if (n != 2 * F3_KEY_LEN ||
	    sodium_hex2bin(key, F3_KEY_LEN, buf, n, NULL, &bin, &end) ||
	    bin != F3_KEY_LEN || *end) {
		sodium_memzero(buf, sizeof(buf));
		snprintf(err, errlen, "%s: not a key (64 hex digits)", path);
		return -1;
	}
	sodium_memzero(buf, sizeof(buf));
	return 0;
}

static int write_all(int fd, const void *buf, size_t n)
{
	const uint8_t *p = buf;
	ssize_t w;

	while (n) {
		w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= w;
	}
	return 0;
}

static int pwrite_all(int fd, const void *buf, size_t n, uint64_t off)
{
	const uint8_t *p = buf;
	ssize_t w;

	while (n) {
		w = pwrite(fd, p, n, off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= w;
		off += w;
	}
	return 0;
}

int f3_key_save(const char *path, const uint8_t key[F3_KEY_LEN], int mode,
		char *err, size_t errlen)
{
	char hex[2 * F3_KEY_LEN + 2];
	int fd, e;

	sodium_bin2hex(hex, sizeof(hex), key, F3_KEY_LEN);
	strcat(hex, "\n");
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fchmod(fd, mode) || write_all(fd, hex, strlen(hex)) ||
	    fsync(fd)) {
		e = errno;
		close(fd);
		unlink(path);
		sodium_memzero(hex, sizeof(hex));
		snprintf(err, errlen, "%s: %s", path, strerror(e));
		return -1;
	}
	sodium_memzero(hex, sizeof(hex));
	if (close(fd)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* ---- anchors ----------------------------------------------------------------- */

void f3_anchor_format(const struct f3_anchor *a, char *buf, size_t size)
{
	char id[2 * F3_ID_LEN + 1], chain[2 * F3_HASH + 1];
	char mac[2 * F3_HASH + 1], epoch[24];

	sodium_bin2hex(id, sizeof(id), a->seq_id, F3_ID_LEN);
	sodium_bin2hex(chain, sizeof(chain), a->chain, F3_HASH);
	if (a->sealed) {
		sodium_bin2hex(mac, sizeof(mac), a->mac, F3_HASH);
		snprintf(epoch, sizeof(epoch), "%" PRIu64, a->epoch);
	} else {
		strcpy(mac, "-");
		strcpy(epoch, "-");
	}
	snprintf(buf, size, "xtrail-anchor-v1 %s %" PRIu64 " %s %s %s", id,
		 a->seq, chain, epoch, mac);
}

static int hex_field(uint8_t *out, size_t n, const char *s)
{
	size_t bin = 0;
	const char *end;

	if (strlen(s) != 2 * n)
		return -1;
	if (sodium_hex2bin(out, n, s, 2 * n, NULL, &bin, &end) || bin != n ||
	    *end)
		return -1;
	return 0;
}

int f3_anchor_parse(struct f3_anchor *a, const char *s)
{
	char tag[32], id[64], chain[96], epoch[32], mac[96];
	unsigned long long seq;
	char *end;

	memset(a, 0, sizeof(*a));
	if (sscanf(s, "%31s %63s %llu %95s %31s %95s", tag, id, &seq, chain,
		   epoch, mac) != 6 || strcmp(tag, "xtrail-anchor-v1"))
		return -1;
	if (hex_field(a->seq_id, F3_ID_LEN, id) ||
	    hex_field(a->chain, F3_HASH, chain))
		return -1;
	a->seq = seq;
	if (!strcmp(epoch, "-") && !strcmp(mac, "-"))
		return 0;
	errno = 0;
	a->epoch = strtoull(epoch, &end, 10);
	if (errno || *end || epoch[0] < '0' || epoch[0] > '9' ||
	    hex_field(a->mac, F3_HASH, mac))
		return -1;
	a->sealed = 1;
	return 0;
}

/* ---- reading ----------------------------------------------------------------- */

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

static void check_anchor(struct f3_reader *r)
{
	if (r->have_anchor && !r->anchor_hit && r->have_log &&
	    r->next_seq == r->anchor.seq &&
	    !sodium_memcmp(r->chain, r->anchor.chain, F3_HASH))
		r->anchor_hit = 1;
}

/* The segment header now in r->frame (F3_HDR_SIZE bytes) at r->off. */
static enum f3_status seg_hdr(struct f3_reader *r)
{
	struct f3_seg_hdr h;
	uint8_t want[F3_HASH];
	uint64_t off = r->off, segno, first;
	uint32_t crc, inc;
	unsigned int state;

	memcpy(&h, r->frame, sizeof(h));
	if (xt_le32(h.version) != F3_VERSION)
		return f3_fail(r, F3_ERR_VERSION, off,
			       "unsupported version %" PRIu32,
			       xt_le32(h.version));
	if (xt_le32(h.header_size) != F3_HDR_SIZE)
		return f3_fail(r, F3_ERR_VERSION, off,
			       "unsupported header size %" PRIu32,
			       xt_le32(h.header_size));
	crc = crc32c(&h, F3_HDR_CRC_OFF);
	if (crc != xt_le32(h.crc))
		return f3_fail(r, F3_ERR_CRC, off,
			       "segment header: bad crc (stored 0x%08" PRIx32
			       ", computed 0x%08" PRIx32 ")",
			       xt_le32(h.crc), crc);
	inc = xt_le32(h.incompat);
	if (inc & ~F3_INCOMPAT_KNOWN)
		return f3_fail(r, F3_ERR_VERSION, off,
			       "segment header: unknown incompatible flags 0x%" PRIx32,
			       inc & ~F3_INCOMPAT_KNOWN);
	state = f3_state_dec(xt_le32(h.state));
	if (!state)
		return f3_fail(r, F3_ERR_FORMAT, off,
			       "segment header: bad state 0x%08" PRIx32,
			       xt_le32(h.state));
	if (!all_zero(h.reserved, sizeof(h.reserved)))
		return f3_fail(r, F3_ERR_FORMAT, off,
			       "segment header: reserved bytes not zero");
	segno = xt_le64(h.segment_no);
	first = xt_le64(h.first_seq);
	if (r->have_log) {
		if (memcmp(h.seq_id, r->seq_id, F3_ID_LEN))
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
		if (sodium_memcmp(h.chain_in, r->chain, F3_HASH))
			return f3_fail(r, F3_ERR_CHAIN, off,
				       "segment %" PRIu64 ": chain does not continue the previous segment",
				       segno);
	} else {
		if (r->require_start && segno)
			return f3_fail(r, F3_ERR_SEQ, off,
				       "the log starts at segment %" PRIu64
				       ": segments 0..%" PRIu64 " are missing",
				       segno, segno - 1);
		if (!segno) {
			f3_chain_init(want, h.seq_id);
			if (first || sodium_memcmp(want, h.chain_in, F3_HASH))
				return f3_fail(r, F3_ERR_CHAIN, off,
					       "segment 0: bad initial chain or sequence");
			r->next_epoch = 0;
			r->seal_seen = 0;
		}
		memcpy(r->seq_id, h.seq_id, F3_ID_LEN);
		memcpy(r->chain, h.chain_in, F3_HASH);
		r->next_seq = first;
		r->have_log = 1;
	}
	f3_chain_step(r->chain, &h, F3_HDR_CRC_OFF);
	r->segment_no = segno;
	r->seg_off = off;
	r->seg_state = state;
	r->seg_incompat = inc;
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
	uint8_t id[F3_KEY_ID_LEN], key[F3_KEY_LEN];

	f3_key_id(id, r->auditor_pk);
	if (memcmp(id, r->cur.key_id, F3_KEY_ID_LEN))
		return f3_fail(r, F3_ERR_KEY, off,
			       "segment %" PRIu64 " is encrypted to another auditor key",
			       r->segment_no);
	if (crypto_box_seal_open(key, r->cur.sealed_key, F3_SEALED_KEY_LEN,
				 r->auditor_pk, r->auditor_sk))
		return f3_fail(r, F3_ERR_DECRYPT, off,
			       "segment %" PRIu64 ": the sealed segment key does not open",
			       r->segment_no);
	if (crypto_secretstream_xchacha20poly1305_init_pull(&r->ss,
							    r->cur.ss_header,
							    key)) {
		sodium_memzero(key, sizeof(key));
		return f3_fail(r, F3_ERR_DECRYPT, off,
			       "segment %" PRIu64 ": bad stream header",
			       r->segment_no);
	}
	sodium_memzero(key, sizeof(key));
	r->ss_ok = 1;
	return F3_OK;
}

static enum f3_status seal_frame(struct f3_reader *r,
				 const struct f3_frame_hdr *fh, uint32_t l)
{
	struct f3_seal s;
	uint8_t mac[F3_HASH];
	uint64_t off = r->off, epoch;

	if (xt_le32(fh->dlen) != sizeof(s))
		return f3_fail(r, F3_ERR_FORMAT, off, "seal of %" PRIu32
			       " bytes", xt_le32(fh->dlen));
	memcpy(&s, r->frame + F3_FRAME_HDR, sizeof(s));
	epoch = xt_le64(s.epoch);
	if (xt_le64(s.seq) != r->next_seq || xt_le64(fh->seq) != r->next_seq)
		return f3_fail(r, F3_ERR_SEQ, off,
			       "seal at sequence %" PRIu64 ", expected %" PRIu64,
			       xt_le64(s.seq), r->next_seq);
	if (s.reserved)
		return f3_fail(r, F3_ERR_FORMAT, off,
			       "seal: reserved bytes not zero");
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
			f3_key_evolve(r->seal_key);
			r->seal_key_epoch++;
		}
		f3_seal_mac(mac, r->seal_key, r->seq_id, &s);
		if (sodium_memcmp(mac, s.mac, F3_HASH))
			return f3_fail(r, F3_ERR_SEAL, off,
				       "seal %" PRIu64 ": bad MAC (records before it altered, or not sealed with key %" PRIu64 ")",
				       epoch, epoch);
	}
	if (r->have_anchor && r->anchor.sealed && r->anchor.epoch == epoch &&
	    sodium_memcmp(r->anchor.mac, s.mac, F3_HASH))
		return f3_fail(r, F3_ERR_ANCHOR, off,
			       "seal %" PRIu64 " differs from the anchor's",
			       epoch);
	f3_chain_step(r->chain, r->frame, l);
	r->seal_seen = 1;
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
			   kind != F3_MARK_DISK_ERROR) ||
	    m.action[sizeof(m.action) - 1])
		return f3_fail(r, F3_ERR_FORMAT, off, "bad failure marker");
	f3_chain_step(r->chain, r->frame, l);
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
	uint8_t tag;

	if (!crypto_secretstream_xchacha20poly1305_pull(&r->ss, out, mlen, &tag,
							in, inlen, ad, adlen) &&
	    tag == crypto_secretstream_xchacha20poly1305_TAG_MESSAGE)
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

	if (xt_le64(fh->seq) != r->next_seq)
		return f3_fail(r, F3_ERR_SEQ, off,
			       "record sequence %" PRIu64 ", expected %" PRIu64,
			       xt_le64(fh->seq), r->next_seq);
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
			if (ss_pull(r, r->rec, &mlen, p, dlen, NULL, 0))
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
	f3_chain_step(r->chain, r->frame, l);
	r->next_seq++;
	r->frames++;
	r->off += l;
	check_anchor(r);
	return F3_OK;
}

/*
 * A block frame: decrypt (or copy) its records into r->blk and check
 * every one; f3_next() then hands them out. Under no_decrypt without a
 * key, only their number is known (r->blk_nodata).
 */
static enum f3_status block_frame(struct f3_reader *r,
				  const struct f3_frame_hdr *fh, uint32_t l)
{
	uint64_t off = r->off;
	uint32_t dlen = xt_le32(fh->dlen), count, plen, pos, i, rl;
	const uint8_t *p = r->frame + F3_FRAME_HDR;
	int enc = r->seg_incompat & F3_INCOMPAT_ENCRYPTED;
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
	if (enc) {
		st = seg_key_ready(r, off, "block");
		if (st != F3_OK)
			return st;
		if (!r->ss_ok) {
			r->blk_nodata = count;
			goto done;
		}
		if (ss_pull(r, r->blk, &mlen, p + F3_BLOCK_HDR,
			    dlen - F3_BLOCK_HDR, p, F3_BLOCK_HDR))
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
	f3_chain_step(r->chain, r->frame, l);
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

/*
 * One item: a segment header (F3_OK, *rec untouched, *is_rec 0), a seal
 * (same), a record (F3_OK, *is_rec 1), F3_END, or an error.
 */
static enum f3_status next_item(struct f3_reader *r, const void **rec,
				uint32_t *len, int *is_rec)
{
	struct f3_frame_hdr fh;
	enum f3_status st;
	uint32_t l, crc, dlen;
	size_t got;

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
	if (!memcmp(r->frame, F3_MAGIC, got)) {
		if (got < F3_MAGIC_LEN)
			return f3_fail(r, F3_ERR_TRUNC, r->off,
				       "truncated segment header (%zu of %d bytes)",
				       got, F3_HDR_SIZE);
		st = fill(r, F3_MAGIC_LEN, F3_HDR_SIZE - F3_MAGIC_LEN,
			  "segment header", &got);
		if (st == F3_ERR_TRUNC && got >= 4 &&
		    xt_le32(*(__le32 *)(r->frame + 8)) != F3_VERSION)
			return f3_fail(r, F3_ERR_VERSION, r->off,
				       "unsupported version %" PRIu32,
				       xt_le32(*(__le32 *)(r->frame + 8)));
		if (st != F3_OK)
			return st;
		return seg_hdr(r);
	}
	if (!r->in_seg)
		return f3_fail(r, F3_ERR_MAGIC, r->off,
			       "bad magic (not an F3 file)");
	if (got < F3_MAGIC_LEN)
		return f3_fail(r, F3_ERR_TRUNC, r->off,
			       "truncated frame header (%zu of %d bytes)", got,
			       F3_FRAME_HDR);
	memcpy(&fh, r->frame, F3_MAGIC_LEN);
	l = xt_le32(fh.len);
	if (l < F3_FRAME_HDR + 8 || l > F3_FRAME_MAX || l % 8)
		return f3_fail(r, F3_ERR_LEN, r->off,
			       "bad frame length %" PRIu32, l);
	st = fill(r, F3_MAGIC_LEN, l - F3_MAGIC_LEN, "frame", &got);
	if (st != F3_OK)
		return st;
	memcpy(&fh, r->frame, sizeof(fh));
	crc = crc32c(r->frame + 8, l - 8);
	if (crc != xt_le32(fh.crc))
		return f3_fail(r, F3_ERR_CRC, r->off,
			       "bad crc (stored 0x%08" PRIx32
			       ", computed 0x%08" PRIx32 ")",
			       xt_le32(fh.crc), crc);
	dlen = xt_le32(fh.dlen);
	if (fh.flags || dlen > l - F3_FRAME_HDR ||
	    l - F3_FRAME_HDR - dlen >= 8 ||
	    !all_zero(r->frame + F3_FRAME_HDR + dlen,
		      l - F3_FRAME_HDR - dlen))
		return f3_fail(r, F3_ERR_FORMAT, r->off,
			       "bad frame flags, data length or padding");
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

enum f3_status f3_next(struct f3_reader *r, const void **rec, uint32_t *len)
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

enum f3_status f3_reader_init(struct f3_reader *r, FILE *f)
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

enum f3_status f3_reader_open(struct f3_reader *r, const char *path)
{
	FILE *f = open_path(r, path);
	int e = errno;

	if (!f) {
		memset(r, 0, offsetof(struct f3_reader, no_decrypt));
		r->err = F3_ERR_IO;
		snprintf(r->reason, sizeof(r->reason), "%s", strerror(e));
		return F3_ERR_IO;
	}
	return f3_reader_init(r, f);
}

enum f3_status f3_reader_next_file(struct f3_reader *r, const char *path)
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

void f3_reader_set_auditor_key(struct f3_reader *r,
			       const uint8_t sk[F3_KEY_LEN])
{
	memcpy(r->auditor_sk, sk, F3_KEY_LEN);
	crypto_scalarmult_base(r->auditor_pk, r->auditor_sk);
	r->have_auditor = 1;
}

void f3_reader_set_seal_key(struct f3_reader *r, const uint8_t k0[F3_KEY_LEN])
{
	memcpy(r->seal_key, k0, F3_KEY_LEN);
	r->seal_key_epoch = 0;
	r->have_seal_key = 1;
}

void f3_reader_set_anchor(struct f3_reader *r, const struct f3_anchor *a)
{
	r->anchor = *a;
	r->have_anchor = 1;
	r->anchor_hit = 0;
	check_anchor(r);
}

enum f3_status f3_reader_finish(struct f3_reader *r)
{
	if (r->err != F3_OK)
		return r->err;
	if (!r->have_anchor)
		return F3_OK;
	if (!r->have_log || memcmp(r->anchor.seq_id, r->seq_id, F3_ID_LEN))
		return f3_fail(r, F3_ERR_ANCHOR, r->off,
			       "the anchor is for another log (sequence id differs)");
	if (r->anchor_hit)
		return F3_OK;
	if (r->next_seq < r->anchor.seq)
		return f3_fail(r, F3_ERR_ANCHOR, r->off,
			       "the log ends at sequence %" PRIu64
			       " but the anchor is at %" PRIu64
			       ": records or segments were removed",
			       r->next_seq, r->anchor.seq);
	return f3_fail(r, F3_ERR_ANCHOR, r->off,
		       "no point of the log matches the anchor (sequence %" PRIu64
		       "): the log was truncated and resumed, or altered",
		       r->anchor.seq);
}

void f3_reader_anchor(const struct f3_reader *r, struct f3_anchor *a)
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

const char *f3_strerror(struct f3_reader *r)
{
	if (r->err == F3_OK)
		return "no error";
	snprintf(r->msg, sizeof(r->msg), "offset %" PRIu64 ": %s",
		 r->err_off, r->reason);
	return r->msg;
}

void f3_reader_close(struct f3_reader *r)
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

/* ---- sealing key state ---------------------------------------------------------- */

int f3_sync_parent_dir(const char *path)
{
	char *copy = strdup(path);
	int fd, ret = -1;

	if (!copy)
		return -1;
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		ret = fsync(fd);
		close(fd);
	}
	free(copy);
	return ret;
}

int f3_seal_state_load(const char *path, uint64_t *epoch,
		       uint8_t seq_id[F3_ID_LEN], uint8_t key[F3_KEY_LEN],
		       char *err, size_t errlen)
{
	uint8_t b[F3_STATE_SIZE + 1], h[F3_HASH];
	__le64 e;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	n = read(fd, b, sizeof(b));
	close(fd);
	crypto_generichash(h, sizeof(h), b, 64, NULL, 0);
	if (n != F3_STATE_SIZE || memcmp(b, state_magic, 8) ||
	    memcmp(h, b + 64, F3_HASH)) {
		sodium_memzero(b, sizeof(b));
		snprintf(err, errlen, "%s: not a valid sealing key state",
			 path);
		return -1;
	}
	memcpy(&e, b + 8, 8);
	*epoch = xt_le64(e);
	memcpy(seq_id, b + 16, F3_ID_LEN);
	memcpy(key, b + 32, F3_KEY_LEN);
	sodium_memzero(b, sizeof(b));
	return 1;
}

int f3_seal_state_save(const char *path, uint64_t epoch,
		       const uint8_t seq_id[F3_ID_LEN],
		       const uint8_t key[F3_KEY_LEN])
{
	uint8_t b[F3_STATE_SIZE];
	__le64 e = xt_cpu64(epoch);
	char *tmp;
	int fd, ret = -1, er;

	if (asprintf(&tmp, "%s.tmp", path) < 0)
		return -1;
	memcpy(b, state_magic, 8);
	memcpy(b + 8, &e, 8);
	memcpy(b + 16, seq_id, F3_ID_LEN);
	memcpy(b + 32, key, F3_KEY_LEN);
	crypto_generichash(b + 64, F3_HASH, b, 64, NULL, 0);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd >= 0) {
		if (!write_all(fd, b, sizeof(b)) && !fsync(fd))
			ret = 0;
		er = errno;
		if (close(fd) && !ret) {
			ret = -1;
			er = errno;
		}
		if (!ret && (rename(tmp, path) || f3_sync_parent_dir(path))) {
			ret = -1;
			er = errno;
		}
		if (ret)
			unlink(tmp);
		errno = er;
	}
	sodium_memzero(b, sizeof(b));
	free(tmp);
	return ret;
}

/* ---- writing ------------------------------------------------------------------ */

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

struct scan_result {
	int have_log;
	int in_seg;
	uint8_t seq_id[F3_ID_LEN];
	uint8_t chain[F3_HASH];
	uint64_t next_seq;
	uint64_t segment_no;
	uint64_t seg_off;
	unsigned int seg_state;
	int seal_seen;
	uint64_t next_epoch;
	uint64_t frames;
	uint64_t segments;
	uint64_t first_segment;
	uint64_t end;
	enum f3_status st;
	char why[256];
};

/* Scan the log open on @fd without keys. 0, or -1 on a read error. */
static int scan(int fd, struct scan_result *s, char *err, size_t errlen)
{
	struct f3_reader *r = calloc(1, sizeof(*r));
	const void *rec;
	uint32_t len;
	FILE *f = NULL;
	int dfd = -1;

	memset(s, 0, sizeof(*s));
	if (r) {
		dfd = dup(fd);
		f = dfd >= 0 ? fdopen(dfd, "rb") : NULL;
	}
	if (!r || !f) {
		snprintf(err, errlen, "%s", strerror(errno));
		if (dfd >= 0 && !f)
			close(dfd);
		free(r);
		return -1;
	}
	r->own = 1;
	r->no_decrypt = 1;
	s->st = f3_reader_init(r, f);
	s->first_segment = r->segment_no;
	while (s->st == F3_OK)
		s->st = f3_next(r, &rec, &len);
	s->end = s->st == F3_END ? r->off : r->err_off;
	snprintf(s->why, sizeof(s->why), "%s", f3_strerror(r));
	s->have_log = r->have_log;
	s->in_seg = r->in_seg;
	memcpy(s->seq_id, r->seq_id, F3_ID_LEN);
	memcpy(s->chain, r->chain, F3_HASH);
	s->next_seq = r->next_seq;
	s->segment_no = r->segment_no;
	s->seg_off = r->seg_off;
	s->seg_state = r->seg_state;
	s->seal_seen = r->seal_seen;
	s->next_epoch = r->next_epoch;
	s->frames = r->frames;
	s->segments = r->segments;
	f3_reader_close(r);
	free(r);
	return 0;
}

static int torn_status(enum f3_status st)
{
	return st == F3_ERR_TRUNC || st == F3_ERR_LEN || st == F3_ERR_CRC ||
	       st == F3_ERR_FORMAT;
}

/* ---- files of a log ----------------------------------------------------------- */

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void f3_free_names(char **names)
{
	char **p;

	if (!names)
		return;
	for (p = names; *p; p++)
		free(*p);
	free(names);
}

/* Append a copy of @name to the NULL-terminated array *@v of *@n names. */
static int names_add(char ***v, size_t *n, const char *name)
{
	char **nv = realloc(*v, (*n + 2) * sizeof(**v));

	if (!nv)
		return -1;
	*v = nv;
	nv[*n] = strdup(name);
	if (!nv[*n])
		return -1;
	nv[++*n] = NULL;
	return 0;
}

int f3_rotated_files(const char *path, char ***out, size_t *n)
{
	char *d1 = strdup(path), *d2 = strdup(path), *dir, *base, *full;
	struct dirent *de;
	size_t bl, i;
	DIR *dp = NULL;
	int ret = -1;

	*out = NULL;
	*n = 0;
	if (!d1 || !d2)
		goto out;
	dir = dirname(d1);
	base = basename(d2);
	bl = strlen(base);
	dp = opendir(dir);
	if (!dp)
		goto out;
	while ((de = readdir(dp))) {
		if (strncmp(de->d_name, base, bl) || de->d_name[bl] != '.' ||
		    strlen(de->d_name + bl + 1) != 10)
			continue;
		for (i = bl + 1; de->d_name[i]; i++)
			if (de->d_name[i] < '0' || de->d_name[i] > '9')
				break;
		if (de->d_name[i])
			continue;
		if (asprintf(&full, "%s/%s", dir, de->d_name) < 0)
			goto out;
		i = names_add(out, n, full);
		free(full);
		if (i)
			goto out;
	}
	if (*n)
		qsort(*out, *n, sizeof(**out), cmp_names);
	ret = 0;
out:
	if (dp)
		closedir(dp);
	if (ret) {
		f3_free_names(*out);
		*out = NULL;
		*n = 0;
	}
	free(d1);
	free(d2);
	return ret;
}

struct log_file {
	char *name;
	uint64_t first;
	size_t idx;
};

static int cmp_log_files(const void *a, const void *b)
{
	const struct log_file *x = a, *y = b;

	if (x->first != y->first)
		return x->first < y->first ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Number of the first segment of the file @path, or UINT64_MAX. */
static uint64_t first_segment_of(const char *path, int *is_f3)
{
	struct f3_seg_hdr h;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = -1;

	if (fd >= 0) {
		n = read(fd, &h, sizeof(h));
		close(fd);
	}
	*is_f3 = n >= F3_MAGIC_LEN && !memcmp(h.magic, F3_MAGIC, F3_MAGIC_LEN);
	if (n != sizeof(h) || !*is_f3)
		return UINT64_MAX;
	return xt_le64(h.segment_no);
}

char **f3_log_files(char *const args[], int n, size_t *count, char *err,
		    size_t errlen)
{
	struct log_file *lf = NULL;
	char **names = NULL, *full;
	size_t k = 0, i, m = 0;
	struct dirent *de;
	struct stat st;
	int a, is_f3;
	DIR *dp;

	for (a = 0; a < n; a++) {
		if (!strcmp(args[a], "-") || stat(args[a], &st) ||
		    !S_ISDIR(st.st_mode)) {
			if (names_add(&names, &k, args[a]))
				goto nomem;
			continue;
		}
		dp = opendir(args[a]);
		if (!dp) {
			snprintf(err, errlen, "%s: %s", args[a],
				 strerror(errno));
			goto fail;
		}
		i = k;
		while ((de = readdir(dp))) {
			if (asprintf(&full, "%s/%s", args[a], de->d_name) < 0) {
				closedir(dp);
				goto nomem;
			}
			if (!stat(full, &st) && S_ISREG(st.st_mode) &&
			    (first_segment_of(full, &is_f3), is_f3) &&
			    names_add(&names, &k, full)) {
				free(full);
				closedir(dp);
				goto nomem;
			}
			free(full);
		}
		closedir(dp);
		if (i == k) {
			snprintf(err, errlen, "%s: no F3 files in this directory",
				 args[a]);
			goto fail;
		}
	}
	if (!k) {
		snprintf(err, errlen, "no files given");
		goto fail;
	}
	lf = calloc(k, sizeof(*lf));
	if (!lf)
		goto nomem;
	for (i = 0; i < k; i++) {
		lf[i].name = names[i];
		lf[i].idx = i;
		lf[i].first = strcmp(names[i], "-") ?
			first_segment_of(names[i], &is_f3) : UINT64_MAX;
	}
	qsort(lf, k, sizeof(*lf), cmp_log_files);
	for (i = 0; i < k; i++)
		names[i] = lf[i].name;
	/* The same file named twice (a directory and its file) once. */
	for (i = 0; i < k; i++) {
		if (m && !strcmp(names[m - 1], names[i])) {
			free(names[i]);
			continue;
		}
		names[m++] = names[i];
	}
	names[m] = NULL;
	free(lf);
	*count = m;
	return names;
nomem:
	snprintf(err, errlen, "%s", strerror(ENOMEM));
fail:
	f3_free_names(names);
	free(lf);
	return NULL;
}

/*
 * The state of the log of @path when @path is empty or missing: that of
 * its newest rotated file, which must end cleanly. 1 found (in @s), 0 no
 * rotated file, -1 error (@err).
 */
static int scan_rotated(const char *path, struct scan_result *s, char *err,
			size_t errlen)
{
	char **names;
	size_t n;
	int fd, ret;

	if (f3_rotated_files(path, &names, &n)) {
		snprintf(err, errlen, "%s: listing rotated files: %s", path,
			 strerror(errno));
		return -1;
	}
	if (!n) {
		f3_free_names(names);
		return 0;
	}
	fd = open(names[n - 1], O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", names[n - 1], strerror(errno));
		f3_free_names(names);
		return -1;
	}
	ret = scan(fd, s, err, errlen);
	close(fd);
	if (!ret && (s->st != F3_END || !s->have_log)) {
		snprintf(err, errlen, "%s (the newest rotated file): %s",
			 names[n - 1], s->why);
		ret = -1;
	}
	f3_free_names(names);
	return ret ? -1 : 1;
}

int f3_log_info(const char *path, uint8_t seq_id[F3_ID_LEN],
		uint64_t *next_epoch, char *err, size_t errlen)
{
	struct scan_result s;
	int fd = open(path, O_RDONLY | O_CLOEXEC), ret;

	if (fd < 0 && errno != ENOENT) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	memset(&s, 0, sizeof(s));
	ret = fd >= 0 ? scan(fd, &s, err, errlen) : 0;
	if (fd >= 0)
		close(fd);
	if (ret)
		return -1;
	if (!s.have_log) {
		ret = scan_rotated(path, &s, err, errlen);
		if (ret <= 0)
			return ret;
	}
	memcpy(seq_id, s.seq_id, F3_ID_LEN);
	*next_epoch = s.next_epoch;
	return 1;
}

static int set_state(struct f3_writer *w, uint64_t seg_off,
		     enum f3_seg_state state)
{
	__le32 v = xt_cpu32(f3_state_enc(state));

	return pwrite_all(w->fd, &v, sizeof(v),
			  seg_off + offsetof(struct f3_seg_hdr, state));
}

static void fail_writer(struct f3_writer *w)
{
	int e = errno;

	w->failed = 1;
	errno = e ? e : EIO;
}

static int emit_block(struct f3_writer *w);

/* Write w->buf out (block frames still being filled stay). */
static int write_out(struct f3_writer *w)
{
	int e, rc;

	if (w->failed) {
		errno = EIO;
		return -1;
	}
	if (!w->pending)
		return 0;
	if (pwrite_all(w->fd, w->buf, w->pending, w->size)) {
		e = errno;
		/* Best effort: if this fails too, the next open cuts it. */
		rc = ftruncate(w->fd, w->size);
		(void)rc;
		errno = e;
		fail_writer(w);
		return -1;
	}
	w->size += w->pending;
	w->pending = 0;
	return 0;
}

int f3_writer_flush(struct f3_writer *w)
{
	if (emit_block(w))
		return -1;
	return write_out(w);
}

int f3_writer_sync(struct f3_writer *w, int full)
{
	if (f3_writer_flush(w))
		return -1;
	if (full ? fsync(w->fd) : fdatasync(w->fd)) {
		/* Final: the kernel may have dropped the pages it failed on. */
		w->sync_failed = 1;
		fail_writer(w);
		return -1;
	}
	w->durable = w->size;
	w->durable_seq = w->next_seq;
	return 0;
}

/*
 * Room for a frame with @dlen payload bytes at the end of w->buf (written
 * out first if full): returns where it goes, the caller fills the payload
 * and calls frame_end().
 */
static uint8_t *frame_begin(struct f3_writer *w, uint32_t dlen,
			    uint32_t *flen)
{
	uint32_t l = (F3_FRAME_HDR + dlen + 7) & ~7u;

	if (w->pending + l > F3_BATCH_MAX && write_out(w))
		return NULL;
	*flen = l;
	memset(w->buf + w->pending + l - 8, 0, 8);
	return w->buf + w->pending;
}

static void frame_end(struct f3_writer *w, uint8_t *frame, uint32_t l,
		      unsigned int type, uint32_t dlen, uint64_t seq)
{
	struct f3_frame_hdr fh = {
		.len = xt_cpu32(l),
		.type = xt_cpu16(type),
		.dlen = xt_cpu32(dlen),
		.seq = xt_cpu64(seq),
	};

	memset(frame + F3_FRAME_HDR + dlen, 0, l - F3_FRAME_HDR - dlen);
	memcpy(frame, &fh, sizeof(fh));
	fh.crc = xt_cpu32(crc32c(frame + 8, l - 8));
	memcpy(frame + 4, &fh.crc, 4);
	f3_chain_step(w->chain, frame, l);
	w->pending += l;
	w->seg_bytes += l;
}

/* Start segment w->segment_no at the end: header written, not synced. */
static int start_segment(struct f3_writer *w)
{
	struct f3_seg_hdr h;
	uint8_t key[F3_KEY_LEN];

	if (f3_writer_flush(w))
		return -1;
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, F3_MAGIC, F3_MAGIC_LEN);
	h.version = xt_cpu32(F3_VERSION);
	h.header_size = xt_cpu32(F3_HDR_SIZE);
	h.incompat = xt_cpu32(w->encrypted ? F3_INCOMPAT_ENCRYPTED : 0);
	h.segment_no = xt_cpu64(w->segment_no);
	h.first_seq = xt_cpu64(w->next_seq);
	h.created_ns = xt_cpu64(now_ns());
	memcpy(h.host_id, w->host_id, F3_ID_LEN);
	memcpy(h.seq_id, w->seq_id, F3_ID_LEN);
	memcpy(h.chain_in, w->chain, F3_HASH);
	if (w->encrypted) {
		crypto_secretstream_xchacha20poly1305_keygen(key);
		crypto_secretstream_xchacha20poly1305_init_push(&w->ss,
								h.ss_header,
								key);
		if (crypto_box_seal(h.sealed_key, key, F3_KEY_LEN,
				    w->auditor_pk)) {
			sodium_memzero(key, sizeof(key));
			errno = EINVAL;
			fail_writer(w);
			return -1;
		}
		sodium_memzero(key, sizeof(key));
		f3_key_id(h.key_id, w->auditor_pk);
	}
	h.crc = xt_cpu32(crc32c(&h, F3_HDR_CRC_OFF));
	h.state = xt_cpu32(f3_state_enc(F3_SEG_ONLINE));
	f3_chain_step(w->chain, &h, F3_HDR_CRC_OFF);
	w->seg_off = w->size;
	memcpy(w->buf, &h, sizeof(h));
	w->pending = sizeof(h);
	w->seg_bytes = sizeof(h);
	w->have_seg = 1;
	return f3_writer_flush(w);
}

/* Frame the records gathered in w->blk (if any) as one block. */
static int emit_block(struct f3_writer *w)
{
	uint32_t dlen, l;
	__le32 hdr[2];
	uint8_t *fr;

	if (!w->blk_count)
		return 0;
	dlen = F3_BLOCK_HDR + w->blk_len + (w->encrypted ? F3_ABYTES : 0);
	fr = frame_begin(w, dlen, &l);
	if (!fr)
		return -1;
	hdr[0] = xt_cpu32(w->blk_count);
	hdr[1] = 0;
	memcpy(fr + F3_FRAME_HDR, hdr, F3_BLOCK_HDR);
	if (w->encrypted)
		crypto_secretstream_xchacha20poly1305_push(&w->ss,
			fr + F3_FRAME_HDR + F3_BLOCK_HDR, NULL, w->blk,
			w->blk_len, fr + F3_FRAME_HDR, F3_BLOCK_HDR,
			crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
	else
		memcpy(fr + F3_FRAME_HDR + F3_BLOCK_HDR, w->blk, w->blk_len);
	frame_end(w, fr, l, F3_FRAME_BLOCK, dlen, w->blk_seq);
	w->blk_len = 0;
	w->blk_count = 0;
	return 0;
}

/* Frame the marker @m into the buffer. */
static int mark_frame_add(struct f3_writer *w, const struct f3_mark *m)
{
	uint8_t *fr;
	uint32_t l;

	if (emit_block(w))
		return -1;
	fr = frame_begin(w, sizeof(*m), &l);
	if (!fr)
		return -1;
	memcpy(fr + F3_FRAME_HDR, m, sizeof(*m));
	frame_end(w, fr, l, F3_FRAME_MARK, sizeof(*m), w->next_seq);
	return 0;
}

static void wipe_keys(struct f3_writer *w)
{
	sodium_memzero(&w->ss, sizeof(w->ss));
	sodium_memzero(w->seal_key, sizeof(w->seal_key));
}

int f3_writer_open(struct f3_writer *w, const char *path,
		   const struct f3_writer_opts *o, struct f3_open_report *rep,
		   char *err, size_t errlen)
{
	struct scan_result s;
	struct stat st;
	char why[256];
	int fd;

	memset(rep, 0, sizeof(*rep));
	memset(w, 0, sizeof(*w));
	w->fd = -1;
	if (f3_sodium_init()) {
		snprintf(err, errlen, "libsodium does not initialise");
		return -1;
	}
	w->buf = malloc(F3_BATCH_MAX);
	w->blocks = o->blocks;
	w->blk = o->blocks ? malloc(F3_BLOCK_MAX) : NULL;
	w->path = strdup(path);
	if (o->state_path)
		w->state_path = strdup(o->state_path);
	if (!w->buf || !w->path || (o->blocks && !w->blk) ||
	    (o->state_path && !w->state_path)) {
		snprintf(err, errlen, "%s", strerror(errno));
		goto fail_mem;
	}

	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto fail_mem;
	}
	w->fd = fd;
	if (flock(fd, LOCK_EX | LOCK_NB)) {
		if (errno == EWOULDBLOCK)
			snprintf(err, errlen,
				 "%s: locked by another writer (is xtraild already running?)",
				 path);
		else
			snprintf(err, errlen, "%s: flock: %s", path,
				 strerror(errno));
		goto fail;
	}
	if (fstat(fd, &st)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		goto fail;
	}
	if (o->cut && (uint64_t)st.st_size > o->cut_to) {
		if (ftruncate(fd, o->cut_to) || fdatasync(fd)) {
			snprintf(err, errlen, "%s: cutting to the last durable size: %s",
				 path, strerror(errno));
			goto fail;
		}
		st.st_size = o->cut_to;
	}

	memset(&s, 0, sizeof(s));
	if (st.st_size > 0) {
		if (scan(fd, &s, why, sizeof(why))) {
			snprintf(err, errlen, "%s: %s", path, why);
			goto fail;
		}
		if (s.st != F3_END && !(torn_status(s.st) ||
					(s.st == F3_ERR_TRUNC))) {
			snprintf(err, errlen, "%s: %s (not a torn write: not touching the file)",
				 path, s.why);
			goto fail;
		}
		if (s.st != F3_END) {
			rep->torn_off = s.end;
			rep->torn_bytes = st.st_size - s.end;
			snprintf(rep->torn_why, sizeof(rep->torn_why), "%s",
				 s.why);
			if (rep->torn_bytes > F3_TORN_MAX) {
				snprintf(err, errlen,
					 "%s: %s, with %" PRIu64
					 " bytes from there to the end: too much for a torn write, not truncating (move the file aside)",
					 path, s.why, rep->torn_bytes);
				goto fail;
			}
			if (ftruncate(fd, s.end)) {
				snprintf(err, errlen,
					 "%s: truncating the torn tail: %s",
					 path, strerror(errno));
				goto fail;
			}
		}
	}
	rep->frames = s.frames;
	rep->segments = s.segments;
	w->size = s.end;
	w->frames = s.frames;
	w->file_first_segment = s.first_segment;
	/* Empty, and rotated files before it: go on from the newest one. */
	if (!s.have_log) {
		switch (scan_rotated(path, &s, why, sizeof(why))) {
		case -1:
			snprintf(err, errlen, "%s", why);
			goto fail;
		case 1:
			s.in_seg = 0;
			s.first_segment = s.segment_no + 1;
			w->file_first_segment = s.first_segment;
			w->size = 0;
			if (ftruncate(fd, 0)) {
				snprintf(err, errlen, "%s: %s", path,
					 strerror(errno));
				goto fail;
			}
			break;
		}
	}

	if (s.have_log) {
		memcpy(w->seq_id, s.seq_id, F3_ID_LEN);
		memcpy(w->chain, s.chain, F3_HASH);
		w->next_seq = s.next_seq;
		w->segment_no = s.segment_no + 1;
		if (s.in_seg && s.seg_state == F3_SEG_ONLINE &&
		    set_state(w, s.seg_off, F3_SEG_OFFLINE)) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			goto fail;
		}
	} else {
		rep->created = 1;
		w->size = 0;
		if (ftruncate(fd, 0)) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			goto fail;
		}
		randombytes_buf(w->seq_id, F3_ID_LEN);
		f3_chain_init(w->chain, w->seq_id);
	}
	if (o->host_id)
		memcpy(w->host_id, o->host_id, F3_ID_LEN);
	w->max_segment = o->max_segment;
	w->rotate_files = o->rotate_files;
	if (o->auditor_pk) {
		w->encrypted = 1;
		memcpy(w->auditor_pk, o->auditor_pk, F3_KEY_LEN);
	}
	if (o->seal_key) {
		w->sealing = 1;
		memcpy(w->seal_key, o->seal_key, F3_KEY_LEN);
		w->seal_epoch = o->seal_epoch;
		while (s.have_log && w->seal_epoch < s.next_epoch) {
			f3_key_evolve(w->seal_key);
			w->seal_epoch++;
		}
	}
	if (rep->created)
		w->file_first_segment = 0;
	if (start_segment(w) || (o->mark && mark_frame_add(w, o->mark)) ||
	    f3_writer_flush(w) || fdatasync(fd) ||
	    (rep->created && f3_sync_parent_dir(path))) {
		snprintf(err, errlen, "%s: starting a segment: %s", path,
			 strerror(errno));
		goto fail;
	}
	w->durable = w->size;
	w->durable_seq = w->next_seq;
	if (w->sealing && w->state_path &&
	    f3_seal_state_save(w->state_path, w->seal_epoch, w->seq_id,
			       w->seal_key)) {
		snprintf(err, errlen, "%s: %s", w->state_path,
			 strerror(errno));
		goto fail;
	}
	return 0;
fail:
	close(fd);
fail_mem:
	wipe_keys(w);
	free(w->buf);
	free(w->blk);
	w->blk = NULL;
	free(w->state_path);
	free(w->path);
	w->buf = NULL;
	w->state_path = NULL;
	w->path = NULL;
	w->fd = -1;
	return -1;
}

/*
 * The current file is closed (its last segment archived and synced):
 * rename it "<path>.<first segment>" and go on in a new <path>. A crash
 * in between leaves <path> missing or empty, which f3_writer_open() goes
 * on from.
 */
static int next_file(struct f3_writer *w)
{
	char *old;
	int fd;

	if (asprintf(&old, "%s.%010" PRIu64, w->path,
		     w->file_first_segment) < 0)
		return -1;
	if (!access(old, F_OK)) {
		free(old);
		errno = EEXIST;
		return -1;
	}
	if (rename(w->path, old)) {
		free(old);
		return -1;
	}
	free(old);
	fd = open(w->path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	if (flock(fd, LOCK_EX | LOCK_NB) || f3_sync_parent_dir(w->path)) {
		close(fd);
		return -1;
	}
	close(w->fd);
	w->fd = fd;
	w->size = 0;
	w->durable = 0;
	w->file_first_segment = w->segment_no + 1;
	w->files_rotated++;
	return 0;
}

/* Close the current segment as archived and start the next one. */
static int rotate(struct f3_writer *w)
{
	if (f3_writer_sync(w, 0))
		return -1;
	if (set_state(w, w->seg_off, F3_SEG_ARCHIVED)) {
		fail_writer(w);
		return -1;
	}
	if (w->rotate_files && (fdatasync(w->fd) || next_file(w))) {
		fail_writer(w);
		return -1;
	}
	sodium_memzero(&w->ss, sizeof(w->ss));
	w->segment_no++;
	if (start_segment(w))
		return -1;
	return f3_writer_sync(w, 0);
}

int f3_writer_add(struct f3_writer *w, const void *rec, uint32_t len)
{
	uint32_t dlen = w->encrypted ? len + F3_ABYTES : len, l;
	uint8_t *fr;

	if (w->failed) {
		errno = EIO;
		return -1;
	}
	if (len > XTRAIL_REC_MAX) {
		errno = EINVAL;
		return -1;
	}
	if (w->blocks) {
		/* What the segment holds once the block with it is framed. */
		dlen = F3_BLOCK_HDR + w->blk_len + len +
		       (w->encrypted ? F3_ABYTES : 0);
		if (w->blk_len + len > F3_BLOCK_MAX && emit_block(w))
			return -1;
	}
	if (w->max_segment && (w->seg_bytes > F3_HDR_SIZE || w->blk_count) &&
	    w->seg_bytes + F3_FRAME_HDR + dlen + 8 > w->max_segment &&
	    rotate(w))
		return -1;
	if (w->blocks) {
		if (!w->blk_count)
			w->blk_seq = w->next_seq;
		memcpy(w->blk + w->blk_len, rec, len);
		w->blk_len += len;
		w->blk_count++;
		goto added;
	}
	fr = frame_begin(w, dlen, &l);
	if (!fr)
		return -1;
	if (w->encrypted)
		crypto_secretstream_xchacha20poly1305_push(&w->ss,
			fr + F3_FRAME_HDR, NULL, rec, len, NULL, 0,
			crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
	else
		memcpy(fr + F3_FRAME_HDR, rec, len);
	frame_end(w, fr, l, F3_FRAME_RECORD, dlen, w->next_seq);
added:
	w->next_seq++;
	w->frames++;
	w->unsealed++;
	return 0;
}

int f3_writer_mark(struct f3_writer *w, const struct f3_mark *m)
{
	if (w->failed) {
		errno = EIO;
		return -1;
	}
	if (mark_frame_add(w, m))
		return -1;
	return f3_writer_sync(w, 0);
}

void f3_writer_abandon(struct f3_writer *w)
{
	if (w->fd >= 0)
		close(w->fd);
	w->fd = -1;
	wipe_keys(w);
	free(w->buf);
	free(w->blk);
	free(w->state_path);
	free(w->path);
	w->buf = NULL;
	w->blk = NULL;
	w->state_path = NULL;
	w->path = NULL;
}

int f3_writer_seal(struct f3_writer *w)
{
	struct f3_seal s;
	uint8_t next[F3_KEY_LEN];
	uint8_t *fr;
	uint32_t l;

	if (w->failed) {
		errno = EIO;
		return -1;
	}
	if (!w->sealing)
		return 0;
	if (emit_block(w))
		return -1;
	memset(&s, 0, sizeof(s));
	s.epoch = xt_cpu64(w->seal_epoch);
	s.seq = xt_cpu64(w->next_seq);
	s.time_ns = xt_cpu64(now_ns());
	memcpy(s.chain, w->chain, F3_HASH);
	f3_seal_mac(s.mac, w->seal_key, w->seq_id, &s);
	fr = frame_begin(w, sizeof(s), &l);
	if (!fr)
		return -1;
	memcpy(fr + F3_FRAME_HDR, &s, sizeof(s));
	frame_end(w, fr, l, F3_FRAME_SEAL, sizeof(s), w->next_seq);
	/* The seal is on disk before the key that made it is gone. */
	if (f3_writer_sync(w, 0))
		return -1;
	memcpy(next, w->seal_key, F3_KEY_LEN);
	f3_key_evolve(next);
	if (w->state_path &&
	    f3_seal_state_save(w->state_path, w->seal_epoch + 1, w->seq_id,
			       next)) {
		sodium_memzero(next, sizeof(next));
		fail_writer(w);
		return -1;
	}
	memcpy(w->seal_key, next, F3_KEY_LEN);
	sodium_memzero(next, sizeof(next));
	w->seal_epoch++;
	w->unsealed = 0;
	w->seals++;
	return 0;
}

int f3_writer_close(struct f3_writer *w)
{
	int ret = 0, e = 0;

	if (w->fd < 0)
		return 0;
	if (!w->failed && w->sealing && w->unsealed && f3_writer_seal(w))
		ret = -1;
	if (!ret && f3_writer_sync(w, 0))
		ret = -1;
	if (!ret && (set_state(w, w->seg_off, F3_SEG_OFFLINE) ||
		     fdatasync(w->fd)))
		ret = -1;
	if (w->failed)
		ret = -1;
	if (ret)
		e = errno ? errno : EIO;
	if (close(w->fd) && !ret) {
		ret = -1;
		e = errno;
	}
	w->fd = -1;
	wipe_keys(w);
	free(w->buf);
	free(w->blk);
	w->blk = NULL;
	free(w->state_path);
	free(w->path);
	w->buf = NULL;
	w->state_path = NULL;
	w->path = NULL;
	errno = e;
	return ret;
}
