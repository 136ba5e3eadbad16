// SPDX-License-Identifier: GPL-2.0
/*
 * Ring arithmetic of xtrail_ring.h: free-running indices that wrap at
 * 2^32, the window check, and copies that wrap around the data area.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "test_util.h"

static void test_ring_size(void **state)
{
	assert_int_equal(xtrail_ring_size(0), 4096);
	assert_int_equal(xtrail_ring_size(XTRAIL_RING_ORDER_MIN), 32768);
	assert_int_equal(xtrail_ring_size(XTRAIL_RING_ORDER_MAX), 65536);
}

static void test_used_space_wrap(void **state)
{
	const uint32_t size = 65536;

	assert_int_equal(xtrail_ring_used(0, 0), 0);
	assert_int_equal(xtrail_ring_used(4096, 1024), 3072);
	/* prod has wrapped past 2^32, cons has not yet */
	assert_int_equal(xtrail_ring_used(8, 0xfffffff0u), 24);
	assert_int_equal(xtrail_ring_used(0, 0xffffffffu), 1);
	assert_int_equal(xtrail_ring_used(0x10, 0x10), 0);
	assert_int_equal(xtrail_ring_space(8, 0xfffffff0u, size), size - 24);
	assert_int_equal(xtrail_ring_space(0, 0, size), size);
	assert_int_equal(xtrail_ring_space(size, 0, size), 0);
	/* full ring, straddling the wrap */
	assert_int_equal(xtrail_ring_space(0x8000, 0xffff8000u, size), 0);
	assert_int_equal(xtrail_ring_used(0x8000, 0xffff8000u), size);
}

static void test_ring_check(void **state)
{
	const uint32_t size = 32768;

	assert_int_equal(xtrail_ring_check(0, 0, size), XTRAIL_OK);
	assert_int_equal(xtrail_ring_check(size, 0, size), XTRAIL_OK);
	assert_int_equal(xtrail_ring_check(8, 0xfffffff8u, size), XTRAIL_OK);
	assert_int_equal(xtrail_ring_check(0x4000, 0xffffc000u, size),
			 XTRAIL_OK);
	/* one record beyond the ring */
	assert_int_equal(xtrail_ring_check(size + 8, 0, size),
			 XTRAIL_BAD_INDEX);
	assert_int_equal(xtrail_ring_check(0x4008, 0xffffc000u, size),
			 XTRAIL_BAD_INDEX);
	/* prod behind cons */
	assert_int_equal(xtrail_ring_check(0, 8, size), XTRAIL_BAD_INDEX);
	/* unaligned prod */
	assert_int_equal(xtrail_ring_check(4, 0, size), XTRAIL_BAD_INDEX);
	assert_int_equal(xtrail_ring_check(0xfffffff9u, 0xfffffff0u, size),
			 XTRAIL_BAD_INDEX);
}

static void test_rec_align(void **state)
{
	static const uint32_t in[] = {
		0, 1, 7, 8, 9, 15, 16, 87, 88, 89, 162,
		XTRAIL_REC_MAX - 1, XTRAIL_REC_MAX,
	};
	static const uint32_t out[] = {
		0, 8, 8, 8, 16, 16, 16, 88, 88, 96, 168,
		XTRAIL_REC_MAX, XTRAIL_REC_MAX,
	};
	size_t i;

	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++)
		assert_int_equal(xtrail_rec_align(in[i]), out[i]);
}

static const uint32_t idxs[] = {
	0, 1, 7, 8, 31, 32, 56, 63, 64, 65, 1000,
	0x7fffffffu, 0xffffffc0u, 0xffffffc1u, 0xfffffff8u, 0xffffffffu,
};

/* Lengths to try: all of them for a small ring, else both ends and a few. */
static uint32_t next_len(uint32_t len, uint32_t size)
{
	if (size <= 256 || len < 32 || len >= size - 32)
		return len + 1;
	return len + 97 < size - 32 ? len + 97 : size - 32;
}

/* write then read, lengths 0..size, against a byte model */
static void ring_roundtrip(uint32_t size)
{
	uint8_t *data = malloc(size), *src = malloc(size), *dst;
	uint32_t len, k, pos;
	size_t i;

	assert_non_null(data);
	assert_non_null(src);
	dst = malloc(size + 1);
	assert_non_null(dst);
	for (i = 0; i < sizeof(idxs) / sizeof(idxs[0]); i++) {
		for (len = 0; len <= size; len = next_len(len, size)) {
			memset(data, 0xee, size);
			for (k = 0; k < len; k++)
				src[k] = (uint8_t)(k * 7 + i + 1) | 1;
			xtrail_ring_write(data, size, idxs[i], src, len);
			for (pos = 0; pos < size; pos++) {
				/* stream offset of data[pos] from idx */
				k = (pos - idxs[i]) & (size - 1);
				if (k < len)
					assert_int_equal(data[pos], src[k]);
				else
					assert_int_equal(data[pos], 0xee);
			}
			memset(dst, 0x11, size + 1);
			xtrail_ring_read(dst, data, size, idxs[i], len);
			assert_memory_equal(dst, src, len);
			assert_int_equal(dst[len], 0x11);
		}
	}
	free(data);
	free(src);
	free(dst);
}

static void test_ring_copy_small(void **state)
{
	ring_roundtrip(64);
}

static void test_ring_copy_page(void **state)
{
	ring_roundtrip(XTRAIL_PAGE_SIZE);
}

/* A whole record written across the end of a real-sized data area. */
static void test_ring_record_wraps(void **state)
{
	const uint32_t size = xtrail_ring_size(XTRAIL_RING_ORDER_MIN);
	static struct rec_buf r, out;
	uint8_t *data = calloc(1, size);
	uint32_t len = build_spam(&r), prod, cons;

	assert_non_null(data);
	/* cons 40 bytes before the end of the area and 2^32 */
	cons = 0xffffffffu - 39;
	cons &= ~7u;
	prod = cons;
	xtrail_ring_write(data, size, prod, r.b, len);
	prod += len;
	assert_true(prod < cons);	/* the index wrapped at 2^32 */
	assert_int_equal(xtrail_ring_check(prod, cons, size), XTRAIL_OK);
	assert_int_equal(xtrail_ring_used(prod, cons), len);
	/* header first, as the backend does */
	xtrail_ring_read(out.b, data, size, cons,
			 sizeof(struct xtrail_rec_hdr));
	assert_int_equal(xtrail_hdr_check(hdr_of(&out),
					  xtrail_ring_used(prod, cons)),
			 XTRAIL_OK);
	xtrail_ring_read(out.b, data, size, cons, len);
	assert_memory_equal(out.b, r.b, len);
	assert_int_equal(xtrail_rec_check(out.b, len, 1), XTRAIL_OK);
	/* the tail of the record landed at the start of the area */
	assert_memory_equal(data, r.b + (size - (cons & (size - 1))),
			    len - (size - (cons & (size - 1))));
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ring_size),
		cmocka_unit_test(test_used_space_wrap),
		cmocka_unit_test(test_ring_check),
		cmocka_unit_test(test_rec_align),
		cmocka_unit_test(test_ring_copy_small),
		cmocka_unit_test(test_ring_copy_page),
		cmocka_unit_test(test_ring_record_wraps),
	};

	return cmocka_run_group_tests_name("ring", tests, NULL, NULL);
}
