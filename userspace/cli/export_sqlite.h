/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SQLite database of "xtrail export --format sqlite", also built in
 * memory by "xtrail detect" (detect.h): its schema and its rows. A row is
 * made from a record's JSON object (record_json.h), its JSON text, its
 * one-line message (export_msg.h) and its wall-clock time. The schema is
 * in export_fmt.h and xtrail(8).
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
