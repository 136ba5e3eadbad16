/* SPDX-License-Identifier: GPL-2.0 */
/*
 * "xtrail export": which records (filters) and how they are written
 * (formats). A record is filtered and written from its JSON object
 * (record_json.h), its JSON text and its wall-clock time.
 *
 * Formats:
 *   jsonl       one JSON object per line, as record_json.h describes
 *   csv         RFC 4180, a header line, then the columns f3_seq, seq,
 *               time, type, domid, vm_uuid, vm_name, vcpu, pid, ppid, uid, euid, loginuid,
 *               sessionid, comm, message, json (the whole JSON object);
 *               text cells in the display form of text_safe.h, a cell a
 *               spreadsheet would take for a formula (=, +, -, @ first)
 *               with a ' before it
 *   sqlite      a new SQLite database, schema below (doc/EXPORT.md)
 *   timesketch  JSON Lines for Timesketch: the JSON object plus message,
 *               datetime (RFC 3339), timestamp (microseconds since the
 *               epoch) and timestamp_desc ("Event Recorded"); records
 *               without a wall-clock time (before the first CLOCK record)
 *               are left out and counted
 *   ecs         JSON Lines in Elastic Common Schema (export_ecs.h);
 *               records without a wall-clock time left out and counted
 *
 * Every format carries vm_uuid and vm_name beside domid: the VM identity
 * in force for the record (vm_join.h), "" when none.
 *
 * SQLite schema (version 3: version 2, the views of export_sqlite.h, and
 * in the json column the heartbeat's untracked_count (was untracked) and f3_seq;
 * version 2: version 1 and vm_uuid, vm_name):
 *   CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
 *     -- schema_version, exported_at, records
 *   CREATE TABLE records (
 *     f3_seq INTEGER PRIMARY KEY,   -- F3 sequence number, unique
 *     seq INTEGER NOT NULL,         -- the producer's sequence number
 *     type TEXT NOT NULL, domid INTEGER NOT NULL,
 *     vm_uuid TEXT, vm_name TEXT,   -- "" when none (vm_join.h)
 *     vcpu INTEGER,
 *     pid INTEGER, tgid INTEGER, ppid INTEGER, uid INTEGER, gid INTEGER,
 *     euid INTEGER, egid INTEGER, loginuid INTEGER, sessionid INTEGER,
 *     comm TEXT, ts_ns INTEGER, recv_ns INTEGER,
 *     time_ns INTEGER,              -- wall clock, NULL if unknown
 *     time TEXT,                    -- the same, RFC 3339
 *     message TEXT NOT NULL,        -- one line for humans (comm and
 *                                   -- message: text_safe.h's display form)
 *     json TEXT NOT NULL);          -- the whole record (json_extract())
 *   CREATE INDEX records_time ON records (time_ns);
 *   CREATE INDEX records_domid_time ON records (domid, time_ns);
 *   CREATE INDEX records_pid ON records (domid, pid);
 *   CREATE INDEX records_uid ON records (uid);
 *   CREATE INDEX records_type ON records (type, time_ns);
 *   CREATE INDEX records_vm ON records (vm_uuid, time_ns);
 */
#ifndef XTRAIL_EXPORT_FMT_H
#define XTRAIL_EXPORT_FMT_H

#include <stdint.h>
#include <stdio.h>

#include <json.h>

#include "vm_join.h"

#define XT_FILTER_MAX	16

/*
 * Filters: a record passes when it passes each one given. Lists (domid,
 * pid, uid, type, vm) match any of their values; vm is a VM's UUID
 * (canonical text, any case) matched against vm_uuid, or its name matched
 * against vm_name, exactly (vm_join.h); the time range is
 * [since, until) on the record's wall-clock time (a record without one
 * fails a time filter); text is a substring of one of the record's
 * values, at any depth: a string as the bytes it stands for (JSON's
 * escapes and record_json.h's \\ and \xHH undone), a number in decimal.
 */
struct xt_filter {
	int has_since, has_until;
	int64_t since, until;
	unsigned int ndomid, npid, nuid, ntype, nvm;
	uint32_t domid[XT_FILTER_MAX];
	uint32_t pid[XT_FILTER_MAX];
	uint32_t uid[XT_FILTER_MAX];
	const char *type[XT_FILTER_MAX];
	char vm[XT_FILTER_MAX][XT_VM_NAME_TEXT];
	int vm_uuid[XT_FILTER_MAX];	/* vm[i] is a UUID */
	const char *text;
};

/*
 * RFC 3339: "2026-11-21T23:59:01Z", with optional fractional seconds,
 * and "Z" or an offset "+HH:MM" / "-HH:MM" ("t" and "z" too); or "@N"
 * (seconds since the epoch). 0 and *ns, or -1.
 */
int xt_parse_time(const char *s, int64_t *ns);

/* Whether @name is a record type name ("exec", "tty"...). */
int xt_type_known(const char *name);

/*
 * Add the number or name @v to the list of filter @what ("domid"...).
 * For "vm": text shaped like a UUID (36 characters, '-' at 8, 13, 18, 23)
 * must be one, else a name: 1 to 64 printable ASCII characters. -1 when
 * @v is none of these, or the list is full.
 */
int xt_filter_add(struct xt_filter *f, const char *what, const char *v);

int xt_filter_match(const struct xt_filter *f, struct json_object *o,
		    int64_t time_ns);

enum xt_format {
	XT_FMT_JSONL, XT_FMT_CSV, XT_FMT_SQLITE, XT_FMT_TIMESKETCH, XT_FMT_ECS
};

/* "jsonl", "csv", "sqlite", "timesketch", "ecs"; 0 or -1. */
int xt_format_parse(const char *s, enum xt_format *fmt);

struct xt_out;

/*
 * Open @path (NULL: standard output; required, and must not exist, for
 * sqlite). NULL with @err set on failure.
 */
struct xt_out *xt_out_open(enum xt_format fmt, const char *path, char *err,
			   size_t errlen);

/* Write one record; 0 or -1 with @err set. */
int xt_out_write(struct xt_out *out, uint64_t f3_seq, struct json_object *o,
		 int64_t time_ns, const char *json_text, char *err,
		 size_t errlen);

/*
 * Finish and close; 0 or -1 with @err set. *skipped: records a format
 * could not hold (timesketch and ecs without a time).
 */
int xt_out_close(struct xt_out *out, uint64_t *skipped, char *err,
		 size_t errlen);

#endif /* XTRAIL_EXPORT_FMT_H */
