# SPDX-License-Identifier: GPL-2.0
#
# spam scenario, dom0 part: both ends reach Connected, the guest sends its
# spam, over the lab network to the SMTP sink here in dom0, and the record
# must be in F3 (checked here and again on the host).

be=/local/domain/0/backend/xtrail/$DOMID/0
fe=/local/domain/$DOMID/device/xtrail/0
# (120 s: with the network the guest's image is larger, msmtp's libraries,
# and under load a boot took 65 s)
wait_until 120 sh -c "[ \"\$(xenstore-read $be/state)\" = 4 ]" ||
	fail "backend did not reach Connected"
wait_until 60 sh -c "[ \"\$(xenstore-read $fe/state)\" = 4 ]" ||
	fail "frontend did not reach Connected"
result "@@XS backend=4 frontend=4 ring-page-order=$(xenstore-read $fe/ring-page-order)"

# The lab network: the guest's vif as the toolstack made it (read while the
# guest runs), and the mail as the sink in dom0 stored it (the host checks
# it: smtp-msg.1.log).
vif=/local/domain/0/backend/vif/$DOMID/0
wait_until 60 sh -c "[ \"\$(xenstore-read $vif/hotplug-status)\" = connected ]" || true
result "@@VIF mac=$(xenstore-read $vif/mac) ip=$(xenstore-read $vif/ip) bridge=$(xenstore-read $vif/bridge) hotplug-status=$(xenstore-read $vif/hotplug-status)"
vif_mac=$(xenstore-read $vif/mac)

guest_must_pass 120

# (the vif was read while the guest ran: once it has passed it powers
# off, and its vif's xenstore directory goes with it)
[ "$GUEST_IPS $GUEST_MACS" = "10.99.0.2 $vif_mac" ] ||
	fail "GUEST_IPS, GUEST_MACS '$GUEST_IPS $GUEST_MACS' are not the vif's"
[ -f "$SMTP_SPOOL/msg.1" ] || fail "the SMTP sink stored no message"

# The record crossed in granted pages: its text is nowhere in xenstore.
if xenstore-ls -f | grep -q spamSubject; then
	fail "record text found in xenstore"
fi

sleep 1
xtraild_stop
# F3 is encrypted to the auditor: dom0 can check it but not read it.
xtrail verify "$F3" >/tmp/verify-dom0.log 2>&1 || fail "xtrail verify failed: $(cat /tmp/verify-dom0.log)"
ship_text /tmp/verify-dom0.log verify-dom0
if xtrail export "$F3" >/tmp/export-dom0.jsonl 2>/tmp/export-dom0.err; then
	fail "dom0 exported the encrypted log without the auditor's key"
fi
grep -q "secret key is needed" /tmp/export-dom0.err || fail "export in dom0: $(cat /tmp/export-dom0.err)"
if grep -a -q -e spamSubject -e winai.wongthai /var/log/xtrail/*; then
	fail "the spam's text is in plaintext on dom0's disk"
fi
[ -s /var/log/xtrail/f3.log.sealstate ] || fail "no sealing state"
result "@@DOMID $DOMID"
