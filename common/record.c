// SPDX-License-Identifier: GPL-2.0
/*
 * Probe-side encoders: fill a record from the current task. They run in
 * tracepoint context (preemption off): no sleeping, no allocation, user
 * memory only through the _nofault helpers. The pure part (bounds, flags,
 * padding) is shared with userspace in xtrail_encode.h.
 */
#include <linux/sched.h>
#include <linux/cred.h>
#include <linux/audit.h>
#include <linux/uaccess.h>
#include <linux/string.h>
#include <linux/smp.h>
#include <linux/fdtable.h>
#include <linux/dcache.h>
#include <linux/file.h>
#include <linux/binfmts.h>
#include <linux/mount.h>
#include <linux/fs_struct.h>
#include <linux/seqlock.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/net.h>
#include <linux/socket.h>
#include <linux/un.h>
#include <net/sock.h>
#include <net/inet_sock.h>
#include <asm/syscall.h>
#include <asm/word-at-a-time.h>

#include "xtrail_encode.h"
#include "record.h"
#include "clock.h"
#include "dedup.h"
#include "argv0.h"
#include "dpath.h"

/*
 * from_kuid_munged(&init_user_ns, @k) without map_id_up(): the initial
 * namespace maps every id to itself but (uid_t)-1, which it does not map
 * (munged: overflowuid). Every record's header maps four ids.
 */
static u32 xtrail_init_uid(kuid_t k)
{
	uid_t v = __kuid_val(k);

	return v == (uid_t)-1 ? (u32)overflowuid : v;
}

static u32 xtrail_init_gid(kgid_t k)
{
	gid_t v = __kgid_val(k);

	return v == (gid_t)-1 ? (u32)overflowgid : v;
}

/*
 * strscpy_pad(@dst, @src, 16) of a task's comm, a word at a time: up to
 * the first NUL (at most 15 bytes), the rest zero.
 */
static void xtrail_comm_copy(char *dst, const char *src)
{
	const struct word_at_a_time c = WORD_AT_A_TIME_CONSTANTS;
	unsigned long w[2], data;

	BUILD_BUG_ON(sizeof(w) != TASK_COMM_LEN);
	memcpy(w, src, sizeof(w));
	if (has_zero(w[0], &data, &c)) {
		data = create_zero_mask(prep_zero_mask(w[0], data, &c));
		w[0] &= zero_bytemask(data);
		w[1] = 0;
	} else if (has_zero(w[1], &data, &c)) {
		data = create_zero_mask(prep_zero_mask(w[1], data, &c));
		w[1] &= zero_bytemask(data);
	} else {
		((char *)w)[TASK_COMM_LEN - 1] = '\0';
	}
	memcpy(dst, w, sizeof(w));
}

/* Header of a record about the current task; seq, domid, recv_ns are 0. */
void xtrail_hdr_fill_current(struct xtrail_rec_hdr *h)
{
	const struct cred *cred = current_cred();
	u16 flags = 0;
	pid_t ppid;

	h->ts_ns = cpu_to_le64(xtrail_clock_ns(&flags));
	h->flags = cpu_to_le16(flags);
	h->len = 0;
	h->type = 0;
	h->seq = 0;
	h->recv_ns = 0;
	h->domid = 0;
	h->vcpu = cpu_to_le16(raw_smp_processor_id());
	h->pid = cpu_to_le32(task_pid_nr(current));
	h->tgid = cpu_to_le32(task_tgid_nr(current));
	rcu_read_lock();
	ppid = task_tgid_nr(rcu_dereference(current->real_parent));
	rcu_read_unlock();
	h->ppid = cpu_to_le32(ppid);
	h->uid = cpu_to_le32(xtrail_init_uid(cred->uid));
	h->gid = cpu_to_le32(xtrail_init_gid(cred->gid));
	h->euid = cpu_to_le32(xtrail_init_uid(cred->euid));
	h->egid = cpu_to_le32(xtrail_init_gid(cred->egid));
	/*
	 * An unset loginuid is (uid_t)-1, the "unset" sentinel: from_kuid()
	 * of the initial namespace, unmunged, is the id itself.
	 */
	h->loginuid = cpu_to_le32(__kuid_val(audit_get_loginuid(current)));
	h->sessionid = cpu_to_le32(audit_get_sessionid(current));
	BUILD_BUG_ON(sizeof(h->comm) != TASK_COMM_LEN);
	xtrail_comm_copy(h->comm, current->comm);
}

