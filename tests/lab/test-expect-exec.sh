#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Self-test of the lab's record checker (expect-exec.sh): it must accept the
# spam record and refuse every near miss. Prints "checker: N passed, N failed".
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
echo "checker: $pass passed, $failed failed"
[ "$failed" -eq 0 ]
