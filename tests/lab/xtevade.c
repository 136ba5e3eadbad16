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
 * The twins (road_twins(), road_compat_twins(), road_uring_twins()): the
 * fd-based calls, the extended attributes (a POSIX ACL, which an owner
 * may set on tmpfs; user.* is not there in 6.1), the batch calls and the
 * byte totals, each with its own marker:
 *
 *   road      files (/tmp/xe-...)                   network (UDP unless said)
 *   syscall   fchmod -fchmod, fchown -fchown,       sendmmsg :7307 (10 bytes,
 *             fchownat(fd, "", AT_EMPTY_PATH) -fchownat,
 *             ftruncate -ftrunc (123 bytes),        received by recvmmsg on a
 *             setxattr/removexattr -xattr,          socket bound there) and
 *             lsetxattr/lremovexattr -lxattr,       :7308 (20 bytes)
 *             fsetxattr/fremovexattr -fxattr,
 *             fchmodat2 -fchmodat2 (-ENOSYS on 6.1),
 *             copy_file_range -cfr-src to -cfr-dst (3000 bytes), sendfile
 *             to -sf-dst (2000), splice from a pipe to -splice-dst (100)
 *   compat    fchmod (94) -32fchmod, ftruncate (93)  sendmsg (370) :7304 (11
 *             -32ftrunc, fsetxattr (228) -32fxattr, bytes), socketcall
 *             write (4) -32write (321 bytes),        (SYS_SENDMSG) :7305 (12),
 *             setuid32 (213) to its own uid          sendmmsg (345) :7306 (13)
 *   io_uring  IORING_OP_SETXATTR -uxattr,            SENDMSG :7309 (77 bytes);
 *             IORING_OP_FSETXATTR -ufxattr           TCP: ACCEPT on :7310, then
 *                                                    SEND 1000, RECV 500 bytes
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
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sendfile.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <sys/xattr.h>
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

/* The same with five arguments (esi, edi: the fourth and fifth). */
static long int80_5(long nr, long a, long b, long c, long d, long e)
{
	long ret;

	asm volatile("int $0x80"
		     : "=a"(ret)
		     : "a"(nr), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e)
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

/*
 * A POSIX ACL (system.posix_acl_access, version 2): the owner rw, root
 * read, the group and mask read, others nothing. Static: int $0x80 takes
 * 32-bit pointers.
 */
static const struct {
	unsigned int version;
	struct {
		unsigned short tag, perm;
		unsigned int id;
	} e[5];
} acl = { 2, {
	{ 0x01, 6, ~0u },	/* ACL_USER_OBJ */
	{ 0x02, 4, 0 },		/* ACL_USER root */
	{ 0x04, 4, ~0u },	/* ACL_GROUP_OBJ */
	{ 0x10, 4, ~0u },	/* ACL_MASK */
	{ 0x20, 0, ~0u },	/* ACL_OTHER */
} };
static const char acl_name[] = "system.posix_acl_access";

/* Create @path (0600) as this user: its descriptor, open for writing. */
static int marker(const char *path)
{
	int fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0600);

	if (fd < 0)
		check(path, -errno);
	return fd;
}

/* The ACL on @path now: its size, or -errno (-ENODATA: none). */
static long acl_size(const char *path)
{
	long n = getxattr(path, acl_name, NULL, 0);

	return n < 0 ? -errno : n;
}

/* Effect: an ACL of the size set, or none (-ENODATA, 61) after removal. */
static void acl_is(const char *what, const char *path, long want)
{
	long n = acl_size(path);

	printf("xe: %s: acl size %ld\n", what, n);
	if (n != want)
		failed = 1;
}

/* A libc call's result: -errno when it failed (its argument once). */
static long rv(long x)
{
	return x < 0 ? -errno : x;
}

