// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_ring: dom0's consumer of a guest ring, xtrail_consume() from
 * dom0-module/consumer.c itself (built against kshim/), on a ring whose
 * every byte the fuzzer controls, with a guest that moves prod and
 * rewrites the data area behind the consumer's back: between records, and
 * once in the middle of the consumer's copies (kshim/linux/string.h).
 *
 * Input: see struct ring_in in fuzz_input.h. The index page, the data
 * area and the consumer's private buffer are heap blocks of their exact
 * size, so ASan catches any access outside them. Besides that:
 *  - every record delivered passes fz_rec_ok() for a guest, carries the
 *    backend's domid and receipt time, and is byte for byte what the ring
 *    holds at the consumer index (before or after the race);
 *  - it lies in a window the guest published and that fits the ring:
 *    cons never passes prod;
 *  - a violation is justified by the ring's contents (fz_rec_ok() refuses
 *    the record too; unless the race hit that record, when the consumer
 *    saw two versions of it) and stops the ring for good;
 *  - return values, the published cons and the counters add up.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kernel.h"
#include "clock.h"
#include "consumer.h"
#include "fuzz_check.h"
#include "fuzz_input.h"
#include "xtrail_ring.h"

#define DOMID		7
#define RECV_NS		0x1122334455667788ull

static struct {
	struct xtrail_consumer c;
	struct xtrail_ring_intf *intf;
	uint8_t *data;
	u32 size;
	const uint8_t *step;	/* struct ring_step[nstep], unaligned */
	unsigned int nstep;
	u32 pub[RING_MAX_STEPS + 1];	/* every prod the guest published */
	unsigned int npub;
	unsigned int got;	/* records taken in this xtrail_consume() */
	int refused;		/* the last delivery was refused */
	u64 records, bytes;	/* records and bytes taken */
	unsigned int copies;	/* the consumer's memcpy()s so far */
	unsigned int race_call;	/* the race follows this one (0: none) */
	u16 race_off;		/* as in struct ring_in */
	u8 race_val;
	int raced;		/* the race hit the record being looked at */
	u32 race_idx;		/* the stream index it rewrote */
	u8 race_old;		/* and what was there */
} fr;

static uint8_t ring_copy[XTRAIL_REC_MAX];

u64 xtrail_clock_ns(u16 *rec_flags)
{
	return RECV_NS;
}

/* consumer.c's memcpy() (kshim/linux/string.h): the guest may race it. */
void *fz_guest_memcpy(void *dst, const void *src, size_t n)
{
	memcpy(dst, src, n);
	if (++fr.copies == fr.race_call) {
		fr.race_idx = fr.c.cons + fr.race_off;
		fr.race_old = fr.data[fr.race_idx % fr.size];
		fr.data[fr.race_idx % fr.size] = fr.race_val;
		fr.raced = 1;
	}
	return dst;
}

/* The ring's bytes at stream index @idx, read one by one. */
static void ring_get(uint8_t *dst, u32 idx, u32 len)
{
	u32 i;

	for (i = 0; i < len; i++)
		dst[i] = fr.data[(idx + i) % fr.size];
}

static int published(u32 prod)
{
	unsigned int i;

	for (i = 0; i < fr.npub; i++)
		if (fr.pub[i] == prod)
			return 1;
	return 0;
}

/* Is [@cons, @cons + @len) inside a valid window the guest published? */
static int published_window(u32 cons, u32 len)
{
	unsigned int i;
	u32 used;

	for (i = 0; i < fr.npub; i++) {
		used = fr.pub[i] - cons;
		if (!(fr.pub[i] % XTRAIL_REC_ALIGN) && used <= fr.size &&
		    len <= used)
			return 1;
	}
	return 0;
}

/* Ring n of a source carries the records of its vCPUs n, n + nr_rings... */
static int right_ring(const uint8_t *rec)
{
	return FZ_HDR(rec, vcpu) % fr.c.nr_rings == fr.c.ring;
}

