# SPDX-License-Identifier: GPL-2.0
#
# bench-guests, dom0 part: sample dom0's CPU time once all three guests
# flood and again when the first one stops (bench-samples.log; check.sh
# counts the records received in between and makes the figures). A sample:
#   uptime_s busy_ticks irq_ticks steal_ticks xtraild_ticks kworker_ticks
# busy = user + nice + system + irq + softirq of /proc/stat (USER_HZ
# ticks: time dom0's vCPU ran), irq = irq + softirq, steal = time it was
# runnable but Xen ran something else; xtraild and kworker = utime + stime
# of xtraild and of every kworker thread alive at the sample (scheduler
# runtime: it includes steal). Polls the consoles once a second: polling
# costs dom0 CPU too.

xtraild_pid=$(cat "$XTRAILD_PIDFILE")
consoles=()
for n in $GUEST_NAMES; do
	consoles+=("$(guest_console "$n")")
done

# With no fork: the figures must not be the sampler's.
sample() {
	local up cpu u n s idle iow irq sirq steal rest f line kw=0 xd=0
	local -a st
	read -r up rest </proc/uptime
	read -r cpu u n s idle iow irq sirq steal rest </proc/stat
	for f in /proc/[0-9]*/stat; do
		read -r line 2>/dev/null <"$f" || continue
		case $line in
		*"(kworker"* | "$xtraild_pid "*)
			read -r -a st <<<"${line##*) }"
			# utime and stime: fields 14 and 15 of the line
			if [ "${line%% *}" = "$xtraild_pid" ]; then
				xd=$((st[11] + st[12]))
			else
				kw=$((kw + st[11] + st[12]))
			fi
			;;
		esac
	done
	echo "$up $((u + n + s + irq + sirq)) $((irq + sirq)) $steal $xd $kw"
}

# Number of guests whose console has MARKER.
count() {
	grep -l -- "$1" "${consoles[@]}" 2>/dev/null | wc -l
}

wait_count() {
	local i
	for i in $(seq 600); do
		[ "$(count "$1")" -ge "$2" ] && return 0
		sleep 1
	done
	fail "no $2 guests with $1 after 600 s"
}

wait_count @@FLOOD-START 3
sample >/tmp/bench-samples
wait_count @@FLOOD-DONE 1
sample >>/tmp/bench-samples
wait_count "DOMU-MARKER done" 3
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
