// SPDX-License-Identifier: GPL-2.0
/*
 * xtevade: the lab's evasion suite (issue 20). Each operation a recorder
 * must see, done by every road the kernel has for it, each with its own
 * marker (path or port), so that the check can ask F3 for every one:
 *
 *   road      files                                 network (UDP connect)
 *   syscall   openat, unlink of /tmp/xe-64          connect 127.0.0.1:7300
 *   compat    int $0x80 open (5), unlink (10) of    socketcall(SYS_CONNECT)
 *             /tmp/xe-32                            :7301, connect (362) :7302
 *   io_uring  IORING_OP_OPENAT, _UNLINKAT of        IORING_OP_CONNECT :7303
 *             /tmp/xe-uring
 *   fileless  memfd_create("xe-memfd") + execveat(fd, "", AT_EMPTY_PATH)
 *   indirect  a copy of this program as /tmp/xe-dir/xe-prog run by
 *             execveat(dirfd of /tmp/xe-dir, "xe-prog") as "xe-dirfd",
 *             by execve("/proc/self/fd/N") as "xe-procfd"; a copy as
 *             /tmp/xe-deleted, opened, unlinked, then run by
 *             execveat(fd, "", AT_EMPTY_PATH) as "xe-deleted"
 *
 * UDP: a connect needs no listener and leaves no TCP state record, so only
 * a CONNECT record can show it. Every call's result is printed ("xe: what
 * = ret"); the program exits non-zero if one failed. Raw syscalls only (no
 * liburing), static, so that it runs in the lab's busybox guest. int $0x80
 * takes 32-bit pointers: every buffer it is given is static (the binary is
 * not PIE: its data is below 4 GiB), never on the stack.
 *
 * "xtevade child": what the memfd runs (a copy of this program): exit 0.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/io_uring.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int failed;

static long check(const char *what, long ret)
{
	printf("xe: %s = %ld\n", what, ret);
	if (ret < 0)
		failed = 1;
	return ret;
}

/* An i386 syscall from this 64-bit process: -errno or the result. */
static long int80(long nr, long a, long b, long c)
{
	long ret;

	asm volatile("int $0x80"
		     : "=a"(ret)
		     : "a"(nr), "b"(a), "c"(b), "d"(c)
		     : "memory", "r8", "r9", "r10", "r11");
	return ret;
}

static const char path64[] = "/tmp/xe-64";
static const char path32[] = "/tmp/xe-32";
static const char path_uring[] = "/tmp/xe-uring";
static struct sockaddr_in sin32;
static unsigned int sockargs[3];

static int udp_socket(void)
{
	return socket(AF_INET, SOCK_DGRAM, 0);
}

static void set_dest(struct sockaddr_in *s, int port)
{
	memset(s, 0, sizeof(*s));
	s->sin_family = AF_INET;
	s->sin_port = htons(port);
	s->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
}

static void road_syscall(void)
{
	struct sockaddr_in s;
	int fd;

	fd = check("openat /tmp/xe-64",
		   openat(AT_FDCWD, path64, O_CREAT | O_WRONLY, 0600));
	if (fd >= 0)
		close(fd);
	check("unlink /tmp/xe-64", unlink(path64));
	set_dest(&s, 7300);
	fd = udp_socket();
	check("connect :7300",
	      connect(fd, (struct sockaddr *)&s, sizeof(s)) ? -errno : 0);
	close(fd);
}

static void road_compat(void)
{
	long fd;

	/* i386: open 5, close 6, unlink 10, socketcall 102, connect 362 */
	fd = check("int80 open /tmp/xe-32",
		   int80(5, (long)path32, O_CREAT | O_WRONLY, 0600));
	if (fd >= 0)
		int80(6, fd, 0, 0);
	check("int80 unlink /tmp/xe-32", int80(10, (long)path32, 0, 0));
	set_dest(&sin32, 7301);
	fd = udp_socket();
	sockargs[0] = fd;
	sockargs[1] = (unsigned int)(unsigned long)&sin32;
	sockargs[2] = sizeof(sin32);
	check("int80 socketcall connect :7301",
	      int80(102, 3 /* SYS_CONNECT */, (long)sockargs, 0));
	close(fd);
	set_dest(&sin32, 7302);
	fd = udp_socket();
	check("int80 connect :7302",
	      int80(362, fd, (long)&sin32, sizeof(sin32)));
	close(fd);
}