static void check_record(const uint8_t *rec, u32 len)
{
	struct xtrail_rec_hdr *h = (struct xtrail_rec_hdr *)ring_copy;
	u32 cons = fr.c.cons;

	fz_assert(fz_rec_ok(rec, len, 1) && right_ring(rec));
	fz_assert(published_window(cons, len));
	/* The ring's bytes, with what the backend stamps on them. */
	ring_get(ring_copy, cons, len);
	h->domid = cpu_to_le16(DOMID);
	h->recv_ns = cpu_to_le64(RECV_NS);
	if (memcmp(rec, ring_copy, len) && fr.raced &&
	    fr.race_idx - cons < len) {
		/* The race came after the consumer's copy of that byte. */
		ring_copy[fr.race_idx - cons] = fr.race_old;
		h->domid = cpu_to_le16(DOMID);
		h->recv_ns = cpu_to_le64(RECV_NS);
	}
	fz_assert(!memcmp(rec, ring_copy, len));
}

static void guest_step(void)
{
	struct ring_step s;
	u32 prod;

	memcpy(&s, fr.step, sizeof(s));
	fr.step += sizeof(s);
	fr.nstep--;
	prod = le32_to_cpu(fr.intf->prod) + le32_to_cpu(s.prod_add);
	fr.intf->prod = cpu_to_le32(prod);
	fr.pub[fr.npub++] = prod;
	fr.data[(fr.c.cons + le16_to_cpu(s.poke_off)) % fr.size] =
		s.poke_val;
	/* The consumer's own index is private: the shared copy is a lie. */
	fr.intf->cons = cpu_to_le32(~prod);
	fr.refused = s.refuse & 1;
}

static int deliver(struct xtrail_consumer *c, void *rec, u32 len)
{
	fz_assert(c == &fr.c && rec == c->buf);
	check_record(rec, len);
	/* Any record after this one is copied from the ring as it is now. */
	fr.raced = 0;
	fr.refused = 0;
	if (fr.nstep)
		guest_step();
	if (fr.refused)
		return -ENOSPC;
	fr.got++;
	fr.records++;
	fr.bytes += len;
	return 0;
}

/* The ring was stopped: was it right to? */
static void check_violation(void)
{
	const struct xtrail_consumer *c = &fr.c;
	u32 cons = c->cons, prod = c->bad_prod, avail = prod - cons, len;

	fz_assert(c->bad > XTRAIL_OK && c->bad < XTRAIL_VERDICT_MAX);
	fz_assert(published(prod));
	if (avail > fr.size || prod % XTRAIL_REC_ALIGN ||
	    cons % XTRAIL_REC_ALIGN) {
		fz_assert(c->bad == XTRAIL_BAD_INDEX);
		return;
	}
	/* The consumer only looks at a record while cons != prod. */
	fz_assert(avail);
	if (avail < sizeof(struct xtrail_rec_hdr)) {
		fz_assert(c->bad == XTRAIL_BAD_SHORT && !c->bad_len &&
			  !c->bad_type);
		return;
	}
	/* Then the consumer saw its header before the race, maybe not now. */
	if (fr.raced)
		return;
	ring_get(ring_copy, cons, sizeof(struct xtrail_rec_hdr));
	len = fz_get(ring_copy, 0, 4);
	fz_assert(c->bad_len == len && c->bad_type == fz_get(ring_copy, 4, 2));
	if (len < sizeof(struct xtrail_rec_hdr) || len > XTRAIL_REC_MAX ||
	    len % XTRAIL_REC_ALIGN) {
		fz_assert(c->bad == XTRAIL_BAD_LEN);
	} else if (len > avail) {
		fz_assert(c->bad == XTRAIL_BAD_SHORT);
	} else {
		ring_get(ring_copy, cons, len);
		if (fz_rec_ok(ring_copy, len, 1)) {
			fz_assert(c->bad == XTRAIL_BAD_RING &&
				  !right_ring(ring_copy));
		} else {
			fz_assert(c->bad >= XTRAIL_BAD_TYPE &&
				  c->bad <= XTRAIL_BAD_SEQ);
		}
	}
}

