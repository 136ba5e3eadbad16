# SPDX-License-Identifier: GPL-2.0
#
# boot scenario, dom0 part (runs in dom0 with /lab-lib.sh sourced).
# Waits for the guest to finish and checks its console.

rc=0
wait_guest_done 120 || rc=$?
[ "$rc" -eq 0 ] || fail "guest.sh failed (rc=$rc; 124 = timeout)"

grep -q 'as_user id: uid=1000(winai) gid=1000(winai)' "$GUEST_CONSOLE" ||
	fail "as_user id did not report uid=1000"
grep -q 'loginuid as winai: 1000' "$GUEST_CONSOLE" ||
	fail "loginuid of as_user commands is not 1000"
grep -q 'guest: mail ok' "$GUEST_CONSOLE" || fail "mail check missing"

result "boot: guest ran as winai (uid 1000, loginuid 1000); mail ok"
result "boot: dom0 $(xl info | grep -E '^xen_version')"
