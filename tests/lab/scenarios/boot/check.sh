#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# boot scenario, host-side check: check.sh RUNDIR
# Checks what the lab sent back: the verdict, the scenario's result lines and
# the logs that every run ships (dom0 dmesg, guest console with its dmesg).
set -euo pipefail
dir=$1

check() {
	grep -q -- "$1" "$dir/$2" || {
		echo "check: '$1' not found in $2" >&2
		exit 1
	}
}

check '^@@RESULT PASS$' results.log
check '^boot: guest ran as winai (uid 1000, loginuid 1000); mail ok$' results.log
check '^boot: dom0 xen_version *: 4\.17' results.log
check 'Hypervisor detected: Xen PV' dmesg-dom0.log
check '^DOMU-MARKER up$' console-guest.log
check 'Booting kernel on Xen' dmesg-domu.log
echo "check: boot OK"
