// SPDX-License-Identifier: GPL-2.0
/*
 * xtdev_shim: an LD_PRELOAD shim for xtraild_bench that stands in for the
 * dom0 module's /dev/xtrail (shared/xtrail_dev.h) without a kernel, so
 * that the real xtraild runs its real input path: ppoll(), XTRAIL_IOC_POS,
 * read() of whole records, XTRAIL_IOC_ACK after the flush.
 *
 * open() of $XTRAIL_BENCH_DEV opens /dev/null instead (a character device:
 * xtraild takes it for the module's, and ppoll() finds it readable); on
 * that descriptor, read() and ioctl() are answered here, each after the
 * same system call on /dev/null so that the daemon still pays a system
 * call for it. read() hands out whole records of the pool file
 * $XTRAIL_BENCH_POOL (one after the other, from the start again at its
 * end), at most $XTRAIL_BENCH_BATCH of them, until $XTRAIL_BENCH_RECORDS
 * were delivered (then the descriptor becomes one that is never readable,
 * as the empty device is not); the copy stands for the module's
 * copy_to_user(). The stream is numbered from 0 as the module's is;
 * open() again starts at the first unacknowledged record, as the module
 * does.
 *
 * When the last record is acknowledged, the shim writes to
 * $XTRAIL_BENCH_REPORT the wall and CPU time (user, system) from the
 * first read to that acknowledgement, the reads, the acknowledgements,
 * the daemon's system calls (those it makes per batch, counted here),
 * position requests and precise clock reads meanwhile, and stops the
 * daemon with SIGTERM (its clean stop: drain, STREAM_END, close).
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "xtrail_dev.h"

#define SHIM_STREAM_ID	0x5eedbe7c4a11f00dull

static struct {
	int ready;		/* the environment was read */
	const char *dev;	/* the path that stands for /dev/xtrail */
	int fd;			/* its descriptor, or -1 */
	const uint8_t *pool;
	size_t pool_len;
	size_t pool_off;	/* where the next record starts */
	uint64_t total;		/* records to deliver */
	uint64_t batch;		/* records per read at most */
	uint64_t window_ns;
	uint64_t next;		/* stream number of the next record read */
	uint64_t acked;
	uint64_t reads, acks;
	/*
	 * While measuring: the daemon's system calls, its position requests
	 * (XTRAIL_IOC_POS) and its reads of a precise clock.
	 */
	uint64_t calls, pos, clocks;
	int done;
	struct timespec t0, c0;
	struct rusage r0;
} sh = { .fd = -1 };

static uint64_t env_u64(const char *name, uint64_t def)
{
	const char *v = getenv(name);

	return v && *v ? strtoull(v, NULL, 0) : def;
}

/* libc's @name, under the shim's own. */
#define REAL(name)	((__typeof__(&name))dlsym(RTLD_NEXT, #name))

/* One more of @c, while measuring (from the first read to the last ack). */
static void count(uint64_t *c)
{
	*c += sh.reads && !sh.done;
}

/* The shim's own clock reads, not counted. */
static void shim_clock(clockid_t c, struct timespec *ts)
{
	REAL(clock_gettime)(c, ts);
}

static void shim_setup(void)
{
	const char *pool = getenv("XTRAIL_BENCH_POOL");
	struct stat st;
	void *p;
	int fd;

	if (sh.ready)
		return;
	sh.ready = 1;
	sh.dev = getenv("XTRAIL_BENCH_DEV");
	sh.total = env_u64("XTRAIL_BENCH_RECORDS", 1000000);
	sh.batch = env_u64("XTRAIL_BENCH_BATCH", 0);
	sh.window_ns = env_u64("XTRAIL_BENCH_WINDOW_NS", 0);
	if (!sh.dev || !pool)
		return;
	fd = syscall(SYS_openat, AT_FDCWD, pool, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) || st.st_size < 64) {
		fprintf(stderr, "xtdev_shim: %s: no record pool\n", pool);
		_exit(2);
	}
	p = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd,
		 0);
	close(fd);
	if (p == MAP_FAILED) {
		fprintf(stderr, "xtdev_shim: %s: %s\n", pool, strerror(errno));
		_exit(2);
	}
	sh.pool = p;
	sh.pool_len = st.st_size;
}

