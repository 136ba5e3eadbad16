#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# make bench's replication figure (issue 19): xtraild storing N records
# (default 200000) from its test input, flush data, sealed every 1000,
# alone and replicating to one collector (rsyslogd with imrelp, TLS, on
# loopback, as in the relp suite), one run each: records/s and the ratio.
# The replicating run ends once the collector acknowledged everything.
# Figures only, never pass/fail on time.
set -euo pipefail
cd "$(dirname "$0")/../.."
TOP=$PWD
N=${N:-200000}
. tests/relp/collector.sh
mkdir -p build
T=$(mktemp -d "$TOP/build/relp-bench.XXXXXX")
C=$T/collector
trap 'relp_kill "$C"; rm -rf "$T"' EXIT
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -I shared -I tests/unit \
	-o "$T/mkstream" tests/tamper/mkstream.c
userspace/xtrail keygen "$T/keys" >/dev/null
relp_certs "$C" hosta
relp_start "$C" "$PORT"
"$T/mkstream" "$T/in" 0 "$N"

# run NAME [OPTIONS...]: records/s of one xtraild run.
run() {
	local name=$1 s e
	shift
	mkdir -p "$T/$name"
	cp "$T/keys/seal.key" "$T/$name/seal.key"
	s=$(date +%s%N)
	userspace/xtraild -f -c /dev/null -d "$T/in" -o "$T/$name/f3.log" \
		--auditor-public-key "$T/keys/auditor.pub" \
		--seal-key "$T/$name/seal.key" --no-auto-attach \
		--seal-every-records 1000 "$@" >"$T/$name.log" 2>&1
	e=$(date +%s%N)
	echo $((N * 1000000000 / (e - s)))
}
run warm >/dev/null	# the input in the page cache, for both
alone=$(run alone)
repl=$(run repl --replicate-to "127.0.0.1:$PORT" --replicate-ca "$C/ca.pem" \
	--replicate-cert "$C/hosta.pem" --replicate-key "$C/hosta.key" \
	--replicate-peer localhost --replicate-hostname hosta)
bytes=$(stat -c %s "$C/out/hosta.f3r")
echo "xtraild, $N records, flush data: alone $alone records/s; replicating to one collector (RELP, TLS, loopback) $repl records/s; ratio $(awk -v a="$repl" -v b="$alone" 'BEGIN { printf "%.2f", a / b }'); replica $((bytes / 1024)) KiB for $(du -k "$T/repl" | tail -n 1 | cut -f1) KiB of log"
