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
# auditd's log as the guest shipped it, else as dom0 passed it on.
audit=$dir/audit.log
[ -f "$audit" ] || audit=$dir/results.log
rc=0
# The roads the auditd table matches (audit-roads.py); events checks all.
evasion=$(EVASION_SET=core "$lab/expect-evasion.sh" "$log" "$domid" 2>&1) || rc=$?
{
	echo "roads: auditd's rules (io_uring filter taken: $(tr -d '\r' <"$console" |
		sed -n 's/.*@@AUDIT-URING-RULE \(.*\)$/\1/p' | head -n 1)):"
	tr -d '\r' <"$console" | sed -n 's/.*@@AUDIT-RULE \(.*\)$/roads:   \1/p'
	python3 "$lab/audit-roads.py" "$audit" <<<"$evasion"
} >"$dir/bench.txt"
cat "$dir/bench.txt"
[ "$rc" -eq 0 ] || { echo "$evasion" | grep MISSING >&2; echo "check: xtrail missed a road" >&2; exit 1; }
grep -q '^| syscall | openat /tmp/xe-64 | yes | yes |$' "$dir/bench.txt" ||
	{ echo "check: auditd's log does not show even the 64-bit openat" >&2; exit 1; }
# The programs' digests (digest=1): every exec of winai has one, xtevade's
# bytes under five names the sha256 of the xtevade the lab built.
xe_sha=$(sha256sum "$lab/../../build/lab/xtevade" | cut -d' ' -f1)
"$lab/expect-digest.sh" "$log" "$domid" "$xe_sha"
# The exec loop's cost, with and without digests: each logging block over
# the mean of the no-logging blocks on either side; the median per mode
# (a figure, never a verdict).
tr -d '\r' <"$console" | grep -o '@@COST .*' | awk '
	{
		for (i = 2; i <= NF; i++) {
			split($i, kv, "=")
			f[kv[1]] = kv[2]
		}
		n++
		mode[n] = f["mode"]
		us[n] = f["us"]
		recs[n] = f["records"]
	}
	END {
		for (i = 2; i < n; i++) {
			if (mode[i] == "none" || mode[i - 1] != "none" ||
			    mode[i + 1] != "none")
				continue
			m = mode[i]
			r[m, ++k[m]] = us[i] / ((us[i - 1] + us[i + 1]) / 2)
			rec[m] += recs[i]
		}
		for (m in k) {
			# insertion sort, then the median
			for (a = 2; a <= k[m]; a++)
				for (b = a; b > 1 && r[m, b - 1] > r[m, b]; b--) {
					t = r[m, b]; r[m, b] = r[m, b - 1]; r[m, b - 1] = t
				}
			if (k[m] % 2)
				med[m] = r[m, (k[m] + 1) / 2]
			else
				med[m] = (r[m, k[m] / 2] + r[m, k[m] / 2 + 1]) / 2
			name = m == "digest" ? "xtrail digest=1" : "xtrail digest=0"
			printf "roads: exec loop, %s: median time %.3f of no logging (%d blocks, %d records)\n", name, med[m], k[m], rec[m]
		}
		if (("xtrail" in med) && ("digest" in med))
			printf "roads: exec loop: the digests add %.1f points\n",
				100 * (med["digest"] - med["xtrail"])
	}' | sort | tee -a "$dir/bench.txt"
echo "check: roads OK"