/*
 * The length of the pool's record at pool_off, going back to the pool's
 * start at its end (or at a record that does not fit).
 */
static uint32_t pool_len_at(void)
{
	const struct xtrail_rec_hdr *h;
	uint32_t len;

	if (sh.pool_off + sizeof(*h) > sh.pool_len)
		sh.pool_off = 0;
	h = (const struct xtrail_rec_hdr *)(sh.pool + sh.pool_off);
	len = xt_le32(h->len);
	if (len < sizeof(*h) || sh.pool_off + len > sh.pool_len) {
		sh.pool_off = 0;
		h = (const struct xtrail_rec_hdr *)sh.pool;
		len = xt_le32(h->len);
	}
	return len;
}

static int open_common(const char *path, int flags, mode_t mode)
{
	int fd;

	shim_setup();
	if (!sh.dev || strcmp(path, sh.dev))
		return syscall(SYS_openat, AT_FDCWD, path, flags, mode);
	fd = syscall(SYS_openat, AT_FDCWD, "/dev/null",
		     O_RDONLY | (flags & (O_NONBLOCK | O_CLOEXEC)));
	if (fd < 0)
		return fd;
	sh.fd = fd;
	/* Redelivery: from the first unacknowledged record on. */
	if (sh.next != sh.acked) {
		sh.pool_off = 0;
		for (sh.next = 0; sh.next < sh.acked; sh.next++)
			sh.pool_off += pool_len_at();
	}
	return fd;
}

int open(const char *path, int flags, ...)
{
	mode_t mode = 0;
	va_list ap;

	if ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE) {
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	return open_common(path, flags, mode);
}

int open64(const char *path, int flags, ...)
{
	mode_t mode = 0;
	va_list ap;

	if ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE) {
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	return open_common(path, flags, mode);
}

static size_t fill(uint8_t *buf, size_t n)
{
	size_t off = 0;
	uint64_t k = 0;
	uint32_t len;

	while (sh.next < sh.total && (!sh.batch || k < sh.batch)) {
		len = pool_len_at();
		if (off + len > n)
			break;
		memcpy(buf + off, sh.pool + sh.pool_off, len);
		off += len;
		sh.pool_off += len;
		sh.next++;
		k++;
	}
	return off;
}

/* The device's descriptor, empty: one that never becomes readable. */
static void never_ready(void)
{
	int efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);

	if (efd >= 0) {
		dup2(efd, sh.fd);
		close(efd);
	}
}

ssize_t read(int fd, void *buf, size_t n)
{
	size_t got;

	if (fd != sh.fd || fd < 0) {
		count(&sh.calls);
		return syscall(SYS_read, fd, buf, n);
	}
	count(&sh.calls);
	/* The system call a read of the device costs. */
	syscall(SYS_read, fd, buf, 0);
	if (sh.done || sh.next >= sh.total) {
		/* Empty, as the device is: ppoll() waits from now on. */
		never_ready();
		errno = EAGAIN;
		return -1;
	}
	if (!sh.reads++) {
		shim_clock(CLOCK_MONOTONIC, &sh.t0);
		shim_clock(CLOCK_PROCESS_CPUTIME_ID, &sh.c0);
		getrusage(RUSAGE_SELF, &sh.r0);
	}
	got = fill(buf, n);
	if (!got) {
		errno = EMSGSIZE;
		return -1;
	}
	return got;
}

ssize_t __read_chk(int fd, void *buf, size_t n, size_t buflen)
{
	(void)buflen;
	return read(fd, buf, n);
}

static double ns_of(const struct timespec *a, const struct timespec *b)
{
	return (b->tv_sec - a->tv_sec) * 1e9 + (b->tv_nsec - a->tv_nsec);
}

static double tv_ns(const struct timeval *a, const struct timeval *b)
{
	return (b->tv_sec - a->tv_sec) * 1e9 + (b->tv_usec - a->tv_usec) * 1e3;
}

