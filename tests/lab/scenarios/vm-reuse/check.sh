#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vm-reuse scenario, host side: one domid, two VMs, told apart.
#  - dom0 wrote exactly three VM_IDENTITY records for domain D: the first
#    VM at connect (its UUID, name "guest"), the same UUID renamed
#    "guest-renamed" (why change), and the new VM at connect (another
#    UUID, name "reborn"), each with the NICs dom0's backend tree had;
#  - each VM's execs carry its own vm_uuid and vm_name (the join), and
#    "xtrail export --vm" picks each VM's alone;
#  - the guest's root could not write its name, vm, or a NIC's mac or ip
#    (xenstore said so; its own data/ key it could), and none of that
#    reached a VM_IDENTITY record (the three above are all there are).
. "$(dirname "$0")/../../check-lib.sh" "$1"

u1=$(result_value '@@UUID1 \([0-9a-f-]*\)')
u2=$(result_value '@@UUID2 \([0-9a-f-]*\)')
n1=$(result_value '@@NICS1 \([0-9]*\)')
n2=$(result_value '@@NICS2 \([0-9]*\)')
[ ${#u1} -eq 36 ] && [ ${#u2} -eq 36 ] && [ "$u1" != "$u2" ] ||
	{ echo "check: UUIDs '$u1' and '$u2': not two different UUIDs" >&2; exit 1; }
ids=$(jq -c --argjson d "$domid" 'select(.type == "vm_identity" and
	.domid == $d) | [.why, .uuid, .name, (.nics | length)]' "$log")
want=$(printf '["connect","%s","guest",%s]\n["change","%s","guest-renamed",%s]\n["connect","%s","reborn",%s]' \
	"$u1" "$n1" "$u1" "$n1" "$u2" "$n2")
[ "$ids" = "$want" ] ||
	{ echo "check: VM_IDENTITY records of domain $domid: got $(echo "$ids" | tr '\n' ' '), want $(echo "$want" | tr '\n' ' ')" >&2; exit 1; }
echo "check: domain $domid: VM $u1 (guest, renamed guest-renamed), then VM $u2 (reborn)"
# Each VM_IDENTITY right before its VM's CONNECT.
jq -se --argjson d "$domid" '[.[] | select(.domid == $d and (.type ==
	"vm_identity" or .type == "connect"))] | map(.type + ":" + .vm_uuid) ==
	["vm_identity:'"$u1"'", "connect:'"$u1"'", "vm_identity:'"$u1"'",
	 "vm_identity:'"$u2"'", "connect:'"$u2"'"]' "$log" >/dev/null ||
	{ echo "check: VM_IDENTITY and CONNECT records out of order" >&2; exit 1; }
EXPECT_ARGS=(--argjson g "$domid" --arg u1 "$u1" --arg u2 "$u2")
expect "the first VM's exec, under its UUID" '.type == "exec" and
	.domid == $g and .argv == ["/bin/true", "vm-guest"] and
	.vm_uuid == $u1 and .vm_name == "guest"'
expect "its exec after the rename" '.type == "exec" and .domid == $g and
	.argv == ["/bin/true", "after-rename"] and .vm_uuid == $u1 and
	.vm_name == "guest-renamed"'
expect "the new VM's exec, same domid, its own UUID" '.type == "exec" and
	.domid == $g and .argv == ["/bin/true", "vm-reborn"] and
	.vm_uuid == $u2 and .vm_name == "reborn"'
expect "the first VM's DISCONNECT, under its UUID" '.type == "disconnect" and
	.domid == $g and .vm_uuid == $u1'
expect "the new VM's DISCONNECT, under its UUID" '.type == "disconnect" and
	.domid == $g and .vm_uuid == $u2'
EXPECT_ARGS=()
# --vm: each VM's execs alone, by UUID and by name.
vm_execs() {
	"$xtrail" export "$dir/f3.log" --vm "$1" --type exec |
		jq -r 'select(.argv[0] == "/bin/true") | .argv[1]' | tr '\n' ' '
}
for q in "$u1:vm-guest after-rename " "$u2:vm-reborn " "reborn:vm-reborn " \
	"guest:vm-guest " "${u2^^}:vm-reborn "; do
	got=$(vm_execs "${q%%:*}")
	[ "$got" = "${q#*:}" ] ||
		{ echo "check: --vm ${q%%:*}: execs '$got', want '${q#*:}'" >&2; exit 1; }
done
echo "check: --vm picks each VM's execs"
# The guest's attempts on its identity: refused, its own key written.
for w in name vm mac ip; do
	grep -q "^@@XSWRITE $w rc=[1-9]" "$dir/results.log" ||
		{ echo "check: the guest's write of its $w was not refused: $(grep "@@XSWRITE $w " "$dir/results.log")" >&2; exit 1; }
done
grep -q "^@@XSWRITE data rc=0" "$dir/results.log" ||
	{ echo "check: the guest could not write its own data/ key: the tools do not work" >&2; exit 1; }
# dom0's view of those keys: owned by dom0, the guest may read them.
grep -q "^@@PERMS $domid name: n0 r$domid\$" "$dir/results.log" &&
	grep -q "^@@PERMS $domid vm: n0 r$domid\$" "$dir/results.log" ||
	{ echo "check: the permissions of name and vm are not dom0's: $(grep @@PERMS "$dir/results.log" | tr '\n' ' ')" >&2; exit 1; }
grep -qx "@@NAME-NOW guest" "$dir/results.log" ||
	{ echo "check: the guest's name changed: $(grep @@NAME-NOW "$dir/results.log")" >&2; exit 1; }
echo "check: the guest's writes of name, vm, mac, ip refused; its identity unchanged"
echo "check: vm-reuse OK"
