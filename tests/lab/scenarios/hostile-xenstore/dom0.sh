# SPDX-License-Identifier: GPL-2.0
#
# hostile-xenstore scenario, dom0 part. guest1's module is unloaded; dom0
# (as the guest could) writes absurd values into its frontend directory
# and drives its state through Initialised/Connected, variant after
# variant. Each must be refused: the backend goes to Closing (a REFUSED
# record in F3, checked by check.sh from the @@EXPECT lines), the live
# page and irq counters back where they were, dom0's kernel log without a
# warning. The last refusal is left in place (backend Closing, the node
# saying Connected): the honest module loaded then must connect by itself.
# guest2 logs throughout (check.sh: its accounting, no loss).

# shellcheck disable=SC2086 # one argument per name
set -- $DOMIDS
D=$1 D2=$2
fe=/local/domain/$D/device/xtrail/0
be=/local/domain/0/backend/xtrail/$D/0
par=/sys/module/xtrail_dom0/parameters

wait_until 120 grep -q "@@UNLOADED guest1" "$(guest_console guest1)" ||
	fail "guest1 did not unload its module"
bstate() {
	[ "$(xenstore-read "$be/state")" = "$1" ]
}
wait_until 20 bstate 6 || fail "backend not Closed after the unload"

# The vCPU count dom0 trusts: the toolstack's cpu/ nodes, which the guest
# cannot write (owner dom0; the guest may read).
perms=$(xenstore-ls -p "/local/domain/$D/cpu")
result "cpu perms: $(echo "$perms" | tr '\n' ' ')"
echo "$perms" | grep -q . || fail "no cpu/ nodes for domain $D"
if echo "$perms" | grep -Eq "\((.)$D,|[wb]$D[,)]"; then
	fail "domain $D owns or may write its cpu/ nodes"
fi

# A variant's failure is noted and the next one runs: the run shows every
# way the backend fails, and the honest module is tried at the end anyway.
bad=0
soft() {
	result "@@BAD $*"
	bad=$((bad + 1))
}

# guest2 connected: its rings are what stays mapped throughout.
g2connected() {
	[ "$(xenstore-read "/local/domain/0/backend/xtrail/$D2/0/state")" = 4 ]
}
wait_until 60 g2connected || fail "guest2 not connected"
pages=$(cat $par/live_pages) irqs=$(cat $par/live_irqs)
result "live before: pages $pages irqs $irqs"
big=$(head -c 3500 /dev/zero | tr "\0" 7)x

good() {
	xenstore-write "$fe/protocol-version" 1 "$fe/ring-page-order" 4 \
		"$fe/num-rings" 1 "$fe/event-channel" 9 "$fe/ring-ref0" 12345
}

# variant NAME STATE KEY KIND [KEY=VALUE... | -KEY (removed)]
variant() {
	local name=$1 st=$2 key=$3 kind=$4 kv
	shift 4
	xenstore-write "$fe/state" 1
	wait_until 10 bstate 2 || soft "$name: backend not back in InitWait"
	good
	for kv in "$@"; do
		case $kv in
		-*) xenstore-rm "$fe/${kv#-}" ;;
		*) xenstore-write "$fe/${kv%%=*}" "${kv#*=}" ;;
		esac
	done
	xenstore-write "$fe/state" "$st"
	result "@@EXPECT $key $kind $name"
	wait_until 10 bstate 5 || soft "$name: not refused"
}

# Acknowledge the refusal as a frontend does.
closed() {
	xenstore-write "$fe/state" 6
	wait_until 10 bstate 6 || soft "backend not Closed"
	[ "$(cat $par/live_pages) $(cat $par/live_irqs)" = "$pages $irqs" ] ||
		soft "live counters: $(cat $par/live_pages) $(cat $par/live_irqs), want $pages $irqs"
}

variant ref-zero 4 ring-ref0 range ring-ref0=0; closed
variant ref-invalid 3 ring-ref0 range ring-ref0=4294967295; closed
variant ref-never-granted 4 ring-ref0 map; closed
variant ref-wraps-2-32 4 ring-ref0 range ring-ref0=4294967308; closed
variant rings-beyond-max 4 num-rings range num-rings=65; closed
variant rings-beyond-vcpus 4 num-rings vcpus num-rings=2 ring-ref1=12346
closed
variant rings-wrap-2-64 3 num-rings range num-rings=18446744073709551617
closed
variant order-wraps-2-32 4 ring-page-order range \
	ring-page-order=4294967299; closed
variant order-absurd 4 ring-page-order range ring-page-order=99; closed
variant order-not-number 3 ring-page-order syntax ring-page-order=abc
closed
variant order-trailing 4 ring-page-order syntax ring-page-order=3abc
closed
variant order-signed 4 ring-page-order syntax ring-page-order=+4; closed
variant evtchn-missing 4 event-channel absent -event-channel; closed
variant evtchn-4k 4 event-channel syntax "event-channel=$big"; closed
variant evtchn-wraps 3 event-channel range event-channel=4294967305; closed
variant version-wraps 4 protocol-version range \
	protocol-version=4294967297; closed
variant ref-missing 4 ring-ref0 absent -ring-ref0; closed
variant state-garbage 4abc state state; closed
variant state-absurd 99 state state; closed

# The frontend deletes its state node: Unknown to xenbus. Refused, said,
# and the backend stays (it used to unregister without a word).
xenstore-write "$fe/state" 1
wait_until 10 bstate 2 || soft "state-removed: backend not in InitWait"
xenstore-rm "$fe/state"
result "@@EXPECT state state state-removed"
wait_until 10 bstate 5 || soft "state-removed: not refused"
if [ -e "/sys/bus/xen-backend/devices/xtrail-$D-0" ]; then
	closed
else
	soft "state-removed: the backend device went away"
	xenstore-write "$fe/state" 6
fi

# The last one stays: backend Closing, the node saying Connected.
variant stale 4 ring-page-order range ring-page-order=5
result "live after: pages $(cat $par/live_pages) irqs $(cat $par/live_irqs)"

if dmesg | grep -E "WARNING:|BUG:|Oops|Call Trace|general protection"; then
	soft "dom0's kernel log is not clean"
fi

# The honest module, loaded now, connects by itself.
xl sysrq guest1 h
wait_until 60 grep -q "@@RECONNECTED guest1" "$(guest_console guest1)" ||
	soft "guest1's honest module did not connect by itself"
wait_until 10 bstate 4 || soft "backend not Connected"
xl sysrq guest2 h
[ "$bad" -eq 0 ] || fail "$bad checks failed (@@BAD lines)"
rc=0
wait_guests_done 120 || rc=$?
[ "$rc" -eq 0 ] || fail "a guest.sh failed (rc=$rc)"
sleep 1
xtraild_stop
set -- $GUEST_NAMES
for d in $DOMIDS; do
	result "@@GUEST $1 $d"
	shift
done
result "@@DOMID $D"
