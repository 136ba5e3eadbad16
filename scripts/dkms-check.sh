#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dkms-check.sh: prove dkms.conf works: copy the module sources to
# /usr/src/xtrail-VERSION, "dkms add" and "dkms build" them against the
# installed Debian headers, check both .ko files came out, then remove the
# package again. Prints "dkms: N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)
hdr=$(ls -d /usr/src/linux-headers-*-amd64 | sort -V | tail -n 1)
krel=${hdr#/usr/src/linux-headers-}
src=/usr/src/xtrail-$ver
tree=$(mktemp -d)
trap 'dkms remove -m xtrail -v "$ver" --all >/dev/null 2>&1 || true; rm -rf "$src" "$tree"' EXIT

dkms remove -m xtrail -v "$ver" --all >/dev/null 2>&1 || true
rm -rf "$src"
mkdir -p "$src"
cp -r dkms.conf Kbuild shared common domu-module dom0-module "$src/"
find "$src" \( -name '*.o' -o -name '*.ko' -o -name '.*.cmd' -o -name '*.mod*' \
	-o -name modules.order \) -delete
dkms add -m xtrail -v "$ver" >/dev/null
if dkms build -m xtrail -v "$ver" -k "$krel" --kernelsourcedir "$hdr" \
	>"$tree/build.log" 2>&1; then
	pass=0 failed=0
	for m in xtrail_domu xtrail_dom0; do
		if ls /var/lib/dkms/xtrail/"$ver"/"$krel"/*/module/"$m".ko* >/dev/null 2>&1; then
			echo "ok   dkms built $m.ko for $krel"
			pass=$((pass + 1))
		else
			echo "FAIL dkms did not produce $m.ko"
			failed=$((failed + 1))
		fi
	done
else
	cat "$tree/build.log"
	[ -f /var/lib/dkms/xtrail/"$ver"/build/make.log ] &&
		tail -n 30 /var/lib/dkms/xtrail/"$ver"/build/make.log
	pass=0 failed=1
fi
echo "dkms: $pass passed, $failed failed"
[ "$failed" -eq 0 ]
