#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make demo: boot the Xen lab, run the paper's spam case study, and show the
# exported log on the host (the "forensic workstation").
set -euo pipefail
cd "$(dirname "$0")/.."

echo "xtrail demo: booting Xen 4.17 + dom0 + a PV guest under QEMU (about a minute)"
tests/lab/run.sh spam
run=$(ls -d build/lab/logs/spam-* | sort | tail -n 1)

echo
echo "In the guest, uid 1000 ran:  mail -s spamSubject winai.wongthai@ncl.ac.uk"
echo "dom0's F3 log (encrypted to the auditor), shipped to this host, verified and"
echo "exported with the auditor's key by 'xtrail export' ($run/export.jsonl). Execs:"
echo
jq -c 'select(.type == "exec") | {time, domid, uid, loginuid, pid, ppid, comm, filename, argv}' \
	"$run/export.jsonl"
echo
echo "Everything F3 holds for this run, by record type:"
jq -s -c 'group_by(.type) | map({(.[0].type): length}) | add' "$run/export.jsonl"
echo
echo "dom0's records about the guest (connect, disconnect):"
jq -c 'select(.type == "connect" or .type == "disconnect") |
	{type, time, domid, reason, records}' "$run/export.jsonl"
echo
echo "The spam record, as the auditor sees it:"
jq 'select(.type == "exec" and (.argv | index("spamSubject")))' "$run/export.jsonl"
echo
echo "xtrail demo: SUCCESS: the spam exec, its arguments and who ran it are in F3 on dom0"
