# SPDX-License-Identifier: GPL-2.0
#
# events scenario, guest part: a process tree whose every record is known
# in advance. As winai, sh forks a child (which exits 0), then exits 3; su
# changes credentials (setgid, setuid) to get there.

# The event classes the guest applied last (its log says each change).
events_are() {
	dmesg | grep "xtrail_domu: config: events" | tail -n 1 |
		grep -q "events $1,"
}

wait_until 60 grep -qx Connected /sys/bus/xen/devices/xtrail-0/state ||
	fail "xtrail frontend did not connect"
as_user /bin/sh -c '/bin/sleep 0.1 & echo "child=$!"; wait; exit 3' &&
	fail "sh did not exit 3"
# File activity as winai: create (bash's own open), rename (mv), unlink
# (rm), and an open that fails (cat).
as_user bash -c 'echo secret >/tmp/xt-a; /bin/mv /tmp/xt-a /tmp/xt-b;
	/bin/rm /tmp/xt-b; /bin/cat /tmp/xt-none 2>/dev/null' &&
	fail "cat of a missing file succeeded"
# Bytes per open file, reported at its close: winai writes 70,000 bytes
# (head), reads 1,000 of them (dd) and copies the file (cp).
as_user bash -c 'head -c 70000 /dev/zero >/tmp/xt-w;
	dd if=/tmp/xt-w of=/dev/null bs=1000 count=1 2>/dev/null;
	cp /tmp/xt-w /tmp/xt-copy'
# Network on the loopback: a TCP listener (nc as root), a connection to
# it as winai (bash's /dev/tcp), a datagram with a destination (ping).
# TCP state changes are opt-in (class tcpstate): dom0 turns every class on
# for this first connection, and back to the default for the second.
echo "@@TCPSTATE-ON-PLEASE"
wait_until 60 events_are 0xff || fail "events=all did not arrive"
ip link set lo up
nc -l -p 5555 >/tmp/nc.out &
wait_until 10 sh -c 'cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | grep -q ":15B3 "' ||
	fail "nc is not listening"
as_user bash -c 'echo hello >/dev/tcp/127.0.0.1/5555'
wait
# Bytes per socket, reported at its release: 100,000 bytes over TCP as
# winai (head, on bash's /dev/tcp socket) to an nc that reads them all,
# with the default classes: no TCP state change recorded.
echo "@@TCPSTATE-OFF-PLEASE"
wait_until 60 events_are 0x7f || fail "the default events did not arrive"
nc -l -p 5556 >/dev/null &
wait_until 10 sh -c 'cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | grep -q ":15B4 "' ||
	fail "nc is not listening on 5556"
as_user bash -c 'head -c 100000 /dev/zero >/dev/tcp/127.0.0.1/5556'
wait
# AF_UNIX names: syslogd binds /dev/log, logger as winai connects to it
# and sends one message.
syslogd -n -O /tmp/syslog.out &
slog=$!
wait_until 10 test -S /dev/log || fail "syslogd made no /dev/log"
as_user logger -t xt-unix XENKAMERA-UNIX
wait_until 10 grep -q XENKAMERA-UNIX /tmp/syslog.out ||
	fail "syslogd did not log logger's message"
kill "$slog"
wait "$slog" 2>/dev/null || true	# 143: killed, as asked
ping -c 1 -W 2 127.0.0.1 >/dev/null
# Datagrams with sendto() from one socket: 5 to port 7777, 3 to 7778 and
# 2 more to 7777 (one record per destination); then from a second socket,
# 2 to 7777 (a new socket: recorded again) and one each to ports 8001 to
# 8012, more than the cache holds (dedup_sets=1: 8): it forgets some.
as_user xtload udp 127.0.0.1 7777:5 7778:3 7777:2 >/dev/null
as_user xtload udp 127.0.0.1 7777:2 {8001..8012}:1 >/dev/null
# A terminal session as winai: what is typed and what it prints.
as_user ptyrun 'echo XENKAMERA-$((6*7))
exit 0' >/tmp/pty.out || fail "ptyrun failed"
grep -q XENKAMERA-42 /tmp/pty.out || fail "the pty session printed nothing"
# Console input: dom0 types a line into the guest's console (hvc0).
echo "@@CONSOLE-IN-READY"
read -r -t 60 line </dev/hvc0 || fail "no console input from dom0"
[ "${line%$'\r'}" = XENKAMERA-CONSOLE-IN ] ||
	fail "console input was \"$line\", not XENKAMERA-CONSOLE-IN"
# Large exec arguments: one of 7,500 bytes (kept whole), and 2,048
# arguments (more than the 8 KiB argv limit: kept up to it, flagged).
big=$(head -c 7500 /dev/zero | tr '\0' 'A')
as_user /bin/true "$big"
as_user bash -c '/bin/true $(seq 1 2048)'
# A #! script run by a relative name from a known directory, once as
# itself and once with another argv[0] (exec -a): the exec records name
# the cwd, the script's path, the interpreter (/bin/sh is busybox's) and
# the argv[0] each caller passed, which the kernel's rewrite drops.
mkdir -p /tmp/xt-dir
printf '#!/bin/sh\nexit 0\n' >/tmp/xt-dir/xt-script.sh
chmod 755 /tmp/xt-dir /tmp/xt-dir/xt-script.sh
as_user bash -c 'cd /tmp/xt-dir && ./xt-script.sh one; true'
as_user bash -c 'cd /tmp/xt-dir && exec -a xt-fake ./xt-script.sh two'
# The evasion suite as winai: each file and network operation by every
# road (64-bit syscall, int $0x80, io_uring), a fileless exec, the fd-based
# twins, the extended attributes and the batch calls (xtevade.c).
as_user xtevade || fail "xtevade failed"
echo "guest: events done"
# Two more heartbeats, then power off.
sleep 2.5
