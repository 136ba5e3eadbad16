/* SPDX-License-Identifier: GPL-2.0 */
/*
 * "xtrail report": the findings (xtrail detect's, or a file of them) with
 * what is behind each: its evidence rows (the records its "records" name
 * by F3 sequence number, each as export's one-line message) and the
 * process chain of each process among them (from the process up through
 * its parents: pid, ppid, uid, euid, login uid, session, comm, and the
 * argv of its exec), both gathered on a second reading of the log; then
 * grouped by CSA threat.
 *
 * A finding is the JSON object xtrail detect --json writes: rule, title,
 * threat, threat_name, severity, vm_uuid, vm_name, domid, uid, loginuid,
 * first_ns, last_ns, first, last, records (F3 sequence numbers), summary.
 */
#ifndef XTRAIL_CLI_REPORT_FIND_H
#define XTRAIL_CLI_REPORT_FIND_H

#include <stddef.h>
#include <stdint.h>

#include <json.h>

#include "vm_join.h"

/* Evidence rows and chains kept per finding (the rest are counted). */
#define REP_EVIDENCE_MAX	50
#define REP_CHAINS_MAX		5
#define REP_CHAIN_DEPTH		16

struct rep_proc;

struct rep_want {
	uint64_t f3_seq;
	size_t finding;
};

struct rep_find {
	const char *scope;		/* a VM's UUID, or NULL */
	struct json_object *list;	/* the findings, in scope */
	struct rep_want *w;		/* (f3_seq, finding), sorted */
	size_t nw;
	struct rep_proc *p;		/* processes: an open hash table */
	size_t np, capp;
	uint16_t *gen;			/* per domid: its VM's generation */
	uint64_t *vm_hash;		/* per domid: its VM's UUID, hashed */
	int oom;
};

/*
 * Read the findings from the file @path: a JSON array of findings, or an
 * object with one under "findings". NULL after printing the error.
 */
struct json_object *rep_find_load(const char *cmd, const char *path);

/*
 * Take over @findings (a JSON array; NULL: none), keep those of the VM
 * @scope (NULL: all), and note the records they name. 0, or -1.
 */
int rep_find_init(struct rep_find *f, struct json_object *findings,
		  const char *scope);

/* Whether a second reading of the log is needed (records are named). */
int rep_find_need_log(const struct rep_find *f);

/* One record of the second reading, as the join gives it. 0, or -1. */
int rep_find_record(struct rep_find *f, const struct xt_vm_held *h,
		    struct json_object *rec, int64_t t);

/*
 * The findings grouped by threat into @root's "findings":
 * {source, count, by_threat: [{threat, threat_name, findings}]}. 0, or -1.
 */
int rep_find_out(struct rep_find *f, struct json_object *root,
		 const char *source);

void rep_find_free(struct rep_find *f);

#endif /* XTRAIL_CLI_REPORT_FIND_H */
