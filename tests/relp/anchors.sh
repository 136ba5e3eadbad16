# SPDX-License-Identifier: GPL-2.0-or-later
#
# The relp suite's anchors part (sourced by run.sh): the log of the
# replica part ($L, whose trail is in $R) checked with verify --anchors,
# untampered and tampered with.

# expect_trail NAME MESSAGE VERIFY-ARGS...: verify --anchors "$R" exits 1
# saying MESSAGE (or passes, with MESSAGE "").
expect_trail() {
	local name=$1 msg=$2
	shift 2
	if "$XTRAIL" verify "$@" --anchors "$R" >"$T/out" 2>"$T/err"; then
		[ -z "$msg" ] && ok "$name: $(head -n 1 "$T/out")" ||
			bad "$name: verify passed: $(cat "$T/out")"
	elif [ -n "$msg" ] && grep -qF -- "$msg" "$T/err"; then
		ok "$name: $(cut -d: -f3- "$T/err")"
	else
		bad "$name: '$msg' not in: $(cat "$T/err")"
	fi
}

# logcopy DIR COPY: the log's files and sealing state (not the replication state).
logcopy() {
	mkdir -p "$2"
	cp -a "$1"/f3.log* "$2"/
	rm -f "$2"/f3.log.relp.*
}

logcopy "$L" "$T/a-old"
rm -f "$T/in5"
"$T/mkstream" "$T/in5" 2000 500
xtraild_run "$L" "$T/in5" --replicate-to "127.0.0.1:$PORT" ||
	bad "xtraild (second run): $(tail -n 3 "$L/xtraild.log")"
expect_trail "untampered" "" "$L" --seal-key "$T/keys/seal.key"
D=$T/trunc
logcopy "$L" "$D"
rm "$D/f3.log" "$(ls "$D"/f3.log.[0-9]* | tail -n 1)"
expect_trail "last files deleted" "of the collector's trail (sequence" "$D"
expect_trail "rolled back to an older copy" "the log was truncated or rolled back" "$T/a-old"
D=$T/rollback
logcopy "$T/a-old" "$D"
rm -f "$T/in6"
"$T/mkstream" "$T/in6" 7000 300
xtraild_run "$D" "$T/in6" >/dev/null
expect_trail "rolled back and written on" "differs from the collector's anchor of seal" "$D"
D=$T/resealed
logcopy "$L" "$D"
for f in $(ls "$D"/f3.log.[0-9]* | head -n 3); do rm "$f"; done
python3 "$TAMPER" reseal "$D" "$D/f3.log.sealstate" >/dev/null || bad "f3tamper reseal"
expect_trail "re-sealed after retention" "has no seal in the log" "$D" --retained
D=$T/retained
logcopy "$L" "$D"
for f in $(ls "$D"/f3.log.[0-9]* | head -n 3); do rm "$f"; done
expect_trail "honest retention" "" "$D" --retained --seal-key "$T/keys/seal.key"
