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
 *
 * The same history gives a process's chain of ancestors (xtrail trace):
 * each event keeps the ids of the record's process (uid, login uid,
 * session...), a FORK names the parent, an EXEC its program.
 */
#ifndef XTRAIL_PROC_HIST_H
#define XTRAIL_PROC_HIST_H

#include <stddef.h>
#include <stdint.h>

#include "xtrail_proto.h"

/*
 * A process as a guest record's header names it (the thread @pid of
 * process @tgid, child of @ppid): at an EXEC, its ids after the exec; at a
 * FORK, the parent's, which the child starts with.
 */
struct xt_attr_proc {
	uint32_t pid;
	uint32_t tgid;
	uint32_t ppid;
	uint32_t uid;
	uint32_t euid;
	uint32_t loginuid;
	uint32_t sessionid;
	char comm[XTRAIL_COMM_LEN + 1];
	uint64_t recv_ns;	/* dom0's receipt of the record */
	int ts_xen;		/* its ts_ns is Xen system time */
};

/* The process the header @h names (in the log: little-endian). */
void xt_procs_who(struct xt_attr_proc *p, const struct xtrail_rec_hdr *h);

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

/* A login uid or session id not set */
#define XT_ID_UNSET	0xffffffffu

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
 * taken over), a fork of @child by @parent, an exit. @who: the record's
 * process (NULL: unknown, all zero). 0, or -1 when memory runs out.
 */
int xt_procs_exec(struct xt_procs *p, uint16_t domid, uint32_t tgid,
		  uint64_t ts, struct xt_attr_exec *e,
		  const struct xt_attr_proc *who);
int xt_procs_fork(struct xt_procs *p, uint16_t domid, uint32_t parent,
		  uint32_t child, uint64_t ts, const struct xt_attr_proc *who);
int xt_procs_exit(struct xt_procs *p, uint16_t domid, uint32_t tgid,
		  uint64_t ts);

/* The program of (@domid, @tgid) at @ts, or NULL (no reference taken). */
struct xt_attr_exec *xt_procs_program(const struct xt_procs *p,
				      uint16_t domid, uint32_t tgid,
				      uint64_t ts);

/**
 * struct xt_procs_step - one process of a chain as its history shows it
 * @tgid:     the process
 * @parent:   its parent: the FORK's, else the ppid of its first EXEC kept
 *            (0: unknown)
 * @forked:   its FORK is in the history (@start is its time)
 * @start:    its FORK's time, else its first event's kept
 * @end:      its EXIT's time, or UINT64_MAX (alive at the end of the log)
 * @fork_who: the FORK record's process (the parent at the fork)
 * @n_exec:   its EXECs up to the time asked, oldest first: the program
 *            @exec[i] at @exec_ts[i] with the ids @exec_who[i] (no EXEC:
 *            it runs its parent's program, as of @start)
 */
struct xt_procs_step {
	uint32_t tgid;
	uint32_t parent;
	int forked;
	uint64_t start;
	uint64_t end;
	struct xt_attr_proc fork_who;
	unsigned int n_exec;
	const struct xt_attr_exec *exec[XT_PROCS_HIST];
	uint64_t exec_ts[XT_PROCS_HIST];
	struct xt_attr_proc exec_who[XT_PROCS_HIST];
};

/* The ids of the process at @s: its latest EXEC's, else its FORK's. */
const struct xt_attr_proc *xt_procs_step_who(const struct xt_procs_step *s);

/*
 * (@domid, @tgid) at @ts into @s: 0, or -1 when the history has no event
 * of it at or before @ts or it had exited by then.
 */
int xt_procs_at(const struct xt_procs *p, uint16_t domid, uint32_t tgid,
		uint64_t ts, struct xt_procs_step *s);

/*
 * The time of the latest event of (@domid, @tgid) at or before @ts that is
 * not an EXIT, into *@at (a record made as a process exits, e.g. the close
 * of its files, may come after its EXIT): 0, or -1 when there is none.
 */
int xt_procs_last(const struct xt_procs *p, uint16_t domid, uint32_t tgid,
		  uint64_t ts, uint64_t *at);

/* Why a chain stops (xt_procs_chain()) */
enum xt_chain_end {
	XT_CHAIN_SESSION = 1,	/* its top is the parent of the session */
	XT_CHAIN_INIT,		/* its top is pid 1, or has no parent */
	XT_CHAIN_UNKNOWN,	/* the parent of its top has no history */
	XT_CHAIN_MAX,		/* @max steps */
};

/*
 * The process (@domid, @tgid) at @ts and its ancestors, each at the time
 * its child was born, into @steps (@max of them), the process first.
 * When the process has an audit session (its sessionid is set), the chain
 * goes up through the session's processes to the one above the session
 * (the process whose child opened it: a login, sshd, su's caller), and
 * stops there; without one, up to pid 1. The number of steps (0: the
 * process is not known at @ts), and why it stopped in *@why.
 */
size_t xt_procs_chain(const struct xt_procs *p, uint16_t domid,
		      uint32_t tgid, uint64_t ts, struct xt_procs_step *steps,
		      size_t max, enum xt_chain_end *why);

/* "session", "init", "unknown parent", "limit" */
const char *xt_chain_end_name(enum xt_chain_end why);

/* Forget every process of @domid (another VM got the domid). */
void xt_procs_forget(struct xt_procs *p, uint16_t domid);

#endif /* XTRAIL_PROC_HIST_H */
