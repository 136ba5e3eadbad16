# SPDX-License-Identifier: GPL-2.0
#
# hostile-net scenario, guest part: a guest root hides its connections. Its
# module is swapped for the hostile one, which is told to drop every NET
# record before it is numbered (echo nonet: no LOST, no gap, no silence);
# then winai (uid 1000) sends the spam with mail, and msmtp carries it over
# the lab network to the sink in dom0 (10.99.0.1:25). Only dom0's FLOW
# records see that connection.

connected() {
	grep -qx Connected /sys/bus/xen/devices/xtrail-0/state
}

wait_until 60 connected || fail "xtrail frontend did not connect"
xtrail_domu_unload
insmod /xtrail/xtrail_hostile.ko
wait_until 60 connected || fail "the hostile module did not connect"
echo nonet >/sys/module/xtrail_hostile/parameters/break
# The reconnect is a hole in the guest's trail (disconnected, and the
# honest module's untaken records): the mail goes well after it, so that
# the flow's verdict is unattributed (the window is 2 s), not unknown.
sleep 4
as_user mail -s spamSubject winai.wongthai@ncl.ac.uk <<'MSG'
Cheap pills, act now.
MSG
echo "guest: spam sent rc=$?"
cat /tmp/msmtp.log
grep -q 'exitcode=EX_OK' /tmp/msmtp.log || fail "msmtp did not deliver to the sink"
# The connect (and its TCP state changes) went unrecorded.
result "@@HIDDEN net_hidden=$(cat /sys/module/xtrail_hostile/parameters/net_hidden)"
sleep 1