/* The absolute path of @file into @dst (max + 1 bytes); length or -errno. */
static int xtrail_file_path(char *dst, u32 max, const struct file *file)
{
	/* d_path()'s name, built at the end of the buffer (dpath.c). */
	char *p = xtrail_d_path(&file->f_path, dst, max + 1);
	int n;

	if (IS_ERR(p))
		return PTR_ERR(p);
	n = strlen(p);
	memmove(dst, p, n);
	return n;
}

/*
 * The current task's working directory into @dst (max + 1 bytes); length
 * or -errno. As d_path() does for the root: the pwd read under its
 * seqcount, used under RCU without taking references (no dput() here,
 * which may sleep).
 */
static int xtrail_cwd_path(char *dst, u32 max)
{
	struct fs_struct *fs = current->fs;
	struct path pwd;
	unsigned int seq;
	char *p;
	int n;

	if (!fs)
		return -ENOENT;
	rcu_read_lock();
	do {
		seq = read_seqcount_begin(&fs->seq);
		pwd = fs->pwd;
	} while (read_seqcount_retry(&fs->seq, seq));
	p = d_path(&pwd, dst, max + 1);
	rcu_read_unlock();
	if (IS_ERR(p))
		return PTR_ERR(p);
	n = strlen(p);
	memmove(dst, p, n);
	return n;
}

/* A path into @dst: its length, 0 when unknown, *@flags |= @long_flag. */
static u32 xtrail_exec_path(int n, u32 *flags, u32 long_flag)
{
	if (n == -ENAMETOOLONG)
		*flags |= long_flag;
	return max(n, 0);
}

/**
 * xtrail_exec_encode - encode an exec record (body version 2) in place
 * @rec:       scratch buffer of XTRAIL_REC_MAX bytes, header already filled
 * @bprm:      the exec (sched_process_exec)
 * @old_pid:   the task's thread id before the exec
 * @argv:      start of the new image's argument area (mm->arg_start)
 * @argv_size: its size in bytes (mm->arg_end - mm->arg_start)
 * @argv_max:  argv bytes to keep at most (<= XTRAIL_ARGV_LIMIT)
 *
 * The strings go one after the other, as xtrail_proto.h orders them:
 * filename, cwd, exe, argv0, then as much of the argv as is left room for.
 * Returns the record length.
 */
