# SPDX-License-Identifier: GPL-2.0
#
# kill9 scenario, guest part: log steadily (file opens in bursts, and the
# heartbeats) while dom0 kills and restarts xtraild.

. /scenario/lab.conf
wait_until 60 grep -qx Connected /sys/bus/xen/devices/xtrail-0/state ||
	fail "xtrail frontend did not connect"
echo "@@LOAD-START"
n=0
end=$((SECONDS + ${LOAD_SECONDS:-40}))
while [ "$SECONDS" -lt "$end" ]; do
	for ((i = 0; i < 40; i++)); do
		: </etc/passwd
	done
	n=$((n + 40))
	sleep 0.05
done
echo "@@LOAD-DONE opens=$n"
# Heartbeats carry the final counters out.
sleep 3
