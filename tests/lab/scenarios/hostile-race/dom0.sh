# SPDX-License-Identifier: GPL-2.0
#
# hostile-race scenario, dom0 part: the kernel log names the violation.

rc=0
wait_guest_done 240 || rc=$?
[ "$rc" -eq 0 ] || fail "guest.sh failed (rc=$rc)"
dmesg | grep -q "violated the ring protocol: non-zero padding" ||
	fail "no violation in dom0's kernel log"
sleep 1
xtraild_stop
result "@@DOMID $DOMID"
