/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An F3 log named on the command line, read from start to end by verify,
 * anchor, export and replay: its files (or every F3 file of a directory,
 * "-" for standard input) put in order, one f3_reader across them, and
 * the first bad item reported on stderr as "CMD: FILE: offset N: reason".
 */
#ifndef XTRAIL_CLI_LOG_READER_H
#define XTRAIL_CLI_LOG_READER_H

#include "f3.h"

/**
 * struct log_reader - an F3 log being read
 * @cmd:           prefix of the messages ("xtrail export")
 * @auditor_sk:    decrypt the records with this secret key, or NULL
 * @seal_key:      check the seals' MACs with this initial key, or NULL
 * @anchor:        check the log against this anchor, or NULL
 * @pin:           the seal of epoch *@pin must be in the log, or NULL
 * @trail:         check the log against a collector's trail, or NULL
 * @require_start: the log must start with segment 0
 * @no_decrypt:    hand out encrypted records undecrypted (no key)
 * @on_mark:       called for each failure marker, with the file's name
 * @r:             the reader (its counters are the log's)
 * @files:         the log's files in order, @n of them
 * @i:             the file being read
 *
 * The caller sets the fields up to @on_mark before log_reader_open().
 */
struct log_reader {
	const char *cmd;
	const uint8_t *auditor_sk;
	const uint8_t *seal_key;
	const struct f3_anchor *anchor;
	const uint64_t *pin;
	const struct f3_trail *trail;
	int require_start;
	int no_decrypt;
	void (*on_mark)(void *file, const struct f3_mark *m, uint64_t off);

	struct f3_reader *r;
	char **files;
	size_t n;
	size_t i;
};

/*
 * Put the files of @args in order and open the first. 0, or 1 after
 * printing the error. log_reader_close() is needed in both cases.
 */
int log_reader_open(struct log_reader *lr, char **args, int nargs);

/*
 * Read to the end of the log, handing each record to @fn (if not NULL),
 * which returns 0 to go on or 1 to stop after printing its error. 0 at the
 * end, or 1 after an error.
 */
int log_reader_read(struct log_reader *lr,
		    int (*fn)(void *ctx, const void *rec, uint32_t len),
		    void *ctx);

/* At the end: check the anchor (xt_f3_reader_finish()). 0, or 1 after printing. */
int log_reader_finish(struct log_reader *lr);

void log_reader_close(struct log_reader *lr);

#endif /* XTRAIL_CLI_LOG_READER_H */
