#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install the Debian 12 packages xtrail needs to build, test and run its lab.
# Idempotent: packages already installed are not touched, so a second run
# costs one dpkg query. Run as root (CI and the lab machines are root).
set -euo pipefail

PKGS=(
	# toolchain and kernel build
	build-essential pkg-config kmod cpio xz-utils gzip bc flex bison
	linux-headers-amd64 dkms
	# Debian packages (make deb, make deb-check)
	debhelper dh-dkms dpkg-dev lintian strace systemd-container
	# userspace libraries (see README: why each one); libxen-dev has
	# libxenstore and libxengnttab (xtrail ring-dump), pkg-config included
	libnl-3-dev libnl-genl-3-dev libsodium-dev libxen-dev
	libsqlite3-dev libjson-c-dev libcmocka-dev
	# replication (issue 19): librelp for xtraild, and the test collector
	# (make check's relp suite): rsyslog with imrelp, openssl for its
	# certificates, ss to see it listen
	librelp-dev rsyslog rsyslog-relp openssl iproute2
	# fuzzing and checking
	clang libclang-rt-14-dev jq
	# the export's JSON Schema test (doc/record.schema.json)
	python3-jsonschema
	# the Xen lab
	qemu-system-x86 xen-hypervisor-4.17-amd64 xen-utils-4.17
	busybox-static
	# KUnit is built from the kernel's own source (patched; kunit.py parses)
	linux-source-6.1 patch python3
	# xtrail report's tests (tests/report): its JSON schema, a real browser
	python3-jsonschema chromium
)

# `make bench` only (scripts/deps.sh bench): make check does without them.
BENCH_PKGS=(
	# profiling the guest (lab scenario profile, make profile)
	linux-perf
	# the benchmarks' peers in the lab guest (issue 18): the libraries of
	# lttng-tools and sysdig (their programs and DKMS sources come from
	# their .debs, fetched by tests/lab/build.sh), babeltrace2 to read LTTng's trace
	liblttng-ctl0 liblttng-ust-ctl5 liburcu8 libpopt0 libxml2 libfalcosecurity0
	libyaml-cpp0.7 babeltrace2
)
case ${1:-} in
"") ;;
bench) PKGS+=("${BENCH_PKGS[@]}") ;;
*)
	echo "usage: scripts/deps.sh [bench]" >&2
	exit 2
	;;
esac

missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
	echo "deps: all ${#PKGS[@]} packages present"
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages: ${missing[*]}" >&2
	echo "deps: run 'sudo make deps' to install them" >&2
	exit 1
fi

echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Package scripts must not start daemons (xenstored...) on the build host.
policy=/usr/sbin/policy-rc.d
own_policy=0
if [ ! -e "$policy" ]; then
	printf '#!/bin/sh\nexit 101\n' >"$policy"
	chmod 755 "$policy"
	own_policy=1
fi
trap '[ $own_policy -eq 1 ] && rm -f "$policy"' EXIT

apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "deps: done"
