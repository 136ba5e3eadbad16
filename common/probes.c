// SPDX-License-Identifier: GPL-2.0
/*
 * The probes: tracepoint handlers that turn kernel events into records:
 * exec, fork and exit from the scheduler's tracepoints; file syscalls
 * (open family, unlink, rename, link, mkdir, chmod, chown...) and a
 * configured set of other syscalls (credential changes, ptrace, module
 * loading by default) from raw_syscalls:sys_exit; socket syscalls from
 * the same place and TCP state changes from sock:inet_sock_set_state;
 * the bytes each opened file moves are counted there too (fileio.c), and
 * execve()'s entry keeps the argv[0] its caller passed (argv0.c). The
 * i386 file and socket syscalls (int $0x80, socketcall) reach the same
 * tracepoint and are recorded as their x86-64 twins (road32.c); io_uring's
 * requests, which pass through no syscall of theirs, are probed where
 * they do the work (uring.c). The fd-based twins of the file syscalls,
 * the extended attributes and sendmmsg's messages are recorded as their
 * path-based or single twins are (twins.c).
 * Each builds its record in the scratch buffer of the context it runs in
 * and hands it to xtrail_submit() (submit.c says which probes run where).
 */
#include <linux/binfmts.h>
#include <linux/bitmap.h>
#include <linux/compat.h>
#include <linux/fcntl.h>
#include <linux/mm_types.h>
#include <linux/moduleparam.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <net/sock.h>
#include <asm/syscall.h>
#include <asm/unistd.h>

#include "xtrail_encode.h"
#include "probes.h"
#include "argv0.h"
#include "dedup.h"
#include "digest.h"
#include "fault.h"
#include "fileio.h"
#include "record.h"
#include "road32.h"
#include "submit.h"
#include "tracepoints.h"
#include "twins.h"
#include "uring.h"

/*
 * The syscalls recorded with their raw arguments. By default those that
 * change credentials, attach to other processes, or load kernel code.
 */
#define XTRAIL_SYSCALLS_DEF {						\
	__NR_setuid, __NR_setgid, __NR_setreuid, __NR_setregid,		\
	__NR_setresuid, __NR_setresgid, __NR_setfsuid, __NR_setfsgid,	\
	__NR_capset, __NR_ptrace, __NR_init_module, __NR_finit_module,	\
	__NR_delete_module,						\
}
/* Room for 64 given at load; the count is that of the defaults. */
static int syscalls[64] = XTRAIL_SYSCALLS_DEF;
static unsigned int nr_syscalls = ARRAY_SIZE(((int[])XTRAIL_SYSCALLS_DEF));
module_param_array(syscalls, int, &nr_syscalls, 0);
MODULE_PARM_DESC(syscalls, "syscall numbers recorded with their arguments (x86-64)");

static DECLARE_BITMAP(xtrail_sys_set, NR_syscalls);

static unsigned int argv_max = XTRAIL_ARGV_MAX;
module_param(argv_max, uint, 0444);
MODULE_PARM_DESC(argv_max, "argv bytes an exec record keeps (at most 12184; a dom0 older than this version accepts 8192)");

static bool file_events = true;
module_param(file_events, bool, 0);
MODULE_PARM_DESC(file_events, "record file syscalls (open, unlink, rename...)");

static bool twin_events = true;
module_param(twin_events, bool, 0);
MODULE_PARM_DESC(twin_events, "record the fd-based twins (fchmod, fchown, ftruncate), the extended attributes and sendmmsg's destinations");

/*
 * The file syscalls: where their paths are (XTRAIL_TWIN_FD: the file of
 * the descriptor args[0]; an xattr call's path2 is the attribute name),
 * whether they open, and whether they are twins (twin_events).
 */
