# SPDX-License-Identifier: GPL-2.0
#
# filter scenario, guest part: the same activity twice, before and after
# dom0 sets config/ignore-uid=1000, ignore-comm=touch,
# ignore-path=/tmp/ignored/ and ignore-port=6666 (plus items that do not
# parse, which the guest must skip with a warning).

round() {
	local r=$1

	# uid 1000's exec; root's as a control
	as_user /bin/true "uid-$r"
	/bin/true "root-$r"
	# comm "touch"; bash (root) as a control
	touch "/tmp/touched-$r"
	echo x >"/tmp/bashed-$r"
	# a path under /tmp/ignored/, one outside, and a rename out of it
	echo x >"/tmp/ignored/in-$r"
	mv "/tmp/ignored/in-$r" "/tmp/out-$r"
	# port 6666 (ignored) and 6667 (not): both refused, no listener
	bash -c "echo >/dev/tcp/127.0.0.1/6666" 2>/dev/null || true
	bash -c "echo >/dev/tcp/127.0.0.1/6667" 2>/dev/null || true
}

configured() {
	dmesg | grep -q "xtrail_domu: config: ignoring 1 uids, 1 comms, 1 paths, 1 ports"
}

wait_until 60 grep -qx Connected /sys/bus/xen/devices/xtrail-0/state ||
	fail "xtrail frontend did not connect"
ip link set lo up
mkdir -p /tmp/ignored
round 1
echo "@@ROUND1-DONE"
wait_until 60 configured || fail "the filters did not arrive"
dmesg | grep -q 'ignore-uid: "4294967295" ignored' ||
	fail "no warning for the uid that does not parse"
round 2
echo "guest: filter done"
# Two more heartbeats, then power off.
sleep 2.5
