// SPDX-License-Identifier: GPL-2.0
/*
 * xtraild's skip-on-restart logic (userspace/lib/stream_pos.c): which records
 * of the kernel's numbered stream are already in F3, the state file, and a
 * simulation of many crashes at random points in which every record of the
 * stream ends up stored exactly once, in order.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "stream_pos.h"
#include "xtrail_proto.h"

static char path[64];

static int setup(void **state)
{
	snprintf(path, sizeof(path), "stream.tmp.%d", (int)getpid());
	unlink(path);
	return 0;
}

static int teardown(void **state)
{
	unlink(path);
	return 0;
}

static void classify(void **state)
{
	struct stream_pos none = { 0 };
	struct stream_pos p = { .stream_id = 5, .f3_seq = 10,
				.stream_seq = 100 };

	/* No mapping yet: store, after saving one. */
	assert_int_equal(xt_pos_classify(&none, 0, 5, 0), STREAM_REMAP);
	/* F3 holds records 10, 11, 12 = stream 100, 101, 102. */
	assert_int_equal(xt_pos_classify(&p, 13, 5, 99), STREAM_SKIP);
	assert_int_equal(xt_pos_classify(&p, 13, 5, 101), STREAM_SKIP);
	assert_int_equal(xt_pos_classify(&p, 13, 5, 102), STREAM_SKIP);
	assert_int_equal(xt_pos_classify(&p, 13, 5, 103), STREAM_STORE);
	/* A gap (an invalid record skipped): a new mapping. */
	assert_int_equal(xt_pos_classify(&p, 13, 5, 104), STREAM_REMAP);
	/* Another stream (module reloaded): nothing of it is in F3. */
	assert_int_equal(xt_pos_classify(&p, 13, 6, 0), STREAM_REMAP);
	assert_int_equal(xt_pos_classify(&p, 13, 6, 101), STREAM_REMAP);
	/* Mapping saved, crash before the record it maps was stored. */
	assert_int_equal(xt_pos_classify(&p, 10, 5, 100), STREAM_STORE);
	/* F3 shorter than the mapping says (another file): no skipping. */
	assert_int_equal(xt_pos_classify(&p, 9, 5, 50), STREAM_REMAP);
}

/* After a REMAP: which jumps get a STREAM_JUMP record, and their numbers. */
static void jump(void **state)
{
	struct stream_pos none = { 0 };
	struct stream_pos p = { .stream_id = 5, .f3_seq = 10,
				.stream_seq = 100 };
	uint64_t old, missing;

	/* A new log: from the stream's start, nothing to say. */
	assert_int_equal(xt_pos_jump(&none, 0, 5, 0, &old, &missing), 0);
	/* ... but 7 records acknowledged by someone before xtraild came. */
	assert_int_equal(xt_pos_jump(&none, 0, 5, 7, &old, &missing),
			 XTRAIL_JUMP_START);
	assert_int_equal(old, 0);
	assert_int_equal(missing, 7);
	/* F3 holds stream 100..102; 103 expected, 110 came: 7 missing. */
	assert_int_equal(xt_pos_jump(&p, 13, 5, 110, &old, &missing),
			 XTRAIL_JUMP_SKIP);
	assert_int_equal(old, 103);
	assert_int_equal(missing, 7);
	/* Another stream: the module was loaded again. */
	assert_int_equal(xt_pos_jump(&p, 13, 6, 0, &old, &missing),
			 XTRAIL_JUMP_NEW);
	assert_int_equal(old, 103);
	assert_int_equal(missing, 0);
	assert_int_equal(xt_pos_jump(&p, 13, 6, 4, &old, &missing),
			 XTRAIL_JUMP_NEW);
	assert_int_equal(missing, 4);
	/* F3 lost its unsynced tail: the records come again, no jump. */
	assert_int_equal(xt_pos_jump(&p, 9, 5, 50, &old, &missing), 0);
	assert_int_equal(missing, 0);
}

static void save_load(void **state)
{
	struct stream_pos p = { .stream_id = 0xfedcba9876543210ull,
				.f3_seq = 12345678901ull, .stream_seq = 42 };
	struct stream_pos q;
	char err[256];
	FILE *f;

	assert_int_equal(xt_pos_load(path, &q, err, sizeof(err)), 0);
	assert_int_equal(q.stream_id, 0);
	assert_int_equal(xt_pos_save(path, &p), 0);
	assert_int_equal(xt_pos_load(path, &q, err, sizeof(err)), 1);
	assert_memory_equal(&p, &q, sizeof(p));

	f = fopen(path, "w");
	assert_non_null(f);
	fputs("xtrail-stream-v1 0 1 2\n", f);	/* stream id 0 is invalid */
	fclose(f);
	assert_int_equal(xt_pos_load(path, &q, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "not a stream position file"));
	f = fopen(path, "w");
	fputs("garbage\n", f);
	fclose(f);
	assert_int_equal(xt_pos_load(path, &q, err, sizeof(err)), -1);
}

#define SIM_RECORDS	20000
#define SIM_CRASHES	300

/*
 * The kernel's stream (records 0..SIM_RECORDS-1, kept from the first
 * unacknowledged one) and a daemon that reads batches, stores them in "F3"
 * as xtraild does, makes them durable at some points and acknowledges,
 * and crashes at random moments: F3 then keeps only what was made durable
 * (the torn tail is cut) and the state file what was saved.
 */
static void crash_restart(void **state)
{
	static uint64_t f3[2 * SIM_RECORDS];
	uint64_t durable_f3 = 0, f3_next = 0, acked = 0, id = 77;
	unsigned int crashes = 0, i;
	struct stream_pos pos;
	char err[256];

	srandom(1);
	while (acked < SIM_RECORDS) {
		uint64_t next = acked;	/* open: from the first unacked */

		assert_true(xt_pos_load(path, &pos, err, sizeof(err)) >= 0);
		f3_next = durable_f3;	/* torn tail cut */
		for (;;) {
			uint64_t n = 1 + random() % 64, s;
			int crash = random() % 3 == 0 &&
				    crashes < SIM_CRASHES;

			for (s = next; s < next + n && s < SIM_RECORDS; s++) {
				switch (xt_pos_classify(&pos, f3_next, id,
							s)) {
				case STREAM_SKIP:
					continue;
				case STREAM_REMAP:
					pos.stream_id = id;
					pos.f3_seq = f3_next;
					pos.stream_seq = s;
					assert_int_equal(xt_pos_save(path,
								     &pos), 0);
					break;
				case STREAM_STORE:
					break;
				}
				f3[f3_next++] = s;
				/* A crash may tear the batch anywhere. */
				if (crash && random() % 4 == 0)
					break;
			}
			if (crash) {
				/* Part of what was written may be on disk. */
				durable_f3 += (f3_next - durable_f3) *
					      (random() % 2);
				crashes++;
				break;
			}
			next = s;
			durable_f3 = f3_next;	/* synced */
			acked = next;		/* then acknowledged */
			if (acked >= SIM_RECORDS)
				break;
		}
	}
	assert_true(crashes >= 200);
	assert_int_equal(durable_f3, SIM_RECORDS);
	for (i = 0; i < SIM_RECORDS; i++)
		assert_int_equal(f3[i], i);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(classify),
		cmocka_unit_test(jump),
		cmocka_unit_test_setup_teardown(save_load, setup, teardown),
		cmocka_unit_test_setup_teardown(crash_restart, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
