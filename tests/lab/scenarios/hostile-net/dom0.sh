# SPDX-License-Identifier: GPL-2.0
#
# hostile-net scenario, dom0 part: the guest sends its spam over the lab
# network with its NET records hidden; the sink here stores the message,
# dom0's FLOW records see the connection, and F3 goes to the host, whose
# "xtrail attribute" must call that flow unattributed.

guest_must_pass 120
[ -f "$SMTP_SPOOL/msg.1" ] || fail "the SMTP sink stored no message"
sleep 1
xtraild_stop
result "@@DOMID $DOMID"
