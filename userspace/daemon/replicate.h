/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xtraild's replication: every item of the F3 log (segment headers and
 * frames, byte for byte as on disk: encrypted to the auditor, chained,
 * sealed; f3_tail.h) sent to each collector of replicate_to over RELP,
 * and after each seal frame the seal's anchor as its own message
 * (f3_replica.h). One thread per collector follows the log's files from
 * the collector's position, never past what the writer made durable
 * (replicate_publish()), so that nothing a crash takes back was ever
 * sent. The position, "every item before it was acknowledged", is kept
 * durably in "<output>.relp.<host>_<port>" (with what xtrail status
 * shows); after a restart or an outage the thread resends from there:
 * nothing is lost, and what arrives twice is dropped by "xtrail unpack".
 * Retention asks replicate_retention() before deleting a rotated file:
 * replication_backlog_action keep (keep it, alarm) or delete (delete it,
 * and a marker in F3, F3_MARK_UNREPLICATED).
 */
#ifndef XTRAILD_REPLICATE_H
#define XTRAILD_REPLICATE_H

#include <stdint.h>

#include "xtraild.h"

/*
 * The collectors of the settings and their positions (no thread yet;
 * before logfile_init(), whose retention asks). 0, or -1 after a message.
 */
int replicate_init(struct xtraild *d);

/* With the log open: one thread per collector. 0, or -1 after a message. */
int replicate_start(struct xtraild *d);

/* The writer made more durable (after a commit, a seal, the close). */
void replicate_publish(struct xtraild *d);

/*
 * Retention would delete @name (segments @first .. @next - 1): 1 to
 * delete it, 0 to keep it (a collector lacks it, replication_backlog_action
 * keep: alarm said), 2 to delete it although a collector lacks it (delete):
 * once it is gone, replicate_deleted() writes the marker into F3.
 */
int replicate_retention(struct xtraild *d, const char *name, uint64_t first,
			uint64_t next);
void replicate_deleted(struct xtraild *d, const char *name, uint64_t first,
		       uint64_t next);

/*
 * Stop: each thread sends what is durable (the last segment's final
 * state), waits for the acknowledgements, saves its position and ends;
 * a collector that does not answer within replicate_timeout is left.
 */
void replicate_uninit(struct xtraild *d);

#endif /* XTRAILD_REPLICATE_H */
