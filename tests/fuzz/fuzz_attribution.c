// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_attribution: the input is a log described as 16-byte operations,
 * each one record of a few guests (CONNECT, DISCONNECT, EXEC, FORK, EXIT,
 * NET, FLOW, LOST, SEQ_GAP, HB_SILENCE, DOM0_LOST, STREAM_JUMP,
 * VM_IDENTITY) from a small set of addresses, ports and times, so that
 * flows and the guest's records meet often; a last odd-sized piece is
 * handed over as raw bytes. The cross-check (userspace/lib/attribution.c)
 * must take any of it, and its verdicts must be consistent: attributed
 * means a match, a match of an outbound flow means attributed, unknown
 * names a hole, unattributed names none, a program's argv lies in its
 * record.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "attribution.h"
#include "test_util.h"

#define OP_LEN	16

static const uint16_t ports[] = { 25, 53, 40000, 40001 };

static void set_addr(uint8_t *a, unsigned int sel)
{
	memset(a, 0, 16);
	if (sel == 3)
		return;	/* unbound */
	a[0] = 10;
	a[1] = 99;
	a[3] = 1 + sel;
}

/* The record of operation @op at time @t into r; its length. */
static uint32_t build(struct rec_buf *r, const uint8_t *op, uint64_t t)
{
	unsigned int type = op[0] % 13, domid = op[1] % 3 + 1;
	struct xtrail_rec_hdr *h;
	uint32_t len;
	void *b;

	switch (type) {
	case 0:
	case 1:
	case 8:
	case 9:
	case 10:
	case 11:
	case 12: {
		static const unsigned int types[] = {
			XTRAIL_REC_CONNECT, XTRAIL_REC_DISCONNECT, 0, 0, 0, 0,
			0, 0, XTRAIL_REC_SEQ_GAP, XTRAIL_REC_HB_SILENCE,
			XTRAIL_REC_DOM0_LOST, XTRAIL_REC_STREAM_JUMP,
			XTRAIL_REC_VM_IDENTITY,
		};

		len = build_dom0(r, types[type]);
		h = hdr_of(r);
		b = h + 1;
		if (type == 9) {
			((struct xtrail_hb_silence *)b)->state =
				xt_cpu32(1 + (op[4] & 1));
			((struct xtrail_hb_silence *)b)->silent_ns =
				xt_cpu64((uint64_t)op[5] << 26);
		} else if (type == 10) {
			((struct xtrail_dom0_lost *)b)->first_ns =
				xt_cpu64(t - ((uint64_t)op[5] << 26));
			((struct xtrail_dom0_lost *)b)->last_ns = xt_cpu64(t);
		} else if (type == 11) {
			((struct xtrail_stream_jump *)b)->kind =
				xt_cpu32(1 + op[4] % 4);
			((struct xtrail_stream_jump *)b)->missing =
				xt_cpu64(op[5] & 1);
		} else if (type == 12) {
			memset(((struct xtrail_vm_identity *)b)->uuid, op[4] & 3,
			       16);
			((struct xtrail_vm_identity *)b)->name[0] = op[5];
		} else if (type == 8) {
			((struct xtrail_seq_gap *)b)->ring = xt_cpu32(op[4] & 1);
		}
		break;
	}
	case 2:
		len = build_exec(r, "/bin/x", 6, 0, "x\0-y", 5, op[4] & 1, 0,
				 2 + (op[4] & 1));
		h = hdr_of(r);
		break;
	case 3:
		len = build_fixed(r, XTRAIL_REC_FORK, sizeof(struct xtrail_fork));
		h = hdr_of(r);
		((struct xtrail_fork *)(h + 1))->child_tgid = xt_cpu32(op[6] % 4);
		((struct xtrail_fork *)(h + 1))->flags = xt_cpu32(op[4] & 1);
		break;
	case 4:
		len = build_fixed(r, XTRAIL_REC_EXIT, sizeof(struct xtrail_exit));
		h = hdr_of(r);
		((struct xtrail_exit *)(h + 1))->flags = xt_cpu32(op[4] & 1);
		break;
	case 5: {
		struct xtrail_net *n;

		len = build_fixed(r, XTRAIL_REC_NET, sizeof(*n));
		h = hdr_of(r);
		n = (struct xtrail_net *)(h + 1);
		n->kind = xt_cpu32(1 + op[4] % 6);
		n->family = xt_cpu32(op[4] & 0x80 ? 10 : 2);
		n->protocol = xt_cpu32(op[4] & 0x40 ? 17 : op[4] & 0x20 ? 0 : 6);
		n->sport = xt_cpu16(ports[op[6] % 4]);
		n->dport = xt_cpu16(ports[(op[6] >> 2) % 4]);
		set_addr(n->saddr, (op[6] >> 4) % 4);
		set_addr(n->daddr, (op[6] >> 6) % 4);
		break;
	}
	case 6: {
		struct xtrail_flow *f;

		len = build_dom0(r, XTRAIL_REC_FLOW);
		h = hdr_of(r);
		f = (struct xtrail_flow *)(h + 1);
		f->event = xt_cpu32(1 + op[4] % 5);
		f->flags = xt_cpu32(op[4] >> 7);
		f->family = xt_cpu16(op[4] & 0x40 ? 10 : 2);
		f->protocol = op[4] & 0x20 ? 17 : 6;
		f->flow_id = xt_cpu64(op[7] % 8);
		f->first_ns = xt_cpu64(t - ((uint64_t)(op[5] & 3) << 29));
		f->sport = xt_cpu16(ports[op[6] % 4]);
		f->dport = xt_cpu16(ports[(op[6] >> 2) % 4]);
		set_addr(f->saddr, (op[6] >> 4) % 3);
		set_addr(f->daddr, (op[6] >> 6) % 3);
		break;
	}
	default:
		len = build_lost(r, 1 + op[4] % 4, op[5]);
		h = hdr_of(r);
		break;
	}
	h->domid = xt_cpu16(type == 11 ? 0 : domid);
	h->vcpu = xt_cpu16(op[8] & 1);
	h->tgid = xt_cpu32(op[9] % 4);
	h->pid = h->tgid;
	h->flags = xt_cpu16(op[10] & 3);
	h->ts_ns = xt_cpu64(t + ((uint64_t)op[11] << 22));
	h->recv_ns = xt_cpu64(t + ((uint64_t)op[12] << 22));
	return len;
}

