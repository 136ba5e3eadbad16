# SPDX-License-Identifier: GPL-2.0
#
# hostile scenario, dom0 part: the kernel log names the violation.

guest_must_pass 180
dmesg | grep -q "violated the ring protocol: record length out of bounds" ||
	fail "no violation in dom0's kernel log"
sleep 1
xtraild_stop
result "@@DOMID $DOMID"