u32 xtrail_exec_encode(void *rec, const struct linux_binprm *bprm,
		       pid_t old_pid, const void __user *argv,
		       unsigned long argv_size, u32 argv_max)
{
	struct xtrail_exec_strs s = { .argc_total = bprm->argc };
	char *p = (char *)rec + XTRAIL_EXEC_V2_STR_OFF;
	/* The NUL strscpy() adds lands where the cwd will go. */
	ssize_t n = strscpy(p, bprm->filename, XTRAIL_PATH_MAX + 1);
	unsigned long room;
	bool trunc;

	s.fn_len = n < 0 ? XTRAIL_PATH_MAX : n;
	if (n < 0)
		s.flags |= XTRAIL_EXEC_FILENAME_TRUNC;
	p += s.fn_len;
	s.cwd_len = xtrail_exec_path(xtrail_cwd_path(p, XTRAIL_PATH_MAX),
				     &s.flags, XTRAIL_EXEC_CWD_LONG);
	p += s.cwd_len;
	if (bprm->file)
		s.exe_len = xtrail_exec_path(xtrail_file_path(p, XTRAIL_PATH_MAX,
							      bprm->file),
					     &s.flags, XTRAIL_EXEC_EXE_LONG);
	p += s.exe_len;
	/* Fileless: a memfd or shm file, or one deleted since its open. */
	if (bprm->file && (d_unlinked(bprm->file->f_path.dentry) ||
			   bprm->file->f_path.mnt->mnt_flags & MNT_INTERNAL))
		s.flags |= XTRAIL_EXEC_NO_PATH;
	s.argv0_len = xtrail_argv0_take(p, old_pid, &trunc);
	if (trunc)
		s.flags |= XTRAIL_EXEC_ARGV0_TRUNC;
	p += s.argv0_len;
	/* A #! script or binfmt_misc: the handler named an interpreter. */
	if (bprm->interp != bprm->filename)
		s.flags |= XTRAIL_EXEC_SCRIPT;

	/* The argv shrinks first: what is left, at least V2_ARGV_MIN. */
	room = XTRAIL_REC_MAX - (p - (char *)rec);
	s.argv_len = min3(argv_size, (unsigned long)min(argv_max,
							XTRAIL_ARGV_LIMIT),
			  room);
	if (argv_size > s.argv_len)
		s.flags |= XTRAIL_EXEC_ARGV_TRUNC;
	if (s.argv_len && copy_from_user_nofault(p, argv, s.argv_len))
		s.flags |= XTRAIL_EXEC_ARGV_FAULT;
	return xtrail_exec_finish_v2(rec, &s);
}

static u32 xtrail_fixed_finish(void *rec, u16 type, u32 body)
{
	struct xtrail_rec_hdr *h = rec;
	u32 len = sizeof(*h) + body;

	h->len = cpu_to_le32(len);
	h->type = cpu_to_le16(type);
	return len;
}

/* Called in the parent's context: the header describes the parent. */
u32 xtrail_fork_encode(void *rec, struct task_struct *child)
{
	struct xtrail_fork *f = (void *)((u8 *)rec +
					 sizeof(struct xtrail_rec_hdr));
	pid_t pid = task_pid_nr(child), tgid = task_tgid_nr(child);

	f->child_pid = cpu_to_le32(pid);
	f->child_tgid = cpu_to_le32(tgid);
	f->flags = cpu_to_le32(pid != tgid ? XTRAIL_FORK_THREAD : 0);
	f->pad = 0;
	return xtrail_fixed_finish(rec, XTRAIL_REC_FORK, sizeof(*f));
}

/* Called by the exiting task itself (sched_process_exit). */
u32 xtrail_exit_encode(void *rec, struct task_struct *task)
{
	struct xtrail_exit *e = (void *)((u8 *)rec +
					 sizeof(struct xtrail_rec_hdr));

	e->code = cpu_to_le32(task->exit_code);
	e->flags = cpu_to_le32(thread_group_leader(task) ? 0 :
			       XTRAIL_EXIT_THREAD);
	return xtrail_fixed_finish(rec, XTRAIL_REC_EXIT, sizeof(*e));
}

/* Called at syscall exit by the task that made the call. */
u32 xtrail_syscall_encode(void *rec, struct pt_regs *regs, long ret)
{
	struct xtrail_syscall *sc = (void *)((u8 *)rec +
					     sizeof(struct xtrail_rec_hdr));
	unsigned long args[XTRAIL_SYSCALL_ARGS];
	unsigned int i;

	syscall_get_arguments(current, regs, args);
	sc->nr = cpu_to_le32(syscall_get_nr(current, regs));
	sc->flags = 0;
	sc->ret = cpu_to_le64(ret);
	for (i = 0; i < XTRAIL_SYSCALL_ARGS; i++)
		sc->args[i] = cpu_to_le64(args[i]);
	return xtrail_fixed_finish(rec, XTRAIL_REC_SYSCALL, sizeof(*sc));
}

/*
 * Copy the user string at @src (at most @max bytes, NUL not kept) to @dst
 * without faulting: page by page, since a short string may end right
 * before an unmapped page. Returns its length, or -EFAULT.
 */
