# SPDX-License-Identifier: GPL-2.0
#
# bench-flows, guest part: the target of dom0's UDP blast (its datagrams to
# port 9 are dropped by the guest's stack); ends when dom0 opens
# 10.99.0.1:2600 once it is done.

wait_until 900 xtload connect 10.99.0.1 2600 1 >/dev/null 2>&1 ||
	fail "dom0 never said it was done (10.99.0.1:2600)"
