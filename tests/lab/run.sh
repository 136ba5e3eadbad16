#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh: build and run one lab scenario: Xen 4.17 + dom0 + a PV guest in QEMU
# (software emulation), then check the results on the host.
#
#   tests/lab/run.sh SCENARIO        e.g. tests/lab/run.sh boot
#
# Logs go to build/lab/logs/SCENARIO-<UTC time>/:
#   console.log        COM1: Xen, dom0 kernel and dom0 init output, each line
#                      prefixed with [seconds since QEMU started]
#   results.log        COM2: the clean results channel written by dom0
#   NAME.log / NAME    text / base64 blocks decoded from results.log and from
#                      the guest's console (dmesg-dom0.log, console-guest.log,
#                      dmesg-domu.log, xtraild.log, f3.log, ...)
#   check.log          output of the scenario's check.sh
# Exit status 0 only if dom0 reported PASS and the scenario's check.sh passed.
#
# Environment: SMP (2) and MEM (1024, MiB) for QEMU; TIMEOUT (480 s) for the
# whole run; LAB_SHELL=1 gives an interactive dom0 shell on this terminal at the
# end of the run (no timeout). The build's variables (LAB_NO_XTRAIL, DOMU_KO,
# DOM0_KO, TOOLS) are passed on to build.sh.
set -euo pipefail
export LC_ALL=C

LAB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$LAB/../.." && pwd)
OUT=$REPO/build/lab

SMP=${SMP:-2}
MEM_SET=${MEM:-}
MEM=${MEM:-1024}
TIMEOUT=${TIMEOUT:-480}
LAB_SHELL=${LAB_SHELL:-0}

[ $# -eq 1 ] || {
	echo "usage: $0 SCENARIO   (a name under tests/lab/scenarios/ or a directory)" >&2
	exit 2
}
SCENARIO=$1
SCEN_DIR=$SCENARIO
[ -d "$SCEN_DIR" ] || SCEN_DIR=$LAB/scenarios/$SCENARIO
SCEN_NAME=$(basename "$SCEN_DIR")
# A scenario that needs more than 1024 MiB says so in its lab.conf
# (LAB_QEMU_MEM=N); MEM= in the environment still wins.
if [ -z "${MEM_SET:-}" ] && [ -f "$SCEN_DIR/lab.conf" ]; then
	m=$(sed -n 's/^LAB_QEMU_MEM=\([0-9]*\)$/\1/p' "$SCEN_DIR/lab.conf")
	[ -z "$m" ] || MEM=$m
fi

SCENARIO=$SCENARIO "$LAB/build.sh" || {
	echo "lab $SCEN_NAME: FAIL (build.sh failed, see above)"
	exit 1
}
IMG=$OUT/images/$SCEN_NAME
# A new directory per run, even for runs started in the same second.
mkdir -p "$OUT/logs"
RUNDIR=$OUT/logs/$SCEN_NAME-$(date -u +%Y%m%dT%H%M%SZ)
base=$RUNDIR
n=1
until mkdir "$RUNDIR" 2>/dev/null; do
	n=$((n + 1))
	RUNDIR=$base-$n
done

# Prefix each line with the time since the run started; drop the \r of \r\n.
stamp_lines() {
	local t0=${EPOCHREALTIME/./} line us
	while IFS= read -r line || [ -n "$line" ]; do
		us=$((${EPOCHREALTIME/./} - t0))
		printf '[%4d.%03d] %s\n' $((us / 1000000)) $((us / 1000 % 1000)) "${line%$'\r'}"
	done
}

