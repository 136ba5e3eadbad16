#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# abuse scenario, host side: "xtrail detect --json" over the saved F3 must
# give exactly the six findings of what guest1's user and dom0's
# administrator did, under the right CSA threats, VM, user and times, and
# nothing for guest2 (the benign guest: its false positives are counted):
#   mail-rate           threat 1  guest1 uid 1000: 3 messages (3 SMTP
#                                 connects, 3 runs of mail) > 2 allowed
#   port-scan           threat 1  guest1 uid 1000: 200 TCP ports of 10.99.0.1
#   setuid-root-exec    threat 6  guest1 uid 1000: rootme ran with euid 0
#   setuid-zero         threat 6  guest1 uid 1000: rootme's setgid/setuid(0)
#   guest-module-load   threat 1  guest1 uid 0, login uid 1000: insmod
#   insider-image-read  threat 3  guest1 (the image's VM), dom0's uid 0,
#                                 login uid 0: cp of guest1.img
# Each finding's records are looked up in the export (f3_seq = line
# number from 0): their types, and first/last = their first and last time.
# Then the report holds the same findings, and trace answers the complaint
# about the first spam (its FLOW to port 25) with mail's exec as uid 1000.
# The events scenario's own check runs detect over its (benign) log.
. "$(dirname "$0")/../../check-lib.sh" "$1"

rules=$lab/../../userspace/rules
keys=$lab/../../build/lab/keys
out=$dir/detect.json
"$xtrail" detect --rules "$rules" --json "$dir/f3.log" >"$out" 2>"$dir/detect.err" ||
	{ echo "check: xtrail detect failed: $(cat "$dir/detect.err")" >&2; exit 1; }
"$xtrail" detect --rules "$rules" "$dir/f3.log" >"$dir/detect.txt"
cat "$dir/detect.txt"

