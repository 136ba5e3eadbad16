# SPDX-License-Identifier: GPL-2.0
#
# hostile-flood scenario, dom0 part: once guest1 floods, xtraild is stopped
# (SIGSTOP: nothing is acknowledged, so guest1's quota for dom0's records
# fills and stays full) and guest2 is told to break the protocol; xtraild
# resumes once guest2 is disconnected. dom0's kernel log names guest2's
# violation.

# shellcheck disable=SC2086 # one argument per id
set -- $DOMIDS
d1=$1 d2=$2
wait_until 120 grep -q "@@FLOODING" "$(guest_console guest1)" ||
	fail "guest1 did not flood"
pid=$(pidof xtraild) || fail "no xtraild"
kill -STOP "$pid"
sleep 3
xtrail config set "$d2" ignore-uid=4242 || fail "config set $d2 failed"
wait_until 60 grep -q "@@VIOLATED" "$(guest_console guest2)" ||
	{ kill -CONT "$pid"; fail "guest2 was not disconnected"; }
sleep 1
kill -CONT "$pid"
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
