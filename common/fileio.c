// SPDX-License-Identifier: GPL-2.0
/*
 * Bytes read and written per open file, reported when it is closed (the
 * CLOSE record), so that a file transfer can be reconstructed.
 *
 * The probes cannot allocate, so the open files are tracked in a table
 * preallocated at load: XTRAIL_FT_SIZE slots keyed by the struct file
 * pointer, open addressing over a window of XTRAIL_FT_PROBE slots from the
 * pointer's hash (its home). Lock-free:
 *  - an open counts one more key at the home, then claims a free slot of
 *    the window with cmpxchg() on its key (a slot that already holds the
 *    same pointer is a stale one, for a file released without us seeing
 *    its last close: it is taken over and reset);
 *  - a read, a write or a close looks its file up: a home with no key is a
 *    miss after one load (the reads, writes and closes of sockets, pipes,
 *    terminals and every untracked file stop there); otherwise the window
 *    is scanned whole, so freeing a slot needs no tombstone. A read or
 *    write adds to the slot's counters with atomic64_add();
 *  - the last close reports the counters, zeroes them, frees the slot with
 *    a release store of 0 to the key, then counts one key less at the
 *    home.
 * A full window leaves the file untracked: its open record is flagged
 * XTRAIL_FILE_UNTRACKED and the heartbeat counts it.
 *
 * Sockets are files too, and share the table: a socket is entered at its
 * first NET record (xtrail_fileio_sock(), its record flagged
 * XTRAIL_NET_UNTRACKED when the window is full), the socket syscalls
 * (sendto, recvfrom, sendmsg, recvmsg, sendmmsg, recvmmsg) count besides
 * the read and write family, and a socket's counts are reported once,
 * when its file is released (__fput(), below), as a NET record of kind
 * CLOSE (xtrail_proto.h); its descriptors' closes report nothing. Open
 * files cannot be sockets (open() of a socket fails), so a slot's file
 * says which it is.
 *
 * The close side hooks filp_close(), through which every descriptor of a
 * file goes away (close, close_range, dup2 over it, close-on-exec, exit):
 * 6.1 has no tracepoint there. A file can outlive its last descriptor (a
 * memory mapping, a descriptor in flight in a unix socket): a second hook,
 * on __fput(), where the kernel releases a file, frees its slot then, so
 * that such files do not fill the table. Both hooks fire for every file
 * the system closes, tracked or not, so they are ftrace callbacks of their
 * own (an ftrace_ops per function, which ftrace calls from a trampoline of
 * its own that saves the argument registers only) rather than kprobes,
 * which cost about twice as much per call through the same ftrace site
 * (the kprobe handler's dispatch and a full pt_regs; bench-cost, README
 * "Performance"). The counting side runs from raw_syscalls:sys_exit
 * (probes.c).
 */
#include <linux/atomic.h>
#include <linux/bitmap.h>
#include <linux/dcache.h>
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/hash.h>
#include <linux/ftrace.h>
#include <linux/net.h>
#include <linux/socket.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <net/compat.h>
#include <net/sock.h>
#include <asm/syscall.h>
#include <asm/unistd.h>

#include "xtrail_encode.h"
#include "fault.h"
#include "fileio.h"
#include "record.h"
#include "submit.h"

#define XTRAIL_FT_BITS	12
#define XTRAIL_FT_SIZE	(1u << XTRAIL_FT_BITS)
#define XTRAIL_FT_PROBE	16

/* Keys apart from the counters: a lookup scans two cache lines. */
static unsigned long xtrail_ft_key[XTRAIL_FT_SIZE];
static struct xtrail_ft_count {
	atomic64_t rd;
	atomic64_t wr;
} xtrail_ft_cnt[XTRAIL_FT_SIZE];
static atomic_t xtrail_ft_used;
/* Keys whose home is each slot: 0 means no key can be in its window. */
static atomic_t xtrail_ft_home[XTRAIL_FT_SIZE];

static bool close_empty;
module_param(close_empty, bool, 0);
MODULE_PARM_DESC(close_empty, "also record the closing of files through which no byte was read or written");
static DEFINE_PER_CPU(u64, xtrail_ft_untracked);

