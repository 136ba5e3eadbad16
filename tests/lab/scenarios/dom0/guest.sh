# SPDX-License-Identifier: GPL-2.0
#
# dom0 scenario, guest part: one exec to find in the merged log.

wait_until 60 grep -qx Connected /sys/bus/xen/devices/xtrail-0/state ||
	fail "xtrail frontend did not connect"
as_user /bin/echo from-the-guest
