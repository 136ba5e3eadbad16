# SPDX-License-Identifier: GPL-2.0
#
# nospam scenario, dom0 part: ship the log; the host decides. The guest
# was attached with xtrail attach (lab.conf: AUTO_ATTACH=0).

guest_must_pass 120
if grep -q "auto-attach" /var/log/xtrail/xtraild.log; then
	fail "xtraild auto-attached with --no-auto-attach"
fi
sleep 1
xtraild_stop
result "@@DOMID $DOMID"
