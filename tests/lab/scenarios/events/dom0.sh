# SPDX-License-Identifier: GPL-2.0
#
# events scenario, dom0 part: ship the log; the host checks exact values.

rc=0
wait_guest_done 120 || rc=$?
[ "$rc" -eq 0 ] || fail "guest.sh failed (rc=$rc)"
sleep 1
xtraild_stop
result "@@DOMID $DOMID"
