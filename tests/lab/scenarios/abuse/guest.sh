# SPDX-License-Identifier: GPL-2.0
#
# abuse scenario, guest part. guest1: the normal user winai (uid 1000)
# sends spam (three messages, the paper's command, over SMTP to the sink in
# dom0), scans 200 closed ports of dom0 (10.99.0.1:20001-20200), becomes
# root through a setuid-root helper (/usr/local/bin/rootme: setgid(0),
# setuid(0), exec) and, as root, loads a kernel module (xen-gntalloc).
# guest2: only benign work as winai (files, a shell, a local TCP
# connection) and the benchmarks' workloads as root, nothing any rule
# should report.

wait_until 60 grep -qx Connected /sys/bus/xen/devices/xtrail-0/state ||
	fail "xtrail frontend did not connect"
echo "guest $GUEST_NAME: xtrail connected"

if [ "$GUEST_NAME" = guest1 ]; then
	for i in 1 2 3; do
		as_user mail -s spamSubject winai.wongthai@ncl.ac.uk <<MSG
Cheap pills, act now ($i).
MSG
	done
	n=$(grep -c 'exitcode=EX_OK' /tmp/msmtp.log) || true
	[ "$n" -eq 3 ] || fail "msmtp delivered $n messages, want 3"
	echo "@@ABUSE spam-sent"
	as_user xtload scan 10.99.0.1 20001 200 >/dev/null || fail "the port scan failed"
	echo "@@ABUSE scan-done"
	chown 0:0 /usr/local/bin/rootme
	chmod 4755 /usr/local/bin/rootme
	ko=/lib/modules/$(uname -r)/kernel/drivers/xen/xen-gntalloc.ko
	as_user /usr/local/bin/rootme /sbin/insmod "$ko" || fail "insmod through rootme failed"
	grep -q '^xen_gntalloc ' /proc/modules || fail "xen_gntalloc is not loaded"
	echo "@@ABUSE module-loaded"
else
	as_user bash -c 'echo hello >/tmp/note; cat /tmp/note; ls -l /tmp >/dev/null; rm /tmp/note'
	as_user /bin/sh -c '/bin/date; /bin/uname -a' >/dev/null
	as_user bash -c 'echo hi >/dev/tcp/127.0.0.1/5555' 2>/dev/null || true
	# The benchmarks' workloads (workloads.sh), shorter: opens, execs,
	# file copies, and 200 short TCP connections to a local service, which
	# no rule may take for a brute force or a scan.
	. /workloads.sh
	OPEN_N=200 EXEC_N=30 COPY_N=20 CONNECT_N=200
	workloads_setup
	for w in $WORKLOADS; do
		"w_$w"
	done
	workloads_teardown
	echo "@@BENIGN done"
fi
# dom0 writes each flow's END once it has been quiet for a second.
sleep 3
# The init prints the kernel log on the console at the end, a TTY record
# per line (~100 KB of F3 per guest over the serial line): only what came
# after this point is printed (its end marker still says it is whole).
dmesg -c >/dev/null
