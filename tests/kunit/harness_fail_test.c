// SPDX-License-Identifier: GPL-2.0
/*
 * A KUnit suite that must fail: loaded only by the harness self-test
 * (smdtest.mode=selftest) to prove a failing case turns the run red.
 */
#include <kunit/test.h>
#include <linux/module.h>

static void harness_case_that_fails(struct kunit *test)
{
	KUNIT_EXPECT_EQ_MSG(test, 1, 2, "deliberate failure for the harness self-test");
}

static void harness_case_that_passes(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, 2, 1 + 1);
}

static struct kunit_case harness_fail_cases[] = {
	KUNIT_CASE(harness_case_that_passes),
	KUNIT_CASE(harness_case_that_fails),
	{}
};

static struct kunit_suite harness_fail_suite = {
	.name = "harness_fail",
	.test_cases = harness_fail_cases,
};

kunit_test_suite(harness_fail_suite);

MODULE_DESCRIPTION("Deliberately failing KUnit suite for the harness self-test");
MODULE_LICENSE("GPL");