/* A ring of one entry, raw: setup, mmap, one submission at a time. */
static struct {
	int fd;
	unsigned int *sq_tail, *sq_mask, *sq_array, *cq_head, *cq_tail;
	unsigned int *cq_mask;
	struct io_uring_sqe *sqes;
	struct io_uring_cqe *cqes;
} ring;

static int ring_setup(void)
{
	struct io_uring_params p;
	char *sq, *cq;

	memset(&p, 0, sizeof(p));
	ring.fd = syscall(__NR_io_uring_setup, 1, &p);
	if (ring.fd < 0)
		return -errno;
	sq = mmap(NULL, p.sq_off.array + p.sq_entries * sizeof(unsigned int),
		  PROT_READ | PROT_WRITE, MAP_SHARED, ring.fd,
		  IORING_OFF_SQ_RING);
	cq = mmap(NULL, p.cq_off.cqes +
		  p.cq_entries * sizeof(struct io_uring_cqe),
		  PROT_READ | PROT_WRITE, MAP_SHARED, ring.fd,
		  IORING_OFF_CQ_RING);
	ring.sqes = mmap(NULL, p.sq_entries * sizeof(struct io_uring_sqe),
			 PROT_READ | PROT_WRITE, MAP_SHARED, ring.fd,
			 IORING_OFF_SQES);
	if (sq == MAP_FAILED || cq == MAP_FAILED || ring.sqes == MAP_FAILED)
		return -errno;
	ring.sq_tail = (unsigned int *)(sq + p.sq_off.tail);
	ring.sq_mask = (unsigned int *)(sq + p.sq_off.ring_mask);
	ring.sq_array = (unsigned int *)(sq + p.sq_off.array);
	ring.cq_head = (unsigned int *)(cq + p.cq_off.head);
	ring.cq_tail = (unsigned int *)(cq + p.cq_off.tail);
	ring.cq_mask = (unsigned int *)(cq + p.cq_off.ring_mask);
	ring.cqes = (struct io_uring_cqe *)(cq + p.cq_off.cqes);
	return 0;
}

/* Submit @sqe, wait for its completion: its result. */
static long ring_run(const struct io_uring_sqe *sqe)
{
	unsigned int tail = *ring.sq_tail, head;
	long res;

	ring.sqes[0] = *sqe;
	ring.sq_array[tail & *ring.sq_mask] = 0;
	__atomic_store_n(ring.sq_tail, tail + 1, __ATOMIC_RELEASE);
	if (syscall(__NR_io_uring_enter, ring.fd, 1, 1,
		    IORING_ENTER_GETEVENTS, NULL, 0) < 0)
		return -errno;
	head = *ring.cq_head;
	if (head == __atomic_load_n(ring.cq_tail, __ATOMIC_ACQUIRE))
		return -EIO;
	res = ring.cqes[head & *ring.cq_mask].res;
	__atomic_store_n(ring.cq_head, head + 1, __ATOMIC_RELEASE);
	return res;
}

static void road_uring(void)
{
	struct io_uring_sqe sqe;
	struct sockaddr_in s;
	long fd;

	if (check("io_uring_setup", ring_setup()) < 0)
		return;
	memset(&sqe, 0, sizeof(sqe));
	sqe.opcode = IORING_OP_OPENAT;
	sqe.fd = AT_FDCWD;
	sqe.addr = (unsigned long)path_uring;
	sqe.open_flags = O_CREAT | O_WRONLY;
	sqe.len = 0600;
	fd = check("io_uring openat /tmp/xe-uring", ring_run(&sqe));
	if (fd >= 0)
		close(fd);
	memset(&sqe, 0, sizeof(sqe));
	sqe.opcode = IORING_OP_UNLINKAT;
	sqe.fd = AT_FDCWD;
	sqe.addr = (unsigned long)path_uring;
	check("io_uring unlinkat /tmp/xe-uring", ring_run(&sqe));
	set_dest(&s, 7303);
	memset(&sqe, 0, sizeof(sqe));
	sqe.opcode = IORING_OP_CONNECT;
	sqe.fd = udp_socket();
	sqe.addr = (unsigned long)&s;
	sqe.off = sizeof(s);
	check("io_uring connect :7303", ring_run(&sqe));
	close(sqe.fd);
	close(ring.fd);
}

