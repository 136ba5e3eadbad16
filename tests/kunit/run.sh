#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run xtrail's KUnit suites on Debian's stock kernel, in QEMU (TCG):
#  1. build kunit.ko and xtrail_kunit.ko (build-kunit.sh);
#  2. fetch the kernel image package that matches the headers (cached);
#  3. boot it with an initramfs of busybox and the modules: loading
#     xtrail_kunit.ko runs the suites (guest-init);
#  4. parse the KTAP from the console with kunit.py, check the kernel log
#     and taint, and end with "kunit: N passed, N failed[, N skipped]".
# Exits non-zero on a failed test, a crash, a kernel warning, a timeout, or
# when no test ran. Logs: build/kunit/logs/.
#
# Environment: KUNIT_TIMEOUT (seconds for QEMU, default 120), KREL.
set -euo pipefail
# shellcheck source=tests/kunit/common.sh
. "$(dirname "$0")/common.sh"

TIMEOUT=${KUNIT_TIMEOUT:-120}
IMG=$CACHE/$KREL
INITRAMFS=$BUILD/initramfs

"$KUNIT_DIR/build-kunit.sh"
mkdir -p "$IMG" "$LOGS"

# --- the kernel image: linux-image-$KREL (signed, what Debian installs) or,
# failing that, -unsigned; the version of the headers if apt still has it.

find_deb() {
	find "$CACHE" -maxdepth 1 -name "linux-image-${KREL}_*.deb" -o \
		-maxdepth 1 -name "linux-image-${KREL}-unsigned_*.deb" | head -n 1
}

download_image() {
	local ver pkg spec dl=$CACHE/dl.tmp

	ver=$(dpkg-query -W -f='${Version}' "linux-headers-$KREL" 2>/dev/null || true)
	rm -rf "$dl"
	mkdir -p "$dl"
	for pkg in "linux-image-$KREL" "linux-image-$KREL-unsigned"; do
		for spec in ${ver:+"$pkg=$ver"} "$pkg"; do
			if (cd "$dl" && apt-get download -q "$spec") >"$dl.log" 2>&1; then
				mv "$dl"/*.deb "$CACHE/"
				rm -rf "$dl" "$dl.log"
				return 0
			fi
		done
	done
	return 1
}

deb=$(find_deb)
if [ -z "$deb" ]; then
	echo "kunit: downloading linux-image-$KREL"
	if ! download_image; then
		# Old package lists may not know the package yet.
		[ "$(id -u)" -eq 0 ] && apt-get update -qq
		download_image || {
			cat "$CACHE/dl.tmp.log" >&2
			die "cannot download linux-image-$KREL"
		}
	fi
	deb=$(find_deb)
fi

if [ "$(cat "$IMG/.deb" 2>/dev/null)" != "$deb" ]; then
	rm -rf "$IMG"
	mkdir -p "$IMG"
	dpkg-deb --fsys-tarfile "$deb" |
		tar -x -C "$IMG" "./boot/vmlinuz-$KREL" "./lib/modules/$KREL/modules.order"
	echo "$deb" >"$IMG/.deb"
fi

# --- the modules to load, dependencies first (modpost's "depends"): ours,
# and any in-tree module the suites need, taken from the image package.

declare -A seen=()
order=()

module_path() {
	local name=$1 rel

	case $name in
	kunit) echo "$SRC/lib/kunit/kunit.ko"; return ;;
	xtrail_kunit) echo "$MODDIR/xtrail_kunit.ko"; return ;;
	esac
	# modules.order has file names, which may use - where names use _.
	rel=$(awk -v n="${name//-/_}" '{ f = $0; sub(".*/", "", f); sub("\\.ko$", "", f);
		gsub("-", "_", f); if (f == n) { print; exit } }' \
		"$IMG/lib/modules/$KREL/modules.order")
	[ -n "$rel" ] || die "module $name: not in linux-image-$KREL"
	if [ ! -f "$IMG/lib/modules/$KREL/$rel" ]; then
		dpkg-deb --fsys-tarfile "$deb" |
			tar -x -C "$IMG" "./lib/modules/$KREL/$rel"
	fi
	echo "$IMG/lib/modules/$KREL/$rel"
}

add_module() {
	local name=$1 path dep

	[ -z "${seen[$name]:-}" ] || return 0
	seen[$name]=1
	path=$(module_path "$name")
	for dep in $(modinfo -F depends "$path" | tr ',' ' '); do
		add_module "$dep"
	done
	order+=("$path")
}

add_module xtrail_kunit

# --- the initramfs: busybox, guest-init, the modules (without debug info).

rm -rf "$INITRAMFS"
mkdir -p "$INITRAMFS/bin" "$INITRAMFS/modules"
cp /bin/busybox "$INITRAMFS/bin/busybox"
cp "$KUNIT_DIR/guest-init" "$INITRAMFS/init"
chmod 755 "$INITRAMFS/init"
for path in "${order[@]}"; do
	name=$(basename "$path" .ko)
	strip --strip-debug -o "$INITRAMFS/modules/$name.ko" "$path"
	echo "$name" >>"$INITRAMFS/modules/order"
