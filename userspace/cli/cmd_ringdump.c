// SPDX-License-Identifier: GPL-2.0
/*
 * xtrail ring-dump DOMID: an independent view of a guest's rings.
 *
 * It does not go through the dom0 module at all: it reads the guest's ring
 * description from xenstore (libxenstore), maps each ring's index page and
 * data pages read-only into this process with libxengnttab, takes one
 * snapshot of the bytes between the consumer and the producer index, and
 * decodes them with the shared header's checks (xtrail_ring_check(),
 * xtrail_hdr_check(), xtrail_rec_check()) and record_json.c. It never
 * writes to the rings, never moves cons and never notifies (so it needs no
 * event channel): the backend's state is untouched. Tests use it as an
 * oracle: with dom0's consumption paused, what it prints must reach F3.
 *
 * Everything in the guest's xenstore area and in its pages is the guest's
 * word: read once, bounded, copied, then parsed.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <xengnttab.h>

#include "xtrail_ring.h"
#include "cli.h"
#include "record_json.h"
#include "xs_util.h"
#include "xtrail_genl.h"

#define DUMP_TRIES	5	/* snapshots before giving up on a moving cons */

enum { DUMP_OK = 0, DUMP_ERR = 1, DUMP_INVALID = 2 };

struct dump {
	const char *cmd;
	struct xt_dev d;
	struct xs_handle *xs;
	xengnttab_handle *gt;
	unsigned int order;
	unsigned int nr_rings;
	int one;		/* --ring: only ring @only */
	unsigned int only;
	uint8_t *buf;		/* private copy of one ring's window */
};

static void dump_usage(FILE *f, const char *cmd)
{
	fprintf(f,
		"Usage: %s DOMID [--devid N] [--ring N]\n"
		"Map the guest DOMID's rings read-only and print the records it has\n"
		"published that dom0 has not taken yet (from cons to prod), as JSON\n"
		"Lines with \"ring\" and \"offset\" added. A ring whose content breaks\n"
		"the protocol ends with {\"ring\":R,\"offset\":O,\"invalid\":REASON,...}.\n"
		"Never writes to the rings. Exit status: 0, 1 on error, 2 when a ring\n"
		"holds something invalid.\n"
		"  --devid N   the guest's xtrail device (default 0)\n"
		"  --ring N    only ring N\n",
		cmd);
}

/* The guest's ring description, each value read once and bounded. */
static int dump_desc(struct dump *s)
{
	int state = xt_xs_read_int(s->xs, XBT_NULL, s->d.fe, "state");
	int order, nr;

	if (state < 0) {
		fprintf(stderr, "%s: no xtrail device %u in domain %u (%s)\n",
			s->cmd, s->d.devid, s->d.domid, s->d.fe);
		return -1;
	}
	if (state != XT_XB_CONNECTED) {
		fprintf(stderr,
			"%s: domain %u's frontend is %s, not Connected: no rings\n",
			s->cmd, s->d.domid, xt_xs_state_name(state));
		return -1;
	}
	order = xt_xs_read_int(s->xs, XBT_NULL, s->d.fe,
			       XTRAIL_XS_RING_ORDER);
	nr = xt_xs_read_int(s->xs, XBT_NULL, s->d.fe, XTRAIL_XS_NUM_RINGS);
	if (order < XTRAIL_RING_ORDER_MIN || order > XTRAIL_RING_ORDER_MAX ||
	    nr < 1 || nr > XTRAIL_RINGS_MAX) {
		fprintf(stderr,
			"%s: domain %u publishes an invalid ring description (%s=%d, %s=%d)\n",
			s->cmd, s->d.domid, XTRAIL_XS_RING_ORDER, order,
			XTRAIL_XS_NUM_RINGS, nr);
		return -1;
	}
	s->order = order;
	s->nr_rings = nr;
	return 0;
}

static void dump_invalid(unsigned int ring, uint32_t off, unsigned int v,
			 uint32_t prod, uint32_t cons, uint32_t len,
			 uint32_t type)
{
	printf("{\"ring\":%u,\"offset\":%" PRIu32 ",\"invalid\":\"%s\","
	       "\"prod\":%" PRIu32 ",\"cons\":%" PRIu32 ",\"rec_len\":%" PRIu32
	       ",\"rec_type\":%" PRIu32 "}\n",
	       ring, off, xtrail_verdict_str(v), prod, cons, len, type);
}