static void road_twins_files(void)
{
	struct stat st;
	int fd;

	fd = marker("/tmp/xe-fchmod");
	check("fchmod /tmp/xe-fchmod 0640", rv(fchmod(fd, 0640)));
	fstat(fd, &st);
	check("fchmod effect: mode 0640", (st.st_mode & 0777) == 0640 ? 0 : -1);
	close(fd);
	fd = marker("/tmp/xe-fchown");
	check("fchown /tmp/xe-fchown", rv(fchown(fd, getuid(), getgid())));
	close(fd);
	fd = marker("/tmp/xe-fchownat");
	check("fchownat(fd, \"\", AT_EMPTY_PATH) /tmp/xe-fchownat",
	      rv(fchownat(fd, "", getuid(), getgid(), AT_EMPTY_PATH)));
	close(fd);
	fd = marker("/tmp/xe-ftrunc");
	check("ftruncate /tmp/xe-ftrunc 123", rv(ftruncate(fd, 123)));
	fstat(fd, &st);
	check("ftruncate effect: size 123", st.st_size == 123 ? 0 : -1);
	close(fd);
	close(marker("/tmp/xe-xattr"));
	check("setxattr /tmp/xe-xattr",
	      rv(setxattr("/tmp/xe-xattr", acl_name, &acl, sizeof(acl), 0)));
	acl_is("setxattr effect", "/tmp/xe-xattr", sizeof(acl));
	check("removexattr /tmp/xe-xattr",
	      rv(removexattr("/tmp/xe-xattr", acl_name)));
	acl_is("removexattr effect", "/tmp/xe-xattr", -ENODATA);
	close(marker("/tmp/xe-lxattr"));
	check("lsetxattr /tmp/xe-lxattr",
	      rv(lsetxattr("/tmp/xe-lxattr", acl_name, &acl, sizeof(acl), 0)));
	acl_is("lsetxattr effect", "/tmp/xe-lxattr", sizeof(acl));
	check("lremovexattr /tmp/xe-lxattr",
	      rv(lremovexattr("/tmp/xe-lxattr", acl_name)));
	acl_is("lremovexattr effect", "/tmp/xe-lxattr", -ENODATA);
	fd = marker("/tmp/xe-fxattr");
	check("fsetxattr /tmp/xe-fxattr",
	      rv(fsetxattr(fd, acl_name, &acl, sizeof(acl), 0)));
	acl_is("fsetxattr effect", "/tmp/xe-fxattr", sizeof(acl));
	check("fremovexattr /tmp/xe-fxattr", rv(fremovexattr(fd, acl_name)));
	acl_is("fremovexattr effect", "/tmp/xe-fxattr", -ENODATA);
	close(fd);
	/* 452: Linux 6.6 on; 6.1 has no such call (-ENOSYS is no failure) */
	close(marker("/tmp/xe-fchmodat2"));
	printf("xe: fchmodat2 /tmp/xe-fchmodat2 = %ld\n",
	       rv(syscall(452, AT_FDCWD, "/tmp/xe-fchmodat2", 0640, 0)));
}

/* Bytes moved by the calls that take two descriptors. */
static void road_twins_bytes(void)
{
	static char buf[3000];
	int src, dst, p[2];

	memset(buf, 'x', sizeof(buf));
	src = marker("/tmp/xe-cfr-src");
	check("write /tmp/xe-cfr-src 3000", rv(write(src, buf, 3000)));
	close(src);
	src = open("/tmp/xe-cfr-src", O_RDONLY);
	dst = marker("/tmp/xe-cfr-dst");
	check("copy_file_range 3000 to /tmp/xe-cfr-dst",
	      rv(copy_file_range(src, NULL, dst, NULL, 3000, 0)) == 3000 ?
	      0 : -1);
	close(dst);
	close(src);
	src = open("/tmp/xe-cfr-src", O_RDONLY);
	dst = marker("/tmp/xe-sf-dst");
	check("sendfile 2000 to /tmp/xe-sf-dst",
	      rv(sendfile(dst, src, NULL, 2000)) == 2000 ? 0 : -1);
	close(dst);
	close(src);
	if (check("pipe", rv(pipe(p))) < 0)
		return;
	dst = marker("/tmp/xe-splice-dst");
	check("write 100 to the pipe", rv(write(p[1], buf, 100)));
	check("splice 100 to /tmp/xe-splice-dst",
	      rv(splice(p[0], NULL, dst, NULL, 100, 0)) == 100 ? 0 : -1);
	close(dst);
	close(p[0]);
	close(p[1]);
}

