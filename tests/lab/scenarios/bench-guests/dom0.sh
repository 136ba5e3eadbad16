# SPDX-License-Identifier: GPL-2.0
#
# bench-guests, dom0 part: sample dom0's CPU time once all three guests
# flood and again when the first one stops (bench-samples.log; check.sh
# counts the records received in between and makes the figures); a sample
# is a line of cpu_sample (lab-lib.sh). Polls the consoles once a second: polling
# costs dom0 CPU too.

xtraild_pid=$(cat "$XTRAILD_PIDFILE")
# shellcheck disable=SC2086 # one argument per name
wait_consoles @@FLOOD-START 3 $GUEST_NAMES
cpu_sample "$xtraild_pid" >/tmp/bench-samples
# shellcheck disable=SC2086
wait_consoles @@FLOOD-DONE 1 $GUEST_NAMES
cpu_sample "$xtraild_pid" >>/tmp/bench-samples
# shellcheck disable=SC2086
wait_consoles "DOMU-MARKER done" 3 $GUEST_NAMES
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
