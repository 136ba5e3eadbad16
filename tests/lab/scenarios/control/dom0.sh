# SPDX-License-Identifier: GPL-2.0
#
# control scenario, dom0 part: the netlink control plane from the CLI.
# Bad input fails with the documented exit status; filters land in the
# backend's xenstore directory exactly; events=... takes effect in the
# guest; pause stops the records and resume brings them back with the
# losses; xtrail watch sees state changes (pause, resume, the disconnect
# when the module is unloaded) and records; xtrail status
# --json snapshots go to results.log for check.sh, which compares their
# counters with the log. Every command of the control plane, reading ones
# too, is refused to a user without CAP_NET_ADMIN; each change (and a
# write to the module parameter "paused") leaves a CONTROL record in the
# log. Another reader of /dev/xtrail while xtraild is stopped acknowledges
# records the log never gets: xtraild marks the jump with a STREAM_JUMP
# record. Reloading the module shows in the log as a new instance.

be=/local/domain/0/backend/xtrail/$DOMID/0

expect_rc() {
	local want=$1 rc=0
	shift
	"$@" >/tmp/rc.out 2>&1 || rc=$?
	[ "$rc" -eq "$want" ] ||
		fail "'$*' exited with $rc, want $want: $(cat /tmp/rc.out)"
	result "@@RC $want $*: $(head -n 1 /tmp/rc.out)"
}

xs_is() {
	local got
	got=$(xenstore-read "$be/config/$1") || fail "no $be/config/$1"
	[ "$got" = "$2" ] || fail "config/$1 is '$got', want '$2'"
}

# An unprivileged user for the permission checks.
echo 'xtuser:x:1001:1001::/:/bin/bash' >>/etc/passwd
echo 'xtuser:x:1001:' >>/etc/group
as_xtuser() {
	su -s /bin/bash xtuser -c "$*"
}

xtrail watch >/tmp/watch.jsonl 2>/tmp/watch.err &
watch_pid=$!

wait_console '@@CTL-READY' 60 || fail "guest not ready"

# Bad input: 1 bad command line or value, 3 not root, 4 unknown domain.
expect_rc 4 xtrail config get 999
expect_rc 4 xtrail pause 999
expect_rc 1 xtrail config set "$DOMID" ignore-path=relative/path
expect_rc 1 xtrail config set "$DOMID" ignore-uid=1,2,3,4,5,6,7,8,9
expect_rc 1 xtrail config set "$DOMID" ignore-port=65536
expect_rc 1 xtrail config set "$DOMID" ignore-comm=way-too-long-a-name
expect_rc 1 xtrail config set "$DOMID" events=exec,bogus
expect_rc 1 xtrail config set "$DOMID" colour=red
expect_rc 1 xtrail config get 0
expect_rc 1 xtrail pause 1 2
expect_rc 3 as_xtuser /usr/sbin/xtrail pause "$DOMID"
expect_rc 3 as_xtuser /usr/sbin/xtrail config set "$DOMID" events=all
expect_rc 3 as_xtuser /usr/sbin/xtrail watch
expect_rc 3 as_xtuser /usr/sbin/xtrail watch --events-only
expect_rc 3 as_xtuser /usr/sbin/xtrail status
expect_rc 3 as_xtuser /usr/sbin/xtrail config get "$DOMID"
expect_rc 1 as_xtuser "echo 1 >/sys/module/xtrail_dom0/parameters/paused"
[ -z "$(xenstore-list "$be/config" 2>/dev/null || true)" ] ||
	fail "a refused setting was written"

# Filters: every key in one transaction, exactly as given.
xtrail config set "$DOMID" ignore-uid=2000,3000 \
	ignore-comm=nosuchtask1,nosuchtask2 \
	ignore-path=/nonexistent/a,/var/empty/b ignore-port=9,65535
xs_is ignore-uid 2000,3000
xs_is ignore-comm nosuchtask1,nosuchtask2
xs_is ignore-path /nonexistent/a,/var/empty/b
xs_is ignore-port 9,65535
result "@@GET $(xtrail config get "$DOMID" | tr '\n' ' ')"

