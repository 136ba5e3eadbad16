# SPDX-License-Identifier: GPL-2.0
#
# multi scenario, dom0 part: three guests attached by xtraild as they were
# created, each sending its spam, while dom0 logs its own events too. Once
# a guest has sent its spam, dom0 sets its filter over netlink (guest2
# ignores uid 1000, the others uid 4242); once all three have run their
# filtered execs, "xtrail status --json" is taken while every source is
# connected (shipped for check.sh), and an ignored port added to each
# guest's filter tells it to finish.

# Each guest waits for its frontend to connect; check.sh finds the
# CONNECT records. (Polling xenstore here would flood dom0's own log.)
# shellcheck disable=SC2086 # one argument per name
set -- $GUEST_NAMES
for d in $DOMIDS; do
	wait_until 240 grep -q "@@SPAM-DONE $1" "$(guest_console "$1")" ||
		fail "$1 did not send its spam"
	uid=4242
	[ "$1" != guest2 ] || uid=1000
	xtrail config set "$d" ignore-uid=$uid || fail "config set $d failed"
	shift
done
for n in $GUEST_NAMES; do
	wait_until 240 grep -q "@@FILTER-DONE $n" "$(guest_console "$n")" ||
		fail "$n did not run its filtered execs"
done
bash -c 'echo 1000 >/proc/self/loginuid; exec /bin/echo from-dom0-multi'
# What the guests wrote is taken within poll_ms (200 ms).
sleep 1
xtrail status --json >/tmp/status.json || fail "xtrail status failed"
ship_text /tmp/status.json status
for d in $DOMIDS; do
	xtrail config set "$d" ignore-port=4243 || fail "config set $d failed"
done
rc=0
wait_guests_done 240 || rc=$?
[ "$rc" -eq 0 ] || fail "a guest.sh failed (rc=$rc)"
grep -q "auto-attach: attached domain" /var/log/xtrail/xtraild.log ||
	fail "xtraild did not auto-attach"
sleep 1
xtraild_stop
set -- $GUEST_NAMES
for d in $DOMIDS; do
	result "@@GUEST $1 $d"
	shift
done
result "@@DOMID $DOMID"
