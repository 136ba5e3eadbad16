/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _XTRAIL_ARGV0_H
#define _XTRAIL_ARGV0_H

#include <linux/types.h>

struct pt_regs;

/*
 * At the entry of execve() (@execveat false) or execveat(): remember the
 * argv[0] the caller passes, for the exec record. Task context, no sleep.
 */
void xtrail_argv0_enter(struct pt_regs *regs, bool execveat);

/*
 * At sched_process_exec: the argv[0] remembered for the current task, whose
 * thread id was @pid at the syscall's entry, into @dst (XTRAIL_ARGV0_MAX
 * bytes, no NUL kept), and forget it. Returns its length, 0 when none;
 * *@trunc says it was cut to XTRAIL_ARGV0_MAX.
 */
u32 xtrail_argv0_take(char *dst, pid_t pid, bool *trunc);

/* At the exit of execve() or execveat(): forget what is left (it failed). */
void xtrail_argv0_drop(void);

#endif
