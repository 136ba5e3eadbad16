# SPDX-License-Identifier: GPL-2.0
#
# hostile-net scenario, dom0 part: the guest sends its spam over the lab
# network with its NET records hidden; the sink here stores the message,
# dom0's FLOW records see the connection, and F3 goes to the host, whose
# "xtrail attribute" must call that flow unattributed.

# (180 s: the network image boots in up to 65 s under load, and the
# guest waits 4 s after its module swap)
guest_must_pass 180
[ -f "$SMTP_SPOOL/msg.1" ] || fail "the SMTP sink stored no message"
sleep 1
xtraild_stop
result "@@DOMID $DOMID"
