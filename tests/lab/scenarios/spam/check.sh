#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# spam scenario, host side: the F3 file shipped from dom0 is encrypted to
# the auditor (the spam's text is nowhere in it), verifies with the initial
# sealing key, and exported on the host (the forensic workstation) with the
# auditor's secret key it must hold the spam exec record. Over the lab
# network: the SMTP sink in dom0 got exactly that message, and the guest's
# records show who sent it (sendmail = msmtp, run by mail, uid 1000, its
# connect from the port the sink saw), dom0's flow saw it, and "xtrail
# attribute" ties that flow to that process.
. "$(dirname "$0")/../../check-lib.sh" "$1"

grep -q '^@@XS backend=4 frontend=4' "$dir/results.log"
keys=$lab/../../build/lab/keys
# one xtraild run: a segment, and one more per seal (a new key each)
grep -Eq 'OK: [0-9]+ segments, [0-9]+ records, [1-9][0-9]* seals' "$dir/verify-dom0.log"
for s in spamSubject winai.wongthai; do
	if grep -a -q "$s" "$dir/f3.log"; then
		echo "check: '$s' in plaintext in F3" >&2
		exit 1
	fi
done
"$xtrail" verify "$dir/f3.log" --seal-key "$keys/seal.key" --key "$keys/auditor.key"
# The workstation exports with the auditor's secret key.
"$xtrail" export --key "$keys/auditor.key" "$dir/f3.log" >"$dir/export.jsonl"
grep -q spamSubject "$dir/export.jsonl"
grep -q winai.wongthai "$dir/export.jsonl"
"$lab/expect-exec.sh" "$dir/export.jsonl" "$domid" 1000 mail \
	mail -s spamSubject winai.wongthai@ncl.ac.uk

# ---- over the wire: the lab network -------------------------------------------
# The guest's vif as the toolstack made it from the vif line (lab-lib.sh's
# guest_create: the first guest gets 10.99.0.2 and a MAC ending in 02), and
# the vif script's hotplug-status.
present '^@@VIF mac=00:16:3e:63:00:02 ip=10.99.0.2 bridge=xenbr0 hotplug-status=connected$' \
	"$dir/results.log" "no vif, or not the one the vif line asked for"
# dom0's record of which VM this is (VM_IDENTITY, ahead of its CONNECT):
# the name and the NIC as the toolstack wrote them (dom0's keys: xenstore's
# name, and the vif's mac and ip in the backend tree), and every record of
# the guest under that VM's UUID and name.
vmid=$(jq -c --argjson d "$domid" 'select(.type == "vm_identity" and
	.domid == $d and .why == "connect")' "$log")
[ "$(grep -c . <<<"$vmid")" -eq 1 ] &&
	jq -e '.name == "guest" and (.uuid | length) == 36 and
	.nics == [{"devid": 0, "mac": "00:16:3e:63:00:02", "ip": "10.99.0.2"}]' \
	<<<"$vmid" >/dev/null ||
	{ echo "check: no one VM_IDENTITY of guest with its NIC 00:16:3e:63:00:02 10.99.0.2: $vmid" >&2; exit 1; }
uuid=$(jq -r .uuid <<<"$vmid")
jq -se --argjson d "$domid" --arg u "$uuid" '[.[] | select(.domid == $d)] |
	length > 0 and all(.vm_uuid == $u and (.vm_name == "guest" or
	.vm_name == "guest-renamed"))' "$log" >/dev/null ||
	{ echo "check: a record of domain $domid not under VM $uuid (guest)" >&2; exit 1; }
echo "check: VM $uuid, guest, NIC 00:16:3e:63:00:02 10.99.0.2; all of domain $domid's records under it"

