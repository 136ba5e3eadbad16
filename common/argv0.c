// SPDX-License-Identifier: GPL-2.0
/*
 * The argv[0] a caller passes to execve(), for the exec record: by the
 * time the kernel reports an exec (sched_process_exec), a #! script's
 * argv[0] has been replaced by the interpreter's name, and the caller's
 * memory is gone with its old mm. So the probe at the syscall's entry
 * (raw_syscalls:sys_enter) copies it, without faulting, into a slot of a
 * small table keyed by the task, and the exec probe takes it from there;
 * a failed exec's syscall exit frees the slot.
 *
 * The table is static (XTRAIL_ARGV0_SLOTS slots, no allocation) under a
 * spinlock, only ever taken in task context with preemption off (the
 * probes), never nested. When more tasks are inside execve() at once than
 * it has slots, a new entry takes the place of the oldest one, whose exec
 * record then has no argv0 (its argv0_len is 0): the table stays bounded
 * whatever the guest's tasks do. A slot matches by the task's address and
 * its thread id at the entry (sched_process_exec's old_pid: a thread that
 * execs takes its leader's id on the way).
 */
#include <linux/minmax.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <asm/syscall.h>

#include "xtrail_proto.h"
#include "argv0.h"

#define XTRAIL_ARGV0_SLOTS	32

struct xtrail_argv0_slot {
	const struct task_struct *task;	/* NULL: free */
	pid_t pid;
	u16 len;
	bool trunc;
	char s[XTRAIL_ARGV0_MAX];
};

static struct xtrail_argv0_slot xtrail_argv0_tab[XTRAIL_ARGV0_SLOTS];
static unsigned int xtrail_argv0_next;	/* the next slot to take over */
static DEFINE_SPINLOCK(xtrail_argv0_lock);

/* The slot of the current task, or NULL. Lock held. */
static struct xtrail_argv0_slot *xtrail_argv0_find(void)
{
	unsigned int i;

	for (i = 0; i < XTRAIL_ARGV0_SLOTS; i++)
		if (xtrail_argv0_tab[i].task == current)
			return &xtrail_argv0_tab[i];
	return NULL;
}

/* A free slot, or the one whose turn it is to be taken over. Lock held. */
static struct xtrail_argv0_slot *xtrail_argv0_free(void)
{
	unsigned int i;

	for (i = 0; i < XTRAIL_ARGV0_SLOTS; i++)
		if (!xtrail_argv0_tab[i].task)
			return &xtrail_argv0_tab[i];
	i = xtrail_argv0_next;
	xtrail_argv0_next = (i + 1) % XTRAIL_ARGV0_SLOTS;
	return &xtrail_argv0_tab[i];
}

/*
 * Copy the user string at @src into @dst (XTRAIL_ARGV0_MAX bytes) without
 * faulting, page by page. Returns its length (0: unreadable or empty).
 */
static u32 xtrail_argv0_copy(char *dst, const char __user *src, bool *trunc)
{
	u32 n = 0;

	*trunc = false;
	while (n < XTRAIL_ARGV0_MAX) {
		unsigned long addr = (unsigned long)src + n;
		u32 chunk = min_t(u32, XTRAIL_ARGV0_MAX - n,
				  PAGE_SIZE - (addr & ~PAGE_MASK));
		char *nul;

		if (copy_from_user_nofault(dst + n, (const void __user *)addr,
					   chunk))
			return 0;
		nul = memchr(dst + n, 0, chunk);
		if (nul)
			return nul - dst;
		n += chunk;
	}
	*trunc = true;
	return n;
}

void xtrail_argv0_enter(struct pt_regs *regs, bool execveat)
{
	unsigned long args[6];
	const char __user *const __user *argv;
	const char __user *a0;
	struct xtrail_argv0_slot *slot;
	char buf[XTRAIL_ARGV0_MAX];
	bool trunc;
	u32 len;

	syscall_get_arguments(current, regs, args);
	argv = (const char __user *const __user *)args[execveat ? 2 : 1];
	if (!argv || copy_from_user_nofault(&a0, argv, sizeof(a0)) || !a0)
		len = 0;
	else
		len = xtrail_argv0_copy(buf, a0, &trunc);

	spin_lock(&xtrail_argv0_lock);
	slot = xtrail_argv0_find();
	if (!len) {
		/* Nothing to remember: forget an earlier one. */
		if (slot)
			slot->task = NULL;
		goto out;
	}
	if (!slot)
		slot = xtrail_argv0_free();
	slot->task = current;
	slot->pid = task_pid_nr(current);
	slot->len = len;
	slot->trunc = trunc;
	memcpy(slot->s, buf, len);
out:
	spin_unlock(&xtrail_argv0_lock);
}

u32 xtrail_argv0_take(char *dst, pid_t pid, bool *trunc)
{
	struct xtrail_argv0_slot *slot;
	u32 len = 0;

	*trunc = false;
	spin_lock(&xtrail_argv0_lock);
	slot = xtrail_argv0_find();
	if (slot) {
		if (slot->pid == pid) {
			len = slot->len;
			*trunc = slot->trunc;
			memcpy(dst, slot->s, len);
		}
		slot->task = NULL;
	}
	spin_unlock(&xtrail_argv0_lock);
	return len;
}

void xtrail_argv0_drop(void)
{
	struct xtrail_argv0_slot *slot;

	spin_lock(&xtrail_argv0_lock);
	slot = xtrail_argv0_find();
	if (slot)
		slot->task = NULL;
	spin_unlock(&xtrail_argv0_lock);
}
