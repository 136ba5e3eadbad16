# SPDX-License-Identifier: GPL-2.0
#
# bench-paused, dom0 part: pause the backend, wait, pass the figures on.

echo 1 >/sys/module/xtrail_dom0/parameters/paused
guest_must_pass 1500
echo 0 >/sys/module/xtrail_dom0/parameters/paused
sleep 1
xtraild_stop
grep -a -o '@@BENCH .*' "$GUEST_CONSOLE" | tr -d '\r' >/tmp/bench
while read -r line; do
	result "$line"
done </tmp/bench
result "@@DOMID $DOMID"
