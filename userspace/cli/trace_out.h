/* SPDX-License-Identifier: GPL-2.0 */
/*
 * "xtrail trace": its answers (one per flow or process found) and how
 * they are shown, in text or as one JSON object per line (the shape is
 * in xtrail-trace(8)). cmd_trace.c finds them.
 */
#ifndef XTRAIL_CLI_TRACE_OUT_H
#define XTRAIL_CLI_TRACE_OUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <json.h>

#include "attribution.h"
#include "record_json.h"
#include "trace.h"

#define TRACE_CHAIN_MAX		16
#define TRACE_TOUCH_MAX		200
#define TRACE_TTY_MAX		8

/**
 * struct trace_answer - one answer
 * @flow:      dom0's flow, or NULL (a process or a terminal was asked)
 * @domid:     the guest, and its VM (@has_vm: @uuid, @name)
 * @has_vm:
 * @uuid:
 * @name:
 * @proc:      the process traced (@tgid at @ts, the guest's clock) was
 *             found: @chain (itself first, @n_chain, why it stops: @why)
 * @chain_tgids: the chain's tgids
 * @subj:      what it touched is looked up by
 * @touched:   its FILE and NET records in the window (export's JSON),
 *             @n_touched of them, @n_more beyond TRACE_TOUCH_MAX
 * @tty:       the terminals of its chain and session, @n_tty
 */
struct trace_answer {
	const struct xt_attr_flow *flow;
	uint16_t domid;
	int has_vm;
	char uuid[37];
	char name[XTRAIL_VM_NAME_MAX + 1];
	int proc;
	uint32_t tgid;
	uint64_t ts;
	struct xt_procs_step chain[TRACE_CHAIN_MAX];
	size_t n_chain;
	enum xt_chain_end why;
	uint32_t chain_tgids[TRACE_CHAIN_MAX];
	struct xt_trace_subject subj;
	struct json_object *touched[TRACE_TOUCH_MAX];
	size_t n_touched;
	uint64_t n_more;
	char tty[TRACE_TTY_MAX][XTRAIL_TTY_NAME + 1];
	size_t n_tty;
};

/* What printing needs besides the answer */
struct trace_print {
	const struct xtrail_clock_ref *clk;	/* the log's last CLOCK */
	char **logs;				/* the log as named */
	int n_logs;
};

/* The answer @a in text on @out. */
void trace_print_text(FILE *out, const struct trace_answer *a,
		      const struct trace_print *tp);

/* The answer @a as one line of JSON on @out: 0, or -1 without memory. */
int trace_print_json(FILE *out, const struct trace_answer *a,
		     const struct trace_print *tp);

#endif /* XTRAIL_CLI_TRACE_OUT_H */
