#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# spam scenario, host side: the F3 file shipped from dom0 is exported on the
# host (the forensic workstation) and must hold the spam exec record.
set -euo pipefail
dir=$1
lab=$(cd "$(dirname "$0")/../.." && pwd)
xtrail=$lab/../../userspace/xtrail

grep -q '^@@RESULT PASS$' "$dir/results.log"
grep -q '^@@XS backend=4 frontend=4' "$dir/results.log"
domid=$(sed -n 's/^@@DOMID \([0-9]*\)$/\1/p' "$dir/results.log")
[ -n "$domid" ] || { echo "check: no @@DOMID line" >&2; exit 1; }
# What dom0's own xtrail exported, and what the workstation exports.
"$xtrail" export "$dir/f3.log" >"$dir/export.jsonl"
for f in export-dom0.log export.jsonl; do
	"$lab/expect-exec.sh" "$dir/$f" "$domid" 1000 mail \
		mail -s spamSubject winai.wongthai@ncl.ac.uk
done
