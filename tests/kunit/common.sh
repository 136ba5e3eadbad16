# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2034 # the variables are for the scripts
#
# Shared settings for tests/kunit/*.sh; sourced, not run.
#
# KREL is the release of the installed Debian headers (override: KREL=...).
# With several installed, the newest wins, like linux-headers-amd64's.

KUNIT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$KUNIT_DIR/../.." && pwd)
BUILD=$ROOT/build/kunit
SRC=$BUILD/src		# patched KUnit (lib/kunit, include/kunit, tools)
MODDIR=$BUILD/mod	# xtrail_kunit.ko is built here, out of tests/kunit
CACHE=$BUILD/cache	# the kernel image package and what comes out of it
LOGS=$BUILD/logs

die() {
	echo "kunit: $*" >&2
	exit 1
}

if [ -z "${KREL:-}" ]; then
	KREL=$(find /usr/src -maxdepth 1 -name 'linux-headers-*-amd64' -printf '%f\n' |
		sed 's/^linux-headers-//' | sort -V | tail -n 1)
	[ -n "$KREL" ] ||
		die "no /usr/src/linux-headers-*-amd64: run scripts/deps.sh"
fi
KDIR=/usr/src/linux-headers-$KREL
[ -d "$KDIR" ] || die "$KDIR missing: run scripts/deps.sh"

# 6.1.0-56-amd64 -> 6.1, the version in linux-source-6.1's name.
KVER=$(echo "$KREL" | cut -d. -f1-2)
TARBALL=/usr/src/linux-source-$KVER.tar.xz
