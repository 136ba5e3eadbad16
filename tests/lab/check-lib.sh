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
set -euo pipefail
dir=$1
lab=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
xtrail=$lab/../../userspace/xtrail
log=$dir/export.jsonl
EXPECT_ARGS=()

# results.log also holds the shipped guest console: first match only.
result_value() {
	sed -n "s/^$1\$/\\1/p" "$dir/results.log" | head -n 1
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
