// SPDX-License-Identifier: GPL-2.0
/*
 * xtrail_kunit.ko: runs, on load, the suites of every test file listed in
 * tests/kunit/Kbuild, in that order (see kunit_oot.h). The stock kernel
 * does not run .kunit_test_suites, so this init calls KUnit itself.
 */
#include <linux/init.h>
#include <linux/module.h>

#include "kunit_oot.h"

#define XTRAIL_KUNIT_UNIT_ITEM(unit) &__xtrail_kunit_unit(unit),
static struct xtrail_kunit_unit *const xtrail_kunit_units[] = {
	XTRAIL_KUNIT_UNITS
};
#undef XTRAIL_KUNIT_UNIT_ITEM

static int __init xtrail_kunit_init(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < ARRAY_SIZE(xtrail_kunit_units); i++)
		n += xtrail_kunit_units[i]->num_suites;

	/*
	 * The KTAP header that KUnit's built-in executor prints (6.1 prints
	 * none for modules): one test per suite follows.
	 */
	pr_info("KTAP version 1\n");
	pr_info("1..%u\n", n);

	for (i = 0; i < ARRAY_SIZE(xtrail_kunit_units); i++)
		__kunit_test_suites_init(xtrail_kunit_units[i]->suites,
					 xtrail_kunit_units[i]->num_suites);
	return 0;
}
module_init(xtrail_kunit_init);

static void __exit xtrail_kunit_exit(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(xtrail_kunit_units); i++)
		__kunit_test_suites_exit(xtrail_kunit_units[i]->suites,
					 xtrail_kunit_units[i]->num_suites);
}
module_exit(xtrail_kunit_exit);

MODULE_DESCRIPTION("xtrail KUnit suites");
MODULE_LICENSE("GPL");
