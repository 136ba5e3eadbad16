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
 * The same for the extended attributes (IORING_OP_SETXATTR, _FSETXATTR:
 * vfs_setxattr(), which has the dentry: the path within its filesystem)
 * and the accept (do_accept(): an ACCEPT record, and the new socket's
 * bytes counted). The sends and receives are counted where only io_uring
 * goes: __sys_sendmsg_sock() and __sys_recvmsg_sock() (SENDMSG, RECVMSG;
 * a SENDMSG's destination is a SENDTO record), io_send() and io_recv()
 * (SEND, RECV: the request's result once it completes, IOU_OK).
 * Left out: an open's first, non-blocking attempt that fails with -EAGAIN
 * (io_uring retries it in a worker, which is recorded), and a connect's
 * retry after its -EINPROGRESS (-EISCONN: the first attempt named the
 * destination); a SEND's destination (its sendto form), the bytes of a
 * multishot RECV's later completions, and io_uring's reads and writes of
 * files (not counted in CLOSE records). The cost, paid by every call of
 * these functions, is a kprobe through ftrace and two flag tests
 * (README, "Roads"); io_send(), io_recv() and the _sock() ones are
 * io_uring's alone.
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
#include <linux/io_uring_types.h>
#include <linux/kprobes.h>
#include <linux/net.h>
#include <linux/sched.h>
#include <linux/socket.h>
#include <linux/string.h>
#include <asm/syscall.h>
#include <asm/unistd.h>

#include "xtrail_encode.h"
#include "dedup.h"
#include "fault.h"
#include "fileio.h"
#include "record.h"
#include "submit.h"
#include "uring.h"

/* Bytes of each path a record of this road keeps (the rest: TRUNC). */
#define XTRAIL_URING_NAME	256
/* Calls of io_uring in flight at once, each holding an instance. */
#define XTRAIL_URING_ACTIVE	64

/* What a function does, beyond the file operations' (0). */
enum xtrail_uring_kind {
	XTRAIL_URING_PATH,	/* a struct filename at @name (and @name2) */
	XTRAIL_URING_XATTR,	/* vfs_setxattr(ns, dentry, name, ...) */
	XTRAIL_URING_SENDMSG,	/* __sys_sendmsg_sock(sock, msghdr, flags) */
	XTRAIL_URING_RECVMSG,	/* __sys_recvmsg_sock(sock, msghdr, ...) */
	XTRAIL_URING_SEND,	/* io_send(req, issue_flags) */
	XTRAIL_URING_RECV,	/* io_recv(req, issue_flags) */
	XTRAIL_URING_ACCEPT,	/* do_accept(file, ...): the new file */
};

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
	u8 kind;	/* enum xtrail_uring_kind */
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
	{ "vfs_setxattr", __NR_setxattr, -1, -1, -1,
	  .kind = XTRAIL_URING_XATTR },
	{ "__sys_sendmsg_sock", __NR_sendmsg, -1, -1, -1, .net = true,
	  .kind = XTRAIL_URING_SENDMSG },
	{ "__sys_recvmsg_sock", __NR_recvmsg, -1, -1, -1, .net = true,
	  .kind = XTRAIL_URING_RECVMSG },
	{ "io_send", __NR_sendto, -1, -1, -1, .net = true,
	  .kind = XTRAIL_URING_SEND },
	{ "io_recv", __NR_recvfrom, -1, -1, -1, .net = true,
	  .kind = XTRAIL_URING_RECV },
	{ "do_accept", __NR_accept4, -1, -1, -1, .net = true,
	  .kind = XTRAIL_URING_ACCEPT },
};

/* What the entry handler keeps for the return handler. */
struct xtrail_uring_data {
	const struct file *file;	/* connect...: the socket's file */
	const struct io_kiocb *req;	/* io_send(), io_recv() */
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

/* The entry of the functions of kind XTRAIL_URING_XATTR on. */
static int xtrail_uring_entry2(const struct xtrail_uring_op *op,
			       struct xtrail_uring_data *d,
			       struct pt_regs *regs)
{
	const struct msghdr *msg;
	const struct socket *sock;
	const struct dentry *dentry;
	const char *p;

	switch (op->kind) {
	case XTRAIL_URING_XATTR:
		dentry = (const void *)regs_get_kernel_argument(regs, 1);
		p = dentry_path_raw(dentry, d->name, sizeof(d->name));
		d->has_name = !IS_ERR(p);
		if (d->has_name)
			memmove(d->name, p, strlen(p) + 1);
		p = (const char *)regs_get_kernel_argument(regs, 2);
		d->has_name2 = p && strscpy(d->name2, p, sizeof(d->name2)) >= 0;
		return 0;
	case XTRAIL_URING_SENDMSG:
	case XTRAIL_URING_RECVMSG:
		sock = (const void *)regs_get_kernel_argument(regs, 0);
		msg = (const void *)regs_get_kernel_argument(regs, 1);
		d->file = sock->file;
		d->addr_len = 0;
		/* The destination, copied to the kernel by io_uring */
		if (op->kind == XTRAIL_URING_SENDMSG && msg->msg_name) {
			d->addr_len = clamp_t(int, msg->msg_namelen, 0,
					      sizeof(d->addr));
			memcpy(&d->addr, msg->msg_name, d->addr_len);
		}
		return 0;
	case XTRAIL_URING_SEND:
	case XTRAIL_URING_RECV:
		d->req = (const void *)regs_get_kernel_argument(regs, 0);
		d->file = d->req->file;
		return 0;
	default:
		return 0;
	}
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
	if (op->kind)
		return xtrail_uring_entry2(op, d, regs);
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

/* A SENDMSG to a destination: its SENDTO record, once per destination. */
static void xtrail_uring_sendto(struct xtrail_uring_data *d, long ret)
{
	struct socket *sock = sock_from_file((struct file *)d->file);
	struct xtrail_net *n;
	void *rec;
	u32 len;

	if (!xtrail_event_on(XTRAIL_EV_NET))
		return;
	rec = xtrail_scratch_get();
	xtrail_hdr_fill_current(rec);
	len = xtrail_net_encode_uring(rec, d->file, &d->addr, d->addr_len,
				      ret);
	n = xtrail_net_body(rec);
	n->kind = cpu_to_le32(XTRAIL_NET_SENDTO);
	if (ret >= 0 && sock && sock->sk &&
	    (le32_to_cpu(n->family) == AF_INET ||
	     le32_to_cpu(n->family) == AF_INET6)) {
		switch (xtrail_dedup((unsigned long)sock->sk,
				     le64_to_cpu(n->sock_ino),
				     le32_to_cpu(n->family), n->daddr,
				     le16_to_cpu(n->dport))) {
		case XTRAIL_DEDUP_SEEN:
			return;
		case XTRAIL_DEDUP_NEW:
			n->flags |= cpu_to_le32(XTRAIL_NET_DEDUP);
			break;
		case XTRAIL_DEDUP_EVICT:
			n->flags |= cpu_to_le32(XTRAIL_NET_DEDUP |
						XTRAIL_NET_DEDUP_EVICT);
			break;
		}
	}
	/* Count the socket's bytes until its release (fileio.c). */
	if (xtrail_fileio_sock_file(d->file) < 0)
		n->flags |= cpu_to_le32(XTRAIL_NET_UNTRACKED);
	xtrail_submit(rec, len);
}

/* io_uring accepted a connection: the ACCEPT record of the new socket. */
static void xtrail_uring_accept(struct xtrail_uring_data *d,
				const struct file *file)
{
	void *rec;
	u32 len;

	if (!xtrail_event_on(XTRAIL_EV_NET))
		return;
	rec = xtrail_scratch_get();
	xtrail_hdr_fill_current(rec);
	len = xtrail_net_encode_uring(rec, file, &d->addr, 0, 0);
	xtrail_net_body(rec)->kind = cpu_to_le32(XTRAIL_NET_ACCEPT);
	if (xtrail_fileio_sock_file(file) < 0)
		xtrail_net_body(rec)->flags |=
			cpu_to_le32(XTRAIL_NET_UNTRACKED);
	xtrail_submit(rec, len);
}

/* The return of the functions of kind XTRAIL_URING_XATTR on. */
static void xtrail_uring_return2(const struct xtrail_uring_op *op,
				 struct xtrail_uring_data *d,
				 unsigned long rv)
{
	long ret = (int)rv;
	void *rec;
	u32 len;

	switch (op->kind) {
	case XTRAIL_URING_XATTR:
		if (!xtrail_event_on(XTRAIL_EV_FILE))
			return;
		rec = xtrail_scratch_get();
		xtrail_hdr_fill_current(rec);
		len = xtrail_file_encode_uring(rec, op->nr, AT_FDCWD, ret,
					       NULL,
					       d->has_name ? d->name : NULL,
					       d->has_name2 ? d->name2 : NULL,
					       0);
		xtrail_submit(rec, len);
		return;
	case XTRAIL_URING_SENDMSG:
		/* A first, non-blocking try: io_uring does it again. */
		if (ret == -EAGAIN)
			return;
		if (d->addr_len >= sizeof(d->addr.ss_family))
			xtrail_uring_sendto(d, ret);
		xtrail_fileio_add_file(d->file, ret, true);
		return;
	case XTRAIL_URING_RECVMSG:
		xtrail_fileio_add_file(d->file, ret, false);
		return;
	case XTRAIL_URING_SEND:
	case XTRAIL_URING_RECV:
		/* Completed (IOU_OK, 0): its result is the request's */
		if (!ret)
			xtrail_fileio_add_file(d->file,
					       READ_ONCE(d->req->cqe.res),
					       op->kind == XTRAIL_URING_SEND);
		return;
	case XTRAIL_URING_ACCEPT:
		if (!IS_ERR_OR_NULL((const void *)rv))
			xtrail_uring_accept(d, (const struct file *)rv);
		return;
	}
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

	if (op->kind) {
		xtrail_uring_return2(op, d, rv);
		return 0;
	}
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