/* The last record is acknowledged: the figures, then a clean stop. */
static void finish(void)
{
	const char *path = getenv("XTRAIL_BENCH_REPORT");
	struct timespec t1, c1;
	struct rusage r1;
	FILE *f;

	shim_clock(CLOCK_MONOTONIC, &t1);
	shim_clock(CLOCK_PROCESS_CPUTIME_ID, &c1);
	getrusage(RUSAGE_SELF, &r1);
	sh.done = 1;
	f = path ? fopen(path, "w") : NULL;
	if (f) {
		fprintf(f, "records %llu reads %llu acks %llu calls %llu pos %llu clocks %llu wall_ns %.0f cpu_ns %.0f user_ns %.0f sys_ns %.0f\n",
			(unsigned long long)sh.total,
			(unsigned long long)sh.reads,
			(unsigned long long)sh.acks,
			(unsigned long long)sh.calls,
			(unsigned long long)sh.pos,
			(unsigned long long)sh.clocks, ns_of(&sh.t0, &t1),
			ns_of(&sh.c0, &c1), tv_ns(&sh.r0.ru_utime,
						  &r1.ru_utime),
			tv_ns(&sh.r0.ru_stime, &r1.ru_stime));
		fclose(f);
	}
	/* Never readable again: the drain waits instead of spinning. */
	never_ready();
	kill(getpid(), SIGTERM);
}

static int dev_ioctl(unsigned long req, struct xtrail_dev_pos *p)
{
	uint64_t seq;

	if (req == XTRAIL_IOC_POS) {
		count(&sh.pos);
		p->stream_id = xt_cpu64(SHIM_STREAM_ID);
		p->seq = xt_cpu64(sh.next);
		p->window_ns = xt_cpu64(sh.window_ns);
		return 0;
	}
	if (req != XTRAIL_IOC_ACK) {
		errno = ENOTTY;
		return -1;
	}
	seq = xt_le64(p->seq);
	if (xt_le64(p->stream_id) != SHIM_STREAM_ID) {
		errno = ESTALE;
		return -1;
	}
	if (seq > sh.next) {
		errno = EINVAL;
		return -1;
	}
	sh.acks++;
	if (seq > sh.acked)
		sh.acked = seq;
	if (sh.acked == sh.total && !sh.done)
		finish();
	return 0;
}

int ioctl(int fd, unsigned long req, ...)
{
	va_list ap;
	void *arg;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	count(&sh.calls);
	if (fd != sh.fd || fd < 0)
		return syscall(SYS_ioctl, fd, req, arg);
	/* The system call an ioctl of the device costs (ENOTTY here). */
	syscall(SYS_ioctl, fd, req, NULL);
	return dev_ioctl(req, arg);
}

/*
 * Counted only: the other system calls xtraild makes per batch, and its
 * reads of a precise clock (vDSO calls natively; system calls where the
 * vDSO has no clock source, as in a Xen PV dom0 whose TSC is not stable;
 * the coarse clocks are always read in the vDSO).
 */

int ppoll(struct pollfd *fds, nfds_t n, const struct timespec *t,
	  const sigset_t *mask)
{
	count(&sh.calls);
	return REAL(ppoll)(fds, n, t, mask);
}

int poll(struct pollfd *fds, nfds_t n, int t)
{
	count(&sh.calls);
	return REAL(poll)(fds, n, t);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
	count(&sh.calls);
	return REAL(pwrite)(fd, buf, n, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off_t off)
{
	count(&sh.calls);
	return REAL(pwrite64)(fd, buf, n, off);
}

ssize_t write(int fd, const void *buf, size_t n)
{
	count(&sh.calls);
	return REAL(write)(fd, buf, n);
}

int fdatasync(int fd)
{
	count(&sh.calls);
	return REAL(fdatasync)(fd);
}

int fsync(int fd)
{
	count(&sh.calls);
	return REAL(fsync)(fd);
}

int clock_gettime(clockid_t c, struct timespec *ts)
{
	if (c != CLOCK_MONOTONIC_COARSE && c != CLOCK_REALTIME_COARSE)
		count(&sh.clocks);
	return REAL(clock_gettime)(c, ts);
}
