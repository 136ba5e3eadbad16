# SPDX-License-Identifier: GPL-2.0
#
# bench-cost, dom0 part: pause the backend (the guest's records stay in its
# ring, then are counted lost: their cost to the guest is the same up to
# the copy into the ring), wait, pass the figures on.

echo 1 >/sys/module/xtrail_dom0/parameters/paused
guest_must_pass 1500
echo 0 >/sys/module/xtrail_dom0/parameters/paused
grep -a -o '@@COST .*' "$GUEST_CONSOLE" | tr -d '\r' >/tmp/cost
while read -r line; do
	result "$line"
done </tmp/cost
