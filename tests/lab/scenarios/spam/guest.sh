# SPDX-License-Identifier: GPL-2.0
#
# spam scenario, guest part: the paper's case study. A normal user (winai,
# uid 1000) sends spam with the real mail program.

wait_until 60 grep -qx Connected /sys/bus/xen/devices/xtrail-0/state ||
	fail "xtrail frontend did not connect"
echo "guest: xtrail connected"

as_user mail -s spamSubject winai.wongthai@ncl.ac.uk <<'MSG'
Cheap pills, act now.
MSG
echo "guest: spam sent rc=$?"
