// SPDX-License-Identifier: GPL-2.0
/*
 * The probes: tracepoint handlers that turn kernel events into records:
 * exec, fork and exit from the scheduler's tracepoints; file syscalls
 * (open family, unlink, rename, link, mkdir, chmod, chown...) and a
 * configured set of other syscalls (credential changes, ptrace, module
 * loading by default) from raw_syscalls:sys_exit. No kprobes.
 * Each builds its record in a per-CPU scratch buffer (tracepoint probes run
 * with preemption disabled, and every probe here runs in process context,
 * so one buffer per CPU is enough) and hands it to xtrail_emit().
 */
#include <linux/binfmts.h>
#include <linux/bitmap.h>
#include <linux/compat.h>
#include <linux/mm_types.h>
#include <linux/moduleparam.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <asm/syscall.h>
#include <asm/unistd.h>

#include "xtrail_proto.h"
#include "probes.h"
#include "record.h"
#include "tracepoints.h"

static void __percpu *xtrail_scratch;

/*
 * The syscalls recorded with their raw arguments. By default those that
 * change credentials, attach to other processes, or load kernel code.
 */
static int syscalls[64] = {
	__NR_setuid, __NR_setgid, __NR_setreuid, __NR_setregid,
	__NR_setresuid, __NR_setresgid, __NR_setfsuid, __NR_setfsgid,
	__NR_capset, __NR_ptrace, __NR_init_module, __NR_finit_module,
	__NR_delete_module,
};
static unsigned int nr_syscalls = 13;
module_param_array(syscalls, int, &nr_syscalls, 0444);
MODULE_PARM_DESC(syscalls, "syscall numbers recorded with their arguments (x86-64)");

static DECLARE_BITMAP(xtrail_sys_set, NR_syscalls);

static bool file_events = true;
module_param(file_events, bool, 0444);
MODULE_PARM_DESC(file_events, "record file syscalls (open, unlink, rename...)");

/* The file syscalls: where their paths are, and whether they open. */
static const struct xtrail_file_sc {
	u16 nr;
	s8 path;
	s8 path2;
	bool open;
} xtrail_file_scs[] = {
	{ __NR_open, 0, -1, true },	{ __NR_openat, 1, -1, true },
	{ __NR_creat, 0, -1, true },	{ __NR_openat2, 1, -1, true },
	{ __NR_unlink, 0, -1 },		{ __NR_unlinkat, 1, -1 },
	{ __NR_rename, 0, 1 },		{ __NR_renameat, 1, 3 },
	{ __NR_renameat2, 1, 3 },	{ __NR_link, 0, 1 },
	{ __NR_linkat, 1, 3 },		{ __NR_symlink, 0, 1 },
	{ __NR_symlinkat, 0, 2 },	{ __NR_mkdir, 0, -1 },
	{ __NR_mkdirat, 1, -1 },	{ __NR_rmdir, 0, -1 },
	{ __NR_chmod, 0, -1 },		{ __NR_fchmodat, 1, -1 },
	{ __NR_chown, 0, -1 },		{ __NR_lchown, 0, -1 },
	{ __NR_fchownat, 1, -1 },	{ __NR_truncate, 0, -1 },
};

static DECLARE_BITMAP(xtrail_file_set, NR_syscalls);

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

static void xtrail_probe_fork(void *data, struct task_struct *parent,
			      struct task_struct *child)
{
	void *rec = this_cpu_ptr(xtrail_scratch);

	xtrail_hdr_fill_current(rec);
	xtrail_emit(rec, xtrail_fork_encode(rec, child));
}

static void xtrail_probe_exit(void *data, struct task_struct *p)
{
	void *rec = this_cpu_ptr(xtrail_scratch);

	xtrail_hdr_fill_current(rec);
	xtrail_emit(rec, xtrail_exit_encode(rec, p));
}

static void xtrail_file_event(struct pt_regs *regs, long nr, long ret)
{
	void *rec = this_cpu_ptr(xtrail_scratch);
	const struct xtrail_file_sc *sc;

	for (sc = xtrail_file_scs; sc->nr != nr; sc++)
		;
	xtrail_hdr_fill_current(rec);
	xtrail_emit(rec, xtrail_file_encode(rec, regs, ret, sc->path,
					    sc->path2, sc->open));
}

/* Runs at every syscall exit: two bit tests for the syscalls not recorded. */
static void xtrail_probe_sys_exit(void *data, struct pt_regs *regs, long ret)
{
	long nr = syscall_get_nr(current, regs);
	void *rec;

	if (nr < 0 || nr >= NR_syscalls || in_compat_syscall())
		return;
	if (test_bit(nr, xtrail_file_set)) {
		xtrail_file_event(regs, nr, ret);
		return;
	}
	if (!test_bit(nr, xtrail_sys_set))
		return;
	rec = this_cpu_ptr(xtrail_scratch);
	xtrail_hdr_fill_current(rec);
	xtrail_emit(rec, xtrail_syscall_encode(rec, regs, ret));
}

/* sys_exit last: it is left out when no syscall is configured. */
static struct xtrail_tp xtrail_tps[] = {
	{ .name = "sched_process_exec", .probe = xtrail_probe_exec },
	{ .name = "sched_process_fork", .probe = xtrail_probe_fork },
	{ .name = "sched_process_exit", .probe = xtrail_probe_exit },
	{ .name = "sys_exit", .probe = xtrail_probe_sys_exit },
};

static unsigned int xtrail_nr_tps;

static int xtrail_syscalls_parse(void)
{
	unsigned int i;

	bitmap_zero(xtrail_sys_set, NR_syscalls);
	for (i = 0; i < nr_syscalls; i++) {
		if (syscalls[i] < 0 || syscalls[i] >= NR_syscalls) {
			pr_err("syscalls: %d is not a syscall number\n",
			       syscalls[i]);
			return -EINVAL;
		}
		__set_bit(syscalls[i], xtrail_sys_set);
	}
	bitmap_zero(xtrail_file_set, NR_syscalls);
	for (i = 0; file_events && i < ARRAY_SIZE(xtrail_file_scs); i++)
		__set_bit(xtrail_file_scs[i].nr, xtrail_file_set);
	return 0;
}

int xtrail_probes_init(void)
{
	int ret;

	ret = xtrail_syscalls_parse();
	if (ret)
		return ret;
	xtrail_nr_tps = ARRAY_SIZE(xtrail_tps) -
			(nr_syscalls || file_events ? 0 : 1);
	xtrail_scratch = __alloc_percpu(XTRAIL_REC_MAX, XTRAIL_REC_ALIGN);
	if (!xtrail_scratch)
		return -ENOMEM;
	ret = xtrail_tp_register(xtrail_tps, xtrail_nr_tps, NULL);
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
	xtrail_tp_unregister(xtrail_tps, xtrail_nr_tps, NULL);
	free_percpu(xtrail_scratch);
	xtrail_scratch = NULL;
}
