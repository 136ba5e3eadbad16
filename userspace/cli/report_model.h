/* SPDX-License-Identifier: GPL-2.0 */
/*
 * "xtrail report": the report's content, gathered while the log is read
 * (record by record, as the VM join gives them) and written out as one
 * JSON object (doc/report.schema.json), which the HTML writer
 * (report_html.h) then shows. Gathered here: the VMs seen (UUID, names,
 * the domids each had and when, records, losses and by whom, violations,
 * heartbeat silences), each VM's activity over time (the timeline), the
 * terminal sessions, dom0's operator actions (CONTROL records) with the VM
 * each touched, xtraild's stream jumps and dom0's own losses. The log's
 * integrity (what verify found) and the findings are added by the caller.
 *
 * With a scope (--vm UUID, the customer's "transparency" report) only that
 * VM is gathered, and of dom0's records only those about it (an operator
 * action aimed at its domid while it held it, or at every guest): nothing
 * about any other VM enters the model.
 */
#ifndef XTRAIL_CLI_REPORT_MODEL_H
#define XTRAIL_CLI_REPORT_MODEL_H

#include <stdint.h>

#include <json.h>

#include "vm_join.h"

/* Most entries kept in each list of a VM (the rest are counted). */
#define REP_LIST_MAX	200
/* Columns of a timeline */
#define REP_BUCKETS	60

struct rep_period {
	uint16_t domid;
	int64_t from, to;
	const char *reason;	/* the DISCONNECT's, or NULL */
	int open;
};

struct rep_vm {
	char uuid[XT_VM_UUID_TEXT];
	char name[XT_VM_NAME_TEXT];
	struct json_object *names;	/* every name it had */
	struct json_object *evidence;	/* losses, violations, silences */
	struct json_object *actions;	/* operator actions on it */
	struct rep_period *p;
	size_t np;
	uint64_t records, lost, gap_missing, flow_lost, violations, silences;
	uint64_t dropped;		/* list entries not kept */
	int64_t first, last;
	int64_t *t;			/* each record's time, for the timeline */
	size_t nt, capt;
};

struct rep_sess {
	int vm;				/* index in the VMs, -1: none (dom0) */
	uint16_t domid;
	char tty[4 * 16 + 1];		/* display form */
	uint64_t records, out_bytes, in_bytes, dropped;
	int64_t first, last;
};

struct rep_model {
	const char *scope;		/* a VM's UUID, or NULL: every VM */
	struct rep_vm *vm;
	size_t nvm;
	int dom_vm[65536];		/* domid -> VM index + 1, 0: none */
	struct rep_sess *s;
	size_t ns;
	struct json_object *actions;	/* every operator action (no scope) */
	struct json_object *daemon;	/* stream jumps, dom0's losses */
	uint64_t unidentified;		/* guest records with no VM */
	uint64_t dom0_records;
	int oom;
};

/* Zero-initialise @m, set its scope (canonical UUID text or NULL). */
int rep_model_init(struct rep_model *m, const char *scope);

/*
 * One record as the join gives it, with its JSON object (xt_json_rec_vm())
 * and its wall-clock time (-1: none). 0, or -1 when memory runs out.
 */
int rep_model_record(struct rep_model *m, const struct xt_vm_held *h,
		     struct json_object *rec, int64_t t);

/*
 * Put what was gathered into @root: "vms", "tty_sessions",
 * "operator_actions", "dom0", with @replay_args (the log as named on the
 * command line, shell-quoted) in each session's replay command. 0, or -1.
 */
int rep_model_out(struct rep_model *m, struct json_object *root,
		  const char *replay_args);

void rep_model_free(struct rep_model *m);

/* "2026-11-21T23:59:01.123456789Z" of @ns, or NULL (JSON null) when < 0. */
struct json_object *rep_time(int64_t ns);

/* Add @v under @key to @o; sets *@oom when @v is NULL or the add fails. */
void rep_set(struct json_object *o, const char *key, struct json_object *v,
	     int *oom);

#endif /* XTRAIL_CLI_REPORT_MODEL_H */
