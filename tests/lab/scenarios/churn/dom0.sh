# SPDX-License-Identifier: GPL-2.0
#
# churn scenario, dom0 part: CYCLES (20) guests, one after the other (1 or
# 2 vCPUs, so one ring or two), each
# attached by xtraild, logging under load and then ended by xl destroy, xl
# shutdown or its own poweroff, while xtraild goes on logging. Afterwards
# nothing may be left: no xtrail directory in xenstore, no domain but dom0,
# no backend, mapped page or bound irq in xtrail_dom0's live counters, no
# WARN, BUG or oops in dom0's kernel log.

CYCLES=${CYCLES:-20}
params=/sys/module/xtrail_dom0/parameters
be_dir=/local/domain/0/backend/xtrail

live() {
	echo "backends=$(cat $params/live_backends) pages=$(cat $params/live_pages) irqs=$(cat $params/live_irqs)"
}

nothing_live() {
	[ "$(live)" = "backends=0 pages=0 irqs=0" ]
}

connected() {
	[ "$(xenstore-read "$be_dir/$1/0/state" 2>/dev/null)" = 4 ]
}

t0=$SECONDS
for i in $(seq 1 "$CYCLES"); do
	case $((i % 5)) in
	0) mode=poweroff ;;
	3) mode=shutdown ;;
	*) mode=destroy ;;
	esac
	name=churn$i-$mode
	# One ring or two (GUEST_VCPUS): both teardowns, and shorter boots.
	GUEST_VCPUS=$((i % 2 + 1))
	guest_create "$name"
	d=$GUEST_DOMID
	xl unpause "$name"
	# Generous: a guest boots in ~10 s on an idle host, minutes on a busy one.
	wait_until 300 connected "$d" || fail "cycle $i: domain $d did not connect"
	wait_until 120 grep -q "@@CHURN-LOAD" "$(guest_console "$name")" ||
		fail "cycle $i: no load in domain $d"
	sleep 1
	result "@@LIVE $i $(live)"
	case $mode in
	destroy) xl destroy "$d" ;;
	shutdown) xl shutdown "$d" ;;
	esac
	wait_until 120 domain_gone "$d" || fail "cycle $i: domain $d ($mode) still there after 120 s"
	wait_until 30 sh -c "! xenstore-exists $be_dir/$d" ||
		fail "cycle $i: backend directory of domain $d still there"
	result "@@CYCLE $i $d $mode"
	log "cycle $i: domain $d ($mode) gone, $(live)"
done
result "@@CHURN-SECONDS $((SECONDS - t0))"

# Nothing left behind.
wait_until 10 nothing_live || fail "live objects left: $(live)"
result "@@LIVE end $(live)"
others=$(other_domains | tr '\n' ' ')
[ -z "$others" ] || fail "domains left: $others"
xl list >/tmp/xl-list
[ "$(grep -vc '^Name' /tmp/xl-list)" -eq 1 ] || fail "xl list: $(cat /tmp/xl-list)"
if xenstore-exists $be_dir && [ -n "$(xenstore-list $be_dir)" ]; then
	fail "backend entries left: $(xenstore-list $be_dir | tr '\n' ' ')"
fi
if xenstore-ls -f /local/domain | grep -q '/device/xtrail'; then
	fail "frontend entries left: $(xenstore-ls -f /local/domain | grep /device/xtrail)"
fi
if dmesg | grep -E 'WARNING:|BUG:|Oops|general protection|Call Trace'; then
	fail "dom0's kernel log has a WARN, BUG or oops"
fi
sleep 1
xtraild_stop
result "@@DOMID $d"
