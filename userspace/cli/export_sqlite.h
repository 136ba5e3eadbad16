/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SQLite database of "xtrail export --format sqlite", also built in
 * memory by "xtrail detect" (detect.h): its schema and its rows. A row is
 * made from a record's JSON object (record_json.h), its JSON text, its
 * one-line message (export_msg.h) and its wall-clock time. The schema's
 * tables are in export_fmt.h and xtrail(8).
 *
 * Version 3 adds views (nothing stored twice) of the fields rules read,
 * each with f3_seq, time_ns, time, domid, vm_uuid, vm_name and, for the
 * records of a task, pid, ppid, uid, euid, loginuid, sessionid, comm:
 *   execs     filename, argv (a JSON array), argv0, argv1, exe, cwd
 *   files     call ("openat"...), ret, path, path2, open_flags (of open,
 *             openat, creat; NULL for the others)
 *   closes    path, bytes_read, bytes_written
 *   nets      no_task, kind, protocol, ret, saddr, sport, daddr, dport,
 *             sock_uid, bytes_sent, bytes_received (the guest's sockets)
 *   syscalls  call, nr, ret, arg0, arg1, arg2
 *   flows     (dom0's FLOW records, no task) event, from_guest (1/0),
 *             proto, saddr, sport, daddr, dport, flow_id, first_ns,
 *             last_ns, pkts_fwd, bytes_fwd, pkts_rev, bytes_rev
 *   controls  action, result, target, text (dom0's operator actions)
 *   vms       domid, vm_uuid, vm_name, f3_seq and time_ns of the first
 *             VM_IDENTITY record of each (domid, uuid, name)
 */
#ifndef XTRAIL_EXPORT_SQLITE_H
#define XTRAIL_EXPORT_SQLITE_H

#include <stddef.h>
#include <stdint.h>

#include <json.h>
#include <sqlite3.h>

struct xt_sql;

/*
 * A new database with the schema, in one transaction until
 * xt_sql_finish(): at @path, which must not exist (a new file, never
 * added to), or ":memory:". NULL with @err set on failure (a file made is
 * removed).
 */
struct xt_sql *xt_sql_open(const char *path, char *err, size_t errlen);

/* One record's row; 0 or -1 with @err set. */
int xt_sql_write(struct xt_sql *s, uint64_t f3_seq, struct json_object *o,
		 int64_t time_ns, const char *msg, const char *json,
		 char *err, size_t errlen);

/*
 * The meta rows (exported_at, records: @records) and the commit; the
 * database stays open (xt_sql_db()). 0 or -1 with @err set.
 */
int xt_sql_finish(struct xt_sql *s, uint64_t records, char *err,
		  size_t errlen);

/* The database handle, to query it after xt_sql_finish(). */
sqlite3 *xt_sql_db(struct xt_sql *s);

/* Close; 0 or -1 with @err set. @s may be NULL. */
int xt_sql_close(struct xt_sql *s, char *err, size_t errlen);

#endif /* XTRAIL_EXPORT_SQLITE_H */
