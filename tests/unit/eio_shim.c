// SPDX-License-Identifier: GPL-2.0
/*
 * An LD_PRELOAD shim for test_daemon: fsync() and fdatasync() of a file
 * whose path contains $XTRAIL_EIO_PATH fail with EIO, as a disk's
 * writeback error shows there, from the ($XTRAIL_EIO_SKIP + 1)th such
 * call on, $XTRAIL_EIO_FAILS times (default 1): the real xtraild's store
 * loop meets a disk error it can get past (disk_error_action keep and
 * rotate), without root or a dying file system.
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* fsync() and fdatasync(), the libc ones. */
typedef int (*sync_fn)(int fd);

static unsigned long eio_calls;

/* True if this sync of @fd is one that fails. */
static int eio_now(int fd)
{
	const char *want = getenv("XTRAIL_EIO_PATH");
	const char *skip = getenv("XTRAIL_EIO_SKIP");
	const char *fails = getenv("XTRAIL_EIO_FAILS");
	unsigned long first = skip ? strtoul(skip, NULL, 10) : 0;
	unsigned long n = fails ? strtoul(fails, NULL, 10) : 1;
	char link[64], path[4096];
	ssize_t len;

	if (!want)
		return 0;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	len = readlink(link, path, sizeof(path) - 1);
	if (len < 0)
		return 0;
	path[len] = 0;
	if (!strstr(path, want))
		return 0;
	eio_calls++;
	if (eio_calls <= first || eio_calls > first + n)
		return 0;
	fprintf(stderr, "eio_shim: sync %lu of %s fails with EIO\n",
		eio_calls, path);
	return 1;
}

int fdatasync(int fd)
{
	sync_fn real = (sync_fn)dlsym(RTLD_NEXT, "fdatasync");

	if (eio_now(fd)) {
		errno = EIO;
		return -1;
	}
	return real(fd);
}

int fsync(int fd)
{
	sync_fn real = (sync_fn)dlsym(RTLD_NEXT, "fsync");

	if (eio_now(fd)) {
		errno = EIO;
		return -1;
	}
	return real(fd);
}
