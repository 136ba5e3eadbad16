#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Self-test of the lab's record checkers (expect-exec.sh, expect-flow.sh):
# each must accept the spam's record (its flow) and refuse every near miss;
# expect-evasion.sh the evasion suite's records. Prints "checker: N passed, N failed".
set -uo pipefail
lab=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 failed=0

good='{"seq":7,"type":"exec","domid":3,"uid":1000,"loginuid":1000,"filename":"/usr/bin/mail","argv":["mail","-s","spamSubject","winai.wongthai@ncl.ac.uk"],"ts_ns":123,"time":"2026-11-21T23:59:01.000000123Z"}'

# expect OUTCOME NAME JQ-EDIT: apply JQ-EDIT to the good record, run the checker.
expect() {
	local want=$1 name=$2 edit=$3 got
	printf '%s\n' '{"type":"clock","domid":0}' >"$tmp/log.jsonl"
	jq -c "$edit" <<<"$good" >>"$tmp/log.jsonl"
	if "$lab/expect-exec.sh" "$tmp/log.jsonl" 3 1000 mail mail -s spamSubject \
		winai.wongthai@ncl.ac.uk >/dev/null 2>&1; then
		got=accept
	else
		got=reject
	fi
	if [ "$got" = "$want" ]; then
		pass=$((pass + 1))
		echo "ok   checker $name: $got"
	else
		failed=$((failed + 1))
		echo "FAIL checker $name: $got, want $want"
	fi
}

expect accept exact '.'
expect reject absent 'empty'
expect reject wrong-domid '.domid = 4'
expect reject wrong-uid '.uid = 0'
expect reject wrong-loginuid '.loginuid = null'
expect reject wrong-filename '.filename = "/usr/bin/mailx"'
expect reject argv-extra '.argv += ["x"]'
expect reject argv-short '.argv = .argv[:3]'
expect reject argv-subject '.argv[2] = "hamSubject"'
expect reject not-exec '.type = "lost"'
expect reject no-time '.time = null'
expect reject no-ts '.ts_ns = 0'
# The flow of the spam as "xtrail attribute --json" gives it.
flow='{"time":"2026-11-21T23:59:01.000000123Z","ts_ns":123,"domid":3,"dst":"10.99.0.1:25","src":"10.99.0.2:40000","verdict":"attributed","uid":1000,"loginuid":1000,"comm":"sendmail","exe":"/usr/sbin/sendmail","argv":["sendmail","-i","-t"]}'

# expect_flow OUTCOME NAME JQ-EDIT [VERDICT]: the same for expect-flow.sh;
# with VERDICT (not attributed) no process is asked for.
expect_flow() {
	local want=$1 name=$2 edit=$3 got proc
	proc=(1000 sendmail sendmail sendmail -i -t)
	[ $# -lt 4 ] || proc=()
	jq -c "$edit" <<<"$flow" >"$tmp/flows.jsonl"
	if "$lab/expect-flow.sh" "$tmp/flows.jsonl" 3 10.99.0.1:25 "${4:-attributed}" \
		10.99.0.2:40000 "${proc[@]}" >/dev/null 2>&1; then
		got=accept
	else
		got=reject
	fi
	if [ "$got" = "$want" ]; then
		pass=$((pass + 1))
		echo "ok   checker flow-$name: $got"
	else
		failed=$((failed + 1))
		echo "FAIL checker flow-$name: $got, want $want"
	fi
}

expect_flow accept exact '.'
expect_flow reject absent 'empty'
expect_flow reject twice '., .'
expect_flow reject wrong-domid '.domid = 4'
expect_flow reject wrong-dst '.dst = "10.99.0.1:587"'
expect_flow reject wrong-src '.src = "10.99.0.2:40001"'
expect_flow reject unattributed '.verdict = "unattributed"'
expect_flow reject wrong-uid '.uid = 0'
expect_flow reject wrong-loginuid '.loginuid = 4294967295'
expect_flow reject wrong-comm '.comm = "msmtp"'
expect_flow reject wrong-exe '.exe = "/usr/bin/msmtp"'
expect_flow reject argv-short '.argv = ["sendmail", "-i"]'
expect_flow reject no-time '.time = null'
expect_flow accept hidden '.verdict = "unattributed" | del(.uid)' unattributed
expect_flow reject hidden-attributed '.' unattributed

# The evasion suite's records (expect-evasion.sh), as the lab's events run
# exported them: one per operation and road.
evasion='[
{"type":"file","name":"openat","path":"/tmp/xe-64","resolved":true,"ret":3,"road":"syscall"},
{"type":"file","name":"unlink","path":"/tmp/xe-64","ret":0,"road":"syscall"},
{"type":"net","kind":"connect","protocol":17,"daddr":"127.0.0.1","dport":7300,"ret":0,"fd":4,"road":"syscall"},
{"type":"file","name":"open","path":"/tmp/xe-32","resolved":true,"ret":3,"road":"compat"},
{"type":"file","name":"unlink","path":"/tmp/xe-32","ret":0,"road":"compat"},
{"type":"net","kind":"connect","protocol":17,"daddr":"127.0.0.1","dport":7301,"ret":0,"fd":4,"road":"compat"},
{"type":"net","kind":"connect","protocol":17,"daddr":"127.0.0.1","dport":7302,"ret":0,"fd":4,"road":"compat"},
{"type":"file","name":"openat","path":"/tmp/xe-uring","resolved":true,"ret":0,"road":"io_uring"},
{"type":"file","name":"unlinkat","path":"/tmp/xe-uring","ret":0,"road":"io_uring"},
{"type":"net","kind":"connect","protocol":17,"daddr":"127.0.0.1","dport":7303,"ret":0,"fd":-1,"road":"io_uring"},
{"type":"exec","argv":["xtevade","child"],"exe":"/memfd:xe-memfd (deleted)","exe_no_path":true},
{"type":"exec","argv":["xe-dirfd","child"],"filename":"/dev/fd/3/xe-prog","exe":"/tmp/xe-dir/xe-prog"},
{"type":"exec","argv":["xe-procfd","child"],"filename":"/proc/self/fd/3","exe":"/tmp/xe-dir/xe-prog"},
{"type":"exec","argv":["xe-deleted","child"],"filename":"/dev/fd/3","exe":"/tmp/xe-deleted (deleted)","exe_no_path":true}
]'

