#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# million scenario, host side: the flood's 2 x FLOOD_N records (an open and
# a close each) were generated, all but a ring's worth lost (dom0 took
# nothing meanwhile), and LOST records say so (log-checks.sh,
# flood_ops_loss); at every heartbeat delivered + lost == generated exactly.
. "$(dirname "$0")/../../check-lib.sh" "$1"

n=$(result_value '@@MILLION n=\([0-9]*\) us=[0-9]*')
us=$(result_value '@@MILLION n=[0-9]* us=\([0-9]*\)')
[ -n "$n" ] || { echo "check: the guest did not report the flood" >&2; exit 1; }
echo "check: $n open/close pairs in $us us ($((us * 1000 / n)) ns each)"
# The guest's one ring: ring_order pages (lab.conf).
. "$(dirname "$0")/lab.conf"
order=$(sed -n 's/.*ring_order=\([0-9]*\).*/\1/p' <<<"$DOMU_KO_ARGS")
flood_ops_loss "$log" "$domid" "$n" $((4096 << order))
"$lab/check-accounting.sh" "$log" "$domid" 3
echo "check: million OK"
