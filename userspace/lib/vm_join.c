// SPDX-License-Identifier: GPL-2.0-or-later
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

/* The identity in force for @rec, after what @rec itself says. */
static const struct xt_vm_ident *resolve(struct xt_vm_join *j,
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

#define XT_VM_WINDOW_DEFAULT	1000000000ull	/* before the first CLOCK */

static uint64_t rec_recv(const void *rec)
{
	return xt_le64(((const struct xtrail_rec_hdr *)rec)->recv_ns);
}

/* A VM_IDENTITY of @domid received at @t: the held records it names. */
static void give(struct xt_vm_join *j, uint16_t domid, uint64_t t)
{
	struct xt_vm_held *h;
	size_t i;

	for (i = j->qhead; i < j->qn; i++) {
		h = &j->q[i];
		if (h->waiting && h->id.domid == domid && rec_recv(h->rec) >= t) {
			h->id = j->last;
			h->waiting = 0;
		}
	}
}

static int hold(struct xt_vm_join *j, const void *rec, uint32_t len,
		uint64_t f3_seq, const struct xtrail_clock_ref *clk)
{
	struct xt_vm_held *h, *nq;

	if (j->qhead == j->qn)
		j->qhead = j->qn = 0;
	if (j->qn == j->qcap) {
		nq = realloc(j->q, (j->qcap * 2 + 16) * sizeof(*nq));
		if (!nq)
			return -1;
		j->q = nq;
		j->qcap = j->qcap * 2 + 16;
	}
	h = &j->q[j->qn];
	h->rec = malloc(len);
	if (!h->rec)
		return -1;
	memcpy(h->rec, rec, len);
	h->len = len;
	h->f3_seq = f3_seq;
	h->clk = *clk;
	h->id = j->last;
	/* dom0's own records are about no VM: never waiting. */
	h->waiting = !j->last.uuid[0] && !j->last.name[0] && j->last.domid;
	j->qn++;
	return 0;
}

int xt_vm_join_push(struct xt_vm_join *j, const void *rec, uint32_t len,
		    uint64_t f3_seq, const struct xtrail_clock_ref *clk)
{
	const struct xtrail_rec_hdr *h = rec;
	const struct xtrail_clock *c = (const void *)(h + 1);
	size_t i;

	if (xt_le16(h->type) == XTRAIL_REC_CLOCK &&
	    len >= sizeof(*h) + sizeof(*c)) {
		j->window_ns = xt_le64(c->merge_window_ns);
		j->have_window = 1;
	}
	if (!resolve(j, rec, len))
		return -1;
	if (xt_le16(h->type) == XTRAIL_REC_VM_IDENTITY)
		give(j, xt_le16(h->domid), rec_recv(rec));
	/* Past the window of a record still waiting: nothing can come. */
	for (i = j->qhead; i < j->qn; i++)
		if (j->q[i].waiting && rec_recv(rec) > rec_recv(j->q[i].rec) +
		    (j->have_window ? j->window_ns : XT_VM_WINDOW_DEFAULT))
			j->q[i].waiting = 0;
	return hold(j, rec, len, f3_seq, clk);
}

const struct xt_vm_held *xt_vm_join_next(struct xt_vm_join *j, int end)
{
	free(j->out.rec);
	j->out.rec = NULL;
	if (j->qhead == j->qn || (j->q[j->qhead].waiting && !end))
		return NULL;
	j->out = j->q[j->qhead++];
	return &j->out;
}

void xt_vm_join_free(struct xt_vm_join *j)
{
	free(j->out.rec);
	while (j->qhead < j->qn)
		free(j->q[j->qhead++].rec);
	free(j->q);
	free(j->v);
	memset(j, 0, sizeof(*j));
}
