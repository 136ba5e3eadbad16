/* SPDX-License-Identifier: GPL-2.0 */
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
 * The UUID is written as text in its canonical form, lowercase
 * ("6f1e...-..."); the name as record_json.h writes a guest's string
 * (valid UTF-8 copied, a backslash doubled, any other byte \xHH), though
 * dom0 only records printable ASCII.
 */
#ifndef XTRAIL_VM_JOIN_H
#define XTRAIL_VM_JOIN_H

#include <stddef.h>
#include <stdint.h>

#include "xtrail_proto.h"

#define XT_VM_UUID_TEXT		37	/* 36 characters and the NUL */
/* The name's escaped form: each byte at most \xHH */
#define XT_VM_NAME_TEXT		(4 * XTRAIL_VM_NAME_MAX + 1)

struct xt_vm_ident {
	uint16_t domid;
	char uuid[XT_VM_UUID_TEXT];
	char name[XT_VM_NAME_TEXT];
};

/* The identities in force; zero-initialise, xt_vm_join_free() at the end. */
struct xt_vm_join {
	struct xt_vm_ident *v;
	size_t n, cap;
	struct xt_vm_ident last;	/* what the last record carried */
};

/*
 * Whether @s has a UUID's shape (36 characters, '-' at 8, 13, 18, 23):
 * 1, or 0. xt_vm_uuid_parse() then says whether it is one.
 */
int xt_vm_uuid_shaped(const char *s);

/* A UUID in canonical text form, any case, into @out lowercase: 0 or -1. */
int xt_vm_uuid_parse(const char *s, char out[XT_VM_UUID_TEXT]);

/*
 * Take the next record of the log (already checked): returns the identity
 * it carries (valid until the next call; "" and "" when none). Returns
 * NULL when memory runs out.
 */
const struct xt_vm_ident *xt_vm_join_rec(struct xt_vm_join *j,
					 const void *rec, uint32_t len);

void xt_vm_join_free(struct xt_vm_join *j);

#endif /* XTRAIL_VM_JOIN_H */
