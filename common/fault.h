/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fault injection for the tests: make the Nth init step, or a named
 * runtime step, fail. Compiled in only by a build with XTRAIL_FAULT=1
 * (the lab's fault scenario builds such a copy of the modules); in the
 * production build these are constants the compiler folds away, and the
 * modules have no fault parameter (modinfo shows none).
 */
#ifndef _XTRAIL_FAULT_H
#define _XTRAIL_FAULT_H

#ifdef XTRAIL_FAULT
int xtrail_fault(const char *step);
int xtrail_fault_at(const char *point);
#else
static inline int xtrail_fault(const char *step)
{
	return 0;
}

static inline int xtrail_fault_at(const char *point)
{
	return 0;
}
#endif

#endif
