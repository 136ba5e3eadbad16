/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The files of an F3 log: rotation ("<path>.<N>" files), listing a log's
 * files in reading order, and scanning a log file without keys (what the
 * writer resumes from, what "xtrail" and xtraild peek at).
 */
#ifndef XTRAIL_F3_FILES_H
#define XTRAIL_F3_FILES_H

#include <stddef.h>
#include <stdint.h>

#include "f3_format.h"
#include "f3_reader.h"

/**
 * struct f3_scan_result - a log file read through without keys
 * @have_log:  it holds a segment header (the fields below are valid)
 * @in_seg:    it ends inside a segment (@segment_no, at @seg_off)
 * @seg_state: that segment's state (enum f3_seg_state)
 * @first_segment: the number of the file's first segment
 * @end:       where reading stopped: the end, or the failed item
 * @last_seal_seq, @last_seal_records: the latest seal's seq and policy
 * @st:        F3_END, or why reading stopped (@why: "offset N: reason")
 * The others are the reader's at that point.
 */
struct f3_scan_result {
	int have_log;
	int in_seg;
	uint8_t seq_id[F3_ID_LEN];
	uint8_t chain[F3_HASH];
	uint64_t next_seq;
	uint64_t segment_no;
	uint64_t seg_off;
	unsigned int seg_state;
	int seal_seen;
	uint64_t next_epoch;
	uint64_t last_seal_seq;
	uint64_t last_seal_records;
	uint64_t frames;
	uint64_t segments;
	uint64_t first_segment;
	uint64_t end;
	enum f3_status st;
	char why[256];
};

/* Scan the log open on @fd without keys. 0, or -1 on a read error. */
int xt_f3_scan(int fd, struct f3_scan_result *s, char *err, size_t errlen);

/*
 * The state of the log of @path when @path is empty or missing: that of
 * its newest rotated file, which must end cleanly. 1 found (in @s), 0 no
 * rotated file, -1 error (@err).
 */
int xt_f3_scan_rotated(const char *path, struct f3_scan_result *s, char *err,
		       size_t errlen);

/*
 * Rotation: rename the file @path "<path>.<@first_segment, 10 digits>"
 * (refused if that exists) and create a new, empty, flock()ed @path.
 * Returns the new file's descriptor, or -1 with errno.
 */
int xt_f3_rotate_file(const char *path, uint64_t first_segment);

/*
 * The rotated files of the log @path ("<path>.<10 digits>"), oldest
 * first: a malloc()ed array of malloc()ed names, NULL-terminated, in *out
 * (*n of them). 0 or -1 with errno.
 */
int xt_f3_rotated_files(const char *path, char ***out, size_t *n);
void xt_f3_free_names(char **names);

/*
 * The files of a log in reading order, from @n arguments that are files
 * or directories (every regular file in a directory whose first bytes are
 * an F3 segment header): sorted by the number of their first segment.
 * Returns a NULL-terminated malloc()ed array (free with xt_f3_free_names()),
 * or NULL with a message in @err.
 */
char **xt_f3_log_files(char *const args[], int n, size_t *count, char *err,
		       size_t errlen);

/*
 * Peek at the log @path without keys: its seq_id (if any) and the epoch
 * of the next seal. 1 found, 0 no file or empty, -1 error (@err).
 */
int xt_f3_log_info(const char *path, uint8_t seq_id[F3_ID_LEN],
		   uint64_t *next_epoch, char *err, size_t errlen);

#endif /* XTRAIL_F3_FILES_H */
