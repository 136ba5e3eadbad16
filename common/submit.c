// SPDX-License-Identifier: GPL-2.0
/*
 * What every probe needs, below them all: the per-CPU scratch buffers a
 * record is built in, the event mask, and xtrail_submit(), which hands a
 * finished record to the module through the emit hook it registered with
 * xtrail_submit_init() (the guest's puts it in a ring, dom0's hands its own
 * events to the merge).
 *
 * The probes run with preemption disabled (tracepoint probes and kprobe
 * handlers both do), mostly in task context: exec, fork, exit and the
 * syscall exits, the close of a file (fileio.c records it only in task
 * context), the terminals' writes and the console's input (from a kernel
 * worker). Not all of them: a TCP socket changes state in softirq when a
 * packet makes it (inet_sock_set_state), and a terminal can be written to
 * from an interrupt. So there is one buffer per context a probe can run in
 * (task, softirq, hardirq, NMI: interrupt_context_level()), and a probe that
 * interrupts another on the same CPU does not write over its record.
 */
#include <linux/minmax.h>
#include <linux/percpu.h>
#include <linux/preempt.h>

#include "xtrail_encode.h"
#include "submit.h"

/*
 * Only the task buffer takes the large records (exec, file, terminal); the
 * others take network records.
 */
#define XTRAIL_SCRATCH_IRQ	256
#define XTRAIL_SCRATCH_LEVELS	3u	/* softirq, hardirq, NMI */
struct xtrail_scratch {
	u8 task[XTRAIL_REC_MAX];
	u8 irq[XTRAIL_SCRATCH_LEVELS][XTRAIL_SCRATCH_IRQ];
};

static struct xtrail_scratch __percpu *xtrail_scratch;

/*
 * Set by xtrail_submit_init() before the module registers its probes, and
 * cleared by xtrail_submit_uninit() after it unregistered them (which waits
 * for the probes running then): a probe reads it with a plain load, and
 * never sees NULL.
 */
static xtrail_emit_fn xtrail_emit_hook __read_mostly;

static u32 xtrail_events = XTRAIL_EV_DEFAULT;

void *xtrail_scratch_get(void)
{
	struct xtrail_scratch *s = this_cpu_ptr(xtrail_scratch);
	unsigned int level = interrupt_context_level();

	BUILD_BUG_ON(sizeof(struct xtrail_rec_hdr) + sizeof(struct xtrail_net) >
		     XTRAIL_SCRATCH_IRQ);
	return level ? s->irq[min(level, XTRAIL_SCRATCH_LEVELS) - 1] : s->task;
}

void xtrail_set_events(u32 events)
{
	WRITE_ONCE(xtrail_events, events & XTRAIL_EV_ALL);
}

bool xtrail_event_on(u32 event)
{
	return READ_ONCE(xtrail_events) & event;
}

void xtrail_submit(void *rec, u32 len)
{
	xtrail_emit_hook(rec, len);
}

int xtrail_submit_init(xtrail_emit_fn emit)
{
	xtrail_scratch = alloc_percpu(struct xtrail_scratch);
	if (!xtrail_scratch)
		return -ENOMEM;
	xtrail_emit_hook = emit;
	return 0;
}

void xtrail_submit_uninit(void)
{
	xtrail_emit_hook = NULL;
	free_percpu(xtrail_scratch);
	xtrail_scratch = NULL;
}
