# SPDX-License-Identifier: GPL-2.0
#
# bench-guests, dom0 part: while the guests flood, sample dom0's CPU time
# every second (bench-samples.log; check.sh turns it into figures):
#   uptime_s busy_ticks irq_ticks xtraild_ticks kworker_ticks
# busy = user + nice + system + irq + softirq of /proc/stat (USER_HZ
# ticks), irq = irq + softirq, xtraild and kworker = utime + stime of
# xtraild and of every kworker thread alive at the sample.

xtraild_pid=$(cat "$XTRAILD_PIDFILE")

# utime + stime of /proc/PID/stat's line LINE.
stat_ticks() {
	local rest=${1##*) }
	# shellcheck disable=SC2086 # split into fields
	set -- $rest
	echo $((${12} + ${13}))
}

sample() {
	local up cpu u n s idle iow irq sirq rest f line kw=0 xd=0
	read -r up rest </proc/uptime
	read -r cpu u n s idle iow irq sirq rest </proc/stat
	for f in /proc/[0-9]*/stat; do
		read -r line 2>/dev/null <"$f" || continue
		case $line in
		*"(kworker"*) kw=$((kw + $(stat_ticks "$line"))) ;;
		"$xtraild_pid "*) xd=$(stat_ticks "$line") ;;
		esac
	done
	echo "$up $((u + n + s + irq + sirq)) $((irq + sirq)) $xd $kw"
}

(
	while :; do
		sample
		sleep 1
	done
) >/tmp/bench-samples &
sampler=$!
# Poll the consoles seldom: polling costs dom0 CPU too.
for _ in $(seq 300); do
	all_guests_done && break
	sleep 2
done
kill "$sampler"
rc=0
wait_guests_done 1 || rc=$?
[ "$rc" -eq 0 ] || fail "a guest.sh failed (rc=$rc)"
sleep 1
xtraild_stop
ship_text /tmp/bench-samples bench-samples
# shellcheck disable=SC2086 # one argument per name
set -- $GUEST_NAMES
for d in $DOMIDS; do
	result "@@GUEST $1 $d"
	shift
done
result "@@DOMID $DOMID"
