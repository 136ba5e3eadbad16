#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# spam scenario, host side: the F3 file shipped from dom0 is encrypted to
# the auditor (the spam's text is nowhere in it), verifies with the initial
# sealing key, and exported on the host (the forensic workstation) with the
# auditor's secret key it must hold the spam exec record.
. "$(dirname "$0")/../../check-lib.sh" "$1"

grep -q '^@@XS backend=4 frontend=4' "$dir/results.log"
keys=$lab/../../build/lab/keys
# one xtraild run: a segment, and one more per seal (a new key each)
grep -Eq 'OK: [0-9]+ segments, [0-9]+ records, [1-9][0-9]* seals' "$dir/verify-dom0.log"
for s in spamSubject winai.wongthai; do
	if grep -a -q "$s" "$dir/f3.log"; then
		echo "check: '$s' in plaintext in F3" >&2
		exit 1
	fi
done
"$xtrail" verify "$dir/f3.log" --seal-key "$keys/seal.key" --key "$keys/auditor.key"
# The workstation exports with the auditor's secret key.
"$xtrail" export --key "$keys/auditor.key" "$dir/f3.log" >"$dir/export.jsonl"
grep -q spamSubject "$dir/export.jsonl"
grep -q winai.wongthai "$dir/export.jsonl"
"$lab/expect-exec.sh" "$dir/export.jsonl" "$domid" 1000 mail \
	mail -s spamSubject winai.wongthai@ncl.ac.uk
