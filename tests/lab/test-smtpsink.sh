#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-smtpsink.sh: offline self-test of smtpsink (the lab network's SMTP
# sink), on the host's loopback: a whole message is stored exactly, with
# its envelope; every bad or hostile input gets the SMTP error it should and
# stores nothing; the sink survives all of it (each case ends with a good
# session). Prints "smtpsink: N passed, N failed"; status 0 only if all pass.
#
#   tests/lab/test-smtpsink.sh [SMTPSINK]   (default: built here from smtpsink.c)
set -uo pipefail
export LC_ALL=C
lab=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
sink_pid=""
cleanup() {
	[ -z "$sink_pid" ] || kill "$sink_pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

bin=${1:-}
if [ -z "$bin" ]; then
	bin=$tmp/smtpsink
	${CC:-gcc} -O2 -Wall -Wextra -Werror -o "$bin" "$lab/smtpsink.c" || {
		echo "smtpsink: cannot build"
		echo "smtpsink: 0 passed, 1 failed"
		exit 1
	}
fi
spool=$tmp/spool
mkdir -p "$spool"
port=$((20000 + $$ % 20000))
"$bin" 127.0.0.1 "$port" "$spool" >"$tmp/sink.log" 2>&1 &
sink_pid=$!
for _ in $(seq 50); do
	grep -q '^smtpsink: listening' "$tmp/sink.log" && break
	sleep 0.1
done

pass=0 failed=0
ok() {
	pass=$((pass + 1))
	echo "PASS smtpsink/$1"
}
bad() {
	failed=$((failed + 1))
	echo "FAIL smtpsink/$1: $2"
}

# Send INPUT (printf %b escapes) in one go and print the reply codes, one
# per line, until the sink closes (after QUIT) or 10 s.
session() {
	local out
	exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
	printf '%b' "$1" >&3
	out=$(timeout 10 cat <&3 | tr -d '\r' | cut -c1-3 | tr '\n' ' ')
	exec 3<&-
	echo "${out% }"
}

# CASE WANT INPUT: the reply codes must be exactly WANT.
codes() {
	local got
	got=$(session "$3")
	if [ "$got" = "$2" ]; then ok "$1"; else bad "$1" "replies '$got', want '$2'"; fi
}

# The sink still takes a message (after CASE), stored as msg.N.
alive() {
	local n=$2
	codes "$1-then-good" "220 250 250 250 354 250 221" \
		'HELO h\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\nSubject: x\r\n\r\nbody\r\n.\r\nQUIT\r\n'
	[ -f "$spool/msg.$n" ] || bad "$1-then-good" "no msg.$n"
}

# 1. A whole message: envelope, two recipients, a dot-stuffed line, CRLF
# and bare LF lines; stored exactly.
# (EHLO's reply has three lines.)
codes good-message "220 250 250 250 250 250 250 354 250 221" \
	'EHLO guest\r\nMAIL FROM:<winai@guest> SIZE=40\r\nRCPT TO:<x@y.z>\r\nRCPT TO:<p@q>\r\nDATA\r\nSubject: spamSubject\r\n\r\n..leading dot\nCheap pills\r\n.\r\nQUIT\r\n'
want=$(printf 'X-Sink-Peer: 127.0.0.1:PORT\nX-Sink-Helo: guest\nX-Sink-Mail-From: winai@guest\nX-Sink-Rcpt-To: x@y.z\nX-Sink-Rcpt-To: p@q\n\nSubject: spamSubject\n\n.leading dot\nCheap pills\n')
got=$(sed '1s/:[0-9]*$/:PORT/' "$spool/msg.1" 2>/dev/null)
if [ "$got" = "$want" ]; then ok stored-exactly; else bad stored-exactly "msg.1 is '$got'"; fi
[ ! -e "$spool/msg.1.tmp" ] && ok no-tmp-left || bad no-tmp-left "msg.1.tmp left"

# 2. Commands out of order or malformed: errors, nothing stored.
codes sequence "220 503 503 501 501 250 501 250 502 250 503 250 221" \
	'RCPT TO:<a>\r\nDATA\r\nMAIL FROM:<a b>\r\nMAIL FROM: a\r\nMAIL FROM:<a>\r\nRCPT TO:<>\r\nRCPT TO:<b>\r\nVRFY x\r\nRSET\r\nDATA\r\nNOOP\r\nQUIT\r\n'
codes control-bytes "220 501 250 501 221" \
	'MAIL FROM:<a\001b>\r\nMAIL FROM:<ok>\r\nRCPT TO:<\377>\r\nQUIT\r\n'
codes nested-mail "220 250 503 221" 'MAIL FROM:<a>\r\nMAIL FROM:<b>\r\nQUIT\r\n'
long=$(head -c 5000 /dev/zero | tr '\0' A)
codes long-command "220 500 250 221" "$long\\r\\nNOOP\\r\\nQUIT\\r\\n"
addr=$(head -c 300 /dev/zero | tr '\0' a)
codes long-address "220 501 221" "MAIL FROM:<$addr>\\r\\nQUIT\\r\\n"
[ "$(find "$spool" -type f | wc -l)" -eq 1 ] && ok nothing-stored-by-errors ||
	bad nothing-stored-by-errors "$(ls "$spool")"

# 3. Too many recipients: the 101st is refused, the message still goes
# (as msg.2) with 100.
rcpts=""
for i in $(seq 101); do rcpts+="RCPT TO:<r$i@x>\\r\\n"; done
want="220 250 $(printf '250 %.0s' $(seq 100))452 354 250 221"
codes too-many-recipients "$want" "MAIL FROM:<a>\\r\\n$rcpts""DATA\\r\\nbody\\r\\n.\\r\\nQUIT\\r\\n"
n=$(grep -c '^X-Sink-Rcpt-To:' "$spool/msg.2" 2>/dev/null)
[ "$n" = 100 ] && ok 100-recipients-kept || bad 100-recipients-kept "msg.2 has '$n'"

# 4. A message over 1 MiB, and one with a line over 1,000 bytes: read to
# their end and refused, nothing stored; the session goes on.
# 4,000 lines of 302 bytes: 1.2 MB.
big=$(for _ in $(seq 4000); do printf '%s\\r\\n' "$addr"; done)
codes too-large "220 250 250 354 552 250 221" \
	"MAIL FROM:<a>\\r\\nRCPT TO:<b>\\r\\nDATA\\r\\n$big.\\r\\nNOOP\\r\\nQUIT\\r\\n"
codes long-data-line "220 250 250 354 552 221" \
	"MAIL FROM:<a>\\r\\nRCPT TO:<b>\\r\\nDATA\\r\\n$long\\r\\n.\\r\\nQUIT\\r\\n"
[ ! -e "$spool/msg.3" ] && ok refused-not-stored || bad refused-not-stored "msg.3 exists"
alive refused 3

# 5. A client that goes away in the middle of DATA: nothing stored.
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'MAIL FROM:<a>\r\nRCPT TO:<b>\r\nDATA\r\nhalf a mess' >&3
sleep 0.3
exec 3<&-
sleep 0.3
[ ! -e "$spool/msg.4" ] && [ -z "$(find "$spool" -name '*.tmp')" ] && ok gone-in-data ||
	bad gone-in-data "$(ls "$spool")"
alive gone-in-data 4

# 6. 64 KiB of random bytes, then the client closes.
exec 3<>"/dev/tcp/127.0.0.1/$port"
head -c 65536 /dev/urandom >&3
exec 3<&-
sleep 0.3
alive random-bytes 5

if kill -0 "$sink_pid" 2>/dev/null; then ok still-running; else bad still-running "the sink exited"; fi
n=$(grep -c '^smtpsink: msg\.' "$tmp/sink.log")
[ "$n" -eq 5 ] && ok five-logged || bad five-logged "$n messages logged, want 5"
echo "smtpsink: $pass passed, $failed failed"
[ "$failed" -eq 0 ]
