#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# make check's "relp" suite (issue 19): xtraild replicating its F3 log to
# a real collector, Debian's rsyslogd with imrelp (TLS on, certificates
# made here by openssl), started on a loopback port in the foreground with
# its own folders (collector.sh). xtraild is fed by its test input (a file
# or a FIFO of records, tests/tamper/mkstream.c).
#
#   replica    the collector's file unpacks byte for byte to the local log
#              (every rotated file in order), which verifies decrypted and
#              sealed; a line removed or altered in it fails unpack
#   kill       rsyslogd SIGKILLed and restarted 20 times at random moments
#              while records flow: after unpack nothing is missing or
#              doubled (byte for byte again), copies were resent and
#              dropped, local and remote chain heads are equal
#   backlog    the collector down while retention runs: keep keeps the
#              files and alarms; delete deletes them with a marker in F3,
#              and the collector is told of the gap
#   fleet      three xtraild (own keys) into the one collector at once:
#              each replica unpacks and verifies, the exports merge into
#              one timeline with the host in every record
#   anchors    verify --anchors against the collector's trail: the log
#              passes; truncated, rolled back (and written on), re-sealed
#              after retention each fail, naming the first divergence
# Every check also runs against an input that must fail, so that it can.
set -uo pipefail
cd "$(dirname "$0")/../.."
TOP=$PWD
XTRAIL=$TOP/userspace/xtrail
XTRAILD=$TOP/userspace/xtraild
TAMPER=$TOP/tests/tamper/f3tamper.py
. tests/relp/collector.sh
pass=0 fail=0
mkdir -p build
T=$(mktemp -d "$TOP/build/relp.XXXXXX")
C=$T/collector
cleanup() {
	relp_kill "$C"
	[ -n "${FEED:-}" ] && kill "$FEED" 2>/dev/null
	[ -n "${RELP_KEEP:-}" ] || rm -rf "$T"
}
trap cleanup EXIT

ok() { echo "relp: ok: $*"; pass=$((pass + 1)); }
bad() { echo "relp: FAIL: $*"; fail=$((fail + 1)); }
finish() {
	echo "relp: $pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit
}

for t in rsyslogd openssl ss; do
	command -v "$t" >/dev/null || {
		bad "$t is missing (scripts/deps.sh installs rsyslog, rsyslog-relp, openssl)"
		finish
	}
done
[ -e /usr/lib/x86_64-linux-gnu/rsyslog/imrelp.so ] ||
	[ -n "$(find /usr/lib -name imrelp.so 2>/dev/null | head -n 1)" ] || {
	bad "rsyslog's imrelp is missing (package rsyslog-relp)"
	finish
}

# A free loopback port for the collector.
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -I shared -I tests/unit \
	-o "$T/mkstream" tests/tamper/mkstream.c || { bad "mkstream"; finish; }
"$XTRAIL" keygen "$T/keys" >/dev/null || { bad "keygen"; finish; }
relp_certs "$C" hosta || { bad "certificates"; finish; }
relp_start "$C" "$PORT" || { bad "rsyslogd: $(tail -n 3 "$C/rsyslogd.log")"; finish; }
ok "rsyslogd $(rsyslogd -v | awk '{ print $2; exit }') with imrelp, TLS, on 127.0.0.1:$PORT"

# xtraild_run DIR INPUT [OPTIONS...]: xtraild on INPUT into DIR/f3.log,
# replicating as hosta; its messages in DIR/xtraild.log.
xtraild_run() {
	local dir=$1 in=$2
	shift 2
	mkdir -p "$dir"
	[ -e "$dir/seal.key" ] || [ -e "$dir/f3.log.sealstate" ] ||
		cp "$T/keys/seal.key" "$dir/seal.key"
	"$XTRAILD" -f -c /dev/null -d "$in" -o "$dir/f3.log" \
		--auditor-public-key "$T/keys/auditor.pub" \
		--seal-key "$dir/seal.key" --no-auto-attach \
		--max-segment-size 16K --seal-every-records 50 \
		--replicate-ca "$C/ca.pem" --replicate-cert "$C/hosta.pem" \
		--replicate-key "$C/hosta.key" --replicate-peer localhost \
		--replicate-hostname hosta --replicate-timeout 3 \
		"$@" >>"$dir/xtraild.log" 2>&1
}

# local_log DIR: the log's files in order, concatenated.
local_log() {
	cat $(ls "$1"/f3.log.[0-9]* 2>/dev/null | sort) "$1/f3.log"
}

# ---- replica: the collector's file is the log, byte for byte
L=$T/a
rm -f "$T/in"
"$T/mkstream" "$T/in" 0 2000
xtraild_run "$L" "$T/in" --replicate-to "127.0.0.1:$PORT" ||
	bad "xtraild: $(tail -n 3 "$L/xtraild.log")"
R=$C/out/hosta.f3r
if "$XTRAIL" unpack "$R" -o "$T/replica.f3" 2>"$T/err"; then
	ok "unpack: $(cut -d: -f3- "$T/err")"
else
	bad "unpack: $(cat "$T/err")"
fi
local_log "$L" >"$T/local.f3"
if cmp -s "$T/replica.f3" "$T/local.f3"; then
	ok "the replica is the local log byte for byte ($(stat -c %s "$T/local.f3") bytes, $(ls "$L" | grep -c '^f3\.log\.[0-9]') rotated files and f3.log)"
else
	bad "the replica differs from the local log: $(cmp "$T/replica.f3" "$T/local.f3" 2>&1)"
