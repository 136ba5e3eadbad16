# SPDX-License-Identifier: GPL-2.0
#
# bench-scale, dom0 part: the phases, one after the other (lab.conf). For a
# flooding phase: create its guests paused (each attached), read dom0's
# kernel memory, unpause them all at once, take a CPU sample (cpu_sample)
# once every guest floods and another when the first one stops, then wait
# for them to end and be destroyed. scale-samples.log gets a line a phase:
#   NAME GUESTS VCPUS DOMIDS(comma) MEM_BEFORE_KB MEM_AFTER_KB WALL0_NS WALL1_NS SAMPLE SAMPLE
# (memory: Slab + VmallocUsed + Percpu of /proc/meminfo, without the phase's
# guests and with them attached and running: what dom0's kernel holds for
# them, the xtrail backend's mapped rings among it). The ring sweep's
# figures are in the guest's @@RING lines.
. /scenario/lab.conf

xtraild_pid=$(cat "$XTRAILD_PIDFILE")
# dom0's wall clock in ns, with no fork. check.sh turns it into the
# records' clock (recv_ns) through the CLOCK records, which pair the two:
# recv_ns is not /proc/uptime's clock (in one run they were 25 s apart).
wall_ns() {
	local t=${EPOCHREALTIME/./}
	echo "${t}000"
}

kmem_kb() {
	awk '/^(Slab|VmallocUsed|Percpu):/ { s += $2 } END { print s }' /proc/meminfo
}

phase() {
	local name=$1 k=$2 vcpus=$3 i n doms="" mem0 mem1 s0 s1 m0 m1 rc
	names=""
	mem0=$(kmem_kb)
	for i in $(seq "$k"); do
		n=$name-$i
		GUEST_VCPUS=$vcpus guest_create "$n"
		names+="${names:+ }$n"
		doms+="${doms:+,}$GUEST_DOMID"
		result "@@GUEST $n $GUEST_DOMID"
		# check-lib.sh wants one guest's domid: the first one's.
		[ -n "${first_domid:-}" ] || {
			first_domid=$GUEST_DOMID
			result "@@DOMID $GUEST_DOMID"
		}
	done
	for n in $names; do
		xl unpause "$n"
	done
	# shellcheck disable=SC2086 # one argument per name
	wait_consoles @@FLOOD-START "$k" $names
	m0=$(wall_ns)
	s0=$(cpu_sample "$xtraild_pid")
	mem1=$(kmem_kb)
	# shellcheck disable=SC2086
	wait_consoles @@FLOOD-DONE 1 $names
	s1=$(cpu_sample "$xtraild_pid")
	m1=$(wall_ns)
	rc=0
	GUEST_NAMES=$names wait_guests_done 300 || rc=$?
	[ "$rc" -eq 0 ] || fail "phase $name: a guest.sh failed (rc=$rc)"
	for n in $names; do
		grep -a '@@COUNTS' "$(guest_console "$n")" | tr -d '\r' |
			while read -r line; do result "$line"; done
	done
	for i in ${doms//,/ }; do
		wait_until 60 domain_gone "$i" || fail "domain $i was not destroyed"
	done
	echo "$name $k $vcpus $doms $mem0 $mem1 $m0 $m1 $s0 $s1" >>/tmp/scale-samples
}

phase flood-1 1 1
phase flood-2 2 1
phase flood-4 4 1
phase vcpu2 1 2

names=ring-1
GUEST_VCPUS=1 guest_create ring-1
result "@@GUEST ring-1 $GUEST_DOMID"
xl unpause ring-1
GUEST_NAMES=ring-1 wait_guests_done 900 || fail "the ring sweep failed"
grep -a '@@RING' "$(guest_console ring-1)" | tr -d '\r' |
	while read -r line; do result "$line"; done
sleep 1
xtraild_stop
ship_text /tmp/scale-samples scale-samples
