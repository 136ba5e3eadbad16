# SPDX-License-Identifier: GPL-2.0
#
# spam scenario, guest part: the paper's case study. A normal user (winai,
# uid 1000) sends spam with the real mail program, which hands it to msmtp
# (/usr/sbin/sendmail), which sends it over the lab network to the SMTP
# sink in dom0 (10.99.0.1:25).

wait_until 60 grep -qx Connected /sys/bus/xen/devices/xtrail-0/state ||
	fail "xtrail frontend did not connect"
echo "guest: xtrail connected"

as_user mail -s spamSubject winai.wongthai@ncl.ac.uk <<'MSG'
Cheap pills, act now.
MSG
echo "guest: spam sent rc=$?"
# msmtp's log: one line for the message, with its exit status (EX_OK).
cat /tmp/msmtp.log
grep -q 'exitcode=EX_OK' /tmp/msmtp.log || fail "msmtp did not deliver to the sink"
# dom0 writes the SMTP flow's END once it has been quiet for a second
# (the close's last ACK counted): the vif must live that long.
sleep 3
