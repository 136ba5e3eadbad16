/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _XTRAIL_FILEIO_H
#define _XTRAIL_FILEIO_H

#include <linux/types.h>

struct pt_regs;

int xtrail_fileio_init(void);
void xtrail_fileio_uninit(void);

/*
 * At the exit of a successful open that returned @fd: start counting the
 * bytes moved through that file. False when the table is full (the file is
 * untracked, and counted so for the heartbeat).
 */
bool xtrail_fileio_open(int fd);

/*
 * At a NET record of the current task's socket @fd: start counting the
 * bytes moved through it, unless they are counted already. 1 when they
 * are, -1 when the table is full (the socket untracked, and counted so
 * for the heartbeat), 0 when @fd is no AF_INET, AF_INET6 or AF_UNIX
 * socket.
 */
int xtrail_fileio_sock(long fd);

/*
 * The same two, of a file the caller holds rather than a descriptor (an
 * io_uring request's, uring.c).
 */
struct file;
bool xtrail_fileio_open_file(const struct file *file);
int xtrail_fileio_sock_file(const struct file *file);
/* Add @n bytes read or written (@wr) to @file's counts, if it is tracked. */
void xtrail_fileio_add_file(const struct file *file, long n, bool wr);

/*
 * At the exit of syscall @nr: if it is a read or write family call, add
 * what it moved to the tracked files it used and return true.
 */
bool xtrail_fileio_count(long nr, struct pt_regs *regs, long ret);

/*
 * The same at the exit of an i386 call whose x86-64 twin is @nr (road32.c),
 * with its @args cut to 32 bits (sendmmsg's and recvmmsg's arrays: the
 * compat layout).
 */
void xtrail_fileio_count32(long nr, const unsigned long *args, long ret);

/* Add the read and write family's syscall numbers to @set. */
void xtrail_fileio_syscalls(unsigned long *set);

/* Files and sockets left untracked on the vCPUs that write to @ring of @nr_rings. */
u64 xtrail_fileio_untracked(unsigned int ring, unsigned int nr_rings);

#endif
