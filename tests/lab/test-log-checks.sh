#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Self-test of the lab's log checks (log-checks.sh), offline: each check
# must accept a good input and refuse a missing, cut or mutated one.
# Prints "labcheck: N passed, N failed".
set -uo pipefail
lab=$(cd "$(dirname "$0")" && pwd)
. "$lab/log-checks.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 failed=0

# expect OUTCOME NAME CMD...: run CMD (a check), compare accept/reject.
expect() {
	local want=$1 name=$2 got
	shift 2
	if ("$@") >"$tmp/out" 2>&1; then
		got=accept
	else
		got=reject
	fi
	if [ "$got" = "$want" ]; then
		pass=$((pass + 1))
		echo "ok   labcheck $name: $got"
	else
		failed=$((failed + 1))
		echo "FAIL labcheck $name: $got, want $want"
		sed 's/^/     /' "$tmp/out"
	fi
}

# --- dmesg_clean, absent, present
dmesg_good() {
	printf '%s\n' '[    0.000000] Linux version 6.1.0-57-amd64' \
		'[    5.941667] xtrail_dom0: loaded, protocol 1' "$DMESG_END"
}
dmesg_good >"$tmp/dmesg.log"
expect accept dmesg-whole dmesg_clean "$tmp/dmesg.log"
expect reject dmesg-missing dmesg_clean "$tmp/none.log"
expect reject dmesg-one-missing dmesg_clean "$tmp/dmesg.log" "$tmp/none.log"
dmesg_good | head -n 2 >"$tmp/cut.log"
expect reject dmesg-cut dmesg_clean "$tmp/cut.log"
: >"$tmp/empty.log"
expect reject dmesg-empty dmesg_clean "$tmp/empty.log"
mkdir "$tmp/dir.log"
expect reject dmesg-unreadable dmesg_clean "$tmp/dir.log"
for bad in 'Oops: 0000 [#1] SMP' 'WARNING: CPU: 0 PID: 1 at x' \
	'BUG: kernel NULL pointer dereference' 'Call Trace:'; do
	{ dmesg_good | head -n 2; echo "[    9.1] $bad"; echo "$DMESG_END"; } \
		>"$tmp/bad.log"
	expect reject "dmesg-${bad%%:*}" dmesg_clean "$tmp/bad.log"
done
expect accept absent-clean absent 'records not acknowledged' "$tmp/dmesg.log" x
expect reject absent-found absent 'xtrail_dom0: loaded' "$tmp/dmesg.log" x
expect reject absent-missing absent 'anything' "$tmp/none.log" x
expect accept present-found present 'xtrail_dom0: loaded' "$tmp/dmesg.log" x
expect reject present-not-found present 'unloaded' "$tmp/dmesg.log" x
expect reject present-missing present 'anything' "$tmp/none.log" x

# --- flood_ops_loss: N pairs into a 32 KiB ring while dom0 takes nothing.
# ops_log DELIVERED_PAIRS LOST REPORTED: a made-up log of the flood of 1000
# pairs (2 records each).
ops_log() {
	jq -n -c --argjson pairs "$1" --argjson lost "$2" --argjson rep "$3" '
		(range($pairs) | {type: "file", domid: 1, path: "/etc/passwd",
			comm: "xtload"}, {type: "close", domid: 1,
			path: "/etc/passwd", comm: "xtload"}),
		(if $rep > 0 then {type: "lost", domid: 1, count: $rep} else
			empty end),
		{type: "heartbeat", domid: 1, seq: 9, generated: 2010,
			lost: $lost},
		{type: "heartbeat", domid: 1, seq: 3, generated: 20, lost: 0}'
}
ops_log 100 1800 1800 >"$tmp/ops.jsonl"
expect accept ops-ring-worth flood_ops_loss "$tmp/ops.jsonl" 1 1000 32768
ops_log 1000 0 0 >"$tmp/ops.jsonl"
expect reject ops-nothing-lost flood_ops_loss "$tmp/ops.jsonl" 1 1000 32768
ops_log 400 1200 1200 >"$tmp/ops.jsonl"
expect reject ops-more-than-a-ring flood_ops_loss "$tmp/ops.jsonl" 1 1000 32768
ops_log 100 1800 1700 >"$tmp/ops.jsonl"
expect reject ops-lost-unreported flood_ops_loss "$tmp/ops.jsonl" 1 1000 32768
ops_log 100 1700 1700 >"$tmp/ops.jsonl"
expect reject ops-records-vanished flood_ops_loss "$tmp/ops.jsonl" 1 1000 32768
ops_log 100 1800 1800 >"$tmp/ops.jsonl"
expect reject ops-other-domain flood_ops_loss "$tmp/ops.jsonl" 2 1000 32768
expect reject ops-missing flood_ops_loss "$tmp/none.jsonl" 1 1000 32768

