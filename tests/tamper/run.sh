#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The tamper campaign (issue 15), make check's "tamper" suite: a log made by
# the real xtraild (rotated files, sealed every 50 records, encrypted), the
# anchors the auditor took of it, then what a dishonest operator does:
# leading files deleted past the anchor, a rollback, the last file deleted,
# a re-sealed tail after retention (seals stripped, a record altered, the
# rest re-chained and sealed with the current key, the one the operator
# holds). Each must fail "xtrail verify" against the auditor's anchor or
# epoch pin, naming where; the untampered log (and honest retention) must
# pass, so that every check here can fail. Last (root only, on an ext4
# image): no old sealing key k_0..k_{j-1} is left on the disk after ten
# seals, and xtraild erased the initial key file.
set -uo pipefail
cd "$(dirname "$0")/../.."
TOP=$PWD
XTRAIL=$TOP/userspace/xtrail
XTRAILD=$TOP/userspace/xtraild
TAMPER=$TOP/tests/tamper/f3tamper.py
pass=0 fail=0 skip=0
mkdir -p build
T=$(mktemp -d "$TOP/build/tamper.XXXXXX")
MNT=""
cleanup() {
	[ -n "$MNT" ] && umount "$MNT" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT

ok() { echo "tamper: ok: $*"; pass=$((pass + 1)); }
bad() { echo "tamper: FAIL: $*"; fail=$((fail + 1)); }

# expect_pass NAME VERIFY-ARGS...: "xtrail verify" exits 0.
expect_pass() {
	local name=$1
	shift
	if "$XTRAIL" verify "$@" >"$T/out" 2>"$T/err"; then
		ok "$name: $(head -n 1 "$T/out")"
	else
		bad "$name: verify failed: $(cat "$T/err")"
	fi
}

# expect_fail NAME MESSAGE VERIFY-ARGS...: exits 1 saying MESSAGE.
expect_fail() {
	local name=$1 msg=$2
	shift 2
	if "$XTRAIL" verify "$@" >"$T/out" 2>"$T/err"; then
		bad "$name: verify passed: $(cat "$T/out")"
	elif ! grep -qF -- "$msg" "$T/err"; then
		bad "$name: '$msg' not in: $(cat "$T/err")"
	else
		ok "$name: $(cat "$T/err")"
	fi
}

# run_xtraild LOGDIR FIRST N [OPTIONS...]: log records FIRST.. with xtraild.
run_xtraild() {
	local dir=$1 first=$2 n=$3
	shift 3
	rm -f "$T/in"
	"$T/mkstream" "$T/in" "$first" "$n" || return 1
	"$XTRAILD" -f -c /dev/null -d "$T/in" -o "$dir/f3.log" \
		--auditor-public-key "$T/keys/auditor.pub" \
		--seal-key "$T/dom0/seal.key" --no-auto-attach \
		"$@" >>"$T/xtraild.log" 2>&1
}

cc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -I shared -I tests/unit \
	-o "$T/mkstream" tests/tamper/mkstream.c || {
	echo "tamper: 0 passed, 1 failed"
	exit 1
}
"$XTRAIL" keygen "$T/keys" >/dev/null || exit 1
mkdir -p "$T/dom0"
cp "$T/keys/seal.key" "$T/dom0/seal.key"
AUD_SEAL=$T/keys/seal.key	# the auditor's copy, off-host

# ---- the log: two runs of xtraild; the auditor takes an anchor after each
L=$T/log
OPTS=(--max-segment-size 16K --seal-every-records 50)
run_xtraild "$L" 0 600 "${OPTS[@]}" || bad "xtraild run 1: $(tail -n 3 "$T/xtraild.log")"
if [ -e "$T/dom0/seal.key" ]; then
	bad "xtraild left the initial sealing key file on dom0"
else
	ok "xtraild erased the initial sealing key file once it was in the sealing state"
fi
"$XTRAIL" anchor "$L" >"$T/a1" || bad "anchor 1"
cp -a "$L" "$T/log-at-a1"
run_xtraild "$L" 600 900 "${OPTS[@]}" || bad "xtraild run 2: $(tail -n 3 "$T/xtraild.log")"
"$XTRAIL" anchor "$L" >"$T/a2" || bad "anchor 2"
e1=$(cut -d' ' -f5 "$T/a1")
e2=$(cut -d' ' -f5 "$T/a2")
nfiles=$(ls "$L" | grep -c '^f3\.log\.[0-9]')
echo "tamper: log of $nfiles rotated files + f3.log; anchors at epochs $e1 and $e2"
[ "$nfiles" -ge 6 ] || bad "only $nfiles rotated files"

# ---- untampered: passes (so that the failures below mean something)
expect_pass "untampered, anchor 1" "$L" --seal-key "$AUD_SEAL" --anchor "$T/a1"
expect_pass "untampered, anchor 2, decrypted" "$L" --seal-key "$AUD_SEAL" \
	--anchor "$(cat "$T/a2")" --key "$T/keys/auditor.key"

# ---- honest retention: the oldest file gone, the anchored seals still there
R=$T/retained
cp -a "$L" "$R"
rm "$(ls "$R"/f3.log.[0-9]* | head -n 1)"
expect_fail "retained without an anchor" "--retained needs --anchor" "$R" --retained
expect_pass "retained, anchor 1" "$R" --retained --anchor "$T/a1"
expect_pass "retained, pinned epoch $e1" "$R" --retained --seal-key "$AUD_SEAL" --pin-epoch "$e1"
if grep -q "(epochs 0\.\." "$T/out" || ! grep -q "(epochs [1-9][0-9]*\.\.$e2)" "$T/out"; then
	bad "retained: wrong epoch range: $(cat "$T/out")"
else
	ok "retained: epoch range from the first seal present: $(grep -o '(epochs [0-9.]*)' "$T/out")"
fi

# ---- leading files deleted, past the anchor's seal
D=$T/leading
cp -a "$L" "$D"
for f in $(ls "$D"/f3.log.[0-9]* | head -n -1); do rm "$f"; done
expect_fail "leading files deleted (anchor 1)" "the anchored seal (epoch $e1) is not in the log" \
	"$D" --retained --anchor "$T/a1"
expect_fail "leading files deleted (pin $e1)" "the pinned seal (epoch $e1) is not in the log" \
	"$D" --retained --seal-key "$AUD_SEAL" --pin-epoch "$e1"
expect_fail "leading files deleted (no --retained)" "are missing" "$D" --anchor "$T/a2"

# ---- rollback: the log as it was at anchor 1, against anchor 2
expect_fail "rollback" "before the anchored seal (epoch $e2)" \
	"$T/log-at-a1" --anchor "$T/a2"

# ---- the last file deleted
D=$T/lastfile
cp -a "$L" "$D"
rm "$D/f3.log"
expect_fail "last file deleted" "before the anchored seal (epoch $e2)" "$D" --anchor "$T/a2"

# ---- re-sealed tail after retention: the operator holds k_j (the state)
D=$T/resealed
cp -a "$L" "$D"
rm "$(ls "$D"/f3.log.[0-9]* | head -n 1)"
python3 "$TAMPER" reseal "$D" "$D/f3.log.sealstate" || bad "f3tamper reseal"
expect_fail "re-sealed tail (anchor 2)" "the anchored seal (epoch $e2) is not in the log" \
	"$D" --retained --anchor "$T/a2"
expect_fail "re-sealed tail (anchor 1)" "the anchored seal (epoch $e1) is not in the log" \
	"$D" --retained --anchor "$T/a1"
expect_fail "re-sealed tail (pin $e1)" "the pinned seal (epoch $e1) is not in the log" \
	"$D" --retained --seal-key "$AUD_SEAL" --pin-epoch "$e1"
# seals after epoch 5 stripped, the rest re-sealed, no file deleted: seal
# 5 (its MAC under k_5) says the next seal comes within 50 records
D=$T/stripped
cp -a "$L" "$D"
python3 "$TAMPER" reseal "$D" "$D/f3.log.sealstate" 6 >/dev/null || bad "f3tamper reseal"
expect_fail "seals after epoch 5 stripped (no anchor)" \
	"records since seal 5 but its policy is a seal at least every 50 records" \
	"$D" --seal-key "$AUD_SEAL"

# ---- old sealing keys on the disk (an ext4 image, root only)
if [ "$(id -u)" != 0 ] || ! command -v mkfs.ext4 >/dev/null; then
	echo "tamper: skipped: old keys on an ext4 image (needs root and mkfs.ext4)"
	skip=$((skip + 1))
else
	keys_on_disk_run() {
		local rc
		keys_on_disk "$@" >"$T/keys.out" 2>&1
		rc=$?
		return $rc
	}
	# ten seals and more by xtraild on a fresh ext4 image, its state
	# copied out (for the current epoch), then the raw image searched
	keys_on_disk() {
		local img=$T/disk.img
		MNT=$T/mnt
		mkdir -p "$MNT"
		rm -f "$img"
		truncate -s 16M "$img"
		mkfs.ext4 -q -F "$img" >/dev/null 2>&1 &&
			mount -o loop "$img" "$MNT" 2>/dev/null || {
			MNT=""
			return 2
		}
		mkdir -p "$MNT/xtrail"
		cp "$AUD_SEAL" "$MNT/xtrail/seal.key"
		rm -f "$T/in"
		"$T/mkstream" "$T/in" 0 115
		"$XTRAILD" -f -c /dev/null -d "$T/in" -o "$MNT/xtrail/f3.log" \
			--auditor-public-key "$T/keys/auditor.pub" \
			--seal-key "$MNT/xtrail/seal.key" --no-auto-attach \
			--seal-every-records 10 "$@" >>"$T/xtraild.log" 2>&1 || {
			umount "$MNT"; MNT=""; return 3
		}
		cp "$MNT/xtrail/f3.log.sealstate" "$T/state"
		sync
		umount "$MNT"
		MNT=""
		python3 "$TAMPER" oldkeys "$img" "$AUD_SEAL" "$T/state"
	}
	keys_on_disk_run
	case $? in
	0) ok "ten seals on ext4: $(cat "$T/keys.out")" ;;
	2) echo "tamper: skipped: no ext4 image (mkfs/mount failed): $(cat "$T/keys.out")"
	   skip=$((skip + 1)) ;;
	*) bad "ten seals on ext4: $(cat "$T/keys.out")" ;;
	esac
	# the search can fail: with the initial key file kept, k_0 is found
	keys_on_disk_run --keep-seal-key
	if [ $? = 1 ] && grep -q "k_0" "$T/keys.out"; then
		ok "the search finds k_0 when the initial key file is kept"
	else
		bad "the search did not find the kept k_0: $(cat "$T/keys.out")"
	fi
fi

echo "tamper: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
