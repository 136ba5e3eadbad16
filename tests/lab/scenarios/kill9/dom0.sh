# SPDX-License-Identifier: GPL-2.0
#
# kill9 scenario, dom0 part: while the guest logs, kill xtraild with
# SIGKILL at random moments and start it again, until the guest is done.

wait_console '@@LOAD-START' 60 || fail "guest did not start logging"
kills=0
while ! grep -q '@@LOAD-DONE' "$GUEST_CONSOLE"; do
	sleep "0.$((RANDOM % 5 + 1))"
	pid=$(cat "$XTRAILD_PIDFILE")
	kill -9 "$pid"
	wait_until 5 pid_gone "$pid" || fail "xtraild survived SIGKILL"
	wait "$pid" 2>/dev/null || true
	kills=$((kills + 1))
	sleep "0.$((RANDOM % 3))"
	xtraild_start
done

guest_must_pass 60
sleep 2
xtraild_stop
result "@@KILLS $kills"
result "@@DOMID $DOMID"
