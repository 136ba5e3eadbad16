/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xtrail status's replication part: each collector of the log @log (its
 * state files "<log>.relp.<host>_<port>", written by xtraild) with its
 * lag: the log's frames after what the collector acknowledged, and how
 * long since the collector last held everything.
 */
#ifndef XTRAIL_CLI_REPL_STATUS_H
#define XTRAIL_CLI_REPL_STATUS_H

/*
 * Print one line per collector (@json: one JSON array), nothing when the
 * log replicates nowhere. 0, or -1 after a message.
 */
int repl_status(const char *cmd, const char *log, int json);

#endif /* XTRAIL_CLI_REPL_STATUS_H */
