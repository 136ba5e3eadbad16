# SPDX-License-Identifier: GPL-2.0
#
# detach scenario, dom0 part: xtrail detach against the real xenstored and
# the real frontend: the frontend reaches Closed within the timeout (so
# detach says nothing of a forced removal), both xenstore directories go,
# the backend logs the guest's DISCONNECT; xtrail attach brings it back.
be=/local/domain/0/backend/xtrail/$DOMID/0
fe=/local/domain/$DOMID/device/xtrail/0
wait_console '@@GUEST-LOGGED' 60 || fail "the guest did not log"
xtrail detach "$DOMID" >/tmp/detach.log 2>&1 ||
	fail "xtrail detach failed: $(cat /tmp/detach.log)"
result "@@DETACH $(tr '\n' ' ' </tmp/detach.log)"
! grep -qi 'timeout\|forc\|did not' /tmp/detach.log ||
	fail "the frontend did not close in time: $(cat /tmp/detach.log)"
! xenstore-read "$be/state" 2>/dev/null || fail "backend directory left"
! xenstore-read "$fe/state" 2>/dev/null || fail "frontend directory left"
wait_until 30 sh -c "dmesg | grep -q 'domain $DOMID disconnected'" ||
	fail "the backend did not disconnect"
wait_console '@@GUEST-DETACHED' 60 || fail "the guest did not see its device go"
xtrail attach "$DOMID" >/tmp/attach.log 2>&1 ||
	fail "xtrail attach failed: $(cat /tmp/attach.log)"
wait_until 60 sh -c "[ \"\$(xenstore-read $be/state 2>/dev/null)\" = 4 ]" ||
	fail "backend did not reach Connected after the attach"
guest_must_pass 120
sleep 1
xtraild_stop
result "@@DOMID $DOMID"