# The sink in dom0 got exactly one message (the spam): one file, one log line.
msg=$dir/smtp-msg.1.log
[ -f "$msg" ] || { echo "check: the SMTP sink stored no message (no smtp-msg.1.log)" >&2; exit 1; }
[ ! -e "$dir/smtp-msg.2.log" ] || { echo "check: the sink stored more than one message" >&2; exit 1; }
n=$(grep -c '^smtpsink: msg\.' "$dir/smtpsink.log")
[ "$n" -eq 1 ] || { echo "check: the sink logged $n messages, not 1" >&2; exit 1; }
# Its envelope: from winai at the guest (msmtprc: from %U@%H), to the one
# recipient, from the guest's address.
hdr() {
	sed -n "1,/^\$/s/^$1: //p" "$msg"
}
peer=$(hdr X-Sink-Peer)
[ "${peer%:*}" = 10.99.0.2 ] || { echo "check: sink peer '$peer', not 10.99.0.2" >&2; exit 1; }
[ "$(hdr X-Sink-Mail-From)" = winai@guest ] ||
	{ echo "check: envelope sender '$(hdr X-Sink-Mail-From)', not winai@guest" >&2; exit 1; }
[ "$(hdr X-Sink-Rcpt-To)" = winai.wongthai@ncl.ac.uk ] ||
	{ echo "check: envelope recipients '$(hdr X-Sink-Rcpt-To)', not winai.wongthai@ncl.ac.uk" >&2; exit 1; }
# The message itself, as mail wrote it and msmtp completed it (From:).
body=$(sed '1,/^$/d' "$msg")
for want in 'Subject: spamSubject' 'To: winai.wongthai@ncl.ac.uk' 'From: winai@guest' \
	'Cheap pills, act now.'; do
	grep -qxF "$want" <<<"$body" || { echo "check: no line '$want' in the message the sink got" >&2; exit 1; }
done
echo "check: the sink got the spam from $peer: $(grep -c '' <<<"$body") lines"

# The guest's own records of it: mail (uid 1000) ran sendmail (msmtp) with
# the arguments bsd-mailx gives it, and that process connected to the sink
# from the very port the sink saw (one connect, so one port).
"$lab/expect-exec.sh" "$dir/export.jsonl" "$domid" 1000 sendmail sendmail -i -t
conns=$(jq -c --argjson d "$domid" 'select(.domid == $d and .type == "net" and
	.kind == "connect" and .family == 2 and .daddr == "10.99.0.1" and .dport == 25)' "$log")
[ "$(grep -c '' <<<"$conns")" -eq 1 ] ||
	{ echo "check: $(grep -c . <<<"$conns") connect records to 10.99.0.1:25, not 1" >&2; exit 1; }
jq -e --argjson port "${peer##*:}" '.comm == "sendmail" and .uid == 1000 and
	.loginuid == 1000 and .protocol == 6 and .ret == 0 and
	.saddr == "10.99.0.2" and .sport == $port' <<<"$conns" >/dev/null ||
	{ echo "check: the connect to 10.99.0.1:25 is not sendmail's, uid 1000, from 10.99.0.2:${peer##*:}: $conns" >&2; exit 1; }
# ... by the process that exec'd sendmail, a child of mail.
jq -e -n --argjson d "$domid" --argjson c "$conns" '[inputs | select(.domid == $d and .type == "exec")] |
	(map(select(.filename == "/usr/sbin/sendmail" and .tgid == $c.tgid)) | first) as $s |
	(map(select(.filename == "/usr/bin/mail" and .argv[1] == "-s")) | first) as $m |
	$s != null and $m != null and $s.ppid == $m.tgid' "$log" >/dev/null ||
	{ echo "check: the connect's process $(jq .tgid <<<"$conns") is not the sendmail that mail ran" >&2; exit 1; }
echo "check: connect to 10.99.0.1:25 by sendmail (msmtp), uid 1000, pid $(jq .tgid <<<"$conns"), a child of mail"

