/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Running KUnit suites on a kernel without CONFIG_KUNIT (Debian's stock
 * kernel), with the out-of-tree kunit.ko of tests/kunit/build-kunit.sh.
 *
 * Test files register their suites as usual, with kunit_test_suite() or
 * kunit_test_suites(): that puts pointers to them in the .kunit_test_suites
 * section, which the stock module loader ignores. So the test module's
 * first object (kunit_oot_main.c) and last object (kunit_oot_end.c) each
 * put a marker there; the linker keeps the objects' sections in link order
 * (the order of xtrail_kunit-y in Kbuild), so the markers bracket every
 * suite, and the module's init runs them with __kunit_test_suites_init().
 */
#ifndef XTRAIL_KUNIT_OOT_H
#define XTRAIL_KUNIT_OOT_H

#include <kunit/test.h>

#ifndef KUNIT_OOT
#error "build this with tests/kunit/Kbuild (tests/kunit/build-kunit.sh)"
#endif

/*
 * The same as kunit_test_suites(), for test files that include this header:
 * register the file's suites, which run in the order given.
 */
#define xtrail_kunit_test_suites(...) kunit_test_suites(__VA_ARGS__)

/* A zero-sized marker in .kunit_test_suites, aligned like its entries. */
#define KUNIT_OOT_SUITES_MARKER(name)					\
	struct kunit_suite *name[0] __used				\
	__aligned(sizeof(struct kunit_suite *))				\
	__section(".kunit_test_suites")

/* Defined by kunit_oot_end.c, the test module's last object. */
extern struct kunit_suite *kunit_oot_suites_end[0];

#endif /* XTRAIL_KUNIT_OOT_H */
