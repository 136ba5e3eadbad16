# SPDX-License-Identifier: GPL-2.0
#
# million scenario, dom0 part: stop taking the guest's records, record
# file events only, let the guest flood, then take records again.

paused=/sys/module/xtrail_dom0/parameters/paused

wait_console '@@MILLION-READY' 60 || fail "guest not ready"
echo 1 >"$paused"
xtrail config set "$DOMID" flood=drop events=file ||
	fail "xtrail config set failed"
wait_console '@@MILLION-DONE' 1800 || fail "the flood did not finish"
echo 0 >"$paused"

guest_must_pass 120
sleep 1
xtraild_stop
result "$(grep -a -m1 -o "@@MILLION n=[0-9]* us=[0-9]*" "$GUEST_CONSOLE")"
result "@@DOMID $DOMID"
