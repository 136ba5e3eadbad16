#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# deb.sh: build the Debian packages (xtrail-dkms, xtrail-tools) from the
# work tree, uncommitted changes included, in build/deb/, and run lintian
# on them. Prints the paths of the .debs on the last line.
#
#   scripts/deb.sh [SRCDIR]     SRCDIR: a tree to package instead of this one
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
SRC=${1:-$REPO}
OUT=$REPO/build/deb
ver=$(dpkg-parsechangelog -l "$SRC/debian/changelog" -S Version)
tree=$OUT/xtrail-$ver

rm -rf "$tree"
mkdir -p "$tree"
# What git knows (tracked and new files, not the ignored build output).
(cd "$SRC" && git ls-files -z -co --exclude-standard -- . ':!build' |
	xargs -0 cp --parents -t "$tree" 2>/dev/null || true)
[ -f "$tree/debian/rules" ] || {
	# Not a git tree (a copy): take everything but build output.
	(cd "$SRC" && tar -c --exclude=./build --exclude='*.o' --exclude='*.ko' . ) |
		tar -x -C "$tree"
}
rm -f "$OUT"/xtrail-*_"$ver"_*.deb "$OUT"/xtrail_"$ver"_*.{buildinfo,changes}
(cd "$tree" && dpkg-buildpackage -us -uc -b >"$OUT/build-$ver.log" 2>&1) || {
	tail -n 40 "$OUT/build-$ver.log" >&2
	echo "deb: dpkg-buildpackage failed (log: $OUT/build-$ver.log)" >&2
	exit 1
}
changes=$(ls "$OUT"/xtrail_"$ver"_*.changes)
if command -v lintian >/dev/null; then
	# Errors fail the build; warnings are shown.
	lintian --fail-on error \
		"$changes" || {
		echo "deb: lintian reports errors" >&2
		exit 1
	}
fi
rm -rf "$tree"
ls "$OUT"/xtrail-*_"$ver"_*.deb | tr '\n' ' '
echo
