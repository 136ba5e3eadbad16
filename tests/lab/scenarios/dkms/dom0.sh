# SPDX-License-Identifier: GPL-2.0
#
# dkms scenario, dom0 part: the boot of a host with both packages. The
# module is loaded as systemd-modules-load would, from the modules-load.d
# file of xtrail-tools; xtraild and xtrail are the packaged programs. Then
# xtraild attaches the guest and its spam must reach F3.

while read -r m; do
	case $m in '' | '#'*) continue ;; esac
	modprobe "$m" || fail "modprobe $m (from modules-load.d) failed"
done </usr/lib/modules-load.d/xtrail.conf
[ -c /dev/xtrail ] || fail "no /dev/xtrail after modules-load.d"
result "@@DOM0-MODULE $(find / -xdev -name "xtrail_dom0.ko*" -exec sha256sum {} + | tr -s "\n " " ")loaded=$([ -d /sys/module/xtrail_dom0 ] && echo yes)"
# The packaged xtraild attaches every domain, those already running
# included (auto-attach, its default): an explicit xtrail attach here
# would race it and fail when xtraild came first.
xtraild_start
wait_attached "$DOMID" || fail "xtraild did not attach domain $DOMID"

be=/local/domain/0/backend/xtrail/$DOMID/0
fe=/local/domain/$DOMID/device/xtrail/0
wait_until 90 sh -c "[ \"\$(xenstore-read $be/state 2>/dev/null)\" = 4 ]" ||
	fail "backend did not reach Connected"
wait_until 90 sh -c "[ \"\$(xenstore-read $fe/state 2>/dev/null)\" = 4 ]" ||
	fail "frontend did not reach Connected"

guest_must_pass 150
sleep 1
xtraild_stop
xtrail verify "$F3" >/tmp/verify-dom0.log 2>&1 || fail "xtrail verify failed: $(cat /tmp/verify-dom0.log)"
result "@@DOMID $DOMID"