int xtrail_user_str(char *dst, const char __user *src, u32 max,
		    bool *trunc)
{
	u32 n = 0;

	*trunc = false;
	while (n < max) {
		unsigned long addr = (unsigned long)src + n;
		u32 chunk = min_t(u32, max - n,
				  PAGE_SIZE - (addr & ~PAGE_MASK));
		char *nul;

		if (copy_from_user_nofault(dst + n, (const void __user *)addr,
					   chunk))
			return -EFAULT;
		nul = memchr(dst + n, 0, chunk);
		if (nul)
			return nul - dst;
		n += chunk;
	}
	*trunc = true;
	return n;
}

/* The absolute path of the current task's open file @fd, into @dst. */
int xtrail_fd_path(char *dst, u32 max, int fd)
{
	struct file *file;
	int n = -EBADF;

	rcu_read_lock();
	file = files_lookup_fd_rcu(current->files, fd);
	if (file)
		n = xtrail_file_path(dst, max, file);
	rcu_read_unlock();
	return n;
}

/**
 * xtrail_close_encode - a descriptor of a tracked file is being closed
 * @rec:  scratch buffer, header filled
 * @file: the file
 * @fd:   the descriptor close(2) closes, or -1
 * @rd:   bytes read through it
 * @wr:   bytes written through it
 * @last: the last descriptor: the counts are final
 *
 * Returns the record length.
 */
u32 xtrail_close_encode(void *rec, const struct file *file, int fd, u64 rd,
			u64 wr, bool last)
{
	char *path = (char *)rec + XTRAIL_CLOSE_PATH_OFF;
	u32 flags = last ? XTRAIL_CLOSE_LAST : 0;
	int n = xtrail_file_path(path, XTRAIL_PATH_MAX, file);

	if (n == -ENAMETOOLONG)
		flags |= XTRAIL_CLOSE_PATH_TRUNC;
	if (n < 0) {
		flags |= XTRAIL_CLOSE_PATH_FAULT;
		n = 0;
	}
	return xtrail_close_finish(rec, flags, fd, rd, wr, n);
}

/**
 * xtrail_file_path2 - a FILE record's second string, from user memory
 * @dst:   where it goes (right after the first)
 * @uaddr: the caller's pointer
 * @max:   at most this many bytes
 * @flags: gets XTRAIL_FILE_PATH2_FAULT or XTRAIL_FILE_PATH2_TRUNC
 *
 * Returns its length (0 on a fault).
 */
u32 xtrail_file_path2(char *dst, unsigned long uaddr, u32 max, u32 *flags)
{
	bool trunc;
	int n;

	n = xtrail_user_str(dst, (const char __user *)uaddr, max, &trunc);
	if (n < 0)
		*flags |= XTRAIL_FILE_PATH2_FAULT;
	else if (trunc)
		*flags |= XTRAIL_FILE_PATH2_TRUNC;
	return max(n, 0);
}

/**
 * xtrail_file_encode - a file syscall at its exit
 * @rec:       scratch buffer, header filled
 * @nr:        the x86-64 number of the syscall (its twin, by another road)
 * @args:      its six arguments
 * @ret:       its return value
 * @path_arg:  argument index of the first path
 * @path2_arg: argument index of the second path, or -1
 * @is_open:   an open: on success, record the opened file's path instead
 *
 * Returns the record length.
 */
