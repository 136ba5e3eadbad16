# SPDX-License-Identifier: GPL-2.0
#
# bench-syscalls, dom0 part: wait, then pass the guest's figures on.

guest_must_pass 1500
sleep 1
xtraild_stop
grep -a -o '@@BENCH .*' "$GUEST_CONSOLE" | tr -d '\r' >/tmp/bench
while read -r line; do
	result "$line"
done </tmp/bench
result "@@DOMID $DOMID"