# expect_evasion OUTCOME NAME JQ-EDIT: JQ-EDIT applied to the array above.
expect_evasion() {
	local want=$1 name=$2 edit=$3 got
	jq -c "$edit | .[] | . + {domid: 3, uid: (.uid // 1000)}" \
		<<<"$evasion" >"$tmp/evasion.jsonl"
	if EVASION_SET=core "$lab/expect-evasion.sh" "$tmp/evasion.jsonl" 3 >/dev/null 2>&1; then
		got=accept
	else
		got=reject
	fi
	if [ "$got" = "$want" ]; then
		pass=$((pass + 1))
		echo "ok   checker evasion-$name: $got"
	else
		failed=$((failed + 1))
		echo "FAIL checker evasion-$name: $got, want $want"
	fi
}

expect_evasion accept exact '.'
expect_evasion reject compat-off 'map(select(.road != "compat"))'
expect_evasion reject io_uring-off 'map(select(.road != "io_uring"))'
expect_evasion reject compat-as-syscall '.[3].road = "syscall"'
expect_evasion reject socketcall-twice '. + [.[5]]'
expect_evasion reject wrong-uid '.[8].uid = 0'
expect_evasion reject wrong-port '.[9].dport = 7304'
expect_evasion reject wrong-path '.[4].path = "/tmp/xe-33"'
expect_evasion reject memfd-unflagged '.[10].exe_no_path = false'
expect_evasion reject exec-absent 'del(.[10])'
expect_evasion reject dirfd-exe-as-named '.[11].exe = "/dev/fd/3/xe-prog"'
expect_evasion reject procfd-absent 'del(.[12])'
expect_evasion reject deleted-unflagged 'del(.[13].exe_no_path)'
expect_evasion reject deleted-twice '. + [.[13]]'
# By default every operation is checked: the twins are missing here.
if "$lab/expect-evasion.sh" "$tmp/evasion.jsonl" 3 >/dev/null 2>&1; then
	echo "FAIL checker evasion-all-without-twins: accept, want reject"
	failed=$((failed + 1))
else
	echo "ok   checker evasion-all-without-twins: reject"
	pass=$((pass + 1))
fi
# The digests of the exec'd programs (expect-digest.sh): five execs of
# xtevade's bytes and one of another program, each with its digest.
S=$(printf 'a%.0s' {1..64})
digest='[
{"type":"exec","pid":10,"ts_ns":100,"argv":["xtevade"]},
{"type":"exec","pid":11,"ts_ns":110,"argv":["xtevade","child"]},
{"type":"exec","pid":12,"ts_ns":120,"argv":["xe-dirfd","child"]},
{"type":"exec","pid":13,"ts_ns":130,"argv":["xe-procfd","child"]},
{"type":"exec","pid":14,"ts_ns":140,"argv":["xe-deleted","child"]},
{"type":"exec","pid":15,"ts_ns":150,"argv":["/bin/true"]},
{"type":"exec_digest","pid":10,"exec_ts_ns":100,"sha256":"S","size":9,"hashed":9,"partial":false,"busy":false,"error":false,"changed":false},
{"type":"exec_digest","pid":11,"exec_ts_ns":110,"sha256":"S","size":9,"hashed":9,"partial":false,"busy":false,"error":false,"changed":false},
{"type":"exec_digest","pid":12,"exec_ts_ns":120,"sha256":"S","size":9,"hashed":9,"partial":false,"busy":false,"error":false,"changed":false},
{"type":"exec_digest","pid":13,"exec_ts_ns":130,"sha256":"S","size":9,"hashed":9,"partial":false,"busy":false,"error":false,"changed":false,"cached":true},
{"type":"exec_digest","pid":14,"exec_ts_ns":140,"sha256":"S","size":9,"hashed":9,"partial":false,"busy":false,"error":false,"changed":false},
{"type":"exec_digest","pid":15,"exec_ts_ns":150,"sha256":null,"size":9,"hashed":0,"partial":false,"busy":true,"error":false,"changed":false}
]'

