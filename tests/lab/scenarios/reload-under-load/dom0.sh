# SPDX-License-Identifier: GPL-2.0
#
# reload-under-load scenario, dom0 part: while the guest floods, reload
# xtrail_dom0 RELOADS times the README's way (unbind, stop xtraild, rmmod,
# insmod, start xtraild), restart xtraild alone after the first two, then
# xtrail detach and attach the guest. The guest then breaks the protocol
# (the VIOLATION disconnect) and reconnects by itself.

. /scenario/lab.conf
be_state=/local/domain/0/backend/xtrail/$DOMID/0/state

connected() {
	[ "$(xenstore-read "$be_state" 2>/dev/null)" = 4 ]
}

wait_console '@@FLOOD-STARTED' 120 || fail "the guest's flood never started"
wait_until 30 connected || fail "domain $DOMID not connected"
sleep 2
t0=$SECONDS
for i in $(seq 1 "$RELOADS"); do
	xtrail_dom0_unload
	insmod /xtrail/xtrail_dom0.ko
	xtraild_start
	wait_until 60 connected || fail "reload $i: domain $DOMID did not reconnect"
	result "@@RELOAD $i"
	sleep 2
	if [ "$i" -le 2 ]; then
		xtraild_stop
		xtraild_start
		result "@@XTRAILD-RESTART $i"
		sleep 1
	fi
done
xtrail detach "$DOMID" >/dev/null
xtrail attach "$DOMID" >/dev/null
wait_until 60 connected || fail "domain $DOMID did not reconnect after attach"
result "@@DETACH-ATTACH"
result "@@RELOAD-SECONDS $((SECONDS - t0))"

guest_must_pass 300
wait_until 60 domain_gone "$DOMID" || fail "the guest did not power off"
sleep 1
xtraild_stop
result "@@DOMID $DOMID"
