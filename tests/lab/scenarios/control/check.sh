#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# control scenario, host side: what the control plane said (results.log)
# against what the log holds. The exec class was off and on when it should
# be; the status snapshots agree with the log: at each pause (a gap in the
# guest's receipt times) the records taken so far, and the losses the
# guest had reported, are exactly those before the gap; the ring filled
# while paused; dom0's own source counted what the log holds of it;
# xtrail watch printed a record as the log has it. Operators are logged:
# a CONTROL record for each change, by root through xtrail (or a shell, for
# the module parameter), none for the refused user; the pauses are there
# as pause records, at the gaps; the reader that acknowledged records in
# xtraild's absence left a STREAM_JUMP record; the reload a new instance;
# an administrator's terminal session in dom0 is captured; xtraild's
# clean stops are marked.
. "$(dirname "$0")/../../check-lib.sh" "$1"

die() {
	echo "check: $*" >&2
	exit 1
}

# Source $2 (a domid) of status snapshot @@$1, as one JSON object.
src() {
	result_value "@@$1 \\(\\[.*\\]\\)" |
		jq -c --argjson d "$2" 'first(.[] | select(.domid == $d))'
}

get=$(result_value '@@GET \(.*\)')
for kv in ignore-uid=2000,3000 ignore-comm=nosuchtask1,nosuchtask2 \
	ignore-path=/nonexistent/a,/var/empty/b ignore-port=9,65535; do
	case " $get " in
	*" $kv "*) ;;
	*) die "config get did not show $kv: $get" ;;
	esac
done
[ "$(grep -c '^@@RC ' "$dir/results.log")" -ge 18 ] ||
	die "exit status checks missing"
# A user without CAP_NET_ADMIN reads nothing either, and is told why.
for c in status "config get" "watch --events-only"; do
	grep -q "^@@RC 3 as_xtuser /usr/sbin/xtrail $c.*: .*not permitted.*CAP_NET_ADMIN" \
		"$dir/results.log" || die "no clear refusal of xtrail $c for xtuser"
done

# Operators' actions: CONTROL records, who (root, through xtrail), what
# and the result.
ctl() {
	jq -c --argjson d "$domid" "select(.type == \"control\" and $1)" "$log"
}
ctl_one() {
	local m
	m=$(ctl "$2" | head -n 1)
	[ -n "$m" ] || die "no control record for $1"
	echo "check: control $1: $m"
}
ctl_n() {
	local n
	n=$(ctl "$2" | wc -l)
	[ "$n" -eq "$3" ] || die "$n control records for $1, want $3"
}
byroot='.uid == 0 and .euid == 0 and .comm == "xtrail" and .domid == 0'
ctl_one "the load" '.action == "load" and .comm == "insmod" and
	(.text | test("(^| )paused=N( |$)"))'
# Each load with its parameters: local=1, then (the reload) local=0.
loads=$(ctl '.action == "load"' |
	jq -sc 'map(.text | capture("(^| )local=(?<l>[YN])( |$)").l)')
[ "$loads" = '["Y","N"]' ] || die "the loads' local: $loads, want Y, then N"

ctl_one "xtraild's open" '.action == "open" and .comm == "xtraild" and
	.result == "applied"'
ctl_one "the attach" ".action == \"attach\" and .target == \$d"
ctl_one "the filters" "$byroot and .action == \"config\" and
	.target == \$d and .result == \"applied\" and
	.text == \"ignore-uid=2000,3000 ignore-comm=nosuchtask1,nosuchtask2 ignore-path=/nonexistent/a,/var/empty/b ignore-port=9,65535\""
ctl_one "exec off" "$byroot and .action == \"config\" and
	.target == \$d and .text == \"events=fork,exit,file,net,tty,syscall\""
ctl_one "pause of an unknown guest, refused" "$byroot and
	.action == \"pause\" and .target == 999 and .result == \"refused\" and
	.errno == 2"
ctl_n "pauses of the guest" "$byroot and .action == \"pause\" and
	.target == \$d and .result == \"applied\"" 2