static unsigned int xtrail_ft_slot(unsigned long key, unsigned int i)
{
	return (hash_long(key, XTRAIL_FT_BITS) + i) & (XTRAIL_FT_SIZE - 1);
}

/* The slot of @key, or -1. */
static int xtrail_ft_find(unsigned long key)
{
	unsigned int i, s;

	if (!atomic_read(&xtrail_ft_home[xtrail_ft_slot(key, 0)]))
		return -1;
	for (i = 0; i < XTRAIL_FT_PROBE; i++) {
		s = xtrail_ft_slot(key, i);
		if (READ_ONCE(xtrail_ft_key[s]) == key)
			return s;
	}
	return -1;
}

/* Take a slot for @key with zeroed counters; -1 when the window is full. */
static int xtrail_ft_claim(unsigned long key)
{
	unsigned int i, s;
	int old = xtrail_ft_find(key);

	if (old >= 0) {
		atomic64_set(&xtrail_ft_cnt[old].rd, 0);
		atomic64_set(&xtrail_ft_cnt[old].wr, 0);
		return old;
	}
	/* Counted before the key is visible: a find never misses it. */
	atomic_inc(&xtrail_ft_home[xtrail_ft_slot(key, 0)]);
	for (i = 0; i < XTRAIL_FT_PROBE; i++) {
		s = xtrail_ft_slot(key, i);
		if (!READ_ONCE(xtrail_ft_key[s]) &&
		    !cmpxchg(&xtrail_ft_key[s], 0, key)) {
			atomic_inc(&xtrail_ft_used);
			return s;
		}
	}
	atomic_dec(&xtrail_ft_home[xtrail_ft_slot(key, 0)]);
	return -1;
}

/* Free slot @s, which holds @key; its counters are zero for the next owner. */
static void xtrail_ft_release(int s, unsigned long key)
{
	atomic64_set(&xtrail_ft_cnt[s].rd, 0);
	atomic64_set(&xtrail_ft_cnt[s].wr, 0);
	/* The zeroed counters are visible before the slot is free again. */
	smp_store_release(&xtrail_ft_key[s], 0);
	atomic_dec(&xtrail_ft_home[xtrail_ft_slot(key, 0)]);
	atomic_dec(&xtrail_ft_used);
}

static void xtrail_ft_reset(void)
{
	unsigned int s;

	for (s = 0; s < XTRAIL_FT_SIZE; s++) {
		xtrail_ft_key[s] = 0;
		atomic_set(&xtrail_ft_home[s], 0);
		atomic64_set(&xtrail_ft_cnt[s].rd, 0);
		atomic64_set(&xtrail_ft_cnt[s].wr, 0);
	}
	atomic_set(&xtrail_ft_used, 0);
}

/* The current task's file at @fd, as a key (0: none). RCU held. */
static unsigned long xtrail_fd_key(long fd)
{
	if (fd < 0 || fd > INT_MAX || !current->files)
		return 0;
	return (unsigned long)files_lookup_fd_rcu(current->files, fd);
}

bool xtrail_fileio_open(int fd)
{
	unsigned long key;
	int s;

	rcu_read_lock();
	key = xtrail_fd_key(fd);
	s = key ? xtrail_ft_claim(key) : -1;
	rcu_read_unlock();
	if (s < 0)
		this_cpu_inc(xtrail_ft_untracked);
	return s >= 0;
}

bool xtrail_fileio_open_file(const struct file *file)
{
	int s = xtrail_ft_claim((unsigned long)file);

	if (s < 0)
		this_cpu_inc(xtrail_ft_untracked);
	return s >= 0;
}

/* xtrail_fileio_sock() of @key, a file the caller holds or RCU keeps. */
static int xtrail_fileio_sock_key(unsigned long key)
{
	struct socket *sock;
	int s = 0;

	sock = key ? sock_from_file((struct file *)key) : NULL;
	if (!sock || !sock->sk || (sock->sk->sk_family != AF_INET &&
				   sock->sk->sk_family != AF_INET6 &&
				   sock->sk->sk_family != AF_UNIX))
		goto out;
	/* Only a socket not tracked yet: its counts go on. */
	s = xtrail_ft_find(key) >= 0 ? 1 : xtrail_ft_claim(key) >= 0 ? 1 : -1;
out:
	if (s < 0)
		this_cpu_inc(xtrail_ft_untracked);
	return s;
}

