#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# churn scenario, host side: F3 holds every cycle's guest: its CONNECT,
# records it logged under load, and its DISCONNECT with a reason (frontend:
# the guest or the toolstack closed it; backend: xtraild removed the device
# of a domain that was gone), after which the domain logged nothing more.
. "$(dirname "$0")/../../check-lib.sh" "$1"

n=0
while read -r i d mode; do
	rec=$(jq -nc --argjson d "$d" 'first(inputs | select(.type == "disconnect" and .domid == $d))' "$log")
	[ -n "$rec" ] || { echo "check: cycle $i ($mode): no DISCONNECT of domain $d" >&2; exit 1; }
	reason=$(jq -r .reason <<<"$rec")
	case $reason in
	frontend | backend) ;;
	*) echo "check: cycle $i ($mode): DISCONNECT reason '$reason': $rec" >&2; exit 1 ;;
	esac
	[ "$(jq .records <<<"$rec")" -gt 0 ] ||
		{ echo "check: cycle $i ($mode): no records before the DISCONNECT: $rec" >&2; exit 1; }
	jq -e -n --argjson d "$d" 'first(inputs | select(.type == "connect" and .domid == $d))' "$log" >/dev/null ||
		{ echo "check: cycle $i: no CONNECT of domain $d" >&2; exit 1; }
	jq -e -n --argjson d "$d" 'first(inputs | select(.type == "exec" and .domid == $d and
		.argv[0] == "/bin/true"))' "$log" >/dev/null ||
		{ echo "check: cycle $i: no load records of domain $d" >&2; exit 1; }
	echo "check: cycle $i: domain $d $mode -> disconnect reason $reason, $(jq .records <<<"$rec") records"
	n=$((n + 1))
done < <(sed -n 's/^@@CYCLE \([0-9]*\) \([0-9]*\) \([a-z]*\)$/\1 \2 \3/p' "$dir/results.log")
[ "$n" -ge 20 ] || { echo "check: only $n cycles" >&2; exit 1; }
# One DISCONNECT per domain, and it is the domain's last record.
bad=$(jq -s '[group_by(.domid)[] | select(.[0].domid != 0) |
	select(([.[] | select(.type == "disconnect")] | length) != 1 or
	       .[-1].type != "disconnect") | .[0].domid]' "$log")
[ "$bad" = "[]" ] || { echo "check: domains without exactly one final DISCONNECT: $bad" >&2; exit 1; }
grep -q '^@@LIVE end backends=0 pages=0 irqs=0$' "$dir/results.log"
echo "check: churn OK: $n cycles, $(result_value '@@CHURN-SECONDS \([0-9]*\)') s"
