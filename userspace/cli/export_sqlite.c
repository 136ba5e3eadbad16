// SPDX-License-Identifier: GPL-2.0
/*
 * The SQLite database of export and detect; see export_sqlite.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "export_sqlite.h"
#include "export_msg.h"
#include "text_safe.h"

struct xt_sql {
	sqlite3 *db;
	sqlite3_stmt *ins;
};

/*
 * Version 3: views of the fields the detection rules (detect.h) read, out
 * of the json column; export_fmt.h lists them.
 */
#define SQL_TASK	" f3_seq, time_ns, time, domid, vm_uuid, vm_name, pid, ppid," \
			" uid, euid, loginuid, sessionid, comm,"
#define SQL_J(f, as)	" json_extract(json, '$." f "') AS " as

#define SQL_VIEWS \
	"CREATE VIEW execs AS SELECT" SQL_TASK \
	SQL_J("filename", "filename") "," SQL_J("argv", "argv") "," \
	SQL_J("argv[0]", "argv0") "," SQL_J("argv[1]", "argv1") "," \
	SQL_J("exe", "exe") "," SQL_J("cwd", "cwd") \
	" FROM records WHERE type = 'exec';" \
	"CREATE VIEW files AS SELECT" SQL_TASK \
	SQL_J("name", "call") "," SQL_J("ret", "ret") "," \
	SQL_J("path", "path") "," SQL_J("path2", "path2") "," \
	" CASE json_extract(json, '$.name')" \
	"  WHEN 'open' THEN json_extract(json, '$.args[1]')" \
	"  WHEN 'openat' THEN json_extract(json, '$.args[2]')" \
	"  WHEN 'creat' THEN 577 END AS open_flags" \
	" FROM records WHERE type = 'file';" \
	"CREATE VIEW closes AS SELECT" SQL_TASK \
	SQL_J("path", "path") "," SQL_J("bytes_read", "bytes_read") "," \
	SQL_J("bytes_written", "bytes_written") \
	" FROM records WHERE type = 'close';" \
	"CREATE VIEW nets AS SELECT" SQL_TASK " no_task," \
	SQL_J("kind", "kind") "," SQL_J("protocol", "protocol") "," \
	SQL_J("ret", "ret") "," SQL_J("saddr", "saddr") "," \
	SQL_J("sport", "sport") "," SQL_J("daddr", "daddr") "," \
	SQL_J("dport", "dport") "," SQL_J("sock_uid", "sock_uid") "," \
	SQL_J("bytes_sent", "bytes_sent") "," \
	SQL_J("bytes_received", "bytes_received") \
	" FROM records WHERE type = 'net';" \
	"CREATE VIEW syscalls AS SELECT" SQL_TASK \
	SQL_J("name", "call") "," SQL_J("nr", "nr") "," SQL_J("ret", "ret") "," \
	SQL_J("args[0]", "arg0") "," SQL_J("args[1]", "arg1") "," \
	SQL_J("args[2]", "arg2") \
	" FROM records WHERE type = 'syscall';" \
	"CREATE VIEW flows AS SELECT f3_seq, time_ns, time, domid, vm_uuid, vm_name," \
	SQL_J("event", "event") "," SQL_J("from_guest", "from_guest") "," \
	SQL_J("proto", "proto") "," SQL_J("saddr", "saddr") "," \
	SQL_J("sport", "sport") "," SQL_J("daddr", "daddr") "," \
	SQL_J("dport", "dport") "," SQL_J("flow_id", "flow_id") "," \
	SQL_J("first_ns", "first_ns") "," SQL_J("last_ns", "last_ns") "," \
	SQL_J("pkts_fwd", "pkts_fwd") "," SQL_J("bytes_fwd", "bytes_fwd") "," \
	SQL_J("pkts_rev", "pkts_rev") "," SQL_J("bytes_rev", "bytes_rev") \
	" FROM records WHERE type = 'flow';" \
	"CREATE VIEW controls AS SELECT" SQL_TASK \
	SQL_J("action", "action") "," SQL_J("result", "result") "," \
	SQL_J("target", "target") "," SQL_J("text", "text") \
	" FROM records WHERE type = 'control';" \
	"CREATE VIEW vms AS SELECT domid," SQL_J("uuid", "vm_uuid") "," \
	SQL_J("name", "vm_name") ", MIN(f3_seq) AS f3_seq," \
	" MIN(time_ns) AS time_ns" \
	" FROM records WHERE type = 'vm_identity' GROUP BY 1, 2, 3;"

static const char sql_schema[] =
	"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
	"CREATE TABLE records ("
	" f3_seq INTEGER PRIMARY KEY, seq INTEGER NOT NULL,"
	" type TEXT NOT NULL, domid INTEGER NOT NULL,"
	" vm_uuid TEXT, vm_name TEXT, vcpu INTEGER,"
	" pid INTEGER, tgid INTEGER, ppid INTEGER, uid INTEGER, gid INTEGER,"
	" euid INTEGER, egid INTEGER, loginuid INTEGER, sessionid INTEGER,"
	" comm TEXT, ts_ns INTEGER, recv_ns INTEGER, no_task INTEGER,"
	" time_ns INTEGER, time TEXT, message TEXT NOT NULL,"
	" json TEXT NOT NULL);"
	"CREATE INDEX records_time ON records (time_ns);"
	"CREATE INDEX records_domid_time ON records (domid, time_ns);"
	"CREATE INDEX records_pid ON records (domid, pid);"
	"CREATE INDEX records_uid ON records (uid);"
	"CREATE INDEX records_type ON records (type, time_ns);"
	"CREATE INDEX records_vm ON records (vm_uuid, time_ns);"
	SQL_VIEWS
	"INSERT INTO meta VALUES ('schema_version', '3');"
	"BEGIN;";

