// SPDX-License-Identifier: GPL-2.0
/*
 * The last object of xtrail_kunit.ko: marks the end of its suites in
 * .kunit_test_suites (see kunit_oot.h).
 */
#include "kunit_oot.h"

KUNIT_OOT_SUITES_MARKER(kunit_oot_suites_end);
