// SPDX-License-Identifier: GPL-2.0
/*
 * The io_uring road. A request of an io_uring submission queue (OPENAT,
 * UNLINKAT, MKDIRAT, RENAMEAT, LINKAT, SYMLINKAT, CONNECT) makes no
 * syscall of its own: io_uring_enter() runs it inline, or an io-wq worker
 * or the SQPOLL thread runs it later, and raw_syscalls sees at most one
 * io_uring_enter() for a whole batch. What every road goes through is the
 * function doing the work, which the syscalls call too: do_filp_open(),
 * do_unlinkat(), do_rmdir(), do_mkdirat(), do_renameat2(), do_linkat(),
 * do_symlinkat(), __sys_connect_file(). A kretprobe on each:
 *  - its entry handler keeps only io_uring's calls: those of an io thread
 *    (PF_IO_WORKER: io-wq, SQPOLL) and those made inside io_uring_enter();
 *    the syscalls' own calls (recorded at their exit, probes.c) return at
 *    once and arm no return probe. It copies what the call names (the
 *    paths, which the callee frees, or the destination address) into the
 *    instance's data, preallocated when the probe is registered;
 *  - its return handler builds the record with the result, flagged
 *    IO_URING (xtrail_proto.h, "Roads"), with the x86-64 syscall that does
 *    the same as its number.
 * Left out: an open's first, non-blocking attempt that fails with -EAGAIN
 * (io_uring retries it in a worker, which is recorded), and a connect's
 * retry after its -EINPROGRESS (-EISCONN: the first attempt named the
 * destination). io_uring's reads and writes are not counted in CLOSE
 * records. The cost, paid by every call of these functions, is a kprobe
 * through ftrace and two flag tests (README, "Roads").
 *
 * Why not io_uring's tracepoints: io_uring_submit_req and io_uring_complete
 * give the request, whose operands (the path, the address) are in
 * io_uring's private structures. Why not the LSM hooks (security_file_open
 * ...): they are not functions a module can probe on every kernel (inlined
 * when no LSM wants them), and are called for the kernel's own opens too.
 */
#include <linux/err.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/kprobes.h>
#include <linux/sched.h>
#include <linux/socket.h>
#include <linux/string.h>
#include <asm/syscall.h>
#include <asm/unistd.h>

#include "xtrail_encode.h"
#include "fault.h"
#include "fileio.h"
#include "record.h"
#include "submit.h"
#include "uring.h"

/* Bytes of each path a record of this road keeps (the rest: TRUNC). */
#define XTRAIL_URING_NAME	256
/* Calls of io_uring in flight at once, each holding an instance. */
#define XTRAIL_URING_ACTIVE	64

/* One function: its arguments, and the syscall that does the same. */
struct xtrail_uring_op {
	const char *sym;
	u16 nr;
	s8 dfd;		/* argument index of the dirfd, or -1 */
	s8 name;	/* of the struct filename *, or -1 */
	s8 name2;	/* of the second one, or -1 */
	bool open;	/* returns the struct file * */
	bool net;	/* (struct file *, struct sockaddr_storage *, int) */
	u8 arg2;	/* args[2] of the record (rmdir: AT_REMOVEDIR) */
};

static const struct xtrail_uring_op xtrail_uring_ops[] = {
	{ "do_filp_open", __NR_openat, 0, 1, -1, true },
	{ "do_unlinkat", __NR_unlinkat, 0, 1, -1 },
	{ "do_rmdir", __NR_unlinkat, 0, 1, -1, .arg2 = 1 },
	{ "do_mkdirat", __NR_mkdirat, 0, 1, -1 },
	{ "do_renameat2", __NR_renameat2, 0, 1, 3 },
	{ "do_linkat", __NR_linkat, 0, 1, 3 },
	{ "do_symlinkat", __NR_symlinkat, 1, 0, 2 },
	{ "__sys_connect_file", __NR_connect, -1, -1, -1, .net = true },
};

/* What the entry handler keeps for the return handler. */
struct xtrail_uring_data {
	const struct file *file;	/* connect: the socket's file */
	int dfd;
	u32 flags;			/* XTRAIL_FILE_PATH*_TRUNC */
	u32 addr_len;
	union {
		struct {
			char name[XTRAIL_URING_NAME];
			char name2[XTRAIL_URING_NAME];
		};
		struct sockaddr_storage addr;
	};
	bool has_name;
	bool has_name2;
};

struct xtrail_uring_probe {
	struct kretprobe krp;
	const struct xtrail_uring_op *op;
};

static struct xtrail_uring_probe xtrail_uring_probes[ARRAY_SIZE(xtrail_uring_ops)];
static unsigned int xtrail_uring_nr;

/* A call io_uring makes: in an io thread, or inside io_uring_enter(). */
static bool xtrail_uring_ctx(void)
{
	if (current->flags & PF_IO_WORKER)
		return true;
	if (current->flags & PF_KTHREAD)
		return false;
	/* 426 is io_uring_enter's number in both tables (i386, x86-64) */
	return syscall_get_nr(current, task_pt_regs(current)) ==
	       __NR_io_uring_enter;
}

static const struct xtrail_uring_op *xtrail_uring_op_of(
	struct kretprobe_instance *ri)
{
	return container_of(get_kretprobe(ri), struct xtrail_uring_probe,
			    krp)->op;
}