static const char *const sql_cols[] = {
	"seq", "type", "domid", "vm_uuid", "vm_name", "vcpu", "pid", "tgid", "ppid", "uid", "gid",
	"euid", "egid", "loginuid", "sessionid", "comm", "ts_ns", "recv_ns",
	"no_task",
};

#define SQL_NCOLS	(sizeof(sql_cols) / sizeof(sql_cols[0]))

/*
 * The values of a row of records, numbered from 1 as sqlite3_bind_*()
 * wants them: f3_seq, sql_cols[] (from the record's JSON), then these.
 */
enum {
	SQL_F3_SEQ = 1,
	SQL_COLS,		/* sql_cols[0] */
	SQL_TIME_NS = SQL_COLS + SQL_NCOLS,
	SQL_TIME,
	SQL_MESSAGE,
	SQL_JSON,
	SQL_NVALUES = SQL_JSON
};

#define SQL_INSERT	"INSERT INTO records VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
_Static_assert(sizeof(SQL_INSERT) ==
	       sizeof("INSERT INTO records VALUES ()") + 2 * SQL_NVALUES - 1,
	       "one ? per value of a row");

struct xt_sql *xt_sql_open(const char *path, char *err, size_t errlen)
{
	struct xt_sql *s = calloc(1, sizeof(*s));
	int fd, mem = !strcmp(path, ":memory:");

	if (!s) {
		snprintf(err, errlen, "%s", strerror(errno));
		return NULL;
	}
	/* A new file: never add to (or clobber) an existing database. */
	if (!mem) {
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			free(s);
			return NULL;
		}
		close(fd);
	}
	if (sqlite3_open(path, &s->db) != SQLITE_OK ||
	    sqlite3_exec(s->db, sql_schema, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->db, SQL_INSERT, -1, &s->ins,
			       NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path,
			 s->db ? sqlite3_errmsg(s->db) : "out of memory");
		sqlite3_finalize(s->ins);
		sqlite3_close(s->db);
		if (!mem)
			unlink(path);
		free(s);
		return NULL;
	}
	return s;
}

int xt_sql_write(struct xt_sql *sq, uint64_t f3_seq, struct json_object *o,
		 int64_t time_ns, const char *msg, const char *json,
		 char *err, size_t errlen)
{
	sqlite3_stmt *s = sq->ins;
	struct json_object *v;
	unsigned int i;

	sqlite3_reset(s);
	sqlite3_bind_int64(s, SQL_F3_SEQ, f3_seq);
	for (i = 0; i < SQL_NCOLS; i++) {
		if (!json_object_object_get_ex(o, sql_cols[i], &v) || !v)
			sqlite3_bind_null(s, SQL_COLS + i);
		else if (json_object_is_type(v, json_type_string))
			/* comm, vm_name: for display (json is exact) */
			sqlite3_bind_text(s, SQL_COLS + i, xt_text_escape(
					  json_object_get_string(v),
					  json_object_get_string_len(v), 0), -1,
					  free);
		else
			sqlite3_bind_int64(s, SQL_COLS + i,
					   json_object_get_int64(v));
	}
	if (time_ns < 0)
		sqlite3_bind_null(s, SQL_TIME_NS);
	else
		sqlite3_bind_int64(s, SQL_TIME_NS, time_ns);
	if (xt_jget_str(o, "time"))
		sqlite3_bind_text(s, SQL_TIME, xt_jget_str(o, "time"), -1,
				  SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, SQL_TIME);
	sqlite3_bind_text(s, SQL_MESSAGE, msg, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, SQL_JSON, json, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(s) == SQLITE_DONE)
		return 0;
	snprintf(err, errlen, "sqlite: %s", sqlite3_errmsg(sq->db));
	return -1;
}

int xt_sql_finish(struct xt_sql *s, uint64_t records, char *err,
		  size_t errlen)
{
	char sql[160];

	snprintf(sql, sizeof(sql),
		 "INSERT INTO meta VALUES ('exported_at', datetime('now'));"
		 "INSERT INTO meta VALUES ('records', '%" PRIu64 "');"
		 "COMMIT;", records);
	sqlite3_finalize(s->ins);
	s->ins = NULL;
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "sqlite: %s", sqlite3_errmsg(s->db));
		return -1;
	}
	return 0;
}

sqlite3 *xt_sql_db(struct xt_sql *s)
{
	return s->db;
}

int xt_sql_close(struct xt_sql *s, char *err, size_t errlen)
{
	int ret = 0;

	if (!s)
		return 0;
	sqlite3_finalize(s->ins);
	if (sqlite3_close(s->db) != SQLITE_OK) {
		snprintf(err, errlen, "sqlite: closing failed");
		ret = -1;
	}
	free(s);
	return ret;
}