# Event classes: exec off, then on again.
xtrail config set "$DOMID" events=fork,exit,file,net,tty,syscall
xs_is events fork,exit,file,net,tty,syscall
wait_console '@@NOEXEC-DONE' 60 || fail "guest did not run the exec"
xtrail config set "$DOMID" events=all
xs_is events all
wait_console '@@EXECS-DONE' 60 || fail "guest did not run the execs"
sleep 1
result "@@S1 $(xtrail status --json)"

# Pause: no record taken while the guest floods its ring.
xtrail pause "$DOMID"
sleep 2
result "@@S2 $(xtrail status --json)"
xtrail config set "$DOMID" events=exec,fork,exit,file,net,tty
wait_console '@@FLOOD-DONE' 120 || fail "guest did not flood"
sleep 2
result "@@S3 $(xtrail status --json)"
xtrail resume "$DOMID"
sleep 4

# A second pause: a still point at which the counters can be compared
# with the log (check.sh finds it as a gap in the records' receipt times).
xtrail pause "$DOMID"
sleep 2
result "@@S4 $(xtrail status --json)"
sleep 2
xtrail resume "$DOMID"

# Clearing filters: empty values.
xtrail config set "$DOMID" ignore-uid= ignore-comm= ignore-path= \
	ignore-port= events=all
xs_is ignore-uid ""
xs_is ignore-port ""

guest_must_pass 120
sleep 1

# An administrator's terminal session in dom0: captured as a guest's.
ptyrun 'echo DOM0-KAMERA-$((6*7))
exit 0' >/tmp/pty.out || fail "ptyrun failed"
grep -q DOM0-KAMERA-42 /tmp/pty.out || fail "the pty session printed nothing"

# The module parameter, written as root: a CONTROL record each.
echo 1 >/sys/module/xtrail_dom0/parameters/paused
echo 0 >/sys/module/xtrail_dom0/parameters/paused

# Another reader while xtraild is stopped: it acknowledges what it reads.
xtraild_stop
# (its own settings: not the lab's keys, which belong to the real log)
/usr/sbin/xtraild -f -c /dev/null --plaintext -o /tmp/other.log \
	--no-auto-attach >/tmp/other.out 2>&1 &
other=$!
wait_until 10 test -s /tmp/other.log || fail "the other reader wrote nothing"
sleep 1
kill "$other"
wait "$other" || true
xtraild_start
sleep 2

# The guest powering off, or at the latest the module unloading,
# disconnects it: the watcher sees that too.
# The watcher may not have written it yet (a loaded host): wait for the
# line, 10 s at most, before stopping it.
xtrail_dom0_unload
wait_until 10 grep -q "{\"event\":\"disconnect\",\"domid\":$DOMID," /tmp/watch.jsonl || true
kill "$watch_pid"
wait "$watch_pid" || true
grep -q "{\"event\":\"pause\",\"domid\":$DOMID}" /tmp/watch.jsonl ||
	fail "xtrail watch did not see the pause ($(cat /tmp/watch.err))"
grep -q "{\"event\":\"resume\",\"domid\":$DOMID}" /tmp/watch.jsonl ||
	fail "xtrail watch did not see the resume"
grep -q "{\"event\":\"disconnect\",\"domid\":$DOMID,\"reason\":\"" \
	/tmp/watch.jsonl || fail "xtrail watch did not see the disconnect"
result "@@WATCHED $(grep -m 1 '"ctl-exec-7"' /tmp/watch.jsonl)"
result "@@WATCH-LINES $(wc -l </tmp/watch.jsonl)"

# The module gone: status says so, with its own exit status.
expect_rc 2 xtrail status
insmod /xtrail/xtrail_dom0.ko local=0
# xtraild on the new stream: the log says so, and shows the new instance.
xtraild_start
sleep 2
result "@@DOMID $DOMID"