u1=$(jq -r 'select(.type == "vm_identity" and .name == "guest1") | .uuid' "$log" | head -n 1)
u2=$(jq -r 'select(.type == "vm_identity" and .name == "guest2") | .uuid' "$log" | head -n 1)
[ ${#u1} -eq 36 ] && [ ${#u2} -eq 36 ] ||
	{ echo "check: no VM identity for guest1 ('$u1') or guest2 ('$u2')" >&2; exit 1; }

# False positives: any finding that names guest2.
fp=$(jq --arg u "$u2" '[.[] | select(.vm_uuid == $u or .vm_name == "guest2")] | length' "$out")
echo "check: findings for guest2 (benign, false positives): $fp"
[ "$fp" -eq 0 ] || { echo "check: $fp false positives for guest2" >&2; exit 1; }

got=$(jq -c '[.[] | [.rule, .threat, .vm_name, .vm_uuid, .uid, .loginuid]] | sort' "$out")
want=$(jq -nc --arg u "$u1" --argjson d "$domid" '[
	["guest-module-load", 1, "guest1", $u, 0, 1000],
	["insider-image-read", 3, "guest1", $u, 0, 0],
	["mail-rate", 1, "guest1", $u, 1000, 1000],
	["port-scan", 1, "guest1", $u, 1000, 1000],
	["setuid-root-exec", 6, "guest1", $u, 1000, 1000],
	["setuid-zero", 6, "guest1", $u, 1000, 1000]] | sort')
[ "$got" = "$want" ] ||
	{ echo "check: findings $got, want $want" >&2; exit 1; }
jq -e --argjson d "$domid" 'all(.[]; .domid == $d)' "$out" >/dev/null ||
	{ echo "check: a finding is not under guest1's domid $domid" >&2; exit 1; }
echo "check: exactly the 6 expected findings, all for guest1 ($u1, domid $domid)"

# The records behind a finding: their types (sorted, unique) and times.
rec_types() {
	jq -sc --slurpfile f "$out" --arg r "$1" '
		($f[0][] | select(.rule == $r) | .records) as $s |
		[$s[] as $i | .[$i].type] | unique' "$log"
}
rec_span() {
	jq -sr --slurpfile f "$out" --arg r "$1" '
		($f[0][] | select(.rule == $r)) as $x |
		[$x.records[] as $i | .[$i].time] as $t |
		if ($t | min) == $x.first and ($t | max) == $x.last then "ok"
		else "first \($x.first) last \($x.last), records \($t | min) .. \($t | max)" end' "$log"
}
check_rule() {
	local rule=$1 types=$2 t s
	t=$(rec_types "$rule")
	[ "$t" = "$types" ] || { echo "check: $rule: records of types $t, want $types" >&2; exit 1; }
	s=$(rec_span "$rule")
	[ "$s" = ok ] || { echo "check: $rule: $s" >&2; exit 1; }
	echo "check: $rule: records $t, first/last their times"
}
check_rule mail-rate '["exec","net"]'
check_rule port-scan '["net"]'
check_rule setuid-root-exec '["exec"]'
check_rule setuid-zero '["exec","syscall"]'
check_rule guest-module-load '["exec","syscall"]'
check_rule insider-image-read '["exec","file"]'

# What each is: counts and programs, from the records themselves.
n=$(jq -s --slurpfile f "$out" '($f[0][] | select(.rule == "mail-rate") | .records) as $s |
	[$s[] as $i | .[$i] | select(.type == "exec" and .filename == "/usr/bin/mail")] | length' "$log")
[ "$n" -eq 3 ] || { echo "check: mail-rate: $n runs of mail, want 3" >&2; exit 1; }
n=$(jq -s --slurpfile f "$out" '($f[0][] | select(.rule == "port-scan") | .records) as $s |
	[$s[] as $i | .[$i] | select(.kind == "connect" and .daddr == "10.99.0.1" and
	 .dport >= 20001 and .dport <= 20200 and .comm == "xtload") | .dport] | unique | length' "$log")
[ "$n" -eq 200 ] || { echo "check: port-scan: $n ports of the scan, want 200" >&2; exit 1; }
for r in setuid-root-exec setuid-zero; do
	jq -se --slurpfile f "$out" --arg r "$r" '($f[0][] | select(.rule == $r) | .records) as $s |
		[$s[] as $i | .[$i] | select(.type == "exec")] | length == 1 and
		.[0].filename == "/usr/local/bin/rootme" and .[0].uid == 1000 and .[0].euid == 0' "$log" >/dev/null ||
		{ echo "check: $r: not rootme's exec as uid 1000, euid 0" >&2; exit 1; }
done
jq -se --slurpfile f "$out" '($f[0][] | select(.rule == "guest-module-load") | .records) as $s |
	[$s[] as $i | .[$i]] | any(.type == "exec" and .argv[0] == "/sbin/insmod" and
	 (.argv[1] | endswith("xen-gntalloc.ko")))' "$log" >/dev/null ||
	{ echo "check: guest-module-load: not insmod of xen-gntalloc.ko" >&2; exit 1; }
jq -se --slurpfile f "$out" '($f[0][] | select(.rule == "insider-image-read") | .records) as $s |
	[$s[] as $i | .[$i]] | any(.type == "file" and .domid == 0 and
	 .path == "/var/lib/xen/images/guest1.img") and
	 any(.type == "exec" and .argv[0] == "/bin/cp")' "$log" >/dev/null ||
	{ echo "check: insider-image-read: not dom0's cp of guest1.img" >&2; exit 1; }
echo "check: the findings' records are the spam, the scan, rootme, insmod and dom0's cp"

# ---- the auditor's report (xtrail report) ----------------------------------
# The same findings, grouped under their CSA threats, in the JSON report
# (valid against doc/report.schema.json) and as text in the HTML page.
"$xtrail" report "$dir/f3.log" --key "$keys/auditor.key" --seal-key "$keys/seal.key" \
	--rules "$rules" -o "$dir/report.html" --json "$dir/report.json" 2>"$dir/report.err" ||
	{ echo "check: xtrail report failed: $(cat "$dir/report.err")" >&2; exit 1; }
python3 "$lab/../report/validate.py" "$dir/report.json" >&2 ||
	{ echo "check: the report does not validate against doc/report.schema.json" >&2; exit 1; }
got=$(jq -c '[.. | objects | select(has("rule") and has("threat") and has("records")) |
	[.rule, .threat, .vm_uuid]] | unique' "$dir/report.json")
want=$(jq -c '[.[] | [.rule, .threat, .vm_uuid]] | unique' "$out")
[ "$got" = "$want" ] ||
	{ echo "check: the report's findings $got are not detect's $want" >&2; exit 1; }
python3 - "$out" "$dir/report.html" <<'PY' || { echo "check: the HTML report lacks a finding's title" >&2; exit 1; }
import html, json, sys
page = html.unescape(open(sys.argv[2], encoding="utf-8").read())
missing = [f["title"] for f in json.load(open(sys.argv[1]))
           if f["title"] not in page]
if missing:
    print("check: not in the HTML report:", missing, file=sys.stderr)
    sys.exit(1)
PY
echo "check: xtrail report: the same $(jq length "$out") findings (JSON valid, each title in the HTML)"

# ---- the complaint: xtrail trace on the first spam's flow ---------------------
fl=$(jq -sc --argjson d "$domid" 'first(.[] | select(.type == "flow" and .domid == $d and .dport == 25)) // empty' "$log")
[ -n "$fl" ] || { echo "check: no FLOW to port 25 from guest1" >&2; exit 1; }
at=$(jq -r .time <<<"$fl")
at=${at%Z}+00:00
"$xtrail" trace --key "$keys/auditor.key" --dst 10.99.0.1:25 --at "$at" --window 5 \
	--json "$dir/f3.log" >"$dir/trace.jsonl" 2>"$dir/trace.err" ||
	{ echo "check: xtrail trace failed: $(cat "$dir/trace.err")" >&2; exit 1; }
jq -se --arg u "$u1" 'length >= 1 and (.[0] | .vm_uuid == $u and
	.flow.verdict == "attributed" and
	any(.chain[].execs[]; .argv == ["mail", "-s", "spamSubject",
		"winai.wongthai@ncl.ac.uk"] and .uid == 1000 and .loginuid == 1000))' \
	"$dir/trace.jsonl" >/dev/null ||
	{ echo "check: trace of the spam flow at $at: not guest1's mail -s spamSubject as uid 1000: $(head -c 600 "$dir/trace.jsonl")" >&2; exit 1; }
echo "check: xtrail trace --dst 10.99.0.1:25 --at $at: guest1 ($u1), the chain down to mail -s spamSubject winai.wongthai@ncl.ac.uk, uid 1000"