/* sendmmsg: two datagrams, 10 bytes to :7307 (received), 20 to :7308. */
static void road_twins_net(void)
{
	static char data[20];
	struct sockaddr_in to[2], rx;
	struct mmsghdr m[2], r;
	struct iovec iov[2], riov;
	char rbuf[64];
	int s, rs;

	set_dest(&rx, 7307);
	rs = udp_socket();
	check("bind :7307", rv(bind(rs, (struct sockaddr *)&rx, sizeof(rx))));
	memset(m, 0, sizeof(m));
	set_dest(&to[0], 7307);
	set_dest(&to[1], 7308);
	iov[0].iov_base = data;
	iov[0].iov_len = 10;
	iov[1].iov_base = data;
	iov[1].iov_len = 20;
	m[0].msg_hdr.msg_name = &to[0];
	m[0].msg_hdr.msg_namelen = sizeof(to[0]);
	m[0].msg_hdr.msg_iov = &iov[0];
	m[0].msg_hdr.msg_iovlen = 1;
	m[1].msg_hdr.msg_name = &to[1];
	m[1].msg_hdr.msg_namelen = sizeof(to[1]);
	m[1].msg_hdr.msg_iov = &iov[1];
	m[1].msg_hdr.msg_iovlen = 1;
	s = udp_socket();
	check("sendmmsg :7307 10, :7308 20 (messages sent)",
	      rv(sendmmsg(s, m, 2, 0)) == 2 ? 0 : -1);
	close(s);
	memset(&r, 0, sizeof(r));
	riov.iov_base = rbuf;
	riov.iov_len = sizeof(rbuf);
	r.msg_hdr.msg_iov = &riov;
	r.msg_hdr.msg_iovlen = 1;
	check("recvmmsg on :7307 (messages)",
	      rv(recvmmsg(rs, &r, 1, MSG_DONTWAIT, NULL)) == 1 &&
	      r.msg_len == 10 ? 0 : -1);
	close(rs);
}

static void road_twins(void)
{
	road_twins_files();
	road_twins_bytes();
	road_twins_net();
}

/* The i386 twins: static buffers (32-bit pointers). */
static struct sockaddr_in sin32b;
static struct iovec32 {
	unsigned int base, len;
} iov32;
static struct msghdr32 {
	unsigned int name;
	int namelen;
	unsigned int iov, iovlen, control, controllen, flags;
} msg32;
static struct {
	struct msghdr32 hdr;
	unsigned int len;
} mmsg32;
static char data32[16], data321[321];
static const char path32write[] = "/tmp/xe-32write";
static const char path32fchmod[] = "/tmp/xe-32fchmod";
static const char path32ftrunc[] = "/tmp/xe-32ftrunc";
static const char path32fxattr[] = "/tmp/xe-32fxattr";

/* A compat msghdr of @len bytes (at most 16) to 127.0.0.1:@port. */
static void msg32_to(int port, unsigned int len)
{
	set_dest(&sin32b, port);
	iov32.base = (unsigned int)(unsigned long)data32;
	iov32.len = len;
	memset(&msg32, 0, sizeof(msg32));
	msg32.name = (unsigned int)(unsigned long)&sin32b;
	msg32.namelen = sizeof(sin32b);
	msg32.iov = (unsigned int)(unsigned long)&iov32;
	msg32.iovlen = 1;
}

static void road_compat_twins(void)
{
	struct stat st;
	long fd;

	fd = marker(path32fchmod);
	check("int80 fchmod (94) /tmp/xe-32fchmod 0640", int80(94, fd, 0640, 0));
	fstat(fd, &st);
	check("int80 fchmod effect: mode 0640",
	      (st.st_mode & 0777) == 0640 ? 0 : -1);
	close(fd);
	fd = marker(path32ftrunc);
	check("int80 ftruncate (93) /tmp/xe-32ftrunc 77", int80(93, fd, 77, 0));
	fstat(fd, &st);
	check("int80 ftruncate effect: size 77", st.st_size == 77 ? 0 : -1);
	close(fd);
	fd = marker(path32fxattr);
	/* fsetxattr (228): fd, name, value, size, flags */
	check("int80 fsetxattr (228) /tmp/xe-32fxattr",
	      int80_5(228, fd, (long)acl_name, (long)&acl, sizeof(acl), 0));
	acl_is("int80 fsetxattr effect", path32fxattr, sizeof(acl));
	close(fd);
	check("int80 setuid32 (213) to its own uid",
	      int80(213, getuid(), 0, 0));
	fd = marker(path32write);
	check("int80 write (4) 321 to /tmp/xe-32write",
	      int80(4, fd, (long)data321, 321));
	close(fd);
	msg32_to(7304, 11);
	fd = udp_socket();
	check("int80 sendmsg (370) :7304 (bytes)", int80(370, fd, (long)&msg32, 0));
	close(fd);
	msg32_to(7305, 12);
	fd = udp_socket();
	sockargs[0] = fd;
	sockargs[1] = (unsigned int)(unsigned long)&msg32;
	sockargs[2] = 0;
	check("int80 socketcall sendmsg :7305 (bytes)",
	      int80(102, 16 /* SYS_SENDMSG */, (long)sockargs, 0));
	close(fd);
	msg32_to(7306, 13);
	mmsg32.hdr = msg32;
	fd = udp_socket();
	check("int80 sendmmsg (345) :7306 (messages)",
	      int80_5(345, fd, (long)&mmsg32, 1, 0, 0));
	close(fd);
}

