#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dom0 scenario, host side: dom0's own exec and file records (domid 0) and
# the guest's records are in one log, each source numbered without gaps.
. "$(dirname "$0")/../../check-lib.sh" "$1"

expect "dom0 admin exec" '.type == "exec" and .domid == 0 and
	.argv == ["/bin/echo", "from-dom0-admin"] and .loginuid == 1000'
expect "dom0 file create" '.type == "file" and .domid == 0 and
	.path == "/tmp/dom0-file" and .resolved and .ret >= 0'
expect "guest exec" '.type == "exec" and .domid == $d and
	.argv == ["/bin/echo", "from-the-guest"] and .uid == 1000'
# dom0's records: per CPU, sequence numbers without gaps (a LOST record
# stands for the numbers it lists, and takes the one after them).
gaps=$(jq -s '[.[] | select(.domid == 0 and .type != "clock" and
	.type != "connect" and .type != "disconnect" and .type != "control" and
	.type != "stream_jump" and .type != "stream_end")] | group_by(.vcpu) |
	map(sort_by(.seq) | . as $r | [range(1; length) |
	select((if $r[.].type == "lost" then $r[.].first_seq else $r[.].seq end)
	       != $r[. - 1].seq + 1)] | length) | add // 0' "$log")
[ "$gaps" -eq 0 ] || { echo "check: $gaps gaps in dom0's sequence numbers" >&2; exit 1; }
n=$(jq -c 'select(.domid == 0 and .type != "clock")' "$log" | wc -l)
echo "check: dom0 OK ($n dom0 records, no gaps)"
