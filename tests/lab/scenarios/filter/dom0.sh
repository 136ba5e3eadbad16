# SPDX-License-Identifier: GPL-2.0
#
# filter scenario, dom0 part: once the guest has done its first round,
# write the ignore-* filters into the backend's config/ directory with
# xenstore-write (what "xtrail config" writes); the guest does its second
# round under them.

cfg=/local/domain/0/backend/xtrail/$DOMID/0/config
wait_console '@@ROUND1-DONE' 120 || fail "guest did not finish round 1"
xenstore-write "$cfg/ignore-uid" "1000, 4294967295, nobody" \
	"$cfg/ignore-comm" "touch" \
	"$cfg/ignore-path" "/tmp/ignored/,relative" \
	"$cfg/ignore-port" "6666"
guest_must_pass 120
sleep 1
xtraild_stop
result "@@DOMID $DOMID"
