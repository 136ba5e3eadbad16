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
# A second look still shows every record of the first, and the same fault
# at the same place (the guest may have published more since, so prod may
# differ): ring-dump moved no index.
/usr/sbin/xtrail ring-dump "$DOMID" >/tmp/ringdump2.jsonl || true
if grep -v '"invalid"' /tmp/ringdump.jsonl |
	grep -vxFf /tmp/ringdump2.jsonl; then
	fail "a second ring-dump lost records of the first"
fi
fault='"ring":0,"offset":[0-9]*,"invalid":"[^"]*"'
[ "$(grep -o "$fault" /tmp/ringdump.jsonl)" = \
  "$(grep -o "$fault" /tmp/ringdump2.jsonl)" ] ||
	fail "a second ring-dump places the fault elsewhere"
echo 0 >/sys/module/xtrail_dom0/parameters/paused
guest_must_pass 180
sleep 1
xtraild_stop
result "@@DOMID $DOMID"
