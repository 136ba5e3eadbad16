# SPDX-License-Identifier: GPL-2.0
#
# spam scenario, dom0 part: both ends reach Connected, the guest sends its
# spam, and the record must be in F3 (checked here and again on the host).

be=/local/domain/0/backend/xtrail/$DOMID/0
fe=/local/domain/$DOMID/device/xtrail/0
wait_until 60 sh -c "[ \"\$(xenstore-read $be/state)\" = 4 ]" ||
	fail "backend did not reach Connected"
wait_until 60 sh -c "[ \"\$(xenstore-read $fe/state)\" = 4 ]" ||
	fail "frontend did not reach Connected"
result "@@XS backend=4 frontend=4 ring-page-order=$(xenstore-read $fe/ring-page-order)"

rc=0
wait_guest_done 120 || rc=$?
[ "$rc" -eq 0 ] || fail "guest.sh failed (rc=$rc)"

# The record crossed in granted pages: its text is nowhere in xenstore.
if xenstore-ls -f | grep -q spamSubject; then
	fail "record text found in xenstore"
fi

sleep 1
xtraild_stop
xtrail export "$F3" >/tmp/export-dom0.jsonl || fail "xtrail export failed"
ship_text /tmp/export-dom0.jsonl export-dom0
grep -q spamSubject /tmp/export-dom0.jsonl || fail "no spam in dom0's export"
result "@@DOMID $DOMID"
