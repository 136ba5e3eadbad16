# SPDX-License-Identifier: GPL-2.0
#
# flows scenario, guest part: what dom0 sees of the guest's traffic on its
# vif. A port scan (one connect to each of 200 closed ports of dom0,
# 10.99.0.1:20001-20200, each refused), then, once dom0 has lowered its
# flow table's cap to 64 and opened 10.99.0.1:2600 to say so, a flood of
# 1000 new UDP flows (one datagram to each of 10.99.0.1:30001-31000).

wait_until 60 grep -qx Connected /sys/bus/xen/devices/xtrail-0/state ||
	fail "xtrail frontend did not connect"
as_user xtload scan 10.99.0.1 20001 200 >/dev/null || fail "the port scan failed"
# dom0 writes each flow's END once it has been quiet for a second.
sleep 3
echo "@@FLOWS scan-done"
wait_until 120 xtload connect 10.99.0.1 2600 1 >/dev/null 2>&1 ||
	fail "dom0 never opened 10.99.0.1:2600 (the cap is set)"
as_user xtload udpscan 10.99.0.1 30001 1000 >/dev/null ||
	fail "the UDP flood failed"
echo "@@FLOWS flood-done"
# The flood's FLOW_LOST while the vif lives (the sweep runs every second).
sleep 3
