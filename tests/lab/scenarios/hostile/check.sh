#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# hostile scenario, host side: the honest records before the lie, the
# evidence of the sequence gap and of the silence (once each), a
# VIOLATION record naming the lie, a DISCONNECT for violation, logging again
# after it; then the guest's FLOW record: a VIOLATION "record type not
# allowed" of type 0x10a, and no FLOW record of this guest in the log (the
# lab guest has no vif: dom0 makes none); and dom0's kernel log without
# oops, WARNING or BUG.
set -euo pipefail
. "$(dirname "$0")/../../check-lib.sh" "$1"

for word in before-the-lie from-the-liar after-the-evidence after-the-lie \
	after-the-flow; do
	expect "exec $word" ".type == \"exec\" and .domid == \$d and
		.argv == [\"/bin/echo\", \"$word\"] and .uid == 1000"
done
# The gap: 5 numbers of ring 0, neither delivered nor reported lost.
expect "sequence gap" '.type == "seq_gap" and .domid == $d and .ring == 0 and
	.kind == "missing" and .missing == 5 and .got == .expected + 5'
# Counted up to the violation: once disconnected for it, the hostile module
# may connect again by itself (a frontend retries) before the guest's script
# unbinds it, and its rings then hold more of its lies.
viol=$(jq -r --argjson d "$domid" \
	'select(.type == "violation" and .domid == $d) | .recv_ns' "$log" |
	head -n 1)
[ -n "$viol" ] || { echo "check: no violation record" >&2; exit 1; }
n=$(jq -c --argjson d "$domid" --argjson v "$viol" \
	'select(.type == "seq_gap" and .domid == $d and .recv_ns < $v)' \
	"$log" | wc -l)
[ "$n" -eq 1 ] || { echo "check: $n seq_gap records, want 1" >&2; exit 1; }
# The silence: once stopped (limit 5 x 500 ms), once resumed.
expect "heartbeats stopped" '.type == "heartbeat_silence" and .domid == $d and
	.state == "stopped" and .period_ms == 500 and .limit_ms == 2500 and
	.silent_ns > 2500000000'
expect "heartbeats resumed" '.type == "heartbeat_silence" and .domid == $d and
	.state == "resumed" and .silent_ns > 4000000000'
n=$(jq -c --argjson d "$domid" --argjson v "$viol" \
	'select(.type == "heartbeat_silence" and .domid == $d and
		.recv_ns < $v) | .state' \
	"$log" | tr -d '"' | tr '\n' ' ')
[ "$n" = "stopped resumed " ] ||
	{ echo "check: heartbeat_silence records: $n" >&2; exit 1; }
expect "violation" '.type == "violation" and .domid == $d and
	.reason == "record length out of bounds" and .ring == 0 and
	.rec_len == 12'
expect "disconnect for the violation" '.type == "disconnect" and
	.domid == $d and .reason == "violation"'
# The FLOW record: refused by its type (0x10a = 266), in ring 0, whole (a
# header of 88 bytes and a body of 112), once (the liar wrote one).
expect "violation for the flow" '.type == "violation" and .domid == $d and
	.reason == "record type not allowed" and .rec_type == 266 and
	.ring == 0 and .rec_len == 200'
n=$(jq -c --argjson d "$domid" 'select(.type == "violation" and .domid == $d and
	.rec_type == 266)' "$log" | wc -l)
[ "$n" -eq 1 ] || { echo "check: $n violations for a FLOW record, want 1" >&2; exit 1; }
fv=$(jq -r --argjson d "$domid" 'select(.type == "violation" and .domid == $d and
	.rec_type == 266) | .recv_ns' "$log")
expect "disconnect for the flow" ".type == \"disconnect\" and .domid == \$d and
	.reason == \"violation\" and .recv_ns >= $fv"
# dom0 makes no FLOW record of this guest (no vif), and took none from it.
n=$(jq -c --argjson d "$domid" 'select(.domid == $d and (.type == "flow" or
	.type == "flow_lost"))' "$log" | wc -l)
[ "$n" -eq 0 ] || { echo "check: $n flow records of the guest, want 0 (no vif)" >&2; exit 1; }
dmesg_clean "$dir/dmesg-dom0.log"
echo "check: hostile OK"