static void road_uring_twins(void)
{
	static char data[1000], rbuf[1000];
	struct io_uring_sqe sqe;
	struct sockaddr_in s;
	struct msghdr msg;
	struct iovec iov;
	long lfd, cfd, afd, fd;

	if (check("io_uring_setup", ring_setup()) < 0)
		return;
	close(marker("/tmp/xe-uxattr"));
	memset(&sqe, 0, sizeof(sqe));
	sqe.opcode = IORING_OP_SETXATTR;
	sqe.addr = (unsigned long)acl_name;
	sqe.addr2 = (unsigned long)&acl;
	sqe.addr3 = (unsigned long)"/tmp/xe-uxattr";
	sqe.len = sizeof(acl);
	check("io_uring setxattr /tmp/xe-uxattr", ring_run(&sqe));
	acl_is("io_uring setxattr effect", "/tmp/xe-uxattr", sizeof(acl));
	fd = marker("/tmp/xe-ufxattr");
	memset(&sqe, 0, sizeof(sqe));
	sqe.opcode = IORING_OP_FSETXATTR;
	sqe.fd = fd;
	sqe.addr = (unsigned long)acl_name;
	sqe.addr2 = (unsigned long)&acl;
	sqe.len = sizeof(acl);
	check("io_uring fsetxattr /tmp/xe-ufxattr", ring_run(&sqe));
	acl_is("io_uring fsetxattr effect", "/tmp/xe-ufxattr", sizeof(acl));
	close(fd);
	/* SENDMSG with a destination: 77 bytes to :7309 */
	set_dest(&s, 7309);
	iov.iov_base = data;
	iov.iov_len = 77;
	memset(&msg, 0, sizeof(msg));
	msg.msg_name = &s;
	msg.msg_namelen = sizeof(s);
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	fd = udp_socket();
	memset(&sqe, 0, sizeof(sqe));
	sqe.opcode = IORING_OP_SENDMSG;
	sqe.fd = fd;
	sqe.addr = (unsigned long)&msg;
	check("io_uring sendmsg :7309 (bytes)", ring_run(&sqe));
	close(fd);
	/* TCP: ACCEPT on :7310, then SEND 1000 and RECV 500 on it */
	set_dest(&s, 7310);
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	check("listen :7310",
	      rv(bind(lfd, (struct sockaddr *)&s, sizeof(s))) ?:
	      rv(listen(lfd, 1)));
	cfd = socket(AF_INET, SOCK_STREAM, 0);
	check("connect :7310",
	      rv(connect(cfd, (struct sockaddr *)&s, sizeof(s))));
	memset(&sqe, 0, sizeof(sqe));
	sqe.opcode = IORING_OP_ACCEPT;
	sqe.fd = lfd;
	afd = check("io_uring accept :7310", ring_run(&sqe));
	if (afd < 0)
		return;
	check("write 500 to the accepted socket", rv(write(cfd, data, 500)));
	memset(&sqe, 0, sizeof(sqe));
	sqe.opcode = IORING_OP_SEND;
	sqe.fd = afd;
	sqe.addr = (unsigned long)data;
	sqe.len = 1000;
	check("io_uring send 1000 (bytes)", ring_run(&sqe));
	memset(&sqe, 0, sizeof(sqe));
	sqe.opcode = IORING_OP_RECV;
	sqe.fd = afd;
	sqe.addr = (unsigned long)rbuf;
	sqe.len = 500;
	sqe.msg_flags = MSG_WAITALL;
	check("io_uring recv 500 (bytes)", ring_run(&sqe));
	check("read the 1000 bytes sent",
	      rv(recv(cfd, rbuf, 1000, MSG_WAITALL)) == 1000 ? 0 : -1);
	close(afd);
	close(cfd);
	close(lfd);
	close(ring.fd);
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
	/* A send that fails says so (-EPIPE), never kills the suite. */
	signal(SIGPIPE, SIG_IGN);
	road_syscall();
	road_compat();
	road_uring();
	road_fileless();
	road_twins();
	road_compat_twins();
	road_uring_twins();
	road_indirect();
	printf("xe: done, %s\n", failed ? "FAILED" : "all succeeded");
	return failed;
}