/* One record of the private copy, valid, as a JSON line. */
static int dump_record(struct dump *s, unsigned int ring, uint32_t off,
		       uint8_t *rec, uint32_t len)
{
	struct xtrail_rec_hdr *h = (struct xtrail_rec_hdr *)rec;
	struct json_object *o;
	char *line;

	/* As dom0 does: the source is who xenstore says, not the record. */
	h->domid = xt_cpu16(s->d.domid);
	h->recv_ns = 0;
	o = xt_json_rec(rec, len, NULL);
	if (!o ||
	    json_object_object_add(o, "ring", json_object_new_int(ring)) ||
	    json_object_object_add(o, "offset",
				   json_object_new_int64(off))) {
		json_object_put(o);
		fprintf(stderr, "%s: out of memory\n", s->cmd);
		return DUMP_ERR;
	}
	line = xt_json_line(o);
	json_object_put(o);
	if (!line) {
		fprintf(stderr, "%s: out of memory\n", s->cmd);
		return DUMP_ERR;
	}
	puts(line);
	free(line);
	return DUMP_OK;
}

/* Decode the snapshot [cons, prod) of ring @ring held in s->buf. */
static int dump_window(struct dump *s, unsigned int ring, uint32_t prod,
		       uint32_t cons)
{
	uint32_t size = xtrail_ring_size(s->order), used, at = 0, len;
	struct xtrail_rec_hdr *h;
	unsigned int v;
	int ret;

	v = xtrail_ring_check(prod, cons, size);
	if (v == XTRAIL_OK && cons % XTRAIL_REC_ALIGN)
		v = XTRAIL_BAD_INDEX;
	if (v != XTRAIL_OK) {
		dump_invalid(ring, cons, v, prod, cons, 0, 0);
		return DUMP_INVALID;
	}
	used = xtrail_ring_used(prod, cons);
	while (at < used) {
		h = (struct xtrail_rec_hdr *)(s->buf + at);
		len = 0;
		if (used - at < sizeof(*h)) {
			v = XTRAIL_BAD_SHORT;
		} else {
			len = xt_le32(h->len);
			v = xtrail_hdr_check(h, used - at);
			if (v == XTRAIL_OK)
				v = xtrail_rec_check(h, len, 1);
			if (v == XTRAIL_OK &&
			    xt_le16(h->vcpu) % s->nr_rings != ring)
				v = XTRAIL_BAD_RING;
		}
		if (v != XTRAIL_OK) {
			dump_invalid(ring, cons + at, v, prod, cons, len,
				     used - at < sizeof(*h) ? 0 :
				     xt_le16(h->type));
			return DUMP_INVALID;
		}
		ret = dump_record(s, ring, cons + at, (uint8_t *)h, len);
		if (ret)
			return ret;
		at += len;
	}
	return DUMP_OK;
}

/*
 * Copy ring @ring's published window out of the mapped pages. The indexes
 * are read once each; if dom0 moved cons meanwhile the copy may hold bytes
 * the guest has since reused, so it is taken again.
 */
static int dump_snapshot(struct dump *s, unsigned int ring,
			 const volatile struct xtrail_ring_intf *intf,
			 const void *data)
{
	uint32_t size = xtrail_ring_size(s->order), prod, cons;
	int tries;

	for (tries = 0; tries < DUMP_TRIES; tries++) {
		cons = xt_le32(intf->cons);
		prod = xt_le32(intf->prod);
		/* The index before the bytes it covers, as the consumer. */
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		if (xtrail_ring_check(prod, cons, size) == XTRAIL_OK)
			xtrail_ring_read(s->buf, data, size, cons,
					 xtrail_ring_used(prod, cons));
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		if (xt_le32(intf->cons) == cons)
			return dump_window(s, ring, prod, cons);
	}
	fprintf(stderr,
		"%s: ring %u: dom0 keeps consuming; pause it for a stable view\n",
		s->cmd, ring);
	return DUMP_ERR;
}

