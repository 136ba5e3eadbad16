// SPDX-License-Identifier: GPL-2.0
/*
 * Example suite for xtrail_kunit.ko, on real kernel code: the string and
 * user-copy helpers xtrail relies on, and the out-of-tree KUnit plumbing
 * (kunit_get_current_test()) itself.
 */
#include <kunit/test.h>
#include <kunit/test-bug.h>
#include <linux/mm.h>
#include <linux/preempt.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/workqueue.h>

struct strscpy_case {
	const char *desc;
	const char *src;
	size_t size;
	ssize_t ret;
	const char *dst;	/* NULL: dst must be left untouched */
};

static const struct strscpy_case strscpy_cases[] = {
	{ "fits",	"xtrail", 8, 6,		"xtrail" },
	{ "exact",	"xtrail", 7, 6,		"xtrail" },
	{ "truncated",	"xtrail", 6, -E2BIG,	"xtrai" },
	{ "one byte",	"xtrail", 1, -E2BIG,	"" },
	{ "zero size",	"xtrail", 0, -E2BIG,	NULL },
	{ "empty",	"",	  8, 0,		"" },
};

static void strscpy_case_desc(const struct strscpy_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(strscpy, strscpy_cases, strscpy_case_desc);

/* strscpy() always terminates dst, and says -E2BIG when it truncates. */
static void strscpy_test(struct kunit *test)
{
	const struct strscpy_case *c = test->param_value;
	char dst[8];

	memset(dst, 'X', sizeof(dst));
	KUNIT_EXPECT_EQ(test, strscpy(dst, c->src, c->size), c->ret);
	if (c->dst)
		KUNIT_EXPECT_STREQ(test, dst, c->dst);
	else
		KUNIT_EXPECT_EQ(test, dst[0], 'X');
}

/*
 * copy_from_user_nofault() may be used with preemption off and must fail
 * cleanly, not fault, when the source is not user memory.
 */
static void copy_from_user_nofault_kernel_addr(struct kunit *test)
{
	static const char src[8] = "xtrail";
	char dst[8] = { };
	long ret;

	preempt_disable();
	ret = copy_from_user_nofault(dst, (const void __user *)src,
				     sizeof(dst));
	preempt_enable();

	KUNIT_EXPECT_EQ(test, ret, -EFAULT);
	KUNIT_EXPECT_PTR_EQ(test, memchr_inv(dst, 0, sizeof(dst)), NULL);
}

/* A user address with nothing mapped there: the fault must be fixed up. */
static void copy_from_user_nofault_unmapped(struct kunit *test)
{
	char dst[8] = { };
	long ret;

	preempt_disable();
	ret = copy_from_user_nofault(dst, (const void __user *)PAGE_SIZE,
				     sizeof(dst));
	preempt_enable();

	KUNIT_EXPECT_EQ(test, ret, -EFAULT);
}

/* kunit-oot.patch: the test's own kthread sees its test... */
static void current_test_is_set(struct kunit *test)
{
	KUNIT_EXPECT_PTR_EQ(test, kunit_get_current_test(), test);
}

struct current_test_work {
	struct work_struct work;
	struct kunit *seen;
};

static void current_test_work_fn(struct work_struct *work)
{
	struct current_test_work *w =
		container_of(work, struct current_test_work, work);

	w->seen = kunit_get_current_test();
}

/* ... and other tasks do not, as with current->kunit_test. */
static void current_test_not_in_workqueue(struct kunit *test)
{
	struct current_test_work w = { .seen = test };

	INIT_WORK_ONSTACK(&w.work, current_test_work_fn);
	schedule_work(&w.work);
	flush_work(&w.work);
	destroy_work_on_stack(&w.work);

	KUNIT_EXPECT_PTR_EQ(test, w.seen, NULL);
}

static struct kunit_case example_test_cases[] = {
	KUNIT_CASE_PARAM(strscpy_test, strscpy_gen_params),
	KUNIT_CASE(copy_from_user_nofault_kernel_addr),
	KUNIT_CASE(copy_from_user_nofault_unmapped),
	KUNIT_CASE(current_test_is_set),
	KUNIT_CASE(current_test_not_in_workqueue),
	{}
};

static struct kunit_suite example_test_suite = {
	.name = "xtrail_example",
	.test_cases = example_test_cases,
};

kunit_test_suite(example_test_suite);
