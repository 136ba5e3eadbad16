# SPDX-License-Identifier: GPL-2.0
#
# bench-syscalls (and bench-paused, which links this), dom0 part: wait,
# then pass the guest's figures on. With BENCH_PAUSED=1 (bench-paused's
# lab.conf) the backend takes nothing from the guest's rings meanwhile.

paused=/sys/module/xtrail_dom0/parameters/paused
if [ "${BENCH_PAUSED:-0}" = 1 ]; then
	echo 1 >"$paused"
fi
guest_must_pass 1500
echo 0 >"$paused"
sleep 1
xtraild_stop
grep -a -o '@@BENCH .*' "$GUEST_CONSOLE" | tr -d '\r' >/tmp/bench
while read -r line; do
	result "$line"
done </tmp/bench
result "@@DOMID $DOMID"
