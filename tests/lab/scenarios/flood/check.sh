#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# flood scenario, host side: the drop flood lost records and said so in
# LOST records; in wait mode every dropped record was first waited for, and
# no longer than the bound (2 ms each); and delivered + lost == generated
# throughout. The floods' LOST records are told apart by the guest's marker
# between them (log-checks.sh: flood_phases, wait_bounded).
. "$(dirname "$0")/../../check-lib.sh" "$1"

result_value '@@CONFIG \(events=file flood=wait flood-wait-us=2000 \)' | grep -q . || {
	echo "check: xtrail config did not show the settings" >&2
	exit 1
}
drop_us=$(result_value '@@DROP us=\([0-9]*\) med=[0-9]*')
wait_us=$(result_value '@@WAIT us=\([0-9]*\) med=[0-9]*')
drop_med=$(result_value '@@DROP us=[0-9]* med=\([0-9]*\)')
wait_med=$(result_value '@@WAIT us=[0-9]* med=\([0-9]*\)')
[ -n "$drop_med" ] && [ -n "$wait_med" ] ||
	{ echo "check: the guest did not report the floods' times" >&2; exit 1; }

phases=$(flood_phases "$log" "$domid") ||
	{ echo "check: the floods' LOST records: see above" >&2; exit 1; }
read -r drop_lost wait_lost n <<<"$phases"
echo "check: drop flood: $drop_lost of 600 lost in $drop_us us"
echo "check: wait flood: $wait_lost of 600 lost in $wait_us us"
[ "$drop_lost" -gt 100 ] || { echo "check: the drop flood lost too little" >&2; exit 1; }
# Each record dropped in wait mode was waited for first, 2 ms at most:
# most were dropped, so the median open of the wait flood waited.
[ "$wait_lost" -gt 300 ] ||
	{ echo "check: the wait flood lost half or less: its median did not wait" >&2; exit 1; }
waits=$(result_value '@@WAITS .*waits: \([0-9]*\), [0-9]* us in all, longest [0-9]* us')
waited=$(result_value '@@WAITS .*waits: [0-9]*, \([0-9]*\) us in all, longest [0-9]* us')
[ -n "$waits" ] && [ -n "$waited" ] ||
	{ echo "check: the guest module did not report its waits" >&2; exit 1; }
wait_bounded "$drop_med" "$wait_med" 2000 "$wait_lost" "$waits" "$waited" "$wait_us"
[ $((n + drop_lost + wait_lost)) -ge 1200 ] || {
	echo "check: $n opens + $drop_lost + $wait_lost lost < 1200" >&2
	exit 1
}
"$lab/check-accounting.sh" "$log" "$domid" 3
echo "check: flood OK"
