#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# hostile scenario, host side: the honest records before the lie, a
# VIOLATION record naming it, a DISCONNECT for violation, logging again
# after it, and dom0's kernel log without oops, WARNING or BUG.
set -euo pipefail
. "$(dirname "$0")/../../check-lib.sh" "$1"

for word in before-the-lie from-the-liar after-the-lie; do
	expect "exec $word" ".type == \"exec\" and .domid == \$d and
		.argv == [\"/bin/echo\", \"$word\"] and .uid == 1000"
done
expect "violation" '.type == "violation" and .domid == $d and
	.reason == "record length out of bounds" and .ring == 0 and
	.rec_len == 12'
expect "disconnect for the violation" '.type == "disconnect" and
	.domid == $d and .reason == "violation"'
if grep -E 'Oops|WARNING:|BUG:|Call Trace' "$dir/dmesg-dom0.log"; then
	echo "check: kernel trouble in dom0" >&2
	exit 1
fi
echo "check: hostile OK"
