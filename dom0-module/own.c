// SPDX-License-Identifier: GPL-2.0
/*
 * dom0's own events: the same probes and encoders as the guest module,
 * compiled into this module, with records going to the merge (merge.c) as
 * source domid 0, with their own share of its memory. Each CPU numbers its
 * records (the header's vcpu and seq, as a guest's rings do); a record the
 * merge refuses is counted, and a LOST record reports it as soon as there
 * is room. (The module parameter keeps its published name, "local".)
 * dom0's terminals are captured as a guest's are (common/tty.c, module
 * parameter tty_rate): the administrators' sessions are in the log too.
 */
#include <linux/module.h>
#include <linux/percpu.h>

#include "xtrail_encode.h"
#include "clock.h"
#include "own.h"
#include "merge.h"
#include "probes.h"
#include "submit.h"
#include "tty.h"

static bool local = true;
module_param(local, bool, 0444);
MODULE_PARM_DESC(local, "record dom0's own events (as domid 0)");

struct xtrail_own_cpu {
	u64 seq;
	u64 pending_lost;
	u64 pending_first;
	u64 records;		/* delivered, LOST records included */
	u64 bytes;
	u64 lost;		/* reported in LOST records */
};

static DEFINE_PER_CPU(struct xtrail_own_cpu, xtrail_own_cpus);

/* The probes' emit hook, preemption off: this CPU's state is ours. */
static void xtrail_own_emit(void *rec, u32 len)
{
	struct xtrail_own_cpu *c = this_cpu_ptr(&xtrail_own_cpus);
	struct xtrail_rec_hdr *h = rec;
	struct {
		struct xtrail_rec_hdr h;
		struct xtrail_lost l;
	} lost;
	unsigned long flags;

	/* A probe in softirq must not interleave with one it interrupted. */
	local_irq_save(flags);
	h->vcpu = cpu_to_le16(smp_processor_id());
	h->recv_ns = h->ts_ns;
	if (c->pending_lost) {
		memcpy(&lost.h, h, sizeof(lost.h));
		xtrail_lost_finish(&lost, c->pending_lost, c->pending_first);
		lost.h.seq = cpu_to_le64(c->pending_first + c->pending_lost);
		if (xtrail_stream_push(&lost, sizeof(lost)))
			goto drop;
		WRITE_ONCE(c->records, c->records + 1);
		WRITE_ONCE(c->bytes, c->bytes + sizeof(lost));
		WRITE_ONCE(c->lost, c->lost + c->pending_lost);
		c->seq = c->pending_first + c->pending_lost + 1;
		c->pending_lost = 0;
	}
	h->seq = cpu_to_le64(c->seq);
	if (xtrail_stream_push(rec, len))
		goto drop;
	WRITE_ONCE(c->records, c->records + 1);
	WRITE_ONCE(c->bytes, c->bytes + len);
	c->seq++;
	local_irq_restore(flags);
	return;
drop:
	if (!c->pending_lost)
		c->pending_first = c->seq;
	c->pending_lost++;
	c->seq++;
	local_irq_restore(flags);
}

int xtrail_own_init(void)
{
	int ret;

	if (!local)
		return 0;
	ret = xtrail_merge_src_open(&xtrail_stream, XTRAIL_MSRC_LOCAL);
	if (ret)
		return ret;
	ret = xtrail_submit_init(xtrail_own_emit);
	if (ret)
		goto err_src;
	ret = xtrail_probes_init();
	if (ret)
		goto err_submit;
	ret = xtrail_tty_init();
	if (ret)
		goto err_probes;
	return 0;

err_probes:
	xtrail_probes_uninit();
err_submit:
	xtrail_submit_uninit();
err_src:
	xtrail_merge_src_close(&xtrail_stream, XTRAIL_MSRC_LOCAL);
	return ret;
}

void xtrail_own_uninit(void)
{
	if (!local)
		return;
	xtrail_tty_uninit();
	xtrail_probes_uninit();
	xtrail_submit_uninit();
	xtrail_merge_src_close(&xtrail_stream, XTRAIL_MSRC_LOCAL);
}

/* dom0's own counters for the control plane; false when not capturing. */
bool xtrail_own_stats(u64 *records, u64 *bytes, u64 *lost)
{
	int cpu;

	*records = 0;
	*bytes = 0;
	*lost = 0;
	for_each_possible_cpu(cpu) {
		struct xtrail_own_cpu *c = per_cpu_ptr(&xtrail_own_cpus,
							 cpu);

		*records += READ_ONCE(c->records);
		*bytes += READ_ONCE(c->bytes);
		*lost += READ_ONCE(c->lost);
	}
	return local;
}
