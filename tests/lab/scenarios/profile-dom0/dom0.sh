# SPDX-License-Identifier: GPL-2.0
#
# profile-dom0, dom0 part: what dom0 does with a block's records. From the
# guest's @@START to its @@STOP marker, for each workload: the records the
# backend took (xtrail status), the CPU time of every dom0 task
# (/proc/PID/schedstat, by name) and perf's cpu-clock samples of the whole
# of dom0 by task and object. Markers are awaited with tail -f (busybox:
# one read a second, no process per poll), so the waiting itself costs
# dom0 next to nothing.

. /workloads.sh

# Wait until the guest's console holds the line "@@$1".
marker() {
	local pid

	rm -f /tmp/marker
	mkfifo /tmp/marker
	tail -n +1 -f "$GUEST_CONSOLE" >/tmp/marker &
	pid=$!
	grep -q -m 1 -E "^@@$1"$'\r?$' </tmp/marker
	kill "$pid" 2>/dev/null || true
	wait "$pid" || true
}

# "NS NAME" for every task but this shell, NAME without a kworker's
# number and work; no process is started.
runtimes() {
	local t name ns rest

	for t in /proc/[0-9]*; do
		[ "${t#/proc/}" != "$$" ] || continue
		read -r name <"$t/comm" 2>/dev/null || continue
		read -r ns rest <"$t/schedstat" 2>/dev/null || continue
		case $name in
		kworker/*) name=kworker ;;
		esac
		echo "$ns $name"
	done
}

# The reports come at the end: perf report's own work would fall into the
# next block.
for w in $WORKLOADS idle; do
	marker "START $w"
	result "@@D0 $w status0 $(xtrail status --json)"
	runtimes >"/tmp/rt0.$w"
	perf record -q -a -e cpu-clock -F 1000 -o "/tmp/perf.$w" \
		>/dev/null 2>/tmp/perf.err &
	pid=$!
	marker "STOP $w"
	kill -INT "$pid"
	# perf ends with the signal's status: its data file is what counts.
	wait "$pid" || true
	runtimes >"/tmp/rt1.$w"
	[ -s "/tmp/perf.$w" ] || { cat /tmp/perf.err; fail "perf record $w"; }
	result "@@D0 $w status1 $(xtrail status --json)"
done
for w in $WORKLOADS idle; do
	awk -v w="$w" 'NR == FNR { a[$2] += $1; next } { b[$2] += $1 }
		END { for (n in b) if (b[n] - a[n] > 0)
			print "@@D0 " w " task " b[n] - a[n], n }' \
		"/tmp/rt0.$w" "/tmp/rt1.$w" >/tmp/rt
	perf report -q -n -i "/tmp/perf.$w" --stdio --sort comm,dso 2>/dev/null |
		awk -v w="$w" 'NF >= 4 { print "@@D0 " w " perf " $2, $3, $4 }' >>/tmp/rt
	while read -r line; do
		result "$line"
	done </tmp/rt
	rm -f "/tmp/perf.$w"
done
guest_must_pass 600
grep -a -o '@@BENCH .*' "$GUEST_CONSOLE" | tr -d '\r' >/tmp/bench
while read -r line; do
	result "$line"
done </tmp/bench
result "@@DOMID $DOMID"
