# SPDX-License-Identifier: GPL-2.0
#
# multi scenario, dom0 part: three guests attached by xtraild as they were
# created, each sending its spam, while dom0 logs its own events too.

# Each guest waits for its frontend to connect; check.sh finds the
# CONNECT records. (Polling xenstore here would flood dom0's own log.)
rc=0
wait_guests_done 240 || rc=$?
[ "$rc" -eq 0 ] || fail "a guest.sh failed (rc=$rc)"
bash -c 'echo 1000 >/proc/self/loginuid; exec /bin/echo from-dom0-multi'
grep -q "auto-attach: attached domain" /var/log/xtrail/xtraild.log ||
	fail "xtraild did not auto-attach"
sleep 1
xtraild_stop
# shellcheck disable=SC2086 # one argument per name
set -- $GUEST_NAMES
for d in $DOMIDS; do
	result "@@GUEST $1 $d"
	shift
done
result "@@DOMID $DOMID"
