#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# expect-digest.sh LOG DOMID SHA256: the digests of the exec'd programs
# (EXEC_DIGEST records, issue 20) in an exported log (xtrail export's JSON
# lines), with the guest module's digest=1:
#   - every exec of winai (uid 1000) has exactly one digest, joined by pid
#     and exec_ts_ns, and every digest of winai joins exactly one exec;
#   - the five execs of xtevade's bytes (itself, and its copies run as a
#     memfd, by a directory fd, through /proc/self/fd/N and deleted) carry
#     SHA256 (the host's sha256sum of the xtevade the lab installed),
#     whole (hashed == size, not partial), whatever name each ran under.
#     changed may be set or not: xtevade unlinks /tmp/xe-dir/xe-prog right
#     after running it twice, which changes its ctime, and the worker may
#     hash it after that (same bytes, flagged changed) or before.
# Prints what it found and fails on the first thing missing.
set -euo pipefail
log=$1
domid=$2
sha=$3

fail() {
	echo "check: digest: $*" >&2
	exit 1
}

# exec and exec_digest records of winai, as [pid, ts] keys.
read -r execs digests unjoined orphans < <(jq -rn --argjson d "$domid" '
	[inputs | select(.domid == $d and .uid == 1000)] as $r |
	[$r[] | select(.type == "exec") | [.pid, .ts_ns]] as $e |
	[$r[] | select(.type == "exec_digest") | [.pid, .exec_ts_ns]] as $g |
	[$e | length, ($g | length),
	 ([$e[] | . as $k | select([$g[] | select(. == $k)] | length != 1)] |
	  length),
	 ([$g[] | . as $k | select([$e[] | select(. == $k)] | length != 1)] |
	  length)] | @tsv' "$log")
echo "check: digest: $execs execs of winai, $digests digests; $unjoined execs without exactly one, $orphans digests without their exec"
[ "$execs" -gt 0 ] || fail "no exec of winai"
[ "$unjoined" -eq 0 ] && [ "$orphans" -eq 0 ] && [ "$execs" -eq "$digests" ] ||
	fail "execs and digests do not pair up"

# xtevade's bytes under five names: each exec's digest.
n=$(jq -n --argjson d "$domid" --arg sha "$sha" '
	[inputs | select(.domid == $d and .uid == 1000)] as $r |
	[$r[] | select(.type == "exec" and
		 (.argv == ["xtevade"] or .argv[1] == "child")) |
	 . as $e | $r[] | select(.type == "exec_digest" and .pid == $e.pid and
		 .exec_ts_ns == $e.ts_ns and .sha256 == $sha and
		 .hashed == .size and (.partial | not) and (.busy | not) and
		 (.error | not))] | length' "$log")
echo "check: digest: $n of xtevade's 5 execs (itself, memfd, dirfd, /proc/self/fd, deleted) carry its sha256 $sha"
[ "$n" -eq 5 ] || fail "$n execs of xtevade's bytes carry its digest, want 5"
exit 0