int xtrail_fileio_sock(long fd)
{
	int s;

	rcu_read_lock();
	s = xtrail_fileio_sock_key(xtrail_fd_key(fd));
	rcu_read_unlock();
	return s;
}

int xtrail_fileio_sock_file(const struct file *file)
{
	return xtrail_fileio_sock_key((unsigned long)file);
}

/* The read and write family: which argument is the fd read, written. */
static const struct {
	u16 nr;
	s8 rd;
	s8 wr;
} xtrail_io_scs[] = {
	{ __NR_read, 0, -1 },		{ __NR_pread64, 0, -1 },
	{ __NR_readv, 0, -1 },		{ __NR_preadv, 0, -1 },
	{ __NR_preadv2, 0, -1 },	{ __NR_write, -1, 0 },
	{ __NR_pwrite64, -1, 0 },	{ __NR_writev, -1, 0 },
	{ __NR_pwritev, -1, 0 },	{ __NR_pwritev2, -1, 0 },
	{ __NR_sendfile, 1, 0 },	{ __NR_copy_file_range, 0, 2 },
	{ __NR_splice, 0, 2 },		{ __NR_sendto, -1, 0 },
	{ __NR_recvfrom, 0, -1 },	{ __NR_sendmsg, -1, 0 },
	{ __NR_recvmsg, 0, -1 },	{ __NR_sendmmsg, -1, 0 },
	{ __NR_recvmmsg, 0, -1 },
};

static DECLARE_BITMAP(xtrail_io_set, NR_syscalls);

static void xtrail_fileio_add(unsigned long fd, long n, bool wr)
{
	unsigned long key;
	int s;

	rcu_read_lock();
	key = xtrail_fd_key(fd);
	s = key ? xtrail_ft_find(key) : -1;
	if (s >= 0)
		atomic64_add(n, wr ? &xtrail_ft_cnt[s].wr :
				     &xtrail_ft_cnt[s].rd);
	rcu_read_unlock();
}

void xtrail_fileio_add_file(const struct file *file, long n, bool wr)
{
	int s;

	if (n <= 0 || !atomic_read(&xtrail_ft_used))
		return;
	s = xtrail_ft_find((unsigned long)file);
	if (s >= 0)
		atomic64_add(n, wr ? &xtrail_ft_cnt[s].wr :
				     &xtrail_ft_cnt[s].rd);
}

/*
 * sendmmsg() and recvmmsg() return how many messages moved: their bytes
 * are the msg_len of each, in the task's array (at most UIO_MAXIOV).
 */
static long xtrail_mmsg_bytes(unsigned long uvec, long msgs)
{
	struct mmsghdr __user *v = (struct mmsghdr __user *)uvec;
	long i, n = 0;
	unsigned int len;

	for (i = 0; i < msgs && i < UIO_MAXIOV; i++) {
		if (copy_from_user_nofault(&len, &v[i].msg_len, sizeof(len)))
			break;
		n += len;
	}
	return n;
}

bool xtrail_fileio_count(long nr, struct pt_regs *regs, long ret)
{
	unsigned long args[6];
	unsigned int i;

	if (!test_bit(nr, xtrail_io_set))
		return false;
	if (ret <= 0 || !atomic_read(&xtrail_ft_used))
		return true;
	for (i = 0; xtrail_io_scs[i].nr != nr; i++)
		;
	syscall_get_arguments(current, regs, args);
	if (nr == __NR_sendmmsg || nr == __NR_recvmmsg) {
		rcu_read_lock();
		i = xtrail_ft_find(xtrail_fd_key(args[0])) >= 0;
		rcu_read_unlock();
		if (i)
			xtrail_fileio_add(args[0],
					  xtrail_mmsg_bytes(args[1], ret),
					  nr == __NR_sendmmsg);
		return true;
	}
	if (xtrail_io_scs[i].rd >= 0)
		xtrail_fileio_add(args[xtrail_io_scs[i].rd], ret, false);
	if (xtrail_io_scs[i].wr >= 0)
		xtrail_fileio_add(args[xtrail_io_scs[i].wr], ret, true);
	return true;
}

