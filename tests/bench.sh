#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: figures and ratios, never pass/fail on time.
#   1. native: the encoder + ring commit path, ns/record (userspace build of
#      the shared code)
#   2. native: the F3 writer (chain + seals + encryption) under each flush
#      mode against a plain buffered write, records/s and MB/s; then the
#      real xtraild end to end (its input path, acknowledgement and flush,
#      default configuration) beside the writer alone, records/s, CPU per
#      record and per read (tests/bench/xtraild_bench.c); then xtraild
#      alone and replicating to one collector (tests/relp/bench.sh): the ratio
#   3. lab: a fork+exec loop in the guest with and without xtrail, one boot
#   4. lab: open/close, fork+exec, file-copy and TCP connect loops with no
#      logging, with xtrail, with its peers LTTng and sysdig (Falco's
#      driver) and with Debian's auditd, one boot, under QEMU's -icount
#      (times are instruction counts; dom0's included); under the table,
#      each recorder's own loss counters
#   5. lab: three guests flooding at once: records/s through the backend and
#      /dev/xtrail, per guest, and dom0 CPU time per million records; then
#      how it grows (bench-scale): 1, 2 and 4 guests, one of 2 vCPUs, and
#      the ring size against the rate at which loss starts, one boot
#   6. lab: a million open/close pairs against a small ring (the million
#      scenario): the flood's runtime, and delivered + lost == generated
#   7. lab: where the guest's time goes under the workloads of 4, with and
#      without xtrail (perf, cpu-clock samples): the extra CPU time, its part
#      in xtrail's own code, and the symbols that grew most
#   8. lab: 4 again, the same five modes, with dom0's backend paused
#      (bench-paused): what xtrail and each peer cost the guest itself (under -icount dom0's CPU and the guest's run
#      in turn, so dom0's work on the records would count in the guest's time)
#   9. lab: what one record costs the guest, in instructions (bench-cost):
#      a syscall nothing records, open/close, fork/exit and fork+exec loops;
#      the open/close loop split into its syscalls, the hooks every open
#      and close pass, and its FILE record
#  11. lab: dom0's flow observation (bench-flows): UDP packets/s from dom0
#      to the guest through its vif, observation off and on, one boot; the
#      flow table's memory per flow and per guest
#  12. lab: the evasion suite (xtevade) with xtrail and Debian's auditd
#      (rules for the same syscalls, both ABIs, and io_uring's filter): which
#      road each recorder sees, the README's roads table (roads)
#  10. lab: what dom0 does with the records of 4's workloads (profile-dom0,
#      without -icount, dom0 on its own CPU): records taken and lost, CPU
#      time per dom0 task against an idle window, perf samples by task
set -euo pipefail
cd "$(dirname "$0")/.."
make -s -C tests/bench
echo "=== native encoder + ring commit"
tests/bench/ring_bench
echo "=== native F3 writer"
mkdir -p build
tests/bench/f3_bench build
echo "=== native xtraild end to end"
tests/bench/xtraild_bench build
echo "=== replication: xtraild alone and replicating to one collector (rsyslogd, RELP, TLS, loopback)"
tests/relp/bench.sh
for s in bench-exec bench-syscalls bench-guests bench-scale; do
	echo "=== lab: $s"
	TIMEOUT=${TIMEOUT:-1800} tests/lab/run.sh "$s"
	run=$(ls -d build/lab/logs/"$s"-* | sort | tail -n 1)
	cat "$run/bench.txt"
done
echo "=== lab: bench-flows (dom0's flow observation: packets/s through a vif)"
TIMEOUT=${TIMEOUT:-1800} tests/lab/run.sh bench-flows
run=$(ls -d build/lab/logs/bench-flows-* | sort | tail -n 1)
cat "$run/bench.txt"
echo "=== lab: million"
TIMEOUT=${TIMEOUT:-1800} tests/lab/run.sh million
run=$(ls -d build/lab/logs/million-* | sort | tail -n 1)
cat "$run/check.log"
echo "=== lab: profile"
TIMEOUT=${TIMEOUT:-1800} tests/lab/run.sh profile
run=$(ls -d build/lab/logs/profile-[0-9]* | sort | tail -n 1)
cat "$run/profile-summary.txt"
for s in bench-paused bench-cost; do
	echo "=== lab: $s (dom0's backend paused: the guest's own cost)"
	TIMEOUT=${TIMEOUT:-1800} tests/lab/run.sh "$s"
	run=$(ls -d build/lab/logs/"$s"-* | sort | tail -n 1)
	cat "$run/bench.txt"
done
echo "=== lab: roads (the evasion suite: which road xtrail and auditd each see)"
TIMEOUT=${TIMEOUT:-1800} tests/lab/run.sh roads
run=$(ls -d build/lab/logs/roads-* | sort | tail -n 1)
cat "$run/bench.txt"
echo "=== lab: profile-dom0 (dom0's CPU time on the records)"
TIMEOUT=${TIMEOUT:-1800} tests/lab/run.sh profile-dom0
run=$(ls -d build/lab/logs/profile-dom0-* | sort | tail -n 1)
cat "$run/profile-dom0.txt"