# ---- dom0's own view of it: the flow on the guest's vif ----------------------
# dom0 (not the guest) saw the connect to 10.99.0.1:25 on the guest's vif 0:
# one flow, started by the guest from the port the sink saw (a START at its
# SYN), ended (END: FIN both ways) with packets and bytes both ways.
starts=$(jq -c --argjson d "$domid" 'select(.domid == $d and .type == "flow" and
	.event == "start" and .dport == 25)' "$log")
[ "$(grep -c '' <<<"$starts")" -eq 1 ] && [ -n "$starts" ] ||
	{ echo "check: $(grep -c . <<<"$starts") flow starts to port 25, not 1 (one connect)" >&2; exit 1; }
jq -e --argjson port "${peer##*:}" '.proto == "tcp" and .from_guest and .no_task and
	.vif == 0 and .saddr == "10.99.0.2" and .sport == $port and .daddr == "10.99.0.1" and
	.tcp_fwd == 2 and .pkts_fwd == 1 and .bytes_fwd == 60 and .pkts_rev == 0' <<<"$starts" >/dev/null ||
	{ echo "check: the flow start to port 25 is not the guest's SYN from 10.99.0.2:${peer##*:}: $starts" >&2; exit 1; }
end=$(jq -c --argjson d "$domid" --argjson id "$(jq .flow_id <<<"$starts")" 'select(.domid == $d and
	.type == "flow" and .flow_id == $id and .event != "start")' "$log")
jq -e '.event == "end" and .pkts_fwd > 3 and .pkts_rev > 3 and .bytes_fwd > 400 and
	.bytes_rev > 200 and (.tcp_fwd % 2) == 1 and (.tcp_rev % 2) == 1' <<<"$end" >/dev/null ||
	{ echo "check: the flow to port 25 did not END with FIN both ways and traffic both ways: $end" >&2; exit 1; }
echo "check: dom0 saw the flow to 10.99.0.1:25: $(jq -c '{event, pkts_fwd, bytes_fwd, pkts_rev, bytes_rev, tcp_fwd, tcp_rev}' <<<"$end")"

# ---- the cross-check: who made that flow ------------------------------------
# "xtrail attribute" on the sealed F3 with the auditor's key (README, "The
# cross-check"): dom0's flow to 10.99.0.1:25 is attributed, from the guest's
# own connect record, to the sendmail (msmtp) that mail ran as winai: uid
# and login uid 1000, comm sendmail, argv "sendmail -i -t", the process of
# that connect. The guest's only flow, so exit status 0.
"$xtrail" attribute --key "$keys/auditor.key" --json --domid "$domid" \
	"$dir/f3.log" >"$dir/attribute.jsonl" 2>"$dir/attribute.err" ||
	{ echo "check: xtrail attribute failed: $(cat "$dir/attribute.err")" >&2; exit 1; }
grep -qx 'xtrail attribute: 1 flows: 1 attributed, 0 unattributed, 0 unknown, 0 inbound' \
	"$dir/attribute.err" ||
	{ echo "check: not one flow, attributed: $(cat "$dir/attribute.err")" >&2; exit 1; }
"$lab/expect-flow.sh" "$dir/attribute.jsonl" "$domid" 10.99.0.1:25 attributed "$peer" \
	1000 sendmail sendmail sendmail -i -t
jq -e --argjson c "$conns" '.tgid == $c.tgid and .pid == $c.pid and
	.net_kind == "connect"' "$dir/attribute.jsonl" >/dev/null ||
	{ echo "check: the flow is not attributed to the connect's process $(jq -c '{pid, tgid}' <<<"$conns")" >&2; exit 1; }
# The bytes: msmtp's socket's own count (its NET close record) beside
# dom0's IP bytes of the flow; the guest's payload can never exceed them
# (attr_bytes.h: neither over nor under).
jq -e '.bytes != null and .bytes != "over" and .bytes != "under" and
	.guest_bytes_sent > 0 and .guest_bytes_received > 0 and
	.dom0_ip_bytes_sent >= .guest_bytes_sent and
	.dom0_ip_bytes_received >= .guest_bytes_received' \
	"$dir/attribute.jsonl" >/dev/null ||
	{ echo "check: the flow's bytes do not compare: $(jq -c '{bytes, guest_bytes_sent, guest_bytes_received, dom0_ip_bytes_sent, dom0_ip_bytes_received}' "$dir/attribute.jsonl")" >&2; exit 1; }