/* xtrail_mmsg_bytes() of an i386 task's array (struct compat_mmsghdr). */
static long xtrail_mmsg_bytes32(unsigned long uvec, long msgs)
{
	struct compat_mmsghdr __user *v = (struct compat_mmsghdr __user *)uvec;
	long i, n = 0;
	u32 len;

	for (i = 0; i < msgs && i < UIO_MAXIOV; i++) {
		if (copy_from_user_nofault(&len, &v[i].msg_len, sizeof(len)))
			break;
		n += len;
	}
	return n;
}

void xtrail_fileio_count32(long nr, const unsigned long *args, long ret)
{
	unsigned int i;

	if (nr < 0 || nr >= NR_syscalls || !test_bit(nr, xtrail_io_set) ||
	    ret <= 0 || !atomic_read(&xtrail_ft_used))
		return;
	for (i = 0; xtrail_io_scs[i].nr != nr; i++)
		;
	if (nr == __NR_sendmmsg || nr == __NR_recvmmsg)
		ret = xtrail_mmsg_bytes32(args[1], ret);
	if (xtrail_io_scs[i].rd >= 0)
		xtrail_fileio_add(args[xtrail_io_scs[i].rd], ret, false);
	if (xtrail_io_scs[i].wr >= 0)
		xtrail_fileio_add(args[xtrail_io_scs[i].wr], ret, true);
}

void xtrail_fileio_syscalls(unsigned long *set)
{
	bitmap_or(set, set, xtrail_io_set, NR_syscalls);
}

u64 xtrail_fileio_untracked(unsigned int ring, unsigned int nr_rings)
{
	return xtrail_ring_sum(&xtrail_ft_untracked, ring, nr_rings);
}

/* The descriptor close(2) is closing, or -1 for the other ways. */
static int xtrail_close_fd(void)
{
	struct pt_regs *uregs;

	if (current->flags & PF_KTHREAD)
		return -1;
	uregs = task_pt_regs(current);
	if (syscall_get_nr(current, uregs) != __NR_close)
		return -1;
	return (int)uregs->di;
}

/* filp_close(struct file *filp, fl_owner_t id) */
static void xtrail_filp_close(struct file *file)
{
	bool last;
	u64 rd, wr;
	void *rec;
	int s;

	if (!atomic_read(&xtrail_ft_used) || !in_task())
		return;
	s = xtrail_ft_find((unsigned long)file);
	/* A socket reports at its release (xtrail_fput()). */
	if (s < 0 || sock_from_file(file))
		return;
	rd = atomic64_read(&xtrail_ft_cnt[s].rd);
	wr = atomic64_read(&xtrail_ft_cnt[s].wr);
	/* The descriptor going away holds a reference until filp_close(). */
	last = file_count(file) <= 1;
	if (last)
		xtrail_ft_release(s, (unsigned long)file);
	/* Nothing moved: the open record (not flagged untracked) says it. */
	if (!xtrail_event_on(XTRAIL_EV_FILE) || (!rd && !wr && !close_empty))
		return;
	rec = xtrail_scratch_get();
	xtrail_hdr_fill_current(rec);
	xtrail_submit(rec, xtrail_close_encode(rec, file, xtrail_close_fd(),
					       rd, wr, last));
}

/* A tracked socket's file is released: its NET record of kind CLOSE. */
static void xtrail_sock_close(struct file *file, struct socket *sock, int s)
{
	u64 rd = atomic64_read(&xtrail_ft_cnt[s].rd);
	u64 wr = atomic64_read(&xtrail_ft_cnt[s].wr);
	bool no_task = current->flags & PF_KTHREAD;
	void *rec;

	if (!xtrail_event_on(XTRAIL_EV_NET) || (!rd && !wr) || !in_task())
		return;
	rec = xtrail_scratch_get();
	xtrail_hdr_fill_current(rec);
	xtrail_submit(rec, xtrail_net_close_encode(rec, sock,
						   file_inode(file)->i_ino,
						   wr, rd, no_task));
}

