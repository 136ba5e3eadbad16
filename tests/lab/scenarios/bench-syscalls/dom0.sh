# SPDX-License-Identifier: GPL-2.0
#
# bench-syscalls, dom0 part: wait, then pass the guest's figures on.

rc=0
wait_guest_done 1500 || rc=$?
[ "$rc" -eq 0 ] || fail "guest.sh failed (rc=$rc)"
sleep 1
xtraild_stop
grep -a -o '@@BENCH .*' "$GUEST_CONSOLE" | tr -d '\r' >/tmp/bench
while read -r line; do
	result "$line"
done </tmp/bench
result "@@DOMID $DOMID"