u32 xtrail_file_encode(void *rec, long nr, const unsigned long *args,
		       long ret, int path_arg, int path2_arg, bool is_open)
{
	struct xtrail_file *f = xtrail_file_body(rec);
	char *path = (char *)rec + XTRAIL_FILE_PATH_OFF;
	u32 flags = 0, p1 = 0, p2 = 0;
	bool trunc;
	int n = -1;
	unsigned int i;

	f->nr = cpu_to_le32(nr);
	f->ret = cpu_to_le64(ret);
	for (i = 0; i < XTRAIL_SYSCALL_ARGS; i++)
		f->args[i] = cpu_to_le64(args[i]);

	if (is_open && ret >= 0) {
		n = xtrail_fd_path(path, XTRAIL_PATH_MAX, ret);
		if (n >= 0)
			flags |= XTRAIL_FILE_RESOLVED;
	}
	if (n < 0) {
		n = xtrail_user_str(path, (const char __user *)args[path_arg],
				    XTRAIL_PATH_MAX, &trunc);
		if (n < 0)
			flags |= XTRAIL_FILE_PATH_FAULT;
		else if (trunc)
			flags |= XTRAIL_FILE_PATH_TRUNC;
	}
	p1 = max(n, 0);
	if (path2_arg >= 0)
		p2 = xtrail_file_path2(path + p1, args[path2_arg],
				       XTRAIL_PATH_MAX, &flags);
	f->flags = cpu_to_le32(flags);
	return xtrail_file_finish(rec, p1, p2);
}

/**
 * xtrail_file_encode_uring - a file operation of an io_uring request
 * @rec:   scratch buffer, header filled
 * @nr:    the x86-64 syscall that does the same (openat, unlinkat...)
 * @dfd:   the request's directory fd
 * @ret:   0 or -errno
 * @file:  an open's file on success (its absolute path is recorded), or
 *         NULL
 * @name:  the path the request named (a copy, NUL-terminated), or NULL
 * @name2: the second path (rename), or NULL
 * @flags: XTRAIL_FILE_PATH_TRUNC, XTRAIL_FILE_PATH2_TRUNC: the copies
 *         were cut
 *
 * Flagged XTRAIL_FILE_IO_URING (xtrail_proto.h, "Roads"). Returns the
 * record length.
 */
u32 xtrail_file_encode_uring(void *rec, long nr, int dfd, long ret,
			     const struct file *file, const char *name,
			     const char *name2, u32 flags)
{
	struct xtrail_file *f = xtrail_file_body(rec);
	char *path = (char *)rec + XTRAIL_FILE_PATH_OFF;
	u32 p1 = 0, p2 = 0;
	int n = -1;

	memset(f, 0, sizeof(*f));
	f->nr = cpu_to_le32(nr);
	f->ret = cpu_to_le64(ret);
	f->args[0] = cpu_to_le64((long)dfd);
	flags |= XTRAIL_FILE_IO_URING;
	if (file) {
		n = xtrail_file_path(path, XTRAIL_PATH_MAX, file);
		if (n >= 0) {
			flags |= XTRAIL_FILE_RESOLVED;
			flags &= ~XTRAIL_FILE_PATH_TRUNC;
			p1 = n;
		}
	}
	if (n < 0 && name) {
		p1 = strnlen(name, XTRAIL_PATH_MAX);
		memcpy(path, name, p1);
	} else if (n < 0) {
		flags |= XTRAIL_FILE_PATH_FAULT;
	}
	if (name2) {
		p2 = strnlen(name2, XTRAIL_PATH_MAX);
		memcpy(path + p1, name2, p2);
	}
	f->flags = cpu_to_le32(flags);
	return xtrail_file_finish(rec, p1, p2);
}

/*
 * The socket's owner, and addresses and ports of an inet socket (the
 * family alone otherwise).
 */
static void xtrail_net_from_sk(struct xtrail_net *n, const struct sock *sk)
{
	n->family = cpu_to_le32(sk->sk_family);
	n->protocol = cpu_to_le32(sk->sk_protocol);
	n->sock_uid = cpu_to_le32(from_kuid_munged(&init_user_ns,
						   sk->sk_uid));
	if (sk->sk_family == AF_INET) {
		memcpy(n->saddr, &sk->sk_rcv_saddr, 4);
		memcpy(n->daddr, &sk->sk_daddr, 4);
#if IS_ENABLED(CONFIG_IPV6)
	} else if (sk->sk_family == AF_INET6) {
		memcpy(n->saddr, &sk->sk_v6_rcv_saddr, 16);
		memcpy(n->daddr, &sk->sk_v6_daddr, 16);
#endif
	} else {
		return;
	}
	n->sport = cpu_to_le16(ntohs(inet_sk(sk)->inet_sport));
	n->dport = cpu_to_le16(ntohs(sk->sk_dport));
}

