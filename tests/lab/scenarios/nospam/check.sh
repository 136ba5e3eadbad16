#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# nospam scenario, host side: the log holds the ham mail (so the pipeline
# worked) and the spam checker, run on it, must fail.
. "$(dirname "$0")/../../check-lib.sh" "$1"

"$lab/expect-exec.sh" "$dir/export.jsonl" "$domid" 1000 mail \
	mail -s hamSubject winai.wongthai@ncl.ac.uk
if "$lab/expect-exec.sh" "$dir/export.jsonl" "$domid" 1000 mail \
	mail -s spamSubject winai.wongthai@ncl.ac.uk; then
	echo "check: the spam checker passed on a log without spam" >&2
	exit 1
fi
echo "check: spam checker correctly failed"