static const struct xtrail_file_sc {
	u16 nr;
	s8 path;
	s8 path2;
	bool open;
	bool twin;
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
	{ __NR_fchmod, XTRAIL_TWIN_FD, -1, .twin = true },
	{ __NR_fchown, XTRAIL_TWIN_FD, -1, .twin = true },
	{ __NR_ftruncate, XTRAIL_TWIN_FD, -1, .twin = true },
	{ __NR_setxattr, 0, 1, .twin = true },
	{ __NR_lsetxattr, 0, 1, .twin = true },
	{ __NR_fsetxattr, XTRAIL_TWIN_FD, 1, .twin = true },
	{ __NR_removexattr, 0, 1, .twin = true },
	{ __NR_lremovexattr, 0, 1, .twin = true },
	{ __NR_fremovexattr, XTRAIL_TWIN_FD, 1, .twin = true },
#ifdef __NR_fchmodat2
	/* Linux 6.6 on: fchmodat with flags (not in 6.1: -ENOSYS) */
	{ __NR_fchmodat2, 1, -1, .twin = true },
#endif
};

static DECLARE_BITMAP(xtrail_file_set, NR_syscalls);

static bool net_events = true;
module_param(net_events, bool, 0);
MODULE_PARM_DESC(net_events, "record connect, bind, listen, accept, datagram destinations and TCP state changes");

static const struct {
	u16 nr;
	u16 kind;
} xtrail_net_scs[] = {
	{ __NR_connect, XTRAIL_NET_CONNECT },	{ __NR_bind, XTRAIL_NET_BIND },
	{ __NR_listen, XTRAIL_NET_LISTEN },	{ __NR_accept, XTRAIL_NET_ACCEPT },
	{ __NR_accept4, XTRAIL_NET_ACCEPT },	{ __NR_sendto, XTRAIL_NET_SENDTO },
	{ __NR_sendmsg, XTRAIL_NET_SENDTO },
	/* Each message a sendto (twins.c); a twin (twin_events) */
	{ __NR_sendmmsg, XTRAIL_NET_SENDTO },
};

static DECLARE_BITMAP(xtrail_net_set, NR_syscalls);

static bool compat_events = true;
module_param(compat_events, bool, 0);
MODULE_PARM_DESC(compat_events, "record the i386 file and socket syscalls (int $0x80, socketcall) as the x86-64 ones");

static bool uring_events = true;
module_param(uring_events, bool, 0);
MODULE_PARM_DESC(uring_events, "record io_uring's opens, unlinks, mkdirs, renames and connects");

/* Every syscall some probe wants at its exit: the only test the others pay. */
static DECLARE_BITMAP(xtrail_any_set, NR_syscalls);

static void xtrail_probe_exec(void *data, struct task_struct *p,
			      pid_t old_pid, struct linux_binprm *bprm)
{
	void *rec = xtrail_scratch_get();
	struct mm_struct *mm = current->mm;
	u32 len;

	if (!mm || !xtrail_event_on(XTRAIL_EV_EXEC))
		return;
	xtrail_hdr_fill_current(rec);
	len = xtrail_exec_encode(rec, bprm, old_pid,
				 (const void __user *)mm->arg_start,
				 mm->arg_end - mm->arg_start, argv_max);
	xtrail_submit(rec, len);
	/* The program's digest: from the cache now, or a worker's later. */
	xtrail_digest_exec(rec, bprm->file);
}

/* At the entry of an execve(): the argv[0] its caller passes (argv0.c). */
static void xtrail_probe_sys_enter(void *data, struct pt_regs *regs, long nr)
{
	if ((nr != __NR_execve && nr != __NR_execveat) ||
	    in_compat_syscall() || !xtrail_event_on(XTRAIL_EV_EXEC))
		return;
	xtrail_argv0_enter(regs, nr == __NR_execveat);
}

static void xtrail_probe_fork(void *data, struct task_struct *parent,
			      struct task_struct *child)
{
	void *rec = xtrail_scratch_get();

	if (!xtrail_event_on(XTRAIL_EV_FORK))
		return;
	xtrail_hdr_fill_current(rec);
	xtrail_submit(rec, xtrail_fork_encode(rec, child));
}

static void xtrail_probe_exit(void *data, struct task_struct *p)
{
	void *rec = xtrail_scratch_get();

	if (!xtrail_event_on(XTRAIL_EV_EXIT))
		return;
	xtrail_hdr_fill_current(rec);
	xtrail_submit(rec, xtrail_exit_encode(rec, p));
}

