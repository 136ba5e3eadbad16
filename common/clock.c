// SPDX-License-Identifier: GPL-2.0
/*
 * Timestamps that order records across domains.
 *
 * Xen system time (ns since the hypervisor booted) is the one clock every
 * domain on a host shares. The kernel's own reader of it is not exported,
 * but when Xen marks the TSC stable the kernel publishes vCPU 0's pvclock
 * page for the vDSO (pvclock_get_pvti_cpu0_va()), and with a stable TSC that
 * page gives Xen system time on any vCPU. That is what we read, lock-free
 * and NMI-safe. Without it we fall back to the domain's own monotonic raw
 * clock and leave XTRAIL_RF_TS_XEN clear, so consumers know the timestamp
 * only orders records within its domain (dom0's receipt time, which the
 * guest cannot forge, still orders them across domains).
 */
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/timekeeping.h>
#include <asm/pvclock.h>
#include <asm/msr.h>

#include "clock.h"
#include "xtrail_proto.h"

static struct pvclock_vsyscall_time_info *xtrail_pvti;

int xtrail_clock_init(void)
{
	struct pvclock_vsyscall_time_info *pvti = pvclock_get_pvti_cpu0_va();

	if (pvti && (READ_ONCE(pvti->pvti.flags) & PVCLOCK_TSC_STABLE_BIT)) {
		xtrail_pvti = pvti;
		pr_info("timestamps: Xen system time (stable TSC pvclock)\n");
	} else {
		xtrail_pvti = NULL;
		pr_info("timestamps: monotonic raw clock (Xen TSC not stable)\n");
	}
	return 0;
}

void xtrail_clock_uninit(void)
{
	xtrail_pvti = NULL;
}

bool xtrail_clock_is_xen(void)
{
	return xtrail_pvti;
}

u64 xtrail_clock_ns(u16 *rec_flags)
{
	const struct pvclock_vcpu_time_info *src;
	unsigned int version;
	u64 ns;

	if (!xtrail_pvti)
		return ktime_get_raw_fast_ns();

	src = &xtrail_pvti->pvti;
	do {
		version = pvclock_read_begin(src);
		ns = __pvclock_read_cycles(src, rdtsc_ordered());
	} while (pvclock_read_retry(src, version));
	*rec_flags |= XTRAIL_RF_TS_XEN;
	return ns;
}