# expect_digest OUTCOME NAME JQ-EDIT: JQ-EDIT applied to the array above.
expect_digest() {
	local want=$1 name=$2 edit=$3 got
	jq -c --arg s "$S" "$edit | .[] | . + {domid: 3, uid: (.uid // 1000)} |
		if .sha256 == \"S\" then .sha256 = \$s else . end" \
		<<<"$digest" >"$tmp/digest.jsonl"
	if "$lab/expect-digest.sh" "$tmp/digest.jsonl" 3 "$S" >/dev/null 2>&1; then
		got=accept
	else
		got=reject
	fi
	if [ "$got" = "$want" ]; then
		pass=$((pass + 1))
		echo "ok   checker digest-$name: $got"
	else
		failed=$((failed + 1))
		echo "FAIL checker digest-$name: $got, want $want"
	fi
}

expect_digest accept exact '.'
expect_digest reject missing 'del(.[8])'
expect_digest reject twice '. + [.[9]]'
expect_digest reject orphan '.[11].exec_ts_ns = 151'
expect_digest reject wrong-sha '.[10].sha256 = "b"'
expect_digest reject partial '.[6].partial = true'
expect_digest reject deleted-busy '.[10].busy = true'
expect_digest reject other-uid '.[6].uid = 0'
# The roads table (audit-roads.py): auditd's events matched by road and
# marker. Six of these fourteen operations are in this log: the 64-bit
# openat, unlink and connect (:7300), io_uring's openat (a URINGOP with
# the path), the memfd and the dirfd execs (by their argv).
audit='type=SYSCALL msg=audit(1.1:10): arch=c000003e syscall=257 success=yes exit=3 exe="/usr/bin/xtevade"
type=PATH msg=audit(1.1:10): item=1 name="/tmp/xe-64" nametype=CREATE
type=SYSCALL msg=audit(1.1:11): arch=c000003e syscall=87 success=yes exit=0
type=PATH msg=audit(1.1:11): item=1 name="/tmp/xe-64" nametype=DELETE
type=SYSCALL msg=audit(1.1:12): arch=c000003e syscall=42 success=yes exit=0
type=SOCKADDR msg=audit(1.1:12): saddr=02001C847F0000010000000000000000
type=SYSCALL msg=audit(1.1:13): arch=40000003 syscall=5 success=yes exit=3
type=PATH msg=audit(1.1:13): item=0 name="/tmp/xe-33" nametype=CREATE
type=URINGOP msg=audit(1.1:14): uring_op=18 success=yes exit=0 items=2
type=PATH msg=audit(1.1:14): item=1 name="/tmp/xe-uring" nametype=CREATE
type=SYSCALL msg=audit(1.1:15): arch=c000003e syscall=322 success=yes exit=0 exe="/tmp/xe-dir/xe-prog"
type=EXECVE msg=audit(1.1:15): argc=2 a0="xe-dirfd" a1="child"
type=SYSCALL msg=audit(1.1:16): arch=c000003e syscall=322 success=yes exit=0 exe=2F6D656D66643A78652D6D656D6664202864656C6574656429
type=EXECVE msg=audit(1.1:16): argc=2 a0="xtevade" a1="child"'
jq -c '.[] | . + {domid: 3, uid: 1000}' <<<"$evasion" >"$tmp/evasion.jsonl"
EVASION_SET=core "$lab/expect-evasion.sh" "$tmp/evasion.jsonl" 3 >"$tmp/evasion.out" 2>&1
# expect_roads NAME WANT SED: the table's last line, over the log edited.
expect_roads() {
	local name=$1 want=$2 got
	sed "$3" <<<"$audit" >"$tmp/audit.log"
	got=$(python3 "$lab/audit-roads.py" "$tmp/audit.log" <"$tmp/evasion.out" | tail -n 1)
	if [ "$got" = "$want" ]; then
		pass=$((pass + 1))
		echo "ok   checker roads-$name: $got"
	else
		failed=$((failed + 1))
		echo "FAIL checker roads-$name: $got, want $want"
	fi
}

expect_roads exact 'roads: xtrail 14 of 14, auditd 6 of 14' ''
expect_roads no-sockaddr 'roads: xtrail 14 of 14, auditd 5 of 14' '/SOCKADDR/d'
expect_roads open-as-unlink 'roads: xtrail 14 of 14, auditd 5 of 14' 's/syscall=257/syscall=87/'
expect_roads compat-marker 'roads: xtrail 14 of 14, auditd 7 of 14' 's/xe-33/xe-32/'
expect_roads uring-as-syscall 'roads: xtrail 14 of 14, auditd 5 of 14' 's/type=URINGOP\(.*\)uring_op=18/type=SYSCALL\1arch=c000003e syscall=257/'
expect_roads exec-hex 'roads: xtrail 14 of 14, auditd 6 of 14' 's/a0="xe-dirfd"/a0=78652D6469726664/'
echo "checker: $pass passed, $failed failed"
[ "$failed" -eq 0 ]