/*
 * __fput(struct file *file): the file is released, its slot is free (a
 * socket's counts reported first).
 */
static void xtrail_fput(struct file *file)
{
	struct socket *sock;
	int s;

	if (!atomic_read(&xtrail_ft_used))
		return;
	s = xtrail_ft_find((unsigned long)file);
	if (s < 0)
		return;
	sock = sock_from_file(file);
	if (sock)
		xtrail_sock_close(file, sock, s);
	xtrail_ft_release(s, (unsigned long)file);
}

/*
 * The ftrace callbacks, at the entry of the function each ops traces, its
 * first argument in fregs (DYNAMIC_FTRACE_WITH_ARGS). The recursion guard
 * also disables preemption, as a probe expects (submit.c).
 */
static void notrace xtrail_ftrace_filp_close(unsigned long ip,
					     unsigned long parent_ip,
					     struct ftrace_ops *op,
					     struct ftrace_regs *fregs)
{
	int bit = ftrace_test_recursion_trylock(ip, parent_ip);

	if (bit < 0)
		return;
	xtrail_filp_close((struct file *)fregs->regs.di);
	ftrace_test_recursion_unlock(bit);
}

static void notrace xtrail_ftrace_fput(unsigned long ip,
				       unsigned long parent_ip,
				       struct ftrace_ops *op,
				       struct ftrace_regs *fregs)
{
	int bit = ftrace_test_recursion_trylock(ip, parent_ip);

	if (bit < 0)
		return;
	xtrail_fput((struct file *)fregs->regs.di);
	ftrace_test_recursion_unlock(bit);
}

/*
 * PERMANENT: while they are registered, sysctl kernel.ftrace_enabled=0
 * fails (EBUSY) rather than stop them.
 */
static struct ftrace_ops xtrail_close_ops = {
	.func = xtrail_ftrace_filp_close,
	.flags = FTRACE_OPS_FL_PERMANENT,
};

static struct ftrace_ops xtrail_fput_ops = {
	.func = xtrail_ftrace_fput,
	.flags = FTRACE_OPS_FL_PERMANENT,
};

/* Call @ops at the entry of the kernel function @name. */
static int xtrail_hook(struct ftrace_ops *ops, const char *name)
{
	char buf[KSYM_NAME_LEN];
	int ret;

	/* ftrace_set_filter() takes a writable pattern. */
	strscpy(buf, name, sizeof(buf));
	ret = ftrace_set_filter(ops, buf, strlen(buf), 1);
	if (!ret)
		ret = register_ftrace_function(ops);
	if (ret) {
		ftrace_free_filter(ops);
		pr_err("cannot hook %s: %d\n", name, ret);
	}
	return ret;
}

static void xtrail_unhook(struct ftrace_ops *ops)
{
	/* Waits until no CPU runs the callback, or its trampoline. */
	unregister_ftrace_function(ops);
	ftrace_free_filter(ops);
}

int xtrail_fileio_init(void)
{
	unsigned int i;
	int ret;

	xtrail_ft_reset();
	bitmap_zero(xtrail_io_set, NR_syscalls);
	for (i = 0; i < ARRAY_SIZE(xtrail_io_scs); i++)
		__set_bit(xtrail_io_scs[i].nr, xtrail_io_set);
	ret = xtrail_fault("hook __fput") ?: xtrail_hook(&xtrail_fput_ops,
							"__fput");
	if (ret)
		return ret;
	ret = xtrail_fault("hook filp_close") ?:
	      xtrail_hook(&xtrail_close_ops, "filp_close");
	if (ret)
		goto err_fput;
	return 0;

err_fput:
	xtrail_unhook(&xtrail_fput_ops);
	return ret;
}

void xtrail_fileio_uninit(void)
{
	xtrail_unhook(&xtrail_close_ops);
	xtrail_unhook(&xtrail_fput_ops);
}
