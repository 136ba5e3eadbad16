# SPDX-License-Identifier: GPL-2.0
#
# faults scenario, dom0 part: every init step of xtrail_dom0 fails in turn
# and is undone. Then the fault build runs for real with its backend's
# connect failing (fail_at=connect: the event channel bind, after the
# rings are mapped): the backend refuses the guest (an error node and a
# REFUSED record), and once the fault is cleared the guest reconnects by
# itself and logs.
. /fault-lib.sh
steps=$(fault_steps xtrail_dom0 /xtrail/fault/xtrail_dom0.ko)
result "@@DOM0-STEPS $steps"
[ "${steps%% *}" -ge 12 ] || fail "only ${steps%% *} init steps failed"
# The production module is not the fault build, and loads.
# (The kernel ignores an unknown parameter, and says so.)
dmesg -c >/dev/null
insmod /xtrail/xtrail_dom0.ko fail_step=1 || fail "the production module does not load"
dmesg | grep -q "unknown parameter 'fail_step' ignored" ||
	fail "the production module takes fail_step: $(dmesg | tail -n 3)"
rmmod xtrail_dom0

# A guard against a hang, not a time limit: the guest's steps run beside
# dom0's, and on a loaded host (four labs at once) they end minutes later.
wait_console '@@GUEST-FAULTS-DONE' 600 || fail "the guest's fault steps did not end"
insmod /xtrail/fault/xtrail_dom0.ko fail_at=connect || fail "fault build, fail_at=connect"
xtraild_start
wait_attached "$DOMID" || fail "xtraild did not attach domain $DOMID"
be=/local/domain/0/backend/xtrail/$DOMID/0
wait_until 60 sh -c "dmesg | grep -q 'fault: connect fails'" ||
	fail "the backend never tried to connect"
wait_until 30 sh -c "xenstore-ls /local/domain/0/error 2>/dev/null | grep -q 'connect refused'" ||
	fail "no error node for the refused connect: $(xenstore-ls /local/domain/0/error 2>&1)"
result "@@ERROR-NODE $(xenstore-ls /local/domain/0/error | grep 'connect refused' | head -n 1)"
echo >/sys/module/xtrail_dom0/parameters/fail_at
wait_until 90 sh -c "[ \"\$(xenstore-read $be/state 2>/dev/null)\" = 4 ]" ||
	fail "backend did not reach Connected once the fault was cleared"
guest_must_pass 120
sleep 1
xtraild_stop
rmmod xtrail_dom0 || fail "rmmod after the connect fault"
! dmesg | grep -E 'BUG:|Oops|WARNING:|general protection' || fail "kernel complained"
xtrail verify "$F3" >/tmp/verify.log 2>&1 || fail "verify: $(cat /tmp/verify.log)"
result "@@DOMID $DOMID"
