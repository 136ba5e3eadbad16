#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# expect-flow.sh JSONL DOMID DST VERDICT SRC [UID COMM EXE ARG0 [ARG...]]
#
# The lab's checker of the cross-check: JSONL is the output of "xtrail
# attribute --json". It succeeds only if exactly one flow of domain DOMID
# goes to DST (address:port), with the verdict VERDICT (attributed,
# unattributed, unknown, inbound), from SRC (address:port), with a time
# (RFC 3339) and a first packet time (ts_ns); and, when UID is given, the
# process the guest's record names is uid UID (real and login uid) with
# comm COMM, its program's path ends in /EXE and its argv is exactly ARG0
# ARG... On success it prints the flow; on failure what it found.
set -euo pipefail

[ $# -eq 5 ] || [ $# -ge 9 ] || {
	echo "usage: $0 JSONL DOMID DST VERDICT SRC [UID COMM EXE ARG0 [ARG...]]" >&2
	exit 2
}
jsonl=$1 domid=$2 dst=$3 verdict=$4 src=$5
shift 5
flows=$(jq -c --argjson d "$domid" --arg dst "$dst" \
	'select(.domid == $d and .dst == $dst)' "$jsonl")
n=$(grep -c . <<<"$flows" || true)
if [ "$n" -ne 1 ]; then
	echo "expect-flow: $n flows of domain $domid to $dst, not 1: $flows" >&2
	exit 1
fi
if [ $# -eq 0 ]; then
	proc=true
else
	uid=$1 comm=$2 exe=$3
	shift 3
	argv=$(printf '%s\n' "$@" | jq -Rc . | jq -sc .)
	proc=".uid == $uid and .loginuid == $uid and .comm == $(jq -Rc . <<<"$comm") and
	      (.exe | endswith(\"/\" + $(jq -Rc . <<<"$exe"))) and .argv == $argv"
fi
if jq -e --arg v "$verdict" --arg src "$src" ".verdict == \$v and .src == \$src and
	.ts_ns > 0 and (.time | type) == \"string\" and
	(.time | test(\"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z$\")) and ($proc)" \
	<<<"$flows" >/dev/null; then
	echo "expect-flow: found $flows"
	exit 0
fi
echo "expect-flow: the flow of domain $domid to $dst is not $verdict from $src${uid:+, uid $uid, $comm, $exe, argv $argv}: $flows" >&2
exit 1