ctl_n "resumes of the guest" "$byroot and .action == \"resume\" and
	.target == \$d and .result == \"applied\"" 2
ctl_one "paused=1" '.action == "param" and .text == "paused=1" and
	.uid == 0 and .result == "applied"'
ctl_one "paused=0" '.action == "param" and .text == "paused=0" and
	.uid == 0 and .result == "applied"'
ctl_n "the refused user" '.uid == 1001' 0
# The other reader: its close, then xtraild's mark of the records it took.
# A close is logged by the next open: xtraild's first stop by the other
# reader's open (so in the other reader's log), the other reader's by
# xtraild's, and xtraild's close before the reload by none. One in F3.
ctl_n "closes" '.action == "close"' 1
ctl_one "the other reader's close" '.action == "close" and .comm == "xtraild" and
	(.text | test(": pid [0-9]+ [(]xtraild[)] uid 0 .* acknowledged below record [1-9]"))'
expect "xtraild's stream jump" '.type == "stream_jump" and .kind == "skip" and
	.missing > 0 and .comm == "xtraild"'
# dom0's own terminal session: what was typed and what it printed.
expect "keystrokes on dom0's pty" '.type == "tty" and .domid == 0 and .input and
	(.tty | startswith("pts")) and (.data | contains("DOM0-KAMERA-$((6*7))"))'
expect "output on dom0's pty" '.type == "tty" and .domid == 0 and
	(.input | not) and (.tty | startswith("pts")) and
	(.data | contains("DOM0-KAMERA-42"))'
# xtraild's clean stops: each says where in which stream it stopped.
expect "xtraild's clean stop" '.type == "stream_end" and .signal == 15 and
	.comm == "xtraild"'
# The reload: a new stream, a new instance.
expect "the new stream" '.type == "stream_jump" and .kind == "new_stream"'
n=$(ctl '.action == "load"' | jq -r .instance | sort -u | wc -l)
[ "$n" -eq 2 ] || die "$n module instances in the log, want 2"

# Event classes: no exec while exec was off; the 20 after it, all there.
n=$(jq -c --argjson d "$domid" 'select(.domid == $d and .type == "exec" and
	.argv == ["/bin/echo", "ctl-noexec"])' "$log" | wc -l)
[ "$n" -eq 0 ] || die "exec recorded while the class was off"
noexec_pid=$(tr -d '\r' <"$dir/console-guest.log" |
	sed -n 's/^@@NOEXEC-PID \([0-9]*\)$/\1/p' | head -n 1)
[ -n "$noexec_pid" ] || die "no @@NOEXEC-PID line"
EXPECT_ARGS=(--argjson pid "$noexec_pid")
expect "echo ctl-noexec's exit (other classes stayed on)" \
	'.domid == $d and .type == "exit" and .pid == $pid and .tgid == $pid and
	.comm == "echo" and .exit_status == 0 and .exit_signal == 0 and
	(.thread | not)'
