#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# detach scenario, host side: in F3, the guest's exec before the detach,
# then its DISCONNECT (the frontend closed), then a CONNECT and the exec
# after the attach. Those two in either order: the guest's frontend is
# Connected, and may log, some milliseconds before dom0 has made its CONNECT
# record (seen in a clean-clone CI: 30 ms).
. "$(dirname "$0")/../../check-lib.sh" "$1"
order=$(jq -sc --argjson d "$domid" '[.[] | select(.domid == $d) |
	if .type == "exec" and .argv[0] == "/bin/true" then .argv[1]
	elif .type == "connect" then "connect"
	elif .type == "disconnect" then "disconnect:" + .reason
	else empty end]' "$log")
echo "check: $order"
jq -e '
	(index("before-detach")) as $b |
	(index("disconnect:frontend")) as $x |
	(indices("connect") | map(select(. > $x)) | first) as $c |
	(index("after-attach")) as $a |
	$b != null and $x != null and $c != null and $a != null and
	$b < $x and $x < $c and $x < $a' <<<"$order" >/dev/null ||
	{ echo "check: not before-detach, disconnect, then connect and after-attach" >&2; exit 1; }
echo "check: detach OK"
