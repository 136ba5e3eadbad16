# SPDX-License-Identifier: GPL-2.0
#
# ringdump scenario, guest part: with dom0 paused, the (hostile) guest
# module publishes known records, then rewrites the padding of one it has
# already published. dom0.sh looks at the rings with xtrail ring-dump, then
# resumes dom0, which must log the same records and catch the rewrite.

connected() {
	grep -qx Connected /sys/bus/xen/devices/xtrail-0/state
}

wait_until 60 connected || fail "xtrail frontend did not connect"
xtrail_domu_unload
insmod /xtrail/xtrail_hostile.ko
wait_until 60 connected || fail "the hostile module did not connect"
as_user /bin/echo seen-by-ring-dump-1
as_user /bin/echo seen-by-ring-dump-2
n=$(xtrail_connects)
echo rewrite >/sys/module/xtrail_hostile/parameters/break
result "RINGDUMP-READY"
wait_disconnected 180 "$n" ||
	fail "dom0 did not disconnect the guest after resuming"
echo -n xtrail-0 >/sys/bus/xen/drivers/xtrail/unbind
rmmod xtrail_hostile
