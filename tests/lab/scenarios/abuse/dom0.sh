# SPDX-License-Identifier: GPL-2.0
#
# abuse scenario, dom0 part: both guests run (guest1 abuses, guest2 stays
# benign); meanwhile an administrator in dom0 (login uid 0) copies
# guest1's disk image, which dom0's module records as dom0's own events.
# The image is made first by a write (not a read, so not the finding).

mkdir -p /var/lib/xen/images
head -c 1048576 /dev/zero >/var/lib/xen/images/guest1.img
bash -c 'echo 0 >/proc/self/loginuid; exec /bin/cp /var/lib/xen/images/guest1.img /tmp/guest1-copy.img'
# (checked by size: cmp would read the image again, a second finding)
[ "$(wc -c </tmp/guest1-copy.img)" -eq 1048576 ] || fail "the copy is not the image's size"
rc=0
wait_guests_done 240 || rc=$?
[ "$rc" -eq 0 ] || fail "a guest.sh failed (rc=$rc)"
[ -f "$SMTP_SPOOL/msg.3" ] || fail "the SMTP sink stored fewer than 3 messages"
sleep 1
xtraild_stop
set -- $DOMIDS
result "@@DOMID $1"
result "@@DOMIDS $DOMIDS"
