# SPDX-License-Identifier: GPL-2.0
#
# roads, dom0 part: wait for the guest, ship the log; the host makes the
# table (check.sh).

guest_must_pass 600
sleep 1
xtraild_stop
result "@@DOMID $DOMID"
