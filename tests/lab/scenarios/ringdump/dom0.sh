# SPDX-License-Identifier: GPL-2.0
#
# ringdump scenario, dom0 part: xtrail ring-dump reads the paused rings
# (read-only, outside the dom0 module), then dom0 resumes.

wait_console 'RINGDUMP-READY' 180 || fail "the guest never got its records out"
rc=0
/usr/sbin/xtrail ring-dump "$DOMID" >/tmp/ringdump.jsonl || rc=$?
ship_text /tmp/ringdump.jsonl ringdump
result "@@RINGDUMP-RC $rc"
[ "$rc" -eq 2 ] || fail "ring-dump exited $rc, want 2 (a rewritten record)"
grep -q seen-by-ring-dump-2 /tmp/ringdump.jsonl ||
	fail "ring-dump does not show the guest's records"
# A second look still shows all of the first (the guest may have added
# records since): ring-dump moved no index.
/usr/sbin/xtrail ring-dump "$DOMID" >/tmp/ringdump2.jsonl || true
if grep -vxFf /tmp/ringdump2.jsonl /tmp/ringdump.jsonl; then
	fail "a second ring-dump lost lines of the first"
fi
echo 0 >/sys/module/xtrail_dom0/parameters/paused
rc=0
wait_guest_done 180 || rc=$?
[ "$rc" -eq 0 ] || fail "guest.sh failed (rc=$rc)"
sleep 1
xtraild_stop
result "@@DOMID $DOMID"