"$xtrail" attribute --key "$keys/auditor.key" --domid "$domid" "$dir/f3.log" 2>/dev/null |
	sed 's/^/check: /'

# ---- the auditor's report (xtrail report, issue 17) ---------------------------
# On the sealed log with the seal key: verified, valid against its schema
# (doc/report.schema.json), the one VM (this guest) with its console
# session and the command that replays it; the rules ran (one message is
# below mail-rate's 2 per 600 s: no finding).
"$xtrail" report "$dir/f3.log" --key "$keys/auditor.key" --seal-key "$keys/seal.key" \
	--rules "$lab/../../userspace/rules" -o "$dir/report.html" --json "$dir/report.json" ||
	{ echo "check: xtrail report failed" >&2; exit 1; }
python3 "$lab/../report/validate.py" "$dir/report.json" >&2 ||
	{ echo "check: the report does not validate against doc/report.schema.json" >&2; exit 1; }
jq -e --arg u "$uuid" --argjson d "$domid" --arg f "$dir/f3.log" '.integrity.verdict == "ok" and
	.integrity.seal_macs_checked and [.vms[].uuid] == [$u] and
	any(.tty_sessions[]; .vm_uuid == $u and .domid == $d and
	.replay == "xtrail replay \($f) --session \($d):\(.tty) --dump") and
	(.findings.source | startswith("xtrail detect")) and .findings.count == 0' \
	"$dir/report.json" >/dev/null ||
	{ echo "check: the report is not the verified log of VM $uuid: $(jq -c '[.integrity.verdict, [.vms[].uuid], .findings.count]' "$dir/report.json")" >&2; exit 1; }
echo "check: xtrail report: $(wc -c <"$dir/report.html") bytes of HTML, its JSON valid, VM $uuid and its console"

# ---- the abuse complaint: xtrail trace ---------------------------------------
# The sink's operator complains of spam to 10.99.0.1:25 at the flow's time
# (given with a +00:00 offset, as complaints often are). "xtrail trace"
# answers with one flow (the guest's only one to port 25), the VM's UUID,
# and the chain from the session down: 3 processes. (1) guest.sh's bash
# (uid 0, no login uid: the process whose child opened the session);
# (2) as_user's subshell, which wrote loginuid 1000 (session set) and
# exec'd su, which exec'd bash, which exec'd mail -s spamSubject
# winai.wongthai@ncl.ac.uk as uid 1000 (one process, three execs);
# (3) the sendmail (msmtp) mail forked, whose connect dom0 saw.
at=$(jq -r .time "$dir/attribute.jsonl")
at=${at%Z}+00:00
trace_args=(trace --key "$keys/auditor.key" --dst 10.99.0.1:25 --at "$at" "$dir/f3.log")
"$xtrail" "${trace_args[@]}" >"$dir/trace.txt" 2>"$dir/trace.err" ||
	{ echo "check: xtrail trace failed ($?): $(cat "$dir/trace.err")" >&2; exit 1; }
grep -qx 'xtrail trace: 1 answers' "$dir/trace.err" ||
	{ echo "check: xtrail trace did not give one answer: $(cat "$dir/trace.err")" >&2; exit 1; }
present "^vm $uuid \"guest\" domid $domid\$" "$dir/trace.txt" "trace: not VM $uuid (guest), domid $domid"
present '^process chain: 3 processes, from the one whose child opened the session down:$' \
	"$dir/trace.txt" "trace: not a chain of 3 processes up to the session"
