# SPDX-License-Identifier: GPL-2.0
#
# bench-flows, dom0 part: what observing the guests' flows costs dom0 per
# packet. Blocks of N UDP datagrams from dom0 to the guest (10.99.0.2:9,
# through xenbr0 and the guest's vif: each one passes the tracepoint
# net_dev_start_xmit), timed with flow observation off and on
# (flow_classes), alternating in one boot, off first and last.

N=${BENCH_N:-20000}
wait_console 'DOMU-MARKER network' 180 || fail "the guest's network did not come up"
blast() {
	xtload udp 10.99.0.2 "9:$N"
}
# mode MODE: set flow_classes; the tables start over at the next tick.
mode() {
	echo "$1" >/sys/module/xtrail_dom0/parameters/flow_classes
	sleep 2
}
blast >/dev/null || fail "xtload udp failed"
for r in 1 2 3 4 5; do
	mode off
	result "@@FLOWBENCH n=$N mode=off us=$(blast)"
	mode tcp,udp
	result "@@FLOWBENCH n=$N mode=on us=$(blast)"
done
mode off
result "@@FLOWBENCH n=$N mode=off us=$(blast)"
mode tcp,udp
result "@@FLOWMEM $(dmesg | grep -o "flows of domain $DOMID: a table of .*" | tail -n 1)"
mkdir -p /tmp/spool-go
smtpsink "$LAB_NET_DOM0" 2600 /tmp/spool-go >>/var/log/smtpsink-go.log 2>&1 &
guest_must_pass 120
sleep 2
xtraild_stop
result "@@DOMID $DOMID"
