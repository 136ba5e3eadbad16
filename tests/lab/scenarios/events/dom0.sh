# SPDX-License-Identifier: GPL-2.0
#
# events scenario, dom0 part: every event class (TCP state changes
# included) for the guest's first TCP connection, the default classes for
# the second; type a line into the guest's console, ship the log; the
# host checks exact values.

wait_console '@@TCPSTATE-ON-PLEASE' 600 || fail "guest not at its first connection"
xtrail config set "$DOMID" events=all
wait_console '@@TCPSTATE-OFF-PLEASE' 600 || fail "guest not at its second connection"
xtrail config set "$DOMID" events=exec,fork,exit,file,net,tty,syscall

# Type a line into the guest's console: its pty in dom0, which
# xenconsoled forwards to the guest's hvc0.
wait_console '@@CONSOLE-IN-READY' 600 || fail "guest not ready for console input"
pty=$(xenstore-read "/local/domain/$DOMID/console/tty")
printf 'XENKAMERA-CONSOLE-IN\r' >"$pty"

guest_must_pass 120
sleep 1
xtraild_stop
result "@@DOMID $DOMID"