/*
 * The name in an AF_UNIX address of @len bytes, into the record after the
 * body (xtrail_proto.h, "AF_UNIX names"); its length.
 */
static u32 xtrail_net_unix_name(struct xtrail_net *n,
				const struct sockaddr_un *un, u32 len)
{
	char *path = (char *)n + sizeof(*n);
	u32 max;

	if (len <= offsetof(struct sockaddr_un, sun_path))
		return 0;
	max = min_t(u32, len - offsetof(struct sockaddr_un, sun_path),
		    XTRAIL_NET_PATH_MAX);
	if (un->sun_path[0]) {
		max = strnlen(un->sun_path, max);
		memcpy(path, un->sun_path, max);
		return max;
	}
	if (max < 2)
		return 0;
	n->flags |= cpu_to_le32(XTRAIL_NET_PATH_ABSTRACT);
	memcpy(path, un->sun_path + 1, max - 1);
	return max - 1;
}

union xtrail_sockaddr {
	struct sockaddr sa;
	struct sockaddr_in in;
	struct sockaddr_in6 in6;
	struct sockaddr_un un;
};

/*
 * The sockaddr @a of @len bytes (at most its size) the task passed: the
 * destination (@dest) or local address. Returns the length of the AF_UNIX
 * name it put after the body, or 0.
 */
static u32 xtrail_net_from_addr(struct xtrail_net *n,
				const union xtrail_sockaddr *a, u32 len,
				bool dest)
{
	__be16 port;

	n->family = cpu_to_le32(a->sa.sa_family);
	if (a->sa.sa_family == AF_UNIX)
		return xtrail_net_unix_name(n, &a->un, len);
	if (a->sa.sa_family == AF_INET && len >= sizeof(a->in)) {
		memcpy(dest ? n->daddr : n->saddr, &a->in.sin_addr, 4);
		port = a->in.sin_port;
	} else if (a->sa.sa_family == AF_INET6 && len >= sizeof(a->in6)) {
		memcpy(dest ? n->daddr : n->saddr, &a->in6.sin6_addr, 16);
		port = a->in6.sin6_port;
	} else {
		return 0;
	}
	if (dest)
		n->dport = cpu_to_le16(ntohs(port));
	else
		n->sport = cpu_to_le16(ntohs(port));
	return 0;
}

/* The same, of a sockaddr in the task's memory. */
static u32 xtrail_net_from_user(struct xtrail_net *n,
				const void __user *uaddr, long ulen, bool dest)
{
	union xtrail_sockaddr a = {};
	u32 len = clamp_t(long, ulen, 0, sizeof(a));

	if (!uaddr || len < sizeof(a.sa.sa_family) ||
	    copy_from_user_nofault(&a, uaddr, len))
		return 0;
	return xtrail_net_from_addr(n, &a, len, dest);
}

/**
 * xtrail_net_encode - a socket syscall at its exit
 * @rec:  scratch buffer, header filled
 * @nr:   the x86-64 number of the syscall (its twin, by another road)
 * @args: its six arguments
 * @ret:  its return value
 * @kind: enum xtrail_net_kind
 *
 * The socket's own view (family, protocol, addresses) comes from the
 * socket; for connect, bind and sendto the address the task asked for,
 * read from its memory, takes precedence, so a failed connect still names
 * its destination. Returns the record length, or 0 for a send without a
 * destination (a connected socket: nothing new to record) or to a
 * destination this socket has already been recorded sending to (dedup.c).
 */