/* @road: 0 (the 64-bit syscall) or XTRAIL_FILE_COMPAT */
static void xtrail_file_event(long nr, const unsigned long *args, long ret,
			      u32 road)
{
	void *rec = xtrail_scratch_get();
	const struct xtrail_file_sc *sc;
	bool untracked = false;
	u32 len;

	for (sc = xtrail_file_scs; sc->nr != nr; sc++)
		;
	/* Count the bytes of an opened file until its close. */
	if (sc->open && ret >= 0)
		untracked = !xtrail_fileio_open(ret);
	xtrail_hdr_fill_current(rec);
	if (sc->path == XTRAIL_TWIN_FD)
		len = xtrail_twin_file_encode(rec, nr, args, ret, sc->path2);
	else
		len = xtrail_file_encode(rec, nr, args, ret, sc->path,
					 sc->path2, sc->open);
	/* fchownat(fd, "", ..., AT_EMPTY_PATH): the descriptor's file */
	if (nr == __NR_fchownat && twin_events && args[4] & AT_EMPTY_PATH &&
	    !xtrail_file_body(rec)->path_len &&
	    !(xtrail_file_body(rec)->flags &
	      cpu_to_le32(XTRAIL_FILE_PATH_FAULT)))
		len = xtrail_twin_file_encode(rec, nr, args, ret, -1);
	if (untracked)
		road |= XTRAIL_FILE_UNTRACKED;
	xtrail_file_body(rec)->flags |= cpu_to_le32(road);
	xtrail_submit(rec, len);
}

static void xtrail_mmsg_event(const unsigned long *args, long ret, u32 road);

/* @road: 0 (the 64-bit syscall) or XTRAIL_NET_COMPAT */
static void xtrail_net_event(long nr, const unsigned long *args, long ret,
			     u32 road)
{
	void *rec = xtrail_scratch_get();
	unsigned int i, len, kind;
	long fd;

	if (nr == __NR_sendmmsg) {
		xtrail_mmsg_event(args, ret, road);
		return;
	}
	for (i = 0; xtrail_net_scs[i].nr != nr; i++)
		;
	kind = xtrail_net_scs[i].kind;
	xtrail_hdr_fill_current(rec);
	len = xtrail_net_encode(rec, nr, args, ret, kind);
	if (!len)
		return;
	xtrail_net_body(rec)->flags |= cpu_to_le32(road);
	/* Count the socket's bytes until its release (fileio.c). */
	fd = kind == XTRAIL_NET_ACCEPT ? ret : (long)args[0];
	if (fd >= 0 && xtrail_fileio_sock(fd) < 0)
		xtrail_net_body(rec)->flags |=
			cpu_to_le32(XTRAIL_NET_UNTRACKED);
	xtrail_submit(rec, len);
}

/*
 * sendmmsg(fd, vec, vlen, flags): a sendto of each message it sent, with
 * that message's destination and bytes; of the first when it failed. The
 * kernel sent at most UIO_MAXIOV.
 */
static void xtrail_mmsg_event(const unsigned long *args, long ret, u32 road)
{
	unsigned long a[XTRAIL_SYSCALL_ARGS];
	long i, n = ret < 0 ? 1 : min_t(long, ret, UIO_MAXIOV), len;

	memcpy(a, args, sizeof(a));
	for (i = 0; i < n; i++) {
		if (!xtrail_twin_mmsg(args[1], i, road == XTRAIL_NET_COMPAT, a,
				      &len))
			return;
		/* No destination (a connected socket): nothing to record */
		if (a[4])
			xtrail_net_event(__NR_sendto, a, ret < 0 ? ret : len,
					 road);
	}
}

