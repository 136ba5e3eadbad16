#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: figures and ratios, never pass/fail on time.
#   1. native: the encoder + ring commit path, ns/record (userspace build of
#      the shared code)
#   2. lab: a fork+exec loop in the guest with and without xtrail, one boot
#   3. lab: open/close, fork+exec and file-copy loops with no logging, with
#      xtrail and with Debian's auditd, one boot
set -euo pipefail
cd "$(dirname "$0")/.."
make -s -C tests/bench
echo "=== native encoder + ring commit"
tests/bench/ring_bench
for s in bench-exec bench-syscalls; do
	echo "=== lab: $s"
	TIMEOUT=${TIMEOUT:-1800} tests/lab/run.sh "$s"
	run=$(ls -d build/lab/logs/"$s"-* | sort | tail -n 1)
	cat "$run/bench.txt"
done