u32 xtrail_net_encode(void *rec, long nr, const unsigned long *args,
		      long ret, unsigned int kind)
{
	struct xtrail_net *n = xtrail_net_body(rec);
	const void __user *uaddr = NULL;
	unsigned long sk = 0, ino = 0;
	struct user_msghdr msg;
	long ulen = 0, fd;
	struct file *file;
	struct socket *sock;
	u32 family, path = 0;

	if (kind == XTRAIL_NET_SENDTO) {
		if (nr == __NR_sendmsg) {
			if (copy_from_user_nofault(&msg, (void __user *)args[1],
						   sizeof(msg)))
				return 0;
			uaddr = msg.msg_name;
			ulen = msg.msg_namelen;
		} else {
			uaddr = (const void __user *)args[4];
			ulen = args[5];
		}
		if (!uaddr)
			return 0;
	} else if (kind == XTRAIL_NET_CONNECT || kind == XTRAIL_NET_BIND) {
		uaddr = (const void __user *)args[1];
		ulen = args[2];
	}

	memset(n, 0, sizeof(*n));
	n->sock_uid = cpu_to_le32(XTRAIL_NET_NO_UID);
	n->kind = cpu_to_le32(kind);
	n->ret = cpu_to_le64(ret);
	n->fd = cpu_to_le32(args[0]);
	fd = kind == XTRAIL_NET_ACCEPT ? ret : (long)args[0];
	if (fd >= 0) {
		rcu_read_lock();
		file = files_lookup_fd_rcu(current->files, fd);
		sock = file ? sock_from_file(file) : NULL;
		if (sock && sock->sk) {
			xtrail_net_from_sk(n, sock->sk);
			sk = (unsigned long)sock->sk;
			ino = file_inode(file)->i_ino;
			n->sock_ino = cpu_to_le64(ino);
		}
		rcu_read_unlock();
	}
	if (uaddr)
		path = xtrail_net_from_user(n, uaddr, ulen,
					    kind != XTRAIL_NET_BIND);
	family = le32_to_cpu(n->family);
	if (kind == XTRAIL_NET_SENDTO && ret >= 0 && sk &&
	    (family == AF_INET || family == AF_INET6)) {
		switch (xtrail_dedup(sk, ino, family, n->daddr,
				     le16_to_cpu(n->dport))) {
		case XTRAIL_DEDUP_SEEN:
			return 0;
		case XTRAIL_DEDUP_NEW:
			n->flags = cpu_to_le32(XTRAIL_NET_DEDUP);
			break;
		case XTRAIL_DEDUP_EVICT:
			n->flags = cpu_to_le32(XTRAIL_NET_DEDUP |
					       XTRAIL_NET_DEDUP_EVICT);
			break;
		}
	}
	return xtrail_net_finish(rec, path);
}

/**
 * xtrail_net_encode_uring - an io_uring request's connect
 * @rec:  scratch buffer, header filled
 * @file: the socket's file
 * @addr: the destination it asked for (kernel memory)
 * @len:  its length, at most sizeof(struct sockaddr_storage)
 * @ret:  the connect's return value
 *
 * Flagged XTRAIL_NET_IO_URING, fd -1 (xtrail_proto.h, "Roads"). Returns
 * the record length.
 */
u32 xtrail_net_encode_uring(void *rec, const struct file *file,
			    const void *addr, u32 len, long ret)
{
	struct xtrail_net *n = xtrail_net_body(rec);
	union xtrail_sockaddr a = {};
	struct socket *sock = sock_from_file((struct file *)file);
	u32 path = 0;

	memset(n, 0, sizeof(*n));
	n->sock_uid = cpu_to_le32(XTRAIL_NET_NO_UID);
	n->kind = cpu_to_le32(XTRAIL_NET_CONNECT);
	n->ret = cpu_to_le64(ret);
	n->fd = cpu_to_le32(-1);
	n->flags = cpu_to_le32(XTRAIL_NET_IO_URING);
	if (sock && sock->sk) {
		xtrail_net_from_sk(n, sock->sk);
		n->sock_ino = cpu_to_le64(file_inode(file)->i_ino);
	}
	len = min_t(u32, len, sizeof(a));
	memcpy(&a, addr, len);
	if (len >= sizeof(a.sa.sa_family))
		path = xtrail_net_from_addr(n, &a, len, true);
	return xtrail_net_finish(rec, path);
}

