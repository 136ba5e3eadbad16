#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# deb.sh: build the Debian packages (xtrail-dkms, xtrail-tools) from the
# work tree, uncommitted changes included, in build/deb/, and run lintian
# on them. Prints the paths of the .debs on the last line.
#
#   scripts/deb.sh
#   DEB_VERSION=0.1.0+test1 scripts/deb.sh   packages of another version (a
#                               changelog entry is added to the copy only):
#                               what the upgrade test in deb-check.sh installs
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
OUT=$REPO/build/deb
ver=${DEB_VERSION:-$(dpkg-parsechangelog -S Version)}
tree=$OUT/xtrail-$ver

rm -rf "$tree"
mkdir -p "$tree"
# What git knows (tracked and new files, not the ignored build output).
git ls-files -z -co --exclude-standard -- . ':!build' | xargs -0 cp --parents -t "$tree"
if [ -n "${DEB_VERSION:-}" ]; then
	{
		printf 'xtrail (%s) unstable; urgency=medium\n\n  * Test build.\n\n' "$ver"
		printf ' -- %s  %s\n\n' "$(dpkg-parsechangelog -S Maintainer)" \
			"$(date -uR -d "@$(($(dpkg-parsechangelog -S Timestamp) + 60))")"
		cat debian/changelog
	} >"$tree/debian/changelog"
fi
rm -f "$OUT"/xtrail-*_"$ver"_*.deb "$OUT"/xtrail_"$ver"_*.{buildinfo,changes}
(cd "$tree" && dpkg-buildpackage -us -uc -b >"$OUT/build-$ver.log" 2>&1) || {
	tail -n 40 "$OUT/build-$ver.log" >&2
	echo "deb: dpkg-buildpackage failed (log: $OUT/build-$ver.log)" >&2
	exit 1
}
changes=$(ls "$OUT"/xtrail_"$ver"_*.changes)
if command -v lintian >/dev/null; then
	# Errors fail the build; warnings are shown.
	rc=0
	out=$(lintian --fail-on error "$changes" 2>&1) || rc=$?
	grep -v '^running with root privileges' <<<"$out" >&2 || true
	[ "$rc" -eq 0 ] || {
		echo "deb: lintian reports errors" >&2
		exit 1
	}
fi
rm -rf "$tree"
ls "$OUT"/xtrail-*_"$ver"_*.deb | tr '\n' ' '
echo
