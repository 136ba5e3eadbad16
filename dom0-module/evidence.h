/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _XTRAIL_DOM0_EVIDENCE_H
#define _XTRAIL_DOM0_EVIDENCE_H

#include <linux/types.h>
#include <linux/atomic.h>

#include "xtrail_proto.h"

/**
 * struct xtrail_seq_state - one ring's sequence check
 * @known:   @next is set (false until the guest's first record)
 * @restart: no record checked since the guest (re)connected: its first one
 *           may start the numbers over at 0 (its module was loaded again)
 * @next:    the sequence number expected next
 * @checked: the record numbered @checked_seq was checked but not yet taken
 *           (offered again after the queue was full: not checked twice)
 * @checked_seq: see @checked
 */
struct xtrail_seq_state {
	bool known;
	bool restart;
	bool checked;
	u64 next;
	u64 checked_seq;
};

/**
 * struct xtrail_gap - one break in a ring's sequence (see XTRAIL_REC_SEQ_GAP)
 * @kind:     enum xtrail_gap_kind
 * @expected: the number expected
 * @got:      the number found instead
 */
struct xtrail_gap {
	u32 kind;
	u64 expected;
	u64 got;
};

/*
 * Breaks one record can reveal: a LOST record, one before its range and
 * one between its range and its own number.
 */
#define XTRAIL_SEQ_GAPS_MAX	2

unsigned int xtrail_seq_check(struct xtrail_seq_state *s, const void *rec,
			      struct xtrail_gap gaps[XTRAIL_SEQ_GAPS_MAX]);
void xtrail_seq_taken(struct xtrail_seq_state *s, const void *rec);

/**
 * struct xtrail_hb_watch - is a guest still sending heartbeats?
 * @last_ns:   dom0 time of the last heartbeat, or of the start of the
 *             watch, or of the last pass that could not tell
 * @period_ms: the period expected (bounded)
 * @silent:    STOPPED was reported and no heartbeat came since
 * @silent_ns: when the silence began (the last heartbeat before it)
 */
struct xtrail_hb_watch {
	u64 last_ns;
	u32 period_ms;
	bool silent;
	u64 silent_ns;
};

void xtrail_hb_start(struct xtrail_hb_watch *w, u64 now, u32 period_ms);
bool xtrail_hb_seen(struct xtrail_hb_watch *w, u64 now, u32 period_ms,
		    u64 *silent_ns);
bool xtrail_hb_overdue(struct xtrail_hb_watch *w, u64 now, bool drained,
		       unsigned int multiple, u64 *silent_ns);

struct xtrail_evidence;

/*
 * Where evidence records go: takes a record made by dom0 about @ev's
 * guest, completes its header (length, time) and keeps it, or counts it
 * lost (xtrail_dom0_push() into the guest's quota). @spare: a record the
 * guest can cause at will (a sequence gap): it must leave room for the
 * others.
 */
typedef int (*xtrail_evidence_push_t)(struct xtrail_evidence *ev, void *rec,
				      u32 len, bool spare);

/**
 * struct xtrail_evidence - what dom0 notices about one guest
 * @domid:    the guest
 * @push:     where its evidence records go
 * @seq:      each ring's sequence check, kept across the guest's
 *            reconnects (the backend's work only)
 * @hb:       its heartbeats (the backend's work only)
 * @events:   event-channel interrupts received from it
 * @spurious: of those, EOIs sent with XEN_EOI_FLAG_SPURIOUS (the work
 *            found nothing to take): Xen delays the next event the more of
 *            these come in a row, which is what contains a storm
 */
struct xtrail_evidence {
	u16 domid;
	xtrail_evidence_push_t push;
	struct xtrail_seq_state seq[XTRAIL_RINGS_MAX];
	struct xtrail_hb_watch hb;
	atomic64_t events;
	atomic64_t spurious;
};

void xtrail_evidence_connect(struct xtrail_evidence *ev, u16 domid,
			     xtrail_evidence_push_t push);
void xtrail_evidence_record(struct xtrail_evidence *ev, u16 ring,
			    const void *rec);
void xtrail_evidence_taken(struct xtrail_evidence *ev, u16 ring,
			   const void *rec);
void xtrail_evidence_tick(struct xtrail_evidence *ev, bool drained);

#endif