# --- flood_phases: the LOST records of each flood, around the marker.
# phase_log MARKERS: LOST records 10..60 (drop) and 150..300 (wait), and
# MARKERS (sequence numbers of /etc/mail.rc records).
phase_log() {
	jq -n -c --argjson m "$1" '
		{type: "file", domid: 1, seq: 5, path: "/etc/passwd"},
		{type: "lost", domid: 1, seq: 61, count: 51, first_seq: 10,
			last_seq: 60},
		($m[] | {type: "file", domid: 1, seq: ., path: "/etc/mail.rc"}),
		{type: "lost", domid: 1, seq: 400, count: 151, first_seq: 150,
			last_seq: 300},
		{type: "lost", domid: 2, seq: 7, count: 7, first_seq: 0,
			last_seq: 6}'
}
phase_log '[100]' >"$tmp/phase.jsonl"
expect accept phases-found flood_phases "$tmp/phase.jsonl" 1
flood_phases "$tmp/phase.jsonl" 1 >"$tmp/phases" 2>&1
expect accept phases-told-apart grep -qx '51 151 1' "$tmp/phases"
phase_log '[]' >"$tmp/phase.jsonl"
expect reject phases-no-marker flood_phases "$tmp/phase.jsonl" 1
phase_log '[100, 120]' >"$tmp/phase.jsonl"
expect reject phases-two-markers flood_phases "$tmp/phase.jsonl" 1
phase_log '[350]' >"$tmp/phase.jsonl"
expect reject phases-no-wait-loss flood_phases "$tmp/phase.jsonl" 1
phase_log '[5]' >"$tmp/phase.jsonl"
expect reject phases-no-drop-loss flood_phases "$tmp/phase.jsonl" 1
expect reject phases-missing flood_phases "$tmp/none.jsonl" 1

# --- wait_bounded: 500 records lost in a 3 s wait flood, each waited 2 ms.
expect accept wait-bounded wait_bounded 900 2950 2000 500 500 1010000 3000000
expect accept wait-heartbeats wait_bounded 900 2950 2000 500 460 930000 3000000
expect reject wait-no-wait wait_bounded 900 1100 2000 500 0 0 3000000
expect reject wait-short wait_bounded 900 2500 2000 500 500 750000 3000000
expect reject wait-unbounded wait_bounded 900 7000 2000 500 500 3500000 4000000
expect reject wait-at-the-cap wait_bounded 900 10950 2000 500 500 5000000 6000000
expect reject wait-some-lost-no-wait wait_bounded 900 2950 2000 500 400 810000 3000000
expect reject wait-without-loss wait_bounded 900 2950 2000 500 520 1050000 3000000
expect reject wait-not-held wait_bounded 900 2950 2000 500 500 1010000 600000

# --- reload_lost
reload_log() {
	jq -n -c --argjson before "$1" '
		{type: "connect", domid: 1},
		{type: "disconnect", domid: 1, reason: "backend"},
		(if $before then {type: "lost", domid: 1, count: 49,
			first_seq: 17, last_seq: 65} else empty end),
		{type: "lost", domid: 2, count: 1000},
		{type: "disconnect", domid: 1, reason: "frontend"},
		{type: "lost", domid: 1, count: 500, first_seq: 3,
			last_seq: 502}'
}
echo "[   15.7] xtrail_domu: unloaded: 259 generated, 164 written, 97 lost" \
	>"$tmp/domu.log"
reload_log true >"$tmp/reload.jsonl"
expect accept reload-lost-reported reload_lost "$tmp/reload.jsonl" 1 "$tmp/domu.log"
reload_log false >"$tmp/reload.jsonl"
expect reject reload-nothing-lost reload_lost "$tmp/reload.jsonl" 1 "$tmp/domu.log"
reload_log true >"$tmp/reload.jsonl"
sed -i 's/ 97 lost/ 40 lost/' "$tmp/domu.log"
expect reject reload-more-than-lost reload_lost "$tmp/reload.jsonl" 1 "$tmp/domu.log"
echo "[   15.7] xtrail_domu: loaded" >"$tmp/domu.log"
expect reject reload-no-unload-line reload_lost "$tmp/reload.jsonl" 1 "$tmp/domu.log"
expect reject reload-no-dmesg reload_lost "$tmp/reload.jsonl" 1 "$tmp/none.log"
echo "[   15.7] xtrail_domu: unloaded: 259 generated, 164 written, 97 lost" \
	>"$tmp/domu.log"
grep -v frontend "$tmp/reload.jsonl" >"$tmp/reload2.jsonl"
expect reject reload-no-guest-unload reload_lost "$tmp/reload2.jsonl" 1 "$tmp/domu.log"

# --- lab_last_run: another scenario's later run is not this one's.
mkdir -p "$tmp/logs/hostile-20261207T100000Z" \
	"$tmp/logs/hostile-20261207T100000Z-2" \
	"$tmp/logs/hostile-race-20261207T110000Z" \
	"$tmp/logs/reload-under-load-20261207T120000Z"
lab_last_run "$tmp/logs" hostile >"$tmp/last"
expect accept last-run-own grep -qx "$tmp/logs/hostile-20261207T100000Z-2" "$tmp/last"
lab_last_run "$tmp/logs" reload >"$tmp/last"
expect accept last-run-none test ! -s "$tmp/last"

# --- expected_skip: .ci/expected-skips' format.
printf '%s\n' '# comment naming unit/commented' \
	'unit/test_io_error_halt   the CI machine has no loop devices' \
	'' >"$tmp/skips"
expect accept skip-listed expected_skip unit/test_io_error_halt "$tmp/skips"
expect reject skip-not-listed expected_skip unit/test_io_error_suspend "$tmp/skips"
expect reject skip-commented expected_skip unit/commented "$tmp/skips"
expect reject skip-reason-word expected_skip the "$tmp/skips"
expect reject skip-no-file expected_skip unit/x "$tmp/none"

echo "labcheck: $pass passed, $failed failed"
[ "$failed" -eq 0 ]
