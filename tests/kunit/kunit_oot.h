/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit suites for a kernel without CONFIG_KUNIT (Debian's stock kernel).
 *
 * kunit.ko is built out of tree (tests/kunit/build-kunit.sh), and the stock
 * module loader ignores the .kunit_test_suites section that
 * kunit_test_suite() fills, so test files register their suites with
 * xtrail_kunit_test_suites() instead:
 *
 *	static struct kunit_suite foo_suite = { ... };
 *	xtrail_kunit_test_suites(&foo_suite);
 *
 * and kunit_oot_main.c, the init of xtrail_kunit.ko, runs them all through
 * __kunit_test_suites_init(). Each test file is listed in tests/kunit/Kbuild,
 * which defines XTRAIL_KUNIT_UNIT (the file's name) for it and
 * XTRAIL_KUNIT_UNITS (all of them) for every file.
 */
#ifndef XTRAIL_KUNIT_OOT_H
#define XTRAIL_KUNIT_OOT_H

#include <kunit/test.h>
#include <kunit/test-bug.h>
#include <linux/kernel.h>
#include <linux/stringify.h>

#ifndef KUNIT_OOT
#error "build this with tests/kunit/Kbuild (tests/kunit/build-kunit.sh)"
#endif

/* The suites of one test file. */
struct xtrail_kunit_unit {
	const char *name;
	struct kunit_suite **suites;
	unsigned int num_suites;
};

#define __xtrail_kunit_unit(unit) __PASTE(xtrail_kunit_unit_, unit)

#define XTRAIL_KUNIT_UNIT_ITEM(unit) \
	extern struct xtrail_kunit_unit __xtrail_kunit_unit(unit);
XTRAIL_KUNIT_UNITS
#undef XTRAIL_KUNIT_UNIT_ITEM

/**
 * xtrail_kunit_test_suites() - register this file's suites with
 *				xtrail_kunit.ko, in the order given
 * @...: pointers to the file's &struct kunit_suite
 *
 * Use once per test file, in place of kunit_test_suites().
 */
#define xtrail_kunit_test_suites(...)					\
	static struct kunit_suite *__xtrail_kunit_suites[] = {		\
		__VA_ARGS__						\
	};								\
	struct xtrail_kunit_unit __xtrail_kunit_unit(XTRAIL_KUNIT_UNIT) = { \
		.name = __stringify(XTRAIL_KUNIT_UNIT),			\
		.suites = __xtrail_kunit_suites,			\
		.num_suites = ARRAY_SIZE(__xtrail_kunit_suites),	\
	}

/*
 * kunit_test_suite(), kunit_test_suites() and
 * kunit_test_init_section_suites() would compile, and their suites would
 * silently never run: make them fail the build.
 */
#undef __kunit_test_suites
#define __kunit_test_suites(unique_array, ...)				\
	static_assert(0, "use xtrail_kunit_test_suites(), see kunit_oot.h")

#endif /* XTRAIL_KUNIT_OOT_H */