/*
 * The header of a record no task caused (XTRAIL_RF_NO_TASK): no task
 * fields, the owner's @uid as uid and euid (xtrail_proto.h, "NO_TASK
 * network records").
 */
void xtrail_hdr_no_task(struct xtrail_rec_hdr *h, u32 uid)
{
	h->flags |= cpu_to_le16(XTRAIL_RF_NO_TASK);
	h->pid = 0;
	h->tgid = 0;
	h->ppid = 0;
	h->uid = cpu_to_le32(uid);
	h->euid = cpu_to_le32(uid);
	h->gid = cpu_to_le32(0xffffffffu);
	h->egid = cpu_to_le32(0xffffffffu);
	h->loginuid = cpu_to_le32(0xffffffffu);
	h->sessionid = cpu_to_le32(0xffffffffu);
	memset(h->comm, 0, sizeof(h->comm));
}

/**
 * xtrail_net_state_encode - a TCP state change (sock:inet_sock_set_state)
 * @rec:      scratch buffer, header filled from the current task
 * @sk:       the socket, locked by the caller (tcp_set_state())
 * @oldstate: TCP state before
 * @newstate: TCP state after
 * @no_task:  made outside task context (softirq): the header names the
 *            socket's owner, not the interrupted task
 *
 * Returns the record length.
 */
u32 xtrail_net_state_encode(void *rec, const struct sock *sk, int oldstate,
			    int newstate, bool no_task)
{
	struct xtrail_net *n = xtrail_net_body(rec);
	struct socket *sock;

	memset(n, 0, sizeof(*n));
	n->kind = cpu_to_le32(XTRAIL_NET_STATE);
	n->fd = cpu_to_le32(-1);
	n->old_state = cpu_to_le32(oldstate);
	n->new_state = cpu_to_le32(newstate);
	xtrail_net_from_sk(n, sk);
	/*
	 * The caller holds the socket's lock, and sock_orphan() clears
	 * sk_socket under it: the socket (and its inode) stays while we look.
	 */
	sock = READ_ONCE(sk->sk_socket);
	if (sock)
		n->sock_ino = cpu_to_le64(SOCK_INODE(sock)->i_ino);
	if (no_task)
		xtrail_hdr_no_task(rec, le32_to_cpu(n->sock_uid));
	return xtrail_net_finish(rec, 0);
}

/**
 * xtrail_net_close_encode - a tracked socket's file is being released
 * @rec:     scratch buffer, header filled from the current task
 * @sock:    the socket, still whole (__fput() has not released it yet)
 * @ino:     its inode number
 * @sent:    bytes sent through its file
 * @rcvd:    bytes received
 * @no_task: a kernel thread releases it: the header names the owner
 *
 * Returns the record length.
 */
u32 xtrail_net_close_encode(void *rec, const struct socket *sock,
			    unsigned long ino, u64 sent, u64 rcvd,
			    bool no_task)
{
	struct xtrail_net *n = xtrail_net_body(rec);

	memset(n, 0, sizeof(*n));
	n->kind = cpu_to_le32(XTRAIL_NET_CLOSE);
	n->fd = cpu_to_le32(-1);
	n->sock_uid = cpu_to_le32(XTRAIL_NET_NO_UID);
	if (sock->sk)
		xtrail_net_from_sk(n, sock->sk);
	n->sock_ino = cpu_to_le64(ino);
	n->bytes_sent = cpu_to_le64(sent);
	n->bytes_rcvd = cpu_to_le64(rcvd);
	if (no_task)
		xtrail_hdr_no_task(rec, le32_to_cpu(n->sock_uid));
	return xtrail_net_finish(rec, 0);
}