EXPECT_ARGS=()
n=$(jq -c --argjson d "$domid" 'select(.domid == $d and .type == "exec" and
	(.argv[1] // "" | startswith("ctl-exec-")))' "$log" | wc -l)
[ "$n" -eq 20 ] || die "$n of the 20 execs recorded"

s1=$(src S1 "$domid") s2=$(src S2 "$domid") s3=$(src S3 "$domid")
s4=$(src S4 "$domid") d4=$(src S4 0)
echo "check: S1 $s1"
echo "check: S3 $s3"
echo "check: S4 $s4"
echo "check: S4 dom0 $d4"
jq -e '.state == "connected" and (.paused | not) and .name != "" and
	.rings == 1 and .ring_size == 32768 and .records >= 20 and
	.violations == 0' <<<"$s1" >/dev/null || die "S1 wrong: $s1"
jq -e '.paused' <<<"$s2" >/dev/null || die "S2 not paused: $s2"
jq -e --argjson s2 "$s2" '.paused and .records == $s2.records and
	.ring_used * 2 > .ring_size' <<<"$s3" >/dev/null ||
	die "records taken while paused, or the ring did not fill: $s2 / $s3"
jq -e '.lost > 0' <<<"$s4" >/dev/null || die "no losses reported: $s4"

# The guest's records in receipt order; the two longest gaps are the
# pauses (each at least 4 s, against a heartbeat a second).
read -r g1 g2 lost2 < <(jq -s -r --argjson d "$domid" '
	[.[] | select(.domid == $d and .type != "connect" and
		      .type != "disconnect" and .type != "violation" and
		      .type != "vm_identity")] |
	sort_by(.recv_ns) as $r |
	[range(1; $r | length) | {i: ., gap: ($r[.].recv_ns - $r[. - 1].recv_ns)}] |
	sort_by(-.gap) | .[0:2] | map(select(.gap > 2500000000)) |
	sort_by(.i) | map(.i) as $g |
	if ($g | length) != 2 then "none" else
	"\($g[0]) \($g[1]) \([$r[0:$g[1]][] | select(.type == "lost") | .count] | add // 0)"
	end' "$log")
[ "$g1" != none ] || die "no two pauses in the guest's receipt times"
echo "check: pauses after $g1 and $g2 records; $lost2 lost reported before the second"
# Each pause is in the log as a pause record, where the records stop.
jq -s -e --argjson d "$domid" --argjson g1 "$g1" --argjson g2 "$g2" '
	([.[] | select(.domid == $d and .type != "connect" and
		       .type != "disconnect" and .type != "violation" and
		       .type != "vm_identity")] |
	 sort_by(.recv_ns)) as $r |
	[.[] | select(.type == "control" and .action == "pause" and
		      .target == $d and .result == "applied") | .recv_ns] as $p |
	($p | length) == 2 and
	$p[0] >= $r[$g1 - 1].recv_ns - 1000000000 and $p[0] <= $r[$g1].recv_ns and
	$p[1] >= $r[$g2 - 1].recv_ns - 1000000000 and $p[1] <= $r[$g2].recv_ns' \
	"$log" >/dev/null || die "the pause records are not at the pauses"
jq -e --argjson n "$g1" '.records == $n' <<<"$s3" >/dev/null ||
	die "first pause: status says $(jq .records <<<"$s3") records, the log $g1"
jq -e --argjson n "$g2" --argjson l "$lost2" '.records == $n and .lost == $l' \
	<<<"$s4" >/dev/null ||
	die "second pause: status $(jq -c '{records, lost}' <<<"$s4"), the log $g2 records, $lost2 lost"

# dom0's own source: counted, nothing lost, and the log has at least that.
n=$(jq -c 'select(.domid == 0 and .type != "clock")' "$log" | wc -l)
jq -e --argjson n "$n" '.name == "Domain-0" and .state == "local" and
	.records > 0 and .records <= $n' <<<"$d4" >/dev/null ||
	die "dom0's source wrong (log: $n records): $d4"

# xtrail watch printed the record as the log has it.
w=$(result_value '@@WATCHED \(.*\)')
[ -n "$w" ] || die "xtrail watch printed no ctl-exec-7 record"
jq -e --argjson d "$domid" '.type == "exec" and .domid == $d and
	.argv == ["/bin/echo", "ctl-exec-7"]' <<<"$w" >/dev/null ||
	die "xtrail watch's record is wrong: $w"
m=$(jq -c --argjson d "$domid" 'select(.domid == $d and .type == "exec" and
	.argv == ["/bin/echo", "ctl-exec-7"]) | .seq' "$log")
[ "$(jq .seq <<<"$w")" = "$m" ] || die "watch seq $(jq .seq <<<"$w"), log $m"
# xtraild's records keep the log in merge order (they take a neighbour's time).
check_merge_order
dmesg_clean "$dir/dmesg-dom0.log" || die "dom0's kernel log is cut or complains"
echo "check: control OK"
