// SPDX-License-Identifier: GPL-2.0
/*
 * Fault injection (test builds only, see fault.h). Every init step that
 * can fail asks xtrail_fault() first, which counts the steps: with the
 * module parameter fail_step=N, the Nth fails with -ENOMEM, and the test
 * checks that init returns it and undoes the N-1 steps before it (a load
 * with N past the last step succeeds: that is how the test knows it has
 * tried them all). Runtime points (a backend's connect) ask
 * xtrail_fault_at(), which fails while the writable parameter fail_at
 * names that point.
 */
#include <linux/errno.h>
#include <linux/moduleparam.h>
#include <linux/string.h>

#include "fault.h"

static unsigned int fail_step;
module_param(fail_step, uint, 0444);
MODULE_PARM_DESC(fail_step, "test builds: the init step that fails (1 = the first; 0 = none)");

static char fail_at[32];
module_param_string(fail_at, fail_at, sizeof(fail_at), 0644);
MODULE_PARM_DESC(fail_at, "test builds: the runtime point that fails while named here");

static unsigned int xtrail_fault_steps;

int xtrail_fault(const char *step)
{
	if (++xtrail_fault_steps != fail_step)
		return 0;
	pr_info("fault: init step %u (%s) fails\n", fail_step, step);
	return -ENOMEM;
}

int xtrail_fault_at(const char *point)
{
	if (!sysfs_streq(fail_at, point))
		return 0;
	pr_info("fault: %s fails\n", point);
	return -ENOMEM;
}
