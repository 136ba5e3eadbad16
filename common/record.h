/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _XTRAIL_RECORD_H
#define _XTRAIL_RECORD_H

#include <linux/types.h>
#include <linux/compiler_types.h>
#include <linux/percpu.h>

struct xtrail_rec_hdr;
struct task_struct;
struct pt_regs;

void xtrail_hdr_fill_current(struct xtrail_rec_hdr *h);
void xtrail_hdr_no_task(struct xtrail_rec_hdr *h, u32 uid);
struct linux_binprm;
u32 xtrail_exec_encode(void *rec, const struct linux_binprm *bprm,
		       pid_t old_pid, const void __user *argv,
		       unsigned long argv_size, u32 argv_max);
u32 xtrail_fork_encode(void *rec, struct task_struct *child);
u32 xtrail_exit_encode(void *rec, struct task_struct *task);
u32 xtrail_syscall_encode(void *rec, struct pt_regs *regs, long ret);
u32 xtrail_file_encode(void *rec, long nr, const unsigned long *args,
		       long ret, int path_arg, int path2_arg, bool is_open);
/* A user string without faulting; the path of the current task's fd. */
int xtrail_user_str(char *dst, const char __user *src, u32 max, bool *trunc);
int xtrail_fd_path(char *dst, u32 max, int fd);
u32 xtrail_file_path2(char *dst, unsigned long uaddr, u32 max, u32 *flags);
struct file;
u32 xtrail_file_encode_uring(void *rec, long nr, int dfd, long ret,
			     const struct file *file, const char *name,
			     const char *name2, u32 flags);
u32 xtrail_close_encode(void *rec, const struct file *file, int fd, u64 rd,
			u64 wr, bool last);

struct sock;
u32 xtrail_net_encode(void *rec, long nr, const unsigned long *args,
		      long ret, unsigned int kind);
u32 xtrail_net_encode_uring(void *rec, const struct file *file,
			    const void *addr, u32 len, long ret);
u32 xtrail_net_state_encode(void *rec, const struct sock *sk, int oldstate,
			    int newstate, bool no_task);
struct socket;
u32 xtrail_net_close_encode(void *rec, const struct socket *sock,
			    unsigned long ino, u64 sent, u64 rcvd,
			    bool no_task);

/*
 * Sum of the per-CPU counter @v over the CPUs whose records go to ring @ring
 * of @nr_rings (vCPU n writes to ring n % nr_rings), for the heartbeat.
 */
static inline u64 xtrail_ring_sum(u64 __percpu *v, unsigned int ring,
				  unsigned int nr_rings)
{
	unsigned int cpu;
	u64 n = 0;

	for_each_possible_cpu(cpu)
		if (cpu % nr_rings == ring)
			n += READ_ONCE(*per_cpu_ptr(v, cpu));
	return n;
}

#endif