# the chain's execs in order (pid, time and session number taken out):
# guest.sh's bash (uid 0, no login uid), su (the login: uid 0, login uid
# 1000), bash and mail as uid 1000, then the sendmail mail forked
chain=$(grep -E '^    exec ' "$dir/trace.txt" | sed -E 's/^    exec [^ ]+ //; s/ pid [0-9]+ / /; s/ ses [0-9]+ / /')
want='"/bin/bash" argv "bash" "-c" "set -euo pipefail; . /lab-lib.sh; . /scenario/guest.sh" uid 0 euid 0 loginuid - ses - comm "bash"
"/bin/su" argv "su" "-s" "/bin/bash" "winai" "-c" " mail -s spamSubject winai.wongthai@ncl.ac.uk" uid 0 euid 0 loginuid 1000 comm "su"
"/bin/bash" argv "bash" "-c" " mail -s spamSubject winai.wongthai@ncl.ac.uk" uid 1000 euid 1000 loginuid 1000 comm "bash"
"/usr/bin/mail" argv "mail" "-s" "spamSubject" "winai.wongthai@ncl.ac.uk" uid 1000 euid 1000 loginuid 1000 comm "mail"
"/usr/sbin/sendmail" argv "sendmail" "-i" "-t" uid 1000 euid 1000 loginuid 1000 comm "sendmail"'
[ "$chain" = "$want" ] ||
	{ echo "check: trace's chain is not guest.sh > su > bash > mail (uid 1000) > sendmail:" >&2
	  diff <(echo "$want") <(echo "$chain") >&2; exit 1; }
# what sendmail touched in the window: its config, and its connect to the sink
present '\] file openat /etc/msmtprc = [0-9]+$' "$dir/trace.txt" "trace: sendmail's /etc/msmtprc not among what it touched"
present "\\] net connect 10\\.99\\.0\\.2:${peer##*:} -> 10\\.99\\.0\\.1:25 = 0 socket [0-9]+\$" \
	"$dir/trace.txt" "trace: sendmail's connect to the sink not among what it touched"
# --json: the same answer for tools (xtrail-trace(8))
"$xtrail" "${trace_args[@]}" --json >"$dir/trace.jsonl" 2>/dev/null
jq -se --arg u "$uuid" --argjson d "$domid" --argjson c "$conns" 'length == 1 and
	(.[0] | .vm_uuid == $u and .domid == $d and .tgid == $c.tgid and
	.flow.verdict == "attributed" and .flow.dst == "10.99.0.1:25" and
	.chain_end == "session" and (.chain | length) == 3 and
	.chain[2].tgid == $c.tgid and .chain[2].parent == .chain[1].tgid and
	(.chain[1].execs | map(.argv) | index([["mail", "-s", "spamSubject",
		"winai.wongthai@ncl.ac.uk"]])) == 2 and
	.chain[1].execs[2].uid == 1000 and .chain[1].execs[2].loginuid == 1000 and
	.chain[2].execs[0].exe == "/usr/sbin/sendmail" and
	any(.touched[]; .type == "net" and .kind == "connect" and .dport == 25))' \
	"$dir/trace.jsonl" >/dev/null ||
	{ echo "check: trace --json is not that answer: $(head -c 600 "$dir/trace.jsonl")" >&2; exit 1; }
# Nothing at another port, or an hour later: exit status 2.
for q in "--dst 10.99.0.1:26 --at $at" "--dst 10.99.0.1:25 --at @$(($(date -d "${at%+00:00}Z" +%s) + 3600))"; do
	set +e
	# shellcheck disable=SC2086
	"$xtrail" trace --key "$keys/auditor.key" $q "$dir/f3.log" >/dev/null 2>&1
	rc=$?
	set -e
	[ "$rc" -eq 2 ] || { echo "check: xtrail trace $q: exit status $rc, not 2 (nothing matched)" >&2; exit 1; }
done
echo "check: xtrail trace --dst 10.99.0.1:25 --at $at: VM $uuid, chain down to mail (uid 1000) and sendmail"
