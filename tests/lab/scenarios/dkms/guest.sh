# SPDX-License-Identifier: GPL-2.0
#
# dkms scenario, guest part: nothing loads xtrail_domu by name. busybox's
# mdev stands in for udev: when dom0 attaches the guest, the xtrail device
# appears on xenbus with MODALIAS=xen:xtrail and the module DKMS installed
# under /lib/modules/$(uname -r)/updates/dkms is loaded through its alias.
# Then the spam case study runs as usual.

[ ! -e /sys/module/xtrail_domu ] || fail "xtrail_domu loaded before any device"
mdev -d
# Coldplug, as "udevadm trigger" does: devices that came before mdev.
for u in /sys/bus/xen/devices/*/uevent; do
	echo add >"$u"
done
wait_until 90 grep -qx Connected /sys/bus/xen/devices/xtrail-0/state ||
	fail "xtrail frontend did not connect (module loaded: $([ -e /sys/module/xtrail_domu ] && echo yes || echo no))"
echo "guest: xtrail_domu loaded by modalias $(cat /sys/bus/xen/devices/xtrail-0/modalias)"
result "@@GUEST-MODULE $(find / -xdev -name "xtrail_domu.ko*" -exec sha256sum {} + | tr -s "\n " " ")loaded=$([ -d /sys/module/xtrail_domu ] && echo yes)"

as_user mail -s spamSubject winai.wongthai@ncl.ac.uk <<'MSG'
Cheap pills, act now.
MSG
echo "guest: spam sent rc=$?"
