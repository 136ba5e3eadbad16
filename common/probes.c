// SPDX-License-Identifier: GPL-2.0
/*
 * The probes: tracepoint handlers that turn kernel events into records.
 * Each builds its record in a per-CPU scratch buffer (tracepoint probes run
 * with preemption disabled, and every probe here runs in process context,
 * so one buffer per CPU is enough) and hands it to xtrail_emit().
 */
#include <linux/binfmts.h>
#include <linux/mm_types.h>
#include <linux/percpu.h>
#include <linux/sched.h>

#include "xtrail_proto.h"
#include "probes.h"
#include "record.h"
#include "tracepoints.h"

static void __percpu *xtrail_scratch;

static void xtrail_probe_exec(void *data, struct task_struct *p,
			      pid_t old_pid, struct linux_binprm *bprm)
{
	void *rec = this_cpu_ptr(xtrail_scratch);
	struct mm_struct *mm = current->mm;
	u32 len;

	if (!mm)
		return;
	xtrail_hdr_fill_current(rec);
	len = xtrail_exec_encode(rec, bprm->filename,
				 (const void __user *)mm->arg_start,
				 mm->arg_end - mm->arg_start, bprm->argc);
	xtrail_emit(rec, len);
}

static struct xtrail_tp xtrail_tps[] = {
	{ .name = "sched_process_exec", .probe = xtrail_probe_exec },
};

int xtrail_probes_init(void)
{
	int ret;

	xtrail_scratch = __alloc_percpu(XTRAIL_REC_MAX, XTRAIL_REC_ALIGN);
	if (!xtrail_scratch)
		return -ENOMEM;
	ret = xtrail_tp_register(xtrail_tps, ARRAY_SIZE(xtrail_tps), NULL);
	if (ret)
		goto err_free;
	return 0;

err_free:
	free_percpu(xtrail_scratch);
	xtrail_scratch = NULL;
	return ret;
}

void xtrail_probes_uninit(void)
{
	xtrail_tp_unregister(xtrail_tps, ARRAY_SIZE(xtrail_tps), NULL);
	free_percpu(xtrail_scratch);
	xtrail_scratch = NULL;
}