static void xtrail_probe_sock_state(void *data, const struct sock *sk,
				    int oldstate, int newstate)
{
	struct xtrail_rec_hdr *h;

	/* Opt-in (XTRAIL_EV_TCPSTATE): about ten per connection. */
	if (sk->sk_protocol != IPPROTO_TCP ||
	    !xtrail_event_on(XTRAIL_EV_TCPSTATE))
		return;
	h = xtrail_scratch_get();
	xtrail_hdr_fill_current(h);
	xtrail_submit(h, xtrail_net_state_encode(h, sk, oldstate, newstate,
						 !in_task()));
}

/*
 * An i386 syscall (@nr32) at its exit: a file, socket or syscall-class
 * call is recorded as its x86-64 twin, flagged COMPAT (road32.c), and the
 * read and write family's bytes are counted (fileio.c).
 */
static void xtrail_compat_exit(struct pt_regs *regs, long nr32, long ret)
{
	unsigned long args[XTRAIL_SYSCALL_ARGS];
	long nr = xtrail_road32_nr(nr32);
	void *rec;

	if (nr == -1 || !compat_events)
		return;
	syscall_get_arguments(current, regs, args);
	nr = xtrail_road32_args(nr, args);
	if (nr < 0 || nr >= NR_syscalls)
		return;
	if (test_bit(nr, xtrail_net_set) && xtrail_event_on(XTRAIL_EV_NET)) {
		xtrail_net_event(nr, args, ret, XTRAIL_NET_COMPAT);
	} else if (test_bit(nr, xtrail_file_set) &&
		   xtrail_event_on(XTRAIL_EV_FILE)) {
		xtrail_file_event(nr, args, ret, XTRAIL_FILE_COMPAT);
	} else if (test_bit(nr, xtrail_sys_set) &&
		   xtrail_event_on(XTRAIL_EV_SYSCALL)) {
		rec = xtrail_scratch_get();
		xtrail_hdr_fill_current(rec);
		xtrail_submit(rec, xtrail_twin_syscall_encode(rec, nr, args,
							      ret));
	}
	/* Reads and writes: bytes of tracked files and sockets. */
	xtrail_fileio_count32(nr, args, ret);
}

/* Runs at every syscall exit: one bit test for the syscalls not recorded. */
static void xtrail_probe_sys_exit(void *data, struct pt_regs *regs, long ret)
{
	unsigned long args[XTRAIL_SYSCALL_ARGS];
	long nr = syscall_get_nr(current, regs);
	void *rec;

	/* The i386 numbers are others: not the bitmaps' (road32.c). */
	if (unlikely(in_compat_syscall())) {
		xtrail_compat_exit(regs, nr, ret);
		return;
	}
	if (nr < 0 || nr >= NR_syscalls || !test_bit(nr, xtrail_any_set))
		return;
	syscall_get_arguments(current, regs, args);
	/* A socket's first NET record starts its count: before counting. */
	if (test_bit(nr, xtrail_net_set) && xtrail_event_on(XTRAIL_EV_NET))
		xtrail_net_event(nr, args, ret, 0);
	/* A failed exec leaves its argv[0] behind: forget it. */
	if (nr == __NR_execve || nr == __NR_execveat)
		xtrail_argv0_drop();
	/* Reads and writes: bytes of tracked files and sockets. */
	xtrail_fileio_count(nr, regs, ret);
	if (test_bit(nr, xtrail_file_set)) {
		if (xtrail_event_on(XTRAIL_EV_FILE))
			xtrail_file_event(nr, args, ret, 0);
		return;
	}
	if (test_bit(nr, xtrail_net_set))
		return;
	if (!test_bit(nr, xtrail_sys_set) || !xtrail_event_on(XTRAIL_EV_SYSCALL))
		return;
	rec = xtrail_scratch_get();
	xtrail_hdr_fill_current(rec);
	xtrail_submit(rec, xtrail_syscall_encode(rec, regs, ret));
}

/* The tracepoints the probes may attach to. */
enum {
	XTRAIL_TP_EXEC,
	XTRAIL_TP_FORK,
	XTRAIL_TP_EXIT,
	XTRAIL_TP_SOCK_STATE,
	XTRAIL_TP_SYS_ENTER,
	XTRAIL_TP_SYS_EXIT,
	XTRAIL_TP_COUNT
};

