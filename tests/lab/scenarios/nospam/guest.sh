# SPDX-License-Identifier: GPL-2.0
#
# nospam scenario, guest part: the same user sends a different mail. The
# spam checker must fail on this run's log (it proves the check can fail).

wait_until 60 grep -qx Connected /sys/bus/xen/devices/xtrail-0/state ||
	fail "xtrail frontend did not connect"
as_user mail -s hamSubject winai.wongthai@ncl.ac.uk <<'MSG'
Minutes of the meeting.
MSG
echo "guest: ham sent rc=$?"
