# SPDX-License-Identifier: GPL-2.0-or-later
#
# The relp suite's backlog part (sourced by run.sh): the collector down
# while retention (num_segments 2) would delete files it has not got.

# rotated DIR: how many rotated files DIR holds.
rotated() {
	ls "$1" | grep -c '^f3\.log\.[0-9]'
}

relp_kill "$C"
B=$T/b
rm -f "$T/in3"
"$T/mkstream" "$T/in3" 0 1500
# Without replication retention keeps 2 rotated files (what keep must not do).
xtraild_run "$B/none" "$T/in3" --num-segments 2
n=$(rotated "$B/none")
[ "$n" -eq 2 ] && ok "no replication: retention keeps 2 rotated files" ||
	bad "no replication: $n rotated files, expected 2"
xtraild_run "$B/keep" "$T/in3" --replicate-to "127.0.0.1:$PORT" \
	--replicate-hostname hostb --num-segments 2 \
	--replication-backlog-action keep
n=$(rotated "$B/keep")
alarms=$(grep -c "not deleted by retention: collector 127.0.0.1_$PORT has not got it yet" "$B/keep/xtraild.log")
if [ "$n" -gt 2 ] && [ "$alarms" -gt 0 ]; then
	ok "collector down, keep: all $n rotated files kept, $alarms alarms"
else
	bad "collector down, keep: $n rotated files (expected more than 2), $alarms alarms"
fi
# The collector never had anything: its lag is every frame of the log.
frames=$(python3 -c '
import struct, sys
n = 0
for p in sys.argv[1:]:
    b = open(p, "rb").read()
    off = 0
    while off < len(b):
        if b[off:off + 8] == b"XTRAILF3":
            off += 256
            continue
        n += 1
        off += struct.unpack_from("<I", b, off)[0]
print(n)
' $(ls "$B/keep"/f3.log.[0-9]* | sort) "$B/keep/f3.log")
st=$("$XTRAIL" status --replication --log "$B/keep/f3.log" 2>&1)
grep -q "not connected, lag $frames frames" <<<"$st" &&
	ok "status, collector down: $st" ||
	bad "status, collector down: expected 'not connected, lag $frames frames': $st"
xtraild_run "$B/del" "$T/in3" --replicate-to "127.0.0.1:$PORT" \
	--replicate-hostname hostb --num-segments 2 \
	--replication-backlog-action delete
n=$(rotated "$B/del")
gone=$(grep -c ": deleted (retention)" "$B/del/xtraild.log")
epoch=$("$XTRAIL" anchor "$B/del" | cut -d' ' -f5)
"$XTRAIL" verify "$B/del" --retained --seal-key "$T/keys/seal.key" \
	--pin-epoch "$epoch" >"$T/out" 2>&1 || bad "verify (delete): $(tail -n 2 "$T/out")"
marks=$(grep -c "replication marker: segments .* deleted by retention before every collector had them" "$T/out")
if [ "$n" -eq 2 ] && [ "$gone" -gt 0 ] && [ "$marks" -eq "$gone" ]; then
	ok "collector down, delete: $gone files deleted, $marks markers in F3: $(grep -m1 'replication marker' "$T/out" | cut -d: -f3-)"
else
	bad "collector down, delete: $n rotated files (expected 2), $gone deleted, $marks markers"
fi
# The collector back: it is told of the gap, and unpack names it.
relp_start "$C" "$PORT" || bad "rsyslogd restart (backlog)"
rm -f "$T/in4"
"$T/mkstream" "$T/in4" 1500 100
xtraild_run "$B/del" "$T/in4" --replicate-to "127.0.0.1:$PORT" \
	--replicate-hostname hostb --num-segments 2 \
	--replication-backlog-action delete
if "$XTRAIL" unpack "$C/out/hostb.f3r" -o "$T/b.f3" 2>"$T/err"; then
	bad "the replica with a gap unpacks: $(cat "$T/err")"
elif grep -q "were deleted on the host before the collector had them" "$T/err"; then
	ok "the collector back: $(cut -d: -f3- "$T/err")"
else
	bad "the collector back: unexpected: $(cat "$T/err")"
fi
