# SPDX-License-Identifier: GPL-2.0
#
# reload scenario, dom0 part: reload xtrail_dom0 while the guest runs.

wait_console '@@PHASE1-DONE' 90 || fail "guest never reached phase 1"
xtrail_dom0_unload
sleep 1
insmod /xtrail/xtrail_dom0.ko
xtraild_start
result "reload: dom0 module reloaded"

guest_must_pass 180
# The guest's poweroff is the third DISCONNECT: on a busy host it comes
# seconds after guest.sh ends.
wait_until 60 domain_gone "$DOMID" || fail "the guest did not power off"
sleep 1
xtraild_stop
result "@@DOMID $DOMID"
