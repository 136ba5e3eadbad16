# SPDX-License-Identifier: GPL-2.0
#
# flood scenario, dom0 part: configure the guest (xtrail config set: the
# dom0 module writes the backend's xenstore directory) and stop and resume
# taking its records (the module parameter "paused", which xtrail pause
# without a domain id also sets).

paused=/sys/module/xtrail_dom0/parameters/paused

wait_console '@@FLOOD-READY' 60 || fail "guest not ready"
echo 1 >"$paused"
xtrail config set "$DOMID" flood=drop events=file
wait_console '@@DROP-DONE' 120 || fail "drop flood did not finish"
echo 0 >"$paused"
sleep 2
echo 1 >"$paused"
xtrail config set "$DOMID" flood-wait-us=2000 flood=wait
result "@@CONFIG $(xtrail config get "$DOMID" | grep -E '^(events|flood)' | tr '\n' ' ')"
wait_console '@@WAIT-DONE' 120 || fail "wait flood did not finish"
echo 0 >"$paused"

guest_must_pass 60
sleep 1
xtraild_stop
for phase in DROP WAIT; do
	result "$(grep -a -m1 -o "@@$phase us=[0-9]* med=[0-9]*" "$GUEST_CONSOLE")"
done
result "$(grep -a -m1 -o '@@WAITS .*waits: [0-9]*, [0-9]* us in all, longest [0-9]* us' "$GUEST_CONSOLE")"
result "@@DOMID $DOMID"
