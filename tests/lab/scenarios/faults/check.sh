#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# faults scenario, host side: the fault parameters exist only in the fault
# build; F3 holds the refused connect (binding the event channel failed with
# ENOMEM: dom0's failure, not the guest's, so kind "dom0") and, after it,
# the guest's CONNECT and its exec.
. "$(dirname "$0")/../../check-lib.sh" "$1"
repo=$lab/../..
for ko in "$repo"/dom0-module/xtrail_dom0.ko "$repo"/domu-module/xtrail_domu.ko; do
	! modinfo -F parm "$ko" | grep -q '^fail_' ||
		{ echo "check: the production $ko has a fault parameter" >&2; exit 1; }
done
modinfo -F parm "$repo/build/lab/fault/dom0-module/xtrail_dom0.ko" | grep -q '^fail_step' ||
	{ echo "check: the fault build has no fail_step" >&2; exit 1; }
echo "check: dom0 steps $(result_value '@@DOM0-STEPS \(.*\)')"
echo "check: guest steps $(result_value '@@DOMU-STEPS \(.*\)')"
expect "refused connect" '.type == "refused" and .domid == $d and
	.kind == "dom0" and .errno == 12'
jq -se --argjson d "$domid" '[to_entries[] | select(.value.domid == $d)] |
	(map(select(.value.type == "refused")) | last | .key) as $r |
	[.[] | select(.key > $r and .value.type == "connect")] | length >= 1' \
	"$log" >/dev/null ||
	{ echo "check: no CONNECT after the refused one" >&2; exit 1; }
expect "the guest's exec after reconnecting" '.type == "exec" and
	.domid == $d and .argv == ["/bin/true", "connected-after-fault"]'
