# SPDX-License-Identifier: GPL-2.0
#
# check-lib.sh: sourced by the scenarios' host-side check.sh as
#
#	. "$(dirname "$0")/../../check-lib.sh" "$1"
#
# It sets dir (the run directory), lab (tests/lab), xtrail (the host-built
# CLI), domid (the guest's, from the @@DOMID result line) and log (the run's
# F3, exported on the host: $dir/export.jsonl), and defines
#
#	expect NAME JQ-FILTER   a record matching the filter must exist; the
#	                        first one is printed. In the filter, $d is the
#	                        guest's domid; EXPECT_ARGS adds jq arguments.
#	result_value REGEX      the first capture of REGEX in results.log
#	check_merge_order       the whole log is in merge order
#
# and everything in log-checks.sh (dmesg_clean, absent, present, ...).
# and DOM0_MADE, a jq array of the record types dom0 makes about a guest
# (under the guest's domid): a guest's own records are the others.
set -euo pipefail
dir=$1
lab=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
xtrail=$lab/../../userspace/xtrail
log=$dir/export.jsonl
EXPECT_ARGS=()
# dmesg_clean, absent, present and the scenarios' own log checks.
. "$lab/log-checks.sh"

# results.log also holds the shipped guest console: first match only.
result_value() {
	sed -n "s/^$1\$/\\1/p" "$dir/results.log" | head -n 1
}

DOM0_MADE='["connect", "disconnect", "clock", "violation", "seq_gap",
	"heartbeat_silence", "refused", "dom0_lost", "flow", "flow_lost"]'

# The merge key never decreases along the log (shared/xtrail_proto.h, "The
# merge"; the window and the mode come from the CLOCK records).
check_merge_order() {
	jq -sc '
	def key($w; $x): if $x and .ts_xen then
		(if .ts_ns > .recv_ns then .recv_ns
		 elif .recv_ns - .ts_ns > $w then .recv_ns - $w
		 else .ts_ns end) else .recv_ns end;
	reduce .[] as $r ({w: 0, x: false, last: 0, n: 0, bad: null};
		if $r.type == "clock" and $r.merge_window_ns != null then
			.w = $r.merge_window_ns | .x = $r.merge_xen else . end |
		.w as $w | .x as $x | ($r | key($w; $x)) as $k |
		(if $k < .last and .bad == null then
			.bad = {seq: $r.seq, domid: $r.domid, key: $k, after: .last}
		 else . end) |
		.last = ([.last, $k] | max) | .n += 1) |
	if .bad then error("out of merge order: \(.bad)") else
		"check: \(.n) records in merge order (window \(.w) ns, Xen keys \(.x))"
	end' "$log" | tr -d '"'
}

expect() {
	local m
	m=$(jq -nc --argjson d "$domid" "${EXPECT_ARGS[@]}" \
		"first(inputs | select($2))" "$log")
	if [ -z "$m" ]; then
		echo "check: no $1 record" >&2
		exit 1
	fi
	echo "check: $1: $m"
}

grep -q '^@@RESULT PASS$' "$dir/results.log"
domid=$(result_value '@@DOMID \([0-9]*\)')
[ -n "$domid" ] || { echo "check: no @@DOMID line" >&2; exit 1; }
"$xtrail" export "$dir/f3.log" >"$log"