fi
if "$XTRAIL" verify "$T/replica.f3" --key "$T/keys/auditor.key" \
	--seal-key "$T/keys/seal.key" >"$T/out" 2>&1 &&
	grep -q " 2000 records, .* decrypted" "$T/out"; then
	ok "the replica verifies: $(head -n 1 "$T/out")"
else
	bad "verify of the replica: $(cat "$T/out")"
fi
# A frame's line removed (the 10th frame) and a copy altered must fail.
grep -nE 'xtrail-f3r-v1 [0-9a-f]+ [0-9]+ [1-9][0-9]* ' "$R" | grep -v ' 252 ' |
	sed -n 10p | cut -d: -f1 >"$T/ln"
sed "$(cat "$T/ln")d" "$R" >"$T/cut.f3r"
if "$XTRAIL" unpack "$T/cut.f3r" -o "$T/x.f3" 2>"$T/err"; then
	bad "a replica with an item removed unpacks: $(cat "$T/err")"
elif grep -q "items missing" "$T/err"; then
	ok "an item removed: $(cat "$T/err")"
else
	bad "an item removed: unexpected: $(cat "$T/err")"
fi
# the same item twice, the copy altered: two different items at one place
python3 -c '
import sys
n = int(sys.argv[2])
for i, line in enumerate(open(sys.argv[1]), 1):
    sys.stdout.write(line)
    if i == n:
        f = line.split(" ")
        f[4] = f[4][:100] + ("B" if f[4][100] != "B" else "C") + f[4][101:]
        sys.stdout.write(" ".join(f))
' "$R" "$(cat "$T/ln")" >"$T/alt.f3r"
if "$XTRAIL" unpack "$T/alt.f3r" -o "$T/x.f3" 2>"$T/err"; then
	bad "a replica with an altered copy unpacks: $(cat "$T/err")"
elif grep -q "two different items at one place" "$T/err"; then
	ok "an altered copy: $(cat "$T/err")"
else
	bad "an altered copy: unexpected: $(cat "$T/err")"
fi

# ---- kill: rsyslogd SIGKILLed 20 times while records flow
K=$T/k
mkfifo "$T/fifo"
rm -f "$T/in2"
"$T/mkstream" "$T/in2" 0 3000
# 3000 records in 200 writes of 15, one every 50 ms (about 10 s, as long
# as the kills take); the input ends (xtraild stops) once they are over.
python3 -c '
import os, sys, time
data = open(sys.argv[1], "rb").read()
out = open(sys.argv[2], "wb", buffering=0)
n = len(data)
for i in range(200):
    out.write(data[i * n // 200:(i + 1) * n // 200])
    time.sleep(0.05)
while not os.path.exists(sys.argv[3]):
    time.sleep(0.05)
' "$T/in2" "$T/fifo" "$T/kills-done" &
FEED=$!
xtraild_run "$K" "$T/fifo" --replicate-to "127.0.0.1:$PORT" \
	--replicate-hostname hostk --replicate-window 4 &
XD=$!
kills=0
for i in $(seq 20); do
	sleep "0.$((RANDOM % 30 + 10))"
	relp_kill "$C"
	kills=$((kills + 1))
	sleep "0.$((RANDOM % 20))"
	relp_start "$C" "$PORT" || bad "rsyslogd restart $i"
done
touch "$T/kills-done"
wait "$FEED"
FEED=
wait "$XD" || bad "xtraild (kill): $(tail -n 3 "$K/xtraild.log")"
conn=$(grep -c "collector .*: connected" "$K/xtraild.log")
broken=$(grep -c "session broken" "$K/xtraild.log")
# A kill while xtraild waits to reconnect breaks no session: at least 2.
[ "$kills" -eq 20 ] && [ "$broken" -ge 2 ] &&
	ok "rsyslogd killed $kills times; $broken sessions broken, xtraild connected $conn times" ||
	bad "rsyslogd killed $kills times; $broken sessions broken (expected 2 or more), xtraild connected $conn times"
if "$XTRAIL" unpack "$C/out/hostk.f3r" -o "$T/k.f3" 2>"$T/err"; then
	dups=$(sed -n 's/.* \([0-9]*\) copies dropped.*/\1/p' "$T/err")
	if [ "${dups:-0}" -gt 0 ]; then
		ok "unpack after the kills: $(cut -d: -f3- "$T/err")"
	else
		bad "no copy was resent (the kills did not hit a sending collector?): $(cat "$T/err")"
	fi
else
	bad "unpack after the kills: $(cat "$T/err")"
fi
local_log "$K" >"$T/klocal.f3"
cmp -s "$T/k.f3" "$T/klocal.f3" &&
	ok "after the kills the replica is the local log byte for byte: nothing missing, nothing doubled" ||
	bad "after the kills the replica differs: $(cmp "$T/k.f3" "$T/klocal.f3" 2>&1)"
h1=$("$XTRAIL" anchor "$K" 2>&1)
h2=$("$XTRAIL" anchor "$T/k.f3" 2>&1)
if [ "$h1" = "$h2" ] && "$XTRAIL" verify "$T/k.f3" --key "$T/keys/auditor.key" \
	--seal-key "$T/keys/seal.key" 2>&1 | grep -q " 3000 records"; then
	ok "local and remote chain heads equal, 3000 records: $(cut -d' ' -f3,4 <<<"$h1" | cut -c1-40)"
else
	bad "chain heads: local '$h1', remote '$h2'"
fi
st=$("$XTRAIL" status --replication --log "$K/f3.log" 2>&1)
grep -q "lag 0 frames" <<<"$st" && ok "status after the kills: $st" ||
	bad "status after the kills: expected lag 0 frames: $st"

. tests/relp/fleet.sh
. tests/relp/backlog.sh
. tests/relp/anchors.sh
finish
