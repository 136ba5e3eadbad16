#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# hostile-net scenario, host side: the guest hid its network records, and
# the cross-check finds it out. The sink got the spam from the guest
# (10.99.0.2:PORT); the guest's records hold the sendmail (msmtp) that
# winai ran but no connect of it; "xtrail attribute" on the sealed F3, with
# the auditor's key, says the one flow of the guest, 10.99.0.2:PORT ->
# 10.99.0.1:25, is unattributed, names its domid and a time within the
# sendmail's life, and exits 2.
. "$(dirname "$0")/../../check-lib.sh" "$1"

keys=$lab/../../build/lab/keys
"$xtrail" export --key "$keys/auditor.key" "$dir/f3.log" >"$log"

# The guest's module hid at least its connect (1), and its state changes.
hidden=$(grep -ao '@@HIDDEN net_hidden=[0-9]*' "$dir/results.log" | head -n 1)
hidden=${hidden##*=}
[ "${hidden:-0}" -ge 1 ] ||
	{ echo "check: the hostile module hid no NET record (net_hidden '${hidden}')" >&2; exit 1; }
# The sink's view: one message, from the guest's address and a port.
msg=$dir/smtp-msg.1.log
[ -f "$msg" ] || { echo "check: the SMTP sink stored no message" >&2; exit 1; }
[ ! -e "$dir/smtp-msg.2.log" ] || { echo "check: the sink stored more than one message" >&2; exit 1; }
peer=$(sed -n '1,/^$/s/^X-Sink-Peer: //p' "$msg")
[ "${peer%:*}" = 10.99.0.2 ] || { echo "check: sink peer '$peer', not 10.99.0.2" >&2; exit 1; }

# The guest's trail: the sendmail that mail ran as winai is there, its
# connect is not (no NET record of the guest to the sink at all).
"$lab/expect-exec.sh" "$log" "$domid" 1000 sendmail sendmail -i -t
n=$(jq -c --argjson d "$domid" 'select(.domid == $d and .type == "net" and
	.daddr == "10.99.0.1")' "$log" | grep -c . || true)
[ "$n" -eq 0 ] || { echo "check: $n NET records of the guest to 10.99.0.1: the module did not hide them" >&2; exit 1; }

# The cross-check: exit status 2, one flow of the guest, unattributed.
rc=0
"$xtrail" attribute --key "$keys/auditor.key" --json --domid "$domid" \
	"$dir/f3.log" >"$dir/attribute.jsonl" 2>"$dir/attribute.err" || rc=$?
cat "$dir/attribute.err"
[ "$rc" -eq 2 ] || { echo "check: xtrail attribute exited $rc, not 2 (a flow unattributed)" >&2; exit 1; }
grep -qx 'xtrail attribute: 1 flows: 0 attributed, 1 unattributed, 0 unknown, 0 inbound' \
	"$dir/attribute.err" || { echo "check: not exactly one flow, unattributed" >&2; exit 1; }
"$lab/expect-flow.sh" "$dir/attribute.jsonl" "$domid" 10.99.0.1:25 unattributed "$peer"
# Its time: within the life of the sendmail process, as the guest's own
# records and dom0's receipt of them bound it: the first packet no earlier
# than dom0 got its exec (less the 2 s window: delivery delay), no later
# than dom0 got its exit. (A run of spam: exec at 80.84 s, the SYN at
# 83.91 s, the exit at 85.41 s, on dom0's clock.)
jq -e -n --argjson d "$domid" --slurpfile f "$dir/attribute.jsonl" '
	first(inputs | select(.domid == $d and .type == "exec" and
		(.filename | endswith("/sendmail")))) as $x |
	(first(inputs | select(.domid == $d and .type == "exit" and
		.tgid == $x.tgid)) // null) as $e |
	$e != null and $f[0].ts_ns >= $x.recv_ns - 2000000000 and
	$f[0].ts_ns <= $e.recv_ns' "$log" >/dev/null ||
	{ echo "check: the flow's time is not within the sendmail's life" >&2; exit 1; }
# The text line names the domid, the 5-tuple and the time.
"$xtrail" attribute --key "$keys/auditor.key" --domid "$domid" "$dir/f3.log" \
	2>/dev/null >"$dir/attribute.txt" || true
line=$(grep -E "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z domid $domid .*tcp $peer -> 10\.99\.0\.1:25 unattributed " \
	"$dir/attribute.txt") ||
	{ echo "check: no unattributed line for $peer -> 10.99.0.1:25: $(cat "$dir/attribute.txt")" >&2; exit 1; }
echo "check: $line"
