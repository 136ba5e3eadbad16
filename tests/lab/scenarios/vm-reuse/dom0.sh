# SPDX-License-Identifier: GPL-2.0
#
# vm-reuse scenario, dom0 part. The first VM ("guest", domain D) tries to
# write its own identity (guest.sh); dom0 renames it while it is
# connected (xl rename: a VM_IDENTITY record, why change), lets it end and
# waits until it is destroyed, then creates a new VM ("reborn", its own
# UUID) with the same domain id D (mkdom: as xl restore does, with the
# domid in the configuration; LIBXL_DOMID_REUSE_TIMEOUT=0, else libxl
# keeps a destroyed domid unused for 60 s). check.sh finds each VM's
# records under its own UUID.
D=$DOMID
uuid() {
	local vm
	vm=$(xenstore-read "/local/domain/$1/vm")
	echo "${vm#/vm/}"
}
nics() {
	xenstore-list "/local/domain/0/backend/vif/$1" 2>/dev/null | wc -l
}
# Who may write what names the VM: xenstore-ls -p shows "(n0,r1)" for a
# key dom0 owns that domain 1 may read (the owner first, then the others).
for k in name vm; do
	p=$(xenstore-ls -p "/local/domain/$D" | sed -n "s/^$k = .*(\(.*\))\$/\1/p")
	result "@@PERMS $D $k: $(echo "$p" | tr ',' ' ')"
done
result "@@UUID1 $(uuid "$D")"
result "@@NICS1 $(nics "$D")"
wait_console '@@GUEST-LOGGED' 60 || fail "the guest did not log"
# What the guest tried: every write but its own data/ key refused.
for w in data name vm mac ip; do
	grep -a "@@XSWRITE $w " "$GUEST_CONSOLE" | tr -d '\r' | head -n 1 |
		while read -r line; do result "$line"; done
done
grep -a "@@NAME-NOW" "$GUEST_CONSOLE" | tr -d '\r' | head -n 1 |
	while read -r line; do result "$line"; done
xl rename guest guest-renamed
result "@@RENAMED $(xenstore-read "/local/domain/$D/name")"
xl sysrq guest-renamed h
rc=0
wait_guest_done 120 || rc=$?
[ "$rc" -eq 0 ] || fail "the first VM's guest.sh failed (rc=$rc)"
wait_until 60 domain_gone "$D" || fail "domain $D was not destroyed"
wait_until 30 sh -c "! xenstore-read /local/domain/0/backend/xtrail/$D/0/state" ||
	fail "domain $D's xtrail backend directory was left"

# The new VM, the same domid.
sed -e 's/^name = .*/name = "reborn"/' -e 's/lab\.name=guest/lab.name=reborn/' \
	/etc/xen/guest.cfg >/etc/xen/reborn.cfg
xl create -n /etc/xen/reborn.cfg >/tmp/reborn.json 2>/tmp/reborn.err ||
	fail "xl create -n: $(cat /tmp/reborn.err)"
# libxl takes a domid destroyed within the current second as recently used
# even with a timeout of 0 ("domain id recently used", seen in a clean-clone
# CI): let that second pass.
sleep 2
got=$(LIBXL_DOMID_REUSE_TIMEOUT=0 mkdom "$D" /tmp/reborn.json 2>/tmp/mkdom.err) ||
	fail "mkdom: $(cat /tmp/mkdom.err)"
[ "$got" = "$D" ] || fail "mkdom made domain $got, not $D"
result "@@UUID2 $(uuid "$D")"
result "@@NICS2 $(nics "$D")"
wait_attached "$D" || fail "xtraild did not attach the new VM (domain $D)"
xl unpause reborn
reborn=$(guest_console reborn)
wait_until 120 guest_done "$reborn" || fail "the new VM did not finish"
[ "$GUEST_RC" -eq 0 ] || fail "the new VM's guest.sh failed (rc=$GUEST_RC)"
ship_text "$reborn" console-reborn
# mkdom's domain has no xl watching it: destroyed here, its DISCONNECT.
xl destroy reborn
disconnects() {
	[ "$(dmesg | grep -c "domain $D disconnected")" -ge 2 ]
}
wait_until 30 disconnects || fail "no second DISCONNECT of domain $D"
sleep 1
xtraild_stop
result "@@DOMID $D"
