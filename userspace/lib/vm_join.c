// SPDX-License-Identifier: GPL-2.0
/*
 * The VM identity in force for each domid while a log is read; the rules
 * are in vm_join.h.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record_json.h"
#include "vm_join.h"

static int uuid_dash(size_t i)
{
	return i == 8 || i == 13 || i == 18 || i == 23;
}

int xt_vm_uuid_shaped(const char *s)
{
	size_t i;

	if (strlen(s) != XT_VM_UUID_TEXT - 1)
		return 0;
	for (i = 0; i < XT_VM_UUID_TEXT - 1; i++)
		if ((s[i] == '-') != uuid_dash(i))
			return 0;
	return 1;
}

int xt_vm_uuid_parse(const char *s, char out[XT_VM_UUID_TEXT])
{
	size_t i;

	if (!xt_vm_uuid_shaped(s))
		return -1;
	for (i = 0; i < XT_VM_UUID_TEXT - 1; i++) {
		if (!uuid_dash(i) && !isxdigit((unsigned char)s[i]))
			return -1;
		out[i] = tolower((unsigned char)s[i]);
	}
	out[i] = 0;
	return 0;
}

static struct xt_vm_ident *find(struct xt_vm_join *j, uint16_t domid)
{
	size_t i;

	for (i = 0; i < j->n; i++)
		if (j->v[i].domid == domid)
			return &j->v[i];
	return NULL;
}

/* The identity a VM_IDENTITY record states. 0, or -1 out of memory. */
static int set(struct xt_vm_join *j, uint16_t domid,
	       const struct xtrail_vm_identity *b)
{
	struct xt_vm_ident *e = find(j, domid), *nv;
	char *name;

	if (!e) {
		if (j->n == j->cap) {
			nv = realloc(j->v, (j->cap * 2 + 8) * sizeof(*nv));
			if (!nv)
				return -1;
			j->v = nv;
			j->cap = j->cap * 2 + 8;
		}
		e = &j->v[j->n++];
	}
	name = xt_json_str_escape(b->name, strnlen(b->name, sizeof(b->name)));
	if (!name) {
		*e = j->v[--j->n];
		return -1;
	}
	e->domid = domid;
	e->uuid[0] = 0;
	if (!(xt_le32(b->flags) & XTRAIL_VM_UUID_BAD))
		xt_json_uuid_text(b->uuid, e->uuid);
	snprintf(e->name, sizeof(e->name), "%s",
		 xt_le32(b->flags) & XTRAIL_VM_NAME_BAD ? "" : name);
	free(name);
	return 0;
}

const struct xt_vm_ident *xt_vm_join_rec(struct xt_vm_join *j,
					 const void *rec, uint32_t len)
{
	const struct xtrail_rec_hdr *h = rec;
	uint16_t domid = xt_le16(h->domid), type = xt_le16(h->type);
	struct xt_vm_ident *e;

	if (type == XTRAIL_REC_VM_IDENTITY &&
	    len >= sizeof(*h) + sizeof(struct xtrail_vm_identity) &&
	    set(j, domid, (const void *)(h + 1)))
		return NULL;
	e = find(j, domid);
	if (e)
		j->last = *e;
	else
		memset(&j->last, 0, sizeof(j->last));
	j->last.domid = domid;
	/* Its DISCONNECT is the last record the identity covers. */
	if (e && type == XTRAIL_REC_DISCONNECT)
		*e = j->v[--j->n];
	return &j->last;
}

void xt_vm_join_free(struct xt_vm_join *j)
{
	free(j->v);
	memset(j, 0, sizeof(*j));
}
