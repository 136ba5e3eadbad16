# SPDX-License-Identifier: GPL-2.0
#
# bench-exec, dom0 part: wait, then pass the guest's figures on.

rc=0
wait_guest_done 850 || rc=$?
[ "$rc" -eq 0 ] || fail "guest.sh failed (rc=$rc)"
sleep 1
xtraild_stop
result "$(grep -a -m1 -o '@@BENCH .*' "$GUEST_CONSOLE" | tr -d '\r')"
result "@@DOMID $DOMID"
