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
# A second look changes nothing: ring-dump moved no index.
/usr/sbin/xtrail ring-dump "$DOMID" >/tmp/ringdump2.jsonl || true
cmp -s /tmp/ringdump.jsonl /tmp/ringdump2.jsonl ||
	fail "a second ring-dump differs from the first"
echo 0 >/sys/module/xtrail_dom0/parameters/paused
rc=0
wait_guest_done 180 || rc=$?
[ "$rc" -eq 0 ] || fail "guest.sh failed (rc=$rc)"
sleep 1
xtraild_stop
result "@@DOMID $DOMID"