/* Copy the struct filename's name at argument @i of @regs into @dst. */
static bool xtrail_uring_name(char *dst, struct pt_regs *regs, int i,
			      u32 *flags, u32 trunc)
{
	const struct filename *fn;

	fn = (const struct filename *)regs_get_kernel_argument(regs, i);
	if (IS_ERR_OR_NULL(fn) || !fn->name)
		return false;
	if (strscpy(dst, fn->name, XTRAIL_URING_NAME) < 0)
		*flags |= trunc;
	return true;
}

static int xtrail_uring_entry(struct kretprobe_instance *ri,
			      struct pt_regs *regs)
{
	const struct xtrail_uring_op *op = xtrail_uring_op_of(ri);
	struct xtrail_uring_data *d = (void *)ri->data;
	const void *addr;

	/* Non-zero: no return probe for this call. */
	if (!xtrail_uring_ctx())
		return 1;
	d->flags = 0;
	if (op->net) {
		d->file = (const struct file *)regs_get_kernel_argument(regs, 0);
		addr = (const void *)regs_get_kernel_argument(regs, 1);
		d->addr_len = clamp_t(int, regs_get_kernel_argument(regs, 2),
				      0, sizeof(d->addr));
		memcpy(&d->addr, addr, d->addr_len);
		return 0;
	}
	d->dfd = op->dfd >= 0 ? (int)regs_get_kernel_argument(regs, op->dfd) :
				AT_FDCWD;
	d->has_name = xtrail_uring_name(d->name, regs, op->name, &d->flags,
					XTRAIL_FILE_PATH_TRUNC);
	d->has_name2 = op->name2 >= 0 &&
		       xtrail_uring_name(d->name2, regs, op->name2, &d->flags,
					 XTRAIL_FILE_PATH2_TRUNC);
	return 0;
}

static void xtrail_uring_connect(struct xtrail_uring_data *d, long ret)
{
	void *rec;
	u32 len;

	/* The retry of a connect in progress: its first attempt is recorded. */
	if (ret == -EISCONN || !xtrail_event_on(XTRAIL_EV_NET))
		return;
	rec = xtrail_scratch_get();
	xtrail_hdr_fill_current(rec);
	len = xtrail_net_encode_uring(rec, d->file, &d->addr, d->addr_len,
				      ret);
	/* Count the socket's bytes until its release (fileio.c). */
	if (xtrail_fileio_sock_file(d->file) < 0)
		xtrail_net_body(rec)->flags |=
			cpu_to_le32(XTRAIL_NET_UNTRACKED);
	xtrail_submit(rec, len);
}

static int xtrail_uring_return(struct kretprobe_instance *ri,
			       struct pt_regs *regs)
{
	const struct xtrail_uring_op *op = xtrail_uring_op_of(ri);
	struct xtrail_uring_data *d = (void *)ri->data;
	unsigned long rv = regs_return_value(regs);
	const struct file *file = NULL;
	long ret = (long)rv;
	u32 len, flags = d->flags;
	void *rec;

	if (op->net) {
		xtrail_uring_connect(d, (int)ret);
		return 0;
	}
	if (op->open) {
		file = (const struct file *)rv;
		ret = IS_ERR(file) ? PTR_ERR(file) : 0;
		if (IS_ERR(file))
			file = NULL;
	} else {
		ret = (int)ret;
	}
	/* A first, non-blocking try: io_uring does it again in a worker. */
	if (ret == -EAGAIN && !(current->flags & PF_IO_WORKER))
		return 0;
	if (!xtrail_event_on(XTRAIL_EV_FILE))
		return 0;
	/* Count the bytes of the opened file until its close. */
	if (file && !xtrail_fileio_open_file(file))
		flags |= XTRAIL_FILE_UNTRACKED;
	rec = xtrail_scratch_get();
	xtrail_hdr_fill_current(rec);
	len = xtrail_file_encode_uring(rec, op->nr, d->dfd, ret, file,
				       d->has_name ? d->name : NULL,
				       d->has_name2 ? d->name2 : NULL, flags);
	if (op->arg2)
		xtrail_file_body(rec)->args[2] = cpu_to_le64(AT_REMOVEDIR);
	xtrail_submit(rec, len);
	return 0;
}

int xtrail_uring_init(bool files, bool net)
{
	struct xtrail_uring_probe *p;
	unsigned int i;
	int ret;

	xtrail_uring_nr = 0;
	for (i = 0; i < ARRAY_SIZE(xtrail_uring_ops); i++) {
		if (xtrail_uring_ops[i].net ? !net : !files)
			continue;
		p = &xtrail_uring_probes[xtrail_uring_nr];
		memset(p, 0, sizeof(*p));
		p->op = &xtrail_uring_ops[i];
		p->krp.kp.symbol_name = p->op->sym;
		p->krp.entry_handler = xtrail_uring_entry;
		p->krp.handler = xtrail_uring_return;
		p->krp.data_size = sizeof(struct xtrail_uring_data);
		p->krp.maxactive = XTRAIL_URING_ACTIVE;
		/*
		 * The fault build fails only the first and the last probe:
		 * the ones between unwind through the same loop, and each
		 * step of the lab's fault scenario costs two module loads.
		 */
		ret = 0;
		if (i == 0 || i == ARRAY_SIZE(xtrail_uring_ops) - 1)
			ret = xtrail_fault(p->op->sym);
		ret = ret ?: register_kretprobe(&p->krp);
		if (ret) {
			pr_err("cannot probe %s: %d\n", p->op->sym, ret);
			xtrail_uring_uninit();
			return ret;
		}
		xtrail_uring_nr++;
	}
	return 0;
}

void xtrail_uring_uninit(void)
{
	while (xtrail_uring_nr)
		unregister_kretprobe(&xtrail_uring_probes[--xtrail_uring_nr].krp);
}