/* Consume until the ring is empty or stopped. */
static void run(unsigned int budget)
{
	struct xtrail_consumer *c = &fr.c;
	u32 cons, ev;
	int ret;

	for (;;) {
		fr.got = 0;
		ret = xtrail_consume(c, budget);
		fz_assert(c->records == fr.records && c->bytes == fr.bytes);
		if (ret == -EPROTO)
			break;
		fz_assert(!c->bad && le32_to_cpu(fr.intf->cons) == c->cons);
		if (ret >= 0) {
			/* Drained: nothing left the guest published. */
			fz_assert((unsigned int)ret == fr.got);
			fz_assert(le32_to_cpu(fr.intf->prod) == c->cons);
			/* It asked for an event the guest can still send. */
			ev = le32_to_cpu(fr.intf->cons_event) - c->cons;
			fz_assert(ev && ev <= fr.size);
			return;
		}
		/* -EAGAIN: the budget ran out, or the passes with more left. */
		fz_assert(ret == -EAGAIN ? fr.got == budget ||
			  le32_to_cpu(fr.intf->prod) != c->cons :
			  ret == -ENOSPC && fr.refused);
	}
	check_violation();
	cons = c->cons;
	fz_assert(xtrail_consume(c, budget) == -EPROTO && c->cons == cons);
	fz_assert(c->records == fr.records);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ring_in in;
	unsigned int order, nr_rings;
	u32 cons, n, i;

	if (size < sizeof(in))
		return 0;
	memcpy(&in, data, sizeof(in));
	data += sizeof(in);
	size -= sizeof(in);
	fr.nstep = in.nstep % (RING_MAX_STEPS + 1);
	if (size < fr.nstep * sizeof(struct ring_step))
		return 0;
	fr.step = data;
	data += fr.nstep * sizeof(struct ring_step);
	size -= fr.nstep * sizeof(struct ring_step);

	order = XTRAIL_RING_ORDER_MIN + (in.order & 1);
	fr.size = xtrail_ring_size(order);
	fr.intf = calloc(1, sizeof(*fr.intf));
	fr.data = calloc(1, fr.size);
	fz_assert(fr.intf && fr.data);
	cons = le32_to_cpu(in.cons);
	n = size < fr.size ? size : fr.size;
	for (i = 0; i < n; i++)
		fr.data[(cons + i) % fr.size] = data[i];
	fr.intf->magic = cpu_to_le32(XTRAIL_RING_MAGIC);
	fr.intf->version = cpu_to_le32(XTRAIL_PROTO_VERSION);
	fr.intf->ring_order = cpu_to_le32(order);
	fr.intf->cons = in.cons;
	fr.pub[0] = cons + le32_to_cpu(in.used);
	fr.intf->prod = cpu_to_le32(fr.pub[0]);
	fr.npub = 1;
	fr.records = 0;
	fr.bytes = 0;
	fr.copies = 0;
	fr.race_call = in.race_call;
	fr.race_off = le16_to_cpu(in.race_off);
	fr.race_val = in.race_val;
	fr.raced = 0;

	nr_rings = in.nr_rings % XTRAIL_RINGS_MAX + 1;
	fz_assert(!xtrail_consumer_init(&fr.c, fr.intf, fr.data, order, DOMID,
					in.ring % nr_rings, nr_rings,
					deliver));
	fz_assert(fr.c.cons == cons && fr.c.size == fr.size);
	run(in.budget + 1u);
	xtrail_consumer_uninit(&fr.c);
	free(fr.data);
	free(fr.intf);
	return 0;
}
