/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The digest of an exec'd program (EXEC_DIGEST records): the exec's probe
 * hands the file the kernel loaded to digest.c, which answers from its
 * cache at once or has a worker hash the file later; see digest.c.
 */
#ifndef _XTRAIL_DIGEST_H
#define _XTRAIL_DIGEST_H

#include <linux/types.h>

struct xtrail_rec_hdr;
struct file;

/*
 * The cache's key: what identifies a file's contents without reading it.
 * A write changes ctime (and i_version where the filesystem counts it).
 */
struct xtrail_digest_key {
	u64 ino;
	u64 iversion;
	s64 ctime_sec;
	s64 size;
	u32 dev;
	u32 ctime_nsec;
};

/*
 * Before the exec probe is registered: the worker, its job slots and the
 * cache (when digests are on). xtrail_digest_uninit(): after the probe is
 * unregistered; waits for the jobs queued, whose records it commits.
 */
int xtrail_digest_init(void);
void xtrail_digest_uninit(void);

/*
 * From the exec probe, after the EXEC record whose header is @exec: a
 * digest record for @file, now (cache hit, queue full) or from the worker.
 * Never sleeps, never allocates.
 */
void xtrail_digest_exec(const struct xtrail_rec_hdr *exec, struct file *file);

#endif