/* Filled by xtrail_probes_init(): the optional ones only when enabled. */
static struct xtrail_tp xtrail_tps[XTRAIL_TP_COUNT];
static unsigned int xtrail_nr_tps;

static void xtrail_tp_add(const char *name, void *probe)
{
	if (WARN_ON_ONCE(xtrail_nr_tps == ARRAY_SIZE(xtrail_tps)))
		return;
	xtrail_tps[xtrail_nr_tps].name = name;
	xtrail_tps[xtrail_nr_tps].probe = probe;
	xtrail_nr_tps++;
}

static int xtrail_syscalls_parse(void)
{
	unsigned int i;

	if (argv_max > XTRAIL_ARGV_LIMIT) {
		pr_err("argv_max: %u is more than a record holds (%u)\n",
		       argv_max, XTRAIL_ARGV_LIMIT);
		return -EINVAL;
	}
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
		if (twin_events || !xtrail_file_scs[i].twin)
			__set_bit(xtrail_file_scs[i].nr, xtrail_file_set);
	bitmap_zero(xtrail_net_set, NR_syscalls);
	for (i = 0; net_events && i < ARRAY_SIZE(xtrail_net_scs); i++)
		if (twin_events || xtrail_net_scs[i].nr != __NR_sendmmsg)
			__set_bit(xtrail_net_scs[i].nr, xtrail_net_set);
	return 0;
}

int xtrail_probes_init(void)
{
	int ret;

	ret = xtrail_syscalls_parse();
	if (ret)
		return ret;
	xtrail_nr_tps = 0;
	xtrail_tp_add("sched_process_exec", xtrail_probe_exec);
	xtrail_tp_add("sched_process_fork", xtrail_probe_fork);
	xtrail_tp_add("sched_process_exit", xtrail_probe_exit);
	if (net_events)
		xtrail_tp_add("inet_sock_set_state", xtrail_probe_sock_state);
	/* execve()'s entry and exit: the argv[0] its caller passed. */
	xtrail_tp_add("sys_enter", xtrail_probe_sys_enter);
	xtrail_tp_add("sys_exit", xtrail_probe_sys_exit);
	ret = xtrail_fault("dedup") ?: xtrail_dedup_init();
	if (ret)
		return ret;
	/* The table of open files counts the sockets' bytes too. */
	if (file_events || net_events) {
		ret = xtrail_fault("fileio") ?: xtrail_fileio_init();
		if (ret)
			goto err_dedup;
	}
	bitmap_or(xtrail_any_set, xtrail_file_set, xtrail_net_set, NR_syscalls);
	bitmap_or(xtrail_any_set, xtrail_any_set, xtrail_sys_set, NR_syscalls);
	__set_bit(__NR_execve, xtrail_any_set);
	__set_bit(__NR_execveat, xtrail_any_set);
	if (file_events || net_events)
		xtrail_fileio_syscalls(xtrail_any_set);
	/* io_uring's requests: after the table of open files (uring.c). */
	if (uring_events && (file_events || net_events)) {
		ret = xtrail_fault("uring") ?:
		      xtrail_uring_init(file_events, net_events);
		if (ret)
			goto err_fileio;
	}
	ret = xtrail_fault("digest") ?: xtrail_digest_init();
	if (ret)
		goto err_uring;
	ret = xtrail_tp_register(xtrail_tps, xtrail_nr_tps, NULL);
	if (ret)
		goto err_digest;
	return 0;

err_digest:
	xtrail_digest_uninit();
err_uring:
	if (uring_events && (file_events || net_events))
		xtrail_uring_uninit();
err_fileio:
	if (file_events || net_events)
		xtrail_fileio_uninit();
err_dedup:
	xtrail_dedup_uninit();
	return ret;
}

void xtrail_probes_uninit(void)
{
	xtrail_tp_unregister(xtrail_tps, xtrail_nr_tps, NULL);
	xtrail_digest_uninit();
	if (uring_events && (file_events || net_events))
		xtrail_uring_uninit();
	if (file_events || net_events)
		xtrail_fileio_uninit();
	xtrail_dedup_uninit();
}
