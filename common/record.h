/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _XTRAIL_RECORD_H
#define _XTRAIL_RECORD_H

#include <linux/types.h>
#include <linux/compiler_types.h>

struct xtrail_rec_hdr;
struct task_struct;
struct pt_regs;

void xtrail_hdr_fill_current(struct xtrail_rec_hdr *h);
u32 xtrail_exec_encode(void *rec, const char *filename,
		       const void __user *argv, unsigned long argv_size,
		       u32 argc);
u32 xtrail_fork_encode(void *rec, struct task_struct *child);
u32 xtrail_exit_encode(void *rec, struct task_struct *task);
u32 xtrail_syscall_encode(void *rec, struct pt_regs *regs, long ret);
u32 xtrail_file_encode(void *rec, struct pt_regs *regs, long ret,
		       int path_arg, int path2_arg, bool is_open);
struct file;
u32 xtrail_close_encode(void *rec, const struct file *file, int fd, u64 rd,
			u64 wr, bool last);

struct sock;
u32 xtrail_net_encode(void *rec, struct pt_regs *regs, long ret,
		      unsigned int kind);
u32 xtrail_net_state_encode(void *rec, const struct sock *sk, int oldstate,
			    int newstate);

#endif
