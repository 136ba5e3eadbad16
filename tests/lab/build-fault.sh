#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The modules with fault injection (common/fault.h), for the lab's faults
# scenario: a copy of the kernel sources under OUTDIR, built there with
# XTRAIL_FAULT=1, so that the production .ko files in the tree are never
# the fault build. Usage: build-fault.sh KDIR OUTDIR; prints nothing on
# success, and leaves OUTDIR/{dom0,domu}-module/xtrail_*.ko.
set -euo pipefail
kdir=$1 out=$(realpath -m "$2")
repo=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$out"
# Only the sources (no objects of the production build), with their
# times: a second build recompiles only what changed.
(cd "$repo" && find Kbuild shared common dom0-module domu-module \
	\( -name '*.[ch]' -o -name 'Kbuild*' \) -print0 |
	xargs -0 cp -a -u --parents -t "$out")
make -s -C "$kdir" M="$out" XTRAIL_FAULT=1 modules >/dev/null 2>&1 ||
	make -C "$kdir" M="$out" XTRAIL_FAULT=1 modules >&2