static int dump_ring(struct dump *s, unsigned int ring)
{
	uint32_t refs[XTRAIL_DATA_PAGES_MAX], n = 1u << s->order;
	volatile struct xtrail_ring_intf *intf;
	char key[24];
	void *data;
	unsigned int i;
	int ref, ret;

	snprintf(key, sizeof(key), XTRAIL_XS_RING_REF, ring);
	ref = xt_xs_read_int(s->xs, XBT_NULL, s->d.fe, key);
	if (ref < 0) {
		fprintf(stderr, "%s: ring %u: no valid %s/%s\n", s->cmd, ring,
			s->d.fe, key);
		return DUMP_ERR;
	}
	intf = xengnttab_map_grant_ref(s->gt, s->d.domid, ref, PROT_READ);
	if (!intf) {
		fprintf(stderr, "%s: ring %u: mapping grant %d of domain %u: %s\n",
			s->cmd, ring, ref, s->d.domid, strerror(errno));
		return DUMP_ERR;
	}
	if (xt_le32(intf->magic) != XTRAIL_RING_MAGIC) {
		dump_invalid(ring, 0, XTRAIL_BAD_XENSTORE, 0, 0, 0, 0);
		xengnttab_unmap(s->gt, (void *)intf, 1);
		return DUMP_INVALID;
	}
	/* Copied once: the guest may change them under us. */
	for (i = 0; i < n; i++)
		refs[i] = xt_le32(intf->ref[i]);
	data = xengnttab_map_domain_grant_refs(s->gt, n, s->d.domid, refs,
					       PROT_READ);
	if (!data) {
		fprintf(stderr,
			"%s: ring %u: mapping %u data pages of domain %u: %s\n",
			s->cmd, ring, n, s->d.domid, strerror(errno));
		xengnttab_unmap(s->gt, (void *)intf, 1);
		return DUMP_ERR;
	}
	ret = dump_snapshot(s, ring, intf, data);
	xengnttab_unmap(s->gt, data, n);
	xengnttab_unmap(s->gt, (void *)intf, 1);
	return ret;
}

/* Options and DOMID into @s: CLI_CONTINUE, or the exit status. */
static int dump_opts(int argc, char *argv[], struct dump *s)
{
	static const struct option opts[] = {
		{ "devid", required_argument, NULL, 'n' },
		{ "ring", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	unsigned int domid, devid = 0, bdom = 0;
	int o, dev;

	while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		dev = o == 'n' ? dev_opt(s->cmd, o, optarg, &devid, &bdom) : 0;
		if (dev < 0)
			return DUMP_ERR;
		if (dev)
			continue;
		switch (o) {
		case 'r':
			if (parse_uint(s->cmd, "ring", optarg, 0,
				       XTRAIL_RINGS_MAX - 1, &s->only))
				return DUMP_ERR;
			s->one = 1;
			break;
		case 'h':
			dump_usage(stdout, s->cmd);
			return DUMP_OK;
		default:
			dump_usage(stderr, s->cmd);
			return DUMP_ERR;
		}
	}
	if (argc - optind != 1) {
		dump_usage(stderr, s->cmd);
		return DUMP_ERR;
	}
	if (parse_uint(s->cmd, "domid", argv[optind], 1, XTRAIL_DOMID_MAX,
		       &domid))
		return DUMP_ERR;
	xt_xs_dev_init(&s->d, domid, devid, bdom);
	return CLI_CONTINUE;
}

/* Every ring (or the one of --ring) described: the worst status. */
static int dump_rings(struct dump *s)
{
	int ret = DUMP_OK, r;
	unsigned int i;

	s->buf = malloc(xtrail_ring_size(s->order));
	s->gt = xengnttab_open(NULL, 0);
	if (!s->buf || !s->gt) {
		fprintf(stderr,
			"%s: cannot open the grant device: %s (run this in dom0 as root, with xen-gntdev loaded)\n",
			s->cmd, s->buf ? strerror(errno) : "out of memory");
		ret = DUMP_ERR;
	}
	for (i = 0; ret != DUMP_ERR && i < s->nr_rings; i++) {
		if (s->one && i != s->only)
			continue;
		r = dump_ring(s, i);
		if (r == DUMP_ERR || ret == DUMP_OK)
			ret = r;
	}
	if (fflush(stdout)) {
		fprintf(stderr, "%s: writing: %s\n", s->cmd, strerror(errno));
		ret = DUMP_ERR;
	}
	if (s->gt)
		xengnttab_close(s->gt);
	free(s->buf);
	return ret;
}

int cmd_ringdump(int argc, char *argv[])
{
	struct dump s = { .cmd = argv[0] };
	int ret;

	ret = dump_opts(argc, argv, &s);
	if (ret != CLI_CONTINUE)
		return ret;
	s.xs = xt_xs_open(s.cmd);
	if (!s.xs)
		return DUMP_ERR;
	if (dump_desc(&s)) {
		ret = DUMP_ERR;
	} else if (s.one && s.only >= s.nr_rings) {
		fprintf(stderr, "%s: domain %u has %u rings, no ring %u\n",
			s.cmd, s.d.domid, s.nr_rings, s.only);
		ret = DUMP_ERR;
	} else {
		ret = dump_rings(&s);
	}
	xs_close(s.xs);
	return ret;
}
