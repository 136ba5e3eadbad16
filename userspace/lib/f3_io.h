/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * File I/O shared by the F3 files (and the stream position file): write a
 * whole buffer, and make a rename durable.
 */
#ifndef XTRAIL_F3_IO_H
#define XTRAIL_F3_IO_H

#include <stddef.h>
#include <stdint.h>

/* write() / pwrite() all @n bytes, retrying on EINTR; 0 or -1 with errno. */
int xt_f3_write_all(int fd, const void *buf, size_t n);
int xt_f3_pwrite_all(int fd, const void *buf, size_t n, uint64_t off);

/* fsync the directory holding @path (after a rename into it). 0 or -1. */
int xt_f3_sync_parent_dir(const char *path);

#endif /* XTRAIL_F3_IO_H */
