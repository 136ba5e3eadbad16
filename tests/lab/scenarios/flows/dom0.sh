# SPDX-License-Identifier: GPL-2.0
#
# flows scenario, dom0 part: after the guest's port scan, lower the flow
# table's cap to 64 through the control plane (xtrail config set all: a
# CONTROL record; config get and the module parameter then say 64), wait
# until the guest's table was made again at that size, then tell the guest
# (a listener on 10.99.0.1:2600) to flood.

wait_console '@@FLOWS scan-done' 180 || fail "the guest did not scan"
xtrail config set all flow-cap=64 || fail "xtrail config set all flow-cap=64 failed"
xtrail config get all >/tmp/flowcfg.txt || fail "xtrail config get all failed"
grep -qx flow-cap=64 /tmp/flowcfg.txt || fail "config get all: $(cat /tmp/flowcfg.txt)"
[ "$(cat /sys/module/xtrail_dom0/parameters/flow_cap)" = 64 ] ||
	fail "the module parameter flow_cap does not say 64"
wait_until 10 sh -c "dmesg | grep -q 'flows of domain $DOMID: a table of 64 flows'" ||
	fail "the cap of 64 was not applied: $(dmesg | grep flows | tail -n 3)"
mkdir -p /tmp/spool-go
smtpsink "$LAB_NET_DOM0" 2600 /tmp/spool-go >>/var/log/smtpsink-go.log 2>&1 &
guest_must_pass 180
# The guest's vif goes with it: its flows FLUSH, its last FLOW_LOST.
wait_until 60 sh -c "! ip link show vif$DOMID.0 >/dev/null 2>&1" ||
	fail "the guest's vif did not go"
sleep 2
xtraild_stop
result "@@DOMID $DOMID"
