#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# hostile-race scenario, host side. dom0 validates only its private copy
# of a record, once, so however the guest's rewrites interleave with the
# copy, each racing FORK record (child pid 0x5ace) is either logged intact
# or caught: exactly rounds - 1 of them are in F3, then one VIOLATION
# "non-zero padding" for a FORK of 104 bytes in ring 0, a DISCONNECT for
# it, and the honest module logs again. No oops, WARNING or BUG in dom0.
set -euo pipefail
. "$(dirname "$0")/../../check-lib.sh" "$1"

for word in before-the-race after-the-race; do
	expect "exec $word" ".type == \"exec\" and .domid == \$d and
		.argv == [\"/bin/echo\", \"$word\"] and .uid == 1000"
done
rounds=$(tr -d '\r' <"$dir/console-guest.log" |
	sed -n 's/^@@RACE-ROUNDS \([0-9]*\)$/\1/p' | head -n 1)
[ -n "$rounds" ] || { echo "check: no @@RACE-ROUNDS line" >&2; exit 1; }
taken=$(jq -c --argjson d "$domid" 'select(.domid == $d and
	.type == "fork" and .child_pid == 23246)' "$log" | wc -l)
echo "check: the race published $rounds records; dom0 logged $taken intact"
[ "$taken" -eq $((rounds - 1)) ] ||
	{ echo "check: want $((rounds - 1)) intact racing records" >&2; exit 1; }
expect "violation" '.type == "violation" and .domid == $d and
	.reason == "non-zero padding" and .ring == 0 and .rec_type == 3 and
	.rec_len == 104'
n=$(jq -c --argjson d "$domid" 'select(.domid == $d and
	.type == "violation")' "$log" | wc -l)
[ "$n" -eq 1 ] || { echo "check: $n violations, want 1" >&2; exit 1; }
expect "disconnect for the violation" '.type == "disconnect" and
	.domid == $d and .reason == "violation"'
dmesg_clean "$dir/dmesg-dom0.log"
echo "check: hostile-race OK"
