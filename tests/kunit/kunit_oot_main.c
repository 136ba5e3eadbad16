// SPDX-License-Identifier: GPL-2.0
/*
 * The first object of xtrail_kunit.ko: marks the start of its suites in
 * .kunit_test_suites, and its init runs them (see kunit_oot.h). The stock
 * kernel does not run .kunit_test_suites, so this init calls KUnit itself.
 */

/* The KTAP header below must start its lines: no prefix. */
#undef pr_fmt
#define pr_fmt(fmt) fmt

#include <linux/init.h>
#include <linux/module.h>

#include "kunit_oot.h"

static KUNIT_OOT_SUITES_MARKER(kunit_oot_suites_start);

static int __init xtrail_kunit_init(void)
{
	int n = kunit_oot_suites_end - kunit_oot_suites_start;

	/*
	 * The KTAP header that KUnit's built-in executor prints (6.1 prints
	 * none for modules): one test per suite follows.
	 */
	pr_info("KTAP version 1\n");
	pr_info("1..%d\n", n);

	return __kunit_test_suites_init(kunit_oot_suites_start, n);
}
module_init(xtrail_kunit_init);

static void __exit xtrail_kunit_exit(void)
{
	__kunit_test_suites_exit(kunit_oot_suites_start,
				 kunit_oot_suites_end - kunit_oot_suites_start);
}
module_exit(xtrail_kunit_exit);

MODULE_DESCRIPTION("xtrail KUnit suites");
MODULE_LICENSE("GPL");
