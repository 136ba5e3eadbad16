// SPDX-License-Identifier: GPL-2.0
/*
 * common/xsnum.c: numbers read from xenstore, strictly. The cases are the
 * ones "%u" (xenbus_read_unsigned(), the parsing both modules used before)
 * gets wrong: wrapping at 2^32 and 2^64, trailing garbage, signs, blanks,
 * prefixes. xtrail_xs_read_num() is xenbus I/O around the parser: the lab
 * scenario hostile-xenstore runs it.
 */
#include <kunit/test.h>
#include <linux/limits.h>

#include "../../common/xsnum.c"

#define EXPECT_NUM(test, s, max, want)					\
	do {								\
		u64 v_ = 0xdead;					\
		KUNIT_EXPECT_EQ(test, xtrail_xs_parse_num(s, max, &v_), 0); \
		KUNIT_EXPECT_EQ(test, v_, (u64)(want));			\
	} while (0)

#define EXPECT_BAD(test, s, max, err)					\
	do {								\
		u64 v_ = 0xdead;					\
		KUNIT_EXPECT_EQ(test, xtrail_xs_parse_num(s, max, &v_), err); \
		KUNIT_EXPECT_EQ(test, v_, 0xdeadull);			\
	} while (0)

static void xsnum_good(struct kunit *test)
{
	EXPECT_NUM(test, "0", 0, 0);
	EXPECT_NUM(test, "3", 4, 3);
	EXPECT_NUM(test, "4", 4, 4);
	EXPECT_NUM(test, "64", 64, 64);
	EXPECT_NUM(test, "4294967295", U32_MAX, U32_MAX);
	EXPECT_NUM(test, "18446744073709551615", U64_MAX, U64_MAX);
	EXPECT_NUM(test, "18446744073709551614", U64_MAX, U64_MAX - 1);
}

static void xsnum_range(struct kunit *test)
{
	EXPECT_BAD(test, "5", 4, -ERANGE);
	EXPECT_BAD(test, "65", 64, -ERANGE);
	EXPECT_BAD(test, "1", 0, -ERANGE);
	/* what "%u" read as 3, 0 and 1 */
	EXPECT_BAD(test, "4294967299", 4, -ERANGE);
	EXPECT_BAD(test, "4294967296", U32_MAX, -ERANGE);
	EXPECT_BAD(test, "4294967297", U32_MAX, -ERANGE);
	/* 2^64 and beyond: no wrap either */
	EXPECT_BAD(test, "18446744073709551616", U64_MAX, -ERANGE);
	EXPECT_BAD(test, "18446744073709551619", 4, -ERANGE);
	EXPECT_BAD(test, "36893488147419103235", U64_MAX, -ERANGE);
	EXPECT_BAD(test, "99999999999999999999999999999999999999", U64_MAX,
		   -ERANGE);
}

static void xsnum_syntax(struct kunit *test)
{
	static const char *const bad[] = {
		"", " 3", "3 ", "3\n", "+3", "-1", "0x10", "010", "00",
		"3abc", "3.0", "1e3", "\xef\xbc\x94", "4294967299x", "abc",
		"18446744073709551616 ",
	};
	char *big;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		EXPECT_BAD(test, bad[i], U64_MAX, -EINVAL);

	/* a 4 KiB value: digits, then a letter at the end */
	big = kunit_kzalloc(test, 4097, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, big);
	memset(big, '7', 4096);
	EXPECT_BAD(test, big, U64_MAX, -ERANGE);
	big[4095] = 'x';
	EXPECT_BAD(test, big, U64_MAX, -EINVAL);
}

static struct kunit_case xsnum_cases[] = {
	KUNIT_CASE(xsnum_good),
	KUNIT_CASE(xsnum_range),
	KUNIT_CASE(xsnum_syntax),
	{}
};

static struct kunit_suite xsnum_suite = {
	.name = "xtrail_xsnum",
	.test_cases = xsnum_cases,
};
kunit_test_suite(xsnum_suite);
