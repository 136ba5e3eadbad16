/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The program each process of each guest runs, by the guest's own
 * timestamps: for the cross-check (attribution.h), which needs the program
 * behind a NET record. Pure, no I/O.
 *
 * Each (domid, tgid) keeps its last XT_PROCS_HIST events (exec, fork,
 * exit), in the order of the guest's ts_ns, however the log ordered them:
 * dom0 merges a guest's vCPUs' rings by its receipt of them, so a child's
 * exec on one vCPU may come before the fork that made it on another. The
 * program at time t is that of the latest event at or before t: an exec's
 * own, a fork's parent's at the fork (followed up to XT_PROCS_DEPTH
 * forks), none after an exit or before any event.
 */
#ifndef XTRAIL_PROC_HIST_H
#define XTRAIL_PROC_HIST_H

#include <stdint.h>

/*
 * A program: an EXEC record's filename and argv (each argument followed by
 * its NUL), shared by reference.
 */
struct xt_attr_exec {
	unsigned int refs;
	uint32_t flags;		/* XTRAIL_EXEC_* */
	uint32_t argc;
	uint32_t argc_total;
	uint32_t filename_len;
	uint32_t argv_len;
	const uint8_t *filename;
	const uint8_t *argv;
};

#define XT_PROCS_HIST	8
#define XT_PROCS_DEPTH	8

struct xt_procs;

struct xt_procs *xt_procs_new(void);
void xt_procs_free(struct xt_procs *p);

/* A reference on @e more (NULL: none); the last put frees it. */
struct xt_attr_exec *xt_exec_get(struct xt_attr_exec *e);
void xt_exec_put(struct xt_attr_exec *e);

/*
 * Events at the guest's time @ts: an exec of program @e (the reference is
 * taken over), a fork of @child by @parent, an exit. 0, or -1 when memory
 * runs out.
 */
int xt_procs_exec(struct xt_procs *p, uint16_t domid, uint32_t tgid,
		  uint64_t ts, struct xt_attr_exec *e);
int xt_procs_fork(struct xt_procs *p, uint16_t domid, uint32_t parent,
		  uint32_t child, uint64_t ts);
int xt_procs_exit(struct xt_procs *p, uint16_t domid, uint32_t tgid,
		  uint64_t ts);

/* The program of (@domid, @tgid) at @ts, or NULL (no reference taken). */
struct xt_attr_exec *xt_procs_program(const struct xt_procs *p,
				      uint16_t domid, uint32_t tgid,
				      uint64_t ts);

/* Forget every process of @domid (another VM got the domid). */
void xt_procs_forget(struct xt_procs *p, uint16_t domid);

#endif /* XTRAIL_PROC_HIST_H */
