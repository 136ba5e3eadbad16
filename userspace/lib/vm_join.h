/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Which VM a record of the log is about: the join of every record with
 * the VM identity in force for its domid at that point of the log.
 *
 * A domid names a VM only while it runs: Xen gives it to another VM once
 * this one is gone. dom0 writes a VM_IDENTITY record (xtrail_proto.h:
 * UUID, name, NICs, read from keys only dom0 can write) ahead of each
 * guest's CONNECT record and whenever the identity changes. A record of
 * domid D carries the identity of the last VM_IDENTITY of D before it (or
 * the record itself), up to and including D's next DISCONNECT record;
 * after that, none until D's next VM_IDENTITY. dom0's own records (domid
 * 0) and a guest's before its first VM_IDENTITY carry none ("").
 *
 * The merge (xtrail_proto.h) orders records by a key that may come up to
 * its window before dom0 received them: a guest's records written before
 * dom0 connected it, taken from its ring just after, can sort ahead of
 * the VM_IDENTITY that dom0 made at the connect. So a record of D with no
 * identity in force is held (and every record after it, to keep the order)
 * until the window has passed: a VM_IDENTITY of D received at or before
 * the record was received (recv_ns) gives it its identity. The window is
 * the latest CLOCK record's merge_window_ns (1 s before the first).
 *
 * The UUID is written as text in its canonical form, lowercase
 * ("6f1e...-..."); the name as record_json.h writes a guest's string
 * (valid UTF-8 copied, a backslash doubled, any other byte \xHH), though
 * dom0 only records printable ASCII.
 */
#ifndef XTRAIL_VM_JOIN_H
#define XTRAIL_VM_JOIN_H

#include <stddef.h>
#include <stdint.h>

#include "record_json.h"
#include "xtrail_proto.h"

#define XT_VM_UUID_TEXT		37	/* 36 characters and the NUL */
/* The name's escaped form: each byte at most \xHH */
#define XT_VM_NAME_TEXT		(4 * XTRAIL_VM_NAME_MAX + 1)

struct xt_vm_ident {
	uint16_t domid;
	char uuid[XT_VM_UUID_TEXT];
	char name[XT_VM_NAME_TEXT];
};

/* A record on its way out, with the identity it carries. */
struct xt_vm_held {
	void *rec;
	uint32_t len;
	uint64_t f3_seq;
	struct xtrail_clock_ref clk;	/* the reference at that record */
	struct xt_vm_ident id;
	int waiting;			/* no identity yet: may get one */
};

/* The identities in force; zero-initialise, xt_vm_join_free() at the end. */
struct xt_vm_join {
	struct xt_vm_ident *v;
	size_t n, cap;
	struct xt_vm_ident last;	/* what the last record carried */
	struct xt_vm_held *q;		/* the records held, in log order */
	size_t qhead, qn, qcap;
	struct xt_vm_held out;		/* what xt_vm_join_next() gave */
	uint64_t window_ns;
	int have_window;
};

/*
 * Whether @s has a UUID's shape (36 characters, '-' at 8, 13, 18, 23):
 * 1, or 0. xt_vm_uuid_parse() then says whether it is one.
 */
int xt_vm_uuid_shaped(const char *s);

/* A UUID in canonical text form, any case, into @out lowercase: 0 or -1. */
int xt_vm_uuid_parse(const char *s, char out[XT_VM_UUID_TEXT]);

/*
 * Take the next record of the log (already checked), its F3 sequence
 * number and the clock reference for it (copied). 0, or -1 when memory
 * runs out.
 */
int xt_vm_join_push(struct xt_vm_join *j, const void *rec, uint32_t len,
		    uint64_t f3_seq, const struct xtrail_clock_ref *clk);

/*
 * The next record ready to be written, in log order, with its identity
 * (valid until the next call), or NULL when none is ready yet; @end (the
 * log is over) makes every record held ready.
 */
const struct xt_vm_held *xt_vm_join_next(struct xt_vm_join *j, int end);

void xt_vm_join_free(struct xt_vm_join *j);

#endif /* XTRAIL_VM_JOIN_H */
