// SPDX-License-Identifier: GPL-2.0
/*
 * A module whose only job is to WARN(): loaded by the harness self-test to
 * prove that a splat on the console turns the run red.
 */
#include <linux/bug.h>
#include <linux/module.h>

static int __init harness_warn_init(void)
{
	WARN(1, "rpmsg-smd harness self-test: deliberate warning\n");
	return -EAGAIN;
}
module_init(harness_warn_init);

MODULE_DESCRIPTION("Deliberate WARN() for the harness self-test");
MODULE_LICENSE("GPL");