done
(cd "$INITRAMFS" && find . | cpio -o -H newc -R 0:0 --quiet) |
	gzip -1 >"$BUILD/initramfs.cpio.gz"

# --- boot. ttyS0: the kernel console (the KTAP); ttyS1: guest-init's report.

console=$LOGS/console.log
status=$LOGS/status.log
ktap=$LOGS/ktap.log
json=$LOGS/results.json
rm -f "$console" "$status" "$ktap" "$json"

echo "kunit: booting linux-image-$KREL in QEMU (TCG, timeout ${TIMEOUT}s)"
start=$(date +%s%N)
qrc=0
timeout -k 5 "$TIMEOUT" qemu-system-x86_64 \
	-machine pc,accel=tcg -cpu max -m 512 -nographic -no-reboot \
	-nic none -monitor none \
	-serial "file:$console" -serial "file:$status" \
	-kernel "$IMG/boot/vmlinuz-$KREL" -initrd "$BUILD/initramfs.cpio.gz" \
	-append "console=ttyS0 loglevel=7 oops=panic panic=-1" \
	</dev/null || qrc=$?
ms=$((($(date +%s%N) - start) / 1000000))
printf 'kunit: QEMU ran %d.%01ds (exit %d); logs in %s\n' \
	$((ms / 1000)) $((ms % 1000 / 100)) "$qrc" "$LOGS"

problems=()
[ "$qrc" -ne 124 ] && [ "$qrc" -ne 137 ] ||
	problems+=("timed out after ${TIMEOUT}s")
[ "$qrc" -ne 124 ] && [ "$qrc" -ne 137 ] && [ "$qrc" -ne 0 ] &&
	problems+=("QEMU exited with $qrc")
touch "$console" "$status"
sed -i 's/\r$//' "$console" "$status"

grep -q '^xtrail-kunit: done' "$status" ||
	problems+=("the guest did not finish (crash or hang): see $console")
while read -r line; do
	problems+=("guest: ${line#xtrail-kunit: }")
done < <(grep -E '^xtrail-kunit: (insmod|rmmod)-failed' "$status" || true)

# Taint: O (out-of-tree), E (unsigned) and N (KUnit ran) are expected.
taint=$(sed -n 's/^xtrail-kunit: tainted \([0-9]*\)$/\1/p' "$status")
if [ -n "$taint" ]; then
	flags=PFSRMBUDAWCIOELKXTN
	bad=$((taint & ~((1 << 12) | (1 << 13) | (1 << 18))))
	if [ "$bad" -ne 0 ]; then
		letters=
		for ((i = 0; i < ${#flags}; i++)); do
			((bad >> i & 1)) && letters+=${flags:i:1}
		done
		problems+=("kernel tainted $taint (unexpected: ${letters:-?})")
	fi
fi

# The kernel log must have no splat. (With oops=panic, an oops ends the run.)
while read -r line; do
	problems+=("kernel log: $line")
done < <(grep -E 'BUG:|WARNING:|Oops|Kernel panic|general protection fault|Call Trace:|UBSAN:' \
	"$console" | head -n 5 || true)

# The KTAP: console lines without their timestamp, from the top-level
# "KTAP version" on, keeping only what KTAP lines start with (other kernel
# messages may come in between).
sed -n 's/^\[ *[0-9]*\.[0-9]*\] //p' "$console" |
	awk '/^KTAP version/ { on = 1 } on' |
	grep -E '^(KTAP version|1\.\.|ok |not ok |#|[[:space:]])' >"$ktap" || true

prc=0
python3 "$SRC/tools/testing/kunit/kunit.py" parse --json="$json" "$ktap" || prc=$?

read -r passed failed skipped < <(python3 - "$json" <<'EOF'
import json
import sys


def cases(group):
    for case in group.get('test_cases', []):
        yield case['status']
    for sub in group.get('sub_groups', []):
        yield from cases(sub)


try:
    with open(sys.argv[1]) as f:
        statuses = list(cases(json.load(f)))
except (OSError, ValueError):
    statuses = []
passed = statuses.count('PASS')
skipped = statuses.count('SKIP')
print(passed, len(statuses) - passed - skipped, skipped)
EOF
)
[ $((passed + failed + skipped)) -gt 0 ] || problems+=("no test ran")
[ "$prc" -eq 0 ] || [ "$failed" -ne 0 ] ||
	problems+=("kunit.py parse failed: see $ktap")

for p in "${problems[@]}"; do
	echo "kunit: FAIL: $p"
done
summary="kunit: $passed passed, $failed failed"
[ "$skipped" -eq 0 ] || summary+=", $skipped skipped"
echo "$summary"
[ "${#problems[@]}" -eq 0 ] && [ "$failed" -eq 0 ]