# Extract the @@BEGIN NAME / @@END NAME (text) and @@BEGIN-B64 NAME /
# @@END-B64 NAME (base64) blocks of FILE into RUNDIR/NAME.log and RUNDIR/NAME.
decode_blocks() {
	local b64
	tr -d '\r' <"$1" | awk -v dir="$RUNDIR" '
		mode == "" && /^@@BEGIN-B64 [A-Za-z0-9._-]+$/ { name = $2; mode = "b64"; out = dir "/" name ".b64"; printf "" >out; next }
		mode == "" && /^@@BEGIN [A-Za-z0-9._-]+$/ { name = $2; mode = "txt"; out = dir "/" name ".log"; printf "" >out; next }
		mode == "b64" && $0 == "@@END-B64 " name { close(out); mode = ""; next }
		mode == "txt" && $0 == "@@END " name { close(out); mode = ""; next }
		mode != "" { print >out }'
	for b64 in "$RUNDIR"/*.b64; do
		[ -e "$b64" ] || continue
		base64 -d "$b64" >"${b64%.b64}" || echo "lab: $b64 does not decode (cut short?)" >&2
		rm -f "$b64"
	done
}

append=(
	"console=com1 com1=115200,8n1 dom0_mem=384M,max:384M dom0_max_vcpus=1"
	"loglvl=all guest_loglvl=all console_timestamps=boot"
)
# clocksource=xen: dom0's TSC is not trusted under TCG (the clocksource
# watchdog would switch away from it mid-run when the host is busy).
dom0_cmdline="console=hvc0 earlyprintk=xen clocksource=xen"
[ "$LAB_SHELL" = 1 ] && dom0_cmdline+=" lab.shell=1"
# -cpu: -smap,-smep or 64-bit PV dom0 crashes at once under TCG; -xsave
# because with XSAVE, two processes using SIMD on one vCPU of a PV domain
# corrupt each other's registers under TCG (measured: libsodium's
# secretstream and BLAKE2b gave wrong results ~1 in 1000 calls when two ran
# at once, never alone, never with -xsave or -cpu qemu64).
# A scenario with a file named with-icount (the benchmarks) runs with QEMU's
# -icount: the machine's clocks advance by one ns per instruction executed on
# any of its CPUs (one host thread runs them in turn), so times measured in
# the lab count the instructions the machine executed, dom0's and Xen's
# included, whatever else the host is doing. LAB_ICOUNT=0 or 1 overrides.
icount=()
LAB_ICOUNT=${LAB_ICOUNT:-$([ -f "$SCEN_DIR/with-icount" ] && echo 1 || echo 0)}
[ "$LAB_ICOUNT" = 1 ] && icount=(-icount "shift=0,sleep=off")
# shellcheck disable=SC2054 # the commas belong to QEMU's option values
qemu=(
	qemu-system-x86_64 -machine pc,accel=tcg -cpu max,-smap,-smep,-xsave
	-smp "$SMP" -m "$MEM"
	-nographic -no-reboot -monitor none -net none
	-serial stdio -serial "file:$RUNDIR/results.log"
	-device isa-debug-exit,iobase=0xf4,iosize=0x04
	-kernel "$OUT/xen" -append "${append[*]}"
	"${icount[@]}"
	-initrd "$OUT/vmlinux $dom0_cmdline,$IMG/dom0.cpio.gz"
	-drive "file=$RUNDIR/ship.img,format=raw,if=none,id=ship,cache=unsafe"
	-device virtio-blk-pci,drive=ship
)
# The ship disk (dom0-init.sh: ship_disk_open): dom0 writes the run's logs
# to it as a tar archive at the end. Sparse: only what is written takes room.
truncate -s 512M "$RUNDIR/ship.img"

start=$SECONDS
rc=0
if [ "$LAB_SHELL" = 1 ]; then
	echo "lab $SCEN_NAME: interactive (LAB_SHELL=1); logs in $RUNDIR"
	"${qemu[@]}" | tee "$RUNDIR/console.log" || rc=${PIPESTATUS[0]}
else
	echo "lab $SCEN_NAME: running (timeout ${TIMEOUT}s); logs in $RUNDIR"
	timeout "$TIMEOUT" "${qemu[@]}" </dev/null 2>&1 | stamp_lines >"$RUNDIR/console.log" ||
		rc=${PIPESTATUS[0]}
fi
elapsed=$((SECONDS - start))

# The ship disk's files; the text ones are also added to results.log as the
# results channel would have carried them (@@BEGIN NAME ... @@END NAME), so
# that results.log reads as it did without the disk.
if [ "$(dd if="$RUNDIR/ship.img" bs=1 skip=257 count=5 2>/dev/null | tr -d '\0')" = ustar ]; then
	tar -xf "$RUNDIR/ship.img" -C "$RUNDIR" ||
		echo "lab: the ship disk does not unpack (cut short?)" >&2
	while read -r kind name; do
		[ "$kind" = text ] && [ -f "$RUNDIR/$name.log" ] || continue
		{ echo "@@BEGIN $name"; cat "$RUNDIR/$name.log"; echo "@@END $name"; } >>"$RUNDIR/results.log"
	done < <(cat "$RUNDIR/ship.manifest" 2>/dev/null)
	rm -f "$RUNDIR/ship.manifest"
fi
rm -f "$RUNDIR/ship.img"

# results.log holds the guests' consoles (console-guest.log, or
# console-guestN.log with several guests), which hold blocks of their own.
[ ! -f "$RUNDIR/results.log" ] || decode_blocks "$RUNDIR/results.log"
for f in "$RUNDIR"/console-guest*.log; do
	[ ! -f "$f" ] || decode_blocks "$f"
done

case $rc in
3) reason="" ;;
5) reason="dom0 reported FAIL: $(grep -m1 '^@@FAIL' "$RUNDIR/results.log" || echo 'see results.log')" ;;
124) reason="timeout after ${TIMEOUT}s" ;;
0) reason="no verdict: Xen or dom0 crashed or rebooted (see console.log)" ;;
*) reason="QEMU exited with status $rc" ;;
esac

# The workstation's key for "xtrail export" in check.sh (see build.sh).
[ -f "$OUT/keys/auditor.key" ] && export XTRAIL_AUDITOR_KEY=$OUT/keys/auditor.key
if [ -z "$reason" ] && [ -f "$SCEN_DIR/check.sh" ]; then
	bash "$SCEN_DIR/check.sh" "$RUNDIR" >"$RUNDIR/check.log" 2>&1 || reason="check.sh failed: $(tail -n1 "$RUNDIR/check.log")"
fi

if [ -z "$reason" ]; then
	echo "lab $SCEN_NAME: PASS (${elapsed} s)"
	exit 0
fi
echo "lab $SCEN_NAME: FAIL ($reason) — logs in $RUNDIR"
exit 1