/* A copy of this program in a memfd, run from there as "xtevade child". */
static void road_fileless(void)
{
	char *const argv[] = { "xtevade", "child", NULL };
	char buf[65536];
	int in, mfd, status;
	ssize_t n;
	pid_t pid;

	mfd = check("memfd_create xe-memfd", memfd_create("xe-memfd", 0));
	in = open("/proc/self/exe", O_RDONLY);
	if (mfd < 0 || in < 0)
		return;
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(mfd, buf, n) != n)
			n = -1;
	close(in);
	if (check("copy to the memfd", n) < 0)
		return;
	pid = fork();
	if (!pid) {
		syscall(__NR_execveat, mfd, "", argv, environ, AT_EMPTY_PATH);
		_exit(127);
	}
	waitpid(pid, &status, 0);
	check("execveat memfd", WIFEXITED(status) ? -WEXITSTATUS(status) : -1);
	close(mfd);
}

/* A copy of this program at @path, mode 755: 0 or -errno. */
static long copy_self(const char *path)
{
	char buf[65536];
	int in, out;
	ssize_t n;

	in = open("/proc/self/exe", O_RDONLY);
	out = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0755);
	if (in < 0 || out < 0)
		n = -errno;
	else
		while ((n = read(in, buf, sizeof(buf))) > 0)
			if (write(out, buf, n) != n)
				n = -EIO;
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	return n;
}

/* Run execveat(@dfd, @name, @flags) in a child as "NAME child": 0 or -1. */
static long run_child(const char *argv0, int dfd, const char *name,
		      int flags)
{
	char *const argv[] = { (char *)argv0, "child", NULL };
	int status;
	pid_t pid;

	pid = fork();
	if (!pid) {
		syscall(__NR_execveat, dfd, name, argv, environ, flags);
		_exit(127);
	}
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? -WEXITSTATUS(status) : -1;
}

/*
 * Indirect exec: by a directory fd and a relative name, through
 * /proc/self/fd/N, and of a file unlinked after its open.
 */
static void road_indirect(void)
{
	static const char prog[] = "/tmp/xe-dir/xe-prog";
	static const char gone[] = "/tmp/xe-deleted";
	char procfd[64];
	int dfd, fd;

	mkdir("/tmp/xe-dir", 0755);
	if (check("copy to /tmp/xe-dir/xe-prog", copy_self(prog)) < 0)
		return;
	dfd = check("open /tmp/xe-dir", open("/tmp/xe-dir", O_RDONLY |
					     O_DIRECTORY));
	if (dfd >= 0) {
		check("execveat dirfd xe-prog",
		      run_child("xe-dirfd", dfd, "xe-prog", 0));
		close(dfd);
	}
	fd = check("open xe-prog", open(prog, O_RDONLY));
	if (fd >= 0) {
		snprintf(procfd, sizeof(procfd), "/proc/self/fd/%d", fd);
		check("execve /proc/self/fd/N",
		      run_child("xe-procfd", AT_FDCWD, procfd, 0));
		close(fd);
	}
	check("unlink xe-prog", unlink(prog));
	rmdir("/tmp/xe-dir");
	if (check("copy to /tmp/xe-deleted", copy_self(gone)) < 0)
		return;
	fd = check("open xe-deleted", open(gone, O_RDONLY));
	check("unlink xe-deleted", unlink(gone));
	if (fd >= 0) {
		check("execveat deleted file",
		      run_child("xe-deleted", fd, "", AT_EMPTY_PATH));
		close(fd);
	}
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "child"))
		return 0;
	setvbuf(stdout, NULL, _IOLBF, 0);
	road_syscall();
	road_compat();
	road_uring();
	road_fileless();
	road_indirect();
	printf("xe: done, %s\n", failed ? "FAILED" : "all succeeded");
	return failed;
}
