# SPDX-License-Identifier: GPL-2.0
#
# hostile-flood scenario, dom0 part. Once both guests run the hostile
# module, guest1 is told to flood (its filter set to ignore uid 4242); once
# it floods, xtraild is stopped (SIGSTOP: nothing is acknowledged, so
# guest1's quota for dom0's records fills and stays full) and, once dom0's
# log says so, guest2 is told to break the protocol. xtraild resumes once guest2 is disconnected,
# and guest1 is told to stop (an ignored port added). dom0's kernel log
# names guest2's violation.

# shellcheck disable=SC2086 # one argument per id
set -- $DOMIDS
d1=$1 d2=$2
for n in guest1 guest2; do
	wait_until 180 grep -q "@@READY $n" "$(guest_console "$n")" ||
		fail "$n did not load the hostile module"
done
xtrail config set "$d1" ignore-uid=4242 || fail "config set $d1 failed"
wait_until 60 grep -q "@@FLOODING" "$(guest_console guest1)" ||
	fail "guest1 did not flood"
sleep 1
pid=$(pidof xtraild) || fail "no xtraild"
kill -STOP "$pid"
# guest2 breaks the rules only once dom0 is losing records about guest1 (its
# quota full): a fixed sleep was too short when the lab ran beside another.
if ! wait_until 60 sh -c "dmesg | grep -q 'about domain $d1 lost (counted)'"; then
	kill -CONT "$pid"
	fail "dom0's records about guest1 never overflowed its quota"
fi
xtrail config set "$d2" ignore-uid=4242 || fail "config set $d2 failed"
if ! wait_until 60 grep -q "@@VIOLATED" "$(guest_console guest2)"; then
	kill -CONT "$pid"
	fail "guest2 was not disconnected"
fi
sleep 1
kill -CONT "$pid"
sleep 1
xtrail config set "$d1" ignore-port=4243 || fail "config set $d1 failed"
rc=0
wait_guests_done 240 || rc=$?
[ "$rc" -eq 0 ] || fail "a guest.sh failed (rc=$rc)"
dmesg | grep -q "domain $d2 violated the ring protocol: record length out of bounds" ||
	fail "no violation of guest2 in dom0's kernel log"
sleep 1
xtraild_stop
result "@@GUEST guest1 $d1"
result "@@GUEST guest2 $d2"
result "@@DOMID $DOMID"
