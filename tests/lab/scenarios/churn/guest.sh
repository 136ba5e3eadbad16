# SPDX-License-Identifier: GPL-2.0
#
# churn scenario, guest part. The guest is named churnN-MODE: it logs under
# load until dom0 ends it (MODE destroy: xl destroy; shutdown: xl
# shutdown), or for 2 s and then powers off by itself (poweroff).

wait_until 60 grep -qx Connected /sys/bus/xen/devices/xtrail-0/state ||
	fail "xtrail frontend did not connect"
mode=${GUEST_NAME#*-}
echo "@@CHURN-LOAD $GUEST_NAME"
end=$((SECONDS + 2))
while [ "$mode" != poweroff ] || [ "$SECONDS" -lt "$end" ]; do
	/bin/true "$GUEST_NAME"
	: </etc/passwd
done
