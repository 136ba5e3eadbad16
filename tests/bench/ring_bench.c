// SPDX-License-Identifier: GPL-2.0
/*
 * Native micro-benchmark of the probe's hot path, built from the shared
 * code the kernel modules use: encode an exec record in place (filename and
 * argv copied in, xtrail_exec_finish()), take an uncontended lock, write it
 * into a 64 KiB ring with xtrail_ring_write() and publish the index, and
 * have a consumer side copy and validate it with xtrail_rec_check().
 * Prints ns/record for each half.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xtrail_encode.h"

#define RING_ORDER 4
#define ITERS 5000000u

static unsigned char scratch[XTRAIL_REC_MAX] __attribute__((aligned(8)));
static unsigned char copy[XTRAIL_REC_MAX] __attribute__((aligned(8)));
static unsigned char ring[XTRAIL_PAGE_SIZE << RING_ORDER];
static volatile int lock;

static const char filename[] = "/usr/bin/mail";
static const char argv[] = "mail\0-s\0spamSubject\0winai.wongthai@ncl.ac.uk";

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static unsigned int encode(void)
{
	struct xtrail_rec_hdr *h = (void *)scratch;

	h->pid = xt_cpu32(1234);
	h->uid = xt_cpu32(1000);
	memcpy(scratch + XTRAIL_EXEC_FN_OFF, filename, sizeof(filename) - 1);
	memcpy(xtrail_exec_argv(scratch, sizeof(filename) - 1), argv,
	       sizeof(argv));
	return xtrail_exec_finish(scratch, sizeof(filename) - 1, 0,
				  sizeof(argv), 0, 0, 4);
}

int main(void)
{
	unsigned int size = sizeof(ring), len = 0, i, n, bad = 0;
	__u32 prod = 0, cons = 0;
	double t0, t1, t2;

	t0 = now_ns();
	for (i = 0; i < ITERS; i++) {
		len = encode();
		while (__atomic_test_and_set(&lock, __ATOMIC_ACQUIRE))
			;
		if (xtrail_ring_space(prod, cons, size) < len)
			cons = prod;	/* the consumer keeps up */
		((struct xtrail_rec_hdr *)scratch)->seq = xt_cpu64(i);
		xtrail_ring_write(ring, size, prod, scratch, len);
		__atomic_store_n(&prod, prod + len, __ATOMIC_RELEASE);
		__atomic_clear(&lock, __ATOMIC_RELEASE);
	}
	/* Refill the ring with whole records, then consume them over and over. */
	n = size / len;
	for (i = 0; i < n; i++)
		xtrail_ring_write(ring, size, i * len, scratch, len);
	t1 = now_ns();
	for (i = 0; i < ITERS; i++) {
		xtrail_ring_read(copy, ring, size, (i % n) * len, len);
		bad += xtrail_rec_check(copy, len, 1) != XTRAIL_OK;
	}
	t2 = now_ns();

	printf("record: %u bytes (spam exec, 4 args)\n", len);
	printf("producer (encode + lock + ring write): %.1f ns/record, %.2f M records/s\n",
	       (t1 - t0) / ITERS, ITERS / (t1 - t0) * 1e3);
	printf("consumer (copy out + validate):        %.1f ns/record, %.2f M records/s\n",
	       (t2 - t1) / ITERS, ITERS / (t2 - t1) * 1e3);
	if (bad) {
		fprintf(stderr, "ring_bench: %u records failed validation\n",
			bad);
		return 1;
	}
	return 0;
}
