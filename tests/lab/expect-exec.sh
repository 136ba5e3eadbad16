#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# expect-exec.sh JSONL DOMID UID FILENAME ARG0 [ARG...]
#
# The lab's record checker: succeeds only if the exported log JSONL (from
# "xtrail export") holds an exec record from domain DOMID, run by uid UID
# (real and login uid), whose filename ends in FILENAME and whose argv is
# exactly ARG0 ARG..., with a timestamp (ts_ns and an RFC 3339 time). On
# success it prints the matching record; on failure it says what was closest.
set -euo pipefail

[ $# -ge 5 ] || {
	echo "usage: $0 JSONL DOMID UID FILENAME ARG0 [ARG...]" >&2
	exit 2
}
jsonl=$1 domid=$2 uid=$3 fn=$4
shift 4
# One argument per line (the checker's arguments hold no newline).
argv=$(printf '%s\n' "$@" | jq -Rc . | jq -sc .)

match=$(jq -nc --argjson domid "$domid" --argjson uid "$uid" --arg fn "$fn" \
	--argjson argv "$argv" 'first(inputs |
	select(.type == "exec" and .domid == $domid and .uid == $uid and
	       .loginuid == $uid and (.filename | endswith("/" + $fn)) and
	       .argv == $argv and .ts_ns > 0 and
	       (.time | type) == "string" and
	       (.time | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z$"))))' \
	"$jsonl")

if [ -n "$match" ]; then
	echo "expect-exec: found $match"
	exit 0
fi
echo "expect-exec: no exec record of domain $domid, uid $uid, $fn, argv $argv" >&2
near=$(jq -nc --arg fn "$fn" 'limit(3; inputs | select(.type == "exec" and
	(.filename | endswith("/" + $fn))))' "$jsonl")
[ -z "$near" ] || echo "expect-exec: records for $fn: $near" >&2
exit 1
