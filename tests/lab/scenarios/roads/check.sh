#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# roads, host side (issue 20, item 4): the roads table into bench.txt,
# which recorder saw each operation of the evasion suite by each road:
# xtrail (expect-evasion.sh over its log: the right uid, path or port and
# road, exactly once) and Debian's auditd (its log, audit-roads.py). Fails
# if xtrail misses one; auditd's column is a figure, except that it must
# show the 64-bit control operation (else its rules never took).
. "$(dirname "$0")/../../check-lib.sh" "$1"

console=$dir/console-guest.log
grep -q 'xe: done, all succeeded' "$console" ||
	{ echo "check: xtevade did not succeed" >&2; exit 1; }
rc=0
evasion=$("$lab/expect-evasion.sh" "$log" "$domid" 2>&1) || rc=$?
{
	echo "roads: auditd's rules (io_uring filter taken: $(tr -d '\r' <"$console" |
		sed -n 's/.*@@AUDIT-URING-RULE \(.*\)$/\1/p' | head -n 1)):"
	tr -d '\r' <"$console" | sed -n 's/.*@@AUDIT-RULE \(.*\)$/roads:   \1/p'
	python3 "$lab/audit-roads.py" "$dir/audit.log" <<<"$evasion"
} >"$dir/bench.txt"
cat "$dir/bench.txt"
[ "$rc" -eq 0 ] || { echo "$evasion" | grep MISSING >&2; echo "check: xtrail missed a road" >&2; exit 1; }
grep -q '^| syscall | openat /tmp/xe-64 | yes | yes |$' "$dir/bench.txt" ||
	{ echo "check: auditd's log does not show even the 64-bit openat" >&2; exit 1; }
# The programs' digests (digest=1): every exec of winai has one, xtevade's
# bytes under five names the sha256 of the xtevade the lab built.
xe_sha=$(sha256sum "$lab/../../build/lab/xtevade" | cut -d' ' -f1)
"$lab/expect-digest.sh" "$log" "$domid" "$xe_sha"
echo "check: roads OK"