static void check(const struct xt_attr *a)
{
	const struct xt_attr_flow *f;
	size_t i;

	for (i = 0; i < xt_attr_count(a); i++) {
		f = xt_attr_get(a, i);
		fz_assert(f);
		fz_assert(f->verdict >= XT_ATTR_ATTRIBUTED &&
			  f->verdict <= XT_ATTR_INBOUND);
		fz_assert((f->verdict == XT_ATTR_ATTRIBUTED) ==
			  (f->matched && (xt_le32(f->f.flags) &
					  XTRAIL_FLOW_FROM_GUEST)));
		fz_assert((f->verdict == XT_ATTR_UNKNOWN) ==
			  (f->hole != XT_HOLE_NONE));
		fz_assert(f->matched || !f->exec);
		fz_assert(!f->exec || f->exec->argv_len == 5);
		fz_assert(f->matched || !f->earlier);
		fz_assert(xt_attr_hole_name(f->hole)[0] != '?');
	}
	fz_assert(!xt_attr_get(a, i));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct rec_buf r;
	struct xt_attr *a = xt_attr_new(size && data[0] ?
					(uint64_t)data[0] << 24 :
					XT_ATTR_WINDOW_DEF);
	uint64_t t = 1ull << 40;
	size_t off = size ? 1 : 0;
	uint32_t len;

	if (!a)
		return 0;
	for (; off + OP_LEN <= size; off += OP_LEN) {
		t += (uint64_t)data[off + 13] << 24;
		len = build(&r, data + off, t);
		fz_assert(!xt_attr_add(a, r.b, len));
	}
	if (off < size) {
		memcpy(r.b, data + off, size - off);
		fz_assert(!xt_attr_add(a, r.b, size - off));
	}
	fz_assert(!xt_attr_finish(a));
	check(a);
	xt_attr_free(a);
	return 0;
}
